// prot × operation × access: every PROT combination, reached through every way of giving a page
// a protection, probed by a load, a store and a call in a forked child (probe.ts). Calls that
// must fail (W|X, MAP_FIXED_NOREPLACE over something) are asserted and the page is probed as the
// failed call must have left it.

import type { CaseDef } from '../../model.js';
import { CaseProgram, DATA_BASE, DATA_SIZE, type Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  MAP_RESULT_CLAUSES, expectErrno, expectInitialBreak, expectPlaced, expectZero, mmap, mmapPlaced, mprotect, openRead, sbrk,
} from './calls.js';
import {
  ALL_PROTS, ANON, AREA, FIXED_ADDR, HEAP_BASE, isWx, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_NORESERVE, PAGE, PROT_NONE,
  PROT_READ, protName, protText, RW, STACK_LOW,
} from './consts.js';
import { addr, diff, preparePage, returnK } from './emit.js';
import { dataFiles, FILE_K, FILE_PATH, FILE_SIZE, filePage } from './files.js';
import { bytesContent, codeContent, impliedRead, mapped, outcome, parentKeeps, UNMAPPED, ZERO, type PageState } from './model.js';
import { ACCESSES, ACCESS_TEXT, Prober } from './probe.js';

/** What the prepared pages' code returns. */
export const PAGE_K = 0x1234;
const WX_CLAUSES = ['MM.WX.REJECT', 'MM.WX.ERRNO'];

interface Setup {
  /** The page under test after the setup, or null when the call failed and left no page. */
  readonly state: PageState | null;
}

interface Op {
  readonly name: string;
  readonly prots: readonly number[];
  readonly clauses: (prot: number) => readonly string[];
  readonly text: (prot: number) => string;
  readonly files?: boolean;
  setup(p: CaseProgram, prot: number, t: Reg): Setup;
}

const NOT_WX = ALL_PROTS.filter((x) => !isWx(x));

/** The clauses of giving a fresh anonymous page `prot`. */
function freshClauses(prot: number): string[] {
  if (isWx(prot)) return WX_CLAUSES;
  return prot === PROT_NONE ? ['MM.MMAP.NONE.RESERVE'] : ['MM.MMAP.ZERO'];
}

function anonOp(name: string, extra: number, extraClauses: readonly string[], extraText: string): Op {
  return {
    name,
    prots: ALL_PROTS,
    clauses: (prot) => ['MM.MMAP.ANON', 'MM.MMAP.HINT', ...extraClauses, ...freshClauses(prot)],
    text: (prot) => `mmap(NULL, 3 pages, ${protText(prot)}, MAP_PRIVATE|MAP_ANONYMOUS${extraText}), middle page`,
    setup(p, prot, t) {
      const base = p.variable();
      mmap(p, base, 0, 3 * PAGE, prot, ANON | extra);
      if (isWx(prot)) {
        expectErrno(p, `mmap with ${protText(prot)}`, 'EINVAL', [...WX_CLAUSES, ...MAP_RESULT_CLAUSES]);
        return { state: null };
      }
      expectPlaced(p, base, 3 * PAGE, `mmap of 3 pages ${protText(prot)}`, [...extraClauses, ...freshClauses(prot)]);
      addr(p, t.n, base.n, PAGE);
      return { state: mapped(prot, ZERO) };
    },
  };
}

function fixedFreeOp(name: string, flag: number, flagText: string): Op {
  return {
    name,
    prots: ALL_PROTS,
    clauses: (prot) => ['MM.MMAP.FIXED.RANGE', ...freshClauses(prot)],
    text: (prot) => `mmap(a free page-aligned address in the mapping area, 2 pages, ${protText(prot)}, ${flagText}), first page`,
    setup(p, prot, t) {
      mmap(p, null, FIXED_ADDR, 2 * PAGE, prot, ANON | flag);
      p.a.movImm(t.n, FIXED_ADDR);
      if (isWx(prot)) {
        expectErrno(p, `${flagText} mmap with ${protText(prot)}`, 'EINVAL', [...WX_CLAUSES, ...MAP_RESULT_CLAUSES]);
        return { state: UNMAPPED };
      }
      p.expectEq(`${flagText} mmap of a free range returns exactly the address asked for`, ['MM.MMAP.FIXED.RANGE', 'MM.MMAP.RETURN'], FIXED_ADDR);
      return { state: mapped(prot, ZERO) };
    },
  };
}

/** mmap over the middle page of a 3-page mapping made with `underProt` (RW: prepared with code first). */
function overOp(name: string, underProt: number, flag: number, flagText: string): Op {
  const noreplace = flag === MAP_FIXED_NOREPLACE;
  const under = underProt === PROT_NONE ? 'a PROT_NONE reservation' : 'a prepared RW mapping';
  const kept = (): PageState => (underProt === PROT_NONE ? mapped(PROT_NONE, ZERO) : mapped(RW, codeContent(PAGE_K)));
  return {
    name,
    prots: ALL_PROTS,
    clauses: (prot) => {
      if (isWx(prot)) return WX_CLAUSES;
      if (noreplace) return ['MM.MMAP.NOREPLACE'];
      return prot === PROT_NONE ? ['MM.MMAP.FIXED.NONE', 'MM.MMAP.FIXED.REPLACE'] : ['MM.MMAP.FIXED.REPLACE', 'MM.MMAP.ZERO'];
    },
    text: (prot) => `${flagText} mmap of the middle page of ${under} with ${protText(prot)}`,
    setup(p, prot, t) {
      const base = p.variable();
      mmapPlaced(p, base, 3 * PAGE, underProt, ANON, underProt === PROT_NONE ? ['MM.MMAP.NONE.RESERVE'] : ['MM.MMAP.ZERO']);
      addr(p, t.n, base.n, PAGE);
      if (underProt !== PROT_NONE) preparePage(p, t, 0, returnK(PAGE_K));
      mmap(p, null, t, PAGE, prot, ANON | flag);
      if (isWx(prot)) {
        expectErrno(p, `${flagText} mmap with ${protText(prot)}`, 'EINVAL', [...WX_CLAUSES, ...MAP_RESULT_CLAUSES]);
        return { state: kept() };
      }
      if (noreplace) {
        expectErrno(p, `${flagText} mmap over ${under}`, 'EEXIST', ['MM.MMAP.NOREPLACE', ...MAP_RESULT_CLAUSES]);
        return { state: kept() };
      }
      diff(p, 0, t.n);
      p.expectEq(`${flagText} mmap over ${under} returns the address asked for`, ['MM.MMAP.FIXED.REPLACE', 'MM.MMAP.RETURN'], 0);
      return { state: mapped(prot, ZERO) };
    },
  };
}

/** mprotect of the middle page of a 3-page mapping made with `underProt`. */
function mprotectOp(name: string, underProt: number): Op {
  const reserve = underProt === PROT_NONE;
  const under = reserve ? 'a PROT_NONE reservation' : 'a prepared RW mapping';
  const kept = (): PageState => (reserve ? mapped(PROT_NONE, ZERO) : mapped(RW, codeContent(PAGE_K)));
  return {
    name,
    prots: ALL_PROTS,
    clauses: (prot) => {
      if (isWx(prot)) return WX_CLAUSES;
      if (prot === PROT_NONE) return reserve ? ['MM.MPROTECT.CHANGE'] : ['MM.MPROTECT.CHANGE', 'MM.MPROTECT.DECOMMIT'];
      return reserve ? ['MM.MPROTECT.CHANGE', 'MM.MPROTECT.COMMIT'] : ['MM.MPROTECT.CHANGE'];
    },
    text: (prot) => `mprotect of the middle page of ${under} to ${protText(prot)}`,
    setup(p, prot, t) {
      const base = p.variable();
      mmapPlaced(p, base, 3 * PAGE, underProt, ANON, reserve ? ['MM.MMAP.NONE.RESERVE'] : ['MM.MMAP.ZERO']);
      addr(p, t.n, base.n, PAGE);
      if (!reserve) preparePage(p, t, 0, returnK(PAGE_K));
      mprotect(p, t, PAGE, prot);
      if (isWx(prot)) {
        expectErrno(p, `mprotect to ${protText(prot)}`, 'EINVAL', WX_CLAUSES);
        return { state: kept() };
      }
      expectZero(p, `mprotect to ${protText(prot)}`, reserve && prot !== PROT_NONE ? ['MM.MPROTECT.COMMIT'] : ['MM.MPROTECT.CHANGE']);
      // A commit inside a reservation gives fresh pages; a protection change keeps the contents.
      return { state: mapped(prot, reserve ? ZERO : codeContent(PAGE_K)) };
    },
  };
}

type Which = 'first' | 'middle' | 'last';
const WHICH_INDEX: Readonly<Record<Which, number>> = { first: 0, middle: 1, last: 2 };
/** The page kept next to the removed one. */
const KEPT_INDEX: Readonly<Record<Which, number>> = { first: 1, middle: 2, last: 1 };

function munmapOp(which: Which, probe: 'gone' | 'kept'): Op {
  return {
    name: `munmap-${which}-${probe}`,
    prots: NOT_WX,
    clauses: () => ['MM.MUNMAP.FREE', 'MM.MPROTECT.CHANGE'],
    text: (prot) => `a prepared 3-page mapping set to ${protText(prot)}, its ${which} page unmapped; probing the ${probe === 'gone' ? 'unmapped' : 'neighbouring'} page`,
    setup(p, prot, t) {
      const base = p.variable();
      mmapPlaced(p, base, 3 * PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      for (let i = 0; i < 3; i++) preparePage(p, base, i * PAGE, returnK(PAGE_K));
      if (prot !== RW) {
        mprotect(p, base, 3 * PAGE, prot);
        expectZero(p, `mprotect of the 3 pages to ${protText(prot)}`, ['MM.MPROTECT.CHANGE']);
      }
      addr(p, t.n, base.n, WHICH_INDEX[which] * PAGE);
      p.sys('munmap', t, PAGE);
      expectZero(p, `munmap of the ${which} page`, ['MM.MUNMAP.FREE']);
      if (probe === 'gone') return { state: UNMAPPED };
      addr(p, t.n, base.n, KEPT_INDEX[which] * PAGE);
      return { state: mapped(prot, codeContent(PAGE_K)) };
    },
  };
}

/** A prepared page given `prot` by mprotect: a heap page, an image data page, the lowest stack page. */
function mprotectAtOp(name: string, where: string, clauses: readonly string[], place: (p: CaseProgram, t: Reg) => void): Op {
  return {
    name,
    prots: ALL_PROTS,
    clauses: (prot) => (isWx(prot) ? [...WX_CLAUSES, ...clauses] : ['MM.MPROTECT.CHANGE', ...clauses]),
    text: (prot) => `mprotect of ${where} to ${protText(prot)}`,
    setup(p, prot, t) {
      place(p, t);
      preparePage(p, t, 0, returnK(PAGE_K));
      mprotect(p, t, PAGE, prot);
      if (isWx(prot)) {
        expectErrno(p, `mprotect of ${where} to ${protText(prot)}`, 'EINVAL', WX_CLAUSES);
        return { state: mapped(RW, codeContent(PAGE_K)) };
      }
      expectZero(p, `mprotect of ${where} to ${protText(prot)}`, ['MM.MPROTECT.CHANGE', 'MM.MPROTECT.UNMAPPED']);
      return { state: mapped(prot, codeContent(PAGE_K)) };
    },
  };
}

function heapGrow(p: CaseProgram, t: Reg): void {
  expectInitialBreak(p);
  sbrk(p, 2 * PAGE, HEAP_BASE, ['MM.SBRK.GROW']);
  p.a.movImm(t.n, HEAP_BASE + PAGE);
}

/** sbrk sequences that need no protection argument: the heap is RW (MM.SBRK.GROW). */
function sbrkOp(name: string, text: string, clauses: readonly string[], run: (p: CaseProgram, t: Reg) => PageState): Op {
  return { name, prots: [RW], clauses: () => clauses, text: () => text, setup: (p, _prot, t) => ({ state: run(p, t) }) };
}

const FILE_CONTENT = (): PageState['content'] => bytesContent(filePage(0), FILE_K);

const fileOp: Op = {
  name: 'mmap-file',
  prots: ALL_PROTS,
 
  files: true,
  clauses: (prot) => (prot === PROT_READ
    ? ['MM.MMAPFILE.BACKING', 'MM.MMAPFILE.PROT', 'MM.MMAPFILE.DEMAND']
    : ['MM.MMAPFILE.PROT', 'MM.MMAPFILE.ERRNO', ...(isWx(prot) ? ['MM.WX.REJECT'] : [])]),
  text: (prot) => `mmap_file of a base-image file with ${protText(prot)}, first page`,
  setup(p, prot, t) {
    const fd = p.variable();
    openRead(p, fd, FILE_PATH);
    p.sys('mmap_file', fd, FILE_SIZE, prot).save(t);
    if (prot !== PROT_READ) {
      expectErrno(p, `mmap_file with ${protText(prot)}`, 'EINVAL', ['MM.MMAPFILE.PROT', 'MM.MMAPFILE.ERRNO', ...MAP_RESULT_CLAUSES]);
      return { state: null };
    }
    expectPlaced(p, t, FILE_SIZE, 'mmap_file of the whole file', ['MM.MMAPFILE.BACKING']);
    return { state: mapped(PROT_READ, FILE_CONTENT()) };
  },
};

/** mprotect of a file mapping: any protection but W|X, writable ones as a private copy (MM.MMAPFILE.MPROTECT). */
const fileMprotectOp: Op = {
  name: 'mmap-file-mprotect',
  prots: ALL_PROTS,
 
  files: true,
  clauses: (prot) => (isWx(prot) ? [...WX_CLAUSES, 'MM.MMAPFILE.MPROTECT'] : ['MM.MPROTECT.CHANGE', 'MM.MMAPFILE.MPROTECT']),
  text: (prot) => `mprotect of the first page of a PROT_READ file mapping to ${protText(prot)}`,
  setup(p, prot, t) {
    const fd = p.variable();
    openRead(p, fd, FILE_PATH);
    p.sys('mmap_file', fd, FILE_SIZE, PROT_READ).save(t);
    expectPlaced(p, t, FILE_SIZE, 'mmap_file of the whole file', ['MM.MMAPFILE.BACKING']);
    mprotect(p, t, PAGE, prot);
    if (isWx(prot)) {
      expectErrno(p, `mprotect of the file mapping to ${protText(prot)}`, 'EINVAL', WX_CLAUSES);
      return { state: mapped(PROT_READ, FILE_CONTENT()) };
    }
    expectZero(p, `mprotect of the file mapping to ${protText(prot)}`, ['MM.MPROTECT.CHANGE']);
    return { state: mapped(prot, FILE_CONTENT()) };
  },
};

export const OPS: readonly Op[] = [
  anonOp('mmap-anon', 0, [], ''),
  anonOp('mmap-noreserve', MAP_NORESERVE, ['MM.MMAP.NORESERVE'], '|MAP_NORESERVE'),
  fixedFreeOp('mmap-fixed-free', MAP_FIXED, 'MAP_FIXED'),
  fixedFreeOp('mmap-noreplace-free', MAP_FIXED_NOREPLACE, 'MAP_FIXED_NOREPLACE'),
  overOp('mmap-fixed-over-mapping', RW, MAP_FIXED, 'MAP_FIXED'),
  overOp('mmap-fixed-over-reservation', PROT_NONE, MAP_FIXED, 'MAP_FIXED'),
  overOp('mmap-noreplace-over-mapping', RW, MAP_FIXED_NOREPLACE, 'MAP_FIXED_NOREPLACE'),
  overOp('mmap-noreplace-over-reservation', PROT_NONE, MAP_FIXED_NOREPLACE, 'MAP_FIXED_NOREPLACE'),
  mprotectOp('mprotect-mapping', RW),
  mprotectOp('mprotect-reservation', PROT_NONE),
  ...(['first', 'middle', 'last'] as const).flatMap((w) => [munmapOp(w, 'gone'), munmapOp(w, 'kept')]),
  mprotectAtOp('mprotect-heap', 'a prepared heap page (sbrk)', ['MM.SBRK.GROW'], heapGrow),
  mprotectAtOp('mprotect-image-data', 'the last page of the image data segment (prepared)', ['MM.LAYOUT'],
    (p, t) => p.a.movImm(t.n, DATA_BASE + DATA_SIZE - PAGE)),
  mprotectAtOp('mprotect-stack-low', 'the lowest page of the initial stack (prepared)', ['MM.LAYOUT'],
    (p, t) => p.a.movImm(t.n, STACK_LOW)),
  sbrkOp('sbrk-grow', 'sbrk(2 pages) from the initial break, second page', ['MM.SBRK.GROW', 'MM.SBRK.RETURN'], (p, t) => {
    heapGrow(p, t);
    return mapped(RW, ZERO);
  }),
  sbrkOp('sbrk-shrink-gone', 'sbrk(2 pages) then sbrk(-1 page): the page above the new break', ['MM.SBRK.SHRINK'], (p, t) => {
    heapGrow(p, t);
    preparePage(p, t, 0, returnK(PAGE_K));
    sbrk(p, -PAGE, HEAP_BASE + 2 * PAGE, ['MM.SBRK.SHRINK']);
    return UNMAPPED;
  }),
  sbrkOp('sbrk-shrink-kept', 'sbrk(2 pages) then sbrk(-1 page): the page below the new break', ['MM.SBRK.SHRINK', 'MM.SBRK.GROW'], (p, t) => {
    heapGrow(p, t);
    p.a.movImm(t.n, HEAP_BASE);
    preparePage(p, t, 0, returnK(PAGE_K));
    sbrk(p, -PAGE, HEAP_BASE + 2 * PAGE, ['MM.SBRK.SHRINK']);
    return mapped(RW, codeContent(PAGE_K));
  }),
  sbrkOp('sbrk-regrow', 'sbrk(2 pages), prepare the second, sbrk(-1 page), sbrk(+1 page): the regrown page', ['MM.SBRK.SHRINK', 'MM.SBRK.GROW'], (p, t) => {
    heapGrow(p, t);
    preparePage(p, t, 0, returnK(PAGE_K));
    sbrk(p, -PAGE, HEAP_BASE + 2 * PAGE, ['MM.SBRK.SHRINK']);
    sbrk(p, PAGE, HEAP_BASE + PAGE, ['MM.SBRK.SHRINK', 'MM.SBRK.GROW']);
    return mapped(RW, ZERO);
  }),
  fileOp,
  fileMprotectOp,
];

function matrixCase(op: Op, prot: number, access: typeof ACCESSES[number] | null, extra: readonly string[] = []): CaseDef {
  const id = `access/${op.name}/${protName(prot)}/${access ?? 'rejected'}`;
  return derivedCase(AREA, {
    id,
    description: access === null
      ? `${op.text(prot)}: the call is rejected and leaves no page`
      : `${op.text(prot)}; ${ACCESS_TEXT[access]} in a forked child`,
    clauses: [...op.clauses(prot), ...extra],
    build({ p, file }) {
      if (op.files) file(...dataFiles());
      const t = p.variable();
      const prober = access ? new Prober(p) : null;
      const { state } = op.setup(p, prot, t);
      if (prober === null || access === null || state === null) return;
      const expect = outcome(state, access);
      const keeps = expect.kind === 'ok' ? parentKeeps(state, access) : undefined;
      prober.probe(t, access, expect, `after ${op.text(prot)}`, op.clauses(prot), keeps === undefined ? {} : { parentKeeps: keeps });
    },
  });
}

/** The state an op leaves (the setup's model), from a throwaway program. */
function dryState(op: Op, prot: number): PageState | null {
  const p = new CaseProgram();
  return op.setup(p, prot, p.variable()).state;
}

export function matrixCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const op of OPS) {
    for (const prot of op.prots) {
      const state = dryState(op, prot);
      if (state === null) {
        out.push(matrixCase(op, prot, null));
        continue;
      }
      for (const access of ACCESSES) out.push(matrixCase(op, prot, access, impliedRead(state, access) ? ['MM.PROT.READIMPLIED'] : []));
    }
  }
  return out;
}

/** Ops whose faults are also checked without a handler: the default action kills the child and the status is the signal. */
const DEFAULT_ACTION_OPS = new Set([
  'mmap-anon', 'mmap-fixed-over-mapping', 'mprotect-mapping', 'mprotect-reservation', 'munmap-middle-gone', 'sbrk-shrink-gone', 'mmap-file',
]);

function defaultActionCase(op: Op, prot: number, access: typeof ACCESSES[number]): CaseDef {
  return derivedCase(AREA, {
    id: `fault-default/${op.name}/${protName(prot)}/${access}`,
    description: `${op.text(prot)}; ${ACCESS_TEXT[access]} in a forked child with no handler kills it with the fault signal`,
    clauses: [...op.clauses(prot), 'SIG.DEFAULT.ACTION', 'PROC.WAIT.STATUS'],
    build({ p, file }) {
      if (op.files) file(...dataFiles());
      const t = p.variable();
      const prober = new Prober(p);
      const { state } = op.setup(p, prot, t);
      if (state === null) throw new Error(`${op.name}: no page to probe`);
      prober.probe(t, access, outcome(state, access), `after ${op.text(prot)}`, op.clauses(prot), { handler: false });
    },
  });
}

export function defaultActionCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const op of OPS) {
    if (!DEFAULT_ACTION_OPS.has(op.name)) continue;
    for (const prot of op.prots) {
      const state = dryState(op, prot);
      if (state === null) continue;
      for (const access of ACCESSES) {
        if (outcome(state, access).kind === 'fault') out.push(defaultActionCase(op, prot, access));
      }
    }
  }
  return out;
}
