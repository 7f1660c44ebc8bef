import type { Fields, InsnRowSpec } from '../row.js';
import { FP_RMODE_FPCR } from '../../runtime/fp-convert.js';
import { RA, RM, RN, RP, RZ } from '../../runtime/fp-soft.js';
import { clearAbove, fpReg, laneIndex, validFtype, widthOf, type FpWidth } from './fp-emit.js';
import { dec, op, reg } from './fmt.js';

const FTYPE_TO_WIDTH: Record<number, FpWidth> = { 0: 32, 1: 64, 3: 16 };

/** FCVT to/from integers by (rmode, opcode) of the integer-conversion group. */
function toIntRow(name: string, rmode: number, opcode: number, rounding: number, unsigned: number): InsnRowSpec {
  const bits = (v: number, n: number): string => v.toString(2).padStart(n, '0');
  return {
    name,
    pattern: `sf:1 00 11110 ftype:2 1 ${bits(rmode, 2)} ${bits(opcode, 3)} 000000 Rn:5 Rd:5`,
    cls: 'fp',
    when: validFtype,
    emit: (f, e) => {
      const w = widthOf(f.ftype!);
      e.line(`${e.rt('fpToInt')}(c, ${w}, ${laneIndex(f.Rn!, w)}, ${rounding}, ${unsigned}, 0, ${f.sf});`);
      e.setR(f.sf!, f.Rd!, `${e.rt('R')}[0]`, 'R[1]');
    },
    disasm: (f) => op(name.replace(/_.*/, '').toLowerCase(), reg(f.Rd!, f.sf!), fpReg(f.Rn!, widthOf(f.ftype!))),
  };
}

function fromIntRow(name: string, opcode: number, unsigned: number): InsnRowSpec {
  return {
    name,
    pattern: `sf:1 00 11110 ftype:2 1 00 01${opcode} 000000 Rn:5 Rd:5`,
    cls: 'fp',
    when: validFtype,
    emit: (f, e) => {
      const w = widthOf(f.ftype!);
      const args = `${laneIndex(f.Rd!, w)}, ${e.lo(f.Rn!)}, ${f.sf ? e.hi(f.Rn!) : '0'}, ${f.sf}, ${unsigned}, 0`;
      e.line(`${e.rt('fpFromInt')}(c, ${w}, ${args});`);
      clearAbove(e, f.Rd!, w);
    },
    disasm: (f) => op(name.replace(/_.*/, '').toLowerCase(), fpReg(f.Rd!, widthOf(f.ftype!)), reg(f.Rn!, f.sf!)),
  };
}

const fixedWhen = (f: Fields): boolean => f.ftype !== 2 && (f.sf === 1 || f.scale! >= 32);

function toFixedRow(name: string, unsigned: number): InsnRowSpec {
  return {
    name,
    pattern: `sf:1 00 11110 ftype:2 0 11 00${unsigned} scale:6 Rn:5 Rd:5`,
    cls: 'fp',
    when: fixedWhen,
    emit: (f, e) => {
      const w = widthOf(f.ftype!);
      const fbits = 64 - f.scale!;
      e.line(`${e.rt('fpToInt')}(c, ${w}, ${laneIndex(f.Rn!, w)}, ${RZ}, ${unsigned}, ${fbits}, ${f.sf});`);
      e.setR(f.sf!, f.Rd!, `${e.rt('R')}[0]`, 'R[1]');
    },
    disasm: (f) =>
      op(unsigned ? 'fcvtzu' : 'fcvtzs', reg(f.Rd!, f.sf!), fpReg(f.Rn!, widthOf(f.ftype!)), dec(64 - f.scale!)),
  };
}

function fromFixedRow(name: string, unsigned: number): InsnRowSpec {
  return {
    name,
    pattern: `sf:1 00 11110 ftype:2 0 00 01${unsigned} scale:6 Rn:5 Rd:5`,
    cls: 'fp',
    when: fixedWhen,
    emit: (f, e) => {
      const w = widthOf(f.ftype!);
      const fbits = 64 - f.scale!;
      const args = `${laneIndex(f.Rd!, w)}, ${e.lo(f.Rn!)}, ${f.sf ? e.hi(f.Rn!) : '0'}, ${f.sf}, ${unsigned}, ${fbits}`;
      e.line(`${e.rt('fpFromInt')}(c, ${w}, ${args});`);
      clearAbove(e, f.Rd!, w);
    },
    disasm: (f) =>
      op(unsigned ? 'ucvtf' : 'scvtf', fpReg(f.Rd!, widthOf(f.ftype!)), reg(f.Rn!, f.sf!), dec(64 - f.scale!)),
  };
}

/** FRINT<r>: rounding to integral in the same format. */
function roundRow(mnemonic: string, rm: number, rounding: number, exact: number): InsnRowSpec {
  return {
    name: `${mnemonic.toUpperCase()}_scalar`,
    pattern: `000 11110 ftype:2 1 001 ${rm.toString(2).padStart(3, '0')} 10000 Rn:5 Rd:5`,
    cls: 'fp',
    when: validFtype,
    emit: (f, e) => {
      const w = widthOf(f.ftype!);
      e.line(`${e.rt('fpRoundInt')}(c, ${w}, ${laneIndex(f.Rd!, w)}, ${laneIndex(f.Rn!, w)}, ${rounding}, ${exact});`);
      clearAbove(e, f.Rd!, w);
    },
    disasm: (f) => {
      const w = widthOf(f.ftype!);
      return op(mnemonic, fpReg(f.Rd!, w), fpReg(f.Rn!, w));
    },
  };
}

/** FRINT32Z/X, FRINT64Z/X (FEAT_FRINTTS): single and double only. */
function roundNRow(mnemonic: string, opcode: string, intsize: number, rounding: number): InsnRowSpec {
  return {
    name: `${mnemonic.toUpperCase()}_scalar`,
    pattern: `000 11110 ftype:2 1 ${opcode} 10000 Rn:5 Rd:5`,
    cls: 'fp',
    when: (f) => f.ftype! < 2,
    emit: (f, e) => {
      const w = widthOf(f.ftype!);
      const lanes = `${laneIndex(f.Rd!, w)}, ${laneIndex(f.Rn!, w)}`;
      e.line(`${e.rt('fpRoundIntN')}(c, ${w}, ${lanes}, ${rounding}, ${intsize});`);
      clearAbove(e, f.Rd!, w);
    },
    disasm: (f) => {
      const w = widthOf(f.ftype!);
      return op(mnemonic, fpReg(f.Rd!, w), fpReg(f.Rn!, w));
    },
  };
}

/** Conversions: FCVT between precisions, FRINT*, to and from integers and fixed point. */
export const fpConvertRows: InsnRowSpec[] = [
  {
    name: 'FCVT',
    pattern: '000 11110 ftype:2 1 0001 opc:2 10000 Rn:5 Rd:5',
    cls: 'fp',
    when: (f) => f.ftype !== 2 && f.opc !== 2 && f.opc !== f.ftype,
    emit: (f, e) => {
      const from = FTYPE_TO_WIDTH[f.ftype!]!;
      const to = FTYPE_TO_WIDTH[f.opc!]!;
      e.line(`${e.rt('fpCvt')}(c, ${from}, ${to}, ${laneIndex(f.Rd!, to)}, ${laneIndex(f.Rn!, from)});`);
      clearAbove(e, f.Rd!, to);
    },
    disasm: (f) => op('fcvt', fpReg(f.Rd!, FTYPE_TO_WIDTH[f.opc!]!), fpReg(f.Rn!, FTYPE_TO_WIDTH[f.ftype!]!)),
  },
  {
    name: 'BFCVT',
    pattern: '000 11110 01 1 000110 10000 Rn:5 Rd:5',
    cls: 'fp',
    emit: (f, e) => {
      e.line(`${e.rt('fpBfcvt')}(c, ${8 * f.Rd!}, ${4 * f.Rn!});`);
      clearAbove(e, f.Rd!, 16);
    },
    disasm: (f) => op('bfcvt', fpReg(f.Rd!, 16), fpReg(f.Rn!, 32)),
  },
  roundRow('frintn', 0, RN, 0),
  roundRow('frintp', 1, RP, 0),
  roundRow('frintm', 2, RM, 0),
  roundRow('frintz', 3, RZ, 0),
  roundRow('frinta', 4, RA, 0),
  roundRow('frintx', 6, FP_RMODE_FPCR, 1),
  roundRow('frinti', 7, FP_RMODE_FPCR, 0),
  roundNRow('frint32z', '010000', 32, RZ),
  roundNRow('frint32x', '010001', 32, FP_RMODE_FPCR),
  roundNRow('frint64z', '010010', 64, RZ),
  roundNRow('frint64x', '010011', 64, FP_RMODE_FPCR),
  toIntRow('FCVTNS_scalar', 0, 0, RN, 0),
  toIntRow('FCVTNU_scalar', 0, 1, RN, 1),
  toIntRow('FCVTPS_scalar', 1, 0, RP, 0),
  toIntRow('FCVTPU_scalar', 1, 1, RP, 1),
  toIntRow('FCVTMS_scalar', 2, 0, RM, 0),
  toIntRow('FCVTMU_scalar', 2, 1, RM, 1),
  toIntRow('FCVTZS_scalar', 3, 0, RZ, 0),
  toIntRow('FCVTZU_scalar', 3, 1, RZ, 1),
  toIntRow('FCVTAS_scalar', 0, 4, RA, 0),
  toIntRow('FCVTAU_scalar', 0, 5, RA, 1),
  fromIntRow('SCVTF_scalar', 0, 0),
  fromIntRow('UCVTF_scalar', 1, 1),
  toFixedRow('FCVTZS_scalar_fix', 0),
  toFixedRow('FCVTZU_scalar_fix', 1),
  fromFixedRow('SCVTF_scalar_fix', 0),
  fromFixedRow('UCVTF_scalar_fix', 1),
  {
    name: 'FJCVTZS',
    pattern: '0 00 11110 01 1 11 110 000000 Rn:5 Rd:5',
    cls: 'fp',
    emit: (f, e) => {
      e.line(`${e.rt('fpJsConvert')}(c, ${2 * f.Rn!});`);
      e.setW(f.Rd!, `${e.rt('R')}[0]`);
    },
    disasm: (f) => op('fjcvtzs', reg(f.Rd!, 0), fpReg(f.Rn!, 64)),
  },
];
