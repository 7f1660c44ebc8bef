// Socket pairs as an IPC primitive: full duplex over two pipe queues, the flag bits, and what an
// end sees once its peer is closed.

import { constValue } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase, type CaseBuild } from '../../program/derived-case.js';
import { pollEvents } from './endpoint.js';
import { AREA, fdPair, fork, pattern } from './kit.js';

const NONBLOCK = constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_NONBLOCK');
const CLOEXEC = constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_CLOEXEC');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
const F_GETFD = constValue('FCNTL_CMDS', 'F_GETFD');
const F_GETFL = constValue('FCNTL_CMDS', 'F_GETFL');
const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const POLLERR = constValue('POLL_EVENTS', 'POLLERR');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');
const PIPE_BUF = constValue('LIMITS', 'PIPE_BUF');
/** Linux's SOCK_NONBLOCK and SOCK_CLOEXEC: not SwiftOS socketpair flags. */
const LINUX_FLAGS: readonly number[] = [0x800, 0x8_0000];
const hexOf = (v: number): string => `0x${v.toString(16)}`;

function simple(id: string, description: string, body: (p: CaseProgram, b: CaseBuild) => void): CaseDef {
  return derivedCase(AREA, { id: `socketpair/${id}`, description, build: (b) => body(b.p, b) });
}

function pair(p: CaseProgram, a: Reg, b: Reg, flags = 0): void {
  const at = fdPair(p);
  p.sys('socketpair', at, flags);
  p.expectEq('socketpair returns 0', ['IPC.SOCKETPAIR.DUPLEX'], 0);
  p.loadInt(a, at).loadInt(b, at + 4);
}

function duplexCases(): CaseDef[] {
  return [1, 7, 64, 256, PIPE_BUF].map((n) => simple(`duplex/${n}`,
    `${n} bytes written on either end of a socket pair are read on the other, in both directions at once`,
    (p) => {
      const a = p.variable();
      const b = p.variable();
      pair(p, a, b);
      p.expectEq('the first end is 3', ['IPC.SOCKETPAIR.RIGHTS', 'FD.ALLOC.LOWEST'], 3, a);
      p.expectEq('the second end is 4', ['IPC.SOCKETPAIR.RIGHTS', 'FD.ALLOC.LOWEST'], 4, b);
      const ab = pattern(n, n);
      const ba = pattern(n, n + 1000);
      p.sys('write', a, p.bytes(ab), n);
      p.expectEq(`write on end 0 returns ${n}`, ['IPC.SOCKETPAIR.DUPLEX'], n);
      p.sys('write', b, p.bytes(ba), n);
      p.expectEq(`write on end 1 returns ${n}`, ['IPC.SOCKETPAIR.DUPLEX'], n);
      const got = p.space(n);
      p.sys('read', b, got, n);
      p.expectEq(`end 1 reads ${n}`, ['IPC.SOCKETPAIR.DUPLEX', 'IPC.SOCKETPAIR.PIPE'], n);
      p.expectMem('the bytes end 0 wrote', ['IPC.SOCKETPAIR.DUPLEX'], got, ab);
      p.sys('read', a, got, n);
      p.expectEq(`end 0 reads ${n}`, ['IPC.SOCKETPAIR.DUPLEX'], n);
      p.expectMem('the bytes end 1 wrote', ['IPC.SOCKETPAIR.DUPLEX'], got, ba);
    }));
}

function flagCases(): CaseDef[] {
  const out: CaseDef[] = [0, NONBLOCK, CLOEXEC, NONBLOCK | CLOEXEC].map((flags) => simple(`flags/${flags}`,
    `socketpair flags ${flags}: both ends ${flags & NONBLOCK ? 'non-blocking' : 'blocking'} and ${flags & CLOEXEC ? '' : 'not '}close-on-exec`,
    (p) => {
      const a = p.variable();
      const b = p.variable();
      pair(p, a, b, flags);
      for (const [end, reg] of [['0', a], ['1', b]] as const) {
        p.sys('fcntl', reg, F_GETFD, 0);
        p.expectEq(`end ${end}: F_GETFD is ${flags & CLOEXEC ? 1 : 0}`, ['IPC.SOCKETPAIR.FLAGS', 'FD.FCNTL.FD'], flags & CLOEXEC ? 1 : 0);
        p.sys('fcntl', reg, F_GETFL, 0);
        p.expectEq(`end ${end}: F_GETFL is O_RDWR${flags & NONBLOCK ? '|O_NONBLOCK' : ''}`, ['IPC.SOCKETPAIR.FLAGS', 'FD.FCNTL.GETFL.KINDS'],
          O_RDWR | (flags & NONBLOCK ? O_NONBLOCK : 0));
      }
      if (flags & NONBLOCK) {
        p.sys('read', a, p.space(8), 8);
        p.expectErrno('reading an empty end fails EAGAIN', ['IPC.SOCKETPAIR.FLAGS', 'FD.NONBLOCK.EAGAIN', 'IPC.SOCKETPAIR.PIPE'], 'EAGAIN');
      }
    }));
  for (const flags of [4, 8, 0x80, 0x800, 0x4000, 0x8_0000, 0x8000_0000]) {
    out.push(simple(`flags/bad-${flags.toString(16)}`, `socketpair with flag bits ${hexOf(flags)}${LINUX_FLAGS.includes(flags) ? ' (a Linux SOCK_ flag)' : ''} fails EINVAL and creates nothing`, (p) => {
      const at = fdPair(p);
      p.sys('socketpair', at, flags);
      p.expectErrno('socketpair fails EINVAL', ['IPC.SOCKETPAIR.FLAGS', 'ABI.FLAGS.UNKNOWN', ...(LINUX_FLAGS.includes(flags) ? ['IPC.SOCKETPAIR.NOTLINUX'] : [])], 'EINVAL');
      p.sys('dup', 0);
      p.expectEq('no handle was installed: dup returns 3', ['ABI.FLAGS.UNKNOWN', 'FD.DUP.LOWEST'], 3);
    }));
  }
  return out;
}

function hupCases(): CaseDef[] {
  return [
    simple('hup/poll-and-eof', 'after the peer closes, an end reads its queued bytes then 0, and polls POLLIN|POLLHUP|POLLERR without POLLOUT', (p) => {
      const a = p.variable();
      const b = p.variable();
      pair(p, a, b);
      p.sys('write', b, p.bytes(pattern(5, 5)), 5);
      pollEvents(p, a, POLLIN | POLLOUT);
      p.expectEq('before: POLLIN|POLLOUT', ['IPC.SOCKETPAIR.POLL', 'IPC.SOCKETPAIR.HUP'], POLLIN | POLLOUT);
      p.sys('close', b);
      pollEvents(p, a, POLLIN | POLLOUT);
      p.expectEq('after: POLLIN|POLLHUP|POLLERR', ['IPC.SOCKETPAIR.POLL', 'IPC.SOCKETPAIR.HUP'], POLLIN | POLLHUP | POLLERR);
      const got = p.space(8);
      p.sys('read', a, got, 8);
      p.expectEq('the 5 queued bytes are still read', ['IPC.SOCKETPAIR.PIPE'], 5);
      p.sys('read', a, got, 8);
      p.expectEq('then read returns 0', ['IPC.SOCKETPAIR.PIPE', 'FD.PIPE.EOF'], 0);
    }),
    simple('hup/sigpipe', 'a write after the peer closed fails EPIPE and raises SIGPIPE, which kills a process with the default action', (p) => {
      const a = p.variable();
      const b = p.variable();
      const pid = p.variable();
      pair(p, a, b);
      p.sys('close', b);
      fork(p, () => {
        p.sys('write', a, p.bytes(pattern(4, 4)), 4);
        p.exit(0);
      });
      p.save(pid);
      const st = p.space(8, 8);
      p.sys('waitpid', pid, st, 0);
      p.loadInt(11, st);
      p.expectEq('the writer was killed by SIGPIPE', ['IPC.SOCKETPAIR.PIPE', 'FD.PIPE.SIGPIPE', 'PROC.WAIT.STATUS'], SIGPIPE, 11);
    }),
  ];
}

export function socketpairCases(): CaseDef[] {
  return [...duplexCases(), ...flagCases(), ...hupCases()];
}
