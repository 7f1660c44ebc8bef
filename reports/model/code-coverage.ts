// Code coverage of the conformance run: istanbul's json-summary folded into folders, and the
// issue's targets checked against it.

import { relative, sep } from 'node:path';
import { COVERAGE_SCHEMA, type CodeCoverageSection, type CoverageMetrics, type CoverageRunFile, type FolderCoverage } from './types.js';
import { expectFields, expectSchema, InputError, isRecord, parseJson } from './check.js';
import { ratio } from './ratio.js';

const METRICS = ['lines', 'branches', 'functions', 'statements'] as const;
type Metric = (typeof METRICS)[number];

/** One entry of istanbul's coverage-summary.json (the json-summary reporter). */
export type IstanbulEntry = Readonly<Record<Metric, { readonly total: number; readonly covered: number }>>;

/** Source folders the coverage run measures. */
export const COVERED_FOLDERS: readonly string[] = ['reference-kernel', 'cpu'];

/** Issue 5's targets for the conformance run alone. */
export const COVERAGE_TARGETS: readonly { readonly folder: string; readonly metric: 'lines' | 'branches'; readonly pct: number }[] = [
  { folder: 'reference-kernel', metric: 'lines', pct: 90 },
  { folder: 'reference-kernel', metric: 'branches', pct: 80 },
];

/**
 * Sums a json-summary (keys: absolute file paths, and `total`) per folder: each of `tops` (paths
 * relative to `root`) and every folder below it that holds a measured file. Tops first, then the
 * rest in path order.
 */
export function folderCoverage(summary: Readonly<Record<string, IstanbulEntry>>, root: string, tops: readonly string[] = COVERED_FOLDERS): FolderCoverage[] {
  const sums = new Map<string, { files: number; m: Record<Metric, { total: number; covered: number }> }>();
  for (const [file, entry] of Object.entries(summary)) {
    if (file === 'total') continue;
    const rel = relative(root, file).split(sep).join('/');
    const top = tops.find((t) => rel.startsWith(`${t}/`));
    if (top === undefined) continue;
    const parts = rel.split('/').slice(0, -1);
    for (let depth = top.split('/').length; depth <= parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      let s = sums.get(folder);
      if (!s) {
        s = { files: 0, m: { lines: { total: 0, covered: 0 }, branches: { total: 0, covered: 0 }, functions: { total: 0, covered: 0 }, statements: { total: 0, covered: 0 } } };
        sums.set(folder, s);
      }
      s.files++;
      for (const k of METRICS) {
        s.m[k].total += entry[k].total;
        s.m[k].covered += entry[k].covered;
      }
    }
  }
  const folders = [...sums.keys()].sort((a, b) => {
    const ta = tops.indexOf(a);
    const tb = tops.indexOf(b);
    if (ta >= 0 || tb >= 0) return (ta < 0 ? Infinity : ta) - (tb < 0 ? Infinity : tb);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return folders.map((folder) => {
    const s = sums.get(folder)!;
    const metrics = Object.fromEntries(METRICS.map((k) => [k, ratio(s.m[k].covered, s.m[k].total)])) as unknown as CoverageMetrics;
    return { folder, files: s.files, ...metrics };
  });
}

/** Checks a coverage summary read back from disk. */
export function parseCoverageRun(text: string, source: string): CoverageRunFile {
  const v = parseJson(text, source);
  expectSchema(v, COVERAGE_SCHEMA, source);
  const o = expectFields(v, { generatedAt: 'string', cases: 'number', seconds: 'number', notPassed: 'number', folders: 'array', rowTranslations: 'object' }, source);
  for (const f of o.folders as readonly unknown[]) {
    const folder = expectFields(f, { folder: 'string', files: 'number', lines: 'object', branches: 'object', functions: 'object', statements: 'object' }, `${source}: folders`);
    for (const k of METRICS) expectFields(folder[k], { total: 'number', covered: 'number', pct: 'number' }, `${source}: ${String(folder.folder)} ${k}`);
  }
  const counts = o.rowTranslations;
  if (!isRecord(counts) || Object.values(counts).some((n) => typeof n !== 'number')) throw new InputError(`${source}: rowTranslations must map row names to counts`);
  return v as unknown as CoverageRunFile;
}

export function codeCoverageSection(run: CoverageRunFile, source: CodeCoverageSection['source'], links: { readonly html: string; readonly lcov: string }): CodeCoverageSection {
  return {
    source,
    generatedAt: run.generatedAt,
    cases: run.cases,
    seconds: run.seconds,
    notPassed: run.notPassed,
    html: links.html,
    lcov: links.lcov,
    folders: run.folders,
    targets: COVERAGE_TARGETS.flatMap((t) => {
      const f = run.folders.find((x) => x.folder === t.folder);
      return f ? [{ ...t, met: f[t.metric].pct >= t.pct }] : [];
    }),
  };
}
