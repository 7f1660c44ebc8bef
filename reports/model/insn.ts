// A64 instruction-class coverage: which rows of the cpu/ encoding table the run translated.

import type { InsnRow } from '../../cpu/isa/row.js';
import { ROWS } from '../../cpu/isa/table.js';
import { percent } from './ratio.js';
import type { InsnClassRow, InsnSection } from './types.js';

/** Classes in the order of the cpu/ encoding table. */
export function insnSection(rowTranslations: Readonly<Record<string, number>>, rows: readonly InsnRow[] = ROWS): InsnSection {
  const classes = new Map<string, { rows: number; exercised: number; unexercised: string[] }>();
  for (const r of rows) {
    let c = classes.get(r.cls);
    if (!c) classes.set(r.cls, (c = { rows: 0, exercised: 0, unexercised: [] }));
    c.rows++;
    if ((rowTranslations[r.name] ?? 0) > 0) c.exercised++;
    else c.unexercised.push(r.name);
  }
  const list = [...classes].map(([cls, c]): InsnClassRow => ({ cls, rows: c.rows, exercised: c.exercised, pct: percent(c.exercised, c.rows), unexercised: c.unexercised }));
  const total = list.reduce((n, c) => n + c.rows, 0);
  const exercised = list.reduce((n, c) => n + c.exercised, 0);
  return { rows: total, exercised, pct: percent(exercised, total), classes: list };
}
