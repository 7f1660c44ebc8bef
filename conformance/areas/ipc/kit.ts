// Shared by the IPC generators (whose cases are derivedCase(AREA, ...)): IPC message records laid
// out with the spec's layouts, and small guest helpers (stores, copies, fork).

import {
  constValue, encodeLayout, errnoNumber, layout, RIGHT_BITS, type ErrnoName, type LayoutValues,
} from '../../../spec/index.js';
import { CaseProgram, Reg, type Operand } from '../../program/builder.js';

export const AREA = 'ipc';
export const R = RIGHT_BITS;
export const ALL_INHERIT = constValue('RIGHT_MASKS', 'SWIFTOS_RIGHTS_ALL_INHERIT');
export const RIGHT_ALL = constValue('RIGHT_MASKS', 'SWIFTOS_RIGHT_ALL');
export const IPC_MSG_MAX = constValue('LIMITS', 'IPC_MSG_MAX');
export const FD_MAX = constValue('LIMITS', 'FD_MAX');

/** -errno as the 64-bit pattern a failed call leaves in x0. */
export function neg(errno: ErrnoName): bigint {
  return BigInt.asUintN(64, -BigInt(errnoNumber(errno)));
}

/** The waitpid status word of a child that called exit(code) (PROC.WAIT.STATUS, PROC.EXIT.CODE). */
export function exitStatus(code: number | bigint): number {
  return Number(BigInt.asUintN(8, BigInt(code))) << 8;
}

// ---- guest helpers -----------------------------------------------------------------------------

/** Puts an operand in register `rd` (x9..x15 scratch only). */
function put(p: CaseProgram, rd: number, v: Operand): number {
  if (v instanceof Reg) return v.n;
  p.a.movImm(rd, BigInt.asUintN(64, BigInt(v)));
  return rd;
}

/** Stores the low 32 bits of `v` at `addr` (uses x9, x10). */
export function store32(p: CaseProgram, v: Operand, addr: number): void {
  const rt = put(p, 10, v);
  p.a.movImm(9, addr).inst('STR_W_uoff', { Rt: rt, Rn: 9, imm12: 0 });
}

/** Stores `v` as a 64-bit word at `addr` (uses x9, x10). */
export function store64(p: CaseProgram, v: Operand, addr: number): void {
  const rt = put(p, 10, v);
  p.a.movImm(9, addr).inst('STR_X_uoff', { Rt: rt, Rn: 9, imm12: 0 });
}

/** Copies the 64-bit word at `from` to `to` (uses x9, x10). */
export function copy64(p: CaseProgram, from: number, to: number): void {
  p.load(10, from);
  p.a.movImm(9, to).inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
}

/** Loads the zero-extended 16-bit value at `addr` into x0 (uses x9). */
export function loadU16(p: CaseProgram, rt: number, addr: number): void {
  p.a.movImm(9, addr).inst('LDRH_uoff', { Rt: rt, Rn: 9, imm12: 0 });
}

/** Loads the zero-extended 32-bit value at `addr` into `rt` (uses x9). */
export function loadU32(p: CaseProgram, rt: number, addr: number): void {
  p.a.movImm(9, addr).inst('LDR_W_uoff', { Rt: rt, Rn: 9, imm12: 0 });
}

/**
 * fork: the child runs `child` (which must end the process), the parent goes on with the child's
 * pid in x0 (PROC.FORK.RETURN).
 */
export function fork(p: CaseProgram, child: () => void): void {
  p.sys('fork');
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child();
  p.a.brk(1);
  p.a.bind(parent);
}

// ---- records -------------------------------------------------------------------------------------

const enc = new TextEncoder();

export function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? enc.encode(data) : data;
}

/** Offset of `field` in the layout `name`. */
export function fieldAt(name: string, field: string): number {
  const f = layout(name).fields.find((x) => x.name === field);
  if (f === undefined) throw new Error(`layout ${name} has no field ${field}`);
  return f.offset;
}

function record(p: CaseProgram, name: string, values: LayoutValues): number {
  return p.bytes(encodeLayout(layout(name), values), 8);
}

/** Deterministic bytes for a payload (xorshift on a seed). */
export function pattern(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = (seed * 2654435761 + 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SendRec {
  readonly rec: number;
  /** Address of handle_fd (patch it with store32 when the handle is in a register). */
  readonly handleAt: number;
  readonly data: Uint8Array;
}

export interface SendOpts {
  readonly data?: string | Uint8Array;
  readonly buf?: number | bigint;
  readonly len?: number | bigint;
  readonly handleFd?: number;
  readonly rights?: number;
}

/** An ipc_send_msg record. */
export function sendRec(p: CaseProgram, o: SendOpts = {}): SendRec {
  const data = bytesOf(o.data ?? '');
  const buf = o.buf ?? (data.length > 0 ? p.bytes(data) : 0);
  const rec = record(p, 'ipc_send_msg', {
    buf: BigInt(buf), len: BigInt(o.len ?? data.length), handle_fd: o.handleFd ?? -1, requested_rights: o.rights ?? ALL_INHERIT,
  });
  return { rec, handleAt: rec + fieldAt('ipc_send_msg', 'handle_fd'), data };
}

export interface RecvRec {
  readonly rec: number;
  readonly buf: number;
  readonly outFd: number;
  readonly outBadge: number;
}

/** Sentinels the kernel must overwrite (or, for out_badge with NULL, leave alone). */
export const FD_SENTINEL = 0x5a5a5a5a;
export const BADGE_SENTINEL = 0xa5a5a5a5;
export const FILL = 0xcc;

export interface RecvOpts {
  readonly cap?: number;
  readonly badge?: boolean;
  readonly buf?: number | bigint;
  /** Bytes reserved for the buffer (default max(cap, 1)), pre-filled with FILL. */
  readonly room?: number;
}

/** An ipc_recv_msg record with its buffer (filled with FILL), out_handle_fd and out_badge words. */
export function recvRec(p: CaseProgram, o: RecvOpts = {}): RecvRec {
  const cap = o.cap ?? IPC_MSG_MAX;
  const buf = p.bytes(new Uint8Array(Math.max(o.room ?? cap, 1)).fill(FILL));
  const outFd = p.bytes(u32le(FD_SENTINEL), 4);
  const outBadge = p.bytes(u32le(BADGE_SENTINEL), 4);
  const rec = record(p, 'ipc_recv_msg', {
    buf: BigInt(o.buf ?? buf), cap: BigInt(cap), out_handle_fd: BigInt(outFd), out_badge: BigInt(o.badge === true ? outBadge : 0),
  });
  return { rec, buf, outFd, outBadge };
}

export interface CallRec {
  readonly rec: number;
  readonly replyBuf: number;
  readonly outFd: number;
  readonly handleAt: number;
}

export interface CallOpts {
  readonly data?: string | Uint8Array;
  readonly buf?: number | bigint;
  readonly len?: number | bigint;
  readonly replyCap?: number;
  /** The reply buffer (default: a fresh one of replyCap bytes, filled with FILL). */
  readonly replyBuf?: number;
  readonly handleFd?: number;
}

export function callRec(p: CaseProgram, o: CallOpts = {}): CallRec {
  const data = bytesOf(o.data ?? '');
  const buf = o.buf ?? (data.length > 0 ? p.bytes(data) : 0);
  const replyCap = o.replyCap ?? IPC_MSG_MAX;
  const replyBuf = o.replyBuf ?? p.bytes(new Uint8Array(Math.max(replyCap, 1)).fill(FILL));
  const outFd = p.bytes(u32le(FD_SENTINEL), 4);
  const rec = record(p, 'ipc_call_msg', {
    buf: BigInt(buf), len: BigInt(o.len ?? data.length), reply_buf: BigInt(replyBuf), reply_cap: BigInt(replyCap),
    out_handle_fd: BigInt(outFd), handle_fd: o.handleFd ?? -1,
  });
  return { rec, replyBuf, outFd, handleAt: rec + fieldAt('ipc_call_msg', 'handle_fd') };
}

export interface ReplyRecvRec {
  readonly rec: number;
  readonly recvBuf: number;
  readonly outFd: number;
  readonly outToken: number;
  /** Address of reply_port (patch it with copy64 from an earlier outToken). */
  readonly tokenAt: number;
  readonly replyLenAt: number;
  readonly handleAt: number;
}

export interface ReplyRecvOpts {
  readonly token?: bigint;
  readonly data?: string | Uint8Array;
  readonly replyBuf?: number;
  readonly replyLen?: number;
  readonly replyHandleFd?: number;
  readonly recvCap?: number;
  readonly recvBuf?: number;
}

export function replyRecvRec(p: CaseProgram, o: ReplyRecvOpts = {}): ReplyRecvRec {
  const data = bytesOf(o.data ?? '');
  const replyBuf = o.replyBuf ?? (data.length > 0 ? p.bytes(data) : 0);
  const recvCap = o.recvCap ?? IPC_MSG_MAX;
  const recvBuf = o.recvBuf ?? p.bytes(new Uint8Array(Math.max(recvCap, 1)).fill(FILL));
  const outFd = p.bytes(u32le(FD_SENTINEL), 4);
  const outToken = p.bytes(new Uint8Array(8).fill(0xff), 8);
  const rec = record(p, 'ipc_reply_recv_msg', {
    reply_port: o.token ?? 0n, reply_buf: BigInt(replyBuf), reply_len: BigInt(o.replyLen ?? data.length),
    recv_buf: BigInt(recvBuf), recv_cap: BigInt(recvCap), out_handle_fd: BigInt(outFd), out_reply_port: BigInt(outToken),
    reply_handle_fd: o.replyHandleFd ?? -1,
  });
  return {
    rec, recvBuf, outFd, outToken,
    tokenAt: rec + fieldAt('ipc_reply_recv_msg', 'reply_port'),
    replyLenAt: rec + fieldAt('ipc_reply_recv_msg', 'reply_len'),
    handleAt: rec + fieldAt('ipc_reply_recv_msg', 'reply_handle_fd'),
  };
}

/** A spawn_handle vector; returns its address. */
export function spawnSpecs(
  p: CaseProgram, specs: readonly { source_fd: number; target_fd: number; rights: number; flags?: number }[],
): { at: number; sourceAt: (i: number) => number } {
  const size = layout('spawn_handle').size;
  const bytes = new Uint8Array(size * Math.max(specs.length, 1));
  specs.forEach((s, i) => bytes.set(encodeLayout(layout('spawn_handle'), { ...s, flags: s.flags ?? 0 }), i * size));
  const at = p.bytes(bytes, 8);
  return { at, sourceAt: (i) => at + i * size + fieldAt('spawn_handle', 'source_fd') };
}

/** A NULL-terminated pointer vector of strings (argv). */
export function argvOf(p: CaseProgram, args: readonly string[]): number {
  return p.words([...args.map((s) => p.str(s)), 0]);
}

export function u32le(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
}

export function i32le(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  return b;
}

export function u64le(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return b;
}

/** A two-int out record (fd_pair) filled with sentinels. */
export function fdPair(p: CaseProgram): number {
  return p.bytes(new Uint8Array([...u32le(FD_SENTINEL), ...u32le(FD_SENTINEL)]), 8);
}

/** Names a right mask for ids and descriptions: hex, e.g. 0x3f. */
export function hex(v: number | bigint): string {
  return `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}`;
}

/** "READ|WRITE" style text of a mask (only defined bits); "none" for 0. */
export function rightsText(mask: number): string {
  const names = Object.entries(RIGHT_BITS).filter(([, bit]) => (mask & bit) !== 0).map(([n]) => n);
  return names.length === 0 ? 'none' : names.join('|');
}

/** Asserts that register `a` (x0 when a number 0) equals register `b`: x11 = a - b must be 0. */
export function expectSame(p: CaseProgram, description: string, clauses: readonly string[], a: Reg | number, b: Reg | number): void {
  const rn = a instanceof Reg ? a.n : a;
  const rm = b instanceof Reg ? b.n : b;
  p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: rm, imm6: 0, Rn: rn, Rd: 11 });
  p.expectEq(description, clauses, 0, 11);
}
