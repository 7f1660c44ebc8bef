import type { Fields, InsnRowSpec } from '../row.js';
import { FP_ADD, FP_DIV, FP_MAX, FP_MAXNM, FP_MIN, FP_MINNM, FP_MUL, FP_SUB } from '../../runtime/fp-arith.js';
import { SIMD_FP_ACGE, SIMD_FP_ACGT, SIMD_FP_EQ, SIMD_FP_GE, SIMD_FP_GT } from '../../runtime/simd-fp.js';
import { clearAbove, fpReg } from './fp-emit.js';
import { op } from './fmt.js';
import { vr } from './simd-emit.js';
import {
  abdLane,
  binopCall,
  binopLane,
  compareLane,
  elemLetter,
  emitScalar,
  emitVector,
  fpArrangement,
  fusedLane,
  laneAt,
  laneCountOf,
  mulxLane,
  stepLane,
  type FpWidth,
  type LaneEmit,
} from './simd-fp-emit.js';

/**
 * Three-same encodings: single/double have x21 = 1, x15 = 11 and sz the size; half precision
 * (FEAT_FP16) has x21 = 0, x15 = 00 and sz = 1. 0 when unallocated.
 */
function sameWidth(f: Fields): FpWidth | 0 {
  if (f.x21 === 1 && f.x15 === 3) return f.sz ? 64 : 32;
  return f.x21 === 0 && f.x15 === 0 && f.sz === 1 ? 16 : 0;
}

const SAME_GEN = { x21: [0, 1], x15: [0, 3] } as const;

interface SameOp {
  readonly name: string;
  readonly u: number;
  readonly a: number;
  readonly opc: string;
  /** Lane op, or the FP_* op of a pairwise form. */
  readonly lane?: LaneEmit;
  readonly pairOp?: number;
  /** Has an Advanced SIMD scalar form. */
  readonly scalar?: boolean;
}

const sameOps: readonly SameOp[] = [
  { name: 'FMAXNM', u: 0, a: 0, opc: '000', lane: binopLane(FP_MAXNM) },
  { name: 'FMLA', u: 0, a: 0, opc: '001', lane: fusedLane(0) },
  { name: 'FADD', u: 0, a: 0, opc: '010', lane: binopLane(FP_ADD) },
  { name: 'FMULX', u: 0, a: 0, opc: '011', lane: mulxLane, scalar: true },
  { name: 'FCMEQ', u: 0, a: 0, opc: '100', lane: compareLane(SIMD_FP_EQ), scalar: true },
  { name: 'FMAX', u: 0, a: 0, opc: '110', lane: binopLane(FP_MAX) },
  { name: 'FRECPS', u: 0, a: 0, opc: '111', lane: stepLane(0), scalar: true },
  { name: 'FMINNM', u: 0, a: 1, opc: '000', lane: binopLane(FP_MINNM) },
  { name: 'FMLS', u: 0, a: 1, opc: '001', lane: fusedLane(1) },
  { name: 'FSUB', u: 0, a: 1, opc: '010', lane: binopLane(FP_SUB) },
  { name: 'FMIN', u: 0, a: 1, opc: '110', lane: binopLane(FP_MIN) },
  { name: 'FRSQRTS', u: 0, a: 1, opc: '111', lane: stepLane(1), scalar: true },
  { name: 'FMAXNMP', u: 1, a: 0, opc: '000', pairOp: FP_MAXNM },
  { name: 'FADDP', u: 1, a: 0, opc: '010', pairOp: FP_ADD },
  { name: 'FMUL', u: 1, a: 0, opc: '011', lane: binopLane(FP_MUL) },
  { name: 'FCMGE', u: 1, a: 0, opc: '100', lane: compareLane(SIMD_FP_GE), scalar: true },
  { name: 'FACGE', u: 1, a: 0, opc: '101', lane: compareLane(SIMD_FP_ACGE), scalar: true },
  { name: 'FMAXP', u: 1, a: 0, opc: '110', pairOp: FP_MAX },
  { name: 'FDIV', u: 1, a: 0, opc: '111', lane: binopLane(FP_DIV) },
  { name: 'FMINNMP', u: 1, a: 1, opc: '000', pairOp: FP_MINNM },
  { name: 'FABD', u: 1, a: 1, opc: '010', lane: abdLane, scalar: true },
  { name: 'FCMGT', u: 1, a: 1, opc: '100', lane: compareLane(SIMD_FP_GT), scalar: true },
  { name: 'FACGT', u: 1, a: 1, opc: '101', lane: compareLane(SIMD_FP_ACGT), scalar: true },
  { name: 'FMINP', u: 1, a: 1, opc: '110', pairOp: FP_MIN },
];

function sameVectorRow(o: SameOp): InsnRowSpec {
  return {
    name: `${o.name}_vec`,
    pattern: `0 Q:1 ${o.u} 01110 ${o.a} sz:1 x21:1 Rm:5 x15:2 ${o.opc} 1 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => {
      const w = sameWidth(f);
      return w !== 0 && (w !== 64 || f.Q === 1);
    },
    gen: SAME_GEN,
    emit: (f, e) => {
      const w = sameWidth(f) as FpWidth;
      if (o.pairOp !== undefined) {
        e.line(`${e.rt('simdFpPairwise')}(c, ${o.pairOp}, ${w}, ${f.Rd}, ${f.Rn}, ${f.Rm}, ${f.Q});`);
        return;
      }
      emitVector(e, w, f.Q!, { d: f.Rd!, n: f.Rn!, m: f.Rm! }, o.lane!);
    },
    disasm: (f) => {
      const arr = fpArrangement(sameWidth(f) as FpWidth, f.Q!);
      return op(o.name.toLowerCase(), vr(f.Rd!, arr), vr(f.Rn!, arr), vr(f.Rm!, arr));
    },
  };
}

function sameScalarRow(o: SameOp): InsnRowSpec {
  return {
    name: `${o.name}_sisd`,
    pattern: `01 ${o.u} 11110 ${o.a} sz:1 x21:1 Rm:5 x15:2 ${o.opc} 1 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => sameWidth(f) !== 0,
    gen: SAME_GEN,
    emit: (f, e) => emitScalar(e, sameWidth(f) as FpWidth, f.Rd!, f.Rn!, f.Rm!, o.lane!),
    disasm: (f) => {
      const w = sameWidth(f) as FpWidth;
      return op(o.name.toLowerCase(), fpReg(f.Rd!, w), fpReg(f.Rn!, w), fpReg(f.Rm!, w));
    },
  };
}

interface ReduceOp {
  readonly name: string;
  readonly a: number;
  readonly opcode: string;
  readonly op: number;
}

const acrossOps: readonly ReduceOp[] = [
  { name: 'FMAXNMV', a: 0, opcode: '01100', op: FP_MAXNM },
  { name: 'FMINNMV', a: 1, opcode: '01100', op: FP_MINNM },
  { name: 'FMAXV', a: 0, opcode: '01111', op: FP_MAX },
  { name: 'FMINV', a: 1, opcode: '01111', op: FP_MIN },
];

const pairScalarOps: readonly ReduceOp[] = [
  { name: 'FMAXNMP', a: 0, opcode: '01100', op: FP_MAXNM },
  { name: 'FADDP', a: 0, opcode: '01101', op: FP_ADD },
  { name: 'FMAXP', a: 0, opcode: '01111', op: FP_MAX },
  { name: 'FMINNMP', a: 1, opcode: '01100', op: FP_MINNM },
  { name: 'FMINP', a: 1, opcode: '01111', op: FP_MIN },
];

/** Across lanes: U = 1 is single (4S only), U = 0 half (4H, 8H). */
function acrossRow(o: ReduceOp): InsnRowSpec {
  const width = (f: Fields): FpWidth => (f.U ? 32 : 16);
  return {
    name: o.name,
    pattern: `0 Q:1 U:1 01110 ${o.a} 0 11000 ${o.opcode} 10 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => f.U === 0 || f.Q === 1,
    emit: (f, e) => {
      const w = width(f);
      e.line(`${e.rt('simdFpReduce')}(c, ${o.op}, ${w}, ${f.Rd}, ${f.Rn}, ${laneCountOf(w, f.Q!)});`);
    },
    disasm: (f) => op(o.name.toLowerCase(), fpReg(f.Rd!, width(f)), vr(f.Rn!, fpArrangement(width(f), f.Q!))),
  };
}

/** Scalar pairwise: U = 1 single or double (sz), U = 0 with sz = 0 half. */
function pairScalarRow(o: ReduceOp): InsnRowSpec {
  const width = (f: Fields): FpWidth => (f.U ? (f.sz ? 64 : 32) : 16);
  return {
    name: `${o.name}_sisd`,
    pattern: `01 U:1 11110 ${o.a} sz:1 11000 ${o.opcode} 10 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => f.U === 1 || f.sz === 0,
    emit: (f, e) => {
      const w = width(f);
      e.line(binopCall(e, o.op, w, laneAt(f.Rd!, w), laneAt(f.Rn!, w, 0), laneAt(f.Rn!, w, 1)));
      clearAbove(e, f.Rd!, w);
    },
    disasm: (f) => op(o.name.toLowerCase(), fpReg(f.Rd!, width(f)), vr(f.Rn!, `2${elemLetter(width(f))}`)),
  };
}

// ---- by element ------------------------------------------------------------------------------

/** size 00 half, 10 single, 11 double (L = 0); 01 unallocated. */
function elemWidth(f: Fields): FpWidth | 0 {
  if (f.size === 0) return 16;
  if (f.size === 2) return 32;
  return f.size === 3 && f.L === 0 ? 64 : 0;
}

/** The indexed element: register and lane index. */
function element(f: Fields, w: FpWidth): { reg: number; index: number } {
  if (w === 16) return { reg: f.Rm!, index: (f.H! << 2) | (f.L! << 1) | f.M! };
  const reg = (f.M! << 4) | f.Rm!;
  return w === 32 ? { reg, index: (f.H! << 1) | f.L! } : { reg, index: f.H! };
}

interface ElemOp {
  readonly name: string;
  readonly u: number;
  readonly opcode: string;
  readonly lane: LaneEmit;
}

const elemOps: readonly ElemOp[] = [
  { name: 'FMLA', u: 0, opcode: '0001', lane: fusedLane(0) },
  { name: 'FMLS', u: 0, opcode: '0101', lane: fusedLane(1) },
  { name: 'FMUL', u: 0, opcode: '1001', lane: binopLane(FP_MUL) },
  { name: 'FMULX', u: 1, opcode: '1001', lane: mulxLane },
];

const elemText = (f: Fields, w: FpWidth): string => {
  const { reg, index } = element(f, w);
  return `v${reg}.${elemLetter(w)}[${index}]`;
};

function elemVectorRow(o: ElemOp): InsnRowSpec {
  return {
    name: `${o.name}_elem`,
    pattern: `0 Q:1 ${o.u} 01111 size:2 L:1 M:1 Rm:4 ${o.opcode} H:1 0 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => {
      const w = elemWidth(f);
      return w !== 0 && (w !== 64 || f.Q === 1);
    },
    emit: (f, e) => {
      const w = elemWidth(f) as FpWidth;
      const { reg, index } = element(f, w);
      const d = f.Rd!;
      const count = laneCountOf(w, f.Q!);
      const order = Array.from({ length: count }, (_, i) => i);
      // Vd = Vm: write the lane holding the element last, so every lane reads it unchanged.
      if (d === reg && index < count) order.push(...order.splice(index, 1));
      const em = laneAt(reg, w, index);
      emitVector(e, w, f.Q!, { d, n: f.Rn!, m: reg }, (e2, w2, ld, ln) => o.lane(e2, w2, ld, ln, em), order);
    },
    disasm: (f) => {
      const w = elemWidth(f) as FpWidth;
      const arr = fpArrangement(w, f.Q!);
      return op(o.name.toLowerCase(), vr(f.Rd!, arr), vr(f.Rn!, arr), elemText(f, w));
    },
  };
}

function elemScalarRow(o: ElemOp): InsnRowSpec {
  return {
    name: `${o.name}_elem_sisd`,
    pattern: `01 ${o.u} 11111 size:2 L:1 M:1 Rm:4 ${o.opcode} H:1 0 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => elemWidth(f) !== 0,
    emit: (f, e) => {
      const w = elemWidth(f) as FpWidth;
      const { reg, index } = element(f, w);
      o.lane(e, w, laneAt(f.Rd!, w), laneAt(f.Rn!, w), laneAt(reg, w, index));
      clearAbove(e, f.Rd!, w);
    },
    disasm: (f) => {
      const w = elemWidth(f) as FpWidth;
      return op(o.name.toLowerCase(), fpReg(f.Rd!, w), fpReg(f.Rn!, w), elemText(f, w));
    },
  };
}

/** Three same (vector and scalar), pairwise, across lanes and by element FP arithmetic. */
export const simdFpArithRows: InsnRowSpec[] = [
  ...sameOps.map(sameVectorRow),
  ...sameOps.filter((o) => o.scalar).map(sameScalarRow),
  ...acrossOps.map(acrossRow),
  ...pairScalarOps.map(pairScalarRow),
  ...elemOps.map(elemVectorRow),
  ...elemOps.map(elemScalarRow),
];
