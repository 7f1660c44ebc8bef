// The si_code a fault handler receives in x1 (SIG.FRAME.ENTRY, SIG.FAULT.CODE): SEGV_MAPERR (1)
// when nothing covers the address, SEGV_ACCERR (2) when a mapping's protection forbids the
// access; 1 for SIGILL, SIGTRAP and SIGBUS. Each case calls a function (or a bad target) with
// blr; the access in it faults; the handler records x0..x2 and resumes at the frame's x30, so
// the program carries on right after the call and checks what the handler was entered with.

import { constValue, layout } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CODE_BASE, DATA_BASE, type CaseProgram, type Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, expectWord, fn, lname, Recorder, restorer, sig, sigaction } from './kit.js';

const PAGE = constValue('ADDRESS_SPACE', 'PAGE_SIZE');
const MMAP_FLOOR = constValue('ADDRESS_SPACE', 'USER_MMAP_FLOOR');
const PROT_NONE = constValue('PROT', 'PROT_NONE');
const PROT_READ = constValue('PROT', 'PROT_READ');
const PROT_WRITE = constValue('PROT', 'PROT_WRITE');
const ANON = constValue('MAP_FLAGS', 'MAP_PRIVATE') | constValue('MAP_FLAGS', 'MAP_ANONYMOUS');
const SEGV_MAPERR = 1;
const SEGV_ACCERR = 2;
/** ILL_ILLOPC, TRAP_BRKPT and BUS_ADRALN are all 1 (SIG.FRAME.ENTRY). */
const CODE_ONE = 1;

const FRAME = layout('sigframe');
function frameOffset(name: string): number {
  const f = FRAME.fields.find((x) => x.name === name);
  if (!f) throw new Error(`sigframe has no field ${name}`);
  return f.offset;
}
const FRAME_PC = frameOffset('pc');
const FRAME_X30 = frameOffset('x') + 8 * 30;

/** A page the program never maps, well inside the mapping area (MM.LAYOUT). */
const HOLE = MMAP_FLOOR + 0x10_0000;

type Access = 'load' | 'store' | 'call';

/** Where the access goes: an address in `target` once `setup` ran. */
interface Region {
  readonly name: string;
  readonly text: string;
  readonly setup: (p: CaseProgram, target: Reg) => void;
  /** Clauses of the set-up. */
  readonly clauses: readonly string[];
  /** The code per access; absent when the access does not fault there. */
  readonly code: Partial<Record<Access, number>>;
}

function fixed(addr: number | bigint): Pick<Region, 'setup' | 'clauses'> {
  return { setup: (p, target) => void p.a.movImm(target.n, addr), clauses: [] };
}

function mapped(prot: number, then?: 'munmap' | 'mprotect-none'): Pick<Region, 'setup' | 'clauses'> {
  return {
    setup(p, target) {
      p.sys('mmap', 0, PAGE, prot, ANON, -1, 0).save(target);
      p.expectCmp('set-up: mmap returns an address', ['MM.MMAP.ANON'], 'ge', 0, target);
      if (then === 'munmap') p.sys('munmap', target, PAGE).expectEq('set-up: munmap returns 0', ['MM.MUNMAP.FREE'], 0);
      if (then === 'mprotect-none') p.sys('mprotect', target, PAGE, PROT_NONE).expectEq('set-up: mprotect(PROT_NONE) returns 0', ['MM.MPROTECT.CHANGE'], 0);
    },
    clauses: ['MM.MMAP.ANON', ...(then === 'munmap' ? ['MM.MUNMAP.FREE'] : then === 'mprotect-none' ? ['MM.MPROTECT.CHANGE'] : [])],
  };
}

const MAPERR_ALL = { load: SEGV_MAPERR, store: SEGV_MAPERR, call: SEGV_MAPERR } as const;
const ACCERR_ALL = { load: SEGV_ACCERR, store: SEGV_ACCERR, call: SEGV_ACCERR } as const;

const REGIONS: readonly Region[] = [
  { name: 'below-image', text: 'address 0x1000, below every user mapping', ...fixed(0x1000), code: MAPERR_ALL },
  { name: 'hole', text: `a never-mapped page in the mapping area (0x${HOLE.toString(16)})`, ...fixed(HOLE), code: MAPERR_ALL },
  { name: 'kernel-half', text: 'a kernel-half address', ...fixed(0xffff_8000_0000_0000n), code: { load: SEGV_MAPERR, store: SEGV_MAPERR } },
  { name: 'munmapped', text: 'a page mapped and then unmapped', ...mapped(PROT_READ | PROT_WRITE, 'munmap'), code: MAPERR_ALL },
  { name: 'code', text: 'the program\'s own code (R-X)', ...fixed(CODE_BASE), code: { store: SEGV_ACCERR } },
  { name: 'data', text: 'the program\'s data segment (RW-)', ...fixed(DATA_BASE), code: { call: SEGV_ACCERR } },
  { name: 'prot-none', text: 'a PROT_NONE mapping', ...mapped(PROT_NONE), code: ACCERR_ALL },
  { name: 'read-only', text: 'a PROT_READ mapping', ...mapped(PROT_READ), code: { store: SEGV_ACCERR, call: SEGV_ACCERR } },
  { name: 'protected-none', text: 'an RW mapping mprotect-ed to PROT_NONE', ...mapped(PROT_READ | PROT_WRITE, 'mprotect-none'), code: ACCERR_ALL },
];

const ACCESS_TEXT: Readonly<Record<Access, string>> = { load: 'a 64-bit load from', store: 'a 64-bit store to', call: 'a call (blr) to' };

/** The handler's resume: the frame's PC becomes its x30, the return address of the faulting call. */
function resumeAtX30(p: CaseProgram): void {
  p.a.inst('LDR_X_uoff', { Rt: 10, Rn: 2, imm12: FRAME_X30 / 8 });
  p.a.inst('STR_X_uoff', { Rt: 10, Rn: 2, imm12: FRAME_PC / 8 });
}

/** What raises the fault: a blr to `target` (the signal's code and what is called). */
interface Raise {
  readonly signo: number;
  readonly code: number;
  readonly what: string;
  readonly clauses: readonly string[];
  /** Emits the set-up and the faulting blr. */
  readonly emit: (p: CaseProgram) => void;
}

function faultCase(id: string, r: Raise): CaseDef {
  const codeName = r.signo === sig('SIGSEGV') ? (r.code === SEGV_MAPERR ? 'SEGV_MAPERR' : 'SEGV_ACCERR') : `${r.code}`;
  const clauses = [
    'SIG.FAULT.CODE', 'SIG.FRAME.ENTRY', 'SIG.FAULTS', 'SIG.FAULT.THREAD', 'SIG.DELIVER.FRAME', 'SIG.ACTION.RECORD', 'SIG.RETURN.RESTORE',
    ...(r.signo === sig('SIGSEGV') ? ['MM.FAULT.SIGSEGV'] : []), ...r.clauses,
  ];
  return derivedCase(AREA, {
    id: `fault-code/${id}`,
    description: `${r.what} raises ${lname(r.signo).toUpperCase()}; the handler is entered with x1 = ${codeName} (${r.code})`,
    clauses,
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p, { extra: () => resumeAtX30(p) });
      sigaction(p, r.signo, rec.address, rest);
      p.expectEq('sigaction returns 0', ['SIG.ACTION.RECORD'], 0);
      r.emit(p);
      expectWord(p, 'the handler ran once and the program resumed after the faulting call', ['SIG.DELIVER.FRAME', 'SIG.RETURN.RESTORE', 'SIG.FAULTS'], rec.count, 1);
      expectWord(p, `the handler got x0 = ${lname(r.signo).toUpperCase()}`, ['SIG.FRAME.ENTRY', 'SIG.FAULTS', 'SIG.FAULT.THREAD'], rec.entry(0).x0, r.signo);
      expectWord(p, `the handler got x1 = ${codeName} (${r.code})`, ['SIG.FAULT.CODE', 'SIG.FRAME.ENTRY', ...(r.signo === sig('SIGSEGV') ? ['MM.FAULT.SIGSEGV'] : [])], rec.entry(0).x1, r.code);
    },
  });
}

function segvCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const region of REGIONS) {
    for (const access of ['load', 'store', 'call'] as const) {
      const code = region.code[access];
      if (code === undefined) continue;
      out.push(faultCase(`${region.name}/${access}`, {
        signo: sig('SIGSEGV'),
        code,
        what: `${ACCESS_TEXT[access]} ${region.text}`,
        clauses: region.clauses,
        emit(p) {
          const target = p.variable();
          region.setup(p, target);
          if (access === 'call') {
            p.a.blr(target.n);
            return;
          }
          const faulter = fn(p, () => {
            if (access === 'load') p.a.inst('LDR_X_uoff', { Rt: 0, Rn: target.n, imm12: 0 });
            else p.a.inst('STR_X_uoff', { Rt: target.n, Rn: target.n, imm12: 0 });
            p.a.ret();
          });
          p.a.movImm(16, faulter).blr(16);
        },
      }));
    }
  }
  return out;
}

/** Other synchronous faults: their handlers get 1 in x1 (SIG.FRAME.ENTRY). */
function otherCases(): CaseDef[] {
  const inFunction = (body: (p: CaseProgram) => void) => (p: CaseProgram): void => {
    const f = fn(p, () => {
      body(p);
      p.a.ret();
    });
    p.a.movImm(16, f).blr(16);
  };
  return [
    faultCase('sigill/udf', {
      signo: sig('SIGILL'), code: CODE_ONE, what: 'an undefined instruction (udf)', clauses: [],
      emit: inFunction((p) => void p.a.inst('UDF', { imm16: 0 })),
    }),
    faultCase('sigtrap/brk', {
      signo: sig('SIGTRAP'), code: CODE_ONE, what: 'brk #7', clauses: [],
      emit: inFunction((p) => void p.a.brk(7)),
    }),
    faultCase('sigbus/misaligned-pc', {
      signo: sig('SIGBUS'), code: CODE_ONE, what: 'a call to an address that is not a multiple of 4', clauses: [],
      emit(p) {
        const f = fn(p, () => p.a.ret());
        p.a.movImm(16, f + 2).blr(16);
      },
    }),
  ];
}

export function faultCodeCases(): CaseDef[] {
  return [...segvCases(), ...otherCases()];
}
