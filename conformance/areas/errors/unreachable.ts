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

function u(row: string, errno: ErrnoName, clause: string, reason: string): UnreachableCell {
  return { row, errno, clause, reason };
}

export const UNREACHABLE: readonly UnreachableCell[] = [
  u('write', 'EROFS', 'FS.BASE.ERRNO', NO_BASE_WRITE),
  u('ftruncate', 'EROFS', 'FS.BASE.ERRNO', NO_BASE_WRITE),
];
