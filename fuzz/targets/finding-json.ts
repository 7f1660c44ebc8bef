// Fuzz finding files (fuzz/finding.ts parseFinding), which `touchstone replay FILE` and npm test
// read. Documented error: FindingFormatError.

import fc from 'fast-check';
import { FINDING_SCHEMA, FindingFormatError, parseFinding } from '../finding.js';
import { jsonVariants } from './mutate.js';
import type { ByteTarget } from './target.js';

export function fuzz(buf: Buffer): void {
  parseFinding(buf.toString('utf8'), 'fuzz-input');
}

export const documented = (err: unknown): boolean => err instanceof FindingFormatError;

const SAMPLES: readonly unknown[] = [
  {
    schema: FINDING_SCHEMA, engine: 'model', summary: 's', oracle: 'model', expect: 'passes', clauses: [], seed: 1, skipKnown: true,
    scenario: { caps: 63, calls: [{ row: 'getpid', args: [] }, { nr: 250, regs: ['0', '1', '2', '3', '4', '5'] }] },
  },
  { schema: FINDING_SCHEMA, engine: 'raw', summary: 's', oracle: 'none', expect: 'passes', clauses: [], seed: 1, rawSeed: '42', calls: 10 },
  { schema: FINDING_SCHEMA, engine: 'jsfuzz', summary: 's', oracle: 'crash', expect: 'passes', clauses: [], seed: 1, target: 'tap', input: 'b2sgMQ==' },
];

function seeds(): Uint8Array[] {
  return SAMPLES.map((s) => new TextEncoder().encode(JSON.stringify(s)));
}

export const findingJsonTarget: ByteTarget = {
  name: 'finding-json',
  parser: 'fuzz/finding.ts parseFinding (finding and seed corpus files)',
  documentedError: 'FindingFormatError',
  fuzz,
  documented,
  seeds,
  structured: () => fc.oneof(...SAMPLES.map((s) => jsonVariants(s))),
};
