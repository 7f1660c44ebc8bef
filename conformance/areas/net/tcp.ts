// Connections: exchanges between processes (NET.TCP.LISTEN/CONNECT/ACCEPT/STREAM), accept's
// handle, the backlog, refusals, states, peeking, the stream buffer, closes, read/write on
// sockets without a stream, poll readiness, unreachable hosts and the bounded waits.

import type { CaseDef } from '../../model.js';
import { Reg, type CaseProgram } from '../../program/builder.js';
import {
  AF_INET, AF_INET6, bytesOf, exitUnlessZero, msg, F_GETFD, F_GETFL, fork, GATEWAY4, IPV4, listener, LOOPBACK, NET_TIMEOUT_S,
  netCase, nonblock, O_NONBLOCK, O_RDWR, pattern, reap, SIG_IGN, SIGPIPE, SOCK_DGRAM, SOCK_STREAM, socket, sub, TCP_BUFFER,
} from './kit.js';

const PORT = 8080;
const POLLIN = 0x1;
const POLLOUT = 0x4;
const POLLHUP = 0x10;

/** A connection over loopback in one process: the connecting socket and the accepted one. */
function connection(p: CaseProgram, port = PORT, domain = AF_INET): { l: Reg; client: Reg; server: Reg } {
  const l = listener(p, port, 4, domain);
  const client = socket(p, domain, SOCK_STREAM);
  p.sys('connect', client, LOOPBACK, port);
  const server = p.variable();
  p.sys('accept', l).save(server);
  return { l, client, server };
}

/** read(fd, buf, n) and assert it returns `want` bytes equal to `bytes` (when given). */
function readExpect(p: CaseProgram, fd: Reg, n: number, bytes: Uint8Array, what: string, clauses: readonly string[]): void {
  const buf = p.space(Math.max(n, 1));
  p.sys('read', fd, buf, n);
  p.expectEq(`${what}: read returns ${bytes.length}`, clauses, bytes.length);
  if (bytes.length > 0) p.expectMem(`${what}: the bytes`, clauses, buf, bytes);
}

const DESTS: readonly { readonly tag: string; readonly domain: number; readonly ip: number }[] = [
  { tag: 'inet-loopback', domain: AF_INET, ip: LOOPBACK },
  { tag: 'inet-interface', domain: AF_INET, ip: IPV4 },
  { tag: 'inet-loopback-net', domain: AF_INET, ip: 0x7f00_00fe },
  { tag: 'inet6-loopback', domain: AF_INET6, ip: LOOPBACK },
];

function exchangeCases(): CaseDef[] {
  return DESTS.flatMap(({ tag, domain, ip }) => [4, 1000].map((n) => netCase({
    id: `tcp/exchange/${tag}-${n}`,
    description: `a child connects to ${tag.replace('-', ' ')} port ${PORT}, sends ${n} bytes, gets ${n} back and echoes them; the parent accepts and checks each direction`,
    build({ p }) {
      const ping = pattern(n, 1);
      const pong = pattern(n, 2);
      const l = listener(p, PORT, 1, domain);
      p.expectEq('listen returns 0', ['NET.TCP.LISTEN'], 0);
      const pingAt = p.bytes(ping);
      const pid = fork(p, () => {
        const c = socket(p, domain, SOCK_STREAM);
        p.sys('connect', c, ip, PORT);
        exitUnlessZero(p, 100);
        p.sys('write', c, pingAt, n);
        const back = p.space(n);
        p.sys('read', c, back, n);
        const got = p.variable();
        p.save(got);
        p.sys('write', c, back, got);
        p.exit(got);
      });
      const conn = p.variable();
      p.sys('accept', l).save(conn);
      p.expectCmp('accept returns a handle', ['NET.TCP.ACCEPT'], 'ge', 3);
      readExpect(p, conn, n, ping, 'client to server', ['NET.TCP.CONNECT', 'NET.TCP.STREAM', 'NET.HOSTORDER']);
      p.sys('write', conn, p.bytes(pong), n);
      p.expectEq(`write returns ${n}`, ['NET.TCP.STREAM'], n);
      readExpect(p, conn, n, pong, 'the echo', ['NET.TCP.STREAM']);
      reap(p, pid, n, `the child read ${n} bytes and exited`, ['NET.TCP.STREAM']);
      readExpect(p, conn, 8, new Uint8Array(0), 'after the child exited, end of stream', ['NET.TCP.CLOSE']);
    },
  })));
}

function acceptCases(): CaseDef[] {
  const out: CaseDef[] = [false, true].map((nb) => netCase({
    id: `tcp/accept/inherit-${nb ? 'nonblock' : 'blocking'}`,
    description: `accept on a${nb ? 'n O_NONBLOCK' : ' blocking'} listener returns the lowest free handle, O_RDWR${nb ? '|O_NONBLOCK' : ''}, no CLOEXEC`,
    build({ p }) {
      const l = listener(p, PORT);
      const c = socket(p, AF_INET, SOCK_STREAM);
      p.sys('connect', c, LOOPBACK, PORT);
      if (nb) nonblock(p, l);
      p.sys('close', 0);
      p.sys('accept', l);
      p.expectEq('accept returns handle 0 (the lowest free)', ['NET.TCP.ACCEPT', 'FD.ALLOC.LOWEST'], 0);
      p.sys('fcntl', 0, F_GETFL, 0);
      p.expectEq(`F_GETFL is O_RDWR${nb ? '|O_NONBLOCK' : ''}`, ['NET.TCP.ACCEPT', 'FD.FCNTL.GETFL'], O_RDWR | (nb ? O_NONBLOCK : 0));
      p.sys('fcntl', 0, F_GETFD, 0);
      p.expectEq('F_GETFD is 0', ['NET.TCP.ACCEPT', 'FD.FCNTL.FD'], 0);
      if (nb) {
        p.sys('read', 0, p.space(4), 4);
        p.expectErrno('a read with nothing buffered fails EAGAIN', ['NET.TCP.ACCEPT', 'FD.NONBLOCK.EAGAIN', 'NET.TCP.STREAM'], 'EAGAIN');
      }
    },
  }));
  out.push(netCase({
    id: 'tcp/accept/order',
    description: 'connections are accepted oldest first; each accepted socket is connected to its own client',
    build({ p }) {
      const l = listener(p, PORT, 3);
      for (let i = 0; i < 3; i++) {
        const c = socket(p, AF_INET, SOCK_STREAM);
        p.sys('connect', c, LOOPBACK, PORT);
        p.sys('write', c, p.bytes(new Uint8Array([0x61 + i])), 1);
      }
      for (let i = 0; i < 3; i++) {
        const a = p.variable();
        p.sys('accept', l).save(a);
        readExpect(p, a, 4, new Uint8Array([0x61 + i]), `connection ${i + 1}`, ['NET.TCP.ACCEPT', 'NET.TCP.CONNECT']);
      }
    },
  }));
  out.push(netCase({
    id: 'tcp/accept/handles-full',
    description: 'accept with every handle number in use fails EMFILE and leaves the connection queued',
    build({ p }) {
      const l = listener(p, PORT);
      const c = socket(p, AF_INET, SOCK_STREAM);
      p.sys('connect', c, LOOPBACK, PORT);
      const loop = p.a.here();
      p.sys('dup', 0);
      p.a.tbz(0, 63, loop);
      p.sys('accept', l);
      p.expectErrno('accept fails EMFILE', ['NET.TCP.ACCEPT', 'FD.TABLE.FULL'], 'EMFILE');
      p.sys('close', 100);
      p.sys('accept', l);
      p.expectEq('after a close accept takes the queued connection at 100', ['NET.TCP.ACCEPT', 'FD.ALLOC.LOWEST'], 100);
    },
  }));
  return out;
}

function backlogCases(): CaseDef[] {
  const out: CaseDef[] = [0, 1, 3].map((backlog) => {
    const room = Math.max(backlog, 1);
    return netCase({
      id: `tcp/backlog/${backlog}`,
      description: `a listener with backlog ${backlog} queues ${room} connection${room > 1 ? 's' : ''}; the next O_NONBLOCK connect fails EAGAIN until accept makes room`,
      build({ p }) {
        const l = listener(p, PORT, backlog);
        for (let i = 0; i < room; i++) {
          p.sys('connect', socket(p, AF_INET, SOCK_STREAM), LOOPBACK, PORT);
          p.expectEq(`connect ${i + 1} returns 0`, ['NET.TCP.BACKLOG', 'NET.TCP.CONNECT'], 0);
        }
        const extra = socket(p, AF_INET, SOCK_STREAM);
        nonblock(p, extra);
        p.sys('connect', extra, LOOPBACK, PORT);
        p.expectErrno('one more fails EAGAIN', ['NET.TCP.BACKLOG', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
        p.sys('accept', l);
        p.sys('connect', extra, LOOPBACK, PORT);
        p.expectEq('after an accept it connects', ['NET.TCP.BACKLOG', 'NET.TCP.CONNECT'], 0);
      },
    });
  });
  out.push(netCase({
    id: 'tcp/backlog/wait-for-accept',
    description: 'a blocking connect to a full listener waits until a child accepts, then returns 0',
    build({ p }) {
      const l = listener(p, PORT, 1);
      p.sys('connect', socket(p, AF_INET, SOCK_STREAM), LOOPBACK, PORT);
      const pid = fork(p, () => {
        p.sys('nanosleep', 0, 2_000_000);
        p.sys('accept', l);
        p.exit(new Reg(0));
      });
      const c = socket(p, AF_INET, SOCK_STREAM);
      p.sys('connect', c, LOOPBACK, PORT);
      p.expectEq('connect returns 0 once there is room', ['NET.TCP.BACKLOG', 'NET.TCP.CONNECT'], 0);
      reap(p, pid, 5, 'the child\'s accept returned handle 5 (after the console, the listener and the first client)', ['NET.TCP.ACCEPT']);
    },
  }));
  out.push(netCase({
    id: 'tcp/backlog/timeout',
    description: `a blocking connect to a listener whose queue stays full fails ETIMEDOUT after ${NET_TIMEOUT_S} s`,
    build({ p }) {
      listener(p, PORT, 0);
      p.sys('connect', socket(p, AF_INET, SOCK_STREAM), LOOPBACK, PORT);
      timed(p, () => p.sys('connect', socket(p, AF_INET, SOCK_STREAM), LOOPBACK, PORT), 'connect');
    },
  }));
  return out;
}

/** Runs `call` and asserts it failed ETIMEDOUT after NET_TIMEOUT_S seconds (by `time`). */
function timed(p: CaseProgram, call: () => void, what: string): void {
  const t0 = p.variable();
  p.sys('time').save(t0);
  call();
  p.expectErrno(`${what} fails ETIMEDOUT`, ['NET.RECV.TIMEOUT'], 'ETIMEDOUT');
  p.sys('time');
  sub(p, t0.n, 0, t0.n);
  p.expectCmp(`at least ${NET_TIMEOUT_S} s passed`, ['NET.RECV.TIMEOUT'], 'ge', NET_TIMEOUT_S, t0);
  p.expectCmp(`at most ${NET_TIMEOUT_S + 5} s passed`, ['NET.RECV.TIMEOUT'], 'le', NET_TIMEOUT_S + 5, t0);
}

function refusalCases(): CaseDef[] {
  const cases: readonly [string, string, (p: CaseProgram) => void][] = [
    ['nothing', 'nothing holds the port', () => undefined],
    ['udp-holder', 'only a UDP socket holds the port', (p) => p.sys('bind', socket(p), PORT)],
    ['bound-only', 'a TCP socket is bound to the port but not listening', (p) => p.sys('bind', socket(p, AF_INET, SOCK_STREAM), PORT)],
    ['other-family', 'only an AF_INET6 listener holds the port', (p) => listener(p, PORT, 1, AF_INET6)],
    ['closed-listener', 'the listener was closed', (p) => p.sys('close', listener(p, PORT))],
  ];
  const out: CaseDef[] = cases.map(([tag, what, setup]) => netCase({
    id: `tcp/refused/${tag}`,
    description: `connect to 127.0.0.1:${PORT} when ${what} fails ECONNREFUSED; the socket can connect later`,
    build({ p }) {
      setup(p);
      const c = socket(p, AF_INET, SOCK_STREAM);
      p.sys('connect', c, LOOPBACK, PORT);
      p.expectErrno('connect fails ECONNREFUSED', ['NET.CONNECT.REFUSED'], 'ECONNREFUSED');
      listener(p, PORT + 1);
      p.sys('connect', c, LOOPBACK, PORT + 1);
      p.expectEq('the refused socket then connects elsewhere', ['NET.CONNECT.REFUSED', 'NET.TCP.CONNECT'], 0);
    },
  }));
  out.push(netCase({
    id: 'tcp/refused/listener-closes-while-waiting',
    description: 'a connect waiting on a full listener fails ECONNREFUSED when a child closes the last handle to the listener',
    build({ p }) {
      const l = listener(p, PORT, 0);
      p.sys('connect', socket(p, AF_INET, SOCK_STREAM), LOOPBACK, PORT);
      const pid = fork(p, () => {
        p.sys('nanosleep', 0, 2_000_000);
        p.sys('close', l);
        p.exit(0);
      });
      p.sys('close', l);
      const c = socket(p, AF_INET, SOCK_STREAM);
      p.sys('connect', c, LOOPBACK, PORT);
      p.expectErrno('connect fails ECONNREFUSED', ['NET.CONNECT.REFUSED', 'NET.TCP.CLOSE'], 'ECONNREFUSED');
      reap(p, pid, 0, 'the child exited 0', ['NET.TCP.CLOSE']);
    },
  }));
  for (const [tag, ip] of [['gateway', GATEWAY4], ['public', 0x0808_0808], ['any', 0], ['neighbour', IPV4 + 1]] as const) {
    out.push(netCase({
      id: `tcp/unreach/${tag}`,
      description: `connect to ${tag} (not an address of the machine) fails EHOSTUNREACH`,
      build({ p }) {
        listener(p, PORT);
        p.sys('connect', socket(p, AF_INET, SOCK_STREAM), ip, PORT);
        p.expectErrno('connect fails EHOSTUNREACH', ['NET.UNREACH', 'NET.HOSTORDER'], 'EHOSTUNREACH');
      },
    }));
  }
  out.push(netCase({
    id: 'tcp/unreach/byte-order',
    description: 'connect takes the address in host order: 0x0100007f (1.0.0.127, 127.0.0.1 byte-swapped) is unreachable',
    build({ p }) {
      listener(p, PORT);
      const c = socket(p, AF_INET, SOCK_STREAM);
      p.sys('connect', c, 0x0100_007f, PORT);
      p.expectErrno('the swapped address fails EHOSTUNREACH', ['NET.HOSTORDER', 'NET.UNREACH'], 'EHOSTUNREACH');
      p.sys('connect', c, LOOPBACK, PORT);
      p.expectEq('0x7f000001 connects', ['NET.HOSTORDER', 'NET.TCP.CONNECT'], 0);
    },
  }));
  return out;
}

function stateCases(): CaseDef[] {
  return [
    netCase({
      id: 'tcp/only/udp',
      description: 'listen and connect on a UDP socket fail EINVAL',
      build({ p }) {
        listener(p, PORT);
        for (const d of [AF_INET, AF_INET6]) {
          const u = socket(p, d, SOCK_DGRAM);
          p.sys('listen', u, 1);
          p.expectErrno('listen fails EINVAL', ['NET.TCP.ONLY'], 'EINVAL');
          p.sys('connect', u, LOOPBACK, PORT);
          p.expectErrno('connect fails EINVAL', ['NET.TCP.ONLY'], 'EINVAL');
        }
      },
    }),
    netCase({
      id: 'tcp/state/listen-connected',
      description: 'listen on either end of a connection fails EINVAL; listen again on a listener succeeds',
      build({ p }) {
        const { l, client, server } = connection(p);
        p.sys('listen', client, 1);
        p.expectErrno('listen on the connecting end fails EINVAL', ['NET.TCP.STATE'], 'EINVAL');
        p.sys('listen', server, 1);
        p.expectErrno('listen on the accepted end fails EINVAL', ['NET.TCP.STATE'], 'EINVAL');
        p.sys('listen', l, 7);
        p.expectEq('listen on the listener again returns 0', ['NET.TCP.LISTEN'], 0);
      },
    }),
    netCase({
      id: 'tcp/state/connect-twice',
      description: 'connect on a connected socket, an accepted socket or a listener fails EINVAL',
      build({ p }) {
        const { l, client, server } = connection(p);
        for (const [what, fd] of [['connected', client], ['accepted', server], ['listening', l]] as const) {
          p.sys('connect', fd, LOOPBACK, PORT);
          p.expectErrno(`connect on the ${what} socket fails EINVAL`, ['NET.TCP.STATE'], 'EINVAL');
        }
      },
    }),
    netCase({
      id: 'tcp/notlistening/every-kind',
      description: 'accept on a UDP socket, a new TCP socket and either end of a connection fails EINVAL',
      build({ p }) {
        const { client, server } = connection(p);
        const u = socket(p);
        const fresh = socket(p, AF_INET, SOCK_STREAM);
        for (const [what, fd] of [['UDP', u], ['new TCP', fresh], ['connecting', client], ['accepted', server]] as const) {
          p.sys('accept', fd);
          p.expectErrno(`accept on the ${what} socket fails EINVAL`, ['NET.ACCEPT.NOTLISTENING'], 'EINVAL');
        }
      },
    }),
    netCase({
      id: 'tcp/accept/nonblock-empty',
      description: 'accept on an O_NONBLOCK listener with nothing queued fails EAGAIN',
      build({ p }) {
        const l = listener(p, PORT);
        nonblock(p, l);
        p.sys('accept', l);
        p.expectErrno('accept fails EAGAIN', ['NET.TCP.ACCEPT', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
      },
    }),
    netCase({
      id: 'tcp/accept/timeout',
      description: `a blocking accept with nothing queued fails ETIMEDOUT after ${NET_TIMEOUT_S} s`,
      build({ p }) {
        const l = listener(p, PORT);
        timed(p, () => p.sys('accept', l), 'accept');
      },
    }),
    netCase({
      id: 'tcp/accept/woken',
      description: 'a blocking accept returns the connection a child makes later',
      build({ p }) {
        const l = listener(p, PORT);
        const pid = fork(p, () => {
          p.sys('nanosleep', 0, 2_000_000);
          const c = socket(p, AF_INET, SOCK_STREAM);
          p.sys('connect', c, LOOPBACK, PORT);
          exitUnlessZero(p, 100);
          p.sys('write', c, p.bytes(bytesOf('hi')), 2);
          p.exit(0);
        });
        const a = p.variable();
        p.sys('accept', l).save(a);
        p.expectCmp('accept returns a handle', ['NET.TCP.ACCEPT'], 'ge', 3);
        readExpect(p, a, 4, bytesOf('hi'), 'the child\'s bytes', ['NET.TCP.STREAM']);
        reap(p, pid, 0, 'the child connected and exited 0', ['NET.TCP.CONNECT']);
      },
    }),
  ];
}

function peekCases(): CaseDef[] {
  return [
    netCase({
      id: 'tcp/peek/not-consumed',
      description: 'recv returns buffered bytes without consuming them; read then takes them',
      build({ p }) {
        const { client, server } = connection(p);
        const data = bytesOf('peekaboo');
        p.sys('write', client, p.bytes(data), data.length);
        const buf = p.space(16);
        p.sys('recv', server, buf, 4);
        p.expectEq('recv of 4 returns 4', ['NET.RECV.PEEK'], 4);
        p.expectMem('"peek"', ['NET.RECV.PEEK'], buf, bytesOf('peek'));
        p.sys('recv', server, buf, 16);
        p.expectEq('recv of 16 returns all 8', ['NET.RECV.PEEK'], 8);
        p.expectMem('"peekaboo"', ['NET.RECV.PEEK'], buf, data);
        p.sys('recv', server, buf, 0);
        p.expectEq('recv of 0 returns 0', ['NET.RECV.PEEK', 'NET.RECV.PEEKONLY'], 0);
        readExpect(p, server, 16, data, 'read still gets them', ['NET.RECV.PEEK', 'NET.TCP.STREAM']);
      },
    }),
    netCase({
      id: 'tcp/peek/empty',
      description: 'recv with nothing buffered: EAGAIN with O_NONBLOCK, 0 after the peer closed',
      build({ p }) {
        const { client, server } = connection(p);
        nonblock(p, server);
        const buf = p.space(8);
        p.sys('recv', server, buf, 8);
        p.expectErrno('recv fails EAGAIN', ['NET.RECV.PEEKONLY', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
        p.sys('write', client, p.bytes(bytesOf('x')), 1);
        p.sys('close', client);
        p.sys('recv', server, buf, 8);
        p.expectEq('bytes written before the close are still there: 1', ['NET.RECV.PEEK', 'NET.TCP.CLOSE'], 1);
        p.sys('read', server, buf, 8);
        p.sys('recv', server, buf, 8);
        p.expectEq('then recv returns 0', ['NET.RECV.PEEKONLY', 'NET.TCP.CLOSE'], 0);
      },
    }),
    netCase({
      id: 'tcp/peek/timeout',
      description: `a blocking recv with nothing buffered fails ETIMEDOUT after ${NET_TIMEOUT_S} s`,
      build({ p }) {
        const { client } = connection(p);
        timed(p, () => p.sys('recv', client, p.space(8), 8), 'recv');
      },
    }),
    netCase({
      id: 'tcp/peek/only-connections',
      description: 'recv on a UDP socket, a new TCP socket or a listener fails EINVAL',
      build({ p }) {
        const l = listener(p, PORT);
        const u = socket(p);
        const fresh = socket(p, AF_INET, SOCK_STREAM);
        for (const [what, fd] of [['UDP', u], ['new TCP', fresh], ['listening', l]] as const) {
          p.sys('recv', fd, p.space(8), 8);
          p.expectErrno(`recv on the ${what} socket fails EINVAL`, ['NET.RECV.PEEKONLY'], 'EINVAL');
        }
      },
    }),
  ];
}

function streamCases(): CaseDef[] {
  return [
    netCase({
      id: 'tcp/stream/buffer',
      description: `each direction buffers ${TCP_BUFFER} bytes: writes queue what fits, then EAGAIN with O_NONBLOCK; a read drains the buffer`,
      build({ p }) {
        const { client, server } = connection(p);
        nonblock(p, client);
        const big = p.space(TCP_BUFFER + 64);
        p.sys('write', client, big, 3000);
        p.expectEq('write 3000 returns 3000', ['NET.TCP.STREAM'], 3000);
        p.sys('write', client, big, 3000);
        p.expectEq(`write 3000 returns the ${TCP_BUFFER - 3000} that fit`, ['NET.TCP.STREAM'], TCP_BUFFER - 3000);
        p.sys('write', client, big, 1);
        p.expectErrno('a full buffer fails EAGAIN', ['NET.TCP.STREAM', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
        p.sys('write', server, big, 10);
        p.expectEq('the other direction has its own buffer', ['NET.TCP.STREAM'], 10);
        p.sys('read', server, big, TCP_BUFFER + 64);
        p.expectEq(`read returns ${TCP_BUFFER}`, ['NET.TCP.STREAM'], TCP_BUFFER);
        p.sys('write', client, big, 1);
        p.expectEq('then write returns 1', ['NET.TCP.STREAM'], 1);
      },
    }),
    netCase({
      id: 'tcp/stream/order-and-short-reads',
      description: 'bytes arrive in order; a read returns at most count bytes and what is buffered',
      build({ p }) {
        const { client, server } = connection(p);
        const a = pattern(300, 5);
        const b = pattern(200, 6);
        p.sys('write', client, p.bytes(a), 300);
        p.sys('write', client, p.bytes(b), 200);
        const all = new Uint8Array(500);
        all.set(a);
        all.set(b, 300);
        readExpect(p, server, 100, all.subarray(0, 100), 'the first 100', ['NET.TCP.STREAM']);
        readExpect(p, server, 1000, all.subarray(100), 'the remaining 400', ['NET.TCP.STREAM']);
      },
    }),
    netCase({
      id: 'tcp/stream/blocking-write-waits',
      description: 'a blocking write to a full buffer waits until a child reads, then queues its bytes',
      build({ p }) {
        const { client, server } = connection(p);
        const big = p.space(TCP_BUFFER);
        p.sys('write', client, big, TCP_BUFFER);
        const pid = fork(p, () => {
          p.sys('nanosleep', 0, 2_000_000);
          p.sys('read', server, p.space(100), 100);
          p.exit(new Reg(0));
        });
        p.sys('write', client, big, 500);
        p.expectEq('the write queues the 100 bytes that fit', ['NET.TCP.STREAM'], 100);
        reap(p, pid, 100, 'the child read 100', ['NET.TCP.STREAM']);
      },
    }),
    netCase({
      id: 'tcp/close/peer-eof',
      description: 'after the peer closes, reads return the buffered bytes then 0, poll reports POLLIN|POLLHUP',
      build({ p }) {
        const { client, server } = connection(p);
        p.sys('write', client, p.bytes(bytesOf('bye')), 3);
        p.sys('close', client);
        readExpect(p, server, 8, bytesOf('bye'), 'the buffered bytes', ['NET.TCP.CLOSE']);
        readExpect(p, server, 8, new Uint8Array(0), 'then end of stream', ['NET.TCP.CLOSE']);
        pollOne(p, server, POLLIN | POLLOUT, POLLIN | POLLHUP, ['NET.TCP.CLOSE', 'NET.SOCKET.POLL']);
      },
    }),
    netCase({
      id: 'tcp/close/epipe-ignored',
      description: 'with SIGPIPE ignored, a write after the peer closed fails EPIPE',
      build({ p }) {
        p.sys('sigaction', SIGPIPE, SIG_IGN, 0);
        const { client, server } = connection(p);
        p.sys('close', server);
        p.sys('write', client, p.bytes(bytesOf('x')), 1);
        p.expectErrno('write fails EPIPE', ['NET.TCP.CLOSE'], 'EPIPE');
      },
    }),
    netCase({
      id: 'tcp/close/sigpipe-kills',
      description: 'a child writing after its peer closed is killed by SIGPIPE (default action)',
      build({ p }) {
        const { client, server } = connection(p);
        p.sys('close', server);
        const pid = fork(p, () => {
          p.sys('write', client, p.bytes(bytesOf('x')), 1);
          p.exit(0);
        });
        const st = p.space(8, 8);
        p.sys('waitpid', pid, st, 0);
        p.loadInt(11, st);
        p.expectEq('the child was killed by SIGPIPE', ['NET.TCP.CLOSE', 'PROC.WAIT.STATUS'], SIGPIPE, 11);
      },
    }),
    netCase({
      id: 'tcp/close/listener-queue',
      description: 'closing a listener ends the connections it queued: their clients read end of stream; the port is free again',
      build({ p }) {
        const l = listener(p, PORT);
        const c = socket(p, AF_INET, SOCK_STREAM);
        p.sys('connect', c, LOOPBACK, PORT);
        p.sys('close', l);
        readExpect(p, c, 4, new Uint8Array(0), 'the client', ['NET.TCP.CLOSE']);
        p.sys('bind', socket(p, AF_INET, SOCK_STREAM), PORT);
        p.expectEq('a new socket binds the port', ['NET.TCP.CLOSE', 'NET.BIND.INUSE'], 0);
      },
    }),
    netCase({
      id: 'tcp/io/not-connected',
      description: 'read and write on a UDP, a new TCP and a listening socket fail ENOTCONN; count 0 returns 0',
      build({ p }) {
        const u = socket(p);
        const fresh = socket(p, AF_INET, SOCK_STREAM);
        const l = listener(p, PORT);
        const buf = p.space(8);
        for (const [what, fd] of [['UDP', u], ['new TCP', fresh], ['listening', l]] as const) {
          p.sys('read', fd, buf, 8);
          p.expectErrno(`read on the ${what} socket fails ENOTCONN`, ['NET.SOCKET.IO'], 'ENOTCONN');
          p.sys('write', fd, buf, 8);
          p.expectErrno(`write on the ${what} socket fails ENOTCONN`, ['NET.SOCKET.IO'], 'ENOTCONN');
          p.sys('read', fd, buf, 0);
          p.expectEq(`read of 0 on the ${what} socket returns 0`, ['NET.SOCKET.IO', 'FD.READ.ZERO'], 0);
          p.sys('write', fd, buf, 0);
          p.expectEq(`write of 0 on the ${what} socket returns 0`, ['NET.SOCKET.IO', 'FD.WRITE.ZERO'], 0);
        }
      },
    }),
  ];
}

/** poll one handle with `events` and timeout 0; assert revents. */
function pollOne(p: CaseProgram, fd: Reg, events: number, want: number, clauses: readonly string[]): void {
  const rec = p.space(8, 8);
  p.a.movImm(9, rec).inst('STR_W_uoff', { Rt: fd.n, Rn: 9, imm12: 0 });
  p.a.movImm(10, events).inst('STRH_uoff', { Rt: 10, Rn: 9, imm12: 2 });
  p.sys('poll', rec, 1, 0);
  p.a.movImm(9, rec).inst('LDRH_uoff', { Rt: 11, Rn: 9, imm12: 3 });
  p.expectEq(`revents is 0x${want.toString(16)}`, clauses, want, 11);
}

function pollCases(): CaseDef[] {
  const all = POLLIN | POLLOUT;
  return [
    netCase({
      id: 'tcp/poll/states',
      description: 'poll readiness: new TCP nothing, listener POLLIN with a connection queued, connection POLLOUT and POLLIN with bytes, UDP POLLOUT and POLLIN with a datagram',
      build({ p }) {
        const fresh = socket(p, AF_INET, SOCK_STREAM);
        pollOne(p, fresh, all, 0, ['NET.SOCKET.POLL']);
        const l = listener(p, PORT);
        pollOne(p, l, all, 0, ['NET.SOCKET.POLL']);
        const c = socket(p, AF_INET, SOCK_STREAM);
        p.sys('connect', c, LOOPBACK, PORT);
        pollOne(p, l, all, POLLIN, ['NET.SOCKET.POLL']);
        pollOne(p, c, all, POLLOUT, ['NET.SOCKET.POLL']);
        const a = p.variable();
        p.sys('accept', l).save(a);
        pollOne(p, l, all, 0, ['NET.SOCKET.POLL']);
        p.sys('write', c, p.bytes(bytesOf('z')), 1);
        pollOne(p, a, all, all, ['NET.SOCKET.POLL']);
        pollOne(p, a, POLLIN, POLLIN, ['NET.SOCKET.POLL', 'FD.POLL.READY']);
        const u = socket(p);
        p.sys('bind', u, PORT);
        pollOne(p, u, all, POLLOUT, ['NET.SOCKET.POLL']);
        p.sys('sendto', u, msg(p, { addr: LOOPBACK, port: PORT }));
        pollOne(p, u, all, all, ['NET.SOCKET.POLL', 'NET.UDP.DELIVER']);
      },
    }),
    netCase({
      id: 'tcp/poll/full-buffer',
      description: 'a connection whose peer\'s buffer is full is not POLLOUT until the peer reads',
      build({ p }) {
        const { client, server } = connection(p);
        p.sys('write', client, p.space(TCP_BUFFER), TCP_BUFFER);
        pollOne(p, client, all, 0, ['NET.SOCKET.POLL', 'NET.TCP.STREAM']);
        p.sys('read', server, p.space(16), 16);
        pollOne(p, client, all, POLLOUT, ['NET.SOCKET.POLL', 'NET.TCP.STREAM']);
      },
    }),
    netCase({
      id: 'tcp/poll/wakes',
      description: 'poll with timeout -1 on a listener wakes when a child connects',
      build({ p }) {
        const l = listener(p, PORT);
        const pid = fork(p, () => {
          p.sys('nanosleep', 0, 2_000_000);
          p.sys('connect', socket(p, AF_INET, SOCK_STREAM), LOOPBACK, PORT);
          p.exit(new Reg(0));
        });
        const rec = p.space(8, 8);
        p.a.movImm(9, rec).inst('STR_W_uoff', { Rt: l.n, Rn: 9, imm12: 0 });
        p.a.movImm(10, POLLIN).inst('STRH_uoff', { Rt: 10, Rn: 9, imm12: 2 });
        p.sys('poll', rec, 1, -1);
        p.expectEq('poll returns 1', ['NET.SOCKET.POLL', 'FD.POLL.READY'], 1);
        reap(p, pid, 0, 'the child connected', ['NET.TCP.CONNECT']);
      },
    }),
  ];
}

export function tcpCases(): CaseDef[] {
  return [...exchangeCases(), ...acceptCases(), ...backlogCases(), ...refusalCases(), ...stateCases(), ...peekCases(), ...streamCases(), ...pollCases()];
}
