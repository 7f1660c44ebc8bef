import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { allCases } from '../../conformance/registry.js';
import { formatJson, parseResults, resultsDocument } from '../../reports/conformance/index.js';
import type { ReportModel } from '../../reports/model/types.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const text = (chunk: string | Uint8Array): string => (typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += text(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += text(chunk)), true));
  return { out: () => out, err: () => err };
}

const dir = mkdtempSync(join(tmpdir(), 'touchstone-report-cli-'));
const state = join(dir, 'state');
const savedState = process.env.TOUCHSTONE_STATE_DIR;
beforeEach(() => {
  process.env.TOUCHSTONE_STATE_DIR = state;
});
afterEach(() => {
  vi.restoreAllMocks();
  if (savedState === undefined) delete process.env.TOUCHSTONE_STATE_DIR;
  else process.env.TOUCHSTONE_STATE_DIR = savedState;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two cases of the suite, whichever they are. */
const selected = allCases().slice(0, 2);
const GREP = `^(${selected.map((c) => c.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;

describe('touchstone report', () => {
  it('after `touchstone run`, needs no flags: run keeps its results where report looks for them', async () => {
    let io = capture();
    const code = await runCommand.run(['--grep', GREP, '--jobs', '1']);
    expect(code === 0 || code === 1).toBe(true);
    const latest = join(state, 'results.json');
    expect(parseResults(readFileSync(latest, 'utf8')).results.length).toBe(selected.length);
    vi.restoreAllMocks();
    io = capture();
    const out = join(dir, 'out-latest');
    expect(await reportCommand.run(['--out', out])).toBe(0);
    expect(io.out()).toContain(`report: ${join(out, 'index.html')} and ${join(out, 'report.json')}`);
    expect(io.out()).toContain(`conformance  ${selected.length} cases on reference: ${code === 0 ? 'PASS' : 'FAIL'}`);
    expect(io.out()).toContain('coverage     not measured (--coverage)');
    expect(io.out()).toMatch(/fuzz {9}not run\n/);
    const model = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportModel;
    expect(model.inputs.results).toEqual({ file: latest, note: 'latest' });
    expect(model.conformance!.total).toBe(selected.length);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('--from takes a results file or the folder `run --out` wrote', async () => {
    const doc = resultsDocument(
      {
        target: 'reference', touchstone: '0.1.0', interpreting: 1, node: 'v20', platform: 'linux-x64', commit: null, seed: null, jobs: 1, shard: null,
        selection: { area: null, grep: null }, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', parts: 1,
      },
      [{
        id: 'abi/x', area: 'abi', description: 'x', status: 'fail', clauses: ['FD.BADF'], reason: '1 assertion(s) failed',
        failures: [{ n: 1, description: 'close(-1) fails EBADF', clauses: ['FD.BADF'], got: 'got 0' }], expected: 'exit 0, 1 assertions pass',
        actual: 'exit 1, 0/1 assertions pass', reached: [], instructions: 5, syscalls: 1, ms: 1,
      }],
    );
    const folder = join(dir, 'run-out');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'results.json'), formatJson(doc));
    for (const from of [join(folder, 'results.json'), folder]) {
      const io = capture();
      const out = join(dir, 'out-from');
      expect(await reportCommand.run(['--from', from, '--out', out])).toBe(0);
      expect(io.out()).toContain('conformance  1 cases on reference: FAIL (0 pass, 1 not passed)');
      const model = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportModel;
      expect(model.conformance!.failures[0]).toMatchObject({ id: 'abi/x', replay: 'npx touchstone replay abi/x --trace' });
      vi.restoreAllMocks();
    }
  });

  it('fails with a message on a missing or malformed input, and exits 2 on bad options', async () => {
    const io = capture();
    expect(await reportCommand.run(['--from', join(dir, 'nope.json'), '--out', join(dir, 'o1')])).toBe(1);
    expect(io.err()).toMatch(/report: .*nope\.json: ENOENT/);
    const bad = join(dir, 'bad-fuzz.json');
    writeFileSync(bad, JSON.stringify({ schema: 'touchstone-fuzz/9' }));
    expect(await reportCommand.run(['--fuzz', bad, '--out', join(dir, 'o2')])).toBe(1);
    expect(io.err()).toContain('schema touchstone-fuzz/9, expected touchstone-fuzz/1');
    expect(await reportCommand.run(['--colour'])).toBe(2);
    expect(await reportCommand.run(['--jobs', '0'])).toBe(2);
    expect(existsSync(join(dir, 'o1', 'index.html'))).toBe(false);
  });
});
