import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEED_FILES } from '../types.js';
import { CLAUSE_LIST, CLAUSES, DECISIONS } from './index.js';

/** Decisions the issue requires the spec to record. */
const REQUIRED_DECISIONS: readonly string[] = [
  'PROC.ENTRY.REGS', 'PROC.ENTRY.STACK', 'PROC.ENTRY.AUXV',
  'SIG.NUMBERS', 'SIG.FRAME.LAYOUT', 'SIG.FRAME.ENTRY', 'SIG.RETURN.RESTORE',
  'PROC.WAIT.STATUS', 'THR.EXIT.MAIN', 'EVT.FLAGS', 'FD.FCNTL.RIGHTS',
  'FD.RIGHTS.MISSING', 'SEC.CAP.ERRNO', 'FS.BASE.ERRNO', 'ABI.FAULT', 'EXT.NUMBERING',
];

const SEEDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'seeds');

describe('clauses', () => {
  it('have unique, well-formed ids', () => {
    expect(CLAUSES.size).toBe(CLAUSE_LIST.length);
    for (const c of CLAUSE_LIST) expect(c.id).toMatch(/^[A-Z][A-Z0-9]*(\.[A-Z0-9]+)+$/);
  });

  it('say something', () => {
    for (const c of CLAUSE_LIST) expect(c.text.length, c.id).toBeGreaterThan(15);
  });

  it('give every decision a source and a rationale', () => {
    for (const c of DECISIONS) {
      expect(c.decision?.rationale.length ?? 0, c.id).toBeGreaterThan(3);
      if (c.source.kind === 'seed') expect(['000', '001', '002', '003'], c.id).toContain(c.source.seed);
    }
  });

  it('cite seed 002 only for documented behaviour, except as the basis of a decision', () => {
    for (const c of CLAUSE_LIST) {
      if (c.decision === undefined) expect(c.source, c.id).toMatchObject({ kind: 'seed', seed: '002' });
    }
  });

  it('record the decisions the issue requires', () => {
    for (const id of REQUIRED_DECISIONS) expect(CLAUSES.get(id)?.decision, id).toBeDefined();
  });

  it.skipIf(!existsSync(SEEDS_DIR))('cite section headings that exist in the seeds', () => {
    const seedLines = new Map(Object.entries(SEED_FILES).map(([id, file]) => [
      id,
      new Set(readFileSync(join(SEEDS_DIR, file), 'utf8').split('\n').map((l) => l.trim())),
    ]));
    const missing: string[] = [];
    for (const c of CLAUSE_LIST) {
      if (c.source.kind !== 'seed') continue;
      const lines = seedLines.get(c.source.seed);
      const section = c.source.section;
      if (![...(lines ?? [])].some((l) => l === section || l.startsWith(section))) missing.push(`${c.id}: "${section}" (seed ${c.source.seed})`);
    }
    expect(missing).toEqual([]);
  });
});

describe('spec/README.md', () => {
  it('lists every decision', () => {
    const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');
    const missing = DECISIONS.filter((c) => !readme.includes(`\`${c.id}\``)).map((c) => c.id);
    expect(missing).toEqual([]);
  });
});
