import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { op } from './fmt.js';
import {
  arrangement,
  clearHigh,
  lane,
  lo64,
  hi64,
  mapLanes,
  mapLanes64,
  read64,
  shl64,
  slane,
  sshr64,
  ushr64,
  vr,
  writeLanes,
  writeLanes64,
  type ESize,
} from './simd-emit.js';

/** Element size selected by the highest set bit of immh (0 when immh is zero). */
export function immhSize(immh: number): number {
  if (immh & 8) return 3;
  if (immh & 4) return 2;
  if (immh & 2) return 1;
  return immh ? 0 : -1;
}

const esizeOfImmh = (immh: number): ESize => (8 << immhSize(immh)) as ESize;
const imm7 = (f: Fields): number => (f.immh! << 3) | f.immb!;
/** Right-shift amount: 2*esize - immh:immb (1..esize). */
const rightShift = (f: Fields): number => 2 * esizeOfImmh(f.immh!) - imm7(f);
/** Left-shift amount: immh:immb - esize (0..esize-1). */
const leftShift = (f: Fields): number => imm7(f) - esizeOfImmh(f.immh!);

/** A shift of one lane: new lane value from the source lane (and for accumulating forms, Vd's lane). */
type ShiftLane = (n: number, d: number, esize: ESize, i: number, s: number) => string;
type ShiftLane64 = (e: Emitter, lo: string, hi: string, dlo: string, dhi: string, s: number) => readonly [string, string];

const ushr: ShiftLane = (n, _d, es, i, s) => (es === 32 ? (s === 32 ? '0' : `(${lane(n, es, i)} >>> ${s})`) : `(${lane(n, es, i)} >>> ${s})`);
const sshr: ShiftLane = (n, _d, es, i, s) => `(${slane(n, es, i)} >> ${Math.min(s, 31)})`;

const add64 = (e: Emitter, al: string, ah: string, bl: string, bh: string): readonly [string, string] => {
  const t = e.let(`(${al} >>> 0) + (${bl} >>> 0)`);
  return [t, `${ah} + ${bh} + (${t} > 4294967295 ? 1 : 0)`];
};

/** Bits [esize-1:0] all ones, as a JS number. */
const laneMask = (es: ESize): number => (es === 32 ? -1 : (1 << es) - 1);

/** [lo, hi] words of the 64-bit mask ~0 >>> s (right) or ~0 << s (left). */
function mask64(s: number, right: boolean): [number, number] {
  const m = right ? (s >= 64 ? 0n : (1n << BigInt(64 - s)) - 1n) : ((1n << 64n) - 1n) << BigInt(s);
  return [Number(BigInt.asIntN(32, m)), Number(BigInt.asIntN(32, m >> 32n))];
}

interface ShiftOp {
  readonly name: string;
  readonly mnemonic: string;
  readonly u: number;
  readonly opcode: string;
  readonly left: boolean;
  readonly lane: ShiftLane;
  readonly lane64: ShiftLane64;
}

const shiftOps: readonly ShiftOp[] = [
  {
    name: 'SSHR',
    mnemonic: 'sshr',
    u: 0,
    opcode: '00000',
    left: false,
    lane: sshr,
    lane64: (_e, lo, hi, _dl, _dh, s) => sshr64(lo, hi, s),
  },
  {
    name: 'USHR',
    mnemonic: 'ushr',
    u: 1,
    opcode: '00000',
    left: false,
    lane: ushr,
    lane64: (_e, lo, hi, _dl, _dh, s) => ushr64(lo, hi, s),
  },
  {
    name: 'SSRA',
    mnemonic: 'ssra',
    u: 0,
    opcode: '00010',
    left: false,
    lane: (n, d, es, i, s) => `${lane(d, es, i)} + ${sshr(n, d, es, i, s)}`,
    lane64: (e, lo, hi, dl, dh, s) => {
      const [sl, sh] = sshr64(lo, hi, s);
      return add64(e, dl, dh, sl, sh);
    },
  },
  {
    name: 'USRA',
    mnemonic: 'usra',
    u: 1,
    opcode: '00010',
    left: false,
    lane: (n, d, es, i, s) => `${lane(d, es, i)} + ${ushr(n, d, es, i, s)}`,
    lane64: (e, lo, hi, dl, dh, s) => {
      const [sl, sh] = ushr64(lo, hi, s);
      return add64(e, dl, dh, sl, sh);
    },
  },
  {
    name: 'SHL',
    mnemonic: 'shl',
    u: 0,
    opcode: '01010',
    left: true,
    lane: (n, _d, es, i, s) => `(${lane(n, es, i)} << ${s})`,
    lane64: (_e, lo, hi, _dl, _dh, s) => shl64(lo, hi, s),
  },
  {
    name: 'SRI',
    mnemonic: 'sri',
    u: 1,
    opcode: '01000',
    left: false,
    lane: (n, d, es, i, s) => {
      const keep = s >= es ? laneMask(es) : ~(laneMask(es) >>> s) & laneMask(es);
      return `(${lane(d, es, i)} & ${keep | 0}) | ${ushr(n, d, es, i, s)}`;
    },
    lane64: (_e, lo, hi, dl, dh, s) => {
      const [ml, mh] = mask64(s, true);
      const [sl, sh] = ushr64(lo, hi, s);
      return [`(${dl} & ${~ml}) | ${sl}`, `(${dh} & ${~mh}) | ${sh}`];
    },
  },
  {
    name: 'SLI',
    mnemonic: 'sli',
    u: 1,
    opcode: '01010',
    left: true,
    lane: (n, d, es, i, s) => {
      const keep = ~(laneMask(es) << s) & laneMask(es);
      return `(${lane(d, es, i)} & ${keep | 0}) | (${lane(n, es, i)} << ${s})`;
    },
    lane64: (_e, lo, hi, dl, dh, s) => {
      const [ml, mh] = mask64(s, false);
      const [sl, sh] = shl64(lo, hi, s);
      return [`(${dl} & ${~ml}) | ${sl}`, `(${dh} & ${~mh}) | ${sh}`];
    },
  },
];

function emitShiftVector(o: ShiftOp, f: Fields, e: Emitter): void {
  const es = esizeOfImmh(f.immh!);
  const s = o.left ? leftShift(f) : rightShift(f);
  if (es === 64) {
    mapLanes64(e, f.Rd!, f.Q!, (i) => {
      const [lo, hi] = read64(e, f.Rn!, i);
      const [dl, dh] = [lo64(f.Rd!, i), hi64(f.Rd!, i)];
      return o.lane64(e, lo, hi, dl, dh, s);
    });
    return;
  }
  mapLanes(e, f.Rd!, es, f.Q!, (i) => o.lane(f.Rn!, f.Rd!, es, i, s));
}

const shiftDisasm = (o: ShiftOp) => (f: Fields): string => {
  const arr = arrangement(immhSize(f.immh!), f.Q!);
  const s = o.left ? leftShift(f) : rightShift(f);
  return op(o.mnemonic, vr(f.Rd!, arr), vr(f.Rn!, arr), `#${s}`);
};

/** SHRN/RSHRN lane value for 8- and 16-bit results: wide lane i of Vn shifted right by s. */
function narrowShift(n: number, es: 8 | 16, i: number, s: number, round: boolean): string {
  const r = 2 ** (s - 1);
  if (es === 8) return round ? `((${lane(n, 16, i)} + ${r}) >>> ${s})` : `(${lane(n, 16, i)} >>> ${s})`;
  return round ? `Math.floor(((${lane(n, 32, i)} >>> 0) + ${r}) / ${2 ** s})` : `(${lane(n, 32, i)} >>> ${s})`;
}

function emitNarrowShift(f: Fields, e: Emitter, round: boolean): void {
  const es = esizeOfImmh(f.immh!);
  const s = rightShift(f);
  const count = 64 / es;
  const n = f.Rn!;
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    if (es === 8 || es === 16) {
      values.push(narrowShift(n, es, i, s, round));
    } else if (round) {
      const t = e.let(`(${lo64(n, i)} >>> 0) + ${2 ** (s - 1)}`);
      const lo = e.let(`${t} | 0`);
      const hi = e.let(`(${hi64(n, i)} + (${t} > 4294967295 ? 1 : 0)) | 0`);
      values.push(ushr64(lo, hi, s)[0]);
    } else {
      values.push(ushr64(lo64(n, i), hi64(n, i), s)[0]);
    }
  }
  writeLanes(e, f.Rd!, es, values, f.Q ? count : 0);
  if (!f.Q) clearHigh(e, f.Rd!);
}

function emitLongShift(f: Fields, e: Emitter, signed: boolean): void {
  const es = esizeOfImmh(f.immh!);
  const s = leftShift(f);
  const count = 64 / es;
  const first = f.Q ? count : 0;
  const n = f.Rn!;
  if (es === 32) {
    const values: [string, string][] = [];
    for (let i = 0; i < count; i++) {
      const a = e.let(lane(n, 32, first + i));
      const hi = s === 0 ? (signed ? `${a} >> 31` : '0') : signed ? `${a} >> ${32 - s}` : `${a} >>> ${32 - s}`;
      values.push([`${a} << ${s}`, hi]);
    }
    writeLanes64(e, f.Rd!, values);
    return;
  }
  const read = signed ? slane : lane;
  const values = Array.from({ length: count }, (_, i) => `${read(n, es, first + i)} << ${s}`);
  writeLanes(e, f.Rd!, (es * 2) as ESize, values);
}

const longDisasm = (mnemonic: string, alias: string) => (f: Fields): string => {
  const size = immhSize(f.immh!);
  const s = leftShift(f);
  const name = (s === 0 ? alias : mnemonic) + (f.Q ? '2' : '');
  const ops = [vr(f.Rd!, arrangement(size + 1, 1)), vr(f.Rn!, arrangement(size, f.Q!))];
  if (s !== 0) ops.push(`#${s}`);
  return op(name, ...ops);
};

const narrowDisasm = (mnemonic: string) => (f: Fields): string => {
  const size = immhSize(f.immh!);
  return op(mnemonic + (f.Q ? '2' : ''), vr(f.Rd!, arrangement(size, f.Q!)), vr(f.Rn!, arrangement(size + 1, 1)), `#${rightShift(f)}`);
};

const VECTOR_TAIL = 'immh:4 immb:3';

/** Advanced SIMD shift by immediate (vector and scalar D forms). */
export const simdShiftRows: InsnRowSpec[] = [
  ...shiftOps.map(
    (o): InsnRowSpec => ({
      name: `${o.name}_vec`,
      pattern: `0 Q:1 ${o.u} 011110 ${VECTOR_TAIL} ${o.opcode} 1 Rn:5 Rd:5`,
      cls: 'simd',
      when: (f) => f.immh !== 0 && (f.Q === 1 || (f.immh! & 8) === 0),
      emit: (f, e) => emitShiftVector(o, f, e),
      disasm: shiftDisasm(o),
    }),
  ),
  ...shiftOps.map(
    (o): InsnRowSpec => ({
      name: `${o.name}_scalar`,
      pattern: `01 ${o.u} 111110 1 immh3:3 immb:3 ${o.opcode} 1 Rn:5 Rd:5`,
      cls: 'simd',
      emit: (f, e) => {
        const g = { immh: 8 | f.immh3!, immb: f.immb! };
        const s = o.left ? leftShift(g) : rightShift(g);
        const [lo, hi] = read64(e, f.Rn!, 0);
        const [dl, dh] = read64(e, f.Rd!, 0);
        writeLanes64(e, f.Rd!, [o.lane64(e, lo, hi, dl, dh, s)]);
        clearHigh(e, f.Rd!);
      },
      disasm: (f) => {
        const g = { immh: 8 | f.immh3!, immb: f.immb! };
        return op(o.mnemonic, `d${f.Rd}`, `d${f.Rn}`, `#${o.left ? leftShift(g) : rightShift(g)}`);
      },
    }),
  ),
  {
    name: 'SHRN',
    pattern: `0 Q:1 0 011110 ${VECTOR_TAIL} 10000 1 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => f.immh !== 0 && (f.immh! & 8) === 0,
    emit: (f, e) => emitNarrowShift(f, e, false),
    disasm: narrowDisasm('shrn'),
  },
  {
    name: 'RSHRN',
    pattern: `0 Q:1 0 011110 ${VECTOR_TAIL} 10001 1 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => f.immh !== 0 && (f.immh! & 8) === 0,
    emit: (f, e) => emitNarrowShift(f, e, true),
    disasm: narrowDisasm('rshrn'),
  },
  {
    name: 'SSHLL',
    pattern: `0 Q:1 0 011110 ${VECTOR_TAIL} 10100 1 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => f.immh !== 0 && (f.immh! & 8) === 0,
    emit: (f, e) => emitLongShift(f, e, true),
    disasm: longDisasm('sshll', 'sxtl'),
  },
  {
    name: 'USHLL',
    pattern: `0 Q:1 1 011110 ${VECTOR_TAIL} 10100 1 Rn:5 Rd:5`,
    cls: 'simd',
    when: (f) => f.immh !== 0 && (f.immh! & 8) === 0,
    emit: (f, e) => emitLongShift(f, e, false),
    disasm: longDisasm('ushll', 'uxtl'),
  },
  {
    name: 'SHLL',
    pattern: '0 Q:1 1 01110 size:2 10000 10011 10 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => f.size !== 3,
    emit: (f, e) => {
      const es = (8 << f.size!) as ESize;
      const count = 64 / es;
      const first = f.Q ? count : 0;
      if (es === 32) {
        const values = Array.from({ length: count }, (_, i): [string, string] => ['0', lane(f.Rn!, 32, first + i)]);
        writeLanes64(e, f.Rd!, values);
        return;
      }
      const values = Array.from({ length: count }, (_, i) => `${lane(f.Rn!, es, first + i)} << ${es}`);
      writeLanes(e, f.Rd!, (es * 2) as ESize, values);
    },
    disasm: (f) =>
      op(f.Q ? 'shll2' : 'shll', vr(f.Rd!, arrangement(f.size! + 1, 1)), vr(f.Rn!, arrangement(f.size!, f.Q!)), `#${8 << f.size!}`),
  },
];
