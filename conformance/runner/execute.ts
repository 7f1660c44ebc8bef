import { evaluate, type CaseResult, type Expectations } from '../evaluate.js';
import type { BuiltCase, CaseDef, Status } from '../model.js';
import type { Outcome, Target } from '../targets/target.js';

const built = new WeakMap<CaseDef, BuiltCase>();

/** `def.build()`, once per process: builds are deterministic, so a second run reuses the first. */
export function buildCase(def: CaseDef): BuiltCase {
  let b = built.get(def);
  if (!b) {
    b = def.build();
    built.set(def, b);
  }
  return b;
}

/** A result for a case that did not run to an outcome (skip, broken, timeout, panic outside the target). */
export function notRun(def: Pick<CaseDef, 'id' | 'area' | 'description' | 'clauses'>, status: Status, reason: string, ms = 0): CaseResult {
  return {
    id: def.id, area: def.area, description: def.description, status, clauses: def.clauses, reason, failures: [],
    expected: '', actual: '', reached: [], instructions: 0, syscalls: 0, ms,
  };
}

export interface ExecuteOptions {
  readonly expectations?: Expectations;
  /** Ask the target for a syscall trace (Outcome.trace). */
  readonly trace?: boolean;
}

export interface Execution {
  readonly result: CaseResult;
  /** Absent when the case did not run (skip, broken build, target exception). */
  readonly built?: BuiltCase;
  readonly outcome?: Outcome;
}

function message(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}${err.stack ? `\n${err.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  return String(err);
}

/**
 * Runs one case on `target` (INTERPRETING.md, "Status"): skip when the target lacks a row the
 * case needs; broken when the case cannot be built; panic when the target throws (for the
 * in-process reference, a JavaScript exception is a kernel bug); else the evaluation.
 */
export function executeCase(def: CaseDef, target: Target, opts: ExecuteOptions = {}): Execution {
  const t0 = performance.now();
  const missing = def.rows.filter((r) => !target.supports(r));
  if (missing.length > 0) return { result: notRun(def, 'skip', `target ${target.name} lacks ${missing.join(', ')}`) };
  let b: BuiltCase;
  try {
    b = buildCase(def);
  } catch (err) {
    return { result: notRun(def, 'broken', `the case could not be built: ${message(err)}`, performance.now() - t0) };
  }
  let outcome: Outcome;
  try {
    outcome = target.run(b, opts.trace ? { trace: true } : {});
  } catch (err) {
    return { result: notRun(def, 'panic', `target ${target.name} threw: ${message(err)}`, performance.now() - t0), built: b };
  }
  const ms = performance.now() - t0;
  return { result: evaluate(def, b, outcome, ms, opts.expectations), built: b, outcome };
}
