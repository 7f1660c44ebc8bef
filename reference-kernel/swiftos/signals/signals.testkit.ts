// Guest-side helpers for the signal and thread tests: out-of-line functions (handlers, thread
// entries, restorers) and self-checks that end the program with a distinct exit code per check.
import { constValue, syscall } from '../../../spec/index.js';
import { CODE, type Prog } from '../testkit.js';

/**
 * Emits `body` as a function out of the main line (a branch jumps over it) and returns its
 * address. Handlers end with `p.a.ret()`; thread entries with an exit.
 */
export function fn(p: Prog, body: () => void): number {
  const over = p.a.label();
  p.a.b(over);
  const at = CODE + p.a.offset;
  body();
  p.a.bind(over);
  return at;
}

/** A restorer: sigreturn with SP at the frame (SIG.DELIVER.FRAME). */
export function restorer(p: Prog): number {
  return fn(p, () => p.sys('sigreturn'));
}

/**
 * Self-checks: each `eq` compares a register with a value and, on a mismatch, exits with that
 * check's number (1, 2, ...). `pass()` exits 0. Uses x9 (and x10 for memory).
 */
export class Checks {
  private count = 0;

  constructor(private readonly p: Prog) {}

  /** Exits with this check's number unless `reg` == `value` (64-bit compare). */
  eq(reg: number, value: number | bigint): this {
    this.p.a.movImm(9, value);
    return this.eqReg(reg, 9);
  }

  /** Exits with this check's number unless `ra` == `rb`. */
  eqReg(ra: number, rb: number): this {
    const id = ++this.count;
    if (id > 255) throw new Error('too many checks for an exit code');
    const next = this.p.a.label();
    this.p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: rb, imm6: 0, Rn: ra, Rd: 31 });
    this.p.a.bcond('eq', next);
    this.p.exit(id);
    this.p.a.bind(next);
    return this;
  }

  /** Checks the 64-bit word at `addr`. */
  word(addr: number, value: number | bigint): this {
    this.p.load(10, addr);
    return this.eq(10, value);
  }

  /** Checks the 32-bit word at `addr`. */
  word32(addr: number, value: number): this {
    this.p.a.movImm(9, addr).inst('LDR_W_uoff', { Rt: 10, Rn: 9, imm12: 0 });
    return this.eq(10, value);
  }

  pass(): void {
    this.p.exit(0);
  }
}

/** Stores the 32-bit value `value` at `addr` (uses x9, x10). */
export function store32(p: Prog, addr: number, value: number): void {
  p.a.movImm(10, value).movImm(9, addr).inst('STR_W_uoff', { Rt: 10, Rn: 9, imm12: 0 });
}

/** x0..x2 = args, x8 = the call's number, svc #0, with arguments taken from registers. */
export function sysRegs(p: Prog, name: string, ...regs: (number | { imm: number | bigint })[]): void {
  regs.forEach((r, i) => {
    if (typeof r === 'number') p.mov(i, r);
    else p.a.movImm(i, r.imm);
  });
  p.a.movImm(8, syscall(name).nr).svc();
}

export const FUTEX_WAIT = constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAIT');
export const FUTEX_WAKE = constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAKE');

/** Waits (FUTEX_WAIT while 0) until the 32-bit word at `addr` is non-zero. */
export function waitNonzero(p: Prog, addr: number): void {
  const loop = p.a.here();
  const out = p.a.label();
  p.a.movImm(9, addr).inst('LDR_W_uoff', { Rt: 10, Rn: 9, imm12: 0 });
  p.a.cbnz(10, out);
  p.sys('futex', addr, FUTEX_WAIT, 0);
  p.a.b(loop);
  p.a.bind(out);
}

/** Sets the 32-bit word at `addr` to 1 and wakes its waiters. */
export function setAndWake(p: Prog, addr: number): void {
  store32(p, addr, 1);
  p.sys('futex', addr, FUTEX_WAKE, 1000);
}

/** A 16-byte aligned stack of `size` bytes in the data segment; returns its top. */
export function stack(p: Prog, size = 4096): number {
  return p.space(size, 16) + size;
}
