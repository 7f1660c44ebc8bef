import { describe, expect, it } from 'vitest';
import { constValue, encodeLayout, layout } from '../../../spec/index.js';
import { Prog } from '../testkit.js';
import {
  dump, e, fork, PIPE_BUF, PIPE_CAPACITY, POLL, reapOne, runIpc, SIGPIPE, sleep, SOCKET_RIGHTS, SP_CLOEXEC, SP_NONBLOCK,
} from './ipc.testkit.js';

const F_GETFD = constValue('FCNTL_CMDS', 'F_GETFD');
const F_GETFL = constValue('FCNTL_CMDS', 'F_GETFL');
const F_SETFL = constValue('FCNTL_CMDS', 'F_SETFL');
const FD_CLOEXEC = constValue('FD_FLAGS', 'FD_CLOEXEC');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
const SIG_IGN = 1;
/** The pair of init's first socketpair (FD.ALLOC.LOWEST). */
const A = 3;
const B = 4;

function pair(p: Prog, flags = 0): number {
  const fds = p.space(8);
  p.sys('socketpair', fds, flags);
  return fds;
}

/** A pollfd record for `fd` asking for POLLIN|POLLOUT. */
function pollfd(p: Prog, fd: number): number {
  return p.bytes(encodeLayout(layout('pollfd'), { fd, events: POLL.IN | POLL.OUT, revents: 0 }), 8);
}

describe('socketpair', () => {
  it('IPC.SOCKETPAIR.DUPLEX IPC.SOCKETPAIR.RIGHTS: two handles at the lowest numbers; bytes written on either end are read on the other', () => {
    const p = new Prog();
    const fds = pair(p);
    dump(p, fds, 8);
    const buf = p.space(16);
    p.sys('write', A, p.str('ping'), 4).sys('read', B, buf, 16);
    dump(p, buf, 4);
    p.sys('write', B, p.str('pong!'), 5).sys('read', A, buf, 16);
    dump(p, buf, 5);
    p.sys('getpid').exit(0);
    const seen: { kind: string; rights: number; cloexec: boolean }[] = [];
    const run = runIpc(p, {
      after: (ev, k) => {
        if (ev.name !== 'getpid') return;
        for (const fd of [A, B]) {
          const h = k.handles(k.init!).get(fd)!;
          seen.push({ kind: h.object.kind, rights: h.rights, cloexec: h.cloexec });
        }
      },
    });
    expect(run.rets('socketpair')).toEqual([0n]);
    expect([run.i32(0), run.i32(4)]).toEqual([A, B]);
    expect(run.rets('read')).toEqual([4n, 5n]);
    expect(run.text(8, 4)).toBe('ping');
    expect(run.text(12, 5)).toBe('pong!');
    // IPC.SOCKETPAIR.NOTLINUX: the ends are pipe handles, not sockets.
    expect(seen).toEqual([
      { kind: 'pipe', rights: SOCKET_RIGHTS, cloexec: false },
      { kind: 'pipe', rights: SOCKET_RIGHTS, cloexec: false },
    ]);
  });

  it('IPC.SOCKETPAIR.FLAGS ABI.FLAGS.UNKNOWN ABI.ARGS.WIDTH: bits other than NONBLOCK and CLOEXEC fail EINVAL and create nothing; the upper 32 register bits are ignored', () => {
    const p = new Prog();
    const fds = p.space(8);
    for (const f of [4, 0x80, 0x1_0000_0004n, SP_NONBLOCK | 8]) p.sys('socketpair', fds, f);
    p.sys('socketpair', fds, 0xdead_beef_0000_0000n | BigInt(SP_NONBLOCK | SP_CLOEXEC));
    dump(p, fds, 8).exit(0);
    const run = runIpc(p);
    expect(run.rets('socketpair')).toEqual([e('EINVAL'), e('EINVAL'), e('EINVAL'), e('EINVAL'), 0n]);
    expect([run.i32(0), run.i32(4)]).toEqual([A, B]);
  });

  it('IPC.SOCKETPAIR.FLAGS FD.NONBLOCK.EAGAIN: NONBLOCK makes both ends non-blocking (F_GETFL shows O_NONBLOCK); CLOEXEC marks both handles', () => {
    const p = new Prog();
    pair(p, SP_NONBLOCK);
    const buf = p.space(8);
    p.sys('read', A, buf, 8).sys('read', B, buf, 8);
    p.sys('fcntl', A, F_GETFL, 0).sys('fcntl', A, F_GETFD, 0);
    pair(p, SP_CLOEXEC); // 5, 6
    p.sys('fcntl', 5, F_GETFL, 0).sys('fcntl', 5, F_GETFD, 0).sys('fcntl', 6, F_GETFD, 0).exit(0);
    const run = runIpc(p);
    expect(run.rets('read')).toEqual([e('EAGAIN'), e('EAGAIN')]);
    expect(run.clauses('read')).toEqual(['FD.NONBLOCK.EAGAIN', 'FD.NONBLOCK.EAGAIN']);
    expect(run.rets('fcntl')).toEqual([BigInt(O_RDWR | O_NONBLOCK), 0n, BigInt(O_RDWR), BigInt(FD_CLOEXEC), BigInt(FD_CLOEXEC)]);
  });

  it('FD.FCNTL.SETFL: O_NONBLOCK set with fcntl on one end applies to that end only', () => {
    const p = new Prog();
    pair(p);
    const buf = p.space(8);
    p.sys('fcntl', A, F_SETFL, O_NONBLOCK).sys('read', A, buf, 8).exit(0);
    const run = runIpc(p);
    expect(run.rets('read')).toEqual([e('EAGAIN')]);
  });

  it('IPC.SOCKETPAIR.PIPE FD.PIPE.EOF: after the peer closes, queued bytes are still read, then read returns 0', () => {
    const p = new Prog();
    pair(p);
    const buf = p.space(8);
    p.sys('write', B, p.str('tail'), 4).sys('close', B);
    p.sys('read', A, buf, 2).sys('read', A, buf, 8).sys('read', A, buf, 8).exit(0);
    const run = runIpc(p);
    expect(run.rets('read')).toEqual([2n, 2n, 0n]);
    expect(run.clauses('read')[2]).toBe('FD.PIPE.EOF');
  });

  it('IPC.SOCKETPAIR.PIPE FD.PIPE.SIGPIPE: a write after the peer closed raises SIGPIPE, whose default action ends the writer', () => {
    const p = new Prog();
    pair(p);
    p.sys('close', B).sys('write', A, p.str('x'), 1).exit(0);
    const run = runIpc(p);
    expect(run.result.verdict.kind).toBe('signal');
    expect(run.result.verdict.kind === 'signal' && run.result.verdict.signal).toBe(SIGPIPE);
  });

  it('FD.WRITE.ZERO FD.READ.ZERO: after the peer closed, 0-byte writes and reads return 0; no SIGPIPE (its default action would end the writer)', () => {
    const p = new Prog();
    pair(p);
    p.sys('close', B).sys('write', A, 0, 0).sys('read', A, 0, 0).exit(3);
    const run = runIpc(p);
    expect(run.rets('write')).toEqual([0n]);
    expect(run.clauses('write')).toEqual(['FD.WRITE.ZERO']);
    expect(run.rets('read')).toEqual([0n]);
    expect(run.clauses('read')).toEqual(['FD.READ.ZERO']);
    expect(run.result.verdict).toEqual({ kind: 'exit', status: 3 });
  });

  it('IPC.SOCKETPAIR.PIPE FD.PIPE.EPIPE: with SIGPIPE ignored the write fails EPIPE and the writer goes on', () => {
    const p = new Prog();
    pair(p);
    p.sys('sigaction', SIGPIPE, SIG_IGN, 0);
    p.sys('close', B).sys('write', A, p.str('x'), 1).exit(3);
    const run = runIpc(p);
    expect(run.rets('write')).toEqual([e('EPIPE')]);
    expect(run.result.verdict).toEqual({ kind: 'exit', status: 3 });
  });

  it('IPC.SOCKETPAIR.PIPE FD.PIPE.EOF: a blocked read wakes when the peer process writes, and with 0 when the last peer handle goes away', () => {
    const p = new Prog();
    pair(p);
    const buf = p.space(8);
    fork(p, (c) => {
      c.sys('close', A);
      sleep(c, 5);
      c.sys('write', B, c.str('w'), 1);
      sleep(c, 5);
      c.exit(0);
    });
    p.sys('close', B).sys('read', A, buf, 8).sys('read', A, buf, 8);
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.blocked('read', 1)).toBe(true);
    expect(run.rets('read', 1)).toEqual([1n, 0n]);
  });

  it('IPC.SOCKETPAIR.PIPE FD.PIPE.CAPACITY FD.NONBLOCK.PARTIAL: each direction buffers PIPE_CAPACITY bytes (atomic up to PIPE_BUF, partial beyond) independently of the other', () => {
    const p = new Prog();
    pair(p, SP_NONBLOCK);
    const big = p.space(PIPE_CAPACITY);
    p.sys('write', A, big, PIPE_CAPACITY - 100); // 924 queued
    p.sys('write', A, big, PIPE_BUF); // atomic: does not fit: EAGAIN
    p.sys('write', A, big, PIPE_BUF + 88); // not atomic: 100 of 600 queued
    p.sys('write', A, big, 1); // full
    p.sys('write', B, big, PIPE_CAPACITY).exit(0); // the other direction is empty
    const run = runIpc(p);
    expect(run.rets('write')).toEqual([BigInt(PIPE_CAPACITY - 100), e('EAGAIN'), 100n, e('EAGAIN'), BigInt(PIPE_CAPACITY)]);
    expect(run.clauses('write')[2]).toBe('FD.NONBLOCK.PARTIAL');
  });

  it('IPC.SOCKETPAIR.POLL IPC.SOCKETPAIR.HUP: POLLOUT while there is room, POLLIN once bytes are queued, POLLIN|POLLHUP|POLLERR (no POLLOUT) after the peer closes', () => {
    const p = new Prog();
    pair(p);
    const rec = pollfd(p, A);
    p.sys('poll', rec, 1, 0);
    dump(p, rec + 6, 2);
    p.sys('write', B, p.str('q'), 1).sys('poll', rec, 1, 0);
    dump(p, rec + 6, 2);
    p.sys('close', B).sys('poll', rec, 1, 0);
    dump(p, rec + 6, 2).exit(0);
    const run = runIpc(p);
    expect(run.rets('poll')).toEqual([1n, 1n, 1n]);
    const revents = [0, 2, 4].map((o) => run.out(o, 2)[0]! | (run.out(o, 2)[1]! << 8));
    expect(revents).toEqual([POLL.OUT, POLL.IN | POLL.OUT, POLL.IN | POLL.HUP | POLL.ERR]);
  });

  it('IPC.SOCKETPAIR.POLL: a full outgoing queue clears POLLOUT; a blocked poll wakes when the peer reads', () => {
    const p = new Prog();
    pair(p, SP_NONBLOCK);
    const big = p.space(PIPE_CAPACITY);
    const rec = pollfd(p, A);
    p.sys('write', A, big, PIPE_CAPACITY).sys('poll', rec, 1, 0);
    dump(p, rec + 6, 2);
    fork(p, (c) => {
      sleep(c, 5);
      c.sys('read', B, big, 10).exit(0);
    });
    p.sys('poll', rec, 1, -1);
    dump(p, rec + 6, 2);
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.rets('poll', 1)).toEqual([0n, 1n]);
    expect(run.blocked('poll', 1)).toBe(true);
    expect([run.out(0, 2)[0], run.out(2, 2)[0]]).toEqual([0, POLL.OUT]);
  });

  it('FD.TABLE.FULL ABI.FAULT: socketpair needs two free numbers (EMFILE) and a writable fds pointer (EFAULT)', () => {
    const p = new Prog();
    const fds = p.space(8);
    p.sys('socketpair', 0, 0).sys('socketpair', 0x10, 0);
    p.sys('socketpair', fds, 0).sys('socketpair', fds, 0).exit(0);
    const run = runIpc(p, { maxHandles: 6 });
    expect(run.rets('socketpair')).toEqual([e('EFAULT'), e('EFAULT'), 0n, e('EMFILE')]);
  });
});
