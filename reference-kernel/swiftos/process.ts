import type { AddressSpace } from '../../cpu/memory/address-space.js';
import type { MemoryManager } from './mm/index.js';
import { SignalState } from './signals/state.js';
import type { Thread } from './thread.js';
import { WaitQueue } from './waitqueue.js';

export type ProcessState = 'live' | 'zombie';

/** A security context: principal, session and capability bits (spec CAPABILITIES). */
export interface Identity {
  readonly principal: number;
  readonly session: number;
  readonly caps: number;
  /** The real identity (who invoked the process) when it differs, after a setuid exec (SEC.SETUID.EXEC). */
  readonly real?: Identity;
}

/** A process: its memory, threads, place in the process tree, files view and signals. */
export class Process {
  readonly pid: number;
  parent: Process | null;
  /** Replaced by execve (PROC.EXEC.REPLACE). */
  mm: MemoryManager;
  readonly threads: Thread[] = [];
  readonly children = new Set<Process>();
  state: ProcessState = 'live';
  /** Wait status once a zombie (encoding: clause PROC.WAIT.STATUS). */
  waitStatus = 0;
  /** Set once the parent (or a synchronous spawn) has reaped it. */
  reaped = false;
  argv: readonly string[];
  identity: Identity;
  /** Current directory and confinement root, global spellings (vfs/README.md). */
  cwd = '/';
  root = '/';
  signals = new SignalState();
  /** Virtual time its threads ran at EL0, and when it was created (procstat cpu_ticks, start_tick). */
  cpuNs = 0;
  startNs = 0;
  /** Threads of this process waiting in waitpid. */
  readonly childExit = new WaitQueue('child exit');
  /** Anyone waiting for this process to end (process handles, spawn). */
  readonly exited = new WaitQueue('process exit');

  constructor(pid: number, parent: Process | null, mm: MemoryManager, argv: readonly string[], identity: Identity) {
    this.pid = pid;
    this.parent = parent;
    this.mm = mm;
    this.argv = argv;
    this.identity = identity;
  }

  get space(): AddressSpace {
    return this.mm.space;
  }

  /** The program name (argv[0] without directories), as psinfo and /proc show it. */
  get name(): string {
    const a0 = this.argv[0] ?? '';
    return a0.slice(a0.lastIndexOf('/') + 1);
  }

  get liveThreads(): Thread[] {
    return this.threads.filter((t) => t.state !== 'exited');
  }

  /** The thread that takes process-directed signals (SIG.DELIVER.THREAD). */
  get signalThread(): Thread | null {
    return this.liveThreads[0] ?? null;
  }
}
