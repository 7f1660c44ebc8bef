import { encodeFields } from '../isa/row.js';
import { rowByName } from '../isa/table.js';
import { CONDS } from '../isa/rows/fmt.js';

export type Cond = (typeof CONDS)[number];

/** A position in the program, bound once with `bind`. */
export class Label {
  offset = -1;
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

type Fixup = (self: number, target: number) => number;

interface Item {
  word: number;
  label?: Label;
  fix?: Fixup;
}

/**
 * A typed A64 assembler over the encoding table: every instruction is built from its row with
 * `encodeFields`, so the assembler can only emit what the decoder accepts. Branch targets are
 * labels resolved at `assemble` time. Offsets are in bytes from the start of the program.
 */
export class Assembler {
  private readonly items: Item[] = [];
  private labelCount = 0;

  /** Current offset in bytes. */
  get offset(): number {
    return this.items.length * 4;
  }

  label(name = `L${this.labelCount++}`): Label {
    return new Label(name);
  }

  /** Binds `label` to the current offset. */
  bind(label: Label): Label {
    if (label.offset !== -1) throw new Error(`label ${label.name} bound twice`);
    label.offset = this.offset;
    return label;
  }

  /** A label bound here. */
  here(name?: string): Label {
    return this.bind(this.label(name));
  }

  /** Any row by name, with its fields. */
  inst(row: string, fields: Readonly<Record<string, number>>): this {
    this.items.push({ word: encodeFields(rowByName(row), fields) });
    return this;
  }

  /** A raw 32-bit word (data or a deliberately undefined encoding). */
  word(w: number): this {
    this.items.push({ word: w >>> 0 });
    return this;
  }

  /** Raw bytes, zero-padded to a word boundary. */
  bytes(data: Uint8Array): this {
    for (let i = 0; i < data.length; i += 4) {
      let w = 0;
      for (let j = 0; j < 4 && i + j < data.length; j++) w |= data[i + j]! << (8 * j);
      this.word(w);
    }
    return this;
  }

  private withLabel(row: string, fields: Record<string, number>, label: Label, fix: (delta: number, f: Record<string, number>) => void): this {
    const r = rowByName(row);
    this.items.push({
      word: 0,
      label,
      fix: (self, target) => {
        const f = { ...fields };
        fix(target - self, f);
        return encodeFields(r, f);
      },
    });
    return this;
  }

  // ---- moves and arithmetic -------------------------------------------------------------

  /** Loads a 64-bit constant (or 32-bit with sf=0) with the shortest MOVZ/MOVN + MOVK run. */
  movImm(rd: number, value: bigint | number, sf: 0 | 1 = 1): this {
    const bits = sf ? 64 : 32;
    const v = BigInt.asUintN(bits, BigInt(value));
    const halves = Array.from({ length: bits / 16 }, (_, i) => Number((v >> BigInt(16 * i)) & 0xffffn));
    const zeros = halves.filter((h) => h === 0).length;
    const ones = halves.filter((h) => h === 0xffff).length;
    const inverted = ones > zeros;
    const fill = inverted ? 0xffff : 0;
    let first = true;
    halves.forEach((h, hw) => {
      if (h === fill && !(first && hw === halves.length - 1)) return;
      if (first) {
        this.inst(inverted ? 'MOVN' : 'MOVZ', { sf, hw, imm16: inverted ? ~h & 0xffff : h, Rd: rd });
        first = false;
      } else {
        this.inst('MOVK', { sf, hw, imm16: h, Rd: rd });
      }
    });
    if (first) this.inst('MOVZ', { sf, hw: 0, imm16: 0, Rd: rd });
    return this;
  }

  /** Rd = Rn + imm (imm in 0..4095, or a multiple of 4096 up to 0xfff000). Register 31 is SP. */
  addImm(rd: number, rn: number, imm: number, sf: 0 | 1 = 1): this {
    return this.inst(imm < 0 ? 'SUB_imm' : 'ADD_imm', { sf, ...imm12(Math.abs(imm)), Rn: rn, Rd: rd });
  }

  subImm(rd: number, rn: number, imm: number, sf: 0 | 1 = 1): this {
    return this.addImm(rd, rn, -imm, sf);
  }

  /** CMP Rn, #imm (SUBS to ZR). */
  cmpImm(rn: number, imm: number, sf: 0 | 1 = 1): this {
    return this.inst(imm < 0 ? 'ADDS_imm' : 'SUBS_imm', { sf, ...imm12(Math.abs(imm)), Rn: rn, Rd: 31 });
  }

  /** MOV between general registers (SP allowed): ADD Rd, Rn, #0. */
  movSp(rd: number, rn: number): this {
    return this.addImm(rd, rn, 0);
  }

  // ---- control flow -----------------------------------------------------------------------

  b(target: Label): this {
    return this.withLabel('B', {}, target, (d, f) => (f.imm26 = field(d, 26, 'B')));
  }

  bl(target: Label): this {
    return this.withLabel('BL', {}, target, (d, f) => (f.imm26 = field(d, 26, 'BL')));
  }

  bcond(cond: Cond, target: Label): this {
    return this.withLabel('B_cond', { cond: CONDS.indexOf(cond) }, target, (d, f) => (f.imm19 = field(d, 19, 'B.cond')));
  }

  cbz(rt: number, target: Label, sf: 0 | 1 = 1): this {
    return this.withLabel('CBZ', { sf, Rt: rt }, target, (d, f) => (f.imm19 = field(d, 19, 'CBZ')));
  }

  cbnz(rt: number, target: Label, sf: 0 | 1 = 1): this {
    return this.withLabel('CBNZ', { sf, Rt: rt }, target, (d, f) => (f.imm19 = field(d, 19, 'CBNZ')));
  }

  tbz(rt: number, bit: number, target: Label): this {
    return this.withLabel('TBZ', { b5: bit >> 5, b40: bit & 31, Rt: rt }, target, (d, f) => (f.imm14 = field(d, 14, 'TBZ')));
  }

  tbnz(rt: number, bit: number, target: Label): this {
    return this.withLabel('TBNZ', { b5: bit >> 5, b40: bit & 31, Rt: rt }, target, (d, f) => (f.imm14 = field(d, 14, 'TBNZ')));
  }

  br(rn: number): this {
    return this.inst('BR', { Rn: rn });
  }

  blr(rn: number): this {
    return this.inst('BLR', { Rn: rn });
  }

  ret(rn = 30): this {
    return this.inst('RET', { Rn: rn });
  }

  svc(imm = 0): this {
    return this.inst('SVC', { imm16: imm });
  }

  brk(imm = 0): this {
    return this.inst('BRK', { imm16: imm });
  }

  nop(): this {
    return this.inst('NOP', {});
  }

  // ---- output -----------------------------------------------------------------------------

  /** The program's words with every label resolved. */
  assemble(): Uint32Array {
    const out = new Uint32Array(this.items.length);
    this.items.forEach((item, i) => {
      if (item.fix && item.label) {
        if (item.label.offset === -1) throw new Error(`label ${item.label.name} used but never bound`);
        out[i] = item.fix(i * 4, item.label.offset);
      } else {
        out[i] = item.word;
      }
    });
    return out;
  }

  /** The program as little-endian bytes. */
  bytesOut(): Uint8Array {
    return new Uint8Array(this.assemble().buffer);
  }
}

function imm12(imm: number): { imm12: number; sh: number } {
  if (imm <= 0xfff) return { imm12: imm, sh: 0 };
  if ((imm & 0xfff) === 0 && imm <= 0xfff000) return { imm12: imm >>> 12, sh: 1 };
  throw new RangeError(`immediate ${imm} is not encodable as imm12 (optionally shifted by 12)`);
}

/** Encodes a byte displacement as a signed word-offset field of `bits` bits. */
function field(delta: number, bits: number, what: string): number {
  if (delta % 4 !== 0) throw new RangeError(`${what}: displacement ${delta} is not a multiple of 4`);
  const words = delta / 4;
  const limit = 2 ** (bits - 1);
  if (words < -limit || words >= limit) throw new RangeError(`${what}: displacement ${delta} out of range`);
  return words < 0 ? words + 2 * limit : words;
}
