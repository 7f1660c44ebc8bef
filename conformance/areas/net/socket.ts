// socket creation: the domain × type × proto table (NET.SOCKET.CREATE, NET.SOCKET.PROTO), the
// capability (NET.CAP, NET.NETINFO.CAP, NET.RESOLVE.ERRORS), the socket table (NET.NOMEM), the
// network being down (NET.DOWN) and a socket shared across fork.

import type { CaseDef } from '../../model.js';
import {
  AF_INET, AF_INET6, DOWN, F_GETFD, F_GETFL, fork, IPPROTO_TCP, IPPROTO_UDP, listener, LOOPBACK, msg, netCase, NETINFO,
  NO_NET, O_RDWR, reap, SOCK_DGRAM, SOCK_STREAM, socket, SOCKET_MAX,
} from './kit.js';

const DOMAINS = [['inet', AF_INET], ['inet6', AF_INET6]] as const;
const TYPES = [['stream', SOCK_STREAM], ['dgram', SOCK_DGRAM]] as const;
const PROTOS = [['default', 0], ['tcp', IPPROTO_TCP], ['udp', IPPROTO_UDP]] as const;

function createCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const [dn, d] of DOMAINS) {
    for (const [tn, t] of TYPES) {
      for (const [pn, pr] of PROTOS) {
        const valid = pr === 0 || pr === (t === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP);
        out.push(netCase({
          id: `socket/create/${dn}-${tn}-${pn}`,
          description: valid
            ? `socket(${dn}, ${tn}, ${pn}) makes a socket at the lowest free handle, O_RDWR without O_NONBLOCK or CLOEXEC`
            : `socket(${dn}, ${tn}, ${pn}) names a protocol the type does not carry: EINVAL, no handle`,
          build({ p }) {
            p.sys('socket', d, t, pr);
            if (valid) {
              p.expectEq('socket returns handle 3', ['NET.SOCKET.CREATE', 'NET.SOCKET.PROTO', 'FD.ALLOC.LOWEST'], 3);
              p.sys('fcntl', 3, F_GETFL, 0);
              p.expectEq('F_GETFL is O_RDWR', ['NET.SOCKET.PROTO', 'FD.FCNTL.GETFL.KINDS'], O_RDWR);
              p.sys('fcntl', 3, F_GETFD, 0);
              p.expectEq('F_GETFD is 0 (no CLOEXEC)', ['NET.SOCKET.PROTO', 'FD.FCNTL.FD'], 0);
            } else {
              p.expectErrno('socket fails EINVAL', ['NET.SOCKET.PROTO'], 'EINVAL');
              p.sys('dup', 0);
              p.expectEq('no handle was taken: dup returns 3', ['NET.SOCKET.PROTO', 'FD.DUP.LOWEST'], 3);
            }
          },
        }));
      }
    }
  }
  const badEnums: readonly [string, number, number, number][] = [
    ['domain-0', 0, SOCK_DGRAM, 0], ['domain-unix', 1, SOCK_STREAM, 0], ['domain-3', 3, SOCK_DGRAM, 0],
    ['type-0', AF_INET, 0, 0], ['type-raw', AF_INET, 3, 0], ['proto-icmp', AF_INET, SOCK_DGRAM, 1], ['proto-255', AF_INET6, SOCK_STREAM, 255],
  ];
  for (const [v, d, t, pr] of badEnums) {
    out.push(netCase({
      id: `socket/enum/${v}`,
      description: `socket(${d}, ${t}, ${pr}): a value outside its constant group fails EINVAL`,
      build({ p }) {
        p.sys('socket', d, t, pr);
        p.expectErrno('socket fails EINVAL', ['ABI.ENUM.UNKNOWN', 'NET.SOCKET.CREATE'], 'EINVAL');
      },
    }));
  }
  return out;
}

function capCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const has of [true, false]) {
    const boot = has ? {} : NO_NET;
    const tag = has ? 'with-capnet' : 'without-capnet';
    out.push(netCase({
      id: `socket/cap/socket-${tag}`, boot,
      description: `socket ${has ? 'with' : 'without'} capNet: ${has ? 'a handle' : 'EACCES and no handle'} (AF_INET and AF_INET6, both types)`,
      build({ p }) {
        for (const [, d] of DOMAINS) {
          for (const [tn, t] of TYPES) {
            p.sys('socket', d, t, 0);
            if (has) {
              p.expectCmp(`socket(${d}, ${tn}) returns a handle`, ['NET.CAP', 'NET.SOCKET.CREATE'], 'ge', 3);
            } else {
              p.expectErrno(`socket(${d}, ${tn}) fails EACCES`, ['NET.CAP', 'SEC.CAP.ERRNO'], 'EACCES');
            }
          }
        }
        if (!has) {
          p.sys('dup', 0);
          p.expectEq('no handle was taken: dup returns 3', ['NET.CAP', 'FD.DUP.LOWEST'], 3);
        }
      },
    }));
    out.push(netCase({
      id: `socket/cap/netinfo-${tag}`, boot,
      description: `netinfo ${has ? 'with' : 'without'} capNet: ${has ? 'the record' : 'EACCES, the buffer untouched'}`,
      build({ p }) {
        const buf = p.bytes(new Uint8Array(NETINFO.size).fill(0x5a), 8);
        p.sys('netinfo', buf, NETINFO.size);
        if (has) {
          p.expectEq('netinfo returns 0', ['NET.NETINFO.CAP', 'NET.NETINFO.SNAPSHOT'], 0);
        } else {
          p.expectErrno('netinfo fails EACCES', ['NET.NETINFO.CAP', 'SEC.CAP.ERRNO'], 'EACCES');
          p.expectMem('the buffer is untouched', ['NET.NETINFO.CAP'], buf, new Uint8Array(NETINFO.size).fill(0x5a));
        }
      },
    }));
    out.push(netCase({
      id: `socket/cap/resolve-${tag}`, boot,
      description: `resolve("localhost") ${has ? 'with capNet returns 127.0.0.1' : 'without capNet returns 0 (no errno)'}`,
      build({ p }) {
        p.sys('resolve', p.str('localhost'), 0, 0);
        if (has) p.expectEq('resolve returns 0x7f000001', ['NET.CAP', 'NET.RESOLVE.VALUE', 'NET.HOSTORDER'], LOOPBACK);
        else p.expectEq('resolve returns 0', ['NET.CAP', 'NET.RESOLVE.FAIL', 'NET.RESOLVE.ERRORS'], 0);
      },
    }));
  }
  return out;
}

function tableCases(): CaseDef[] {
  return [
    netCase({
      id: 'socket/nomem/udp-and-tcp',
      description: `${SOCKET_MAX} sockets of both types are made, the next fails ENOMEM; after a close one more can be made`,
      build({ p }) {
        for (let i = 0; i < SOCKET_MAX; i++) {
          p.sys('socket', i % 2 ? AF_INET6 : AF_INET, i % 3 ? SOCK_DGRAM : SOCK_STREAM, 0);
          p.expectEq(`socket ${i + 1} returns handle ${3 + i}`, ['NET.NOMEM', 'NET.SOCKET.CREATE', 'FD.ALLOC.LOWEST'], 3 + i);
        }
        p.sys('socket', AF_INET, SOCK_DGRAM, 0);
        p.expectErrno(`socket ${SOCKET_MAX + 1} fails ENOMEM`, ['NET.NOMEM'], 'ENOMEM');
        p.sys('dup', 0);
        p.expectEq(`no handle was taken: dup returns ${3 + SOCKET_MAX}`, ['NET.NOMEM', 'FD.DUP.LOWEST'], 3 + SOCKET_MAX);
        p.sys('close', 7);
        p.sys('socket', AF_INET, SOCK_DGRAM, 0);
        p.expectEq('after closing handle 7 socket returns 7', ['NET.NOMEM', 'FD.ALLOC.LOWEST'], 7);
      },
    }),
    netCase({
      id: 'socket/nomem/connections-count',
      description: 'the server side of a connection takes a slot: with a listener and its queued connection, 13 more sockets fill the table',
      build({ p }) {
        const l = listener(p, 9000);
        const c = socket(p, AF_INET, SOCK_STREAM);
        p.sys('connect', c, LOOPBACK, 9000);
        p.expectEq('connect returns 0', ['NET.TCP.CONNECT'], 0);
        for (let i = 0; i < SOCKET_MAX - 3; i++) p.sys('socket', AF_INET, SOCK_DGRAM, 0);
        p.expectCmp('the 16th socket is made', ['NET.NOMEM'], 'ge', 0);
        p.sys('socket', AF_INET, SOCK_DGRAM, 0);
        p.expectErrno('one more fails ENOMEM', ['NET.NOMEM'], 'ENOMEM');
        p.sys('close', l);
        p.sys('socket', AF_INET, SOCK_DGRAM, 0);
        p.expectCmp('closing the listener frees its slot and its queued connection\'s: socket works', ['NET.NOMEM', 'NET.TCP.CLOSE'], 'ge', 0);
        p.sys('socket', AF_INET, SOCK_DGRAM, 0);
        p.expectCmp('and once more', ['NET.NOMEM', 'NET.TCP.CLOSE'], 'ge', 0);
        p.sys('socket', AF_INET, SOCK_DGRAM, 0);
        p.expectErrno('then the table is full again', ['NET.NOMEM'], 'ENOMEM');
      },
    }),
    netCase({
      id: 'socket/nomem/connect',
      description: 'a connect whose server side finds the table full fails ENOMEM and leaves the client unconnected',
      build({ p }) {
        listener(p, 9000);
        for (let i = 0; i < SOCKET_MAX - 2; i++) p.sys('socket', AF_INET, SOCK_DGRAM, 0);
        const c = socket(p, AF_INET, SOCK_STREAM);
        p.sys('connect', c, LOOPBACK, 9000);
        p.expectErrno('connect fails ENOMEM', ['NET.NOMEM'], 'ENOMEM');
        p.sys('close', 4);
        p.sys('connect', c, LOOPBACK, 9000);
        p.expectEq('after a close the same socket connects', ['NET.NOMEM', 'NET.TCP.CONNECT'], 0);
      },
    }),
    netCase({
      id: 'socket/down/every-call',
      boot: DOWN,
      description: 'with the network down socket fails ENETDOWN for every domain and type, resolve returns 0 and netinfo writes zeros',
      build({ p }) {
        for (const [dn, d] of DOMAINS) {
          for (const [tn, t] of TYPES) {
            p.sys('socket', d, t, 0);
            p.expectErrno(`socket(${dn}, ${tn}) fails ENETDOWN`, ['NET.DOWN'], 'ENETDOWN');
          }
        }
        p.sys('resolve', p.str('localhost'), 0, 0);
        p.expectEq('resolve("localhost") returns 0', ['NET.DOWN', 'NET.RESOLVE.FAIL', 'NET.RESOLVE.ERRORS'], 0);
        const buf = p.bytes(new Uint8Array(NETINFO.size).fill(0x5a), 8);
        p.sys('netinfo', buf, NETINFO.size);
        p.expectEq('netinfo returns 0', ['NET.DOWN', 'NET.NETINFO.SNAPSHOT'], 0);
        p.expectMem('the record is all zeros: READY clear', ['NET.DOWN', 'NET.NETINFO.FLAGS'], buf, new Uint8Array(NETINFO.size));
      },
    }),
    netCase({
      id: 'socket/fork/shared',
      description: 'fork shares a socket: the child\'s close leaves the port held; the parent\'s last close frees it',
      build({ p }) {
        const s = socket(p);
        p.sys('bind', s, 5000);
        const pid = fork(p, () => {
          p.sys('close', s);
          p.exit(0);
        });
        reap(p, pid, 0, 'the child closed its copy and exited 0', ['FD.INHERIT.FORK']);
        const other = socket(p);
        p.sys('bind', other, 5000);
        p.expectErrno('the port is still held: bind fails EADDRINUSE', ['NET.BIND.INUSE', 'FD.INHERIT.FORK'], 'EADDRINUSE');
        p.sys('sendto', other, msg(p, { addr: LOOPBACK, port: 5000 }));
        p.sys('recvfrom', s, msg(p, {}));
        p.expectEq('the shared socket still receives', ['NET.UDP.DELIVER', 'FD.INHERIT.FORK'], 0);
        p.sys('close', s);
        const third = socket(p);
        p.sys('bind', third, 5000);
        p.expectEq('after the last close the port is free', ['NET.BIND.INUSE'], 0);
      },
    }),
  ];
}

export function socketCases(): CaseDef[] {
  return [...createCases(), ...capCases(), ...tableCases()];
}
