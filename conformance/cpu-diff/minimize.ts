import { decode } from '../../cpu/isa/table.js';
import { branchOffset, isRelativeBranch, withBranchOffset } from '../../cpu/testgen/branch.js';
import { SCRATCH_BASE_REGS } from '../../cpu/testgen/conventions.js';
import { cloneState, type MachineState } from '../../cpu/testgen/state.js';
import type { WrapperCase } from './wrapper.js';

/** Runs candidate cases and says, per case, whether it still shows a mismatch. */
export type MismatchCheck = (cases: readonly WrapperCase[]) => Promise<boolean[]>;

export interface MinCase extends WrapperCase {
  readonly words: number[];
  readonly state: MachineState;
}

/**
 * Removes instruction `j`; forward branches over it shrink by one so they still land on the
 * same instruction (or the end of the sequence).
 */
export function dropInstruction(words: readonly number[], j: number): number[] {
  const out: number[] = [];
  words.forEach((word, i) => {
    if (i === j) return;
    const d = decode(word);
    if (i < j && d && isRelativeBranch(d.row)) {
      const offset = branchOffset(d.row, word);
      if (i + offset > j) word = withBranchOffset(d.row, word, offset - 1);
    }
    out.push(word);
  });
  return out;
}

/** Registers that hold addresses or indices by convention: left alone. */
const KEEP_X = new Set([22, 23, 24, 25, 26, 27, ...SCRATCH_BASE_REGS]);

function valueSimplifications(c: MinCase): Array<(s: MachineState) => void> {
  const s = c.state;
  const out: Array<(s: MachineState) => void> = [];
  for (let n = 0; n < 31; n++) {
    if (!KEEP_X.has(n) && s.x[n] !== 0n) out.push((t) => void (t.x[n] = 0n));
  }
  for (let q = 0; q < 32; q++) {
    if (s.v.subarray(16 * q, 16 * q + 16).some((b) => b !== 0)) out.push((t) => void t.v.fill(0, 16 * q, 16 * q + 16));
  }
  if (s.nzcv !== 0) out.push((t) => void (t.nzcv = 0));
  if (s.tpidr !== 0n) out.push((t) => void (t.tpidr = 0n));
  if (s.fpcr !== 0) out.push((t) => void (t.fpcr = 0));
  return out;
}

function withState(c: MinCase, edits: ReadonlyArray<(s: MachineState) => void>): MinCase {
  const state = cloneState(c.state);
  for (const edit of edits) edit(state);
  return { ...c, state };
}

/**
 * Shrinks a mismatching case: drops instructions one at a time while the mismatch persists,
 * then zeroes initial values. Each round checks all candidates in one batch.
 */
export async function minimizeCase<C extends MinCase>(start: C, stillFails: MismatchCheck): Promise<C> {
  let cur: C = start;
  for (;;) {
    const candidates = cur.words.map((_, j) => ({ ...cur, words: dropInstruction(cur.words, j) }));
    if (candidates.length === 0) break;
    const fails = await stillFails(candidates);
    const k = fails.indexOf(true);
    if (k < 0) break;
    cur = candidates[k]!;
  }
  for (;;) {
    const edits = valueSimplifications(cur);
    if (edits.length === 0) break;
    const candidates = edits.map((edit) => withState(cur, [edit]) as C);
    const fails = await stillFails(candidates);
    const good = edits.filter((_, i) => fails[i]);
    if (good.length === 0) break;
    const combined = withState(cur, good) as C;
    if (good.length > 1 && (await stillFails([combined]))[0]) {
      cur = combined;
    } else {
      cur = candidates[fails.indexOf(true)]!;
    }
  }
  return cur;
}
