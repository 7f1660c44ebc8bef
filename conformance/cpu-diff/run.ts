import { generateCase, SequenceGenerator, selectRows, type GeneratedCase } from '../../cpu/testgen/generate.js';
import { PhysicalMemory } from '../../cpu/memory/physical.js';
import { Prng } from '../../cpu/testgen/prng.js';
import type { FpcrMode } from '../../cpu/testgen/state.js';
import { runBatch, type CaseResult, type TouchstoneMode } from './batch.js';
import { REGION_SIZE, SCRATCH_BASE } from './layout.js';
import { minimizeCase } from './minimize.js';
import { Pool } from './qemu.js';
import type { WrapperCase } from './wrapper.js';
import { formatMismatch, rowNames } from './report.js';

export interface CpuDiffOptions {
  readonly count: number;
  readonly seed: number;
  readonly classes?: readonly string[];
  readonly rows?: readonly string[];
  readonly length?: number;
  readonly jobs?: number;
  readonly batchSize?: number;
  readonly fpcr?: FpcrMode;
  readonly touchstone?: TouchstoneMode;
  /** Mismatches to minimize and report in full (others are only counted). */
  readonly maxReports?: number;
  readonly minimize?: boolean;
  readonly onProgress?: (done: number, mismatches: number) => void;
}

export interface Finding {
  /** Rows of the minimized sequence: a later mismatch using all of them counts here. */
  readonly rows: readonly string[];
  /** Row of the minimized sequence's last instruction: where the difference most likely shows. */
  readonly suspect: string;
  /** 'SIGBUS in LDAPR_X' when Touchstone stopped: later mismatches stopping the same way count here. */
  readonly signature?: string;
  /** Mismatching cases explained by these rows. */
  count: number;
  readonly report: string;
}

export interface CpuDiffSummary {
  readonly total: number;
  readonly mismatches: number;
  readonly findings: readonly Finding[];
  /** Mismatches neither minimized nor explained by a finding (past maxReports). */
  readonly unexplained: number;
  readonly droppedRows: readonly string[];
  readonly rowCount: number;
  readonly elapsedMs: number;
}

function signature(r: CaseResult): string | undefined {
  const t = r.touchstone;
  return t?.kind === 'signal' && t.row !== undefined ? `${t.signal} in ${t.row}` : undefined;
}

/** Deterministic initial contents of the scratch region for a run. */
export function pristineScratch(seed: number): Uint8Array {
  const bytes = new Uint8Array(REGION_SIZE);
  new Prng(seed, 0x5c7a7c4).fill(bytes);
  return bytes;
}

/** Generates `count` cases, runs them under qemu and Touchstone, and minimizes mismatches. */
export async function runCpuDiff(opts: CpuDiffOptions): Promise<CpuDiffSummary> {
  const started = performance.now();
  const gen = new SequenceGenerator(selectRows({ classes: opts.classes, names: opts.rows }));
  const runner = {
    pool: new Pool(Math.max(1, opts.jobs ?? 2)),
    pristine: pristineScratch(opts.seed),
    mode: opts.touchstone ?? 'direct',
    phys: new PhysicalMemory(16 << 20),
  };
  const batchSize = Math.max(1, opts.batchSize ?? 64);
  const caseOpts = { length: opts.length ?? 12, scratchBase: SCRATCH_BASE, fpcr: opts.fpcr ?? 'zero' } as const;

  const failing: CaseResult<GeneratedCase>[] = [];
  let done = 0;
  let mismatches = 0;
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = (opts.jobs ?? 2) + 1;
  for (let first = 0; first < opts.count; first += batchSize) {
    const cases: GeneratedCase[] = [];
    for (let i = first; i < Math.min(opts.count, first + batchSize); i++) cases.push(generateCase(gen, opts.seed, i, caseOpts));
    const p: Promise<void> = runBatch(runner, cases).then((results) => {
      for (const r of results) {
        if (!r.match) {
          mismatches++;
          failing.push(r);
        }
      }
      done += results.length;
      opts.onProgress?.(done, mismatches);
      inFlight.delete(p);
    });
    inFlight.add(p);
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);

  failing.sort((a, b) => a.case.index - b.case.index);
  const findings: Finding[] = [];
  let unexplained = 0;
  const maxReports = opts.maxReports ?? 10;
  const stillFails = async (cases: readonly WrapperCase[]): Promise<boolean[]> =>
    (await runBatch(runner, cases)).map((r) => !r.match);
  for (const r of failing) {
    const names = new Set(rowNames(r.case.words));
    const sig = signature(r);
    const known = findings.find((f) => f.rows.every((n) => names.has(n)) || (sig !== undefined && f.signature === sig));
    if (known) {
      known.count++;
      continue;
    }
    if (findings.length >= maxReports) {
      unexplained++;
      continue;
    }
    let small = r;
    if (opts.minimize ?? true) {
      const min = await minimizeCase(r.case, stillFails);
      const rerun = await runBatch(runner, [min]);
      if (rerun[0] && !rerun[0].match) small = rerun[0];
    }
    const title = `mismatch: seed ${opts.seed} case ${r.case.index}${small === r ? '' : ' (minimized)'}`;
    const rows = rowNames(small.case.words);
    findings.push({
      rows: [...new Set(rows)],
      suspect: rows[rows.length - 1] ?? '?',
      ...(signature(small) ? { signature: signature(small) } : {}),
      count: 1,
      report: formatMismatch(small, title),
    });
  }
  return {
    total: done,
    mismatches,
    findings,
    unexplained,
    droppedRows: gen.droppedRows,
    rowCount: gen.rows.length,
    elapsedMs: performance.now() - started,
  };
}
