// "Make a valid one" for handles: one maker per kind of handle EL0 can create, with the rights
// the spec gives a new handle of that kind (FD.RIGHTS.DEFAULT, FD.PIPE.RIGHTS, IPC.ENDPOINT.RIGHTS,
// IPC.SOCKETPAIR.RIGHTS, PIDFD.RIGHTS, NET.SOCKET.CREATE), and attenuation through an endpoint (IPC.XFER.ATTENUATE)
// for handles that lack one right.

import {
  constValue, DEFAULT_HANDLE_RIGHTS, layout, rightsMask, type FdArg, type HandleKind, type RightName,
} from '../../../spec/index.js';
import { encodeLayout } from '../../../spec/index.js';
import { Reg } from '../../program/builder.js';
import { BASE_DIR, DIR_ENTRY, READABLE_FILE } from './files.js';
import type { Ctx } from './kit.js';
import { MAPPABLE, VIRTIO } from '../device/kit.js';

export interface HandleMaker {
  /** Stable name, used in case ids. */
  readonly name: string;
  readonly kind: HandleKind;
  readonly end?: 'send' | 'recv';
  /** Rights mask the new handle holds. */
  readonly rights: number;
  make(ctx: Ctx): Reg;
}

const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
const O_WRONLY = constValue('OPEN_ACCESS', 'O_WRONLY');
const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
const O_CREAT = constValue('OPEN_FLAGS', 'O_CREAT');
const CLOCK_MONOTONIC = constValue('CLOCK_IDS', 'CLOCK_MONOTONIC');
const AF_INET = constValue('ADDRESS_FAMILIES', 'AF_INET');
const SOCK_DGRAM = constValue('SOCKET_TYPES', 'SOCK_DGRAM');

/** Rights of a new handle of `kind` (DEFAULT_HANDLE_RIGHTS) without the `drop`ped ones. */
function defaults(kind: HandleKind, drop: readonly RightName[] = []): number {
  const entry = DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === kind);
  if (entry === undefined) throw new Error(`no default rights for ${kind}`);
  return rightsMask(entry.rights.filter((r) => !drop.includes(r)));
}

/** One of the two ints a pair-making call writes (fd_pair layout: index 0 or 1). */
function pair(ctx: Ctx, row: string, index: 0 | 1, ...extra: number[]): Reg {
  const fds = ctx.space(layout('fd_pair').size, 8);
  ctx.sys(row, fds, ...extra);
  return ctx.loadInt(fds + 4 * index);
}

/** The machine of a case that needs a device handle: a mappable grant and a metadata-only one (DEV.MMAP.GRANT, DEV.RIGHTS). */
const ERROR_DEVICES = [MAPPABLE, { ...VIRTIO, name: 'virtio-input.1', mmioBase: 0x0a00_3c00 }] as const;

/** A tmpfs file every maker that needs one opens (created on first use). */
export const TMP_FILE = '/tmp/errors-file';

export const HANDLE_MAKERS: readonly HandleMaker[] = [
  {
    name: 'file', kind: 'file', rights: defaults('file', ['WRITE']),
    make: (ctx) => ctx.call('open', ctx.str(ctx.file(READABLE_FILE)), O_RDONLY, 0),
  },
  {
    name: 'directory', kind: 'directory', rights: defaults('directory'),
    make: (ctx) => {
      ctx.file(DIR_ENTRY);
      return ctx.call('open', ctx.str(BASE_DIR), O_RDONLY, 0);
    },
  },
  { name: 'pipe-read', kind: 'pipe', rights: defaults('pipe', ['WRITE']), make: (ctx) => pair(ctx, 'pipe', 0) },
  { name: 'pipe-write', kind: 'pipe', rights: defaults('pipe', ['READ']), make: (ctx) => pair(ctx, 'pipe', 1) },
  { name: 'socketpair', kind: 'pipe', rights: defaults('pipe'), make: (ctx) => pair(ctx, 'socketpair', 0, 0) },
  { name: 'eventfd', kind: 'eventfd', rights: defaults('eventfd'), make: (ctx) => ctx.call('eventfd', 0, 0) },
  { name: 'timerfd', kind: 'timerfd', rights: defaults('timerfd'), make: (ctx) => ctx.call('timerfd_create', CLOCK_MONOTONIC, 0) },
  {
    name: 'endpoint-send', kind: 'endpoint', end: 'send', rights: defaults('endpoint', ['READ']),
    make: (ctx) => pair(ctx, 'endpoint_create', 0),
  },
  {
    name: 'endpoint-recv', kind: 'endpoint', end: 'recv', rights: defaults('endpoint', ['WRITE']),
    make: (ctx) => pair(ctx, 'endpoint_create', 1),
  },
  { name: 'pidfd', kind: 'pidfd', rights: defaults('pidfd'), make: (ctx) => ctx.call('pidfd_open', 1, 0) },
  {
    name: 'pty-master', kind: 'pty-master', rights: defaults('pty-master'),
    make: (ctx) => {
      const m = ctx.space(4, 4);
      ctx.sys('openpty', m, ctx.space(4, 4));
      return ctx.loadInt(m);
    },
  },
  {
    name: 'pty-slave', kind: 'pty-slave', rights: defaults('pty-slave'),
    make: (ctx) => {
      const s = ctx.space(4, 4);
      ctx.sys('openpty', ctx.space(4, 4), s);
      return ctx.loadInt(s);
    },
  },
  { name: 'tty', kind: 'tty', rights: defaults('tty'), make: (ctx) => ctx.call('dup', 0) },
  {
    name: 'device', kind: 'device', rights: rightsMask(['GETATTR', 'TRANSFER']),
    make: (ctx) => ctx.setBoot({ devices: ERROR_DEVICES }).call('device_claim', ctx.str(ERROR_DEVICES[1]!.name), 0),
  },
  {
    name: 'device-map', kind: 'device', rights: defaults('device'),
    make: (ctx) => ctx.setBoot({ devices: ERROR_DEVICES }).call('device_claim', ctx.str(ERROR_DEVICES[0]!.name), 0),
  },
  {
    name: 'file-rw', kind: 'file', rights: defaults('file'),
    make: (ctx) => ctx.call('open', ctx.str(TMP_FILE), O_RDWR | O_CREAT, 0o644),
  },
  {
    name: 'file-wo', kind: 'file', rights: defaults('file', ['READ']),
    make: (ctx) => ctx.call('open', ctx.str(TMP_FILE), O_WRONLY | O_CREAT, 0o644),
  },
  { name: 'socket', kind: 'socket', rights: defaults('socket'), make: (ctx) => ctx.call('socket', AF_INET, SOCK_DGRAM, 0) },
];

export function maker(name: string): HandleMaker {
  const m = HANDLE_MAKERS.find((h) => h.name === name);
  if (m === undefined) throw new Error(`no handle maker ${name}`);
  return m;
}

function kindAccepted(t: FdArg, m: HandleMaker): boolean {
  if (t.handleKinds !== 'any' && !t.handleKinds.includes(m.kind)) return false;
  return t.endpointEnd === undefined || m.end === t.endpointEnd;
}

function rightsHeld(t: FdArg, rights: number): boolean {
  const need = t.rights.map((r) => rightsMask([r]));
  if (need.length === 0) return true;
  return t.anyRight === true ? need.some((b) => (rights & b) !== 0) : need.every((b) => (rights & b) !== 0);
}

/** Makers whose handles the argument accepts with every right it needs (in table order). */
export function acceptedMakers(t: FdArg): HandleMaker[] {
  return HANDLE_MAKERS.filter((m) => kindAccepted(t, m) && rightsHeld(t, m.rights));
}

/** One maker per (kind, end) the argument rejects (FD.KIND.WRONG). */
export function wrongKindMakers(t: FdArg): HandleMaker[] {
  if (t.handleKinds === 'any' && t.endpointEnd === undefined) return [];
  const seen = new Set<string>();
  return HANDLE_MAKERS.filter((m) => {
    if (kindAccepted(t, m)) return false;
    const key = `${m.kind}/${m.end ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One accepted maker per kind (the first in table order), for missing-right variants. */
export function acceptedPerKind(t: FdArg): HandleMaker[] {
  const seen = new Set<string>();
  return acceptedMakers(t).filter((m) => {
    const key = `${m.kind}/${m.end ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const SEND_MSG = layout('ipc_send_msg');
const RECV_MSG = layout('ipc_recv_msg');

/**
 * Moves `handle` through a fresh carrier endpoint with requested_rights = `rights` and returns
 * the received handle, which holds the original rights ∩ `rights` (IPC.XFER.ATTENUATE,
 * IPC.RECV.HANDLE). The carrier ends are closed again.
 */
export function attenuate(ctx: Ctx, handle: Reg, rights: number): Reg {
  const ends = ctx.space(8, 8);
  ctx.sys('endpoint_create', ends);
  const send = new Reg(17);
  const recv = new Reg(18);
  ctx.p.loadInt(send, ends);
  ctx.p.loadInt(recv, ends + 4);
  const msg = ctx.bytes(encodeLayout(SEND_MSG, { buf: 0n, len: 0n, handle_fd: -1, requested_rights: rights }), 8);
  ctx.storeW(msg + field(SEND_MSG.name, 'handle_fd'), handle);
  ctx.sys('ipc_send', send, msg);
  const out = ctx.space(4, 4);
  const rmsg = ctx.bytes(encodeLayout(RECV_MSG, { buf: 0n, cap: 0n, out_handle_fd: BigInt(out), out_badge: 0n }), 8);
  ctx.sys('ipc_recv', recv, rmsg);
  ctx.sys('close', send).sys('close', recv);
  return ctx.loadInt(out);
}

/** Offset of a field of a layout. */
export function field(layoutName: string, name: string): number {
  const f = layout(layoutName).fields.find((x) => x.name === name);
  if (f === undefined) throw new Error(`${layoutName} has no field ${name}`);
  return f.offset;
}
