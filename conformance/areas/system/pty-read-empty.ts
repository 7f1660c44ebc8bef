// TTY.PTY.READ.EMPTY: a pty read with nothing to return fails EAGAIN at once when the end is
// O_NONBLOCK (the slave in canonical mode counts only complete lines; the master counts queued
// output); the console never fails EAGAIN: at the end of its input a read returns 0.

import type { CaseDef } from '../../model.js';
import type { CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, ascii, F_SETFL, O_NONBLOCK } from './lib.js';

/** openpty takes the two lowest free handles, master first (TTY.PTY.OPEN, FD.ALLOC.LOWEST). */
const M = 3;
const S = 4;
const BASE = ['TTY.PTY.READ.EMPTY', 'TTY.PTY.OPEN', 'FD.FCNTL.SETFL'];

function openNonblocking(p: CaseProgram, ...ends: number[]): void {
  const m = p.space(4, 4);
  const s = p.space(4, 4);
  p.sys('openpty', m, s).expectEq('openpty returns 0', ['TTY.PTY.OPEN'], 0);
  for (const fd of ends) p.sys('fcntl', fd, F_SETFL, O_NONBLOCK).expectEq(`fcntl(${fd}, F_SETFL, O_NONBLOCK) returns 0`, ['FD.FCNTL.SETFL'], 0);
}

function readEagain(p: CaseProgram, fd: number, what: string): void {
  p.sys('read', fd, p.space(64), 64).expectErrno(`the ${what} read fails EAGAIN`, ['TTY.PTY.READ.EMPTY'], 'EAGAIN');
}

export function ptyReadEmptyCases(): CaseDef[] {
  return [
    derivedCase(AREA, {
      id: 'tty/pty-read-empty/master',
      description: 'a non-blocking read of a pty master with no output queued fails EAGAIN',
      clauses: BASE,
      build({ p }) {
        openNonblocking(p, M);
        readEagain(p, M, 'master');
      },
    }),
    derivedCase(AREA, {
      id: 'tty/pty-read-empty/slave',
      description: 'a non-blocking read of a pty slave with no input fails EAGAIN',
      clauses: BASE,
      build({ p }) {
        openNonblocking(p, S);
        readEagain(p, S, 'slave');
      },
    }),
    derivedCase(AREA, {
      id: 'tty/pty-read-empty/slave-half-line',
      description: 'in canonical mode "ab" typed without a newline is not readable: the non-blocking slave read fails EAGAIN; after the newline it returns "ab\\n"',
      clauses: [...BASE, 'TTY.READ.CANON', 'TTY.PTY.MASTER.WRITE'],
      build({ p }) {
        openNonblocking(p, S);
        p.sys('write', M, p.bytes(ascii('ab'), 1), 2).expectEq('the master write of "ab" returns 2', ['TTY.PTY.MASTER.WRITE'], 2);
        readEagain(p, S, 'slave');
        p.sys('write', M, p.bytes(ascii('\n'), 1), 1).expectEq('the master write of the newline returns 1', ['TTY.PTY.MASTER.WRITE'], 1);
        const buf = p.space(64);
        p.sys('read', S, buf, 64).expectEq('the slave read returns the 3-byte line', ['TTY.READ.CANON'], 3);
        p.expectMem('the line is "ab\\n"', ['TTY.READ.CANON'], buf, ascii('ab\n'));
      },
    }),
    derivedCase(AREA, {
      id: 'tty/pty-read-empty/master-drained',
      description: 'the master reads what the slave wrote, then a second non-blocking master read finds nothing and fails EAGAIN',
      clauses: [...BASE, 'TTY.PTY.MASTER.READ'],
      build({ p }) {
        openNonblocking(p, M);
        p.sys('write', S, p.bytes(ascii('hi'), 1), 2).expectEq('the slave write returns 2', ['TTY.PTY.MASTER.READ'], 2);
        const buf = p.space(64);
        p.sys('read', M, buf, 64).expectEq('the master read returns the 2 bytes', ['TTY.PTY.MASTER.READ'], 2);
        readEagain(p, M, 'second master');
      },
    }),
    derivedCase(AREA, {
      id: 'tty/pty-read-empty/console-never-eagain',
      description: 'the console set O_NONBLOCK with its (empty) input used up: a read returns 0, never EAGAIN',
      clauses: ['TTY.PTY.READ.EMPTY', 'TTY.CONSOLE.INPUT', 'FD.FCNTL.SETFL'],
      build({ p }) {
        p.sys('fcntl', 0, F_SETFL, O_NONBLOCK).expectEq('fcntl(0, F_SETFL, O_NONBLOCK) returns 0', ['FD.FCNTL.SETFL'], 0);
        p.sys('read', 0, p.space(16), 16).expectEq('the console read returns 0', ['TTY.PTY.READ.EMPTY', 'TTY.CONSOLE.INPUT'], 0);
      },
    }),
  ];
}
