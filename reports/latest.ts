import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatJson, type ResultsDocument } from './conformance/index.js';
import { latestResultsFile } from './paths.js';

/**
 * Keeps a run's results as the latest (`touchstone report` reads them when given no --from).
 * Returns the file written, or null when there is nothing to do or it cannot be written; unit
 * tests (VITEST set) leave the latest results alone unless TOUCHSTONE_STATE_DIR says where.
 */
export function saveLatestResults(doc: ResultsDocument): { file: string | null; error: string | null } {
  if (process.env.VITEST !== undefined && process.env.TOUCHSTONE_STATE_DIR === undefined) return { file: null, error: null };
  const file = latestResultsFile();
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, formatJson(doc));
    renameSync(tmp, file);
    return { file, error: null };
  } catch (err) {
    return { file: null, error: `cannot keep the latest results in ${file}: ${(err as Error).message}` };
  }
}
