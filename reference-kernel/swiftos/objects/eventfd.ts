import { constValue } from '../../../spec/index.js';
import type { SyscallContext } from '../handlers/context.js';
import type { Handle, KObject } from '../handles.js';
import type { Kernel } from '../kernel.js';
import { fail, ok, type HandlerResult } from '../result.js';
import { WaitQueue } from '../waitqueue.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
/** The largest counter value (EVT.WRITE.OVERFLOW); one more would be the invalid write value. */
export const EVENTFD_COUNTER_MAX = 0xffff_ffff_ffff_fffen;
/** Live counters the kernel can hold at once (EVT.NOMEM: swift-os maxEvents). */
export const EVENTFD_MAX = 16;

/** Live counters per kernel: the last release of a counter frees its slot. */
const liveCounters = new WeakMap<Kernel, { live: number }>();

function pool(kernel: Kernel): { live: number } {
  let p = liveCounters.get(kernel);
  if (p === undefined) liveCounters.set(kernel, (p = { live: 0 }));
  return p;
}

/**
 * An event counter (EVT.*): a 64-bit value that writes add to and reads drain (or, with
 * EFD_SEMAPHORE, decrement by one). Handles made by dup, fork and transfers share it.
 */
export class EventFd implements KObject {
  readonly kind = 'eventfd' as const;
  counter: bigint;
  readonly semaphore: boolean;
  /** O_NONBLOCK, shared by every handle on the counter (FD.DUP.SHARED, FD.FCNTL.SETFL). */
  statusFlags: number;
  readonly readable = new WaitQueue('eventfd readable');
  readonly writable = new WaitQueue('eventfd writable');
  private refs = 0;
  private readonly slots: { live: number };

  private constructor(initval: bigint, semaphore: boolean, statusFlags: number, slots: { live: number }) {
    this.counter = initval;
    this.semaphore = semaphore;
    this.statusFlags = statusFlags;
    this.slots = slots;
    slots.live++;
  }

  /** A new counter, or null when the kernel already holds EVENTFD_MAX of them (EVT.NOMEM). */
  static create(kernel: Kernel, initval: bigint, semaphore: boolean, statusFlags: number): EventFd | null {
    const slots = pool(kernel);
    if (slots.live >= EVENTFD_MAX) return null;
    return new EventFd(initval, semaphore, statusFlags, slots);
  }

  get nonblocking(): boolean {
    return (this.statusFlags & O_NONBLOCK) !== 0;
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) this.slots.live--;
  }

  /** FD.POLL.EVENTFD, EVT.POLL.OUT. */
  pollEvents(): number {
    return (this.counter > 0n ? POLLIN : 0) | (this.counter < EVENTFD_COUNTER_MAX ? POLLOUT : 0);
  }

  readInto(ctx: SyscallContext, _handle: Handle, addr: number, length: number): HandlerResult {
    if (length < 8) return fail('EINVAL', 'EVT.READ.SHORT');
    if (this.counter === 0n) {
      if (this.nonblocking) return fail('EAGAIN', 'EVT.READ.EMPTY');
      return ctx.kernel.block(ctx.thread, this.readable);
    }
    const value = this.semaphore ? 1n : this.counter;
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, value, true);
    if (!ctx.process.space.copyOut(addr, out)) return fail('EFAULT', 'ABI.FAULT');
    this.counter -= value;
    ctx.kernel.wake(this.writable);
    return ok(8, this.semaphore ? 'EVT.READ.SEMAPHORE' : 'EVT.READ.COUNTER');
  }

  writeFrom(ctx: SyscallContext, _handle: Handle, bytes: Uint8Array): HandlerResult {
    if (bytes.length < 8) return fail('EINVAL', 'EVT.WRITE.INVALID');
    const value = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
    if (value > EVENTFD_COUNTER_MAX) return fail('EINVAL', 'EVT.WRITE.INVALID');
    if (this.counter + value > EVENTFD_COUNTER_MAX) {
      if (this.nonblocking) return fail('EAGAIN', 'EVT.WRITE.OVERFLOW');
      return ctx.kernel.block(ctx.thread, this.writable);
    }
    this.counter += value;
    if (value > 0n) ctx.kernel.wake(this.readable);
    return ok(8, 'EVT.WRITE.ADD');
  }
}
