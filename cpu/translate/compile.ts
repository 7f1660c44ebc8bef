import type { AddressSpace } from '../memory/address-space.js';
import { MEMORY_FAULT } from '../memory/address-space.js';
import { decode } from '../isa/table.js';
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

/**
 * Translates the instructions at `pc` into one JavaScript function. A block ends at a control
 * transfer, a stop (svc/brk/udf), an unimplemented encoding, a page boundary, or MAX_BLOCK.
 * Throws MEMORY_FAULT (recorded on `space`) when `pc` itself cannot be fetched.
 */
export function translateBlock(space: AddressSpace, pc: number, maxLen = MAX_BLOCK): Block {
  const e = new Emitter(pc);
  let count = 0;
  let addr = pc;
  for (;;) {
    const word = space.fetch(addr);
    const d = decode(word);
    e.pc = addr;
    e.index = count;
    if (d === null) {
      e.line(`k = ${count};`);
      if (count === 0) {
        e.line(`c.stopKind = 'undefined'; c.stopImm = ${word}; c.pc = ${addr}; return n;`);
      } else {
        e.line(`c.pc = ${addr}; return n + ${count};`);
      }
      break;
    }
    e.line(`k = ${count}; // ${d.row.name}`);
    d.row.emit(d.fields, e);
    count++;
    if (e.ended) break;
    addr += 4;
    if (count >= maxLen || addr % 4096 === 0 || !canFetch(space, addr)) {
      e.line(`c.pc = ${addr}; return n + ${count};`);
      break;
    }
  }
  return { pc, len: Math.max(count, 1), fn: compile(pc, e), valid: true, succPc0: -1, succ0: undefined, succPc1: -1, succ1: undefined };
}

function canFetch(space: AddressSpace, addr: number): boolean {
  try {
    space.fetch(addr);
    return true;
  } catch (err) {
    if (err === MEMORY_FAULT) return false;
    throw err;
  }
}

function compile(pc: number, e: Emitter): BlockFn {
  const helpers = [...e.helpers];
  for (const h of helpers) {
    if (!(h in runtimeTable)) throw new Error(`translated code uses unknown runtime helper ${h}`);
  }
  const src = `"use strict";
const { ${helpers.join(', ')} } = rt;
return function blk_${pc.toString(16)}(c, lim) {
const x = c.x, m = c.space, vb = c.vb, vh = c.vh, vi = c.vi, vf = c.vf, vd = c.vd;
let n = 0, k = 0;
try {
for (;;) {
${e.source}
}
} catch (err) { return c.blockFault(err, ${pc}, k, n); }
};`;
  try {
    return new Function('rt', src)(runtimeTable) as BlockFn;
  } catch (err) {
    throw new Error(`translation of block at ${pc.toString(16)} produced invalid JavaScript: ${String(err)}\n${src}`);
  }
}
