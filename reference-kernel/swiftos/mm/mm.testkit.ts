// Shared by the mm tests: a small machine and result checks (which also check the clause exists).

import { expect } from 'vitest';
import { AddressSpace } from '../../../cpu/memory/address-space.js';
import { PhysicalMemory } from '../../../cpu/memory/physical.js';
import { CLAUSES, type ErrnoName } from '../../../spec/index.js';
import { MemoryManager } from './manager.js';
import { PROPOSED_MM_CLAUSES } from './proposed-clauses.js';
import type { MmResult } from './result.js';
import type { MmOptions } from './state.js';
import { MAP_ANONYMOUS, MAP_PRIVATE } from './validate.js';

export const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
export const PAGE = 4096;

function expectKnownClause(id: string): void {
  expect(CLAUSES.has(id) || id in PROPOSED_MM_CLAUSES, `clause ${id} exists`).toBe(true);
}

export interface Machine {
  readonly phys: PhysicalMemory;
  readonly space: AddressSpace;
  readonly mm: MemoryManager;
}

export function machine(opts: MmOptions = {}, memoryBytes = 16 << 20): Machine {
  const phys = new PhysicalMemory(memoryBytes);
  const space = new AddressSpace(phys);
  return { phys, space, mm: new MemoryManager(space, opts) };
}

export function expectOk<T>(r: MmResult<T>, clause?: string): T {
  if (!r.ok) throw new Error(`expected success, got ${r.errno} (${r.clause})`);
  expectKnownClause(r.clause);
  if (clause !== undefined) expect(r.clause).toBe(clause);
  return r.value;
}

export function expectFail<T>(r: MmResult<T>, errno: ErrnoName, clause: string): void {
  expect(r).toEqual({ ok: false, errno, clause });
  expectKnownClause(clause);
}

/** Whether reading (or writing) the byte at `a` faults in the CPU's accessors. */
export function faults(space: AddressSpace, a: number, write = false): boolean {
  try {
    if (write) space.w8(a, 0x5a);
    else space.r8(a);
    return false;
  } catch {
    return true;
  }
}

export function fill(space: AddressSpace, a: number, len: number, byte: number): void {
  space.poke(a, new Uint8Array(len).fill(byte));
}
