import { compileRow, extractFields, type Fields, type InsnRow, type InsnRowSpec } from './row.js';
import { dpImmRows } from './rows/dp-imm.js';
import { dpRegRows } from './rows/dp-reg.js';
import { branchRows } from './rows/branch.js';
import { systemRows } from './rows/system.js';
import { ldstRows } from './rows/ldst.js';
import { atomicRows } from './rows/atomic.js';
import { fpRows } from './rows/fp.js';
import { simdRows } from './rows/simd.js';

const specs: readonly InsnRowSpec[] = [
  ...dpImmRows,
  ...dpRegRows,
  ...branchRows,
  ...systemRows,
  ...ldstRows,
  ...atomicRows,
  ...fpRows,
  ...simdRows,
];

/** The encoding table: every implemented A64 instruction, in decode priority order. */
export const ROWS: readonly InsnRow[] = specs.map(compileRow);

export const ROW_BY_NAME: ReadonlyMap<string, InsnRow> = (() => {
  const map = new Map<string, InsnRow>();
  for (const row of ROWS) {
    if (map.has(row.name)) throw new Error(`duplicate row name ${row.name}`);
    map.set(row.name, row);
  }
  return map;
})();

/** Rows bucketed by bits [28:25] (the A64 op0 field); each bucket keeps table order. */
const buckets: InsnRow[][] = Array.from({ length: 16 }, (_, op0) =>
  ROWS.filter((row) => {
    const m = (row.mask >>> 25) & 0xf;
    return ((row.match >>> 25) & m) === (op0 & m);
  }),
);

export interface Decoded {
  readonly row: InsnRow;
  readonly fields: Fields;
}

/** Decodes a word to its row and fields, or null when the encoding is not implemented. */
export function decode(word: number): Decoded | null {
  word >>>= 0;
  for (const row of buckets[(word >>> 25) & 0xf]!) {
    if (((word & row.mask) >>> 0) !== row.match) continue;
    const fields = extractFields(row, word);
    if (row.when && !row.when(fields)) continue;
    return { row, fields };
  }
  return null;
}

export function rowByName(name: string): InsnRow {
  const row = ROW_BY_NAME.get(name);
  if (!row) throw new Error(`no encoding row named ${name}`);
  return row;
}
