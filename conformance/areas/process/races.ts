// Races at syscall boundaries, explored with controlled schedules (BootSpec.schedule) and small
// quanta (BootSpec.quantum): every 0/1 choice over the first scheduling points plus seeded random
// schedules. Each (scenario, quantum, schedule) is one case whose assertions hold under every
// schedule: waitpid never reaps a non-child, orphans always reach init, and a pidfd-based killall
// never signals the process that reuses its target's pid.
//
// The naive killall is a different kind of case: with a quantum larger than any of its code paths
// the only scheduling points are where a thread blocks or ends, so the interleaving each schedule
// produces follows from the programs and the schedule rule alone (`coarseOutcome`), and one of
// them kills the innocent process that got the target's pid: the hazard of seed 000, on demand.

import { encodeLayout, errnoNumber, layout, waitStatusExited, waitStatusSignaled } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  AREA, call, cell, childProgram, errno, exitUnless, expectCell, expectSame, expectStatus, fork, offsetOf, Pipe,
  SIGTERM, store, store32, sub, thread, WNOHANG, word,
} from './kit.js';
import { prefixSchedules, randomSchedules, type Schedule } from './schedules.js';

/** Repeated WNOHANG probes per race: enough to straddle the other processes' lifetimes at small quanta. */
const PROBES = 6;

interface Scenario {
  readonly name: string;
  readonly summary: string;
  readonly clauses: readonly string[];
  readonly pidMax?: number;
  /** Emits init's program. */
  readonly program: (p: CaseProgram) => void;
}

/** Adds 1 to x`counter` unless x0 is -ECHILD. */
function countUnlessEchild(p: CaseProgram, counter: Reg): void {
  const ok = p.a.label();
  p.a.cmpImm(0, -errno('ECHILD'));
  p.a.bcond('eq', ok);
  p.a.addImm(counter.n, counter.n, 1);
  p.a.bind(ok);
}

/** A busy pause of `n` iterations (two instructions each; x5), so other threads get scheduling points in between. */
function pause(p: CaseProgram, n: number): void {
  if (n === 0) return;
  p.a.movImm(5, n);
  const loop = p.a.here();
  p.a.subImm(5, 5, 1);
  p.a.cbnz(5, loop);
}

/** init's probes of a grandchild: WNOHANG several times, then a blocking waitpid; all must fail ECHILD. */
const grandchild: Scenario = {
  name: 'nonchild-grandchild',
  summary: 'init probes its grandchild G with waitpid (WNOHANG and blocking) while G runs, exits and is reaped by its parent: always ECHILD',
  clauses: ['PROC.WAIT.NONCHILD', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.FORK.PARENT'],
  program(p) {
    const tell = new Pipe(p);
    const gpid = cell(p);
    const gstatus = cell(p);
    const status = cell(p);
    const middle = p.variable();
    const errs = p.variable();
    tell.create(p);
    fork(p, () => {
      fork(p, () => {
        pause(p, 12);
        p.exit(7);
      }, gpid);
      call(p, 'write', tell.write, gpid, 8);
      pause(p, 8);
      call(p, 'waitpid', word(gpid), gstatus, 0);
      p.load(3, gpid);
      sub(p, 3, 0, 3);
      exitUnless(p, 3, 0, 1);
      p.loadInt(3, gstatus);
      exitUnless(p, 3, waitStatusExited(7), 2);
      p.exit(0);
    });
    p.save(middle);
    call(p, 'read', tell.read, gpid, 8);
    p.a.movImm(errs.n, 0);
    for (let i = 0; i < PROBES; i++) {
      call(p, 'waitpid', word(gpid), status, WNOHANG);
      countUnlessEchild(p, errs);
    }
    call(p, 'waitpid', word(gpid), status, 0);
    countUnlessEchild(p, errs);
    p.expectEq(`all ${PROBES + 1} waitpid calls on the grandchild failed ECHILD`, ['PROC.WAIT.NONCHILD'], 0, errs);
    call(p, 'waitpid', middle, status, 0);
    expectSame(p, 'init reaps its child', ['PROC.WAIT.REAP'], 0, middle.n);
    expectStatus(p, 'which reaped the grandchild itself with status 7 << 8 (exit 0)', ['PROC.WAIT.REAP', 'PROC.FORK.PARENT', 'PROC.WAIT.STATUS'], status, 0);
  },
};

/** A child probes its sibling while the sibling exits: always ECHILD; init reaps both. */
const sibling: Scenario = {
  name: 'nonchild-sibling',
  summary: 'a child probes its sibling with waitpid (WNOHANG, blocking, and -1) while the sibling runs and exits: always ECHILD; init reaps both',
  clauses: ['PROC.WAIT.NONCHILD', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.WAIT.EXITCODE', 'PROC.WAIT.ANY'],
  program(p) {
    const status = cell(p);
    const a = p.variable();
    const b = p.variable();
    const errs = p.variable();
    fork(p, () => {
      pause(p, 10);
      p.exit(5);
    });
    p.save(a);
    fork(p, () => {
      p.a.movImm(errs.n, 0);
      for (let i = 0; i < PROBES; i++) {
        call(p, 'waitpid', a, status, WNOHANG);
        countUnlessEchild(p, errs);
        call(p, 'waitpid', -1, status, WNOHANG);
        countUnlessEchild(p, errs);
      }
      call(p, 'waitpid', a, status, 0);
      countUnlessEchild(p, errs);
      call(p, 'exit', errs);
    });
    p.save(b);
    call(p, 'waitpid', b, status, 0);
    expectSame(p, 'init reaps the probing child', ['PROC.WAIT.REAP'], 0, b.n);
    expectStatus(p, `none of its ${2 * PROBES + 1} waitpid calls succeeded (exit 0)`, ['PROC.WAIT.NONCHILD', 'PROC.WAIT.ANY', 'PROC.WAIT.EXITCODE'], status, 0);
    call(p, 'waitpid', a, status, 0);
    expectSame(p, 'init reaps the sibling itself', ['PROC.WAIT.REAP'], 0, a.n);
    expectStatus(p, 'with its status 5 << 8', ['PROC.WAIT.STATUS'], status, waitStatusExited(5));
  },
};

/** The main thread probes a thread id while that thread reaps the process's child. */
const threadId: Scenario = {
  name: 'nonchild-thread',
  summary: 'the main thread probes a thread\'s id with waitpid while that thread reaps the process\'s child: always ECHILD; the thread gets the child',
  clauses: ['PROC.WAIT.NONCHILD', 'PROC.WAIT.THREADS', 'THR.CREATE.ID', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS'],
  program(p) {
    const done = new Pipe(p);
    const cpid = cell(p);
    const tret = cell(p);
    const tstatus = cell(p);
    const status = cell(p);
    const tid = p.variable();
    const errs = p.variable();
    done.create(p);
    fork(p, () => {
      pause(p, 10);
      p.exit(9);
    }, cpid);
    thread(p, () => {
      call(p, 'waitpid', word(cpid), tstatus, 0);
      store(p, tret);
      call(p, 'write', done.write, tret, 8);
      call(p, 'exit', 0);
    });
    p.save(tid);
    p.a.movImm(errs.n, 0);
    for (let i = 0; i < PROBES; i++) {
      call(p, 'waitpid', tid, status, WNOHANG);
      countUnlessEchild(p, errs);
    }
    p.expectEq(`all ${PROBES} waitpid calls on the thread id failed ECHILD`, ['PROC.WAIT.NONCHILD', 'PROC.WAIT.THREADS', 'THR.CREATE.ID'], 0, errs);
    call(p, 'read', done.read, status, 8);
    p.load(3, tret);
    p.load(4, cpid);
    expectSame(p, 'the thread\'s waitpid reaped the child', ['PROC.WAIT.THREADS', 'PROC.WAIT.REAP'], 3, 4);
    expectStatus(p, 'with status 9 << 8', ['PROC.WAIT.STATUS'], tstatus, waitStatusExited(9));
    call(p, 'waitpid', word(cpid), status, WNOHANG);
    p.expectErrno('the main thread then finds it reaped: ECHILD', ['PROC.WAIT.NONCHILD'], 'ECHILD');
  },
};

/** A middle process forks G and exits at once; whatever G's state then, init adopts and reaps it. */
const orphan: Scenario = {
  name: 'orphan-adopt',
  summary: 'a middle process forks G and exits at once; whether G is still running or already a zombie, init reaps G after reaping the middle process',
  clauses: ['PROC.EXIT.ORPHANS', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.WAIT.NONCHILD'],
  program(p) {
    const tell = new Pipe(p);
    const gpid = cell(p);
    const status = cell(p);
    const middle = p.variable();
    tell.create(p);
    fork(p, () => {
      fork(p, () => {
        pause(p, 6);
        p.exit(13);
      }, gpid);
      call(p, 'write', tell.write, gpid, 8);
      p.exit(0);
    });
    p.save(middle);
    call(p, 'read', tell.read, gpid, 8);
    call(p, 'waitpid', middle, status, 0);
    expectStatus(p, 'init reaps the middle process (exit 0)', ['PROC.WAIT.REAP', 'PROC.WAIT.STATUS'], status, 0);
    call(p, 'waitpid', word(gpid), status, 0);
    p.load(4, gpid);
    expectSame(p, 'then waitpid(G) reaps the adopted G', ['PROC.EXIT.ORPHANS', 'PROC.WAIT.REAP'], 0, 4);
    expectStatus(p, 'with its status 13 << 8', ['PROC.WAIT.STATUS'], status, waitStatusExited(13));
    call(p, 'waitpid', -1, status, WNOHANG);
    p.expectErrno('and nothing is left: ECHILD', ['PROC.WAIT.NONCHILD'], 'ECHILD');
  },
};


/**
 * The pidfd killall (pid_max 3): K opens a pidfd on the victim V (pid 2) while V cannot have been
 * reaped (init waits for K's "ready"), pauses, then signals through the pidfd. Meanwhile init lets
 * V exit, reaps it, and forks the innocent I, which gets pid 2 again. Whatever the schedule, the
 * signal reaches V (0, V dies of SIGTERM) or fails ESRCH (V had ended), and I survives.
 */
function pidfdKillall(pauseIterations: number): Scenario {
  return {
    name: `killall-pidfd/pause${pauseIterations}`,
    summary: `a pidfd killall opens the victim's pidfd, pauses ${pauseIterations} iterations, then signals it while init reaps the victim and forks an innocent process at the same pid (pid_max 3): the signal reaches the victim or fails ESRCH, never the innocent`,
    clauses: ['EXT.PIDFD.WHY', 'PIDFD.IDENTITY', 'PIDFD.SIGNAL', 'PIDFD.SIGNAL.EXITED', 'PIDFD.OPEN', 'PIDFD.NOREAP', 'PROC.PID.ALLOC', 'PROC.WAIT.STATUS', 'PROC.WAIT.REAP'],
    pidMax: 3,
    program(p) {
      const tellK = new Pipe(p);
      const ready = new Pipe(p);
      const goV = new Pipe(p);
      const result = new Pipe(p);
      const hold = new Pipe(p);
      const vpid = cell(p);
      const fdCell = cell(p);
      const rCell = cell(p);
      const buf = cell(p);
      const stV = cell(p);
      const stI = cell(p);
      const stK = cell(p);
      const v = p.variable();
      const k = p.variable();
      const i = p.variable();
      for (const pipe of [tellK, ready, goV, result]) pipe.create(p);
      fork(p, () => {
        call(p, 'read', goV.read, buf, 1);
        p.exit(5);
      }, vpid);
      p.save(v);
      fork(p, () => {
        call(p, 'read', tellK.read, vpid, 8);
        call(p, 'pidfd_open', word(vpid), 0);
        store(p, fdCell);
        const opened = p.a.label();
        p.a.tbz(0, 63, opened);
        p.exit(1);
        p.a.bind(opened);
        call(p, 'write', ready.write, buf, 1);
        pause(p, pauseIterations);
        call(p, 'pidfd_send_signal', word(fdCell), SIGTERM, 0);
        store(p, rCell);
        call(p, 'write', result.write, rCell, 8);
        p.exit(0);
      });
      p.save(k);
      call(p, 'write', tellK.write, vpid, 8);
      call(p, 'read', ready.read, buf, 1);
      call(p, 'write', goV.write, buf, 1);
      call(p, 'waitpid', v, stV, 0);
      hold.create(p);
      fork(p, () => {
        call(p, 'close', hold.write);
        call(p, 'read', hold.read, buf, 1);
        p.exit(9);
      });
      p.save(i);
      call(p, 'read', result.read, rCell, 8);
      call(p, 'close', hold.write);
      call(p, 'waitpid', i, stI, 0);
      call(p, 'waitpid', k, stK, 0);
      expectSame(p, 'the innocent process got the victim\'s pid again (pid_max 3)', ['PROC.PID.ALLOC'], i.n, v.n);
      expectStatus(p, 'the killer opened the victim\'s pidfd before the victim could be reaped (exit 0)', ['PIDFD.OPEN', 'PIDFD.NOREAP'], stK, 0);
      expectStatus(p, 'the innocent process survived (exit 9)', ['EXT.PIDFD.WHY', 'PIDFD.IDENTITY', 'PIDFD.SIGNAL.EXITED'], stI, waitStatusExited(9));
      // x4 = the victim's status the signal's result implies: 0 -> killed by SIGTERM, -ESRCH -> its own exit 5.
      p.load(3, rCell);
      const decided = p.a.label();
      const notZero = p.a.label();
      p.a.movImm(4, 0xdead);
      p.a.cbnz(3, notZero);
      p.a.movImm(4, waitStatusSignaled(SIGTERM));
      p.a.b(decided);
      p.a.bind(notZero);
      p.a.cmpImm(3, -errnoNumber('ESRCH'));
      p.a.bcond('ne', decided);
      p.a.movImm(4, waitStatusExited(5));
      p.a.bind(decided);
      p.loadInt(3, stV);
      expectSame(p, 'the signal either reached the live victim (0, status SIGTERM) or found it ended (ESRCH, status exit 5)',
        ['PIDFD.SIGNAL', 'PIDFD.SIGNAL.EXITED', 'PIDFD.IDENTITY', 'PROC.WAIT.STATUS'], 3, 4);
    },
  };
}

/** The killer's pause between pidfd_open and pidfd_send_signal, in loop iterations: from none to longer than init's reap-and-fork path. */
const KILLALL_PAUSES: readonly number[] = [0, 12, 40, 100];

const SCENARIOS: readonly Scenario[] = [grandchild, sibling, threadId, orphan, ...KILLALL_PAUSES.map(pidfdKillall)];

/** Quanta explored (instructions per slice): from a switch at every instruction up. */
const QUANTA: readonly number[] = [1, 3, 10, 37];
/** Prefix depth: every 0/1 choice over the first PREFIX_POINTS scheduling points. */
const PREFIX_POINTS = 4;
const RANDOM_PER_QUANTUM = 8;
const RANDOM_LENGTH = 400;
const RANDOM_WIDTH = 4;

function scheduleSet(scenarioIndex: number, quantum: number): Schedule[] {
  return [
    ...prefixSchedules(PREFIX_POINTS),
    ...randomSchedules(1000 * (scenarioIndex + 1) + quantum, RANDOM_PER_QUANTUM, RANDOM_LENGTH, RANDOM_WIDTH),
  ];
}

function raceCase(s: Scenario, quantum: number, sched: Schedule): CaseDef {
  return derivedCase(AREA, {
    id: `race/${s.name}/q${quantum}/${sched.name}`,
    description: `${s.summary} [quantum ${quantum}, schedule ${sched.name}${sched.name.startsWith('p') ? ` = [${sched.choices.join(',')}]` : ''}]`,
    clauses: s.clauses,
    build({ p }) {
      s.program(p);
      return { boot: { quantum, schedule: sched.choices, ...(s.pidMax ? { pidMax: s.pidMax } : {}) } };
    },
  });
}

// ---- the coarse killall: naive vs pidfd, outcome per schedule --------------------------------

/** Larger than any code path between two blocking calls: threads switch only when they block or end. */
const COARSE_QUANTUM = 1_000_000;
const COARSE_POINTS = 4;

type Killall = 'naive' | 'pidfd';

interface Outcome {
  /** Names the outcome in the case id. */
  readonly tag: string;
  /** What the killer's call returned (pidfd variant: 1 = the identity check skipped the process). */
  readonly r: number;
  readonly victim: number;
  readonly innocent: number;
  readonly story: string;
}

/**
 * The interleaving a coarse schedule produces, from the programs below and the schedule rule.
 * init spawns V (pid 2), writes V's go byte, creates the killer thread K (tid 3, told pid 2), and
 * blocks in waitpid(V). Point 0: runnable [V, K].
 *  - K first (choice 1): the signal reaches the live V.
 *  - V first (choice 0): V exits; init wakes. Point 1: runnable [K, init].
 *    - K (choice 0): V is a zombie: kill has no effect (0); the pidfd call fails ESRCH.
 *    - init (choice 1): init reaps V and spawns I, which gets pid 2 (pid_max 3, K holds 3), then
 *      blocks reading K's result. K then runs (now or after I blocks): kill(2) kills I — the
 *      hazard; the pidfd killall opens pid 2, sees the name "innocent" and leaves it alone.
 */
export function coarseOutcome(kind: Killall, choices: readonly number[]): Outcome {
  const at = (k: number): number => (choices[k] ?? 0) % 2;
  const exited = waitStatusExited;
  if (at(0) === 1) return { tag: 'victim-killed', r: 0, victim: waitStatusSignaled(SIGTERM), innocent: exited(9), story: 'the killer runs first: SIGTERM reaches the live victim' };
  if (at(1) === 0) {
    return kind === 'naive'
      ? { tag: 'zombie-hit', r: 0, victim: exited(5), innocent: exited(9), story: 'the victim exits first and the kill reaches its zombie: no effect' }
      : { tag: 'esrch', r: -errnoNumber('ESRCH'), victim: exited(5), innocent: exited(9), story: 'the victim exits first: its pidfd names a zombie, the signal fails ESRCH' };
  }
  return kind === 'naive'
    ? { tag: 'innocent-killed', r: 0, victim: exited(5), innocent: waitStatusSignaled(SIGTERM), story: 'HAZARD: init reaps the victim and spawns the innocent process at pid 2 before the kill, which kills the innocent process' }
    : { tag: 'innocent-skipped', r: 1, victim: exited(5), innocent: exited(9), story: 'init reaps the victim and spawns the innocent process at pid 2 first: the pidfd names it, its name is not the target\'s, it is left alone' };
}

const enc = new TextEncoder();
/** The first 8 bytes of the procstat name of a process named "victim" (NUL-padded), as a little-endian word. */
const VICTIM_NAME_WORD = (() => {
  const b = new Uint8Array(8);
  b.set(enc.encode('victim'));
  return new DataView(b.buffer).getBigUint64(0, true);
})();

function namedChild(parent: CaseProgram, code: number): Uint8Array {
  return childProgram(parent, (c) => {
    call(c, 'read', 3, c.space(8, 8), 1);
    c.exit(code);
  });
}

function coarseCase(kind: Killall, sched: Schedule): CaseDef {
  const out = coarseOutcome(kind, sched.choices);
  const naive = kind === 'naive';
  const hazard = naive && out.innocent === waitStatusSignaled(SIGTERM);
  return derivedCase(AREA, {
    id: `race/killall-${kind}/coarse/${sched.name}-${out.tag}`,
    description: `${naive ? 'naive killall (pid learnt earlier, then kill)' : 'pidfd killall (pidfd_open, check the name through pidfd_getinfo, pidfd_send_signal)'} under schedule [${sched.choices.join(',')}] with quantum ${COARSE_QUANTUM}, pid_max 3: ${out.story}`,
    clauses: naive
      ? ['EXT.PIDFD.WHY', 'PROC.PID.ALLOC', 'SIG.KILL.DEFAULT', 'SIG.KILL.NOSUCH', 'SIG.KILL.RETURN', 'PROC.WAIT.STATUS', 'PROC.SPAWNH.ASYNC', 'PROC.WAIT.REAP']
      : ['EXT.PIDFD.WHY', 'PROC.PID.ALLOC', 'PIDFD.OPEN', 'PIDFD.INFO', 'PIDFD.INFO.REAPED', 'PIDFD.IDENTITY', 'PIDFD.SIGNAL', 'PIDFD.SIGNAL.EXITED', 'SYS.PROCNAME', 'PROC.WAIT.STATUS', 'PROC.SPAWNH.ASYNC', 'PROC.WAIT.REAP'],
    build({ p }) {
      const go = new Pipe(p);
      const hold = new Pipe(p);
      const result = new Pipe(p);
      const spawnHandle = layout('spawn_handle');
      const specV = p.bytes(encodeLayout(spawnHandle, { source_fd: 0, target_fd: 3, rights: 0xff, flags: 0 }), 8);
      const specI = p.bytes(encodeLayout(spawnHandle, { source_fd: 0, target_fd: 3, rights: 0xff, flags: 0 }), 8);
      const rCell = cell(p);
      const buf = cell(p);
      const rec = p.space(layout('procstat').size, 8);
      const stV = cell(p);
      const stI = cell(p);
      const v = p.variable();
      const i = p.variable();
      for (const pipe of [go, hold, result]) pipe.create(p);
      p.loadInt(3, go.fds);
      store32(p, specV, 3);
      p.loadInt(3, hold.fds);
      store32(p, specI, 3);
      call(p, 'spawn_handles_async', p.str('/bin/victim'), p.words([p.str('victim'), 0]), specV, 1);
      p.save(v);
      call(p, 'write', go.write, buf, 1);
      thread(p, () => {
        // The killer: x0 = the pid it learnt. Result in rCell, then one write to `result`.
        p.mov(20, 0);
        const done = p.a.label();
        if (naive) {
          call(p, 'kill', new Reg(20), SIGTERM);
        } else {
          call(p, 'pidfd_open', new Reg(20), 0);
          p.a.tbnz(0, 63, done);
          p.mov(21, 0);
          call(p, 'pidfd_getinfo', new Reg(21), rec);
          p.a.tbnz(0, 63, done);
          p.load(3, rec + offsetOf('procstat', 'name'));
          p.a.movImm(10, VICTIM_NAME_WORD);
          p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: 3, Rd: 31 });
          const match = p.a.label();
          p.a.bcond('eq', match);
          p.a.movImm(0, 1);
          p.a.b(done);
          p.a.bind(match);
          call(p, 'pidfd_send_signal', new Reg(21), SIGTERM, 0);
        }
        p.a.bind(done);
        store(p, rCell);
        call(p, 'write', result.write, rCell, 8);
        call(p, 'exit', 0);
      }, undefined, v);
      call(p, 'waitpid', v, stV, 0);
      call(p, 'spawn_handles_async', p.str('/bin/innocent'), p.words([p.str('innocent'), 0]), specI, 1);
      p.save(i);
      call(p, 'read', result.read, buf, 8);
      call(p, 'close', hold.write);
      call(p, 'waitpid', i, stI, 0);
      expectSame(p, 'the innocent process got the victim\'s pid (pid_max 3, the killer thread holds 3)', ['PROC.PID.ALLOC', 'PROC.SPAWNH.ASYNC'], i.n, v.n);
      expectCell(p, naive
        ? `kill returned ${out.r}`
        : `the pidfd killall ${out.r === 1 ? 'skipped the process (name mismatch)' : out.r === 0 ? 'signalled: 0' : 'got ESRCH'}`,
      naive ? ['SIG.KILL.RETURN', 'SIG.KILL.NOSUCH'] : ['PIDFD.SIGNAL', 'PIDFD.SIGNAL.EXITED', 'PIDFD.INFO', 'SYS.PROCNAME'], rCell, out.r);
      expectStatus(p, `the victim's status is 0x${out.victim.toString(16)}`, ['PROC.WAIT.STATUS', 'PROC.WAIT.REAP', ...(naive ? ['SIG.KILL.DEFAULT'] : ['PIDFD.SIGNAL'])], stV, out.victim);
      expectStatus(p, hazard ? 'the innocent process WAS killed by SIGTERM: the naive killall hit the reused pid' : 'the innocent process survived (exit 9)',
        hazard ? ['EXT.PIDFD.WHY', 'SIG.KILL.DEFAULT', 'PROC.WAIT.STATUS'] : ['EXT.PIDFD.WHY', 'PROC.WAIT.STATUS', ...(naive ? [] : ['PIDFD.IDENTITY'])], stI, out.innocent);
      return {
        files: [{ path: '/bin/victim', data: namedChild(p, 5) }, { path: '/bin/innocent', data: namedChild(p, 9) }],
        boot: { quantum: COARSE_QUANTUM, schedule: sched.choices, pidMax: 3 },
      };
    },
  });
}

/** How many schedules the race cases cover (for reports). */
export function raceScheduleCount(): { explored: number; coarse: number } {
  return {
    explored: SCENARIOS.length * QUANTA.length * (2 ** PREFIX_POINTS + RANDOM_PER_QUANTUM),
    coarse: 2 * 2 ** COARSE_POINTS,
  };
}

export function raceCases(): CaseDef[] {
  return [
    ...SCENARIOS.flatMap((s, si) => QUANTA.flatMap((q) => scheduleSet(si, q).map((sched) => raceCase(s, q, sched)))),
    ...(['naive', 'pidfd'] as const).flatMap((kind) => prefixSchedules(COARSE_POINTS).map((sched) => coarseCase(kind, sched))),
  ];
}
