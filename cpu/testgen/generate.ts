import { encodeFields, type InsnClass, type InsnRow } from '../isa/row.js';
import { ROWS, ROW_BY_NAME, decode } from '../isa/table.js';
import { isRelativeBranch, withBranchOffset } from './branch.js';
import { DEST_FIELD_NAMES, GEN_DEST } from './conventions.js';
import { Prng } from './prng.js';
import { randomState, type FpcrMode, type MachineState } from './state.js';

export const INSN_CLASSES: readonly InsnClass[] = [
  'dp-imm',
  'dp-reg',
  'branch',
  'system',
  'ldst',
  'ldst-excl',
  'atomic',
  'fp',
  'simd',
];

export interface RowSelection {
  readonly classes?: readonly string[];
  readonly names?: readonly string[];
}

/** Whether the generator can place a row inside a straight-line sequence. */
export function generatable(row: InsnRow): boolean {
  return (row.flow ?? 'next') === 'next' || isRelativeBranch(row);
}

/**
 * Rows to draw from: the named rows, or the rows of the given classes, or every row; by default
 * without rows marked `noDiff` (a row named explicitly is taken even if marked).
 */
export function selectRows(sel: RowSelection = {}, rows: readonly InsnRow[] = ROWS): InsnRow[] {
  const names = sel.names ?? [];
  const classes = sel.classes ?? [];
  for (const c of classes) {
    if (!(INSN_CLASSES as readonly string[]).includes(c)) {
      throw new Error(`unknown instruction class '${c}' (classes: ${INSN_CLASSES.join(', ')})`);
    }
  }
  if (names.length > 0) {
    const byName = rows === ROWS ? ROW_BY_NAME : new Map(rows.map((r) => [r.name, r]));
    return names.map((name) => {
      const row = byName.get(name);
      if (!row) throw new Error(`no encoding row named '${name}'`);
      if (!generatable(row)) throw new Error(`row ${name} ends the sequence (flow '${row.flow}'); it cannot be generated`);
      if (classes.length > 0 && !classes.includes(row.cls)) throw new Error(`row ${name} is not in class ${classes.join(',')}`);
      return row;
    });
  }
  return rows.filter((r) => !r.noDiff && generatable(r) && (classes.length === 0 || classes.includes(r.cls)));
}

/** The values the generator draws a field from (undefined: uniform over the field's width). */
export function fieldChoices(row: InsnRow, field: string): readonly number[] | undefined {
  return row.gen?.[field] ?? (DEST_FIELD_NAMES.includes(field) ? GEN_DEST : undefined);
}

/** One random word for `row` that decodes back to it, or null after `tries` attempts. */
export function drawWord(row: InsnRow, rng: Prng, tries = 64): number | null {
  for (let t = 0; t < tries; t++) {
    const values: Record<string, number> = {};
    for (const slot of row.fields) {
      const choices = fieldChoices(row, slot.name);
      values[slot.name] = choices ? rng.pick(choices) : slot.width >= 32 ? rng.u32() : rng.below(2 ** slot.width);
    }
    let word: number;
    try {
      word = encodeFields(row, values);
    } catch {
      return null; // a gen hint that does not fit its field: the row is reported as unusable
    }
    if (decode(word)?.row.name === row.name) return word;
  }
  return null;
}

export interface GeneratedSequence {
  readonly words: number[];
  readonly rows: InsnRow[];
}

/**
 * Draws sequences of instructions. Branches get forward offsets that land inside the sequence
 * or on the instruction right after it. Rows that never produce a word decoding to themselves
 * (shadowed by an earlier row, or `when` too strict for their gen hints) are dropped up front
 * and listed in `droppedRows`, so a sequence depends only on its own random stream.
 */
export class SequenceGenerator {
  readonly rows: readonly InsnRow[];
  readonly droppedRows: readonly string[];

  constructor(rows: readonly InsnRow[]) {
    const probe = new Prng(0x5eed);
    const usable = rows.filter((row) => drawWord(row, probe, 512) !== null);
    this.droppedRows = rows.filter((r) => !usable.includes(r)).map((r) => r.name);
    if (usable.length === 0) {
      throw new Error(`no instruction rows to generate from${this.droppedRows.length ? ` (undecodable: ${this.droppedRows.join(', ')})` : ''}`);
    }
    this.rows = usable;
  }

  sequence(rng: Prng, length: number): GeneratedSequence {
    const words: number[] = [];
    const rows: InsnRow[] = [];
    while (words.length < length) {
      const row = rng.pick(this.rows);
      const word = drawWord(row, rng);
      if (word === null) continue;
      words.push(word);
      rows.push(row);
    }
    for (let i = 0; i < length; i++) {
      const row = rows[i]!;
      if (!isRelativeBranch(row)) continue;
      const target = rng.range(i + 1, length);
      const word = withBranchOffset(row, words[i]!, target - i);
      words[i] = decode(word)?.row.name === row.name ? word : withBranchOffset(row, words[i]!, length - i);
    }
    return { words, rows };
  }
}

export interface CaseOptions {
  readonly length: number;
  readonly scratchBase: number;
  readonly fpcr?: FpcrMode;
}

export interface GeneratedCase {
  readonly seed: number;
  readonly index: number;
  readonly words: number[];
  readonly state: MachineState;
}

/** Case `index` of a run with `seed`: a pure function of (seed, index, rows, options). */
export function generateCase(gen: SequenceGenerator, seed: number, index: number, opts: CaseOptions): GeneratedCase {
  const rng = new Prng(seed, index);
  const { words } = gen.sequence(rng, opts.length);
  const state = randomState(rng, { scratchBase: opts.scratchBase, fpcr: opts.fpcr ?? 'zero' });
  return { seed, index, words, state };
}
