// The syscall × errno matrix: every documented (row, errno, clause) of the spec, the cases that
// provoke it (conformance/areas/errors/coverage.ts), and the reason when none can.

import { cellHits } from '../../conformance/areas/errors/coverage.js';
import { cellKey, documentedCells, ErrorsCase, UNREACHABLE, type UnreachableCell } from '../../conformance/areas/errors/index.js';
import type { CaseDef } from '../../conformance/model.js';
import { ERRNO, SYSCALLS, type SyscallRow } from '../../spec/index.js';
import type { CellState, ErrnoCellEntry, ErrnoSection, MatrixRow, MatrixSquare } from './types.js';
import { SAMPLE } from './clauses.js';

/**
 * The cases that can hit a cell, for `cellHits`: errors cases as they are (they record their
 * cells), and of the others only those listing a cell's clause (no other can hit one), seen with
 * the given clause lists. Many cases learn their rows only by building their programs, so this
 * saves building the rest.
 */
export function errnoCandidates(cases: readonly CaseDef[], clausesOf: (c: CaseDef) => readonly string[] = (c) => c.clauses): CaseDef[] {
  const cellClauses = new Set(documentedCells().map((c) => c.clause));
  const out: CaseDef[] = [];
  for (const c of cases) {
    if (c instanceof ErrorsCase) {
      out.push(c);
      continue;
    }
    const clauses = clausesOf(c);
    if (!clauses.some((id) => cellClauses.has(id))) continue;
    out.push({ id: c.id, area: c.area, description: c.description, clauses, get rows() { return c.rows; }, build: () => c.build() });
  }
  return out;
}

function squareState(states: readonly CellState[]): CellState {
  if (states.includes('not-implemented')) return 'not-implemented';
  if (states.includes('missing')) return 'missing';
  if (states.includes('hit')) return 'hit';
  return 'unreachable';
}

export function errnoSection(cases: readonly CaseDef[], rows: readonly SyscallRow[] = SYSCALLS, unreachable: readonly UnreachableCell[] = UNREACHABLE): ErrnoSection {
  const hitsByCell = new Map<string, { recorded: string[]; inferred: string[] }>();
  for (const h of cellHits(cases)) {
    const key = cellKey(h.cell);
    let e = hitsByCell.get(key);
    if (!e) hitsByCell.set(key, (e = { recorded: [], inferred: [] }));
    e[h.how].push(h.caseId);
  }
  const reasons = new Map(unreachable.map((u) => [cellKey(u), u.reason]));
  const sorted = [...rows].sort((a, b) => a.nr - b.nr);
  const errnoSet = new Set(sorted.flatMap((r) => r.errors.map((e) => e.errno)));
  const errnos = [...errnoSet].sort((a, b) => ERRNO[a] - ERRNO[b] || (a < b ? -1 : 1));
  const cells: ErrnoCellEntry[] = [];
  const matrix: MatrixRow[] = [];
  for (const row of sorted) {
    const implemented = row.support === 'implemented';
    const rowCells: ErrnoCellEntry[] = [];
    const rowCases = new Map<string, Set<string>>();
    for (const e of row.errors) {
      const key = cellKey({ row: row.name, errno: e.errno, clause: e.clause });
      const hits = hitsByCell.get(key) ?? { recorded: [], inferred: [] };
      const n = hits.recorded.length + hits.inferred.length;
      const ids = rowCases.get(e.errno) ?? new Set<string>();
      for (const id of [...hits.recorded, ...hits.inferred]) ids.add(id);
      rowCases.set(e.errno, ids);
      const reason = reasons.get(key) ?? null;
      const state: CellState = !implemented ? 'not-implemented' : n > 0 ? 'hit' : reason !== null ? 'unreachable' : 'missing';
      rowCells.push({
        row: row.name, errno: e.errno, clause: e.clause, state,
        recorded: hits.recorded.length, inferred: hits.inferred.length,
        sample: [...hits.recorded, ...hits.inferred].slice(0, SAMPLE),
        reason: state === 'unreachable' ? reason : null,
      });
    }
    cells.push(...rowCells);
    const squares: MatrixSquare[] = errnos.flatMap((errno) => {
      const mine = rowCells.filter((c) => c.errno === errno);
      if (mine.length === 0) return [];
      return [{ errno, state: squareState(mine.map((c) => c.state)), cases: rowCases.get(errno)?.size ?? 0, clauses: mine.map((c) => c.clause) }];
    });
    matrix.push({ nr: row.nr, name: row.name, family: row.family, implemented, squares });
  }
  const count = (s: CellState): number => cells.filter((c) => c.state === s).length;
  return {
    errnos,
    rows: matrix,
    cells,
    totals: {
      rows: matrix.length,
      implementedRows: matrix.filter((r) => r.implemented).length,
      cells: cells.length - count('not-implemented'),
      hit: count('hit'),
      unreachable: count('unreachable'),
      missing: count('missing'),
      notImplemented: count('not-implemented'),
    },
  };
}
