// Result and expectation files the tools read back: `touchstone run` results
// (reports/conformance/results.ts parseResults), expectations files
// (conformance/runner/expectations.ts parseExpectations), fuzz campaign, differential and
// coverage summaries (reports/model parseFuzzCampaign, parseDifferential, parseCoverageRun).
// The first byte picks the reader. Documented errors: a plain Error naming the source (results,
// expectations) and InputError (reports/model).

import { parseExpectations } from '../../conformance/runner/expectations.js';
import { parseResults, RESULTS_SCHEMA } from '../../reports/conformance/index.js';
import { InputError } from '../../reports/model/check.js';
import { parseCoverageRun } from '../../reports/model/code-coverage.js';
import { parseDifferential, parseFuzzCampaign } from '../../reports/model/fuzz.js';
import { DIFFERENTIAL_SCHEMA, FUZZ_SCHEMA } from '../../reports/model/types.js';
import { jsonVariants } from './mutate.js';
import type { ByteTarget } from './target.js';
import fc from 'fast-check';

const SOURCE = 'fuzz-input';

export function fuzz(buf: Buffer): void {
  const text = buf.subarray(1).toString('utf8');
  switch ((buf[0] ?? 0) % 5) {
    case 0: parseResults(text, SOURCE); break;
    case 1: parseExpectations(text, SOURCE); break;
    case 2: parseFuzzCampaign(text, SOURCE); break;
    case 3: parseDifferential(text, SOURCE); break;
    default: parseCoverageRun(text, SOURCE); break;
  }
}

/** A plain Error whose message names the input (the readers' own checks), or an InputError. */
export const documented = (err: unknown): boolean =>
  err instanceof InputError || (err instanceof Error && err.constructor === Error && err.message.startsWith(`${SOURCE}: `));

const SAMPLES: readonly unknown[] = [
  {
    schema: RESULTS_SCHEMA, environment: { target: 'reference', touchstone: '0.1.0' },
    results: [{ id: 'abi/x/y', area: 'abi', status: 'pass', ms: 1, clauses: ['ABI.TRAP'], failures: [], reached: [] }],
  },
  { $comment: 'known', 'abi/x/y': { status: 'fail', reason: 'why' } },
  {
    schema: FUZZ_SCHEMA, startedAt: '2026-01-01T00:00:00Z', target: 'reference',
    engines: [{ engine: 'raw', seed: 1, seconds: 1, execs: 2, syscalls: 3, findings: 0 }],
    timeline: [{ t: 0, execs: 0, clausesReached: 0, findings: 0 }], clausesReached: ['FD.BADF'], findings: [],
  },
  { schema: DIFFERENTIAL_SCHEMA, startedAt: '2026-01-01T00:00:00Z', targets: ['reference', 'other'], programs: 1, agreed: 1, differences: [] },
  {
    schema: 'touchstone-coverage/1', generatedAt: 'x', cases: 1, seconds: 1, notPassed: 0, rowTranslations: { ADD_imm: 1 },
    folders: [{ folder: 'cpu', files: 1, lines: { total: 1, covered: 1, pct: 100 }, branches: { total: 1, covered: 1, pct: 100 }, functions: { total: 1, covered: 1, pct: 100 }, statements: { total: 1, covered: 1, pct: 100 } }],
  },
];

const enc = new TextEncoder();
const withTag = (tag: number, body: Uint8Array): Uint8Array => Uint8Array.from([tag, ...body]);

function seeds(): Uint8Array[] {
  return SAMPLES.map((s, i) => withTag(i, enc.encode(JSON.stringify(s))));
}

export const resultsJsonTarget: ByteTarget = {
  name: 'results-json',
  parser: 'reports/conformance parseResults, conformance/runner parseExpectations, reports/model parseFuzzCampaign/parseDifferential/parseCoverageRun',
  documentedError: 'Error naming the input (results, expectations) or InputError (reports/model)',
  fuzz,
  documented,
  seeds,
  structured: () => fc.oneof(...SAMPLES.map((s, i) => jsonVariants(s).map((b) => withTag(i, b)))),
};
