import type { InsnRowSpec } from '../row.js';
import { fpReg, laneIndex, validFtype, widthOf } from './fp-emit.js';
import { cond, hex, op } from './fmt.js';

function compareRow(name: string, opcode2: string, mnemonic: string, withZero: boolean, signal: number): InsnRowSpec {
  return {
    name,
    pattern: `000 11110 ftype:2 1 Rm:5 001000 Rn:5 ${opcode2}`,
    cls: 'fp',
    when: validFtype,
    // The #0.0 forms ignore Rm (qemu too); keep it zero as assemblers do.
    gen: withZero ? { Rm: [0] } : undefined,
    emit: (f, e) => {
      const w = widthOf(f.ftype!);
      const m = withZero ? -1 : laneIndex(f.Rm!, w);
      e.line(`${e.rt('fpCmp')}(c, ${w}, ${laneIndex(f.Rn!, w)}, ${m}, ${signal});`);
    },
    disasm: (f) => {
      const w = widthOf(f.ftype!);
      return op(mnemonic, fpReg(f.Rn!, w), withZero ? '#0.0' : fpReg(f.Rm!, w));
    },
  };
}

function condCompareRow(name: string, signal: number): InsnRowSpec {
  return {
    name,
    pattern: `000 11110 ftype:2 1 Rm:5 cond:4 01 Rn:5 ${signal} nzcv:4`,
    cls: 'fp',
    when: validFtype,
    emit: (f, e) => {
      const w = widthOf(f.ftype!);
      const v = f.nzcv!;
      e.line(`if (${e.cond(f.cond!)}) {`);
      e.line(`${e.rt('fpCmp')}(c, ${w}, ${laneIndex(f.Rn!, w)}, ${laneIndex(f.Rm!, w)}, ${signal});`);
      e.line(`} else {`);
      e.setFlags(String((v >> 3) & 1), String((v >> 2) & 1), String((v >> 1) & 1), String(v & 1));
      e.line(`}`);
    },
    disasm: (f) => {
      const w = widthOf(f.ftype!);
      return op(name.toLowerCase(), fpReg(f.Rn!, w), fpReg(f.Rm!, w), hex(f.nzcv!), cond(f.cond!));
    },
  };
}

/** FCMP, FCMPE (register and #0.0), FCCMP, FCCMPE. */
export const fpCompareRows: InsnRowSpec[] = [
  compareRow('FCMP', '00000', 'fcmp', false, 0),
  compareRow('FCMP_zero', '01000', 'fcmp', true, 0),
  compareRow('FCMPE', '10000', 'fcmpe', false, 1),
  compareRow('FCMPE_zero', '11000', 'fcmpe', true, 1),
  condCompareRow('FCCMP', 0),
  condCompareRow('FCCMPE', 1),
];
