import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElfError, readElf, writeElf, type ElfSpec } from './index.js';

const MOVZ_X0_7 = 0xd28000e0; // movz x0, #7
const MOVZ_X8_93 = 0xd2800ba8; // movz x8, #93 (exit)
const SVC_0 = 0xd4000001;
const exitCode = new Uint8Array(new Uint32Array([MOVZ_X0_7, MOVZ_X8_93, SVC_0]).buffer);

const spec: ElfSpec = {
  entry: 0x400000,
  segments: [
    { vaddr: 0x400000, data: exitCode, executable: true },
    { vaddr: 0x410000, data: Uint8Array.of(1, 2, 3, 4), memsz: 0x2345, writable: true },
  ],
};

function has(tool: string): boolean {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A valid file, then `edit` applied to a copy. */
function mutated(edit: (b: Uint8Array, v: DataView) => void): Uint8Array {
  const bytes = writeElf(spec).slice();
  edit(bytes, new DataView(bytes.buffer));
  return bytes;
}

const PH = 64; // first program header
const PH2 = 64 + 56;

describe('writeElf / readElf', () => {
  it('round-trips entry, segments, flags, file and memory sizes', () => {
    const img = readElf(writeElf(spec), 'prog');
    expect(img.type).toBe('exec');
    expect(img.entry).toBe(0x400000);
    expect(img.segments).toHaveLength(2);
    const [code, data] = img.segments;
    expect(code).toMatchObject({ vaddr: 0x400000, filesz: 12, memsz: 12, readable: true, writable: false, executable: true });
    expect([...code!.data]).toEqual([...exitCode]);
    expect(data).toMatchObject({ vaddr: 0x410000, filesz: 4, memsz: 0x2345, readable: true, writable: true, executable: false });
    expect([...data!.data]).toEqual([1, 2, 3, 4]);
    for (const s of img.segments) expect(s.offset % 0x10000).toBe(s.vaddr % 0x10000);
    expect(img.phnum).toBe(3); // two PT_LOAD + PT_GNU_STACK
  });

  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['bad magic', mutated((b) => (b[1] = 0x46)), /not an ELF file \(bad magic\)/],
    ['too short for magic', Uint8Array.of(0x7f, 0x45), /bad magic/],
    ['32-bit class', mutated((b) => (b[4] = 1)), /not a 64-bit ELF file/],
    ['big endian', mutated((b) => (b[5] = 2)), /not a little-endian ELF file/],
    ['truncated header', writeElf(spec).slice(0, 40), /truncated ELF header/],
    ['wrong machine', mutated((_, v) => v.setUint16(18, 62, true)), /not an AArch64 ELF file \(machine 62\)/],
    ['relocatable object', mutated((_, v) => v.setUint16(16, 1, true)), /not an executable \(ELF type 1\)/],
    ['truncated program headers', writeElf(spec).slice(0, 100), /truncated program headers/],
    ['bad phentsize', mutated((_, v) => v.setUint16(54, 32, true)), /program header entry size 32/],
    [
      'segment beyond file',
      mutated((_, v) => {
        v.setBigUint64(PH + 32, 0x100000n, true);
        v.setBigUint64(PH + 40, 0x100000n, true);
      }),
      /segment 0 \(vaddr 0x400000\): extends beyond the end of the file/,
    ],
    ['filesz above memsz', mutated((_, v) => v.setBigUint64(PH2 + 40, 2n, true)), /file size 0x4 exceeds memory size 0x2/],
    ['unaligned segment', mutated((_, v) => v.setBigUint64(PH + 16, 0x400004n, true)), /unaligned/],
    ['PT_INTERP present', mutated((_, v) => v.setUint32(PH2, 3, true)), /dynamic executables are not supported/],
    ['entry outside code', mutated((_, v) => v.setBigUint64(24, 0x410000n, true)), /entry point 0x410000 is not inside an executable segment/],
    ['huge address', mutated((_, v) => v.setBigUint64(24, 0xffff_ffff_ffff_0000n, true)), /entry point 0x[f0]+ is out of range/],
  ];
  for (const [what, bytes, message] of cases) {
    it(`rejects ${what} with a one-line ElfError naming the file`, () => {
      let err: unknown;
      try {
        readElf(bytes, 'bad.elf');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ElfError);
      const text = (err as Error).message;
      expect(text.startsWith('bad.elf: ')).toBe(true);
      expect(text).not.toContain('\n');
      expect(text).toMatch(message);
    });
  }

  it('accepts a bss-only segment whose file offset lies past the end of the file', () => {
    // ld emits these for .bss-only PT_LOADs: filesz 0, offset congruent to vaddr.
    const bytes = mutated((_b, v) => {
      v.setBigUint64(PH2 + 8, 0x1_0000n, true); // p_offset far past EOF
      v.setBigUint64(PH2 + 32, 0n, true); // p_filesz
    });
    const img = readElf(bytes, 'bss-only');
    expect(img.segments[1]).toMatchObject({ vaddr: 0x410000, filesz: 0, memsz: 0x2345 });
  });

  it('rejects overlapping segments', () => {
    const overlap = writeElf({
      entry: 0x400000,
      segments: [
        { vaddr: 0x400000, data: exitCode, memsz: 0x20000, executable: true },
        { vaddr: 0x410000, data: Uint8Array.of(1), writable: true },
      ],
    });
    expect(() => readElf(overlap, 'o.elf')).toThrow(/^o\.elf: overlapping segments at 0x400000 and 0x410000$/);
  });

  it('never throws anything but ElfError on truncations of a valid file', () => {
    const full = writeElf(spec);
    for (let n = 0; n < 300; n++) {
      try {
        readElf(full.slice(0, n), 't.elf');
      } catch (e) {
        expect(e).toBeInstanceOf(ElfError);
      }
    }
  });

  it.skipIf(!has('aarch64-linux-gnu-readelf'))('is accepted by aarch64-linux-gnu-readelf -lh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-elf-'));
    try {
      const file = join(dir, 'w.elf');
      writeFileSync(file, writeElf(spec));
      const out = execFileSync('aarch64-linux-gnu-readelf', ['-lhW', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out).toMatch(/Type:\s+EXEC/);
      expect(out).toMatch(/Machine:\s+AArch64/);
      expect(out).toMatch(/Entry point address:\s+0x400000/);
      expect(out).toMatch(/LOAD\s+0x0*10000\s+0x0*400000\s+0x0*400000\s+0x0*c\s+0x0*c\s+R E\s+0x10000/);
      expect(out).toMatch(/LOAD\s+0x[0-9a-f]+\s+0x0*410000\s+0x0*410000\s+0x0*4\s+0x0*2345\s+RW\s+0x10000/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!has('qemu-aarch64-static'))('runs under qemu-aarch64-static (exit status 7)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-elf-'));
    try {
      const file = join(dir, 'w.elf');
      writeFileSync(file, writeElf(spec), { mode: 0o755 });
      expect(spawnSync('qemu-aarch64-static', [file]).status).toBe(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
