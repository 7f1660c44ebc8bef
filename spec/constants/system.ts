// reboot commands, process states, auxv types, and the numeric limits the spec fixes.

import type { ConstGroup } from '../types.js';
import { fromSwiftOs } from './source.js';

export const REBOOT_CMDS: ConstGroup = {
  name: 'REBOOT_CMDS',
  kind: 'enum',
  members: [
    { name: 'SWIFTOS_POWER_RESET', value: 0, note: 'warm reboot' },
    { name: 'SWIFTOS_POWER_OFF', value: 1, note: 'power off' },
  ],
  source: fromSwiftOs('userland/lib/syscall.h'),
};

/** The `state` field of psinfo and procstat records. */
export const PROC_STATES: ConstGroup = {
  name: 'PROC_STATES',
  kind: 'enum',
  members: [
    { name: 'PROC_READY', value: 1 },
    { name: 'PROC_RUNNING', value: 2 },
    { name: 'PROC_BLOCKED', value: 3 },
    { name: 'PROC_ZOMBIE', value: 4 },
  ],
  source: fromSwiftOs('kernel/user/process.swift'),
};

export const AUXV_TYPES: ConstGroup = {
  name: 'AUXV_TYPES',
  kind: 'enum',
  members: [{ name: 'AT_NULL', value: 0, note: 'the only entry the initial stack carries' }],
  source: fromSwiftOs('kernel/user/ustack.swift'),
};

export const LIMITS: ConstGroup = {
  name: 'LIMITS',
  kind: 'values',
  members: [
    { name: 'FD_MAX', value: 512, note: 'handle numbers are 0..FD_MAX-1' },
    { name: 'PATH_MAX', value: 4096, note: 'bytes including the NUL' },
    { name: 'ARGV_MAX', value: 32, note: 'strings in argv at exec' },
    { name: 'ENVP_MAX', value: 32, note: 'strings in envp at exec' },
    { name: 'ARG_BYTES_MAX', value: 4096, note: 'bytes of argv (or of envp) strings including NULs' },
    { name: 'PIPE_CAPACITY', value: 1024, note: 'bytes buffered in one pipe direction' },
    { name: 'PIPE_BUF', value: 512, note: 'pipe writes up to this size are atomic' },
    { name: 'IPC_MSG_MAX', value: 256, note: 'bytes in one endpoint message' },
    { name: 'SERVICE_NAME_MAX', value: 15, note: 'name_register/name_lookup, excluding NUL' },
    { name: 'DEVICE_NAME_MAX', value: 23, note: 'device names, excluding NUL' },
    { name: 'PKG_NAME_MAX', value: 31 },
    { name: 'PKG_VERSION_MAX', value: 15 },
    { name: 'POLL_NFDS_MAX', value: 512 },
    { name: 'PROCS_MAX', value: 64, note: 'live processes and threads (reference kernel, configurable by pid_max)' },
    { name: 'CPU_MAX', value: 8, note: 'SWIFTOS_CPU_MAX' },
    { name: 'SYSINFO_LEGACY_SIZE', value: 64 },
    { name: 'SYSINFO_FULL_SIZE', value: 200 },
    { name: 'RANDOM_MAX', value: 65536, note: 'bytes per random call' },
    { name: 'LOG_STATS_SIZE', value: 32 },
    { name: 'SHMRING_PAGES_MIN', value: 2 },
    { name: 'SHMRING_PAGES_MAX', value: 8 },
    { name: 'SHMRING_MAX', value: 64, note: 'live shared-memory channels, machine-wide (shmring_chan.swift maxShmRings)' },
    { name: 'RESOLVE_NAME_MAX', value: 255 },
    { name: 'TIMER_HZ', value: 100, note: 'tick rate reported by sysinfo.hz' },
  ],
  source: fromSwiftOs('kernel/vfs/vfs.swift'),
  note: 'Values come from swift-os (vfs.swift, user_access.swift, ustack.swift, process.swift) and the seed (IPC message size, CPU_MAX, sysinfo sizes) except PROCS_MAX and RANDOM_MAX, which are Touchstone decisions (ABI.LIMITS).',
};
