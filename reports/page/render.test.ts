import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../conformance/evaluate.js';
import type { BuiltCase, CaseDef } from '../../conformance/model.js';
import { resultsDocument, type Environment } from '../conformance/index.js';
import { buildReport } from '../model/index.js';
import { compact, esc, heat, renderPage } from './index.js';

const ENV: Environment = {
  target: 'reference', touchstone: '0.1.0', interpreting: 1, node: 'v20', platform: 'linux-x64', commit: null, seed: null, jobs: 1, shard: null,
  selection: { area: null, grep: null }, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', parts: 1,
};

const hostile = '<script>alert("x")</script> & \'quotes\'';

function failing(): CaseResult {
  return {
    id: 'abi/evil', area: 'abi', description: hostile, status: 'fail', clauses: ['FD.BADF'], reason: hostile,
    failures: [{ n: 1, description: hostile, clauses: ['FD.BADF'], got: hostile }], expected: 'exit 0', actual: 'exit 1',
    reached: [], instructions: 1, syscalls: 1, ms: 1,
  };
}

const cases: CaseDef[] = [{ id: 'abi/evil', area: 'abi', description: hostile, rows: ['close'], clauses: ['FD.BADF'], build: (): BuiltCase => { throw new Error('unused'); } }];
const notes = { results: { file: 'r.json', note: '' }, coverage: { file: null, note: 'no coverage here' }, fuzz: { file: null, note: 'no fuzz here' }, differential: { file: null, note: 'no differential here' } };

describe('renderPage', () => {
  const model = buildReport({ cases, results: resultsDocument(ENV, [failing()]), coverage: null, fuzz: null, differential: null, notes });
  const html = renderPage(model);
  it('is one document with its style and script inline and no external reference', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<style>/g)?.length).toBe(1);
    expect(html.match(/<script>/g)?.length).toBe(1);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<link\b/);
  });
  it('escapes text from the results', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(esc(hostile));
  });
  it('says "not run" for absent inputs, with the reason', () => {
    for (const id of ['code-coverage', 'instructions', 'fuzz', 'differential']) {
      const part = html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));
      expect(part).toContain('<strong>not run</strong>');
    }
    expect(html).toContain('no fuzz here');
  });
  it('shows the failure with its replay command', () => {
    expect(html).toContain('npx touchstone replay abi/evil --trace');
    expect(html).toMatch(/<h3>Cases that did not pass \(1\)<\/h3>/);
  });
  it('has one matrix square per documented (row, errno)', () => {
    const squares = html.match(/<td class="[^"]*" data-errno=/g)?.length;
    expect(squares).toBe(model.errno.rows.reduce((n, r) => n + r.squares.length, 0));
  });
});

describe('page helpers', () => {
  it('compact counts and heat levels', () => {
    expect([compact(7), compact(999), compact(1234), compact(15_600)]).toEqual(['7', '999', '1.2k', '15k']);
    expect([heat(1), heat(2), heat(4), heat(16), heat(100)]).toEqual([1, 2, 3, 4, 5]);
  });
});
