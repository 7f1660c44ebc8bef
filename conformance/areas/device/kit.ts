// Shared by the device and shm areas: the machine's devices as the cases describe them, the
// device_info records the model expects, and small guest helpers (loads and stores through a
// register base, fork, pipes, endpoints).

import { constValue, encodeLayout, layout, type ErrnoName } from '../../../spec/index.js';
import type { DeviceBoot } from '../../model.js';
import { Reg, type CaseProgram, type Operand } from '../../program/builder.js';

export const PAGE = 4096;
export const INFO = layout('device_info');
export const FLAG_NO_MMIO = constValue('DEVICE_FLAGS', 'SWIFTOS_DEVICE_FLAG_NO_MMIO_GRANT');
export const FLAG_DISCOVERED = constValue('DEVICE_FLAGS', 'SWIFTOS_DEVICE_FLAG_DISCOVERED');
export const FLAG_MMIO_GRANT = constValue('DEVICE_FLAGS', 'SWIFTOS_DEVICE_FLAG_MMIO_GRANT');
export const FLAG_AUTHORITY = constValue('DEVICE_FLAGS', 'SWIFTOS_DEVICE_FLAG_HARDWARE_AUTHORITY');
const KIND_PSEUDO = constValue('DEVICE_KINDS', 'SWIFTOS_DEVICE_KIND_PSEUDO_INPUT');
const KIND_VIRTIO = constValue('DEVICE_KINDS', 'SWIFTOS_DEVICE_KIND_VIRTIO_INPUT');
const BUS_PSEUDO = constValue('DEVICE_BUSES', 'SWIFTOS_DEVICE_BUS_PSEUDO');
const BUS_MMIO = constValue('DEVICE_BUSES', 'SWIFTOS_DEVICE_BUS_VIRTIO_MMIO');
export const ALL_INHERIT = constValue('RIGHT_MASKS', 'SWIFTOS_RIGHTS_ALL_INHERIT');
export const NAME_MAX = constValue('LIMITS', 'DEVICE_NAME_MAX');

/** The fallback of a machine without a virtio input device (DEV.CLAIM.FALLBACK). */
export const PSEUDO = 'pseudo-input.0';

/** A virtio input device at QEMU virt's last virtio-mmio slot (a sub-page window). */
export const VIRTIO: DeviceBoot = { name: 'virtio-input.0', kind: 'virtio-input', mmioBase: 0x0a00_3e00, mmioLen: 0x200 };
export const MAPPABLE: DeviceBoot = { ...VIRTIO, mappable: true };

/** What the registry says about a device (DEV.REGISTRY), for the expected records. */
export interface DeviceModel {
  readonly name: string;
  readonly kind: number;
  readonly bus: number;
  readonly base: number;
  readonly len: number;
  readonly flags: number;
}

export const PSEUDO_MODEL: DeviceModel = { name: PSEUDO, kind: KIND_PSEUDO, bus: BUS_PSEUDO, base: 0, len: 0, flags: FLAG_NO_MMIO };

export function modelOf(d: DeviceBoot): DeviceModel {
  return {
    name: d.name, kind: KIND_VIRTIO, bus: BUS_MMIO, base: d.mmioBase, len: d.mmioLen,
    flags: FLAG_DISCOVERED | (d.mappable === true ? FLAG_MMIO_GRANT : FLAG_NO_MMIO),
  };
}

/** The device_info record of `d` with its claim state (DEV.INFO, DEV.GENERATION; irq 0 by DEV.REGISTRY). */
export function infoRecord(d: DeviceModel, generation: number, claimed: boolean): Uint8Array {
  return encodeLayout(INFO, {
    kind: d.kind, bus: d.bus, mmio_base: BigInt(d.base), mmio_len: BigInt(d.len), irq: 0, flags: d.flags,
    generation, claimed: claimed ? 1 : 0, name: new TextEncoder().encode(d.name),
  });
}

/** A device_info buffer filled with 0xee, so every byte the kernel writes shows. */
export function infoBuffer(p: CaseProgram): number {
  return p.bytes(new Uint8Array(INFO.size).fill(0xee), 8);
}

// ---- guest helpers -------------------------------------------------------------------------------

/** x9 = base + off. */
function at(p: CaseProgram, base: Reg, off: number): void {
  p.a.movImm(9, off).inst('ADD_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: base.n, Rd: 9 });
}

/** Loads the zero-extended 32-bit word at base + off into `into` (uses x9). */
export function load32(p: CaseProgram, into: Reg, base: Reg, off: number): void {
  at(p, base, off);
  p.a.inst('LDR_W_uoff', { Rt: into.n, Rn: 9, imm12: 0 });
}

/** Stores the 32-bit `value` at base + off (uses x9, x10). */
export function store32(p: CaseProgram, value: Operand, base: Reg, off: number): void {
  if (value instanceof Reg) p.mov(10, value.n);
  else p.a.movImm(10, BigInt.asUintN(64, BigInt(value)));
  at(p, base, off);
  p.a.inst('STR_W_uoff', { Rt: 10, Rn: 9, imm12: 0 });
}

/** Stores the low 32 bits of `value` at the absolute `addr` (uses x9, x10). */
export function poke32(p: CaseProgram, value: Reg, addr: number): void {
  p.mov(10, value.n);
  p.a.movImm(9, addr).inst('STR_W_uoff', { Rt: 10, Rn: 9, imm12: 0 });
}

/** Stores `value` as a 64-bit word at the absolute `addr` (uses x9, x10). */
export function poke64(p: CaseProgram, value: Reg, addr: number): void {
  p.mov(10, value.n);
  p.a.movImm(9, addr).inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
}

/** into = from & ~0xfff (uses x9). */
export function pageOf(p: CaseProgram, into: Reg, from: Reg): void {
  p.a.movImm(9, 0xfff).inst('BIC_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: from.n, Rd: into.n });
}

/** into = from & 0xfff (uses x9). */
export function offsetOf(p: CaseProgram, into: Reg, from: Reg): void {
  p.a.movImm(9, 0xfff).inst('AND_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: from.n, Rd: into.n });
}

/**
 * fork: the child runs `child`, which must end the process (it makes no assertions: it reports
 * through its exit status or shared memory); the parent goes on with the child's pid in x0.
 */
export function fork(p: CaseProgram, child: () => void): void {
  p.sys('fork');
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child();
  p.a.brk(1);
  p.a.bind(parent);
}

/** The two ints an fd_pair-writing call (pipe, endpoint_create) left at `pair`, into `a` and `b`. */
export function pairOf(p: CaseProgram, pair: number, a: Reg, b: Reg): void {
  p.loadInt(a, pair).loadInt(b, pair + 4);
}

/** waitpid(pid, &status, 0) then asserts the child exited with `code` (PROC.WAIT.STATUS). */
export function reap(p: CaseProgram, pid: Reg | number, code: number, what: string, clauses: readonly string[]): void {
  const status = p.space(4, 4);
  p.sys('waitpid', pid, status, 0);
  p.loadInt(0, status);
  p.expectEq(`${what} (the child exits ${code})`, [...clauses, 'PROC.WAIT.STATUS'], code << 8);
}

/** Asserts -errno in x0 with the standard wording. */
export function failsWith(p: CaseProgram, what: string, clauses: readonly string[], errno: ErrnoName, from: Reg | number = 0): void {
  p.expectErrno(`${what} fails ${errno}`, clauses, errno, from);
}
