// Every signal 1..31 sent to a child: the wait status (or spawn's status) under the default
// action, SIG_IGN and a handler, by kill, pidfd_send_signal and kill(getpid()) in a spawned child.

import {
  constValue, layout, SIGNAL_DEFAULT_ACTION, SIGNALS, spawnStatus, UNCATCHABLE_SIGNALS, waitStatusExited, waitStatusSignaled,
} from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, call, cell, childProgram, errno, expectSame, expectStatus, fork, offsetOf, Pipe, recordingHandler } from './kit.js';

type Mode = 'default' | 'ignore' | 'handle';
type Effect = 'terminate' | 'ignore' | 'handle';

const MODES: readonly Mode[] = ['default', 'ignore', 'handle'];
const SIG_IGN = 1;
const PROC_BLOCKED = constValue('PROC_STATES', 'PROC_BLOCKED');
/** A child that survives a signal exits with 64 + the signal its handler recorded (0: none ran). */
const SURVIVED = 64;

interface Sig {
  readonly name: string;
  readonly nr: number;
  readonly uncatchable: boolean;
  readonly defaultAction: 'terminate' | 'ignore';
}

const SIGS: readonly Sig[] = SIGNALS.members.map((m) => ({
  name: m.name,
  nr: m.value,
  uncatchable: UNCATCHABLE_SIGNALS.includes(m.name),
  defaultAction: SIGNAL_DEFAULT_ACTION[m.name]!,
}));

/** What the signal does to a process whose disposition was set with `mode` (SIG.UNCATCHABLE keeps SIG_DFL). */
function effect(s: Sig, mode: Mode): Effect {
  if (mode === 'default' || s.uncatchable) return s.defaultAction;
  return mode;
}

const slug = (name: string): string => name.toLowerCase();

/** sigaction for `mode` (nothing for default); asserts EINVAL for SIGKILL/SIGSTOP. */
function setDisposition(p: CaseProgram, s: Sig, mode: Mode, flag: number): void {
  if (mode === 'default') return;
  const target = mode === 'ignore' ? { handler: SIG_IGN, restorer: 0 } : recordingHandler(p, flag);
  call(p, 'sigaction', s.nr, target.handler, target.restorer);
  if (s.uncatchable) {
    p.expectErrno(`sigaction(${s.name}, ${mode === 'ignore' ? 'SIG_IGN' : 'handler'}) fails EINVAL`, ['SIG.UNCATCHABLE'], 'EINVAL');
  } else {
    p.expectEq(`sigaction(${s.name}, ${mode === 'ignore' ? 'SIG_IGN' : 'handler'}) returns 0`, ['SIG.ACTION.RECORD'], 0);
  }
}

/** Added to a surviving child's exit code for each read that failed EINTR (SIG.INTR). */
const PER_EINTR = 32;

/**
 * The forked child: reads one byte from `pipe` (retrying after EINTR), then exits with SURVIVED +
 * the signal number its handler recorded (+ PER_EINTR per EINTR when `countEintr`).
 */
function blockThenReport(p: CaseProgram, pipe: Pipe, buf: number, flag: number, countEintr: boolean): void {
  p.a.movImm(7, 0);
  const again = p.a.here();
  call(p, 'read', pipe.read, buf, 1);
  const done = p.a.label();
  p.a.cmpImm(0, -errno('EINTR'));
  p.a.bcond('ne', done);
  p.a.addImm(7, 7, countEintr ? PER_EINTR : 0);
  p.a.b(again);
  p.a.bind(done);
  p.loadInt(0, flag);
  p.a.addImm(0, 0, SURVIVED);
  p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 7, imm6: 0, Rn: 0, Rd: 0 });
  call(p, 'exit', new Reg(0));
}

function expectedWait(s: Sig, e: Effect): number {
  if (e === 'terminate') return waitStatusSignaled(s.nr);
  return waitStatusExited(SURVIVED + (e === 'handle' ? s.nr : 0));
}

function effectClauses(s: Sig, e: Effect): string[] {
  switch (e) {
    case 'terminate':
      return ['SIG.DEFAULT.ACTION', 'SIG.DELIVER.WHEN', 'PROC.WAIT.STATUS', 'PROC.WAIT.STATUS.SEED', ...(s.name === 'SIGTERM' ? ['SIG.KILL.DEFAULT'] : [])];
    case 'ignore':
      return ['SIG.DEFAULT.ACTION', 'SIG.IGN.DISCARD', 'PROC.WAIT.STATUS', 'PROC.WAIT.EXITCODE'];
    case 'handle':
      return ['SIG.DELIVER.FRAME', 'SIG.FRAME.ENTRY', 'SIG.RETURN.RESTORE', 'PROC.WAIT.STATUS', 'PROC.WAIT.EXITCODE'];
  }
}

function describeEffect(s: Sig, e: Effect): string {
  if (e === 'terminate') return `the child dies of it: status ${s.nr}`;
  if (e === 'ignore') return `the child ignores it and exits ${SURVIVED}: status 0x${waitStatusExited(SURVIVED).toString(16)}`;
  return `the child's handler runs and it exits ${SURVIVED + s.nr}`;
}

/** kill(child, sig) with the child's disposition set by `mode` (inherited across fork). */
function forkKillCase(s: Sig, mode: Mode): CaseDef {
  const e = effect(s, mode);
  const setClauses = mode === 'default' ? [] : s.uncatchable ? ['SIG.UNCATCHABLE'] : ['SIG.ACTION.RECORD', 'PROC.FORK.SIGNALS'];
  return derivedCase(AREA, {
    id: `signal/kill/${mode}/${slug(s.name)}`,
    description: `${s.name} (${s.nr}) by kill to a forked child whose disposition is ${mode === 'handle' ? 'a handler' : mode === 'ignore' ? 'SIG_IGN' : 'SIG_DFL'}: ${describeEffect(s, e)}`,
    clauses: ['SIG.KILL.RETURN', 'SIG.NUMBERS', 'PROC.WAIT.REAP', ...setClauses, ...effectClauses(s, e)],
    build({ p }) {
      const flag = cell(p);
      const buf = cell(p);
      const status = cell(p);
      const pipe = new Pipe(p);
      setDisposition(p, s, mode, flag);
      pipe.create(p);
      const child = p.variable();
      fork(p, () => blockThenReport(p, pipe, buf, flag, false));
      p.save(child);
      call(p, 'kill', child, s.nr);
      p.expectEq(`kill(child, ${s.name}) returns 0`, ['SIG.KILL.RETURN', 'SIG.NUMBERS'], 0);
      call(p, 'write', pipe.write, buf, 1);
      call(p, 'waitpid', child, status, 0);
      expectSame(p, 'waitpid returns the child pid', ['PROC.WAIT.REAP'], 0, child.n);
      expectStatus(p, `wait status 0x${expectedWait(s, e).toString(16)}: ${describeEffect(s, e)}`, effectClauses(s, e), status, expectedWait(s, e));
    },
  });
}

/**
 * As forkKillCase, but the signal arrives while the child is blocked in read: init polls procstat
 * until the child's state is PROC_BLOCKED. A handled signal then makes the read fail EINTR once
 * (SIG.INTR), an ignored one leaves it blocked, a terminating one ends the child.
 */
function blockedKillCase(s: Sig, mode: Mode): CaseDef {
  const e = effect(s, mode);
  const expected = e === 'terminate' ? waitStatusSignaled(s.nr) : waitStatusExited(SURVIVED + (e === 'handle' ? s.nr + PER_EINTR : 0));
  const setClauses = mode === 'default' ? [] : s.uncatchable ? ['SIG.UNCATCHABLE'] : ['SIG.ACTION.RECORD', 'PROC.FORK.SIGNALS'];
  const outcome = e === 'terminate'
    ? `the child dies of it: status ${s.nr}`
    : e === 'ignore'
      ? `the read stays blocked and the child exits ${SURVIVED} once it gets its byte`
      : `the read fails EINTR once, the handler runs, and the child exits ${SURVIVED + s.nr + PER_EINTR}`;
  const outcomeClauses = [...effectClauses(s, e), ...(e === 'ignore' ? [] : ['SIG.INTR'])];
  return derivedCase(AREA, {
    id: `signal/kill-blocked/${mode}/${slug(s.name)}`,
    description: `${s.name} (${s.nr}) by kill to a child blocked in read (procstat shows PROC_BLOCKED) whose disposition is ${mode === 'handle' ? 'a handler' : mode === 'ignore' ? 'SIG_IGN' : 'SIG_DFL'}: ${outcome}`,
    clauses: ['SIG.KILL.RETURN', 'SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'PROC.WAIT.REAP', ...setClauses, ...outcomeClauses],
    build({ p }) {
      const flag = cell(p);
      const buf = cell(p);
      const status = cell(p);
      const records = p.space(4 * layout('procstat').size, 8);
      const pipe = new Pipe(p);
      setDisposition(p, s, mode, flag);
      pipe.create(p);
      const child = p.variable();
      fork(p, () => blockThenReport(p, pipe, buf, flag, true));
      p.save(child);
      // procstat lists init (pid 1) then the child; wait until the child's record says PROC_BLOCKED.
      const poll = p.a.here();
      call(p, 'nanosleep', 0, 100_000);
      call(p, 'procstat', records, 4);
      p.loadInt(3, records + layout('procstat').size + offsetOf('procstat', 'state'));
      p.a.cmpImm(3, PROC_BLOCKED);
      p.a.bcond('ne', poll);
      p.loadInt(3, records + layout('procstat').size + offsetOf('procstat', 'pid'));
      expectSame(p, 'procstat\'s second record is the child, now PROC_BLOCKED', ['SYS.PSINFO.STATE', 'PROC.STATE.VALUES'], 3, child.n);
      call(p, 'kill', child, s.nr);
      p.expectEq(`kill(child, ${s.name}) returns 0`, ['SIG.KILL.RETURN'], 0);
      call(p, 'write', pipe.write, buf, 1);
      call(p, 'waitpid', child, status, 0);
      expectSame(p, 'waitpid returns the child pid', ['PROC.WAIT.REAP'], 0, child.n);
      expectStatus(p, `wait status 0x${expected.toString(16)}: ${outcome}`, outcomeClauses, status, expected);
    },
  });
}

/** pidfd_send_signal(pidfd, sig) to a forked child with SIG_DFL; afterwards the pidfd reports ESRCH. */
function pidfdSignalCase(s: Sig): CaseDef {
  const e = effect(s, 'default');
  return derivedCase(AREA, {
    id: `signal/pidfd/${slug(s.name)}`,
    description: `${s.name} (${s.nr}) through pidfd_send_signal to a child with SIG_DFL: ${describeEffect(s, e)}; after the reap the pidfd answers ESRCH`,
    clauses: ['PIDFD.OPEN', 'PIDFD.SIGNAL', 'PIDFD.SIGNAL.EXITED', 'PIDFD.INFO.REAPED', 'PROC.WAIT.REAP', ...effectClauses(s, e)],
    build({ p }) {
      const flag = cell(p);
      const buf = cell(p);
      const status = cell(p);
      const info = p.space(layout('procstat').size, 8);
      const pipe = new Pipe(p);
      pipe.create(p);
      const child = p.variable();
      const pidfd = p.variable();
      fork(p, () => blockThenReport(p, pipe, buf, flag, false));
      p.save(child);
      call(p, 'pidfd_open', child, 0);
      p.save(pidfd);
      p.expectOk('pidfd_open(child) returns a handle', ['PIDFD.OPEN']);
      call(p, 'pidfd_send_signal', pidfd, s.nr, 0);
      p.expectEq(`pidfd_send_signal(pidfd, ${s.name}, 0) returns 0`, ['PIDFD.SIGNAL'], 0);
      call(p, 'write', pipe.write, buf, 1);
      call(p, 'waitpid', child, status, 0);
      expectSame(p, 'waitpid returns the child pid', ['PROC.WAIT.REAP'], 0, child.n);
      expectStatus(p, `wait status 0x${expectedWait(s, e).toString(16)}: ${describeEffect(s, e)}`, effectClauses(s, e), status, expectedWait(s, e));
      call(p, 'pidfd_send_signal', pidfd, s.nr, 0);
      p.expectErrno('pidfd_send_signal after the reap fails ESRCH', ['PIDFD.SIGNAL.EXITED'], 'ESRCH');
      call(p, 'pidfd_getinfo', pidfd, info);
      p.expectErrno('pidfd_getinfo after the reap fails ESRCH', ['PIDFD.INFO.REAPED'], 'ESRCH');
    },
  });
}

/** A program that sends `sig` to itself and, if it survives with kill returning 0, exits SURVIVED (else SURVIVED + 1). */
function selfKiller(parent: CaseProgram, s: Sig): Uint8Array {
  return childProgram(parent, (c) => {
    call(c, 'getpid');
    call(c, 'kill', new Reg(0), s.nr);
    const bad = c.a.label();
    c.a.cbnz(0, bad);
    c.exit(SURVIVED);
    c.a.bind(bad);
    c.exit(SURVIVED + 1);
  });
}

/** What a spawned child does with `sig` when its parent's disposition was set with `mode` (PROC.SPAWN.SIGNALS). */
function spawnedEffect(s: Sig, mode: Mode): 'terminate' | 'ignore' {
  const e = effect(s, mode);
  return e === 'handle' ? s.defaultAction : e;
}

/** spawn of a child that kills itself: spawn returns 128 + sig, or the child's own exit code when it survives. */
function spawnSelfKillCase(s: Sig, mode: Mode): CaseDef {
  const e = spawnedEffect(s, mode);
  const expected = e === 'terminate' ? spawnStatus({ kind: 'signaled', signal: s.nr }) : SURVIVED;
  const setClauses = mode === 'default' ? [] : s.uncatchable ? ['SIG.UNCATCHABLE'] : ['SIG.ACTION.RECORD'];
  return derivedCase(AREA, {
    id: `signal/spawn-self/${mode}/${slug(s.name)}`,
    description: `a spawned child sends itself ${s.name} while the parent's disposition is ${mode === 'handle' ? 'a handler' : mode === 'ignore' ? 'SIG_IGN' : 'SIG_DFL'}: spawn returns ${expected}`,
    clauses: [
      'PROC.SPAWN.STATUS', 'PROC.SPAWN.SIGNALS', 'PROC.SPAWN.SYNC', 'SIG.KILL.SELF', 'SIG.DEFAULT.ACTION', ...setClauses,
      ...(e === 'ignore' ? ['SIG.IGN.DISCARD'] : []),
    ],
    build({ p }) {
      const flag = cell(p);
      setDisposition(p, s, mode, flag);
      const path = p.str('/bin/selfkill');
      const argv = p.words([p.str('selfkill'), 0]);
      call(p, 'spawn', path, argv);
      const why = e === 'terminate' ? `128 + ${s.nr}: the child died of ${s.name}` : `${SURVIVED}: the child ignored ${s.name} and exited`;
      p.expectEq(`spawn returns ${why}`, ['PROC.SPAWN.STATUS', 'PROC.SPAWN.SIGNALS', 'SIG.KILL.SELF', 'SIG.DEFAULT.ACTION', ...(e === 'ignore' ? ['SIG.IGN.DISCARD'] : [])], expected);
      return { files: [{ path: '/bin/selfkill', data: selfKiller(p, s) }] };
    },
  });
}

/** spawn_handles_async of a child that kills itself with SIG_DFL: waitpid reports the signal. */
function asyncSelfKillCase(s: Sig): CaseDef {
  const e = s.defaultAction;
  const expected = e === 'terminate' ? waitStatusSignaled(s.nr) : waitStatusExited(SURVIVED);
  return derivedCase(AREA, {
    id: `signal/async-self/${slug(s.name)}`,
    description: `a spawn_handles_async child sends itself ${s.name}: waitpid reports status 0x${expected.toString(16)}`,
    clauses: ['PROC.SPAWNH.ASYNC', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'SIG.KILL.SELF', 'SIG.DEFAULT.ACTION'],
    build({ p }) {
      const status = cell(p);
      const child = p.variable();
      call(p, 'spawn_handles_async', p.str('/bin/selfkill'), p.words([p.str('selfkill'), 0]), 0, 0);
      p.save(child);
      p.expectCmp('spawn_handles_async returns a pid above 1', ['PROC.SPAWNH.ASYNC'], 'gt', 1);
      call(p, 'waitpid', child, status, 0);
      expectSame(p, 'waitpid returns the child pid', ['PROC.WAIT.REAP'], 0, child.n);
      expectStatus(p, e === 'terminate' ? `status ${s.nr}: killed by ${s.name}` : `status 0x${expected.toString(16)}: ${s.name} ignored`,
        ['PROC.WAIT.STATUS', 'SIG.KILL.SELF', 'SIG.DEFAULT.ACTION'], status, expected);
      return { files: [{ path: '/bin/selfkill', data: selfKiller(p, s) }] };
    },
  });
}

export function signalCases(): CaseDef[] {
  return [
    ...MODES.flatMap((mode) => SIGS.map((s) => forkKillCase(s, mode))),
    ...MODES.flatMap((mode) => SIGS.map((s) => blockedKillCase(s, mode))),
    ...SIGS.map(pidfdSignalCase),
    ...MODES.flatMap((mode) => SIGS.map((s) => spawnSelfKillCase(s, mode))),
    ...SIGS.map(asyncSelfKillCase),
  ];
}
