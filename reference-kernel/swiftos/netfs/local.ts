// The "local" socket family of /net (NETFS.*): stream and seqpacket sockets between processes of
// the machine, addressed by short names. Pure state: the handles (handles.ts) turn its answers
// into syscall outcomes and block on its queues.

import { constValue, type ErrnoName } from '../../../spec/index.js';
import { WaitQueue } from '../waitqueue.js';

export type LocalType = 'stream' | 'seqpacket';
export type SocketState = 'new' | 'bound' | 'listening' | 'connected';

/** Bytes one direction of a connection buffers (NETFS.DATA): the pipe capacity. */
export const LOCAL_CAPACITY = constValue('LIMITS', 'PIPE_CAPACITY');
/** The largest backlog listen takes; larger values are cut to it (NETFS.BACKLOG). */
export const BACKLOG_MAX = 128;

export type NetResult<T> =
  | { readonly ok: true; readonly value: T; readonly clause: string }
  | { readonly ok: false; readonly errno: ErrnoName; readonly clause: string }
  /** Nothing to do yet: wait on `queue` (or fail EAGAIN when non-blocking). */
  | { readonly ok: 'wait'; readonly queue: WaitQueue };

const done = <T>(value: T, clause: string): NetResult<T> => ({ ok: true, value, clause });
const refuse = <T>(errno: ErrnoName, clause: string): NetResult<T> => ({ ok: false, errno, clause });

export class LocalSocket {
  state: SocketState = 'new';
  address: string | null = null;
  backlog = 0;
  /** Server-side ends of connections not accepted yet (a listener's queue). */
  readonly pending: LocalSocket[] = [];
  peer: LocalSocket | null = null;
  /** The peer went away: reads drain then return 0, writes fail EPIPE. */
  peerGone = false;
  /** Handles (factory, ctl, data, accepted) naming the socket (NETFS.LIFETIME). */
  holders = 0;
  /** Waiting in a listener's queue: alive without a handle. */
  queued = false;
  alive = true;
  private stream = new Uint8Array(0);
  private readonly messages: Uint8Array[] = [];
  private buffered = 0;
  /** Data arrived, the peer went, or (listeners) a connection is waiting. */
  readonly readable: WaitQueue;
  /** Room appeared in this socket's receive buffer. */
  readonly roomy: WaitQueue;

  constructor(readonly id: number, readonly type: LocalType, readonly owner: number) {
    this.readable = new WaitQueue(`local socket ${id} readable`);
    this.roomy = new WaitQueue(`local socket ${id} room`);
  }

  get room(): number {
    return LOCAL_CAPACITY - this.buffered;
  }

  get hasData(): boolean {
    return this.buffered > 0 || this.messages.length > 0;
  }

  /** Queues bytes this socket will read (the peer's send). */
  push(bytes: Uint8Array): void {
    if (this.type === 'seqpacket') this.messages.push(bytes.slice());
    else {
      const next = new Uint8Array(this.stream.length + bytes.length);
      next.set(this.stream);
      next.set(bytes, this.stream.length);
      this.stream = next;
    }
    this.buffered += bytes.length;
  }

  /** Takes at most `max` bytes: a stream's next bytes, or the next message (its excess discarded). */
  take(max: number): Uint8Array {
    if (this.type === 'seqpacket') {
      const m = this.messages.shift()!;
      this.buffered -= m.length;
      return m.subarray(0, max);
    }
    const out = this.stream.slice(0, max);
    this.stream = this.stream.slice(out.length);
    this.buffered -= out.length;
    return out;
  }
}

/** One family's sockets, ids and bound names. */
export class LocalFamily {
  readonly sockets = new Map<number, LocalSocket>();
  private nextId = 1;

  constructor(private readonly wake: (q: WaitQueue) => void) {}

  /** NETFS.FACTORY: a new socket with the next id (ids are never reused within a boot). */
  create(type: LocalType, owner: number): LocalSocket {
    const s = new LocalSocket(this.nextId++, type, owner);
    this.sockets.set(s.id, s);
    return s;
  }

  hold(s: LocalSocket): void {
    s.holders++;
  }

  /** NETFS.LIFETIME: the last handle (and no listener queue) ends the socket. */
  drop(s: LocalSocket): void {
    s.holders--;
    this.reapIfUnused(s);
  }

  /** The addresses of listening sockets by increasing id (NETFS.ADDRS). */
  listeningAddresses(): string[] {
    return [...this.sockets.values()].filter((s) => s.state === 'listening').sort((a, b) => a.id - b.id).map((s) => s.address!);
  }

  /** Live sockets by increasing id. */
  ids(): number[] {
    return [...this.sockets.keys()].sort((a, b) => a - b);
  }

  bind(s: LocalSocket, address: string): NetResult<0> {
    if (s.state !== 'new' || s.address !== null) return refuse('EINVAL', 'NETFS.CTL.STATE');
    if (this.boundTo(address)) return refuse('EADDRINUSE', 'NETFS.CTL.BIND');
    s.address = address;
    s.state = 'bound';
    return done(0, 'NETFS.CTL.BIND');
  }

  listen(s: LocalSocket, backlog: number): NetResult<0> {
    if (s.state !== 'bound' && s.state !== 'listening') return refuse('EINVAL', 'NETFS.CTL.STATE');
    s.state = 'listening';
    s.backlog = Math.max(1, Math.min(backlog, BACKLOG_MAX));
    return done(0, 'NETFS.BACKLOG');
  }

  /** Connects at once: the server-side end waits in the listener's queue (NETFS.ACCEPT). */
  connect(s: LocalSocket, address: string): NetResult<0> {
    if (s.state === 'connected' || s.state === 'listening' || s.peerGone) return refuse('EINVAL', 'NETFS.CTL.STATE');
    const listener = this.boundTo(address);
    if (!listener || listener.state !== 'listening' || listener.type !== s.type) return refuse('ECONNREFUSED', 'NETFS.CTL.CONNECT');
    if (listener.pending.length >= listener.backlog) return refuse('ECONNREFUSED', 'NETFS.BACKLOG');
    const server = this.create(s.type, listener.owner);
    server.queued = true;
    server.state = 'connected';
    server.peer = s;
    s.peer = server;
    s.state = 'connected';
    listener.pending.push(server);
    this.wake(listener.readable);
    return done(0, 'NETFS.CTL.CONNECT');
  }

  /** The next waiting connection (no longer queued: the caller's handle must hold it). */
  accept(listener: LocalSocket): NetResult<LocalSocket> {
    if (listener.state !== 'listening') return refuse('EINVAL', 'NETFS.ACCEPT');
    const conn = listener.pending.shift();
    if (!conn) return { ok: 'wait', queue: listener.readable };
    conn.queued = false;
    return done(conn, 'NETFS.ACCEPT');
  }

  send(s: LocalSocket, bytes: Uint8Array): NetResult<number> {
    if (s.peerGone) return refuse('EPIPE', 'NETFS.DATA.PEER');
    const peer = s.peer;
    if (s.state !== 'connected' || peer === null) return refuse('ENOTCONN', 'NETFS.DATA');
    if (s.type === 'seqpacket') {
      if (bytes.length > LOCAL_CAPACITY) return refuse('EINVAL', 'NETFS.DATA.SEQPACKET');
      if (peer.room < bytes.length) return { ok: 'wait', queue: peer.roomy };
      peer.push(bytes);
      this.wake(peer.readable);
      return done(bytes.length, 'NETFS.DATA.SEQPACKET');
    }
    const n = Math.min(peer.room, bytes.length);
    if (n === 0) return { ok: 'wait', queue: peer.roomy };
    peer.push(bytes.subarray(0, n));
    this.wake(peer.readable);
    return done(n, 'NETFS.DATA.STREAM');
  }

  recv(s: LocalSocket, max: number): NetResult<Uint8Array> {
    if (s.hasData) {
      const out = s.take(max);
      this.wake(s.roomy);
      return done(out, s.type === 'seqpacket' ? 'NETFS.DATA.SEQPACKET' : 'NETFS.DATA.STREAM');
    }
    if (s.peerGone) return done(new Uint8Array(0), 'NETFS.DATA.PEER');
    if (s.state !== 'connected') return refuse('ENOTCONN', 'NETFS.DATA');
    return { ok: 'wait', queue: s.readable };
  }

  private boundTo(address: string): LocalSocket | undefined {
    for (const s of this.sockets.values()) if (s.address === address) return s;
    return undefined;
  }

  private reapIfUnused(s: LocalSocket): void {
    if (!s.alive || s.holders > 0 || s.queued) return;
    s.alive = false;
    this.sockets.delete(s.id);
    s.address = null;
    for (const conn of s.pending.splice(0)) {
      conn.queued = false;
      this.reapIfUnused(conn);
    }
    const peer = s.peer;
    if (peer) {
      peer.peerGone = true;
      this.wake(peer.readable);
      this.wake(peer.roomy);
    }
    this.wake(s.readable);
    this.wake(s.roomy);
  }
}
