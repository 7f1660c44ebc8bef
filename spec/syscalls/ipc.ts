// Pipes, local socket pairs, IPC endpoints, the name registry and shared-memory rings.

import type { SyscallRow } from '../types.js';
import { arg, count, defineSyscall, err, fd, fdRet, flags, int, length, name, struct, ZERO } from './helpers.js';

const SEND_END = fd(['endpoint'], ['WRITE', 'TRANSFER'], { wrongKind: 'EINVAL', endpointEnd: 'send' });
const RECV_END = fd(['endpoint'], ['READ'], { wrongKind: 'EINVAL', endpointEnd: 'recv' });

const XFER_ERRORS = [
  err('EBADF', 'IPC.XFER.BADFD'), err('EACCES', 'IPC.XFER.RIGHTS'), err('EINVAL', 'IPC.XFER.SELF'),
  err('EINVAL', 'IPC.MSG.TOOBIG'),
] as const;

export const IPC_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 25, name: 'pipe', family: 'ipc',
    args: [arg('fds', struct('out', 'fd_pair'), 'fds[0] read end, fds[1] write end')],
    ret: ZERO,
    errors: [err('EMFILE', 'FD.TABLE.FULL'), err('ENOMEM', 'FD.PIPE.NOMEM')],
    support: 'implemented',
    note: 'Both ends are the lowest free handle numbers, read end first.',
    clauses: ['FD.PIPE.ENDS', 'FD.PIPE.RIGHTS', 'FD.PIPE.EOF', 'FD.PIPE.EPIPE', 'FD.PIPE.CAPACITY', 'FD.PIPE.ORDER'],
  }),
  defineSyscall({
    nr: 51, name: 'endpoint_create', family: 'ipc',
    args: [arg('ends', struct('out', 'fd_pair'), 'ends[0] send end, ends[1] recv end')],
    ret: ZERO,
    errors: [err('EMFILE', 'FD.TABLE.FULL'), err('ENOMEM', 'IPC.ENDPOINT.NOMEM')],
    support: 'implemented',
    note: '',
    clauses: ['IPC.ENDPOINT.CREATE', 'IPC.ENDPOINT.RIGHTS', 'IPC.ENDPOINT.SLOT'],
  }),
  defineSyscall({
    nr: 52, name: 'ipc_send', family: 'ipc',
    args: [arg('fd', SEND_END), arg('msg', struct('in', 'ipc_send_msg'))],
    ret: ZERO,
    errors: [err('EPIPE', 'IPC.SEND.NORECEIVER'), err('EAGAIN', 'IPC.SEND.BUSY'), ...XFER_ERRORS],
    support: 'implemented',
    note: 'Never blocks: a full slot fails EAGAIN.',
    clauses: [
      'IPC.SEND.BYTES', 'IPC.SEND.RIGHT', 'IPC.SEND.BUSY', 'IPC.SEND.NORECEIVER', 'IPC.XFER.MOVE', 'IPC.XFER.ATTENUATE',
      'IPC.XFER.INHERIT', 'IPC.XFER.IGNORED', 'IPC.XFER.RIGHTS', 'IPC.XFER.SELF', 'IPC.XFER.BADFD', 'IPC.MSG.TOOBIG',
      'IPC.BADGE.CARRY', 'IPC.SEND.ATOMIC',
    ],
  }),
  defineSyscall({
    nr: 53, name: 'ipc_recv', family: 'ipc',
    args: [arg('fd', RECV_END), arg('msg', struct('in', 'ipc_recv_msg'))],
    ret: count('bytes copied'),
    errors: [err('EPIPE', 'IPC.RECV.EOF'), err('EACCES', 'IPC.RECV.TRANSFER'), err('EMFILE', 'FD.TABLE.FULL')],
    support: 'implemented',
    blocking: true,
    note: 'Blocks until a message arrives or every send end is closed.',
    clauses: [
      'IPC.RECV.BLOCK', 'IPC.RECV.RIGHT', 'IPC.RECV.TRUNCATE', 'IPC.RECV.HANDLE', 'IPC.RECV.NOHANDLE', 'IPC.RECV.TRANSFER',
      'IPC.RECV.EOF', 'IPC.BADGE.REPORT', 'IPC.BADGE.NULL', 'SIG.INTR',
    ],
  }),
  defineSyscall({
    nr: 78, name: 'socketpair', family: 'ipc',
    args: [arg('fds', struct('out', 'fd_pair')), arg('flags', flags('SOCKETPAIR_FLAGS'))],
    ret: ZERO,
    errors: [err('EMFILE', 'FD.TABLE.FULL'), err('ENOMEM', 'FD.PIPE.NOMEM')],
    support: 'implemented',
    note: 'A full-duplex local pair over two pipe queues; both ends are `pipe` handles with READ and WRITE.',
    clauses: ['IPC.SOCKETPAIR.DUPLEX', 'IPC.SOCKETPAIR.FLAGS', 'IPC.SOCKETPAIR.HUP', 'IPC.SOCKETPAIR.NOTLINUX', 'FD.PIPE.EOF'],
  }),
  defineSyscall({
    nr: 91, name: 'ipc_call', family: 'ipc',
    args: [arg('fd', SEND_END), arg('msg', struct('in', 'ipc_call_msg'))],
    ret: count('reply bytes copied'),
    errors: [
      err('EPIPE', 'IPC.SEND.NORECEIVER'),
      err('EPIPE', 'IPC.CALL.NOSERVER'), err('EAGAIN', 'IPC.SEND.BUSY'), err('ENOSPC', 'IPC.CALL.NOPORT'),
      err('EMFILE', 'FD.TABLE.FULL'), ...XFER_ERRORS,
    ],
    support: 'implemented',
    blocking: true,
    note: 'Send a request and block for its reply on a transient kernel reply port.',
    clauses: [
      'IPC.CALL.SEND', 'IPC.CALL.BLOCK', 'IPC.CALL.REPLY', 'IPC.CALL.NOSERVER', 'IPC.CALL.NOPORT', 'IPC.CALL.MODEL',
      'IPC.XFER.MOVE', 'IPC.XFER.RIGHTS', 'SIG.INTR',
    ],
  }),
  defineSyscall({
    nr: 92, name: 'ipc_reply_recv', family: 'ipc',
    args: [arg('fd', RECV_END), arg('msg', struct('in', 'ipc_reply_recv_msg'))],
    ret: count('request bytes copied'),
    errors: [
      err('EINVAL', 'IPC.REPLY.OWNENDPOINT'),
      err('EINVAL', 'IPC.REPLY.STALE'), err('EPIPE', 'IPC.RECV.EOF'), err('EACCES', 'IPC.RECV.TRANSFER'),
      err('EMFILE', 'FD.TABLE.FULL'), ...XFER_ERRORS,
    ],
    support: 'implemented',
    blocking: true,
    note: 'Reply to the previous request (unless reply_port is 0), then receive the next one.',
    clauses: [
      'IPC.REPLY.FIRST', 'IPC.REPLY.TOKEN', 'IPC.REPLY.STALE', 'IPC.REPLY.OWNENDPOINT', 'IPC.REPLY.PLAINSEND',
      'IPC.RECV.BLOCK', 'IPC.RECV.EOF', 'IPC.CALL.MODEL', 'SIG.INTR',
    ],
  }),
  defineSyscall({
    nr: 93, name: 'ipc_badge', family: 'ipc',
    args: [
      arg('fd', { ...SEND_END, rights: [] }),
      arg('badge', int('badge', { signed: false }), '0 clears'),
    ],
    ret: ZERO,
    errors: [],
    support: 'implemented',
    note: 'Stamps the badge on this handle only; it travels with the handle.',
    clauses: ['IPC.BADGE.STAMP', 'IPC.BADGE.SENDONLY', 'IPC.BADGE.CARRY', 'IPC.BADGE.DEFAULT'],
  }),
  defineSyscall({
    nr: 99, name: 'name_register', family: 'ipc',
    args: [arg('name', name(15)), arg('endpoint_fd', RECV_END)],
    ret: ZERO,
    errors: [err('ENOSPC', 'IPC.NAME.FULL')],
    support: 'implemented',
    capability: { cap: 'capConsole', errno: 'EACCES', clause: 'IPC.NAME.CAP' },
    note: 'Publishes a recv end; the registry keeps the endpoint alive.',
    clauses: ['IPC.NAME.REGISTER', 'IPC.NAME.CAP', 'IPC.NAME.PIN', 'IPC.NAME.REPLACE', 'IPC.NAME.FULL'],
  }),
  defineSyscall({
    nr: 100, name: 'name_lookup', family: 'ipc',
    args: [arg('name', name(15))],
    ret: fdRet('endpoint'),
    errors: [err('ENOENT', 'IPC.NAME.UNKNOWN'), err('EMFILE', 'FD.TABLE.FULL')],
    support: 'implemented',
    note: 'Grants a fresh send end (WRITE|TRANSFER); needs no capability.',
    clauses: ['IPC.NAME.LOOKUP', 'IPC.NAME.UNKNOWN', 'IPC.NAME.SENDONLY'],
  }),
  defineSyscall({
    nr: 102, name: 'shmring_create', family: 'ipc',
    args: [arg('pages', length('pages', { min: 2, max: 8 }), 'even')],
    ret: { kind: 'id', what: 'channel id' },
    errors: [err('EINVAL', 'SHM.PAGES.EVEN'), err('ENOMEM', 'SHM.NOMEM')],
    support: 'implemented',
    capability: { cap: 'capNet', errno: 'EACCES', clause: 'SHM.CAP' },
    note: 'Ids are slots of a machine-wide table of SHMRING_MAX channels (SHM.ID.ALLOC).',
    clauses: ['SHM.CREATE', 'SHM.PAGES.EVEN', 'SHM.CAP', 'SHM.LAYOUT', 'SHM.LAYOUT.HEADER', 'SHM.LIFETIME', 'SHM.ID.ALLOC', 'SHM.NOMEM'],
  }),
  defineSyscall({
    nr: 103, name: 'shmring_map', family: 'ipc',
    args: [arg('id', int('id', { min: 0 }))],
    ret: { kind: 'value', what: 'base address', failure: { kind: 'neg-errno-range' } },
    errors: [err('EINVAL', 'SHM.ID.UNKNOWN'), err('ENOENT', 'SHM.ID.STALE'), err('ENOMEM', 'MM.MMAP.NOSPACE')],
    support: 'implemented',
    note: 'Maps the channel\'s pages read/write, never executable; each mapping holds a reference to the pages.',
    clauses: ['SHM.MAP', 'SHM.LIFETIME', 'SHM.ID.UNKNOWN', 'SHM.ID.STALE', 'SHM.FORK', 'SHM.NOEXEC'],
  }),
  defineSyscall({
    nr: 104, name: 'shmring_close', family: 'ipc',
    args: [arg('id', int('id', { min: 0 }))],
    ret: ZERO,
    errors: [err('EINVAL', 'SHM.ID.UNKNOWN'), err('ENOENT', 'SHM.ID.STALE'), err('EPERM', 'SHM.CLOSE.CREATOR')],
    support: 'implemented',
    note: 'Drops the creator\'s base reference and frees the id; mappings keep the pages.',
    clauses: ['SHM.CLOSE', 'SHM.LIFETIME', 'SHM.CLOSE.CREATOR', 'SHM.ID.UNKNOWN', 'SHM.ID.STALE'],
  }),
];
