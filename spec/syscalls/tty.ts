// Terminal attributes and pseudo-terminals.

import type { SyscallRow } from '../types.js';
import { arg, defineSyscall, enumOf, err, fd, pid, struct, ZERO } from './helpers.js';

const TERMINALS = ['tty', 'pty-master', 'pty-slave'] as const;

export const TTY_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 7, name: 'tcgetattr', family: 'tty',
    args: [arg('fd', fd(TERMINALS, ['GETATTR'], { wrongKind: 'ENOTTY' })), arg('termios', struct('out', 'termios'))],
    ret: ZERO,
    errors: [],
    support: 'implemented',
    note: 'Only c_lflag carries information.',
    clauses: ['TTY.ATTR.GET', 'TTY.ATTR.LFLAG', 'TTY.ATTR.NOTTY', 'TTY.ATTR.PERTERMINAL'],
  }),
  defineSyscall({
    nr: 8, name: 'tcsetattr', family: 'tty',
    args: [
      arg('fd', fd(TERMINALS, ['SETATTR'], { wrongKind: 'ENOTTY' })),
      arg('actions', enumOf('TCSETATTR_ACTIONS')),
      arg('termios', struct('in', 'termios')),
    ],
    ret: ZERO,
    errors: [],
    support: 'implemented',
    note: '',
    clauses: ['TTY.ATTR.SET', 'TTY.ATTR.LFLAG', 'TTY.ATTR.ACTIONS', 'TTY.ATTR.ACTIONS.OTHERS', 'TTY.ATTR.NOTTY', 'TTY.ECHO', 'TTY.CANON', 'TTY.ISIG', 'TTY.ATTR.PERTERMINAL'],
  }),
  defineSyscall({
    nr: 84, name: 'openpty', family: 'tty',
    args: [arg('master', struct('out', 'int32')), arg('slave', struct('out', 'int32'))],
    ret: ZERO,
    errors: [err('EMFILE', 'FD.TABLE.FULL'), err('ENOMEM', 'TTY.PTY.NOMEM')],
    support: 'implemented',
    note: '',
    clauses: ['TTY.PTY.OPEN', 'TTY.PTY.MASTER.READ', 'TTY.PTY.MASTER.WRITE', 'TTY.PTY.ONLCR', 'TTY.PTY.HUP', 'TTY.PTY.DEFAULTS'],
  }),
  defineSyscall({
    nr: 85, name: 'pty_set_foreground', family: 'tty',
    args: [
      arg('fd', fd(['pty-master', 'pty-slave'], [], { wrongKind: 'ENOTTY' })),
      arg('pid', pid({ positive: 'that process', zero: 'clear the foreground process' }, 'ESRCH', 'TTY.PTY.FG.NOSUCH')),
    ],
    ret: ZERO,
    errors: [],
    support: 'implemented',
    note: 'Either end of the pair works.',
    clauses: ['TTY.PTY.FG.SET', 'TTY.PTY.FG.CLEAR', 'TTY.PTY.FG.NOSUCH', 'TTY.ISIG'],
  }),
];
