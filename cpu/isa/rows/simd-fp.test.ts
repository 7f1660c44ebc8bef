import { describe, expect, it } from 'vitest';
import { disassemble } from '../../disasm.js';
import { hasObjdump, objdumpWords } from '../../testing/objdump.js';
import { decode } from '../table.js';
import { expandImm as advSimdExpandImm } from './simd-imm.js';
import { simdFpRows } from './simd-fp.js';
import { SimdRig, compiledRows, enc, randomWordsFor, rng } from './simd.testkit.js';

const IOC = 1;
const DZC = 2;
const OFC = 4;
const UFC = 8;
const IXC = 16;
const IDC = 128;
const FZ = 1 << 24;
const DN = 1 << 25;
const FZ16 = 1 << 19;
const RMODE_RM = 2 << 22;

const rig = new SimdRig();

// ---- register values --------------------------------------------------------------------------

function bytesOfWords(words: readonly number[], bytesPer: 2 | 4): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => (bytesPer === 2 ? view.setUint16(2 * i, w, true) : view.setUint32(4 * i, w >>> 0, true)));
  return out;
}

const h = (...bits: number[]): Uint8Array => bytesOfWords(bits, 2);
const w32 = (...bits: number[]): Uint8Array => bytesOfWords(bits, 4);
const bitsS = (v: number): number => new Uint32Array(new Float32Array([v]).buffer)[0]!;
const s = (...vals: number[]): Uint8Array => w32(...vals.map(bitsS));
const w64 = (...bits: bigint[]): Uint8Array => new Uint8Array(new BigUint64Array(bits.concat([0n, 0n]).slice(0, 2)).buffer);
const bitsD = (v: number): bigint => new BigUint64Array(new Float64Array([v]).buffer)[0]!;
const d = (...vals: number[]): Uint8Array => w64(...vals.map(bitsD));

const u16s = (b: Uint8Array): number[] => Array.from(new Uint16Array(b.slice().buffer));
const u32s = (b: Uint8Array): number[] => Array.from(new Uint32Array(b.slice().buffer));
const u64s = (b: Uint8Array): bigint[] => Array.from(new BigUint64Array(b.slice().buffer));
const f32s = (b: Uint8Array): number[] => Array.from(new Float32Array(b.slice().buffer));
const f64s = (b: Uint8Array): number[] => Array.from(new Float64Array(b.slice().buffer));

const ONES = w32(-1, -1, -1, -1);

/** Runs one instruction on the given V registers; returns Vd's bytes getter and FPSR. */
function run(word: number, regs: Readonly<Record<number, Uint8Array>>, fpcr = 0): { v: (n: number) => Uint8Array; fpsr: number } {
  expect(decode(word), `word ${word.toString(16)} decodes`).not.toBeNull();
  rig.cpu.fpcr = fpcr;
  rig.cpu.fpsr = 0;
  const stop = rig.exec([word], regs);
  expect(stop.kind).toBe('svc');
  return { v: (n) => rig.cpu.getV(n), fpsr: rig.cpu.fpsr };
}

// ---- field helpers ------------------------------------------------------------------------------

type W = 16 | 32 | 64;
const sameFields = (w: W): Record<string, number> =>
  w === 16 ? { sz: 1, x21: 0, x15: 0 } : { sz: w === 64 ? 1 : 0, x21: 1, x15: 3 };
const miscFields = (w: W): Record<string, number> => (w === 16 ? { sz: 1, hh: 3 } : { sz: w === 64 ? 1 : 0, hh: 0 });

const same = (name: string, w: W, q: number, rd: number, rn: number, rm: number): number =>
  enc(`${name}_vec`, { ...sameFields(w), Q: q, Rd: rd, Rn: rn, Rm: rm });
const sameSisd = (name: string, w: W, rd: number, rn: number, rm: number): number =>
  enc(`${name}_sisd`, { ...sameFields(w), Rd: rd, Rn: rn, Rm: rm });
const misc = (name: string, w: W, q: number, rd: number, rn: number): number =>
  enc(`${name}_vec`, { ...miscFields(w), Q: q, Rd: rd, Rn: rn });
const miscSisd = (name: string, w: W, rd: number, rn: number): number =>
  enc(`${name}_sisd`, { ...miscFields(w), Rd: rd, Rn: rn });

// Single precision NaNs: signalling with payload 5 and its quiet form; a quiet NaN with payload 1.
const SNAN_S = 0x7f800005;
const SNAN_S_QUIET = 0x7fc00005;
const QNAN_S = 0x7fc00001;
const DEFAULT_NAN_S = 0x7fc00000;
const SNAN_D = 0x7ff0000000000005n;
const QNAN_D = 0x7ff8000000000001n;
const SNAN_H = 0x7d05;
const QNAN_H = 0x7e01;

describe('three same: arithmetic per lane', () => {
  it('FADD 4S: IEEE sums, NaN priority (signalling first, then Vn), flags over all lanes', () => {
    const a = w32(bitsS(1.5), bitsS(1), QNAN_S, bitsS(3e38));
    const b = w32(bitsS(2.25), bitsS(2 ** -30), SNAN_S, bitsS(3e38));
    const r = run(same('FADD', 32, 1, 0, 1, 2), { 0: ONES, 1: a, 2: b });
    expect(u32s(r.v(0))).toEqual([bitsS(3.75), bitsS(1), SNAN_S_QUIET, 0x7f800000]);
    expect(r.fpsr).toBe(IXC | IOC | OFC);
  });

  it('FADD 2S clears bits 127:64; FSUB 2D and FMUL/FDIV per lane', () => {
    const r = run(same('FADD', 32, 0, 0, 1, 2), { 0: ONES, 1: s(1, 2, 3, 4), 2: s(10, 20, 30, 40) });
    expect(f32s(r.v(0))).toEqual([11, 22, 0, 0]);
    const r2 = run(same('FSUB', 64, 1, 3, 4, 5), { 4: d(1, 1), 5: d(0.25, 2 ** -60) });
    expect(f64s(r2.v(3))).toEqual([0.75, 1]);
    expect(r2.fpsr).toBe(IXC);
    const r3 = run(same('FDIV', 32, 1, 6, 7, 8), { 7: s(1, -0, 6, 0), 8: s(3, 5, 0, 0) });
    expect(u32s(r3.v(6))).toEqual([bitsS(Math.fround(1 / 3)), 0x80000000, 0x7f800000, DEFAULT_NAN_S]);
    expect(r3.fpsr).toBe(IXC | DZC | IOC);
  });

  it('FMUL 2D: quiet NaN from Vm when Vn is a number, default NaN under DN', () => {
    const r = run(same('FMUL', 64, 1, 0, 1, 2), { 1: d(3, 2), 2: w64(bitsD(0.5), QNAN_D) });
    expect(u64s(r.v(0))).toEqual([bitsD(1.5), QNAN_D]);
    expect(r.fpsr).toBe(0);
    const r2 = run(same('FMUL', 64, 1, 0, 1, 2), { 1: d(3, 2), 2: w64(bitsD(0.5), SNAN_D) }, DN);
    expect(u64s(r2.v(0))).toEqual([bitsD(1.5), 0x7ff8000000000000n]);
    expect(r2.fpsr).toBe(IOC);
  });

  it('half precision (8H): exact sums, rounding, overflow, subnormal results', () => {
    const a = h(0x3c00, 0x3c00, 0x7bff, 0x0400, 0x0401, 0x3c00, QNAN_H, 0xbc00);
    const b = h(0x4000, 0x0001, 0x7bff, 0x0400, 0x8400, 0x4200, SNAN_H, 0x3c00);
    const add = run(same('FADD', 16, 1, 0, 1, 2), { 1: a, 2: b });
    // 1+2=3; 1+2^-24 rounds to 1; max+max overflows; 2^-14+2^-14; 2^-24 exact subnormal; 1+3;
    // quiet vs signalling NaN: the signalling one, quieted; -1+1=+0.
    expect(u16s(add.v(0))).toEqual([0x4200, 0x3c00, 0x7c00, 0x0800, 0x0001, 0x4400, 0x7f05, 0x0000]);
    expect(add.fpsr).toBe(IXC | OFC | IOC);
    const mul = run(same('FMUL', 16, 0, 0, 1, 2), { 0: ONES, 1: h(0x3c00, 0x0400, 0x0401, 0x7bff), 2: h(0x4000, 0x3800, 0x3800, 0x7bff) });
    // 2^-14 * 0.5 = 2^-15 exact subnormal; (2^-14 + 2^-24) * 0.5 ties to even 2^-15: UFC.
    expect(u16s(mul.v(0))).toEqual([0x4000, 0x0200, 0x0200, 0x7c00, 0, 0, 0, 0]);
    expect(mul.fpsr).toBe(IXC | UFC | OFC);
    const div = run(same('FDIV', 16, 0, 0, 1, 2), { 1: h(0x3c00, 0x4000, 0x3c00, 0), 2: h(0x4200, 0x4000, 0, 0) });
    expect(u16s(div.v(0)).slice(0, 4)).toEqual([0x3555, 0x3c00, 0x7c00, 0x7e00]);
    expect(div.fpsr).toBe(IXC | DZC | IOC);
  });

  it('FZ flushes single denormal inputs (IDC), FZ16 flushes half ones without IDC', () => {
    const r = run(same('FADD', 32, 0, 0, 1, 2), { 1: w32(1, 0x80000001), 2: w32(0, 0x80000000) }, FZ);
    expect(u32s(r.v(0))).toEqual([0, 0x80000000, 0, 0]);
    expect(r.fpsr).toBe(IDC);
    const r2 = run(same('FADD', 16, 0, 0, 1, 2), { 1: h(0x0001, 0x3c00), 2: h(0, 0x0001) }, FZ16);
    expect(u16s(r2.v(0)).slice(0, 2)).toEqual([0, 0x3c00]);
    expect(r2.fpsr).toBe(0);
  });

  it('rounding mode applies per lane (RM: 1 + 2^-30 rounds down, -(1 + 2^-30) away from zero)', () => {
    const r = run(same('FADD', 32, 0, 0, 1, 2), { 1: s(1, -1), 2: s(2 ** -30, -(2 ** -30)) }, RMODE_RM);
    expect(f32s(r.v(0)).slice(0, 2)).toEqual([1, -(1 + 2 ** -23)]);
  });

  it('FMAX/FMIN/FMAXNM/FMINNM: signed zeros and quiet NaNs', () => {
    const a = w32(0x80000000, bitsS(1), QNAN_S, bitsS(-3));
    const b = w32(0, QNAN_S, bitsS(2), bitsS(-4));
    expect(u32s(run(same('FMAX', 32, 1, 0, 1, 2), { 1: a, 2: b }).v(0))).toEqual([0, QNAN_S, QNAN_S, bitsS(-3)]);
    expect(u32s(run(same('FMIN', 32, 1, 0, 1, 2), { 1: a, 2: b }).v(0))).toEqual([0x80000000, QNAN_S, QNAN_S, bitsS(-4)]);
    expect(u32s(run(same('FMAXNM', 32, 1, 0, 1, 2), { 1: a, 2: b }).v(0))).toEqual([0, bitsS(1), bitsS(2), bitsS(-3)]);
    expect(u32s(run(same('FMINNM', 32, 1, 0, 1, 2), { 1: a, 2: b }).v(0))).toEqual([0x80000000, bitsS(1), bitsS(2), bitsS(-4)]);
  });

  it('FMLA/FMLS are fused (one rounding) and negate Vn', () => {
    const x = 1 + 2 ** -12; // x*x = 1 + 2^-11 + 2^-24: not a single
    const r = run(same('FMLA', 32, 0, 0, 1, 1), { 0: s(-(1 + 2 ** -11), 1), 1: s(x, 2) });
    expect(f32s(r.v(0))).toEqual([2 ** -24, 5, 0, 0]);
    expect(r.fpsr).toBe(0);
    const r2 = run(same('FMLS', 32, 0, 0, 1, 1), { 0: s(1 + 2 ** -11, 1), 1: s(x, 2) });
    expect(f32s(r2.v(0))).toEqual([-(2 ** -24), -3, 0, 0]);
    // half: (1 + 2^-6)^2 - (1 + 2^-5) = 2^-12 exactly.
    const r3 = run(same('FMLA', 16, 0, 0, 1, 1), { 0: h(0xbc20), 1: h(0x3c10) });
    expect(u16s(r3.v(0))[0]).toBe(0x0c00);
    const r4 = run(same('FMLA', 64, 1, 0, 1, 2), { 0: d(1, 1), 1: d(2, 0), 2: d(3, Infinity) });
    expect(u64s(r4.v(0))).toEqual([bitsD(7), 0x7ff8000000000000n]);
    expect(r4.fpsr).toBe(IOC);
  });

  it('FMULX: infinity times zero is 2.0 with the product sign; FABD clears the sign of NaNs', () => {
    const r = run(same('FMULX', 32, 1, 0, 1, 2), { 1: w32(0x7f800000, 0xff800000, 0, bitsS(3)), 2: s(0, 0, -Infinity, 0.5) });
    expect(f32s(r.v(0))).toEqual([2, -2, -2, 1.5]);
    expect(r.fpsr).toBe(0);
    const r2 = run(same('FMULX', 16, 0, 0, 1, 2), { 1: h(0xfc00, 0x4000), 2: h(0x8000, 0x4200) });
    expect(u16s(r2.v(0)).slice(0, 2)).toEqual([0x4000, 0x4600]);
    const r3 = run(same('FABD', 32, 1, 0, 1, 2), { 1: w32(bitsS(1), 0xffc00001, bitsS(-5), 0), 2: s(3, 0, -2, -0) });
    expect(u32s(r3.v(0))).toEqual([bitsS(2), 0x7fc00001, bitsS(3), 0]);
  });

  it('FRECPS/FRSQRTS: 2 - a*b and (3 - a*b)/2 fused; infinity times zero gives 2.0 and 1.5', () => {
    const r = run(same('FRECPS', 32, 1, 0, 1, 2), { 1: w32(bitsS(0.5), 0x7f800000, bitsS(3), bitsS(1e20)), 2: s(3, 0, 1, 1e20) });
    expect(f32s(r.v(0))).toEqual([0.5, 2, -1, -Infinity]);
    expect(r.fpsr).toBe(OFC | IXC);
    const r2 = run(same('FRSQRTS', 64, 1, 0, 1, 2), { 1: d(1, 0), 2: d(1, -Infinity) });
    expect(f64s(r2.v(0))).toEqual([1, 1.5]);
    expect(r2.fpsr).toBe(0);
    const r3 = run(same('FRECPS', 16, 0, 0, 1, 2), { 1: h(0x3800, 0x7c00), 2: h(0x4200, 0x0000) });
    expect(u16s(r3.v(0)).slice(0, 2)).toEqual([0x3800, 0x4000]);
  });
});

describe('three same: compares', () => {
  it('FCMEQ/FCMGE/FCMGT/FACGE/FACGT write lane masks; EQ signals only for signalling NaNs', () => {
    const a = w32(bitsS(1), bitsS(-3), QNAN_S, bitsS(2));
    const b = w32(bitsS(1), bitsS(2), bitsS(1), bitsS(3));
    const eq = run(same('FCMEQ', 32, 1, 0, 1, 2), { 1: a, 2: b });
    expect(u32s(eq.v(0))).toEqual([-1 >>> 0, 0, 0, 0]);
    expect(eq.fpsr).toBe(0);
    const ge = run(same('FCMGE', 32, 1, 0, 1, 2), { 1: a, 2: b });
    expect(u32s(ge.v(0))).toEqual([-1 >>> 0, 0, 0, 0]);
    expect(ge.fpsr).toBe(IOC);
    const acgt = run(same('FACGT', 32, 1, 0, 1, 2), { 1: a, 2: b });
    expect(u32s(acgt.v(0))).toEqual([0, -1 >>> 0, 0, 0]);
    const acge = run(same('FACGE', 64, 1, 0, 1, 2), { 1: d(-2, 1), 2: d(2, -1.5) });
    expect(u64s(acge.v(0))).toEqual([0xffffffffffffffffn, 0n]);
    const eqS = run(same('FCMEQ', 16, 0, 0, 1, 2), { 1: h(SNAN_H, 0x8000), 2: h(0x3c00, 0x0000) });
    expect(u16s(eqS.v(0)).slice(0, 2)).toEqual([0, 0xffff]);
    expect(eqS.fpsr).toBe(IOC);
  });

  it('compares with zero: FCMLT/FCMLE put zero first; -0.0 equals +0.0', () => {
    const v = s(-0, -1, 1, 0);
    expect(u32s(run(misc('FCMLT_zero', 32, 1, 0, 1), { 1: v }).v(0))).toEqual([0, -1 >>> 0, 0, 0]);
    expect(u32s(run(misc('FCMLE_zero', 32, 1, 0, 1), { 1: v }).v(0))).toEqual([-1 >>> 0, -1 >>> 0, 0, -1 >>> 0]);
    expect(u32s(run(misc('FCMGT_zero', 32, 1, 0, 1), { 1: v }).v(0))).toEqual([0, 0, -1 >>> 0, 0]);
    expect(u32s(run(misc('FCMGE_zero', 32, 1, 0, 1), { 1: v }).v(0))).toEqual([-1 >>> 0, 0, -1 >>> 0, -1 >>> 0]);
    const eq = run(misc('FCMEQ_zero', 64, 1, 0, 1), { 1: w64(0x8000000000000000n, QNAN_D) });
    expect(u64s(eq.v(0))).toEqual([0xffffffffffffffffn, 0n]);
    expect(eq.fpsr).toBe(0);
    const lt = run(misc('FCMLT_zero', 64, 1, 0, 1), { 1: w64(bitsD(-1), QNAN_D) });
    expect(lt.fpsr).toBe(IOC);
  });

  it('scalar forms write one lane and clear the rest of Vd', () => {
    const r = run(sameSisd('FCMGT', 64, 0, 1, 2), { 0: ONES, 1: d(3, 0), 2: d(2, 9) });
    expect(u64s(r.v(0))).toEqual([0xffffffffffffffffn, 0n]);
    const r2 = run(sameSisd('FABD', 16, 0, 1, 2), { 0: ONES, 1: h(0x3c00, 0x1111), 2: h(0x4200, 0x2222) });
    expect(u16s(r2.v(0))).toEqual([0x4000, 0, 0, 0, 0, 0, 0, 0]);
    const r3 = run(miscSisd('FCMEQ_zero', 32, 0, 1), { 0: ONES, 1: s(0, 1) });
    expect(u32s(r3.v(0))).toEqual([-1 >>> 0, 0, 0, 0]);
    const r4 = run(sameSisd('FRECPS', 32, 0, 1, 2), { 0: ONES, 1: s(2, 7), 2: s(0.25, 7) });
    expect(f32s(r4.v(0))).toEqual([1.5, 0, 0, 0]);
  });
});

describe('pairwise and across lanes', () => {
  it('FADDP 4S pairs Vn then Vm, reading every source before writing (Vd = Vn = Vm)', () => {
    const r = run(same('FADDP', 32, 1, 0, 1, 2), { 1: s(1, 2, 3, 4), 2: s(10, 20, 30, 40) });
    expect(f32s(r.v(0))).toEqual([3, 7, 30, 70]);
    const r2 = run(same('FADDP', 32, 1, 5, 5, 5), { 5: s(1, 2, 3, 4) });
    expect(f32s(r2.v(5))).toEqual([3, 7, 3, 7]);
    const r3 = run(same('FADDP', 16, 0, 6, 7, 6), { 6: h(0x3c00, 0x3c00, 0x4000, 0x4000, 9, 9, 9, 9), 7: h(0x3800, 0x3800, 0x4200, 0x3c00) });
    expect(u16s(r3.v(6))).toEqual([0x3c00, 0x4400, 0x4000, 0x4400, 0, 0, 0, 0]);
  });

  it('FMAXP/FMINNMP 2D and the scalar pairwise forms', () => {
    const r = run(same('FMAXP', 64, 1, 0, 1, 2), { 1: d(1, 5), 2: w64(QNAN_D, bitsD(2)) });
    expect(u64s(r.v(0))).toEqual([bitsD(5), QNAN_D]);
    const r2 = run(same('FMINNMP', 64, 1, 0, 1, 2), { 1: d(1, 5), 2: w64(QNAN_D, bitsD(2)) });
    expect(f64s(r2.v(0))).toEqual([1, 2]);
    const r3 = run(enc('FADDP_sisd', { U: 1, sz: 0, Rd: 0, Rn: 0 }), { 0: s(1.5, 2.5, 100, 100) });
    expect(f32s(r3.v(0))).toEqual([4, 0, 0, 0]);
    const r4 = run(enc('FMINP_sisd', { U: 0, sz: 0, Rd: 0, Rn: 1 }), { 0: ONES, 1: h(0x4000, 0xbc00, 0x8000) });
    expect(u16s(r4.v(0))).toEqual([0xbc00, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('FMAXV reduces as a tree: op(op(e0, e1), op(e2, e3))', () => {
    // Sequentially the signalling NaN would win; in the tree the quiet NaN from the low half comes first.
    const QNAN_B = 0x7fc00002;
    const r = run(enc('FMAXV', { U: 1, Q: 1, Rd: 0, Rn: 1 }), { 0: ONES, 1: w32(bitsS(1), QNAN_B, SNAN_S, bitsS(4)) });
    expect(u32s(r.v(0))).toEqual([QNAN_B, 0, 0, 0]);
    expect(r.fpsr).toBe(IOC);
    const r2 = run(enc('FMINNMV', { U: 0, Q: 1, Rd: 0, Rn: 1 }), {
      1: h(0x4000, QNAN_H, 0x4200, 0xc000, 0x3c00, 0x4400, 0xbc00, 0x3800),
    });
    expect(u16s(r2.v(0))).toEqual([0xc000, 0, 0, 0, 0, 0, 0, 0]);
    const r3 = run(enc('FMAXNMV', { U: 0, Q: 0, Rd: 0, Rn: 1 }), { 1: h(0x3c00, 0x4000, 0x3800, 0xc400, 0x7c00, 0x7c00) });
    expect(u16s(r3.v(0))[0]).toBe(0x4000);
  });
});

describe('by element', () => {
  it('FMUL 4S by Vm.s[2] when Vd = Vm: every lane uses the original element', () => {
    // index H:L = 2
    const r = run(enc('FMUL_elem', { Q: 1, size: 2, L: 0, M: 0, Rm: 3, H: 1, Rn: 1, Rd: 3 }), {
      1: s(1, 2, 3, 4),
      3: s(9, 9, 10, 9),
    });
    expect(f32s(r.v(3))).toEqual([10, 20, 30, 40]);
  });

  it('FMLA 8H by Vm.h[5] (index H:L:M), FMLS 2D by Vm.d[1], register M:Rm for singles', () => {
    const r = run(enc('FMLA_elem', { Q: 1, size: 0, H: 1, L: 0, M: 1, Rm: 2, Rn: 1, Rd: 0 }), {
      0: h(0x3c00, 0x3c00, 0x3c00, 0x3c00, 0x3c00, 0x3c00, 0x3c00, 0x3c00),
      1: h(0x3c00, 0x4000, 0x4200, 0x4400, 0x3800, 0, 0x8000, 0xbc00),
      2: h(0, 0, 0, 0, 0, 0x4000, 0, 0),
    });
    expect(u16s(r.v(0))).toEqual([0x4200, 0x4500, 0x4700, 0x4880, 0x4000, 0x3c00, 0x3c00, 0xbc00]);
    const r2 = run(enc('FMLS_elem', { Q: 1, size: 3, H: 1, L: 0, M: 1, Rm: 1, Rn: 2, Rd: 0 }), {
      0: d(10, 10),
      2: d(1, 2),
      17: d(100, 3),
    });
    expect(f64s(r2.v(0))).toEqual([7, 4]);
    const r3 = run(enc('FMULX_elem', { Q: 0, size: 2, H: 1, L: 1, M: 1, Rm: 4, Rn: 2, Rd: 0 }), {
      0: ONES,
      2: s(0, -5),
      20: s(1, 1, 1, Infinity),
    });
    expect(f32s(r3.v(0))).toEqual([2, -Infinity, 0, 0]);
  });

  it('scalar by element: FMUL s by v.s[3], FMLA d by v.d[1]', () => {
    const r = run(enc('FMUL_elem_sisd', { size: 2, H: 1, L: 1, M: 0, Rm: 2, Rn: 1, Rd: 0 }), { 0: ONES, 1: s(3, 7), 2: s(0, 0, 0, 0.5) });
    expect(f32s(r.v(0))).toEqual([1.5, 0, 0, 0]);
    const r2 = run(enc('FMLA_elem_sisd', { size: 3, H: 1, L: 0, M: 0, Rm: 2, Rn: 1, Rd: 0 }), { 0: d(1, 5), 1: d(3, 9), 2: d(0, 2) });
    expect(f64s(r2.v(0))).toEqual([7, 0]);
  });

  it('size 01 and double with L = 1 are unallocated', () => {
    const w = enc('FMUL_elem', { Q: 1, size: 2, Rd: 0, Rn: 0, Rm: 0 });
    const size1 = (w & ~(3 << 22)) | (1 << 22);
    expect(decode(size1)).toBeNull();
    const dWithL = (w & ~(3 << 22)) | (3 << 22) | (1 << 21);
    expect(decode(dWithL)).toBeNull();
  });
});

describe('two-register misc', () => {
  it('FABS/FNEG flip or clear sign bits only, NaNs included, with no exceptions', () => {
    const v = w32(SNAN_S | 0x80000000, bitsS(-2), 0, bitsS(3));
    const a = run(enc('FABS_vec', { Q: 1, sz: 0, hh: 0, Rd: 0, Rn: 1 }), { 1: v });
    expect(u32s(a.v(0))).toEqual([SNAN_S, bitsS(2), 0, bitsS(3)]);
    expect(a.fpsr).toBe(0);
    const n = run(enc('FNEG_vec', { Q: 0, sz: 1, hh: 3, Rd: 0, Rn: 1 }), { 0: ONES, 1: h(0x3c00, 0x8000, 0x7e00, 0xfc00, 1, 1, 1, 1) });
    expect(u16s(n.v(0))).toEqual([0xbc00, 0, 0xfe00, 0x7c00, 0, 0, 0, 0]);
    const n2 = run(enc('FNEG_vec', { Q: 1, sz: 1, hh: 0, Rd: 0, Rn: 1 }), { 1: d(1, -0) });
    expect(u64s(n2.v(0))).toEqual([bitsD(-1), 0n]);
  });

  it('FSQRT: exact roots, IXC, negative operands give the default NaN with IOC', () => {
    const r = run(misc('FSQRT', 32, 1, 0, 1), { 1: s(4, 2, -1, -0) });
    expect(u32s(r.v(0))).toEqual([bitsS(2), bitsS(Math.fround(Math.SQRT2)), DEFAULT_NAN_S, 0x80000000]);
    expect(r.fpsr).toBe(IXC | IOC);
    const r2 = run(misc('FSQRT', 16, 0, 0, 1), { 1: h(0x4000, 0x4400) });
    expect(u16s(r2.v(0)).slice(0, 2)).toEqual([0x3da8, 0x4000]);
  });

  it('FRINT*: ties, signed zeros, FRINTX inexact, FRINT32Z out of range', () => {
    const v = s(0.5, 1.5, 2.5, -0.5);
    expect(f32s(run(misc('FRINTN', 32, 1, 0, 1), { 1: v }).v(0))).toEqual([0, 2, 2, -0]);
    expect(f32s(run(misc('FRINTA', 32, 1, 0, 1), { 1: v }).v(0))).toEqual([1, 2, 3, -1]);
    expect(f32s(run(misc('FRINTM', 32, 1, 0, 1), { 1: v }).v(0))).toEqual([0, 1, 2, -1]);
    expect(f32s(run(misc('FRINTP', 32, 1, 0, 1), { 1: v }).v(0))).toEqual([1, 2, 3, -0]);
    expect(f32s(run(misc('FRINTZ', 32, 1, 0, 1), { 1: v }).v(0))).toEqual([0, 1, 2, -0]);
    const x = run(misc('FRINTX', 64, 1, 0, 1), { 1: d(2.5, 3) });
    expect(f64s(x.v(0))).toEqual([2, 3]);
    expect(x.fpsr).toBe(IXC);
    const i = run(misc('FRINTI', 16, 0, 0, 1), { 1: h(0x3e00, 0xbe00) }, RMODE_RM);
    expect(u16s(i.v(0)).slice(0, 2)).toEqual([0x3c00, 0xc000]);
    expect(i.fpsr).toBe(0);
    const n = run(misc('FRINT32Z', 32, 1, 0, 1), { 1: s(3e9, -2.5, 2 ** 31 - 128, 0) });
    expect(f32s(n.v(0))).toEqual([-(2 ** 31), -2, 2 ** 31 - 128, 0]);
    expect(n.fpsr).toBe(IOC | IXC);
  });

  it('FCVT[NMAPZ][SU] saturate to the lane width', () => {
    const v = w32(bitsS(2.5), bitsS(-1.5), bitsS(3e9), QNAN_S);
    const ns = run(misc('FCVTNS', 32, 1, 0, 1), { 1: v });
    expect(u32s(ns.v(0))).toEqual([2, -2 >>> 0, 0x7fffffff, 0]);
    expect(ns.fpsr).toBe(IXC | IOC);
    expect(u32s(run(misc('FCVTAS', 32, 1, 0, 1), { 1: v }).v(0))).toEqual([3, -2 >>> 0, 0x7fffffff, 0]);
    expect(u32s(run(misc('FCVTMU', 32, 1, 0, 1), { 1: v }).v(0))).toEqual([2, 0, 3e9, 0]);
    const zs = run(misc('FCVTZS', 64, 1, 0, 1), { 1: d(-(2 ** 63), 2 ** 63) });
    expect(u64s(zs.v(0))).toEqual([0x8000000000000000n, 0x7fffffffffffffffn]);
    expect(zs.fpsr).toBe(IOC);
    const hs = run(misc('FCVTZS', 16, 1, 0, 1), { 1: h(0x5a00, 0x7bff, 0xfbff, 0xbe00, 0x3bff, 0, 0, 0) });
    expect(u16s(hs.v(0))).toEqual([192, 0x7fff, 0x8000, 0xffff, 0, 0, 0, 0]);
    expect(hs.fpsr).toBe(IOC | IXC);
    const hu = run(misc('FCVTPU', 16, 0, 0, 1), { 1: h(0x7bff, 0xbe00, 0x3c01, 0x0001) });
    expect(u16s(hu.v(0)).slice(0, 4)).toEqual([65504, 0, 2, 1]);
    expect(hu.fpsr).toBe(IOC | IXC); // ceil(-1.5) = -1 is out of range
  });

  it('SCVTF/UCVTF on lanes of the same width, rounding per FPCR', () => {
    const r = run(misc('UCVTF', 32, 1, 0, 1), { 1: w32(-1, 1, 0x01000001, 0) });
    expect(f32s(r.v(0))).toEqual([4294967296, 1, 16777216, 0]);
    expect(r.fpsr).toBe(IXC);
    const r2 = run(misc('SCVTF', 32, 1, 0, 1), { 1: w32(-1, 0x01000001, 0, 0) }, RMODE_RM);
    expect(f32s(r2.v(0))).toEqual([-1, 16777216, 0, 0]);
    const r3 = run(misc('SCVTF', 16, 0, 0, 1), { 1: h(0xffff, 2049, 0x7fff, 0x8000) });
    expect(u16s(r3.v(0)).slice(0, 4)).toEqual([0xbc00, 0x6800, 0x7800, 0xf800]);
    const r4 = run(misc('UCVTF', 64, 1, 0, 1), { 1: w64(0xffffffffffffffffn, 3n) });
    expect(f64s(r4.v(0))).toEqual([2 ** 64, 3]);
  });

  it('FRECPE/FRSQRTE per lane (8-bit estimates of the Arm ARM)', () => {
    const r = run(misc('FRECPE', 32, 1, 0, 1), { 1: w32(bitsS(1), 0, bitsS(-2), 0x7f800000) });
    // 1.0 -> 511/512; 2.0 -> 511/1024; 1/+0 = +inf (DZC); 1/inf = +0.
    expect(u32s(r.v(0))).toEqual([0x3f7f8000, 0x7f800000, 0xbeff8000, 0]);
    expect(r.fpsr).toBe(DZC);
    const r2 = run(misc('FRSQRTE', 64, 1, 0, 1), { 1: d(1, -1) });
    expect(u64s(r2.v(0))).toEqual([0x3feff00000000000n, 0x7ff8000000000000n]);
    expect(r2.fpsr).toBe(IOC);
  });
});

describe('precision changes', () => {
  it('FCVTL/FCVTL2 widen the low or high half, also in place', () => {
    const r = run(enc('FCVTL', { Q: 0, sz: 0, Rd: 1, Rn: 1 }), { 1: h(0x3c00, 0xc000, 0x7c00, 0x0001, 9, 9, 9, 9) });
    expect(f32s(r.v(1))).toEqual([1, -2, Infinity, 2 ** -24]);
    const r2 = run(enc('FCVTL', { Q: 1, sz: 1, Rd: 1, Rn: 1 }), { 1: w32(1, 2, bitsS(0.1), SNAN_S) });
    expect(u64s(r2.v(1))).toEqual([bitsD(Math.fround(0.1)), 0x7ff80000a0000000n]);
    expect(r2.fpsr).toBe(IOC);
  });

  it('FCVTN/FCVTN2 narrow into the low half (clearing the top) or high half (keeping the low)', () => {
    const r = run(enc('FCVTN', { Q: 0, sz: 0, Rd: 2, Rn: 2 }), { 2: s(1, 65520, 2 ** -25, -0) });
    expect(u16s(r.v(2))).toEqual([0x3c00, 0x7c00, 0x0000, 0x8000, 0, 0, 0, 0]);
    expect(r.fpsr).toBe(OFC | UFC | IXC);
    const r2 = run(enc('FCVTN', { Q: 1, sz: 1, Rd: 3, Rn: 3 }), { 3: d(1.5, 0.1) });
    // The low 64 bits (the double 1.5) stay.
    expect(u32s(r2.v(3))).toEqual([0, 0x3ff80000, bitsS(1.5), bitsS(Math.fround(0.1))]);
    expect(r2.fpsr).toBe(IXC);
  });

  it('FCVTXN rounds to odd (vector and scalar)', () => {
    const r = run(enc('FCVTXN_vec', { Q: 0, Rd: 0, Rn: 1 }), { 0: ONES, 1: d(1 + 2 ** -30, 1 + 2 ** -23) });
    expect(u32s(r.v(0))).toEqual([bitsS(1 + 2 ** -23), bitsS(1 + 2 ** -23), 0, 0]);
    expect(r.fpsr).toBe(IXC);
    const r2 = run(enc('FCVTXN_sisd', { Rd: 0, Rn: 1 }), { 0: ONES, 1: d(1e300) });
    expect(u32s(r2.v(0))).toEqual([0x7f7fffff, 0, 0, 0]);
    expect(r2.fpsr).toBe(OFC | IXC);
  });
});

describe('fixed point', () => {
  it('FCVTZS/UCVTF #fbits on vectors and scalars', () => {
    // immh:immb = 2*esize - fbits
    const z = run(enc('FCVTZS_vec_fix', { Q: 1, immh: 0b0111, immb: 0b100, Rd: 0, Rn: 1 }), { 1: s(1.5, -1.53125, 2 ** 27, 0) });
    expect(u32s(z.v(0))).toEqual([24, -24 >>> 0, 0x7fffffff, 0]); // fbits = 64 - 60 = 4
    expect(z.fpsr).toBe(IXC | IOC);
    const u = run(enc('UCVTF_vec_fix', { Q: 0, immh: 0b0011, immb: 0b111, Rd: 0, Rn: 1 }), { 0: ONES, 1: h(3, 0xffff, 0, 1) });
    // fbits = 32 - 31 = 1
    expect(u16s(u.v(0))).toEqual([0x3e00, 0x7800, 0, 0x3800, 0, 0, 0, 0]);
    const sc = run(enc('SCVTF_sisd_fix', { immh: 0b1000, immb: 0, Rd: 0, Rn: 1 }), { 0: ONES, 1: w64(0x8000000000000000n, 5n) });
    expect(f64s(sc.v(0))).toEqual([-0.5, 0]); // -2^63 / 2^64
  });
});

describe('FMOV (vector, immediate)', () => {
  /** VFPExpandImm of the Arm ARM, on bit strings. */
  function vfpExpandImm(imm8: number, n: 16 | 32 | 64): bigint {
    const e = n === 16 ? 5 : n === 32 ? 8 : 11;
    const f = n - e - 1;
    const bit = (i: number): string => String((imm8 >> i) & 1);
    const notB6 = String(1 - ((imm8 >> 6) & 1));
    const exp = notB6 + bit(6).repeat(e - 3) + bit(5) + bit(4);
    const frac = bit(3) + bit(2) + bit(1) + bit(0) + '0'.repeat(f - 4);
    return BigInt(`0b${bit(7)}${exp}${frac}`);
  }

  it('decodes every imm8 for half, single and double, replicated per lane', () => {
    for (let imm8 = 0; imm8 < 256; imm8++) {
      const abc = imm8 >> 5;
      const defgh = imm8 & 31;
      const hw = enc('FMOV_vimm', { Q: 1, op: 0, o2: 1, abc, defgh, Rd: 0 });
      expect(decode(hw)?.row.name).toBe('FMOV_vimm');
      const hv = run(hw, {}).v(0);
      expect(u16s(hv)).toEqual(new Array(8).fill(Number(vfpExpandImm(imm8, 16))));
      const sv = run(enc('FMOV_vimm', { Q: 0, op: 0, o2: 0, abc, defgh, Rd: 0 }), { 0: ONES }).v(0);
      expect(u32s(sv)).toEqual([Number(vfpExpandImm(imm8, 32)), Number(vfpExpandImm(imm8, 32)), 0, 0]);
      const dv = run(enc('FMOV_vimm', { Q: 1, op: 1, o2: 0, abc, defgh, Rd: 0 }), {}).v(0);
      expect(u64s(dv)).toEqual([vfpExpandImm(imm8, 64), vfpExpandImm(imm8, 64)]);
      // AdvSIMDExpandImm with cmode 1111 (the MOVI-family helper) agrees.
      const [lo, hi] = advSimdExpandImm(1, 15, imm8);
      expect((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toBe(vfpExpandImm(imm8, 64));
      expect(advSimdExpandImm(0, 15, imm8)[0] >>> 0).toBe(Number(vfpExpandImm(imm8, 32)));
    }
  });

  it('op = 1 needs Q = 1 and o2 = 0; MOVI does not claim cmode 1111', () => {
    const base = enc('FMOV_vimm', { Q: 1, op: 1, o2: 0, abc: 3, defgh: 16, Rd: 4 });
    expect(decode(base)?.row.name).toBe('FMOV_vimm');
    expect(decode(base & ~(1 << 30))).toBeNull();
    expect(decode(base | (1 << 11))).toBeNull();
    expect(disassemble(enc('FMOV_vimm', { Q: 1, op: 0, o2: 0, abc: 3, defgh: 16, Rd: 4 }))).toBe(
      'fmov\tv4.4s, #1.000000000000000000e+00',
    );
  });
});

describe.skipIf(!hasObjdump())('simd fp disassembly', () => {
  it('matches GNU objdump on random valid words of every simd fp row', () => {
    const gen = rng(0xf9);
    const words: number[] = [];
    for (const row of compiledRows(simdFpRows)) {
      const ws = randomWordsFor(row, 60, gen);
      expect(ws.length, `${row.name} decodes`).toBeGreaterThan(0);
      words.push(...ws);
    }
    const expected = objdumpWords(words);
    const mismatches: string[] = [];
    words.forEach((w, i) => {
      const got = disassemble(w);
      if (got !== expected[i]) mismatches.push(`${w.toString(16).padStart(8, '0')}: ${got} | objdump: ${expected[i]}`);
    });
    expect(mismatches.slice(0, 40)).toEqual([]);
  });
});
