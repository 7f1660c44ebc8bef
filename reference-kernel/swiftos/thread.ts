import type { CpuContext } from '../../cpu/cpu.js';
import type { Process } from './process.js';

export type ThreadState = 'runnable' | 'blocked' | 'exited';

/** A thread: a saved CPU context and what it waits for. */
export class Thread {
  readonly tid: number;
  readonly process: Process;
  context: CpuContext;
  state: ThreadState = 'runnable';
  /** Virtual time (ns) at which a blocked thread wakes even if nothing else wakes it. */
  deadline: number | null = null;
  /** What the thread waits on, for traces and deadlock reports. */
  waitingOn: string | null = null;

  constructor(tid: number, process: Process, context: CpuContext) {
    this.tid = tid;
    this.process = process;
    this.context = context;
  }

  get name(): string {
    return `${this.process.pid}/${this.tid}`;
  }
}
