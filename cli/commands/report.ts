import type { Command } from '../command.js';
import { parseOptions, positiveInt, withUsage } from '../options.js';
import { DEFAULT_REPORT_DIR, latestResultsFile, writeReport } from '../../reports/index.js';

const USAGE = 'report [--from RESULTS.json|DIR] [--out DIR] [--coverage] [--jobs N] [--fuzz FILE] [--differential FILE]';

const OPTIONS = {
  from: { type: 'string' },
  out: { type: 'string', default: DEFAULT_REPORT_DIR },
  coverage: { type: 'boolean', default: false },
  jobs: { type: 'string' },
  fuzz: { type: 'string' },
  differential: { type: 'string' },
} as const;

export const reportCommand: Command = {
  name: 'report',
  summary: 'write the HTML report (index.html) and report.json: results, clause and errno coverage, code coverage',
  usage: USAGE,
  run: (args) => withUsage('report', USAGE, () => report(args)),
};

async function report(args: readonly string[]): Promise<number> {
  const { values: o } = parseOptions(args, OPTIONS);
  const jobs = positiveInt('--jobs', o.jobs);
  const t0 = performance.now();
  const written = await writeReport({
    out: o.out,
    coverage: o.coverage,
    ...(o.from !== undefined ? { from: o.from } : {}),
    ...(jobs !== undefined ? { coverageJobs: jobs } : {}),
    ...(o.fuzz !== undefined ? { fuzz: o.fuzz } : {}),
    ...(o.differential !== undefined ? { differential: o.differential } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const m = written.model;
  const c = m.conformance;
  if (c === null) process.stderr.write(`report: no conformance results (${latestResultsFile()} is missing): run 'npx touchstone run' first or pass --from\n`);
  const lines = [
    `report: ${written.html} and ${written.json} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    c ? `  conformance  ${c.total} cases on ${c.target}: ${c.ok ? 'PASS' : 'FAIL'} (${c.byStatus.pass} pass, ${c.failuresTotal} not passed)` : '  conformance  not run',
    `  clauses      ${m.clauses.checked}/${m.clauses.total} checked, ${m.clauses.informative} informative, ${m.clauses.unchecked} unchecked`,
    `  errno cells  ${m.errno.totals.hit}/${m.errno.totals.cells} reached, ${m.errno.totals.unreachable} unreachable, ${m.errno.totals.missing} not reached`,
    ...(m.codeCoverage ? m.codeCoverage.folders.filter((f) => !f.folder.includes('/')).map((f) => `  coverage     ${f.folder}: lines ${f.lines.pct}%, branches ${f.branches.pct}%, functions ${f.functions.pct}%`) : ['  coverage     not measured (--coverage)']),
    ...(m.instructions ? [`  A64 rows     ${m.instructions.exercised}/${m.instructions.rows} exercised`] : []),
    `  fuzz         ${m.fuzz ? `${m.fuzz.totals.execs} execs, ${m.fuzz.totals.findings} findings` : 'not run'}`,
    `  differential ${m.differential ? `${m.differential.differ} of ${m.differential.programs} programs differ` : 'not run'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
