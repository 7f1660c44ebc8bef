import { describe, expect, it } from 'vitest';
import { decode, ROWS, rowByName } from '../isa/table.js';
import { branchOffset, isRelativeBranch } from './branch.js';
import { GEN_DEST, SCRATCH_WINDOW } from './conventions.js';
import { generateCase, selectRows, SequenceGenerator } from './generate.js';
import { Prng } from './prng.js';
import { randomState, scratchCentre } from './state.js';

const SCRATCH = 0x2000_8000;
const opts = { length: 16, scratchBase: SCRATCH };

describe('selectRows', () => {
  it('defaults to rows without noDiff that continue to the next instruction or branch PC-relatively', () => {
    const rows = selectRows();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.noDiff).toBeUndefined();
      expect((r.flow ?? 'next') === 'next' || isRelativeBranch(r)).toBe(true);
    }
    const names = rows.map((r) => r.name);
    expect(names).toContain('ADD_imm');
    expect(names).toContain('B_cond');
    expect(names).not.toContain('SVC');
    expect(names).not.toContain('BR');
    expect(names).not.toContain('RET');
  });

  it('filters by class and by name, and rejects unknown or unusable names', () => {
    expect(selectRows({ classes: ['branch'] }).every((r) => r.cls === 'branch')).toBe(true);
    expect(selectRows({ names: ['MOVZ', 'CBZ'] }).map((r) => r.name)).toEqual(['MOVZ', 'CBZ']);
    expect(() => selectRows({ names: ['NO_SUCH_ROW'] })).toThrow(/no encoding row named 'NO_SUCH_ROW'/);
    expect(() => selectRows({ names: ['SVC'] })).toThrow(/ends the sequence/);
    expect(() => selectRows({ classes: ['vector'] })).toThrow(/unknown instruction class 'vector'/);
  });
});

describe('SequenceGenerator', () => {
  const gen = new SequenceGenerator(selectRows());

  it('is deterministic: same seed and index give the same words and state', () => {
    const a = generateCase(gen, 42, 7, opts);
    const b = generateCase(new SequenceGenerator(selectRows()), 42, 7, opts);
    expect(b.words).toEqual(a.words);
    expect(b.state).toEqual(a.state);
    expect(generateCase(gen, 42, 8, opts).words).not.toEqual(a.words);
  });

  it('produces words that decode to the row they were drawn for, for every usable row', () => {
    const rng = new Prng(3);
    for (const row of gen.rows) {
      for (let i = 0; i < 8; i++) {
        const seq = new SequenceGenerator([row]).sequence(rng, 4);
        for (const w of seq.words) expect(decode(w)?.row.name).toBe(row.name);
      }
    }
  });

  it('lists rows that can never decode to themselves instead of generating them', () => {
    const shadowed = { ...rowByName('MOVZ'), name: 'SHADOWED_MOVZ' };
    const g = new SequenceGenerator([rowByName('MOVZ'), shadowed]);
    expect(g.droppedRows).toEqual(['SHADOWED_MOVZ']);
    expect(g.rows.map((r) => r.name)).toEqual(['MOVZ']);
  });

  it('keeps destination fields out of x22..x27 unless the row says otherwise', () => {
    const rows = ROWS.filter((r) => ['ADD_imm', 'MOVZ', 'MOVK', 'SUB_imm'].includes(r.name));
    const rng = new Prng(9);
    const g = new SequenceGenerator(rows);
    for (let i = 0; i < 200; i++) {
      const d = decode(g.sequence(rng, 1).words[0]!)!;
      const allowed = d.row.gen?.Rd ?? GEN_DEST;
      expect(allowed).toContain(d.fields.Rd);
    }
  });

  it('gives branches forward offsets that land inside the sequence or just after it', () => {
    const g = new SequenceGenerator(selectRows({ names: ['B_cond', 'CBZ', 'CBNZ', 'TBZ', 'TBNZ', 'B', 'ADD_imm'] }));
    const rng = new Prng(11);
    let branches = 0;
    for (let n = 0; n < 200; n++) {
      const { words } = g.sequence(rng, 10);
      words.forEach((w, i) => {
        const row = decode(w)!.row;
        if (!isRelativeBranch(row)) return;
        branches++;
        const off = branchOffset(row, w);
        expect(off).toBeGreaterThanOrEqual(1);
        expect(i + off).toBeLessThanOrEqual(10);
      });
    }
    expect(branches).toBeGreaterThan(100);
  });
});

describe('randomState', () => {
  it('follows the register conventions', () => {
    const rng = new Prng(5);
    for (let i = 0; i < 50; i++) {
      const s = randomState(rng, { scratchBase: SCRATCH });
      expect(s.x).toHaveLength(31);
      for (const v of s.x) expect(v >= 0n && v < 1n << 64n).toBe(true);
      expect(s.x[22]! < 256n && s.x[23]! < 256n).toBe(true);
      [24, 25, 26, 27].forEach((n, w) => expect(s.x[n]).toBe(BigInt(SCRATCH + w * SCRATCH_WINDOW + SCRATCH_WINDOW / 2)));
      expect(s.sp).toBe(BigInt(scratchCentre(SCRATCH, 31)));
      expect(s.sp).toBe(BigInt(SCRATCH + 4 * SCRATCH_WINDOW + SCRATCH_WINDOW / 2));
      expect(s.nzcv & 0x0fffffff).toBe(0);
      expect(s.fpcr).toBe(0);
      expect(s.fpsr).toBe(0);
      expect(s.v).toHaveLength(512);
    }
  });

  it('draws edge values: zero, all-ones, INT64_MIN and NaN/infinity lanes appear', () => {
    const rng = new Prng(6);
    const xs = new Set<bigint>();
    const lanes32 = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const s = randomState(rng, { scratchBase: SCRATCH, fpcr: 'rmode' });
      s.x.forEach((v) => xs.add(v));
      const view = new DataView(s.v.buffer);
      for (let k = 0; k < 128; k++) lanes32.add(view.getUint32(4 * k, true));
      expect(s.fpcr & ~(3 << 22)).toBe(0);
    }
    for (const v of [0n, 1n, (1n << 64n) - 1n, 1n << 63n, (1n << 63n) - 1n, 0xffffffffn]) expect(xs.has(v)).toBe(true);
    for (const v of [0x7f800000, 0xff800000, 0x7fc00000, 0x80000000]) expect(lanes32.has(v)).toBe(true);
  });
});
