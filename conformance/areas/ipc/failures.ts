// A move that fails changes nothing (IPC.SEND.ATOMIC): for every kind and every way an ipc_send or
// ipc_call carrying the handle can fail, the handle stays at its number with all its rights.

import type { CaseDef } from '../../model.js';
import type { CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, callRec, expectSame, fdPair, hex, recvRec, sendRec, store32 } from './kit.js';
import { KINDS, type Kind } from './kinds.js';
import { checkProbes, probeEnv, runProbes } from './probes.js';

/** An address outside the user range (below USER_VA_MIN): every access to it faults. */
export const UNMAPPED = 0x1000;

interface Reason {
  readonly name: string;
  readonly text: string;
  readonly call: 'ipc_send' | 'ipc_call';
  readonly errno: 'EAGAIN' | 'EPIPE' | 'EINVAL' | 'EFAULT';
  readonly clauses: readonly string[];
  /** Before the failing call (a = F's send end, b = F's receive end). */
  prepare?(p: CaseProgram, a: Operand, b: Operand): void;
  /** The record fields of the failing call. */
  readonly len?: number;
  readonly buf?: number;
  /** After: checks that the endpoint F is as it was. */
  verify?(p: CaseProgram, a: Operand, b: Operand): void;
}

type Operand = Parameters<CaseProgram['sys']>[1];

function slotStillEmpty(p: CaseProgram, a: Operand): void {
  p.sys('ipc_send', a, sendRec(p, { data: 'B' }).rec);
  p.expectEq('nothing was queued: a plain send into the slot succeeds', ['IPC.SEND.ATOMIC', 'IPC.ENDPOINT.SLOT'], 0);
}

const REASONS: readonly Reason[] = [
  {
    name: 'busy', text: 'the slot holds a message', call: 'ipc_send', errno: 'EAGAIN', clauses: ['IPC.SEND.BUSY', 'IPC.ENDPOINT.SLOT'],
    prepare: (p, a) => {
      p.sys('ipc_send', a, sendRec(p, { data: 'A' }).rec);
      p.expectEq('a plain message fills the slot', ['IPC.SEND.BYTES'], 0);
    },
    verify: (p, _a, b) => {
      const rv = recvRec(p, { cap: 8 });
      p.sys('ipc_recv', b, rv.rec);
      p.expectEq('the first message is still the one pending', ['IPC.SEND.ATOMIC'], 1);
      p.expectMem('it is the byte A', ['IPC.SEND.ATOMIC'], rv.buf, new TextEncoder().encode('A'));
      p.loadInt(11, rv.outFd);
      p.expectEq('it carries no handle', ['IPC.RECV.NOHANDLE', 'IPC.SEND.ATOMIC'], -1, 11);
    },
  },
  {
    name: 'noreceiver', text: 'no receive end is open', call: 'ipc_send', errno: 'EPIPE', clauses: ['IPC.SEND.NORECEIVER'],
    prepare: (p, _a, b) => void p.sys('close', b),
  },
  {
    name: 'toobig', text: 'the message is 257 bytes', call: 'ipc_send', errno: 'EINVAL', clauses: ['IPC.MSG.TOOBIG'], len: 257,
    verify: (p, a) => slotStillEmpty(p, a),
  },
  {
    name: 'efault', text: 'the message buffer is unmapped', call: 'ipc_send', errno: 'EFAULT', clauses: ['ABI.FAULT', 'ABI.FAULT.NOEFFECT'],
    buf: UNMAPPED, len: 8,
    verify: (p, a) => slotStillEmpty(p, a),
  },
  {
    name: 'call-busy', text: 'ipc_call finds the slot busy', call: 'ipc_call', errno: 'EAGAIN', clauses: ['IPC.SEND.BUSY', 'IPC.CALL.MODEL'],
    prepare: (p, a) => {
      p.sys('ipc_send', a, sendRec(p, { data: 'A' }).rec);
      p.expectEq('a plain message fills the slot', ['IPC.SEND.BYTES'], 0);
    },
  },
  {
    name: 'call-noreceiver', text: 'ipc_call finds no receive end', call: 'ipc_call', errno: 'EPIPE',
    clauses: ['IPC.SEND.NORECEIVER', 'IPC.CALL.NOSERVER'],
    prepare: (p, _a, b) => void p.sys('close', b),
  },
  {
    name: 'call-toobig', text: 'the request is 257 bytes', call: 'ipc_call', errno: 'EINVAL', clauses: ['IPC.MSG.TOOBIG', 'IPC.CALL.MODEL'], len: 257,
    verify: (p, a) => slotStillEmpty(p, a),
  },
];

function failedMove(kind: Kind, reason: Reason): CaseDef {
  return derivedCase(AREA, {
    id: `rights/failed-move/${reason.name}/${kind.name}`,
    description: `${reason.call} moving ${kind.text} fails ${reason.errno} when ${reason.text}; the handle stays open with all its rights (${hex(kind.held)})`,
    clauses: [...kind.heldClauses, 'IPC.SEND.ATOMIC'],
    build(ctx) {
      const p = ctx.p;
      ctx.file(...kind.files);
      const x = p.variable();
      const t = p.variable();
      const ps = p.variable();
      const a = p.variable();
      const b = p.variable();
      const pair = fdPair(p);
      p.sys('endpoint_create', pair);
      p.loadInt(ps, pair);
      kind.setup(p, x, t);
      const f = fdPair(p);
      p.sys('endpoint_create', f);
      p.expectEq('endpoint_create returns 0', ['IPC.ENDPOINT.CREATE'], 0);
      p.loadInt(a, f).loadInt(b, f + 4);
      reason.prepare?.(p, a, b);
      const data = new Uint8Array(Math.max(reason.len ?? 1, 1)).fill(0x48);
      const buf = reason.buf ?? p.bytes(data);
      if (reason.call === 'ipc_send') {
        const s = sendRec(p, { buf, len: reason.len ?? 1 });
        store32(p, x, s.handleAt);
        p.sys('ipc_send', a, s.rec);
      } else {
        const c = callRec(p, { buf, len: reason.len ?? 1, replyCap: 8 });
        store32(p, x, c.handleAt);
        p.sys('ipc_call', a, c.rec);
      }
      p.expectErrno(`${reason.call} fails ${reason.errno}`, reason.clauses, reason.errno);
      p.sys('dup2', x, x);
      expectSame(p, 'the handle stays open at its number', ['IPC.SEND.ATOMIC', 'FD.DUP2.SAME'], 0, x);
      reason.verify?.(p, a, b);
      const probes = kind.probes();
      const env = probeEnv(p, ps);
      const results = p.space(8 * probes.length, 8);
      runProbes(p, x, probes, env, results);
      checkProbes(p, probes, kind.held, results, 'unchanged rights: ', [...kind.heldClauses, 'IPC.SEND.ATOMIC']);
    },
  });
}

export function failedMoveCases(): CaseDef[] {
  return REASONS.flatMap((r) => KINDS.map((k) => failedMove(k, r)));
}
