// Signals: sigaction (SIG_DFL, SIG_IGN, handlers, uncatchable signals, missing restorer, bad
// numbers), kill (to self, to children, bad pids), default actions and SIG_IGN discarding.
// Each case's expectation comes from the model below, which reads only spec constants:
// SIG.DEFAULT.ACTION through SIGNAL_DEFAULT_ACTION, SIG.UNCATCHABLE through UNCATCHABLE_SIGNALS.

import { constValue } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  CATCHABLE, defaultAction, errno, expectWord, forkChild, INIT_PID, isUncatchable, kill, killSelf, lname, AREA, MS,
  PINNED, readFdAt, Recorder, Report, restorer, SIG_DFL, SIG_IGN, sig, SIGNAL_LIST, sigaction, sleepNs, stackTop,
  threadCreate, fn, waitBlocked, waitpid, waitState, writeFdAt, FUTEX_WAIT, FUTEX_WAKE, storeImm32, store64, expectSame,
} from './kit.js';

export type Disp = 'none' | 'dfl' | 'ign' | 'handler';
export type Effect = 'terminate' | 'ignore' | 'handler';

/** What a signal does to its target under a disposition the process asked for (SIG.UNCATCHABLE keeps SIG_DFL). */
export function effect(signo: number, disp: Disp): Effect {
  if (isUncatchable(signo) || disp === 'none' || disp === 'dfl') return defaultAction(signo);
  return disp === 'ign' ? 'ignore' : 'handler';
}

const CHILD_EXIT = 7;
const DISPS: readonly Disp[] = ['dfl', 'ign', 'handler'];

/** Installs `disp` for `signo` (nothing for 'none') and asserts the sigaction result. */
export function install(p: CaseProgram, signo: number, disp: Disp, rec: Recorder, rest: number): void {
  if (disp === 'none') return;
  const handler = disp === 'dfl' ? SIG_DFL : disp === 'ign' ? SIG_IGN : rec.address;
  sigaction(p, signo, handler, disp === 'handler' ? rest : 0);
  if (isUncatchable(signo)) {
    p.expectErrno(`sigaction(${lname(signo)}, ${disp}) fails EINVAL`, ['SIG.UNCATCHABLE'], 'EINVAL');
  } else {
    p.expectEq(`sigaction(${lname(signo)}, ${disp}) returns 0`, ['SIG.ACTION.RECORD'], 0);
  }
}

export function effectClauses(e: Effect): string[] {
  if (e === 'terminate') return ['SIG.DEFAULT.ACTION', 'PROC.WAIT.STATUS'];
  if (e === 'ignore') return ['SIG.DEFAULT.ACTION', 'SIG.IGN.DISCARD'];
  return ['SIG.DELIVER.FRAME', 'SIG.FRAME.ENTRY'];
}

const effectText = (e: Effect): string => (e === 'handler' ? 'handled' : e === 'ignore' ? 'ignored' : 'fatal');

/**
 * Init's side: waits for the child and checks its status; when the child lived, checks its
 * report (word 0 as `first`, the handler count, the signal the handler got).
 */
function checkChildOutcome(
  p: CaseProgram, child: Reg, report: Report, signo: number, e: Effect,
  first: { what: string; value: bigint; clauses: string[] },
): void {
  const status = p.space(8, 8);
  report.closeWriter(p);
  waitpid(p, child, status);
  const expected = e === 'terminate' ? signo : CHILD_EXIT << 8;
  const how = e === 'terminate' ? `killed by ${lname(signo)}` : `exited ${CHILD_EXIT}`;
  expectWord(p, `waitpid status: child ${how}`, ['PROC.WAIT.STATUS', 'PROC.FORK.SIGNALS', ...effectClauses(e), ...(e === 'terminate' && signo === sig('SIGTERM') ? ['SIG.KILL.DEFAULT'] : [])], status, expected);
  if (e === 'terminate') return;
  report.receive(p);
  p.expectEq('the child report arrived whole', ['FD.PIPE.PARTIAL'], 8 * report.words);
  expectWord(p, first.what, first.clauses, report.at(0), first.value);
  expectWord(p, `the handler ran ${e === 'handler' ? 'once' : 'never'}`, effectClauses(e), report.at(1), e === 'handler' ? 1 : 0);
  if (e === 'handler') expectWord(p, `the handler got x0 = ${signo}`, ['SIG.FRAME.ENTRY'], report.at(2), signo);
}

/** The child's side: word 0 from register `first`, then the recorder's count and first x0; exit CHILD_EXIT. */
function childReport(p: CaseProgram, report: Report, rec: Recorder, first: number): void {
  report.put(p, 0, first);
  p.load(20, rec.count);
  report.put(p, 1, 20);
  p.load(20, rec.entry(0).x0);
  report.put(p, 2, 20);
  report.send(p);
  p.exit(CHILD_EXIT);
}

/** A disposition (or none), then kill to self in a forked child. */
function selfKillCase(signo: number, disp: Disp): CaseDef {
  const e = effect(signo, disp);
  const what = disp === 'none' ? 'no sigaction' : `sigaction ${disp}`;
  const family = disp === 'none' ? 'default/self' : `sigaction/${disp}`;
  return derivedCase(AREA, {
    id: `${family}/${lname(signo)}`,
    description: `${what} for ${lname(signo)} (${signo}), then kill(getpid(), ${signo}) in a forked child: the signal is ${effectText(e)}`,
    clauses: [
      'SIG.KILL.SELF', 'SIG.KILL.RETURN', 'SIG.NUMBERS', 'PROC.FORK.SIGNALS', 'PROC.WAIT.STATUS', 'FD.PIPE.PARTIAL', ...effectClauses(e),
      ...(disp === 'none' ? [] : isUncatchable(signo) ? ['SIG.UNCATCHABLE'] : ['SIG.ACTION.RECORD']),
      ...(e === 'terminate' && signo === sig('SIGTERM') ? ['SIG.KILL.DEFAULT'] : []),
    ],
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p);
      install(p, signo, disp, rec, rest);
      const report = new Report(p, 3);
      const child = forkChild(p, () => {
        killSelf(p, signo);
        p.mov(21, 0);
        childReport(p, report, rec, 21);
      });
      checkChildOutcome(p, child, report, signo, e, { what: 'kill to self returned 0', value: 0n, clauses: ['SIG.KILL.RETURN', 'SIG.KILL.SELF'] });
    },
  });
}

/** A disposition inherited by a child blocked in read; init sends the signal. */
function childKillCase(signo: number, disp: Disp): CaseDef {
  const e = effect(signo, disp);
  return derivedCase(AREA, {
    id: `kill-child/${disp}/${lname(signo)}`,
    description: `a child blocked in read on an empty pipe with ${lname(signo)} at ${disp} (inherited over fork) gets kill(child, ${signo}) from init: ${effectText(e)}${e === 'handler' ? ', the read fails EINTR' : e === 'ignore' ? ', the read goes on' : ''}`,
    clauses: [
      'SIG.KILL.RETURN', 'SIG.INTR', 'SIG.DELIVER.WHEN', 'PROC.FORK.SIGNALS', 'PROC.WAIT.STATUS', 'FD.PIPE.PARTIAL', ...effectClauses(e),
      ...(isUncatchable(signo) ? ['SIG.UNCATCHABLE'] : ['SIG.ACTION.RECORD']), ...(signo === sig('SIGTERM') ? ['SIG.KILL.DEFAULT'] : []),
    ],
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p);
      install(p, signo, disp, rec, rest);
      const fds = p.space(8, 8);
      const buf = p.space(8, 8);
      p.sys('pipe', fds);
      const report = new Report(p, 3);
      const child = forkChild(p, () => {
        readFdAt(p, fds, buf, 1);
        p.mov(21, 0);
        childReport(p, report, rec, 21);
      });
      waitBlocked(p, child);
      kill(p, child, signo);
      p.expectEq(`kill(child, ${lname(signo)}) returns 0`, ['SIG.KILL.RETURN'], 0);
      sleepNs(p, MS);
      writeFdAt(p, fds + 4, buf, 1);
      checkChildOutcome(p, child, report, signo, e, e === 'handler'
        ? { what: 'the blocked read failed EINTR', value: errno('EINTR'), clauses: ['SIG.INTR'] }
        : { what: 'the read was not interrupted: it returned the byte written later', value: 1n, clauses: ['SIG.INTR', 'SIG.DEFAULT.ACTION'] });
    },
  });
}

/** sigaction with a handler and restorer 0 fails EINVAL and leaves the previous disposition. */
function noRestorerCase(signo: number, prior: 'dfl' | 'ign'): CaseDef {
  const e = effect(signo, prior);
  return derivedCase(AREA, {
    id: `norestorer/${prior}/${lname(signo)}`,
    description: `sigaction(${lname(signo)}, handler, restorer 0) fails EINVAL; the earlier ${prior} stays, so kill to self in a child is ${effectText(e)}`,
    clauses: ['SIG.ACTION.NORESTORER', 'SIG.ACTION.RECORD', 'SIG.KILL.SELF', 'SIG.KILL.RETURN', 'PROC.FORK.SIGNALS', 'PROC.WAIT.STATUS', 'FD.PIPE.PARTIAL', ...effectClauses(e), ...(e === 'terminate' && signo === sig('SIGTERM') ? ['SIG.KILL.DEFAULT'] : [])],
    build({ p }) {
      const rec = new Recorder(p);
      sigaction(p, signo, prior === 'dfl' ? SIG_DFL : SIG_IGN, 0);
      p.expectEq(`sigaction(${lname(signo)}, ${prior}) returns 0`, ['SIG.ACTION.RECORD'], 0);
      sigaction(p, signo, rec.address, 0);
      p.expectErrno('a handler without a restorer fails EINVAL', ['SIG.ACTION.NORESTORER'], 'EINVAL');
      const report = new Report(p, 3);
      const child = forkChild(p, () => {
        killSelf(p, signo);
        p.mov(21, 0);
        childReport(p, report, rec, 21);
      });
      checkChildOutcome(p, child, report, signo, e, { what: 'kill to self returned 0', value: 0n, clauses: ['SIG.KILL.RETURN', 'SIG.KILL.SELF'] });
    },
  });
}

/** Signal numbers outside 1..31: sigaction and kill fail EINVAL. Values are 64-bit register contents. */
const BAD_NUMBERS: readonly bigint[] = [
  0n, 32n, 33n, 63n, 64n, 100n, 255n, 256n, 1000n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, -1n, -2n, -9n, -31n, -32n,
];
const hex = (v: bigint): string => (v < 0n ? `m${(-v).toString(16)}` : v.toString(16));

function sigactionBadNumberCase(value: bigint, disp: 'dfl' | 'ign' | 'handler'): CaseDef {
  return derivedCase(AREA, {
    id: `sigaction-badsig/${disp}/${hex(value)}`,
    description: `sigaction(${value}, ${disp}) fails EINVAL: the signal number is not in 1..31`,
    clauses: ['SIG.NUMBER.INVALID', 'SIG.NUMBERS', 'ABI.ARGS.UNUSED'],
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p);
      sigaction(p, BigInt.asUintN(64, value), disp === 'dfl' ? SIG_DFL : disp === 'ign' ? SIG_IGN : rec.address, disp === 'handler' ? rest : 0);
      p.expectErrno(`sigaction(${value}) fails EINVAL`, ['SIG.NUMBER.INVALID', 'SIG.NUMBERS'], 'EINVAL');
    },
  });
}

function killBadNumberCase(value: bigint, target: 'self' | 'nosuch'): CaseDef {
  const pid = target === 'self' ? INIT_PID : 30_000;
  return derivedCase(AREA, {
    id: `kill-badsig/${target}/${hex(value)}`,
    description: `kill(${pid}, ${value}) fails EINVAL${target === 'nosuch' ? ' before the pid is looked up' : ''}: the signal number is not in 0..31`,
    clauses: ['SIG.NUMBER.INVALID', 'SIG.NUMBERS', ...(target === 'nosuch' ? ['ABI.CHECK.ORDER'] : ['SIG.KILL.PROBE'])],
    build({ p }) {
      kill(p, pid, BigInt.asUintN(64, value));
      p.expectErrno(`kill(${pid}, ${value}) fails EINVAL`, ['SIG.NUMBER.INVALID', ...(target === 'nosuch' ? ['ABI.CHECK.ORDER'] : [])], 'EINVAL');
      if (target === 'self') {
        kill(p, INIT_PID, 0);
        p.expectEq('the caller is alive: kill(self, 0) returns 0', ['SIG.KILL.PROBE'], 0);
      }
    },
  });
}

/** A 32-bit argument uses the low 32 bits (ABI.ARGS.UNUSED): high garbage over a valid number. */
function upperBitsCase(high: bigint, signo: number): CaseDef {
  const value = (high << 32n) | BigInt(signo);
  return derivedCase(AREA, {
    id: `sigaction-upper/${lname(signo)}/${high.toString(16)}`,
    description: `sigaction and kill take signal 0x${value.toString(16)} as ${signo}: the upper 32 bits of the register are ignored`,
    clauses: ['ABI.ARGS.UNUSED', 'SIG.ACTION.RECORD', 'SIG.KILL.SELF', 'SIG.DELIVER.FRAME', 'SIG.FRAME.ENTRY'],
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p);
      sigaction(p, value, rec.address, rest);
      p.expectEq('sigaction returns 0', ['SIG.ACTION.RECORD', 'ABI.ARGS.UNUSED'], 0);
      kill(p, INIT_PID, value);
      p.expectEq('kill to self returns 0', ['SIG.KILL.SELF'], 0);
      expectWord(p, 'the handler ran once', ['SIG.DELIVER.FRAME'], rec.count, 1);
      expectWord(p, `the handler got x0 = ${signo}`, ['SIG.FRAME.ENTRY', 'ABI.ARGS.UNUSED'], rec.entry(0).x0, signo);
    },
  });
}

/** kill with pid <= 0 (EINVAL) or naming no process (ESRCH). */
function killPidCase(pid: bigint, signo: number): CaseDef {
  const invalid = BigInt.asIntN(32, pid) <= 0n;
  return derivedCase(AREA, {
    id: `kill-pid/${invalid ? 'nogroups' : 'nosuch'}/${hex(pid)}/${signo}`,
    description: `kill(${pid}, ${signo}) fails ${invalid ? 'EINVAL: there are no process groups' : 'ESRCH: no such process'}`,
    clauses: invalid ? ['SIG.KILL.NOGROUPS', 'ABI.PID.INVALID'] : ['SIG.KILL.NOSUCH'],
    build({ p }) {
      kill(p, BigInt.asUintN(64, pid), signo);
      p.expectErrno(`kill(${pid}, ${signo})`, invalid ? ['SIG.KILL.NOGROUPS', 'ABI.PID.INVALID'] : ['SIG.KILL.NOSUCH'], invalid ? 'EINVAL' : 'ESRCH');
    },
  });
}

/** kill probes and signals to a child through its life: live, zombie, reaped. */
function killChildStateCase(signo: number): CaseDef {
  const zombieEffect = 'a zombie accepts the signal with no effect';
  return derivedCase(AREA, {
    id: `kill-child-state/${signo === 0 ? 'probe' : lname(signo)}`,
    description: `kill(child, ${signo}) returns 0 while the child is live (blocked) and once it is a zombie (${zombieEffect}); ESRCH after waitpid reaped it`,
    clauses: ['SIG.KILL.NOSUCH', 'SIG.KILL.RETURN', 'PROC.WAIT.STATUS', 'PROC.WAIT.REAP', 'PROC.EXIT.ZOMBIE', ...(signo === 0 ? ['SIG.KILL.PROBE'] : ['SIG.DEFAULT.ACTION'])],
    build({ p }) {
      const fds = p.space(8, 8);
      const buf = p.space(8, 8);
      const status = p.space(8, 8);
      p.sys('pipe', fds);
      // The child blocks until init writes, then exits 3.
      const child = forkChild(p, () => {
        readFdAt(p, fds, buf, 1);
        p.exit(3);
      });
      waitBlocked(p, child);
      // A probe only; for a real signal use an ignored one so the live child survives.
      const live = signo === 0 ? 0 : sig('SIGCHLD');
      kill(p, child, live);
      p.expectEq(`kill(live child, ${live}) returns 0`, [signo === 0 ? 'SIG.KILL.PROBE' : 'SIG.KILL.RETURN'], 0);
      writeFdAt(p, fds + 4, buf, 1);
      waitState(p, child, constValue('PROC_STATES', 'PROC_ZOMBIE'));
      kill(p, child, signo);
      p.expectEq(`kill(zombie child, ${signo}) returns 0`, ['SIG.KILL.NOSUCH', 'PROC.EXIT.ZOMBIE'], 0);
      waitpid(p, child, status);
      expectSame(p, 'waitpid reaps the child: it returns its pid', ['PROC.WAIT.REAP'], 0, child.n);
      expectWord(p, 'its status is still exit 3', ['SIG.KILL.NOSUCH', 'PROC.WAIT.STATUS'], status, 3 << 8);
      kill(p, child, signo);
      p.expectErrno('kill(reaped child) fails ESRCH', ['SIG.KILL.NOSUCH'], 'ESRCH');
    },
  });
}

/** SIG_IGN discards: a signal sent while ignored is not pending once a handler is installed. */
function ignDiscardCase(signo: number): CaseDef {
  return derivedCase(AREA, {
    id: `ign-discard/sent/${lname(signo)}`,
    description: `with ${lname(signo)} at SIG_IGN kill to self returns 0 and is discarded: installing a handler afterwards runs nothing; a later kill runs it once`,
    clauses: ['SIG.IGN.DISCARD', 'SIG.ACTION.RECORD', 'SIG.KILL.SELF', 'SIG.DELIVER.FRAME', 'SIG.FRAME.ENTRY'],
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p);
      sigaction(p, signo, SIG_IGN, 0);
      p.expectEq('sigaction SIG_IGN returns 0', ['SIG.ACTION.RECORD'], 0);
      kill(p, INIT_PID, signo);
      p.expectEq('kill to self returns 0', ['SIG.KILL.SELF', 'SIG.IGN.DISCARD'], 0);
      sigaction(p, signo, rec.address, rest);
      p.expectEq('sigaction handler returns 0', ['SIG.ACTION.RECORD'], 0);
      p.sys('getpid');
      expectWord(p, 'the ignored signal was not left pending', ['SIG.IGN.DISCARD'], rec.count, 0);
      kill(p, INIT_PID, signo);
      p.expectEq('kill to self returns 0', ['SIG.KILL.SELF'], 0);
      expectWord(p, 'now the handler ran once', ['SIG.DELIVER.FRAME'], rec.count, 1);
      expectWord(p, `with x0 = ${signo}`, ['SIG.FRAME.ENTRY'], rec.entry(0).x0, signo);
    },
  });
}

/**
 * Setting SIG_IGN discards a pending instance: a second thread signals its own process (the
 * initial thread, which takes signals, is blocked), then sets SIG_IGN before the initial thread
 * runs again (PINNED schedule).
 */
function ignPendingCase(signo: number): CaseDef {
  return derivedCase(AREA, {
    id: `ign-discard/pending/${lname(signo)}`,
    description: `${lname(signo)} made pending by a second thread is discarded when that thread sets SIG_IGN before the initial thread runs: the handler never runs`,
    clauses: ['SIG.IGN.DISCARD', 'SIG.DELIVER.THREAD', 'SIG.ACTION.PERPROCESS', 'SIG.ACTION.RECORD', 'SIG.KILL.RETURN', 'THR.CREATE.SHARE', 'THR.CREATE.ID'],
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p);
      const word = p.space(8, 8);
      const result = p.space(16, 8);
      const entry = fn(p, () => {
        killSelf(p, signo);
        store64(p, 0, result);
        sigaction(p, signo, SIG_IGN, 0);
        store64(p, 0, result + 8);
        storeImm32(p, 1, word);
        p.sys('futex', word, FUTEX_WAKE, 1);
        p.exit(0);
      });
      sigaction(p, signo, rec.address, rest);
      p.expectEq('sigaction handler returns 0', ['SIG.ACTION.RECORD'], 0);
      threadCreate(p, entry, 0, stackTop(p));
      p.expectCmp('thread_create returns a thread id', ['THR.CREATE.ID'], 'gt', 0);
      p.sys('futex', word, FUTEX_WAIT, 0);
      p.sys('getpid');
      expectWord(p, 'the thread\'s kill returned 0', ['SIG.KILL.RETURN'], result, 0);
      expectWord(p, 'the thread\'s sigaction SIG_IGN returned 0', ['SIG.ACTION.RECORD', 'SIG.IGN.DISCARD'], result + 8, 0);
      expectWord(p, 'the discarded signal never reached the handler', ['SIG.IGN.DISCARD', 'SIG.ACTION.PERPROCESS'], rec.count, 0);
      return { boot: PINNED };
    },
  });
}

export function signalCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const s of SIGNAL_LIST) out.push(selfKillCase(s.value, 'none'));
  for (const d of DISPS) for (const s of SIGNAL_LIST) out.push(selfKillCase(s.value, d));
  for (const d of DISPS) for (const s of SIGNAL_LIST) out.push(childKillCase(s.value, d));
  for (const prior of ['dfl', 'ign'] as const) for (const s of CATCHABLE) out.push(noRestorerCase(s.value, prior));
  for (const d of ['dfl', 'ign', 'handler'] as const) for (const v of BAD_NUMBERS) out.push(sigactionBadNumberCase(v, d));
  for (const v of BAD_NUMBERS) if (v !== 0n) out.push(killBadNumberCase(v, 'self'), killBadNumberCase(v, 'nosuch'));
  for (const [high, s] of [[1n, 'SIGUSR1'], [0xdeadn, 'SIGUSR2'], [0xffff_ffffn, 'SIGHUP'], [0x8000_0000n, 'SIGALRM']] as const) {
    out.push(upperBitsCase(high, sig(s)));
  }
  for (const pid of [0n, -1n, -2n, -100n, -0x8000_0000n, 2n, 999n, 30_000n, 32_767n, 0x7fff_ffffn]) {
    for (const s of [0, sig('SIGTERM'), sig('SIGKILL')]) out.push(killPidCase(pid, s));
  }
  for (const s of [0, sig('SIGTERM'), sig('SIGKILL'), sig('SIGUSR1')]) out.push(killChildStateCase(s));
  for (const s of CATCHABLE) out.push(ignDiscardCase(s.value));
  for (const s of ['SIGHUP', 'SIGINT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGTERM', 'SIGCHLD', 'SIGWINCH']) out.push(ignPendingCase(sig(s)));
  return out;
}
