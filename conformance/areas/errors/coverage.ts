// Coverage of the whole suite against the spec: which clauses no case lists, and which
// (implemented row, errno, clause) cells of the syscall × errno matrix no case provokes.
// Errors cases record their cells exactly; for cases of other areas a cell counts as hit when the
// case needs the row and lists the clause (an approximation those areas can sharpen later).

import { CLAUSE_LIST } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { cellKey, documentedCells, ErrorsCase, type ErrorCell } from './cells.js';
import { UNREACHABLE } from './unreachable.js';

/** Clause ids that no case lists, in spec order. */
export function unlistedClauses(cases: readonly CaseDef[]): string[] {
  const listed = new Set<string>();
  for (const c of cases) for (const id of c.clauses) listed.add(id);
  return CLAUSE_LIST.map((c) => c.id).filter((id) => !listed.has(id));
}

/** Clause ids that no case lists and the spec does not mark informative: the ones still to check. */
export function uncheckedClauses(cases: readonly CaseDef[]): string[] {
  const informative = new Set(CLAUSE_LIST.filter((c) => c.informative !== undefined).map((c) => c.id));
  return unlistedClauses(cases).filter((id) => !informative.has(id));
}

/** How a case hits a cell: recorded by the errors generator, or inferred from rows + clauses. */
export type HitKind = 'recorded' | 'inferred';

export interface CellHit {
  readonly cell: ErrorCell;
  readonly caseId: string;
  readonly how: HitKind;
}

/** The cells each case hits. */
export function cellHits(cases: readonly CaseDef[]): CellHit[] {
  const documented = documentedCells();
  const out: CellHit[] = [];
  for (const c of cases) {
    if (c instanceof ErrorsCase) {
      for (const cell of c.cells) out.push({ cell, caseId: c.id, how: 'recorded' });
      continue;
    }
    const rows = new Set(c.rows);
    const clauses = new Set(c.clauses);
    for (const cell of documented) {
      if (rows.has(cell.row) && clauses.has(cell.clause)) out.push({ cell, caseId: c.id, how: 'inferred' });
    }
  }
  return out;
}

/** Documented cells no case hits (UNREACHABLE ones included: see `missingCells`). */
export function unhitCells(cases: readonly CaseDef[]): ErrorCell[] {
  const hit = new Set(cellHits(cases).map((h) => cellKey(h.cell)));
  return documentedCells().filter((c) => !hit.has(cellKey(c)));
}

/** Documented cells no case hits and UNREACHABLE does not explain. */
export function missingCells(cases: readonly CaseDef[]): ErrorCell[] {
  const unreachable = new Set(UNREACHABLE.map(cellKey));
  return unhitCells(cases).filter((c) => !unreachable.has(cellKey(c)));
}

/** Counts for a report line. */
export interface CoverageSummary {
  readonly clauses: number;
  readonly unlistedClauses: number;
  readonly cells: number;
  readonly hitCells: number;
  readonly unreachableCells: number;
  readonly missingCells: number;
}

export function coverageSummary(cases: readonly CaseDef[]): CoverageSummary {
  const cells = documentedCells().length;
  const unhit = unhitCells(cases).length;
  return {
    clauses: CLAUSE_LIST.length,
    unlistedClauses: unlistedClauses(cases).length,
    cells,
    hitCells: cells - unhit,
    unreachableCells: UNREACHABLE.length,
    missingCells: missingCells(cases).length,
  };
}
