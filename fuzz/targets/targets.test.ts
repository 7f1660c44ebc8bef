import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFinding } from '../finding.js';
import { BYTE_TARGETS } from './index.js';

/** Undocumented errors already recorded as open findings, by target: their message, or their `match` pattern. */
function knownCrashes(): Map<string, ((error: string) => boolean)[]> {
  const dir = join('corpora', 'findings');
  const out = new Map<string, ((error: string) => boolean)[]>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const c = readFinding(join(dir, f));
    if (c.engine !== 'jsfuzz' || c.expect !== 'reproduces') continue;
    const message = c.summary.replace(/^[^:]+: undocumented /, '');
    const pattern = c.match !== undefined ? new RegExp(c.match) : null;
    out.set(c.target, [...(out.get(c.target) ?? []), (e) => e === message || (pattern !== null && pattern.test(e))]);
  }
  return out;
}

const describeError = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).split('\n')[0]!;

describe('byte targets', () => {
  const known = knownCrashes();
  for (const t of BYTE_TARGETS) {
    it(`${t.name} (${t.parser}) throws nothing but ${t.documentedError} on 2,500 inputs`, () => {
      expect(t.seeds().length).toBeGreaterThan(0);
      for (const s of t.seeds()) t.fuzz(Buffer.from(s));
      const open = known.get(t.name) ?? [];
      const arb = fc.oneof(fc.uint8Array({ maxLength: 2048 }), ...(t.structured ? [t.structured(), t.structured()] : []));
      fc.assert(fc.property(arb, (b) => {
        try {
          t.fuzz(Buffer.from(b));
        } catch (err) {
          if (t.documented(err) || open.some((isKnown) => isKnown(describeError(err)))) return;
          throw err;
        }
      }), { seed: 20_260_101, numRuns: 2500 });
    });
  }
});
