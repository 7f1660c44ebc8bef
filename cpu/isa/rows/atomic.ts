/**
 * LSE atomics: LD<op> (ADD, CLR, EOR, SET, SMAX, SMIN, UMAX, UMIN) and SWP in every size and
 * ordering (the ST<op> aliases are LD<op> with Rt = ZR), CAS and CASP, and LDAPR (FEAT_LRCPC).
 * All but LDAPR require natural alignment (CASP: the pair's total size). As in qemu, the
 * read-modify-write always writes (CAS writes the old value back when the compare fails), so a
 * read-only page faults with access 'write' either way. Orderings are irrelevant to a single
 * hart and only change the mnemonic.
 */
import type { Emitter } from '../../translate/emitter.js';
import type { InsnRowSpec } from '../row.js';
import { GEN_DEST, SCRATCH_BASE_REGS } from '../../testgen/conventions.js';
import { op, reg } from './fmt.js';
import { emitAdd64, emitLoadValue, emitStoreValue, putX } from './ldst-emit.js';
import { memOff } from './ldst-fmt.js';

const SIZES = [
  { name: 'B', bits: '00', size: 0, letter: 'b' },
  { name: 'H', bits: '01', size: 1, letter: 'h' },
  { name: '_W', bits: '10', size: 2, letter: '' },
  { name: '_X', bits: '11', size: 3, letter: '' },
] as const;

type Size = (typeof SIZES)[number];

type AtomicOp = 'add' | 'clr' | 'eor' | 'set' | 'smax' | 'smin' | 'umax' | 'umin' | 'swp';

const LD_OPS: readonly AtomicOp[] = ['add', 'clr', 'eor', 'set', 'smax', 'smin', 'umax', 'umin'];

interface Value {
  readonly lo: string;
  readonly hi: string;
}

const regOf = (s: Size, r: number): string => reg(r, s.size === 3 ? 1 : 0);

/** Aligned address in Xn (SP for 31). */
function alignedBase(e: Emitter, n: number, bytes: number): string {
  const a = e.let(e.addr(n));
  e.checkAlign(a, bytes);
  return a;
}

/** `v` as a signed (or unsigned) JS number of the access width, for comparisons (size < 3). */
function narrow(v: string, size: number, signed: boolean): string {
  if (size === 0) return signed ? `((${v} << 24) >> 24)` : `(${v} & 255)`;
  if (size === 1) return signed ? `((${v} << 16) >> 16)` : `(${v} & 65535)`;
  return signed ? `(${v} | 0)` : `(${v} >>> 0)`;
}

/** The value an atomic op stores, from the old memory value and Rs. */
function emitNewValue(e: Emitter, o: AtomicOp, size: number, old: Value, s: Value): Value {
  if (o === 'swp') return s;
  if (size < 3) {
    switch (o) {
      case 'add':
        return { lo: e.let(`(${old.lo} + ${s.lo}) | 0`), hi: '0' };
      case 'clr':
        return { lo: e.let(`${old.lo} & ~${s.lo}`), hi: '0' };
      case 'eor':
        return { lo: e.let(`${old.lo} ^ ${s.lo}`), hi: '0' };
      case 'set':
        return { lo: e.let(`${old.lo} | ${s.lo}`), hi: '0' };
      default: {
        const signed = o === 'smax' || o === 'smin';
        const max = o === 'smax' || o === 'umax';
        const a = narrow(old.lo, size, signed);
        const b = narrow(s.lo, size, signed);
        return { lo: e.let(`${a} ${max ? '>' : '<'} ${b} ? ${old.lo} : ${s.lo}`), hi: '0' };
      }
    }
  }
  switch (o) {
    case 'add':
      return emitAdd64(e, old.lo, old.hi, s.lo, s.hi);
    case 'clr':
      return { lo: e.let(`${old.lo} & ~${s.lo}`), hi: e.let(`${old.hi} & ~${s.hi}`) };
    case 'eor':
      return { lo: e.let(`${old.lo} ^ ${s.lo}`), hi: e.let(`${old.hi} ^ ${s.hi}`) };
    case 'set':
      return { lo: e.let(`${old.lo} | ${s.lo}`), hi: e.let(`${old.hi} | ${s.hi}`) };
    default: {
      const signed = o === 'smax' || o === 'smin';
      const max = o === 'smax' || o === 'umax';
      const rel = max ? '>' : '<';
      const oh = signed ? old.hi : `(${old.hi} >>> 0)`;
      const sh = signed ? s.hi : `(${s.hi} >>> 0)`;
      const keep = e.let(`${oh} ${rel} ${sh} || (${old.hi} === ${s.hi} && (${old.lo} >>> 0) ${rel} (${s.lo} >>> 0))`);
      return { lo: e.let(`${keep} ? ${old.lo} : ${s.lo}`), hi: e.let(`${keep} ? ${old.hi} : ${s.hi}`) };
    }
  }
}

function ordering(acquire: number, release: number): string {
  return `${acquire ? 'a' : ''}${release ? 'l' : ''}`;
}

function atomicRow(o: AtomicOp, s: Size): InsnRowSpec {
  const isSwp = o === 'swp';
  const o3opc = isSwp ? '1 000' : `0 ${LD_OPS.indexOf(o).toString(2).padStart(3, '0')}`;
  const stem = isSwp ? 'swp' : `ld${o}`;
  return {
    name: `${stem.toUpperCase()}${s.name}`,
    pattern: `${s.bits} 111 0 00 A:1 R:1 1 Rs:5 ${o3opc} 00 Rn:5 Rt:5`,
    cls: 'atomic',
    emit: (f, e) => {
      const a = alignedBase(e, f.Rn!, 1 << s.size);
      const old = emitLoadValue(e, a, s.size, false);
      const v = emitNewValue(e, o, s.size, old, { lo: e.lo(f.Rs!), hi: e.hi(f.Rs!) });
      emitStoreValue(e, a, s.size, v.lo, v.hi);
      putX(e, f.Rt!, old.lo, old.hi);
    },
    disasm: (f) => {
      if (!isSwp && f.Rt === 31 && f.A === 0) {
        return op(`st${o}${ordering(0, f.R!)}${s.letter}`, regOf(s, f.Rs!), memOff(f.Rn!, 0));
      }
      return op(`${stem}${ordering(f.A!, f.R!)}${s.letter}`, regOf(s, f.Rs!), regOf(s, f.Rt!), memOff(f.Rn!, 0));
    },
    gen: { Rn: SCRATCH_BASE_REGS },
  };
}

function casRow(s: Size): InsnRowSpec {
  return {
    name: `CAS${s.name}`,
    pattern: `${s.bits} 001000 1 L:1 1 Rs:5 o0:1 11111 Rn:5 Rt:5`,
    cls: 'atomic',
    emit: (f, e) => {
      const a = alignedBase(e, f.Rn!, 1 << s.size);
      const old = emitLoadValue(e, a, s.size, false);
      const rs = f.Rs!;
      const t = f.Rt!;
      const eq =
        s.size === 3
          ? e.let(`${old.lo} === ${e.lo(rs)} && ${old.hi} === ${e.hi(rs)}`)
          : e.let(`${old.lo} === ${s.size === 2 ? e.lo(rs) : narrow(e.lo(rs), s.size, false)}`);
      const lo = e.let(`${eq} ? ${e.lo(t)} : ${old.lo}`);
      const hi = s.size === 3 ? e.let(`${eq} ? ${e.hi(t)} : ${old.hi}`) : '0';
      emitStoreValue(e, a, s.size, lo, hi);
      putX(e, rs, old.lo, old.hi);
    },
    disasm: (f) => op(`cas${ordering(f.L!, f.o0!)}${s.letter}`, regOf(s, f.Rs!), regOf(s, f.Rt!), memOff(f.Rn!, 0)),
    gen: { Rn: SCRATCH_BASE_REGS },
  };
}

const EVEN_DEST = GEN_DEST.filter((r) => r % 2 === 0);

/** CASP: Rs and Rt must be even; registers 30/31 pair with ZR. sz=0: W pair (8 bytes), 1: X pair. */
function caspRow(sz: number): InsnRowSpec {
  return {
    name: `CASP_${sz ? 'X' : 'W'}`,
    pattern: `0 ${sz} 001000 0 L:1 1 Rs:5 o0:1 11111 Rn:5 Rt:5`,
    cls: 'atomic',
    when: (f) => (f.Rs! & 1) === 0 && (f.Rt! & 1) === 0,
    emit: (f, e) => {
      const s0 = f.Rs!;
      const s1 = s0 + 1;
      const t0 = f.Rt!;
      const t1 = t0 + 1;
      const a = alignedBase(e, f.Rn!, sz ? 16 : 8);
      if (!sz) {
        const lo = e.let(`m.r64(${a})`);
        const hi = e.let('m.hi');
        const eq = e.let(`${lo} === ${e.lo(s0)} && ${hi} === ${e.lo(s1)}`);
        e.line(`m.w64(${a}, ${eq} ? ${e.lo(t0)} : ${lo}, ${eq} ? ${e.lo(t1)} : ${hi});`);
        putX(e, s0, lo, '0');
        putX(e, s1, hi, '0');
        return;
      }
      const first = emitLoadValue(e, a, 3, false);
      const second = emitLoadValue(e, `(${a} + 8)`, 3, false);
      const eq = e.let(
        `${first.lo} === ${e.lo(s0)} && ${first.hi} === ${e.hi(s0)} && ${second.lo} === ${e.lo(s1)} && ${second.hi} === ${e.hi(s1)}`,
      );
      e.line(`m.w64(${a}, ${eq} ? ${e.lo(t0)} : ${first.lo}, ${eq} ? ${e.hi(t0)} : ${first.hi});`);
      e.line(`m.w64(${a} + 8, ${eq} ? ${e.lo(t1)} : ${second.lo}, ${eq} ? ${e.hi(t1)} : ${second.hi});`);
      putX(e, s0, first.lo, first.hi);
      putX(e, s1, second.lo, second.hi);
    },
    disasm: (f) =>
      op(
        `casp${ordering(f.L!, f.o0!)}`,
        reg(f.Rs!, sz),
        reg(f.Rs! + 1, sz),
        reg(f.Rt!, sz),
        reg(f.Rt! + 1, sz),
        memOff(f.Rn!, 0),
      ),
    gen: { Rn: SCRATCH_BASE_REGS, Rs: EVEN_DEST, Rt: EVEN_DEST },
  };
}

/**
 * LDAPR: load-acquire RCpc. Without FEAT_LSE2 the architecture requires alignment; qemu 7.2
 * (the differential oracle) does not check it, and neither do we (a misaligned LDAPR loads).
 */
function ldaprRow(s: Size): InsnRowSpec {
  return {
    name: `LDAPR${s.name}`,
    pattern: `${s.bits} 111 0 00 1 0 1 11111 1 100 00 Rn:5 Rt:5`,
    cls: 'atomic',
    emit: (f, e) => {
      const v = emitLoadValue(e, e.let(e.addr(f.Rn!)), s.size, false);
      putX(e, f.Rt!, v.lo, v.hi);
    },
    disasm: (f) => op(`ldapr${s.letter}`, regOf(s, f.Rt!), memOff(f.Rn!, 0)),
    gen: { Rn: SCRATCH_BASE_REGS },
  };
}

export const atomicRows: InsnRowSpec[] = [
  ...SIZES.flatMap((s) => [...LD_OPS, 'swp' as const].map((o) => atomicRow(o, s))),
  ...SIZES.map(casRow),
  caspRow(0),
  caspRow(1),
  ...SIZES.map(ldaprRow),
];
