// fcntl commands (newlib <fcntl.h> numbering) and descriptor flags.

import type { ConstGroup, RightName } from '../types.js';
import { fromSwiftOs } from './source.js';

export const FCNTL_CMDS: ConstGroup = {
  name: 'FCNTL_CMDS',
  kind: 'enum',
  members: [
    { name: 'F_DUPFD', value: 0, note: 'lowest free handle >= arg; needs DUPLICATE' },
    { name: 'F_GETFD', value: 1, note: 'needs GETATTR' },
    { name: 'F_SETFD', value: 2, note: 'needs SETATTR' },
    { name: 'F_GETFL', value: 3, note: 'needs GETATTR' },
    { name: 'F_SETFL', value: 4, note: 'only O_NONBLOCK is changeable; needs SETATTR' },
    { name: 'F_GETLK', value: 7, note: 'advisory lock query: succeeds, no-op; needs GETATTR' },
    { name: 'F_SETLK', value: 8, note: 'advisory lock: succeeds, no-op; needs GETATTR' },
    { name: 'F_SETLKW', value: 9, note: 'advisory lock: succeeds, no-op; needs GETATTR' },
    { name: 'F_DUPFD_CLOEXEC', value: 14, note: 'as F_DUPFD, new handle close-on-exec; needs DUPLICATE' },
  ],
  source: fromSwiftOs('kernel/vfs/vfs.swift'),
};

/** Right each fcntl command needs on the handle (decision FD.FCNTL.RIGHTS). */
export const FCNTL_CMD_RIGHT: Readonly<Record<string, RightName>> = {
  F_DUPFD: 'DUPLICATE',
  F_GETFD: 'GETATTR',
  F_SETFD: 'SETATTR',
  F_GETFL: 'GETATTR',
  F_SETFL: 'SETATTR',
  F_GETLK: 'GETATTR',
  F_SETLK: 'GETATTR',
  F_SETLKW: 'GETATTR',
  F_DUPFD_CLOEXEC: 'DUPLICATE',
};

export const FD_FLAGS: ConstGroup = {
  name: 'FD_FLAGS',
  kind: 'flags',
  members: [{ name: 'FD_CLOEXEC', value: 1 }],
  source: fromSwiftOs('kernel/vfs/vfs.swift'),
};
