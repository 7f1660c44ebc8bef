import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allCases } from '../../conformance/registry.js';
import { parseCoverageRun } from '../model/code-coverage.js';
import { COVERAGE_SUMMARY } from '../paths.js';
import { runCoverage } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'touchstone-coverage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runCoverage (compiled dist/, one area)', () => {
  it('writes istanbul HTML, lcov and a summary per folder of the TypeScript sources, with instruction-row counts', async () => {
    const lines: string[] = [];
    const run = await runCoverage({ dir, area: 'abi', jobs: 2, log: (l) => lines.push(l) });
    expect(run.cases).toBe(allCases().filter((c) => c.area === 'abi').length);
    expect(run.notPassed).toBeLessThanOrEqual(run.cases);
    for (const f of ['index.html', 'lcov.info', 'coverage-summary.json', COVERAGE_SUMMARY]) expect(existsSync(join(dir, f))).toBe(true);
    expect(parseCoverageRun(readFileSync(join(dir, COVERAGE_SUMMARY), 'utf8'), 'summary')).toEqual(run);
    const top = run.folders.filter((f) => !f.folder.includes('/')).map((f) => f.folder);
    expect(top).toEqual(['reference-kernel', 'cpu']);
    const kernel = run.folders[0]!;
    expect(kernel.lines.covered).toBeGreaterThan(0);
    expect(kernel.lines.covered).toBeLessThan(kernel.lines.total);
    expect(run.folders.some((f) => f.folder === 'reference-kernel/swiftos/handlers')).toBe(true);
    const lcov = readFileSync(join(dir, 'lcov.info'), 'utf8');
    expect(lcov).toMatch(/^SF:.*reference-kernel\/swiftos\/kernel\.ts$/m);
    expect(lcov).not.toMatch(/^SF:.*\.test\.ts$/m);
    expect(Object.keys(run.rowTranslations).length).toBeGreaterThan(5);
    expect(lines.at(-1)).toMatch(/^coverage: done in /);
  });
});
