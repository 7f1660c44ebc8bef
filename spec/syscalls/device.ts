// Opaque device grants: discovery, claims, metadata and the MMIO-window mapping.

import type { SyscallRow } from '../types.js';
import { arg, defineSyscall, err, fd, fdRet, int, length, name, struct, ZERO } from './helpers.js';

export const DEVICE_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 62, name: 'device_claim', family: 'device',
    args: [arg('name', name(23)), arg('info', struct('out', 'device_info', true), 'NULL: do not report')],
    ret: fdRet('device'),
    errors: [err('ENOENT', 'DEV.CLAIM.UNKNOWN'), err('EBUSY', 'DEV.CLAIM.BUSY'), err('EMFILE', 'FD.TABLE.FULL')],
    support: 'implemented',
    capability: { cap: 'capConsole', errno: 'EACCES', clause: 'DEV.CAP' },
    note: 'The registry is the machine\'s (DEV.REGISTRY); a handle names the grant until its last close.',
    clauses: [
      'DEV.CLAIM', 'DEV.CLAIM.METADATA', 'DEV.CLAIM.BUSY', 'DEV.CLAIM.FALLBACK', 'DEV.CLAIM.UNKNOWN', 'DEV.RIGHTS', 'DEV.CAP',
      'DEV.REGISTRY', 'DEV.GENERATION', 'DEV.AUTHORITY', 'DEV.MMAP.GRANT', 'DEV.CLOSE.RELEASE',
    ],
  }),
  defineSyscall({
    nr: 63, name: 'device_info', family: 'device',
    args: [arg('fd', fd(['device'], ['GETATTR'])), arg('info', struct('out', 'device_info'))],
    ret: ZERO,
    errors: [],
    support: 'implemented',
    note: 'A moved handle fails EBADF in the sender (DEV.XFER.MOVE, FD.BADF).',
    clauses: ['DEV.INFO', 'DEV.XFER.MOVE', 'DEV.AUTHORITY', 'DEV.GENERATION', 'DEV.CLOSE.RELEASE'],
  }),
  defineSyscall({
    nr: 64, name: 'device_discover', family: 'device',
    args: [arg('index', int('index', { min: 0 })), arg('info', struct('out', 'device_info'))],
    ret: ZERO,
    errors: [err('ENOENT', 'DEV.DISCOVER.END')],
    support: 'implemented',
    capability: { cap: 'capConsole', errno: 'EACCES', clause: 'DEV.CAP' },
    note: 'Ordinals count the discoverable devices of the registry (DEV.REGISTRY).',
    clauses: ['DEV.DISCOVER', 'DEV.DISCOVER.END', 'DEV.CAP', 'DEV.REGISTRY', 'DEV.GENERATION'],
  }),
  defineSyscall({
    nr: 101, name: 'device_mmap', family: 'device',
    args: [arg('fd', fd(['device'], ['MAP'])), arg('len', length('bytes', { min: 1 }))],
    ret: { kind: 'value', what: 'base address', failure: { kind: 'neg-errno-range' } },
    errors: [err('EACCES', 'DEV.MMAP.NOGRANT'), err('EINVAL', 'DEV.MMAP.LEN'), err('ENOMEM', 'MM.MMAP.NOSPACE')],
    support: 'implemented',
    note: 'Maps the claimed device\'s MMIO window read/write, never executable; returns the address of mmio_base.',
    clauses: ['DEV.MMAP', 'DEV.MMAP.NOGRANT', 'DEV.MMAP.GRANT', 'DEV.MMAP.WINDOW', 'DEV.MMAP.LEN', 'DEV.MMIO.REGS', 'SHM.FORK', 'SHM.NOEXEC'],
  }),
];

