// ENOMEM and sbrk failure: lengths no free range can hold (MM.MMAP.NOSPACE), fixed ranges outside
// the mapping area (MM.MMAP.FIXED.RANGE), commits larger than the machine (MM.COMMIT.NOMEM, with a
// small memoryBytes), and breaks sbrk must refuse (MM.SBRK.FLOOR); failed calls change nothing.

import type { CaseDef } from '../../model.js';
import { CODE_BASE, DATA_BASE } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { expectErrno, expectInitialBreak, expectZero, MAP_RESULT_CLAUSES, mmap, mmapPlaced, mprotect, sbrk, sbrkFails } from './calls.js';
import {
  ANON, AREA, FIXED_ADDR, HEAP_BASE, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_NORESERVE, MMAP_FLOOR, MMAP_TOP, PAGE,
  PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE, protName, protText, RW, RX, SIGSEGV, STACK_LOW, VA_END, VA_MIN,
} from './consts.js';
import { addr, loadByte, storeByte } from './emit.js';
import { Prober } from './probe.js';

const P = BigInt(PAGE);
const MMAP_SPAN = MMAP_TOP - MMAP_FLOOR;
const hex = (v: number | bigint): string => `0x${v.toString(16)}`;

/** The machine of the commit cases: 2 MiB (512 frames); their mappings ask for 4 MiB. */
const SMALL_MACHINE = 2 << 20;
const TOO_MANY_PAGES = 1024;

function hugeLength(bytes: bigint, name: string, prot: number): CaseDef {
  return derivedCase(AREA, {
    id: `nomem/mmap-length/${name}/${protName(prot)}`,
    description: `mmap of ${hex(bytes)} bytes ${protText(prot)} fails with ENOMEM: no free range of the mapping area is that large`,
    clauses: ['MM.MMAP.NOSPACE'],
    build({ p }) {
      mmap(p, null, 0, bytes, prot, ANON);
      expectErrno(p, `mmap of ${hex(bytes)} bytes`, 'ENOMEM', ['MM.MMAP.NOSPACE', ...MAP_RESULT_CLAUSES]);
      const base = p.variable();
      mmapPlaced(p, base, PAGE, RW, ANON, ['MM.MMAP.NOSPACE']);
    },
  });
}

type Full = 'no-more' | 'reuse-bottom' | 'reuse-top' | 'fixed-inside';
function wholeArea(kind: Full): CaseDef {
  const text: Record<Full, string> = {
    'no-more': 'a further one-page mmap fails with ENOMEM',
    'reuse-bottom': 'after munmap of its bottom page a one-page mmap gets exactly that page',
    'reuse-top': 'after munmap of its top page a one-page mmap gets exactly that page',
    'fixed-inside': 'MAP_FIXED RW inside it succeeds while a plain mmap still finds no room',
  };
  return derivedCase(AREA, {
    id: `nomem/whole-area/${kind}`,
    description: `a PROT_NONE reservation of the whole mapping area returns USER_MMAP_FLOOR; ${text[kind]}`,
    clauses: ['MM.MMAP.NOSPACE', 'MM.MMAP.NONE.RESERVE', ...(kind.startsWith('reuse') ? ['MM.MUNMAP.REUSE'] : [])],
    build({ p }) {
      mmap(p, null, 0, MMAP_SPAN, PROT_NONE, ANON);
      p.expectEq('a reservation of the whole mapping area starts at USER_MMAP_FLOOR', ['MM.MMAP.NOSPACE', 'MM.LAYOUT', 'MM.MMAP.NONE.RESERVE'], MMAP_FLOOR);
      if (kind === 'no-more') {
        mmap(p, null, 0, PAGE, PROT_READ, ANON);
        expectErrno(p, 'a further mmap', 'ENOMEM', ['MM.MMAP.NOSPACE']);
        return;
      }
      if (kind === 'fixed-inside') {
        mmap(p, null, FIXED_ADDR, PAGE, RW, ANON | MAP_FIXED);
        p.expectEq('MAP_FIXED inside the reservation returns the address asked for', ['MM.MMAP.FIXED.REPLACE'], FIXED_ADDR);
        mmap(p, null, 0, PAGE, RW, ANON);
        expectErrno(p, 'a plain mmap', 'ENOMEM', ['MM.MMAP.NOSPACE']);
        return;
      }
      const page = kind === 'reuse-bottom' ? MMAP_FLOOR : MMAP_TOP - PAGE;
      p.sys('munmap', page, PAGE);
      expectZero(p, `munmap of the ${kind === 'reuse-bottom' ? 'bottom' : 'top'} page`, ['MM.MUNMAP.FREE']);
      mmap(p, null, 0, PAGE, RW, ANON);
      p.expectEq('a one-page mmap gets the only free page', ['MM.MUNMAP.REUSE'], page);
    },
  });
}

interface OutOfRange { readonly name: string; readonly at: bigint; readonly len: number; readonly text: string }
const OUT_OF_RANGE: readonly OutOfRange[] = [
  { name: 'null', at: 0n, len: PAGE, text: 'address 0' },
  { name: 'low', at: 0x1000n, len: PAGE, text: 'a low address' },
  { name: 'image-code', at: BigInt(CODE_BASE), len: PAGE, text: 'the image code page' },
  { name: 'image-data', at: BigInt(DATA_BASE), len: PAGE, text: 'the image data page' },
  { name: 'image-area', at: BigInt(VA_MIN + 0x100_0000), len: PAGE, text: 'a free page of the image area' },
  { name: 'stack', at: BigInt(STACK_LOW), len: PAGE, text: 'the lowest stack page' },
  { name: 'below-floor', at: BigInt(MMAP_FLOOR - PAGE), len: PAGE, text: 'the page below USER_MMAP_FLOOR' },
  { name: 'straddle-floor', at: BigInt(MMAP_FLOOR - PAGE), len: 2 * PAGE, text: 'a range straddling USER_MMAP_FLOOR' },
  { name: 'at-top', at: BigInt(MMAP_TOP), len: PAGE, text: 'the page at USER_MMAP_TOP' },
  { name: 'straddle-top', at: BigInt(MMAP_TOP - PAGE), len: 2 * PAGE, text: 'a range straddling USER_MMAP_TOP' },
  { name: 'heap', at: BigInt(HEAP_BASE), len: PAGE, text: 'the heap base' },
  { name: 'va-end', at: BigInt(VA_END), len: PAGE, text: 'USER_VA_END' },
  { name: 'high', at: 2n ** 40n, len: PAGE, text: 'an address above the user range' },
  { name: 'top-of-64-bit', at: 2n ** 64n - P, len: PAGE, text: 'the last page of the 64-bit space' },
];

function fixedOutOfRange(r: OutOfRange, flag: number, flagName: string, prot: number): CaseDef {
  return derivedCase(AREA, {
    id: `nomem/fixed-out-of-area/${flagName}/${r.name}/${protName(prot)}`,
    description: `${flagName} mmap of ${r.text} (outside [USER_MMAP_FLOOR, USER_MMAP_TOP)) with ${protText(prot)} fails with ENOMEM`,
    clauses: ['MM.MMAP.FIXED.RANGE'],
    build({ p }) {
      mmap(p, null, r.at, r.len, prot, ANON | flag);
      expectErrno(p, `${flagName} mmap of ${r.text}`, 'ENOMEM', ['MM.MMAP.FIXED.RANGE', ...MAP_RESULT_CLAUSES]);
      if (r.name === 'image-data') {
        // The image data page keeps its contents (the TAP output lives there); probe a byte anyway.
        const base = p.variable();
        p.a.movImm(base.n, DATA_BASE);
        storeByte(p, base, PAGE - 1, 0x5c);
        loadByte(p, 0, base, PAGE - 1);
        p.expectEq('the image data page is still mapped and writable', ['MM.MMAP.FIXED.RANGE'], 0x5c);
      }
    },
  });
}

type Commit = 'mmap' | 'noreserve' | 'fixed-over-reservation' | 'mprotect-reservation';
const COMMIT_TEXT: Readonly<Record<Commit, string>> = {
  mmap: 'mmap', noreserve: 'mmap with MAP_NORESERVE', 'fixed-over-reservation': 'MAP_FIXED over a reservation', 'mprotect-reservation': 'mprotect of a reservation',
};
function commitNomem(kind: Commit, prot: number): CaseDef {
  const bytes = TOO_MANY_PAGES * PAGE;
  return derivedCase(AREA, {
    id: `nomem/commit/${kind}/${protName(prot)}`,
    description: `on a ${SMALL_MACHINE >> 20} MiB machine, committing ${TOO_MANY_PAGES} pages ${protText(prot)} by ${COMMIT_TEXT[kind]} fails with ENOMEM and changes nothing`,
    clauses: ['MM.COMMIT.NOMEM'],
    boot: { memoryBytes: SMALL_MACHINE },
    build({ p }) {
      const base = p.variable();
      const prober = new Prober(p);
      if (kind === 'mmap' || kind === 'noreserve') {
        mmap(p, null, 0, bytes, prot, ANON | (kind === 'noreserve' ? MAP_NORESERVE : 0));
        expectErrno(p, `mmap of ${TOO_MANY_PAGES} pages ${protText(prot)}`, 'ENOMEM', ['MM.COMMIT.NOMEM', ...MAP_RESULT_CLAUSES]);
        mmapPlaced(p, base, bytes, PROT_NONE, ANON, ['MM.MMAP.NONE.RESERVE']);
        return;
      }
      mmapPlaced(p, base, bytes, PROT_NONE, ANON, ['MM.MMAP.NONE.RESERVE']);
      if (kind === 'fixed-over-reservation') {
        mmap(p, null, base, bytes, prot, ANON | MAP_FIXED);
        expectErrno(p, `MAP_FIXED ${protText(prot)} over the whole reservation`, 'ENOMEM', ['MM.COMMIT.NOMEM', ...MAP_RESULT_CLAUSES]);
      } else {
        mprotect(p, base, bytes, prot);
        expectErrno(p, `mprotect of the whole reservation to ${protText(prot)}`, 'ENOMEM', ['MM.COMMIT.NOMEM']);
      }
      const mid = p.variable();
      addr(p, mid.n, base.n, (TOO_MANY_PAGES / 2) * PAGE);
      prober.probe(mid, 'read', { kind: 'fault', signal: SIGSEGV }, 'the reservation after the failed commit', ['MM.COMMIT.NOMEM', 'MM.MMAP.NONE.RESERVE']);
      mprotect(p, mid, PAGE, RW);
      expectZero(p, 'mprotect of one page of the reservation to RW', ['MM.MPROTECT.COMMIT']);
    },
  });
}

interface BrkFail { readonly name: string; readonly text: string; readonly grow: number; readonly incr: bigint; readonly memory?: boolean }
const BRK_FAILS: readonly BrkFail[] = [
  { name: 'below-base-1', text: 'sbrk(-1) at the initial break', grow: 0, incr: -1n },
  { name: 'below-base-page', text: 'sbrk(-page) at the initial break', grow: 0, incr: -P },
  { name: 'below-base-after-grow', text: 'sbrk(-3 pages) after growing 2 pages', grow: 2 * PAGE, incr: -3n * P },
  { name: 'min-int64', text: 'sbrk(-2^63)', grow: 0, incr: -(2n ** 63n) },
  { name: 'past-va-end', text: 'sbrk past USER_VA_END', grow: 0, incr: BigInt(VA_END - HEAP_BASE + PAGE) },
  { name: 'huge', text: 'sbrk(2^40)', grow: 0, incr: 2n ** 40n },
  { name: 'max-int64', text: 'sbrk(2^63-1)', grow: 0, incr: 2n ** 63n - 1n },
  { name: 'no-memory', text: `sbrk(${TOO_MANY_PAGES} pages) on a ${SMALL_MACHINE >> 20} MiB machine`, grow: 0, incr: BigInt(TOO_MANY_PAGES * PAGE), memory: true },
];

function brkFails(f: BrkFail): CaseDef {
  const brk = HEAP_BASE + f.grow;
  return derivedCase(AREA, {
    id: `nomem/sbrk/${f.name}`,
    description: `${f.text} fails with all ones and leaves the break where it was`,
    clauses: ['MM.SBRK.FAIL', 'MM.SBRK.FLOOR'],
    ...(f.memory ? { boot: { memoryBytes: SMALL_MACHINE } } : {}),
    build({ p }) {
      expectInitialBreak(p);
      if (f.grow) sbrk(p, f.grow, HEAP_BASE, ['MM.SBRK.GROW']);
      sbrkFails(p, f.incr, ['MM.SBRK.FLOOR']);
      p.sys('sbrk', 0);
      p.expectEq(`the break is still 0x${brk.toString(16)}`, ['MM.SBRK.FLOOR', 'MM.SBRK.ZERO'], brk);
      if (f.grow) {
        const base = p.variable();
        p.a.movImm(base.n, HEAP_BASE);
        storeByte(p, base, f.grow - 1, 0x66);
        loadByte(p, 0, base, f.grow - 1);
        p.expectEq('the heap below the break is still mapped and writable', ['MM.SBRK.FLOOR'], 0x66);
      }
    },
  });
}

/** Break arithmetic with increments that are not page multiples (MM.SBRK.RETURN, MM.SBRK.ZERO, MM.SBRK.GROW). */
function brkSteps(steps: readonly number[]): CaseDef {
  return derivedCase(AREA, {
    id: `nomem/sbrk-steps/${steps.map((s) => (s < 0 ? `m${-s}` : `${s}`)).join('_')}`,
    description: `sbrk by ${steps.join(', ')} bytes: each returns the previous break, sbrk(0) the current one, and the byte below the break is writable`,
    clauses: ['MM.SBRK.RETURN', 'MM.SBRK.ZERO', 'MM.SBRK.GROW'],
    build({ p }) {
      expectInitialBreak(p);
      const base = p.variable();
      p.a.movImm(base.n, HEAP_BASE);
      let brk = HEAP_BASE;
      for (const step of steps) {
        sbrk(p, step, brk, step < 0 ? ['MM.SBRK.SHRINK'] : ['MM.SBRK.GROW']);
        brk += step;
        p.sys('sbrk', 0);
        p.expectEq(`sbrk(0) returns 0x${brk.toString(16)}`, ['MM.SBRK.ZERO'], brk);
        if (brk > HEAP_BASE) {
          storeByte(p, base, brk - HEAP_BASE - 1, 0x42);
          loadByte(p, 0, base, brk - HEAP_BASE - 1);
          p.expectEq('the byte just below the break is writable', ['MM.SBRK.GROW'], 0x42);
        }
      }
    },
  });
}

export function nomemCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const lengths: readonly [bigint, string][] = [
    [BigInt(MMAP_SPAN + PAGE), 'area-plus-page'], [2n * BigInt(MMAP_SPAN), 'twice-area'], [2n ** 32n, '2p32'], [2n ** 40n, '2p40'], [2n ** 63n, '2p63'],
    [2n ** 64n - P, 'max-page'], [2n ** 64n - 1n, 'max'],
  ];
  for (const [bytes, name] of lengths) for (const prot of [PROT_NONE, PROT_READ, RW, RX]) out.push(hugeLength(bytes, name, prot));
  for (const kind of ['no-more', 'reuse-bottom', 'reuse-top', 'fixed-inside'] as const) out.push(wholeArea(kind));
  for (const r of OUT_OF_RANGE) {
    out.push(fixedOutOfRange(r, MAP_FIXED, 'map-fixed', RW));
    out.push(fixedOutOfRange(r, MAP_FIXED_NOREPLACE, 'map-fixed-noreplace', RW));
    out.push(fixedOutOfRange(r, MAP_FIXED, 'map-fixed', PROT_NONE));
  }
  for (const prot of [PROT_READ, PROT_WRITE, RW, PROT_EXEC, RX]) {
    for (const kind of ['mmap', 'noreserve', 'fixed-over-reservation', 'mprotect-reservation'] as const) out.push(commitNomem(kind, prot));
  }
  for (const f of BRK_FAILS) out.push(brkFails(f));
  for (const steps of [[1], [100, 4000], [PAGE + 1, -2], [3 * PAGE, -PAGE - 5, 10], [8, 8, 8, -24], [PAGE - 1, 1, 1]]) out.push(brkSteps(steps));
  return out;
}
