// Security context, login and filesystem confinement.

import type { SyscallRow } from '../types.js';
import { arg, defineSyscall, err, flags64, int, path, struct, ZERO } from './helpers.js';

export const SECURITY_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 31, name: 'security_info', family: 'security',
    args: [arg('info', struct('out', 'security_info'))],
    ret: ZERO,
    errors: [],
    support: 'implemented',
    note: 'The effective identity.',
    clauses: ['SEC.INFO.RECORD', 'SEC.INFO.EFFECTIVE'],
  }),
  defineSyscall({
    nr: 32, name: 'login', family: 'security',
    args: [
      arg('principal', int('principal', { signed: false })),
      arg('session', int('session', { signed: false })),
      arg('caps', flags64('CAPABILITIES'), 'the new capability mask (unsigned long: all 64 bits count)'),
    ],
    ret: ZERO,
    errors: [],
    support: 'implemented',
    capability: { cap: 'capConsole', errno: 'EPERM', clause: 'SEC.LOGIN.CAP' },
    note: 'Replaces the caller\'s effective context; survives execve.',
    clauses: ['SEC.LOGIN.REPLACE', 'SEC.LOGIN.CAP', 'SEC.LOGIN.CAPBITS', 'SEC.CAP.ERRNO', 'SEC.LOGIN.EXEC', 'SEC.LOGIN.REAL', 'SEC.LOGIN.THREADS'],
  }),
  defineSyscall({
    nr: 50, name: 'confine', family: 'security',
    args: [arg('path', path())],
    ret: ZERO,
    errors: [
      err('ENOTDIR', 'FS.PATH.NOTDIR'), err('ENAMETOOLONG', 'FS.PATH.NAMEMAX'), err('ENOTDIR', 'FS.PATH.TRAILSLASH'),
      err('ENOENT', 'FS.PATH.NOENT'), err('ENOTDIR', 'SEC.CONFINE.NOTDIR'), err('EACCES', 'SEC.CONFINE.WIDEN.ERRNO'),
    ],
    support: 'implemented',
    note: 'Narrows the process to a subtree; can never widen.',
    clauses: ['SEC.CONFINE.NARROW', 'SEC.CONFINE.WIDEN', 'SEC.CONFINE.WIDEN.ERRNO', 'SEC.CONFINE.CWD', 'SEC.CONFINE.INHERIT', 'SEC.CONFINE.NOTDIR', 'FS.CONFINE.DENY'],
  }),
  defineSyscall({
    nr: 86, name: 'security_info_ex', family: 'security',
    args: [arg('info', struct('out', 'security_info_ex'))],
    ret: ZERO,
    errors: [],
    support: 'implemented',
    note: 'Effective and real identity.',
    clauses: ['SEC.INFOEX.FIELDS', 'SEC.INFOEX.EQUAL', 'SEC.SETUID.EXEC'],
  }),
];

