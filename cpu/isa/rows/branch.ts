import type { Emitter } from '../../translate/emitter.js';
import type { InsnRowSpec } from '../row.js';
import { cond, dec, op, reg, sext, target, xreg } from './fmt.js';

/** Sets X30 to the return address (pc+4). */
function link(e: Emitter): void {
  e.setAddrX(30, e.pcExpr(e.next));
}

/** Branches, compare-and-branch, test-and-branch, register branches. */
export const branchRows: InsnRowSpec[] = [
  {
    name: 'B',
    pattern: '0 00101 imm26:26',
    cls: 'branch',
    flow: 'branch',
    emit: (f, e) => e.branch(e.pc + 4 * sext(f.imm26!, 26)),
    disasm: (f, pc) => op('b', target(pc + 4 * sext(f.imm26!, 26))),
  },
  {
    name: 'BL',
    pattern: '1 00101 imm26:26',
    cls: 'branch',
    flow: 'branch',
    emit: (f, e) => {
      link(e);
      e.branch(e.pc + 4 * sext(f.imm26!, 26));
    },
    disasm: (f, pc) => op('bl', target(pc + 4 * sext(f.imm26!, 26))),
  },
  {
    name: 'B_cond',
    pattern: '0101010 0 imm19:19 0 cond:4',
    cls: 'branch',
    flow: 'branch',
    emit: (f, e) => {
      const dest = e.pc + 4 * sext(f.imm19!, 19);
      if (f.cond! >= 14) e.branch(dest);
      else e.branchIf(e.cond(f.cond!), dest);
    },
    disasm: (f, pc) => op(`b.${cond(f.cond!)}`, target(pc + 4 * sext(f.imm19!, 19))),
  },
  {
    name: 'CBZ',
    pattern: 'sf:1 011010 0 imm19:19 Rt:5',
    cls: 'branch',
    flow: 'branch',
    emit: (f, e) => {
      const test = f.sf ? `(${e.lo(f.Rt!)} | ${e.hi(f.Rt!)}) === 0` : `${e.lo(f.Rt!)} === 0`;
      e.branchIf(test, e.pc + 4 * sext(f.imm19!, 19));
    },
    disasm: (f, pc) => op('cbz', reg(f.Rt!, f.sf!), target(pc + 4 * sext(f.imm19!, 19))),
  },
  {
    name: 'CBNZ',
    pattern: 'sf:1 011010 1 imm19:19 Rt:5',
    cls: 'branch',
    flow: 'branch',
    emit: (f, e) => {
      const test = f.sf ? `(${e.lo(f.Rt!)} | ${e.hi(f.Rt!)}) !== 0` : `${e.lo(f.Rt!)} !== 0`;
      e.branchIf(test, e.pc + 4 * sext(f.imm19!, 19));
    },
    disasm: (f, pc) => op('cbnz', reg(f.Rt!, f.sf!), target(pc + 4 * sext(f.imm19!, 19))),
  },
  {
    name: 'TBZ',
    pattern: 'b5:1 011011 0 b40:5 imm14:14 Rt:5',
    cls: 'branch',
    flow: 'branch',
    emit: (f, e) => e.branchIf(`(${testBit(e, f.b5!, f.b40!, f.Rt!)}) === 0`, e.pc + 4 * sext(f.imm14!, 14)),
    disasm: (f, pc) => op('tbz', reg(f.Rt!, f.b5!), dec((f.b5! << 5) | f.b40!), target(pc + 4 * sext(f.imm14!, 14))),
  },
  {
    name: 'TBNZ',
    pattern: 'b5:1 011011 1 b40:5 imm14:14 Rt:5',
    cls: 'branch',
    flow: 'branch',
    emit: (f, e) => e.branchIf(`(${testBit(e, f.b5!, f.b40!, f.Rt!)}) !== 0`, e.pc + 4 * sext(f.imm14!, 14)),
    disasm: (f, pc) => op('tbnz', reg(f.Rt!, f.b5!), dec((f.b5! << 5) | f.b40!), target(pc + 4 * sext(f.imm14!, 14))),
  },
  {
    name: 'BR',
    pattern: '1101011 0000 11111 000000 Rn:5 00000',
    cls: 'branch',
    flow: 'branch',
    emit: (f, e) => e.branchTo(e.addr(f.Rn!, false)),
    disasm: (f) => op('br', xreg(f.Rn!)),
  },
  {
    name: 'BLR',
    pattern: '1101011 0001 11111 000000 Rn:5 00000',
    cls: 'branch',
    flow: 'branch',
    emit: (f, e) => {
      const dest = e.let(e.addr(f.Rn!, false));
      link(e);
      e.branchTo(dest);
    },
    disasm: (f) => op('blr', xreg(f.Rn!)),
  },
  {
    name: 'RET',
    pattern: '1101011 0010 11111 000000 Rn:5 00000',
    cls: 'branch',
    flow: 'branch',
    emit: (f, e) => e.branchTo(e.addr(f.Rn!, false)),
    disasm: (f) => (f.Rn === 30 ? 'ret' : op('ret', xreg(f.Rn!))),
  },
];

function testBit(e: Emitter, b5: number, b40: number, rt: number): string {
  return `${b5 ? e.hi(rt) : e.lo(rt)} & ${(1 << b40) | 0}`;
}
