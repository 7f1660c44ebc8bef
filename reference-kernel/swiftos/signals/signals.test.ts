// Signals: sigaction, kill, delivery through kernel-built frames, sigreturn, default actions,
// interrupted blocking calls and synchronous faults (spec/clauses/signal.ts). Every expectation
// comes from a clause, a constant or the sigframe layout; programs check themselves and exit
// with the number of the first failing check.
import { describe, expect, it } from 'vitest';
import {
  constValue, decodeLayout, layout, SEEDED_PRINCIPAL_CAPS, SIGNAL_DEFAULT_ACTION, SIGNALS, syscall,
} from '../../../spec/index.js';
import { Kernel, type SyscallEvent } from '../kernel.js';
import { CODE, DATA, err, Prog, run, type Run } from '../testkit.js';
import { Checks, fn, restorer, setAndWake, stack, sysRegs, FUTEX_WAIT } from './signals.testkit.js';

const sig = (name: string): number => constValue('SIGNALS', name);
const SIGUSR1 = sig('SIGUSR1');
const SIGUSR2 = sig('SIGUSR2');
const SIGTERM = sig('SIGTERM');
const SIGKILL = sig('SIGKILL');
const SIGSTOP = sig('SIGSTOP');
const SIGSEGV = sig('SIGSEGV');
const SIGILL = sig('SIGILL');
const SIGTRAP = sig('SIGTRAP');
const SIGCHLD = sig('SIGCHLD');
const SIG_DFL = constValue('SIG_HANDLERS', 'SIG_DFL');
const SIG_IGN = constValue('SIG_HANDLERS', 'SIG_IGN');
const FRAME_SIZE = constValue('SIGFRAME_CONSTS', 'SIGFRAME_SIZE');
const FRAME_ALIGN = constValue('SIGFRAME_CONSTS', 'SIGFRAME_ALIGN');
const FRAME_MAGIC = constValue('SIGFRAME_CONSTS', 'SIGFRAME_MAGIC');
const STACK_TOP = constValue('ADDRESS_SPACE', 'USER_STACK_TOP');
const STACK_PAGES = constValue('ADDRESS_SPACE', 'USER_STACK_PAGES');
const EINTR = err('EINTR');
const MS = 1_000_000;
const FRAME = layout('sigframe');

const exitOk = { kind: 'exit', status: 0 };
const killedBy = (signal: number): { kind: 'signal'; signal: number } => ({ kind: 'signal', signal });

/** A handler that stores its x0 (the signal number) as a 64-bit word at `flag` and returns. */
function flagHandler(p: Prog, flag: number): number {
  return fn(p, () => {
    p.store(0, flag);
    p.a.ret();
  });
}

/** A handler that adds 1 to the 64-bit counter at `counter`. */
function countHandler(p: Prog, counter: number): number {
  return fn(p, () => {
    p.load(10, counter);
    p.a.addImm(10, 10, 1);
    p.store(10, counter);
    p.a.ret();
  });
}

/** fork(): the child runs `child` (which must exit); the parent goes on with the child's pid in `reg`. */
function fork(p: Prog, reg: number, child: () => void): void {
  p.sys('fork');
  p.keep(reg);
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child();
  p.a.bind(parent);
}

/** Loads the 32-bit word at `addr` into `reg`. */
function load32(p: Prog, reg: number, addr: number): void {
  p.a.movImm(9, addr).inst('LDR_W_uoff', { Rt: reg, Rn: 9, imm12: 0 });
}

/** Completed calls named `name` made by process `pid`. */
const callsOf = (r: Run, name: string, pid: number): SyscallEvent[] => r.calls.filter((e) => e.name === name && e.pid === pid);

describe('sigaction', () => {
  it('SIG.ACTION.RECORD: sigaction records a handler, SIG_IGN and SIG_DFL, returning 0; each takes effect', () => {
    const p = new Prog();
    const flag = p.space(8);
    const rest = restorer(p);
    const h = flagHandler(p, flag);
    p.sys('getpid');
    p.keep(19);
    p.sys('sigaction', SIGUSR1, h, rest);
    sysRegs(p, 'kill', 19, { imm: SIGUSR1 });
    p.sys('sigaction', SIGUSR2, SIG_IGN, 0);
    sysRegs(p, 'kill', 19, { imm: SIGUSR2 });
    new Checks(p).word(flag, SIGUSR1);
    p.sys('sigaction', SIGUSR1, SIG_DFL, 0);
    sysRegs(p, 'kill', 19, { imm: SIGUSR1 });
    p.exit(99);
    const r = run(p);
    expect(r.result.verdict).toMatchObject(killedBy(SIGUSR1));
    expect(r.rets('sigaction')).toEqual([0n, 0n, 0n]);
    expect(r.clause('sigaction')).toBe('SIG.ACTION.RECORD');
  });

  it('SIG.UNCATCHABLE: sigaction on SIGKILL or SIGSTOP fails EINVAL and SIGKILL still kills', () => {
    const p = new Prog();
    const rest = restorer(p);
    const h = fn(p, () => p.a.ret());
    p.sys('sigaction', SIGKILL, h, rest);
    p.sys('sigaction', SIGKILL, SIG_IGN, 0);
    p.sys('sigaction', SIGSTOP, SIG_IGN, 0);
    p.sys('sigaction', SIGSTOP, h, rest);
    p.sys('getpid');
    p.a.movImm(1, SIGKILL).movImm(8, syscall('kill').nr).svc();
    p.exit(99);
    const r = run(p);
    expect(r.rets('sigaction')).toEqual(Array(4).fill(err('EINVAL')));
    expect(r.clause('sigaction')).toBe('SIG.UNCATCHABLE');
    expect(r.result.verdict).toMatchObject(killedBy(SIGKILL));
  });

  it('SIG.NUMBER.INVALID, SIG.NUMBERS: signal numbers outside 1..31 fail EINVAL (0 only probes in kill)', () => {
    const p = new Prog();
    p.sys('sigaction', 0, SIG_IGN, 0);
    p.sys('sigaction', 32, SIG_IGN, 0);
    p.sys('sigaction', -1, SIG_IGN, 0);
    p.sys('kill', 1, 32);
    p.sys('kill', 1, -1);
    p.sys('kill', 1, 0);
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('sigaction')).toEqual(Array(3).fill(err('EINVAL')));
    expect(r.rets('kill')).toEqual([err('EINVAL'), err('EINVAL'), 0n]);
  });

  it('SIG.ACTION.NORESTORER: a handler address with restorer 0 fails EINVAL and changes nothing; SIG_IGN needs no restorer', () => {
    const p = new Prog();
    const h = fn(p, () => p.a.ret());
    p.sys('sigaction', SIGUSR1, h, 0);
    p.sys('sigaction', SIGUSR2, SIG_IGN, 0);
    p.sys('getpid');
    p.a.movImm(1, SIGUSR1).movImm(8, syscall('kill').nr).svc();
    p.exit(99);
    const r = run(p);
    expect(r.rets('sigaction')).toEqual([err('EINVAL'), 0n]);
    expect(r.clause('sigaction')).toBe('SIG.ACTION.NORESTORER');
    // SIGUSR1 kept SIG_DFL, whose action is terminate.
    expect(r.result.verdict).toMatchObject(killedBy(SIGUSR1));
  });

  it('SIG.IGN.DISCARD: a signal sent while SIG_IGN is discarded, so restoring SIG_DFL afterwards finds nothing pending', () => {
    const p = new Prog();
    p.sys('sigaction', SIGTERM, SIG_IGN, 0);
    p.sys('getpid');
    p.keep(19);
    sysRegs(p, 'kill', 19, { imm: SIGTERM });
    p.sys('sigaction', SIGTERM, SIG_DFL, 0);
    p.sys('getpid');
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('kill')).toEqual([0n]);
  });

  it('SIG.IGN.DISCARD: setting SIG_IGN discards a pending instance (a second thread sets it before the signal thread runs)', () => {
    const p = new Prog();
    const flag = p.space(8);
    const word = p.space(4);
    const rest = restorer(p);
    const h = flagHandler(p, flag);
    const thread = fn(p, () => {
      p.sys('getpid');
      p.a.movImm(1, SIGUSR1).movImm(8, syscall('kill').nr).svc();
      p.sys('sigaction', SIGUSR1, SIG_IGN, 0);
      p.exit(0);
    });
    p.sys('sigaction', SIGUSR1, h, rest);
    p.sys('thread_create', thread, 0, stack(p));
    p.sys('futex', word, FUTEX_WAIT, 0);
    p.keep(20);
    // The wait was interrupted by the signal (SIG.INTR), but the handler never ran.
    new Checks(p).eq(20, EINTR).word(flag, 0).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('sigaction')).toEqual([0n, 0n]);
    expect(r.clause('sigaction', 1)).toBe('SIG.IGN.DISCARD');
  });

  it('SIG.ACTION.PERPROCESS: a disposition set by one thread applies to the whole process', () => {
    const p = new Prog();
    const flag = p.space(8);
    const done = p.space(4);
    const rest = restorer(p);
    const h = flagHandler(p, flag);
    const thread = fn(p, () => {
      p.sys('sigaction', SIGUSR1, h, rest);
      setAndWake(p, done);
      p.exit(0);
    });
    p.sys('thread_create', thread, 0, stack(p));
    const loop = p.a.here();
    load32(p, 10, done);
    const ready = p.a.label();
    p.a.cbnz(10, ready);
    p.sys('futex', done, FUTEX_WAIT, 0);
    p.a.b(loop);
    p.a.bind(ready);
    p.sys('getpid');
    p.a.movImm(1, SIGUSR1).movImm(8, syscall('kill').nr).svc();
    new Checks(p).word(flag, SIGUSR1).pass();
    expect(run(p).result.verdict).toEqual(exitOk);
  });
});

describe('default actions', () => {
  for (const m of SIGNALS.members) {
    const action = SIGNAL_DEFAULT_ACTION[m.name]!;
    it(`SIG.DEFAULT.ACTION: ${m.name} (${m.value}) under SIG_DFL is ${action === 'ignore' ? 'ignored' : 'terminating'}`, () => {
      const p = new Prog();
      p.sys('getpid');
      p.a.movImm(1, m.value).movImm(8, syscall('kill').nr).svc();
      p.exit(0);
      const r = run(p);
      expect(r.result.verdict).toMatchObject(action === 'ignore' ? exitOk : killedBy(m.value));
    });
  }
});

describe('kill', () => {
  it('SIG.KILL.PROBE, SIG.KILL.NOSUCH: kill(pid, 0) finds live and zombie processes; a zombie takes a signal with no effect; ESRCH once reaped or never used', () => {
    const p = new Prog();
    const status = p.space(4);
    fork(p, 19, () => p.exit(3));
    sysRegs(p, 'kill', 19, { imm: 0 });
    p.sys('nanosleep', 0, 1 * MS);
    sysRegs(p, 'kill', 19, { imm: 0 });
    sysRegs(p, 'kill', 19, { imm: SIGTERM });
    sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
    sysRegs(p, 'kill', 19, { imm: 0 });
    p.sys('kill', 30000, 0);
    p.sys('getpid');
    p.a.movImm(1, 0).movImm(8, syscall('kill').nr).svc();
    // PROC.WAIT.STATUS: the child's own exit code survives the signal sent to the zombie.
    new Checks(p).word32(status, 3 << 8).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('kill')).toEqual([0n, 0n, 0n, err('ESRCH'), err('ESRCH'), 0n]);
    expect(r.clause('kill', 0)).toBe('SIG.KILL.PROBE');
    expect(r.clause('kill', 3)).toBe('SIG.KILL.NOSUCH');
  });

  it('SIG.KILL.NOGROUPS: kill with pid 0, -1 or below fails EINVAL', () => {
    const p = new Prog();
    p.sys('kill', 0, SIGTERM);
    p.sys('kill', -1, SIGTERM);
    p.sys('kill', -7, 0);
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('kill')).toEqual(Array(3).fill(err('EINVAL')));
  });

  it('SIG.KILL.DEFAULT, SIG.KILL.RETURN, PROC.WAIT.STATUS: kill(child, SIGTERM) ends a blocked child under SIG_DFL; waitpid reports the signal number', () => {
    const p = new Prog();
    const status = p.space(4);
    fork(p, 19, () => {
      p.sys('nanosleep', 10, 0);
      p.exit(7);
    });
    p.sys('nanosleep', 0, 1 * MS);
    sysRegs(p, 'kill', 19, { imm: SIGTERM });
    p.keep(20);
    sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
    new Checks(p).eq(20, 0).word32(status, SIGTERM).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.clause('kill')).toBe('SIG.KILL.RETURN');
    const child = Number(r.ret('fork'));
    expect(callsOf(r, 'nanosleep', child)).toEqual([]);
  });

  /** A kernel whose init runs as principal 1000 with `caps`; a forked child is relabelled principal 1001. */
  function runAsOtherPrincipal(p: Prog, caps: number): { verdict: unknown; kills: (bigint | null)[] } {
    const events: SyscallEvent[] = [];
    const kernel: Kernel = new Kernel({
      maxInstructions: 50_000_000,
      identity: { principal: 1000, session: 1, caps },
      onSyscall: (e) => {
        events.push(e);
        // Fixture: the child belongs to another principal, as if it had logged in.
        if (e.name === 'fork' && e.ret !== null && e.ret > 0n) {
          const child = kernel.processes.get(Number(e.ret))!;
          child.identity = { ...child.identity, principal: 1001 };
        }
      },
    });
    kernel.boot(p.elf(), 'init');
    const result = kernel.run();
    return { verdict: result.verdict, kills: events.filter((e) => e.name === 'kill' && e.outcome === 'return').map((e) => e.ret) };
  }

  function permProgram(): Prog {
    const p = new Prog();
    const status = p.space(4);
    fork(p, 19, () => {
      p.sys('nanosleep', 0, 5 * MS);
      p.exit(3);
    });
    sysRegs(p, 'kill', 19, { imm: 0 });
    sysRegs(p, 'kill', 19, { imm: SIGTERM });
    sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
    load32(p, 20, status);
    p.exit({ reg: 20 });
    return p;
  }

  it('SIG.KILL.PERM: another principal without capConsole gets EPERM, for the 0 probe too, and the target lives on', () => {
    const caps = SEEDED_PRINCIPAL_CAPS.user;
    expect(caps & constValue('CAPABILITIES', 'capConsole')).toBe(0);
    const r = runAsOtherPrincipal(permProgram(), caps);
    expect(r.kills).toEqual([err('EPERM'), err('EPERM')]);
    // Status (3 << 8) & 0xff: the child exited normally.
    expect(r.verdict).toEqual(exitOk);
  });

  it('SIG.KILL.PERM: capConsole may signal another principal', () => {
    const caps = SEEDED_PRINCIPAL_CAPS.user | constValue('CAPABILITIES', 'capConsole');
    const r = runAsOtherPrincipal(permProgram(), caps);
    expect(r.kills).toEqual([0n, 0n]);
    expect(r.verdict).toEqual({ kind: 'exit', status: SIGTERM });
  });

  it('SIG.KILL.SELF: kill(getpid(), SIGTERM) under SIG_DFL never returns to the caller', () => {
    const p = new Prog();
    const msg = p.str('after');
    p.sys('getpid');
    p.a.movImm(1, SIGTERM).movImm(8, syscall('kill').nr).svc();
    p.sys('write', 1, msg, 5);
    p.exit(99);
    const r = run(p);
    expect(r.result.verdict).toMatchObject(killedBy(SIGTERM));
    expect(r.out).toBe('');
  });

  it('SIG.KILL.SELF, SIG.DELIVER.WHEN: from a second thread, a terminating signal to its own process ends it before kill returns', () => {
    const p = new Prog();
    const msg = p.str('after');
    const word = p.space(4);
    const thread = fn(p, () => {
      p.sys('getpid');
      p.a.movImm(1, SIGTERM).movImm(8, syscall('kill').nr).svc();
      p.sys('write', 1, msg, 5);
      p.exit(0);
    });
    p.sys('thread_create', thread, 0, stack(p));
    p.sys('futex', word, FUTEX_WAIT, 0);
    p.exit(99);
    const r = run(p);
    expect(r.result.verdict).toMatchObject(killedBy(SIGTERM));
    expect(r.out).toBe('');
  });

  it('THR.CREATE.ID: kill rejects a thread id with ESRCH', () => {
    const p = new Prog();
    const thread = fn(p, () => {
      const spin = p.a.here();
      p.a.b(spin);
    });
    p.sys('thread_create', thread, 0, stack(p));
    p.keep(19);
    sysRegs(p, 'kill', 19, { imm: 0 });
    sysRegs(p, 'kill', 19, { imm: SIGTERM });
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('kill')).toEqual([err('ESRCH'), err('ESRCH')]);
  });
});

describe('delivery', () => {
  const CHECKED = [2, 3, 4, 5, 6, 7, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 25, 26, 27, 28];
  const value = (r: number): bigint => 0x1234_5678_0000_0000n + BigInt(r) * 0x1_0101n;
  const V0 = 0x0123_4567_89ab_cdefn;

  it('SIG.DELIVER.FRAME, SIG.FRAME.LAYOUT, SIG.FRAME.ENTRY, SIG.RETURN.RESTORE: the handler gets the documented frame and registers, and sigreturn restores every register', () => {
    const p = new Prog();
    const rec = p.space(5 * 8);
    const rest = restorer(p);
    const handler = fn(p, () => {
      p.mov(20, 0).mov(21, 1).mov(22, 2).mov(23, 30);
      p.a.movSp(24, 31);
      [20, 21, 22, 23, 24].forEach((reg, i) => p.store(reg, rec + 8 * i));
      sysRegs(p, 'write', { imm: 1 }, 22, { imm: FRAME_SIZE });
      for (const r of [...CHECKED, 19]) p.a.movImm(r, 0x5a5a_5a5an + BigInt(r));
      p.a.movImm(10, 0xdeadn).inst('FMOV_gen_to_fp', { sf: 1, ftype: 1, rmode: 0, Rn: 10, Rd: 0 });
      p.a.movImm(10, 0).cmpImm(10, 1); // N=1 Z=0 C=0
      p.a.ret();
    });
    p.sys('sigaction', SIGUSR1, handler, rest);
    p.sys('getpid');
    p.a.movSp(19, 31);
    for (const r of CHECKED) p.a.movImm(r, value(r));
    p.a.movImm(10, V0).inst('FMOV_gen_to_fp', { sf: 1, ftype: 1, rmode: 0, Rn: 10, Rd: 0 });
    p.a.movImm(10, 5).cmpImm(10, 5); // Z=1 C=1
    p.a.movImm(1, SIGUSR1).movImm(8, syscall('kill').nr).svc();
    const resumeAt = CODE + p.a.offset;
    p.a.inst('CSINC', { sf: 1, Rm: 31, cond: 1, Rn: 31, Rd: 10 }); // x10 = Z
    p.a.inst('CSINC', { sf: 1, Rm: 31, cond: 3, Rn: 31, Rd: 11 }); // x11 = C
    p.a.inst('CSINC', { sf: 1, Rm: 31, cond: 5, Rn: 31, Rd: 12 }); // x12 = N
    p.a.inst('FMOV_fp_to_gen', { sf: 1, ftype: 1, rmode: 0, Rn: 0, Rd: 1 });
    p.mov(18, 10);
    const c = new Checks(p).eq(0, 0).eq(18, 1).eq(11, 1).eq(12, 0).eq(1, V0);
    for (const r of CHECKED) c.eq(r, value(r));
    p.a.movSp(10, 31);
    c.eqReg(19, 10);
    p.sys('write', 1, rec, 5 * 8);
    c.pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    const bytes = r.result.console;
    expect(bytes.length).toBe(FRAME_SIZE + 40);
    const f = decodeLayout(FRAME, bytes.slice(0, FRAME_SIZE));
    const x = f.x as readonly bigint[];
    expect(f.magic).toBe(FRAME_MAGIC);
    expect(f.signo).toBe(SIGUSR1);
    expect(x[0]).toBe(0n); // kill had returned 0 when the handler was entered (SIG.KILL.SELF)
    expect(x[1]).toBe(BigInt(SIGUSR1));
    expect(x[8]).toBe(BigInt(syscall('kill').nr));
    for (const reg of CHECKED) expect(x[reg]).toBe(value(reg));
    expect(f.sp).toBe(x[19]);
    expect(f.pc).toBe(BigInt(resumeAt));
    expect(f.pstate).toBe(0x6000_0000n);
    const v = f.v as Uint8Array;
    expect(new DataView(v.buffer, v.byteOffset).getBigUint64(0, true)).toBe(V0);
    const view = new DataView(bytes.buffer, bytes.byteOffset + FRAME_SIZE);
    const [hx0, hx1, hx2, hx30, hsp] = [0, 1, 2, 3, 4].map((i) => view.getBigUint64(8 * i, true));
    const frameAt = ((f.sp as bigint) - BigInt(FRAME_SIZE)) & ~BigInt(FRAME_ALIGN - 1);
    expect([hx0, hx1, hx2, hx30, hsp]).toEqual([BigInt(SIGUSR1), 0n, frameAt, BigInt(rest), frameAt]);
    expect(r.events.find((e) => e.name === 'sigreturn')?.outcome).toBe('no-return');
  });

  it('SIG.RETURN.RESTORE: sigreturn takes the registers from the frame as the handler left it, x0 included', () => {
    const p = new Prog();
    const rest = restorer(p);
    const handler = fn(p, () => {
      p.a.movImm(10, 77).inst('STR_X_uoff', { Rt: 10, Rn: 2, imm12: 1 }); // frame.x[0]
      p.a.movImm(10, 55).inst('STR_X_uoff', { Rt: 10, Rn: 2, imm12: 1 + 19 }); // frame.x[19]
      p.a.ret();
    });
    p.sys('sigaction', SIGUSR1, handler, rest);
    p.sys('getpid');
    p.a.movImm(19, 1);
    p.a.movImm(1, SIGUSR1).movImm(8, syscall('kill').nr).svc();
    new Checks(p).eq(0, 77).eq(19, 55).pass();
    expect(run(p).result.verdict).toEqual(exitOk);
  });

  it('SIG.RETURN.BADFRAME: sigreturn without a frame at SP (wrong magic, or unreadable) ends the process with SIGSEGV', () => {
    const noMagic = new Prog();
    noMagic.a.movImm(10, noMagic.space(FRAME_SIZE)).addImm(31, 10, 0);
    noMagic.sys('sigreturn');
    noMagic.exit(99);
    expect(run(noMagic).result.verdict).toMatchObject(killedBy(SIGSEGV));

    const unmapped = new Prog();
    unmapped.a.movImm(10, 0x1000).addImm(31, 10, 0);
    unmapped.sys('sigreturn');
    unmapped.exit(99);
    expect(run(unmapped).result.verdict).toMatchObject(killedBy(SIGSEGV));

    const corrupted = new Prog();
    const rest = restorer(corrupted);
    const handler = fn(corrupted, () => {
      corrupted.a.inst('STR_W_uoff', { Rt: 31, Rn: 2, imm12: 0 }); // magic = 0
      corrupted.a.ret();
    });
    corrupted.sys('sigaction', SIGUSR1, handler, rest);
    corrupted.sys('getpid');
    corrupted.a.movImm(1, SIGUSR1).movImm(8, syscall('kill').nr).svc();
    corrupted.exit(99);
    expect(run(corrupted).result.verdict).toMatchObject(killedBy(SIGSEGV));
  });

  it('SIG.DELIVER.WHEN: pending signals are taken lowest number first, each through its own frame', () => {
    const p = new Prog();
    const log = p.space(3 * 8);
    const next = p.space(8);
    const status = p.space(4);
    const rest = restorer(p);
    const handler = fn(p, () => {
      p.load(10, next);
      p.a.inst('STR_X_uoff', { Rt: 0, Rn: 10, imm12: 0 });
      p.a.addImm(10, 10, 8);
      p.store(10, next);
      p.a.ret();
    });
    p.a.movImm(10, log);
    p.store(10, next);
    p.sys('sigaction', SIGUSR1, handler, rest);
    p.sys('sigaction', SIGUSR2, handler, rest);
    fork(p, 19, () => {
      // Both were pending before the child first ran: USR1 (10) then USR2 (12).
      p.load(20, log);
      p.load(21, log + 8);
      p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 21, imm6: 4, Rn: 20, Rd: 20 });
      p.exit({ reg: 20 });
    });
    sysRegs(p, 'kill', 19, { imm: SIGUSR2 });
    sysRegs(p, 'kill', 19, { imm: SIGUSR1 });
    sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
    new Checks(p).word32(status, (SIGUSR1 + (SIGUSR2 << 4)) << 8).pass();
    expect(run(p).result.verdict).toEqual(exitOk);
  });

  it('SIG.DELIVER.NESTED: a signal sent from inside a handler, the same one included, runs a nested handler before the outer one returns', () => {
    const p = new Prog();
    const counter = p.space(8);
    const seen = p.space(8);
    const log = p.space(8);
    const rest = restorer(p);
    const usr2 = fn(p, () => {
      p.store(0, log);
      p.a.ret();
    });
    const usr1 = fn(p, () => {
      p.mov(20, 30);
      p.load(10, counter);
      p.a.addImm(10, 10, 1);
      p.store(10, counter);
      const inner = p.a.label();
      p.a.cmpImm(10, 1);
      p.a.bcond('ne', inner);
      p.sys('getpid');
      p.keep(21);
      sysRegs(p, 'kill', 21, { imm: SIGUSR2 });
      sysRegs(p, 'kill', 21, { imm: SIGUSR1 });
      p.load(10, counter);
      p.store(10, seen);
      p.a.bind(inner);
      p.mov(30, 20);
      p.a.ret();
    });
    p.sys('sigaction', SIGUSR1, usr1, rest);
    p.sys('sigaction', SIGUSR2, usr2, rest);
    p.sys('getpid');
    p.a.movImm(1, SIGUSR1).movImm(8, syscall('kill').nr).svc();
    new Checks(p).word(counter, 2).word(seen, 2).word(log, SIGUSR2).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.events.filter((e) => e.name === 'sigreturn').length).toBe(3);
  });

  it('SIG.PENDING.COALESCE: a signal sent twice before it is acted on runs its handler once', () => {
    const p = new Prog();
    const counter = p.space(8);
    const status = p.space(4);
    const rest = restorer(p);
    p.sys('sigaction', SIGUSR1, countHandler(p, counter), rest);
    fork(p, 19, () => {
      p.load(20, counter);
      p.exit({ reg: 20 });
    });
    sysRegs(p, 'kill', 19, { imm: SIGUSR1 });
    sysRegs(p, 'kill', 19, { imm: SIGUSR1 });
    sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
    new Checks(p).word32(status, 1 << 8).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('kill')).toEqual([0n, 0n]);
  });

  it('SIG.DELIVER.WHEN: a signal to a process that makes no syscalls is acted on at a preemption', () => {
    const p = new Prog();
    const flag = p.space(8);
    const status = p.space(4);
    const rest = restorer(p);
    p.sys('sigaction', SIGUSR1, flagHandler(p, flag), rest);
    fork(p, 19, () => {
      const spin = p.a.here();
      p.load(10, flag);
      p.a.cbz(10, spin);
      p.exit(7);
    });
    p.sys('nanosleep', 0, 1 * MS);
    sysRegs(p, 'kill', 19, { imm: SIGUSR1 });
    sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
    new Checks(p).word32(status, 7 << 8).pass();
    const r = run(p, { quantum: 1000 });
    expect(r.result.verdict).toEqual(exitOk);
    const child = Number(r.ret('fork'));
    expect(r.calls.filter((e) => e.pid === child)).toEqual([]);
  });

  it('SIG.DELIVER.THREAD: a signal to a process is taken by its initial thread, on its own stack', () => {
    const p = new Prog();
    const flag = p.space(8);
    const handlerSp = p.space(8);
    const word = p.space(4);
    const rest = restorer(p);
    const handler = fn(p, () => {
      p.a.movSp(10, 31);
      p.store(10, handlerSp);
      p.store(0, flag);
      p.a.ret();
    });
    const thread = fn(p, () => {
      p.sys('getpid');
      p.a.movImm(1, SIGUSR1).movImm(8, syscall('kill').nr).svc();
      p.exit(0);
    });
    p.sys('sigaction', SIGUSR1, handler, rest);
    p.sys('thread_create', thread, 0, stack(p));
    p.sys('futex', word, FUTEX_WAIT, 0);
    p.keep(20);
    p.sys('write', 1, handlerSp, 8);
    new Checks(p).eq(20, EINTR).word(flag, SIGUSR1).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    const out = r.result.console;
    const sp = Number(new DataView(out.buffer, out.byteOffset, out.length).getBigUint64(0, true));
    expect(sp).toBeLessThan(STACK_TOP);
    expect(sp).toBeGreaterThanOrEqual(STACK_TOP - STACK_PAGES * 4096);
  });
});

describe('interrupted calls', () => {
  it('SIG.INTR: a read blocked on an empty pipe fails EINTR when a handled signal arrives, and the handler runs', () => {
    const p = new Prog();
    const flag = p.space(8);
    const fds = p.space(8);
    const buf = p.space(8);
    const status = p.space(4);
    const rest = restorer(p);
    p.sys('sigaction', SIGUSR1, flagHandler(p, flag), rest);
    p.sys('pipe', fds);
    p.sys('getpid');
    p.keep(21);
    fork(p, 19, () => {
      p.sys('nanosleep', 0, 1 * MS);
      sysRegs(p, 'kill', 21, { imm: SIGUSR1 });
      p.exit(0);
    });
    load32(p, 22, fds);
    sysRegs(p, 'read', 22, { imm: buf }, { imm: 1 });
    p.keep(20);
    sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
    new Checks(p).eq(20, EINTR).word(flag, SIGUSR1).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    const read = r.calls.find((e) => e.name === 'read')!;
    expect([read.ret, read.clause]).toEqual([EINTR, 'SIG.INTR']);
  });

  it('SIG.INTR: nanosleep fails EINTR when a handled signal arrives', () => {
    const p = new Prog();
    const flag = p.space(8);
    const status = p.space(4);
    const rest = restorer(p);
    p.sys('sigaction', SIGUSR1, flagHandler(p, flag), rest);
    p.sys('getpid');
    p.keep(21);
    fork(p, 19, () => {
      sysRegs(p, 'kill', 21, { imm: SIGUSR1 });
      p.exit(0);
    });
    p.sys('nanosleep', 1000, 0);
    p.keep(20);
    sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
    new Checks(p).eq(20, EINTR).word(flag, SIGUSR1).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.kernel.clock.now).toBeLessThan(1e9);
  });

  it('SIG.INTR: an ignored signal does not interrupt a blocked call', () => {
    const p = new Prog();
    const status = p.space(4);
    p.sys('sigaction', SIGUSR2, SIG_IGN, 0);
    fork(p, 19, () => {
      p.sys('nanosleep', 0, 5 * MS);
      p.exit({ reg: 0 });
    });
    p.sys('nanosleep', 0, 1 * MS);
    sysRegs(p, 'kill', 19, { imm: SIGCHLD });
    sysRegs(p, 'kill', 19, { imm: SIGUSR2 });
    sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
    new Checks(p).word32(status, 0).pass();
    const r = run(p);
    expect(r.result.verdict).toEqual(exitOk);
    expect(r.rets('kill')).toEqual([0n, 0n]);
  });
});

describe('faults', () => {
  const cases = [
    { name: 'SIGSEGV', signal: SIGSEGV, emit: (p: Prog) => p.a.movImm(10, 0x1000).inst('LDR_X_uoff', { Rt: 11, Rn: 10, imm12: 0 }) },
    { name: 'SIGILL', signal: SIGILL, emit: (p: Prog) => p.a.word(0) },
    { name: 'SIGTRAP', signal: SIGTRAP, emit: (p: Prog) => p.a.brk(7) },
  ];

  for (const c of cases) {
    it(`SIG.FAULTS: ${c.name} without a handler terminates the process`, () => {
      const p = new Prog();
      c.emit(p);
      p.exit(99);
      expect(run(p).result.verdict).toMatchObject(killedBy(c.signal));
    });

    it(`SIG.FAULTS, SIG.FRAME.LAYOUT: a ${c.name} handler sees the faulting PC in its frame and can resume after it`, () => {
      const p = new Prog();
      const flag = p.space(8);
      const faultPc = p.space(8);
      const rest = restorer(p);
      const handler = fn(p, () => {
        p.store(0, flag);
        p.a.inst('LDR_X_uoff', { Rt: 10, Rn: 2, imm12: 264 / 8 });
        p.store(10, faultPc);
        p.a.addImm(10, 10, 4).inst('STR_X_uoff', { Rt: 10, Rn: 2, imm12: 264 / 8 });
        p.a.ret();
      });
      p.sys('sigaction', c.signal, handler, rest);
      p.a.movImm(10, 0); // the SIGSEGV case sets x10 itself; the fault is the next instruction
      c.emit(p);
      const at = CODE + p.a.offset - 4;
      new Checks(p).word(flag, c.signal).word(faultPc, at).pass();
      const r = run(p);
      expect(r.result.verdict).toEqual(exitOk);
    });
  }

  it('SIG.FAULTS: a synchronous fault with SIG_IGN still terminates the process', () => {
    const p = new Prog();
    p.sys('sigaction', SIGSEGV, SIG_IGN, 0);
    cases[0]!.emit(p);
    p.exit(99);
    expect(run(p).result.verdict).toMatchObject(killedBy(SIGSEGV));
  });

  it('SIG.FAULT.THREAD, SIG.FAULTS: a fault in a second thread runs the handler on that thread', () => {
    const p = new Prog();
    const flag = p.space(8);
    const done = p.space(4);
    const rest = restorer(p);
    const handler = fn(p, () => {
      p.store(0, flag);
      p.a.inst('LDR_X_uoff', { Rt: 10, Rn: 2, imm12: 264 / 8 });
      p.a.addImm(10, 10, 4).inst('STR_X_uoff', { Rt: 10, Rn: 2, imm12: 264 / 8 });
      p.a.ret();
    });
    const thread = fn(p, () => {
      cases[0]!.emit(p);
      setAndWake(p, done);
      p.exit(0);
    });
    p.sys('sigaction', SIGSEGV, handler, rest);
    p.sys('thread_create', thread, 0, stack(p));
    const loop = p.a.here();
    load32(p, 10, done);
    const out = p.a.label();
    p.a.cbnz(10, out);
    p.sys('futex', done, FUTEX_WAIT, 0);
    p.a.b(loop);
    p.a.bind(out);
    new Checks(p).word(flag, SIGSEGV).pass();
    expect(run(p).result.verdict).toEqual(exitOk);
  });

  it('SIG.FAULT.CODE: an unmapped address is SEGV_MAPERR (1), a protection violation SEGV_ACCERR (2)', () => {
    const unmapped = new Prog();
    unmapped.a.movImm(10, 0x1000).inst('LDR_X_uoff', { Rt: 0, Rn: 10, imm12: 0 });
    const r1 = run(unmapped);
    expect(r1.result.verdict).toMatchObject(killedBy(SIGSEGV));
    expect(r1.trace.some((l) => l.includes(`fault: signal ${SIGSEGV} code 1 at 0x1000`))).toBe(true);

    const readOnly = new Prog();
    readOnly.a.movImm(10, CODE).inst('STR_X_uoff', { Rt: 0, Rn: 10, imm12: 0 });
    const r2 = run(readOnly);
    expect(r2.result.verdict).toMatchObject(killedBy(SIGSEGV));
    expect(r2.trace.some((l) => l.includes(`fault: signal ${SIGSEGV} code 2 at 0x${CODE.toString(16)}`))).toBe(true);
  });

  it('SIG.FRAME.NOSPACE: a handler whose frame cannot be written below SP ends the process with SIGSEGV', () => {
    const p = new Prog();
    const rest = restorer(p);
    const h = fn(p, () => p.a.ret());
    p.sys('sigaction', SIGUSR1, h, rest);
    p.sys('getpid');
    p.a.movImm(10, DATA + 256).addImm(31, 10, 0);
    p.a.movImm(1, SIGUSR1).movImm(8, syscall('kill').nr).svc();
    p.exit(99);
    expect(run(p).result.verdict).toMatchObject(killedBy(SIGSEGV));
  });
});

describe('determinism', () => {
  it('SIG.DELIVER.WHEN: the same signal program gives the same trace twice', () => {
    const build = (): Prog => {
      const p = new Prog();
      const counter = p.space(8);
      const status = p.space(4);
      const rest = restorer(p);
      p.sys('sigaction', SIGUSR1, countHandler(p, counter), rest);
      fork(p, 19, () => {
        const spin = p.a.here();
        p.load(10, counter);
        p.a.cmpImm(10, 3);
        p.a.bcond('lt', spin);
        p.exit(5);
      });
      for (let i = 0; i < 3; i++) {
        sysRegs(p, 'kill', 19, { imm: SIGUSR1 });
        p.sys('nanosleep', 0, 1 * MS);
      }
      sysRegs(p, 'waitpid', 19, { imm: status }, { imm: 0 });
      new Checks(p).word32(status, 5 << 8).pass();
      return p;
    };
    const a = run(build(), { quantum: 777 });
    const b = run(build(), { quantum: 777 });
    expect(a.result.verdict).toEqual(exitOk);
    expect(b.trace).toEqual(a.trace);
    expect(b.result.instructions).toBe(a.result.instructions);
  });
});
