// uvsemprobe: sem_init/sem_wait/sem_trywait/sem_timedwait/sem_post as uv_sem_* uses them, on a
// futex counting semaphore. Producer/consumer and ping-pong shapes with exact totals; trywait on
// an empty semaphore fails (EAGAIN) without a syscall; timedwait is a trywait loop around
// nanosleep slices, since the futex call has no timeout.

import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses } from './common.js';
import { atomicAddConst, fn, ldr32, load32, MS, store32, str32, threadFinish } from './guest.js';
import { semPost, semTryWait, semWait } from './locks.js';
import {
  expectStarted, futexClauses, joinWorkers, schedules, startWorkers, syncVariant, THREAD_PLUMBING, type SyncVariant,
} from './threaded.js';


interface ProdCons {
  readonly posters: number;
  readonly waiters: number;
  readonly posts: number;
  readonly initial: number;
  readonly v: SyncVariant;
}

function prodCons(c: ProdCons): CaseDef {
  const fc = futexClauses(c.v.o);
  const total = c.posters * c.posts;
  const each = total / c.waiters;
  if (!Number.isInteger(each)) throw new Error('sem prodcons: posts must divide among waiters');
  return derivedCase(AREA, {
    id: `sem/prodcons/p${c.posters}-c${c.waiters}-n${c.posts}-i${c.initial}-${c.v.tag}`,
    description: `semaphore (initial ${c.initial}): ${c.posters} posters x ${c.posts} posts, ${c.waiters} waiters x ${each} waits; ${total} units consumed and the count ends at ${c.initial} (${c.v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc),
    build({ p }) {
      const o = c.v.o;
      const sem = p.space(4);
      const consumed = p.space(4);
      const produced = p.space(4);
      const overdrawn = p.space(4);
      const finished = p.space(4);
      store32(p, sem, c.initial);
      const entry = fn(p, () => {
        p.mov(19, 0);
        p.a.movImm(21, sem);
        const waiter = p.a.label();
        p.a.cmpImm(19, c.posters);
        p.a.bcond('hi', waiter);
        p.a.movImm(20, c.posts);
        const ploop = p.a.here();
        p.a.movImm(11, produced);
        atomicAddConst(p, o.at, 11, 1);
        semPost(p, o, 21);
        p.a.subImm(20, 20, 1);
        p.a.cbnz(20, ploop);
        threadFinish(p, o.at, finished, o.flag);
        p.a.bind(waiter);
        p.a.movImm(20, each);
        const wloop = p.a.here();
        semWait(p, o, 21);
        p.a.movImm(11, consumed);
        atomicAddConst(p, o.at, 11, 1);
        // never more units taken than posted (plus the initial count): x12 = consumed before this one
        load32(p, 10, produced);
        p.a.addImm(10, 10, c.initial, 0);
        const covered = p.a.label();
        p.a.inst('SUBS_sreg', { sf: 0, shift: 0, Rm: 10, imm6: 0, Rn: 12, Rd: 31 });
        p.a.bcond('cc', covered);
        p.a.movImm(11, overdrawn);
        atomicAddConst(p, o.at, 11, 1);
        p.a.bind(covered);
        p.a.subImm(20, 20, 1);
        p.a.cbnz(20, wloop);
        threadFinish(p, o.at, finished, o.flag);
      });
      const threads = c.posters + c.waiters;
      const s = startWorkers(p, entry, Array.from({ length: threads }, (_, i) => i + 1));
      joinWorkers(p, finished, threads, o);
      expectStarted(p, s, threads);
      load32(p, 0, consumed);
      p.expectEq(`waiters took exactly ${total} units`, fc, total);
      load32(p, 0, overdrawn);
      p.expectEq('no wait returned before a unit was there to take', fc, 0);
      load32(p, 0, sem);
      p.expectEq(`the semaphore count is back to ${c.initial}`, fc, c.initial);
      return { boot: c.v.sched.boot };
    },
  });
}

function pingPong(rounds: number, v: SyncVariant): CaseDef {
  const fc = futexClauses(v.o);
  return derivedCase(AREA, {
    id: `sem/pingpong/n${rounds}-${v.tag}`,
    description: `two semaphores hand a token between two threads ${rounds} times each; strict alternation and a counter of ${2 * rounds} (${v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc),
    build({ p }) {
      const o = v.o;
      const sems = p.space(8);
      const counter = p.space(4);
      const order = p.space(4);
      const finished = p.space(4);
      store32(p, sems, 1);
      const entry = fn(p, () => {
        // x0 = 0 for thread A (waits on sems[0], posts sems[1]), 1 for B.
        p.mov(19, 0);
        p.a.movImm(20, rounds).movImm(22, counter);
        p.a.movImm(21, sems).movImm(23, sems + 4);
        const isA = p.a.label();
        p.a.cbz(19, isA);
        p.a.movImm(21, sems + 4).movImm(23, sems);
        p.a.bind(isA);
        const loop = p.a.here();
        semWait(p, o, 21);
        ldr32(p, 24, 22);
        // A must see an even count, B an odd one.
        p.a.inst('AND_imm', { sf: 0, N: 0, immr: 0, imms: 0, Rn: 24, Rd: 9 });
        const inTurn = p.a.label();
        p.a.inst('SUBS_sreg', { sf: 0, shift: 0, Rm: 19, imm6: 0, Rn: 9, Rd: 31 });
        p.a.bcond('eq', inTurn);
        p.a.movImm(11, order);
        atomicAddConst(p, o.at, 11, 1);
        p.a.bind(inTurn);
        p.sys('getpid');
        p.a.addImm(24, 24, 1, 0);
        str32(p, 24, 22);
        semPost(p, o, 23);
        p.a.subImm(20, 20, 1);
        p.a.cbnz(20, loop);
        threadFinish(p, o.at, finished, o.flag);
      });
      const s = startWorkers(p, entry, [0, 1]);
      joinWorkers(p, finished, 2, o);
      expectStarted(p, s, 2);
      load32(p, 0, counter);
      p.expectEq(`the token counter is ${2 * rounds}`, fc, 2 * rounds);
      load32(p, 0, order);
      p.expectEq('the threads strictly alternated', fc, 0);
      load32(p, 0, sems);
      p.expectEq('the first semaphore ends at 1 (the token is back)', fc, 1);
      load32(p, 0, sems + 4);
      p.expectEq('the second semaphore ends at 0', fc, 0);
      return { boot: v.sched.boot };
    },
  });
}

function tryWait(initial: number, tries: number, posts: number, v: SyncVariant): CaseDef {
  const fc = futexClauses(v.o);
  const got = Math.min(initial, tries);
  return derivedCase(AREA, {
    id: `sem/trywait/i${initial}-t${tries}-p${posts}-${v.tag}`,
    description: `sem_trywait x ${tries} on a count of ${initial} takes ${got} and fails ${tries - got} times; then a worker posts ${posts} and the main thread waits them all (${v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc),
    build({ p }) {
      const o = v.o;
      const sem = p.space(4);
      const finished = p.space(4);
      store32(p, sem, initial);
      const entry = fn(p, () => {
        p.a.movImm(21, sem).movImm(20, posts);
        const loop = p.a.here();
        semPost(p, o, 21);
        p.a.subImm(20, 20, 1);
        p.a.cbnz(20, loop);
        threadFinish(p, o.at, finished, o.flag);
      });
      const ok = p.variable();
      const fails = p.variable();
      const semReg = p.variable();
      p.a.movImm(ok.n, 0).movImm(fails.n, 0).movImm(semReg.n, sem);
      for (let i = 0; i < tries; i++) {
        const empty = p.a.label();
        const next = p.a.label();
        semTryWait(p, o, semReg.n, empty);
        p.a.addImm(ok.n, ok.n, 1);
        p.a.b(next);
        p.a.bind(empty);
        p.a.addImm(fails.n, fails.n, 1);
        p.a.bind(next);
      }
      p.expectEq(`${got} trywaits succeeded`, fc, got, ok);
      p.expectEq(`${tries - got} trywaits found the count at 0 (EAGAIN)`, fc, tries - got, fails);
      const s = startWorkers(p, entry, [1]);
      p.a.movImm(semReg.n, sem);
      for (let i = 0; i < posts; i++) semWait(p, o, semReg.n);
      joinWorkers(p, finished, 1, o);
      expectStarted(p, s, 1);
      load32(p, 0, sem);
      p.expectEq(`the count is ${initial - got} after ${posts} posts and ${posts} waits`, fc, initial - got);
      return { boot: v.sched.boot };
    },
  });
}

/** sem_timedwait: `slices` nanosleep slices with a trywait before each; then the same with a posting worker. */
function timedWait(slices: number, sliceMs: number, v: SyncVariant): CaseDef {
  const fc = futexClauses(v.o);
  const cl = ['TIME.SLEEP.MIN'];
  return derivedCase(AREA, {
    id: `sem/timedwait/s${slices}-ms${sliceMs}-${v.tag}`,
    description: `sem_timedwait on an empty semaphore times out after ${slices} sleeps of ${sliceMs} ms, each returning 0; with a posting worker it succeeds before the deadline (${v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc, cl),
    build({ p }) {
      const o = v.o;
      const sem = p.space(4);
      const finished = p.space(4);
      const entry = fn(p, () => {
        p.a.movImm(21, sem);
        semPost(p, o, 21);
        threadFinish(p, o.at, finished, o.flag);
      });
      const semReg = p.variable();
      const sleeps = p.variable();
      const badSleep = p.variable();
      const outcome = p.variable();
      /** outcome = 1 when a unit was taken, 0 on timeout; sleeps counts the slices used. */
      const timed = (limit: number): void => {
        p.a.movImm(semReg.n, sem).movImm(sleeps.n, 0).movImm(outcome.n, 0);
        const loop = p.a.here();
        const empty = p.a.label();
        const done = p.a.label();
        semTryWait(p, o, semReg.n, empty);
        p.a.movImm(outcome.n, 1);
        p.a.b(done);
        p.a.bind(empty);
        p.a.cmpImm(sleeps.n, limit);
        p.a.bcond('cs', done);
        p.sys('nanosleep', 0, sliceMs * MS);
        const ok = p.a.label();
        p.a.cbz(0, ok);
        p.a.addImm(badSleep.n, badSleep.n, 1);
        p.a.bind(ok);
        p.a.addImm(sleeps.n, sleeps.n, 1);
        p.a.b(loop);
        p.a.bind(done);
      };
      p.a.movImm(badSleep.n, 0);
      timed(slices);
      p.expectEq('the timed wait on an empty semaphore timed out (ETIMEDOUT)', fc, 0, outcome);
      p.expectEq(`it slept all ${slices} slices`, cl, slices, sleeps);
      p.expectEq('every nanosleep slice returned 0', cl, 0, badSleep);
      const s = startWorkers(p, entry, [1]);
      timed(50);
      p.expectEq('with a worker posting, the timed wait took the unit', fc, 1, outcome);
      p.expectCmp('before the 50-slice deadline', fc, 'lt', 50, sleeps);
      joinWorkers(p, finished, 1, o);
      expectStarted(p, s, 1);
      load32(p, 0, sem);
      p.expectEq('the count is 0', fc, 0);
      return { boot: v.sched.boot };
    },
  });
}

export function semCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const scheds = schedules(6);
  const shapes: [number, number, number][] = [[1, 1, 8], [2, 1, 6], [1, 2, 8], [2, 2, 10], [3, 2, 4], [4, 4, 6], [1, 3, 9]];
  for (const [posters, waiters, posts] of shapes) {
    for (const [si, sched] of scheds.entries()) {
      if (si > 3 && posters + waiters > 4) continue;
      out.push(prodCons({ posters, waiters, posts, initial: si % 3, v: syncVariant(si % 2 ? 'lse' : 'llsc', si === 4, sched) }));
    }
  }
  for (const rounds of [1, 5, 20]) {
    for (const [si, sched] of scheds.entries()) out.push(pingPong(rounds, syncVariant(si % 2 ? 'llsc' : 'lse', si === 2, sched)));
  }
  const tries: [number, number, number][] = [[0, 1, 1], [0, 3, 2], [1, 1, 1], [1, 3, 3], [2, 2, 1], [3, 5, 4], [5, 2, 2]];
  tries.forEach(([initial, t, posts], i) => out.push(tryWait(initial, t, posts, syncVariant(i % 2 ? 'lse' : 'llsc', i === 3, scheds[i % 3]!))));
  for (const [slices, ms] of [[1, 1], [2, 5], [3, 10], [1, 20]] as const) {
    for (const [si, sched] of scheds.slice(0, 2).entries()) out.push(timedWait(slices, ms, syncVariant(si ? 'lse' : 'llsc', false, sched)));
  }
  return out;
}
