import { dropRange } from './frames.js';
import { mmFail, mmOk, type MmResult } from './result.js';
import type { VmState } from './state.js';
import { checkAligned, checkLength, num, pagesLength, u64, type U64 } from './validate.js';

/**
 * munmap(addr, length): removes every page of the page-rounded range (MM.MUNMAP.FREE), which
 * must lie inside the mapping area (MM.MUNMAP.RANGE); holes are fine (MM.MUNMAP.HOLES).
 */
export function munmap(vm: VmState, addrArg: U64, lengthArg: U64): MmResult {
  const addr = u64(addrArg);
  const length = u64(lengthArg);
  const early = checkAligned(addr) ?? checkLength(length);
  if (early) return early;
  const start = num(addr);
  const end = start + pagesLength(length);
  if (start < vm.layout.mmapFloor || end > vm.layout.mmapTop) return mmFail('EINVAL', 'MM.MUNMAP.RANGE');
  const removed = vm.regions.cut(start, end);
  dropRange(vm, start, end);
  const whole = removed.reduce((n, r) => n + r.length, 0) === end - start;
  return mmOk(0, whole ? 'MM.MUNMAP.FREE' : 'MM.MUNMAP.HOLES');
}
