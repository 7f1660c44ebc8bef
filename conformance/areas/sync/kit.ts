// Shared pieces of the sync area (whose cases are derivedCase(AREA, ...)): out-of-line functions
// (handlers, thread entries, restorers), memory helpers, fork/thread helpers and a report pipe
// that carries a child's observations back to init, which asserts on them.

import {
  constValue, errnoNumber, SIGNAL_DEFAULT_ACTION, SIGNALS, UNCATCHABLE_SIGNALS, type ErrnoName,
} from '../../../spec/index.js';
import type { BootSpec } from '../../model.js';
import { CaseProgram, CODE_BASE, Reg, type Operand } from '../../program/builder.js';

export const AREA = 'sync';

/**
 * Boot options for cases whose expectation depends on no thread being preempted inside a short
 * window (a few instructions between two syscalls): a controlled schedule (FIFO at every point)
 * and a quantum far above the case's length. INTERPRETING.md §4: with `schedule` given, the
 * quantum must be honoured.
 */
export const PINNED: BootSpec = { schedule: [0], quantum: 1_000_000_000 };

// ---- spec values ---------------------------------------------------------------------------

export const sig = (name: string): number => constValue('SIGNALS', name);
export const errno = (name: ErrnoName): bigint => BigInt(-errnoNumber(name));
export const SIG_DFL = constValue('SIG_HANDLERS', 'SIG_DFL');
export const SIG_IGN = constValue('SIG_HANDLERS', 'SIG_IGN');
export const SIGNAL_LIST: readonly { readonly name: string; readonly value: number }[] = SIGNALS.members.map((m) => ({ name: m.name, value: m.value }));
export const SIGNAL_NAME = new Map(SIGNAL_LIST.map((s) => [s.value, s.name]));
export const isUncatchable = (n: number): boolean => UNCATCHABLE_SIGNALS.includes(SIGNAL_NAME.get(n) ?? '');
export const CATCHABLE = SIGNAL_LIST.filter((s) => !isUncatchable(s.value));
export const defaultAction = (n: number): 'terminate' | 'ignore' => SIGNAL_DEFAULT_ACTION[SIGNAL_NAME.get(n)!]!;
export const lname = (n: number): string => SIGNAL_NAME.get(n)!.toLowerCase();

export const FUTEX_WAIT = constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAIT');
export const FUTEX_WAKE = constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAKE');
export const FUTEX_PRIVATE = constValue('FUTEX_MODIFIERS', 'FUTEX_PRIVATE_FLAG');
export const PROC_BLOCKED = constValue('PROC_STATES', 'PROC_BLOCKED');
export const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
export const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
export const POLLERR = constValue('POLL_EVENTS', 'POLLERR');
export const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
export const POLLNVAL = constValue('POLL_EVENTS', 'POLLNVAL');
export const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
export const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
export const F_GETFD = constValue('FCNTL_CMDS', 'F_GETFD');
export const F_GETFL = constValue('FCNTL_CMDS', 'F_GETFL');
export const F_SETFL = constValue('FCNTL_CMDS', 'F_SETFL');
export const FD_CLOEXEC = constValue('FD_FLAGS', 'FD_CLOEXEC');
export const S_IFIFO = constValue('MODE_TYPE', 'S_IFIFO');
export const PIPE_CAPACITY = constValue('LIMITS', 'PIPE_CAPACITY');
export const PIPE_BUF = constValue('LIMITS', 'PIPE_BUF');
export const TIMER_HZ = constValue('LIMITS', 'TIMER_HZ');
export const TICK_NS = 1_000_000_000 / TIMER_HZ;
export const MS = 1_000_000;
/** Init's pid (INTERPRETING.md §3: the process is init, pid 1). */
export const INIT_PID = 1;

// ---- memory ------------------------------------------------------------------------------

/** Stores the 64-bit register `rt` at `addr` (uses x9, or x10 when rt is x9). */
export function store64(p: CaseProgram, rt: number, addr: number): void {
  const base = rt === 9 ? 10 : 9;
  p.a.movImm(base, addr).inst('STR_X_uoff', { Rt: rt, Rn: base, imm12: 0 });
}

/** Stores the low 32 bits of `rt` at `addr`. */
export function store32(p: CaseProgram, rt: number, addr: number): void {
  const base = rt === 9 ? 10 : 9;
  p.a.movImm(base, addr).inst('STR_W_uoff', { Rt: rt, Rn: base, imm12: 0 });
}

/** Stores the constant `value` as a 64-bit word at `addr` (uses x9, x10). */
export function storeImm64(p: CaseProgram, value: number | bigint, addr: number): void {
  p.a.movImm(10, value);
  store64(p, 10, addr);
}

export function storeImm32(p: CaseProgram, value: number, addr: number): void {
  p.a.movImm(10, value);
  store32(p, 10, addr);
}

/** Loads the 32-bit word at `addr`, zero-extended, into `rt` (uses x9 unless rt is x9). */
export function load32(p: CaseProgram, rt: number, addr: number): void {
  const base = rt === 9 ? 10 : 9;
  p.a.movImm(base, addr).inst('LDR_W_uoff', { Rt: rt, Rn: base, imm12: 0 });
}

export function load64(p: CaseProgram, rt: number, addr: number): void {
  const base = rt === 9 ? 10 : 9;
  p.a.movImm(base, addr).inst('LDR_X_uoff', { Rt: rt, Rn: base, imm12: 0 });
}

/** Loads a register operand or an immediate into `rd`. */
export function setReg(p: CaseProgram, rd: number, v: Operand): void {
  if (v instanceof Reg) p.mov(rd, v.n);
  else p.a.movImm(rd, v);
}

/** Asserts the 64-bit word at `addr` (loads into x11 first). */
export function expectWord(p: CaseProgram, description: string, clauses: readonly string[], addr: number, value: number | bigint): void {
  load64(p, 11, addr);
  p.expectEq(description, clauses, value, 11);
}

export function expectWord32(p: CaseProgram, description: string, clauses: readonly string[], addr: number, value: number): void {
  load32(p, 11, addr);
  p.expectEq(description, clauses, value, 11);
}

/** Little-endian bytes of 64-bit words. */
export function le64(values: readonly (number | bigint)[]): Uint8Array {
  const b = new Uint8Array(8 * values.length);
  const v = new DataView(b.buffer);
  values.forEach((w, i) => v.setBigUint64(8 * i, BigInt.asUintN(64, BigInt(w)), true));
  return b;
}

/** A 16-byte aligned stack in the data segment; returns its top. */
export function stackTop(p: CaseProgram, size = 4096): number {
  return p.space(size, 16) + size;
}

// ---- functions -----------------------------------------------------------------------------

/** Emits `body` out of line (a branch jumps over it) and returns its address. */
export function fn(p: CaseProgram, body: () => void): number {
  const over = p.a.label();
  p.a.b(over);
  const at = CODE_BASE + p.a.offset;
  body();
  p.a.bind(over);
  return at;
}

/** Code that calls sigreturn with SP at the frame (SIG.DELIVER.FRAME). */
export function restorer(p: CaseProgram): number {
  return fn(p, () => {
    p.svc('sigreturn');
    p.a.brk(0x51);
  });
}

/** Address of the next instruction to be emitted. */
export function here(p: CaseProgram): number {
  return CODE_BASE + p.a.offset;
}

/**
 * A handler that records what it was entered with: invocations counted, and per invocation
 * the signal number (x0), x1, the frame address (x2), x30 and SP, so cases can check
 * SIG.FRAME.ENTRY and the order of deliveries. Uses x9..x14 only (sigreturn restores them).
 */
export class Recorder {
  static readonly MAX = 16;
  readonly count: number;
  /** Per invocation i: 5 words at log + 40 i: x0, x1, x2, x30, sp. */
  readonly log: number;
  readonly address: number;

  constructor(p: CaseProgram, opts: { extra?: () => void; copyFrameTo?: number } = {}) {
    this.count = p.space(8, 16);
    this.log = p.space(40 * Recorder.MAX, 16);
    this.address = fn(p, () => {
      const a = p.a;
      a.movImm(9, this.count).inst('LDR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      // x11 = log + 40 * min(count, MAX-1)
      a.cmpImm(10, Recorder.MAX - 1);
      a.movImm(12, Recorder.MAX - 1);
      a.inst('CSEL', { sf: 1, Rm: 10, cond: 8 /* hi */, Rn: 12, Rd: 12 });
      a.movImm(13, 40);
      a.inst('MADD', { sf: 1, Rm: 13, Ra: 31, Rn: 12, Rd: 12 });
      a.movImm(11, this.log);
      a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 12, imm6: 0, Rn: 11, Rd: 11 });
      a.inst('STP_X_off', { imm7: 0, Rt2: 1, Rn: 11, Rt: 0 });
      a.inst('STP_X_off', { imm7: 2, Rt2: 30, Rn: 11, Rt: 2 });
      a.movSp(12, 31);
      a.inst('STR_X_uoff', { Rt: 12, Rn: 11, imm12: 4 });
      a.addImm(10, 10, 1).inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      if (opts.copyFrameTo !== undefined) copyFrame(p, opts.copyFrameTo);
      opts.extra?.();
      a.ret();
    });
  }

  entry(i: number): { x0: number; x1: number; x2: number; x30: number; sp: number } {
    const b = this.log + 40 * i;
    return { x0: b, x1: b + 8, x2: b + 16, x30: b + 24, sp: b + 32 };
  }
}

/** Copies the 800-byte frame at x2 to `dst` (uses x10..x14). */
export function copyFrame(p: CaseProgram, dst: number): void {
  const a = p.a;
  const size = constValue('SIGFRAME_CONSTS', 'SIGFRAME_SIZE');
  a.movSp(10, 2).movImm(11, dst).movImm(12, size / 16);
  const loop = a.here();
  a.inst('LDP_X_post', { imm7: 2, Rt2: 14, Rn: 10, Rt: 13 });
  a.inst('STP_X_post', { imm7: 2, Rt2: 14, Rn: 11, Rt: 13 });
  a.subImm(12, 12, 1).cbnz(12, loop);
}

/** sigaction(sig, handler, restorer); x0 = the result. */
export function sigaction(p: CaseProgram, signo: Operand, handler: Operand, rest: Operand): void {
  p.sys('sigaction', signo, handler, rest);
}

/** kill(pid, sig). */
export function kill(p: CaseProgram, pid: Operand, signo: Operand): void {
  p.sys('kill', pid, signo);
}

// ---- processes and threads -----------------------------------------------------------------

/** fork(): the child runs `child` (which must end in exit); the parent goes on with the pid in the returned register. */
export function forkChild(p: CaseProgram, child: () => void): Reg {
  const pid = p.variable();
  p.sys('fork');
  p.save(pid);
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child();
  p.a.brk(0x52);
  p.a.bind(parent);
  return pid;
}

/** waitpid(pid, status, 0); x0 = the result. */
export function waitpid(p: CaseProgram, pid: Operand, status: number): void {
  p.sys('waitpid', pid, status, 0);
}

/** nanosleep for `ns` nanoseconds. */
export function sleepNs(p: CaseProgram, ns: number | bigint): void {
  const v = BigInt(ns);
  p.sys('nanosleep', v / 1_000_000_000n, v % 1_000_000_000n);
}

/**
 * Waits until the process `pid` is PROC_BLOCKED (SYS.PSINFO.STATE: all its threads wait),
 * polling psinfo and sleeping a millisecond between polls, at most 1000 times.
 * Uses x0, x1, x8, x11..x15.
 */
export function waitBlocked(p: CaseProgram, pid: Operand): void {
  waitState(p, pid, PROC_BLOCKED);
}

/** Waits until psinfo reports `state` for `pid` (see waitBlocked). */
export function waitState(p: CaseProgram, pid: Operand, state: number): void {
  const records = 16;
  const buf = p.space(32 * records, 8);
  const a = p.a;
  setReg(p, 15, pid);
  a.movImm(13, 1000);
  const loop = a.here();
  const done = a.label();
  const sleep = a.label();
  p.sys('psinfo', buf, records);
  a.movImm(11, buf).movImm(12, records);
  const scan = a.here();
  const next = a.label();
  a.inst('LDR_W_uoff', { Rt: 14, Rn: 11, imm12: 0 });
  a.inst('SUBS_sreg', { sf: 0, shift: 0, Rm: 15, imm6: 0, Rn: 14, Rd: 31 });
  a.bcond('ne', next);
  a.inst('LDR_W_uoff', { Rt: 14, Rn: 11, imm12: 2 });
  a.cmpImm(14, state, 0);
  a.bcond('eq', done);
  a.b(sleep);
  a.bind(next);
  a.addImm(11, 11, 32).subImm(12, 12, 1).cbnz(12, scan);
  a.bind(sleep);
  sleepNs(p, MS);
  a.subImm(13, 13, 1).cbnz(13, loop);
  a.bind(done);
}

/** thread_create(entry, arg, top); x0 = the result. */
export function threadCreate(p: CaseProgram, entry: Operand, arg: Operand, top: Operand): void {
  p.sys('thread_create', entry, arg, top);
}

/** Waits (FUTEX_WAIT while 0) until the 32-bit word at `addr` is non-zero. Uses x9, x10. */
export function waitNonzero(p: CaseProgram, addr: number): void {
  const loop = p.a.here();
  const out = p.a.label();
  load32(p, 10, addr);
  p.a.cbnz(10, out);
  p.sys('futex', addr, FUTEX_WAIT, 0);
  p.a.b(loop);
  p.a.bind(out);
}

/** Sets the 32-bit word at `addr` to 1 and wakes its waiters. */
export function setAndWake(p: CaseProgram, addr: number): void {
  storeImm32(p, 1, addr);
  p.sys('futex', addr, FUTEX_WAKE, 1000);
}

/** Atomically adds 1 to the 64-bit word at `addr` (LDADD; uses x9, x10). */
export function atomicInc(p: CaseProgram, addr: number): void {
  p.a.movImm(9, addr).movImm(10, 1);
  p.a.inst('LDADD_X', { A: 0, R: 0, Rs: 10, Rn: 9, Rt: 31 });
}

/**
 * A pipe that carries `words` 64-bit observations from a child back to init. Create it before
 * fork; the child `put`s values and `send`s; init `closeWriter`s after fork, `receive`s after
 * waitpid and asserts on `at(i)`.
 */
export class Report {
  readonly buf: number;
  private readonly fds: number;

  constructor(p: CaseProgram, readonly words: number) {
    this.buf = p.space(8 * words, 8);
    this.fds = p.space(8, 8);
    p.sys('pipe', this.fds);
  }

  at(i: number): number {
    return this.buf + 8 * i;
  }

  put(p: CaseProgram, i: number, rt: number): void {
    store64(p, rt, this.at(i));
  }

  send(p: CaseProgram): void {
    p.loadInt(1, this.fds + 4);
    p.mov(0, 1);
    p.a.movImm(1, this.buf).movImm(2, 8 * this.words);
    p.svc('write');
  }

  closeWriter(p: CaseProgram): void {
    p.loadInt(0, this.fds + 4);
    p.svc('close');
  }

  /** read(read end, buf, 8 * words); x0 = bytes read. */
  receive(p: CaseProgram): void {
    p.loadInt(0, this.fds);
    p.a.movImm(1, this.buf).movImm(2, 8 * this.words);
    p.svc('read');
  }
}

/** The MRS/MSR field set of a system register (op0 = 3). */
export function sysreg(op1: number, CRn: number, CRm: number, op2: number): Record<string, number> {
  return { o0: 1, op1, CRn, CRm, op2 };
}
export const NZCV_REG = sysreg(3, 4, 2, 0);
export const FPCR_REG = sysreg(3, 4, 4, 0);
export const FPSR_REG = sysreg(3, 4, 4, 1);
export const CNTVCT_REG = sysreg(3, 14, 0, 2);
export const CNTFRQ_REG = sysreg(3, 14, 0, 0);

export function msr(p: CaseProgram, reg: Record<string, number>, rt: number): void {
  p.a.inst('MSR_reg', { ...reg, Rt: rt });
}

export function mrs(p: CaseProgram, reg: Record<string, number>, rt: number, row = 'MRS'): void {
  p.a.inst(row, { ...reg, Rt: rt });
}

/** kill(getpid(), signo): the caller signals its own process. x0 = kill's result. */
export function killSelf(p: CaseProgram, signo: number | bigint): void {
  p.sys('getpid');
  p.a.movImm(1, signo);
  p.svc('kill');
}

/** read(fd at `fdAddr` (an int), buf, count); x0 = the result. */
export function readFdAt(p: CaseProgram, fdAddr: number, buf: number, count: number): void {
  p.loadInt(0, fdAddr);
  p.a.movImm(1, buf).movImm(2, count);
  p.svc('read');
}

/** write(fd at `fdAddr`, buf, count); x0 = the result. */
export function writeFdAt(p: CaseProgram, fdAddr: number, buf: number, count: number): void {
  p.loadInt(0, fdAddr);
  p.a.movImm(1, buf).movImm(2, count);
  p.svc('write');
}

/** close(fd at `fdAddr`). */
export function closeFdAt(p: CaseProgram, fdAddr: number): void {
  p.loadInt(0, fdAddr);
  p.svc('close');
}

/** Calls `name` with x0 = the int at `fdAddr` and the other arguments as immediates. */
export function sysFdAt(p: CaseProgram, name: string, fdAddr: number, ...rest: (number | bigint)[]): void {
  p.loadInt(0, fdAddr);
  rest.forEach((v, i) => p.a.movImm(i + 1, v));
  p.svc(name);
}

/** exit(x0): ends the process (or thread) with the low 8 bits of x0 as its code. */
export function exitX0(p: CaseProgram): void {
  p.svc('exit');
}

/** Asserts that registers `ra` and `rb` hold the same value (prints their difference on failure). */
export function expectSame(p: CaseProgram, description: string, clauses: readonly string[], ra: number, rb: number): void {
  p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: rb, imm6: 0, Rn: ra, Rd: 11 });
  p.expectEq(description, clauses, 0, 11);
}
