// Endpoints: creation, the one-message slot, payload bytes, truncation, limits, blocking and
// end-of-channel, the checking order of a message record, and the moved-handle rules.

import { constValue } from '../../../spec/index.js';
import type { BootSpec, CaseDef } from '../../model.js';
import { CODE_BASE, DATA_BASE, DATA_SIZE, Reg, type CaseProgram } from '../../program/builder.js';
import { derivedCase, type CaseBuild } from '../../program/derived-case.js';
import {
  AREA, callRec, expectSame, FD_MAX, fdPair, FILL, fork, hex, IPC_MSG_MAX, loadU16, pattern, R, recvRec, sendRec, store32,
} from './kit.js';
import { UNMAPPED } from './failures.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const POLLERR = constValue('POLL_EVENTS', 'POLLERR');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
const O_CLOEXEC = constValue('OPEN_FLAGS', 'O_CLOEXEC');
const F_GETFD = constValue('FCNTL_CMDS', 'F_GETFD');
const FD_CLOEXEC = constValue('FD_FLAGS', 'FD_CLOEXEC');
const ENDPOINT_MAX = 16; // IPC.ENDPOINT.NOMEM
const CLOEXEC_FILE = '/etc/ipc-cloexec.dat';
const enc = new TextEncoder();

interface Simple {
  readonly id: string;
  readonly description: string;
  readonly clauses?: readonly string[];
  readonly boot?: BootSpec;
  body(p: CaseProgram, b: CaseBuild): void;
}

function simple(s: Simple): CaseDef {
  return derivedCase(AREA, {
    id: `endpoint/${s.id}`, description: s.description, ...(s.clauses ? { clauses: s.clauses } : {}), ...(s.boot ? { boot: s.boot } : {}),
    build: (b) => s.body(b.p, b),
  });
}

/** endpoint_create into fresh registers: [send, recv]. */
export function endpoint(p: CaseProgram, s: Reg, r: Reg, text = 'endpoint_create returns 0'): number {
  const pair = fdPair(p);
  p.sys('endpoint_create', pair);
  p.expectEq(text, ['IPC.ENDPOINT.CREATE'], 0);
  p.loadInt(s, pair).loadInt(r, pair + 4);
  return pair;
}

/** x0 = revents of poll({fd, events}, 1, 0). */
export function pollEvents(p: CaseProgram, fd: Reg | number, events: number): void {
  const pfd = p.space(8, 8);
  store32(p, fd, pfd);
  store32(p, events, pfd + 4);
  p.sys('poll', pfd, 1, 0);
  loadU16(p, 0, pfd + 6);
}

/** Receives on `r` and checks length and bytes (and that no handle came with them). */
export function recvExpect(p: CaseProgram, r: Reg | number, data: Uint8Array, clauses: readonly string[], cap = IPC_MSG_MAX): void {
  const rv = recvRec(p, { cap });
  p.sys('ipc_recv', r, rv.rec);
  const n = Math.min(cap, data.length);
  p.expectEq(`ipc_recv returns ${n}`, clauses, n);
  if (n > 0) p.expectMem(`the ${n} payload bytes arrive intact`, ['IPC.SEND.BYTES', ...clauses], rv.buf, data.subarray(0, n));
  p.loadInt(11, rv.outFd);
  p.expectEq('out_handle_fd is -1: no handle came', ['IPC.RECV.NOHANDLE'], -1, 11);
}

// ---- creation ------------------------------------------------------------------------------

/** Lowest free numbers after `opened` extra handles (3..) and the `closed` ones. */
function lowestTwo(opened: number, closed: readonly number[]): [number, number] {
  const used = new Set<number>([0, 1, 2]);
  for (let i = 0; i < opened; i++) used.add(3 + i);
  for (const c of closed) used.delete(c);
  const free: number[] = [];
  for (let fd = 0; free.length < 2; fd++) if (!used.has(fd)) free.push(fd);
  return [free[0]!, free[1]!];
}

function createCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const layouts: { opened: number; closed: number[] }[] = [
    { opened: 0, closed: [] }, { opened: 1, closed: [] }, { opened: 2, closed: [] }, { opened: 5, closed: [] },
    { opened: 9, closed: [] }, { opened: 4, closed: [3] }, { opened: 4, closed: [4, 5] }, { opened: 4, closed: [3, 6] },
    { opened: 3, closed: [5] }, { opened: 2, closed: [4] },
  ];
  for (const l of layouts) {
    const [send, recv] = lowestTwo(l.opened, l.closed);
    out.push(simple({
      id: `create/lowest/open${l.opened}-close${l.closed.join('_') || 'none'}`,
      description: `with handles 0..${2 + l.opened} open and ${l.closed.join(',') || 'none'} closed, endpoint_create puts the send end at ${send} and the receive end at ${recv}, and they work in that direction`,
      body(p) {
        const s = p.variable();
        const r = p.variable();
        for (let i = 0; i < l.opened; i++) p.sys('dup', 0);
        for (const c of l.closed) p.sys('close', c);
        const pair = endpoint(p, s, r);
        p.loadInt(11, pair);
        p.expectEq(`ends[0] (the send end) is ${send}`, ['IPC.ENDPOINT.CREATE', 'FD.ALLOC.LOWEST'], send, 11);
        p.loadInt(11, pair + 4);
        p.expectEq(`ends[1] (the receive end) is ${recv}`, ['IPC.ENDPOINT.CREATE', 'FD.ALLOC.LOWEST'], recv, 11);
        p.sys('ipc_send', s, sendRec(p, { data: 'dir' }).rec);
        p.expectEq('ipc_send on ends[0] returns 0', ['IPC.ENDPOINT.CREATE', 'IPC.SEND.RIGHT'], 0);
        recvExpect(p, r, enc.encode('dir'), ['IPC.ENDPOINT.CREATE', 'IPC.RECV.RIGHT']);
      },
    }));
  }
  const bad: { name: string; addr: number | bigint; text: string }[] = [
    { name: 'null', addr: 0, text: 'NULL' },
    { name: 'unmapped', addr: UNMAPPED, text: 'an unmapped address' },
    { name: 'code', addr: CODE_BASE, text: 'the read-only code segment' },
    { name: 'straddle', addr: DATA_BASE + DATA_SIZE - 4, text: 'the last 4 bytes of the data segment' },
    { name: 'kernel', addr: 0xffff_0000_0000_0000n, text: 'a kernel address' },
  ];
  for (const b of bad) {
    out.push(simple({
      id: `create/efault/${b.name}`,
      description: `endpoint_create with ends = ${b.text} fails EFAULT and installs nothing`,
      body(p) {
        const s = p.variable();
        const r = p.variable();
        p.sys('endpoint_create', b.addr);
        p.expectErrno('endpoint_create fails EFAULT', ['ABI.FAULT'], 'EFAULT');
        const pair = endpoint(p, s, r, 'a second endpoint_create returns 0');
        p.loadInt(11, pair);
        p.expectEq('its send end is 3: the failed call installed no handle', ['ABI.FAULT.NOEFFECT', 'FD.ALLOC.LOWEST'], 3, 11);
      },
    }));
  }
  return out;
}

interface NomemVariant {
  readonly name: string;
  readonly text: string;
  /** Emits what is done to endpoint #1 (ends s1 = 5, r1 = 6; endpoint #0 is 3/4). */
  act(p: CaseProgram): void;
  /** Whether an endpoint_create succeeds afterwards. */
  readonly freed: boolean;
  readonly clauses: readonly string[];
}

const NOMEM: readonly NomemVariant[] = [
  { name: 'full', text: 'nothing is closed', act: () => undefined, freed: false, clauses: [] },
  {
    name: 'close-both', text: 'both ends of one endpoint are closed', freed: true, clauses: ['FD.CLOSE.LAST'],
    act: (p) => void p.sys('close', 5).sys('close', 6),
  },
  { name: 'close-send', text: 'only its send end is closed', freed: false, clauses: [], act: (p) => void p.sys('close', 5) },
  { name: 'close-recv', text: 'only its receive end is closed', freed: false, clauses: [], act: (p) => void p.sys('close', 6) },
  {
    name: 'in-flight', text: 'its receive end is in flight in another endpoint and its send end is closed', freed: false, clauses: ['FD.CLOSE.RELEASE'],
    act: (p) => {
      p.sys('ipc_send', 3, sendRec(p, { data: 'r', handleFd: 6 }).rec);
      p.expectEq('the receive end of endpoint 1 moves into endpoint 0', ['IPC.XFER.MOVE'], 0);
      p.sys('close', 5);
    },
  },
  {
    name: 'registry', text: 'its receive end is registered and both ends are closed', freed: false, clauses: ['IPC.NAME.PIN'],
    act: (p) => {
      p.sys('name_register', p.str('pinned'), 6);
      p.expectEq('name_register returns 0', ['IPC.NAME.REGISTER'], 0);
      p.sys('close', 5).sys('close', 6);
    },
  },
];

function nomemCases(): CaseDef[] {
  return NOMEM.map((v) => simple({
    id: `create/nomem/${v.name}`,
    description: `with ${ENDPOINT_MAX} endpoints alive endpoint_create fails ENOMEM; after ${v.text} it ${v.freed ? 'succeeds' : 'still fails ENOMEM'}`,
    body(p) {
      const pair = fdPair(p);
      for (let i = 0; i < ENDPOINT_MAX; i++) {
        p.sys('endpoint_create', pair);
        p.expectEq(`endpoint ${i + 1} of ${ENDPOINT_MAX} is created`, ['IPC.ENDPOINT.CREATE'], 0);
      }
      p.sys('endpoint_create', pair);
      p.expectErrno(`endpoint ${ENDPOINT_MAX + 1} fails ENOMEM`, ['IPC.ENDPOINT.NOMEM'], 'ENOMEM');
      v.act(p);
      p.sys('endpoint_create', pair);
      if (v.freed) p.expectEq('endpoint_create succeeds again', ['IPC.ENDPOINT.NOMEM', ...v.clauses], 0);
      else p.expectErrno('endpoint_create still fails ENOMEM: the endpoint is alive', ['IPC.ENDPOINT.NOMEM', ...v.clauses], 'ENOMEM');
    },
  }));
}

// ---- payloads -------------------------------------------------------------------------------

const LENGTHS: readonly number[] = [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 200, 254, 255, 256];

function payloadCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const len of LENGTHS) {
    const data = pattern(len, len + 1);
    out.push(simple({
      id: `payload/self/len-${len}`,
      description: `a ${len}-byte message sent and received by one process arrives byte for byte, and the buffer past it is untouched`,
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        p.sys('ipc_send', s, sendRec(p, { data }).rec);
        p.expectEq(`ipc_send of ${len} bytes returns 0`, ['IPC.SEND.BYTES'], 0);
        const rv = recvRec(p, { cap: IPC_MSG_MAX, room: IPC_MSG_MAX + 16 });
        p.sys('ipc_recv', r, rv.rec);
        p.expectEq(`ipc_recv returns ${len}`, ['IPC.SEND.BYTES', 'IPC.RECV.TRUNCATE'], len);
        if (len > 0) p.expectMem(`the ${len} bytes arrive intact`, ['IPC.SEND.BYTES'], rv.buf, data);
        p.expectMem('the buffer past the message is untouched', ['IPC.RECV.TRUNCATE'], rv.buf + len, new Uint8Array(IPC_MSG_MAX + 16 - len).fill(FILL));
        p.loadInt(11, rv.outFd);
        p.expectEq('out_handle_fd is -1', ['IPC.RECV.NOHANDLE'], -1, 11);
      },
    }));
    out.push(simple({
      id: `payload/fork/len-${len}`,
      description: `a ${len}-byte message from a forked child reaches the parent's blocked ipc_recv byte for byte`,
      body(p) {
        const s = p.variable();
        const r = p.variable();
        const pid = p.variable();
        endpoint(p, s, r);
        const rec = sendRec(p, { data }).rec;
        fork(p, () => {
          p.sys('ipc_send', s, rec);
          p.exit(new Reg(0));
        });
        p.save(pid);
        recvExpect(p, r, data, ['IPC.RECV.BLOCK', 'IPC.SEND.BYTES']);
        const st = p.space(8, 8);
        p.sys('waitpid', pid, st, 0);
        p.loadInt(11, st);
        p.expectEq('the child\'s ipc_send returned 0 (its exit code)', ['IPC.SEND.BYTES', 'PROC.WAIT.STATUS'], 0, 11);
      },
    }));
  }
  return out;
}

const TRUNCATIONS: readonly [number, number][] = [
  [256, 0], [256, 1], [256, 100], [256, 255], [255, 254], [200, 128], [100, 99], [100, 50], [64, 63], [17, 16], [10, 1], [8, 7], [2, 1], [1, 0],
  [0, 0], [50, 256], [256, 256], [1, 1000],
];

function truncateCases(): CaseDef[] {
  return TRUNCATIONS.map(([len, cap]) => {
    const n = Math.min(len, cap);
    const data = pattern(len, len * 31 + cap);
    return simple({
      id: `truncate/len-${len}-cap-${cap}`,
      description: `a ${len}-byte message received with capacity ${cap} copies ${n} bytes, returns ${n}, and the rest is dropped: the slot is free again`,
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        p.sys('ipc_send', s, sendRec(p, { data }).rec);
        p.expectEq('ipc_send returns 0', ['IPC.SEND.BYTES'], 0);
        const room = Math.max(cap, len) + 8;
        const rv = recvRec(p, { cap, room });
        p.sys('ipc_recv', r, rv.rec);
        p.expectEq(`ipc_recv returns ${n}`, ['IPC.RECV.TRUNCATE'], n);
        if (n > 0) p.expectMem(`the first ${n} bytes arrive`, ['IPC.RECV.TRUNCATE', 'IPC.SEND.BYTES'], rv.buf, data.subarray(0, n));
        p.expectMem('nothing is written past them', ['IPC.RECV.TRUNCATE'], rv.buf + n, new Uint8Array(room - n).fill(FILL));
        p.sys('ipc_send', s, sendRec(p, { data: 'next' }).rec);
        p.expectEq('the slot is free: the next send returns 0', ['IPC.RECV.TRUNCATE', 'IPC.ENDPOINT.SLOT'], 0);
        recvExpect(p, r, enc.encode('next'), ['IPC.RECV.TRUNCATE']);
      },
    });
  });
}

function tooBigCases(): CaseDef[] {
  const out: CaseDef[] = [257, 258, 300, 511, 512, 1024, 4096].map((len) => simple({
    id: `toobig/len-${len}`,
    description: `ipc_send of ${len} bytes (over IPC_MSG_MAX ${IPC_MSG_MAX}) fails EINVAL and queues nothing`,
    body(p) {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      p.sys('ipc_send', s, sendRec(p, { data: pattern(len, len) }).rec);
      p.expectErrno(`ipc_send of ${len} bytes fails EINVAL`, ['IPC.MSG.TOOBIG'], 'EINVAL');
      p.sys('ipc_send', s, sendRec(p, { data: 'ok' }).rec);
      p.expectEq('the slot is still free: a 2-byte send returns 0', ['IPC.SEND.ATOMIC'], 0);
      recvExpect(p, r, enc.encode('ok'), ['IPC.SEND.ATOMIC']);
    },
  }));
  for (const len of [1n << 40n, (1n << 64n) - 1n]) {
    out.push(simple({
      id: `toobig/len-${len.toString(16)}`,
      description: `ipc_send with len ${hex(len)}: the buffer is checked before the length, so it fails EFAULT`,
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        p.sys('ipc_send', s, sendRec(p, { buf: DATA_BASE, len }).rec);
        p.expectErrno('ipc_send fails EFAULT', ['IPC.MSG.ORDER', 'ABI.FAULT'], 'EFAULT');
      },
    }));
  }
  return out;
}

function busyCases(): CaseDef[] {
  return [1, 100, 256].map((len) => {
    const first = pattern(len, 7 * len);
    const second = pattern(17, len);
    return simple({
      id: `busy/len-${len}`,
      description: `a second send while a ${len}-byte message is pending fails EAGAIN at once; the first arrives intact, then the second can go`,
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        const two = sendRec(p, { data: second }).rec;
        p.sys('ipc_send', s, sendRec(p, { data: first }).rec);
        p.expectEq('the first send returns 0', ['IPC.SEND.BYTES'], 0);
        p.sys('ipc_send', s, two);
        p.expectErrno('the second send fails EAGAIN without blocking', ['IPC.SEND.BUSY', 'IPC.ENDPOINT.SLOT'], 'EAGAIN');
        pollEvents(p, s, POLLOUT);
        p.expectEq('the send end is not POLLOUT while the slot is full', ['FD.POLL.ENDPOINT'], 0);
        recvExpect(p, r, first, ['IPC.ENDPOINT.SLOT', 'IPC.SEND.ATOMIC']);
        p.sys('ipc_send', s, two);
        p.expectEq('now the second send returns 0', ['IPC.ENDPOINT.SLOT'], 0);
        recvExpect(p, r, second, ['IPC.ENDPOINT.SLOT']);
      },
    });
  });
}

function noReceiverCases(): CaseDef[] {
  return [
    simple({
      id: 'noreceiver/closed',
      description: 'ipc_send after the only receive end is closed fails EPIPE and raises no signal; the send end polls POLLERR',
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        p.sys('close', r);
        p.sys('ipc_send', s, sendRec(p, { data: 'x' }).rec);
        p.expectErrno('ipc_send fails EPIPE', ['IPC.SEND.NORECEIVER'], 'EPIPE');
        pollEvents(p, s, POLLOUT);
        p.expectEq('poll reports POLLERR on the send end', ['FD.POLL.ENDPOINT', 'FD.POLL.ALWAYS'], POLLERR | POLLOUT);
        p.sys('getpid');
        p.expectEq('the process is still running (no SIGPIPE)', ['IPC.SEND.NORECEIVER', 'PROC.GETPID'], 1);
      },
    }),
    simple({
      id: 'noreceiver/pending-dropped',
      description: 'closing the receive end drops a pending message: the next send fails EPIPE, not EAGAIN',
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        p.sys('ipc_send', s, sendRec(p, { data: 'x' }).rec);
        p.expectEq('a message is pending', ['IPC.SEND.BYTES'], 0);
        p.sys('close', r);
        p.sys('ipc_send', s, sendRec(p, { data: 'y' }).rec);
        p.expectErrno('ipc_send fails EPIPE', ['IPC.SEND.NORECEIVER', 'FD.CLOSE.LAST'], 'EPIPE');
      },
    }),
    simple({
      id: 'noreceiver/child-exit',
      description: 'when the receive end lives only in a child, sends succeed while it runs and fail EPIPE once it has exited',
      body(p) {
        const s = p.variable();
        const r = p.variable();
        const pid = p.variable();
        const gr = p.variable();
        const gw = p.variable();
        endpoint(p, s, r);
        const go = fdPair(p);
        p.sys('pipe', go);
        p.loadInt(gr, go).loadInt(gw, go + 4);
        const buf = p.space(8);
        fork(p, () => {
          p.sys('close', gw);
          p.sys('read', gr, buf, 1); // returns 0 once the parent closes its write end
          p.exit(0);
        });
        p.save(pid);
        p.sys('close', r);
        p.sys('ipc_send', s, sendRec(p, { data: 'x' }).rec);
        p.expectEq('while the child holds the receive end, ipc_send returns 0', ['IPC.SEND.NORECEIVER'], 0);
        p.sys('close', gw);
        p.sys('waitpid', pid, 0, 0);
        expectSame(p, 'the child exits and is reaped', ['PROC.WAIT.REAP'], 0, pid);
        p.sys('ipc_send', s, sendRec(p, { data: 'y' }).rec);
        p.expectErrno('after the child exited, ipc_send fails EPIPE', ['IPC.SEND.NORECEIVER', 'PROC.EXIT.CLOSE'], 'EPIPE');
      },
    }),
  ];
}

function eofCases(): CaseDef[] {
  return [
    simple({
      id: 'eof/closed',
      description: 'ipc_recv with no message and no open send end fails EPIPE at once; the receive end polls POLLIN|POLLHUP',
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        p.sys('close', s);
        pollEvents(p, r, POLLIN);
        p.expectEq('poll reports POLLIN|POLLHUP', ['FD.POLL.ENDPOINT'], POLLIN | POLLHUP);
        p.sys('ipc_recv', r, recvRec(p, { cap: 8 }).rec);
        p.expectErrno('ipc_recv fails EPIPE', ['IPC.RECV.EOF'], 'EPIPE');
      },
    }),
    simple({
      id: 'eof/after-pending',
      description: 'a message sent before the last send end closed is still received; the next receive fails EPIPE',
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        const data = pattern(40, 3);
        p.sys('ipc_send', s, sendRec(p, { data }).rec);
        p.sys('close', s);
        recvExpect(p, r, data, ['IPC.RECV.EOF']);
        p.sys('ipc_recv', r, recvRec(p, { cap: 8 }).rec);
        p.expectErrno('the next ipc_recv fails EPIPE', ['IPC.RECV.EOF'], 'EPIPE');
      },
    }),
    simple({
      id: 'eof/child-exits',
      description: 'a receive blocked on an endpoint whose only send end is in a child wakes with EPIPE when the child exits without sending',
      body(p) {
        const s = p.variable();
        const r = p.variable();
        const pid = p.variable();
        endpoint(p, s, r);
        fork(p, () => {
          p.sys('nanosleep', 0, 50_000);
          p.exit(0);
        });
        p.save(pid);
        p.sys('close', s);
        p.sys('ipc_recv', r, recvRec(p, { cap: 8 }).rec);
        p.expectErrno('ipc_recv fails EPIPE', ['IPC.RECV.BLOCK', 'IPC.RECV.EOF', 'PROC.EXIT.CLOSE'], 'EPIPE');
        p.sys('waitpid', pid, 0, 0);
      },
    }),
    simple({
      id: 'eof/child-sends-and-exits',
      description: 'a message from a child that then exits is received after the exit, and the next receive fails EPIPE',
      body(p) {
        const s = p.variable();
        const r = p.variable();
        const pid = p.variable();
        endpoint(p, s, r);
        const data = pattern(9, 9);
        const rec = sendRec(p, { data }).rec;
        fork(p, () => {
          p.sys('ipc_send', s, rec);
          p.exit(0);
        });
        p.save(pid);
        p.sys('close', s);
        p.sys('waitpid', pid, 0, 0);
        recvExpect(p, r, data, ['IPC.SEND.BYTES', 'FD.CLOSE.RELEASE']);
        p.sys('ipc_recv', r, recvRec(p, { cap: 8 }).rec);
        p.expectErrno('the next ipc_recv fails EPIPE', ['IPC.RECV.EOF'], 'EPIPE');
      },
    }),
  ];
}

function blockCases(): CaseDef[] {
  return [0, 50].map((us) => simple({
    id: `block/delay-${us}us`,
    description: `ipc_recv blocks until a child that waits ${us} us sends; it then returns the message`,
    body(p) {
      const s = p.variable();
      const r = p.variable();
      const pid = p.variable();
      endpoint(p, s, r);
      const data = enc.encode(`late by ${us}`);
      const rec = sendRec(p, { data }).rec;
      fork(p, () => {
        if (us > 0) p.sys('nanosleep', 0, us * 1000);
        p.sys('ipc_send', s, rec);
        p.exit(new Reg(0));
      });
      p.save(pid);
      recvExpect(p, r, data, ['IPC.RECV.BLOCK']);
      const st = p.space(8, 8);
      p.sys('waitpid', pid, st, 0);
      p.loadInt(11, st);
      p.expectEq('the child\'s ipc_send returned 0', ['IPC.SEND.BYTES'], 0, 11);
    },
  }));
}

// ---- the record's checking order (IPC.MSG.ORDER) ------------------------------------------------

interface OrderCase {
  readonly name: string;
  readonly text: string;
  readonly errno: 'EFAULT' | 'EINVAL' | 'EBADF' | 'EACCES';
  readonly clauses: readonly string[];
  /** Builds the faulty state; returns the send end and record to use (s = 3, r = 4 fresh endpoint). */
  make(p: CaseProgram): { fd: number; rec: number | bigint };
}

const ORDER: readonly OrderCase[] = [
  {
    name: 'buf-before-handle', text: 'an unmapped buffer and a closed handle_fd', errno: 'EFAULT', clauses: ['ABI.FAULT'],
    make: (p) => ({ fd: 3, rec: sendRec(p, { buf: UNMAPPED, len: 10, handleFd: 9 }).rec }),
  },
  {
    name: 'len-before-handle', text: 'len 300 and a closed handle_fd', errno: 'EINVAL', clauses: ['IPC.MSG.TOOBIG'],
    make: (p) => ({ fd: 3, rec: sendRec(p, { data: pattern(300, 1), handleFd: 9 }).rec }),
  },
  {
    name: 'handle-before-noreceiver', text: 'a closed handle_fd and no receive end', errno: 'EBADF', clauses: ['IPC.XFER.BADFD', 'IPC.SEND.NORECEIVER'],
    make: (p) => {
      p.sys('close', 4);
      return { fd: 3, rec: sendRec(p, { data: 'x', handleFd: 9 }).rec };
    },
  },
  {
    name: 'transfer-before-busy', text: 'a handle without TRANSFER and a full slot', errno: 'EACCES', clauses: ['IPC.XFER.RIGHTS', 'IPC.SEND.BUSY'],
    make: (p) => {
      // A second endpoint (5, 6) attenuates a pipe end to READ only.
      const pair = fdPair(p);
      p.sys('endpoint_create', pair).sys('pipe', pair); // 5/6 endpoint, 7/8 pipe
      p.sys('ipc_send', 5, sendRec(p, { data: 'a', handleFd: 7, rights: R.READ }).rec);
      p.sys('ipc_recv', 6, recvRec(p, { cap: 1 }).rec); // the read end is back at 7, READ only
      p.sys('ipc_send', 3, sendRec(p, { data: 'full' }).rec);
      return { fd: 3, rec: sendRec(p, { data: 'x', handleFd: 7 }).rec };
    },
  },
  {
    name: 'len-before-busy', text: 'len 300 and a full slot', errno: 'EINVAL', clauses: ['IPC.MSG.TOOBIG', 'IPC.SEND.BUSY'],
    make: (p) => {
      p.sys('ipc_send', 3, sendRec(p, { data: 'full' }).rec);
      return { fd: 3, rec: sendRec(p, { data: pattern(300, 2) }).rec };
    },
  },
  {
    name: 'endpoint-fd-before-busy', text: 'handle_fd naming the send end itself and a full slot', errno: 'EBADF', clauses: ['IPC.XFER.BADFD', 'IPC.SEND.BUSY'],
    make: (p) => {
      p.sys('ipc_send', 3, sendRec(p, { data: 'full' }).rec);
      return { fd: 3, rec: sendRec(p, { data: 'x', handleFd: 3 }).rec };
    },
  },
  {
    name: 'self-before-busy', text: 'handle_fd naming the endpoint\'s receive end and a full slot', errno: 'EINVAL', clauses: ['IPC.XFER.SELF', 'IPC.SEND.BUSY'],
    make: (p) => {
      p.sys('ipc_send', 3, sendRec(p, { data: 'full' }).rec);
      return { fd: 3, rec: sendRec(p, { data: 'x', handleFd: 4 }).rec };
    },
  },
  {
    name: 'record-unmapped', text: 'a message record at an unmapped address', errno: 'EFAULT', clauses: ['ABI.FAULT'],
    make: () => ({ fd: 3, rec: UNMAPPED }),
  },
  {
    name: 'fd-before-record', text: 'a closed endpoint handle and an unmapped record', errno: 'EBADF', clauses: ['FD.BADF', 'ABI.FAULT'],
    make: () => ({ fd: 9, rec: UNMAPPED }),
  },
  {
    name: 'kind-before-record', text: 'a pipe instead of a send end and an unmapped record', errno: 'EINVAL', clauses: ['FD.KIND.WRONG'],
    make: (p) => {
      p.sys('pipe', fdPair(p)); // 5, 6
      return { fd: 6, rec: UNMAPPED };
    },
  },
  {
    name: 'rights-before-record', text: 'a send end without TRANSFER and an unmapped record', errno: 'EACCES', clauses: ['FD.RIGHTS.MISSING'],
    make: (p) => {
      // Endpoint 5/6; its send end 5 moves through 3/4 with WRITE only and comes back at 5.
      p.sys('endpoint_create', fdPair(p));
      p.sys('ipc_send', 3, sendRec(p, { data: 'a', handleFd: 5, rights: R.WRITE }).rec);
      p.sys('ipc_recv', 4, recvRec(p, { cap: 1 }).rec);
      return { fd: 5, rec: UNMAPPED };
    },
  },
];

function orderCases(): CaseDef[] {
  return ORDER.map((o) => simple({
    id: `order/${o.name}`,
    description: `ipc_send with ${o.text} fails ${o.errno}: arguments, then the record's fields in order, then the endpoint's state`,
    body(p) {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      const { fd, rec } = o.make(p);
      p.sys('ipc_send', fd, rec);
      p.expectErrno(`ipc_send fails ${o.errno}`, ['IPC.MSG.ORDER', 'ABI.CHECK.ORDER', ...o.clauses], o.errno);
    },
  }));
}

// ---- the moved handle ------------------------------------------------------------------------

function badHandleCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const [name, fd, text] of [
    ['closed', 9, 'a closed number'], ['high', 100, 'an unused number'], ['last', FD_MAX - 1, `${FD_MAX - 1}, unused`],
    ['fdmax', FD_MAX, `FD_MAX (${FD_MAX})`], ['large', 0x7fff_ffff, 'INT_MAX'], ['self', 3, 'the sending handle itself'],
  ] as const) {
    out.push(simple({
      id: `xfer-badfd/${name}`,
      description: `ipc_send with handle_fd ${text} fails EBADF and queues nothing`,
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        p.sys('ipc_send', s, sendRec(p, { data: 'x', handleFd: fd }).rec);
        p.expectErrno('ipc_send fails EBADF', ['IPC.XFER.BADFD'], 'EBADF');
        p.sys('ipc_send', s, sendRec(p, { data: 'ok' }).rec);
        p.expectEq('the slot is free: a plain send returns 0', ['IPC.SEND.ATOMIC'], 0);
        if (name === 'self') {
          p.sys('dup2', s, s);
          expectSame(p, 'the send end is still open', ['IPC.SEND.ATOMIC', 'FD.DUP2.SAME'], 0, s);
        }
      },
    }));
  }
  for (const [fd, rights] of [[-1, 0], [-2, R.READ], [-100, 0xff], [-0x8000_0000, 0xffff_ffff], [-1, 0xdead_beef]] as const) {
    out.push(simple({
      id: `xfer-none/fd${fd}-rights-${(rights >>> 0).toString(16)}`,
      description: `handle_fd ${fd} means no handle: requested_rights ${hex(rights >>> 0)} is ignored, the send returns 0 and the receiver gets out_handle_fd -1`,
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        p.sys('ipc_send', s, sendRec(p, { data: 'plain', handleFd: fd, rights: rights >>> 0 }).rec);
        p.expectEq('ipc_send returns 0', ['IPC.XFER.IGNORED', 'IPC.SEND.BYTES'], 0);
        recvExpect(p, r, enc.encode('plain'), ['IPC.XFER.IGNORED']);
      },
    }));
  }
  return out;
}

function selfCases(): CaseDef[] {
  return [
    simple({
      id: 'xfer-self/recv-end',
      description: 'moving an endpoint\'s own receive end through it fails EINVAL; the receive end stays',
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        const rec = sendRec(p, { data: 'x' });
        store32(p, r, rec.handleAt);
        p.sys('ipc_send', s, rec.rec);
        p.expectErrno('ipc_send fails EINVAL', ['IPC.XFER.SELF'], 'EINVAL');
        p.sys('dup2', r, r);
        expectSame(p, 'the receive end is still open', ['IPC.SEND.ATOMIC', 'FD.DUP2.SAME'], 0, r);
      },
    }),
    simple({
      id: 'xfer-self/other-send-end',
      description: 'moving another send end of the same endpoint (from name_lookup) through it fails EINVAL',
      body(p) {
        const s = p.variable();
        const r = p.variable();
        const l = p.variable();
        endpoint(p, s, r);
        const nm = p.str('self');
        p.sys('name_register', nm, r);
        p.sys('name_lookup', nm).save(l);
        p.expectOk('name_lookup returns a second send end', ['IPC.NAME.LOOKUP'], l);
        const rec = sendRec(p, { data: 'x' });
        store32(p, l, rec.handleAt);
        p.sys('ipc_send', s, rec.rec);
        p.expectErrno('ipc_send fails EINVAL', ['IPC.XFER.SELF'], 'EINVAL');
        p.sys('dup2', l, l);
        expectSame(p, 'the looked-up send end is still open', ['IPC.SEND.ATOMIC', 'FD.DUP2.SAME'], 0, l);
      },
    }),
    simple({
      id: 'xfer-self/call-recv-end',
      description: 'ipc_call moving the endpoint\'s own receive end fails EINVAL at once',
      body(p) {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        p.sys('ipc_call', s, callRec(p, { data: 'c', handleFd: 4, replyCap: 8 }).rec);
        p.expectErrno('ipc_call fails EINVAL', ['IPC.XFER.SELF', 'IPC.CALL.MODEL'], 'EINVAL');
      },
    }),
    simple({
      id: 'xfer-self/other-endpoint-ok',
      description: 'moving the receive end of a different endpoint is allowed',
      body(p) {
        const s = p.variable();
        const r = p.variable();
        const s2 = p.variable();
        const r2 = p.variable();
        endpoint(p, s, r);
        endpoint(p, s2, r2, 'a second endpoint_create returns 0');
        const rec = sendRec(p, { data: 'x' });
        store32(p, r2, rec.handleAt);
        p.sys('ipc_send', s, rec.rec);
        p.expectEq('ipc_send moving the other endpoint\'s receive end returns 0', ['IPC.XFER.SELF', 'IPC.XFER.MOVE'], 0);
      },
    }),
  ];
}

function recvTransferCases(): CaseDef[] {
  const variants = [
    { name: 'without-transfer-handle', mask: R.READ, withHandle: true },
    { name: 'without-transfer-plain', mask: R.READ, withHandle: false },
    { name: 'with-transfer-handle', mask: R.READ | R.TRANSFER, withHandle: true },
  ];
  return variants.map((v) => simple({
    id: `recv-transfer/${v.name}`,
    description: `a receive end holding ${v.mask === R.READ ? 'READ only' : 'READ|TRANSFER'} ${v.withHandle
      ? (v.mask & R.TRANSFER) !== 0 ? 'accepts a message carrying a handle' : 'fails EACCES on a message carrying a handle, which stays pending'
      : 'receives a message without a handle'}`,
    body(p) {
      const s = p.variable();
      const r = p.variable();
      const s2 = p.variable();
      const r2 = p.variable();
      endpoint(p, s, r); // 3, 4
      endpoint(p, s2, r2, 'a second endpoint_create returns 0'); // 5, 6
      // The receive end 4 moves through the second endpoint with the mask and comes back at 4.
      const m = sendRec(p, { data: 'a', rights: v.mask });
      store32(p, r, m.handleAt);
      p.sys('ipc_send', s2, m.rec);
      const back = recvRec(p, { cap: 1 });
      p.sys('ipc_recv', r2, back.rec);
      p.loadInt(r, back.outFd);
      p.sys('pipe', fdPair(p)); // a pipe end to move
      const msg = sendRec(p, { data: 'h', ...(v.withHandle ? { handleFd: 7 } : {}) });
      p.sys('ipc_send', s, msg.rec);
      p.expectEq('the message is sent', ['IPC.SEND.BYTES'], 0);
      const rv = recvRec(p, { cap: 4 });
      p.sys('ipc_recv', r, rv.rec);
      if (v.withHandle && (v.mask & R.TRANSFER) === 0) {
        p.expectErrno('ipc_recv fails EACCES', ['IPC.RECV.TRANSFER', 'IPC.XFER.RIGHTS'], 'EACCES');
        pollEvents(p, r, POLLIN);
        p.expectEq('the receive end is not POLLIN: it may not accept the pending handle', ['FD.POLL.ENDPOINT'], 0);
        p.sys('ipc_send', s, sendRec(p, { data: 'z' }).rec);
        p.expectErrno('the message stays pending: another send fails EAGAIN', ['IPC.RECV.TRANSFER', 'IPC.SEND.BUSY'], 'EAGAIN');
      } else {
        p.expectEq('ipc_recv returns 1', ['IPC.RECV.RIGHT', 'IPC.RECV.TRANSFER'], 1);
        p.loadInt(11, rv.outFd);
        if (v.withHandle) p.expectEq('the pipe end lands at 7', ['IPC.RECV.HANDLE', 'FD.ALLOC.LOWEST'], 7, 11);
        else p.expectEq('out_handle_fd is -1', ['IPC.RECV.NOHANDLE'], -1, 11);
      }
    },
  }));
}

function recvNofdCases(): CaseDef[] {
  return [true, false].map((withHandle) => simple({
    id: `recv-nofd/${withHandle ? 'handle' : 'plain'}`,
    description: withHandle
      ? 'with every handle number in use, ipc_recv of a message carrying a handle fails EMFILE and leaves it pending; after a close it lands in the freed number'
      : 'with every handle number in use, ipc_recv of a message without a handle still succeeds',
    body(p) {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r); // 3, 4
      p.sys('pipe', fdPair(p)); // 5, 6
      p.sys('ipc_send', s, sendRec(p, { data: 'q', ...(withHandle ? { handleFd: 6 } : {}) }).rec);
      p.expectEq('the message is sent', ['IPC.SEND.BYTES'], 0);
      const loop = p.a.label();
      p.a.bind(loop);
      p.sys('dup', 0);
      p.a.tbz(0, 63, loop);
      p.expectErrno('dup fails EMFILE once all numbers are used', ['FD.TABLE.FULL'], 'EMFILE');
      const rv = recvRec(p, { cap: 4 });
      p.sys('ipc_recv', r, rv.rec);
      if (withHandle) {
        p.expectErrno('ipc_recv fails EMFILE', ['IPC.RECV.NOFD', 'FD.TABLE.FULL'], 'EMFILE');
        p.sys('close', 300);
        p.sys('ipc_recv', r, rv.rec);
        p.expectEq('after a close the message is received', ['IPC.RECV.NOFD'], 1);
        p.loadInt(11, rv.outFd);
        p.expectEq('the handle lands at the freed number 300', ['IPC.RECV.HANDLE', 'FD.ALLOC.LOWEST'], 300, 11);
      } else {
        p.expectEq('ipc_recv returns 1', ['IPC.RECV.NOFD', 'IPC.RECV.NOHANDLE'], 1);
      }
    },
  }));
}

function recvFaultCases(): CaseDef[] {
  const variants: { name: string; text: string; fields: { buf?: number; outFd?: number; outBadge?: number; rec?: number } }[] = [
    { name: 'buf', text: 'an unmapped buffer', fields: { buf: UNMAPPED } },
    { name: 'buf-readonly', text: 'a buffer in the read-only code segment', fields: { buf: CODE_BASE } },
    { name: 'out-handle', text: 'an unmapped out_handle_fd', fields: { outFd: UNMAPPED } },
    { name: 'out-badge', text: 'an unmapped out_badge', fields: { outBadge: UNMAPPED } },
    { name: 'record', text: 'an unmapped record', fields: { rec: UNMAPPED } },
  ];
  return variants.map((v) => simple({
    id: `recv-efault/${v.name}`,
    description: `ipc_recv with ${v.text} fails EFAULT and consumes nothing: the message is received intact afterwards`,
    body(p) {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      const data = pattern(32, 77);
      p.sys('ipc_send', s, sendRec(p, { data }).rec);
      const rec = new Uint8Array(32);
      const view = new DataView(rec.buffer);
      view.setBigUint64(0, BigInt(v.fields.buf ?? p.space(32)), true);
      view.setBigUint64(8, 32n, true);
      view.setBigUint64(16, BigInt(v.fields.outFd ?? p.space(8, 8)), true);
      view.setBigUint64(24, BigInt(v.fields.outBadge ?? 0), true);
      const at = v.fields.rec ?? p.bytes(rec, 8);
      p.sys('ipc_recv', r, at);
      p.expectErrno('ipc_recv fails EFAULT', ['ABI.FAULT'], 'EFAULT');
      recvExpect(p, r, data, ['ABI.FAULT.NOEFFECT']);
    },
  }));
}

function cloexecCases(): CaseDef[] {
  const makers: { name: string; text: string; make(p: CaseProgram, x: Reg, b: CaseBuild): void }[] = [
    {
      name: 'file', text: 'a file opened O_CLOEXEC', make: (p, x, ctx) => {
        ctx.file({ path: CLOEXEC_FILE, data: enc.encode('close-on-exec\n') });
        p.sys('open', p.str(CLOEXEC_FILE), O_RDONLY | O_CLOEXEC, 0).save(x);
      },
    },
    {
      name: 'socketpair', text: 'a socket pair end made with the close-on-exec flag', make: (p, x) => {
        const pair = fdPair(p);
        p.sys('socketpair', pair, constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_CLOEXEC'));
        p.loadInt(x, pair);
      },
    },
    { name: 'eventfd', text: 'an eventfd made with EFD_CLOEXEC', make: (p, x) => void p.sys('eventfd', 0, constValue('EVENTFD_FLAGS', 'EFD_CLOEXEC')).save(x) },
    {
      name: 'timerfd', text: 'a timerfd made with TFD_CLOEXEC',
      make: (p, x) => void p.sys('timerfd_create', constValue('CLOCK_IDS', 'CLOCK_MONOTONIC'), constValue('TIMERFD_CREATE_FLAGS', 'TFD_CLOEXEC')).save(x),
    },
    {
      name: 'pidfd', text: 'a pidfd opened with PIDFD_CLOEXEC',
      make: (p, x) => void p.sys('pidfd_open', 1, constValue('PIDFD_OPEN_FLAGS', 'PIDFD_CLOEXEC')).save(x),
    },
  ];
  return makers.map((m) => simple({
    id: `recv-handle/cloexec-${m.name}`,
    description: `${m.text} is close-on-exec in the sender; after a move the receiver's handle is not`,
    body(p, ctx) {
      const s = p.variable();
      const r = p.variable();
      const x = p.variable();
      endpoint(p, s, r);
      m.make(p, x, ctx);
      p.sys('fcntl', x, F_GETFD, 0);
      p.expectEq('the source handle is close-on-exec', ['FD.FCNTL.FD'], FD_CLOEXEC);
      const rec = sendRec(p, { data: 'c' });
      store32(p, x, rec.handleAt);
      p.sys('ipc_send', s, rec.rec);
      p.expectEq('ipc_send moves it', ['IPC.XFER.MOVE'], 0);
      const rv = recvRec(p, { cap: 1 });
      p.sys('ipc_recv', r, rv.rec);
      p.loadInt(x, rv.outFd);
      p.sys('fcntl', x, F_GETFD, 0);
      p.expectEq('the received handle is not close-on-exec', ['IPC.RECV.HANDLE', 'FD.FCNTL.FD'], 0);
    },
  }));
}

/** The moved handle still names the same object: bytes written through it reach its peer. */
function sharedObjectCases(): CaseDef[] {
  return [8, 100].map((n) => simple({
    id: `recv-handle/same-object-${n}`,
    description: `a socket pair end moved through an endpoint still names the same pair: ${n} bytes written through it are read from the peer`,
    body(p) {
      const s = p.variable();
      const r = p.variable();
      const x = p.variable();
      const peer = p.variable();
      endpoint(p, s, r);
      const pair = fdPair(p);
      p.sys('socketpair', pair, 0);
      p.loadInt(x, pair).loadInt(peer, pair + 4);
      const rec = sendRec(p, { data: 'm' });
      store32(p, x, rec.handleAt);
      p.sys('ipc_send', s, rec.rec);
      const rv = recvRec(p, { cap: 1 });
      p.sys('ipc_recv', r, rv.rec);
      p.loadInt(x, rv.outFd);
      const data = pattern(n, n);
      p.sys('write', x, p.bytes(data), n);
      p.expectEq(`write through the moved end returns ${n}`, ['IPC.RECV.HANDLE', 'IPC.SOCKETPAIR.DUPLEX'], n);
      const got = p.space(n);
      p.sys('read', peer, got, n);
      p.expectEq(`the peer reads ${n} bytes`, ['IPC.SOCKETPAIR.DUPLEX'], n);
      p.expectMem('the same bytes', ['IPC.RECV.HANDLE', 'IPC.SOCKETPAIR.DUPLEX'], got, data);
    },
  }));
}

export function endpointCases(): CaseDef[] {
  return [
    ...createCases(), ...nomemCases(), ...payloadCases(), ...truncateCases(), ...tooBigCases(), ...busyCases(),
    ...noReceiverCases(), ...eofCases(), ...blockCases(), ...orderCases(), ...badHandleCases(), ...selfCases(),
    ...recvTransferCases(), ...recvNofdCases(), ...recvFaultCases(), ...cloexecCases(), ...sharedObjectCases(),
  ];
}
