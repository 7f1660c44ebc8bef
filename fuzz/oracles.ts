// Invariants every fuzz engine checks on the reference kernel, after every call and at the end of
// a run: no handle gains a right its source lacked, no page is writable and executable at once,
// and once every process has exited its pages and handles are released.

import { PROT_W, PROT_X } from '../cpu/memory/address-space.js';
import { syscallByNumber, type SyscallRow } from '../spec/index.js';
import type { Handle, KObject } from '../reference-kernel/swiftos/handles.js';
import type { Kernel, RunResult, SyscallEvent } from '../reference-kernel/swiftos/kernel.js';

export type OracleName = 'panic' | 'rights' | 'wx' | 'leak' | 'replay' | 'model' | 'differential';

/** A violated invariant: which, where (the index of the call in the run), and what was seen. */
export interface Finding {
  readonly oracle: OracleName;
  /** Index of the syscall after which it was seen (-1: at the end of the run). */
  readonly call: number;
  readonly detail: string;
}

/**
 * Whether a row derives new handles from handles it is given (dup, IPC, transfers): a handle it
 * creates for an object already seen may not hold more rights than that object's handles held.
 * Rows that name objects otherwise (paths, pids, service names) grant afresh.
 */
function derives(row: SyscallRow | undefined): boolean {
  return row !== undefined && row.args.some((a) => a.type.kind === 'fd');
}

export class Invariants {
  readonly findings: Finding[] = [];
  /** Union of the rights of every handle seen naming the object. */
  private readonly granted = new WeakMap<KObject, number>();
  private readonly seen = new WeakSet<Handle>();
  private calls = 0;

  constructor(private readonly kernel: Kernel) {}

  /** Checks the state after one call (use as, or from, the kernel's onSyscall). */
  afterCall(event: SyscallEvent): void {
    const index = this.calls++;
    if (event.outcome === 'block') return;
    this.checkHandles(index, derives(syscallByNumber(event.nr)), event);
    this.checkWx(index, event);
  }

  /** Checks the end of a run: the verdict, and what must be released once every process exited. */
  atEnd(result: RunResult): void {
    if (result.verdict.kind === 'panic') this.add('panic', -1, result.verdict.detail);
    const live = [...this.kernel.processes.values()].filter((p) => p.state === 'live');
    if (live.length > 0) return;
    for (const p of this.kernel.processes.values()) {
      const open = this.kernel.handles(p).entries().length;
      if (open > 0) this.add('leak', -1, `process ${p.pid} exited with ${open} handle(s) still open`);
    }
    const frames = this.kernel.phys.framesInUse;
    if (frames > 0) this.add('leak', -1, `every process exited but ${frames} page frame(s) are still in use`);
  }

  private checkHandles(index: number, derived: boolean, event: SyscallEvent): void {
    for (const p of this.kernel.processes.values()) {
      if (!this.kernel.handleTables.has(p)) continue;
      for (const [fd, h] of this.kernel.handles(p).entries()) {
        if (this.seen.has(h)) continue;
        this.seen.add(h);
        const before = this.granted.get(h.object);
        if (before === undefined) {
          this.granted.set(h.object, h.rights);
          continue;
        }
        const extra = h.rights & ~before;
        if (derived && extra !== 0) {
          this.add('rights', index, `${event.name} gave pid ${p.pid} fd ${fd} (${h.object.kind}) rights 0x${h.rights.toString(16)}, ` +
            `0x${extra.toString(16)} beyond the 0x${before.toString(16)} its sources held`);
        }
        this.granted.set(h.object, before | h.rights);
      }
    }
  }

  private checkWx(index: number, event: SyscallEvent): void {
    for (const p of this.kernel.processes.values()) {
      if (p.state !== 'live') continue;
      const space = p.space;
      for (const vpn of space.mappedPages()) {
        const perms = space.permsOf(vpn);
        if ((perms & PROT_W) !== 0 && (perms & PROT_X) !== 0) {
          this.add('wx', index, `after ${event.name}, pid ${p.pid} page 0x${(vpn * 4096).toString(16)} is writable and executable`);
          return;
        }
      }
    }
  }

  private add(oracle: OracleName, call: number, detail: string): void {
    if (this.findings.length < 100) this.findings.push({ oracle, call, detail });
  }
}
