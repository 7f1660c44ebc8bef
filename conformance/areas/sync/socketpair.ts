// Socket pairs (IPC.SOCKETPAIR.*): flags, full duplex in both directions, partial reads,
// capacity and atomic writes, poll readiness and hang-up, end of file, EPIPE with SIGPIPE under
// each disposition, blocking reads woken by the peer, and sharing across fork.

import { constValue, knownBits } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { CODE_BASE } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  closeFdAt, errno, expectWord, expectWord32, F_GETFD, F_GETFL, FD_CLOEXEC, fn, forkChild, AREA, MS, O_NONBLOCK,
  O_RDWR, PIPE_BUF, PIPE_CAPACITY, POLLERR, POLLHUP, POLLIN, POLLOUT, readFdAt, Recorder, Report, restorer, S_IFIFO,
  SIG_IGN, sig, sigaction, sleepNs, stackTop, threadCreate, waitBlocked, waitpid, writeFdAt,
} from './kit.js';

const NONBLOCK = constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_NONBLOCK');
const CLOEXEC = constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_CLOEXEC');
/** What `pair` checks on every pair it makes. */
const PAIR = ['IPC.SOCKETPAIR.FLAGS', 'IPC.SOCKETPAIR.RIGHTS', 'FD.ALLOC.LOWEST'];

interface Pair {
  /** Handle numbers of the two ends (fds[0], fds[1]), loaded into variables. */
  readonly a: Reg;
  readonly b: Reg;
}

/** socketpair(fds, flags); asserts 0 and the two lowest free numbers (3, 4); loads both ends. */
function pair(p: CaseProgram, flags: number): Pair {
  const fds = p.bytes(new Uint8Array(8).fill(0xee), 8);
  p.sys('socketpair', fds, flags);
  p.expectEq(`socketpair(flags ${flags}) returns 0`, ['IPC.SOCKETPAIR.FLAGS'], 0);
  const a = p.variable();
  const b = p.variable();
  p.loadInt(a, fds);
  p.loadInt(b, fds + 4);
  p.expectEq('fds[0] = 3, the lowest free number', ['IPC.SOCKETPAIR.RIGHTS', 'FD.ALLOC.LOWEST'], 3, a);
  p.expectEq('fds[1] = 4, the next', ['IPC.SOCKETPAIR.RIGHTS', 'FD.ALLOC.LOWEST'], 4, b);
  return { a, b };
}

const payload = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + 1) & 0xff);

/** write(fd, bytes) with a result check. */
function send(p: CaseProgram, fd: Reg, bytes: Uint8Array, expect: number | 'EAGAIN' | 'EPIPE', what: string, clauses: readonly string[]): void {
  const at = p.bytes(bytes, 8);
  p.sys('write', fd, at, bytes.length);
  if (typeof expect === 'number') p.expectEq(`${what}: write returns ${expect}`, clauses, expect);
  else p.expectErrno(`${what}: write fails ${expect}`, clauses, expect);
}

/** read(fd, count) into a fresh buffer with a result check; returns the buffer. */
function recv(p: CaseProgram, fd: Reg, count: number, expect: number | 'EAGAIN', what: string, clauses: readonly string[]): number {
  const buf = p.space(Math.max(count, 8), 8);
  p.sys('read', fd, buf, count);
  if (typeof expect === 'number') p.expectEq(`${what}: read returns ${expect}`, clauses, expect);
  else p.expectErrno(`${what}: read fails ${expect}`, clauses, expect);
  return buf;
}

function flagsCase(flags: number): CaseDef {
  const nb = (flags & NONBLOCK) !== 0;
  const ce = (flags & CLOEXEC) !== 0;
  return derivedCase(AREA, {
    id: `socketpair/flags/${flags}`,
    description: `socketpair with flags ${flags}: both ends at 3 and 4, F_GETFL O_RDWR${nb ? '|O_NONBLOCK' : ''}, F_GETFD ${ce ? 'FD_CLOEXEC' : '0'}${nb ? ', empty reads fail EAGAIN' : ''}`,
    clauses: ['IPC.SOCKETPAIR.FLAGS', 'IPC.SOCKETPAIR.RIGHTS', 'FD.ALLOC.LOWEST', 'FD.FCNTL.GETFL.KINDS', 'FD.FCNTL.FD', ...(nb ? ['FD.NONBLOCK.EAGAIN', 'IPC.SOCKETPAIR.PIPE'] : [])],
    build({ p }) {
      const { a, b } = pair(p, flags);
      for (const [end, name] of [[a, 'fds[0]'], [b, 'fds[1]']] as const) {
        p.sys('fcntl', end, F_GETFL, 0);
        p.expectEq(`${name} F_GETFL`, ['FD.FCNTL.GETFL.KINDS', 'IPC.SOCKETPAIR.FLAGS'], O_RDWR | (nb ? O_NONBLOCK : 0));
        p.sys('fcntl', end, F_GETFD, 0);
        p.expectEq(`${name} F_GETFD`, ['FD.FCNTL.FD', 'IPC.SOCKETPAIR.FLAGS'], ce ? FD_CLOEXEC : 0);
        if (nb) recv(p, end, 8, 'EAGAIN', `${name} empty`, ['FD.NONBLOCK.EAGAIN', 'IPC.SOCKETPAIR.PIPE']);
      }
    },
  });
}

function badFlagsCase(flags: number): CaseDef {
  return derivedCase(AREA, {
    id: `socketpair/badflags/${flags.toString(16)}`,
    description: `socketpair with flags 0x${flags.toString(16)} fails EINVAL (only 1 and 2 are defined) and uses no handle`,
    clauses: [...PAIR, 'ABI.FLAGS.UNKNOWN'],
    build({ p }) {
      const fds = p.space(8, 8);
      p.sys('socketpair', fds, flags);
      p.expectErrno('socketpair fails EINVAL', ['IPC.SOCKETPAIR.FLAGS', 'ABI.FLAGS.UNKNOWN'], 'EINVAL');
      pair(p, 0);
    },
  });
}

function duplexCase(dir: 'a-to-b' | 'b-to-a', size: number): CaseDef {
  return derivedCase(AREA, {
    id: `socketpair/duplex/${dir}/${size}`,
    description: `${size} bytes written on ${dir === 'a-to-b' ? 'fds[0]' : 'fds[1]'} are read whole and unchanged on the other end; the writer's own end has nothing to read`,
    clauses: [...PAIR, 'IPC.SOCKETPAIR.DUPLEX', 'IPC.SOCKETPAIR.PIPE', 'FD.PIPE.PARTIAL', 'FD.NONBLOCK.EAGAIN'],
    build({ p }) {
      const { a, b } = pair(p, NONBLOCK);
      const [w, r] = dir === 'a-to-b' ? [a, b] : [b, a];
      const data = payload(size, size);
      send(p, w, data, size, 'writer', ['IPC.SOCKETPAIR.DUPLEX']);
      recv(p, w, 8, 'EAGAIN', 'the writer\'s own end', ['IPC.SOCKETPAIR.DUPLEX', 'FD.NONBLOCK.EAGAIN']);
      const buf = recv(p, r, size + 16, size, 'reader', ['IPC.SOCKETPAIR.DUPLEX', 'FD.PIPE.PARTIAL']);
      p.expectMem('the bytes arrive unchanged', ['IPC.SOCKETPAIR.DUPLEX'], buf, data);
      recv(p, r, 8, 'EAGAIN', 'reader again', ['FD.NONBLOCK.EAGAIN']);
    },
  });
}

function bothWaysCase(rounds: number): CaseDef {
  return derivedCase(AREA, {
    id: `socketpair/duplex/both-ways/${rounds}`,
    description: `${rounds} rounds of writes on both ends before any read: each end reads exactly the other's bytes, in order`,
    clauses: [...PAIR, 'IPC.SOCKETPAIR.DUPLEX', 'IPC.SOCKETPAIR.PIPE', 'FD.PIPE.PARTIAL'],
    build({ p }) {
      const { a, b } = pair(p, NONBLOCK);
      const toB: number[] = [];
      const toA: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const x = payload(5 + i, 2 * i);
        const y = payload(9 + i, 2 * i + 1);
        send(p, a, x, x.length, `round ${i + 1} fds[0]`, ['IPC.SOCKETPAIR.DUPLEX']);
        send(p, b, y, y.length, `round ${i + 1} fds[1]`, ['IPC.SOCKETPAIR.DUPLEX']);
        toB.push(...x);
        toA.push(...y);
      }
      const gotB = recv(p, b, 512, toB.length, 'fds[1]', ['IPC.SOCKETPAIR.DUPLEX', 'FD.PIPE.PARTIAL']);
      p.expectMem('fds[1] read what fds[0] wrote', ['IPC.SOCKETPAIR.DUPLEX'], gotB, Uint8Array.from(toB));
      const gotA = recv(p, a, 512, toA.length, 'fds[0]', ['IPC.SOCKETPAIR.DUPLEX', 'FD.PIPE.PARTIAL']);
      p.expectMem('fds[0] read what fds[1] wrote', ['IPC.SOCKETPAIR.DUPLEX'], gotA, Uint8Array.from(toA));
    },
  });
}

function partialCase(written: number, chunk: number): CaseDef {
  return derivedCase(AREA, {
    id: `socketpair/partial/${written}-by-${chunk}`,
    description: `${written} queued bytes read ${chunk} at a time: each read returns min(${chunk}, what is left), in order`,
    clauses: [...PAIR, 'FD.PIPE.PARTIAL', 'IPC.SOCKETPAIR.PIPE', 'IPC.SOCKETPAIR.DUPLEX', 'FD.NONBLOCK.EAGAIN'],
    build({ p }) {
      const { a, b } = pair(p, NONBLOCK);
      const data = payload(written, chunk);
      send(p, a, data, written, 'fds[0]', ['IPC.SOCKETPAIR.DUPLEX']);
      for (let at = 0; at < written; at += chunk) {
        const n = Math.min(chunk, written - at);
        const buf = recv(p, b, chunk, n, `bytes ${at}..${at + n - 1}`, ['FD.PIPE.PARTIAL']);
        p.expectMem(`bytes ${at}..${at + n - 1} in order`, ['FD.PIPE.PARTIAL', 'IPC.SOCKETPAIR.PIPE'], buf, data.slice(at, at + n));
      }
      recv(p, b, chunk, 'EAGAIN', 'drained', ['FD.NONBLOCK.EAGAIN']);
    },
  });
}

/** Non-blocking writes against a partly filled direction: atomic up to PIPE_BUF, partial above. */
function capacityCase(queued: number, size: number): CaseDef {
  const room = PIPE_CAPACITY - queued;
  const expect = size <= PIPE_BUF ? (size <= room ? size : 'EAGAIN') : room === 0 ? 'EAGAIN' : Math.min(size, room);
  return derivedCase(AREA, {
    id: `socketpair/capacity/${queued}-then-${size}`,
    description: `with ${queued} of ${PIPE_CAPACITY} bytes queued, a non-blocking write of ${size} ${expect === 'EAGAIN' ? 'fails EAGAIN' : `returns ${expect}`} (${size <= PIPE_BUF ? 'atomic: all or nothing' : 'above PIPE_BUF: partial'}); the other direction is unaffected`,
    clauses: [...PAIR, 'FD.PIPE.CAPACITY', 'FD.NONBLOCK.PARTIAL', 'FD.NONBLOCK.EAGAIN', 'IPC.SOCKETPAIR.PIPE', 'IPC.SOCKETPAIR.DUPLEX', 'FD.PIPE.PARTIAL'],
    build({ p }) {
      const { a, b } = pair(p, NONBLOCK);
      if (queued > 0) send(p, a, payload(queued, 1), queued, 'fill', ['IPC.SOCKETPAIR.PIPE']);
      send(p, a, payload(size, 2), expect, `then ${size}`, ['FD.PIPE.CAPACITY', 'FD.NONBLOCK.PARTIAL']);
      send(p, b, payload(16, 3), 16, 'the other direction', ['IPC.SOCKETPAIR.DUPLEX']);
      const total = queued + (typeof expect === 'number' ? expect : 0);
      recv(p, b, 2048, total, 'fds[1] drains', ['FD.PIPE.CAPACITY', 'FD.PIPE.PARTIAL']);
    },
  });
}

type PollState = 'fresh' | 'data-to-b' | 'a-full' | 'a-closed' | 'a-closed-with-data';

function pollCase(state: PollState, events: number): CaseDef {
  const closed = state === 'a-closed' || state === 'a-closed-with-data';
  const hasData = state === 'data-to-b' || state === 'a-full' || state === 'a-closed-with-data';
  // fds[1]'s revents: POLLIN when bytes are queued for it or its peer is closed; POLLOUT while
  // its outgoing queue has room and the peer is open; POLLHUP|POLLERR (always reported) once closed.
  const bReady = ((hasData || closed ? POLLIN : 0) | (closed ? 0 : POLLOUT)) & events | (closed ? POLLHUP | POLLERR : 0);
  const aReady = state === 'a-full' ? 0 : POLLOUT & events;
  const ev = [events & POLLIN ? 'in' : '', events & POLLOUT ? 'out' : ''].filter(Boolean).join('-') || 'none';
  return derivedCase(AREA, {
    id: `socketpair/poll/${state}/${ev}`,
    description: `poll(events ${ev}) on a socket pair, ${state.replace(/-/g, ' ')}: fds[1] revents 0x${bReady.toString(16)}${closed ? '' : `, fds[0] revents 0x${aReady.toString(16)}`}`,
    clauses: [...PAIR, 'IPC.SOCKETPAIR.POLL', 'IPC.SOCKETPAIR.HUP', 'FD.POLL.READY', 'FD.POLL.ALWAYS', ...(hasData && state !== 'a-full' ? ['IPC.SOCKETPAIR.DUPLEX'] : []), ...(state === 'a-full' ? ['FD.PIPE.CAPACITY'] : []), ...(closed ? ['FD.CLOSE.LAST', 'FD.CLOSE.RELEASE'] : [])],
    build({ p }) {
      const { a, b } = pair(p, NONBLOCK);
      if (hasData && state !== 'a-full') send(p, a, payload(5, 5), 5, 'fds[0]', ['IPC.SOCKETPAIR.DUPLEX']);
      if (state === 'a-full') send(p, a, payload(PIPE_CAPACITY, 6), PIPE_CAPACITY, 'fill fds[0]', ['FD.PIPE.CAPACITY']);
      if (closed) {
        p.sys('close', a);
        p.expectEq('close fds[0] returns 0', ['FD.CLOSE.RELEASE'], 0);
      }
      const pfd = p.space(16, 8);
      const entries: [Reg, number][] = closed ? [[b, bReady]] : [[b, bReady], [a, aReady]];
      entries.forEach(([end], i) => {
        p.a.movImm(9, pfd + 8 * i).inst('STR_W_uoff', { Rt: end.n, Rn: 9, imm12: 0 });
        p.a.movImm(10, events).inst('STR_W_uoff', { Rt: 10, Rn: 9, imm12: 1 });
      });
      p.sys('poll', pfd, entries.length, 0);
      p.expectEq('poll counts the entries with events', ['FD.POLL.READY'], entries.filter(([, r]) => r !== 0).length);
      entries.forEach(([, r], i) => {
        p.a.movImm(9, pfd + 8 * i).inst('LDRH_uoff', { Rt: 11, Rn: 9, imm12: 3 });
        p.expectEq(`${i === 0 ? 'fds[1]' : 'fds[0]'} revents 0x${r.toString(16)}`, ['IPC.SOCKETPAIR.POLL', ...(closed ? ['IPC.SOCKETPAIR.HUP', 'FD.POLL.ALWAYS'] : [])], r, 11);
      });
    },
  });
}

function eofCase(dir: 'close-a' | 'close-b', queued: number, dupOpen: boolean): CaseDef {
  return derivedCase(AREA, {
    id: `socketpair/eof/${dir}/${queued}${dupOpen ? '-dup-open' : ''}`,
    description: `after closing ${dir === 'close-a' ? 'fds[0]' : 'fds[1]'}${dupOpen ? ' while a dup of it stays open' : ''}, the other end reads ${queued ? `the ${queued} queued bytes, then ` : ''}${dupOpen ? 'EAGAIN (the peer object is alive)' : '0 (end of file)'}`,
    clauses: [...PAIR, 'IPC.SOCKETPAIR.PIPE', 'FD.CLOSE.RELEASE', ...(queued ? ['IPC.SOCKETPAIR.DUPLEX', 'FD.PIPE.PARTIAL'] : []), ...(dupOpen ? ['FD.NONBLOCK.EAGAIN'] : ['FD.PIPE.EOF', 'FD.CLOSE.LAST'])],
    build({ p }) {
      const { a, b } = pair(p, NONBLOCK);
      const [gone, stay] = dir === 'close-a' ? [a, b] : [b, a];
      if (queued) send(p, gone, payload(queued, 9), queued, 'before closing', ['IPC.SOCKETPAIR.DUPLEX']);
      if (dupOpen) {
        p.sys('dup', gone);
        p.expectEq('dup returns 5', ['FD.ALLOC.LOWEST'], 5);
      }
      p.sys('close', gone);
      p.expectEq('close returns 0', ['FD.CLOSE.RELEASE'], 0);
      if (queued) recv(p, stay, 64, queued, 'the queued bytes are still there', ['IPC.SOCKETPAIR.PIPE', 'FD.PIPE.PARTIAL']);
      if (dupOpen) recv(p, stay, 64, 'EAGAIN', 'the dup keeps the peer open', ['FD.CLOSE.RELEASE', 'FD.NONBLOCK.EAGAIN']);
      else {
        recv(p, stay, 64, 0, 'end of file', ['IPC.SOCKETPAIR.PIPE', 'FD.PIPE.EOF']);
        recv(p, stay, 64, 0, 'still end of file', ['IPC.SOCKETPAIR.PIPE', 'FD.PIPE.EOF']);
      }
    },
  });
}

/** A write after the peer closed: EPIPE plus SIGPIPE at the writer, acted on per its disposition. */
function epipeCase(kind: 'socketpair' | 'pipe', disp: 'dfl' | 'ign' | 'handler', dir: 'a' | 'b'): CaseDef {
  const SIGPIPE = sig('SIGPIPE');
  const dies = disp === 'dfl';
  return derivedCase(AREA, {
    id: `epipe/${kind}/${disp}${kind === 'socketpair' ? `/${dir}` : ''}`,
    description: `a write on a ${kind}${kind === 'socketpair' ? ` end fds[${dir === 'a' ? 0 : 1}]` : ' write end'} whose peer is closed, with SIGPIPE at ${disp}: ${dies ? 'the writer dies of SIGPIPE' : `write fails EPIPE${disp === 'handler' ? ' and the SIGPIPE handler runs' : ' and the writer goes on'}`}`,
    clauses: [
      'FD.PIPE.SIGPIPE', 'FD.PIPE.EPIPE', 'PROC.WAIT.STATUS', 'FD.CLOSE.LAST', 'FD.CLOSE.RELEASE', ...(kind === 'socketpair' ? ['IPC.SOCKETPAIR.PIPE'] : []),
      ...(dies ? ['SIG.DEFAULT.ACTION'] : disp === 'ign' ? ['SIG.IGN.DISCARD', 'SIG.ACTION.RECORD'] : ['SIG.DELIVER.FRAME', 'SIG.FRAME.ENTRY', 'SIG.ACTION.RECORD']),
    ],
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p);
      if (disp !== 'dfl') {
        sigaction(p, SIGPIPE, disp === 'ign' ? SIG_IGN : rec.address, disp === 'ign' ? 0 : rest);
        p.expectEq(`sigaction(SIGPIPE, ${disp}) returns 0`, ['SIG.ACTION.RECORD'], 0);
      }
      const fds = p.space(8, 8);
      if (kind === 'pipe') p.sys('pipe', fds);
      else p.sys('socketpair', fds, 0);
      const writerAt = fds + (kind === 'pipe' || dir === 'a' ? 4 : 0);
      const readerAt = fds + (kind === 'pipe' || dir === 'a' ? 0 : 4);
      closeFdAt(p, readerAt);
      p.expectEq('closing the only reading end returns 0', ['FD.CLOSE.RELEASE'], 0);
      const word = p.space(8, 8);
      const report = new Report(p, 3);
      const child = forkChild(p, () => {
        writeFdAt(p, writerAt, word, 4);
        p.mov(21, 0);
        report.put(p, 0, 21);
        p.load(20, rec.count);
        report.put(p, 1, 20);
        p.load(20, rec.entry(0).x0);
        report.put(p, 2, 20);
        report.send(p);
        p.exit(7);
      });
      report.closeWriter(p);
      const status = p.space(8, 8);
      waitpid(p, child, status);
      if (dies) {
        expectWord(p, 'the writer was killed by SIGPIPE', ['FD.PIPE.SIGPIPE', 'SIG.DEFAULT.ACTION', 'PROC.WAIT.STATUS'], status, SIGPIPE);
        return;
      }
      expectWord(p, 'the writer lived and exited 7', ['FD.PIPE.SIGPIPE', 'PROC.WAIT.STATUS'], status, 7 << 8);
      report.receive(p);
      expectWord(p, 'its write failed EPIPE', ['FD.PIPE.EPIPE', kind === 'socketpair' ? 'IPC.SOCKETPAIR.PIPE' : 'FD.PIPE.EPIPE'], report.at(0), errno('EPIPE'));
      expectWord(p, `the SIGPIPE handler ran ${disp === 'handler' ? 'once' : 'never'}`, ['FD.PIPE.SIGPIPE', disp === 'handler' ? 'SIG.DELIVER.FRAME' : 'SIG.IGN.DISCARD'], report.at(1), disp === 'handler' ? 1 : 0);
      if (disp === 'handler') expectWord(p, 'with x0 = SIGPIPE', ['SIG.FRAME.ENTRY'], report.at(2), SIGPIPE);
    },
  });
}

/** A blocking read woken by the peer: by data, or by the peer end's close (end of file). */
function blockCase(how: 'data' | 'close', source: 'thread' | 'process'): CaseDef {
  return derivedCase(AREA, {
    id: `socketpair/block/${how}/${source}`,
    description: `a blocking read on fds[1] waits until a ${source === 'thread' ? 'second thread' : 'child process'} ${how === 'data' ? 'writes 6 bytes on fds[0]: it returns them' : 'closes fds[0] (the last handle of it): it returns 0'}`,
    clauses: ['IPC.SOCKETPAIR.PIPE', 'IPC.SOCKETPAIR.DUPLEX', how === 'data' ? 'FD.PIPE.PARTIAL' : 'FD.PIPE.EOF', ...(how === 'close' ? ['FD.CLOSE.LAST'] : []), ...(source === 'thread' ? ['THR.HANDLES.SHARED', 'THR.CREATE.ID'] : ['FD.INHERIT.FORK', 'PROC.WAIT.STATUS'])],
    build({ p }) {
      const fds = p.space(8, 8);
      p.sys('socketpair', fds, 0);
      const data = payload(6, 4);
      const src = p.bytes(data, 8);
      const peer = (): void => {
        if (source === 'thread') sleepNs(p, MS);
        else waitBlocked(p, 1);
        if (how === 'data') writeFdAt(p, fds, src, 6);
        else closeFdAt(p, fds);
        p.exit(0);
      };
      let child: Reg | null = null;
      if (source === 'thread') {
        threadCreate(p, fn(p, peer), 0, stackTop(p));
        p.expectCmp('thread_create returns a thread id', ['THR.CREATE.ID'], 'gt', 0);
      } else {
        child = forkChild(p, peer);
        // Init's own copy of fds[0] would keep the peer open: for the close variant it goes first.
        if (how === 'close') closeFdAt(p, fds);
      }
      const buf = p.space(16, 8);
      readFdAt(p, fds + 4, buf, 16);
      p.expectEq(`the blocking read returns ${how === 'data' ? 6 : 0}`, [how === 'data' ? 'FD.PIPE.PARTIAL' : 'FD.PIPE.EOF'], how === 'data' ? 6 : 0);
      if (how === 'data') p.expectMem('the 6 bytes', ['IPC.SOCKETPAIR.DUPLEX'], buf, data);
      if (child) {
        const status = p.space(8, 8);
        waitpid(p, child, status);
        expectWord(p, 'the child exited 0', ['PROC.WAIT.STATUS'], status, 0);
      }
    },
  });
}

function forkPingPongCase(rounds: number): CaseDef {
  return derivedCase(AREA, {
    id: `socketpair/fork/ping-pong-${rounds}`,
    description: `init and a child exchange ${rounds} ping/pong rounds over an inherited socket pair, each end used for both directions`,
    clauses: ['IPC.SOCKETPAIR.DUPLEX', 'FD.INHERIT.FORK', 'IPC.SOCKETPAIR.PIPE', 'PROC.WAIT.STATUS', 'FD.PIPE.PARTIAL', 'FD.PIPE.EOF', 'PROC.EXIT.CLOSE'],
    build({ p }) {
      const fds = p.space(8, 8);
      p.sys('socketpair', fds, 0);
      const buf = p.space(16, 8);
      const child = forkChild(p, () => {
        closeFdAt(p, fds);
        for (let i = 0; i < rounds; i++) {
          readFdAt(p, fds + 4, buf, 8);
          // Answer with the byte plus one.
          p.a.movImm(9, buf).inst('LDRB_uoff', { Rt: 10, Rn: 9, imm12: 0 }).addImm(10, 10, 1).inst('STRB_uoff', { Rt: 10, Rn: 9, imm12: 0 });
          writeFdAt(p, fds + 4, buf, 1);
        }
        p.exit(0);
      });
      closeFdAt(p, fds + 4);
      for (let i = 0; i < rounds; i++) {
        const ping = p.bytes(Uint8Array.of(10 * i + 1), 1);
        writeFdAt(p, fds, ping, 1);
        p.expectEq(`ping ${i + 1} sent`, ['IPC.SOCKETPAIR.DUPLEX'], 1);
        readFdAt(p, fds, buf, 8);
        p.expectEq(`pong ${i + 1} arrives`, ['IPC.SOCKETPAIR.DUPLEX', 'FD.PIPE.PARTIAL'], 1);
        p.a.movImm(9, buf).inst('LDRB_uoff', { Rt: 11, Rn: 9, imm12: 0 });
        p.expectEq(`pong ${i + 1} = ping + 1`, ['IPC.SOCKETPAIR.DUPLEX'], 10 * i + 2, 11);
      }
      const status = p.space(8, 8);
      waitpid(p, child, status);
      expectWord(p, 'the child exited 0', ['PROC.WAIT.STATUS'], status, 0);
      readFdAt(p, fds, buf, 8);
      p.expectEq('after the child ended (its end closed), init reads end of file', ['FD.PIPE.EOF', 'PROC.EXIT.CLOSE'], 0);
    },
  });
}

function faultCase(where: 'null' | 'code' | 'unmapped'): CaseDef {
  const addr = where === 'null' ? 0 : where === 'code' ? CODE_BASE : 0x1000;
  return derivedCase(AREA, {
    id: `socketpair/fault/${where}`,
    description: `socketpair with fds = ${where} (0x${addr.toString(16)}, not writable) fails EFAULT and installs nothing`,
    clauses: [...PAIR, 'ABI.FAULT', 'ABI.FAULT.NOEFFECT'],
    build({ p }) {
      p.sys('socketpair', addr, 0);
      p.expectErrno('socketpair fails EFAULT', ['ABI.FAULT', 'ABI.FAULT.NOEFFECT'], 'EFAULT');
      pair(p, 0);
    },
  });
}

function fstatCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'socketpair/fstat/both-ends',
    description: 'fstat on each socket pair end reports S_IFIFO|0666 with size 0',
    clauses: [...PAIR, 'FD.FSTAT.KINDS'],
    build({ p }) {
      const { a, b } = pair(p, 0);
      for (const [end, name] of [[a, 'fds[0]'], [b, 'fds[1]']] as const) {
        const st = p.bytes(new Uint8Array(32).fill(0xcc), 8);
        p.sys('fstat', end, st);
        p.expectEq(`${name} fstat returns 0`, ['FD.FSTAT.KINDS', 'IPC.SOCKETPAIR.RIGHTS'], 0);
        expectWord32(p, `${name} st_mode = S_IFIFO|0666`, ['FD.FSTAT.KINDS'], st, S_IFIFO | 0o666);
        expectWord(p, `${name} st_size = 0`, ['FD.FSTAT.KINDS'], st + 8, 0);
      }
    },
  });
}

/**
 * Held back from the suite: the reference kernel's pipe write kills the writer with SIGPIPE
 * whatever its disposition, where FD.PIPE.SIGPIPE raises the signal (so SIG_IGN and handlers
 * apply, as they do for socket pairs) (reported).
 */
export function heldBackSocketpairCases(): CaseDef[] {
  return [epipeCase('pipe', 'ign', 'a'), epipeCase('pipe', 'handler', 'a')];
}

export function socketpairCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const valid = knownBits('SOCKETPAIR_FLAGS');
  for (let f = 0; f <= valid; f++) out.push(flagsCase(f));
  for (let bit = 0; bit < 32; bit++) if (((1 << bit) & valid) === 0) out.push(badFlagsCase((1 << bit) >>> 0));
  out.push(badFlagsCase(valid | 4), badFlagsCase(0xffff_ffff));
  for (const dir of ['a-to-b', 'b-to-a'] as const) for (const size of [1, 7, 100, PIPE_BUF, PIPE_CAPACITY]) out.push(duplexCase(dir, size));
  for (const rounds of [1, 3]) out.push(bothWaysCase(rounds));
  for (const [w, c] of [[10, 4], [10, 10], [3, 8], [100, 33]] as const) out.push(partialCase(w, c));
  for (const [q, s] of [[0, 1500], [1000, 100], [1000, 24], [1000, 600], [600, 512], [512, 512], [1024, 1], [1024, 600], [0, 1024], [1, 1024]] as const) out.push(capacityCase(q, s));
  for (const state of ['fresh', 'data-to-b', 'a-full', 'a-closed', 'a-closed-with-data'] as const) for (const ev of [POLLIN | POLLOUT, POLLIN, POLLOUT]) out.push(pollCase(state, ev));
  for (const dir of ['close-a', 'close-b'] as const) {
    out.push(eofCase(dir, 0, false), eofCase(dir, 5, false), eofCase(dir, 0, true));
  }
  for (const disp of ['dfl', 'ign', 'handler'] as const) {
    out.push(epipeCase('socketpair', disp, 'a'), epipeCase('socketpair', disp, 'b'));
  }
  out.push(epipeCase('pipe', 'dfl', 'a'));
  for (const how of ['data', 'close'] as const) for (const src of ['thread', 'process'] as const) out.push(blockCase(how, src));
  out.push(forkPingPongCase(1), forkPingPongCase(4));
  for (const w of ['null', 'code', 'unmapped'] as const) out.push(faultCase(w));
  out.push(fstatCase());
  return out;
}
