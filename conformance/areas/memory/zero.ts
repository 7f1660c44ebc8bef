// Zero-filled pages: every way of getting fresh pages reads zeros throughout, also where the same
// range held data before (MM.MMAP.ZERO, MM.SBRK.GROW, MM.SBRK.SHRINK, MM.MMAP.FIXED.REPLACE);
// lengths round up to whole pages; file mappings read the file and zeros past its end.

import type { CaseDef } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { expectInitialBreak, expectPlaced, expectZero, mmap, mmapPlaced, mprotect, openRead, sbrk } from './calls.js';
import {
  ANON, AREA, FIXED_ADDR, HEAP_BASE, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_NORESERVE, PAGE, PROT_NONE, PROT_READ, RW,
  SIGSEGV,
} from './consts.js';
import { addr, compareRange, fillRange, orRange } from './emit.js';
import { dataFiles, FILE_PATH, FILE_SIZE, fileBytes } from './files.js';
import { Prober } from './probe.js';

const DIRT = 0xdead_beef_0bad_f00dn;

function expectAllZero(p: CaseProgram, base: Reg, bytes: number, what: string, clauses: readonly string[]): void {
  orRange(p, base, 0, bytes);
  p.expectEq(`every word of ${what} reads 0`, clauses, 0);
}

function expectWritable(p: CaseProgram, base: Reg, bytes: number, what: string, clauses: readonly string[]): void {
  fillRange(p, base, 0, bytes, DIRT);
  orRange(p, base, 0, bytes);
  p.expectEq(`all of ${what} is writable and keeps what was written`, clauses, DIRT);
}

interface Fresh {
  readonly name: string;
  readonly text: string;
  readonly clauses: readonly string[];
  /** Leaves in `base` fresh RW pages, possibly where data was before. */
  make(p: CaseProgram, base: Reg, pages: number): void;
}

const FRESH: readonly Fresh[] = [
  {
    name: 'mmap', text: 'a new anonymous RW mapping', clauses: ['MM.MMAP.ZERO'],
    make: (p, base, pages) => mmapPlaced(p, base, pages * PAGE, RW, ANON, ['MM.MMAP.ZERO']),
  },
  {
    name: 'noreserve', text: 'a new MAP_NORESERVE RW mapping', clauses: ['MM.MMAP.ZERO', 'MM.MMAP.NORESERVE'],
    make: (p, base, pages) => mmapPlaced(p, base, pages * PAGE, RW, ANON | MAP_NORESERVE, ['MM.MMAP.NORESERVE']),
  },
  {
    name: 'remap-after-munmap', text: 'a new mapping made after a dirtied mapping of the same size was unmapped',
    clauses: ['MM.MMAP.ZERO', 'MM.MUNMAP.FREE'],
    make: (p, base, pages) => {
      mmapPlaced(p, base, pages * PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      fillRange(p, base, 0, pages * PAGE, DIRT);
      p.sys('munmap', base, pages * PAGE);
      expectZero(p, 'munmap of the dirtied mapping', ['MM.MUNMAP.FREE']);
      mmapPlaced(p, base, pages * PAGE, RW, ANON, ['MM.MMAP.ZERO', 'MM.MUNMAP.REUSE']);
    },
  },
  {
    name: 'fixed-over-dirty', text: 'MAP_FIXED RW pages over a dirtied mapping', clauses: ['MM.MMAP.FIXED.REPLACE', 'MM.MMAP.ZERO'],
    make: (p, base, pages) => {
      mmapPlaced(p, base, pages * PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      fillRange(p, base, 0, pages * PAGE, DIRT);
      mmap(p, null, base, pages * PAGE, RW, ANON | MAP_FIXED);
      p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: base.n, imm6: 0, Rn: 0, Rd: 0 });
      p.expectEq('MAP_FIXED over the mapping returns its address', ['MM.MMAP.FIXED.REPLACE'], 0);
    },
  },
  {
    name: 'fixed-in-reservation', text: 'MAP_FIXED RW pages inside a PROT_NONE reservation', clauses: ['MM.MMAP.FIXED.REPLACE', 'MM.MMAP.ZERO'],
    make: (p, base, pages) => {
      mmapPlaced(p, base, pages * PAGE, PROT_NONE, ANON, ['MM.MMAP.NONE.RESERVE']);
      mmap(p, null, base, pages * PAGE, RW, ANON | MAP_FIXED);
      p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: base.n, imm6: 0, Rn: 0, Rd: 0 });
      p.expectEq('MAP_FIXED inside the reservation returns its address', ['MM.MMAP.FIXED.REPLACE'], 0);
    },
  },
  {
    name: 'commit-reservation', text: 'a PROT_NONE reservation committed RW by mprotect', clauses: ['MM.MPROTECT.COMMIT', 'MM.MMAP.NONE.RESERVE'],
    make: (p, base, pages) => {
      mmapPlaced(p, base, pages * PAGE, PROT_NONE, ANON, ['MM.MMAP.NONE.RESERVE']);
      mprotect(p, base, pages * PAGE, RW);
      expectZero(p, 'mprotect of the reservation to RW', ['MM.MPROTECT.COMMIT']);
    },
  },
  {
    name: 'decommit-recommit', text: 'dirtied pages decommitted by mprotect(PROT_NONE) and committed again RW',
    clauses: ['MM.MPROTECT.DECOMMIT', 'MM.MPROTECT.COMMIT'],
    make: (p, base, pages) => {
      mmapPlaced(p, base, pages * PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      fillRange(p, base, 0, pages * PAGE, DIRT);
      mprotect(p, base, pages * PAGE, PROT_NONE);
      expectZero(p, 'mprotect to PROT_NONE', ['MM.MPROTECT.DECOMMIT']);
      mprotect(p, base, pages * PAGE, RW);
      expectZero(p, 'mprotect back to RW', ['MM.MPROTECT.COMMIT']);
    },
  },
  {
    name: 'fixed-none-recommit', text: 'dirtied pages replaced by MAP_FIXED PROT_NONE and committed again RW',
    clauses: ['MM.MMAP.FIXED.NONE', 'MM.MPROTECT.COMMIT'],
    make: (p, base, pages) => {
      mmapPlaced(p, base, pages * PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      fillRange(p, base, 0, pages * PAGE, DIRT);
      mmap(p, null, base, pages * PAGE, PROT_NONE, ANON | MAP_FIXED);
      p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: base.n, imm6: 0, Rn: 0, Rd: 0 });
      p.expectEq('MAP_FIXED PROT_NONE over the mapping returns its address', ['MM.MMAP.FIXED.NONE'], 0);
      mprotect(p, base, pages * PAGE, RW);
      expectZero(p, 'mprotect back to RW', ['MM.MPROTECT.COMMIT']);
    },
  },
  {
    name: 'sbrk', text: 'heap pages from sbrk', clauses: ['MM.SBRK.GROW'],
    make: (p, base, pages) => {
      expectInitialBreak(p);
      sbrk(p, pages * PAGE, HEAP_BASE, ['MM.SBRK.GROW']);
      p.a.movImm(base.n, HEAP_BASE);
    },
  },
  {
    name: 'sbrk-regrow', text: 'heap pages dirtied, released by a negative sbrk and grown again', clauses: ['MM.SBRK.SHRINK', 'MM.SBRK.GROW'],
    make: (p, base, pages) => {
      expectInitialBreak(p);
      sbrk(p, pages * PAGE, HEAP_BASE, ['MM.SBRK.GROW']);
      p.a.movImm(base.n, HEAP_BASE);
      fillRange(p, base, 0, pages * PAGE, DIRT);
      sbrk(p, -pages * PAGE, HEAP_BASE + pages * PAGE, ['MM.SBRK.SHRINK']);
      sbrk(p, pages * PAGE, HEAP_BASE, ['MM.SBRK.SHRINK', 'MM.SBRK.GROW']);
    },
  },
];

function freshCase(f: Fresh, pages: number): CaseDef {
  return derivedCase(AREA, {
    id: `zero/${f.name}/${pages}-pages`,
    description: `${f.text} (${pages} page${pages > 1 ? 's' : ''}) reads zeros throughout and is writable`,
    clauses: f.clauses,
    build({ p }) {
      const base = p.variable();
      f.make(p, base, pages);
      expectAllZero(p, base, pages * PAGE, f.text, f.clauses);
      expectWritable(p, base, pages * PAGE, f.text, ['MM.MMAP.ZERO', ...f.clauses]);
    },
  });
}

/** A length that is not a page multiple maps whole pages: the mmap row's "rounded up to whole pages". */
function roundUpCase(len: number): CaseDef {
  const pages = Math.ceil(len / PAGE);
  return derivedCase(AREA, {
    id: `zero/round-up/${len}`,
    description: `MAP_FIXED mmap of ${len} bytes maps ${pages} whole page(s), zero-filled and writable; the page after them is not mapped`,
    clauses: ['MM.MMAP.ZERO', 'MM.MMAP.FIXED.RANGE', 'MM.FAULT.SIGSEGV'],
    build({ p }) {
      const base = p.variable();
      const prober = new Prober(p);
      mmap(p, base, FIXED_ADDR, len, RW, ANON | MAP_FIXED);
      p.expectEq(`MAP_FIXED mmap of ${len} bytes returns the address asked for`, ['MM.MMAP.FIXED.RANGE'], FIXED_ADDR, base);
      expectAllZero(p, base, pages * PAGE, `the ${pages} page(s)`, ['MM.MMAP.ZERO']);
      expectWritable(p, base, pages * PAGE, `the ${pages} page(s)`, ['MM.MMAP.ZERO']);
      const after = p.variable();
      addr(p, after.n, base.n, pages * PAGE);
      prober.probe(after, 'read', { kind: 'fault', signal: SIGSEGV }, `the page after the ${pages} rounded-up page(s)`, ['MM.FAULT.SIGSEGV']);
    },
  });
}

/** A length that is not a page multiple maps whole pages: also without MAP_FIXED and for MAP_FIXED_NOREPLACE. */
function roundUpPlacedCase(len: number, flags: number, name: string): CaseDef {
  const pages = Math.ceil(len / PAGE);
  return derivedCase(AREA, {
    id: `zero/round-up-${name}/${len}`,
    description: `${name} mmap of ${len} bytes gives ${pages} whole zero-filled, writable page(s)`,
    clauses: ['MM.MMAP.ZERO'],
    build({ p }) {
      const base = p.variable();
      if (flags & MAP_FIXED_NOREPLACE) {
        mmap(p, base, FIXED_ADDR, len, RW, flags);
        p.expectEq(`${name} mmap returns the address asked for`, ['MM.MMAP.FIXED.RANGE'], FIXED_ADDR, base);
      } else {
        mmap(p, base, 0, len, RW, flags);
        expectPlaced(p, base, len, `mmap of ${len} bytes`, ['MM.MMAP.ZERO']);
      }
      expectAllZero(p, base, pages * PAGE, `the ${pages} page(s)`, ['MM.MMAP.ZERO']);
      expectWritable(p, base, pages * PAGE, `the ${pages} page(s)`, ['MM.MMAP.ZERO']);
    },
  });
}

/** mmap_file of `len` bytes: the file's bytes, then zeros to the end of the last page (MM.MMAPFILE.CLAMP). */
function fileContentCase(len: number, name: string, closeFirst: boolean): CaseDef {
  const shown = Math.min(len, FILE_SIZE);
  const pages = Math.ceil(shown / PAGE);
  return derivedCase(AREA, {
    id: `zero/mmap-file/${name}${closeFirst ? '-closed' : ''}`,
    description: `mmap_file of ${len} bytes of a ${FILE_SIZE}-byte base-image file reads the file's first ${shown} bytes${len >= FILE_SIZE ? ', then zeros to the end of the page' : ''}${closeFirst ? '; the handle is closed before reading' : ''}`,
    clauses: ['MM.MMAPFILE.DEMAND', ...(len > FILE_SIZE ? ['MM.MMAPFILE.CLAMP'] : []), ...(closeFirst ? ['MM.MMAPFILE.CLOSE'] : [])],
    build({ p, file }) {
      file(...dataFiles());
      const fd = p.variable();
      const base = p.variable();
      openRead(p, fd, FILE_PATH);
      p.sys('mmap_file', fd, len, PROT_READ).save(base);
      expectPlaced(p, base, shown, `mmap_file of ${len} bytes`, ['MM.MMAPFILE.BACKING']);
      if (closeFirst) {
        p.sys('close', fd);
        p.expectEq('close of the handle returns 0', ['FD.CLOSE.RELEASE'], 0);
      }
      const expected = fileBytes().subarray(0, shown);
      compareRange(p, base, 0, p.bytes(expected, 1), shown);
      p.expectEq(`the mapping reads the file's first ${shown} bytes`, ['MM.MMAPFILE.DEMAND', ...(closeFirst ? ['MM.MMAPFILE.CLOSE'] : [])], 0);
      // Past a shorter length the rest of the page is not specified; past the file's end it reads 0.
      const tail = len >= FILE_SIZE ? pages * PAGE - shown : 0;
      if (tail > 0) {
        compareRange(p, base, shown, p.bytes(new Uint8Array(tail), 1), tail);
        p.expectEq(`the last ${tail} bytes of the last page read 0`, ['MM.MMAPFILE.CLAMP'], 0);
      }
    },
  });
}

export function zeroCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const f of FRESH) for (const pages of [1, 2, 4]) out.push(freshCase(f, pages));
  for (const len of [1, 8, 100, PAGE - 1, PAGE + 1, 2 * PAGE - 8, 3 * PAGE - 1]) out.push(roundUpCase(len));
  for (const len of [1, PAGE + 1, 3 * PAGE - 1]) {
    out.push(roundUpPlacedCase(len, ANON, 'anon'));
    out.push(roundUpPlacedCase(len, ANON | MAP_FIXED_NOREPLACE, 'noreplace'));
  }
  const lens: readonly [number, string][] = [
    [1, '1-byte'], [PAGE, '1-page'], [PAGE + 1, 'page-plus-1'], [FILE_SIZE, 'whole'], [FILE_SIZE + 1, 'whole-plus-1'], [3 * PAGE, '3-pages'], [16 * PAGE, '16-pages'],
  ];
  for (const [len, name] of lens) out.push(fileContentCase(len, name, false));
  out.push(fileContentCase(FILE_SIZE, 'whole', true));
  return out;
}
