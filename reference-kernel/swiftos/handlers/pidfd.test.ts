import { describe, expect, it } from 'vitest';
import { CAP_BITS, constValue, rightsMask } from '../../../spec/index.js';
import { PidFd } from '../objects/pidfd.js';
import { CODE, Prog } from '../testkit.js';
import { call, err, POLL, pollfds, report, timedRun, type TimedOptions } from './events.testkit.js';

const PIDFD_CLOEXEC = constValue('PIDFD_OPEN_FLAGS', 'PIDFD_CLOEXEC');
const PIDFD_NONBLOCK = constValue('PIDFD_OPEN_FLAGS', 'PIDFD_NONBLOCK');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const SIGTERM = constValue('SIGNALS', 'SIGTERM');
const SIGUSR1 = constValue('SIGNALS', 'SIGUSR1');
const state = (name: string): number => constValue('PROC_STATES', name);
/** PIDFD.RIGHTS. */
const PIDFD_RIGHTS = rightsMask(['READ', 'WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR']);
const MS = 1_000_000;
/** PROC.WAIT.STATUS: exit code in bits 8..15; a terminating signal in bits 0..6. */
const exited = (code: number): bigint => BigInt(code << 8);
const killedBy = (sig: number): bigint => BigInt(sig);

/** fork: the child runs `child` (ending with its own exit), the parent continues with x19 = child pid. */
function forkChild(p: Prog, child: (p: Prog) => void): void {
  call(p, 'fork');
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child(p);
  p.a.bind(parent);
  p.keep(19);
}

/** waitpid(x19, status) and report the status word. */
function waitAndReport(p: Prog): void {
  const status = p.space(8, 8);
  call(p, 'waitpid', { r: 19 }, status, 0);
  report(p, status);
}

describe('process handles (PIDFD.*)', () => {
  it('PIDFD.OPEN, PIDFD.RIGHTS, PIDFD.NONBLOCK: a pidfd names the process with the default rights; PIDFD_NONBLOCK is a status flag, PIDFD_CLOEXEC a handle flag', () => {
    const p = new Prog();
    forkChild(p, (c) => {
      call(c, 'nanosleep', 0, 10 * MS);
      c.exit(0);
    });
    call(p, 'pidfd_open', { r: 19 }, 0);
    call(p, 'pidfd_open', { r: 19 }, PIDFD_NONBLOCK | PIDFD_CLOEXEC);
    p.exit(0);
    const seen: unknown[] = [];
    const r = timedRun(p, {
      onEvent: (k, e) => {
        if (e.name !== 'pidfd_open' || e.ret === null || e.ret < 0n) return;
        const h = k.handles(k.init!).get(Number(e.ret))!;
        const obj = h.object as PidFd;
        seen.push({ kind: obj.kind, pid: obj.process.pid, same: obj.process === k.processes.get(2), rights: h.rights, cloexec: h.cloexec, status: obj.statusFlags });
      },
    });
    expect(r.rets('pidfd_open')).toEqual([3n, 4n]);
    expect(r.call('pidfd_open').clause).toBe('PIDFD.OPEN');
    expect(seen).toEqual([
      { kind: 'pidfd', pid: 2, same: true, rights: PIDFD_RIGHTS, cloexec: false, status: 0 },
      { kind: 'pidfd', pid: 2, same: true, rights: PIDFD_RIGHTS, cloexec: true, status: O_NONBLOCK },
    ]);
  });

  it('PIDFD.OPEN.NOSUCH, ABI.PID.INVALID, ABI.FLAGS.UNKNOWN: no such pid is ESRCH; pid <= 0 and unknown flags are EINVAL', () => {
    const p = new Prog();
    call(p, 'pidfd_open', 999, 0);
    call(p, 'pidfd_open', 0, 0);
    call(p, 'pidfd_open', -1, 0);
    call(p, 'pidfd_open', 1, 0x1);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('pidfd_open')).toEqual([err('ESRCH'), err('EINVAL'), err('EINVAL'), err('EINVAL')]);
    expect(r.call('pidfd_open').clause).toBe('PIDFD.OPEN.NOSUCH');
  });

  it('PIDFD.THREAD: a thread id is not accepted', () => {
    const p = new Prog();
    const stack = p.space(4096, 16) + 4096;
    const entry = p.a.label();
    const main = p.a.label();
    p.a.b(main);
    p.a.bind(entry);
    const spin = p.a.here();
    call(p, 'nanosleep', 1, 0);
    p.a.b(spin);
    p.a.bind(main);
    call(p, 'thread_create', CODE + entry.offset, 0, stack).keep(19);
    call(p, 'pidfd_open', { r: 19 }, 0);
    p.exit(0);
    const r = timedRun(p);
    const tid = r.call('thread_create').ret;
    expect(tid).toBeGreaterThan(1n);
    expect(r.call('pidfd_open').ret).toBe(err('ESRCH'));
    expect(r.call('pidfd_open').clause).toBe('PIDFD.OPEN.NOSUCH');
  });

  it('PIDFD.READ: read and write on a pidfd fail with EINVAL', () => {
    const p = new Prog();
    const buf = p.space(8, 8);
    call(p, 'pidfd_open', 1, 0);
    call(p, 'read', 3, buf, 8);
    call(p, 'write', 3, buf, 8);
    p.exit(0);
    const r = timedRun(p);
    expect([r.call('read').ret, r.call('write').ret]).toEqual([err('EINVAL'), err('EINVAL')]);
    expect(r.call('read').clause).toBe('FD.KIND.WRONG');
  });

  it('FD.KIND.WRONG, FD.READ.ZERO, FD.WRITE.ZERO, PIDFD.READ: with count 0, read and write on a pidfd still fail EINVAL (the kind check comes first)', () => {
    const p = new Prog();
    call(p, 'pidfd_open', 1, 0);
    call(p, 'read', 3, 0, 0);
    call(p, 'write', 3, 0, 0);
    p.exit(0);
    const r = timedRun(p);
    expect([r.call('read').ret, r.call('write').ret]).toEqual([err('EINVAL'), err('EINVAL')]);
    expect([r.call('read').clause, r.call('write').clause]).toEqual(['FD.KIND.WRONG', 'FD.KIND.WRONG']);
  });

  it('PIDFD.SIGNAL: pidfd_send_signal delivers the signal to the handle\'s process (SIGTERM ends the child)', () => {
    const p = new Prog();
    forkChild(p, (c) => {
      call(c, 'nanosleep', 1, 0);
      c.exit(7);
    });
    call(p, 'pidfd_open', { r: 19 }, 0);
    call(p, 'pidfd_send_signal', 3, SIGTERM, 0);
    waitAndReport(p);
    p.exit(0);
    const r = timedRun(p);
    expect(r.call('pidfd_send_signal').ret).toBe(0n);
    expect(r.call('pidfd_send_signal').clause).toBe('PIDFD.SIGNAL');
    expect(r.words()).toEqual([killedBy(SIGTERM)]);
  });

  it('SIG.KILL.SELF: a process may signal itself through a pidfd; a terminating action ends it before the call returns to it', () => {
    const p = new Prog();
    call(p, 'pidfd_open', 1, 0);
    call(p, 'pidfd_send_signal', 3, SIGTERM, 0);
    p.exit(0);
    const r = timedRun(p);
    expect(r.result.verdict).toMatchObject({ kind: 'signal', signal: SIGTERM });
    expect(r.events.some((e) => e.name === 'exit')).toBe(false);
  });

  it('SIG.KILL.PROBE: signal 0 through a pidfd checks the process without sending anything', () => {
    const p = new Prog();
    forkChild(p, (c) => {
      call(c, 'nanosleep', 0, 10 * MS);
      c.exit(7);
    });
    call(p, 'pidfd_open', { r: 19 }, 0);
    call(p, 'pidfd_send_signal', 3, 0, 0);
    waitAndReport(p);
    p.exit(0);
    const r = timedRun(p);
    expect(r.call('pidfd_send_signal').ret).toBe(0n);
    expect(r.words()).toEqual([exited(7)]);
  });

  it('PIDFD.SIGNAL, SIG.NUMBERS: flags must be 0 and the signal 0..31', () => {
    const p = new Prog();
    call(p, 'pidfd_open', 1, 0);
    call(p, 'pidfd_send_signal', 3, 0, 1);
    call(p, 'pidfd_send_signal', 3, 32, 0);
    call(p, 'pidfd_send_signal', 3, -1, 0);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('pidfd_send_signal')).toEqual([err('EINVAL'), err('EINVAL'), err('EINVAL')]);
    expect(r.call('pidfd_send_signal', 0).clause).toBe('ABI.FLAGS.UNKNOWN');
  });

  it('PIDFD.SIGNAL.EXITED, PIDFD.INFO.REAPED: a zombie and a reaped process both refuse signals with ESRCH; getinfo reports the zombie, then ESRCH', () => {
    const p = new Prog();
    const info = p.space(64, 8);
    forkChild(p, (c) => c.exit(3));
    call(p, 'nanosleep', 0, 10 * MS); // the child is a zombie now
    call(p, 'pidfd_open', { r: 19 }, 0);
    call(p, 'pidfd_send_signal', 3, SIGTERM, 0);
    call(p, 'pidfd_getinfo', 3, info);
    report(p, info, 56);
    waitAndReport(p);
    call(p, 'pidfd_send_signal', 3, 0, 0);
    call(p, 'pidfd_getinfo', 3, info);
    p.exit(0);
    const r = timedRun(p);
    expect(r.call('pidfd_open').ret).toBe(3n);
    expect(r.rets('pidfd_send_signal')).toEqual([err('ESRCH'), err('ESRCH')]);
    expect(r.call('pidfd_send_signal').clause).toBe('PIDFD.SIGNAL.EXITED');
    expect(r.rets('pidfd_getinfo')).toEqual([0n, err('ESRCH')]);
    expect(r.call('pidfd_getinfo', 1).clause).toBe('PIDFD.INFO.REAPED');
    const rec = r.records('procstat')[0]!;
    expect(rec['pid']).toBe(2);
    expect(rec['state']).toBe(state('PROC_ZOMBIE'));
    // The last report is the 8-byte wait status after the 56-byte record.
    expect(new DataView(r.console.buffer, r.console.byteOffset + 56, 8).getBigUint64(0, true)).toBe(exited(3));
  });

  it('PIDFD.IDENTITY, PIDFD.NOREAP: after the process is reaped and its pid reused, the pidfd gives ESRCH and never touches the new process', () => {
    // pidMax 3: pids are 2, 3, then 2 again.
    const p = new Prog();
    forkChild(p, (c) => c.exit(0)); // pid 2
    call(p, 'pidfd_open', { r: 19 }, 0); // 3 (the child may still run or be a zombie)
    waitAndReport(p); // the parent, not the pidfd, reaps
    forkChild(p, (c) => c.exit(0)); // pid 3
    waitAndReport(p);
    forkChild(p, (c) => {
      call(c, 'nanosleep', 0, 20 * MS);
      c.exit(5);
    }); // pid 2 again
    call(p, 'pidfd_send_signal', 3, SIGTERM, 0);
    call(p, 'pidfd_getinfo', 3, p.space(64, 8));
    waitAndReport(p);
    p.exit(0);
    const r = timedRun(p, { pidMax: 3 });
    expect(r.rets('fork').filter((x) => x !== 0n)).toEqual([2n, 3n, 2n]);
    expect(r.call('pidfd_send_signal').ret).toBe(err('ESRCH'));
    expect(r.call('pidfd_getinfo').ret).toBe(err('ESRCH'));
    expect(r.words()).toEqual([exited(0), exited(0), exited(5)]);
  });

  it('SIG.KILL.PERM, PIDFD.SIGNAL.ORDER: another principal may not be signalled (EPERM, also for 0) unless the sender holds capConsole; an ended process is ESRCH first', () => {
    const build = (): Prog => {
      const p = new Prog();
      forkChild(p, (c) => {
        call(c, 'nanosleep', 0, 10 * MS);
        c.exit(6);
      });
      call(p, 'pidfd_open', { r: 19 }, 0);
      call(p, 'pidfd_send_signal', 3, 0, 0);
      call(p, 'pidfd_send_signal', 3, SIGUSR1, 0);
      waitAndReport(p);
      call(p, 'pidfd_send_signal', 3, SIGUSR1, 0);
      p.exit(0);
      return p;
    };
    // The child becomes principal 9 as soon as fork returns to the parent.
    const otherPrincipal: TimedOptions['onEvent'] = (k, e) => {
      if (e.name === 'fork' && e.pid === 1 && e.ret !== null && e.ret > 0n) {
        const child = k.processes.get(Number(e.ret))!;
        child.identity = { ...child.identity, principal: 9 };
      }
    };
    const plain = timedRun(build(), { identity: { principal: 1, session: 1, caps: 0 }, onEvent: otherPrincipal });
    expect(plain.rets('pidfd_send_signal')).toEqual([err('EPERM'), err('EPERM'), err('ESRCH')]);
    expect(plain.call('pidfd_send_signal').clause).toBe('SIG.KILL.PERM');
    expect(plain.words()).toEqual([exited(6)]);
    const console = timedRun(build(), { identity: { principal: 1, session: 1, caps: CAP_BITS.capConsole }, onEvent: otherPrincipal });
    expect(console.rets('pidfd_send_signal')).toEqual([0n, 0n, err('ESRCH')]);
    expect(console.words()).toEqual([killedBy(SIGUSR1)]);
  });

  it('PIDFD.POLL: a pidfd becomes POLLIN when its process exits, waking a poll that waits for it', () => {
    const p = new Prog();
    forkChild(p, (c) => {
      call(c, 'nanosleep', 0, 30 * MS);
      c.exit(0);
    });
    call(p, 'pidfd_open', { r: 19 }, 0);
    const fds = p.bytes(pollfds([{ fd: 3, events: POLL.IN }]), 8);
    call(p, 'poll', fds, 1, 0);
    report(p, fds);
    call(p, 'poll', fds, 1, -1);
    report(p, fds);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('poll')).toEqual([0n, 1n]);
    expect(r.records('pollfd').map((x) => x['revents'])).toEqual([0, POLL.IN]);
    expect(r.call('poll', 1).at).toBeGreaterThanOrEqual(r.events.find((e) => e.name === 'exit' && e.pid === 2)!.at);
    expect(r.events.some((e) => e.name === 'poll' && e.outcome === 'block')).toBe(true);
  });

  it('PIDFD.POLL: a process can wait for the end of a process that is not its child (a sibling)', () => {
    const p = new Prog();
    forkChild(p, (c) => {
      call(c, 'nanosleep', 0, 20 * MS);
      c.exit(0);
    }); // pid 2
    forkChild(p, (c) => {
      const fds = c.bytes(pollfds([{ fd: 3, events: POLL.IN }]), 8);
      call(c, 'pidfd_open', 2, 0);
      call(c, 'poll', fds, 1, -1);
      report(c, fds);
      c.exit(0);
    }); // pid 3
    call(p, 'waitpid', -1, 0, 0);
    call(p, 'waitpid', -1, 0, 0);
    p.exit(0);
    const r = timedRun(p);
    expect(r.call('pidfd_open', 0, 3).ret).toBe(3n);
    expect(r.call('poll', 0, 3).ret).toBe(1n);
    // POLLIN; POLLHUP too when init has reaped the sibling before the poller runs again (PIDFD.POLL.REAPED).
    expect(r.records('pollfd').map((x) => Number(x['revents']) & POLL.IN)).toEqual([POLL.IN]);
    expect(r.call('poll', 0, 3).at).toBeGreaterThanOrEqual(r.events.find((e) => e.name === 'exit' && e.pid === 2)!.at);
  });

  it('PIDFD.INFO: pidfd_getinfo fills the procstat record of exactly the handle\'s process', () => {
    const p = new Prog();
    const info = p.space(64, 8);
    forkChild(p, (c) => {
      call(c, 'nanosleep', 0, 30 * MS);
      c.exit(0);
    });
    call(p, 'pidfd_open', { r: 19 }, 0); // 3: the child
    call(p, 'pidfd_open', 1, 0); // 4: init itself
    call(p, 'nanosleep', 0, 10 * MS); // the child is asleep
    call(p, 'pidfd_getinfo', 3, info);
    report(p, info, 56);
    call(p, 'pidfd_getinfo', 4, info);
    report(p, info, 56);
    const all = p.space(56 * 2, 8);
    call(p, 'procstat', all, 2);
    report(p, all, 56 * 2);
    p.exit(0);
    const r = timedRun(p, { identity: { principal: 4, session: 1, caps: 0 } });
    expect(r.rets('pidfd_getinfo')).toEqual([0n, 0n]);
    expect(r.call('pidfd_getinfo').clause).toBe('PIDFD.INFO');
    const [child, self, ...procstat] = r.records('procstat');
    // The same record procstat writes for each process at that moment.
    expect(procstat.find((x) => x['pid'] === 2)).toEqual(child);
    expect(child).toMatchObject({ pid: 2, ppid: 1, state: state('PROC_BLOCKED'), principal: 4 });
    expect(self).toMatchObject({ pid: 1, ppid: 0, state: state('PROC_RUNNING'), principal: 4 });
    expect(new TextDecoder().decode(child!['name'] as Uint8Array).replace(/\0+$/, '')).toBe('init');
  });

  it('FD.TABLE.FULL: pidfd_open with no free handle number fails EMFILE', () => {
    const p = new Prog();
    call(p, 'pidfd_open', 1, 0);
    p.exit(0);
    const r = timedRun(p, { maxHandles: 3 });
    expect(r.call('pidfd_open').ret).toBe(err('EMFILE'));
  });
});
