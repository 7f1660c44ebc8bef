import { PAGE_SIZE } from '../../../cpu/memory/physical.js';
import { constValue } from '../../../spec/index.js';

export { PAGE_SIZE };

/** Where a process's memory goes. Addresses are bytes, page-aligned, below 2^40. */
export interface MmLayout {
  /** Lowest address of the mapping area (mmap, mmap_file, MAP_FIXED). */
  readonly mmapFloor: number;
  /** One past the highest address of the mapping area; placement starts here, downward. */
  readonly mmapTop: number;
  /** Initial program break. */
  readonly heapBase: number;
  /** The break never moves above this. */
  readonly heapTop: number;
}

const as = (name: string): number => constValue('ADDRESS_SPACE', name);

/** The SwiftOS personality (clause MM.LAYOUT). */
export const SWIFTOS_LAYOUT: MmLayout = {
  mmapFloor: as('USER_MMAP_FLOOR'),
  mmapTop: as('USER_MMAP_TOP'),
  heapBase: as('USER_HEAP_BASE'),
  heapTop: as('USER_VA_END'),
};

export function pageUp(bytes: number): number {
  return Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE;
}

export function vpnOf(addr: number): number {
  return Math.floor(addr / PAGE_SIZE);
}
