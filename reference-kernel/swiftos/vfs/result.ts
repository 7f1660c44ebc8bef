import type { ErrnoName } from '../../../spec/index.js';

/** A failed VFS operation: the errno and the clause that requires it. */
export interface VfsFailure {
  readonly ok: false;
  readonly errno: ErrnoName;
  readonly clause: string;
}

/** A successful VFS operation, optionally naming the clause of a notable success path. */
export interface VfsSuccess<T> {
  readonly ok: true;
  readonly value: T;
  readonly clause: string | null;
}

export type VfsResult<T> = VfsSuccess<T> | VfsFailure;

export function vok<T>(value: T, clause: string | null = null): VfsSuccess<T> {
  return { ok: true, value, clause };
}

export function vfail(errno: ErrnoName, clause: string): VfsFailure {
  return { ok: false, errno, clause };
}
