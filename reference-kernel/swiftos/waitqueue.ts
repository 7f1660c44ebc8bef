import type { Thread } from './thread.js';

/** Threads blocked on one condition; the kernel wakes them all and each re-checks. */
export class WaitQueue {
  readonly what: string;
  private readonly waiters = new Set<Thread>();

  constructor(what: string) {
    this.what = what;
  }

  add(t: Thread): void {
    this.waiters.add(t);
  }

  remove(t: Thread): void {
    this.waiters.delete(t);
  }

  /** Empties the queue and returns who was in it, in the order they blocked. */
  drain(): Thread[] {
    const all = [...this.waiters];
    this.waiters.clear();
    return all;
  }
}
