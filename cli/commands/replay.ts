import { existsSync } from 'node:fs';
import type { Command } from '../command.js';
import { parseOptions, UsageError, withUsage } from '../options.js';
import type { CaseDef } from '../../conformance/model.js';
import { readExportedCase } from '../../conformance/export/index.js';
import { allCases, caseById } from '../../conformance/registry.js';
import { executeCase, isFailing, loadExpectations } from '../../conformance/runner/index.js';
import { TARGETS, targetByName } from '../../conformance/targets/index.js';
import { explain } from '../../reports/conformance/index.js';
import { isFindingFile, replayFindingFile } from './fuzz.js';

const USAGE = 'replay CASE-ID|CASE.json|FINDING.json [--trace] [--target reference] [--expectations FILE]';

const OPTIONS = {
  trace: { type: 'boolean', default: false },
  target: { type: 'string', default: 'reference' },
  expectations: { type: 'string' },
} as const;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'run one case in process: its console output, evaluation and (--trace) syscall trace',
  usage: USAGE,
  run: (args) => withUsage('replay', USAGE, () => replay(args)),
};

function findCase(arg: string): CaseDef {
  const def = caseById(arg);
  if (def) return def;
  if (arg.endsWith('.json') && existsSync(arg)) return readExportedCase(arg).def;
  const near = allCases().filter((c) => c.id.includes(arg)).slice(0, 5).map((c) => c.id);
  throw new UsageError(`no case '${arg}'${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
}

function replay(args: readonly string[]): number {
  const { values: o, positionals } = parseOptions(args, OPTIONS, true);
  if (positionals.length !== 1) throw new UsageError('give exactly one case id (see touchstone list)');
  if (positionals[0]!.endsWith('.json') && existsSync(positionals[0]!) && isFindingFile(positionals[0]!)) return replayFindingFile(positionals[0]!);
  const target = targetByName(o.target);
  if (!target) throw new UsageError(`unknown target '${o.target}' (targets: ${TARGETS.map((t) => t.name).join(', ')})`);
  const def = findCase(positionals[0]!);
  const expectations = o.expectations !== undefined ? loadExpectations(o.expectations) : undefined;
  const { result, built, outcome } = executeCase(def, target, { trace: o.trace, ...(expectations ? { expectations } : {}) });
  const out: string[] = [`case ${def.id} (area ${def.area}) on ${target.name}`, `  ${def.description}`];
  if (built) {
    const boot = JSON.stringify(built.boot);
    if (boot !== '{}') out.push(`  boot: ${boot}`);
    if (built.files.length > 0) out.push(`  image files: ${built.files.map((f) => `${f.path} (${f.data.length} bytes)`).join(', ')}`);
    out.push(`  program: ${built.program.length} bytes, ${built.assertions.length} assertion(s)`);
  }
  if (outcome) {
    const text = new TextDecoder().decode(outcome.console);
    out.push('', `--- console (${outcome.console.length} bytes) ---`, ...(text === '' ? [] : text.replace(/\n$/, '').split('\n')));
    if (o.trace) out.push('', `--- syscall trace (${outcome.trace?.length ?? 0} lines) ---`, ...(outcome.trace ?? []));
    out.push('', `--- ended: ${outcome.instructions ?? '?'} instructions, ${outcome.syscalls ?? '?'} syscalls ---`);
    if (result.reached.length > 0) out.push(`clauses named by the target: ${[...result.reached].sort().join(', ')}`);
  }
  out.push('', `--- evaluation: ${result.status.toUpperCase()} ---`, ...explain(result).map((l) => `  ${l}`));
  process.stdout.write(out.join('\n') + '\n');
  return isFailing(result.status) ? 1 : 0;
}
