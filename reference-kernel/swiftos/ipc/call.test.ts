import { describe, expect, it } from 'vitest';
import { constValue } from '../../../spec/index.js';
import { fn, restorer } from '../signals/signals.testkit.js';
import { Prog } from '../testkit.js';
import {
  callMsg, copy64, dump, e, fork, IPC_MSG_MAX, load32, R, R0, reapOne, recvMsg, replyRecvMsg, rightsOf, runIpc, S0, sendMsg, sleep,
  SOCKET_RIGHTS,
} from './ipc.testkit.js';
import { REPLY_PORT_MAX } from './endpoint.js';

const SIGUSR1 = constValue('SIGNALS', 'SIGUSR1');
const SIGKILL = constValue('SIGNALS', 'SIGKILL');
/** The first child of init (PROC.PID.ALLOC). */
const CHILD = 2;

function create(p: Prog): number {
  const ends = p.space(8);
  p.sys('endpoint_create', ends);
  return ends;
}

/** Installs a SIGUSR1 handler that returns at once. */
function catchUsr1(p: Prog): void {
  const handler = fn(p, () => p.a.ret());
  p.sys('sigaction', SIGUSR1, handler, restorer(p));
}

describe('ipc_call / ipc_reply_recv', () => {
  it('IPC.CALL.SEND IPC.CALL.BLOCK IPC.CALL.REPLY IPC.REPLY.FIRST IPC.REPLY.TOKEN: a call blocks until the server replies to its token', () => {
    const p = new Prog();
    create(p);
    const c = callMsg(p, { data: 'ping' });
    fork(p, (ch) => {
      ch.sys('close', R0).sys('ipc_call', S0, c.rec);
      dump(ch, c.replyBuf, 4);
      dump(ch, c.outFd, 4).exit(0);
    });
    p.sys('close', S0);
    const first = replyRecvMsg(p); // reply_port 0: nothing to reply to yet
    const second = replyRecvMsg(p, { data: 'pong' });
    p.sys('ipc_reply_recv', R0, first.rec);
    dump(p, first.recvBuf, 4);
    dump(p, first.outToken, 8);
    copy64(p, first.outToken, second.rec);
    p.sys('ipc_reply_recv', R0, second.rec); // replies, then waits: EPIPE once the client is gone
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.blocked('ipc_call', CHILD)).toBe(true);
    expect(run.rets('ipc_call', CHILD)).toEqual([4n]);
    expect(run.clauses('ipc_call', CHILD)).toEqual(['IPC.CALL.REPLY']);
    expect(run.rets('ipc_reply_recv', 1)).toEqual([4n, e('EPIPE')]);
    expect(run.clauses('ipc_reply_recv', 1)).toEqual(['IPC.REPLY.TOKEN', 'IPC.RECV.EOF']);
    expect(run.text(0, 4)).toBe('ping');
    expect(run.u64(4)).not.toBe(0n);
    expect(run.text(12, 4)).toBe('pong');
    expect(run.i32(16)).toBe(-1);
  });

  it('IPC.CALL.REPLY: each caller gets the reply to its own request, whatever the order of the replies', () => {
    const p = new Prog();
    create(p);
    /** The caller exits with the first byte of its reply. */
    const caller = (ch: Prog, data: string, delay: number): void => {
      const c = callMsg(ch, { data });
      if (delay > 0) sleep(ch, delay);
      ch.sys('ipc_call', S0, c.rec);
      load32(ch, 0, c.replyBuf);
      ch.a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 7, Rn: 0, Rd: 0 });
      ch.exit({ reg: 0 });
    };
    fork(p, (ch) => caller(ch, 'one', 0)); // pid 2
    fork(p, (ch) => caller(ch, 'two', 5)); // pid 3
    const t1 = replyRecvMsg(p, { recvCap: 3 });
    const t2 = replyRecvMsg(p, { recvCap: 3 });
    const reply2 = replyRecvMsg(p, { data: 'TWO' });
    const reply1 = replyRecvMsg(p, { data: 'ONE' });
    p.sys('ipc_reply_recv', R0, t1.rec); // "one"
    copy64(p, t1.outToken, reply1.rec);
    p.sys('ipc_reply_recv', R0, t2.rec); // "two"; "one" still waits
    copy64(p, t2.outToken, reply2.rec);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'filler' })); // so the next receive does not wait
    p.sys('ipc_reply_recv', R0, reply2.rec); // answers pid 3 first
    p.sys('close', S0).sys('ipc_reply_recv', R0, reply1.rec); // then pid 2; EPIPE once both are gone
    const status = p.space(8);
    p.sys('waitpid', 2, status, 0).sys('waitpid', 3, status + 4, 0);
    dump(p, status, 8).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_reply_recv', 1)).toEqual([3n, 3n, 6n, e('EPIPE')]);
    expect(run.rets('ipc_call', 2)).toEqual([3n]);
    expect(run.rets('ipc_call', 3)).toEqual([3n]);
    expect([run.i32(0) >> 8, run.i32(4) >> 8]).toEqual(['O'.charCodeAt(0), 'T'.charCodeAt(0)]);
  });

  it('IPC.CALL.MODEL IPC.CALL.XFER: a call and its reply each move one handle, keeping every right', () => {
    const p = new Prog();
    create(p); // 3, 4
    const c = callMsg(p, { data: 'h', handleFd: 5 });
    const buf = p.space(8);
    fork(p, (ch) => {
      ch.sys('close', R0).sys('socketpair', buf, 0); // 4, 5
      ch.sys('ipc_call', S0, c.rec); // moves 5, gets the server's 6 at 5
      dump(ch, c.outFd, 4);
      ch.sys('getpid');
      ch.sys('write', 5, ch.str('from child'), 10).sys('read', 4, buf, 8); // the server wrote through the moved end
      dump(ch, buf, 8).exit(0);
    });
    p.sys('close', S0).sys('socketpair', buf, 0); // 3, 5
    const first = replyRecvMsg(p);
    const second = replyRecvMsg(p, { data: 'r', replyHandleFd: 5 });
    p.sys('ipc_reply_recv', R0, first.rec); // the child's 5 lands at 6
    dump(p, first.outFd, 4);
    p.sys('getpid').sys('write', 6, p.str('to child'), 8);
    copy64(p, first.outToken, second.rec);
    p.sys('ipc_reply_recv', R0, second.rec);
    const got = p.space(16);
    p.sys('read', 3, got, 16);
    dump(p, got, 10);
    reapOne(p).exit(0);
    const rights: number[] = [];
    const run = runIpc(p, {
      after: (ev, k) => {
        if (ev.name !== 'getpid') return;
        const proc = k.processes.get(ev.pid)!;
        rights.push(rightsOf(k, proc, ev.pid === 1 ? 6 : 5) ?? -1);
      },
    });
    expect(run.i32(0)).toBe(6);
    expect(run.i32(4)).toBe(5);
    expect(rights).toEqual([SOCKET_RIGHTS, SOCKET_RIGHTS]);
    expect(run.text(8, 8)).toBe('to child');
    expect(run.text(16, 10)).toBe('from child');
  });

  it('IPC.REPLY.STALE IPC.REPLY.OWNENDPOINT: a forged token, a token already replied to, or a token of another endpoint fails EINVAL', () => {
    const p = new Prog();
    create(p); // A: 3, 4
    p.sys('endpoint_create', p.space(8)); // B: 5, 6
    const c1 = callMsg(p, { data: 'a' });
    const c2 = callMsg(p, { data: 'b' });
    fork(p, (ch) => {
      ch.sys('ipc_call', S0, c1.rec).sys('ipc_call', S0, c2.rec).exit(0);
    });
    p.sys('close', S0).sys('close', 5);
    const forged = replyRecvMsg(p, { token: 0x7_0000_0003n });
    const first = replyRecvMsg(p);
    const onB = replyRecvMsg(p);
    const reply1 = replyRecvMsg(p, { data: 'A' });
    const again = replyRecvMsg(p, { data: 'A' });
    const reply2 = replyRecvMsg(p, { data: 'B' });
    p.sys('ipc_reply_recv', R0, forged.rec); // EINVAL before any receive
    p.sys('ipc_reply_recv', R0, first.rec);
    copy64(p, first.outToken, onB.rec);
    copy64(p, first.outToken, reply1.rec);
    copy64(p, first.outToken, again.rec);
    p.sys('ipc_reply_recv', 6, onB.rec); // another endpoint's token
    p.sys('ipc_reply_recv', R0, reply1.rec); // replies to "a", receives "b"
    p.sys('ipc_reply_recv', R0, again.rec); // that token is spent
    copy64(p, reply1.outToken, reply2.rec);
    p.sys('ipc_reply_recv', R0, reply2.rec); // replies to "b", then EPIPE once the child exits
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_reply_recv', 1)).toEqual([e('EINVAL'), 1n, e('EINVAL'), 1n, e('EINVAL'), e('EPIPE')]);
    expect(run.clauses('ipc_reply_recv', 1)).toEqual([
      'IPC.REPLY.STALE', 'IPC.REPLY.TOKEN', 'IPC.REPLY.OWNENDPOINT', 'IPC.REPLY.TOKEN', 'IPC.REPLY.STALE', 'IPC.RECV.EOF',
    ]);
    expect(run.rets('ipc_call', CHILD)).toEqual([1n, 1n]);
  });

  it('IPC.REPLY.PLAINSEND: a request delivered by ipc_send carries reply token 0', () => {
    const p = new Prog();
    create(p);
    const rr = replyRecvMsg(p);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'plain' })).sys('ipc_reply_recv', R0, rr.rec);
    dump(p, rr.outToken, 8);
    dump(p, rr.outFd, 4).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_reply_recv')).toEqual([5n]);
    expect(run.u64(0)).toBe(0n);
    expect(run.i32(8)).toBe(-1);
  });

  it('IPC.REPLY.ZERO: with reply_port 0 the reply fields are not checked and nothing is sent', () => {
    const p = new Prog();
    create(p);
    const rr = replyRecvMsg(p, { replyBuf: 0x10, replyLen: 100_000, replyHandleFd: 99 });
    const bad = replyRecvMsg(p, { token: 5n, replyBuf: 0x10, replyLen: 4 });
    p.sys('ipc_send', S0, sendMsg(p, { data: 'q' })).sys('ipc_reply_recv', R0, rr.rec);
    p.sys('ipc_reply_recv', R0, bad.rec).exit(0); // with a token, the same buffer is checked
    const run = runIpc(p);
    expect(run.rets('ipc_reply_recv')).toEqual([1n, e('EFAULT')]);
  });

  it('IPC.MSG.TOOBIG IPC.CALL.MODEL: a request or a reply over IPC_MSG_MAX bytes fails EINVAL; a refused reply is not delivered', () => {
    const big = new Uint8Array(IPC_MSG_MAX + 1);
    const p = new Prog();
    create(p);
    p.sys('ipc_call', S0, callMsg(p, { data: big }).rec); // nothing sent, does not block
    const c = callMsg(p, { data: 'x' });
    fork(p, (ch) => {
      ch.sys('ipc_call', S0, c.rec).exit(0);
    });
    p.sys('close', S0);
    const first = replyRecvMsg(p);
    const tooBig = replyRecvMsg(p, { data: big });
    const fits = replyRecvMsg(p, { data: big.subarray(0, IPC_MSG_MAX) });
    p.sys('ipc_reply_recv', R0, first.rec);
    copy64(p, first.outToken, tooBig.rec);
    copy64(p, first.outToken, fits.rec);
    p.sys('ipc_reply_recv', R0, tooBig.rec).sys('ipc_reply_recv', R0, fits.rec);
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_call', 1)).toEqual([e('EINVAL')]);
    expect(run.rets('ipc_reply_recv', 1)).toEqual([1n, e('EINVAL'), e('EPIPE')]);
    expect(run.clauses('ipc_reply_recv', 1)[1]).toBe('IPC.MSG.TOOBIG');
    expect(run.rets('ipc_call', CHILD)).toEqual([BigInt(IPC_MSG_MAX)]);
  });

  it('IPC.SEND.NORECEIVER IPC.SEND.BUSY: ipc_call fails EPIPE with no receive end and EAGAIN on a busy slot, without blocking', () => {
    const p = new Prog();
    create(p);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'busy' }));
    p.sys('ipc_call', S0, callMsg(p, { data: 'c' }).rec);
    p.sys('close', R0).sys('ipc_call', S0, callMsg(p, { data: 'c' }).rec).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_call')).toEqual([e('EAGAIN'), e('EPIPE')]);
    expect(run.clauses('ipc_call')).toEqual(['IPC.SEND.BUSY', 'IPC.SEND.NORECEIVER']);
    expect(run.blocked('ipc_call')).toBe(false);
  });

  it('IPC.CALL.BLOCK IPC.CALL.NOSERVER: a caller whose request is still queued fails EPIPE when the last receive end closes', () => {
    const p = new Prog();
    create(p);
    fork(p, (ch) => {
      ch.sys('close', S0);
      sleep(ch, 5);
      ch.exit(0); // the last receive end goes
    });
    p.sys('close', R0).sys('ipc_call', S0, callMsg(p, { data: 'r' }).rec);
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.blocked('ipc_call', 1)).toBe(true);
    expect(run.rets('ipc_call', 1)).toEqual([e('EPIPE')]);
    expect(run.clauses('ipc_call', 1)).toEqual(['IPC.CALL.NOSERVER']);
  });

  it('IPC.CALL.NOSERVER IPC.CALL.SERVER: a server that exits after taking the request fails its caller with EPIPE, even with a receive end still open', () => {
    const p = new Prog();
    create(p);
    const rr = replyRecvMsg(p);
    fork(p, (ch) => {
      ch.sys('close', S0).sys('ipc_reply_recv', R0, rr.rec).exit(0); // takes the request, never replies
    });
    // init keeps its receive end open and publishes it: the endpoint stays alive.
    p.sys('name_register', p.str('svc'), R0);
    p.sys('ipc_call', S0, callMsg(p, { data: 'r' }).rec);
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_reply_recv', CHILD)).toEqual([1n]);
    expect(run.rets('ipc_call', 1)).toEqual([e('EPIPE')]);
  });

  it('IPC.RECV.NOREPLY: a call request taken by plain ipc_recv fails its caller with EPIPE at once', () => {
    const p = new Prog();
    create(p);
    const r = recvMsg(p);
    fork(p, (ch) => {
      ch.sys('ipc_recv', R0, r.rec);
      sleep(ch, 50);
      ch.exit(0);
    });
    p.sys('ipc_call', S0, callMsg(p, { data: 'r' }).rec);
    p.sys('getpid'); // before the child's sleep ends
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_recv', CHILD)).toEqual([1n]);
    expect(run.rets('ipc_call', 1)).toEqual([e('EPIPE')]);
    const order = run.calls.filter((c) => c.pid === 1).map((c) => c.name);
    expect(order.indexOf('ipc_call')).toBeLessThan(order.indexOf('waitpid'));
    expect(run.clauses('ipc_call', 1)).toEqual(['IPC.CALL.NOSERVER']);
  });

  it('IPC.CALL.NOPORT: with every reply port taken by a waiting caller, another call fails ENOSPC', () => {
    expect(REPLY_PORT_MAX).toBe(16);
    const p = new Prog();
    const ends = p.space(8 * REPLY_PORT_MAX);
    for (let i = 0; i < REPLY_PORT_MAX; i++) p.sys('endpoint_create', ends + 8 * i); // 3+2i, 4+2i
    const c = callMsg(p, { data: 'w' });
    for (let i = 0; i < REPLY_PORT_MAX; i++) {
      fork(p, (ch) => {
        ch.sys('ipc_call', 3 + 2 * i, c.rec).exit(0);
      });
    }
    sleep(p, 5); // every child is waiting on its port
    const rr = replyRecvMsg(p);
    p.sys('ipc_reply_recv', R0, rr.rec); // frees endpoint 0's slot, its port stays taken
    p.sys('ipc_call', S0, c.rec).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_reply_recv', 1)).toEqual([1n]);
    expect(run.rets('ipc_call', 1)).toEqual([e('ENOSPC')]);
    expect(run.clauses('ipc_call', 1)).toEqual(['IPC.CALL.NOPORT']);
  });

  it('IPC.RECV.NOFD FD.TABLE.FULL: a reply carrying a handle to a caller with a full table fails EMFILE; the handle is closed', () => {
    const p = new Prog();
    create(p); // 3, 4
    const buf = p.space(8);
    fork(p, (ch) => {
      ch.sys('close', R0).sys('socketpair', buf, 0).sys('dup', 1).sys('dup', 1); // 4, 5, 6, 7: full at 8
      ch.sys('ipc_call', S0, callMsg(ch, { data: 'h' }).rec).exit(0);
    });
    p.sys('close', S0).sys('socketpair', buf, 0); // 3, 5
    const first = replyRecvMsg(p);
    const second = replyRecvMsg(p, { replyHandleFd: 5 });
    p.sys('ipc_reply_recv', R0, first.rec);
    copy64(p, first.outToken, second.rec);
    p.sys('ipc_reply_recv', R0, second.rec); // EPIPE after the child exits
    p.sys('read', 3, buf, 8); // the other end was discarded with the reply: EOF
    reapOne(p).exit(0);
    const run = runIpc(p, { maxHandles: 8 });
    expect(run.rets('ipc_call', CHILD)).toEqual([e('EMFILE')]);
    expect(run.rets('ipc_reply_recv', 1)).toEqual([1n, e('EPIPE')]);
    expect(run.rets('read', 1)).toEqual([0n]);
  });

  it('IPC.CALL.ABANDON SIG.INTR: a caller interrupted before its request is taken gets EINTR; the request arrives with token 0', () => {
    const p = new Prog();
    create(p);
    const c = callMsg(p, { data: 'gave up' });
    fork(p, (ch) => {
      catchUsr1(ch);
      ch.sys('ipc_call', S0, c.rec);
      sleep(ch, 20);
      ch.exit(0);
    });
    sleep(p, 5);
    p.sys('kill', CHILD, SIGUSR1);
    sleep(p, 5);
    const rr = replyRecvMsg(p);
    p.sys('ipc_reply_recv', R0, rr.rec);
    dump(p, rr.outToken, 8);
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_call', CHILD)).toEqual([e('EINTR')]);
    expect(run.rets('ipc_reply_recv', 1)).toEqual([7n]);
    expect(run.u64(0)).toBe(0n);
  });

  it('IPC.CALL.ABANDON IPC.REPLY.STALE: after the caller is interrupted, a reply with its token fails EINVAL', () => {
    const p = new Prog();
    create(p);
    const c = callMsg(p, { data: 'x' });
    fork(p, (ch) => {
      catchUsr1(ch);
      ch.sys('ipc_call', S0, c.rec);
      sleep(ch, 20);
      ch.exit(0);
    });
    const first = replyRecvMsg(p);
    const late = replyRecvMsg(p, { data: 'late' });
    p.sys('ipc_reply_recv', R0, first.rec);
    p.sys('kill', CHILD, SIGUSR1);
    sleep(p, 5);
    copy64(p, first.outToken, late.rec);
    p.sys('ipc_reply_recv', R0, late.rec);
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_call', CHILD)).toEqual([e('EINTR')]);
    expect(run.rets('ipc_reply_recv', 1)).toEqual([1n, e('EINVAL')]);
  });

  it('IPC.CALL.ABANDON: a caller killed before collecting its reply frees the port and closes the handle in the reply', () => {
    const p = new Prog();
    create(p); // 3, 4
    const buf = p.space(8);
    fork(p, (ch) => {
      ch.sys('ipc_call', S0, callMsg(ch, { data: 'k' }).rec).exit(0);
    });
    p.sys('socketpair', buf, 0); // 5, 6
    const first = replyRecvMsg(p);
    const second = replyRecvMsg(p, { replyHandleFd: 5 });
    p.sys('ipc_reply_recv', R0, first.rec);
    copy64(p, first.outToken, second.rec);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'filler' })); // so the reply's receive half does not wait
    // The reply makes the caller runnable; it is killed before it runs again.
    p.sys('ipc_reply_recv', R0, second.rec).sys('kill', CHILD, SIGKILL);
    p.sys('read', 6, buf, 8); // EOF: the only handle to end 5 went with the port
    const status = p.space(4);
    p.sys('waitpid', CHILD, status, 0);
    dump(p, status, 4).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_reply_recv', 1)).toEqual([1n, 6n]);
    expect(run.rets('ipc_call', CHILD)).toEqual([]);
    expect(run.rets('read', 1)).toEqual([0n]);
    expect(run.i32(0) & 0x7f).toBe(SIGKILL);
  });
});

describe('ipc_call / ipc_reply_recv argument errors', () => {
  it('FD.RIGHTS.MISSING: ipc_send and ipc_call need TRANSFER on the send end as well as WRITE (EACCES without)', () => {
    const p = new Prog();
    create(p); // A: 3, 4
    p.sys('endpoint_create', p.space(8)); // B: 5, 6
    p.sys('ipc_send', 5, sendMsg(p, { handleFd: S0, rights: R.WRITE })).sys('ipc_recv', 6, recvMsg(p).rec); // A's send end back at 3, WRITE only
    p.sys('ipc_send', S0, sendMsg(p, { data: 'x' })).sys('ipc_call', S0, callMsg(p, { data: 'x' }).rec).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([0n, e('EACCES')]);
    expect(run.rets('ipc_call')).toEqual([e('EACCES')]);
    expect(run.clauses('ipc_call')).toEqual(['FD.RIGHTS.MISSING']);
  });

  it('IPC.XFER.BADFD IPC.XFER.SELF IPC.XFER.RIGHTS: ipc_call checks its moved handle like ipc_send, sends nothing and does not block', () => {
    const p = new Prog();
    create(p); // 3, 4
    p.sys('socketpair', p.space(8), 0); // 5, 6
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: 5, rights: SOCKET_RIGHTS & ~R.TRANSFER })).sys('ipc_recv', R0, recvMsg(p).rec); // 5 without TRANSFER
    for (const handleFd of [77, S0, R0, 5]) p.sys('ipc_call', S0, callMsg(p, { data: 'x', handleFd }).rec);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'slot still free' })).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_call')).toEqual([e('EBADF'), e('EBADF'), e('EINVAL'), e('EACCES')]);
    expect(run.clauses('ipc_call')).toEqual(['IPC.XFER.BADFD', 'IPC.XFER.BADFD', 'IPC.XFER.SELF', 'IPC.XFER.RIGHTS']);
    expect(run.rets('ipc_send')).toEqual([0n, 0n]);
    expect(run.blocked('ipc_call')).toBe(false);
  });

  it('IPC.XFER.BADFD IPC.XFER.SELF IPC.XFER.RIGHTS IPC.MSG.ORDER: the reply handle is checked before the token', () => {
    const p = new Prog();
    create(p); // 3, 4
    p.sys('socketpair', p.space(8), 0); // 5, 6
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: 5, rights: SOCKET_RIGHTS & ~R.TRANSFER })).sys('ipc_recv', R0, recvMsg(p).rec); // 5 without TRANSFER
    for (const replyHandleFd of [77, R0, S0, 5, 6]) {
      p.sys('ipc_reply_recv', R0, replyRecvMsg(p, { token: 0x3_0000_0002n, data: 'r', replyHandleFd }).rec);
    }
    p.sys('write', 6, p.str('!'), 1).exit(0); // 6 was not moved
    const run = runIpc(p);
    expect(run.rets('ipc_reply_recv')).toEqual([e('EBADF'), e('EBADF'), e('EINVAL'), e('EACCES'), e('EINVAL')]);
    expect(run.clauses('ipc_reply_recv')).toEqual(['IPC.XFER.BADFD', 'IPC.XFER.BADFD', 'IPC.XFER.SELF', 'IPC.XFER.RIGHTS', 'IPC.REPLY.STALE']);
    expect(run.rets('write')).toEqual([1n]);
  });

  it('IPC.RECV.TRANSFER IPC.RECV.NOFD: ipc_reply_recv fails EACCES (receive end without TRANSFER) or EMFILE (full table) for a request carrying a handle; it stays pending', () => {
    const p = new Prog();
    create(p); // A: 3, 4
    p.sys('endpoint_create', p.space(8)); // B: 5, 6
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: 6, rights: R.READ })).sys('ipc_recv', R0, recvMsg(p).rec); // B's receive end at 6, READ only
    p.sys('socketpair', p.space(8), 0); // 7, 8
    p.sys('ipc_send', 5, sendMsg(p, { data: 'h', handleFd: 7 })); // B now holds a handle; 7 is free again
    p.sys('ipc_reply_recv', 6, replyRecvMsg(p).rec); // EACCES
    p.sys('ipc_send', S0, sendMsg(p, { data: 'h', handleFd: 8 })); // A holds a handle; 7 and 8 free
    p.sys('socketpair', p.space(8), 0); // 7, 8: the table (9) is full
    p.sys('ipc_reply_recv', R0, replyRecvMsg(p).rec); // EMFILE
    p.sys('ipc_send', 5, sendMsg(p, { data: 'x' })).sys('ipc_send', S0, sendMsg(p, { data: 'x' })).exit(0); // both still busy
    const run = runIpc(p, { maxHandles: 9 });
    expect(run.rets('ipc_reply_recv')).toEqual([e('EACCES'), e('EMFILE')]);
    expect(run.clauses('ipc_reply_recv')).toEqual(['IPC.RECV.TRANSFER', 'FD.TABLE.FULL']);
    expect(run.rets('ipc_send').slice(-2)).toEqual([e('EAGAIN'), e('EAGAIN')]);
  });
});
