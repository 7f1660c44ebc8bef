// Touchstone extensions: race-free process handles (seed 000) and timers as files (seed 003).
// Numbered from 200 so upstream SwiftOS can keep growing its table (clause EXT.NUMBERING).

import type { SyscallRow } from '../types.js';
import { arg, defineSyscall, enumOf, err, fd, fdRet, flags, pid, signal, struct, ZERO } from './helpers.js';

export const EXTENSION_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 200, name: 'pidfd_open', family: 'extensions',
    args: [
      arg('pid', pid({ positive: 'that process' }, 'ESRCH', 'PIDFD.OPEN.NOSUCH')),
      arg('flags', flags('PIDFD_OPEN_FLAGS')),
    ],
    ret: fdRet('pidfd'),
    errors: [err('EMFILE', 'FD.TABLE.FULL')],
    support: 'implemented',
    note: 'A handle that names one process for its whole life, immune to pid reuse.',
    clauses: ['EXT.PIDFD.WHY', 'PIDFD.OPEN', 'PIDFD.OPEN.NOSUCH', 'PIDFD.IDENTITY', 'PIDFD.NOREAP', 'PIDFD.RIGHTS', 'PIDFD.POLL', 'PIDFD.READ', 'PIDFD.THREAD', 'EXT.NUMBERING'],
    extensionSeed: '000',
  }),
  defineSyscall({
    nr: 201, name: 'pidfd_send_signal', family: 'extensions',
    args: [
      arg('fd', fd(['pidfd'], ['WRITE'])),
      arg('sig', signal(true, false), '0 probes'),
      arg('flags', flags('PIDFD_SIGNAL_FLAGS'), 'must be 0'),
    ],
    ret: ZERO,
    errors: [err('ESRCH', 'PIDFD.SIGNAL.EXITED'), err('EPERM', 'SIG.KILL.PERM')],
    support: 'implemented',
    note: 'kill through a handle: cannot hit a reused pid.',
    clauses: ['PIDFD.SIGNAL', 'PIDFD.SIGNAL.EXITED', 'SIG.KILL.PERM', 'SIG.DELIVER.WHEN', 'EXT.NUMBERING'],
    extensionSeed: '000',
  }),
  defineSyscall({
    nr: 202, name: 'pidfd_getinfo', family: 'extensions',
    args: [arg('fd', fd(['pidfd'], ['GETATTR'])), arg('info', struct('out', 'procstat'))],
    ret: ZERO,
    errors: [err('ESRCH', 'PIDFD.INFO.REAPED')],
    support: 'implemented',
    note: 'Reads the attributes of exactly the process the handle names (match, then signal, without a race).',
    clauses: ['PIDFD.INFO', 'PIDFD.INFO.REAPED', 'EXT.NUMBERING'],
    extensionSeed: '000',
  }),
  defineSyscall({
    nr: 203, name: 'timerfd_create', family: 'extensions',
    args: [arg('clockid', enumOf('CLOCK_IDS')), arg('flags', flags('TIMERFD_CREATE_FLAGS'))],
    ret: fdRet('timerfd'),
    errors: [err('EMFILE', 'FD.TABLE.FULL')],
    support: 'implemented',
    note: 'A disarmed timer as a handle: read it for the expiration count, poll it for POLLIN.',
    clauses: ['TFD.CREATE', 'TFD.READ.EXPIRATIONS', 'TFD.READ.BLOCK', 'TFD.POLL', 'TFD.INHERIT', 'TFD.FSTAT', 'EXT.NUMBERING'],
    extensionSeed: '003',
  }),
  defineSyscall({
    nr: 204, name: 'timerfd_settime', family: 'extensions',
    args: [
      arg('fd', fd(['timerfd'], ['WRITE'], { wrongKind: 'EINVAL' })),
      arg('flags', flags('TIMERFD_SETTIME_FLAGS')),
      arg('new_value', struct('in', 'itimerspec')),
      arg('old_value', struct('out', 'itimerspec', true), 'NULL: do not report'),
    ],
    ret: ZERO,
    errors: [err('EINVAL', 'TFD.SETTIME.RANGE')],
    support: 'implemented',
    note: '',
    clauses: ['TFD.SETTIME.ARM', 'TFD.SETTIME.DISARM', 'TFD.SETTIME.ABS', 'TFD.SETTIME.INTERVAL', 'TFD.SETTIME.RANGE', 'TFD.SETTIME.RESET', 'EXT.NUMBERING'],
    extensionSeed: '003',
  }),
  defineSyscall({
    nr: 205, name: 'timerfd_gettime', family: 'extensions',
    args: [arg('fd', fd(['timerfd'], ['GETATTR'], { wrongKind: 'EINVAL' })), arg('curr_value', struct('out', 'itimerspec'))],
    ret: ZERO,
    errors: [],
    support: 'implemented',
    note: 'it_value is the time left until the next expiration (0 when disarmed).',
    clauses: ['TFD.GETTIME', 'EXT.NUMBERING'],
    extensionSeed: '003',
  }),
];
