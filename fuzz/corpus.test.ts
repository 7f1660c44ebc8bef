import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingId, readFinding, replayFinding } from './corpus.js';

const FOLDERS = [join('corpora', 'findings'), join('corpora', 'fuzz')];

describe('fuzz corpus: every finding and seed entry replays as its file expects', () => {
  for (const dir of FOLDERS) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    it(`${dir} has entries`, () => {
      expect(files.length).toBeGreaterThan(0);
    });
    for (const file of files) {
      it(`${dir}/${file}`, () => {
        const f = readFinding(join(dir, file));
        expect(`${findingId(f)}.json`, 'the file is named after its content').toBe(file);
        const r = replayFinding(f);
        expect(r.ok, `${f.expect}, but: ${r.summary}\n${r.lines.join('\n')}`).toBe(true);
        if (f.expect === 'reproduces' && f.engine !== 'jsfuzz') expect(r.summary).toBe(f.summary);
      });
    }
  }
});
