import { mapFrame } from './frames.js';
import { PAGE_SIZE } from './layout.js';
import { mmFail, mmOk, type MmResult } from './result.js';
import type { VmState } from './state.js';
import { PROT_READ, PROT_WRITE } from './validate.js';

/**
 * Maps frames a kernel object owns (a shared-memory ring, a device window) read/write and never
 * executable (SHM.NOEXEC), placed like mmap (highest fit, MM.LAYOUT). Each mapped page takes a
 * reference of its own (SHM.LIFETIME): unmapping, exit and exec drop it, the owner keeps its own.
 * Returns the start of the mapping; ENOMEM (MM.MMAP.NOSPACE) when no free range holds it.
 */
export function mapShared(vm: VmState, frames: readonly number[], label: string): MmResult {
  const len = frames.length * PAGE_SIZE;
  if (len === 0) throw new Error('mapShared of no frames');
  const { mmapFloor, mmapTop } = vm.layout;
  const start = len > mmapTop - mmapFloor ? -1 : vm.regions.highestGap(len, mmapFloor, mmapTop);
  if (start < 0) return mmFail('ENOMEM', 'MM.MMAP.NOSPACE');
  if (vm.resident + frames.length > vm.maxResidentPages) return mmFail('ENOMEM', 'MM.COMMIT.NOMEM');
  const prot = PROT_READ | PROT_WRITE;
  vm.regions.insert({ start, length: len, prot, flags: 0, kind: 'shared', label });
  frames.forEach((f, i) => {
    vm.space.phys.retain(f);
    mapFrame(vm, start / PAGE_SIZE + i, f, prot);
  });
  return mmOk(start, 'SHM.MAP');
}
