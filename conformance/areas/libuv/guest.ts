// Guest-side building blocks for the libuv-shaped cases: out-of-line functions, 32/64-bit memory
// access, atomics (LL/SC with LDAXR/STLXR, or LSE: LDADD/CAS/SWP), futex calls, thread start and
// join with mmap'd stacks. Everything here emits A64 into a CaseProgram; nothing prints.
//
// Register conventions: helpers take register numbers. Scratch registers are x9..x15 (assertions
// clobber them too); program state lives in x19..x28. Syscalls preserve every register but x0.

import { constValue } from '../../../spec/index.js';
import { CODE_BASE, Reg, type CaseProgram } from '../../program/builder.js';

export type Atomics = 'llsc' | 'lse';

export const FUTEX_WAIT = constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAIT');
export const FUTEX_WAKE = constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAKE');
export const FUTEX_PRIVATE = constValue('FUTEX_MODIFIERS', 'FUTEX_PRIVATE_FLAG');
export const PAGE = constValue('ADDRESS_SPACE', 'PAGE_SIZE');
export const PROT_NONE = constValue('PROT', 'PROT_NONE');
export const PROT_READ = constValue('PROT', 'PROT_READ');
export const PROT_RW = constValue('PROT', 'PROT_READ') | constValue('PROT', 'PROT_WRITE');
export const MAP_ANON_PRIVATE = constValue('MAP_FLAGS', 'MAP_PRIVATE') | constValue('MAP_FLAGS', 'MAP_ANONYMOUS');
export const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
export const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
export const POLLERR = constValue('POLL_EVENTS', 'POLLERR');
export const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
export const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
export const F_GETFD = constValue('FCNTL_CMDS', 'F_GETFD');
export const F_SETFD = constValue('FCNTL_CMDS', 'F_SETFD');
export const F_GETFL = constValue('FCNTL_CMDS', 'F_GETFL');
export const F_SETFL = constValue('FCNTL_CMDS', 'F_SETFL');
export const F_DUPFD_CLOEXEC = constValue('FCNTL_CMDS', 'F_DUPFD_CLOEXEC');
export const FD_CLOEXEC = constValue('FD_FLAGS', 'FD_CLOEXEC');
export const WNOHANG = constValue('WAIT_OPTIONS', 'WNOHANG');
export const SIG_IGN = constValue('SIG_HANDLERS', 'SIG_IGN');
/** The largest wake count: wake every waiter. */
export const WAKE_ALL = 0x7fff_ffff;
export const MS = 1_000_000;

export const r = (n: number): Reg => new Reg(n);

/** Emits `body` out of the main line (a branch jumps over it) and returns its address. */
export function fn(p: CaseProgram, body: () => void): number {
  const over = p.a.label();
  p.a.b(over);
  const at = CODE_BASE + p.a.offset;
  body();
  p.a.bind(over);
  return at;
}

// ---- memory -------------------------------------------------------------------------------

export function ldr32(p: CaseProgram, rt: number, rn: number, off = 0): void {
  p.a.inst('LDR_W_uoff', { Rt: rt, Rn: rn, imm12: off / 4 });
}

export function str32(p: CaseProgram, rt: number, rn: number, off = 0): void {
  p.a.inst('STR_W_uoff', { Rt: rt, Rn: rn, imm12: off / 4 });
}

export function ldr64(p: CaseProgram, rt: number, rn: number, off = 0): void {
  p.a.inst('LDR_X_uoff', { Rt: rt, Rn: rn, imm12: off / 8 });
}

export function str64(p: CaseProgram, rt: number, rn: number, off = 0): void {
  p.a.inst('STR_X_uoff', { Rt: rt, Rn: rn, imm12: off / 8 });
}

export function ldrb(p: CaseProgram, rt: number, rn: number, off = 0): void {
  p.a.inst('LDRB_uoff', { Rt: rt, Rn: rn, imm12: off });
}

export function strb(p: CaseProgram, rt: number, rn: number, off = 0): void {
  p.a.inst('STRB_uoff', { Rt: rt, Rn: rn, imm12: off });
}

export function ldrh(p: CaseProgram, rt: number, rn: number, off = 0): void {
  p.a.inst('LDRH_uoff', { Rt: rt, Rn: rn, imm12: off / 2 });
}

/** Loads the 32-bit word at the absolute address `at` into `rt` (uses x9 unless rt is x9). */
export function load32(p: CaseProgram, rt: number, at: number): void {
  p.a.movImm(9, at);
  ldr32(p, rt, 9);
}

/** Stores the 32-bit value `value` at `at` (uses x9, x10). */
export function store32(p: CaseProgram, at: number, value: number): void {
  p.a.movImm(10, value).movImm(9, at);
  str32(p, 10, 9);
}

/** Stores register `rt` (32 bits) at `at` (uses x9). */
export function store32r(p: CaseProgram, rt: number, at: number): void {
  p.a.movImm(9, at);
  str32(p, rt, 9);
}

/** Stores register `rt` (64 bits) at `at` (uses x9). */
export function store64r(p: CaseProgram, rt: number, at: number): void {
  p.a.movImm(9, at);
  str64(p, rt, 9);
}

// ---- arithmetic and compare ---------------------------------------------------------------

export function add(p: CaseProgram, rd: number, rn: number, rm: number, sf: 0 | 1 = 1): void {
  p.a.inst('ADD_sreg', { sf, shift: 0, Rm: rm, imm6: 0, Rn: rn, Rd: rd });
}

export function sub(p: CaseProgram, rd: number, rn: number, rm: number, sf: 0 | 1 = 1): void {
  p.a.inst('SUB_sreg', { sf, shift: 0, Rm: rm, imm6: 0, Rn: rn, Rd: rd });
}

/** CMP rn, rm. */
export function cmp(p: CaseProgram, rn: number, rm: number, sf: 0 | 1 = 1): void {
  p.a.inst('SUBS_sreg', { sf, shift: 0, Rm: rm, imm6: 0, Rn: rn, Rd: 31 });
}

/** rd += by. */
export function inc(p: CaseProgram, rd: number, by = 1): void {
  p.a.addImm(rd, rd, by);
}

/** `bad += 1` unless x0 == `value` (64-bit compare; uses x9). */
export function countUnless(p: CaseProgram, bad: number, value: number | bigint, from = 0): void {
  const ok = p.a.label();
  p.a.movImm(9, BigInt.asUintN(64, BigInt(value)));
  cmp(p, from, 9);
  p.a.bcond('eq', ok);
  inc(p, bad);
  p.a.bind(ok);
}

/** `bad += 1` when x0 (or `from`) is negative. */
export function countIfNegative(p: CaseProgram, bad: number, from = 0): void {
  const ok = p.a.label();
  p.a.tbz(from, 63, ok);
  inc(p, bad);
  p.a.bind(ok);
}

// ---- atomics on a 32-bit word at [a] ------------------------------------------------------

/** old = *a; *a = old + v (32-bit). `tmp`, `status` are scratch for LL/SC. */
export function fetchAdd(p: CaseProgram, at: Atomics, a: number, v: number, old: number, tmp = 14, status = 15): void {
  if (at === 'lse') {
    p.a.inst('LDADD_W', { A: 1, R: 1, Rs: v, Rn: a, Rt: old });
    return;
  }
  const loop = p.a.here();
  p.a.inst('LDAXR_W', { Rn: a, Rt: old });
  add(p, tmp, old, v, 0);
  p.a.inst('STLXR_W', { Rs: status, Rn: a, Rt: tmp });
  p.a.cbnz(status, loop, 0);
}

/** old = *a; if old == expected: *a = desired. Success iff old == expected afterwards. */
export function cas(p: CaseProgram, at: Atomics, a: number, expected: number, desired: number, old: number, status = 15): void {
  if (at === 'lse') {
    p.mov(old, expected);
    p.a.inst('CAS_W', { L: 1, o0: 1, Rs: old, Rn: a, Rt: desired });
    return;
  }
  const loop = p.a.here();
  const fail = p.a.label();
  const done = p.a.label();
  p.a.inst('LDAXR_W', { Rn: a, Rt: old });
  cmp(p, old, expected, 0);
  p.a.bcond('ne', fail);
  p.a.inst('STLXR_W', { Rs: status, Rn: a, Rt: desired });
  p.a.cbnz(status, loop, 0);
  p.a.b(done);
  p.a.bind(fail);
  p.a.inst('CLREX', { CRm: 15 });
  p.a.bind(done);
}

/** old = *a; *a = desired. */
export function swap(p: CaseProgram, at: Atomics, a: number, desired: number, old: number, status = 15): void {
  if (at === 'lse') {
    p.a.inst('SWP_W', { A: 1, R: 1, Rs: desired, Rn: a, Rt: old });
    return;
  }
  const loop = p.a.here();
  p.a.inst('LDAXR_W', { Rn: a, Rt: old });
  p.a.inst('STLXR_W', { Rs: status, Rn: a, Rt: desired });
  p.a.cbnz(status, loop, 0);
}

export function loadAcquire(p: CaseProgram, rt: number, a: number): void {
  p.a.inst('LDAR_W', { Rn: a, Rt: rt });
}

export function storeRelease(p: CaseProgram, rt: number, a: number): void {
  p.a.inst('STLR_W', { Rn: a, Rt: rt });
}

/** Atomically adds the constant `k` to the word at [a] (uses x13..x15). */
export function atomicAddConst(p: CaseProgram, at: Atomics, a: number, k: number): void {
  p.a.movImm(13, k >>> 0, 0);
  fetchAdd(p, at, a, 13, 12, 14, 15);
}

// ---- futex ---------------------------------------------------------------------------------

/** futex(a, WAIT|flag, val) with a and val in registers. */
export function futexWait(p: CaseProgram, a: number, val: number, flag: number): void {
  p.sys('futex', r(a), FUTEX_WAIT | flag, r(val));
}

/** futex(a, WAKE|flag, count). */
export function futexWake(p: CaseProgram, a: number, count: number, flag: number): void {
  p.sys('futex', r(a), FUTEX_WAKE | flag, count);
}

/**
 * Waits until the 32-bit word at `at` equals `target` (a constant): load, compare, futex-wait on
 * the value seen. Any return of the wait (a wake, a mismatch, EINTR) re-checks. Uses x9, x10, x11.
 */
export function waitUntilEq(p: CaseProgram, at: number, target: number, flag: number): void {
  const loop = p.a.here();
  const done = p.a.label();
  p.a.movImm(11, at);
  loadAcquire(p, 9, 11);
  p.a.movImm(10, target >>> 0, 0);
  cmp(p, 9, 10, 0);
  p.a.bcond('eq', done);
  futexWait(p, 11, 9, flag);
  p.a.b(loop);
  p.a.bind(done);
}

/** Like waitUntilEq with the target in register `target` (not x9..x11). */
export function waitUntilEqReg(p: CaseProgram, at: number, target: number, flag: number): void {
  const loop = p.a.here();
  const done = p.a.label();
  p.a.movImm(11, at);
  loadAcquire(p, 9, 11);
  cmp(p, 9, target, 0);
  p.a.bcond('eq', done);
  futexWait(p, 11, 9, flag);
  p.a.b(loop);
  p.a.bind(done);
}

/** Atomically adds 1 to the word at `at` and wakes every waiter on it (uses x9..x15). */
export function bumpAndWake(p: CaseProgram, at: Atomics, addr: number, flag: number): void {
  p.a.movImm(11, addr);
  atomicAddConst(p, at, 11, 1);
  futexWake(p, 11, WAKE_ALL, flag);
}

// ---- threads -------------------------------------------------------------------------------

export interface ThreadStart {
  /** Entry address (from `fn`). */
  readonly entry: number;
  /** Thread arguments, one per thread. */
  readonly args: readonly (number | bigint)[];
  /** Bytes of each mmap'd stack. */
  readonly stackBytes: number;
}

/**
 * For each thread: mmap a private stack and thread_create(entry, arg, base + size). Every failure
 * (negative mmap or thread_create, an id equal to `pid`) adds 1 to `bad`. Thread ids are stored as
 * 64-bit words at `tids` when given. Uses x0..x2, x8, x9, x10.
 */
export function startThreads(p: CaseProgram, t: ThreadStart, bad: Reg, pid: Reg, tids?: number): void {
  t.args.forEach((arg, i) => {
    p.sys('mmap', 0, t.stackBytes, PROT_RW, MAP_ANON_PRIVATE, -1, 0);
    countIfNegative(p, bad.n);
    p.a.movImm(10, t.stackBytes);
    add(p, 10, 0, 10);
    p.sys('thread_create', t.entry, arg, r(10));
    const ok = p.a.label();
    const fail = p.a.label();
    p.a.tbnz(0, 63, fail);
    p.a.cbz(0, fail);
    cmp(p, 0, pid.n);
    p.a.bcond('ne', ok);
    p.a.bind(fail);
    inc(p, bad.n);
    p.a.bind(ok);
    if (tids !== undefined) store64r(p, 0, tids + 8 * i);
  });
}

/** Ends a thread: counts it in the word at `finished`, wakes the joiner, exit(0). */
export function threadFinish(p: CaseProgram, at: Atomics, finished: number, flag: number): void {
  bumpAndWake(p, at, finished, flag);
  p.exit(0);
}

/** `bad += 1` when the `len` bytes at [a] and [b] differ (a, b registers; uses x9..x13). */
export function countMismatch(p: CaseProgram, a: number, b: number, len: number, bad: number): void {
  const loop = p.a.label();
  const diff = p.a.label();
  const done = p.a.label();
  p.mov(9, a);
  p.mov(10, b);
  p.a.movImm(11, len);
  p.a.bind(loop);
  p.a.inst('LDRB_post', { imm9: 1, Rn: 9, Rt: 12 }).inst('LDRB_post', { imm9: 1, Rn: 10, Rt: 13 });
  cmp(p, 12, 13, 0);
  p.a.bcond('ne', diff);
  p.a.subImm(11, 11, 1);
  p.a.cbnz(11, loop);
  p.a.b(done);
  p.a.bind(diff);
  inc(p, bad);
  p.a.bind(done);
}

/** fork(): the child runs `child` (which must end with an exit); the parent continues with x0 = the child's pid. */
export function forkThen(p: CaseProgram, child: () => void): void {
  p.sys('fork');
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child();
  p.a.bind(parent);
}

/** x0 &= O_NONBLOCK (bit 14). */
export function maskNonblock(p: CaseProgram): void {
  p.a.inst('AND_imm', { sf: 1, N: 1, immr: 50, imms: 0, Rn: 0, Rd: 0 });
}

/**
 * `bad += 1` for each string of the NULL-terminated pointer vector in register `vec` that is not
 * exactly `expected[i]`, and once more unless the vector ends right after them. Uses x9..x13.
 */
export function checkStrings(p: CaseProgram, vec: number, expected: readonly string[], bad: number): void {
  expected.forEach((s, i) => {
    const want = p.str(s);
    const len = new TextEncoder().encode(s).length + 1;
    p.a.inst('LDR_X_uoff', { Rt: 9, Rn: vec, imm12: i });
    const present = p.a.label();
    const next = p.a.label();
    p.a.cbnz(9, present);
    inc(p, bad);
    p.a.b(next);
    p.a.bind(present);
    p.a.movImm(10, want);
    countMismatch(p, 9, 10, len, bad);
    p.a.bind(next);
  });
  const end = p.a.label();
  p.a.inst('LDR_X_uoff', { Rt: 9, Rn: vec, imm12: expected.length });
  p.a.cbz(9, end);
  inc(p, bad);
  p.a.bind(end);
}

/** A NULL-terminated vector of pointers to the given strings, in the program's data. */
export function stringVector(p: CaseProgram, strings: readonly string[]): number {
  const ptrs = strings.map((s) => p.str(s));
  return p.words([...ptrs, 0]);
}
