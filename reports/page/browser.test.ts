// The generated page in headless Chromium (Debian `chromium` + npm `playwright-core`): it renders
// without console errors or requests, and its tables hold the numbers of report.json.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../conformance/evaluate.js';
import { STATUSES } from '../../conformance/model.js';
import { allCases } from '../../conformance/registry.js';
import { runSuite } from '../../conformance/runner/index.js';
import { referenceTarget } from '../../conformance/targets/index.js';
import { ROWS } from '../../cpu/isa/table.js';
import { environmentOf, formatJson, resultsDocument } from '../conformance/index.js';
import {
  COVERAGE_SCHEMA, DIFFERENTIAL_SCHEMA, folderCoverage, FUZZ_SCHEMA, type CoverageRunFile, type DifferentialFile, type FuzzCampaignFile, type IstanbulEntry,
  type ReportModel,
} from '../model/index.js';
import { COVERAGE_SUBDIR, COVERAGE_SUMMARY, REPO_ROOT } from '../paths.js';
import { writeReport } from '../report.js';

const CHROMIUM = process.env.TOUCHSTONE_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SKIP_NOTE = `skipped: no Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium; or set TOUCHSTONE_CHROMIUM)`;
if (!hasChromium) process.stderr.write(`reports/page/browser.test.ts: ${SKIP_NOTE}\n`);

const num = (s: string | null): number => Number((s ?? '').replace(/,/g, '').trim());

function planted(id: string, status: 'fail' | 'panic' | 'xfail'): CaseResult {
  return {
    id, area: 'planted', description: `planted ${status}`, status, clauses: ['FD.BADF'], reason: `${status}: planted`,
    failures: status === 'panic' ? [] : [{ n: 1, description: 'close(-1) fails EBADF', clauses: ['FD.BADF'], got: 'got 0x0' }],
    expected: 'exit 0, 1 assertions pass', actual: 'exit 1, 0/1 assertions pass', reached: ['FD.BADF'], instructions: 10, syscalls: 2, ms: 1,
  };
}

function coverageFile(): CoverageRunFile {
  const e = (c: number, t: number): IstanbulEntry => ({ lines: { total: t, covered: c }, statements: { total: t, covered: c }, branches: { total: 10, covered: 7 }, functions: { total: 4, covered: 3 } });
  const summary = {
    [join(REPO_ROOT, 'reference-kernel/swiftos/kernel.ts')]: e(95, 100),
    [join(REPO_ROOT, 'reference-kernel/swiftos/vfs/path.ts')]: e(40, 50),
    [join(REPO_ROOT, 'cpu/cpu.ts')]: e(30, 60),
  };
  return {
    schema: COVERAGE_SCHEMA, generatedAt: '2026-01-01T00:00:00.000Z', cases: 42, seconds: 3.5, notPassed: 0,
    folders: folderCoverage(summary, REPO_ROOT), rowTranslations: Object.fromEntries(ROWS.slice(0, 40).map((r, i) => [r.name, i + 1])),
  };
}

const FUZZ: FuzzCampaignFile = {
  schema: FUZZ_SCHEMA, startedAt: '2026-01-01T00:00:00.000Z', target: 'reference',
  engines: [{ engine: 'model', seed: 1, seconds: 60, execs: 12000, syscalls: 90000, findings: 1 }, { engine: 'raw', seed: 2, seconds: 60, execs: 3000, syscalls: 1300000, findings: 0 }],
  timeline: [0, 20, 40, 60].map((t, i) => ({ t, execs: t * 250, clausesReached: 100 + 40 * i, findings: i > 1 ? 1 : 0 })),
  clausesReached: ['FD.BADF', 'IPC.XFER.RIGHTS'],
  findings: [{ id: 'model-1', engine: 'model', seed: 1, file: 'corpora/findings/model-1.json', summary: 'a moved handle keeps TRANSFER <b>', calls: 4, clauses: ['IPC.XFER.RIGHTS'] }],
};

const DIFF: DifferentialFile = {
  schema: DIFFERENTIAL_SCHEMA, startedAt: '2026-01-01T00:00:00.000Z', targets: ['reference', 'other-kernel'], programs: 50, agreed: 48,
  differences: [
    { id: 'd1', program: 'seed 7', where: 'call 3 (dup)', a: '-9 EBADF', b: '3', clauses: ['FD.BADF'], replay: 'npx touchstone replay d1' },
    { id: 'd2', program: 'abi/x', where: 'exit status', a: '0', b: '1', clauses: [], replay: 'npx touchstone replay abi/x --target other-kernel' },
  ],
};

/** The text of every cell of the rows `selector` matches (evaluated in the page, where the DOM is). */
function cellsOf(page: Page, selector: string): Promise<string[][]> {
  return page.evaluate(`Array.from(document.querySelectorAll(${JSON.stringify(selector)}), (tr) => Array.from(tr.cells, (td) => td.textContent || ''))`) as Promise<string[][]>;
}

/** The given attributes of every element `selector` matches. */
function attrsOf(page: Page, selector: string, names: readonly string[]): Promise<(string | null)[][]> {
  return page.evaluate(`Array.from(document.querySelectorAll(${JSON.stringify(selector)}), (el) => ${JSON.stringify(names)}.map((n) => el.getAttribute(n)))`) as Promise<(string | null)[][]>;
}

interface Loaded {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
}

describe.skipIf(!hasChromium)(`the report page in headless Chromium${hasChromium ? '' : ` (${SKIP_NOTE})`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'touchstone-report-'));
  let browser: Browser;
  let full: { model: ReportModel; html: string };
  let bare: { model: ReportModel; html: string };

  async function open(file: string): Promise<Loaded> {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  beforeAll(async () => {
    const run = await runSuite({ target: referenceTarget, cases: allCases().filter((c) => c.area === 'abi').slice(0, 5), jobs: 1 });
    const results = [...run.results, planted('planted/fail', 'fail'), planted('planted/panic', 'panic'), planted('planted/xfail', 'xfail')];
    const from = join(dir, 'results.json');
    writeFileSync(from, formatJson(resultsDocument(environmentOf(run), results)));
    const fuzz = join(dir, 'fuzz.json');
    const differential = join(dir, 'differential.json');
    writeFileSync(fuzz, JSON.stringify(FUZZ));
    writeFileSync(differential, JSON.stringify(DIFF));
    const out = join(dir, 'full');
    mkdirSync(join(out, COVERAGE_SUBDIR), { recursive: true });
    writeFileSync(join(out, COVERAGE_SUBDIR, COVERAGE_SUMMARY), JSON.stringify(coverageFile()));
    const cases = allCases().filter((c) => c.area === 'abi');
    full = await writeReport({ from, out, fuzz, differential, cases });
    const saved = process.env.TOUCHSTONE_STATE_DIR;
    process.env.TOUCHSTONE_STATE_DIR = join(dir, 'empty-state');
    try {
      bare = await writeReport({ from, out: join(dir, 'bare'), cases });
    } finally {
      if (saved === undefined) delete process.env.TOUCHSTONE_STATE_DIR;
      else process.env.TOUCHSTONE_STATE_DIR = saved;
    }
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders without console errors and makes no request but the page itself', async () => {
    for (const r of [full, bare]) {
      const { page, errors, requests } = await open(r.html);
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(r.html).href]);
      expect(await page.title()).toBe('Touchstone report — reference');
      await page.close();
    }
  });

  it('the conformance table and failure list hold the numbers of report.json', async () => {
    const { page } = await open(full.html);
    const c = full.model.conformance!;
    const rows = await cellsOf(page, '#areas-table tbody tr');
    expect(rows.map((r) => r[0])).toEqual([...c.areas.map((a) => a.area), 'all']);
    c.areas.forEach((a, i) => expect(rows[i]!.slice(1).map(num)).toEqual([a.total, ...STATUSES.map((s) => a.counts[s])]));
    expect(rows.at(-1)!.slice(1).map(num)).toEqual([c.total, ...STATUSES.map((s) => c.byStatus[s])]);
    expect(await page.textContent('#card-verdict .big')).toBe('FAIL');
    expect(await attrsOf(page, '#failures details', ['data-state'])).toEqual(c.failures.map((f) => [f.status]));
    expect(await page.locator('#failures details summary code').allTextContents()).toEqual(c.failures.map((f) => f.id));
    expect(c.failuresTotal).toBe(3);
    await page.click('#failures details[data-state="fail"] summary');
    expect(await page.textContent('#failures details[data-state="fail"] dl')).toContain('npx touchstone replay planted/fail --trace');
    await page.close();
  });

  it('the clause tables hold the numbers of report.json, unchecked clauses first', async () => {
    const { page } = await open(full.html);
    const cl = full.model.clauses;
    const keys = await attrsOf(page, '#clauses-table tbody tr', ['data-id', 'data-state']);
    const rows = await cellsOf(page, '#clauses-table tbody tr');
    expect(rows.length).toBe(cl.total);
    expect(keys).toEqual(cl.clauses.map((e) => [e.id, e.state]));
    expect(rows.map((r) => [r[0], r[1], num(r[2]!), num(r[3]!)])).toEqual(cl.clauses.map((e) => [e.id, e.state, e.cases, e.reached]));
    expect(keys[0]![1]).toBe('unchecked');
    const groups = await cellsOf(page, '#clause-groups tbody tr');
    expect(groups.map((g) => [g[0], ...g.slice(1).map(num)])).toEqual(cl.groups.map((g) => [g.group, g.total, g.checked, g.informative, g.unchecked]));
    expect(await page.textContent('#card-clauses .small')).toContain(`${cl.checked} of ${cl.total}`);

    const filter = page.locator('.filters[data-table="clauses-table"]');
    await filter.locator('select').selectOption('checked');
    const shown = await page.locator('#clauses-table tbody tr:not([hidden])').count();
    expect(shown).toBe(cl.checked);
    expect(await filter.locator('.count').textContent()).toBe(`${cl.checked} of ${cl.total} shown`);
    await page.close();
  });

  it('the errno matrix holds the squares and cells of report.json', async () => {
    const { page } = await open(full.html);
    const m = full.model.errno;
    expect(await attrsOf(page, '#errno-matrix tbody tr', ['data-row'])).toEqual(m.rows.map((r) => [r.name]));
    const squares = await attrsOf(page, '#errno-matrix tbody td[data-errno]', ['data-errno', 'data-state', 'data-cases']);
    expect(squares).toEqual(m.rows.flatMap((r) => r.squares.map((s) => [s.errno, s.state, String(s.cases)])));
    expect(await page.locator('#errno-matrix thead th.errno').allTextContents()).toEqual(m.errnos);
    const cells = await cellsOf(page, '#errno-cells tbody tr');
    expect(cells.map((c) => [c[0], c[1], c[2], c[3], num(c[4]!), num(c[5]!)])).toEqual(m.cells.map((c) => [c.row, c.errno, c.clause, c.state, c.recorded, c.inferred]));
    const problems = await page.locator('#errno-problems tbody tr').count();
    expect(problems).toBe(m.totals.missing + m.totals.unreachable);
    expect(await page.textContent('#card-errno .small')).toContain(`${m.totals.hit} of ${m.totals.cells}`);
    await page.close();
  });

  it('code coverage, instruction classes, fuzzing and differential tables hold the numbers of report.json', async () => {
    const { page } = await open(full.html);
    const cov = full.model.codeCoverage!;
    expect(cov.source).toBe('previous');
    const folders = await cellsOf(page, '#coverage-table tbody tr');
    expect(folders.map((f) => [f[0], num(f[1]!), f[2]!.split('%')[0], f[3]!.split('%')[0]])).toEqual(
      cov.folders.map((f) => [f.folder, f.files, f.lines.pct.toFixed(1), f.branches.pct.toFixed(1)]));
    expect(await page.getAttribute('#code-coverage a[href$="index.html"]', 'href')).toBe('coverage/index.html');
    const insn = full.model.instructions!;
    const classes = await cellsOf(page, '#insn-table tbody tr');
    expect(classes.map((c) => [c[0], num(c[1]!), num(c[2]!)])).toEqual(insn.classes.map((c) => [c.cls, c.rows, c.exercised]));
    expect(insn.exercised).toBe(40);
    const fuzz = full.model.fuzz!;
    const engines = await cellsOf(page, '#fuzz-engines tbody tr');
    expect(engines.map((e) => [e[0], ...e.slice(1).map(num)])).toEqual(fuzz.engines.map((e) => [e.engine, e.seed, e.seconds, e.execs, e.syscalls, e.findings]));
    expect(await page.textContent('#fuzz-findings tbody')).toContain('a moved handle keeps TRANSFER <b>');
    expect(await page.locator('#fuzz svg polyline').count()).toBe(3);
    expect((await cellsOf(page, '#differences tbody tr')).map((r) => r[0])).toEqual(['d1', 'd2']);
    expect(await page.textContent('#differential .lead')).toContain(`${full.model.differential!.differ} differed`);
    await page.close();
  });

  it('sections without input say "not run"', async () => {
    const { page } = await open(bare.html);
    expect([bare.model.codeCoverage, bare.model.instructions, bare.model.fuzz, bare.model.differential]).toEqual([null, null, null, null]);
    for (const id of ['code-coverage', 'instructions', 'fuzz', 'differential']) {
      expect(await page.textContent(`#${id} .notrun`)).toMatch(/^not run: /);
    }
    expect(await page.locator('#conformance .notrun').count()).toBe(0);
    await page.close();
  });
});
