// uvsocketpairprobe: socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC) as libuv uses
// it for uv_pipe/uv_spawn stdio: flags on both ends, full-duplex ping-pong with a thread or a
// forked process (echo of known messages), and the peer-close end state (POLLIN|POLLHUP|POLLERR,
// EOF on read, EPIPE on write with SIGPIPE ignored, or death by SIGPIPE when it is not).

import { constValue, errnoNumber } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses, controlled, quantum, RR, type Sched } from './common.js';
import {
  countMismatch, F_GETFD, F_GETFL, FD_CLOEXEC, fn, forkThen, ldrh, load32, maskNonblock, O_NONBLOCK, POLLERR, POLLHUP, POLLIN, POLLOUT, r,
  SIG_IGN, store32r, str32, sub, threadFinish,
} from './guest.js';
import { expectStarted, joinWorkers, startWorkers, THREAD_PLUMBING } from './threaded.js';

const SP_NONBLOCK = constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_NONBLOCK');
const SP_CLOEXEC = constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_CLOEXEC');
const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');
const EPIPE = -errnoNumber('EPIPE');
const EAGAIN = -errnoNumber('EAGAIN');
/** init holds 0, 1 and 2, so a new pair takes 3 and 4 (FD.ALLOC.LOWEST). */
const FIRST_FREE = 3;

type Peer = 'thread' | 'fork';

interface PairCase {
  readonly peer: Peer;
  readonly flags: number;
  readonly rounds: number;
  readonly size: number;
  readonly sched: Sched;
}

function flagTag(f: number): string {
  return [f & SP_NONBLOCK ? 'nb' : '', f & SP_CLOEXEC ? 'cloexec' : ''].filter(Boolean).join('.') || 'plain';
}

function flagText(f: number): string {
  return [f & SP_NONBLOCK ? 'NONBLOCK' : '', f & SP_CLOEXEC ? 'CLOEXEC' : ''].filter(Boolean).join('|') || '0';
}

const PINGPONG = ['IPC.SOCKETPAIR.DUPLEX', 'IPC.SOCKETPAIR.PIPE', 'FD.PIPE.CAPACITY'];
const END = ['IPC.SOCKETPAIR.POLL', 'IPC.SOCKETPAIR.HUP', 'IPC.SOCKETPAIR.PIPE', 'FD.PIPE.SIGPIPE', 'SIG.IGN.DISCARD', 'FD.POLL.ALWAYS'];

function pairCase(c: PairCase): CaseDef {
  const nb = (c.flags & SP_NONBLOCK) !== 0;
  const cloexec = (c.flags & SP_CLOEXEC) !== 0;
  const peerClauses = c.peer === 'thread' ? ['THR.HANDLES.SHARED', ...THREAD_PLUMBING, 'THR.FUTEX.WAIT', 'THR.FUTEX.WAKE'] : ['FD.INHERIT.FORK', 'PROC.FORK.RETURN', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.EXIT.CLOSE'];
  return derivedCase(AREA, {
    id: `socketpair/${c.peer}/${flagTag(c.flags)}-r${c.rounds}-m${c.size}-${c.sched.tag}`,
    description: `socketpair(${flagText(c.flags)}) ping-pong with a ${c.peer === 'thread' ? 'thread' : 'forked child'}: ${c.rounds} round trips of ${c.size} bytes echo exactly, then the peer's close gives POLLIN|POLLHUP|POLLERR, EOF and EPIPE (${c.sched.text})`,
    clauses: clauses(PINGPONG, END, peerClauses, ['IPC.SOCKETPAIR.FLAGS', 'IPC.SOCKETPAIR.RIGHTS', 'FD.ALLOC.LOWEST', 'FD.FCNTL.FD', 'FD.FCNTL.GETFL', 'SIG.ACTION.RECORD', 'FD.POLL.READY'], nb ? ['FD.NONBLOCK.EAGAIN'] : []),
    build({ p }) {
      const fds = p.space(8, 8);
      const msgs = new Uint8Array(c.rounds * c.size);
      for (let i = 0; i < msgs.length; i++) msgs[i] = (i * 7 + 3 + (i >> 8)) & 0xff;
      const msgBase = p.bytes(msgs);
      const mainBuf = p.space(c.size);
      const peerBuf = p.space(c.size);
      const pfdMain = p.space(8, 8);
      const pfdPeer = p.space(8, 8);
      const peerBad = p.space(4);
      const finished = p.space(4);
      const status = p.space(4);

      /** Waits for POLLIN on the pollfd at `pfd` when non-blocking; x0 = poll's result (1) else left alone. */
      const waitReadable = (pfd: number, bad: number): void => {
        if (!nb) return;
        p.sys('poll', pfd, 1, -1);
        const ok = p.a.label();
        p.a.cmpImm(0, 1);
        p.a.bcond('eq', ok);
        p.a.addImm(bad, bad, 1);
        p.a.bind(ok);
      };
      const expectLen = (bad: number): void => {
        const ok = p.a.label();
        p.a.cmpImm(0, c.size);
        p.a.bcond('eq', ok);
        p.a.addImm(bad, bad, 1);
        p.a.bind(ok);
      };
      /** The peer: per round read the message, check it, echo it. fd in x20, bad count in x19, x21..x23 used. */
      const peerLoop = (): void => {
        p.a.movImm(21, msgBase).movImm(22, c.rounds).movImm(23, peerBuf);
        const loop = p.a.here();
        waitReadable(pfdPeer, 19);
        p.sys('read', r(20), peerBuf, c.size);
        expectLen(19);
        countMismatch(p, 23, 21, c.size, 19);
        p.sys('write', r(20), peerBuf, c.size);
        expectLen(19);
        p.a.addImm(21, 21, c.size);
        p.a.subImm(22, 22, 1);
        p.a.cbnz(22, loop);
      };

      p.sys('sigaction', SIGPIPE, SIG_IGN, 0);
      p.expectEq('sigaction(SIGPIPE, SIG_IGN) returns 0 (libuv ignores SIGPIPE)', ['SIG.ACTION.RECORD'], 0);
      p.sys('socketpair', fds, c.flags);
      p.expectEq(`socketpair(${flagText(c.flags)}) returns 0`, ['IPC.SOCKETPAIR.FLAGS'], 0);
      const fd0 = p.variable();
      const fd1 = p.variable();
      p.loadInt(fd0, fds);
      p.loadInt(fd1, fds + 4);
      p.expectEq(`the first end is handle ${FIRST_FREE}`, ['IPC.SOCKETPAIR.RIGHTS', 'FD.ALLOC.LOWEST'], FIRST_FREE, fd0);
      p.expectEq(`the second end is handle ${FIRST_FREE + 1}`, ['IPC.SOCKETPAIR.RIGHTS', 'FD.ALLOC.LOWEST'], FIRST_FREE + 1, fd1);
      for (const [name, fd] of [['first', fd0], ['second', fd1]] as [string, Reg][]) {
        p.sys('fcntl', fd, F_GETFL, 0);
        maskNonblock(p);
        p.expectEq(`F_GETFL on the ${name} end ${nb ? 'has' : 'lacks'} O_NONBLOCK`, ['IPC.SOCKETPAIR.FLAGS', 'FD.FCNTL.GETFL'], nb ? O_NONBLOCK : 0);
        p.sys('fcntl', fd, F_GETFD, 0);
        p.expectEq(`F_GETFD on the ${name} end is ${cloexec ? 'FD_CLOEXEC' : '0'}`, ['IPC.SOCKETPAIR.FLAGS', 'FD.FCNTL.FD'], cloexec ? FD_CLOEXEC : 0);
      }
      if (nb) {
        p.sys('read', fd0, mainBuf, 1);
        p.expectEq('a read from the empty pair fails EAGAIN', ['FD.NONBLOCK.EAGAIN', 'IPC.SOCKETPAIR.PIPE'], EAGAIN);
      }
      store32r(p, fd0.n, pfdMain);
      store32r(p, fd1.n, pfdPeer);
      p.a.movImm(10, POLLIN).movImm(9, pfdMain + 4).inst('STRH_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      p.a.movImm(9, pfdPeer + 4).inst('STRH_uoff', { Rt: 10, Rn: 9, imm12: 0 });

      let started: ReturnType<typeof startWorkers> | null = null;
      const child = p.variable();
      if (c.peer === 'thread') {
        const entry = fn(p, () => {
          p.a.movImm(19, 0);
          p.a.movImm(9, fds + 4).inst('LDRSW_uoff', { Rt: 20, Rn: 9, imm12: 0 });
          peerLoop();
          p.sys('close', r(20));
          const ok = p.a.label();
          p.a.cbz(0, ok);
          p.a.addImm(19, 19, 1);
          p.a.bind(ok);
          p.a.movImm(9, peerBad);
          str32(p, 19, 9);
          threadFinish(p, 'lse', finished, 0);
        });
        started = startWorkers(p, entry, [1]);
      } else {
        forkThen(p, () => {
          p.sys('close', fd0);
          p.mov(20, fd1.n);
          p.a.movImm(19, 0);
          peerLoop();
          p.exit(r(19));
        });
        p.save(child);
        p.expectCmp('fork returns the child pid in the parent', ['PROC.FORK.RETURN'], 'gt', 0, child);
        p.sys('close', fd1);
        p.expectEq('the parent closes its copy of the peer end', ['FD.INHERIT.FORK'], 0);
      }
      const bad = p.variable();
      const cursor = p.variable();
      const buf = p.variable();
      p.a.movImm(bad.n, 0).movImm(cursor.n, msgBase).movImm(buf.n, mainBuf);
      for (let k = 0; k < c.rounds; k++) {
        p.sys('write', fd0, cursor, c.size);
        expectLen(bad.n);
        waitReadable(pfdMain, bad.n);
        p.sys('read', fd0, mainBuf, c.size);
        expectLen(bad.n);
        countMismatch(p, buf.n, cursor.n, c.size, bad.n);
        p.a.addImm(cursor.n, cursor.n, c.size);
      }
      p.expectEq(`${c.rounds} round trips: every write and read moved ${c.size} bytes and the echo matched`, PINGPONG, 0, bad);
      if (c.peer === 'thread') {
        joinWorkers(p, finished, 1, { at: 'lse', flag: 0 });
        expectStarted(p, started!, 1);
        load32(p, 0, peerBad);
        p.expectEq('the thread received every message intact and closed its end', [...PINGPONG, 'THR.HANDLES.SHARED'], 0);
      } else {
        p.sys('waitpid', child, status, 0);
        sub(p, 0, 0, child.n);
        p.expectEq('waitpid returns the child', ['PROC.WAIT.REAP'], 0);
        load32(p, 0, status);
        p.expectEq('the child received every message intact and exited 0', [...PINGPONG, 'PROC.WAIT.STATUS'], 0);
      }
      p.a.movImm(10, POLLIN | POLLOUT).movImm(9, pfdMain + 4).inst('STRH_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      p.sys('poll', pfdMain, 1, 0);
      p.expectEq('after the peer closed, poll reports the end ready', ['IPC.SOCKETPAIR.POLL', 'FD.POLL.READY'], 1);
      p.a.movImm(9, pfdMain);
      ldrh(p, 0, 9, 6);
      p.expectEq('revents is POLLIN|POLLHUP|POLLERR without POLLOUT', ['IPC.SOCKETPAIR.POLL', 'IPC.SOCKETPAIR.HUP', 'FD.POLL.ALWAYS'], POLLIN | POLLHUP | POLLERR);
      p.sys('read', fd0, mainBuf, c.size);
      p.expectEq('read returns 0 (end of file)', ['IPC.SOCKETPAIR.PIPE'], 0);
      p.sys('write', fd0, mainBuf, 1);
      p.expectEq('write fails EPIPE and SIGPIPE, ignored, does not end the process', ['IPC.SOCKETPAIR.PIPE', 'FD.PIPE.SIGPIPE', 'SIG.IGN.DISCARD'], EPIPE);
      return { boot: c.sched.boot };
    },
  });
}

/** A forked child writes to a pair whose peer end is closed: SIGPIPE kills it unless ignored. */
function sigpipeCase(ignore: boolean, flags: number): CaseDef {
  return derivedCase(AREA, {
    id: `socketpair/sigpipe/${ignore ? 'ignored' : 'default'}-${flagTag(flags)}`,
    description: `a child writing to a socket pair whose peer is closed ${ignore ? 'gets EPIPE with SIGPIPE ignored' : 'is killed by SIGPIPE under SIG_DFL'}`,
    clauses: ['FD.PIPE.SIGPIPE', 'IPC.SOCKETPAIR.PIPE', 'PROC.WAIT.STATUS', 'PROC.FORK.SIGNALS', 'SIG.DEFAULT.ACTION', 'SIG.IGN.DISCARD', 'PROC.WAIT.REAP'],
    build({ p }) {
      const fds = p.space(8, 8);
      const status = p.space(4);
      const one = p.bytes(new Uint8Array([0x2a]));
      if (ignore) p.sys('sigaction', SIGPIPE, SIG_IGN, 0);
      p.sys('socketpair', fds, flags);
      const fd0 = p.variable();
      const fd1 = p.variable();
      p.loadInt(fd0, fds);
      p.loadInt(fd1, fds + 4);
      p.sys('close', fd1);
      forkThen(p, () => {
        p.sys('write', fd0, one, 1);
        const bad = p.a.label();
        p.a.movImm(9, BigInt.asUintN(64, BigInt(EPIPE)));
        p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: 0, Rd: 31 });
        p.a.bcond('ne', bad);
        p.exit(0);
        p.a.bind(bad);
        p.exit(1);
      });
      const child = p.variable();
      p.save(child);
      p.sys('waitpid', child, status, 0);
      sub(p, 0, 0, child.n);
      p.expectEq('waitpid returns the child', ['PROC.WAIT.REAP'], 0);
      load32(p, 0, status);
      if (ignore) p.expectEq('the child saw EPIPE and exited 0', ['FD.PIPE.SIGPIPE', 'IPC.SOCKETPAIR.PIPE', 'SIG.IGN.DISCARD', 'PROC.FORK.SIGNALS', 'PROC.WAIT.STATUS'], 0);
      else p.expectEq(`the child was killed by SIGPIPE: status ${SIGPIPE}`, ['FD.PIPE.SIGPIPE', 'SIG.DEFAULT.ACTION', 'PROC.WAIT.STATUS'], SIGPIPE);
    },
  });
}

export function socketpairCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const scheds = [RR, controlled(11, 31), quantum(53), controlled(12, 13)];
  const shapes: [number, number][] = [[1, 1], [4, 64], [16, 512], [8, 200]];
  let i = 0;
  for (const peer of ['thread', 'fork'] as const) {
    for (const flags of [0, SP_NONBLOCK, SP_CLOEXEC, SP_NONBLOCK | SP_CLOEXEC]) {
      for (const [rounds, size] of shapes) {
        for (const k of [0, 1]) out.push(pairCase({ peer, flags, rounds, size, sched: scheds[(i++ + k) % scheds.length]! }));
      }
    }
  }
  for (const ignore of [false, true]) for (const flags of [0, SP_NONBLOCK]) out.push(sigpipeCase(ignore, flags));
  return out;
}
