// SIGCHLD (SIG.CHILD.EXIT): a child's end sends it to the parent; with a handler it runs (and
// interrupts a blocked call), with SIG_DFL nothing happens, and a synchronous spawn's child raises
// none. Cases that rely on the parent being blocked when the child ends pin the schedule: FIFO at
// every point and a quantum longer than the case (INTERPRETING.md section 4).

import { waitStatusExited, waitStatusSignaled } from '../../../spec/index.js';
import type { BootSpec, CaseDef } from '../../model.js';
import { Reg, type CaseProgram } from '../../program/builder.js';
import { derivedCase, type CaseBuild } from '../../program/derived-case.js';
import { AREA, call, cell, childProgram, expectCell, expectStatus, fork, Pipe, recordingHandler, SIGTERM, signalNumber, word } from './kit.js';

const SIGCHLD = signalNumber('SIGCHLD');
const PINNED: BootSpec = { schedule: [0], quantum: 1_000_000_000 };
const CHILD_PATH = '/bin/sigchld-child';

/** sigaction(SIGCHLD, a handler that records its signal number at a fresh cell); returns the cell. */
function catchSigchld(p: CaseProgram): number {
  const flag = cell(p);
  const { handler, restorer } = recordingHandler(p, flag);
  call(p, 'sigaction', SIGCHLD, handler, restorer);
  p.expectEq('sigaction(SIGCHLD, handler) returns 0', ['SIG.ACTION.RECORD'], 0);
  return flag;
}

function sigchldCase(id: string, description: string, build: (b: CaseBuild) => void, boot?: BootSpec): CaseDef {
  return derivedCase(AREA, {
    id: `sigchld/${id}`,
    description,
    clauses: ['SIG.CHILD.EXIT'],
    ...(boot ? { boot } : {}),
    build: (b) => {
      build(b);
    },
  });
}

export function sigchldCases(): CaseDef[] {
  return [
    sigchldCase('handler/exit', 'a parent with a SIGCHLD handler: its child exits and the handler runs with signal SIGCHLD; waitpid still reaps the child', ({ p }) => {
      const flag = catchSigchld(p);
      const pid = cell(p);
      fork(p, () => p.exit(9), pid);
      const status = cell(p);
      call(p, 'waitpid', word(pid), status, 0);
      p.expectCmp('waitpid returns the child', ['PROC.WAIT.REAP'], 'gt', 0);
      expectStatus(p, 'the status is exit 9', ['PROC.WAIT.STATUS'], status, waitStatusExited(9));
      expectCell(p, 'the handler ran for SIGCHLD', ['SIG.CHILD.EXIT', 'SIG.FRAME.ENTRY'], flag, SIGCHLD);
    }),
    sigchldCase('handler/killed', 'a child killed by a signal also raises SIGCHLD at its parent', ({ p }) => {
      const flag = catchSigchld(p);
      const pid = cell(p);
      fork(p, () => {
        p.sys('getpid');
        call(p, 'kill', new Reg(0), SIGTERM);
        p.exit(1);
      }, pid);
      const status = cell(p);
      call(p, 'waitpid', word(pid), status, 0);
      expectStatus(p, 'the status is killed by SIGTERM', ['PROC.WAIT.STATUS'], status, waitStatusSignaled(SIGTERM));
      expectCell(p, 'the handler ran for SIGCHLD', ['SIG.CHILD.EXIT'], flag, SIGCHLD);
    }),
    sigchldCase('handler/interrupts-read', 'a parent with a SIGCHLD handler blocked in a read of an empty pipe (it holds the write end) gets EINTR when its child exits', ({ p }) => {
      const flag = catchSigchld(p);
      const pipe = new Pipe(p);
      pipe.create(p);
      const pid = cell(p);
      fork(p, () => p.exit(0), pid);
      call(p, 'read', pipe.read, cell(p), 1);
      p.expectErrno('the read fails EINTR', ['SIG.CHILD.EXIT', 'SIG.INTR'], 'EINTR');
      expectCell(p, 'the handler ran for SIGCHLD', ['SIG.CHILD.EXIT'], flag, SIGCHLD);
      call(p, 'waitpid', word(pid), 0, 0);
      p.expectCmp('waitpid reaps the child', ['PROC.WAIT.REAP'], 'gt', 0);
    }, PINNED),
    sigchldCase('default/no-effect', 'with SIG_DFL a child\'s SIGCHLD is ignored: the parent\'s nanosleep, blocked while the child exits, completes with 0', ({ p }) => {
      const pid = cell(p);
      fork(p, () => p.exit(0), pid);
      call(p, 'nanosleep', 0, 5_000_000);
      p.expectEq('nanosleep returns 0: nothing interrupted it', ['SIG.CHILD.EXIT', 'SIG.DEFAULT.ACTION', 'TIME.SLEEP.MIN'], 0);
      const status = cell(p);
      call(p, 'waitpid', word(pid), status, 0);
      expectStatus(p, 'the child exited 0', ['PROC.WAIT.STATUS'], status, waitStatusExited(0));
    }, PINNED),
    sigchldCase('spawn/none', 'the child of a synchronous spawn is reaped by the call and raises no SIGCHLD: the handler never runs', (b) => {
      const { p } = b;
      const flag = catchSigchld(p);
      b.file({ path: CHILD_PATH, data: childProgram(p, (c) => c.exit(7)) });
      call(p, 'spawn', p.str(CHILD_PATH), 0);
      p.expectEq('spawn returns the exit code 7', ['PROC.SPAWN.STATUS', 'PROC.SPAWN.REAPED'], 7);
      expectCell(p, 'the SIGCHLD handler did not run', ['SIG.CHILD.EXIT', 'PROC.SPAWN.REAPED'], flag, 0);
    }),
  ];
}
