// Opaque device grants (not implemented by the reference kernel yet).

import type { SyscallRow } from '../types.js';
import { arg, defineSyscall, err, fd, fdRet, int, length, name, struct, ZERO } from './helpers.js';

export const DEVICE_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 62, name: 'device_claim', family: 'device',
    args: [arg('name', name(23)), arg('info', struct('out', 'device_info', true), 'NULL: do not report')],
    ret: fdRet('device'),
    errors: [err('ENOENT', 'DEV.CLAIM.UNKNOWN'), err('EBUSY', 'DEV.CLAIM.BUSY'), err('EMFILE', 'FD.TABLE.FULL')],
    support: 'not-implemented',
    capability: { cap: 'capConsole', errno: 'EACCES', clause: 'DEV.CAP' },
    note: '',
    clauses: ['DEV.CLAIM', 'DEV.CLAIM.METADATA', 'DEV.CLAIM.BUSY', 'DEV.CLAIM.FALLBACK', 'DEV.RIGHTS', 'DEV.CAP'],
  }),
  defineSyscall({
    nr: 63, name: 'device_info', family: 'device',
    args: [arg('fd', fd(['device'], ['GETATTR'])), arg('info', struct('out', 'device_info'))],
    ret: ZERO,
    errors: [],
    support: 'not-implemented',
    note: '',
    clauses: ['DEV.INFO', 'DEV.XFER.MOVE', 'DEV.AUTHORITY'],
  }),
  defineSyscall({
    nr: 64, name: 'device_discover', family: 'device',
    args: [arg('index', int('index', { min: 0 })), arg('info', struct('out', 'device_info'))],
    ret: ZERO,
    errors: [err('ENOENT', 'DEV.DISCOVER.END')],
    support: 'not-implemented',
    capability: { cap: 'capConsole', errno: 'EACCES', clause: 'DEV.CAP' },
    note: '',
    clauses: ['DEV.DISCOVER', 'DEV.DISCOVER.END', 'DEV.CAP'],
  }),
  defineSyscall({
    nr: 101, name: 'device_mmap', family: 'device',
    args: [arg('fd', fd(['device'], ['MAP'])), arg('len', length('bytes', { min: 1 }))],
    ret: { kind: 'value', what: 'base address', failure: { kind: 'neg-errno-range' } },
    errors: [err('EACCES', 'DEV.MMAP.NOGRANT'), err('ENOMEM', 'MM.MMAP.NOSPACE')],
    support: 'not-implemented',
    note: 'Maps the claimed device\'s MMIO window.',
    clauses: ['DEV.MMAP', 'DEV.MMAP.NOGRANT'],
  }),
];

