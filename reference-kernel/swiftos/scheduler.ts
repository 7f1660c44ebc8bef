import type { Thread } from './thread.js';

/**
 * Chooses which runnable thread runs next at a scheduling point. The default is round robin;
 * a controlled chooser lets conformance enumerate interleavings (it receives the runnable
 * threads in a stable order and returns an index).
 */
export type Chooser = (runnable: readonly Thread[], point: number) => number;

export const roundRobin: Chooser = () => 0;

/** A deterministic run queue: FIFO by the order threads became runnable. */
export class Scheduler {
  private readonly queue: Thread[] = [];
  private readonly chooser: Chooser;
  /** Choices made, for replay: index into the runnable list at each point. */
  readonly choices: number[] = [];
  private points = 0;

  constructor(chooser: Chooser = roundRobin) {
    this.chooser = chooser;
  }

  makeRunnable(t: Thread): void {
    t.state = 'runnable';
    t.queue?.remove(t);
    t.queue = null;
    if (!this.queue.includes(t)) this.queue.push(t);
  }

  remove(t: Thread): void {
    const i = this.queue.indexOf(t);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** Takes the next thread to run off the queue, or null when none is runnable. */
  next(): Thread | null {
    if (this.queue.length === 0) return null;
    const i = this.queue.length === 1 ? 0 : this.chooser(this.queue, this.points++);
    if (!Number.isInteger(i) || i < 0 || i >= this.queue.length) {
      throw new Error(`schedule chooser returned ${i} for ${this.queue.length} runnable threads`);
    }
    if (this.queue.length > 1) this.choices.push(i);
    return this.queue.splice(i, 1)[0]!;
  }

  get runnableCount(): number {
    return this.queue.length;
  }
}
