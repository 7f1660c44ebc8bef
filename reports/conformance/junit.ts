import type { CaseResult } from '../../conformance/evaluate.js';
import type { ResultsDocument } from './results.js';
import { explain, replayCommand } from './summary.js';

const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

type Kind = 'failure' | 'error' | 'skipped' | null;

/** fail and xpass are failures; broken, timeout and panic errors; skip and xfail skipped (as pytest does). */
function kindOf(r: CaseResult): Kind {
  switch (r.status) {
    case 'fail':
    case 'xpass':
      return 'failure';
    case 'broken':
    case 'timeout':
    case 'panic':
      return 'error';
    case 'skip':
    case 'xfail':
      return 'skipped';
    default:
      return null;
  }
}

function counts(rs: readonly CaseResult[]): string {
  const n = (k: Kind): number => rs.filter((r) => kindOf(r) === k).length;
  const time = rs.reduce((t, r) => t + r.ms, 0) / 1000;
  return `tests="${rs.length}" failures="${n('failure')}" errors="${n('error')}" skipped="${n('skipped')}" time="${time.toFixed(3)}"`;
}

function testcase(r: CaseResult, target: string): string[] {
  const head = `    <testcase classname="${xmlEscape(r.area)}" name="${xmlEscape(r.id)}" time="${(r.ms / 1000).toFixed(3)}"`;
  const kind = kindOf(r);
  if (kind === null) return [`${head}/>`];
  const message = xmlEscape(`${r.status}: ${r.reason.split('\n')[0]}`);
  if (kind === 'skipped') return [`${head}>`, `      <skipped message="${message}"/>`, '    </testcase>'];
  const body = [r.description, ...explain(r), `replay    ${replayCommand(r.id, target)}`].join('\n');
  return [`${head}>`, `      <${kind} message="${message}" type="${r.status}">${xmlEscape(body)}</${kind}>`, '    </testcase>'];
}

/** JUnit XML: one <testsuite> per area, one <testcase> per case. */
export function formatJunit(doc: ResultsDocument): string {
  const env = doc.environment;
  const areas = new Map<string, CaseResult[]>();
  for (const r of doc.results) {
    const list = areas.get(r.area) ?? [];
    list.push(r);
    areas.set(r.area, list);
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="touchstone" ${counts(doc.results)}>`];
  for (const [area, rs] of areas) {
    out.push(`  <testsuite name="${xmlEscape(area)}" ${counts(rs)} timestamp="${xmlEscape(env.startedAt)}">`);
    out.push('    <properties>');
    const props: [string, string][] = [['target', env.target], ['touchstone', env.touchstone], ['node', env.node], ['commit', env.commit ?? '']];
    for (const [k, v] of props) out.push(`      <property name="${k}" value="${xmlEscape(v)}"/>`);
    out.push('    </properties>');
    for (const r of rs) out.push(...testcase(r, env.target));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
