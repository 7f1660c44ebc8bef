// Every behaviour clause, by id.

import type { Clause } from '../types.js';
import { ABI_CLAUSES } from './abi.js';
import { EXTENSION_CLAUSES } from './extensions.js';
import { FD_CLAUSES } from './fd.js';
import { FS_CLAUSES } from './fs.js';
import { IPC_CLAUSES } from './ipc.js';
import { MEMORY_CLAUSES } from './memory.js';
import { NET_CLAUSES } from './net.js';
import { PKG_CLAUSES } from './pkg.js';
import { PLATFORM_CLAUSES } from './platform.js';
import { PROCESS_CLAUSES } from './process.js';
import { SECURITY_CLAUSES } from './security.js';
import { SIGNAL_CLAUSES } from './signal.js';
import { SYSTEM_CLAUSES } from './system.js';
import { THREAD_CLAUSES } from './thread.js';
import { TIME_CLAUSES } from './time.js';
import { TTY_CLAUSES } from './tty.js';

export const CLAUSE_LIST: readonly Clause[] = [
  ...ABI_CLAUSES, ...FD_CLAUSES, ...FS_CLAUSES, ...PROCESS_CLAUSES, ...SIGNAL_CLAUSES, ...MEMORY_CLAUSES,
  ...THREAD_CLAUSES, ...IPC_CLAUSES, ...SECURITY_CLAUSES, ...TTY_CLAUSES, ...TIME_CLAUSES, ...SYSTEM_CLAUSES,
  ...NET_CLAUSES, ...PKG_CLAUSES, ...PLATFORM_CLAUSES, ...EXTENSION_CLAUSES,
];

export const CLAUSES: ReadonlyMap<string, Clause> = new Map(CLAUSE_LIST.map((c) => [c.id, c]));

export function clause(id: string): Clause {
  const found = CLAUSES.get(id);
  if (found === undefined) throw new Error(`unknown clause ${id}`);
  return found;
}

export function isDecision(c: Clause): boolean {
  return c.decision !== undefined;
}

/** The clauses where the seed is silent and the spec decides. */
export const DECISIONS: readonly Clause[] = CLAUSE_LIST.filter(isDecision);
