import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../conformance/evaluate.js';
import { executeCase, parseExpectations, type SuiteRun } from '../../conformance/runner/index.js';
import { FAILING, LOOPING, PASSING, UNBUILDABLE, UNSUPPORTED } from '../../conformance/runner/fixtures.testkit.js';
import { referenceTarget } from '../../conformance/targets/index.js';
import type { Target } from '../../conformance/targets/target.js';
import {
  environmentOf, formatJson, formatJunit, formatPretty, formatTap, mergeResults, parseResults, resultsDocument, xmlEscape,
  type ResultsDocument,
} from './index.js';

/** One result of every status. */
function everyStatus(): CaseResult[] {
  const expectations = parseExpectations(JSON.stringify({ [FAILING.id]: { status: 'fail', reason: 'known: pid numbering' } }));
  const throwing: Target = { name: 'reference', supports: () => true, run: () => { throw new Error('kernel bug <&>'); } };
  const xpass = { ...PASSING, id: 'planted/xpass' };
  const xfail = { ...FAILING, id: 'planted/xfail' };
  const run = (def: typeof PASSING, target: Target = referenceTarget): CaseResult =>
    executeCase(def, target, { expectations: { ...expectations, [xfail.id]: expectations[FAILING.id]!, [xpass.id]: { status: 'fail', reason: 'stale' } } }).result;
  return [
    run(PASSING), run({ ...FAILING, id: 'planted/fail-2' }), run(LOOPING), run(UNSUPPORTED), run(UNBUILDABLE),
    run(xfail), run(xpass), run({ ...PASSING, id: 'planted/panic' }, throwing),
  ];
}

function doc(results: readonly CaseResult[]): ResultsDocument {
  const run: SuiteRun = {
    target: 'reference', results, jobs: 1, shard: null, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:02.000Z', ms: 2000,
  };
  return resultsDocument(environmentOf(run, { area: 'planted' }), results);
}

interface XmlElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

/** A strict little XML reader: throws on anything not well-formed (what a JUnit consumer would reject). */
function parseXml(xml: string): XmlElement {
  const decode = (s: string): string => {
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bad entity in ${s}`);
    if (s.includes('<')) throw new Error(`raw < in ${s}`);
    return s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
  };
  let i = 0;
  const decl = /^<\?xml [^?]*\?>\s*/.exec(xml);
  if (!decl) throw new Error('no XML declaration');
  i = decl[0].length;
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  while (i < xml.length) {
    const top = stack[stack.length - 1]!;
    if (xml[i] !== '<') {
      const end = xml.indexOf('<', i);
      const text = xml.slice(i, end === -1 ? xml.length : end);
      if (stack.length === 1 && text.trim() !== '') throw new Error('text outside the root');
      top.text += decode(text);
      i = end === -1 ? xml.length : end;
      continue;
    }
    const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(xml.slice(i));
    if (close) {
      if (top.name !== close[1]) throw new Error(`</${close[1]}> closes <${top.name}>`);
      stack.pop();
      i += close[0].length;
      continue;
    }
    const open = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*(\/?)>/.exec(xml.slice(i));
    if (!open) throw new Error(`malformed tag at ${i}: ${xml.slice(i, i + 40)}`);
    const attrs: Record<string, string> = {};
    for (const m of open[2]!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (m[1]! in attrs) throw new Error(`duplicate attribute ${m[1]}`);
      attrs[m[1]!] = decode(m[2]!);
    }
    const el: XmlElement = { name: open[1]!, attrs, children: [], text: '' };
    if (stack.length === 1 && root.children.length > 0) throw new Error('two root elements');
    top.children.push(el);
    if (open[3] !== '/') stack.push(el);
    i += open[0].length;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  return root.children[0]!;
}

describe('conformance reporters', () => {
  const results = everyStatus();
  const d = doc(results);

  it('the planted results cover every status', () => {
    expect(results.map((r) => r.status)).toEqual(['pass', 'fail', 'timeout', 'skip', 'broken', 'xfail', 'xpass', 'panic']);
    expect(d.summary.ok).toBe(false);
    expect(d.summary.byArea.planted!.fail).toBe(1);
  });

  it('JUnit XML is well-formed and its counts match the statuses', () => {
    const root = parseXml(formatJunit(d));
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '8', failures: '2', errors: '3', skipped: '2' });
    const suite = root.children.find((c) => c.name === 'testsuite')!;
    expect(suite.attrs).toMatchObject({ name: 'planted', tests: '8', failures: '2', errors: '3', skipped: '2' });
    const cases = suite.children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual(results.map((r) => r.id));
    const kinds = cases.map((c) => c.children[0]?.name ?? 'pass');
    expect(kinds).toEqual(['pass', 'failure', 'error', 'skipped', 'error', 'skipped', 'failure', 'error']);
    const failure = cases[1]!.children[0]!;
    expect(failure.text).toContain('not ok 2 - getpid is 2 [PROC.GETPID] # got 0x0000000000000001');
    expect(failure.text).toContain('npx touchstone replay planted/fail-2 --trace');
    expect(cases[7]!.children[0]!.attrs.message).toContain('kernel bug <&>');
  });

  it('xmlEscape replaces characters XML 1.0 forbids', () => {
    expect(xmlEscape('a\u0000b\u001bc<d')).toBe('a\uFFFDb\uFFFDc&lt;d');
    expect(() => parseXml(`<?xml version="1.0"?><a b="${xmlEscape('"\'&<>\u0007')}"/>`)).not.toThrow();
  });

  it('TAP has a plan and one numbered test point per case; non-pass points carry YAML', () => {
    const tap = formatTap(d);
    const lines = tap.trimEnd().split('\n');
    expect(lines[0]).toBe('TAP version 13');
    expect(lines[1]).toBe(`1..${results.length}`);
    const points = lines.filter((l) => /^(not )?ok \d+ /.test(l));
    expect(points.length).toBe(results.length);
    expect(points.map((l) => Number(/ok (\d+)/.exec(l)![1]))).toEqual(results.map((_, i) => i + 1));
    expect(points.filter((l) => l.startsWith('not ok') && !l.includes('# TODO')).length).toBe(5);
    expect(points[3]).toMatch(/^ok 4 - planted\/skip # SKIP /);
    expect(points[5]).toMatch(/^not ok 6 - planted\/xfail # TODO known: pid numbering$/);
    expect(tap).toContain('  replay: "npx touchstone replay planted/fail-2 --trace"');
    expect(lines.filter((l) => l === '  ---').length).toBe(lines.filter((l) => l === '  ...').length);
  });

  it('JSON round-trips and is checked on the way in', () => {
    const text = formatJson(d);
    expect(parseResults(text)).toEqual(JSON.parse(text));
    expect(parseResults(text).results).toEqual(results);
    expect(() => parseResults('{"schema":"other/1"}')).toThrow(/schema/);
    const bad = JSON.parse(text) as { results: { status: string }[] };
    bad.results[0]!.status = 'great';
    expect(() => parseResults(JSON.stringify(bad))).toThrow(/unknown status/);
  });

  it('pretty lists each non-pass with clauses, expected vs actual, failed assertions and the replay command', () => {
    const text = formatPretty(d);
    expect(text).toMatch(/^area\s+cases\s+pass\s+fail\s+broken\s+timeout\s+panic\s+skip\s+xfail\s+xpass$/m);
    expect(text).toMatch(/^planted\s+8\s+1\s+1\s+1\s+1\s+1\s+1\s+1\s+1$/m);
    const block = text.slice(text.indexOf('FAIL    planted/fail-2'));
    expect(block).toContain('clauses   PROC.GETPID');
    expect(block).toContain('expected  exit 0, 2 assertions pass');
    expect(block).toContain('actual    exit 1, 1/2 assertions pass');
    expect(block).toContain('not ok 2 - getpid is 2 [PROC.GETPID] # got 0x0000000000000001');
    expect(block).toContain('replay    npx touchstone replay planted/fail-2 --trace');
    expect(text.trimEnd().split('\n').at(-1)).toBe('FAIL: 1 fail, 1 broken, 1 timeout, 1 panic, 1 xpass');
    expect(formatPretty(doc([results[0]!]))).toMatch(/PASS: 1 pass\n$/);
  });

  it('merge joins shards in suite order and refuses a duplicate id', () => {
    const a = doc(results.filter((_, i) => i % 2 === 0));
    const b = doc(results.filter((_, i) => i % 2 === 1));
    const order = new Map(results.map((r, i) => [r.id, i]));
    const merged = mergeResults([b, a], (id) => order.get(id));
    expect(merged.results).toEqual(results);
    expect(merged.summary).toEqual(d.summary);
    expect(merged.environment.parts).toBe(2);
    expect(() => mergeResults([a, b, a])).toThrow(/planted\/pass appears in part 1 and part 3/);
  });
});
