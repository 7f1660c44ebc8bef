import { describe, expect, it } from 'vitest';
import { CAP_BITS, constValue, SEEDED_PRINCIPAL_CAPS } from '../../../spec/index.js';
import { Prog } from '../testkit.js';
import { dump, e, fork, R0, reapOne, recvMsg, rightsOf, runIpc, S0, SEND_RIGHTS, sendMsg } from './ipc.testkit.js';
import { SERVICE_NAMES_MAX } from './names.js';

const SERVICE_NAME_MAX = constValue('LIMITS', 'SERVICE_NAME_MAX');
const GUEST = { principal: 3, session: 3, caps: SEEDED_PRINCIPAL_CAPS.guest };

function create(p: Prog): void {
  p.sys('endpoint_create', p.space(8));
}

describe('name_register / name_lookup', () => {
  it('IPC.NAME.REGISTER IPC.NAME.LOOKUP: a looked-up name gives a fresh send end to the published endpoint', () => {
    const p = new Prog();
    create(p); // 3, 4
    const name = p.str('echo');
    const r = recvMsg(p);
    p.sys('name_register', name, R0).sys('name_lookup', name); // 5
    p.sys('ipc_send', 5, sendMsg(p, { data: 'found' })).sys('ipc_recv', R0, r.rec);
    dump(p, r.buf, 5).exit(0);
    const run = runIpc(p);
    expect(run.rets('name_register')).toEqual([0n]);
    expect(run.rets('name_lookup')).toEqual([5n]);
    expect(run.clauses('name_lookup')).toEqual(['IPC.NAME.LOOKUP']);
    expect(run.text(0, 5)).toBe('found');
  });

  it('IPC.NAME.SENDONLY: the looked-up handle holds exactly WRITE|TRANSFER: it cannot receive', () => {
    const p = new Prog();
    create(p);
    const name = p.str('only-send');
    p.sys('name_register', name, R0).sys('name_lookup', name).sys('getpid');
    p.sys('ipc_recv', 5, recvMsg(p).rec).exit(0);
    let rights: number | null = null;
    const run = runIpc(p, { after: (ev, k) => { if (ev.name === 'getpid') rights = rightsOf(k, k.init!, 5); } });
    expect(rights).toBe(SEND_RIGHTS);
    expect(run.rets('ipc_recv')).toEqual([e('EINVAL')]);
  });

  it('IPC.NAME.CAP IPC.NAME.SENDONLY: without capConsole name_register fails EACCES; name_lookup has no capability gate', () => {
    expect(GUEST.caps & CAP_BITS.capConsole).toBe(0);
    const p = new Prog();
    create(p);
    const name = p.str('svc');
    p.sys('name_register', name, R0).sys('name_lookup', name).exit(0);
    const run = runIpc(p, { identity: GUEST });
    expect(run.rets('name_register')).toEqual([e('EACCES')]);
    expect(run.clauses('name_register')).toEqual(['IPC.NAME.CAP']);
    expect(run.rets('name_lookup')).toEqual([e('ENOENT')]);
  });

  it('IPC.NAME.UNKNOWN: looking up a name nobody registered fails ENOENT; names compare byte for byte', () => {
    const p = new Prog();
    create(p);
    p.sys('name_register', p.str('abc'), R0);
    p.sys('name_lookup', p.str('ab')).sys('name_lookup', p.str('abcd')).sys('name_lookup', p.str('ABC')).sys('name_lookup', p.str('abc')).exit(0);
    const run = runIpc(p);
    expect(run.rets('name_lookup')).toEqual([e('ENOENT'), e('ENOENT'), e('ENOENT'), 5n]);
    expect(run.clauses('name_lookup')[0]).toBe('IPC.NAME.UNKNOWN');
  });

  it('ABI.STRING.TOOLONG ABI.STRING.EMPTY ABI.FAULT: names are 1..SERVICE_NAME_MAX bytes (EINVAL otherwise); a bad pointer is EFAULT', () => {
    const longest = 'n'.repeat(SERVICE_NAME_MAX);
    const p = new Prog();
    create(p);
    for (const n of [longest, `${longest}x`, '']) p.sys('name_register', p.str(n), R0);
    p.sys('name_register', 0x10, R0);
    for (const n of [longest, `${longest}x`, '']) p.sys('name_lookup', p.str(n));
    p.sys('name_lookup', 0).exit(0);
    const run = runIpc(p);
    expect(run.rets('name_register')).toEqual([0n, e('EINVAL'), e('EINVAL'), e('EFAULT')]);
    expect(run.rets('name_lookup')).toEqual([5n, e('EINVAL'), e('EINVAL'), e('EFAULT')]);
  });

  it('IPC.NAME.PIN: after the publisher closes its receive end, sends through the name still find a receiver (no EPIPE)', () => {
    const p = new Prog();
    create(p);
    const name = p.str('pinned');
    p.sys('name_register', name, R0).sys('close', R0);
    p.sys('ipc_send', S0, sendMsg(p, { data: 'a' }));
    p.sys('name_lookup', name).exit(0);
    const run = runIpc(p);
    expect(run.rets('ipc_send')).toEqual([0n]);
    expect(run.rets('name_lookup')).toEqual([4n]);
  });

  it('IPC.NAME.PIN: a publisher that exits leaves its endpoint reachable by name', () => {
    const p = new Prog();
    const name = p.str('daemon');
    const m = sendMsg(p, { data: 'hi' });
    fork(p, (c) => {
      create(c); // the child's 3, 4
      c.sys('name_register', name, R0).exit(0);
    });
    reapOne(p);
    p.sys('name_lookup', name); // 3
    p.sys('ipc_send', 3, m).sys('ipc_send', 3, m).exit(0);
    const run = runIpc(p);
    expect(run.rets('name_register')).toEqual([0n]);
    expect(run.rets('name_lookup', 1)).toEqual([3n]);
    // The pinned receive end keeps the slot: the message waits, the next send finds it busy.
    expect(run.rets('ipc_send', 1)).toEqual([0n, e('EAGAIN')]);
  });

  it('IPC.NAME.REPLACE: registering a name again points it at the new endpoint and drops the old pin', () => {
    const p = new Prog();
    create(p); // A: 3, 4
    p.sys('endpoint_create', p.space(8)); // B: 5, 6
    const name = p.str('moving');
    const r = recvMsg(p);
    p.sys('name_register', name, R0).sys('close', R0); // A lives on the pin only
    p.sys('name_register', name, 6); // replaced: A has no receiver now
    p.sys('ipc_send', S0, sendMsg(p, { data: 'old' }));
    p.sys('name_lookup', name); // 4
    p.sys('ipc_send', 4, sendMsg(p, { data: 'new' })).sys('ipc_recv', 6, r.rec);
    dump(p, r.buf, 3).exit(0);
    const run = runIpc(p);
    expect(run.rets('name_register')).toEqual([0n, 0n]);
    expect(run.rets('ipc_send')).toEqual([e('EPIPE'), 0n]);
    expect(run.text(0, 3)).toBe('new');
  });

  it('IPC.NAME.FULL: a new name beyond the 8 registered fails ENOSPC; re-registering an existing name still works', () => {
    expect(SERVICE_NAMES_MAX).toBe(8);
    const p = new Prog();
    create(p);
    const names = Array.from({ length: 9 }, (_, i) => p.str(`name${i}`));
    for (const n of names) p.sys('name_register', n, R0);
    p.sys('name_register', names[3]!, R0).sys('name_lookup', names[8]!).exit(0);
    const run = runIpc(p);
    expect(run.rets('name_register')).toEqual([...new Array(8).fill(0n), e('ENOSPC'), 0n]);
    expect(run.clauses('name_register')[8]).toBe('IPC.NAME.FULL');
    expect(run.rets('name_lookup')).toEqual([e('ENOENT')]);
  });

  it('FD.RIGHTS.MISSING FD.KIND.WRONG: name_register needs a receive end (a send end or a non-endpoint: EINVAL, the end being part of the kind)', () => {
    const p = new Prog();
    create(p);
    const name = p.str('x');
    p.sys('name_register', name, S0).sys('name_register', name, 1).sys('name_register', name, 9).exit(0);
    const run = runIpc(p);
    expect(run.rets('name_register')).toEqual([e('EINVAL'), e('EINVAL'), e('EBADF')]);
  });

  it('FD.TABLE.FULL: name_lookup with a full table fails EMFILE', () => {
    const p = new Prog();
    create(p); // 3, 4: with maxHandles 6 one number is left
    const name = p.str('full');
    p.sys('name_register', name, R0).sys('name_lookup', name).sys('name_lookup', name).exit(0);
    const run = runIpc(p, { maxHandles: 6 });
    expect(run.rets('name_lookup')).toEqual([5n, e('EMFILE')]);
    expect(run.clauses('name_lookup')[1]).toBe('FD.TABLE.FULL');
  });
});
