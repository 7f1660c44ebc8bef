import { CASE_OUTPUT_SIZE } from './layout.js';

/** What one side produced for one case. */
export type Outcome =
  /** The case ran to its end: output record followed by the scratch region. */
  | { readonly kind: 'output'; readonly bytes: Uint8Array }
  /** The program died in this case (signal name as Linux names it) or Touchstone stopped. */
  | {
      readonly kind: 'signal';
      readonly signal: string;
      readonly detail: string;
      /** Row of the instruction Touchstone stopped at, when known. */
      readonly row?: string;
    }
  /** An earlier case of the batch killed the program. */
  | { readonly kind: 'not-run' };

/**
 * Splits a wrapper program's stdout into per-case outcomes. When the program died, the case
 * after the last complete record gets `signal` and later cases are 'not-run'.
 */
export function splitOutput(stdout: Uint8Array, count: number, death: { signal: string; detail: string } | null): Outcome[] {
  const complete = Math.min(count, Math.floor(stdout.length / CASE_OUTPUT_SIZE));
  const out: Outcome[] = [];
  for (let i = 0; i < complete; i++) {
    out.push({ kind: 'output', bytes: stdout.subarray(i * CASE_OUTPUT_SIZE, (i + 1) * CASE_OUTPUT_SIZE) });
  }
  for (let i = complete; i < count; i++) {
    if (i === complete && death) out.push({ kind: 'signal', signal: death.signal, detail: death.detail });
    else if (i === complete) out.push({ kind: 'signal', signal: 'EXIT', detail: 'program ended before this case finished' });
    else out.push({ kind: 'not-run' });
  }
  return out;
}

/** Same outputs byte for byte, or death by the same signal. */
export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.kind === 'output' && b.kind === 'output') {
    return a.bytes.length === b.bytes.length && Buffer.compare(a.bytes, b.bytes) === 0;
  }
  if (a.kind === 'signal' && b.kind === 'signal') return a.signal === b.signal;
  return false;
}
