import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { op } from './fmt.js';
import { arrangement, clearHigh, esizeOf, hi64, lane, lo64, slane, ulane, vr, writeLanes, writeLanes64, type ESize } from './simd-emit.js';

/**
 * Advanced SIMD three different: long (L: narrow x narrow -> wide), wide (W: wide x narrow ->
 * wide) and narrow-high (HN: wide x wide -> narrow) forms. The narrow operands of the "2"
 * variants (Q=1) come from the upper halves of the sources.
 */

type Kind = 'long' | 'wide' | 'accumulate';

interface LongOp {
  readonly name: string;
  readonly mnemonic: string;
  readonly opcode: string;
  readonly kind: Kind;
  /** Exact result for 8- and 16-bit sources: from the wide lane w (or Vd's lane) and extended a, b. */
  readonly small: (w: string, a: string, b: string) => string;
  /** 64-bit result for 32-bit sources, as [lo, hi]; `w` is the wide (or Vd) lane as words. */
  readonly big: (e: Emitter, w: readonly [string, string], a: string, b: string, signed: boolean) => readonly [string, string];
}

const TWO_32 = 4294967296;

/** [lo, hi] of an exact integer JS value with |v| < 2^53. */
const split = (e: Emitter, v: string): readonly [string, string] => {
  const t = e.let(v);
  return [`${t} | 0`, `Math.floor(${t} / ${TWO_32}) | 0`];
};

const add64 = (e: Emitter, al: string, ah: string, bl: string, bh: string): readonly [string, string] => {
  const t = e.let(`(${al} >>> 0) + (${bl} >>> 0)`);
  return [t, `${ah} + ${bh} + (${t} > 4294967295 ? 1 : 0)`];
};

const sub64 = (e: Emitter, al: string, ah: string, bl: string, bh: string): readonly [string, string] => {
  const t = e.let(`(${al} >>> 0) - (${bl} >>> 0)`);
  return [t, `${ah} - ${bh} - (${t} < 0 ? 1 : 0)`];
};

/** 64-bit product of two 32-bit lane values (int32 when signed, uint32 otherwise). */
function product64(e: Emitter, a: string, b: string, signed: boolean): readonly [string, string] {
  const ta = e.let(a);
  const tb = e.let(b);
  const hi = `${e.rt('umulhi32')}(${ta}, ${tb})`;
  return [e.let(`Math.imul(${ta}, ${tb})`), e.let(signed ? `(${hi} - (${ta} < 0 ? ${tb} : 0) - (${tb} < 0 ? ${ta} : 0)) | 0` : hi)];
}

/** Sign or zero extension of an exact 32-bit lane value to [lo, hi]. */
const ext64 = (v: string, signed: boolean): readonly [string, string] => [v, signed ? `(${v} >> 31)` : '0'];

const longOps: readonly LongOp[] = [
  {
    name: 'ADDL',
    mnemonic: 'addl',
    opcode: '0000',
    kind: 'long',
    small: (_w, a, b) => `${a} + ${b}`,
    big: (e, _w, a, b) => split(e, `${a} + ${b}`),
  },
  {
    name: 'ADDW',
    mnemonic: 'addw',
    opcode: '0001',
    kind: 'wide',
    small: (w, _a, b) => `${w} + ${b}`,
    big: (e, w, _a, b, signed) => {
      const [bl, bh] = ext64(e.let(b), signed);
      return add64(e, w[0], w[1], bl, bh);
    },
  },
  {
    name: 'SUBL',
    mnemonic: 'subl',
    opcode: '0010',
    kind: 'long',
    small: (_w, a, b) => `${a} - ${b}`,
    big: (e, _w, a, b) => split(e, `${a} - ${b}`),
  },
  {
    name: 'SUBW',
    mnemonic: 'subw',
    opcode: '0011',
    kind: 'wide',
    small: (w, _a, b) => `${w} - ${b}`,
    big: (e, w, _a, b, signed) => {
      const [bl, bh] = ext64(e.let(b), signed);
      return sub64(e, w[0], w[1], bl, bh);
    },
  },
  {
    name: 'ABAL',
    mnemonic: 'abal',
    opcode: '0101',
    kind: 'accumulate',
    small: (w, a, b) => `${w} + Math.abs(${a} - ${b})`,
    big: (e, w, a, b) => {
      const [l, h] = split(e, `Math.abs(${a} - ${b})`);
      return add64(e, w[0], w[1], e.let(l), e.let(h));
    },
  },
  {
    name: 'ABDL',
    mnemonic: 'abdl',
    opcode: '0111',
    kind: 'long',
    small: (_w, a, b) => `Math.abs(${a} - ${b})`,
    big: (e, _w, a, b) => split(e, `Math.abs(${a} - ${b})`),
  },
  {
    name: 'MLAL',
    mnemonic: 'mlal',
    opcode: '1000',
    kind: 'accumulate',
    small: (w, a, b) => `${w} + ${a} * ${b}`,
    big: (e, w, a, b, signed) => {
      const [pl, ph] = product64(e, a, b, signed);
      return add64(e, w[0], w[1], pl, ph);
    },
  },
  {
    name: 'MLSL',
    mnemonic: 'mlsl',
    opcode: '1010',
    kind: 'accumulate',
    small: (w, a, b) => `${w} - ${a} * ${b}`,
    big: (e, w, a, b, signed) => {
      const [pl, ph] = product64(e, a, b, signed);
      return sub64(e, w[0], w[1], pl, ph);
    },
  },
  {
    name: 'MULL',
    mnemonic: 'mull',
    opcode: '1100',
    kind: 'long',
    small: (_w, a, b) => `${a} * ${b}`,
    big: (e, _w, a, b, signed) => product64(e, a, b, signed),
  },
];

function emitLong(o: LongOp, signed: boolean, f: Fields, e: Emitter): void {
  const es = esizeOf(f.size!);
  const count = 64 / es;
  const first = f.Q ? count : 0;
  const read = signed ? slane : ulane;
  const d = f.Rd!;
  const wideReg = o.kind === 'wide' ? f.Rn! : d;
  if (es === 32) {
    const values: (readonly [string, string])[] = [];
    for (let i = 0; i < count; i++) {
      const a = e.let(read(f.Rn!, 32, first + i));
      const b = e.let(read(f.Rm!, 32, first + i));
      const w = o.kind === 'long' ? (['0', '0'] as const) : ([e.let(lo64(wideReg, i)), e.let(hi64(wideReg, i))] as const);
      values.push(o.big(e, w, a, b, signed));
    }
    writeLanes64(e, d, values);
    return;
  }
  const wide = (es * 2) as ESize;
  const values = Array.from({ length: count }, (_, i) =>
    o.small(lane(wideReg, wide, i), read(f.Rn!, es, first + i), read(f.Rm!, es, first + i)),
  );
  writeLanes(e, d, wide, values);
}

interface NarrowOp {
  readonly name: string;
  readonly mnemonic: string;
  readonly u: number;
  readonly opcode: string;
  readonly sub: boolean;
  readonly round: boolean;
}

const narrowOps: readonly NarrowOp[] = [
  { name: 'ADDHN', mnemonic: 'addhn', u: 0, opcode: '0100', sub: false, round: false },
  { name: 'RADDHN', mnemonic: 'raddhn', u: 1, opcode: '0100', sub: false, round: true },
  { name: 'SUBHN', mnemonic: 'subhn', u: 0, opcode: '0110', sub: true, round: false },
  { name: 'RSUBHN', mnemonic: 'rsubhn', u: 1, opcode: '0110', sub: true, round: true },
];

function emitNarrowHigh(o: NarrowOp, f: Fields, e: Emitter): void {
  const es = esizeOf(f.size!);
  const count = 64 / es;
  const n = f.Rn!;
  const m = f.Rm!;
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    if (es === 32) {
      const [l, h] = (o.sub ? sub64 : add64)(e, e.let(lo64(n, i)), e.let(hi64(n, i)), e.let(lo64(m, i)), e.let(hi64(m, i)));
      values.push(o.round ? `(${h}) + ((${l} >>> 0) + 2147483648 > 4294967295 ? 1 : 0)` : h);
    } else {
      const wide = (es * 2) as ESize;
      const r = o.round ? ` + ${2 ** (es - 1)}` : '';
      values.push(`Math.floor((${ulane(n, wide, i)} ${o.sub ? '-' : '+'} ${ulane(m, wide, i)}${r}) / ${2 ** es})`);
    }
  }
  writeLanes(e, f.Rd!, es, values, f.Q ? count : 0);
  if (!f.Q) clearHigh(e, f.Rd!);
}

const TAIL = 'size:2 1 Rm:5';

/** Advanced SIMD three different (integer, non-saturating). */
export const simdLongRows: InsnRowSpec[] = [
  ...longOps.flatMap((o) =>
    [0, 1].map(
      (u): InsnRowSpec => {
        const mnemonic = (u ? 'u' : 's') + o.mnemonic;
        return {
          name: `${mnemonic.toUpperCase()}_vec`,
          pattern: `0 Q:1 ${u} 01110 ${TAIL} ${o.opcode} 00 Rn:5 Rd:5`,
          cls: 'simd',
          when: (f) => f.size !== 3,
          emit: (f, e) => emitLong(o, u === 0, f, e),
          disasm: (f) => {
            const wide = arrangement(f.size! + 1, 1);
            const narrow = arrangement(f.size!, f.Q!);
            const name = mnemonic + (f.Q ? '2' : '');
            return o.kind === 'wide'
              ? op(name, vr(f.Rd!, wide), vr(f.Rn!, wide), vr(f.Rm!, narrow))
              : op(name, vr(f.Rd!, wide), vr(f.Rn!, narrow), vr(f.Rm!, narrow));
          },
        };
      },
    ),
  ),
  ...narrowOps.map(
    (o): InsnRowSpec => ({
      name: o.name,
      pattern: `0 Q:1 ${o.u} 01110 ${TAIL} ${o.opcode} 00 Rn:5 Rd:5`,
      cls: 'simd',
      when: (f) => f.size !== 3,
      emit: (f, e) => emitNarrowHigh(o, f, e),
      disasm: (f) => {
        const wide = arrangement(f.size! + 1, 1);
        return op(o.mnemonic + (f.Q ? '2' : ''), vr(f.Rd!, arrangement(f.size!, f.Q!)), vr(f.Rn!, wide), vr(f.Rm!, wide));
      },
    }),
  ),
];
