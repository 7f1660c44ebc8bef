import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { GEN_DEST_NO_SP } from '../../testgen/conventions.js';
import {
  EXTEND_NAMES,
  SHIFT_NAMES,
  bind,
  constOperand,
  emitAddWithCarry,
  emitLogic,
  emitSetNzcvConst,
  extendReg,
  regOperand,
  shiftConst,
  shiftVar,
  type LogicOp,
  type Operand,
} from './alu-emit.js';
import { cond, dec, hex, op, reg } from './fmt.js';

const bits = (v: number, width: number): string => v.toString(2).padStart(width, '0');

// ---- add/subtract (shifted register, extended register, with carry) ------------------------

/** `, lsl #3` unless the shift is LSL #0 (objdump prints other shift types even at #0). */
function shiftSuffix(type: number, amount: number): string[] {
  return type === 0 && amount === 0 ? [] : [`${SHIFT_NAMES[type]} #${amount}`];
}

function addSubShiftedRow(name: string, sub: boolean, setFlags: boolean): InsnRowSpec {
  const mnemonic = (sub ? 'sub' : 'add') + (setFlags ? 's' : '');
  return {
    name,
    pattern: `sf:1 ${sub ? 1 : 0} ${setFlags ? 1 : 0} 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5`,
    cls: 'dp-reg',
    when: (f) => f.shift !== 3 && (f.sf === 1 || f.imm6! < 32),
    emit: (f, e) => {
      const b = shiftConst(e, f.sf!, f.shift!, regOperand(e, f.Rm!), f.imm6!);
      emitAddWithCarry(e, f.sf!, regOperand(e, f.Rn!), b, sub ? '1' : '0', sub, setFlags, f.Rd!, false);
    },
    disasm: (f) => {
      const sf = f.sf!;
      const rm = [reg(f.Rm!, sf), ...shiftSuffix(f.shift!, f.imm6!)];
      if (setFlags && f.Rd === 31) return op(sub ? 'cmp' : 'cmn', reg(f.Rn!, sf), ...rm);
      if (sub && f.Rn === 31) return op(setFlags ? 'negs' : 'neg', reg(f.Rd!, sf), ...rm);
      return op(mnemonic, reg(f.Rd!, sf), reg(f.Rn!, sf), ...rm);
    },
  };
}

function addSubExtendedRow(name: string, sub: boolean, setFlags: boolean): InsnRowSpec {
  const mnemonic = (sub ? 'sub' : 'add') + (setFlags ? 's' : '');
  return {
    name,
    pattern: `sf:1 ${sub ? 1 : 0} ${setFlags ? 1 : 0} 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5`,
    cls: 'dp-reg',
    when: (f) => f.imm3! <= 4,
    emit: (f, e) => {
      const b = extendReg(e, f.sf!, f.Rm!, f.option!, f.imm3!);
      emitAddWithCarry(e, f.sf!, regOperand(e, f.Rn!, true), b, sub ? '1' : '0', sub, setFlags, f.Rd!, !setFlags);
    },
    disasm: (f) => {
      const sf = f.sf!;
      const option = f.option!;
      const rm = reg(f.Rm!, sf && (option & 3) === 3 ? 1 : 0);
      const usesSp = f.Rn === 31 || (!setFlags && f.Rd === 31);
      let extend: string[];
      if (usesSp && option === (sf ? 3 : 2)) extend = f.imm3 ? [`lsl #${f.imm3}`] : [];
      else extend = [EXTEND_NAMES[option] + (f.imm3 ? ` #${f.imm3}` : '')];
      const rn = reg(f.Rn!, sf, true);
      if (setFlags && f.Rd === 31) return op(sub ? 'cmp' : 'cmn', rn, rm, ...extend);
      return op(mnemonic, reg(f.Rd!, sf, !setFlags), rn, rm, ...extend);
    },
    gen: setFlags ? undefined : { Rd: GEN_DEST_NO_SP },
  };
}

function addSubCarryRow(name: string, sub: boolean, setFlags: boolean): InsnRowSpec {
  const mnemonic = (sub ? 'sbc' : 'adc') + (setFlags ? 's' : '');
  return {
    name,
    pattern: `sf:1 ${sub ? 1 : 0} ${setFlags ? 1 : 0} 11010000 Rm:5 000000 Rn:5 Rd:5`,
    cls: 'dp-reg',
    emit: (f, e) => {
      emitAddWithCarry(e, f.sf!, regOperand(e, f.Rn!), regOperand(e, f.Rm!), 'x[66]', sub, setFlags, f.Rd!, false);
    },
    disasm: (f) => {
      const sf = f.sf!;
      if (sub && f.Rn === 31) return op(setFlags ? 'ngcs' : 'ngc', reg(f.Rd!, sf), reg(f.Rm!, sf));
      return op(mnemonic, reg(f.Rd!, sf), reg(f.Rn!, sf), reg(f.Rm!, sf));
    },
  };
}

// ---- logical (shifted register) -------------------------------------------------------------

function logicalShiftedRow(name: string, opc: number, invert: boolean, opName: LogicOp, setFlags: boolean): InsnRowSpec {
  const mnemonic = name.slice(0, name.indexOf('_')).toLowerCase();
  return {
    name,
    pattern: `sf:1 ${bits(opc, 2)} 01010 shift:2 ${invert ? 1 : 0} Rm:5 imm6:6 Rn:5 Rd:5`,
    cls: 'dp-reg',
    when: (f) => f.sf === 1 || f.imm6! < 32,
    emit: (f, e) => {
      const b = shiftConst(e, f.sf!, f.shift!, regOperand(e, f.Rm!), f.imm6!);
      emitLogic(e, f.sf!, opName, regOperand(e, f.Rn!), b, invert, setFlags, f.Rd!, false);
    },
    disasm: (f) => {
      const sf = f.sf!;
      const rm = [reg(f.Rm!, sf), ...shiftSuffix(f.shift!, f.imm6!)];
      if (name === 'ORR_sreg' && f.Rn === 31 && f.shift === 0 && f.imm6 === 0) return op('mov', reg(f.Rd!, sf), ...rm);
      if (name === 'ORN_sreg' && f.Rn === 31) return op('mvn', reg(f.Rd!, sf), ...rm);
      if (name === 'ANDS_sreg' && f.Rd === 31) return op('tst', reg(f.Rn!, sf), ...rm);
      return op(mnemonic, reg(f.Rd!, sf), reg(f.Rn!, sf), ...rm);
    },
  };
}

// ---- data processing (2 source) -------------------------------------------------------------

function variableShiftRow(name: string, type: number): InsnRowSpec {
  return {
    name,
    pattern: `sf:1 0 0 11010110 Rm:5 0010 ${bits(type, 2)} Rn:5 Rd:5`,
    cls: 'dp-reg',
    emit: (f, e) => {
      const r = shiftVar(e, f.sf!, type, regOperand(e, f.Rn!), e.lo(f.Rm!));
      e.setR(f.sf!, f.Rd!, r.lo, r.hi);
    },
    disasm: (f) => op(SHIFT_NAMES[type]!, reg(f.Rd!, f.sf!), reg(f.Rn!, f.sf!), reg(f.Rm!, f.sf!)),
  };
}

function divideRow(name: string, signed: boolean): InsnRowSpec {
  return {
    name,
    pattern: `sf:1 0 0 11010110 Rm:5 00001 ${signed ? 1 : 0} Rn:5 Rd:5`,
    cls: 'dp-reg',
    emit: (f, e) => {
      const n = regOperand(e, f.Rn!);
      const m = regOperand(e, f.Rm!);
      if (!f.sf) {
        const d = e.let(`${m.lo} | 0`);
        const q = signed ? `(${n.lo} / ${d}) | 0` : `((${n.lo} >>> 0) / (${d} >>> 0)) | 0`;
        e.setW(f.Rd!, `${d} === 0 ? 0 : ${q}`);
        return;
      }
      e.line(`${e.rt(signed ? 'sdiv64' : 'udiv64')}(${n.lo}, ${n.hi}, ${m.lo}, ${m.hi});`);
      emitResultR(e, f.Rd!);
    },
    disasm: (f) => op(signed ? 'sdiv' : 'udiv', reg(f.Rd!, f.sf!), reg(f.Rn!, f.sf!), reg(f.Rm!, f.sf!)),
  };
}

function crc32Row(name: string, castagnoli: boolean): InsnRowSpec {
  return {
    name,
    pattern: `sf:1 0 0 11010110 Rm:5 010 ${castagnoli ? 1 : 0} sz:2 Rn:5 Rd:5`,
    cls: 'dp-reg',
    when: (f) => (f.sf === 1) === (f.sz === 3),
    emit: (f, e) => {
      const fn = e.rt('crc32Update');
      const c = castagnoli ? 1 : 0;
      const acc = e.lo(f.Rn!);
      if (f.sz === 3) {
        const t = e.let(`${fn}(${acc}, ${e.lo(f.Rm!)}, 4, ${c})`);
        e.setW(f.Rd!, `${fn}(${t}, ${e.hi(f.Rm!)}, 4, ${c})`);
      } else {
        e.setW(f.Rd!, `${fn}(${acc}, ${e.lo(f.Rm!)}, ${1 << f.sz!}, ${c})`);
      }
    },
    disasm: (f) => op(`crc32${castagnoli ? 'c' : ''}${'bhwx'[f.sz!]}`, reg(f.Rd!, 0), reg(f.Rn!, 0), reg(f.Rm!, f.sf!)),
  };
}

// ---- data processing (1 source) -------------------------------------------------------------

function oneSourceRow(name: string, pattern: string, when: ((f: Fields) => boolean) | undefined, emit: (f: Fields, e: Emitter) => void): InsnRowSpec {
  const mnemonic = name.toLowerCase();
  return {
    name,
    pattern: `${pattern} Rn:5 Rd:5`,
    cls: 'dp-reg',
    when,
    emit,
    disasm: (f) => op(mnemonic, reg(f.Rd!, f.sf ?? 1), reg(f.Rn!, f.sf ?? 1)),
  };
}

function emitRbit(f: Fields, e: Emitter): void {
  const fn = e.rt('rbit32');
  if (!f.sf) e.setW(f.Rd!, `${fn}(${e.lo(f.Rn!)})`);
  else e.setX(f.Rd!, `${fn}(${e.hi(f.Rn!)})`, `${fn}(${e.lo(f.Rn!)})`);
}

function emitRev16(f: Fields, e: Emitter): void {
  const swap = (v: string): string => `((${v} >>> 8) & 0xff00ff) | ((${v} & 0xff00ff) << 8)`;
  e.setR(f.sf!, f.Rd!, swap(e.lo(f.Rn!)), swap(e.hi(f.Rn!)));
}

function emitRev(f: Fields, e: Emitter): void {
  const fn = e.rt('bswap32');
  if (!f.sf) e.setW(f.Rd!, `${fn}(${e.lo(f.Rn!)})`);
  else e.setX(f.Rd!, `${fn}(${e.hi(f.Rn!)})`, `${fn}(${e.lo(f.Rn!)})`);
}

function emitRev32(f: Fields, e: Emitter): void {
  const fn = e.rt('bswap32');
  e.setX(f.Rd!, `${fn}(${e.lo(f.Rn!)})`, `${fn}(${e.hi(f.Rn!)})`);
}

function emitClz(f: Fields, e: Emitter): void {
  const l = e.lo(f.Rn!);
  const h = e.hi(f.Rn!);
  if (!f.sf) e.setW(f.Rd!, `Math.clz32(${l})`);
  else e.setX(f.Rd!, `${h} !== 0 ? Math.clz32(${h}) : 32 + Math.clz32(${l})`, '0');
}

function emitCls(f: Fields, e: Emitter): void {
  const l = e.lo(f.Rn!);
  if (!f.sf) e.setW(f.Rd!, `Math.clz32((${l} ^ (${l} << 1)) >>> 1) - 1`);
  else e.setX(f.Rd!, `${e.rt('cls64')}(${l}, ${e.hi(f.Rn!)})`, '0');
}

// ---- data processing (3 source) -------------------------------------------------------------

/** Xd = the 64-bit result a runtime helper left in R. */
function emitResultR(e: Emitter, rd: number): void {
  const r = e.rt('R');
  e.setX(rd, `${r}[0]`, `${r}[1]`);
}

/** Xd = Xa +/- (64-bit product in R). */
function emitAccumulate(e: Emitter, sub: boolean, ra: number, rd: number): void {
  const r = e.rt('R');
  const p: Operand = { lo: e.let(`${r}[0]`), hi: e.let(`${r}[1]`) };
  if (ra === 31 && !sub) {
    e.setX(rd, p.lo, p.hi);
    return;
  }
  emitAddWithCarry(e, 1, regOperand(e, ra), p, sub ? '1' : '0', sub, false, rd, false);
}

function multiplyAddRow(name: string, sub: boolean): InsnRowSpec {
  return {
    name,
    pattern: `sf:1 00 11011 000 Rm:5 ${sub ? 1 : 0} Ra:5 Rn:5 Rd:5`,
    cls: 'dp-reg',
    emit: (f, e) => {
      const n = regOperand(e, f.Rn!);
      const m = regOperand(e, f.Rm!);
      if (!f.sf) {
        const product = `Math.imul(${n.lo}, ${m.lo})`;
        if (f.Ra === 31) e.setW(f.Rd!, sub ? `-${product} | 0` : product);
        else e.setW(f.Rd!, `(${e.lo(f.Ra!)} ${sub ? '-' : '+'} ${product}) | 0`);
        return;
      }
      e.line(`${e.rt('mul64')}(${n.lo}, ${n.hi}, ${m.lo}, ${m.hi});`);
      emitAccumulate(e, sub, f.Ra!, f.Rd!);
    },
    disasm: (f) => {
      const ops = [reg(f.Rd!, f.sf!), reg(f.Rn!, f.sf!), reg(f.Rm!, f.sf!)];
      if (f.Ra === 31) return op(sub ? 'mneg' : 'mul', ...ops);
      return op(sub ? 'msub' : 'madd', ...ops, reg(f.Ra!, f.sf!));
    },
  };
}

function multiplyLongRow(name: string, unsigned: boolean, sub: boolean): InsnRowSpec {
  const prefix = unsigned ? 'u' : 's';
  return {
    name,
    pattern: `1 00 11011 ${unsigned ? 1 : 0}01 Rm:5 ${sub ? 1 : 0} Ra:5 Rn:5 Rd:5`,
    cls: 'dp-reg',
    emit: (f, e) => {
      e.line(`${e.rt(unsigned ? 'umull32' : 'smull32')}(${e.lo(f.Rn!)}, ${e.lo(f.Rm!)});`);
      emitAccumulate(e, sub, f.Ra!, f.Rd!);
    },
    disasm: (f) => {
      const ops = [reg(f.Rd!, 1), reg(f.Rn!, 0), reg(f.Rm!, 0)];
      if (f.Ra === 31) return op(prefix + (sub ? 'mnegl' : 'mull'), ...ops);
      return op(prefix + (sub ? 'msubl' : 'maddl'), ...ops, reg(f.Ra!, 1));
    },
  };
}

function multiplyHighRow(name: string, unsigned: boolean): InsnRowSpec {
  return {
    name,
    // Ra is "should be 11111"; like qemu and objdump, other values are accepted.
    pattern: `1 00 11011 ${unsigned ? 1 : 0}10 Rm:5 0 Ra:5 Rn:5 Rd:5`,
    cls: 'dp-reg',
    emit: (f, e) => {
      const n = regOperand(e, f.Rn!);
      const m = regOperand(e, f.Rm!);
      e.line(`${e.rt(unsigned ? 'umulh64' : 'smulh64')}(${n.lo}, ${n.hi}, ${m.lo}, ${m.hi});`);
      emitResultR(e, f.Rd!);
    },
    disasm: (f) => op(unsigned ? 'umulh' : 'smulh', reg(f.Rd!, 1), reg(f.Rn!, 1), reg(f.Rm!, 1)),
    gen: { Ra: [31] },
  };
}

// ---- conditional compare, conditional select --------------------------------------------------

function condCompareRow(name: string, negate: boolean, immediate: boolean): InsnRowSpec {
  const second = immediate ? 'imm5:5' : 'Rm:5';
  return {
    name,
    pattern: `sf:1 ${negate ? 0 : 1} 1 11010010 ${second} cond:4 ${immediate ? 1 : 0} 0 Rn:5 0 nzcv:4`,
    cls: 'dp-reg',
    emit: (f, e) => {
      const b = immediate ? constOperand(f.imm5!, 0) : regOperand(e, f.Rm!);
      const compare = (): void =>
        emitAddWithCarry(e, f.sf!, regOperand(e, f.Rn!), b, negate ? '0' : '1', !negate, true, null, false);
      if (f.cond! >= 14) {
        compare();
        return;
      }
      e.line(`if (${e.cond(f.cond!)}) {`);
      compare();
      e.line('} else {');
      emitSetNzcvConst(e, f.nzcv!);
      e.line('}');
    },
    disasm: (f) => {
      const b = immediate ? hex(f.imm5!) : reg(f.Rm!, f.sf!);
      return op(negate ? 'ccmn' : 'ccmp', reg(f.Rn!, f.sf!), b, hex(f.nzcv!), cond(f.cond!));
    },
  };
}

type SelectKind = 'csel' | 'csinc' | 'csinv' | 'csneg';

/** The value a conditional select takes when the condition fails: Rm, Rm+1, NOT(Rm), -Rm. */
function selectElse(kind: SelectKind, sf: number, m: Operand): Operand {
  switch (kind) {
    case 'csel':
      return m;
    case 'csinc':
      return sf ? { lo: `(${m.lo} + 1)`, hi: `(${m.hi} + (${m.lo} === -1 ? 1 : 0))` } : { lo: `(${m.lo} + 1)`, hi: '0' };
    case 'csinv':
      return { lo: `~${m.lo}`, hi: `~${m.hi}` };
    case 'csneg':
      return sf ? { lo: `(-${m.lo})`, hi: `(~${m.hi} + (${m.lo} === 0 ? 1 : 0))` } : { lo: `(-${m.lo})`, hi: '0' };
  }
}

function condSelectRow(name: string, kind: SelectKind): InsnRowSpec {
  const invert = kind === 'csinv' || kind === 'csneg';
  const increment = kind === 'csinc' || kind === 'csneg';
  return {
    name,
    pattern: `sf:1 ${invert ? 1 : 0} 0 11010100 Rm:5 cond:4 0 ${increment ? 1 : 0} Rn:5 Rd:5`,
    cls: 'dp-reg',
    emit: (f, e) => {
      const sf = f.sf!;
      const n = regOperand(e, f.Rn!);
      if (f.cond! >= 14) {
        e.setR(sf, f.Rd!, n.lo, n.hi);
        return;
      }
      const m = bind(e, sf, regOperand(e, f.Rm!));
      const other = selectElse(kind, sf, m);
      const c = e.let(e.cond(f.cond!));
      e.setR(sf, f.Rd!, `(${c} ? ${n.lo} : ${other.lo})`, `(${c} ? ${n.hi} : ${other.hi})`);
    },
    disasm: (f) => disasmCondSelect(kind, f),
  };
}

function disasmCondSelect(kind: SelectKind, f: Fields): string {
  const sf = f.sf!;
  const rd = reg(f.Rd!, sf);
  const c = f.cond!;
  const inverse = cond(c ^ 1);
  if (c < 14 && f.Rn === f.Rm) {
    if (f.Rn === 31 && kind === 'csinc') return op('cset', rd, inverse);
    if (f.Rn === 31 && kind === 'csinv') return op('csetm', rd, inverse);
    if (kind === 'csinc') return op('cinc', rd, reg(f.Rn!, sf), inverse);
    if (kind === 'csinv') return op('cinv', rd, reg(f.Rn!, sf), inverse);
    if (kind === 'csneg') return op('cneg', rd, reg(f.Rn!, sf), inverse);
  }
  return op(kind, rd, reg(f.Rn!, sf), reg(f.Rm!, sf), cond(c));
}

// ---- flag manipulation (FEAT_FlagM) -----------------------------------------------------------

function emitSetFlagsFromByte(e: Emitter, rn: number, top: number): void {
  const v = e.let(e.lo(rn));
  e.line(`x[64] = (${v} >>> ${top}) & 1; x[65] = (${v} & ${(2 << top) - 1}) === 0 ? 1 : 0; x[67] = ((${v} >>> ${top + 1}) ^ (${v} >>> ${top})) & 1;`);
}

/** Data processing (register): add/sub, logical, 1/2/3-source, conditional, flag manipulation. */
export const dpRegRows: InsnRowSpec[] = [
  addSubShiftedRow('ADD_sreg', false, false),
  addSubShiftedRow('ADDS_sreg', false, true),
  addSubShiftedRow('SUB_sreg', true, false),
  addSubShiftedRow('SUBS_sreg', true, true),
  addSubExtendedRow('ADD_ext', false, false),
  addSubExtendedRow('ADDS_ext', false, true),
  addSubExtendedRow('SUB_ext', true, false),
  addSubExtendedRow('SUBS_ext', true, true),
  addSubCarryRow('ADC', false, false),
  addSubCarryRow('ADCS', false, true),
  addSubCarryRow('SBC', true, false),
  addSubCarryRow('SBCS', true, true),
  logicalShiftedRow('AND_sreg', 0, false, 'and', false),
  logicalShiftedRow('BIC_sreg', 0, true, 'and', false),
  logicalShiftedRow('ORR_sreg', 1, false, 'orr', false),
  logicalShiftedRow('ORN_sreg', 1, true, 'orr', false),
  logicalShiftedRow('EOR_sreg', 2, false, 'eor', false),
  logicalShiftedRow('EON_sreg', 2, true, 'eor', false),
  logicalShiftedRow('ANDS_sreg', 3, false, 'and', true),
  logicalShiftedRow('BICS_sreg', 3, true, 'and', true),
  variableShiftRow('LSLV', 0),
  variableShiftRow('LSRV', 1),
  variableShiftRow('ASRV', 2),
  variableShiftRow('RORV', 3),
  divideRow('UDIV', false),
  divideRow('SDIV', true),
  crc32Row('CRC32', false),
  crc32Row('CRC32C', true),
  oneSourceRow('RBIT', 'sf:1 1 0 11010110 00000 000000', undefined, emitRbit),
  oneSourceRow('REV16', 'sf:1 1 0 11010110 00000 000001', undefined, emitRev16),
  oneSourceRow('REV', 'sf:1 1 0 11010110 00000 00001 opc0:1', (f) => f.opc0 === f.sf, emitRev),
  oneSourceRow('REV32', '1 1 0 11010110 00000 000010', undefined, emitRev32),
  oneSourceRow('CLZ', 'sf:1 1 0 11010110 00000 000100', undefined, emitClz),
  oneSourceRow('CLS', 'sf:1 1 0 11010110 00000 000101', undefined, emitCls),
  multiplyAddRow('MADD', false),
  multiplyAddRow('MSUB', true),
  multiplyLongRow('SMADDL', false, false),
  multiplyLongRow('SMSUBL', false, true),
  multiplyLongRow('UMADDL', true, false),
  multiplyLongRow('UMSUBL', true, true),
  multiplyHighRow('SMULH', false),
  multiplyHighRow('UMULH', true),
  condCompareRow('CCMN_reg', true, false),
  condCompareRow('CCMP_reg', false, false),
  condCompareRow('CCMN_imm', true, true),
  condCompareRow('CCMP_imm', false, true),
  condSelectRow('CSEL', 'csel'),
  condSelectRow('CSINC', 'csinc'),
  condSelectRow('CSINV', 'csinv'),
  condSelectRow('CSNEG', 'csneg'),
  {
    name: 'RMIF',
    pattern: '1 0 1 11010000 imm6:6 00001 Rn:5 0 mask:4',
    cls: 'dp-reg',
    emit: (f, e) => {
      const r = shiftConst(e, 1, 3, regOperand(e, f.Rn!), f.imm6!);
      const t = e.let(`${r.lo} | 0`);
      const mask = f.mask!;
      for (let i = 0; i < 4; i++) {
        if (mask & (8 >> i)) e.line(`x[${64 + i}] = (${t} >>> ${3 - i}) & 1;`);
      }
    },
    disasm: (f) => op('rmif', reg(f.Rn!, 1), dec(f.imm6!), dec(f.mask!)),
  },
  {
    name: 'SETF8',
    pattern: '0 0 1 11010000 000000 0 0010 Rn:5 0 1101',
    cls: 'dp-reg',
    emit: (f, e) => emitSetFlagsFromByte(e, f.Rn!, 7),
    disasm: (f) => op('setf8', reg(f.Rn!, 0)),
  },
  {
    name: 'SETF16',
    pattern: '0 0 1 11010000 000000 1 0010 Rn:5 0 1101',
    cls: 'dp-reg',
    emit: (f, e) => emitSetFlagsFromByte(e, f.Rn!, 15),
    disasm: (f) => op('setf16', reg(f.Rn!, 0)),
  },
];
