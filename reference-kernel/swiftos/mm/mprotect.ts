import { allocFrames, dropPage, mapFrame } from './frames.js';
import { PAGE_SIZE, vpnOf } from './layout.js';
import type { Region } from './region.js';
import { mmFail, mmOk, type MmResult } from './result.js';
import type { VmState } from './state.js';
import {
  checkAligned, checkLength, checkProtBits, checkWx, num, pagePerms, pagesLength, PROT_EXEC, PROT_NONE, PROT_WRITE, u64, type U64,
} from './validate.js';

/**
 * mprotect(addr, length, prot): sets the protection of every page (MM.MPROTECT.CHANGE).
 * Anonymous regions commit missing pages on a non-NONE protection (MM.MPROTECT.COMMIT) and
 * decommit on PROT_NONE (MM.MPROTECT.DECOMMIT, contents dropped); heap, stack, image and file
 * pages keep their frames and contents under PROT_NONE.
 */
export function mprotect(vm: VmState, addrArg: U64, lengthArg: U64, protArg: U64): MmResult {
  const addr = u64(addrArg);
  const length = u64(lengthArg);
  const early = checkAligned(addr) ?? checkLength(length) ?? checkProtBits(protArg);
  if (early) return early;
  const prot = Number(u64(protArg));
  const wx = checkWx(prot, vm.rejectWx);
  if (wx) return wx;
  const start = num(addr);
  const end = start + pagesLength(length);
  if (!vm.regions.covers(start, end)) return mmFail('ENOMEM', 'MM.MPROTECT.UNMAPPED');

  const pieces = vm.regions.overlapping(start, end);
  if ((prot & PROT_EXEC) !== 0 && pieces.some((r) => r.kind === 'shared')) return mmFail('EINVAL', 'SHM.NOEXEC');
  const toCommit: number[] = [];
  if (prot !== PROT_NONE) {
    for (let a = start; a < end; a += PAGE_SIZE) if (!vm.space.isMapped(vpnOf(a))) toCommit.push(vpnOf(a));
  }
  const frames = allocFrames(vm, toCommit.length);
  if (frames === null) return mmFail('ENOMEM', 'MM.COMMIT.NOMEM');

  const jit = (prot & PROT_EXEC) !== 0 && pieces.some((r) => (r.prot & PROT_WRITE) !== 0);
  let decommitted = 0;
  const cut = vm.regions.cut(start, end);
  for (const r of cut) {
    for (let a = r.start; a < r.start + r.length; a += PAGE_SIZE) {
      const vpn = vpnOf(a);
      if (prot === PROT_NONE && decommits(r)) {
        if (dropPage(vm, vpn)) decommitted++;
      } else if (vm.space.isMapped(vpn)) {
        vm.space.protectPage(vpn, pagePerms(prot));
      }
    }
  }
  toCommit.forEach((vpn, i) => mapFrame(vm, vpn, frames[i]!, prot));
  vm.regions.insert(...cut.map((r) => ({ ...r, prot })));
  return mmOk(0, protectClause(toCommit.length, decommitted, jit));
}

/** Only anonymous reservations give their frames back under PROT_NONE. */
function decommits(r: Region): boolean {
  return r.kind === 'anonymous';
}

function protectClause(committed: number, decommitted: number, jit: boolean): string {
  if (committed > 0) return 'MM.MPROTECT.COMMIT';
  if (decommitted > 0) return 'MM.MPROTECT.DECOMMIT';
  return jit ? 'MM.WX.JIT' : 'MM.MPROTECT.CHANGE';
}
