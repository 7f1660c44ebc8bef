// Rights attenuation through endpoints (IPC.XFER.ATTENUATE, IPC.XFER.INHERIT): every requested
// mask, expectations computed from the spec's RIGHT_BITS and the socket pair's initial rights.

import { describe, expect, it } from 'vitest';
import { constValue, DEFAULT_HANDLE_RIGHTS, RIGHT_NAMES, rightsMask, type RightName } from '../../../spec/index.js';
import { Prog } from '../testkit.js';
import { ALL_INHERIT, e, R, R0, recvMsg, rightsOf, runIpc, S0, SOCKET_RIGHTS, sendMsg } from './ipc.testkit.js';

const F_GETFD = constValue('FCNTL_CMDS', 'F_GETFD');
const F_SETFD = constValue('FCNTL_CMDS', 'F_SETFD');
/** The moved socket end and its peer: endpoint 3/4 comes first (FD.ALLOC.LOWEST). */
const END = 5;
const PEER = 6;
/** Where dup puts its copy. */
const DUP = 7;

/** One operation per right a socket pair end can hold, and the errno when that right is missing. */
const PROBES: readonly { right: RightName; call: string; errno: 'EBADF' | 'EACCES' }[] = [
  { right: 'READ', call: 'read', errno: 'EBADF' },
  { right: 'WRITE', call: 'write', errno: 'EBADF' },
  { right: 'DUPLICATE', call: 'dup', errno: 'EACCES' },
  { right: 'GETATTR', call: 'fcntl', errno: 'EACCES' },
  { right: 'SETATTR', call: 'fcntl', errno: 'EACCES' },
  { right: 'TRANSFER', call: 'ipc_send', errno: 'EACCES' },
];

/** Guest code for one mask: a fresh pair, END moved through the endpoint with `masks` in turn, then probed. */
function transferAndProbe(p: Prog, masks: readonly number[], buf: number, rec: number, send: (rights: number) => number): void {
  p.sys('socketpair', buf, 0);
  for (const m of masks) p.sys('ipc_send', S0, send(m)).sys('ipc_recv', R0, rec);
  p.sys('getpid'); // the host reads the handle table here
  p.sys('read', END, buf, 0).sys('write', END, buf, 0);
  p.sys('dup', END).sys('close', DUP);
  p.sys('fcntl', END, F_GETFD, 0).sys('fcntl', END, F_SETFD, 0);
  p.sys('ipc_send', S0, send(ALL_INHERIT));
  const skip = p.a.label();
  p.a.cbnz(0, skip);
  p.sys('ipc_recv', R0, rec);
  p.a.bind(skip);
  p.sys('close', END).sys('close', PEER);
}

interface Observed {
  /** The handle table's rights for END after the transfers. */
  readonly held: number[];
  /** Per iteration: did each probe succeed (true), or fail with its right's errno (false)? */
  readonly probes: boolean[][];
}

/** Runs one program with an iteration per mask list and collects what each iteration saw. */
function observe(iterations: readonly (readonly number[])[]): Observed {
  const p = new Prog();
  const buf = p.space(16);
  const rec = recvMsg(p).rec;
  const records = new Map<number, number>();
  const send = (rights: number): number => {
    let at = records.get(rights);
    if (at === undefined) records.set(rights, (at = sendMsg(p, { handleFd: END, rights })));
    return at;
  };
  p.sys('endpoint_create', buf);
  for (const masks of iterations) transferAndProbe(p, masks, buf, rec, send);
  p.exit(0);
  const held: number[] = [];
  const run = runIpc(p, {
    maxInstructions: 100_000_000,
    after: (ev, k) => {
      if (ev.name === 'getpid') held.push(rightsOf(k, k.init!, END) ?? -1);
    },
  });
  expect(run.result.verdict).toEqual({ kind: 'exit', status: 0 });
  // The probes of iteration i are the i-th read, write, dup, pair of fcntls and the last ipc_send.
  const reads = run.rets('read');
  const writes = run.rets('write');
  const dups = run.rets('dup');
  const fcntls = run.rets('fcntl');
  const sends = run.rets('ipc_send');
  const perIteration = iterations.map((m) => m.length + 1);
  let sendAt = 0;
  const probes = iterations.map((_, i) => {
    sendAt += perIteration[i]!;
    const results = [reads[i]!, writes[i]!, dups[i]!, fcntls[2 * i]!, fcntls[2 * i + 1]!, sends[sendAt - 1]!];
    return results.map((ret, j) => {
      if (ret >= 0n) return true;
      expect(ret).toBe(e(PROBES[j]!.errno));
      return false;
    });
  });
  return { held, probes };
}

const probeMask = (rights: number): boolean[] => PROBES.map((pr) => (rights & R[pr.right]) !== 0);

describe('rights attenuation through an endpoint', () => {
  it('IPC.XFER.ATTENUATE FD.RIGHTS.MISSING: for each of the 256 requested masks the received handle holds exactly held ∩ requested', () => {
    const held = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'pipe')!.rights);
    expect(SOCKET_RIGHTS).toBe(held); // socket pair ends start with every POSIX right (IPC.SOCKETPAIR.RIGHTS)
    const masks = Array.from({ length: 256 }, (_, m) => m);
    const seen = observe(masks.map((m) => [m]));
    expect(seen.held).toEqual(masks.map((m) => held & m));
    expect(seen.probes).toEqual(masks.map((m) => probeMask(held & m)));
    // Rights the sender never held are never granted, whatever is requested.
    const never = RIGHT_NAMES.filter((n) => (held & R[n]) === 0);
    expect(never).toEqual(['EXECUTE', 'MAP']);
    expect(seen.held.every((r) => never.every((n) => (r & R[n]) === 0))).toBe(true);
  });

  it('IPC.XFER.INHERIT: SWIFTOS_RIGHTS_ALL_INHERIT (and every superset of the held rights) grants exactly what the sender holds', () => {
    const seen = observe([[ALL_INHERIT], [0xff], [SOCKET_RIGHTS], [(0xffff_ff00 | SOCKET_RIGHTS) >>> 0]]);
    expect(seen.held).toEqual([SOCKET_RIGHTS, SOCKET_RIGHTS, SOCKET_RIGHTS, SOCKET_RIGHTS]);
    expect(seen.probes.every((row) => row.every(Boolean))).toBe(true);
  });

  it('IPC.XFER.ATTENUATE: a chain of two transfers never widens: the result is held ∩ first ∩ second', () => {
    // Every first mask, each paired with a second drawn from a fixed permutation and with ALL_INHERIT.
    const chains: number[][] = [];
    for (let m = 0; m < 256; m++) {
      const second = (m * 167 + 89) & 0xff;
      chains.push([m | R.TRANSFER, second], [m | R.TRANSFER, ALL_INHERIT]);
    }
    const seen = observe(chains);
    const expected = chains.map(([a, b]) => SOCKET_RIGHTS & a! & b!);
    expect(seen.held).toEqual(expected);
    expect(seen.probes).toEqual(expected.map(probeMask));
    for (let i = 0; i < chains.length; i++) expect(seen.held[i]! & ~(SOCKET_RIGHTS & chains[i]![0]!)).toBe(0);
  });

  it('IPC.XFER.RIGHTS: without TRANSFER after the first hop, the second hop fails EACCES and the handle stays with the first receiver', () => {
    const p = new Prog();
    const buf = p.space(16);
    const r = recvMsg(p);
    p.sys('endpoint_create', buf).sys('socketpair', buf, 0);
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: END, rights: R.READ | R.WRITE })).sys('ipc_recv', R0, r.rec);
    p.sys('ipc_send', S0, sendMsg(p, { handleFd: END, rights: ALL_INHERIT }));
    p.sys('getpid').exit(0);
    let after: number | null = null;
    const run = runIpc(p, { after: (ev, k) => { if (ev.name === 'getpid') after = rightsOf(k, k.init!, END); } });
    expect(run.rets('ipc_send')).toEqual([0n, e('EACCES')]);
    expect(after).toBe(R.READ | R.WRITE);
  });
});
