// A fuzz campaign: each chosen engine for its share of the time, live statistics (execs, syscalls,
// clauses the kernel named, findings), every new finding minimized and written as a replayable
// case, and a summary in the shape reports/ reads (reports/model/types.ts FuzzCampaignFile).

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FUZZ_SCHEMA, type FuzzCampaignFile, type FuzzEngineStats, type FuzzFinding } from '../reports/model/types.js';
import { findingId, writeFinding } from './corpus.js';
import { readFinding, type FindingCase } from './finding.js';
import type { Target } from '../conformance/targets/index.js';
import { differentialCampaign, fuzzTarget, type Difference } from './differential/diff.js';
import { jsfuzzCli, runJsfuzz } from './jsfuzz/runner.js';
import { describeFailure, failed, keptOnly, modelCampaign, newStats, runScenario, type CampaignStats } from './model/fuzzer.js';
import { plant } from './model/plant.js';
import type { Scenario } from './model/program.js';
import { runRaw } from './raw/engine.js';
import { BYTE_TARGETS, type ByteTarget } from './targets/index.js';

export type Engine = 'model' | 'raw' | 'jsfuzz';
export const ENGINES: readonly Engine[] = ['model', 'raw', 'jsfuzz'];

export interface LiveStats {
  readonly engine: Engine;
  readonly elapsed: number;
  readonly budget: number;
  readonly execs: number;
  readonly syscalls: number;
  readonly clauses: number;
  readonly findings: number;
}

export interface CampaignOptions {
  readonly engines: readonly Engine[];
  /** Total time, split evenly between the engines. */
  readonly seconds: number;
  readonly seed: number;
  /** The model engine's programs also run here, and differences are findings (differential mode). */
  readonly target: string;
  readonly findingsDir: string;
  /** jsfuzz's growing corpus, per target. */
  readonly corpusDir: string;
  /** A bug planted in the reference kernel for the whole campaign (fuzz/model/plant.ts); model findings record it. */
  readonly plant?: string;
  readonly onTick?: (s: LiveStats) => void;
  readonly onFinding?: (f: FuzzFinding) => void;
}

export interface CampaignResult {
  readonly summary: FuzzCampaignFile;
  /** Set when the model engine ran against a second target. */
  readonly differential: DifferentialSummary | null;
  readonly notes: readonly string[];
  /** Findings whose file did not exist before this campaign. */
  readonly fresh: number;
}

/** A finding's identity across runs: its oracle and summary without numbers. */
function signature(f: FindingCase): string {
  return `${f.engine}:${f.oracle}:${f.summary.replace(/0x[0-9a-f]+|\d+/g, '#')}`;
}

class Recorder {
  readonly findings: FuzzFinding[] = [];
  fresh = 0;
  private readonly seen = new Set<string>();
  readonly clauses = new Set<string>();
  readonly timeline: { t: number; execs: number; clausesReached: number; findings: number }[] = [];
  totalExecs = 0;
  private lastSample = -Infinity;
  private lastTick = -Infinity;
  private readonly started = performance.now();

  constructor(private readonly opts: CampaignOptions) {}

  elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** Keeps a new finding (written to the findings folder); false for one seen in this campaign. */
  add(f: FindingCase, calls: number): boolean {
    const sig = signature(f);
    if (this.seen.has(sig)) return false;
    this.seen.add(sig);
    if (!findingExists(this.opts.findingsDir, f)) this.fresh++;
    const file = writeFinding(this.opts.findingsDir, f);
    const entry: FuzzFinding = { id: findingId(f), engine: f.engine, seed: f.seed, file, summary: f.summary, calls, clauses: f.clauses };
    this.findings.push(entry);
    this.opts.onFinding?.(entry);
    return true;
  }

  sample(engineExecs: number, force = false): void {
    const t = this.elapsed();
    if (!force && t - this.lastSample < 1) return;
    this.lastSample = t;
    this.timeline.push({ t: Math.round(t * 10) / 10, execs: this.totalExecs + engineExecs, clausesReached: this.clauses.size, findings: this.findings.length });
  }

  tick(s: Omit<LiveStats, 'clauses' | 'findings'>, force = false): void {
    const now = performance.now();
    this.sample(s.execs);
    if (!force && now - this.lastTick < 250) return;
    this.lastTick = now;
    this.opts.onTick?.({ ...s, clauses: this.clauses.size, findings: this.findings.length });
  }
}

// ---- model -------------------------------------------------------------------------------------

/** Drops calls one at a time (last first) while the scenario still fails the same way. */
export function minimizeScenario(sc: Scenario, skipKnown = true): Scenario {
  const run = (x: Scenario): ReturnType<typeof runScenario> => runScenario(x, skipKnown);
  const first = run(sc);
  if (!failed(first)) return sc;
  const oracle = (r: ReturnType<typeof runScenario>): string => (r.findings[0]?.oracle ?? (r.mismatch ? `model:${r.mismatch.name}` : 'none'));
  const want = oracle(first);
  let cur = keptOnly(sc, first.program);
  if (oracle(run(cur)) !== want) cur = sc;
  for (let i = cur.calls.length - 1; i >= 0; i--) {
    const next = { caps: cur.caps, calls: cur.calls.filter((_, j) => j !== i) };
    if (next.calls.length > 0 && oracle(run(next)) === want) cur = next;
  }
  return cur;
}

function modelFindingCase(seed: number, scenario: Scenario, planted: string | undefined): { f: FindingCase; calls: number } {
  const r = runScenario(scenario);
  return {
    f: {
      schema: 'touchstone-fuzz-finding/1', engine: 'model', seed, scenario, skipKnown: true, expect: 'reproduces',
      ...(planted !== undefined ? { plant: planted } : {}),
      summary: describeFailure(r), oracle: r.findings[0]?.oracle ?? 'model', clauses: [...new Set(r.program.calls.map((c) => c.clause))],
    },
    calls: r.program.calls.length,
  };
}

function runModel(opts: CampaignOptions, rec: Recorder, budget: number): FuzzEngineStats {
  const stats: CampaignStats = newStats();
  const start = rec.elapsed();
  let seed = opts.seed;
  const onRun = (s: CampaignStats): void => {
    for (const c of s.clauses) rec.clauses.add(c);
    s.clauses.clear();
    rec.tick({ engine: 'model', elapsed: rec.elapsed() - start, budget, execs: s.execs, syscalls: s.syscalls });
  };
  while (rec.elapsed() - start < budget) {
    const left = (budget - (rec.elapsed() - start)) * 1000;
    const found = modelCampaign({ seed, timeMs: left, stats, onRun });
    if (found) {
      const { f, calls } = modelFindingCase(seed, minimizeScenario(found.scenario), opts.plant);
      rec.add(f, calls);
    }
    seed++;
  }
  rec.totalExecs += stats.execs;
  return { engine: 'model', seed: opts.seed, seconds: rec.elapsed() - start, execs: stats.execs, syscalls: stats.syscalls, findings: rec.findings.filter((f) => f.engine === 'model').length };
}

// ---- raw ---------------------------------------------------------------------------------------

const RAW_CALLS = 2000;

export function rawSeed(campaignSeed: number, i: number): bigint {
  return BigInt.asUintN(64, (BigInt(campaignSeed) << 32n) + BigInt(i) + 1n) * 0x9e37_79b9_7f4a_7c15n % (1n << 64n) || 1n;
}

/** The fewest calls of the guest for `seed` that still break `oracle` (the stream is the same, only shorter). */
export function minimizeRaw(seed: bigint, calls: number, oracle: string): number {
  let lo = 1;
  let hi = calls;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const r = runRaw({ seed, calls: mid });
    const hit = r.findings.some((f) => f.oracle === oracle) || (oracle === 'panic' && r.verdict.kind === 'panic');
    if (hit) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function runRawEngine(opts: CampaignOptions, rec: Recorder, budget: number): FuzzEngineStats {
  const start = rec.elapsed();
  let execs = 0;
  let syscalls = 0;
  for (let i = 0; rec.elapsed() - start < budget; i++) {
    const seed = rawSeed(opts.seed, i);
    const r = runRaw({ seed, calls: RAW_CALLS, onEvent: (e) => e.clause && rec.clauses.add(e.clause) });
    execs++;
    syscalls += r.syscalls;
    const problems = [...r.findings.map((f) => ({ oracle: f.oracle, detail: f.detail })), ...(r.verdict.kind === 'panic' ? [{ oracle: 'panic' as const, detail: r.verdict.detail }] : [])];
    if (problems.length > 0) {
      const p = problems[0]!;
      const calls = minimizeRaw(seed, RAW_CALLS, p.oracle);
      rec.add({
        schema: 'touchstone-fuzz-finding/1', engine: 'raw', seed: opts.seed, rawSeed: String(seed), calls, expect: 'reproduces',
        summary: `${p.oracle}: ${p.detail.split('\n')[0]}`, oracle: p.oracle, clauses: [],
      }, calls);
    }
    rec.tick({ engine: 'raw', elapsed: rec.elapsed() - start, budget, execs, syscalls });
  }
  rec.totalExecs += execs;
  return { engine: 'raw', seed: opts.seed, seconds: rec.elapsed() - start, execs, syscalls, findings: rec.findings.filter((f) => f.engine === 'raw').length };
}

// ---- jsfuzz ------------------------------------------------------------------------------------

/** Runs one byte target on `n` fast-check inputs (random bytes and edited seeds); the first undocumented throw, if any. */
export function byteCheck(t: ByteTarget, seed: number, n: number): { input: Uint8Array; error: string } | null {
  const arb = fc.oneof(fc.uint8Array({ maxLength: 1024 }), ...(t.structured ? [t.structured(), t.structured()] : []));
  let error = '';
  const out = fc.check(fc.property(arb, (b) => {
    try {
      t.fuzz(Buffer.from(b));
    } catch (err) {
      if (t.documented(err)) return;
      error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw err;
    }
  }), { seed, numRuns: n });
  return out.failed && out.counterexample ? { input: out.counterexample[0], error: error.split('\n')[0]! } : null;
}

/** Open byte findings already in the findings folder, by target: a test for errors of the same bug. */
interface KnownBug {
  readonly finding: FindingCase;
  readonly same: (error: string) => boolean;
}

function knownByteBugs(dir: string): Map<string, KnownBug[]> {
  const out = new Map<string, KnownBug[]>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    let f: FindingCase;
    try {
      f = readFinding(join(dir, name));
    } catch {
      continue;
    }
    if (f.engine !== 'jsfuzz' || f.expect !== 'reproduces') continue;
    const message = f.summary.replace(/^[^:]+: undocumented /, '');
    const pattern = f.match !== undefined ? new RegExp(f.match) : null;
    out.set(f.target, [...(out.get(f.target) ?? []), { finding: f, same: (e) => e === message || (pattern !== null && pattern.test(e)) }]);
  }
  return out;
}

function bytesFinding(t: ByteTarget, seed: number, input: Uint8Array, error: string): FindingCase {
  return {
    schema: 'touchstone-fuzz-finding/1', engine: 'jsfuzz', seed, target: t.name, input: Buffer.from(input).toString('base64'),
    expect: 'reproduces', summary: `${t.name}: undocumented ${error}`, oracle: 'crash', clauses: [],
  };
}

function crashError(t: ByteTarget, input: Uint8Array): string | null {
  try {
    t.fuzz(Buffer.from(input));
    return null;
  } catch (err) {
    return t.documented(err) ? null : (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).split('\n')[0]!;
  }
}

/** Fast-check inputs per byte target in every campaign (structure-aware: edited seeds, JSON variants). */
const STRUCTURED_RUNS = 300;
/** jsfuzz needs a few seconds per target to start (it instruments the parsers) and get going. */
const JSFUZZ_MIN_SECONDS = 5;

async function runBytes(opts: CampaignOptions, rec: Recorder, budget: number, notes: string[]): Promise<FuzzEngineStats> {
  const start = rec.elapsed();
  const known = knownByteBugs(opts.findingsDir);
  // An error of a bug already on file (its message, or its `match` pattern) is that finding again.
  const add = (t: ByteTarget, input: Uint8Array, error: string): void => {
    const bug = (known.get(t.name) ?? []).find((k) => k.same(error));
    rec.add(bug?.finding ?? bytesFinding(t, opts.seed, input, error), 1);
  };
  let execs = 0;
  for (const t of BYTE_TARGETS) {
    const hit = byteCheck(t, opts.seed, STRUCTURED_RUNS);
    execs += STRUCTURED_RUNS;
    if (hit) add(t, hit.input, hit.error);
    rec.tick({ engine: 'jsfuzz', elapsed: rec.elapsed() - start, budget, execs, syscalls: 0 });
  }
  if (jsfuzzCli() === null) notes.push('jsfuzz is not installed: the byte targets ran under fast-check only');
  else {
    // jsfuzz on as many targets as the time allows, starting at one the seed picks (campaigns rotate).
    const left = budget - (rec.elapsed() - start);
    const k = Math.max(1, Math.min(BYTE_TARGETS.length, Math.floor(left / JSFUZZ_MIN_SECONDS)));
    if (k < BYTE_TARGETS.length) notes.push(`jsfuzz ran on ${k} of ${BYTE_TARGETS.length} byte targets (give more --time for all)`);
    for (let i = 0; i < k; i++) {
      const t = BYTE_TARGETS[(opts.seed + i) % BYTE_TARGETS.length]!;
      const seconds = (budget - (rec.elapsed() - start)) / (k - i);
      if (seconds < 1) break;
      const base = execs;
      const r = await runJsfuzz(t.name, seconds, join(opts.corpusDir, t.name), (s) => {
        rec.tick({ engine: 'jsfuzz', elapsed: rec.elapsed() - start, budget, execs: base + s.execs, syscalls: 0 });
      });
      execs += r.stats.execs;
      if (!r.crash && r.seconds < seconds / 2) notes.push(`jsfuzz stopped after ${r.seconds.toFixed(1)} s of ${seconds.toFixed(1)} s on ${t.name}: ${r.tail.slice(-3).join(' / ')}`);
      if (r.crash) {
        const err = crashError(t, r.crash);
        if (err) add(t, r.crash, err);
        else notes.push(`jsfuzz reported a crash on ${t.name} that does not reproduce in process: ${r.tail.slice(-3).join(' / ')}`);
      }
    }
  }
  rec.tick({ engine: 'jsfuzz', elapsed: rec.elapsed() - start, budget, execs, syscalls: 0 }, true);
  rec.totalExecs += execs;
  return { engine: 'jsfuzz', seed: opts.seed, seconds: rec.elapsed() - start, execs, syscalls: 0, findings: rec.findings.filter((f) => f.engine === 'jsfuzz').length };
}

// ---- differential -----------------------------------------------------------------------------

export interface DifferentialSummary {
  readonly programs: number;
  readonly agreed: number;
  readonly differences: readonly { readonly id: string; readonly file: string; readonly seed: number; readonly difference: Difference }[];
}

function runDifferentialEngine(opts: CampaignOptions, rec: Recorder, budget: number, other: Target): { stats: FuzzEngineStats; summary: DifferentialSummary } {
  const reference = fuzzTarget('reference')!;
  const start = rec.elapsed();
  let programs = 0;
  let agreed = 0;
  let syscalls = 0;
  const differences: DifferentialSummary['differences'][number][] = [];
  for (let seed = opts.seed; rec.elapsed() - start < budget; seed++) {
    const base = { programs, syscalls };
    const d = differentialCampaign({
      seed, timeMs: (budget - (rec.elapsed() - start)) * 1000, a: reference, b: other,
      onRun: (p, s, clauses) => {
        for (const c of clauses) rec.clauses.add(c);
        rec.tick({ engine: 'model', elapsed: rec.elapsed() - start, budget, execs: base.programs + p, syscalls: base.syscalls + s });
      },
    });
    programs += d.programs;
    agreed += d.agreed;
    syscalls += d.syscalls;
    if (!d.found) continue;
    const { difference } = d.found;
    const f: FindingCase = {
      schema: 'touchstone-fuzz-finding/1', engine: 'differential', seed, scenario: d.found.scenario, targets: ['reference', other.name],
      expect: 'reproduces', summary: `reference and ${other.name} differ at ${difference.where}: ${difference.a} vs ${difference.b}`,
      oracle: 'differential', clauses: [...difference.clauses],
    };
    if (rec.add(f, d.found.calls)) differences.push({ id: findingId(f), file: rec.findings[rec.findings.length - 1]!.file, seed, difference });
  }
  rec.totalExecs += programs;
  return {
    stats: { engine: 'model', seed: opts.seed, seconds: rec.elapsed() - start, execs: programs, syscalls, findings: differences.length },
    summary: { programs, agreed, differences },
  };
}

// ---- the campaign ------------------------------------------------------------------------------

export async function runCampaign(opts: CampaignOptions): Promise<CampaignResult> {
  const undo = opts.plant !== undefined ? plant(opts.plant) : null;
  try {
    return await campaign(opts);
  } finally {
    undo?.();
  }
}

async function campaign(opts: CampaignOptions): Promise<CampaignResult> {
  const startedAt = new Date().toISOString();
  const rec = new Recorder(opts);
  const notes: string[] = [];
  const engines: FuzzEngineStats[] = [];
  let differential: CampaignResult['differential'] = null;
  const diffTarget = opts.target === 'reference' ? null : fuzzTarget(opts.target);
  if (opts.target !== 'reference' && !diffTarget) throw new Error(`unknown target '${opts.target}'`);
  const share = opts.seconds / opts.engines.length;
  for (const engine of opts.engines) {
    rec.sample(0, true);
    if (engine === 'model' && diffTarget) {
      const d = runDifferentialEngine(opts, rec, share, diffTarget);
      differential = d.summary;
      engines.push(d.stats);
    } else if (engine === 'model') engines.push(runModel(opts, rec, share));
    else if (engine === 'raw') engines.push(runRawEngine(opts, rec, share));
    else engines.push(await runBytes(opts, rec, share, notes));
  }
  rec.sample(0, true);
  const summary: FuzzCampaignFile = {
    schema: FUZZ_SCHEMA, startedAt, target: opts.target, engines, timeline: rec.timeline, clausesReached: [...rec.clauses].sort(), findings: rec.findings,
  };
  return { summary, differential, notes, fresh: rec.fresh };
}

export function findingExists(dir: string, f: FindingCase): boolean {
  return existsSync(join(dir, `${findingId(f)}.json`));
}
