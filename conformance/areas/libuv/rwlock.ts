// uvrwlockprobe: pthread_rwlock_{rd,wr}lock/unlock as uv_rwlock_* wraps them, on one futex word
// (reader count, or all-ones for a writer). Writers advance two counters a and b one after the
// other inside the write lock; readers check a == b under the read lock. Exact totals, no torn read.

import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses } from './common.js';
import { atomicAddConst, cmp, fn, ldr32, load32, str32, threadFinish } from './guest.js';
import { readLock, readUnlock, writeLock, writeUnlock } from './locks.js';
import {
  expectStarted, futexClauses, joinWorkers, schedules, startWorkers, syncVariant, THREAD_PLUMBING, type SyncVariant,
} from './threaded.js';

interface RwCase {
  readonly readers: number;
  readonly writers: number;
  readonly iters: number;
  readonly syscallInside: boolean;
  readonly v: SyncVariant;
}

function rwCase(c: RwCase): CaseDef {
  const fc = futexClauses(c.v.o);
  const threads = c.readers + c.writers;
  const writes = c.writers * c.iters;
  const reads = c.readers * c.iters;
  return derivedCase(AREA, {
    id: `rwlock/r${c.readers}-w${c.writers}-n${c.iters}${c.syscallInside ? '-sys' : ''}-${c.v.tag}`,
    description: `rwlock: ${c.readers} readers and ${c.writers} writers x ${c.iters}; writers count to ${writes}, readers never see a half-done write (${c.v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc),
    build({ p }) {
      const o = c.v.o;
      const lock = p.space(4);
      const ab = p.space(8);
      const torn = p.space(4);
      const readsDone = p.space(4);
      const finished = p.space(4);
      const entry = fn(p, () => {
        p.mov(19, 0);
        p.a.movImm(20, c.iters).movImm(21, lock).movImm(22, ab);
        const writer = p.a.label();
        p.a.cmpImm(19, c.readers);
        p.a.bcond('hi', writer);
        // reader
        const rloop = p.a.here();
        readLock(p, o, 21);
        ldr32(p, 23, 22, 0);
        if (c.syscallInside) p.sys('getpid');
        ldr32(p, 24, 22, 4);
        const same = p.a.label();
        cmp(p, 23, 24, 0);
        p.a.bcond('eq', same);
        p.a.movImm(11, torn);
        atomicAddConst(p, o.at, 11, 1);
        p.a.bind(same);
        readUnlock(p, o, 21);
        p.a.movImm(11, readsDone);
        atomicAddConst(p, o.at, 11, 1);
        p.a.subImm(20, 20, 1);
        p.a.cbnz(20, rloop);
        threadFinish(p, o.at, finished, o.flag);
        // writer
        p.a.bind(writer);
        const wloop = p.a.here();
        writeLock(p, o, 21);
        ldr32(p, 23, 22, 0);
        p.a.addImm(23, 23, 1, 0);
        str32(p, 23, 22, 0);
        if (c.syscallInside) p.sys('getpid');
        ldr32(p, 24, 22, 4);
        p.a.addImm(24, 24, 1, 0);
        str32(p, 24, 22, 4);
        writeUnlock(p, o, 21);
        p.a.subImm(20, 20, 1);
        p.a.cbnz(20, wloop);
        threadFinish(p, o.at, finished, o.flag);
      });
      const s = startWorkers(p, entry, Array.from({ length: threads }, (_, i) => i + 1));
      joinWorkers(p, finished, threads, o);
      expectStarted(p, s, threads);
      load32(p, 0, ab);
      p.expectEq(`counter a is ${writes}: write sections were exclusive`, fc, writes);
      load32(p, 0, ab + 4);
      p.expectEq(`counter b is ${writes}`, fc, writes);
      load32(p, 0, torn);
      p.expectEq('no reader saw a != b (no reader overlapped a writer)', fc, 0);
      load32(p, 0, readsDone);
      p.expectEq(`all ${reads} read sections completed`, fc, reads);
      load32(p, 0, lock);
      p.expectEq('the lock word is 0 (free) at the end', fc, 0);
      return { boot: c.v.sched.boot };
    },
  });
}

export function rwlockCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const scheds = schedules(6);
  const shapes: [number, number][] = [[1, 1], [2, 1], [3, 1], [1, 2], [3, 2], [4, 3], [0, 3], [3, 0]];
  for (const [readers, writers] of shapes) {
    for (const [si, sched] of scheds.entries()) {
      if ((readers === 0 || writers === 0) && si > 2) continue;
      const iters = si % 2 ? 16 : 8;
      out.push(rwCase({ readers, writers, iters, syscallInside: si === 3 || si === 4, v: syncVariant(si % 2 ? 'lse' : 'llsc', si === 5, sched) }));
    }
  }
  return out;
}
