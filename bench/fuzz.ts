// Fuzzer throughput on one core (this process): the raw-register fuzzer's syscalls per second
// (target ≥ 20,000/s, issue 5) and the model-based fuzzer's programs per second.

import fc from 'fast-check';
import { runScenario, scenarioArb } from '../fuzz/model/fuzzer.js';
import { runRaw } from '../fuzz/raw/engine.js';
import { median } from './stats.js';

export interface FuzzBench {
  readonly rawSyscallsPerSecond: number;
  readonly rawRunsPerSecond: number;
  readonly modelExecsPerSecond: number;
  readonly modelSyscallsPerSecond: number;
  readonly seconds: number;
}

const RAW_TARGET = 20_000;

function timed(seconds: number, step: (i: number) => number): { runs: number; units: number; seconds: number } {
  const t0 = performance.now();
  let runs = 0;
  let units = 0;
  while ((performance.now() - t0) / 1000 < seconds) units += step(runs++);
  return { runs, units, seconds: (performance.now() - t0) / 1000 };
}

export function benchFuzz(repeats: number, seconds = 3): FuzzBench {
  const raw = Array.from({ length: repeats }, (_, r) => timed(seconds, (i) => runRaw({ seed: BigInt(r * 100_000 + i + 1) * 0x9e37_79b9n, calls: 2000 }).syscalls));
  const scenarios = fc.sample(scenarioArb(), { seed: 1, numRuns: 2000 });
  const model = Array.from({ length: repeats }, () => timed(seconds, (i) => runScenario(scenarios[i % scenarios.length]!).run.syscalls));
  return {
    rawSyscallsPerSecond: Math.round(median(raw.map((x) => x.units / x.seconds))),
    rawRunsPerSecond: Math.round(median(raw.map((x) => x.runs / x.seconds))),
    modelExecsPerSecond: Math.round(median(model.map((x) => x.runs / x.seconds))),
    modelSyscallsPerSecond: Math.round(median(model.map((x) => x.units / x.seconds))),
    seconds,
  };
}

export function formatFuzzBench(b: FuzzBench): string {
  const ok = b.rawSyscallsPerSecond >= RAW_TARGET ? 'meets' : 'BELOW';
  return [
    `raw fuzzer  ${b.rawSyscallsPerSecond.toLocaleString('en')} syscalls/s on one core (${b.rawRunsPerSecond} runs of 2,000 calls/s; ${ok} the ${RAW_TARGET.toLocaleString('en')}/s target)`,
    `model fuzzer ${b.modelExecsPerSecond} programs/s, ${b.modelSyscallsPerSecond.toLocaleString('en')} syscalls/s (compile + boot + run + compare)`,
  ].join('\n');
}
