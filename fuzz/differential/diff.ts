// Differential mode: the model's generated programs run on two targets (conformance/targets: the
// reference and any other Target), and any difference in how the run ended or in the results array
// the program writes to fd 1 is a finding. fast-check shrinks a differing scenario like any other.

import fc from 'fast-check';
import type { BuiltCase } from '../../conformance/model.js';
import { referenceTarget, targetByName, TARGETS, type Outcome, type Target } from '../../conformance/targets/index.js';
import { describeRet } from '../model/execute.js';
import { scenarioArb } from '../model/fuzzer.js';
import { plant, PLANTS } from '../model/plant.js';
import { compile, identityFor, type Program, type Scenario } from '../model/program.js';

export interface Difference {
  /** Where the targets parted: a call, the verdict, the console. */
  readonly where: string;
  readonly a: string;
  readonly b: string;
  /** The clause the model names for the differing call (empty for the verdict). */
  readonly clauses: readonly string[];
}

/** A model program as a case any target can run: it exits 0 after writing its results to fd 1. */
export function asCase(p: Program): BuiltCase {
  return {
    program: p.elf,
    files: [],
    boot: { identity: identityFor(p.caps), maxInstructions: 5_000_000, memoryBytes: 16 << 20 },
    assertions: [],
    verdict: { kind: 'exit', status: 0 },
  };
}

function verdictText(o: Outcome): string {
  const v = o.verdict;
  switch (v.kind) {
    case 'exit': return `exit ${v.status}`;
    case 'signal': return `signal ${v.signal}`;
    default: return v.kind;
  }
}

function words(console: Uint8Array): bigint[] {
  const out: bigint[] = [];
  const view = new DataView(console.buffer, console.byteOffset, console.byteLength);
  for (let at = 0; at + 8 <= console.length; at += 8) out.push(view.getBigInt64(at, true));
  return out;
}

/** The first difference between two targets' outcomes of `p`, or null. */
export function compareOutcomes(p: Program, a: Outcome, b: Outcome): Difference | null {
  const wa = words(a.console);
  const wb = words(b.console);
  for (const c of p.calls) {
    for (let k = 0; k < c.expect.length; k++) {
      const x = wa[c.first + k];
      const y = wb[c.first + k];
      if (x !== y) {
        return { where: `call #${c.index} ${c.name}`, a: x === undefined ? 'no result' : describeRet(x), b: y === undefined ? 'no result' : describeRet(y), clauses: [c.clause] };
      }
    }
  }
  if (verdictText(a) !== verdictText(b)) return { where: 'verdict', a: verdictText(a), b: verdictText(b), clauses: [] };
  if (a.console.length !== b.console.length) return { where: 'console', a: `${a.console.length} bytes`, b: `${b.console.length} bytes`, clauses: [] };
  return null;
}

/** A target by name: those of conformance/targets, or `planted:<bug>` (the reference with a planted bug, for tests and demos). */
export function fuzzTarget(name: string): Target | undefined {
  if (name.startsWith('planted:')) {
    const bug = name.slice('planted:'.length);
    if (PLANTS[bug] === undefined) return undefined;
    return {
      name,
      supports: (row) => referenceTarget.supports(row),
      run: (c, o) => {
        const undo = plant(bug);
        try {
          return referenceTarget.run(c, o);
        } finally {
          undo();
        }
      },
    };
  }
  return targetByName(name);
}

export function targetNames(): string[] {
  return [...TARGETS.map((t) => t.name), ...Object.keys(PLANTS).map((p) => `planted:${p}`)];
}

export interface DiffRun {
  readonly program: Program;
  readonly difference: Difference | null;
  readonly syscalls: number;
  /** Clauses the targets named (those that report them: the reference). */
  readonly clauses: readonly string[];
}

export function runDifferential(sc: Scenario, a: Target, b: Target): DiffRun {
  const program = compile(sc);
  const c = asCase(program);
  const oa = a.run(c);
  const ob = b.run(c);
  return { program, difference: compareOutcomes(program, oa, ob), syscalls: (oa.syscalls ?? 0) + (ob.syscalls ?? 0), clauses: [...(oa.clauses ?? []), ...(ob.clauses ?? [])] };
}

export interface DifferentialResult {
  readonly programs: number;
  readonly agreed: number;
  readonly syscalls: number;
  /** The shrunk differing scenario, when one was found. */
  readonly found: { readonly scenario: Scenario; readonly difference: Difference; readonly calls: number } | null;
}

export interface DifferentialOptions {
  readonly seed: number;
  readonly timeMs: number;
  readonly a: Target;
  readonly b: Target;
  readonly maxRuns?: number;
  readonly onRun?: (programs: number, syscalls: number, clauses: readonly string[]) => void;
}

/** Generated programs on both targets until one differs (then shrunk) or the time is up. */
export function differentialCampaign(opts: DifferentialOptions): DifferentialResult {
  let programs = 0;
  let agreed = 0;
  let syscalls = 0;
  let shrinking = false;
  const out = fc.check(
    fc.property(scenarioArb({ maxCalls: 16 }), (sc) => {
      const r = runDifferential(sc, opts.a, opts.b);
      syscalls += r.syscalls;
      // Runs after the first difference are fast-check shrinking it: not programs of the campaign.
      if (!shrinking) {
        programs++;
        if (r.difference === null) agreed++;
        else shrinking = true;
      }
      opts.onRun?.(programs, syscalls, r.clauses);
      return r.difference === null;
    }),
    { seed: opts.seed, numRuns: opts.maxRuns ?? 1_000_000_000, interruptAfterTimeLimit: opts.timeMs, markInterruptAsFailure: false },
  );
  if (!out.failed || out.counterexample === null) return { programs, agreed, syscalls, found: null };
  const scenario = out.counterexample[0];
  const r = runDifferential(scenario, opts.a, opts.b);
  if (r.difference === null) throw new Error('differential: the shrunk scenario no longer differs');
  return { programs, agreed, syscalls, found: { scenario, difference: r.difference, calls: r.program.calls.length } };
}
