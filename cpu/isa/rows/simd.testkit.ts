import { execFileSync } from 'node:child_process';
import type { StopReason } from '../../cpu.js';
import { encodeFields, type InsnRow, type InsnRowSpec } from '../row.js';
import { decode, rowByName } from '../table.js';
import { CODE_BASE, machineWith, type Machine } from '../../testing/run-words.js';

/** Encodes one instruction from its row name and fields. */
export function enc(row: string, fields: Readonly<Record<string, number>>): number {
  return encodeFields(rowByName(row), fields);
}

/** A deterministic 32-bit generator (xorshift32) for test inputs. */
export function rng(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

/**
 * One machine reused for many short programs: `exec` places `words` and an SVC at CODE_BASE,
 * presets V and X registers, and runs to the first stop.
 */
export class SimdRig {
  readonly machine: Machine = machineWith(new Array<number>(1000).fill(0));

  get cpu(): Machine['cpu'] {
    return this.machine.cpu;
  }

  exec(
    words: readonly number[],
    v: ReadonlyMap<number, Uint8Array> | Readonly<Record<number, Uint8Array>> = {},
    x: Readonly<Record<number, bigint>> = {},
  ): StopReason {
    const { cpu, space } = this.machine;
    const code = [...words, enc('SVC', { imm16: 0 })];
    space.poke(CODE_BASE, new Uint8Array(new Uint32Array(code).buffer));
    const entries = v instanceof Map ? [...v.entries()] : Object.entries(v).map(([k, b]) => [Number(k), b] as const);
    for (const [n, bytes] of entries) cpu.setV(n, bytes);
    for (const [n, value] of Object.entries(x)) cpu.setX(Number(n), value);
    cpu.pc = CODE_BASE;
    return cpu.run(10_000);
  }
}

/** Random words that decode to `row` (fields uniform over their widths). */
export function randomWordsFor(row: InsnRow, count: number, next: () => number): number[] {
  const out: number[] = [];
  for (let tries = 0; out.length < count && tries < count * 200; tries++) {
    const values: Record<string, number> = {};
    for (const s of row.fields) values[s.name] = s.width >= 32 ? next() : next() % 2 ** s.width;
    const word = encodeFields(row, values);
    if (decode(word)?.row === row) out.push(word);
  }
  return out;
}

/** The compiled rows of a list of row specs (one of the rows files). */
export function compiledRows(specs: readonly InsnRowSpec[]): InsnRow[] {
  return specs.map((s) => rowByName(s.name));
}

/** Whether qemu-aarch64-static and the cross assembler are installed. */
export function hasQemu(): boolean {
  try {
    execFileSync('qemu-aarch64-static', ['--version'], { stdio: 'ignore' });
    execFileSync('aarch64-linux-gnu-gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

