import { constValue, RIGHT_BITS } from '../../../spec/index.js';
import type { Handle, KObject } from '../handles.js';
import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';
import type { Thread } from '../thread.js';
import { WaitQueue } from '../waitqueue.js';
import { NameRegistry } from './names.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const POLLERR = constValue('POLL_EVENTS', 'POLLERR');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');

/** Endpoints the kernel holds at once (IPC.ENDPOINT.NOMEM: swift-os maxEndpoints). */
export const ENDPOINT_MAX = 16;
/** Reply ports the kernel holds at once (IPC.CALL.NOPORT: swift-os maxReplyPorts). */
export const REPLY_PORT_MAX = 16;

/**
 * What a message or reply carries: bytes and at most one moved handle. The moved handle's object
 * is retained by the message (and released when it is installed or dropped).
 */
export interface Payload {
  readonly bytes: Uint8Array;
  readonly handle: Handle | null;
}

/** A message in an endpoint's slot (IPC.ENDPOINT.SLOT). */
export interface Message extends Payload {
  /** The badge of the send handle it was sent with (IPC.BADGE.REPORT). */
  readonly badge: number;
  /** The reply port of an ipc_call request; null for ipc_send (IPC.REPLY.PLAINSEND). */
  readonly port: ReplyPort | null;
}

/**
 * A transient reply port (IPC.CALL.REPLY): minted by ipc_call, named to the server by a token,
 * freed when the caller collects the reply or gives up.
 *
 * queued: the request is in the endpoint slot; received: a server took it with ipc_reply_recv;
 * replied: the reply waits for the caller; orphaned: plain ipc_recv took it (IPC.RECV.NOREPLY).
 */
export class ReplyPort {
  state: 'queued' | 'received' | 'replied' | 'orphaned' = 'queued';
  /** The process whose receive took the request (IPC.CALL.SERVER). */
  server: Process | null = null;
  reply: Payload | null = null;
  freed = false;
  readonly queue = new WaitQueue('reply port');

  constructor(
    readonly token: bigint,
    readonly index: number,
    readonly endpoint: Endpoint,
    readonly caller: Thread,
  ) {}

  /** Whether the caller can get nothing but EPIPE (IPC.CALL.NOSERVER, IPC.CALL.BLOCK). */
  get serverGone(): boolean {
    return this.state === 'orphaned' || this.endpoint.recvRefs === 0 || (this.server !== null && this.server.state !== 'live');
  }
}

/** The IPC objects of one kernel: endpoint count, reply-port table, name registry. */
export class IpcState {
  liveEndpoints = 0;
  readonly names = new NameRegistry();
  private readonly ports: (ReplyPort | null)[] = new Array<ReplyPort | null>(REPLY_PORT_MAX).fill(null);
  /** Bumped on every allocation of a slot, so a freed port's token never names a later one. */
  private readonly generations: number[] = new Array<number>(REPLY_PORT_MAX).fill(0);

  constructor(readonly kernel: Kernel) {}

  /** A new port for `caller`'s request on `endpoint`, or null when all are in use. */
  allocPort(endpoint: Endpoint, caller: Thread): ReplyPort | null {
    const i = this.ports.indexOf(null);
    if (i < 0) return null;
    const generation = ++this.generations[i]!;
    const port = new ReplyPort((BigInt(generation) << 32n) | BigInt(i + 1), i, endpoint, caller);
    this.ports[i] = port;
    endpoint.ports.add(port);
    return port;
  }

  /** The live port a token names, or null for a stale or forged token (IPC.REPLY.STALE). */
  lookup(token: bigint): ReplyPort | null {
    const index = Number(token & 0xffff_ffffn) - 1;
    const port = index >= 0 && index < REPLY_PORT_MAX ? this.ports[index]! : null;
    return port !== null && port.token === token ? port : null;
  }

  /** Frees `port`; a reply handle nobody collected is closed. */
  freePort(port: ReplyPort): void {
    if (port.freed) return;
    port.freed = true;
    this.ports[port.index] = null;
    port.endpoint.ports.delete(port);
    port.reply?.handle?.object.release?.();
    port.reply = null;
  }
}

const states = new WeakMap<Kernel, IpcState>();

/** The IPC state of `kernel`, created on first use. */
export function ipcState(kernel: Kernel): IpcState {
  let s = states.get(kernel);
  if (s === undefined) states.set(kernel, (s = new IpcState(kernel)));
  return s;
}

/**
 * An IPC endpoint: one message slot (IPC.ENDPOINT.SLOT) between its send ends and receive ends.
 * Counts of open ends decide EPIPE on either side (IPC.SEND.NORECEIVER, IPC.RECV.EOF); a moved
 * send end in flight and the registry's pin count as open ends.
 */
export class Endpoint {
  slot: Message | null = null;
  sendRefs = 0;
  recvRefs = 0;
  /** Receivers waiting for a message or for the last send end to close. */
  readonly recvQueue = new WaitQueue('endpoint message');
  /** Ports of calls made on this endpoint and not yet collected. */
  readonly ports = new Set<ReplyPort>();
  private freed = false;

  constructor(readonly ipc: IpcState) {
    ipc.liveEndpoints++;
  }

  /** The slot or the end counts changed: receivers and pollers re-check. */
  changed(): void {
    this.ipc.kernel.wake(this.recvQueue);
  }

  /** Empties the slot after a receive. */
  take(): Message {
    const m = this.slot!;
    this.slot = null;
    this.changed();
    return m;
  }

  lastSendClosed(): void {
    this.changed();
    this.maybeFree();
  }

  /** No receiver remains: the pending message is dropped and every caller fails EPIPE. */
  lastRecvClosed(): void {
    const m = this.slot;
    this.slot = null;
    m?.handle?.object.release?.();
    for (const port of this.ports) this.ipc.kernel.wake(port.queue);
    this.changed();
    this.maybeFree();
  }

  private maybeFree(): void {
    if (this.freed || this.sendRefs > 0 || this.recvRefs > 0) return;
    this.freed = true;
    this.ipc.liveEndpoints--;
  }
}

/** One end of an endpoint (kind `endpoint`); every handle to it counts as an open end. */
export class EndpointEnd implements KObject {
  readonly kind = 'endpoint' as const;

  constructor(
    readonly endpoint: Endpoint,
    readonly end: 'send' | 'recv',
  ) {}

  retain(): void {
    if (this.end === 'send') this.endpoint.sendRefs++;
    else this.endpoint.recvRefs++;
  }

  release(): void {
    const ep = this.endpoint;
    if (this.end === 'send') {
      if (--ep.sendRefs === 0) ep.lastSendClosed();
    } else if (--ep.recvRefs === 0) {
      ep.lastRecvClosed();
    }
  }

  /** FD.POLL.ENDPOINT. */
  pollEvents(handle?: Handle): number {
    const ep = this.endpoint;
    if (this.end === 'send') return (ep.slot === null ? POLLOUT : 0) | (ep.recvRefs === 0 ? POLLERR : 0);
    const mayAccept = ep.slot?.handle == null || handle === undefined || (handle.rights & RIGHT_BITS.TRANSFER) !== 0;
    const hup = ep.sendRefs === 0;
    return ((ep.slot !== null && mayAccept) || hup ? POLLIN : 0) | (hup ? POLLHUP : 0);
  }
}

/** Whether `h` names either end of `ep` (IPC.XFER.SELF). */
export function namesEndpoint(h: Handle, ep: Endpoint): boolean {
  return h.object instanceof EndpointEnd && h.object.endpoint === ep;
}
