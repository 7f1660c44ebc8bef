// Shared case plumbing for the libuv area (whose cases are derivedCase(AREA, ...)): scheduling
// variants and clause lists.

import type { BootSpec } from '../../model.js';

export const AREA = 'libuv';

/** A scheduling variant: default round robin, a small quantum, or a controlled schedule. */
export interface Sched {
  readonly tag: string;
  readonly boot: BootSpec;
  readonly text: string;
}

export const RR: Sched = { tag: 'rr', boot: {}, text: 'default scheduling' };

export function quantum(n: number): Sched {
  return { tag: `q${n}`, boot: { quantum: n }, text: `a ${n}-instruction quantum` };
}

/** A deterministic pseudo-random schedule (xorshift32 from `seed`) with quantum `q`. */
export function controlled(seed: number, q: number, length = 192): Sched {
  let x = (seed * 0x9e37_79b9) >>> 0 || 1;
  const schedule: number[] = [];
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    schedule.push(x % 8);
  }
  return { tag: `s${seed}q${q}`, boot: { quantum: q, schedule }, text: `controlled schedule ${seed} with a ${q}-instruction quantum` };
}

/** Sorted, de-duplicated clause list. */
export function clauses(...lists: (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort();
}
