// waitpid: non-children (ECHILD), WNOHANG, "any child", process groups, zombies kept until
// reaped, and orphans adopted by init. None of these cases depends on the schedule: where a
// child must have ended, the parent waits for EOF on a pipe whose write end only children hold
// (their handles close when they end, PROC.EXIT.CLOSE).

import { constValue, layout, waitStatusExited } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  AREA, call, cell, EndSync, errno, exitUnless, exitWithErrno, expectSame, expectStatus, fork, offsetOf, Pipe, SIGTERM,
  store, sub, thread, WNOHANG, word,
} from './kit.js';

const PROCSTAT = layout('procstat');
const PS_ENTRY = layout('ps_entry');
const ZOMBIE = constValue('PROC_STATES', 'PROC_ZOMBIE');
const RUNNING = constValue('PROC_STATES', 'PROC_RUNNING');
const SIGKILL = constValue('SIGNALS', 'SIGKILL');
const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');

function selfCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'wait/nonchild/self',
    description: 'waitpid on the caller\'s own pid fails ECHILD, blocking or with WNOHANG',
    clauses: ['PROC.WAIT.NONCHILD', 'PROC.GETPID'],
    build({ p }) {
      const self = p.variable();
      const status = cell(p);
      call(p, 'getpid');
      p.save(self);
      p.expectEq('getpid is 1 in init', ['PROC.GETPID'], 1);
      call(p, 'waitpid', self, status, 0);
      p.expectErrno('waitpid(self, 0) fails ECHILD', ['PROC.WAIT.NONCHILD'], 'ECHILD');
      call(p, 'waitpid', self, status, WNOHANG);
      p.expectErrno('waitpid(self, WNOHANG) fails ECHILD', ['PROC.WAIT.NONCHILD'], 'ECHILD');
    },
  });
}

const NO_SUCH_PIDS: readonly number[] = [2, 3, 100, 999, 32767, 32768, 0x7fff_ffff];

function noChildrenCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'wait/nonchild/no-children',
    description: `with no children, waitpid(-1), waitpid(0) and waitpid of unused pids (${NO_SUCH_PIDS.join(', ')}) fail ECHILD with and without WNOHANG`,
    clauses: ['PROC.WAIT.NONCHILD', 'PROC.WAIT.ANY'],
    build({ p }) {
      const status = cell(p);
      for (const pid of [-1, 0, ...NO_SUCH_PIDS]) {
        for (const options of [0, WNOHANG]) {
          call(p, 'waitpid', pid, status, options);
          p.expectErrno(`waitpid(${pid}, ${options ? 'WNOHANG' : '0'}) with no children fails ECHILD`, ['PROC.WAIT.NONCHILD', ...(pid <= 0 ? ['PROC.WAIT.ANY'] : [])], 'ECHILD');
        }
      }
    },
  });
}

/**
 * Init waits for its grandchild G (live, or ended and not yet reaped) while G's parent holds on:
 * ECHILD, though kill(G, 0) finds it; G's own parent then reaps it.
 */
function grandchildCase(grandchildEnded: boolean, options: number): CaseDef {
  const opt = options ? 'wnohang' : 'block';
  return derivedCase(AREA, {
    id: `wait/nonchild/grandchild/${grandchildEnded ? 'zombie' : 'live'}/${opt}`,
    description: `init's waitpid(${options ? 'WNOHANG' : '0'}) on its ${grandchildEnded ? 'ended (zombie) ' : 'live '}grandchild fails ECHILD, kill(grandchild, 0) finds it, and its own parent then reaps it`,
    clauses: ['PROC.WAIT.NONCHILD', 'SIG.KILL.PROBE', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.FORK.PARENT', ...(grandchildEnded ? ['PROC.EXIT.ZOMBIE'] : [])],
    build({ p }) {
      const tell = new Pipe(p);
      const go = new Pipe(p);
      const ended = new EndSync(p);
      const gpid = cell(p);
      const gstatus = cell(p);
      const status = cell(p);
      const buf = cell(p);
      const middle = p.variable();
      tell.create(p);
      go.create(p);
      fork(p, () => {
        // The middle process: fork G, let it end if asked (without reaping it), tell init G's pid,
        // wait for init's go, then reap G and exit 0 (1: waitpid returned another pid, 2: wrong status).
        ended.create(p);
        fork(p, () => {
          if (!grandchildEnded) call(p, 'read', go.read, buf, 1);
          p.exit(4);
        }, gpid);
        ended.parentDone(p);
        if (grandchildEnded) ended.waitEnded(p);
        call(p, 'write', tell.write, gpid, 8);
        call(p, 'read', go.read, buf, 1);
        call(p, 'waitpid', word(gpid), gstatus, 0);
        p.load(3, gpid);
        sub(p, 3, 0, 3);
        exitUnless(p, 3, 0, 1);
        p.loadInt(3, gstatus);
        exitUnless(p, 3, waitStatusExited(4), 2);
        p.exit(0);
      });
      p.save(middle);
      call(p, 'read', tell.read, gpid, 8);
      call(p, 'waitpid', word(gpid), status, options);
      p.expectErrno('waitpid(grandchild) fails ECHILD', ['PROC.WAIT.NONCHILD'], 'ECHILD');
      call(p, 'kill', word(gpid), 0);
      p.expectEq(`kill(grandchild, 0) returns 0: the ${grandchildEnded ? 'zombie' : 'process'} exists`, ['SIG.KILL.PROBE', ...(grandchildEnded ? ['PROC.EXIT.ZOMBIE'] : [])], 0);
      call(p, 'write', go.write, buf, 2);
      call(p, 'waitpid', middle, status, 0);
      expectSame(p, 'waitpid(middle) returns its pid', ['PROC.WAIT.REAP'], 0, middle.n);
      expectStatus(p, 'the middle process reaped its own child with status 4 << 8: exit 0', ['PROC.WAIT.REAP', 'PROC.FORK.PARENT', 'PROC.WAIT.STATUS'], status, 0);
    },
  });
}

/** A sibling waits for its (live or zombie) sibling: ECHILD; init then reaps both. */
function siblingCase(siblingEnded: boolean, options: number): CaseDef {
  const opt = options ? 'wnohang' : 'block';
  return derivedCase(AREA, {
    id: `wait/nonchild/sibling/${siblingEnded ? 'zombie' : 'live'}/${opt}`,
    description: `a child's waitpid(${options ? 'WNOHANG' : '0'}) on its ${siblingEnded ? 'zombie' : 'live'} sibling fails ECHILD; init reaps both`,
    clauses: ['PROC.WAIT.NONCHILD', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.WAIT.EXITCODE', 'PROC.EXIT.ZOMBIE'],
    build({ p }) {
      const release = new Pipe(p);
      const ended = new EndSync(p);
      const buf = cell(p);
      const status = cell(p);
      const a = p.variable();
      const b = p.variable();
      release.create(p);
      ended.create(p);
      fork(p, () => {
        if (!siblingEnded) call(p, 'read', release.read, buf, 1);
        p.exit(5);
      });
      p.save(a);
      ended.parentDone(p);
      if (siblingEnded) ended.waitEnded(p);
      fork(p, () => {
        call(p, 'waitpid', a, status, options);
        exitWithErrno(p);
      });
      p.save(b);
      call(p, 'waitpid', b, status, 0);
      expectStatus(p, `the sibling's waitpid failed ECHILD (it exited ${errno('ECHILD')})`, ['PROC.WAIT.NONCHILD', 'PROC.WAIT.EXITCODE'], status, waitStatusExited(errno('ECHILD')));
      if (!siblingEnded) call(p, 'write', release.write, buf, 1);
      call(p, 'waitpid', a, status, 0);
      expectSame(p, 'init reaps the first child itself', ['PROC.WAIT.REAP', ...(siblingEnded ? ['PROC.EXIT.ZOMBIE'] : [])], 0, a.n);
      expectStatus(p, 'with its exit code 5', ['PROC.WAIT.STATUS'], status, waitStatusExited(5));
    },
  });
}

function threadIdCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'wait/nonchild/thread-id',
    description: 'a thread id is not a child: waitpid on it fails ECHILD, waitpid(-1) with only a thread fails ECHILD, kill and pidfd_open on it fail ESRCH',
    clauses: ['PROC.WAIT.NONCHILD', 'PROC.WAIT.THREADS', 'THR.CREATE.ID', 'PIDFD.THREAD', 'PIDFD.OPEN.NOSUCH', 'SIG.KILL.NOSUCH'],
    build({ p }) {
      const park = new Pipe(p);
      const buf = cell(p);
      const status = cell(p);
      const tid = p.variable();
      park.create(p);
      thread(p, () => {
        call(p, 'read', park.read, buf, 1);
        call(p, 'exit', 0);
      });
      p.save(tid);
      p.expectCmp('thread_create returns a thread id above 1', ['THR.CREATE.ID'], 'gt', 1);
      call(p, 'waitpid', tid, status, 0);
      p.expectErrno('waitpid(tid, 0) fails ECHILD', ['PROC.WAIT.NONCHILD', 'PROC.WAIT.THREADS'], 'ECHILD');
      call(p, 'waitpid', tid, status, WNOHANG);
      p.expectErrno('waitpid(tid, WNOHANG) fails ECHILD', ['PROC.WAIT.NONCHILD', 'PROC.WAIT.THREADS'], 'ECHILD');
      call(p, 'waitpid', -1, status, WNOHANG);
      p.expectErrno('waitpid(-1, WNOHANG) with a thread but no child fails ECHILD', ['PROC.WAIT.THREADS', 'PROC.WAIT.NONCHILD'], 'ECHILD');
      call(p, 'kill', tid, 0);
      p.expectErrno('kill(tid, 0) fails ESRCH: a thread id is not a pid', ['THR.CREATE.ID', 'SIG.KILL.NOSUCH'], 'ESRCH');
      call(p, 'pidfd_open', tid, 0);
      p.expectErrno('pidfd_open(tid) fails ESRCH', ['PIDFD.THREAD', 'PIDFD.OPEN.NOSUCH'], 'ESRCH');
    },
  });
}

/** A second thread reaps the process's child; the main thread then finds nothing to reap. */
function threadReapsCase(viaAny: boolean): CaseDef {
  return derivedCase(AREA, {
    id: `wait/threads/reap-process-child/${viaAny ? 'any' : 'pid'}`,
    description: `a thread's waitpid(${viaAny ? '-1' : 'child'}) reaps a child of its process (exit 6); the main thread's waitpid then fails ECHILD`,
    clauses: ['PROC.WAIT.THREADS', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.WAIT.NONCHILD', ...(viaAny ? ['PROC.WAIT.ANY'] : [])],
    build({ p }) {
      const done = new Pipe(p);
      const childPid = cell(p);
      const ret = cell(p);
      const tstatus = cell(p);
      const status = cell(p);
      done.create(p);
      fork(p, () => p.exit(6), childPid);
      thread(p, () => {
        call(p, 'waitpid', viaAny ? -1 : word(childPid), tstatus, 0);
        store(p, ret);
        call(p, 'write', done.write, ret, 8);
        call(p, 'exit', 0);
      });
      call(p, 'read', done.read, status, 8);
      p.load(3, ret);
      p.load(4, childPid);
      expectSame(p, 'the thread\'s waitpid returned the child pid', ['PROC.WAIT.THREADS', 'PROC.WAIT.REAP', ...(viaAny ? ['PROC.WAIT.ANY'] : [])], 3, 4);
      expectStatus(p, 'with status 6 << 8', ['PROC.WAIT.STATUS'], tstatus, waitStatusExited(6));
      call(p, 'waitpid', word(childPid), status, WNOHANG);
      p.expectErrno('the main thread\'s waitpid(child) then fails ECHILD', ['PROC.WAIT.NONCHILD', 'PROC.WAIT.REAP'], 'ECHILD');
    },
  });
}

function wnohangCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'wait/wnohang/live-then-zombie',
    description: 'WNOHANG returns 0 while the child lives (by pid and by -1), then its pid and status once it has ended',
    clauses: ['PROC.WAIT.WNOHANG', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.WAIT.ANY', 'PROC.EXIT.ZOMBIE', 'PROC.EXIT.CLOSE', 'PROC.WAIT.NONCHILD'],
    build({ p }) {
      const release = new Pipe(p);
      const ended = new EndSync(p);
      const buf = cell(p);
      const status = cell(p);
      const child = p.variable();
      release.create(p);
      ended.create(p);
      fork(p, () => {
        call(p, 'read', release.read, buf, 1);
        p.exit(8);
      });
      p.save(child);
      ended.parentDone(p);
      call(p, 'waitpid', child, status, WNOHANG);
      p.expectEq('waitpid(child, WNOHANG) returns 0 while it lives', ['PROC.WAIT.WNOHANG'], 0);
      call(p, 'waitpid', -1, status, WNOHANG);
      p.expectEq('waitpid(-1, WNOHANG) returns 0 while it lives', ['PROC.WAIT.WNOHANG', 'PROC.WAIT.ANY'], 0);
      call(p, 'write', release.write, buf, 1);
      ended.waitEnded(p);
      call(p, 'waitpid', child, status, WNOHANG);
      expectSame(p, 'after it ended, waitpid(child, WNOHANG) returns its pid', ['PROC.WAIT.WNOHANG', 'PROC.WAIT.REAP', 'PROC.EXIT.ZOMBIE', 'PROC.EXIT.CLOSE'], 0, child.n);
      expectStatus(p, 'and status 8 << 8', ['PROC.WAIT.STATUS'], status, waitStatusExited(8));
      call(p, 'waitpid', -1, status, WNOHANG);
      p.expectErrno('then waitpid(-1, WNOHANG) fails ECHILD', ['PROC.WAIT.NONCHILD'], 'ECHILD');
    },
  });
}

/** n children with distinct codes, reaped through waitpid(-1) or waitpid(0). */
function anyCase(n: number, pidArg: -1 | 0, afterEnd: boolean): CaseDef {
  const codes = Array.from({ length: n }, (_, i) => 11 * (i + 1));
  const total = codes.reduce((s, c) => s + waitStatusExited(c), 0);
  return derivedCase(AREA, {
    id: `wait/any/${pidArg === -1 ? 'minus1' : 'zero'}/${afterEnd ? 'zombies' : 'blocking'}/${n}`,
    description: `${n} children exit ${codes.join(', ')}; ${n} waitpid(${pidArg}) calls ${afterEnd ? 'after they all ended' : 'that may block'} reap each once (pids and statuses sum up), then ECHILD`,
    clauses: ['PROC.WAIT.ANY', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.WAIT.NONCHILD', ...(afterEnd ? ['PROC.EXIT.ZOMBIE'] : [])],
    build({ p }) {
      const ended = new EndSync(p);
      const status = cell(p);
      const pidSum = p.variable();
      const statusSum = p.variable();
      ended.create(p);
      p.a.movImm(pidSum.n, 0).movImm(statusSum.n, 0);
      for (const code of codes) {
        fork(p, () => p.exit(code));
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 0, imm6: 0, Rn: pidSum.n, Rd: pidSum.n });
      }
      ended.parentDone(p);
      if (afterEnd) ended.waitEnded(p);
      for (let i = 0; i < n; i++) {
        call(p, 'waitpid', pidArg, status, 0);
        p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: 0, imm6: 0, Rn: pidSum.n, Rd: pidSum.n });
        p.loadInt(3, status);
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 3, imm6: 0, Rn: statusSum.n, Rd: statusSum.n });
      }
      p.expectEq(`the ${n} returned pids are exactly the ${n} children (their sums match)`, ['PROC.WAIT.ANY', 'PROC.WAIT.REAP'], 0, pidSum);
      p.expectEq(`the statuses sum to 0x${total.toString(16)}`, ['PROC.WAIT.STATUS'], total, statusSum);
      call(p, 'waitpid', pidArg, status, 0);
      p.expectErrno(`a further waitpid(${pidArg}) fails ECHILD`, ['PROC.WAIT.NONCHILD'], 'ECHILD');
    },
  });
}

const GROUP_PIDS: readonly number[] = [-2, -3, -100, -32768, -0x7fff_ffff, -0x8000_0000];

function noGroupsCase(pid: number): CaseDef {
  return derivedCase(AREA, {
    id: `wait/nogroups/${-pid}`,
    description: `waitpid(${pid}) names a process group: EINVAL, with a child present and without`,
    clauses: ['PROC.WAIT.NOGROUPS', 'PROC.WAIT.REAP'],
    build({ p }) {
      const status = cell(p);
      const child = p.variable();
      call(p, 'waitpid', pid, status, WNOHANG);
      p.expectErrno(`waitpid(${pid}) with no child fails EINVAL`, ['PROC.WAIT.NOGROUPS'], 'EINVAL');
      fork(p, () => p.exit(1));
      p.save(child);
      call(p, 'waitpid', pid, status, 0);
      p.expectErrno(`waitpid(${pid}) with a child fails EINVAL`, ['PROC.WAIT.NOGROUPS'], 'EINVAL');
      call(p, 'waitpid', child, status, 0);
      expectSame(p, 'the child is still there to reap', ['PROC.WAIT.REAP'], 0, child.n);
    },
  });
}

function nullStatusCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'wait/null-status',
    description: 'waitpid(child, NULL, 0) reaps the child and returns its pid without writing a status',
    clauses: ['PROC.WAIT.REAP', 'PROC.WAIT.NONCHILD'],
    build({ p }) {
      const child = p.variable();
      fork(p, () => p.exit(3));
      p.save(child);
      call(p, 'waitpid', child, 0, 0);
      expectSame(p, 'waitpid(child, NULL) returns the pid', ['PROC.WAIT.REAP'], 0, child.n);
      call(p, 'waitpid', child, 0, 0);
      p.expectErrno('the child was reaped: ECHILD', ['PROC.WAIT.NONCHILD'], 'ECHILD');
    },
  });
}

// ---- zombies ------------------------------------------------------------------------------

function zombieKillCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'zombie/kill',
    description: 'a zombie accepts kill(pid, 0), SIGTERM and SIGKILL with no effect (its status stays exit 12); after the reap kill fails ESRCH',
    clauses: ['PROC.EXIT.ZOMBIE', 'SIG.KILL.PROBE', 'SIG.KILL.NOSUCH', 'PROC.WAIT.ZOMBIE', 'PROC.WAIT.STATUS', 'PROC.WAIT.REAP', 'PROC.EXIT.CLOSE'],
    build({ p }) {
      const ended = new EndSync(p);
      const status = cell(p);
      const child = p.variable();
      ended.create(p);
      fork(p, () => p.exit(12));
      p.save(child);
      ended.parentDone(p);
      ended.waitEnded(p);
      call(p, 'kill', child, 0);
      p.expectEq('kill(zombie, 0) returns 0', ['SIG.KILL.PROBE', 'PROC.EXIT.ZOMBIE'], 0);
      call(p, 'kill', child, SIGTERM);
      p.expectEq('kill(zombie, SIGTERM) returns 0', ['SIG.KILL.NOSUCH'], 0);
      call(p, 'kill', child, SIGKILL);
      p.expectEq('kill(zombie, SIGKILL) returns 0', ['SIG.KILL.NOSUCH'], 0);
      call(p, 'nanosleep', 0, 2_000_000);
      call(p, 'kill', child, 0);
      p.expectEq('after 2 ms the zombie is still there', ['PROC.EXIT.ZOMBIE', 'PROC.WAIT.ZOMBIE'], 0);
      call(p, 'waitpid', child, status, 0);
      expectSame(p, 'waitpid reaps it', ['PROC.WAIT.REAP'], 0, child.n);
      expectStatus(p, 'its status is still exit 12: the signals had no effect', ['SIG.KILL.NOSUCH', 'PROC.WAIT.STATUS'], status, waitStatusExited(12));
      call(p, 'kill', child, 0);
      p.expectErrno('after the reap kill(pid, 0) fails ESRCH', ['SIG.KILL.NOSUCH', 'PROC.WAIT.REAP'], 'ESRCH');
    },
  });
}

/** n zombies listed by procstat/psinfo with state PROC_ZOMBIE and ppid 1; each reap removes one. */
function zombieListCase(row: 'procstat' | 'psinfo', n: number): CaseDef {
  const lay = row === 'procstat' ? PROCSTAT : PS_ENTRY;
  const capacity = 8;
  return derivedCase(AREA, {
    id: `zombie/${row}/${n}`,
    description: `${n} ended, unreaped children appear in ${row} after init (count ${n + 1}, increasing pids, state PROC_ZOMBIE, ppid 1); each reap removes one`,
    clauses: ['PROC.EXIT.ZOMBIE', 'PROC.STATE.VALUES', 'SYS.PSINFO.TOTAL', 'SYS.PSINFO.THREADS', 'SYS.PSINFO.STATE', 'PROC.FORK.PARENT', 'PROC.WAIT.REAP',
      row === 'procstat' ? 'SYS.PROCSTAT.RECORDS' : 'SYS.PSINFO.RECORDS'],
    build({ p }) {
      const ended = new EndSync(p);
      const buf = p.space(lay.size * capacity, 8);
      const pids = p.space(8 * n, 8);
      const recClause = row === 'procstat' ? 'SYS.PROCSTAT.RECORDS' : 'SYS.PSINFO.RECORDS';
      const at = (i: number, field: string): number => buf + lay.size * i + offsetOf(lay.name, field);
      ended.create(p);
      for (let i = 0; i < n; i++) fork(p, () => p.exit(i), pids + 8 * i);
      ended.parentDone(p);
      ended.waitEnded(p);
      call(p, row, buf, capacity);
      p.expectEq(`${row} counts init and ${n} zombies`, ['SYS.PSINFO.TOTAL', 'SYS.PSINFO.THREADS'], n + 1);
      p.loadInt(3, at(0, 'pid'));
      p.expectEq('the first record is init', [recClause], 1, 3);
      p.loadInt(3, at(0, 'state'));
      p.expectEq('init, the caller, is PROC_RUNNING', ['SYS.PSINFO.STATE', 'PROC.STATE.VALUES'], RUNNING, 3);
      for (let i = 0; i < n; i++) {
        p.loadInt(3, at(i + 1, 'pid'));
        p.load(4, pids + 8 * i);
        expectSame(p, `record ${i + 1} is child ${i + 1} (pids increase)`, [recClause, 'SYS.PSINFO.THREADS'], 3, 4);
        p.loadInt(3, at(i + 1, 'state'));
        p.expectEq(`child ${i + 1} is PROC_ZOMBIE`, ['PROC.EXIT.ZOMBIE', 'PROC.STATE.VALUES', 'SYS.PSINFO.STATE'], ZOMBIE, 3);
        p.loadInt(3, at(i + 1, 'ppid'));
        p.expectEq(`child ${i + 1}'s ppid is 1`, ['PROC.FORK.PARENT'], 1, 3);
      }
      for (let i = 0; i < n; i++) {
        call(p, 'waitpid', word(pids + 8 * i), 0, 0);
        call(p, row, buf, capacity);
        p.expectEq(`after reaping child ${i + 1}, ${row} counts ${n - i}`, ['PROC.WAIT.REAP', 'SYS.PSINFO.TOTAL'], n - i);
      }
    },
  });
}

function zombiePidfdCase(): CaseDef {
  const info = 'procstat';
  return derivedCase(AREA, {
    id: 'zombie/pidfd',
    description: 'a pidfd opened on a zombie: pidfd_getinfo reports PROC_ZOMBIE, signalling fails ESRCH, poll reports POLLIN; after the reap getinfo fails ESRCH and POLLIN stays',
    clauses: ['PIDFD.OPEN', 'PIDFD.INFO', 'PIDFD.INFO.REAPED', 'PIDFD.SIGNAL.EXITED', 'PIDFD.POLL', 'PIDFD.NOREAP', 'PROC.EXIT.ZOMBIE', 'PROC.STATE.VALUES', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'FD.POLL.READY'],
    build({ p }) {
      const ended = new EndSync(p);
      const rec = p.space(layout(info).size, 8);
      const pfd = p.space(8, 8);
      const status = cell(p);
      const child = p.variable();
      const fd = p.variable();
      ended.create(p);
      fork(p, () => p.exit(21));
      p.save(child);
      ended.parentDone(p);
      ended.waitEnded(p);
      call(p, 'pidfd_open', child, 0);
      p.save(fd);
      p.expectOk('pidfd_open(zombie) returns a handle', ['PIDFD.OPEN', 'PROC.EXIT.ZOMBIE']);
      call(p, 'pidfd_getinfo', fd, rec);
      p.expectEq('pidfd_getinfo(zombie) returns 0', ['PIDFD.INFO', 'PIDFD.INFO.REAPED'], 0);
      p.loadInt(3, rec + offsetOf(info, 'pid'));
      expectSame(p, 'the record names the child', ['PIDFD.INFO'], 3, child.n);
      p.loadInt(3, rec + offsetOf(info, 'state'));
      p.expectEq('its state is PROC_ZOMBIE', ['PIDFD.INFO.REAPED', 'PROC.STATE.VALUES'], ZOMBIE, 3);
      call(p, 'pidfd_send_signal', fd, SIGTERM, 0);
      p.expectErrno('pidfd_send_signal(zombie) fails ESRCH', ['PIDFD.SIGNAL.EXITED'], 'ESRCH');
      const pollOnce = (what: string, clauses: readonly string[], revents = POLLIN, text = 'POLLIN'): void => {
        p.a.movImm(9, pfd).inst('STR_W_uoff', { Rt: fd.n, Rn: 9, imm12: 0 });
        p.a.movImm(10, POLLIN).inst('STR_W_uoff', { Rt: 10, Rn: 9, imm12: 1 });
        call(p, 'poll', pfd, 1, 0);
        p.expectEq(`poll reports the pidfd ready (${what})`, ['FD.POLL.READY', ...clauses], 1);
        p.a.movImm(9, pfd + 6).inst('LDRH_uoff', { Rt: 3, Rn: 9, imm12: 0 });
        p.expectEq(`revents is ${text} (${what})`, clauses, revents, 3);
      };
      pollOnce('zombie', ['PIDFD.POLL']);
      call(p, 'waitpid', child, status, 0);
      expectSame(p, 'holding a pidfd does not prevent the reap', ['PIDFD.NOREAP', 'PROC.WAIT.REAP'], 0, child.n);
      expectStatus(p, 'status 21 << 8', ['PROC.WAIT.STATUS'], status, waitStatusExited(21));
      call(p, 'pidfd_getinfo', fd, rec);
      p.expectErrno('pidfd_getinfo after the reap fails ESRCH', ['PIDFD.INFO.REAPED'], 'ESRCH');
      pollOnce('reaped', ['PIDFD.POLL', 'PIDFD.POLL.REAPED'], POLLIN | POLLHUP, 'POLLIN|POLLHUP');
    },
  });
}

// ---- orphans ------------------------------------------------------------------------------

/**
 * A middle process forks G and ends; G (live, or already a zombie) gets init as its parent, so
 * init can reap it, by pid or with waitpid(-1).
 */
function orphanCase(grandchildEnded: boolean, reapAny: boolean): CaseDef {
  return derivedCase(AREA, {
    id: `orphan/${grandchildEnded ? 'zombie' : 'live'}/${reapAny ? 'any' : 'pid'}`,
    description: `when a middle process ends, its ${grandchildEnded ? 'zombie' : 'live'} child gets ppid 1 and init reaps it with waitpid(${reapAny ? '-1' : 'pid'}) (exit 13)`,
    clauses: ['PROC.EXIT.ORPHANS', 'PROC.FORK.PARENT', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PIDFD.INFO', 'PIDFD.OPEN', 'PROC.WAIT.NONCHILD',
      ...(reapAny ? ['PROC.WAIT.ANY'] : []), ...(grandchildEnded ? ['PROC.EXIT.ZOMBIE'] : [])],
    build({ p }) {
      const tell = new Pipe(p);
      const go = new Pipe(p);
      const release = new Pipe(p);
      const ended = new EndSync(p);
      const gpid = cell(p);
      const buf = cell(p);
      const status = cell(p);
      const rec = p.space(PROCSTAT.size, 8);
      const middle = p.variable();
      const fd = p.variable();
      tell.create(p);
      go.create(p);
      release.create(p);
      fork(p, () => {
        ended.create(p);
        fork(p, () => {
          if (!grandchildEnded) call(p, 'read', release.read, buf, 1);
          p.exit(13);
        }, gpid);
        ended.parentDone(p);
        if (grandchildEnded) ended.waitEnded(p);
        call(p, 'write', tell.write, gpid, 8);
        call(p, 'read', go.read, buf, 1);
        p.exit(0);
      });
      p.save(middle);
      call(p, 'read', tell.read, gpid, 8);
      call(p, 'pidfd_open', word(gpid), 0);
      p.save(fd);
      p.expectOk('pidfd_open(grandchild) succeeds', ['PIDFD.OPEN']);
      call(p, 'pidfd_getinfo', fd, rec);
      p.loadInt(3, rec + offsetOf('procstat', 'ppid'));
      expectSame(p, 'while the middle process lives, the grandchild\'s ppid is the middle process', ['PROC.FORK.PARENT', 'PIDFD.INFO'], 3, middle.n);
      call(p, 'waitpid', word(gpid), status, WNOHANG);
      p.expectErrno('init cannot reap the grandchild yet: ECHILD', ['PROC.WAIT.NONCHILD'], 'ECHILD');
      call(p, 'write', go.write, buf, 1);
      call(p, 'waitpid', middle, status, 0);
      expectStatus(p, 'the middle process exits 0', ['PROC.WAIT.STATUS'], status, 0);
      call(p, 'pidfd_getinfo', fd, rec);
      p.loadInt(3, rec + offsetOf('procstat', 'ppid'));
      p.expectEq('after it ended, the grandchild\'s ppid is 1', ['PROC.EXIT.ORPHANS', 'PIDFD.INFO'], 1, 3);
      if (!grandchildEnded) call(p, 'write', release.write, buf, 1);
      call(p, 'waitpid', reapAny ? -1 : word(gpid), status, 0);
      p.load(4, gpid);
      expectSame(p, `init's waitpid(${reapAny ? '-1' : 'pid'}) reaps the adopted grandchild`, ['PROC.EXIT.ORPHANS', 'PROC.WAIT.REAP', ...(reapAny ? ['PROC.WAIT.ANY'] : [])], 0, 4);
      expectStatus(p, 'with its status 13 << 8', ['PROC.WAIT.STATUS'], status, waitStatusExited(13));
    },
  });
}

/** A chain init → A1 → … → A_depth; every intermediate ends at once; all end up children of init. */
function orphanChainCase(depth: number): CaseDef {
  return derivedCase(AREA, {
    id: `orphan/chain/${depth}`,
    description: `a chain of ${depth} processes whose intermediates exit at once: the leaf and every intermediate become children of init, which reaps all ${depth} of them`,
    clauses: ['PROC.EXIT.ORPHANS', 'PROC.WAIT.REAP', 'PROC.WAIT.ANY', 'PROC.WAIT.STATUS', 'PROC.WAIT.NONCHILD'],
    build({ p }) {
      const tell = new Pipe(p);
      const release = new Pipe(p);
      const leaf = cell(p);
      const buf = cell(p);
      const status = cell(p);
      const reaped = p.variable();
      tell.create(p);
      release.create(p);
      const level = (d: number): void => {
        if (d === depth) {
          call(p, 'getpid');
          store(p, leaf);
          call(p, 'write', tell.write, leaf, 8);
          call(p, 'read', release.read, buf, 1);
          p.exit(40);
          return;
        }
        fork(p, () => level(d + 1));
        p.exit(d);
      };
      fork(p, () => level(1));
      call(p, 'read', tell.read, leaf, 8);
      call(p, 'write', release.write, buf, 1);
      call(p, 'waitpid', word(leaf), status, 0);
      p.load(4, leaf);
      expectSame(p, 'init reaps the leaf by pid', ['PROC.EXIT.ORPHANS', 'PROC.WAIT.REAP'], 0, 4);
      expectStatus(p, 'the leaf exited 40', ['PROC.WAIT.STATUS'], status, waitStatusExited(40));
      p.a.movImm(reaped.n, 0);
      for (let i = 1; i < depth; i++) {
        call(p, 'waitpid', -1, 0, 0);
        const skip = p.a.label();
        p.a.tbnz(0, 63, skip);
        p.a.addImm(reaped.n, reaped.n, 1);
        p.a.bind(skip);
      }
      p.expectEq(`waitpid(-1) reaps the ${depth - 1} intermediate processes`, ['PROC.EXIT.ORPHANS', 'PROC.WAIT.ANY'], depth - 1, reaped);
      call(p, 'waitpid', -1, 0, 0);
      p.expectErrno('then no child is left: ECHILD', ['PROC.WAIT.NONCHILD'], 'ECHILD');
    },
  });
}

export function waitCases(): CaseDef[] {
  const both = [false, true];
  return [
    selfCase(),
    noChildrenCase(),
    ...both.flatMap((ended) => [0, WNOHANG].map((o) => grandchildCase(ended, o))),
    ...both.flatMap((ended) => [0, WNOHANG].map((o) => siblingCase(ended, o))),
    threadIdCase(),
    ...both.map(threadReapsCase),
    wnohangCase(),
    ...([-1, 0] as const).flatMap((pid) => both.flatMap((after) => [1, 2, 3, 4].map((n) => anyCase(n, pid, after)))),
    ...GROUP_PIDS.map(noGroupsCase),
    nullStatusCase(),
    zombieKillCase(),
    ...(['procstat', 'psinfo'] as const).flatMap((row) => [1, 2, 3, 5].map((n) => zombieListCase(row, n))),
    zombiePidfdCase(),
    ...both.flatMap((ended) => both.map((any) => orphanCase(ended, any))),
    ...[2, 3, 4, 5].map(orphanChainCase),
  ];
}

