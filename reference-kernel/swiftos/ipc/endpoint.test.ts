import { describe, expect, it } from 'vitest';
import { constValue } from '../../../spec/index.js';
import type { Handle } from '../handles.js';
import { Kernel } from '../kernel.js';
import { fn, restorer } from '../signals/signals.testkit.js';
import { Prog } from '../testkit.js';
import { Endpoint, EndpointEnd, ipcState } from './endpoint.js';
import {
  callMsg, copy64, dump, e, fork, IPC_MSG_MAX, POLL, R, R0, reapOne, recvMsg, RECV_RIGHTS, replyRecvMsg, rightsOf, runIpc, S0,
  SEND_RIGHTS, sendMsg, sleep, SOCKET_RIGHTS,
} from './ipc.testkit.js';

const SIGUSR1 = constValue('SIGNALS', 'SIGUSR1');

/** init's endpoint_create: ends at `ends`, dumped first (8 bytes of console). */
function create(p: Prog): number {
  const ends = p.space(8);
  p.sys('endpoint_create', ends);
  dump(p, ends, 8);
  return ends;
}

describe('endpoint_create', () => {
  it('IPC.ENDPOINT.CREATE FD.ALLOC.LOWEST: ends[0] is the send end and ends[1] the receive end, at the two lowest free numbers', () => {
    const p = new Prog();
    create(p);
    const m = sendMsg(p, { data: 'x' });
    const r = recvMsg(p);
    p.sys('ipc_send', S0, m).sys('ipc_recv', R0, r.rec);
    // The other way round fails: a receive end cannot send, a send end cannot receive.
    p.sys('ipc_send', R0, m).sys('ipc_recv', S0, r.rec).exit(0);
    const run = runIpc(p);
    expect(run.ret('endpoint_create')).toBe(0n);
    expect([run.i32(0), run.i32(4)]).toEqual([S0, R0]);
    expect(run.rets('ipc_send')).toEqual([0n, e('EINVAL')]);
    expect(run.rets('ipc_recv')).toEqual([1n, e('EINVAL')]);
  });

  it('IPC.ENDPOINT.RIGHTS: the send end holds exactly WRITE|TRANSFER and the receive end READ|TRANSFER', () => {
    const p = new Prog();
    create(p);
    p.sys('getpid').exit(0);
    let seen: (number | null)[] = [];
    runIpc(p, { after: (ev, k) => { if (ev.name === 'getpid') seen = [rightsOf(k, k.init!, S0), rightsOf(k, k.init!, R0)]; } });
    expect(seen).toEqual([R.WRITE | R.TRANSFER, R.READ | R.TRANSFER]);
    expect([SEND_RIGHTS, RECV_RIGHTS]).toEqual(seen);
  });

  it('IPC.ENDPOINT.NOMEM: the 17th live endpoint fails ENOMEM; closing both ends of one frees its place', () => {
    const p = new Prog();
    const ends = p.space(8);
    for (let i = 0; i < 17; i++) p.sys('endpoint_create', ends);
    p.sys('close', 3).sys('endpoint_create', ends);
    p.sys('close', 4).sys('endpoint_create', ends).exit(0);
    const run = runIpc(p);
    const rets = run.rets('endpoint_create');
    expect(rets.slice(0, 16)).toEqual(new Array(16).fill(0n));
    expect(rets[16]).toBe(e('ENOMEM'));
    expect(run.clauses('endpoint_create')[16]).toBe('IPC.ENDPOINT.NOMEM');
    // One end still open keeps the endpoint; with both closed it is gone.
    expect(rets.slice(17)).toEqual([e('ENOMEM'), 0n]);
  });

  it('FD.TABLE.FULL: endpoint_create needs two free numbers; with one left it fails EMFILE and installs nothing', () => {
    const p = new Prog();
    const ends = p.space(8);
    p.sys('endpoint_create', ends); // 3, 4; the table holds 6
    p.sys('endpoint_create', ends); // EMFILE: only 5 is free
    p.sys('close', 3).sys('endpoint_create', ends); // 3 and 5
    dump(p, ends, 8);
    p.exit(0);
    const run = runIpc(p, { maxHandles: 6 });
    expect(run.rets('endpoint_create')).toEqual([0n, e('EMFILE'), 0n]);
    expect([run.i32(0), run.i32(4)]).toEqual([3, 5]);
  });

  it('ABI.FAULT: an unwritable ends pointer fails EFAULT', () => {
    const p = new Prog();
    p.sys('endpoint_create', 0).sys('endpoint_create', 0x10).exit(0);
    expect(runIpc(p).rets('endpoint_create')).toEqual([e('EFAULT'), e('EFAULT')]);
  });
});

describe('ipc_send / ipc_recv', () => {
  it('IPC.SEND.BYTES IPC.RECV.NOHANDLE: the bytes arrive; without a moved handle *out_handle_fd is -1', () => {
    const p = new Prog();
    create(p);
    const r = recvMsg(p);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'hello, endpoint' })).sys('ipc_recv', R0, r.rec);
    dump(p, r.buf, 15);
    dump(p, r.outFd, 4);
    p.exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([0n]);
    expect(run.rets('ipc_recv')).toEqual([15n]);
    expect(run.text(8, 15)).toBe('hello, endpoint');
    expect(run.i32(23)).toBe(-1);
  });

  it('IPC.MSG.TOOBIG: IPC_MSG_MAX bytes go through; one more fails EINVAL and sends nothing', () => {
    const big = new Uint8Array(IPC_MSG_MAX + 1).map((_, i) => i & 0xff);
    const p = new Prog();
    create(p);
    const r = recvMsg(p, { cap: IPC_MSG_MAX + 8 });
    p.sys('ipc_send', S0, sendMsg(p, { data: big }));
    p.sys('ipc_send', S0, sendMsg(p, { data: big.subarray(0, IPC_MSG_MAX) }));
    p.sys('ipc_recv', R0, r.rec);
    dump(p, r.buf, IPC_MSG_MAX);
    p.exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([e('EINVAL'), 0n]);
    expect(run.clauses('ipc_send')[0]).toBe('IPC.MSG.TOOBIG');
    expect(run.rets('ipc_recv')).toEqual([BigInt(IPC_MSG_MAX)]);
    expect(run.out(8, IPC_MSG_MAX)).toEqual(big.subarray(0, IPC_MSG_MAX));
  });

  it('IPC.RECV.TRUNCATE: a receive copies min(length, capacity) bytes and drops the rest', () => {
    const p = new Prog();
    create(p);
    const small = recvMsg(p, { cap: 4 });
    const r = recvMsg(p);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'abcdefghij' })).sys('ipc_recv', R0, small.rec);
    dump(p, small.buf, 4);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'XY' })).sys('ipc_recv', R0, r.rec);
    dump(p, r.buf, 2);
    // cap 0: nothing is copied, the message is still consumed.
    p.sys('ipc_send', S0, sendMsg(p, { data: 'gone' })).sys('ipc_recv', R0, recvMsg(p, { cap: 0, buf: 0 }).rec);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'next' })).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_recv')).toEqual([4n, 2n, 0n]);
    expect(run.clauses('ipc_recv')[0]).toBe('IPC.RECV.TRUNCATE');
    expect(run.text(8, 4)).toBe('abcd');
    expect(run.text(12, 2)).toBe('XY');
    expect(run.rets('ipc_send')).toEqual([0n, 0n, 0n, 0n]);
  });

  it('IPC.ENDPOINT.SLOT IPC.SEND.BUSY: a second send while a message is pending fails EAGAIN without blocking; after the receive it succeeds', () => {
    const p = new Prog();
    create(p);
    const r = recvMsg(p);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'one' }));
    p.sys('ipc_send', S0, sendMsg(p, { data: 'two' }));
    p.sys('ipc_recv', R0, r.rec);
    dump(p, r.buf, 3);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'three' })).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([0n, e('EAGAIN'), 0n]);
    expect(run.clauses('ipc_send')[1]).toBe('IPC.SEND.BUSY');
    expect(run.blocked('ipc_send')).toBe(false);
    expect(run.text(8, 3)).toBe('one');
  });

  it('IPC.SEND.NORECEIVER: with every receive end closed a send fails EPIPE and raises no SIGPIPE', () => {
    const p = new Prog();
    create(p);
    p.sys('close', R0).sys('ipc_send', S0, sendMsg(p, { data: 'x' })).exit(7);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([e('EPIPE')]);
    expect(run.clauses('ipc_send')[0]).toBe('IPC.SEND.NORECEIVER');
    expect(run.result.verdict).toEqual({ kind: 'exit', status: 7 });
  });

  it('IPC.RECV.EOF: a pending message is still received after the last send end closes; then a receive fails EPIPE', () => {
    const p = new Prog();
    create(p);
    const r = recvMsg(p);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'last' })).sys('close', S0);
    p.sys('ipc_recv', R0, r.rec).sys('ipc_recv', R0, r.rec).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_recv')).toEqual([4n, e('EPIPE')]);
    expect(run.clauses('ipc_recv')[1]).toBe('IPC.RECV.EOF');
    expect(run.blocked('ipc_recv')).toBe(false);
  });

  it('IPC.RECV.BLOCK: a receive on an empty endpoint blocks until another process sends', () => {
    const p = new Prog();
    create(p);
    const r = recvMsg(p);
    const m = sendMsg(p, { data: 'late' });
    fork(p, (c) => {
      sleep(c, 5);
      c.sys('ipc_send', S0, m).exit(0);
    });
    p.sys('ipc_recv', R0, r.rec);
    dump(p, r.buf, 4);
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.blocked('ipc_recv', 1)).toBe(true);
    expect(run.rets('ipc_recv', 1)).toEqual([4n]);
    expect(run.text(8, 4)).toBe('late');
  });

  it('IPC.RECV.BLOCK IPC.RECV.EOF FD.CLOSE.LAST: a blocked receive wakes with EPIPE when the last send end goes away (its holder exits)', () => {
    const p = new Prog();
    create(p);
    const r = recvMsg(p);
    fork(p, (c) => {
      sleep(c, 5);
      c.exit(0);
    });
    p.sys('close', S0).sys('ipc_recv', R0, r.rec);
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.blocked('ipc_recv', 1)).toBe(true);
    expect(run.rets('ipc_recv', 1)).toEqual([e('EPIPE')]);
  });

  it('IPC.SEND.RIGHT IPC.RECV.RIGHT FD.RIGHTS.MISSING: send needs WRITE and receive needs READ (EBADF without)', () => {
    // A send end attenuated to TRANSFER only, moved through the endpoint to itself is refused
    // (IPC.XFER.SELF), so attenuate it through a second endpoint.
    const p = new Prog();
    create(p); // 3, 4
    const ends2 = p.space(8);
    p.sys('endpoint_create', ends2); // 5, 6
    const r = recvMsg(p);
    p.sys('ipc_send', 5, sendMsg(p, { handleFd: S0, rights: R.TRANSFER })); // S0 moves, keeps TRANSFER only
    p.sys('ipc_recv', 6, r.rec); // installed at 3
    dump(p, r.outFd, 4);
    p.sys('ipc_send', 3, sendMsg(p, { data: 'x' }));
    p.sys('ipc_send', 6, sendMsg(p, { data: 'x' })); // a receive end: the wrong end is the wrong kind
    p.sys('ipc_recv', 5, r.rec).exit(0); // a send end: likewise
    const run = runIpc(p);
    expect(run.i32(8)).toBe(3);
    expect(run.rets('ipc_send')).toEqual([0n, e('EBADF'), e('EINVAL')]);
    expect(run.clauses('ipc_send').slice(1)).toEqual(['FD.RIGHTS.MISSING', 'FD.KIND.WRONG']);
    expect(run.rets('ipc_recv')).toEqual([0n, e('EINVAL')]);
  });

  it('FD.KIND.WRONG FD.BADF: ipc_send and ipc_recv on a non-endpoint fail EINVAL; on a closed number EBADF', () => {
    const p = new Prog();
    const fds = p.space(8);
    p.sys('socketpair', fds, 0); // 3, 4
    p.sys('ipc_send', 3, sendMsg(p, { data: 'x' })).sys('ipc_recv', 1, recvMsg(p).rec);
    p.sys('ipc_send', 40, sendMsg(p)).sys('ipc_recv', -1, recvMsg(p).rec).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([e('EINVAL'), e('EBADF')]);
    expect(run.rets('ipc_recv')).toEqual([e('EINVAL'), e('EBADF')]);
  });

  it('ABI.FAULT ABI.FAULT.NOEFFECT: bad pointers in either record fail EFAULT, and a failed receive leaves the message pending', () => {
    const p = new Prog();
    create(p);
    p.sys('ipc_send', S0, 0x10); // the record itself
    p.sys('ipc_send', S0, sendMsg(p, { buf: 0x10, len: 4 })); // its buffer
    p.sys('ipc_send', S0, sendMsg(p, { buf: 0, len: 0 })); // empty message: NULL is fine
    const ok = recvMsg(p);
    p.sys('ipc_recv', R0, recvMsg(p, { buf: 0x10, cap: 8 }).rec);
    p.sys('ipc_recv', R0, recvMsg(p, { outFd: 0x10 }).rec);
    p.sys('ipc_recv', R0, recvMsg(p, { outBadge: 0x10 }).rec);
    p.sys('ipc_recv', R0, 0x20);
    p.sys('ipc_recv', R0, ok.rec).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([e('EFAULT'), e('EFAULT'), 0n]);
    expect(run.rets('ipc_recv')).toEqual([e('EFAULT'), e('EFAULT'), e('EFAULT'), e('EFAULT'), 0n]);
  });
});

describe('handle transfer', () => {
  it('IPC.XFER.MOVE IPC.RECV.HANDLE: the moved fd stops being valid in the sender; the receiver gets the same object at its lowest free number', () => {
    const p = new Prog();
    create(p); // 3, 4
    const fds = p.space(8);
    p.sys('socketpair', fds, 0); // 5, 6
    const r = recvMsg(p);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'h', handleFd: 5 }));
    p.sys('write', 5, fds, 1); // gone
    p.sys('ipc_recv', R0, r.rec);
    dump(p, r.outFd, 4);
    const msg = p.str('via moved end');
    const back = p.space(16);
    p.sys('write', 5, msg, 13).sys('read', 6, back, 16);
    dump(p, back, 13);
    p.exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([0n]);
    expect(run.clauses('ipc_send')).toEqual(['IPC.XFER.MOVE']);
    expect(run.rets('write')[1]).toBe(e('EBADF'));
    expect(run.rets('ipc_recv')).toEqual([1n]);
    expect(run.clauses('ipc_recv')).toEqual(['IPC.RECV.HANDLE']);
    expect(run.i32(8)).toBe(5);
    expect(run.text(12, 13)).toBe('via moved end');
  });

  it('IPC.SEND.ATOMIC IPC.XFER.MOVE: a send that fails (busy slot) moves nothing: the fd stays valid', () => {
    const p = new Prog();
    create(p);
    const fds = p.space(8);
    p.sys('socketpair', fds, 0); // 5, 6
    p.sys('ipc_send', S0, sendMsg(p, { data: 'a' }));
    p.sys('ipc_send', S0, sendMsg(p, { data: 'b', handleFd: 5 }));
    p.sys('write', 5, fds, 1).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([0n, e('EAGAIN')]);
    expect(run.rets('write')).toEqual([8n, 1n]);
  });

  it('IPC.XFER.RIGHTS: moving a handle without TRANSFER fails EACCES and leaves it in place', () => {
    const p = new Prog();
    create(p); // 3, 4
    const fds = p.space(8);
    p.sys('socketpair', fds, 0); // 5, 6
    const r = recvMsg(p);
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: 5, rights: SOCKET_RIGHTS & ~R.TRANSFER }));
    p.sys('ipc_recv', R0, r.rec); // at 5, no TRANSFER
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: 5 }));
    p.sys('write', 5, fds, 1).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([0n, e('EACCES')]);
    expect(run.clauses('ipc_send')[1]).toBe('IPC.XFER.RIGHTS');
    expect(run.rets('write')).toEqual([8n, 1n]);
  });

  it('IPC.XFER.BADFD: a handle_fd that is not open, or is the endpoint handle itself, fails EBADF', () => {
    const p = new Prog();
    create(p);
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: 77 }));
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: S0 }));
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: 0x7fff_ffff })).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([e('EBADF'), e('EBADF'), e('EBADF')]);
    expect(run.clauses('ipc_send')).toEqual(['IPC.XFER.BADFD', 'IPC.XFER.BADFD', 'IPC.XFER.BADFD']);
  });

  it('IPC.XFER.SELF: moving the receive end, or another send handle of the same endpoint, fails EINVAL', () => {
    const p = new Prog();
    create(p); // 3, 4
    const name = p.str('self');
    p.sys('name_register', name, R0).sys('name_lookup', name); // 5: another send end
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: R0 }));
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: 5 }));
    p.sys('ipc_send', 5, sendMsg(p, { handleFd: S0 })).exit(0);
    const run = runIpc(p);
    expect(run.ret('name_lookup')).toBe(5n);
    expect(run.rets('ipc_send')).toEqual([e('EINVAL'), e('EINVAL'), e('EINVAL')]);
    expect(run.clauses('ipc_send')).toEqual(['IPC.XFER.SELF', 'IPC.XFER.SELF', 'IPC.XFER.SELF']);
  });

  it('IPC.XFER.IGNORED: requested_rights is ignored without a handle (any value sends)', () => {
    const p = new Prog();
    create(p);
    const r = recvMsg(p);
    for (const rights of [0, 0x1234_5678, 0xffff_ff00]) {
      p.sys('ipc_send', S0, sendMsg(p, { data: 'z', rights })).sys('ipc_recv', R0, r.rec);
    }
    p.exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([0n, 0n, 0n]);
    expect(run.rets('ipc_recv')).toEqual([1n, 1n, 1n]);
  });

  it('IPC.RECV.TRANSFER: a receive end without TRANSFER fails EACCES on a message with a handle, which stays pending; plain messages still arrive', () => {
    const p = new Prog();
    create(p); // A: 3, 4
    const ends = p.space(8);
    p.sys('endpoint_create', ends); // B: 5, 6
    const r = recvMsg(p);
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: 6, rights: R.READ })); // B's receive end, READ only
    p.sys('ipc_recv', R0, r.rec); // at 6
    p.sys('ipc_send', 5, sendMsg(p, { data: 'p' })).sys('ipc_recv', 6, r.rec); // plain: fine
    const fds = p.space(8);
    p.sys('socketpair', fds, 0); // 7, 8
    p.sys('ipc_send', 5, sendMsg(p, { data: 'h', handleFd: 7 }));
    p.sys('ipc_recv', 6, r.rec); // EACCES
    p.sys('ipc_send', 5, sendMsg(p, { data: 'q' })).exit(0); // still pending: EAGAIN
    const run = runIpc(p);
    expect(run.rets('ipc_recv')).toEqual([0n, 1n, e('EACCES')]);
    expect(run.clauses('ipc_recv')[2]).toBe('IPC.RECV.TRANSFER');
    expect(run.rets('ipc_send')).toEqual([0n, 0n, 0n, e('EAGAIN')]);
  });

  it('IPC.RECV.NOFD FD.TABLE.FULL: with a full table a message carrying a handle fails EMFILE and stays pending', () => {
    const p = new Prog();
    create(p); // 3, 4
    const fds = p.space(8);
    p.sys('socketpair', fds, 0); // 5, 6
    const r = recvMsg(p);
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: 5 })); // 5 free again
    p.sys('socketpair', fds, 0); // 5, 7: table (8) full
    p.sys('ipc_recv', R0, r.rec); // EMFILE
    p.sys('close', 7).sys('ipc_recv', R0, r.rec); // now fits at 7
    dump(p, r.outFd, 4);
    p.exit(0);
    const run = runIpc(p, { maxHandles: 8 });
    expect(run.rets('socketpair')).toEqual([0n, 0n]);
    expect(run.rets('ipc_recv')).toEqual([e('EMFILE'), 0n]);
    expect(run.clauses('ipc_recv')[0]).toBe('FD.TABLE.FULL');
    expect(run.i32(8)).toBe(7);
  });

  it('IPC.MSG.ORDER: record fields are checked in order before the endpoint state', () => {
    const big = new Uint8Array(300);
    const p = new Prog();
    create(p);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'x' })); // the slot is now busy
    p.sys('ipc_send', S0, sendMsg(p, { data: big, handleFd: 99 })); // len before handle_fd
    p.sys('ipc_send', S0, sendMsg(p, { data: 'x', handleFd: 99 })); // handle_fd before the busy slot
    p.sys('ipc_send', S0, sendMsg(p, { data: 'x', handleFd: R0 })); // the same-endpoint check before it too
    p.sys('close', R0).sys('ipc_send', S0, sendMsg(p, { buf: 0x10, len: 1 })).exit(0); // buf before no-receiver
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([0n, e('EINVAL'), e('EBADF'), e('EINVAL'), e('EFAULT')]);
    expect(run.clauses('ipc_send').slice(1)).toEqual(['IPC.MSG.TOOBIG', 'IPC.XFER.BADFD', 'IPC.XFER.SELF', 'ABI.FAULT']);
  });
});

describe('readiness and interruption', () => {
  /** pollfd records for the send and receive ends, asking for POLLIN|POLLOUT. */
  function pollBoth(p: Prog): number {
    const recs = new Uint8Array(16);
    const v = new DataView(recs.buffer);
    v.setInt32(0, S0, true);
    v.setInt16(4, POLL.IN | POLL.OUT, true);
    v.setInt32(8, R0, true);
    v.setInt16(12, POLL.IN | POLL.OUT, true);
    return p.bytes(recs, 8);
  }

  it('FD.POLL.ENDPOINT: a send end is POLLOUT while the slot is free; a receive end POLLIN while a message is pending', () => {
    const p = new Prog();
    create(p);
    const recs = pollBoth(p);
    const r = recvMsg(p);
    const probe = (): void => {
      p.sys('poll', recs, 2, 0);
      dump(p, recs + 6, 2);
      dump(p, recs + 14, 2);
    };
    probe();
    p.sys('ipc_send', S0, sendMsg(p, { data: 'm' }));
    probe();
    p.sys('ipc_recv', R0, r.rec);
    probe();
    p.exit(0);
    const run = runIpc(p);
    expect(run.rets('poll')).toEqual([1n, 1n, 1n]);
    const rev = (i: number): number[] => [run.u16(8 + 4 * i), run.u16(8 + 4 * i + 2)];
    expect([rev(0), rev(1), rev(2)]).toEqual([[POLL.OUT, 0], [0, POLL.IN], [POLL.OUT, 0]]);
  });

  it('FD.POLL.ENDPOINT FD.POLL.ALWAYS: POLLERR on the send end once no receive end remains; POLLIN|POLLHUP on the receive end once no send end remains', () => {
    const p = new Prog();
    create(p); // A: 3, 4
    p.sys('endpoint_create', p.space(8)); // B: 5, 6
    const recs = new Uint8Array(16);
    const v = new DataView(recs.buffer);
    v.setInt32(0, S0, true); // A's send end, its receive end closed
    v.setInt16(4, 0, true); // nothing requested: POLLERR/POLLHUP still reported
    v.setInt32(8, 6, true); // B's receive end, its send end closed
    v.setInt16(12, 0, true);
    const at = p.bytes(recs, 8);
    p.sys('close', R0).sys('close', 5).sys('poll', at, 2, 0);
    dump(p, at + 6, 2);
    dump(p, at + 14, 2);
    v.setInt16(4, POLL.IN | POLL.OUT, true);
    v.setInt16(12, POLL.IN | POLL.OUT, true);
    const all = p.bytes(recs, 8);
    p.sys('poll', all, 2, 0);
    dump(p, all + 6, 2);
    dump(p, all + 14, 2).exit(0);
    const run = runIpc(p);
    const h = (o: number): number => run.u16(o);
    expect([h(8), h(10)]).toEqual([POLL.ERR, POLL.HUP]);
    expect([h(12), h(14)]).toEqual([POLL.OUT | POLL.ERR, POLL.IN | POLL.HUP]);
  });

  it('FD.POLL.ENDPOINT: a poll blocked on a receive end wakes when another process sends', () => {
    const p = new Prog();
    create(p);
    const recs = pollBoth(p);
    const m = sendMsg(p, { data: 'w' });
    fork(p, (c) => {
      sleep(c, 5);
      c.sys('ipc_send', S0, m);
      sleep(c, 5);
      c.exit(0);
    });
    p.sys('close', S0).sys('poll', recs + 8, 1, -1);
    dump(p, recs + 14, 2);
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.blocked('poll', 1)).toBe(true);
    expect(run.rets('poll', 1)).toEqual([1n]);
    expect(run.u16(8)).toBe(POLL.IN);
  });

  it('FD.POLL.ENDPOINT: a receive end without TRANSFER is not POLLIN for a pending message carrying a handle (polled with its handle)', () => {
    const k = new Kernel({ memoryBytes: 1 << 20 });
    const ep = new Endpoint(ipcState(k));
    const send = new EndpointEnd(ep, 'send');
    const recv = new EndpointEnd(ep, 'recv');
    send.retain();
    recv.retain();
    const full: Handle = { object: recv, rights: RECV_RIGHTS, cloexec: false };
    const noTransfer: Handle = { object: recv, rights: R.READ, cloexec: false };
    const moved: Handle = { object: new EndpointEnd(ep, 'send'), rights: SEND_RIGHTS, cloexec: false };
    ep.slot = { bytes: new Uint8Array(1), handle: moved, badge: 0, port: null };
    expect([recv.pollEvents(full), recv.pollEvents(noTransfer), recv.pollEvents()]).toEqual([POLL.IN, 0, POLL.IN]);
    ep.slot = { bytes: new Uint8Array(1), handle: null, badge: 0, port: null };
    expect(recv.pollEvents(noTransfer)).toBe(POLL.IN);
  });

  it('SIG.INTR: a receive blocked on an empty endpoint fails EINTR when a handled signal arrives; the endpoint is unchanged', () => {
    const p = new Prog();
    create(p);
    const handler = fn(p, () => p.a.ret());
    p.sys('sigaction', SIGUSR1, handler, restorer(p));
    const r = recvMsg(p);
    const m = sendMsg(p, { data: 'after' });
    fork(p, (c) => {
      sleep(c, 5);
      c.sys('kill', 1, SIGUSR1);
      sleep(c, 5);
      c.sys('ipc_send', S0, m).exit(0);
    });
    p.sys('ipc_recv', R0, r.rec).sys('ipc_recv', R0, r.rec);
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_recv', 1)).toEqual([e('EINTR'), 5n]);
  });

  it('IPC.REPLY.ORDER SIG.INTR: a reply is delivered before the receive half waits; after EINTR there, the same token fails EINVAL', () => {
    const p = new Prog();
    create(p);
    const handler = fn(p, () => p.a.ret());
    p.sys('sigaction', SIGUSR1, handler, restorer(p));
    const c = callMsg(p, { data: 'q' });
    fork(p, (ch) => {
      ch.sys('ipc_call', S0, c.rec);
      sleep(ch, 5);
      ch.sys('kill', 1, SIGUSR1);
      sleep(ch, 5);
      ch.exit(0);
    });
    p.sys('close', S0);
    const first = replyRecvMsg(p);
    const reply = replyRecvMsg(p, { data: 'answer' });
    p.sys('ipc_reply_recv', R0, first.rec);
    copy64(p, first.outToken, reply.rec);
    p.sys('ipc_reply_recv', R0, reply.rec); // replies, waits, EINTR
    p.sys('ipc_reply_recv', R0, reply.rec); // the token is spent
    reapOne(p).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_call', 2)).toEqual([6n]);
    expect(run.rets('ipc_reply_recv', 1)).toEqual([1n, e('EINTR'), e('EINVAL')]);
    expect(run.clauses('ipc_reply_recv', 1)[2]).toBe('IPC.REPLY.STALE');
  });
});
