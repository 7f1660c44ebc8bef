import { describe, expect, it } from 'vitest';
import { allCases, GENERATORS } from './registry.js';
import { runSuite } from './runner/index.js';
import { referenceTarget } from './targets/index.js';

/** The whole suite on the reference kernel, in process: `npm test` runs the conformance suite here. */
describe('conformance suite on the reference kernel', () => {
  it('every generator contributes cases and every id is unique', () => {
    for (const g of GENERATORS) expect(allCases().filter((c) => c.area === g.area).length, `area ${g.area}`).toBeGreaterThan(0);
    expect(new Set(allCases().map((c) => c.id)).size).toBe(allCases().length);
  });

  it('every case passes', async () => {
    const run = await runSuite({ target: referenceTarget, jobs: 1 });
    const bad = run.results.filter((r) => r.status !== 'pass');
    const message = bad
      .slice(0, 20)
      .map((r) => `${r.id}: ${r.status}: ${r.reason.split('\n')[0]}${r.failures.map((f) => `\n    not ok ${f.n} - ${f.description} [${f.clauses.join(', ')}] # ${f.got}`).join('')}`)
      .join('\n');
    expect(run.results.length).toBe(allCases().length);
    expect(bad.length, `${bad.length} case(s) did not pass (replay: npx touchstone replay <id> --trace):\n${message}`).toBe(0);
  }, 600_000);
});
