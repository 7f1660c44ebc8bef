import { describe, expect, it } from 'vitest';
import { cellKey, documentedCells, ErrorsCase, UNREACHABLE, type ErrorCell } from '../../conformance/areas/errors/index.js';
import type { CaseResult } from '../../conformance/evaluate.js';
import type { BuiltCase, CaseDef, Status } from '../../conformance/model.js';
import { ROWS } from '../../cpu/isa/table.js';
import { CLAUSE_LIST, ERRNO, SYSCALLS, type Clause } from '../../spec/index.js';
import { resultsDocument, type Environment, type ResultsDocument } from '../conformance/index.js';
import {
  buildReport, clauseCoverage, clauseListings, clauseSection, codeCoverageSection, conformanceSection, COVERAGE_SCHEMA, differentialSection,
  DIFFERENTIAL_SCHEMA, errnoCandidates, errnoSection, folderCoverage, FUZZ_SCHEMA, fuzzSection, insnSection, NO_CASE, parseCoverageRun, parseDifferential,
  parseFuzzCampaign, percent, type CoverageRunFile, type DifferentialFile, type FuzzCampaignFile, type IstanbulEntry,
} from './index.js';

const ENV: Environment = {
  target: 'reference', touchstone: '0.1.0', interpreting: 1, node: 'v20', platform: 'linux-x64', commit: null, seed: null, jobs: 2, shard: null,
  selection: { area: null, grep: null }, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:12.500Z', parts: 1,
};

function result(id: string, status: Status, extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id, area: id.split('/')[0]!, description: `checks ${id}`, status, clauses: ['FD.BADF'], reason: status === 'pass' ? '' : `${status} happened`,
    failures: status === 'fail' ? [{ n: 2, description: 'close of a closed fd fails EBADF', clauses: ['FD.BADF'], got: 'got 0' }] : [],
    expected: 'exit 0, 2 assertions pass', actual: status === 'pass' ? 'exit 0, 2/2 assertions pass' : 'exit 1, 1/2 assertions pass',
    reached: ['FD.BADF'], instructions: 100, syscalls: 7, ms: 1, ...extra,
  };
}

/** 3 areas; 7 cases: 4 pass, 1 fail, 1 panic, 1 xfail. */
function synthetic(): ResultsDocument {
  return resultsDocument(ENV, [
    result('abi/a', 'pass'), result('abi/b', 'fail'), result('files/a', 'pass', { reached: ['FD.BADF', 'FS.OPEN.ENOENT'] }),
    result('files/b', 'xfail'), result('files/c', 'pass'), result('ipc/a', 'panic'), result('ipc/b', 'pass', { reached: [] }),
  ]);
}

function caseDef(id: string, rows: readonly string[], clauses: readonly string[]): CaseDef {
  return { id, area: id.split('/')[0]!, description: id, rows, clauses, build: (): BuiltCase => { throw new Error('not built in these tests'); } };
}

describe('percent and ratio', () => {
  it('rounds to 0.1 and calls nothing-to-cover 100%', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 0)).toBe(100);
  });
});

describe('conformance section', () => {
  const doc = synthetic();
  const s = conformanceSection(doc);
  it('counts by area and status, in the results order', () => {
    expect(s.total).toBe(7);
    expect(s.ok).toBe(false);
    expect(s.areas.map((a) => [a.area, a.total])).toEqual([['abi', 2], ['files', 3], ['ipc', 2]]);
    expect(s.areas[1]!.counts).toMatchObject({ pass: 2, xfail: 1, fail: 0 });
    expect(s.byStatus).toMatchObject({ pass: 4, fail: 1, panic: 1, xfail: 1, broken: 0 });
    expect(s.seconds).toBe(12.5);
    expect(s.instructions).toBe(700);
    expect(s.syscalls).toBe(49);
  });
  it('lists the cases that did not pass worst first, with clauses, expected vs actual and the replay command', () => {
    expect(s.failures.map((f) => [f.id, f.status])).toEqual([['ipc/a', 'panic'], ['abi/b', 'fail'], ['files/b', 'xfail']]);
    expect(s.failuresTotal).toBe(3);
    const fail = s.failures[1]!;
    expect(fail).toMatchObject({ clauses: ['FD.BADF'], expected: 'exit 0, 2 assertions pass', actual: 'exit 1, 1/2 assertions pass', replay: 'npx touchstone replay abi/b --trace' });
    expect(fail.assertions).toEqual([{ n: 2, description: 'close of a closed fd fails EBADF', clauses: ['FD.BADF'], got: 'got 0' }]);
  });
  it('keeps at most the given number of failures but counts them all', () => {
    const cut = conformanceSection(doc, 1);
    expect(cut.failures.length).toBe(1);
    expect(cut.failuresTotal).toBe(3);
  });
});

describe('clause coverage', () => {
  const clauses: Clause[] = [
    { id: 'X.ONE', text: 'one', source: { kind: 'touchstone', note: 'test' } },
    { id: 'X.TWO', text: 'two', source: { kind: 'touchstone', note: 'test' }, informative: { reason: 'nothing to observe' } },
    { id: 'Y.THREE', text: 'three', source: { kind: 'seed', seed: '002', section: 'S' } },
    { id: 'Y.FOUR', text: 'four', source: { kind: 'linux-man', page: 'x(2)' }, decision: { rationale: 'r' } },
  ];
  const cases = [
    { id: 'a/1', clauses: ['Y.THREE', 'Y.THREE', 'NOT.A.CLAUSE'] },
    { id: 'a/2', clauses: ['Y.THREE', 'Y.FOUR'] },
  ];
  it('puts unchecked clauses first, then informative ones with the spec reason, then checked ones with their cases', () => {
    const cov = clauseCoverage(cases, clauses);
    expect(cov.map((c) => [c.clause.id, c.state, c.reason, c.cases])).toEqual([
      ['X.ONE', 'unchecked', NO_CASE, []],
      ['X.TWO', 'informative', 'nothing to observe', []],
      ['Y.THREE', 'checked', null, ['a/1', 'a/2']],
      ['Y.FOUR', 'checked', null, ['a/2']],
    ]);
  });
  it('counts per group and, with a run, the cases the kernel named each clause in', () => {
    const s = clauseSection(cases, [{ reached: ['Y.THREE', 'Y.THREE'] }, { reached: ['Y.THREE', 'X.ONE'] }, { reached: [] }], clauses);
    expect(s).toMatchObject({ total: 4, checked: 2, informative: 1, unchecked: 1, reached: 2 });
    expect(s.groups).toEqual([
      { group: 'X', total: 2, checked: 0, informative: 1, unchecked: 1 },
      { group: 'Y', total: 2, checked: 2, informative: 0, unchecked: 0 },
    ]);
    const three = s.clauses.find((c) => c.id === 'Y.THREE')!;
    expect(three).toMatchObject({ cases: 2, sample: ['a/1', 'a/2'], reached: 2, source: 'seed 002, S', decision: false });
    expect(s.clauses.find((c) => c.id === 'Y.FOUR')).toMatchObject({ decision: true, source: 'man x(2)', reached: 0 });
    expect(clauseSection(cases, null, clauses).reached).toBeNull();
  });
  it('samples at most five cases per clause and counts them all', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ id: `m/${i}`, clauses: ['X.ONE'] }));
    const e = clauseSection(many, null, clauses).clauses.find((c) => c.id === 'X.ONE')!;
    expect(e.cases).toBe(12);
    expect(e.sample).toEqual(['m/0', 'm/1', 'm/2', 'm/3', 'm/4']);
  });
  it('covers every clause of the spec', () => {
    const cov = clauseCoverage([]);
    expect(cov.length).toBe(CLAUSE_LIST.length);
    expect(cov.filter((c) => c.state === 'informative').length).toBe(CLAUSE_LIST.filter((c) => c.informative).length);
  });
  it('takes the clauses a results file recorded, else the case\'s own', () => {
    const defs = [caseDef('abi/a', [], ['ABI.ONE']), caseDef('new/case', [], ['NEW.ONE'])];
    expect(clauseListings(defs, synthetic())).toEqual([{ id: 'abi/a', clauses: ['FD.BADF'] }, { id: 'new/case', clauses: ['NEW.ONE'] }]);
  });
});

describe('syscall × errno matrix', () => {
  const cases: CaseDef[] = [
    caseDef('x/close-1', ['close'], ['FD.BADF']),
    caseDef('x/close-2', ['close', 'dup'], ['FD.BADF']),
    caseDef('x/unrelated', ['close'], ['PROC.GETPID']),
  ];
  const cells = documentedCells();
  /** A documented cell none of the cases above reaches, planted as unreachable. */
  const far = cells.find((c) => c.row !== 'close' && c.row !== 'dup' && c.clause !== 'FD.BADF')!;
  const unreachable = [{ ...far, reason: 'planted: no way from EL0' }];
  const m = errnoSection(cases, SYSCALLS, unreachable);
  it('has every documented cell, rows by number, columns by errno number', () => {
    expect(m.rows.map((r) => r.nr)).toEqual([...SYSCALLS].map((r) => r.nr).sort((a, b) => a - b));
    expect(m.totals.cells).toBe(cells.length);
    expect(m.totals.cells + m.totals.notImplemented).toBe(SYSCALLS.reduce((n, r) => n + r.errors.length, 0));
    const numbers = m.errnos.map((e) => ERRNO[e as keyof typeof ERRNO]);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });
  it('counts hits inferred from rows + clauses, and marks unreachable cells with their reason', () => {
    const close = m.cells.find((c) => c.row === 'close' && c.errno === 'EBADF')!;
    expect(close).toMatchObject({ state: 'hit', inferred: 2, recorded: 0, sample: ['x/close-1', 'x/close-2'], reason: null });
    const dup = m.cells.find((c) => c.row === 'dup' && c.clause === 'FD.BADF')!;
    expect(dup.inferred).toBe(1);
    const planted = m.cells.find((c) => cellKey(c as ErrorCell) === cellKey(far))!;
    expect(planted).toMatchObject({ state: 'unreachable', reason: 'planted: no way from EL0' });
    const hit = m.cells.filter((c) => c.state === 'hit').length;
    expect(m.totals).toMatchObject({ hit, unreachable: 1, missing: cells.length - hit - 1 });
    const closeRow = m.rows.find((r) => r.name === 'close')!;
    expect(closeRow.squares.find((s) => s.errno === 'EBADF')).toEqual({ errno: 'EBADF', state: 'hit', cases: 2, clauses: ['FD.BADF'] });
  });
  it('an errors case records its cells exactly, and a hit beats unreachable', () => {
    const recorded = new ErrorsCase({ id: 'planted', description: 'pretend', cells: [far], build: () => {} });
    const r = errnoSection([recorded], SYSCALLS, unreachable);
    expect(r.cells.find((c) => cellKey(c as ErrorCell) === cellKey(far))).toMatchObject({ state: 'hit', recorded: 1, inferred: 0, sample: ['errors/planted'], reason: null });
    expect(r.totals.unreachable).toBe(0);
  });
  it('the spec\'s unreachable cells are unreachable unless a case reaches them', () => {
    const r = errnoSection([]);
    expect(r.totals.unreachable).toBe(UNREACHABLE.length);
    expect(r.totals.hit).toBe(0);
  });
  it('cells of rows that are not implemented are neither hit nor missing', () => {
    const rows = SYSCALLS.map((row) => (row.name === 'close' ? { ...row, support: 'not-implemented' as const } : row));
    const r = errnoSection(cases, rows, unreachable);
    const close = r.rows.find((row) => row.name === 'close')!;
    expect(close.implemented).toBe(false);
    expect(close.squares.every((s) => s.state === 'not-implemented')).toBe(true);
    expect(r.totals.notImplemented).toBe(m.totals.notImplemented + close.squares.length);
    expect(r.totals.cells).toBe(m.totals.cells - close.squares.length);
  });
  it('leaving out the cases that list no cell clause changes nothing and reads none of their rows', () => {
    let rowsRead = 0;
    const silent: CaseDef = { ...caseDef('x/no-cell-clause', [], ['ABI.LAYERS']), get rows() { rowsRead++; return ['close']; } };
    const all = [...cases, silent, new ErrorsCase({ id: 'planted', description: 'pretend', cells: [far], build: () => {} })];
    const candidates = errnoCandidates(all);
    expect(candidates.map((c) => c.id)).toEqual(['x/close-1', 'x/close-2', 'errors/planted']);
    expect(candidates[2]).toBeInstanceOf(ErrorsCase);
    expect(errnoSection(candidates, SYSCALLS, unreachable)).toEqual(errnoSection(all, SYSCALLS, unreachable));
    rowsRead = 0;
    errnoSection(candidates, SYSCALLS, unreachable);
    expect(rowsRead).toBe(0);
    const relisted = errnoCandidates(all, (c) => (c.id === 'x/no-cell-clause' ? ['FD.BADF'] : c.clauses));
    expect(relisted.map((c) => c.id)).toContain('x/no-cell-clause');
  });
  it('a square with a missing clause is missing', () => {
    for (const row of m.rows) {
      for (const s of row.squares) {
        const mine = m.cells.filter((c) => c.row === row.name && c.errno === s.errno);
        if (mine.some((c) => c.state === 'missing')) expect(s.state).toBe('missing');
      }
    }
  });
});

describe('code coverage', () => {
  const entry = (lines: [number, number], branches: [number, number]): IstanbulEntry => ({
    lines: { total: lines[1], covered: lines[0] }, statements: { total: lines[1], covered: lines[0] },
    branches: { total: branches[1], covered: branches[0] }, functions: { total: 2, covered: 1 },
  });
  const summary: Record<string, IstanbulEntry> = {
    total: entry([0, 0], [0, 0]),
    '/repo/reference-kernel/swiftos/kernel.ts': entry([90, 100], [8, 10]),
    '/repo/reference-kernel/swiftos/vfs/path.ts': entry([10, 100], [0, 10]),
    '/repo/reference-kernel/linux/index.ts': entry([0, 50], [0, 0]),
    '/repo/cpu/cpu.ts': entry([5, 10], [1, 2]),
    '/repo/spec/index.ts': entry([1, 1], [1, 1]),
  };
  const folders = folderCoverage(summary, '/repo');
  it('sums files per folder, top folders first, and leaves other folders out', () => {
    expect(folders.map((f) => f.folder)).toEqual(['reference-kernel', 'cpu', 'reference-kernel/linux', 'reference-kernel/swiftos', 'reference-kernel/swiftos/vfs']);
    expect(folders[0]).toMatchObject({ files: 3, lines: { total: 250, covered: 100, pct: 40 }, branches: { total: 20, covered: 8, pct: 40 }, functions: { total: 6, covered: 3, pct: 50 } });
    expect(folders[3]).toMatchObject({ files: 2, lines: { total: 200, covered: 100, pct: 50 } });
    expect(folders[1]).toMatchObject({ files: 1, lines: { pct: 50 } });
  });
  const run: CoverageRunFile = { schema: COVERAGE_SCHEMA, generatedAt: 'now', cases: 3, seconds: 1, notPassed: 0, folders, rowTranslations: { ADD_imm: 3 } };
  it('checks the issue targets', () => {
    const s = codeCoverageSection(run, 'previous', { html: 'coverage/index.html', lcov: 'coverage/lcov.info' });
    expect(s.targets).toEqual([
      { folder: 'reference-kernel', metric: 'lines', pct: 90, met: false },
      { folder: 'reference-kernel', metric: 'branches', pct: 80, met: false },
    ]);
  });
  it('reads a summary back and refuses a malformed one', () => {
    expect(parseCoverageRun(JSON.stringify(run), 'f')).toEqual(run);
    expect(() => parseCoverageRun(JSON.stringify({ ...run, schema: 'x' }), 'f')).toThrow(/schema x/);
    expect(() => parseCoverageRun(JSON.stringify({ ...run, rowTranslations: { a: 'b' } }), 'f')).toThrow(/rowTranslations/);
    expect(() => parseCoverageRun('{', 'f')).toThrow(/not JSON/);
  });
});

describe('instruction classes', () => {
  it('counts rows translated at least once per class of the encoding table', () => {
    const [a, b] = [ROWS[0]!, ROWS.find((r) => r.cls !== ROWS[0]!.cls)!];
    const s = insnSection({ [a.name]: 5, [b.name]: 1, 'no such row': 9 });
    expect(s.rows).toBe(ROWS.length);
    expect(s.exercised).toBe(2);
    expect(s.classes.reduce((n, c) => n + c.rows, 0)).toBe(ROWS.length);
    const ca = s.classes.find((c) => c.cls === a.cls)!;
    expect(ca.exercised).toBe(1);
    expect(ca.unexercised).not.toContain(a.name);
    expect(ca.unexercised.length).toBe(ca.rows - 1);
    expect(insnSection({}).exercised).toBe(0);
  });
});

describe('fuzz and differential inputs', () => {
  const fuzz: FuzzCampaignFile = {
    schema: FUZZ_SCHEMA, startedAt: 't0', target: 'reference',
    engines: [
      { engine: 'model', seed: 1, seconds: 60, execs: 6000, syscalls: 30000, findings: 1 },
      { engine: 'raw', seed: 2, seconds: 40, execs: 4000, syscalls: 900000, findings: 0 },
    ],
    timeline: [{ t: 10, execs: 1000, clausesReached: 50, findings: 0 }, { t: 0, execs: 0, clausesReached: 0, findings: 0 }],
    clausesReached: ['FD.BADF', 'FD.BADF', 'IPC.XFER.RIGHTS'],
    findings: [{ id: 'f1', engine: 'model', seed: 1, file: 'corpora/findings/f1.json', summary: 'dup keeps TRANSFER', calls: 3, clauses: ['IPC.XFER.RIGHTS'] }],
  };
  it('sums the engines and sorts the timeline', () => {
    const s = fuzzSection(parseFuzzCampaign(JSON.stringify(fuzz), 'f'));
    expect(s.totals).toEqual({ seconds: 100, execs: 10000, syscalls: 930000, findings: 1, execsPerSecond: 100 });
    expect(s.timeline.map((p) => p.t)).toEqual([0, 10]);
    expect(s.clausesReached).toBe(2);
  });
  it('refuses files of another shape', () => {
    expect(() => parseFuzzCampaign(JSON.stringify({ ...fuzz, schema: 'touchstone-fuzz/0' }), 'f')).toThrow(/schema/);
    expect(() => parseFuzzCampaign(JSON.stringify({ ...fuzz, engines: [{ engine: 'x' }] }), 'f')).toThrow(/engines: field seed/);
  });
  const diff: DifferentialFile = {
    schema: DIFFERENTIAL_SCHEMA, startedAt: 't0', targets: ['reference', 'other'], programs: 10, agreed: 8,
    differences: [{ id: 'd1', program: 'seed 7', where: 'call 3 (dup)', a: '-9 EBADF', b: '3', clauses: ['FD.BADF'], replay: 'npx touchstone replay d1' }],
  };
  it('counts the programs that differ', () => {
    expect(differentialSection(parseDifferential(JSON.stringify(diff), 'd'))).toMatchObject({ programs: 10, agreed: 8, differ: 2 });
    expect(() => parseDifferential(JSON.stringify({ ...diff, targets: ['one'] }), 'd')).toThrow(/two target names/);
  });
});

describe('buildReport', () => {
  const notes = { results: { file: null, note: 'none' }, coverage: { file: null, note: 'none' }, fuzz: { file: null, note: 'none' }, differential: { file: null, note: 'none' } };
  it('leaves absent inputs null ("not run") and computes the suite-wide sections anyway', () => {
    const m = buildReport({ cases: [caseDef('x/close', ['close'], ['FD.BADF'])], results: null, coverage: null, fuzz: null, differential: null, notes });
    expect(m.schema).toBe('touchstone-report/1');
    expect([m.conformance, m.codeCoverage, m.instructions, m.fuzz, m.differential]).toEqual([null, null, null, null, null]);
    expect(m.clauses.total).toBe(CLAUSE_LIST.length);
    expect(m.clauses.checked).toBe(1);
    expect(m.clauses.reached).toBeNull();
    expect(m.errno.totals.hit).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
});
