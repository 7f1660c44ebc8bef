// Threads and futexes (THR.*): thread_create argument checks, the registers a thread starts
// with, shared memory and handles, thread exit against process exit, thread ids, and futex
// WAIT/WAKE: mismatch, wake counts, FIFO order, the private flag, per-process keys, bad ops and
// bad addresses.

import type { CaseDef } from '../../model.js';
import { CODE_BASE, DATA_BASE, DATA_SIZE, type CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { context, dumpContext, expectDump, loadContext, type Context } from './frames.js';
import {
  atomicInc, errno, expectSame, expectWord, fn, forkChild, FUTEX_PRIVATE, FUTEX_WAIT, FUTEX_WAKE, load64, AREA,
  MS, Recorder, restorer, setAndWake, sig, sigaction, sleepNs, stackTop, storeImm32, store64, threadCreate, waitBlocked,
  waitNonzero, waitpid, closeFdAt, readFdAt, writeFdAt, lname,
} from './kit.js';

const USER_STACK_TOP = 0x9000_0000;

// ---- thread_create arguments --------------------------------------------------------------

function badEntryCase(name: string, entry: bigint, errno: 'EFAULT' | 'EINVAL'): CaseDef {
  return derivedCase(AREA, {
    id: `thread/create-entry/${name}`,
    description: `thread_create with entry 0x${entry.toString(16)} (${name.replace(/-/g, ' ')}) fails ${errno}${errno === 'EFAULT' ? ': entry must lie in executable memory' : ': entry must be 4-byte aligned'}`,
    clauses: errno === 'EFAULT' ? ['THR.CREATE.ENTRY'] : ['ABI.ADDR.ALIGN'],
    build({ p }) {
      threadCreate(p, entry, 0, stackTop(p));
      p.expectErrno(`thread_create fails ${errno}`, errno === 'EFAULT' ? ['THR.CREATE.ENTRY'] : ['ABI.ADDR.ALIGN'], errno);
    },
  });
}

function badStackCase(name: string, top: bigint, errno: 'EFAULT' | 'EINVAL'): CaseDef {
  return derivedCase(AREA, {
    id: `thread/create-stack/${name}`,
    description: `thread_create with stack_top 0x${top.toString(16)} (${name.replace(/-/g, ' ')}) fails ${errno}${errno === 'EFAULT' ? ': the 16 bytes below it must be writable' : ': stack_top must be 16-byte aligned'}`,
    clauses: errno === 'EFAULT' ? ['THR.CREATE.STACK'] : ['ABI.ADDR.ALIGN'],
    build({ p }) {
      const entry = fn(p, () => p.exit(0));
      threadCreate(p, entry, 0, top);
      p.expectErrno(`thread_create fails ${errno}`, errno === 'EFAULT' ? ['THR.CREATE.STACK'] : ['ABI.ADDR.ALIGN'], errno);
    },
  });
}

/** The edge that works: a stack top exactly 16 bytes above the start of writable memory. */
function stackEdgeCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'thread/create-stack/data-start-plus-16',
    description: 'thread_create with stack_top = start of the data segment + 16 (exactly 16 writable bytes below) succeeds and the thread runs',
    clauses: ['THR.CREATE.STACK', 'THR.CREATE.ID', 'THR.CREATE.SHARE'],
    build({ p }) {
      const done = p.space(8, 8);
      const entry = fn(p, () => {
        setAndWake(p, done);
        p.exit(0);
      });
      // The first 16 bytes of data are not used by anything else in this program.
      threadCreate(p, entry, 0, DATA_BASE + 16);
      p.expectCmp('thread_create returns a thread id', ['THR.CREATE.ID', 'THR.CREATE.STACK'], 'gt', 0);
      waitNonzero(p, done);
      p.expectEq('the thread ran', ['THR.CREATE.SHARE'], 1, 10);
    },
  });
}

// ---- registers at entry -------------------------------------------------------------------

function regsCase(arg: bigint, stackIndex: number): CaseDef {
  return derivedCase(AREA, {
    id: `thread/regs/${arg.toString(16)}/stack-${stackIndex}`,
    description: `a thread created with arg 0x${arg.toString(16)} starts with x0 = arg, SP = stack_top, x30 = 0 and every other register zero, whatever its creator's registers hold`,
    clauses: ['THR.CREATE.REGS', 'THR.CREATE.SHARE', 'THR.CREATE.ID'],
    build({ p }) {
      const dump = p.space(800, 16);
      const done = p.space(8, 8);
      const tops = [stackTop(p, 2048), stackTop(p, 4096)];
      const top = tops[stackIndex]!;
      const entry = fn(p, () => {
        dumpContext(p, dump);
        setAndWake(p, done);
        p.exit(0);
      });
      // Give the creator a busy context first (FP/SIMD, flags, x19..x26) so inheritance would show.
      const busy = context(stackIndex + 7, stackTop(p, 1024), true);
      const keep = p.space(8, 8);
      store64(p, 28, keep);
      loadContext(p, busy);
      p.a.movImm(9, stackTop(p, 256)).addImm(31, 9, 0);
      p.load(28, keep);
      threadCreate(p, entry, arg, top);
      p.expectCmp('thread_create returns a thread id', ['THR.CREATE.ID'], 'gt', 0);
      waitNonzero(p, done);
      const expected: Context = { x: Array.from({ length: 31 }, () => 0n), sp: top, nzcv: 0, fpsr: 0, fpcr: 0, v: new Uint8Array(512) };
      expected.x[0] = arg;
      expectDump(p, dump, expected, 'the thread\'s first instruction saw', ['THR.CREATE.REGS']);
    },
  });
}

// ---- sharing ------------------------------------------------------------------------------

function shareMemoryCase(direction: 'to-thread' | 'from-thread', words: number): CaseDef {
  return derivedCase(AREA, {
    id: `thread/share/memory/${direction}/${words}`,
    description: `${words} words written by the ${direction === 'to-thread' ? 'creator before thread_create are read by the thread' : 'thread are read by the creator after it signals'}: one address space`,
    clauses: ['THR.CREATE.SHARE', 'THR.CREATE.ID'],
    build({ p }) {
      const area = p.space(8 * words, 8);
      const echo = p.space(8 * words, 8);
      const done = p.space(8, 8);
      const values = Array.from({ length: words }, (_, i) => 0x7700_0000n + BigInt(i) * 0x1111n);
      const entry = fn(p, () => {
        values.forEach((v, i) => {
          if (direction === 'from-thread') {
            p.a.movImm(10, v);
            store64(p, 10, area + 8 * i);
          } else {
            load64(p, 11, area + 8 * i);
            store64(p, 11, echo + 8 * i);
          }
        });
        setAndWake(p, done);
        p.exit(0);
      });
      if (direction === 'to-thread') values.forEach((v, i) => (p.a.movImm(10, v), store64(p, 10, area + 8 * i)));
      threadCreate(p, entry, 0, stackTop(p));
      p.expectCmp('thread_create returns a thread id', ['THR.CREATE.ID'], 'gt', 0);
      waitNonzero(p, done);
      values.forEach((v, i) => expectWord(p, `word ${i}`, ['THR.CREATE.SHARE'], (direction === 'to-thread' ? echo : area) + 8 * i, v));
    },
  });
}

function shareHandlesCase(kind: 'thread-opens' | 'thread-closes' | 'thread-writes'): CaseDef {
  const text = {
    'thread-opens': 'a pipe the thread creates is usable by the creator at the same numbers',
    'thread-closes': 'a handle the thread closes is closed for the creator too (EBADF)',
    'thread-writes': 'bytes the thread writes to the creator\'s pipe are read by the creator',
  }[kind];
  return derivedCase(AREA, {
    id: `thread/share/handles/${kind}`,
    description: `one handle table for all threads: ${text}`,
    clauses: ['THR.HANDLES.SHARED', 'THR.CREATE.SHARE', 'THR.CREATE.ID', ...(kind === 'thread-closes' ? ['FD.BADF'] : ['FD.PIPE.PARTIAL']), ...(kind === 'thread-opens' ? ['FD.PIPE.ORDER'] : [])],
    build({ p }) {
      const fds = p.space(8, 8);
      const done = p.space(8, 8);
      const buf = p.space(16, 8);
      const msg = p.bytes(Uint8Array.of(1, 2, 3, 4, 5), 8);
      if (kind !== 'thread-opens') p.sys('pipe', fds);
      const entry = fn(p, () => {
        if (kind === 'thread-opens') p.sys('pipe', fds);
        if (kind === 'thread-closes') closeFdAt(p, fds + 4);
        if (kind === 'thread-writes') writeFdAt(p, fds + 4, msg, 5);
        setAndWake(p, done);
        p.exit(0);
      });
      threadCreate(p, entry, 0, stackTop(p));
      p.expectCmp('thread_create returns a thread id', ['THR.CREATE.ID'], 'gt', 0);
      waitNonzero(p, done);
      if (kind === 'thread-opens') {
        p.loadInt(11, fds);
        p.expectEq('the thread\'s pipe read end is handle 3', ['FD.PIPE.ORDER', 'THR.HANDLES.SHARED'], 3, 11);
        writeFdAt(p, fds + 4, msg, 5);
        p.expectEq('the creator writes to the thread\'s pipe', ['THR.HANDLES.SHARED'], 5);
      }
      if (kind === 'thread-closes') {
        writeFdAt(p, fds + 4, msg, 5);
        p.expectErrno('the closed write end is gone for the creator: EBADF', ['THR.HANDLES.SHARED', 'FD.BADF'], 'EBADF');
        return;
      }
      readFdAt(p, fds, buf, 16);
      p.expectEq('the creator reads 5 bytes', ['THR.HANDLES.SHARED', 'FD.PIPE.PARTIAL'], 5);
      p.expectMem('the bytes', ['THR.HANDLES.SHARED'], buf, Uint8Array.of(1, 2, 3, 4, 5));
    },
  });
}

function getpidCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'thread/share/getpid',
    description: 'getpid in a second thread returns the process id (1), and the thread id is neither that nor a pid',
    clauses: ['THR.GETPID', 'THR.CREATE.ID', 'PROC.WAIT.NONCHILD', 'SIG.KILL.NOSUCH'],
    build({ p }) {
      const pidSeen = p.space(8, 8);
      const done = p.space(8, 8);
      const entry = fn(p, () => {
        p.sys('getpid');
        store64(p, 0, pidSeen);
        setAndWake(p, done);
        p.exit(0);
      });
      const tid = p.variable();
      threadCreate(p, entry, 0, stackTop(p));
      p.save(tid);
      p.expectCmp('thread_create returns a thread id', ['THR.CREATE.ID'], 'gt', 0);
      p.expectCmp('the thread id is not the process id 1', ['THR.CREATE.ID'], 'ne', 1, tid);
      waitNonzero(p, done);
      expectWord(p, 'the thread saw getpid() = 1', ['THR.GETPID'], pidSeen, 1);
      p.sys('kill', tid, 0);
      p.expectErrno('kill(thread id, 0) fails ESRCH: a thread id is not a pid', ['THR.CREATE.ID', 'SIG.KILL.NOSUCH'], 'ESRCH');
      p.sys('waitpid', tid, 0, 0);
      p.expectErrno('waitpid(thread id) fails ECHILD', ['THR.CREATE.ID', 'PROC.WAIT.NONCHILD'], 'ECHILD');
    },
  });
}

function distinctIdsCase(n: number): CaseDef {
  return derivedCase(AREA, {
    id: `thread/id/distinct-${n}`,
    description: `${n} threads created in a row get ${n} distinct positive ids, none equal to the process id`,
    clauses: ['THR.CREATE.ID'],
    build({ p }) {
      const ids = p.space(8 * n, 8);
      const never = p.space(8, 8);
      // The threads block for good; the process ends when the initial thread exits (THR.EXIT.MAIN).
      const entry = fn(p, () => {
        p.sys('futex', never, FUTEX_WAIT, 0);
        p.exit(0);
      });
      for (let i = 0; i < n; i++) {
        threadCreate(p, entry, 0, stackTop(p, 512));
        store64(p, 0, ids + 8 * i);
        p.expectCmp(`thread ${i + 1} id > 1`, ['THR.CREATE.ID'], 'gt', 1);
      }
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          load64(p, 12, ids + 8 * i);
          load64(p, 13, ids + 8 * j);
          p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: 13, imm6: 0, Rn: 12, Rd: 11 });
          p.expectCmp(`ids ${i + 1} and ${j + 1} differ`, ['THR.CREATE.ID'], 'ne', 0, 11);
        }
      }
    },
  });
}

// ---- exit -----------------------------------------------------------------------------------

type Busy = 'spin' | 'futex' | 'nanosleep' | 'read-pipe';

/** In a child: the initial thread exits with `code` while a second thread is busy: the process ends with it. */
function mainExitCase(busy: Busy, code: number): CaseDef {
  return derivedCase(AREA, {
    id: `thread/exit-main/${busy}/${code}`,
    description: `exit(${code}) from a child's initial thread while its second thread is ${busy === 'spin' ? 'spinning' : `blocked in ${busy}`}: the whole process ends, waitpid sees exit code ${code & 0xff}`,
    clauses: ['THR.EXIT.MAIN', 'PROC.EXIT.CODE', 'PROC.EXIT.CLOSE', 'PROC.WAIT.STATUS', 'PROC.WAIT.REAP'],
    build({ p }) {
      const status = p.space(8, 8);
      const word = p.space(8, 8);
      const fds = p.space(8, 8);
      const started = p.space(8, 8);
      const buf = p.space(8, 8);
      const entry = fn(p, () => {
        setAndWake(p, started);
        if (busy === 'spin') {
          const l = p.a.here();
          p.a.b(l);
        } else if (busy === 'futex') {
          p.sys('futex', word, FUTEX_WAIT, 0);
        } else if (busy === 'nanosleep') {
          p.sys('nanosleep', 1000, 0);
        } else {
          readFdAt(p, fds, buf, 1);
        }
        p.exit(99);
      });
      p.sys('pipe', fds);
      const child = forkChild(p, () => {
        threadCreate(p, entry, 0, stackTop(p));
        waitNonzero(p, started);
        if (busy !== 'spin') sleepNs(p, MS);
        p.exit(code);
      });
      waitpid(p, child, status);
      expectSame(p, 'waitpid returns the child', ['PROC.WAIT.REAP'], 0, child.n);
      expectWord(p, `status: exit code ${code & 0xff}`, ['THR.EXIT.MAIN', 'PROC.EXIT.CODE', 'PROC.WAIT.STATUS'], status, (code & 0xff) << 8);
    },
  });
}

/** A second thread's exit ends only that thread; its status is discarded. */
function threadExitCase(threads: number, code: number): CaseDef {
  return derivedCase(AREA, {
    id: `thread/exit-thread/${threads}/${code}`,
    description: `${threads} second thread(s) exit(${code}) in a child; the child's initial thread goes on and exits 5: waitpid sees 5`,
    clauses: ['THR.EXIT.MAIN', 'THR.EXIT.THREAD', 'PROC.WAIT.STATUS', 'THR.CREATE.SHARE'],
    build({ p }) {
      const status = p.space(8, 8);
      const count = p.space(8, 8);
      const entry = fn(p, () => {
        atomicInc(p, count);
        p.sys('futex', count, FUTEX_WAKE, 1);
        p.exit(code);
      });
      const child = forkChild(p, () => {
        for (let i = 0; i < threads; i++) threadCreate(p, entry, 0, stackTop(p, 512));
        const loop = p.a.here();
        const out = p.a.label();
        load64(p, 11, count);
        p.a.cmpImm(11, threads);
        p.a.bcond('eq', out);
        p.a.movImm(0, count).inst('LDR_W_uoff', { Rt: 2, Rn: 0, imm12: 0 }).movImm(1, FUTEX_WAIT);
        p.svc('futex');
        p.a.b(loop);
        p.a.bind(out);
        sleepNs(p, MS);
        p.exit(5);
      });
      waitpid(p, child, status);
      expectWord(p, 'status: exit code 5, the threads\' codes are discarded', ['THR.EXIT.MAIN', 'THR.EXIT.THREAD', 'PROC.WAIT.STATUS'], status, 5 << 8);
    },
  });
}

function returnFaultCase(arg: number): CaseDef {
  return derivedCase(AREA, {
    id: `thread/return-fault/${arg}`,
    description: `a thread that returns from its entry function jumps to x30 = 0 and the whole process dies of SIGSEGV (in a child${arg ? ' whose initial thread waits' : ''})`,
    clauses: ['THR.RETURN.FAULT', 'THR.CREATE.REGS', 'SIG.FAULTS', 'PROC.WAIT.STATUS'],
    build({ p }) {
      const status = p.space(8, 8);
      const word = p.space(8, 8);
      const entry = fn(p, () => p.a.ret());
      const child = forkChild(p, () => {
        threadCreate(p, entry, arg, stackTop(p));
        if (arg) p.sys('futex', word, FUTEX_WAIT, 0);
        else {
          const spin = p.a.here();
          p.a.b(spin);
        }
        p.exit(0);
      });
      waitpid(p, child, status);
      expectWord(p, 'the child was killed by SIGSEGV', ['THR.RETURN.FAULT', 'PROC.WAIT.STATUS'], status, sig('SIGSEGV'));
    },
  });
}

// ---- futex ------------------------------------------------------------------------------------

function mismatchCase(word: number, val: bigint, priv: boolean): CaseDef {
  return derivedCase(AREA, {
    id: `futex/mismatch/${word.toString(16)}-${val.toString(16)}${priv ? '-private' : ''}`,
    description: `FUTEX_WAIT${priv ? '|PRIVATE' : ''} with *uaddr = 0x${word.toString(16)} and val = 0x${val.toString(16)} returns 0 at once`,
    clauses: ['THR.FUTEX.MISMATCH', ...(priv ? ['THR.FUTEX.PRIVATE'] : [])],
    build({ p }) {
      const at = p.space(8, 8);
      storeImm32(p, word, at);
      p.sys('futex', at, FUTEX_WAIT | (priv ? FUTEX_PRIVATE : 0), val);
      p.expectEq('futex returns 0', ['THR.FUTEX.MISMATCH'], 0);
    },
  });
}

function wakeNoneCase(count: number, priv: boolean): CaseDef {
  return derivedCase(AREA, {
    id: `futex/wake-none/${count}${priv ? '-private' : ''}`,
    description: `FUTEX_WAKE${priv ? '|PRIVATE' : ''}(${count}) with nobody waiting returns 0`,
    clauses: ['THR.FUTEX.WAKE', ...(priv ? ['THR.FUTEX.PRIVATE'] : [])],
    build({ p }) {
      const at = p.space(8, 8);
      p.sys('futex', at, FUTEX_WAKE | (priv ? FUTEX_PRIVATE : 0), count);
      p.expectEq('futex returns 0', ['THR.FUTEX.WAKE'], 0);
    },
  });
}

function badOpCase(op: number): CaseDef {
  return derivedCase(AREA, {
    id: `futex/badop/${(op >>> 0).toString(16)}`,
    description: `futex op 0x${(op >>> 0).toString(16)} is neither WAIT nor WAKE (with or without FUTEX_PRIVATE_FLAG): EINVAL`,
    clauses: ['THR.FUTEX.PRIVATE', 'ABI.ENUM.UNKNOWN'],
    build({ p }) {
      const at = p.space(8, 8);
      p.sys('futex', at, op >>> 0, 0);
      p.expectErrno('futex fails EINVAL', ['THR.FUTEX.PRIVATE', 'ABI.ENUM.UNKNOWN'], 'EINVAL');
    },
  });
}

function faultCase(name: string, addr: bigint, op: number, want: 'EFAULT' | 'EINVAL'): CaseDef {
  const opName = op === FUTEX_WAIT ? 'wait' : 'wake';
  return derivedCase(AREA, {
    id: `futex/fault/${opName}/${name}`,
    description: `FUTEX_${opName.toUpperCase()} on uaddr 0x${addr.toString(16)} (${name.replace(/-/g, ' ')}) fails ${want}`,
    clauses: ['THR.FUTEX.FAULT', ...(want === 'EINVAL' ? ['ABI.ADDR.ALIGN'] : ['ABI.FAULT'])],
    build({ p }) {
      p.sys('futex', addr, op, 0x1234_5678);
      p.expectErrno(`futex fails ${want}`, ['THR.FUTEX.FAULT'], want);
    },
  });
}

/** n threads wait; WAKE(k) wakes min(n, k); a second WAKE wakes the rest. */
function wakeCountCase(n: number, k: number, privWait: boolean, privWake: boolean): CaseDef {
  const first = Math.min(n, k);
  const tag = [privWait ? 'private-wait' : '', privWake ? 'private-wake' : ''].filter(Boolean).join('-');
  return derivedCase(AREA, {
    id: `futex/wake-count/${n}-waiters/wake-${k}${tag ? `/${tag}` : ''}`,
    description: `${n} threads in FUTEX_WAIT${privWait ? '|PRIVATE' : ''}; FUTEX_WAKE${privWake ? '|PRIVATE' : ''}(${k}) returns ${first} and wakes that many; a second wake returns ${n - first}`,
    clauses: ['THR.FUTEX.WAKE', 'THR.FUTEX.WAIT', ...(privWait || privWake ? ['THR.FUTEX.PRIVATE'] : [])],
    build({ p }) {
      const word = p.space(8, 8);
      const ready = p.space(8, 8);
      const woken = p.space(8, 8);
      const entry = fn(p, () => {
        atomicInc(p, ready);
        p.sys('futex', word, FUTEX_WAIT | (privWait ? FUTEX_PRIVATE : 0), 0);
        atomicInc(p, woken);
        p.exit(0);
      });
      for (let i = 0; i < n; i++) threadCreate(p, entry, 0, stackTop(p, 512));
      waitCount(p, ready, n);
      sleepNs(p, MS);
      p.sys('futex', word, FUTEX_WAKE | (privWake ? FUTEX_PRIVATE : 0), k);
      p.expectEq(`the first wake returns ${first}`, ['THR.FUTEX.WAKE'], first);
      sleepNs(p, MS);
      expectWord(p, `${first} thread(s) woke`, ['THR.FUTEX.WAKE', 'THR.FUTEX.WAIT'], woken, first);
      p.sys('futex', word, FUTEX_WAKE | (privWake ? FUTEX_PRIVATE : 0), 1000);
      p.expectEq(`the second wake returns ${n - first}`, ['THR.FUTEX.WAKE'], n - first);
      sleepNs(p, MS);
      expectWord(p, 'all threads woke', ['THR.FUTEX.WAKE'], woken, n);
    },
  });
}

/** Sleeps a millisecond at a time until the 64-bit word at `addr` reaches `n` (at most 1000 times). */
function waitCount(p: CaseProgram, addr: number, n: number): void {
  p.a.movImm(13, 1000);
  const loop = p.a.here();
  const out = p.a.label();
  load64(p, 11, addr);
  p.a.cmpImm(11, n);
  p.a.bcond('ge', out);
  sleepNs(p, MS);
  p.a.subImm(13, 13, 1).cbnz(13, loop);
  p.a.bind(out);
}

/** Waiters queued one after another are woken in that order, `batch` at a time. */
function orderCase(n: number, batch: number): CaseDef {
  return derivedCase(AREA, {
    id: `futex/order/${n}-waiters/batch-${batch}`,
    description: `${n} threads start FUTEX_WAIT one after another; wakes of ${batch} at a time release them in the order they began waiting`,
    clauses: ['THR.FUTEX.ORDER', 'THR.FUTEX.WAKE', 'THR.FUTEX.WAIT'],
    build({ p }) {
      const word = p.space(8, 8);
      const next = p.space(8, 8);
      const log = p.space(8 * n, 8);
      // Each thread gets its index as arg; when woken it appends the index to the log.
      const entry = fn(p, () => {
        p.mov(20, 0);
        p.sys('futex', word, FUTEX_WAIT, 0);
        p.a.movImm(9, next).movImm(10, 1).inst('LDADD_X', { A: 0, R: 0, Rs: 10, Rn: 9, Rt: 11 });
        p.a.movImm(12, log).inst('STR_X_reg', { Rt: 20, Rn: 12, Rm: 11, option: 3, S: 1 });
        p.exit(0);
      });
      for (let i = 0; i < n; i++) {
        threadCreate(p, entry, i + 1, stackTop(p, 512));
        sleepNs(p, MS);
      }
      let woken = 0;
      while (woken < n) {
        const k = Math.min(batch, n - woken);
        p.sys('futex', word, FUTEX_WAKE, batch);
        p.expectEq(`wake returns ${k}`, ['THR.FUTEX.WAKE'], k);
        sleepNs(p, MS);
        woken += k;
      }
      for (let i = 0; i < n; i++) expectWord(p, `woken ${i + 1}. is the thread that waited ${i + 1}.`, ['THR.FUTEX.ORDER'], log + 8 * i, i + 1);
    },
  });
}

function keyCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'futex/key/other-process',
    description: 'a child blocked in FUTEX_WAIT on an address is not woken by init\'s FUTEX_WAKE on the same address: waiters are keyed per process',
    clauses: ['THR.FUTEX.KEY', 'THR.FUTEX.WAKE', 'PROC.WAIT.STATUS'],
    build({ p }) {
      const word = p.space(8, 8);
      const status = p.space(8, 8);
      const child = forkChild(p, () => {
        p.sys('futex', word, FUTEX_WAIT, 0);
        p.exit(3);
      });
      waitBlocked(p, child);
      p.sys('futex', word, FUTEX_WAKE, 100);
      p.expectEq('init\'s wake finds no waiter: 0', ['THR.FUTEX.KEY'], 0);
      sleepNs(p, MS);
      p.sys('kill', child, sig('SIGKILL'));
      waitpid(p, child, status);
      expectWord(p, 'the child was still waiting when SIGKILL ended it', ['THR.FUTEX.KEY', 'PROC.WAIT.STATUS'], status, sig('SIGKILL'));
    },
  });
}

/** A waiter woken by a signal handler in between: WAIT fails EINTR and is no longer counted. */
function interruptedWaiterCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'futex/interrupted-waiter-not-counted',
    description: 'the initial thread\'s FUTEX_WAIT is interrupted by a handled signal from a second thread (EINTR); a later FUTEX_WAKE finds no waiter and returns 0',
    clauses: ['SIG.INTR', 'THR.FUTEX.WAKE', 'SIG.DELIVER.THREAD'],
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p);
      const word = p.space(8, 8);
      const U1 = sig('SIGUSR1');
      sigaction(p, U1, rec.address, rest);
      const entry = fn(p, () => {
        sleepNs(p, MS);
        p.sys('getpid');
        p.a.movImm(1, U1);
        p.svc('kill');
        p.exit(0);
      });
      threadCreate(p, entry, 0, stackTop(p));
      p.sys('futex', word, FUTEX_WAIT, 0);
      p.expectEq('the wait fails EINTR', ['SIG.INTR'], errno('EINTR'));
      expectWord(p, `the ${lname(U1)} handler ran`, ['SIG.INTR', 'SIG.DELIVER.THREAD'], rec.count, 1);
      p.sys('futex', word, FUTEX_WAKE, 10);
      p.expectEq('no waiter is left: wake returns 0', ['THR.FUTEX.WAKE'], 0);
    },
  });
}

export function threadCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const entries: [string, bigint, 'EFAULT' | 'EINVAL'][] = [
    ['null', 0n, 'EFAULT'], ['unmapped-low', 0x1000n, 'EFAULT'], ['data', BigInt(DATA_BASE + 0x100), 'EFAULT'],
    ['stack', BigInt(USER_STACK_TOP - 0x100), 'EFAULT'], ['gap-after-code', BigInt(DATA_BASE - 0x1000), 'EFAULT'],
    ['past-data', BigInt(DATA_BASE + DATA_SIZE + 0x1000), 'EFAULT'], ['huge', 0xffff_ffff_ffff_f000n, 'EFAULT'],
    ['heap-area', 0xa000_0000n, 'EFAULT'], ['misaligned-2', BigInt(CODE_BASE + 2), 'EINVAL'], ['misaligned-1', BigInt(CODE_BASE + 1), 'EINVAL'],
  ];
  for (const [name, e, want] of entries) out.push(badEntryCase(name, e, want));
  const stacks: [string, bigint, 'EFAULT' | 'EINVAL'][] = [
    ['null', 0n, 'EFAULT'], ['sixteen', 16n, 'EFAULT'], ['unmapped-low', 0x1000n, 'EFAULT'], ['code', BigInt(CODE_BASE + 0x100), 'EFAULT'],
    ['data-start', BigInt(DATA_BASE), 'EFAULT'], ['past-data', BigInt(DATA_BASE + DATA_SIZE + 0x10), 'EFAULT'],
    ['huge', 0xffff_ffff_ffff_fff0n, 'EFAULT'], ['heap-area', 0xa000_0010n, 'EFAULT'], ['misaligned-8', BigInt(DATA_BASE + 0x1008), 'EINVAL'],
  ];
  for (const [name, t, want] of stacks) out.push(badStackCase(name, t, want));
  out.push(stackEdgeCase());
  for (const arg of [0n, 1n, 0x1234n, 0xdead_beef_cafe_f00dn, 0xffff_ffff_ffff_ffffn]) for (const s of [0, 1]) out.push(regsCase(arg, s));
  for (const d of ['to-thread', 'from-thread'] as const) for (const w of [1, 8]) out.push(shareMemoryCase(d, w));
  for (const k of ['thread-opens', 'thread-closes', 'thread-writes'] as const) out.push(shareHandlesCase(k));
  out.push(getpidCase(), distinctIdsCase(2), distinctIdsCase(4));
  for (const busy of ['spin', 'futex', 'nanosleep', 'read-pipe'] as const) for (const code of [3, 200, 0x1ff]) out.push(mainExitCase(busy, code));
  for (const [n, code] of [[1, 77], [3, 0], [2, 255]] as const) out.push(threadExitCase(n, code));
  out.push(returnFaultCase(0), returnFaultCase(1));
  const mism: [number, bigint][] = [[0, 1n], [1, 0n], [5, 6n], [0xffff_ffff, 0n], [0x8000_0000, 0x7fff_ffffn], [0x1234_5678, 0x1234_5679n], [0, 0xffff_ffffn]];
  for (const [w, v] of mism) for (const priv of [false, true]) out.push(mismatchCase(w, v, priv));
  for (const c of [0, 1, 100, 0x7fff_ffff]) for (const priv of [false, true]) out.push(wakeNoneCase(c, priv));
  for (const op of [2, 3, 4, 9, 127, 130, 256, 0x181, 0x8000_0000, -1]) out.push(badOpCase(op));
  const addrs: [string, bigint, 'EFAULT' | 'EINVAL'][] = [
    ['null', 0n, 'EFAULT'], ['unmapped-low', 0x1000n, 'EFAULT'], ['past-data', BigInt(DATA_BASE + DATA_SIZE), 'EFAULT'], ['huge', 0xffff_ffff_ffff_f000n, 'EFAULT'],
    ['misaligned-1', BigInt(DATA_BASE + 0x201), 'EINVAL'], ['misaligned-2', BigInt(DATA_BASE + 0x202), 'EINVAL'], ['misaligned-3', BigInt(DATA_BASE + 0x203), 'EINVAL'],
  ];
  for (const op of [FUTEX_WAIT, FUTEX_WAKE]) for (const [name, a, want] of addrs) out.push(faultCase(name, a, op, want));
  for (let n = 1; n <= 4; n++) for (const k of [0, 1, 2, 3, 5]) out.push(wakeCountCase(n, k, false, false));
  out.push(wakeCountCase(2, 1, true, false), wakeCountCase(2, 1, false, true), wakeCountCase(3, 2, true, true));
  for (const n of [2, 3, 4, 5]) out.push(orderCase(n, 1));
  out.push(orderCase(4, 2), orderCase(5, 3));
  out.push(keyCase(), interruptedWaiterCase());
  return out;
}
