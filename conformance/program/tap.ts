/** One TAP result line of a case program. */
export interface TapResult {
  readonly n: number;
  readonly ok: boolean;
  readonly description: string;
  /** Text after '#' (the program prints `got 0x...` on failure). */
  readonly diagnostic: string;
}

export interface TapOutput {
  readonly results: readonly TapResult[];
  /** The `1..N` plan, or null when the program never printed one. */
  readonly plan: number | null;
  /** Lines that are neither results nor the plan (the program's other output). */
  readonly other: readonly string[];
}

const RESULT = /^(not ok|ok) (\d+)(?: - ([^#]*?))?\s*(?:#\s*(.*))?$/;
const PLAN = /^1\.\.(\d+)$/;

/** Parses the TAP lines a case program printed (INTERPRETING.md, "Reporting"). */
export function parseTap(text: string): TapOutput {
  const results: TapResult[] = [];
  const other: string[] = [];
  let plan: number | null = null;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const r = RESULT.exec(line);
    if (r) {
      results.push({ n: Number(r[2]), ok: r[1] === 'ok', description: r[3] ?? '', diagnostic: r[4] ?? '' });
      continue;
    }
    const p = PLAN.exec(line);
    if (p && plan === null) plan = Number(p[1]);
    else other.push(line);
  }
  return { results, plan, other };
}
