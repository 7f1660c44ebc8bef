import {
  EHDR_SIZE,
  ELF_MAGIC,
  ELFCLASS64,
  ELFDATA2LSB,
  EM_AARCH64,
  ET_EXEC,
  EV_CURRENT,
  PF_R,
  PF_W,
  PF_X,
  PHDR_SIZE,
  PT_GNU_STACK,
  PT_LOAD,
} from './constants.js';

export interface SegmentSpec {
  readonly vaddr: number;
  /** File contents; the segment is zero-filled after them up to `memsz`. */
  readonly data: Uint8Array;
  /** Defaults to data.length; larger for bss. */
  readonly memsz?: number;
  readonly readable?: boolean;
  readonly writable?: boolean;
  readonly executable?: boolean;
}

export interface ElfSpec {
  readonly entry: number;
  readonly segments: readonly SegmentSpec[];
  /** p_align and the congruence of file offsets with addresses; 64 KiB suits every AArch64 page size. */
  readonly align?: number;
}

/** Builds a static AArch64 ELF64 executable (ET_EXEC, no section headers). */
export function writeElf(spec: ElfSpec): Uint8Array {
  const align = spec.align ?? 0x10000;
  const phnum = spec.segments.length + 1;
  const offsets: number[] = [];
  let cursor = EHDR_SIZE + phnum * PHDR_SIZE;
  for (const seg of spec.segments) {
    if (!Number.isSafeInteger(seg.vaddr) || seg.vaddr < 0) throw new RangeError(`bad segment address ${seg.vaddr}`);
    const want = seg.vaddr % align;
    const base = cursor - (cursor % align);
    const at = base + want >= cursor ? base + want : base + align + want;
    offsets.push(at);
    cursor = at + seg.data.length;
  }
  const out = new Uint8Array(cursor);
  const view = new DataView(out.buffer);
  out.set(ELF_MAGIC, 0);
  out[4] = ELFCLASS64;
  out[5] = ELFDATA2LSB;
  out[6] = EV_CURRENT;
  view.setUint16(16, ET_EXEC, true);
  view.setUint16(18, EM_AARCH64, true);
  view.setUint32(20, EV_CURRENT, true);
  view.setBigUint64(24, BigInt(spec.entry), true);
  view.setBigUint64(32, BigInt(EHDR_SIZE), true);
  view.setBigUint64(40, 0n, true);
  view.setUint16(52, EHDR_SIZE, true);
  view.setUint16(54, PHDR_SIZE, true);
  view.setUint16(56, phnum, true);
  view.setUint16(58, 64, true);

  spec.segments.forEach((seg, i) => {
    const at = EHDR_SIZE + i * PHDR_SIZE;
    const memsz = seg.memsz ?? seg.data.length;
    if (memsz < seg.data.length) throw new RangeError(`segment ${i}: memsz ${memsz} below data size ${seg.data.length}`);
    const flags = (seg.readable ?? true ? PF_R : 0) | (seg.writable ? PF_W : 0) | (seg.executable ? PF_X : 0);
    view.setUint32(at, PT_LOAD, true);
    view.setUint32(at + 4, flags, true);
    view.setBigUint64(at + 8, BigInt(offsets[i]!), true);
    view.setBigUint64(at + 16, BigInt(seg.vaddr), true);
    view.setBigUint64(at + 24, BigInt(seg.vaddr), true);
    view.setBigUint64(at + 32, BigInt(seg.data.length), true);
    view.setBigUint64(at + 40, BigInt(memsz), true);
    view.setBigUint64(at + 48, BigInt(align), true);
    out.set(seg.data, offsets[i]!);
  });
  const stack = EHDR_SIZE + spec.segments.length * PHDR_SIZE;
  view.setUint32(stack, PT_GNU_STACK, true);
  view.setUint32(stack + 4, PF_R | PF_W, true);
  view.setBigUint64(stack + 48, 16n, true);
  return out;
}
