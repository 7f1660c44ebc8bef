// The syscall × errno matrix: a cell is one documented error of an implemented row (its errno and
// the clause that says when), and every errors case records the cells it provokes.

import { SYSCALLS, type ErrnoName, type SyscallRow } from '../../../spec/index.js';
import { DerivedCase } from '../../program/derived-case.js';
import { Ctx } from './kit.js';

export interface ErrorCell {
  readonly row: string;
  readonly errno: ErrnoName;
  readonly clause: string;
}

export function cellKey(c: ErrorCell): string {
  return `${c.row} ${c.errno} ${c.clause}`;
}

export function cell(row: string, errno: ErrnoName, clause: string): ErrorCell {
  return { row, errno, clause };
}

export function implementedRows(): readonly SyscallRow[] {
  return SYSCALLS.filter((r) => r.support === 'implemented');
}

/**
 * Whether the row's failures are -errno. A row whose failure is a sentinel value (resolve, sbrk)
 * answers every argument or capability failure with the sentinel (ABI.VALUERET), so the
 * generated errno forms do not apply to it; its area checks those failures.
 */
export function failsWithErrno(row: SyscallRow): boolean {
  return !(row.ret.kind === 'value' && row.ret.failure.kind === 'sentinel');
}

/** Every (implemented row, errno, clause) the spec documents. */
export function documentedCells(): ErrorCell[] {
  return implementedRows().flatMap((r) => r.errors.map((e) => cell(r.name, e.errno, e.clause)));
}

/** Whether the row documents this (errno, clause). */
export function isDocumented(c: ErrorCell): boolean {
  const row = SYSCALLS.find((r) => r.name === c.row);
  return row !== undefined && row.errors.some((e) => e.errno === c.errno && e.clause === c.clause);
}

/** One case of the errors area before it is built. */
export interface Recipe {
  /** Id without the `errors/` prefix. */
  readonly id: string;
  readonly description: string;
  /** The matrix cells the case provokes (its main assertion checks each). */
  readonly cells: readonly ErrorCell[];
  /** Clauses the case checks besides those its assertions name. */
  readonly clauses?: readonly string[];
  build(ctx: Ctx): void;
}

/** A recipe as a case (see DerivedCase), with the matrix cells it provokes. */
export class ErrorsCase extends DerivedCase {
  readonly cells: readonly ErrorCell[];

  constructor(recipe: Recipe) {
    super({ area: 'errors' }, {
      id: recipe.id,
      description: recipe.description,
      clauses: [...recipe.cells.map((c) => c.clause), ...(recipe.clauses ?? [])],
      build({ p }) {
        const ctx = new Ctx(p);
        recipe.build(ctx);
        return ctx.extras();
      },
    });
    this.cells = recipe.cells;
  }
}
