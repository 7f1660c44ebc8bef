// "Make a valid one" for every argument type: the value an argument gets when it is not the one
// under test. Per-type rules, plus a small table of per-row values where the type alone does not
// give a harmless valid call (mmap needs MAP_PRIVATE|MAP_ANONYMOUS, sysinfo a full record, ...).

import {
  ADDRESS_SPACE, constGroup, constValue, encodeLayout, layout, type ArgSpec, type ArgType, type LayoutValues,
  type LengthArg, type SyscallRow,
} from '../../../spec/index.js';
import type { Operand } from '../../program/builder.js';
import { TRUE_PROGRAM } from './files.js';
import { acceptedMakers } from './handles.js';
import type { Ctx } from './kit.js';

const value = (group: string, name: string): number => constValue(group, name);
const PROT_RW = value('PROT', 'PROT_READ') | value('PROT', 'PROT_WRITE');
const MAP_ANON_PRIVATE = value('MAP_FLAGS', 'MAP_PRIVATE') | value('MAP_FLAGS', 'MAP_ANONYMOUS');
const MMAP_FLOOR = ADDRESS_SPACE.members.find((m) => m.name === 'USER_MMAP_FLOOR')!.value;

/**
 * Per-row values for numeric arguments (lengths, flags, enums, ints) where the type's own default
 * would not make a harmless valid call. Keyed by row, then argument name.
 */
export const ROW_VALUES: Readonly<Record<string, Readonly<Record<string, number | bigint>>>> = {
  mmap: { length: 4096, prot: PROT_RW, flags: MAP_ANON_PRIVATE, fd: -1 },
  munmap: { length: 4096 },
  mprotect: { length: 4096, prot: value('PROT', 'PROT_READ') },
  mmap_file: { length: 64, prot: value('PROT', 'PROT_READ') },
  sysinfo: { capacity: 200 },
  getdents: { count: 256 },
  getcwd: { size: 64 },
  fcntl: { cmd: value('FCNTL_CMDS', 'F_GETFD') },
  futex: { op: value('FUTEX_OPS', 'SWIFTOS_FUTEX_WAKE') },
  dup2: { newfd: 100 },
  spawn_handles: { count: 0 },
  spawn_handles_async: { count: 0 },
  log_read: { cap: 256 },
  log_stats: { cap: 32 },
  timerfd_create: { clockid: value('CLOCK_IDS', 'CLOCK_MONOTONIC') },
  chown: { owner: 1 },
  login: { principal: 1, session: 1, caps: 0x3f },
  open: { mode: 0o644 },
  mkdir: { mode: 0o755 },
  chmod: { mode: 0o644 },
};

/** Default for a length argument: 64 bytes, one record or two pages, inside the bounds. */
export function defaultLength(t: LengthArg): number {
  const base = t.unit === 'bytes' ? 64 : t.unit === 'records' ? 1 : 2;
  return Math.min(Math.max(base, t.min ?? 0), t.max ?? Number.MAX_SAFE_INTEGER);
}

/** The static numeric value of an argument that is a number (or undefined for pointers and handles). */
export function numericDefault(row: SyscallRow, spec: ArgSpec): bigint | undefined {
  const override = ROW_VALUES[row.name]?.[spec.name];
  if (override !== undefined) return BigInt(override);
  const t = spec.type;
  switch (t.kind) {
    case 'length':
      return BigInt(defaultLength(t));
    case 'flags':
      return 0n;
    case 'enum':
      return BigInt(constGroup(t.group).members[0]!.value);
    case 'pid':
      return t.forms['minus-one'] !== undefined ? -1n : 1n;
    case 'signal':
      return t.allowZero ? 0n : BigInt(value('SIGNALS', 'SIGUSR1'));
    case 'int':
      return BigInt(Math.max(0, t.min ?? 0));
    case 'timeout':
      return 0n;
    case 'addr':
      if (t.role === 'mapping') return BigInt(MMAP_FLOOR);
      return t.role === 'hint' || t.role === 'handler' || t.role === 'restorer' || t.role === 'opaque' ? 0n : undefined;
    default:
      return undefined;
  }
}

/** What `numbers` holds: the numeric value of every number argument of the call being built. */
export type Numbers = ReadonlyMap<string, bigint>;

/** Byte size a pointer argument covers, given the numbers of the call. */
export function pointerSize(t: ArgType, numbers: Numbers): number | undefined {
  switch (t.kind) {
    case 'struct':
      return layout(t.layout).size;
    case 'buffer':
      return Number(numbers.get(t.lengthArg) ?? 0n);
    case 'array':
      return Number(numbers.get(t.countArg) ?? 0n) * layout(t.layout).size;
    default:
      return undefined;
  }
}

/** A valid input record for a layout that calls read (pointers in it point at fresh space). */
export function validRecord(ctx: Ctx, layoutName: string): number {
  const l = layout(layoutName);
  const values: Record<string, LayoutValues[string]> = {};
  switch (layoutName) {
    case 'termios':
      values['c_lflag'] = value('TERMIOS_LFLAGS', 'ICANON') | value('TERMIOS_LFLAGS', 'ECHO') | value('TERMIOS_LFLAGS', 'ISIG');
      break;
    case 'ipc_send_msg':
      Object.assign(values, { buf: BigInt(ctx.space(8)), len: 8n, handle_fd: -1, requested_rights: 0 });
      break;
    case 'ipc_recv_msg':
      Object.assign(values, { buf: BigInt(ctx.space(64)), cap: 64n, out_handle_fd: BigInt(ctx.space(4, 4)), out_badge: 0n });
      break;
    case 'ipc_call_msg':
      Object.assign(values, {
        buf: BigInt(ctx.space(8)), len: 8n, reply_buf: BigInt(ctx.space(64)), reply_cap: 64n,
        out_handle_fd: BigInt(ctx.space(4, 4)), handle_fd: -1,
      });
      break;
    case 'ipc_reply_recv_msg':
      Object.assign(values, {
        reply_port: 0n, reply_buf: 0n, reply_len: 0n, recv_buf: BigInt(ctx.space(64)), recv_cap: 64n,
        out_handle_fd: BigInt(ctx.space(4, 4)), out_reply_port: BigInt(ctx.space(8, 8)), reply_handle_fd: -1,
      });
      break;
    default:
      break;
  }
  return ctx.bytes(encodeLayout(l, values), Math.max(8, l.align));
}

/** A valid array of `count` records (pollfd entries name no handle: FD.POLL.NEGFD). */
function validArray(ctx: Ctx, layoutName: string, count: number): number {
  if (count === 0) return 0;
  const l = layout(layoutName);
  const one = layoutName === 'pollfd' ? encodeLayout(l, { fd: -1 }) : new Uint8Array(l.size);
  const all = new Uint8Array(one.length * count);
  for (let i = 0; i < count; i++) all.set(one, i * one.length);
  return ctx.bytes(all, Math.max(8, l.align));
}

/** The path a row gets by default: a program for the exec family, else the root directory. */
export function defaultPath(ctx: Ctx, row: SyscallRow): string {
  return row.args.some((a) => a.type.kind === 'string-vector') ? ctx.file(TRUE_PROGRAM) : '/';
}

/** A valid value for argument `i` of `row` (emits whatever setup it needs). */
export function validValue(ctx: Ctx, row: SyscallRow, i: number, numbers: Numbers): Operand {
  const spec = row.args[i]!;
  const t = spec.type;
  const n = numbers.get(spec.name);
  if (n !== undefined) return n;
  switch (t.kind) {
    case 'fd': {
      const m = acceptedMakers(t)[0];
      if (m === undefined) throw new Error(`${row.name}.${spec.name}: no creatable handle is accepted`);
      return m.make(ctx);
    }
    case 'struct':
      return t.dir === 'out' ? ctx.space(layout(t.layout).size, 8) : validRecord(ctx, t.layout);
    case 'buffer': {
      const len = pointerSize(t, numbers)!;
      return len === 0 && t.nullWhenEmpty === true ? 0 : ctx.space(Math.max(len, 1));
    }
    case 'array':
      return validArray(ctx, t.layout, Number(numbers.get(t.countArg) ?? 0n));
    case 'string':
      if (t.role === 'path') return ctx.str(defaultPath(ctx, row));
      return ctx.str(t.role === 'name' ? 'errors-svc' : 'x');
    case 'string-vector':
      return t.nullable ? 0 : ctx.words([ctx.str('errors'), 0]);
    case 'addr':
      if (t.role === 'code') return ctx.threadExitStub();
      if (t.role === 'stack-top') return ctx.stackTop();
      if (t.role === 'futex-word') return ctx.word(0);
      return 0;
    default:
      throw new Error(`${row.name}.${spec.name}: no valid value for ${t.kind}`);
  }
}

/** The numbers of a call: defaults, then `overrides` (by argument name). */
export function callNumbers(row: SyscallRow, overrides: ReadonlyMap<string, bigint> = new Map()): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const a of row.args) {
    const v = overrides.get(a.name) ?? numericDefault(row, a);
    if (v !== undefined) out.set(a.name, v);
  }
  return out;
}
