import { describe, expect, it } from 'vitest';
import { SYSCALLS } from '../../../spec/index.js';
import { bootIdentities } from './lib.js';
import { systemGenerator } from './index.js';

describe('system area generator', () => {
  const cases = systemGenerator.cases();

  it('has at least 500 cases with unique ids', () => {
    expect(cases.length).toBeGreaterThanOrEqual(500);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('every assertion names only clauses its case lists', () => {
    const missing: string[] = [];
    for (const c of cases) {
      const built = c.build();
      for (const a of built.assertions) for (const cl of a.clauses) if (!c.clauses.includes(cl)) missing.push(`${c.id}: ${cl}`);
    }
    expect(missing.slice(0, 20)).toEqual([]);
  });

  it('checks every capability-gated row that reports an errno under every boot identity', () => {
    const ids = new Set(cases.map((c) => c.id));
    // A row whose failure is a sentinel value (resolve) has no errno to gate on: the net area checks it.
    const errnoGated = SYSCALLS.filter((r) => r.capability !== undefined && !(r.ret.kind === 'value' && r.ret.failure.kind === 'sentinel'));
    expect(errnoGated.length).toBeGreaterThan(20);
    for (const row of errnoGated) {
      for (const bi of bootIdentities()) expect(ids.has(`system/cap-gate/${row.name}/${bi.tag}`), `${row.name} ${bi.tag}`).toBe(true);
    }
  });

  it('the 24 boot identities are the seeded principals and single-bit toggles of them', () => {
    const list = bootIdentities();
    expect(list).toHaveLength(24);
    for (const bi of list.slice(3)) {
      const base = list.find((b) => b.tag === bi.tag.split('-')[0])!;
      const diff = base.identity.caps ^ bi.identity.caps;
      expect(diff & (diff - 1)).toBe(0);
      expect(diff).not.toBe(0);
    }
  });
});
