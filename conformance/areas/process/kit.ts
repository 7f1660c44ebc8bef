// Program fragments the process cases share (the cases are derivedCase(AREA, ...)): calls with
// memory operands, fork/thread/handler scaffolding, child-side checks (children report through
// their exit code only: a child must not print TAP lines), and status assertions.

import { constValue, errnoNumber, layout, type ErrnoName } from '../../../spec/index.js';
import type { Cond } from '../../../cpu/asm/assembler.js';
import { CaseProgram, CODE_BASE, Reg, type Operand } from '../../program/builder.js';

export const AREA = 'process';

export const WNOHANG = constValue('WAIT_OPTIONS', 'WNOHANG');
export const signalNumber = (name: string): number => constValue('SIGNALS', name);
export const SIGTERM = signalNumber('SIGTERM');
export const errno = (name: ErrnoName): number => errnoNumber(name);

/** A 64-bit word (or, with `int`, a sign-extended 32-bit int) read from memory into the argument register. */
export interface Mem {
  readonly mem: number;
  readonly int?: boolean;
}
export type Arg = Operand | Mem;
export const word = (addr: number): Mem => ({ mem: addr });
export const int32 = (addr: number): Mem => ({ mem: addr, int: true });

function isMem(v: Arg): v is Mem {
  return typeof v === 'object' && !(v instanceof Reg);
}

/** x0..x5 = args (immediates, registers or memory cells), x8 = the row's number, svc #0. */
export function call(p: CaseProgram, name: string, ...args: Arg[]): void {
  if (args.length > 6) throw new Error(`${name}: more than six arguments`);
  args.forEach((v, i) => {
    if (isMem(v)) {
      if (v.int) p.loadInt(i, v.mem);
      else p.load(i, v.mem);
    } else if (v instanceof Reg) {
      if (v.n < 6 && v.n < i) throw new Error(`${name}: operand x${v.n} would be overwritten before use`);
      p.mov(i, v.n);
    } else {
      p.a.movImm(i, v);
    }
  });
  p.svc(name);
}

/** An 8-byte cell in the data segment. */
export function cell(p: CaseProgram): number {
  return p.space(8, 8);
}

/** Stores x`reg` (64 bits) at `addr` (clobbers x9). */
export function store(p: CaseProgram, addr: number, reg = 0): void {
  p.a.movImm(9, addr).inst('STR_X_uoff', { Rt: reg, Rn: 9, imm12: 0 });
}

/** Stores the low 32 bits of x`reg` at `addr` (clobbers x9). */
export function store32(p: CaseProgram, addr: number, reg = 0): void {
  p.a.movImm(9, addr).inst('STR_W_uoff', { Rt: reg, Rn: 9, imm12: 0 });
}

/** rd = rn - rm (64 bits). */
export function sub(p: CaseProgram, rd: number, rn: number, rm: number): void {
  p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: rm, imm6: 0, Rn: rn, Rd: rd });
}

/** rd = bits [lsb, lsb+width) of rn (UBFX). */
export function ubfx(p: CaseProgram, rd: number, rn: number, lsb: number, width: number): void {
  p.a.inst('UBFM', { sf: 1, N: 1, immr: lsb, imms: lsb + width - 1, Rn: rn, Rd: rd });
}

/** A pipe whose fd pair lives in memory; `read`/`write` are the two ends as call operands. */
export class Pipe {
  readonly fds: number;
  readonly read: Mem;
  readonly write: Mem;
  constructor(p: CaseProgram) {
    this.fds = p.space(8, 8);
    this.read = int32(this.fds);
    this.write = int32(this.fds + 4);
  }
  create(p: CaseProgram): void {
    call(p, 'pipe', this.fds);
  }
}

/** Byte offset of `field` in `layoutName`. */
export function offsetOf(layoutName: string, field: string): number {
  const f = layout(layoutName).fields.find((x) => x.name === field);
  if (f === undefined) throw new Error(`${layoutName}.${field}`);
  return f.offset;
}

/**
 * EOF synchronisation: children forked after `create` hold the write end; once the parent has
 * closed its own copy (`parentDone`), `waitEnded` returns when every such child has ended.
 */
export class EndSync {
  readonly pipe: Pipe;
  private readonly buf: number;
  constructor(p: CaseProgram) {
    this.pipe = new Pipe(p);
    this.buf = cell(p);
  }
  create(p: CaseProgram): void {
    this.pipe.create(p);
  }
  parentDone(p: CaseProgram): void {
    call(p, 'close', this.pipe.write);
  }
  waitEnded(p: CaseProgram): void {
    const again = p.a.here();
    call(p, 'read', this.pipe.read, this.buf, 1);
    p.a.cbnz(0, again);
  }
}
/**
 * fork: the child runs `child`, which must end the process itself; the parent continues with
 * x0 = fork's result, also stored at `pidCell` when given.
 */
export function fork(p: CaseProgram, child: () => void, pidCell?: number): void {
  call(p, 'fork');
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child();
  p.a.brk(0);
  p.a.bind(parent);
  if (pidCell !== undefined) store(p, pidCell);
}

/**
 * thread_create with a fresh 4 KiB stack: the thread runs `body` (ending in exit) with x0 = `arg`;
 * the caller goes on with x0 = the tid.
 */
export function thread(p: CaseProgram, body: () => void, tidCell?: number, arg: Operand = 0): void {
  const stack = p.space(4096, 16) + 4096;
  const entry = p.a.label();
  const over = p.a.label();
  p.a.b(over);
  p.a.bind(entry);
  body();
  p.a.brk(0);
  p.a.bind(over);
  call(p, 'thread_create', CODE_BASE + entry.offset, arg, stack);
  if (tidCell !== undefined) store(p, tidCell);
}

/**
 * A signal handler that stores its signal number (x0, SIG.FRAME.ENTRY) at `flagCell` and returns
 * into a restorer that calls sigreturn. Emitted out of line; returns the two code addresses.
 */
export function recordingHandler(p: CaseProgram, flagCell: number): { handler: number; restorer: number } {
  const over = p.a.label();
  p.a.b(over);
  const handler = CODE_BASE + p.a.offset;
  store32(p, flagCell, 0);
  p.a.ret();
  const restorer = CODE_BASE + p.a.offset;
  p.svc('sigreturn').a.brk(0);
  p.a.bind(over);
  return { handler, restorer };
}

/** Child-side check: unless x`from` `cond` `value`, the process exits with `code`. */
export function exitUnless(p: CaseProgram, from: number, value: number | bigint, code: number, cond: Cond = 'eq'): void {
  p.a.movImm(10, BigInt.asUintN(64, BigInt(value)));
  p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: from, Rd: 31 });
  const ok = p.a.label();
  p.a.bcond(cond, ok);
  p.exit(code);
  p.a.bind(ok);
}

/** Child-side: exit with code -x`from` (a syscall's errno, 0 on success) & 0xff. */
export function exitWithErrno(p: CaseProgram, from = 0): void {
  p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: from, imm6: 0, Rn: 31, Rd: 0 });
  p.svc('exit');
}

/** Loads the int32 status word at `statusCell` into x3 and asserts it equals `expected`. */
export function expectStatus(p: CaseProgram, description: string, clauses: readonly string[], statusCell: number, expected: number): void {
  p.loadInt(3, statusCell);
  p.expectEq(description, clauses, expected, 3);
}

/** Asserts x`a` == x`b` (through x3 = a - b). */
export function expectSame(p: CaseProgram, description: string, clauses: readonly string[], a: number, b: number): void {
  sub(p, 3, a, b);
  p.expectEq(description, clauses, 0, 3);
}

/** Asserts the 64-bit word at `cellAddr` (loaded into x3) equals `value`. */
export function expectCell(p: CaseProgram, description: string, clauses: readonly string[], cellAddr: number, value: number | bigint): void {
  p.load(3, cellAddr);
  p.expectEq(description, clauses, value, 3);
}

/** A stand-alone child program of `parent` (for spawn/exec): no TAP output, it ends with exit. */
export function childProgram(parent: CaseProgram, body: (p: CaseProgram) => void): Uint8Array {
  const p = parent.child();
  body(p);
  p.a.brk(0);
  return p.elf();
}
