// Places to get a few fresh RW pages from: the mapping kinds and the heap and image areas, each
// with the calls and clauses that make it.

import { DATA_BASE, DATA_SIZE, type CaseProgram, type Reg } from '../../program/builder.js';
import { expectInitialBreak, expectZero, mmap, mmapPlaced, mprotect, sbrk } from './calls.js';
import { ANON, FIXED_ADDR, HEAP_BASE, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_NORESERVE, PAGE, PROT_NONE, RW } from './consts.js';

export interface Region {
  readonly name: string;
  readonly text: string;
  readonly clauses: readonly string[];
  /** Leaves in `base` the address of `pages` fresh (zero-filled unless `zeroed` is false) RW pages. */
  make(p: CaseProgram, base: Reg, pages: number): void;
  /** Whether the pages start out zero-filled by a clause. */
  readonly zeroed: boolean;
}

export const REGIONS: readonly Region[] = [
  {
    name: 'anon', text: 'an anonymous RW mapping', clauses: ['MM.MMAP.ZERO'], zeroed: true,
    make: (p, base, pages) => mmapPlaced(p, base, pages * PAGE, RW, ANON, ['MM.MMAP.ZERO']),
  },
  {
    name: 'noreserve', text: 'an anonymous RW MAP_NORESERVE mapping', clauses: ['MM.MMAP.NORESERVE', 'MM.MMAP.ZERO'], zeroed: true,
    make: (p, base, pages) => mmapPlaced(p, base, pages * PAGE, RW, ANON | MAP_NORESERVE, ['MM.MMAP.NORESERVE']),
  },
  {
    name: 'reservation', text: 'a PROT_NONE reservation committed RW by mprotect',
    clauses: ['MM.MMAP.NONE.RESERVE', 'MM.MPROTECT.COMMIT'], zeroed: true,
    make: (p, base, pages) => {
      mmapPlaced(p, base, pages * PAGE, PROT_NONE, ANON, ['MM.MMAP.NONE.RESERVE']);
      mprotect(p, base, pages * PAGE, RW);
      expectZero(p, 'mprotect of the reservation to RW', ['MM.MPROTECT.COMMIT']);
    },
  },
  {
    name: 'fixed', text: 'a MAP_FIXED RW mapping of a free range', clauses: ['MM.MMAP.FIXED.RANGE', 'MM.MMAP.ZERO'], zeroed: true,
    make: (p, base, pages) => {
      mmap(p, base, FIXED_ADDR, pages * PAGE, RW, ANON | MAP_FIXED);
      p.expectEq('MAP_FIXED mmap of a free range returns the address asked for', ['MM.MMAP.FIXED.RANGE', 'MM.MMAP.RETURN'], FIXED_ADDR, base);
    },
  },
  {
    name: 'noreplace', text: 'a MAP_FIXED_NOREPLACE RW mapping of a free range', clauses: ['MM.MMAP.FIXED.RANGE', 'MM.MMAP.ZERO'], zeroed: true,
    make: (p, base, pages) => {
      mmap(p, base, FIXED_ADDR, pages * PAGE, RW, ANON | MAP_FIXED_NOREPLACE);
      p.expectEq('MAP_FIXED_NOREPLACE mmap of a free range returns the address asked for', ['MM.MMAP.FIXED.RANGE', 'MM.MMAP.RETURN'], FIXED_ADDR, base);
    },
  },
  {
    name: 'heap', text: 'heap pages from sbrk', clauses: ['MM.SBRK.GROW', 'MM.SBRK.RETURN'], zeroed: true,
    make: (p, base, pages) => {
      expectInitialBreak(p);
      sbrk(p, pages * PAGE, HEAP_BASE, ['MM.SBRK.GROW']);
      p.a.movImm(base.n, HEAP_BASE);
    },
  },
  {
    name: 'image-data', text: 'the last pages of the image data segment', clauses: ['MM.LAYOUT'], zeroed: true,
    make: (p, base, pages) => {
      p.a.movImm(base.n, DATA_BASE + DATA_SIZE - pages * PAGE);
    },
  },
];
