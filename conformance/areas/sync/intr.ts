// Interrupted blocking calls (SIG.INTR): init blocks in a call marked blocking while another
// process or a second thread of init sends a signal. A handled signal makes the call fail EINTR
// with the handler run on the way out; an ignored one leaves the call to finish normally; a
// fatal one ends the blocked process. Also coalescing of pending signals (SIG.PENDING.COALESCE)
// and their order (SIG.DELIVER.WHEN).

import { constValue } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { effectClauses } from './signals.js';
import {
  errno, expectWord, FUTEX_PRIVATE, FUTEX_WAIT, FUTEX_WAKE, forkChild, INIT_PID, kill, killSelf, lname, AREA, MS,
  PINNED, POLLIN, Recorder, Report, restorer, SIG_IGN, sig, sigaction, sleepNs, stackTop, store64, storeImm32,
  threadCreate, waitBlocked, waitpid, fn, le64, sysFdAt, readFdAt, writeFdAt, exitX0,
} from './kit.js';
import { frameAddress } from './frames.js';

const CLOCK_MONOTONIC = constValue('CLOCK_IDS', 'CLOCK_MONOTONIC');
const EVENTFD_MAX = 0xffff_ffff_ffff_fffen;

/** State a blocking op keeps in data: an fd pair (or single fd) and a buffer. */
interface OpState {
  readonly fds: number;
  readonly buf: number;
  readonly big: number;
  readonly word: number;
  readonly pollfd: number;
}

interface BlockingOp {
  readonly name: string;
  readonly clauses: readonly string[];
  /** Runs in init before the sender starts. */
  readonly setup: (p: CaseProgram, s: OpState) => void;
  /** The blocking call; x0 = its result. `short` asks for a version with a short timeout, if any. */
  readonly block: (p: CaseProgram, s: OpState, short: boolean) => void;
  /** Code the sender runs to let the call finish, and the call's result then; null: a short timeout ends it. */
  readonly complete: ((p: CaseProgram, s: OpState) => void) | null;
  readonly normal: bigint;
  /** Only a thread of the same process can complete it (futexes are per process: THR.FUTEX.KEY). */
  readonly threadOnly?: boolean;
  /** No way to finish without a signal (used only in the handled and fatal variants). */
  readonly noIgnoredVariant?: boolean;
}

const call = (p: CaseProgram, name: string, ...args: (number | bigint)[]): void => {
  args.forEach((v, i) => p.a.movImm(i, v));
  p.svc(name);
};

function ops(): BlockingOp[] {
  const fillPipe = (p: CaseProgram, s: OpState, wr: number): void => {
    writeFdAt(p, s.fds + wr, s.big, constValue('LIMITS', 'PIPE_CAPACITY'));
  };
  return [
    {
      name: 'read-pipe', clauses: ['FD.PIPE.EOF', 'FD.PIPE.PARTIAL'],
      setup: (p, s) => p.sys('pipe', s.fds),
      block: (p, s) => readFdAt(p, s.fds, s.buf, 8),
      complete: (p, s) => writeFdAt(p, s.fds + 4, s.buf, 1), normal: 1n,
    },
    {
      name: 'read-socketpair', clauses: ['IPC.SOCKETPAIR.PIPE', 'IPC.SOCKETPAIR.DUPLEX'],
      setup: (p, s) => p.sys('socketpair', s.fds, 0),
      block: (p, s) => readFdAt(p, s.fds, s.buf, 8),
      complete: (p, s) => writeFdAt(p, s.fds + 4, s.buf, 3), normal: 3n,
    },
    {
      name: 'read-eventfd', clauses: ['EVT.READ.EMPTY', 'EVT.READ.COUNTER'],
      setup: (p, s) => {
        p.sys('eventfd', 0, 0);
        p.a.movImm(9, s.fds).inst('STR_W_uoff', { Rt: 0, Rn: 9, imm12: 0 });
        p.a.movImm(10, 5);
        store64(p, 10, s.word);
      },
      block: (p, s) => readFdAt(p, s.fds, s.buf, 8),
      complete: (p, s) => writeFdAt(p, s.fds, s.word, 8), normal: 8n,
    },
    {
      name: 'read-timerfd', clauses: ['TFD.READ.BLOCK', 'TFD.CREATE'],
      setup: (p, s) => {
        p.sys('timerfd_create', CLOCK_MONOTONIC, 0);
        p.a.movImm(9, s.fds).inst('STR_W_uoff', { Rt: 0, Rn: 9, imm12: 0 });
      },
      block: (p, s) => readFdAt(p, s.fds, s.buf, 8),
      // Arms the shared timer (TFD.INHERIT) to expire 1 ns later: the read returns one expiration.
      complete: (p, s) => {
        const spec = p.bytes(le64([0, 0, 0, 1]), 8);
        sysFdAt(p, 'timerfd_settime', s.fds, 0, spec, 0);
      },
      normal: 8n,
    },
    {
      name: 'write-pipe-full', clauses: ['FD.PIPE.CAPACITY'],
      setup: (p, s) => {
        p.sys('pipe', s.fds);
        fillPipe(p, s, 4);
      },
      block: (p, s) => writeFdAt(p, s.fds + 4, s.buf, 1),
      complete: (p, s) => readFdAt(p, s.fds, s.big, 16), normal: 1n,
    },
    {
      name: 'write-socketpair-full', clauses: ['IPC.SOCKETPAIR.PIPE'],
      setup: (p, s) => {
        p.sys('socketpair', s.fds, 0);
        fillPipe(p, s, 0);
      },
      block: (p, s) => writeFdAt(p, s.fds, s.buf, 1),
      complete: (p, s) => readFdAt(p, s.fds + 4, s.big, 16), normal: 1n,
    },
    {
      name: 'write-eventfd-full', clauses: ['EVT.WRITE.OVERFLOW'],
      setup: (p, s) => {
        p.sys('eventfd', 0, 0);
        p.a.movImm(9, s.fds).inst('STR_W_uoff', { Rt: 0, Rn: 9, imm12: 0 });
        p.a.movImm(10, EVENTFD_MAX);
        store64(p, 10, s.big);
        writeFdAt(p, s.fds, s.big, 8);
        p.a.movImm(10, 1);
        store64(p, 10, s.word);
      },
      block: (p, s) => writeFdAt(p, s.fds, s.word, 8),
      complete: (p, s) => readFdAt(p, s.fds, s.big, 8), normal: 8n,
    },
    {
      name: 'futex-wait', clauses: ['THR.FUTEX.WAIT'],
      setup: () => undefined,
      block: (p, s) => p.sys('futex', s.word, FUTEX_WAIT, 0),
      complete: (p, s) => {
        storeImm32(p, 1, s.word);
        p.sys('futex', s.word, FUTEX_WAKE, 1);
      },
      normal: 0n, threadOnly: true,
    },
    {
      name: 'futex-wait-private', clauses: ['THR.FUTEX.WAIT', 'THR.FUTEX.PRIVATE'],
      setup: () => undefined,
      block: (p, s) => p.sys('futex', s.word, FUTEX_WAIT | FUTEX_PRIVATE, 0),
      complete: (p, s) => {
        storeImm32(p, 1, s.word);
        p.sys('futex', s.word, FUTEX_WAKE | FUTEX_PRIVATE, 1);
      },
      normal: 0n, threadOnly: true,
    },
    {
      name: 'nanosleep', clauses: ['TIME.SLEEP.MIN'],
      setup: () => undefined,
      block: (p, _s, short) => (short ? sleepNs(p, 30 * MS) : call(p, 'nanosleep', 100, 0)),
      complete: null, normal: 0n,
    },
    {
      name: 'poll-pipe', clauses: ['FD.POLL.PIPE', 'FD.POLL.TIMEOUT'],
      setup: (p, s) => p.sys('pipe', s.fds),
      block: (p, s) => pollOn(p, s, -1),
      complete: (p, s) => writeFdAt(p, s.fds + 4, s.buf, 1), normal: 1n,
    },
    {
      name: 'poll-timeout', clauses: ['FD.POLL.TIMEOUT'],
      setup: (p, s) => p.sys('pipe', s.fds),
      block: (p, s, short) => pollOn(p, s, short ? 30 : 100_000),
      complete: null, normal: 0n,
    },
    {
      name: 'poll-empty', clauses: ['FD.POLL.EMPTY'],
      setup: () => undefined,
      block: (p) => call(p, 'poll', 0, 0, BigInt.asUintN(64, -1n)),
      complete: null, normal: 0n, noIgnoredVariant: true,
    },
  ];
}

/** poll([{fds[0], POLLIN}], 1, timeout). */
function pollOn(p: CaseProgram, s: OpState, timeout: number): void {
  p.loadInt(10, s.fds);
  p.a.movImm(9, s.pollfd).inst('STR_W_uoff', { Rt: 10, Rn: 9, imm12: 0 });
  p.a.movImm(10, POLLIN).inst('STR_W_uoff', { Rt: 10, Rn: 9, imm12: 1 });
  call(p, 'poll', s.pollfd, 1, BigInt.asUintN(64, BigInt(timeout)));
}

function opState(p: CaseProgram): OpState {
  return { fds: p.space(8, 8), buf: p.space(16, 8), big: p.space(constValue('LIMITS', 'PIPE_CAPACITY'), 16), word: p.space(8, 8), pollfd: p.space(8, 8) };
}

type Source = 'process' | 'thread';
type Variant = { kind: 'handled'; signo: number } | { kind: 'ignored'; signo: number; how: 'ign' | 'dfl' };

function intrCase(op: BlockingOp, source: Source, v: Variant): CaseDef {
  const handled = v.kind === 'handled';
  const disp = handled ? 'handler' : v.how === 'ign' ? 'SIG_IGN' : 'SIG_DFL (default ignore)';
  const id = `intr/${handled ? 'handled' : `ignored-${v.how}`}/${source}/${op.name}/${lname(v.signo)}`;
  return derivedCase(AREA, {
    id,
    description: `init blocked in ${op.name} gets ${lname(v.signo)} (${disp}) from ${source === 'process' ? 'a child process' : 'a second thread'}: ${handled ? 'the call fails EINTR and the handler runs once' : 'the call is not interrupted and finishes normally'}`,
    clauses: [
      'SIG.INTR', 'SIG.KILL.RETURN', 'SIG.DELIVER.WHEN', ...op.clauses,
      ...(handled ? ['SIG.DELIVER.FRAME', 'SIG.FRAME.ENTRY', 'SIG.ACTION.RECORD'] : v.how === 'ign' ? ['SIG.IGN.DISCARD', 'SIG.ACTION.RECORD'] : ['SIG.DEFAULT.ACTION']),
      ...(source === 'process' ? ['PROC.WAIT.STATUS'] : ['SIG.DELIVER.THREAD', 'THR.CREATE.ID']),
    ],
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p);
      const s = opState(p);
      const killResult = p.space(8, 8);
      if (handled) {
        sigaction(p, v.signo, rec.address, rest);
        p.expectEq('sigaction handler returns 0', ['SIG.ACTION.RECORD'], 0);
      } else if (v.how === 'ign') {
        sigaction(p, v.signo, SIG_IGN, 0);
        p.expectEq('sigaction SIG_IGN returns 0', ['SIG.ACTION.RECORD'], 0);
      }
      op.setup(p, s);
      const send = (): void => {
        kill(p, INIT_PID, v.signo);
        store64(p, 0, killResult);
        if (!handled && op.complete) {
          sleepNs(p, MS);
          op.complete(p, s);
        }
      };
      let child: Reg | null = null;
      if (source === 'process') {
        child = forkChild(p, () => {
          waitBlocked(p, INIT_PID);
          send();
          p.load(0, killResult);
          exitX0(p);
        });
      } else {
        const entry = fn(p, () => {
          sleepNs(p, MS);
          send();
          p.exit(0);
        });
        threadCreate(p, entry, 0, stackTop(p));
        p.expectCmp('thread_create returns a thread id', ['THR.CREATE.ID'], 'gt', 0);
      }
      op.block(p, s, !handled);
      const result = p.variable();
      p.save(result);
      if (handled) {
        p.expectEq(`${op.name} fails EINTR`, ['SIG.INTR', ...op.clauses], errno('EINTR'), result);
        expectWord(p, 'the handler ran once', ['SIG.INTR', 'SIG.DELIVER.FRAME'], rec.count, 1);
        expectWord(p, `the handler got ${lname(v.signo)}`, ['SIG.FRAME.ENTRY'], rec.entry(0).x0, v.signo);
      } else {
        p.expectEq(`${op.name} is not interrupted: it returns ${op.normal}`, ['SIG.INTR', v.how === 'ign' ? 'SIG.IGN.DISCARD' : 'SIG.DEFAULT.ACTION'], op.normal, result);
      }
      if (child) {
        const status = p.space(8, 8);
        waitpid(p, child, status);
        expectWord(p, 'the sender\'s kill returned 0 (it exited 0)', ['SIG.KILL.RETURN', 'PROC.WAIT.STATUS'], status, 0);
      } else {
        expectWord(p, 'the thread\'s kill returned 0', ['SIG.KILL.RETURN'], killResult, 0);
      }
    },
  });
}

/** A child blocked in the op gets a signal whose default action is terminate. */
function fatalCase(op: BlockingOp, signo: number): CaseDef {
  return derivedCase(AREA, {
    id: `intr/fatal/${op.name}/${lname(signo)}`,
    description: `a child blocked in ${op.name} gets ${lname(signo)} at SIG_DFL from init: the process ends with that signal instead of returning`,
    clauses: ['SIG.INTR', 'SIG.DEFAULT.ACTION', 'SIG.KILL.RETURN', 'PROC.WAIT.STATUS', ...op.clauses, ...(signo === sig('SIGTERM') ? ['SIG.KILL.DEFAULT'] : [])],
    build({ p }) {
      const s = opState(p);
      op.setup(p, s);
      const child = forkChild(p, () => {
        op.block(p, s, false);
        p.exit(99);
      });
      waitBlocked(p, child);
      kill(p, child, signo);
      p.expectEq('kill returns 0', ['SIG.KILL.RETURN'], 0);
      const status = p.space(8, 8);
      waitpid(p, child, status);
      expectWord(p, `the child was killed by ${lname(signo)}`, ['SIG.INTR', ...effectClauses('terminate')], status, signo);
    },
  });
}

/**
 * Signals sent to a blocked child back to back (PINNED: the child cannot run in between) are
 * pending together: each number once (SIG.PENDING.COALESCE), acted on lowest first when the
 * child returns to EL0, each on a frame at the interrupted SP (SIG.DELIVER.WHEN).
 */
function coalesceCase(name: string, sends: readonly number[], source: Source): CaseDef {
  const expected = [...new Set(sends)].sort((a, b) => a - b);
  return derivedCase(AREA, {
    id: `pending/${source}/${name}`,
    description: `${sends.map(lname).join(', ')} sent back to back to a blocked ${source === 'process' ? 'child' : 'initial thread'}: handlers run ${expected.map(lname).join(', ')}, once each, lowest first`,
    clauses: ['SIG.PENDING.COALESCE', 'SIG.DELIVER.WHEN', 'SIG.INTR', 'SIG.FRAME.ENTRY', 'SIG.FRAME.LAYOUT', 'SIG.KILL.RETURN', ...(source === 'thread' ? ['SIG.DELIVER.THREAD'] : ['PROC.FORK.SIGNALS', 'PROC.WAIT.STATUS'])],
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p);
      for (const s of expected) sigaction(p, s, rec.address, rest);
      const sp = stackTop(p, 8192) - 16;
      p.a.movImm(9, sp).addImm(31, 9, 0);
      const F = frameAddress(sp);
      const n = expected.length;
      if (source === 'process') {
        const fds = p.space(8, 8);
        const buf = p.space(8, 8);
        p.sys('pipe', fds);
        const report = new Report(p, 2 + 2 * n);
        const child = forkChild(p, () => {
          readFdAt(p, fds, buf, 1);
          report.put(p, 0, 0);
          p.load(20, rec.count);
          report.put(p, 1, 20);
          for (let i = 0; i < n; i++) {
            p.load(20, rec.entry(i).x0);
            report.put(p, 2 + i, 20);
            p.load(20, rec.entry(i).x2);
            report.put(p, 2 + n + i, 20);
          }
          report.send(p);
          p.exit(0);
        });
        waitBlocked(p, child);
        for (const s of sends) kill(p, child, s);
        report.closeWriter(p);
        const status = p.space(8, 8);
        waitpid(p, child, status);
        expectWord(p, 'the child exited 0', ['PROC.WAIT.STATUS'], status, 0);
        report.receive(p);
        expectWord(p, 'its read failed EINTR', ['SIG.INTR'], report.at(0), errno('EINTR'));
        expectWord(p, `${n} handler runs`, ['SIG.PENDING.COALESCE'], report.at(1), n);
        expected.forEach((s, i) => {
          expectWord(p, `run ${i + 1} is ${lname(s)}`, ['SIG.DELIVER.WHEN', 'SIG.FRAME.ENTRY'], report.at(2 + i), s);
          expectWord(p, `run ${i + 1} frame at the interrupted SP`, ['SIG.DELIVER.WHEN', 'SIG.FRAME.LAYOUT'], report.at(2 + n + i), F);
        });
      } else {
        const word = p.space(8, 8);
        const results = p.space(8 * sends.length, 8);
        const entry = fn(p, () => {
          sleepNs(p, MS);
          sends.forEach((s, i) => {
            killSelf(p, s);
            store64(p, 0, results + 8 * i);
          });
          p.exit(0);
        });
        threadCreate(p, entry, 0, stackTop(p));
        p.sys('futex', word, FUTEX_WAIT, 0);
        p.expectEq('the initial thread\'s futex wait fails EINTR', ['SIG.INTR', 'SIG.DELIVER.THREAD'], errno('EINTR'));
        sends.forEach((_, i) => expectWord(p, `kill ${i + 1} returned 0`, ['SIG.KILL.RETURN'], results + 8 * i, 0));
        expectWord(p, `${n} handler runs`, ['SIG.PENDING.COALESCE'], rec.count, n);
        expected.forEach((s, i) => {
          expectWord(p, `run ${i + 1} is ${lname(s)}`, ['SIG.DELIVER.WHEN', 'SIG.FRAME.ENTRY'], rec.entry(i).x0, s);
          expectWord(p, `run ${i + 1} frame at the interrupted SP`, ['SIG.DELIVER.WHEN', 'SIG.FRAME.LAYOUT'], rec.entry(i).x2, F);
        });
      }
      return { boot: PINNED };
    },
  });
}

export function intrCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const handledSignals = ['SIGHUP', 'SIGINT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGTERM'].map(sig);
  for (const op of ops()) {
    for (const source of ['process', 'thread'] as const) {
      for (const signo of handledSignals) out.push(intrCase(op, source, { kind: 'handled', signo }));
      if (op.noIgnoredVariant || (op.threadOnly && source === 'process')) continue;
      out.push(intrCase(op, source, { kind: 'ignored', signo: sig('SIGUSR1'), how: 'ign' }));
      out.push(intrCase(op, source, { kind: 'ignored', signo: sig('SIGCHLD'), how: 'dfl' }));
      out.push(intrCase(op, source, { kind: 'ignored', signo: sig('SIGWINCH'), how: 'dfl' }));
    }
    for (const s of ['SIGTERM', 'SIGUSR1']) out.push(fatalCase(op, sig(s)));
  }
  const [U1, U2, HUP, INT, TERM, ALRM, CHLD] = ['SIGUSR1', 'SIGUSR2', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGALRM', 'SIGCHLD'].map(sig) as [number, number, number, number, number, number, number];
  const lists: [string, number[]][] = [
    ['usr1-x2', [U1, U1]],
    ['usr1-x3', [U1, U1, U1]],
    ['usr1-x5', [U1, U1, U1, U1, U1]],
    ['usr2-usr1', [U2, U1]],
    ['usr1-usr2-x2', [U1, U2, U1, U2]],
    ['hup-int-x2', [HUP, INT, HUP, INT]],
    ['term-alrm-usr1', [TERM, ALRM, U1]],
    ['sys-hup', [sig('SIGSYS'), HUP]],
    ['chld-x3', [CHLD, CHLD, CHLD]],
    ['mixed-5', [U2, U2, U1, HUP, U1]],
  ];
  for (const source of ['process', 'thread'] as const) for (const [name, l] of lists) out.push(coalesceCase(name, l, source));
  return out;
}
