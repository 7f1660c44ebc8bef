// Every number the memory cases compute their expectations from, read from spec/.

import { constValue, layout } from '../../../spec/index.js';

export const AREA = 'memory';
export const PAGE = constValue('ADDRESS_SPACE', 'PAGE_SIZE');
export const VA_MIN = constValue('ADDRESS_SPACE', 'USER_VA_MIN');
export const VA_END = constValue('ADDRESS_SPACE', 'USER_VA_END');
export const STACK_TOP = constValue('ADDRESS_SPACE', 'USER_STACK_TOP');
export const STACK_PAGES = constValue('ADDRESS_SPACE', 'USER_STACK_PAGES');
export const MMAP_TOP = constValue('ADDRESS_SPACE', 'USER_MMAP_TOP');
export const MMAP_FLOOR = constValue('ADDRESS_SPACE', 'USER_MMAP_FLOOR');
export const HEAP_BASE = constValue('ADDRESS_SPACE', 'USER_HEAP_BASE');
/** The lowest page of the initial stack (MM.LAYOUT: a USER_STACK_PAGES-page stack below USER_STACK_TOP). */
export const STACK_LOW = STACK_TOP - STACK_PAGES * PAGE;

export const PROT_NONE = constValue('PROT', 'PROT_NONE');
export const PROT_READ = constValue('PROT', 'PROT_READ');
export const PROT_WRITE = constValue('PROT', 'PROT_WRITE');
export const PROT_EXEC = constValue('PROT', 'PROT_EXEC');
export const RW = PROT_READ | PROT_WRITE;
export const RX = PROT_READ | PROT_EXEC;

export const MAP_PRIVATE = constValue('MAP_FLAGS', 'MAP_PRIVATE');
export const MAP_FIXED = constValue('MAP_FLAGS', 'MAP_FIXED');
export const MAP_ANONYMOUS = constValue('MAP_FLAGS', 'MAP_ANONYMOUS');
export const MAP_NORESERVE = constValue('MAP_FLAGS', 'MAP_NORESERVE');
export const MAP_FIXED_NOREPLACE = constValue('MAP_FLAGS', 'MAP_FIXED_NOREPLACE');
/** MAP_PRIVATE | MAP_ANONYMOUS: the only kind of mapping there is (MM.MMAP.ANON). */
export const ANON = MAP_PRIVATE | MAP_ANONYMOUS;

export const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
export const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
export const O_CREAT = constValue('OPEN_FLAGS', 'O_CREAT');

export const SIGSEGV = constValue('SIGNALS', 'SIGSEGV');
export const SIGILL = constValue('SIGNALS', 'SIGILL');

/** sbrk's failure value (MM.SBRK.FAIL): all ones. */
export const SBRK_FAILED = 2n ** 64n - 1n;

const FRAME = layout('sigframe');
function frameField(name: string): number {
  const f = FRAME.fields.find((x) => x.name === name);
  if (f === undefined) throw new Error(`sigframe has no field ${name}`);
  return f.offset;
}
/** Byte offsets into the signal frame (SIG.FRAME.LAYOUT). */
export const FRAME_MAGIC_AT = frameField('magic');
export const FRAME_SIGNO_AT = frameField('signo');
export const FRAME_X_AT = frameField('x');
export const FRAME_PC_AT = frameField('pc');
export const FRAME_MAGIC = constValue('SIGFRAME_CONSTS', 'SIGFRAME_MAGIC');

/** A free page-aligned address in the mapping area well away from where mappings are placed (downward from USER_MMAP_TOP, MM.LAYOUT). */
export const FIXED_ADDR = MMAP_FLOOR + 0x10_0000;

export type ProtBits = number;
export const PROT_NAMES: Readonly<Record<number, string>> = {
  0: 'none', 1: 'r', 2: 'w', 3: 'rw', 4: 'x', 5: 'rx', 6: 'wx', 7: 'rwx',
};
/** Every combination of the three PROT bits, PROT_NONE and W|X included. */
export const ALL_PROTS: readonly ProtBits[] = [0, 1, 2, 3, 4, 5, 6, 7];
export const isWx = (prot: ProtBits): boolean => (prot & PROT_WRITE) !== 0 && (prot & PROT_EXEC) !== 0;
export const protName = (prot: ProtBits): string => PROT_NAMES[prot] ?? `0x${prot.toString(16)}`;
export function protText(prot: ProtBits): string {
  if (prot === 0) return 'PROT_NONE';
  const parts: string[] = [];
  if (prot & PROT_READ) parts.push('PROT_READ');
  if (prot & PROT_WRITE) parts.push('PROT_WRITE');
  if (prot & PROT_EXEC) parts.push('PROT_EXEC');
  const other = prot & ~7;
  if (other) parts.push(`0x${other.toString(16)}`);
  return parts.join('|');
}
