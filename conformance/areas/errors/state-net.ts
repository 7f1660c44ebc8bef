// The network rows' own errors (NET.*): protocol and state checks, the socket table, ports,
// reachability, refused and full listeners, the bounded waits (NET.RECV.TIMEOUT), O_NONBLOCK,
// interrupted waits (SIG.INTR), and read/write on sockets that carry no stream.

import { constValue, encodeLayout, layout, type ErrnoName } from '../../../spec/index.js';
import type { Reg } from '../../program/builder.js';
import type { Recipe } from './cells.js';
import type { Ctx } from './kit.js';
import type { Given } from './matrix.js';
import { setNonblock, stateRecipe, type StateSpec } from './state-kit.js';

const AF_INET = constValue('ADDRESS_FAMILIES', 'AF_INET');
const SOCK_STREAM = constValue('SOCKET_TYPES', 'SOCK_STREAM');
const SOCK_DGRAM = constValue('SOCKET_TYPES', 'SOCK_DGRAM');
const IPPROTO_UDP = constValue('IP_PROTOCOLS', 'IPPROTO_UDP');
const LOOPBACK = constValue('NET_ADDRESSES', 'NET_LOOPBACK4');
const SOCKET_MAX = constValue('NET_LIMITS', 'SOCKET_MAX');
const PAYLOAD_MAX = constValue('NET_LIMITS', 'UDP_PAYLOAD_MAX');
const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');
const SIG_IGN = constValue('SIG_HANDLERS', 'SIG_IGN');
/** Outside the machine (NET.UNREACH). */
const REMOTE = 0x0808_0808;
const PORT = 7000;

function udp(ctx: Ctx): Reg {
  return ctx.call('socket', AF_INET, SOCK_DGRAM, 0);
}

function tcp(ctx: Ctx): Reg {
  return ctx.call('socket', AF_INET, SOCK_STREAM, 0);
}

/** A TCP socket listening on PORT with `backlog`. */
function listener(ctx: Ctx, backlog = 4): Reg {
  const s = tcp(ctx);
  ctx.sys('bind', s, PORT).sys('listen', s, backlog);
  return s;
}

/** A listener on PORT whose queue (backlog 0: one connection) is already full. */
function fullListener(ctx: Ctx): Reg {
  const l = listener(ctx, 0);
  ctx.sys('connect', tcp(ctx), LOOPBACK, PORT);
  return l;
}

/** Both ends of a connection over loopback: the connecting socket and the accepted one. */
function connection(ctx: Ctx): { client: Reg; server: Reg } {
  const l = listener(ctx);
  const client = tcp(ctx);
  ctx.sys('connect', client, LOOPBACK, PORT);
  return { client, server: ctx.call('accept', l) };
}

/** A udp_msg record. */
function msg(ctx: Ctx, v: { buf?: number; len?: number; ip?: number; port?: number }): number {
  return ctx.bytes(encodeLayout(layout('udp_msg'), { buf: BigInt(v.buf ?? 0), len: v.len ?? 0, ip: v.ip ?? 0, port: v.port ?? 0 }), 8);
}

function spec(row: string, errno: ErrnoName, clause: string, variant: string, what: string, rest: Partial<StateSpec> = {}): StateSpec {
  return { row, errno, clause, variant, what, ...rest };
}

function sockets(): StateSpec[] {
  return [
    spec('socket', 'EINVAL', 'NET.SOCKET.PROTO', 'stream-udp', 'SOCK_STREAM with IPPROTO_UDP', { args: { domain: AF_INET, type: SOCK_STREAM, proto: IPPROTO_UDP } }),
    spec('socket', 'ENETDOWN', 'NET.DOWN', 'network-down', 'a socket with the network down', { boot: { network: { up: false } } }),
    spec('socket', 'ENOMEM', 'NET.NOMEM', 'table-full', `a socket while ${SOCKET_MAX} are open`, {
      setup: (ctx) => {
        for (let i = 0; i < SOCKET_MAX; i++) ctx.sys('socket', AF_INET, SOCK_DGRAM, 0);
      },
    }),
    spec('socket', 'EMFILE', 'FD.TABLE.FULL', 'handles-full', 'a socket with every handle number in use', { setup: (ctx) => ctx.fillHandleTable() }),
    spec('bind', 'EINVAL', 'NET.BIND.ONCE', 'bound', 'binding a socket that has a port', {
      setup: (ctx) => {
        const s = udp(ctx);
        ctx.sys('bind', s, PORT);
        return { fd: s, port: PORT + 1 };
      },
    }),
    spec('bind', 'EADDRINUSE', 'NET.BIND.INUSE', 'taken', 'binding a port another UDP socket holds', {
      setup: (ctx) => {
        ctx.sys('bind', udp(ctx), PORT);
        return { fd: udp(ctx), port: PORT };
      },
    }),
  ];
}

function datagrams(): StateSpec[] {
  const recvOn = (fd: (ctx: Ctx) => Reg): ((ctx: Ctx) => Readonly<Record<string, Given>>) => (ctx) => ({ fd: fd(ctx), msg: msg(ctx, {}) });
  const bound = (ctx: Ctx): Reg => {
    const s = udp(ctx);
    ctx.sys('bind', s, PORT);
    return s;
  };
  return [
    spec('sendto', 'EINVAL', 'NET.UDP.SIZE', 'too-long', `a ${PAYLOAD_MAX + 1}-byte datagram`, {
      setup: (ctx) => ({ msg: msg(ctx, { buf: ctx.space(PAYLOAD_MAX + 1), len: PAYLOAD_MAX + 1, ip: LOOPBACK, port: PORT }) }),
    }),
    spec('sendto', 'EINVAL', 'NET.UDP.ONLY', 'tcp', 'sendto on a TCP socket', { setup: (ctx) => ({ fd: tcp(ctx), msg: msg(ctx, { ip: LOOPBACK, port: PORT }) }) }),
    spec('sendto', 'EHOSTUNREACH', 'NET.UNREACH', 'remote', 'a datagram to 8.8.8.8', { setup: (ctx) => ({ msg: msg(ctx, { ip: REMOTE, port: 53 }) }) }),
    spec('recvfrom', 'EINVAL', 'NET.UDP.ONLY', 'tcp', 'recvfrom on a TCP socket', { setup: recvOn(tcp) }),
    spec('recvfrom', 'EAGAIN', 'FD.NONBLOCK.EAGAIN', 'nonblock-empty', 'recvfrom on an empty O_NONBLOCK socket', {
      setup: recvOn((ctx) => {
        const s = bound(ctx);
        setNonblock(ctx, s);
        return s;
      }),
    }),
    spec('recvfrom', 'ETIMEDOUT', 'NET.RECV.TIMEOUT', 'empty', 'recvfrom waiting 15 s on an empty socket', { setup: recvOn(bound) }),
  ];
}

function streams(): StateSpec[] {
  return [
    spec('listen', 'EINVAL', 'NET.TCP.ONLY', 'udp', 'listen on a UDP socket', { setup: (ctx) => ({ fd: udp(ctx) }) }),
    spec('listen', 'EINVAL', 'NET.TCP.STATE', 'connected', 'listen on a connected socket', { setup: (ctx) => ({ fd: connection(ctx).client }) }),
    spec('accept', 'EINVAL', 'NET.ACCEPT.NOTLISTENING', 'new-tcp', 'accept on a TCP socket that is not listening', { setup: (ctx) => ({ fd: tcp(ctx) }) }),
    spec('accept', 'EAGAIN', 'FD.NONBLOCK.EAGAIN', 'nonblock-empty', 'accept on an O_NONBLOCK listener with nothing queued', {
      setup: (ctx) => {
        const l = listener(ctx);
        setNonblock(ctx, l);
        return { fd: l };
      },
    }),
    spec('accept', 'ETIMEDOUT', 'NET.RECV.TIMEOUT', 'empty', 'accept waiting 15 s with nothing queued', { setup: (ctx) => ({ fd: listener(ctx) }) }),
    spec('accept', 'EMFILE', 'FD.TABLE.FULL', 'handles-full', 'accept with a connection queued and every handle number in use', {
      setup: (ctx) => {
        const l = listener(ctx);
        ctx.sys('connect', tcp(ctx), LOOPBACK, PORT);
        ctx.fillHandleTable();
        return { fd: l };
      },
    }),
    spec('connect', 'EINVAL', 'NET.TCP.ONLY', 'udp', 'connect on a UDP socket', { setup: (ctx) => ({ fd: udp(ctx), ip: LOOPBACK, port: PORT }) }),
    spec('connect', 'EINVAL', 'NET.TCP.STATE', 'listening', 'connect on a listening socket', { setup: (ctx) => ({ fd: listener(ctx), ip: LOOPBACK, port: PORT }) }),
    spec('connect', 'EHOSTUNREACH', 'NET.UNREACH', 'remote', 'connect to 8.8.8.8', { setup: (ctx) => ({ fd: tcp(ctx), ip: REMOTE, port: 80 }) }),
    spec('connect', 'ECONNREFUSED', 'NET.CONNECT.REFUSED', 'no-listener', 'connect to a loopback port nobody listens on', { setup: (ctx) => ({ fd: tcp(ctx), ip: LOOPBACK, port: PORT }) }),
    spec('connect', 'EAGAIN', 'FD.NONBLOCK.EAGAIN', 'backlog-full', 'an O_NONBLOCK connect to a listener whose queue is full', {
      setup: (ctx) => {
        fullListener(ctx);
        const s = tcp(ctx);
        setNonblock(ctx, s);
        return { fd: s, ip: LOOPBACK, port: PORT };
      },
    }),
    spec('connect', 'ETIMEDOUT', 'NET.RECV.TIMEOUT', 'backlog-full', 'connect waiting 15 s on a listener whose queue stays full', {
      setup: (ctx) => {
        fullListener(ctx);
        return { fd: tcp(ctx), ip: LOOPBACK, port: PORT };
      },
    }),
    spec('connect', 'ENOMEM', 'NET.NOMEM', 'table-full', `connect when the server side finds no free socket (${SOCKET_MAX} open)`, {
      setup: (ctx) => {
        listener(ctx);
        for (let i = 0; i < SOCKET_MAX - 2; i++) ctx.sys('socket', AF_INET, SOCK_DGRAM, 0);
        return { fd: tcp(ctx), ip: LOOPBACK, port: PORT };
      },
    }),
    spec('recv', 'EINVAL', 'NET.RECV.PEEKONLY', 'udp', 'recv on a UDP socket', { setup: (ctx) => ({ fd: udp(ctx) }) }),
    spec('recv', 'EAGAIN', 'FD.NONBLOCK.EAGAIN', 'nonblock-empty', 'recv on an O_NONBLOCK connection with nothing buffered', {
      setup: (ctx) => {
        const { client } = connection(ctx);
        setNonblock(ctx, client);
        return { fd: client };
      },
    }),
    spec('recv', 'ETIMEDOUT', 'NET.RECV.TIMEOUT', 'empty', 'recv waiting 15 s on a connection with nothing buffered', { setup: (ctx) => ({ fd: connection(ctx).client }) }),
    spec('read', 'ENOTCONN', 'NET.SOCKET.IO', 'udp', 'read on a UDP socket', { setup: (ctx) => ({ fd: udp(ctx) }) }),
    spec('write', 'ENOTCONN', 'NET.SOCKET.IO', 'new-tcp', 'write on a TCP socket that is not connected', { setup: (ctx) => ({ fd: tcp(ctx) }) }),
    spec('write', 'EPIPE', 'NET.TCP.CLOSE', 'peer-closed', 'write on a connection whose peer closed (SIGPIPE ignored)', {
      setup: (ctx) => {
        ctx.sys('sigaction', SIGPIPE, SIG_IGN, 0);
        const { client, server } = connection(ctx);
        ctx.sys('close', server);
        return { fd: client };
      },
    }),
  ];
}

/** Network waits only a signal ends early (SIG.INTR). */
function interrupted(): StateSpec[] {
  const stops = new WeakMap<Ctx, { stopWord: number }>();
  const waits: readonly { row: string; what: string; setup: (ctx: Ctx) => Readonly<Record<string, Given>> }[] = [
    { row: 'recvfrom', what: 'recvfrom waits on an empty socket', setup: (ctx) => ({ fd: udp(ctx), msg: msg(ctx, {}) }) },
    { row: 'accept', what: 'accept waits on an empty listener', setup: (ctx) => ({ fd: listener(ctx) }) },
    {
      row: 'connect', what: 'connect waits on a full listener',
      setup: (ctx) => {
        fullListener(ctx);
        return { fd: tcp(ctx), ip: LOOPBACK, port: PORT };
      },
    },
    { row: 'recv', what: 'recv waits on a quiet connection', setup: (ctx) => ({ fd: connection(ctx).client }) },
  ];
  return waits.map((w) => spec(w.row, 'EINTR', 'SIG.INTR', 'waiting', `a signal with a handler while ${w.what}`, {
    setup: (ctx) => {
      const given = w.setup(ctx);
      stops.set(ctx, ctx.interrupter());
      return given;
    },
    after: (ctx) => {
      const stop = stops.get(ctx);
      if (stop !== undefined) ctx.stopInterrupter(stop);
    },
  }));
}

export function netStateRecipes(): Recipe[] {
  return [...sockets(), ...datagrams(), ...streams(), ...interrupted()].map(stateRecipe);
}
