// Futex-based synchronisation primitives in the shape of the compat pthread layer libuv runs on:
// mutex (Drepper's three-state lock), recursive and error-checking mutexes, reader/writer lock,
// counting semaphore, condition variable (sequence counter), reusable barrier and once.
// Each emitter works on addresses held in registers and uses scratch x9..x15 only, unless a
// parameter names another register.

import type { Label } from '../../../cpu/asm/assembler.js';
import type { CaseProgram } from '../../program/builder.js';
import {
  cas, cmp, fetchAdd, futexWait, futexWake, ldr32, loadAcquire, str32, storeRelease, swap, WAKE_ALL, type Atomics,
} from './guest.js';

export interface SyncOpts {
  readonly at: Atomics;
  /** 0 or FUTEX_PRIVATE_FLAG, OR-ed into every futex op. */
  readonly flag: number;
}

const WZR = 31;
const WRITER = 0xffff_ffff;

// ---- mutex: 0 unlocked, 1 locked, 2 locked with (possible) waiters -------------------------

export function mutexLock(p: CaseProgram, o: SyncOpts, m: number): void {
  const done = p.a.label();
  const wait = p.a.label();
  p.a.movImm(10, 0).movImm(12, 1);
  cas(p, o.at, m, 10, 12, 9);
  p.a.cbz(9, done, 0);
  p.a.movImm(12, 2);
  p.a.cmpImm(9, 2, 0);
  p.a.bcond('eq', wait);
  swap(p, o.at, m, 12, 9);
  p.a.cbz(9, done, 0);
  p.a.bind(wait);
  futexWait(p, m, 12, o.flag);
  swap(p, o.at, m, 12, 9);
  p.a.cbnz(9, wait, 0);
  p.a.bind(done);
}

export function mutexUnlock(p: CaseProgram, o: SyncOpts, m: number): void {
  const done = p.a.label();
  p.a.movImm(10, WRITER, 0);
  fetchAdd(p, o.at, m, 10, 9);
  p.a.cmpImm(9, 1, 0);
  p.a.bcond('eq', done);
  storeRelease(p, WZR, m);
  futexWake(p, m, 1, o.flag);
  p.a.bind(done);
}

// ---- recursive / error-checking mutex: [m] lock word, [m+4] owner id, [m+8] depth ------------

export function recursiveLock(p: CaseProgram, o: SyncOpts, m: number, self: number): void {
  const slow = p.a.label();
  const done = p.a.label();
  ldr32(p, 9, m, 4);
  cmp(p, 9, self, 0);
  p.a.bcond('ne', slow);
  ldr32(p, 9, m, 8);
  p.a.addImm(9, 9, 1, 0);
  str32(p, 9, m, 8);
  p.a.b(done);
  p.a.bind(slow);
  mutexLock(p, o, m);
  str32(p, self, m, 4);
  p.a.movImm(9, 1);
  str32(p, 9, m, 8);
  p.a.bind(done);
}

export function recursiveUnlock(p: CaseProgram, o: SyncOpts, m: number): void {
  const done = p.a.label();
  ldr32(p, 9, m, 8);
  p.a.subImm(9, 9, 1, 0);
  str32(p, 9, m, 8);
  p.a.cbnz(9, done, 0);
  str32(p, WZR, m, 4);
  mutexUnlock(p, o, m);
  p.a.bind(done);
}

/**
 * Error-checking lock: when the caller already owns the mutex, adds 1 to the word at [deadlocks]
 * (EDEADLK; only the owner can get here, so a plain add is safe) and does not block.
 */
export function errorcheckLock(p: CaseProgram, o: SyncOpts, m: number, self: number, deadlocks: number): void {
  const slow = p.a.label();
  const done = p.a.label();
  ldr32(p, 9, m, 4);
  cmp(p, 9, self, 0);
  p.a.bcond('ne', slow);
  ldr32(p, 9, deadlocks);
  p.a.addImm(9, 9, 1, 0);
  str32(p, 9, deadlocks);
  p.a.b(done);
  p.a.bind(slow);
  mutexLock(p, o, m);
  str32(p, self, m, 4);
  p.a.bind(done);
}

/** Error-checking unlock: a caller that does not own the mutex adds 1 to [eperms] (EPERM) atomically. */
export function errorcheckUnlock(p: CaseProgram, o: SyncOpts, m: number, self: number, eperms: number): void {
  const owner = p.a.label();
  const done = p.a.label();
  ldr32(p, 9, m, 4);
  cmp(p, 9, self, 0);
  p.a.bcond('eq', owner);
  p.a.movImm(13, 1);
  fetchAdd(p, o.at, eperms, 13, 12);
  p.a.b(done);
  p.a.bind(owner);
  str32(p, WZR, m, 4);
  mutexUnlock(p, o, m);
  p.a.bind(done);
}

// ---- reader/writer lock: 0 free, n readers, 0xffffffff a writer ------------------------------

export function readLock(p: CaseProgram, o: SyncOpts, w: number): void {
  const loop = p.a.here();
  const attempt = p.a.label();
  const done = p.a.label();
  loadAcquire(p, 9, w);
  p.a.movImm(10, WRITER, 0);
  cmp(p, 9, 10, 0);
  p.a.bcond('ne', attempt);
  futexWait(p, w, 9, o.flag);
  p.a.b(loop);
  p.a.bind(attempt);
  p.a.addImm(12, 9, 1, 0);
  cas(p, o.at, w, 9, 12, 11);
  cmp(p, 11, 9, 0);
  p.a.bcond('ne', loop);
  p.a.bind(done);
}

export function readUnlock(p: CaseProgram, o: SyncOpts, w: number): void {
  const done = p.a.label();
  p.a.movImm(10, WRITER, 0);
  fetchAdd(p, o.at, w, 10, 9);
  p.a.cmpImm(9, 1, 0);
  p.a.bcond('ne', done);
  futexWake(p, w, WAKE_ALL, o.flag);
  p.a.bind(done);
}

export function writeLock(p: CaseProgram, o: SyncOpts, w: number): void {
  const loop = p.a.here();
  const done = p.a.label();
  p.a.movImm(10, 0).movImm(12, WRITER, 0);
  cas(p, o.at, w, 10, 12, 9);
  p.a.cbz(9, done, 0);
  futexWait(p, w, 9, o.flag);
  p.a.b(loop);
  p.a.bind(done);
}

export function writeUnlock(p: CaseProgram, o: SyncOpts, w: number): void {
  storeRelease(p, WZR, w);
  futexWake(p, w, WAKE_ALL, o.flag);
}

// ---- counting semaphore: the word is the count ----------------------------------------------

export function semPost(p: CaseProgram, o: SyncOpts, s: number): void {
  p.a.movImm(13, 1);
  fetchAdd(p, o.at, s, 13, 12);
  futexWake(p, s, 1, o.flag);
}

export function semWait(p: CaseProgram, o: SyncOpts, s: number): void {
  const loop = p.a.here();
  const attempt = p.a.label();
  loadAcquire(p, 9, s);
  p.a.cbnz(9, attempt, 0);
  p.a.movImm(10, 0);
  futexWait(p, s, 10, o.flag);
  p.a.b(loop);
  p.a.bind(attempt);
  p.a.subImm(12, 9, 1, 0);
  cas(p, o.at, s, 9, 12, 11);
  cmp(p, 11, 9, 0);
  p.a.bcond('ne', loop);
}

/** sem_trywait: takes one unit, or branches to `empty` (EAGAIN) when the count is 0. */
export function semTryWait(p: CaseProgram, o: SyncOpts, s: number, empty: Label): void {
  const loop = p.a.here();
  loadAcquire(p, 9, s);
  p.a.cbz(9, empty, 0);
  p.a.subImm(12, 9, 1, 0);
  cas(p, o.at, s, 9, 12, 11);
  cmp(p, 11, 9, 0);
  p.a.bcond('ne', loop);
}

// ---- condition variable: the word is a sequence number ---------------------------------------

/** pthread_cond_wait(c, m): remember the sequence, unlock, futex-wait on it, relock. `seq` is a saved register. */
export function condWait(p: CaseProgram, o: SyncOpts, c: number, m: number, seq: number): void {
  loadAcquire(p, seq, c);
  mutexUnlock(p, o, m);
  futexWait(p, c, seq, o.flag);
  mutexLock(p, o, m);
}

export function condSignal(p: CaseProgram, o: SyncOpts, c: number, all: boolean): void {
  p.a.movImm(13, 1);
  fetchAdd(p, o.at, c, 13, 12);
  futexWake(p, c, all ? WAKE_ALL : 1, o.flag);
}

// ---- reusable barrier: [b] arrived, [b+4] generation, [b+8] serial count --------------------

/**
 * pthread_barrier_wait for `parties` threads. The last arrival resets the count, counts itself
 * as the serial thread, bumps the generation and wakes everyone. `gen` and `genAddr` are saved
 * registers.
 */
export function barrierWait(p: CaseProgram, o: SyncOpts, b: number, parties: number, gen: number, genAddr: number): void {
  const wait = p.a.label();
  const done = p.a.label();
  p.a.addImm(genAddr, b, 4);
  loadAcquire(p, gen, genAddr);
  p.a.movImm(13, 1);
  fetchAdd(p, o.at, b, 13, 12);
  p.a.addImm(12, 12, 1, 0);
  p.a.cmpImm(12, parties, 0);
  p.a.bcond('ne', wait);
  str32(p, WZR, b);
  p.a.addImm(11, b, 8);
  p.a.movImm(13, 1);
  fetchAdd(p, o.at, 11, 13, 12);
  p.a.movImm(13, 1);
  fetchAdd(p, o.at, genAddr, 13, 12);
  futexWake(p, genAddr, WAKE_ALL, o.flag);
  p.a.b(done);
  p.a.bind(wait);
  loadAcquire(p, 9, genAddr);
  cmp(p, 9, gen, 0);
  p.a.bcond('ne', done);
  futexWait(p, genAddr, gen, o.flag);
  p.a.b(wait);
  p.a.bind(done);
}

// ---- once: 0 new, 1 running, 2 done --------------------------------------------------------

/** pthread_once(o, init): exactly one caller runs `init`; every caller returns after it finished. */
export function once(p: CaseProgram, o: SyncOpts, w: number, init: () => void): void {
  const loop = p.a.here();
  const waitRunning = p.a.label();
  const done = p.a.label();
  loadAcquire(p, 9, w);
  p.a.cmpImm(9, 2, 0);
  p.a.bcond('eq', done);
  p.a.cbnz(9, waitRunning, 0);
  p.a.movImm(10, 0).movImm(12, 1);
  cas(p, o.at, w, 10, 12, 9);
  p.a.cbnz(9, loop, 0);
  init();
  p.a.movImm(12, 2);
  storeRelease(p, 12, w);
  futexWake(p, w, WAKE_ALL, o.flag);
  p.a.b(done);
  p.a.bind(waitRunning);
  p.a.movImm(12, 1);
  futexWait(p, w, 12, o.flag);
  p.a.b(loop);
  p.a.bind(done);
}
