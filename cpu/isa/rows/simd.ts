import type { InsnRowSpec } from '../row.js';
import { simdArithRows } from './simd-arith.js';
import { simdCopyRows } from './simd-copy.js';
import { simdImmRows } from './simd-imm.js';
import { simdLongRows } from './simd-long.js';
import { simdMiscRows } from './simd-misc.js';
import { simdPermRows } from './simd-perm.js';
import { simdSatRows } from './simd-sat.js';
import { simdShiftRows } from './simd-shift.js';
import { simdFpRows } from './simd-fp.js';

/** Advanced SIMD integer instructions. */
export const simdRows: InsnRowSpec[] = [
  ...simdImmRows,
  ...simdCopyRows,
  ...simdArithRows,
  ...simdLongRows,
  ...simdSatRows,
  ...simdMiscRows,
  ...simdShiftRows,
  ...simdPermRows,
  ...simdFpRows,
];
