import { allocFrames, mapFrame } from './frames.js';
import { pageUp, PAGE_SIZE } from './layout.js';
import { mmFail, mmOk, type MmResult } from './result.js';
import type { VmState } from './state.js';
import { checkLength, checkProtBits, num, PROT_READ, u64, type U64 } from './validate.js';

/** The bytes behind a mapped file (the VFS checks the handle: MM.MMAPFILE.BACKING/TMPFS). */
export interface MappableFile {
  readonly contents: Uint8Array;
  /** Shown in region listings. */
  readonly name?: string;
}

/**
 * mmap_file(fd, length, prot) after the handle checks: a read-only private copy of the pages
 * holding the first min(length, size) bytes; bytes past the end of the file read as zero
 * (MM.MMAPFILE.CLAMP). The copy is made at
 * once rather than on demand (MM.MMAPFILE.DEMAND): base-image files never change, so only memory
 * accounting can tell.
 */
export function mmapFile(vm: VmState, file: MappableFile, lengthArg: U64, protArg: U64): MmResult {
  const length = u64(lengthArg);
  const early = checkLength(length) ?? checkProtBits(protArg);
  if (early) return early;
  if (Number(u64(protArg)) !== PROT_READ) return mmFail('EINVAL', 'MM.MMAPFILE.ERRNO');
  const size = file.contents.length;
  if (size === 0) return mmFail('EINVAL', 'MM.MMAPFILE.EMPTY');
  const bytes = Math.min(num(length), size);
  const len = pageUp(bytes);
  const { mmapFloor, mmapTop } = vm.layout;
  const start = vm.regions.highestGap(len, mmapFloor, mmapTop);
  if (start < 0) return mmFail('ENOMEM', 'MM.MMAP.NOSPACE');
  const frames = allocFrames(vm, len / PAGE_SIZE);
  if (frames === null) return mmFail('ENOMEM', 'MM.COMMIT.NOMEM');

  const phys = vm.space.phys;
  frames.forEach((f, i) => {
    const chunk = file.contents.subarray(i * PAGE_SIZE, Math.min(size, (i + 1) * PAGE_SIZE));
    phys.bytes.set(chunk, phys.frameOffset(f));
    mapFrame(vm, start / PAGE_SIZE + i, f, PROT_READ);
  });
  const region = { start, length: len, prot: PROT_READ, flags: 0, kind: 'file' as const };
  vm.regions.insert(file.name === undefined ? region : { ...region, label: file.name });
  return mmOk(start, bytes < num(length) ? 'MM.MMAPFILE.CLAMP' : 'MM.MMAP.RETURN');
}
