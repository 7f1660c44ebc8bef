// Threads, futexes and event counters.

import type { SyscallRow } from '../types.js';
import { addr, arg, defineSyscall, enumOf, err, fdRet, flags, int } from './helpers.js';

export const SYNC_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 48, name: 'thread_create', family: 'sync',
    args: [
      arg('entry', addr('code', { align: 4 }), 'called as entry(arg)'),
      arg('arg', int('arg', { signed: false, bits: 64 }), 'delivered in x0'),
      arg('stack_top', addr('stack-top', { align: 16 }), 'initial SP'),
    ],
    ret: { kind: 'id', what: 'thread id' },
    errors: [err('EFAULT', 'THR.CREATE.ENTRY'), err('EFAULT', 'THR.CREATE.STACK'), err('EAGAIN', 'PROC.TABLE.FULL'), err('ENOMEM', 'THR.CREATE.NOMEM')],
    support: 'implemented',
    note: 'The thread shares the address space and handle table; it must end with exit.',
    clauses: [
      'THR.CREATE.SHARE', 'THR.CREATE.REGS', 'THR.CREATE.ENTRY', 'THR.CREATE.STACK', 'THR.CREATE.ID', 'THR.EXIT.THREAD',
      'THR.RETURN.FAULT', 'THR.HANDLES.SHARED',
    ],
  }),
  defineSyscall({
    nr: 49, name: 'futex', family: 'sync',
    args: [
      arg('uaddr', addr('futex-word', { align: 4 })),
      arg('op', enumOf('FUTEX_OPS', 'EINVAL', 'FUTEX_MODIFIERS')),
      arg('val', int('value', { signed: false })),
    ],
    ret: { kind: 'op-specific', note: 'WAIT: 0; WAKE: number of threads woken' },
    errors: [err('EFAULT', 'THR.FUTEX.FAULT')],
    support: 'implemented',
    blocking: true,
    note: 'No timeouts.',
    clauses: ['THR.FUTEX.WAIT', 'THR.FUTEX.MISMATCH', 'THR.FUTEX.WAKE', 'THR.FUTEX.ORDER', 'THR.FUTEX.PRIVATE', 'THR.FUTEX.KEY', 'THR.FUTEX.FAULT', 'SIG.INTR'],
  }),
  defineSyscall({
    nr: 71, name: 'eventfd', family: 'sync',
    args: [arg('initval', int('initval', { signed: false })), arg('flags', flags('EVENTFD_FLAGS'))],
    ret: fdRet('eventfd'),
    errors: [err('EMFILE', 'FD.TABLE.FULL'), err('ENOMEM', 'EVT.NOMEM')],
    support: 'implemented',
    note: 'SwiftOS syscall 71, not the Linux eventfd2 ABI.',
    clauses: [
      'EVT.CREATE', 'EVT.FLAGS', 'EVT.READ.COUNTER', 'EVT.READ.SEMAPHORE', 'EVT.READ.EMPTY', 'EVT.READ.SHORT', 'EVT.WRITE.ADD',
      'EVT.WRITE.INVALID', 'EVT.WRITE.OVERFLOW', 'FD.POLL.EVENTFD', 'EVT.FSTAT',
    ],
  }),
];
