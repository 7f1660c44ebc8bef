import { describe, expect, it } from 'vitest';
import { CLAUSES, syscallByName } from '../spec/index.js';
import { allCases } from './registry.js';

describe('case registry', () => {
  it('every case names only clauses and rows that exist in spec/', () => {
    const unknownClauses = new Set<string>();
    const unknownRows = new Set<string>();
    for (const c of allCases()) {
      for (const id of c.clauses) if (!CLAUSES.has(id)) unknownClauses.add(`${c.id}: ${id}`);
      for (const r of c.rows) if (!syscallByName(r)) unknownRows.add(`${c.id}: ${r}`);
    }
    expect([...unknownClauses].slice(0, 20)).toEqual([]);
    expect([...unknownRows].slice(0, 20)).toEqual([]);
  });

  it('ids are unique, area-prefixed and use only [a-z0-9._/-]', () => {
    for (const c of allCases()) {
      expect(c.id.startsWith(`${c.area}/`), c.id).toBe(true);
      expect(c.id, c.id).toMatch(/^[a-z0-9._/-]+$/);
    }
  });
});
