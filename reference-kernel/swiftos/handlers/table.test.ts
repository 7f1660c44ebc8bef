import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLAUSES, SYSCALLS, syscallByName } from '../../../spec/index.js';
import { HANDLERS } from './index.js';

const kernelDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('kernel handlers against the spec table', () => {
  it('every handler has a spec row, and that row is marked implemented', () => {
    for (const name of Object.keys(HANDLERS)) {
      const row = syscallByName(name);
      expect(row, `handler ${name} has a row`).toBeDefined();
      expect(row!.support, `row ${name}`).toBe('implemented');
    }
  });

  it('every row marked implemented has a handler; the others are not-implemented and have none', () => {
    for (const row of SYSCALLS) {
      expect(HANDLERS[row.name] !== undefined, `row ${row.name} (${row.support})`).toBe(row.support === 'implemented');
    }
  });

  it('every clause the kernel names exists in spec/', () => {
    const named = new Set<string>();
    for (const file of sources(kernelDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:fail\('E[A-Z0-9]+', |ok\([^,()]+, )'([A-Z][A-Z0-9.]+)'\)/g)) named.add(m[1]!);
    }
    expect(named.size).toBeGreaterThan(3);
    const unknown = [...named].filter((id) => !CLAUSES.has(id));
    expect(unknown).toEqual([]);
  });
});
