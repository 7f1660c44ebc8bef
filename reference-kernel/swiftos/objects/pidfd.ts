import { constValue } from '../../../spec/index.js';
import type { KObject } from '../handles.js';
import type { Process } from '../process.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');

/**
 * A process handle (PIDFD.*): it names one Process object, never a pid number, so it can
 * never reach a later process that reuses the pid (PIDFD.IDENTITY). Holding it does not keep
 * the process or its pid alive (PIDFD.NOREAP).
 */
export class PidFd implements KObject {
  readonly kind = 'pidfd' as const;
  readonly process: Process;
  /** O_NONBLOCK from PIDFD_NONBLOCK (PIDFD.NONBLOCK). */
  statusFlags: number;

  constructor(process: Process, statusFlags: number) {
    this.process = process;
    this.statusFlags = statusFlags;
  }

  /** The process has ended: zombie or reaped (PIDFD.SIGNAL.EXITED, PIDFD.POLL). */
  get ended(): boolean {
    return this.process.state === 'zombie' || this.process.reaped;
  }

  /**
   * PIDFD.POLL: POLLIN once ended; PIDFD.POLL.REAPED: POLLHUP too once reaped. kernel.exitProcess
   * and kernel.reap wake `process.exited`, which wakes every poller.
   */
  pollEvents(): number {
    if (this.process.reaped) return POLLIN | POLLHUP;
    return this.ended ? POLLIN : 0;
  }
}
