// uvatforkprobe: pthread_atfork prepare/parent/child ordering around fork, with other threads
// parked in futex waits. The handlers are libc-level; what the kernel contributes is that the
// prepare entries made before fork are in the child's copy of memory, the child's later entries
// never reach the parent, and the child holds only the forking thread (a futex wake there finds
// no waiter), while every thread of the parent carries on.

import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses, controlled, quantum, RR, type Sched } from './common.js';
import {
  bumpAndWake, countMismatch, fn, forkThen, futexWait, ldr32, ldr64, load32, r, store32, store64r, str32, sub, threadFinish,
  waitUntilEq, WAKE_ALL,
} from './guest.js';
import { expectStarted, joinWorkers, startWorkers, THREAD_PLUMBING } from './threaded.js';

interface AtforkCase {
  readonly parked: number;
  readonly forker: 'main' | 'thread';
  readonly handlers: number;
  readonly sched: Sched;
}

const PREPARE = 0x10;
const PARENT = 0x20;
const CHILD = 0x30;

function atforkCase(c: AtforkCase): CaseDef {
  const h = c.handlers;
  // pthread_atfork: prepare handlers run in reverse registration order, parent/child in order.
  const prepare = Array.from({ length: h }, (_, j) => PREPARE + h - j);
  const parentLog = [...prepare, ...Array.from({ length: h }, (_, j) => PARENT + j + 1)];
  const childLog = [...prepare, ...Array.from({ length: h }, (_, j) => CHILD + j + 1)];
  const workers = c.parked + (c.forker === 'thread' ? 1 : 0);
  return derivedCase(AREA, {
    id: `atfork/${c.forker}/parked${c.parked}-h${h}-${c.sched.tag}`,
    description: `fork from ${c.forker === 'main' ? 'the main thread' : 'a second thread'} with ${c.parked} threads parked in futex waits and ${h} atfork handler(s): the child is one thread with the prepare entries; the parent keeps all threads and never sees the child's entries (${c.sched.text})`,
    clauses: clauses(THREAD_PLUMBING, ['PROC.FORK.THREADS', 'PROC.FORK.MEMORY', 'PROC.FORK.RETURN', 'PROC.FORK.PARENT', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS',
      'PROC.WAIT.THREADS', 'THR.FUTEX.WAKE', 'THR.FUTEX.WAIT', 'THR.FUTEX.MISMATCH', 'THR.CREATE.SHARE', 'FD.INHERIT.FORK', 'FD.PIPE.ENDS', 'PROC.GETPID']),
    build({ p }) {
      const park = p.space(4);
      const parked = p.space(4);
      const finished = p.space(4);
      const forked = p.space(4);
      const childPid = p.space(8, 8);
      const logLen = p.space(4);
      const log = p.space(16);
      const wantChild = p.bytes(new Uint8Array(childLog.length ? childLog : [0]));
      const res = p.space(8, 8);
      const childBuf = p.space(8, 8);
      const readBuf = p.space(8, 8);
      const status = p.space(4);

      /** log[logLen++] = byte (uses x9..x11). */
      const append = (byte: number): void => {
        p.a.movImm(9, logLen);
        ldr32(p, 10, 9);
        p.a.movImm(11, log);
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: 11, Rd: 11 });
        p.a.movImm(12, byte).inst('STRB_uoff', { Rt: 12, Rn: 11, imm12: 0 });
        p.a.addImm(10, 10, 1, 0);
        str32(p, 10, 9);
      };
      /** The forking thread's part: prepare, fork; the child checks itself and exits; the parent logs. x0 = child pid after. */
      const forkSequence = (): void => {
        for (const b of prepare) append(b);
        forkThen(p, () => {
          p.a.movImm(14, 0);
          for (let j = 1; j <= h; j++) append(CHILD + j);
          if (h > 0) {
            p.a.movImm(9, log).movImm(10, wantChild);
            countMismatch(p, 9, 10, childLog.length, 14);
          }
          load32(p, 10, logLen);
          const lenOk = p.a.label();
          p.a.cmpImm(10, childLog.length, 0);
          p.a.bcond('eq', lenOk);
          p.a.addImm(14, 14, 8);
          p.a.bind(lenOk);
          // Only the forking thread was copied: nobody waits on the park word here.
          p.sys('futex', park, 1, WAKE_ALL);
          const none = p.a.label();
          p.a.cbz(0, none);
          p.a.addImm(14, 14, 16);
          p.a.bind(none);
          p.sys('getpid');
          store64r(p, 0, childBuf);
          p.a.movImm(9, res + 4).inst('LDRSW_uoff', { Rt: 15, Rn: 9, imm12: 0 });
          p.sys('write', r(15), childBuf, 8);
          const wrote = p.a.label();
          p.a.cmpImm(0, 8);
          p.a.bcond('eq', wrote);
          p.a.addImm(14, 14, 32);
          p.a.bind(wrote);
          p.exit(r(14));
        });
        p.mov(15, 0);
        for (let j = 1; j <= h; j++) append(PARENT + j);
        p.mov(0, 15);
      };

      p.sys('pipe', res);
      p.expectEq('pipe (the child report pipe) returns 0', ['FD.PIPE.ENDS'], 0);
      const entry = fn(p, () => {
        const forker = p.a.label();
        p.a.cmpImm(0, c.parked);
        p.a.bcond('hi', forker);
        // parked thread: announce, then wait until released
        bumpAndWake(p, 'lse', parked, 0);
        p.a.movImm(21, park);
        const wait = p.a.here();
        const go = p.a.label();
        ldr32(p, 9, 21);
        p.a.cbnz(9, go, 0);
        futexWait(p, 21, 9, 0);
        p.a.b(wait);
        p.a.bind(go);
        threadFinish(p, 'lse', finished, 0);
        // forking thread
        p.a.bind(forker);
        waitUntilEq(p, parked, c.parked, 0);
        forkSequence();
        store64r(p, 0, childPid);
        bumpAndWake(p, 'lse', forked, 0);
        threadFinish(p, 'lse', finished, 0);
      });
      const s = startWorkers(p, entry, Array.from({ length: workers }, (_, i) => i + 1));
      const child = p.variable();
      if (c.forker === 'main') {
        waitUntilEq(p, parked, c.parked, 0);
        forkSequence();
        p.save(child);
      } else {
        waitUntilEq(p, forked, 1, 0);
        p.load(child, childPid);
      }
      p.expectCmp('fork returned the child pid to the forking thread', ['PROC.FORK.RETURN'], 'gt', 0, child);
      p.a.movImm(9, res).inst('LDRSW_uoff', { Rt: 0, Rn: 9, imm12: 0 });
      p.sys('read', r(0), readBuf, 8);
      p.expectEq('the child reported its getpid through the inherited pipe', ['FD.INHERIT.FORK'], 8);
      p.a.movImm(9, readBuf);
      ldr64(p, 0, 9);
      sub(p, 0, 0, child.n);
      p.expectEq('the child\'s getpid is the pid fork returned', ['PROC.FORK.RETURN', 'PROC.GETPID'], 0);
      p.sys('waitpid', child, status, 0);
      sub(p, 0, 0, child.n);
      p.expectEq('the main thread reaps the child, also when another thread forked it', ['PROC.WAIT.REAP', 'PROC.FORK.PARENT', 'PROC.WAIT.THREADS'], 0);
      load32(p, 0, status);
      p.expectEq('the child exited 0: it saw the prepare entries, and its futex wake found no other thread', ['PROC.FORK.THREADS', 'PROC.FORK.MEMORY', 'THR.FUTEX.WAKE', 'PROC.WAIT.STATUS'], 0);
      load32(p, 0, logLen);
      p.expectEq(`the parent's log holds ${parentLog.length} entries: none of the child's`, ['PROC.FORK.MEMORY'], parentLog.length);
      if (h > 0) p.expectMem('the parent\'s log is prepare (reverse order) then parent handlers', ['PROC.FORK.MEMORY'], log, new Uint8Array(parentLog));
      store32(p, park, 1);
      p.sys('futex', park, 1, WAKE_ALL);
      joinWorkers(p, finished, workers, { at: 'lse', flag: 0 });
      expectStarted(p, s, workers);
      load32(p, 0, parked);
      p.expectEq(`all ${c.parked} parked threads were still there in the parent and finished`, ['PROC.FORK.THREADS', 'THR.FUTEX.WAIT', 'THR.FUTEX.WAKE'], c.parked);
      return { boot: c.sched.boot };
    },
  });
}

export function atforkCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const scheds = [RR, controlled(31, 29), quantum(67), controlled(32, 9)];
  let i = 0;
  for (const parked of [0, 1, 2, 4]) {
    for (const forker of ['main', 'thread'] as const) {
      for (const handlers of [0, 1, 3]) {
        for (const k of [0, 1]) out.push(atforkCase({ parked, forker, handlers, sched: scheds[(i + 2 * k) % scheds.length]! }));
        i++;
      }
    }
  }
  return out;
}
