// IPC message records (spec/layouts/ipc.ts) with their handle fields patched at run time, and
// the endpoint set-ups the IPC error cases share.

import { constValue, encodeLayout, layout, type LayoutValues } from '../../../spec/index.js';
import { Reg, type Operand } from '../../program/builder.js';
import { field } from './handles.js';
import type { Ctx } from './kit.js';

const RIGHTS_ALL_INHERIT = constValue('RIGHT_MASKS', 'SWIFTOS_RIGHTS_ALL_INHERIT');

function record(ctx: Ctx, name: string, values: LayoutValues, handles: Readonly<Record<string, Operand | undefined>> = {}): number {
  const l = layout(name);
  const at = ctx.bytes(encodeLayout(l, values), 8);
  for (const [f, v] of Object.entries(handles)) {
    if (v !== undefined) ctx.storeW(at + field(name, f), v);
  }
  return at;
}

export interface Endpoint {
  readonly send: Reg;
  readonly recv: Reg;
}

export function endpoint(ctx: Ctx): Endpoint {
  const ends = ctx.space(8, 8);
  ctx.sys('endpoint_create', ends);
  return { send: ctx.loadInt(ends), recv: ctx.loadInt(ends + 4) };
}

export interface SendOptions {
  readonly len?: number;
  /** Moved handle; default none (-1). */
  readonly handle?: Operand;
  readonly rights?: number;
  readonly buf?: number;
}

/** An ipc_send_msg record. */
export function sendRecord(ctx: Ctx, o: SendOptions = {}): number {
  const len = o.len ?? 8;
  const buf = o.buf ?? (len === 0 ? 0 : ctx.space(len));
  return record(ctx, 'ipc_send_msg', { buf: BigInt(buf), len: BigInt(len), handle_fd: -1, requested_rights: o.rights ?? RIGHTS_ALL_INHERIT }, { handle_fd: o.handle });
}

/** An ipc_recv_msg record and the address its received handle number goes to. */
export function recvRecord(ctx: Ctx, o: { readonly cap?: number; readonly buf?: number; readonly outFd?: number } = {}): { at: number; outFd: number } {
  const cap = o.cap ?? 64;
  const outFd = o.outFd ?? ctx.space(4, 4);
  const buf = o.buf ?? (cap === 0 ? 0 : ctx.space(cap));
  const at = record(ctx, 'ipc_recv_msg', { buf: BigInt(buf), cap: BigInt(cap), out_handle_fd: BigInt(outFd), out_badge: 0n });
  return { at, outFd };
}

/** An ipc_call_msg record. */
export function callRecord(ctx: Ctx, o: { readonly len?: number; readonly handle?: Operand; readonly buf?: number; readonly replyBuf?: number; readonly outFd?: number } = {}): number {
  const len = o.len ?? 8;
  const buf = o.buf ?? (len === 0 ? 0 : ctx.space(len));
  return record(ctx, 'ipc_call_msg', {
    buf: BigInt(buf), len: BigInt(len), reply_buf: BigInt(o.replyBuf ?? ctx.space(64)), reply_cap: 64n,
    out_handle_fd: BigInt(o.outFd ?? ctx.space(4, 4)), handle_fd: -1,
  }, { handle_fd: o.handle });
}

/** An ipc_reply_recv_msg record; `port` is the reply token (0: nothing to reply to). */
export function replyRecvRecord(
  ctx: Ctx,
  o: { readonly port?: Operand; readonly replyLen?: number; readonly replyHandle?: Operand; readonly recvBuf?: number; readonly outFd?: number } = {},
): { at: number; outPort: number } {
  const replyLen = o.replyLen ?? 0;
  const outPort = ctx.space(8, 8);
  const at = record(ctx, 'ipc_reply_recv_msg', {
    reply_port: 0n, reply_buf: BigInt(replyLen === 0 ? 0 : ctx.space(replyLen)), reply_len: BigInt(replyLen),
    recv_buf: BigInt(o.recvBuf ?? ctx.space(64)), recv_cap: 64n, out_handle_fd: BigInt(o.outFd ?? ctx.space(4, 4)),
    out_reply_port: BigInt(outPort), reply_handle_fd: -1,
  }, { reply_handle_fd: o.replyHandle });
  if (o.port !== undefined) ctx.storeX(at + field('ipc_reply_recv_msg', 'reply_port'), o.port);
  return { at, outPort };
}

/** Puts a message carrying `handle` (or none) in the endpoint's slot. */
export function pendingMessage(ctx: Ctx, ep: Endpoint, handle?: Operand): void {
  ctx.sys('ipc_send', ep.send, sendRecord(ctx, handle === undefined ? {} : { handle }));
}

/**
 * A request in flight: a thread calls ipc_call on `ep.send` and blocks; the initial thread takes
 * the request with ipc_reply_recv(reply_port 0). Returns the token register to reply with.
 */
export function requestInFlight(ctx: Ctx, ep: Endpoint): Reg {
  const rec = callRecord(ctx);
  const entry = ctx.stub('caller', () => {
    ctx.a.movImm(1, rec);
    ctx.svc('ipc_call');
    ctx.a.movImm(0, 0);
    ctx.svc('exit');
  });
  ctx.sys('thread_create', entry, ep.send, ctx.stackTop());
  const first = replyRecvRecord(ctx);
  ctx.sys('ipc_reply_recv', ep.recv, first.at);
  const token = ctx.p.variable();
  ctx.p.load(token, first.outPort);
  return token;
}

export { Reg };
