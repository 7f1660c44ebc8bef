import type { Emitter } from '../../translate/emitter.js';

/**
 * Lane access for the Advanced SIMD rows. Vn starts at byte 16n; lanes of 8, 16 and 32 bits go
 * through vb, vh and vi; a 64-bit lane is the pair of 32-bit words (lo, hi).
 */

export type ESize = 8 | 16 | 32 | 64;

/** Element size in bits for a 2-bit `size` field. */
export function esizeOf(size: number): ESize {
  return (8 << size) as ESize;
}

/** Arrangement specifier as objdump prints it (`16b`, `4h`, `2d`, ...). */
export function arrangement(size: number, q: number): string {
  return `${(q ? 128 : 64) >> (3 + size)}${'bhsd'[size]}`;
}

/** `v3.16b` */
export function vr(n: number, arr: string): string {
  return `v${n}.${arr}`;
}

/** Scalar register name of an element size: `b3`, `h3`, `s3`, `d3`. */
export function scalarReg(n: number, size: number): string {
  return `${'bhsdq'[size]}${n}`;
}

/** Lvalue of lane `i` of Vreg for lanes of 8, 16 or 32 bits. */
export function lane(reg: number, esize: ESize, i: number): string {
  switch (esize) {
    case 8:
      return `vb[${16 * reg + i}]`;
    case 16:
      return `vh[${8 * reg + i}]`;
    default:
      return `vi[${4 * reg + i}]`;
  }
}

/** Lane `i` zero-extended (a non-negative JS number). */
export function ulane(reg: number, esize: ESize, i: number): string {
  return esize === 32 || esize === 64 ? `(vi[${4 * reg + i}] >>> 0)` : lane(reg, esize, i);
}

/** Lane `i` sign-extended to int32. */
export function slane(reg: number, esize: ESize, i: number): string {
  switch (esize) {
    case 8:
      return `(vb[${16 * reg + i}] << 24 >> 24)`;
    case 16:
      return `(vh[${8 * reg + i}] << 16 >> 16)`;
    default:
      return `vi[${4 * reg + i}]`;
  }
}

/** Low and high words of 64-bit lane `i`. */
export function lo64(reg: number, i: number): string {
  return `vi[${4 * reg + 2 * i}]`;
}

export function hi64(reg: number, i: number): string {
  return `vi[${4 * reg + 2 * i + 1}]`;
}

/** All-ones value of a lane as stored through its view. */
export function ones(esize: ESize): string {
  return esize === 8 ? '255' : esize === 16 ? '65535' : '-1';
}

/** Zeroes bits 127:64 of Vd (writes of a 64-bit vector). */
export function clearHigh(e: Emitter, d: number): void {
  e.line(`vi[${4 * d + 2}] = 0; vi[${4 * d + 3}] = 0;`);
}

/** Zeroes all of Vd. */
export function clearAll(e: Emitter, d: number): void {
  e.line(`vi[${4 * d}] = 0; vi[${4 * d + 1}] = 0; vi[${4 * d + 2}] = 0; vi[${4 * d + 3}] = 0;`);
}

export function laneCount(esize: ESize, q: number): number {
  return (q ? 128 : 64) / esize;
}

/**
 * Writes `count` lanes of Vd from `expr(i)`, where `expr(i)` reads only lane i of its sources
 * (so writing in place is safe), then clears the high half when `q` is 0.
 */
export function mapLanes(e: Emitter, d: number, esize: ESize, q: number, expr: (i: number) => string): void {
  const count = laneCount(esize, q);
  for (let i = 0; i < count; i++) e.line(`${lane(d, esize, i)} = ${expr(i)};`);
  if (!q) clearHigh(e, d);
}

/** Same for 64-bit lanes: `expr(i)` gives [lo, hi] and may read only lane i of its sources. */
export function mapLanes64(e: Emitter, d: number, q: number, expr: (i: number) => readonly [string, string]): void {
  const count = q ? 2 : 1;
  for (let i = 0; i < count; i++) {
    const [lo, hi] = expr(i);
    const l = e.let(`(${lo}) | 0`);
    const h = e.let(`(${hi}) | 0`);
    e.line(`${lo64(d, i)} = ${l}; ${hi64(d, i)} = ${h};`);
  }
  if (!q) clearHigh(e, d);
}

/**
 * Evaluates every lane expression into a temporary before writing any lane (for results whose
 * lanes read other lanes of the sources). Lanes start at lane `first` of Vd.
 */
export function writeLanes(e: Emitter, d: number, esize: ESize, values: readonly string[], first = 0): void {
  const temps = values.map((v) => e.let(v));
  temps.forEach((t, i) => e.line(`${lane(d, esize, first + i)} = ${t};`));
}

/** Same for 64-bit lanes given as [lo, hi] pairs. */
export function writeLanes64(e: Emitter, d: number, values: readonly (readonly [string, string])[], first = 0): void {
  const temps = values.map(([lo, hi]) => [e.let(`(${lo}) | 0`), e.let(`(${hi}) | 0`)] as const);
  temps.forEach(([l, h], i) => e.line(`${lo64(d, first + i)} = ${l}; ${hi64(d, first + i)} = ${h};`));
}

/** Reads 64-bit lane `i` of Vreg into two temporaries. */
export function read64(e: Emitter, reg: number, i: number): readonly [string, string] {
  return [e.let(lo64(reg, i)), e.let(hi64(reg, i))];
}

/** [lo, hi] of a 64-bit value shifted right logically by constant 1 <= s <= 64. */
export function ushr64(lo: string, hi: string, s: number): [string, string] {
  if (s >= 64) return ['0', '0'];
  if (s === 32) return [hi, '0'];
  if (s > 32) return [`(${hi} >>> ${s - 32})`, '0'];
  if (s === 0) return [lo, hi];
  return [`((${lo} >>> ${s}) | (${hi} << ${32 - s}))`, `(${hi} >>> ${s})`];
}

/** Same, arithmetic. */
export function sshr64(lo: string, hi: string, s: number): [string, string] {
  if (s >= 63) return [`(${hi} >> 31)`, `(${hi} >> 31)`];
  if (s === 32) return [hi, `(${hi} >> 31)`];
  if (s > 32) return [`(${hi} >> ${s - 32})`, `(${hi} >> 31)`];
  if (s === 0) return [lo, hi];
  return [`((${lo} >>> ${s}) | (${hi} << ${32 - s}))`, `(${hi} >> ${s})`];
}

/** Same, left by constant 0 <= s <= 63. */
export function shl64(lo: string, hi: string, s: number): [string, string] {
  if (s === 0) return [lo, hi];
  if (s === 32) return ['0', lo];
  if (s > 32) return ['0', `(${lo} << ${s - 32})`];
  return [`(${lo} << ${s})`, `((${hi} << ${s}) | (${lo} >>> ${32 - s}))`];
}
