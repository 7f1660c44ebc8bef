import { describe, expect, it } from 'vitest';
import { PROT_R, PROT_W } from '../../memory/address-space.js';
import {
  DATA_END,
  MID,
  enc,
  exec,
  getV,
  insnAddr,
  le,
  peek,
  peekValue,
  poke,
  readOnly,
  setV,
  snapshot,
  type Machine,
} from './ldst.testkit.js';

const X = (v: number | bigint): bigint => BigInt.asUintN(64, BigInt(v));
const PATTERN = Array.from({ length: 64 }, (_, i) => (0x11 * (i + 1)) & 0xff);

/** Data around MID: byte MID+i holds PATTERN[i & 63] for i in [-64, 64). */
function fill(m: Machine): void {
  poke(m, MID - 64, [...PATTERN, ...PATTERN]);
}

/** Little-endian value of `len` bytes of the fill pattern starting at MID+off. */
function patternAt(off: number, len: number): bigint {
  let v = 0n;
  for (let i = len - 1; i >= 0; i--) v = (v << 8n) | BigInt(PATTERN[(off + i + 64) & 63]!);
  return v;
}

function expectSvc(stop: { kind: string }): void {
  expect(stop.kind).toBe('svc');
}

describe('integer loads: addressing forms', () => {
  it('unsigned scaled offset: LDR X, [Xn, #imm12*8]', () => {
    const { m, stop } = exec([enc('LDR_X_uoff', { Rt: 2, Rn: 1, imm12: 3 })], { 1: X(MID) }, fill);
    expectSvc(stop);
    expect(m.cpu.getX(2)).toBe(patternAt(24, 8));
    expect(m.cpu.getX(1)).toBe(X(MID));
  });

  it('unscaled offset: LDUR X with a negative offset, SP base', () => {
    const { m, stop } = exec([enc('LDR_X_unscaled', { Rt: 2, Rn: 31, imm9: 0x1ff & -3 })], { 31: X(MID) }, fill);
    expectSvc(stop);
    expect(m.cpu.getX(2)).toBe(patternAt(-3, 8));
    expect(m.cpu.sp).toBe(X(MID));
  });

  it('unprivileged LDTR behaves as LDUR at EL0', () => {
    const { m } = exec([enc('LDR_W_unpriv', { Rt: 2, Rn: 1, imm9: 5 })], { 1: X(MID), 2: X(-1) }, fill);
    expect(m.cpu.getX(2)).toBe(patternAt(5, 4));
  });

  it('pre-index: loads from base+imm and writes it back', () => {
    const { m } = exec([enc('LDR_X_pre', { Rt: 2, Rn: 1, imm9: 0x1ff & -16 })], { 1: X(MID) }, fill);
    expect(m.cpu.getX(2)).toBe(patternAt(-16, 8));
    expect(m.cpu.getX(1)).toBe(X(MID - 16));
  });

  it('post-index: loads from base, then adds imm', () => {
    const { m } = exec([enc('LDRH_post', { Rt: 2, Rn: 1, imm9: 255 })], { 1: X(MID + 2) }, fill);
    expect(m.cpu.getX(2)).toBe(patternAt(2, 2));
    expect(m.cpu.getX(1)).toBe(X(MID + 2 + 255));
  });

  it('writeback carries into and borrows from the high half', () => {
    const words = [enc('LDRB_post', { Rt: 2, Rn: 1, imm9: 16 }), enc('LDRB_pre', { Rt: 3, Rn: 1, imm9: 0x1ff & -15 })];
    const { m, stop } = exec(words, { 1: 0xfffffff8n }, (mm) => {
      mm.space.mapPage(0xfffff, mm.phys.alloc(), PROT_R | PROT_W);
      poke(mm, 0xfffffff8, [0x5a, 0xa5]);
    });
    expectSvc(stop);
    expect(m.cpu.getX(2)).toBe(0x5an);
    expect(m.cpu.getX(3)).toBe(0xa5n);
    expect(m.cpu.getX(1)).toBe(0xfffffff9n);
  });

  it('pre-index address wraps modulo 2^64', () => {
    const { m, stop } = exec([enc('LDR_X_pre', { Rt: 2, Rn: 1, imm9: 8 })], { 1: X(-8) });
    expect(stop).toMatchObject({ kind: 'fault', addr: 0, access: 'read' });
    expect(m.cpu.getX(1)).toBe(X(-8));
  });

  it.each([
    // option, S, size of access, index value, expected byte offset
    ['LDR_X_reg', 3, 0, 3, 8n, 8],
    ['LDR_X_reg', 3, 1, 3, 2n, 16],
    ['LDR_X_reg', 2, 1, 3, 0xffffffffn, 8 * 0xffffffff],
    ['LDR_X_reg', 6, 1, 3, 0xfffffffen, -16],
    ['LDR_X_reg', 6, 0, 3, 0x7ffffff8n, 0x7ffffff8],
    ['LDR_X_reg', 7, 1, 3, X(-3), -24],
    ['LDR_X_reg', 3, 0, 3, X(-8), -8],
    ['LDRH_reg', 3, 1, 1, X(-2), -4],
    ['LDRB_reg', 7, 1, 0, X(-5), -5],
    ['LDR_W_reg', 2, 1, 2, 0x100000003n, 12],
  ] as const)('%s option=%i S=%i: extended, scaled index', (row, option, s, size, index, off) => {
    const base = MID - off;
    const { m, stop } = exec([enc(row, { Rt: 2, Rn: 1, Rm: 3, option, S: s })], { 1: X(base), 3: index }, fill);
    expectSvc(stop);
    expect(m.cpu.getX(2)).toBe(patternAt(0, 1 << size));
    expect(m.cpu.getX(1)).toBe(X(base));
  });

  it('register offset with a wrap-around 64-bit sum', () => {
    const { m, stop } = exec([enc('LDR_X_reg', { Rt: 2, Rn: 1, Rm: 3, option: 3, S: 0 })], { 1: X(-1), 3: X(MID + 1) }, fill);
    expectSvc(stop);
    expect(m.cpu.getX(2)).toBe(patternAt(0, 8));
  });

  it('literal loads read PC-relative (W, X, SW) and PRFM is a no-op', () => {
    const words = [
      enc('LDR_W_lit', { Rt: 1, imm19: 6 }),
      enc('LDR_X_lit', { Rt: 2, imm19: 5 }),
      enc('LDRSW_lit', { Rt: 3, imm19: 5 }),
      enc('PRFM_lit', { Rt: 0, imm19: 0x7ffff }),
      enc('LDR_X_lit', { Rt: 4, imm19: 0x7ffff }),
      enc('B', { imm26: 4 }),
      0x80000001,
      0xfedcba98,
      0x76543210,
    ];
    const { m, stop } = exec(words);
    expect(stop).toEqual({ kind: 'svc', imm: 0, pc: insnAddr(10) });
    expect(m.cpu.getX(1)).toBe(0x80000001n);
    expect(m.cpu.getX(2)).toBe(0xfedcba9880000001n);
    expect(m.cpu.getX(3)).toBe(X(0xfffffffffedcba98n));
    expect(m.cpu.getX(4)).toBe((BigInt(words[4]!) << 32n) | BigInt(words[3]!));
  });

  it('prefetches do not fault on unmapped addresses', () => {
    const words = [
      enc('PRFM_uoff', { Rt: 0, Rn: 1, imm12: 0 }),
      enc('PRFM_unscaled', { Rt: 0x10, Rn: 1, imm9: 0 }),
      enc('PRFM_reg', { Rt: 5, Rn: 1, Rm: 2, option: 3, S: 1 }),
    ];
    expectSvc(exec(words, { 1: 0n, 2: 8n }).stop);
  });

  it('a load to XZR still accesses memory (and faults)', () => {
    expectSvc(exec([enc('LDR_X_uoff', { Rt: 31, Rn: 1, imm12: 0 })], { 1: X(MID) }).stop);
    const { stop } = exec([enc('LDR_X_uoff', { Rt: 31, Rn: 1, imm12: 0 })], { 1: X(DATA_END) });
    expect(stop).toMatchObject({ kind: 'fault', addr: DATA_END, access: 'read' });
  });
});

describe('integer loads: zero and sign extension', () => {
  const cases = [
    // row, bytes at MID, expected Xt (Xt preset to all ones)
    ['LDRB_uoff', [0x80], 0x80n],
    ['LDRSB_W_uoff', [0x80], 0xffffff80n],
    ['LDRSB_X_uoff', [0x80], X(-128)],
    ['LDRSB_W_uoff', [0x7f], 0x7fn],
    ['LDRSB_X_uoff', [0x7f], 0x7fn],
    ['LDRH_uoff', [0x00, 0x80], 0x8000n],
    ['LDRSH_W_uoff', [0x00, 0x80], 0xffff8000n],
    ['LDRSH_X_uoff', [0x00, 0x80], X(-32768)],
    ['LDRSH_X_uoff', [0xff, 0x7f], 0x7fffn],
    ['LDR_W_uoff', [0x01, 0x00, 0x00, 0x80], 0x80000001n],
    ['LDRSW_uoff', [0x01, 0x00, 0x00, 0x80], X(-0x7fffffff)],
    ['LDRSW_uoff', [0xff, 0xff, 0xff, 0x7f], 0x7fffffffn],
    ['LDR_X_uoff', [1, 2, 3, 4, 5, 6, 7, 0x88], 0x8807060504030201n],
  ] as const;
  it.each(cases)('%s of %j', (row, bytes, expected) => {
    const { m, stop } = exec([enc(row, { Rt: 2, Rn: 1, imm12: 0 })], { 1: X(MID), 2: X(-1) }, (mm) => poke(mm, MID, [...bytes]));
    expectSvc(stop);
    expect(m.cpu.getX(2)).toBe(expected);
  });
});

describe('integer stores', () => {
  it.each([
    ['STRB_uoff', 1],
    ['STRH_uoff', 2],
    ['STR_W_uoff', 4],
    ['STR_X_uoff', 8],
  ] as const)('%s writes exactly %i bytes', (row, len) => {
    const { m } = exec([enc(row, { Rt: 2, Rn: 1, imm12: 1 })], { 1: X(MID), 2: 0x8877665544332211n }, (mm) => poke(mm, MID, Array(24).fill(0xee)));
    const off = len;
    expect(peek(m, MID, 24)).toEqual([...Array(off).fill(0xee), ...le(0x8877665544332211n, len), ...Array(24 - 2 * off).fill(0xee)]);
  });

  it('storing XZR writes zeros; SP is a valid base', () => {
    const { m } = exec([enc('STR_X_unscaled', { Rt: 31, Rn: 31, imm9: 0x1ff & -8 })], { 31: X(MID) }, fill);
    expect(peekValue(m, MID - 8, 8)).toBe(0n);
    expect(peekValue(m, MID, 8)).toBe(patternAt(0, 8));
  });

  it('register-offset store', () => {
    const { m } = exec([enc('STR_W_reg', { Rt: 2, Rn: 1, Rm: 3, option: 6, S: 1 })], { 1: X(MID + 8), 2: 0xdeadbeefn, 3: 0xfffffffen });
    expect(peekValue(m, MID, 4)).toBe(0xdeadbeefn);
  });

  it('pre- and post-index stores write back the base', () => {
    const words = [enc('STR_X_pre', { Rt: 2, Rn: 1, imm9: 8 }), enc('STRH_post', { Rt: 3, Rn: 1, imm9: 0x1ff & -4 })];
    const { m } = exec(words, { 1: X(MID), 2: 0x1122334455667788n, 3: 0xabcdn });
    expect(peekValue(m, MID + 8, 8)).toBe(0x112233445566abcdn);
    expect(m.cpu.getX(1)).toBe(X(MID + 4));
  });
});

describe('writeback to the transfer register (CONSTRAINED UNPREDICTABLE, as qemu)', () => {
  it('a load ends with the written-back base', () => {
    const pre = exec([enc('LDR_X_pre', { Rt: 1, Rn: 1, imm9: 8 })], { 1: X(MID) }, fill);
    expect(pre.m.cpu.getX(1)).toBe(X(MID + 8));
    const post = exec([enc('LDR_X_post', { Rt: 1, Rn: 1, imm9: 8 })], { 1: X(MID) }, fill);
    expect(post.m.cpu.getX(1)).toBe(X(MID + 8));
  });

  it('a store writes the original base value', () => {
    const { m } = exec([enc('STR_X_pre', { Rt: 1, Rn: 1, imm9: 8 })], { 1: X(MID) });
    expect(peekValue(m, MID + 8, 8)).toBe(X(MID));
    expect(m.cpu.getX(1)).toBe(X(MID + 8));
  });
});

describe('SIMD&FP register loads and stores', () => {
  const ONES = (1n << 128n) - 1n;
  it.each([
    ['LDR_B_uoff', 1],
    ['LDR_H_uoff', 2],
    ['LDR_S_uoff', 4],
    ['LDR_D_uoff', 8],
    ['LDR_Q_uoff', 16],
  ] as const)('%s loads %i bytes at imm12 * size and clears the rest of the register', (row, len) => {
    const { m } = exec([enc(row, { Rt: 5, Rn: 1, imm12: 1 })], { 1: X(MID) }, (mm) => {
      fill(mm);
      setV(mm.cpu, 5, ONES);
    });
    let expected = 0n;
    for (let i = len - 1; i >= 0; i--) expected = (expected << 8n) | BigInt(PATTERN[(len + i) & 63]!);
    expect(getV(m.cpu, 5)).toBe(expected);
  });

  it.each([
    ['STR_B_unscaled', 1],
    ['STR_H_unscaled', 2],
    ['STR_S_unscaled', 4],
    ['STR_D_unscaled', 8],
    ['STR_Q_unscaled', 16],
  ] as const)('%s stores the low %i bytes', (row, len) => {
    const value = 0xf0e0d0c0b0a090807060504030201000n | 0x0fn;
    const { m } = exec([enc(row, { Rt: 7, Rn: 1, imm9: 0x1ff & -1 })], { 1: X(MID + 1) }, (mm) => {
      poke(mm, MID, Array(32).fill(0xee));
      setV(mm.cpu, 7, value);
    });
    expect(peek(m, MID, 32)).toEqual([...le(value, Math.min(len, 8)), ...le(value >> 64n, Math.max(0, len - 8)), ...Array(32 - len).fill(0xee)]);
  });

  it('register-offset, pre and post forms for Q and D', () => {
    const words = [
      enc('LDR_Q_reg', { Rt: 1, Rn: 1, Rm: 2, option: 3, S: 1 }),
      enc('LDR_D_pre', { Rt: 2, Rn: 3, imm9: 0x1ff & -8 }),
      enc('STR_Q_post', { Rt: 1, Rn: 4, imm9: 32 }),
    ];
    const { m } = exec(words, { 1: X(MID - 32), 2: 2n, 3: X(MID + 8), 4: X(MID + 64) }, fill);
    expect(getV(m.cpu, 1)).toBe(patternAt(0, 8) | (patternAt(8, 8) << 64n));
    expect(getV(m.cpu, 2)).toBe(patternAt(0, 8));
    expect(m.cpu.getX(1)).toBe(X(MID - 32));
    expect(m.cpu.getX(3)).toBe(X(MID));
    expect(peekValue(m, MID + 64, 8)).toBe(patternAt(0, 8));
    expect(m.cpu.getX(4)).toBe(X(MID + 96));
  });

  it('literal S, D and Q loads', () => {
    const words = [
      enc('LDR_S_lit', { Rt: 1, imm19: 4 }),
      enc('LDR_D_lit', { Rt: 2, imm19: 3 }),
      enc('LDR_Q_lit', { Rt: 3, imm19: 2 }),
      enc('B', { imm26: 5 }),
      0x03020100,
      0x07060504,
      0x0b0a0908,
      0x0f0e0d0c,
    ];
    const { m } = exec(words, {}, (mm) => {
      for (const r of [1, 2, 3]) setV(mm.cpu, r, ONES);
    });
    expect(getV(m.cpu, 1)).toBe(0x03020100n);
    expect(getV(m.cpu, 2)).toBe(0x0706050403020100n);
    expect(getV(m.cpu, 3)).toBe(0x0f0e0d0c0b0a09080706050403020100n);
  });
});

describe('pairs', () => {
  it('LDP/STP W and X with signed offset', () => {
    const words = [
      enc('LDP_W_off', { Rt: 2, Rt2: 3, Rn: 1, imm7: 0x7f & -2 }),
      enc('LDP_X_off', { Rt: 4, Rt2: 5, Rn: 1, imm7: 1 }),
      enc('STP_X_off', { Rt: 5, Rt2: 4, Rn: 1, imm7: 4 }),
      enc('STP_W_off', { Rt: 31, Rt2: 2, Rn: 1, imm7: 0x7f & -8 }),
    ];
    const { m } = exec(words, { 1: X(MID), 2: X(-1), 3: X(-1) }, fill);
    expect(m.cpu.getX(2)).toBe(patternAt(-8, 4));
    expect(m.cpu.getX(3)).toBe(patternAt(-4, 4));
    expect(m.cpu.getX(4)).toBe(patternAt(8, 8));
    expect(m.cpu.getX(5)).toBe(patternAt(16, 8));
    expect(peekValue(m, MID + 32, 8)).toBe(patternAt(16, 8));
    expect(peekValue(m, MID + 40, 8)).toBe(patternAt(8, 8));
    expect(peekValue(m, MID - 32, 8)).toBe(patternAt(-8, 4) << 32n);
  });

  it('LDPSW sign-extends both words', () => {
    const { m } = exec([enc('LDPSW_off', { Rt: 2, Rt2: 3, Rn: 1, imm7: 0 })], { 1: X(MID) }, (mm) =>
      poke(mm, MID, [0xfe, 0xff, 0xff, 0xff, 0x05, 0, 0, 0]),
    );
    expect(m.cpu.getX(2)).toBe(X(-2));
    expect(m.cpu.getX(3)).toBe(5n);
  });

  it('pre- and post-index pairs write back', () => {
    const words = [enc('STP_X_pre', { Rt: 2, Rt2: 3, Rn: 31, imm7: 0x7f & -2 }), enc('LDP_X_post', { Rt: 4, Rt2: 5, Rn: 31, imm7: 2 })];
    const { m } = exec(words, { 31: X(MID), 2: 0x1111n, 3: 0x2222n });
    expect(m.cpu.sp).toBe(X(MID));
    expect(m.cpu.getX(4)).toBe(0x1111n);
    expect(m.cpu.getX(5)).toBe(0x2222n);
    expect(peekValue(m, MID - 16, 8)).toBe(0x1111n);
  });

  it('LDNP/STNP behave as the offset forms', () => {
    const words = [enc('STNP_X', { Rt: 2, Rt2: 3, Rn: 1, imm7: 1 }), enc('LDNP_W', { Rt: 4, Rt2: 5, Rn: 1, imm7: 2 })];
    const { m } = exec(words, { 1: X(MID), 2: 0xaaaa0000bbbbn, 3: 0xccccn });
    expect(peekValue(m, MID + 8, 8)).toBe(0xaaaa0000bbbbn);
    expect(m.cpu.getX(4)).toBe(0xbbbbn);
    expect(m.cpu.getX(5)).toBe(0xaaaan);
  });

  it('SIMD&FP pairs S, D, Q', () => {
    const words = [
      enc('LDP_S_off', { Rt: 1, Rt2: 2, Rn: 1, imm7: 0 }),
      enc('LDP_D_pre', { Rt: 3, Rt2: 4, Rn: 2, imm7: 1 }),
      enc('LDP_Q_post', { Rt: 5, Rt2: 6, Rn: 3, imm7: 0x7f & -1 }),
      enc('STP_Q_off', { Rt: 6, Rt2: 5, Rn: 4, imm7: 0 }),
      enc('STP_S_post', { Rt: 1, Rt2: 2, Rn: 5, imm7: 3 }),
      enc('STNP_D', { Rt: 3, Rt2: 4, Rn: 6, imm7: 0 }),
    ];
    const regs = { 1: X(MID), 2: X(MID - 8), 3: X(MID), 4: X(MID + 256), 5: X(MID + 512), 6: X(MID + 1024) };
    const { m } = exec(words, regs, (mm) => {
      fill(mm);
      for (let r = 1; r <= 6; r++) setV(mm.cpu, r, (1n << 128n) - 1n);
    });
    expect(getV(m.cpu, 1)).toBe(patternAt(0, 4));
    expect(getV(m.cpu, 2)).toBe(patternAt(4, 4));
    expect(getV(m.cpu, 3)).toBe(patternAt(0, 8));
    expect(getV(m.cpu, 4)).toBe(patternAt(8, 8));
    expect(m.cpu.getX(2)).toBe(X(MID));
    const q0 = patternAt(0, 8) | (patternAt(8, 8) << 64n);
    const q1 = patternAt(16, 8) | (patternAt(24, 8) << 64n);
    expect(getV(m.cpu, 5)).toBe(q0);
    expect(getV(m.cpu, 6)).toBe(q1);
    expect(m.cpu.getX(3)).toBe(X(MID - 16));
    expect(peekValue(m, MID + 256, 8)).toBe(patternAt(16, 8));
    expect(peekValue(m, MID + 256 + 16, 8)).toBe(patternAt(0, 8));
    expect(peekValue(m, MID + 512, 8)).toBe(patternAt(0, 8));
    expect(m.cpu.getX(5)).toBe(X(MID + 512 + 12));
    expect(peekValue(m, MID + 1024, 8)).toBe(patternAt(0, 8));
    expect(peekValue(m, MID + 1032, 8)).toBe(patternAt(8, 8));
  });

  it('Rt == Rt2 (CONSTRAINED UNPREDICTABLE, as qemu): integer keeps the first, SIMD&FP the second', () => {
    const words = [enc('LDP_X_off', { Rt: 2, Rt2: 2, Rn: 1, imm7: 0 }), enc('LDP_D_off', { Rt: 3, Rt2: 3, Rn: 1, imm7: 0 })];
    const { m } = exec(words, { 1: X(MID) }, fill);
    expect(m.cpu.getX(2)).toBe(patternAt(0, 8));
    expect(getV(m.cpu, 3)).toBe(patternAt(8, 8));
  });
});

describe('precise faults', () => {
  it('a faulting load changes no register, not even the base of a pre-index form', () => {
    const words = [enc('LDR_X_pre', { Rt: 2, Rn: 1, imm9: 8 })];
    const { m, stop } = exec(words, { 1: X(DATA_END - 12), 2: 0x55n });
    expect(stop).toEqual({ kind: 'fault', pc: insnAddr(0), word: words[0], addr: DATA_END, access: 'read', alignment: false });
    expect(m.cpu.getX(1)).toBe(X(DATA_END - 12));
    expect(m.cpu.getX(2)).toBe(0x55n);
  });

  it.each([
    ['STR_X_uoff', { Rt: 2, Rn: 1, imm12: 0 }, 4],
    ['STP_X_off', { Rt: 2, Rt2: 2, Rn: 1, imm7: 0 }, 12],
    ['STP_W_off', { Rt: 2, Rt2: 2, Rn: 1, imm7: 0 }, 4],
    ['STR_Q_uoff', { Rt: 2, Rn: 1, imm12: 0 }, 12],
    ['STP_Q_off', { Rt: 2, Rt2: 3, Rn: 1, imm7: 0 }, 20],
    ['STP_D_off', { Rt: 2, Rt2: 3, Rn: 1, imm7: 0 }, 12],
    ['ST1_mult', { Q: 1, opcode: 2, size: 0, Rt: 2, Rn: 1 }, 60],
    ['ST2_mult', { Q: 1, size: 0, Rt: 2, Rn: 1 }, 24],
  ] as const)('%s straddling into an unmapped page writes nothing', (row, fields, before) => {
    const start = DATA_END - before;
    const { m, stop } = exec([enc(row, fields)], { 1: X(start), 2: X(-1) }, (mm) => {
      poke(mm, start, Array(before).fill(0xee));
      setV(mm.cpu, 2, (1n << 128n) - 1n);
      setV(mm.cpu, 3, (1n << 128n) - 1n);
    });
    expect(stop).toMatchObject({ kind: 'fault', pc: insnAddr(0), access: 'write', addr: DATA_END });
    expect(peek(m, start, before)).toEqual(Array(before).fill(0xee));
  });

  it('a store to a read-only page faults with access write and writes nothing', () => {
    const words = [enc('STR_W_post', { Rt: 2, Rn: 1, imm9: 4 })];
    const { m, stop } = exec(words, { 1: X(MID), 2: 0x12345678n }, (mm) => readOnly(mm, MID));
    expect(stop).toMatchObject({ kind: 'fault', addr: MID, access: 'write', alignment: false });
    expect(peekValue(m, MID, 4)).toBe(0n);
    expect(m.cpu.getX(1)).toBe(X(MID));
  });

  it('LDP whose second half faults leaves both registers unchanged', () => {
    const words = [enc('LDP_X_off', { Rt: 2, Rt2: 3, Rn: 1, imm7: 0 })];
    const { m, stop } = exec(words, { 1: X(DATA_END - 8), 2: 7n, 3: 9n });
    expect(stop).toMatchObject({ kind: 'fault', addr: DATA_END, access: 'read' });
    expect(m.cpu.getX(2)).toBe(7n);
    expect(m.cpu.getX(3)).toBe(9n);
  });

  it('vector loads crossing into an unmapped page change no register', () => {
    const words = [enc('LD1_mult', { Q: 1, opcode: 2, size: 0, Rt: 4, Rn: 1 })];
    const before = (mm: Machine): void => {
      for (let r = 0; r < 8; r++) setV(mm.cpu, r, BigInt(r) * 0x0101n);
    };
    const { m, stop } = exec(words, { 1: X(DATA_END - 48) }, before);
    expect(stop).toMatchObject({ kind: 'fault', addr: DATA_END, access: 'read' });
    const ref = exec([], { 1: X(DATA_END - 48) }, before).m;
    expect(snapshot(m.cpu)).toBe(snapshot(ref.cpu));
  });

  it('a misaligned ordinary access does not fault', () => {
    const { m, stop } = exec([enc('LDR_X_unscaled', { Rt: 2, Rn: 1, imm9: 3 })], { 1: X(MID) }, fill);
    expectSvc(stop);
    expect(m.cpu.getX(2)).toBe(patternAt(3, 8));
  });
});

describe('SIMD structure loads and stores', () => {
  const bytes = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => (from + i) & 0xff);
  const vbytes = (v: bigint): number[] => le(v, 8).concat(le(v >> 64n, 8));
  const regFrom = (b: readonly number[]): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);

  it('LD1 {4 x 16B}, wrapping from V30 to V1', () => {
    const { m } = exec([enc('LD1_mult', { Q: 1, opcode: 2, size: 0, Rt: 30, Rn: 1 })], { 1: X(MID) }, (mm) => poke(mm, MID, bytes(64)));
    expect(vbytes(getV(m.cpu, 30))).toEqual(bytes(16, 0));
    expect(vbytes(getV(m.cpu, 31))).toEqual(bytes(16, 16));
    expect(vbytes(getV(m.cpu, 0))).toEqual(bytes(16, 32));
    expect(vbytes(getV(m.cpu, 1))).toEqual(bytes(16, 48));
  });

  it('LD1 {2 x 8B} clears the upper halves; post-index by immediate', () => {
    const { m } = exec([enc('LD1_mult_postimm', { Q: 0, opcode: 10, size: 3, Rt: 3, Rn: 1 })], { 1: X(MID) }, (mm) => {
      poke(mm, MID, bytes(16, 100));
      setV(mm.cpu, 3, (1n << 128n) - 1n);
      setV(mm.cpu, 4, (1n << 128n) - 1n);
    });
    expect(getV(m.cpu, 3)).toBe(regFrom(bytes(8, 100)));
    expect(getV(m.cpu, 4)).toBe(regFrom(bytes(8, 108)));
    expect(m.cpu.getX(1)).toBe(X(MID + 16));
  });

  it('ST1 {3 x 8H} with post-index by register', () => {
    const { m } = exec([enc('ST1_mult_postreg', { Q: 1, opcode: 6, size: 1, Rt: 7, Rn: 1, Rm: 2 })], { 1: X(MID), 2: X(-5) }, (mm) => {
      for (let r = 0; r < 3; r++) setV(mm.cpu, 7 + r, regFrom(bytes(16, 16 * r)));
    });
    expect(peek(m, MID, 48)).toEqual(bytes(48));
    expect(m.cpu.getX(1)).toBe(X(MID - 5));
  });

  it('LD2 {4S} de-interleaves and ST2 interleaves', () => {
    const words = [enc('LD2_mult', { Q: 1, size: 2, Rt: 1, Rn: 1 }), enc('ST2_mult_postimm', { Q: 1, size: 2, Rt: 1, Rn: 2 })];
    const { m } = exec(words, { 1: X(MID), 2: X(MID + 64) }, (mm) => poke(mm, MID, bytes(32)));
    // element i of V1 is word 2i, of V2 word 2i+1
    const w = (k: number): number[] => bytes(4, 4 * k);
    expect(vbytes(getV(m.cpu, 1))).toEqual([...w(0), ...w(2), ...w(4), ...w(6)]);
    expect(vbytes(getV(m.cpu, 2))).toEqual([...w(1), ...w(3), ...w(5), ...w(7)]);
    expect(peek(m, MID + 64, 32)).toEqual(bytes(32));
    expect(m.cpu.getX(2)).toBe(X(MID + 96));
  });

  it('LD3 {8B} and LD4 {4H}', () => {
    const words = [enc('LD3_mult', { Q: 0, size: 0, Rt: 10, Rn: 1 }), enc('LD4_mult', { Q: 0, size: 1, Rt: 20, Rn: 1 })];
    const { m } = exec(words, { 1: X(MID) }, (mm) => poke(mm, MID, bytes(32)));
    for (let r = 0; r < 3; r++) {
      expect(vbytes(getV(m.cpu, 10 + r))).toEqual([...Array.from({ length: 8 }, (_, e) => 3 * e + r), ...Array(8).fill(0)]);
    }
    for (let r = 0; r < 4; r++) {
      const halves = Array.from({ length: 4 }, (_, e) => [8 * e + 2 * r, 8 * e + 2 * r + 1]).flat();
      expect(vbytes(getV(m.cpu, 20 + r))).toEqual([...halves, ...Array(8).fill(0)]);
    }
  });

  it('LD1 single lane keeps other lanes (Q=1); ST1 lane stores one element', () => {
    const words = [
      enc('LD1_lane', { Q: 1, op: 2, S: 1, size: 0, Rt: 5, Rn: 1 }),
      enc('ST1_lane_postimm', { Q: 0, op: 1, S: 1, size: 2, Rt: 6, Rn: 2 }),
    ];
    const { m } = exec(words, { 1: X(MID), 2: X(MID + 64) }, (mm) => {
      poke(mm, MID, [0xaa, 0xbb, 0xcc, 0xdd]);
      setV(mm.cpu, 5, 0n);
      setV(mm.cpu, 6, regFrom(bytes(16, 0x40)));
    });
    expect(getV(m.cpu, 5)).toBe(0xddccbbaan << 96n);
    // H lane index Q:S:size<1> = 0:1:1 = 3 -> bytes 6..7
    expect(peek(m, MID + 64, 3)).toEqual([0x46, 0x47, 0]);
    expect(m.cpu.getX(2)).toBe(X(MID + 66));
  });

  it('LD2 lane with Q=0 keeps every other byte of both registers', () => {
    const { m } = exec([enc('LD2_lane', { Q: 0, op: 0, S: 0, size: 3, Rt: 8, Rn: 1 })], { 1: X(MID) }, (mm) => {
      poke(mm, MID, [0x12, 0x34]);
      setV(mm.cpu, 8, (1n << 128n) - 1n);
      setV(mm.cpu, 9, (1n << 128n) - 1n);
    });
    const ones = (1n << 128n) - 1n;
    expect(getV(m.cpu, 8)).toBe((ones & ~(0xffn << 24n)) | (0x12n << 24n));
    expect(getV(m.cpu, 9)).toBe((ones & ~(0xffn << 24n)) | (0x34n << 24n));
  });

  it('LD1R replicates; LD4R post-index by immediate', () => {
    const words = [enc('LD1R', { Q: 1, size: 1, Rt: 1, Rn: 1 }), enc('LD4R_postimm', { Q: 0, size: 0, Rt: 2, Rn: 1 })];
    const { m } = exec(words, { 1: X(MID) }, (mm) => poke(mm, MID, [0x34, 0x12, 0x56, 0x78]));
    expect(getV(m.cpu, 1)).toBe(0x1234123412341234_1234123412341234n);
    expect(getV(m.cpu, 2)).toBe(0x3434343434343434n);
    expect(getV(m.cpu, 3)).toBe(0x1212121212121212n);
    expect(getV(m.cpu, 5)).toBe(0x7878787878787878n);
    expect(m.cpu.getX(1)).toBe(X(MID + 4));
  });
});
