import { VA_LIMIT, type Access } from '../../../cpu/memory/address-space.js';
import { vpnOf } from './layout.js';
import type { VmState } from './state.js';

/** si_code values for SIGSEGV (Linux numbering; clause SIG.FAULT.CODE, proposed). */
export const SEGV_MAPERR = 1;
export const SEGV_ACCERR = 2;

export interface FaultClass {
  readonly code: typeof SEGV_MAPERR | typeof SEGV_ACCERR;
  readonly name: 'SEGV_MAPERR' | 'SEGV_ACCERR';
  readonly access: Access;
  readonly clause: string;
}

/**
 * Classifies a data or instruction abort at `addr` (MM.FAULT.SIGSEGV): SEGV_ACCERR when the
 * address lies in a region or a mapped page (including PROT_NONE reservations) whose
 * protection forbids `access`, SEGV_MAPERR when nothing is there. Alignment faults are SIGBUS and
 * not classified here.
 */
export function classifyFault(vm: VmState, addr: number, access: Access): FaultClass {
  const inRange = addr >= 0 && addr < VA_LIMIT;
  const present = inRange && (vm.regions.at(addr) !== undefined || vm.space.isMapped(vpnOf(addr)));
  return present
    ? { code: SEGV_ACCERR, name: 'SEGV_ACCERR', access, clause: 'SIG.FAULT.CODE' }
    : { code: SEGV_MAPERR, name: 'SEGV_MAPERR', access, clause: 'SIG.FAULT.CODE' };
}
