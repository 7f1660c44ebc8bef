import { constValue } from '../../../spec/index.js';
import type { SyscallContext } from '../handlers/context.js';
import type { Handle, KObject } from '../handles.js';
import type { Kernel } from '../kernel.js';
import { PIPE_BUF, pipePool, type PipeBuffer } from '../pipe.js';
import { fail, ok, type HandlerResult } from '../result.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const POLLERR = constValue('POLL_EVENTS', 'POLLERR');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');

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
    if (length === 0) return ok(0, 'FD.READ.ZERO');
    const buf = this.inbound;
    if (buf.length === 0) {
      if (buf.writers === 0) return ok(0, 'FD.PIPE.EOF');
      if (this.nonblocking) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
      return ctx.kernel.block(ctx.thread, buf.readable);
    }
    const data = buf.take(length);
    ctx.process.space.copyOut(addr, data);
    ctx.kernel.wake(buf.writable);
    return ok(data.length, data.length < length ? 'FD.PIPE.PARTIAL' : 'IPC.SOCKETPAIR.DUPLEX');
  }

  writeFrom(ctx: SyscallContext, _handle: Handle, bytes: Uint8Array): HandlerResult {
    const buf = this.outbound;
    // Count 0 returns 0 before anything else, even with the peer gone (FD.WRITE.ZERO).
    if (bytes.length === 0) return ok(0, 'FD.WRITE.ZERO');
    if (buf.readers === 0) {
      ctx.kernel.signal(ctx.process, SIGPIPE);
      return fail('EPIPE', 'FD.PIPE.SIGPIPE');
    }
    const fits = bytes.length <= PIPE_BUF ? (buf.room >= bytes.length ? bytes.length : 0) : Math.min(buf.room, bytes.length);
    if (fits === 0) {
      if (this.nonblocking) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
      return ctx.kernel.block(ctx.thread, buf.writable);
    }
    buf.push(bytes.subarray(0, fits));
    ctx.kernel.wake(buf.readable);
    if (fits < bytes.length) return ok(fits, this.nonblocking ? 'FD.NONBLOCK.PARTIAL' : 'FD.PIPE.WRITE.PARTIAL');
    return ok(fits, 'IPC.SOCKETPAIR.DUPLEX');
  }
}

/** Two connected ends over two fresh pipe queues; null when the machine has no two buffers free (FD.PIPE.NOMEM). */
export function socketPair(kernel: Kernel, statusFlags: number): [SocketEnd, SocketEnd] | null {
  const bufs = pipePool(kernel).alloc(2);
  if (bufs === null) return null;
  const [ab, ba] = bufs as [PipeBuffer, PipeBuffer];
  return [new SocketEnd(kernel, ba, ab, statusFlags), new SocketEnd(kernel, ab, ba, statusFlags)];
}
