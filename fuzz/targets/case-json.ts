// Exported case sidecars (conformance/export/export.ts readExportedCase): the input is the
// sidecar's JSON, written beside a small program file so the reader can find and hash it.
// Documented errors: SyntaxError for text that is not JSON, an Error naming the sidecar for its
// own checks (schema, program name, hash), and a file-system error for a program it cannot read.

import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { CASE_SCHEMA, readExportedCase } from '../../conformance/export/index.js';
import { jsonVariants } from './mutate.js';
import type { ByteTarget } from './target.js';

const PROGRAM = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 2, 3, 4]);
let dir: string | null = null;

function folder(): string {
  if (dir) return dir;
  dir = mkdtempSync(join(tmpdir(), 'touchstone-fuzz-case-'));
  writeFileSync(join(dir, 'case.elf'), PROGRAM);
  return dir;
}

export function fuzz(buf: Buffer): void {
  const file = join(folder(), 'case.json');
  writeFileSync(file, buf);
  readExportedCase(file);
}

export function documented(err: unknown): boolean {
  if (err instanceof SyntaxError) return true;
  if (err instanceof Error && err.constructor === Error && err.message.startsWith(join(folder(), 'case.json'))) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

const SAMPLE = {
  schema: CASE_SCHEMA, id: 'abi/x/y', area: 'abi', description: 'd', clauses: ['ABI.TRAP'], rows: ['getpid'],
  program: 'case.elf', sha256: createHash('sha256').update(PROGRAM).digest('hex'),
  files: [{ path: '/bin/c', base64: 'AAEC', mode: 493 }], boot: {}, assertions: [{ n: 1, description: 'x', clauses: ['ABI.TRAP'] }],
  verdict: { kind: 'exit', status: 0 },
};

function seeds(): Uint8Array[] {
  return [new TextEncoder().encode(JSON.stringify(SAMPLE))];
}

export const caseJsonTarget: ByteTarget = {
  name: 'case-json',
  parser: 'conformance/export/export.ts readExportedCase (case sidecars)',
  documentedError: 'SyntaxError (not JSON), Error naming the sidecar (its checks), file-system errors',
  fuzz,
  documented,
  seeds,
  structured: () => fc.oneof(jsonVariants(SAMPLE)),
};
