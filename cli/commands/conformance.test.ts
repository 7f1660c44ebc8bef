import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { allCases } from '../../conformance/registry.js';
import { parseResults } from '../../reports/conformance/index.js';
import { progressLine } from '../progress.js';
import { exportCommand } from './export.js';
import { listCommand } from './list.js';
import { mergeCommand } from './merge.js';
import { replayCommand } from './replay.js';
import { runCommand } from './run.js';

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const text = (chunk: string | Uint8Array): string => (typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += text(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += text(chunk)), true));
  return { out: () => out, err: () => err };
}

const dir = mkdtempSync(join(tmpdir(), 'touchstone-cli-'));
afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GREP = '^abi/enosys-unknown/';
const selected = allCases().filter((c) => c.id.startsWith('abi/enosys-unknown/'));

describe('touchstone run', () => {
  it('runs a selection, prints the pretty report, writes results.json, junit.xml and results.tap, exits 0', async () => {
    const io = capture();
    const out = join(dir, 'run');
    const code = await runCommand.run(['--grep', GREP, '--jobs', '1', '--out', out]);
    expect(code).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^abi\\s+${selected.length}\\s+${selected.length}\\s`, 'm'));
    expect(io.out()).toMatch(/PASS: \d+ pass\n$/);
    const doc = parseResults(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(doc.results.map((r) => r.id)).toEqual(selected.map((c) => c.id));
    expect(doc.environment).toMatchObject({ target: 'reference', jobs: 1, selection: { area: null, grep: GREP }, interpreting: 1 });
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain(`tests="${selected.length}" failures="0" errors="0"`);
    expect(readFileSync(join(out, 'results.tap'), 'utf8')).toContain(`1..${selected.length}\n`);
  });

  it('exits 1 when an expectation makes a passing case xpass, 0 when nothing fails', async () => {
    const file = join(dir, 'expect.json');
    writeFileSync(file, JSON.stringify({ [selected[0]!.id]: { status: 'fail', reason: 'pretend bug' } }));
    const io = capture();
    expect(await runCommand.run(['--grep', GREP, '--jobs', '1', '--expectations', file, '--reporter', 'tap'])).toBe(1);
    expect(io.out()).toContain(`not ok 1 - ${selected[0]!.id}\n`);
    expect(io.out()).toContain('status: xpass');
  });

  it('rejects bad options with exit 2', async () => {
    const io = capture();
    expect(await runCommand.run(['--reporter', 'html'])).toBe(2);
    expect(await runCommand.run(['--target', 'nowhere'])).toBe(2);
    expect(await runCommand.run(['--shard', '3/2'])).toBe(2);
    expect(await runCommand.run(['--grep', '('])).toBe(2);
    expect(await runCommand.run(['--grep', 'no such case at all'])).toBe(2);
    expect(await runCommand.run(['--bogus'])).toBe(2);
    expect(io.err()).toContain('usage: touchstone run');
  });
});

describe('touchstone merge', () => {
  it('joins two shards into the same results as one run, and refuses a duplicate id (exit 2)', async () => {
    const io = capture();
    const parts = [1, 2].map((i) => join(dir, `shard-${i}`));
    for (const [i, out] of parts.entries()) expect(await runCommand.run(['--grep', GREP, '--jobs', '1', '--shard', `${i + 1}/2`, '--reporter', 'json', '--out', out])).toBe(0);
    const merged = join(dir, 'merged.json');
    expect(await mergeCommand.run([join(parts[0]!, 'results.json'), join(parts[1]!, 'results.json'), '--out', merged])).toBe(0);
    const doc = parseResults(readFileSync(merged, 'utf8'));
    expect(doc.results.map((r) => r.id)).toEqual(selected.map((c) => c.id));
    expect(doc.environment.parts).toBe(2);
    expect(await mergeCommand.run([join(parts[0]!, 'results.json'), join(parts[0]!, 'results.json'), '--out', join(dir, 'dup.json')])).toBe(2);
    expect(io.err()).toMatch(/appears in part 1 and part 2/);
    expect(existsSync(join(dir, 'dup.json'))).toBe(false);
  });
});

describe('touchstone replay, list, export', () => {
  it('replay prints the console output, the syscall trace and the evaluation', async () => {
    const io = capture();
    const id = selected[0]!.id;
    expect(await replayCommand.run([id, '--trace'])).toBe(0);
    const out = io.out();
    expect(out).toContain(`case ${id} (area abi) on reference`);
    expect(out).toMatch(/--- console \(\d+ bytes\) ---\nok 1 - /);
    expect(out).toMatch(/--- syscall trace \([1-9]\d* lines\) ---/);
    expect(out).toContain('--- evaluation: PASS ---');
  });

  it('replay of an unknown id is a usage error that suggests ids', async () => {
    const io = capture();
    expect(await replayCommand.run(['enosys-unknown'])).toBe(2);
    expect(io.err()).toContain('did you mean abi/enosys-unknown/');
  });

  it('list prints ids with their clauses', async () => {
    const io = capture();
    expect(await listCommand.run(['--grep', GREP])).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines.length).toBe(selected.length);
    expect(lines[0]).toMatch(new RegExp(`^${selected[0]!.id}\\s+${selected[0]!.clauses.join(' ')}$`));
  });

  it('export writes the cases; replay runs an exported sidecar', async () => {
    const io = capture();
    const out = join(dir, 'export');
    expect(await exportCommand.run(['--out', out, '--grep', GREP])).toBe(0);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { cases: { sidecar: string }[] };
    expect(index.cases.length).toBe(selected.length);
    expect(await replayCommand.run([join(out, index.cases[0]!.sidecar)])).toBe(0);
    expect(io.out()).toContain('--- evaluation: PASS ---');
    expect(await exportCommand.run([])).toBe(2);
  });
});

describe('progress line', () => {
  it('shows done/total, pass and fail counts, rate and ETA', () => {
    expect(progressLine(50, 200, { pass: 45, fail: 3, timeout: 2 }, 10_000, 8)).toBe('[##......] 50/200  45 pass  5 fail  5 cases/s  ETA 0:30');
    expect(progressLine(0, 10, {}, 0, 4)).toBe('[....] 0/10  0 pass  0 fail  0 cases/s  ETA --:--');
  });
});
