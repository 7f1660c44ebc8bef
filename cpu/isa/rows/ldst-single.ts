/**
 * Single-register loads and stores, integer and SIMD&FP: unsigned scaled offset, unscaled
 * (LDUR/STUR), pre- and post-index, unprivileged (LDTR/STTR: at EL0 the same as LDUR/STUR),
 * register offset, and PC-relative literal. Prefetches are no-ops.
 */
import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { GEN_ANY, SCRATCH_BASE_REGS, SCRATCH_INDEX_REGS } from '../../testgen/conventions.js';
import { op, reg, sext, target } from './fmt.js';
import {
  emitBaseImm,
  emitLoadInt,
  emitLoadVecWords,
  emitRegOffset,
  emitStoreInt,
  emitStoreVec,
  emitWriteback,
  putV,
  type EffectiveAddress,
  type ImmMode,
} from './ldst-emit.js';
import { memOff, memPost, memPre, memReg, prfop, vscalar } from './ldst-fmt.js';

type Kind = 'store' | 'load' | 'prefetch';

/** One register-transfer operation, as selected by size:V:opc. */
interface TransferOp {
  /** Row name stem, e.g. `LDRSB_X`, `STR_Q`. */
  readonly name: string;
  readonly sizeBits: string;
  readonly v: number;
  readonly opcBits: string;
  readonly kind: Kind;
  /** log2 of the access size in bytes (4 for Q). */
  readonly size: number;
  readonly signed: boolean;
  /** Integer destination is X (else W). */
  readonly rt64: boolean;
  /** Mnemonic tail after `ld`/`st` + `r`/`ur`/`tr`: `b`, `sh`, `sw`, ''. */
  readonly suffix: string;
}

function intOp(name: string, size: number, opc: number, kind: Kind, signed: boolean, rt64: boolean, suffix: string): TransferOp {
  return { name, sizeBits: bits(size, 2), v: 0, opcBits: bits(opc, 2), kind, size, signed, rt64, suffix };
}

function vecOp(name: string, size: number, load: boolean): TransferOp {
  const sizeBits = bits(size & 3, 2);
  const opcBits = `${size === 4 ? 1 : 0}${load ? 1 : 0}`;
  return { name, sizeBits, v: 1, opcBits, kind: load ? 'load' : 'store', size, signed: false, rt64: true, suffix: '' };
}

function bits(v: number, width: number): string {
  return v.toString(2).padStart(width, '0');
}

const INT_OPS: readonly TransferOp[] = [
  intOp('STRB', 0, 0, 'store', false, false, 'b'),
  intOp('LDRB', 0, 1, 'load', false, false, 'b'),
  intOp('LDRSB_X', 0, 2, 'load', true, true, 'sb'),
  intOp('LDRSB_W', 0, 3, 'load', true, false, 'sb'),
  intOp('STRH', 1, 0, 'store', false, false, 'h'),
  intOp('LDRH', 1, 1, 'load', false, false, 'h'),
  intOp('LDRSH_X', 1, 2, 'load', true, true, 'sh'),
  intOp('LDRSH_W', 1, 3, 'load', true, false, 'sh'),
  intOp('STR_W', 2, 0, 'store', false, false, ''),
  intOp('LDR_W', 2, 1, 'load', false, false, ''),
  intOp('LDRSW', 2, 2, 'load', true, true, 'sw'),
  intOp('STR_X', 3, 0, 'store', false, true, ''),
  intOp('LDR_X', 3, 1, 'load', false, true, ''),
  intOp('PRFM', 3, 2, 'prefetch', false, true, ''),
];

const VEC_OPS: readonly TransferOp[] = ['B', 'H', 'S', 'D', 'Q'].flatMap((s, size) => [
  vecOp(`STR_${s}`, size, false),
  vecOp(`LDR_${s}`, size, true),
]);

/** Mnemonic for an addressing flavour: `r` (scaled, indexed, register, literal), `ur`, `tr`. */
function mnemonic(o: TransferOp, flavour: 'r' | 'ur' | 'tr'): string {
  if (o.kind === 'prefetch') return flavour === 'ur' ? 'prfum' : 'prfm';
  return `${o.kind === 'store' ? 'st' : 'ld'}${flavour}${o.suffix}`;
}

function rtText(o: TransferOp, rt: number): string {
  if (o.kind === 'prefetch') return prfop(rt);
  return o.v ? vscalar(rt, o.size) : reg(rt, o.rt64 ? 1 : 0);
}

/** Emits the transfer of op `o` between Rt and memory at `ea`, then the base writeback. */
function emitTransfer(e: Emitter, o: TransferOp, ea: EffectiveAddress, t: number, n: number): void {
  if (o.kind === 'load') {
    if (o.v) putV(e, t, emitLoadVecWords(e, ea.a, o.size));
    else emitLoadInt(e, ea.a, o.size, o.signed, o.rt64, t);
  } else if (o.kind === 'store') {
    if (o.v) emitStoreVec(e, ea.a, o.size, t);
    else emitStoreInt(e, ea.a, o.size, t);
  }
  emitWriteback(e, n, ea);
}

function rtGen(o: TransferOp): Readonly<Record<string, readonly number[]>> {
  return o.v || o.kind === 'prefetch' ? { Rt: GEN_ANY } : {};
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** Unsigned scaled offsets whose access ends within 32 KiB above the base. */
function uimmGen(size: number): readonly number[] {
  return range(0, Math.min(4095, Math.floor((32768 - (1 << size)) / (1 << size))));
}

function uoffRow(o: TransferOp): InsnRowSpec {
  return {
    name: `${o.name}_uoff`,
    pattern: `${o.sizeBits} 111 ${o.v} 01 ${o.opcBits} imm12:12 Rn:5 Rt:5`,
    cls: 'ldst',
    emit: (f, e) => {
      if (o.kind === 'prefetch') return;
      emitTransfer(e, o, emitBaseImm(e, f.Rn!, f.imm12! << o.size, 'offset'), f.Rt!, f.Rn!);
    },
    disasm: (f) => op(mnemonic(o, 'r'), rtText(o, f.Rt!), memOff(f.Rn!, f.imm12! << o.size)),
    gen: { Rn: SCRATCH_BASE_REGS, imm12: uimmGen(o.size), ...rtGen(o) },
  };
}

const IMM9_MODES: readonly { readonly suffix: string; readonly bits: string; readonly mode: ImmMode; readonly flavour: 'r' | 'ur' | 'tr' }[] = [
  { suffix: 'unscaled', bits: '00', mode: 'offset', flavour: 'ur' },
  { suffix: 'post', bits: '01', mode: 'post', flavour: 'r' },
  { suffix: 'unpriv', bits: '10', mode: 'offset', flavour: 'tr' },
  { suffix: 'pre', bits: '11', mode: 'pre', flavour: 'r' },
];

function imm9Rows(o: TransferOp): InsnRowSpec[] {
  const rows: InsnRowSpec[] = [];
  for (const m of IMM9_MODES) {
    if (o.kind === 'prefetch' && m.suffix !== 'unscaled') continue;
    if (o.v && m.suffix === 'unpriv') continue;
    const disasm = (f: Fields): string => {
      const imm = sext(f.imm9!, 9);
      const mem = m.mode === 'pre' ? memPre(f.Rn!, imm) : m.mode === 'post' ? memPost(f.Rn!, imm) : memOff(f.Rn!, imm);
      return op(mnemonic(o, m.flavour), rtText(o, f.Rt!), mem);
    };
    rows.push({
      name: `${o.name}_${m.suffix}`,
      pattern: `${o.sizeBits} 111 ${o.v} 00 ${o.opcBits} 0 imm9:9 ${m.bits} Rn:5 Rt:5`,
      cls: 'ldst',
      emit: (f, e) => {
        if (o.kind === 'prefetch') return;
        emitTransfer(e, o, emitBaseImm(e, f.Rn!, sext(f.imm9!, 9), m.mode), f.Rt!, f.Rn!);
      },
      disasm,
      gen: { Rn: SCRATCH_BASE_REGS, ...rtGen(o) },
    });
  }
  return rows;
}

/** Register-offset forms: option<1> must be 1 (UXTW, LSL, SXTW, SXTX). */
function regRow(o: TransferOp): InsnRowSpec {
  return {
    name: `${o.name}_reg`,
    pattern: `${o.sizeBits} 111 ${o.v} 00 ${o.opcBits} 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5`,
    cls: 'ldst',
    when: (f) => (f.option! & 2) !== 0,
    emit: (f, e) => {
      if (o.kind === 'prefetch') return;
      const a = emitRegOffset(e, f.Rn!, f.Rm!, f.option!, f.S ? o.size : 0);
      emitTransfer(e, o, { a }, f.Rt!, f.Rn!);
    },
    disasm: (f) => op(mnemonic(o, 'r'), rtText(o, f.Rt!), memReg(f.Rn!, f.Rm!, f.option!, f.S!, o.size)),
    gen: { Rn: SCRATCH_BASE_REGS, Rm: SCRATCH_INDEX_REGS, option: [2, 3, 6, 7], ...rtGen(o) },
  };
}

/** Literal loads: opc:2 011 V 00 imm19 Rt. */
interface LiteralOp {
  readonly name: string;
  readonly opc: string;
  readonly v: number;
  readonly transfer: TransferOp;
}

const LITERAL_OPS: readonly LiteralOp[] = [
  { name: 'LDR_W_lit', opc: '00', v: 0, transfer: INT_OPS.find((o) => o.name === 'LDR_W')! },
  { name: 'LDR_X_lit', opc: '01', v: 0, transfer: INT_OPS.find((o) => o.name === 'LDR_X')! },
  { name: 'LDRSW_lit', opc: '10', v: 0, transfer: INT_OPS.find((o) => o.name === 'LDRSW')! },
  { name: 'PRFM_lit', opc: '11', v: 0, transfer: INT_OPS.find((o) => o.name === 'PRFM')! },
  { name: 'LDR_S_lit', opc: '00', v: 1, transfer: VEC_OPS.find((o) => o.name === 'LDR_S')! },
  { name: 'LDR_D_lit', opc: '01', v: 1, transfer: VEC_OPS.find((o) => o.name === 'LDR_D')! },
  { name: 'LDR_Q_lit', opc: '10', v: 1, transfer: VEC_OPS.find((o) => o.name === 'LDR_Q')! },
];

function literalRow(l: LiteralOp): InsnRowSpec {
  const o = l.transfer;
  return {
    name: l.name,
    pattern: `${l.opc} 011 ${l.v} 00 imm19:19 Rt:5`,
    cls: 'ldst',
    emit: (f, e) => {
      if (o.kind === 'prefetch') return;
      emitTransfer(e, o, { a: e.pcExpr(e.pc + 4 * sext(f.imm19!, 19)) }, f.Rt!, 0);
    },
    disasm: (f, pc) => op(mnemonic(o, 'r'), rtText(o, f.Rt!), target(pc + 4 * sext(f.imm19!, 19))),
    gen: rtGen(o),
    ...(o.kind === 'prefetch' ? {} : { noDiff: 'literal address depends on code placement' }),
  };
}

function rowsFor(o: TransferOp): InsnRowSpec[] {
  return [uoffRow(o), ...imm9Rows(o), regRow(o)];
}

export const ldstSingleRows: InsnRowSpec[] = [
  ...INT_OPS.flatMap(rowsFor),
  ...VEC_OPS.flatMap(rowsFor),
  ...LITERAL_OPS.map(literalRow),
];
