// Pipes: the two ends and their rights, FIFO transfer and partial reads, EOF once every writer is
// gone, EPIPE and SIGPIPE once every reader is gone (a forked writer dies of SIGPIPE: its wait
// status says so), O_NONBLOCK (EAGAIN on an empty read or a full write, partial writes), the
// capacity and PIPE_BUF atomicity from LIMITS, EMFILE/EFAULT, and EINTR for blocked calls.

import { waitStatusExited, waitStatusSignaled } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { BAD_ADDR, F, FILES, LIMIT, O, POLL, type Prog, SIG } from './kit.js';
import { bytesOf, statBuf } from './world.js';

const CAPACITY = LIMIT.PIPE_CAPACITY;
const PIPE_BUF = LIMIT.PIPE_BUF;
const R = 3;
const W = 4;

/**
 * Where the bytes go: a pipe (3 reads, 4 writes) or a socket pair (4 writes to 3's queue,
 * IPC.SOCKETPAIR.PIPE: each direction is a pipe queue with the same rules).
 */
interface Transport {
  readonly name: 'pipe' | 'socketpair';
  readonly make: (p: Prog) => void;
  /** F_GETFL's access mode of the reading and the writing handle. */
  readonly readMode: number;
  readonly writeMode: number;
  readonly clause: string;
  /** Why a family cannot pass on the reference kernel with this transport (see the report). */
  readonly kernelBug?: { readonly nonblock?: string; readonly sigpipe?: string };
}

const PIPE: Transport = {
  name: 'pipe', make: (p) => { makePipe(p); }, readMode: O.RDONLY, writeMode: O.WRONLY, clause: 'FD.PIPE.ENDS',
};

const SOCKETPAIR: Transport = {
  name: 'socketpair',
  make: (p) => {
    const cell = p.space(8, 8);
    p.sys('socketpair', cell, 0).expectEq('socketpair returns 0', ['IPC.SOCKETPAIR.DUPLEX'], 0);
    p.expectRecord('the ends are 3 and 4', ['IPC.SOCKETPAIR.RIGHTS', 'FD.ALLOC.LOWEST'], cell, 'fd_pair', { fd0: R, fd1: W });
  },
  readMode: O.RDWR, writeMode: O.RDWR, clause: 'IPC.SOCKETPAIR.PIPE',
};

export const TRANSPORTS: readonly Transport[] = [PIPE, SOCKETPAIR];

/** pipe() into fds 3 (read) and 4 (write), asserted. */
function makePipe(p: Prog): number {
  const cell = p.space(8, 8);
  p.sys('pipe', cell).expectEq('pipe returns 0', ['FD.PIPE.ENDS'], 0);
  p.expectRecord('fds[0] = 3 (read end), fds[1] = 4 (write end)', ['FD.PIPE.ENDS', 'FD.PIPE.ORDER', 'FD.ALLOC.LOWEST'], cell, 'fd_pair', { fd0: R, fd1: W });
  return cell;
}

const filled = (n: number, ch: string): Uint8Array => new Uint8Array(n).fill(ch.charCodeAt(0));

function basics(): CaseDef[] {
  return [
    derivedCase(FILES, {
      id: 'pipe/ends/rights',
      description: 'pipe gives a read end (lower number) that cannot write and a write end that cannot read; F_GETFL reports O_RDONLY and O_WRONLY',
      build({ p }) {
        makePipe(p);
        p.sys('write', R, p.str('x'), 1).expectFail('write on the read end', ['FD.PIPE.RIGHTS', 'FD.RIGHTS.MISSING'], 'EBADF');
        p.sys('read', W, p.space(4), 1).expectFail('read on the write end', ['FD.PIPE.RIGHTS', 'FD.RIGHTS.MISSING'], 'EBADF');
        p.sys('fcntl', R, F.GETFL, 0).expectEq('F_GETFL(read end) is O_RDONLY', ['FD.FCNTL.GETFL.KINDS'], O.RDONLY);
        p.sys('fcntl', W, F.GETFL, 0).expectEq('F_GETFL(write end) is O_WRONLY', ['FD.FCNTL.GETFL.KINDS'], O.WRONLY);
        p.sys('fcntl', R, F.GETFD, 0).expectEq('the ends are not close-on-exec', ['FD.FCNTL.FD'], 0);
      },
    }),
    derivedCase(FILES, {
      id: 'pipe/ends/lowest-free',
      description: 'with 3 and 5 free between open handles, pipe takes 3 for the read end and 5 for the write end',
      build({ p }) {
        for (let i = 0; i < 3; i++) p.sys('open', p.str('/dev/null'), O.RDONLY, 0);
        p.sys('close', 3);
        p.sys('close', 5);
        const cell = p.space(8, 8);
        p.sys('pipe', cell).expectEq('pipe returns 0', ['FD.PIPE.ENDS'], 0);
        p.expectRecord('fds = [3, 5]', ['FD.PIPE.ORDER', 'FD.ALLOC.LOWEST'], cell, 'fd_pair', { fd0: 3, fd1: 5 });
      },
    }),
    derivedCase(FILES, {
      id: 'pipe/ends/fstat',
      description: 'both pipe ends answer fstat as S_IFIFO|0666 with size 0 even with bytes queued',
      build({ p }) {
        makePipe(p);
        p.sys('write', W, p.str('abc'), 3);
        for (const fd of [R, W]) {
          const st = statBuf(p);
          p.sys('fstat', fd, st).expectEq(`fstat(${fd}) returns 0`, ['FD.FSTAT.KINDS'], 0);
          p.expectRecord(`fd ${fd}: S_IFIFO|0666, size 0, owner 1, nlink 1`, ['FD.FSTAT.KINDS'], st, 'stat',
            { st_mode: 0x1000 | 0o666, st_uid: 1, st_size: 0n, st_gid: 1, st_nlink: 1 }, 0, 24);
        }
      },
    }),
  ];
}

/** FIFO transfer: writes then reads, each read returning what is there up to its count. */
const TRANSFERS: readonly { name: string; writes: readonly string[]; reads: readonly number[] }[] = [
  { name: 'one-to-one', writes: ['hello'], reads: [5] },
  { name: 'short-read', writes: ['hello'], reads: [2, 2, 10] },
  { name: 'big-read', writes: ['hello'], reads: [100] },
  { name: 'merged', writes: ['ab', 'cd', 'ef'], reads: [3, 3] },
  { name: 'merged-all', writes: ['ab', 'cd', 'ef'], reads: [64] },
  { name: 'byte-by-byte', writes: ['xyz'], reads: [1, 1, 1] },
  { name: 'read-zero', writes: ['q'], reads: [0, 1] },
];

function transfer(t: (typeof TRANSFERS)[number]): CaseDef {
  return derivedCase(FILES, {
    id: `pipe/transfer/${t.name}`,
    description: `writes ${t.writes.map((w) => `"${w}"`).join(', ')} then reads of ${t.reads.join(', ')} bytes return the bytes in order, as many as are there`,
    build({ p }) {
      makePipe(p);
      for (const w of t.writes) p.sys('write', W, p.str(w), w.length).expectEq(`write "${w}" returns ${w.length}`, ['FD.PIPE.CAPACITY'], w.length);
      let queue = t.writes.join('');
      const buf = p.space(128);
      for (const n of t.reads) {
        const got = queue.slice(0, n);
        queue = queue.slice(got.length);
        p.sys('read', R, buf, n).expectEq(`read ${n} returns ${got.length}`, n === 0 ? ['FD.READ.ZERO'] : ['FD.PIPE.PARTIAL'], got.length);
        if (got.length) p.expectMem(`the bytes are "${got}"`, ['FD.PIPE.PARTIAL'], buf, bytesOf(got));
      }
    },
  });
}

function eofCases(): CaseDef[] {
  return [
    derivedCase(FILES, {
      id: 'pipe/eof/after-close',
      description: 'after the only write end closes, read returns the queued bytes, then 0 (twice)',
      build({ p }) {
        makePipe(p);
        p.sys('write', W, p.str('abc'), 3);
        p.sys('close', W).expectEq('close the write end', ['FD.CLOSE.LAST'], 0);
        const buf = p.space(16);
        p.sys('read', R, buf, 16).expectEq('read returns the 3 queued bytes', ['FD.PIPE.EOF', 'FD.PIPE.PARTIAL'], 3);
        p.sys('read', R, buf, 16).expectEq('then 0: end of file', ['FD.PIPE.EOF'], 0);
        p.sys('read', R, buf, 16).expectEq('and 0 again', ['FD.PIPE.EOF'], 0);
      },
    }),
    derivedCase(FILES, {
      id: 'pipe/eof/empty',
      description: 'a pipe whose write end closed before any write reads 0 at once',
      build({ p }) {
        makePipe(p);
        p.sys('close', W);
        p.sys('read', R, p.space(8), 8).expectEq('read returns 0', ['FD.PIPE.EOF', 'FD.CLOSE.LAST'], 0);
      },
    }),
    derivedCase(FILES, {
      id: 'pipe/eof/child-writer',
      description: 'a forked child writes and exits; the parent (which closed its own write end) reads the bytes, then 0',
      build({ p }) {
        makePipe(p);
        const pid = p.variable();
        p.fork(pid, () => {
          p.sys('write', W, p.str('from child'), 10);
          p.exit(0);
        });
        p.sys('close', W);
        const buf = p.space(32);
        p.expectWaitStatus('the child exited 0', ['PROC.WAIT.STATUS'], pid, waitStatusExited(0));
        p.sys('read', R, buf, 32).expectEq('read returns the child\'s 10 bytes', ['FD.PIPE.PARTIAL', 'PROC.FORK.HANDLES'], 10);
        p.expectMem('"from child"', ['FD.PIPE.PARTIAL'], buf, bytesOf('from child'));
        p.sys('read', R, buf, 32).expectEq('then 0: the child\'s end closed at exit', ['FD.PIPE.EOF', 'FD.CLOSE.LAST'], 0);
      },
    }),
    derivedCase(FILES, {
      id: 'pipe/eof/poll-hup',
      description: 'after the writer closes, poll reports POLLIN|POLLHUP on the read end until it is drained, and still after',
      build({ p }) {
        makePipe(p);
        p.sys('write', W, p.str('z'), 1);
        p.sys('close', W);
        const pfd = p.space(8, 8);
        for (const round of ['with a byte queued', 'after draining']) {
          p.store64(pfd, BigInt(R) | (BigInt(POLL.IN) << 32n));
          p.sys('poll', pfd, 1, 0).expectEq(`poll ${round} returns 1`, ['FD.POLL.READY'], 1);
          p.expectRecord(`revents POLLIN|POLLHUP ${round}`, ['FD.POLL.PIPE', 'FD.PIPE.EOF'], pfd, 'pollfd', { fd: R, events: POLL.IN, revents: POLL.IN | POLL.HUP });
          if (round === 'with a byte queued') p.sys('read', R, p.space(4), 4).expectEq('read the byte', ['FD.PIPE.PARTIAL'], 1);
        }
      },
    }),
  ];
}

function dupWriter(t: Transport): CaseDef | null {
  if (t.kernelBug?.nonblock) return null;
  return derivedCase(FILES, {
    id: `pipe/via-${t.name}/eof-dup-writer`,
    description: `${t.name}: while a duplicate of the writing handle stays open there is no EOF (a non-blocking read fails EAGAIN); closing it gives EOF`,
    clauses: [t.clause],
    build({ p }) {
      t.make(p);
      p.sys('dup', W).expectEq('dup(writing handle) is 5', ['FD.DUP.LOWEST'], 5);
      p.sys('close', W);
      p.sys('fcntl', R, F.SETFL, O.NONBLOCK).expectEq('F_SETFL O_NONBLOCK on the reading handle', ['FD.FCNTL.SETFL'], 0);
      p.sys('read', R, p.space(8), 8).expectFail('read with a writer left', ['FD.PIPE.EOF', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
      p.sys('close', 5).expectEq('close the last writing handle', ['FD.CLOSE.LAST'], 0);
      p.sys('read', R, p.space(8), 8).expectEq('read returns 0', ['FD.PIPE.EOF'], 0);
    },
  });
}

function epipeCases(): CaseDef[] {
  const SIGPIPE = SIG.PIPE;
  const dies = waitStatusSignaled(SIGPIPE);
  return [
    derivedCase(FILES, {
      id: 'pipe/epipe/child-dies',
      description: `a forked child writing to a pipe with no reader dies of SIGPIPE (wait status ${dies})`,
      build({ p }) {
        makePipe(p);
        p.sys('close', R).expectEq('close the only read end', ['FD.CLOSE.LAST'], 0);
        const pid = p.variable();
        p.fork(pid, () => {
          p.sys('write', W, p.str('x'), 1);
          p.exit(0x55);
        });
        p.expectWaitStatus(`the child was killed by SIGPIPE (${SIGPIPE})`, ['FD.PIPE.SIGPIPE', 'PROC.WAIT.STATUS', 'SIG.DEFAULT.ACTION'], pid, dies);
      },
    }),
    derivedCase(FILES, {
      id: 'pipe/epipe/child-dies-with-data',
      description: 'bytes still queued do not help: a child writing after the reader closed dies of SIGPIPE',
      build({ p }) {
        makePipe(p);
        p.sys('write', W, p.str('queued'), 6);
        p.sys('close', R);
        const pid = p.variable();
        p.fork(pid, () => {
          p.sys('write', W, p.str('more'), 4);
          p.exit(0x55);
        });
        p.expectWaitStatus('the child was killed by SIGPIPE', ['FD.PIPE.SIGPIPE', 'FD.PIPE.EPIPE'], pid, dies);
      },
    }),
    derivedCase(FILES, {
      id: 'pipe/epipe/socketpair-child-dies',
      description: 'a child writing to a socket pair end whose peer is closed dies of SIGPIPE',
      build({ p }) {
        const cell = p.space(8, 8);
        p.sys('socketpair', cell, 0).expectEq('socketpair returns 0', ['IPC.SOCKETPAIR.DUPLEX'], 0);
        p.sys('close', 4).expectEq('close the peer end', ['FD.CLOSE.LAST'], 0);
        const pid = p.variable();
        p.fork(pid, () => {
          p.sys('write', 3, p.str('x'), 1);
          p.exit(0x55);
        });
        p.expectWaitStatus('the child was killed by SIGPIPE', ['FD.PIPE.SIGPIPE', 'IPC.SOCKETPAIR.PIPE'], pid, dies);
      },
    }),
  ];
}

/** EPIPE with SIGPIPE ignored, inherited as ignored, or caught: the writer lives on. */
function epipeHandled(t: Transport, how: 'ignored' | 'ignored-child' | 'caught'): CaseDef {
  const SIGPIPE = SIG.PIPE;
  return derivedCase(FILES, {
    id: `pipe/via-${t.name}/epipe-${how}`,
    description: {
      ignored: `${t.name}: with SIGPIPE ignored, a write with no reader fails EPIPE and the writer carries on`,
      'ignored-child': `${t.name}: a child inherits SIG_IGN for SIGPIPE; its write fails EPIPE and it exits normally with that result`,
      caught: `${t.name}: with a SIGPIPE handler, the write fails EPIPE and the handler runs`,
    }[how],
    clauses: [t.clause],
    build({ p }) {
      t.make(p);
      let flag = 0;
      if (how === 'caught') flag = p.catchSignal(SIGPIPE);
      else p.sys('sigaction', SIGPIPE, SIG.IGN, 0).expectEq('sigaction(SIGPIPE, SIG_IGN)', ['SIG.ACTION.RECORD'], 0);
      p.sys('close', R).expectEq('close the only reading handle', ['FD.CLOSE.LAST'], 0);
      if (how === 'ignored-child') {
        const pid = p.variable();
        p.fork(pid, () => {
          p.sys('write', W, p.str('x'), 1);
          p.exitWithResult();
        });
        p.expectWaitStatus('the child exited with -EPIPE & 0xff', ['FD.PIPE.EPIPE', 'PROC.FORK.SIGNALS', 'SIG.IGN.DISCARD'], pid, waitStatusExited(-32 & 0xff));
        return;
      }
      p.sys('write', W, p.str('x'), 1).expectFail('write with no reader', ['FD.PIPE.EPIPE'], 'EPIPE');
      if (how === 'caught') p.expectU64('the SIGPIPE handler ran', ['FD.PIPE.SIGPIPE', 'SIG.DELIVER.FRAME'], flag, 1);
      else p.sys('write', W, p.str('yy'), 2).expectFail('a second write, still alive', ['FD.PIPE.EPIPE', 'SIG.IGN.DISCARD'], 'EPIPE');
    },
  });
}

interface NbCase {
  readonly name: string;
  readonly text: string;
  readonly build: (p: Prog, t: Transport) => void;
  readonly only?: Transport['name'];
  /** Expects an EAGAIN somewhere (so it cannot pass where O_NONBLOCK is ignored). */
  readonly eagain?: boolean;
}

/** Fills the write end with `n` bytes of `ch` in one write (asserting the count). */
function fill(p: Prog, n: number, ch = 'a', expect = n, clauses: readonly string[] = ['FD.PIPE.CAPACITY']): void {
  p.sys('write', W, p.bytes(filled(n, ch)), n).expectEq(`write ${n} bytes returns ${expect}`, clauses, expect);
}

const NONBLOCK: readonly NbCase[] = [
  {
    eagain: true, name: 'empty-read', text: 'a non-blocking read of an empty pipe with a writer fails EAGAIN',
    build: (p, t) => {
      p.sys('fcntl', R, F.SETFL, O.NONBLOCK).expectEq('F_SETFL O_NONBLOCK', ['FD.FCNTL.SETFL'], 0);
      p.sys('read', R, p.space(8), 8).expectFail('read', ['FD.NONBLOCK.EAGAIN', 'FD.PIPE.EOF'], 'EAGAIN');
      p.sys('fcntl', R, F.GETFL, 0).expectEq('F_GETFL shows the access mode and O_NONBLOCK', ['FD.FCNTL.GETFL', 'FD.FCNTL.GETFL.KINDS'], t.readMode | O.NONBLOCK);
    },
  },
  {
    eagain: true, name: 'drained-read', text: 'a non-blocking read returns the queued bytes, then fails EAGAIN',
    build: (p) => {
      p.sys('fcntl', R, F.SETFL, O.NONBLOCK);
      p.sys('write', W, p.str('ab'), 2);
      p.sys('read', R, p.space(8), 8).expectEq('read returns 2', ['FD.PIPE.PARTIAL'], 2);
      p.sys('read', R, p.space(8), 8).expectFail('the next read', ['FD.NONBLOCK.EAGAIN'], 'EAGAIN');
    },
  },
  {
    eagain: true, name: 'full-write', text: `a non-blocking write to a full pipe (PIPE_CAPACITY ${CAPACITY} bytes queued) fails EAGAIN; after a read of 1 byte a 1-byte write fits`,
    build: (p) => {
      p.sys('fcntl', W, F.SETFL, O.NONBLOCK).expectEq('F_SETFL O_NONBLOCK on the write end', ['FD.FCNTL.SETFL'], 0);
      fill(p, CAPACITY);
      p.sys('write', W, p.str('x'), 1).expectFail('write 1 byte', ['FD.NONBLOCK.EAGAIN', 'FD.PIPE.CAPACITY'], 'EAGAIN');
      p.sys('read', R, p.space(4), 1).expectEq('read 1 byte', ['FD.PIPE.PARTIAL'], 1);
      p.sys('write', W, p.str('x'), 1).expectEq('write 1 byte returns 1', ['FD.PIPE.CAPACITY'], 1);
      p.sys('write', W, p.str('x'), 1).expectFail('and the pipe is full again', ['FD.NONBLOCK.EAGAIN'], 'EAGAIN');
    },
  },
  {
    name: 'over-capacity', text: `a non-blocking write of PIPE_CAPACITY+100 bytes into an empty pipe queues ${CAPACITY} and returns that`,
    build: (p) => {
      p.sys('fcntl', W, F.SETFL, O.NONBLOCK);
      fill(p, CAPACITY + 100, 'a', CAPACITY, ['FD.NONBLOCK.PARTIAL', 'FD.PIPE.CAPACITY']);
      const buf = p.space(CAPACITY + 64);
      p.sys('read', R, buf, CAPACITY + 64).expectEq(`read returns ${CAPACITY}`, ['FD.PIPE.CAPACITY'], CAPACITY);
    },
  },
  {
    name: 'partial', text: 'a non-blocking write of 600 bytes (more than PIPE_BUF) with 24 free queues 24',
    build: (p) => {
      p.sys('fcntl', W, F.SETFL, O.NONBLOCK);
      fill(p, 1000);
      fill(p, 600, 'b', CAPACITY - 1000, ['FD.NONBLOCK.PARTIAL']);
      const buf = p.space(CAPACITY + 16);
      p.sys('read', R, buf, CAPACITY + 16).expectEq(`the pipe holds ${CAPACITY}`, ['FD.NONBLOCK.PARTIAL'], CAPACITY);
      const want = new Uint8Array(CAPACITY);
      want.fill(0x61, 0, 1000).fill(0x62, 1000);
      p.expectMem('1000 "a" then 24 "b"', ['FD.NONBLOCK.PARTIAL'], buf, want);
    },
  },
  {
    eagain: true, name: 'atomic-no-room', text: `a non-blocking write of ${PIPE_BUF - 12} bytes (at most PIPE_BUF) with only ${CAPACITY - 600} free fails EAGAIN: small writes are atomic`,
    build: (p) => {
      p.sys('fcntl', W, F.SETFL, O.NONBLOCK);
      fill(p, 600);
      p.sys('write', W, p.bytes(filled(PIPE_BUF - 12, 'b')), PIPE_BUF - 12).expectFail('the small write', ['FD.PIPE.CAPACITY', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
      p.sys('read', R, p.space(CAPACITY), CAPACITY).expectEq('nothing of it was queued: 600 bytes', ['FD.PIPE.CAPACITY'], 600);
    },
  },
  {
    eagain: true, name: 'atomic-exact', text: `a non-blocking write of exactly PIPE_BUF (${PIPE_BUF}) bytes with exactly that much free queues all of it`,
    build: (p) => {
      p.sys('fcntl', W, F.SETFL, O.NONBLOCK);
      fill(p, CAPACITY - PIPE_BUF);
      fill(p, PIPE_BUF, 'b');
      p.sys('write', W, p.str('x'), 1).expectFail('the pipe is full', ['FD.NONBLOCK.EAGAIN'], 'EAGAIN');
    },
  },
  {
    only: 'pipe', name: 'per-end', text: 'O_NONBLOCK set on the read end does not show on the write end, but shows on a duplicate of the read end',
    build: (p) => {
      p.sys('fcntl', R, F.SETFL, O.NONBLOCK);
      p.sys('fcntl', W, F.GETFL, 0).expectEq('F_GETFL(write end) is O_WRONLY', ['FD.FCNTL.GETFL.KINDS'], O.WRONLY);
      p.sys('dup', R).expectEq('dup(read end) is 5', ['FD.DUP.LOWEST'], 5);
      p.sys('fcntl', 5, F.GETFL, 0).expectEq('F_GETFL(dup) is O_RDONLY|O_NONBLOCK', ['FD.DUP.SHARED', 'FD.FCNTL.GETFL.KINDS'], O.RDONLY | O.NONBLOCK);
      p.sys('fcntl', 5, F.SETFL, 0);
      p.sys('fcntl', R, F.GETFL, 0).expectEq('clearing it through the dup clears it for the read end', ['FD.FCNTL.SETFL', 'FD.DUP.SHARED'], O.RDONLY);
    },
  },
  {
    name: 'blocking-partial', text: 'a blocking write of 600 bytes (more than PIPE_BUF) with 24 free queues 24 and returns',
    build: (p) => {
      fill(p, 1000);
      fill(p, 600, 'b', CAPACITY - 1000, ['FD.PIPE.WRITE.PARTIAL']);
    },
  },
  {
    eagain: true, name: 'blocking-capacity', text: `a blocking write of exactly PIPE_CAPACITY (${CAPACITY}) bytes into an empty pipe returns at once`,
    build: (p) => {
      fill(p, CAPACITY);
      p.sys('fcntl', W, F.SETFL, O.NONBLOCK);
      p.sys('write', W, p.str('x'), 1).expectFail('one more byte', ['FD.PIPE.CAPACITY', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
    },
  },
];

/** Families that cannot pass on the reference kernel (reported), by case id. */
export const PIPE_KERNEL_BUGS: { id: string; why: string }[] = [];

function nonblock(c: NbCase, t: Transport): CaseDef | null {
  if (c.only && c.only !== t.name) return null;
  const id = `pipe/via-${t.name}/nonblock-${c.name}`;
  const bug = c.eagain ? t.kernelBug?.nonblock : undefined;
  if (bug) {
    PIPE_KERNEL_BUGS.push({ id: `files/${id}`, why: bug });
    return null;
  }
  return derivedCase(FILES, {
    id,
    description: `${t.name}: ${c.text}`,
    clauses: [t.clause],
    build({ p }) {
      t.make(p);
      c.build(p, t);
    },
  });
}

function atomicity(): CaseDef[] {
  return [
    derivedCase(FILES, {
      id: 'pipe/atomic/pipe-buf-waits',
      description: `a child's blocking write of PIPE_BUF (${PIPE_BUF}) bytes into a pipe with ${CAPACITY - 600} free is not split: it returns ${PIPE_BUF} once all of it fits`,
      build({ p }) {
        makePipe(p);
        fill(p, 600);
        const pid = p.variable();
        p.fork(pid, () => {
          p.sys('write', W, p.bytes(filled(PIPE_BUF, 'b')), PIPE_BUF);
          p.exitUnless(PIPE_BUF, 1);
          p.exit(0);
        });
        const buf = p.space(CAPACITY + 16);
        p.sys('read', R, buf, 100).expectEq('the parent reads 100 bytes', ['FD.PIPE.PARTIAL'], 100);
        p.expectWaitStatus(`the child's write returned ${PIPE_BUF} (exit 0)`, ['FD.PIPE.CAPACITY'], pid, waitStatusExited(0));
        p.sys('read', R, buf, CAPACITY + 16).expectEq(`the pipe holds 500 + ${PIPE_BUF} bytes`, ['FD.PIPE.CAPACITY'], 500 + PIPE_BUF);
        const want = new Uint8Array(500 + PIPE_BUF).fill(0x61, 0, 500).fill(0x62, 500);
        p.expectMem('500 "a" then the child\'s bytes in one piece', ['FD.PIPE.CAPACITY'], buf, want);
      },
    }),
    derivedCase(FILES, {
      id: 'pipe/atomic/large-splits',
      description: `a child's blocking write of PIPE_BUF+1 bytes into a pipe with ${CAPACITY - 600} free queues what fits and returns ${CAPACITY - 600}`,
      build({ p }) {
        makePipe(p);
        fill(p, 600);
        const pid = p.variable();
        p.fork(pid, () => {
          p.sys('write', W, p.bytes(filled(PIPE_BUF + 1, 'b')), PIPE_BUF + 1);
          p.exitUnless(CAPACITY - 600, 1);
          p.exit(0);
        });
        p.expectWaitStatus(`the child's write returned ${CAPACITY - 600} (exit 0)`, ['FD.PIPE.WRITE.PARTIAL'], pid, waitStatusExited(0));
        p.sys('read', R, p.space(CAPACITY + 16), CAPACITY + 16).expectEq(`the pipe is full: ${CAPACITY}`, ['FD.PIPE.WRITE.PARTIAL', 'FD.PIPE.CAPACITY'], CAPACITY);
      },
    }),
    derivedCase(FILES, {
      id: 'pipe/atomic/two-writers',
      description: `two children each write PIPE_BUF bytes of their own letter; the reader sees two unbroken runs`,
      build({ p }) {
        makePipe(p);
        const a = p.variable();
        const b = p.variable();
        p.fork(a, () => {
          p.sys('write', W, p.bytes(filled(PIPE_BUF, 'a')), PIPE_BUF);
          p.exitUnless(PIPE_BUF, 1);
          p.exit(0);
        });
        p.fork(b, () => {
          p.sys('write', W, p.bytes(filled(PIPE_BUF, 'b')), PIPE_BUF);
          p.exitUnless(PIPE_BUF, 1);
          p.exit(0);
        });
        p.expectWaitStatus('the first child wrote all of it', ['FD.PIPE.CAPACITY'], a, waitStatusExited(0));
        p.expectWaitStatus('the second child wrote all of it', ['FD.PIPE.CAPACITY'], b, waitStatusExited(0));
        const buf = p.space(CAPACITY + 16);
        p.sys('read', R, buf, CAPACITY + 16).expectEq(`read returns ${CAPACITY}`, ['FD.PIPE.CAPACITY'], CAPACITY);
        // Either order is allowed: compare the first half with itself shifted (all equal) by
        // checking byte 0 == byte 511 and byte 512 == byte 1023 and byte 0 != byte 512.
        const x = 3;
        p.a.movImm(9, buf).inst('LDRB_uoff', { Rt: x, Rn: 9, imm12: 0 }).inst('LDRB_uoff', { Rt: 5, Rn: 9, imm12: PIPE_BUF - 1 });
        p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: 5, imm6: 0, Rn: x, Rd: x });
        p.expectEq('the first run is one letter at both ends', ['FD.PIPE.CAPACITY'], 0, x);
        p.a.movImm(9, buf + PIPE_BUF).inst('LDRB_uoff', { Rt: x, Rn: 9, imm12: 0 }).inst('LDRB_uoff', { Rt: 5, Rn: 9, imm12: PIPE_BUF - 1 });
        p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: 5, imm6: 0, Rn: x, Rd: x });
        p.expectEq('the second run is one letter at both ends', ['FD.PIPE.CAPACITY'], 0, x);
        p.a.movImm(9, buf).inst('LDRB_uoff', { Rt: x, Rn: 9, imm12: 0 }).movImm(9, buf + PIPE_BUF).inst('LDRB_uoff', { Rt: 5, Rn: 9, imm12: 0 });
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 5, imm6: 0, Rn: x, Rd: x });
        p.expectEq('the runs are "a" and "b" (their sum is 0x61 + 0x62)', ['FD.PIPE.CAPACITY'], 0x61 + 0x62, x);
      },
    }),
  ];
}

function limits(): CaseDef[] {
  return [
    derivedCase(FILES, {
      id: 'pipe/emfile/none-free',
      description: 'with the handle table full, pipe fails EMFILE and writes nothing',
      build({ p }) {
        p.fillTable();
        const cell = p.bytes(new Uint8Array(8).fill(0xa5), 8);
        p.sys('pipe', cell).expectFail('pipe', ['FD.TABLE.FULL'], 'EMFILE');
        p.expectMem('fds[] is untouched', ['FD.TABLE.FULL'], cell, new Uint8Array(8).fill(0xa5));
      },
    }),
    derivedCase(FILES, {
      id: 'pipe/emfile/one-free',
      description: 'with one handle number free, pipe (which needs two) fails EMFILE and leaves that number free',
      build({ p }) {
        p.fillTable(1);
        p.sys('pipe', p.space(8, 8)).expectFail('pipe', ['FD.TABLE.FULL'], 'EMFILE');
        p.sys('dup', 0).expectEq(`the free number ${LIMIT.FD_MAX - 1} is still free`, ['FD.TABLE.FULL', 'FD.DUP.LOWEST'], LIMIT.FD_MAX - 1);
      },
    }),
    ...([['null', BAD_ADDR.null], ['code', BAD_ADDR.code], ['unmapped', BAD_ADDR.low], ['straddle', BAD_ADDR.pastData - 4]] as const).map(([name, addr]) => derivedCase(FILES, {
      id: `pipe/fault/${name}`,
      description: `pipe(${name}) fails EFAULT and makes no handles`,
      build({ p }) {
        p.sys('pipe', addr).expectFail(`pipe(${name})`, ['ABI.FAULT'], 'EFAULT');
        p.sys('dup', 0).expectEq('the next handle is still 3', ['ABI.FAULT.NOEFFECT', 'FD.DUP.LOWEST'], 3);
      },
    })),
  ];
}

/** EINTR: the parent blocks; a child sleeps, then sends SIGUSR1, which the parent catches. */
function eintr(): CaseDef[] {
  const SLEEP_NS = 20_000_000;
  const kick = (p: Prog, pid: ReturnType<Prog['variable']>): void => {
    p.fork(pid, () => {
      p.sys('nanosleep', 0, SLEEP_NS);
      p.sys('kill', 1, SIG.USR1);
      p.exit(0);
    });
  };
  const variants: readonly { name: string; text: string; prepare?: (p: Prog) => void; block: (p: Prog) => void }[] = [
    { name: 'read', text: 'a read blocked on an empty pipe', block: (p) => { p.sys('read', R, p.space(8), 8); } },
    { name: 'write', text: 'a write blocked on a full pipe', prepare: (p) => fill(p, CAPACITY), block: (p) => { p.sys('write', W, p.str('x'), 1); } },
    {
      name: 'poll', text: 'a poll with no timeout on an empty pipe',
      block: (p) => {
        const pfd = p.space(8, 8);
        p.store64(pfd, BigInt(R) | (BigInt(POLL.IN) << 32n));
        p.sys('poll', pfd, 1, -1);
      },
    },
  ];
  return variants.map((v) => derivedCase(FILES, {
    id: `pipe/eintr/${v.name}`,
    description: `${v.text} is interrupted by a caught signal: it fails EINTR and the handler runs`,
    build({ p }) {
      makePipe(p);
      const flag = p.catchSignal(SIG.USR1);
      const pid = p.variable();
      v.prepare?.(p);
      kick(p, pid);
      v.block(p);
      p.expectFail(v.text, ['SIG.INTR'], 'EINTR');
      p.expectU64('the handler ran', ['SIG.INTR', 'SIG.DELIVER.FRAME'], flag, 1);
      p.expectWaitStatus('the child exited 0', ['PROC.WAIT.STATUS'], pid, waitStatusExited(0));
    },
  }));
}

export function pipeCases(): CaseDef[] {
  PIPE_KERNEL_BUGS.length = 0;
  const perTransport: CaseDef[] = [];
  for (const t of TRANSPORTS) {
    const d = dupWriter(t);
    if (d) perTransport.push(d);
    else PIPE_KERNEL_BUGS.push({ id: `files/pipe/via-${t.name}/eof-dup-writer`, why: t.kernelBug!.nonblock! });
    for (const how of ['ignored', 'ignored-child', 'caught'] as const) {
      if (t.kernelBug?.sigpipe) PIPE_KERNEL_BUGS.push({ id: `files/pipe/via-${t.name}/epipe-${how}`, why: t.kernelBug.sigpipe });
      else perTransport.push(epipeHandled(t, how));
    }
    for (const c of NONBLOCK) {
      const n = nonblock(c, t);
      if (n) perTransport.push(n);
    }
  }
  return [...basics(), ...TRANSFERS.map(transfer), ...eofCases(), ...epipeCases(), ...perTransport, ...atomicity(), ...limits(), ...eintr()];
}
