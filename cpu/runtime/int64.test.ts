import { describe, expect, it } from 'vitest';
import { R } from './scratch.js';
import {
  bswap32,
  cls64,
  crc32Update,
  mul64,
  rbit32,
  sdiv64,
  smulh64,
  smull32,
  udiv64,
  umulh64,
  umulhi32,
  umull32,
} from './int64.js';

const M64 = (1n << 64n) - 1n;
const lo = (v: bigint): number => Number(BigInt.asIntN(32, v));
const hi = (v: bigint): number => Number(BigInt.asIntN(32, v >> 32n));
const result = (): bigint => (BigInt(R[1]! >>> 0) << 32n) | BigInt(R[0]! >>> 0);

const CORNERS_64: bigint[] = [
  0n, 1n, 2n, 3n, 7n, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x100000001n,
  (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, 0x001fffffffffffffn, 0x0020000000000000n,
  0x7fffffffffffffffn, 0x8000000000000000n, 0x8000000000000001n, 0xffffffff00000000n,
  0xfffffffffffffffen, M64, 0xffe0000000000000n, 0xffdfffffffffffffn, 0x123456789abcdef0n,
  0xfedcba9876543210n,
];

function randomValues(count: number, seed: number): bigint[] {
  let s = BigInt(seed);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    s = (s * 6364136223846793005n + 1442695040888963407n) & M64;
    // Vary the magnitude so both the double fast paths and the wide paths are taken.
    out.push(s >> BigInt(i % 64));
  }
  return out;
}

const VALUES = [...CORNERS_64, ...randomValues(120, 7)];
const signed = (v: bigint): bigint => BigInt.asIntN(64, v);

describe('multiplication helpers (against exact integer products)', () => {
  it('umulhi32 / umull32 / smull32 on 32-bit corners and random words', () => {
    const words = [0, 1, 2, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, ...randomValues(40, 3).map((v) => Number(v & 0xffffffffn))];
    for (const a of words) {
      for (const b of words) {
        const up = BigInt(a >>> 0) * BigInt(b >>> 0);
        expect(umulhi32(a | 0, b | 0)).toBe(Number(BigInt.asIntN(32, up >> 32n)));
        umull32(a | 0, b | 0);
        expect(result()).toBe(up);
        smull32(a | 0, b | 0);
        expect(result()).toBe(BigInt.asUintN(64, BigInt(a | 0) * BigInt(b | 0)));
      }
    }
  });

  it('mul64 gives the low 64 bits; umulh64/smulh64 the high 64 bits of the 128-bit product', () => {
    for (const a of VALUES) {
      for (const b of VALUES) {
        mul64(lo(a), hi(a), lo(b), hi(b));
        expect(result()).toBe((a * b) & M64);
        umulh64(lo(a), hi(a), lo(b), hi(b));
        expect(result()).toBe((a * b) >> 64n);
        smulh64(lo(a), hi(a), lo(b), hi(b));
        expect(result()).toBe(BigInt.asUintN(64, (signed(a) * signed(b)) >> 64n));
      }
    }
  });

  it('multiply-high corners worked out by hand', () => {
    // (2^64-1)^2 = 2^128 - 2^65 + 1: high half 2^64 - 2.
    umulh64(-1, -1, -1, -1);
    expect(result()).toBe(0xfffffffffffffffen);
    // (-1) * (-1) = 1: signed high half 0.
    smulh64(-1, -1, -1, -1);
    expect(result()).toBe(0n);
    // INT64_MIN * INT64_MIN = 2^126: high half 2^62.
    smulh64(0, -0x80000000, 0, -0x80000000);
    expect(result()).toBe(0x4000000000000000n);
    // INT64_MIN * -1 = 2^63: high half 0 (the 128-bit result is positive).
    smulh64(0, -0x80000000, -1, -1);
    expect(result()).toBe(0n);
    // INT64_MIN * 1: high half all ones.
    smulh64(0, -0x80000000, 1, 0);
    expect(result()).toBe(M64);
  });
});

describe('division helpers', () => {
  it('udiv64 and sdiv64 round toward zero and agree with exact division', () => {
    for (const a of VALUES) {
      for (const b of VALUES) {
        udiv64(lo(a), hi(a), lo(b), hi(b));
        expect(result()).toBe(b === 0n ? 0n : a / b);
        sdiv64(lo(a), hi(a), lo(b), hi(b));
        const q = signed(b) === 0n ? 0n : BigInt.asUintN(64, signed(a) / signed(b));
        expect(result()).toBe(q);
      }
    }
  });

  it('division by zero gives 0 and INT64_MIN / -1 gives INT64_MIN', () => {
    udiv64(123, 456, 0, 0);
    expect(result()).toBe(0n);
    sdiv64(-1, -1, 0, 0);
    expect(result()).toBe(0n);
    sdiv64(0, -0x80000000, -1, -1);
    expect(result()).toBe(0x8000000000000000n);
    // -7 / 2 = -3 (toward zero), 7 / -2 = -3.
    sdiv64(-7, -1, 2, 0);
    expect(result()).toBe(BigInt.asUintN(64, -3n));
    sdiv64(7, 0, -2, -1);
    expect(result()).toBe(BigInt.asUintN(64, -3n));
  });

  it('takes the exact path near 2^53 where doubles would round', () => {
    const a = (1n << 60n) + 1n;
    udiv64(lo(a), hi(a), 3, 0);
    expect(result()).toBe(a / 3n);
    const b = (1n << 53n) - 1n;
    udiv64(lo(b), hi(b), lo(b - 1n), hi(b - 1n));
    expect(result()).toBe(1n);
  });
});

describe('bit manipulation helpers', () => {
  it('rbit32 reverses bits', () => {
    expect(rbit32(1)).toBe(-0x80000000);
    expect(rbit32(0x80000000 | 0)).toBe(1);
    expect(rbit32(0x12345678) >>> 0).toBe(0x1e6a2c48);
    expect(rbit32(0)).toBe(0);
    expect(rbit32(-1)).toBe(-1);
  });

  it('bswap32 reverses bytes', () => {
    expect(bswap32(0x12345678) >>> 0).toBe(0x78563412);
    expect(bswap32(0xff) >>> 0).toBe(0xff000000);
  });

  it('cls64 counts the bits below the sign bit that equal it', () => {
    expect(cls64(0, 0)).toBe(63);
    expect(cls64(-1, -1)).toBe(63);
    expect(cls64(1, 0)).toBe(62);
    expect(cls64(0, 0x40000000)).toBe(0);
    expect(cls64(0, 0x20000000)).toBe(1);
    expect(cls64(0, -0x80000000)).toBe(0);
    expect(cls64(0x7fffffff, -1)).toBe(31);
    expect(cls64(-0x80000000, -1)).toBe(32);
    expect(cls64(0x80000000 | 0, 0)).toBe(31);
  });

  it('crc32Update matches the CRC-32 and CRC-32C check values of "123456789"', () => {
    const bytes = [...'123456789'].map((c) => c.charCodeAt(0));
    for (const [castagnoli, check] of [[0, 0xcbf43926], [1, 0xe3069283]] as const) {
      let acc = -1;
      for (const b of bytes) acc = crc32Update(acc, b, 1, castagnoli);
      expect(~acc >>> 0).toBe(check);
      // The same through a word, a halfword... folded least significant byte first.
      const word = bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24);
      let acc2 = crc32Update(-1, word, 4, castagnoli);
      acc2 = crc32Update(acc2, bytes[4]! | (bytes[5]! << 8), 2, castagnoli);
      for (const b of bytes.slice(6)) acc2 = crc32Update(acc2, b, 1, castagnoli);
      expect(~acc2 >>> 0).toBe(check);
    }
  });
});
