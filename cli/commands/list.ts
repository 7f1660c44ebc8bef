import type { Command } from '../command.js';
import { parseOptions, UsageError, withUsage } from '../options.js';
import { allCases } from '../../conformance/registry.js';
import { selectCases } from '../../conformance/runner/index.js';
import { checkRegExp } from './run.js';

const USAGE = 'list [--area A[,B]] [--grep RE]';

export const listCommand: Command = {
  name: 'list',
  summary: 'list the conformance cases (id and the clauses each checks)',
  usage: USAGE,
  run: (args) =>
    withUsage('list', USAGE, () => {
      const { values: o, positionals } = parseOptions(args, { area: { type: 'string' }, grep: { type: 'string' } }, true);
      if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
      if (o.grep !== undefined) checkRegExp(o.grep);
      const cases = allCases();
      const picked = selectCases(cases, { ...(o.area !== undefined ? { area: o.area } : {}), ...(o.grep !== undefined ? { grep: o.grep } : {}) });
      const width = Math.max(0, ...picked.map((i) => cases[i]!.id.length));
      process.stdout.write(picked.map((i) => `${cases[i]!.id.padEnd(width)}  ${cases[i]!.clauses.join(' ')}\n`).join(''));
      process.stderr.write(`${picked.length} case(s)\n`);
      return 0;
    }),
};
