// uvcondprobe: pthread_cond_wait/signal/broadcast (and the timed wait) as uv_cond_* uses them:
// a bounded queue guarded by a futex mutex with "not empty" / "not full" condition variables
// (futex sequence words). Producers put known values; consumers' sum and count must be exact.
// The timed wait is a sequence check around nanosleep slices (the futex call has no timeout).

import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses } from './common.js';
import { add, cmp, fn, ldr32, load32, loadAcquire, MS, str32, threadFinish } from './guest.js';
import { condSignal, condWait, mutexLock, mutexUnlock } from './locks.js';
import {
  expectStarted, futexClauses, joinWorkers, schedules, startWorkers, syncVariant, THREAD_PLUMBING, type SyncVariant,
} from './threaded.js';


interface QueueCase {
  readonly producers: number;
  readonly consumers: number;
  readonly perProducer: number;
  readonly capacity: number;
  readonly broadcast: boolean;
  readonly v: SyncVariant;
}

// Queue record offsets.
const COUNT = 0;
const HEAD = 4;
const TAIL = 8;
const SUM = 12;
const TAKEN = 16;
const ITEMS = 20;

function queueCase(c: QueueCase): CaseDef {
  const fc = futexClauses(c.v.o);
  const total = c.producers * c.perProducer;
  const quota = total / c.consumers;
  if (!Number.isInteger(quota)) throw new Error('cond queue: items must divide among consumers');
  let sum = 0;
  for (let i = 1; i <= c.producers; i++) for (let k = 1; k <= c.perProducer; k++) sum += i * 64 + k;
  return derivedCase(AREA, {
    id: `cond/queue/p${c.producers}-c${c.consumers}-n${c.perProducer}-q${c.capacity}-${c.broadcast ? 'bcast' : 'signal'}-${c.v.tag}`,
    description: `condition variables over a ${c.capacity}-slot queue: ${c.producers} producers x ${c.perProducer}, ${c.consumers} consumers, ${c.broadcast ? 'broadcast' : 'signal'}; ${total} items with sum ${sum} arrive (${c.v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc),
    build({ p }) {
      const o = c.v.o;
      const mutex = p.space(4);
      const notEmpty = p.space(4);
      const notFull = p.space(4);
      const q = p.space(ITEMS + 4 * c.capacity);
      const finished = p.space(4);
      /** Advances the index at [x22 + off] modulo the capacity; x9 = the old index. */
      const advance = (off: number): void => {
        ldr32(p, 9, 22, off);
        p.a.addImm(10, 9, 1, 0);
        const keep = p.a.label();
        p.a.cmpImm(10, c.capacity, 0);
        p.a.bcond('ne', keep);
        p.a.movImm(10, 0);
        p.a.bind(keep);
        str32(p, 10, 22, off);
      };
      /** x9 = the address of slot x9. */
      const slot = (): void => {
        p.a.addImm(10, 22, ITEMS);
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 2, Rn: 10, Rd: 9 });
      };
      const entry = fn(p, () => {
        p.mov(19, 0);
        p.a.movImm(21, mutex).movImm(22, q).movImm(24, notEmpty).movImm(26, notFull);
        const consumer = p.a.label();
        p.a.cmpImm(19, c.producers);
        p.a.bcond('hi', consumer);
        // producer: values arg*64 + k for k = 1..perProducer
        p.a.movImm(20, 1);
        const ploop = p.a.here();
        mutexLock(p, o, 21);
        const room = p.a.label();
        const full = p.a.here();
        ldr32(p, 9, 22, COUNT);
        p.a.cmpImm(9, c.capacity, 0);
        p.a.bcond('ne', room);
        condWait(p, o, 26, 21, 25);
        p.a.b(full);
        p.a.bind(room);
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 19, imm6: 6, Rn: 20, Rd: 23 });
        advance(TAIL);
        slot();
        str32(p, 23, 9);
        ldr32(p, 9, 22, COUNT);
        p.a.addImm(9, 9, 1, 0);
        str32(p, 9, 22, COUNT);
        condSignal(p, o, 24, c.broadcast);
        mutexUnlock(p, o, 21);
        p.a.addImm(20, 20, 1);
        p.a.cmpImm(20, c.perProducer + 1);
        p.a.bcond('ne', ploop);
        threadFinish(p, o.at, finished, o.flag);
        // consumer: takes `quota` items
        p.a.bind(consumer);
        p.a.movImm(20, quota);
        const cloop = p.a.here();
        mutexLock(p, o, 21);
        const some = p.a.label();
        const empty = p.a.here();
        ldr32(p, 9, 22, COUNT);
        p.a.cbnz(9, some, 0);
        condWait(p, o, 24, 21, 25);
        p.a.b(empty);
        p.a.bind(some);
        advance(HEAD);
        slot();
        ldr32(p, 23, 9);
        ldr32(p, 9, 22, COUNT);
        p.a.subImm(9, 9, 1, 0);
        str32(p, 9, 22, COUNT);
        ldr32(p, 9, 22, SUM);
        add(p, 9, 9, 23, 0);
        str32(p, 9, 22, SUM);
        ldr32(p, 9, 22, TAKEN);
        p.a.addImm(9, 9, 1, 0);
        str32(p, 9, 22, TAKEN);
        condSignal(p, o, 26, c.broadcast);
        mutexUnlock(p, o, 21);
        p.a.subImm(20, 20, 1);
        p.a.cbnz(20, cloop);
        threadFinish(p, o.at, finished, o.flag);
      });
      const threads = c.producers + c.consumers;
      const s = startWorkers(p, entry, Array.from({ length: threads }, (_, i) => i + 1));
      joinWorkers(p, finished, threads, o);
      expectStarted(p, s, threads);
      load32(p, 0, q + TAKEN);
      p.expectEq(`consumers took ${total} items`, fc, total);
      load32(p, 0, q + SUM);
      p.expectEq(`the items sum to ${sum}: each value arrived exactly once`, fc, sum);
      load32(p, 0, q + COUNT);
      p.expectEq('the queue is empty at the end', fc, 0);
      load32(p, 0, mutex);
      p.expectEq('the mutex is unlocked at the end', fc, 0);
      return { boot: c.v.sched.boot };
    },
  });
}

/**
 * pthread_cond_timedwait: the main thread waits for a flag under the mutex, giving up after
 * `slices` nanosleep slices. With `signaller` a worker sets the flag and signals.
 */
function timedCase(signaller: boolean, slices: number, sliceMs: number, broadcast: boolean, v: SyncVariant): CaseDef {
  const fc = futexClauses(v.o);
  const cl = ['TIME.SLEEP.MIN'];
  return derivedCase(AREA, {
    id: `cond/timed/${signaller ? 'signalled' : 'timeout'}-s${slices}-ms${sliceMs}${broadcast ? '-bcast' : ''}-${v.tag}`,
    description: signaller
      ? `a timed condition wait of ${slices} x ${sliceMs} ms is ended by a worker's ${broadcast ? 'broadcast' : 'signal'}; the flag is seen under the mutex (${v.text})`
      : `a timed condition wait with no signaller gives up after ${slices} sleeps of ${sliceMs} ms (ETIMEDOUT), each returning 0 (${v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc, cl),
    build({ p }) {
      const o = v.o;
      const mutex = p.space(4);
      const cond = p.space(4);
      const flag = p.space(4);
      const finished = p.space(4);
      const entry = fn(p, () => {
        p.a.movImm(21, mutex).movImm(22, cond).movImm(23, flag);
        mutexLock(p, o, 21);
        p.a.movImm(9, 1);
        str32(p, 9, 23);
        condSignal(p, o, 22, broadcast);
        mutexUnlock(p, o, 21);
        threadFinish(p, o.at, finished, o.flag);
      });
      const m = p.variable();
      const cv = p.variable();
      const seq = p.variable();
      const sleeps = p.variable();
      const badSleep = p.variable();
      const timedOut = p.variable();
      p.a.movImm(m.n, mutex).movImm(cv.n, cond).movImm(sleeps.n, 0).movImm(badSleep.n, 0).movImm(timedOut.n, 0);
      const s = signaller ? startWorkers(p, entry, [1]) : null;
      p.a.movImm(m.n, mutex).movImm(cv.n, cond);
      mutexLock(p, o, m.n);
      const check = p.a.here();
      const done = p.a.label();
      const give = p.a.label();
      load32(p, 10, flag);
      p.a.cbnz(10, done, 0);
      p.a.cmpImm(sleeps.n, slices);
      p.a.bcond('cs', give);
      // timed wait: note the sequence, unlock, sleep in slices until it moves or time is up
      loadAcquire(p, seq.n, cv.n);
      mutexUnlock(p, o, m.n);
      const slice = p.a.here();
      const moved = p.a.label();
      loadAcquire(p, 10, cv.n);
      cmp(p, 10, seq.n, 0);
      p.a.bcond('ne', moved);
      p.a.cmpImm(sleeps.n, slices);
      p.a.bcond('cs', moved);
      p.sys('nanosleep', 0, sliceMs * MS);
      const ok = p.a.label();
      p.a.cbz(0, ok);
      p.a.addImm(badSleep.n, badSleep.n, 1);
      p.a.bind(ok);
      p.a.addImm(sleeps.n, sleeps.n, 1);
      p.a.b(slice);
      p.a.bind(moved);
      mutexLock(p, o, m.n);
      p.a.b(check);
      p.a.bind(give);
      p.a.movImm(timedOut.n, 1);
      p.a.bind(done);
      mutexUnlock(p, o, m.n);
      p.expectEq('every nanosleep slice returned 0', cl, 0, badSleep);
      if (signaller) {
        joinWorkers(p, finished, 1, o);
        expectStarted(p, s!, 1);
        p.expectEq('the wait ended by the signal, not the timeout', fc, 0, timedOut);
        load32(p, 0, flag);
        p.expectEq('the flag set under the mutex is seen', fc, 1);
        p.expectCmp(`fewer than ${slices} slices were slept`, fc, 'lt', slices, sleeps);
      } else {
        p.expectEq('the wait timed out (ETIMEDOUT)', cl, 1, timedOut);
        p.expectEq(`after exactly ${slices} slices`, cl, slices, sleeps);
      }
      load32(p, 0, mutex);
      p.expectEq('the mutex is unlocked at the end', fc, 0);
      return { boot: v.sched.boot };
    },
  });
}

export function condCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const scheds = schedules(6);
  const shapes: [number, number, number, number][] = [
    [1, 1, 8, 1], [1, 1, 12, 3], [2, 1, 6, 2], [1, 2, 8, 1], [2, 2, 6, 2], [3, 3, 4, 1], [4, 2, 5, 4], [2, 4, 8, 3],
  ];
  for (const [producers, consumers, perProducer, capacity] of shapes) {
    for (const [si, sched] of scheds.entries()) {
      if (si > 3 && producers + consumers > 4) continue;
      out.push(queueCase({ producers, consumers, perProducer, capacity, broadcast: si % 3 === 1, v: syncVariant(si % 2 ? 'lse' : 'llsc', si === 2, sched) }));
    }
  }
  for (const [slices, ms] of [[1, 1], [3, 2], [5, 10]] as const) {
    for (const [si, sched] of scheds.slice(0, 3).entries()) {
      out.push(timedCase(false, slices, ms, false, syncVariant(si % 2 ? 'lse' : 'llsc', false, sched)));
      out.push(timedCase(true, slices + 20, ms, si === 1, syncVariant(si % 2 ? 'llsc' : 'lse', si === 2, sched)));
    }
  }
  return out;
}
