import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseFuzzCampaign } from '../../reports/model/fuzz.js';
import { fuzzCommand, parseDuration, statusLine } from './fuzz.js';
import { replayCommand } from './replay.js';

const dir = mkdtempSync(join(tmpdir(), 'touchstone-fuzz-cli-'));
const saved = process.env.TOUCHSTONE_STATE_DIR;
let out = '';
beforeEach(() => {
  process.env.TOUCHSTONE_STATE_DIR = join(dir, 'state');
  out = '';
  const text = (c: string | Uint8Array): string => (typeof c === 'string' ? c : new TextDecoder().decode(c));
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += text(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((out += text(c)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  if (saved === undefined) delete process.env.TOUCHSTONE_STATE_DIR;
  else process.env.TOUCHSTONE_STATE_DIR = saved;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('touchstone fuzz', () => {
  it('parses durations', () => {
    expect(parseDuration('60s')).toBe(60);
    expect(parseDuration('2m')).toBe(120);
    expect(parseDuration('1500ms')).toBe(1.5);
    expect(parseDuration('5')).toBe(5);
    expect(() => parseDuration('soon')).toThrow(/duration/);
    expect(statusLine({ engine: 'raw', elapsed: 2, budget: 10, execs: 40, syscalls: 80_000, clauses: 12, findings: 0 }))
      .toBe('[raw 2s/10s] execs 40 (20/s)  syscalls 80000 (40.0k/s)  clauses 12  findings 0');
  });

  it('runs the raw engine, prints statistics and writes the campaign summary reports/ reads', async () => {
    const code = await fuzzCommand.run(['--engine', 'raw', '--time', '2s', '--seed', '3', '--findings', join(dir, 'findings-raw')]);
    expect(code, out).toBe(0);
    expect(out).toMatch(/raw\s+\d/);
    expect(out).toMatch(/clauses reached: \d+/);
    const summary = parseFuzzCampaign(readFileSync(join(dir, 'state', 'fuzz.json'), 'utf8'), 'fuzz.json');
    expect(summary.engines[0]!.engine).toBe('raw');
    expect(summary.engines[0]!.syscalls).toBeGreaterThan(1000);
    expect(summary.clausesReached.length).toBeGreaterThan(10);
  });

  it('with a planted bug, the model engine writes a minimized finding that `touchstone replay FILE` reproduces', async () => {
    const findings = join(dir, 'findings-planted');
    const code = await fuzzCommand.run(['--engine', 'model', '--time', '6s', '--seed', '42', '--plant', 'ipc-no-attenuate', '--findings', findings]);
    expect(code, out).toBe(1);
    const files = readdirSync(findings);
    expect(files.length).toBeGreaterThan(0);
    out = '';
    expect(await replayCommand.run([join(findings, files[0]!)])).toBe(1);
    expect(out).toMatch(/reproduced: rights:/);
    expect(out).toMatch(/as the file expects \(reproduces\)/);
  });

  it('rejects unknown engines, targets and plants', async () => {
    expect(await fuzzCommand.run(['--engine', 'nope'])).toBe(2);
    expect(await fuzzCommand.run(['--engine', 'model,nope'])).toBe(2);
    expect(await fuzzCommand.run(['--target', 'nowhere'])).toBe(2);
    expect(await fuzzCommand.run(['--plant', 'nothing'])).toBe(2);
  });
});
