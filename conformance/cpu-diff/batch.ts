import { PhysicalMemory } from '../../cpu/memory/physical.js';
import { runQemu, type Pool } from './qemu.js';
import { runTouchstoneElf, TouchstoneDirect } from './touchstone.js';
import { sameOutcome, splitOutput, type Outcome } from './outcome.js';
import { buildWrapper, type WrapperCase } from './wrapper.js';

/** How Touchstone runs a case: injected state (default) or the whole wrapper in the linux personality. */
export type TouchstoneMode = 'direct' | 'elf';

export interface CaseResult<C extends WrapperCase = WrapperCase> {
  readonly case: C;
  readonly match: boolean;
  /** Address of the case's first instruction in the program it ran in. */
  readonly start: number;
  /** The two outcomes; kept only for mismatches. */
  readonly qemu?: Outcome;
  readonly touchstone?: Outcome;
}

export interface BatchRunner {
  readonly pool: Pool;
  readonly pristine: Uint8Array;
  readonly mode: TouchstoneMode;
  /** Reused by every batch (allocating and zeroing a fresh one per batch is slow). */
  readonly phys?: PhysicalMemory;
}

function keep(o: Outcome): Outcome {
  return o.kind === 'output' ? { kind: 'output', bytes: o.bytes.slice() } : o;
}

/**
 * Runs cases as one wrapper program under qemu (in the pool), then each case in Touchstone,
 * comparing as it goes. Cases that a side did not reach (an earlier case killed the program)
 * run again in a new batch.
 */
export async function runBatch<C extends WrapperCase>(runner: BatchRunner, cases: readonly C[]): Promise<CaseResult<C>[]> {
  if (cases.length === 0) return [];
  const program = buildWrapper(cases, runner.pristine);
  const q = await runner.pool.run(() => runQemu(program.elf));
  const death =
    q.signal !== null
      ? { signal: q.signal, detail: q.stderr.trim().split('\n')[0] ?? '' }
      : q.status !== 0
        ? { signal: 'EXIT', detail: `qemu exited with status ${q.status}: ${q.stderr.trim()}` }
        : null;
  const qo = splitOutput(q.stdout, cases.length, death);
  const results: CaseResult<C>[] = [];
  let rerunFrom = cases.length;
  const record = (i: number, ts: Outcome | null): void => {
    const base = { case: cases[i]!, start: program.slots[i]!.start };
    if (ts === null) results.push({ ...base, match: true });
    else results.push({ ...base, match: false, qemu: keep(qo[i]!), touchstone: keep(ts) });
  };
  if (runner.mode === 'direct') {
    const direct = new TouchstoneDirect(program, runner.pristine, runner.phys);
    try {
      for (let i = 0; i < cases.length; i++) {
        if (qo[i]!.kind === 'not-run') {
          rerunFrom = i;
          break;
        }
        record(i, direct.runAndCompare(i, cases[i]!, qo[i]!));
      }
    } finally {
      direct.dispose();
    }
  } else {
    const ts = runTouchstoneElf(program, cases.length);
    for (let i = 0; i < cases.length; i++) {
      if (qo[i]!.kind === 'not-run' || ts[i]!.kind === 'not-run') {
        rerunFrom = i;
        break;
      }
      record(i, sameOutcome(qo[i]!, ts[i]!) ? null : ts[i]!);
    }
  }
  if (rerunFrom < cases.length) results.push(...(await runBatch(runner, cases.slice(rerunFrom))));
  return results;
}
