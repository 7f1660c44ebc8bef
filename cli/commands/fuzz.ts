import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from '../command.js';
import { parseOptions, UsageError, withUsage } from '../options.js';
import { progressEnabled } from '../progress.js';
import { ENGINES, runCampaign, type Engine, type LiveStats } from '../../fuzz/campaign.js';
import { FINDING_SCHEMA, readFinding, replayFinding } from '../../fuzz/corpus.js';
import { targetNames } from '../../fuzz/differential/diff.js';
import { PLANTS } from '../../fuzz/model/plant.js';
import { DIFFERENTIAL_SCHEMA, type DifferentialFile } from '../../reports/model/types.js';
import { latestDifferentialFile, latestFuzzFile, stateDir } from '../../reports/paths.js';

const USAGE = 'fuzz [--engine model|raw|jsfuzz|all|model,raw] [--time 60s] [--seed N] [--target T] [--findings DIR] [--plant BUG]';

const OPTIONS = {
  engine: { type: 'string', default: 'all' },
  time: { type: 'string', default: '60s' },
  seed: { type: 'string' },
  target: { type: 'string', default: 'reference' },
  findings: { type: 'string' },
  plant: { type: 'string' },
} as const;

export const fuzzCommand: Command = {
  name: 'fuzz',
  summary: 'fuzz the reference kernel (model-based sequences, raw registers, jsfuzz byte parsers); findings go to corpora/findings/',
  usage: USAGE,
  run: (args) => withUsage('fuzz', USAGE, () => fuzz(args)),
};

/** "60s", "2m", "1500ms", "90" (seconds) → seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--time takes a duration like 60s, 2m or 1500ms, got '${text}'`);
  const n = Number(m[1]);
  const scale = { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? 's']!;
  if (!(n * scale > 0)) throw new UsageError('--time must be positive');
  return n * scale;
}

function rate(n: number, seconds: number): string {
  const r = n / Math.max(seconds, 1e-3);
  return r >= 10_000 ? `${(r / 1000).toFixed(1)}k` : r.toFixed(0);
}

/** The live status line. */
export function statusLine(s: LiveStats): string {
  return `[${s.engine} ${s.elapsed.toFixed(0)}s/${s.budget.toFixed(0)}s] execs ${s.execs} (${rate(s.execs, s.elapsed)}/s)  syscalls ${s.syscalls} (${rate(s.syscalls, s.elapsed)}/s)  clauses ${s.clauses}  findings ${s.findings}`;
}

async function fuzz(args: readonly string[]): Promise<number> {
  const { values: o, positionals } = parseOptions(args, OPTIONS, false);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const asked = o.engine.split(',').map((e) => e.trim());
  const engines: readonly Engine[] = asked.includes('all') ? ENGINES : ENGINES.filter((e) => asked.includes(e));
  if (engines.length === 0 || asked.some((e) => e !== 'all' && !ENGINES.includes(e as Engine))) {
    throw new UsageError(`--engine takes model, raw, jsfuzz or all (or a comma list), got '${o.engine}'`);
  }
  const seconds = parseDuration(o.time);
  const seed = o.seed !== undefined ? Number(o.seed) : Date.now() % 0x7fff_ffff;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed takes a non-negative integer, got '${o.seed}'`);
  if (o.target !== 'reference' && !targetNames().includes(o.target)) throw new UsageError(`unknown target '${o.target}' (targets: ${targetNames().join(', ')})`);
  if (o.plant !== undefined && PLANTS[o.plant] === undefined) throw new UsageError(`no planted bug '${o.plant}' (have ${Object.keys(PLANTS).join(', ')})`);
  const findingsDir = o.findings ?? (o.plant !== undefined ? join(stateDir(), 'findings-planted') : join('corpora', 'findings'));
  const live = progressEnabled();
  process.stderr.write(`fuzz: engines ${engines.join(', ')}, ${seconds}s, seed ${seed}, target ${o.target}${o.plant ? `, planted bug ${o.plant}` : ''}\n`);
  const result = await runCampaign({
    engines, seconds, seed, target: o.target, findingsDir, corpusDir: join(stateDir(), 'jsfuzz-corpus'),
    ...(o.plant !== undefined ? { plant: o.plant } : {}),
    ...(live ? { onTick: (s: LiveStats) => process.stderr.write(`\r${statusLine(s)}\x1b[K`) } : {}),
    onFinding: (f) => process.stderr.write(`${live ? '\r\x1b[K' : ''}finding ${f.id} (${f.calls} call(s)): ${f.summary}\n  ${f.file}\n`),
  });
  if (live) process.stderr.write('\r\x1b[K');
  const s = result.summary;
  const out = latestFuzzFile();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(s, null, 2) + '\n');
  const lines = ['engine    seconds    execs   execs/s    syscalls  syscalls/s  findings'];
  for (const e of s.engines) {
    lines.push(`${e.engine.padEnd(8)} ${e.seconds.toFixed(1).padStart(8)} ${String(e.execs).padStart(8)} ${rate(e.execs, e.seconds).padStart(9)} ${String(e.syscalls).padStart(11)} ${rate(e.syscalls, e.seconds).padStart(11)} ${String(e.findings).padStart(9)}`);
  }
  lines.push(`clauses reached: ${s.clausesReached.length}; findings: ${s.findings.length} (${result.fresh} new)`);
  for (const f of s.findings) lines.push(`  ${f.id}: ${f.summary}`);
  if (result.differential) {
    const d = result.differential;
    const file: DifferentialFile = {
      schema: DIFFERENTIAL_SCHEMA, startedAt: s.startedAt, targets: ['reference', o.target], programs: d.programs, agreed: d.agreed,
      differences: d.differences.map((x) => ({
        id: x.id, program: `fuzz seed ${x.seed}`, where: x.difference.where, a: x.difference.a, b: x.difference.b,
        clauses: [...x.difference.clauses], replay: `touchstone replay ${x.file}`,
      })),
    };
    mkdirSync(dirname(latestDifferentialFile()), { recursive: true });
    writeFileSync(latestDifferentialFile(), JSON.stringify(file, null, 2) + '\n');
    lines.push(`differential: ${d.programs} program(s) on reference and ${o.target}, ${d.agreed} agreed (${latestDifferentialFile()})`);
  }
  for (const n of result.notes) lines.push(`note: ${n}`);
  lines.push(`summary: ${out}`);
  process.stdout.write(lines.join('\n') + '\n');
  return result.fresh > 0 ? 1 : 0;
}

/** Whether `file` is a fuzz finding (or seed corpus entry) rather than a case sidecar. */
export function isFindingFile(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { schema?: unknown }).schema === FINDING_SCHEMA;
  } catch {
    return false;
  }
}

/** `touchstone replay FILE` for a finding: replays it and says whether it still fails. Exit 1 when it does. */
export function replayFindingFile(file: string): number {
  const f = readFinding(file);
  const r = replayFinding(f);
  const out = [
    `finding ${file} (engine ${f.engine}, seed ${f.seed}, expects: ${f.expect})`,
    `  recorded: ${f.summary}`,
    ...r.lines.map((l) => `  ${l}`),
    r.failed ? `reproduced: ${r.summary}` : 'did not fail',
    r.ok ? `as the file expects (${f.expect})` : `NOT as the file expects (${f.expect})`,
  ];
  process.stdout.write(out.join('\n') + '\n');
  return r.failed ? 1 : 0;
}
