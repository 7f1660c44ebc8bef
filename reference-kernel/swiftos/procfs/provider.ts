// /proc as a synthetic mount (PROCFS.*): "self" and one directory per process, each holding
// cmdline, status and handles rendered by spec/procfs.ts. Process state comes from a ProcSource
// the kernel supplies; this file knows nothing of the kernel's objects.

import {
  PROC_PID_FILES, PROC_SELF, procCmdline, procHandles, procStatus, type ProcHandle, type ProcPidFile, type ProcStatus,
} from '../../../spec/index.js';
import type { Caller, SyntheticEntry, SyntheticProvider } from '../vfs/index.js';

/** One process as the /proc reader sees it. */
export interface ProcView {
  readonly principal: number;
  readonly argv: readonly string[];
  /** Its status fields now, as the process `viewer` sees them (it is "running" to itself). */
  status(viewer: number | undefined): ProcStatus;
  /** Its open handles now (none once it is a zombie). */
  handles(): readonly ProcHandle[];
}

/** What the kernel supplies: the process table and the clock. */
export interface ProcSource {
  /** Pids of live and zombie processes (threads are not processes: PROCFS.DIRS). */
  pids(): readonly number[];
  process(pid: number): ProcView | null;
  /** Unix seconds (st_mtime of every /proc node). */
  now(): number;
}

/** Inode numbers of /proc: far above the ones the VFS store hands out. */
const INO_BASE = 2 ** 40;
const inoOf = (pid: number, slot: number): number => INO_BASE + pid * 8 + slot;
const DIR_MODE = 0o555;
const FILE_MODE = 0o444;
const ROOT_PRINCIPAL = 1;

const RENDER: Readonly<Record<ProcPidFile, (p: ProcView, viewer: number | undefined) => Uint8Array>> = {
  cmdline: (p) => procCmdline(p.argv),
  status: (p, viewer) => procStatus(p.status(viewer)),
  handles: (p) => procHandles(p.handles()),
};

const isPidName = (name: string): boolean => /^[1-9][0-9]*$/.test(name) && Number.isSafeInteger(Number(name));

export class ProcProvider implements SyntheticProvider {
  readonly fs = 'proc' as const;
  readonly readOnlyClause = 'PROCFS.MOUNT';
  readonly deniedAccess = { errno: 'EROFS', clause: 'PROCFS.MOUNT' } as const;
  readonly snapshotClause = 'PROCFS.SNAPSHOT';

  constructor(private readonly source: ProcSource) {}

  list(dir: readonly string[]): readonly SyntheticEntry[] | null {
    if (dir.length === 0) {
      const pids = [...this.source.pids()].sort((a, b) => a - b);
      return [this.selfEntry(null), ...pids.flatMap((pid) => this.pidEntry(String(pid), pid) ?? [])];
    }
    if (dir.length === 1) return this.pidFiles(dir[0]!, undefined);
    return null;
  }

  lookup(dir: readonly string[], name: string, caller: Caller): SyntheticEntry | null {
    if (dir.length === 0) {
      if (name === PROC_SELF) return caller.pid !== undefined && this.source.process(caller.pid) ? this.selfEntry(caller.pid) : null;
      return isPidName(name) ? this.pidEntry(name, Number(name)) : null;
    }
    if (dir.length === 1) return this.pidFiles(dir[0]!, caller.pid)?.find((e) => e.name === name) ?? null;
    return null;
  }

  /** "self": the caller's own directory (PROCFS.DIRS); listed always, found only for a process. */
  private selfEntry(pid: number | null): SyntheticEntry {
    const owner = pid === null ? ROOT_PRINCIPAL : (this.source.process(pid)?.principal ?? ROOT_PRINCIPAL);
    return {
      name: PROC_SELF, kind: 'dir', ino: inoOf(0, 0), mode: DIR_MODE, owner, mtime: this.source.now(),
      ...(pid === null ? {} : { path: [String(pid)] }),
    };
  }

  private pidEntry(name: string, pid: number): SyntheticEntry | null {
    const p = this.source.process(pid);
    return p ? { name, kind: 'dir', ino: inoOf(pid, 0), mode: DIR_MODE, owner: p.principal, mtime: this.source.now() } : null;
  }

  /** cmdline, status, handles of one process; content is rendered when a lookup asks (PROCFS.SNAPSHOT). */
  private pidFiles(dirName: string, viewer: number | undefined): SyntheticEntry[] | null {
    if (!isPidName(dirName)) return null;
    const pid = Number(dirName);
    const p = this.source.process(pid);
    if (!p) return null;
    return PROC_PID_FILES.map((file, i) => ({
      name: file, kind: 'file', ino: inoOf(pid, i + 1), mode: FILE_MODE, owner: p.principal, mtime: this.source.now(),
      content: () => RENDER[file](p, viewer),
    }));
  }
}
