// Mutation: a nearby choice of the same type (syzkaller's mutateArg). Either a fresh draw from the
// type's arbitrary, or a small change to one number of the choice (a pick, an edge index, a mask
// bit, a big value ±1). Minimization is fast-check's shrinking of the same arbitraries.

import fc from 'fast-check';
import type { ArgType, SyscallRow } from '../../spec/index.js';
import type { ArgChoice, CallChoice } from './choice.js';
import { argArb } from './generate.js';

/** A small seeded generator (xorshift32), so a mutation is a pure function of its seed. */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e37_79b9;
  }

  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }

  /** 0 ≤ n < bound. */
  int(bound: number): number {
    return bound <= 1 ? 0 : this.next() % bound;
  }
}

type Json = string | number | boolean | null | readonly Json[] | { readonly [k: string]: Json };

function tweakNumber(n: number, rnd: Rng): number {
  switch (rnd.int(4)) {
    case 0: return n + 1;
    case 1: return Math.max(0, n - 1);
    case 2: return n ^ (1 << rnd.int(8));
    default: return rnd.int(64);
  }
}

function tweakBig(s: string, rnd: Rng): string {
  let v: bigint;
  try {
    v = BigInt(s);
  } catch {
    return s;
  }
  const d = [1n, -1n, 1n << BigInt(rnd.int(64)), -(1n << 32n)][rnd.int(4)]!;
  return String(v + d);
}

/** Changes one number (or numeric string) somewhere inside `v`; keys named `k`, `t` and `w` (tags) stay. */
function tweak(v: Json, rnd: Rng): Json {
  if (typeof v === 'number') return tweakNumber(v, rnd);
  if (typeof v === 'string') return /^-?\d+$/.test(v) ? tweakBig(v, rnd) : v;
  if (v === null || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    if (v.length === 0) return v;
    const i = rnd.int(v.length);
    return v.map((x, j) => (j === i ? tweak(x, rnd) : x));
  }
  const obj = v as { readonly [k: string]: Json };
  const keys = Object.keys(obj).filter((k) => k !== 'k' && k !== 't' && k !== 'w');
  if (keys.length === 0) return obj;
  const key = keys[rnd.int(keys.length)]!;
  return { ...obj, [key]: tweak(obj[key]!, rnd) };
}

/** A fresh choice for `t` drawn with the seed `seed`. */
export function drawArg(t: ArgType, seed: number): ArgChoice {
  return fc.sample(argArb(t), { seed, numRuns: 1 })[0]!;
}

/** A nearby choice for an argument of type `t`. */
export function mutateArg(t: ArgType, c: ArgChoice, rnd: Rng): ArgChoice {
  if (rnd.int(4) === 0) return drawArg(t, rnd.next());
  return tweak(c as unknown as Json, rnd) as unknown as ArgChoice;
}

/** A call with one of its arguments mutated (a call with no arguments, or to no row, is kept). */
export function mutateCall(row: SyscallRow | undefined, call: CallChoice, rnd: Rng): CallChoice {
  if (row === undefined || !('row' in call) || call.args.length === 0) return call;
  const i = rnd.int(call.args.length);
  return { row: call.row, args: call.args.map((a, j) => (j === i ? mutateArg(row.args[j]!.type, a, rnd) : a)) };
}
