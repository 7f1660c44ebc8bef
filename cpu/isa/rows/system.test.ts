import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROT_R, PROT_W, PROT_X } from '../../memory/address-space.js';
import { disasmMismatches, hasObjdump } from '../../testing/objdump.js';
import { CODE_BASE, DATA_BASE, machineWith } from '../../testing/run-words.js';
import { decode } from '../table.js';
import { CTR_EL0_VALUE, FPCR_WRITABLE, FPSR_WRITABLE, systemRows } from './system.js';
import { SimdRig, compiledRows, enc, hasQemu, randomWordsFor, rng } from './simd.testkit.js';

const rig = new SimdRig();

/** Field values of MRS/MSR (register) for a system register op0:op1:CRn:CRm:op2. */
const sysreg = (op0: number, op1: number, CRn: number, CRm: number, op2: number): Record<string, number> => ({
  o0: op0 - 2,
  op1,
  CRn,
  CRm,
  op2,
});
const REG = {
  nzcv: sysreg(3, 3, 4, 2, 0),
  dit: sysreg(3, 3, 4, 2, 5),
  ssbs: sysreg(3, 3, 4, 2, 6),
  tco: sysreg(3, 3, 4, 2, 7),
  fpcr: sysreg(3, 3, 4, 4, 0),
  fpsr: sysreg(3, 3, 4, 4, 1),
  ctr: sysreg(3, 3, 0, 0, 1),
  dczid: sysreg(3, 3, 0, 0, 7),
  tpidr: sysreg(3, 3, 13, 0, 2),
  tpidrro: sysreg(3, 3, 13, 0, 3),
  cntfrq: sysreg(3, 3, 14, 0, 0),
  cntvct: sysreg(3, 3, 14, 0, 2),
  midr: sysreg(3, 0, 0, 0, 0),
  daif: sysreg(3, 3, 4, 2, 1),
  cntpct: sysreg(3, 3, 14, 0, 1),
} as const;

const mrs = (reg: Record<string, number>, rt: number): number => enc('MRS', { ...reg, Rt: rt });
const msr = (reg: Record<string, number>, rt: number): number => enc('MSR_reg', { ...reg, Rt: rt });
/** The raw word of a system instruction (op0 0b00/0b01 forms), for encodings without a row. */
const sysWord = (l: number, op0: number, op1: number, crn: number, crm: number, op2: number, rt: number): number =>
  (0xd5000000 | (l << 21) | (op0 << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5) | rt) >>> 0;

function run(words: readonly number[], x: Readonly<Record<number, bigint>> = {}) {
  const stop = rig.exec(words, {}, x);
  return { stop, cpu: rig.cpu };
}

describe('system register moves', () => {
  it('NZCV round-trips through MSR/MRS and only bits 31:28 are kept', () => {
    for (let flags = 0; flags < 16; flags++) {
      const value = (BigInt(flags) << 28n) | 0x0fff_ffffn | 0xffff_ffff_0000_0000n;
      const { stop, cpu } = run([msr(REG.nzcv, 1), mrs(REG.nzcv, 2)], { 1: value });
      expect(stop.kind).toBe('svc');
      expect(cpu.getX(2)).toBe(BigInt(flags) << 28n);
      expect(cpu.nzcv >>> 0).toBe((flags << 28) >>> 0);
    }
  });

  it('FPCR keeps only the bits qemu implements; FPSR only the flag bits', () => {
    const { cpu } = run([msr(REG.fpcr, 1), mrs(REG.fpcr, 2), msr(REG.fpsr, 1), mrs(REG.fpsr, 3)], { 1: 0xffff_ffff_ffff_ffffn });
    expect(cpu.getX(2)).toBe(BigInt(FPCR_WRITABLE >>> 0));
    expect(cpu.getX(3)).toBe(BigInt(FPSR_WRITABLE >>> 0));
    expect(cpu.fpcr >>> 0).toBe(0x07ff0000);
    expect(cpu.fpsr >>> 0).toBe(0xf800009f);
    const r = run([msr(REG.fpcr, 31), mrs(REG.fpcr, 2), msr(REG.fpsr, 1), mrs(REG.fpsr, 3)], { 1: 0x0800_0001n });
    expect(r.cpu.getX(2)).toBe(0n);
    expect(r.cpu.getX(3)).toBe(0x0800_0001n);
  });

  it('TPIDR_EL0 round-trips all 64 bits; TPIDRRO_EL0 reads zero and is not writable', () => {
    const v = 0x8123_4567_89ab_cdefn;
    const { cpu } = run([msr(REG.tpidr, 4), mrs(REG.tpidr, 5), mrs(REG.tpidrro, 6)], { 4: v, 6: 7n });
    expect(cpu.getX(5)).toBe(v);
    expect(cpu.tpidr).toBe(v);
    expect(cpu.getX(6)).toBe(0n);
    expect(decode(sysWord(0, 3, 3, 13, 0, 3, 1))).toBeNull();
  });

  it('CTR_EL0 and DCZID_EL0 read the qemu "max" constants (512-byte DC ZVA blocks, DZP clear)', () => {
    const { cpu } = run([mrs(REG.ctr, 1), mrs(REG.dczid, 2)]);
    expect(cpu.getX(1)).toBe(0x80038003n);
    expect(cpu.getX(2)).toBe(7n);
    expect(CTR_EL0_VALUE).toBe(0x80038003);
    expect(decode(sysWord(0, 3, 3, 0, 0, 1, 1))).toBeNull();
  });

  it('CNTVCT_EL0 reads the kernel counter at the instruction; CNTFRQ_EL0 the frequency', () => {
    rig.cpu.counter = (n) => BigInt(n) * 1000n + 0x1_0000_0000n;
    rig.cpu.counterFrequency = 1_000_000;
    const before = rig.cpu.instret;
    const nop = enc('NOP', {});
    const { cpu } = run([nop, nop, nop, enc('MRS_counter', { ...REG.cntvct, Rt: 3 }), enc('MRS_counter', { ...REG.cntfrq, Rt: 4 })]);
    expect(cpu.getX(3)).toBe(BigInt(before + 3) * 1000n + 0x1_0000_0000n);
    expect(cpu.getX(4)).toBe(1_000_000n);
  });

  it('PSTATE.DIT/SSBS/TCO: MSR (immediate and register) and MRS agree on bits 24/12/25', () => {
    const fields = [
      ['dit', 2, 1n << 24n],
      ['ssbs', 1, 1n << 12n],
      ['tco', 4, 1n << 25n],
    ] as const;
    for (const [name, op2, bit] of fields) {
      const reg = REG[name];
      const set = run([enc('MSR_imm', { op2, CRm: 1 }), mrs(reg, 1), enc('MSR_imm', { op2, CRm: 0 }), mrs(reg, 2)]);
      expect(set.cpu.getX(1), name).toBe(bit);
      expect(set.cpu.getX(2), name).toBe(0n);
      const viaReg = run([msr(reg, 3), mrs(reg, 4), mrs(REG.nzcv, 5)], { 3: 0xffff_ffff_ffff_ffffn });
      expect(viaReg.cpu.getX(4), name).toBe(bit);
      run([msr(reg, 31)]);
    }
  });

  it('other system registers, DAIF and EL1 registers are undefined at EL0', () => {
    for (const word of [
      sysWord(1, 3, 0, 0, 0, 0, 1), // mrs x1, midr_el1
      sysWord(1, 3, 3, 4, 2, 1, 1), // mrs x1, daif
      sysWord(1, 3, 3, 14, 0, 1, 1), // mrs x1, cntpct_el0
      sysWord(0, 3, 3, 0, 0, 7, 1), // msr dczid_el0, x1
      sysWord(0, 0, 3, 4, 6, 6, 31), // msr daifset, #6
      sysWord(0, 0, 0, 4, 0, 3, 31), // msr uao, #0
      sysWord(0, 0, 0, 4, 0, 5, 31), // msr spsel, #0
      sysWord(0, 1, 3, 7, 6, 1, 1), // dc ivac, x1
      sysWord(0, 0, 3, 3, 2, 1, 31), // dsb oshnxs (qemu 7.2: undefined)
      sysWord(0, 0, 3, 2, 0, 0, 30), // hint with Rt != 31
    ]) {
      const stop = rig.exec([word]);
      expect(stop, word.toString(16)).toEqual({ kind: 'undefined', pc: CODE_BASE, word });
    }
  });
});

describe('flag manipulation', () => {
  const flagsOf = (v: number): { n: number; z: number; c: number; v: number } => ({
    n: (v >> 3) & 1,
    z: (v >> 2) & 1,
    c: (v >> 1) & 1,
    v: v & 1,
  });
  const nzcvOf = (f: { n: number; z: number; c: number; v: number }): bigint =>
    BigInt((f.n << 3) | (f.z << 2) | (f.c << 1) | f.v) << 28n;
  const cases: readonly (readonly [string, (f: ReturnType<typeof flagsOf>) => ReturnType<typeof flagsOf>])[] = [
    ['CFINV', (f) => ({ ...f, c: 1 - f.c })],
    // XAFLAG: N = !C & !Z, Z = Z & C, C = C | Z, V = !C & Z
    ['XAFLAG', (f) => ({ n: (1 - f.c) & (1 - f.z), z: f.z & f.c, c: f.c | f.z, v: (1 - f.c) & f.z })],
    // AXFLAG: Z = Z | V, C = C & !V, N = V = 0
    ['AXFLAG', (f) => ({ n: 0, z: f.z | f.v, c: f.c & (1 - f.v), v: 0 })],
  ];
  for (const [row, ref] of cases) {
    it(`${row} for all 16 NZCV inputs`, () => {
      for (let v = 0; v < 16; v++) {
        const { cpu } = run([msr(REG.nzcv, 1), enc(row, {}), mrs(REG.nzcv, 2)], { 1: BigInt(v) << 28n });
        expect(cpu.getX(2), `${row} nzcv=${v.toString(2)}`).toBe(nzcvOf(ref(flagsOf(v))));
      }
    });
  }
});

describe('exception generation', () => {
  it('BRK, HLT and UDF stop at the instruction with its immediate; SVC retires', () => {
    const nop = enc('NOP', {});
    for (const [row, kind] of [
      ['BRK', 'brk'],
      ['HLT', 'hlt'],
      ['UDF', 'udf'],
    ] as const) {
      for (const imm16 of [0, 0x1234, 0xffff]) {
        const before = rig.cpu.instret;
        const stop = rig.exec([nop, enc(row, { imm16 })]);
        expect(stop).toEqual({ kind, imm: imm16, pc: CODE_BASE + 4 });
        expect(rig.cpu.instret - before).toBe(1);
      }
    }
    expect(rig.exec([enc('SVC', { imm16: 7 })])).toEqual({ kind: 'svc', imm: 7, pc: CODE_BASE + 4 });
  });

  it('the all-zero word is UDF #0', () => {
    expect(decode(0)?.row.name).toBe('UDF');
    expect(rig.exec([0])).toEqual({ kind: 'udf', imm: 0, pc: CODE_BASE });
  });
});

describe('hints and barriers', () => {
  it('every HINT encoding is a NOP (pointer-authentication hints included)', () => {
    const x: Record<number, bigint> = { 16: 0x0123_4567_89ab_cdefn, 17: 0xfedc_ba98_7654_3210n, 30: 0x0000_ffff_0000_1234n };
    for (let sel = 0; sel < 128; sel++) {
      const word = sysWord(0, 0, 3, 2, sel >> 3, sel & 7, 31);
      expect(decode(word), sel.toString()).not.toBeNull();
      rig.cpu.nzcv = 0x60000000;
      const stop = rig.exec([word], {}, x);
      expect(stop.kind).toBe('svc');
      for (const [n, v] of Object.entries(x)) expect(rig.cpu.getX(Number(n))).toBe(v);
      expect(rig.cpu.nzcv).toBe(0x60000000);
    }
    const pauth = compiledRows(systemRows).find((r) => r.name === 'HINT_pauth')!;
    expect(pauth.noDiff).toBe('FEAT_PAuth not implemented (treated as NOP)');
  });

  it('DMB/DSB (all options), SB and ISB (all options) fall through', () => {
    for (let crm = 0; crm < 16; crm++) {
      const words = [sysWord(0, 0, 3, 3, crm, 5, 31), sysWord(0, 0, 3, 3, crm, 4, 31), sysWord(0, 0, 3, 3, crm, 6, 31)];
      const stop = rig.exec(words);
      expect(stop).toEqual({ kind: 'svc', imm: 0, pc: CODE_BASE + 16 });
    }
    expect(rig.exec([sysWord(0, 0, 3, 3, 0, 7, 31)]).kind).toBe('svc');
    expect(decode(sysWord(0, 0, 3, 3, 1, 7, 31))).toBeNull();
  });

  it('CLREX clears the exclusive monitor', () => {
    for (let crm = 0; crm < 16; crm++) {
      rig.cpu.exAddr = DATA_BASE;
      expect(rig.exec([enc('CLREX', { CRm: crm })]).kind).toBe('svc');
      expect(rig.cpu.exAddr).toBe(-1);
    }
  });

  it('ISB makes code stored before it visible to the instructions after it', () => {
    const m = machineWith([]);
    const vpn = CODE_BASE / 4096;
    m.space.protectPage(vpn, PROT_R | PROT_W | PROT_X);
    const movz = (rd: number, imm16: number): number => 0xd2800000 | (imm16 << 5) | rd;
    const strW1AtX3 = 0xb9000061; // str w1, [x3]
    const words = [
      enc('NOP', {}),
      strW1AtX3,
      sysWord(0, 0, 3, 3, 15, 6, 31), // isb
      movz(2, 1), // overwritten with movz x2, #2 before it runs
      enc('SVC', { imm16: 0 }),
    ];
    m.space.poke(CODE_BASE, new Uint8Array(new Uint32Array(words).buffer));
    m.cpu.setX(1, BigInt(movz(2, 2)));
    m.cpu.setX(3, BigInt(CODE_BASE + 12));
    m.cpu.pc = CODE_BASE;
    const stop = m.cpu.run(100);
    expect(stop.kind).toBe('svc');
    expect(m.cpu.getX(2)).toBe(2n);
  });
});

describe('cache maintenance', () => {
  const dc = (crm: number, rt: number): number => sysWord(0, 1, 3, 7, crm, 1, rt);

  it('DC ZVA zeroes the aligned 512-byte block containing the address, nothing else', () => {
    const m = machineWith([dc(4, 1)]);
    m.space.poke(DATA_BASE, new Uint8Array(4096).fill(0xaa));
    m.cpu.setX(1, BigInt(DATA_BASE + 0x234));
    expect(m.cpu.run(10).kind).toBe('svc');
    const bytes = m.space.peek(DATA_BASE, 4096);
    expect(bytes[0x1ff]).toBe(0xaa);
    expect(bytes.subarray(0x200, 0x400).every((b) => b === 0)).toBe(true);
    expect(bytes[0x400]).toBe(0xaa);
  });

  it('DC ZVA faults precisely on unmapped and read-only memory, writing nothing', () => {
    for (const [addr, base] of [
      [0x1000_0123, 0x1000_0000],
      [CODE_BASE + 0x404, CODE_BASE + 0x400],
      [2 ** 48 + 5, 2 ** 48],
    ] as const) {
      const m = machineWith([enc('NOP', {}), dc(4, 1)]);
      m.cpu.setX(1, BigInt(addr));
      m.cpu.setX(2, 99n);
      const before = m.space.peek(CODE_BASE, 4096);
      const stop = m.cpu.run(10);
      expect(stop).toMatchObject({ kind: 'fault', pc: CODE_BASE + 4, addr: base, access: 'write' });
      expect(m.space.peek(CODE_BASE, 4096)).toEqual(before);
      expect(m.cpu.instret).toBe(1);
    }
  });

  it('DC ZVA over translated code invalidates it', () => {
    const nop = enc('NOP', {});
    const words = [dc(4, 1), ...new Array<number>(200).fill(nop)];
    const m = machineWith(words);
    m.space.protectPage(CODE_BASE / 4096, PROT_R | PROT_W | PROT_X);
    m.cpu.setX(1, BigInt(DATA_BASE));
    expect(m.cpu.run(1000)).toEqual({ kind: 'svc', imm: 0, pc: CODE_BASE + 4 * words.length + 4 });
    m.cpu.setX(1, BigInt(CODE_BASE + 0x200));
    m.cpu.pc = CODE_BASE;
    expect(m.cpu.run(1000)).toEqual({ kind: 'udf', imm: 0, pc: CODE_BASE + 0x200 });
  });

  it('DC CVAU/CVAC/CIVAC/CVAP/CVADP and IC IVAU are no-ops, even on unmapped addresses', () => {
    for (const word of [dc(11, 1), dc(10, 1), dc(14, 1), dc(12, 1), dc(13, 1), sysWord(0, 1, 3, 7, 5, 1, 1)]) {
      expect(decode(word), word.toString(16)).not.toBeNull();
      expect(rig.exec([word], {}, { 1: 0x7777_0000n }).kind).toBe('svc');
    }
  });
});

describe.skipIf(!hasObjdump())('system disassembly', () => {
  it('matches GNU objdump on random valid words of every system row', () => {
    const gen = rng(0x5e5);
    const words: number[] = [];
    for (const row of compiledRows(systemRows)) {
      const ws = randomWordsFor(row, 200, gen);
      expect(ws.length, `${row.name} decodes`).toBeGreaterThan(0);
      words.push(...ws);
    }
    expect(disasmMismatches(words).slice(0, 40)).toEqual([]);
  });
});

describe.skipIf(!hasQemu())('agreement with qemu-aarch64 "max"', () => {
  it('reads the same CTR_EL0, DCZID_EL0 and FPCR/FPSR writable masks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-sys-'));
    try {
      const src = join(dir, 'p.S');
      writeFileSync(
        src,
        `.global _start
_start:
  adr x19, buf
  mrs x0, ctr_el0
  str x0, [x19, #0]
  mrs x0, dczid_el0
  str x0, [x19, #8]
  mov x1, #-1
  msr fpcr, x1
  mrs x0, fpcr
  str x0, [x19, #16]
  msr fpsr, x1
  mrs x0, fpsr
  str x0, [x19, #24]
  mov x0, #1
  mov x1, x19
  mov x2, #32
  mov x8, #64
  svc #0
  mov x0, #0
  mov x8, #93
  svc #0
.data
.align 4
buf: .space 32
`,
      );
      const exe = join(dir, 'p');
      execFileSync('aarch64-linux-gnu-gcc', ['-nostdlib', '-static', '-o', exe, src]);
      const out = execFileSync('qemu-aarch64-static', [exe]);
      const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      const q = [0, 8, 16, 24].map((o) => view.getBigUint64(o, true));
      const { cpu } = run([mrs(REG.ctr, 1), mrs(REG.dczid, 2), msr(REG.fpcr, 5), mrs(REG.fpcr, 3), msr(REG.fpsr, 5), mrs(REG.fpsr, 4)], {
        5: 0xffff_ffff_ffff_ffffn,
      });
      expect([cpu.getX(1), cpu.getX(2), cpu.getX(3), cpu.getX(4)]).toEqual(q);
      run([msr(REG.fpcr, 31), msr(REG.fpsr, 31)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

