import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import {
  clearAbove,
  emitScalarCopy,
  expandImm,
  fpReg,
  immText,
  signBitOf,
  validFtype,
  widthOf,
  type FpWidth,
} from './fp-emit.js';
import { cond, op, reg } from './fmt.js';

/** FMOV (general): which register pairs an (sf, ftype, rmode) combination moves between. */
type GeneralForm = 'ws' | 'xd' | 'xd1' | 'wh' | 'xh';

function generalForm(f: Fields): GeneralForm | null {
  const { sf, ftype, rmode } = f;
  if (ftype === 3 && rmode === 0) return sf ? 'xh' : 'wh';
  if (sf === 0 && ftype === 0 && rmode === 0) return 'ws';
  if (sf === 1 && ftype === 1 && rmode === 0) return 'xd';
  if (sf === 1 && ftype === 2 && rmode === 1) return 'xd1';
  return null;
}

function generalFpName(form: GeneralForm, n: number): string {
  switch (form) {
    case 'ws':
      return `s${n}`;
    case 'xd':
      return `d${n}`;
    case 'xd1':
      return `v${n}.d[1]`;
    default:
      return `h${n}`;
  }
}

function emitAbsNeg(e: Emitter, f: Fields, neg: boolean): void {
  const w = widthOf(f.ftype!);
  const bit = signBitOf(w);
  emitScalarCopy(e, f.Rd!, f.Rn!, w, neg ? ` ^ ${bit}` : ` & ${~bit & (w === 16 ? 0xffff : -1)}`);
}

function oneSourceRow(name: string, opcode: string, mnemonic: string, emit: (f: Fields, e: Emitter) => void): InsnRowSpec {
  return {
    name,
    pattern: `000 11110 ftype:2 1 ${opcode} 10000 Rn:5 Rd:5`,
    cls: 'fp',
    when: validFtype,
    emit,
    disasm: (f) => {
      const w = widthOf(f.ftype!);
      return op(mnemonic, fpReg(f.Rd!, w), fpReg(f.Rn!, w));
    },
  };
}

/** FMOV (register, immediate, general), FABS, FNEG, FCSEL: bit moves that raise no exceptions. */
export const fpMoveRows: InsnRowSpec[] = [
  oneSourceRow('FMOV_reg', '000000', 'fmov', (f, e) => emitScalarCopy(e, f.Rd!, f.Rn!, widthOf(f.ftype!))),
  oneSourceRow('FABS_scalar', '000001', 'fabs', (f, e) => emitAbsNeg(e, f, false)),
  oneSourceRow('FNEG_scalar', '000010', 'fneg', (f, e) => emitAbsNeg(e, f, true)),
  {
    name: 'FMOV_imm',
    pattern: '000 11110 ftype:2 1 imm8:8 100 00000 Rd:5',
    cls: 'fp',
    when: validFtype,
    emit: (f, e) => {
      const w = widthOf(f.ftype!);
      const [lo, hi] = expandImm(f.imm8!, w);
      const d = f.Rd!;
      if (w === 16) e.line(`vh[${8 * d}] = ${lo};`);
      else e.line(`vi[${4 * d}] = ${lo};`);
      if (w === 64) e.line(`vi[${4 * d + 1}] = ${hi};`);
      clearAbove(e, d, w);
    },
    disasm: (f) => op('fmov', fpReg(f.Rd!, widthOf(f.ftype!)), immText(f.imm8!)),
  },
  {
    name: 'FMOV_fp_to_gen',
    pattern: 'sf:1 00 11110 ftype:2 1 rmode:2 110 000000 Rn:5 Rd:5',
    cls: 'fp',
    when: (f) => generalForm(f) !== null,
    emit: (f, e) => {
      const n = f.Rn!;
      switch (generalForm(f)!) {
        case 'ws':
          e.setW(f.Rd!, `vi[${4 * n}]`);
          break;
        case 'xd':
          e.setX(f.Rd!, `vi[${4 * n}]`, `vi[${4 * n + 1}]`);
          break;
        case 'xd1':
          e.setX(f.Rd!, `vi[${4 * n + 2}]`, `vi[${4 * n + 3}]`);
          break;
        default:
          e.setR(f.sf!, f.Rd!, `vh[${8 * n}]`, '0');
      }
    },
    disasm: (f) => op('fmov', reg(f.Rd!, f.sf!), generalFpName(generalForm(f)!, f.Rn!)),
  },
  {
    name: 'FMOV_gen_to_fp',
    pattern: 'sf:1 00 11110 ftype:2 1 rmode:2 111 000000 Rn:5 Rd:5',
    cls: 'fp',
    when: (f) => generalForm(f) !== null,
    emit: (f, e) => {
      const [d, n] = [f.Rd!, f.Rn!];
      const form = generalForm(f)!;
      const lo = e.let(e.lo(n));
      if (form === 'xd1') {
        const hi = e.let(e.hi(n));
        e.line(`vi[${4 * d + 2}] = ${lo}; vi[${4 * d + 3}] = ${hi};`);
        return;
      }
      if (form === 'ws') {
        e.line(`vi[${4 * d}] = ${lo};`);
        clearAbove(e, d, 32);
      } else if (form === 'xd') {
        const hi = e.let(e.hi(n));
        e.line(`vi[${4 * d}] = ${lo}; vi[${4 * d + 1}] = ${hi};`);
        clearAbove(e, d, 64);
      } else {
        e.line(`vh[${8 * d}] = ${lo};`);
        clearAbove(e, d, 16);
      }
    },
    disasm: (f) => op('fmov', generalFpName(generalForm(f)!, f.Rd!), reg(f.Rn!, f.sf!)),
  },
  {
    name: 'FCSEL',
    pattern: '000 11110 ftype:2 1 Rm:5 cond:4 11 Rn:5 Rd:5',
    cls: 'fp',
    when: validFtype,
    emit: (f, e) => {
      const w: FpWidth = widthOf(f.ftype!);
      const [d, n, m] = [f.Rd!, f.Rn!, f.Rm!];
      const pick = (r: number): string => (w === 16 ? `vh[${8 * r}]` : `vi[${4 * r}]`);
      const sel = e.let(e.cond(f.cond!));
      const lo = e.let(`${sel} ? ${pick(n)} : ${pick(m)}`);
      if (w === 64) {
        const hi = e.let(`${sel} ? vi[${4 * n + 1}] : vi[${4 * m + 1}]`);
        e.line(`vi[${4 * d + 1}] = ${hi};`);
      }
      e.line(`${pick(d)} = ${lo};`);
      clearAbove(e, d, w);
    },
    disasm: (f) => {
      const w = widthOf(f.ftype!);
      return op('fcsel', fpReg(f.Rd!, w), fpReg(f.Rn!, w), fpReg(f.Rm!, w), cond(f.cond!));
    },
  },
];
