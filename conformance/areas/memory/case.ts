// One memory case from a body that emits the program: its clauses are the declared ones plus
// every clause its assertions name, collected from one build (cached).

import type { BootSpec, BuiltCase, CaseDef, CaseFile, ExpectedVerdict } from '../../model.js';
import { CaseProgram } from '../../program/builder.js';

export const AREA = 'memory';
const EXIT_OK: ExpectedVerdict = { kind: 'exit', status: 0 };

export interface MemCaseSpec {
  /** The id below `memory/`. */
  readonly id: string;
  readonly description: string;
  readonly clauses: readonly string[];
  readonly rows: readonly string[];
  readonly boot?: BootSpec;
  readonly files?: () => readonly CaseFile[];
  readonly body: (p: CaseProgram) => void;
}

export function memCase(spec: MemCaseSpec): CaseDef {
  let clauses: readonly string[] | null = null;
  const build = (): BuiltCase => {
    const p = new CaseProgram();
    spec.body(p);
    const program = p.finish();
    return { program, files: spec.files?.() ?? [], boot: spec.boot ?? {}, assertions: p.assertions, verdict: EXIT_OK };
  };
  return {
    id: `${AREA}/${spec.id}`,
    area: AREA,
    description: spec.description,
    get clauses(): readonly string[] {
      if (clauses === null) {
        clauses = [...new Set([...spec.clauses, ...build().assertions.flatMap((x) => x.clauses)])];
      }
      return clauses;
    },
    rows: [...new Set(spec.rows)],
    build,
  };
}
