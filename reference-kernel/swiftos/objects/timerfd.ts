import { constValue } from '../../../spec/index.js';
import type { SyscallContext } from '../handlers/context.js';
import type { Handle, KObject } from '../handles.js';
import type { Kernel } from '../kernel.js';
import { fail, ok, type HandlerResult } from '../result.js';
import { WaitQueue } from '../waitqueue.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const CLOCK_REALTIME = constValue('CLOCK_IDS', 'CLOCK_REALTIME');
/** Expirations at or past this many ns are never reached in a run (the virtual clock is a JS number). */
const FAR = 2 ** 53;

/** A timer setting in ns: `value` is the time left (0: disarmed), `interval` the period (0: one-shot). */
export interface TimerSetting {
  readonly interval: bigint;
  readonly value: bigint;
}

/**
 * A timer as a handle (TFD.*). Time is the kernel's virtual clock: expirations are counted
 * lazily from it, so nothing has to fire; a blocked reader or poller sleeps until the next
 * expiration instead.
 */
export class TimerFd implements KObject {
  readonly kind = 'timerfd' as const;
  readonly clockId: number;
  /** O_NONBLOCK, shared by every handle on the timer (FD.DUP.SHARED, FD.FCNTL.SETFL). */
  statusFlags: number;
  /** Woken by settime so blocked readers re-evaluate the new setting. */
  readonly changed = new WaitQueue('timerfd');
  /** Next expiration on the monotonic clock (ns since boot), or null when disarmed. */
  private next: bigint | null = null;
  private interval = 0n;
  /** Expirations not yet read (TFD.READ.EXPIRATIONS). */
  private expirations = 0n;

  constructor(private readonly kernel: Kernel, clockId: number, statusFlags: number) {
    this.clockId = clockId;
    this.statusFlags = statusFlags;
  }

  get nonblocking(): boolean {
    return (this.statusFlags & O_NONBLOCK) !== 0;
  }

  private now(): bigint {
    return BigInt(this.kernel.clock.now);
  }

  /** ns to add to a monotonic time to get this timer's clock (TFD.CLOCK). */
  clockOffset(): bigint {
    if (this.clockId !== CLOCK_REALTIME) return 0n;
    const now = this.kernel.clock.now;
    return BigInt(this.kernel.epochSeconds() - Math.floor(now / 1e9)) * 1_000_000_000n;
  }

  /** Counts the expirations that happened up to now (TFD.SETTIME.INTERVAL). */
  private advance(): void {
    const now = this.now();
    if (this.next === null || now < this.next) return;
    if (this.interval === 0n) {
      this.expirations += 1n;
      this.next = null;
      return;
    }
    const n = (now - this.next) / this.interval + 1n;
    this.expirations += n;
    this.next += n * this.interval;
  }

  /** The current setting (TFD.GETTIME). */
  current(): TimerSetting {
    this.advance();
    return { interval: this.next === null ? 0n : this.interval, value: this.next === null ? 0n : this.next - this.now() };
  }

  /**
   * Arms (at `at`, a time on the monotonic clock, with `interval`) or disarms (`at` null) the
   * timer and resets the expiration count (TFD.SETTIME.*). Returns the previous setting.
   */
  set(at: bigint | null, interval: bigint): TimerSetting {
    const old = this.current();
    this.expirations = 0n;
    this.next = at;
    this.interval = at === null ? 0n : interval;
    this.advance();
    this.kernel.wake(this.changed);
    return old;
  }

  /**
   * Virtual time (ns since boot) of the next expiration while none is pending, else null; also
   * null past FAR, where no run gets (a waiter then waits like one on a disarmed timer).
   */
  wakeAt(): number | null {
    this.advance();
    if (this.expirations > 0n || this.next === null || this.next >= BigInt(FAR)) return null;
    return Number(this.next);
  }

  /** TFD.POLL. */
  pollEvents(): number {
    this.advance();
    return this.expirations > 0n ? POLLIN : 0;
  }

  readInto(ctx: SyscallContext, _handle: Handle, addr: number, length: number): HandlerResult {
    if (length < 8) return fail('EINVAL', 'TFD.READ.SHORT');
    this.advance();
    if (this.expirations === 0n) {
      if (this.nonblocking) return fail('EAGAIN', 'TFD.READ.BLOCK');
      const at = this.wakeAt();
      ctx.thread.timeout = at;
      return ctx.kernel.block(ctx.thread, this.changed);
    }
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, this.expirations), true);
    if (!ctx.process.space.copyOut(addr, out)) return fail('EFAULT', 'ABI.FAULT');
    this.expirations = 0n;
    return ok(8, 'TFD.READ.EXPIRATIONS');
  }
}
