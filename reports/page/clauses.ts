import type { ClauseSection } from '../model/types.js';
import { percent } from '../model/ratio.js';
import { esc, int, pct } from './html.js';
import { codeList, filters, legend, pill, section, table } from './parts.js';
import { stackedBars } from './svg.js';

export function clausesPart(c: ClauseSection): string {
  const plot = stackedBars(
    c.groups.map((g) => ({
      label: g.group,
      segments: [
        { name: 'checked', value: g.checked, cls: 's-checked' },
        { name: 'informative', value: g.informative, cls: 's-informative' },
        { name: 'unchecked', value: g.unchecked, cls: 's-unchecked' },
      ],
      note: `${g.checked}/${g.total} checked`,
    })),
    'clauses by group: checked, informative, unchecked',
    'share',
  );
  const reachedCol = c.reached !== null;
  const cols = [
    { title: 'clause' }, { title: 'state' }, { title: 'cases', num: true, tip: 'cases that list the clause' },
    ...(reachedCol ? [{ title: 'kernel named', num: true, tip: 'cases of the run during which the kernel named the clause' }] : []),
    { title: 'checked by / why not' }, { title: 'text' }, { title: 'source' },
  ];
  const rows = c.clauses.map((e) => ({
    attrs: { 'data-state': e.state, 'data-id': e.id },
    cells: [
      `<span class="id">${esc(e.id)}</span>`,
      pill(e.state),
      int(e.cases),
      ...(reachedCol ? [int(e.reached ?? 0)] : []),
      e.state === 'checked' ? codeList(e.sample, e.cases - e.sample.length) : `<span class="reason">${esc(e.reason ?? '')}</span>`,
      esc(e.text),
      `${esc(e.source)}${e.decision ? ' <span class="reason">(decision)</span>' : ''}`,
    ],
  }));
  const lead = `<p class="lead">${int(c.total)} clauses in the spec: <strong>${int(c.checked)}</strong> checked by at least one case (${pct(percent(c.checked, c.total))}), ${int(c.informative)} informative (the spec says why no case can check them), <strong>${int(c.unchecked)}</strong> unchecked.${
    c.reached !== null ? ` The kernel named ${int(c.reached)} of them during the run.` : ''
  } Unchecked clauses come first; <code>npx touchstone list --grep CLAUSE.ID</code> lists every case of a clause.</p>`;
  return section('clauses', 'Clause coverage', `${lead}${legend([['var(--checked)', 'checked'], ['var(--informative)', 'informative'], ['var(--unchecked)', 'unchecked']])}${plot}
<details><summary>Numbers per group</summary>
${table('clause-groups', [{ title: 'group' }, { title: 'clauses', num: true }, { title: 'checked', num: true }, { title: 'informative', num: true }, { title: 'unchecked', num: true }],
    c.groups.map((g) => ({ attrs: { 'data-group': g.group }, cells: [esc(g.group), int(g.total), int(g.checked), int(g.informative), int(g.unchecked)] })))}
</details>
${filters('clauses-table', 'filter clauses (id, text, case)', ['unchecked', 'informative', 'checked'])}
<div class="scroll">${table('clauses-table', cols, rows)}</div>`);
}
