import { describe, expect, it } from 'vitest';
import { decodeBitMasks, dpImmRows } from './dp-imm.js';
import { CODE_BASE } from '../../testing/run-words.js';
import { hasObjdump, objdumpWords } from '../../testing/objdump.js';
import { disassemble } from '../../disasm.js';
import { MASK32, MASK64, addWithCarryFlags, decodes, enc, expectObjdumpAgreement, prng, run, runCases, type Case } from './dp.testkit.js';

/** DecodeBitMasks transcribed literally from the Arm ARM, on bit strings (MSB first). */
function referenceDecodeBitMasks(immN: number, imms: number, immr: number, immediate: boolean, m: number): { wmask: bigint; tmask: bigint } | null {
  const bitString = (v: number, n: number): string => (v >>> 0).toString(2).padStart(32, '0').slice(32 - n);
  const combined = bitString(immN, 1) + bitString(~imms, 6);
  const highest = combined.indexOf('1');
  const len = highest < 0 ? -1 : 6 - highest;
  if (len < 1) return null;
  if (m < 1 << len) return null;
  const levels = (1 << len) - 1;
  if (immediate && (imms & levels) === levels) return null;
  const s = imms & levels;
  const r = immr & levels;
  const diff = (s - r) & 0x3f;
  const esize = 1 << len;
  const d = diff & ((1 << len) - 1);
  const ones = (n: number): string => '1'.repeat(n).padStart(esize, '0');
  const ror = (x: string, n: number): string => (n === 0 ? x : x.slice(x.length - n) + x.slice(0, x.length - n));
  const welem = ones(s + 1);
  const telem = ones(d + 1);
  return {
    wmask: BigInt('0b' + ror(welem, r).repeat(m / esize)),
    tmask: BigInt('0b' + telem.repeat(m / esize)),
  };
}

describe('DecodeBitMasks', () => {
  it('matches the pseudocode for all 8192 N:immr:imms values, both widths, both uses', () => {
    for (const m of [32, 64]) {
      for (const immediate of [true, false]) {
        for (let v = 0; v < 8192; v++) {
          const n = v >> 12;
          const immr = (v >> 6) & 0x3f;
          const imms = v & 0x3f;
          expect(decodeBitMasks(n, imms, immr, immediate, m)).toEqual(referenceDecodeBitMasks(n, imms, immr, immediate, m));
        }
      }
    }
  });

  it('has 5334 valid 64-bit and 1302 valid 32-bit logical immediates', () => {
    const count = (m: number): number => {
      const seen = new Set<bigint>();
      for (let v = 0; v < 8192; v++) {
        const masks = decodeBitMasks(v >> 12, v & 0x3f, (v >> 6) & 0x3f, true, m);
        if (masks) seen.add(masks.wmask);
      }
      return seen.size;
    };
    expect(count(64)).toBe(5334);
    expect(count(32)).toBe(1302);
  });
});

const logicalImm = (name: string, sf: number, n: number, immr: number, imms: number, rd = 0, rn = 1): number =>
  enc(name, { sf, N: n, immr, imms, Rn: rn, Rd: rd });

describe('logical (immediate)', () => {
  it('AND/ORR/EOR with examples worked out by hand', () => {
    const x1 = 0x123456789abcdef0n;
    // N=1 immr=0 imms=7: 0xff. N=0 immr=0 imms=0b111100 (esize 2, S=0): 0x5555...
    expect(run([logicalImm('AND_imm', 1, 1, 0, 7)], { 1: x1 }).x(0)).toBe(0xf0n);
    expect(run([logicalImm('ORR_imm', 1, 0, 0, 0x3c)], { 1: x1 }).x(0)).toBe(x1 | 0x5555555555555555n);
    // N=1 immr=1 imms=0: ROR(1, 1) = bit 63.
    expect(run([logicalImm('EOR_imm', 1, 1, 1, 0)], { 1: x1 }).x(0)).toBe(x1 ^ 0x8000000000000000n);
    // 32-bit: N=0 immr=4 imms=0b000111 (esize 32, 8 ones rotated right by 4): 0xf000000f.
    expect(run([logicalImm('AND_imm', 0, 0, 4, 7)], { 1: 0xffffffff_ffffffffn }).x(0)).toBe(0xf000000fn);
  });

  it('AND/ORR/EOR may write SP; ANDS writes flags with C and V cleared', () => {
    expect(run([logicalImm('ORR_imm', 1, 1, 0, 15, 31, 31)], {}).x(31)).toBe(0xffffn);
    const ands = run([logicalImm('ANDS_imm', 1, 1, 1, 0)], { 1: 0x8000000000000001n }, 0b0011);
    expect(ands.x(0)).toBe(0x8000000000000000n);
    expect(ands.nzcv).toBe(0b1000);
    const zero = run([logicalImm('ANDS_imm', 0, 0, 0, 7)], { 1: 0xffffff00n }, 0b0011);
    expect(zero.x(0)).toBe(0n);
    expect(zero.nzcv).toBe(0b0100);
    // 32-bit N from bit 31.
    expect(run([logicalImm('ANDS_imm', 0, 0, 1, 0)], { 1: 0xffffffffn }).nzcv).toBe(0b1000);
  });

  it('agrees with the pseudocode for every valid immediate of each opcode (sampled operands)', () => {
    const rnd = prng(5);
    const cases: Case[] = [];
    const expected: { value: bigint; nzcv: number }[] = [];
    for (const [name, opc] of [['AND_imm', 0], ['ORR_imm', 1], ['EOR_imm', 2], ['ANDS_imm', 3]] as const) {
      for (const sf of [0, 1]) {
        for (let v = 0; v < 8192; v += 3) {
          const n = v >> 12;
          if (!sf && n) continue;
          const masks = referenceDecodeBitMasks(n, v & 0x3f, (v >> 6) & 0x3f, true, sf ? 64 : 32);
          if (!masks) continue;
          const mask = sf ? MASK64 : MASK32;
          const src = ((BigInt(rnd()) << 32n) | BigInt(rnd())) & MASK64;
          const a = src & mask;
          const imm = masks.wmask;
          const value = opc === 1 ? a | imm : opc === 2 ? a ^ imm : a & imm;
          const topBit = sf ? 63n : 31n;
          const nzcv = opc === 3 ? (Number((value >> topBit) & 1n) << 3) | (value === 0n ? 4 : 0) : 0b0110;
          cases.push({ word: logicalImm(name, sf, n, (v >> 6) & 0x3f, v & 0x3f), regs: { 1: src }, nzcv: 0b0110 });
          expected.push({ value, nzcv });
        }
      }
    }
    const outcomes = runCases(cases);
    outcomes.forEach((o, i) => {
      expect(o.x(0)).toBe(expected[i]!.value);
      expect(o.nzcv).toBe(expected[i]!.nzcv);
    });
  });

  it('reserved encodings are undefined', () => {
    // sf=0 with N=1.
    expect(decodes(0x12400000)).toBe(false);
    // N=1 imms=111111: all-ones element.
    expect(decodes(logicalImm('AND_imm', 1, 1, 0, 62) | (1 << 10))).toBe(false);
    // N=0 imms=11110x: esize 2 with S all ones; imms=11111x: no element size.
    for (const imms of [0x3d, 0x3e, 0x3f]) expect(decodes(0x92000000 | (imms << 10))).toBe(false);
    expect(decodes(0x92000000 | (0x3c << 10))).toBe(true);
  });
});

describe('move wide', () => {
  it('MOVZ/MOVN/MOVK values', () => {
    expect(run([enc('MOVZ', { sf: 1, hw: 3, imm16: 0xabcd, Rd: 0 })], { 0: 5n }).x(0)).toBe(0xabcd000000000000n);
    expect(run([enc('MOVN', { sf: 1, hw: 1, imm16: 0x1234, Rd: 0 })]).x(0)).toBe(0xffffffffedcbffffn);
    expect(run([enc('MOVN', { sf: 0, hw: 1, imm16: 0x1234, Rd: 0 })]).x(0)).toBe(0xedcbffffn);
    expect(run([enc('MOVN', { sf: 0, hw: 0, imm16: 0, Rd: 0 })]).x(0)).toBe(0xffffffffn);
    expect(run([enc('MOVK', { sf: 1, hw: 2, imm16: 0xbeef, Rd: 0 })], { 0: 0x1111222233334444n }).x(0)).toBe(0x1111beef33334444n);
    expect(run([enc('MOVK', { sf: 0, hw: 1, imm16: 0xbeef, Rd: 0 })], { 0: 0x1111222233334444n }).x(0)).toBe(0xbeef4444n);
  });

  it('32-bit forms with hw >= 2 are unallocated', () => {
    for (const name of ['MOVN', 'MOVZ', 'MOVK']) {
      const word = enc(name, { sf: 0, hw: 1, imm16: 1, Rd: 0 });
      expect(decodes(word)).toBe(true);
      expect(decodes(word | (1 << 22))).toBe(false);
    }
  });

  it('objdump prints mov for MOVN/MOVZ unless MOVZ could encode the value or imm16=0 with a shift', () => {
    const text = (name: string, sf: number, hw: number, imm16: number): string => disassemble(enc(name, { sf, hw, imm16, Rd: 0 }));
    expect(text('MOVN', 0, 0, 0xffff)).toBe('movn\tw0, #0xffff');
    expect(text('MOVN', 1, 0, 0xffff)).toBe('mov\tx0, #0xffffffffffff0000');
    expect(text('MOVN', 0, 0, 0)).toBe('mov\tw0, #0xffffffff');
    expect(text('MOVN', 0, 1, 0)).toBe('movn\tw0, #0x0, lsl #16');
    expect(text('MOVN', 0, 1, 0xffff)).toBe('movn\tw0, #0xffff, lsl #16');
    expect(text('MOVN', 1, 3, 0xffff)).toBe('mov\tx0, #0xffffffffffff');
    expect(text('MOVZ', 1, 2, 0)).toBe('movz\tx0, #0x0, lsl #32');
    expect(text('MOVZ', 0, 0, 0)).toBe('mov\tw0, #0x0');
    expect(text('MOVK', 1, 0, 7)).toBe('movk\tx0, #0x7');
  });
});

type BitfieldName = 'SBFM' | 'BFM' | 'UBFM';

/** SBFM/BFM/UBFM as the Arm ARM pseudocode computes them. */
function referenceBitfield(name: BitfieldName, sf: number, immr: number, imms: number, dstIn: bigint, srcIn: bigint): bigint {
  const size = sf ? 64 : 32;
  const mask = (1n << BigInt(size)) - 1n;
  const { wmask, tmask } = referenceDecodeBitMasks(sf, imms, immr, false, size)!;
  const src = srcIn & mask;
  const dst = name === 'BFM' ? dstIn & mask : 0n;
  const rotated = ((src >> BigInt(immr)) | (src << BigInt(size - immr))) & mask;
  const bot = (dst & ~wmask & mask) | (rotated & wmask);
  const top = name === 'SBFM' ? ((src >> BigInt(imms)) & 1n ? mask : 0n) : dst;
  return ((top & ~tmask) | (bot & tmask)) & mask;
}

const bitfield = (name: BitfieldName, sf: number, immr: number, imms: number, rn = 1): number =>
  enc(name, { sf, N: sf, immr, imms, Rn: rn, Rd: 0 });

describe('bitfield move', () => {
  it('aliases, worked out by hand', () => {
    const x = (word: number, src: bigint, dst = 0n): bigint => run([word], { 0: dst, 1: src }).x(0);
    // asr x0, x1, #63 / #0
    expect(x(bitfield('SBFM', 1, 63, 63), 0x8000000000000000n)).toBe(MASK64);
    expect(x(bitfield('SBFM', 1, 0, 63), 0x8000000000000001n)).toBe(0x8000000000000001n);
    // asr w0, w1, #31 clears the upper half.
    expect(x(bitfield('SBFM', 0, 31, 31), 0x80000000n)).toBe(0xffffffffn);
    // lsr x0, x1, #63 and #0; lsr w0, w1, #31
    expect(x(bitfield('UBFM', 1, 63, 63), MASK64)).toBe(1n);
    expect(x(bitfield('UBFM', 1, 0, 63), MASK64)).toBe(MASK64);
    expect(x(bitfield('UBFM', 0, 31, 31), MASK64)).toBe(1n);
    // lsl x0, x1, #1 (immr=63 imms=62), lsl x0, x1, #63 (immr=1 imms=0), lsl w0, w1, #31
    expect(x(bitfield('UBFM', 1, 63, 62), 0xc000000000000001n)).toBe(0x8000000000000002n);
    expect(x(bitfield('UBFM', 1, 1, 0), 3n)).toBe(0x8000000000000000n);
    expect(x(bitfield('UBFM', 0, 1, 0), 3n)).toBe(0x80000000n);
    // sbfx x0, x1, #4, #8 (immr=4 imms=11) and ubfx
    expect(x(bitfield('SBFM', 1, 4, 11), 0xf80n)).toBe(0xfffffffffffffff8n);
    expect(x(bitfield('UBFM', 1, 4, 11), 0xf80n)).toBe(0xf8n);
    // sbfiz x0, x1, #4, #8 (immr=60 imms=7) and ubfiz
    expect(x(bitfield('SBFM', 1, 60, 7), 0x180n)).toBe(0xfffffffffffff800n);
    expect(x(bitfield('UBFM', 1, 60, 7), 0x180n)).toBe(0x800n);
    // bfi x0, x1, #8, #4 (immr=56 imms=3); bfxil x0, x1, #60, #4 (immr=60 imms=63)
    expect(x(bitfield('BFM', 1, 56, 3), 0x5n, MASK64)).toBe(0xfffffffffffff5ffn);
    expect(x(bitfield('BFM', 1, 60, 63), 0xa000000000000000n, 0x1230n)).toBe(0x123an);
    // bfc x0, #1, #63 (BFM x0, xzr, immr=63 imms=62)
    expect(x(bitfield('BFM', 1, 63, 62, 31), 0n, MASK64)).toBe(1n);
    // bfi w0, w1, #28, #4 (immr=4 imms=3): bits beyond 31 dropped, upper half cleared.
    expect(x(bitfield('BFM', 0, 4, 3), 0xabn, 0xffffffff00000000n)).toBe(0xb0000000n);
    // sxtb/sxth/sxtw, uxtb/uxth
    expect(x(bitfield('SBFM', 1, 0, 7), 0x1234_5680n)).toBe(0xffffffffffffff80n);
    expect(x(bitfield('SBFM', 0, 0, 7), 0x80n)).toBe(0xffffff80n);
    expect(x(bitfield('SBFM', 1, 0, 15), 0x8000n)).toBe(0xffffffffffff8000n);
    expect(x(bitfield('SBFM', 1, 0, 31), 0xffff_ffff_8000_0000n)).toBe(0xffffffff80000000n);
    expect(x(bitfield('SBFM', 1, 0, 31), 0xffff_ffff_7fff_ffffn)).toBe(0x7fffffffn);
    expect(x(bitfield('UBFM', 0, 0, 7), 0xffff_ffff_ffff_ff80n)).toBe(0x80n);
    expect(x(bitfield('UBFM', 0, 0, 15), 0xffff_ffff_ffff_8080n)).toBe(0x8080n);
  });

  it('agrees with the pseudocode for every immr/imms of SBFM, BFM, UBFM (both widths)', () => {
    const rnd = prng(9);
    const cases: Case[] = [];
    const expected: bigint[] = [];
    for (const name of ['SBFM', 'BFM', 'UBFM'] as const) {
      for (const sf of [0, 1]) {
        const size = sf ? 64 : 32;
        for (let immr = 0; immr < size; immr++) {
          for (let imms = 0; imms < size; imms++) {
            const src = ((BigInt(rnd()) << 32n) | BigInt(rnd())) & MASK64;
            const dst = ((BigInt(rnd()) << 32n) | BigInt(rnd())) & MASK64;
            cases.push({ word: bitfield(name, sf, immr, imms), regs: { 0: dst, 1: src } });
            expected.push(referenceBitfield(name, sf, immr, imms, dst, src));
          }
        }
      }
    }
    const outcomes = runCases(cases);
    outcomes.forEach((o, i) => expect(o.x(0), `case ${i}`).toBe(expected[i]));
  });

  it('unallocated when N differs from sf or a 32-bit field is out of range', () => {
    expect(decodes(bitfield('UBFM', 1, 0, 0))).toBe(true);
    expect(decodes(bitfield('UBFM', 1, 0, 0) & ~(1 << 22))).toBe(false);
    expect(decodes(bitfield('SBFM', 0, 0, 0) | (1 << 22))).toBe(false);
    expect(decodes(enc('SBFM', { sf: 0, N: 0, immr: 32, imms: 0, Rn: 1, Rd: 0 }))).toBe(false);
    expect(decodes(enc('BFM', { sf: 0, N: 0, immr: 0, imms: 32, Rn: 1, Rd: 0 }))).toBe(false);
    // opc=11 is unallocated.
    expect(decodes(bitfield('UBFM', 1, 0, 0) | (3 << 29))).toBe(false);
  });
});

describe('extract', () => {
  const extr = (sf: number, imms: number, rn: number, rm: number): number => enc('EXTR', { sf, N: sf, imms, Rn: rn, Rm: rm, Rd: 0 });

  it('EXTR takes datasize bits of Rn:Rm starting at lsb; ror is EXTR with Rn = Rm', () => {
    const regs = { 1: 0x0123456789abcdefn, 2: 0xfedcba9876543210n };
    expect(run([extr(1, 0, 1, 2)], regs).x(0)).toBe(0xfedcba9876543210n);
    expect(run([extr(1, 4, 1, 2)], regs).x(0)).toBe(0xffedcba987654321n);
    expect(run([extr(1, 32, 1, 2)], regs).x(0)).toBe(0x89abcdeffedcba98n);
    expect(run([extr(1, 63, 1, 2)], regs).x(0)).toBe(0x02468acf13579bdfn);
    expect(run([extr(1, 36, 1, 1)], regs).x(0)).toBe(0x789abcdef0123456n);
    expect(run([extr(0, 8, 1, 2)], regs).x(0)).toBe(0xef765432n);
    expect(run([extr(0, 0, 1, 2)], regs).x(0)).toBe(0x76543210n);
    expect(run([extr(0, 31, 1, 1)], regs).x(0)).toBe(0x13579bdfn);
  });

  it('is unallocated for N != sf and for 32-bit lsb >= 32', () => {
    expect(decodes(extr(1, 5, 1, 2) & ~(1 << 22))).toBe(false);
    expect(decodes(extr(0, 31, 1, 2))).toBe(true);
    expect(decodes(extr(0, 31, 1, 2) | (1 << 15))).toBe(false);
    // op21 != 00 and o0 = 1 are unallocated.
    expect(decodes(extr(1, 5, 1, 2) | (1 << 21))).toBe(false);
    expect(decodes(extr(1, 5, 1, 2) | (1 << 29))).toBe(false);
  });
});

describe('PC-relative addressing', () => {
  const adr = (name: string, imm: number): number => enc(name, { immlo: imm & 3, immhi: (imm >> 2) & 0x7ffff, Rd: 0 });

  it('ADR adds a signed 21-bit byte offset to the pc', () => {
    expect(run([adr('ADR', 0x7)]).x(0)).toBe(BigInt(CODE_BASE + 7));
    expect(run([adr('ADR', -4 & 0x1fffff)]).x(0)).toBe(BigInt(CODE_BASE - 4));
    expect(run([adr('ADR', 0x100000)]).x(0)).toBe(BigInt(CODE_BASE - 0x100000));
  });

  it('ADRP adds a signed 4 KiB page offset to the page of the pc, modulo 2^64', () => {
    expect(run([0xd503201f, adr('ADRP', 1)]).x(0)).toBe(BigInt(CODE_BASE + 0x1000));
    expect(run([adr('ADRP', 0x1fffff)]).x(0)).toBe(BigInt(CODE_BASE - 0x1000));
    // CODE_BASE - 2^32 is below zero: wraps.
    expect(run([adr('ADRP', 0x100000)]).x(0)).toBe(BigInt.asUintN(64, BigInt(CODE_BASE) - (1n << 32n)));
  });
});

const CORNERS = [0n, 1n, 2n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x7fffffffffffffffn, 0x8000000000000000n, MASK64, 0xfffn, 0xfff000n];

describe('add/subtract (immediate)', () => {
  const addSub = (name: string, sf: number, imm12: number, sh = 0, rd = 0, rn = 1): number =>
    enc(name, { sf, sh, imm12, Rn: rn, Rd: rd });

  it('flags of ADDS/SUBS at carry and overflow corners, both widths', () => {
    const cases: Case[] = [];
    const expected: { result: bigint; nzcv: number }[] = [];
    for (const sf of [0, 1]) {
      for (const a of CORNERS) {
        for (const [imm12, sh] of [[0, 0], [1, 0], [0xfff, 0], [1, 1], [0xfff, 1]] as const) {
          const imm = BigInt(imm12) << BigInt(sh * 12);
          const bits = sf ? 64 : 32;
          cases.push({ word: addSub('ADDS_imm', sf, imm12, sh), regs: { 1: a } });
          expected.push(addWithCarryFlags(a, imm, 0n, bits));
          cases.push({ word: addSub('SUBS_imm', sf, imm12, sh), regs: { 1: a } });
          expected.push(addWithCarryFlags(a, ~imm, 1n, bits));
        }
      }
    }
    runCases(cases).forEach((o, i) => {
      expect(o.x(0), `case ${i}`).toBe(expected[i]!.result);
      expect(o.nzcv, `case ${i}`).toBe(expected[i]!.nzcv);
    });
  });

  it('hand-worked flag examples', () => {
    // cmp x1, #1 with x1 = 0: 0 - 1 borrows (C=0), negative.
    expect(run([addSub('SUBS_imm', 1, 1, 0, 31)], { 1: 0n }).nzcv).toBe(0b1000);
    // cmp w1, #1 with w1 = 0x80000000: INT32_MIN - 1 overflows, no borrow.
    expect(run([addSub('SUBS_imm', 0, 1, 0, 31)], { 1: 0x80000000n }).nzcv).toBe(0b0011);
    // cmn x1, #1 with x1 = -1: carry out, zero.
    expect(run([addSub('ADDS_imm', 1, 1, 0, 31)], { 1: MASK64 }).nzcv).toBe(0b0110);
    // adds w0, w1, #1 with w1 = 0x7fffffff: signed overflow to negative.
    const o = run([addSub('ADDS_imm', 0, 1)], { 1: 0x7fffffffn });
    expect(o.x(0)).toBe(0x80000000n);
    expect(o.nzcv).toBe(0b1001);
    // subs x0, x1, #0: C=1 (no borrow).
    expect(run([addSub('SUBS_imm', 1, 0)], { 1: 5n }).nzcv).toBe(0b0010);
  });

  it('ADD/SUB read and write SP, wrap modulo the width, and clear the upper half for W', () => {
    expect(run([addSub('ADD_imm', 1, 0x10, 0, 31, 31)], { 31: 0x1000n }).x(31)).toBe(0x1010n);
    expect(run([addSub('SUB_imm', 1, 1, 1, 0, 31)], { 31: 0x800n }).x(0)).toBe(BigInt.asUintN(64, 0x800n - 0x1000n));
    expect(run([addSub('ADD_imm', 0, 1)], { 1: 0xffffffff_ffffffffn }).x(0)).toBe(0n);
    expect(run([addSub('ADD_imm', 1, 1)], { 1: 0xffffffffn }).x(0)).toBe(0x100000000n);
    expect(run([addSub('SUB_imm', 1, 1)], { 1: 0x100000000n }).x(0)).toBe(0xffffffffn);
    expect(run([addSub('SUB_imm', 0, 1)], { 1: 0x100000000n }).x(0)).toBe(0xffffffffn);
    // ADDS with Rd=31 discards the result (cmn): SP untouched.
    expect(run([addSub('ADDS_imm', 1, 1, 0, 31)], { 1: 1n, 31: 0x4000n }).x(31)).toBe(0x4000n);
  });
});

describe('disassembly matches GNU objdump', () => {
  it.skipIf(!hasObjdump())('for random words of every dp-imm row', () => {
    expectObjdumpAgreement(dpImmRows, 600, 0x1d1);
  });

  it.skipIf(!hasObjdump())('for the alias boundary cases', () => {
    const words = [
      bitfield('UBFM', 0, 0, 7), bitfield('UBFM', 0, 0, 15), bitfield('UBFM', 1, 0, 7), bitfield('UBFM', 1, 0, 15),
      bitfield('UBFM', 1, 0, 31), bitfield('SBFM', 0, 0, 31), bitfield('SBFM', 1, 0, 31), bitfield('SBFM', 0, 0, 15),
      bitfield('UBFM', 1, 0, 63), bitfield('UBFM', 0, 0, 31), bitfield('UBFM', 1, 0, 62), bitfield('UBFM', 1, 63, 62),
      bitfield('BFM', 1, 63, 62, 31), bitfield('BFM', 1, 3, 62, 31), bitfield('BFM', 0, 31, 30, 31),
      logicalImm('ORR_imm', 1, 1, 0, 15, 0, 31), logicalImm('ORR_imm', 1, 1, 16, 15, 0, 31), logicalImm('ORR_imm', 1, 1, 0, 16, 0, 31),
      logicalImm('ORR_imm', 0, 0, 0, 15, 0, 31), logicalImm('ORR_imm', 0, 0, 16, 15, 0, 31), logicalImm('ORR_imm', 0, 0, 16, 30, 0, 31),
      logicalImm('ORR_imm', 1, 1, 16, 47, 0, 31), logicalImm('ORR_imm', 1, 1, 0, 15, 31, 31), logicalImm('ORR_imm', 0, 0, 17, 30, 0, 31),
      enc('ADD_imm', { sf: 1, sh: 0, imm12: 0, Rn: 31, Rd: 0 }), enc('ADD_imm', { sf: 1, sh: 1, imm12: 0, Rn: 31, Rd: 0 }),
      enc('ADD_imm', { sf: 0, sh: 0, imm12: 0, Rn: 1, Rd: 31 }), enc('ADD_imm', { sf: 0, sh: 0, imm12: 0, Rn: 1, Rd: 2 }),
    ];
    const expected = objdumpWords(words);
    expect(words.map((w) => disassemble(w))).toEqual(expected);
  });
});
