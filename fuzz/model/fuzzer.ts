// The model-based sequence fuzzer: fast-check draws a scenario (init's capabilities and a list of
// calls whose arguments come from the rows' argument types), the model compiles and predicts it,
// the reference kernel runs it, and any difference (or broken invariant) fails the property;
// fast-check then shrinks the scenario to a minimal sequence.

import fc from 'fast-check';
import { SEEDED_PRINCIPAL_CAPS, syscall, SYSCALLS, type SyscallRow } from '../../spec/index.js';
import { HANDLERS } from '../../reference-kernel/swiftos/handlers/index.js';
import type { Finding } from '../oracles.js';
import { callArb, rowArb, type CallChoice } from '../types/index.js';
import { EFFECTS } from './effects.js';
import { execute, type Mismatch, type ModelRun } from './execute.js';
import { compile, type Program, type Scenario } from './program.js';

/** Rows the model draws from: every implemented row (its argument checks are predicted for all). */
export const MODEL_ROWS: readonly SyscallRow[] = SYSCALLS.filter((r) => r.support === 'implemented' && HANDLERS[r.name] !== undefined);

/**
 * Profiles: weights by row name for one scenario, and the rows that make the objects the others
 * use (a scenario starts with calls of those, each with probability 4/5). `mixed` draws every row (the rows whose
 * success the model follows ten times as often); the others concentrate on one family of objects
 * so that deep states (a message in flight, a mapping split in two, a full pipe) are reached.
 */
export interface Profile {
  readonly weights: Readonly<Record<string, number>>;
  readonly setup: readonly string[];
}

const CORE = Object.keys(EFFECTS);
const only = (w: Readonly<Record<string, number>>): Readonly<Record<string, number>> =>
  Object.fromEntries(MODEL_ROWS.map((r) => [r.name, w[r.name] ?? 0]));
export const PROFILES: Readonly<Record<string, Profile>> = {
  mixed: { weights: Object.fromEntries(CORE.map((n) => [n, 10])), setup: ['pipe', 'endpoint_create', 'open'] },
  ipc: {
    weights: only({ endpoint_create: 20, ipc_send: 45, ipc_recv: 45, pipe: 8, eventfd: 8, socketpair: 8, dup: 5, close: 6, dup2: 3, read: 5, write: 5, fork: 3 }),
    setup: ['endpoint_create', 'pipe', 'endpoint_create', 'eventfd'],
  },
  memory: { weights: only({ mmap: 40, munmap: 20, mprotect: 25, read: 6, write: 6, fork: 4, eventfd: 3, pipe: 3 }), setup: ['mmap', 'mmap'] },
  files: { weights: only({ open: 40, read: 20, write: 20, close: 10, dup: 8, dup2: 5, fstat: 5, pipe: 5, fork: 2 }), setup: ['open', 'open'] },
  fds: {
    weights: only({ pipe: 10, socketpair: 10, eventfd: 10, dup: 10, dup2: 10, close: 10, read: 12, write: 12, fstat: 4, fork: 4, waitpid: 3, getpid: 2 }),
    setup: ['pipe', 'socketpair', 'eventfd'],
  },
};

export interface ScenarioOptions {
  readonly maxCalls?: number;
  /** Profiles to draw from (default all). */
  readonly profiles?: readonly string[];
}

export function scenarioArb(opts: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const { root, user, guest } = SEEDED_PRINCIPAL_CAPS;
  const caps = fc.oneof({ withCrossShrink: true }, { weight: 8, arbitrary: fc.constant(root) }, { weight: 1, arbitrary: fc.constantFrom(user, guest, 0) });
  const names = opts.profiles ?? Object.keys(PROFILES);
  const max = opts.maxCalls ?? 24;
  const profiles = names.map((name) => {
    const p = PROFILES[name];
    if (p === undefined) throw new Error(`no model profile '${name}' (profiles: ${Object.keys(PROFILES).join(', ')})`);
    const rows = MODEL_ROWS.filter((r) => (p.weights[r.name] ?? 1) > 0);
    // Each setup row with probability 4/5, in order (shrinking drops them).
    const setup = fc.tuple(...p.setup.slice(0, Math.max(0, max - 1)).map((n) => fc.option(rowArb(syscall(n)), { nil: null, freq: 5 })))
      .map((cs) => cs.filter((c): c is CallChoice => c !== null));
    const body = fc.array(callArb(rows, p.weights, name === 'mixed' ? 2 : 0), { minLength: 1, maxLength: Math.max(1, max - p.setup.length) });
    return fc.record({ caps, setup, body }).map(({ caps: c, setup: s, body: b }): Scenario => ({ caps: c, calls: [...s, ...b] }));
  });
  return fc.oneof(...profiles);
}

export interface ScenarioResult {
  readonly program: Program;
  readonly run: ModelRun;
  readonly mismatch: Mismatch | null;
  readonly findings: readonly Finding[];
}

export function runScenario(sc: Scenario, skipKnown = true): ScenarioResult {
  const program = compile(sc, { skipKnown });
  const run = execute(program);
  return { program, run, mismatch: run.mismatch, findings: run.findings };
}

export function failed(r: ScenarioResult): boolean {
  return r.mismatch !== null || r.findings.length > 0;
}

/** One line saying what went wrong. */
export function describeFailure(r: ScenarioResult): string {
  if (r.findings.length > 0) {
    const f = r.findings[0]!;
    return `${f.oracle}: ${f.detail.split('\n')[0]}`;
  }
  if (r.mismatch) return `model: call #${r.mismatch.index} ${r.mismatch.name} returned ${r.mismatch.got}, the spec says ${r.mismatch.expected}`;
  return 'no failure';
}

/** The scenario with only the calls the model kept (dropped calls emit nothing, so it runs the same program). */
export function keptOnly(sc: Scenario, p: Program): Scenario {
  const kept = new Set(p.calls.map((c) => c.index));
  return { caps: sc.caps, calls: sc.calls.filter((_, i) => kept.has(i)) };
}

export interface ModelFinding {
  readonly seed: number;
  readonly scenario: Scenario;
  readonly summary: string;
  readonly oracle: 'model' | Finding['oracle'];
  readonly calls: number;
  readonly clauses: readonly string[];
  /** Runs (generation and shrinking) until the counterexample was final. */
  readonly runs: number;
}

export interface CampaignStats {
  execs: number;
  syscalls: number;
  readonly clauses: Set<string>;
}

export interface ModelCampaignOptions {
  readonly seed: number;
  readonly timeMs: number;
  readonly maxRuns?: number;
  readonly maxCalls?: number;
  readonly profiles?: readonly string[];
  /** Leave out calls that hit a known kernel difference (default true). */
  readonly skipKnown?: boolean;
  readonly stats?: CampaignStats;
  /** Called after every run (throttle inside). */
  readonly onRun?: (stats: CampaignStats) => void;
}

export function newStats(): CampaignStats {
  return { execs: 0, syscalls: 0, clauses: new Set() };
}

/**
 * Runs the property until it fails (then shrinks) or the time is up. Returns the shrunk
 * counterexample as a finding, or null.
 */
export function modelCampaign(opts: ModelCampaignOptions): ModelFinding | null {
  const stats = opts.stats ?? newStats();
  let runs = 0;
  const arb = scenarioArb({ ...(opts.maxCalls !== undefined ? { maxCalls: opts.maxCalls } : {}), ...(opts.profiles ? { profiles: opts.profiles } : {}) });
  const skipKnown = opts.skipKnown ?? true;
  const property = fc.property(arb, (sc) => {
    const r = runScenario(sc, skipKnown);
    runs++;
    stats.execs++;
    stats.syscalls += r.run.syscalls;
    for (const c of r.run.clauses) stats.clauses.add(c);
    opts.onRun?.(stats);
    return !failed(r);
  });
  const out = fc.check(property, {
    seed: opts.seed,
    numRuns: opts.maxRuns ?? 1_000_000_000,
    interruptAfterTimeLimit: opts.timeMs,
    markInterruptAsFailure: false,
    endOnFailure: false,
  });
  if (!out.failed || out.counterexample === null) return null;
  const sc = out.counterexample[0];
  const first = runScenario(sc, skipKnown);
  if (!failed(first)) throw new Error(`model fuzzer: the counterexample does not reproduce (${String(out.errorInstance)})`);
  const minimal = keptOnly(sc, first.program);
  const shorter = runScenario(minimal, skipKnown);
  const r = failed(shorter) ? shorter : first;
  const scenario = failed(shorter) ? minimal : sc;
  return {
    seed: opts.seed,
    scenario,
    summary: describeFailure(r),
    oracle: r.findings.length > 0 ? r.findings[0]!.oracle : 'model',
    calls: r.program.calls.length,
    clauses: [...new Set(r.program.calls.map((c) => c.clause))],
    runs,
  };
}

export type { CallChoice, Scenario };
