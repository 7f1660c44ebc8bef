import { constValue } from '../../../spec/index.js';
import type { SyscallContext } from '../handlers/context.js';
import type { Handle, KObject } from '../handles.js';
import type { Kernel } from '../kernel.js';
import { pipePool, readPipe, writePipe, type PipeBuffer } from '../pipe.js';
import type { HandlerResult } from '../result.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const POLLERR = constValue('POLL_EVENTS', 'POLLERR');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');

/**
 * One end of a socket pair (IPC.SOCKETPAIR.*): kind `pipe`, reading one pipe queue and writing
 * the other, each direction with the pipe rules (IPC.SOCKETPAIR.PIPE). Handles made by dup, fork
 * and transfers share the end; the last release closes it, which the peer sees as EOF, EPIPE
 * and POLLHUP|POLLERR.
 */
export class SocketEnd implements KObject {
  readonly kind = 'pipe' as const;
  /** O_NONBLOCK, shared by every handle on this end (FD.FCNTL.SETFL). */
  statusFlags: number;

  constructor(
    private readonly kernel: Kernel,
    /** Bytes the peer wrote for this end. */
    readonly inbound: PipeBuffer,
    /** Bytes this end writes for the peer. */
    readonly outbound: PipeBuffer,
    statusFlags: number,
  ) {
    this.statusFlags = statusFlags;
  }

  get nonblocking(): boolean {
    return (this.statusFlags & O_NONBLOCK) !== 0;
  }

  /** The peer end has no handle left. */
  get peerClosed(): boolean {
    return this.inbound.writers === 0;
  }

  retain(): void {
    this.inbound.readers++;
    this.outbound.writers++;
  }

  release(): void {
    this.outbound.writers--;
    if (--this.inbound.readers === 0) {
      this.kernel.wake(this.inbound.writable);
      this.kernel.wake(this.outbound.readable);
    }
  }

  /** IPC.SOCKETPAIR.POLL. */
  pollEvents(): number {
    const closed = this.peerClosed;
    return (this.inbound.length > 0 || closed ? POLLIN : 0) | (this.outbound.room > 0 && !closed ? POLLOUT : 0) | (closed ? POLLHUP | POLLERR : 0);
  }

  readInto(ctx: SyscallContext, _handle: Handle, addr: number, length: number): HandlerResult {
    return readPipe(ctx, this.inbound, addr, length, this.nonblocking, (n) => (n < length ? 'FD.PIPE.PARTIAL' : 'IPC.SOCKETPAIR.DUPLEX'));
  }

  writeFrom(ctx: SyscallContext, _handle: Handle, bytes: Uint8Array): HandlerResult {
    return writePipe(ctx, this.outbound, bytes, this.nonblocking, (n) =>
      n === bytes.length ? 'IPC.SOCKETPAIR.DUPLEX' : this.nonblocking ? 'FD.NONBLOCK.PARTIAL' : 'FD.PIPE.WRITE.PARTIAL');
  }
}

/** Two connected ends over two fresh pipe queues; null when the machine has no two buffers free (FD.PIPE.NOMEM). */
export function socketPair(kernel: Kernel, statusFlags: number): [SocketEnd, SocketEnd] | null {
  const bufs = pipePool(kernel).alloc(2);
  if (bufs === null) return null;
  const [ab, ba] = bufs as [PipeBuffer, PipeBuffer];
  return [new SocketEnd(kernel, ba, ab, statusFlags), new SocketEnd(kernel, ab, ba, statusFlags)];
}
