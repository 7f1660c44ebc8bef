import type { CodeCoverageSection, InsnSection, Ratio } from '../model/types.js';
import { esc, int, pct } from './html.js';
import { notRun, section, table } from './parts.js';
import { percentBars } from './svg.js';

function band(p: number): string {
  return p >= 80 ? 's-good' : p >= 50 ? 's-mid' : 's-bad';
}

function ratioCell(r: Ratio): string {
  return `${pct(r.pct)} <span class="reason">(${int(r.covered)}/${int(r.total)})</span>`;
}

export function codeCoveragePart(c: CodeCoverageSection | null, note: string): string {
  if (c === null) {
    return section('code-coverage', 'Code coverage of the conformance run', notRun(note, 'Run <code>npx touchstone report --coverage</code> (it runs the whole suite under V8 coverage: a minute or two).'));
  }
  const tops = c.folders.filter((f) => !f.folder.includes('/'));
  const rows = tops.flatMap((f) => (['lines', 'branches', 'functions'] as const).map((metric) => {
    const target = c.targets.find((t) => t.folder === f.folder && t.metric === metric);
    return { label: `${f.folder} ${metric}`, pct: f[metric].pct, cls: band(f[metric].pct), title: `${f.folder}: ${f[metric].covered} of ${f[metric].total} ${metric}`, ...(target ? { target: target.pct } : {}) };
  }));
  const targets = c.targets.length
    ? `<p>Targets (issue 5): ${c.targets.map((t) => `${esc(t.folder)} ${t.metric} ≥ ${t.pct}%: <strong>${t.met ? 'met' : 'not met'}</strong>`).join('; ')}.</p>`
    : '';
  const lead = `<p class="lead">${c.source === 'this run' ? 'Measured by this report' : 'From an earlier <code>report --coverage</code>'} at ${esc(c.generatedAt)}: ${int(c.cases)} conformance cases on the reference kernel under V8 coverage in ${c.seconds} s${c.notPassed ? ` (${int(c.notPassed)} did not pass)` : ''}, mapped to the TypeScript sources. Full report: <a href="${esc(c.html)}">istanbul HTML</a>, <a href="${esc(c.lcov)}">lcov</a>.</p>`;
  const t = table('coverage-table', [{ title: 'folder' }, { title: 'files', num: true }, { title: 'lines', num: true }, { title: 'branches', num: true }, { title: 'functions', num: true }, { title: 'statements', num: true }],
    c.folders.map((f) => ({ attrs: { 'data-folder': f.folder }, cells: [`<span class="id">${esc(f.folder)}</span>`, int(f.files), ratioCell(f.lines), ratioCell(f.branches), ratioCell(f.functions), ratioCell(f.statements)] })));
  return section('code-coverage', 'Code coverage of the conformance run', `${lead}${percentBars(rows, 'line, branch and function coverage per folder (dashed: target)')}${targets}${t}`);
}

export function insnPart(s: InsnSection | null, note: string): string {
  if (s === null) {
    return section('instructions', 'A64 instruction classes', notRun(note, 'It comes with the code coverage run: <code>npx touchstone report --coverage</code> counts the encoding-table rows the emulator translates.'));
  }
  const plot = percentBars(s.classes.map((c) => ({ label: c.cls, pct: c.pct, cls: band(c.pct), title: `${c.cls}: ${c.exercised} of ${c.rows} rows` })), 'encoding-table rows exercised per instruction class');
  const t = table('insn-table', [{ title: 'class' }, { title: 'rows', num: true }, { title: 'exercised', num: true }, { title: 'share', num: true }, { title: 'rows never exercised' }],
    s.classes.map((c) => ({
      attrs: { 'data-class': c.cls },
      cells: [esc(c.cls), int(c.rows), int(c.exercised), pct(c.pct),
        c.unexercised.length === 0 ? '' : `<details><summary>${int(c.unexercised.length)} rows</summary>${c.unexercised.map((r) => `<code>${esc(r)}</code>`).join(' ')}</details>`],
    })));
  const lead = `<p class="lead">${int(s.exercised)} of ${int(s.rows)} rows of the cpu/ encoding table (${pct(s.pct)}) were translated into a block during the coverage run, i.e. the conformance programs reached an instruction of that row. (Rows are counted when translated: an instruction after a fault in the same block counts though it did not retire.)</p>`;
  return section('instructions', 'A64 instruction classes', `${lead}${plot}${t}`);
}
