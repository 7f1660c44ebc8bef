import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BootSpec, BuiltCase, CaseDef, ExpectedVerdict } from '../model.js';
import type { Assertion } from '../program/builder.js';
import { INTERPRETING_VERSION, touchstoneVersion } from '../version.js';

export const CASE_SCHEMA = 'touchstone-case/1';
export const EXPORT_SCHEMA = 'touchstone-export/1';

/** The sidecar of an exported case (INTERPRETING.md, "Exported cases"). */
export interface ExportedCase {
  readonly schema: typeof CASE_SCHEMA;
  readonly id: string;
  readonly area: string;
  readonly description: string;
  readonly clauses: readonly string[];
  readonly rows: readonly string[];
  /** File name of the program, beside the sidecar. */
  readonly program: string;
  readonly sha256: string;
  readonly boot: BootSpec;
  readonly files: readonly { readonly path: string; readonly mode?: number; readonly base64: string }[];
  readonly assertions: readonly Assertion[];
  readonly verdict: ExpectedVerdict;
}

export interface ExportIndex {
  readonly schema: typeof EXPORT_SCHEMA;
  readonly interpreting: number;
  readonly touchstone: string;
  readonly cases: readonly { readonly id: string; readonly sidecar: string; readonly program: string }[];
}

/** A case id as a file name: `/` becomes `.` (ids use neither `.` nor `/` otherwise, see exportSuite). */
export function caseFileStem(id: string): string {
  return id.replaceAll('/', '.');
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

export function exportCase(def: CaseDef, built: BuiltCase): { readonly elf: Uint8Array; readonly sidecar: ExportedCase } {
  const stem = caseFileStem(def.id);
  return {
    elf: built.program,
    sidecar: {
      schema: CASE_SCHEMA,
      id: def.id,
      area: def.area,
      description: def.description,
      clauses: def.clauses,
      rows: def.rows,
      program: `${stem}.elf`,
      sha256: sha256(built.program),
      boot: built.boot,
      files: built.files.map((f) => ({ path: f.path, ...(f.mode !== undefined ? { mode: f.mode } : {}), base64: Buffer.from(f.data).toString('base64') })),
      assertions: built.assertions,
      verdict: built.verdict,
    },
  };
}

/**
 * Writes every case as `<stem>.elf` plus `<stem>.json` into `dir`, and `index.json` listing them.
 * Fails before writing anything if two ids map to one file name.
 */
export function exportSuite(dir: string, cases: readonly CaseDef[], build: (def: CaseDef) => BuiltCase = (d) => d.build()): ExportIndex {
  const stems = new Map<string, string>();
  for (const c of cases) {
    const stem = caseFileStem(c.id);
    const other = stems.get(stem);
    if (other !== undefined) throw new Error(`export: case ids ${other} and ${c.id} map to the same file name ${stem}`);
    stems.set(stem, c.id);
  }
  mkdirSync(dir, { recursive: true });
  const entries: { id: string; sidecar: string; program: string }[] = [];
  for (const c of cases) {
    const { elf, sidecar } = exportCase(c, build(c));
    const json = `${caseFileStem(c.id)}.json`;
    writeFileSync(join(dir, sidecar.program), elf);
    writeFileSync(join(dir, json), JSON.stringify(sidecar, null, 2) + '\n');
    entries.push({ id: c.id, sidecar: json, program: sidecar.program });
  }
  const index: ExportIndex = { schema: EXPORT_SCHEMA, interpreting: INTERPRETING_VERSION, touchstone: touchstoneVersion(), cases: entries };
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  return index;
}

/** Reads a sidecar and its program back into a case (the program's hash is checked). */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The sidecar's shape, checked field by field: a bad file is one line naming it and the field. */
function checkSidecar(v: unknown, path: string): ExportedCase {
  const bad = (what: string): never => {
    throw new Error(`${path}: ${what}`);
  };
  if (!isObject(v)) return bad('not a JSON object');
  if (v.schema !== CASE_SCHEMA) bad(`schema ${String(v.schema)}, expected ${CASE_SCHEMA}`);
  for (const k of ['id', 'area', 'description', 'program', 'sha256']) if (typeof v[k] !== 'string') bad(`${k} must be a string`);
  for (const k of ['clauses', 'rows']) if (!isStrings(v[k])) bad(`${k} must be an array of strings`);
  if (!Array.isArray(v.files)) bad('files must be an array');
  for (const f of v.files as unknown[]) {
    if (!isObject(f) || typeof f.path !== 'string' || typeof f.base64 !== 'string' || (f.mode !== undefined && typeof f.mode !== 'number')) {
      bad('each file needs a string path and base64 (and a numeric mode if any)');
    }
  }
  if (!isObject(v.boot)) bad('boot must be an object');
  if (!Array.isArray(v.assertions)) bad('assertions must be an array');
  if (!isObject(v.verdict) || typeof v.verdict.kind !== 'string') bad('verdict must be an object with a kind');
  return v as unknown as ExportedCase;
}

export function readExportedCase(sidecarPath: string): { readonly def: CaseDef; readonly built: BuiltCase } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(sidecarPath, 'utf8'));
  } catch (err) {
    throw new Error(`${sidecarPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const s = checkSidecar(parsed, sidecarPath);
  if (basename(s.program) !== s.program) throw new Error(`${sidecarPath}: program must be a file name beside the sidecar`);
  const program = new Uint8Array(readFileSync(join(dirname(sidecarPath), s.program)));
  if (sha256(program) !== s.sha256) throw new Error(`${sidecarPath}: ${s.program} does not match its sha256`);
  const built: BuiltCase = {
    program,
    files: s.files.map((f) => ({ path: f.path, data: new Uint8Array(Buffer.from(f.base64, 'base64')), ...(f.mode !== undefined ? { mode: f.mode } : {}) })),
    boot: s.boot,
    assertions: s.assertions,
    verdict: s.verdict,
  };
  const def: CaseDef = { id: s.id, area: s.area, description: s.description, clauses: s.clauses, rows: s.rows, build: () => built };
  return { def, built };
}
