import { describe, expect, it } from 'vitest';
import { Prog } from '../testkit.js';
import { dump, e, fork, R0, reapOne, recvMsg, runIpc, S0, sendMsg } from './ipc.testkit.js';

/** init creates endpoint 3/4; returns a badged receive record. */
function setup(p: Prog): ReturnType<typeof recvMsg> {
  p.sys('endpoint_create', p.space(8));
  return recvMsg(p, { badge: true });
}

describe('ipc_badge / badged receive', () => {
  it('IPC.BADGE.DEFAULT IPC.BADGE.REPORT: an unbadged send end reports badge 0', () => {
    const p = new Prog();
    const r = setup(p);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'u' })).sys('ipc_recv', R0, r.rec);
    dump(p, r.outBadge, 4).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_recv')).toEqual([1n]);
    expect(run.u32(0)).toBe(0);
  });

  it('IPC.BADGE.STAMP IPC.BADGE.REPORT: a receive reports the 32-bit badge stamped on the sending handle; ipc_badge with 0 clears it', () => {
    const p = new Prog();
    const r = setup(p);
    p.sys('ipc_badge', S0, 0xdead_beef);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'b' })).sys('ipc_recv', R0, r.rec);
    dump(p, r.outBadge, 4);
    p.sys('ipc_badge', S0, 0x1_0000_0007n); // only the low 32 bits are the badge
    p.sys('ipc_send', S0, sendMsg(p, { data: 'b' })).sys('ipc_recv', R0, r.rec);
    dump(p, r.outBadge, 4);
    p.sys('ipc_badge', S0, 0);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'b' })).sys('ipc_recv', R0, r.rec);
    dump(p, r.outBadge, 4).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_badge')).toEqual([0n, 0n, 0n]);
    expect(run.clauses('ipc_badge')).toEqual(['IPC.BADGE.STAMP', 'IPC.BADGE.STAMP', 'IPC.BADGE.DEFAULT']);
    expect([run.u32(0), run.u32(4), run.u32(8)]).toEqual([0xdead_beef, 7, 0]);
  });

  it('IPC.BADGE.NULL: out_badge NULL skips the report (the record stays 32 bytes)', () => {
    const p = new Prog();
    p.sys('endpoint_create', p.space(8));
    const r = recvMsg(p, { badge: false });
    p.sys('ipc_badge', S0, 42).sys('ipc_send', S0, sendMsg(p, { data: 'n' })).sys('ipc_recv', R0, r.rec);
    dump(p, r.outBadge, 4).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_recv')).toEqual([1n]);
    expect(run.u32(0)).toBe(0xa5a5_a5a5); // untouched
  });

  it('IPC.BADGE.CARRY: the badge rides with the send handle through a transfer, not with the endpoint', () => {
    const p = new Prog();
    const r = setup(p); // A: 3, 4
    p.sys('endpoint_create', p.space(8)); // B: 5, 6
    const name = p.str('svc');
    p.sys('name_register', name, R0).sys('name_lookup', name); // 7: a second, unbadged send end of A
    p.sys('ipc_badge', S0, 0x5150);
    const plain = recvMsg(p);
    p.sys('ipc_send', 5, sendMsg(p, { handleFd: S0 })).sys('ipc_recv', 6, plain.rec); // A's badged send end moves via B, back at 3
    p.sys('ipc_send', S0, sendMsg(p, { data: 'x' })).sys('ipc_recv', R0, r.rec);
    dump(p, r.outBadge, 4);
    p.sys('ipc_send', 7, sendMsg(p, { data: 'y' })).sys('ipc_recv', R0, r.rec);
    dump(p, r.outBadge, 4).exit(0);
    const run = runIpc(p);
    expect(run.ret('name_lookup')).toBe(7n);
    expect(run.rets('ipc_send')).toEqual([0n, 0n, 0n]);
    expect(run.u32(0)).toBe(0x5150);
    expect(run.u32(4)).toBe(0);
  });

  it('IPC.BADGE.CARRY: a forked child sending on its copy of a badged handle is reported with that badge; re-badging the copy leaves the parent\'s', () => {
    const p = new Prog();
    const r = setup(p);
    p.sys('ipc_badge', S0, 11);
    const m = sendMsg(p, { data: 'c' });
    fork(p, (c) => {
      c.sys('ipc_send', S0, m);
      c.sys('ipc_badge', S0, 22).exit(0);
    });
    p.sys('ipc_recv', R0, r.rec);
    dump(p, r.outBadge, 4);
    reapOne(p);
    p.sys('ipc_send', S0, m).sys('ipc_recv', R0, r.rec);
    dump(p, r.outBadge, 4).exit(0);
    const run = runIpc(p);
    expect([run.u32(0), run.u32(4)]).toEqual([11, 11]);
  });

  it('IPC.BADGE.SENDONLY FD.KIND.WRONG FD.BADF: a receive end or a non-endpoint fails EINVAL; a closed number EBADF', () => {
    const p = new Prog();
    setup(p);
    p.sys('socketpair', p.space(8), 0); // 5, 6
    p.sys('ipc_badge', R0, 1).sys('ipc_badge', 5, 1).sys('ipc_badge', 1, 1).sys('ipc_badge', 60, 1).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_badge')).toEqual([e('EINVAL'), e('EINVAL'), e('EINVAL'), e('EBADF')]);
    expect(run.clauses('ipc_badge')).toEqual(['FD.KIND.WRONG', 'FD.KIND.WRONG', 'FD.KIND.WRONG', 'FD.BADF']);
  });
});
