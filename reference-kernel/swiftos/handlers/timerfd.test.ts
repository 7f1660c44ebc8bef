import { describe, expect, it } from 'vitest';
import { constValue, decodeLayout, encodeLayout, layout } from '../../../spec/index.js';
import { TimerFd } from '../objects/timerfd.js';
import { Prog } from '../testkit.js';
import { call, err, POLL, pollfds, report, TICK_NS, timedRun } from './events.testkit.js';

const CLOCK_REALTIME = constValue('CLOCK_IDS', 'CLOCK_REALTIME');
const CLOCK_MONOTONIC = constValue('CLOCK_IDS', 'CLOCK_MONOTONIC');
const TFD_CLOEXEC = constValue('TIMERFD_CREATE_FLAGS', 'TFD_CLOEXEC');
const TFD_NONBLOCK = constValue('TIMERFD_CREATE_FLAGS', 'TFD_NONBLOCK');
const TFD_TIMER_ABSTIME = constValue('TIMERFD_SETTIME_FLAGS', 'TFD_TIMER_ABSTIME');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const ITIMERSPEC = layout('itimerspec');
const MS = 1_000_000;
const NS = 1_000_000_000n;

/** An itimerspec in guest data: interval and value in ns (or raw fields). */
function spec(p: Prog, intervalNs: bigint, valueNs: bigint): number {
  return p.bytes(encodeLayout(ITIMERSPEC, { interval_sec: intervalNs / NS, interval_nsec: intervalNs % NS, value_sec: valueNs / NS, value_nsec: valueNs % NS }), 8);
}

function rawSpec(p: Prog, fields: Record<string, bigint>): number {
  return p.bytes(encodeLayout(ITIMERSPEC, fields), 8);
}

/** Reported itimerspecs as [interval ns, value ns]. */
function settings(records: Record<string, unknown>[]): [bigint, bigint][] {
  return records.map((x) => [
    (x['interval_sec'] as bigint) * NS + (x['interval_nsec'] as bigint),
    (x['value_sec'] as bigint) * NS + (x['value_nsec'] as bigint),
  ]);
}

/** timerfd_create(clock, flags) kept in x19, plus an 8-byte read buffer and a 32-byte itimerspec buffer. */
function withTimer(clock: number, flags: number): { p: Prog; buf: number; cur: number } {
  const p = new Prog();
  const buf = p.space(8, 8);
  const cur = p.space(32, 8);
  call(p, 'timerfd_create', clock, flags).keep(19);
  return { p, buf, cur };
}

describe('timers as handles (TFD.*)', () => {
  it('TFD.CREATE, TFD.GETTIME: a new timer is disarmed (gettime all zeros, a non-blocking read EAGAIN); TFD_NONBLOCK is a status flag, TFD_CLOEXEC a handle flag', () => {
    const { p, buf, cur } = withTimer(CLOCK_MONOTONIC, TFD_NONBLOCK);
    call(p, 'timerfd_gettime', { r: 19 }, cur);
    report(p, cur, 32);
    call(p, 'read', { r: 19 }, buf, 8);
    call(p, 'timerfd_create', CLOCK_REALTIME, TFD_CLOEXEC);
    p.exit(0);
    const seen: unknown[] = [];
    const r = timedRun(p, {
      onEvent: (k, e) => {
        if (e.name !== 'timerfd_create' || e.ret === null || e.ret < 0n) return;
        const h = k.handles(k.init!).get(Number(e.ret))!;
        const t = h.object as TimerFd;
        seen.push({ kind: t.kind, clock: t.clockId, cloexec: h.cloexec, status: t.statusFlags });
      },
    });
    expect(r.rets('timerfd_create')).toEqual([3n, 4n]);
    expect(r.call('timerfd_create').clause).toBe('TFD.CREATE');
    expect(settings(r.records('itimerspec'))).toEqual([[0n, 0n]]);
    expect(r.call('read').ret).toBe(err('EAGAIN'));
    expect(r.call('read').clause).toBe('TFD.READ.BLOCK');
    expect(seen).toEqual([
      { kind: 'timerfd', clock: CLOCK_MONOTONIC, cloexec: false, status: O_NONBLOCK },
      { kind: 'timerfd', clock: CLOCK_REALTIME, cloexec: true, status: 0 },
    ]);
  });

  it('ABI.ENUM.UNKNOWN, ABI.FLAGS.UNKNOWN, FD.TABLE.FULL: unknown clocks and flags fail EINVAL; a full table EMFILE', () => {
    const p = new Prog();
    call(p, 'timerfd_create', 2, 0);
    call(p, 'timerfd_create', CLOCK_MONOTONIC, 0x1);
    call(p, 'timerfd_create', CLOCK_MONOTONIC, 0);
    call(p, 'timerfd_create', CLOCK_MONOTONIC, 0);
    p.exit(0);
    const r = timedRun(p, { maxHandles: 4 });
    expect(r.rets('timerfd_create')).toEqual([err('EINVAL'), err('EINVAL'), 3n, err('EMFILE')]);
    expect(r.call('timerfd_create', 0).clause).toBe('ABI.ENUM.UNKNOWN');
  });

  it('TFD.SETTIME.ARM, TFD.READ.BLOCK, TFD.READ.EXPIRATIONS: a relative one-shot timer; a blocking read waits for it and returns 1; the timer is then disarmed', () => {
    const { p, buf, cur } = withTimer(CLOCK_MONOTONIC, 0);
    call(p, 'timerfd_settime', { r: 19 }, 0, spec(p, 0n, 50n * 1_000_000n), 0);
    call(p, 'read', { r: 19 }, buf, 8);
    report(p, buf);
    call(p, 'timerfd_gettime', { r: 19 }, cur);
    report(p, cur, 32);
    p.exit(0);
    const r = timedRun(p);
    const set = r.call('timerfd_settime');
    const read = r.call('read');
    expect(set.ret).toBe(0n);
    expect(set.clause).toBe('TFD.SETTIME.ARM');
    expect(r.events.some((e) => e.name === 'read' && e.outcome === 'block')).toBe(true);
    expect(read.ret).toBe(8n);
    expect(read.clause).toBe('TFD.READ.EXPIRATIONS');
    expect(read.at - set.at).toBeGreaterThanOrEqual(50 * MS);
    expect(read.at - set.at).toBeLessThan(51 * MS);
    expect(r.words()[0]).toBe(1n);
    expect(settings([decodeLayout(ITIMERSPEC, r.console.slice(8, 40))])).toEqual([[0n, 0n]]);
  });

  it('TFD.GETTIME: gettime reports the interval and exactly the time left to the next expiration', () => {
    const { p, cur } = withTimer(CLOCK_MONOTONIC, 0);
    call(p, 'timerfd_settime', { r: 19 }, 0, spec(p, 250n * 1_000_000n, NS), 0);
    call(p, 'nanosleep', 0, 100 * MS);
    call(p, 'timerfd_gettime', { r: 19 }, cur);
    report(p, cur, 32);
    p.exit(0);
    const r = timedRun(p);
    const [[interval, left]] = settings(r.records('itimerspec')) as [[bigint, bigint]];
    expect(interval).toBe(250n * 1_000_000n);
    expect(left).toBe(NS - BigInt(r.call('timerfd_gettime').at - r.call('timerfd_settime').at));
    expect(r.call('timerfd_gettime').clause).toBe('TFD.GETTIME');
  });

  it('TFD.SETTIME.INTERVAL: a periodic timer keeps expiring; expirations missed while nobody reads accumulate', () => {
    const { p, buf } = withTimer(CLOCK_MONOTONIC, 0);
    const period = 10n * 1_000_000n;
    call(p, 'timerfd_settime', { r: 19 }, 0, spec(p, period, period), 0);
    call(p, 'nanosleep', 0, 35 * MS);
    call(p, 'read', { r: 19 }, buf, 8);
    report(p, buf);
    call(p, 'read', { r: 19 }, buf, 8);
    report(p, buf);
    p.exit(0);
    const r = timedRun(p);
    const set = r.call('timerfd_settime').at;
    const expirationsBy = (t: number): bigint => BigInt(Math.floor((t - set) / Number(period)));
    const [first, second] = r.words();
    expect(first).toBe(expirationsBy(r.call('read', 0).at));
    expect(first).toBe(3n);
    // The second read blocked until the 4th expiration.
    expect(second).toBe(1n);
    expect(r.call('read', 1).at - set).toBeGreaterThanOrEqual(4 * Number(period));
  });

  it('TFD.SETTIME.ABS: an absolute time already past expires at once; TFD.CLOCK: an absolute CLOCK_REALTIME time is the boot epoch plus virtual time', () => {
    const epoch = 1_000_000;
    const { p, buf } = withTimer(CLOCK_MONOTONIC, 0);
    call(p, 'timerfd_settime', { r: 19 }, TFD_TIMER_ABSTIME, spec(p, 0n, 1n), 0);
    call(p, 'read', { r: 19 }, buf, 8);
    report(p, buf);
    call(p, 'timerfd_create', CLOCK_REALTIME, 0).keep(20);
    call(p, 'timerfd_settime', { r: 20 }, TFD_TIMER_ABSTIME, spec(p, 0n, BigInt(epoch + 1) * NS), 0);
    call(p, 'read', { r: 20 }, buf, 8);
    report(p, buf);
    p.exit(0);
    const r = timedRun(p, { epoch });
    expect(r.call('timerfd_settime', 0).clause).toBe('TFD.SETTIME.ABS');
    expect(r.words()).toEqual([1n, 1n]);
    expect(r.events.filter((e) => e.name === 'read' && e.outcome === 'block').every((e) => e.at > r.call('read', 0).at)).toBe(true);
    expect(r.call('read', 1).at).toBeGreaterThanOrEqual(1e9);
    expect(r.call('read', 1).at).toBeLessThan(1e9 + MS);
  });

  it('TFD.SETTIME.ARM, TFD.GETTIME: a timer beyond any run (2^62 s) is reported exactly and a read of it waits forever (deadlock verdict, no hang)', () => {
    const { p, buf, cur } = withTimer(CLOCK_MONOTONIC, 0);
    const far = 2n ** 62n;
    call(p, 'timerfd_settime', { r: 19 }, 0, rawSpec(p, { value_sec: far, interval_sec: far }), 0);
    call(p, 'timerfd_gettime', { r: 19 }, cur);
    report(p, cur, 32);
    call(p, 'read', { r: 19 }, buf, 8);
    p.exit(0);
    const r = timedRun(p);
    expect(r.result.verdict.kind).toBe('deadlock');
    const [[interval, left]] = settings(r.records('itimerspec')) as [[bigint, bigint]];
    expect(interval).toBe(far * NS);
    expect(left).toBe(far * NS - BigInt(r.call('timerfd_gettime').at - r.call('timerfd_settime').at));
  });

  it('TFD.SETTIME.DISARM: a zero it_value disarms an armed timer', () => {
    const { p, buf, cur } = withTimer(CLOCK_MONOTONIC, TFD_NONBLOCK);
    call(p, 'timerfd_settime', { r: 19 }, 0, spec(p, 10n * 1_000_000n, 10n * 1_000_000n), 0);
    call(p, 'timerfd_settime', { r: 19 }, 0, spec(p, 10n * 1_000_000n, 0n), 0);
    call(p, 'nanosleep', 0, 30 * MS);
    call(p, 'read', { r: 19 }, buf, 8);
    call(p, 'timerfd_gettime', { r: 19 }, cur);
    report(p, cur, 32);
    p.exit(0);
    const r = timedRun(p);
    expect(r.call('timerfd_settime', 1).clause).toBe('TFD.SETTIME.DISARM');
    expect(r.call('read').ret).toBe(err('EAGAIN'));
    expect(settings(r.records('itimerspec'))).toEqual([[0n, 0n]]);
  });

  it('TFD.SETTIME.RESET: settime writes the previous setting to old_value first and resets the expiration count', () => {
    const { p, buf } = withTimer(CLOCK_MONOTONIC, TFD_NONBLOCK);
    const old = p.space(32, 8);
    const period = 10n * 1_000_000n;
    call(p, 'timerfd_settime', { r: 19 }, 0, spec(p, period, period), 0);
    call(p, 'nanosleep', 0, 25 * MS); // two expirations pending
    call(p, 'timerfd_settime', { r: 19 }, 0, spec(p, 0n, NS), old);
    report(p, old, 32);
    call(p, 'read', { r: 19 }, buf, 8);
    p.exit(0);
    const r = timedRun(p);
    const set = r.call('timerfd_settime', 0).at;
    const reset = r.call('timerfd_settime', 1).at;
    const [[interval, left]] = settings(r.records('itimerspec')) as [[bigint, bigint]];
    expect(interval).toBe(period);
    // The next expiration of the old setting was the third period boundary after arming.
    expect(left).toBe(BigInt(set) + 3n * period - BigInt(reset));
    expect(r.call('read').ret).toBe(err('EAGAIN'));
  });

  it('TFD.SETTIME.RANGE, ABI.FLAGS.UNKNOWN: negative seconds or nanoseconds outside 0..999999999 fail EINVAL, changing nothing', () => {
    const { p, cur } = withTimer(CLOCK_MONOTONIC, 0);
    call(p, 'timerfd_settime', { r: 19 }, 0, rawSpec(p, { value_nsec: 1_000_000_000n }), 0);
    call(p, 'timerfd_settime', { r: 19 }, 0, rawSpec(p, { value_sec: -1n }), 0);
    call(p, 'timerfd_settime', { r: 19 }, 0, rawSpec(p, { value_sec: 1n, interval_nsec: -1n }), 0);
    call(p, 'timerfd_settime', { r: 19 }, 0, rawSpec(p, { value_sec: 1n, interval_sec: -5n }), 0);
    call(p, 'timerfd_settime', { r: 19 }, 2, spec(p, 0n, NS), 0);
    call(p, 'timerfd_gettime', { r: 19 }, cur);
    report(p, cur, 32);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('timerfd_settime')).toEqual([err('EINVAL'), err('EINVAL'), err('EINVAL'), err('EINVAL'), err('EINVAL')]);
    expect(r.call('timerfd_settime', 0).clause).toBe('TFD.SETTIME.RANGE');
    expect(r.call('timerfd_settime', 4).clause).toBe('ABI.FLAGS.UNKNOWN');
    expect(settings(r.records('itimerspec'))).toEqual([[0n, 0n]]);
  });

  it('TFD.READ.SHORT, FD.READ.ZERO, FD.KIND.WRONG: 1..7-byte reads fail EINVAL, 0 returns 0; write, and settime on another kind, fail EINVAL', () => {
    const { p, buf } = withTimer(CLOCK_MONOTONIC, 0);
    call(p, 'timerfd_settime', { r: 19 }, TFD_TIMER_ABSTIME, spec(p, 0n, 1n), 0);
    call(p, 'read', { r: 19 }, buf, 7);
    call(p, 'read', { r: 19 }, buf, 0);
    call(p, 'write', { r: 19 }, buf, 8);
    call(p, 'timerfd_settime', 0, 0, spec(p, 0n, NS), 0);
    call(p, 'timerfd_gettime', 1, p.space(32, 8));
    call(p, 'read', { r: 19 }, buf, 8);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('read')).toEqual([err('EINVAL'), 0n, 8n]);
    expect(r.call('read', 0).clause).toBe('TFD.READ.SHORT');
    expect(r.call('write').ret).toBe(err('EINVAL'));
    expect(r.rets('timerfd_settime').slice(1)).toEqual([err('EINVAL')]);
    expect(r.call('timerfd_gettime').ret).toBe(err('EINVAL'));
  });

  it('TFD.POLL: a timerfd is POLLIN while expirations are pending; a poll waiting on it wakes at the expiration, and a shorter poll timeout wins', () => {
    const { p, buf } = withTimer(CLOCK_MONOTONIC, 0);
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN | POLL.OUT }]), 8);
    call(p, 'timerfd_settime', { r: 19 }, 0, spec(p, 0n, 50n * 1_000_000n), 0);
    call(p, 'poll', fds, 1, 20);
    report(p, fds);
    call(p, 'poll', fds, 1, -1);
    report(p, fds);
    call(p, 'read', { r: 19 }, buf, 8);
    call(p, 'poll', fds, 1, 0);
    report(p, fds);
    p.exit(0);
    const r = timedRun(p);
    const set = r.call('timerfd_settime').at;
    expect(r.rets('poll')).toEqual([0n, 1n, 0n]);
    expect(r.records('pollfd').map((x) => x['revents'])).toEqual([0, POLL.IN, 0]);
    const first = r.call('poll', 0).at - set;
    expect(first).toBeGreaterThanOrEqual(Math.ceil((20 * MS) / TICK_NS) * TICK_NS);
    expect(first).toBeLessThan(50 * MS);
    expect(r.call('poll', 1).at - set).toBeGreaterThanOrEqual(50 * MS);
    expect(r.call('poll', 1).at - set).toBeLessThan(51 * MS);
  });

  it('TFD.INHERIT: a forked child shares the timer: its read consumes the expiration the parent would see', () => {
    const { p, buf } = withTimer(CLOCK_MONOTONIC, TFD_NONBLOCK);
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN }]), 8);
    call(p, 'timerfd_settime', { r: 19 }, 0, spec(p, 0n, 10n * 1_000_000n), 0);
    call(p, 'fork');
    const child = p.a.label();
    p.a.cbz(0, child);
    call(p, 'waitpid', -1, 0, 0);
    call(p, 'read', { r: 19 }, buf, 8);
    p.exit(0);
    p.a.bind(child);
    call(p, 'poll', fds, 1, -1);
    call(p, 'read', { r: 19 }, buf, 8);
    report(p, buf);
    p.exit(0);
    const r = timedRun(p);
    expect(r.words()).toEqual([1n]);
    expect(r.call('read', 0, 2).ret).toBe(8n);
    expect(r.call('read', 0, 1).ret).toBe(err('EAGAIN'));
  });

  it('TFD.SETTIME.ARM: arming a timer wakes a reader blocked on it (here in another process sharing it)', () => {
    const { p, buf } = withTimer(CLOCK_MONOTONIC, 0);
    call(p, 'fork');
    const child = p.a.label();
    p.a.cbz(0, child);
    call(p, 'read', { r: 19 }, buf, 8);
    report(p, buf);
    p.exit(0);
    p.a.bind(child);
    call(p, 'nanosleep', 0, 10 * MS);
    call(p, 'timerfd_settime', { r: 19 }, 0, spec(p, 0n, 5n * 1_000_000n), 0);
    p.exit(0);
    const r = timedRun(p);
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
    expect(r.words()).toEqual([1n]);
    expect(r.call('read', 0, 1).at - r.call('timerfd_settime', 0, 2).at).toBeGreaterThanOrEqual(5 * MS);
  });
});

