// Request/reply: ipc_call and ipc_reply_recv. Reply tokens (first turn, token per request, stale
// and forged tokens, other endpoints), the 256-byte model with truncation, EPIPE when the server
// goes away, plain ipc_recv taking a call, and replies routed to exactly their caller.

import { constValue } from '../../../spec/index.js';
import type { BootSpec, CaseDef } from '../../model.js';
import { Reg, type CaseProgram } from '../../program/builder.js';
import { derivedCase, type CaseBuild } from '../../program/derived-case.js';
import { endpoint, recvExpect } from './endpoint.js';
import { UNMAPPED } from './failures.js';
import {
  AREA, callRec, copy64, exitStatus, expectSame, fdPair, FILL, fork, IPC_MSG_MAX, neg, pattern, recvRec, replyRecvRec, sendRec,
  store32, store64,
} from './kit.js';

const SIGKILL = constValue('SIGNALS', 'SIGKILL');
const enc = new TextEncoder();

function simple(id: string, description: string, body: (p: CaseProgram, b: CaseBuild) => void, boot?: BootSpec): CaseDef {
  return derivedCase(AREA, { id, description, ...(boot ? { boot } : {}), build: (b) => body(b.p, b) });
}

function reap(p: CaseProgram, pid: Reg, status: number, text: string, clauses: readonly string[]): void {
  const st = p.space(8, 8);
  p.sys('waitpid', pid, st, 0);
  expectSame(p, 'waitpid reaps the child', ['PROC.WAIT.REAP'], 0, pid);
  p.loadInt(11, st);
  p.expectEq(text, ['PROC.WAIT.STATUS', ...clauses], status, 11);
}

/**
 * Guest code for a forked echo server on receive end `r`: takes one request (capacity `cap`),
 * replies with the bytes it got, then waits for the next request and exits with that result.
 */
function echoServer(p: CaseProgram, s: Reg, r: Reg, cap: number): void {
  const take = replyRecvRec(p, { recvCap: cap, recvBuf: p.bytes(new Uint8Array(Math.max(cap, 1)).fill(FILL)) });
  const answer = replyRecvRec(p, { replyBuf: take.recvBuf, recvCap: 8 });
  fork(p, () => {
    p.sys('close', s);
    p.sys('ipc_reply_recv', r, take.rec);
    store64(p, new Reg(0), answer.replyLenAt);
    copy64(p, take.outToken, answer.tokenAt);
    p.sys('ipc_reply_recv', r, answer.rec);
    p.exit(new Reg(0));
  });
}

const ECHO: readonly [number, number, number][] = [
  [0, 256, 256], [1, 256, 256], [2, 256, 256], [100, 256, 256], [255, 256, 256], [256, 256, 256], [256, 100, 256], [256, 256, 100],
  [200, 50, 20], [10, 256, 0], [64, 0, 64], [33, 33, 33], [128, 127, 129],
];

function echoCases(): CaseDef[] {
  return ECHO.map(([len, scap, rcap]) => {
    const got = Math.min(len, scap, rcap);
    const data = pattern(len, 3 * len + scap);
    return simple(`call/echo/req-${len}-scap-${scap}-rcap-${rcap}`,
      `a ${len}-byte call to an echo server receiving with capacity ${scap}, with reply capacity ${rcap}, returns ${got} bytes of the request`,
      (p) => {
        const s = p.variable();
        const r = p.variable();
        const pid = p.variable();
        endpoint(p, s, r);
        echoServer(p, s, r, scap);
        p.save(pid);
        const room = Math.max(rcap, 1) + 8;
        const c = callRec(p, { data, replyCap: rcap, replyBuf: p.bytes(new Uint8Array(room).fill(FILL)) });
        p.sys('ipc_call', s, c.rec);
        p.expectEq(`ipc_call returns ${got}`, ['IPC.CALL.SEND', 'IPC.CALL.REPLY', 'IPC.CALL.MODEL', 'IPC.RECV.TRUNCATE'], got);
        if (got > 0) p.expectMem(`the reply holds the first ${got} request bytes`, ['IPC.CALL.REPLY', 'IPC.RECV.TRUNCATE'], c.replyBuf, data.subarray(0, got));
        p.expectMem('nothing is written past the reply', ['IPC.RECV.TRUNCATE', 'IPC.CALL.MODEL'], c.replyBuf + got, new Uint8Array(room - got).fill(FILL));
        p.loadInt(11, c.outFd);
        p.expectEq('out_handle_fd is -1', ['IPC.RECV.NOHANDLE', 'IPC.CALL.MODEL'], -1, 11);
        p.sys('close', s);
        reap(p, pid, exitStatus(neg('EPIPE')), 'the server\'s next receive ended with EPIPE once no send end remained', ['IPC.RECV.EOF']);
      });
  });
}

/**
 * init is the server: a forked client calls with `req`, gets the reply, and reports
 * [ipc_call result, out_handle_fd, reply bytes] by a plain ipc_send.
 */
interface ServerSide {
  readonly s: Reg;
  readonly r: Reg;
  readonly pid: Reg;
  /** Read end of the pipe the client writes its reply buffer to. */
  readonly pipe: Reg;
  readonly take: ReturnType<typeof replyRecvRec>;
  /** [ipc_call result, out_handle_fd] as two words. */
  readonly report: number;
  readonly replyCap: number;
}

/**
 * init is the server: a forked client calls with `req`, writes its reply buffer to a pipe and
 * reports [ipc_call result, out_handle_fd] by a plain ipc_send.
 */
function clientChild(p: CaseProgram, req: Uint8Array, replyCap: number): ServerSide {
  const s = p.variable();
  const r = p.variable();
  const pid = p.variable();
  const pipe = p.variable();
  const w = p.variable();
  endpoint(p, s, r);
  const pp = fdPair(p);
  p.sys('pipe', pp);
  p.loadInt(pipe, pp).loadInt(w, pp + 4);
  const report = p.space(16, 8);
  const c = callRec(p, { data: req, replyCap });
  const rep = sendRec(p, { buf: report, len: 16 });
  fork(p, () => {
    p.sys('close', r);
    p.sys('ipc_call', s, c.rec);
    store64(p, new Reg(0), report);
    p.loadInt(0, c.outFd);
    store64(p, new Reg(0), report + 8);
    p.sys('write', w, c.replyBuf, replyCap);
    p.sys('ipc_send', s, rep.rec);
    p.exit(0);
  });
  p.save(pid);
  p.sys('close', s);
  p.sys('close', w);
  const take = replyRecvRec(p, { recvCap: IPC_MSG_MAX });
  return { s, r, pid, pipe, take, report, replyCap };
}

/** The reply phase with `token` copied from the take, then the client's report comes in. */
function replyAndReport(p: CaseProgram, sv: ServerSide, reply: Uint8Array, clauses: readonly string[]): void {
  const answer = replyRecvRec(p, { data: reply, recvBuf: sv.report, recvCap: 16 });
  copy64(p, sv.take.outToken, answer.tokenAt);
  p.sys('ipc_reply_recv', sv.r, answer.rec);
  p.expectEq('the reply goes out and the client\'s 16-byte report comes back', ['IPC.REPLY.ORDER', ...clauses], 16);
  p.load(11, sv.report);
  p.expectEq(`the client's ipc_call returned ${reply.length}`, ['IPC.CALL.REPLY', ...clauses], reply.length, 11);
  p.load(11, sv.report + 8);
  p.expectEq('the client got no handle', ['IPC.RECV.NOHANDLE'], -1, 11);
  p.load(11, answer.outToken);
  p.expectEq('the report came by ipc_send: token 0', ['IPC.REPLY.PLAINSEND'], 0, 11);
  const got = p.space(Math.max(sv.replyCap, 1));
  p.sys('read', sv.pipe, got, sv.replyCap);
  p.expectEq(`the client's ${sv.replyCap}-byte reply buffer comes through the pipe`, ['FD.PIPE.PARTIAL'], sv.replyCap);
  if (reply.length > 0) p.expectMem('the client got the reply bytes', ['IPC.CALL.REPLY', ...clauses], got, reply);
}

function serverCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const [len, rlen] of [[1, 1], [0, 0], [256, 256], [17, 200], [200, 17]] as const) {
    const req = pattern(len, 11 * len + 1);
    const reply = pattern(rlen, 13 * rlen + 2);
    out.push(simple(`call/server/req-${len}-reply-${rlen}`,
      `the server sees the ${len}-byte request with a non-zero token and no handle; its ${rlen}-byte reply reaches exactly the caller`,
      (p) => {
        const sv = clientChild(p, req, 256);
        p.sys('ipc_reply_recv', sv.r, sv.take.rec);
        p.expectEq(`the first turn (token 0) receives the ${len}-byte request`, ['IPC.REPLY.FIRST', 'IPC.CALL.SEND'], len);
        if (len > 0) p.expectMem('the request bytes arrive intact', ['IPC.CALL.MODEL', 'IPC.SEND.BYTES'], sv.take.recvBuf, req);
        p.load(11, sv.take.outToken);
        p.expectCmp('the reply token is not 0', ['IPC.REPLY.TOKEN', 'IPC.CALL.REPLY'], 'ne', 0, 11);
        p.loadInt(11, sv.take.outFd);
        p.expectEq('the request carried no handle', ['IPC.RECV.NOHANDLE'], -1, 11);
        replyAndReport(p, sv, reply, []);
        reap(p, sv.pid, 0, 'the client exited 0', []);
      }));
  }
  return out;
}

/** How a forged token is made from the real one in x11 (result in x11). */
const FORGERIES: readonly { name: string; text: string; make(p: CaseProgram): void }[] = [
  { name: 'plus-one', text: 'the token + 1', make: (p) => void p.a.addImm(11, 11, 1) },
  { name: 'minus-one', text: 'the token - 1', make: (p) => void p.a.subImm(11, 11, 1) },
  {
    name: 'high-bit32', text: 'the token with bit 32 flipped',
    make: (p) => void p.a.movImm(12, 1n << 32n).inst('EOR_sreg', { sf: 1, shift: 0, Rm: 12, imm6: 0, Rn: 11, Rd: 11 }),
  },
  { name: 'all-ones', text: '0xffffffffffffffff', make: (p) => void p.a.movImm(11, (1n << 64n) - 1n) },
  { name: 'deadbeef', text: '0xdeadbeef', make: (p) => void p.a.movImm(11, 0xdead_beef) },
  { name: 'one', text: '1', make: (p) => void p.a.movImm(11, 1) },
  { name: 'complement', text: 'the complement of the token', make: (p) => void p.a.inst('ORN_sreg', { sf: 1, shift: 0, Rm: 11, imm6: 0, Rn: 31, Rd: 11 }) },
];

function staleCases(): CaseDef[] {
  const out: CaseDef[] = FORGERIES.map((f) => simple(`call/stale/forged-${f.name}`,
    `replying with ${f.text} instead of the real token fails EINVAL and sends nothing; the real token then works once, and a second use fails EINVAL`,
    (p) => {
      const reply = enc.encode('real');
      const sv = clientChild(p, enc.encode('req'), 16);
      p.sys('ipc_reply_recv', sv.r, sv.take.rec);
      p.expectEq('the request is received', ['IPC.REPLY.FIRST'], 3);
      const forged = replyRecvRec(p, { data: 'fake', recvCap: 8 });
      p.load(11, sv.take.outToken);
      f.make(p);
      store64(p, new Reg(11), forged.tokenAt);
      p.sys('ipc_reply_recv', sv.r, forged.rec);
      p.expectErrno('the forged token fails EINVAL', ['IPC.REPLY.STALE'], 'EINVAL');
      replyAndReport(p, sv, reply, ['IPC.REPLY.STALE']);
      const again = replyRecvRec(p, { data: 'twice', recvCap: 8 });
      copy64(p, sv.take.outToken, again.tokenAt);
      p.sys('ipc_reply_recv', sv.r, again.rec);
      p.expectErrno('the used token fails EINVAL', ['IPC.REPLY.STALE', 'IPC.REPLY.OWNENDPOINT'], 'EINVAL');
      reap(p, sv.pid, 0, 'the client exited 0', []);
    }));
  out.push(simple('call/stale/other-endpoint',
    'a token is valid only on the endpoint whose request produced it: replying through another endpoint fails EINVAL',
    (p) => {
      const sv = clientChild(p, enc.encode('req'), 16);
      const s2 = p.variable();
      const r2 = p.variable();
      endpoint(p, s2, r2, 'a second endpoint_create returns 0');
      p.sys('ipc_reply_recv', sv.r, sv.take.rec);
      p.expectEq('the request is received on the first endpoint', ['IPC.REPLY.FIRST'], 3);
      const wrong = replyRecvRec(p, { data: 'wrong', recvCap: 8 });
      copy64(p, sv.take.outToken, wrong.tokenAt);
      p.sys('ipc_reply_recv', r2, wrong.rec);
      p.expectErrno('replying through the second endpoint fails EINVAL', ['IPC.REPLY.OWNENDPOINT', 'IPC.REPLY.STALE'], 'EINVAL');
      replyAndReport(p, sv, enc.encode('right'), ['IPC.REPLY.OWNENDPOINT']);
      reap(p, sv.pid, 0, 'the client exited 0', []);
    }));
  out.push(simple('call/stale/after-eof',
    'a reply goes out even when the receive phase then fails EPIPE; the same token afterwards fails EINVAL',
    (p) => {
      const s = p.variable();
      const r = p.variable();
      const pid = p.variable();
      endpoint(p, s, r);
      const c = callRec(p, { data: 'q', replyCap: 8 });
      fork(p, () => {
        p.sys('close', r);
        p.sys('ipc_call', s, c.rec);
        p.a.movImm(1, c.replyBuf).inst('LDRB_uoff', { Rt: 0, Rn: 1, imm12: 0 }); // exit with the reply's first byte
        p.exit(new Reg(0));
      });
      p.save(pid);
      p.sys('close', s);
      const take = replyRecvRec(p, { recvCap: 8 });
      p.sys('ipc_reply_recv', r, take.rec);
      p.expectEq('the request is received', ['IPC.REPLY.FIRST'], 1);
      const answer = replyRecvRec(p, { data: 'Z', recvCap: 8 });
      copy64(p, take.outToken, answer.tokenAt);
      p.sys('ipc_reply_recv', r, answer.rec);
      p.expectErrno('the receive phase fails EPIPE once the client is gone', ['IPC.REPLY.ORDER', 'IPC.RECV.EOF'], 'EPIPE');
      reap(p, pid, exitStatus('Z'.charCodeAt(0)), 'the client got the reply Z', ['IPC.REPLY.ORDER', 'IPC.CALL.REPLY']);
      p.sys('ipc_reply_recv', r, answer.rec);
      p.expectErrno('replying again with the same token fails EINVAL', ['IPC.REPLY.ORDER', 'IPC.REPLY.STALE'], 'EINVAL');
    }));
  return out;
}

function noServerCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const keep of [false, true]) {
    out.push(simple(`call/noserver/server-exits-${keep ? 'caller-holds-recv' : 'alone'}`,
      `a server that takes the request and exits without replying makes the call fail EPIPE${keep ? ', even while the caller itself holds a receive end' : ''}`,
      (p) => {
        const s = p.variable();
        const r = p.variable();
        const pid = p.variable();
        endpoint(p, s, r);
        const take = replyRecvRec(p, { recvCap: 8 });
        fork(p, () => {
          p.sys('close', s);
          p.sys('ipc_reply_recv', r, take.rec);
          p.exit(new Reg(0));
        });
        p.save(pid);
        if (!keep) p.sys('close', r);
        p.sys('ipc_call', s, callRec(p, { data: 'req', replyCap: 8 }).rec);
        p.expectErrno('ipc_call fails EPIPE', ['IPC.CALL.NOSERVER', 'IPC.CALL.SERVER'], 'EPIPE');
        reap(p, pid, exitStatus(3), 'the server had received the 3-byte request', ['IPC.CALL.SEND']);
      }));
  }
  out.push(simple('call/noserver/server-killed',
    'a server killed by a signal after taking the request makes the call fail EPIPE',
    (p) => {
      const s = p.variable();
      const r = p.variable();
      const pid = p.variable();
      endpoint(p, s, r);
      const take = replyRecvRec(p, { recvCap: 8 });
      fork(p, () => {
        p.sys('close', s);
        p.sys('ipc_reply_recv', r, take.rec);
        p.sys('getpid');
        p.sys('kill', new Reg(0), SIGKILL);
        p.exit(0);
      });
      p.save(pid);
      p.sys('close', r);
      p.sys('ipc_call', s, callRec(p, { data: 'req', replyCap: 8 }).rec);
      p.expectErrno('ipc_call fails EPIPE', ['IPC.CALL.NOSERVER', 'IPC.CALL.SERVER'], 'EPIPE');
      reap(p, pid, SIGKILL, 'the server was killed by SIGKILL', []);
    }));
  out.push(simple('call/noserver/no-receiver',
    'ipc_call with no receive end open fails EPIPE at once',
    (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      p.sys('close', r);
      p.sys('ipc_call', s, callRec(p, { data: 'req', replyCap: 8 }).rec);
      p.expectErrno('ipc_call fails EPIPE', ['IPC.SEND.NORECEIVER', 'IPC.CALL.NOSERVER'], 'EPIPE');
    }));
  out.push(simple('call/noserver/receiver-exits-first',
    'a call blocked on an endpoint whose only receive end is in a child that exits without receiving fails EPIPE',
    (p) => {
      const s = p.variable();
      const r = p.variable();
      const pid = p.variable();
      endpoint(p, s, r);
      fork(p, () => {
        p.sys('close', s);
        p.sys('nanosleep', 0, 50_000);
        p.exit(0);
      });
      p.save(pid);
      p.sys('close', r);
      p.sys('ipc_call', s, callRec(p, { data: 'req', replyCap: 8 }).rec);
      p.expectErrno('ipc_call fails EPIPE', ['IPC.CALL.BLOCK', 'IPC.CALL.NOSERVER'], 'EPIPE');
      reap(p, pid, 0, 'the child exited 0', []);
    }));
  out.push(simple('call/noserver/plain-recv',
    'a request taken by plain ipc_recv cannot be replied to: the caller fails EPIPE and the receiver still gets the bytes',
    (p) => {
      const s = p.variable();
      const r = p.variable();
      const pid = p.variable();
      endpoint(p, s, r);
      const rv = recvRec(p, { cap: 8 });
      fork(p, () => {
        p.sys('close', s);
        p.sys('ipc_recv', r, rv.rec);
        p.exit(new Reg(0));
      });
      p.save(pid);
      p.sys('close', r);
      p.sys('ipc_call', s, callRec(p, { data: 'plain', replyCap: 8 }).rec);
      p.expectErrno('ipc_call fails EPIPE', ['IPC.RECV.NOREPLY', 'IPC.CALL.NOSERVER'], 'EPIPE');
      reap(p, pid, exitStatus(5), 'the receiver got the 5-byte request', ['IPC.RECV.NOREPLY']);
    }));
  return out;
}

function limitCases(): CaseDef[] {
  return [
    simple('call/busy', 'ipc_call while a plain message is pending fails EAGAIN at once; the pending message is intact', (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      p.sys('ipc_send', s, sendRec(p, { data: 'first' }).rec);
      p.sys('ipc_call', s, callRec(p, { data: 'call', replyCap: 8 }).rec);
      p.expectErrno('ipc_call fails EAGAIN', ['IPC.SEND.BUSY', 'IPC.CALL.MODEL'], 'EAGAIN');
      recvExpect(p, r, enc.encode('first'), ['IPC.SEND.ATOMIC']);
    }),
    simple('call/toobig-request', 'a 257-byte request fails EINVAL and queues nothing', (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      p.sys('ipc_call', s, callRec(p, { data: pattern(257, 1), replyCap: 8 }).rec);
      p.expectErrno('ipc_call fails EINVAL', ['IPC.MSG.TOOBIG', 'IPC.CALL.MODEL'], 'EINVAL');
      p.sys('ipc_send', s, sendRec(p, { data: 'ok' }).rec);
      p.expectEq('the slot is free: a plain send returns 0', ['IPC.SEND.ATOMIC'], 0);
    }),
    simple('call/toobig-reply', 'a 257-byte reply fails EINVAL and sends nothing; the token stays valid for a proper reply', (p) => {
      const sv = clientChild(p, enc.encode('req'), 16);
      p.sys('ipc_reply_recv', sv.r, sv.take.rec);
      p.expectEq('the request is received', ['IPC.REPLY.FIRST'], 3);
      const big = replyRecvRec(p, { data: pattern(257, 2), recvCap: 8 });
      copy64(p, sv.take.outToken, big.tokenAt);
      p.sys('ipc_reply_recv', sv.r, big.rec);
      p.expectErrno('the 257-byte reply fails EINVAL', ['IPC.MSG.TOOBIG', 'IPC.CALL.MODEL'], 'EINVAL');
      replyAndReport(p, sv, enc.encode('fits'), ['IPC.SEND.ATOMIC']);
      reap(p, sv.pid, 0, 'the client exited 0', []);
    }),
    simple('call/reply-256', 'a reply of exactly IPC_MSG_MAX bytes is accepted', (p) => {
      const sv = clientChild(p, enc.encode('req'), IPC_MSG_MAX);
      p.sys('ipc_reply_recv', sv.r, sv.take.rec);
      p.expectEq('the request is received', ['IPC.REPLY.FIRST'], 3);
      replyAndReport(p, sv, pattern(IPC_MSG_MAX, 9), ['IPC.CALL.MODEL']);
      reap(p, sv.pid, 0, 'the client exited 0', []);
    }),
  ];
}

/** With token 0 the reply fields are ignored, however wrong. */
function replyZeroCases(): CaseDef[] {
  const variants: { name: string; text: string; buf: number; len: number | bigint; fd: number }[] = [
    { name: 'bad-buf', text: 'an unmapped reply_buf', buf: UNMAPPED, len: 8, fd: -1 },
    { name: 'huge-len', text: 'reply_len 9999', buf: 0, len: 9999, fd: -1 },
    { name: 'closed-handle', text: 'a closed reply_handle_fd', buf: 0, len: 0, fd: 77 },
    { name: 'self-handle', text: 'reply_handle_fd naming the receive end', buf: 0, len: 0, fd: 4 },
    { name: 'all', text: 'all three wrong', buf: UNMAPPED, len: (1n << 63n) + 5n, fd: 300 },
  ];
  return variants.map((v) => simple(`call/reply-zero/${v.name}`,
    `ipc_reply_recv with reply_port 0 and ${v.text} ignores the reply fields and receives; a plain message carries token 0`,
    (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      p.sys('ipc_send', s, sendRec(p, { data: 'plain' }).rec);
      const rr = replyRecvRec(p, { replyBuf: v.buf, replyLen: Number(v.len), replyHandleFd: v.fd, recvCap: 16 });
      if (typeof v.len === 'bigint') store64(p, v.len, rr.replyLenAt);
      p.sys('ipc_reply_recv', r, rr.rec);
      p.expectEq('ipc_reply_recv receives the 5-byte message', ['IPC.REPLY.ZERO', 'IPC.REPLY.FIRST'], 5);
      p.expectMem('its bytes arrive', ['IPC.CALL.MODEL'], rr.recvBuf, enc.encode('plain'));
      p.load(11, rr.outToken);
      p.expectEq('a message sent by ipc_send carries reply token 0', ['IPC.REPLY.PLAINSEND', 'IPC.REPLY.TOKEN'], 0, 11);
      p.loadInt(11, rr.outFd);
      p.expectEq('no handle came', ['IPC.RECV.NOHANDLE'], -1, 11);
    }));
}

/** Two callers; the server replies in `order`; each caller checks that its reply answers its own request. */
function routingCases(): CaseDef[] {
  return (['in-order', 'reversed'] as const).map((order) => simple(`call/routing/${order}`,
    `two callers wait at once; replies sent ${order === 'reversed' ? 'in reverse order' : 'in order'} each reach the caller whose request they answer`,
    (p) => {
      const s = p.variable();
      const r = p.variable();
      const p1 = p.variable();
      const p2 = p.variable();
      const code = p.variable();
      endpoint(p, s, r);
      const EAGAIN = neg('EAGAIN');
      const caller = (id: number): void => {
        const c = callRec(p, { data: new Uint8Array([id]), replyCap: 1 });
        const ok = sendRec(p, { data: new Uint8Array([id]) });
        fork(p, () => {
          p.sys('close', r);
          const again = p.a.label();
          p.a.bind(again);
          p.sys('ipc_call', s, c.rec);
          p.a.movImm(10, EAGAIN);
          p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: 0, Rd: 31 });
          const done = p.a.label();
          p.a.bcond('ne', done);
          p.sys('nanosleep', 0, 10_000); // the slot was busy with the other request: retry
          p.a.b(again);
          p.a.bind(done);
          // exit code: reply byte - 0x40 (the server adds 0x40 to the request byte), so 0 when routed right
          p.a.movImm(1, c.replyBuf).inst('LDRB_uoff', { Rt: 0, Rn: 1, imm12: 0 });
          p.a.subImm(code.n, 0, 0x40 + id);
          p.sys('ipc_send', s, ok.rec); // tell the server this caller is done (its receive phases need a message)
          p.exit(code);
        });
      };
      caller(1);
      p.save(p1);
      caller(2);
      p.save(p2);
      p.sys('close', s);
      const t1 = replyRecvRec(p, { recvCap: 1 });
      const t2 = replyRecvRec(p, { recvCap: 1 });
      p.sys('ipc_reply_recv', r, t1.rec);
      p.expectEq('the first request is received', ['IPC.REPLY.FIRST'], 1);
      p.sys('ipc_reply_recv', r, t2.rec);
      p.expectEq('the second request is received (token 0: no reply yet)', ['IPC.REPLY.FIRST'], 1);
      // Each reply is its request byte + 0x40; the reply buffers are patched at run time.
      const b1 = p.space(1);
      const b2 = p.space(1);
      const a1 = replyRecvRec(p, { replyBuf: b1, replyLen: 1, recvCap: 1 });
      const a2 = replyRecvRec(p, { replyBuf: b2, replyLen: 1, recvCap: 1 });
      for (const [take, ans, buf] of [[t1, a1, b1], [t2, a2, b2]] as const) {
        copy64(p, take.outToken, ans.tokenAt);
        p.a.movImm(9, take.recvBuf).inst('LDRB_uoff', { Rt: 10, Rn: 9, imm12: 0 });
        p.a.addImm(10, 10, 0x40);
        p.a.movImm(9, buf).inst('STRB_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      }
      const replies = order === 'reversed' ? [a2, a1] : [a1, a2];
      for (const [i, a] of replies.entries()) {
        p.sys('ipc_reply_recv', r, a.rec);
        p.expectEq(`reply ${i + 1} goes out and a caller's done message comes in`, ['IPC.CALL.REPLY', 'IPC.REPLY.ORDER'], 1);
      }
      reap(p, p1, 0, 'caller 1 got the answer to its own request', ['IPC.CALL.REPLY']);
      reap(p, p2, 0, 'caller 2 got the answer to its own request', ['IPC.CALL.REPLY']);
    }));
}

const REPLY_PORTS = 16; // IPC.CALL.NOPORT
const POLLIN = constValue('POLL_EVENTS', 'POLLIN');

/** 16 callers each hold a reply port (their requests taken, unanswered): a 17th call fails ENOSPC. */
function portCases(): CaseDef[] {
  return [simple('call/noport', `with ${REPLY_PORTS} calls taken and unanswered, another ipc_call fails ENOSPC; answering them all lets every caller finish`, (p) => {
    const s = p.variable();
    const r = p.variable();
    const keep = p.variable();
    endpoint(p, s, r);
    const takes: ReturnType<typeof replyRecvRec>[] = [];
    const done = sendRec(p, { data: 'd' }).rec;
    for (let i = 0; i < REPLY_PORTS; i++) {
      const c = callRec(p, { data: new Uint8Array([i]), replyCap: 4 });
      fork(p, () => {
        p.sys('close', r);
        p.sys('ipc_call', s, c.rec);
        p.save(keep);
        p.sys('ipc_send', s, done);
        p.exit(keep);
      });
      const take = replyRecvRec(p, { recvCap: 4 });
      p.sys('ipc_reply_recv', r, take.rec);
      p.expectEq(`request ${i + 1} is taken and left unanswered`, ['IPC.REPLY.FIRST'], 1);
      takes.push(take);
    }
    p.sys('ipc_call', s, callRec(p, { data: 'x', replyCap: 4 }).rec);
    p.expectErrno(`call ${REPLY_PORTS + 1} fails ENOSPC`, ['IPC.CALL.NOPORT', 'IPC.MSG.ORDER'], 'ENOSPC');
    takes.forEach((take, i) => {
      const ans = replyRecvRec(p, { data: 'ok', recvCap: 4 });
      copy64(p, take.outToken, ans.tokenAt);
      p.sys('ipc_reply_recv', r, ans.rec);
      p.expectEq(`reply ${i + 1} goes out and that caller's done message comes back`, ['IPC.CALL.REPLY'], 1);
    });
    const st = p.space(8, 8);
    for (let i = 0; i < REPLY_PORTS; i++) {
      p.sys('waitpid', -1, st, 0);
      p.loadInt(11, st);
      p.expectEq(`caller ${i + 1} reaped: its ipc_call returned the 2-byte reply`, ['IPC.CALL.REPLY', 'PROC.WAIT.STATUS'], exitStatus(2), 11);
    }
  }, { memoryBytes: 16 << 20 })];
}

/** A caller that ends while waiting frees its reply port (IPC.CALL.ABANDON). */
function abandonCases(): CaseDef[] {
  return [
    simple('call/abandon/queued', 'a caller killed before its request is taken: the request is still delivered, with reply token 0', (p) => {
      const s = p.variable();
      const r = p.variable();
      const pid = p.variable();
      endpoint(p, s, r);
      const c = callRec(p, { data: 'abandon', replyCap: 4 });
      fork(p, () => {
        p.sys('close', r);
        p.sys('ipc_call', s, c.rec);
        p.exit(0);
      });
      p.save(pid);
      const pfd = p.space(8, 8);
      store32(p, r, pfd);
      store32(p, POLLIN, pfd + 4);
      p.sys('poll', pfd, 1, -1);
      p.expectEq('poll waits until the request is queued', ['FD.POLL.ENDPOINT', 'FD.POLL.TIMEOUT'], 1);
      p.sys('kill', pid, SIGKILL);
      reap(p, pid, SIGKILL, 'the caller was killed while waiting', []);
      const take = replyRecvRec(p, { recvCap: 16 });
      p.sys('ipc_reply_recv', r, take.rec);
      p.expectEq('the request is received', ['IPC.CALL.ABANDON'], 7);
      p.expectMem('its bytes are intact', ['IPC.CALL.ABANDON'], take.recvBuf, enc.encode('abandon'));
      p.load(11, take.outToken);
      p.expectEq('its reply token is 0: nobody waits for the reply', ['IPC.CALL.ABANDON', 'IPC.REPLY.TOKEN'], 0, 11);
    }),
    simple('call/abandon/taken', 'a caller killed after its request was taken: replying with its token then fails EINVAL', (p) => {
      const s = p.variable();
      const r = p.variable();
      const pid = p.variable();
      endpoint(p, s, r);
      const c = callRec(p, { data: 'abandon', replyCap: 4 });
      fork(p, () => {
        p.sys('close', r);
        p.sys('ipc_call', s, c.rec);
        p.exit(0);
      });
      p.save(pid);
      const take = replyRecvRec(p, { recvCap: 16 });
      p.sys('ipc_reply_recv', r, take.rec);
      p.expectEq('the request is taken', ['IPC.REPLY.FIRST'], 7);
      p.sys('kill', pid, SIGKILL);
      reap(p, pid, SIGKILL, 'the caller was killed while waiting', []);
      const ans = replyRecvRec(p, { data: 'late', recvCap: 4 });
      copy64(p, take.outToken, ans.tokenAt);
      p.sys('ipc_reply_recv', r, ans.rec);
      p.expectErrno('the late reply fails EINVAL', ['IPC.CALL.ABANDON', 'IPC.REPLY.STALE'], 'EINVAL');
    }),
  ];
}

export function callCases(): CaseDef[] {
  return [
    ...echoCases(), ...serverCases(), ...staleCases(), ...noServerCases(), ...limitCases(), ...replyZeroCases(), ...routingCases(),
    ...portCases(), ...abandonCases(),
  ];
}

