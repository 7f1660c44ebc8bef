// futex operations and eventfd flags.

import type { ConstGroup } from '../types.js';
import { fromSeed, fromSwiftOs } from './source.js';

export const FUTEX_OPS: ConstGroup = {
  name: 'FUTEX_OPS',
  kind: 'enum',
  members: [
    { name: 'SWIFTOS_FUTEX_WAIT', value: 0, note: 'block while *uaddr == val' },
    { name: 'SWIFTOS_FUTEX_WAKE', value: 1, note: 'wake up to val waiters' },
  ],
  source: fromSeed('Threads And Futexes'),
};

export const FUTEX_MODIFIERS: ConstGroup = {
  name: 'FUTEX_MODIFIERS',
  kind: 'flags',
  members: [{ name: 'FUTEX_PRIVATE_FLAG', value: 128, note: 'accepted and ignored (every futex is process-private)' }],
  source: fromSwiftOs('kernel/sched/futex.swift'),
};

/** Kernel values: the syscall takes the open-flag bits, not the newlib header values. */
export const EVENTFD_FLAGS: ConstGroup = {
  name: 'EVENTFD_FLAGS',
  kind: 'flags',
  members: [
    { name: 'EFD_SEMAPHORE', value: 0x1 },
    { name: 'EFD_CLOEXEC', value: 0x200, note: 'same bit as O_CLOEXEC' },
    { name: 'EFD_NONBLOCK', value: 0x4000, note: 'same bit as O_NONBLOCK' },
  ],
  source: fromSwiftOs('kernel/vfs/vfs.swift'),
  note: 'userland/compat/sys/eventfd.h defines EFD_CLOEXEC as 0x40000 for newlib; the compat layer translates (clause EVT.FLAGS).',
};
