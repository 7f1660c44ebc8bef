import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { op } from './fmt.js';
import { swarZeroLanes } from './simd-arith.js';
import {
  arrangement,
  clearAll,
  clearHigh,
  esizeOf,
  lane,
  laneCount,
  lo64,
  mapLanes,
  mapLanes64,
  ones,
  read64,
  scalarReg,
  slane,
  ulane,
  vr,
  writeLanes,
  writeLanes64,
  type ESize,
} from './simd-emit.js';

/** Expression of a two-register-misc op on one lane of at most 32 bits. */
type UnaryLane = (n: number, esize: ESize, i: number) => string;
type UnaryLane64 = (e: Emitter, lo: string, hi: string) => readonly [string, string];

const mask = (cond: string, esize: ESize): string => `(${cond} ? ${ones(esize)} : 0)`;
const cmp64 = (e: Emitter, cond: string): readonly [string, string] => {
  const t = e.let(`(${cond}) ? -1 : 0`);
  return [t, t];
};

const neg64: UnaryLane64 = (e, lo, hi) => [e.let(`-${lo} | 0`), `~${hi} + (${lo} === 0 ? 1 : 0)`];

interface UnaryOp {
  readonly name: string;
  readonly mnemonic: string;
  readonly u: number;
  readonly opcode: string;
  readonly lane: UnaryLane;
  readonly lane64: UnaryLane64;
  /** Word-at-a-time form for 8- and 16-bit lanes, from a word held in a temporary. */
  readonly words?: (e: Emitter, a: string, esize: 8 | 16) => string;
  /** Extra operand printed after the registers (`#0` for compares with zero). */
  readonly suffix?: string;
}

/** Two-register misc ops valid for every element size (2D needs Q=1) with a scalar D form. */
const unaryOps: readonly UnaryOp[] = [
  {
    name: 'CMGT_zero',
    mnemonic: 'cmgt',
    u: 0,
    opcode: '01000',
    suffix: '#0',
    lane: (n, es, i) => mask(`${slane(n, es, i)} > 0`, es),
    lane64: (e, lo, hi) => cmp64(e, `${hi} > 0 || (${hi} === 0 && ${lo} !== 0)`),
  },
  {
    name: 'CMGE_zero',
    mnemonic: 'cmge',
    u: 1,
    opcode: '01000',
    suffix: '#0',
    lane: (n, es, i) => mask(`${slane(n, es, i)} >= 0`, es),
    lane64: (e, _lo, hi) => cmp64(e, `${hi} >= 0`),
  },
  {
    name: 'CMEQ_zero',
    mnemonic: 'cmeq',
    u: 0,
    opcode: '01001',
    suffix: '#0',
    lane: (n, es, i) => mask(`${lane(n, es, i)} === 0`, es),
    words: (e, a, es) => swarZeroLanes(e, a, es),
    lane64: (e, lo, hi) => cmp64(e, `(${lo} | ${hi}) === 0`),
  },
  {
    name: 'CMLE_zero',
    mnemonic: 'cmle',
    u: 1,
    opcode: '01001',
    suffix: '#0',
    lane: (n, es, i) => mask(`${slane(n, es, i)} <= 0`, es),
    lane64: (e, lo, hi) => cmp64(e, `${hi} < 0 || (${lo} | ${hi}) === 0`),
  },
  {
    name: 'CMLT_zero',
    mnemonic: 'cmlt',
    u: 0,
    opcode: '01010',
    suffix: '#0',
    lane: (n, es, i) => mask(`${slane(n, es, i)} < 0`, es),
    lane64: (e, _lo, hi) => cmp64(e, `${hi} < 0`),
  },
  {
    name: 'ABS',
    mnemonic: 'abs',
    u: 0,
    opcode: '01011',
    lane: (n, es, i) => `Math.abs(${slane(n, es, i)})`,
    lane64: (e, lo, hi) => {
      const [nl, nh] = neg64(e, lo, hi);
      return [`${hi} < 0 ? ${nl} : ${lo}`, `${hi} < 0 ? ${nh} : ${hi}`];
    },
  },
  {
    name: 'NEG',
    mnemonic: 'neg',
    u: 1,
    opcode: '01011',
    lane: (n, es, i) => `-${slane(n, es, i)}`,
    lane64: neg64,
  },
];

const twoRegDisasm = (mnemonic: string, suffix?: string) => (f: Fields): string => {
  const arr = arrangement(f.size!, f.Q!);
  const ops = [vr(f.Rd!, arr), vr(f.Rn!, arr)];
  if (suffix) ops.push(suffix);
  return op(mnemonic, ...ops);
};

/** Reverses `elemBytes`-byte elements inside `containerBytes`-byte containers. */
function emitRev(e: Emitter, f: Fields, containerBytes: number): void {
  e.line(`${e.rt('simdRev')}(vb, ${f.Rd}, ${f.Rn}, ${containerBytes}, ${1 << f.size!}, ${f.Q ? 16 : 8});`);
}

/** Count of leading sign bits of a sign-extended lane value `v` of `esize` bits. */
const cls = (v: string, esize: ESize): string => `(Math.clz32(${v} ^ (${v} >> 31)) - ${33 - esize})`;

interface AcrossOp {
  readonly name: string;
  readonly mnemonic: string;
  readonly u: number;
  readonly opcode: string;
  /** Result element is twice the source element (SADDLV/UADDLV). */
  readonly long?: boolean;
  readonly reduce: (values: string[], esize: ESize) => string;
  readonly signed: boolean;
}

const acrossOps: readonly AcrossOp[] = [
  { name: 'ADDV', mnemonic: 'addv', u: 0, opcode: '11011', signed: false, reduce: (v) => v.join(' + ') },
  { name: 'SADDLV', mnemonic: 'saddlv', u: 0, opcode: '00011', signed: true, long: true, reduce: (v) => v.join(' + ') },
  { name: 'UADDLV', mnemonic: 'uaddlv', u: 1, opcode: '00011', signed: false, long: true, reduce: (v) => v.join(' + ') },
  { name: 'SMAXV', mnemonic: 'smaxv', u: 0, opcode: '01010', signed: true, reduce: (v) => `Math.max(${v.join(', ')})` },
  { name: 'UMAXV', mnemonic: 'umaxv', u: 1, opcode: '01010', signed: false, reduce: (v) => `Math.max(${v.join(', ')})` },
  { name: 'SMINV', mnemonic: 'sminv', u: 0, opcode: '11010', signed: true, reduce: (v) => `Math.min(${v.join(', ')})` },
  { name: 'UMINV', mnemonic: 'uminv', u: 1, opcode: '11010', signed: false, reduce: (v) => `Math.min(${v.join(', ')})` },
];

function emitAcross(o: AcrossOp, f: Fields, e: Emitter): void {
  const esize = esizeOf(f.size!);
  const count = laneCount(esize, f.Q!);
  const read = o.signed ? slane : ulane;
  const values = Array.from({ length: count }, (_, i) => read(f.Rn!, esize, i));
  const r = e.let(o.reduce(values, esize));
  const d = f.Rd!;
  clearAll(e, d);
  if (o.long && esize === 32) {
    e.line(`vi[${4 * d}] = ${r} | 0; vi[${4 * d + 1}] = Math.floor(${r} / 4294967296) | 0;`);
    return;
  }
  const resultSize = (o.long ? esize * 2 : esize) as ESize;
  e.line(`${lane(d, resultSize, 0)} = ${r};`);
}

const acrossSize = (f: Fields): boolean => f.size! < 2 || (f.size === 2 && f.Q === 1);

/** Advanced SIMD two-register misc (integer), scalar D forms, and across-lanes reductions. */
export const simdMiscRows: InsnRowSpec[] = [
  ...unaryOps.map(
    (o): InsnRowSpec => ({
      name: `${o.name}_vec`,
      pattern: `0 Q:1 ${o.u} 01110 size:2 10000 ${o.opcode} 10 Rn:5 Rd:5`,
      cls: 'simd',
      when: (f) => f.size !== 3 || f.Q === 1,
      emit: (f, e) => {
        const esize = esizeOf(f.size!);
        if (esize === 64) {
          mapLanes64(e, f.Rd!, f.Q!, (i) => {
            const [lo, hi] = read64(e, f.Rn!, i);
            return o.lane64(e, lo, hi);
          });
          return;
        }
        if (o.words && esize !== 32) {
          const words = f.Q ? 4 : 2;
          for (let k = 0; k < words; k++) {
            const a = e.let(`vi[${4 * f.Rn! + k}]`);
            e.line(`vi[${4 * f.Rd! + k}] = ${o.words(e, a, esize)};`);
          }
          if (!f.Q) clearHigh(e, f.Rd!);
          return;
        }
        mapLanes(e, f.Rd!, esize, f.Q!, (i) => o.lane(f.Rn!, esize, i));
      },
      disasm: twoRegDisasm(o.mnemonic, o.suffix),
    }),
  ),
  ...unaryOps.map(
    (o): InsnRowSpec => ({
      name: `${o.name}_scalar`,
      pattern: `01 ${o.u} 11110 11 10000 ${o.opcode} 10 Rn:5 Rd:5`,
      cls: 'simd',
      emit: (f, e) => {
        const [lo, hi] = read64(e, f.Rn!, 0);
        writeLanes64(e, f.Rd!, [o.lane64(e, lo, hi)]);
        clearHigh(e, f.Rd!);
      },
      disasm: (f) => op(o.mnemonic, `d${f.Rd}`, `d${f.Rn}`, ...(o.suffix ? [o.suffix] : [])),
    }),
  ),
  {
    name: 'NOT_vec',
    pattern: '0 Q:1 1 01110 00 10000 00101 10 Rn:5 Rd:5',
    cls: 'simd',
    emit: (f, e) => {
      const words = f.Q ? 4 : 2;
      for (let k = 0; k < words; k++) e.line(`vi[${4 * f.Rd! + k}] = ~vi[${4 * f.Rn! + k}];`);
      if (!f.Q) clearHigh(e, f.Rd!);
    },
    disasm: (f) => op('mvn', vr(f.Rd!, f.Q ? '16b' : '8b'), vr(f.Rn!, f.Q ? '16b' : '8b')),
  },
  {
    name: 'CNT_vec',
    pattern: '0 Q:1 0 01110 00 10000 00101 10 Rn:5 Rd:5',
    cls: 'simd',
    emit: (f, e) => {
      const pop = e.rt('simdPop8');
      mapLanes(e, f.Rd!, 8, f.Q!, (i) => `${pop}[${lane(f.Rn!, 8, i)}]`);
    },
    disasm: (f) => op('cnt', vr(f.Rd!, f.Q ? '16b' : '8b'), vr(f.Rn!, f.Q ? '16b' : '8b')),
  },
  {
    name: 'RBIT_vec',
    pattern: '0 Q:1 1 01110 01 10000 00101 10 Rn:5 Rd:5',
    cls: 'simd',
    emit: (f, e) => {
      const rev = e.rt('simdRbit8');
      mapLanes(e, f.Rd!, 8, f.Q!, (i) => `${rev}[${lane(f.Rn!, 8, i)}]`);
    },
    disasm: (f) => op('rbit', vr(f.Rd!, f.Q ? '16b' : '8b'), vr(f.Rn!, f.Q ? '16b' : '8b')),
  },
  {
    name: 'CLS_vec',
    pattern: '0 Q:1 0 01110 size:2 10000 00100 10 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => f.size !== 3,
    emit: (f, e) => {
      const esize = esizeOf(f.size!);
      mapLanes(e, f.Rd!, esize, f.Q!, (i) => cls(slane(f.Rn!, esize, i), esize));
    },
    disasm: twoRegDisasm('cls'),
  },
  {
    name: 'CLZ_vec',
    pattern: '0 Q:1 1 01110 size:2 10000 00100 10 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => f.size !== 3,
    emit: (f, e) => {
      const esize = esizeOf(f.size!);
      mapLanes(e, f.Rd!, esize, f.Q!, (i) => `(Math.clz32(${lane(f.Rn!, esize, i)}) - ${32 - esize})`);
    },
    disasm: twoRegDisasm('clz'),
  },
  {
    name: 'REV64_vec',
    pattern: '0 Q:1 0 01110 size:2 10000 00000 10 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => f.size !== 3,
    emit: (f, e) => emitRev(e, f, 8),
    disasm: twoRegDisasm('rev64'),
  },
  {
    name: 'REV32_vec',
    pattern: '0 Q:1 1 01110 size:2 10000 00000 10 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => f.size! < 2,
    emit: (f, e) => emitRev(e, f, 4),
    disasm: twoRegDisasm('rev32'),
  },
  {
    name: 'REV16_vec',
    pattern: '0 Q:1 0 01110 00 10000 00001 10 Rn:5 Rd:5',
    cls: 'simd',
    emit: (f, e) => emitRev(e, { ...f, size: 0 }, 2),
    disasm: (f) => op('rev16', vr(f.Rd!, f.Q ? '16b' : '8b'), vr(f.Rn!, f.Q ? '16b' : '8b')),
  },
  {
    name: 'XTN',
    pattern: '0 Q:1 0 01110 size:2 10000 10010 10 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => f.size !== 3,
    emit: (f, e) => {
      const esize = esizeOf(f.size!);
      const count = 64 / esize;
      const values = Array.from({ length: count }, (_, i) =>
        esize === 32 ? lo64(f.Rn!, i) : lane(f.Rn!, (esize * 2) as ESize, i),
      );
      writeLanes(e, f.Rd!, esize, values, f.Q ? count : 0);
      if (!f.Q) clearHigh(e, f.Rd!);
    },
    disasm: (f) =>
      op(f.Q ? 'xtn2' : 'xtn', vr(f.Rd!, arrangement(f.size!, f.Q!)), vr(f.Rn!, arrangement(f.size! + 1, 1))),
  },
  ...acrossOps.map(
    (o): InsnRowSpec => ({
      name: o.name,
      pattern: `0 Q:1 ${o.u} 01110 size:2 11000 ${o.opcode} 10 Rn:5 Rd:5`,
      cls: 'simd',
      when: acrossSize,
      emit: (f, e) => emitAcross(o, f, e),
      disasm: (f) =>
        op(o.mnemonic, scalarReg(f.Rd!, f.size! + (o.long ? 1 : 0)), vr(f.Rn!, arrangement(f.size!, f.Q!))),
    }),
  ),
];
