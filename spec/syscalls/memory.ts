// Heap break, anonymous and file-backed mappings, protection changes.

import type { SyscallRow } from '../types.js';
import { addr, arg, defineSyscall, err, fd, flags, int, length, ZERO } from './helpers.js';

const MAP_RESULT = { kind: 'value', what: 'base address', failure: { kind: 'neg-errno-range' } } as const;

export const MEMORY_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 19, name: 'sbrk', family: 'memory',
    args: [arg('incr', int('increment', { bits: 64 }), 'bytes; may be negative')],
    ret: { kind: 'value', what: 'previous break', failure: { kind: 'sentinel', value: '18446744073709551615' } },
    errors: [],
    support: 'implemented',
    note: 'Failure returns all-ones ((void *)-1) and no errno.',
    clauses: ['MM.SBRK.RETURN', 'MM.SBRK.GROW', 'MM.SBRK.FLOOR', 'MM.SBRK.ZERO', 'MM.SBRK.FAIL'],
  }),
  defineSyscall({
    nr: 54, name: 'mmap', family: 'memory',
    args: [
      arg('addr', addr('hint', { nullable: true }), 'hint, ignored without MAP_FIXED*; must be page-aligned with them (ABI.ADDR.ALIGN, checked by the call)'),
      arg('length', length('bytes', { min: 1 }), 'rounded up to whole pages'),
      arg('prot', flags('PROT')),
      arg('flags', flags('MAP_FLAGS')),
      arg('fd', int('id'), 'ignored'),
      arg('offset', int('offset', { bits: 64 }), 'ignored'),
    ],
    ret: MAP_RESULT,
    errors: [
      err('EINVAL', 'ABI.ADDR.ALIGN'), err('EINVAL', 'MM.WX.ERRNO'), err('EINVAL', 'MM.MMAP.ANON.ERRNO'), err('EEXIST', 'MM.MMAP.NOREPLACE'),
      err('ENOMEM', 'MM.MMAP.NOSPACE'), err('ENOMEM', 'MM.MMAP.FIXED.RANGE'), err('ENOMEM', 'MM.COMMIT.NOMEM'),
    ],
    support: 'implemented',
    note: 'The seed\'s table shows (addr, length, prot); the raw call takes six arguments (MM.MMAP.ARGS).',
    clauses: [
      'MM.MMAP.ARGS', 'MM.MMAP.RETURN', 'MM.MMAP.ERRRANGE', 'MM.MMAP.ANON', 'MM.MMAP.ANON.ERRNO', 'MM.MMAP.HINT', 'MM.MMAP.ZERO', 'MM.MMAP.NONE.RESERVE',
      'MM.MMAP.FIXED.REPLACE', 'MM.MMAP.FIXED.NONE', 'MM.MMAP.NOREPLACE', 'MM.MMAP.NORESERVE', 'MM.MMAP.NOSPACE',
      'MM.MMAP.FIXED.RANGE', 'MM.MMAP.NONZERO', 'MM.WX.REJECT', 'MM.WX.ERRNO', 'MM.LAYOUT',
    ],
  }),
  defineSyscall({
    nr: 55, name: 'munmap', family: 'memory',
    args: [arg('addr', addr('mapping', { align: 4096 })), arg('length', length('bytes', { min: 1 }))],
    ret: ZERO,
    errors: [err('EINVAL', 'MM.MUNMAP.RANGE')],
    support: 'implemented',
    note: 'Unmapping pages that are not mapped is not an error.',
    clauses: ['MM.MUNMAP.FREE', 'MM.MUNMAP.HOLES', 'MM.MUNMAP.RANGE', 'MM.MUNMAP.REUSE'],
  }),
  defineSyscall({
    nr: 56, name: 'mprotect', family: 'memory',
    args: [arg('addr', addr('mapping', { align: 4096 })), arg('length', length('bytes', { min: 1 })), arg('prot', flags('PROT'))],
    ret: ZERO,
    errors: [err('EINVAL', 'MM.WX.ERRNO'), err('EINVAL', 'SHM.NOEXEC'), err('ENOMEM', 'MM.MPROTECT.UNMAPPED'), err('ENOMEM', 'MM.COMMIT.NOMEM')],
    support: 'implemented',
    note: 'The JIT path: map RW, write code, mprotect to RX.',
    clauses: [
      'MM.MPROTECT.CHANGE', 'MM.MPROTECT.COMMIT', 'MM.MPROTECT.DECOMMIT', 'MM.MPROTECT.UNMAPPED', 'MM.WX.REJECT', 'MM.WX.ERRNO',
      'MM.WX.JIT', 'MM.FAULT.SIGSEGV', 'MM.ICACHE',
    ],
  }),
  defineSyscall({
    nr: 59, name: 'mmap_file', family: 'memory',
    args: [
      arg('fd', fd(['file'], ['READ'], { wrongKind: 'EACCES' })),
      arg('length', length('bytes', { min: 1 }), 'clamped to the file size'),
      arg('prot', flags('PROT'), 'must be exactly PROT_READ'),
    ],
    ret: MAP_RESULT,
    errors: [
      err('EACCES', 'MM.MMAPFILE.ERRNO'), err('EINVAL', 'MM.MMAPFILE.ERRNO'), err('EINVAL', 'MM.MMAPFILE.EMPTY'),
      err('EACCES', 'MM.MMAPFILE.TMPFS'), err('ENOMEM', 'MM.MMAP.NOSPACE'), err('ENOMEM', 'MM.COMMIT.NOMEM'),
    ],
    support: 'implemented',
    note: 'Read-only, demand-paged view of a disk-backed (base image) file.',
    clauses: [
      'MM.MMAPFILE.BACKING', 'MM.MMAPFILE.PROT', 'MM.MMAPFILE.ERRNO', 'MM.MMAPFILE.DEMAND', 'MM.MMAPFILE.CLAMP', 'MM.MMAPFILE.EMPTY',
      'MM.MMAPFILE.CLOSE', 'MM.MMAPFILE.TMPFS', 'MM.MMAP.RETURN', 'MM.MMAP.NONZERO',
    ],
  }),
];
