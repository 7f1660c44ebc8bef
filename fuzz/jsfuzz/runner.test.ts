import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsfuzzCli, runJsfuzz } from './runner.js';

// Relative to the working directory on purpose (under the gitignored state folder).
const dir = join('.touchstone', `test-jsfuzz-runner-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(jsfuzzCli() === null)('runJsfuzz', () => {
  // jsfuzz runs in a scratch directory; a corpus path relative to ours once named a missing folder
  // there, and jsfuzz exited at once with no executions (a campaign's jsfuzz share ended in 3 s).
  it('fuzzes for its time with a corpus path relative to the working directory', async () => {
    const r = await runJsfuzz('tap', 6, join(dir, 'tap'));
    expect(r.crash, r.tail.join('\n')).toBeNull();
    expect(r.stats.execs, r.tail.join('\n')).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'tap')).length).toBeGreaterThan(0);
  }, 30_000);
});
