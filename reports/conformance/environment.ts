import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SuiteRun } from '../../conformance/runner/index.js';
import { INTERPRETING_VERSION, touchstoneVersion } from '../../conformance/version.js';

/** Where and how a result file was produced (INTERPRETING.md, "Results file"). */
export interface Environment {
  readonly target: string;
  readonly touchstone: string;
  readonly interpreting: number;
  readonly node: string;
  readonly platform: string;
  /** Commit of the Touchstone checkout, when it is a git work tree. */
  readonly commit: string | null;
  /** Seed of a randomized run; null for the (deterministic) suite. */
  readonly seed: number | null;
  readonly jobs: number;
  /** `i/n` when the run was one shard; null otherwise. */
  readonly shard: string | null;
  readonly selection: { readonly area: string | null; readonly grep: string | null };
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Number of result files joined into this one (merge); 1 for a run. */
  readonly parts: number;
}

let commitCache: string | null | undefined;

/** `git rev-parse HEAD` in the Touchstone checkout, or null (no git, not a work tree). */
export function gitCommit(): string | null {
  if (commitCache !== undefined) return commitCache;
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      stdio: ['ignore', 'pipe', 'ignore'],
      encoding: 'utf8',
      timeout: 5000,
    }).trim();
    commitCache = /^[0-9a-f]{40,64}$/.test(out) ? out : null;
  } catch {
    commitCache = null;
  }
  return commitCache;
}

export function environmentOf(run: SuiteRun, selection: { area?: string | undefined; grep?: string | undefined } = {}, seed: number | null = null): Environment {
  return {
    target: run.target,
    touchstone: touchstoneVersion(),
    interpreting: INTERPRETING_VERSION,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    commit: gitCommit(),
    seed,
    jobs: run.jobs,
    shard: run.shard ? `${run.shard.index}/${run.shard.count}` : null,
    selection: { area: selection.area ?? null, grep: selection.grep ?? null },
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    parts: 1,
  };
}
