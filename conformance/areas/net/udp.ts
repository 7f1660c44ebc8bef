// Datagrams: exchanges between processes over every reachable address of both families
// (NET.UDP.SEND/RECV/V6/DELIVER, NET.HOSTORDER), truncation, the 4-datagram queue, the size
// bound, TCP sockets, unreachable addresses, waits, and ports (NET.BIND.*).

import type { CaseDef } from '../../model.js';
import { DATA_BASE, DATA_SIZE, Reg, type CaseProgram } from '../../program/builder.js';
import {
  AF_INET, AF_INET6, bytesOf, dotted, EPHEMERAL, fork, GATEWAY4, GATEWAY6, IPV4, IPV6, listener, LOOPBACK, LOOPBACK6, msg,
  msgBytes, NET_TIMEOUT_S, netCase, nonblock, pattern, reap, SOCK_DGRAM, SOCK_STREAM, socket, sub, UDP_MSG, UDP_MSG_V6,
  UDP_PAYLOAD_MAX, UDP_QUEUE_MAX, v6text, type Addr, DNS4,
} from './kit.js';

const V6 = ['NET.UDP.V6'];

function familyOf(a: Addr): number {
  return typeof a === 'number' ? AF_INET : AF_INET6;
}

function text(a: Addr): string {
  return typeof a === 'number' ? dotted(a) : v6text(a);
}

/** recvfrom(fd) into a fresh record with a `cap`-byte buffer; returns the record and buffer addresses. */
function receive(p: CaseProgram, fd: Reg, cap: number, v6: boolean): { rec: number; buf: number } {
  const buf = p.bytes(new Uint8Array(Math.max(cap, 1) + 4).fill(0xcc));
  const rec = msg(p, { buf, len: cap, ...(v6 ? { addr: new Array<number>(16).fill(0xee) } : {}) });
  p.sys('recvfrom', fd, rec);
  return { rec, buf };
}

const DESTS: readonly { readonly tag: string; readonly addr: Addr }[] = [
  { tag: 'loopback', addr: LOOPBACK },
  { tag: 'interface', addr: IPV4 },
  { tag: 'loopback-net', addr: 0x7f01_0203 },
  { tag: 'loopback6', addr: LOOPBACK6 },
  { tag: 'interface6', addr: IPV6 },
];

function exchangeCases(): CaseDef[] {
  return DESTS.flatMap(({ tag, addr }) => [1, 9, 1400].map((n) => {
    const v6 = typeof addr === 'object';
    const fam = familyOf(addr);
    const payload = pattern(n, n + tag.length);
    return netCase({
      id: `udp/exchange/${tag}-${n}`,
      description: `a ${n}-byte datagram from a child's unbound ${v6 ? 'AF_INET6' : 'AF_INET'} socket to ${text(addr)}:5000 arrives whole, from the address it was sent to and port ${EPHEMERAL}`,
      build({ p }) {
        const s = socket(p, fam);
        p.sys('bind', s, 5000);
        p.expectEq('bind 5000 returns 0', ['NET.BIND.PORT'], 0);
        const data = p.bytes(payload);
        const pid = fork(p, () => {
          const c = socket(p, fam);
          p.sys('sendto', c, msg(p, { buf: data, len: n, addr, port: 5000 }));
          p.exit(new Reg(0));
        });
        reap(p, pid, n, `the child's sendto returned ${n} (its exit status)`, ['NET.UDP.SEND', ...(v6 ? V6 : [])]);
        const { rec, buf } = receive(p, s, n + 4, v6);
        p.expectEq(`recvfrom returns ${n}`, ['NET.UDP.RECV', 'NET.UDP.DELIVER', ...(v6 ? V6 : [])], n);
        p.expectMem('the payload is intact', ['NET.UDP.SEND', 'NET.UDP.RECV', 'NET.UDP.DELIVER'], buf, payload);
        p.expectMem(`the record: len ${n}, source ${text(addr)}, port ${EPHEMERAL}${v6 ? ', scope 0' : ''}`,
          ['NET.UDP.RECV', 'NET.UDP.TRUNC', 'NET.UDP.DELIVER', 'NET.BIND.PORT', 'NET.HOSTORDER', ...(v6 ? V6 : [])], rec,
          msgBytes({ buf, len: n, addr, port: EPHEMERAL }));
      },
    });
  }));
}

function truncCases(): CaseDef[] {
  const payload = bytesOf('datagram!');
  return [0, 1, 5, payload.length - 1, payload.length, 64].map((cap) => netCase({
    id: `udp/trunc/cap-${cap}`,
    description: `a ${payload.length}-byte datagram received with capacity ${cap}: ${Math.min(cap, payload.length)} bytes copied, the rest discarded`,
    build({ p }) {
      const s = socket(p);
      p.sys('bind', s, 6000);
      p.sys('sendto', s, msg(p, { buf: p.bytes(payload), len: payload.length, addr: LOOPBACK, port: 6000 }));
      p.sys('sendto', s, msg(p, { buf: p.bytes(bytesOf('next')), len: 4, addr: LOOPBACK, port: 6000 }));
      const n = Math.min(cap, payload.length);
      const { rec, buf } = receive(p, s, cap, false);
      p.expectEq(`recvfrom returns ${n}`, ['NET.UDP.TRUNC', 'NET.UDP.RECV'], n);
      const want = new Uint8Array(Math.max(cap, 1) + 4).fill(0xcc);
      want.set(payload.subarray(0, n));
      p.expectMem(`the first ${n} bytes, the buffer beyond them untouched`, ['NET.UDP.TRUNC'], buf, want);
      p.expectMem(`len is ${n}, the source 127.0.0.1:6000`, ['NET.UDP.TRUNC', 'NET.UDP.RECV'], rec, msgBytes({ buf, len: n, addr: LOOPBACK, port: 6000 }));
      const next = receive(p, s, 8, false);
      p.expectEq('the next recvfrom gets the next datagram (4 bytes)', ['NET.UDP.TRUNC', 'NET.UDP.DELIVER'], 4);
      p.expectMem('"next"', ['NET.UDP.TRUNC'], next.buf, bytesOf('next'));
    },
  }));
}

function deliveryCases(): CaseDef[] {
  return [
    netCase({
      id: 'udp/deliver/queue-depth',
      description: `a socket queues ${UDP_QUEUE_MAX} datagrams in order; more are dropped while sendto still returns their length`,
      build({ p }) {
        const s = socket(p);
        p.sys('bind', s, 7000);
        nonblock(p, s);
        const c = socket(p);
        for (let i = 0; i < UDP_QUEUE_MAX + 2; i++) {
          p.sys('sendto', c, msg(p, { buf: p.bytes(new Uint8Array([0x41 + i])), len: 1, addr: LOOPBACK, port: 7000 }));
          p.expectEq(`sendto ${i + 1} returns 1`, ['NET.UDP.SEND', 'NET.UDP.DELIVER'], 1);
        }
        for (let i = 0; i < UDP_QUEUE_MAX; i++) {
          const { buf } = receive(p, s, 4, false);
          p.expectEq(`recvfrom ${i + 1} returns 1`, ['NET.UDP.DELIVER'], 1);
          p.expectMem(`datagram ${i + 1} is "${String.fromCharCode(0x41 + i)}"`, ['NET.UDP.DELIVER'], buf, new Uint8Array([0x41 + i]));
        }
        receive(p, s, 4, false);
        p.expectErrno('the rest were dropped: recvfrom fails EAGAIN', ['NET.UDP.DELIVER', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
      },
    }),
    netCase({
      id: 'udp/deliver/no-receiver',
      description: 'a datagram to a port no socket holds is dropped; sendto returns its length',
      build({ p }) {
        const c = socket(p);
        p.sys('sendto', c, msg(p, { buf: p.bytes(bytesOf('lost')), len: 4, addr: LOOPBACK, port: 7001 }));
        p.expectEq('sendto returns 4', ['NET.UDP.DELIVER', 'NET.UDP.SEND'], 4);
        const s = socket(p);
        p.sys('bind', s, 7001);
        nonblock(p, s);
        receive(p, s, 4, false);
        p.expectErrno('a socket bound afterwards has nothing queued', ['NET.UDP.DELIVER', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
      },
    }),
    netCase({
      id: 'udp/deliver/family-and-protocol',
      description: 'a datagram reaches only the UDP socket of the sender\'s family bound to the port, not a TCP listener or the other family',
      build({ p }) {
        const v6 = socket(p, AF_INET6);
        p.sys('bind', v6, 7002);
        nonblock(p, v6);
        listener(p, 7002);
        const c = socket(p);
        p.sys('sendto', c, msg(p, { addr: LOOPBACK, port: 7002 }));
        p.expectEq('sendto returns 0 (dropped: no AF_INET UDP socket holds 7002)', ['NET.UDP.DELIVER', 'NET.BIND.INUSE'], 0);
        receive(p, v6, 4, true);
        p.expectErrno('the AF_INET6 socket got nothing', ['NET.UDP.DELIVER', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
      },
    }),
    netCase({
      id: 'udp/deliver/self-and-zero-length',
      description: 'a socket can send to its own port; a 0-byte datagram with a NULL buffer arrives as 0 bytes',
      build({ p }) {
        const s = socket(p);
        p.sys('bind', s, 7003);
        p.sys('sendto', s, msg(p, { buf: 0, len: 0, addr: LOOPBACK, port: 7003 }));
        p.expectEq('sendto of 0 bytes returns 0', ['NET.UDP.SIZE', 'NET.UDP.SEND'], 0);
        const { rec } = receive(p, s, 8, false);
        p.expectEq('recvfrom returns 0', ['NET.UDP.DELIVER', 'NET.UDP.RECV'], 0);
        p.expectMem('the source is the socket itself: 127.0.0.1:7003', ['NET.UDP.DELIVER', 'NET.UDP.RECV'], rec + 12,
          msgBytes({ addr: LOOPBACK, port: 7003 }).subarray(12, 18));
      },
    }),
  ];
}

function errorCases(): CaseDef[] {
  const out: CaseDef[] = [
    netCase({
      id: 'udp/size/bound',
      description: `sendto of ${UDP_PAYLOAD_MAX} bytes succeeds, ${UDP_PAYLOAD_MAX + 1} fails EINVAL; recvfrom's capacity has no bound`,
      build({ p }) {
        const s = socket(p);
        p.sys('bind', s, 7100);
        const big = p.space(UDP_PAYLOAD_MAX + 1);
        p.sys('sendto', s, msg(p, { buf: big, len: UDP_PAYLOAD_MAX + 1, addr: LOOPBACK, port: 7100 }));
        p.expectErrno(`${UDP_PAYLOAD_MAX + 1} bytes fail EINVAL`, ['NET.UDP.SIZE'], 'EINVAL');
        p.sys('sendto', s, msg(p, { buf: big, len: UDP_PAYLOAD_MAX, addr: LOOPBACK, port: 7100 }));
        p.expectEq(`${UDP_PAYLOAD_MAX} bytes are sent`, ['NET.UDP.SIZE', 'NET.UDP.SEND'], UDP_PAYLOAD_MAX);
        p.sys('recvfrom', s, msg(p, { buf: big, len: UDP_PAYLOAD_MAX + 1 }));
        p.expectEq(`recvfrom with capacity ${UDP_PAYLOAD_MAX + 1} returns ${UDP_PAYLOAD_MAX}`, ['NET.UDP.SIZE', 'NET.UDP.RECV'], UDP_PAYLOAD_MAX);
      },
    }),
  ];
  const bufs: readonly [string, number | bigint][] = [['null', 0], ['unmapped', 0x8800_0000], ['kernel', 0xffff_0000_0000_0000n]];
  for (const [tag, buf] of bufs) {
    out.push(netCase({
      id: `udp/size/buf-${tag}`,
      description: `a record whose buffer is ${tag} with len 4 fails EFAULT in sendto and recvfrom; with len 0 the buffer is not looked at`,
      build({ p }) {
        const s = socket(p);
        p.sys('bind', s, 7101);
        p.sys('sendto', s, msg(p, { buf, len: 4, addr: LOOPBACK, port: 7101 }));
        p.expectErrno('sendto fails EFAULT', ['NET.UDP.SIZE', 'ABI.FAULT'], 'EFAULT');
        p.sys('sendto', s, msg(p, { buf, len: 0, addr: LOOPBACK, port: 7101 }));
        p.expectEq('sendto with len 0 returns 0', ['NET.UDP.SIZE', 'ABI.NULL.EMPTY'], 0);
        p.sys('recvfrom', s, msg(p, { buf, len: 4 }));
        p.expectErrno('recvfrom fails EFAULT', ['NET.UDP.SIZE', 'ABI.FAULT'], 'EFAULT');
        p.sys('recvfrom', s, msg(p, { buf, len: 0 }));
        p.expectEq('recvfrom with len 0 takes the queued datagram: 0', ['NET.UDP.SIZE', 'ABI.NULL.EMPTY', 'NET.UDP.TRUNC'], 0);
      },
    }));
  }
  out.push(netCase({
    id: 'udp/size/read-only-buffer',
    description: 'recvfrom into a read-only buffer (code) fails EFAULT and keeps the datagram queued',
    build({ p }) {
      const s = socket(p);
      p.sys('bind', s, 7102);
      p.sys('sendto', s, msg(p, { buf: p.bytes(bytesOf('kept')), len: 4, addr: LOOPBACK, port: 7102 }));
      p.sys('recvfrom', s, msg(p, { buf: 0x8000_0000, len: 4 }));
      p.expectErrno('recvfrom fails EFAULT', ['NET.UDP.SIZE', 'ABI.FAULT'], 'EFAULT');
      const { buf } = receive(p, s, 4, false);
      p.expectEq('the datagram is still there: 4', ['NET.UDP.SIZE', 'ABI.FAULT.NOEFFECT'], 4);
      p.expectMem('"kept"', ['NET.UDP.RECV'], buf, bytesOf('kept'));
    },
  }));
  out.push(netCase({
    id: 'udp/size/v6-record-straddles',
    description: 'an AF_INET6 socket reads the 34-byte record: one whose last 14 bytes run off the data mapping fails EFAULT',
    build({ p }) {
      const s = socket(p, AF_INET6);
      const end = DATA_BASE + DATA_SIZE;
      p.sys('sendto', s, end - UDP_MSG.size);
      p.expectErrno('sendto fails EFAULT', ['NET.UDP.V6', 'ABI.FAULT'], 'EFAULT');
      p.sys('recvfrom', s, end - UDP_MSG_V6.size + 1);
      p.expectErrno('recvfrom fails EFAULT', ['NET.UDP.V6', 'ABI.FAULT'], 'EFAULT');
    },
  }));
  for (const [row, tcpFam] of [['sendto', AF_INET], ['recvfrom', AF_INET], ['sendto', AF_INET6], ['recvfrom', AF_INET6]] as const) {
    out.push(netCase({
      id: `udp/only/${row}-${tcpFam === AF_INET ? 'inet' : 'inet6'}`,
      description: `${row} on a ${tcpFam === AF_INET ? 'AF_INET' : 'AF_INET6'} TCP socket (new, listening, connected) fails EINVAL`,
      build({ p }) {
        const l = listener(p, 7200, 4, tcpFam);
        const c = socket(p, tcpFam, SOCK_STREAM);
        const fresh = socket(p, tcpFam, SOCK_STREAM);
        p.sys('connect', c, LOOPBACK, 7200);
        const rec = tcpFam === AF_INET ? msg(p, { addr: LOOPBACK, port: 7200 }) : msg(p, { addr: LOOPBACK6, port: 7200 });
        for (const [what, fd] of [['new', fresh], ['listening', l], ['connected', c]] as const) {
          p.sys(row, fd, rec);
          p.expectErrno(`${row} on the ${what} socket fails EINVAL`, ['NET.UDP.ONLY', ...(tcpFam === AF_INET6 ? V6 : [])], 'EINVAL');
        }
      },
    }));
  }
  const unreachable: readonly [string, Addr][] = [
    ['gateway', GATEWAY4], ['dns', DNS4], ['public', 0x0808_0808], ['any', 0], ['broadcast', 0xffff_ffff], ['below-loopback', 0x7eff_ffff],
    ['above-loopback', 0x8000_0001], ['neighbour', IPV4 + 1], ['gateway6', GATEWAY6], ['any6', new Array<number>(16).fill(0)],
    ['mapped-loopback', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]], ['public6', [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 1]],
  ];
  for (const [tag, addr] of unreachable) {
    out.push(netCase({
      id: `udp/unreach/${tag}`,
      description: `sendto to ${text(addr)} (not an address of the machine) fails EHOSTUNREACH`,
      build({ p }) {
        const s = socket(p, familyOf(addr));
        p.sys('sendto', s, msg(p, { buf: p.bytes(bytesOf('x')), len: 1, addr, port: 53 }));
        p.expectErrno('sendto fails EHOSTUNREACH', ['NET.UNREACH', 'NET.HOSTORDER', ...(typeof addr === 'object' ? V6 : [])], 'EHOSTUNREACH');
      },
    }));
  }
  out.push(netCase({
    id: 'udp/wait/timeout',
    description: `recvfrom on an empty blocking socket fails ETIMEDOUT after ${NET_TIMEOUT_S} s`,
    build({ p }) {
      const s = socket(p);
      p.sys('bind', s, 7300);
      const t0 = p.variable();
      p.sys('time').save(t0);
      receive(p, s, 4, false);
      p.expectErrno('recvfrom fails ETIMEDOUT', ['NET.RECV.TIMEOUT'], 'ETIMEDOUT');
      p.sys('time');
      sub(p, t0.n, 0, t0.n);
      p.expectCmp(`at least ${NET_TIMEOUT_S} s passed`, ['NET.RECV.TIMEOUT'], 'ge', NET_TIMEOUT_S, t0);
      p.expectCmp(`at most ${NET_TIMEOUT_S + 5} s passed`, ['NET.RECV.TIMEOUT'], 'le', NET_TIMEOUT_S + 5, t0);
    },
  }));
  out.push(netCase({
    id: 'udp/wait/woken',
    description: 'a recvfrom waiting in the parent gets the datagram a child sends later',
    build({ p }) {
      const s = socket(p);
      p.sys('bind', s, 7301);
      fork(p, () => {
        p.sys('nanosleep', 0, 2_000_000);
        const c = socket(p);
        p.sys('sendto', c, msg(p, { buf: p.bytes(bytesOf('late')), len: 4, addr: LOOPBACK, port: 7301 }));
        p.exit(0);
      });
      const { buf } = receive(p, s, 8, false);
      p.expectEq('recvfrom returns 4', ['NET.UDP.RECV', 'NET.UDP.DELIVER'], 4);
      p.expectMem('"late"', ['NET.UDP.RECV'], buf, bytesOf('late'));
    },
  }));
  out.push(netCase({
    id: 'udp/wait/nonblock',
    description: 'recvfrom on an empty O_NONBLOCK socket fails EAGAIN at once; an unbound one too',
    build({ p }) {
      const s = socket(p);
      p.sys('bind', s, 7302);
      nonblock(p, s);
      receive(p, s, 4, false);
      p.expectErrno('recvfrom fails EAGAIN', ['FD.NONBLOCK.EAGAIN', 'NET.RECV.TIMEOUT'], 'EAGAIN');
      const u = socket(p);
      nonblock(p, u);
      receive(p, u, 4, false);
      p.expectErrno('recvfrom on an unbound socket fails EAGAIN', ['FD.NONBLOCK.EAGAIN'], 'EAGAIN');
    },
  }));
  return out;
}

function bindCases(): CaseDef[] {
  return [
    netCase({
      id: 'bind/inuse/spaces',
      description: 'a port is held per family and protocol: a second AF_INET UDP bind fails EADDRINUSE, TCP and AF_INET6 binds of the same port succeed',
      build({ p }) {
        const a = socket(p);
        p.sys('bind', a, 8000);
        p.expectEq('the first bind returns 0', ['NET.BIND.PORT'], 0);
        const b = socket(p);
        p.sys('bind', b, 8000);
        p.expectErrno('a second AF_INET UDP bind fails EADDRINUSE', ['NET.BIND.INUSE'], 'EADDRINUSE');
        for (const [what, d, t] of [['AF_INET TCP', AF_INET, SOCK_STREAM], ['AF_INET6 UDP', AF_INET6, SOCK_DGRAM], ['AF_INET6 TCP', AF_INET6, SOCK_STREAM]] as const) {
          const s = socket(p, d, t);
          p.sys('bind', s, 8000);
          p.expectEq(`an ${what} bind returns 0`, ['NET.BIND.INUSE', 'NET.BIND.PORT'], 0);
        }
        p.sys('close', a);
        p.sys('bind', b, 8000);
        p.expectEq('after the holder closes, the port is free', ['NET.BIND.INUSE'], 0);
      },
    }),
    netCase({
      id: 'bind/once/every-way',
      description: 'bind fails EINVAL on a socket that already has a port: bound, given one by sendto, listen or connect',
      build({ p }) {
        const a = socket(p);
        p.sys('bind', a, 8100);
        p.sys('bind', a, 8101);
        p.expectErrno('binding a bound socket again fails EINVAL', ['NET.BIND.ONCE'], 'EINVAL');
        const b = socket(p);
        p.sys('sendto', b, msg(p, { addr: LOOPBACK, port: 9 }));
        p.sys('bind', b, 8102);
        p.expectErrno('after sendto gave it a port, bind fails EINVAL', ['NET.BIND.ONCE', 'NET.BIND.PORT'], 'EINVAL');
        const l = socket(p, AF_INET, SOCK_STREAM);
        p.sys('listen', l, 1);
        p.expectEq('listen on an unbound socket returns 0', ['NET.TCP.LISTEN', 'NET.BIND.PORT'], 0);
        p.sys('bind', l, 8103);
        p.expectErrno('after listen gave it a port, bind fails EINVAL', ['NET.BIND.ONCE', 'NET.TCP.LISTEN'], 'EINVAL');
        listener(p, 8104);
        const c = socket(p, AF_INET, SOCK_STREAM);
        p.sys('connect', c, LOOPBACK, 8104);
        p.sys('bind', c, 8105);
        p.expectErrno('after connect gave it a port, bind fails EINVAL', ['NET.BIND.ONCE', 'NET.BIND.PORT'], 'EINVAL');
        p.sys('bind', a, 0);
        p.expectErrno('bind(0) on a bound socket fails EINVAL too', ['NET.BIND.ONCE'], 'EINVAL');
      },
    }),
    netCase({
      id: 'bind/ephemeral/lowest-free',
      description: `bind(0) and sending from an unbound socket take the lowest free port from ${EPHEMERAL}, skipping ports held`,
      build({ p }) {
        const r = socket(p);
        p.sys('bind', r, 8200);
        const taken = socket(p);
        p.sys('bind', taken, EPHEMERAL + 1);
        const a = socket(p);
        p.sys('bind', a, 0);
        p.expectEq('bind(0) returns 0', ['NET.BIND.PORT'], 0);
        const b = socket(p);
        const senders: Reg[] = [a, b];
        const ports = [EPHEMERAL, EPHEMERAL + 2];
        senders.forEach((s) => p.sys('sendto', s, msg(p, { addr: LOOPBACK, port: 8200 })));
        ports.forEach((port, i) => {
          const { rec } = receive(p, r, 0, false);
          p.expectMem(`datagram ${i + 1} comes from port ${port}`, ['NET.BIND.PORT', 'NET.UDP.DELIVER'], rec + 16, new Uint8Array([port & 0xff, port >> 8]));
        });
      },
    }),
    netCase({
      id: 'bind/range/ports',
      description: 'bind accepts ports 1 and 65535 and fails EINVAL for 65536 and -1',
      build({ p }) {
        for (const [port, ok] of [[1, true], [65535, true], [65536, false], [-1, false]] as const) {
          const s = socket(p);
          p.sys('bind', s, port);
          if (ok) p.expectEq(`bind ${port} returns 0`, ['NET.BIND.PORT', 'NET.HOSTORDER'], 0);
          else p.expectErrno(`bind ${port} fails EINVAL`, ['NET.BIND.PORT', 'ABI.INT.RANGE'], 'EINVAL');
          p.sys('close', s);
        }
      },
    }),
  ];
}

export function udpCases(): CaseDef[] {
  return [...exchangeCases(), ...truncCases(), ...deliveryCases(), ...errorCases(), ...bindCases()];
}

