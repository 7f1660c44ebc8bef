import { percent } from '../model/ratio.js';
import type { ErrnoSection, MatrixSquare } from '../model/types.js';
import { compact, esc, int, pct } from './html.js';
import { codeList, filters, legend, pill, section, table } from './parts.js';
import { stackedBars } from './svg.js';

/** Heat level of a hit square by its number of cases. */
export function heat(cases: number): number {
  return cases >= 100 ? 5 : cases >= 16 ? 4 : cases >= 4 ? 3 : cases >= 2 ? 2 : 1;
}

function square(row: string, s: MatrixSquare): string {
  const tip = `${row} × ${s.errno} (${s.clauses.join(', ')}): ${
    s.state === 'hit' ? `${s.cases} case(s)` : s.state === 'missing' ? 'no case reaches it' : s.state === 'unreachable' ? 'unreachable (see below)' : 'row not implemented'
  }`;
  const cls = s.state === 'hit' ? `hit h${heat(s.cases)}` : s.state;
  const text = s.state === 'hit' ? compact(s.cases) : s.state === 'missing' ? '✗' : s.state === 'unreachable' ? '–' : '·';
  return `<td class="${cls}" data-errno="${esc(s.errno)}" data-state="${s.state}" data-cases="${s.cases}" title="${esc(tip)}">${text}</td>`;
}

export function errnoPart(m: ErrnoSection): string {
  const t = m.totals;
  const head = `<tr><th>syscall</th>${m.errnos.map((e) => `<th class="errno" title="${esc(e)}">${esc(e)}</th>`).join('')}</tr>`;
  const body = m.rows.map((r) => {
    const byErrno = new Map(r.squares.map((s) => [s.errno, s]));
    const cells = m.errnos.map((e) => {
      const s = byErrno.get(e);
      return s ? square(r.name, s) : '<td></td>';
    });
    return `<tr data-row="${esc(r.name)}"><th class="row${r.implemented ? '' : ' ni'}" title="${esc(`${r.nr} ${r.name} (${r.family})${r.implemented ? '' : ', not implemented'}`)}">${r.nr} ${esc(r.name)}</th>${cells.join('')}</tr>`;
  });
  const matrix = `<div class="wide"><table id="errno-matrix" class="matrix"><thead>${head}</thead><tbody>\n${body.join('\n')}\n</tbody></table></div>`;
  const plot = stackedBars([{
    label: 'documented cells',
    segments: [
      { name: 'reached', value: t.hit, cls: 's-checked' },
      { name: 'unreachable (with a reason)', value: t.unreachable, cls: 's-informative' },
      { name: 'not reached', value: t.missing, cls: 's-unchecked' },
    ],
    note: `${t.hit}/${t.cells} reached`,
  }], 'documented errno cells of implemented rows', 'share');
  const lead = `<p class="lead">${int(t.rows)} syscall rows (${int(t.implementedRows)} implemented) document ${int(t.cells)} (row, errno, clause) cells on implemented rows: <strong>${int(t.hit)}</strong> reached by a case (${pct(percent(t.hit, t.cells))}), ${int(t.unreachable)} unreachable with a reason, <strong>${int(t.missing)}</strong> not reached. ${t.notImplemented > 0 ? `${int(t.notImplemented)} more belong to rows that are not implemented. ` : ''}A square is a (row, errno); its number is the cases that reach it, darker is more.</p>`;
  const problems = m.cells.filter((c) => c.state === 'missing' || c.state === 'unreachable');
  const problemTable = problems.length === 0 ? '<p>Every documented cell is reached.</p>' : table('errno-problems', [{ title: 'syscall' }, { title: 'errno' }, { title: 'clause' }, { title: 'state' }, { title: 'reason' }],
    problems.map((c) => ({ attrs: { 'data-state': c.state }, cells: [`<span class="id">${esc(c.row)}</span>`, esc(c.errno), `<span class="id">${esc(c.clause)}</span>`, pill(c.state), `<span class="reason">${esc(c.reason ?? 'no case provokes it')}</span>`] })));
  const all = table('errno-cells', [{ title: 'syscall' }, { title: 'errno' }, { title: 'clause' }, { title: 'state' }, { title: 'recorded', num: true, tip: 'errors-area cases that provoke the cell' }, { title: 'inferred', num: true, tip: 'other cases that need the row and list the clause' }, { title: 'cases' }],
    m.cells.map((c) => ({
      attrs: { 'data-state': c.state },
      cells: [`<span class="id">${esc(c.row)}</span>`, esc(c.errno), `<span class="id">${esc(c.clause)}</span>`, pill(c.state), int(c.recorded), int(c.inferred),
        c.reason ? `<span class="reason">${esc(c.reason)}</span>` : codeList(c.sample, c.recorded + c.inferred - c.sample.length)],
    })));
  return section('errno', 'Syscall × errno matrix', `${lead}${plot}${legend([['#3ea45b', 'reached (darker: more cases)'], ['#ffd5da', 'not reached'], ['#c9d0da', 'unreachable, with a reason'], ['#f3f4f7', 'row not implemented']])}
${matrix}
<h3>Cells not reached (${int(t.missing)}) and unreachable (${int(t.unreachable)})</h3>
${problemTable}
<h3>Every documented cell</h3>
${filters('errno-cells', 'filter cells (syscall, errno, clause, case)', ['hit', 'missing', 'unreachable', 'not-implemented'])}
<div class="scroll">${all}</div>`);
}
