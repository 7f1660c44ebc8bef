// uvbarrierprobe: a reusable pthread_barrier_t (libuv's native barrier path) on a futex
// generation word. Every party writes its slot of a phase, waits, then checks every slot of
// that phase; exactly one serial thread per phase, and the generation counts the phases.

import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses } from './common.js';
import { atomicAddConst, fn, ldr32, load32, str32, threadFinish } from './guest.js';
import { barrierWait } from './locks.js';
import {
  expectStarted, futexClauses, joinWorkers, schedules, startWorkers, syncVariant, THREAD_PLUMBING, type SyncVariant,
} from './threaded.js';

interface BarrierCase {
  readonly workers: number;
  readonly mainJoins: boolean;
  readonly phases: number;
  readonly v: SyncVariant;
}

function barrierCase(c: BarrierCase): CaseDef {
  const fc = futexClauses(c.v.o);
  const parties = c.workers + (c.mainJoins ? 1 : 0);
  return derivedCase(AREA, {
    id: `barrier/w${c.workers}${c.mainJoins ? '-main' : ''}-ph${c.phases}-${c.v.tag}`,
    description: `barrier of ${parties} parties (${c.workers} threads${c.mainJoins ? ' and the main thread' : ''}) reused for ${c.phases} phases: no party passes early, one serial thread per phase (${c.v.text})`,
    clauses: clauses(THREAD_PLUMBING, fc),
    build({ p }) {
      const o = c.v.o;
      const barrier = p.space(12);
      const slots = p.space(4 * parties * c.phases);
      const early = p.space(4);
      const finished = p.space(4);
      /** The phases of party x19 (0-based). Uses x20..x26. */
      const run = (): void => {
        p.a.movImm(21, barrier).movImm(20, 0);
        const phase = p.a.here();
        // x24 = the first slot of this phase: slots + 4 * parties * k
        p.a.movImm(24, 4 * parties);
        p.a.inst('MADD', { sf: 1, Rm: 20, Ra: 31, Rn: 24, Rd: 24 });
        p.a.movImm(9, slots);
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: 24, Rd: 24 });
        p.a.addImm(25, 20, 1);
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 19, imm6: 2, Rn: 24, Rd: 9 });
        str32(p, 25, 9);
        barrierWait(p, o, 21, parties, 22, 23);
        // every slot of the phase must hold k+1
        p.a.movImm(26, 0);
        const check = p.a.here();
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 26, imm6: 2, Rn: 24, Rd: 9 });
        ldr32(p, 10, 9);
        const same = p.a.label();
        p.a.inst('SUBS_sreg', { sf: 0, shift: 0, Rm: 25, imm6: 0, Rn: 10, Rd: 31 });
        p.a.bcond('eq', same);
        p.a.movImm(11, early);
        atomicAddConst(p, o.at, 11, 1);
        p.a.bind(same);
        p.a.addImm(26, 26, 1);
        p.a.cmpImm(26, parties);
        p.a.bcond('ne', check);
        p.a.addImm(20, 20, 1);
        p.a.cmpImm(20, c.phases);
        p.a.bcond('ne', phase);
      };
      const entry = fn(p, () => {
        p.mov(19, 0);
        run();
        threadFinish(p, o.at, finished, o.flag);
      });
      const s = startWorkers(p, entry, Array.from({ length: c.workers }, (_, i) => i));
      expectStarted(p, s, c.workers);
      if (c.mainJoins) {
        // The started checks are done: the main thread may now use x19..x26 for its party.
        p.a.movImm(19, c.workers);
        run();
      }
      joinWorkers(p, finished, c.workers, o);
      load32(p, 0, early);
      p.expectEq('after each barrier every party saw all slots of its phase filled', fc, 0);
      load32(p, 0, barrier + 8);
      p.expectEq(`exactly one serial thread per phase: ${c.phases}`, fc, c.phases);
      load32(p, 0, barrier + 4);
      p.expectEq(`the generation counts ${c.phases} phases`, fc, c.phases);
      load32(p, 0, barrier);
      p.expectEq('the arrival count is reset to 0', fc, 0);
      return { boot: c.v.sched.boot };
    },
  });
}

export function barrierCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const scheds = schedules(6);
  const shapes: [number, boolean, number][] = [[1, true, 3], [2, false, 2], [2, true, 4], [3, false, 5], [3, true, 3], [4, false, 3], [5, true, 2], [7, true, 2]];
  for (const [workers, mainJoins, phases] of shapes) {
    for (const [si, sched] of scheds.entries()) {
      if (workers > 4 && si > 3) continue;
      out.push(barrierCase({ workers, mainJoins, phases, v: syncVariant(si % 2 ? 'lse' : 'llsc', si === 3, sched) }));
    }
  }
  return out;
}
