// Rights through transfers: a handle of each kind goes through a list of hops (ipc_send with a
// requested mask, spawn_handles with spec rights, fork, an ipc_call request, an ipc_reply_recv
// reply) and is then probed where it landed. The expected rights are computed here:
// held ∩ requested for ipc_send (IPC.XFER.ATTENUATE) and spawn_handles (PROC.SPAWNH.ATTENUATE),
// unchanged for fork (FD.INHERIT.FORK) and the call/reply moves (IPC.CALL.XFER); a hop that moves
// the handle needs TRANSFER, and without it fails EACCES and leaves the handle where it was.

import type { CaseDef } from '../../model.js';
import { Reg, type CaseProgram } from '../../program/builder.js';
import { derivedCase, type CaseBuild } from '../../program/derived-case.js';
import {
  AREA, argvOf, callRec, copy64, exitStatus, expectSame, fdPair, fork, hex, neg, R, recvRec, replyRecvRec, RIGHT_ALL,
  rightsText, sendRec, spawnSpecs, store32, store64,
} from './kit.js';
import type { Kind } from './kinds.js';
import { checkProbes, probeEnv, runProbes, type Probe } from './probes.js';

export type Hop =
  | { readonly via: 'send'; readonly mask: number }
  | { readonly via: 'spawn'; readonly mask: number }
  | { readonly via: 'fork' }
  | { readonly via: 'call' }
  | { readonly via: 'reply' };

const CHILD_PATH = '/bin/ipc-probe';

function hopText(h: Hop): string {
  switch (h.via) {
    case 'send':
      return `ipc_send(${hex(h.mask)})`;
    case 'spawn':
      return `spawn_handles(${hex(h.mask)})`;
    case 'fork':
      return 'fork';
    case 'call':
      return 'ipc_call';
    case 'reply':
      return 'ipc_reply_recv';
  }
}

function hopId(h: Hop): string {
  return 'mask' in h ? `${h.via}-${h.mask.toString(16)}` : h.via;
}

/** Clauses a hop's outcome rests on. */
function hopClauses(h: Hop, heldBefore: number): string[] {
  switch (h.via) {
    case 'send': {
      const out = ['IPC.XFER.ATTENUATE', 'FD.RIGHTS.ATTENUATE'];
      if ((h.mask & heldBefore) === heldBefore) out.push('IPC.XFER.INHERIT');
      return out;
    }
    case 'spawn':
      return ['PROC.SPAWNH.ATTENUATE', 'FD.RIGHTS.ATTENUATE'];
    case 'fork':
      return ['FD.INHERIT.FORK', 'PROC.FORK.HANDLES'];
    case 'call':
    case 'reply':
      return ['IPC.CALL.XFER'];
  }
}

/** What the model says happens along the hops. */
interface Plan {
  /** Index of the hop that fails for lack of TRANSFER, or -1. */
  readonly failAt: number;
  /** Rights of the probed handle. */
  readonly rights: number;
  readonly clauses: readonly string[];
}

export function plan(kind: Kind, hops: readonly Hop[]): Plan {
  let rights = kind.held;
  const clauses = new Set<string>(kind.heldClauses);
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i]!;
    if (h.via !== 'fork' && (rights & R.TRANSFER) === 0) return { failAt: i, rights, clauses: [...clauses] };
    for (const c of hopClauses(h, rights)) clauses.add(c);
    if (h.via === 'send' || h.via === 'spawn') rights &= h.mask;
  }
  return { failAt: -1, rights, clauses: [...clauses] };
}

interface Regs {
  /** The handle under test. */
  readonly x: Reg;
  readonly t: Reg;
  /** The probe endpoint P: its send and receive ends. */
  readonly ps: Reg;
  readonly pr: Reg;
  readonly a: Reg;
  readonly b: Reg;
  readonly pid: Reg;
  readonly y: Reg;
}

function regs(p: CaseProgram): Regs {
  return { x: p.variable(), t: p.variable(), ps: p.variable(), pr: p.variable(), a: p.variable(), b: p.variable(), pid: p.variable(), y: p.variable() };
}

/** Moves x through P with `mask`, then receives it back into x (all in init). */
function sendHop(p: CaseProgram, r: Regs, mask: number, clauses: readonly string[]): void {
  const s = sendRec(p, { data: 'H', rights: mask });
  const rv = recvRec(p, { cap: 8 });
  store32(p, r.x, s.handleAt);
  p.sys('ipc_send', r.ps, s.rec);
  p.expectEq(`ipc_send moving the handle with requested ${hex(mask)} returns 0`, ['IPC.XFER.MOVE', ...clauses], 0);
  p.mov(r.t.n, r.x.n);
  p.sys('dup2', r.x, r.x);
  p.expectErrno('the sender\'s handle is gone after the move', ['IPC.XFER.MOVE', 'FD.BADF'], 'EBADF');
  p.sys('ipc_recv', r.pr, rv.rec);
  p.expectEq('ipc_recv takes the 1-byte message', ['IPC.SEND.BYTES'], 1);
  p.loadInt(r.x, rv.outFd);
  expectSame(p, 'the moved handle lands at the lowest free number, where it was', ['IPC.RECV.HANDLE', 'FD.ALLOC.LOWEST'], r.x, r.t);
}

/** After a refused move the handle is still open in place. */
function stillThere(p: CaseProgram, r: Regs, clauses: readonly string[]): void {
  p.sys('dup2', r.x, r.x);
  expectSame(p, 'the handle stays open where it was', ['FD.DUP2.SAME', ...clauses], 0, r.x);
}

/** init's probes on x (when the handle ends in init). */
function probeHere(p: CaseProgram, r: Regs, probes: readonly Probe[], rights: number, clauses: readonly string[]): void {
  const env = probeEnv(p, r.ps);
  const results = p.space(8 * probes.length, 8);
  runProbes(p, r.x, probes, env, results);
  checkProbes(p, probes, rights, results, `rights ${hex(rights)}: `, clauses);
}

export function transferCase(kind: Kind, hops: readonly Hop[], family: string): CaseDef {
  const model = plan(kind, hops);
  const route = hops.length === 0 ? 'no transfer' : hops.map(hopText).join(' then ');
  const end = model.failAt >= 0 ? `hop ${model.failAt + 1} fails EACCES without TRANSFER; probed in init` : 'probed where it lands';
  return derivedCase(AREA, {
    id: `${family}/${kind.name}/${hops.length === 0 ? 'none' : hops.map(hopId).join('.')}`,
    description: `${kind.text} after ${route} holds exactly ${hex(model.rights)} (${rightsText(model.rights)}), ${end}: each right's operation succeeds or fails with its errno`,
    clauses: model.clauses,
    build(ctx) {
      const p = ctx.p;
      ctx.file(...kind.files);
      const r = regs(p);
      const pair = fdPair(p);
      p.sys('endpoint_create', pair);
      p.expectEq('endpoint_create returns 0', ['IPC.ENDPOINT.CREATE'], 0);
      p.loadInt(r.ps, pair).loadInt(r.pr, pair + 4);
      kind.setup(p, r.x, r.t);
      const probes = kind.probes();
      const lastIndex = model.failAt >= 0 ? model.failAt : hops.length;
      // The in-process ipc_send hops.
      for (let i = 0; i < lastIndex; i++) {
        const h = hops[i]!;
        if (h.via !== 'send') break;
        sendHop(p, r, h.mask, model.clauses);
      }
      if (model.failAt >= 0) {
        failHop(ctx, p, r, hops[model.failAt]!);
        probeHere(p, r, probes, model.rights, model.clauses);
        return;
      }
      const last = hops[hops.length - 1];
      if (last === undefined || last.via === 'send') {
        probeHere(p, r, probes, model.rights, model.clauses);
        return;
      }
      terminalHop(ctx, p, r, last, probes, model);
    },
  });
}

/** A hop that must fail for lack of TRANSFER. */
function failHop(ctx: CaseBuild, p: CaseProgram, r: Regs, h: Hop): void {
  switch (h.via) {
    case 'send': {
      const s = sendRec(p, { data: 'H', rights: h.mask });
      store32(p, r.x, s.handleAt);
      p.sys('ipc_send', r.ps, s.rec);
      p.expectErrno('ipc_send of a handle without TRANSFER fails EACCES', ['IPC.XFER.RIGHTS'], 'EACCES');
      stillThere(p, r, ['IPC.SEND.ATOMIC']);
      return;
    }
    case 'spawn': {
      const child = ctx.child();
      child.exit(0);
      ctx.file({ path: CHILD_PATH, data: child.elf() });
      const specs = spawnSpecs(p, [{ source_fd: -1, target_fd: 3, rights: h.mask }]);
      store32(p, r.x, specs.sourceAt(0));
      p.sys('spawn_handles', p.str(CHILD_PATH), argvOf(p, ['ipc-probe']), specs.at, 1);
      p.expectErrno('spawn_handles of a handle without TRANSFER fails EACCES', ['PROC.SPAWNH.TRANSFER', 'PROC.SPAWNH.VALIDATEFIRST'], 'EACCES');
      stillThere(p, r, ['PROC.SPAWNH.VALIDATEFIRST']);
      return;
    }
    case 'call': {
      const pair = fdPair(p);
      p.sys('endpoint_create', pair);
      p.loadInt(r.a, pair);
      const c = callRec(p, { data: 'C' });
      store32(p, r.x, c.handleAt);
      p.sys('ipc_call', r.a, c.rec);
      p.expectErrno('ipc_call moving a handle without TRANSFER fails EACCES', ['IPC.XFER.RIGHTS', 'IPC.CALL.MODEL', 'IPC.MSG.ORDER'], 'EACCES');
      stillThere(p, r, ['IPC.SEND.ATOMIC']);
      return;
    }
    case 'reply': {
      // A client (the child) calls; init's reply with the handle is refused; a plain reply follows.
      const pair = fdPair(p);
      p.sys('endpoint_create', pair);
      p.loadInt(r.a, pair).loadInt(r.b, pair + 4);
      const c = callRec(p, { data: 'Q', replyCap: 0 });
      const report = p.space(16, 8);
      const rep = sendRec(p, { buf: report, len: 16 });
      fork(p, () => {
        p.sys('ipc_call', r.a, c.rec);
        store64(p, new Reg(0), report);
        p.loadInt(0, c.outFd);
        store64(p, new Reg(0), report + 8);
        p.sys('ipc_send', r.a, rep.rec);
        p.exit(0);
      });
      p.save(r.pid);
      const first = replyRecvRec(p, { recvCap: 8 });
      const refused = replyRecvRec(p, { recvCap: 8 });
      const plain = replyRecvRec(p, { recvCap: 16, recvBuf: report });
      p.sys('ipc_reply_recv', r.b, first.rec);
      p.expectEq('the server takes the 1-byte request', ['IPC.CALL.SEND', 'IPC.REPLY.FIRST'], 1);
      copy64(p, first.outToken, refused.tokenAt);
      copy64(p, first.outToken, plain.tokenAt);
      store32(p, r.x, refused.handleAt);
      p.sys('ipc_reply_recv', r.b, refused.rec);
      p.expectErrno('a reply moving a handle without TRANSFER fails EACCES', ['IPC.XFER.RIGHTS', 'IPC.CALL.MODEL'], 'EACCES');
      stillThere(p, r, ['IPC.SEND.ATOMIC']);
      p.sys('ipc_reply_recv', r.b, plain.rec);
      p.expectEq('the plain reply goes out and the client\'s report comes back', ['IPC.CALL.REPLY', 'IPC.REPLY.ORDER'], 16);
      p.load(11, report);
      p.expectEq('the client\'s ipc_call returned the empty reply', ['IPC.CALL.REPLY'], 0, 11);
      p.load(11, report + 8);
      p.expectEq('the reply carried no handle: out_handle_fd is -1', ['IPC.RECV.NOHANDLE', 'IPC.CALL.MODEL'], -1, 11);
      reap(p, r, 0);
      return;
    }
    case 'fork':
      throw new Error('fork moves nothing and cannot fail');
  }
}

function reap(p: CaseProgram, r: Regs, code: number | bigint): void {
  const status = p.space(8, 8);
  p.sys('waitpid', r.pid, status, 0);
  expectSame(p, 'waitpid reaps the child', ['PROC.WAIT.REAP'], 0, r.pid);
  p.loadInt(11, status);
  p.expectEq(`the child exited with ${typeof code === 'bigint' ? `-${-BigInt.asIntN(64, code)}` : code}`, ['PROC.WAIT.STATUS', 'PROC.EXIT.CODE'], exitStatus(code), 11);
}

/** Probes run in a child; their results come back to init through `results`, checked there. */
function terminalHop(ctx: CaseBuild, p: CaseProgram, r: Regs, h: Hop, probes: readonly Probe[], model: Plan): void {
  const n = probes.length;
  const results = p.space(8 * (n + 1), 8);
  const label = `rights ${hex(model.rights)}: `;
  switch (h.via) {
    case 'spawn': {
      // Child: handle at 3, P's send end at 4 (TRANSFER probe), the report pipe at 5.
      const child = ctx.child();
      const cres = child.space(8 * n, 8);
      runProbes(child, 3, probes, probeEnv(child, 4), cres);
      child.sys('write', 5, cres, 8 * n);
      child.exit(0);
      ctx.file({ path: CHILD_PATH, data: child.elf() });
      const pipe = fdPair(p);
      p.sys('pipe', pipe);
      p.loadInt(r.a, pipe).loadInt(r.b, pipe + 4);
      const specs = spawnSpecs(p, [
        { source_fd: -1, target_fd: 3, rights: h.mask },
        { source_fd: -1, target_fd: 4, rights: RIGHT_ALL },
        { source_fd: -1, target_fd: 5, rights: RIGHT_ALL },
      ]);
      store32(p, r.x, specs.sourceAt(0));
      store32(p, r.ps, specs.sourceAt(1));
      store32(p, r.b, specs.sourceAt(2));
      p.sys('spawn_handles', p.str(CHILD_PATH), argvOf(p, ['ipc-probe']), specs.at, 3);
      p.expectEq('spawn_handles runs the child to exit 0', ['PROC.SPAWN.SYNC', 'PROC.SPAWN.STATUS', 'PROC.SPAWNH.EMPTY'], 0);
      stillThere(p, r, ['PROC.SPAWNH.COPY']);
      p.sys('read', r.a, results, 8 * n);
      p.expectEq(`the child reported ${n} results`, ['FD.PIPE.PARTIAL'], 8 * n);
      checkProbes(p, probes, model.rights, results, label, model.clauses);
      return;
    }
    case 'fork': {
      const pipe = fdPair(p);
      p.sys('pipe', pipe);
      p.loadInt(r.a, pipe).loadInt(r.b, pipe + 4);
      const env = probeEnv(p, r.ps);
      fork(p, () => {
        runProbes(p, r.x, probes, env, results);
        p.sys('write', r.b, results, 8 * n);
        p.exit(0);
      });
      p.save(r.pid);
      reap(p, r, 0);
      p.sys('read', r.a, results, 8 * n);
      p.expectEq(`the child reported ${n} results`, ['FD.PIPE.PARTIAL'], 8 * n);
      checkProbes(p, probes, model.rights, results, label, model.clauses);
      return;
    }
    case 'call': {
      // init calls with the handle; the forked server probes what it received and replies with the results.
      const pair = fdPair(p);
      p.sys('endpoint_create', pair);
      p.loadInt(r.a, pair).loadInt(r.b, pair + 4);
      const env = probeEnv(p, r.ps);
      const take = replyRecvRec(p, { recvCap: 8 });
      const answer = replyRecvRec(p, { replyBuf: results, replyLen: 8 * (n + 1), recvCap: 8 });
      fork(p, () => {
        p.sys('close', r.a);
        p.sys('ipc_reply_recv', r.b, take.rec);
        p.loadInt(r.y, take.outFd);
        store64(p, r.y, results);
        runProbes(p, r.y, probes, env, results + 8);
        copy64(p, take.outToken, answer.tokenAt);
        p.sys('ipc_reply_recv', r.b, answer.rec); // replies, then waits: EPIPE once init closes its send end
        p.exit(new Reg(0));
      });
      p.save(r.pid);
      const c = callRec(p, { data: 'C', replyBuf: results, replyCap: 8 * (n + 1) });
      store32(p, r.x, c.handleAt);
      p.sys('ipc_call', r.a, c.rec);
      p.expectEq(`ipc_call returns the ${8 * (n + 1)}-byte reply`, ['IPC.CALL.SEND', 'IPC.CALL.REPLY', 'IPC.CALL.BLOCK'], 8 * (n + 1));
      p.sys('dup2', r.x, r.x);
      p.expectErrno('the caller\'s handle is gone after the call moved it', ['IPC.XFER.MOVE', 'IPC.CALL.MODEL'], 'EBADF');
      p.loadInt(11, c.outFd);
      p.expectEq('the reply carried no handle: out_handle_fd is -1', ['IPC.RECV.NOHANDLE', 'IPC.CALL.MODEL'], -1, 11);
      p.load(11, results);
      p.expectCmp('the server received the handle at a handle number', ['IPC.RECV.HANDLE'], 'ge', 0, 11);
      checkProbes(p, probes, model.rights, results + 8, label, model.clauses);
      p.sys('close', r.a);
      reap(p, r, neg('EPIPE'));
      return;
    }
    case 'reply': {
      // The forked client calls; init replies with the handle; the client probes it and reports by ipc_send.
      const pair = fdPair(p);
      p.sys('endpoint_create', pair);
      p.loadInt(r.a, pair).loadInt(r.b, pair + 4);
      const env = probeEnv(p, r.ps);
      const c = callRec(p, { data: 'Q', replyCap: 0 });
      const rep = sendRec(p, { buf: results, len: 8 * (n + 1) });
      fork(p, () => {
        p.sys('ipc_call', r.a, c.rec);
        p.loadInt(r.y, c.outFd);
        store64(p, r.y, results);
        runProbes(p, r.y, probes, env, results + 8);
        p.sys('ipc_send', r.a, rep.rec);
        p.exit(0);
      });
      p.save(r.pid);
      const first = replyRecvRec(p, { recvCap: 8 });
      const answer = replyRecvRec(p, { recvBuf: results, recvCap: 8 * (n + 1) });
      p.sys('ipc_reply_recv', r.b, first.rec);
      p.expectEq('the server takes the 1-byte request', ['IPC.CALL.SEND', 'IPC.REPLY.FIRST'], 1);
      copy64(p, first.outToken, answer.tokenAt);
      store32(p, r.x, answer.handleAt);
      p.sys('ipc_reply_recv', r.b, answer.rec);
      p.expectEq(`the reply goes out and the client's ${8 * (n + 1)}-byte report comes back`, ['IPC.REPLY.TOKEN', 'IPC.REPLY.ORDER'], 8 * (n + 1));
      p.sys('dup2', r.x, r.x);
      p.expectErrno('the server\'s handle is gone after the reply moved it', ['IPC.XFER.MOVE', 'IPC.CALL.MODEL'], 'EBADF');
      p.load(11, answer.outToken);
      p.expectEq('the report came by ipc_send: its reply token is 0', ['IPC.REPLY.PLAINSEND'], 0, 11);
      p.load(11, results);
      p.expectCmp('the client received the handle at a handle number', ['IPC.RECV.HANDLE', 'IPC.CALL.REPLY'], 'ge', 0, 11);
      checkProbes(p, probes, model.rights, results + 8, label, model.clauses);
      reap(p, r, 0);
      return;
    }
    case 'send':
      throw new Error('send hops run in init');
  }
}
