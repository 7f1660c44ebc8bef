import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeElf } from '../../cpu/elf/index.js';
import { enc } from '../../cpu/testing/run-words.js';
import { Prog } from '../../reference-kernel/swiftos/testkit.js';
import { execCommand } from './exec.js';

const movz = (rd: number, imm16: number, hw = 0): number => enc('MOVZ', { sf: 1, hw, imm16, Rd: rd });
const svc = enc('SVC', { imm16: 0 });

/** write(1, "hello\n", 6); exit(7) */
const hello = writeElf({
  entry: 0x8000_0000,
  segments: [
    {
      vaddr: 0x8000_0000,
      data: new Uint8Array(
        Uint32Array.from([movz(0, 1), movz(1, 0x8001, 1), movz(2, 6), movz(8, 64), svc, movz(0, 7), movz(8, 93), svc]).buffer,
      ),
      executable: true,
    },
    { vaddr: 0x8001_0000, data: new TextEncoder().encode('hello\n'), writable: true },
  ],
});

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
    return true;
  });
  return { out: () => out, err: () => err };
}

/** The same program with SwiftOS numbers: write(1, "hello\n", 6) is 3; exit(7) is 5. */
const helloSwiftos = writeElf({
  entry: 0x8000_0000,
  segments: [
    {
      vaddr: 0x8000_0000,
      data: new Uint8Array(
        Uint32Array.from([movz(0, 1), movz(1, 0x8001, 1), movz(2, 6), movz(8, 3), svc, movz(0, 7), movz(8, 5), svc]).buffer,
      ),
      executable: true,
    },
    { vaddr: 0x8001_0000, data: new TextEncoder().encode('hello\n'), writable: true },
  ],
});

describe('touchstone exec', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ts-exec-'));
  afterEach(() => vi.restoreAllMocks());

  it('runs a static ELF in the linux personality, passing stdout through and exiting with its status', async () => {
    const file = join(dir, 'hello.elf');
    writeFileSync(file, hello);
    const io = capture();
    const code = await execCommand.run(['--personality', 'linux', file, 'arg1']);
    vi.restoreAllMocks();
    expect(code).toBe(7);
    expect(io.out()).toBe('hello\n');
    expect(io.err()).toBe('');
  });

  it('boots the swiftos reference kernel by default, with --trace on stderr', async () => {
    const file = join(dir, 'hello-swiftos.elf');
    writeFileSync(file, helloSwiftos);
    const io = capture();
    const code = await execCommand.run(['--trace', file]);
    vi.restoreAllMocks();
    expect(code).toBe(7);
    expect(io.out()).toBe('hello\n');
    expect(io.err()).toBe('[1/1] write(1, 0x80010000, 6) = 6\n[1/1] exit(7) = does not return\n');
  });

  it('reports a malformed file in one line and exits 126', async () => {
    const file = join(dir, 'bad.elf');
    writeFileSync(file, 'not an elf');
    const io = capture();
    const code = await execCommand.run(['--personality=linux', file]);
    vi.restoreAllMocks();
    expect(code).toBe(126);
    expect(io.err()).toBe(`exec: ${file}: not an ELF file (bad magic)\n`);
  });

  it('--image overlays host files on the base image; --seed seeds the random source', async () => {
    const image = join(dir, 'image');
    mkdirSync(join(image, 'etc'), { recursive: true });
    writeFileSync(join(image, 'etc', 'motd'), 'overlaid motd\n');
    const p = new Prog();
    const path = p.str('/etc/motd');
    const buf = p.space(64);
    p.sys('open', path, 0, 0).keep(19);
    p.mov(0, 19).a.movImm(1, buf).movImm(2, 64).movImm(8, 2).svc(); // read(fd, buf, 64)
    p.keep(20);
    p.mov(2, 20).a.movImm(0, 1).movImm(1, buf).movImm(8, 3).svc(); // write(1, buf, n)
    p.sys('random', buf, 8).sys('write', 1, buf, 8).exit(0);
    const file = join(dir, 'motd.elf');
    writeFileSync(file, p.elf());
    const runWith = async (seed: string): Promise<string> => {
      const io = capture();
      const code = await execCommand.run(['--image', image, '--seed', seed, file]);
      vi.restoreAllMocks();
      expect(code).toBe(0);
      return io.out();
    };
    const a = await runWith('1');
    expect(a.startsWith('overlaid motd\n')).toBe(true);
    expect(a.length).toBe('overlaid motd\n'.length + 8);
    expect(await runWith('1')).toBe(a);
    expect(await runWith('2')).not.toBe(a);
  });

  it('rejects unknown personalities', async () => {
    const io = capture();
    const code = await execCommand.run(['--personality', 'plan9', 'x.elf']);
    vi.restoreAllMocks();
    expect(code).toBe(2);
    expect(io.err()).toMatch(/unsupported personality 'plan9'/);
    rmSync(dir, { recursive: true, force: true });
  });
});
