import { constValue } from '../../../spec/index.js';
import type { SyscallContext } from '../handlers/context.js';
import type { Handle, KObject } from '../handles.js';
import type { NetStack } from '../net/stack.js';
import { fail, ok, type HandlerResult } from '../result.js';
import { WaitQueue } from '../waitqueue.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');
/** Bytes buffered in each direction of a connection (NET.TCP.STREAM). */
export const TCP_BUFFER = constValue('NET_LIMITS', 'TCP_BUFFER');

export type SocketFamily = 'inet' | 'inet6';
export type SocketProto = 'tcp' | 'udp';
/** A TCP socket is new until listen or connect (or it is the server side of a connection). */
export type TcpState = 'new' | 'listening' | 'connected';

/** A queued datagram: its bytes, the sender's port and the address it was sent to (NET.UDP.DELIVER). */
export interface Datagram {
  readonly data: Uint8Array;
  readonly port: number;
  /** Host-order IPv4, or 16 bytes of IPv6. */
  readonly from: number | Uint8Array;
}

/** One direction of a connection: bytes written by one socket for the other to read. */
export class StreamBuffer {
  private data = new Uint8Array(0);
  /** Woken when bytes arrive or the writer goes away. */
  readonly readable = new WaitQueue('socket stream readable');
  /** Woken when bytes are taken or the reader goes away. */
  readonly writable = new WaitQueue('socket stream writable');

  get length(): number {
    return this.data.length;
  }

  get room(): number {
    return TCP_BUFFER - this.data.length;
  }

  push(bytes: Uint8Array): void {
    const next = new Uint8Array(this.data.length + bytes.length);
    next.set(this.data);
    next.set(bytes, this.data.length);
    this.data = next;
  }

  peek(max: number): Uint8Array {
    return this.data.slice(0, max);
  }

  take(max: number): Uint8Array {
    const out = this.peek(max);
    this.data = this.data.slice(out.length);
    return out;
  }
}

/**
 * A socket of the simulated network (NET.*): UDP (a queue of datagrams) or TCP (new, a
 * listener with a queue of connections, or one end of a connection). Handles made by dup, fork
 * and transfers share it; its last release closes it (NET.TCP.CLOSE) and frees its slot
 * (NET.NOMEM) and port (NET.BIND.INUSE).
 */
export class Socket implements KObject {
  readonly kind = 'socket' as const;
  /** O_NONBLOCK, shared by every handle on the socket (FD.FCNTL.SETFL). */
  statusFlags = 0;
  /** The local port, once bound (NET.BIND.PORT). */
  port: number | null = null;
  tcp: TcpState = 'new';
  /** False once closed: the socket is out of the stack's table. */
  open = true;
  /** UDP: datagrams not yet received (NET.UDP.DELIVER). */
  readonly datagrams: Datagram[] = [];
  /** Listener: connections accept has not taken yet (NET.TCP.BACKLOG). */
  readonly queued: Socket[] = [];
  backlog = 1;
  /** Woken when a datagram or a connection arrives, or the socket closes. */
  readonly arrivals = new WaitQueue('socket arrivals');
  /** Listener: woken when its queue gets room or it closes (connects wait here). */
  readonly room = new WaitQueue('listener backlog');
  /** Connection: bytes the peer wrote for this socket. */
  readonly inbound = new StreamBuffer();
  /** Connection: the other end, while it is open. */
  peer: Socket | null = null;
  /** Connection: the other end has closed (EOF, EPIPE). */
  peerClosed = false;
  private refs = 0;

  constructor(
    readonly stack: NetStack,
    readonly family: SocketFamily,
    readonly proto: SocketProto,
  ) {}

  get nonblocking(): boolean {
    return (this.statusFlags & O_NONBLOCK) !== 0;
  }

  /** A TCP socket with a connection (possibly one whose peer has closed). */
  get connected(): boolean {
    return this.proto === 'tcp' && this.tcp === 'connected';
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) this.stack.close(this);
  }

  /** NET.SOCKET.POLL. */
  pollEvents(): number {
    if (this.proto === 'udp') return (this.datagrams.length > 0 ? POLLIN : 0) | POLLOUT;
    if (this.tcp === 'listening') return this.queued.length > 0 ? POLLIN : 0;
    if (this.tcp === 'new') return 0;
    const room = this.peer !== null && this.peer.inbound.room > 0;
    return (this.inbound.length > 0 || this.peerClosed ? POLLIN : 0) | (!this.peerClosed && room ? POLLOUT : 0) | (this.peerClosed ? POLLHUP : 0);
  }

  /** read(2): NET.TCP.STREAM, NET.SOCKET.IO. */
  readInto(ctx: SyscallContext, _handle: Handle, addr: number, length: number): HandlerResult {
    if (!this.connected) return fail('ENOTCONN', 'NET.SOCKET.IO');
    const buf = this.inbound;
    if (buf.length === 0) {
      if (this.peerClosed) return ok(0, 'NET.TCP.CLOSE');
      if (this.nonblocking) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
      return ctx.kernel.block(ctx.thread, buf.readable);
    }
    const data = buf.take(length);
    ctx.process.space.copyOut(addr, data);
    ctx.kernel.wake(buf.writable);
    return ok(data.length, 'NET.TCP.STREAM');
  }

  /** write(2): NET.TCP.STREAM, NET.TCP.CLOSE, NET.SOCKET.IO. */
  writeFrom(ctx: SyscallContext, _handle: Handle, bytes: Uint8Array): HandlerResult {
    if (!this.connected) return fail('ENOTCONN', 'NET.SOCKET.IO');
    if (this.peerClosed || this.peer === null) {
      ctx.kernel.signal(ctx.process, SIGPIPE);
      return fail('EPIPE', 'NET.TCP.CLOSE');
    }
    const buf = this.peer.inbound;
    if (buf.room === 0) {
      if (this.nonblocking) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
      return ctx.kernel.block(ctx.thread, buf.writable);
    }
    const n = Math.min(buf.room, bytes.length);
    buf.push(bytes.subarray(0, n));
    ctx.kernel.wake(buf.readable);
    return ok(n, 'NET.TCP.STREAM');
  }
}
