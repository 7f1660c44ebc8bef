/**
 * 64-bit integer helpers over int32 halves, for translated code. Arguments are int32 halves
 * (lo, hi); 64-bit results go to R[0] (low) and R[1] (high).
 */
import { R } from './scratch.js';

const TWO_32 = 4294967296;
/** |hi| below this keeps a 64-bit value inside the exact range of a double (2^53). */
const SAFE_HI = 0x200000;

/** High 32 bits of the unsigned 64-bit product of two 32-bit words, from 16-bit limbs. */
export function umulhi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/** Unsigned 32 x 32 -> 64-bit product into R. */
export function umull32(a: number, b: number): void {
  R[0] = Math.imul(a, b);
  R[1] = umulhi32(a, b);
}

/** Signed 32 x 32 -> 64-bit product into R. */
export function smull32(a: number, b: number): void {
  R[0] = Math.imul(a, b);
  R[1] = umulhi32(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0);
}

/** Low 64 bits of the 64 x 64-bit product into R (the same for signed and unsigned). */
export function mul64(al: number, ah: number, bl: number, bh: number): void {
  R[0] = Math.imul(al, bl);
  R[1] = umulhi32(al, bl) + Math.imul(al, bh) + Math.imul(ah, bl);
}

/** High 64 bits of the unsigned 128-bit product into R. */
export function umulh64(al: number, ah: number, bl: number, bh: number): void {
  const hi0 = umulhi32(al, bl) >>> 0;
  const lo1 = Math.imul(al, bh) >>> 0;
  const hi1 = umulhi32(al, bh) >>> 0;
  const lo2 = Math.imul(ah, bl) >>> 0;
  const hi2 = umulhi32(ah, bl) >>> 0;
  const lo3 = Math.imul(ah, bh) >>> 0;
  const hi3 = umulhi32(ah, bh) >>> 0;
  const w1 = hi0 + lo1 + lo2;
  const w2 = hi1 + hi2 + lo3 + Math.floor(w1 / TWO_32);
  R[0] = w2 | 0;
  R[1] = (hi3 + Math.floor(w2 / TWO_32)) | 0;
}

/** High 64 bits of the signed 128-bit product into R. */
export function smulh64(al: number, ah: number, bl: number, bh: number): void {
  umulh64(al, ah, bl, bh);
  let lo = R[0]! >>> 0;
  let hi = R[1]!;
  // Signed high half = unsigned high half - (a < 0 ? b : 0) - (b < 0 ? a : 0), modulo 2^64.
  if (ah < 0) {
    const t = lo - (bl >>> 0);
    hi = hi - bh - (t < 0 ? 1 : 0);
    lo = t < 0 ? t + TWO_32 : t;
  }
  if (bh < 0) {
    const t = lo - (al >>> 0);
    hi = hi - ah - (t < 0 ? 1 : 0);
    lo = t < 0 ? t + TWO_32 : t;
  }
  R[0] = lo | 0;
  R[1] = hi | 0;
}

function setR(q: number): void {
  R[0] = q | 0;
  R[1] = Math.floor(q / TWO_32) | 0;
}

function setRBig(q: bigint): void {
  R[0] = Number(BigInt.asIntN(32, q));
  R[1] = Number(BigInt.asIntN(32, q >> 32n));
}

/** Unsigned 64-bit division (quotient rounded toward zero; x / 0 = 0) into R. */
export function udiv64(al: number, ah: number, bl: number, bh: number): void {
  if ((bl | bh) === 0) {
    R[0] = 0;
    R[1] = 0;
    return;
  }
  if (ah >>> 0 < SAFE_HI && bh >>> 0 < SAFE_HI) {
    setR(Math.floor(((ah >>> 0) * TWO_32 + (al >>> 0)) / ((bh >>> 0) * TWO_32 + (bl >>> 0))));
    return;
  }
  const a = (BigInt(ah >>> 0) << 32n) | BigInt(al >>> 0);
  const b = (BigInt(bh >>> 0) << 32n) | BigInt(bl >>> 0);
  setRBig(a / b);
}

/** Signed 64-bit division (toward zero; x / 0 = 0; INT64_MIN / -1 = INT64_MIN) into R. */
export function sdiv64(al: number, ah: number, bl: number, bh: number): void {
  if ((bl | bh) === 0) {
    R[0] = 0;
    R[1] = 0;
    return;
  }
  if (ah >= -SAFE_HI && ah < SAFE_HI && bh >= -SAFE_HI && bh < SAFE_HI) {
    setR(Math.trunc((ah * TWO_32 + (al >>> 0)) / (bh * TWO_32 + (bl >>> 0))));
    return;
  }
  const a = (BigInt(ah) << 32n) | BigInt(al >>> 0);
  const b = (BigInt(bh) << 32n) | BigInt(bl >>> 0);
  setRBig(BigInt.asIntN(64, a / b));
}

/** Bits of a 32-bit word in reverse order. */
export function rbit32(a: number): number {
  let v = ((a >>> 1) & 0x55555555) | ((a & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return (v >>> 16) | (v << 16);
}

/** Bytes of a 32-bit word in reverse order. */
export function bswap32(a: number): number {
  return (a << 24) | ((a & 0xff00) << 8) | ((a >>> 8) & 0xff00) | (a >>> 24);
}

/** CountLeadingSignBits of a 64-bit value (CLS Xd). */
export function cls64(lo: number, hi: number): number {
  // CLS(x) = CLZ(x<63:1> EOR x<62:0>): the pairs of neighbouring bits that agree, from the top.
  const yh = hi ^ ((hi << 1) | (lo >>> 31));
  const yl = lo ^ (lo << 1);
  const zh = yh >>> 1;
  const zl = (yl >>> 1) | (yh << 31);
  return (zh !== 0 ? Math.clz32(zh) : 32 + Math.clz32(zl)) - 1;
}

function crcTable(poly: number): Int32Array {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[i] = c;
  }
  return table;
}

/** Bit-reflected tables of the CRC-32 (0x04C11DB7) and CRC-32C (0x1EDC6F41) polynomials. */
const CRC_TABLES = [crcTable(0xedb88320), crcTable(0x82f63b78)] as const;

/**
 * CRC32{B,H,W}/CRC32C{B,H,W}: folds the low `bytes` bytes of `value` into `acc`, least
 * significant byte first, without pre- or post-inversion (Arm ARM CRC32 pseudocode).
 */
export function crc32Update(acc: number, value: number, bytes: number, castagnoli: number): number {
  const table = CRC_TABLES[castagnoli]!;
  let crc = acc;
  for (let i = 0; i < bytes; i++) crc = table[(crc ^ (value >>> (8 * i))) & 0xff]! ^ (crc >>> 8);
  return crc | 0;
}
