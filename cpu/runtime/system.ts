/** Runtime helpers for translated system instructions: DC ZVA, counter reads. */
import type { AddressSpace } from '../memory/address-space.js';
import { R } from './scratch.js';

/** DCZID_EL0.BS as qemu-aarch64 "max" reports it: blocks of 4 << 7 = 512 bytes. */
export const DCZID_BS = 7;
export const DCZ_BLOCK_BYTES = 4 << DCZID_BS;

/**
 * DC ZVA: zeroes the DCZ_BLOCK_BYTES block containing `a`. The block lies inside one page, so
 * probing its first byte decides the fault before anything is written.
 */
export function sysDcZva(m: AddressSpace, a: number): void {
  const base = a - (a % DCZ_BLOCK_BYTES);
  m.probe(base, 1, true);
  for (let off = 0; off < DCZ_BLOCK_BYTES; off += 8) m.w64(base + off, 0, 0);
}

/** CNTVCT_EL0 after `retired` instructions, into R[0] (low) and R[1] (high). */
export function sysCounter(c: { counter: (instret: number) => bigint }, retired: number): void {
  const v = BigInt.asUintN(64, c.counter(retired));
  R[0] = Number(v & 0xffffffffn) | 0;
  R[1] = Number(v >> 32n) | 0;
}
