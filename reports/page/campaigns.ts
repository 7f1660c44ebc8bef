import type { DifferentialSection, FuzzSection } from '../model/types.js';
import { esc, int } from './html.js';
import { codeList, notRun, section, table } from './parts.js';
import { lineChart } from './svg.js';

export function fuzzPart(f: FuzzSection | null, note: string): string {
  if (f === null) {
    return section('fuzz', 'Fuzz campaign', notRun(note, 'Run <code>npx touchstone fuzz</code>; it leaves its campaign summary for the report (or pass <code>--fuzz FILE</code>).'));
  }
  const engines = table('fuzz-engines', [{ title: 'engine' }, { title: 'seed', num: true }, { title: 'seconds', num: true }, { title: 'execs', num: true }, { title: 'syscalls', num: true }, { title: 'findings', num: true }],
    f.engines.map((e) => ({ attrs: { 'data-engine': e.engine }, cells: [esc(e.engine), String(e.seed), String(e.seconds), int(e.execs), int(e.syscalls), int(e.findings)] })));
  const chart = f.timeline.length > 1
    ? lineChart([
      { name: 'clauses reached', cls: 'l-a', points: f.timeline.map((p) => [p.t, p.clausesReached] as const) },
      { name: 'findings', cls: 'l-b', points: f.timeline.map((p) => [p.t, p.findings] as const) },
      { name: 'execs', cls: 'l-c', points: f.timeline.map((p) => [p.t, p.execs] as const) },
    ], 'clauses reached, findings and execs over the campaign', 'seconds')
    : '';
  const findings = f.findings.length === 0 ? '<p>No findings.</p>' : table('fuzz-findings', [{ title: 'finding' }, { title: 'engine' }, { title: 'seed', num: true }, { title: 'calls', num: true }, { title: 'summary' }, { title: 'clauses' }, { title: 'replay' }],
    f.findings.map((x) => ({ cells: [`<span class="id">${esc(x.id)}</span>`, esc(x.engine), String(x.seed), int(x.calls), esc(x.summary), codeList(x.clauses, 0), `<code>npx touchstone replay ${esc(x.file)}</code>`] })));
  const t = f.totals;
  const lead = `<p class="lead">Target ${esc(f.target)}, started ${esc(f.startedAt)}: ${int(t.execs)} execs (${int(t.execsPerSecond)}/s) and ${int(t.syscalls)} syscalls in ${t.seconds} s; ${int(f.clausesReached)} clauses reached; <strong>${int(t.findings)}</strong> findings.</p>`;
  return section('fuzz', 'Fuzz campaign', `${lead}${engines}${chart}<h3>Findings (${int(f.findings.length)})</h3>${findings}`);
}

export function differentialPart(d: DifferentialSection | null, note: string): string {
  if (d === null) {
    return section('differential', 'Differential results', notRun(note, 'It appears when the same generated programs ran on two targets (or pass <code>--differential FILE</code>).'));
  }
  const lead = `<p class="lead">${esc(d.targets[0])} vs ${esc(d.targets[1])}, started ${esc(d.startedAt)}: ${int(d.programs)} programs, ${int(d.agreed)} agreed, <strong>${int(d.differ)}</strong> differed.</p>`;
  const t = d.differences.length === 0 ? '<p>No differences.</p>' : table('differences', [{ title: 'id' }, { title: 'program' }, { title: 'where' }, { title: d.targets[0] }, { title: d.targets[1] }, { title: 'clauses' }, { title: 'replay' }],
    d.differences.map((x) => ({ cells: [`<span class="id">${esc(x.id)}</span>`, esc(x.program), esc(x.where), esc(x.a), esc(x.b), codeList(x.clauses, 0), `<code>${esc(x.replay)}</code>`] })));
  return section('differential', 'Differential results', `${lead}${t}`);
}
