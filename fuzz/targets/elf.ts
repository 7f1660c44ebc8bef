// The ELF reader (cpu/elf readElf) and the SwiftOS image loader (reference-kernel/swiftos/loader.ts).
// The loader reports every bad image as a value (ENOEXEC, ENOMEM); the reader throws ElfError only.

import { ElfError, readElf, writeElf } from '../../cpu/elf/index.js';
import { PhysicalMemory } from '../../cpu/memory/physical.js';
import { loadSwiftosImage } from '../../reference-kernel/swiftos/loader.js';
import { editedSeeds } from './mutate.js';
import type { ByteTarget } from './target.js';

let phys: PhysicalMemory | null = null;

export function fuzz(buf: Buffer): void {
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  phys ??= new PhysicalMemory(8 << 20);
  phys.reset();
  const loaded = loadSwiftosImage(phys, bytes, 'fuzz.elf', ['fuzz.elf', 'a'], ['X=1']);
  if (loaded.ok) loaded.mm.dispose();
  readElf(bytes, 'fuzz.elf');
}

export const documented = (err: unknown): boolean => err instanceof ElfError;

function seeds(): Uint8Array[] {
  const code = new Uint8Array(16).fill(0x1f);
  return [
    writeElf({ entry: 0x8000_0000, align: 0x1000, segments: [{ vaddr: 0x8000_0000, data: code, executable: true }] }),
    writeElf({
      entry: 0x8000_0000, align: 0x1000,
      segments: [
        { vaddr: 0x8000_0000, data: code, executable: true },
        { vaddr: 0x8001_0000, data: new Uint8Array(8), memsz: 0x3000, writable: true },
        { vaddr: 0x8002_0000, data: new Uint8Array(4), writable: false },
      ],
    }),
  ];
}

export const elfTarget: ByteTarget = {
  name: 'elf',
  parser: 'cpu/elf readElf and reference-kernel/swiftos/loader.ts loadSwiftosImage',
  documentedError: 'ElfError from readElf; the loader returns failures as values',
  fuzz,
  documented,
  seeds,
  structured: () => editedSeeds(seeds(), 8, 0x100),
};
