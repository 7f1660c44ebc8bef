import type { CpuContext } from '../../cpu/cpu.js';
import type { Process } from './process.js';
import type { WaitQueue } from './waitqueue.js';

export type ThreadState = 'runnable' | 'blocked' | 'exited';

/** A thread: a saved CPU context and what it waits for. */
export class Thread {
  readonly tid: number;
  readonly process: Process;
  context: CpuContext;
  state: ThreadState = 'runnable';
  /**
   * Deadline (virtual ns) of the blocking call in progress: set when the call first blocks,
   * kept while it is re-run after wake-ups, cleared when the call returns.
   */
  timeout: number | null = null;
  /** The queue a blocked thread waits in. */
  queue: WaitQueue | null = null;
  /** A signal with a handler arrived while blocked: the call ends with EINTR (SIG.INTR). */
  interrupted = false;
  /** Physical frame of the kernel stack of a thread made by thread_create (THR.CREATE.NOMEM), or -1. */
  kernelStack = -1;
  /**
   * Set by a handler that blocks holding state for its re-run (a synchronous spawn's child): run
   * once by the kernel when the blocked call will not be re-run because it ended with EINTR or
   * the thread ended. The handler clears it when its call completes.
   */
  onAbandon: (() => void) | null = null;

  constructor(tid: number, process: Process, context: CpuContext) {
    this.tid = tid;
    this.process = process;
    this.context = context;
  }

  get name(): string {
    return `${this.process.pid}/${this.tid}`;
  }
}
