// Network sockets, DNS resolve and network status (not implemented by the reference kernel yet).

import type { CapabilityGate, SyscallRow } from '../types.js';
import { arg, buffer, count, defineSyscall, enumOf, err, fd, fdRet, int, length, name, struct, ZERO } from './helpers.js';

const NET_CAP: CapabilityGate = { cap: 'capNet', errno: 'EACCES', clause: 'NET.CAP' };

function socketFd(rights: readonly ('READ' | 'WRITE')[]) {
  return fd(['socket'], rights, { wrongKind: 'ENOTSOCK' });
}

export const NET_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 38, name: 'socket', family: 'net',
    args: [
      arg('domain', enumOf('ADDRESS_FAMILIES')),
      arg('type', enumOf('SOCKET_TYPES')),
      arg('proto', enumOf('IP_PROTOCOLS')),
    ],
    ret: fdRet('socket'),
    errors: [err('EMFILE', 'FD.TABLE.FULL'), err('ENOMEM', 'NET.NOMEM')],
    support: 'not-implemented',
    capability: NET_CAP,
    note: 'SOCK_STREAM is TCP, SOCK_DGRAM is UDP.',
    clauses: ['NET.SOCKET.CREATE', 'NET.CAP', 'NET.HOSTORDER'],
  }),
  defineSyscall({
    nr: 39, name: 'bind', family: 'net',
    args: [arg('fd', socketFd(['WRITE'])), arg('port', int('port', { min: 0, max: 65535 }))],
    ret: ZERO,
    errors: [err('EADDRINUSE', 'NET.BIND.INUSE')],
    support: 'not-implemented',
    note: 'Binds a local port.',
    clauses: ['NET.BIND.PORT', 'NET.BIND.INUSE'],
  }),
  defineSyscall({
    nr: 40, name: 'sendto', family: 'net',
    args: [arg('fd', socketFd(['WRITE'])), arg('msg', struct('in', 'udp_msg'), 'udp_msg_v6 on AF_INET6 sockets')],
    ret: count('bytes sent'),
    errors: [err('EINVAL', 'NET.UDP.ONLY'), err('EHOSTUNREACH', 'NET.UNREACH'), err('ENETDOWN', 'NET.DOWN')],
    support: 'not-implemented',
    note: '',
    clauses: ['NET.UDP.SEND', 'NET.UDP.V6', 'NET.UDP.ONLY', 'NET.HOSTORDER'],
  }),
  defineSyscall({
    nr: 41, name: 'recvfrom', family: 'net',
    args: [arg('fd', socketFd(['READ'])), arg('msg', struct('inout', 'udp_msg'), 'udp_msg_v6 on AF_INET6 sockets')],
    ret: count('bytes received'),
    errors: [err('EINVAL', 'NET.UDP.ONLY'), err('ETIMEDOUT', 'NET.RECV.TIMEOUT'), err('EAGAIN', 'FD.NONBLOCK.EAGAIN')],
    support: 'not-implemented',
    blocking: true,
    note: 'Fills len, ip and port of the record with the datagram\'s size and source.',
    clauses: ['NET.UDP.RECV', 'NET.UDP.V6', 'NET.RECV.TIMEOUT', 'NET.HOSTORDER'],
  }),
  defineSyscall({
    nr: 42, name: 'listen', family: 'net',
    args: [arg('fd', socketFd(['WRITE'])), arg('backlog', int('backlog', { min: 0 }))],
    ret: ZERO,
    errors: [err('EINVAL', 'NET.TCP.ONLY')],
    support: 'not-implemented',
    note: '',
    clauses: ['NET.TCP.LISTEN'],
  }),
  defineSyscall({
    nr: 43, name: 'accept', family: 'net',
    args: [arg('fd', socketFd(['READ']))],
    ret: fdRet('socket'),
    errors: [err('EINVAL', 'NET.ACCEPT.NOTLISTENING'), err('EAGAIN', 'FD.NONBLOCK.EAGAIN'), err('ETIMEDOUT', 'NET.RECV.TIMEOUT'), err('EMFILE', 'FD.TABLE.FULL')],
    support: 'not-implemented',
    blocking: true,
    note: 'The connection handle inherits O_NONBLOCK from the listener.',
    clauses: ['NET.TCP.ACCEPT', 'NET.ACCEPT.NOTLISTENING'],
  }),
  defineSyscall({
    nr: 44, name: 'connect', family: 'net',
    args: [
      arg('fd', socketFd(['WRITE'])),
      arg('ip', int('ipv4', { signed: false }), 'host order'),
      arg('port', int('port', { min: 1, max: 65535 })),
    ],
    ret: ZERO,
    errors: [err('ECONNREFUSED', 'NET.CONNECT.REFUSED'), err('ETIMEDOUT', 'NET.RECV.TIMEOUT'), err('EHOSTUNREACH', 'NET.UNREACH')],
    support: 'not-implemented',
    blocking: true,
    note: 'TCP active open.',
    clauses: ['NET.TCP.CONNECT', 'NET.HOSTORDER'],
  }),
  defineSyscall({
    nr: 45, name: 'resolve', family: 'net',
    args: [
      arg('name', name(255)),
      arg('server_ip', int('ipv4', { signed: false }), 'host order'),
      arg('server_port', int('port', { min: 0, max: 65535 }), '0: default DNS port'),
    ],
    ret: { kind: 'value', what: 'host-order IPv4 address', failure: { kind: 'sentinel', value: '0' } },
    errors: [],
    support: 'not-implemented',
    capability: NET_CAP,
    note: 'Failure (including a missing capNet) returns 0 and no errno.',
    clauses: ['NET.RESOLVE.VALUE', 'NET.RESOLVE.FAIL', 'NET.HOSTORDER'],
  }),
  defineSyscall({
    nr: 83, name: 'netinfo', family: 'net',
    args: [arg('buffer', buffer('out', 'capacity')), arg('capacity', length('bytes', { min: 56 }))],
    ret: ZERO,
    errors: [],
    support: 'not-implemented',
    capability: NET_CAP,
    note: 'Writes one 56-byte netinfo record.',
    clauses: ['NET.NETINFO.SNAPSHOT', 'NET.NETINFO.CAP', 'NET.NETINFO.FLAGS'],
  }),
  defineSyscall({
    nr: 89, name: 'recv', family: 'net',
    args: [arg('fd', socketFd(['READ'])), arg('buf', buffer('out', 'len', true)), arg('len', length('bytes'))],
    ret: count('bytes peeked'),
    errors: [err('EINVAL', 'NET.RECV.PEEKONLY'), err('EAGAIN', 'FD.NONBLOCK.EAGAIN')],
    support: 'not-implemented',
    blocking: true,
    note: 'MSG_PEEK on a TCP socket: returns buffered bytes without consuming them.',
    clauses: ['NET.RECV.PEEK', 'NET.RECV.PEEKONLY'],
  }),
];
