import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CaseResult, Expectations } from '../evaluate.js';
import type { CaseDef } from '../model.js';
import { allCases } from '../registry.js';
import { targetByName } from '../targets/index.js';
import type { Target } from '../targets/target.js';
import { executeCase, notRun } from './execute.js';
import { compiledUrl } from './paths.js';
import type { RunRequest, WorkerInit, WorkerMessage } from './protocol.js';
import { selectCases, type Shard } from './select.js';

/** Wall-clock limit per case when run in a worker; the instruction budget is the primary limit. */
export const DEFAULT_CASE_TIMEOUT_MS = 60_000;

export interface SuiteOptions {
  readonly area?: string | readonly string[];
  readonly grep?: string | RegExp;
  readonly target: Target;
  /** Worker threads; 1 runs in process (no wall-clock timeout). Default os.availableParallelism(). */
  readonly jobs?: number;
  readonly shard?: Shard;
  readonly expectations?: Expectations;
  /** Called as each case finishes (completion order). */
  readonly onResult?: (result: CaseResult) => void;
  /** Wall-clock limit per case in workers, in ms. */
  readonly timeoutMs?: number;
  /**
   * The cases to choose from instead of the registry: in process, a list; in workers, a module
   * (URL of compiled JavaScript) exporting `allCases()`, which each worker loads itself.
   */
  readonly cases?: readonly CaseDef[];
  readonly casesModule?: string;
}

export interface SuiteRun {
  readonly target: string;
  /** In suite order (the order of `allCases()`), whatever order they finished in. */
  readonly results: readonly CaseResult[];
  readonly jobs: number;
  readonly shard: Shard | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly ms: number;
}

/** Selects the cases and runs them on the target, in process or on worker threads. */
export async function runSuite(opts: SuiteOptions): Promise<SuiteRun> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  if (opts.cases && opts.casesModule) throw new Error('runSuite: give cases or casesModule, not both');
  const cases = opts.cases
    ?? (opts.casesModule ? ((await import(opts.casesModule)) as { allCases(): readonly CaseDef[] }).allCases() : allCases());
  const indices = selectCases(cases, {
    ...(opts.area !== undefined ? { area: opts.area } : {}),
    ...(opts.grep !== undefined ? { grep: opts.grep } : {}),
    ...(opts.shard ? { shard: opts.shard } : {}),
  });
  const requested = opts.jobs ?? availableParallelism();
  if (!(Number.isInteger(requested) && requested >= 1)) throw new Error(`jobs must be a positive integer, got ${requested}`);
  const jobs = Math.max(1, Math.min(requested, indices.length));
  let results: CaseResult[];
  if (jobs === 1) {
    results = [];
    for (const i of indices) {
      const { result } = executeCase(cases[i]!, opts.target, opts.expectations ? { expectations: opts.expectations } : {});
      results.push(result);
      opts.onResult?.(result);
    }
  } else {
    if (opts.cases) throw new Error('runSuite: a list of cases runs in process only (jobs 1); give casesModule for workers');
    if (targetByName(opts.target.name) !== opts.target) throw new Error(`target '${opts.target.name}' is not registered in conformance/targets; workers cannot load it`);
    results = await runInWorkers(cases, indices, jobs, opts);
  }
  return {
    target: opts.target.name,
    results,
    jobs,
    shard: opts.shard ?? null,
    startedAt,
    finishedAt: new Date().toISOString(),
    ms: performance.now() - t0,
  };
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  /** Indices sent and not yet answered, in the order the worker runs them; the first is in flight. */
  queue: number[];
  timer: NodeJS.Timeout | null;
  /** Terminated or crashed: every later event from it is ignored. */
  dead: boolean;
}

/** Most cases sent to a worker at once: batches save a round trip per case, small ones balance the end. */
const MAX_BATCH = 16;

/**
 * Cases go to workers in small batches, answered one by one. A worker that does not answer its
 * next case within the timeout is terminated and replaced (that case is `timeout`); one that
 * crashes mid-case is replaced (the case is `panic`); either way the rest of its batch is run
 * again elsewhere. A worker that fails before it is ready aborts the run.
 */
function runInWorkers(cases: readonly CaseDef[], indices: readonly number[], jobs: number, opts: SuiteOptions): Promise<CaseResult[]> {
  const url = compiledUrl('worker.js');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS;
  const init: WorkerInit = {
    target: opts.target.name,
    ...(opts.expectations ? { expectations: opts.expectations } : {}),
    ...(opts.casesModule ? { casesModule: opts.casesModule } : {}),
  };
  const position = new Map(indices.map((idx, k) => [idx, k]));
  const results = new Array<CaseResult | undefined>(indices.length);
  let next = 0;
  /** Cases of lost batches, run before the rest. */
  const again: number[] = [];
  let finished = 0;
  /** Workers lost since the last result: a loop of crashes with no progress aborts the run. */
  let lostInARow = 0;
  const slots = new Set<Slot>();

  return new Promise<CaseResult[]>((resolve, reject) => {
    let settled = false;
    const shutdown = (): void => {
      for (const s of slots) retire(s);
    };
    const abort = (err: Error): void => {
      if (settled) return;
      settled = true;
      shutdown();
      reject(err);
    };
    const retire = (s: Slot): void => {
      s.dead = true;
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
      slots.delete(s);
      void s.worker.terminate();
    };
    const record = (index: number, result: CaseResult): void => {
      const k = position.get(index)!;
      if (results[k] !== undefined) return;
      results[k] = result;
      finished++;
      if (result.status !== 'panic') lostInARow = 0;
      opts.onResult?.(result);
      if (finished === indices.length && !settled) {
        settled = true;
        shutdown();
        resolve(results as CaseResult[]);
      }
    };
    const arm = (s: Slot): void => {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
      const index = s.queue[0];
      if (index === undefined) return;
      s.timer = setTimeout(() => {
        if (s.dead || s.queue[0] !== index) return;
        retire(s);
        again.push(...s.queue.slice(1));
        record(index, notRun(cases[index]!, 'timeout', `no answer within ${timeoutMs} ms of wall-clock time; the worker was replaced`, timeoutMs));
        spawn();
      }, timeoutMs);
    };
    const feed = (s: Slot): void => {
      if (settled || s.queue.length > 0) return;
      const left = again.length + indices.length - next;
      if (left === 0) {
        retire(s);
        return;
      }
      const size = Math.max(1, Math.min(MAX_BATCH, Math.floor(left / (4 * jobs))));
      const batch = again.splice(0, size);
      while (batch.length < size && next < indices.length) batch.push(indices[next++]!);
      s.queue = batch;
      arm(s);
      s.worker.postMessage({ indices: batch } satisfies RunRequest);
    };
    const lost = (s: Slot, why: string): void => {
      if (s.dead) return;
      const index = s.queue[0];
      retire(s);
      if (!s.ready) {
        abort(new Error(`runner worker failed to start: ${why}`));
        return;
      }
      again.push(...s.queue.slice(1));
      if (index !== undefined) record(index, notRun(cases[index]!, 'panic', `the worker running the case died: ${why}`));
      if (++lostInARow > 2 * jobs + 8) {
        abort(new Error(`runner workers keep dying (${lostInARow} in a row, last: ${why})`));
        return;
      }
      spawn();
    };
    const spawn = (): void => {
      if (settled || (next >= indices.length && again.length === 0)) return;
      const worker = new Worker(url, { workerData: init });
      const s: Slot = { worker, ready: false, queue: [], timer: null, dead: false };
      slots.add(s);
      worker.on('message', (m: WorkerMessage) => {
        if (s.dead) return;
        if (m.kind === 'fatal') {
          abort(new Error(`runner worker: ${m.detail}`));
        } else if (m.kind === 'ready') {
          if (m.count !== cases.length) {
            abort(new Error(`runner worker sees ${m.count} cases, the parent ${cases.length}: is dist/ stale? run 'npm run build'`));
            return;
          }
          s.ready = true;
          feed(s);
        } else if (m.index === s.queue[0]) {
          if (m.result.id !== cases[m.index]!.id) {
            abort(new Error(`runner worker ran ${m.result.id} for ${cases[m.index]!.id}: is dist/ stale? run 'npm run build'`));
            return;
          }
          s.queue.shift();
          arm(s);
          record(m.index, m.result);
          feed(s);
        }
      });
      worker.on('error', (err) => lost(s, err.message));
      worker.on('exit', (code) => lost(s, `exit code ${code}`));
    };
    if (indices.length === 0) {
      settled = true;
      resolve([]);
      return;
    }
    for (let k = 0; k < jobs; k++) spawn();
  });
}
