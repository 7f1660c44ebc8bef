// One process of a coverage run (NODE_V8_COVERAGE is set by the parent): runs a shard of the
// suite in process on the reference kernel, counting the encoding-table rows the emulator
// translates, and writes the counts and statuses to the file named in its argument.

import { writeFileSync } from 'node:fs';
import { observeTranslatedRows } from '../../cpu/translate/compile.js';
import { runSuite } from '../../conformance/runner/index.js';
import { referenceTarget } from '../../conformance/targets/index.js';

/** What the parent passes (JSON in argv[2]). */
export interface ChildTask {
  readonly shard: { readonly index: number; readonly count: number };
  readonly area?: string;
  readonly grep?: string;
  readonly outFile: string;
}

/** What the child writes. */
export interface ChildResult {
  readonly cases: number;
  readonly notPassed: number;
  readonly rowTranslations: Readonly<Record<string, number>>;
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as ChildTask;
  const counts: Record<string, number> = {};
  observeTranslatedRows((row) => {
    counts[row.name] = (counts[row.name] ?? 0) + 1;
  });
  const run = await runSuite({
    target: referenceTarget,
    jobs: 1,
    shard: task.shard,
    ...(task.area !== undefined ? { area: task.area } : {}),
    ...(task.grep !== undefined ? { grep: task.grep } : {}),
  });
  observeTranslatedRows(null);
  const result: ChildResult = { cases: run.results.length, notPassed: run.results.filter((r) => r.status !== 'pass').length, rowTranslations: counts };
  writeFileSync(task.outFile, JSON.stringify(result));
}

main().catch((err: unknown) => {
  process.stderr.write(`coverage child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
