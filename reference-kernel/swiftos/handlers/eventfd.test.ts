import { describe, expect, it } from 'vitest';
import { constValue } from '../../../spec/index.js';
import { EventFd } from '../objects/eventfd.js';
import { Prog } from '../testkit.js';
import { call, err, POLL, pollfds, report, timedRun, u64 } from './events.testkit.js';

const EFD_SEMAPHORE = constValue('EVENTFD_FLAGS', 'EFD_SEMAPHORE');
const EFD_CLOEXEC = constValue('EVENTFD_FLAGS', 'EFD_CLOEXEC');
const EFD_NONBLOCK = constValue('EVENTFD_FLAGS', 'EFD_NONBLOCK');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
/** EVT.WRITE.OVERFLOW: the largest counter value. */
const MAX = 0xffff_ffff_ffff_fffen;
/** EVT.NOMEM: live counters the kernel holds at once. */
const COUNTERS = 16;
const MS = 1_000_000;

/** eventfd(initval, flags) kept in x19; `buf` is an 8-byte scratch word. */
function withCounter(initval: number | bigint, flags: number): { p: Prog; buf: number } {
  const p = new Prog();
  const buf = p.space(16, 8);
  call(p, 'eventfd', initval, flags).keep(19);
  return { p, buf };
}

/** read(x19, buf, n) then report the word at buf. */
function readAndReport(p: Prog, buf: number, n = 8): void {
  call(p, 'read', { r: 19 }, buf, n);
  report(p, buf);
}

function writeValue(p: Prog, value: bigint, n = 8): void {
  const at = p.bytes(n > 8 ? new Uint8Array([...u64(value), ...new Uint8Array(n - 8).fill(0x11)]) : u64(value).slice(0, n), 8);
  call(p, 'write', { r: 19 }, at, n);
}

describe('eventfd (EVT.*)', () => {
  it('EVT.CREATE, FD.ALLOC.LOWEST: eventfd returns the lowest free handle; a read returns the initial value as 8 LE bytes', () => {
    const { p, buf } = withCounter(5, 0);
    readAndReport(p, buf);
    p.exit(0);
    const r = timedRun(p);
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
    expect(r.call('eventfd').ret).toBe(3n);
    expect(r.call('eventfd').clause).toBe('EVT.CREATE');
    expect(r.call('read').ret).toBe(8n);
    expect(r.words()).toEqual([5n]);
  });

  it('EVT.FLAGS ABI.ARGS.WIDTH: bits outside EVENTFD_FLAGS fail EINVAL, the upper 32 register bits are ignored; initval is unsigned 32-bit', () => {
    const { p, buf } = withCounter(0x1_0000_0007n, 0);
    readAndReport(p, buf);
    call(p, 'eventfd', 0, 0x2);
    call(p, 'eventfd', 0, 0x1_0000_0000n);
    call(p, 'eventfd', 0xffff_ffff, EFD_NONBLOCK).keep(19);
    readAndReport(p, buf);
    p.exit(0);
    const r = timedRun(p);
    expect(r.words()).toEqual([7n, 0xffff_ffffn]);
    expect(r.rets('eventfd').slice(1)).toEqual([err('EINVAL'), 4n, 5n]);
    expect(r.call('eventfd', 1).clause).toBe('ABI.FLAGS.UNKNOWN');
  });

  it('EVT.NONBLOCK: EFD_NONBLOCK sets O_NONBLOCK on the counter; EFD_CLOEXEC marks only the handle', () => {
    const p = new Prog();
    call(p, 'eventfd', 0, 0);
    call(p, 'eventfd', 0, EFD_NONBLOCK);
    call(p, 'eventfd', 0, EFD_CLOEXEC);
    p.exit(0);
    const seen: { fd: number; cloexec: boolean; status: number }[] = [];
    timedRun(p, {
      onEvent: (k, e) => {
        if (e.name !== 'eventfd' || e.ret === null || e.ret < 0n) return;
        const h = k.handles(k.init!).get(Number(e.ret))!;
        seen.push({ fd: Number(e.ret), cloexec: h.cloexec, status: (h.object as EventFd).statusFlags });
      },
    });
    expect(seen).toEqual([
      { fd: 3, cloexec: false, status: 0 },
      { fd: 4, cloexec: false, status: O_NONBLOCK },
      { fd: 5, cloexec: true, status: 0 },
    ]);
  });

  it('EVT.READ.COUNTER, EVT.WRITE.ADD: writes add; a read returns the sum and resets the counter to 0', () => {
    const { p, buf } = withCounter(1, EFD_NONBLOCK);
    writeValue(p, 2n);
    writeValue(p, 3n);
    readAndReport(p, buf);
    call(p, 'read', { r: 19 }, buf, 8);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('write').slice(0, 2)).toEqual([8n, 8n]);
    expect(r.call('write').clause).toBe('EVT.WRITE.ADD');
    expect(r.words()).toEqual([6n]);
    expect(r.call('read', 0).clause).toBe('EVT.READ.COUNTER');
    expect(r.call('read', 1).ret).toBe(err('EAGAIN'));
    expect(r.call('read', 1).clause).toBe('EVT.READ.EMPTY');
  });

  it('EVT.READ.SEMAPHORE: with EFD_SEMAPHORE each read returns 1 and decrements the counter by one', () => {
    const { p, buf } = withCounter(2, EFD_SEMAPHORE | EFD_NONBLOCK);
    readAndReport(p, buf);
    readAndReport(p, buf);
    call(p, 'read', { r: 19 }, buf, 8);
    p.exit(0);
    const r = timedRun(p);
    expect(r.words()).toEqual([1n, 1n]);
    expect(r.call('read', 0).clause).toBe('EVT.READ.SEMAPHORE');
    expect(r.call('read', 2).ret).toBe(err('EAGAIN'));
  });

  it('EVT.READ.EMPTY: a blocking read of a zero counter waits until a forked child writes', () => {
    const { p, buf } = withCounter(0, 0);
    call(p, 'fork');
    const child = p.a.label();
    p.a.cbz(0, child);
    readAndReport(p, buf);
    p.exit(0);
    p.a.bind(child);
    call(p, 'nanosleep', 0, 10 * MS);
    writeValue(p, 9n);
    p.exit(0);
    const r = timedRun(p);
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
    const blocked = r.events.find((e) => e.name === 'read' && e.outcome === 'block')!;
    const write = r.call('write', 0, 2);
    const read = r.call('read', 0, 1);
    expect(blocked.pid).toBe(1);
    expect(blocked.at).toBeLessThan(write.at);
    expect(read.at).toBeGreaterThanOrEqual(write.at);
    expect(read.ret).toBe(8n);
    expect(r.words()).toEqual([9n]);
  });

  it('EVT.READ.SHORT, FD.READ.ZERO, EVT.RW.SIZE: 1..7 bytes fail EINVAL, 0 returns 0, 16 transfer exactly 8', () => {
    const p = new Prog();
    const buf = p.bytes(new Uint8Array(16).fill(0xaa), 8);
    call(p, 'eventfd', 3, 0).keep(19);
    call(p, 'read', { r: 19 }, buf, 7);
    call(p, 'read', { r: 19 }, buf, 0);
    call(p, 'read', { r: 19 }, buf, 16);
    report(p, buf, 16);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('read')).toEqual([err('EINVAL'), 0n, 8n]);
    expect(r.call('read', 0).clause).toBe('EVT.READ.SHORT');
    expect(r.call('read', 1).clause).toBe('FD.READ.ZERO');
    expect([...r.console]).toEqual([...u64(3n), ...new Uint8Array(8).fill(0xaa)]);
  });

  it('EVT.WRITE.INVALID, FD.WRITE.ZERO, EVT.RW.SIZE: short writes and 2^64-1 fail EINVAL without effect; 0 bytes return 0; 16 bytes add one value', () => {
    const { p, buf } = withCounter(0, EFD_NONBLOCK);
    writeValue(p, 5n, 4);
    writeValue(p, 0xffff_ffff_ffff_ffffn);
    writeValue(p, 5n, 0);
    writeValue(p, 4n, 16);
    readAndReport(p, buf);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('write').slice(0, 4)).toEqual([err('EINVAL'), err('EINVAL'), 0n, 8n]);
    expect(r.call('write', 0).clause).toBe('EVT.WRITE.INVALID');
    expect(r.call('write', 1).clause).toBe('EVT.WRITE.INVALID');
    expect(r.words()).toEqual([4n]);
  });

  it('EVT.WRITE.OVERFLOW: a write past 0xFFFF_FFFF_FFFF_FFFE fails EAGAIN when non-blocking, leaving the counter', () => {
    const { p, buf } = withCounter(0, EFD_NONBLOCK);
    writeValue(p, MAX);
    writeValue(p, 1n);
    readAndReport(p, buf);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('write').slice(0, 2)).toEqual([8n, err('EAGAIN')]);
    expect(r.call('write', 1).clause).toBe('EVT.WRITE.OVERFLOW');
    expect(r.words()).toEqual([MAX]);
  });

  it('EVT.WRITE.OVERFLOW: a blocking write that would overflow waits until a read makes room', () => {
    const { p, buf } = withCounter(0, 0);
    writeValue(p, MAX);
    call(p, 'fork');
    const child = p.a.label();
    p.a.cbz(0, child);
    writeValue(p, 1n);
    readAndReport(p, buf);
    p.exit(0);
    p.a.bind(child);
    call(p, 'nanosleep', 0, 5 * MS);
    readAndReport(p, buf);
    p.exit(0);
    const r = timedRun(p);
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
    const blocked = r.events.find((e) => e.name === 'write' && e.pid === 1 && e.outcome === 'block');
    expect(blocked).toBeDefined();
    expect(r.call('write', 1, 1).at).toBeGreaterThanOrEqual(r.call('read', 0, 2).at);
    expect(r.words()).toEqual([MAX, 1n]);
  });

  it('EVT.NOMEM: with 16 live counters eventfd fails ENOMEM; closing the last handle of one frees it', () => {
    const p = new Prog();
    for (let i = 0; i < COUNTERS + 1; i++) call(p, 'eventfd', 0, 0);
    call(p, 'fork');
    const child = p.a.label();
    p.a.cbz(0, child);
    call(p, 'close', 3);
    call(p, 'eventfd', 0, 0); // the child still holds fd 3: ENOMEM
    call(p, 'waitpid', -1, 0, 0);
    call(p, 'eventfd', 0, 0); // the child has exited: fd 3's counter is free
    p.exit(0);
    p.a.bind(child);
    call(p, 'nanosleep', 0, 5 * MS);
    p.exit(0);
    const r = timedRun(p);
    const rets = r.rets('eventfd');
    expect(rets.slice(0, COUNTERS)).toEqual(Array.from({ length: COUNTERS }, (_, i) => BigInt(3 + i)));
    expect(rets[COUNTERS]).toBe(err('ENOMEM'));
    expect(r.call('eventfd', COUNTERS).clause).toBe('EVT.NOMEM');
    expect(rets[COUNTERS + 1]).toBe(err('ENOMEM'));
    expect(rets[COUNTERS + 2]).toBe(3n);
  });

  it('FD.TABLE.FULL: eventfd with no free handle number fails EMFILE (before EVT.NOMEM)', () => {
    const p = new Prog();
    call(p, 'eventfd', 0, 0);
    call(p, 'eventfd', 0, 0);
    p.exit(0);
    const r = timedRun(p, { maxHandles: 4 });
    expect(r.rets('eventfd')).toEqual([3n, err('EMFILE')]);
    expect(r.call('eventfd', 1).clause).toBe('FD.TABLE.FULL');
  });

  it('FD.POLL.EVENTFD, EVT.POLL.OUT: POLLIN while the counter is non-zero (cleared by draining); POLLOUT while a write of 1 fits', () => {
    const { p, buf } = withCounter(0, EFD_NONBLOCK);
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN | POLL.OUT }]), 8);
    const pollReport = (): void => {
      call(p, 'poll', fds, 1, 0);
      report(p, fds);
    };
    pollReport();
    writeValue(p, 1n);
    pollReport();
    call(p, 'read', { r: 19 }, buf, 8);
    pollReport();
    writeValue(p, MAX);
    pollReport();
    p.exit(0);
    const r = timedRun(p);
    expect(r.records('pollfd').map((x) => x['revents'])).toEqual([POLL.OUT, POLL.IN | POLL.OUT, POLL.OUT, POLL.IN]);
    expect(r.rets('poll')).toEqual([1n, 1n, 1n, 1n]);
  });

  it('FD.INHERIT.FORK: a forked child shares the counter (its write is read by the parent)', () => {
    const { p, buf } = withCounter(1, 0);
    call(p, 'fork');
    const child = p.a.label();
    p.a.cbz(0, child);
    call(p, 'waitpid', -1, 0, 0);
    readAndReport(p, buf);
    p.exit(0);
    p.a.bind(child);
    writeValue(p, 41n);
    p.exit(0);
    const r = timedRun(p);
    expect(r.words()).toEqual([42n]);
  });
});
