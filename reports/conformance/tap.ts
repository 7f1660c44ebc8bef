import type { CaseResult } from '../../conformance/evaluate.js';
import type { ResultsDocument } from './results.js';
import { replayCommand } from './summary.js';

/** Text safe inside a TAP description or directive: one line, no '#'. */
function oneLine(s: string): string {
  return s.split('\n')[0]!.replaceAll('#', '');
}

function yamlBlock(r: CaseResult, target: string): string[] {
  const q = (s: string): string => JSON.stringify(s);
  const lines = ['  ---', `  status: ${r.status}`, `  reason: ${q(r.reason)}`, `  clauses: [${r.clauses.map(q).join(', ')}]`];
  if (r.expected) lines.push(`  expected: ${q(r.expected)}`);
  if (r.actual) lines.push(`  actual: ${q(r.actual)}`);
  if (r.failures.length > 0) {
    lines.push('  failures:');
    for (const f of r.failures) lines.push(`    - { n: ${f.n}, description: ${q(f.description)}, clauses: [${f.clauses.map(q).join(', ')}], got: ${q(f.got)} }`);
  }
  lines.push(`  replay: ${q(replayCommand(r.id, target))}`, '  ...');
  return lines;
}

/**
 * TAP version 13, one test point per case: skip → `# SKIP`, xfail → `not ok … # TODO` (a
 * known failure), xpass → `not ok` (the expectations file is out of date); every non-pass has
 * a YAML block with the reason and failed assertions.
 */
export function formatTap(doc: ResultsDocument): string {
  const out = ['TAP version 13', `1..${doc.results.length}`];
  doc.results.forEach((r, i) => {
    const n = i + 1;
    switch (r.status) {
      case 'pass':
        out.push(`ok ${n} - ${r.id}`);
        return;
      case 'skip':
        out.push(`ok ${n} - ${r.id} # SKIP ${oneLine(r.reason)}`);
        return;
      case 'xfail':
        out.push(`not ok ${n} - ${r.id} # TODO ${oneLine(r.reason)}`);
        break;
      default:
        out.push(`not ok ${n} - ${r.id}`);
    }
    out.push(...yamlBlock(r, doc.environment.target));
  });
  return out.join('\n') + '\n';
}
