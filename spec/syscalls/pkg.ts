// Package store.

import type { ErrorCase, SyscallRow } from '../types.js';
import { arg, buffer, count, defineSyscall, err, fd, int, length, name, struct, ZERO } from './helpers.js';

const STORE_ERRORS: readonly ErrorCase[] = [
  err('EACCES', 'PKG.ROOT'), err('ENOENT', 'PKG.NOSTORE'), err('EAGAIN', 'PKG.BUSY'),
];

export const PKG_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 60, name: 'pkg_install', family: 'pkg',
    args: [
      arg('fd', fd(['file'], ['READ'], { wrongKind: 'EINVAL' }), 'a readable .swpkg file'),
      arg('name', name(31)),
      arg('version_revision', name(15)),
    ],
    ret: ZERO,
    errors: [...STORE_ERRORS, err('EINVAL', 'PKG.FORMAT'), err('EINVAL', 'PKG.MOUNT'), err('ENOSPC', 'PKG.STORE.FULL')],
    support: 'implemented',
    note: '',
    clauses: ['PKG.INSTALL', 'PKG.ROOT', 'PKG.NOSTORE', 'PKG.BUSY', 'PKG.NAMES', 'PKG.FORMAT', 'PKG.SIGNATURES'],
  }),
  defineSyscall({
    nr: 61, name: 'pkg_info', family: 'pkg',
    args: [arg('index', int('index', { min: 0 })), arg('buf', buffer('out', 'cap', true)), arg('cap', length('bytes'))],
    ret: count('bytes of name-version_revision, excluding the NUL'),
    errors: [err('ENOENT', 'PKG.INFO.MISSING')],
    support: 'implemented',
    note: '',
    clauses: ['PKG.INFO', 'PKG.INFO.MISSING'],
  }),
  defineSyscall({
    nr: 72, name: 'pkg_stream_begin', family: 'pkg',
    args: [arg('desc', struct('in', 'pkg_stream_begin_desc'))],
    ret: ZERO,
    errors: [...STORE_ERRORS, err('EINVAL', 'PKG.NAMES'), err('EINVAL', 'PKG.FORMAT'), err('ENOSPC', 'PKG.STORE.FULL')],
    support: 'implemented',
    note: '',
    clauses: ['PKG.STREAM.BEGIN', 'PKG.ROOT', 'PKG.BUSY'],
  }),
  defineSyscall({
    nr: 73, name: 'pkg_stream_write', family: 'pkg',
    args: [arg('buf', buffer('in', 'count', true)), arg('count', length('bytes'))],
    ret: ZERO,
    errors: [err('EAGAIN', 'PKG.STREAM.NONE'), err('EFBIG', 'PKG.STREAM.SIZE')],
    support: 'implemented',
    note: '',
    clauses: ['PKG.STREAM.WRITE'],
  }),
  defineSyscall({
    nr: 74, name: 'pkg_stream_commit', family: 'pkg',
    args: [],
    ret: ZERO,
    errors: [
      err('EAGAIN', 'PKG.STREAM.NONE'), err('EINVAL', 'PKG.STREAM.HASH'), err('EINVAL', 'PKG.FORMAT'),
      err('EINVAL', 'PKG.MOUNT'), err('ENOSPC', 'PKG.STORE.FULL'),
    ],
    support: 'implemented',
    note: '',
    clauses: ['PKG.STREAM.COMMIT'],
  }),
  defineSyscall({
    nr: 75, name: 'pkg_stream_abort', family: 'pkg',
    args: [],
    ret: ZERO,
    errors: [err('EAGAIN', 'PKG.STREAM.NONE')],
    support: 'implemented',
    note: '',
    clauses: ['PKG.STREAM.ABORT'],
  }),
  defineSyscall({
    nr: 79, name: 'pkg_files', family: 'pkg',
    args: [arg('name', name(31)), arg('buf', buffer('out', 'cap', true)), arg('cap', length('bytes'))],
    ret: count('bytes needed for the whole list'),
    errors: [err('ENOENT', 'PKG.FILES.MISSING')],
    support: 'implemented',
    note: 'cap 0 reports the size without writing.',
    clauses: ['PKG.FILES', 'PKG.FILES.MISSING', 'PKG.FILES.SIZE'],
  }),
  defineSyscall({
    nr: 81, name: 'pkg_remove', family: 'pkg',
    args: [arg('name', name(31))],
    ret: ZERO,
    errors: [...STORE_ERRORS, err('ENOENT', 'PKG.REMOVE.MISSING')],
    support: 'implemented',
    note: 'Effective after reboot.',
    clauses: ['PKG.REMOVE', 'PKG.REMOVE.REBOOT'],
  }),
];
