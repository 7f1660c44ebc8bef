/** Test helpers for the load/store and atomic rows. */
import type { Cpu, StopReason } from '../../cpu.js';
import { PROT_R } from '../../memory/address-space.js';
import { extractFields, type InsnRow, type InsnRowSpec } from '../row.js';
import { ROW_BY_NAME } from '../table.js';
import { CODE_BASE, DATA_BASE, DATA_PAGES, machineWith, type Machine } from '../../testing/run-words.js';

export { enc, CODE_BASE, DATA_BASE, type Machine } from '../../testing/run-words.js';

/** A deterministic 32-bit PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Compiled rows for the given specs (looked up in the decode table by name). */
export function compiledRows(specs: readonly InsnRowSpec[]): InsnRow[] {
  return specs.map((s) => {
    const row = ROW_BY_NAME.get(s.name);
    if (!row) throw new Error(`row ${s.name} is not in the decode table`);
    return row;
  });
}

/** Up to `count` random words that decode as `row` (fields uniform, `when` respected). */
export function randomWords(row: InsnRow, count: number, rand: () => number): number[] {
  const out: number[] = [];
  for (let tries = 0; out.length < count && tries < count * 50; tries++) {
    const word = ((rand() & ~row.mask) | row.match) >>> 0;
    if (row.when && !row.when(extractFields(row, word))) continue;
    out.push(word);
  }
  return out;
}

/** A machine running `words`, with X registers preset and the data pages filled from `data`. */
export function setup(words: readonly number[], regs: Readonly<Record<number, bigint>> = {}): Machine {
  const m = machineWith(words);
  for (const [n, v] of Object.entries(regs)) m.cpu.setX(Number(n), v);
  return m;
}

/** Runs to the trailing SVC (or any other stop) and returns the stop. */
export function run(m: Machine): StopReason {
  return m.cpu.run(10_000);
}

export function poke(m: Machine, addr: number, bytes: readonly number[]): void {
  m.space.poke(addr, Uint8Array.from(bytes));
}

export function peek(m: Machine, addr: number, len: number): number[] {
  return [...m.space.peek(addr, len)];
}

/** Little-endian bytes of a 64-bit value, `len` bytes long. */
export function le(value: bigint, len: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  for (let i = 0; i < len; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

/** Reads memory as a little-endian unsigned value of `len` bytes (len ≤ 8). */
export function peekValue(m: Machine, addr: number, len: number): bigint {
  const b = peek(m, addr, len);
  let v = 0n;
  for (let i = len - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

/** Vn as a 128-bit unsigned value. */
export function getV(cpu: Cpu, n: number): bigint {
  const b = cpu.getV(n);
  let v = 0n;
  for (let i = 15; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

export function setV(cpu: Cpu, n: number, value: bigint): void {
  const bytes = new Uint8Array(16);
  let v = BigInt.asUintN(128, value);
  for (let i = 0; i < 16; i++) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  cpu.setV(n, bytes);
}

/** Makes the data page holding `addr` read-only. */
export function readOnly(m: Machine, addr: number): void {
  m.space.protectPage(Math.floor(addr / 4096), PROT_R);
}

/** Address of the i-th instruction of the sequence. */
export const insnAddr = (i: number): number => CODE_BASE + 4 * i;

/** A data address in the middle of the mapped data pages. */
export const MID = DATA_BASE + 0x4000;

/** First unmapped address after the data pages. */
export const DATA_END = DATA_BASE + DATA_PAGES * 4096;

/** Runs `words` with registers preset and optional memory preparation; returns machine and stop. */
export function exec(
  words: readonly number[],
  regs: Readonly<Record<number, bigint>> = {},
  prep?: (m: Machine) => void,
): { readonly m: Machine; readonly stop: StopReason } {
  const m = setup(words, regs);
  prep?.(m);
  return { m, stop: run(m) };
}

/** Bit pattern of a register file snapshot, to check that a faulting instruction changed nothing. */
export function snapshot(cpu: Cpu): string {
  return `${[...cpu.x].join(',')}|${[...cpu.vb].join(',')}`;
}
