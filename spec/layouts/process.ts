// Process records: spawn handle specs, process/system statistics, the signal frame.

import type { Layout } from '../types.js';
import { array, scalar, text } from './field.js';

export const SPAWN_HANDLE: Layout = {
  name: 'spawn_handle',
  size: 16,
  align: 4,
  fields: [
    scalar('source_fd', 0, 'i32', {
      semantic: { kind: 'fd', handleKinds: 'any', rights: ['TRANSFER'], wrongKindErrno: 'EBADF' },
      note: 'handle in the parent; stays open there',
    }),
    scalar('target_fd', 4, 'i32', {
      semantic: { kind: 'int', signed: true, bits: 32, role: 'index', min: 0, max: 511, outOfRangeErrno: 'EBADF' },
      note: 'handle number in the child; unique across the vector',
    }),
    scalar('rights', 8, 'u32', {
      semantic: { kind: 'flags', group: 'RIGHTS', unknownBitsErrno: null },
      note: 'child gets source rights ∩ this mask',
    }),
    scalar('flags', 12, 'u32', { semantic: { kind: 'flags', group: 'SPAWN_HANDLE_FLAGS', unknownBitsErrno: 'EINVAL' } }),
  ],
  source: { kind: 'seed', seed: '002', section: 'spawn_handles' },
  note: 'struct swiftos_spawn_handle; also the raw HandleSpec record.',
};

export const PS_ENTRY: Layout = {
  name: 'ps_entry',
  size: 32,
  align: 4,
  fields: [
    scalar('pid', 0, 'u32'),
    scalar('ppid', 4, 'u32', { note: '0 for a process with no parent' }),
    scalar('state', 8, 'u32', { note: 'PROC_STATES' }),
    text('name', 12, 20, { note: 'argv[0] at exec, truncated, NUL-padded' }),
  ],
  source: { kind: 'seed', seed: '002', section: 'psinfo' },
  note: 'struct swiftos_ps_entry.',
};

export const PROCSTAT: Layout = {
  name: 'procstat',
  size: 56,
  align: 8,
  fields: [
    scalar('pid', 0, 'u32'),
    scalar('ppid', 4, 'u32'),
    scalar('state', 8, 'u32', { note: 'PROC_STATES' }),
    scalar('principal', 12, 'u32'),
    scalar('cpu_ticks', 16, 'u64', { note: 'timer ticks charged while running at EL0' }),
    scalar('start_tick', 24, 'u64', { note: 'uptime tick at creation' }),
    scalar('res_bytes', 32, 'u64', { note: 'resident user memory' }),
    text('name', 40, 16),
  ],
  source: { kind: 'seed', seed: '002', section: 'procstat' },
  note: 'struct swiftos_procstat; also written by the pidfd_getinfo extension.',
};

const SYSINFO_COMMON = [
  scalar('uptime_ticks', 0, 'u64'),
  scalar('idle_ticks', 8, 'u64'),
  scalar('mem_total', 16, 'u64'),
  scalar('mem_free', 24, 'u64'),
  scalar('kernel_image', 32, 'u64'),
  scalar('kernel_heap', 40, 'u64'),
  scalar('hz', 48, 'u32'),
  scalar('proc_total', 52, 'u32'),
  scalar('proc_running', 56, 'u32'),
  scalar('reserved', 60, 'u32', { note: 'written as 0' }),
] as const;

export const SYSINFO: Layout = {
  name: 'sysinfo',
  size: 64,
  align: 8,
  fields: SYSINFO_COMMON,
  source: { kind: 'seed', seed: '002', section: 'sysinfo' },
  note: 'Legacy layout; the first 64 bytes of the full layout are identical.',
};

export const SYSINFO_S5: Layout = {
  name: 'sysinfo_s5',
  size: 200,
  align: 8,
  fields: [
    ...SYSINFO_COMMON,
    scalar('cpu_count', 64, 'u32', { note: 'clamped to CPU_MAX' }),
    scalar('cpu_capacity', 68, 'u32', { note: 'always CPU_MAX (8)' }),
    array('cpu_ticks', 72, 'u64', 8, { note: 'entries >= cpu_count are 0' }),
    array('cpu_idle_ticks', 136, 'u64', 8, { note: 'entries >= cpu_count are 0' }),
  ],
  source: { kind: 'seed', seed: '002', section: 'sysinfo' },
  note: 'struct swiftos_sysinfo_s5, the full 200-byte layout.',
};

export const LOG_STATS: Layout = {
  name: 'log_stats',
  size: 32,
  align: 8,
  fields: [
    scalar('capacity', 0, 'u64'),
    scalar('available', 8, 'u64'),
    scalar('total_written', 16, 'u64'),
    scalar('overwritten', 24, 'u64'),
  ],
  source: { kind: 'seed', seed: '002', section: 'Logging' },
  note: '',
};

/**
 * Frame the kernel pushes on the user stack to run a signal handler (decision
 * SIG.FRAME.LAYOUT). sigreturn reads it back from SP.
 */
export const SIGFRAME: Layout = {
  name: 'sigframe',
  size: 800,
  align: 16,
  fields: [
    scalar('magic', 0, 'u32', { note: 'SIGFRAME_MAGIC 0x53494746' }),
    scalar('signo', 4, 'u32'),
    array('x', 8, 'u64', 31, { note: 'x0..x30 at the interrupted point' }),
    scalar('sp', 256, 'u64'),
    scalar('pc', 264, 'u64', { note: 'where execution resumes' }),
    scalar('pstate', 272, 'u64', { note: 'only NZCV (bits 31:28) is restored' }),
    scalar('fpsr', 280, 'u32'),
    scalar('fpcr', 284, 'u32'),
    array('v', 288, 'u8', 512, { note: 'q0..q31, 16 bytes each, little-endian' }),
  ],
  source: { kind: 'touchstone', note: 'decision SIG.FRAME.LAYOUT' },
  note: 'Placed at (SP - 800) & ~15 below the interrupted SP.',
};

export const PROCESS_LAYOUTS: readonly Layout[] = [
  SPAWN_HANDLE, PS_ENTRY, PROCSTAT, SYSINFO, SYSINFO_S5, LOG_STATS, SIGFRAME,
];
