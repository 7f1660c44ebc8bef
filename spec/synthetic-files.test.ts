import { describe, expect, it } from 'vitest';
import { CLAUSES } from './clauses/index.js';
import { NETFS_FILES, PROCFS_FILES } from './synthetic-files.js';

describe('synthetic file formats', () => {
  for (const file of [...PROCFS_FILES, ...NETFS_FILES]) {
    it(`${file.path}: example matches, clause exists`, () => {
      expect(file.pattern.test(file.example)).toBe(true);
      expect(CLAUSES.has(file.clause)).toBe(true);
      expect(file.grammar.length).toBeGreaterThan(10);
    });
  }

  it('rejects the ambiguities seed 000 complains about', () => {
    const status = PROCFS_FILES.find((f) => f.path.endsWith('/status'));
    expect(status?.pattern.test('pid:\t7\n')).toBe(false);
    expect(status?.pattern.test('pid=7\nppid=1\nstate=running\nprincipal=2\nname=sh\ncpu_ticks=1\nstart_tick=2\nres_bytes=3')).toBe(false);
  });
});
