// uvthreadstackprobe: uv_thread_create_ex with a stack size. libuv rounds the size up to whole
// pages (getpagesize), maps the stack (optionally under a PROT_NONE guard page) and passes its top
// to the thread. The thread checks its entry registers (THR.CREATE.REGS), touches every page of
// its stack from the top down, and the main thread finds the marks. Bad tops and entries fail
// with the documented errors. getrlimit(RLIMIT_STACK) has no syscall here and is not reproduced.

import { errnoNumber } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CaseProgram, DATA_BASE } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses, controlled, quantum, RR, type Sched } from './common.js';
import {
  add, bumpAndWake, cmp, fn, ldr64, load32, MAP_ANON_PRIVATE, PAGE, PROT_NONE, PROT_READ, PROT_RW, r, str64, waitUntilEq,
} from './guest.js';

// Per-thread record: the thread fills 0..31, main fills 32..47.
const REC_X0 = 0;
const REC_SP = 8;
const REC_X30 = 16;
const REC_OR = 24;
const REC_BOTTOM = 32;
const REC_SIZE = 64;

interface StackCase {
  readonly requested: number;
  readonly guard: boolean;
  /** Bytes between the end of the mapping and stack_top (a multiple of 16). */
  readonly topGap: number;
  readonly threads: number;
  readonly sched: Sched;
}

const REGS = ['THR.CREATE.REGS', 'THR.CREATE.SHARE', 'THR.CREATE.STACK', 'THR.EXIT.THREAD', 'MM.MMAP.RETURN', 'MM.MMAP.ZERO', 'THR.FUTEX.WAIT', 'THR.FUTEX.WAKE'];

function stackCase(c: StackCase): CaseDef {
  const pages = Math.ceil(c.requested / PAGE);
  const mapBytes = (pages + (c.guard ? 1 : 0)) * PAGE;
  const touched = Math.floor((pages * PAGE - c.topGap - 16) / PAGE) + 1;
  return derivedCase(AREA, {
    id: `stack/req${c.requested}${c.guard ? '-guard' : ''}-gap${c.topGap}-t${c.threads}-${c.sched.tag}`,
    description: `uv_thread_create_ex with a ${c.requested}-byte stack (${pages} pages${c.guard ? ' over a PROT_NONE guard' : ''}, top ${c.topGap} bytes below the end), ${c.threads} thread(s): entry registers as documented, ${touched} stack pages written by each thread are seen by main (${c.sched.text})`,
    clauses: clauses(REGS, c.guard ? ['MM.MPROTECT.CHANGE'] : []),
    build({ p }) {
      const recs = p.space(REC_SIZE * c.threads, 16);
      const finished = p.space(4);
      const entry = fn(p, () => {
        // x0 = the record; SP = stack_top. Save what the thread was started with before touching anything.
        p.a.inst('STR_X_uoff', { Rt: 30, Rn: 0, imm12: REC_X30 / 8 });
        p.a.inst('STR_X_uoff', { Rt: 0, Rn: 0, imm12: REC_X0 / 8 });
        p.a.movSp(30, 31);
        p.a.inst('STR_X_uoff', { Rt: 30, Rn: 0, imm12: REC_SP / 8 });
        p.a.movImm(30, 0);
        for (let reg = 1; reg <= 29; reg++) p.a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: reg, imm6: 0, Rn: 30, Rd: 30 });
        p.a.inst('STR_X_uoff', { Rt: 30, Rn: 0, imm12: REC_OR / 8 });
        // touch every page from stack_top - 16 down to the bottom of the usable stack
        p.mov(19, 0);
        ldr64(p, 20, 19, REC_BOTTOM);
        p.a.movSp(21, 31);
        p.a.subImm(21, 21, 16);
        const loop = p.a.here();
        const done = p.a.label();
        cmp(p, 21, 20);
        p.a.bcond('cc', done);
        str64(p, 21, 21);
        p.a.subImm(21, 21, PAGE);
        p.a.b(loop);
        p.a.bind(done);
        bumpAndWake(p, 'lse', finished, 0);
        p.exit(0);
      });
      const bad = p.variable();
      const base = p.variable();
      const top = p.variable();
      p.a.movImm(bad.n, 0);
      const tops: number[] = [];
      for (let i = 0; i < c.threads; i++) {
        p.sys('mmap', 0, mapBytes, PROT_RW, MAP_ANON_PRIVATE, -1, 0);
        p.save(base);
        const mapped = p.a.label();
        p.a.tbz(0, 63, mapped);
        p.a.addImm(bad.n, bad.n, 1);
        p.a.bind(mapped);
        if (c.guard) {
          p.sys('mprotect', base, PAGE, PROT_NONE);
          const ok = p.a.label();
          p.a.cbz(0, ok);
          p.a.addImm(bad.n, bad.n, 1);
          p.a.bind(ok);
        }
        const rec = recs + REC_SIZE * i;
        p.a.movImm(9, rec);
        p.a.addImm(10, base.n, c.guard ? PAGE : 0);
        str64(p, 10, 9, REC_BOTTOM);
        p.a.movImm(10, mapBytes - c.topGap);
        add(p, top.n, base.n, 10);
        str64(p, top.n, 9, REC_BOTTOM + 8);
        p.sys('thread_create', entry, rec, top);
        const created = p.a.label();
        p.a.cmpImm(0, 0);
        p.a.bcond('gt', created);
        p.a.addImm(bad.n, bad.n, 1);
        p.a.bind(created);
        tops.push(rec);
      }
      p.expectEq(`${c.threads} stack(s) of ${mapBytes} bytes mapped${c.guard ? ', guard pages set' : ''} and threads created`, clauses(['MM.MMAP.RETURN', 'THR.CREATE.STACK'], c.guard ? ['MM.MPROTECT.CHANGE'] : []), 0, bad);
      waitUntilEq(p, finished, c.threads, 0);
      for (let i = 0; i < c.threads; i++) {
        const rec = recs + REC_SIZE * i;
        const who = c.threads > 1 ? `thread ${i}: ` : '';
        p.load(0, rec + REC_X0);
        p.expectEq(`${who}x0 at entry is the argument`, ['THR.CREATE.REGS'], rec);
        p.load(0, rec + REC_SP);
        p.load(1, rec + REC_BOTTOM + 8);
        sub0(p);
        p.expectEq(`${who}SP at entry is stack_top`, ['THR.CREATE.REGS'], 0);
        p.load(0, rec + REC_X30);
        p.expectEq(`${who}x30 at entry is 0`, ['THR.CREATE.REGS'], 0);
        p.load(0, rec + REC_OR);
        p.expectEq(`${who}x1..x29 at entry are all zero`, ['THR.CREATE.REGS'], 0);
        // the marks: each touched slot holds its own address
        p.a.movImm(bad.n, 0);
        p.load(top, rec + REC_BOTTOM + 8);
        p.a.subImm(top.n, top.n, 16);
        for (let k = 0; k < touched; k++) {
          ldr64(p, 9, top.n);
          const ok = p.a.label();
          cmp(p, 9, top.n);
          p.a.bcond('eq', ok);
          p.a.addImm(bad.n, bad.n, 1);
          p.a.bind(ok);
          p.a.subImm(top.n, top.n, PAGE);
        }
        p.expectEq(`${who}all ${touched} stack pages written by the thread are visible to main`, ['THR.CREATE.SHARE', 'MM.MMAP.ZERO'], 0, bad);
      }
      load32(p, 0, finished);
      p.expectEq('every thread ran to its exit', ['THR.EXIT.THREAD', 'THR.FUTEX.WAKE', 'THR.FUTEX.WAIT'], c.threads);
      return { boot: c.sched.boot };
    },
  });
}

/** rd = rn + value, for any value (uses x10). */
function addConst(p: CaseProgram, rd: number, rn: number, value: number): void {
  p.a.movImm(10, value);
  add(p, rd, rn, 10);
}

/** x0 = x0 - x1. */
function sub0(p: CaseProgram): void {
  p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: 1, imm6: 0, Rn: 0, Rd: 0 });
}

type BadTop = 'misaligned-8' | 'misaligned-4' | 'misaligned-1' | 'guard' | 'readonly' | 'unmapped' | 'zero' | 'exact16' | 'entry-data' | 'entry-misaligned';

function badTopCase(kind: BadTop): CaseDef {
  const expect: Record<BadTop, { errno: 'EINVAL' | 'EFAULT' | null; clause: string; text: string }> = {
    'misaligned-8': { errno: 'EINVAL', clause: 'ABI.ADDR.ALIGN', text: 'a stack_top 8 bytes off 16-byte alignment' },
    'misaligned-4': { errno: 'EINVAL', clause: 'ABI.ADDR.ALIGN', text: 'a stack_top 4 bytes off 16-byte alignment' },
    'misaligned-1': { errno: 'EINVAL', clause: 'ABI.ADDR.ALIGN', text: 'a stack_top 1 byte off 16-byte alignment' },
    guard: { errno: 'EFAULT', clause: 'THR.CREATE.STACK', text: 'a stack_top at the end of a PROT_NONE guard page' },
    readonly: { errno: 'EFAULT', clause: 'THR.CREATE.STACK', text: 'a stack_top over a read-only mapping' },
    unmapped: { errno: 'EFAULT', clause: 'THR.CREATE.STACK', text: 'a stack_top over an unmapped (munmap\'d) page' },
    zero: { errno: 'EFAULT', clause: 'THR.CREATE.STACK', text: 'stack_top 0' },
    exact16: { errno: null, clause: 'THR.CREATE.STACK', text: 'a stack_top with exactly 16 writable bytes below it' },
    'entry-data': { errno: 'EFAULT', clause: 'THR.CREATE.ENTRY', text: 'an entry in the (non-executable) data segment' },
    'entry-misaligned': { errno: 'EINVAL', clause: 'ABI.ADDR.ALIGN', text: 'an entry that is not 4-byte aligned' },
  };
  const e = expect[kind];
  return derivedCase(AREA, {
    id: `stack/bad/${kind}`,
    description: `thread_create with ${e.text} ${e.errno ? `fails ${e.errno}` : 'succeeds'}`,
    clauses: clauses([e.clause, 'MM.MMAP.RETURN'], kind === 'guard' || kind === 'readonly' ? ['MM.MPROTECT.CHANGE'] : [], kind === 'unmapped' ? ['MM.MUNMAP.FREE'] : [],
      e.errno ? [] : ['THR.EXIT.THREAD', 'THR.FUTEX.WAIT', 'THR.FUTEX.WAKE']),
    build({ p }) {
      const finished = p.space(4);
      const entry = fn(p, () => {
        bumpAndWake(p, 'lse', finished, 0);
        p.exit(0);
      });
      const base = p.variable();
      p.sys('mmap', 0, 2 * PAGE, PROT_RW, MAP_ANON_PRIVATE, -1, 0);
      p.save(base);
      p.expectCmp('mmap of two pages succeeds', ['MM.MMAP.RETURN'], 'ge', 0, base);
      let top: ReturnType<typeof r> | number = 0;
      let entryAt = entry;
      const top2 = p.variable();
      switch (kind) {
        case 'misaligned-8':
        case 'misaligned-4':
        case 'misaligned-1':
          addConst(p, top2.n, base.n, 2 * PAGE - Number(kind.split('-')[1]));
          top = top2;
          break;
        case 'guard':
        case 'readonly':
          p.sys('mprotect', base, PAGE, kind === 'guard' ? PROT_NONE : PROT_READ);
          p.expectEq('mprotect of the low page returns 0', ['MM.MPROTECT.CHANGE'], 0);
          addConst(p, top2.n, base.n, PAGE);
          top = top2;
          break;
        case 'unmapped':
          p.sys('munmap', base, PAGE);
          p.expectEq('munmap of the low page returns 0', ['MM.MUNMAP.FREE'], 0);
          addConst(p, top2.n, base.n, PAGE);
          top = top2;
          break;
        case 'zero':
          top = 0;
          break;
        case 'exact16':
          p.sys('mprotect', base, PAGE, PROT_NONE);
          addConst(p, top2.n, base.n, PAGE + 16);
          top = top2;
          break;
        case 'entry-data':
          entryAt = DATA_BASE;
          addConst(p, top2.n, base.n, 2 * PAGE);
          top = top2;
          break;
        case 'entry-misaligned':
          entryAt = entry + 2;
          addConst(p, top2.n, base.n, 2 * PAGE);
          top = top2;
          break;
      }
      p.sys('thread_create', entryAt, 0, top);
      if (e.errno) {
        p.expectEq(`thread_create fails ${e.errno}`, [e.clause], -errnoNumber(e.errno));
      } else {
        p.expectCmp('thread_create succeeds', [e.clause], 'gt', 0);
        waitUntilEq(p, finished, 1, 0);
        load32(p, 0, finished);
        p.expectEq('the thread, which uses no stack, ran and exited', ['THR.EXIT.THREAD', 'THR.FUTEX.WAIT', 'THR.FUTEX.WAKE'], 1);
      }
    },
  });
}

export function stackCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const scheds = [RR, quantum(43), controlled(41, 17)];
  let i = 0;
  for (const requested of [4096, 5000, 8192, 16384, 12289, 65536]) {
    for (const guard of [false, true]) {
      for (const topGap of [0, 16, 272, 4032]) {
        if (topGap >= requested - 16) continue;
        const threads = i % 4 === 3 ? 3 : 1;
        out.push(stackCase({ requested, guard, topGap, threads, sched: scheds[i % scheds.length]! }));
        i++;
      }
    }
  }
  for (const kind of ['misaligned-8', 'misaligned-4', 'misaligned-1', 'guard', 'readonly', 'unmapped', 'zero', 'exact16', 'entry-data', 'entry-misaligned'] as const) out.push(badTopCase(kind));
  return out;
}
