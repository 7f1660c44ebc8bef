// What BootSpec.schedule indexes (PROC.SCHED.RUNNABLE, INTERPRETING.md section 4): init forks
// children that each write their letter to a pipe and exit, then blocks in waitpid. With a quantum
// longer than the case, the only scheduling points are where a thread blocks or ends, and the
// runnable list holds only the children and, once woken, init: a blocked thread takes no index.
// The order of the letters is the order the children ran, computed here from the rule.

import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, call, fork, Pipe } from './kit.js';

const QUANTUM = 1_000_000_000;
const enc = new TextEncoder();

/**
 * The order in which the children (one letter each) run under `schedule`, from the rule alone.
 * init is blocked in waitpid(-1) at the first point. A picked child runs to its end, which wakes
 * init if it is blocked (appended to the list). A picked init reaps one zombie per waitpid and
 * blocks again when none is left while children remain.
 */
export function childOrder(letters: readonly string[], schedule: readonly number[]): string {
  const list: string[] = [...letters];
  let initBlocked = true;
  let zombies = 0;
  let reaped = 0;
  let point = 0;
  let out = '';
  while (reaped < letters.length) {
    const i = list.length === 1 ? 0 : (schedule[point++] ?? 0) % list.length;
    const t = list.splice(i, 1)[0]!;
    if (t !== 'init') {
      out += t;
      zombies++;
      if (initBlocked) {
        initBlocked = false;
        list.push('init');
      }
      continue;
    }
    while (zombies > 0) {
      zombies--;
      reaped++;
    }
    if (reaped < letters.length) initBlocked = true;
  }
  return out;
}

function scheduleCase(letters: readonly string[], schedule: readonly number[]): CaseDef {
  const order = childOrder(letters, schedule);
  return derivedCase(AREA, {
    id: `schedule/blocked-not-indexed/${letters.length}-children/${schedule.join('-')}`,
    description: `init forks ${letters.join(', ')} (each writes its letter to a pipe and exits) and blocks in waitpid; under schedule [${schedule.join(',')}] the runnable lists hold only threads that can run, so the letters arrive as "${order}"`,
    clauses: ['PROC.SCHED.RUNNABLE'],
    boot: { schedule, quantum: QUANTUM },
    build({ p }) {
      const pipe = new Pipe(p);
      pipe.create(p);
      for (const l of letters) {
        const at = p.bytes(enc.encode(l), 1);
        fork(p, () => {
          call(p, 'write', pipe.write, at, 1);
          p.exit(0);
        });
      }
      for (let i = 0; i < letters.length; i++) {
        call(p, 'waitpid', -1, 0, 0);
        p.expectCmp(`waitpid number ${i + 1} reaps a child`, ['PROC.WAIT.ANY'], 'gt', 0);
      }
      const buf = p.space(8, 8);
      call(p, 'read', pipe.read, buf, letters.length);
      p.expectEq(`the pipe holds ${letters.length} letters`, ['FD.PIPE.PARTIAL'], letters.length);
      p.expectMem(`the children ran in the order "${order}"`, ['PROC.SCHED.RUNNABLE'], buf, enc.encode(order));
    },
  });
}

export function scheduleContractCases(): CaseDef[] {
  const two = ['A', 'B'];
  const three = ['A', 'B', 'C'];
  return [
    scheduleCase(two, [0]), scheduleCase(two, [1]), scheduleCase(two, [1, 1]),
    scheduleCase(three, [2]), scheduleCase(three, [2, 1]), scheduleCase(three, [2, 2]), scheduleCase(three, [1, 2, 1]),
  ];
}
