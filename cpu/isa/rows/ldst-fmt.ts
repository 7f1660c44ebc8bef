/** objdump-style operand text for loads and stores. */
import { reg, xreg } from './fmt.js';

/** `[x1]` or `[x1, #8]`: base plus a (decimal) offset; 31 is SP. */
export function memOff(n: number, off: number): string {
  return off === 0 ? `[${xreg(n, true)}]` : `[${xreg(n, true)}, #${off}]`;
}

/** `[x1, #8]!`: pre-index (offset printed even when zero). */
export function memPre(n: number, off: number): string {
  return `[${xreg(n, true)}, #${off}]!`;
}

/** `[x1], #8`: post-index. */
export function memPost(n: number, off: number): string {
  return `[${xreg(n, true)}], #${off}`;
}

const EXTEND_NAMES = ['uxtb', 'uxth', 'uxtw', 'lsl', 'sxtb', 'sxth', 'sxtw', 'sxtx'] as const;

/** `[x1, x2, lsl #3]`, `[x1, w2, sxtw]`: register offset with extend `option` and shift when `s`. */
export function memReg(n: number, m: number, option: number, s: number, shift: number): string {
  const base = xreg(n, true);
  const index = reg(m, option & 1);
  if (option === 3 && !s) return `[${base}, ${index}]`;
  const ext = EXTEND_NAMES[option]!;
  return s ? `[${base}, ${index}, ${ext} #${shift}]` : `[${base}, ${index}, ${ext}]`;
}

const PRF_TYPES = ['pld', 'pli', 'pst'] as const;

/** Prefetch operation name (`pldl1keep`), or `#0x1e` for the unnamed encodings. */
export function prfop(rt: number): string {
  const type = rt >> 3;
  const target = (rt >> 1) & 3;
  if (type === 3 || target === 3) return `#0x${rt.toString(16).padStart(2, '0')}`;
  return `${PRF_TYPES[type]!}l${target + 1}${rt & 1 ? 'strm' : 'keep'}`;
}

const VEC_SCALAR = ['b', 'h', 's', 'd', 'q'] as const;

/** SIMD&FP scalar register name for an access of 2^size bytes: `b3` .. `q3`. */
export function vscalar(n: number, size: number): string {
  return `${VEC_SCALAR[size]!}${n}`;
}

/**
 * Register list of `count` consecutive V registers (wrapping at 31) with suffix `arr`
 * (`8b`, `4s`, `b`, ...): `{v1.4s, v2.4s}`, or `{v1.4s-v4.4s}` for three or more that do not wrap.
 */
export function vlist(first: number, count: number, arr: string): string {
  const last = (first + count - 1) % 32;
  if (count > 2 && last > first) return `{v${first}.${arr}-v${last}.${arr}}`;
  const regs: string[] = [];
  for (let i = 0; i < count; i++) regs.push(`v${(first + i) % 32}.${arr}`);
  return `{${regs.join(', ')}}`;
}
