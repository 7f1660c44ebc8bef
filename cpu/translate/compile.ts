import type { AddressSpace } from '../memory/address-space.js';
import { MEMORY_FAULT } from '../memory/address-space.js';
import { decode } from '../isa/table.js';
import type { InsnRow } from '../isa/row.js';
import { Emitter } from './emitter.js';
import * as runtime from '../runtime/index.js';

/** Signature of a translated block: runs at most `lim` instructions, returns how many retired. */
export type BlockFn = (c: unknown, lim: number) => number;

export interface Block {
  readonly pc: number;
  readonly len: number;
  readonly fn: BlockFn;
  valid: boolean;
  succPc0: number;
  succ0: Block | undefined;
  succPc1: number;
  succ1: Block | undefined;
}

/** Longest block, in instructions. */
export const MAX_BLOCK = 64;

const runtimeTable = runtime as unknown as Record<string, unknown>;

let rowObserver: ((row: InsnRow) => void) | null = null;

/**
 * Opt-in: calls `observer` with the row of every instruction translated into a block (null
 * stops). Instruction-class coverage reads it; translated code is unchanged, so running costs
 * nothing, and translating one null check per instruction.
 */
export function observeTranslatedRows(observer: ((row: InsnRow) => void) | null): void {
  rowObserver = observer;
}

/** The instructions of the block at `pc`: their words, and how many decode (the rest: one undefined word). */
interface Scan {
  readonly words: number[];
  readonly count: number;
}

/**
 * Finds where the block at `pc` ends: at a control transfer or stop (the row's `flow`), an
 * undefined encoding, a page boundary, or `maxLen` instructions. Throws MEMORY_FAULT (recorded
 * on `space`) when `pc` itself cannot be fetched.
 */
function scanBlock(space: AddressSpace, pc: number, maxLen: number): Scan {
  const words: number[] = [];
  let addr = pc;
  for (;;) {
    const word = space.fetch(addr);
    words.push(word);
    const d = decode(word);
    if (d === null) return { words, count: words.length - 1 };
    if (rowObserver !== null) rowObserver(d.row);
    if (d.row.flow === 'branch' || d.row.flow === 'stop') break;
    addr += 4;
    if (words.length >= maxLen || addr % 4096 === 0 || !canFetch(space, addr)) break;
  }
  return { words, count: words.length };
}

/**
 * Translates the instructions at `pc` into one JavaScript function. A block ends at a control
 * transfer, a stop (svc/brk/udf), an unimplemented encoding, a page boundary, or MAX_BLOCK.
 * Throws MEMORY_FAULT (recorded on `space`) when `pc` itself cannot be fetched.
 */
export function translateBlock(space: AddressSpace, pc: number, maxLen = MAX_BLOCK): Block {
  const scan = scanBlock(space, pc, maxLen);
  let known = BLOCKS.get(pc);
  if (known === undefined) {
    if (BLOCKS.size >= BLOCKS_MAX) BLOCKS.clear();
    known = [];
    BLOCKS.set(pc, known);
  }
  let fn = known.find((b) => sameWords(b.words, scan.words))?.fn;
  if (fn === undefined) {
    fn = emitBlock(pc, scan);
    known.push({ words: scan.words, fn });
  }
  return { pc, len: Math.max(scan.count, 1), fn, valid: true, succPc0: -1, succ0: undefined, succPc1: -1, succ1: undefined };
}

function emitBlock(pc: number, scan: Scan): BlockFn {
  const e = new Emitter(pc);
  const { words, count } = scan;
  for (let i = 0; i < words.length; i++) {
    const addr = pc + 4 * i;
    e.pc = addr;
    e.index = i;
    if (i === count) {
      e.line(`k = ${count};`);
      if (count === 0) e.line(`c.stopKind = 'undefined'; c.stopImm = ${words[i]!}; c.pc = ${e.pcExpr(addr)}; return n;`);
      else e.line(`c.pc = ${e.pcExpr(addr)}; return n + ${count};`);
      break;
    }
    const d = decode(words[i]!)!;
    e.line(`k = ${i}; // ${d.row.name}`);
    d.row.emit(d.fields, e);
    const ends = d.row.flow === 'branch' || d.row.flow === 'stop';
    if (e.ended !== ends) throw new Error(`row ${d.row.name}: flow '${d.row.flow ?? 'next'}' disagrees with its emitted code`);
    if (i === words.length - 1 && !ends) e.line(`c.pc = ${e.pcExpr(addr + 4)}; return n + ${count};`);
  }
  const src = blockSource(e);
  let factory = COMPILED.get(src);
  if (factory === undefined) {
    factory = compile(src, pc);
    if (COMPILED.size >= COMPILED_MAX) COMPILED.clear();
    COMPILED.set(src, factory);
  }
  return factory(runtimeTable, e.constants);
}

/**
 * Translated blocks shared by every address space of the process, keyed by address and
 * instruction words, which determine the block exactly. Block functions hold no state, so one
 * serves every address space that has the same code at the same place (conformance programs
 * share their start-up and assertion code); only the Block around it is per address space.
 */
const BLOCKS = new Map<number, { readonly words: readonly number[]; readonly fn: BlockFn }[]>();
const BLOCKS_MAX = 50000;

function sameWords(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Makes a block's function from the runtime helpers and the block's constants K. */
type BlockFactory = (rt: Record<string, unknown>, K: readonly number[]) => BlockFn;

/**
 * Compiled blocks shared by every address space of the process, keyed by source. Immediates
 * and addresses are read from the block's constant vector K (Emitter.k), so the source holds only
 * the block's shape: the same instructions with other constants, loaded anywhere, share one
 * compiled function. Conformance programs repeat their assertion, printing and syscall sequences
 * thousands of times with different values; sharing skips V8's parse and compile for them. The
 * functions hold no state. Bounded: cleared when full.
 */
const COMPILED = new Map<string, BlockFactory>();
const COMPILED_MAX = 20000;

function canFetch(space: AddressSpace, addr: number): boolean {
  try {
    space.fetch(addr);
    return true;
  } catch (err) {
    if (err === MEMORY_FAULT) return false;
    throw err;
  }
}

function blockSource(e: Emitter): string {
  const helpers = [...e.helpers];
  for (const h of helpers) {
    if (!(h in runtimeTable)) throw new Error(`translated code uses unknown runtime helper ${h}`);
  }
  return `"use strict";
const { ${helpers.join(', ')} } = rt;
return function blk(c, lim) {
const x = c.x, m = c.space, vb = c.vb, vh = c.vh, vi = c.vi, vf = c.vf, vd = c.vd;
let n = 0, k = 0;
try {
for (;;) {
${e.source}
}
} catch (err) { return c.blockFault(err, ${e.pcExpr(e.blockStart)}, k, n); }
};`;
}

function compile(src: string, pc: number): BlockFactory {
  try {
    return new Function('rt', 'K', src) as BlockFactory;
  } catch (err) {
    throw new Error(`translation of block at ${pc.toString(16)} produced invalid JavaScript: ${String(err)}\n${src}`);
  }
}
