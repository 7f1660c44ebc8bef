// Controlled schedules (BootSpec.schedule): at the k-th scheduling point with more than one
// runnable thread the kernel runs runnable[schedule[k] % count]; past the end, index 0.

import { Prng } from '../../../cpu/testgen/prng.js';

export interface Schedule {
  /** Names the schedule in case ids: `p0110` (a prefix of choices) or `r<seed>-<i>` (seeded). */
  readonly name: string;
  readonly choices: readonly number[];
}

/** Every 0/1 choice sequence over the first `k` scheduling points (2^k schedules). */
export function prefixSchedules(k: number): Schedule[] {
  return Array.from({ length: 2 ** k }, (_, v) => {
    const choices = Array.from({ length: k }, (_, i) => (v >> (k - 1 - i)) & 1);
    return { name: `p${choices.join('')}`, choices };
  });
}

/** `count` pseudo-random schedules of `length` choices in 0..width-1, from `seed` (deterministic). */
export function randomSchedules(seed: number, count: number, length: number, width: number): Schedule[] {
  return Array.from({ length: count }, (_, i) => {
    const rng = new Prng(seed, i);
    return { name: `r${seed}-${i}`, choices: Array.from({ length }, () => rng.below(width)) };
  });
}
