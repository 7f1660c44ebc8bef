// A pidfd after its process was reaped (PIDFD.POLL.REAPED): POLLIN stays and POLLHUP is added,
// reported even when not requested; a zombie's pidfd has no POLLHUP; reaping wakes a poll that
// waits for POLLHUP only.

import { constValue, layout, waitStatusExited } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, call, cell, EndSync, expectStatus, fork, offsetOf, Pipe, store32, word } from './kit.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const POLLFD = layout('pollfd');
const EVENTS = offsetOf('pollfd', 'events');
const REVENTS = offsetOf('pollfd', 'revents');

/** A pollfd record for the handle in x`fd` asking for `events`; returns its address. */
function pollfd(p: CaseProgram, fd: Reg, events: number): number {
  const at = p.space(POLLFD.size, 8);
  store32(p, at, fd.n);
  p.a.movImm(10, events).movImm(9, at + EVENTS).inst('STRH_uoff', { Rt: 10, Rn: 9, imm12: 0 });
  return at;
}

/** Loads the revents half-word of the record at `at` into x`rt`. */
function loadRevents(p: CaseProgram, rt: number, at: number): void {
  p.a.movImm(9, at + REVENTS).inst('LDRH_uoff', { Rt: rt, Rn: 9, imm12: 0 });
}

function reapedCase(events: number, eventsText: string, expected: number, expectedText: string): CaseDef {
  return derivedCase(AREA, {
    id: `pidfd/poll-reaped/events-${eventsText.toLowerCase().replace(/\|/g, '-')}`,
    description: `a pidfd of a child that exited and was reaped, polled for ${eventsText}: revents is ${expectedText}`,
    clauses: ['PIDFD.POLL.REAPED', 'PIDFD.POLL', 'FD.POLL.ALWAYS'],
    build({ p }) {
      const pid = cell(p);
      const fd = p.variable();
      fork(p, () => p.exit(4), pid);
      call(p, 'pidfd_open', word(pid), 0);
      p.save(fd);
      p.expectOk('pidfd_open(child) returns a handle', ['PIDFD.OPEN']);
      const status = cell(p);
      call(p, 'waitpid', word(pid), status, 0);
      expectStatus(p, 'waitpid reaps the child: exit 4', ['PROC.WAIT.REAP', 'PROC.WAIT.STATUS'], status, waitStatusExited(4));
      const rec = pollfd(p, fd, events);
      call(p, 'poll', rec, 1, 0);
      p.expectEq('poll returns 1', ['FD.POLL.READY', 'PIDFD.POLL.REAPED'], 1);
      loadRevents(p, 3, rec);
      p.expectEq(`revents is ${expectedText}`, ['PIDFD.POLL.REAPED', ...(events === 0 ? ['FD.POLL.ALWAYS'] : [])], expected, 3);
    },
  });
}

function zombieCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'pidfd/poll-reaped/zombie-no-hup',
    description: 'a pidfd of a child that ended but is not reaped: POLLIN|POLLHUP asked, revents is POLLIN only; POLLHUP alone asked, poll returns 0',
    clauses: ['PIDFD.POLL.REAPED', 'PIDFD.POLL'],
    build({ p }) {
      const ended = new EndSync(p);
      ended.create(p);
      const pid = cell(p);
      const fd = p.variable();
      fork(p, () => p.exit(0), pid);
      call(p, 'pidfd_open', word(pid), 0);
      p.save(fd);
      ended.parentDone(p);
      ended.waitEnded(p);
      const both = pollfd(p, fd, POLLIN | POLLHUP);
      call(p, 'poll', both, 1, 0);
      p.expectEq('poll(POLLIN|POLLHUP) returns 1', ['PIDFD.POLL'], 1);
      loadRevents(p, 3, both);
      p.expectEq('revents is POLLIN: a zombie is not reaped yet', ['PIDFD.POLL', 'PIDFD.POLL.REAPED'], POLLIN, 3);
      const hup = pollfd(p, fd, POLLHUP);
      call(p, 'poll', hup, 1, 0);
      p.expectEq('poll(POLLHUP) returns 0', ['PIDFD.POLL.REAPED', 'FD.POLL.TIMEOUT'], 0);
      call(p, 'waitpid', word(pid), 0, 0);
      p.expectCmp('waitpid reaps the child', ['PROC.WAIT.REAP'], 'gt', 0);
    },
  });
}

function wakeCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'pidfd/poll-reaped/wakes-poller',
    description: 'a second child polls (no timeout, events 0) the inherited pidfd of its sibling; init reaps the sibling and the poll returns with POLLHUP, which the poller passes on as its exit code',
    clauses: ['PIDFD.POLL.REAPED', 'PIDFD.POLL', 'FD.POLL.ALWAYS'],
    build({ p }) {
      const release = new Pipe(p);
      release.create(p);
      const victim = cell(p);
      const fd = p.variable();
      fork(p, () => {
        call(p, 'read', release.read, cell(p), 1);
        p.exit(0);
      }, victim);
      call(p, 'pidfd_open', word(victim), 0);
      p.save(fd);
      p.expectOk('pidfd_open(first child) returns a handle', ['PIDFD.OPEN']);
      const rec = pollfd(p, fd, 0);
      const poller = cell(p);
      fork(p, () => {
        call(p, 'poll', rec, 1, -1);
        loadRevents(p, 0, rec);
        p.svc('exit');
      }, poller);
      call(p, 'write', release.write, p.str('g'), 1);
      call(p, 'waitpid', word(victim), 0, 0);
      p.expectCmp('waitpid reaps the first child', ['PROC.WAIT.REAP'], 'gt', 0);
      const status = cell(p);
      call(p, 'waitpid', word(poller), status, 0);
      expectStatus(p, 'the poller saw revents POLLHUP (its exit code)', ['PIDFD.POLL.REAPED', 'FD.POLL.ALWAYS'], status, waitStatusExited(POLLHUP));
    },
  });
}

export function pidfdReapedCases(): CaseDef[] {
  return [
    reapedCase(POLLIN, 'POLLIN', POLLIN | POLLHUP, 'POLLIN|POLLHUP'),
    reapedCase(0, 'nothing', POLLHUP, 'POLLHUP'),
    reapedCase(POLLHUP, 'POLLHUP', POLLHUP, 'POLLHUP'),
    zombieCase(),
    wakeCase(),
  ];
}
