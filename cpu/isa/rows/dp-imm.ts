import type { InsnRowSpec } from '../row.js';
import { emitAddConst, emitAddWithCarry } from './alu-emit.js';
import { hex, op, reg } from './fmt.js';

/** Data processing (immediate): add/sub, move wide, logical, bitfield, extract, PC-relative. */
export const dpImmRows: InsnRowSpec[] = [
  {
    name: 'ADD_imm',
    pattern: 'sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5',
    cls: 'dp-imm',
    emit: (f, e) => {
      const k = f.imm12! << (f.sh ? 12 : 0);
      emitAddConst(e, f.sf!, { lo: e.lo(f.Rn!, true), hi: e.hi(f.Rn!, true) }, k, false, f.Rd!, true);
    },
    disasm: (f) => {
      if (f.imm12 === 0 && f.sh === 0 && (f.Rd === 31 || f.Rn === 31)) {
        return op('mov', reg(f.Rd!, f.sf!, true), reg(f.Rn!, f.sf!, true));
      }
      const ops = [reg(f.Rd!, f.sf!, true), reg(f.Rn!, f.sf!, true), hex(f.imm12!)];
      if (f.sh) ops.push('lsl #12');
      return op('add', ...ops);
    },
  },
  {
    name: 'ADDS_imm',
    pattern: 'sf:1 0 1 100010 sh:1 imm12:12 Rn:5 Rd:5',
    cls: 'dp-imm',
    emit: (f, e) => {
      const k = f.imm12! << (f.sh ? 12 : 0);
      emitAddWithCarry(e, f.sf!, { lo: e.lo(f.Rn!, true), hi: e.hi(f.Rn!, true) }, { lo: String(k), hi: '0' }, '0', false, true, f.Rd!, false);
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
      emitAddConst(e, f.sf!, { lo: e.lo(f.Rn!, true), hi: e.hi(f.Rn!, true) }, k, true, f.Rd!, true);
    },
    disasm: (f) => {
      const ops = [reg(f.Rd!, f.sf!, true), reg(f.Rn!, f.sf!, true), hex(f.imm12!)];
      if (f.sh) ops.push('lsl #12');
      return op('sub', ...ops);
    },
  },
  {
    name: 'SUBS_imm',
    pattern: 'sf:1 1 1 100010 sh:1 imm12:12 Rn:5 Rd:5',
    cls: 'dp-imm',
    emit: (f, e) => {
      const k = f.imm12! << (f.sh ? 12 : 0);
      emitAddWithCarry(e, f.sf!, { lo: e.lo(f.Rn!, true), hi: e.hi(f.Rn!, true) }, { lo: String(k), hi: '0' }, '1', true, true, f.Rd!, false);
    },
    disasm: (f) => {
      const ops = [reg(f.Rn!, f.sf!, true), hex(f.imm12!)];
      if (f.sh) ops.push('lsl #12');
      return f.Rd === 31 ? op('cmp', ...ops) : op('subs', reg(f.Rd!, f.sf!), ...ops);
    },
  },
  {
    name: 'MOVN',
    pattern: 'sf:1 00 100101 hw:2 imm16:16 Rd:5',
    cls: 'dp-imm',
    when: (f) => f.sf === 1 || f.hw! < 2,
    emit: (f, e) => {
      const [lo, hi] = wideValue(f.imm16!, f.hw!);
      if (f.sf) e.setX(f.Rd!, String(~lo), String(~hi));
      else e.setW(f.Rd!, String(~lo));
    },
    disasm: (f) => {
      const [lo, hi] = wideValue(f.imm16!, f.hw!);
      const v = f.sf ? BigInt.asIntN(64, ~((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0))) : BigInt((~lo) | 0);
      // objdump prints the alias `mov` unless the value could be a MOVZ too (imm16=0 with hw>0).
      if (f.imm16 === 0 && f.hw !== 0) return op('movn', reg(f.Rd!, f.sf!), hex(0), `lsl #${f.hw! * 16}`);
      return op('mov', reg(f.Rd!, f.sf!), hex(v));
    },
  },
  {
    name: 'MOVZ',
    pattern: 'sf:1 10 100101 hw:2 imm16:16 Rd:5',
    cls: 'dp-imm',
    when: (f) => f.sf === 1 || f.hw! < 2,
    emit: (f, e) => {
      const [lo, hi] = wideValue(f.imm16!, f.hw!);
      if (f.sf) e.setX(f.Rd!, String(lo), String(hi));
      else e.setW(f.Rd!, String(lo));
    },
    disasm: (f) => {
      if (f.imm16 === 0 && f.hw !== 0) return op('movz', reg(f.Rd!, f.sf!), hex(0), `lsl #${f.hw! * 16}`);
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
      e.line(`${slot} = (${slot} & ${keep}) | ${f.imm16! << shift};`);
      if (!f.sf) e.line(`x[${2 * d + 1}] = 0;`);
    },
    disasm: (f) => {
      const ops = [reg(f.Rd!, f.sf!), hex(f.imm16!)];
      if (f.hw) ops.push(`lsl #${f.hw * 16}`);
      return op('movk', ...ops);
    },
  },
];

/** imm16 << (16*hw) as int32 halves. */
function wideValue(imm16: number, hw: number): [number, number] {
  const shifted = (imm16 << ((hw & 1) * 16)) | 0;
  return hw < 2 ? [shifted, 0] : [0, shifted];
}
