// Handle rights, the spawn-handle flags, and the rights each kind of handle starts with.

import type { ConstGroup, HandleKind, RightName } from '../types.js';
import type { ErrnoName } from '../errno.js';
import { fromSeed, fromSwiftOs } from './source.js';

export const RIGHTS: ConstGroup = {
  name: 'RIGHTS',
  kind: 'flags',
  members: [
    { name: 'SWIFTOS_RIGHT_READ', value: 1 << 0 },
    { name: 'SWIFTOS_RIGHT_WRITE', value: 1 << 1 },
    { name: 'SWIFTOS_RIGHT_EXECUTE', value: 1 << 2 },
    { name: 'SWIFTOS_RIGHT_MAP', value: 1 << 3 },
    { name: 'SWIFTOS_RIGHT_DUPLICATE', value: 1 << 4 },
    { name: 'SWIFTOS_RIGHT_TRANSFER', value: 1 << 5 },
    { name: 'SWIFTOS_RIGHT_GETATTR', value: 1 << 6 },
    { name: 'SWIFTOS_RIGHT_SETATTR', value: 1 << 7 },
  ],
  source: fromSeed('Handle Rights'),
};

/** Named masks over RIGHTS. */
export const RIGHT_MASKS: ConstGroup = {
  name: 'RIGHT_MASKS',
  kind: 'values',
  members: [
    { name: 'SWIFTOS_RIGHT_ALL', value: 0xff, note: 'every defined right' },
    {
      name: 'SWIFTOS_RIGHTS_ALL_INHERIT',
      value: 0xffff_ffff,
      note: 'ipc_send requested_rights sentinel: grant everything held (intersection identity)',
    },
  ],
  source: fromSwiftOs('userland/lib/syscall.h'),
};

export const SPAWN_HANDLE_FLAGS: ConstGroup = {
  name: 'SPAWN_HANDLE_FLAGS',
  kind: 'flags',
  members: [{ name: 'SWIFTOS_SPAWN_HANDLE_CLOEXEC', value: 1 << 0 }],
  source: fromSeed('spawn_handles'),
};

export const RIGHT_BITS: Readonly<Record<RightName, number>> = {
  READ: 1 << 0,
  WRITE: 1 << 1,
  EXECUTE: 1 << 2,
  MAP: 1 << 3,
  DUPLICATE: 1 << 4,
  TRANSFER: 1 << 5,
  GETATTR: 1 << 6,
  SETATTR: 1 << 7,
};

export const RIGHT_NAMES: readonly RightName[] = [
  'READ', 'WRITE', 'EXECUTE', 'MAP', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR',
];

export function rightsMask(rights: readonly RightName[]): number {
  return rights.reduce((mask, r) => mask | RIGHT_BITS[r], 0);
}

export function rightsFromMask(mask: number): RightName[] {
  return RIGHT_NAMES.filter((r) => (mask & RIGHT_BITS[r]) !== 0);
}

/**
 * Errno for a handle that lacks a right the call needs (decision FD.RIGHTS.MISSING):
 * missing READ or WRITE looks like a handle not open for that direction (EBADF,
 * as in POSIX read/write); any other missing right is a permission failure (EACCES).
 */
export function missingRightErrno(right: RightName): ErrnoName {
  return right === 'READ' || right === 'WRITE' ? 'EBADF' : 'EACCES';
}

const POSIX_META: readonly RightName[] = ['DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR'];

/**
 * Rights a freshly created handle holds (decision FD.RIGHTS.DEFAULT, from swift-os
 * kernel/vfs/vfs.swift). `read`/`write` variants depend on the open mode or the
 * pipe end; the table lists the rights for a handle opened for both.
 */
export interface DefaultRights {
  readonly kind: HandleKind;
  readonly rights: readonly RightName[];
  readonly note: string;
}

export const DEFAULT_HANDLE_RIGHTS: readonly DefaultRights[] = [
  { kind: 'tty', rights: ['READ', 'WRITE', ...POSIX_META], note: 'fds 0, 1, 2 of the first process' },
  { kind: 'file', rights: ['READ', 'WRITE', ...POSIX_META], note: 'READ if opened O_RDONLY/O_RDWR, WRITE if O_WRONLY/O_RDWR' },
  { kind: 'directory', rights: ['READ', ...POSIX_META], note: 'directories open read-only' },
  { kind: 'pipe', rights: ['READ', 'WRITE', ...POSIX_META], note: 'read end: READ only; write end: WRITE only; socketpair ends: both' },
  { kind: 'socket', rights: ['READ', 'WRITE', ...POSIX_META], note: '' },
  { kind: 'endpoint', rights: ['READ', 'WRITE', 'TRANSFER'], note: 'send end: WRITE|TRANSFER; recv end: READ|TRANSFER' },
  { kind: 'device', rights: ['GETATTR', 'TRANSFER', 'MAP'], note: 'MAP only for grants with a mappable MMIO window' },
  { kind: 'eventfd', rights: ['READ', 'WRITE', ...POSIX_META], note: '' },
  { kind: 'pty-master', rights: ['READ', 'WRITE', ...POSIX_META], note: '' },
  { kind: 'pty-slave', rights: ['READ', 'WRITE', ...POSIX_META], note: '' },
  { kind: 'pidfd', rights: ['READ', 'WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR'], note: 'extension: WRITE lets the holder signal' },
  { kind: 'timerfd', rights: ['READ', 'WRITE', ...POSIX_META], note: 'extension: WRITE lets the holder arm/disarm' },
];
