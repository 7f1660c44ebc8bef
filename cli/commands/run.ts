import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../command.js';
import { parseOptions, positiveInt, UsageError, withUsage } from '../options.js';
import { ProgressBar, progressEnabled } from '../progress.js';
import type { Expectations } from '../../conformance/evaluate.js';
import { allCases } from '../../conformance/registry.js';
import { loadExpectations, parseShard, runSuite, selectCases } from '../../conformance/runner/index.js';
import { TARGETS, targetByName } from '../../conformance/targets/index.js';
import {
  environmentOf, formatJson, formatJunit, formatTap, REPORTERS, resultsDocument, type ReporterName,
} from '../../reports/conformance/index.js';
import { saveLatestResults } from '../../reports/latest.js';

const USAGE =
  'run [--area A[,B]] [--grep RE] [--target reference] [--jobs N] [--shard i/n]\n' +
  '         [--reporter pretty|tap|junit|json] [--out DIR] [--expectations FILE] [--timeout SECONDS]';

const OPTIONS = {
  area: { type: 'string' },
  grep: { type: 'string' },
  target: { type: 'string', default: 'reference' },
  jobs: { type: 'string' },
  shard: { type: 'string' },
  reporter: { type: 'string', default: 'pretty' },
  out: { type: 'string' },
  expectations: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const runCommand: Command = {
  name: 'run',
  summary: 'run the conformance suite on a target and report (exit 0 only when nothing fails)',
  usage: USAGE,
  run: (args) => withUsage('run', USAGE, () => run(args)),
};

async function run(args: readonly string[]): Promise<number> {
  const { values: o } = parseOptions(args, OPTIONS);
  const target = targetByName(o.target);
  if (!target) throw new UsageError(`unknown target '${o.target}' (targets: ${TARGETS.map((t) => t.name).join(', ')})`);
  if (!(o.reporter in REPORTERS)) throw new UsageError(`--reporter takes ${Object.keys(REPORTERS).join(', ')}, got '${o.reporter}'`);
  const reporter = REPORTERS[o.reporter as ReporterName];
  const jobs = positiveInt('--jobs', o.jobs);
  const timeout = o.timeout === undefined ? undefined : Number(o.timeout);
  if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout needs a positive number of seconds, got '${o.timeout}'`);
  if (o.grep !== undefined) checkRegExp(o.grep);
  const shard = o.shard === undefined ? undefined : parseShardOption(o.shard);
  const selection = { ...(o.area !== undefined ? { area: o.area } : {}), ...(o.grep !== undefined ? { grep: o.grep } : {}) };
  let expectations: Expectations | undefined;
  if (o.expectations !== undefined) {
    expectations = loadExpectations(o.expectations);
    const known = new Set(allCases().map((c) => c.id));
    const stale = Object.keys(expectations).filter((id) => !known.has(id));
    if (stale.length > 0) process.stderr.write(`run: ${o.expectations} names ${stale.length} unknown case(s): ${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', ...' : ''}\n`);
  }
  const total = selectCases(allCases(), { ...selection, ...(shard ? { shard } : {}) }).length;
  if (total === 0 && !shard) {
    process.stderr.write('run: no case matches the selection\n');
    return 2;
  }
  const bar = new ProgressBar(total, progressEnabled());
  const suite = await runSuite({
    ...selection,
    target,
    ...(jobs !== undefined ? { jobs } : {}),
    ...(shard ? { shard } : {}),
    ...(expectations ? { expectations } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
    onResult: (r) => bar.tick(r.status),
  });
  bar.end();
  const doc = resultsDocument(environmentOf(suite, { area: o.area, grep: o.grep }), suite.results);
  if (o.out !== undefined) {
    mkdirSync(o.out, { recursive: true });
    writeFileSync(join(o.out, 'results.json'), formatJson(doc));
    writeFileSync(join(o.out, 'junit.xml'), formatJunit(doc));
    writeFileSync(join(o.out, 'results.tap'), formatTap(doc));
  }
  const latest = saveLatestResults(doc);
  if (latest.error) process.stderr.write(`run: ${latest.error}\n`);
  process.stdout.write(reporter(doc));
  return doc.summary.ok ? 0 : 1;
}

function parseShardOption(text: string) {
  try {
    return parseShard(text);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function checkRegExp(re: string): void {
  try {
    new RegExp(re);
  } catch (err) {
    throw new UsageError(`--grep: ${(err as Error).message}`);
  }
}
