// Where the report reads and writes by default, and where the compiled Touchstone lives.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout: this file is reports/paths.ts, or dist/reports/paths.js once compiled. */
export const REPO_ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../' : '../../', import.meta.url));

/** The compiled JavaScript of a file of reports/ (e.g. `coverage-run/child.js`), which child processes run. */
export function compiledReportsFile(relative: string): string {
  const file = join(REPO_ROOT, 'dist', 'reports', relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run 'npm run build' first`);
  return file;
}

/**
 * The folder where commands leave their latest outputs for `touchstone report`:
 * TOUCHSTONE_STATE_DIR, else `.touchstone` in the working directory.
 */
export function stateDir(): string {
  return process.env.TOUCHSTONE_STATE_DIR ?? '.touchstone';
}

/** The results of the latest `touchstone run` (the default `--from` of `touchstone report`). */
export function latestResultsFile(): string {
  return join(stateDir(), 'results.json');
}

/** The latest fuzz campaign and differential run (written by their commands). */
export function latestFuzzFile(): string {
  return join(stateDir(), 'fuzz.json');
}

export function latestDifferentialFile(): string {
  return join(stateDir(), 'differential.json');
}

export const DEFAULT_REPORT_DIR = join('reports', 'out');

/** Under the report's folder: the coverage run's istanbul HTML, lcov and summary. */
export const COVERAGE_SUBDIR = 'coverage';
export const COVERAGE_SUMMARY = 'touchstone-coverage.json';
