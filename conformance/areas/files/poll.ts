// poll with timeout 0 on every handle kind and state: the revents each readiness rule gives
// (FD.POLL.FILE/TTY/PIPE/EVENTFD/ENDPOINT, IPC.SOCKETPAIR.POLL, PIDFD.POLL, TFD.POLL), masked by
// the requested events and rights, plus the always-reported bits; then mixed arrays, negative
// and closed entries, the nfds bounds, faults and timeouts.

import { encodeLayout, layout, waitStatusExited } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { BAD_ADDR, FILES, LIMIT, O, POLL, type Prog, SEEK } from './kit.js';
import { CLOCK_MONOTONIC, CLOCK_REALTIME, TFD_TIMER_ABSTIME } from './handles.js';
import { addImage, BASE_FILE, setupTmpfs, TMP_FILE } from './world.js';

const { IN, OUT, ERR, HUP, NVAL } = POLL;
const ALWAYS = ERR | HUP | NVAL;

/** A handle in a known state; `make` leaves its number in `fd`. */
interface PollState {
  readonly name: string;
  readonly what: string;
  /** Every event the rules report for it (before masking with the request). */
  readonly ready: number;
  readonly clauses: readonly string[];
  readonly make: (p: Prog, fd: Reg) => void;
}

function pairCell(p: Prog, row: string, ...extra: number[]): number {
  const cell = p.space(8, 8);
  p.sys(row, cell, ...extra).expectEq(`set-up: ${row} returns 0`, [row === 'pipe' ? 'FD.PIPE.ENDS' : row === 'socketpair' ? 'IPC.SOCKETPAIR.DUPLEX' : 'IPC.ENDPOINT.CREATE'], 0);
  return cell;
}

/** Loads fds[index] of a pair into `fd`. */
function endOf(p: Prog, cell: number, index: 0 | 1, fd: Reg): void {
  p.loadInt(fd, cell + 4 * index);
}

const open = (path: string, flags: number) => (p: Prog, fd: Reg): void => {
  p.call(fd, 'open', p.str(path), flags, 0);
};

function writeFull(p: Prog, fdNum: number, n: number): void {
  p.sys('write', fdNum, p.bytes(new Uint8Array(n).fill(0x61)), n).expectEq(`set-up: write ${n} bytes`, ['FD.PIPE.CAPACITY'], n);
}

const STATES: readonly PollState[] = [
  { name: 'file-rdonly', what: 'a tmpfs file opened O_RDONLY', ready: IN, clauses: ['FD.POLL.FILE', 'FD.POLL.RIGHTS'], make: (p, fd) => { setupTmpfs(p); open(TMP_FILE, O.RDONLY)(p, fd); } },
  { name: 'file-wronly', what: 'a tmpfs file opened O_WRONLY', ready: OUT, clauses: ['FD.POLL.FILE', 'FD.POLL.RIGHTS'], make: (p, fd) => { setupTmpfs(p); open(TMP_FILE, O.WRONLY)(p, fd); } },
  { name: 'file-rdwr', what: 'a tmpfs file opened O_RDWR', ready: IN | OUT, clauses: ['FD.POLL.FILE'], make: (p, fd) => { setupTmpfs(p); open(TMP_FILE, O.RDWR)(p, fd); } },
  {
    name: 'file-at-eof', what: 'a tmpfs file read to its end', ready: IN | OUT, clauses: ['FD.POLL.FILE'],
    make: (p, fd) => { setupTmpfs(p); open(TMP_FILE, O.RDWR)(p, fd); p.sys('lseek', fd, 0, SEEK.END); },
  },
  { name: 'base-file', what: 'a base-image file (read-only)', ready: IN, clauses: ['FD.POLL.FILE', 'FD.POLL.RIGHTS'], make: open(BASE_FILE.path, O.RDONLY) },
  { name: 'dir', what: 'the directory /etc', ready: IN, clauses: ['FD.POLL.FILE', 'FD.POLL.RIGHTS'], make: open('/etc', O.RDONLY) },
  { name: 'dev-null', what: '/dev/null opened O_RDWR', ready: IN | OUT, clauses: ['FD.POLL.FILE'], make: open('/dev/null', O.RDWR) },
  { name: 'tty-0', what: 'console fd 0', ready: IN | OUT, clauses: ['FD.POLL.TTY'], make: (p, fd) => { p.a.movImm(fd.n, 0); } },
  { name: 'tty-1', what: 'console fd 1', ready: IN | OUT, clauses: ['FD.POLL.TTY'], make: (p, fd) => { p.a.movImm(fd.n, 1); } },
  { name: 'tty-2', what: 'console fd 2', ready: IN | OUT, clauses: ['FD.POLL.TTY'], make: (p, fd) => { p.a.movImm(fd.n, 2); } },
  {
    name: 'pipe-read-empty', what: 'an empty pipe read end with a writer', ready: 0, clauses: ['FD.POLL.PIPE'],
    make: (p, fd) => endOf(p, pairCell(p, 'pipe'), 0, fd),
  },
  {
    name: 'pipe-read-data', what: 'a pipe read end with bytes queued', ready: IN, clauses: ['FD.POLL.PIPE'],
    make: (p, fd) => { endOf(p, pairCell(p, 'pipe'), 0, fd); writeFull(p, 4, 3); },
  },
  {
    name: 'pipe-read-hup', what: 'an empty pipe read end whose writer closed', ready: IN | HUP, clauses: ['FD.POLL.PIPE', 'FD.POLL.ALWAYS'],
    make: (p, fd) => { endOf(p, pairCell(p, 'pipe'), 0, fd); p.sys('close', 4); },
  },
  {
    name: 'pipe-read-hup-data', what: 'a pipe read end with bytes queued whose writer closed', ready: IN | HUP, clauses: ['FD.POLL.PIPE', 'FD.POLL.ALWAYS'],
    make: (p, fd) => { endOf(p, pairCell(p, 'pipe'), 0, fd); writeFull(p, 4, 3); p.sys('close', 4); },
  },
  {
    name: 'pipe-write-room', what: 'a pipe write end with room and a reader', ready: OUT, clauses: ['FD.POLL.PIPE'],
    make: (p, fd) => endOf(p, pairCell(p, 'pipe'), 1, fd),
  },
  {
    name: 'pipe-write-almost-full', what: 'a pipe write end with 1 byte of room', ready: OUT, clauses: ['FD.POLL.PIPE', 'FD.PIPE.CAPACITY'],
    make: (p, fd) => { endOf(p, pairCell(p, 'pipe'), 1, fd); writeFull(p, 4, LIMIT.PIPE_CAPACITY - 1); },
  },
  {
    name: 'pipe-write-full', what: `a pipe write end with PIPE_CAPACITY (${LIMIT.PIPE_CAPACITY}) bytes queued`, ready: 0, clauses: ['FD.POLL.PIPE', 'FD.PIPE.CAPACITY'],
    make: (p, fd) => { endOf(p, pairCell(p, 'pipe'), 1, fd); writeFull(p, 4, LIMIT.PIPE_CAPACITY); },
  },
  {
    name: 'pipe-write-err', what: 'a pipe write end whose reader closed', ready: ERR, clauses: ['FD.POLL.PIPE', 'FD.POLL.ALWAYS'],
    make: (p, fd) => { endOf(p, pairCell(p, 'pipe'), 1, fd); p.sys('close', 3); },
  },
  { name: 'eventfd-zero', what: 'an eventfd at 0', ready: OUT, clauses: ['FD.POLL.EVENTFD', 'EVT.POLL.OUT'], make: (p, fd) => { p.call(fd, 'eventfd', 0, 0); } },
  { name: 'eventfd-set', what: 'an eventfd at 7', ready: IN | OUT, clauses: ['FD.POLL.EVENTFD', 'EVT.POLL.OUT'], make: (p, fd) => { p.call(fd, 'eventfd', 7, 0); } },
  {
    name: 'eventfd-max', what: 'an eventfd at 0xfffffffffffffffe', ready: IN, clauses: ['FD.POLL.EVENTFD', 'EVT.POLL.OUT'],
    make: (p, fd) => {
      p.call(fd, 'eventfd', 0, 0);
      const v = p.bytes(encodeLayout(layout('uint64'), { value: 0xffff_ffff_ffff_fffen }), 8);
      p.sys('write', fd, v, 8).expectEq('set-up: write 0xfffffffffffffffe', ['EVT.WRITE.ADD'], 8);
    },
  },
  {
    name: 'eventfd-drained', what: 'an eventfd read back to 0', ready: OUT, clauses: ['FD.POLL.EVENTFD'],
    make: (p, fd) => { p.call(fd, 'eventfd', 3, 0); p.sys('read', fd, p.space(8, 8), 8); },
  },
  {
    name: 'socketpair-fresh', what: 'a fresh socket pair end', ready: OUT, clauses: ['IPC.SOCKETPAIR.POLL', 'IPC.SOCKETPAIR.HUP'],
    make: (p, fd) => endOf(p, pairCell(p, 'socketpair', 0), 0, fd),
  },
  {
    name: 'socketpair-data', what: 'a socket pair end its peer wrote to', ready: IN | OUT, clauses: ['IPC.SOCKETPAIR.POLL', 'IPC.SOCKETPAIR.HUP'],
    make: (p, fd) => { endOf(p, pairCell(p, 'socketpair', 0), 0, fd); writeFull(p, 4, 5); },
  },
  {
    name: 'socketpair-own-full', what: 'a socket pair end whose outgoing queue is full', ready: 0, clauses: ['IPC.SOCKETPAIR.POLL', 'IPC.SOCKETPAIR.PIPE'],
    make: (p, fd) => { endOf(p, pairCell(p, 'socketpair', 0), 0, fd); writeFull(p, 3, LIMIT.PIPE_CAPACITY); },
  },
  {
    name: 'socketpair-peer-closed', what: 'a socket pair end whose peer closed', ready: IN | HUP | ERR, clauses: ['IPC.SOCKETPAIR.POLL', 'IPC.SOCKETPAIR.HUP', 'FD.POLL.ALWAYS'],
    make: (p, fd) => { endOf(p, pairCell(p, 'socketpair', 0), 0, fd); p.sys('close', 4); },
  },
  {
    name: 'endpoint-send', what: 'an endpoint send end with a free slot', ready: OUT, clauses: ['FD.POLL.ENDPOINT'],
    make: (p, fd) => endOf(p, pairCell(p, 'endpoint_create'), 0, fd),
  },
  {
    name: 'endpoint-recv-empty', what: 'an endpoint receive end with no message', ready: 0, clauses: ['FD.POLL.ENDPOINT'],
    make: (p, fd) => endOf(p, pairCell(p, 'endpoint_create'), 1, fd),
  },
  {
    name: 'endpoint-send-orphan', what: 'an endpoint send end (slot free) whose receive end closed', ready: OUT | ERR, clauses: ['FD.POLL.ENDPOINT', 'FD.POLL.ALWAYS'],
    make: (p, fd) => { endOf(p, pairCell(p, 'endpoint_create'), 0, fd); p.sys('close', 4); },
  },
  {
    name: 'endpoint-recv-orphan', what: 'an endpoint receive end whose send end closed', ready: IN | HUP, clauses: ['FD.POLL.ENDPOINT', 'FD.POLL.ALWAYS'],
    make: (p, fd) => { endOf(p, pairCell(p, 'endpoint_create'), 1, fd); p.sys('close', 3); },
  },
  { name: 'pidfd-live', what: 'a pidfd of the (running) caller', ready: 0, clauses: ['PIDFD.POLL'], make: (p, fd) => { p.call(fd, 'pidfd_open', 1, 0); } },
  {
    name: 'pidfd-zombie', what: 'a pidfd of an exited, unreaped child', ready: IN, clauses: ['PIDFD.POLL'],
    make: (p, fd) => {
      pairCell(p, 'pipe');
      const pid = p.variable();
      p.fork(pid, () => p.exit(0));
      p.call(fd, 'pidfd_open', pid, 0);
      p.sys('close', 4);
      // EOF on the pipe: the child's copy of the write end went away when it exited.
      p.sys('read', 3, p.space(8), 8).expectEq('set-up: the child has exited (EOF)', ['FD.PIPE.EOF'], 0);
    },
  },
  {
    name: 'pidfd-reaped', what: 'a pidfd of a child that exited and was reaped', ready: IN | HUP, clauses: ['PIDFD.POLL', 'PIDFD.POLL.REAPED', 'PIDFD.NOREAP'],
    make: (p, fd) => {
      const pid = p.variable();
      p.fork(pid, () => p.exit(3));
      p.call(fd, 'pidfd_open', pid, 0);
      p.expectWaitStatus('set-up: the child exited 3', ['PROC.WAIT.STATUS'], pid, waitStatusExited(3));
    },
  },
  { name: 'timerfd-disarmed', what: 'a disarmed timerfd', ready: 0, clauses: ['TFD.POLL', 'TFD.CREATE'], make: (p, fd) => { p.call(fd, 'timerfd_create', CLOCK_MONOTONIC, 0); } },
  {
    name: 'timerfd-expired', what: 'a timerfd armed at an absolute time already past', ready: IN, clauses: ['TFD.POLL', 'TFD.SETTIME.ABS'],
    make: (p, fd) => {
      p.call(fd, 'timerfd_create', CLOCK_REALTIME, 0);
      const spec = p.bytes(encodeLayout(layout('itimerspec'), { value_sec: 1n, value_nsec: 0n }), 8);
      p.sys('timerfd_settime', fd, TFD_TIMER_ABSTIME, spec, 0).expectEq('set-up: timerfd_settime(ABSTIME, 1 s after the epoch)', ['TFD.SETTIME.ARM'], 0);
    },
  },
  {
    name: 'timerfd-pending', what: 'a timerfd armed an hour ahead', ready: 0, clauses: ['TFD.POLL', 'TFD.SETTIME.ARM'],
    make: (p, fd) => {
      p.call(fd, 'timerfd_create', CLOCK_MONOTONIC, 0);
      const spec = p.bytes(encodeLayout(layout('itimerspec'), { value_sec: 3600n, value_nsec: 0n }), 8);
      p.sys('timerfd_settime', fd, 0, spec, 0).expectEq('set-up: timerfd_settime(3600 s)', ['TFD.SETTIME.ARM'], 0);
    },
  },
];

const EVENT_SETS: readonly { name: string; events: number }[] = [
  { name: 'in', events: IN },
  { name: 'out', events: OUT },
  { name: 'in-out', events: IN | OUT },
  { name: 'none', events: 0 },
  { name: 'unknown-bits', events: IN | OUT | 0x0040 | 0x0100 | 0x4000 },
];

function eventNames(v: number): string {
  const names: [number, string][] = [[IN, 'POLLIN'], [OUT, 'POLLOUT'], [ERR, 'POLLERR'], [HUP, 'POLLHUP'], [NVAL, 'POLLNVAL']];
  const out = names.filter(([b]) => v & b).map(([, n]) => n);
  return out.length ? out.join('|') : '0';
}

function stateCase(s: PollState, e: (typeof EVENT_SETS)[number]): CaseDef {
  const revents = s.ready & ((e.events & (IN | OUT)) | ALWAYS);
  return derivedCase(FILES, {
    id: `poll/${s.name}/${e.name}`,
    description: `poll(timeout 0) of ${s.what} for events 0x${e.events.toString(16)}: revents ${eventNames(revents)}, returns ${revents ? 1 : 0}`,
    clauses: ['FD.POLL.RECORD', 'FD.POLL.TIMEOUT'],
    build(b) {
      const { p } = b;
      if (s.name === 'base-file') addImage(b);
      const fd = p.variable();
      s.make(p, fd);
      p.expectOk(`set-up: made ${s.what}`, ['FD.HANDLE'], fd);
      const pfd = p.bytes(new Uint8Array(8).fill(0xa5), 8);
      p.store32(pfd, fd);
      p.a.movImm(10, e.events).movImm(9, pfd + 4).inst('STRH_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      p.sys('poll', pfd, 1, 0).expectEq(`poll returns ${revents ? 1 : 0}`, ['FD.POLL.RETURN', 'FD.POLL.READY', 'FD.POLL.TIMEOUT'], revents ? 1 : 0);
      const clauses = [...s.clauses, ...(e.name === 'unknown-bits' ? ['FD.POLL.UNKNOWNBITS'] : []), ...(e.events === 0 && revents ? ['FD.POLL.ALWAYS'] : [])];
      p.expectU32(`revents is ${eventNames(revents)} (events untouched)`, ['FD.POLL.READY', ...clauses], pfd + 4, ((revents << 16) | e.events) >>> 0);
    },
  });
}

/** A mixed array: ready, idle, negative and closed entries, with revents pre-set to garbage. */
function mixed(name: string, entries: readonly { fd: number; events: number; revents: number }[], build: (p: Prog) => void): CaseDef {
  const count = entries.filter((x) => x.revents).length;
  return derivedCase(FILES, {
    id: `poll/mixed/${name}`,
    description: `poll of ${entries.length} entries (${entries.map((x) => x.fd).join(', ')}): each revents written, ${count} counted`,
    build(b) {
      const { p } = b;
      build(p);
      const arr = p.bytes(new Uint8Array(entries.flatMap((x) => [...encodeLayout(layout('pollfd'), { fd: x.fd, events: x.events, revents: 0x7eef })])), 8);
      p.sys('poll', arr, entries.length, 0).expectEq(`poll returns ${count}`, ['FD.POLL.READY', 'FD.POLL.RETURN'], count);
      entries.forEach((x, i) => {
        const clauses = x.fd < 0 ? ['FD.POLL.NEGFD'] : x.revents & NVAL ? ['FD.POLL.NVAL', 'FD.POLL.ALWAYS'] : ['FD.POLL.READY'];
        p.expectRecord(`entry ${i} (fd ${x.fd}): revents ${eventNames(x.revents)}`, clauses, arr + 8 * i, 'pollfd', { fd: x.fd, events: x.events, revents: x.revents });
      });
    },
  });
}

function mixedCases(): CaseDef[] {
  const pipe = (p: Prog): void => { p.sys('pipe', p.space(8, 8)); };
  return [
    mixed('ready-idle-negative-closed', [
      { fd: 1, events: OUT, revents: OUT },
      { fd: 3, events: IN, revents: 0 },
      { fd: -1, events: IN | OUT, revents: 0 },
      { fd: 40, events: IN, revents: NVAL },
      { fd: 4, events: OUT, revents: OUT },
    ], pipe),
    mixed('all-idle', [{ fd: 3, events: IN, revents: 0 }, { fd: 3, events: 0, revents: 0 }, { fd: -5, events: IN, revents: 0 }], pipe),
    mixed('negative-only', [{ fd: -1, events: IN, revents: 0 }, { fd: -2147483648, events: OUT, revents: 0 }], () => undefined),
    mixed('closed-only', [{ fd: 3, events: 0, revents: NVAL }, { fd: LIMIT.FD_MAX - 1, events: IN, revents: NVAL }], () => undefined),
    mixed('out-of-range-fd', [{ fd: LIMIT.FD_MAX, events: IN, revents: NVAL }, { fd: 0x7fff_ffff, events: IN, revents: NVAL }], () => undefined),
    mixed('same-fd-twice', [{ fd: 0, events: IN, revents: IN }, { fd: 0, events: OUT, revents: OUT }, { fd: 0, events: 0, revents: 0 }], () => undefined),
    mixed('after-close', [{ fd: 3, events: IN, revents: NVAL }, { fd: 4, events: OUT, revents: ERR }], (p) => { pipe(p); p.sys('close', 3); }),
  ];
}

interface PollCall {
  readonly name: string;
  readonly text: string;
  readonly build: (p: Prog) => void;
}

const CALLS: readonly PollCall[] = [
  { name: 'nfds-zero-null', text: 'poll(NULL, 0, 0) returns 0', build: (p) => { p.sys('poll', 0, 0, 0).expectEq('poll(NULL, 0, 0)', ['FD.POLL.EMPTY', 'ABI.NULL.EMPTY'], 0); } },
  { name: 'nfds-zero-bad', text: 'poll(0x1000, 0, 0) does not look at fds and returns 0', build: (p) => { p.sys('poll', BAD_ADDR.low, 0, 0).expectEq('poll(bad, 0, 0)', ['FD.POLL.EMPTY', 'ABI.NULL.EMPTY'], 0); } },
  { name: 'nfds-zero-timeout', text: 'poll(NULL, 0, 20) returns 0 after the timeout', build: (p) => { p.sys('poll', 0, 0, 20).expectEq('poll(NULL, 0, 20)', ['FD.POLL.EMPTY', 'FD.POLL.TIMEOUT'], 0); } },
  {
    name: 'nfds-max', text: `poll of POLL_NFDS_MAX (${LIMIT.POLL_NFDS_MAX}) entries is accepted`,
    build: (p) => {
      const arr = p.bytes(new Uint8Array(8 * LIMIT.POLL_NFDS_MAX).fill(0xff), 8);
      p.sys('poll', arr, LIMIT.POLL_NFDS_MAX, 0).expectEq(`poll of ${LIMIT.POLL_NFDS_MAX} negative entries returns 0`, ['ABI.LENGTH.BOUNDS', 'FD.POLL.NEGFD'], 0);
      p.expectU32('the last entry\'s revents is 0 (events untouched)', ['FD.POLL.NEGFD'], arr + 8 * (LIMIT.POLL_NFDS_MAX - 1) + 4, 0xffff);
    },
  },
  {
    name: 'nfds-over-max', text: `poll of POLL_NFDS_MAX+1 entries fails EINVAL`,
    build: (p) => {
      const arr = p.bytes(new Uint8Array(8 * (LIMIT.POLL_NFDS_MAX + 1)).fill(0xff), 8);
      p.sys('poll', arr, LIMIT.POLL_NFDS_MAX + 1, 0).expectFail(`poll of ${LIMIT.POLL_NFDS_MAX + 1} entries`, ['ABI.LENGTH.BOUNDS'], 'EINVAL');
    },
  },
  { name: 'fault-null', text: 'poll(NULL, 1, 0) fails EFAULT', build: (p) => { p.sys('poll', BAD_ADDR.null, 1, 0).expectFail('poll(NULL, 1, 0)', ['ABI.FAULT'], 'EFAULT'); } },
  { name: 'fault-code', text: 'poll of an array in the read-only code segment fails EFAULT', build: (p) => { p.sys('poll', BAD_ADDR.code, 1, 0).expectFail('poll(code, 1, 0)', ['ABI.FAULT'], 'EFAULT'); } },
  { name: 'fault-straddle', text: 'poll of an array running past the data segment fails EFAULT', build: (p) => { p.sys('poll', BAD_ADDR.pastData - 8, 2, 0).expectFail('poll(end of data, 2, 0)', ['ABI.FAULT'], 'EFAULT'); } },
  {
    name: 'timeout-expires', text: 'poll of an empty pipe with a 30 ms timeout returns 0 and revents 0',
    build: (p) => {
      p.sys('pipe', p.space(8, 8));
      const pfd = p.bytes(encodeLayout(layout('pollfd'), { fd: 3, events: IN, revents: 0x55 }), 8);
      p.sys('poll', pfd, 1, 30).expectEq('poll returns 0', ['FD.POLL.TIMEOUT', 'FD.POLL.RETURN'], 0);
      p.expectRecord('revents is 0', ['FD.POLL.READY'], pfd, 'pollfd', { fd: 3, events: IN, revents: 0 });
    },
  },
  {
    name: 'timeout-ready-now', text: 'poll with a timeout returns at once when an entry is ready',
    build: (p) => {
      const pfd = p.bytes(encodeLayout(layout('pollfd'), { fd: 1, events: OUT, revents: 0 }), 8);
      p.sys('poll', pfd, 1, 1000).expectEq('poll returns 1', ['FD.POLL.TIMEOUT', 'FD.POLL.TTY'], 1);
    },
  },
  {
    name: 'wakes-on-child-write', text: 'poll with no timeout on an empty pipe returns when a forked child writes',
    build: (p) => {
      p.sys('pipe', p.space(8, 8));
      const pid = p.variable();
      p.fork(pid, () => {
        p.sys('nanosleep', 0, 5_000_000);
        p.sys('write', 4, p.str('!'), 1);
        p.exit(0);
      });
      const pfd = p.bytes(encodeLayout(layout('pollfd'), { fd: 3, events: IN, revents: 0 }), 8);
      p.sys('poll', pfd, 1, -1).expectEq('poll returns 1', ['FD.POLL.TIMEOUT', 'FD.POLL.PIPE'], 1);
      p.expectRecord('revents POLLIN', ['FD.POLL.PIPE'], pfd, 'pollfd', { fd: 3, events: IN, revents: IN });
      p.expectWaitStatus('the child exited 0', ['PROC.WAIT.STATUS'], pid, waitStatusExited(0));
    },
  },
];

function callCase(c: PollCall): CaseDef {
  return derivedCase(FILES, { id: `poll/call/${c.name}`, description: c.text, build: ({ p }) => c.build(p) });
}

export function pollCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const s of STATES) for (const e of EVENT_SETS) out.push(stateCase(s, e));
  out.push(...mixedCases(), ...CALLS.map(callCase));
  return out;
}
