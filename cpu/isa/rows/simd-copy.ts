import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { op, reg } from './fmt.js';
import { arrangement, clearAll, clearHigh, esizeOf, hi64, lane, lo64, scalarReg, slane, ulane, vr } from './simd-emit.js';

/** Element size (0..3) selected by the lowest set bit of imm5; 4 when imm5<3:0> is zero. */
export function imm5Size(imm5: number): number {
  for (let s = 0; s < 4; s++) if ((imm5 >> s) & 1) return s;
  return 4;
}

const imm5Index = (imm5: number): number => imm5 >> (imm5Size(imm5) + 1);

/** `v1.b[3]` */
function elem(n: number, size: number, index: number): string {
  return `v${n}.${'bhsd'[size]}[${index}]`;
}

const vectorSize = (f: Fields): boolean => {
  const size = imm5Size(f.imm5!);
  return size < 3 || (size === 3 && f.Q === 1);
};

/** Writes the int32 `v` (lane value in its low bits) to every lane of Vd. */
function emitReplicate(e: Emitter, d: number, size: number, q: number, v: string): void {
  const word =
    size === 0 ? e.let(`Math.imul(${v} & 255, 16843009)`) : size === 1 ? e.let(`Math.imul(${v} & 65535, 65537)`) : v;
  const words = q ? 4 : 2;
  for (let k = 0; k < words; k++) e.line(`vi[${4 * d + k}] = ${word};`);
  if (!q) clearHigh(e, d);
}

/** Advanced SIMD copy: DUP (element, general), INS (element, general), UMOV, SMOV. */
export const simdCopyRows: InsnRowSpec[] = [
  {
    name: 'DUP_elem',
    pattern: '0 Q:1 0 01110000 imm5:5 0 0000 1 Rn:5 Rd:5',
    cls: 'simd',
    when: vectorSize,
    emit: (f, e) => {
      const size = imm5Size(f.imm5!);
      const index = imm5Index(f.imm5!);
      const d = f.Rd!;
      if (size === 3) {
        const l = e.let(lo64(f.Rn!, index));
        const h = e.let(hi64(f.Rn!, index));
        e.line(`vi[${4 * d}] = ${l}; vi[${4 * d + 1}] = ${h}; vi[${4 * d + 2}] = ${l}; vi[${4 * d + 3}] = ${h};`);
        return;
      }
      emitReplicate(e, d, size, f.Q!, e.let(lane(f.Rn!, esizeOf(size), index)));
    },
    disasm: (f) => {
      const size = imm5Size(f.imm5!);
      return op('dup', vr(f.Rd!, arrangement(size, f.Q!)), elem(f.Rn!, size, imm5Index(f.imm5!)));
    },
  },
  {
    name: 'DUP_gen',
    pattern: '0 Q:1 0 01110000 imm5:5 0 0001 1 Rn:5 Rd:5',
    cls: 'simd',
    when: vectorSize,
    emit: (f, e) => {
      const size = imm5Size(f.imm5!);
      const d = f.Rd!;
      if (size === 3) {
        const l = e.let(e.lo(f.Rn!));
        const h = e.let(e.hi(f.Rn!));
        e.line(`vi[${4 * d}] = ${l}; vi[${4 * d + 1}] = ${h}; vi[${4 * d + 2}] = ${l}; vi[${4 * d + 3}] = ${h};`);
        return;
      }
      emitReplicate(e, d, size, f.Q!, e.let(e.lo(f.Rn!)));
    },
    disasm: (f) => {
      const size = imm5Size(f.imm5!);
      return op('dup', vr(f.Rd!, arrangement(size, f.Q!)), reg(f.Rn!, size === 3 ? 1 : 0));
    },
  },
  {
    name: 'DUP_scalar',
    pattern: '01 0 11110000 imm5:5 0 0000 1 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => imm5Size(f.imm5!) < 4,
    emit: (f, e) => {
      const size = imm5Size(f.imm5!);
      const index = imm5Index(f.imm5!);
      const d = f.Rd!;
      if (size === 3) {
        const l = e.let(lo64(f.Rn!, index));
        const h = e.let(hi64(f.Rn!, index));
        e.line(`vi[${4 * d}] = ${l}; vi[${4 * d + 1}] = ${h}; vi[${4 * d + 2}] = 0; vi[${4 * d + 3}] = 0;`);
        return;
      }
      const v = e.let(lane(f.Rn!, esizeOf(size), index));
      clearAll(e, d);
      e.line(`${lane(d, esizeOf(size), 0)} = ${v};`);
    },
    disasm: (f) => {
      const size = imm5Size(f.imm5!);
      return op('mov', scalarReg(f.Rd!, size), elem(f.Rn!, size, imm5Index(f.imm5!)));
    },
  },
  {
    name: 'INS_gen',
    pattern: '0 1 0 01110000 imm5:5 0 0011 1 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => imm5Size(f.imm5!) < 4,
    emit: (f, e) => {
      const size = imm5Size(f.imm5!);
      const index = imm5Index(f.imm5!);
      if (size === 3) {
        const l = e.let(e.lo(f.Rn!));
        const h = e.let(e.hi(f.Rn!));
        e.line(`${lo64(f.Rd!, index)} = ${l}; ${hi64(f.Rd!, index)} = ${h};`);
        return;
      }
      e.line(`${lane(f.Rd!, esizeOf(size), index)} = ${e.lo(f.Rn!)};`);
    },
    disasm: (f) => {
      const size = imm5Size(f.imm5!);
      return op('mov', elem(f.Rd!, size, imm5Index(f.imm5!)), reg(f.Rn!, size === 3 ? 1 : 0));
    },
  },
  {
    name: 'INS_elem',
    pattern: '0 1 1 01110000 imm5:5 0 imm4:4 1 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => imm5Size(f.imm5!) < 4,
    emit: (f, e) => {
      const size = imm5Size(f.imm5!);
      const dst = imm5Index(f.imm5!);
      const src = f.imm4! >> size;
      if (size === 3) {
        const l = e.let(lo64(f.Rn!, src));
        const h = e.let(hi64(f.Rn!, src));
        e.line(`${lo64(f.Rd!, dst)} = ${l}; ${hi64(f.Rd!, dst)} = ${h};`);
        return;
      }
      e.line(`${lane(f.Rd!, esizeOf(size), dst)} = ${lane(f.Rn!, esizeOf(size), src)};`);
    },
    disasm: (f) => {
      const size = imm5Size(f.imm5!);
      return op('mov', elem(f.Rd!, size, imm5Index(f.imm5!)), elem(f.Rn!, size, f.imm4! >> size));
    },
  },
  {
    name: 'UMOV',
    pattern: '0 Q:1 0 01110000 imm5:5 0 0111 1 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => (f.Q ? imm5Size(f.imm5!) === 3 : imm5Size(f.imm5!) < 3),
    emit: (f, e) => {
      const size = imm5Size(f.imm5!);
      const index = imm5Index(f.imm5!);
      if (size === 3) e.setX(f.Rd!, lo64(f.Rn!, index), hi64(f.Rn!, index));
      else e.setW(f.Rd!, size === 2 ? lane(f.Rn!, 32, index) : ulane(f.Rn!, esizeOf(size), index));
    },
    disasm: (f) => {
      const size = imm5Size(f.imm5!);
      const mnemonic = size >= 2 ? 'mov' : 'umov';
      return op(mnemonic, reg(f.Rd!, f.Q!), elem(f.Rn!, size, imm5Index(f.imm5!)));
    },
  },
  {
    name: 'SMOV',
    pattern: '0 Q:1 0 01110000 imm5:5 0 0101 1 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => imm5Size(f.imm5!) < (f.Q ? 3 : 2),
    emit: (f, e) => {
      const size = imm5Size(f.imm5!);
      const v = e.let(slane(f.Rn!, esizeOf(size), imm5Index(f.imm5!)));
      if (f.Q) e.setX(f.Rd!, v, `${v} >> 31`);
      else e.setW(f.Rd!, v);
    },
    disasm: (f) => {
      const size = imm5Size(f.imm5!);
      return op('smov', reg(f.Rd!, f.Q!), elem(f.Rn!, size, imm5Index(f.imm5!)));
    },
  },
];
