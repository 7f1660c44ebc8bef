import type { Emitter } from '../../translate/emitter.js';
import { FP_ADD, FP_DIV, FP_MUL, FP_SUB } from '../../runtime/fp-arith.js';
import { clearAbove, type FpWidth } from './fp-emit.js';
import { clearHigh } from './simd-emit.js';

/**
 * Shared pieces of the Advanced SIMD floating-point rows. Lanes are addressed as the fp runtime
 * helpers expect: lane i of Vreg is index (128 / width) * reg + i of the view of its width.
 */

export type { FpWidth };

export function laneAt(reg: number, w: FpWidth, i = 0): number {
  return (128 / w) * reg + i;
}

export function laneCountOf(w: FpWidth, q: number): number {
  return (q ? 128 : 64) / w;
}

/** Arrangement as objdump prints it: `4h`, `8h`, `2s`, `4s`, `2d`. */
export function fpArrangement(w: FpWidth, q: number): string {
  return `${laneCountOf(w, q)}${w === 16 ? 'h' : w === 32 ? 's' : 'd'}`;
}

/** Element size letter: `h`, `s`, `d`. */
export function elemLetter(w: FpWidth): string {
  return w === 16 ? 'h' : w === 32 ? 's' : 'd';
}

/** Emits the computation of lane index d from lane indices n and m. */
export type LaneEmit = (e: Emitter, w: FpWidth, d: number, n: number, m: number) => void;

/** Emits one lane op per lane of Vd (in `order` if given), then clears bits 127:64 when q = 0. */
export function emitVector(
  e: Emitter,
  w: FpWidth,
  q: number,
  regs: { d: number; n: number; m: number },
  lane: LaneEmit,
  order?: readonly number[],
): void {
  const count = laneCountOf(w, q);
  for (const i of order ?? Array.from({ length: count }, (_, k) => k)) {
    lane(e, w, laneAt(regs.d, w, i), laneAt(regs.n, w, i), laneAt(regs.m, w, i));
  }
  if (!q) clearHigh(e, regs.d);
}

/** Emits the lane op on the scalars of the registers, then clears Vd above the scalar. */
export function emitScalar(e: Emitter, w: FpWidth, d: number, n: number, m: number, lane: LaneEmit): void {
  lane(e, w, laneAt(d, w), laneAt(n, w), laneAt(m, w));
  clearAbove(e, d, w);
}

const FAST_BINOP: Readonly<Record<number, readonly [string, string]>> = {
  [FP_ADD]: ['fpAdd32', 'fpAdd64'],
  [FP_SUB]: ['fpSub32', 'fpSub64'],
  [FP_MUL]: ['fpMul32', 'fpMul64'],
  [FP_DIV]: ['fpDiv32', 'fpDiv64'],
};

/** Statement computing a two-operand op (FP_* of fp-arith.ts) on lane indices. */
export function binopCall(e: Emitter, op: number, w: FpWidth, d: number, n: number, m: number): string {
  if (w === 16) return `${e.rt('simdFpHalfBinop')}(c, ${op}, ${d}, ${n}, ${m});`;
  const fast = FAST_BINOP[op];
  if (fast) return `${e.rt(w === 32 ? fast[0] : fast[1])}(c, ${d}, ${n}, ${m});`;
  return `${e.rt(w === 32 ? 'fpMinMax32' : 'fpMinMax64')}(c, ${op}, ${d}, ${n}, ${m});`;
}

export const binopLane =
  (op: number): LaneEmit =>
  (e, w, d, n, m) =>
    e.line(binopCall(e, op, w, d, n, m));

/** FMLA (negN = 0) / FMLS (negN = 1): lane d += (-)n * m, fused. */
export const fusedLane =
  (negN: number): LaneEmit =>
  (e, w, d, n, m) => {
    const name = w === 16 ? 'simdFpHalfMulAdd' : w === 32 ? 'fpMulAdd32' : 'fpMulAdd64';
    e.line(`${e.rt(name)}(c, 0, ${negN}, ${d}, ${n}, ${m}, ${d});`);
  };

export const mulxLane: LaneEmit = (e, w, d, n, m) => e.line(`${e.rt('simdFpMulx')}(c, ${w}, ${d}, ${n}, ${m});`);

/** FABD: |n - m|, the sign of a NaN result cleared too (FPAbs). */
export const abdLane: LaneEmit = (e, w, d, n, m) => {
  e.line(binopCall(e, FP_SUB, w, d, n, m));
  if (w === 16) e.line(`vh[${d}] &= 0x7fff;`);
  else e.line(`vi[${w === 32 ? d : 2 * d + 1}] &= 0x7fffffff;`);
};

/** FCMxx / FACxx (kind SIMD_FP_* of runtime/simd-fp.ts); a negative lane index is +0.0. */
export const compareLane =
  (kind: number): LaneEmit =>
  (e, w, d, n, m) =>
    e.line(`${e.rt('simdFpCompare')}(c, ${kind}, ${w}, ${d}, ${n}, ${m});`);

/** FRECPS (rsqrt = 0) / FRSQRTS (rsqrt = 1). */
export const stepLane =
  (rsqrt: number): LaneEmit =>
  (e, w, d, n, m) =>
    e.line(`${e.rt('simdFpStep')}(c, ${rsqrt}, ${w}, ${d}, ${n}, ${m});`);
