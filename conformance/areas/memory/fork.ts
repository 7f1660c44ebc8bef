// fork copies the address space with the same protections (PROC.FORK.MEMORY): what either side
// does to its mappings afterwards (writes, mprotect, munmap, MAP_FIXED, new mappings, sbrk) does
// not reach the other. The child reports through its exit status; a pipe orders the parent's
// writes before the child's reads where needed.

import type { CaseDef } from '../../model.js';
import { Reg, type CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import type { Label } from '../../../cpu/asm/assembler.js';
import { expectInitialBreak, expectZero, mmap, mprotect, sbrk } from './calls.js';
import { ANON, AREA, FIXED_ADDR, HEAP_BASE, MAP_FIXED, MAP_FIXED_NOREPLACE, PAGE, PROT_NONE, PROT_READ, RW, SIGSEGV } from './consts.js';
import { diff, loadDword, storeDword } from './emit.js';
import { Prober } from './probe.js';
import { REGIONS, type Region } from './regions.js';

const BEFORE = 0x1111_2222_3333_4444n;
const AFTER = 0x5555_6666_7777_8888n;

/** Forks; the child runs `child` (branching to `fail` on a wrong result) and exits 0, or 1 on failure; the parent runs `parent`, then reaps and expects exit 0. */
function forked(p: CaseProgram, what: string, child: (fail: Label) => void, parent: () => void = () => undefined): void {
  const pid = p.variable();
  const status = p.space(8, 8);
  const a = p.a;
  p.sys('fork').save(pid);
  const childAt = a.label();
  const after = a.label();
  a.cbz(pid.n, childAt);
  p.expectCmp('fork returns the child pid in the parent', ['PROC.FORK.RETURN'], 'gt', 0, pid);
  parent();
  p.sys('waitpid', pid, status, 0);
  diff(p, 0, pid.n);
  p.expectEq('waitpid reaps the child', ['PROC.WAIT.REAP'], 0);
  p.loadInt(0, status);
  p.expectEq(`the child ${what} (it exits 0)`, ['PROC.FORK.MEMORY', 'PROC.WAIT.STATUS'], 0);
  a.b(after);
  a.bind(childAt);
  const fail = a.label();
  child(fail);
  p.exit(0);
  a.bind(fail);
  p.exit(1);
  a.bind(after);
}

/** Branches to `fail` unless x0 == value. */
function require(p: CaseProgram, value: number | bigint, fail: Label): void {
  p.a.movImm(10, BigInt.asUintN(64, BigInt(value)));
  p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: 0, Rd: 31 });
  p.a.bcond('ne', fail);
}

type Scenario = 'child-reads' | 'child-mprotect' | 'child-munmap' | 'child-fixed-over' | 'parent-writes-after';
/** What the child does, as the parent's assertion says it. */
const CHILD_TEXT: Readonly<Record<Scenario, string>> = {
  'child-reads': 'reads the data written before fork',
  'child-mprotect': 'makes its copy PROT_READ',
  'child-munmap': 'unmaps its copy',
  'child-fixed-over': 'maps a fresh page over its copy',
  'parent-writes-after': "still reads the old data after the parent's write",
};
const SCENARIO_TEXT: Readonly<Record<Scenario, string>> = {
  'child-reads': 'the child reads the data the parent wrote before fork',
  'child-mprotect': "the child's mprotect to PROT_READ leaves the parent's page writable",
  'child-munmap': "the child's munmap leaves the parent's page mapped with its data",
  'child-fixed-over': "the child's MAP_FIXED over the page leaves the parent's data",
  'parent-writes-after': "the parent's write after fork does not reach the child's copy",
};

function scenarioCase(region: Region, s: Scenario): CaseDef {
  return derivedCase(AREA, {
    id: `fork/${s}/${region.name}`,
    description: `${region.text}: ${SCENARIO_TEXT[s]}`,
    clauses: ['PROC.FORK.MEMORY', ...region.clauses],
    build({ p }) {
      const base = p.variable();
      region.make(p, base, 1);
      storeDword(p, base, 8, BEFORE);
      const fds = p.space(8, 8);
      if (s === 'parent-writes-after') {
        p.sys('pipe', fds);
        p.expectEq('pipe returns 0', ['FD.PIPE.ENDS'], 0);
      }
      const scratch = p.space(8, 8);
      forked(p, CHILD_TEXT[s], (fail) => {
        switch (s) {
          case 'child-reads':
            loadDword(p, 0, base, 8);
            require(p, BEFORE, fail);
            break;
          case 'child-mprotect':
            mprotect(p, base, PAGE, PROT_READ);
            require(p, 0, fail);
            break;
          case 'child-munmap':
            p.sys('munmap', base, PAGE);
            require(p, 0, fail);
            break;
          case 'child-fixed-over':
            mmap(p, null, base, PAGE, RW, ANON | MAP_FIXED);
            diff(p, 0, base.n);
            require(p, 0, fail);
            break;
          case 'parent-writes-after': {
            p.loadInt(12, fds);
            p.sys('read', new Reg(12), scratch, 1);
            require(p, 1, fail);
            loadDword(p, 0, base, 8);
            require(p, BEFORE, fail);
            break;
          }
        }
      }, () => {
        if (s === 'parent-writes-after') {
          storeDword(p, base, 8, AFTER);
          p.loadInt(12, fds + 4);
          p.sys('write', new Reg(12), scratch, 1);
          p.expectEq('the parent writes one byte to the pipe', ['FD.WRITE.OFFSET'], 1);
        }
      });
      if (s === 'child-mprotect') {
        storeDword(p, base, 0, AFTER);
        loadDword(p, 0, base, 0);
        p.expectEq("the parent's page is still writable", ['PROC.FORK.MEMORY'], AFTER);
      } else if (s !== 'child-reads') {
        loadDword(p, 0, base, 8);
        p.expectEq("the parent's page keeps its data", ['PROC.FORK.MEMORY'], s === 'parent-writes-after' ? AFTER : BEFORE);
      }
    },
  });
}

function childSbrk(): CaseDef {
  return derivedCase(AREA, {
    id: 'fork/child-sbrk',
    description: "the child's sbrk moves only its own break: the parent's break is unchanged",
    clauses: ['PROC.FORK.MEMORY', 'MM.SBRK.RETURN', 'MM.SBRK.ZERO'],
    build({ p }) {
      expectInitialBreak(p);
      sbrk(p, PAGE, HEAP_BASE, ['MM.SBRK.GROW']);
      forked(p, 'grows its own break', (fail) => {
        p.sys('sbrk', 3 * PAGE);
        require(p, HEAP_BASE + PAGE, fail);
        p.sys('sbrk', 0);
        require(p, HEAP_BASE + 4 * PAGE, fail);
      });
      p.sys('sbrk', 0);
      p.expectEq("the parent's break is still one page above the base", ['PROC.FORK.MEMORY', 'MM.SBRK.ZERO'], HEAP_BASE + PAGE);
    },
  });
}

function childMmap(): CaseDef {
  return derivedCase(AREA, {
    id: 'fork/child-mmap',
    description: "a mapping the child makes after fork does not appear in the parent",
    clauses: ['PROC.FORK.MEMORY', 'MM.MMAP.NOREPLACE'],
    build({ p }) {
      forked(p, 'maps a page at a fixed address', (fail) => {
        mmap(p, null, FIXED_ADDR, PAGE, RW, ANON | MAP_FIXED_NOREPLACE);
        require(p, FIXED_ADDR, fail);
      });
      mmap(p, null, FIXED_ADDR, PAGE, RW, ANON | MAP_FIXED_NOREPLACE);
      p.expectEq("the range is still free in the parent: MAP_FIXED_NOREPLACE succeeds", ['PROC.FORK.MEMORY', 'MM.MMAP.FIXED.RANGE'], FIXED_ADDR);
    },
  });
}

function childCommitsReservation(): CaseDef {
  return derivedCase(AREA, {
    id: 'fork/child-commits-reservation',
    description: "the child inherits a PROT_NONE reservation and commits it; the parent's stays a reservation",
    clauses: ['PROC.FORK.MEMORY', 'MM.MMAP.NONE.RESERVE', 'MM.MPROTECT.COMMIT'],
    build({ p }) {
      const base = p.variable();
      const prober = new Prober(p);
      mmap(p, base, FIXED_ADDR, 2 * PAGE, PROT_NONE, ANON | MAP_FIXED);
      p.expectEq('MAP_FIXED PROT_NONE reservation returns the address asked for', ['MM.MMAP.FIXED.RANGE'], FIXED_ADDR, base);
      forked(p, 'commits the inherited reservation and uses it', (fail) => {
        mprotect(p, base, 2 * PAGE, RW);
        require(p, 0, fail);
        storeDword(p, base, PAGE, AFTER);
        loadDword(p, 0, base, PAGE);
        require(p, AFTER, fail);
      });
      prober.probe(base, 'read', { kind: 'fault', signal: SIGSEGV }, "the parent's reservation after the child committed its copy", ['PROC.FORK.MEMORY', 'MM.MMAP.NONE.RESERVE']);
    },
  });
}

function childSeesProtections(prot: number, name: string): CaseDef {
  return derivedCase(AREA, {
    id: `fork/child-inherits-reservation-commit/${name}`,
    description: `a reservation the parent committed ${name === 'r' ? 'PROT_READ' : 'RW'} before fork is committed in the child too`,
    clauses: ['PROC.FORK.MEMORY', 'MM.MPROTECT.COMMIT'],
    build({ p }) {
      const base = p.variable();
      mmap(p, base, FIXED_ADDR, 2 * PAGE, PROT_NONE, ANON | MAP_FIXED);
      p.expectEq('MAP_FIXED PROT_NONE reservation returns the address asked for', ['MM.MMAP.FIXED.RANGE'], FIXED_ADDR, base);
      mprotect(p, base, PAGE, RW);
      expectZero(p, 'mprotect of the first page to RW', ['MM.MPROTECT.COMMIT']);
      storeDword(p, base, 0, BEFORE);
      if (prot !== RW) {
        mprotect(p, base, PAGE, prot);
        expectZero(p, 'mprotect of the first page to PROT_READ', ['MM.MPROTECT.CHANGE']);
      }
      forked(p, 'reads the committed page', (fail) => {
        loadDword(p, 0, base, 0);
        require(p, BEFORE, fail);
      });
    },
  });
}

export function forkCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const scenarios: readonly Scenario[] = ['child-reads', 'child-mprotect', 'child-munmap', 'child-fixed-over', 'parent-writes-after'];
  // Heap and image pages lie outside the mapping area: munmap and MAP_FIXED cannot reach them (MM.MUNMAP.RANGE, MM.MMAP.FIXED.RANGE).
  const inArea = (r: Region): boolean => r.name !== 'heap' && r.name !== 'image-data';
  for (const region of REGIONS) {
    for (const s of scenarios) if (inArea(region) || (s !== 'child-munmap' && s !== 'child-fixed-over')) out.push(scenarioCase(region, s));
  }
  out.push(childSbrk(), childMmap(), childCommitsReservation(), childSeesProtections(RW, 'rw'), childSeesProtections(PROT_READ, 'r'));
  return out;
}
