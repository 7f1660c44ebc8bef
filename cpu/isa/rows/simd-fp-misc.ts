import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { FP_RMODE_FPCR } from '../../runtime/fp-convert.js';
import { RA, RM, RN, RP, RZ } from '../../runtime/fp-soft.js';
import { SIMD_FP_EQ, SIMD_FP_GE, SIMD_FP_GT } from '../../runtime/simd-fp.js';
import { clearAbove, expandImm, fpReg, immText } from './fp-emit.js';
import { op } from './fmt.js';
import { clearHigh, vr } from './simd-emit.js';
import { emitScalar, emitVector, fpArrangement, laneAt, type FpWidth, type LaneEmit } from './simd-fp-emit.js';

/**
 * Two-register misc encodings: hh = 00 single/double (sz), hh = 11 with sz = 1 half precision
 * (FEAT_FP16). 0 when unallocated.
 */
function miscWidth(f: Fields, half: boolean): FpWidth | 0 {
  if (f.hh === 0) return f.sz ? 64 : 32;
  return f.hh === 3 && f.sz === 1 && half ? 16 : 0;
}

/** Emits lane d from lane n (the m argument of LaneEmit is unused). */
type UnaryLane = (e: Emitter, w: FpWidth, d: number, n: number) => void;

const roundLane =
  (rounding: number, exact: number): UnaryLane =>
  (e, w, d, n) =>
    e.line(
      w === 16
        ? `${e.rt('simdFpHalfRoundInt')}(c, ${d}, ${n}, ${rounding}, ${exact});`
        : `${e.rt('fpRoundInt')}(c, ${w}, ${d}, ${n}, ${rounding}, ${exact});`,
    );

const roundNLane =
  (intsize: number, rounding: number): UnaryLane =>
  (e, w, d, n) =>
    e.line(`${e.rt('fpRoundIntN')}(c, ${w}, ${d}, ${n}, ${rounding}, ${intsize});`);

const toIntLane =
  (rounding: number, unsigned: number, fbits = 0): UnaryLane =>
  (e, w, d, n) =>
    e.line(`${e.rt('simdFpToInt')}(c, ${w}, ${d}, ${n}, ${rounding}, ${unsigned}, ${fbits});`);

const fromIntLane =
  (unsigned: number, fbits = 0): UnaryLane =>
  (e, w, d, n) =>
    e.line(`${e.rt('simdFpFromInt')}(c, ${w}, ${d}, ${n}, ${unsigned}, ${fbits});`);

/** Compare with +0.0; `swap` puts zero first (FCMLT = GT(0, x), FCMLE = GE(0, x)). */
const zeroCompareLane =
  (kind: number, swap: boolean): UnaryLane =>
  (e, w, d, n) =>
    e.line(`${e.rt('simdFpCompare')}(c, ${kind}, ${w}, ${d}, ${swap ? -1 : n}, ${swap ? n : -1});`);

const sqrtLane: UnaryLane = (e, w, d, n) =>
  e.line(
    w === 16
      ? `${e.rt('simdFpHalfSqrt')}(c, ${d}, ${n});`
      : `${e.rt(w === 32 ? 'fpSqrt32' : 'fpSqrt64')}(c, ${d}, ${n});`,
  );

const estimateLane =
  (helper: string): UnaryLane =>
  (e, w, d, n) =>
    e.line(`${e.rt(helper)}(c, ${w}, ${d}, ${n});`);

interface MiscOp {
  readonly name: string;
  readonly u: number;
  readonly a: number;
  readonly opcode: string;
  readonly lane: UnaryLane;
  /** Has a half-precision form. */
  readonly half: boolean;
  /** Forms: vector, Advanced SIMD scalar, or both. */
  readonly forms: 'vec' | 'both';
  readonly suffix?: string;
}

const miscOps: readonly MiscOp[] = [
  { name: 'FRINTN', u: 0, a: 0, opcode: '11000', lane: roundLane(RN, 0), half: true, forms: 'vec' },
  { name: 'FRINTM', u: 0, a: 0, opcode: '11001', lane: roundLane(RM, 0), half: true, forms: 'vec' },
  { name: 'FRINTP', u: 0, a: 1, opcode: '11000', lane: roundLane(RP, 0), half: true, forms: 'vec' },
  { name: 'FRINTZ', u: 0, a: 1, opcode: '11001', lane: roundLane(RZ, 0), half: true, forms: 'vec' },
  { name: 'FRINTA', u: 1, a: 0, opcode: '11000', lane: roundLane(RA, 0), half: true, forms: 'vec' },
  { name: 'FRINTX', u: 1, a: 0, opcode: '11001', lane: roundLane(FP_RMODE_FPCR, 1), half: true, forms: 'vec' },
  { name: 'FRINTI', u: 1, a: 1, opcode: '11001', lane: roundLane(FP_RMODE_FPCR, 0), half: true, forms: 'vec' },
  { name: 'FRINT32Z', u: 0, a: 0, opcode: '11110', lane: roundNLane(32, RZ), half: false, forms: 'vec' },
  { name: 'FRINT64Z', u: 0, a: 0, opcode: '11111', lane: roundNLane(64, RZ), half: false, forms: 'vec' },
  { name: 'FRINT32X', u: 1, a: 0, opcode: '11110', lane: roundNLane(32, FP_RMODE_FPCR), half: false, forms: 'vec' },
  { name: 'FRINT64X', u: 1, a: 0, opcode: '11111', lane: roundNLane(64, FP_RMODE_FPCR), half: false, forms: 'vec' },
  { name: 'FCVTNS', u: 0, a: 0, opcode: '11010', lane: toIntLane(RN, 0), half: true, forms: 'both' },
  { name: 'FCVTMS', u: 0, a: 0, opcode: '11011', lane: toIntLane(RM, 0), half: true, forms: 'both' },
  { name: 'FCVTAS', u: 0, a: 0, opcode: '11100', lane: toIntLane(RA, 0), half: true, forms: 'both' },
  { name: 'FCVTPS', u: 0, a: 1, opcode: '11010', lane: toIntLane(RP, 0), half: true, forms: 'both' },
  { name: 'FCVTZS', u: 0, a: 1, opcode: '11011', lane: toIntLane(RZ, 0), half: true, forms: 'both' },
  { name: 'FCVTNU', u: 1, a: 0, opcode: '11010', lane: toIntLane(RN, 1), half: true, forms: 'both' },
  { name: 'FCVTMU', u: 1, a: 0, opcode: '11011', lane: toIntLane(RM, 1), half: true, forms: 'both' },
  { name: 'FCVTAU', u: 1, a: 0, opcode: '11100', lane: toIntLane(RA, 1), half: true, forms: 'both' },
  { name: 'FCVTPU', u: 1, a: 1, opcode: '11010', lane: toIntLane(RP, 1), half: true, forms: 'both' },
  { name: 'FCVTZU', u: 1, a: 1, opcode: '11011', lane: toIntLane(RZ, 1), half: true, forms: 'both' },
  { name: 'SCVTF', u: 0, a: 0, opcode: '11101', lane: fromIntLane(0), half: true, forms: 'both' },
  { name: 'UCVTF', u: 1, a: 0, opcode: '11101', lane: fromIntLane(1), half: true, forms: 'both' },
  { name: 'FCMGT_zero', u: 0, a: 1, opcode: '01100', lane: zeroCompareLane(SIMD_FP_GT, false), half: true, forms: 'both', suffix: '#0.0' },
  { name: 'FCMEQ_zero', u: 0, a: 1, opcode: '01101', lane: zeroCompareLane(SIMD_FP_EQ, false), half: true, forms: 'both', suffix: '#0.0' },
  { name: 'FCMLT_zero', u: 0, a: 1, opcode: '01110', lane: zeroCompareLane(SIMD_FP_GT, true), half: true, forms: 'both', suffix: '#0.0' },
  { name: 'FCMGE_zero', u: 1, a: 1, opcode: '01100', lane: zeroCompareLane(SIMD_FP_GE, false), half: true, forms: 'both', suffix: '#0.0' },
  { name: 'FCMLE_zero', u: 1, a: 1, opcode: '01101', lane: zeroCompareLane(SIMD_FP_GE, true), half: true, forms: 'both', suffix: '#0.0' },
  { name: 'FSQRT', u: 1, a: 1, opcode: '11111', lane: sqrtLane, half: true, forms: 'vec' },
  { name: 'FRECPE', u: 0, a: 1, opcode: '11101', lane: estimateLane('simdFpRecipEstimate'), half: true, forms: 'vec' },
  { name: 'FRSQRTE', u: 1, a: 1, opcode: '11101', lane: estimateLane('simdFpRsqrtEstimate'), half: true, forms: 'vec' },
];

const mnemonicOf = (name: string): string => name.replace(/_.*/, '').toLowerCase();
const asLane = (lane: UnaryLane): LaneEmit => (e, w, d, n) => lane(e, w, d, n);
const MISC_GEN = { hh: [0, 3] } as const;

function miscVectorRow(o: MiscOp): InsnRowSpec {
  return {
    name: `${o.name}_vec`,
    pattern: `0 Q:1 ${o.u} 01110 ${o.a} sz:1 1 hh:2 00 ${o.opcode} 10 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => {
      const w = miscWidth(f, o.half);
      return w !== 0 && (w !== 64 || f.Q === 1);
    },
    gen: MISC_GEN,
    emit: (f, e) => emitVector(e, miscWidth(f, o.half) as FpWidth, f.Q!, { d: f.Rd!, n: f.Rn!, m: f.Rn! }, asLane(o.lane)),
    disasm: (f) => {
      const arr = fpArrangement(miscWidth(f, o.half) as FpWidth, f.Q!);
      return op(mnemonicOf(o.name), vr(f.Rd!, arr), vr(f.Rn!, arr), ...(o.suffix ? [o.suffix] : []));
    },
  };
}

function miscScalarRow(o: MiscOp): InsnRowSpec {
  return {
    name: `${o.name}_sisd`,
    pattern: `01 ${o.u} 11110 ${o.a} sz:1 1 hh:2 00 ${o.opcode} 10 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => miscWidth(f, o.half) !== 0,
    gen: MISC_GEN,
    emit: (f, e) => emitScalar(e, miscWidth(f, o.half) as FpWidth, f.Rd!, f.Rn!, f.Rn!, asLane(o.lane)),
    disasm: (f) => {
      const w = miscWidth(f, o.half) as FpWidth;
      return op(mnemonicOf(o.name), fpReg(f.Rd!, w), fpReg(f.Rn!, w), ...(o.suffix ? [o.suffix] : []));
    },
  };
}

/** FABS/FNEG (vector): sign-bit operations on whole words, no exceptions. */
function signRow(name: string, u: number, neg: boolean): InsnRowSpec {
  return {
    name: `${name}_vec`,
    pattern: `0 Q:1 ${u} 01110 1 sz:1 1 hh:2 00 01111 10 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => {
      const w = miscWidth(f, true);
      return w !== 0 && (w !== 64 || f.Q === 1);
    },
    gen: MISC_GEN,
    emit: (f, e) => {
      const w = miscWidth(f, true) as FpWidth;
      const [d, n] = [f.Rd!, f.Rn!];
      for (let k = 0; k < (f.Q ? 4 : 2); k++) {
        const bits = w === 16 ? 0x80008000 : w === 32 || k % 2 === 1 ? 0x80000000 : 0;
        if (bits === 0) e.line(`vi[${4 * d + k}] = vi[${4 * n + k}];`);
        else e.line(`vi[${4 * d + k}] = vi[${4 * n + k}] ${neg ? `^ ${bits | 0}` : `& ${~bits}`};`);
      }
      if (!f.Q) clearHigh(e, d);
    },
    disasm: (f) => {
      const arr = fpArrangement(miscWidth(f, true) as FpWidth, f.Q!);
      return op(name.toLowerCase(), vr(f.Rd!, arr), vr(f.Rn!, arr));
    },
  };
}

// ---- precision changes -------------------------------------------------------------------------

/**
 * Emits narrow lanes i of Vd at `first + i` from wide lanes i of Vn, in an order that reads
 * every source lane before it is overwritten when Vd = Vn.
 */
function emitNarrow(e: Emitter, d: number, n: number, wide: FpWidth, q: number, call: (ld: number, ln: number) => string): void {
  const narrow = (wide / 2) as FpWidth;
  const count = 128 / wide;
  const first = q ? count : 0;
  const order = Array.from({ length: count }, (_, i) => (q ? count - 1 - i : i));
  for (const i of order) e.line(call(laneAt(d, narrow, first + i), laneAt(n, wide, i)));
  if (!q) clearHigh(e, d);
}

const narrowName = (mnemonic: string, q: number): string => (q ? `${mnemonic}2` : mnemonic);

const fcvtnRow: InsnRowSpec = {
  name: 'FCVTN',
  pattern: '0 Q:1 0 01110 0 sz:1 10000 10110 10 Rn:5 Rd:5',
  cls: 'simd',
  emit: (f, e) => {
    const wide: FpWidth = f.sz ? 64 : 32;
    emitNarrow(e, f.Rd!, f.Rn!, wide, f.Q!, (ld, ln) => `${e.rt('simdFpCvt')}(c, ${wide}, ${wide / 2}, ${ld}, ${ln});`);
  },
  disasm: (f) => {
    const wide: FpWidth = f.sz ? 64 : 32;
    return op(narrowName('fcvtn', f.Q!), vr(f.Rd!, fpArrangement((wide / 2) as FpWidth, f.Q!)), vr(f.Rn!, fpArrangement(wide, 1)));
  },
};

const fcvtxnVectorRow: InsnRowSpec = {
  name: 'FCVTXN_vec',
  pattern: '0 Q:1 1 01110 0 1 10000 10110 10 Rn:5 Rd:5',
  cls: 'simd',
  emit: (f, e) => emitNarrow(e, f.Rd!, f.Rn!, 64, f.Q!, (ld, ln) => `${e.rt('simdFpCvtxn')}(c, ${ld}, ${ln});`),
  disasm: (f) => op(narrowName('fcvtxn', f.Q!), vr(f.Rd!, fpArrangement(32, f.Q!)), vr(f.Rn!, '2d')),
};

const fcvtxnScalarRow: InsnRowSpec = {
  name: 'FCVTXN_sisd',
  pattern: '01 1 11110 0 1 10000 10110 10 Rn:5 Rd:5',
  cls: 'simd',
  emit: (f, e) => {
    e.line(`${e.rt('simdFpCvtxn')}(c, ${laneAt(f.Rd!, 32)}, ${laneAt(f.Rn!, 64)});`);
    clearAbove(e, f.Rd!, 32);
  },
  disasm: (f) => op('fcvtxn', fpReg(f.Rd!, 32), fpReg(f.Rn!, 64)),
};

/** FCVTL/FCVTL2: wide lanes i of Vd from narrow lanes `first + i` of Vn, ordered as in emitNarrow. */
const fcvtlRow: InsnRowSpec = {
  name: 'FCVTL',
  pattern: '0 Q:1 0 01110 0 sz:1 10000 10111 10 Rn:5 Rd:5',
  cls: 'simd',
  emit: (f, e) => {
    const narrow: FpWidth = f.sz ? 32 : 16;
    const wide = (narrow * 2) as FpWidth;
    const count = 128 / wide;
    const first = f.Q ? count : 0;
    const order = Array.from({ length: count }, (_, i) => (f.Q ? i : count - 1 - i));
    for (const i of order) {
      e.line(`${e.rt('simdFpCvt')}(c, ${narrow}, ${wide}, ${laneAt(f.Rd!, wide, i)}, ${laneAt(f.Rn!, narrow, first + i)});`);
    }
  },
  disasm: (f) => {
    const narrow: FpWidth = f.sz ? 32 : 16;
    return op(narrowName('fcvtl', f.Q!), vr(f.Rd!, fpArrangement((narrow * 2) as FpWidth, 1)), vr(f.Rn!, fpArrangement(narrow, f.Q!)));
  },
};

// ---- fixed point (shift by immediate encodings) ---------------------------------------------

/** immh 1xxx double, 01xx single, 001x half; 0 when unallocated. */
function fixedWidth(immh: number): FpWidth | 0 {
  return immh >= 8 ? 64 : immh >= 4 ? 32 : immh >= 2 ? 16 : 0;
}

const fracBits = (f: Fields, w: FpWidth): number => 2 * w - ((f.immh! << 3) | f.immb!);

interface FixedOp {
  readonly name: string;
  readonly u: number;
  readonly opcode: string;
  readonly lane: (fbits: number) => UnaryLane;
}

const fixedOps: readonly FixedOp[] = [
  { name: 'SCVTF', u: 0, opcode: '11100', lane: (fb) => fromIntLane(0, fb) },
  { name: 'UCVTF', u: 1, opcode: '11100', lane: (fb) => fromIntLane(1, fb) },
  { name: 'FCVTZS', u: 0, opcode: '11111', lane: (fb) => toIntLane(RZ, 0, fb) },
  { name: 'FCVTZU', u: 1, opcode: '11111', lane: (fb) => toIntLane(RZ, 1, fb) },
];

function fixedVectorRow(o: FixedOp): InsnRowSpec {
  return {
    name: `${o.name}_vec_fix`,
    pattern: `0 Q:1 ${o.u} 011110 immh:4 immb:3 ${o.opcode} 1 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => {
      const w = fixedWidth(f.immh!);
      return w !== 0 && (w !== 64 || f.Q === 1);
    },
    emit: (f, e) => {
      const w = fixedWidth(f.immh!) as FpWidth;
      emitVector(e, w, f.Q!, { d: f.Rd!, n: f.Rn!, m: f.Rn! }, asLane(o.lane(fracBits(f, w))));
    },
    disasm: (f) => {
      const w = fixedWidth(f.immh!) as FpWidth;
      const arr = fpArrangement(w, f.Q!);
      return op(o.name.toLowerCase(), vr(f.Rd!, arr), vr(f.Rn!, arr), `#${fracBits(f, w)}`);
    },
  };
}

function fixedScalarRow(o: FixedOp): InsnRowSpec {
  return {
    name: `${o.name}_sisd_fix`,
    pattern: `01 ${o.u} 111110 immh:4 immb:3 ${o.opcode} 1 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => fixedWidth(f.immh!) !== 0,
    emit: (f, e) => {
      const w = fixedWidth(f.immh!) as FpWidth;
      emitScalar(e, w, f.Rd!, f.Rn!, f.Rn!, asLane(o.lane(fracBits(f, w))));
      // qemu 7.2 writes the half form's int16 result sign-extended to 32 bits.
      if (w === 16 && o.name === 'FCVTZS') e.line(`vh[${8 * f.Rd! + 1}] = vh[${8 * f.Rd!}] & 0x8000 ? 0xffff : 0;`);
    },
    disasm: (f) => {
      const w = fixedWidth(f.immh!) as FpWidth;
      return op(o.name.toLowerCase(), fpReg(f.Rd!, w), fpReg(f.Rn!, w), `#${fracBits(f, w)}`);
    },
  };
}

// ---- FMOV (vector, immediate) ------------------------------------------------------------------

/** op = 0, o2 = 0 single; op = 0, o2 = 1 half; op = 1, o2 = 0 double (Q = 1). */
const fmovWidth = (f: Fields): FpWidth => (f.op ? 64 : f.o2 ? 16 : 32);
const fmovImm8 = (f: Fields): number => (f.abc! << 5) | f.defgh!;

const fmovRow: InsnRowSpec = {
  name: 'FMOV_vimm',
  pattern: '0 Q:1 op:1 0111100000 abc:3 1111 o2:1 1 defgh:5 Rd:5',
  cls: 'simd',
  when: (f) => f.op === 0 || (f.o2 === 0 && f.Q === 1),
  emit: (f, e) => {
    const w = fmovWidth(f);
    const [lo, hi] = expandImm(fmovImm8(f), w);
    const word = w === 16 ? (lo | (lo << 16)) | 0 : lo;
    const words = w === 64 ? [lo, hi] : [word, word];
    const d = f.Rd!;
    e.line(`vi[${4 * d}] = ${words[0]}; vi[${4 * d + 1}] = ${words[1]};`);
    e.line(`vi[${4 * d + 2}] = ${f.Q ? words[0] : 0}; vi[${4 * d + 3}] = ${f.Q ? words[1] : 0};`);
  },
  disasm: (f) => op('fmov', vr(f.Rd!, fpArrangement(fmovWidth(f), f.Q!)), immText(fmovImm8(f))),
};

/** Two-register misc FP (vector and scalar), precision changes, fixed-point conversions, FMOV. */
export const simdFpMiscRows: InsnRowSpec[] = [
  ...miscOps.map(miscVectorRow),
  ...miscOps.filter((o) => o.forms === 'both').map(miscScalarRow),
  signRow('FABS', 0, false),
  signRow('FNEG', 1, true),
  fcvtnRow,
  fcvtlRow,
  fcvtxnVectorRow,
  fcvtxnScalarRow,
  ...fixedOps.map(fixedVectorRow),
  ...fixedOps.map(fixedScalarRow),
  fmovRow,
];

