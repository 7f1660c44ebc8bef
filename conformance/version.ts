import { readFileSync } from 'node:fs';

/** Version of the runner contract (INTERPRETING.md) that exported cases and result files follow. */
export const INTERPRETING_VERSION = 1;

let cached: string | null = null;

/** Touchstone's version from package.json (found from the source or the dist/ tree). */
export function touchstoneVersion(): string {
  if (cached !== null) return cached;
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'touchstone' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // not at this level
    }
  }
  return (cached = 'unknown');
}
