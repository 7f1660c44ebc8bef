import { describe, expect, it } from 'vitest';
import { disassemble } from '../../disasm.js';
import { disasmMismatches, hasObjdump } from '../../testing/objdump.js';
import { decode } from '../table.js';
import { simdRows } from './simd.js';
import { expandImm } from './simd-imm.js';
import {
  LONG,
  LOGIC,
  PAIRWISE,
  THREE_SAME,
  UNARY,
  advSimdExpandImm,
  bytesOf,
  cornerVector,
  lanesOf,
  ones,
  satQ,
  shlByRegister,
  sx,
  ux,
  type Lanes,
} from './simd-ref.testkit.js';
import { SimdRig, compiledRows, enc, randomWordsFor, rng } from './simd.testkit.js';

const rig = new SimdRig();
const next = rng(0xc0ffee);

const ARRANGEMENTS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
  [2, 0],
  [2, 1],
  [3, 0],
  [3, 1],
];
const arrName = (size: number, q: number): string => `${(q ? 128 : 64) >> (3 + size)}${'bhsd'[size]}`;

/** Register triples (d, n, m): distinct, d = n, d = m, all equal, with 31 in the mix. */
const REG_SETS: readonly (readonly [number, number, number])[] = [
  [5, 17, 30],
  [4, 4, 9],
  [6, 12, 6],
  [31, 0, 1],
  [7, 7, 7],
];

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Initial values for registers `regs` (aliases share one value); returns the value map. */
function initial(regs: readonly number[], e: number): Map<number, Uint8Array> {
  const vals = new Map<number, Uint8Array>();
  for (const r of regs) if (!vals.has(r)) vals.set(r, cornerVector(e, next));
  return vals;
}

/** Expected Vd: lanes of e bits for the low 64 bits (q=0, rest zero) or all 128 bits. */
function vector(lanes: Lanes, e: number, q: number): Uint8Array {
  const bytes = bytesOf(lanes, e);
  if (!q) bytes.fill(0, 8);
  return bytes;
}

function runVd(word: number, vals: Map<number, Uint8Array>, d: number, x: Readonly<Record<number, bigint>> = {}): Uint8Array {
  const stop = rig.exec([word], vals, x);
  expect(stop.kind).toBe('svc');
  return rig.cpu.getV(d);
}

const decodes = (name: string, fields: Readonly<Record<string, number>>): boolean => {
  const w = enc(name, fields);
  return decode(w)?.row.name === name;
};

describe('three same (integer)', () => {
  for (const [op, ref] of Object.entries(THREE_SAME)) {
    it(`${op} in every arrangement`, () => {
      let tested = 0;
      for (const [size, q] of ARRANGEMENTS) {
        if (!decodes(`${op}_vec`, { size, Q: q })) continue;
        const e = 8 << size;
        for (let t = 0; t < 10; t++) {
          const [d, n, m] = REG_SETS[t % REG_SETS.length]!;
          const vals = initial([n, m, d], e);
          const a = lanesOf(vals.get(n)!, e);
          const b = lanesOf(vals.get(m)!, e);
          const old = lanesOf(vals.get(d) ?? new Uint8Array(16), e);
          const count = (q ? 128 : 64) / e;
          const want = a.slice(0, count).map((x, i) => ux(ref(x, b[i]!, old[i]!, e), e));
          const got = runVd(enc(`${op}_vec`, { Q: q, size, Rd: d, Rn: n, Rm: m }), vals, d);
          if (d !== 31) expect(hex(got), `${op} ${arrName(size, q)} d=${d} n=${n} m=${m}`).toBe(hex(vector(want, e, q)));
          tested++;
        }
      }
      expect(tested).toBeGreaterThan(0);
    });
  }

  it('64-bit lanes exist exactly for add/sub/compares (2D only with Q=1)', () => {
    for (const op of ['ADD', 'SUB', 'CMEQ', 'CMTST', 'CMGT', 'CMGE', 'CMHI', 'CMHS']) {
      expect(decodes(`${op}_vec`, { size: 3, Q: 1 })).toBe(true);
      expect(decodes(`${op}_vec`, { size: 3, Q: 0 })).toBe(false);
    }
    for (const op of ['SMAX', 'UMIN', 'MUL', 'MLA', 'SABD', 'UHADD']) {
      expect(decodes(`${op}_vec`, { size: 3, Q: 1 })).toBe(false);
    }
  });

  for (const op of ['ADD', 'SUB', 'CMEQ', 'CMTST', 'CMGT', 'CMGE', 'CMHI', 'CMHS']) {
    it(`${op} scalar D`, () => {
      for (let t = 0; t < 12; t++) {
        const [d, n, m] = REG_SETS[t % 3]!;
        const vals = initial([n, m, d], 64);
        const a = lanesOf(vals.get(n)!, 64)[0]!;
        const b = lanesOf(vals.get(m)!, 64)[0]!;
        const want = vector([ux(THREE_SAME[op]!(a, b, 0n, 64), 64)], 64, 0);
        expect(hex(runVd(enc(`${op}_scalar`, { Rd: d, Rn: n, Rm: m }), vals, d))).toBe(hex(want));
      }
    });
  }
});

describe('pairwise', () => {
  for (const [op, ref] of Object.entries(PAIRWISE)) {
    it(`${op} in every arrangement`, () => {
      for (const [size, q] of ARRANGEMENTS) {
        if (!decodes(`${op}_vec`, { size, Q: q })) continue;
        const e = 8 << size;
        for (let t = 0; t < 6; t++) {
          const [d, n, m] = REG_SETS[t % REG_SETS.length]!;
          const vals = initial([n, m, d], e);
          const count = (q ? 128 : 64) / e;
          const concat = [...lanesOf(vals.get(n)!, e).slice(0, count), ...lanesOf(vals.get(m)!, e).slice(0, count)];
          const want = Array.from({ length: count }, (_, i) => ux(ref(concat[2 * i]!, concat[2 * i + 1]!, e), e));
          const got = runVd(enc(`${op}_vec`, { Q: q, size, Rd: d, Rn: n, Rm: m }), vals, d);
          if (d !== 31) expect(hex(got), `${op} ${arrName(size, q)}`).toBe(hex(vector(want, e, q)));
        }
      }
    });
  }

  it('ADDP (scalar) adds the two D lanes', () => {
    for (let t = 0; t < 8; t++) {
      const vals = initial([3, 8], 64);
      const [a, b] = lanesOf(vals.get(8)!, 64);
      const want = vector([ux(a! + b!, 64)], 64, 0);
      expect(hex(runVd(enc('ADDP_scalar', { Rd: 3, Rn: 8 }), vals, 3))).toBe(hex(want));
    }
  });
});

describe('logical (vector)', () => {
  for (const [name, ref] of Object.entries(LOGIC)) {
    it(name, () => {
      for (const q of [0, 1]) {
        for (let t = 0; t < 10; t++) {
          const [d, n, m] = REG_SETS[t % REG_SETS.length]!;
          const vals = initial([n, m, d], 8);
          const [n0, n1] = lanesOf(vals.get(n)!, 64);
          const [m0, m1] = lanesOf(vals.get(m)!, 64);
          const [d0, d1] = lanesOf(vals.get(d) ?? new Uint8Array(16), 64);
          const want = [ux(ref(d0!, n0!, m0!), 64), ux(ref(d1!, n1!, m1!), 64)];
          const got = runVd(enc(name, { Q: q, Rd: d, Rn: n, Rm: m }), vals, d);
          if (d !== 31) expect(hex(got)).toBe(hex(vector(want, 64, q)));
        }
      }
    });
  }
});

describe('two-register misc and across lanes', () => {
  const unaryRows: Readonly<Record<string, string>> = {
    CMGT_zero: 'CMGT_zero_vec',
    CMGE_zero: 'CMGE_zero_vec',
    CMEQ_zero: 'CMEQ_zero_vec',
    CMLE_zero: 'CMLE_zero_vec',
    CMLT_zero: 'CMLT_zero_vec',
    ABS: 'ABS_vec',
    NEG: 'NEG_vec',
    CLZ: 'CLZ_vec',
    CLS: 'CLS_vec',
    CNT: 'CNT_vec',
    NOT: 'NOT_vec',
    RBIT: 'RBIT_vec',
  };
  for (const [op, row] of Object.entries(unaryRows)) {
    it(`${op} in every arrangement`, () => {
      let tested = 0;
      for (const [size, q] of ARRANGEMENTS) {
        const fixedSize = ['CNT', 'NOT', 'RBIT'].includes(op);
        if (fixedSize && size !== 0) continue;
        const fields: Record<string, number> = fixedSize ? { Q: q } : { Q: q, size };
        if (!decodes(row, fields)) continue;
        const e = 8 << size;
        for (let t = 0; t < 8; t++) {
          const [d, n] = REG_SETS[t % REG_SETS.length]!;
          const vals = initial([n, d], e);
          const count = (q ? 128 : 64) / e;
          const want = lanesOf(vals.get(n)!, e).slice(0, count).map((a) => ux(UNARY[op]!(a, e), e));
          const got = runVd(enc(row, { ...fields, Rd: d, Rn: n }), vals, d);
          if (d !== 31) expect(hex(got), `${op} ${arrName(size, q)}`).toBe(hex(vector(want, e, q)));
          tested++;
        }
      }
      expect(tested).toBeGreaterThan(0);
    });
  }

  for (const op of ['CMGT_zero', 'CMGE_zero', 'CMEQ_zero', 'CMLE_zero', 'CMLT_zero', 'ABS', 'NEG']) {
    it(`${op} scalar D`, () => {
      for (let t = 0; t < 12; t++) {
        const vals = initial([2, 9], 64);
        const a = lanesOf(vals.get(9)!, 64)[0]!;
        const want = vector([ux(UNARY[op]!(a, 64), 64)], 64, 0);
        expect(hex(runVd(enc(`${op}_scalar`, { Rd: 2, Rn: 9 }), vals, 2))).toBe(hex(want));
      }
    });
  }

  it('XTN/XTN2 keep the low half of each element', () => {
    for (const size of [0, 1, 2]) {
      for (const q of [0, 1]) {
        for (const [d, n] of [
          [1, 2],
          [3, 3],
        ] as const) {
          const e = 8 << size;
          const vals = initial([n, d], 2 * e);
          const src = lanesOf(vals.get(n)!, 2 * e).map((v) => ux(v, e));
          const old = lanesOf(vals.get(d)!, e);
          const count = 64 / e;
          const want = q ? [...old.slice(0, count), ...src] : src;
          const got = runVd(enc('XTN', { Q: q, size, Rd: d, Rn: n }), vals, d);
          expect(hex(got), `xtn${q ? '2' : ''} ${e}`).toBe(hex(vector(want, e, q)));
        }
      }
    }
  });

  it('REV16/REV32/REV64 reverse elements in their containers', () => {
    const cases: readonly (readonly [string, number, number])[] = [
      ['REV16_vec', 0, 16],
      ['REV32_vec', 0, 32],
      ['REV32_vec', 1, 32],
      ['REV64_vec', 0, 64],
      ['REV64_vec', 1, 64],
      ['REV64_vec', 2, 64],
    ];
    for (const [row, size, container] of cases) {
      for (const q of [0, 1]) {
        const e = 8 << size;
        const vals = initial([4, 4], e);
        const src = lanesOf(vals.get(4)!, e);
        const per = container / e;
        const want = src.map((_, i) => src[i - (i % per) + (per - 1 - (i % per))]!);
        const fields: Record<string, number> = row === 'REV16_vec' ? { Q: q, Rd: 4, Rn: 4 } : { Q: q, size, Rd: 4, Rn: 4 };
        expect(hex(runVd(enc(row, fields), vals, 4)), `${row} ${e}`).toBe(hex(vector(want, e, q)));
      }
    }
  });

  const across: Readonly<Record<string, (lanes: Lanes, e: number) => bigint>> = {
    ADDV: (l) => l.reduce((s, v) => s + v, 0n),
    SADDLV: (l, e) => l.reduce((s, v) => s + sx(v, e), 0n),
    UADDLV: (l) => l.reduce((s, v) => s + v, 0n),
    SMAXV: (l, e) => l.reduce((s, v) => (sx(v, e) > sx(s, e) ? v : s)),
    UMAXV: (l) => l.reduce((s, v) => (v > s ? v : s)),
    SMINV: (l, e) => l.reduce((s, v) => (sx(v, e) < sx(s, e) ? v : s)),
    UMINV: (l) => l.reduce((s, v) => (v < s ? v : s)),
  };
  for (const [op, ref] of Object.entries(across)) {
    it(`${op} over 8B/16B/4H/8H/4S`, () => {
      for (const [size, q] of ARRANGEMENTS) {
        const valid = size < 2 || (size === 2 && q === 1);
        expect(decodes(op, { size, Q: q }), `${op} ${arrName(size, q)}`).toBe(valid);
        if (!valid) continue;
        const e = 8 << size;
        const re = op.endsWith('LV') ? 2 * e : e;
        for (let t = 0; t < 8; t++) {
          const vals = initial([6, 6 + (t % 2)], e);
          const n = 6 + (t % 2);
          const count = (q ? 128 : 64) / e;
          const want = bytesOf([ux(ref(lanesOf(vals.get(n)!, e).slice(0, count), e), re)], re);
          expect(hex(runVd(enc(op, { Q: q, size, Rd: 6, Rn: n }), vals, 6)), `${op} ${arrName(size, q)}`).toBe(hex(want));
        }
      }
    });
  }
});

describe('shift by immediate', () => {
  const rightOps: Readonly<Record<string, (a: bigint, d: bigint, s: number, e: number) => bigint>> = {
    SSHR: (a, _d, s, e) => sx(a, e) >> BigInt(s),
    USHR: (a, _d, s) => a >> BigInt(s),
    SSRA: (a, d, s, e) => d + (sx(a, e) >> BigInt(s)),
    USRA: (a, d, s) => d + (a >> BigInt(s)),
    SRI: (a, d, s, e) => (d & ~(ones(e) >> BigInt(s))) | (a >> BigInt(s)),
  };
  const leftOps: Readonly<Record<string, (a: bigint, d: bigint, s: number, e: number) => bigint>> = {
    SHL: (a, _d, s) => a << BigInt(s),
    SLI: (a, d, s, e) => (d & ~(ones(e) << BigInt(s))) | (a << BigInt(s)),
  };
  const shiftsFor = (e: number, left: boolean): number[] =>
    left ? [0, 1, e / 2, e - 1] : [1, 2, e / 2, e - 1, e];
  /** immh:immb for an element size and shift. */
  const imm7 = (e: number, s: number, left: boolean): number => (left ? e + s : 2 * e - s);

  for (const [op, ref, left] of [
    ...Object.entries(rightOps).map(([k, v]) => [k, v, false] as const),
    ...Object.entries(leftOps).map(([k, v]) => [k, v, true] as const),
  ]) {
    it(`${op} vector in every arrangement and scalar D`, () => {
      for (const [size, q] of ARRANGEMENTS) {
        if (size === 3 && q === 0) continue;
        const e = 8 << size;
        for (const s of shiftsFor(e, left)) {
          const v7 = imm7(e, s, left);
          const fields = { Q: q, immh: v7 >> 3, immb: v7 & 7 };
          for (const [d, n] of [
            [1, 2],
            [3, 3],
          ] as const) {
            const vals = initial([n, d], e);
            const a = lanesOf(vals.get(n)!, e);
            const old = lanesOf(vals.get(d)!, e);
            const count = (q ? 128 : 64) / e;
            const want = a.slice(0, count).map((x, i) => ux(ref(x, old[i]!, s, e), e));
            const got = runVd(enc(`${op}_vec`, { ...fields, Rd: d, Rn: n }), vals, d);
            expect(hex(got), `${op} ${arrName(size, q)} #${s}`).toBe(hex(vector(want, e, q)));
          }
        }
      }
      for (const s of shiftsFor(64, left)) {
        const v7 = imm7(64, s, left);
        const vals = initial([1, 2], 64);
        const a = lanesOf(vals.get(2)!, 64)[0]!;
        const old = lanesOf(vals.get(1)!, 64)[0]!;
        const want = vector([ux(ref(a, old, s, 64), 64)], 64, 0);
        const got = runVd(enc(`${op}_scalar`, { immh3: (v7 >> 3) & 7, immb: v7 & 7, Rd: 1, Rn: 2 }), vals, 1);
        expect(hex(got), `${op} d #${s}`).toBe(hex(want));
      }
    });
  }

  for (const round of [false, true]) {
    const row = round ? 'RSHRN' : 'SHRN';
    it(`${row}/${row}2 narrow with every element size`, () => {
      for (const size of [0, 1, 2]) {
        const e = 8 << size;
        for (const q of [0, 1]) {
          for (const s of [1, 3, e / 2, e]) {
            const v7 = 2 * e - s;
            const vals = initial([4, 5], 2 * e);
            const wide = lanesOf(vals.get(5)!, 2 * e);
            const old = lanesOf(vals.get(4)!, e);
            const bias = round ? 1n << BigInt(s - 1) : 0n;
            const narrowed = wide.map((v) => ux((v + bias) >> BigInt(s), e));
            const want = q ? [...old.slice(0, 64 / e), ...narrowed] : narrowed;
            const got = runVd(enc(row, { Q: q, immh: v7 >> 3, immb: v7 & 7, Rd: 4, Rn: 5 }), vals, 4);
            expect(hex(got), `${row} ${e} #${s} q=${q}`).toBe(hex(vector(want, e, q)));
          }
        }
      }
    });
  }

  for (const signed of [false, true]) {
    const row = signed ? 'SSHLL' : 'USHLL';
    it(`${row}/${row}2 (and the xtl aliases) widen`, () => {
      for (const size of [0, 1, 2]) {
        const e = 8 << size;
        for (const q of [0, 1]) {
          for (const s of [0, 1, e - 1]) {
            const v7 = e + s;
            for (const [d, n] of [
              [4, 5],
              [6, 6],
            ] as const) {
              const vals = initial([n, d], e);
              const src = lanesOf(vals.get(n)!, e).slice(q ? 64 / e : 0, q ? 128 / e : 64 / e);
              const want = src.map((v) => ux((signed ? sx(v, e) : v) << BigInt(s), 2 * e));
              const got = runVd(enc(row, { Q: q, immh: v7 >> 3, immb: v7 & 7, Rd: d, Rn: n }), vals, d);
              expect(hex(got), `${row} ${e} #${s} q=${q}`).toBe(hex(bytesOf(want, 2 * e)));
            }
          }
        }
      }
    });
  }
});

describe('modified immediate', () => {
  it('expandImm matches AdvSIMDExpandImm for every op:cmode:imm8', () => {
    for (let op = 0; op < 2; op++) {
      for (let cmode = 0; cmode < 16; cmode++) {
        for (let imm8 = 0; imm8 < 256; imm8++) {
          const [lo, hi] = expandImm(op, cmode, imm8);
          const got = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
          expect(got, `op=${op} cmode=${cmode} imm8=${imm8}`).toBe(advSimdExpandImm(op, cmode, imm8));
        }
      }
    }
  });

  it('MOVI/MVNI/ORR/BIC write the expanded immediate to every allocated op:cmode', () => {
    let checked = 0;
    for (let op = 0; op < 2; op++) {
      for (let cmode = 0; cmode < 16; cmode++) {
        for (const q of [0, 1]) {
          for (const imm8 of [0x00, 0x01, 0x80, 0xa5, 0xff]) {
            const fields = { Q: q, cmode, abc: imm8 >> 5, defgh: imm8 & 31, Rd: 9 };
            const candidates: readonly (readonly [string, Record<string, number>])[] =
              op === 0
                ? [['MOVI', { ...fields, op }], ['ORR_vimm', fields]]
                : [['MOVI', { ...fields, op }], ['MVNI', fields], ['BIC_vimm', fields]];
            for (const [r, rowFields] of candidates) {
              if (!decodes(r, rowFields)) continue;
              const imm = advSimdExpandImm(op, cmode, imm8);
              const vals = initial([9], 8);
              const [d0, d1] = lanesOf(vals.get(9)!, 64);
              const f = (x: bigint): bigint =>
                r === 'MOVI' ? imm : r === 'MVNI' ? ux(~imm, 64) : r === 'ORR_vimm' ? x | imm : x & ux(~imm, 64);
              const want = vector([f(d0!), f(d1!)], 64, q);
              const w = enc(r, rowFields);
              expect(hex(runVd(w, vals, 9)), `${disassemble(w)}`).toBe(hex(want));
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('op:cmode 0:1111 and 1:1111 (FMOV) are not integer immediates', () => {
    for (const q of [0, 1]) {
      for (const op of [0, 1]) expect(decodes('MOVI', { Q: q, op, cmode: 15 })).toBe(false);
      expect(decodes('MVNI', { Q: q, cmode: 15 })).toBe(false);
      expect(decodes('MVNI', { Q: q, cmode: 14 })).toBe(false);
    }
  });
});

describe('copy: DUP, INS, UMOV, SMOV', () => {
  const imm5For = (size: number, index: number): number => ((index << 1) | 1) << size;

  it('DUP (element) replicates the indexed lane in every arrangement', () => {
    for (const [size, q] of ARRANGEMENTS) {
      if (size === 3 && q === 0) {
        expect(decodes('DUP_elem', { Q: 0, imm5: imm5For(3, 1) })).toBe(false);
        continue;
      }
      const e = 8 << size;
      for (const index of [0, 1, 128 / e - 1]) {
        const vals = initial([2, 3], e);
        const lane = lanesOf(vals.get(3)!, e)[index]!;
        const want = vector(new Array<bigint>(128 / e).fill(lane), e, q);
        expect(hex(runVd(enc('DUP_elem', { Q: q, imm5: imm5For(size, index), Rd: 2, Rn: 3 }), vals, 2))).toBe(hex(want));
        expect(hex(runVd(enc('DUP_elem', { Q: q, imm5: imm5For(size, index), Rd: 3, Rn: 3 }), vals, 3))).toBe(hex(want));
      }
    }
  });

  it('DUP (general) replicates the low bits of Wn/Xn; XZR gives zero', () => {
    const x = 0xfedc_ba98_7654_3210n;
    for (const [size, q] of ARRANGEMENTS) {
      if (size === 3 && q === 0) continue;
      const e = 8 << size;
      const want = vector(new Array<bigint>(128 / e).fill(ux(x, e)), e, q);
      const vals = initial([1], 8);
      expect(hex(runVd(enc('DUP_gen', { Q: q, imm5: imm5For(size, 0), Rd: 1, Rn: 7 }), vals, 1, { 7: x }))).toBe(hex(want));
      expect(hex(runVd(enc('DUP_gen', { Q: q, imm5: imm5For(size, 0), Rd: 1, Rn: 31 }), vals, 1))).toBe(hex(new Uint8Array(16)));
    }
  });

  it('INS (general and element) replace exactly one lane', () => {
    for (let size = 0; size < 4; size++) {
      const e = 8 << size;
      for (const index of [0, 128 / e - 1]) {
        const vals = initial([1, 2], e);
        const lanes = lanesOf(vals.get(1)!, e);
        lanes[index] = ux(0x8877_6655_4433_2211n, e);
        const got = runVd(enc('INS_gen', { imm5: imm5For(size, index), Rd: 1, Rn: 5 }), vals, 1, { 5: 0x8877_6655_4433_2211n });
        expect(hex(got)).toBe(hex(bytesOf(lanes, e)));
        for (const src of [0, 128 / e - 1]) {
          const v2 = initial([1, 2], e);
          const dst = lanesOf(v2.get(1)!, e);
          dst[index] = lanesOf(v2.get(2)!, e)[src]!;
          const w = enc('INS_elem', { imm5: imm5For(size, index), imm4: src << size, Rd: 1, Rn: 2 });
          expect(hex(runVd(w, v2, 1)), disassemble(w)).toBe(hex(bytesOf(dst, e)));
        }
      }
    }
  });

  it('UMOV zero-extends and SMOV sign-extends the lane', () => {
    const vals = new Map([[4, bytesOf([0x80n, 0x7fn, 0xffn, 0x81n, 0x01n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0xf0n], 8)]]);
    const cases: readonly (readonly [string, number, number, number, bigint])[] = [
      ['UMOV', 0, 0, 0, 0x80n],
      ['UMOV', 0, 0, 15, 0xf0n],
      ['UMOV', 0, 1, 0, 0x7f80n],
      ['UMOV', 0, 2, 0, 0x81ff7f80n],
      ['UMOV', 1, 3, 0, 0x0000000181ff7f80n],
      ['SMOV', 0, 0, 0, 0xffffff80n],
      ['SMOV', 0, 0, 1, 0x7fn],
      ['SMOV', 1, 0, 15, 0xffff_ffff_ffff_fff0n],
      ['SMOV', 1, 1, 0, 0x7f80n],
      ['SMOV', 1, 2, 0, 0xffff_ffff_81ff_7f80n],
      ['SMOV', 0, 1, 1, 0xffff81ffn],
    ];
    for (const [row, q, size, index, want] of cases) {
      rig.cpu.setX(9, 0xdead_beef_dead_beefn);
      const stop = rig.exec([enc(row, { Q: q, imm5: imm5For(size, index), Rd: 9, Rn: 4 })], vals);
      expect(stop.kind).toBe('svc');
      expect(rig.cpu.getX(9), `${row} q=${q} size=${size} [${index}]`).toBe(want);
    }
    expect(decodes('UMOV', { Q: 0, imm5: imm5For(3, 0) })).toBe(false);
    expect(decodes('UMOV', { Q: 1, imm5: imm5For(2, 0) })).toBe(false);
    expect(decodes('SMOV', { Q: 0, imm5: imm5For(2, 0) })).toBe(false);
    expect(decodes('SMOV', { Q: 1, imm5: imm5For(3, 0) })).toBe(false);
  });

  it('DUP (scalar) moves one lane to the bottom and clears the rest', () => {
    for (let size = 0; size < 4; size++) {
      const e = 8 << size;
      const vals = initial([1, 2], e);
      const index = 128 / e - 1;
      const want = bytesOf([lanesOf(vals.get(2)!, e)[index]!], e);
      expect(hex(runVd(enc('DUP_scalar', { imm5: imm5For(size, index), Rd: 1, Rn: 2 }), vals, 1))).toBe(hex(want));
    }
  });
});

describe('table lookup, extract, permutes', () => {
  it('TBL gives 0 and TBX keeps Vd for out-of-range indices, with 1-4 table registers', () => {
    for (const tbx of [false, true]) {
      for (let len = 0; len < 4; len++) {
        for (const q of [0, 1]) {
          for (const [d, n, m] of [
            [0, 30, 3],
            [31, 31, 2],
            [5, 5, 5],
          ] as const) {
            const regs = [...Array.from({ length: len + 1 }, (_, j) => (n + j) & 31), m, d];
            const vals = initial(regs, 8);
            const idx = new Uint8Array(16);
            for (let i = 0; i < 16; i++) idx[i] = [0, 15, 16, 31, 47, 63, 64, 255, next() % 80][i % 9]!;
            if (m !== d && !regs.slice(0, len + 1).includes(m)) vals.set(m, idx);
            const table = regs.slice(0, len + 1).flatMap((r) => [...vals.get(r)!]);
            const index = vals.get(m)!;
            const old = vals.get(d)!;
            const want = new Uint8Array(16);
            for (let i = 0; i < (q ? 16 : 8); i++) {
              const k = index[i]!;
              want[i] = k < table.length ? table[k]! : tbx ? old[i]! : 0;
            }
            const w = enc(tbx ? 'TBX' : 'TBL', { Q: q, len, Rd: d, Rn: n, Rm: m });
            expect(hex(runVd(w, vals, d)), disassemble(w)).toBe(hex(want));
          }
        }
      }
    }
  });

  it('EXT takes bytes from position imm4 of Vm:Vn', () => {
    for (const q of [0, 1]) {
      for (let pos = 0; pos < (q ? 16 : 8); pos++) {
        const vals = initial([1, 2, 3], 8);
        const bytes = q ? 16 : 8;
        const concat = [...vals.get(2)!.slice(0, bytes), ...vals.get(3)!.slice(0, bytes)];
        const want = new Uint8Array(16);
        want.set(concat.slice(pos, pos + bytes));
        expect(hex(runVd(enc('EXT', { Q: q, imm4: pos, Rd: 1, Rn: 2, Rm: 3 }), vals, 1))).toBe(hex(want));
        expect(hex(runVd(enc('EXT', { Q: q, imm4: pos, Rd: 3, Rn: 2, Rm: 3 }), vals, 3))).toBe(hex(want));
      }
    }
    expect(decodes('EXT', { Q: 0, imm4: 8 })).toBe(false);
  });

  const permutes: Readonly<Record<string, (n: Lanes, m: Lanes, i: number, count: number) => bigint>> = {
    ZIP1: (n, m, i) => (i % 2 === 0 ? n[i >> 1]! : m[i >> 1]!),
    ZIP2: (n, m, i, c) => (i % 2 === 0 ? n[c / 2 + (i >> 1)]! : m[c / 2 + (i >> 1)]!),
    UZP1: (n, m, i, c) => [...n.slice(0, c), ...m.slice(0, c)][2 * i]!,
    UZP2: (n, m, i, c) => [...n.slice(0, c), ...m.slice(0, c)][2 * i + 1]!,
    TRN1: (n, m, i) => (i % 2 === 0 ? n[i]! : m[i - 1]!),
    TRN2: (n, m, i) => (i % 2 === 0 ? n[i + 1]! : m[i]!),
  };
  for (const [op, ref] of Object.entries(permutes)) {
    it(`${op} in every arrangement`, () => {
      for (const [size, q] of ARRANGEMENTS) {
        if (size === 3 && q === 0) {
          expect(decodes(op, { size, Q: q })).toBe(false);
          continue;
        }
        const e = 8 << size;
        for (const [d, n, m] of REG_SETS) {
          const vals = initial([n, m, d], e);
          const count = (q ? 128 : 64) / e;
          const a = lanesOf(vals.get(n)!, e);
          const b = lanesOf(vals.get(m)!, e);
          const want = Array.from({ length: count }, (_, i) => ref(a, b, i, count));
          const got = runVd(enc(op, { Q: q, size, Rd: d, Rn: n, Rm: m }), vals, d);
          if (d !== 31) expect(hex(got), `${op} ${arrName(size, q)}`).toBe(hex(vector(want, e, q)));
        }
      }
    });
  }
});

describe('three different (long, wide, narrow high)', () => {
  for (const [op, { kind, f: ref }] of Object.entries(LONG)) {
    for (const signed of [true, false]) {
      const row = `${signed ? 'S' : 'U'}${op}_vec`;
      it(`${row} (and ${row.replace('_vec', '2')}) for 8-, 16- and 32-bit sources`, () => {
        for (const size of [0, 1, 2]) {
          const e = 8 << size;
          for (const q of [0, 1]) {
            for (let t = 0; t < 6; t++) {
              const [d, n, m] = REG_SETS[t % 3]!;
              const vals = initial([n, m, d], e);
              const ext = (v: bigint): bigint => (signed ? sx(v, e) : v);
              const count = 64 / e;
              const a = lanesOf(vals.get(n)!, e).slice(q * count, q * count + count).map(ext);
              const b = lanesOf(vals.get(m)!, e).slice(q * count, q * count + count).map(ext);
              const wide = lanesOf(vals.get(kind === 'wide' ? n : d)!, 2 * e);
              const want = a.map((x, i) => ux(ref(wide[i]!, x, b[i]!), 2 * e));
              const got = runVd(enc(row, { Q: q, size, Rd: d, Rn: n, Rm: m }), vals, d);
              expect(hex(got), `${row} ${e} q=${q} d=${d} n=${n} m=${m}`).toBe(hex(bytesOf(want, 2 * e)));
            }
          }
        }
        expect(decodes(row, { size: 3, Q: 1 })).toBe(false);
      });
    }
  }

  for (const [row, sub, round] of [
    ['ADDHN', false, false],
    ['RADDHN', false, true],
    ['SUBHN', true, false],
    ['RSUBHN', true, true],
  ] as const) {
    it(`${row}/${row}2 keep the rounded high half of each wide result`, () => {
      for (const size of [0, 1, 2]) {
        const e = 8 << size;
        for (const q of [0, 1]) {
          for (let t = 0; t < 6; t++) {
            const [d, n, m] = REG_SETS[t % 3]!;
            const vals = initial([n, m, d], 2 * e);
            const a = lanesOf(vals.get(n)!, 2 * e);
            const b = lanesOf(vals.get(m)!, 2 * e);
            const bias = round ? 1n << BigInt(e - 1) : 0n;
            const high = a.map((x, i) => ux((ux((sub ? x - b[i]! : x + b[i]!) + bias, 2 * e)) >> BigInt(e), e));
            const old = lanesOf(vals.get(d)!, e);
            const want = q ? [...old.slice(0, 64 / e), ...high] : high;
            const got = runVd(enc(row, { Q: q, size, Rd: d, Rn: n, Rm: m }), vals, d);
            expect(hex(got), `${row} ${e} q=${q}`).toBe(hex(vector(want, e, q)));
          }
        }
      }
    });
  }
});

describe('saturating add/subtract and shift by register', () => {
  const QC = 1 << 27;
  for (const [row, sub, signed] of [
    ['SQADD', false, true],
    ['UQADD', false, false],
    ['SQSUB', true, true],
    ['UQSUB', true, false],
  ] as const) {
    it(`${row} saturates in every arrangement and sets FPSR.QC only when it does`, () => {
      for (const [size, q] of ARRANGEMENTS) {
        if (size === 3 && q === 0) continue;
        const e = 8 << size;
        for (let t = 0; t < 10; t++) {
          const [d, n, m] = REG_SETS[t % REG_SETS.length]!;
          const vals = initial([n, m, d], e);
          const ext = (v: bigint): bigint => (signed ? sx(v, e) : v);
          const count = (q ? 128 : 64) / e;
          const a = lanesOf(vals.get(n)!, e).slice(0, count).map(ext);
          const b = lanesOf(vals.get(m)!, e).slice(0, count).map(ext);
          const results = a.map((x, i) => satQ(sub ? x - b[i]! : x + b[i]!, e, signed));
          rig.cpu.fpsr = 0;
          const got = runVd(enc(`${row}_vec`, { Q: q, size, Rd: d, Rn: n, Rm: m }), vals, d);
          if (d !== 31) expect(hex(got), `${row} ${arrName(size, q)}`).toBe(hex(vector(results.map(([v]) => ux(v, e)), e, q)));
          expect(rig.cpu.fpsr, `${row} ${arrName(size, q)} QC`).toBe(results.some(([, sat]) => sat) ? QC : 0);
        }
      }
      for (let t = 0; t < 10; t++) {
        const vals = initial([1, 2, 3], 64);
        const ext = (v: bigint): bigint => (signed ? sx(v, 64) : v);
        const a = ext(lanesOf(vals.get(2)!, 64)[0]!);
        const b = ext(lanesOf(vals.get(3)!, 64)[0]!);
        const [v, sat] = satQ(sub ? a - b : a + b, 64, signed);
        rig.cpu.fpsr = 0;
        expect(hex(runVd(enc(`${row}_scalar`, { Rd: 1, Rn: 2, Rm: 3 }), vals, 1))).toBe(hex(vector([ux(v, 64)], 64, 0)));
        expect(rig.cpu.fpsr).toBe(sat ? QC : 0);
      }
    });
  }

  for (const signed of [true, false]) {
    const row = signed ? 'SSHL' : 'USHL';
    it(`${row} shifts each element by the signed low byte of Vm's element`, () => {
      const next2 = rng(99);
      for (const [size, q] of ARRANGEMENTS) {
        if (size === 3 && q === 0) continue;
        const e = 8 << size;
        for (let t = 0; t < 10; t++) {
          const [d, n, m] = REG_SETS[t % REG_SETS.length]!;
          const vals = initial([n, d], e);
          const shifts = Array.from({ length: 128 / e }, () => {
            const choices = [0, 1, e - 1, e, e + 1, 255, 256 - e, 256 - e + 1, 255 - e, 128, 127, next2() % 256];
            return BigInt(choices[next2() % choices.length]! | ((next2() % 256) << 8));
          });
          if (m !== n && m !== d) vals.set(m, bytesOf(shifts.map((s) => ux(s, e)), e));
          const count = (q ? 128 : 64) / e;
          const a = lanesOf(vals.get(n)!, e);
          const s = lanesOf(vals.get(m)!, e);
          const want = a.slice(0, count).map((x, i) => ux(shlByRegister(x, s[i]!, e, signed), e));
          const got = runVd(enc(`${row}_vec`, { Q: q, size, Rd: d, Rn: n, Rm: m }), vals, d);
          if (d !== 31) expect(hex(got), `${row} ${arrName(size, q)}`).toBe(hex(vector(want, e, q)));
        }
      }
      for (const shift of [0n, 1n, 31n, 32n, 33n, 63n, 64n, 65n, 0xffn, 0xe0n, 0xc1n, 0xc0n, 0xbfn, 0x80n]) {
        const vals = initial([1, 2], 64);
        vals.set(3, bytesOf([shift | 0x1200n], 64));
        const want = vector([ux(shlByRegister(lanesOf(vals.get(2)!, 64)[0]!, shift, 64, signed), 64)], 64, 0);
        expect(hex(runVd(enc(`${row}_scalar`, { Rd: 1, Rn: 2, Rm: 3 }), vals, 1)), `${row} d by ${shift}`).toBe(hex(want));
      }
    });
  }
});

describe.skipIf(!hasObjdump())('simd disassembly', () => {
  it('matches GNU objdump on random valid words of every simd row', () => {
    const gen = rng(0x51d);
    const words: number[] = [];
    for (const row of compiledRows(simdRows)) {
      const ws = randomWordsFor(row, 60, gen);
      expect(ws.length, `${row.name} decodes`).toBeGreaterThan(0);
      words.push(...ws);
    }
    expect(disasmMismatches(words).slice(0, 40)).toEqual([]);
  });
});
