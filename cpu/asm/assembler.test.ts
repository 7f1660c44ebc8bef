import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Assembler } from './assembler.js';
import { runWords } from '../testing/run-words.js';
import { decode } from '../isa/table.js';

describe('Assembler', () => {
  it('movImm loads any 64-bit constant', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (value) => {
        const a = new Assembler().movImm(3, value);
        const m = runWords([...a.assemble()]);
        expect(m.cpu.getX(3)).toBe(value);
      }),
      { numRuns: 300 },
    );
  });

  it('movImm of a 32-bit constant clears the high half', () => {
    const a = new Assembler().movImm(1, 0xdead_beefn, 0);
    const m = runWords([...a.assemble()], { 1: -1n });
    expect(m.cpu.getX(1)).toBe(0xdead_beefn);
  });

  it('movImm uses MOVN for mostly-ones values', () => {
    const words = new Assembler().movImm(0, -2n).assemble();
    expect(words.length).toBe(1);
    expect(decode(words[0]!)?.row.name).toBe('MOVN');
  });

  it('resolves forward and backward labels (count down loop)', () => {
    const a = new Assembler();
    const done = a.label('done');
    a.movImm(0, 10).movImm(1, 0);
    const top = a.here('top');
    a.cbz(0, done).addImm(1, 1, 3).subImm(0, 0, 1).b(top);
    a.bind(done);
    const m = runWords([...a.assemble()]);
    expect(m.cpu.getX(1)).toBe(30n);
    expect(m.cpu.getX(0)).toBe(0n);
  });

  it('rejects an unbound label and an unencodable immediate', () => {
    const a = new Assembler();
    a.b(a.label('nowhere'));
    expect(() => a.assemble()).toThrow(/never bound/);
    expect(() => new Assembler().addImm(0, 0, 0x1001)).toThrow(/not encodable/);
  });
});
