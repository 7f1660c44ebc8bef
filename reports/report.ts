// `touchstone report`: gathers the inputs (results file, coverage, fuzz and differential
// summaries), builds report.json and renders index.html next to it.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseDef } from '../conformance/model.js';
import { allCases } from '../conformance/registry.js';
import { parseResults, type ResultsDocument } from './conformance/index.js';
import { runCoverage } from './coverage-run/run.js';
import { buildReport, type ReportInputs } from './model/build.js';
import { InputError } from './model/check.js';
import { parseCoverageRun } from './model/code-coverage.js';
import { parseDifferential, parseFuzzCampaign } from './model/fuzz.js';
import type { CoverageRunFile, InputNote, ReportModel } from './model/types.js';
import { renderPage } from './page/render.js';
import { COVERAGE_SUBDIR, COVERAGE_SUMMARY, latestDifferentialFile, latestFuzzFile, latestResultsFile } from './paths.js';

export interface ReportOptions {
  /** A results file (or the folder `run --out` wrote); default the latest run's. */
  readonly from?: string;
  readonly out: string;
  /** Measure code and instruction coverage now (runs the suite under V8 coverage). */
  readonly coverage?: boolean;
  readonly coverageJobs?: number;
  /** Restrict the coverage run (tests). */
  readonly coverageSelection?: { readonly area?: string; readonly grep?: string };
  readonly fuzz?: string;
  readonly differential?: string;
  /** The suite's cases; default the registry's. */
  readonly cases?: readonly CaseDef[];
  readonly log?: (line: string) => void;
}

export interface WrittenReport {
  readonly model: ReportModel;
  readonly html: string;
  readonly json: string;
}

function read<T>(file: string, parse: (text: string, source: string) => T): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: ${(err as Error).message}`);
  }
  return parse(text, file);
}

/** An explicit file must exist; the default one may be absent (its section then says "not run"). */
function optional<T>(explicit: string | undefined, fallback: string, parse: (text: string, source: string) => T, absent: string): { value: T | null; note: InputNote } {
  if (explicit !== undefined) return { value: read(explicit, parse), note: { file: explicit, note: '' } };
  if (!existsSync(fallback)) return { value: null, note: { file: null, note: `${absent} (no ${fallback})` } };
  return { value: read(fallback, parse), note: { file: fallback, note: 'latest' } };
}

function resultsFile(from: string): string {
  return existsSync(from) && statSync(from).isDirectory() ? join(from, 'results.json') : from;
}

export async function writeReport(opts: ReportOptions): Promise<WrittenReport> {
  const log = opts.log ?? (() => {});
  const results = optional<ResultsDocument>(opts.from === undefined ? undefined : resultsFile(opts.from), latestResultsFile(), parseResults, 'no conformance run');
  const fuzz = optional(opts.fuzz, latestFuzzFile(), parseFuzzCampaign, 'no fuzz campaign');
  const differential = optional(opts.differential, latestDifferentialFile(), parseDifferential, 'no differential run');

  mkdirSync(opts.out, { recursive: true });
  const covDir = join(opts.out, COVERAGE_SUBDIR);
  const covFile = join(covDir, COVERAGE_SUMMARY);
  let coverage: ReportInputs['coverage'] = null;
  let coverageNote: InputNote;
  const links = { html: `${COVERAGE_SUBDIR}/index.html`, lcov: `${COVERAGE_SUBDIR}/lcov.info` };
  if (opts.coverage) {
    const run: CoverageRunFile = await runCoverage({
      dir: covDir, log, ...(opts.coverageJobs !== undefined ? { jobs: opts.coverageJobs } : {}), ...(opts.coverageSelection ?? {}),
    });
    coverage = { run, source: 'this run', ...links };
    coverageNote = { file: covFile, note: 'measured now' };
  } else if (existsSync(covFile)) {
    coverage = { run: read(covFile, parseCoverageRun), source: 'previous', ...links };
    coverageNote = { file: covFile, note: 'from an earlier report --coverage' };
  } else {
    coverageNote = { file: null, note: 'code coverage was not measured (no --coverage, and no earlier summary in the output folder)' };
  }

  const model = buildReport({
    cases: opts.cases ?? allCases(),
    results: results.value,
    coverage,
    fuzz: fuzz.value,
    differential: differential.value,
    notes: { results: results.note, coverage: coverageNote, fuzz: fuzz.note, differential: differential.note },
  });
  const json = join(opts.out, 'report.json');
  const html = join(opts.out, 'index.html');
  writeFileSync(json, JSON.stringify(model, null, 1) + '\n');
  writeFileSync(html, renderPage(model));
  return { model, html, json };
}
