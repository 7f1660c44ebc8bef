import { allocFrames, dropRange, mapFrame, residentIn } from './frames.js';
import { PAGE_SIZE } from './layout.js';
import { mmFail, mmOk, type MmResult } from './result.js';
import type { VmState } from './state.js';
import {
  checkAligned, checkLength, checkMapBits, checkProtBits, checkWx, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE,
  MAP_PRIVATE, num, pagesLength, PROT_NONE, u64, type U64,
} from './validate.js';

/**
 * mmap(addr, length, prot, flags): anonymous private mappings only; fd and offset are ignored
 * (MM.MMAP.HINT), so they are not parameters. Checks run in register order (ABI.CHECK.ORDER),
 * then the call's own rules; a failing call changes nothing.
 */
export function mmap(vm: VmState, addrArg: U64, lengthArg: U64, protArg: U64, flagsArg: U64): MmResult {
  const addr = u64(addrArg);
  const length = u64(lengthArg);
  const flags = Number(u64(flagsArg) & 0xffff_ffffn);
  const fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) !== 0;
  const early =
    (fixed ? checkAligned(addr) : null) ?? checkLength(length) ?? checkProtBits(protArg) ?? checkMapBits(flagsArg);
  if (early) return early;
  const prot = Number(u64(protArg));
  const wx = checkWx(prot, vm.rejectWx);
  if (wx) return wx;
  if ((flags & MAP_ANONYMOUS) === 0 || (flags & MAP_PRIVATE) === 0) return mmFail('EINVAL', 'MM.MMAP.ANON.ERRNO');

  const len = pagesLength(length);
  const { mmapFloor, mmapTop } = vm.layout;
  let start: number;
  if (fixed) {
    start = num(addr);
    if (start < mmapFloor || start + len > mmapTop) return mmFail('ENOMEM', 'MM.MMAP.FIXED.RANGE');
    if ((flags & MAP_FIXED_NOREPLACE) !== 0 && vm.regions.overlapping(start, start + len).length > 0) {
      return mmFail('EEXIST', 'MM.MMAP.NOREPLACE');
    }
  } else {
    start = len > mmapTop - mmapFloor ? -1 : vm.regions.highestGap(len, mmapFloor, mmapTop);
    if (start < 0) return mmFail('ENOMEM', 'MM.MMAP.NOSPACE');
  }
  const end = start + len;
  const replaced = vm.regions.overlapping(start, end).length > 0;
  const frames = prot === PROT_NONE ? [] : allocFrames(vm, len / PAGE_SIZE, residentIn(vm, start, end));
  if (frames === null) return mmFail('ENOMEM', 'MM.COMMIT.NOMEM');

  vm.regions.cut(start, end);
  dropRange(vm, start, end);
  vm.regions.insert({ start, length: len, prot, flags, kind: 'anonymous' });
  frames.forEach((f, i) => mapFrame(vm, start / PAGE_SIZE + i, f, prot));
  return mmOk(start, mapClause(prot, replaced));
}

function mapClause(prot: number, replaced: boolean): string {
  if (replaced) return prot === PROT_NONE ? 'MM.MMAP.FIXED.NONE' : 'MM.MMAP.FIXED.REPLACE';
  return prot === PROT_NONE ? 'MM.MMAP.NONE.RESERVE' : 'MM.MMAP.ZERO';
}
