// A module loader hook: instruments the compiled parsers (dist/, minus tests and the fuzz
// harness) with istanbul as ES modules, writing to the global `__coverage__` that jsfuzz reads.
// jsfuzz's own require hook instruments CommonJS only.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

interface Instrumenter {
  instrumentSync(code: string, filename: string): string;
}

type LoadResult = { readonly format?: string; readonly source?: string | ArrayBuffer | Uint8Array; readonly shortCircuit?: boolean };
type NextLoad = (url: string, context: Readonly<Record<string, unknown>>) => Promise<LoadResult>;

const require = createRequire(import.meta.url);
const jsfuzz = require.resolve('jsfuzz/package.json');
const { createInstrumenter } = createRequire(jsfuzz)('istanbul-lib-instrument') as { createInstrumenter(o: object): Instrumenter };
const instrumenter = createInstrumenter({ compact: true, esModules: true });

const DIST = fileURLToPath(new URL('../../', import.meta.url));

/** Oracles the targets check parsers against, not parsers: their coverage would only slow jsfuzz down. */
const ORACLES: readonly string[] = ['spec/ebnf.js'];

function wanted(file: string): boolean {
  if (!file.startsWith(DIST) || file.includes('node_modules')) return false;
  const rel = file.slice(DIST.length);
  if (/\.test\.js$|\.testkit\.js$/.test(rel) || ORACLES.includes(rel)) return false;
  return !rel.startsWith('fuzz/') || rel === 'fuzz/finding.js';
}

export async function load(url: string, context: Readonly<Record<string, unknown>>, next: NextLoad): Promise<LoadResult> {
  const r = await next(url, context);
  if (!url.startsWith('file:') || r.format !== 'module' || r.source === undefined) return r;
  const file = fileURLToPath(url);
  if (!wanted(file)) return r;
  const code = typeof r.source === 'string' ? r.source : Buffer.from(r.source as Uint8Array).toString('utf8');
  try {
    return { ...r, source: instrumenter.instrumentSync(code, file) };
  } catch {
    return r;
  }
}
