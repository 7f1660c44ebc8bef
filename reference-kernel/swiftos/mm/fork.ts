import { PAGE_SIZE } from './layout.js';
import { mmFail, mmOk, type MmResult } from './result.js';
import type { VmState } from './state.js';

/** Page numbers of `vm`'s shared regions. */
function sharedPages(vm: VmState): Set<number> {
  const out = new Set<number>();
  for (const r of vm.regions.all()) {
    if (r.kind !== 'shared') continue;
    for (let a = r.start; a < r.start + r.length; a += PAGE_SIZE) out.add(a / PAGE_SIZE);
  }
  return out;
}

/**
 * Copies every mapped page of `from` into the empty space of `to` (fresh frames, same
 * protections) and the region list and break with them: an eager copy where swift-os copies on
 * write (PROC.FORK.MEMORY); the two are indistinguishable from EL0. Pages of shared regions
 * (rings, device windows) are shared, not copied (SHM.FORK). On frame exhaustion `to` is
 * emptied again and the result is ENOMEM (PROC.FORK.NOMEM).
 */
export function copyInto(from: VmState, to: VmState): MmResult<null> {
  const src = from.space;
  const dst = to.space;
  if (dst.mappedPages().length > 0) throw new Error('fork target address space is not empty');
  const shared = sharedPages(from);
  for (const vpn of src.mappedPages()) {
    if (shared.has(vpn)) {
      // Ring and device-window pages stay shared: the child takes a reference (SHM.FORK).
      const f = src.frameOf(vpn);
      dst.phys.retain(f);
      dst.mapPage(vpn, f, src.permsOf(vpn));
      to.resident++;
      continue;
    }
    const frame = to.resident + 1 > to.maxResidentPages ? -1 : dst.phys.alloc();
    if (frame < 0) {
      dst.clear();
      to.resident = 0;
      return mmFail('ENOMEM', 'PROC.FORK.NOMEM');
    }
    const from0 = src.phys.frameOffset(src.frameOf(vpn));
    dst.phys.bytes.set(src.phys.bytes.subarray(from0, from0 + PAGE_SIZE), dst.phys.frameOffset(frame));
    dst.mapPage(vpn, frame, src.permsOf(vpn));
    to.resident++;
  }
  to.regions.insert(...from.regions.all());
  to.brk = from.brk;
  return mmOk(null, 'PROC.FORK.MEMORY');
}
