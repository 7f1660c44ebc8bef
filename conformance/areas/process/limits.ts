// Argument checks of waitpid and kill, EFAULT on the status word, and the process table limit
// (PROC.TABLE.FULL with BootSpec.maxProcesses): live processes, zombies and extra threads all count.

import { knownBits, waitStatusExited } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CODE_BASE } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  AREA, call, cell, childProgram, EndSync, errno, expectSame, expectStatus, fork, Pipe, SIGTERM, thread, WNOHANG,
} from './kit.js';

function waitOptionsCase(): CaseDef {
  const known = knownBits('WAIT_OPTIONS');
  const bits = Array.from({ length: 32 }, (_, b) => 2 ** b).filter((v) => (v & known) === 0);
  return derivedCase(AREA, {
    id: 'wait/unknown-options',
    description: `waitpid with any of the ${bits.length} option bits outside WAIT_OPTIONS fails EINVAL and reaps nothing`,
    clauses: ['ABI.FLAGS.UNKNOWN', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS'],
    build({ p }) {
      const status = cell(p);
      const child = p.variable();
      fork(p, () => p.exit(17));
      p.save(child);
      for (const bit of bits) {
        call(p, 'waitpid', child, status, bit | WNOHANG);
        p.expectErrno(`options 0x${(bit | WNOHANG).toString(16)} fail EINVAL`, ['ABI.FLAGS.UNKNOWN'], 'EINVAL');
      }
      call(p, 'waitpid', child, status, 0);
      expectSame(p, 'the child was not reaped by the failed calls', ['PROC.WAIT.REAP', 'ABI.FLAGS.UNKNOWN'], 0, child.n);
      expectStatus(p, 'status 17 << 8', ['PROC.WAIT.STATUS'], status, waitStatusExited(17));
    },
  });
}

const BAD_STATUS_POINTERS: readonly { label: string; addr: bigint }[] = [
  { label: 'low', addr: 0x10n },
  { label: 'code', addr: BigInt(CODE_BASE) },
  { label: 'unmapped', addr: 0x7000_0000n },
  { label: 'kernel', addr: 0xffff_ffff_ffff_f000n },
];

/** A status pointer that cannot be written: EFAULT, and the zombie stays for a later waitpid. */
function statusFaultCase(label: string, addr: bigint): CaseDef {
  return derivedCase(AREA, {
    id: `wait/status-efault/${label}`,
    description: `waitpid(zombie, 0x${addr.toString(16)}) fails EFAULT without reaping: a second waitpid gets the pid and status 3 << 8`,
    clauses: ['ABI.FAULT', 'ABI.FAULT.NOEFFECT', 'PROC.WAIT.REAP', 'PROC.EXIT.ZOMBIE', 'PROC.WAIT.STATUS'],
    build({ p }) {
      const ended = new EndSync(p);
      const status = cell(p);
      const child = p.variable();
      ended.create(p);
      fork(p, () => p.exit(3));
      p.save(child);
      ended.parentDone(p);
      ended.waitEnded(p);
      call(p, 'waitpid', child, addr, 0);
      p.expectErrno(`waitpid with status 0x${addr.toString(16)} fails EFAULT`, ['ABI.FAULT'], 'EFAULT');
      call(p, 'waitpid', child, status, WNOHANG);
      expectSame(p, 'the zombie is still there: the next waitpid reaps it', ['ABI.FAULT.NOEFFECT', 'PROC.WAIT.REAP', 'PROC.EXIT.ZOMBIE'], 0, child.n);
      expectStatus(p, 'with status 3 << 8', ['PROC.WAIT.STATUS'], status, waitStatusExited(3));
    },
  });
}

function killArgsCase(): CaseDef {
  const badPids = [0, -1, -2, -100, -0x8000_0000];
  const badSigs = [32, 33, 64, 128, -1];
  return derivedCase(AREA, {
    id: 'kill/bad-args',
    description: 'kill with pid <= 0 fails EINVAL (no process groups), with a signal outside 0..31 EINVAL, to an unused pid ESRCH; kill(self, 0) probes',
    clauses: ['SIG.KILL.NOGROUPS', 'SIG.NUMBER.INVALID', 'SIG.KILL.NOSUCH', 'SIG.KILL.PROBE', 'ABI.PID.INVALID'],
    build({ p }) {
      for (const pid of badPids) {
        call(p, 'kill', pid, SIGTERM);
        p.expectErrno(`kill(${pid}, SIGTERM) fails EINVAL`, ['SIG.KILL.NOGROUPS', 'ABI.PID.INVALID'], 'EINVAL');
      }
      for (const sig of badSigs) {
        call(p, 'kill', 1, sig);
        p.expectErrno(`kill(1, ${sig}) fails EINVAL`, ['SIG.NUMBER.INVALID'], 'EINVAL');
      }
      for (const pid of [2, 999, 32768]) {
        call(p, 'kill', pid, 0);
        p.expectErrno(`kill(${pid}, 0) with no such process fails ESRCH`, ['SIG.KILL.NOSUCH'], 'ESRCH');
      }
      call(p, 'kill', 1, 0);
      p.expectEq('kill(1, 0) probes the caller itself: 0', ['SIG.KILL.PROBE'], 0);
    },
  });
}

// ---- the process table ------------------------------------------------------------------------

type Holder = 'live' | 'zombie' | 'thread';
type Creator = 'fork' | 'spawn' | 'spawn_handles_async' | 'thread_create';
const HOLDERS: readonly Holder[] = ['live', 'zombie', 'thread'];
const CREATORS: readonly Creator[] = ['fork', 'spawn', 'spawn_handles_async', 'thread_create'];
const TABLE_SIZES: readonly number[] = [2, 3, 4, 6];
/** Attempts (with a 1 ms sleep between) while an ending thread leaves the table. */
const RETRIES = 50;

/**
 * With maxProcesses N, init and N - 1 holders fill the table: `creator` fails EAGAIN. Once one
 * holder is gone (released and reaped, reaped, or ended) the same call succeeds.
 */
function tableFullCase(size: number, holder: Holder, creator: Creator): CaseDef {
  return derivedCase(AREA, {
    id: `table-full/${holder}/${creator}/max${size}`,
    description: `maxProcesses ${size}: with init and ${size - 1} ${holder === 'thread' ? 'extra threads' : `${holder} children`}, ${creator} fails EAGAIN; after one ${holder === 'thread' ? 'thread ends' : 'child is reaped'} it succeeds`,
    clauses: ['PROC.TABLE.FULL', ...(holder === 'zombie' ? ['PROC.EXIT.ZOMBIE', 'PROC.WAIT.REAP'] : holder === 'live' ? ['PROC.WAIT.REAP'] : ['THR.EXIT.THREAD'])],
    build({ p }) {
      const park = new Pipe(p);
      const ended = new EndSync(p);
      const buf = cell(p);
      const stack = p.space(4096, 16) + 4096;
      const tries = p.variable();
      park.create(p);
      ended.create(p);
      for (let i = 0; i < size - 1; i++) {
        if (holder === 'thread') {
          thread(p, () => {
            call(p, 'read', park.read, buf, 1);
            call(p, 'exit', 0);
          });
        } else {
          fork(p, () => {
            if (holder === 'live') call(p, 'read', park.read, buf, 1);
            p.exit(0);
          });
        }
      }
      ended.parentDone(p);
      if (holder === 'zombie') ended.waitEnded(p);
      // The attempted creation; on success the new process or thread ends at once.
      const exitAtOnce = p.a.label();
      const over = p.a.label();
      p.a.b(over);
      p.a.bind(exitAtOnce);
      call(p, 'exit', 0);
      p.a.bind(over);
      const attempt = (): void => {
        switch (creator) {
          case 'fork':
            fork(p, () => p.exit(0));
            return;
          case 'spawn':
            call(p, 'spawn', p.str('/bin/exiter'), p.words([p.str('exiter'), 0]));
            return;
          case 'spawn_handles_async':
            call(p, 'spawn_handles_async', p.str('/bin/exiter'), p.words([p.str('exiter'), 0]), 0, 0);
            return;
          case 'thread_create':
            call(p, 'thread_create', CODE_BASE + exitAtOnce.offset, 0, stack);
        }
      };
      attempt();
      p.expectErrno(`${creator} with the table full fails EAGAIN`, ['PROC.TABLE.FULL'], 'EAGAIN');
      // Free one slot.
      if (holder === 'zombie') {
        call(p, 'waitpid', -1, 0, 0);
      } else {
        call(p, 'write', park.write, buf, 1);
        if (holder === 'live') call(p, 'waitpid', -1, 0, 0);
      }
      p.a.movImm(tries.n, RETRIES);
      const again = p.a.here();
      const done = p.a.label();
      attempt();
      p.a.cmpImm(0, -errno('EAGAIN'));
      p.a.bcond('ne', done);
      p.a.subImm(tries.n, tries.n, 1);
      p.a.cbz(tries.n, done);
      call(p, 'nanosleep', 0, 1_000_000);
      p.a.b(again);
      p.a.bind(done);
      p.expectCmp(`after one ${holder === 'thread' ? 'thread ended' : 'child was reaped'}, ${creator} succeeds`,
        ['PROC.TABLE.FULL', ...(holder === 'thread' ? ['THR.EXIT.THREAD'] : ['PROC.WAIT.REAP'])], 'ge', 0);
      return { files: [{ path: '/bin/exiter', data: childProgram(p, (c) => c.exit(0)) }], boot: { maxProcesses: size } };
    },
  });
}

export function limitCases(): CaseDef[] {
  return [
    waitOptionsCase(),
    ...BAD_STATUS_POINTERS.map((b) => statusFaultCase(b.label, b.addr)),
    killArgsCase(),
    ...TABLE_SIZES.flatMap((n) => HOLDERS.flatMap((h) => CREATORS.map((c) => tableFullCase(n, h, c)))),
  ];
}
