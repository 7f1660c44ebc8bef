import type { InsnRowSpec } from '../row.js';
import { simdFpArithRows } from './simd-fp-arith.js';
import { simdFpMiscRows } from './simd-fp-misc.js';

/** Advanced SIMD floating point: vector and scalar forms (half, single, double). */
export const simdFpRows: InsnRowSpec[] = [...simdFpArithRows, ...simdFpMiscRows];
