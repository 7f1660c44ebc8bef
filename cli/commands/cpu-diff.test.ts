import { afterEach, describe, expect, it, vi } from 'vitest';
import { hasQemu } from '../../conformance/cpu-diff/qemu.js';
import { cpuDiffCommand } from './cpu-diff.js';

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const text = (chunk: string | Uint8Array): string => (typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += text(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += text(c)), true));
  return { out: () => out, err: () => err };
}

describe('touchstone cpu-diff', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.doUnmock('../../conformance/cpu-diff/qemu.js');
  });

  it('rejects bad options with exit code 2', async () => {
    const io = capture();
    expect(await cpuDiffCommand.run(['--count', 'lots'])).toBe(2);
    expect(await cpuDiffCommand.run(['--frobnicate'])).toBe(2);
    vi.restoreAllMocks();
    expect(io.err()).toMatch(/--count needs an integer/);
    expect(io.err()).toMatch(/unknown option '--frobnicate'/);
  });

  it.skipIf(!hasQemu())('prints one summary line and exits 0 when nothing mismatches', async () => {
    const io = capture();
    const code = await cpuDiffCommand.run(['--count', '40', '--seed', '3', '--rows', 'ADD_imm,MOVZ,B_cond', '--jobs=2']);
    vi.restoreAllMocks();
    expect(io.out()).toMatch(/^cpu-diff: 40 sequences, 0 mismatches \(seed 3, 3 rows, \d+\.\d s\)\n$/);
    expect(code).toBe(0);
  });

  it('skips with a message and exit 0 when qemu is missing', async () => {
    vi.resetModules();
    vi.doMock('../../conformance/cpu-diff/qemu.js', async (orig) => ({
      ...(await orig<typeof import('../../conformance/cpu-diff/qemu.js')>()),
      hasQemu: () => false,
    }));
    const { cpuDiffCommand: cmd } = await import('./cpu-diff.js');
    const io = capture();
    const code = await cmd.run(['--count', '10']);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(io.out()).toBe('qemu-aarch64-static not found; cpu-diff skipped\n');
  });
});
