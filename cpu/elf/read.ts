import {
  EHDR_SIZE,
  ELF_MAGIC,
  ELFCLASS64,
  ELFDATA2LSB,
  EM_AARCH64,
  ET_DYN,
  ET_EXEC,
  PF_R,
  PF_W,
  PF_X,
  PHDR_SIZE,
  PT_INTERP,
  PT_LOAD,
  PT_PHDR,
} from './constants.js';

/** A malformed or unsupported ELF file; the message is one line naming the file. */
export class ElfError extends Error {
  override readonly name = 'ElfError';
}

export interface LoadSegment {
  readonly vaddr: number;
  readonly memsz: number;
  readonly filesz: number;
  readonly offset: number;
  readonly align: number;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly executable: boolean;
  /** The segment's file bytes (length `filesz`); the rest up to `memsz` is zero (bss). */
  readonly data: Uint8Array;
}

export interface ElfImage {
  readonly file: string;
  readonly type: 'exec' | 'dyn';
  readonly entry: number;
  readonly phoff: number;
  readonly phentsize: number;
  readonly phnum: number;
  /** Virtual address of the program header table (PT_PHDR, else derived from the first PT_LOAD). */
  readonly phdrVaddr: number;
  /** PT_LOAD segments with memsz > 0, by ascending address. */
  readonly segments: readonly LoadSegment[];
}

/** User address space covered by the emulator (cpu/memory/address-space.ts VA_BITS). */
const ADDRESS_LIMIT = 2 ** 40;
const PAGE = 4096;

/**
 * Parses a static little-endian AArch64 ELF64 executable. Throws ElfError (one line, naming
 * `file` and the problem) for anything malformed or unsupported; never a raw TypeError.
 */
export function readElf(bytes: Uint8Array, file = '<elf>'): ElfImage {
  const fail = (problem: string): ElfError => new ElfError(`${file}: ${problem}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u64 = (off: number, what: string): number => {
    const v = view.getBigUint64(off, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw fail(`${what} 0x${v.toString(16)} is out of range`);
    return Number(v);
  };

  if (bytes.length < 4 || ELF_MAGIC.some((b, i) => bytes[i] !== b)) throw fail('not an ELF file (bad magic)');
  if (bytes.length < 16) throw fail(`truncated ELF header (${bytes.length} bytes)`);
  if (bytes[4] !== ELFCLASS64) throw fail(`not a 64-bit ELF file (class ${bytes[4]})`);
  if (bytes[5] !== ELFDATA2LSB) throw fail(`not a little-endian ELF file (data encoding ${bytes[5]})`);
  if (bytes.length < EHDR_SIZE) throw fail(`truncated ELF header (${bytes.length} of ${EHDR_SIZE} bytes)`);

  const type = view.getUint16(16, true);
  const machine = view.getUint16(18, true);
  if (machine !== EM_AARCH64) throw fail(`not an AArch64 ELF file (machine ${machine})`);
  if (type !== ET_EXEC && type !== ET_DYN) throw fail(`not an executable (ELF type ${type})`);
  const entry = u64(24, 'entry point');
  const phoff = u64(32, 'program header offset');
  const ehsize = view.getUint16(52, true);
  const phentsize = view.getUint16(54, true);
  const phnum = view.getUint16(56, true);
  if (ehsize < EHDR_SIZE) throw fail(`ELF header size ${ehsize} is smaller than ${EHDR_SIZE}`);
  if (phnum === 0) throw fail('no program headers');
  if (phentsize !== PHDR_SIZE) throw fail(`program header entry size ${phentsize}, expected ${PHDR_SIZE}`);
  if (phoff + phnum * PHDR_SIZE > bytes.length) {
    throw fail(`truncated program headers (${phnum} at offset 0x${phoff.toString(16)}, file is ${bytes.length} bytes)`);
  }

  const segments: LoadSegment[] = [];
  let phdrVaddr: number | undefined;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * PHDR_SIZE;
    const ptype = view.getUint32(at, true);
    if (ptype === PT_INTERP) throw fail('dynamic executables are not supported (PT_INTERP present)');
    if (ptype === PT_PHDR) phdrVaddr = u64(at + 16, `program header ${i} address`);
    if (ptype !== PT_LOAD) continue;
    const flags = view.getUint32(at + 4, true);
    const offset = u64(at + 8, `segment ${i} offset`);
    const vaddr = u64(at + 16, `segment ${i} address`);
    const filesz = u64(at + 32, `segment ${i} file size`);
    const memsz = u64(at + 40, `segment ${i} memory size`);
    const align = u64(at + 48, `segment ${i} alignment`);
    const where = `segment ${i} (vaddr 0x${vaddr.toString(16)})`;
    if (filesz > memsz) throw fail(`${where}: file size 0x${filesz.toString(16)} exceeds memory size 0x${memsz.toString(16)}`);
    if (filesz > 0 && offset + filesz > bytes.length) {
      throw fail(`${where}: extends beyond the end of the file (offset 0x${offset.toString(16)} + 0x${filesz.toString(16)} > ${bytes.length} bytes)`);
    }
    if (align > 1 && !Number.isInteger(Math.log2(align))) throw fail(`${where}: alignment 0x${align.toString(16)} is not a power of two`);
    if (align > 1 && vaddr % align !== offset % align) {
      throw fail(`${where}: unaligned (address and file offset 0x${offset.toString(16)} differ modulo alignment 0x${align.toString(16)})`);
    }
    if (vaddr % PAGE !== offset % PAGE) {
      throw fail(`${where}: unaligned (address and file offset 0x${offset.toString(16)} differ modulo the page size)`);
    }
    if (vaddr + memsz > ADDRESS_LIMIT) throw fail(`${where}: outside the 40-bit user address space`);
    if (memsz === 0) continue;
    segments.push({
      vaddr,
      memsz,
      filesz,
      offset,
      align,
      readable: (flags & PF_R) !== 0,
      writable: (flags & PF_W) !== 0,
      executable: (flags & PF_X) !== 0,
      data: bytes.subarray(offset, offset + filesz),
    });
  }
  if (segments.length === 0) throw fail('no loadable segments');
  segments.sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1]!;
    const cur = segments[i]!;
    if (prev.vaddr + prev.memsz > cur.vaddr) {
      throw fail(`overlapping segments at 0x${prev.vaddr.toString(16)} and 0x${cur.vaddr.toString(16)}`);
    }
  }
  const code = segments.find((s) => s.executable && entry >= s.vaddr && entry < s.vaddr + s.memsz);
  if (!code) throw fail(`entry point 0x${entry.toString(16)} is not inside an executable segment`);
  if (entry % 4 !== 0) throw fail(`entry point 0x${entry.toString(16)} is not 4-byte aligned`);
  const first = segments.reduce((a, b) => (a.offset <= b.offset ? a : b));
  return {
    file,
    type: type === ET_EXEC ? 'exec' : 'dyn',
    entry,
    phoff,
    phentsize,
    phnum,
    phdrVaddr: phdrVaddr ?? first.vaddr - first.offset + phoff,
    segments,
  };
}
