/**
 * Exact floating point on bit patterns (BigInt), following the Arm ARM pseudocode (FPUnpack,
 * FPRound, FPProcessNaNs, ...) as qemu-aarch64 implements it. Slow but exact: the fast paths in
 * fp.ts fall back to these for rounding modes other than nearest, flush-to-zero, NaNs,
 * infinities and results near the edges of the format.
 */

export const FPCR_AHP = 1 << 26;
export const FPCR_DN = 1 << 25;
export const FPCR_FZ = 1 << 24;
export const FPCR_FZ16 = 1 << 19;
export const FPCR_RMODE_SHIFT = 22;

export const FPSR_IOC = 1;
export const FPSR_DZC = 2;
export const FPSR_OFC = 4;
export const FPSR_UFC = 8;
export const FPSR_IXC = 16;
export const FPSR_IDC = 128;

/** Rounding modes: 0..3 are the FPCR.RMode encodings. */
export const RN = 0;
export const RP = 1;
export const RM = 2;
export const RZ = 3;
export const RA = 4; // to nearest, ties away from zero
export const RO = 5; // to odd
export type Rounding = 0 | 1 | 2 | 3 | 4 | 5;

export function fpcrRounding(fpcr: number): Rounding {
  return ((fpcr >>> FPCR_RMODE_SHIFT) & 3) as Rounding;
}

/** FPCR in, cumulative FPSR exception bits out. */
export interface FpEnv {
  fpcr: number;
  flags: number;
}

export class FpFormat {
  /** fbits as a BigInt shift count. */
  readonly fshift: bigint;
  readonly fracMask: bigint;
  readonly expMax: number;
  readonly bias: number;
  readonly emin: number;
  readonly signBit: bigint;
  readonly quietBit: bigint;
  readonly infBits: bigint;
  readonly defaultNaN: bigint;
  readonly maxNormal: bigint;
  /** IEEE half precision: FZ16 instead of FZ, and FPCR.AHP on conversions. */
  readonly half: boolean;

  constructor(
    readonly width: 16 | 32 | 64,
    readonly ebits: number,
    readonly fbits: number,
  ) {
    this.half = width === 16 && ebits === 5;
    this.fshift = BigInt(fbits);
    this.fracMask = (1n << this.fshift) - 1n;
    this.expMax = (1 << ebits) - 1;
    this.bias = (1 << (ebits - 1)) - 1;
    this.emin = 1 - this.bias;
    this.signBit = 1n << BigInt(width - 1);
    this.quietBit = 1n << (this.fshift - 1n);
    this.infBits = BigInt(this.expMax) << this.fshift;
    this.defaultNaN = this.infBits | this.quietBit;
    this.maxNormal = (BigInt(this.expMax - 1) << this.fshift) | this.fracMask;
  }
}

export const HALF = new FpFormat(16, 5, 10);
export const SINGLE = new FpFormat(32, 8, 23);
export const DOUBLE = new FpFormat(64, 11, 52);
export const BFLOAT16 = new FpFormat(16, 8, 7);

/** Format of an A64 `ftype` field (0 single, 1 double, 3 half). */
export function formatOfFtype(ftype: number): FpFormat {
  return ftype === 0 ? SINGLE : ftype === 1 ? DOUBLE : HALF;
}

export const ZERO = 0;
export const FINITE = 1; // non-zero: normal or denormal
export const INF = 2;
export const QNAN = 3;
export const SNAN = 4;
export type FpType = 0 | 1 | 2 | 3 | 4;

/** An unpacked operand: finite values are (-1)^sign * mant * 2^exp with mant > 0. */
export interface Unpacked {
  readonly type: FpType;
  readonly sign: number;
  readonly mant: bigint;
  readonly exp: number;
  readonly bits: bigint;
}

/** How an operand or result treats flush-to-zero and the alternative half-precision format. */
export interface Mode {
  /** Conversion (FPUnpackCV/FPRoundCV): FZ16 does not apply to half precision. */
  readonly cv?: boolean;
  /** Half precision in the Arm alternative format (FPCR.AHP on conversions). */
  readonly ahp?: boolean;
}

const NO_MODE: Mode = {};

function flushes(env: FpEnv, fmt: FpFormat, mode: Mode): boolean {
  if (fmt.half) return !mode.cv && (env.fpcr & FPCR_FZ16) !== 0;
  return (env.fpcr & FPCR_FZ) !== 0;
}

export function unpack(env: FpEnv, fmt: FpFormat, bits: bigint, mode: Mode = NO_MODE): Unpacked {
  const sign = Number(bits >> BigInt(fmt.width - 1)) & 1;
  const expField = Number((bits >> fmt.fshift) & BigInt(fmt.expMax));
  const frac = bits & fmt.fracMask;
  if (expField === 0) {
    if (frac === 0n) return { type: ZERO, sign, mant: 0n, exp: 0, bits };
    if (flushes(env, fmt, mode)) {
      // qemu does not report IDC for FZ16 flushes.
      if (!fmt.half) env.flags |= FPSR_IDC;
      return { type: ZERO, sign, mant: 0n, exp: 0, bits };
    }
    return { type: FINITE, sign, mant: frac, exp: fmt.emin - fmt.fbits, bits };
  }
  if (expField === fmt.expMax && !(mode.ahp && fmt.half)) {
    if (frac === 0n) return { type: INF, sign, mant: 0n, exp: 0, bits };
    return { type: (frac & fmt.quietBit) !== 0n ? QNAN : SNAN, sign, mant: 0n, exp: 0, bits };
  }
  return { type: FINITE, sign, mant: frac | (1n << fmt.fshift), exp: expField - fmt.bias - fmt.fbits, bits };
}

export function isNaNType(t: FpType): boolean {
  return t === QNAN || t === SNAN;
}

export function zero(fmt: FpFormat, sign: number): bigint {
  return sign ? fmt.signBit : 0n;
}

export function infinity(fmt: FpFormat, sign: number): bigint {
  return (sign ? fmt.signBit : 0n) | fmt.infBits;
}

export function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** FPProcessNaN: quiets a NaN (IOC for a signalling one), or the default NaN under FPCR.DN. */
export function processNaN(env: FpEnv, fmt: FpFormat, a: Unpacked): bigint {
  if (a.type === SNAN) env.flags |= FPSR_IOC;
  if (env.fpcr & FPCR_DN) return fmt.defaultNaN;
  return a.bits | fmt.quietBit;
}

/** FPProcessNaNs: the NaN result of a two-operand operation, or null when neither is a NaN. */
export function processNaNs(env: FpEnv, fmt: FpFormat, a: Unpacked, b: Unpacked): bigint | null {
  if (a.type === SNAN) return processNaN(env, fmt, a);
  if (b.type === SNAN) return processNaN(env, fmt, b);
  if (a.type === QNAN) return processNaN(env, fmt, a);
  if (b.type === QNAN) return processNaN(env, fmt, b);
  return null;
}

/** FPProcessNaNs3 (operand order as in FPMulAdd: addend first). */
export function processNaNs3(env: FpEnv, fmt: FpFormat, a: Unpacked, b: Unpacked, c: Unpacked): bigint | null {
  if (a.type === SNAN) return processNaN(env, fmt, a);
  if (b.type === SNAN) return processNaN(env, fmt, b);
  if (c.type === SNAN) return processNaN(env, fmt, c);
  if (a.type === QNAN) return processNaN(env, fmt, a);
  if (b.type === QNAN) return processNaN(env, fmt, b);
  if (c.type === QNAN) return processNaN(env, fmt, c);
  return null;
}

/**
 * FPRound: rounds (-1)^sign * mant * 2^exp (mant > 0) to `fmt`, raising UFC/OFC/IXC (IOC for
 * the alternative half-precision format) and flushing tiny results under FZ/FZ16.
 */
export function round(
  env: FpEnv,
  fmt: FpFormat,
  sign: number,
  mant: bigint,
  exp: number,
  rounding: Rounding,
  mode: Mode = NO_MODE,
): bigint {
  const top = bitLength(mant) - 1 + exp;
  if (top < fmt.emin && flushes(env, fmt, mode)) {
    env.flags |= FPSR_UFC;
    return zero(fmt, sign);
  }
  let biasedExp = Math.max(top - fmt.emin + 1, 0);
  const quantum = biasedExp === 0 ? fmt.emin - fmt.fbits : top - fmt.fbits;
  let intMant: bigint;
  let rem = 0n;
  let half = 0n;
  if (quantum > exp) {
    const shift = BigInt(quantum - exp);
    intMant = mant >> shift;
    rem = mant & ((1n << shift) - 1n);
    half = 1n << (shift - 1n);
  } else {
    intMant = mant << BigInt(exp - quantum);
  }
  const inexact = rem !== 0n;
  if (biasedExp === 0 && inexact) env.flags |= FPSR_UFC;
  let roundUp = false;
  switch (rounding) {
    case RN:
      roundUp = rem > half || (rem === half && inexact && (intMant & 1n) === 1n);
      break;
    case RP:
      roundUp = inexact && sign === 0;
      break;
    case RM:
      roundUp = inexact && sign === 1;
      break;
    case RA:
      roundUp = inexact && rem >= half;
      break;
    case RO:
      if (inexact) intMant |= 1n;
      break;
    default:
      break;
  }
  if (roundUp) {
    intMant += 1n;
    if (intMant === 1n << (fmt.fshift + 1n)) {
      biasedExp += 1;
      intMant >>= 1n;
    } else if (biasedExp === 0 && intMant === 1n << fmt.fshift) {
      biasedExp = 1;
    }
  }
  const signBits = sign ? fmt.signBit : 0n;
  let result: bigint;
  let raiseInexact = inexact;
  if (mode.ahp && fmt.half) {
    if (biasedExp > fmt.expMax) {
      env.flags |= FPSR_IOC;
      return signBits | (fmt.signBit - 1n);
    }
    result = signBits | (BigInt(biasedExp) << fmt.fshift) | (intMant & fmt.fracMask);
  } else if (biasedExp >= fmt.expMax) {
    const toInf =
      rounding === RN || rounding === RA || (rounding === RP && sign === 0) || (rounding === RM && sign === 1);
    result = signBits | (toInf ? fmt.infBits : fmt.maxNormal);
    env.flags |= FPSR_OFC;
    raiseInexact = true;
  } else {
    result = signBits | (BigInt(biasedExp) << fmt.fshift) | (intMant & fmt.fracMask);
  }
  if (raiseInexact) env.flags |= FPSR_IXC;
  return result;
}

/** Rounds a signed exact value num * 2^exp; a zero value gives a zero of `zeroSign`. */
function roundSigned(env: FpEnv, fmt: FpFormat, num: bigint, exp: number, rounding: Rounding, zeroSign: number): bigint {
  if (num === 0n) return zero(fmt, zeroSign);
  return num < 0n ? round(env, fmt, 1, -num, exp, rounding) : round(env, fmt, 0, num, exp, rounding);
}

function signedMant(u: Unpacked): bigint {
  return u.sign ? -u.mant : u.mant;
}

// ---- arithmetic ----------------------------------------------------------------------------

/** FPAdd (or FPSub when `subtract`: op2's sign is flipped for the arithmetic, not for NaNs). */
export function add(env: FpEnv, fmt: FpFormat, op1: bigint, op2: bigint, subtract = false): bigint {
  const a = unpack(env, fmt, op1);
  const b = unpack(env, fmt, op2);
  const nan = processNaNs(env, fmt, a, b);
  if (nan !== null) return nan;
  const rounding = fpcrRounding(env.fpcr);
  const signB = subtract ? b.sign ^ 1 : b.sign;
  if (a.type === INF && b.type === INF && a.sign !== signB) {
    env.flags |= FPSR_IOC;
    return fmt.defaultNaN;
  }
  if (a.type === INF) return infinity(fmt, a.sign);
  if (b.type === INF) return infinity(fmt, signB);
  if (a.type === ZERO && b.type === ZERO && a.sign === signB) return zero(fmt, a.sign);
  const e = Math.min(a.type === ZERO ? Infinity : a.exp, b.type === ZERO ? Infinity : b.exp);
  let sum = 0n;
  if (a.type !== ZERO) sum += signedMant(a) << BigInt(a.exp - e);
  if (b.type !== ZERO) sum += (signB ? -b.mant : b.mant) << BigInt(b.exp - e);
  return roundSigned(env, fmt, sum, e, rounding, rounding === RM ? 1 : 0);
}

export function mul(env: FpEnv, fmt: FpFormat, op1: bigint, op2: bigint): bigint {
  const a = unpack(env, fmt, op1);
  const b = unpack(env, fmt, op2);
  const nan = processNaNs(env, fmt, a, b);
  if (nan !== null) return nan;
  const sign = a.sign ^ b.sign;
  if ((a.type === INF && b.type === ZERO) || (a.type === ZERO && b.type === INF)) {
    env.flags |= FPSR_IOC;
    return fmt.defaultNaN;
  }
  if (a.type === INF || b.type === INF) return infinity(fmt, sign);
  if (a.type === ZERO || b.type === ZERO) return zero(fmt, sign);
  return round(env, fmt, sign, a.mant * b.mant, a.exp + b.exp, fpcrRounding(env.fpcr));
}

export function div(env: FpEnv, fmt: FpFormat, op1: bigint, op2: bigint): bigint {
  const a = unpack(env, fmt, op1);
  const b = unpack(env, fmt, op2);
  const nan = processNaNs(env, fmt, a, b);
  if (nan !== null) return nan;
  const sign = a.sign ^ b.sign;
  if ((a.type === INF && b.type === INF) || (a.type === ZERO && b.type === ZERO)) {
    env.flags |= FPSR_IOC;
    return fmt.defaultNaN;
  }
  if (a.type === INF) return infinity(fmt, sign);
  if (b.type === ZERO) {
    env.flags |= FPSR_DZC;
    return infinity(fmt, sign);
  }
  if (a.type === ZERO || b.type === INF) return zero(fmt, sign);
  const k = Math.max(0, fmt.fbits + 4 + bitLength(b.mant) - bitLength(a.mant));
  const num = a.mant << BigInt(k);
  const q = num / b.mant;
  const sticky = num % b.mant !== 0n ? 1n : 0n;
  return round(env, fmt, sign, (q << 1n) | sticky, a.exp - b.exp - k - 1, fpcrRounding(env.fpcr));
}

export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function sqrt(env: FpEnv, fmt: FpFormat, op: bigint): bigint {
  const a = unpack(env, fmt, op);
  if (isNaNType(a.type)) return processNaN(env, fmt, a);
  if (a.type === ZERO) return zero(fmt, a.sign);
  if (a.sign) {
    env.flags |= FPSR_IOC;
    return fmt.defaultNaN;
  }
  if (a.type === INF) return a.bits;
  let m = a.mant;
  let e = a.exp;
  if (e & 1) {
    m <<= 1n;
    e -= 1;
  }
  const k = Math.max(0, Math.ceil((2 * fmt.fbits + 8 - bitLength(m)) / 2));
  const n = m << BigInt(2 * k);
  const s = isqrt(n);
  const sticky = s * s !== n ? 1n : 0n;
  return round(env, fmt, 0, (s << 1n) | sticky, (e - 2 * k) / 2 - 1, fpcrRounding(env.fpcr));
}

/** FPMulAdd: addend + op1 * op2 with a single rounding. */
export function mulAdd(env: FpEnv, fmt: FpFormat, addend: bigint, op1: bigint, op2: bigint): bigint {
  const a = unpack(env, fmt, addend);
  const b = unpack(env, fmt, op1);
  const c = unpack(env, fmt, op2);
  const inf1 = b.type === INF;
  const inf2 = c.type === INF;
  const zero1 = b.type === ZERO;
  const zero2 = c.type === ZERO;
  if (a.type === QNAN && ((inf1 && zero2) || (zero1 && inf2))) {
    env.flags |= FPSR_IOC;
    return fmt.defaultNaN;
  }
  const nan = processNaNs3(env, fmt, a, b, c);
  if (nan !== null) return nan;
  const signP = b.sign ^ c.sign;
  const infP = inf1 || inf2;
  const zeroP = zero1 || zero2;
  if ((inf1 && zero2) || (zero1 && inf2) || (a.type === INF && infP && a.sign !== signP)) {
    env.flags |= FPSR_IOC;
    return fmt.defaultNaN;
  }
  if (a.type === INF) return infinity(fmt, a.sign);
  if (infP) return infinity(fmt, signP);
  const rounding = fpcrRounding(env.fpcr);
  if (a.type === ZERO && zeroP && a.sign === signP) return zero(fmt, a.sign);
  let sum = 0n;
  let e = 0;
  if (!zeroP) {
    e = b.exp + c.exp;
    sum = signP ? -(b.mant * c.mant) : b.mant * c.mant;
  }
  if (a.type !== ZERO) {
    if (zeroP) {
      sum = signedMant(a);
      e = a.exp;
    } else if (a.exp >= e) {
      sum += signedMant(a) << BigInt(a.exp - e);
    } else {
      sum = (sum << BigInt(e - a.exp)) + signedMant(a);
      e = a.exp;
    }
  }
  return roundSigned(env, fmt, sum, e, rounding, rounding === RM ? 1 : 0);
}

// ---- comparisons, minimum and maximum ------------------------------------------------------

/** Compares two finite-or-infinite non-NaN operands: -1, 0 or 1. */
function compareValues(a: Unpacked, b: Unpacked): number {
  const key = (u: Unpacked): [number, bigint, number] => {
    if (u.type === ZERO) return [0, 0n, 0];
    if (u.type === INF) return [u.sign ? -1 : 1, 1n, Infinity];
    return [u.sign ? -1 : 1, u.mant, u.exp];
  };
  const [sa, ma, ea] = key(a);
  const [sb, mb, eb] = key(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  let mag: number;
  if (ea === Infinity || eb === Infinity) mag = ea === eb ? 0 : ea === Infinity ? 1 : -1;
  else {
    const e = Math.min(ea, eb);
    const x = ma << BigInt(ea - e);
    const y = mb << BigInt(eb - e);
    mag = x === y ? 0 : x > y ? 1 : -1;
  }
  return sa < 0 ? -mag : mag;
}

/** FPCompare: NZCV as a 4-bit value (N in bit 3). */
export function compare(env: FpEnv, fmt: FpFormat, op1: bigint, op2: bigint, signalAllNaNs: boolean): number {
  const a = unpack(env, fmt, op1);
  const b = unpack(env, fmt, op2);
  if (isNaNType(a.type) || isNaNType(b.type)) {
    if (signalAllNaNs || a.type === SNAN || b.type === SNAN) env.flags |= FPSR_IOC;
    return 0b0011;
  }
  const c = compareValues(a, b);
  return c === 0 ? 0b0110 : c < 0 ? 0b1000 : 0b0010;
}

function maxMinResult(fmt: FpFormat, chosen: Unpacked, zeroSign: number): bigint {
  if (chosen.type === ZERO) return zero(fmt, zeroSign);
  if (chosen.type === INF) return infinity(fmt, chosen.sign);
  return chosen.bits;
}

/** FPMax / FPMin. */
export function maxMin(env: FpEnv, fmt: FpFormat, op1: bigint, op2: bigint, isMax: boolean): bigint {
  const a = unpack(env, fmt, op1);
  const b = unpack(env, fmt, op2);
  const nan = processNaNs(env, fmt, a, b);
  if (nan !== null) return nan;
  const c = compareValues(a, b);
  const chosen = isMax ? (c > 0 ? a : b) : c < 0 ? a : b;
  const zeroSign = isMax ? a.sign & b.sign : a.sign | b.sign;
  return maxMinResult(fmt, chosen, zeroSign);
}

/** FPMaxNum / FPMinNum: a single quiet NaN loses against a number. */
export function maxMinNum(env: FpEnv, fmt: FpFormat, op1: bigint, op2: bigint, isMax: boolean): bigint {
  const a = unpack(env, fmt, op1);
  const b = unpack(env, fmt, op2);
  const sign = isMax ? 1 : 0;
  if (a.type === QNAN && b.type !== QNAN) return maxMin(env, fmt, infinity(fmt, sign), op2, isMax);
  if (a.type !== QNAN && b.type === QNAN) return maxMin(env, fmt, op1, infinity(fmt, sign), isMax);
  return maxMin(env, fmt, op1, op2, isMax);
}

// ---- conversions ---------------------------------------------------------------------------

/** FPConvert between formats (FCVT). `ahp`: half-precision side uses FPCR.AHP. */
export function convert(env: FpEnv, from: FpFormat, to: FpFormat, op: bigint, rounding: Rounding): bigint {
  const ahp = (env.fpcr & FPCR_AHP) !== 0;
  const a = unpack(env, from, op, { cv: true, ahp });
  const altOut = ahp && to.half;
  if (isNaNType(a.type)) {
    if (altOut) {
      env.flags |= FPSR_IOC;
      return zero(to, a.sign);
    }
    if (a.type === SNAN) env.flags |= FPSR_IOC;
    if (env.fpcr & FPCR_DN) return to.defaultNaN;
    const frac = a.bits & from.fracMask;
    const shift = to.fbits - from.fbits;
    const payload = shift >= 0 ? frac << BigInt(shift) : frac >> BigInt(-shift);
    return (a.sign ? to.signBit : 0n) | to.infBits | to.quietBit | payload;
  }
  if (a.type === INF) {
    if (altOut) {
      env.flags |= FPSR_IOC;
      return (a.sign ? to.signBit : 0n) | (to.signBit - 1n);
    }
    return infinity(to, a.sign);
  }
  if (a.type === ZERO) return zero(to, a.sign);
  return round(env, to, a.sign, a.mant, a.exp, rounding, { cv: true, ahp: altOut });
}

/** Whether rounding a value with integer part `int` and fraction rem/2^shift goes up (FPToFixed). */
function roundsUp(int: bigint, rem: bigint, shift: number, rounding: Rounding): boolean {
  if (rem === 0n) return false;
  const half = 1n << BigInt(shift - 1);
  switch (rounding) {
    case RN:
      return rem > half || (rem === half && (int & 1n) === 1n);
    case RP:
      return true;
    case RM:
      return false;
    case RZ:
      return int < 0n;
    case RA:
      return rem > half || (rem === half && int >= 0n);
    default:
      return false;
  }
}

/** Exact value of a finite operand times 2^fbits, rounded to an integer; sets `inexact`. */
function roundToInteger(a: Unpacked, fbits: number, rounding: Rounding): { int: bigint; inexact: boolean } {
  const e = a.exp + fbits;
  const v = signedMant(a);
  if (e >= 0) return { int: v << BigInt(e), inexact: false };
  const shift = -e;
  const int = v >> BigInt(shift);
  const rem = v - (int << BigInt(shift));
  return { int: roundsUp(int, rem, shift, rounding) ? int + 1n : int, inexact: rem !== 0n };
}

/**
 * FPToFixed: the operand times 2^fbits as an integer of `width` bits (unsigned or two's
 * complement, returned as a non-negative BigInt), saturating with IOC.
 */
export function toFixed(
  env: FpEnv,
  fmt: FpFormat,
  op: bigint,
  fbits: number,
  unsigned: boolean,
  rounding: Rounding,
  width: number,
): bigint {
  const a = unpack(env, fmt, op);
  if (isNaNType(a.type)) {
    env.flags |= FPSR_IOC;
    return 0n;
  }
  const max = unsigned ? (1n << BigInt(width)) - 1n : (1n << BigInt(width - 1)) - 1n;
  const min = unsigned ? 0n : -(1n << BigInt(width - 1));
  if (a.type === INF) {
    env.flags |= FPSR_IOC;
    return BigInt.asUintN(width, a.sign ? min : max);
  }
  if (a.type === ZERO) return 0n;
  const { int, inexact } = roundToInteger(a, fbits, rounding);
  if (int > max || int < min) {
    env.flags |= FPSR_IOC;
    return BigInt.asUintN(width, int > max ? max : min);
  }
  if (inexact) env.flags |= FPSR_IXC;
  return BigInt.asUintN(width, int);
}

/** FixedToFP: an integer (already signed or unsigned as the caller decoded it) / 2^fbits. */
export function fromFixed(env: FpEnv, fmt: FpFormat, value: bigint, fbits: number, rounding: Rounding): bigint {
  if (value === 0n) return 0n;
  return value < 0n ? round(env, fmt, 1, -value, -fbits, rounding) : round(env, fmt, 0, value, -fbits, rounding);
}

/** FPRoundInt (FRINTN/P/M/Z/A/I, and FRINTX with `exact`). */
export function roundInt(env: FpEnv, fmt: FpFormat, op: bigint, rounding: Rounding, exact: boolean): bigint {
  const a = unpack(env, fmt, op);
  if (isNaNType(a.type)) return processNaN(env, fmt, a);
  if (a.type === INF) return infinity(fmt, a.sign);
  if (a.type === ZERO) return zero(fmt, a.sign);
  const { int, inexact } = roundToInteger(a, 0, rounding);
  if (inexact && exact) env.flags |= FPSR_IXC;
  if (int === 0n) return zero(fmt, a.sign);
  return int < 0n ? round(env, fmt, 1, -int, 0, RZ) : round(env, fmt, 0, int, 0, RZ);
}

/** FPRoundIntN (FRINT32Z/X, FRINT64Z/X): out of range or NaN/infinity gives -2^(n-1) with IOC. */
export function roundIntN(env: FpEnv, fmt: FpFormat, op: bigint, rounding: Rounding, intsize: number): bigint {
  const a = unpack(env, fmt, op);
  const minInt = (): bigint => fmt.signBit | (BigInt(fmt.bias + intsize - 1) << fmt.fshift);
  if (a.type === ZERO) return zero(fmt, a.sign);
  if (a.type !== FINITE) {
    env.flags |= FPSR_IOC;
    return minInt();
  }
  const { int, inexact } = roundToInteger(a, 0, rounding);
  const limit = 1n << BigInt(intsize - 1);
  if (int >= limit || int < -limit) {
    env.flags |= FPSR_IOC;
    return minInt();
  }
  if (inexact) env.flags |= FPSR_IXC;
  if (int === 0n) return zero(fmt, a.sign);
  return int < 0n ? round(env, fmt, 1, -int, 0, RZ) : round(env, fmt, 0, int, 0, RZ);
}
