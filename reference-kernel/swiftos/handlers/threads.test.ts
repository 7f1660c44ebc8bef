// Threads and futexes: thread_create, thread exit, futex WAIT/WAKE (spec/clauses/thread.ts).
// Programs check themselves (exit code = first failing check); expectations come from clauses.
import { describe, expect, it } from 'vitest';
import { constValue, syscall } from '../../../spec/index.js';
import { CODE, DATA, err, Prog, run, type Run } from '../testkit.js';
import {
  Checks, fn, FUTEX_WAIT, FUTEX_WAKE, restorer, setAndWake, stack, store32, sysRegs, waitNonzero,
} from '../signals/signals.testkit.js';

const FUTEX_PRIVATE_FLAG = constValue('FUTEX_MODIFIERS', 'FUTEX_PRIVATE_FLAG');
const SIGSEGV = constValue('SIGNALS', 'SIGSEGV');
const SIGUSR1 = constValue('SIGNALS', 'SIGUSR1');
const EINTR = err('EINTR');
const MS = 1_000_000;
const exitOk = { kind: 'exit', status: 0 };

/** A thread entry that exits at once. */
const exitFn = (p: Prog): number => fn(p, () => p.exit(0));

/** Completed futex calls made by threads other than the initial one. */
const threadFutexCalls = (r: Run): { ret: bigint | null; clause: string | null }[] =>
  r.calls.filter((e) => e.name === 'futex' && e.tid !== e.pid).map((e) => ({ ret: e.ret, clause: e.clause }));

describe('thread_create', () => {
  it('THR.CREATE.REGS, THR.CREATE.SHARE: the thread starts at entry with x0 = arg, SP = stack_top, x30 = 0, every other register zero, in the same memory', () => {
    const ARG = 0xfeed_face_1234_5678n;
    const p = new Prog();
    const done = p.space(4);
    const top = stack(p);
    const unscaled = (rt: number, off: number): void => {
      p.a.inst('STR_X_unscaled', { imm9: off & 0x1ff, Rn: 31, Rt: rt });
    };
    const thread = fn(p, () => {
      unscaled(0, -8);
      unscaled(30, -16);
      p.a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 1, imm6: 0, Rn: 9, Rd: 9 });
      for (let r = 2; r <= 29; r++) if (r !== 9) p.a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: r, imm6: 0, Rn: 9, Rd: 9 });
      unscaled(9, -24);
      p.a.movSp(10, 31);
      unscaled(10, -32);
      setAndWake(p, done);
      p.exit(0);
    });
    p.sys('thread_create', thread, ARG, top);
    p.keep(19);
    waitNonzero(p, done);
    new Checks(p).word(top - 8, ARG).word(top - 16, 0).word(top - 24, 0).word(top - 32, top).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.clause('thread_create')).toBe('THR.CREATE.ID');
  });

  it('THR.CREATE.ID, THR.GETPID: thread ids are distinct, not the pid, and not children; getpid in a thread is the pid', () => {
    const p = new Prog();
    const done = p.space(4);
    const seen = p.space(8);
    const thread = fn(p, () => {
      p.sys('getpid');
      p.store(0, seen);
      setAndWake(p, done);
      const spin = p.a.here();
      p.a.b(spin);
    });
    p.sys('thread_create', thread, 0, stack(p));
    p.keep(19);
    p.sys('thread_create', exitFn(p), 0, stack(p));
    p.keep(20);
    waitNonzero(p, done);
    sysRegs(p, 'waitpid', 19, { imm: 0 }, { imm: 0 });
    p.sys('getpid');
    p.keep(21);
    p.load(10, seen);
    new Checks(p).eqReg(10, 21).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    const [t1, t2] = r.rets('thread_create');
    const pid = r.ret('getpid');
    expect(t1! > 0n && t2! > 0n).toBe(true);
    expect(new Set([t1, t2, pid]).size).toBe(3);
    expect(r.ret('waitpid')).toBe(err('ECHILD'));
  });

  it('THR.CREATE.ENTRY: an entry outside an executable mapping fails EFAULT; a misaligned one EINVAL', () => {
    const p = new Prog();
    const top = stack(p);
    p.sys('thread_create', DATA, 0, top);
    p.sys('thread_create', 0x1000, 0, top);
    p.sys('thread_create', 0, 0, top);
    p.sys('thread_create', CODE + 2, 0, top);
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('thread_create')).toEqual([err('EFAULT'), err('EFAULT'), err('EFAULT'), err('EINVAL')]);
    expect([r.clause('thread_create', 0), r.clause('thread_create', 1)]).toEqual(['THR.CREATE.ENTRY', 'THR.CREATE.ENTRY']);
    expect(r.kernel.threadIds.size).toBe(0);
  });

  it('THR.CREATE.STACK: the 16 bytes below stack_top must be writable, else EFAULT; exactly 16 are enough', () => {
    const p = new Prog();
    const entry = exitFn(p);
    const low = p.space(16);
    expect(low).toBe(DATA);
    p.sys('thread_create', entry, 0, 0x1000);
    p.sys('thread_create', entry, 0, CODE + 0x10);
    p.sys('thread_create', entry, 0, DATA);
    p.sys('thread_create', entry, 0, 0);
    p.sys('thread_create', entry, 0, DATA + 8);
    p.sys('thread_create', entry, 0, DATA + 16);
    p.sys('nanosleep', 0, 1 * MS);
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    const rets = r.rets('thread_create');
    expect(rets.slice(0, 5)).toEqual([err('EFAULT'), err('EFAULT'), err('EFAULT'), err('EFAULT'), err('EINVAL')]);
    expect(r.clause('thread_create', 0)).toBe('THR.CREATE.STACK');
    expect(rets[5]! > 0n).toBe(true);
  });

  it('THR.HANDLES.SHARED: a handle opened by a thread is usable by the others at once', () => {
    const p = new Prog();
    const done = p.space(4);
    const fds = p.space(8);
    const msg = p.str('hi');
    const buf = p.space(8);
    const thread = fn(p, () => {
      p.sys('pipe', fds);
      setAndWake(p, done);
      p.exit(0);
    });
    p.sys('thread_create', thread, 0, stack(p));
    waitNonzero(p, done);
    p.a.movImm(9, fds).inst('LDR_W_uoff', { Rt: 20, Rn: 9, imm12: 0 }).inst('LDR_W_uoff', { Rt: 21, Rn: 9, imm12: 1 });
    sysRegs(p, 'write', 21, { imm: msg }, { imm: 2 });
    sysRegs(p, 'read', 20, { imm: buf }, { imm: 8 });
    p.keep(22);
    new Checks(p).eq(22, 2).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.ret('pipe')).toBe(0n);
    expect(r.rets('write')).toEqual([2n]);
  });

  it('PROC.TABLE.FULL: thread_create fails EAGAIN when the process table is full (threads count)', () => {
    const p = new Prog();
    const entry = exitFn(p);
    const top = stack(p);
    for (let i = 0; i < 3; i++) p.sys('thread_create', entry, 0, top);
    p.exit(0);
    const r = run(p, { maxProcesses: 3 });
    expect(r.result.verdict).toEqual(exitOk);
    const rets = r.rets('thread_create');
    expect(rets[0]! > 0n && rets[1]! > 0n).toBe(true);
    expect(rets[2]).toBe(err('EAGAIN'));
    expect(r.clause('thread_create', 2)).toBe('PROC.TABLE.FULL');
  });

  it('THR.CREATE.NOMEM: with no memory left for a kernel stack thread_create fails ENOMEM; a thread that ends gives its stack back', () => {
    const p = new Prog();
    const entry = exitFn(p);
    const top = stack(p);
    const loop = p.a.here();
    const full = p.a.label();
    p.sys('thread_create', entry, 0, top);
    p.a.tbnz(0, 63, full);
    p.a.b(loop);
    p.a.bind(full);
    p.sys('nanosleep', 0, 1 * MS);
    p.sys('thread_create', entry, 0, top);
    p.exit(0);
    const r = run(p, { memoryBytes: 48 * 4096, maxProcesses: 10_000 });
    expect(r.result.verdict).toEqual(exitOk);
    const rets = r.rets('thread_create');
    const failAt = rets.findIndex((v) => v < 0n);
    expect(failAt).toBeGreaterThan(0);
    expect(rets[failAt]).toBe(err('ENOMEM'));
    expect(r.clause('thread_create', failAt)).toBe('THR.CREATE.NOMEM');
    expect(rets.length).toBe(failAt + 2);
    expect(rets[failAt + 1]! > 0n).toBe(true);
  });
});

describe('thread exit', () => {
  it('THR.EXIT.THREAD, THR.EXIT.MAIN: exit from a created thread ends only that thread and its status is discarded', () => {
    const p = new Prog();
    const done = p.space(4);
    const thread = fn(p, () => {
      setAndWake(p, done);
      p.exit(55);
    });
    p.sys('thread_create', thread, 0, stack(p));
    waitNonzero(p, done);
    p.sys('nanosleep', 0, 1 * MS);
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.kernel.threadIds.size).toBe(0);
  });

  it('THR.EXIT.MAIN: exit from the initial thread ends the process with every thread in it', () => {
    const p = new Prog();
    const spinner = fn(p, () => {
      const spin = p.a.here();
      p.a.b(spin);
    });
    const blocked = p.space(4);
    const waiter = fn(p, () => {
      p.sys('futex', blocked, FUTEX_WAIT, 0);
      p.exit(0);
    });
    p.sys('thread_create', spinner, 0, stack(p));
    p.sys('thread_create', waiter, 0, stack(p));
    p.sys('nanosleep', 0, 1 * MS);
    p.exit(9);
    const r = run(p, { quantum: 1000 });
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 9 });
  });

  it('THR.EXIT.MAIN: when a child process exits, its other threads stop running (nothing more from them after waitpid)', () => {
    const p = new Prog();
    const x = p.str('x');
    const bar = p.str('|');
    const end = p.str('end');
    const status = p.space(4);
    const writer = fn(p, () => {
      const loop = p.a.here();
      p.sys('write', 1, x, 1);
      p.sys('nanosleep', 0, 1 * MS);
      p.a.b(loop);
    });
    p.sys('fork');
    p.keep(19);
    const parent = p.a.label();
    p.a.cbnz(0, parent);
    p.sys('thread_create', writer, 0, stack(p));
    p.sys('nanosleep', 0, 3 * MS + 500_000);
    p.exit(4);
    p.a.bind(parent);
    sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
    p.sys('write', 1, bar, 1);
    p.sys('nanosleep', 0, 20 * MS);
    p.sys('write', 1, end, 3);
    new Checks(p).word32(status, 4 << 8).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.out).toMatch(/^x+\|end$/);
  });

  it('THR.RETURN.FAULT: a thread that returns from its entry jumps to 0 and the process dies of SIGSEGV', () => {
    const p = new Prog();
    const word = p.space(4);
    const thread = fn(p, () => p.a.ret());
    p.sys('thread_create', thread, 0, stack(p));
    p.sys('futex', word, FUTEX_WAIT, 0);
    p.exit(99);
    expect(run(p).result.verdict).toMatchObject({ kind: 'signal', signal: SIGSEGV });
  });
});

/** Three threads (args 1..3) that wait on `word` and, once woken, append their arg to `log`. */
function waiters(p: Prog, word: number, log: number, next: number, firstSleeps: boolean): number[] {
  const entries = [1, 2, 3].map((id) =>
    fn(p, () => {
      p.mov(19, 0);
      if (id === 1 && firstSleeps) p.sys('nanosleep', 0, 2 * MS);
      p.sys('futex', word, FUTEX_WAIT, 0);
      p.a.movImm(11, 8).movImm(12, next);
      p.a.inst('LDADD_X', { A: 0, R: 0, Rs: 11, Rn: 12, Rt: 10 });
      p.a.inst('STR_X_uoff', { Rt: 19, Rn: 10, imm12: 0 });
      p.exit(0);
    }),
  );
  p.a.movImm(10, log);
  p.store(10, next);
  return entries;
}

describe('futex', () => {
  it('THR.FUTEX.MISMATCH: WAIT returns 0 at once when *uaddr != val', () => {
    const p = new Prog();
    const word = p.space(4);
    store32(p, word, 5);
    p.sys('futex', word, FUTEX_WAIT, 4);
    p.sys('futex', CODE, FUTEX_WAIT, 0);
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('futex')).toEqual([0n, 0n]);
    expect(r.clause('futex')).toBe('THR.FUTEX.MISMATCH');
    expect(r.events.filter((e) => e.outcome === 'block')).toEqual([]);
  });

  it('THR.FUTEX.WAIT, THR.FUTEX.WAKE, THR.FUTEX.ORDER: WAKE wakes up to val waiters in the order they began waiting and returns the count', () => {
    const p = new Prog();
    const word = p.space(4);
    const log = p.space(3 * 8);
    const next = p.space(8);
    const top = [stack(p), stack(p), stack(p)];
    const entries = waiters(p, word, log, next, true);
    entries.forEach((e, i) => p.sys('thread_create', e, i + 1, top[i]!));
    p.sys('nanosleep', 0, 5 * MS);
    p.sys('futex', word, FUTEX_WAKE, 0);
    for (let i = 0; i < 4; i++) {
      p.sys('futex', word, FUTEX_WAKE, 1);
      p.sys('nanosleep', 0, 1 * MS);
    }
    new Checks(p).word(log, 2).word(log + 8, 3).word(log + 16, 1).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    const mainWakes = r.calls.filter((e) => e.name === 'futex' && e.tid === e.pid).map((e) => e.ret);
    expect(mainWakes).toEqual([0n, 1n, 1n, 1n, 0n]);
    expect(threadFutexCalls(r)).toEqual(Array(3).fill({ ret: 0n, clause: 'THR.FUTEX.WAIT' }));
  });

  it('THR.FUTEX.WAKE: WAKE(2) with three waiters wakes exactly two; the third stays until the next WAKE', () => {
    const p = new Prog();
    const word = p.space(4);
    const log = p.space(3 * 8);
    const next = p.space(8);
    const top = [stack(p), stack(p), stack(p)];
    const entries = waiters(p, word, log, next, false);
    entries.forEach((e, i) => p.sys('thread_create', e, i + 1, top[i]!));
    p.sys('nanosleep', 0, 1 * MS);
    p.sys('futex', word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 2);
    p.sys('nanosleep', 0, 1 * MS);
    new Checks(p).word(log, 1).word(log + 8, 2).word(log + 16, 0);
    p.sys('futex', word, FUTEX_WAKE, 10);
    p.sys('nanosleep', 0, 1 * MS);
    new Checks(p).word(log + 16, 3).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.calls.filter((e) => e.name === 'futex' && e.tid === e.pid).map((e) => e.ret)).toEqual([2n, 1n]);
  });

  it('THR.FUTEX.PRIVATE: FUTEX_PRIVATE_FLAG is accepted and ignored; any other op fails EINVAL', () => {
    const p = new Prog();
    const word = p.space(4);
    store32(p, word, 1);
    p.sys('futex', word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0);
    p.sys('futex', word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1);
    p.sys('futex', word, 2, 0);
    p.sys('futex', word, 3 | FUTEX_PRIVATE_FLAG, 0);
    p.sys('futex', word, 0x100, 0);
    p.sys('futex', word, -1, 0);
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('futex')).toEqual([0n, 0n, ...Array(4).fill(err('EINVAL'))]);
    expect(r.clause('futex')).toBe('THR.FUTEX.MISMATCH');
    expect(r.clause('futex', 1)).toBe('THR.FUTEX.WAKE');
  });

  it('THR.FUTEX.FAULT: an unreadable uaddr fails EFAULT for WAIT and WAKE; a misaligned one EINVAL', () => {
    const p = new Prog();
    p.sys('futex', 0x1000, FUTEX_WAIT, 0);
    p.sys('futex', 0x1000, FUTEX_WAKE, 1);
    p.sys('futex', 0, FUTEX_WAIT, 0);
    p.sys('futex', 0xffff_ffff_ffff_fff0n, FUTEX_WAKE, 1);
    p.sys('futex', DATA + 2, FUTEX_WAIT, 0);
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('futex')).toEqual([...Array(4).fill(err('EFAULT')), err('EINVAL')]);
    expect([r.clause('futex', 0), r.clause('futex', 1)]).toEqual(['THR.FUTEX.FAULT', 'THR.FUTEX.FAULT']);
  });

  it('THR.FUTEX.KEY, SIG.INTR: a WAKE from another process at the same address wakes nobody; the waiter ends only by EINTR', () => {
    const p = new Prog();
    const word = p.space(4);
    const flag = p.space(8);
    const status = p.space(4);
    const rest = restorer(p);
    const handler = fn(p, () => {
      p.store(0, flag);
      p.a.ret();
    });
    p.sys('sigaction', SIGUSR1, handler, rest);
    p.sys('getpid');
    p.keep(21);
    p.sys('fork');
    p.keep(19);
    const parent = p.a.label();
    p.a.cbnz(0, parent);
    p.sys('nanosleep', 0, 1 * MS);
    p.sys('futex', word, FUTEX_WAKE, 10);
    p.keep(20);
    sysRegs(p, 'kill', 21, { imm: SIGUSR1 });
    p.exit({ reg: 20 });
    p.a.bind(parent);
    p.sys('futex', word, FUTEX_WAIT, 0);
    p.keep(20);
    sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
    new Checks(p).eq(20, EINTR).word(flag, SIGUSR1).word32(status, 0).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    const wait = r.calls.find((e) => e.name === 'futex' && e.pid === 1)!;
    expect([wait.ret, wait.clause]).toEqual([EINTR, 'SIG.INTR']);
  });

  it('SIG.INTR: a futex WAIT interrupted by a handled signal fails EINTR and leaves the queue; a later WAKE does not count it', () => {
    const p = new Prog();
    const word = p.space(4);
    const done = p.space(4);
    const flag = p.space(8);
    const woke = p.space(8);
    const rest = restorer(p);
    const handler = fn(p, () => {
      p.store(0, flag);
      p.a.ret();
    });
    const thread = fn(p, () => {
      p.sys('nanosleep', 0, 1 * MS);
      p.sys('getpid');
      p.a.movImm(1, SIGUSR1).movImm(8, syscall('kill').nr).svc();
      p.sys('futex', word, FUTEX_WAKE, 10);
      p.store(0, woke);
      setAndWake(p, done);
      p.exit(0);
    });
    p.sys('sigaction', SIGUSR1, handler, rest);
    p.a.movImm(10, 99);
    p.store(10, woke);
    p.sys('thread_create', thread, 0, stack(p));
    p.sys('futex', word, FUTEX_WAIT, 0);
    p.keep(20);
    waitNonzero(p, done);
    new Checks(p).eq(20, EINTR).word(flag, SIGUSR1).word(woke, 0).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
  });
});

describe('futex lock', () => {
  const N = 300;

  /** N increments of the 64-bit counter, each under the futex lock when `locked`. */
  function worker(p: Prog, lock: number, counter: number, locked: boolean): void {
    p.a.movImm(19, N);
    const loop = p.a.here();
    if (locked) {
      const retry = p.a.here();
      const acquired = p.a.label();
      p.a.movImm(13, lock).movImm(14, 0).movImm(15, 1);
      p.a.inst('CAS_W', { L: 0, Rs: 14, o0: 0, Rn: 13, Rt: 15 });
      p.a.cbz(14, acquired, 0);
      p.sys('futex', lock, FUTEX_WAIT, 1);
      p.a.b(retry);
      p.a.bind(acquired);
    }
    p.load(11, counter);
    p.a.nop().nop().nop();
    p.a.addImm(11, 11, 1);
    p.store(11, counter);
    if (locked) {
      p.a.movImm(13, lock).inst('STR_W_uoff', { Rt: 31, Rn: 13, imm12: 0 });
      p.sys('futex', lock, FUTEX_WAKE, 1);
    }
    p.a.subImm(19, 19, 1);
    p.a.cbnz(19, loop);
  }

  function program(locked: boolean): Prog {
    const p = new Prog();
    const lock = p.space(4);
    const counter = p.space(8);
    const done = p.space(4);
    const thread = fn(p, () => {
      worker(p, lock, counter, locked);
      setAndWake(p, done);
      p.exit(0);
    });
    p.sys('thread_create', thread, 0, stack(p));
    worker(p, lock, counter, locked);
    waitNonzero(p, done);
    p.load(20, counter);
    p.sys('write', 1, counter, 8);
    new Checks(p).eq(20, 2 * N).pass();
    return p;
  }

  it('THR.FUTEX.WAIT, THR.FUTEX.WAKE: two threads incrementing under a futex lock with a 7-instruction quantum get the exact total', () => {
    const r = run(program(true), { quantum: 7 });
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.events.filter((e) => e.name === 'futex' && e.outcome === 'block').length).toBeGreaterThan(0);
  });

  it('THR.FUTEX.WAIT: the same increments without the lock lose updates under that quantum (the race is real)', () => {
    const r = run(program(false), { quantum: 7 });
    const out = r.result.console;
    const total = new DataView(out.buffer, out.byteOffset, out.length).getBigUint64(0, true);
    expect(total).toBeLessThan(BigInt(2 * N));
  });

  it('THR.FUTEX.ORDER: repeated runs of the locked program are identical (trace and instruction count)', () => {
    const a = run(program(true), { quantum: 7 });
    const b = run(program(true), { quantum: 7 });
    expect(b.trace).toEqual(a.trace);
    expect(b.result.instructions).toBe(a.result.instructions);
  });
});
