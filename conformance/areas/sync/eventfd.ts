// Event counters (EVT.*): creation flags and initial values, counter and semaphore reads, writes
// of every size, the overflow limit, non-blocking EAGAIN, poll readiness, blocking waits woken
// by another thread or process, sharing, fstat and the counter limit.

import { constValue, knownBits } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase, type DerivedCaseSpec } from '../../program/derived-case.js';
import {
  expectSame, expectWord, expectWord32, F_GETFD, F_GETFL, F_SETFL, FD_CLOEXEC, fn, forkChild, le64, AREA, MS,
  O_NONBLOCK, O_RDWR, POLLIN, POLLOUT, S_IFIFO, sleepNs, stackTop, threadCreate, waitpid, waitBlocked,
} from './kit.js';

const EFD_SEMAPHORE = constValue('EVENTFD_FLAGS', 'EFD_SEMAPHORE');
const EFD_CLOEXEC = constValue('EVENTFD_FLAGS', 'EFD_CLOEXEC');
const EFD_NONBLOCK = constValue('EVENTFD_FLAGS', 'EFD_NONBLOCK');
const MAX = 0xffff_ffff_ffff_fffen;
const EVT_COUNTERS_MAX = 16;

/** Every eventfd case creates its counters with `create` (or checks the number eventfd returns). */
const makeEvtCase = (s: DerivedCaseSpec): CaseDef => derivedCase(AREA, { ...s, clauses: [...(s.clauses ?? []), 'EVT.CREATE', 'FD.ALLOC.LOWEST'] });

/** eventfd(initval, flags) into a fresh variable; asserts it is the lowest free handle (3). */
function create(p: CaseProgram, initval: number | bigint, flags: number, clauses: string[] = []): Reg {
  const fd = p.variable();
  p.sys('eventfd', initval, flags);
  p.save(fd);
  p.expectEq(`eventfd(${initval}, 0x${flags.toString(16)}) returns handle 3, the lowest free`, ['EVT.CREATE', 'FD.ALLOC.LOWEST', ...clauses], 3, fd);
  return fd;
}

/** Reads one value: asserts the result and, on success, the value read. */
function readValue(p: CaseProgram, fd: Reg, buf: number, expect: bigint | 'EAGAIN', clauses: readonly string[], what = 'read'): void {
  p.sys('read', fd, buf, 8);
  if (expect === 'EAGAIN') {
    p.expectErrno(`${what} fails EAGAIN: the counter is 0`, ['EVT.READ.EMPTY', ...clauses], 'EAGAIN');
    return;
  }
  p.expectEq(`${what} returns 8`, ['EVT.READ.COUNTER', ...clauses], 8);
  expectWord(p, `${what} gets ${expect}`, clauses, buf, expect);
}

/** Writes one 64-bit value: asserts the result. */
function writeValue(p: CaseProgram, fd: Reg, value: bigint, expect: 8 | 'EAGAIN' | 'EINVAL', clauses: readonly string[]): void {
  const at = p.bytes(le64([value]), 8);
  p.sys('write', fd, at, 8);
  if (expect === 8) p.expectEq(`write ${value} returns 8`, ['EVT.WRITE.ADD', ...clauses], 8);
  else p.expectErrno(`write ${value} fails ${expect}`, clauses, expect);
}

function flagsName(flags: number): string {
  const parts = [flags & EFD_SEMAPHORE ? 'sem' : '', flags & EFD_CLOEXEC ? 'cloexec' : '', flags & EFD_NONBLOCK ? 'nonblock' : ''].filter(Boolean);
  return parts.length ? parts.join('-') : 'none';
}

/** Every valid flag combination: handle flags as F_GETFL/F_GETFD report them, and the read mode. */
function flagsCase(flags: number): CaseDef {
  const sem = (flags & EFD_SEMAPHORE) !== 0;
  const nonblock = (flags & EFD_NONBLOCK) !== 0;
  return makeEvtCase({
    id: `eventfd/flags/${flagsName(flags)}`,
    description: `eventfd(3, ${flagsName(flags)}): F_GETFL is O_RDWR${nonblock ? '|O_NONBLOCK' : ''}, F_GETFD ${flags & EFD_CLOEXEC ? 'FD_CLOEXEC' : '0'}, and reads ${sem ? 'count down by one' : 'take the whole counter'}`,
    clauses: ['EVT.FLAGS', 'EVT.CREATE', 'EVT.NONBLOCK', 'FD.FCNTL.GETFL', 'FD.FCNTL.GETFL.KINDS', 'FD.FCNTL.FD', 'FD.ALLOC.LOWEST', 'EVT.READ.COUNTER', 'EVT.READ.EMPTY', ...(sem ? ['EVT.READ.SEMAPHORE'] : [])],
    build({ p }) {
      const buf = p.space(8, 8);
      const fd = create(p, 3, flags, ['EVT.FLAGS']);
      p.sys('fcntl', fd, F_GETFL, 0);
      p.expectEq('F_GETFL', ['FD.FCNTL.GETFL', 'FD.FCNTL.GETFL.KINDS', 'EVT.NONBLOCK'], O_RDWR | (nonblock ? O_NONBLOCK : 0));
      p.sys('fcntl', fd, F_GETFD, 0);
      p.expectEq('F_GETFD', ['FD.FCNTL.FD', 'EVT.NONBLOCK'], flags & EFD_CLOEXEC ? FD_CLOEXEC : 0);
      readValue(p, fd, buf, sem ? 1n : 3n, sem ? ['EVT.READ.SEMAPHORE'] : []);
      if (sem) {
        readValue(p, fd, buf, 1n, ['EVT.READ.SEMAPHORE'], 'second read');
        readValue(p, fd, buf, 1n, ['EVT.READ.SEMAPHORE'], 'third read');
      }
      if (nonblock) readValue(p, fd, buf, 'EAGAIN', [], 'read of the drained counter');
    },
  });
}

function badFlagsCase(flags: number): CaseDef {
  return makeEvtCase({
    id: `eventfd/badflags/${flags.toString(16)}`,
    description: `eventfd(0, 0x${flags.toString(16)}) fails EINVAL: a bit outside EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK`,
    clauses: ['EVT.FLAGS', 'ABI.FLAGS.UNKNOWN', 'FD.ALLOC.LOWEST'],
    build({ p }) {
      p.sys('eventfd', 0, flags);
      p.expectErrno('eventfd fails EINVAL', ['EVT.FLAGS', 'ABI.FLAGS.UNKNOWN'], 'EINVAL');
      p.sys('eventfd', 0, 0);
      p.expectEq('no handle was used up: the next eventfd is handle 3', ['FD.ALLOC.LOWEST'], 3);
    },
  });
}

function initvalCase(initval: bigint, sem: boolean): CaseDef {
  const value = BigInt.asUintN(32, initval);
  return makeEvtCase({
    id: `eventfd/initval/${sem ? 'sem' : 'counter'}/${initval.toString(16)}`,
    description: `eventfd(0x${initval.toString(16)}, ${sem ? 'EFD_SEMAPHORE|' : ''}EFD_NONBLOCK) starts at ${value}${initval !== value ? ' (initval is 32-bit: the upper register bits are ignored)' : ''}: ${sem ? 'reads return 1 that many times' : 'one read returns it'}, then EAGAIN`,
    clauses: ['EVT.CREATE', 'EVT.FLAGS', 'EVT.READ.COUNTER', 'EVT.READ.EMPTY', ...(sem ? ['EVT.READ.SEMAPHORE'] : []), ...(initval !== value ? ['ABI.ARGS.UNUSED'] : [])],
    build({ p }) {
      const buf = p.space(8, 8);
      const fd = create(p, initval, EFD_NONBLOCK | (sem ? EFD_SEMAPHORE : 0));
      if (sem) {
        for (let i = 0n; i < value; i++) readValue(p, fd, buf, 1n, ['EVT.READ.SEMAPHORE'], `read ${i + 1n}`);
      } else if (value !== 0n) {
        readValue(p, fd, buf, value, ['EVT.CREATE']);
      }
      readValue(p, fd, buf, 'EAGAIN', [], 'the next read');
    },
  });
}

/** Writes add; one counter read returns the sum (or a semaphore counts it down). */
function writesCase(name: string, values: readonly bigint[], sem: boolean): CaseDef {
  const sum = values.reduce((a, b) => a + b, 0n);
  return makeEvtCase({
    id: `eventfd/writes/${sem ? 'sem' : 'counter'}/${name}`,
    description: `writes of ${values.join(', ')} to a ${sem ? 'semaphore' : 'counter'} eventfd add up to ${sum}; ${sem ? 'each read returns 1' : 'one read returns the sum and resets it'}`,
    clauses: ['EVT.WRITE.ADD', 'EVT.READ.COUNTER', 'EVT.READ.EMPTY', ...(sem ? ['EVT.READ.SEMAPHORE'] : [])],
    build({ p }) {
      const buf = p.space(8, 8);
      const fd = create(p, 0, EFD_NONBLOCK | (sem ? EFD_SEMAPHORE : 0));
      for (const v of values) writeValue(p, fd, v, 8, []);
      if (sem) {
        for (let i = 0n; i < sum; i++) readValue(p, fd, buf, 1n, ['EVT.READ.SEMAPHORE'], `read ${i + 1n}`);
      } else if (sum !== 0n) {
        readValue(p, fd, buf, sum, ['EVT.WRITE.ADD']);
      }
      readValue(p, fd, buf, 'EAGAIN', [], 'the next read');
    },
  });
}

/** read with each count: 0 returns 0, 1..7 EINVAL leaving the counter, 8 and more transfer exactly 8 bytes. */
function readSizeCase(count: number, nullBuf: boolean): CaseDef {
  const kind = count === 0 ? 'zero' : count < 8 ? 'short' : 'full';
  return makeEvtCase({
    id: `eventfd/read-size/${count}${nullBuf ? '-null' : ''}`,
    description: `read of ${count} bytes${nullBuf ? ' into NULL' : ''} from an eventfd holding 9: ${kind === 'zero' ? 'returns 0 and takes nothing' : kind === 'short' ? 'fails EINVAL and takes nothing' : 'returns 8, writes exactly 8 bytes, resets the counter'}`,
    clauses: ['EVT.READ.COUNTER', ...(kind === 'zero' ? ['FD.READ.ZERO', 'EVT.READ.SHORT', 'ABI.NULL.EMPTY'] : kind === 'short' ? ['EVT.READ.SHORT'] : ['EVT.RW.SIZE', 'EVT.READ.EMPTY'])],
    build({ p }) {
      const buf = p.bytes(new Uint8Array(Math.max(count, 8) + 8).fill(0xaa), 8);
      const fd = create(p, 9, EFD_NONBLOCK);
      p.sys('read', fd, nullBuf ? 0 : buf, count);
      if (kind === 'zero') p.expectEq('read returns 0', ['FD.READ.ZERO', 'ABI.NULL.EMPTY'], 0);
      else if (kind === 'short') p.expectErrno('read fails EINVAL', ['EVT.READ.SHORT'], 'EINVAL');
      else p.expectEq('read returns 8', ['EVT.RW.SIZE'], 8);
      if (kind === 'full') {
        const after = new Uint8Array(Math.max(count, 8) + 8 - 8).fill(0xaa);
        expectWord(p, 'the value is 9', ['EVT.READ.COUNTER'], buf, 9);
        p.expectMem('bytes past the first 8 are untouched', ['EVT.RW.SIZE'], buf + 8, after);
        readValue(p, fd, buf, 'EAGAIN', [], 'the next read');
      } else {
        if (!nullBuf) p.expectMem('the buffer is untouched', [kind === 'zero' ? 'FD.READ.ZERO' : 'EVT.READ.SHORT'], buf, new Uint8Array(8).fill(0xaa));
        readValue(p, fd, buf, 9n, [kind === 'zero' ? 'FD.READ.ZERO' : 'EVT.READ.SHORT'], 'a full read still');
      }
    },
  });
}

function writeSizeCase(count: number): CaseDef {
  const kind = count === 0 ? 'zero' : count < 8 ? 'short' : 'full';
  return makeEvtCase({
    id: `eventfd/write-size/${count}`,
    description: `write of ${count} bytes (first 8 bytes = 5) to an eventfd holding 2: ${kind === 'zero' ? 'returns 0, adds nothing' : kind === 'short' ? 'fails EINVAL, adds nothing' : 'returns 8 and adds 5'}`,
    clauses: ['EVT.READ.COUNTER', ...(kind === 'zero' ? ['FD.WRITE.ZERO', 'EVT.WRITE.INVALID'] : kind === 'short' ? ['EVT.WRITE.INVALID'] : ['EVT.RW.SIZE', 'EVT.WRITE.ADD'])],
    build({ p }) {
      const bytes = new Uint8Array(Math.max(count, 8)).fill(0x77);
      bytes.set(le64([5]));
      const src = p.bytes(bytes, 8);
      const buf = p.space(8, 8);
      const fd = create(p, 2, EFD_NONBLOCK);
      p.sys('write', fd, src, count);
      if (kind === 'zero') p.expectEq('write returns 0', ['FD.WRITE.ZERO'], 0);
      else if (kind === 'short') p.expectErrno('write fails EINVAL', ['EVT.WRITE.INVALID'], 'EINVAL');
      else p.expectEq('write returns 8', ['EVT.RW.SIZE'], 8);
      readValue(p, fd, buf, kind === 'full' ? 7n : 2n, kind === 'full' ? ['EVT.WRITE.ADD', 'EVT.RW.SIZE'] : ['EVT.WRITE.INVALID']);
    },
  });
}

function writeAllOnesCase(start: bigint): CaseDef {
  return makeEvtCase({
    id: `eventfd/write-invalid/all-ones-from-${start.toString(16)}`,
    description: `writing 0xffffffffffffffff to an eventfd holding ${start} fails EINVAL and leaves the counter`,
    clauses: ['EVT.WRITE.INVALID', 'EVT.READ.COUNTER', 'EVT.READ.EMPTY'],
    build({ p }) {
      const buf = p.space(8, 8);
      const fd = create(p, start, EFD_NONBLOCK);
      writeValue(p, fd, 0xffff_ffff_ffff_ffffn, 'EINVAL', ['EVT.WRITE.INVALID']);
      readValue(p, fd, buf, start === 0n ? 'EAGAIN' : start, ['EVT.WRITE.INVALID'], 'the counter is unchanged: read');
    },
  });
}

/** Counter at `start` (by writes), then a non-blocking write of `add`: EAGAIN when it would pass MAX. */
function overflowCase(name: string, start: bigint, add: bigint): CaseDef {
  const fits = start + add <= MAX;
  return makeEvtCase({
    id: `eventfd/overflow/${name}`,
    description: `counter ${start} + write ${add}: ${fits ? `fits (limit 0xfffffffffffffffe), counter ${start + add}` : 'would pass 0xfffffffffffffffe: EAGAIN, counter unchanged'}`,
    clauses: ['EVT.WRITE.OVERFLOW', 'EVT.WRITE.ADD', 'EVT.READ.COUNTER'],
    build({ p }) {
      const buf = p.space(8, 8);
      const fd = create(p, 0, EFD_NONBLOCK);
      if (start !== 0n) writeValue(p, fd, start, 8, []);
      writeValue(p, fd, add, fits ? 8 : 'EAGAIN', ['EVT.WRITE.OVERFLOW']);
      const now = fits ? start + add : start;
      readValue(p, fd, buf, now === 0n ? 'EAGAIN' : now, ['EVT.WRITE.OVERFLOW'], 'then read');
    },
  });
}

/** poll readiness at a given counter, for each requested event mask. */
function pollCase(state: 'zero' | 'one' | 'max' | 'drained', events: number): CaseDef {
  const counter = state === 'one' ? 1n : state === 'max' ? MAX : 0n;
  const ready = (counter !== 0n ? POLLIN : 0) | (counter < MAX ? POLLOUT : 0);
  const revents = ready & events;
  const evName = [events & POLLIN ? 'in' : '', events & POLLOUT ? 'out' : ''].filter(Boolean).join('-') || 'none';
  return makeEvtCase({
    id: `eventfd/poll/${state}/${evName}`,
    description: `poll(events ${evName}) on an eventfd whose counter is ${state === 'max' ? 'at the limit' : state === 'drained' ? 'read back to 0' : counter}: revents 0x${revents.toString(16)}`,
    clauses: ['FD.POLL.EVENTFD', 'EVT.POLL.OUT', 'FD.POLL.READY', ...(state === 'zero' ? [] : ['EVT.WRITE.ADD']), ...(state === 'drained' ? ['EVT.READ.COUNTER'] : [])],
    build({ p }) {
      const buf = p.space(8, 8);
      const fd = create(p, 0, EFD_NONBLOCK);
      if (state === 'one' || state === 'drained') writeValue(p, fd, 1n, 8, []);
      if (state === 'max') writeValue(p, fd, MAX, 8, []);
      if (state === 'drained') readValue(p, fd, buf, 1n, []);
      const pfd = p.space(8, 8);
      p.a.movImm(9, pfd).inst('STR_W_uoff', { Rt: fd.n, Rn: 9, imm12: 0 });
      p.a.movImm(10, events | (0x5a5a << 16)).inst('STR_W_uoff', { Rt: 10, Rn: 9, imm12: 1 });
      p.sys('poll', pfd, 1, 0);
      p.expectEq(`poll returns ${revents ? 1 : 0}`, ['FD.POLL.READY'], revents ? 1 : 0);
      p.a.movImm(9, pfd).inst('LDRH_uoff', { Rt: 11, Rn: 9, imm12: 3 });
      p.expectEq(`revents = 0x${revents.toString(16)}`, ['FD.POLL.EVENTFD', 'EVT.POLL.OUT'], revents, 11);
    },
  });
}

/** A blocking read or write woken by a second thread or a child process. */
function blockCase(kind: 'read' | 'read-sem' | 'write', source: 'thread' | 'process'): CaseDef {
  const sem = kind === 'read-sem';
  return makeEvtCase({
    id: `eventfd/block/${kind}/${source}`,
    description: kind === 'write'
      ? `a blocking write of 1 to a counter at the limit waits until a ${source === 'thread' ? 'second thread' : 'child process'} reads, then returns 8`
      : `a blocking ${sem ? 'semaphore ' : ''}read of an empty eventfd waits until a ${source === 'thread' ? 'second thread' : 'child process'} writes 42, then returns ${sem ? '1 (41 left)' : '42'}`,
    clauses: [kind === 'write' ? 'EVT.WRITE.OVERFLOW' : 'EVT.READ.EMPTY', 'EVT.WRITE.ADD', 'EVT.READ.COUNTER', ...(sem ? ['EVT.READ.SEMAPHORE'] : []), ...(source === 'thread' ? ['THR.HANDLES.SHARED', 'THR.CREATE.ID'] : ['FD.INHERIT.FORK', 'PROC.WAIT.STATUS']), ...(kind !== 'read' ? [] : ['EVT.READ.EMPTY'])],
    build({ p }) {
      const buf = p.space(8, 8);
      const peerBuf = p.space(8, 8);
      const forty2 = p.bytes(le64([42]), 8);
      const fd = create(p, 0, sem ? EFD_SEMAPHORE : 0);
      if (kind === 'write') writeValue(p, fd, MAX, 8, []);
      const peer = (): void => {
        // A thread starts with only x0 = arg set (THR.CREATE.REGS): the handle comes as its arg.
        if (source === 'thread') p.mov(fd.n, 0);
        if (source === 'thread') sleepNs(p, MS);
        else waitBlocked(p, 1);
        if (kind === 'write') p.sys('read', fd, peerBuf, 8);
        else p.sys('write', fd, forty2, 8);
        p.exit(0);
      };
      let child: Reg | null = null;
      if (source === 'thread') {
        threadCreate(p, fn(p, peer), fd, stackTop(p));
        p.expectCmp('thread_create returns a thread id', ['THR.CREATE.ID'], 'gt', 0);
      } else {
        child = forkChild(p, peer);
      }
      if (kind === 'write') {
        writeValue(p, fd, 1n, 8, ['EVT.WRITE.OVERFLOW']);
      } else {
        readValue(p, fd, buf, sem ? 1n : 42n, sem ? ['EVT.READ.SEMAPHORE'] : [], 'the blocking read');
      }
      if (child) {
        const status = p.space(8, 8);
        waitpid(p, child, status);
        expectWord(p, 'the child exited 0', ['PROC.WAIT.STATUS'], status, 0);
      }
      p.sys('fcntl', fd, F_SETFL, O_NONBLOCK);
      readValue(p, fd, buf, kind === 'write' ? 1n : sem ? 1n : 'EAGAIN', [], 'what is left');
    },
  });
}

function nonblockSharedCase(): CaseDef {
  return makeEvtCase({
    id: 'eventfd/nonblock/shared-by-dup',
    description: 'F_SETFL O_NONBLOCK on a dup of an eventfd applies to the counter: the original handle reports it and its read fails EAGAIN',
    clauses: ['EVT.NONBLOCK', 'FD.FCNTL.SETFL', 'FD.FCNTL.GETFL', 'FD.DUP.SHARED', 'EVT.READ.EMPTY'],
    build({ p }) {
      const buf = p.space(8, 8);
      const fd = create(p, 0, 0);
      const dup = p.variable();
      p.sys('dup', fd);
      p.save(dup);
      p.expectEq('dup returns 4', ['FD.ALLOC.LOWEST'], 4, dup);
      p.sys('fcntl', dup, F_SETFL, O_NONBLOCK);
      p.expectEq('F_SETFL returns 0', ['FD.FCNTL.SETFL'], 0);
      p.sys('fcntl', fd, F_GETFL, 0);
      p.expectEq('the original handle reports O_RDWR|O_NONBLOCK', ['EVT.NONBLOCK', 'FD.FCNTL.GETFL', 'FD.DUP.SHARED'], O_RDWR | O_NONBLOCK);
      readValue(p, fd, buf, 'EAGAIN', ['EVT.NONBLOCK'], 'read on the original handle');
    },
  });
}

function cloexecOnlyNewCase(): CaseDef {
  return makeEvtCase({
    id: 'eventfd/cloexec/only-new-handle',
    description: 'EFD_CLOEXEC marks only the new handle: a dup of it is not close-on-exec',
    clauses: ['EVT.NONBLOCK', 'FD.DUP.NOCLOEXEC', 'FD.FCNTL.FD'],
    build({ p }) {
      const fd = create(p, 0, EFD_CLOEXEC);
      p.sys('fcntl', fd, F_GETFD, 0);
      p.expectEq('the new handle is FD_CLOEXEC', ['EVT.NONBLOCK', 'FD.FCNTL.FD'], FD_CLOEXEC);
      const dup = p.variable();
      p.sys('dup', fd);
      p.save(dup);
      p.expectEq('dup returns 4', ['FD.ALLOC.LOWEST'], 4, dup);
      p.sys('fcntl', dup, F_GETFD, 0);
      p.expectEq('the dup is not close-on-exec', ['FD.DUP.NOCLOEXEC', 'EVT.NONBLOCK'], 0);
      p.sys('fcntl', fd, F_GETFD, 0);
      p.expectEq('the original still is', ['EVT.NONBLOCK'], FD_CLOEXEC);
    },
  });
}

function fstatCase(flags: number): CaseDef {
  return makeEvtCase({
    id: `eventfd/fstat/${flagsName(flags)}`,
    description: `fstat on an eventfd (${flagsName(flags)}) reports S_IFIFO|0666 and size 0`,
    clauses: ['EVT.FSTAT', 'FD.FSTAT.KINDS'],
    build({ p }) {
      const st = p.bytes(new Uint8Array(32).fill(0xcc), 8);
      const fd = create(p, 5, flags);
      p.sys('fstat', fd, st);
      p.expectEq('fstat returns 0', ['FD.FSTAT.KINDS'], 0);
      expectWord32(p, 'st_mode = S_IFIFO|0666', ['EVT.FSTAT'], st, S_IFIFO | 0o666);
      expectWord(p, 'st_size = 0', ['EVT.FSTAT'], st + 8, 0);
    },
  });
}

function nomemCase(): CaseDef {
  return makeEvtCase({
    id: 'eventfd/nomem/sixteen-live',
    description: `${EVT_COUNTERS_MAX} live counters succeed, the next eventfd fails ENOMEM, and closing one makes room again`,
    clauses: ['EVT.NOMEM', 'EVT.CREATE', 'FD.CLOSE.LAST', 'FD.CLOSE.RELEASE'],
    build({ p }) {
      for (let i = 0; i < EVT_COUNTERS_MAX; i++) {
        p.sys('eventfd', i, 0);
        p.expectEq(`counter ${i + 1} is handle ${3 + i}`, ['EVT.CREATE', 'FD.ALLOC.LOWEST'], 3 + i);
      }
      p.sys('eventfd', 0, 0);
      p.expectErrno(`counter ${EVT_COUNTERS_MAX + 1} fails ENOMEM`, ['EVT.NOMEM'], 'ENOMEM');
      p.sys('close', 7);
      p.expectEq('close returns 0', ['FD.CLOSE.RELEASE'], 0);
      p.sys('eventfd', 0, 0);
      p.expectEq('a new counter fits again, at handle 7', ['EVT.NOMEM', 'FD.CLOSE.LAST'], 7);
    },
  });
}

function forkSharedCase(sem: boolean): CaseDef {
  return makeEvtCase({
    id: `eventfd/fork/shared${sem ? '-sem' : ''}`,
    description: `a child writes 3 to an eventfd it inherited; after waitpid init ${sem ? 'reads 1 three times' : 'reads 3'}: the counter is shared`,
    clauses: ['FD.INHERIT.FORK', 'EVT.WRITE.ADD', 'EVT.READ.COUNTER', 'EVT.READ.EMPTY', 'PROC.WAIT.REAP', ...(sem ? ['EVT.READ.SEMAPHORE'] : [])],
    build({ p }) {
      const buf = p.space(8, 8);
      const three = p.bytes(le64([3]), 8);
      const status = p.space(8, 8);
      const fd = create(p, 0, EFD_NONBLOCK | (sem ? EFD_SEMAPHORE : 0));
      const child = forkChild(p, () => {
        p.sys('write', fd, three, 8);
        p.exit(0);
      });
      waitpid(p, child, status);
      expectSame(p, 'waitpid returns the child', ['PROC.WAIT.REAP'], 0, child.n);
      for (let i = 0; i < (sem ? 3 : 1); i++) readValue(p, fd, buf, sem ? 1n : 3n, sem ? ['EVT.READ.SEMAPHORE', 'FD.INHERIT.FORK'] : ['FD.INHERIT.FORK'], `read ${i + 1}`);
      readValue(p, fd, buf, 'EAGAIN', [], 'then');
    },
  });
}

export function eventfdCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const valid = knownBits('EVENTFD_FLAGS');
  for (let f = 0; f < 8; f++) {
    const flags = (f & 1 ? EFD_SEMAPHORE : 0) | (f & 2 ? EFD_CLOEXEC : 0) | (f & 4 ? EFD_NONBLOCK : 0);
    out.push(flagsCase(flags));
  }
  for (let bit = 0; bit < 32; bit++) if (((1 << bit) & valid) === 0) out.push(badFlagsCase((1 << bit) >>> 0));
  out.push(badFlagsCase(EFD_NONBLOCK | 0x2), badFlagsCase(valid | 0x8000), badFlagsCase(0xffff_ffff));
  for (const v of [0n, 1n, 2n, 7n, 0xffn, 0x1234n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_fffen, 0xffff_ffffn, 0x1_0000_0005n, 0xdead_0000_0000_0002n]) out.push(initvalCase(v, false));
  for (const v of [0n, 1n, 2n, 3n, 5n, 0x1_0000_0002n]) out.push(initvalCase(v, true));
  const writes: [string, bigint[]][] = [
    ['one', [1n]], ['one-two-three', [1n, 2n, 3n]], ['zero', [0n]], ['zeros', [0n, 0n]], ['five-zero-seven', [5n, 0n, 7n]],
    ['u32-max-plus-one', [0xffff_ffffn, 1n]], ['two-pow-32-twice', [1n << 32n, 1n << 32n]], ['high-halves', [1n << 63n, 1n << 62n]],
    ['max', [MAX]], ['max-minus-one-plus-one', [MAX - 1n, 1n]],
  ];
  for (const [name, values] of writes) out.push(writesCase(name, values, false));
  for (const [name, values] of [['one', [1n]], ['three-two', [3n, 2n]], ['zero-four', [0n, 4n]]] as [string, bigint[]][]) out.push(writesCase(name, values, true));
  for (const n of [0, 1, 2, 4, 7, 8, 9, 15, 16, 64]) out.push(readSizeCase(n, false));
  out.push(readSizeCase(0, true));
  for (const n of [0, 1, 3, 7, 8, 9, 16, 100]) out.push(writeSizeCase(n));
  out.push(writeAllOnesCase(0n), writeAllOnesCase(5n));
  const over: [string, bigint, bigint][] = [
    ['max-plus-one', MAX, 1n], ['max-minus-one-plus-one', MAX - 1n, 1n], ['max-minus-one-plus-two', MAX - 1n, 2n], ['zero-plus-max', 0n, MAX],
    ['one-plus-max', 1n, MAX], ['half-plus-half-minus-two', 1n << 63n, (1n << 63n) - 2n], ['half-plus-half-minus-one', 1n << 63n, (1n << 63n) - 1n],
    ['max-plus-zero', MAX, 0n],
  ];
  for (const [name, start, add] of over) out.push(overflowCase(name, start, add));
  for (const state of ['zero', 'one', 'max', 'drained'] as const) for (const ev of [POLLIN | POLLOUT, POLLIN, POLLOUT, 0]) out.push(pollCase(state, ev));
  for (const kind of ['read', 'read-sem', 'write'] as const) for (const src of ['thread', 'process'] as const) out.push(blockCase(kind, src));
  out.push(nonblockSharedCase(), cloexecOnlyNewCase());
  for (const f of [0, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC]) out.push(fstatCase(f));
  out.push(nomemCase(), forkSharedCase(false), forkSharedCase(true));
  return out;
}
