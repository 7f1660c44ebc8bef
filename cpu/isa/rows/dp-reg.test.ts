import { describe, expect, it } from 'vitest';
import { dpRegRows } from './dp-reg.js';
import { hasObjdump } from '../../testing/objdump.js';
import { disassemble } from '../../disasm.js';
import { MASK32, MASK64, addWithCarryFlags, decodes, enc, expectObjdumpAgreement, prng, run, runCases, type Case } from './dp.testkit.js';

const CORNERS = [
  0n, 1n, 2n, 0x7fffffffn, 0x80000000n, 0x80000001n, 0xfffffffen, 0xffffffffn, 0x100000000n,
  0x7fffffffffffffffn, 0x8000000000000000n, 0x8000000000000001n, 0xfffffffffffffffen, MASK64,
  0xffffffff7fffffffn, 0xffffffff80000000n,
];

const widthMask = (sf: number): bigint => (sf ? MASK64 : MASK32);
const toSigned = (v: bigint, sf: number): bigint => BigInt.asIntN(sf ? 64 : 32, v);

/** ShiftReg of the Arm ARM on a `bits`-bit value. */
function shiftReg(v: bigint, type: number, amount: number, sf: number): bigint {
  const mask = widthMask(sf);
  const bits = BigInt(sf ? 64 : 32);
  const x = v & mask;
  const n = BigInt(amount);
  switch (type) {
    case 0: return (x << n) & mask;
    case 1: return x >> n;
    case 2: return BigInt.asUintN(Number(bits), toSigned(x, sf) >> n);
    default: return ((x >> n) | (x << (bits - n))) & mask;
  }
}

/** ExtendReg of the Arm ARM. */
function extendReg(v: bigint, option: number, shift: number, sf: number): bigint {
  const size = [8, 16, 32, 64][option & 3]!;
  let x = v & ((1n << BigInt(size)) - 1n);
  if (option & 4) x = BigInt.asUintN(64, BigInt.asIntN(size, x));
  return (x << BigInt(shift)) & widthMask(sf);
}

/** ConditionHolds of the Arm ARM. */
function conditionHolds(cond: number, nzcv: number): boolean {
  const n = (nzcv >> 3) & 1;
  const z = (nzcv >> 2) & 1;
  const c = (nzcv >> 1) & 1;
  const v = nzcv & 1;
  let result: boolean;
  switch (cond >> 1) {
    case 0: result = z === 1; break;
    case 1: result = c === 1; break;
    case 2: result = n === 1; break;
    case 3: result = v === 1; break;
    case 4: result = c === 1 && z === 0; break;
    case 5: result = n === v; break;
    case 6: result = n === v && z === 0; break;
    default: result = true;
  }
  return (cond & 1) === 1 && cond !== 15 ? !result : result;
}

const sreg = (name: string, sf: number, shift: number, imm6: number, rd = 0, rn = 1, rm = 2): number =>
  enc(name, { sf, shift, imm6, Rm: rm, Rn: rn, Rd: rd });

function expectCases(cases: Case[], expected: { x0: bigint; nzcv?: number }[]): void {
  runCases(cases).forEach((o, i) => {
    expect(o.x(0), `case ${i}: ${disassemble(cases[i]!.word)}`).toBe(expected[i]!.x0);
    if (expected[i]!.nzcv !== undefined) expect(o.nzcv, `case ${i}: ${disassemble(cases[i]!.word)} flags`).toBe(expected[i]!.nzcv);
  });
}

describe('add/subtract with flags at every carry/overflow corner', () => {
  it('ADDS/SUBS (shifted register) and ADCS/SBCS with carry in 0 and 1, both widths', () => {
    const cases: Case[] = [];
    const expected: { x0: bigint; nzcv: number }[] = [];
    for (const sf of [0, 1]) {
      const bits = sf ? 64 : 32;
      for (const a of CORNERS) {
        for (const b of CORNERS) {
          for (const carry of [0, 1]) {
            const regs = { 1: a, 2: b };
            const nzcv = carry ? 0b0010 : 0b1101;
            const add = addWithCarryFlags(a, b, 0n, bits);
            const subtract = addWithCarryFlags(a, ~b, 1n, bits);
            const adc = addWithCarryFlags(a, b, BigInt(carry), bits);
            const sbc = addWithCarryFlags(a, ~b, BigInt(carry), bits);
            cases.push({ word: sreg('ADDS_sreg', sf, 0, 0), regs, nzcv });
            expected.push({ x0: add.result, nzcv: add.nzcv });
            cases.push({ word: sreg('SUBS_sreg', sf, 0, 0), regs, nzcv });
            expected.push({ x0: subtract.result, nzcv: subtract.nzcv });
            cases.push({ word: enc('ADCS', { sf, Rm: 2, Rn: 1, Rd: 0 }), regs, nzcv });
            expected.push({ x0: adc.result, nzcv: adc.nzcv });
            cases.push({ word: enc('SBCS', { sf, Rm: 2, Rn: 1, Rd: 0 }), regs, nzcv });
            expected.push({ x0: sbc.result, nzcv: sbc.nzcv });
            // The forms without S leave the flags alone.
            cases.push({ word: enc('ADC', { sf, Rm: 2, Rn: 1, Rd: 0 }), regs, nzcv });
            expected.push({ x0: adc.result, nzcv });
            cases.push({ word: enc('SBC', { sf, Rm: 2, Rn: 1, Rd: 0 }), regs, nzcv });
            expected.push({ x0: sbc.result, nzcv });
            cases.push({ word: sreg('SUB_sreg', sf, 0, 0), regs, nzcv });
            expected.push({ x0: subtract.result, nzcv });
          }
        }
      }
    }
    expectCases(cases, expected);
  });

  it('hand-worked examples', () => {
    // subs w0, w1, w2: 0x80000000 - 1 = 0x7fffffff, overflow, no borrow.
    const a = run([sreg('SUBS_sreg', 0, 0, 0)], { 1: 0x80000000n, 2: 1n });
    expect([a.x(0), a.nzcv]).toEqual([0x7fffffffn, 0b0011]);
    // adds x0, x1, x2: -1 + 1 = 0 with carry.
    const b = run([sreg('ADDS_sreg', 1, 0, 0)], { 1: MASK64, 2: 1n });
    expect([b.x(0), b.nzcv]).toEqual([0n, 0b0110]);
    // adcs x0, x1, x2 with C=1: INT64_MAX + 0 + 1 overflows.
    const c = run([enc('ADCS', { sf: 1, Rm: 2, Rn: 1, Rd: 0 })], { 1: 0x7fffffffffffffffn, 2: 0n }, 0b0010);
    expect([c.x(0), c.nzcv]).toEqual([0x8000000000000000n, 0b1001]);
    // sbcs w0, w1, w2 with C=0: 0 - 0 - 1 = -1, borrow.
    const d = run([enc('SBCS', { sf: 0, Rm: 2, Rn: 1, Rd: 0 })], { 1: 0n, 2: 0n }, 0);
    expect([d.x(0), d.nzcv]).toEqual([0xffffffffn, 0b1000]);
    // ngc x0, x1 (SBC with Rn=XZR), C=1: -x1.
    expect(run([enc('SBC', { sf: 1, Rm: 1, Rn: 31, Rd: 0 })], { 1: 5n }, 0b0010).x(0)).toBe(BigInt.asUintN(64, -5n));
  });
});

describe('shifted-register operands', () => {
  it('LSL/LSR/ASR (and ROR for logical ops) by 0, 1, width-1 and neighbours of 32', () => {
    const rnd = prng(3);
    const cases: Case[] = [];
    const expected: { x0: bigint; nzcv?: number }[] = [];
    const values = [0x8000000000000001n, 0xfedcba9876543210n, 0x0123456789abcdefn, 0x80000000n];
    for (const sf of [0, 1]) {
      const amounts = sf ? [0, 1, 7, 31, 32, 33, 62, 63] : [0, 1, 7, 16, 30, 31];
      for (const type of [0, 1, 2, 3]) {
        for (const amount of amounts) {
          for (const b of values) {
            const a = ((BigInt(rnd()) << 32n) | BigInt(rnd())) & MASK64;
            const regs = { 1: a, 2: b };
            const op2 = shiftReg(b, type, amount, sf);
            const mask = widthMask(sf);
            const an = a & mask;
            if (type !== 3) {
              cases.push({ word: sreg('ADD_sreg', sf, type, amount), regs });
              expected.push({ x0: (an + op2) & mask });
              cases.push({ word: sreg('SUB_sreg', sf, type, amount), regs });
              expected.push({ x0: (an - op2) & mask });
            }
            cases.push({ word: sreg('AND_sreg', sf, type, amount), regs });
            expected.push({ x0: an & op2 });
            cases.push({ word: sreg('BIC_sreg', sf, type, amount), regs });
            expected.push({ x0: an & ~op2 & mask });
            cases.push({ word: sreg('ORR_sreg', sf, type, amount), regs });
            expected.push({ x0: an | op2 });
            cases.push({ word: sreg('ORN_sreg', sf, type, amount), regs });
            expected.push({ x0: (an | ~op2) & mask });
            cases.push({ word: sreg('EOR_sreg', sf, type, amount), regs });
            expected.push({ x0: an ^ op2 });
            cases.push({ word: sreg('EON_sreg', sf, type, amount), regs });
            expected.push({ x0: (an ^ ~op2) & mask });
            const top = BigInt(sf ? 63 : 31);
            for (const [name, value] of [['ANDS_sreg', an & op2], ['BICS_sreg', an & ~op2 & mask]] as const) {
              cases.push({ word: sreg(name, sf, type, amount), regs, nzcv: 0b0011 });
              expected.push({ x0: value, nzcv: (Number(value >> top) << 3) | (value === 0n ? 4 : 0) });
            }
          }
        }
      }
    }
    expectCases(cases, expected);
  });

  it('hand-worked examples', () => {
    const regs = { 1: 0x10n, 2: 0x8000000000000000n };
    expect(run([sreg('ADD_sreg', 1, 2, 63)], regs).x(0)).toBe(0xfn); // 0x10 + (-1)
    expect(run([sreg('ADD_sreg', 1, 1, 63)], regs).x(0)).toBe(0x11n);
    expect(run([sreg('ORR_sreg', 1, 3, 1, 0, 31)], { 2: 1n }).x(0)).toBe(0x8000000000000000n);
    expect(run([sreg('ORR_sreg', 0, 3, 1, 0, 31)], { 2: 1n }).x(0)).toBe(0x80000000n);
    // mvn w0, w2 clears the upper half.
    expect(run([sreg('ORN_sreg', 0, 0, 0, 0, 31)], { 2: 0xf0n }).x(0)).toBe(0xffffff0fn);
    // neg x0, x2, lsl #1
    expect(run([sreg('SUB_sreg', 1, 0, 1, 0, 31)], { 2: 3n }).x(0)).toBe(BigInt.asUintN(64, -6n));
  });

  it('reserved shift encodings are undefined', () => {
    expect(decodes(sreg('ADD_sreg', 1, 2, 5))).toBe(true);
    expect(decodes(sreg('ADD_sreg', 1, 2, 5) | (1 << 23) | (1 << 22))).toBe(false);
    expect(decodes(sreg('SUBS_sreg', 0, 0, 31))).toBe(true);
    expect(decodes(sreg('SUBS_sreg', 0, 0, 31) | (1 << 15))).toBe(false);
    expect(decodes(sreg('EON_sreg', 0, 3, 31) | (1 << 15))).toBe(false);
    expect(decodes(sreg('EON_sreg', 1, 3, 63))).toBe(true);
  });
});

describe('extended-register operands', () => {
  const ext = (name: string, sf: number, option: number, imm3: number, rd = 0, rn = 1): number =>
    enc(name, { sf, option, imm3, Rm: 2, Rn: rn, Rd: rd });

  it('every extend with shifts 0..4, including SP as base and destination', () => {
    const cases: Case[] = [];
    const expected: { x0: bigint; nzcv?: number }[] = [];
    const ms = [0xfedcba9876543281n, 0x0123456789ab7f7fn, 0x80008080n];
    for (const sf of [0, 1]) {
      const mask = widthMask(sf);
      for (let option = 0; option < 8; option++) {
        for (let imm3 = 0; imm3 <= 4; imm3++) {
          for (const m of ms) {
            const base = 0x7fff_0000_1234_5678n;
            const op2 = extendReg(m, option, imm3, sf);
            cases.push({ word: ext('ADD_ext', sf, option, imm3), regs: { 1: base, 2: m } });
            expected.push({ x0: ((base & mask) + op2) & mask });
            cases.push({ word: ext('SUB_ext', sf, option, imm3, 0, 31), regs: { 31: base, 2: m } });
            expected.push({ x0: ((base & mask) - op2) & mask });
            const flags = addWithCarryFlags(base, ~op2, 1n, sf ? 64 : 32);
            cases.push({ word: ext('SUBS_ext', sf, option, imm3), regs: { 1: base, 2: m } });
            expected.push({ x0: flags.result, nzcv: flags.nzcv });
            const sum = addWithCarryFlags(base, op2, 0n, sf ? 64 : 32);
            cases.push({ word: ext('ADDS_ext', sf, option, imm3, 0, 31), regs: { 31: base, 2: m } });
            expected.push({ x0: sum.result, nzcv: sum.nzcv });
          }
        }
      }
    }
    expectCases(cases, expected);
  });

  it('hand-worked examples and SP destination', () => {
    // add sp, sp, w2, sxtw #3 with w2 = -1: sp - 8.
    expect(run([ext('ADD_ext', 1, 6, 3, 31, 31)], { 31: 0x1000n, 2: 0xffffffffn }).x(31)).toBe(0xff8n);
    // sub x0, x1, w2, uxtb #4 with w2 = 0x1ff: x1 - 0xff0.
    expect(run([ext('SUB_ext', 1, 0, 4)], { 1: 0x1000n, 2: 0x1ffn }).x(0)).toBe(0x10n);
    // add w0, w1, w2, sxth with w2 = 0x8000: w1 - 0x8000, upper half cleared.
    expect(run([ext('ADD_ext', 0, 5, 0)], { 1: 0xffffffff00010000n, 2: 0x8000n }).x(0)).toBe(0x8000n);
    // cmp sp, x2 (SUBS_ext uxtx, Rd=ZR) leaves SP.
    const o = run([ext('SUBS_ext', 1, 3, 0, 31, 31)], { 31: 0x2000n, 2: 0x2000n });
    expect([o.x(31), o.nzcv]).toEqual([0x2000n, 0b0110]);
  });

  it('shift amounts above 4 and option bits other than 00 are unallocated', () => {
    expect(decodes(ext('ADD_ext', 1, 2, 4))).toBe(true);
    for (const imm3 of [5, 6, 7]) expect(decodes((ext('ADD_ext', 1, 2, 0) | (imm3 << 10)) >>> 0)).toBe(false);
    expect(decodes(ext('ADD_ext', 1, 2, 1) | (1 << 22))).toBe(false);
    expect(decodes(ext('ADD_ext', 1, 2, 1) | (1 << 23))).toBe(false);
  });
});

describe('variable shifts', () => {
  it('shift by the register modulo the width', () => {
    const cases: Case[] = [];
    const expected: { x0: bigint }[] = [];
    const counts = [0n, 1n, 7n, 31n, 32n, 33n, 63n, 64n, 65n, 127n, 0x100000001n, MASK64];
    const values = [0x8000000000000001n, 0xfedcba9876543210n, 0x0123456789abcdefn, 0x80000001n];
    for (const sf of [0, 1]) {
      for (const [type, name] of ['LSLV', 'LSRV', 'ASRV', 'RORV'].entries()) {
        for (const count of counts) {
          for (const v of values) {
            cases.push({ word: enc(name, { sf, Rm: 2, Rn: 1, Rd: 0 }), regs: { 1: v, 2: count } });
            expected.push({ x0: shiftReg(v, type, Number(count % (sf ? 64n : 32n)), sf) });
          }
        }
      }
    }
    expectCases(cases, expected);
  });

  it('hand-worked examples', () => {
    const v = 0x8000000000000001n;
    expect(run([enc('ASRV', { sf: 1, Rm: 2, Rn: 1, Rd: 0 })], { 1: v, 2: 63n }).x(0)).toBe(MASK64);
    expect(run([enc('ASRV', { sf: 1, Rm: 2, Rn: 1, Rd: 0 })], { 1: v, 2: 64n }).x(0)).toBe(v);
    expect(run([enc('RORV', { sf: 1, Rm: 2, Rn: 1, Rd: 0 })], { 1: v, 2: 1n }).x(0)).toBe(0xc000000000000000n);
    expect(run([enc('LSLV', { sf: 0, Rm: 2, Rn: 1, Rd: 0 })], { 1: v, 2: 32n + 31n }).x(0)).toBe(0x80000000n);
    expect(run([enc('LSRV', { sf: 0, Rm: 2, Rn: 1, Rd: 0 })], { 1: 0xffffffff_80000000n, 2: 31n }).x(0)).toBe(1n);
  });
});

describe('multiply', () => {
  /** Only MADD and MSUB have a 32-bit form. */
  const sfField = (name: string, sf: number): Record<string, number> => (name === 'MADD' || name === 'MSUB' ? { sf } : {});
  const values = [0n, 1n, 2n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, 0x8000000000000000n, MASK64, 0xfedcba9876543210n, 0x0123456789abcdefn, 0xffffffff00000001n];

  it('MADD/MSUB/SMADDL/SMSUBL/UMADDL/UMSUBL/SMULH/UMULH over corner values', () => {
    const cases: Case[] = [];
    const expected: { x0: bigint }[] = [];
    const addend = 0x1111111111111111n;
    const u32 = (v: bigint): bigint => v & MASK32;
    const s32 = (v: bigint): bigint => BigInt.asIntN(32, v);
    const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
    for (const n of values) {
      for (const m of values) {
        const regs = { 1: n, 2: m, 3: addend };
        const three = (name: string, sf = 1): number => enc(name, { ...sfField(name, sf), Rm: 2, Ra: 3, Rn: 1, Rd: 0 });
        cases.push({ word: three('MADD'), regs });
        expected.push({ x0: (addend + n * m) & MASK64 });
        cases.push({ word: three('MSUB'), regs });
        expected.push({ x0: (addend - n * m) & MASK64 });
        cases.push({ word: three('MADD', 0), regs });
        expected.push({ x0: (addend + n * m) & MASK32 });
        cases.push({ word: three('MSUB', 0), regs });
        expected.push({ x0: (addend - n * m) & MASK32 });
        cases.push({ word: three('SMADDL'), regs });
        expected.push({ x0: (addend + s32(n) * s32(m)) & MASK64 });
        cases.push({ word: three('SMSUBL'), regs });
        expected.push({ x0: (addend - s32(n) * s32(m)) & MASK64 });
        cases.push({ word: three('UMADDL'), regs });
        expected.push({ x0: (addend + u32(n) * u32(m)) & MASK64 });
        cases.push({ word: three('UMSUBL'), regs });
        expected.push({ x0: (addend - u32(n) * u32(m)) & MASK64 });
        cases.push({ word: three('SMULH'), regs });
        expected.push({ x0: ((s64(n) * s64(m)) >> 64n) & MASK64 });
        cases.push({ word: three('UMULH'), regs });
        expected.push({ x0: (n * m) >> 64n });
      }
    }
    expectCases(cases, expected);
  });

  it('hand-worked examples (mul, smull, umulh corners)', () => {
    const mul = (name: string, sf: number, regs: Record<number, bigint>): bigint =>
      run([enc(name, { ...sfField(name, sf), Rm: 2, Ra: 31, Rn: 1, Rd: 0 })], regs).x(0);
    expect(mul('MADD', 1, { 1: 0x100000000n, 2: 0x100000000n })).toBe(0n);
    expect(mul('MADD', 1, { 1: 0xffffffffn, 2: 0xffffffffn })).toBe(0xfffffffe00000001n);
    expect(mul('MADD', 0, { 1: 0x10000n, 2: 0x10000n })).toBe(0n);
    expect(mul('MSUB', 1, { 1: 3n, 2: 4n })).toBe(BigInt.asUintN(64, -12n));
    expect(mul('SMADDL', 1, { 1: 0x80000000n, 2: 0x80000000n })).toBe(0x4000000000000000n);
    expect(mul('SMADDL', 1, { 1: 0xffffffffn, 2: 2n })).toBe(BigInt.asUintN(64, -2n));
    expect(mul('UMADDL', 1, { 1: 0xffffffffn, 2: 0xffffffffn })).toBe(0xfffffffe00000001n);
    expect(mul('UMULH', 1, { 1: MASK64, 2: MASK64 })).toBe(0xfffffffffffffffen);
    expect(mul('SMULH', 1, { 1: MASK64, 2: MASK64 })).toBe(0n);
    expect(mul('SMULH', 1, { 1: 0x8000000000000000n, 2: 0x8000000000000000n })).toBe(0x4000000000000000n);
    expect(mul('SMULH', 1, { 1: 0x8000000000000000n, 2: 1n })).toBe(MASK64);
  });

  it('SMULH/UMULH with o0 = 1 are unallocated; Ra is ignored', () => {
    const w = enc('UMULH', { Rm: 2, Ra: 31, Rn: 1, Rd: 0 });
    expect(decodes(w | (1 << 15))).toBe(false);
    expect(run([w & ~(31 << 10)], { 1: MASK64, 2: 2n }).x(0)).toBe(1n);
    // The 32-bit forms of the long multiplies do not exist.
    expect(decodes(enc('SMADDL', { Rm: 2, Ra: 3, Rn: 1, Rd: 0 }) & 0x7fffffff)).toBe(false);
  });
});

describe('divide', () => {
  const div = (name: string, sf: number, n: bigint, m: bigint): bigint =>
    run([enc(name, { sf, Rm: 2, Rn: 1, Rd: 0 })], { 1: n, 2: m }).x(0);

  it('division by zero gives 0; INT_MIN / -1 gives INT_MIN; quotients round toward zero', () => {
    expect(div('UDIV', 1, 123n, 0n)).toBe(0n);
    expect(div('SDIV', 1, 123n, 0n)).toBe(0n);
    expect(div('UDIV', 0, 123n, 0x100000000n)).toBe(0n); // W2 = 0
    expect(div('SDIV', 0, 0x80000000n, 0n)).toBe(0n);
    expect(div('SDIV', 1, 0x8000000000000000n, MASK64)).toBe(0x8000000000000000n);
    expect(div('SDIV', 0, 0x80000000n, 0xffffffffn)).toBe(0x80000000n);
    expect(div('SDIV', 1, BigInt.asUintN(64, -7n), 2n)).toBe(BigInt.asUintN(64, -3n));
    expect(div('SDIV', 0, BigInt.asUintN(32, -7n), 2n)).toBe(BigInt.asUintN(32, -3n));
    expect(div('SDIV', 1, 7n, BigInt.asUintN(64, -2n))).toBe(BigInt.asUintN(64, -3n));
    expect(div('UDIV', 0, 0xffffffffn, 2n)).toBe(0x7fffffffn);
    expect(div('UDIV', 1, MASK64, 3n)).toBe(0x5555555555555555n);
    expect(div('UDIV', 1, MASK64, MASK64)).toBe(1n);
    expect(div('SDIV', 1, MASK64, MASK64)).toBe(1n);
    expect(div('UDIV', 1, (1n << 53n) + 1n, 1n)).toBe((1n << 53n) + 1n);
    expect(div('SDIV', 1, 0x8000000000000000n, 2n)).toBe(0xc000000000000000n);
    // The 32-bit forms ignore the upper halves.
    expect(div('UDIV', 0, 0xffff_ffff_0000_0010n, 0x1_0000_0004n)).toBe(4n);
  });

  it('agrees with exact division over corner values', () => {
    const cases: Case[] = [];
    const expected: { x0: bigint }[] = [];
    for (const sf of [0, 1]) {
      const mask = widthMask(sf);
      for (const n of CORNERS) {
        for (const m of CORNERS) {
          const un = n & mask;
          const um = m & mask;
          cases.push({ word: enc('UDIV', { sf, Rm: 2, Rn: 1, Rd: 0 }), regs: { 1: n, 2: m } });
          expected.push({ x0: um === 0n ? 0n : un / um });
          const sn = toSigned(un, sf);
          const sm = toSigned(um, sf);
          cases.push({ word: enc('SDIV', { sf, Rm: 2, Rn: 1, Rd: 0 }), regs: { 1: n, 2: m } });
          expected.push({ x0: sm === 0n ? 0n : (sn / sm) & mask });
        }
      }
    }
    expectCases(cases, expected);
  });
});

describe('one-source operations', () => {
  const oneFields = (name: string, sf: number): Record<string, number> =>
    name === 'REV32' ? {} : name === 'REV' ? { sf, opc0: sf } : { sf };
  const one = (name: string, sf: number, v: bigint): bigint =>
    run([enc(name, { ...oneFields(name, sf), Rn: 1, Rd: 0 })], { 1: v }).x(0);

  it('CLZ/CLS', () => {
    expect(one('CLZ', 1, 0n)).toBe(64n);
    expect(one('CLZ', 1, 1n)).toBe(63n);
    expect(one('CLZ', 1, 0x100000000n)).toBe(31n);
    expect(one('CLZ', 1, MASK64)).toBe(0n);
    expect(one('CLZ', 0, 0xffffffff00000000n)).toBe(32n);
    expect(one('CLZ', 0, 0x8000n)).toBe(16n);
    expect(one('CLS', 1, 0n)).toBe(63n);
    expect(one('CLS', 1, MASK64)).toBe(63n);
    expect(one('CLS', 1, 0x8000000000000000n)).toBe(0n);
    expect(one('CLS', 1, 0xffffffff80000000n)).toBe(32n);
    expect(one('CLS', 1, 0x0000000080000000n)).toBe(31n);
    expect(one('CLS', 0, 0n)).toBe(31n);
    expect(one('CLS', 0, 0xffffffffn)).toBe(31n);
    expect(one('CLS', 0, 0x40000000n)).toBe(0n);
    expect(one('CLS', 0, 0xfffff000n)).toBe(19n);
    expect(one('CLS', 0, 0x1_0000_0001n)).toBe(30n);
  });

  it('RBIT/REV16/REV32/REV', () => {
    const v = 0x0123456789abcdefn;
    expect(one('RBIT', 1, v)).toBe(0xf7b3d591e6a2c480n);
    expect(one('RBIT', 0, v)).toBe(0xf7b3d591n);
    expect(one('RBIT', 1, 1n)).toBe(0x8000000000000000n);
    expect(one('REV16', 1, v)).toBe(0x23016745ab89efcdn);
    expect(one('REV16', 0, v)).toBe(0xab89efcdn);
    expect(one('REV32', 1, v)).toBe(0x67452301efcdab89n);
    expect(one('REV', 1, v)).toBe(0xefcdab8967452301n);
    expect(one('REV', 0, v)).toBe(0xefcdab89n);
  });

  it('unallocated combinations', () => {
    // REV with sf=0 and opc=11 (would be a 64-bit REV).
    expect(decodes(enc('REV', { sf: 0, opc0: 0, Rn: 1, Rd: 0 }))).toBe(true);
    expect(decodes(enc('REV', { sf: 1, opc0: 1, Rn: 1, Rd: 0 }) & 0x7fffffff)).toBe(false);
    // opcode2 != 00000 and S = 1 are not these instructions.
    expect(decodes(enc('CLZ', { sf: 1, Rn: 1, Rd: 0 }) | (1 << 29))).toBe(false);
  });
});

describe('conditional select and compare', () => {
  it('CSEL/CSINC/CSINV/CSNEG for every condition and flag combination', () => {
    const cases: Case[] = [];
    const expected: { x0: bigint; nzcv: number }[] = [];
    const n = 0x1111111122222222n;
    for (const sf of [0, 1]) {
      const mask = widthMask(sf);
      for (const m of [0n, MASK64, 0x7fffffffn, 0x00000000ffffffffn, 0x123456789n]) {
        for (let c = 0; c < 16; c++) {
          for (let nzcv = 0; nzcv < 16; nzcv++) {
            const holds = conditionHolds(c, nzcv);
            const mm = m & mask;
            const results: Record<string, bigint> = {
              CSEL: mm,
              CSINC: (mm + 1n) & mask,
              CSINV: ~mm & mask,
              CSNEG: -mm & mask,
            };
            for (const name of ['CSEL', 'CSINC', 'CSINV', 'CSNEG']) {
              cases.push({ word: enc(name, { sf, Rm: 2, cond: c, Rn: 1, Rd: 0 }), regs: { 1: n, 2: m }, nzcv });
              expected.push({ x0: holds ? n & mask : results[name]!, nzcv });
            }
          }
        }
      }
    }
    expectCases(cases, expected);
  });

  it('aliases cset/csetm/cinc/cneg behave as written', () => {
    // cset x0, eq is CSINC x0, xzr, xzr, ne.
    expect(run([enc('CSINC', { sf: 1, Rm: 31, cond: 1, Rn: 31, Rd: 0 })], {}, 0b0100).x(0)).toBe(1n);
    expect(run([enc('CSINC', { sf: 1, Rm: 31, cond: 1, Rn: 31, Rd: 0 })], {}, 0).x(0)).toBe(0n);
    expect(run([enc('CSINV', { sf: 0, Rm: 31, cond: 1, Rn: 31, Rd: 0 })], {}, 0b0100).x(0)).toBe(0xffffffffn);
    // cneg x0, x1, mi is CSNEG x0, x1, x1, pl.
    expect(run([enc('CSNEG', { sf: 1, Rm: 1, cond: 5, Rn: 1, Rd: 0 })], { 1: 5n }, 0b1000).x(0)).toBe(BigInt.asUintN(64, -5n));
    // cinc w0, w1 with w1 = 0xffffffff wraps to 0.
    expect(run([enc('CSINC', { sf: 0, Rm: 1, cond: 0, Rn: 1, Rd: 0 })], { 1: 0xffffffffn }, 0).x(0)).toBe(0n);
    // csinc x0, x1, x2 with x2 = 0xffffffff: carry into the upper half.
    expect(run([enc('CSINC', { sf: 1, Rm: 2, cond: 0, Rn: 1, Rd: 0 })], { 2: 0xffffffffn }, 0).x(0)).toBe(0x100000000n);
  });

  it('CCMP/CCMN (register and immediate): compare when the condition holds, else take #nzcv', () => {
    const cases: Case[] = [];
    const expected: { x0: bigint; nzcv: number }[] = [];
    for (const sf of [0, 1]) {
      const bits = sf ? 64 : 32;
      for (const [a, b] of [[0n, 0n], [1n, 2n], [0x80000000n, 1n], [0x8000000000000000n, 1n], [MASK64, 1n], [0x7fffffffn, 0x1fn]] as const) {
        for (let c = 0; c < 16; c++) {
          for (const flags of [0b0000, 0b0100, 0b1001, 0b0110]) {
            const holds = conditionHolds(c, flags);
            const nzcvImm = (c * 7 + 3) & 15;
            const regs = { 0: 0x55n, 1: a, 2: b };
            const imm = Number(b & 31n);
            const cmp = addWithCarryFlags(a, ~b, 1n, bits).nzcv;
            const cmn = addWithCarryFlags(a, b, 0n, bits).nzcv;
            const cmpImm = addWithCarryFlags(a, ~BigInt(imm), 1n, bits).nzcv;
            const cmnImm = addWithCarryFlags(a, BigInt(imm), 0n, bits).nzcv;
            cases.push({ word: enc('CCMP_reg', { sf, Rm: 2, cond: c, Rn: 1, nzcv: nzcvImm }), regs, nzcv: flags });
            expected.push({ x0: 0x55n, nzcv: holds ? cmp : nzcvImm });
            cases.push({ word: enc('CCMN_reg', { sf, Rm: 2, cond: c, Rn: 1, nzcv: nzcvImm }), regs, nzcv: flags });
            expected.push({ x0: 0x55n, nzcv: holds ? cmn : nzcvImm });
            cases.push({ word: enc('CCMP_imm', { sf, imm5: imm, cond: c, Rn: 1, nzcv: nzcvImm }), regs, nzcv: flags });
            expected.push({ x0: 0x55n, nzcv: holds ? cmpImm : nzcvImm });
            cases.push({ word: enc('CCMN_imm', { sf, imm5: imm, cond: c, Rn: 1, nzcv: nzcvImm }), regs, nzcv: flags });
            expected.push({ x0: 0x55n, nzcv: holds ? cmnImm : nzcvImm });
          }
        }
      }
    }
    expectCases(cases, expected);
  });

  it('unallocated variants', () => {
    const ccmp = enc('CCMP_reg', { sf: 1, Rm: 2, cond: 0, Rn: 1, nzcv: 0 });
    expect(decodes(ccmp | (1 << 10))).toBe(false); // o2
    expect(decodes(ccmp | (1 << 4))).toBe(false); // o3
    expect(decodes(ccmp & ~(1 << 29))).toBe(false); // S = 0
    const csel = enc('CSEL', { sf: 1, Rm: 2, cond: 0, Rn: 1, Rd: 0 });
    expect(decodes(csel | (1 << 29))).toBe(false); // S = 1
    expect(decodes(csel | (1 << 11))).toBe(false); // op2 = 1x
  });
});

describe('flag manipulation (FEAT_FlagM)', () => {
  it('RMIF rotates Xn right and moves the selected low bits into NZCV', () => {
    // ror(0b1010 << 4, 4) = 0b1010: N=1 Z=0 C=1 V=0; mask 0b0110 sets only Z and C.
    const o = run([enc('RMIF', { imm6: 4, Rn: 1, mask: 0b0110 })], { 1: 0xa0n }, 0b1101);
    expect(o.nzcv).toBe(0b1011);
    expect(run([enc('RMIF', { imm6: 63, Rn: 1, mask: 0b1111 })], { 1: 0x8000000000000007n }).nzcv).toBe(0b1111);
  });

  it('SETF8/SETF16 set N, Z, V from the low byte/halfword and keep C', () => {
    expect(run([enc('SETF8', { Rn: 1 })], { 1: 0x180n }, 0b0010).nzcv).toBe(0b1010);
    expect(run([enc('SETF8', { Rn: 1 })], { 1: 0x100n }, 0).nzcv).toBe(0b0101);
    expect(run([enc('SETF8', { Rn: 1 })], { 1: 0x7fn }, 0b1111).nzcv).toBe(0b0010);
    expect(run([enc('SETF16', { Rn: 1 })], { 1: 0x18000n }, 0).nzcv).toBe(0b1000);
    expect(run([enc('SETF16', { Rn: 1 })], { 1: 0x8000n }, 0).nzcv).toBe(0b1001);
  });
});

describe('CRC32', () => {
  it('computes the CRC-32 and CRC-32C check values of "123456789"', () => {
    const bytes = [...'123456789'].map((c) => BigInt(c.charCodeAt(0)));
    const le = (bs: bigint[]): bigint => bs.reduceRight((acc, b) => (acc << 8n) | b, 0n);
    for (const [name, check] of [['CRC32', 0xcbf43926n], ['CRC32C', 0xe3069283n]] as const) {
      // crc32x over bytes 0..7, then crc32b over byte 8.
      const x = enc(name, { sf: 1, sz: 3, Rm: 2, Rn: 0, Rd: 0 });
      const b = enc(name, { sf: 0, sz: 0, Rm: 3, Rn: 0, Rd: 0 });
      const o = run([x, b], { 0: 0xffffffffn, 2: le(bytes.slice(0, 8)), 3: bytes[8]! });
      expect(~o.x(0) & MASK32).toBe(check);
      // crc32w, crc32h, crc32b, crc32b, crc32b (with junk in the unused upper bits).
      const w = enc(name, { sf: 0, sz: 2, Rm: 2, Rn: 0, Rd: 0 });
      const h = enc(name, { sf: 0, sz: 1, Rm: 3, Rn: 0, Rd: 0 });
      const b4 = enc(name, { sf: 0, sz: 0, Rm: 4, Rn: 0, Rd: 0 });
      const b5 = enc(name, { sf: 0, sz: 0, Rm: 5, Rn: 0, Rd: 0 });
      const b6 = enc(name, { sf: 0, sz: 0, Rm: 6, Rn: 0, Rd: 0 });
      const o2 = run([w, h, b4, b5, b6], {
        0: 0xdead_0000_ffffffffn,
        2: 0xffff_0000_0000_0000n | le(bytes.slice(0, 4)),
        3: 0xff_0000n | le(bytes.slice(4, 6)),
        4: 0xff00n | bytes[6]!,
        5: bytes[7]!,
        6: bytes[8]!,
      });
      expect(~o2.x(0) & MASK32).toBe(check);
    }
  });

  it('size/sf mismatches are unallocated', () => {
    expect(decodes(enc('CRC32', { sf: 1, sz: 3, Rm: 2, Rn: 1, Rd: 0 }) & 0x7fffffff)).toBe(false);
    expect(decodes(enc('CRC32C', { sf: 0, sz: 2, Rm: 2, Rn: 1, Rd: 0 }) | 0x80000000)).toBe(false);
  });
});

describe('disassembly matches GNU objdump', () => {
  it.skipIf(!hasObjdump())('for random words of every dp-reg row', () => {
    expectObjdumpAgreement(dpRegRows, 400, 0xd9);
  });
});
