import { constValue, DEFAULT_HANDLE_RIGHTS, knownBits, layout, RIGHT_BITS, rightsMask } from '../../../spec/index.js';
import { EventFd } from '../objects/eventfd.js';
import { TimerFd } from '../objects/timerfd.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { Thread } from '../thread.js';
import type { Handler, SyscallContext } from './context.js';

const EFD_SEMAPHORE = constValue('EVENTFD_FLAGS', 'EFD_SEMAPHORE');
const EFD_CLOEXEC = constValue('EVENTFD_FLAGS', 'EFD_CLOEXEC');
const EFD_NONBLOCK = constValue('EVENTFD_FLAGS', 'EFD_NONBLOCK');
const EVENTFD_RIGHTS = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'eventfd')!.rights);

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const POLLERR = constValue('POLL_EVENTS', 'POLLERR');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const POLLNVAL = constValue('POLL_EVENTS', 'POLLNVAL');
/** Reported whether requested or not (FD.POLL.ALWAYS). */
const ALWAYS = POLLERR | POLLHUP | POLLNVAL;
const KNOWN_EVENTS = knownBits('POLL_EVENTS');
const POLLFD = layout('pollfd');
const field = (name: string): number => POLLFD.fields.find((f) => f.name === name)!.offset;
const FD_AT = field('fd');
const EVENTS_AT = field('events');
const REVENTS_AT = field('revents');
/** Poll timeouts count whole ticks of 1/TIMER_HZ (FD.POLL.TIMEOUT). */
const TICK_NS = 1e9 / constValue('LIMITS', 'TIMER_HZ');

function sysEventfd(ctx: SyscallContext): HandlerResult {
  const initval = ctx.args.big('initval');
  const flags = ctx.args.num('flags');
  const table = ctx.kernel.handles(ctx.process);
  if (!table.hasFree()) return fail('EMFILE', 'FD.TABLE.FULL');
  const counter = EventFd.create(ctx.kernel, initval, (flags & EFD_SEMAPHORE) !== 0, flags & EFD_NONBLOCK);
  if (counter === null) return fail('ENOMEM', 'EVT.NOMEM');
  const fd = table.install({ object: counter, rights: EVENTFD_RIGHTS, cloexec: (flags & EFD_CLOEXEC) !== 0 });
  return ok(fd, 'EVT.CREATE');
}

/**
 * The virtual-time deadline of the poll call in progress on a thread. A call's first run sees
 * `thread.timeout === null` (the kernel clears it whenever a call returns); re-runs after a
 * wake-up see the wake-up time this handler set and look the deadline up here.
 */
const pollDeadlines = new WeakMap<Thread, number | null>();

function sysPoll(ctx: SyscallContext): HandlerResult {
  const { addr, count, bytes } = ctx.args.array('fds');
  const timeoutMs = ctx.args.num('timeout_ms');
  const { kernel, thread } = ctx;
  const space = ctx.process.space;
  if (count > 0 && !space.accessible(addr, count * POLLFD.size, 'write')) return fail('EFAULT', 'ABI.FAULT');
  const now = kernel.clock.now;
  let deadline: number | null;
  if (thread.timeout === null) {
    deadline = timeoutMs < 0 ? null : now + Math.ceil((timeoutMs * 1e6) / TICK_NS) * TICK_NS;
    pollDeadlines.set(thread, deadline);
  } else {
    deadline = pollDeadlines.get(thread) ?? null;
  }

  const table = kernel.handles(ctx.process);
  const records = new Uint8Array(bytes!);
  const view = new DataView(records.buffer);
  let ready = 0;
  let wakeAt = deadline;
  for (let i = 0; i < count; i++) {
    const at = i * POLLFD.size;
    const fd = view.getInt32(at + FD_AT, true);
    const events = view.getInt16(at + EVENTS_AT, true) & KNOWN_EVENTS;
    let revents = 0;
    if (fd >= 0) {
      const handle = table.get(fd);
      if (handle === null) revents = POLLNVAL;
      else {
        const obj = handle.object;
        let state = obj.pollEvents ? obj.pollEvents(handle) : POLLIN | POLLOUT;
        if ((handle.rights & RIGHT_BITS.READ) === 0) state &= ~POLLIN;
        if ((handle.rights & RIGHT_BITS.WRITE) === 0) state &= ~POLLOUT;
        revents = state & (events | ALWAYS);
        if (revents === 0 && obj instanceof TimerFd) {
          const next = obj.wakeAt();
          if (next !== null && (wakeAt === null || next < wakeAt)) wakeAt = next;
        }
      }
    }
    view.setInt16(at + REVENTS_AT, revents, true);
    if (revents !== 0) ready++;
  }

  const timedOut = deadline !== null && now >= deadline;
  if (ready > 0 || timeoutMs === 0 || timedOut) {
    if (count > 0 && !space.copyOut(addr, records)) return fail('EFAULT', 'ABI.FAULT');
    return ok(ready, ready > 0 ? 'FD.POLL.READY' : 'FD.POLL.TIMEOUT');
  }
  thread.timeout = wakeAt;
  return kernel.block(thread, kernel.pollers);
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const EVENTS_HANDLERS: Readonly<Record<string, Handler>> = {
  eventfd: sysEventfd,
  poll: sysPoll,
};
