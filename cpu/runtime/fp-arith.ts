/**
 * Floating-point arithmetic helpers for translated code (scalar rows; usable per lane by SIMD
 * rows). Lane indices as in fp-lanes.ts. Each helper writes only its destination lane and ORs
 * the exception flags into c.fpsr.
 *
 * The fast paths use JavaScript doubles where the result is provably the correctly rounded one
 * (round to nearest, no flush-to-zero, no NaN or infinity, results away from the format's
 * edges) and detect inexactness with error-free transformations; everything else goes through
 * the exact soft float of fp-soft.ts.
 */
import {
  add,
  div,
  FPSR_IXC,
  FPSR_UFC,
  FPCR_FZ,
  maxMin,
  maxMinNum,
  mul,
  mulAdd,
  sqrt,
} from './fp-soft.js';
import {
  beginSoft,
  endSoft,
  formatOf,
  halfUlp,
  MAX32,
  MAX64,
  MIN_NORMAL32,
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

export const FP_ADD = 0;
export const FP_SUB = 1;
export const FP_MUL = 2;
export const FP_DIV = 3;
export const FP_MAX = 4;
export const FP_MIN = 5;
export const FP_MAXNM = 6;
export const FP_MINNM = 7;
export const FP_NMUL = 8;

/** Two-operand operation `op` (FP_*) on lanes of any width, exactly. */
export function fpBinop(c: FpCpu, op: number, width: FpWidth, d: number, n: number, m: number): void {
  const env = beginSoft(c);
  const fmt = formatOf(width);
  const a = readLane(c, width, n);
  const b = readLane(c, width, m);
  let r: bigint;
  switch (op) {
    case FP_ADD:
      r = add(env, fmt, a, b);
      break;
    case FP_SUB:
      r = add(env, fmt, a, b, true);
      break;
    case FP_MUL:
      r = mul(env, fmt, a, b);
      break;
    case FP_DIV:
      r = div(env, fmt, a, b);
      break;
    case FP_MAX:
    case FP_MIN:
      r = maxMin(env, fmt, a, b, op === FP_MAX);
      break;
    case FP_MAXNM:
    case FP_MINNM:
      r = maxMinNum(env, fmt, a, b, op === FP_MAXNM);
      break;
    case FP_NMUL:
      r = mul(env, fmt, a, b) ^ fmt.signBit;
      break;
    default:
      throw new Error(`fpBinop: unknown operation ${op}`);
  }
  writeLane(c, width, d, r);
  endSoft(c);
}

// ---- single precision: doubles hold every single exactly and round innocently --------------

function sumResult32(c: FpCpu, d: number, a: number, b: number, op: number, n: number, m: number): void {
  const s = a + b;
  const r = Math.fround(s);
  if ((c.fpcr & SLOW_FPCR) === 0 && Math.abs(r) <= MAX32) {
    if (r !== s || twoSumErr(a, b, s) !== 0) c.fpsr |= FPSR_IXC;
    c.vf[d] = r;
    return;
  }
  fpBinop(c, op, 32, d, n, m);
}

export function fpAdd32(c: FpCpu, d: number, n: number, m: number): void {
  sumResult32(c, d, c.vf[n]!, c.vf[m]!, FP_ADD, n, m);
}

export function fpSub32(c: FpCpu, d: number, n: number, m: number): void {
  sumResult32(c, d, c.vf[n]!, -c.vf[m]!, FP_SUB, n, m);
}

function product32(c: FpCpu, d: number, n: number, m: number, negate: boolean): void {
  const vf = c.vf;
  const p = vf[n]! * vf[m]!;
  const r = Math.fround(p);
  if ((c.fpcr & SLOW_FPCR) === 0 && Math.abs(r) <= MAX32) {
    if (r !== p) c.fpsr |= Math.abs(p) < MIN_NORMAL32 ? FPSR_IXC | FPSR_UFC : FPSR_IXC;
    vf[d] = negate ? -r : r;
    return;
  }
  fpBinop(c, negate ? FP_NMUL : FP_MUL, 32, d, n, m);
}

export function fpMul32(c: FpCpu, d: number, n: number, m: number): void {
  product32(c, d, n, m, false);
}

export function fpNmul32(c: FpCpu, d: number, n: number, m: number): void {
  product32(c, d, n, m, true);
}

export function fpDiv32(c: FpCpu, d: number, n: number, m: number): void {
  const vf = c.vf;
  const a = vf[n]!;
  const b = vf[m]!;
  const q = a / b;
  const r = Math.fround(q);
  if ((c.fpcr & SLOW_FPCR) === 0 && Math.abs(r) <= MAX32 && Math.abs(b) <= MAX32) {
    if (r !== q || r * b !== a) {
      const tiny = Math.abs(r) <= MIN_NORMAL32 && Math.abs(a) < MIN_NORMAL32 * Math.abs(b);
      c.fpsr |= tiny ? FPSR_IXC | FPSR_UFC : FPSR_IXC;
    }
    vf[d] = r;
    return;
  }
  fpBinop(c, FP_DIV, 32, d, n, m);
}

export function fpSqrt32(c: FpCpu, d: number, n: number): void {
  const a = c.vf[n]!;
  const r = Math.fround(Math.sqrt(a));
  if ((c.fpcr & SLOW_FPCR) === 0 && r <= MAX32) {
    if (r * r !== a) c.fpsr |= FPSR_IXC;
    c.vf[d] = r;
    return;
  }
  fpSqrtSlow(c, 32, d, n);
}

/** FMADD family: d = (negA ? -a : a) + (negN ? -n : n) * m with one rounding. */
export function fpMulAdd32(c: FpCpu, negA: number, negN: number, d: number, n: number, m: number, a: number): void {
  const vf = c.vf;
  if ((c.fpcr & SLOW_FPCR) === 0) {
    const x = negN ? -vf[n]! : vf[n]!;
    const addend = negA ? -vf[a]! : vf[a]!;
    const p = x * vf[m]!;
    const s = p + addend;
    const err = twoSumErr(p, addend, s);
    const odd = toOdd(s, err);
    const r = Math.fround(odd);
    if (Math.abs(r) <= MAX32) {
      if (err !== 0 || r !== s) c.fpsr |= Math.abs(odd) < MIN_NORMAL32 ? FPSR_IXC | FPSR_UFC : FPSR_IXC;
      vf[d] = r;
      return;
    }
  }
  fpMulAddSlow(c, 32, negA, negN, d, n, m, a);
}

// ---- double precision ------------------------------------------------------------------

export function fpAdd64(c: FpCpu, d: number, n: number, m: number): void {
  const vd = c.vd;
  const a = vd[n]!;
  const b = vd[m]!;
  const s = a + b;
  if ((c.fpcr & SLOW_FPCR) === 0 && Math.abs(s) <= MAX64) {
    if (twoSumErr(a, b, s) !== 0) c.fpsr |= FPSR_IXC;
    vd[d] = s;
    return;
  }
  fpBinop(c, FP_ADD, 64, d, n, m);
}

export function fpSub64(c: FpCpu, d: number, n: number, m: number): void {
  const vd = c.vd;
  const a = vd[n]!;
  const b = -vd[m]!;
  const s = a + b;
  if ((c.fpcr & SLOW_FPCR) === 0 && Math.abs(s) <= MAX64) {
    if (twoSumErr(a, b, s) !== 0) c.fpsr |= FPSR_IXC;
    vd[d] = s;
    return;
  }
  fpBinop(c, FP_SUB, 64, d, n, m);
}

function product64(c: FpCpu, d: number, n: number, m: number, negate: boolean): void {
  const vd = c.vd;
  const a = vd[n]!;
  const b = vd[m]!;
  const p = a * b;
  if ((c.fpcr & SLOW_FPCR) === 0) {
    const ap = Math.abs(p);
    if (ap >= SAFE_LOW && ap <= MAX64 && Math.abs(a) <= SAFE_HIGH && Math.abs(b) <= SAFE_HIGH) {
      if (twoProdErr(a, b, p) !== 0) c.fpsr |= FPSR_IXC;
      vd[d] = negate ? -p : p;
      return;
    }
    if (p === 0 && (a === 0 || b === 0)) {
      vd[d] = negate ? -p : p;
      return;
    }
  }
  fpBinop(c, negate ? FP_NMUL : FP_MUL, 64, d, n, m);
}

export function fpMul64(c: FpCpu, d: number, n: number, m: number): void {
  product64(c, d, n, m, false);
}

export function fpNmul64(c: FpCpu, d: number, n: number, m: number): void {
  product64(c, d, n, m, true);
}

export function fpDiv64(c: FpCpu, d: number, n: number, m: number): void {
  const vd = c.vd;
  const a = vd[n]!;
  const b = vd[m]!;
  const q = a / b;
  if ((c.fpcr & SLOW_FPCR) === 0) {
    const aq = Math.abs(q);
    const ab = Math.abs(b);
    if (aq >= SAFE_LOW && aq <= SAFE_HIGH && ab >= SAFE_LOW && ab <= SAFE_HIGH && Math.abs(a) >= SAFE_LOW) {
      const p = q * b;
      if (p !== a || twoProdErr(q, b, p) !== 0) c.fpsr |= FPSR_IXC;
      vd[d] = q;
      return;
    }
    if (a === 0 && b !== 0 && ab <= MAX64) {
      vd[d] = q;
      return;
    }
  }
  fpBinop(c, FP_DIV, 64, d, n, m);
}

export function fpSqrt64(c: FpCpu, d: number, n: number): void {
  const vd = c.vd;
  const a = vd[n]!;
  if ((c.fpcr & SLOW_FPCR) === 0) {
    if (a >= SAFE_LOW && a <= MAX64) {
      const r = Math.sqrt(a);
      const p = r * r;
      if (p !== a || twoProdErr(r, r, p) !== 0) c.fpsr |= FPSR_IXC;
      vd[d] = r;
      return;
    }
    if (a === 0) {
      vd[d] = a;
      return;
    }
  }
  fpSqrtSlow(c, 64, d, n);
}

/** FMADD family on doubles; see fpMulAdd32. */
export function fpMulAdd64(c: FpCpu, negA: number, negN: number, d: number, n: number, m: number, a: number): void {
  const vd = c.vd;
  if ((c.fpcr & SLOW_FPCR) === 0) {
    const x = negN ? -vd[n]! : vd[n]!;
    const y = vd[m]!;
    const addend = negA ? -vd[a]! : vd[a]!;
    const ph = x * y;
    const aph = Math.abs(ph);
    if (Math.abs(addend) <= MAX64) {
      if (aph >= SAFE_LOW && aph <= SAFE_HIGH && Math.abs(x) <= SAFE_HIGH && Math.abs(y) <= SAFE_HIGH) {
        // addend + x*y = s1 + s2 + e2 exactly; r = fl(s1 + s2) is the answer unless e2 moves it.
        const pl = twoProdErr(x, y, ph);
        const s1 = ph + addend;
        const e1 = twoSumErr(ph, addend, s1);
        const s2 = e1 + pl;
        const e2 = twoSumErr(e1, pl, s2);
        const r = s1 + s2;
        const e3 = twoSumErr(s1, s2, r);
        const ar = Math.abs(r);
        if (ar >= SAFE_LOW && ar <= MAX64) {
          if (e2 === 0) {
            if (e3 !== 0) c.fpsr |= FPSR_IXC;
            vd[d] = r;
            return;
          }
          if (Math.abs(e3) + Math.abs(e2) < halfUlp(r)) {
            if (e3 + e2 !== 0) c.fpsr |= FPSR_IXC;
            vd[d] = r;
            return;
          }
        }
      } else if (ph === 0 && (x === 0 || y === 0)) {
        vd[d] = addend + ph;
        return;
      }
    }
  }
  fpMulAddSlow(c, 64, negA, negN, d, n, m, a);
}

// ---- any width, exact ------------------------------------------------------------------

export function fpSqrtSlow(c: FpCpu, width: FpWidth, d: number, n: number): void {
  const env = beginSoft(c);
  writeLane(c, width, d, sqrt(env, formatOf(width), readLane(c, width, n)));
  endSoft(c);
}

export function fpMulAddSlow(
  c: FpCpu,
  width: FpWidth,
  negA: number,
  negN: number,
  d: number,
  n: number,
  m: number,
  a: number,
): void {
  const env = beginSoft(c);
  const fmt = formatOf(width);
  const x = readLane(c, width, n) ^ (negN ? fmt.signBit : 0n);
  const addend = readLane(c, width, a) ^ (negA ? fmt.signBit : 0n);
  writeLane(c, width, d, mulAdd(env, fmt, addend, x, readLane(c, width, m)));
  endSoft(c);
}

/** FMAX/FMIN/FMAXNM/FMINNM (op FP_MAX..FP_MINNM); without NaNs the result is an operand. */
export function fpMinMax32(c: FpCpu, op: number, d: number, n: number, m: number): void {
  const vf = c.vf;
  const a = vf[n]!;
  const b = vf[m]!;
  if (a === a && b === b && (c.fpcr & FPCR_FZ) === 0) {
    vf[d] = op === FP_MAX || op === FP_MAXNM ? Math.max(a, b) : Math.min(a, b);
    return;
  }
  fpBinop(c, op, 32, d, n, m);
}

export function fpMinMax64(c: FpCpu, op: number, d: number, n: number, m: number): void {
  const vd = c.vd;
  const a = vd[n]!;
  const b = vd[m]!;
  if (a === a && b === b && (c.fpcr & FPCR_FZ) === 0) {
    vd[d] = op === FP_MAX || op === FP_MAXNM ? Math.max(a, b) : Math.min(a, b);
    return;
  }
  fpBinop(c, op, 64, d, n, m);
}
