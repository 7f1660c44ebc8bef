import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { GEN_DEST_NO_SP } from '../../testgen/conventions.js';
import {
  ASR,
  LSL,
  LSR,
  constOperand,
  emitAddConst,
  emitAddWithCarry,
  emitLogic,
  funnel,
  regOperand,
  shiftConst,
  type LogicOp,
} from './alu-emit.js';
import { dec, hex, op, reg, sext } from './fmt.js';

const MASK64 = (1n << 64n) - 1n;

export interface BitMasks {
  /** The logical immediate / the bits BFM moves: ROR(Ones(S+1), R) replicated. */
  readonly wmask: bigint;
  /** The bits below the top of the field: Ones(S-R+1) replicated. */
  readonly tmask: bigint;
}

/**
 * DecodeBitMasks of the Arm ARM for a `datasize`-bit operation; null where the pseudocode is
 * UNDEFINED (no element size, element wider than datasize, or, for logical immediates, an
 * all-ones S).
 */
export function decodeBitMasks(immN: number, imms: number, immr: number, immediate: boolean, datasize: number): BitMasks | null {
  const len = 31 - Math.clz32((immN << 6) | (~imms & 0x3f));
  if (len < 1 || 1 << len > datasize) return null;
  const levels = (1 << len) - 1;
  if (immediate && (imms & levels) === levels) return null;
  const s = imms & levels;
  const r = immr & levels;
  const esize = 1 << len;
  const d = (s - r) & levels;
  const welem = (1n << BigInt(s + 1)) - 1n;
  const rotated = ((welem >> BigInt(r)) | (welem << BigInt(esize - r))) & ((1n << BigInt(esize)) - 1n);
  const telem = (1n << BigInt(d + 1)) - 1n;
  return { wmask: replicate(rotated, esize, datasize), tmask: replicate(telem, esize, datasize) };
}

function replicate(elem: bigint, esize: number, datasize: number): bigint {
  let v = 0n;
  for (let i = 0; i < datasize; i += esize) v |= elem << BigInt(i);
  return v;
}

/** The logical immediate of a valid AND/ORR/EOR/ANDS (immediate) encoding. */
export function logicalImmediate(f: Fields): bigint {
  return decodeBitMasks(f.N!, f.imms!, f.immr!, true, f.sf ? 64 : 32)!.wmask;
}

function validLogicalImmediate(f: Fields): boolean {
  return (f.sf === 1 || f.N === 0) && decodeBitMasks(f.N!, f.imms!, f.immr!, true, f.sf ? 64 : 32) !== null;
}

/** (lo, hi) int32 halves of a 64-bit pattern. */
function halves(v: bigint): [number, number] {
  return [Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n))];
}

/**
 * objdump's aarch64_wide_constant_p: whether `value` is one 16-bit chunk in place (a MOVZ
 * immediate); a 32-bit value may come with all-ones or all-zeros above bit 31.
 */
function isWideConstant(value: bigint, is32: boolean): boolean {
  let v = value & MASK64;
  if (is32) {
    const top = v >> 32n;
    if (top !== 0n && top !== 0xffffffffn) return false;
    v &= 0xffffffffn;
  }
  const chunks = is32 ? 2 : 4;
  for (let i = 0; i < chunks; i++) {
    if ((v & (0xffffn << BigInt(16 * i))) === v) return true;
  }
  return false;
}

/** Unsigned hex immediate as objdump prints a `mov` value: truncated to the register width. */
function movImm(value: bigint, sf: number): string {
  return hex(value & (sf ? MASK64 : 0xffffffffn));
}

function logicalImmRow(name: string, opc: number, opName: LogicOp, setFlags: boolean): InsnRowSpec {
  const mnemonic = name.slice(0, name.indexOf('_')).toLowerCase();
  return {
    name,
    pattern: `sf:1 ${opc.toString(2).padStart(2, '0')} 100100 N:1 immr:6 imms:6 Rn:5 Rd:5`,
    cls: 'dp-imm',
    when: validLogicalImmediate,
    emit: (f, e) => {
      const [lo, hi] = halves(logicalImmediate(f));
      emitLogic(e, f.sf!, opName, regOperand(e, f.Rn!), constOperand(lo, hi), false, setFlags, f.Rd!, !setFlags);
    },
    disasm: (f) => {
      const imm = logicalImmediate(f);
      if (setFlags && f.Rd === 31) return op('tst', reg(f.Rn!, f.sf!), hex(imm));
      if (opName === 'orr' && f.Rn === 31) {
        const is32 = f.sf === 0;
        const inverted = ~imm & (is32 ? 0xffffffffn : MASK64);
        if (f.Rd === 31 || !(isWideConstant(imm, is32) || isWideConstant(inverted, is32))) {
          return op('mov', reg(f.Rd!, f.sf!, true), movImm(imm, f.sf!));
        }
      }
      return op(mnemonic, reg(f.Rd!, f.sf!, !setFlags), reg(f.Rn!, f.sf!), hex(imm));
    },
    gen: setFlags ? undefined : { Rd: GEN_DEST_NO_SP },
  };
}

type BitfieldKind = 'sbfm' | 'bfm' | 'ubfm';

/**
 * SBFM/BFM/UBFM. With S = imms, R = immr and size = datasize, the source field is bits
 * [S:R] moved to bit 0 when S >= R, else bits [S:0] moved to bit size-R. Shifting the top of
 * the field to the top of the register and back (right by (size-1-S+R) mod size) does both.
 */
function emitBitfield(kind: BitfieldKind, f: Fields, e: Emitter): void {
  const sf = f.sf!;
  const size = sf ? 64 : 32;
  const s = f.imms!;
  const r = f.immr!;
  const up = shiftConst(e, sf, LSL, regOperand(e, f.Rn!), size - 1 - s);
  const field = shiftConst(e, sf, kind === 'sbfm' ? ASR : LSR, up, (size - 1 - s + r) % size);
  if (kind !== 'bfm') {
    e.setR(sf, f.Rd!, field.lo, field.hi);
    return;
  }
  const [pos, width] = s >= r ? [0, s - r + 1] : [size - r, s + 1];
  const [keepLo, keepHi] = halves(~(((1n << BigInt(width)) - 1n) << BigInt(pos)));
  const d = regOperand(e, f.Rd!);
  e.setR(sf, f.Rd!, `(${d.lo} & ${keepLo}) | ${field.lo}`, `(${d.hi} & ${keepHi}) | ${field.hi}`);
}

function validBitfield(f: Fields): boolean {
  return f.N === f.sf && (f.sf === 1 || (f.immr! < 32 && f.imms! < 32));
}

/** objdump's preferred text for a bitfield move. */
function disasmBitfield(kind: BitfieldKind, f: Fields): string {
  const sf = f.sf!;
  const size = sf ? 64 : 32;
  const s = f.imms!;
  const r = f.immr!;
  const rd = reg(f.Rd!, sf);
  const rn = reg(f.Rn!, sf);
  const insert = [dec((size - r) & (size - 1)), dec(s + 1)];
  const extract = [dec(r), dec(s + 1 - r)];
  switch (kind) {
    case 'sbfm':
      if (r === 0 && (s === 7 || s === 15)) return op(s === 7 ? 'sxtb' : 'sxth', rd, reg(f.Rn!, 0));
      if (r === 0 && s === 31 && sf) return op('sxtw', rd, reg(f.Rn!, 0));
      if (s === size - 1) return op('asr', rd, rn, dec(r));
      return s < r ? op('sbfiz', rd, rn, ...insert) : op('sbfx', rd, rn, ...extract);
    case 'ubfm':
      if (!sf && r === 0 && (s === 7 || s === 15)) return op(s === 7 ? 'uxtb' : 'uxth', rd, rn);
      if (s !== size - 1 && s + 1 === r) return op('lsl', rd, rn, dec(size - 1 - s));
      if (s === size - 1) return op('lsr', rd, rn, dec(r));
      return s < r ? op('ubfiz', rd, rn, ...insert) : op('ubfx', rd, rn, ...extract);
    case 'bfm':
      if (s < r && f.Rn === 31) return op('bfc', rd, ...insert);
      return s < r ? op('bfi', rd, rn, ...insert) : op('bfxil', rd, rn, ...extract);
  }
}

function bitfieldRow(name: string, opc: number, kind: BitfieldKind): InsnRowSpec {
  return {
    name,
    pattern: `sf:1 ${opc.toString(2).padStart(2, '0')} 100110 N:1 immr:6 imms:6 Rn:5 Rd:5`,
    cls: 'dp-imm',
    when: validBitfield,
    emit: (f, e) => emitBitfield(kind, f, e),
    disasm: (f) => disasmBitfield(kind, f),
  };
}

/** Target of ADR/ADRP as objdump prints it: 64-bit, wrapped. */
function addressText(v: number): string {
  return `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}`;
}

function adrOffset(f: Fields): number {
  return sext((f.immhi! << 2) | f.immlo!, 21);
}

function adrpTarget(f: Fields, pc: number): number {
  return pc - (pc % 4096) + adrOffset(f) * 4096;
}


/** Data processing (immediate): add/sub, move wide, logical, bitfield, extract, PC-relative. */
export const dpImmRows: InsnRowSpec[] = [
  {
    name: 'ADR',
    pattern: '0 immlo:2 10000 immhi:19 Rd:5',
    cls: 'dp-imm',
    emit: (f, e) => e.setAddrX(f.Rd!, e.k(e.pc + adrOffset(f))),
    disasm: (f, pc) => op('adr', reg(f.Rd!, 1), addressText(pc + adrOffset(f))),
  },
  {
    name: 'ADRP',
    pattern: '1 immlo:2 10000 immhi:19 Rd:5',
    cls: 'dp-imm',
    emit: (f, e) => e.setAddrX(f.Rd!, e.k(adrpTarget(f, e.pc))),
    disasm: (f, pc) => op('adrp', reg(f.Rd!, 1), addressText(adrpTarget(f, pc))),
  },
  {
    name: 'ADD_imm',
    pattern: 'sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5',
    cls: 'dp-imm',
    emit: (f, e) => {
      const k = f.imm12! << (f.sh ? 12 : 0);
      emitAddConst(e, f.sf!, regOperand(e, f.Rn!, true), k, false, f.Rd!, true);
    },
    disasm: (f) => {
      if (f.imm12 === 0 && f.sh === 0 && (f.Rd === 31 || f.Rn === 31)) {
        return op('mov', reg(f.Rd!, f.sf!, true), reg(f.Rn!, f.sf!, true));
      }
      const ops = [reg(f.Rd!, f.sf!, true), reg(f.Rn!, f.sf!, true), hex(f.imm12!)];
      if (f.sh) ops.push('lsl #12');
      return op('add', ...ops);
    },
    gen: { Rd: GEN_DEST_NO_SP },
  },
  {
    name: 'ADDS_imm',
    pattern: 'sf:1 0 1 100010 sh:1 imm12:12 Rn:5 Rd:5',
    cls: 'dp-imm',
    emit: (f, e) => {
      const k = f.imm12! << (f.sh ? 12 : 0);
      emitAddWithCarry(e, f.sf!, regOperand(e, f.Rn!, true), { lo: e.k(k), hi: '0' }, '0', false, true, f.Rd!, false);
    },
    disasm: (f) => {
      const ops = [reg(f.Rn!, f.sf!, true), hex(f.imm12!)];
      if (f.sh) ops.push('lsl #12');
      return f.Rd === 31 ? op('cmn', ...ops) : op('adds', reg(f.Rd!, f.sf!), ...ops);
    },
  },
  {
    name: 'SUB_imm',
    pattern: 'sf:1 1 0 100010 sh:1 imm12:12 Rn:5 Rd:5',
    cls: 'dp-imm',
    emit: (f, e) => {
      const k = f.imm12! << (f.sh ? 12 : 0);
      emitAddConst(e, f.sf!, regOperand(e, f.Rn!, true), k, true, f.Rd!, true);
    },
    disasm: (f) => {
      const ops = [reg(f.Rd!, f.sf!, true), reg(f.Rn!, f.sf!, true), hex(f.imm12!)];
      if (f.sh) ops.push('lsl #12');
      return op('sub', ...ops);
    },
    gen: { Rd: GEN_DEST_NO_SP },
  },
  {
    name: 'SUBS_imm',
    pattern: 'sf:1 1 1 100010 sh:1 imm12:12 Rn:5 Rd:5',
    cls: 'dp-imm',
    emit: (f, e) => {
      const k = f.imm12! << (f.sh ? 12 : 0);
      emitAddWithCarry(e, f.sf!, regOperand(e, f.Rn!, true), { lo: e.k(k), hi: '0' }, '1', true, true, f.Rd!, false);
    },
    disasm: (f) => {
      const ops = [reg(f.Rn!, f.sf!, true), hex(f.imm12!)];
      if (f.sh) ops.push('lsl #12');
      return f.Rd === 31 ? op('cmp', ...ops) : op('subs', reg(f.Rd!, f.sf!), ...ops);
    },
  },
  logicalImmRow('AND_imm', 0, 'and', false),
  logicalImmRow('ORR_imm', 1, 'orr', false),
  logicalImmRow('EOR_imm', 2, 'eor', false),
  logicalImmRow('ANDS_imm', 3, 'and', true),
  {
    name: 'MOVN',
    pattern: 'sf:1 00 100101 hw:2 imm16:16 Rd:5',
    cls: 'dp-imm',
    when: (f) => f.sf === 1 || f.hw! < 2,
    emit: (f, e) => {
      const [lo, hi] = wideValue(f.imm16!, f.hw!);
      if (f.sf) e.setX(f.Rd!, e.k(~lo), e.k(~hi));
      else e.setW(f.Rd!, e.k(~lo));
    },
    disasm: (f) => {
      const is32 = f.sf === 0;
      const value = ~(BigInt(f.imm16!) << BigInt(16 * f.hw!));
      if ((f.imm16 === 0 && f.hw !== 0) || isWideConstant(value, is32)) {
        return movWideText('movn', f);
      }
      return op('mov', reg(f.Rd!, f.sf!), movImm(value, f.sf!));
    },
  },
  {
    name: 'MOVZ',
    pattern: 'sf:1 10 100101 hw:2 imm16:16 Rd:5',
    cls: 'dp-imm',
    when: (f) => f.sf === 1 || f.hw! < 2,
    emit: (f, e) => {
      const [lo, hi] = wideValue(f.imm16!, f.hw!);
      if (f.sf) e.setX(f.Rd!, e.k(lo), e.k(hi));
      else e.setW(f.Rd!, e.k(lo));
    },
    disasm: (f) => {
      if (f.imm16 === 0 && f.hw !== 0) return movWideText('movz', f);
      return op('mov', reg(f.Rd!, f.sf!), hex(BigInt(f.imm16!) << BigInt(16 * f.hw!)));
    },
  },
  {
    name: 'MOVK',
    pattern: 'sf:1 11 100101 hw:2 imm16:16 Rd:5',
    cls: 'dp-imm',
    when: (f) => f.sf === 1 || f.hw! < 2,
    emit: (f, e) => {
      const d = f.Rd!;
      if (d === 31) return;
      const half = f.hw! >> 1;
      const shift = (f.hw! & 1) * 16;
      const keep = ~(0xffff << shift);
      const slot = `x[${2 * d + half}]`;
      e.line(`${slot} = (${slot} & ${keep}) | ${e.k(f.imm16! << shift)};`);
      if (!f.sf) e.line(`x[${2 * d + 1}] = 0;`);
    },
    disasm: (f) => movWideText('movk', f),
  },
  bitfieldRow('SBFM', 0, 'sbfm'),
  bitfieldRow('BFM', 1, 'bfm'),
  bitfieldRow('UBFM', 2, 'ubfm'),
  {
    name: 'EXTR',
    pattern: 'sf:1 00 100111 N:1 0 Rm:5 imms:6 Rn:5 Rd:5',
    cls: 'dp-imm',
    when: (f) => f.N === f.sf && (f.sf === 1 || f.imms! < 32),
    emit: (f, e) => {
      // Bits [lsb + datasize - 1 : lsb] of the concatenation Rn:Rm.
      const lsb = f.imms!;
      const m = regOperand(e, f.Rm!);
      const n = regOperand(e, f.Rn!);
      if (!f.sf) {
        e.setW(f.Rd!, lsb === 0 ? m.lo : funnel(m.lo, n.lo, lsb));
        return;
      }
      const words = [m.lo, m.hi, n.lo, n.hi];
      const k = lsb >> 5;
      const s = lsb & 31;
      const part = (i: number): string => (s === 0 ? words[i]! : funnel(words[i]!, words[i + 1]!, s));
      e.setX(f.Rd!, part(k), part(k + 1));
    },
    disasm: (f) => {
      const rd = reg(f.Rd!, f.sf!);
      const rn = reg(f.Rn!, f.sf!);
      if (f.Rn === f.Rm) return op('ror', rd, rn, dec(f.imms!));
      return op('extr', rd, rn, reg(f.Rm!, f.sf!), dec(f.imms!));
    },
  },
];

function movWideText(mnemonic: string, f: Fields): string {
  const ops = [reg(f.Rd!, f.sf!), hex(f.imm16!)];
  if (f.hw) ops.push(`lsl #${f.hw * 16}`);
  return op(mnemonic, ...ops);
}

/** imm16 << (16*hw) as int32 halves. */
function wideValue(imm16: number, hw: number): [number, number] {
  const shifted = (imm16 << ((hw & 1) * 16)) | 0;
  return hw < 2 ? [shifted, 0] : [0, shifted];
}
