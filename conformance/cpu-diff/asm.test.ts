import { describe, expect, it } from 'vitest';
import { decode } from '../../cpu/isa/table.js';
import { hasObjdump, objdumpWords } from '../../cpu/testing/objdump.js';
import {
  addImm, b, bl, bne, brk, ldpQPost, ldrQ, ldrX, movImm, movk, movz, mrs, msr, RET, stpQPost, strQ, strX, subsImm, SVC0, CLREX,
} from './asm.js';
import { buildWrapper } from './wrapper.js';
import { REGION_SIZE } from './layout.js';

/** [word, GNU objdump text, row the encoding table must decode it to] */
const EXPECTED: Array<[number, string, string]> = [
  [movz(3, 0x1234), 'mov\tx3, #0x1234', 'MOVZ'],
  [movz(8, 0x41, 1), 'mov\tx8, #0x410000', 'MOVZ'],
  [movk(0, 0xbeef, 2), 'movk\tx0, #0xbeef, lsl #32', 'MOVK'],
  [addImm(31, 1, 0), 'mov\tsp, x1', 'ADD_imm'],
  [addImm(1, 31, 0), 'mov\tx1, sp', 'ADD_imm'],
  [subsImm(2, 2, 1), 'subs\tx2, x2, #0x1', 'SUBS_imm'],
  [ldrX(30, 0, 752), 'ldr\tx30, [x0, #752]', 'LDR_X_uoff'],
  [strX(1, 0, 512), 'str\tx1, [x0, #512]', 'STR_X_uoff'],
  [ldrQ(31, 0, 496), 'ldr\tq31, [x0, #496]', 'LDR_Q_uoff'],
  [strQ(7, 0, 112), 'str\tq7, [x0, #112]', 'STR_Q_uoff'],
  [ldpQPost(0, 1, 0, 32), 'ldp\tq0, q1, [x0], #32', 'LDP_Q_post'],
  [stpQPost(0, 1, 1, 32), 'stp\tq0, q1, [x1], #32', 'STP_Q_post'],
  [msr('NZCV', 1), 'msr\tnzcv, x1', 'MSR_reg'],
  [msr('FPCR', 1), 'msr\tfpcr, x1', 'MSR_reg'],
  [msr('FPSR', 1), 'msr\tfpsr, x1', 'MSR_reg'],
  [msr('TPIDR_EL0', 0), 'msr\ttpidr_el0, x0', 'MSR_reg'],
  [mrs(1, 'NZCV'), 'mrs\tx1, nzcv', 'MRS'],
  [mrs(1, 'FPCR'), 'mrs\tx1, fpcr', 'MRS'],
  [mrs(1, 'FPSR'), 'mrs\tx1, fpsr', 'MRS'],
  [mrs(1, 'TPIDR_EL0'), 'mrs\tx1, tpidr_el0', 'MRS'],
  [SVC0, 'svc\t#0x0', 'SVC'],
  [CLREX, 'clrex', 'CLREX'],
  [RET, 'ret', 'RET'],
  [brk(0xd1ff), 'brk\t#0xd1ff', 'BRK'],
  [b(8), 'b\t0x8', 'B'],
  [bl(-4), 'bl\t0xfffffffffffffffc', 'BL'],
  [bne(-12), 'b.ne\t0xfffffffffffffff4', 'B_cond'],
];

describe('cpu-diff wrapper encoders', () => {
  it('encode constants with MOVZ plus the MOVKs needed', () => {
    expect(movImm(0, 0x2000_8000)).toEqual([movz(0, 0x8000), movk(0, 0x2000, 1)]);
    expect(movImm(2, 5)).toEqual([movz(2, 5)]);
    expect(movImm(1, 0x1_0000_0000)).toEqual([movz(1, 0), movk(1, 1, 2)]);
  });

  it('reject operands that do not fit', () => {
    expect(() => ldrX(0, 0, 4)).toThrow(/multiple of 8/);
    expect(() => ldrQ(0, 0, 65536)).toThrow(/does not fit/);
    expect(() => movz(32, 0)).toThrow(/bad register/);
  });

  it.skipIf(!hasObjdump())('match GNU objdump', () => {
    const words = EXPECTED.map(([w]) => w);
    const texts = objdumpWords(words, 0);
    EXPECTED.forEach(([word, text], i) => {
      // Branch targets print as addresses: disassemble branches alone at address 0.
      const got = /^b/.test(text) ? objdumpWords([word], 0)[0] : texts[i];
      expect(got, text).toBe(text);
    });
  });

  it('decode to the expected rows of the encoding table', () => {
    for (const [word, text, row] of EXPECTED) expect(decode(word)?.row.name, text).toBe(row);
  });

  it('every word of a wrapper program decodes to one of those rows', () => {
    const state = { x: Array<bigint>(31).fill(0n), sp: 0n, nzcv: 0, fpcr: 0, fpsr: 0, tpidr: 0n, v: new Uint8Array(512) };
    const program = buildWrapper([{ words: [], state }, { words: [], state }], new Uint8Array(REGION_SIZE));
    const allowed = new Set(EXPECTED.map(([, , row]) => row));
    for (const { addr, word } of program.wrapperWords) {
      const name = decode(word)?.row.name;
      expect(name !== undefined && allowed.has(name), `word ${word.toString(16)} at ${addr.toString(16)} decodes to ${name}`).toBe(true);
    }
  });
});
