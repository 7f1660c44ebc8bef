import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readElf } from '../../cpu/elf/index.js';
import { CODE_BASE } from '../program/builder.js';
import { allCases } from '../registry.js';
import { executeCase } from '../runner/index.js';
import { FAILING, PASSING } from '../runner/fixtures.testkit.js';
import { referenceTarget } from '../targets/index.js';
import { caseFileStem, exportSuite, readExportedCase, type ExportedCase } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'touchstone-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export', () => {
  const abi = allCases().filter((c) => c.area === 'abi').slice(0, 5);
  const withFiles = {
    ...PASSING,
    id: 'planted/with-files',
    build: () => ({ ...PASSING.build(), files: [{ path: '/etc/motd', data: Uint8Array.of(0, 1, 255), mode: 0o644 }], boot: { argv: ['init', 'x'], seed: 7 } }),
  };
  const cases = [...abi, FAILING, withFiles];

  it('writes <stem>.elf and <stem>.json per case and an index', () => {
    const index = exportSuite(dir, cases);
    expect(index.cases.map((c) => c.id)).toEqual(cases.map((c) => c.id));
    const files = readdirSync(dir).sort();
    for (const c of cases) {
      expect(files).toContain(`${caseFileStem(c.id)}.elf`);
      expect(files).toContain(`${caseFileStem(c.id)}.json`);
    }
    expect(files).toContain('index.json');
    expect(caseFileStem('abi/enosys-unknown/0')).toBe('abi.enosys-unknown.0');
  });

  it('the ELF is a static AArch64 executable entered at 0x80000000; the sidecar carries the case', () => {
    const stem = caseFileStem(withFiles.id);
    const elf = readElf(new Uint8Array(readFileSync(join(dir, `${stem}.elf`))), 'x');
    expect(elf.entry).toBe(CODE_BASE);
    const s = JSON.parse(readFileSync(join(dir, `${stem}.json`), 'utf8')) as ExportedCase;
    expect(s).toMatchObject({
      schema: 'touchstone-case/1', id: withFiles.id, area: 'planted', clauses: ['PROC.GETPID'], program: `${stem}.elf`,
      boot: { argv: ['init', 'x'], seed: 7 }, files: [{ path: '/etc/motd', mode: 0o644, base64: 'AAH/' }], verdict: { kind: 'exit', status: 0 },
    });
    expect(s.assertions).toEqual([{ n: 1, description: 'getpid is 1', clauses: ['PROC.GETPID'] }]);
  });

  it('read back, every exported case runs to the same result as the original', () => {
    for (const c of cases) {
      const back = readExportedCase(join(dir, `${caseFileStem(c.id)}.json`));
      expect(back.built.program).toEqual(c.build().program);
      const { ms: _a, ...original } = executeCase(c, referenceTarget).result;
      const { ms: _b, ...again } = executeCase(back.def, referenceTarget).result;
      expect(again).toEqual(original);
    }
    expect(executeCase(readExportedCase(join(dir, `${caseFileStem(FAILING.id)}.json`)).def, referenceTarget).result.status).toBe('fail');
  });

  it('refuses a program that does not match its hash, and ids that collide as file names', () => {
    const other = mkdtempSync(join(tmpdir(), 'touchstone-export-'));
    try {
      expect(() => exportSuite(other, [PASSING, { ...PASSING, id: 'planted.pass' }])).toThrow(/same file name/);
      expect(readdirSync(other)).toEqual([]);
      exportSuite(other, [FAILING]);
      const elf = join(other, `${caseFileStem(FAILING.id)}.elf`);
      const bytes = readFileSync(elf);
      bytes[bytes.length - 1] ^= 1;
      writeFileSync(elf, bytes);
      expect(() => readExportedCase(join(other, `${caseFileStem(FAILING.id)}.json`))).toThrow(/sha256/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
