import { ElfError, readElf, type ElfImage } from '../../cpu/elf/index.js';
import { AddressSpace, PROT_R, PROT_W, PROT_X } from '../../cpu/memory/address-space.js';
import { PAGE_SIZE, type PhysicalMemory } from '../../cpu/memory/physical.js';
import { constValue, type ErrnoName } from '../../spec/index.js';
import { MemoryManager, type MmOptions } from './mm/index.js';

const as = (name: string): number => constValue('ADDRESS_SPACE', name);
const USER_VA_MIN = as('USER_VA_MIN');
const STACK_TOP = as('USER_STACK_TOP');
const STACK_PAGES = as('USER_STACK_PAGES');
/** The image must end below the stack (MM.LAYOUT). */
const IMAGE_END = STACK_TOP - STACK_PAGES * PAGE_SIZE;

export type LoadResult =
  | { readonly ok: true; readonly mm: MemoryManager; readonly entry: number; readonly sp: number; readonly argvAt: number; readonly envpAt: number }
  | { readonly ok: false; readonly errno: ErrnoName; readonly clause: string; readonly detail: string };

const enc = new TextEncoder();

/** An argv or envp string: text (stored UTF-8) or its exact bytes (execve copies the caller's bytes). */
export type ArgString = string | Uint8Array;

/** An image the kernel cannot boot: one line naming the file and the problem. */
export class BootError extends Error {
  override readonly name = 'BootError';
}

/**
 * Builds a new address space holding `bytes` as a SwiftOS image (MM.LAYOUT) with the initial
 * stack of PROC.ENTRY.STACK / PROC.ENTRY.AUXV. Fails without side effects: ENOEXEC for an image
 * that is not a loadable static AArch64 executable inside the image area, ENOMEM for lack of
 * frames.
 */
export function loadSwiftosImage(
  phys: PhysicalMemory,
  bytes: Uint8Array,
  file: string,
  argv: readonly ArgString[],
  envp: readonly ArgString[],
  mmOptions: MmOptions = {},
): LoadResult {
  let image: ElfImage;
  try {
    image = readElf(bytes, file);
  } catch (err) {
    if (err instanceof ElfError) return { ok: false, errno: 'ENOEXEC', clause: 'PROC.EXEC.NOEXEC', detail: err.message };
    throw err;
  }
  const bias = image.type === 'dyn' ? USER_VA_MIN : 0;
  const perms = new Map<number, number>();
  for (const seg of image.segments) {
    const start = seg.vaddr + bias;
    if (start < USER_VA_MIN || start + seg.memsz > IMAGE_END) {
      return { ok: false, errno: 'ENOEXEC', clause: 'PROC.EXEC.RANGE', detail: `${file}: segment at 0x${start.toString(16)} is outside the image area` };
    }
    const access = (seg.readable ? PROT_R : 0) | (seg.writable ? PROT_W : 0) | (seg.executable ? PROT_X : 0);
    // Any access implies read at EL0 (MM.PROT.READIMPLIED).
    const p = access === 0 ? 0 : access | PROT_R;
    for (let vpn = Math.floor(start / PAGE_SIZE); vpn < Math.ceil((start + seg.memsz) / PAGE_SIZE); vpn++) {
      perms.set(vpn, (perms.get(vpn) ?? 0) | p);
    }
  }
  if (image.entry + bias < USER_VA_MIN || image.entry + bias >= IMAGE_END) {
    return { ok: false, errno: 'ENOEXEC', clause: 'PROC.EXEC.RANGE', detail: `${file}: entry point outside the image area` };
  }
  if (phys.frameCount - phys.framesInUse < perms.size + STACK_PAGES) {
    return { ok: false, errno: 'ENOMEM', clause: 'PROC.EXEC.NOMEM', detail: `${file}: not enough memory for the image` };
  }

  const space = new AddressSpace(phys);
  for (const [vpn, p] of perms) space.mapPage(vpn, phys.alloc(), p);
  for (const seg of image.segments) space.poke(seg.vaddr + bias, seg.data);
  const stackBase = IMAGE_END;
  for (let vpn = stackBase / PAGE_SIZE; vpn < STACK_TOP / PAGE_SIZE; vpn++) space.mapPage(vpn, phys.alloc(), PROT_R | PROT_W);

  const mm = new MemoryManager(space, mmOptions);
  const vpns = [...perms.keys()].sort((a, b) => a - b);
  for (let i = 0; i < vpns.length; ) {
    let j = i + 1;
    while (j < vpns.length && vpns[j] === vpns[j - 1]! + 1) j++;
    mm.adopt(vpns[i]! * PAGE_SIZE, (j - i) * PAGE_SIZE, 'image', file);
    i = j;
  }
  mm.adopt(stackBase, STACK_TOP - stackBase, 'stack');

  const stack = buildInitialStack(argv, envp);
  const sp = STACK_TOP - stack.length;
  // Pointers inside the block are relative to its start; rebase them now that SP is known.
  const view = new DataView(stack.buffer);
  for (const at of stack.pointerSlots) view.setBigUint64(at, BigInt(sp + Number(view.getBigUint64(at, true))), true);
  space.poke(sp, stack.bytes);
  return { ok: true, mm, entry: image.entry + bias, sp, argvAt: sp + 8, envpAt: sp + 8 * (argv.length + 2) };
}

interface StackBlock {
  readonly bytes: Uint8Array;
  readonly buffer: ArrayBuffer;
  readonly length: number;
  /** Byte offsets of words that hold block-relative pointers. */
  readonly pointerSlots: readonly number[];
}

/** argc, argv[], NULL, envp[], NULL, AT_NULL pair, then the strings; 16-byte aligned. */
function buildInitialStack(argv: readonly ArgString[], envp: readonly ArgString[]): StackBlock {
  const words = 1 + argv.length + 1 + envp.length + 1 + 2;
  const tableBytes = words * 8;
  const strings = [...argv, ...envp].map((s) => (typeof s === 'string' ? enc.encode(s) : s));
  const stringBytes = strings.reduce((n, s) => n + s.length + 1, 0);
  const length = Math.ceil((tableBytes + stringBytes) / 16) * 16;
  const buffer = new ArrayBuffer(length);
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  const pointerSlots: number[] = [];
  view.setBigUint64(0, BigInt(argv.length), true);
  let str = tableBytes;
  strings.forEach((s, i) => {
    const slot = i < argv.length ? 8 * (1 + i) : 8 * (2 + argv.length + (i - argv.length));
    view.setBigUint64(slot, BigInt(str), true);
    pointerSlots.push(slot);
    bytes.set(s, str);
    str += s.length + 1;
  });
  return { bytes, buffer, length, pointerSlots };
}
