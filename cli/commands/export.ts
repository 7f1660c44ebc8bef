import type { Command } from '../command.js';
import { parseOptions, UsageError, withUsage } from '../options.js';
import { exportSuite } from '../../conformance/export/index.js';
import { allCases } from '../../conformance/registry.js';
import { buildCase, selectCases } from '../../conformance/runner/index.js';
import { checkRegExp } from './run.js';

const USAGE = 'export --out DIR [--area A[,B]] [--grep RE]';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write every case as a static AArch64 ELF plus a JSON sidecar (see conformance/INTERPRETING.md)',
  usage: USAGE,
  run: (args) =>
    withUsage('export', USAGE, () => {
      const { values: o, positionals } = parseOptions(args, { out: { type: 'string' }, area: { type: 'string' }, grep: { type: 'string' } }, true);
      if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
      if (o.out === undefined) throw new UsageError('--out DIR is required');
      if (o.grep !== undefined) checkRegExp(o.grep);
      const cases = allCases();
      const picked = selectCases(cases, { ...(o.area !== undefined ? { area: o.area } : {}), ...(o.grep !== undefined ? { grep: o.grep } : {}) }).map((i) => cases[i]!);
      const index = exportSuite(o.out, picked, buildCase);
      process.stdout.write(`exported ${index.cases.length} case(s) to ${o.out} (index.json, <id>.elf, <id>.json; contract version ${index.interpreting})\n`);
      return 0;
    }),
};
