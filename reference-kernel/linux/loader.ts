import type { ElfImage } from '../../cpu/elf/index.js';
import { PROT_R, PROT_W, PROT_X, type AddressSpace } from '../../cpu/memory/address-space.js';
import { PAGE_SIZE } from '../../cpu/memory/physical.js';

/** Where an ET_DYN image without interpreter is placed (Linux ELF_ET_DYN_BASE is similar). */
export const DYN_BASE = 0x55_0000_0000;
export const STACK_TOP = 0x7f_ffff_0000;
export const DEFAULT_STACK_SIZE = 1 << 20;

export const AT_NULL = 0;
export const AT_PHDR = 3;
export const AT_PHENT = 4;
export const AT_PHNUM = 5;
export const AT_PAGESZ = 6;
export const AT_BASE = 7;
export const AT_FLAGS = 8;
export const AT_ENTRY = 9;
export const AT_UID = 11;
export const AT_EUID = 12;
export const AT_GID = 13;
export const AT_EGID = 14;
export const AT_HWCAP = 16;
export const AT_CLKTCK = 17;
export const AT_SECURE = 23;
export const AT_RANDOM = 25;
export const AT_EXECFN = 31;

export interface LinuxLoadOptions {
  readonly argv?: readonly string[];
  readonly envp?: readonly string[];
  /** The 16 bytes AT_RANDOM points to (deterministic by default). */
  readonly random?: Uint8Array;
  readonly stackTop?: number;
  readonly stackSize?: number;
}

export interface LoadedProgram {
  readonly entry: number;
  /** Initial SP: points at argc. */
  readonly sp: number;
  /** Load bias added to every segment address (0 for ET_EXEC). */
  readonly bias: number;
  /** First page after the highest segment (initial program break). */
  readonly brk: number;
}

const enc = new TextEncoder();

/** Maps the PT_LOAD segments of `image` and builds the Linux initial stack (argc, argv, envp, auxv). */
export function loadLinuxElf(space: AddressSpace, image: ElfImage, opts: LinuxLoadOptions = {}): LoadedProgram {
  const bias = image.type === 'dyn' ? DYN_BASE : 0;
  let brk = 0;
  for (const seg of image.segments) {
    const start = seg.vaddr + bias;
    const perms = (seg.readable ? PROT_R : 0) | (seg.writable ? PROT_W : 0) | (seg.executable ? PROT_X : 0);
    const first = Math.floor(start / PAGE_SIZE);
    const last = Math.ceil((start + seg.memsz) / PAGE_SIZE);
    for (let vpn = first; vpn < last; vpn++) {
      if (space.isMapped(vpn)) space.protectPage(vpn, space.permsOf(vpn) | perms);
      else space.mapPage(vpn, allocFrame(space, image.file), perms);
    }
    space.poke(start, seg.data);
    brk = Math.max(brk, last * PAGE_SIZE);
  }

  const stackTop = opts.stackTop ?? STACK_TOP;
  const stackSize = opts.stackSize ?? DEFAULT_STACK_SIZE;
  for (let vpn = (stackTop - stackSize) / PAGE_SIZE; vpn < stackTop / PAGE_SIZE; vpn++) {
    space.mapPage(vpn, allocFrame(space, image.file), PROT_R | PROT_W);
  }
  const argv = opts.argv ?? [image.file];
  const envp = opts.envp ?? [];
  const random = opts.random ?? Uint8Array.from({ length: 16 }, (_, i) => (i * 0x3b + 0x11) & 0xff);

  let top = stackTop;
  const push = (bytes: Uint8Array): number => {
    top -= bytes.length;
    space.poke(top, bytes);
    return top;
  };
  const cstr = (s: string): Uint8Array => {
    const b = enc.encode(s);
    const out = new Uint8Array(b.length + 1);
    out.set(b);
    return out;
  };
  const execfn = push(cstr(argv[0] ?? image.file));
  const envPtrs = envp.map((s) => push(cstr(s)));
  const argPtrs = argv.map((s) => push(cstr(s)));
  top = alignDown(top, 16);
  const randomAt = push(random.subarray(0, 16));

  const auxv: Array<[number, number]> = [
    [AT_PHDR, image.phdrVaddr + bias],
    [AT_PHENT, image.phentsize],
    [AT_PHNUM, image.phnum],
    [AT_PAGESZ, PAGE_SIZE],
    [AT_BASE, 0],
    [AT_FLAGS, 0],
    [AT_ENTRY, image.entry + bias],
    [AT_UID, 0],
    [AT_EUID, 0],
    [AT_GID, 0],
    [AT_EGID, 0],
    [AT_HWCAP, 0],
    [AT_CLKTCK, 100],
    [AT_SECURE, 0],
    [AT_RANDOM, randomAt],
    [AT_EXECFN, execfn],
    [AT_NULL, 0],
  ];
  const words = [argv.length, ...argPtrs, 0, ...envPtrs, 0, ...auxv.flat()];
  const table = new Uint8Array(8 * words.length);
  const view = new DataView(table.buffer);
  words.forEach((w, i) => view.setBigUint64(8 * i, BigInt(w), true));
  top = alignDown(top - table.length, 16);
  space.poke(top, table);
  return { entry: image.entry + bias, sp: top, bias, brk };
}

function allocFrame(space: AddressSpace, file: string): number {
  const frame = space.phys.alloc();
  if (frame < 0) throw new Error(`${file}: out of physical memory while loading`);
  return frame;
}

/** Rounds down; exact for addresses above 2^32 where bitwise operators are not. */
function alignDown(v: number, align: number): number {
  return v - (v % align);
}
