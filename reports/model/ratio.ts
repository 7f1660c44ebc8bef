import type { Ratio } from './types.js';

/** 100 × part / whole rounded to 0.1 (100 when whole is 0: nothing to cover is all covered). */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((1000 * part) / whole) / 10;
}

export function ratio(covered: number, total: number): Ratio {
  return { total, covered, pct: percent(covered, total) };
}
