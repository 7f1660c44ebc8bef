/**
 * Floating-point compares, conversions and rounding to integral for translated code. Lane
 * indices as in fp-lanes.ts; general-register results come back through R[0] (low) and R[1]
 * (high); compares write NZCV (c.x[64..67]).
 */
import { R } from './scratch.js';
import {
  BFLOAT16,
  compare,
  convert,
  fpcrRounding,
  FPCR_FZ,
  FPCR_RMODE_SHIFT,
  FPSR_IDC,
  FPSR_IOC,
  FPSR_IXC,
  FPSR_UFC,
  fromFixed,
  RA,
  RM,
  RN,
  RP,
  RZ,
  roundInt,
  roundIntN,
  SINGLE,
  toFixed,
  type Rounding,
} from './fp-soft.js';
import {
  beginSoft,
  endSoft,
  formatOf,
  MAX32,
  MAX64,
  MIN_NORMAL32,
  MIN_NORMAL64,
  readLane,
  SLOW_FPCR,
  toOdd,
  twoSumErr,
  writeLane,
  type FpCpu,
  type FpWidth,
} from './fp-lanes.js';

const TWO32 = 4294967296;
const RMODE_MASK = 3 << FPCR_RMODE_SHIFT;

/** Rounding argument of the helpers: an FPRounding (0..4), or FP_RMODE_FPCR for FPCR.RMode. */
export const FP_RMODE_FPCR = -1;

function resolveRounding(c: FpCpu, rounding: number): Rounding {
  return rounding === FP_RMODE_FPCR ? fpcrRounding(c.fpcr) : (rounding as Rounding);
}

/** A finite lane value as a JS number, or NaN when the fast path does not apply to it. */
function fastValue(c: FpCpu, width: FpWidth, i: number): number {
  if (width === 16) return NaN;
  const v = width === 64 ? c.vd[i]! : c.vf[i]!;
  const a = Math.abs(v);
  if (!(a <= (width === 64 ? MAX64 : MAX32))) return NaN;
  if ((c.fpcr & FPCR_FZ) !== 0 && a < (width === 64 ? MIN_NORMAL64 : MIN_NORMAL32) && v !== 0) return NaN;
  return v;
}

/** Rounds a finite double to an integral double (the sign of a zero result is unspecified). */
export function roundIntegral(a: number, rounding: Rounding): number {
  switch (rounding) {
    case RN: {
      const f = Math.floor(a);
      const frac = a - f;
      return frac > 0.5 || (frac === 0.5 && f % 2 !== 0) ? f + 1 : f;
    }
    case RP:
      return Math.ceil(a);
    case RM:
      return Math.floor(a);
    case RZ:
      return Math.trunc(a);
    case RA: {
      const t = Math.trunc(a);
      return Math.abs(a - t) >= 0.5 ? t + Math.sign(a) : t;
    }
    default:
      return NaN;
  }
}

// ---- compare -----------------------------------------------------------------------------

function setNzcv(c: FpCpu, nzcv: number): void {
  const x = c.x;
  x[64] = (nzcv >> 3) & 1;
  x[65] = (nzcv >> 2) & 1;
  x[66] = (nzcv >> 1) & 1;
  x[67] = nzcv & 1;
}

/** FCMP/FCMPE: compares lane n with lane m (m < 0: with +0.0); `signal`: FCMPE. */
export function fpCmp(c: FpCpu, width: FpWidth, n: number, m: number, signal: number): void {
  const a = fastValue(c, width, n);
  const b = m < 0 ? 0 : fastValue(c, width, m);
  if (a === a && b === b) {
    setNzcv(c, a < b ? 0b1000 : a > b ? 0b0010 : 0b0110);
    return;
  }
  const env = beginSoft(c);
  const fmt = formatOf(width);
  setNzcv(c, compare(env, fmt, readLane(c, width, n), m < 0 ? 0n : readLane(c, width, m), signal !== 0));
  endSoft(c);
}

// ---- between formats --------------------------------------------------------------------

/** FCVT: lane n of width `from` to lane d of width `to`. */
export function fpCvt(c: FpCpu, from: FpWidth, to: FpWidth, d: number, n: number): void {
  if (from === 32 && to === 64) {
    const a = c.vf[n]!;
    if (a === a && ((c.fpcr & FPCR_FZ) === 0 || !(Math.abs(a) < MIN_NORMAL32) || a === 0)) {
      c.vd[d] = a;
      return;
    }
  } else if (from === 64 && to === 32) {
    const a = c.vd[n]!;
    const r = Math.fround(a);
    if ((c.fpcr & SLOW_FPCR) === 0 && Math.abs(r) <= MAX32) {
      if (r !== a) c.fpsr |= Math.abs(a) < MIN_NORMAL32 ? FPSR_IXC | FPSR_UFC : FPSR_IXC;
      c.vf[d] = r;
      return;
    }
  }
  const env = beginSoft(c);
  writeLane(c, to, d, convert(env, formatOf(from), formatOf(to), readLane(c, from, n), fpcrRounding(c.fpcr)));
  endSoft(c);
}

/** BFCVT: single lane n to the bfloat16 half lane d, rounded per FPCR. */
export function fpBfcvt(c: FpCpu, d: number, n: number): void {
  const env = beginSoft(c);
  c.vh[d] = Number(convert(env, SINGLE, BFLOAT16, readLane(c, 32, n), fpcrRounding(c.fpcr)));
  endSoft(c);
}

// ---- to and from integers ------------------------------------------------------------------

/**
 * FCVT[NPMZA][SU] and the fixed-point FCVTZ[SU]: lane n times 2^fbits, rounded, as a 32-bit
 * (sf=0) or 64-bit integer in R[0], R[1].
 */
export function fpToInt(
  c: FpCpu,
  width: FpWidth,
  n: number,
  rounding: number,
  unsigned: number,
  fbits: number,
  sf: number,
): void {
  const rmode = resolveRounding(c, rounding);
  const a = fastValue(c, width, n);
  if (a === a) {
    const v = fbits === 0 ? a : a * 2 ** fbits;
    const t = roundIntegral(v, rmode);
    const limit = sf ? 2 ** 64 : TWO32;
    const inRange = unsigned ? t >= 0 && t < limit : t >= -limit / 2 && t < limit / 2;
    if (inRange) {
      if (t !== v) c.fpsr |= FPSR_IXC;
      const hi = Math.floor(t / TWO32);
      R[0] = (t - hi * TWO32) | 0;
      R[1] = sf ? hi | 0 : 0;
      return;
    }
  }
  const env = beginSoft(c);
  const r = toFixed(env, formatOf(width), readLane(c, width, n), fbits, unsigned !== 0, rmode, sf ? 64 : 32);
  R[0] = Number(r & 0xffffffffn) | 0;
  R[1] = Number(r >> 32n) | 0;
  endSoft(c);
}

/**
 * SCVTF/UCVTF: the 32-bit (sf=0) or 64-bit integer (lo, hi) divided by 2^fbits, to lane d,
 * rounded per FPCR.
 */
export function fpFromInt(
  c: FpCpu,
  width: FpWidth,
  d: number,
  lo: number,
  hi: number,
  sf: number,
  unsigned: number,
  fbits: number,
): void {
  if (width !== 16 && (c.fpcr & RMODE_MASK) === 0) {
    let v: number;
    let err = 0;
    if (!sf) {
      v = unsigned ? lo >>> 0 : lo | 0;
    } else {
      const high = (unsigned ? hi >>> 0 : hi | 0) * TWO32;
      const low = lo >>> 0;
      v = high + low;
      err = twoSumErr(high, low, v);
    }
    const scale = 2 ** -fbits;
    if (width === 64) {
      const r = v * scale;
      if (err !== 0) c.fpsr |= FPSR_IXC;
      c.vd[d] = r;
    } else {
      const odd = toOdd(v, err) * scale;
      const r = Math.fround(odd);
      if (err !== 0 || r !== odd) c.fpsr |= FPSR_IXC;
      c.vf[d] = r;
    }
    return;
  }
  let value: bigint;
  if (sf) {
    const u = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    value = unsigned ? u : BigInt.asIntN(64, u);
  } else {
    value = unsigned ? BigInt(lo >>> 0) : BigInt(lo | 0);
  }
  const env = beginSoft(c);
  writeLane(c, width, d, fromFixed(env, formatOf(width), value, fbits, fpcrRounding(c.fpcr)));
  endSoft(c);
}

// ---- rounding to integral -------------------------------------------------------------------

/** FRINTN/P/M/Z/A/I/X: `exact` (FRINTX) raises IXC when the value changes. */
export function fpRoundInt(c: FpCpu, width: FpWidth, d: number, n: number, rounding: number, exact: number): void {
  const rmode = resolveRounding(c, rounding);
  const a = fastValue(c, width, n);
  if (a === a) {
    let r = roundIntegral(a, rmode);
    if (r === 0) r = a < 0 || 1 / a < 0 ? -0 : 0;
    if (exact && r !== a) c.fpsr |= FPSR_IXC;
    if (width === 64) c.vd[d] = r;
    else c.vf[d] = r;
    return;
  }
  const env = beginSoft(c);
  writeLane(c, width, d, roundInt(env, formatOf(width), readLane(c, width, n), rmode, exact !== 0));
  endSoft(c);
}

/** FRINT32Z/X, FRINT64Z/X. */
export function fpRoundIntN(c: FpCpu, width: FpWidth, d: number, n: number, rounding: number, intsize: number): void {
  const env = beginSoft(c);
  const rmode = resolveRounding(c, rounding);
  writeLane(c, width, d, roundIntN(env, formatOf(width), readLane(c, width, n), rmode, intsize));
  endSoft(c);
}

/**
 * FJCVTZS (as qemu 7.2 implements it): double lane n to int32 modulo 2^32, rounding to zero,
 * into R[0]; NZCV = 0Z00 with Z set when the conversion was exact and in range.
 */
export function fpJsConvert(c: FpCpu, n: number): void {
  const hi = c.vi[2 * n + 1]!;
  const lo = c.vi[2 * n]!;
  const sign = hi >>> 31;
  const exp = (hi >>> 20) & 0x7ff;
  let inexact = 1;
  let result = 0n;
  if (exp === 0) {
    inexact = sign;
    if (((hi & 0xfffff) | lo) !== 0) {
      if (c.fpcr & FPCR_FZ) c.fpsr |= FPSR_IDC;
      else {
        c.fpsr |= FPSR_IXC;
        inexact = 1;
      }
    }
  } else if (exp === 0x7ff) {
    c.fpsr |= FPSR_IOC;
  } else {
    const trueExp = exp - 1023;
    const shift = trueExp - 52;
    let frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0) | (1n << 52n);
    if (shift >= 0) {
      frac = shift >= 64 ? 0n : BigInt.asUintN(64, frac << BigInt(shift));
    } else if (shift > -64) {
      inexact = BigInt.asUintN(64, frac << BigInt(64 + shift)) !== 0n ? 1 : 0;
      frac >>= BigInt(-shift);
    } else {
      frac = 0n;
    }
    if (trueExp > 31 || frac > (sign ? 0x80000000n : 0x7fffffffn)) {
      c.fpsr |= FPSR_IOC;
      inexact = 1;
    } else if (inexact) {
      c.fpsr |= FPSR_IXC;
    }
    result = sign ? -frac : frac;
  }
  R[0] = Number(BigInt.asIntN(32, result));
  const x = c.x;
  x[64] = 0;
  x[65] = inexact ? 0 : 1;
  x[66] = 0;
  x[67] = 0;
}
