import { constValue } from '../../spec/index.js';
import type { SyscallContext } from './handlers/context.js';
import type { KObject } from './handles.js';
import { fail, ok, type HandlerResult } from './result.js';
import { WaitQueue } from './waitqueue.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const POLLERR = constValue('POLL_EVENTS', 'POLLERR');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');

/** PIPE_CAPACITY and PIPE_BUF of clause FD.PIPE.CAPACITY. */
export const PIPE_CAPACITY = 1024;
export const PIPE_BUF = 512;

/** The buffer shared by the two ends of a pipe. */
export class PipeBuffer {
  private data = new Uint8Array(0);
  readers = 0;
  writers = 0;
  readonly readable = new WaitQueue('pipe readable');
  readonly writable = new WaitQueue('pipe writable');

  get length(): number {
    return this.data.length;
  }

  get room(): number {
    return PIPE_CAPACITY - this.data.length;
  }

  push(bytes: Uint8Array): void {
    const next = new Uint8Array(this.data.length + bytes.length);
    next.set(this.data);
    next.set(bytes, this.data.length);
    this.data = next;
  }

  take(max: number): Uint8Array {
    const out = this.data.slice(0, max);
    this.data = this.data.slice(out.length);
    return out;
  }
}

/**
 * read(2) from a pipe buffer (a pipe's read end, a socket pair's inbound queue): EOF once no
 * writer is left, EAGAIN or a wait when empty. `clause` names a read of `n` of `length` bytes.
 * `length` is at least 1: read returns 0 for count 0 before calling here (FD.READ.ZERO).
 */
export function readPipe(
  ctx: SyscallContext, buf: PipeBuffer, addr: number, length: number, nonblocking: boolean, clause: (n: number) => string,
): HandlerResult {
  if (buf.length === 0) {
    if (buf.writers === 0) return ok(0, 'FD.PIPE.EOF');
    if (nonblocking) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
    return ctx.kernel.block(ctx.thread, buf.readable);
  }
  const data = buf.take(length);
  ctx.process.space.copyOut(addr, data);
  ctx.kernel.wake(buf.writable);
  return ok(data.length, clause(data.length));
}

/**
 * write(2) to a pipe buffer: with no reader left SIGPIPE and EPIPE; up to PIPE_BUF bytes all or
 * none, more as room allows; EAGAIN or a wait when nothing fits. `clause` names a write of `n`
 * of the bytes. `bytes` is not empty: write returns 0 for count 0 before calling here (FD.WRITE.ZERO).
 */
export function writePipe(
  ctx: SyscallContext, buf: PipeBuffer, bytes: Uint8Array, nonblocking: boolean, clause: (n: number) => string,
): HandlerResult {
  if (buf.readers === 0) {
    // Raised like any signal: ignored, caught or fatal per its disposition (SIG.IGN.DISCARD).
    ctx.kernel.signal(ctx.process, SIGPIPE);
    return fail('EPIPE', 'FD.PIPE.SIGPIPE');
  }
  const fits = bytes.length <= PIPE_BUF ? (buf.room >= bytes.length ? bytes.length : 0) : Math.min(buf.room, bytes.length);
  if (fits === 0) {
    if (nonblocking) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
    return ctx.kernel.block(ctx.thread, buf.writable);
  }
  buf.push(bytes.subarray(0, fits));
  ctx.kernel.wake(buf.readable);
  return ok(fits, clause(fits));
}

/**
 * The machine's pipe buffers (FD.PIPE.BUFFERS): a pipe takes one, a socket pair two. A buffer is
 * in use while any handle names one of its ends; released ones are noticed at the next allocation.
 */
export class PipePool {
  private readonly live = new Set<PipeBuffer>();

  constructor(readonly limit: number) {}

  /** `n` fresh buffers, or null when fewer than `n` are free (FD.PIPE.NOMEM). */
  alloc(n: number): PipeBuffer[] | null {
    for (const b of this.live) if (b.readers === 0 && b.writers === 0) this.live.delete(b);
    if (this.live.size + n > this.limit) return null;
    const out: PipeBuffer[] = [];
    for (let i = 0; i < n; i++) {
      const b = new PipeBuffer();
      this.live.add(b);
      out.push(b);
    }
    return out;
  }
}

const pools = new WeakMap<object, PipePool>();

/** The pool of a kernel, sized by its boot option pipeBuffers (no limit when absent). */
export function pipePool(kernel: { readonly opts: { readonly pipeBuffers?: number } }): PipePool {
  let pool = pools.get(kernel);
  if (!pool) {
    pool = new PipePool(kernel.opts.pipeBuffers ?? Number.POSITIVE_INFINITY);
    pools.set(kernel, pool);
  }
  return pool;
}

/** One end of a pipe; the buffer counts the handles to each end (EOF and EPIPE depend on it). */
export class PipeEnd implements KObject {
  readonly kind = 'pipe' as const;
  readonly buffer: PipeBuffer;
  readonly end: 'read' | 'write';
  /** O_NONBLOCK of this end, shared by its duplicates (fcntl F_SETFL; FD.FCNTL.SETFL). */
  statusFlags = 0;
  /** Wakes blocked peers when a count drops to zero (set by the kernel). */
  private readonly onLastClose: (q: WaitQueue) => void;

  constructor(buffer: PipeBuffer, end: 'read' | 'write', onLastClose: (q: WaitQueue) => void) {
    this.buffer = buffer;
    this.end = end;
    this.onLastClose = onLastClose;
  }

  retain(): void {
    if (this.end === 'read') this.buffer.readers++;
    else this.buffer.writers++;
  }

  /** FD.POLL.PIPE: peers' reads, writes and last closes all wake a queue, so pollers re-check. */
  pollEvents(): number {
    const b = this.buffer;
    if (this.end === 'read') return (b.length > 0 || b.writers === 0 ? POLLIN : 0) | (b.writers === 0 ? POLLHUP : 0);
    if (b.readers === 0) return POLLERR;
    return b.room > 0 ? POLLOUT : 0;
  }

  release(): void {
    if (this.end === 'read') {
      if (--this.buffer.readers === 0) this.onLastClose(this.buffer.writable);
    } else if (--this.buffer.writers === 0) {
      this.onLastClose(this.buffer.readable);
    }
  }
}
