import { STATUSES } from '../../conformance/model.js';
import type { ConformanceSection, FailureEntry } from '../model/types.js';
import { esc, int } from './html.js';
import { codeList, notRun, pill, section, table } from './parts.js';
import { stackedBars } from './svg.js';

function failure(f: FailureEntry): string {
  const rows: [string, string][] = [
    ['clauses', f.clauses.length ? codeList(f.clauses, 0) : '<span class="reason">none listed</span>'],
    ['expected', esc(f.expected)],
    ['actual', esc(f.actual)],
    ['reason', esc(f.reason)],
  ];
  for (const a of f.assertions) {
    rows.push([`not ok ${a.n}`, `${esc(a.description)}${a.clauses.length ? ` [${codeList(a.clauses, 0)}]` : ''}${a.got ? `\n# ${esc(a.got)}` : ''}`]);
  }
  rows.push(['replay', `<code>${esc(f.replay)}</code>`]);
  return `<details class="failure ${esc(f.status)}" data-state="${esc(f.status)}"><summary>${pill(f.status)} <code>${esc(f.id)}</code> ${esc(f.description)}</summary>
<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl></details>`;
}

export function conformancePart(c: ConformanceSection | null, note: string): string {
  if (c === null) {
    return section('conformance', 'Conformance results', notRun(note, 'Run <code>npx touchstone run</code> (it keeps its results for the report) or pass <code>--from results.json</code>.'));
  }
  const plot = stackedBars(
    c.areas.map((a) => ({
      label: a.area,
      segments: STATUSES.map((s) => ({ name: s, value: a.counts[s], cls: `s-${s}` })),
      note: `${int(a.total)} cases, ${int(a.counts.pass)} pass`,
    })),
    'cases by area and status',
    'absolute',
  );
  const cols = [{ title: 'area' }, { title: 'cases', num: true }, ...STATUSES.map((s) => ({ title: s, num: true }))];
  const rows = c.areas.map((a) => ({ cells: [esc(a.area), int(a.total), ...STATUSES.map((s) => int(a.counts[s]))], attrs: { 'data-area': a.area } }));
  rows.push({ cells: ['<strong>all</strong>', `<strong>${int(c.total)}</strong>`, ...STATUSES.map((s) => `<strong>${int(c.byStatus[s])}</strong>`)], attrs: { 'data-area': '' } });
  const sel = [c.selection.area ? `area ${c.selection.area}` : '', c.selection.grep ? `grep ${c.selection.grep}` : ''].filter(Boolean).join(', ');
  const lead = `<p class="lead">Target <strong>${esc(c.target)}</strong>, ${int(c.total)} cases in ${c.seconds} s on ${c.jobs} job(s)${sel ? ` (selection: ${esc(sel)})` : ''}; ${int(c.instructions)} guest instructions and ${int(c.syscalls)} syscalls.</p>`;
  const legend = `<div class="legend">${STATUSES.map((s) => `<span style="--c:var(--${s})">${s}</span>`).join('')}</div>`;
  let failures: string;
  if (c.failuresTotal === 0) {
    failures = '<p>Every case passed (or was skipped).</p>';
  } else {
    const cut = c.failuresTotal > c.failures.length ? `<p class="reason">Showing ${int(c.failures.length)} of ${int(c.failuresTotal)}; the results file has them all.</p>` : '';
    failures = `${cut}<div id="failures">${c.failures.map(failure).join('\n')}</div>`;
  }
  return section('conformance', 'Conformance results', `${lead}${legend}${plot}
${table('areas-table', cols, rows)}
<h3>Cases that did not pass (${int(c.failuresTotal)})</h3>
${failures}`);
}

