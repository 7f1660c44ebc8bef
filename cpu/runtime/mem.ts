/** Runtime helpers for translated memory instructions: store-exclusive, vector structures. */
import type { AddressSpace } from '../memory/address-space.js';

/** The exclusive monitor fields of the Cpu. */
interface Monitor {
  exAddr: number;
  exSize: number;
  readonly exValue: Int32Array;
}

/**
 * STXR/STLXR of `size` bytes (1, 2, 4, or 8; W pairs are one 8-byte access), as qemu does it:
 * fails (1) without touching memory unless `a` is the monitored address; otherwise checks
 * alignment, reads memory, requires write access, writes iff the memory (at this size) still
 * equals the loaded value, and returns 0 iff it equals the loaded value in all 64 bits. The
 * monitor is cleared unless the access faults.
 */
export function storeExclusive(c: Monitor, m: AddressSpace, a: number, size: number, lo: number, hi: number): number {
  if (c.exAddr !== a) {
    c.exAddr = -1;
    return 1;
  }
  if (a % size !== 0) m.alignFault(a);
  let oldLo: number;
  let oldHi = 0;
  if (size === 1) oldLo = m.r8(a);
  else if (size === 2) oldLo = m.r16(a);
  else if (size === 4) oldLo = m.r32(a);
  else {
    oldLo = m.r64(a);
    oldHi = m.hi;
  }
  m.probe(a, size, true);
  const ex = c.exValue;
  const writes = size === 8 ? oldLo === ex[0] && oldHi === ex[1] : size === 4 ? oldLo === ex[0] : oldLo === (ex[0]! & ((1 << (8 * size)) - 1));
  if (writes) {
    if (size === 1) m.w8(a, lo);
    else if (size === 2) m.w16(a, lo);
    else if (size === 4) m.w32(a, lo);
    else m.w64(a, lo, hi);
  }
  c.exAddr = -1;
  return oldLo === ex[0] && oldHi === ex[1] ? 0 : 1;
}

/** STXP/STLXP of two X registers (16 bytes, 16-aligned): qemu's paired compare-and-exchange. */
export function storeExclusivePair(c: Monitor, m: AddressSpace, a: number, lo0: number, hi0: number, lo1: number, hi1: number): number {
  if (c.exAddr !== a) {
    c.exAddr = -1;
    return 1;
  }
  if (a % 16 !== 0) m.alignFault(a);
  const o0 = m.r64(a);
  const o0h = m.hi;
  const o1 = m.r64(a + 8);
  const o1h = m.hi;
  const ex = c.exValue;
  const ok = o0 === ex[0] && o0h === ex[1] && o1 === ex[2] && o1h === ex[3];
  if (ok) {
    m.w64(a, lo0, hi0);
    m.w64(a + 8, lo1, hi1);
  }
  c.exAddr = -1;
  return ok ? 0 : 1;
}

const STRUCT_BYTES = new Uint8Array(64);
const STRUCT_WORDS = new Int32Array(STRUCT_BYTES.buffer);

/**
 * LD2-LD4 (multiple structures): `selem` registers from Vt (wrapping at 31) of `regBytes`
 * (8 or 16) bytes, element size `ebytes`; memory holds the structures interleaved.
 */
export function vecLoadStructs(m: AddressSpace, vb: Uint8Array, a: number, t: number, selem: number, regBytes: number, ebytes: number): void {
  const total = selem * regBytes;
  for (let i = 0; i < total; i += 8) {
    STRUCT_WORDS[i >> 2] = m.r64(a + i);
    STRUCT_WORDS[(i >> 2) + 1] = m.hi;
  }
  for (let s = 0; s < selem; s++) {
    const base = 16 * ((t + s) % 32);
    if (regBytes === 8) vb.fill(0, base + 8, base + 16);
  }
  let off = 0;
  for (let e = 0; e < regBytes; e += ebytes) {
    for (let s = 0; s < selem; s++) {
      const dst = 16 * ((t + s) % 32) + e;
      for (let b = 0; b < ebytes; b++) vb[dst + b] = STRUCT_BYTES[off + b]!;
      off += ebytes;
    }
  }
}

/** ST2-ST4 (multiple structures): the inverse of vecLoadStructs; writes nothing on a fault. */
export function vecStoreStructs(m: AddressSpace, vb: Uint8Array, a: number, t: number, selem: number, regBytes: number, ebytes: number): void {
  const total = selem * regBytes;
  let off = 0;
  for (let e = 0; e < regBytes; e += ebytes) {
    for (let s = 0; s < selem; s++) {
      const src = 16 * ((t + s) % 32) + e;
      for (let b = 0; b < ebytes; b++) STRUCT_BYTES[off + b] = vb[src + b]!;
      off += ebytes;
    }
  }
  m.probe(a, total, true);
  for (let i = 0; i < total; i += 8) m.w64(a + i, STRUCT_WORDS[i >> 2]!, STRUCT_WORDS[(i >> 2) + 1]!);
}

/** LD1-LD4 (single structure): element `index` of `selem` registers; other lanes (all 128 bits) kept. */
export function vecLoadLane(m: AddressSpace, vb: Uint8Array, a: number, t: number, selem: number, ebytes: number, index: number): void {
  const total = selem * ebytes;
  for (let i = 0; i < total; i++) STRUCT_BYTES[i] = m.r8(a + i);
  for (let s = 0; s < selem; s++) {
    const base = 16 * ((t + s) % 32);
    for (let b = 0; b < ebytes; b++) vb[base + index * ebytes + b] = STRUCT_BYTES[s * ebytes + b]!;
  }
}

/** ST1-ST4 (single structure). */
export function vecStoreLane(m: AddressSpace, vb: Uint8Array, a: number, t: number, selem: number, ebytes: number, index: number): void {
  const total = selem * ebytes;
  for (let s = 0; s < selem; s++) {
    const base = 16 * ((t + s) % 32) + index * ebytes;
    for (let b = 0; b < ebytes; b++) STRUCT_BYTES[s * ebytes + b] = vb[base + b]!;
  }
  m.probe(a, total, true);
  for (let i = 0; i < total; i++) m.w8(a + i, STRUCT_BYTES[i]!);
}

/** LD1R-LD4R: one structure, each element replicated across its register; q=0 clears 127:64. */
export function vecLoadReplicate(m: AddressSpace, vb: Uint8Array, a: number, t: number, selem: number, ebytes: number, q: number): void {
  const total = selem * ebytes;
  for (let i = 0; i < total; i++) STRUCT_BYTES[i] = m.r8(a + i);
  const regBytes = q ? 16 : 8;
  for (let s = 0; s < selem; s++) {
    const base = 16 * ((t + s) % 32);
    vb.fill(0, base + regBytes, base + 16);
    for (let e = 0; e < regBytes; e += ebytes) {
      for (let b = 0; b < ebytes; b++) vb[base + e + b] = STRUCT_BYTES[s * ebytes + b]!;
    }
  }
}
