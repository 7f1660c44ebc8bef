import type { CaseDef } from '../model.js';

/** `--shard i/n`: the i-th of n disjoint parts of the selection (1-based). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface Selection {
  /** Areas to keep (any of them); empty or absent keeps every area. */
  readonly area?: string | readonly string[];
  /** Keeps cases whose id or one of whose clauses matches. */
  readonly grep?: string | RegExp;
  readonly shard?: Shard;
}

/** Parses `i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && index >= 1 && index <= count)) throw new Error(`--shard takes i/n with 1 <= i <= n, got '${text}'`);
  return { index, count };
}

function toRegExp(grep: string | RegExp): RegExp {
  if (grep instanceof RegExp) return grep;
  try {
    return new RegExp(grep);
  } catch (err) {
    throw new Error(`--grep: ${(err as Error).message}`);
  }
}

/**
 * Indices (into `cases`) of the selected cases, ascending. Area and grep filter first; the shard
 * then takes every selected case whose position in the filtered list is ≡ i-1 (mod n), so the n
 * shards of one selection are disjoint, cover it, and differ in size by at most one.
 */
export function selectCases(cases: readonly CaseDef[], sel: Selection = {}): number[] {
  const areas = sel.area === undefined ? [] : typeof sel.area === 'string' ? sel.area.split(',').map((s) => s.trim()).filter(Boolean) : sel.area;
  const re = sel.grep === undefined ? null : toRegExp(sel.grep);
  const out: number[] = [];
  cases.forEach((c, i) => {
    if (areas.length > 0 && !areas.includes(c.area)) return;
    if (re && !re.test(c.id) && !c.clauses.some((cl) => re.test(cl))) return;
    out.push(i);
  });
  const shard = sel.shard;
  if (!shard) return out;
  if (!(shard.count >= 1 && shard.index >= 1 && shard.index <= shard.count)) throw new Error(`bad shard ${shard.index}/${shard.count}`);
  return out.filter((_, k) => k % shard.count === shard.index - 1);
}
