import { PROT_W, PROT_X, type AddressSpace } from '../../../cpu/memory/address-space.js';

/**
 * The W^X invariant of the SwiftOS personality (MM.WX.REJECT, MM.WX.ELF): the page numbers
 * that are both writable and executable. An empty list means the invariant holds.
 */
export function assertWxInvariant(space: AddressSpace): number[] {
  return space.mappedPages().filter((vpn) => {
    const p = space.permsOf(vpn);
    return (p & PROT_W) !== 0 && (p & PROT_X) !== 0;
  });
}
