import { constValue, knownBits } from '../../../spec/index.js';
import { PAGE_SIZE } from './layout.js';
import { mmFail, type MmResult } from './result.js';

/** A raw argument: an unsigned 64-bit register value (bigint) or a plain non-negative number. */
export type U64 = bigint | number;

export const PROT_NONE = constValue('PROT', 'PROT_NONE');
export const PROT_READ = constValue('PROT', 'PROT_READ');
export const PROT_WRITE = constValue('PROT', 'PROT_WRITE');
export const PROT_EXEC = constValue('PROT', 'PROT_EXEC');
export const MAP_PRIVATE = constValue('MAP_FLAGS', 'MAP_PRIVATE');
export const MAP_FIXED = constValue('MAP_FLAGS', 'MAP_FIXED');
export const MAP_ANONYMOUS = constValue('MAP_FLAGS', 'MAP_ANONYMOUS');
export const MAP_NORESERVE = constValue('MAP_FLAGS', 'MAP_NORESERVE');
export const MAP_FIXED_NOREPLACE = constValue('MAP_FLAGS', 'MAP_FIXED_NOREPLACE');

const PROT_BITS = BigInt(knownBits('PROT'));
const MAP_BITS = BigInt(knownBits('MAP_FLAGS'));
const PAGE = BigInt(PAGE_SIZE);
/** Lengths and addresses past this cannot fit the user address space; kept exact as numbers. */
const HUGE = 2n ** 52n;

export function u64(v: U64): bigint {
  return BigInt.asUintN(64, BigInt(v));
}

/** A validated u64 as a number; values past 2^52 saturate (they are out of every range). */
export function num(v: bigint): number {
  return v > HUGE ? Number(HUGE) : Number(v);
}

/** ABI.ADDR.ALIGN */
export function checkAligned(addr: bigint): MmResult<never> | null {
  return addr % PAGE === 0n ? null : mmFail('EINVAL', 'ABI.ADDR.ALIGN');
}

/** ABI.LENGTH.BOUNDS: lengths are at least 1 byte. */
export function checkLength(length: bigint): MmResult<never> | null {
  return length === 0n ? mmFail('EINVAL', 'ABI.LENGTH.BOUNDS') : null;
}

/** Page-rounded length as a number (saturating; see `num`). */
export function pagesLength(length: bigint): number {
  return num(((length + PAGE - 1n) / PAGE) * PAGE);
}

/** ABI.FLAGS.UNKNOWN for the PROT group. */
export function checkProtBits(prot: U64): MmResult<never> | null {
  return (u64(prot) & ~PROT_BITS) === 0n ? null : mmFail('EINVAL', 'ABI.FLAGS.UNKNOWN');
}

/** ABI.FLAGS.UNKNOWN for the MAP_FLAGS group. */
export function checkMapBits(flags: U64): MmResult<never> | null {
  return (u64(flags) & ~MAP_BITS) === 0n ? null : mmFail('EINVAL', 'ABI.FLAGS.UNKNOWN');
}

/**
 * The page permissions a protection gives at EL0 (MM.PROT.READIMPLIED): any access implies read,
 * so PROT_WRITE alone maps read/write and PROT_EXEC alone read/execute; PROT_NONE stays 0.
 */
export function pagePerms(prot: number): number {
  return prot === PROT_NONE ? 0 : prot | PROT_READ;
}

export function isWx(prot: number): boolean {
  return (prot & PROT_WRITE) !== 0 && (prot & PROT_EXEC) !== 0;
}

/** MM.WX.REJECT with the errno of MM.WX.ERRNO. */
export function checkWx(prot: number, reject: boolean): MmResult<never> | null {
  return reject && isWx(prot) ? mmFail('EINVAL', 'MM.WX.ERRNO') : null;
}
