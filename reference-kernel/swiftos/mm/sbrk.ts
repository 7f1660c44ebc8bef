import { allocFrames, dropRange, mapFrame } from './frames.js';
import { pageUp, PAGE_SIZE } from './layout.js';
import { mmFail, mmOk, type MmResult } from './result.js';
import type { VmState } from './state.js';
import { PROT_READ, PROT_WRITE, type U64 } from './validate.js';

/**
 * sbrk(incr): moves the break by a signed 64-bit increment and returns the previous break
 * (MM.SBRK.RETURN). Growth maps zero-filled RW pages (MM.SBRK.GROW); shrinking unmaps the whole
 * pages above the new break (MM.SBRK.SHRINK, proposed). Failures leave the break unchanged and
 * are reported by the caller as the all-ones sentinel (MM.SBRK.FAIL): the errno here is only
 * informative.
 */
export function sbrk(vm: VmState, incrArg: U64): MmResult {
  const incr = BigInt.asIntN(64, BigInt(incrArg));
  const old = vm.brk;
  if (incr === 0n) return mmOk(old, 'MM.SBRK.ZERO');
  const target = BigInt(old) + incr;
  const { heapBase, heapTop } = vm.layout;
  if (target < BigInt(heapBase) || target > BigInt(heapTop)) return mmFail('ENOMEM', 'MM.SBRK.FLOOR');
  const next = Number(target);
  const from = pageUp(old);
  const to = pageUp(next);
  if (to > from) {
    const frames = allocFrames(vm, (to - from) / PAGE_SIZE);
    if (frames === null) return mmFail('ENOMEM', 'MM.SBRK.FLOOR');
    const prot = PROT_READ | PROT_WRITE;
    frames.forEach((f, i) => mapFrame(vm, from / PAGE_SIZE + i, f, prot));
    vm.regions.insert({ start: from, length: to - from, prot, flags: 0, kind: 'heap' });
  } else if (to < from) {
    vm.regions.cut(to, from);
    dropRange(vm, to, from);
  }
  vm.brk = next;
  return mmOk(old, incr > 0n ? 'MM.SBRK.GROW' : 'MM.SBRK.SHRINK');
}
