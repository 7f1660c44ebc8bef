/**
 * Runtime helpers for translated Advanced SIMD code. `vb` is the byte view of the V registers
 * (Vn at byte 16n); register arguments are register numbers. Every helper reads all of its
 * sources before writing Vd, so Vd may alias any source.
 */

import { R } from './scratch.js';

const scratch = new Uint8Array(96);

/** Population count of every byte value. */
export const simdPop8: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 1; i < 256; i++) t[i] = (i & 1) + t[i >> 1]!;
  return t;
})();

/** Bit-reversal of every byte value. */
export const simdRbit8: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let r = 0;
    for (let b = 0; b < 8; b++) if ((i >> b) & 1) r |= 0x80 >> b;
    t[i] = r;
  }
  return t;
})();

function clearUpper(vb: Uint8Array, d: number, bytes: number): void {
  if (bytes === 8) vb.fill(0, 16 * d + 8, 16 * d + 16);
}

/**
 * TBL/TBX: byte i of Vd = byte Vm[i] of the table Vn, Vn+1, ... (`regs` registers, numbers
 * wrapping at 32); an index past the table gives 0 (TBL) or keeps Vd's byte (TBX).
 */
export function simdTbl(vb: Uint8Array, d: number, n: number, regs: number, m: number, bytes: number, tbx: number): void {
  for (let j = 0; j < regs; j++) {
    const src = 16 * ((n + j) & 31);
    for (let k = 0; k < 16; k++) scratch[16 * j + k] = vb[src + k]!;
  }
  for (let i = 0; i < bytes; i++) scratch[64 + i] = vb[16 * m + i]!;
  const limit = 16 * regs;
  const dst = 16 * d;
  for (let i = 0; i < bytes; i++) {
    const index = scratch[64 + i]!;
    if (index < limit) vb[dst + i] = scratch[index]!;
    else if (tbx === 0) vb[dst + i] = 0;
  }
  clearUpper(vb, d, bytes);
}

/** EXT: bytes pos.. of the concatenation Vm:Vn (Vn lowest), `bytes` of them. */
export function simdExt(vb: Uint8Array, d: number, n: number, m: number, pos: number, bytes: number): void {
  for (let i = 0; i < bytes; i++) {
    scratch[i] = vb[16 * n + i]!;
    scratch[bytes + i] = vb[16 * m + i]!;
  }
  for (let i = 0; i < bytes; i++) vb[16 * d + i] = scratch[pos + i]!;
  clearUpper(vb, d, bytes);
}

/** Permutes: `opc` 1 UZP1, 2 TRN1, 3 ZIP1, 5 UZP2, 6 TRN2, 7 ZIP2; elements of `ebytes` bytes. */
export function simdPerm(vb: Uint8Array, d: number, n: number, m: number, opc: number, ebytes: number, bytes: number): void {
  for (let i = 0; i < bytes; i++) {
    scratch[i] = vb[16 * n + i]!;
    scratch[bytes + i] = vb[16 * m + i]!;
  }
  const elements = bytes / ebytes;
  const half = elements >> 1;
  const part = opc >> 2;
  for (let i = 0; i < elements; i++) {
    let src: number;
    switch (opc & 3) {
      case 1:
        src = 2 * i + part;
        break;
      case 2:
        src = (i & 1) === 0 ? i + part : elements + i - 1 + part;
        break;
      default:
        src = ((i & 1) === 0 ? 0 : elements) + part * half + (i >> 1);
    }
    for (let k = 0; k < ebytes; k++) vb[16 * d + i * ebytes + k] = scratch[src * ebytes + k]!;
  }
  clearUpper(vb, d, bytes);
}

/** REV16/REV32/REV64: reverses the `ebytes`-byte elements inside each `cbytes`-byte container. */
export function simdRev(vb: Uint8Array, d: number, n: number, cbytes: number, ebytes: number, bytes: number): void {
  for (let i = 0; i < bytes; i++) scratch[i] = vb[16 * n + i]!;
  const perContainer = cbytes / ebytes;
  for (let c = 0; c < bytes; c += cbytes) {
    for (let k = 0; k < perContainer; k++) {
      const from = c + (perContainer - 1 - k) * ebytes;
      const to = c + k * ebytes;
      for (let b = 0; b < ebytes; b++) vb[16 * d + to + b] = scratch[from + b]!;
    }
  }
  clearUpper(vb, d, bytes);
}

/** FPSR.QC, the cumulative saturation flag. */
export const SIMD_QC = 1 << 27;

/** Clamps an exact lane result to [min, max], setting FPSR.QC when it saturates. */
export function simdSat(c: { fpsr: number }, v: number, min: number, max: number): number {
  if (v > max) {
    c.fpsr |= SIMD_QC;
    return max;
  }
  if (v < min) {
    c.fpsr |= SIMD_QC;
    return min;
  }
  return v;
}

/**
 * SQADD/UQADD/SQSUB/UQSUB on a 64-bit lane (int32 halves), result into R[0], R[1]; sets
 * FPSR.QC when the result saturates.
 */
export function simdSat64(c: { fpsr: number }, al: number, ah: number, bl: number, bh: number, sub: number, signed: number): void {
  const t = sub ? (al >>> 0) - (bl >>> 0) : (al >>> 0) + (bl >>> 0);
  const carry = t > 4294967295 ? 1 : t < 0 ? -1 : 0;
  const h = sub ? (ah >>> 0) - (bh >>> 0) + carry : (ah >>> 0) + (bh >>> 0) + carry;
  let lo = t | 0;
  let hi = h | 0;
  if (signed) {
    const overflow = sub ? (ah ^ bh) < 0 && (ah ^ hi) < 0 : (ah ^ bh) >= 0 && (ah ^ hi) < 0;
    if (overflow) {
      c.fpsr |= SIMD_QC;
      lo = ah < 0 ? 0 : -1;
      hi = ah < 0 ? -2147483648 : 2147483647;
    }
  } else if (h > 4294967295 || h < 0) {
    c.fpsr |= SIMD_QC;
    lo = hi = sub ? 0 : -1;
  }
  R[0] = lo;
  R[1] = hi;
}

/** USHL/SSHL on one lane of 8, 16 or 32 bits: shift by the signed low byte of `s`. */
export function simdShlLane(v: number, s: number, esize: number, signed: number): number {
  const shift = (s << 24) >> 24;
  if (shift >= 0) return shift >= esize ? 0 : v << shift;
  const r = -shift;
  if (r >= esize) return signed && v < 0 ? -1 : 0;
  return signed ? v >> r : v >>> r;
}

/** USHL/SSHL on a 64-bit lane (int32 halves) into R[0], R[1]. */
export function simdShl64(lo: number, hi: number, s: number, signed: number): void {
  const shift = (s << 24) >> 24;
  if (shift >= 64 || shift <= -64) {
    R[0] = R[1] = shift < 0 && signed && hi < 0 ? -1 : 0;
  } else if (shift >= 32) {
    R[0] = 0;
    R[1] = lo << (shift - 32);
  } else if (shift > 0) {
    R[0] = lo << shift;
    R[1] = (hi << shift) | (lo >>> (32 - shift));
  } else if (shift === 0) {
    R[0] = lo;
    R[1] = hi;
  } else if (shift > -32) {
    const r = -shift;
    R[0] = (lo >>> r) | (hi << (32 - r));
    R[1] = signed ? hi >> r : hi >>> r;
  } else {
    const r = -shift - 32;
    R[0] = signed ? hi >> r : hi >>> r;
    R[1] = signed ? hi >> 31 : 0;
  }
}
