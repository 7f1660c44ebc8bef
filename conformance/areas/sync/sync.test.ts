import { describe, expect, it } from 'vitest';
import { CLAUSES } from '../../../spec/index.js';
import { syncGenerator, syncHeldBackCases } from './index.js';

describe('sync generator', () => {
  const cases = [...syncGenerator.cases(), ...syncHeldBackCases()];

  it('every case builds, and lists every clause its assertions name', () => {
    const missing: string[] = [];
    for (const c of cases) {
      const built = c.build();
      expect(built.assertions.length, c.id).toBeGreaterThan(0);
      for (const a of built.assertions) for (const id of a.clauses) if (!c.clauses.includes(id)) missing.push(`${c.id}: ${id}`);
    }
    expect(missing.slice(0, 20)).toEqual([]);
  });

  it('names only existing clauses and has unique ids', () => {
    const ids = new Set<string>();
    for (const c of cases) {
      expect(ids.has(c.id), c.id).toBe(false);
      expect(c.id, c.id).toMatch(/^sync\/[a-z0-9._/-]+$/);
      ids.add(c.id);
      for (const id of c.clauses) expect(CLAUSES.has(id), `${c.id}: ${id}`).toBe(true);
    }
  });

  it('builds deterministically', () => {
    for (const c of cases.filter((_, i) => i % 97 === 0)) expect(c.build().program).toEqual(c.build().program);
  });
});
