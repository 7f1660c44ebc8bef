import { describe, expect, it } from 'vitest';
import {
  FP_ADD,
  FP_MAX,
  FP_MAXNM,
  FP_MIN,
  FP_MUL,
  FP_SUB,
  FP_RMODE_FPCR,
  fpAdd32,
  fpAdd64,
  fpBinop,
  fpCmp,
  fpBfcvt,
  fpCvt,
  fpDiv32,
  fpDiv64,
  fpFromInt,
  fpJsConvert,
  fpMinMax64,
  fpMul32,
  fpMul64,
  fpMulAdd32,
  fpMulAdd64,
  fpMulAddSlow,
  fpNmul64,
  fpRoundInt,
  fpRoundIntN,
  fpSqrt32,
  fpSqrt64,
  fpSub64,
  fpSqrtSlow as fpSqrtSlowRef,
  fpToInt,
  fpRecipEstimate,
  fpRecpX,
  fpRsqrtEstimate,
} from './fp.js';
import { R } from './scratch.js';
import { FPCR_AHP, FPCR_DN, FPCR_FZ, FPCR_FZ16, RA, RM, RN, RP, RZ } from './fp-soft.js';
import { FpRegs, bitsD, bitsS } from './fp.testkit.js';

const IOC = 1;
const DZC = 2;
const OFC = 4;
const UFC = 8;
const IXC = 16;
const IDC = 128;
const mode = (r: number): number => r << 22;

const D_ONE = 0x3ff0000000000000n;
const D_MAX = 0x7fefffffffffffffn;
const D_INF = 0x7ff0000000000000n;
const D_DEFAULT_NAN = 0x7ff8000000000000n;
const S_ONE = 0x3f800000;
const S_INF = 0x7f800000;
const S_DEFAULT_NAN = 0x7fc00000;

/** Runs a two-operand double helper on V1, V2 into V0: [result bits, fpsr]. */
function d2(fn: (c: FpRegs, d: number, n: number, m: number) => void, a: bigint, b: bigint, fpcr = 0): [bigint, number] {
  const c = new FpRegs(fpcr).setD(1, a).setD(2, b);
  fn(c, 0, 2, 4);
  return [c.d(0), c.fpsr];
}

function s2(fn: (c: FpRegs, d: number, n: number, m: number) => void, a: number, b: number, fpcr = 0): [number, number] {
  const c = new FpRegs(fpcr).setS(1, a).setS(2, b);
  fn(c, 0, 4, 8);
  return [c.s(0), c.fpsr];
}

const dOp = (op: number) => (c: FpRegs, d: number, n: number, m: number) => fpBinop(c, op, 64, d, n, m);
const hOp = (op: number) => (c: FpRegs, d: number, n: number, m: number): void => fpBinop(c, op, 16, 8 * (d / 2), 8 * (n / 2), 8 * (m / 2));

describe('addition and subtraction', () => {
  it('rounds to nearest, ties to even, and flags IXC', () => {
    // 1 + 2^-53 is halfway between 1 and 1+2^-52: the even neighbour is 1.
    expect(d2(fpAdd64, D_ONE, 0x3ca0000000000000n)).toEqual([D_ONE, IXC]);
    // 1 + 3*2^-54 is above the halfway point.
    expect(d2(fpAdd64, D_ONE, 0x3ca8000000000000n)).toEqual([0x3ff0000000000001n, IXC]);
    // (1+2^-52) + 2^-53: halfway again, now the even neighbour is 1+2^-51.
    expect(d2(fpAdd64, 0x3ff0000000000001n, 0x3ca0000000000000n)).toEqual([0x3ff0000000000002n, IXC]);
    expect(d2(fpAdd64, D_ONE, D_ONE)).toEqual([0x4000000000000000n, 0]);
  });

  it('honours the directed rounding modes', () => {
    const tiny = 0x3ca0000000000000n; // 2^-53
    expect(d2(fpAdd64, D_ONE, tiny, mode(RP))).toEqual([0x3ff0000000000001n, IXC]);
    expect(d2(fpAdd64, D_ONE, tiny, mode(RM))).toEqual([D_ONE, IXC]);
    expect(d2(fpAdd64, D_ONE, tiny, mode(RZ))).toEqual([D_ONE, IXC]);
    const negOne = D_ONE | (1n << 63n);
    const negTiny = tiny | (1n << 63n);
    expect(d2(fpAdd64, negOne, negTiny, mode(RM))).toEqual([0xbff0000000000001n, IXC]);
    expect(d2(fpAdd64, negOne, negTiny, mode(RP))).toEqual([negOne, IXC]);
    expect(d2(fpAdd64, negOne, negTiny, mode(RZ))).toEqual([negOne, IXC]);
  });

  it('gives the zero signs of IEEE 754 (x - x is -0 only when rounding down)', () => {
    const x = 0x400921fb54442d18n;
    expect(d2(fpSub64, x, x)).toEqual([0n, 0]);
    expect(d2(fpSub64, x, x, mode(RM))).toEqual([1n << 63n, 0]);
    expect(d2(fpAdd64, 1n << 63n, 1n << 63n)).toEqual([1n << 63n, 0]);
    expect(d2(fpAdd64, 1n << 63n, 0n)).toEqual([0n, 0]);
    expect(d2(fpAdd64, 1n << 63n, 0n, mode(RM))).toEqual([1n << 63n, 0]);
  });

  it('overflows to infinity or the largest finite value by rounding mode', () => {
    expect(d2(fpAdd64, D_MAX, D_MAX)).toEqual([D_INF, OFC | IXC]);
    expect(d2(fpAdd64, D_MAX, D_MAX, mode(RZ))).toEqual([D_MAX, OFC | IXC]);
    expect(d2(fpAdd64, D_MAX, D_MAX, mode(RM))).toEqual([D_MAX, OFC | IXC]);
    expect(d2(fpAdd64, D_MAX | (1n << 63n), D_MAX | (1n << 63n), mode(RP))).toEqual([D_MAX | (1n << 63n), OFC | IXC]);
    expect(s2(fpAdd32, 0x7f7fffff, 0x7f7fffff)).toEqual([S_INF, OFC | IXC]);
  });

  it('makes inf - inf the default NaN with IOC', () => {
    expect(d2(fpSub64, D_INF, D_INF)).toEqual([D_DEFAULT_NAN, IOC]);
    expect(d2(fpAdd64, D_INF, D_INF | (1n << 63n))).toEqual([D_DEFAULT_NAN, IOC]);
    expect(d2(fpAdd64, D_INF, D_INF)).toEqual([D_INF, 0]);
  });

  it('propagates NaNs per FPProcessNaNs: signalling first, then the first operand, payload kept', () => {
    const qnan = 0x7ff8000000000001n;
    const snan = 0x7ff0000000000002n;
    // A signalling NaN wins even as the second operand, and comes back quieted.
    expect(d2(fpAdd64, qnan, snan)).toEqual([0x7ff8000000000002n, IOC]);
    // Two quiet NaNs: the first operand, sign and payload unchanged.
    expect(d2(fpAdd64, 0xfff8000000000005n, 0x7ff800000000000an)).toEqual([0xfff8000000000005n, 0]);
    expect(d2(fpAdd64, D_ONE, 0xfff800000000abcdn)).toEqual([0xfff800000000abcdn, 0]);
    // FSUB does not flip the sign of a NaN second operand.
    expect(d2(fpSub64, D_ONE, 0x7ff800000000abcdn)).toEqual([0x7ff800000000abcdn, 0]);
    // FPCR.DN replaces any NaN result with the default NaN.
    expect(d2(fpAdd64, qnan, D_ONE, FPCR_DN)).toEqual([D_DEFAULT_NAN, 0]);
    expect(d2(fpAdd64, snan, D_ONE, FPCR_DN)).toEqual([D_DEFAULT_NAN, IOC]);
    expect(s2(fpAdd32, S_ONE, 0x7f800001)).toEqual([0x7fc00001, IOC]);
  });

  it('single precision: 1 + 2^-24 ties to 1, 1 + 2^-23 is exact', () => {
    expect(s2(fpAdd32, S_ONE, 0x33800000)).toEqual([S_ONE, IXC]);
    expect(s2(fpAdd32, S_ONE, 0x34000000)).toEqual([0x3f800001, 0]);
    // 2^100 + 2^-100 is inexact although both terms fit in a double.
    expect(s2(fpAdd32, 0x71800000, 0x0d800000)).toEqual([0x71800000, IXC]);
  });

  it('half precision: 1 + 2^-11 ties to 1', () => {
    const c = new FpRegs().setH(1, 0x3c00).setH(2, 0x1000);
    fpBinop(c, FP_ADD, 16, 0, 8, 16);
    expect([c.h(0), c.fpsr]).toEqual([0x3c00, IXC]);
  });
});

describe('denormals, underflow and flush-to-zero', () => {
  const MIN_SUB = 1n;
  it('adds subnormals exactly without flags, or flushes them with IDC under FZ', () => {
    expect(d2(fpAdd64, MIN_SUB, MIN_SUB)).toEqual([2n, 0]);
    expect(d2(fpAdd64, MIN_SUB, D_ONE, FPCR_FZ)).toEqual([D_ONE, IDC]);
    expect(d2(fpAdd64, MIN_SUB, 0n, FPCR_FZ)).toEqual([0n, IDC]);
    expect(d2(fpAdd64, MIN_SUB | (1n << 63n), 0n, FPCR_FZ)).toEqual([0n, IDC]);
  });

  it('detects tininess before rounding (Arm): UFC when the exact result is below 2^-1022', () => {
    // (2 - 2^-52) * 2^-1023 = 2^-1022 - 2^-1075 rounds up to 2^-1022 but was tiny before rounding.
    expect(d2(fpMul64, 0x3fffffffffffffffn, 0x0008000000000000n)).toEqual([0x0010000000000000n, UFC | IXC]);
    // (1 + 2^-52) * 2^-1023 = 2^-1023 + 2^-1075: a tie in the subnormal range, to even.
    expect(d2(fpMul64, 0x3ff0000000000001n, 0x0008000000000000n)).toEqual([0x0008000000000000n, UFC | IXC]);
    // An exact subnormal result is not an underflow.
    expect(d2(fpMul64, 0x3fe0000000000000n, 0x0010000000000000n)).toEqual([0x0008000000000000n, 0]);
    // Single: 2^-126 * (1 - 2^-24) is tiny and rounds to 2^-126.
    expect(s2(fpMul32, 0x00800000, 0x3f7fffff)).toEqual([0x00800000, UFC | IXC]);
  });

  it('flushes tiny results to zero under FZ with UFC only', () => {
    // 2^-1000 * 2^-30 = 2^-1030.
    expect(d2(fpMul64, 0x0170000000000000n, 0x3e10000000000000n, FPCR_FZ)).toEqual([0n, UFC]);
    expect(d2(fpMul64, 0x0170000000000000n, 0xbe10000000000000n, FPCR_FZ)).toEqual([1n << 63n, UFC]);
    // Without FZ the same product is an exact subnormal.
    expect(d2(fpMul64, 0x0170000000000000n, 0x3e10000000000000n)).toEqual([0x0000100000000000n, 0]);
  });

  it('uses FZ16 (not FZ) for half precision and reports no IDC for FZ16 flushes (as qemu)', () => {
    const add = hOp(FP_ADD);
    const run = (fpcr: number): [number, number] => {
      const c = new FpRegs(fpcr).setH(1, 0x0001).setH(2, 0x0001);
      add(c, 0, 2, 4);
      return [c.h(0), c.fpsr];
    };
    expect(run(0)).toEqual([0x0002, 0]);
    expect(run(FPCR_FZ)).toEqual([0x0002, 0]);
    expect(run(FPCR_FZ16)).toEqual([0, 0]);
  });
});

describe('multiplication and division', () => {
  it('multiplies infinities and zeros', () => {
    expect(d2(fpMul64, D_INF, 0n)).toEqual([D_DEFAULT_NAN, IOC]);
    expect(d2(fpMul64, D_INF, 1n << 63n)).toEqual([D_DEFAULT_NAN, IOC]);
    expect(d2(fpMul64, D_INF | (1n << 63n), D_ONE)).toEqual([D_INF | (1n << 63n), 0]);
    expect(d2(fpMul64, 1n << 63n, D_ONE)).toEqual([1n << 63n, 0]);
    expect(d2(fpMul64, 0x7fe0000000000000n, 0x4000000000000000n)).toEqual([D_INF, OFC | IXC]);
  });

  it('FNMUL negates the product, NaNs included', () => {
    expect(d2(fpNmul64, D_ONE, 0x4000000000000000n)).toEqual([0xc000000000000000n, 0]);
    expect(d2(fpNmul64, D_INF, 0n)).toEqual([D_DEFAULT_NAN | (1n << 63n), IOC]);
    expect(d2(fpNmul64, 0x7ff8000000000001n, D_ONE)).toEqual([0xfff8000000000001n, 0]);
  });

  it('divides: 1/3 rounds, x/0 raises DZC, 0/0 and inf/inf are invalid', () => {
    expect(s2(fpDiv32, S_ONE, 0x40400000)).toEqual([0x3eaaaaab, IXC]);
    expect(d2(fpDiv64, D_ONE, 0x4008000000000000n)).toEqual([0x3fd5555555555555n, IXC]);
    expect(d2(fpDiv64, D_ONE, 0n)).toEqual([D_INF, DZC]);
    expect(d2(fpDiv64, D_ONE, 1n << 63n)).toEqual([D_INF | (1n << 63n), DZC]);
    expect(d2(fpDiv64, 0n, 0n)).toEqual([D_DEFAULT_NAN, IOC]);
    expect(d2(fpDiv64, D_INF, D_INF)).toEqual([D_DEFAULT_NAN, IOC]);
    expect(d2(fpDiv64, D_INF, 0n)).toEqual([D_INF, 0]);
    expect(d2(fpDiv64, D_ONE, D_INF)).toEqual([0n, 0]);
    expect(d2(fpDiv64, 0x4018000000000000n, 0x4008000000000000n)).toEqual([0x4000000000000000n, 0]);
    // 2^-1022 / 3 is tiny and inexact.
    expect(d2(fpDiv64, 0x0010000000000000n, 0x4008000000000000n)).toEqual([0x0005555555555555n, UFC | IXC]);
  });

  it('rounds 1/3 by mode', () => {
    expect(d2(dOp(3), D_ONE, 0x4008000000000000n, mode(RP))).toEqual([0x3fd5555555555556n, IXC]);
    expect(d2(dOp(3), D_ONE, 0x4008000000000000n, mode(RZ))).toEqual([0x3fd5555555555555n, IXC]);
  });
});

describe('square root', () => {
  it('handles exact, inexact, negative and zero operands', () => {
    const c = new FpRegs().setD(1, 0x4000000000000000n);
    fpSqrt64(c, 0, 2);
    expect([c.d(0), c.fpsr]).toEqual([0x3ff6a09e667f3bcdn, IXC]);
    const one = (bits: bigint, fpcr = 0): [bigint, number] => {
      const r = new FpRegs(fpcr).setD(1, bits);
      fpSqrt64(r, 0, 2);
      return [r.d(0), r.fpsr];
    };
    expect(one(0x4010000000000000n)).toEqual([0x4000000000000000n, 0]);
    expect(one(0xbff0000000000000n)).toEqual([D_DEFAULT_NAN, IOC]);
    expect(one(1n << 63n)).toEqual([1n << 63n, 0]);
    expect(one(D_INF)).toEqual([D_INF, 0]);
    expect(one(D_INF | (1n << 63n))).toEqual([D_DEFAULT_NAN, IOC]);
    expect(one(0x4000000000000000n, mode(RP))).toEqual([0x3ff6a09e667f3bcdn, IXC]);
    expect(one(0x4000000000000000n, mode(RZ))).toEqual([0x3ff6a09e667f3bccn, IXC]);
    const s = new FpRegs().setS(1, 0x40000000);
    fpSqrt32(s, 0, 4);
    expect([s.s(0), s.fpsr]).toEqual([0x3fb504f3, IXC]);
  });
});

describe('fused multiply-add', () => {
  it('rounds once: (1+2^-30)^2 - (1+2^-29) is 2^-60, where an unfused sequence gives 0', () => {
    const c = new FpRegs().setD(1, 0x3ff0000000400000n).setD(2, 0x3ff0000000400000n).setD(3, 0xbff0000000800000n);
    fpMulAdd64(c, 0, 0, 0, 2, 4, 6);
    expect([c.d(0), c.fpsr]).toEqual([0x3c30000000000000n, 0]);
    const u = new FpRegs().setD(1, 0x3ff0000000400000n).setD(3, 0xbff0000000800000n);
    fpMul64(u, 8, 2, 2);
    fpAdd64(u, 0, 8, 6);
    expect(u.d(0)).toEqual(0n);
    // Single: (1+2^-12)^2 - (1+2^-11) = 2^-24.
    const s = new FpRegs().setS(1, 0x3f800800).setS(2, 0x3f800800).setS(3, 0xbf801000);
    fpMulAdd32(s, 0, 0, 0, 4, 8, 12);
    expect([s.s(0), s.fpsr]).toEqual([0x33800000, 0]);
  });

  it('rounds the exact sum when the product alone would round the other way', () => {
    // (1+2^-52)(1+2^-52) = 1 + 2^-51 + 2^-104; adding -2^-53... exact: 1 + 2^-51 - 2^-53 + 2^-104,
    // just above the midpoint 1 + 2^-51 - 2^-53 between 1+2^-52 and 1+2^-51, so it rounds up.
    const c = new FpRegs().setD(1, 0x3ff0000000000001n).setD(2, 0x3ff0000000000001n).setD(3, 0xbca0000000000000n);
    fpMulAdd64(c, 0, 0, 0, 2, 4, 6);
    expect([c.d(0), c.fpsr]).toEqual([0x3ff0000000000002n, IXC]);
  });

  it('FMSUB negates Rn before NaN processing; FNMADD negates the addend too', () => {
    const c = new FpRegs().setD(1, 0x7ff8000000000001n).setD(2, D_ONE).setD(3, D_ONE);
    fpMulAdd64(c, 0, 1, 0, 2, 4, 6);
    expect([c.d(0), c.fpsr]).toEqual([0xfff8000000000001n, 0]);
    const a = new FpRegs().setD(1, D_ONE).setD(2, D_ONE).setD(3, 0x7ff8000000000003n);
    fpMulAdd64(a, 1, 1, 0, 2, 4, 6);
    expect(a.d(0)).toEqual(0xfff8000000000003n);
    // FNMADD of ordinary values: -(a) - n*m.
    const b = new FpRegs().setD(1, 0x4000000000000000n).setD(2, 0x4008000000000000n).setD(3, D_ONE);
    fpMulAdd64(b, 1, 1, 0, 2, 4, 6);
    expect(b.d(0)).toEqual(0xc01c000000000000n);
  });

  it('makes inf*0 + qNaN the default NaN with IOC, and prefers the addend among NaNs', () => {
    const c = new FpRegs().setD(1, D_INF).setD(2, 0n).setD(3, 0x7ff8000000000007n);
    fpMulAdd64(c, 0, 0, 0, 2, 4, 6);
    expect([c.d(0), c.fpsr]).toEqual([D_DEFAULT_NAN, IOC]);
    const s = new FpRegs().setD(1, 0x7ff0000000000001n).setD(2, D_ONE).setD(3, 0x7ff8000000000007n);
    fpMulAdd64(s, 0, 0, 0, 2, 4, 6);
    expect([s.d(0), s.fpsr]).toEqual([0x7ff8000000000001n, IOC]);
    const q = new FpRegs().setD(1, 0x7ff8000000000001n).setD(2, D_ONE).setD(3, 0x7ff8000000000007n);
    fpMulAdd64(q, 0, 0, 0, 2, 4, 6);
    expect([q.d(0), q.fpsr]).toEqual([0x7ff8000000000007n, 0]);
    const inv = new FpRegs().setD(1, D_INF).setD(2, D_ONE).setD(3, D_INF | (1n << 63n));
    fpMulAdd64(inv, 0, 0, 0, 2, 4, 6);
    expect([inv.d(0), inv.fpsr]).toEqual([D_DEFAULT_NAN, IOC]);
  });

  it('gives exact zero sums +0, or -0 when rounding down', () => {
    const c = new FpRegs().setD(1, D_ONE).setD(2, D_ONE).setD(3, 0xbff0000000000000n);
    fpMulAdd64(c, 0, 0, 0, 2, 4, 6);
    expect(c.d(0)).toEqual(0n);
    const m = new FpRegs(mode(RM)).setD(1, D_ONE).setD(2, D_ONE).setD(3, 0xbff0000000000000n);
    fpMulAdd64(m, 0, 0, 0, 2, 4, 6);
    expect(m.d(0)).toEqual(1n << 63n);
    const z = new FpRegs().setD(1, 1n << 63n).setD(2, D_ONE).setD(3, 1n << 63n);
    fpMulAdd64(z, 0, 0, 0, 2, 4, 6);
    expect(z.d(0)).toEqual(1n << 63n);
  });

  it('half precision fuses too', () => {
    // (1+2^-6)^2 - (1+2^-5) = 2^-12 in half precision.
    const c = new FpRegs().setH(1, 0x3c10).setH(2, 0x3c10).setH(3, 0xbc20);
    fpMulAddSlow(c, 16, 0, 0, 0, 8, 16, 24);
    expect([c.h(0), c.fpsr]).toEqual([0x0c00, 0]);
  });
});

describe('minimum and maximum', () => {
  const mm = (op: number, a: bigint, b: bigint, fpcr = 0): [bigint, number] =>
    d2((c, d, n, m) => fpMinMax64(c, op, d, n, m), a, b, fpcr);
  it('orders zeros by sign and handles NaNs per FPMax/FPMaxNum', () => {
    expect(mm(FP_MAX, 0n, 1n << 63n)).toEqual([0n, 0]);
    expect(mm(FP_MAX, 1n << 63n, 0n)).toEqual([0n, 0]);
    expect(mm(FP_MIN, 0n, 1n << 63n)).toEqual([1n << 63n, 0]);
    expect(mm(FP_MAX, 0x7ff8000000000001n, D_ONE)).toEqual([0x7ff8000000000001n, 0]);
    expect(mm(FP_MAXNM, 0x7ff8000000000001n, D_ONE)).toEqual([D_ONE, 0]);
    expect(mm(FP_MAXNM, D_ONE, 0x7ff8000000000001n)).toEqual([D_ONE, 0]);
    expect(mm(FP_MAXNM, 0x7ff0000000000001n, D_ONE)).toEqual([0x7ff8000000000001n, IOC]);
    expect(mm(FP_MAXNM, 0x7ff8000000000001n, 0x7ff8000000000002n)).toEqual([0x7ff8000000000001n, 0]);
    expect(mm(FP_MIN, D_INF | (1n << 63n), D_ONE)).toEqual([D_INF | (1n << 63n), 0]);
    // A flushed denormal is a zero of its sign.
    expect(mm(FP_MAX, 1n | (1n << 63n), 1n << 63n, FPCR_FZ)).toEqual([1n << 63n, IDC]);
  });
});

describe('compare', () => {
  const cmp = (a: bigint, b: bigint | null, signal: number, fpcr = 0): [number, number] => {
    const c = new FpRegs(fpcr).setD(1, a).setD(2, b ?? 0n);
    fpCmp(c, 64, 2, b === null ? -1 : 4, signal);
    return [c.nzcv, c.fpsr];
  };
  it('sets NZCV for less, equal, greater and unordered', () => {
    expect(cmp(D_ONE, 0x4000000000000000n, 0)).toEqual([0b1000, 0]);
    expect(cmp(D_ONE, D_ONE, 0)).toEqual([0b0110, 0]);
    expect(cmp(0x4000000000000000n, D_ONE, 0)).toEqual([0b0010, 0]);
    expect(cmp(1n << 63n, null, 0)).toEqual([0b0110, 0]);
    expect(cmp(0x7ff8000000000000n, D_ONE, 0)).toEqual([0b0011, 0]);
    expect(cmp(D_INF | (1n << 63n), null, 0)).toEqual([0b1000, 0]);
  });
  it('signals IOC for any NaN with FCMPE, only for signalling NaNs with FCMP', () => {
    expect(cmp(0x7ff8000000000000n, D_ONE, 1)).toEqual([0b0011, IOC]);
    expect(cmp(D_ONE, 0x7ff0000000000001n, 0)).toEqual([0b0011, IOC]);
  });
  it('compares a flushed denormal as zero', () => {
    expect(cmp(1n, null, 0, FPCR_FZ)).toEqual([0b0110, IDC]);
    expect(cmp(1n, null, 0)).toEqual([0b0010, 0]);
  });
});

describe('conversion between precisions', () => {
  const cvt = (from: 16 | 32 | 64, to: 16 | 32 | 64, bits: bigint, fpcr = 0): [bigint, number] => {
    const c = new FpRegs(fpcr);
    const lane = (w: number, reg: number): number => (w === 16 ? 8 : w === 32 ? 4 : 2) * reg;
    if (from === 64) c.setD(1, bits);
    else if (from === 32) c.setS(1, Number(bits));
    else c.setH(1, Number(bits));
    fpCvt(c, from, to, lane(to, 0), lane(from, 1));
    const r = to === 64 ? c.d(0) : to === 32 ? BigInt(c.s(0)) : BigInt(c.h(0));
    return [r, c.fpsr];
  };
  it('widens exactly and narrows with rounding, overflow and underflow', () => {
    expect(cvt(32, 64, 0x3eaaaaabn)).toEqual([0x3fd5555560000000n, 0]);
    expect(cvt(64, 32, 0x3ff0000010000000n)).toEqual([0x3f800000n, IXC]); // 1 + 2^-24: tie to even
    expect(cvt(64, 32, 0x3ff0000030000000n)).toEqual([0x3f800002n, IXC]); // 1 + 3*2^-24: tie to even, up
    expect(cvt(64, 32, 0x4812000000000000n)).toEqual([BigInt(S_INF), OFC | IXC]);
    expect(cvt(64, 32, 0x4812000000000000n, mode(RZ))).toEqual([0x7f7fffffn, OFC | IXC]);
    expect(cvt(64, 32, 0x3690000000000000n)).toEqual([0n, UFC | IXC]); // 2^-150: tie to 0
    expect(cvt(64, 32, 0x3690000000000000n, mode(RP))).toEqual([1n, UFC | IXC]);
    expect(cvt(64, 32, 0x3800000000000000n, FPCR_FZ)).toEqual([0n, UFC]); // 2^-127 flushed
  });
  it('converts NaNs: quiets, keeps the top payload bits, or gives the default NaN', () => {
    expect(cvt(32, 64, 0x7f800001n)).toEqual([0x7ff8000020000000n, IOC]);
    expect(cvt(64, 32, 0xfff0000000000001n)).toEqual([0xffc00000n, IOC]);
    expect(cvt(64, 32, 0x7ff8000020000000n)).toEqual([0x7fc00001n, 0]);
    expect(cvt(64, 16, 0x7ff8000020000000n, FPCR_DN)).toEqual([0x7e00n, 0]);
    expect(cvt(16, 32, 0x7d00n)).toEqual([0x7fa00000n | 0x00400000n, IOC]);
  });
  it('half precision: overflow at the 65520 midpoint, AHP saturation and NaN to zero', () => {
    expect(cvt(32, 16, 0x477fe000n)).toEqual([0x7bffn, 0]); // 65504
    expect(cvt(32, 16, 0x477ff000n)).toEqual([0x7c00n, OFC | IXC]); // 65520 ties up to overflow
    expect(cvt(32, 16, 0x477ff000n, FPCR_AHP)).toEqual([0x7c00n, IXC]); // AHP: 65536 is normal
    expect(cvt(32, 16, 0x48000000n, FPCR_AHP)).toEqual([0x7fffn, IOC]); // 131072 saturates
    expect(cvt(32, 16, 0x7fc00000n, FPCR_AHP)).toEqual([0n, IOC]);
    expect(cvt(32, 16, 0xff800000n, FPCR_AHP)).toEqual([0xffffn, IOC]);
    expect(cvt(16, 32, 0x7c00n, FPCR_AHP)).toEqual([0x47800000n, 0]);
    expect(cvt(16, 64, 0xfc00n)).toEqual([D_INF | (1n << 63n), 0]);
    // FZ16 does not flush conversions; FZ flushes a single-precision input.
    expect(cvt(16, 32, 0x0001n, FPCR_FZ16)).toEqual([0x33800000n, 0]);
    expect(cvt(32, 16, 0x00000001n, FPCR_FZ)).toEqual([0n, IDC]);
  });
});

describe('BFCVT', () => {
  const bf = (bits: number, fpcr = 0): [number, number] => {
    const c = new FpRegs(fpcr).setS(1, bits);
    fpBfcvt(c, 0, 4);
    return [c.h(0), c.fpsr];
  };
  it('rounds single precision to 8 significant bits', () => {
    expect(bf(S_ONE)).toEqual([0x3f80, 0]);
    expect(bf(0x3f808000)).toEqual([0x3f80, IXC]); // halfway: to even
    expect(bf(0x3f818000)).toEqual([0x3f82, IXC]); // halfway: to even, up
    expect(bf(0x3f808000, mode(RP))).toEqual([0x3f81, IXC]);
    expect(bf(0x7f7fffff)).toEqual([0x7f80, OFC | IXC]);
    expect(bf(0x7f800001)).toEqual([0x7fc0, IOC]);
    expect(bf(0x00000001, FPCR_FZ)).toEqual([0, IDC]);
    expect(bf(0x00000001)).toEqual([0, UFC | IXC]);
  });
});

describe('conversion to integers', () => {
  const toInt = (bits: bigint, rounding: number, unsigned: number, sf: number, fbits = 0, fpcr = 0): [bigint, number] => {
    const c = new FpRegs(fpcr).setD(1, bits);
    fpToInt(c, 64, 2, rounding, unsigned, fbits, sf);
    return [(BigInt(R[1]! >>> 0) << 32n) | BigInt(R[0]! >>> 0), c.fpsr];
  };
  const d = bitsD;
  it('rounds by the instruction rounding mode', () => {
    expect(toInt(d(2.5), RN, 0, 1)).toEqual([2n, IXC]);
    expect(toInt(d(3.5), RN, 0, 1)).toEqual([4n, IXC]);
    expect(toInt(d(-2.5), RA, 0, 1)).toEqual([BigInt.asUintN(64, -3n), IXC]);
    expect(toInt(d(2.5), RA, 0, 1)).toEqual([3n, IXC]);
    expect(toInt(d(-0.5), RM, 0, 1)).toEqual([BigInt.asUintN(64, -1n), IXC]);
    expect(toInt(d(-0.5), RP, 0, 1)).toEqual([0n, IXC]);
    expect(toInt(d(-1.75), RZ, 0, 1)).toEqual([BigInt.asUintN(64, -1n), IXC]);
    expect(toInt(d(7), RZ, 0, 1)).toEqual([7n, 0]);
  });
  it('saturates out-of-range values and converts NaN to 0, with IOC', () => {
    expect(toInt(0x43e0000000000000n, RZ, 0, 1)).toEqual([0x7fffffffffffffffn, IOC]); // 2^63
    expect(toInt(0xc3e0000000000000n, RZ, 0, 1)).toEqual([0x8000000000000000n, 0]); // -2^63 exact
    expect(toInt(D_DEFAULT_NAN, RZ, 0, 1)).toEqual([0n, IOC]);
    expect(toInt(D_INF | (1n << 63n), RZ, 0, 1)).toEqual([0x8000000000000000n, IOC]);
    expect(toInt(D_INF, RZ, 1, 1)).toEqual([0xffffffffffffffffn, IOC]);
    expect(toInt(d(-1.5), RZ, 1, 1)).toEqual([0n, IOC]);
    expect(toInt(d(-0.5), RZ, 1, 1)).toEqual([0n, IXC]);
    expect(toInt(d(2 ** 31), RZ, 0, 0)).toEqual([0x7fffffffn, IOC]);
    expect(toInt(d(-(2 ** 31)), RZ, 0, 0)).toEqual([0x80000000n, 0]);
    expect(toInt(d(2 ** 32), RZ, 1, 0)).toEqual([0xffffffffn, IOC]);
    expect(toInt(d(2 ** 32 - 1), RZ, 1, 0)).toEqual([0xffffffffn, 0]);
    expect(toInt(d(2 ** 64), RZ, 1, 1)).toEqual([0xffffffffffffffffn, IOC]);
  });
  it('scales by 2^fbits for the fixed-point forms', () => {
    expect(toInt(d(2.75), RZ, 0, 1, 1)).toEqual([5n, IXC]);
    expect(toInt(d(0.25), RZ, 0, 0, 2)).toEqual([1n, 0]);
    expect(toInt(d(1), RZ, 0, 1, 63)).toEqual([0x7fffffffffffffffn, IOC]);
  });
  it('flushes a denormal input under FZ (IDC, no IXC)', () => {
    expect(toInt(1n, RP, 0, 1)).toEqual([1n, IXC]);
    expect(toInt(1n, RP, 0, 1, 0, FPCR_FZ)).toEqual([0n, IDC]);
  });
});

describe('conversion from integers', () => {
  const fromInt = (width: 16 | 32 | 64, value: bigint, sf: number, unsigned: number, fbits = 0, fpcr = 0): [bigint, number] => {
    const c = new FpRegs(fpcr);
    const v = BigInt.asUintN(64, value);
    fpFromInt(c, width, 0, Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0, sf, unsigned, fbits);
    return [width === 64 ? c.d(0) : width === 32 ? BigInt(c.s(0)) : BigInt(c.h(0)), c.fpsr];
  };
  it('rounds once, even from 64-bit integers to single precision', () => {
    expect(fromInt(64, (1n << 53n) + 1n, 1, 0)).toEqual([0x4340000000000000n, IXC]);
    expect(fromInt(32, 16777217n, 0, 0)).toEqual([0x4b800000n, IXC]);
    // 2^60 + 2^36 + 1 is just above the midpoint 2^60 + 2^36: rounding through a double would tie.
    expect(fromInt(32, (1n << 60n) + (1n << 36n) + 1n, 1, 0)).toEqual([0x5d800001n, IXC]);
    expect(fromInt(64, -1n, 1, 1)).toEqual([0x43f0000000000000n, IXC]);
    expect(fromInt(64, -1n, 1, 0)).toEqual([0xbff0000000000000n, 0]);
    expect(fromInt(64, 0xffffffffn, 0, 0)).toEqual([0xbff0000000000000n, 0]);
    expect(fromInt(64, 0xffffffffn, 0, 1)).toEqual([0x41efffffffe00000n, 0]);
    expect(fromInt(64, 0n, 1, 0)).toEqual([0n, 0]);
    expect(fromInt(64, (1n << 53n) + 1n, 1, 0, 0, mode(RP))).toEqual([0x4340000000000001n, IXC]);
  });
  it('divides by 2^fbits', () => {
    expect(fromInt(64, 1n, 1, 0, 64)).toEqual([0x3bf0000000000000n, 0]);
    expect(fromInt(32, 3n, 0, 0, 1)).toEqual([BigInt(bitsS(1.5)), 0]);
    // 2^-64 is below the half-precision subnormals: rounds to 0 (or up to the least one).
    expect(fromInt(16, 1n, 1, 0, 64)).toEqual([0n, UFC | IXC]);
    expect(fromInt(16, 1n, 1, 0, 64, mode(RP))).toEqual([1n, UFC | IXC]);
    expect(fromInt(16, 1n, 1, 0, 64, FPCR_FZ16)).toEqual([0n, UFC]);
    expect(fromInt(16, 65520n, 0, 0)).toEqual([0x7c00n, OFC | IXC]);
  });
});

describe('rounding to integral', () => {
  const rint = (v: number, rounding: number, exact = 0, fpcr = 0): [bigint, number] => {
    const c = new FpRegs(fpcr).setD(1, bitsD(v));
    fpRoundInt(c, 64, 0, 2, rounding, exact);
    return [c.d(0), c.fpsr];
  };
  it('rounds per mode, keeps the sign of zero results, and signals only for FRINTX', () => {
    expect(rint(2.5, RN)).toEqual([bitsD(2), 0]);
    expect(rint(3.5, RN)).toEqual([bitsD(4), 0]);
    expect(rint(2.5, RA)).toEqual([bitsD(3), 0]);
    expect(rint(-2.5, RA)).toEqual([bitsD(-3), 0]);
    expect(rint(-0.5, RN)).toEqual([1n << 63n, 0]);
    expect(rint(-0.25, RP)).toEqual([1n << 63n, 0]);
    expect(rint(0.75, RM)).toEqual([0n, 0]);
    expect(rint(-1.5, RZ)).toEqual([bitsD(-1), 0]);
    expect(rint(2.5, FP_RMODE_FPCR, 1)).toEqual([bitsD(2), IXC]);
    expect(rint(2.5, FP_RMODE_FPCR, 1, mode(RP))).toEqual([bitsD(3), IXC]);
    expect(rint(2, FP_RMODE_FPCR, 1)).toEqual([bitsD(2), 0]);
    expect(rint(2 ** 60 + 2 ** 8, RN)).toEqual([bitsD(2 ** 60 + 2 ** 8), 0]);
  });
  it('quiets signalling NaNs', () => {
    const c = new FpRegs().setD(1, 0x7ff0000000000001n);
    fpRoundInt(c, 64, 0, 2, RZ, 0);
    expect([c.d(0), c.fpsr]).toEqual([0x7ff8000000000001n, IOC]);
  });
  it('FRINT32/64 give the most negative integer for out-of-range values, with IOC', () => {
    const run = (bits: number, rounding: number, n: number): [number, number] => {
      const c = new FpRegs().setS(1, bits);
      fpRoundIntN(c, 32, 0, 4, rounding, n);
      return [c.s(0), c.fpsr];
    };
    expect(run(bitsS(2 ** 31), RZ, 32)).toEqual([0xcf000000, IOC]);
    expect(run(bitsS(-(2 ** 31)), RZ, 32)).toEqual([0xcf000000, 0]);
    expect(run(bitsS(1.5), RN, 32)).toEqual([bitsS(2), IXC]);
    expect(run(S_DEFAULT_NAN, RZ, 64)).toEqual([0xdf000000, IOC]);
    expect(run(bitsS(2 ** 40), RZ, 64)).toEqual([bitsS(2 ** 40), 0]);
    expect(run(0x80000000, RZ, 32)).toEqual([0x80000000, 0]);
  });
});

describe('FJCVTZS', () => {
  const js = (bits: bigint, fpcr = 0): [number, number, number] => {
    const c = new FpRegs(fpcr).setD(1, bits);
    fpJsConvert(c, 2);
    return [R[0]! >>> 0, c.nzcv, c.fpsr];
  };
  it('converts modulo 2^32 towards zero and sets Z only when exact', () => {
    expect(js(bitsD(3))).toEqual([3, 0b0100, 0]);
    expect(js(bitsD(-3))).toEqual([0xfffffffd, 0b0100, 0]);
    expect(js(bitsD(1.5))).toEqual([1, 0, IXC]);
    expect(js(bitsD(2 ** 32 + 5))).toEqual([5, 0, IOC]);
    expect(js(bitsD(-(2 ** 31)))).toEqual([0x80000000, 0b0100, 0]);
    expect(js(1n << 63n)).toEqual([0, 0, 0]);
    expect(js(0n)).toEqual([0, 0b0100, 0]);
    expect(js(D_DEFAULT_NAN)).toEqual([0, 0, IOC]);
    expect(js(D_INF)).toEqual([0, 0, IOC]);
  });
});

describe('reciprocal estimates', () => {
  const est = (fn: typeof fpRecpX, bits: number, fpcr = 0): [number, number] => {
    const c = new FpRegs(fpcr).setS(1, bits);
    fn(c, 32, 0, 4);
    return [c.s(0), c.fpsr];
  };
  it('FRECPE: 8-bit RecipEstimate, zero and tiny inputs overflow', () => {
    // 1.0: scaled 256, RecipEstimate(256) = 511, result exponent 253 - 127.
    expect(est(fpRecipEstimate, S_ONE)).toEqual([0x3f7f8000, 0]);
    expect(est(fpRecipEstimate, 0x40000000)).toEqual([0x3eff8000, 0]);
    expect(est(fpRecipEstimate, 0)).toEqual([S_INF, DZC]);
    expect(est(fpRecipEstimate, 0xff800000)).toEqual([0x80000000, 0]);
    expect(est(fpRecipEstimate, 1)).toEqual([S_INF, OFC | IXC]);
    expect(est(fpRecipEstimate, 1, mode(RZ))).toEqual([0x7f7fffff, OFC | IXC]);
    expect(est(fpRecipEstimate, 1, FPCR_FZ)).toEqual([S_INF, DZC | IDC]);
    expect(est(fpRecipEstimate, 0x7f000000, FPCR_FZ)).toEqual([0, UFC]);
  });
  it('FRSQRTE: 8-bit RecipSqrtEstimate; negative operands are invalid', () => {
    expect(est(fpRsqrtEstimate, S_ONE)).toEqual([0x3f7f8000, 0]);
    expect(est(fpRsqrtEstimate, 0x40800000)).toEqual([0x3eff8000, 0]);
    expect(est(fpRsqrtEstimate, 0xbf800000)).toEqual([S_DEFAULT_NAN, IOC]);
    expect(est(fpRsqrtEstimate, 0x80000000)).toEqual([0xff800000, DZC]);
    expect(est(fpRsqrtEstimate, S_INF)).toEqual([0, 0]);
  });
  it('FRECPX: inverts the exponent field', () => {
    expect(est(fpRecpX, 0x40400000)).toEqual([0x3f800000, 0]); // exponent 0x80 -> 0x7f
    expect(est(fpRecpX, 0x00000001)).toEqual([0x7f000000, 0]);
    expect(est(fpRecpX, 0xff800000)).toEqual([0x80000000, 0]);
    expect(est(fpRecpX, 0x7f800001)).toEqual([0x7fc00001, IOC]);
  });
});

describe('fast paths agree with the exact soft float', () => {
  // Random operands, many in the ranges the fast paths accept; fpBinop and fpMulAddSlow are
  // always the exact soft float.
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    return seed >>> 0;
  };
  const randD = (): bigint => {
    const e = BigInt([1023, 1023 + (next() % 64), 1023 - (next() % 64), next() % 2047][next() % 4]!);
    const f = (BigInt(next() % (1 << 20)) << 32n) | BigInt(next() >>> 0);
    const frac = [f, f & ~0xffffffn, (f >> 40n) << 40n][next() % 3]!;
    return (BigInt(next() & 1) << 63n) | (e << 52n) | frac;
  };
  it('for double add, sub, mul, div, fma', () => {
    const ops: [string, (c: FpRegs) => void, (c: FpRegs) => void][] = [
      ['add', (c) => fpAdd64(c, 0, 2, 4), (c) => fpBinop(c, FP_ADD, 64, 0, 2, 4)],
      ['sub', (c) => fpSub64(c, 0, 2, 4), (c) => fpBinop(c, FP_SUB, 64, 0, 2, 4)],
      ['mul', (c) => fpMul64(c, 0, 2, 4), (c) => fpBinop(c, FP_MUL, 64, 0, 2, 4)],
      ['div', (c) => fpDiv64(c, 0, 2, 4), (c) => fpBinop(c, 3, 64, 0, 2, 4)],
      ['fma', (c) => fpMulAdd64(c, 0, 0, 0, 2, 4, 6), (c) => fpMulAddSlow(c, 64, 0, 0, 0, 2, 4, 6)],
    ];
    const bad: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const a = randD();
      const b = i % 3 === 0 ? a ^ BigInt(next() % 16) : randD();
      let addend = randD();
      if (i % 4 === 0) {
        // Cancel most of the product so the fused sum lands near the product's rounding point.
        const p = new FpRegs().setD(1, a).setD(2, b);
        fpMul64(p, 0, 2, 4);
        addend = p.d(0) ^ (1n << 63n) ^ BigInt(next() % 4);
      }
      for (const [name, fast, slow] of ops) {
        const f = new FpRegs().setD(1, a).setD(2, b).setD(3, addend);
        fast(f);
        const s = new FpRegs().setD(1, a).setD(2, b).setD(3, addend);
        slow(s);
        if (f.d(0) !== s.d(0) || f.fpsr !== s.fpsr) {
          bad.push(`${name} ${a.toString(16)} ${b.toString(16)} ${addend.toString(16)}: ${f.d(0).toString(16)}/${f.fpsr} vs ${s.d(0).toString(16)}/${s.fpsr}`);
        }
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  const randS = (): number => {
    const e = [127, 127 + (next() % 30), 127 - (next() % 30), next() % 255, 1 + (next() % 3)][next() % 5]!;
    const f = next() & 0x7fffff;
    const frac = [f, f & ~0xfff, f & 0x7f0000][next() % 3]!;
    return ((next() & 1) << 31) | (e << 23) | frac;
  };
  const valueS = (bits: number): number => new Float32Array(new Int32Array([bits]).buffer)[0]!;
  it('for single add, sub, mul, div, fma, sqrt and double sqrt', () => {
    const ops: [string, (c: FpRegs) => void, (c: FpRegs) => void][] = [
      ['add', (c) => fpAdd32(c, 0, 4, 8), (c) => fpBinop(c, FP_ADD, 32, 0, 4, 8)],
      ['mul', (c) => fpMul32(c, 0, 4, 8), (c) => fpBinop(c, FP_MUL, 32, 0, 4, 8)],
      ['div', (c) => fpDiv32(c, 0, 4, 8), (c) => fpBinop(c, 3, 32, 0, 4, 8)],
      ['fmsub', (c) => fpMulAdd32(c, 0, 1, 0, 4, 8, 12), (c) => fpMulAddSlow(c, 32, 0, 1, 0, 4, 8, 12)],
      ['sqrt', (c) => fpSqrt32(c, 0, 12), (c) => fpSqrtSlowRef(c, 32, 0, 12)],
      ['dsqrt', (c) => fpSqrt64(c, 0, 8), (c) => fpSqrtSlowRef(c, 64, 0, 8)],
    ];
    const bad: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const a = randS();
      const b = i % 3 === 0 ? a ^ (next() % 16) : randS();
      // Often make the addend cancel the product (FMSUB subtracts n*m).
      const product = Math.fround(valueS(a) * valueS(b));
      const addend = i % 2 === 0 && product !== 0 && Number.isFinite(product) ? bitsS(product) ^ (next() % 4) : randS();
      const setup = (fpcr: number): FpRegs =>
        new FpRegs(fpcr).setS(1, a).setS(2, b).setS(3, addend).setD(4, randD() & ~(1n << 63n));
      for (const [name, fast, slow] of ops) {
        const seedBefore = seed;
        const f = setup(0);
        seed = seedBefore;
        const s = setup(0);
        fast(f);
        slow(s);
        if (f.d(0) !== s.d(0) || f.fpsr !== s.fpsr) {
          bad.push(`${name} ${a.toString(16)} ${b.toString(16)} ${addend.toString(16)}: ${f.d(0).toString(16)}/${f.fpsr} vs ${s.d(0).toString(16)}/${s.fpsr}`);
        }
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});
