import { STATUSES, type Status } from '../../conformance/model.js';
import { FAILING_STATUSES } from '../../conformance/runner/status.js';
import type { ResultsDocument } from './results.js';
import { explain, replayCommand, type StatusCounts } from './summary.js';

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd());
}

function countRow(name: string, counts: StatusCounts): string[] {
  const total = STATUSES.reduce((n, s) => n + counts[s], 0);
  return [name, String(total), ...STATUSES.map((s) => String(counts[s]))];
}

function seconds(doc: ResultsDocument): number {
  return Math.max(0, (Date.parse(doc.environment.finishedAt) - Date.parse(doc.environment.startedAt)) / 1000);
}

/**
 * The human report: a table of areas × statuses, then every case that did not pass with its
 * clauses, expected and actual outcome, failed assertions and the command that replays it.
 */
export function formatPretty(doc: ResultsDocument): string {
  const env = doc.environment;
  const s = doc.summary;
  const secs = seconds(doc);
  const rate = secs > 0 ? ` (${(s.total / secs).toFixed(0)} cases/s)` : '';
  const out: string[] = [
    `touchstone conformance: target ${env.target}, ${s.total} case(s) in ${secs.toFixed(1)} s${rate}, ${env.jobs} job(s)` +
      `${env.shard ? `, shard ${env.shard}` : ''}${env.parts > 1 ? `, ${env.parts} parts merged` : ''}`,
    '',
  ];
  const rows = [['area', 'cases', ...STATUSES], ...Object.entries(s.byArea).map(([a, c]) => countRow(a, c))];
  if (Object.keys(s.byArea).length !== 1) rows.push(countRow('all', s.byStatus));
  out.push(...table(rows), '');
  const order: readonly Status[] = ['panic', 'broken', 'timeout', 'fail', 'xpass', 'xfail', 'skip'];
  for (const status of order) {
    for (const r of doc.results) {
      if (r.status !== status) continue;
      out.push(`${status.toUpperCase().padEnd(7)} ${r.id}`);
      if (r.description) out.push(`        ${r.description}`);
      if (status !== 'skip' && status !== 'xfail') {
        for (const l of explain(r)) out.push(`        ${l}`);
        out.push(`        replay    ${replayCommand(r.id, env.target)}`);
      } else {
        out.push(`        reason    ${r.reason.split('\n')[0]}`);
      }
      out.push('');
    }
  }
  const bad = FAILING_STATUSES.filter((st) => s.byStatus[st] > 0).map((st) => `${s.byStatus[st]} ${st}`);
  out.push(s.ok ? `PASS: ${s.byStatus.pass} pass${s.byStatus.xfail ? `, ${s.byStatus.xfail} xfail` : ''}${s.byStatus.skip ? `, ${s.byStatus.skip} skip` : ''}` : `FAIL: ${bad.join(', ')}`);
  return out.join('\n') + '\n';
}
