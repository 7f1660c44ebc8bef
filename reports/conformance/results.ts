import type { CaseResult } from '../../conformance/evaluate.js';
import { STATUSES } from '../../conformance/model.js';
import type { Environment } from './environment.js';
import { summarize, type Summary } from './summary.js';

export const RESULTS_SCHEMA = 'touchstone-results/1';

/** A results file (INTERPRETING.md, "Results file"): what every reporter renders. */
export interface ResultsDocument {
  readonly schema: typeof RESULTS_SCHEMA;
  readonly environment: Environment;
  readonly summary: Summary;
  readonly results: readonly CaseResult[];
}

export function resultsDocument(environment: Environment, results: readonly CaseResult[]): ResultsDocument {
  return { schema: RESULTS_SCHEMA, environment, summary: summarize(results), results };
}

export function formatJson(doc: ResultsDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

function check(cond: boolean, source: string, what: string): void {
  if (!cond) throw new Error(`${source}: ${what}`);
}

/** Parses and checks a results file; the summary is recomputed from the results. */
export function parseResults(text: string, source = 'results'): ResultsDocument {
  let doc: Partial<ResultsDocument>;
  try {
    doc = JSON.parse(text) as Partial<ResultsDocument>;
  } catch (err) {
    throw new Error(`${source}: not JSON: ${(err as Error).message}`);
  }
  check(typeof doc === 'object' && doc !== null, source, 'not an object');
  check(doc.schema === RESULTS_SCHEMA, source, `schema ${String(doc.schema)}, expected ${RESULTS_SCHEMA}`);
  check(typeof doc.environment === 'object' && doc.environment !== null, source, 'no environment');
  check(Array.isArray(doc.results), source, 'no results array');
  for (const r of doc.results!) {
    check(typeof r === 'object' && r !== null, source, 'a result that is not an object');
    check(typeof r.id === 'string' && typeof r.area === 'string', source, 'a result without id or area');
    check(STATUSES.includes(r.status), source, `${r.id}: unknown status ${String(r.status)}`);
    check(Array.isArray(r.clauses) && Array.isArray(r.failures), source, `${r.id}: clauses and failures must be arrays`);
  }
  return resultsDocument(doc.environment!, doc.results!);
}

/**
 * Joins the results of several runs (shards) of one target into one document. Fails on a
 * duplicate case id or a different target. `order` gives each id's suite position (unknown ids
 * go last, by id); the result keeps that order.
 */
export function mergeResults(docs: readonly ResultsDocument[], order: (id: string) => number | undefined = () => undefined): ResultsDocument {
  if (docs.length === 0) throw new Error('merge: no result files');
  const first = docs[0]!.environment;
  const seen = new Map<string, number>();
  const all: CaseResult[] = [];
  docs.forEach((d, k) => {
    if (d.environment.target !== first.target) throw new Error(`merge: part ${k + 1} ran on target ${d.environment.target}, part 1 on ${first.target}`);
    for (const r of d.results) {
      const prev = seen.get(r.id);
      if (prev !== undefined) throw new Error(`merge: case ${r.id} appears in part ${prev + 1} and part ${k + 1}`);
      seen.set(r.id, k);
      all.push(r);
    }
  });
  const key = (id: string): number => order(id) ?? Number.POSITIVE_INFINITY;
  all.sort((a, b) => key(a.id) - key(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const starts = docs.map((d) => d.environment.startedAt).sort();
  const ends = docs.map((d) => d.environment.finishedAt).sort();
  const environment: Environment = {
    ...first,
    shard: null,
    jobs: docs.reduce((n, d) => n + d.environment.jobs, 0),
    startedAt: starts[0]!,
    finishedAt: ends[ends.length - 1]!,
    parts: docs.reduce((n, d) => n + (d.environment.parts ?? 1), 0),
  };
  return resultsDocument(environment, all);
}
