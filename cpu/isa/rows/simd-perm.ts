import type { Fields, InsnRowSpec } from '../row.js';
import { op } from './fmt.js';
import { arrangement, vr } from './simd-emit.js';

/** objdump's register list: `{v1.16b}`, `{v1.16b, v2.16b}`, `{v1.16b-v4.16b}` (no wrap). */
export function regList(first: number, count: number, arr: string): string {
  const last = first + count - 1;
  if (count > 2 && last <= 31) return `{${vr(first, arr)}-${vr(last, arr)}}`;
  return `{${Array.from({ length: count }, (_, j) => vr((first + j) & 31, arr)).join(', ')}}`;
}

const tableDisasm = (mnemonic: string) => (f: Fields): string => {
  const arr = f.Q ? '16b' : '8b';
  return op(mnemonic, vr(f.Rd!, arr), regList(f.Rn!, f.len! + 1, '16b'), vr(f.Rm!, arr));
};

const PERMUTES: readonly (readonly [string, number])[] = [
  ['UZP1', 1],
  ['TRN1', 2],
  ['ZIP1', 3],
  ['UZP2', 5],
  ['TRN2', 6],
  ['ZIP2', 7],
];

/** Table lookup, extract, and the zip/unzip/transpose permutes. */
export const simdPermRows: InsnRowSpec[] = [
  {
    name: 'TBL',
    pattern: '0 Q:1 001110 000 Rm:5 0 len:2 0 00 Rn:5 Rd:5',
    cls: 'simd',
    emit: (f, e) => e.line(`${e.rt('simdTbl')}(vb, ${f.Rd}, ${f.Rn}, ${f.len! + 1}, ${f.Rm}, ${f.Q ? 16 : 8}, 0);`),
    disasm: tableDisasm('tbl'),
  },
  {
    name: 'TBX',
    pattern: '0 Q:1 001110 000 Rm:5 0 len:2 1 00 Rn:5 Rd:5',
    cls: 'simd',
    emit: (f, e) => e.line(`${e.rt('simdTbl')}(vb, ${f.Rd}, ${f.Rn}, ${f.len! + 1}, ${f.Rm}, ${f.Q ? 16 : 8}, 1);`),
    disasm: tableDisasm('tbx'),
  },
  {
    name: 'EXT',
    pattern: '0 Q:1 101110 000 Rm:5 0 imm4:4 0 Rn:5 Rd:5',
    cls: 'simd',
    when: (f) => f.Q === 1 || f.imm4! < 8,
    emit: (f, e) => e.line(`${e.rt('simdExt')}(vb, ${f.Rd}, ${f.Rn}, ${f.Rm}, ${f.imm4}, ${f.Q ? 16 : 8});`),
    disasm: (f) => {
      const arr = f.Q ? '16b' : '8b';
      return op('ext', vr(f.Rd!, arr), vr(f.Rn!, arr), vr(f.Rm!, arr), `#${f.imm4}`);
    },
  },
  ...PERMUTES.map(
    ([name, opc]): InsnRowSpec => ({
      name,
      pattern: `0 Q:1 001110 size:2 0 Rm:5 0 ${opc.toString(2).padStart(3, '0')} 10 Rn:5 Rd:5`,
      cls: 'simd',
      when: (f) => f.size !== 3 || f.Q === 1,
      emit: (f, e) =>
        e.line(`${e.rt('simdPerm')}(vb, ${f.Rd}, ${f.Rn}, ${f.Rm}, ${opc}, ${1 << f.size!}, ${f.Q ? 16 : 8});`),
      disasm: (f) => {
        const arr = arrangement(f.size!, f.Q!);
        return op(name.toLowerCase(), vr(f.Rd!, arr), vr(f.Rn!, arr), vr(f.Rm!, arr));
      },
    }),
  ),
];
