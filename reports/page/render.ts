// report.json → one self-contained HTML page (inline CSS, SVG and script; no request).

import { percent } from '../model/ratio.js';
import type { ReportModel } from '../model/types.js';
import { differentialPart, fuzzPart } from './campaigns.js';
import { clausesPart } from './clauses.js';
import { conformancePart } from './conformance.js';
import { codeCoveragePart, insnPart } from './coverage.js';
import { errnoPart } from './errno.js';
import { esc, int, pct } from './html.js';
import { SCRIPT } from './script.js';
import { STYLE } from './style.js';

function card(cls: string, big: string, small: string, id: string): string {
  return `<div class="card ${cls}" id="${id}"><div class="big">${big}</div><div class="small">${small}</div></div>`;
}

function cards(m: ReportModel): string {
  const c = m.conformance;
  const out: string[] = [];
  if (c) {
    const bad = c.total - c.byStatus.pass - c.byStatus.skip - c.byStatus.xfail;
    out.push(card(c.ok ? 'ok' : 'bad', c.ok ? 'PASS' : 'FAIL', c.ok ? `${int(c.byStatus.pass)} of ${int(c.total)} cases pass` : `${int(bad)} of ${int(c.total)} cases fail`, 'card-verdict'));
  } else {
    out.push(card('none', 'no run', 'no conformance results', 'card-verdict'));
  }
  const cl = m.clauses;
  out.push(card(cl.unchecked === 0 ? 'ok' : '', pct(percent(cl.checked, cl.total)), `clauses checked: ${int(cl.checked)} of ${int(cl.total)}, ${int(cl.unchecked)} unchecked`, 'card-clauses'));
  const t = m.errno.totals;
  out.push(card(t.missing === 0 ? 'ok' : '', pct(percent(t.hit, t.cells)), `errno cells reached: ${int(t.hit)} of ${int(t.cells)}, ${int(t.missing)} not reached`, 'card-errno'));
  const k = m.codeCoverage?.folders.find((f) => f.folder === 'reference-kernel');
  out.push(k ? card('', pct(k.lines.pct), `reference-kernel lines (branches ${pct(k.branches.pct)})`, 'card-coverage') : card('none', '—', 'code coverage not measured', 'card-coverage'));
  if (m.fuzz) out.push(card(m.fuzz.totals.findings === 0 ? 'ok' : 'bad', int(m.fuzz.totals.findings), 'fuzz findings', 'card-fuzz'));
  return `<div class="cards">${out.join('')}</div>`;
}

const NAV: readonly [string, string][] = [
  ['conformance', 'Conformance'], ['clauses', 'Clauses'], ['errno', 'Syscall × errno'], ['code-coverage', 'Code coverage'],
  ['instructions', 'Instruction classes'], ['fuzz', 'Fuzzing'], ['differential', 'Differential'],
];

export function renderPage(m: ReportModel): string {
  const c = m.conformance;
  const meta = c
    ? `target ${esc(c.target)} · Touchstone ${esc(c.touchstone)}${c.commit ? ` · commit ${esc(c.commit.slice(0, 12))}` : ''} · run ${esc(c.startedAt)} · report ${esc(m.generatedAt)}`
    : `report ${esc(m.generatedAt)}`;
  const inputs = Object.entries(m.inputs).map(([k, v]) => `<li>${esc(k)}: ${v.file ? `<code>${esc(v.file)}</code>` : 'none'}${v.note ? ` — ${esc(v.note)}` : ''}</li>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Touchstone report${c ? ` — ${esc(c.target)}` : ''}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Touchstone report</h1>
<div class="meta">${meta}</div>
${cards(m)}
</header>
<nav>${NAV.map(([id, name]) => `<a href="#${id}">${esc(name)}</a>`).join('')}</nav>
<main>
${conformancePart(c, m.inputs.results.note)}
${clausesPart(m.clauses)}
${errnoPart(m.errno)}
${codeCoveragePart(m.codeCoverage, m.inputs.coverage.note)}
${insnPart(m.instructions, m.inputs.coverage.note)}
${fuzzPart(m.fuzz, m.inputs.fuzz.note)}
${differentialPart(m.differential, m.inputs.differential.note)}
<footer><p>Every number on this page is in <a href="report.json">report.json</a>. Inputs:</p><ul>${inputs}</ul></footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
