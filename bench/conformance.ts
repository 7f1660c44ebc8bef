import type { CaseDef } from '../conformance/model.js';
import { CaseProgram } from '../conformance/program/builder.js';
import { allCases } from '../conformance/registry.js';
import { executeCase } from '../conformance/runner/index.js';
import { referenceTarget } from '../conformance/targets/index.js';
import { median } from './stats.js';

export interface ConformanceBench {
  readonly cases: number;
  /** Whole suite, in process on one core, builds included (median over repeats). */
  readonly suiteSeconds: number;
  readonly casesPerSecond: number;
  readonly failing: number;
  /** A minimal case (plan line and exit) through executeCase: build + boot + run + teardown + evaluate. */
  readonly overheadMs: number;
  /** The same case's build alone and target run alone (boot + teardown). */
  readonly buildMs: number;
  readonly runMs: number;
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

/** Times the whole suite (fresh builds each repeat) and the fixed per-case cost, medians of `repeats`. */
export function benchConformance(repeats: number, iterations = 300): ConformanceBench {
  const cases = allCases();
  let failing = 0;
  const suite = Array.from({ length: repeats }, () => {
    // New CaseDef objects so executeCase's build cache misses: the measured time includes builds.
    const fresh = cases.map((c): CaseDef => ({ ...c, build: () => c.build() }));
    const t0 = process.hrtime.bigint();
    failing = fresh.filter((c) => executeCase(c, referenceTarget).result.status !== 'pass').length;
    return Number(process.hrtime.bigint() - t0) / 1e9;
  });
  const def = minimalCase();
  const built = def.build();
  perCall(50, () => executeCase(minimalCase(), referenceTarget));
  const overhead = Array.from({ length: repeats }, () => perCall(iterations, () => executeCase(minimalCase(), referenceTarget)));
  const build = Array.from({ length: repeats }, () => perCall(iterations, () => def.build()));
  const run = Array.from({ length: repeats }, () => perCall(iterations, () => referenceTarget.run(built)));
  const suiteSeconds = median(suite);
  return {
    cases: cases.length,
    suiteSeconds,
    casesPerSecond: cases.length / suiteSeconds,
    failing,
    overheadMs: median(overhead),
    buildMs: median(build),
    runMs: median(run),
  };
}

export function formatConformanceBench(r: ConformanceBench): string {
  return [
    `conformance ${String(r.cases).padStart(7)} cases  ${r.suiteSeconds.toFixed(3).padStart(7)} s  ${r.casesPerSecond.toFixed(0).padStart(6)} cases/s (in process, 1 core${r.failing ? `, ${r.failing} NOT PASSING` : ''})`,
    `            per-case overhead ${r.overheadMs.toFixed(3)} ms (minimal case: build ${r.buildMs.toFixed(3)} ms + boot/run/teardown ${r.runMs.toFixed(3)} ms + evaluate)`,
  ].join('\n');
}
