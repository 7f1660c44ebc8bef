// dup / dup2 / fcntl: lowest numbers, shared objects and status flags, rights copied (and
// missing on endpoint ends and pidfds), CLOEXEC cleared on dup, F_GETFD/F_SETFD/F_GETFL/F_SETFL,
// F_DUPFD ranges, locks, unknown commands; CLOEXEC across execve (a probe program exec'd in a
// forked child reports which handles survived through its exit status); rights attenuated by
// spawn_handles, observed by a child program per operation.

import { constValue, encodeLayout, layout, RIGHT_BITS, type RightName, waitStatusExited } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { BAD_ADDR, F, FD_CLOEXEC, FILES, LIMIT, O, POLL, type Prog, SEEK } from './kit.js';
import { CLOCK_MONOTONIC, handle, HANDLES, type Made } from './handles.js';
import { addImage, BASE_FILE, bytesOf, setupTmpfs, TMP_FILE, TMP_TEXT } from './world.js';

// ---- dup / dup2 ------------------------------------------------------------------------------

/** Open handles 3..3+open-1 on /dev/null, close some, then dup one: the lowest free number. */
const LOWEST: readonly { open: number; close: readonly number[]; src: number }[] = [
  { open: 1, close: [], src: 3 },
  { open: 3, close: [4], src: 5 },
  { open: 3, close: [3], src: 5 },
  { open: 5, close: [6, 4], src: 3 },
  { open: 5, close: [7], src: 3 },
  { open: 4, close: [], src: 0 },
  { open: 6, close: [3, 5, 8], src: 4 },
];

function dupLowest(l: (typeof LOWEST)[number], how: 'dup' | 'fcntl'): CaseDef {
  const open = Array.from({ length: l.open }, (_, i) => 3 + i).filter((fd) => !l.close.includes(fd));
  const want = [...Array(LIMIT.FD_MAX).keys()].find((fd) => fd > 2 && !open.includes(fd))!;
  return derivedCase(FILES, {
    id: `dup/lowest/${how}/open${l.open}-close${l.close.join('-') || 'none'}-src${l.src}`,
    description: `with handles ${open.join(', ')} open besides 0..2, ${how === 'dup' ? `dup(${l.src})` : `fcntl(${l.src}, F_DUPFD, 0)`} returns ${want}, the lowest free number`,
    build({ p }) {
      for (let i = 0; i < l.open; i++) p.sys('open', p.str('/dev/null'), O.RDONLY, 0);
      for (const fd of l.close) p.sys('close', fd).expectEq(`close(${fd})`, ['FD.CLOSE.RELEASE'], 0);
      if (how === 'dup') p.sys('dup', l.src).expectEq(`dup(${l.src}) returns ${want}`, ['FD.DUP.LOWEST', 'FD.ALLOC.LOWEST'], want);
      else p.sys('fcntl', l.src, F.DUPFD, 0).expectEq(`F_DUPFD returns ${want}`, ['FD.FCNTL.DUPFD', 'FD.ALLOC.LOWEST'], want);
    },
  });
}

type Dupper = 'dup' | 'dup2' | 'F_DUPFD' | 'F_DUPFD_CLOEXEC';
const DUPPERS: readonly Dupper[] = ['dup', 'dup2', 'F_DUPFD', 'F_DUPFD_CLOEXEC'];
const NEWFD = 9;

/** Emits the duplication of `src`; the new number is NEWFD for dup2/F_DUPFD (arg NEWFD) and 4 for dup. */
function dupOf(p: Prog, how: Dupper, src: Reg | number): number {
  switch (how) {
    case 'dup': p.sys('dup', src); return -1;
    case 'dup2': p.sys('dup2', src, NEWFD); return NEWFD;
    case 'F_DUPFD': p.sys('fcntl', src, F.DUPFD, NEWFD); return NEWFD;
    case 'F_DUPFD_CLOEXEC': p.sys('fcntl', src, F.DUPFD_CLOEXEC, NEWFD); return NEWFD;
  }
}

const DUP_CLAUSE: Readonly<Record<Dupper, string>> = {
  dup: 'FD.DUP.LOWEST', dup2: 'FD.DUP2.REPLACE', F_DUPFD: 'FD.FCNTL.DUPFD', F_DUPFD_CLOEXEC: 'FD.FCNTL.DUPFD',
};

/** A duplicate names the same object with the same rights; its CLOEXEC is clear unless F_DUPFD_CLOEXEC. */
function dupRights(how: Dupper, h: Made): CaseDef | null {
  const src = handle(h);
  const noDup = h === 'endpoint-send' || h === 'endpoint-recv';
  return derivedCase(FILES, {
    id: `dup/rights/${how.toLowerCase().replace(/_/g, "-")}/${h}`,
    description: noDup
      ? `${how} of a ${src.what} (no DUPLICATE right) fails EACCES`
      : `${how} of a ${src.what} (opened close-on-exec where possible) names the same object with the same rights and is ${how === 'F_DUPFD_CLOEXEC' ? '' : 'not '}close-on-exec`,
    build(b) {
      const { p } = b;
      const fd = p.variable();
      src.make(b, fd);
      if (noDup) {
        dupOf(p, how, fd);
        p.expectFail(how, how.startsWith('F_') ? ['FD.FCNTL.RIGHTS', 'IPC.ENDPOINT.RIGHTS'] : ['FD.RIGHTS.MISSING', 'IPC.ENDPOINT.RIGHTS'], 'EACCES');
        return;
      }
      const flagged = h !== 'pidfd'; // a pidfd holds no SETATTR (PIDFD.RIGHTS)
      if (flagged) p.sys('fcntl', fd, F.SETFD, FD_CLOEXEC).expectEq('set-up: F_SETFD FD_CLOEXEC on the source', ['FD.FCNTL.FD'], 0);
      const nu = p.variable();
      const fixed = dupOf(p, how, fd);
      p.save(nu);
      if (fixed >= 0) p.expectEq(`${how} returns ${fixed}`, [DUP_CLAUSE[how]], fixed, nu);
      else p.expectOk(`${how} returns a new handle`, [DUP_CLAUSE[how]], nu);
      p.sys('fcntl', nu, F.GETFD, 0);
      p.expectEq(`the duplicate's F_GETFD is ${how === 'F_DUPFD_CLOEXEC' ? 'FD_CLOEXEC' : '0'}`, how === 'F_DUPFD_CLOEXEC' ? ['FD.FCNTL.DUPFD'] : ['FD.DUP.NOCLOEXEC'], how === 'F_DUPFD_CLOEXEC' ? FD_CLOEXEC : 0);
      if (flagged) p.sys('fcntl', fd, F.GETFD, 0).expectEq('the source is still FD_CLOEXEC', ['FD.FCNTL.FD'], FD_CLOEXEC);
      // Same rights: read and write behave alike on both (a one-byte probe each, on each handle).
      p.sys('fcntl', fd, F.GETFL, 0);
      const fl = p.variable();
      p.save(fl);
      p.sys('fcntl', nu, F.GETFL, 0);
      p.expectSame('F_GETFL agrees on both handles (one object)', ['FD.DUP.SHARED'], 0, fl);
      const rw = p.variable();
      if (h !== 'tty-in' && h !== 'tty-out') {
        p.sys('write', fd, 0, 0).save(rw);
        p.sys('write', nu, 0, 0);
        p.expectSame('write(fd, NULL, 0) gives the same result on both (same WRITE right)', ['FD.DUP.RIGHTS'], 0, rw);
        p.sys('read', fd, 0, 0).save(rw);
        p.sys('read', nu, 0, 0);
        p.expectSame('read(fd, NULL, 0) gives the same result on both (same READ right)', ['FD.DUP.RIGHTS'], 0, rw);
      }
      p.sys('fstat', fd, p.space(32, 8)).save(rw);
      p.sys('fstat', nu, p.space(32, 8));
      p.expectSame('fstat gives the same result on both (same GETATTR right)', ['FD.DUP.RIGHTS'], 0, rw);
      p.sys('fcntl', fd, F.SETFL, 0).save(rw);
      p.sys('fcntl', nu, F.SETFL, 0);
      p.expectSame('F_SETFL gives the same result on both (same SETATTR right)', ['FD.DUP.RIGHTS'], 0, rw);
    },
  });
}

function dupShared(): CaseDef[] {
  return [
    derivedCase(FILES, {
      id: 'dup/shared/status-flags',
      description: 'O_NONBLOCK set with F_SETFL through a duplicate shows on the source; O_APPEND from open shows on the duplicate',
      build({ p }) {
        setupTmpfs(p);
        p.sys('open', p.str(TMP_FILE), O.WRONLY | O.APPEND, 0).expectEq('open is 3', ['FS.OPEN.LOWEST'], 3);
        p.sys('dup', 3).expectEq('dup is 4', ['FD.DUP.LOWEST'], 4);
        p.sys('fcntl', 4, F.GETFL, 0).expectEq('F_GETFL(4) is O_WRONLY|O_APPEND', ['FD.DUP.SHARED', 'FD.FCNTL.GETFL'], O.WRONLY | O.APPEND);
        p.sys('fcntl', 4, F.SETFL, O.NONBLOCK | O.APPEND).expectEq('F_SETFL(4, O_NONBLOCK|O_APPEND)', ['FD.FCNTL.SETFL'], 0);
        p.sys('fcntl', 3, F.GETFL, 0).expectEq('F_GETFL(3) is O_WRONLY|O_APPEND|O_NONBLOCK', ['FD.DUP.SHARED', 'FD.FCNTL.SETFL'], O.WRONLY | O.APPEND | O.NONBLOCK);
        p.sys('write', 3, p.str('Z'), 1);
        p.sys('lseek', 4, 0, SEEK.CUR).expectEq('a write through 3 moved 4 to the new end', ['FD.DUP.SHARED', 'FS.OPEN.APPEND'], TMP_TEXT.length + 1);
      },
    }),
    derivedCase(FILES, {
      id: 'dup/shared/close-one',
      description: 'closing the source leaves the duplicate working on the same open file',
      build({ p }) {
        setupTmpfs(p);
        p.sys('open', p.str(TMP_FILE), O.RDONLY, 0);
        p.sys('dup', 3).expectEq('dup is 4', ['FD.DUP.LOWEST'], 4);
        p.sys('close', 3).expectEq('close(3)', ['FD.CLOSE.RELEASE'], 0);
        const buf = p.space(16);
        p.sys('read', 4, buf, 16).expectEq(`read(4) returns ${TMP_TEXT.length}`, ['FD.CLOSE.RELEASE', 'FD.DUP.SHARED'], TMP_TEXT.length);
        p.expectMem('the file\'s bytes', ['FD.CLOSE.RELEASE'], buf, bytesOf(TMP_TEXT));
        p.sys('dup', 4).expectEq('the freed number 3 is reused', ['FD.DUP.LOWEST'], 3);
      },
    }),
  ];
}

interface Dup2Case {
  readonly name: string;
  readonly text: string;
  readonly build: (p: Prog) => void;
}

const DUP2: readonly Dup2Case[] = [
  {
    name: 'replace-file', text: 'dup2 onto an open file handle closes it and makes the number name the source\'s file',
    build: (p) => {
      setupTmpfs(p);
      p.sys('open', p.str(TMP_FILE), O.RDONLY, 0);
      p.sys('open', p.str(BASE_FILE.path), O.RDONLY, 0);
      p.sys('dup2', 3, 4).expectEq('dup2(3, 4) returns 4', ['FD.DUP2.REPLACE'], 4);
      const buf = p.space(32);
      p.sys('read', 4, buf, 32).expectEq(`read(4) returns the tmpfs file's ${TMP_TEXT.length} bytes`, ['FD.DUP2.REPLACE'], TMP_TEXT.length);
      p.expectMem('they are the tmpfs file\'s', ['FD.DUP2.REPLACE'], buf, bytesOf(TMP_TEXT));
    },
  },
  {
    name: 'replace-pipe-writer', text: 'dup2 over the only write end of a pipe closes it: the reader sees EOF',
    build: (p) => {
      p.sys('pipe', p.space(8, 8)).expectEq('pipe: 3 and 4', ['FD.PIPE.ENDS'], 0);
      p.sys('open', p.str('/dev/null'), O.RDONLY, 0).expectEq('open /dev/null is 5', ['FS.OPEN.LOWEST'], 5);
      p.sys('dup2', 5, 4).expectEq('dup2(5, 4) returns 4', ['FD.DUP2.REPLACE'], 4);
      p.sys('read', 3, p.space(8), 8).expectEq('the read end reads 0 (end of file)', ['FD.DUP2.REPLACE', 'FD.CLOSE.LAST', 'FD.PIPE.EOF'], 0);
    },
  },
  {
    name: 'replace-cloexec', text: 'dup2 onto a close-on-exec handle gives a handle that is not close-on-exec',
    build: (p) => {
      p.sys('open', p.str('/dev/null'), O.RDONLY, 0);
      p.sys('open', p.str('/dev/zero'), O.RDONLY | O.CLOEXEC, 0);
      p.sys('dup2', 3, 4).expectEq('dup2(3, 4)', ['FD.DUP2.REPLACE'], 4);
      p.sys('fcntl', 4, F.GETFD, 0).expectEq('F_GETFD(4) is 0', ['FD.DUP.NOCLOEXEC'], 0);
    },
  },
  {
    name: 'free-high', text: `dup2 onto the free number ${LIMIT.FD_MAX - 1} returns it`,
    build: (p) => {
      p.sys('dup2', 1, LIMIT.FD_MAX - 1).expectEq(`dup2(1, ${LIMIT.FD_MAX - 1})`, ['FD.DUP.SHARED'], LIMIT.FD_MAX - 1);
      p.sys('write', LIMIT.FD_MAX - 1, p.str('\n'), 1).expectEq('it writes to the console', ['FD.DUP.RIGHTS', 'TTY.WRITE.CONSOLE'], 1);
      p.sys('dup', 0).expectEq('the lowest free number is still 3', ['FD.DUP.LOWEST'], 3);
    },
  },
  {
    name: 'same-cloexec', text: 'dup2(fd, fd) returns fd and leaves its close-on-exec flag set',
    build: (p) => {
      p.sys('open', p.str('/dev/null'), O.RDONLY | O.CLOEXEC, 0);
      p.sys('dup2', 3, 3).expectEq('dup2(3, 3) returns 3', ['FD.DUP2.SAME'], 3);
      p.sys('fcntl', 3, F.GETFD, 0).expectEq('F_GETFD(3) is still FD_CLOEXEC', ['FD.DUP2.SAME'], FD_CLOEXEC);
    },
  },
  {
    name: 'same-no-duplicate-right', text: 'dup2(fd, fd) on an endpoint end (no DUPLICATE right) returns fd',
    build: (p) => {
      p.sys('endpoint_create', p.space(8, 8)).expectEq('endpoint_create: 3 and 4', ['IPC.ENDPOINT.CREATE'], 0);
      p.sys('dup2', 3, 3).expectEq('dup2(3, 3) returns 3', ['FD.DUP2.SAME', 'IPC.ENDPOINT.RIGHTS'], 3);
      p.sys('dup2', 3, 5).expectFail('dup2(3, 5)', ['FD.RIGHTS.MISSING', 'IPC.ENDPOINT.RIGHTS'], 'EACCES');
    },
  },
  { name: 'newfd-fd-max', text: `dup2(0, FD_MAX) fails EBADF`, build: (p) => { p.sys('dup2', 0, LIMIT.FD_MAX).expectFail(`dup2(0, ${LIMIT.FD_MAX})`, ['ABI.INT.RANGE', 'FD.BADF'], 'EBADF'); } },
  { name: 'newfd-negative', text: 'dup2(0, -1) fails EBADF', build: (p) => { p.sys('dup2', 0, -1).expectFail('dup2(0, -1)', ['ABI.INT.RANGE', 'FD.BADF'], 'EBADF'); } },
  { name: 'newfd-int-max', text: 'dup2(0, 0x7fffffff) fails EBADF', build: (p) => { p.sys('dup2', 0, 0x7fff_ffff).expectFail('dup2(0, 0x7fffffff)', ['ABI.INT.RANGE'], 'EBADF'); } },
  {
    name: 'newfd-upper-bits', text: 'dup2(0, 0x1_0000_0005) uses the low 32 bits of newfd: it returns 5',
    build: (p) => { p.sys('dup2', 0, 0x1_0000_0005).expectEq('dup2 returns 5', ['ABI.ARGS.UNUSED', 'FD.DUP2.REPLACE'], 5); },
  },
  { name: 'oldfd-closed', text: 'dup2 from a closed number fails EBADF', build: (p) => { p.sys('dup2', 7, 8).expectFail('dup2(7, 8)', ['FD.BADF'], 'EBADF'); } },
  { name: 'oldfd-closed-same', text: 'dup2(fd, fd) on a closed number fails EBADF', build: (p) => { p.sys('dup2', 7, 7).expectFail('dup2(7, 7)', ['FD.BADF', 'FD.DUP2.SAME'], 'EBADF'); } },
  { name: 'both-bad', text: 'dup2 with a bad oldfd and a bad newfd fails EBADF', build: (p) => { p.sys('dup2', -1, LIMIT.FD_MAX).expectFail('dup2(-1, FD_MAX)', ['FD.BADF'], 'EBADF'); } },
  {
    name: 'old-stays', text: 'after dup2 the source handle still works and keeps its own number',
    build: (p) => {
      setupTmpfs(p);
      p.sys('open', p.str(TMP_FILE), O.RDONLY, 0);
      p.sys('dup2', 3, 6).expectEq('dup2(3, 6)', ['FD.DUP2.REPLACE'], 6);
      p.sys('close', 6);
      p.sys('read', 3, p.space(16), 4).expectEq('read(3) still works', ['FD.CLOSE.RELEASE'], 4);
    },
  },
];

function dup2Case(d: Dup2Case): CaseDef {
  return derivedCase(FILES, { id: `dup/dup2/${d.name}`, description: d.text, build: ({ p }) => d.build(p) });
}

function dupEmfile(how: 'dup' | 'F_DUPFD' | 'F_DUPFD_CLOEXEC'): CaseDef {
  return derivedCase(FILES, {
    id: `dup/emfile/${how}`,
    description: `with all ${LIMIT.FD_MAX} handle numbers in use, ${how} fails EMFILE`,
    build({ p }) {
      p.fillTable();
      if (how === 'dup') p.sys('dup', 1);
      else p.sys('fcntl', 1, F[how === 'F_DUPFD' ? 'DUPFD' : 'DUPFD_CLOEXEC'], 0);
      p.expectFail(how, ['FD.TABLE.FULL'], 'EMFILE');
    },
  });
}

// ---- fcntl -----------------------------------------------------------------------------------

function setfd(arg: number | bigint): CaseDef {
  const bit = BigInt.asUintN(64, BigInt(arg)) & 1n;
  return derivedCase(FILES, {
    id: `fcntl/setfd/${BigInt.asUintN(64, BigInt(arg)).toString(16)}`,
    description: `F_SETFD with arg 0x${BigInt.asUintN(64, BigInt(arg)).toString(16)} sets close-on-exec from bit 0: F_GETFD then reads ${bit}`,
    build({ p }) {
      p.sys('open', p.str('/dev/null'), O.RDONLY | (bit ? 0 : O.CLOEXEC), 0);
      p.sys('fcntl', 3, F.SETFD, arg).expectEq('F_SETFD returns 0', ['FD.FCNTL.FD'], 0);
      p.sys('fcntl', 3, F.GETFD, 0).expectEq(`F_GETFD returns ${bit}`, ['FD.FCNTL.FD'], bit);
    },
  });
}

interface SetflCase {
  readonly name: string;
  readonly open: number;
  readonly arg: number | bigint;
}

const SETFL: readonly SetflCase[] = [
  { name: 'set-nonblock', open: O.RDWR, arg: O.NONBLOCK },
  { name: 'clear-nonblock', open: O.RDWR | O.NONBLOCK, arg: 0 },
  { name: 'append-ignored', open: O.RDWR, arg: O.APPEND },
  { name: 'append-kept', open: O.WRONLY | O.APPEND, arg: 0 },
  { name: 'append-kept-nonblock', open: O.WRONLY | O.APPEND, arg: O.NONBLOCK },
  { name: 'access-ignored', open: O.RDONLY, arg: O.RDWR | O.NONBLOCK },
  { name: 'creat-trunc-ignored', open: O.RDWR, arg: O.CREAT | O.TRUNC | O.CLOEXEC },
  { name: 'all-bits', open: O.RDWR, arg: 0xffff_ffff },
  { name: 'all-64-bits', open: O.RDONLY, arg: -1 },
];

function setfl(c: SetflCase): CaseDef {
  const keep = c.open & (O.APPEND | 3);
  const nb = BigInt.asUintN(64, BigInt(c.arg)) & BigInt(O.NONBLOCK) ? O.NONBLOCK : 0;
  const want = keep | nb;
  return derivedCase(FILES, {
    id: `fcntl/setfl/${c.name}`,
    description: `F_SETFL(0x${BigInt.asUintN(64, BigInt(c.arg)).toString(16)}) on a file opened 0x${c.open.toString(16)} changes only O_NONBLOCK: F_GETFL reads 0x${want.toString(16)}`,
    build({ p }) {
      setupTmpfs(p);
      p.sys('open', p.str(TMP_FILE), c.open, 0).expectEq('open is 3', ['FS.OPEN.LOWEST'], 3);
      p.sys('fcntl', 3, F.SETFL, c.arg).expectEq('F_SETFL returns 0', ['FD.FCNTL.SETFL'], 0);
      p.sys('fcntl', 3, F.GETFL, 0).expectEq(`F_GETFL is 0x${want.toString(16)}`, ['FD.FCNTL.SETFL', 'FD.FCNTL.GETFL'], want);
      if ((c.open & 3) !== O.RDONLY) {
        // Whether O_APPEND is in force shows in where a write lands.
        const append = (c.open & O.APPEND) !== 0;
        p.sys('write', 3, p.str('Q'), 1);
        p.sys('lseek', 3, 0, SEEK.CUR).expectEq(`the write landed at ${append ? 'the end' : 'offset 0'}`, ['FD.FCNTL.SETFL', 'FS.OPEN.APPEND'], append ? TMP_TEXT.length + 1 : 1);
      }
    },
  });
}

const GETFL_KINDS: readonly { h: Made; want: number | 'EACCES' }[] = [
  { h: 'tty-in', want: O.RDWR },
  { h: 'dir', want: O.RDONLY },
  { h: 'base-file', want: O.RDONLY },
  { h: 'file-wronly', want: O.WRONLY },
  { h: 'pipe-read', want: O.RDONLY },
  { h: 'pipe-write', want: O.WRONLY },
  { h: 'eventfd', want: O.RDWR | O.NONBLOCK },
  { h: 'socketpair', want: O.RDWR },
  { h: 'pidfd', want: O.RDWR },
  { h: 'timerfd', want: O.RDWR | O.NONBLOCK },
  { h: 'endpoint-send', want: 'EACCES' },
  { h: 'endpoint-recv', want: 'EACCES' },
];

function getflKind(g: (typeof GETFL_KINDS)[number]): CaseDef {
  const h = handle(g.h);
  return derivedCase(FILES, {
    id: `fcntl/getfl-kind/${g.h}`,
    description: `F_GETFL on a ${h.what} ${g.want === 'EACCES' ? 'fails EACCES (no GETATTR right)' : `is 0x${g.want.toString(16)}`}`,
    build(b) {
      const fd = b.p.variable();
      h.make(b, fd);
      b.p.sys('fcntl', fd, F.GETFL, 0);
      if (g.want === 'EACCES') b.p.expectFail('F_GETFL', ['FD.FCNTL.RIGHTS', 'IPC.ENDPOINT.RIGHTS'], 'EACCES');
      else {
        const extra = g.h === 'eventfd' ? ['EVT.NONBLOCK'] : g.h === 'timerfd' ? ['TFD.CREATE'] : g.h === 'pidfd' ? ['PIDFD.NONBLOCK'] : [];
        b.p.expectEq(`F_GETFL is 0x${g.want.toString(16)}`, ['FD.FCNTL.GETFL', 'FD.FCNTL.GETFL.KINDS', ...extra], g.want);
      }
    },
  });
}

/** Each command on handles with and without the right it needs (FD.FCNTL.RIGHTS). */
const CMD_RIGHTS: readonly { cmd: keyof typeof F; arg: number; right: RightName; ok: (fd: number) => number }[] = [
  { cmd: 'DUPFD', arg: 20, right: 'DUPLICATE', ok: () => 20 },
  { cmd: 'DUPFD_CLOEXEC', arg: 20, right: 'DUPLICATE', ok: () => 20 },
  { cmd: 'GETFD', arg: 0, right: 'GETATTR', ok: () => 0 },
  { cmd: 'SETFD', arg: 1, right: 'SETATTR', ok: () => 0 },
  { cmd: 'GETFL', arg: 0, right: 'GETATTR', ok: () => O.RDWR },
  { cmd: 'SETFL', arg: 0, right: 'SETATTR', ok: () => 0 },
  { cmd: 'GETLK', arg: 0, right: 'GETATTR', ok: () => 0 },
  { cmd: 'SETLK', arg: 0, right: 'GETATTR', ok: () => 0 },
  { cmd: 'SETLKW', arg: 0, right: 'GETATTR', ok: () => 0 },
];

/** Kinds whose default rights lack some meta rights: endpoint ends (WRITE|TRANSFER, READ|TRANSFER) and pidfds (no SETATTR). */
const RIGHTS_OF: Partial<Record<Made, readonly RightName[]>> = {
  'endpoint-send': ['WRITE', 'TRANSFER'],
  'endpoint-recv': ['READ', 'TRANSFER'],
  pidfd: ['READ', 'WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR'],
  'file-rdwr': ['READ', 'WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR'],
};

function cmdRights(c: (typeof CMD_RIGHTS)[number], h: Made): CaseDef {
  const has = RIGHTS_OF[h]!.includes(c.right);
  const mh = handle(h);
  return derivedCase(FILES, {
    id: `fcntl/rights/f-${c.cmd.toLowerCase().replace(/_/g, "-")}/${h}`,
    description: `F_${c.cmd} needs ${c.right}: on a ${mh.what} it ${has ? 'succeeds' : 'fails EACCES'}`,
    build(b) {
      const fd = b.p.variable();
      mh.make(b, fd);
      b.p.sys('fcntl', fd, F[c.cmd], c.arg);
      if (has) b.p.expectEq(`F_${c.cmd} returns ${c.ok(3)}`, ['FD.FCNTL.RIGHTS', c.cmd.startsWith('DUP') ? 'FD.FCNTL.DUPFD' : c.cmd.endsWith('LK') || c.cmd === 'SETLKW' ? 'FD.FCNTL.LOCKS' : 'FD.FCNTL.FD'], c.ok(3));
      else b.p.expectFail(`F_${c.cmd} without ${c.right}`, ['FD.FCNTL.RIGHTS', ...(h === 'pidfd' ? ['PIDFD.RIGHTS'] : ['IPC.ENDPOINT.RIGHTS'])], 'EACCES');
    },
  });
}

function dupfdArg(arg: number | bigint, want: number | 'EINVAL', pre: readonly number[] = []): CaseDef {
  const hex = BigInt.asUintN(64, BigInt(arg)).toString(16);
  return derivedCase(FILES, {
    id: `fcntl/dupfd-arg/${hex}${pre.length ? `-taken-${pre.join('-')}` : ''}`,
    description: `F_DUPFD(0, arg 0x${hex})${pre.length ? ` with ${pre.join(', ')} taken` : ''} ${want === 'EINVAL' ? 'fails EINVAL (arg outside 0..FD_MAX-1)' : `returns ${want}, the lowest free number >= arg`}`,
    build({ p }) {
      for (const fd of pre) p.sys('dup2', 0, fd);
      p.sys('fcntl', 0, F.DUPFD, arg);
      if (want === 'EINVAL') p.expectFail('F_DUPFD', ['FD.FCNTL.DUPFD.RANGE'], 'EINVAL');
      else p.expectEq(`F_DUPFD returns ${want}`, ['FD.FCNTL.DUPFD'], want);
    },
  });
}

function unknownCmd(cmd: number, fd: number): CaseDef {
  return derivedCase(FILES, {
    id: `fcntl/unknown-cmd/${(cmd >>> 0).toString(16)}${fd !== 1 ? `/fd-${fd}` : ''}`,
    description: fd === 1 ? `fcntl command ${cmd} is not in FCNTL_CMDS: EINVAL` : `fcntl(${fd}, ${cmd}) on a closed handle fails EBADF before the command is looked at`,
    build({ p }) {
      p.sys('fcntl', fd, cmd, 0);
      if (fd === 1) p.expectFail(`fcntl(1, ${cmd})`, ['FD.FCNTL.UNKNOWN', 'ABI.ENUM.UNKNOWN'], 'EINVAL');
      else p.expectFail(`fcntl(${fd}, ${cmd})`, ['FD.BADF', 'ABI.CHECK.ORDER'], 'EBADF');
    },
  });
}

function locks(h: Made): CaseDef {
  const mh = handle(h);
  return derivedCase(FILES, {
    id: `fcntl/locks/${h}`,
    description: `F_GETLK, F_SETLK and F_SETLKW on a ${mh.what} succeed and do nothing`,
    build(b) {
      const fd = b.p.variable();
      mh.make(b, fd);
      for (const cmd of ['GETLK', 'SETLK', 'SETLKW'] as const) b.p.sys('fcntl', fd, F[cmd], BAD_ADDR.low).expectEq(`F_${cmd} returns 0`, ['FD.FCNTL.LOCKS'], 0);
      b.p.sys('fcntl', fd, F.GETFD, 0).expectEq('nothing else changed: F_GETFD is 0', ['FD.FCNTL.LOCKS'], 0);
    },
  });
}

// ---- CLOEXEC across execve ------------------------------------------------------------------

const PROBE = '/bin/fdprobe';
const PROBE_FDS = [3, 4, 5, 6, 7, 8, 9, 10] as const;

/** The probe: exit status bit (fd - 3) set when fcntl(fd, F_GETFD) succeeds, for fds 3..10. */
function probeProgram(p: Prog): Uint8Array {
  const mask = 19;
  p.a.movImm(mask, 0);
  for (const fd of PROBE_FDS) {
    const closed = p.a.label();
    p.sys('fcntl', fd, F.GETFD, 0);
    p.a.tbnz(0, 63, closed);
    p.a.addImm(mask, mask, 1 << (fd - 3));
    p.a.bind(closed);
  }
  p.mov(0, mask);
  p.exitWithResult();
  return p.elf();
}

interface ExecSetup {
  readonly name: string;
  readonly text: string;
  /** Makes handles in the parent; returns which of 3..10 are open and which close-on-exec. */
  readonly build: (p: Prog) => { open: readonly number[]; cloexec: readonly number[] };
}

const SOCKETPAIR_CLOEXEC = constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_CLOEXEC');
const EFD_CLOEXEC = constValue('EVENTFD_FLAGS', 'EFD_CLOEXEC');
const TFD_CLOEXEC = constValue('TIMERFD_CREATE_FLAGS', 'TFD_CLOEXEC');
const PIDFD_CLOEXEC = constValue('PIDFD_OPEN_FLAGS', 'PIDFD_CLOEXEC');

const nullOpen = (p: Prog, flags = 0): void => { p.sys('open', p.str('/dev/null'), O.RDONLY | flags, 0); };

const EXEC_SETUPS: readonly ExecSetup[] = [
  { name: 'none', text: 'no handles beyond 0..2', build: () => ({ open: [], cloexec: [] }) },
  {
    name: 'open-flag', text: 'open with and without O_CLOEXEC',
    build: (p) => { nullOpen(p); nullOpen(p, O.CLOEXEC); nullOpen(p); nullOpen(p, O.CLOEXEC); return { open: [3, 4, 5, 6], cloexec: [4, 6] }; },
  },
  {
    name: 'all-cloexec', text: 'every handle opened O_CLOEXEC',
    build: (p) => { for (let i = 0; i < 5; i++) nullOpen(p, O.CLOEXEC); return { open: [3, 4, 5, 6, 7], cloexec: [3, 4, 5, 6, 7] }; },
  },
  {
    name: 'setfd', text: 'F_SETFD(FD_CLOEXEC) on one handle, F_SETFD(1) then F_SETFD(0) on another',
    build: (p) => {
      nullOpen(p); nullOpen(p); nullOpen(p);
      p.sys('fcntl', 3, F.SETFD, FD_CLOEXEC);
      p.sys('fcntl', 4, F.SETFD, FD_CLOEXEC);
      p.sys('fcntl', 4, F.SETFD, 0);
      return { open: [3, 4, 5], cloexec: [3] };
    },
  },
  {
    name: 'dup-clears', text: 'dup, dup2 and F_DUPFD of a close-on-exec handle, and F_DUPFD_CLOEXEC of a plain one',
    build: (p) => {
      nullOpen(p, O.CLOEXEC); // 3
      nullOpen(p); // 4
      p.sys('dup', 3); // 5
      p.sys('dup2', 3, 6);
      p.sys('fcntl', 3, F.DUPFD, 7);
      p.sys('fcntl', 4, F.DUPFD_CLOEXEC, 8);
      return { open: [3, 4, 5, 6, 7, 8], cloexec: [3, 8] };
    },
  },
  {
    name: 'pipe-ends', text: 'a pipe with F_SETFD(FD_CLOEXEC) on its write end',
    build: (p) => { p.sys('pipe', p.space(8, 8)); p.sys('fcntl', 4, F.SETFD, FD_CLOEXEC); return { open: [3, 4], cloexec: [4] }; },
  },
  {
    name: 'object-flags', text: 'eventfd EFD_CLOEXEC, socketpair SOCKETPAIR_CLOEXEC, timerfd TFD_CLOEXEC, pidfd PIDFD_CLOEXEC, and plain ones',
    build: (p) => {
      p.sys('eventfd', 0, EFD_CLOEXEC); // 3
      p.sys('eventfd', 0, 0); // 4
      p.sys('socketpair', p.space(8, 8), SOCKETPAIR_CLOEXEC); // 5, 6
      p.sys('timerfd_create', CLOCK_MONOTONIC, TFD_CLOEXEC); // 7
      p.sys('pidfd_open', 1, PIDFD_CLOEXEC); // 8
      p.sys('timerfd_create', CLOCK_MONOTONIC, 0); // 9
      p.sys('pidfd_open', 1, 0); // 10
      return { open: [3, 4, 5, 6, 7, 8, 9, 10], cloexec: [3, 5, 6, 7, 8] };
    },
  },
  {
    name: 'closed-gaps', text: 'closed numbers between open ones stay closed',
    build: (p) => { nullOpen(p); nullOpen(p); nullOpen(p, O.CLOEXEC); nullOpen(p); p.sys('close', 4); return { open: [3, 5, 6], cloexec: [5] }; },
  },
  {
    name: 'directory', text: 'directory handles, one O_CLOEXEC',
    build: (p) => {
      p.sys('open', p.str('/etc'), O.RDONLY | O.CLOEXEC, 0);
      p.sys('open', p.str('/dev'), O.RDONLY, 0);
      return { open: [3, 4], cloexec: [3] };
    },
  },
];

function maskOf(s: { open: readonly number[]; cloexec: readonly number[] }): number {
  return s.open.filter((fd) => !s.cloexec.includes(fd)).reduce((m, fd) => m | (1 << (fd - 3)), 0);
}

function execCase(e: ExecSetup): CaseDef {
  return derivedCase(FILES, {
    id: `cloexec/execve/${e.name}`,
    description: `${e.text}: after fork + execve, the new program finds exactly the handles not marked close-on-exec (it reports them in its exit status)`,
    build(b) {
      const { p } = b;
      const state = e.build(p);
      const mask = maskOf(state);
      b.file({ path: PROBE, data: probeProgram(b.child()) });
      const pid = p.variable();
      const argv = p.words([p.str('fdprobe'), 0]);
      p.fork(pid, () => {
        p.sys('execve', p.str(PROBE), argv, 0);
        p.exit(0xee);
      });
      p.expectWaitStatus(`the probe saw handles 0x${mask.toString(16)} (bit n = handle 3+n)`,
        ['PROC.EXEC.CLOEXEC', 'FS.OPEN.CLOEXEC', 'FD.INHERIT.FORK', 'PROC.EXEC.REPLACE', 'FD.DUP.NOCLOEXEC', 'FD.FCNTL.FD'], pid, waitStatusExited(mask));
      // The parent's own handles are untouched by the child's exec.
      for (const fd of state.cloexec.slice(0, 2)) p.sys('fcntl', fd, F.GETFD, 0).expectEq(`the parent's handle ${fd} is still open and FD_CLOEXEC`, ['FD.INHERIT.FORK', 'FD.FCNTL.FD'], FD_CLOEXEC);
    },
  });
}

function execFailsafe(): CaseDef[] {
  return [
    derivedCase(FILES, {
      id: 'cloexec/execve/failed-exec-keeps',
      description: 'an execve that fails (ENOENT) closes nothing: the close-on-exec handle is still open and flagged in the child',
      build({ p }) {
        nullOpen(p, O.CLOEXEC);
        const pid = p.variable();
        p.fork(pid, () => {
          p.sys('execve', p.str('/bin/nope'), 0, 0);
          p.exitUnless(-2, 1);
          p.sys('fcntl', 3, F.GETFD, 0);
          p.exitUnless(FD_CLOEXEC, 2);
          p.exit(0);
        });
        p.expectWaitStatus('the child saw ENOENT, then handle 3 still FD_CLOEXEC (exit 0)', ['PROC.EXEC.FAILSAFE', 'PROC.EXEC.NOENT'], pid, waitStatusExited(0));
      },
    }),
    derivedCase(FILES, {
      id: 'cloexec/fork-inherits-flag',
      description: 'fork copies each handle with its close-on-exec flag',
      build({ p }) {
        nullOpen(p, O.CLOEXEC);
        nullOpen(p);
        const pid = p.variable();
        p.fork(pid, () => {
          p.sys('fcntl', 3, F.GETFD, 0);
          p.exitUnless(FD_CLOEXEC, 1);
          p.sys('fcntl', 4, F.GETFD, 0);
          p.exitUnless(0, 2);
          p.exit(0);
        });
        p.expectWaitStatus('the child saw FD_CLOEXEC on 3 and 0 on 4 (exit 0)', ['FD.INHERIT.FORK', 'PROC.FORK.HANDLES'], pid, waitStatusExited(0));
      },
    }),
    derivedCase(FILES, {
      id: 'cloexec/execve/offset-survives',
      description: 'a file handle that survives execve keeps its shared offset: the new program reads on from where the parent stopped',
      build(b) {
        const { p } = b;
        addImage(b);
        p.sys('open', p.str(BASE_FILE.path), O.RDONLY, 0).expectEq('open is 3', ['FS.OPEN.LOWEST'], 3);
        p.sys('read', 3, p.space(8), 5).expectEq('read 5 bytes', ['FD.READ.OFFSET'], 5);
        const c = b.child();
        c.sys('read', 3, c.space(8), 1);
        c.exitUnless(1, 0x10);
        c.sys('lseek', 3, 0, SEEK.CUR);
        c.exitWithResult();
        b.file({ path: '/bin/offprobe', data: c.elf() });
        const pid = p.variable();
        const argv = p.words([p.str('offprobe'), 0]);
        p.fork(pid, () => {
          p.sys('execve', p.str('/bin/offprobe'), argv, 0);
          p.exit(0xee);
        });
        p.expectWaitStatus('the new program read 1 byte and found the offset at 6', ['PROC.EXEC.REPLACE', 'FS.LSEEK.SHARED', 'FD.INHERIT.FORK'], pid, waitStatusExited(6));
        p.sys('lseek', 3, 0, SEEK.CUR).expectEq('the parent\'s offset moved to 6 too', ['FS.LSEEK.SHARED'], 6);
      },
    }),
  ];
}

// ---- rights attenuated by spawn_handles ------------------------------------------------------

interface RightsOp {
  readonly name: string;
  readonly needs: readonly RightName[];
  /** Any one of `needs` suffices (lseek). */
  readonly any?: boolean;
  readonly on: 'file' | 'dir';
  /** Child code: leaves the result in x0. */
  readonly emit: (c: Prog) => void;
  readonly ok: number;
  readonly missing: number;
  readonly clauses: readonly string[];
}

const EBADF = -9;
const EACCES = -13;

const RIGHTS_OPS: readonly RightsOp[] = [
  { name: 'read', needs: ['READ'], on: 'file', emit: (c) => { c.sys('read', 3, c.space(8), 4); }, ok: 4, missing: EBADF, clauses: ['FD.RIGHTS.MISSING'] },
  { name: 'write', needs: ['WRITE'], on: 'file', emit: (c) => { c.sys('write', 3, c.str('w'), 1); }, ok: 1, missing: EBADF, clauses: ['FD.RIGHTS.MISSING'] },
  { name: 'lseek', needs: ['READ', 'WRITE'], any: true, on: 'file', emit: (c) => { c.sys('lseek', 3, 2, SEEK.SET); }, ok: 2, missing: EBADF, clauses: ['FD.RIGHTS.MISSING', 'FS.LSEEK.WHENCE'] },
  { name: 'fstat', needs: ['GETATTR'], on: 'file', emit: (c) => { c.sys('fstat', 3, c.space(32, 8)); }, ok: 0, missing: EACCES, clauses: ['FD.RIGHTS.MISSING', 'FD.FSTAT.KINDS'] },
  { name: 'dup', needs: ['DUPLICATE'], on: 'file', emit: (c) => { c.sys('dup', 3); }, ok: 0, missing: EACCES, clauses: ['FD.RIGHTS.MISSING', 'FD.DUP.LOWEST', 'PROC.SPAWNH.EMPTY'] },
  { name: 'dup2', needs: ['DUPLICATE'], on: 'file', emit: (c) => { c.sys('dup2', 3, 7); }, ok: 7, missing: EACCES, clauses: ['FD.RIGHTS.MISSING'] },
  { name: 'dup2-same', needs: [], on: 'file', emit: (c) => { c.sys('dup2', 3, 3); }, ok: 3, missing: 3, clauses: ['FD.DUP2.SAME'] },
  { name: 'f-dupfd', needs: ['DUPLICATE'], on: 'file', emit: (c) => { c.sys('fcntl', 3, F.DUPFD, 5); }, ok: 5, missing: EACCES, clauses: ['FD.FCNTL.RIGHTS'] },
  { name: 'f-getfd', needs: ['GETATTR'], on: 'file', emit: (c) => { c.sys('fcntl', 3, F.GETFD, 0); }, ok: 0, missing: EACCES, clauses: ['FD.FCNTL.RIGHTS'] },
  { name: 'f-setfd', needs: ['SETATTR'], on: 'file', emit: (c) => { c.sys('fcntl', 3, F.SETFD, 1); }, ok: 0, missing: EACCES, clauses: ['FD.FCNTL.RIGHTS'] },
  { name: 'f-getfl', needs: ['GETATTR'], on: 'file', emit: (c) => { c.sys('fcntl', 3, F.GETFL, 0); }, ok: O.RDWR, missing: EACCES, clauses: ['FD.FCNTL.RIGHTS'] },
  { name: 'f-setfl', needs: ['SETATTR'], on: 'file', emit: (c) => { c.sys('fcntl', 3, F.SETFL, 0); }, ok: 0, missing: EACCES, clauses: ['FD.FCNTL.RIGHTS'] },
  { name: 'f-setlk', needs: ['GETATTR'], on: 'file', emit: (c) => { c.sys('fcntl', 3, F.SETLK, 0); }, ok: 0, missing: EACCES, clauses: ['FD.FCNTL.RIGHTS', 'FD.FCNTL.LOCKS'] },
  { name: 'ftruncate', needs: ['WRITE'], on: 'file', emit: (c) => { c.sys('ftruncate', 3, 4); }, ok: 0, missing: EBADF, clauses: ['FD.RIGHTS.MISSING', 'FS.TRUNCATE.SHRINK'] },
  { name: 'fsync', needs: [], on: 'file', emit: (c) => { c.sys('fsync', 3); }, ok: 0, missing: 0, clauses: ['FS.FSYNC.OTHER'] },
  { name: 'close', needs: [], on: 'file', emit: (c) => { c.sys('close', 3); }, ok: 0, missing: 0, clauses: ['FD.CLOSE.RELEASE'] },
  { name: 'getdents', needs: ['READ'], on: 'dir', emit: (c) => { c.sys('getdents', 3, c.space(64, 8), 64); }, ok: 0, missing: EBADF, clauses: ['FD.RIGHTS.MISSING', 'FS.GETDENTS.END'] },
];

/** poll reports POLLIN only with READ and POLLOUT only with WRITE (FD.POLL.RIGHTS). */
const POLL_OP = {
  name: 'poll',
  emit: (c: Prog): void => {
    const pfd = c.space(8, 8);
    c.store64(pfd, 3n | (BigInt(POLL.IN | POLL.OUT) << 32n));
    c.sys('poll', pfd, 1, 0);
    c.a.movImm(9, pfd + 6).inst('LDRH_uoff', { Rt: 0, Rn: 9, imm12: 0 });
  },
};

const FILE_RIGHTS: readonly RightName[] = ['READ', 'WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR'];
const DIR_RIGHTS: readonly RightName[] = ['READ', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR'];

function maskOfRights(rs: readonly RightName[]): number {
  return rs.reduce((m, r) => m | RIGHT_BITS[r], 0);
}

function rightsName(mask: number): string {
  const names = (Object.keys(RIGHT_BITS) as RightName[]).filter((r) => mask & RIGHT_BITS[r]);
  return names.length ? names.join('|') : 'none';
}

/** spawn_handles(path, NULL, [{3 -> 3, rights}], 1); the child does one operation and exits with its result. */
function spawnRights(opName: string, on: 'file' | 'dir', spec: number, expect: number, clauses: readonly string[], emit: (c: Prog) => void): CaseDef {
  const source = on === 'file' ? FILE_RIGHTS : DIR_RIGHTS;
  const held = spec & maskOfRights(source);
  return derivedCase(FILES, {
    id: `rights/spawn/${opName}/${spec.toString(16)}`,
    description: `a child given fd 3 (${on === 'file' ? 'a tmpfs file opened O_RDWR' : 'a tmpfs directory'}) with spec rights 0x${spec.toString(16)} holds ${rightsName(held)}; ${opName} there returns ${expect}`,
    clauses: ['PROC.SPAWNH.ATTENUATE', 'FD.RIGHTS.DEFAULT'],
    build(b) {
      const { p } = b;
      setupTmpfs(p);
      p.sys('open', p.str(on === 'file' ? TMP_FILE : '/tmp/d'), on === 'file' ? O.RDWR : O.RDONLY, 0).expectEq('open is 3', ['FS.OPEN.LOWEST'], 3);
      const c = b.child();
      emit(c);
      c.exitWithResult();
      b.file({ path: '/bin/op', data: c.elf() });
      const specs = p.bytes(encodeLayout(layout('spawn_handle'), { source_fd: 3, target_fd: 3, rights: spec, flags: 0 }), 8);
      p.sys('spawn_handles', p.str('/bin/op'), 0, specs, 1);
      p.expectEq(`spawn_handles returns the child's status ${expect & 0xff} (${expect})`, ['PROC.SPAWN.STATUS', ...clauses], expect & 0xff);
    },
  });
}

function rightsCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const op of RIGHTS_OPS) {
    const source = op.on === 'file' ? FILE_RIGHTS : DIR_RIGHTS;
    const all = maskOfRights(source);
    const needed = maskOfRights(op.needs);
    const masks = new Set<number>([0xff, 0]);
    if (needed) {
      masks.add(all & ~needed);
      for (const r of op.needs) masks.add(RIGHT_BITS[r]);
      for (const r of op.needs) masks.add(all & ~RIGHT_BITS[r]);
    }
    for (const m of masks) {
      const held = m & all;
      const ok = op.needs.length === 0 || (op.any ? (held & needed) !== 0 : (held & needed) === needed);
      out.push(spawnRights(op.name, op.on, m, ok ? op.ok : op.missing, op.clauses, op.emit));
    }
  }
  for (const m of [0xff, RIGHT_BITS.READ, RIGHT_BITS.WRITE, RIGHT_BITS.GETATTR, 0]) {
    const held = m & maskOfRights(FILE_RIGHTS);
    const revents = (held & RIGHT_BITS.READ ? POLL.IN : 0) | (held & RIGHT_BITS.WRITE ? POLL.OUT : 0);
    out.push(spawnRights('poll', 'file', m, revents, ['FD.POLL.RIGHTS', 'FD.POLL.FILE'], POLL_OP.emit));
  }
  return out;
}

export function fdopsCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const l of LOWEST) for (const how of ['dup', 'fcntl'] as const) out.push(dupLowest(l, how));
  for (const how of DUPPERS) for (const h of HANDLES) {
    const c = dupRights(how, h.name);
    if (c) out.push(c);
  }
  out.push(...dupShared(), ...DUP2.map(dup2Case), ...(['dup', 'F_DUPFD', 'F_DUPFD_CLOEXEC'] as const).map(dupEmfile));
  out.push(...[0, 1, 2, 3, 0xfe, 0xff, -1, 2n ** 32n, 2n ** 32n + 1n].map(setfd));
  out.push(...SETFL.map(setfl), ...GETFL_KINDS.map(getflKind));
  for (const c of CMD_RIGHTS) for (const h of ['endpoint-send', 'endpoint-recv', 'pidfd', 'file-rdwr'] as const) out.push(cmdRights(c, h));
  out.push(dupfdArg(0, 3), dupfdArg(3, 5, [3, 4]), dupfdArg(10, 10), dupfdArg(LIMIT.FD_MAX - 1, LIMIT.FD_MAX - 1), dupfdArg(2, 3));
  out.push(dupfdArg(LIMIT.FD_MAX, 'EINVAL'), dupfdArg(-1, 'EINVAL'), dupfdArg(2n ** 32n, 'EINVAL'), dupfdArg(-(2n ** 63n), 'EINVAL'), dupfdArg(0x7fff_ffff, 'EINVAL'));
  for (const cmd of [5, 6, 10, 11, 12, 13, 15, 16, 1030, 1031, -1, 0x7fff_ffff]) out.push(unknownCmd(cmd, 1));
  out.push(unknownCmd(77, 99), unknownCmd(F.GETFD, 99), unknownCmd(77, -1), unknownCmd(77, LIMIT.FD_MAX));
  for (const h of ['file-rdwr', 'dir', 'pipe-read', 'tty-out', 'eventfd'] as const) out.push(locks(h));
  out.push(...EXEC_SETUPS.map(execCase), ...execFailsafe());
  out.push(...rightsCases());
  return out;
}
