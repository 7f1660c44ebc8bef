/** Shared helpers of the data-processing row tests (dp-imm, dp-reg). */
import { expect } from 'vitest';
import { encodeFields, type InsnRow, type InsnRowSpec } from '../row.js';
import { decode, rowByName } from '../table.js';
import { disasmMismatches } from '../../testing/objdump.js';
import { CODE_BASE, machineWith } from '../../testing/run-words.js';

export const MASK64 = (1n << 64n) - 1n;
export const MASK32 = 0xffffffffn;

/** Deterministic 32-bit generator (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const SPECIAL = [0, 1, 7, 15, 16, 31, 32, 63];

/**
 * Random words that decode to `row`: fields drawn uniformly or, often, from boundary values
 * (0, 7, 15, 31, 63, all ones), with register fields often equal to each other.
 */
export function randomWords(row: InsnRow, count: number, seed: number): number[] {
  const rnd = prng(seed);
  const words: number[] = [];
  for (let attempt = 0; words.length < count && attempt < count * 50; attempt++) {
    let word = ((rnd() & ~row.mask) | row.match) >>> 0;
    const values: Record<string, number> = {};
    for (const s of row.fields) {
      const max = s.width === 32 ? 0xffffffff : (1 << s.width) - 1;
      let v = (rnd() & max) >>> 0;
      const pick = rnd() % 8;
      if (pick < 2) v = SPECIAL[rnd() % SPECIAL.length]! & max;
      else if (pick === 2) v = max;
      else if (pick === 3 && /^R/.test(s.name) && values.Rn !== undefined) v = values.Rn;
      values[s.name] = v;
      word = ((word & ~(max << s.lsb)) | (v << s.lsb)) >>> 0;
    }
    if (decode(word)?.row.name === row.name) words.push(word);
  }
  return words;
}

/** Compares disassemble() with objdump for `perRow` random words of every row in `specs`. */
export function expectObjdumpAgreement(specs: readonly InsnRowSpec[], perRow: number, seed: number): void {
  const words: number[] = [];
  specs.forEach((spec, i) => words.push(...randomWords(rowByName(spec.name), perRow, seed + i)));
  const pc = 0x10000;
  expect(disasmMismatches(words, pc).slice(0, 40)).toEqual([]);
}

/** Encodes one instruction of `row` from its fields. */
export function enc(row: string, fields: Readonly<Record<string, number>>): number {
  return encodeFields(rowByName(row), fields);
}

export interface Outcome {
  /** Destination register value (x0 unless the program says otherwise). */
  readonly x: (n: number) => bigint;
  /** NZCV as a 4-bit number (N = 8, Z = 4, C = 2, V = 1). */
  readonly nzcv: number;
}

/** Runs `words` (then SVC) with registers `regs` and flags `nzcv` (4-bit) set first. */
export function run(words: readonly number[], regs: Readonly<Record<number, bigint>> = {}, nzcv = 0): Outcome {
  const { cpu } = machineWith(words);
  for (const [n, v] of Object.entries(regs)) cpu.setX(Number(n), v);
  cpu.nzcv = nzcv << 28;
  const stop = cpu.run(1000);
  if (stop.kind !== 'svc') throw new Error(`stopped with ${JSON.stringify(stop)}`);
  return { x: (n) => cpu.getX(n), nzcv: cpu.nzcv >>> 28 };
}

export interface Case {
  readonly word: number;
  readonly regs?: Readonly<Record<number, bigint>>;
  readonly nzcv?: number;
}

/**
 * Runs many single-instruction cases in one machine: each word is followed by SVC, and the
 * registers are reset (to zero, then `regs`) before each case.
 */
export function runCases(cases: readonly Case[]): Outcome[] {
  const words: number[] = [];
  const svc = enc('SVC', { imm16: 0 });
  for (const c of cases) words.push(c.word, svc);
  const { cpu } = machineWith(words);
  return cases.map((c, i) => {
    cpu.x.fill(0, 0, 64);
    for (const [n, v] of Object.entries(c.regs ?? {})) cpu.setX(Number(n), v);
    cpu.nzcv = (c.nzcv ?? 0) << 28;
    cpu.pc = CODE_BASE + 8 * i;
    const stop = cpu.run(2);
    if (stop.kind !== 'svc') throw new Error(`case ${i} (${c.word.toString(16)}) stopped with ${JSON.stringify(stop)}`);
    const x = cpu.x.slice();
    const nzcv = cpu.nzcv >>> 28;
    return {
      x: (n: number) => (BigInt(x[2 * n + 1]! >>> 0) << 32n) | BigInt(x[2 * n]! >>> 0),
      nzcv,
    };
  });
}

/** Whether `word` decodes to any row. */
export function decodes(word: number): boolean {
  return decode(word) !== null;
}

/** The flags of the Arm ARM AddWithCarry(x, y, carry) on `bits`-bit operands, as NZCV. */
export function addWithCarryFlags(x: bigint, y: bigint, carry: bigint, bits: number): { result: bigint; nzcv: number } {
  const mask = (1n << BigInt(bits)) - 1n;
  const ux = x & mask;
  const uy = y & mask;
  const unsignedSum = ux + uy + carry;
  const signedSum = BigInt.asIntN(bits, ux) + BigInt.asIntN(bits, uy) + carry;
  const result = unsignedSum & mask;
  const n = result >> BigInt(bits - 1) === 1n ? 8 : 0;
  const z = result === 0n ? 4 : 0;
  const c = result === unsignedSum ? 0 : 2;
  const v = BigInt.asIntN(bits, result) === signedSum ? 0 : 1;
  return { result, nzcv: n | z | c | v };
}
