// A case whose clauses and rows are read off its own build: the clauses of its assertions (plus
// any the case names besides), and the rows its programs call (CaseProgram.rowsCalled). Every
// area makes its cases with `derivedCase`; an area's kit only adds what is its own (a program
// class with more helpers, an id rule, defaults).

import { CLAUSES } from '../../spec/index.js';
import type { BootSpec, BuiltCase, CaseDef, CaseFile, ExpectedVerdict } from '../model.js';
import { CaseProgram } from './builder.js';

/** How an area makes its cases. */
export interface CaseArea<P extends CaseProgram = CaseProgram> {
  /** The area name, also the first segment of every case id. */
  readonly area: string;
  /** The class of init and of child programs (default CaseProgram); `parent` as in CaseProgram's constructor. */
  readonly program?: new (parent?: CaseProgram) => P;
  /** Maps the id below the area before it is checked (default: unchanged). */
  readonly id?: (id: string) => string;
}

/** What a case's build step works with. */
export interface CaseBuild<P extends CaseProgram = CaseProgram> {
  /** init's program: its assertions are the case's, and unless the build returns `program`, it is finished (plan, exit) after the build. */
  readonly p: P;
  /** A fresh child program (a fork, spawn or exec image): the rows it calls count as the case's. */
  child(): P;
  /** Adds image files. */
  file(...files: readonly CaseFile[]): void;
}

/** What a build step may return; anything left out comes from the spec or the defaults. */
export interface CaseExtras {
  /** Image files, after those added with `file`. */
  readonly files?: readonly CaseFile[];
  readonly boot?: BootSpec;
  readonly verdict?: ExpectedVerdict;
  /** init's ELF when init is not `p` (init execs `p`, a TAP-printing image the build has finished). */
  readonly program?: Uint8Array;
}

export interface DerivedCaseSpec<P extends CaseProgram = CaseProgram> {
  /** The id below the area: `<family>/<variant>`. */
  readonly id: string;
  readonly description: string;
  /** Clauses the case checks besides those its assertions name. */
  readonly clauses?: readonly string[];
  /** Boot options (default none) and expected verdict (default exit 0), unless the build returns its own. */
  readonly boot?: BootSpec;
  readonly verdict?: ExpectedVerdict;
  build(b: CaseBuild<P>): CaseExtras | void;
}

export const EXIT_OK: ExpectedVerdict = { kind: 'exit', status: 0 };

interface Made {
  readonly built: BuiltCase;
  readonly clauses: readonly string[];
  readonly rows: readonly string[];
}

/**
 * The last build made to derive a case's lists, kept for that case's next `build()`: a runner
 * reads `rows`, then builds, and so builds once. One slot, so walking the lists of every case
 * does not keep every program in memory.
 */
let handOff: { readonly owner: CaseDef; readonly built: BuiltCase } | null = null;

/**
 * A case built once on demand: `clauses` are the spec's plus every clause its assertions name,
 * `rows` every row its programs call, both sorted. A build that throws leaves the lists at the
 * spec's clauses and no rows, and `build()` throws again, so a runner reports the case broken.
 */
export class DerivedCase<P extends CaseProgram = CaseProgram> implements CaseDef {
  readonly id: string;
  readonly area: string;
  readonly description: string;
  private lists: { readonly clauses: readonly string[]; readonly rows: readonly string[] } | null = null;

  constructor(private readonly kind: CaseArea<P>, private readonly spec: DerivedCaseSpec<P>) {
    const below = kind.id ? kind.id(spec.id) : spec.id;
    if (!/^[a-z0-9._/-]+$/.test(below)) throw new Error(`${kind.area}: case id ${spec.id} uses characters outside [a-z0-9._/-]`);
    this.id = `${kind.area}/${below}`;
    this.area = kind.area;
    this.description = spec.description;
  }

  get clauses(): readonly string[] {
    return this.derived().clauses;
  }

  get rows(): readonly string[] {
    return this.derived().rows;
  }

  build(): BuiltCase {
    if (handOff?.owner === this) {
      const { built } = handOff;
      handOff = null;
      return built;
    }
    const made = this.make();
    this.lists ??= { clauses: made.clauses, rows: made.rows };
    return made.built;
  }

  private derived(): { readonly clauses: readonly string[]; readonly rows: readonly string[] } {
    if (this.lists === null) {
      try {
        const made = this.make();
        this.lists = { clauses: made.clauses, rows: made.rows };
        handOff = { owner: this, built: made.built };
      } catch {
        this.lists = { clauses: [...new Set(this.spec.clauses ?? [])].sort(), rows: [] };
      }
    }
    return this.lists;
  }

  private make(): Made {
    const Program = this.kind.program ?? (CaseProgram as unknown as new (parent?: CaseProgram) => P);
    const p = new Program();
    const files: CaseFile[] = [];
    const extras = this.spec.build({ p, child: () => new Program(p), file: (...f) => files.push(...f) }) ?? {};
    const program = extras.program ?? p.finish();
    if (p.assertions.length === 0) throw new Error(`${this.id}: no assertions`);
    const clauses = new Set(this.spec.clauses ?? []);
    for (const a of p.assertions) for (const c of a.clauses) clauses.add(c);
    const unknown = [...clauses].filter((c) => !CLAUSES.has(c));
    if (unknown.length > 0) throw new Error(`${this.id}: unknown clauses ${unknown.join(', ')}`);
    return {
      built: {
        program,
        files: [...files, ...(extras.files ?? [])],
        boot: extras.boot ?? this.spec.boot ?? {},
        assertions: p.assertions,
        verdict: extras.verdict ?? this.spec.verdict ?? EXIT_OK,
      },
      clauses: [...clauses].sort(),
      rows: [...p.rowsCalled].sort(),
    };
  }
}

/** A case of `area` whose clauses and rows derive from one build (see DerivedCase). */
export function derivedCase<P extends CaseProgram = CaseProgram>(area: CaseArea<P> | string, spec: DerivedCaseSpec<P>): DerivedCase<P> {
  return new DerivedCase(typeof area === 'string' ? { area } : area, spec);
}
