// Process handles (PIDFD.*): opening and its flags, argument errors, signalling, attributes,
// polling, duplication, and the rights of a pidfd handed to a child with fewer rights
// (kind × rights × operation, PIDFD.RIGHTS with PROC.SPAWNH.ATTENUATE).

import {
  constValue, DEFAULT_HANDLE_RIGHTS, encodeLayout, errnoNumber, knownBits, layout, RIGHT_BITS, rightsMask, waitStatusSignaled,
  type ErrnoName, type RightName,
} from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  AREA, call, cell, childProgram, EndSync, exitWithErrno, expectSame, expectStatus, fork, offsetOf, Pipe, SIGTERM,
  store32,
} from './kit.js';

const PIDFD_NONBLOCK = constValue('PIDFD_OPEN_FLAGS', 'PIDFD_NONBLOCK');
const PIDFD_CLOEXEC = constValue('PIDFD_OPEN_FLAGS', 'PIDFD_CLOEXEC');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const FD_CLOEXEC = constValue('FD_FLAGS', 'FD_CLOEXEC');
const F_GETFD = constValue('FCNTL_CMDS', 'F_GETFD');
const F_GETFL = constValue('FCNTL_CMDS', 'F_GETFL');
const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const PROCSTAT = layout('procstat');
const POLLFD = layout('pollfd');

function openFlagsCase(flags: number, label: string): CaseDef {
  const nonblock = (flags & PIDFD_NONBLOCK) !== 0;
  const cloexec = (flags & PIDFD_CLOEXEC) !== 0;
  return derivedCase(AREA, {
    id: `pidfd/open/flags/${label}`,
    description: `pidfd_open(child, ${label}): F_GETFL ${nonblock ? 'has' : 'lacks'} O_NONBLOCK, F_GETFD ${cloexec ? 'has' : 'lacks'} FD_CLOEXEC`,
    clauses: ['PIDFD.OPEN', 'PIDFD.NONBLOCK', 'PIDFD.RIGHTS'],
    build({ p }) {
      const release = new Pipe(p);
      const buf = cell(p);
      const child = p.variable();
      const fd = p.variable();
      release.create(p);
      fork(p, () => {
        call(p, 'read', release.read, buf, 1);
        p.exit(0);
      });
      p.save(child);
      call(p, 'pidfd_open', child, flags);
      p.save(fd);
      p.expectOk(`pidfd_open(child, ${label}) returns a handle`, ['PIDFD.OPEN']);
      call(p, 'fcntl', fd, F_GETFL, 0);
      p.a.inst('AND_imm', { sf: 1, N: 1, immr: 64 - 14, imms: 0, Rn: 0, Rd: 3 }); // x3 = x0 & O_NONBLOCK (bit 14)
      p.expectEq(`F_GETFL ${nonblock ? 'reports' : 'does not report'} O_NONBLOCK (fcntl works: GETATTR is held)`, ['PIDFD.NONBLOCK', 'PIDFD.RIGHTS'], nonblock ? O_NONBLOCK : 0, 3);
      call(p, 'fcntl', fd, F_GETFD, 0);
      p.expectEq(`F_GETFD is ${cloexec ? 'FD_CLOEXEC' : '0'}`, ['PIDFD.NONBLOCK'], cloexec ? FD_CLOEXEC : 0);
      call(p, 'write', release.write, buf, 1);
      call(p, 'waitpid', child, 0, 0);
    },
  });
}

function unknownOpenFlagsCase(): CaseDef {
  const known = knownBits('PIDFD_OPEN_FLAGS');
  const bits = Array.from({ length: 32 }, (_, b) => 2 ** b).filter((v) => (v & known) === 0);
  return derivedCase(AREA, {
    id: 'pidfd/open/unknown-flags',
    description: `pidfd_open(1, bit) fails EINVAL for each of the ${bits.length} bits outside PIDFD_OPEN_FLAGS`,
    clauses: ['PIDFD.OPEN', 'ABI.FLAGS.UNKNOWN'],
    build({ p }) {
      for (const bit of bits) {
        call(p, 'pidfd_open', 1, bit);
        p.expectErrno(`pidfd_open(1, 0x${bit.toString(16)}) fails EINVAL`, ['PIDFD.OPEN', 'ABI.FLAGS.UNKNOWN'], 'EINVAL');
      }
      call(p, 'pidfd_open', 1, known);
      p.expectOk('pidfd_open(1, PIDFD_NONBLOCK | PIDFD_CLOEXEC) succeeds', ['PIDFD.OPEN']);
    },
  });
}

const PID_ARGS: readonly { pid: number; errno: ErrnoName; clause: string }[] = [
  { pid: 0, errno: 'EINVAL', clause: 'ABI.PID.INVALID' },
  { pid: -1, errno: 'EINVAL', clause: 'ABI.PID.INVALID' },
  { pid: -2, errno: 'EINVAL', clause: 'ABI.PID.INVALID' },
  { pid: -0x8000_0000, errno: 'EINVAL', clause: 'ABI.PID.INVALID' },
  { pid: 2, errno: 'ESRCH', clause: 'PIDFD.OPEN.NOSUCH' },
  { pid: 999, errno: 'ESRCH', clause: 'PIDFD.OPEN.NOSUCH' },
  { pid: 32768, errno: 'ESRCH', clause: 'PIDFD.OPEN.NOSUCH' },
  { pid: 0x7fff_ffff, errno: 'ESRCH', clause: 'PIDFD.OPEN.NOSUCH' },
];

function badPidCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'pidfd/open/bad-pid',
    description: 'pidfd_open of a non-positive pid fails EINVAL, of an unused pid ESRCH, of a reaped child ESRCH; of pid 1 (itself) it succeeds',
    clauses: ['ABI.PID.INVALID', 'PIDFD.OPEN.NOSUCH', 'PIDFD.OPEN', 'PROC.WAIT.REAP'],
    build({ p }) {
      const child = p.variable();
      for (const a of PID_ARGS) {
        call(p, 'pidfd_open', a.pid, 0);
        p.expectErrno(`pidfd_open(${a.pid}) fails ${a.errno}`, [a.clause], a.errno);
      }
      call(p, 'pidfd_open', 1, 0);
      p.expectOk('pidfd_open(1) on the caller itself succeeds', ['PIDFD.OPEN']);
      fork(p, () => p.exit(0));
      p.save(child);
      call(p, 'waitpid', child, 0, 0);
      call(p, 'pidfd_open', child, 0);
      p.expectErrno('pidfd_open of a reaped child fails ESRCH', ['PIDFD.OPEN.NOSUCH', 'PROC.WAIT.REAP'], 'ESRCH');
    },
  });
}

function sendArgsCase(): CaseDef {
  const bits = Array.from({ length: 32 }, (_, b) => 2 ** b);
  const badSigs = [32, 33, 64, 255, -1];
  return derivedCase(AREA, {
    id: 'pidfd/send/bad-args',
    description: 'pidfd_send_signal with any flag bit or a signal outside 0..31 fails EINVAL; signal 0 probes a live process and returns 0',
    clauses: ['PIDFD.SIGNAL', 'ABI.FLAGS.UNKNOWN', 'SIG.NUMBER.INVALID', 'SIG.KILL.PROBE'],
    build({ p }) {
      const fd = p.variable();
      call(p, 'pidfd_open', 1, 0);
      p.save(fd);
      for (const bit of bits) {
        call(p, 'pidfd_send_signal', fd, 0, bit);
        p.expectErrno(`flags 0x${bit.toString(16)} fail EINVAL`, ['PIDFD.SIGNAL', 'ABI.FLAGS.UNKNOWN'], 'EINVAL');
      }
      for (const sig of badSigs) {
        call(p, 'pidfd_send_signal', fd, sig, 0);
        p.expectErrno(`signal ${sig} fails EINVAL`, ['SIG.NUMBER.INVALID'], 'EINVAL');
      }
      call(p, 'pidfd_send_signal', fd, 0, 0);
      p.expectEq('signal 0 probes: 0', ['PIDFD.SIGNAL', 'SIG.KILL.PROBE'], 0);
    },
  });
}

function readWriteCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'pidfd/read-write',
    description: 'read and write on a pidfd fail EINVAL; after close the number fails EBADF',
    clauses: ['PIDFD.READ', 'FD.KIND.WRONG', 'FD.BADF'],
    build({ p }) {
      const buf = p.space(64, 8);
      const fd = p.variable();
      call(p, 'pidfd_open', 1, 0);
      p.save(fd);
      call(p, 'read', fd, buf, 8);
      p.expectErrno('read(pidfd) fails EINVAL', ['PIDFD.READ', 'FD.KIND.WRONG'], 'EINVAL');
      call(p, 'write', fd, buf, 8);
      p.expectErrno('write(pidfd) fails EINVAL', ['PIDFD.READ', 'FD.KIND.WRONG'], 'EINVAL');
      call(p, 'close', fd);
      p.expectEq('close(pidfd) returns 0', ['FD.BADF'], 0);
      call(p, 'pidfd_send_signal', fd, 0, 0);
      p.expectErrno('pidfd_send_signal on the closed number fails EBADF', ['FD.BADF'], 'EBADF');
      call(p, 'pidfd_getinfo', fd, buf);
      p.expectErrno('pidfd_getinfo on the closed number fails EBADF', ['FD.BADF'], 'EBADF');
    },
  });
}

function pollfdRecord(p: CaseProgram): number {
  return p.bytes(encodeLayout(POLLFD, { fd: 0, events: POLLIN, revents: 0 }), 8);
}

function pollLiveThenEndedCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'pidfd/poll/live-then-ended',
    description: 'poll on the pidfd of a live child reports nothing; once the child ended (before any reap) it reports POLLIN',
    clauses: ['PIDFD.POLL', 'FD.POLL.READY', 'FD.POLL.TIMEOUT', 'PROC.EXIT.ZOMBIE', 'PROC.WAIT.REAP'],
    build({ p }) {
      const release = new Pipe(p);
      const ended = new EndSync(p);
      const buf = cell(p);
      const pfd = pollfdRecord(p);
      const child = p.variable();
      const fd = p.variable();
      release.create(p);
      ended.create(p);
      fork(p, () => {
        call(p, 'read', release.read, buf, 1);
        p.exit(0);
      });
      p.save(child);
      ended.parentDone(p);
      call(p, 'pidfd_open', child, 0);
      p.save(fd);
      store32(p, pfd, fd.n);
      call(p, 'poll', pfd, 1, 0);
      p.expectEq('poll(pidfd of a live child, timeout 0) returns 0', ['PIDFD.POLL', 'FD.POLL.TIMEOUT'], 0);
      call(p, 'write', release.write, buf, 1);
      ended.waitEnded(p);
      call(p, 'poll', pfd, 1, 0);
      p.expectEq('after the child ended poll returns 1', ['PIDFD.POLL', 'FD.POLL.READY', 'PROC.EXIT.ZOMBIE'], 1);
      p.a.movImm(9, pfd + offsetOf('pollfd', 'revents')).inst('LDRH_uoff', { Rt: 3, Rn: 9, imm12: 0 });
      p.expectEq('revents is POLLIN', ['PIDFD.POLL'], POLLIN, 3);
      call(p, 'waitpid', child, 0, 0);
      expectSame(p, 'the child is then reaped', ['PROC.WAIT.REAP'], 0, child.n);
    },
  });
}

/** A child signals its sibling through a pidfd: pidfds work for non-children too. */
function siblingSignalCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'pidfd/sibling-signal',
    description: 'a child opens a pidfd on its live sibling, reads its record (ppid 1) and sends it SIGTERM: init reaps the sibling with status SIGTERM',
    clauses: ['PIDFD.OPEN', 'PIDFD.SIGNAL', 'PIDFD.INFO', 'SIG.KILL.PERM', 'PROC.WAIT.STATUS', 'PROC.WAIT.REAP'],
    build({ p }) {
      const park = new Pipe(p);
      const buf = cell(p);
      const rec = p.space(PROCSTAT.size, 8);
      const status = cell(p);
      const a = p.variable();
      const b = p.variable();
      const fd = p.variable();
      park.create(p);
      fork(p, () => {
        call(p, 'read', park.read, buf, 1);
        p.exit(0);
      });
      p.save(a);
      fork(p, () => {
        // Exit codes: 1 open failed, 2 getinfo failed, 3 wrong ppid, else -errno of the signal (0).
        call(p, 'pidfd_open', a, 0);
        p.save(fd);
        const fail = (code: number): void => {
          const ok = p.a.label();
          p.a.tbz(0, 63, ok);
          p.exit(code);
          p.a.bind(ok);
        };
        fail(1);
        call(p, 'pidfd_getinfo', fd, rec);
        fail(2);
        p.loadInt(3, rec + offsetOf('procstat', 'ppid'));
        p.a.cmpImm(3, 1);
        const ppidOk = p.a.label();
        p.a.bcond('eq', ppidOk);
        p.exit(3);
        p.a.bind(ppidOk);
        call(p, 'pidfd_send_signal', fd, SIGTERM, 0);
        exitWithErrno(p);
      });
      p.save(b);
      call(p, 'waitpid', b, status, 0);
      expectStatus(p, 'the sibling opened, read and signalled its sibling: exit 0', ['PIDFD.OPEN', 'PIDFD.INFO', 'PIDFD.SIGNAL', 'SIG.KILL.PERM'], status, 0);
      call(p, 'waitpid', a, status, 0);
      expectSame(p, 'init reaps the signalled child', ['PROC.WAIT.REAP'], 0, a.n);
      expectStatus(p, 'its status is SIGTERM', ['PIDFD.SIGNAL', 'PROC.WAIT.STATUS'], status, waitStatusSignaled(SIGTERM));
    },
  });
}

function dupCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'pidfd/dup',
    description: 'a dup of a pidfd names the same process: after closing the original, getinfo and pidfd_send_signal work through the copy',
    clauses: ['PIDFD.RIGHTS', 'FD.DUP.SHARED', 'FD.DUP.RIGHTS', 'PIDFD.INFO', 'PIDFD.SIGNAL', 'PROC.WAIT.STATUS'],
    build({ p }) {
      const park = new Pipe(p);
      const buf = cell(p);
      const rec = p.space(PROCSTAT.size, 8);
      const status = cell(p);
      const child = p.variable();
      const fd = p.variable();
      const copy = p.variable();
      park.create(p);
      fork(p, () => {
        call(p, 'read', park.read, buf, 1);
        p.exit(0);
      });
      p.save(child);
      call(p, 'pidfd_open', child, 0);
      p.save(fd);
      call(p, 'dup', fd);
      p.save(copy);
      p.expectOk('dup(pidfd) succeeds: DUPLICATE is held', ['PIDFD.RIGHTS', 'FD.DUP.RIGHTS']);
      call(p, 'close', fd);
      call(p, 'pidfd_getinfo', copy, rec);
      p.expectEq('pidfd_getinfo through the copy returns 0', ['FD.DUP.SHARED', 'PIDFD.INFO'], 0);
      p.loadInt(3, rec + offsetOf('procstat', 'pid'));
      expectSame(p, 'and names the child', ['FD.DUP.SHARED', 'PIDFD.INFO'], 3, child.n);
      call(p, 'pidfd_send_signal', copy, SIGTERM, 0);
      p.expectEq('pidfd_send_signal through the copy returns 0', ['PIDFD.SIGNAL', 'FD.DUP.RIGHTS'], 0);
      call(p, 'waitpid', child, status, 0);
      expectStatus(p, 'the child died of SIGTERM', ['PIDFD.SIGNAL', 'PROC.WAIT.STATUS'], status, waitStatusSignaled(SIGTERM));
    },
  });
}

// ---- rights: a pidfd handed to a child with a subset of its rights --------------------------

const PIDFD_RIGHTS: readonly RightName[] = DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'pidfd')!.rights;
/** Rights a pidfd never holds; asking for them must not add them (PROC.SPAWNH.ATTENUATE). */
const UNHELD = RIGHT_BITS.EXECUTE | RIGHT_BITS.MAP | RIGHT_BITS.SETATTR;

type Op = 'signal' | 'getinfo' | 'dup' | 'poll';
type Target = 'live' | 'zombie';

const OPS: Readonly<Record<Target, readonly Op[]>> = { live: ['signal', 'getinfo', 'dup', 'poll'], zombie: ['signal', 'getinfo', 'poll'] };

/** The child's exit code for `op` on a pidfd with `rights` naming a `target` process. */
function expectedCode(op: Op, target: Target, rights: number): { code: number; why: string; clauses: string[] } {
  const has = (r: RightName): boolean => (rights & RIGHT_BITS[r]) !== 0;
  const miss = (r: RightName, e: ErrnoName): { code: number; why: string; clauses: string[] } => ({
    code: errnoNumber(e), why: `${e}: the handle lacks ${r}`, clauses: ['FD.RIGHTS.MISSING', 'PIDFD.RIGHTS'],
  });
  switch (op) {
    case 'signal':
      if (!has('WRITE')) return miss('WRITE', 'EBADF');
      return target === 'live'
        ? { code: 0, why: '0: WRITE allows signalling (probe)', clauses: ['PIDFD.RIGHTS', 'PIDFD.SIGNAL'] }
        : { code: errnoNumber('ESRCH'), why: 'ESRCH: the process ended', clauses: ['PIDFD.SIGNAL.EXITED', 'PIDFD.SIGNAL.ORDER'] };
    case 'getinfo':
      if (!has('GETATTR')) return miss('GETATTR', 'EACCES');
      return { code: 0, why: '0: GETATTR allows reading attributes', clauses: ['PIDFD.RIGHTS', 'PIDFD.INFO', ...(target === 'zombie' ? ['PIDFD.INFO.REAPED'] : [])] };
    case 'dup':
      if (!has('DUPLICATE')) return miss('DUPLICATE', 'EACCES');
      return { code: 0, why: '0: DUPLICATE allows dup', clauses: ['PIDFD.RIGHTS', 'FD.DUP.RIGHTS'] };
    case 'poll':
      if (target === 'live') return { code: 0, why: 'revents 0: the process lives', clauses: ['PIDFD.POLL'] };
      return has('READ')
        ? { code: POLLIN, why: 'revents POLLIN: the process ended and READ is held', clauses: ['PIDFD.POLL', 'FD.POLL.RIGHTS'] }
        : { code: 0, why: 'revents 0: without READ no POLLIN', clauses: ['PIDFD.POLL', 'FD.POLL.RIGHTS'] };
  }
}

/** The program that runs `op` on the pidfd it received as handle 3 and exits with the result code. */
function opChild(parent: CaseProgram, op: Op): Uint8Array {
  return childProgram(parent, (c) => {
    switch (op) {
      case 'signal':
        call(c, 'pidfd_send_signal', 3, 0, 0);
        exitWithErrno(c);
        return;
      case 'getinfo':
        call(c, 'pidfd_getinfo', 3, c.space(PROCSTAT.size, 8));
        exitWithErrno(c);
        return;
      case 'dup': {
        call(c, 'dup', 3);
        const failed = c.a.label();
        c.a.tbnz(0, 63, failed);
        c.exit(0);
        c.a.bind(failed);
        exitWithErrno(c);
        return;
      }
      case 'poll': {
        const pfd = c.bytes(encodeLayout(POLLFD, { fd: 3, events: POLLIN, revents: 0 }), 8);
        call(c, 'poll', pfd, 1, 0);
        c.a.movImm(9, pfd + offsetOf('pollfd', 'revents')).inst('LDRH_uoff', { Rt: 0, Rn: 9, imm12: 0 });
        call(c, 'exit', new Reg(0));
        return;
      }
    }
  });
}

const rightsLabel = (mask: number): string => {
  const names = PIDFD_RIGHTS.filter((r) => (mask & RIGHT_BITS[r]) !== 0).map((r) => r.toLowerCase());
  return names.length === 0 ? 'none' : names.join('-');
};

function rightsCase(target: Target, op: Op, subset: number): CaseDef {
  const held = PIDFD_RIGHTS.filter((_, i) => (subset >> i) & 1);
  const mask = rightsMask(held);
  const asked = subset % 2 === 1 ? mask | UNHELD : mask;
  const want = expectedCode(op, target, mask);
  return derivedCase(AREA, {
    id: `pidfd/rights/${target}/${op}/${rightsLabel(mask)}`,
    description: `a child given the pidfd of a ${target === 'live' ? 'live process (init)' : 'zombie'} with rights 0x${asked.toString(16)} (holds ${rightsLabel(mask)}) runs ${op}: ${want.why}`,
    clauses: ['PIDFD.RIGHTS', 'PROC.SPAWNH.ATTENUATE', 'PROC.SPAWN.STATUS', ...want.clauses],
    build({ p }) {
      const ended = new EndSync(p);
      const spec = p.bytes(encodeLayout(layout('spawn_handle'), { source_fd: 0, target_fd: 3, rights: asked, flags: 0 }), 8);
      const fd = p.variable();
      const child = p.variable();
      if (target === 'zombie') {
        ended.create(p);
        fork(p, () => p.exit(0));
        p.save(child);
        ended.parentDone(p);
        ended.waitEnded(p);
      }
      call(p, 'pidfd_open', target === 'zombie' ? child : 1, 0);
      p.save(fd);
      store32(p, spec, fd.n);
      call(p, 'spawn_handles', p.str(`/bin/pidfd-${op}`), p.words([p.str(`pidfd-${op}`), 0]), spec, 1);
      p.expectEq(`the child's ${op} on its pidfd gives ${want.why}`, ['PIDFD.RIGHTS', 'PROC.SPAWNH.ATTENUATE', 'PROC.SPAWN.STATUS', ...want.clauses], want.code);
      return { files: [{ path: `/bin/pidfd-${op}`, data: opChild(p, op) }] };
    },
  });
}

export function pidfdCases(): CaseDef[] {
  return [
    ...([[0, 'none'], [PIDFD_NONBLOCK, 'nonblock'], [PIDFD_CLOEXEC, 'cloexec'], [PIDFD_NONBLOCK | PIDFD_CLOEXEC, 'both']] as const)
      .map(([f, l]) => openFlagsCase(f, l)),
    unknownOpenFlagsCase(),
    badPidCase(),
    sendArgsCase(),
    readWriteCase(),
    pollLiveThenEndedCase(),
    siblingSignalCase(),
    dupCase(),
    ...(['live', 'zombie'] as const).flatMap((target) =>
      OPS[target].flatMap((op) => Array.from({ length: 2 ** PIDFD_RIGHTS.length }, (_, s) => rightsCase(target, op, s)))),
  ];
}

