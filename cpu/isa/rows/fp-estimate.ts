import type { Fields, InsnRowSpec } from '../row.js';
import { clearAbove, fpReg, laneIndex, type FpWidth } from './fp-emit.js';
import { op } from './fmt.js';

/** Width of the scalar two-register-misc FP forms: hh=3 is half precision (FEAT_FP16). */
function estimateWidth(f: Fields): FpWidth {
  return f.hh === 3 ? 16 : f.sz ? 64 : 32;
}

function estimateRow(name: string, u: number, opcode: string, helper: string): InsnRowSpec {
  return {
    name,
    pattern: `01 ${u} 11110 1 sz:1 1 hh:2 00 ${opcode} 10 Rn:5 Rd:5`,
    cls: 'fp',
    when: (f) => f.hh === 0 || (f.hh === 3 && f.sz === 1),
    emit: (f, e) => {
      const w = estimateWidth(f);
      e.line(`${e.rt(helper)}(c, ${w}, ${laneIndex(f.Rd!, w)}, ${laneIndex(f.Rn!, w)});`);
      clearAbove(e, f.Rd!, w);
    },
    disasm: (f) => {
      const w = estimateWidth(f);
      return op(name.replace(/_.*/, '').toLowerCase(), fpReg(f.Rd!, w), fpReg(f.Rn!, w));
    },
  };
}

/** FRECPE, FRSQRTE, FRECPX (scalar): reciprocal and reciprocal square root estimates. */
export const fpEstimateRows: InsnRowSpec[] = [
  estimateRow('FRECPE_scalar', 0, '11101', 'fpRecipEstimate'),
  estimateRow('FRSQRTE_scalar', 1, '11101', 'fpRsqrtEstimate'),
  estimateRow('FRECPX_scalar', 0, '11111', 'fpRecpX'),
];
