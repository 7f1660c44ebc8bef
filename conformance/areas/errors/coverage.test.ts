import { describe, expect, it } from 'vitest';
import { allCases } from '../../registry.js';
import { cellKey, documentedCells, isDocumented } from './cells.js';
import { cellHits, coverageSummary, missingCells, uncheckedClauses, unhitCells, unlistedClauses } from './coverage.js';
import { CLAUSE_LIST } from '../../../spec/index.js';
import { errorCases, errorRecipes } from './index.js';
import { LEFT_OUT } from './known.js';
import { UNREACHABLE } from './unreachable.js';

describe('suite coverage against the spec', () => {
  it('reports the clauses no case lists and the matrix cells no case hits', () => {
    const cases = allCases();
    const s = coverageSummary(cases);
    const unhit = unhitCells(cases);
    console.log(
      `coverage: ${cases.length} cases; clauses ${s.clauses - s.unlistedClauses}/${s.clauses} listed (${s.unlistedClauses} unlisted); ` +
        `syscall x errno cells ${s.hitCells}/${s.cells} hit, ${s.unreachableCells} unreachable, ${s.missingCells} missing`,
    );
    if (unhit.length > 0) console.log(`unhit cells: ${unhit.map(cellKey).join('; ')}`);
    expect(s.cells).toBe(documentedCells().length);
    expect(unlistedClauses(cases).length).toBe(s.unlistedClauses);
  });

  it('every clause is checked by a case, except the informative ones, which none lists', () => {
    const cases = allCases();
    expect(uncheckedClauses(cases)).toEqual([]);
    const informative = CLAUSE_LIST.filter((c) => c.informative !== undefined);
    const listed = new Set(cases.flatMap((c) => c.clauses));
    for (const c of informative) {
      expect(listed.has(c.id), `${c.id} is informative but a case lists it`).toBe(false);
      expect(c.informative!.reason.length, c.id).toBeGreaterThan(40);
    }
  });

  it('the suite hits every documented cell or lists it as unreachable', () => {
    expect(missingCells(allCases()).map(cellKey)).toEqual([]);
  });
});

describe('the errors area', () => {
  it('records only documented cells, and every case records what it hits', () => {
    for (const c of errorCases()) for (const cell of c.cells) expect(isDocumented(cell), `${c.id}: ${cellKey(cell)}`).toBe(true);
    const recorded = cellHits(errorCases()).filter((h) => h.how === 'recorded');
    expect(recorded.length).toBeGreaterThanOrEqual(errorCases().filter((c) => c.cells.length > 0).length);
  });

  it('lists each unreachable cell once, documented, with a reason, and hits none of them', () => {
    const keys = UNREACHABLE.map(cellKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const u of UNREACHABLE) {
      expect(isDocumented(u), cellKey(u)).toBe(true);
      expect(u.reason.length).toBeGreaterThan(20);
    }
    const hit = new Set(cellHits(errorCases()).map((h) => cellKey(h.cell)));
    expect(keys.filter((k) => hit.has(k))).toEqual([]);
  });

  it('has at least 1,000 cases with unique ids, each case naming the clauses of its assertions', () => {
    const cases = errorCases();
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases.slice(0, 200)) {
      const built = c.build();
      for (const a of built.assertions) for (const id of a.clauses) expect(c.clauses, c.id).toContain(id);
      expect(built.assertions.length, c.id).toBeGreaterThan(0);
    }
  });

  it('leaves out only cases it generates (kernel disagreements, see known.ts)', () => {
    const generated = new Set(errorRecipes().map((r) => `errors/${r.id}`));
    const kept = new Set(errorCases().map((c) => c.id));
    for (const l of LEFT_OUT) {
      expect(generated.has(l.id), l.id).toBe(true);
      expect(kept.has(l.id), l.id).toBe(false);
    }
  });
});
