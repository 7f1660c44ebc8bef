// Documented errors that no case provokes, one entry per (row, errno, clause), each with the
// reason: the error cannot be caused from EL0 under the case contract (INTERPRETING.md), or only
// by exhausting a resource the spec gives no bound for. The reports show these cells as
// unreachable instead of untested.

import type { ErrnoName } from '../../../spec/index.js';
import type { ErrorCell } from './cells.js';

export interface UnreachableCell extends ErrorCell {
  readonly reason: string;
}

const NO_BASE_WRITE =
  'No handle with WRITE on a base-image file can exist: opening one for writing already fails EROFS (FS.BASE.ERRNO at open).';
const NO_DATA =
  'The case contract has no boot option that provides the persistent /data tree (FS.TMPFS.WHERE: only "when the image provides it"; INTERPRETING.md §4-5), so only tmpfs is writable.';
const NO_PIPE_LIMIT =
  'The ABI gives no limit on pipe or socket-pair buffers (LIMITS has none) and they are not taken from user-visible memory, so EL0 has no way to make the allocation fail.';

function u(row: string, errno: ErrnoName, clause: string, reason: string): UnreachableCell {
  return { row, errno, clause, reason };
}

export const UNREACHABLE: readonly UnreachableCell[] = [
  u('write', 'EROFS', 'FS.BASE.ERRNO', NO_BASE_WRITE),
  u('ftruncate', 'EROFS', 'FS.BASE.ERRNO', NO_BASE_WRITE),
  u('fsync', 'EIO', 'FS.FSYNC.IO', `${NO_DATA} Only a failed flush of /data fails EIO.`),
  u('rename', 'EINVAL', 'FS.RENAME.CROSSFS', `${NO_DATA} A rename between tmpfs and /data needs both.`),
  u('reboot', 'ENOSYS', 'SYS.REBOOT.NOPSCI', 'The case contract cannot remove the PSCI conduit (INTERPRETING.md §4 has no such boot option; the reference machine has one, SYS.REBOOT.CONDUIT).'),
  u('pipe', 'ENOMEM', 'FD.PIPE.NOMEM', NO_PIPE_LIMIT),
  u('socketpair', 'ENOMEM', 'FD.PIPE.NOMEM', NO_PIPE_LIMIT),
];
