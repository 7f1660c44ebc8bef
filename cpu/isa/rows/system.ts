import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { DCZID_BS } from '../../runtime/system.js';
import { GEN_ANY, SCRATCH_BASE_REGS } from '../../testgen/conventions.js';
import { hex, op, xreg } from './fmt.js';

/**
 * PSTATE bits EL0 can read and write besides NZCV, kept in x[70] at their MRS positions
 * (DIT bit 24, SSBS bit 12, TCO bit 25).
 */
export const PSTATE_EXTRA = 70;
export const PSTATE_DIT = 1 << 24;
export const PSTATE_SSBS = 1 << 12;
export const PSTATE_TCO = 1 << 25;

/** CTR_EL0 of qemu-aarch64 "max" (read under qemu 7.2): 64-byte lines, VIPT I-cache. */
export const CTR_EL0_VALUE = 0x80038003;
/** FPCR bits qemu keeps (AHP DN FZ RMode Stride FZ16 Len); the rest read as zero. */
export const FPCR_WRITABLE = 0x07ff0000;
/** FPSR bits qemu keeps: cumulative exception flags, QC, and NZCV (bits 31:28). */
export const FPSR_WRITABLE = 0xf800009f | 0;

/** System register as op0:op1:CRn:CRm:op2 packed into 16 bits (the MRS/MSR encoding). */
const sysreg = (op0: number, op1: number, crn: number, crm: number, op2: number): number =>
  (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;

const regOf = (f: Fields): number => sysreg(2 + f.o0!, f.op1!, f.CRn!, f.CRm!, f.op2!);

const NZCV = sysreg(3, 3, 4, 2, 0);
const DIT = sysreg(3, 3, 4, 2, 5);
const SSBS = sysreg(3, 3, 4, 2, 6);
const TCO = sysreg(3, 3, 4, 2, 7);
const FPCR = sysreg(3, 3, 4, 4, 0);
const FPSR = sysreg(3, 3, 4, 4, 1);
const CTR_EL0 = sysreg(3, 3, 0, 0, 1);
const DCZID_EL0 = sysreg(3, 3, 0, 0, 7);
const TPIDR_EL0 = sysreg(3, 3, 13, 0, 2);
const TPIDRRO_EL0 = sysreg(3, 3, 13, 0, 3);
const CNTFRQ_EL0 = sysreg(3, 3, 14, 0, 0);
const CNTVCT_EL0 = sysreg(3, 3, 14, 0, 2);

const SYSREG_NAMES: ReadonlyMap<number, string> = new Map([
  [NZCV, 'nzcv'],
  [DIT, 'dit'],
  [SSBS, 'ssbs'],
  [TCO, 'tco'],
  [FPCR, 'fpcr'],
  [FPSR, 'fpsr'],
  [CTR_EL0, 'ctr_el0'],
  [DCZID_EL0, 'dczid_el0'],
  [TPIDR_EL0, 'tpidr_el0'],
  [TPIDRRO_EL0, 'tpidrro_el0'],
  [CNTFRQ_EL0, 'cntfrq_el0'],
  [CNTVCT_EL0, 'cntvct_el0'],
]);

const PSTATE_FIELD: ReadonlyMap<number, number> = new Map([
  [DIT, PSTATE_DIT],
  [SSBS, PSTATE_SSBS],
  [TCO, PSTATE_TCO],
]);

const READABLE = new Set([NZCV, DIT, SSBS, TCO, FPCR, FPSR, CTR_EL0, DCZID_EL0, TPIDR_EL0, TPIDRRO_EL0]);
const WRITABLE = new Set([NZCV, DIT, SSBS, TCO, FPCR, FPSR, TPIDR_EL0]);
const COUNTERS = new Set([CNTFRQ_EL0, CNTVCT_EL0]);

const sysregName = (f: Fields): string => SYSREG_NAMES.get(regOf(f))!;

/** Writes the 32-bit value `lo` (high half zero) to Xt. */
function setLow(e: Emitter, rt: number, lo: string): void {
  e.setX(rt, lo, '0');
}

function emitMrs(f: Fields, e: Emitter): void {
  const rt = f.Rt!;
  const reg = regOf(f);
  switch (reg) {
    case NZCV:
      setLow(e, rt, '(x[64] << 31) | (x[65] << 30) | (x[66] << 29) | (x[67] << 28)');
      return;
    case FPCR:
      setLow(e, rt, 'c.fpcr');
      return;
    case FPSR:
      setLow(e, rt, 'c.fpsr');
      return;
    case CTR_EL0:
      setLow(e, rt, String(CTR_EL0_VALUE | 0));
      return;
    case DCZID_EL0:
      setLow(e, rt, String(DCZID_BS));
      return;
    case TPIDR_EL0:
      e.setX(rt, 'x[68]', 'x[69]');
      return;
    case TPIDRRO_EL0:
      setLow(e, rt, '0');
      return;
    default:
      setLow(e, rt, `x[${PSTATE_EXTRA}] & ${PSTATE_FIELD.get(reg)!}`);
  }
}

function emitMsr(f: Fields, e: Emitter): void {
  const lo = e.lo(f.Rt!);
  const reg = regOf(f);
  switch (reg) {
    case NZCV: {
      const v = e.let(lo);
      e.setFlags(`(${v} >>> 31) & 1`, `(${v} >>> 30) & 1`, `(${v} >>> 29) & 1`, `(${v} >>> 28) & 1`);
      return;
    }
    case FPCR:
      e.line(`c.fpcr = ${lo} & ${FPCR_WRITABLE};`);
      return;
    case FPSR:
      e.line(`c.fpsr = ${lo} & ${FPSR_WRITABLE};`);
      return;
    case TPIDR_EL0: {
      const l = e.let(lo);
      const h = e.let(e.hi(f.Rt!));
      e.line(`x[68] = ${l}; x[69] = ${h};`);
      return;
    }
    default: {
      const bit = PSTATE_FIELD.get(reg)!;
      e.line(`x[${PSTATE_EXTRA}] = (x[${PSTATE_EXTRA}] & ${~bit}) | (${lo} & ${bit});`);
    }
  }
}

const sysregDisasmArgs = (f: Fields): { name: string; rt: string } => ({ name: sysregName(f), rt: xreg(f.Rt!) });

const BARRIER_OPTIONS: Readonly<Record<number, string>> = {
  1: 'oshld',
  2: 'oshst',
  3: 'osh',
  5: 'nshld',
  6: 'nshst',
  7: 'nsh',
  9: 'ishld',
  10: 'ishst',
  11: 'ish',
  13: 'ld',
  14: 'st',
  15: 'sy',
};

const barrierOption = (crm: number): string => BARRIER_OPTIONS[crm] ?? `#0x${crm.toString(16).padStart(2, '0')}`;

const HINT_NAMES: Readonly<Record<number, string>> = {
  1: 'yield',
  2: 'wfe',
  3: 'wfi',
  4: 'sev',
  5: 'sevl',
  7: 'xpaclri',
  8: 'pacia1716',
  10: 'pacib1716',
  12: 'autia1716',
  14: 'autib1716',
  16: 'esb',
  17: 'psb\tcsync',
  18: 'tsb\tcsync',
  20: 'csdb',
  22: 'clearbhb',
  24: 'paciaz',
  25: 'paciasp',
  26: 'pacibz',
  27: 'pacibsp',
  28: 'autiaz',
  29: 'autiasp',
  30: 'autibz',
  31: 'autibsp',
  32: 'bti',
  34: 'bti\tc',
  36: 'bti\tj',
  38: 'bti\tjc',
};

/** HINT selectors (CRm:op2) of FEAT_PAuth: they change X16/X17/X30 when pointer auth is on. */
const isPauthHint = (sel: number): boolean =>
  sel === 7 || sel === 8 || sel === 10 || sel === 12 || sel === 14 || (sel >= 24 && sel <= 31);

const hintSelector = (f: Fields): number => (f.CRm! << 3) | f.op2!;
const hintDisasm = (f: Fields): string => HINT_NAMES[hintSelector(f)] ?? op('hint', hex(hintSelector(f)));

/** MSR (immediate) PSTATE fields EL0 may write: op2 → PSTATE bit. */
const MSR_IMM_FIELDS: Readonly<Record<number, readonly [string, number]>> = {
  1: ['ssbs', PSTATE_SSBS],
  2: ['dit', PSTATE_DIT],
  4: ['tco', PSTATE_TCO],
};

/** Exception generation, hints, barriers, PSTATE and system register moves, cache maintenance. */
export const systemRows: InsnRowSpec[] = [
  {
    name: 'SVC',
    pattern: '11010100 000 imm16:16 000 01',
    cls: 'system',
    flow: 'stop',
    emit: (f, e) => e.stop('svc', f.imm16!),
    disasm: (f) => op('svc', hex(f.imm16!)),
    noDiff: 'a system call leaves the sequence',
  },
  {
    name: 'BRK',
    pattern: '11010100 001 imm16:16 000 00',
    cls: 'system',
    flow: 'stop',
    emit: (f, e) => e.stop('brk', f.imm16!),
    disasm: (f) => op('brk', hex(f.imm16!)),
    noDiff: 'stops the sequence',
  },
  {
    name: 'HLT',
    pattern: '11010100 010 imm16:16 000 00',
    cls: 'system',
    flow: 'stop',
    emit: (f, e) => e.stop('hlt', f.imm16!),
    disasm: (f) => op('hlt', hex(f.imm16!)),
    noDiff: 'stops the sequence',
  },
  {
    name: 'UDF',
    pattern: '00000000 00000000 imm16:16',
    cls: 'system',
    flow: 'stop',
    emit: (f, e) => e.stop('udf', f.imm16!),
    disasm: (f) => op('udf', `#${f.imm16}`),
    noDiff: 'stops the sequence',
  },
  {
    name: 'NOP',
    pattern: '11010101 00000011 0010 0000 000 11111',
    cls: 'system',
    emit: () => undefined,
    disasm: () => 'nop',
  },
  {
    name: 'HINT',
    pattern: '11010101 00000011 0010 CRm:4 op2:3 11111',
    cls: 'system',
    when: (f) => hintSelector(f) !== 0 && !isPauthHint(hintSelector(f)),
    emit: () => undefined,
    disasm: hintDisasm,
  },
  {
    name: 'HINT_pauth',
    pattern: '11010101 00000011 0010 CRm:4 op2:3 11111',
    cls: 'system',
    when: (f) => isPauthHint(hintSelector(f)),
    emit: () => undefined,
    disasm: hintDisasm,
    noDiff: 'FEAT_PAuth not implemented (treated as NOP)',
  },
  {
    name: 'CLREX',
    pattern: '11010101 00000011 0011 CRm:4 010 11111',
    cls: 'system',
    emit: (_f, e) => e.line('c.exAddr = -1;'),
    disasm: (f) => (f.CRm === 15 ? 'clrex' : op('clrex', hex(f.CRm!))),
  },
  {
    name: 'DSB',
    pattern: '11010101 00000011 0011 CRm:4 100 11111',
    cls: 'system',
    emit: () => undefined,
    disasm: (f) => (f.CRm === 0 ? 'ssbb' : f.CRm === 4 ? 'pssbb' : op('dsb', barrierOption(f.CRm!))),
  },
  {
    name: 'DMB',
    pattern: '11010101 00000011 0011 CRm:4 101 11111',
    cls: 'system',
    emit: () => undefined,
    disasm: (f) => op('dmb', barrierOption(f.CRm!)),
  },
  {
    // Ends the block so that instructions after it are fetched again (self-modifying code).
    name: 'ISB',
    pattern: '11010101 00000011 0011 CRm:4 110 11111',
    cls: 'system',
    flow: 'branch',
    emit: (_f, e) => e.branch(e.next),
    disasm: (f) => (f.CRm === 15 ? 'isb' : op('isb', hex(f.CRm!))),
  },
  {
    name: 'SB',
    pattern: '11010101 00000011 0011 0000 111 11111',
    cls: 'system',
    emit: () => undefined,
    disasm: () => 'sb',
  },
  {
    name: 'CFINV',
    pattern: '11010101 00000000 0100 0000 000 11111',
    cls: 'system',
    emit: (_f, e) => e.line('x[66] ^= 1;'),
    disasm: () => 'cfinv',
  },
  {
    name: 'XAFLAG',
    pattern: '11010101 00000000 0100 0000 001 11111',
    cls: 'system',
    emit: (_f, e) => {
      const z = e.let('x[65]');
      const c = e.let('x[66]');
      e.setFlags(`(1 - ${c}) & (1 - ${z})`, `${z} & ${c}`, `${c} | ${z}`, `(1 - ${c}) & ${z}`);
    },
    disasm: () => 'xaflag',
  },
  {
    name: 'AXFLAG',
    pattern: '11010101 00000000 0100 0000 010 11111',
    cls: 'system',
    emit: (_f, e) => {
      const z = e.let('x[65]');
      const c = e.let('x[66]');
      const v = e.let('x[67]');
      e.setFlags('0', `${z} | ${v}`, `${c} & (1 - ${v})`, '0');
    },
    disasm: () => 'axflag',
  },
  {
    name: 'MSR_imm',
    pattern: '11010101 00000 011 0100 CRm:4 op2:3 11111',
    cls: 'system',
    when: (f) => f.op2! in MSR_IMM_FIELDS && f.CRm! <= 1,
    emit: (f, e) => {
      const bit = MSR_IMM_FIELDS[f.op2!]![1];
      e.line(f.CRm! & 1 ? `x[${PSTATE_EXTRA}] |= ${bit};` : `x[${PSTATE_EXTRA}] &= ${~bit};`);
    },
    disasm: (f) => op('msr', MSR_IMM_FIELDS[f.op2!]![0], hex(f.CRm!)),
    gen: { CRm: [0, 1], op2: [1, 2, 4] },
  },
  {
    name: 'MRS',
    pattern: '1101010100 1 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5',
    cls: 'system',
    when: (f) => READABLE.has(regOf(f)),
    emit: emitMrs,
    gen: { o0: [1], op1: [3], CRn: [0, 4, 13], CRm: [0, 2, 4], op2: [0, 1, 2, 3, 5, 6, 7] },
    disasm: (f) => {
      const { name, rt } = sysregDisasmArgs(f);
      return op('mrs', rt, name);
    },
  },
  {
    name: 'MRS_counter',
    pattern: '1101010100 1 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5',
    cls: 'system',
    when: (f) => COUNTERS.has(regOf(f)),
    emit: (f, e) => {
      if (regOf(f) === CNTFRQ_EL0) {
        e.setX(f.Rt!, 'c.counterFrequency | 0', 'Math.floor(c.counterFrequency / 4294967296) | 0');
        return;
      }
      e.line(`${e.rt('sysCounter')}(c, c.instret + n + ${e.index});`);
      const r = e.rt('R');
      e.setX(f.Rt!, `${r}[0]`, `${r}[1]`);
    },
    disasm: (f) => {
      const { name, rt } = sysregDisasmArgs(f);
      return op('mrs', rt, name);
    },
    noDiff: 'reads the virtual counter or its frequency, which differ from qemu',
  },
  {
    name: 'MSR_reg',
    pattern: '1101010100 0 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5',
    cls: 'system',
    when: (f) => WRITABLE.has(regOf(f)),
    emit: emitMsr,
    disasm: (f) => {
      const { name, rt } = sysregDisasmArgs(f);
      return op('msr', name, rt);
    },
    gen: { Rt: GEN_ANY, o0: [1], op1: [3], CRn: [4, 13], CRm: [0, 2, 4], op2: [0, 1, 2, 5, 6, 7] },
  },
  {
    name: 'DC_ZVA',
    pattern: '1101010100 0 01 011 0111 0100 001 Rt:5',
    cls: 'system',
    emit: (f, e) => e.line(`${e.rt('sysDcZva')}(m, ${e.addr(f.Rt!, false)});`),
    disasm: (f) => op('dc', 'zva', xreg(f.Rt!)),
    // Rt = 31 is XZR here, not SP: draw only the scratch pointers that are general registers.
    gen: { Rt: SCRATCH_BASE_REGS.filter((r) => r !== 31) },
  },
  {
    name: 'DC_clean',
    pattern: '1101010100 0 01 011 0111 CRm:4 001 Rt:5',
    cls: 'system',
    when: (f) => f.CRm === 10 || f.CRm === 11 || f.CRm === 14,
    emit: () => undefined,
    disasm: (f) => op('dc', f.CRm === 10 ? 'cvac' : f.CRm === 11 ? 'cvau' : 'civac', xreg(f.Rt!)),
    gen: { Rt: GEN_ANY, CRm: [10, 11, 14] },
  },
  {
    name: 'DC_persist',
    pattern: '1101010100 0 01 011 0111 CRm:4 001 Rt:5',
    cls: 'system',
    when: (f) => f.CRm === 12 || f.CRm === 13,
    emit: () => undefined,
    disasm: (f) => op('dc', f.CRm === 12 ? 'cvap' : 'cvadp', xreg(f.Rt!)),
    noDiff: 'qemu 7.2 user mode lacks FEAT_DPB (DC CVAP/CVADP are SIGILL there)',
  },
  {
    name: 'IC_IVAU',
    pattern: '1101010100 0 01 011 0111 0101 001 Rt:5',
    cls: 'system',
    emit: () => undefined,
    disasm: (f) => op('ic', 'ivau', xreg(f.Rt!)),
    gen: { Rt: GEN_ANY },
  },
];
