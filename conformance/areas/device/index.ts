// Device grants (DEV.*): discovery over the machine's registry, claims and their release, the
// metadata record, rights and transfers, and the MMIO-window mapping of mappable grants. The
// machine comes from the case's boot options (`devices`); the expected records come from the
// registry model in kit.ts.

import { constValue, encodeLayout, layout } from '../../../spec/index.js';
import type { CaseDef, DeviceBoot, Generator } from '../../model.js';
import { derivedCase, type DerivedCaseSpec } from '../../program/derived-case.js';
import { Reg, type CaseProgram } from '../../program/builder.js';
import {
  ALL_INHERIT, failsWith, FLAG_AUTHORITY, fork, infoBuffer, infoRecord, load32, MAPPABLE, modelOf, NAME_MAX, offsetOf,
  PAGE, pageOf, pairOf, poke32, PSEUDO, PSEUDO_MODEL, reap, store32, VIRTIO, type DeviceModel,
} from './kit.js';

const AREA = 'device';
const NOCONSOLE = { principal: 2, session: 2, caps: constValue('CAPABILITIES', 'capFsRead') | constValue('CAPABILITIES', 'capNet') };
const MAGIC = constValue('VIRTIO_MMIO', 'VIRTIO_MMIO_MAGIC');
const VERSION = constValue('VIRTIO_MMIO', 'VIRTIO_MMIO_VERSION');
const VENDOR = constValue('VIRTIO_MMIO', 'VIRTIO_MMIO_VENDOR');
const ID_INPUT = constValue('VIRTIO_MMIO', 'VIRTIO_ID_INPUT');
const OFF_MAGIC = constValue('VIRTIO_MMIO', 'VIRTIO_MMIO_OFF_MAGIC');
const OFF_VERSION = constValue('VIRTIO_MMIO', 'VIRTIO_MMIO_OFF_VERSION');
const OFF_DEVICE = constValue('VIRTIO_MMIO', 'VIRTIO_MMIO_OFF_DEVICE_ID');
const OFF_VENDOR = constValue('VIRTIO_MMIO', 'VIRTIO_MMIO_OFF_VENDOR_ID');
const PROT_R = constValue('PROT', 'PROT_READ');
const PROT_X = constValue('PROT', 'PROT_EXEC');
const ANON = constValue('MAP_FLAGS', 'MAP_ANONYMOUS') | constValue('MAP_FLAGS', 'MAP_PRIVATE');
const FLOOR = constValue('ADDRESS_SPACE', 'USER_MMAP_FLOOR');
const TOP = constValue('ADDRESS_SPACE', 'USER_MMAP_TOP');
const TRANSFER = constValue('RIGHTS', 'SWIFTOS_RIGHT_TRANSFER');
const SEND_MSG = layout('ipc_send_msg');
const RECV_MSG = layout('ipc_recv_msg');
const field = (l: typeof SEND_MSG, name: string): number => l.fields.find((f) => f.name === name)!.offset;

function dev(spec: DerivedCaseSpec): CaseDef {
  return derivedCase(AREA, spec);
}

/** device_claim(name, info) into `fd`, asserting success and the record it wrote. */
function claim(p: CaseProgram, fd: Reg, d: DeviceModel, generation: number, clauses: readonly string[]): void {
  const info = infoBuffer(p);
  p.sys('device_claim', p.str(d.name), info).save(fd);
  p.expectOk(`device_claim("${d.name}") returns a handle`, ['DEV.CLAIM', ...clauses], fd);
  p.expectMem(`the claim fills ${d.name}'s device_info: generation ${generation}, claimed 1`, ['DEV.CLAIM', 'DEV.GENERATION', ...clauses], info, infoRecord(d, generation, true));
}

/** device_discover(ordinal) succeeds with `d`'s record. */
function discovers(p: CaseProgram, ordinal: number, d: DeviceModel, generation: number, claimed: boolean, clauses: readonly string[]): void {
  const info = infoBuffer(p);
  p.sys('device_discover', ordinal, info);
  p.expectEq(`device_discover(${ordinal}) returns 0`, ['DEV.DISCOVER', ...clauses], 0);
  p.expectMem(`ordinal ${ordinal} is ${d.name}, generation ${generation}, claimed ${claimed ? 1 : 0}`, ['DEV.DISCOVER', 'DEV.GENERATION', ...clauses], info, infoRecord(d, generation, claimed));
}

/** device_info(fd) succeeds with `d`'s record. */
function infoOf(p: CaseProgram, fd: Reg, d: DeviceModel, generation: number, clauses: readonly string[]): void {
  const info = infoBuffer(p);
  p.sys('device_info', fd, info);
  p.expectEq('device_info returns 0', ['DEV.INFO', ...clauses], 0);
  p.expectMem(`device_info fills ${d.name}'s 64-byte record`, ['DEV.INFO', ...clauses], info, infoRecord(d, generation, true));
}

// ---- discovery -------------------------------------------------------------------------------

interface Registry {
  readonly id: string;
  readonly text: string;
  readonly devices?: readonly DeviceBoot[];
  /** The discoverable devices in ordinal order (the model of DEV.REGISTRY). */
  readonly listed: readonly DeviceModel[];
  readonly clauses: readonly string[];
}

const REGISTRIES: readonly Registry[] = [
  { id: 'default', text: 'a machine without devices', listed: [PSEUDO_MODEL], clauses: ['DEV.CLAIM.FALLBACK', 'DEV.RIGHTS', 'DEV.AUTHORITY'] },
  { id: 'virtio', text: 'a machine with a virtio input device', devices: [VIRTIO], listed: [modelOf(VIRTIO)], clauses: ['DEV.CLAIM.METADATA', 'DEV.AUTHORITY'] },
  { id: 'mappable', text: 'a machine with a mappable virtio input device', devices: [MAPPABLE], listed: [modelOf(MAPPABLE)], clauses: ['DEV.MMAP.GRANT'] },
  {
    id: 'order', text: 'a machine with three devices, the first not discoverable',
    devices: [{ ...VIRTIO, name: 'hidden.0', discoverable: false }, { ...VIRTIO, name: 'virtio-input.1', mmioBase: 0x0a00_3c00 }, { ...MAPPABLE, name: 'virtio-input.2', mmioBase: 0x0a00_3a00 }],
    listed: [modelOf({ ...VIRTIO, name: 'virtio-input.1', mmioBase: 0x0a00_3c00 }), modelOf({ ...MAPPABLE, name: 'virtio-input.2', mmioBase: 0x0a00_3a00 })],
    clauses: ['DEV.CLAIM.METADATA'],
  },
];

function discoverCase(r: Registry): CaseDef {
  return dev({
    id: `discover/${r.id}`,
    description: `${r.text}: device_discover lists ${r.listed.map((d) => d.name).join(', ')} by ordinal, then ENOENT`,
    boot: r.devices ? { devices: r.devices } : {},
    build: ({ p }) => {
      r.listed.forEach((d, i) => discovers(p, i, d, 0, false, ['DEV.REGISTRY', ...r.clauses]));
      for (const past of [r.listed.length, r.listed.length + 1, 0x7fff_ffff]) {
        p.sys('device_discover', past, infoBuffer(p));
        failsWith(p, `device_discover(${past}), past the last ordinal,`, ['DEV.DISCOVER.END', 'DEV.REGISTRY'], 'ENOENT');
      }
    },
  });
}

function hiddenClaimCase(): CaseDef {
  const hidden = { ...VIRTIO, name: 'hidden.0', discoverable: false };
  return dev({
    id: 'discover/hidden-claim',
    description: 'a device left out of discovery is still claimable by name, with its own record',
    boot: { devices: [hidden] },
    build: ({ p }) => {
      p.sys('device_discover', 0, infoBuffer(p));
      failsWith(p, 'device_discover(0) on a machine whose only device is not discoverable', ['DEV.DISCOVER.END', 'DEV.REGISTRY'], 'ENOENT');
      claim(p, p.variable(), modelOf(hidden), 1, ['DEV.REGISTRY', 'DEV.CLAIM.METADATA']);
    },
  });
}

// ---- claims ----------------------------------------------------------------------------------

interface ClaimTarget {
  readonly id: string;
  readonly devices?: readonly DeviceBoot[];
  readonly model: DeviceModel;
  readonly clauses: readonly string[];
}

const TARGETS: readonly ClaimTarget[] = [
  { id: 'fallback', model: PSEUDO_MODEL, clauses: ['DEV.CLAIM.FALLBACK', 'DEV.RIGHTS'] },
  { id: 'virtio', devices: [VIRTIO], model: modelOf(VIRTIO), clauses: ['DEV.CLAIM.METADATA', 'DEV.RIGHTS'] },
  { id: 'mappable', devices: [MAPPABLE], model: modelOf(MAPPABLE), clauses: ['DEV.MMAP.GRANT'] },
];

function bootOf(t: ClaimTarget): { devices?: readonly DeviceBoot[] } {
  return t.devices ? { devices: t.devices } : {};
}

function claimCase(t: ClaimTarget): CaseDef {
  return dev({
    id: `claim/${t.id}`,
    description: `device_claim("${t.model.name}") returns a handle and its record; device_info and discovery agree; authority flags`,
    boot: bootOf(t),
    build: ({ p }) => {
      const fd = p.variable();
      const flags = p.variable();
      const info = infoBuffer(p);
      p.sys('device_claim', p.str(t.model.name), info).save(fd);
      p.expectOk(`device_claim("${t.model.name}") returns a handle`, ['DEV.CLAIM', ...t.clauses], fd);
      p.expectMem('the record says generation 1, claimed 1', ['DEV.CLAIM', 'DEV.GENERATION', ...t.clauses], info, infoRecord(t.model, 1, true));
      p.loadInt(flags, info + 28);
      p.a.movImm(9, FLAG_AUTHORITY & ~(t.model.flags)).inst('AND_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: flags.n, Rd: flags.n });
      p.expectEq('no hardware-authority flag beyond what the registry grants', ['DEV.AUTHORITY', ...t.clauses], 0, flags);
      infoOf(p, fd, t.model, 1, t.clauses);
      discovers(p, 0, t.model, 1, true, ['DEV.REGISTRY']);
    },
  });
}

function claimNullInfoCase(): CaseDef {
  return dev({
    id: 'claim/null-info',
    description: 'device_claim with a NULL info pointer claims without reporting',
    build: ({ p }) => {
      const fd = p.variable();
      p.sys('device_claim', p.str(PSEUDO), 0).save(fd);
      p.expectOk('device_claim(name, NULL) returns a handle', ['DEV.CLAIM', 'DEV.CLAIM.FALLBACK'], fd);
      infoOf(p, fd, PSEUDO_MODEL, 1, ['DEV.CLAIM']);
    },
  });
}

function busyCase(t: ClaimTarget): CaseDef {
  return dev({
    id: `claim/busy/${t.id}`,
    description: `a second claim of ${t.model.name} while a handle owns it fails EBUSY, also from a fork child; the failed claims change nothing`,
    boot: bootOf(t),
    build: ({ p }) => {
      const fd = p.variable();
      claim(p, fd, t.model, 1, t.clauses);
      const info = infoBuffer(p);
      p.sys('device_claim', p.str(t.model.name), info);
      failsWith(p, 'a second device_claim', ['DEV.CLAIM.BUSY'], 'EBUSY');
      p.expectMem('the failed claim leaves the info buffer alone', ['DEV.CLAIM.BUSY'], info, new Uint8Array(64).fill(0xee));
      fork(p, () => {
        p.sys('device_claim', p.str(t.model.name), 0);
        p.a.movImm(9, 16).inst('ADD_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: 0, Rd: 0 });
        p.exit(0);
      });
      reap(p, 0, 0, 'a fork child\'s claim fails EBUSY: -16 + 16 = 0', ['DEV.CLAIM.BUSY']);
      discovers(p, 0, t.model, 1, true, ['DEV.CLAIM.BUSY']);
    },
  });
}

function unknownCase(): CaseDef {
  const names = ['nope.0', 'pseudo-input', 'pseudo-input.00', 'PSEUDO-INPUT.0', ' pseudo-input.0', 'x'.repeat(NAME_MAX)];
  return dev({
    id: 'claim/unknown',
    description: 'claiming names the registry does not hold fails ENOENT (exact, case-sensitive match)',
    build: ({ p }) => {
      for (const n of names) {
        p.sys('device_claim', p.str(n), 0);
        failsWith(p, `device_claim("${n.length > 20 ? `${n.slice(0, 4)}... (${n.length} bytes)` : n}")`, ['DEV.CLAIM.UNKNOWN'], 'ENOENT');
      }
      discovers(p, 0, PSEUDO_MODEL, 0, false, ['DEV.CLAIM.UNKNOWN']);
    },
  });
}

function fallbackGoneCase(): CaseDef {
  return dev({
    id: 'claim/fallback-gone',
    description: 'with a virtio input device the pseudo-input.0 fallback does not exist: ENOENT',
    boot: { devices: [VIRTIO] },
    build: ({ p }) => {
      p.sys('device_claim', p.str(PSEUDO), 0);
      failsWith(p, 'device_claim("pseudo-input.0") on a machine with a virtio input device', ['DEV.CLAIM.UNKNOWN', 'DEV.CLAIM.FALLBACK', 'DEV.REGISTRY'], 'ENOENT');
      claim(p, p.variable(), modelOf(VIRTIO), 1, ['DEV.CLAIM.METADATA']);
    },
  });
}

function emfileCase(): CaseDef {
  return dev({
    id: 'claim/emfile',
    description: 'with the handle table full device_claim fails EMFILE and leaves the device unclaimed',
    build: ({ p }) => {
      const last = p.variable();
      const loop = p.a.label();
      const full = p.a.label();
      p.a.bind(loop);
      p.sys('dup', 0);
      p.a.tbnz(0, 63, full);
      p.save(last);
      p.a.b(loop);
      p.a.bind(full);
      p.expectErrno('dup fills the table up to EMFILE', ['FD.TABLE.FULL'], 'EMFILE');
      p.sys('device_claim', p.str(PSEUDO), infoBuffer(p));
      failsWith(p, 'device_claim with no free handle number', ['FD.TABLE.FULL'], 'EMFILE');
      discovers(p, 0, PSEUDO_MODEL, 0, false, ['FD.TABLE.FULL', 'DEV.GENERATION']);
      p.sys('close', last);
      const fd = p.variable();
      claim(p, fd, PSEUDO_MODEL, 1, ['FD.TABLE.FULL']);
      p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: last.n, imm6: 0, Rn: fd.n, Rd: fd.n });
      p.expectEq('the claim takes the freed number', ['FD.ALLOC.LOWEST'], 0, fd);
    },
  });
}

function capCase(): CaseDef {
  return dev({
    id: 'cap/no-console',
    description: 'without capConsole device_discover and device_claim fail EACCES; the device stays unclaimed',
    boot: { identity: NOCONSOLE },
    build: ({ p }) => {
      const info = infoBuffer(p);
      p.sys('device_discover', 0, info);
      failsWith(p, 'device_discover without capConsole', ['DEV.CAP'], 'EACCES');
      p.sys('device_claim', p.str(PSEUDO), info);
      failsWith(p, 'device_claim without capConsole', ['DEV.CAP'], 'EACCES');
      p.expectMem('nothing was reported', ['DEV.CAP'], info, new Uint8Array(64).fill(0xee));
      p.sys('device_claim', 0, 0);
      failsWith(p, 'device_claim(NULL) without capConsole: the gate comes first', ['DEV.CAP', 'ABI.CHECK.ORDER'], 'EACCES');
    },
  });
}

// ---- release ---------------------------------------------------------------------------------

function releaseCase(t: ClaimTarget): CaseDef {
  return dev({
    id: `close/release/${t.id}`,
    description: `closing the last handle releases ${t.model.name}: discovery shows it free and a new claim bumps the generation`,
    boot: bootOf(t),
    build: ({ p }) => {
      const fd = p.variable();
      claim(p, fd, t.model, 1, t.clauses);
      p.sys('close', fd).expectEq('close of the device handle', ['DEV.CLOSE.RELEASE'], 0);
      discovers(p, 0, t.model, 1, false, ['DEV.CLOSE.RELEASE']);
      claim(p, fd, t.model, 2, ['DEV.CLOSE.RELEASE']);
      p.sys('close', fd);
      claim(p, fd, t.model, 3, ['DEV.CLOSE.RELEASE']);
    },
  });
}

function releaseForkCase(): CaseDef {
  return dev({
    id: 'close/release/fork',
    description: 'a fork child inherits the grant: the claim lasts until the child closes its handle too (by exiting)',
    build: ({ p }) => {
      const fd = p.variable();
      const rd = p.variable();
      const wr = p.variable();
      const child = p.variable();
      const pipe = p.space(8, 8);
      const byte = p.space(8);
      p.sys('pipe', pipe);
      pairOf(p, pipe, rd, wr);
      claim(p, fd, PSEUDO_MODEL, 1, []);
      fork(p, () => {
        p.sys('close', wr);
        p.sys('read', rd, byte, 1);
        p.exit(0);
      });
      p.save(child);
      p.sys('close', fd).expectEq('the parent closes its handle', ['DEV.CLOSE.RELEASE'], 0);
      p.sys('device_claim', p.str(PSEUDO), 0);
      failsWith(p, 'claiming while the child still holds the inherited handle', ['DEV.CLOSE.RELEASE', 'DEV.CLAIM.BUSY', 'FD.INHERIT.FORK'], 'EBUSY');
      p.sys('write', wr, byte, 1);
      reap(p, child, 0, 'the child ends', ['DEV.CLOSE.RELEASE']);
      discovers(p, 0, PSEUDO_MODEL, 1, false, ['DEV.CLOSE.RELEASE']);
      claim(p, fd, PSEUDO_MODEL, 2, ['DEV.CLOSE.RELEASE']);
    },
  });
}

function releaseExitCase(): CaseDef {
  return dev({
    id: 'close/release/exit',
    description: 'a process that exits holding a grant releases it',
    build: ({ p }) => {
      fork(p, () => {
        p.sys('device_claim', p.str(PSEUDO), 0);
        p.exit(0);
      });
      reap(p, 0, 0, 'the child claims and exits', ['DEV.CLOSE.RELEASE']);
      discovers(p, 0, PSEUDO_MODEL, 1, false, ['DEV.CLOSE.RELEASE']);
      claim(p, p.variable(), PSEUDO_MODEL, 2, ['DEV.CLOSE.RELEASE']);
    },
  });
}

// ---- transfers and rights ----------------------------------------------------------------------

/** An endpoint pair in (send, recv), a send record carrying `handle` with `rights`, and a receive record; returns the receive record and where the received fd lands. */
function moveThrough(p: CaseProgram, send: Reg, recv: Reg, handle: Reg, rights: number): { sent: number; received: number } {
  const ends = p.space(8, 8);
  p.sys('endpoint_create', ends);
  pairOf(p, ends, send, recv);
  const msg = p.bytes(encodeLayout(SEND_MSG, { buf: 0n, len: 0n, handle_fd: -1, requested_rights: rights }), 8);
  poke32(p, handle, msg + field(SEND_MSG, 'handle_fd'));
  const out = p.bytes(Uint8Array.of(0x5a, 0x5a, 0x5a, 0x5a), 4);
  const rmsg = p.bytes(encodeLayout(RECV_MSG, { buf: 0n, cap: 0n, out_handle_fd: BigInt(out), out_badge: 0n }), 8);
  p.sys('ipc_send', send, msg);
  return { sent: rmsg, received: out };
}

function moveCase(t: ClaimTarget): CaseDef {
  return dev({
    id: `xfer/move/${t.id}`,
    description: `ipc_send moves a ${t.model.name} handle: the sender's fd fails EBADF, the receiver's names the same claim`,
    boot: bootOf(t),
    build: ({ p }) => {
      const fd = p.variable();
      const send = p.variable();
      const recv = p.variable();
      const got = p.variable();
      claim(p, fd, t.model, 1, t.clauses);
      const m = moveThrough(p, send, recv, fd, ALL_INHERIT);
      p.expectEq('ipc_send with the device handle returns 0', ['DEV.XFER.MOVE', 'IPC.XFER.MOVE', 'DEV.RIGHTS'], 0);
      p.sys('device_info', fd, infoBuffer(p));
      failsWith(p, 'device_info on the sender\'s moved fd', ['DEV.XFER.MOVE', 'FD.BADF'], 'EBADF');
      p.sys('device_claim', p.str(t.model.name), 0);
      failsWith(p, 'a claim while the grant is in flight', ['DEV.XFER.MOVE', 'DEV.CLAIM.BUSY'], 'EBUSY');
      p.sys('ipc_recv', recv, m.sent).expectEq('ipc_recv takes the message', ['IPC.RECV.HANDLE'], 0);
      p.loadInt(got, m.received);
      infoOf(p, got, t.model, 1, ['DEV.XFER.MOVE']);
      p.sys('close', got);
      discovers(p, 0, t.model, 1, false, ['DEV.CLOSE.RELEASE', 'DEV.XFER.MOVE']);
    },
  });
}

function attenuateCase(): CaseDef {
  return dev({
    id: 'xfer/attenuate',
    description: 'a grant moved with requested_rights TRANSFER only loses GETATTR: device_info on it fails EACCES',
    build: ({ p }) => {
      const fd = p.variable();
      const send = p.variable();
      const recv = p.variable();
      const got = p.variable();
      claim(p, fd, PSEUDO_MODEL, 1, []);
      const m = moveThrough(p, send, recv, fd, TRANSFER);
      p.expectEq('ipc_send returns 0', ['IPC.XFER.ATTENUATE'], 0);
      p.sys('ipc_recv', recv, m.sent);
      p.loadInt(got, m.received);
      p.sys('device_info', got, infoBuffer(p));
      failsWith(p, 'device_info without GETATTR', ['DEV.RIGHTS', 'FD.RIGHTS.MISSING', 'IPC.XFER.ATTENUATE'], 'EACCES');
      p.sys('device_claim', p.str(PSEUDO), 0);
      failsWith(p, 'the attenuated handle still owns the claim', ['DEV.CLAIM.BUSY'], 'EBUSY');
    },
  });
}

function metadataRightsCase(t: ClaimTarget): CaseDef {
  return dev({
    id: `rights/metadata/${t.id}`,
    description: `a metadata-only ${t.model.name} grant holds GETATTR and TRANSFER only: dup and device_mmap fail EACCES`,
    boot: bootOf(t),
    build: ({ p }) => {
      const fd = p.variable();
      claim(p, fd, t.model, 1, ['DEV.RIGHTS', ...t.clauses]);
      p.sys('dup', fd);
      failsWith(p, 'dup of a device handle (no DUPLICATE)', ['DEV.RIGHTS', 'FD.RIGHTS.MISSING'], 'EACCES');
      p.sys('device_mmap', fd, PAGE);
      failsWith(p, 'device_mmap of a metadata-only grant (no MAP)', ['DEV.MMAP.NOGRANT', 'DEV.MMAP', 'DEV.RIGHTS', 'FD.RIGHTS.MISSING'], 'EACCES');
      infoOf(p, fd, t.model, 1, ['DEV.RIGHTS']);
    },
  });
}

// ---- device_mmap -------------------------------------------------------------------------------

function mmapWindowCase(d: DeviceBoot, id: string): CaseDef {
  const model = modelOf(d);
  const off = d.mmioBase % PAGE;
  return dev({
    id: `mmap/window/${id}`,
    description: `device_mmap of ${d.name} (window 0x${d.mmioBase.toString(16)}+0x${d.mmioLen.toString(16)}) returns mmio_base's address; the identification registers read back; two mappings share the window`,
    boot: { devices: [d] },
    build: ({ p }) => {
      const fd = p.variable();
      const a = p.variable();
      const b = p.variable();
      const v = p.variable();
      claim(p, fd, model, 1, ['DEV.MMAP.GRANT']);
      p.sys('device_mmap', fd, d.mmioLen).save(a);
      p.expectOk('device_mmap(fd, mmio_len) returns an address', ['DEV.MMAP', 'DEV.MMAP.WINDOW'], a);
      offsetOf(p, v, a);
      p.expectEq(`the address keeps mmio_base's page offset 0x${off.toString(16)}`, ['DEV.MMAP.WINDOW'], off, v);
      const regs: readonly [number, number, string][] = [
        [OFF_MAGIC, MAGIC, 'MagicValue'], [OFF_VERSION, VERSION, 'Version'], [OFF_DEVICE, ID_INPUT, 'DeviceID (input)'], [OFF_VENDOR, VENDOR, 'VendorID'],
      ];
      for (const [o, want, name] of regs) {
        load32(p, v, a, o);
        p.expectEq(`${name} at +0x${o.toString(16)} reads 0x${want.toString(16)}`, ['DEV.MMIO.REGS', 'DEV.MMAP.WINDOW'], want, v);
      }
      load32(p, v, a, 0x40);
      p.expectEq('the rest of the window reads zero', ['DEV.MMIO.REGS'], 0, v);
      store32(p, 0x600d_f00d, a, 0x40);
      p.sys('device_mmap', fd, d.mmioLen).save(b);
      p.expectOk('a second device_mmap succeeds', ['DEV.MMAP.WINDOW'], b);
      load32(p, v, b, 0x40);
      p.expectEq('the second mapping sees the first one\'s write: one window', ['DEV.MMAP.WINDOW', 'DEV.MMIO.REGS'], 0x600d_f00d, v);
      p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: b.n, imm6: 0, Rn: a.n, Rd: v.n });
      p.expectCmp('at a different address', ['DEV.MMAP.WINDOW'], 'ne', 0, v);
      pageOf(p, v, a);
      p.sys('munmap', v, d.mmioLen + off).expectEq('munmap of the first mapping', ['DEV.MMAP.WINDOW', 'MM.MUNMAP.FREE'], 0);
      load32(p, v, b, 0x40);
      p.expectEq('the other mapping keeps the window', ['DEV.MMAP.WINDOW'], 0x600d_f00d, v);
    },
  });
}

function mmapLenCase(): CaseDef {
  return dev({
    id: 'mmap/len',
    description: 'device_mmap length: 1..mmio_len maps, mmio_len + 1 fails EINVAL, 0 fails the length bound',
    boot: { devices: [MAPPABLE] },
    build: ({ p }) => {
      const fd = p.variable();
      claim(p, fd, modelOf(MAPPABLE), 1, ['DEV.MMAP.GRANT']);
      for (const len of [1, 4, MAPPABLE.mmioLen]) {
        p.sys('device_mmap', fd, len).expectOk(`device_mmap(fd, ${len})`, ['DEV.MMAP', 'DEV.MMAP.LEN']);
      }
      for (const len of [MAPPABLE.mmioLen + 1, PAGE, 0x7fff_ffff]) {
        p.sys('device_mmap', fd, len);
        failsWith(p, `device_mmap(fd, ${len}) past mmio_len`, ['DEV.MMAP.LEN'], 'EINVAL');
      }
      p.sys('device_mmap', fd, 0);
      failsWith(p, 'device_mmap(fd, 0)', ['ABI.LENGTH.BOUNDS'], 'EINVAL');
    },
  });
}

function mmapPagesCase(): CaseDef {
  const d: DeviceBoot = { name: 'virtio-input.0', kind: 'virtio-input', mmioBase: 0x1000_0800, mmioLen: 0x2000, mappable: true };
  return dev({
    id: 'mmap/pages',
    description: 'a window spanning pages maps every page [mmio_base, mmio_base + len) touches, read/write',
    boot: { devices: [d] },
    build: ({ p }) => {
      const fd = p.variable();
      const a = p.variable();
      const v = p.variable();
      claim(p, fd, modelOf(d), 1, ['DEV.MMAP.GRANT']);
      p.sys('device_mmap', fd, d.mmioLen).save(a);
      p.expectOk('device_mmap of a 0x2000-byte window at page offset 0x800', ['DEV.MMAP.WINDOW'], a);
      store32(p, 0x1234_5678, a, d.mmioLen - 4);
      load32(p, v, a, d.mmioLen - 4);
      p.expectEq('the last word of the window is writable and reads back', ['DEV.MMAP.WINDOW'], 0x1234_5678, v);
      load32(p, v, a, OFF_MAGIC);
      p.expectEq('MagicValue at mmio_base', ['DEV.MMIO.REGS'], MAGIC, v);
    },
  });
}

function mmapNoExecCase(): CaseDef {
  return dev({
    id: 'mmap/noexec',
    description: 'a device window never becomes executable: mprotect with PROT_EXEC fails EINVAL, PROT_READ works',
    boot: { devices: [MAPPABLE] },
    build: ({ p }) => {
      const fd = p.variable();
      const a = p.variable();
      claim(p, fd, modelOf(MAPPABLE), 1, ['DEV.MMAP.GRANT']);
      p.sys('device_mmap', fd, MAPPABLE.mmioLen).save(a);
      pageOf(p, a, a);
      p.sys('mprotect', a, PAGE, PROT_R | PROT_X);
      failsWith(p, 'mprotect(window, PROT_READ|PROT_EXEC)', ['SHM.NOEXEC', 'DEV.MMAP.WINDOW'], 'EINVAL');
      p.sys('mprotect', a, PAGE, PROT_X);
      failsWith(p, 'mprotect(window, PROT_EXEC)', ['SHM.NOEXEC'], 'EINVAL');
      p.sys('mprotect', a, PAGE, PROT_R).expectEq('mprotect(window, PROT_READ) returns 0', ['MM.MPROTECT.CHANGE'], 0);
    },
  });
}

function mmapNoSpaceCase(): CaseDef {
  return dev({
    id: 'mmap/nospace',
    description: 'with the mapping area reserved, device_mmap fails ENOMEM',
    boot: { devices: [MAPPABLE] },
    build: ({ p }) => {
      const fd = p.variable();
      claim(p, fd, modelOf(MAPPABLE), 1, ['DEV.MMAP.GRANT']);
      p.sys('mmap', 0, TOP - FLOOR, 0, ANON, -1, 0).expectEq('a PROT_NONE reservation of the whole mapping area', ['MM.MMAP.NONE.RESERVE'], FLOOR);
      p.sys('device_mmap', fd, 4);
      failsWith(p, 'device_mmap with no free range', ['MM.MMAP.NOSPACE'], 'ENOMEM');
    },
  });
}

function mmapForkCase(): CaseDef {
  return dev({
    id: 'mmap/fork',
    description: 'a fork child shares the parent\'s window mapping: its write is the parent\'s',
    boot: { devices: [MAPPABLE] },
    build: ({ p }) => {
      const fd = p.variable();
      const a = p.variable();
      const v = p.variable();
      claim(p, fd, modelOf(MAPPABLE), 1, ['DEV.MMAP.GRANT']);
      p.sys('device_mmap', fd, MAPPABLE.mmioLen).save(a);
      fork(p, () => {
        load32(p, v, a, OFF_DEVICE);
        store32(p, v, a, 0x80);
        p.exit(0);
      });
      reap(p, 0, 0, 'the child copies DeviceID to +0x80', ['SHM.FORK']);
      load32(p, v, a, 0x80);
      p.expectEq('the parent reads the child\'s write through its own mapping', ['SHM.FORK', 'DEV.MMAP.WINDOW'], ID_INPUT, v);
    },
  });
}

function mmapMovedCase(): CaseDef {
  return dev({
    id: 'mmap/moved',
    description: 'a mappable grant moved through an endpoint keeps MAP: the receiver maps the same window',
    boot: { devices: [MAPPABLE] },
    build: ({ p }) => {
      const fd = p.variable();
      const send = p.variable();
      const recv = p.variable();
      const got = p.variable();
      const a = p.variable();
      const v = p.variable();
      claim(p, fd, modelOf(MAPPABLE), 1, ['DEV.MMAP.GRANT']);
      p.sys('device_mmap', fd, MAPPABLE.mmioLen).save(a);
      store32(p, 0xcafe, a, 0x44);
      const m = moveThrough(p, send, recv, fd, ALL_INHERIT);
      p.expectEq('ipc_send moves the grant', ['DEV.XFER.MOVE'], 0);
      p.sys('device_mmap', fd, 4);
      failsWith(p, 'device_mmap on the moved fd', ['DEV.XFER.MOVE', 'FD.BADF'], 'EBADF');
      p.sys('ipc_recv', recv, m.sent);
      p.loadInt(got, m.received);
      p.sys('device_mmap', got, MAPPABLE.mmioLen).save(a);
      p.expectOk('device_mmap on the received handle', ['DEV.MMAP.GRANT', 'IPC.XFER.INHERIT'], a);
      load32(p, v, a, 0x44);
      p.expectEq('it shows the window as written before the move', ['DEV.MMAP.WINDOW'], 0xcafe, v);
    },
  });
}

export const deviceGenerator: Generator = {
  area: AREA,
  cases(): readonly CaseDef[] {
    return [
      ...REGISTRIES.map(discoverCase),
      hiddenClaimCase(),
      ...TARGETS.map(claimCase),
      claimNullInfoCase(),
      ...TARGETS.map(busyCase),
      unknownCase(),
      fallbackGoneCase(),
      emfileCase(),
      capCase(),
      ...TARGETS.map(releaseCase),
      releaseForkCase(),
      releaseExitCase(),
      ...TARGETS.map(moveCase),
      attenuateCase(),
      ...TARGETS.filter((t) => t.id !== 'mappable').map(metadataRightsCase),
      mmapWindowCase(MAPPABLE, 'sub-page'),
      mmapWindowCase({ ...MAPPABLE, mmioBase: 0x0a00_0000 }, 'page-aligned'),
      mmapLenCase(),
      mmapPagesCase(),
      mmapNoExecCase(),
      mmapNoSpaceCase(),
      mmapForkCase(),
      mmapMovedCase(),
    ];
  },
};
