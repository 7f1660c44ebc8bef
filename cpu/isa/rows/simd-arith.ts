import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { op } from './fmt.js';
import {
  arrangement,
  clearHigh,
  esizeOf,
  laneCount,
  mapLanes,
  mapLanes64,
  ones,
  read64,
  slane,
  ulane,
  lane,
  vr,
  writeLanes,
  writeLanes64,
  type ESize,
} from './simd-emit.js';

/** Lane expression of a three-same op on lanes of at most 32 bits. */
type LaneOp = (n: number, m: number, d: number, esize: ESize, i: number) => string;
/** The same on a 64-bit lane: [lo, hi] from source words read into temporaries. */
type Lane64Op = (e: Emitter, al: string, ah: string, bl: string, bh: string) => readonly [string, string];

const mask = (cond: string, esize: ESize): string => `(${cond} ? ${ones(esize)} : 0)`;

const cmp64 = (e: Emitter, cond: string): readonly [string, string] => {
  const t = e.let(`(${cond}) ? -1 : 0`);
  return [t, t];
};

const U = (a: string): string => `(${a} >>> 0)`;

const add64: Lane64Op = (e, al, ah, bl, bh) => {
  const t = e.let(`${U(al)} + ${U(bl)}`);
  return [t, `${ah} + ${bh} + (${t} > 4294967295 ? 1 : 0)`];
};
const sub64: Lane64Op = (e, al, ah, bl, bh) => {
  const t = e.let(`${U(al)} - ${U(bl)}`);
  return [t, `${ah} - ${bh} - (${t} < 0 ? 1 : 0)`];
};
const gt64 = (al: string, ah: string, bl: string, bh: string, signed: boolean, orEqual: boolean): string => {
  const high = signed ? `${ah} > ${bh}` : `${U(ah)} > ${U(bh)}`;
  return `${high} || (${ah} === ${bh} && ${U(al)} ${orEqual ? '>=' : '>'} ${U(bl)})`;
};

interface SameOp {
  readonly name: string;
  readonly mnemonic: string;
  readonly u: number;
  readonly opcode: string;
  /** 64-bit lane form (2D and the scalar D form); absent: size 11 is unallocated. */
  readonly lane64?: Lane64Op;
  readonly lane: LaneOp;
  /** Word-at-a-time form for 8- and 16-bit lanes (SWAR), from words a and b held in temporaries. */
  readonly words?: (e: Emitter, a: string, b: string, esize: 8 | 16) => string;
  /** Has a scalar D form (01 U 11110 11 1 Rm opcode 1 Rn Rd). */
  readonly scalar?: boolean;
}

/**
 * All-ones in each 8- or 16-bit lane of the int32 word `x` (a temporary) that is zero: the low
 * bits of a nonzero lane carry into its top bit, which together with the lane's own top bit
 * marks it nonzero; no carry crosses lanes.
 */
export function swarZeroLanes(e: Emitter, x: string, es: 8 | 16): string {
  const [h, l, all] = es === 8 ? [H8, L8, 255] : [H16, L16, 65535];
  const nonzero = e.let(`((${x} & ${l}) + ${l}) | ${x}`);
  return `((~${nonzero} & ${h}) >>> ${es - 1}) * ${all}`;
}

const H8 = 0x80808080 | 0;
const L8 = 0x7f7f7f7f;
const H16 = 0x80008000 | 0;
const L16 = 0x7fff7fff;

const sameOps: readonly SameOp[] = [
  {
    name: 'ADD',
    mnemonic: 'add',
    u: 0,
    opcode: '10000',
    lane: (n, m, _d, es, i) => `${lane(n, es, i)} + ${lane(m, es, i)}`,
    words: (_e, a, b, es) => {
      const [h, l] = es === 8 ? [H8, L8] : [H16, L16];
      return `((${a} & ${l}) + (${b} & ${l})) ^ ((${a} ^ ${b}) & ${h})`;
    },
    lane64: add64,
    scalar: true,
  },
  {
    name: 'SUB',
    mnemonic: 'sub',
    u: 1,
    opcode: '10000',
    lane: (n, m, _d, es, i) => `${lane(n, es, i)} - ${lane(m, es, i)}`,
    words: (_e, a, b, es) => {
      const [h, l] = es === 8 ? [H8, L8] : [H16, L16];
      return `((${a} | ${h}) - (${b} & ${l})) ^ ((${a} ^ ~${b}) & ${h})`;
    },
    lane64: sub64,
    scalar: true,
  },
  {
    name: 'CMEQ',
    mnemonic: 'cmeq',
    u: 1,
    opcode: '10001',
    lane: (n, m, _d, es, i) => mask(`${lane(n, es, i)} === ${lane(m, es, i)}`, es),
    words: (e, a, b, es) => swarZeroLanes(e, e.let(`${a} ^ ${b}`), es),
    lane64: (e, al, ah, bl, bh) => cmp64(e, `${al} === ${bl} && ${ah} === ${bh}`),
    scalar: true,
  },
  {
    name: 'CMTST',
    mnemonic: 'cmtst',
    u: 0,
    opcode: '10001',
    lane: (n, m, _d, es, i) => mask(`(${lane(n, es, i)} & ${lane(m, es, i)}) !== 0`, es),
    lane64: (e, al, ah, bl, bh) => cmp64(e, `((${al} & ${bl}) | (${ah} & ${bh})) !== 0`),
    scalar: true,
  },
  {
    name: 'CMGT',
    mnemonic: 'cmgt',
    u: 0,
    opcode: '00110',
    lane: (n, m, _d, es, i) => mask(`${slane(n, es, i)} > ${slane(m, es, i)}`, es),
    lane64: (e, al, ah, bl, bh) => cmp64(e, gt64(al, ah, bl, bh, true, false)),
    scalar: true,
  },
  {
    name: 'CMGE',
    mnemonic: 'cmge',
    u: 0,
    opcode: '00111',
    lane: (n, m, _d, es, i) => mask(`${slane(n, es, i)} >= ${slane(m, es, i)}`, es),
    lane64: (e, al, ah, bl, bh) => cmp64(e, gt64(al, ah, bl, bh, true, true)),
    scalar: true,
  },
  {
    name: 'CMHI',
    mnemonic: 'cmhi',
    u: 1,
    opcode: '00110',
    lane: (n, m, _d, es, i) => mask(`${ulane(n, es, i)} > ${ulane(m, es, i)}`, es),
    lane64: (e, al, ah, bl, bh) => cmp64(e, gt64(al, ah, bl, bh, false, false)),
    scalar: true,
  },
  {
    name: 'CMHS',
    mnemonic: 'cmhs',
    u: 1,
    opcode: '00111',
    lane: (n, m, _d, es, i) => mask(`${ulane(n, es, i)} >= ${ulane(m, es, i)}`, es),
    lane64: (e, al, ah, bl, bh) => cmp64(e, gt64(al, ah, bl, bh, false, true)),
    scalar: true,
  },
  {
    name: 'SMAX',
    mnemonic: 'smax',
    u: 0,
    opcode: '01100',
    lane: (n, m, _d, es, i) => `Math.max(${slane(n, es, i)}, ${slane(m, es, i)})`,
  },
  {
    name: 'UMAX',
    mnemonic: 'umax',
    u: 1,
    opcode: '01100',
    lane: (n, m, _d, es, i) => `Math.max(${ulane(n, es, i)}, ${ulane(m, es, i)})`,
  },
  {
    name: 'SMIN',
    mnemonic: 'smin',
    u: 0,
    opcode: '01101',
    lane: (n, m, _d, es, i) => `Math.min(${slane(n, es, i)}, ${slane(m, es, i)})`,
  },
  {
    name: 'UMIN',
    mnemonic: 'umin',
    u: 1,
    opcode: '01101',
    lane: (n, m, _d, es, i) => `Math.min(${ulane(n, es, i)}, ${ulane(m, es, i)})`,
  },
  {
    name: 'MUL',
    mnemonic: 'mul',
    u: 0,
    opcode: '10011',
    lane: (n, m, _d, es, i) => `Math.imul(${lane(n, es, i)}, ${lane(m, es, i)})`,
  },
  {
    name: 'MLA',
    mnemonic: 'mla',
    u: 0,
    opcode: '10010',
    lane: (n, m, d, es, i) => `${lane(d, es, i)} + Math.imul(${lane(n, es, i)}, ${lane(m, es, i)})`,
  },
  {
    name: 'MLS',
    mnemonic: 'mls',
    u: 1,
    opcode: '10010',
    lane: (n, m, d, es, i) => `${lane(d, es, i)} - Math.imul(${lane(n, es, i)}, ${lane(m, es, i)})`,
  },
  {
    name: 'SABD',
    mnemonic: 'sabd',
    u: 0,
    opcode: '01110',
    lane: (n, m, _d, es, i) => `Math.abs(${slane(n, es, i)} - ${slane(m, es, i)})`,
  },
  {
    name: 'UABD',
    mnemonic: 'uabd',
    u: 1,
    opcode: '01110',
    lane: (n, m, _d, es, i) => `Math.abs(${ulane(n, es, i)} - ${ulane(m, es, i)})`,
  },
  {
    name: 'SABA',
    mnemonic: 'saba',
    u: 0,
    opcode: '01111',
    lane: (n, m, d, es, i) => `${lane(d, es, i)} + Math.abs(${slane(n, es, i)} - ${slane(m, es, i)})`,
  },
  {
    name: 'UABA',
    mnemonic: 'uaba',
    u: 1,
    opcode: '01111',
    lane: (n, m, d, es, i) => `${lane(d, es, i)} + Math.abs(${ulane(n, es, i)} - ${ulane(m, es, i)})`,
  },
  {
    name: 'SHADD',
    mnemonic: 'shadd',
    u: 0,
    opcode: '00000',
    lane: (n, m, _d, es, i) => `Math.floor((${slane(n, es, i)} + ${slane(m, es, i)}) / 2)`,
  },
  {
    name: 'UHADD',
    mnemonic: 'uhadd',
    u: 1,
    opcode: '00000',
    lane: (n, m, _d, es, i) => `Math.floor((${ulane(n, es, i)} + ${ulane(m, es, i)}) / 2)`,
  },
  {
    name: 'SRHADD',
    mnemonic: 'srhadd',
    u: 0,
    opcode: '00010',
    lane: (n, m, _d, es, i) => `Math.floor((${slane(n, es, i)} + ${slane(m, es, i)} + 1) / 2)`,
  },
  {
    name: 'URHADD',
    mnemonic: 'urhadd',
    u: 1,
    opcode: '00010',
    lane: (n, m, _d, es, i) => `Math.floor((${ulane(n, es, i)} + ${ulane(m, es, i)} + 1) / 2)`,
  },
  {
    name: 'SHSUB',
    mnemonic: 'shsub',
    u: 0,
    opcode: '00100',
    lane: (n, m, _d, es, i) => `Math.floor((${slane(n, es, i)} - ${slane(m, es, i)}) / 2)`,
  },
  {
    name: 'UHSUB',
    mnemonic: 'uhsub',
    u: 1,
    opcode: '00100',
    lane: (n, m, _d, es, i) => `Math.floor((${ulane(n, es, i)} - ${ulane(m, es, i)}) / 2)`,
  },
];

interface PairOp {
  readonly name: string;
  readonly mnemonic: string;
  readonly u: number;
  readonly opcode: string;
  readonly pair: (a: string, b: string) => string;
  readonly signed: boolean;
  readonly lane64?: Lane64Op;
}

const pairOps: readonly PairOp[] = [
  { name: 'ADDP', mnemonic: 'addp', u: 0, opcode: '10111', signed: false, pair: (a, b) => `${a} + ${b}`, lane64: add64 },
  { name: 'SMAXP', mnemonic: 'smaxp', u: 0, opcode: '10100', signed: true, pair: (a, b) => `Math.max(${a}, ${b})` },
  { name: 'UMAXP', mnemonic: 'umaxp', u: 1, opcode: '10100', signed: false, pair: (a, b) => `Math.max(${a}, ${b})` },
  { name: 'SMINP', mnemonic: 'sminp', u: 0, opcode: '10101', signed: true, pair: (a, b) => `Math.min(${a}, ${b})` },
  { name: 'UMINP', mnemonic: 'uminp', u: 1, opcode: '10101', signed: false, pair: (a, b) => `Math.min(${a}, ${b})` },
];

interface LogicOp {
  readonly name: string;
  readonly u: number;
  readonly size: string;
  readonly mnemonic: string;
  /** Word expression from words of Vd, Vn, Vm. */
  readonly word: (d: string, n: string, m: string) => string;
}

const logicOps: readonly LogicOp[] = [
  { name: 'AND_vec', u: 0, size: '00', mnemonic: 'and', word: (_d, n, m) => `${n} & ${m}` },
  { name: 'BIC_vec', u: 0, size: '01', mnemonic: 'bic', word: (_d, n, m) => `${n} & ~${m}` },
  { name: 'ORR_vec', u: 0, size: '10', mnemonic: 'orr', word: (_d, n, m) => `${n} | ${m}` },
  { name: 'ORN_vec', u: 0, size: '11', mnemonic: 'orn', word: (_d, n, m) => `${n} | ~${m}` },
  { name: 'EOR_vec', u: 1, size: '00', mnemonic: 'eor', word: (_d, n, m) => `${n} ^ ${m}` },
  { name: 'BSL', u: 1, size: '01', mnemonic: 'bsl', word: (d, n, m) => `((${n} ^ ${m}) & ${d}) ^ ${m}` },
  { name: 'BIT', u: 1, size: '10', mnemonic: 'bit', word: (d, n, m) => `((${d} ^ ${n}) & ${m}) ^ ${d}` },
  { name: 'BIF', u: 1, size: '11', mnemonic: 'bif', word: (d, n, m) => `((${d} ^ ${n}) & ~${m}) ^ ${d}` },
];

const word = (reg: number, k: number): string => `vi[${4 * reg + k}]`;

function emitSameVector(o: SameOp, f: Fields, e: Emitter): void {
  const d = f.Rd!, n = f.Rn!, m = f.Rm!, q = f.Q!;
  const esize = esizeOf(f.size!);
  if (esize === 64) {
    mapLanes64(e, d, q, (i) => {
      const [al, ah] = read64(e, n, i);
      const [bl, bh] = read64(e, m, i);
      return o.lane64!(e, al, ah, bl, bh);
    });
    return;
  }
  if (o.words && esize !== 32) {
    const words = q ? 4 : 2;
    for (let k = 0; k < words; k++) {
      const a = e.let(word(n, k));
      const b = e.let(word(m, k));
      e.line(`${word(d, k)} = ${o.words(e, a, b, esize)};`);
    }
    if (!q) clearHigh(e, d);
    return;
  }
  mapLanes(e, d, esize, q, (i) => o.lane(n, m, d, esize, i));
}

function emitPair(o: PairOp, f: Fields, e: Emitter): void {
  const d = f.Rd!, n = f.Rn!, m = f.Rm!, q = f.Q!;
  const esize = esizeOf(f.size!);
  const count = esize === 64 ? 2 : laneCount(esize, q);
  const half = count / 2;
  if (esize === 64) {
    const values = [n, m].map((src) => {
      const [al, ah] = read64(e, src, 0);
      const [bl, bh] = read64(e, src, 1);
      return o.lane64!(e, al, ah, bl, bh);
    });
    writeLanes64(e, d, values);
    return;
  }
  const read = o.signed ? slane : esize === 32 ? ulane : lane;
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    const src = i < half ? n : m;
    const j = 2 * (i % half);
    values.push(o.pair(read(src, esize, j), read(src, esize, j + 1)));
  }
  writeLanes(e, d, esize, values);
  if (!q) clearHigh(e, d);
}

const threeSameDisasm = (mnemonic: string) => (f: Fields): string => {
  const arr = arrangement(f.size!, f.Q!);
  return op(mnemonic, vr(f.Rd!, arr), vr(f.Rn!, arr), vr(f.Rm!, arr));
};

const vectorSize = (allow64: boolean) => (f: Fields): boolean => f.size !== 3 || (allow64 && f.Q === 1);

/** Advanced SIMD three same (integer) and the scalar D forms of its add/sub/compare ops. */
export const simdArithRows: InsnRowSpec[] = [
  ...sameOps.map(
    (o): InsnRowSpec => ({
      name: `${o.name}_vec`,
      pattern: `0 Q:1 ${o.u} 01110 size:2 1 Rm:5 ${o.opcode} 1 Rn:5 Rd:5`,
      cls: 'simd',
      when: vectorSize(o.lane64 !== undefined),
      emit: (f, e) => emitSameVector(o, f, e),
      disasm: threeSameDisasm(o.mnemonic),
    }),
  ),
  ...sameOps
    .filter((o) => o.scalar)
    .map(
      (o): InsnRowSpec => ({
        name: `${o.name}_scalar`,
        pattern: `01 ${o.u} 11110 11 1 Rm:5 ${o.opcode} 1 Rn:5 Rd:5`,
        cls: 'simd',
        emit: (f, e) => {
          const [al, ah] = read64(e, f.Rn!, 0);
          const [bl, bh] = read64(e, f.Rm!, 0);
          const [lo, hi] = o.lane64!(e, al, ah, bl, bh);
          writeLanes64(e, f.Rd!, [[lo, hi]]);
          clearHigh(e, f.Rd!);
        },
        disasm: (f) => op(o.mnemonic, `d${f.Rd}`, `d${f.Rn}`, `d${f.Rm}`),
      }),
    ),
  ...pairOps.map(
    (o): InsnRowSpec => ({
      name: `${o.name}_vec`,
      pattern: `0 Q:1 ${o.u} 01110 size:2 1 Rm:5 ${o.opcode} 1 Rn:5 Rd:5`,
      cls: 'simd',
      when: vectorSize(o.lane64 !== undefined),
      emit: (f, e) => emitPair(o, f, e),
      disasm: threeSameDisasm(o.mnemonic),
    }),
  ),
  {
    name: 'ADDP_scalar',
    pattern: '01 0 11110 11 11000 11011 10 Rn:5 Rd:5',
    cls: 'simd',
    emit: (f, e) => {
      const [al, ah] = read64(e, f.Rn!, 0);
      const [bl, bh] = read64(e, f.Rn!, 1);
      const [lo, hi] = add64(e, al, ah, bl, bh);
      writeLanes64(e, f.Rd!, [[lo, hi]]);
      clearHigh(e, f.Rd!);
    },
    disasm: (f) => op('addp', `d${f.Rd}`, vr(f.Rn!, '2d')),
  },
  ...logicOps.map(
    (o): InsnRowSpec => ({
      name: o.name,
      pattern: `0 Q:1 ${o.u} 01110 ${o.size} 1 Rm:5 00011 1 Rn:5 Rd:5`,
      cls: 'simd',
      emit: (f, e) => {
        const d = f.Rd!, n = f.Rn!, m = f.Rm!, q = f.Q!;
        const words = q ? 4 : 2;
        for (let k = 0; k < words; k++) e.line(`${word(d, k)} = ${o.word(word(d, k), word(n, k), word(m, k))};`);
        if (!q) clearHigh(e, d);
      },
      disasm: (f) => {
        const arr = f.Q ? '16b' : '8b';
        if (o.name === 'ORR_vec' && f.Rn === f.Rm) return op('mov', vr(f.Rd!, arr), vr(f.Rn!, arr));
        return op(o.mnemonic, vr(f.Rd!, arr), vr(f.Rn!, arr), vr(f.Rm!, arr));
      },
    }),
  ),
];
