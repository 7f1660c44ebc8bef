/**
 * FRECPE, FRSQRTE and FRECPX (Arm ARM FPRecipEstimate, FPRSqrtEstimate, FPRecpX; 8-bit
 * estimates, no FEAT_RPRES), on lanes as in fp-lanes.ts.
 */
import {
  FPCR_FZ,
  FPCR_FZ16,
  FPSR_DZC,
  FPSR_IOC,
  FPSR_IXC,
  FPSR_OFC,
  FPSR_UFC,
  fpcrRounding,
  infinity,
  isNaNType,
  processNaN,
  RM,
  RN,
  RP,
  unpack,
  zero,
  INF,
  ZERO,
  type FpEnv,
  type FpFormat,
} from './fp-soft.js';
import { beginSoft, endSoft, formatOf, readLane, writeLane, type FpCpu, type FpWidth } from './fp-lanes.js';

/** RecipEstimate: a in [256, 512) is a fixed-point value in [0.5, 1); result in [256, 512). */
export function recipEstimate(a: number): number {
  const b = Math.floor(2 ** 19 / (a * 2 + 1));
  return (b + 1) >> 1;
}

/** RecipSqrtEstimate: a in [128, 512) is a fixed-point value in [0.25, 1); result in [256, 512). */
export function recipSqrtEstimate(a: number): number {
  const x = a < 256 ? a * 2 + 1 : (((a >> 1) << 1) + 1) * 2;
  let b = 512;
  while (x * (b + 1) * (b + 1) < 2 ** 28) b++;
  return (b + 1) >> 1;
}

/** Exponent field and fraction left-aligned to 52 bits. */
function fields(fmt: FpFormat, bits: bigint): { exp: number; fraction: bigint } {
  return {
    exp: Number((bits >> fmt.fshift) & BigInt(fmt.expMax)),
    fraction: (bits & fmt.fracMask) << BigInt(52 - fmt.fbits),
  };
}

function pack(fmt: FpFormat, sign: number, exp: number, fraction52: bigint): bigint {
  return (sign ? fmt.signBit : 0n) | (BigInt(exp) << fmt.fshift) | (fraction52 >> BigInt(52 - fmt.fbits));
}

const FRAC52 = (1n << 52n) - 1n;

export function recipEstimateBits(env: FpEnv, fmt: FpFormat, op: bigint): bigint {
  const a = unpack(env, fmt, op);
  if (isNaNType(a.type)) return processNaN(env, fmt, a);
  if (a.type === INF) return zero(fmt, a.sign);
  if (a.type === ZERO) {
    env.flags |= FPSR_DZC;
    return infinity(fmt, a.sign);
  }
  // |value| < 2^-(bias+1): the reciprocal overflows.
  const top = a.mant.toString(2).length - 1 + a.exp;
  if (top < -(fmt.bias + 1)) {
    const rounding = fpcrRounding(env.fpcr);
    const toInf = rounding === RN || (rounding === RP && a.sign === 0) || (rounding === RM && a.sign === 1);
    env.flags |= FPSR_OFC | FPSR_IXC;
    return toInf ? infinity(fmt, a.sign) : (a.sign ? fmt.signBit : 0n) | fmt.maxNormal;
  }
  const fz = fmt.width === 16 ? env.fpcr & FPCR_FZ16 : env.fpcr & FPCR_FZ;
  if (fz && top >= fmt.bias - 1) {
    env.flags |= FPSR_UFC;
    return zero(fmt, a.sign);
  }
  let { exp, fraction } = fields(fmt, op);
  if (exp === 0) {
    if ((fraction >> 51n) === 0n) {
      exp = -1;
      fraction = (fraction << 2n) & FRAC52;
    } else {
      fraction = (fraction << 1n) & FRAC52;
    }
  }
  const scaled = 256 + Number(fraction >> 44n);
  let resultExp = 2 * fmt.bias - 1 - exp;
  let outFraction = BigInt(recipEstimate(scaled) & 0xff) << 44n;
  if (resultExp === 0) {
    outFraction = (1n << 51n) | (outFraction >> 1n);
  } else if (resultExp === -1) {
    outFraction = (1n << 50n) | (outFraction >> 2n);
    resultExp = 0;
  }
  return pack(fmt, a.sign, resultExp, outFraction);
}

export function rsqrtEstimateBits(env: FpEnv, fmt: FpFormat, op: bigint): bigint {
  const a = unpack(env, fmt, op);
  if (isNaNType(a.type)) return processNaN(env, fmt, a);
  if (a.type === ZERO) {
    env.flags |= FPSR_DZC;
    return infinity(fmt, a.sign);
  }
  if (a.sign) {
    env.flags |= FPSR_IOC;
    return fmt.defaultNaN;
  }
  if (a.type === INF) return 0n;
  let { exp, fraction } = fields(fmt, op);
  if (exp === 0) {
    while ((fraction >> 51n) === 0n) {
      fraction = (fraction << 1n) & FRAC52;
      exp -= 1;
    }
    fraction = (fraction << 1n) & FRAC52;
  }
  const scaled = (exp & 1) === 1 ? 128 + Number(fraction >> 45n) : 256 + Number(fraction >> 44n);
  const resultExp = Math.floor((3 * fmt.bias - 1 - exp) / 2);
  return pack(fmt, 0, resultExp, BigInt(recipSqrtEstimate(scaled) & 0xff) << 44n);
}

export function recpXBits(env: FpEnv, fmt: FpFormat, op: bigint): bigint {
  const a = unpack(env, fmt, op);
  if (isNaNType(a.type)) return processNaN(env, fmt, a);
  const exp = a.type === ZERO ? 0 : Number((op >> fmt.fshift) & BigInt(fmt.expMax));
  const outExp = exp === 0 ? fmt.expMax - 1 : ~exp & fmt.expMax;
  return (a.sign ? fmt.signBit : 0n) | (BigInt(outExp) << fmt.fshift);
}

function estimate(c: FpCpu, width: FpWidth, d: number, n: number, fn: typeof recpXBits): void {
  const env = beginSoft(c);
  writeLane(c, width, d, fn(env, formatOf(width), readLane(c, width, n)));
  endSoft(c);
}

export function fpRecipEstimate(c: FpCpu, width: FpWidth, d: number, n: number): void {
  estimate(c, width, d, n, recipEstimateBits);
}

export function fpRsqrtEstimate(c: FpCpu, width: FpWidth, d: number, n: number): void {
  estimate(c, width, d, n, rsqrtEstimateBits);
}

export function fpRecpX(c: FpCpu, width: FpWidth, d: number, n: number): void {
  estimate(c, width, d, n, recpXBits);
}
