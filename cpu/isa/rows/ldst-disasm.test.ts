import { describe, expect, it } from 'vitest';
import { disasmMismatches, hasObjdump } from '../../testing/objdump.js';
import { decode } from '../table.js';
import { ldstRows } from './ldst.js';
import { atomicRows } from './atomic.js';
import { compiledRows, prng, randomWords } from './ldst.testkit.js';

const PC = 0x400000;

/**
 * CONSTRAINED UNPREDICTABLE forms that we execute as qemu does but objdump prints as
 * undefined: LDPSW with Rt == Rt2, or with writeback to Rt or Rt2.
 */
function objdumpCallsUndefined(word: number): boolean {
  const d = decode(word);
  if (!d || !d.row.name.startsWith('LDPSW')) return false;
  const f = d.fields;
  return f.Rt === f.Rt2 || (!d.row.name.endsWith('_off') && (f.Rn === f.Rt || f.Rn === f.Rt2));
}

describe.skipIf(!hasObjdump())('load/store and atomic disassembly matches GNU objdump', () => {
  for (const [label, specs] of [['ldst', ldstRows], ['atomic', atomicRows]] as const) {
    it(`${label}: random valid words of every row`, () => {
      const rand = prng(0x5eed + label.length);
      const words: number[] = [];
      for (const row of compiledRows(specs)) words.push(...randomWords(row, 24, rand));
      const excused = (w: number, _ours: string, theirs: string): boolean => theirs.startsWith('.inst') && objdumpCallsUndefined(w);
      expect(disasmMismatches(words, PC, excused).slice(0, 40)).toEqual([]);
    });
  }
});
