import type { Emitter } from '../../translate/emitter.js';
import type { Fields } from '../row.js';

/** Shared pieces of the scalar floating-point rows. */

export type FpWidth = 16 | 32 | 64;

/** Width of an A64 `ftype` field: 0 single, 1 double, 3 half (2 is unallocated). */
export function widthOf(ftype: number): FpWidth {
  return ftype === 0 ? 32 : ftype === 1 ? 64 : 16;
}

/** `when` for rows whose ftype must be single, double or half. */
export const validFtype = (f: Fields): boolean => f.ftype !== 2;

/** Index of the scalar lane of Vn in the view of its width (vh, vi/vf or vd). */
export function laneIndex(n: number, width: FpWidth): number {
  return width === 16 ? 8 * n : width === 32 ? 4 * n : 2 * n;
}

/** Scalar register name: `h3`, `s3`, `d3`. */
export function fpReg(n: number, width: FpWidth): string {
  return `${width === 16 ? 'h' : width === 32 ? 's' : 'd'}${n}`;
}

/** Zeroes the bits of Vd above a scalar of `width` bits. */
export function clearAbove(e: Emitter, d: number, width: FpWidth): void {
  if (width === 16) e.line(`vh[${8 * d + 1}] = 0;`);
  if (width !== 64) e.line(`vi[${4 * d + 1}] = 0;`);
  e.line(`vi[${4 * d + 2}] = 0; vi[${4 * d + 3}] = 0;`);
}

/** Copies the scalar of Vn to Vd (after `transform` of its top word, e.g. a sign change). */
export function emitScalarCopy(e: Emitter, d: number, n: number, width: FpWidth, topOp = ''): void {
  if (width === 16) {
    const v = e.let(`vh[${8 * n}]${topOp}`);
    e.line(`vh[${8 * d}] = ${v};`);
  } else if (width === 32) {
    const v = e.let(`vi[${4 * n}]${topOp}`);
    e.line(`vi[${4 * d}] = ${v};`);
  } else {
    const lo = e.let(`vi[${4 * n}]`);
    const hi = e.let(`vi[${4 * n + 1}]${topOp}`);
    e.line(`vi[${4 * d}] = ${lo}; vi[${4 * d + 1}] = ${hi};`);
  }
  clearAbove(e, d, width);
}

/** Sign bit of the top word of a scalar (as stored in vh for half, vi otherwise). */
export function signBitOf(width: FpWidth): number {
  return width === 16 ? 0x8000 : 0x80000000 | 0;
}

/**
 * VFPExpandImm: the bit pattern of an 8-bit FP immediate for `width` (as int32 halves for
 * double: [lo, hi]).
 */
export function expandImm(imm8: number, width: FpWidth): [number, number] {
  const sign = (imm8 >> 7) & 1;
  const b6 = (imm8 >> 6) & 1;
  const e2 = (imm8 >> 4) & 3;
  const frac4 = imm8 & 15;
  const ebits = width === 16 ? 5 : width === 32 ? 8 : 11;
  const exp = ((b6 ^ 1) << (ebits - 1)) | ((b6 ? (1 << (ebits - 3)) - 1 : 0) << 2) | e2;
  if (width === 64) {
    return [0, ((sign << 31) | (exp << 20) | (frac4 << 16)) | 0];
  }
  const fbits = width - ebits - 1;
  return [((sign << (width - 1)) | (exp << fbits) | (frac4 << (fbits - 4))) | 0, 0];
}

/** The value of an 8-bit FP immediate, as objdump prints it (`#1.000000000000000000e+00`). */
export function immText(imm8: number): string {
  const b6 = (imm8 >> 6) & 1;
  const e2 = (imm8 >> 4) & 3;
  const exponent = b6 ? e2 - 3 : e2 + 1;
  const value = (1 + (imm8 & 15) / 16) * 2 ** exponent * ((imm8 & 0x80) !== 0 ? -1 : 1);
  return `#${value.toExponential(18).replace(/e([+-])(\d)$/, 'e$10$2')}`;
}
