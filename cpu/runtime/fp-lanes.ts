/**
 * Shared pieces of the floating-point runtime helpers: the CPU state they touch, lane access as
 * bit patterns, the soft-float environment, and the error-free transformations the fast paths
 * use to detect inexact results.
 *
 * Lanes are addressed by index into the view of their width: a half lane by index into `vh`, a
 * single lane by index into `vi`/`vf`, a double lane by index into `vd` (so the scalar of Vn is
 * lane 8n, 4n or 2n).
 */
import { DOUBLE, FPCR_FZ, FPCR_RMODE_SHIFT, HALF, SINGLE, type FpEnv, type FpFormat } from './fp-soft.js';

export interface FpCpu {
  fpcr: number;
  fpsr: number;
  readonly x: Int32Array;
  readonly vh: Uint16Array;
  readonly vi: Int32Array;
  readonly vf: Float32Array;
  readonly vd: Float64Array;
}

/** Lane width in bits. */
export type FpWidth = 16 | 32 | 64;

export function formatOf(width: FpWidth): FpFormat {
  return width === 32 ? SINGLE : width === 64 ? DOUBLE : HALF;
}

/** FPCR bits that force the slow path of the fast helpers: RMode != nearest, FZ. */
export const SLOW_FPCR = FPCR_FZ | (3 << FPCR_RMODE_SHIFT);

export const MAX32 = 3.4028234663852886e38;
export const MIN_NORMAL32 = 1.1754943508222875e-38;
export const MAX64 = 1.7976931348623157e308;
export const MIN_NORMAL64 = 2.2250738585072014e-308;
/** Magnitudes inside [SAFE_LOW, SAFE_HIGH] keep Dekker's product exact. */
export const SAFE_LOW = 2 ** -960;
export const SAFE_HIGH = 2 ** 995;

const env: FpEnv = { fpcr: 0, flags: 0 };

/** The soft-float environment for one operation on `c`. */
export function beginSoft(c: FpCpu): FpEnv {
  env.fpcr = c.fpcr;
  env.flags = 0;
  return env;
}

export function endSoft(c: FpCpu): void {
  c.fpsr |= env.flags;
}

export function readLane(c: FpCpu, width: FpWidth, i: number): bigint {
  if (width === 16) return BigInt(c.vh[i]!);
  if (width === 32) return BigInt(c.vi[i]! >>> 0);
  return (BigInt(c.vi[2 * i + 1]! >>> 0) << 32n) | BigInt(c.vi[2 * i]! >>> 0);
}

export function writeLane(c: FpCpu, width: FpWidth, i: number, v: bigint): void {
  if (width === 16) c.vh[i] = Number(v);
  else if (width === 32) c.vi[i] = Number(v & 0xffffffffn) | 0;
  else {
    c.vi[2 * i] = Number(v & 0xffffffffn) | 0;
    c.vi[2 * i + 1] = Number((v >> 32n) & 0xffffffffn) | 0;
  }
}

/** a + b - fl(a + b), exact when fl(a + b) = s does not overflow (2Sum). */
export function twoSumErr(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

const SPLITTER = 134217729; // 2^27 + 1

/** a * b - p for p = fl(a * b), exact for |a|, |b| <= SAFE_HIGH and |a * b| >= SAFE_LOW (Dekker). */
export function twoProdErr(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);

/**
 * Round-to-odd of s + err given s = fl(s + err) (err the exact error of s): moves s one ulp
 * towards err when it is inexact and even. Rounding the result to fewer than 52 bits then
 * equals rounding s + err directly.
 */
export function toOdd(s: number, err: number): number {
  if (err === 0) return s;
  F64[0] = s;
  if ((I32[0]! & 1) !== 0) return s;
  if (err > 0 === s > 0) {
    I32[0] = I32[0]! + 1;
  } else {
    if (I32[0] === 0) I32[1] = I32[1]! - 1;
    I32[0] = I32[0]! - 1;
  }
  return F64[0]!;
}

/** Half the spacing of doubles around normal r (the smaller side when |r| is a power of 2). */
export function halfUlp(r: number): number {
  F64[0] = r;
  const hi = I32[1]!;
  const lo = I32[0]!;
  const e = (hi >>> 20) & 0x7ff;
  const pow2 = (hi & 0xfffff) === 0 && lo === 0;
  I32[1] = (e - (pow2 ? 54 : 53)) << 20;
  I32[0] = 0;
  return F64[0]!;
}
