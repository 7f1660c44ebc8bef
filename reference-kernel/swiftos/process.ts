import type { AddressSpace } from '../../cpu/memory/address-space.js';
import type { Thread } from './thread.js';
import { WaitQueue } from './waitqueue.js';

export type ProcessState = 'live' | 'zombie';

/** A security context: principal, session and capability bits (spec CAPABILITIES). */
export interface Identity {
  readonly principal: number;
  readonly session: number;
  readonly caps: number;
}

/** A process: an address space, its threads, and its place in the process tree. */
export class Process {
  readonly pid: number;
  parent: Process | null;
  readonly space: AddressSpace;
  readonly threads: Thread[] = [];
  readonly children = new Set<Process>();
  state: ProcessState = 'live';
  /** Wait status once a zombie (encoding: clause PROC.WAIT.STATUS). */
  waitStatus = 0;
  readonly argv: readonly string[];
  identity: Identity;
  /** Threads of this process waiting in waitpid. */
  readonly childExit = new WaitQueue('child exit');

  constructor(pid: number, parent: Process | null, space: AddressSpace, argv: readonly string[], identity: Identity) {
    this.pid = pid;
    this.parent = parent;
    this.space = space;
    this.argv = argv;
    this.identity = identity;
  }

  get liveThreads(): Thread[] {
    return this.threads.filter((t) => t.state !== 'exited');
  }
}
