// Runs jsfuzz (coverage-guided, npm package `jsfuzz`) on one byte target for a while: a child
// `node jsfuzz/build/src/index.js fuzz/jsfuzz/entry.cjs CORPUS` with our loader hook, in a scratch
// working directory (jsfuzz writes crash files and .nyc_output there). Parses its status lines
// (`#N NEW cov: C corp: K exec/s: E ...`) and the crash it reports.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../reports/paths.js';
import { byteTarget } from '../targets/index.js';

export interface JsfuzzStats {
  execs: number;
  coverage: number;
  corpus: number;
}

export interface JsfuzzRun {
  readonly target: string;
  readonly seconds: number;
  readonly stats: JsfuzzStats;
  /** The input of the crash jsfuzz reported, if any. */
  readonly crash: Uint8Array | null;
  /** jsfuzz's last output lines (for a report when something went wrong). */
  readonly tail: readonly string[];
}


/** The jsfuzz CLI script, or null when the package is not installed. */
export function jsfuzzCli(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('jsfuzz/package.json');
    const cli = join(dirname(pkg), 'build', 'src', 'index.js');
    return existsSync(cli) ? cli : null;
  } catch {
    return null;
  }
}

const STATUS = /^#(\d+)\s+(NEW|PULSE)\s+cov: (\d+) corp: (\d+)/;

/**
 * Fuzzes `target` with jsfuzz for `seconds` (seed corpus: the target's seeds plus anything in
 * `corpusDir`, which jsfuzz grows). Resolves when jsfuzz crashes or the time is up.
 */
export function runJsfuzz(target: string, seconds: number, corpus: string, onStats?: (s: JsfuzzStats) => void): Promise<JsfuzzRun> {
  // jsfuzz runs in a scratch directory, so a relative corpus path would name a folder there.
  const corpusDir = resolvePath(corpus);
  const cli = jsfuzzCli();
  if (cli === null) return Promise.reject(new Error('jsfuzz is not installed (npm install --save-dev jsfuzz)'));
  const t = byteTarget(target);
  if (!t) return Promise.reject(new Error(`no byte target '${target}'`));
  mkdirSync(corpusDir, { recursive: true });
  t.seeds().forEach((s, i) => {
    const f = join(corpusDir, `seed-${i}`);
    if (!existsSync(f)) writeFileSync(f, s);
  });
  const cwd = mkdtempSync(join(tmpdir(), `touchstone-jsfuzz-${target}-`));
  const entry = join(REPO_ROOT, 'fuzz', 'jsfuzz', 'entry.cjs');
  const artifact = join(cwd, 'crash.bin');
  // The compiled hook, also when this runs from source (vitest): entry.cjs loads dist/ too.
  const hook = pathToFileURL(join(REPO_ROOT, 'dist', 'fuzz', 'jsfuzz', 'hook.js')).href;
  const stats: JsfuzzStats = { execs: 0, coverage: 0, corpus: 0 };
  const tail: string[] = [];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, relative(cwd, entry), corpusDir, '--exact-artifact-path', artifact], {
      cwd,
      env: { ...process.env, TOUCHSTONE_FUZZ_TARGET: target, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${hook}`.trim() },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        const m = STATUS.exec(line);
        if (m) {
          stats.execs = Number(m[1]);
          stats.coverage = Number(m[3]);
          stats.corpus = Number(m[4]);
          onStats?.(stats);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const kill = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(kill, seconds * 1000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', () => {
      clearTimeout(timer);
      const crash = existsSync(artifact) ? new Uint8Array(readFileSync(artifact)) : null;
      rmSync(cwd, { recursive: true, force: true });
      resolve({ target, seconds: (performance.now() - started) / 1000, stats, crash, tail });
    });
  });
}
