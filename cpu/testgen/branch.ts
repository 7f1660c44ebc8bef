import { encodeFields, extractFields, type InsnRow } from '../isa/row.js';

/** Names of the word-offset fields of PC-relative branches (B/BL, B.cond/CBZ/CBNZ, TBZ/TBNZ). */
const OFFSET_FIELDS = ['imm26', 'imm19', 'imm14'] as const;

/** The word-offset field of a PC-relative branch row, or undefined for any other row. */
export function branchOffsetField(row: InsnRow): { name: string; width: number } | undefined {
  if (row.flow !== 'branch') return undefined;
  const slot = row.fields.find((f) => (OFFSET_FIELDS as readonly string[]).includes(f.name));
  return slot ? { name: slot.name, width: slot.width } : undefined;
}

export function isRelativeBranch(row: InsnRow): boolean {
  return branchOffsetField(row) !== undefined;
}

/** The signed offset in instructions of a PC-relative branch word. */
export function branchOffset(row: InsnRow, word: number): number {
  const field = branchOffsetField(row);
  if (!field) throw new Error(`${row.name} is not a PC-relative branch`);
  const raw = extractFields(row, word)[field.name]!;
  const shift = 32 - field.width;
  return (raw << shift) >> shift;
}

/** `word` with its branch offset replaced by `offset` instructions. */
export function withBranchOffset(row: InsnRow, word: number, offset: number): number {
  const field = branchOffsetField(row);
  if (!field) throw new Error(`${row.name} is not a PC-relative branch`);
  const fields = extractFields(row, word);
  fields[field.name] = offset & ((1 << field.width) - 1);
  return encodeFields(row, fields);
}
