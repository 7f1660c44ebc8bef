// Clause coverage: every clause of the spec with the cases that list it, unchecked clauses first.

import { CLAUSE_LIST, type Clause, type ClauseSource } from '../../spec/index.js';
import type { ClauseEntry, ClauseGroupRow, ClauseSection, ClauseState } from './types.js';

/** What clause coverage needs of a case (a CaseDef or a CaseResult). */
export interface ClauseListing {
  readonly id: string;
  readonly clauses: readonly string[];
}

/** What the run adds: the clauses the kernel named during each case (CaseResult.reached). */
export interface ClauseReach {
  readonly reached: readonly string[];
}

export interface ClauseCoverage {
  readonly clause: Clause;
  readonly state: ClauseState;
  /** Why no case checks it: the spec's reason for an informative clause, or "no case lists it". */
  readonly reason: string | null;
  /** Ids of the cases that list it, in the order given. */
  readonly cases: readonly string[];
}

export const NO_CASE = 'no case lists it';

const STATE_ORDER: readonly ClauseState[] = ['unchecked', 'informative', 'checked'];

/** The spec's reason no case can check a clause (an informative clause), or null. */
export function informativeReason(c: Clause): string | null {
  return c.informative?.reason ?? null;
}

/**
 * Every clause with the cases that list it: unchecked clauses first, then informative ones (the
 * spec says why no case can check them), then checked ones; spec order within each.
 */
export function clauseCoverage(cases: readonly ClauseListing[], clauses: readonly Clause[] = CLAUSE_LIST): ClauseCoverage[] {
  const byClause = new Map<string, string[]>(clauses.map((c) => [c.id, []]));
  for (const k of cases) {
    for (const id of new Set(k.clauses)) byClause.get(id)?.push(k.id);
  }
  const out = clauses.map((clause): ClauseCoverage => {
    const listed = byClause.get(clause.id)!;
    if (listed.length > 0) return { clause, state: 'checked', reason: null, cases: listed };
    const why = informativeReason(clause);
    return why === null ? { clause, state: 'unchecked', reason: NO_CASE, cases: listed } : { clause, state: 'informative', reason: why, cases: listed };
  });
  return STATE_ORDER.flatMap((s) => out.filter((c) => c.state === s));
}

export function sourceText(s: ClauseSource): string {
  switch (s.kind) {
    case 'seed':
      return `seed ${s.seed}, ${s.section}`;
    case 'swift-os':
      return `SwiftOS ${s.file}`;
    case 'linux-man':
      return `man ${s.page}`;
    case 'touchstone':
      return `Touchstone: ${s.note}`;
  }
}

export function clauseGroup(id: string): string {
  const dot = id.indexOf('.');
  return dot < 0 ? id : id.slice(0, dot);
}

/** Case ids shown per clause; report.json has the count, `touchstone list --grep ID` all of them. */
export const SAMPLE = 5;

/**
 * The clause section: coverage by the cases, and (with the results of a run) how many cases the
 * kernel named each clause in.
 */
export function clauseSection(cases: readonly ClauseListing[], run: readonly ClauseReach[] | null, clauses: readonly Clause[] = CLAUSE_LIST): ClauseSection {
  let reachCount: Map<string, number> | null = null;
  if (run !== null) {
    reachCount = new Map();
    for (const r of run) for (const id of new Set(r.reached)) reachCount.set(id, (reachCount.get(id) ?? 0) + 1);
  }
  const coverage = clauseCoverage(cases, clauses);
  const entries = coverage.map((c): ClauseEntry => ({
    id: c.clause.id,
    group: clauseGroup(c.clause.id),
    text: c.clause.text,
    source: sourceText(c.clause.source),
    decision: c.clause.decision !== undefined,
    state: c.state,
    reason: c.reason,
    cases: c.cases.length,
    sample: c.cases.slice(0, SAMPLE),
    reached: reachCount === null ? null : reachCount.get(c.clause.id) ?? 0,
  }));
  const groups = new Map<string, { total: number; checked: number; informative: number; unchecked: number }>();
  for (const c of clauses) groups.set(clauseGroup(c.id), { total: 0, checked: 0, informative: 0, unchecked: 0 });
  for (const e of entries) {
    const g = groups.get(e.group)!;
    g.total++;
    g[e.state]++;
  }
  const count = (s: ClauseState): number => entries.filter((e) => e.state === s).length;
  return {
    total: entries.length,
    checked: count('checked'),
    informative: count('informative'),
    unchecked: count('unchecked'),
    reached: reachCount === null ? null : entries.filter((e) => (e.reached ?? 0) > 0).length,
    groups: [...groups].map(([group, g]): ClauseGroupRow => ({ group, ...g })),
    clauses: entries,
  };
}
