import { describe, expect, it } from 'vitest';
import { CLAUSES } from './clauses/index.js';
import { undefinedRules } from './ebnf.js';
import { PROCFS_FILES } from './procfs.js';
import { NETFS_CTL_GRAMMAR, NETFS_FILES, syntheticAccepts, syntheticGrammarText } from './synthetic-files.js';
import { accepts } from './ebnf.js';

describe('synthetic file formats', () => {
  for (const file of [...PROCFS_FILES, ...NETFS_FILES]) {
    it(`${file.path}: well formed, example parses, clause exists`, () => {
      expect(undefinedRules(file.grammar)).toEqual([]);
      expect(syntheticAccepts(file, file.example)).toBe(true);
      expect(CLAUSES.has(file.clause)).toBe(true);
      expect(syntheticGrammarText(file).length).toBeGreaterThan(10);
    });
  }

  it('rejects the ambiguities seed 000 complains about', () => {
    const status = PROCFS_FILES.find((f) => f.path.endsWith('/status'))!;
    expect(syntheticAccepts(status, 'pid:\t7\n')).toBe(false);
    expect(syntheticAccepts(status, 'pid=7\nppid=1\nstate=running\nprincipal=2\nname=sh\ncpu_ticks=1\nstart_tick=2\nres_bytes=3')).toBe(false);
  });

  it('NETFS.CTL: one command per write, addresses of 1..15 bytes without spaces', () => {
    for (const good of ['bind echo\n', 'listen 0\n', 'listen 128\n', 'connect a23456789012345\n']) expect(accepts(NETFS_CTL_GRAMMAR, good), good).toBe(true);
    for (const bad of ['bind echo', 'bind \n', 'bind a b\n', 'listen 08\n', 'listen -1\n', 'connect a234567890123456\n', 'bind x\nbind y\n', 'shutdown\n']) {
      expect(accepts(NETFS_CTL_GRAMMAR, bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
