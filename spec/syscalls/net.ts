// Network sockets, DNS resolve and network status, on the reference machine's simulated network (NET.MACHINE).

import type { CapabilityGate, SyscallRow } from '../types.js';
import { arg, buffer, count, defineSyscall, enumOf, err, fd, fdRet, int, length, name, struct, ZERO } from './helpers.js';

const NET_CAP: CapabilityGate = { cap: 'capNet', errno: 'EACCES', clause: 'NET.CAP' };
const NETINFO_CAP: CapabilityGate = { cap: 'capNet', errno: 'EACCES', clause: 'NET.NETINFO.CAP' };

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
    errors: [err('EINVAL', 'NET.SOCKET.PROTO'), err('ENETDOWN', 'NET.DOWN'), err('ENOMEM', 'NET.NOMEM'), err('EMFILE', 'FD.TABLE.FULL')],
    capability: NET_CAP,
    support: 'implemented',
    note: 'SOCK_STREAM is TCP, SOCK_DGRAM is UDP; proto 0 picks the type\'s protocol.',
    clauses: ['NET.SOCKET.CREATE', 'NET.SOCKET.PROTO', 'NET.CAP', 'NET.MACHINE', 'NET.DOWN', 'NET.NOMEM'],
  }),
  defineSyscall({
    nr: 39, name: 'bind', family: 'net',
    args: [arg('fd', socketFd(['WRITE'])), arg('port', int('port', { min: 0, max: 65535 }))],
    ret: ZERO,
    errors: [err('EINVAL', 'NET.BIND.ONCE'), err('EADDRINUSE', 'NET.BIND.INUSE')],
    support: 'implemented',
    note: 'Binds a local port; 0 picks the lowest free ephemeral port.',
    clauses: ['NET.BIND.PORT', 'NET.BIND.INUSE', 'NET.BIND.ONCE', 'NET.HOSTORDER'],
  }),
  defineSyscall({
    nr: 40, name: 'sendto', family: 'net',
    args: [arg('fd', socketFd(['WRITE'])), arg('msg', struct('in', 'udp_msg'), 'udp_msg_v6 on AF_INET6 sockets')],
    ret: count('bytes sent'),
    errors: [err('EINVAL', 'NET.UDP.SIZE'), err('EINVAL', 'NET.UDP.ONLY'), err('EHOSTUNREACH', 'NET.UNREACH')],
    support: 'implemented',
    note: 'Returns len whether or not a socket receives the datagram.',
    clauses: ['NET.UDP.SEND', 'NET.UDP.V6', 'NET.UDP.SIZE', 'NET.UDP.ONLY', 'NET.UDP.DELIVER', 'NET.UNREACH', 'NET.BIND.PORT', 'NET.HOSTORDER'],
  }),
  defineSyscall({
    nr: 41, name: 'recvfrom', family: 'net',
    args: [arg('fd', socketFd(['READ'])), arg('msg', struct('inout', 'udp_msg'), 'udp_msg_v6 on AF_INET6 sockets')],
    ret: count('bytes received'),
    errors: [err('EINVAL', 'NET.UDP.ONLY'), err('EAGAIN', 'FD.NONBLOCK.EAGAIN'), err('ETIMEDOUT', 'NET.RECV.TIMEOUT')],
    blocking: true,
    support: 'implemented',
    note: 'Fills len, ip and port of the record with the bytes copied and the datagram\'s source.',
    clauses: ['NET.UDP.RECV', 'NET.UDP.V6', 'NET.UDP.SIZE', 'NET.UDP.TRUNC', 'NET.UDP.ONLY', 'NET.RECV.TIMEOUT', 'NET.HOSTORDER'],
  }),
  defineSyscall({
    nr: 42, name: 'listen', family: 'net',
    args: [arg('fd', socketFd(['WRITE'])), arg('backlog', int('backlog', { min: 0 }))],
    ret: ZERO,
    errors: [err('EINVAL', 'NET.TCP.ONLY'), err('EINVAL', 'NET.TCP.STATE')],
    support: 'implemented',
    note: 'Binds an ephemeral port first when the socket has none.',
    clauses: ['NET.TCP.LISTEN', 'NET.TCP.BACKLOG', 'NET.TCP.ONLY', 'NET.TCP.STATE', 'NET.BIND.PORT'],
  }),
  defineSyscall({
    nr: 43, name: 'accept', family: 'net',
    args: [arg('fd', socketFd(['READ']))],
    ret: fdRet('socket'),
    errors: [err('EINVAL', 'NET.ACCEPT.NOTLISTENING'), err('EAGAIN', 'FD.NONBLOCK.EAGAIN'), err('ETIMEDOUT', 'NET.RECV.TIMEOUT'), err('EMFILE', 'FD.TABLE.FULL')],
    blocking: true,
    support: 'implemented',
    note: 'The connection handle inherits O_NONBLOCK from the listener.',
    clauses: ['NET.TCP.ACCEPT', 'NET.ACCEPT.NOTLISTENING', 'NET.TCP.BACKLOG', 'NET.RECV.TIMEOUT'],
  }),
  defineSyscall({
    nr: 44, name: 'connect', family: 'net',
    args: [
      arg('fd', socketFd(['WRITE'])),
      arg('ip', int('ipv4', { signed: false }), 'host order'),
      arg('port', int('port', { min: 1, max: 65535 })),
    ],
    ret: ZERO,
    errors: [
      err('EINVAL', 'NET.TCP.ONLY'), err('EINVAL', 'NET.TCP.STATE'), err('EHOSTUNREACH', 'NET.UNREACH'), err('ECONNREFUSED', 'NET.CONNECT.REFUSED'),
      err('EAGAIN', 'FD.NONBLOCK.EAGAIN'), err('ETIMEDOUT', 'NET.RECV.TIMEOUT'), err('ENOMEM', 'NET.NOMEM'),
    ],
    blocking: true,
    support: 'implemented',
    note: 'TCP active open; waits only while the listener\'s backlog is full.',
    clauses: ['NET.TCP.CONNECT', 'NET.TCP.BACKLOG', 'NET.CONNECT.REFUSED', 'NET.UNREACH', 'NET.TCP.ONLY', 'NET.TCP.STATE', 'NET.RECV.TIMEOUT', 'NET.NOMEM', 'NET.BIND.PORT', 'NET.HOSTORDER'],
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
    capability: NET_CAP,
    support: 'implemented',
    note: 'Failure (including a missing capNet or an unreadable name) returns 0 and no errno.',
    clauses: ['NET.RESOLVE.VALUE', 'NET.RESOLVE.FAIL', 'NET.RESOLVE.NAMES', 'NET.RESOLVE.ERRORS', 'NET.CAP', 'NET.DOWN', 'NET.HOSTORDER'],
  }),
  defineSyscall({
    nr: 83, name: 'netinfo', family: 'net',
    args: [arg('buffer', buffer('out', 'capacity')), arg('capacity', length('bytes', { min: 56 }))],
    ret: ZERO,
    errors: [],
    capability: NETINFO_CAP,
    support: 'implemented',
    note: 'Writes one 56-byte netinfo record.',
    clauses: ['NET.NETINFO.SNAPSHOT', 'NET.NETINFO.CAP', 'NET.NETINFO.FLAGS', 'NET.MACHINE', 'NET.DOWN'],
  }),
  defineSyscall({
    nr: 89, name: 'recv', family: 'net',
    args: [arg('fd', socketFd(['READ'])), arg('buf', buffer('out', 'len', true)), arg('len', length('bytes'))],
    ret: count('bytes peeked'),
    errors: [err('EINVAL', 'NET.RECV.PEEKONLY'), err('EAGAIN', 'FD.NONBLOCK.EAGAIN'), err('ETIMEDOUT', 'NET.RECV.TIMEOUT')],
    blocking: true,
    support: 'implemented',
    note: 'MSG_PEEK on a TCP socket: returns buffered bytes without consuming them.',
    clauses: ['NET.RECV.PEEK', 'NET.RECV.PEEKONLY', 'NET.RECV.TIMEOUT', 'NET.TCP.CLOSE'],
  }),
];
