import type { Emitter } from '../../translate/emitter.js';
import type { InsnRowSpec } from '../row.js';
import { FP_ADD, FP_DIV, FP_MAX, FP_MAXNM, FP_MIN, FP_MINNM, FP_MUL, FP_NMUL, FP_SUB } from '../../runtime/fp-arith.js';
import { clearAbove, fpReg, laneIndex, validFtype, widthOf, type FpWidth } from './fp-emit.js';
import { op } from './fmt.js';

/** Fast helper names by width (single, double); half precision always takes fpBinop. */
interface BinopHelpers {
  readonly op: number;
  readonly s: string;
  readonly d: string;
  /** Helper takes the operation code as its second argument (min/max). */
  readonly withOp?: boolean;
}

function emitBinop(e: Emitter, h: BinopHelpers, width: FpWidth, d: number, n: number, m: number): void {
  const [ld, ln, lm] = [laneIndex(d, width), laneIndex(n, width), laneIndex(m, width)];
  if (width === 16) {
    e.line(`${e.rt('fpBinop')}(c, ${h.op}, 16, ${ld}, ${ln}, ${lm});`);
  } else {
    const name = e.rt(width === 32 ? h.s : h.d);
    e.line(h.withOp ? `${name}(c, ${h.op}, ${ld}, ${ln}, ${lm});` : `${name}(c, ${ld}, ${ln}, ${lm});`);
  }
  clearAbove(e, d, width);
}

function binopRow(name: string, opcode: string, mnemonic: string, h: BinopHelpers): InsnRowSpec {
  return {
    name,
    pattern: `000 11110 ftype:2 1 Rm:5 ${opcode} 10 Rn:5 Rd:5`,
    cls: 'fp',
    when: validFtype,
    emit: (f, e) => emitBinop(e, h, widthOf(f.ftype!), f.Rd!, f.Rn!, f.Rm!),
    disasm: (f) => {
      const w = widthOf(f.ftype!);
      return op(mnemonic, fpReg(f.Rd!, w), fpReg(f.Rn!, w), fpReg(f.Rm!, w));
    },
  };
}

const minMax = (o: number): BinopHelpers => ({ op: o, s: 'fpMinMax32', d: 'fpMinMax64', withOp: true });

/** FMADD, FMSUB, FNMADD, FNMSUB: Rd = (negA ? -Ra : Ra) + (negN ? -Rn : Rn) * Rm, fused. */
function fusedRow(name: string, o1: number, o0: number): InsnRowSpec {
  const negA = o1;
  const negN = o1 ^ o0;
  return {
    name,
    pattern: `000 11111 ftype:2 ${o1} Rm:5 ${o0} Ra:5 Rn:5 Rd:5`,
    cls: 'fp',
    when: validFtype,
    emit: (f, e) => {
      const w = widthOf(f.ftype!);
      const lanes = [f.Rd!, f.Rn!, f.Rm!, f.Ra!].map((r) => laneIndex(r, w)).join(', ');
      if (w === 16) e.line(`${e.rt('fpMulAddSlow')}(c, 16, ${negA}, ${negN}, ${lanes});`);
      else e.line(`${e.rt(w === 32 ? 'fpMulAdd32' : 'fpMulAdd64')}(c, ${negA}, ${negN}, ${lanes});`);
      clearAbove(e, f.Rd!, w);
    },
    disasm: (f) => {
      const w = widthOf(f.ftype!);
      return op(name.toLowerCase(), ...[f.Rd!, f.Rn!, f.Rm!, f.Ra!].map((r) => fpReg(r, w)));
    },
  };
}

/** Floating-point data processing, two and three sources, and FSQRT. */
export const fpArithRows: InsnRowSpec[] = [
  binopRow('FMUL_scalar', '0000', 'fmul', { op: FP_MUL, s: 'fpMul32', d: 'fpMul64' }),
  binopRow('FDIV_scalar', '0001', 'fdiv', { op: FP_DIV, s: 'fpDiv32', d: 'fpDiv64' }),
  binopRow('FADD_scalar', '0010', 'fadd', { op: FP_ADD, s: 'fpAdd32', d: 'fpAdd64' }),
  binopRow('FSUB_scalar', '0011', 'fsub', { op: FP_SUB, s: 'fpSub32', d: 'fpSub64' }),
  binopRow('FMAX_scalar', '0100', 'fmax', minMax(FP_MAX)),
  binopRow('FMIN_scalar', '0101', 'fmin', minMax(FP_MIN)),
  binopRow('FMAXNM_scalar', '0110', 'fmaxnm', minMax(FP_MAXNM)),
  binopRow('FMINNM_scalar', '0111', 'fminnm', minMax(FP_MINNM)),
  binopRow('FNMUL_scalar', '1000', 'fnmul', { op: FP_NMUL, s: 'fpNmul32', d: 'fpNmul64' }),
  fusedRow('FMADD', 0, 0),
  fusedRow('FMSUB', 0, 1),
  fusedRow('FNMADD', 1, 0),
  fusedRow('FNMSUB', 1, 1),
  {
    name: 'FSQRT_scalar',
    pattern: '000 11110 ftype:2 1 000011 10000 Rn:5 Rd:5',
    cls: 'fp',
    when: validFtype,
    emit: (f, e) => {
      const w = widthOf(f.ftype!);
      const [ld, ln] = [laneIndex(f.Rd!, w), laneIndex(f.Rn!, w)];
      if (w === 16) e.line(`${e.rt('fpSqrtSlow')}(c, 16, ${ld}, ${ln});`);
      else e.line(`${e.rt(w === 32 ? 'fpSqrt32' : 'fpSqrt64')}(c, ${ld}, ${ln});`);
      clearAbove(e, f.Rd!, w);
    },
    disasm: (f) => {
      const w = widthOf(f.ftype!);
      return op('fsqrt', fpReg(f.Rd!, w), fpReg(f.Rn!, w));
    },
  },
];
