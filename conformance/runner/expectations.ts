import { readFileSync } from 'node:fs';
import type { Expectations } from '../evaluate.js';

/**
 * Checks an expectations document (INTERPRETING.md, "Expectations"): an object mapping case ids
 * to `{ "status": "fail", "reason": "..." }`. Keys starting with `$` are comments.
 */
export function parseExpectations(text: string, source = 'expectations'): Expectations {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error(`${source}: expected an object of case id → { status, reason }`);
  const out: Record<string, { status: 'fail'; reason: string }> = {};
  for (const [id, v] of Object.entries(doc as Record<string, unknown>)) {
    if (id.startsWith('$')) continue;
    const e = v as { status?: unknown; reason?: unknown } | null;
    if (typeof e !== 'object' || e === null || e.status !== 'fail') throw new Error(`${source}: ${id}: status must be "fail"`);
    if (typeof e.reason !== 'string' || e.reason.trim() === '') throw new Error(`${source}: ${id}: a non-empty reason is required`);
    out[id] = { status: 'fail', reason: e.reason };
  }
  return out;
}

export function loadExpectations(file: string): Expectations {
  return parseExpectations(readFileSync(file, 'utf8'), file);
}
