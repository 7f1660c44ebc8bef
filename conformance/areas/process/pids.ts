// PID allocation and reuse under a small pid_max (PROC.PID.ALLOC): the expected pids come from a
// model of the clause; a live process, a zombie or a thread keeps its number out of the cycle.
// Then the seed-000 hazard without any race: a pid learnt earlier names another process once
// reused, so kill(pid) hits it, while a pidfd keeps naming the ended process.

import { layout, waitStatusExited, waitStatusSignaled } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, call, cell, EndSync, expectSame, expectStatus, fork, offsetOf, Pipe, SIGTERM, thread } from './kit.js';

/** PROC.PID.ALLOC: the smallest free number above the last one handed out, wrapping to 2 after pid_max. */
export class PidModel {
  private last: number;
  readonly used = new Set<number>([1]);
  constructor(readonly pidMax: number, last = 1) {
    this.last = last;
  }
  alloc(): number | null {
    for (let i = 1; i <= this.pidMax; i++) {
      let pid = this.last + i;
      if (pid > this.pidMax) pid = 2 + ((pid - this.pidMax - 1) % (this.pidMax - 1));
      if (!this.used.has(pid)) {
        this.used.add(pid);
        this.last = pid;
        return pid;
      }
    }
    return null;
  }
  free(pid: number): void {
    this.used.delete(pid);
  }
}

type Hold = 'none' | 'live' | 'zombie' | 'thread';
const HOLDS: readonly Hold[] = ['none', 'live', 'zombie', 'thread'];

const HOLD_CLAUSES: Readonly<Record<Hold, readonly string[]>> = {
  none: [],
  live: ['PROC.PID.ALLOC'],
  zombie: ['PROC.WAIT.ZOMBIE', 'PROC.EXIT.ZOMBIE'],
  thread: ['THR.CREATE.ID'],
};

/** Fork/reap cycles under pid_max, with one number held by `hold`; each fork must return the model's pid. */
function cycleCase(pidMax: number, hold: Hold): CaseDef {
  const model = new PidModel(pidMax);
  const held = hold === 'none' ? null : model.alloc();
  const cycles = 2 * pidMax + 1;
  const expected: number[] = [];
  for (let i = 0; i < cycles; i++) {
    const pid = model.alloc();
    if (pid === null) throw new Error(`pid_max ${pidMax} leaves no pid with hold ${hold}`);
    expected.push(pid);
    model.free(pid);
  }
  const what = hold === 'none' ? '' : hold === 'thread' ? ` while a thread holds tid ${held}` : ` while a ${hold} child holds pid ${held}`;
  return derivedCase(AREA, {
    id: `pid/cycle/${hold}/max${pidMax}`,
    description: `pid_max ${pidMax}: ${cycles} fork+reap cycles get pids ${expected.join(',')}${what}`,
    clauses: ['PROC.PID.ALLOC', 'PROC.FORK.RETURN', 'PROC.WAIT.REAP', ...HOLD_CLAUSES[hold]],
    build({ p }) {
      const park = new Pipe(p);
      const ended = new EndSync(p);
      const buf = cell(p);
      const status = cell(p);
      park.create(p);
      if (hold === 'live') {
        fork(p, () => {
          call(p, 'read', park.read, buf, 1);
          p.exit(0);
        });
        p.expectEq(`the held child gets pid ${held}`, ['PROC.PID.ALLOC'], held!);
      } else if (hold === 'zombie') {
        ended.create(p);
        fork(p, () => p.exit(0));
        p.expectEq(`the held child gets pid ${held}`, ['PROC.PID.ALLOC'], held!);
        ended.parentDone(p);
        ended.waitEnded(p);
      } else if (hold === 'thread') {
        thread(p, () => {
          call(p, 'read', park.read, buf, 1);
          call(p, 'exit', 0);
        });
        p.expectEq(`the thread gets id ${held} from the pid space`, ['THR.CREATE.ID', 'PROC.PID.ALLOC'], held!);
      }
      const child = p.variable();
      expected.forEach((pid, i) => {
        fork(p, () => p.exit(0));
        p.save(child);
        p.expectEq(`fork ${i + 1} returns pid ${pid}`, ['PROC.PID.ALLOC', 'PROC.FORK.RETURN', ...HOLD_CLAUSES[hold]], pid);
        call(p, 'waitpid', child, status, 0);
      });
      call(p, 'waitpid', child, status, 0);
      p.expectErrno('the last child was reaped', ['PROC.WAIT.REAP'], 'ECHILD');
      return { boot: { pidMax } };
    },
  });
}

const INFO = layout('procstat');

/**
 * The hazard of seed 000 without a race: init learns a child's pid, the child ends and is
 * reaped, forks run the allocator round until a new process gets the same pid, and kill(pid)
 * reaches that new process. A pidfd opened on the first child keeps naming it: ESRCH.
 */
function reuseCase(pidMax: number, via: 'kill' | 'pidfd'): CaseDef {
  const model = new PidModel(pidMax);
  const victim = model.alloc()!;
  model.free(victim);
  let fillers = 0;
  for (;;) {
    const pid = model.alloc()!;
    model.free(pid);
    if (pid === victim) break;
    fillers++;
  }
  const naive = via === 'kill';
  return derivedCase(AREA, {
    id: `pid/reuse/${via}/max${pidMax}`,
    description: naive
      ? `pid_max ${pidMax}: after the child at pid ${victim} is reaped and ${fillers} short-lived children pass, a new process gets pid ${victim}; kill(${victim}, SIGTERM) kills that innocent process`
      : `pid_max ${pidMax}: a pidfd on the child at pid ${victim} keeps naming it after the reap and the reuse of ${victim}: signal and getinfo fail ESRCH, the new process survives`,
    clauses: naive
      ? ['PROC.PID.ALLOC', 'PROC.WAIT.REAP', 'SIG.KILL.DEFAULT', 'PROC.WAIT.STATUS', 'EXT.PIDFD.WHY']
      : ['PROC.PID.ALLOC', 'PROC.WAIT.REAP', 'PIDFD.IDENTITY', 'PIDFD.NOREAP', 'PIDFD.SIGNAL.EXITED', 'PIDFD.INFO.REAPED', 'PIDFD.OPEN', 'PIDFD.INFO', 'PROC.WAIT.STATUS', 'EXT.PIDFD.WHY'],
    build({ p }) {
      const release = new Pipe(p);
      const buf = cell(p);
      const status = cell(p);
      const rec = p.space(INFO.size, 8);
      const learnt = p.variable();
      const innocent = p.variable();
      const fd = p.variable();
      release.create(p);
      fork(p, () => p.exit(1));
      p.save(learnt);
      p.expectEq(`the first child gets pid ${victim}`, ['PROC.PID.ALLOC'], victim);
      if (!naive) {
        call(p, 'pidfd_open', learnt, 0);
        p.save(fd);
        p.expectOk('pidfd_open(first child) returns a handle', ['PIDFD.OPEN']);
      }
      call(p, 'waitpid', learnt, status, 0);
      expectSame(p, 'the first child is reaped', ['PROC.WAIT.REAP', ...(naive ? [] : ['PIDFD.NOREAP'])], 0, learnt.n);
      for (let i = 0; i < fillers; i++) {
        fork(p, () => p.exit(0));
        call(p, 'waitpid', new Reg(0), 0, 0);
      }
      fork(p, () => {
        call(p, 'read', release.read, buf, 1);
        p.exit(9);
      });
      p.save(innocent);
      expectSame(p, `a new process gets the reused pid ${victim}`, ['PROC.PID.ALLOC'], innocent.n, learnt.n);
      if (naive) {
        call(p, 'kill', learnt, SIGTERM);
        p.expectEq('kill(learnt pid, SIGTERM) returns 0: the pid names a live process', ['SIG.KILL.DEFAULT'], 0);
      } else {
        call(p, 'pidfd_send_signal', fd, SIGTERM, 0);
        p.expectErrno('pidfd_send_signal on the old pidfd fails ESRCH', ['PIDFD.IDENTITY', 'PIDFD.SIGNAL.EXITED'], 'ESRCH');
        call(p, 'pidfd_getinfo', fd, rec);
        p.expectErrno('pidfd_getinfo on the old pidfd fails ESRCH', ['PIDFD.IDENTITY', 'PIDFD.INFO.REAPED'], 'ESRCH');
        call(p, 'pidfd_open', learnt, 0);
        p.save(fd);
        call(p, 'pidfd_getinfo', fd, rec);
        p.loadInt(3, rec + offsetOf('procstat', 'pid'));
        expectSame(p, `a new pidfd_open(${victim}) names the new process`, ['PIDFD.OPEN', 'PIDFD.INFO'], 3, innocent.n);
      }
      call(p, 'write', release.write, buf, 1);
      call(p, 'waitpid', innocent, status, 0);
      expectStatus(p, naive ? 'the innocent process was killed by SIGTERM: the hazard' : 'the innocent process survives and exits 9',
        naive ? ['SIG.KILL.DEFAULT', 'PROC.WAIT.STATUS', 'EXT.PIDFD.WHY'] : ['PIDFD.IDENTITY', 'EXT.PIDFD.WHY', 'PROC.WAIT.STATUS'], status,
        naive ? waitStatusSignaled(SIGTERM) : waitStatusExited(9));
      return { boot: { pidMax } };
    },
  });
}

const CYCLE_MAXES: readonly number[] = [2, 3, 4, 5, 6, 8, 11, 16];
const HOLD_MAXES: readonly number[] = [3, 4, 5, 6, 8, 11];
const REUSE_MAXES: readonly number[] = [2, 3, 4, 7, 10];

export function pidCases(): CaseDef[] {
  return [
    ...HOLDS.flatMap((hold) => (hold === 'none' ? CYCLE_MAXES : HOLD_MAXES).map((m) => cycleCase(m, hold))),
    ...(['kill', 'pidfd'] as const).flatMap((via) => REUSE_MAXES.map((m) => reuseCase(m, via))),
  ];
}
