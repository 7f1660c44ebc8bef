import type { CaseResult } from '../../conformance/evaluate.js';
import { STATUSES, type Status } from '../../conformance/model.js';
import { isFailing } from '../../conformance/runner/status.js';

export type StatusCounts = Readonly<Record<Status, number>>;

export interface Summary {
  readonly total: number;
  readonly byStatus: StatusCounts;
  /** Areas in first-seen order. */
  readonly byArea: Readonly<Record<string, StatusCounts>>;
  /** True when no case is fail, broken, timeout, panic or xpass. */
  readonly ok: boolean;
}

function zero(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

export function summarize(results: readonly CaseResult[]): Summary {
  const byStatus = zero();
  const byArea: Record<string, Record<Status, number>> = {};
  for (const r of results) {
    byStatus[r.status]++;
    (byArea[r.area] ??= zero())[r.status]++;
  }
  return { total: results.length, byStatus, byArea, ok: !results.some((r) => isFailing(r.status)) };
}

/** Replays one case with its syscall trace (printed for every case that did not pass). */
export function replayCommand(id: string, target = 'reference'): string {
  return `npx touchstone replay ${id}${target === 'reference' ? '' : ` --target ${target}`} --trace`;
}

/** The lines that explain a non-passing result: reason, verdicts, failed assertions. */
export function explain(r: CaseResult): string[] {
  const lines: string[] = [];
  if (r.clauses.length > 0) lines.push(`clauses   ${r.clauses.join(', ')}`);
  if (r.expected) lines.push(`expected  ${r.expected}`);
  if (r.actual) lines.push(`actual    ${r.actual}`);
  const [first, ...rest] = r.reason.split('\n');
  if (first) lines.push(`reason    ${first}`, ...rest.map((l) => `          ${l}`));
  for (const f of r.failures) {
    lines.push(`not ok ${f.n} - ${f.description}${f.clauses.length ? ` [${f.clauses.join(', ')}]` : ''}${f.got ? ` # ${f.got}` : ''}`);
  }
  return lines;
}
