// The skeleton every multi-threaded libuv case shares: getpid, mmap'd stacks, thread_create per
// worker, a futex join on a "finished" counter, and the checks of that plumbing.

import type { CaseProgram, Reg } from '../../program/builder.js';
import { FUTEX_PRIVATE, PAGE, startThreads, waitUntilEq, type Atomics } from './guest.js';
import type { SyncOpts } from './locks.js';
import { controlled, quantum, RR, type Sched } from './common.js';

/** The clauses of the thread plumbing itself. */
export const THREAD_PLUMBING = ['THR.CREATE.ID', 'MM.MMAP.RETURN', 'THR.CREATE.STACK', 'THR.EXIT.THREAD'];
/** The clauses a futex-synchronised result relies on. */
export const FUTEX_CLAUSES = ['THR.CREATE.SHARE', 'THR.FUTEX.WAIT', 'THR.FUTEX.WAKE', 'THR.FUTEX.MISMATCH'];

export function futexClauses(o: SyncOpts): string[] {
  return o.flag ? [...FUTEX_CLAUSES, 'THR.FUTEX.PRIVATE'] : [...FUTEX_CLAUSES];
}

export interface Started {
  readonly pid: Reg;
  readonly bad: Reg;
}

/** getpid, then one mmap'd stack and thread_create per argument. */
export function startWorkers(p: CaseProgram, entry: number, args: readonly (number | bigint)[], stackBytes = PAGE, tids?: number): Started {
  const pid = p.variable();
  const bad = p.variable();
  p.sys('getpid');
  p.save(pid);
  p.a.movImm(bad.n, 0);
  startThreads(p, { entry, args, stackBytes }, bad, pid, tids);
  return { pid, bad };
}

/** Waits (futex) until the word at `finished` counts `n` threads. */
export function joinWorkers(p: CaseProgram, finished: number, n: number, o: SyncOpts): void {
  waitUntilEq(p, finished, n, o.flag);
}

export function expectStarted(p: CaseProgram, s: Started, n: number): void {
  p.expectEq(`${n} stacks were mapped and ${n} threads created, each with an id other than the pid`, ['THR.CREATE.ID', 'MM.MMAP.RETURN', 'THR.CREATE.STACK'], 0, s.bad);
}

/** The variations every futex-based family runs under. */
export interface SyncVariant {
  readonly o: SyncOpts;
  readonly sched: Sched;
  readonly tag: string;
  readonly text: string;
}

export function syncVariant(at: Atomics, priv: boolean, sched: Sched): SyncVariant {
  const o = { at, flag: priv ? FUTEX_PRIVATE : 0 };
  return {
    o,
    sched,
    tag: `${at}${priv ? '-priv' : ''}-${sched.tag}`,
    text: `${at === 'lse' ? 'LSE atomics' : 'LDAXR/STLXR'}${priv ? ', FUTEX_PRIVATE_FLAG' : ''}, ${sched.text}`,
  };
}

/** A spread of scheduling variants; `k` picks how many (1..6). */
export function schedules(k: number): Sched[] {
  return [RR, quantum(37), controlled(1, 23), quantum(211), controlled(2, 61), controlled(3, 11)].slice(0, k);
}
