// Shared by the IPC tests: message records laid out with the spec's layouts, guest helpers
// (dump memory to the console, store a register into a record) and a run that can look at the
// kernel after every syscall.

import {
  constValue, encodeLayout, layout, RIGHT_BITS, rightsMask, type LayoutValues,
} from '../../../spec/index.js';
import { Kernel, type BootOptions, type RunResult, type SyscallEvent } from '../kernel.js';
import type { Process } from '../process.js';
import { Prog } from '../testkit.js';

export const IPC_MSG_MAX = constValue('LIMITS', 'IPC_MSG_MAX');
export const ALL_INHERIT = constValue('RIGHT_MASKS', 'SWIFTOS_RIGHTS_ALL_INHERIT');
export const SEND_RIGHTS = rightsMask(['WRITE', 'TRANSFER']);
export const RECV_RIGHTS = rightsMask(['READ', 'TRANSFER']);
export const SOCKET_RIGHTS = rightsMask(['READ', 'WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR']);
export const R = RIGHT_BITS;
export const SP_NONBLOCK = constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_NONBLOCK');
export const SP_CLOEXEC = constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_CLOEXEC');
export const POLL = {
  IN: constValue('POLL_EVENTS', 'POLLIN'),
  OUT: constValue('POLL_EVENTS', 'POLLOUT'),
  ERR: constValue('POLL_EVENTS', 'POLLERR'),
  HUP: constValue('POLL_EVENTS', 'POLLHUP'),
} as const;
export const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');
export const PIPE_CAPACITY = constValue('LIMITS', 'PIPE_CAPACITY');
export const PIPE_BUF = constValue('LIMITS', 'PIPE_BUF');

/** The fds the first endpoint_create of init returns (FD.ALLOC.LOWEST: 0..2 are the console). */
export const S0 = 3;
export const R0 = 4;

const enc = new TextEncoder();

export { err as e } from '../testkit.js';

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? enc.encode(data) : data;
}

function record(p: Prog, name: string, values: LayoutValues): number {
  return p.bytes(encodeLayout(layout(name), values), 8);
}

export interface SendOpts {
  readonly data?: string | Uint8Array;
  /** Overrides the buffer address (default: the data placed in the data segment). */
  readonly buf?: number | bigint;
  readonly len?: number | bigint;
  readonly handleFd?: number;
  readonly rights?: number;
}

/** An ipc_send_msg record; returns its address. */
export function sendMsg(p: Prog, o: SendOpts = {}): number {
  const data = bytesOf(o.data ?? '');
  const buf = o.buf ?? (data.length > 0 ? p.bytes(data) : 0);
  return record(p, 'ipc_send_msg', {
    buf: BigInt(buf), len: BigInt(o.len ?? data.length), handle_fd: o.handleFd ?? -1, requested_rights: o.rights ?? ALL_INHERIT,
  });
}

export interface RecvRec {
  readonly rec: number;
  readonly buf: number;
  readonly outFd: number;
  readonly outBadge: number;
}

/** An ipc_recv_msg record with its buffers (out_handle_fd pre-set to 0x5a5a5a5a, badge to 0xa5a5a5a5). */
export function recvMsg(p: Prog, o: { cap?: number; badge?: boolean; buf?: number | bigint; outFd?: number | bigint; outBadge?: number | bigint } = {}): RecvRec {
  const cap = o.cap ?? IPC_MSG_MAX;
  const buf = p.space(Math.max(cap, 1));
  const outFd = p.bytes(Uint8Array.of(0x5a, 0x5a, 0x5a, 0x5a), 4);
  const outBadge = p.bytes(Uint8Array.of(0xa5, 0xa5, 0xa5, 0xa5), 4);
  const rec = record(p, 'ipc_recv_msg', {
    buf: BigInt(o.buf ?? buf), cap: BigInt(cap), out_handle_fd: BigInt(o.outFd ?? outFd),
    out_badge: BigInt(o.outBadge ?? (o.badge ? outBadge : 0)),
  });
  return { rec, buf, outFd, outBadge };
}

export interface CallRec {
  readonly rec: number;
  readonly replyBuf: number;
  readonly outFd: number;
}

export function callMsg(p: Prog, o: { data?: string | Uint8Array; len?: number; handleFd?: number; replyCap?: number } = {}): CallRec {
  const data = bytesOf(o.data ?? '');
  const buf = data.length > 0 ? p.bytes(data) : 0;
  const replyCap = o.replyCap ?? IPC_MSG_MAX;
  const replyBuf = p.space(Math.max(replyCap, 1));
  const outFd = p.bytes(Uint8Array.of(0x5a, 0x5a, 0x5a, 0x5a), 4);
  const rec = record(p, 'ipc_call_msg', {
    buf: BigInt(buf), len: BigInt(o.len ?? data.length), reply_buf: BigInt(replyBuf), reply_cap: BigInt(replyCap),
    out_handle_fd: BigInt(outFd), handle_fd: o.handleFd ?? -1,
  });
  return { rec, replyBuf, outFd };
}

export interface ReplyRecvRec {
  readonly rec: number;
  readonly recvBuf: number;
  readonly outFd: number;
  /** out_reply_port: a u64 pre-set to all ones. */
  readonly outToken: number;
}

export interface ReplyRecvOpts {
  readonly token?: bigint;
  readonly data?: string | Uint8Array;
  readonly replyBuf?: number | bigint;
  readonly replyLen?: number | bigint;
  readonly replyHandleFd?: number;
  readonly recvCap?: number;
}

export function replyRecvMsg(p: Prog, o: ReplyRecvOpts = {}): ReplyRecvRec {
  const data = bytesOf(o.data ?? '');
  const replyBuf = o.replyBuf ?? (data.length > 0 ? p.bytes(data) : 0);
  const recvCap = o.recvCap ?? IPC_MSG_MAX;
  const recvBuf = p.space(Math.max(recvCap, 1));
  const outFd = p.bytes(Uint8Array.of(0x5a, 0x5a, 0x5a, 0x5a), 4);
  const outToken = p.bytes(new Uint8Array(8).fill(0xff), 8);
  const rec = record(p, 'ipc_reply_recv_msg', {
    reply_port: o.token ?? 0n, reply_buf: BigInt(replyBuf), reply_len: BigInt(o.replyLen ?? data.length),
    recv_buf: BigInt(recvBuf), recv_cap: BigInt(recvCap), out_handle_fd: BigInt(outFd), out_reply_port: BigInt(outToken),
    reply_handle_fd: o.replyHandleFd ?? -1,
  });
  return { rec, recvBuf, outFd, outToken };
}

export { call } from '../testkit.js';

/** Guest code: writes `len` bytes at `addr` to the console (a probe the test reads back). */
export function dump(p: Prog, addr: number, len: number): Prog {
  return p.sys('write', 1, addr, len);
}

/** Guest code: copies the u64 at `from` to `to` (uses x9, x10). */
export function copy64(p: Prog, from: number, to: number): Prog {
  p.load(10, from);
  return p.store(10, to);
}

/** Guest code: stores the low 32 bits of `reg` at `addr` (uses x9). */
export function store32(p: Prog, reg: number, addr: number): Prog {
  p.a.movImm(9, addr).inst('STR_W_uoff', { Rt: reg, Rn: 9, imm12: 0 });
  return p;
}

/** Guest code: loads the 32-bit word at `addr`, sign-extended, into `reg` (uses x9). */
export function load32(p: Prog, reg: number, addr: number): Prog {
  p.a.movImm(9, addr).inst('LDRSW_uoff', { Rt: reg, Rn: 9, imm12: 0 });
  return p;
}

/** Guest code: fork; the child runs `child` (which must end with exit), the parent goes on with the child's pid in x0. */
export function fork(p: Prog, child: (p: Prog) => void): Prog {
  p.sys('fork');
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child(p);
  p.a.bind(parent);
  return p;
}

/** Guest code: waits for any child (status ignored). */
export function reapOne(p: Prog): Prog {
  return p.sys('waitpid', -1, 0, 0);
}

/** Guest code: sleeps `ms` milliseconds of virtual time (lets another process run first). */
export function sleep(p: Prog, ms: number): Prog {
  return p.sys('nanosleep', 0, ms * 1_000_000);
}

export interface IpcRun {
  readonly result: RunResult;
  readonly kernel: Kernel;
  readonly calls: readonly SyscallEvent[];
  readonly events: readonly SyscallEvent[];
  readonly console: Uint8Array;
  /** Return values of the completed calls named `name` (of every process unless `pid` is given). */
  rets(name: string, pid?: number): bigint[];
  ret(name: string, i?: number, pid?: number): bigint;
  clauses(name: string, pid?: number): (string | null)[];
  /** Whether some call `name` blocked before completing (IPC.RECV.BLOCK, IPC.CALL.BLOCK). */
  blocked(name: string, pid?: number): boolean;
  /** The console bytes at [offset, offset + len). */
  out(offset: number, len: number): Uint8Array;
  i32(offset: number): number;
  u16(offset: number): number;
  u32(offset: number): number;
  u64(offset: number): bigint;
  text(offset: number, len: number): string;
}

export interface IpcRunOptions extends BootOptions {
  /** Runs after every completed syscall, with the kernel as it is then. */
  readonly after?: (ev: SyscallEvent, k: Kernel) => void;
}

/** Boots `p` as init and runs it; a kernel panic fails the test. */
export function runIpc(p: Prog, opts: IpcRunOptions = {}): IpcRun {
  const events: SyscallEvent[] = [];
  const trace: string[] = [];
  const { after, ...boot } = opts;
  const kernel: Kernel = new Kernel({
    maxInstructions: 20_000_000,
    memoryBytes: 16 << 20,
    ...boot,
    trace: (l) => trace.push(l),
    onSyscall: (ev) => {
      events.push(ev);
      if (ev.outcome === 'return') after?.(ev, kernel);
    },
  });
  kernel.boot(p.elf(), 'init');
  const result = kernel.run();
  if (result.verdict.kind === 'panic') throw new Error(`kernel panic: ${result.verdict.detail}`);
  const calls = events.filter((c) => c.outcome === 'return');
  const named = (name: string, pid?: number): SyscallEvent[] => calls.filter((c) => c.name === name && (pid === undefined || c.pid === pid));
  const view = new DataView(result.console.buffer, result.console.byteOffset, result.console.byteLength);
  return {
    result, kernel, calls, events, console: result.console,
    rets: (name, pid) => named(name, pid).map((c) => c.ret!),
    ret: (name, i = 0, pid) => {
      const c = named(name, pid)[i];
      if (c === undefined) throw new Error(`no completed ${name} #${i}; verdict ${JSON.stringify(result.verdict)}\n${trace.slice(-20).join('\n')}`);
      return c.ret!;
    },
    clauses: (name, pid) => named(name, pid).map((c) => c.clause),
    blocked: (name, pid) => events.some((c) => c.name === name && c.outcome === 'block' && (pid === undefined || c.pid === pid)),
    out: (offset, len) => Uint8Array.from(result.console.subarray(offset, offset + len)),
    i32: (offset) => view.getInt32(offset, true),
    u16: (offset) => view.getUint16(offset, true),
    u32: (offset) => view.getUint32(offset, true),
    u64: (offset) => view.getBigUint64(offset, true),
    text: (offset, len) => new TextDecoder().decode(result.console.slice(offset, offset + len)),
  };
}

/** The rights of `fd` in `proc`, or null when it is not open. */
export function rightsOf(k: Kernel, proc: Process, fd: number): number | null {
  return k.handles(proc).get(fd)?.rights ?? null;
}
