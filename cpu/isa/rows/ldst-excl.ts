/**
 * Exclusives (LDXR/STXR and acquire/release variants, single and pair) and ordered accesses
 * (LDAR/STLR, LDLAR/STLLR, and the unscaled-offset LDAPUR/STLUR of FEAT_LRCPC2). All need natural
 * alignment (pairs: their total size).
 *
 * Monitor, as qemu: a load-exclusive records address and value; a store-exclusive to another
 * address fails without touching memory; at the recorded address it reads memory and succeeds
 * iff the value is unchanged (see runtime/mem.ts). Either way the monitor is cleared.
 */
import type { Emitter } from '../../translate/emitter.js';
import type { InsnRowSpec } from '../row.js';
import { SCRATCH_BASE_REGS } from '../../testgen/conventions.js';
import { op, reg, sext, wreg } from './fmt.js';
import { emitLoadValue, emitStoreInt, putX } from './ldst-emit.js';
import { memOff } from './ldst-fmt.js';

const SIZES = [
  { suffix: 'B', bits: '00', size: 0, letter: 'b' },
  { suffix: 'H', bits: '01', size: 1, letter: 'h' },
  { suffix: '_W', bits: '10', size: 2, letter: '' },
  { suffix: '_X', bits: '11', size: 3, letter: '' },
] as const;

type Size = (typeof SIZES)[number];

const rtText = (s: Size, rt: number): string => reg(rt, s.size === 3 ? 1 : 0);

/** `LDXRB`, `LDXR_W`, `LDXR_X`: the B/H forms are named by their mnemonic. */
const rowName = (mnemonic: string, s: Size): string => `${mnemonic.toUpperCase()}${s.size >= 2 ? s.suffix : ''}`;

/** Aligned base address of an exclusive or ordered access of `bytes`. */
function alignedBase(e: Emitter, n: number, bytes: number): string {
  const a = e.let(e.addr(n));
  e.checkAlign(a, bytes);
  return a;
}

/** Records the monitored address and value; like qemu, only LDXP X sets the second doubleword. */
function setMonitor(e: Emitter, a: string, bytes: number, words: readonly string[]): void {
  const values = words.map((w, i) => `c.exValue[${i}] = ${w};`).join(' ');
  e.line(`c.exAddr = ${a}; c.exSize = ${bytes}; ${values}`);
}

function loadExclusiveRow(s: Size, acquire: boolean): InsnRowSpec {
  const mn = `ld${acquire ? 'a' : ''}xr${s.letter}`;
  return {
    name: rowName(mn, s),
    pattern: `${s.bits} 001000 0 1 0 11111 ${acquire ? 1 : 0} 11111 Rn:5 Rt:5`,
    cls: 'ldst-excl',
    emit: (f, e) => {
      const bytes = 1 << s.size;
      const a = alignedBase(e, f.Rn!, bytes);
      const v = emitLoadValue(e, a, s.size, false);
      setMonitor(e, a, bytes, [v.lo, v.hi]);
      putX(e, f.Rt!, v.lo, v.hi);
    },
    disasm: (f) => op(mn, rtText(s, f.Rt!), memOff(f.Rn!, 0)),
    gen: { Rn: SCRATCH_BASE_REGS },
  };
}

function storeExclusiveRow(s: Size, release: boolean): InsnRowSpec {
  const mn = `st${release ? 'l' : ''}xr${s.letter}`;
  return {
    name: rowName(mn, s),
    pattern: `${s.bits} 001000 0 0 0 Rs:5 ${release ? 1 : 0} 11111 Rn:5 Rt:5`,
    cls: 'ldst-excl',
    emit: (f, e) => {
      const bytes = 1 << s.size;
      const a = e.let(e.addr(f.Rn!));
      const status = e.let(`${e.rt('storeExclusive')}(c, m, ${a}, ${bytes}, ${e.lo(f.Rt!)}, ${s.size === 3 ? e.hi(f.Rt!) : '0'})`);
      e.setW(f.Rs!, status);
    },
    disasm: (f) => op(mn, wreg(f.Rs!), rtText(s, f.Rt!), memOff(f.Rn!, 0)),
    gen: { Rn: SCRATCH_BASE_REGS },
  };
}

/** sz: 0 for W pairs (one 8-byte access), 1 for X pairs (16 bytes). */
function loadExclusivePairRow(sz: number, acquire: boolean): InsnRowSpec {
  const mn = `ld${acquire ? 'a' : ''}xp`;
  return {
    name: `${mn.toUpperCase()}_${sz ? 'X' : 'W'}`,
    pattern: `1 ${sz} 001000 0 1 1 11111 ${acquire ? 1 : 0} Rt2:5 Rn:5 Rt:5`,
    cls: 'ldst-excl',
    emit: (f, e) => {
      const bytes = sz ? 16 : 8;
      const a = alignedBase(e, f.Rn!, bytes);
      if (sz) {
        const first = emitLoadValue(e, a, 3, false);
        const second = emitLoadValue(e, `(${a} + 8)`, 3, false);
        setMonitor(e, a, bytes, [first.lo, first.hi, second.lo, second.hi]);
        putX(e, f.Rt!, first.lo, first.hi);
        putX(e, f.Rt2!, second.lo, second.hi);
      } else {
        const v = emitLoadValue(e, a, 3, false);
        setMonitor(e, a, bytes, [v.lo, v.hi]);
        putX(e, f.Rt!, v.lo, '0');
        putX(e, f.Rt2!, v.hi, '0');
      }
    },
    disasm: (f) => op(mn, reg(f.Rt!, sz), reg(f.Rt2!, sz), memOff(f.Rn!, 0)),
    gen: { Rn: SCRATCH_BASE_REGS },
  };
}

function storeExclusivePairRow(sz: number, release: boolean): InsnRowSpec {
  const mn = `st${release ? 'l' : ''}xp`;
  return {
    name: `${mn.toUpperCase()}_${sz ? 'X' : 'W'}`,
    pattern: `1 ${sz} 001000 0 0 1 Rs:5 ${release ? 1 : 0} Rt2:5 Rn:5 Rt:5`,
    cls: 'ldst-excl',
    emit: (f, e) => {
      const a = e.let(e.addr(f.Rn!));
      const t = f.Rt!;
      const t2 = f.Rt2!;
      const call = sz
        ? `${e.rt('storeExclusivePair')}(c, m, ${a}, ${e.lo(t)}, ${e.hi(t)}, ${e.lo(t2)}, ${e.hi(t2)})`
        : `${e.rt('storeExclusive')}(c, m, ${a}, 8, ${e.lo(t)}, ${e.lo(t2)})`;
      e.setW(f.Rs!, e.let(call));
    },
    disasm: (f) => op(mn, wreg(f.Rs!), reg(f.Rt!, sz), reg(f.Rt2!, sz), memOff(f.Rn!, 0)),
    gen: { Rn: SCRATCH_BASE_REGS },
  };
}

/** LDAR (o0=1) and LDLAR (o0=0): an aligned load. */
function loadOrderedRow(s: Size, limited: boolean): InsnRowSpec {
  const mn = `ld${limited ? 'la' : 'a'}r${s.letter}`;
  return {
    name: rowName(mn, s),
    pattern: `${s.bits} 001000 1 1 0 11111 ${limited ? 0 : 1} 11111 Rn:5 Rt:5`,
    cls: 'ldst-excl',
    emit: (f, e) => {
      const a = alignedBase(e, f.Rn!, 1 << s.size);
      const v = emitLoadValue(e, a, s.size, false);
      putX(e, f.Rt!, v.lo, v.hi);
    },
    disasm: (f) => op(mn, rtText(s, f.Rt!), memOff(f.Rn!, 0)),
    gen: { Rn: SCRATCH_BASE_REGS },
  };
}

/** STLR (o0=1) and STLLR (o0=0): an aligned store. */
function storeOrderedRow(s: Size, limited: boolean): InsnRowSpec {
  const mn = `st${limited ? 'll' : 'l'}r${s.letter}`;
  return {
    name: rowName(mn, s),
    pattern: `${s.bits} 001000 1 0 0 11111 ${limited ? 0 : 1} 11111 Rn:5 Rt:5`,
    cls: 'ldst-excl',
    emit: (f, e) => emitStoreInt(e, alignedBase(e, f.Rn!, 1 << s.size), s.size, f.Rt!),
    disasm: (f) => op(mn, rtText(s, f.Rt!), memOff(f.Rn!, 0)),
    gen: { Rn: SCRATCH_BASE_REGS },
  };
}


/** STLUR/LDAPUR (FEAT_LRCPC2): base plus unscaled offset, aligned, optionally sign-extending. */
const UNSCALED_ORDERED = [
  { name: 'STLURB', size: 0, opc: '00', mn: 'stlurb', load: false, signed: false, rt64: false },
  { name: 'LDAPURB', size: 0, opc: '01', mn: 'ldapurb', load: true, signed: false, rt64: false },
  { name: 'LDAPURSB_X', size: 0, opc: '10', mn: 'ldapursb', load: true, signed: true, rt64: true },
  { name: 'LDAPURSB_W', size: 0, opc: '11', mn: 'ldapursb', load: true, signed: true, rt64: false },
  { name: 'STLURH', size: 1, opc: '00', mn: 'stlurh', load: false, signed: false, rt64: false },
  { name: 'LDAPURH', size: 1, opc: '01', mn: 'ldapurh', load: true, signed: false, rt64: false },
  { name: 'LDAPURSH_X', size: 1, opc: '10', mn: 'ldapursh', load: true, signed: true, rt64: true },
  { name: 'LDAPURSH_W', size: 1, opc: '11', mn: 'ldapursh', load: true, signed: true, rt64: false },
  { name: 'STLUR_W', size: 2, opc: '00', mn: 'stlur', load: false, signed: false, rt64: false },
  { name: 'LDAPUR_W', size: 2, opc: '01', mn: 'ldapur', load: true, signed: false, rt64: false },
  { name: 'LDAPURSW', size: 2, opc: '10', mn: 'ldapursw', load: true, signed: true, rt64: true },
  { name: 'STLUR_X', size: 3, opc: '00', mn: 'stlur', load: false, signed: false, rt64: true },
  { name: 'LDAPUR_X', size: 3, opc: '01', mn: 'ldapur', load: true, signed: false, rt64: true },
] as const;

function unscaledOrderedRow(o: (typeof UNSCALED_ORDERED)[number]): InsnRowSpec {
  return {
    name: o.name,
    pattern: `${o.size.toString(2).padStart(2, '0')} 011001 ${o.opc} 0 imm9:9 00 Rn:5 Rt:5`,
    cls: 'ldst-excl',
    emit: (f, e) => {
      const a = e.let(`${e.addr(f.Rn!)} + ${sext(f.imm9!, 9)}`);
      e.checkAlign(a, 1 << o.size);
      if (!o.load) {
        emitStoreInt(e, a, o.size, f.Rt!);
        return;
      }
      const v = emitLoadValue(e, a, o.size, o.signed);
      putX(e, f.Rt!, v.lo, o.rt64 ? v.hi : '0');
    },
    disasm: (f) => op(o.mn, reg(f.Rt!, o.rt64 ? 1 : 0), memOff(f.Rn!, sext(f.imm9!, 9))),
    gen: { Rn: SCRATCH_BASE_REGS },
  };
}

export const ldstExclRows: InsnRowSpec[] = [
  ...SIZES.flatMap((s) => [
    storeExclusiveRow(s, false),
    storeExclusiveRow(s, true),
    loadExclusiveRow(s, false),
    loadExclusiveRow(s, true),
    storeOrderedRow(s, true),
    storeOrderedRow(s, false),
    loadOrderedRow(s, true),
    loadOrderedRow(s, false),
  ]),
  ...[0, 1].flatMap((sz) => [
    storeExclusivePairRow(sz, false),
    storeExclusivePairRow(sz, true),
    loadExclusivePairRow(sz, false),
    loadExclusivePairRow(sz, true),
  ]),
  ...UNSCALED_ORDERED.map(unscaledOrderedRow),
];
