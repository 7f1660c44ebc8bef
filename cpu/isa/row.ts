import type { Emitter } from '../translate/emitter.js';

/** Field values decoded from an instruction word, by the names used in the row's pattern. */
export type Fields = Readonly<Record<string, number>>;

/** Instruction classes, used for coverage and by the instruction-test generator. */
export type InsnClass =
  | 'dp-imm'
  | 'dp-reg'
  | 'branch'
  | 'system'
  | 'ldst'
  | 'ldst-excl'
  | 'atomic'
  | 'fp'
  | 'simd';

/** How a row affects control flow in a translated block. */
export type Flow =
  | 'next' // falls through to pc+4
  | 'branch' // always leaves the block (emits its own pc update)
  | 'stop'; // stops the CPU (svc, brk, udf): emits an exit

/**
 * One row of the encoding table: the unit shared by decoder, translator, disassembler,
 * encoder and the instruction-test generator.
 *
 * `pattern` lists the 32 bits from bit 31 down to bit 0, as space-separated tokens:
 * literal bits (`0`, `1`), ignored bits (`x`), or fields `name:width`.
 */
export interface InsnRowSpec {
  readonly name: string;
  readonly pattern: string;
  readonly cls: InsnClass;
  readonly flow?: Flow;
  /** Extra decode condition: when false the word is not this row (unallocated or another row). */
  readonly when?: (f: Fields) => boolean;
  /** Emits JavaScript for the instruction's semantics. */
  readonly emit: (f: Fields, e: Emitter) => void;
  /** objdump-style text, without address or encoding. */
  readonly disasm: (f: Fields, pc: number) => string;
  /**
   * Instruction-test generator hints: field values to draw from (otherwise uniform over the
   * field's width). Used to keep generated memory operands inside the scratch buffer, etc.
   */
  readonly gen?: Readonly<Record<string, readonly number[]>>;
  /** Excluded from the qemu differential generator (with reason), e.g. reads of a clock. */
  readonly noDiff?: string;
}

export interface FieldSlot {
  readonly name: string;
  readonly lsb: number;
  readonly width: number;
}

export interface InsnRow extends InsnRowSpec {
  readonly mask: number;
  readonly match: number;
  readonly fields: readonly FieldSlot[];
}

export function compileRow(spec: InsnRowSpec): InsnRow {
  let bit = 32;
  let mask = 0;
  let match = 0;
  const fields: FieldSlot[] = [];
  for (const token of spec.pattern.trim().split(/\s+/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*):(\d+)$/.exec(token);
    if (m) {
      const width = Number(m[2]);
      bit -= width;
      fields.push({ name: m[1]!, lsb: bit, width });
      continue;
    }
    if (!/^[01x]+$/.test(token)) throw new Error(`row ${spec.name}: bad pattern token '${token}'`);
    for (const ch of token) {
      bit -= 1;
      if (ch !== 'x') {
        mask |= 1 << bit;
        if (ch === '1') match |= 1 << bit;
      }
    }
  }
  if (bit !== 0) throw new Error(`row ${spec.name}: pattern has ${32 - bit} bits, not 32`);
  return { ...spec, mask: mask >>> 0, match: match >>> 0, fields };
}

export function extractFields(row: InsnRow, word: number): Record<string, number> {
  const f: Record<string, number> = {};
  for (const s of row.fields) {
    f[s.name] = s.width === 32 ? word >>> 0 : (word >>> s.lsb) & ((1 << s.width) - 1);
  }
  return f;
}

/** Builds the word for `row` from field values; missing fields are zero. */
export function encodeFields(row: InsnRow, values: Readonly<Record<string, number>>): number {
  let word = row.match;
  for (const s of row.fields) {
    const v = values[s.name] ?? 0;
    const fieldMask = s.width === 32 ? 0xffffffff : (1 << s.width) - 1;
    if (v < 0 || v > fieldMask || !Number.isInteger(v)) {
      throw new RangeError(`${row.name}: field ${s.name}=${v} does not fit ${s.width} bits`);
    }
    word |= v << s.lsb;
  }
  for (const name of Object.keys(values)) {
    if (!row.fields.some((s) => s.name === name)) throw new Error(`${row.name}: no field '${name}'`);
  }
  return word >>> 0;
}
