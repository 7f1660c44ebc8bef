import { constValue, DEFAULT_HANDLE_RIGHTS, decodeLayout, encodeLayout, layout, rightsMask } from '../../../spec/index.js';
import { TimerFd, type TimerSetting } from '../objects/timerfd.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { Handler, SyscallContext } from './context.js';

const TFD_CLOEXEC = constValue('TIMERFD_CREATE_FLAGS', 'TFD_CLOEXEC');
const TFD_NONBLOCK = constValue('TIMERFD_CREATE_FLAGS', 'TFD_NONBLOCK');
const TFD_TIMER_ABSTIME = constValue('TIMERFD_SETTIME_FLAGS', 'TFD_TIMER_ABSTIME');
const TIMERFD_RIGHTS = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'timerfd')!.rights);
const ITIMERSPEC = layout('itimerspec');
const NS = 1_000_000_000n;

function sysTimerfdCreate(ctx: SyscallContext): HandlerResult {
  const clockId = ctx.args.num('clockid');
  const flags = ctx.args.num('flags');
  const table = ctx.kernel.handles(ctx.process);
  if (!table.hasFree()) return fail('EMFILE', 'FD.TABLE.FULL');
  const timer = new TimerFd(ctx.kernel, clockId, flags & TFD_NONBLOCK);
  const fd = table.install({ object: timer, rights: TIMERFD_RIGHTS, cloexec: (flags & TFD_CLOEXEC) !== 0 });
  return ok(fd, 'TFD.CREATE');
}

/** A timespec pair as ns, or null when a field is out of range (TFD.SETTIME.RANGE). */
function toNs(sec: bigint, nsec: bigint): bigint | null {
  if (sec < 0n || nsec < 0n || nsec >= NS) return null;
  return sec * NS + nsec;
}

function encodeSetting(s: TimerSetting): Uint8Array {
  return encodeLayout(ITIMERSPEC, {
    interval_sec: s.interval / NS,
    interval_nsec: s.interval % NS,
    value_sec: s.value / NS,
    value_nsec: s.value % NS,
  });
}

function sysTimerfdSettime(ctx: SyscallContext): HandlerResult {
  const timer = ctx.args.fd('fd').handle!.object as TimerFd;
  const flags = ctx.args.num('flags');
  const spec = decodeLayout(ITIMERSPEC, ctx.args.struct('new_value').bytes!);
  const old = ctx.args.struct('old_value');
  const interval = toNs(spec.interval_sec as bigint, spec.interval_nsec as bigint);
  const value = toNs(spec.value_sec as bigint, spec.value_nsec as bigint);
  if (interval === null || value === null) return fail('EINVAL', 'TFD.SETTIME.RANGE');
  let at: bigint | null = null;
  if (value !== 0n) {
    // Absolute times are on the timer's clock; the kernel keeps monotonic time (TFD.CLOCK).
    at = (flags & TFD_TIMER_ABSTIME) !== 0 ? value - timer.clockOffset() : BigInt(ctx.kernel.clock.now) + value;
  }
  if (old.addr !== 0 && !ctx.process.space.copyOut(old.addr, encodeSetting(timer.current()))) return fail('EFAULT', 'ABI.FAULT');
  timer.set(at, interval);
  if (at === null) return ok(0, 'TFD.SETTIME.DISARM');
  return ok(0, (flags & TFD_TIMER_ABSTIME) !== 0 ? 'TFD.SETTIME.ABS' : 'TFD.SETTIME.ARM');
}

function sysTimerfdGettime(ctx: SyscallContext): HandlerResult {
  const timer = ctx.args.fd('fd').handle!.object as TimerFd;
  const { addr } = ctx.args.struct('curr_value');
  if (!ctx.process.space.copyOut(addr, encodeSetting(timer.current()))) return fail('EFAULT', 'ABI.FAULT');
  return ok(0, 'TFD.GETTIME');
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const TIMERFD_HANDLERS: Readonly<Record<string, Handler>> = {
  timerfd_create: sysTimerfdCreate,
  timerfd_settime: sysTimerfdSettime,
  timerfd_gettime: sysTimerfdGettime,
};
