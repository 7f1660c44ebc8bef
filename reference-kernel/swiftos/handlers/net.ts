// The network rows (NET.*): sockets, datagrams and connections on the machine's simulated
// network (net/stack.ts), resolve and netinfo. Socket read/write/poll live on the object
// (objects/socket.ts).

import {
  constValue, decodeLayout, DEFAULT_HANDLE_RIGHTS, encodeLayout, layout, rightsMask, type Layout, type LayoutValues,
} from '../../../spec/index.js';
import type { AddressSpace } from '../../../cpu/memory/address-space.js';
import { NET_TIMEOUT_NS, netStack, UDP_PAYLOAD_MAX, UDP_QUEUE_MAX, type NetStack } from '../net/stack.js';
import { Socket, type SocketFamily } from '../objects/socket.js';
import { fail, ok, type HandlerResult, type Outcome } from '../result.js';
import type { Handler, SyscallContext } from './context.js';

const AF_INET = constValue('ADDRESS_FAMILIES', 'AF_INET');
const SOCK_STREAM = constValue('SOCKET_TYPES', 'SOCK_STREAM');
const IPPROTO_DEFAULT = constValue('IP_PROTOCOLS', 'IPPROTO_DEFAULT');
const IPPROTO_TCP = constValue('IP_PROTOCOLS', 'IPPROTO_TCP');
const IPPROTO_UDP = constValue('IP_PROTOCOLS', 'IPPROTO_UDP');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const SOCKET_RIGHTS = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'socket')!.rights);
const NETINFO = layout('netinfo');
const FLAG = (name: string): number => constValue('NETINFO_FLAGS', name);
const NETINFO_UP = FLAG('SWIFTOS_NETINFO_READY') | FLAG('SWIFTOS_NETINFO_DHCP4') | FLAG('SWIFTOS_NETINFO_STATIC6') | FLAG('SWIFTOS_NETINFO_GW6');
const TWO_53 = 2n ** 53n;

/** The socket behind the row's validated `fd` argument. */
function socketArg(ctx: SyscallContext): Socket {
  return ctx.args.fd('fd').handle!.object as Socket;
}

/** Starts (or continues) the bounded wait of a blocking network call (NET.RECV.TIMEOUT). */
function wait(ctx: SyscallContext, q: Parameters<SyscallContext['kernel']['block']>[1]): HandlerResult {
  if (ctx.kernel.timedOut(ctx.thread)) {
    q?.remove(ctx.thread);
    return fail('ETIMEDOUT', 'NET.RECV.TIMEOUT');
  }
  return ctx.kernel.block(ctx.thread, q, NET_TIMEOUT_NS);
}

// ---- socket, bind, listen ---------------------------------------------------------------------

function sysSocket(ctx: SyscallContext): HandlerResult {
  const family: SocketFamily = ctx.args.num('domain') === AF_INET ? 'inet' : 'inet6';
  const stream = ctx.args.num('type') === SOCK_STREAM;
  const proto = ctx.args.num('proto');
  if (proto !== IPPROTO_DEFAULT && proto !== (stream ? IPPROTO_TCP : IPPROTO_UDP)) return fail('EINVAL', 'NET.SOCKET.PROTO');
  const stack = netStack(ctx.kernel);
  if (!stack.config.up) return fail('ENETDOWN', 'NET.DOWN');
  const table = ctx.kernel.handles(ctx.process);
  if (!table.hasFree()) return fail('EMFILE', 'FD.TABLE.FULL');
  const s = stack.create(family, stream ? 'tcp' : 'udp');
  if (s === null) return fail('ENOMEM', 'NET.NOMEM');
  return ok(table.install({ object: s, rights: SOCKET_RIGHTS, cloexec: false }), 'NET.SOCKET.CREATE');
}

function sysBind(ctx: SyscallContext): HandlerResult {
  const s = socketArg(ctx);
  const port = Number(ctx.args.big('port'));
  if (s.port !== null) return fail('EINVAL', 'NET.BIND.ONCE');
  const stack = s.stack;
  const bound = port === 0 ? stack.bindEphemeral(s) : stack.bind(s, port);
  return bound ? ok(0, 'NET.BIND.PORT') : fail('EADDRINUSE', 'NET.BIND.INUSE');
}

function sysListen(ctx: SyscallContext): HandlerResult {
  const s = socketArg(ctx);
  const backlog = Number(ctx.args.big('backlog'));
  if (s.proto !== 'tcp') return fail('EINVAL', 'NET.TCP.ONLY');
  if (s.tcp === 'connected') return fail('EINVAL', 'NET.TCP.STATE');
  // An ephemeral port is always free: at most SOCKET_MAX sockets hold ports.
  if (s.port === null && !s.stack.bindEphemeral(s)) return fail('EADDRINUSE', 'NET.BIND.INUSE');
  s.tcp = 'listening';
  s.backlog = Math.max(1, backlog);
  ctx.kernel.wake(s.room);
  return ok(0, 'NET.TCP.LISTEN');
}

// ---- TCP: accept, connect, recv ---------------------------------------------------------------

function sysAccept(ctx: SyscallContext): HandlerResult {
  const s = socketArg(ctx);
  if (s.proto !== 'tcp' || s.tcp !== 'listening') return fail('EINVAL', 'NET.ACCEPT.NOTLISTENING');
  const table = ctx.kernel.handles(ctx.process);
  if (!table.hasFree()) return fail('EMFILE', 'FD.TABLE.FULL');
  const conn = s.queued.shift();
  if (conn === undefined) {
    if (s.nonblocking) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
    return wait(ctx, s.arrivals);
  }
  conn.statusFlags = s.statusFlags & O_NONBLOCK;
  const fd = table.install({ object: conn, rights: SOCKET_RIGHTS, cloexec: false });
  ctx.kernel.wake(s.room);
  return ok(fd, 'NET.TCP.ACCEPT');
}

function sysConnect(ctx: SyscallContext): HandlerResult {
  const s = socketArg(ctx);
  const ip = Number(ctx.args.big('ip'));
  const port = Number(ctx.args.big('port'));
  if (s.proto !== 'tcp') return fail('EINVAL', 'NET.TCP.ONLY');
  if (s.tcp !== 'new') return fail('EINVAL', 'NET.TCP.STATE');
  const stack = s.stack;
  if (!stack.reachable4(ip)) return fail('EHOSTUNREACH', 'NET.UNREACH');
  const listener = stack.holder(s.family, 'tcp', port);
  if (listener === undefined || listener.tcp !== 'listening') return fail('ECONNREFUSED', 'NET.CONNECT.REFUSED');
  if (listener.queued.length >= listener.backlog) {
    if (s.nonblocking) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
    return wait(ctx, listener.room);
  }
  const server = stack.create(s.family, 'tcp');
  if (server === null) return fail('ENOMEM', 'NET.NOMEM');
  // An ephemeral port is always free: at most SOCKET_MAX sockets hold ports.
  if (s.port === null && !stack.bindEphemeral(s)) {
    stack.close(server);
    return fail('ENOMEM', 'NET.NOMEM');
  }
  server.tcp = 'connected';
  server.peer = s;
  s.peer = server;
  s.tcp = 'connected';
  listener.queued.push(server);
  ctx.kernel.wake(listener.arrivals);
  return ok(0, 'NET.TCP.CONNECT');
}

function sysRecv(ctx: SyscallContext): HandlerResult {
  const s = socketArg(ctx);
  const { addr, length } = ctx.args.buffer('buf');
  if (!s.connected) return fail('EINVAL', 'NET.RECV.PEEKONLY');
  if (length === 0) return ok(0, 'NET.RECV.PEEK');
  const buf = s.inbound;
  if (buf.length === 0) {
    if (s.peerClosed) return ok(0, 'NET.TCP.CLOSE');
    if (s.nonblocking) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
    return wait(ctx, buf.readable);
  }
  const data = buf.peek(length);
  ctx.process.space.copyOut(addr, data);
  return ok(data.length, 'NET.RECV.PEEK');
}

// ---- UDP: sendto, recvfrom --------------------------------------------------------------------

/** A udp_msg or udp_msg_v6 record (by the socket's family) with its buffer checked (NET.UDP.SIZE). */
interface UdpMsg {
  readonly layout: Layout;
  /** The buf field as written (written back unchanged by recvfrom). */
  readonly bufField: bigint;
  readonly buf: number;
  readonly len: number;
  readonly ip: number;
  readonly ip6: Uint8Array;
  readonly port: number;
}

function address(v: bigint): number {
  return v < TWO_53 ? Number(v) : Number.POSITIVE_INFINITY;
}

/**
 * Reads the message record at `at` and checks its fields in order: the buffer is `access`ible
 * for len bytes (not looked at when len is 0), then, for sendto, len is at most UDP_PAYLOAD_MAX.
 */
function readMsg(space: AddressSpace, s: Socket, at: number, access: 'read' | 'write'): UdpMsg | Outcome {
  const l = layout(s.family === 'inet6' ? 'udp_msg_v6' : 'udp_msg');
  const bytes = space.copyIn(at, l.size);
  if (bytes === null || (access === 'write' && !space.accessible(at, l.size, 'write'))) return fail('EFAULT', 'ABI.FAULT');
  const v = decodeLayout(l, bytes);
  const bufField = v['buf'] as bigint;
  const buf = address(bufField);
  const len = v['len'] as number;
  if (len > 0 && !space.accessible(buf, len, access)) return fail('EFAULT', 'ABI.FAULT');
  if (access === 'read' && len > UDP_PAYLOAD_MAX) return fail('EINVAL', 'NET.UDP.SIZE');
  const ip6 = s.family === 'inet6' ? Uint8Array.from(v['ip6'] as Uint8Array) : new Uint8Array(16);
  return { layout: l, bufField, buf, len, ip: s.family === 'inet' ? (v['ip'] as number) >>> 0 : 0, ip6, port: v['port'] as number };
}

function sysSendto(ctx: SyscallContext): HandlerResult {
  const s = socketArg(ctx);
  const space = ctx.process.space;
  const msg = readMsg(space, s, ctx.args.struct('msg').addr, 'read');
  if ('ret' in msg) return msg;
  if (s.proto !== 'udp') return fail('EINVAL', 'NET.UDP.ONLY');
  const stack = s.stack;
  const reachable = s.family === 'inet' ? stack.reachable4(msg.ip) : stack.reachable6(msg.ip6);
  if (!reachable) return fail('EHOSTUNREACH', 'NET.UNREACH');
  // An ephemeral port is always free: at most SOCKET_MAX sockets hold ports.
  if (s.port === null && !stack.bindEphemeral(s)) return fail('EHOSTUNREACH', 'NET.UNREACH');
  deliver(ctx, stack, s, msg, msg.len > 0 ? space.copyIn(msg.buf, msg.len)! : new Uint8Array(0));
  return ok(msg.len, 'NET.UDP.SEND');
}

/** NET.UDP.DELIVER: onto the queue of the socket bound to the destination port, unless it is full. */
function deliver(ctx: SyscallContext, stack: NetStack, from: Socket, msg: UdpMsg, data: Uint8Array): void {
  const to = stack.holder(from.family, 'udp', msg.port);
  if (to === undefined || to.datagrams.length >= UDP_QUEUE_MAX) return;
  to.datagrams.push({ data, port: from.port!, from: from.family === 'inet' ? msg.ip : msg.ip6 });
  ctx.kernel.wake(to.arrivals);
}

function sysRecvfrom(ctx: SyscallContext): HandlerResult {
  const s = socketArg(ctx);
  const space = ctx.process.space;
  const at = ctx.args.struct('msg').addr;
  const msg = readMsg(space, s, at, 'write');
  if ('ret' in msg) return msg;
  if (s.proto !== 'udp') return fail('EINVAL', 'NET.UDP.ONLY');
  const d = s.datagrams.shift();
  if (d === undefined) {
    if (s.nonblocking) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
    return wait(ctx, s.arrivals);
  }
  const n = Math.min(msg.len, d.data.length);
  if (n > 0) space.copyOut(msg.buf, d.data.subarray(0, n));
  const source: LayoutValues = typeof d.from === 'number' ? { ip: d.from } : { ip6: d.from, scope: 0 };
  const out = encodeLayout(msg.layout, { buf: msg.bufField, len: n, port: d.port, ...source });
  space.copyOut(at, out);
  return ok(n, n < d.data.length ? 'NET.UDP.TRUNC' : 'NET.UDP.RECV');
}

// ---- resolve, netinfo -------------------------------------------------------------------------

function sysResolve(ctx: SyscallContext): HandlerResult {
  const stack = netStack(ctx.kernel);
  if (!stack.config.up) return ok(0, 'NET.DOWN');
  const name = ctx.args.string('name').text!;
  const ip = stack.resolve(name, Number(ctx.args.big('server_ip')), Number(ctx.args.big('server_port')));
  return ip === 0 ? ok(0, 'NET.RESOLVE.FAIL') : ok(ip, 'NET.RESOLVE.VALUE');
}

function sysNetinfo(ctx: SyscallContext): HandlerResult {
  const { addr } = ctx.args.buffer('buffer');
  const c = netStack(ctx.kernel).config;
  const record = c.up
    ? encodeLayout(NETINFO, {
      flags: NETINFO_UP, ipv4: c.ipv4, gateway4: c.gateway4, dns4: c.dns4, mask4: c.mask4,
      ipv6: c.ipv6, gateway6: c.gateway6, prefix6: c.prefix6,
    })
    : new Uint8Array(NETINFO.size);
  ctx.process.space.copyOut(addr, record);
  return ok(0, c.up ? 'NET.NETINFO.SNAPSHOT' : 'NET.DOWN');
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const NET_HANDLERS: Readonly<Record<string, Handler>> = {
  socket: sysSocket,
  bind: sysBind,
  sendto: sysSendto,
  recvfrom: sysRecvfrom,
  listen: sysListen,
  accept: sysAccept,
  connect: sysConnect,
  resolve: sysResolve,
  netinfo: sysNetinfo,
  recv: sysRecv,
};
