// `touchstone report --coverage`: runs the conformance suite on the reference kernel in child
// processes under V8 coverage (NODE_V8_COVERAGE), then c8 turns the raw coverage of dist/ into
// istanbul HTML, lcov and a json-summary (remapped to the TypeScript sources), which this folds
// into folders next to the instruction-row counts.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { folderCoverage, type IstanbulEntry } from '../model/code-coverage.js';
import { COVERAGE_SCHEMA, type CoverageRunFile } from '../model/types.js';
import { compiledReportsFile, COVERAGE_SUMMARY, REPO_ROOT } from '../paths.js';
import type { ChildResult, ChildTask } from './child.js';

export interface CoverageOptions {
  /** Folder for the istanbul HTML, lcov.info, coverage-summary.json and the summary file. */
  readonly dir: string;
  /** Child processes; default os.availableParallelism(). */
  readonly jobs?: number;
  /** A selection of the suite (default: all of it). */
  readonly area?: string;
  readonly grep?: string;
  /** Progress lines (to stderr in the CLI). */
  readonly log?: (line: string) => void;
}

/** What c8 measures: the compiled kernel and emulator, without tests and test helpers. */
const INCLUDE = ['dist/reference-kernel/**', 'dist/cpu/**'];
const EXCLUDE = ['dist/**/*.test.js', 'dist/**/*.testkit.js', 'dist/cpu/testing/**'];

function exec(args: readonly string[], env: NodeJS.ProcessEnv, what: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (code === 0) done(out);
      else fail(new Error(`${what} ended with ${signal ?? `status ${code}`}${err ? `:\n${err.trim().split('\n').slice(-15).join('\n')}` : ''}`));
    });
  });
}

function c8Bin(): string {
  return join(createRequire(import.meta.url).resolve('c8/package.json'), '..', 'bin', 'c8.js');
}

/** Runs the suite under coverage and writes the reports into `opts.dir`; returns the summary (also written there). */
export async function runCoverage(opts: CoverageOptions): Promise<CoverageRunFile> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const dir = resolve(opts.dir);
  const jobs = Math.max(1, opts.jobs ?? availableParallelism());
  const raw = mkdtempSync(join(tmpdir(), 'touchstone-v8-coverage-'));
  try {
    const child = compiledReportsFile('coverage-run/child.js');
    log(`coverage: running the suite${opts.area ? ` (area ${opts.area})` : ''}${opts.grep ? ` (grep ${opts.grep})` : ''} in ${jobs} process(es) under V8 coverage`);
    const tasks: ChildTask[] = Array.from({ length: jobs }, (_, i) => ({
      shard: { index: i + 1, count: jobs },
      ...(opts.area !== undefined ? { area: opts.area } : {}),
      ...(opts.grep !== undefined ? { grep: opts.grep } : {}),
      outFile: join(raw, `shard-${i + 1}.result.json`),
    }));
    const env = { ...process.env, NODE_V8_COVERAGE: join(raw, 'v8') };
    await Promise.all(tasks.map((t) => exec([child, JSON.stringify(t)], env, `coverage shard ${t.shard.index}/${t.shard.count}`)));
    const parts = tasks.map((t) => JSON.parse(readFileSync(t.outFile, 'utf8')) as ChildResult);
    log(`coverage: ${parts.reduce((n, p) => n + p.cases, 0)} case(s) ran in ${((performance.now() - t0) / 1000).toFixed(1)} s; writing istanbul reports`);

    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const c8 = ['report', '--temp-directory', join(raw, 'v8'), '--reports-dir', dir, '--reporter', 'html', '--reporter', 'lcov', '--reporter', 'json-summary',
      '--all', '--src', REPO_ROOT, ...INCLUDE.flatMap((p) => ['--include', p]), ...EXCLUDE.flatMap((p) => ['--exclude', p])];
    const c8Env: NodeJS.ProcessEnv = { ...process.env };
    delete c8Env.NODE_V8_COVERAGE;
    await exec([c8Bin(), ...c8], c8Env, 'c8 report');

    const summary = JSON.parse(readFileSync(join(dir, 'coverage-summary.json'), 'utf8')) as Record<string, IstanbulEntry>;
    const rowTranslations: Record<string, number> = {};
    for (const p of parts) for (const [row, n] of Object.entries(p.rowTranslations)) rowTranslations[row] = (rowTranslations[row] ?? 0) + n;
    const file: CoverageRunFile = {
      schema: COVERAGE_SCHEMA,
      generatedAt: new Date().toISOString(),
      cases: parts.reduce((n, p) => n + p.cases, 0),
      seconds: Math.round((performance.now() - t0) / 100) / 10,
      notPassed: parts.reduce((n, p) => n + p.notPassed, 0),
      folders: folderCoverage(summary, REPO_ROOT),
      rowTranslations,
    };
    writeFileSync(join(dir, COVERAGE_SUMMARY), JSON.stringify(file, null, 2) + '\n');
    log(`coverage: done in ${file.seconds} s`);
    return file;
  } finally {
    rmSync(raw, { recursive: true, force: true });
  }
}
