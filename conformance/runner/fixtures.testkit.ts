import type { BootSpec, CaseDef } from '../model.js';
import { CaseProgram } from '../program/builder.js';

/**
 * Planted cases for the runner's and reporters' tests: one per way a case can end. Expectations
 * come from the spec (getpid of init is 1, PROC.GETPID), so the failing one fails on any kernel
 * that gets getpid right.
 */
function planted(id: string, description: string, build: () => { p: CaseProgram; boot?: BootSpec }, rows: readonly string[] = ['getpid']): CaseDef {
  return {
    id: `planted/${id}`,
    area: 'planted',
    description,
    clauses: ['PROC.GETPID'],
    rows,
    build() {
      const { p, boot } = build();
      return { program: p.finish(), files: [], boot: boot ?? {}, assertions: p.assertions, verdict: { kind: 'exit', status: 0 } };
    },
  };
}

export const PASSING = planted('pass', 'getpid of init is 1', () => {
  const p = new CaseProgram();
  p.sys('getpid').expectEq('getpid is 1', ['PROC.GETPID'], 1);
  return { p };
});

/** Asserts that init's pid is 2 (false: PROC.GETPID says 1), after one true assertion. */
export const FAILING = planted('fail', 'asserts something false: getpid of init is 2', () => {
  const p = new CaseProgram();
  const pid = p.variable();
  p.sys('getpid').save(pid);
  p.expectOk('getpid succeeds', ['PROC.GETPID'], pid);
  p.expectEq('getpid is 2', ['PROC.GETPID'], 2, pid);
  return { p };
});

/** Spins on a branch to itself: the instruction budget ends it. */
export const LOOPING = planted('loop', 'never ends: b .', () => {
  const p = new CaseProgram();
  const here = p.a.here();
  p.a.b(here);
  return { p, boot: { maxInstructions: 100_000 } };
});

/** Spins with a budget no machine exhausts in a test: only the wall clock ends it. */
export const HANGING = planted('hang', 'never ends and has no practical budget', () => {
  const p = new CaseProgram();
  const here = p.a.here();
  p.a.b(here);
  return { p, boot: { maxInstructions: 2 ** 52 } };
});

export const UNSUPPORTED = planted('skip', 'needs a row no target has', () => ({ p: new CaseProgram() }), ['no_such_row']);

export const UNBUILDABLE: CaseDef = {
  ...planted('broken', 'its generator throws', () => ({ p: new CaseProgram() })),
  build() {
    throw new Error('planted build failure');
  },
};

/** Ends the thread that builds it: on a worker, the worker dies mid-case. Never build it in process. */
export const CRASHING: CaseDef = {
  ...planted('crash', 'its generator ends the worker thread', () => ({ p: new CaseProgram() })),
  build() {
    process.exit(7);
  },
};

/** The worker fixture: passing cases around one that hangs (wall-clock timeout) and one that kills its worker. */
export function allCases(): readonly CaseDef[] {
  const more = [1, 2, 3, 4, 5].map((k) => ({ ...PASSING, id: `planted/pass-${k}` }));
  return [PASSING, FAILING, HANGING, CRASHING, ...more];
}
