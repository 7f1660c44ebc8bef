// W^X on every path (MM.WX.REJECT, MM.WX.ERRNO, MM.WX.ELF): mmap with any flags, mprotect of every
// kind of region, mmap_file, and ELF images with a writable and executable segment given to
// execve, spawn and spawn_handles.

import { writeElf } from '../../../cpu/elf/index.js';
import type { CaseDef } from '../../model.js';
import { CaseProgram, CODE_BASE, DATA_BASE, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { expectErrno, expectInitialBreak, expectZero, MAP_RESULT_CLAUSES, mmap, mmapPlaced, mprotect, openRead, sbrk } from './calls.js';
import {
  ANON, AREA, FIXED_ADDR, HEAP_BASE, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_NORESERVE, MMAP_FLOOR, MMAP_TOP, PAGE,
  PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE, protName, protText, RW, RX, SIGSEGV, STACK_TOP,
} from './consts.js';
import { addr } from './emit.js';
import { dataFiles, FILE_PATH, FILE_SIZE } from './files.js';
import { Prober, type Access } from './probe.js';

const WX = PROT_WRITE | PROT_EXEC;
const RWX = PROT_READ | WX;
const WX_PROTS = [WX, RWX];
const WX_CLAUSES = ['MM.WX.REJECT', 'MM.WX.ERRNO'];
const SEGV = { kind: 'fault', signal: SIGSEGV } as const;

/** After a rejected W|X call nothing is reserved at FIXED_ADDR: a MAP_FIXED_NOREPLACE mapping there succeeds. */
function expectStillFree(p: CaseProgram): void {
  mmap(p, null, FIXED_ADDR, PAGE, PROT_READ, ANON | MAP_FIXED_NOREPLACE);
  p.expectEq('afterwards the range is still free: a MAP_FIXED_NOREPLACE mapping there succeeds', ['MM.WX.REJECT', 'MM.MMAP.FIXED.RANGE'], FIXED_ADDR);
}

interface MmapVariant {
  readonly name: string;
  readonly text: string;
  readonly addr: number;
  readonly flags: number;
}

const MMAP_VARIANTS: readonly MmapVariant[] = [
  { name: 'anon', text: 'MAP_PRIVATE|MAP_ANONYMOUS', addr: 0, flags: ANON },
  { name: 'noreserve', text: 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE', addr: 0, flags: ANON | MAP_NORESERVE },
  { name: 'hint', text: 'a page-aligned hint in the free area', addr: FIXED_ADDR, flags: ANON },
  { name: 'fixed', text: 'MAP_FIXED on a free range', addr: FIXED_ADDR, flags: ANON | MAP_FIXED },
  { name: 'fixed-noreserve', text: 'MAP_FIXED|MAP_NORESERVE on a free range', addr: FIXED_ADDR, flags: ANON | MAP_FIXED | MAP_NORESERVE },
  { name: 'noreplace', text: 'MAP_FIXED_NOREPLACE on a free range', addr: FIXED_ADDR, flags: ANON | MAP_FIXED_NOREPLACE },
];
const LENGTHS: readonly { name: string; bytes: number }[] = [
  { name: '1-byte', bytes: 1 }, { name: '1-page', bytes: PAGE }, { name: '3-pages', bytes: 3 * PAGE },
];

function mmapWxCase(v: MmapVariant, prot: number, len: { name: string; bytes: number }): CaseDef {
  return derivedCase(AREA, {
    id: `wx/mmap/${v.name}/${protName(prot)}/${len.name}`,
    description: `mmap of ${len.name} with ${protText(prot)} and ${v.text} fails with EINVAL and maps nothing`,
    clauses: [...WX_CLAUSES, ...MAP_RESULT_CLAUSES],
    build({ p }) {
      mmap(p, null, v.addr, len.bytes, prot, v.flags);
      expectErrno(p, `mmap with ${protText(prot)}`, 'EINVAL', [...WX_CLAUSES, ...MAP_RESULT_CLAUSES]);
      expectStillFree(p);
    },
  });
}

/** W^X is a check of the prot argument, so it comes before the state check of a free range (ABI.CHECK.ORDER). */
function mmapWxHugeCase(prot: number, bytes: bigint, name: string): CaseDef {
  return derivedCase(AREA, {
    id: `wx/mmap-before-nospace/${protName(prot)}/${name}`,
    description: `mmap of 0x${bytes.toString(16)} bytes (no room) with ${protText(prot)} fails with EINVAL, not ENOMEM: the prot check comes before the space check`,
    clauses: [...WX_CLAUSES, 'ABI.CHECK.ORDER'],
    build({ p }) {
      mmap(p, null, 0, bytes, prot, ANON);
      expectErrno(p, `mmap of 0x${bytes.toString(16)} bytes with ${protText(prot)}`, 'EINVAL', [...WX_CLAUSES, 'ABI.CHECK.ORDER']);
    },
  });
}

interface MprotectTarget {
  readonly name: string;
  readonly text: string;
  readonly clauses: readonly string[];
  /** Sets `t` to the start of `pages` pages; returns the access that must still fault there afterwards. */
  make(p: CaseProgram, t: Reg): { pages: number; probe: Access };
  readonly files?: boolean;
}

function anonTarget(prot: number, probe: Access): MprotectTarget {
  return {
    name: `anon-${protName(prot)}`,
    text: `an anonymous ${protText(prot)} mapping`,
    clauses: [prot === PROT_NONE ? 'MM.MMAP.NONE.RESERVE' : 'MM.MMAP.ZERO'],
    make(p, t) {
      mmapPlaced(p, t, PAGE, prot, ANON, []);
      return { pages: 1, probe };
    },
  };
}

const MPROTECT_TARGETS: readonly MprotectTarget[] = [
  anonTarget(PROT_NONE, 'read'),
  anonTarget(PROT_READ, 'write'),
  anonTarget(RW, 'exec'),
  anonTarget(RX, 'write'),
  anonTarget(PROT_EXEC, 'write'),
  anonTarget(PROT_WRITE, 'exec'),
  {
    name: 'image-code', text: 'the first page of the image code segment (R|X)', clauses: ['MM.LAYOUT'],
    make(p, t) {
      p.a.movImm(t.n, CODE_BASE);
      return { pages: 1, probe: 'write' };
    },
  },
  {
    name: 'image-data', text: 'the first page of the image data segment (RW)', clauses: ['MM.LAYOUT'],
    make(p, t) {
      p.a.movImm(t.n, DATA_BASE);
      return { pages: 1, probe: 'exec' };
    },
  },
  {
    name: 'stack', text: 'the top page of the initial stack', clauses: ['MM.LAYOUT'],
    make(p, t) {
      p.a.movImm(t.n, STACK_TOP - PAGE);
      return { pages: 1, probe: 'exec' };
    },
  },
  {
    name: 'heap', text: 'a heap page', clauses: ['MM.SBRK.GROW'],
    make(p, t) {
      expectInitialBreak(p);
      sbrk(p, PAGE, HEAP_BASE, ['MM.SBRK.GROW']);
      p.a.movImm(t.n, HEAP_BASE);
      return { pages: 1, probe: 'exec' };
    },
  },
  {
    name: 'file', text: 'a PROT_READ file mapping', clauses: ['MM.MMAPFILE.BACKING'], files: true,
    make(p, t) {
      const fd = p.variable();
      openRead(p, fd, FILE_PATH);
      p.sys('mmap_file', fd, FILE_SIZE, PROT_READ).save(t);
      p.expectOk('mmap_file of the whole file succeeds', ['MM.MMAPFILE.BACKING', 'MM.MMAP.RETURN'], t);
      return { pages: 1, probe: 'write' };
    },
  },
  {
    name: 'span', text: 'two neighbouring mappings, RW then R|X', clauses: ['MM.MMAP.FIXED.RANGE', 'MM.MPROTECT.CHANGE'],
    make(p, t) {
      mmap(p, t, FIXED_ADDR, 2 * PAGE, RW, ANON | MAP_FIXED);
      p.expectEq('MAP_FIXED mmap of 2 free pages returns the address asked for', ['MM.MMAP.FIXED.RANGE'], FIXED_ADDR, t);
      addr(p, 12, t.n, PAGE);
      mprotect(p, new Reg(12), PAGE, RX);
      expectZero(p, 'mprotect of the second page to R|X', ['MM.MPROTECT.CHANGE']);
      return { pages: 2, probe: 'exec' };
    },
  },
  {
    name: 'partly-unmapped', text: 'a range whose second page is unmapped', clauses: ['MM.MPROTECT.UNMAPPED', 'ABI.CHECK.ORDER'],
    make(p, t) {
      mmap(p, t, FIXED_ADDR, PAGE, RW, ANON | MAP_FIXED);
      p.expectEq('MAP_FIXED mmap of a free page returns the address asked for', ['MM.MMAP.FIXED.RANGE'], FIXED_ADDR, t);
      return { pages: 2, probe: 'exec' };
    },
  },
];

function mprotectWxCase(target: MprotectTarget, prot: number): CaseDef {
  return derivedCase(AREA, {
    id: `wx/mprotect/${target.name}/${protName(prot)}`,
    description: `mprotect of ${target.text} to ${protText(prot)} fails with EINVAL and leaves the protection as it was`,
    clauses: [...WX_CLAUSES, ...target.clauses],
    build({ p, file }) {
      if (target.files) file(...dataFiles());
      const t = p.variable();
      const prober = new Prober(p);
      const { pages, probe } = target.make(p, t);
      mprotect(p, t, pages * PAGE, prot);
      expectErrno(p, `mprotect of ${target.text} to ${protText(prot)}`, 'EINVAL', [...WX_CLAUSES, ...target.clauses]);
      prober.probe(t, probe, SEGV, `after the rejected mprotect of ${target.text}`, WX_CLAUSES);
    },
  });
}

function mmapFileWxCase(prot: number, len: number, name: string): CaseDef {
  return derivedCase(AREA, {
    id: `wx/mmap-file/${protName(prot)}/${name}`,
    description: `mmap_file of a base-image file with ${protText(prot)} (${name}) fails with EINVAL`,
    clauses: ['MM.WX.REJECT', 'MM.MMAPFILE.PROT', 'MM.MMAPFILE.ERRNO'],
    build({ p, file }) {
      file(...dataFiles());
      const fd = p.variable();
      openRead(p, fd, FILE_PATH);
      p.sys('mmap_file', fd, len, prot);
      expectErrno(p, `mmap_file with ${protText(prot)}`, 'EINVAL', ['MM.WX.REJECT', 'MM.MMAPFILE.PROT', 'MM.MMAPFILE.ERRNO', ...MAP_RESULT_CLAUSES]);
    },
  });
}

// ---- ELF images --------------------------------------------------------------------------

const CHILD_EXIT = 42;
const CHILD_PATH = '/bin/memory-child';
const EXTRA_BASE = CODE_BASE + 0x80_0000;

interface ElfVariant {
  readonly name: string;
  readonly text: string;
  readonly wx: boolean;
  readonly segments: (code: Uint8Array) => Parameters<typeof writeElf>[0]['segments'];
}

const DATA = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const ELF_VARIANTS: readonly ElfVariant[] = [
  { name: 'code-rwx', text: 'its code segment R|W|X', wx: true, segments: (code) => [{ vaddr: CODE_BASE, data: code, writable: true, executable: true }] },
  { name: 'code-wx', text: 'its code segment W|X without R', wx: true, segments: (code) => [{ vaddr: CODE_BASE, data: code, readable: false, writable: true, executable: true }] },
  {
    name: 'data-rwx', text: 'its data segment R|W|X', wx: true,
    segments: (code) => [{ vaddr: CODE_BASE, data: code, executable: true }, { vaddr: DATA_BASE, data: DATA, memsz: PAGE, writable: true, executable: true }],
  },
  {
    name: 'extra-rwx', text: 'a third segment R|W|X', wx: true,
    segments: (code) => [
      { vaddr: CODE_BASE, data: code, executable: true }, { vaddr: DATA_BASE, data: DATA, writable: true },
      { vaddr: EXTRA_BASE, data: DATA, writable: true, executable: true },
    ],
  },
  {
    name: 'bss-wx', text: 'a zero-filled (bss) segment W|X', wx: true,
    segments: (code) => [{ vaddr: CODE_BASE, data: code, executable: true }, { vaddr: EXTRA_BASE, data: new Uint8Array(0), memsz: 2 * PAGE, readable: false, writable: true, executable: true }],
  },
  { name: 'control-rx-rw', text: 'R|X code and RW data (control)', wx: false, segments: (code) => [{ vaddr: CODE_BASE, data: code, executable: true }, { vaddr: DATA_BASE, data: DATA, writable: true }] },
  { name: 'control-x-only', text: 'X code without R and R-only data (control)', wx: false, segments: (code) => [{ vaddr: CODE_BASE, data: code, readable: false, executable: true }, { vaddr: DATA_BASE, data: DATA }] },
  {
    name: 'control-extra-rx', text: 'a third segment R|X (control)', wx: false,
    segments: (code) => [{ vaddr: CODE_BASE, data: code, executable: true }, { vaddr: EXTRA_BASE, data: DATA, executable: true }],
  },
];

function childElf(parent: CaseProgram, v: ElfVariant): Uint8Array {
  const child = parent.child();
  child.exit(CHILD_EXIT);
  return writeElf({ entry: CODE_BASE, align: PAGE, segments: v.segments(child.a.bytesOut()) });
}

type Launch = 'spawn' | 'spawn_handles' | 'execve';

function elfCase(v: ElfVariant, how: Launch): CaseDef {
  const clauses = v.wx ? ['MM.WX.ELF', 'PROC.EXEC.ORDER'] : ['PROC.EXEC.REPLACE'];
  return derivedCase(AREA, {
    id: `wx/elf/${v.name}/${how}`,
    description: v.wx
      ? `${how} of an ELF image with ${v.text} fails with ENOEXEC${how === 'execve' ? ' and the caller carries on' : ''}`
      : `${how} of an ELF image with ${v.text} runs it (it exits ${CHILD_EXIT})`,
    clauses: [...clauses, ...(how === 'execve' ? ['PROC.EXEC.FAILSAFE'] : ['PROC.SPAWN.STATUS'])],
    build({ p, file }) {
      file({ path: CHILD_PATH, data: childElf(p, v) });
      const path = p.str(CHILD_PATH);
      if (how === 'spawn' || how === 'spawn_handles') {
        if (how === 'spawn') p.sys('spawn', path, 0);
        else p.sys('spawn_handles', path, 0, 0, 0);
        if (v.wx) p.expectErrno(`${how} fails with ENOEXEC`, ['MM.WX.ELF', 'PROC.EXEC.ORDER'], 'ENOEXEC');
        else p.expectEq(`${how} returns the child's exit code ${CHILD_EXIT}`, ['PROC.SPAWN.STATUS', 'PROC.SPAWN.SYNC'], CHILD_EXIT);
        return;
      }
      if (v.wx) {
        p.sys('execve', path, 0, 0);
        p.expectErrno('execve fails with ENOEXEC', ['MM.WX.ELF', 'PROC.EXEC.ORDER'], 'ENOEXEC');
        p.sys('getpid').expectEq('the caller carries on as itself (getpid is 1)', ['PROC.EXEC.FAILSAFE', 'PROC.GETPID'], 1);
        return;
      }
      const pid = p.variable();
      const status = p.space(8, 8);
      p.sys('fork').save(pid);
      const parent = p.a.label();
      p.a.cbnz(pid.n, parent);
      p.sys('execve', path, 0, 0);
      p.exit(0x7f);
      p.a.bind(parent);
      p.sys('waitpid', pid, status, 0);
      p.loadInt(0, status);
      p.expectEq(`the forked child's execve ran the image: wait status exit ${CHILD_EXIT}`, ['PROC.EXEC.REPLACE', 'PROC.WAIT.STATUS'], CHILD_EXIT << 8);
    },
  });
}

export function wxCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const v of MMAP_VARIANTS) for (const prot of WX_PROTS) for (const len of LENGTHS) out.push(mmapWxCase(v, prot, len));
  const huge: readonly [bigint, string][] = [
    [BigInt(MMAP_TOP - MMAP_FLOOR + PAGE), 'area-plus-page'], [2n ** 40n, '2p40'], [2n ** 64n - BigInt(PAGE), 'max-page'],
  ];
  for (const prot of WX_PROTS) for (const [bytes, name] of huge) out.push(mmapWxHugeCase(prot, bytes, name));
  for (const target of MPROTECT_TARGETS) for (const prot of WX_PROTS) out.push(mprotectWxCase(target, prot));
  for (const prot of WX_PROTS) {
    for (const [len, name] of [[1, '1-byte'], [PAGE, '1-page'], [FILE_SIZE, 'whole-file']] as const) out.push(mmapFileWxCase(prot, len, name));
  }
  for (const v of ELF_VARIANTS) for (const how of ['spawn', 'spawn_handles', 'execve'] as const) out.push(elfCase(v, how));
  return out;
}
