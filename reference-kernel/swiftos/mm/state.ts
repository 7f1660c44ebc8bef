import type { AddressSpace } from '../../../cpu/memory/address-space.js';
import type { MmLayout } from './layout.js';
import { RegionList } from './region.js';

export interface MmOptions {
  /** Address-space layout; default SWIFTOS_LAYOUT. */
  readonly layout?: MmLayout;
  /** Most pages the process may have resident (frames), or unlimited. */
  readonly maxResidentPages?: number;
  /** Reject PROT_WRITE|PROT_EXEC on every path (the SwiftOS rule, MM.WX.REJECT). Default true. */
  readonly rejectWx?: boolean;
}

/** Everything the memory-manager operations read and change. */
export interface VmState {
  readonly space: AddressSpace;
  readonly layout: MmLayout;
  readonly maxResidentPages: number;
  readonly rejectWx: boolean;
  readonly regions: RegionList;
  /** Current program break (bytes; not necessarily page-aligned). */
  brk: number;
  /** Frames mapped through this manager (plus adopted pages). */
  resident: number;
}

export function newState(space: AddressSpace, layout: MmLayout, opts: MmOptions): VmState {
  return {
    space,
    layout,
    maxResidentPages: opts.maxResidentPages ?? Infinity,
    rejectWx: opts.rejectWx ?? true,
    regions: new RegionList(),
    brk: layout.heapBase,
    resident: 0,
  };
}
