// Shared case plumbing for the libuv area: scheduling variants and a case constructor that
// checks every assertion's clauses are listed by the case.

import type { BootSpec, BuiltCase, CaseDef, CaseFile, ExpectedVerdict } from '../../model.js';
import type { CaseProgram } from '../../program/builder.js';

export const AREA = 'libuv';
export const EXIT_OK: ExpectedVerdict = { kind: 'exit', status: 0 };

/** A scheduling variant: default round robin, a small quantum, or a controlled schedule. */
export interface Sched {
  readonly tag: string;
  readonly boot: BootSpec;
  readonly text: string;
}

export const RR: Sched = { tag: 'rr', boot: {}, text: 'default scheduling' };

export function quantum(n: number): Sched {
  return { tag: `q${n}`, boot: { quantum: n }, text: `a ${n}-instruction quantum` };
}

/** A deterministic pseudo-random schedule (xorshift32 from `seed`) with quantum `q`. */
export function controlled(seed: number, q: number, length = 192): Sched {
  let x = (seed * 0x9e37_79b9) >>> 0 || 1;
  const schedule: number[] = [];
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    schedule.push(x % 8);
  }
  return { tag: `s${seed}q${q}`, boot: { quantum: q, schedule }, text: `controlled schedule ${seed} with a ${q}-instruction quantum` };
}

export interface CaseSpec {
  readonly id: string;
  readonly description: string;
  readonly clauses: readonly string[];
  readonly rows: readonly string[];
  readonly build: () => {
    readonly p: CaseProgram;
    readonly boot?: BootSpec;
    readonly files?: readonly CaseFile[];
    readonly verdict?: ExpectedVerdict;
    /** The program when it is not `p.finish()` (init execs a TAP-printing image). */
    readonly program?: Uint8Array;
  };
}

/** A CaseDef whose build finishes the program and checks that the case lists every clause its assertions name. */
export function libuvCase(spec: CaseSpec): CaseDef {
  if (!/^[a-z0-9._/-]+$/.test(spec.id)) throw new Error(`libuv case id ${spec.id} uses characters outside [a-z0-9._/-]`);
  return {
    id: `${AREA}/${spec.id}`,
    area: AREA,
    description: spec.description,
    clauses: spec.clauses,
    rows: spec.rows,
    build(): BuiltCase {
      const b = spec.build();
      const program = b.program ?? b.p.finish();
      const listed = new Set(spec.clauses);
      for (const a of b.p.assertions) {
        for (const c of a.clauses) if (!listed.has(c)) throw new Error(`${spec.id}: assertion ${a.n} names ${c}, which the case does not list`);
      }
      return { program, files: b.files ?? [], boot: b.boot ?? {}, assertions: b.p.assertions, verdict: b.verdict ?? EXIT_OK };
    },
  };
}

/** Sorted, de-duplicated clause list. */
export function clauses(...lists: (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort();
}
