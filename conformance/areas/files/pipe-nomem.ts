// Pipe buffers (boot option pipeBuffers, FD.PIPE.BUFFERS): a pipe takes one, a socket pair two;
// past them pipe and socketpair fail ENOMEM and create nothing (FD.PIPE.NOMEM); a buffer comes
// back once no handle to its ends is left, in any process; a full handle table fails EMFILE
// before any buffer is looked at.

import { constValue, waitStatusSignaled } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { FILES, type Prog } from './kit.js';

const SIGKILL = constValue('SIGNALS', 'SIGKILL');
/** The fd_pair a failed call must leave as it was. */
const UNTOUCHED = -1;

type Maker = 'pipe' | 'socketpair';
const NEEDS: Readonly<Record<Maker, number>> = { pipe: 1, socketpair: 2 };

/** pipe(fds) or socketpair(fds, 0), with fds pre-set to -1, -1. */
function make(p: Prog, what: Maker, fds: number): void {
  p.store64(fds, -1n);
  if (what === 'pipe') p.sys('pipe', fds);
  else p.sys('socketpair', fds, 0);
}

function expectMade(p: Prog, what: Maker, fds: number, lo: number, why: string): void {
  make(p, what, fds);
  p.expectEq(`${what} returns 0 ${why}`, what === 'pipe' ? ['FD.PIPE.ENDS', 'FD.PIPE.BUFFERS'] : ['IPC.SOCKETPAIR.DUPLEX', 'FD.PIPE.BUFFERS'], 0);
  p.expectU32(`its ends are handles ${lo} and ${lo + 1}`, ['FD.PIPE.ORDER', 'FD.ALLOC.LOWEST'], fds, lo);
  p.expectU32(`second end ${lo + 1}`, ['FD.PIPE.ORDER', 'FD.ALLOC.LOWEST'], fds + 4, lo + 1);
}

function expectNomem(p: Prog, what: Maker, fds: number, why: string): void {
  make(p, what, fds);
  p.expectFail(`${what} (needs ${NEEDS[what]} buffer${NEEDS[what] > 1 ? 's' : ''}) ${why}:`, ['FD.PIPE.NOMEM', 'FD.PIPE.BUFFERS'], 'ENOMEM');
  p.expectU32('the fd_pair is untouched', ['FD.PIPE.NOMEM'], fds, UNTOUCHED);
}

/** dup(0) lands on `fd`: the failed calls installed no handle. */
function expectNextHandle(p: Prog, fd: number): void {
  p.sys('dup', 0).expectEq(`dup(0) returns ${fd}: no handle was left behind`, ['FD.PIPE.NOMEM', 'FD.DUP.LOWEST'], fd);
  p.sys('close', fd);
}

interface NomemCase {
  readonly id: string;
  readonly description: string;
  readonly buffers: number;
  readonly body: (p: Prog, fds: number) => void;
}

function nomemCase(c: NomemCase): CaseDef {
  return derivedCase(FILES, {
    id: `pipe-nomem/${c.id}`,
    description: `with pipeBuffers ${c.buffers}: ${c.description}`,
    boot: { pipeBuffers: c.buffers },
    build({ p }) {
      c.body(p, p.space(8, 8));
    },
  });
}

export function pipeNomemCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const what of ['pipe', 'socketpair'] as const) {
    out.push(nomemCase({
      id: `none/${what}`,
      description: `${what} fails ENOMEM, writes no handle numbers and installs no handle`,
      buffers: 0,
      body(p, fds) {
        expectNomem(p, what, fds, 'with no buffer');
        expectNextHandle(p, 3);
      },
    }));
    out.push(nomemCase({
      id: `exhaust/${what}`,
      description: `${what} succeeds while buffers last, then fails ENOMEM; closing every end of one gives its buffers back`,
      buffers: 2 * NEEDS[what],
      body(p, fds) {
        expectMade(p, what, fds, 3, 'with buffers free');
        expectMade(p, what, fds, 5, 'with the rest');
        expectNomem(p, what, fds, 'once all are taken');
        expectNomem(p, 'pipe', fds, 'too');
        p.sys('close', 3);
        expectNomem(p, what, fds, 'while handle 4 still names the first one');
        p.sys('close', 4);
        expectMade(p, what, fds, 3, 'again once both ends of the first are closed');
      },
    }));
  }
  out.push(nomemCase({
    id: 'socketpair-needs-two',
    description: 'a pipe takes the one buffer; a socket pair needs two and fails ENOMEM even after that pipe is gone',
    buffers: 1,
    body(p, fds) {
      expectMade(p, 'pipe', fds, 3, 'with the one buffer');
      expectNomem(p, 'socketpair', fds, 'with none free');
      p.sys('close', 3);
      p.sys('close', 4);
      expectNomem(p, 'socketpair', fds, 'with one free');
      expectMade(p, 'pipe', fds, 3, 'once more');
    },
  }));
  out.push(nomemCase({
    id: 'held-by-child',
    description: 'a forked child holding both ends keeps the buffer taken after the parent closes its ends; once the child is killed and reaped, pipe succeeds',
    buffers: 1,
    body(p, fds) {
      const pid = p.variable();
      expectMade(p, 'pipe', fds, 3, 'with the one buffer');
      p.fork(pid, () => {
        p.sys('read', 3, p.space(8), 8); // blocks: the child's own write end stays open
      });
      p.sys('close', 3);
      p.sys('close', 4);
      expectNomem(p, 'pipe', fds, 'while the child holds the ends');
      p.sys('kill', pid, SIGKILL).expectEq('kill(child, SIGKILL) returns 0', ['SIG.KILL.RETURN'], 0);
      p.expectWaitStatus('the child died of SIGKILL', ['PROC.WAIT.STATUS', 'FD.CLOSE.LAST'], pid, waitStatusSignaled(SIGKILL));
      expectMade(p, 'pipe', fds, 3, 'once the child is gone');
    },
  }));
  out.push(derivedCase(FILES, {
    id: 'pipe-nomem/emfile-first',
    description: 'with pipeBuffers 0 and one free handle number, pipe and socketpair fail EMFILE: the handle table is checked before the buffers',
    boot: { pipeBuffers: 0 },
    build({ p }) {
      const fds = p.space(8, 8);
      p.fillTable(1);
      for (const what of ['pipe', 'socketpair'] as const) {
        make(p, what, fds);
        p.expectFail(`${what} with one free number`, ['FD.TABLE.FULL', 'FD.PIPE.BUFFERS'], 'EMFILE');
      }
    },
  }));
  return out;
}
