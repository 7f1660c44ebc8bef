// uvmutexprobe: PTHREAD_MUTEX_{NORMAL,RECURSIVE,ERRORCHECK} as libuv initialises them, built on
// a futex three-state lock. T threads each run N critical sections that increment a shared
// counter with a plain load/store (a lost update shows a broken lock); the counters must be exact.

import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses } from './common.js';
import { fn, ldr32, load32, str32, threadFinish } from './guest.js';
import { errorcheckLock, errorcheckUnlock, mutexLock, mutexUnlock, recursiveLock, recursiveUnlock } from './locks.js';
import {
  expectStarted, futexClauses, joinWorkers, schedules, startWorkers, syncVariant, THREAD_PLUMBING, type SyncVariant,
} from './threaded.js';

type Kind = 'normal' | 'recursive' | 'errorcheck';

interface MutexCase {
  readonly kind: Kind;
  readonly threads: number;
  readonly iters: number;
  /** Recursion depth (recursive kind). */
  readonly depth: number;
  /** A getpid between the load and the store of the counter widens the window. */
  readonly syscallInside: boolean;
  readonly v: SyncVariant;
}


function mutexCase(c: MutexCase): CaseDef {
  const total = c.threads * c.iters;
  const fc = futexClauses(c.v.o);
  const depthTag = c.kind === 'recursive' ? `-d${c.depth}` : '';
  return derivedCase(AREA, {
    id: `mutex/${c.kind}/t${c.threads}-n${c.iters}${depthTag}${c.syscallInside ? '-sys' : ''}-${c.v.tag}`,
    description: `${c.kind} mutex: ${c.threads} threads x ${c.iters} locked increments${c.kind === 'recursive' ? ` at depth ${c.depth}` : ''}${c.syscallInside ? ' (getpid inside)' : ''}; counter ends at exactly ${total} (${c.v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc),
    build({ p }) {
      const o = c.v.o;
      const lock = p.space(16);
      const counter = p.space(4);
      const finished = p.space(4);
      const deadlocks = p.space(4);
      const eperms = p.space(4);
      const entry = fn(p, () => {
        p.mov(19, 0);
        p.a.movImm(20, c.iters).movImm(21, lock).movImm(22, counter).movImm(24, deadlocks).movImm(25, eperms);
        const loop = p.a.here();
        if (c.kind === 'normal') mutexLock(p, o, 21);
        if (c.kind === 'recursive') for (let d = 0; d < c.depth; d++) recursiveLock(p, o, 21, 19);
        if (c.kind === 'errorcheck') {
          errorcheckLock(p, o, 21, 19, 24);
          errorcheckLock(p, o, 21, 19, 24);
        }
        ldr32(p, 23, 22);
        if (c.syscallInside) p.sys('getpid');
        p.a.addImm(23, 23, 1, 0);
        str32(p, 23, 22);
        if (c.kind === 'normal') mutexUnlock(p, o, 21);
        if (c.kind === 'recursive') for (let d = 0; d < c.depth; d++) recursiveUnlock(p, o, 21);
        if (c.kind === 'errorcheck') {
          errorcheckUnlock(p, o, 21, 19, 25);
          errorcheckUnlock(p, o, 21, 19, 25);
        }
        p.a.subImm(20, 20, 1);
        p.a.cbnz(20, loop);
        threadFinish(p, o.at, finished, o.flag);
      });
      const s = startWorkers(p, entry, Array.from({ length: c.threads }, (_, i) => i + 1));
      joinWorkers(p, finished, c.threads, o);
      expectStarted(p, s, c.threads);
      load32(p, 0, counter);
      p.expectEq(`the shared counter is ${total}: no critical section overlapped`, fc, total);
      load32(p, 0, lock);
      p.expectEq('the lock word is 0 (unlocked, no waiters) after every thread ended', fc, 0);
      if (c.kind !== 'normal') {
        load32(p, 0, lock + 4);
        p.expectEq('no owner is recorded after the last unlock', fc, 0);
      }
      if (c.kind === 'recursive') {
        load32(p, 0, lock + 8);
        p.expectEq('the recursion depth is back to 0', fc, 0);
      }
      if (c.kind === 'errorcheck') {
        load32(p, 0, deadlocks);
        p.expectEq(`each of the ${total} relocks by the owner was refused (EDEADLK) without blocking`, fc, total);
        load32(p, 0, eperms);
        p.expectEq(`each of the ${total} unlocks by a non-owner was refused (EPERM)`, fc, total);
      }
      return { boot: c.v.sched.boot };
    },
  });
}

export function mutexCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const scheds = schedules(6);
  // normal: threads x iterations x atomics x schedule
  for (const threads of [2, 3, 4, 8]) {
    for (const iters of [1, 12, 40]) {
      for (const at of ['llsc', 'lse'] as const) {
        for (const [si, sched] of scheds.entries()) {
          if (iters === 1 && si > 1) continue;
          if (threads === 8 && si > 3) continue;
          out.push(mutexCase({ kind: 'normal', threads, iters, depth: 1, syscallInside: (threads + iters + si) % 3 === 0, v: syncVariant(at, si === 2 && at === 'lse', sched) }));
        }
      }
    }
  }
  for (const threads of [2, 4]) {
    for (const depth of [2, 3]) {
      for (const [si, sched] of scheds.slice(0, 4).entries()) {
        out.push(mutexCase({ kind: 'recursive', threads, iters: 10, depth, syscallInside: si === 1, v: syncVariant(si % 2 ? 'lse' : 'llsc', si === 3, sched) }));
      }
    }
  }
  for (const threads of [1, 2, 3, 5]) {
    for (const [si, sched] of scheds.slice(0, 4).entries()) {
      out.push(mutexCase({ kind: 'errorcheck', threads, iters: 8, depth: 1, syscallInside: si === 2, v: syncVariant(si % 2 ? 'llsc' : 'lse', si === 1, sched) }));
    }
  }
  return out;
}
