import type { BuiltCase, CaseDef, Status } from './model.js';
import { parseTap, type TapResult } from './program/tap.js';
import type { Outcome } from './targets/target.js';

/** One case's result, as reporters and result files carry it. */
export interface CaseResult {
  readonly id: string;
  readonly area: string;
  readonly description: string;
  readonly status: Status;
  readonly clauses: readonly string[];
  /** Why it did not pass (empty on pass). */
  readonly reason: string;
  /** The failed assertions with their clauses and what the program printed. */
  readonly failures: readonly { readonly n: number; readonly description: string; readonly clauses: readonly string[]; readonly got: string }[];
  readonly expected: string;
  readonly actual: string;
  /** Clauses the implementation named (reference only). */
  readonly reached: readonly string[];
  readonly instructions: number;
  readonly syscalls: number;
  readonly ms: number;
}

/** A per-target known difference: the case is expected to fail, with a reason. */
export interface Expectations {
  readonly [caseId: string]: { readonly status: 'fail'; readonly reason: string };
}

function describeVerdict(v: Outcome['verdict'] | BuiltCase['verdict']): string {
  switch (v.kind) {
    case 'exit':
      return `exit ${v.status}`;
    case 'signal':
      return `signal ${v.signal}`;
    default:
      return v.kind;
  }
}

/**
 * The status of one run (INTERPRETING.md, "Status"): panic and timeout from the verdict;
 * broken when the case could not start; fail when an assertion failed, the plan is missing or
 * wrong, or the verdict differs from the expected one; else pass. xfail/xpass come from the
 * target's expectations.
 */
export function evaluate(def: CaseDef, built: BuiltCase, outcome: Outcome, ms: number, known?: Expectations): CaseResult {
  const tap = parseTap(new TextDecoder().decode(outcome.console));
  const expected = `${describeVerdict(built.verdict)}, ${built.assertions.length} assertions pass`;
  const passed = tap.results.filter((r) => r.ok).length;
  const actual = `${describeVerdict(outcome.verdict)}, ${passed}/${tap.results.length} assertions pass${tap.plan === null ? ', no plan' : ''}`;
  const byN = new Map(built.assertions.map((a) => [a.n, a]));
  const failures = tap.results.filter((r: TapResult) => !r.ok).map((r) => ({
    n: r.n, description: r.description, clauses: byN.get(r.n)?.clauses ?? [], got: r.diagnostic,
  }));
  let status: Status = 'pass';
  let reason = '';
  const v = outcome.verdict;
  if (v.kind === 'panic') [status, reason] = ['panic', v.detail];
  else if (v.kind === 'broken') [status, reason] = ['broken', v.detail];
  else if (v.kind === 'timeout') [status, reason] = ['timeout', 'instruction budget exhausted'];
  else if (failures.length > 0) [status, reason] = ['fail', `${failures.length} assertion(s) failed`];
  else if (tap.plan !== built.assertions.length || tap.results.length !== built.assertions.length) {
    [status, reason] = ['fail', `plan ${tap.plan ?? 'missing'}, ${tap.results.length} results, expected ${built.assertions.length}`];
  } else if (describeVerdict(v) !== describeVerdict(built.verdict)) {
    [status, reason] = ['fail', `ended with ${describeVerdict(v)}${v.kind === 'deadlock' || v.kind === 'signal' ? ` (${'detail' in v ? v.detail : ''})` : ''}, expected ${describeVerdict(built.verdict)}`];
  }
  const k = known?.[def.id];
  if (k) {
    if (status === 'fail') [status, reason] = ['xfail', k.reason];
    else if (status === 'pass') [status, reason] = ['xpass', `expected to fail: ${k.reason}`];
  }
  return {
    id: def.id, area: def.area, description: def.description, status, clauses: def.clauses, reason, failures, expected, actual,
    reached: outcome.clauses ?? [], instructions: outcome.instructions ?? 0, syscalls: outcome.syscalls ?? 0, ms,
  };
}
