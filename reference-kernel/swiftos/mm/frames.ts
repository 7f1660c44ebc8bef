import { PAGE_SIZE } from './layout.js';
import type { VmState } from './state.js';
import { pagePerms } from './validate.js';

/**
 * Allocates `count` zero-filled frames, or returns null (having allocated nothing) when the
 * machine is out of frames or the process would exceed its limit. `freeing` is the number of
 * resident pages the caller is about to drop (a MAP_FIXED replacement).
 */
export function allocFrames(vm: VmState, count: number, freeing = 0): number[] | null {
  if (vm.resident - freeing + count > vm.maxResidentPages) return null;
  const frames: number[] = [];
  for (let i = 0; i < count; i++) {
    const f = vm.space.phys.alloc();
    if (f < 0) {
      for (const g of frames) vm.space.phys.release(g);
      return null;
    }
    frames.push(f);
  }
  return frames;
}

/** Maps `vpn` to a frame the caller owns (replacing whatever was there) with protection `prot` (MM.PROT.READIMPLIED). */
export function mapFrame(vm: VmState, vpn: number, frame: number, prot: number): void {
  if (vm.space.isMapped(vpn)) dropPage(vm, vpn);
  vm.space.mapPage(vpn, frame, pagePerms(prot));
  vm.resident++;
}

/** Unmaps `vpn` if mapped, releasing its frame; returns whether it was mapped. */
export function dropPage(vm: VmState, vpn: number): boolean {
  if (!vm.space.isMapped(vpn)) return false;
  vm.space.unmapPage(vpn);
  vm.resident--;
  return true;
}

/** Unmaps every page of [start, end) (bytes, page-aligned); returns how many were mapped. */
export function dropRange(vm: VmState, start: number, end: number): number {
  let n = 0;
  for (let a = start; a < end; a += PAGE_SIZE) if (dropPage(vm, a / PAGE_SIZE)) n++;
  return n;
}

/** Mapped pages in [start, end). */
export function residentIn(vm: VmState, start: number, end: number): number {
  let n = 0;
  for (let a = start; a < end; a += PAGE_SIZE) if (vm.space.isMapped(a / PAGE_SIZE)) n++;
  return n;
}
