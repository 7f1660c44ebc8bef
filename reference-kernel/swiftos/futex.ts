import type { Kernel } from './kernel.js';
import type { Process } from './process.js';
import { BLOCK } from './result.js';
import type { Thread } from './thread.js';
import { WaitQueue } from './waitqueue.js';

/** One FUTEX_WAIT in progress: the thread and the queue of its own it blocks on. */
interface Waiter {
  readonly thread: Thread;
  readonly queue: WaitQueue;
}

/**
 * The futex waiters of one process, keyed by user address (THR.FUTEX.KEY), each list in the
 * order the waits began (THR.FUTEX.ORDER). Every waiter blocks on a queue of its own, so a wake
 * makes exactly the chosen threads runnable; a woken thread holds a token that its re-run WAIT
 * consumes to return 0 (BLOCK re-runs the call from the start).
 */
export class FutexTable {
  private readonly byAddr = new Map<number, Waiter[]>();
  private readonly woken = new WeakSet<Thread>();

  /** True once: `t` was woken by FUTEX_WAKE and its WAIT now returns 0. */
  takeWake(t: Thread): boolean {
    return this.woken.delete(t);
  }

  /** Queues `t` at the tail of `addr`'s waiters and blocks it. */
  wait(kernel: Kernel, t: Thread, addr: number): typeof BLOCK {
    const queue = new WaitQueue(`futex 0x${addr.toString(16)}`);
    // Entries whose wait ended without a wake (EINTR, exit) go; `t` itself is running, so its own too.
    const list = (this.byAddr.get(addr) ?? []).filter(isWaiting);
    list.push({ thread: t, queue });
    this.byAddr.set(addr, list);
    return kernel.block(t, queue);
  }

  /**
   * Wakes up to `count` waiters of `addr`, oldest first, and returns how many it woke. Entries
   * whose wait already ended another way (EINTR, exit) are dropped without counting.
   */
  wake(kernel: Kernel, addr: number, count: number): number {
    const list = this.byAddr.get(addr);
    if (list === undefined) return 0;
    let woken = 0;
    while (woken < count && list.length > 0) {
      const w = list.shift()!;
      if (!isWaiting(w)) continue;
      this.woken.add(w.thread);
      kernel.wake(w.queue);
      woken++;
    }
    if (!list.some(isWaiting)) this.byAddr.delete(addr);
    return woken;
  }
}

function isWaiting(w: Waiter): boolean {
  return w.thread.state === 'blocked' && w.thread.queue === w.queue;
}

const tables = new WeakMap<Process, FutexTable>();

/** The futex table of `p` (created on first use; it goes away with the process). */
export function futexTable(p: Process): FutexTable {
  let t = tables.get(p);
  if (t === undefined) {
    t = new FutexTable();
    tables.set(p, t);
  }
  return t;
}
