// uvwakeprobe: uv_async_send's eventfd wake. Worker threads add to an eventfd the main loop
// created; the main thread waits in poll(POLLIN) (or a blocking read) and drains the counter
// until it has seen every unit. Afterwards the counter is empty: poll reports nothing and a
// non-blocking read fails EAGAIN.

import { constValue, errnoNumber } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses, controlled, quantum, RR, type Sched } from './common.js';
import {
  add, atomicAddConst, cmp, F_GETFD, F_GETFL, FD_CLOEXEC, fn, ldr64, ldrh, load32, O_NONBLOCK, POLLIN, r, store32r, threadFinish,
} from './guest.js';
import { expectStarted, joinWorkers, startWorkers, THREAD_PLUMBING } from './threaded.js';

const EFD_SEMAPHORE = constValue('EVENTFD_FLAGS', 'EFD_SEMAPHORE');
const EFD_NONBLOCK = constValue('EVENTFD_FLAGS', 'EFD_NONBLOCK');
const EFD_CLOEXEC = constValue('EVENTFD_FLAGS', 'EFD_CLOEXEC');

type WaitMode = 'poll' | 'poll-timeout' | 'read';

interface WakeCase {
  readonly workers: number;
  readonly sends: number;
  readonly flags: number;
  readonly mode: WaitMode;
  readonly sched: Sched;
}

function flagTag(f: number): string {
  const parts = [f & EFD_NONBLOCK ? 'nb' : '', f & EFD_SEMAPHORE ? 'sem' : '', f & EFD_CLOEXEC ? 'cloexec' : ''].filter(Boolean);
  return parts.length ? parts.join('.') : 'plain';
}

function flagText(f: number): string {
  const parts = [f & EFD_NONBLOCK ? 'EFD_NONBLOCK' : '', f & EFD_SEMAPHORE ? 'EFD_SEMAPHORE' : '', f & EFD_CLOEXEC ? 'EFD_CLOEXEC' : ''].filter(Boolean);
  return parts.length ? parts.join('|') : '0';
}

function wakeCase(c: WakeCase): CaseDef {
  const sem = (c.flags & EFD_SEMAPHORE) !== 0;
  const nb = (c.flags & EFD_NONBLOCK) !== 0;
  const cloexec = (c.flags & EFD_CLOEXEC) !== 0;
  const expected = (c.sends * c.workers * (c.workers + 1)) / 2;
  const readClause = sem ? 'EVT.READ.SEMAPHORE' : 'EVT.READ.COUNTER';
  const waitClauses = c.mode === 'read' ? ['EVT.READ.EMPTY'] : ['FD.POLL.EVENTFD', 'FD.POLL.RETURN', 'FD.POLL.READY'];
  const loopClauses = clauses(['THR.HANDLES.SHARED', 'EVT.WRITE.ADD', readClause], waitClauses);
  const timeout = c.mode === 'poll-timeout' ? 5000 : -1;
  return derivedCase(AREA, {
    id: `wake/w${c.workers}-k${c.sends}-${flagTag(c.flags)}-${c.mode}-${c.sched.tag}`,
    description: `${c.workers} worker threads each send ${c.sends} eventfd wakes (${flagText(c.flags)}); the main loop ${c.mode === 'read' ? 'blocks in read' : `polls (timeout ${timeout})`} and drains exactly ${expected} (${c.sched.text})`,
    clauses: clauses(THREAD_PLUMBING, loopClauses, ['EVT.CREATE', 'EVT.FLAGS', 'EVT.NONBLOCK', 'FD.FCNTL.FD', 'FD.POLL.EVENTFD', 'FD.POLL.TIMEOUT', 'THR.FUTEX.WAIT', 'THR.FUTEX.WAKE'], nb ? ['EVT.READ.EMPTY'] : []),
    build({ p }) {
      const o = { at: 'lse' as const, flag: 0 };
      const efdSlot = p.space(4);
      const pfd = p.space(8, 8);
      const buf = p.space(8, 8);
      const values = p.words(Array.from({ length: c.workers + 1 }, (_, i) => i));
      const writeFails = p.space(4);
      const finished = p.space(4);
      const entry = fn(p, () => {
        p.mov(19, 0);
        p.a.movImm(9, efdSlot).inst('LDRSW_uoff', { Rt: 20, Rn: 9, imm12: 0 });
        p.a.movImm(9, values);
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 19, imm6: 3, Rn: 9, Rd: 21 });
        p.a.movImm(22, c.sends);
        const loop = p.a.here();
        p.sys('write', r(20), r(21), 8);
        const ok = p.a.label();
        p.a.cmpImm(0, 8);
        p.a.bcond('eq', ok);
        p.a.movImm(11, writeFails);
        atomicAddConst(p, o.at, 11, 1);
        p.a.bind(ok);
        p.a.subImm(22, 22, 1);
        p.a.cbnz(22, loop);
        threadFinish(p, o.at, finished, o.flag);
      });
      const efd = p.variable();
      p.sys('eventfd', 0, c.flags);
      p.save(efd);
      p.expectCmp(`eventfd(0, ${flagText(c.flags)}) returns a handle`, ['EVT.CREATE', 'EVT.FLAGS'], 'ge', 0);
      p.sys('fcntl', efd, F_GETFL, 0);
      p.a.inst('AND_imm', { sf: 1, N: 1, immr: 50, imms: 0, Rn: 0, Rd: 0 }); // x0 &= O_NONBLOCK (bit 14)
      p.expectEq(`F_GETFL ${nb ? 'has' : 'lacks'} O_NONBLOCK`, ['EVT.NONBLOCK'], nb ? O_NONBLOCK : 0);
      p.sys('fcntl', efd, F_GETFD, 0);
      p.expectEq(`F_GETFD is ${cloexec ? 'FD_CLOEXEC' : '0'}`, ['EVT.NONBLOCK', 'FD.FCNTL.FD'], cloexec ? FD_CLOEXEC : 0);
      store32r(p, efd.n, efdSlot);
      store32r(p, efd.n, pfd);
      p.a.movImm(10, POLLIN).movImm(9, pfd + 4).inst('STRH_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      const s = startWorkers(p, entry, Array.from({ length: c.workers }, (_, i) => i + 1));
      const total = p.variable();
      const bad = p.variable();
      p.a.movImm(total.n, 0).movImm(bad.n, 0);
      const loop = p.a.here();
      const done = p.a.label();
      const fail = p.a.label();
      p.a.movImm(9, expected);
      cmp(p, total.n, 9);
      p.a.bcond('eq', done);
      if (c.mode !== 'read') {
        p.sys('poll', pfd, 1, timeout);
        p.a.cmpImm(0, 1);
        p.a.bcond('ne', fail);
        p.a.movImm(9, pfd);
        ldrh(p, 10, 9, 6);
        p.a.cmpImm(10, POLLIN);
        p.a.bcond('ne', fail);
      }
      p.sys('read', efd, buf, 8);
      p.a.cmpImm(0, 8);
      p.a.bcond('ne', fail);
      p.a.movImm(9, buf);
      ldr64(p, 10, 9);
      if (sem) {
        p.a.cmpImm(10, 1);
        p.a.bcond('ne', fail);
      } else {
        p.a.cbz(10, fail);
      }
      add(p, total.n, total.n, 10);
      p.a.b(loop);
      p.a.bind(fail);
      p.a.addImm(bad.n, bad.n, 1);
      p.a.bind(done);
      p.expectEq(`every ${c.mode === 'read' ? 'read' : 'poll'} woke with data and every read returned 8 bytes${sem ? ' holding 1' : ''}`, loopClauses, 0, bad);
      p.expectEq(`the reads add up to ${expected}`, loopClauses, expected, total);
      joinWorkers(p, finished, c.workers, o);
      expectStarted(p, s, c.workers);
      load32(p, 0, writeFails);
      p.expectEq('every worker write of 8 bytes returned 8', ['EVT.WRITE.ADD', 'THR.HANDLES.SHARED'], 0);
      p.sys('poll', pfd, 1, 0);
      p.expectEq('once drained, poll with timeout 0 returns 0', ['FD.POLL.EVENTFD', 'FD.POLL.TIMEOUT'], 0);
      p.a.movImm(9, pfd);
      ldrh(p, 0, 9, 6);
      p.expectEq('and revents is 0: POLLIN cleared', ['FD.POLL.EVENTFD'], 0);
      if (nb) {
        p.sys('read', efd, buf, 8);
        p.expectEq('a non-blocking read of the empty counter fails EAGAIN', ['EVT.READ.EMPTY'], -errnoNumber('EAGAIN'));
      }
      return { boot: c.sched.boot };
    },
  });
}

export function wakeCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const scheds = [RR, quantum(29), controlled(7, 17), controlled(8, 53)];
  const flagSets = [0, EFD_NONBLOCK, EFD_SEMAPHORE, EFD_NONBLOCK | EFD_SEMAPHORE, EFD_CLOEXEC, EFD_NONBLOCK | EFD_CLOEXEC];
  const modes: WaitMode[] = ['poll', 'poll-timeout', 'read'];
  let i = 0;
  for (const workers of [1, 2, 3]) {
    for (const sends of [1, 4, 12]) {
      for (const flags of flagSets) {
        const mode = modes[i % 3]!;
        i++;
        if (mode === 'read' && flags & EFD_NONBLOCK) continue;
        if (sends === 12 && workers === 3 && flags > EFD_NONBLOCK) continue;
        out.push(wakeCase({ workers, sends, flags, mode, sched: scheds[(i + workers) % scheds.length]! }));
      }
    }
  }
  return out;
}
