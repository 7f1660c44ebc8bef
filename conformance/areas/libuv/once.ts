// uvkeyonceprobe: pthread_once, pthread_self/pthread_equal, join and detach as libuv's Unix thread
// layer uses them. Thread-specific keys are libc-level (TLS through TPIDR_EL0, no syscall and no
// clause), so only their syscall-free footprint exists and they are not reproduced here.

import { errnoNumber } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses } from './common.js';
import { atomicAddConst, cmp, fn, ldr64, load32, MS, r, str32, threadFinish, WNOHANG } from './guest.js';
import { once } from './locks.js';
import {
  expectStarted, futexClauses, joinWorkers, schedules, startWorkers, syncVariant, THREAD_PLUMBING, type SyncVariant,
} from './threaded.js';


function onceCase(threads: number, mainToo: boolean, v: SyncVariant): CaseDef {
  const fc = futexClauses(v.o);
  return derivedCase(AREA, {
    id: `keyonce/once/t${threads}${mainToo ? '-main' : ''}-${v.tag}`,
    description: `pthread_once from ${threads} threads${mainToo ? ' and then the main thread' : ''}: the init routine runs once and every caller returns after it finished (${v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc),
    build({ p }) {
      const o = v.o;
      const control = p.space(4);
      const runs = p.space(4);
      const ready = p.space(4);
      const early = p.space(4);
      const finished = p.space(4);
      /** once(control, init) followed by the check that init's effect is visible. Uses x21. */
      const callOnce = (): void => {
        p.a.movImm(21, control);
        once(p, o, 21, () => {
          p.a.movImm(11, runs);
          atomicAddConst(p, o.at, 11, 1);
          p.sys('getpid');
          p.sys('getpid');
          p.a.movImm(9, 1).movImm(10, ready);
          str32(p, 9, 10);
        });
        const seen = p.a.label();
        load32(p, 10, ready);
        p.a.cbnz(10, seen, 0);
        p.a.movImm(11, early);
        atomicAddConst(p, o.at, 11, 1);
        p.a.bind(seen);
      };
      const entry = fn(p, () => {
        callOnce();
        threadFinish(p, o.at, finished, o.flag);
      });
      const s = startWorkers(p, entry, Array.from({ length: threads }, (_, i) => i + 1));
      joinWorkers(p, finished, threads, o);
      expectStarted(p, s, threads);
      if (mainToo) callOnce();
      load32(p, 0, runs);
      p.expectEq('the init routine ran exactly once', fc, 1);
      load32(p, 0, early);
      p.expectEq('no caller returned before init finished', fc, 0);
      load32(p, 0, control);
      p.expectEq('the once word is in its done state (2)', fc, 2);
      return { boot: v.sched.boot };
    },
  });
}

/** pthread_self/pthread_equal/getpid: thread ids are distinct, not pids, not children; getpid agrees. */
function identityCase(threads: number, v: SyncVariant): CaseDef {
  const fc = futexClauses(v.o);
  const esrch = -errnoNumber('ESRCH');
  const echild = -errnoNumber('ECHILD');
  return derivedCase(AREA, {
    id: `keyonce/identity/t${threads}-${v.tag}`,
    description: `${threads} threads: distinct ids that are not the pid, kill(tid, 0) is ESRCH and waitpid(tid) ECHILD; getpid in every thread is the process id (${v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc, ['THR.GETPID', 'SIG.KILL.NOSUCH', 'PROC.WAIT.NONCHILD', 'PROC.WAIT.THREADS']),
    build({ p }) {
      const o = v.o;
      const tids = p.space(8 * threads, 8);
      const seen = p.space(8 * threads, 8);
      const finished = p.space(4);
      const entry = fn(p, () => {
        p.mov(19, 0);
        p.sys('getpid');
        // seen[arg] = getpid()
        p.a.movImm(9, seen);
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 19, imm6: 3, Rn: 9, Rd: 9 });
        p.a.inst('STR_X_uoff', { Rt: 0, Rn: 9, imm12: 0 });
        threadFinish(p, o.at, finished, o.flag);
      });
      const s = startWorkers(p, entry, Array.from({ length: threads }, (_, i) => i), undefined, tids);
      joinWorkers(p, finished, threads, o);
      expectStarted(p, s, threads);
      const wrong = p.variable();
      p.a.movImm(wrong.n, 0);
      for (let i = 0; i < threads; i++) {
        p.a.movImm(9, seen + 8 * i);
        ldr64(p, 10, 9);
        const ok = p.a.label();
        cmp(p, 10, s.pid.n);
        p.a.bcond('eq', ok);
        p.a.addImm(wrong.n, wrong.n, 1);
        p.a.bind(ok);
      }
      p.expectEq('getpid returned the process id in every thread', ['THR.GETPID'], 0, wrong);
      p.a.movImm(wrong.n, 0);
      for (let i = 0; i < threads; i++) {
        for (let j = i + 1; j < threads; j++) {
          p.a.movImm(9, tids + 8 * i);
          ldr64(p, 10, 9);
          p.a.movImm(9, tids + 8 * j);
          ldr64(p, 11, 9);
          const ok = p.a.label();
          cmp(p, 10, 11);
          p.a.bcond('ne', ok);
          p.a.addImm(wrong.n, wrong.n, 1);
          p.a.bind(ok);
        }
      }
      p.expectEq('the thread ids are pairwise distinct (pthread_equal is false across threads)', ['THR.CREATE.ID'], 0, wrong);
      const tid = p.variable();
      for (let i = 0; i < threads; i++) {
        p.load(tid, tids + 8 * i);
        p.sys('kill', tid, 0);
        p.expectEq(`kill(tid ${i}, 0) fails ESRCH: a thread id is not a pid`, ['THR.CREATE.ID', 'SIG.KILL.NOSUCH'], esrch);
        p.sys('waitpid', tid, 0, WNOHANG);
        p.expectEq(`waitpid(tid ${i}) fails ECHILD: threads are not children`, ['PROC.WAIT.NONCHILD', 'PROC.WAIT.THREADS'], echild);
      }
      return { boot: v.sched.boot };
    },
  });
}

/** uv_thread_detach: a detached thread's exit(code) ends only it; the process carries on. */
function detachCase(threads: number, code: number, v: SyncVariant): CaseDef {
  const fc = futexClauses(v.o);
  const echild = -errnoNumber('ECHILD');
  return derivedCase(AREA, {
    id: `keyonce/detach/t${threads}-code${code}-${v.tag}`,
    description: `${threads} detached threads end with exit(${code}); only they end, their status is discarded and no child is waitable (${v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc, ['THR.EXIT.MAIN', 'PROC.GETPID', 'PROC.WAIT.THREADS', 'PROC.WAIT.NONCHILD', 'TIME.SLEEP.MIN']),
    build({ p }) {
      const o = v.o;
      const finished = p.space(4);
      const entry = fn(p, () => {
        p.a.movImm(11, finished);
        atomicAddConst(p, o.at, 11, 1);
        p.sys('futex', r(11), 1 | o.flag, 0x7fff_ffff);
        p.exit(code);
      });
      const s = startWorkers(p, entry, Array.from({ length: threads }, (_, i) => i + 1));
      joinWorkers(p, finished, threads, o);
      p.sys('nanosleep', 0, 2 * MS);
      p.expectEq('nanosleep returns 0 while the detached threads end', ['TIME.SLEEP.MIN'], 0);
      expectStarted(p, s, threads);
      p.sys('getpid');
      p.expectEq(`the process is still running after ${threads} thread exits with status ${code} (getpid is 1)`, ['THR.EXIT.MAIN', 'PROC.GETPID'], 1);
      p.sys('waitpid', -1, 0, WNOHANG);
      p.expectEq('waitpid(-1) fails ECHILD: ended threads are not children', ['PROC.WAIT.THREADS', 'PROC.WAIT.NONCHILD'], echild);
      return { boot: v.sched.boot };
    },
  });
}

export function onceCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const scheds = schedules(6);
  for (const threads of [2, 3, 4, 8]) {
    for (const [si, sched] of scheds.entries()) {
      out.push(onceCase(threads, si % 2 === 1, syncVariant(si % 2 ? 'lse' : 'llsc', si === 4, sched)));
    }
  }
  for (const threads of [1, 2, 4, 6]) {
    for (const [si, sched] of scheds.slice(0, 2).entries()) out.push(identityCase(threads, syncVariant(si ? 'lse' : 'llsc', false, sched)));
  }
  for (const threads of [1, 3]) {
    for (const [ci, code] of [1, 77, 255].entries()) out.push(detachCase(threads, code, syncVariant(ci % 2 ? 'lse' : 'llsc', false, scheds[ci]!)));
  }
  return out;
}
