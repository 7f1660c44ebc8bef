// Argument errors of the memory rows: lengths, alignment, unknown bits, the anonymous-private rule,
// ranges munmap and mprotect refuse, and the handle checks of mmap_file. Each is one call with
// one thing wrong; where a failed call could have changed something, the case checks it did not.

import { knownBits } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CODE_BASE, DATA_BASE, DATA_SIZE, Reg, type CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { expectErrno, expectInitialBreak, expectPlaced, expectZero, MAP_RESULT_CLAUSES, mmap, mmapPlaced, mprotect, sbrk } from './calls.js';
import {
  ANON, AREA, FIXED_ADDR, HEAP_BASE, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_NORESERVE, MAP_PRIVATE,
  MMAP_FLOOR, MMAP_TOP, O_CREAT, O_RDWR, PAGE, PROT_NONE, PROT_READ, protName, protText, RW, RX, SIGSEGV, STACK_LOW,
  VA_END, VA_MIN,
} from './consts.js';
import { addr, loadDword, storeDword } from './emit.js';
import { dataFiles, EMPTY_PATH, FILE_PATH } from './files.js';
import { Prober } from './probe.js';

const hex = (v: number | bigint): string => `0x${v.toString(16)}`;
const MARK = 0x0123_4567_89ab_cdefn;

/** Nothing got mapped at FIXED_ADDR: a MAP_FIXED_NOREPLACE mapping there succeeds. */
function expectFixedFree(p: CaseProgram, clause: string): void {
  mmap(p, null, FIXED_ADDR, PAGE, PROT_READ, ANON | MAP_FIXED_NOREPLACE);
  p.expectEq('afterwards nothing is mapped there: MAP_FIXED_NOREPLACE succeeds', [clause, 'MM.MMAP.FIXED.RANGE'], FIXED_ADDR);
}

// ---- mmap ----------------------------------------------------------------------------------

function mmapZeroLength(prot: number, flags: number, name: string): CaseDef {
  const at = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE) ? FIXED_ADDR : 0;
  return derivedCase(AREA, {
    id: `errors/mmap/zero-length/${name}/${protName(prot)}`,
    description: `mmap with length 0 (${name}, ${protText(prot)}) fails with EINVAL`,
    clauses: ['ABI.LENGTH.BOUNDS'],
    build({ p }) {
      mmap(p, null, at, 0, prot, flags);
      expectErrno(p, 'mmap of 0 bytes', 'EINVAL', ['ABI.LENGTH.BOUNDS', ...MAP_RESULT_CLAUSES]);
    },
  });
}

function mmapUnknownProt(bit: number): CaseDef {
  return derivedCase(AREA, {
    id: `errors/mmap/unknown-prot-bit/${bit}`,
    description: `mmap with prot PROT_READ|${hex(2 ** bit)} (a bit not in PROT) fails with EINVAL`,
    clauses: ['ABI.FLAGS.UNKNOWN'],
    build({ p }) {
      mmap(p, null, 0, PAGE, BigInt(PROT_READ) | (1n << BigInt(bit)), ANON);
      expectErrno(p, `mmap with prot bit ${bit}`, 'EINVAL', ['ABI.FLAGS.UNKNOWN', ...MAP_RESULT_CLAUSES]);
    },
  });
}

function mmapUnknownFlag(bit: number): CaseDef {
  return derivedCase(AREA, {
    id: `errors/mmap/unknown-flag-bit/${bit}`,
    description: `mmap with flags MAP_PRIVATE|MAP_ANONYMOUS|${hex(2 ** bit)} (a bit not in MAP_FLAGS) fails with EINVAL`,
    clauses: ['ABI.FLAGS.UNKNOWN'],
    build({ p }) {
      mmap(p, null, 0, PAGE, RW, BigInt(ANON) | (1n << BigInt(bit)));
      expectErrno(p, `mmap with flag bit ${bit}`, 'EINVAL', ['ABI.FLAGS.UNKNOWN', ...MAP_RESULT_CLAUSES]);
    },
  });
}

const NOT_ANON_PRIVATE: readonly [number, string][] = [
  [0, 'none'], [MAP_PRIVATE, 'private'], [MAP_ANONYMOUS, 'anonymous'], [MAP_ANONYMOUS | MAP_NORESERVE, 'anonymous-noreserve'],
  [MAP_PRIVATE | MAP_NORESERVE, 'private-noreserve'], [MAP_ANONYMOUS | MAP_FIXED, 'anonymous-fixed'], [MAP_PRIVATE | MAP_FIXED, 'private-fixed'],
  [MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 'anonymous-noreplace'], [MAP_PRIVATE | MAP_FIXED_NOREPLACE, 'private-noreplace'],
];

function mmapNotAnonPrivate(flags: number, name: string, prot: number): CaseDef {
  const at = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE) ? FIXED_ADDR : 0;
  return derivedCase(AREA, {
    id: `errors/mmap/not-anon-private/${name}/${protName(prot)}`,
    description: `mmap with flags ${hex(flags)} (not both MAP_PRIVATE and MAP_ANONYMOUS), ${protText(prot)}, fails with EINVAL`,
    clauses: ['MM.MMAP.ANON', 'MM.MMAP.ANON.ERRNO'],
    build({ p }) {
      mmap(p, null, at, PAGE, prot, flags);
      expectErrno(p, `mmap with flags ${hex(flags)}`, 'EINVAL', ['MM.MMAP.ANON.ERRNO', ...MAP_RESULT_CLAUSES]);
      if (at !== 0) expectFixedFree(p, 'MM.MMAP.ANON.ERRNO');
    },
  });
}

function mmapMisaligned(offset: number, flag: number, name: string): CaseDef {
  return derivedCase(AREA, {
    id: `errors/mmap/misaligned/${name}/${hex(offset)}`,
    description: `${name} mmap at a page address + ${hex(offset)} fails with EINVAL and maps nothing`,
    clauses: ['ABI.ADDR.ALIGN'],
    build({ p }) {
      mmap(p, null, FIXED_ADDR + offset, PAGE, RW, ANON | flag);
      expectErrno(p, `${name} mmap at a misaligned address`, 'EINVAL', ['ABI.ADDR.ALIGN', ...MAP_RESULT_CLAUSES]);
      expectFixedFree(p, 'ABI.ADDR.ALIGN');
    },
  });
}

/** Without MAP_FIXED* the hint is ignored: any hint, aligned or not, in or out of the area, gives a normal mapping. */
function mmapHint(hint: bigint, name: string): CaseDef {
  return derivedCase(AREA, {
    id: `errors/mmap/hint-ignored/${name}`,
    description: `mmap with hint ${hex(hint)} and no MAP_FIXED succeeds in the mapping area`,
    clauses: ['MM.MMAP.HINT', 'MM.LAYOUT'],
    build({ p }) {
      const base = p.variable();
      mmap(p, base, hint, 2 * PAGE, RW, ANON);
      expectPlaced(p, base, 2 * PAGE, `mmap with hint ${hex(hint)}`, ['MM.MMAP.HINT']);
    },
  });
}

function mmapIgnoredArgs(fd: number, offset: bigint, name: string): CaseDef {
  return derivedCase(AREA, {
    id: `errors/mmap/fd-offset-ignored/${name}`,
    description: `an anonymous mmap with fd ${fd} and offset ${hex(offset)} ignores both and succeeds`,
    clauses: ['MM.MMAP.HINT', 'MM.MMAP.ARGS'],
    build({ p }) {
      const base = p.variable();
      p.sys('mmap', 0, PAGE, RW, ANON, fd, BigInt.asUintN(64, offset)).save(base);
      expectPlaced(p, base, PAGE, `mmap with fd ${fd}, offset ${hex(offset)}`, ['MM.MMAP.HINT', 'MM.MMAP.ARGS']);
    },
  });
}

// ---- munmap --------------------------------------------------------------------------------

function munmapMisaligned(offset: number): CaseDef {
  return derivedCase(AREA, {
    id: `errors/munmap/misaligned/${hex(offset)}`,
    description: `munmap at a mapping's address + ${hex(offset)} fails with EINVAL and unmaps nothing`,
    clauses: ['ABI.ADDR.ALIGN'],
    build({ p }) {
      const base = p.variable();
      mmapPlaced(p, base, 2 * PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      storeDword(p, base, 0, MARK);
      addr(p, 12, base.n, offset);
      p.sys('munmap', new Reg(12), PAGE);
      expectErrno(p, 'munmap at a misaligned address', 'EINVAL', ['ABI.ADDR.ALIGN']);
      loadDword(p, 0, base, 0);
      p.expectEq('the mapping is still there with its data', ['ABI.ADDR.ALIGN'], MARK);
    },
  });
}

function munmapZeroLength(): CaseDef {
  return derivedCase(AREA, {
    id: 'errors/munmap/zero-length',
    description: 'munmap with length 0 fails with EINVAL',
    clauses: ['ABI.LENGTH.BOUNDS'],
    build({ p }) {
      const base = p.variable();
      mmapPlaced(p, base, PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      p.sys('munmap', base, 0);
      expectErrno(p, 'munmap of 0 bytes', 'EINVAL', ['ABI.LENGTH.BOUNDS']);
    },
  });
}

interface Range {
  readonly name: string;
  readonly at: bigint;
  readonly len: bigint;
  readonly text: string;
  /** Sets up what must survive, and checks it afterwards. */
  readonly before?: (p: CaseProgram) => void;
  readonly after?: (p: CaseProgram) => void;
}

const heapPage = {
  before: (p: CaseProgram): void => {
    expectInitialBreak(p);
    sbrk(p, PAGE, HEAP_BASE, ['MM.SBRK.GROW']);
    p.a.movImm(12, HEAP_BASE).movImm(13, MARK).inst('STR_X_uoff', { Rt: 13, Rn: 12, imm12: 0 });
  },
  after: (p: CaseProgram): void => {
    p.a.movImm(12, HEAP_BASE).inst('LDR_X_uoff', { Rt: 0, Rn: 12, imm12: 0 });
    p.expectEq('the heap page is still mapped with its data', ['MM.SBRK.GROW'], MARK);
  },
 
};

const dataPage = {
  before: (p: CaseProgram): void => {
    p.a.movImm(12, DATA_BASE + DATA_SIZE - PAGE).movImm(13, MARK).inst('STR_X_uoff', { Rt: 13, Rn: 12, imm12: 0 });
  },
  after: (p: CaseProgram): void => {
    p.a.movImm(12, DATA_BASE + DATA_SIZE - PAGE).inst('LDR_X_uoff', { Rt: 0, Rn: 12, imm12: 0 });
    p.expectEq('the image data page is still mapped with its data', ['MM.LAYOUT'], MARK);
  },
};

const P = BigInt(PAGE);
// Address 0 is left out of munmap and mprotect: the rows give EINVAL (MM.MUNMAP.RANGE) and ENOMEM
// (MM.MPROTECT.UNMAPPED), the reference kernel answers EFAULT (ABI.FAULT) for a NULL `mapping`
// address; reported, not encoded here.
const OUTSIDE_AREA: readonly Range[] = [
  { name: 'low', at: 0x1000n, len: P, text: 'a low address' },
  { name: 'image-code', at: BigInt(CODE_BASE), len: P, text: 'the image code page' },
  { name: 'image-data', at: BigInt(DATA_BASE + DATA_SIZE - PAGE), len: P, text: 'an image data page', ...dataPage },
  { name: 'stack', at: BigInt(STACK_LOW), len: P, text: 'the lowest stack page' },
  { name: 'heap', at: BigInt(HEAP_BASE), len: P, text: 'a heap page', ...heapPage },
  { name: 'below-floor', at: BigInt(MMAP_FLOOR - PAGE), len: P, text: 'the page below USER_MMAP_FLOOR' },
  { name: 'at-top', at: BigInt(MMAP_TOP), len: P, text: 'the page at USER_MMAP_TOP' },
  { name: 'straddle-floor', at: BigInt(MMAP_FLOOR - PAGE), len: 2n * P, text: 'a range straddling USER_MMAP_FLOOR' },
  { name: 'straddle-top', at: BigInt(MMAP_TOP - PAGE), len: 2n * P, text: 'a range straddling USER_MMAP_TOP' },
  { name: 'whole-area-plus', at: BigInt(MMAP_FLOOR), len: BigInt(MMAP_TOP - MMAP_FLOOR + PAGE), text: 'the whole mapping area and one page more' },
  { name: 'va-end', at: BigInt(VA_END), len: P, text: 'USER_VA_END' },
  { name: 'high', at: 2n ** 40n, len: P, text: 'an address above the user range' },
  { name: 'huge-length', at: BigInt(MMAP_FLOOR), len: 2n ** 63n, text: 'USER_MMAP_FLOOR with a 2^63-byte length' },
];

function munmapOutside(r: Range): CaseDef {
  return derivedCase(AREA, {
    id: `errors/munmap/outside-area/${r.name}`,
    description: `munmap of ${r.text} (outside the mapping area) fails with EINVAL${r.after ? ' and unmaps nothing' : ''}`,
    clauses: ['MM.MUNMAP.RANGE'],
    build({ p }) {
      r.before?.(p);
      p.sys('munmap', r.at, r.len);
      expectErrno(p, `munmap of ${r.text}`, 'EINVAL', ['MM.MUNMAP.RANGE']);
      r.after?.(p);
    },
  });
}

type Hole = 'free-page' | 'around-mapping' | 'twice' | 'whole-area';
function munmapHoles(kind: Hole): CaseDef {
  const text: Record<Hole, string> = {
    'free-page': 'an unmapped page of the mapping area',
    'around-mapping': 'a 3-page range whose middle page is the only mapped one',
    twice: 'a mapping that was already unmapped',
    'whole-area': 'the whole mapping area holding one mapping',
  };
  return derivedCase(AREA, {
    id: `errors/munmap/holes/${kind}`,
    description: `munmap of ${text[kind]} returns 0${kind === 'around-mapping' || kind === 'whole-area' ? ' and the mapped page is gone' : ''}`,
    clauses: ['MM.MUNMAP.HOLES', 'MM.MUNMAP.FREE'],
    build({ p }) {
      const t = p.variable();
      const prober = new Prober(p);
      p.a.movImm(t.n, FIXED_ADDR + PAGE);
      if (kind === 'free-page') {
        p.sys('munmap', t, PAGE);
        expectZero(p, 'munmap of a free page', ['MM.MUNMAP.HOLES']);
        return;
      }
      mmap(p, null, t, PAGE, RW, ANON | MAP_FIXED);
      p.expectEq('MAP_FIXED mmap of a free page returns the address asked for', ['MM.MMAP.FIXED.RANGE'], FIXED_ADDR + PAGE);
      if (kind === 'twice') {
        p.sys('munmap', t, PAGE);
        expectZero(p, 'the first munmap', ['MM.MUNMAP.FREE']);
        p.sys('munmap', t, PAGE);
        expectZero(p, 'the second munmap of the same range', ['MM.MUNMAP.HOLES']);
        return;
      }
      if (kind === 'around-mapping') p.sys('munmap', FIXED_ADDR, 3 * PAGE);
      else p.sys('munmap', MMAP_FLOOR, MMAP_TOP - MMAP_FLOOR);
      expectZero(p, `munmap of ${text[kind]}`, ['MM.MUNMAP.HOLES']);
      prober.probe(t, 'read', { kind: 'fault', signal: SIGSEGV }, 'the page that was mapped', ['MM.MUNMAP.FREE']);
    },
  });
}

/** munmap's length rounds up to pages: length 1 removes the whole page, and only it. */
function munmapRoundUp(which: 'removed' | 'next', len: number): CaseDef {
  return derivedCase(AREA, {
    id: `errors/munmap/round-up/${len}/${which}`,
    description: `munmap of ${len} byte(s) at a page removes that whole page: probing the ${which === 'removed' ? 'page itself (faults)' : 'next page (still mapped)'}`,
    clauses: ['MM.MUNMAP.FREE'],
    build({ p }) {
      const base = p.variable();
      const t = p.variable();
      const prober = new Prober(p);
      mmapPlaced(p, base, 2 * PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      storeDword(p, base, PAGE, MARK);
      p.sys('munmap', base, len);
      expectZero(p, `munmap of ${len} byte(s)`, ['MM.MUNMAP.FREE']);
      if (which === 'removed') {
        p.mov(t.n, base.n);
        prober.probe(t, 'write-end', { kind: 'fault', signal: SIGSEGV }, 'the page munmap rounded up to', ['MM.MUNMAP.FREE']);
      } else {
        addr(p, t.n, base.n, PAGE);
        prober.probe(t, 'read', { kind: 'ok', value: MARK, readBack: false }, 'the page after it', ['MM.MUNMAP.FREE']);
      }
    },
  });
}

// ---- mprotect ------------------------------------------------------------------------------

function mprotectMisaligned(offset: number): CaseDef {
  return derivedCase(AREA, {
    id: `errors/mprotect/misaligned/${hex(offset)}`,
    description: `mprotect at a mapping's address + ${hex(offset)} fails with EINVAL and changes nothing`,
    clauses: ['ABI.ADDR.ALIGN'],
    build({ p }) {
      const base = p.variable();
      mmapPlaced(p, base, 2 * PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      addr(p, 12, base.n, offset);
      p.sys('mprotect', new Reg(12), PAGE, PROT_READ);
      expectErrno(p, 'mprotect at a misaligned address', 'EINVAL', ['ABI.ADDR.ALIGN']);
      storeDword(p, base, 0, MARK);
      loadDword(p, 0, base, 0);
      p.expectEq('the mapping is still writable', ['ABI.ADDR.ALIGN'], MARK);
    },
  });
}

function mprotectZeroLength(prot: number): CaseDef {
  return derivedCase(AREA, {
    id: `errors/mprotect/zero-length/${protName(prot)}`,
    description: `mprotect with length 0 to ${protText(prot)} fails with EINVAL`,
    clauses: ['ABI.LENGTH.BOUNDS'],
    build({ p }) {
      const base = p.variable();
      mmapPlaced(p, base, PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      mprotect(p, base, 0, prot);
      expectErrno(p, 'mprotect of 0 bytes', 'EINVAL', ['ABI.LENGTH.BOUNDS']);
    },
  });
}

function mprotectUnknownProt(bit: number): CaseDef {
  return derivedCase(AREA, {
    id: `errors/mprotect/unknown-prot-bit/${bit}`,
    description: `mprotect to PROT_READ|${hex(2 ** bit)} (a bit not in PROT) fails with EINVAL and leaves the mapping writable`,
    clauses: ['ABI.FLAGS.UNKNOWN'],
    build({ p }) {
      const base = p.variable();
      mmapPlaced(p, base, PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      mprotect(p, base, PAGE, BigInt(PROT_READ) | (1n << BigInt(bit)));
      expectErrno(p, `mprotect with prot bit ${bit}`, 'EINVAL', ['ABI.FLAGS.UNKNOWN']);
      storeDword(p, base, 0, MARK);
      loadDword(p, 0, base, 0);
      p.expectEq('the mapping is still writable', ['ABI.FLAGS.UNKNOWN'], MARK);
    },
  });
}

interface Unmapped {
  readonly name: string;
  readonly text: string;
  /** Sets up the range: x`t` = its start, returns its length; a mapped part (if any) is RW at x`t`. */
  readonly make: (p: CaseProgram, t: number) => number;
  readonly mappedPart: boolean;
}

const UNMAPPED_RANGES: readonly Unmapped[] = [
  { name: 'low', text: 'a low unmapped address', make: (p, t) => (p.a.movImm(t, 0x1000), PAGE), mappedPart: false },
  { name: 'free-area', text: 'a free range of the mapping area', make: (p, t) => (p.a.movImm(t, FIXED_ADDR), 2 * PAGE), mappedPart: false },
  { name: 'image-gap', text: 'the gap between the image data and the stack', make: (p, t) => (p.a.movImm(t, DATA_BASE + DATA_SIZE + 16 * PAGE), PAGE), mappedPart: false },
  { name: 'above-break', text: 'the heap base with no heap grown', make: (p, t) => (p.a.movImm(t, HEAP_BASE), PAGE), mappedPart: false },
  { name: 'va-end', text: 'USER_VA_END', make: (p, t) => (p.a.movImm(t, VA_END), PAGE), mappedPart: false },
  { name: 'high', text: 'an address above the user range', make: (p, t) => (p.a.movImm(t, 2n ** 40n), PAGE), mappedPart: false },
  {
    name: 'mapping-then-hole', text: 'a mapped page followed by an unmapped one', mappedPart: true,
    make: (p, t) => {
      mmap(p, null, FIXED_ADDR, PAGE, RW, ANON | MAP_FIXED);
      p.expectEq('MAP_FIXED mmap of a free page returns the address asked for', ['MM.MMAP.FIXED.RANGE'], FIXED_ADDR);
      p.a.movImm(t, FIXED_ADDR);
      return 2 * PAGE;
    },
  },
  {
    name: 'hole-then-mapping', text: 'an unmapped page followed by a mapped one', mappedPart: true,
    make: (p, t) => {
      mmap(p, null, FIXED_ADDR + PAGE, PAGE, RW, ANON | MAP_FIXED);
      p.expectEq('MAP_FIXED mmap of a free page returns the address asked for', ['MM.MMAP.FIXED.RANGE'], FIXED_ADDR + PAGE);
      p.a.movImm(t, FIXED_ADDR);
      return 2 * PAGE;
    },
  },
  {
    name: 'mapping-hole-mapping', text: 'two mappings with an unmapped page between them', mappedPart: true,
    make: (p, t) => {
      mmap(p, null, FIXED_ADDR, PAGE, RW, ANON | MAP_FIXED);
      p.expectEq('MAP_FIXED mmap of the first page returns the address asked for', ['MM.MMAP.FIXED.RANGE'], FIXED_ADDR);
      mmap(p, null, FIXED_ADDR + 2 * PAGE, PAGE, RW, ANON | MAP_FIXED);
      p.expectEq('MAP_FIXED mmap of the third page returns the address asked for', ['MM.MMAP.FIXED.RANGE'], FIXED_ADDR + 2 * PAGE);
      p.a.movImm(t, FIXED_ADDR);
      return 3 * PAGE;
    },
  },
  {
    name: 'heap-past-break', text: 'the heap page and the page above the break', mappedPart: true,
    make: (p, t) => {
      expectInitialBreak(p);
      sbrk(p, PAGE, HEAP_BASE, ['MM.SBRK.GROW']);
      p.a.movImm(t, HEAP_BASE);
      return 2 * PAGE;
    },
  },
  {
    name: 'stack-below', text: 'the lowest stack page and the page below it', mappedPart: false,
    make: (p, t) => (p.a.movImm(t, STACK_LOW - PAGE), 2 * PAGE),
  },
];

function mprotectUnmapped(r: Unmapped, prot: number): CaseDef {
  return derivedCase(AREA, {
    id: `errors/mprotect/unmapped/${r.name}/${protName(prot)}`,
    description: `mprotect of ${r.text} to ${protText(prot)} fails with ENOMEM${r.mappedPart ? ' and leaves the mapped part RW' : ''}`,
    clauses: ['MM.MPROTECT.UNMAPPED'],
    build({ p }) {
      const t = p.variable();
      const prober = r.mappedPart ? new Prober(p) : null;
      const len = r.make(p, t.n);
      mprotect(p, t, len, prot);
      expectErrno(p, `mprotect of ${r.text}`, 'ENOMEM', ['MM.MPROTECT.UNMAPPED']);
      if (prober) {
        const mappedAt = p.variable();
        addr(p, mappedAt.n, t.n, r.name === 'hole-then-mapping' ? PAGE : 0);
        prober.probe(mappedAt, 'write', { kind: 'ok', value: 0n, readBack: true }, 'the mapped part after the failed mprotect', ['MM.MPROTECT.UNMAPPED']);
      }
    },
  });
}

/** mprotect's length rounds up to pages: length 1 changes the whole page, and only it. */
function mprotectRoundUp(which: 'changed' | 'next', len: number): CaseDef {
  return derivedCase(AREA, {
    id: `errors/mprotect/round-up/${len}/${which}`,
    description: `mprotect of ${len} byte(s) to PROT_READ changes the whole page: ${which === 'changed' ? 'its last byte is no longer writable' : 'the next page stays writable'}`,
    clauses: ['MM.MPROTECT.CHANGE'],
    build({ p }) {
      const base = p.variable();
      const t = p.variable();
      const prober = new Prober(p);
      mmapPlaced(p, base, 2 * PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      mprotect(p, base, len, PROT_READ);
      expectZero(p, `mprotect of ${len} byte(s) to PROT_READ`, ['MM.MPROTECT.CHANGE']);
      if (which === 'changed') {
        p.mov(t.n, base.n);
        prober.probe(t, 'write-end', { kind: 'fault', signal: SIGSEGV }, 'the page mprotect rounded up to', ['MM.MPROTECT.CHANGE']);
      } else {
        addr(p, t.n, base.n, PAGE);
        prober.probe(t, 'write', { kind: 'ok', value: 0n, readBack: true }, 'the page after it', ['MM.MPROTECT.CHANGE'], { parentKeeps: 0n });
      }
    },
  });
}

// ---- mmap_file -----------------------------------------------------------------------------

interface BadHandle {
  readonly name: string;
  readonly text: string;
  readonly errno: 'EBADF' | 'EACCES' | 'EINVAL';
  readonly clauses: readonly string[];
  /** Leaves the fd in x`fd`. */
  readonly make: (p: CaseProgram, fd: number) => void;
  readonly len?: number;
}

function openInto(p: CaseProgram, fd: number, path: string, flags: number): void {
  p.sys('open', p.str(path), flags, 0o644);
  p.mov(fd, 0);
  p.expectCmp(`open(${path}) succeeds`, ['FS.OPEN.FLAGVALUES'], 'ge', 0, fd);
}

const BAD_HANDLES: readonly BadHandle[] = [
  { name: 'negative', text: 'fd -1', errno: 'EBADF', clauses: ['FD.BADF'], make: (p, fd) => p.a.movImm(fd, -1n) },
  { name: 'not-open', text: 'an fd that is not open', errno: 'EBADF', clauses: ['FD.BADF'], make: (p, fd) => p.a.movImm(fd, 40) },
  { name: 'huge', text: 'fd 2^31-1', errno: 'EBADF', clauses: ['FD.BADF'], make: (p, fd) => p.a.movImm(fd, 0x7fff_ffff) },
  {
    name: 'closed', text: 'a closed handle', errno: 'EBADF', clauses: ['FD.BADF'],
    make: (p, fd) => {
      openInto(p, fd, FILE_PATH, 0);
      p.sys('close', new Reg(fd));
      p.expectEq('close returns 0', ['FD.CLOSE.RELEASE'], 0);
    },
  },
  { name: 'console', text: 'the console (fd 0)', errno: 'EACCES', clauses: ['MM.MMAPFILE.ERRNO', 'FD.KIND.WRONG'], make: (p, fd) => p.a.movImm(fd, 0) },
  { name: 'directory', text: 'a directory handle (/etc)', errno: 'EACCES', clauses: ['MM.MMAPFILE.ERRNO', 'FD.KIND.WRONG'], make: (p, fd) => openInto(p, fd, '/etc', 0) },
  { name: 'dev-zero', text: 'a /dev file (/dev/zero)', errno: 'EACCES', clauses: ['MM.MMAPFILE.TMPFS'], make: (p, fd) => openInto(p, fd, '/dev/zero', 0) },
  {
    name: 'tmpfs', text: 'a tmpfs file with data (/tmp)', errno: 'EACCES', clauses: ['MM.MMAPFILE.TMPFS'],
    make: (p, fd) => {
      openInto(p, fd, '/tmp/memory-map.bin', O_CREAT | O_RDWR);
      const data = p.bytes(new Uint8Array(64).fill(7), 1);
      p.sys('write', new Reg(fd), data, 64);
      p.expectEq('write of 64 bytes to the tmpfs file returns 64', ['FD.WRITE.OFFSET'], 64);
    },
  },
  {
    name: 'pipe', text: 'a pipe read end', errno: 'EACCES', clauses: ['MM.MMAPFILE.ERRNO', 'FD.KIND.WRONG'],
    make: (p, fd) => {
      const fds = p.space(8, 8);
      p.sys('pipe', fds);
      p.expectEq('pipe returns 0', ['FD.PIPE.ENDS'], 0);
      p.loadInt(fd, fds);
    },
  },
  {
    name: 'empty-file', text: 'an empty base-image file', errno: 'EINVAL', clauses: ['MM.MMAPFILE.EMPTY'],
    make: (p, fd) => openInto(p, fd, EMPTY_PATH, 0),
  },
  {
    name: 'zero-length', text: 'a base-image file with length 0', errno: 'EINVAL', clauses: ['ABI.LENGTH.BOUNDS'], len: 0,
    make: (p, fd) => openInto(p, fd, FILE_PATH, 0),
  },
];

function mmapFileBad(h: BadHandle): CaseDef {
  return derivedCase(AREA, {
    id: `errors/mmap-file/${h.name}`,
    description: `mmap_file of ${h.text} fails with ${h.errno}`,
    clauses: h.clauses,
    build({ p, file }) {
      file(...dataFiles());
      const fd = p.variable();
      h.make(p, fd.n);
      p.sys('mmap_file', fd, h.len ?? PAGE, PROT_READ);
      expectErrno(p, `mmap_file of ${h.text}`, h.errno, [...h.clauses, ...MAP_RESULT_CLAUSES]);
    },
  });
}

export function errorCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const [flags, name] of [[ANON, 'anon'], [ANON | MAP_FIXED, 'fixed'], [ANON | MAP_FIXED_NOREPLACE, 'noreplace']] as const) {
    for (const prot of [PROT_NONE, PROT_READ, RW, RX]) out.push(mmapZeroLength(prot, flags, name));
  }
  const protKnown = knownBits('PROT');
  const flagsKnown = knownBits('MAP_FLAGS');
  for (let bit = 0; bit < 32; bit++) if ((protKnown & 2 ** bit) === 0) out.push(mmapUnknownProt(bit));
  for (let bit = 0; bit < 32; bit++) if ((flagsKnown & 2 ** bit) === 0) out.push(mmapUnknownFlag(bit));
  for (const [flags, name] of NOT_ANON_PRIVATE) for (const prot of [PROT_NONE, RW]) out.push(mmapNotAnonPrivate(flags, name, prot));
  for (const offset of [1, 8, 0x800, 0xfff]) {
    out.push(mmapMisaligned(offset, MAP_FIXED, 'map-fixed'));
    out.push(mmapMisaligned(offset, MAP_FIXED_NOREPLACE, 'map-fixed-noreplace'));
  }
  const hints: readonly [bigint, string][] = [
    [BigInt(FIXED_ADDR + 1), 'misaligned'], [BigInt(FIXED_ADDR + 0xfff), 'misaligned-fff'], [0x1000n, 'low'], [BigInt(VA_MIN), 'image'],
    [BigInt(HEAP_BASE), 'heap'], [BigInt(VA_END), 'va-end'], [2n ** 40n, 'high'], [2n ** 64n - P, 'top-of-64-bit'],
  ];
  for (const [hint, name] of hints) out.push(mmapHint(hint, name));
  const ignored: readonly [number, bigint, string][] = [[-1, 0n, 'minus-1'], [0, 0n, 'fd-0'], [7, 0x1234n, 'fd-7'], [1000, -1n, 'fd-1000'], [2, 2n ** 40n, 'fd-2-high-offset']];
  for (const [fd, offset, name] of ignored) out.push(mmapIgnoredArgs(fd, offset, name));
  for (const offset of [1, 8, 0x800, 0xfff]) out.push(munmapMisaligned(offset));
  out.push(munmapZeroLength());
  for (const r of OUTSIDE_AREA) out.push(munmapOutside(r));
  for (const kind of ['free-page', 'around-mapping', 'twice', 'whole-area'] as const) out.push(munmapHoles(kind));
  for (const len of [1, PAGE - 1]) for (const which of ['removed', 'next'] as const) out.push(munmapRoundUp(which, len));
  for (const offset of [1, 8, 0x800, 0xfff]) out.push(mprotectMisaligned(offset));
  for (const prot of [PROT_NONE, PROT_READ, RX]) out.push(mprotectZeroLength(prot));
  for (let bit = 0; bit < 32; bit++) if ((protKnown & 2 ** bit) === 0) out.push(mprotectUnknownProt(bit));
  for (const r of UNMAPPED_RANGES) for (const prot of [PROT_READ, PROT_NONE]) out.push(mprotectUnmapped(r, prot));
  for (const len of [1, PAGE - 1]) for (const which of ['changed', 'next'] as const) out.push(mprotectRoundUp(which, len));
  for (const h of BAD_HANDLES) out.push(mmapFileBad(h));
  return out;
}
