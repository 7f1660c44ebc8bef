// The simulated network stack of one kernel (NET.MACHINE): the socket table, the port spaces,
// reachability and the DNS server's table. Sockets talk only to sockets of the same machine.

import { constValue } from '../../../spec/index.js';
import type { Kernel } from '../kernel.js';
import { Socket, type SocketFamily, type SocketProto } from '../objects/socket.js';
import { foldName, LOOPBACK6, netConfig, type NetConfig } from './config.js';

/** Sockets the machine holds at once (NET.NOMEM). */
export const SOCKET_MAX = constValue('NET_LIMITS', 'SOCKET_MAX');
/** Datagrams one UDP socket queues (NET.UDP.DELIVER). */
export const UDP_QUEUE_MAX = constValue('NET_LIMITS', 'UDP_QUEUE_MAX');
/** The largest datagram payload (NET.UDP.SIZE). */
export const UDP_PAYLOAD_MAX = constValue('NET_LIMITS', 'UDP_PAYLOAD_MAX');
/** How long a blocking recvfrom, recv, accept or connect waits (NET.RECV.TIMEOUT), in ns. */
export const NET_TIMEOUT_NS = constValue('NET_LIMITS', 'NET_TIMEOUT_MS') * 1_000_000;
const EPHEMERAL_PORT_MIN = constValue('NET_LIMITS', 'EPHEMERAL_PORT_MIN');
const DNS_PORT = constValue('NET_LIMITS', 'DNS_PORT');
const PORT_MAX = 65535;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class NetStack {
  readonly config: NetConfig;
  /** Open sockets, connection sockets a listener made included (NET.NOMEM). */
  private readonly live = new Set<Socket>();
  /** "family/proto/port" → the socket holding the port (NET.BIND.INUSE). */
  private readonly ports = new Map<string, Socket>();

  constructor(readonly kernel: Kernel) {
    this.config = netConfig(kernel.opts.network);
  }

  get size(): number {
    return this.live.size;
  }

  /** A new socket in the table, or null when SOCKET_MAX are open (NET.NOMEM). */
  create(family: SocketFamily, proto: SocketProto): Socket | null {
    if (this.live.size >= SOCKET_MAX) return null;
    const s = new Socket(this, family, proto);
    this.live.add(s);
    return s;
  }

  private key(family: SocketFamily, proto: SocketProto, port: number): string {
    return `${family}/${proto}/${port}`;
  }

  /** The socket holding `port` in its family's and protocol's space. */
  holder(family: SocketFamily, proto: SocketProto, port: number): Socket | undefined {
    return this.ports.get(this.key(family, proto, port));
  }

  /** Gives `s` the port (1..65535), or returns false when another socket holds it. */
  bind(s: Socket, port: number): boolean {
    const key = this.key(s.family, s.proto, port);
    if (this.ports.has(key)) return false;
    this.ports.set(key, s);
    s.port = port;
    return true;
  }

  /** Gives `s` the lowest free port from EPHEMERAL_PORT_MIN (NET.BIND.PORT); false when none is free. */
  bindEphemeral(s: Socket): boolean {
    for (let p = EPHEMERAL_PORT_MIN; p <= PORT_MAX; p++) if (this.bind(s, p)) return true;
    return false;
  }

  /** NET.UNREACH: 127.0.0.0/8 and the interface address. */
  reachable4(ip: number): boolean {
    return ip >>> 24 === 127 || ip === this.config.ipv4;
  }

  /** NET.UNREACH: ::1 and the interface address. */
  reachable6(ip6: Uint8Array): boolean {
    return sameBytes(ip6, LOOPBACK6) || sameBytes(ip6, this.config.ipv6);
  }

  /**
   * NET.RESOLVE.NAMES: the host-order IPv4 of `name` from the machine's DNS server, or 0 for an
   * unknown name or a query to another server.
   */
  resolve(name: string, serverIp: number, serverPort: number): number {
    if (serverIp !== 0 && serverIp !== this.config.dns4) return 0;
    if (serverPort !== 0 && serverPort !== DNS_PORT) return 0;
    return this.config.hosts.get(foldName(name)) ?? 0;
  }

  /**
   * Closes `s` (its last handle went away, or its listener closed before accepting it): frees
   * its slot and port, tells its peer (NET.TCP.CLOSE), closes the connections it queued and
   * wakes everyone waiting on it.
   */
  close(s: Socket): void {
    if (!s.open) return;
    s.open = false;
    this.live.delete(s);
    if (s.port !== null && this.holder(s.family, s.proto, s.port) === s) this.ports.delete(this.key(s.family, s.proto, s.port));
    s.datagrams.length = 0;
    const peer = s.peer;
    if (peer !== null) {
      s.peer = null;
      peer.peer = null;
      peer.peerClosed = true;
      this.kernel.wake(peer.inbound.readable);
      this.kernel.wake(s.inbound.writable);
    }
    for (const q of s.queued.splice(0)) this.close(q);
    this.kernel.wake(s.room);
    this.kernel.wake(s.arrivals);
    this.kernel.wake(s.inbound.readable);
  }
}

const stacks = new WeakMap<Kernel, NetStack>();

/** The network stack of `kernel`, made on first use from its boot options. */
export function netStack(kernel: Kernel): NetStack {
  let s = stacks.get(kernel);
  if (s === undefined) stacks.set(kernel, (s = new NetStack(kernel)));
  return s;
}
