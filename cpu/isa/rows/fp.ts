import type { InsnRowSpec } from '../row.js';
import { fpArithRows } from './fp-arith.js';
import { fpCompareRows } from './fp-compare.js';
import { fpConvertRows } from './fp-convert.js';
import { fpEstimateRows } from './fp-estimate.js';
import { fpMoveRows } from './fp-move.js';

/** Scalar floating point (half, single, double). */
export const fpRows: InsnRowSpec[] = [
  ...fpMoveRows,
  ...fpArithRows,
  ...fpCompareRows,
  ...fpConvertRows,
  ...fpEstimateRows,
];
