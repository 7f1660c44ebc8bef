import { SCRATCH_BASE_REGS, SCRATCH_INDEX_REGS, SCRATCH_WINDOW } from './conventions.js';
import type { Prng } from './prng.js';

/** Architectural state a generated sequence starts from (and, for results, ends in). */
export interface MachineState {
  /** X0..X30 as unsigned 64-bit values. */
  readonly x: bigint[];
  sp: bigint;
  /** N, Z, C, V in bits 31..28. */
  nzcv: number;
  fpcr: number;
  fpsr: number;
  tpidr: bigint;
  /** V0..V31, 16 bytes each, little-endian. */
  readonly v: Uint8Array;
}

export type FpcrMode =
  /** FPCR = 0 (round to nearest, no flush-to-zero, no default NaN). */
  | 'zero'
  /** Random rounding mode only. */
  | 'rmode'
  /** Random rounding mode, FZ, DN, FZ16 and AHP. */
  | 'random';

export interface StateOptions {
  /** Start of the scratch windows (window i at scratchBase + i * SCRATCH_WINDOW). */
  readonly scratchBase: number;
  readonly fpcr?: FpcrMode;
}

const U64 = (1n << 64n) - 1n;
const u64 = (v: bigint): bigint => v & U64;

const X_EDGES: readonly bigint[] = [
  0n, 1n, 2n, 3n, 7n, 8n, 15n, 16n, 31n, 32n, 63n, 64n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x7fffn, 0x8000n, 0xffffn,
  0x10000n, 0x7fffffffn, 0x80000000n, 0x80000001n, 0xfffffffen, 0xffffffffn, 0x100000000n, 0x1_0000_0001n,
  0x7fff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n, 0x8000_0000_0000_0001n, 0xffff_ffff_8000_0000n,
  0xffff_ffff_7fff_ffffn, 0xffff_ffff_0000_0000n, 0x0000_0000_ffff_ffffn, u64(-1n), u64(-2n), u64(-3n),
  u64(-8n), u64(-64n), u64(-128n), u64(-0x8000n), 0x5555_5555_5555_5555n, 0xaaaa_aaaa_aaaa_aaaan,
];

/** A 64-bit general-register value biased towards edge cases. */
export function drawXValue(rng: Prng): bigint {
  switch (rng.below(8)) {
    case 0:
    case 1:
    case 2:
      return rng.pick(X_EDGES);
    case 3:
      return BigInt(rng.below(256));
    case 4: // sign-extended 32-bit
      return u64(BigInt(rng.u32() | 0));
    case 5: // zero-extended 32-bit
      return BigInt(rng.u32());
    case 6: // power of two, possibly +-1
      return u64((1n << BigInt(rng.below(64))) + BigInt(rng.range(-1, 1)));
    default:
      return rng.u64();
  }
}

const F64_SPECIALS: readonly bigint[] = [
  0n, 0x8000_0000_0000_0000n, 0x7ff0_0000_0000_0000n, 0xfff0_0000_0000_0000n, 0x7ff8_0000_0000_0000n,
  0x7ff0_0000_0000_0001n, 0xfff8_0000_0000_0000n, 0x7ff4_0000_0000_0000n, 1n, 0x000f_ffff_ffff_ffffn,
  0x8000_0000_0000_0001n, 0x3ff0_0000_0000_0000n, 0xbff0_0000_0000_0000n, 0x7fef_ffff_ffff_ffffn,
  0x0010_0000_0000_0000n, 0x43e0_0000_0000_0000n, 0xc3e0_0000_0000_0000n, 0x41e0_0000_0000_0000n,
  0x3fe0_0000_0000_0000n, 0x3ff8_0000_0000_0000n, 0x4004_0000_0000_0000n, 0xc004_0000_0000_0000n,
];
const F32_SPECIALS: readonly number[] = [
  0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffc00000, 0x7fa00000, 1, 0x007fffff,
  0x80000001, 0x3f800000, 0xbf800000, 0x7f7fffff, 0x00800000, 0x5f000000, 0xdf000000, 0x4f000000, 0xcf000000,
  0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000,
];
const F16_SPECIALS: readonly number[] = [
  0, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7c01, 0xfe00, 0x7d00, 1, 0x03ff, 0x8001, 0x3c00, 0xbc00, 0x7bff, 0x0400,
  0x3800, 0x3e00, 0x4100, 0xc100,
];

/** Fills one 128-bit V register: lanes of one size drawn from FP specials, small ints or random bits. */
export function drawVValue(rng: Prng, out: Uint8Array): void {
  const view = new DataView(out.buffer, out.byteOffset, 16);
  const special = rng.below(4) !== 0;
  switch (rng.below(4)) {
    case 0:
      for (let i = 0; i < 2; i++) {
        view.setBigUint64(8 * i, special && rng.chance(0.6) ? rng.pick(F64_SPECIALS) : laneInt(rng, 64), true);
      }
      return;
    case 1:
      for (let i = 0; i < 4; i++) {
        view.setUint32(4 * i, special && rng.chance(0.6) ? rng.pick(F32_SPECIALS) : Number(laneInt(rng, 32)), true);
      }
      return;
    case 2:
      for (let i = 0; i < 8; i++) {
        view.setUint16(2 * i, special && rng.chance(0.6) ? rng.pick(F16_SPECIALS) : Number(laneInt(rng, 16)), true);
      }
      return;
    default:
      rng.fill(out.subarray(0, 16));
  }
}

function laneInt(rng: Prng, bits: number): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  switch (rng.below(4)) {
    case 0:
      return BigInt(rng.below(256));
    case 1:
      return mask & (mask - BigInt(rng.below(256)));
    case 2:
      return (1n << BigInt(bits - 1)) + BigInt(rng.range(-1, 1));
    default:
      return rng.u64() & mask;
  }
}

function drawFpcr(rng: Prng, mode: FpcrMode): number {
  if (mode === 'zero') return 0;
  const rmode = rng.below(4) << 22;
  if (mode === 'rmode') return rmode;
  const bit = (n: number): number => (rng.chance(0.25) ? 1 << n : 0);
  return (rmode | bit(19) | bit(24) | bit(25) | bit(26)) >>> 0;
}

/** Centre of the scratch window of each base register (SCRATCH_BASE_REGS order). */
export function scratchCentre(scratchBase: number, baseReg: number): number {
  const i = SCRATCH_BASE_REGS.indexOf(baseReg);
  if (i < 0) throw new RangeError(`x${baseReg} is not a scratch base register`);
  return scratchBase + i * SCRATCH_WINDOW + SCRATCH_WINDOW / 2;
}

/** A random initial state following cpu/testgen/conventions.ts. */
export function randomState(rng: Prng, opts: StateOptions): MachineState {
  const x: bigint[] = [];
  for (let n = 0; n < 31; n++) x.push(drawXValue(rng));
  for (const n of SCRATCH_INDEX_REGS) x[n] = BigInt(rng.below(256));
  for (const n of SCRATCH_BASE_REGS) if (n !== 31) x[n] = BigInt(scratchCentre(opts.scratchBase, n));
  const v = new Uint8Array(512);
  for (let n = 0; n < 32; n++) drawVValue(rng, v.subarray(16 * n, 16 * n + 16));
  return {
    x,
    sp: BigInt(scratchCentre(opts.scratchBase, 31)),
    nzcv: (rng.below(16) << 28) >>> 0,
    fpcr: drawFpcr(rng, opts.fpcr ?? 'zero'),
    fpsr: 0,
    tpidr: drawXValue(rng),
    v,
  };
}

export function cloneState(s: MachineState): MachineState {
  return { ...s, x: [...s.x], v: s.v.slice() };
}
