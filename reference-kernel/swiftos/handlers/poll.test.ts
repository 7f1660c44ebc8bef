import { describe, expect, it } from 'vitest';
import { constValue } from '../../../spec/index.js';
import { CODE, Prog } from '../testkit.js';
import { call, err, POLL, pollfds, report, TICK_NS, timedRun, u64 } from './events.testkit.js';

const POLL_NFDS_MAX = constValue('LIMITS', 'POLL_NFDS_MAX');
const PIPE_CAPACITY = constValue('LIMITS', 'PIPE_CAPACITY');
const SIGUSR1 = constValue('SIGNALS', 'SIGUSR1');
const SIGTERM = constValue('SIGNALS', 'SIGTERM');
const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
const O_WRONLY = constValue('OPEN_ACCESS', 'O_WRONLY');
const O_CREAT = constValue('OPEN_FLAGS', 'O_CREAT');
const MS = 1_000_000;
/** A timeout of `ms` milliseconds rounded up to whole ticks (FD.POLL.TIMEOUT). */
const ticks = (ms: number): number => Math.ceil((ms * MS) / TICK_NS) * TICK_NS;

/** pipe() into a fresh int[2]; the ends are fds 3 (read) and 4 (write) in a fresh process. */
function withPipe(p: Prog): void {
  call(p, 'pipe', p.space(8, 8));
}

function revents(r: ReturnType<typeof timedRun>): number[] {
  return r.records('pollfd').map((x) => x['revents'] as number);
}

describe('poll (FD.POLL.*)', () => {
  it('FD.POLL.RECORD, FD.POLL.READY, FD.POLL.NEGFD, FD.POLL.NVAL, FD.POLL.TTY: revents for every entry, the count of non-zero ones returned', () => {
    const p = new Prog();
    withPipe(p);
    call(p, 'eventfd', 1, 0); // fd 5
    const entries = [
      { fd: 3, events: POLL.IN }, // empty pipe, writer open: not ready
      { fd: 4, events: POLL.OUT }, // room in the pipe
      { fd: 0, events: POLL.IN | POLL.OUT }, // console
      { fd: 5, events: POLL.IN }, // eventfd with counter 1
      { fd: -1, events: POLL.IN }, // ignored
      { fd: 99, events: POLL.IN }, // not open
    ];
    const fds = p.bytes(pollfds(entries), 8);
    call(p, 'poll', fds, entries.length, 0);
    report(p, fds, 8 * entries.length);
    p.exit(0);
    const r = timedRun(p);
    expect(revents(r)).toEqual([0, POLL.OUT, POLL.IN | POLL.OUT, POLL.IN, 0, POLL.NVAL]);
    expect(r.records('pollfd').map((x) => [x['fd'], x['events']])).toEqual(entries.map((e) => [e.fd, e.events]));
    expect(r.call('poll').ret).toBe(4n);
    expect(r.call('poll').clause).toBe('FD.POLL.READY');
  });

  it('FD.POLL.PIPE, FD.POLL.ALWAYS: no writer left gives POLLIN|POLLHUP (POLLHUP even unrequested); no reader left gives POLLERR without POLLOUT', () => {
    const p = new Prog();
    withPipe(p); // 3, 4
    withPipe(p); // 5, 6
    call(p, 'close', 4);
    call(p, 'close', 5);
    const entries = [
      { fd: 3, events: POLL.IN },
      { fd: 3, events: 0 },
      { fd: 6, events: POLL.OUT },
      { fd: 6, events: 0 },
    ];
    const fds = p.bytes(pollfds(entries), 8);
    call(p, 'poll', fds, entries.length, 0);
    report(p, fds, 8 * entries.length);
    p.exit(0);
    const r = timedRun(p);
    expect(revents(r)).toEqual([POLL.IN | POLL.HUP, POLL.HUP, POLL.ERR, POLL.ERR]);
    expect(r.call('poll').ret).toBe(4n);
  });

  it('FD.POLL.PIPE: buffered bytes make the read end POLLIN; a full pipe clears POLLOUT on the write end', () => {
    const p = new Prog();
    withPipe(p);
    const data = p.space(PIPE_CAPACITY, 8);
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN }, { fd: 4, events: POLL.OUT }]), 8);
    call(p, 'write', 4, data, 1);
    call(p, 'poll', fds, 2, 0);
    report(p, fds, 16);
    call(p, 'write', 4, data, PIPE_CAPACITY - 1);
    call(p, 'poll', fds, 2, 0);
    report(p, fds, 16);
    p.exit(0);
    const r = timedRun(p);
    expect(revents(r)).toEqual([POLL.IN, POLL.OUT, POLL.IN, 0]);
    expect(r.rets('poll')).toEqual([2n, 1n]);
  });

  it('FD.POLL.FILE, FD.POLL.RIGHTS: files are always ready, but POLLIN needs READ and POLLOUT needs WRITE on the handle', () => {
    const p = new Prog();
    const path = p.str('/tmp/poll-rights');
    call(p, 'open', path, O_WRONLY | O_CREAT, 0o644); // 3
    call(p, 'open', path, O_RDONLY, 0); // 4
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN | POLL.OUT }, { fd: 4, events: POLL.IN | POLL.OUT }]), 8);
    call(p, 'poll', fds, 2, 0);
    report(p, fds, 16);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('open')).toEqual([3n, 4n]);
    expect(revents(r)).toEqual([POLL.OUT, POLL.IN]);
  });

  it('FD.POLL.UNKNOWNBITS: event bits outside POLL_EVENTS are ignored, never echoed', () => {
    const p = new Prog();
    const fds = p.bytes(pollfds([{ fd: 1, events: -1 }]), 8);
    call(p, 'poll', fds, 1, 0);
    report(p, fds);
    p.exit(0);
    const r = timedRun(p);
    expect(revents(r)).toEqual([POLL.IN | POLL.OUT]);
  });

  it('FD.POLL.TIMEOUT: timeout 0 scans once without waiting and returns 0 with every revents cleared', () => {
    const p = new Prog();
    withPipe(p);
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN }]), 8);
    call(p, 'poll', fds, 1, 0);
    report(p, fds);
    p.exit(0);
    const r = timedRun(p);
    expect(r.call('poll').ret).toBe(0n);
    expect(r.call('poll').clause).toBe('FD.POLL.TIMEOUT');
    expect(r.events.some((e) => e.name === 'poll' && e.outcome === 'block')).toBe(false);
    expect(revents(r)).toEqual([0]);
  });

  it('FD.POLL.TIMEOUT, FD.POLL.RETURN: a positive timeout waits that long, rounded up to ticks, on the virtual clock, then returns 0', () => {
    const p = new Prog();
    withPipe(p);
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN }]), 8);
    call(p, 'poll', fds, 1, 25);
    report(p, fds);
    p.exit(0);
    const r = timedRun(p);
    const blocked = r.events.find((e) => e.name === 'poll' && e.outcome === 'block')!;
    const done = r.call('poll');
    expect(done.ret).toBe(0n);
    expect(done.at - blocked.at).toBeGreaterThanOrEqual(ticks(25));
    expect(done.at - blocked.at).toBeLessThan(ticks(25) + MS);
    expect(revents(r)).toEqual([0]);
  });

  it('FD.POLL.TIMEOUT: a wake-up by an unrelated object does not end the wait early or restart it', () => {
    const p = new Prog();
    withPipe(p); // 3, 4
    call(p, 'eventfd', 0, 0); // 5
    const one = p.bytes(u64(1n), 8);
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN }]), 8);
    call(p, 'fork');
    const child = p.a.label();
    p.a.cbz(0, child);
    call(p, 'poll', fds, 1, 100);
    p.exit(0);
    p.a.bind(child);
    for (const ms of [20, 20, 20]) {
      call(p, 'nanosleep', 0, ms * MS);
      call(p, 'write', 5, one, 8);
    }
    p.exit(0);
    const r = timedRun(p);
    const blocks = r.events.filter((e) => e.name === 'poll' && e.outcome === 'block');
    const done = r.call('poll');
    expect(blocks.length).toBeGreaterThan(1);
    expect(done.ret).toBe(0n);
    expect(done.at - blocks[0]!.at).toBeGreaterThanOrEqual(ticks(100));
    expect(done.at - blocks[0]!.at).toBeLessThan(ticks(100) + MS);
  });

  it('FD.POLL.TIMEOUT: a negative timeout waits until an entry is ready (a forked child writes the pipe after 50 ms)', () => {
    const p = new Prog();
    withPipe(p);
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN }]), 8);
    call(p, 'fork');
    const child = p.a.label();
    p.a.cbz(0, child);
    call(p, 'poll', fds, 1, -1);
    report(p, fds);
    p.exit(0);
    p.a.bind(child);
    call(p, 'nanosleep', 0, 50 * MS);
    call(p, 'write', 4, fds, 1);
    p.exit(0);
    const r = timedRun(p);
    expect(r.call('poll').ret).toBe(1n);
    expect(r.call('poll').at).toBeGreaterThanOrEqual(r.call('write', 0, 2).at);
    expect(r.call('poll').at).toBeGreaterThanOrEqual(50 * MS);
    expect(revents(r)).toEqual([POLL.IN]);
  });

  it('FD.POLL.EVENTFD, FD.POLL.READY: an eventfd written by a forked child wakes a poll in the parent', () => {
    const p = new Prog();
    call(p, 'eventfd', 0, 0); // 3
    const one = p.bytes(u64(1n), 8);
    const fds = p.bytes(pollfds([{ fd: 0, events: 0 }, { fd: 3, events: POLL.IN }]), 8);
    call(p, 'fork');
    const child = p.a.label();
    p.a.cbz(0, child);
    call(p, 'poll', fds, 2, -1);
    report(p, fds, 16);
    p.exit(0);
    p.a.bind(child);
    call(p, 'nanosleep', 0, 10 * MS);
    call(p, 'write', 3, one, 8);
    p.exit(0);
    const r = timedRun(p);
    const blocked = r.events.find((e) => e.name === 'poll' && e.outcome === 'block')!;
    const write = r.call('write', 0, 2);
    expect(blocked.pid).toBe(1);
    expect(blocked.at).toBeLessThan(write.at);
    expect(r.call('poll').ret).toBe(1n);
    expect(r.call('poll').at).toBeGreaterThanOrEqual(write.at);
    expect(revents(r)).toEqual([0, POLL.IN]);
  });

  it('FD.POLL.EMPTY: nfds 0 returns 0 at once for timeout 0 and after the timeout for a positive one', () => {
    const p = new Prog();
    call(p, 'poll', 0, 0, 0);
    call(p, 'poll', 0, 0, 20);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('poll')).toEqual([0n, 0n]);
    const blocked = r.events.find((e) => e.name === 'poll' && e.outcome === 'block')!;
    expect(r.call('poll', 1).at - blocked.at).toBeGreaterThanOrEqual(ticks(20));
  });

  it('FD.POLL.EMPTY: nfds 0 with a negative timeout waits for ever (the run ends in deadlock, not a hang)', () => {
    const p = new Prog();
    call(p, 'poll', 0, 0, -1);
    p.exit(0);
    const r = timedRun(p);
    expect(r.result.verdict.kind).toBe('deadlock');
  });

  it('ABI.LENGTH.BOUNDS: nfds above POLL_NFDS_MAX fails EINVAL', () => {
    const p = new Prog();
    const fds = p.bytes(pollfds(Array.from({ length: POLL_NFDS_MAX + 1 }, () => ({ fd: 0, events: POLL.IN }))), 8);
    call(p, 'poll', fds, POLL_NFDS_MAX + 1, 0);
    call(p, 'poll', fds, POLL_NFDS_MAX, 0);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('poll')).toEqual([err('EINVAL'), BigInt(POLL_NFDS_MAX)]);
  });

  it('ABI.FAULT: an unmapped or read-only pollfd array fails EFAULT and writes nothing', () => {
    const p = new Prog();
    call(p, 'poll', 0x10, 1, 0);
    call(p, 'poll', CODE, 1, 0);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('poll')).toEqual([err('EFAULT'), err('EFAULT')]);
  });

  it('SIG.INTR: a blocked poll is ended with EINTR by a signal with a handler (sent through a pidfd by a child)', () => {
    const p = new Prog();
    withPipe(p); // 3, 4
    call(p, 'pidfd_open', 1, 0); // 5: names init
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN }]), 8);
    call(p, 'fork');
    const child = p.a.label();
    const handler = p.a.label();
    p.a.cbz(0, child);
    call(p, 'poll', fds, 1, -1);
    p.exit(99);
    p.a.bind(child);
    call(p, 'nanosleep', 0, 10 * MS);
    call(p, 'pidfd_send_signal', 5, SIGUSR1, 0);
    p.exit(0);
    // The handler exits with -(x0 saved in its frame): 4 when poll returned -EINTR.
    p.a.bind(handler);
    p.a.inst('LDR_X_uoff', { Rt: 0, Rn: 2, imm12: 1 });
    p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: 0, imm6: 0, Rn: 31, Rd: 0 });
    call(p, 'exit');
    const r = timedRun(p, {
      setup: (_k, init) => {
        init.signals.actions[SIGUSR1] = { handler: BigInt(CODE + handler.offset), restorer: 0n };
      },
    });
    expect(r.call('pidfd_send_signal').ret).toBe(0n);
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 4 });
  });

  it('SIG.INTR: a signal whose action is terminate ends a process blocked in poll', () => {
    const p = new Prog();
    withPipe(p);
    call(p, 'pidfd_open', 1, 0); // 5
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN }]), 8);
    call(p, 'fork');
    const child = p.a.label();
    p.a.cbz(0, child);
    call(p, 'poll', fds, 1, -1);
    p.exit(0);
    p.a.bind(child);
    call(p, 'nanosleep', 0, 10 * MS);
    call(p, 'pidfd_send_signal', 5, SIGTERM, 0);
    p.exit(0);
    const r = timedRun(p);
    expect(r.result.verdict).toMatchObject({ kind: 'signal', signal: SIGTERM });
  });
});
