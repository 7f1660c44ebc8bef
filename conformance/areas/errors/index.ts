// The errors area: the syscall × errno matrix generated from the spec table, the check order,
// the trap convention around every row, and a coverage check for the whole suite (coverage.ts).

import type { CaseDef, Generator } from '../../model.js';
import { abiRecipes } from './abi-regs.js';
import { boundaryRecipes } from './boundary.js';
import { ErrorsCase, type Recipe } from './cells.js';
import { isLeftOut } from './known.js';
import { matrixRecipes } from './matrix.js';
import { noEffectRecipes } from './noeffect.js';
import { orderRecipes } from './order.js';
import { fsStateRecipes } from './state-fs.js';
import { ipcStateRecipes } from './state-ipc.js';
import { netStateRecipes } from './state-net.js';
import { procStateRecipes } from './state-proc.js';
import { zeroCountRecipes } from './zero-count.js';

export { cellKey, documentedCells, ErrorsCase, type ErrorCell } from './cells.js';
export { LEFT_OUT, type LeftOut } from './known.js';
export { UNREACHABLE, type UnreachableCell } from './unreachable.js';

/** Every recipe of the area, in suite order (including those LEFT_OUT filters away). */
export function errorRecipes(): Recipe[] {
  return [
    ...matrixRecipes(), ...fsStateRecipes(), ...procStateRecipes(), ...ipcStateRecipes(), ...netStateRecipes(), ...orderRecipes(), ...abiRecipes(),
    ...noEffectRecipes(), ...boundaryRecipes(), ...zeroCountRecipes(),
  ];
}

let cases: readonly ErrorsCase[] | null = null;

/** The area's cases (each built on first use). */
export function errorCases(): readonly ErrorsCase[] {
  return (cases ??= errorRecipes().map((r) => new ErrorsCase(r)).filter((c) => !isLeftOut(c.id)));
}

export const errorsGenerator: Generator = {
  area: 'errors',
  cases(): readonly CaseDef[] {
    return errorCases();
  },
};
