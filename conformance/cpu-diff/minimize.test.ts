import { describe, expect, it } from 'vitest';
import { decode } from '../../cpu/isa/table.js';
import { enc } from '../../cpu/testing/run-words.js';
import { branchOffset } from '../../cpu/testgen/branch.js';
import { Prng } from '../../cpu/testgen/prng.js';
import { randomState } from '../../cpu/testgen/state.js';
import { dropInstruction, minimizeCase, type MinCase } from './minimize.js';
import type { WrapperCase } from './wrapper.js';

const add = (rd: number, imm12: number): number => enc('ADD_imm', { sf: 1, sh: 0, imm12, Rn: rd, Rd: rd });
const bcond = (imm19: number): number => enc('B_cond', { imm19, cond: 0 });
const offsetOf = (w: number): number => branchOffset(decode(w)!.row, w);

describe('dropInstruction', () => {
  it('shrinks forward branches that jump over the dropped instruction', () => {
    const words = [bcond(3), add(1, 1), add(2, 2), add(3, 3)];
    const out = dropInstruction(words, 1);
    expect(out).toHaveLength(3);
    expect(offsetOf(out[0]!)).toBe(2);
    expect(out.slice(1)).toEqual([add(2, 2), add(3, 3)]);
  });

  it('keeps a branch that targets the dropped instruction pointing at its successor', () => {
    const out = dropInstruction([bcond(2), add(1, 1), add(2, 2), add(3, 3)], 2);
    expect(offsetOf(out[0]!)).toBe(2);
    expect(out[2]).toBe(add(3, 3));
  });

  it('leaves branches that do not cross it alone', () => {
    const out = dropInstruction([add(1, 1), bcond(1), add(2, 2)], 0);
    expect(offsetOf(out[0]!)).toBe(1);
  });
});

describe('minimizeCase', () => {
  it('drops unneeded instructions and zeroes unneeded initial values', async () => {
    const bad = add(5, 7);
    const state = randomState(new Prng(1), { scratchBase: 0x2000_8000 });
    state.x[3] = 0x55n;
    state.nzcv = 0xa000_0000;
    const start: MinCase = { words: [add(1, 1), add(2, 2), bad, add(4, 4), bcond(1), add(6, 6)], state };
    // The "bug": shows whenever `bad` runs with x3 != 0.
    const check = async (cases: readonly WrapperCase[]): Promise<boolean[]> =>
      cases.map((c) => c.words.includes(bad) && c.state.x[3] !== 0n);
    const min = await minimizeCase(start, check);
    expect(min.words).toEqual([bad]);
    expect(min.state.x[3]).toBe(0x55n);
    expect(min.state.x.filter((v, n) => n !== 3 && (n < 22 || n > 27) && v !== 0n)).toEqual([]);
    expect(min.state.x.slice(22, 28)).toEqual(state.x.slice(22, 28));
    expect(min.state.sp).toBe(state.sp);
    expect(min.state.nzcv).toBe(0);
    expect(min.state.v.every((b) => b === 0)).toBe(true);
  });
});
