import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled (dist/) JavaScript of a module given relative to this folder. From dist/ that is
 * the sibling file; from the TypeScript sources (vitest) it is the same path under dist/, which
 * `npm run build` (and `npm test`) produce. Worker threads need it: they load plain JavaScript.
 */
export function compiledUrl(relative: string): URL {
  const here = import.meta.url;
  const url = here.endsWith('.ts')
    ? new URL(`../../dist/conformance/runner/${relative}`, here)
    : new URL(relative, here);
  if (!existsSync(fileURLToPath(url))) throw new Error(`${fileURLToPath(url)} is missing: run 'npm run build' first`);
  return url;
}
