/**
 * Runtime helpers for the Advanced SIMD floating-point rows. Lane indices as in fp-lanes.ts
 * (a half lane by index into vh, a single into vi/vf, a double into vd); each helper reads its
 * sources before writing its destination lane and ORs exception flags into c.fpsr.
 *
 * What the scalar helpers do not cover: compares that write lane masks, FMULX, FRECPS/FRSQRTS,
 * FCVTXN, conversions between half and 16-bit integers, fast paths for half precision (exact in
 * doubles, rounded to half once), and the cross-lane forms (pairwise, reductions), which work on
 * a copy of their sources in a scratch register file.
 */
import { R } from './scratch.js';
import {
  compare,
  FPCR_AHP,
  FPCR_FZ,
  FPCR_FZ16,
  FPCR_RMODE_SHIFT,
  FPSR_IXC,
  FPSR_OFC,
  FPSR_UFC,
  convert,
  fpcrRounding,
  HALF,
  INF,
  infinity,
  mul,
  processNaNs,
  RM,
  RN,
  RO,
  round,
  SINGLE,
  DOUBLE,
  toFixed,
  unpack,
  ZERO,
  zero,
  type FpEnv,
  type FpFormat,
  type Rounding,
} from './fp-soft.js';
import {
  beginSoft,
  endSoft,
  formatOf,
  halfUlp,
  MAX32,
  MAX64,
  MIN_NORMAL32,
  MIN_NORMAL64,
  readLane,
  SAFE_HIGH,
  SAFE_LOW,
  SLOW_FPCR,
  toOdd,
  twoProdErr,
  twoSumErr,
  writeLane,
  type FpCpu,
  type FpWidth,
} from './fp-lanes.js';
import {
  FP_ADD,
  FP_DIV,
  FP_MAX,
  FP_MAXNM,
  FP_MIN,
  FP_MINNM,
  FP_MUL,
  FP_NMUL,
  FP_SUB,
  fpAdd32,
  fpAdd64,
  fpBinop,
  fpMinMax32,
  fpMinMax64,
  fpMul32,
  fpMul64,
  fpMulAddSlow,
  fpSqrtSlow,
} from './fp-arith.js';
import { FP_RMODE_FPCR, fpCvt, fpFromInt, fpRoundInt, fpToInt, roundIntegral } from './fp-convert.js';
import { fpRecipEstimate, fpRsqrtEstimate, recipEstimate, recipSqrtEstimate } from './fp-estimate.js';

const RMODE_MASK = 3 << FPCR_RMODE_SHIFT;
/** FPCR bits that keep half-precision arithmetic off its fast path. */
const HALF_SLOW = FPCR_FZ16 | RMODE_MASK;
const MAX16 = 65504;
const MIN_NORMAL16 = 2 ** -14;

// ---- half precision as JavaScript numbers --------------------------------------------------

/** (1024 + fraction) * HALF_SCALE[exponent field] is a normal half's value. */
const HALF_SCALE = Float64Array.from({ length: 32 }, (_, e) => 2 ** (e - 25));

/** The value of half-precision bits `h` (NaN for NaNs). */
export function simdFpHalfValue(h: number): number {
  const e = (h >>> 10) & 31;
  const f = h & 1023;
  const v = e === 0 ? f * 5.960464477539063e-8 : e === 31 ? (f ? NaN : Infinity) : (f + 1024) * HALF_SCALE[e]!;
  return h & 0x8000 ? -v : v;
}

const F64 = new Float64Array(1);
const W32 = new Int32Array(F64.buffer);

/**
 * Half-precision bits of finite `v` rounded to nearest (ties to even), raising IXC, UFC (tiny
 * before rounding and inexact) and OFC as FPRound does without FZ16.
 */
function toHalf(c: FpCpu, v: number): number {
  if (v === 0) return 1 / v < 0 ? 0x8000 : 0;
  F64[0] = v;
  const hi = W32[1]!;
  const lo = W32[0]!;
  const sign = (hi >>> 16) & 0x8000;
  const e = ((hi >>> 20) & 0x7ff) - 1023;
  if (e >= -14) {
    if (e > 15) {
      c.fpsr |= FPSR_OFC | FPSR_IXC;
      return sign | 0x7c00;
    }
    const frac = (hi >>> 10) & 0x3ff;
    const rest = hi & 0x3ff;
    let bits = ((e + 15) << 10) | frac;
    if (rest === 0 && lo === 0) return sign | bits;
    if (rest > 0x200 || (rest === 0x200 && (lo !== 0 || (frac & 1) === 1))) bits += 1;
    if (bits >= 0x7c00) {
      c.fpsr |= FPSR_OFC | FPSR_IXC;
      return sign | 0x7c00;
    }
    c.fpsr |= FPSR_IXC;
    return sign | bits;
  }
  const k = Math.abs(v) * 16777216;
  const f = Math.floor(k);
  const rem = k - f;
  if (rem === 0) return sign | f;
  c.fpsr |= FPSR_UFC | FPSR_IXC;
  return sign | (rem > 0.5 || (rem === 0.5 && (f & 1) === 1) ? f + 1 : f);
}

/**
 * Lane i as a number for the fast paths, or NaN when they do not apply: a NaN or infinity, or
 * a denormal that FZ (FZ16 for half) flushes.
 */
function fastLane(c: FpCpu, width: FpWidth, i: number): number {
  if (width === 16) {
    const v = simdFpHalfValue(c.vh[i]!);
    const a = Math.abs(v);
    if (!(a <= MAX16) || ((c.fpcr & FPCR_FZ16) !== 0 && a < MIN_NORMAL16 && v !== 0)) return NaN;
    return v;
  }
  const v = width === 32 ? c.vf[i]! : c.vd[i]!;
  const a = Math.abs(v);
  if (!(a <= (width === 32 ? MAX32 : MAX64))) return NaN;
  if ((c.fpcr & FPCR_FZ) !== 0 && a < (width === 32 ? MIN_NORMAL32 : MIN_NORMAL64) && v !== 0) return NaN;
  return v;
}

// ---- half-precision arithmetic ---------------------------------------------------------------

/**
 * Two-operand operation `op` (FP_* of fp-arith.ts) on half lanes. Sums, differences and
 * products of halves are exact in doubles; quotients and square roots are correctly rounded
 * doubles, and rounding those again to half gives the correctly rounded half (53 >= 2*11 + 2).
 */
export function simdFpHalfBinop(c: FpCpu, op: number, d: number, n: number, m: number): void {
  if ((c.fpcr & HALF_SLOW) === 0) {
    const vh = c.vh;
    const a = simdFpHalfValue(vh[n]!);
    const b = simdFpHalfValue(vh[m]!);
    if (Math.abs(a) <= MAX16 && Math.abs(b) <= MAX16) {
      let r = NaN;
      switch (op) {
        case FP_ADD:
          r = a + b;
          break;
        case FP_SUB:
          r = a - b;
          break;
        case FP_MUL:
          r = a * b;
          break;
        case FP_NMUL:
          r = -(a * b);
          break;
        case FP_DIV:
          if (b !== 0) r = a / b;
          break;
        case FP_MAX:
        case FP_MAXNM:
          r = Math.max(a, b);
          break;
        case FP_MIN:
        case FP_MINNM:
          r = Math.min(a, b);
          break;
        default:
          break;
      }
      if (r === r) {
        vh[d] = toHalf(c, r);
        return;
      }
    }
  }
  fpBinop(c, op, 16, d, n, m);
}

export function simdFpHalfSqrt(c: FpCpu, d: number, n: number): void {
  if ((c.fpcr & HALF_SLOW) === 0) {
    const a = simdFpHalfValue(c.vh[n]!);
    if (a === 0 || (a > 0 && a <= MAX16)) {
      c.vh[d] = toHalf(c, Math.sqrt(a));
      return;
    }
  }
  fpSqrtSlow(c, 16, d, n);
}

/** FMLA/FMLS on half lanes: d = (negA ? -a : a) + (negN ? -n : n) * m, fused. */
export function simdFpHalfMulAdd(c: FpCpu, negA: number, negN: number, d: number, n: number, m: number, a: number): void {
  if ((c.fpcr & HALF_SLOW) === 0) {
    const vh = c.vh;
    const x = simdFpHalfValue(vh[n]! ^ (negN ? 0x8000 : 0));
    const y = simdFpHalfValue(vh[m]!);
    const z = simdFpHalfValue(vh[a]! ^ (negA ? 0x8000 : 0));
    if (Math.abs(x) <= MAX16 && Math.abs(y) <= MAX16 && Math.abs(z) <= MAX16) {
      const p = x * y;
      const s = p + z;
      vh[d] = toHalf(c, toOdd(s, twoSumErr(p, z, s)));
      return;
    }
  }
  fpMulAddSlow(c, 16, negA, negN, d, n, m, a);
}

/** FRINT<r> on a half lane (rounding: an FPRounding or FP_RMODE_FPCR). */
export function simdFpHalfRoundInt(c: FpCpu, d: number, n: number, rounding: number, exact: number): void {
  if ((c.fpcr & FPCR_FZ16) === 0) {
    const a = simdFpHalfValue(c.vh[n]!);
    if (Math.abs(a) <= MAX16) {
      const rmode = rounding === FP_RMODE_FPCR ? fpcrRounding(c.fpcr) : (rounding as Rounding);
      let r = roundIntegral(a, rmode);
      if (r === 0) r = a < 0 || 1 / a < 0 ? -0 : 0;
      if (exact && r !== a) c.fpsr |= FPSR_IXC;
      c.vh[d] = toHalf(c, r);
      return;
    }
  }
  fpRoundInt(c, 16, d, n, rounding, exact);
}

// ---- lane operations shared by the vector, pairwise and reduction forms ----------------------

/** FADD or FMAX/FMIN/FMAXNM/FMINNM (op FP_*) on one lane of any width. */
export function simdFpPairOp(c: FpCpu, op: number, width: FpWidth, d: number, n: number, m: number): void {
  if (width === 16) simdFpHalfBinop(c, op, d, n, m);
  else if (op === FP_ADD) {
    if (width === 32) fpAdd32(c, d, n, m);
    else fpAdd64(c, d, n, m);
  } else if (width === 32) fpMinMax32(c, op, d, n, m);
  else fpMinMax64(c, op, d, n, m);
}

export const SIMD_FP_EQ = 0;
export const SIMD_FP_GE = 1;
export const SIMD_FP_GT = 2;
export const SIMD_FP_ACGE = 3;
export const SIMD_FP_ACGT = 4;

/**
 * FCMEQ/FCMGE/FCMGT/FACGE/FACGT: lane d = all ones when the relation holds between lanes n
 * and m (a negative index stands for +0.0), else zero. EQ signals only for signalling NaNs.
 */
export function simdFpCompare(c: FpCpu, kind: number, width: FpWidth, d: number, n: number, m: number): void {
  const a = n < 0 ? 0 : fastLane(c, width, n);
  const b = m < 0 ? 0 : fastLane(c, width, m);
  let holds: boolean;
  if (a === a && b === b) {
    switch (kind) {
      case SIMD_FP_EQ:
        holds = a === b;
        break;
      case SIMD_FP_GE:
        holds = a >= b;
        break;
      case SIMD_FP_GT:
        holds = a > b;
        break;
      case SIMD_FP_ACGE:
        holds = Math.abs(a) >= Math.abs(b);
        break;
      default:
        holds = Math.abs(a) > Math.abs(b);
    }
  } else {
    const env = beginSoft(c);
    const fmt = formatOf(width);
    let x = n < 0 ? 0n : readLane(c, width, n);
    let y = m < 0 ? 0n : readLane(c, width, m);
    if (kind >= SIMD_FP_ACGE) {
      x &= fmt.signBit - 1n;
      y &= fmt.signBit - 1n;
    }
    const nzcv = compare(env, fmt, x, y, kind !== SIMD_FP_EQ);
    endSoft(c);
    holds = kind === SIMD_FP_EQ ? nzcv === 0b0110 : kind === SIMD_FP_GT || kind === SIMD_FP_ACGT ? nzcv === 0b0010 : nzcv === 0b0110 || nzcv === 0b0010;
  }
  if (width === 16) c.vh[d] = holds ? 0xffff : 0;
  else if (width === 32) c.vi[d] = holds ? -1 : 0;
  else c.vi[2 * d] = c.vi[2 * d + 1] = holds ? -1 : 0;
}

/** The exact constant (-1)^sign * mant * 2^exp in `fmt` (2.0, 1.5). */
function constant(fmt: FpFormat, sign: number, mant: bigint, exp: number): bigint {
  return round({ fpcr: 0, flags: 0 }, fmt, sign, mant, exp, RN);
}

/** FMULX: as FMUL, but infinity times zero is 2.0 with the sign of the product. */
export function simdFpMulx(c: FpCpu, width: FpWidth, d: number, n: number, m: number): void {
  if (width === 16) {
    if ((c.fpcr & HALF_SLOW) === 0) {
      const a = simdFpHalfValue(c.vh[n]!);
      const b = simdFpHalfValue(c.vh[m]!);
      if (!(a === 0 && Math.abs(b) === Infinity) && !(b === 0 && Math.abs(a) === Infinity)) {
        simdFpHalfBinop(c, FP_MUL, d, n, m);
        return;
      }
    }
  } else if ((c.fpcr & SLOW_FPCR) === 0) {
    const a = width === 32 ? c.vf[n]! : c.vd[n]!;
    const b = width === 32 ? c.vf[m]! : c.vd[m]!;
    if (!(a === 0 && Math.abs(b) === Infinity) && !(b === 0 && Math.abs(a) === Infinity)) {
      if (width === 32) fpMul32(c, d, n, m);
      else fpMul64(c, d, n, m);
      return;
    }
  }
  const env = beginSoft(c);
  const fmt = formatOf(width);
  const x = readLane(c, width, n);
  const y = readLane(c, width, m);
  const a = unpack(env, fmt, x);
  const b = unpack(env, fmt, y);
  const infZero = (a.type === INF && b.type === ZERO) || (a.type === ZERO && b.type === INF);
  writeLane(c, width, d, infZero ? constant(fmt, a.sign ^ b.sign, 1n, 1) : mul(env, fmt, x, y));
  endSoft(c);
}

/**
 * FPRecipStepFused (2 - op1*op2) or FPRSqrtStepFused ((3 - op1*op2) / 2), one rounding;
 * infinity times zero gives 2.0 or 1.5.
 */
function stepBits(env: FpEnv, fmt: FpFormat, op1: bigint, op2: bigint, rsqrt: boolean): bigint {
  const a = unpack(env, fmt, op1 ^ fmt.signBit);
  const b = unpack(env, fmt, op2);
  const nan = processNaNs(env, fmt, a, b);
  if (nan !== null) return nan;
  if ((a.type === INF && b.type === ZERO) || (a.type === ZERO && b.type === INF)) {
    return rsqrt ? constant(fmt, 0, 3n, -1) : constant(fmt, 0, 1n, 1);
  }
  if (a.type === INF || b.type === INF) return infinity(fmt, a.sign ^ b.sign);
  const k = rsqrt ? 3n : 2n;
  let sum = k;
  let e = 0;
  if (a.type !== ZERO && b.type !== ZERO) {
    const pe = a.exp + b.exp;
    const prod = a.sign ^ b.sign ? -(a.mant * b.mant) : a.mant * b.mant;
    if (pe >= 0) sum = (prod << BigInt(pe)) + k;
    else {
      sum = prod + (k << BigInt(-pe));
      e = pe;
    }
  }
  if (rsqrt) e -= 1;
  const rounding = fpcrRounding(env.fpcr);
  if (sum === 0n) return zero(fmt, rounding === RM ? 1 : 0);
  return sum < 0n ? round(env, fmt, 1, -sum, e, rounding) : round(env, fmt, 0, sum, e, rounding);
}

function stepSlow(c: FpCpu, rsqrt: boolean, width: FpWidth, d: number, n: number, m: number): void {
  const env = beginSoft(c);
  writeLane(c, width, d, stepBits(env, formatOf(width), readLane(c, width, n), readLane(c, width, m), rsqrt));
  endSoft(c);
}

/** Single lanes: the product of singles is exact in a double; round-to-odd the sum, then to single. */
function step32(c: FpCpu, rsqrt: boolean, d: number, n: number, m: number): void {
  const vf = c.vf;
  const x = vf[n]!;
  const y = vf[m]!;
  if ((c.fpcr & SLOW_FPCR) === 0 && Math.abs(x) <= MAX32 && Math.abs(y) <= MAX32) {
    const p = -(x * y);
    const k = rsqrt ? 3 : 2;
    const s = p + k;
    const err = twoSumErr(p, k, s);
    const odd = rsqrt ? toOdd(s, err) * 0.5 : toOdd(s, err);
    const r = Math.fround(odd);
    if (Math.abs(r) <= MAX32) {
      if (err !== 0 || r !== odd) c.fpsr |= Math.abs(odd) < MIN_NORMAL32 ? FPSR_IXC | FPSR_UFC : FPSR_IXC;
      vf[d] = r;
      return;
    }
  }
  stepSlow(c, rsqrt, 32, d, n, m);
}

/** Double lanes: the error-free transformations of fpMulAdd64 with the constant addend. */
function step64(c: FpCpu, rsqrt: boolean, d: number, n: number, m: number): void {
  const vd = c.vd;
  if ((c.fpcr & SLOW_FPCR) === 0) {
    const x = -vd[n]!;
    const y = vd[m]!;
    const k = rsqrt ? 3 : 2;
    const scale = rsqrt ? 0.5 : 1;
    const ph = x * y;
    const aph = Math.abs(ph);
    if (aph >= SAFE_LOW && aph <= SAFE_HIGH && Math.abs(x) <= SAFE_HIGH && Math.abs(y) <= SAFE_HIGH) {
      const pl = twoProdErr(x, y, ph);
      const s1 = ph + k;
      const e1 = twoSumErr(ph, k, s1);
      const s2 = e1 + pl;
      const e2 = twoSumErr(e1, pl, s2);
      const r = s1 + s2;
      const e3 = twoSumErr(s1, s2, r);
      const ar = Math.abs(r);
      if (ar >= SAFE_LOW && ar <= MAX64) {
        if (e2 === 0) {
          if (e3 !== 0) c.fpsr |= FPSR_IXC;
          vd[d] = r * scale;
          return;
        }
        if (Math.abs(e3) + Math.abs(e2) < halfUlp(r)) {
          if (e3 + e2 !== 0) c.fpsr |= FPSR_IXC;
          vd[d] = r * scale;
          return;
        }
      }
    } else if (ph === 0 && (x === 0 || y === 0)) {
      vd[d] = k * scale;
      return;
    }
  }
  stepSlow(c, rsqrt, 64, d, n, m);
}

function step16(c: FpCpu, rsqrt: boolean, d: number, n: number, m: number): void {
  if ((c.fpcr & HALF_SLOW) === 0) {
    const x = simdFpHalfValue(c.vh[n]!);
    const y = simdFpHalfValue(c.vh[m]!);
    if (Math.abs(x) <= MAX16 && Math.abs(y) <= MAX16) {
      const p = -(x * y);
      const k = rsqrt ? 3 : 2;
      const s = p + k;
      const odd = toOdd(s, twoSumErr(p, k, s));
      c.vh[d] = toHalf(c, rsqrt ? odd * 0.5 : odd);
      return;
    }
  }
  stepSlow(c, rsqrt, 16, d, n, m);
}

/** FRECPS (rsqrt = 0) and FRSQRTS (rsqrt = 1). */
export function simdFpStep(c: FpCpu, rsqrt: number, width: FpWidth, d: number, n: number, m: number): void {
  if (width === 32) step32(c, rsqrt !== 0, d, n, m);
  else if (width === 64) step64(c, rsqrt !== 0, d, n, m);
  else step16(c, rsqrt !== 0, d, n, m);
}

// ---- estimates -------------------------------------------------------------------------------

/** Low 8 bits of RecipEstimate(256 + i) and RecipSqrtEstimate(128 + i) / (256 + i). */
const RECIP_EST = Uint8Array.from({ length: 256 }, (_, i) => recipEstimate(256 + i));
const RSQRT_EST_ODD = Uint8Array.from({ length: 128 }, (_, i) => recipSqrtEstimate(128 + i));
const RSQRT_EST_EVEN = Uint8Array.from({ length: 256 }, (_, i) => recipSqrtEstimate(256 + i));

/**
 * FRECPE. A normal operand whose reciprocal estimate is normal (exponent field up to
 * 2 * bias - 2) needs no rounding and raises nothing: sign, exponent 2 * bias - 1 - exp, and
 * the estimate of the top 8 fraction bits.
 */
export function simdFpRecipEstimate(c: FpCpu, width: FpWidth, d: number, n: number): void {
  if (width === 32) {
    const bits = c.vi[n]!;
    const exp = (bits >>> 23) & 0xff;
    if (exp >= 1 && exp <= 252) {
      c.vi[d] = (bits & 0x80000000) | ((253 - exp) << 23) | (RECIP_EST[(bits >>> 15) & 0xff]! << 15);
      return;
    }
  } else if (width === 64) {
    const hi = c.vi[2 * n + 1]!;
    const exp = (hi >>> 20) & 0x7ff;
    if (exp >= 1 && exp <= 2044) {
      c.vi[2 * d] = 0;
      c.vi[2 * d + 1] = (hi & 0x80000000) | ((2045 - exp) << 20) | (RECIP_EST[(hi >>> 12) & 0xff]! << 12);
      return;
    }
  } else {
    const bits = c.vh[n]!;
    const exp = (bits >>> 10) & 0x1f;
    if (exp >= 1 && exp <= 28) {
      c.vh[d] = (bits & 0x8000) | ((29 - exp) << 10) | (RECIP_EST[(bits >>> 2) & 0xff]! << 2);
      return;
    }
  }
  fpRecipEstimate(c, width, d, n);
}

/** FRSQRTE: a positive normal operand gives a normal estimate without exceptions. */
export function simdFpRsqrtEstimate(c: FpCpu, width: FpWidth, d: number, n: number): void {
  if (width === 32) {
    const bits = c.vi[n]!;
    const exp = bits >>> 23;
    if (exp >= 1 && exp <= 254) {
      const est = exp & 1 ? RSQRT_EST_ODD[(bits >>> 16) & 0x7f]! : RSQRT_EST_EVEN[(bits >>> 15) & 0xff]!;
      c.vi[d] = (((380 - exp) >> 1) << 23) | (est << 15);
      return;
    }
  } else if (width === 64) {
    const hi = c.vi[2 * n + 1]!;
    const exp = hi >>> 20;
    if (exp >= 1 && exp <= 2046) {
      const est = exp & 1 ? RSQRT_EST_ODD[(hi >>> 13) & 0x7f]! : RSQRT_EST_EVEN[(hi >>> 12) & 0xff]!;
      c.vi[2 * d] = 0;
      c.vi[2 * d + 1] = (((3068 - exp) >> 1) << 20) | (est << 12);
      return;
    }
  } else {
    const bits = c.vh[n]!;
    const exp = bits >>> 10;
    if (exp >= 1 && exp <= 30) {
      const est = exp & 1 ? RSQRT_EST_ODD[(bits >>> 3) & 0x7f]! : RSQRT_EST_EVEN[(bits >>> 2) & 0xff]!;
      c.vh[d] = (((44 - exp) >> 1) << 10) | (est << 2);
      return;
    }
  }
  fpRsqrtEstimate(c, width, d, n);
}

// ---- conversions ------------------------------------------------------------------------------

/**
 * FCVT[NPMZA][SU] (vector and SIMD scalar) and the fixed-point FCVTZ[SU]: lane n times
 * 2^fbits, rounded, as an integer of the lane's own width in lane d (saturating with IOC).
 */
export function simdFpToInt(
  c: FpCpu,
  width: FpWidth,
  d: number,
  n: number,
  rounding: number,
  unsigned: number,
  fbits: number,
): void {
  if (width === 32) {
    fpToInt(c, 32, n, rounding, unsigned, fbits, 0);
    c.vi[d] = R[0]!;
    return;
  }
  if (width === 64) {
    fpToInt(c, 64, n, rounding, unsigned, fbits, 1);
    c.vi[2 * d] = R[0]!;
    c.vi[2 * d + 1] = R[1]!;
    return;
  }
  const v = fastLane(c, 16, n);
  if (v === v) {
    const x = v * 2 ** fbits;
    const t = roundIntegral(x, rounding as Rounding);
    if (unsigned ? t >= 0 && t <= 65535 : t >= -32768 && t <= 32767) {
      if (t !== x) c.fpsr |= FPSR_IXC;
      c.vh[d] = t & 0xffff;
      return;
    }
  }
  const env = beginSoft(c);
  c.vh[d] = Number(toFixed(env, HALF, BigInt(c.vh[n]!), fbits, unsigned !== 0, rounding as Rounding, 16));
  endSoft(c);
}

/** SCVTF/UCVTF (vector and SIMD scalar): integer lane n of the lane width / 2^fbits to lane d. */
export function simdFpFromInt(c: FpCpu, width: FpWidth, d: number, n: number, unsigned: number, fbits: number): void {
  if (width === 32) {
    fpFromInt(c, 32, d, c.vi[n]!, 0, 0, unsigned, fbits);
    return;
  }
  if (width === 64) {
    fpFromInt(c, 64, d, c.vi[2 * n]!, c.vi[2 * n + 1]!, 1, unsigned, fbits);
    return;
  }
  const raw = c.vh[n]!;
  const v = unsigned ? raw : (raw << 16) >> 16;
  if ((c.fpcr & HALF_SLOW) === 0) {
    c.vh[d] = toHalf(c, v * 2 ** -fbits);
    return;
  }
  fpFromInt(c, 16, d, v, 0, 0, unsigned, fbits);
}

/** FCVTL/FCVTN lanes: between half and single fast; everything else as FCVT. */
export function simdFpCvt(c: FpCpu, from: FpWidth, to: FpWidth, d: number, n: number): void {
  if (from === 16 && (c.fpcr & FPCR_AHP) === 0) {
    const v = simdFpHalfValue(c.vh[n]!);
    if (v === v) {
      c.vf[d] = v;
      return;
    }
  } else if (to === 16 && from === 32 && (c.fpcr & (FPCR_AHP | RMODE_MASK)) === 0) {
    const v = fastLane(c, 32, n);
    if (v === v) {
      c.vh[d] = toHalf(c, v);
      return;
    }
  }
  fpCvt(c, from, to, d, n);
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** FCVTXN: double lane n to single lane d, rounding to odd. */
export function simdFpCvtxn(c: FpCpu, d: number, n: number): void {
  const a = c.vd[n]!;
  const mag = Math.abs(a);
  if (a === 0 || (mag >= MIN_NORMAL32 && mag <= MAX32)) {
    F32[0] = a;
    const r = F32[0]!;
    if (r !== a) {
      if (Math.abs(r) > mag) U32[0] = U32[0]! - 1;
      U32[0] = U32[0]! | 1;
      c.fpsr |= FPSR_IXC;
    }
    c.vi[d] = U32[0]! | 0;
    return;
  }
  const env = beginSoft(c);
  c.vi[d] = Number(convert(env, DOUBLE, SINGLE, readLane(c, 64, n), RO)) | 0;
  endSoft(c);
}

// ---- cross-lane forms -------------------------------------------------------------------------

/** A register file of four V registers for staging sources of cross-lane operations. */
class ScratchRegs implements FpCpu {
  fpcr = 0;
  fpsr = 0;
  readonly x = new Int32Array(72);
  private readonly buf = new ArrayBuffer(64);
  readonly vh = new Uint16Array(this.buf);
  readonly vi = new Int32Array(this.buf);
  readonly vf = new Float32Array(this.buf);
  readonly vd = new Float64Array(this.buf);
}

const S = new ScratchRegs();

function stage(c: FpCpu, reg: number, slot: number): void {
  const vi = c.vi;
  const s = S.vi;
  for (let k = 0; k < 4; k++) s[4 * slot + k] = vi[4 * reg + k]!;
}

/**
 * FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP (vector): lane i of Vd from the pair 2i, 2i+1 of the
 * concatenation Vm:Vn (Vn lowest), `q` selecting 128 or 64 bits.
 */
export function simdFpPairwise(c: FpCpu, op: number, width: FpWidth, d: number, n: number, m: number, q: number): void {
  const per = 128 / width;
  const count = q ? per : per / 2;
  const half = count / 2;
  S.fpcr = c.fpcr;
  S.fpsr = 0;
  stage(c, n, 0);
  stage(c, m, 1);
  for (let i = 0; i < count; i++) {
    const src = i < half ? 0 : per;
    const j = 2 * (i < half ? i : i - half);
    simdFpPairOp(S, op, width, 2 * per + i, src + j, src + j + 1);
  }
  const vi = c.vi;
  for (let k = 0; k < 4; k++) vi[4 * d + k] = q || k < 2 ? S.vi[8 + k]! : 0;
  c.fpsr |= S.fpsr;
}

/**
 * FMAXV/FMINV/FMAXNMV/FMINNMV: Reduce() of the Arm ARM over the first `count` lanes of Vn
 * (each half reduced separately, then combined as op(low, high)), to the scalar of Vd.
 */
export function simdFpReduce(c: FpCpu, op: number, width: FpWidth, d: number, n: number, count: number): void {
  S.fpcr = c.fpcr;
  S.fpsr = 0;
  stage(c, n, 0);
  let next = 128 / width;
  const reduce = (base: number, cnt: number): number => {
    if (cnt === 1) return base;
    const half = cnt >> 1;
    const hi = reduce(base + half, half);
    const lo = reduce(base, half);
    const t = next++;
    simdFpPairOp(S, op, width, t, lo, hi);
    return t;
  };
  const r = reduce(0, count);
  const vi = c.vi;
  vi[4 * d] = vi[4 * d + 1] = vi[4 * d + 2] = vi[4 * d + 3] = 0;
  if (width === 16) c.vh[8 * d] = S.vh[r]!;
  else vi[4 * d] = S.vi[r]!;
  c.fpsr |= S.fpsr;
}
