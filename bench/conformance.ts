import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseDef } from '../conformance/model.js';
import { CaseProgram } from '../conformance/program/builder.js';
import { allCases } from '../conformance/registry.js';
import { executeCase } from '../conformance/runner/index.js';
import { referenceTarget } from '../conformance/targets/index.js';
import { median } from './stats.js';

export interface ConformanceBench {
  readonly cases: number;
  /** `touchstone run --jobs N` as a user runs it (a fresh process: loading, builds, workers), median over repeats, by N. */
  readonly suite: readonly { readonly jobs: number; readonly seconds: number; readonly casesPerSecond: number }[];
  readonly failing: number;
  /** A minimal case (plan line and exit) through executeCase: build + boot + run + teardown + evaluate. */
  readonly overheadMs: number;
  /** The same case's build alone and target run alone (boot + teardown). */
  readonly buildMs: number;
  readonly runMs: number;
}

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');

/** One `touchstone run --jobs N` in a child process: wall seconds and the cases that did not pass. */
function runSuiteProcess(jobs: number): { seconds: number; failing: number } {
  const out = mkdtempSync(join(tmpdir(), 'touchstone-bench-'));
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, 'run', '--jobs', String(jobs), '--out', out], {
      stdio: 'ignore', env: { ...process.env, CI: 'true' },
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.error) throw r.error;
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { summary: { total: number; byStatus: Record<string, number> } };
    return { seconds, failing: doc.summary.total - (doc.summary.byStatus['pass'] ?? 0) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A case that only prints its empty plan and exits: what every case costs before it checks anything. */
function minimalCase(): CaseDef {
  return {
    id: 'bench/minimal', area: 'bench', description: 'prints 1..0 and exits 0', clauses: [], rows: [],
    build: () => ({ program: new CaseProgram().finish(), files: [], boot: {}, assertions: [], verdict: { kind: 'exit', status: 0 } }),
  };
}

function perCall(n: number, f: () => void): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t0) / 1e6 / n;
}

/** Times the whole suite as users run it (1 and 2 jobs) and the fixed per-case cost, medians of `repeats`. */
export function benchConformance(repeats: number, iterations = 300): ConformanceBench {
  const cases = allCases().length;
  let failing = 0;
  const suite = [1, 2].map((jobs) => {
    const seconds = median(Array.from({ length: repeats }, () => {
      const r = runSuiteProcess(jobs);
      failing = Math.max(failing, r.failing);
      return r.seconds;
    }));
    return { jobs, seconds, casesPerSecond: cases / seconds };
  });
  const def = minimalCase();
  const built = def.build();
  perCall(50, () => executeCase(minimalCase(), referenceTarget));
  const overhead = Array.from({ length: repeats }, () => perCall(iterations, () => executeCase(minimalCase(), referenceTarget)));
  const build = Array.from({ length: repeats }, () => perCall(iterations, () => def.build()));
  const run = Array.from({ length: repeats }, () => perCall(iterations, () => referenceTarget.run(built)));
  return { cases, suite, failing, overheadMs: median(overhead), buildMs: median(build), runMs: median(run) };
}

export function formatConformanceBench(r: ConformanceBench): string {
  return [
    ...r.suite.map((s) =>
      `conformance ${String(r.cases).padStart(7)} cases  ${s.seconds.toFixed(3).padStart(7)} s  ${s.casesPerSecond.toFixed(0).padStart(6)} cases/s (touchstone run --jobs ${s.jobs}${r.failing ? `, ${r.failing} NOT PASSING` : ''})`),
    `            per-case overhead ${r.overheadMs.toFixed(3)} ms (minimal case: build ${r.buildMs.toFixed(3)} ms + boot/run/teardown ${r.runMs.toFixed(3)} ms + evaluate)`,
  ].join('\n');
}
