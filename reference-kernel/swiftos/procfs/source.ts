// The kernel's side of /proc: its process table, handle tables and clock as a ProcSource.

import { constValue, procStatusName, type ProcStateName, type ProcStatus } from '../../../spec/index.js';
import { procstatValues } from '../handlers/system.js';
import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';
import type { ProcSource, ProcView } from './provider.js';

const STATE_NAMES: ReadonlyMap<number, ProcStateName> = new Map([
  [constValue('PROC_STATES', 'PROC_READY'), 'ready'],
  [constValue('PROC_STATES', 'PROC_RUNNING'), 'running'],
  [constValue('PROC_STATES', 'PROC_BLOCKED'), 'blocked'],
  [constValue('PROC_STATES', 'PROC_ZOMBIE'), 'zombie'],
]);

/** PROCFS.STATUS.VALUES: the procstat record's values, with the status name (PROCFS.STATUS.NAME). */
function statusOf(p: Process, viewer: Process): ProcStatus {
  const v = procstatValues(p, viewer);
  return {
    pid: p.pid,
    ppid: p.parent?.pid ?? 0,
    state: STATE_NAMES.get(Number(v['state']))!,
    principal: p.identity.principal,
    name: procStatusName(p.argv),
    cpu_ticks: v['cpu_ticks'] as bigint,
    start_tick: v['start_tick'] as bigint,
    res_bytes: v['res_bytes'] as bigint,
  };
}

export function procSource(kernel: Kernel): ProcSource {
  const view = (p: Process): ProcView => ({
    principal: p.identity.principal,
    argv: p.argv,
    status: (viewer) => statusOf(p, (viewer !== undefined ? kernel.processes.get(viewer) : undefined) ?? p),
    handles: () => (kernel.handleTables.get(p)?.entries() ?? []).map(([fd, h]) => ({ fd, kind: h.object.kind, rights: h.rights, cloexec: h.cloexec })),
  });
  return {
    pids: () => [...kernel.processes.keys()],
    process: (pid) => {
      const p = kernel.processes.get(pid);
      return p ? view(p) : null;
    },
    now: () => kernel.epochSeconds(),
  };
}
