// The whole syscall table: rows 1..104 of the seed plus the extensions, sorted by number.

import type { SyscallRow } from '../types.js';
import { DEVICE_SYSCALLS } from './device.js';
import { EXTENSION_SYSCALLS } from './extensions.js';
import { FS_SYSCALLS } from './fs.js';
import { IPC_SYSCALLS } from './ipc.js';
import { MEMORY_SYSCALLS } from './memory.js';
import { MISC_SYSCALLS } from './misc.js';
import { NET_SYSCALLS } from './net.js';
import { PKG_SYSCALLS } from './pkg.js';
import { PROCESS_SYSCALLS } from './process.js';
import { SECURITY_SYSCALLS } from './security.js';
import { SYNC_SYSCALLS } from './sync.js';
import { TIME_SYSCALLS } from './time.js';
import { TTY_SYSCALLS } from './tty.js';
import { UPDATE_SYSCALLS } from './update.js';

export { defineSyscall } from './helpers.js';
export type { SyscallInput } from './helpers.js';

export const SYSCALLS: readonly SyscallRow[] = [
  ...FS_SYSCALLS, ...PROCESS_SYSCALLS, ...MEMORY_SYSCALLS, ...IPC_SYSCALLS, ...SECURITY_SYSCALLS,
  ...TIME_SYSCALLS, ...TTY_SYSCALLS, ...SYNC_SYSCALLS, ...NET_SYSCALLS, ...PKG_SYSCALLS,
  ...UPDATE_SYSCALLS, ...DEVICE_SYSCALLS, ...MISC_SYSCALLS, ...EXTENSION_SYSCALLS,
].sort((a, b) => a.nr - b.nr);

/** Highest number in the seed's table; extensions are numbered above it. */
export const SEED_SYSCALL_MAX = 104;

const BY_NUMBER: ReadonlyMap<number, SyscallRow> = new Map(SYSCALLS.map((r) => [r.nr, r]));
const BY_NAME: ReadonlyMap<string, SyscallRow> = new Map(SYSCALLS.map((r) => [r.name, r]));

export function syscallByNumber(nr: number): SyscallRow | undefined {
  return BY_NUMBER.get(nr);
}

export function syscallByName(name: string): SyscallRow | undefined {
  return BY_NAME.get(name);
}

/** The row for `name`; throws if there is none (for tables written against the spec). */
export function syscall(name: string): SyscallRow {
  const row = BY_NAME.get(name);
  if (row === undefined) throw new Error(`unknown syscall ${name}`);
  return row;
}
