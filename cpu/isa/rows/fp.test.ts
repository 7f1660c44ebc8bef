import { describe, expect, it } from 'vitest';
import { disasmMismatches, hasObjdump } from '../../testing/objdump.js';
import { compileRow, encodeFields } from '../row.js';
import { drawWord } from '../../testgen/generate.js';
import { Prng } from '../../testgen/prng.js';
import { fpRows } from './fp.js';
import { decode } from '../table.js';
import type { Cpu } from '../../cpu.js';
import { enc, machineWith } from '../../testing/run-words.js';

const S = 0;
const D = 1;
const H = 3;
const IOC = 1;
const IXC = 16;

/** Runs `words` after `setup`, expecting the trailing SVC. */
function run(words: number[], setup: (cpu: Cpu) => void = () => {}): Cpu {
  const { cpu } = machineWith(words);
  setup(cpu);
  expect(cpu.run(100).kind).toBe('svc');
  return cpu;
}

/** Vn as [low 64 bits, high 64 bits]. */
function vreg(cpu: Cpu, n: number): [bigint, bigint] {
  const v = new BigUint64Array(cpu.vbuf, 16 * n, 2);
  return [v[0]!, v[1]!];
}

function setV(cpu: Cpu, n: number, lo: bigint, hi: bigint): void {
  const v = new BigUint64Array(cpu.vbuf, 16 * n, 2);
  v[0] = lo;
  v[1] = hi;
}

const ONES = 0xffffffffffffffffn;

describe.skipIf(!hasObjdump())('fp disassembly matches GNU objdump', () => {
  it('agrees on random valid words of every fp row', () => {
    const rng = new Prng(0xf10a7);
    const words: number[] = [];
    for (const spec of fpRows) {
      const row = compileRow(spec);
      for (let i = 0; i < 80; i++) {
        const w = drawWord(row, rng);
        if (w !== null) words.push(w);
      }
    }
    expect(words.length).toBeGreaterThan(50 * fpRows.length);
    expect(disasmMismatches(words).slice(0, 40)).toEqual([]);
  });
});

describe('scalar fp rows', () => {
  it('write the scalar result and clear the rest of Vd', () => {
    const cpu = run(
      [
        enc('FADD_scalar', { ftype: S, Rm: 2, Rn: 1, Rd: 0 }),
        enc('FADD_scalar', { ftype: D, Rm: 2, Rn: 1, Rd: 3 }),
        enc('FADD_scalar', { ftype: H, Rm: 2, Rn: 1, Rd: 4 }),
      ],
      (c) => {
        setV(c, 0, ONES, ONES);
        setV(c, 3, ONES, ONES);
        setV(c, 4, ONES, ONES);
        // V1 = V2 = 1.0 as doubles: their single and half lanes 0 are +0.
        setV(c, 1, 0x3ff0000000000000n, ONES);
        setV(c, 2, 0x3ff0000000000000n, ONES);
      },
    );
    expect(vreg(cpu, 0)).toEqual([0n, 0n]);
    expect(vreg(cpu, 3)).toEqual([0x4000000000000000n, 0n]);
    expect(vreg(cpu, 4)).toEqual([0n, 0n]);
  });

  it('FMOV between general and FP registers', () => {
    const cpu = run(
      [
        enc('FMOV_gen_to_fp', { sf: 1, ftype: 2, rmode: 1, Rn: 1, Rd: 0 }), // fmov v0.d[1], x1
        enc('FMOV_gen_to_fp', { sf: 1, ftype: 1, rmode: 0, Rn: 1, Rd: 2 }), // fmov d2, x1
        enc('FMOV_gen_to_fp', { sf: 0, ftype: 3, rmode: 0, Rn: 1, Rd: 3 }), // fmov h3, w1
        enc('FMOV_gen_to_fp', { sf: 0, ftype: 0, rmode: 0, Rn: 31, Rd: 4 }), // fmov s4, wzr
        enc('FMOV_fp_to_gen', { sf: 0, ftype: 0, rmode: 0, Rn: 5, Rd: 6 }), // fmov w6, s5
        enc('FMOV_fp_to_gen', { sf: 1, ftype: 2, rmode: 1, Rn: 5, Rd: 7 }), // fmov x7, v5.d[1]
        enc('FMOV_fp_to_gen', { sf: 1, ftype: 3, rmode: 0, Rn: 5, Rd: 8 }), // fmov x8, h5
        enc('FMOV_fp_to_gen', { sf: 1, ftype: 1, rmode: 0, Rn: 5, Rd: 9 }), // fmov x9, d5
      ],
      (c) => {
        c.setX(1, 0x0123456789abcdefn);
        for (const n of [0, 2, 3, 4]) setV(c, n, ONES, ONES);
        setV(c, 5, 0x1111222233334444n, 0x5555666677778888n);
        c.setX(6, ONES);
      },
    );
    expect(vreg(cpu, 0)).toEqual([ONES, 0x0123456789abcdefn]);
    expect(vreg(cpu, 2)).toEqual([0x0123456789abcdefn, 0n]);
    expect(vreg(cpu, 3)).toEqual([0xcdefn, 0n]);
    expect(vreg(cpu, 4)).toEqual([0n, 0n]);
    expect(cpu.getX(6)).toBe(0x33334444n);
    expect(cpu.getX(7)).toBe(0x5555666677778888n);
    expect(cpu.getX(8)).toBe(0x4444n);
    expect(cpu.getX(9)).toBe(0x1111222233334444n);
  });

  it('FMOV immediate expands imm8 (VFPExpandImm)', () => {
    const cpu = run([
      enc('FMOV_imm', { ftype: D, imm8: 0x84, Rd: 0 }), // -2.5
      enc('FMOV_imm', { ftype: S, imm8: 0x3f, Rd: 1 }), // 31.0
      enc('FMOV_imm', { ftype: H, imm8: 0x40, Rd: 2 }), // 0.125
      enc('FMOV_imm', { ftype: S, imm8: 0x70, Rd: 3 }), // 1.0
    ]);
    expect(vreg(cpu, 0)).toEqual([0xc004000000000000n, 0n]);
    expect(vreg(cpu, 1)).toEqual([0x41f80000n, 0n]);
    expect(vreg(cpu, 2)).toEqual([0x3000n, 0n]);
    expect(vreg(cpu, 3)).toEqual([0x3f800000n, 0n]);
  });

  it('FABS, FNEG and FMOV move NaNs bit for bit without exceptions', () => {
    const cpu = run(
      [
        enc('FNEG_scalar', { ftype: D, Rn: 1, Rd: 0 }),
        enc('FABS_scalar', { ftype: S, Rn: 1, Rd: 2 }),
        enc('FMOV_reg', { ftype: H, Rn: 1, Rd: 3 }),
      ],
      (c) => setV(c, 1, 0xfff0000000000001n, ONES),
    );
    expect(vreg(cpu, 0)).toEqual([0x7ff0000000000001n, 0n]);
    expect(vreg(cpu, 2)).toEqual([0x00000001n, 0n]);
    expect(vreg(cpu, 3)).toEqual([0x0001n, 0n]);
    expect(cpu.fpsr).toBe(0);
  });

  it('FCSEL, FCMP and FCCMP', () => {
    const cpu = run(
      [
        enc('FCMP', { ftype: D, Rm: 2, Rn: 1 }), // 1.0 vs 2.0: less
        enc('FCSEL', { ftype: D, Rm: 2, cond: 11, Rn: 1, Rd: 3 }), // lt: picks d1
        enc('FCCMP', { ftype: D, Rm: 1, cond: 0, Rn: 2, nzcv: 0b1111 }), // eq false: nzcv = 1111
        enc('FCSEL', { ftype: D, Rm: 2, cond: 1, Rn: 1, Rd: 4 }), // ne false (Z=1): picks d2
        enc('FCCMPE', { ftype: D, Rm: 5, cond: 0, Rn: 1, nzcv: 0 }), // eq true: compare with NaN
      ],
      (c) => {
        setV(c, 1, 0x3ff0000000000000n, ONES);
        setV(c, 2, 0x4000000000000000n, ONES);
        setV(c, 5, 0x7ff8000000000000n, 0n);
      },
    );
    expect(vreg(cpu, 3)).toEqual([0x3ff0000000000000n, 0n]);
    expect(vreg(cpu, 4)).toEqual([0x4000000000000000n, 0n]);
    expect(cpu.nzcv >>> 28).toBe(0b0011);
    expect(cpu.fpsr).toBe(IOC);
  });

  it('FCVTZS to W zero-extends; fixed point and FJCVTZS', () => {
    const cpu = run(
      [
        enc('FCVTZS_scalar', { sf: 0, ftype: D, Rn: 1, Rd: 0 }),
        enc('FCVTZS_scalar_fix', { sf: 1, ftype: D, scale: 62, Rn: 2, Rd: 3 }), // 2 fraction bits
        enc('SCVTF_scalar_fix', { sf: 0, ftype: S, scale: 60, Rn: 4, Rd: 5 }), // 4 fraction bits
        enc('FJCVTZS', { Rn: 6, Rd: 7 }),
      ],
      (c) => {
        setV(c, 1, 0xbff0000000000000n, 0n); // -1.0
        setV(c, 2, 0x4004000000000000n, 0n); // 2.5
        c.setX(4, 0xffffffff_00000018n); // w4 = 24: 1.5
        setV(c, 6, 0x41f0000007000000n, 0n); // 2^32 + 112
      },
    );
    expect(cpu.getX(0)).toBe(0xffffffffn);
    expect(cpu.getX(3)).toBe(10n);
    expect(vreg(cpu, 5)).toEqual([0x3fc00000n, 0n]);
    expect(cpu.getX(7)).toBe(112n);
    expect(cpu.nzcv >>> 28).toBe(0);
    expect(cpu.fpsr).toBe(IOC);
  });

  it('FMADD family and FCVT through the translated code', () => {
    const cpu = run(
      [
        enc('FNMSUB', { ftype: D, Rm: 2, Ra: 3, Rn: 1, Rd: 0 }), // -a + n*m = -1 + 6
        enc('FCVT', { ftype: D, opc: 3, Rn: 0, Rd: 4 }), // half 5.0
        enc('FCVT', { ftype: H, opc: 0, Rn: 4, Rd: 5 }), // single 5.0
        enc('FDIV_scalar', { ftype: S, Rm: 6, Rn: 5, Rd: 7 }), // 5/3
      ],
      (c) => {
        setV(c, 1, 0x4000000000000000n, 0n);
        setV(c, 2, 0x4008000000000000n, 0n);
        setV(c, 3, 0x3ff0000000000000n, 0n);
        setV(c, 6, 0x40400000n, 0n);
      },
    );
    expect(vreg(cpu, 0)).toEqual([0x4014000000000000n, 0n]);
    expect(vreg(cpu, 4)).toEqual([0x4500n, 0n]);
    expect(vreg(cpu, 5)).toEqual([0x40a00000n, 0n]);
    expect(vreg(cpu, 7)).toEqual([0x3fd55555n, 0n]);
    expect(cpu.fpsr).toBe(IXC);
  });

  it('leaves unallocated encodings undecoded', () => {
    const undecoded = (row: string, fields: Record<string, number>): boolean => {
      const spec = fpRows.find((r) => r.name === row)!;
      return decode(encodeFields(compileRow(spec), fields)) === null;
    };
    expect(undecoded('FADD_scalar', { ftype: 2 })).toBe(true);
    expect(undecoded('FCVT', { ftype: 1, opc: 1 })).toBe(true);
    expect(undecoded('FCVTZS_scalar_fix', { sf: 0, ftype: 0, scale: 31 })).toBe(true);
    expect(undecoded('FRINT32Z_scalar', { ftype: 3 })).toBe(true);
    expect(undecoded('FMOV_gen_to_fp', { sf: 1, ftype: 0, rmode: 0 })).toBe(true);
    expect(undecoded('FMOV_fp_to_gen', { sf: 0, ftype: 2, rmode: 1 })).toBe(true);
    expect(undecoded('FCVTZS_scalar_fix', { sf: 1, ftype: 0, scale: 31 })).toBe(false);
  });
});
