/** objdump-style operand formatting shared by the rows' disassemblers. */

/** General register name: `x3`/`w3`; register 31 is `sp`/`wsp` when `sp`, else `xzr`/`wzr`. */
export function reg(n: number, sf: number, sp = false): string {
  if (n === 31) return sp ? (sf ? 'sp' : 'wsp') : sf ? 'xzr' : 'wzr';
  return `${sf ? 'x' : 'w'}${n}`;
}

export const xreg = (n: number, sp = false): string => reg(n, 1, sp);
export const wreg = (n: number, sp = false): string => reg(n, 0, sp);

/** `#0x1f` for non-negative values, `#-0x1f` for negative (objdump style). */
export function hex(v: number | bigint): string {
  const b = BigInt(v);
  return b < 0n ? `#-0x${(-b).toString(16)}` : `#0x${b.toString(16)}`;
}

/** `#31` decimal immediate (shift amounts, bit positions, lsb/width). */
export function dec(v: number | bigint): string {
  return `#${v}`;
}

/** Branch target as objdump prints it for raw code: `0x` and the address in hex. */
export function target(addr: number): string {
  return `0x${addr.toString(16)}`;
}

export const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'] as const;

export function cond(c: number): string {
  return CONDS[c & 15]!;
}

export function op(mnemonic: string, ...operands: string[]): string {
  return operands.length ? `${mnemonic}\t${operands.join(', ')}` : mnemonic;
}

/** Sign-extends the low `bits` bits of `v`. */
export function sext(v: number, bits: number): number {
  const shift = 32 - bits;
  return bits >= 32 ? v | 0 : (v << shift) >> shift;
}
