import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLAUSES } from '../../../spec/index.js';
import { PROPOSED_CLAUSES } from './clauses.js';

const here = dirname(fileURLToPath(import.meta.url));
const known = new Set(CLAUSES.keys());
const proposed = new Set(PROPOSED_CLAUSES.map((c) => c.id));

/** Clause ids quoted in source files, or (`anywhere`) mentioned anywhere, e.g. in test names. */
function namedClauses(files: readonly string[], anywhere = false): Set<string> {
  const out = new Set<string>();
  const re = anywhere ? /\b((?:FS|FD|ABI|SEC)\.[A-Z0-9]+(?:\.[A-Z0-9]+)*)/g : /'((?:FS|FD|ABI|SEC)\.[A-Z0-9.]+)'/g;
  for (const f of files) {
    const src = readFileSync(`${here}/${f}`, 'utf8');
    for (const m of src.matchAll(re)) out.add(m[1]!);
  }
  return out;
}

describe('clause ids', () => {
  const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.testkit.ts') && f !== 'clauses.ts');
  const used = namedClauses(sources);

  it('every clause the module names exists in spec/ or is listed as proposed', () => {
    expect([...used].filter((id) => !known.has(id) && !proposed.has(id))).toEqual([]);
  });
  it('proposed clauses are not yet in spec/ and are all used', () => {
    expect([...proposed].filter((id) => known.has(id))).toEqual([]);
    expect([...proposed].filter((id) => !used.has(id))).toEqual([]);
  });
  it('every clause the module names is named by some test', () => {
    const tests = namedClauses(readdirSync(here).filter((f) => f.endsWith('.test.ts') && f !== 'clauses.test.ts'), true);
    expect([...used].filter((id) => !tests.has(id))).toEqual([]);
  });
});
