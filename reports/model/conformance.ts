// The conformance section: a results file (touchstone-results/1) as areas × statuses and the
// list of cases that did not pass.

import type { CaseResult } from '../../conformance/evaluate.js';
import { STATUSES, type Status } from '../../conformance/model.js';
import { replayCommand, type ResultsDocument } from '../conformance/index.js';
import type { ConformanceSection, FailureEntry } from './types.js';

/** The page lists at most this many cases that did not pass (report.json says how many there were). */
export const MAX_FAILURES = 1000;

/** Worst first: statuses that fail the run, then the known failures. */
const ORDER: readonly Status[] = ['panic', 'broken', 'timeout', 'fail', 'xpass', 'xfail'];

function failureEntry(r: CaseResult, target: string): FailureEntry {
  return {
    id: r.id,
    area: r.area,
    status: r.status,
    description: r.description,
    clauses: r.clauses,
    expected: r.expected,
    actual: r.actual,
    reason: r.reason,
    assertions: r.failures.map((f) => ({ n: f.n, description: f.description, clauses: f.clauses, got: f.got })),
    replay: replayCommand(r.id, target),
  };
}

export function conformanceSection(doc: ResultsDocument, maxFailures = MAX_FAILURES): ConformanceSection {
  const env = doc.environment;
  const s = doc.summary;
  const notPassed = ORDER.flatMap((st) => doc.results.filter((r) => r.status === st));
  const seconds = Math.max(0, (Date.parse(env.finishedAt) - Date.parse(env.startedAt)) / 1000);
  return {
    target: env.target,
    touchstone: env.touchstone,
    commit: env.commit,
    startedAt: env.startedAt,
    finishedAt: env.finishedAt,
    seconds: Number.isFinite(seconds) ? Math.round(seconds * 10) / 10 : 0,
    jobs: env.jobs,
    selection: { area: env.selection?.area ?? null, grep: env.selection?.grep ?? null },
    total: s.total,
    ok: s.ok,
    byStatus: s.byStatus,
    areas: Object.entries(s.byArea).map(([area, counts]) => ({ area, total: STATUSES.reduce((n, st) => n + counts[st], 0), counts })),
    instructions: doc.results.reduce((n, r) => n + r.instructions, 0),
    syscalls: doc.results.reduce((n, r) => n + r.syscalls, 0),
    failures: notPassed.slice(0, maxFailures).map((r) => failureEntry(r, env.target)),
    failuresTotal: notPassed.length,
  };
}
