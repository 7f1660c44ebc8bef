// The interesting values of each scalar type: its bounds and one past them, zero and one, the
// sign and width boundaries of the register, page and record sizes. Taken from the type alone.

import { constValue, enumValues, type EnumArg, type IntArg, type LengthArg, type StringArg } from '../../spec/index.js';

const TWO32 = 1n << 32n;
const TWO63 = 1n << 63n;
const TWO64 = 1n << 64n;

function unique(values: readonly bigint[]): bigint[] {
  return [...new Set(values)];
}

export function lengthEdges(t: LengthArg): bigint[] {
  const out: bigint[] = [0n, 1n, 7n, 8n, 9n, 16n, 255n, 256n, 4095n, 4096n, 4097n, 65536n, TWO32, TWO63, TWO64 - 1n];
  for (const b of [t.min, t.max]) {
    if (b === undefined) continue;
    out.push(BigInt(b) - 1n, BigInt(b), BigInt(b) + 1n);
  }
  return unique(out.filter((v) => v >= 0n));
}

export function intEdges(t: IntArg): bigint[] {
  const out: bigint[] = [0n, 1n, -1n, 2n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, TWO32, TWO32 + 1n, TWO63 - 1n, TWO63];
  if (t.signed) out.push(-(1n << BigInt(t.bits - 1)), (1n << BigInt(t.bits - 1)) - 1n);
  for (const b of [t.min, t.max]) {
    if (b === undefined) continue;
    out.push(BigInt(b) - 1n, BigInt(b), BigInt(b) + 1n);
  }
  return unique(out);
}

export const SIGNAL_EDGES: readonly bigint[] = [0n, 1n, 2n, 9n, 10n, 15n, 17n, 19n, 31n, 32n, 33n, -1n, 64n, TWO32 + 2n];

export const PID_EDGES: readonly bigint[] = [0n, -1n, -2n, -32768n, 1n, 32767n, 99999n, 0x7fff_ffffn, TWO32 + 1n];

export const TIMEOUT_EDGES: readonly bigint[] = [0n, -1n, 1n, 10n, 0x7fff_ffffn, TWO32];

export function enumBadEdges(t: EnumArg): bigint[] {
  const values = enumValues(t.group);
  const max = Math.max(...values);
  return unique([BigInt(max) + 1n, -1n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, 1000n, BigInt(Math.min(...values)) - 1n])
    .filter((v) => !values.includes(Number(BigInt.asIntN(32, v))));
}

const PATH_MAX = constValue('LIMITS', 'PATH_MAX');

export function stringLengthEdges(t: StringArg): number[] {
  const out = [0, 1, t.minBytes - 1, t.minBytes, t.maxBytes, t.maxBytes + 1, t.maxBytes + 2];
  if (t.role === 'path') out.push(255, 256, PATH_MAX);
  return [...new Set(out.filter((n) => n >= 0 && n <= PATH_MAX + 8))];
}

/** Interesting 64-bit words for the head of an input buffer (an eventfd value, a count). */
export const HEAD_WORDS: readonly bigint[] = [0n, 1n, 2n, 0xffn, 0xffff_ffffn, TWO63, TWO64 - 2n, TWO64 - 1n];

/** Register values that are not pointers into user memory, for `wild` pointers. */
export const WILD_POINTERS: readonly bigint[] = [
  1n, 8n, 0x1000n, 0x7fff_f000n, 0xb000_0000n, 0xffff_0000_0000_0000n, 0xffff_ffff_ffff_f000n, TWO64 - 1n, TWO63, 0x0000_8000_0000_0000n,
];
