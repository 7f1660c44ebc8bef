// The memory calls with the assertions the cases make about their results.

import type { ErrnoName } from '../../../spec/index.js';
import type { CaseProgram, Operand, Reg } from '../../program/builder.js';
import { ANON, HEAP_BASE, MMAP_FLOOR, MMAP_TOP, O_RDONLY, PAGE, protText, SBRK_FAILED } from './consts.js';
import { addr } from './emit.js';

export const MAP_RESULT_CLAUSES = ['MM.MMAP.RETURN', 'MM.MMAP.ERRRANGE'];

/** mmap(addr, len, prot, flags, -1, 0); x0 is the result, also saved in `dst`. */
export function mmap(p: CaseProgram, dst: Reg | null, at: Operand, len: Operand, prot: Operand, flags: Operand = ANON): void {
  p.sys('mmap', at, len, prot, flags, -1, 0);
  if (dst) p.save(dst);
}

/** Asserts that x`reg` is a mapping of `len` bytes placed by the kernel: not an error, page-aligned, inside the mapping area (MM.LAYOUT). */
export function expectPlaced(p: CaseProgram, reg: Reg, len: number, what: string, clauses: readonly string[]): void {
  p.expectOk(`${what} succeeds`, [...clauses, ...MAP_RESULT_CLAUSES], reg);
  p.a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 11, Rn: reg.n, Rd: 0 });
  p.expectEq(`${what} returns a page-aligned address`, ['MM.MMAP.RETURN'], 0);
  p.expectCmp(`${what} lies at or above USER_MMAP_FLOOR`, ['MM.LAYOUT', 'MM.MMAP.NONZERO'], 'ge', MMAP_FLOOR, reg);
  addr(p, 0, reg.n, Math.ceil(len / PAGE) * PAGE);
  p.expectCmp(`${what} ends at or below USER_MMAP_TOP`, ['MM.LAYOUT'], 'le', MMAP_TOP, 0);
}

export function mmapPlaced(p: CaseProgram, dst: Reg, len: number, prot: number, flags: number, clauses: readonly string[]): void {
  mmap(p, dst, 0, len, prot, flags);
  expectPlaced(p, dst, len, `mmap of ${len / PAGE} page${len > PAGE ? 's' : ''} ${protText(prot)}`, clauses);
}

export function expectErrno(p: CaseProgram, what: string, errno: ErrnoName, clauses: readonly string[], from: Reg | number = 0): void {
  p.expectErrno(`${what} fails with ${errno}`, clauses, errno, from);
}

export function mprotect(p: CaseProgram, at: Operand, len: Operand, prot: Operand): void {
  p.sys('mprotect', at, len, prot);
}

export function expectZero(p: CaseProgram, what: string, clauses: readonly string[]): void {
  p.expectEq(`${what} returns 0`, clauses, 0);
}

/** sbrk(0) must be USER_HEAP_BASE in a fresh process (MM.LAYOUT, MM.SBRK.ZERO). */
export function expectInitialBreak(p: CaseProgram): void {
  p.sys('sbrk', 0);
  p.expectEq('sbrk(0) returns the initial break USER_HEAP_BASE', ['MM.SBRK.ZERO', 'MM.LAYOUT'], HEAP_BASE);
}

/** sbrk(incr) must return `previous` (MM.SBRK.RETURN). */
export function sbrk(p: CaseProgram, incr: number, previous: number | bigint, clauses: readonly string[]): void {
  p.sys('sbrk', BigInt.asUintN(64, BigInt(incr)));
  const sign = incr < 0 ? '-' : '';
  p.expectEq(`sbrk(${sign}0x${Math.abs(incr).toString(16)}) returns the previous break`, ['MM.SBRK.RETURN', ...clauses], previous);
}

export function sbrkFails(p: CaseProgram, incr: bigint, clauses: readonly string[]): void {
  p.sys('sbrk', BigInt.asUintN(64, incr));
  p.expectEq(`sbrk(${incr < 0n ? '-' : ''}0x${(incr < 0n ? -incr : incr).toString(16)}) fails with all ones`, ['MM.SBRK.FAIL', ...clauses], SBRK_FAILED);
}

/** open(path, O_RDONLY) into `dst`, asserted to succeed. */
export function openRead(p: CaseProgram, dst: Reg, path: string): void {
  p.sys('open', p.str(path), O_RDONLY, 0).save(dst);
  p.expectCmp(`open(${path}, O_RDONLY) succeeds`, ['FS.OPEN.FLAGVALUES'], 'ge', 0, dst);
}
