import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { parseOptions, UsageError, withUsage } from '../options.js';
import { allCases } from '../../conformance/registry.js';
import { formatJson, mergeResults, parseResults, REPORTERS, type ReporterName } from '../../reports/conformance/index.js';

const USAGE = 'merge A.json B.json ... --out merged.json [--reporter pretty|tap|junit|json]';

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'join the results.json of several shards into one (exit 2 on a duplicate case id, else 0/1 as run)',
  usage: USAGE,
  run: (args) =>
    withUsage('merge', USAGE, () => {
      const { values: o, positionals } = parseOptions(args, { out: { type: 'string' }, reporter: { type: 'string' } }, true);
      if (o.out === undefined) throw new UsageError('--out FILE is required');
      if (positionals.length === 0) throw new UsageError('give at least one results file');
      if (o.reporter !== undefined && !(o.reporter in REPORTERS)) throw new UsageError(`--reporter takes ${Object.keys(REPORTERS).join(', ')}`);
      const order = new Map(allCases().map((c, i) => [c.id, i]));
      let merged;
      try {
        merged = mergeResults(positionals.map((f) => parseResults(readFileSync(f, 'utf8'), f)), (id) => order.get(id));
      } catch (err) {
        process.stderr.write(`merge: ${(err as Error).message}\n`);
        return 2;
      }
      writeFileSync(o.out, formatJson(merged));
      if (o.reporter !== undefined) process.stdout.write(REPORTERS[o.reporter as ReporterName](merged));
      const s = merged.summary;
      process.stderr.write(`merged ${s.total} result(s) from ${positionals.length} file(s) into ${o.out}: ${s.ok ? 'PASS' : 'FAIL'}\n`);
      return s.ok ? 0 : 1;
    }),
};
