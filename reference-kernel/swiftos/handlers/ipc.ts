// IPC handlers (IPC.*): endpoints, request/reply, badges, the name registry, socket pairs.
// ipc_call and ipc_reply_recv act before they block (the request goes out; the reply goes out),
// and the kernel re-runs a blocked call from the start: each keeps a per-thread record of the
// call in progress, keyed by the SVC's pc and argument registers, that its re-runs find and that
// thread.onAbandon drops when the call ends with EINTR or the thread ends.

import { constValue, decodeLayout, layout, rightsMask, RIGHT_BITS } from '../../../spec/index.js';
import type { Args, ArgValue } from '../args.js';
import type { Handle, HandleTable } from '../handles.js';
import {
  Endpoint, EndpointEnd, ENDPOINT_MAX, ipcState, namesEndpoint, readRecord, socketPair, type Payload, type ReplyPort,
} from '../ipc/index.js';
import { BLOCK, fail, ok, type HandlerResult, type Outcome } from '../result.js';
import type { Thread } from '../thread.js';
import type { Handler, SyscallContext } from './context.js';

/** IPC.ENDPOINT.RIGHTS, IPC.NAME.SENDONLY. */
const SEND_END_RIGHTS = rightsMask(['WRITE', 'TRANSFER']);
const RECV_END_RIGHTS = rightsMask(['READ', 'TRANSFER']);
/** IPC.SOCKETPAIR.RIGHTS. */
const SOCKET_RIGHTS = rightsMask(['READ', 'WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR']);
const SOCKETPAIR_NONBLOCK = constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_NONBLOCK');
const SOCKETPAIR_CLOEXEC = constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_CLOEXEC');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const REPLY_RECV_MSG = layout('ipc_reply_recv_msg');

/** Fields of the request half of ipc_call, not re-read while the call waits for its reply. */
const CALL_REQUEST_FIELDS: ReadonlySet<string> = new Set(['buf', 'len', 'handle_fd']);
/** Fields of the reply half of ipc_reply_recv, ignored when there is nothing to reply (IPC.REPLY.ZERO). */
const REPLY_FIELDS: ReadonlySet<string> = new Set(['reply_buf', 'reply_len', 'reply_handle_fd']);

// ---- helpers ---------------------------------------------------------------------------

function endOf(h: Handle, end: 'send' | 'recv'): EndpointEnd | null {
  return h.object instanceof EndpointEnd && h.object.end === end ? h.object : null;
}

function freeSlots(table: HandleTable): number {
  return table.limit - table.entries().length;
}

function i32(v: number): Uint8Array {
  return new Uint8Array(new Int32Array([v]).buffer);
}

function u32(v: number): Uint8Array {
  return new Uint8Array(new Uint32Array([v]).buffer);
}

function u64(v: bigint): Uint8Array {
  return new Uint8Array(new BigUint64Array([v]).buffer);
}

/** The moved-handle checks that involve the endpoint (IPC.XFER.BADFD, IPC.XFER.SELF). */
function checkMoved(moved: Extract<ArgValue, { kind: 'fd' }>, endpointFd: number, ep: Endpoint): Outcome | null {
  if (moved.handle === null) return null;
  if (moved.fd === endpointFd) return fail('EBADF', 'IPC.XFER.BADFD');
  if (namesEndpoint(moved.handle, ep)) return fail('EINVAL', 'IPC.XFER.SELF');
  return null;
}

/**
 * Takes the handle at `fd` out of the caller's table into a message (IPC.XFER.MOVE): the message
 * holds a reference of its own, so closing the fd releases nothing. It keeps its badge.
 */
function detach(ctx: SyscallContext, fd: number, h: Handle, rights: number): Handle {
  h.object.retain?.();
  ctx.kernel.handles(ctx.process).close(fd);
  return { ...h, rights, cloexec: false };
}

/** Installs a moved handle at the lowest free fd (IPC.RECV.HANDLE); the message's reference goes. */
function attach(table: HandleTable, h: Handle): number {
  const fd = table.install(h);
  h.object.release?.();
  return fd;
}

/** Identifies one blocking call across its re-runs: the SVC's pc and the argument registers. */
interface CallKey {
  readonly pc: number;
  readonly fd: bigint;
  readonly msg: bigint;
}

function callKey(ctx: SyscallContext): CallKey {
  return { pc: ctx.kernel.cpu.pc, fd: ctx.raw[0]!, msg: ctx.raw[1]! };
}

function sameCall(a: CallKey, b: CallKey): boolean {
  return a.pc === b.pc && a.fd === b.fd && a.msg === b.msg;
}

// ---- endpoint_create, ipc_send, ipc_recv ------------------------------------------------

function sysEndpointCreate(ctx: SyscallContext): HandlerResult {
  const table = ctx.kernel.handles(ctx.process);
  if (freeSlots(table) < 2) return fail('EMFILE', 'FD.TABLE.FULL');
  const ipc = ipcState(ctx.kernel);
  if (ipc.liveEndpoints >= ENDPOINT_MAX) return fail('ENOMEM', 'IPC.ENDPOINT.NOMEM');
  const ep = new Endpoint(ipc);
  const send = table.install({ object: new EndpointEnd(ep, 'send'), rights: SEND_END_RIGHTS, cloexec: false });
  const recv = table.install({ object: new EndpointEnd(ep, 'recv'), rights: RECV_END_RIGHTS, cloexec: false });
  ctx.process.space.copyOut(ctx.args.struct('ends').addr, new Uint8Array(new Int32Array([send, recv]).buffer));
  return ok(0, 'IPC.ENDPOINT.CREATE');
}

function sysIpcSend(ctx: SyscallContext): HandlerResult {
  const { fd, handle } = ctx.args.fd('fd');
  const end = endOf(handle!, 'send');
  if (end === null) return fail('EINVAL', 'FD.KIND.WRONG');
  const rec = readRecord(ctx, 'ipc_send_msg', ctx.args.struct('msg').bytes!);
  if ('ret' in rec) return rec;
  const ep = end.endpoint;
  const moved = rec.fields.fd('handle_fd');
  const bad = checkMoved(moved, fd, ep);
  if (bad) return bad;
  if (ep.recvRefs === 0) return fail('EPIPE', 'IPC.SEND.NORECEIVER');
  if (ep.slot !== null) return fail('EAGAIN', 'IPC.SEND.BUSY');
  // IPC.XFER.ATTENUATE: held ∩ requested (SWIFTOS_RIGHTS_ALL_INHERIT is all ones: IPC.XFER.INHERIT).
  const requested = rec.fields.num('requested_rights');
  ep.slot = {
    bytes: rec.fields.buffer('buf').bytes!,
    handle: moved.handle ? detach(ctx, moved.fd, moved.handle, moved.handle.rights & requested) : null,
    badge: handle!.badge ?? 0,
    port: null,
  };
  ep.changed();
  return ok(0, moved.handle ? 'IPC.XFER.MOVE' : 'IPC.SEND.BYTES');
}

/** Where a receive puts what it takes. */
interface ReceiveOut {
  readonly buf: number;
  readonly cap: number;
  readonly outHandle: number;
  /** 0: not reported (IPC.BADGE.NULL). */
  readonly outBadge: number;
  /** ipc_reply_recv only. */
  readonly outReplyPort: number | null;
}

/** The receive half of ipc_recv and ipc_reply_recv. */
function receive(ctx: SyscallContext, end: EndpointEnd, handle: Handle, out: ReceiveOut): HandlerResult {
  const ep = end.endpoint;
  const m = ep.slot;
  if (m === null) {
    if (ep.sendRefs === 0) return fail('EPIPE', 'IPC.RECV.EOF');
    return ctx.kernel.block(ctx.thread, ep.recvQueue);
  }
  const table = ctx.kernel.handles(ctx.process);
  if (m.handle !== null) {
    if ((handle.rights & RIGHT_BITS.TRANSFER) === 0) return fail('EACCES', 'IPC.RECV.TRANSFER');
    if (!table.hasFree()) return fail('EMFILE', 'FD.TABLE.FULL');
  }
  ep.take();
  const space = ctx.process.space;
  const n = Math.min(m.bytes.length, out.cap);
  space.copyOut(out.buf, m.bytes.subarray(0, n));
  space.copyOut(out.outHandle, i32(m.handle !== null ? attach(table, m.handle) : -1));
  if (out.outBadge !== 0) space.copyOut(out.outBadge, u32(m.badge));
  const port = m.port !== null && !m.port.freed ? m.port : null;
  if (out.outReplyPort !== null) {
    space.copyOut(out.outReplyPort, u64(port?.token ?? 0n));
    if (port !== null) {
      port.state = 'received';
      port.server = ctx.process;
      if (port.caller.state === 'blocked') ctx.process.exited.add(port.caller);
    }
    return ok(n, 'IPC.REPLY.TOKEN');
  }
  if (port !== null) {
    port.state = 'orphaned';
    ctx.kernel.wake(port.queue);
  }
  return ok(n, m.handle !== null ? 'IPC.RECV.HANDLE' : n < m.bytes.length ? 'IPC.RECV.TRUNCATE' : 'IPC.RECV.NOHANDLE');
}

function sysIpcRecv(ctx: SyscallContext): HandlerResult {
  const { handle } = ctx.args.fd('fd');
  const end = endOf(handle!, 'recv');
  if (end === null) return fail('EINVAL', 'FD.KIND.WRONG');
  const rec = readRecord(ctx, 'ipc_recv_msg', ctx.args.struct('msg').bytes!);
  if ('ret' in rec) return rec;
  const f = rec.fields;
  return receive(ctx, end, handle!, {
    buf: f.buffer('buf').addr,
    cap: f.num('cap'),
    outHandle: f.struct('out_handle_fd').addr,
    outBadge: f.struct('out_badge').addr,
    outReplyPort: null,
  });
}

// ---- ipc_call, ipc_reply_recv -----------------------------------------------------------

/** An ipc_call waiting for its reply; its re-runs find it here. */
interface PendingCall extends CallKey {
  readonly port: ReplyPort;
}

/** An ipc_reply_recv that replied and is waiting for the next request (IPC.REPLY.ORDER). */
interface PendingReply extends CallKey {
  readonly token: bigint;
}

const pendingCalls = new WeakMap<Thread, PendingCall>();
const pendingReplies = new WeakMap<Thread, PendingReply>();

function sysIpcCall(ctx: SyscallContext): HandlerResult {
  const { fd, handle } = ctx.args.fd('fd');
  const end = endOf(handle!, 'send');
  if (end === null) return fail('EINVAL', 'FD.KIND.WRONG');
  const bytes = ctx.args.struct('msg').bytes!;
  const ipc = ipcState(ctx.kernel);
  const key = callKey(ctx);
  const pending = pendingCalls.get(ctx.thread);
  if (pending !== undefined) {
    if (sameCall(pending, key)) return awaitReply(ctx, pending, bytes);
    finishCall(ctx, pending);
  }
  const rec = readRecord(ctx, 'ipc_call_msg', bytes);
  if ('ret' in rec) return rec;
  const ep = end.endpoint;
  const moved = rec.fields.fd('handle_fd');
  const bad = checkMoved(moved, fd, ep);
  if (bad) return bad;
  if (ep.recvRefs === 0) return fail('EPIPE', 'IPC.SEND.NORECEIVER');
  if (ep.slot !== null) return fail('EAGAIN', 'IPC.SEND.BUSY');
  const port = ipc.allocPort(ep, ctx.thread);
  if (port === null) return fail('ENOSPC', 'IPC.CALL.NOPORT');
  ep.slot = {
    bytes: rec.fields.buffer('buf').bytes!,
    // IPC.CALL.XFER: the call record has no requested_rights; the handle keeps its rights.
    handle: moved.handle ? detach(ctx, moved.fd, moved.handle, moved.handle.rights) : null,
    badge: handle!.badge ?? 0,
    port,
  };
  ep.changed();
  const call: PendingCall = { ...key, port };
  pendingCalls.set(ctx.thread, call);
  return waitForReply(ctx, call);
}

/** Parks the caller on its port, and on its server's exit once a server took the request. */
function waitForReply(ctx: SyscallContext, call: PendingCall): HandlerResult {
  const t = ctx.thread;
  t.onAbandon = () => {
    // IPC.CALL.ABANDON: EINTR or the thread ended while waiting.
    call.port.server?.exited.remove(t);
    pendingCalls.delete(t);
    ipcState(ctx.kernel).freePort(call.port);
  };
  const r: typeof BLOCK = ctx.kernel.block(t, call.port.queue);
  call.port.server?.exited.add(t);
  return r;
}

function finishCall(ctx: SyscallContext, call: PendingCall): void {
  const t = ctx.thread;
  pendingCalls.delete(t);
  if (pendingReplies.get(t) === undefined) t.onAbandon = null;
  call.port.server?.exited.remove(t);
  call.port.queue.remove(t);
  ipcState(ctx.kernel).freePort(call.port);
}

/** A re-run of an ipc_call whose request went out: collect the reply, fail EPIPE, or wait on. */
function awaitReply(ctx: SyscallContext, call: PendingCall, bytes: Uint8Array): HandlerResult {
  const port = call.port;
  port.server?.exited.remove(ctx.thread);
  port.queue.remove(ctx.thread);
  const rec = readRecord(ctx, 'ipc_call_msg', bytes, CALL_REQUEST_FIELDS);
  if ('ret' in rec) {
    finishCall(ctx, call);
    return rec;
  }
  const reply = port.reply;
  if (reply === null) {
    if (!port.serverGone) return waitForReply(ctx, call);
    finishCall(ctx, call);
    return fail('EPIPE', 'IPC.CALL.NOSERVER');
  }
  const table = ctx.kernel.handles(ctx.process);
  if (reply.handle !== null && !table.hasFree()) {
    finishCall(ctx, call);
    return fail('EMFILE', 'FD.TABLE.FULL');
  }
  port.reply = null;
  const f = rec.fields;
  const n = Math.min(reply.bytes.length, f.num('reply_cap'));
  ctx.process.space.copyOut(f.buffer('reply_buf').addr, reply.bytes.subarray(0, n));
  ctx.process.space.copyOut(f.struct('out_handle_fd').addr, i32(reply.handle !== null ? attach(table, reply.handle) : -1));
  finishCall(ctx, call);
  return ok(n, 'IPC.CALL.REPLY');
}

function sysIpcReplyRecv(ctx: SyscallContext): HandlerResult {
  const { fd, handle } = ctx.args.fd('fd');
  const end = endOf(handle!, 'recv');
  if (end === null) return fail('EINVAL', 'FD.KIND.WRONG');
  const bytes = ctx.args.struct('msg').bytes!;
  const token = decodeLayout(REPLY_RECV_MSG, bytes).reply_port as bigint;
  const t = ctx.thread;
  const key = callKey(ctx);
  const pending = pendingReplies.get(t);
  // A re-run after the reply went out does not reply again (IPC.REPLY.ORDER).
  const replied = pending !== undefined && sameCall(pending, key) && pending.token === token;
  if (pending !== undefined) {
    pendingReplies.delete(t);
    if (pendingCalls.get(t) === undefined) t.onAbandon = null;
  }
  const replying = token !== 0n && !replied;
  const rec = readRecord(ctx, 'ipc_reply_recv_msg', bytes, replying ? undefined : REPLY_FIELDS);
  if ('ret' in rec) return rec;
  if (replying) {
    const refused = deliverReply(ctx, fd, end.endpoint, token, rec.fields);
    if (refused) return refused;
  }
  const f = rec.fields;
  const result = receive(ctx, end, handle!, {
    buf: f.buffer('recv_buf').addr,
    cap: f.num('recv_cap'),
    outHandle: f.struct('out_handle_fd').addr,
    outBadge: 0,
    outReplyPort: f.struct('out_reply_port').addr,
  });
  if (result === BLOCK && token !== 0n) {
    pendingReplies.set(t, { ...key, token });
    t.onAbandon = () => pendingReplies.delete(t);
  }
  return result;
}

/** The reply half of ipc_reply_recv: validate the token, deposit the reply, wake the caller. */
function deliverReply(ctx: SyscallContext, fd: number, ep: Endpoint, token: bigint, f: Args): Outcome | null {
  const moved = f.fd('reply_handle_fd');
  const bad = checkMoved(moved, fd, ep);
  if (bad) return bad;
  const port = ipcState(ctx.kernel).lookup(token);
  if (port === null) return fail('EINVAL', 'IPC.REPLY.STALE');
  if (port.endpoint !== ep) return fail('EINVAL', 'IPC.REPLY.OWNENDPOINT');
  if (port.state !== 'received') return fail('EINVAL', 'IPC.REPLY.STALE');
  const reply: Payload = {
    bytes: f.buffer('reply_buf').bytes!,
    handle: moved.handle ? detach(ctx, moved.fd, moved.handle, moved.handle.rights) : null,
  };
  port.reply = reply;
  port.state = 'replied';
  ctx.kernel.wake(port.queue);
  return null;
}

// ---- ipc_badge, name_register, name_lookup ----------------------------------------------

function sysIpcBadge(ctx: SyscallContext): HandlerResult {
  const { handle } = ctx.args.fd('fd');
  if (endOf(handle!, 'send') === null) return fail('EINVAL', 'IPC.BADGE.SENDONLY');
  const badge = Number(BigInt.asUintN(32, ctx.args.big('badge')));
  handle!.badge = badge;
  return ok(0, badge === 0 ? 'IPC.BADGE.DEFAULT' : 'IPC.BADGE.STAMP');
}

function sysNameRegister(ctx: SyscallContext): HandlerResult {
  const name = ctx.args.string('name').bytes!;
  const end = endOf(ctx.args.fd('endpoint_fd').handle!, 'recv');
  if (end === null) return fail('EINVAL', 'FD.KIND.WRONG');
  if (ipcState(ctx.kernel).names.register(name, end) === 'ENOSPC') return fail('ENOSPC', 'IPC.NAME.FULL');
  return ok(0, 'IPC.NAME.REGISTER');
}

function sysNameLookup(ctx: SyscallContext): HandlerResult {
  const ep = ipcState(ctx.kernel).names.lookup(ctx.args.string('name').bytes!);
  if (ep === null) return fail('ENOENT', 'IPC.NAME.UNKNOWN');
  const table = ctx.kernel.handles(ctx.process);
  if (!table.hasFree()) return fail('EMFILE', 'FD.TABLE.FULL');
  return ok(table.install({ object: new EndpointEnd(ep, 'send'), rights: SEND_END_RIGHTS, cloexec: false }), 'IPC.NAME.LOOKUP');
}

// ---- socketpair ---------------------------------------------------------------------------

function sysSocketpair(ctx: SyscallContext): HandlerResult {
  const flags = ctx.args.num('flags');
  const table = ctx.kernel.handles(ctx.process);
  if (freeSlots(table) < 2) return fail('EMFILE', 'FD.TABLE.FULL');
  const pair = socketPair(ctx.kernel, (flags & SOCKETPAIR_NONBLOCK) !== 0 ? O_NONBLOCK : 0);
  if (pair === null) return fail('ENOMEM', 'FD.PIPE.NOMEM');
  const [a, b] = pair;
  const cloexec = (flags & SOCKETPAIR_CLOEXEC) !== 0;
  const fa = table.install({ object: a, rights: SOCKET_RIGHTS, cloexec });
  const fb = table.install({ object: b, rights: SOCKET_RIGHTS, cloexec });
  ctx.process.space.copyOut(ctx.args.struct('fds').addr, new Uint8Array(new Int32Array([fa, fb]).buffer));
  return ok(0, 'IPC.SOCKETPAIR.DUPLEX');
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const IPC_HANDLERS: Readonly<Record<string, Handler>> = {
  endpoint_create: sysEndpointCreate,
  ipc_send: sysIpcSend,
  ipc_recv: sysIpcRecv,
  ipc_call: sysIpcCall,
  ipc_reply_recv: sysIpcReplyRecv,
  ipc_badge: sysIpcBadge,
  name_register: sysNameRegister,
  name_lookup: sysNameLookup,
  socketpair: sysSocketpair,
};
