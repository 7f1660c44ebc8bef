// Process lifecycle and signals.

import type { SyscallRow } from '../types.js';
import {
  addr, arg, argv, array, defineSyscall, err, flags, int, length, path, pid, signal, struct, ZERO,
} from './helpers.js';

const EXEC_ERRORS = [
  err('ENOENT', 'PROC.EXEC.NOENT'), err('ENOTDIR', 'FS.PATH.NOTDIR'), err('EACCES', 'PROC.EXEC.NOTEXEC'),
  err('EACCES', 'FS.CONFINE.DENY'), err('ENOEXEC', 'PROC.EXEC.NOEXEC'), err('ENOEXEC', 'PROC.EXEC.RANGE'), err('ENOEXEC', 'MM.WX.ELF'),
  err('ENOMEM', 'PROC.EXEC.NOMEM'),
] as const;

export const PROCESS_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 5, name: 'exit', family: 'process',
    args: [arg('status', int('status'), 'low 8 bits are the exit code')],
    ret: { kind: 'noreturn', failureReturns: false },
    errors: [],
    support: 'implemented',
    note: 'From the initial thread: ends the process. From a thread made by thread_create: ends that thread only.',
    clauses: ['PROC.EXIT.CODE', 'PROC.EXIT.CLOSE', 'PROC.EXIT.ZOMBIE', 'PROC.EXIT.ORPHANS', 'THR.EXIT.THREAD', 'THR.EXIT.MAIN'],
  }),
  defineSyscall({
    nr: 9, name: 'sigaction', family: 'process',
    args: [
      arg('sig', signal(false, true)),
      arg('handler', addr('handler', { nullable: true }), 'SIG_DFL (0), SIG_IGN (1) or a handler address'),
      arg('restorer', addr('restorer', { nullable: true }), 'code that calls sigreturn; required with a handler address'),
    ],
    ret: ZERO,
    errors: [err('EINVAL', 'SIG.ACTION.NORESTORER')],
    support: 'implemented',
    note: 'The seed lists only the success value 0; invalid signals and missing restorers fail EINVAL (decisions).',
    clauses: ['SIG.ACTION.RECORD', 'SIG.ACTION.NORESTORER', 'SIG.ACTION.PERPROCESS', 'SIG.IGN.DISCARD', 'SIG.UNCATCHABLE'],
  }),
  defineSyscall({
    nr: 10, name: 'kill', family: 'process',
    args: [
      arg('pid', pid({ positive: 'that process' }, 'ESRCH', 'SIG.KILL.NOSUCH')),
      arg('sig', signal(true, false), '0 probes without sending'),
    ],
    ret: ZERO,
    errors: [err('EPERM', 'SIG.KILL.PERM')],
    support: 'implemented',
    note: 'Can terminate the caller itself when it names its own pid.',
    clauses: [
      'SIG.KILL.PROBE', 'SIG.KILL.RETURN', 'SIG.KILL.DEFAULT', 'SIG.KILL.PERM', 'SIG.KILL.NOSUCH', 'SIG.KILL.NOGROUPS', 'SIG.KILL.SELF',
      'SIG.DELIVER.WHEN', 'SIG.DELIVER.THREAD', 'SIG.DELIVER.FRAME', 'SIG.DEFAULT.ACTION', 'SIG.IGN.DISCARD', 'SIG.PENDING.COALESCE', 'SIG.NUMBERS',
    ],
  }),
  defineSyscall({
    nr: 11, name: 'getpid', family: 'process',
    args: [],
    ret: { kind: 'value', what: 'process id', failure: { kind: 'never' } },
    errors: [],
    support: 'implemented',
    note: 'The same in every thread of a process.',
    clauses: ['PROC.GETPID', 'PROC.PID.ALLOC', 'THR.GETPID'],
  }),
  defineSyscall({
    nr: 12, name: 'spawn', family: 'process',
    args: [arg('path', path()), arg('argv', argv(true), 'NULL: empty argument vector')],
    ret: { kind: 'status' },
    errors: [
      err('ENAMETOOLONG', 'FS.PATH.NAMEMAX'), err('ENOTDIR', 'FS.PATH.TRAILSLASH'), ...EXEC_ERRORS,
      err('EAGAIN', 'PROC.TABLE.FULL'),
    ],
    support: 'implemented',
    blocking: true,
    note: 'Synchronous: runs the child to completion and reaps it.',
    clauses: [
      'PROC.SPAWN.SYNC', 'PROC.SPAWN.STDIO', 'PROC.SPAWN.STATUS', 'PROC.EXEC.NOENT', 'PROC.EXEC.NOEXEC', 'PROC.SPAWN.REAPED', 'PROC.SPAWN.CWD', 'PROC.SPAWN.IDENTITY',
      'PROC.ENTRY.REGS', 'PROC.ENTRY.STACK', 'PROC.EXEC.NOENV', 'SEC.SPAWNCAP.NOTENFORCED',
      'PROC.SPAWN.INTR', 'PROC.SPAWN.SIGNALS', 'PROC.SPAWN.STDIO.COPY', 'PROC.EXEC.ORDER', 'SEC.SETUID.EXEC', 'SEC.SETUID.IDENTITY', 'SEC.SETUID.TMPFS',
    ],
  }),
  defineSyscall({
    nr: 13, name: 'waitpid', family: 'process',
    args: [
      arg('pid', pid(
        { positive: 'that child', 'minus-one': 'any child', zero: 'any child (there are no process groups)' },
        'ECHILD', 'PROC.WAIT.NONCHILD',
      )),
      arg('status', struct('out', 'int32', true), 'NULL: do not report'),
      arg('options', flags('WAIT_OPTIONS')),
    ],
    ret: { kind: 'pid', note: '0 with WNOHANG when no matching child has exited yet' },
    errors: [],
    support: 'implemented',
    blocking: true,
    note: '',
    clauses: [
      'PROC.WAIT.REAP', 'PROC.WAIT.NONCHILD', 'PROC.WAIT.ANY', 'PROC.WAIT.STATUS', 'PROC.WAIT.WNOHANG', 'PROC.WAIT.THREADS',
      'PROC.WAIT.ZOMBIE', 'PROC.WAIT.NOGROUPS', 'PROC.WAIT.STATUS.SEED', 'PROC.WAIT.EXITCODE',
    ],
  }),
  defineSyscall({
    nr: 20, name: 'fork', family: 'process',
    args: [],
    ret: { kind: 'pid', note: '0 in the child' },
    errors: [err('EAGAIN', 'PROC.TABLE.FULL'), err('ENOMEM', 'PROC.FORK.NOMEM')],
    support: 'implemented',
    note: 'Kept for compatibility; the child inherits the whole handle table.',
    clauses: [
      'PROC.FORK.RETURN', 'PROC.FORK.HANDLES', 'PROC.FORK.MEMORY', 'PROC.FORK.THREADS', 'PROC.FORK.SIGNALS',
      'PROC.FORK.IDENTITY', 'PROC.FORK.PARENT', 'PROC.PID.ALLOC', 'FD.INHERIT.FORK',
    ],
  }),
  defineSyscall({
    nr: 21, name: 'execve', family: 'process',
    args: [arg('path', path()), arg('argv', argv(true)), arg('envp', argv(true), 'NULL: empty environment')],
    ret: { kind: 'noreturn', failureReturns: true },
    errors: [err('ENAMETOOLONG', 'FS.PATH.NAMEMAX'), err('ENOTDIR', 'FS.PATH.TRAILSLASH'), ...EXEC_ERRORS],
    support: 'implemented',
    note: 'On success the new image starts at its entry point with argv/envp copied to a fresh stack.',
    clauses: [
      'PROC.EXEC.REPLACE', 'PROC.EXEC.ENV', 'PROC.EXEC.CLOEXEC', 'PROC.EXEC.SIGNALS', 'PROC.EXEC.THREADS', 'PROC.EXEC.PID',
      'PROC.EXEC.FAILSAFE', 'PROC.ENTRY.REGS', 'PROC.ENTRY.STACK', 'PROC.ENTRY.AUXV', 'SEC.SETUID.EXEC', 'MM.WX.ELF',
      'PROC.EXEC.ORDER', 'PROC.EXEC.THREADID', 'SEC.SETUID.IDENTITY', 'SEC.SETUID.TMPFS', 'SEC.SPAWNCAP.NOTENFORCED',
    ],
  }),
  defineSyscall({
    nr: 58, name: 'spawn_handles', family: 'process',
    args: [
      arg('path', path()),
      arg('argv', argv(true)),
      arg('specs', array('in', 'spawn_handle', 'count', true)),
      arg('count', length('records', { max: 512 })),
    ],
    ret: { kind: 'status' },
    errors: [
      err('ENAMETOOLONG', 'FS.PATH.NAMEMAX'), err('ENOTDIR', 'FS.PATH.TRAILSLASH'),
      ...EXEC_ERRORS, err('EAGAIN', 'PROC.TABLE.FULL'), err('EBADF', 'PROC.SPAWNH.BADFD'),
      err('EACCES', 'PROC.SPAWNH.TRANSFER'), err('EINVAL', 'PROC.SPAWNH.FLAGS'), err('EINVAL', 'PROC.SPAWNH.DUPTARGET'),
    ],
    support: 'implemented',
    blocking: true,
    note: 'Synchronous like spawn; the child starts with exactly the listed handles.',
    clauses: [
      'PROC.SPAWNH.EMPTY', 'PROC.SPAWNH.ATTENUATE', 'PROC.SPAWNH.COPY', 'PROC.SPAWNH.CLOEXEC', 'PROC.SPAWNH.BADFD',
      'PROC.SPAWNH.TRANSFER', 'PROC.SPAWNH.FLAGS', 'PROC.SPAWNH.DUPTARGET', 'PROC.SPAWNH.VALIDATEFIRST',
      'PROC.SPAWN.SYNC', 'PROC.SPAWN.STATUS', 'PROC.SPAWN.REAPED', 'PROC.SPAWN.INTR', 'PROC.SPAWNH.ORDER', 'PROC.EXEC.ORDER', 'PROC.EXEC.NOENV',
      'PROC.SPAWN.SIGNALS', 'PROC.SPAWN.CWD', 'PROC.SPAWN.IDENTITY',
    ],
  }),
  defineSyscall({
    nr: 76, name: 'sigreturn', family: 'process',
    args: [],
    ret: { kind: 'noreturn', failureReturns: false },
    errors: [],
    support: 'implemented',
    note: 'Restores the registers saved in the signal frame at SP; x0 becomes the saved x0.',
    clauses: ['SIG.RETURN.RESTORE', 'SIG.RETURN.BADFRAME', 'SIG.FRAME.LAYOUT', 'SIG.FRAME.ENTRY'],
  }),
  defineSyscall({
    nr: 98, name: 'spawn_handles_async', family: 'process',
    args: [
      arg('path', path()),
      arg('argv', argv(true)),
      arg('specs', array('in', 'spawn_handle', 'count', true)),
      arg('count', length('records', { max: 512 })),
    ],
    ret: { kind: 'pid', note: 'never 0' },
    errors: [
      err('ENAMETOOLONG', 'FS.PATH.NAMEMAX'), err('ENOTDIR', 'FS.PATH.TRAILSLASH'),
      ...EXEC_ERRORS, err('EAGAIN', 'PROC.TABLE.FULL'), err('EBADF', 'PROC.SPAWNH.BADFD'),
      err('EACCES', 'PROC.SPAWNH.TRANSFER'), err('EINVAL', 'PROC.SPAWNH.FLAGS'), err('EINVAL', 'PROC.SPAWNH.DUPTARGET'),
    ],
    support: 'implemented',
    note: 'Returns at once; reap the child with waitpid.',
    clauses: [
      'PROC.SPAWNH.ASYNC', 'PROC.SPAWNH.EMPTY', 'PROC.SPAWNH.ATTENUATE', 'PROC.SPAWNH.VALIDATEFIRST', 'PROC.WAIT.REAP',
      'PROC.SPAWNH.COPY', 'PROC.SPAWNH.CLOEXEC', 'PROC.SPAWNH.ORDER', 'PROC.EXEC.ORDER', 'PROC.EXEC.NOENV', 'PROC.SPAWN.SIGNALS', 'PROC.SPAWN.CWD', 'PROC.SPAWN.IDENTITY',
    ],
  }),
];
