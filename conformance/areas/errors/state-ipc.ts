// Own errors of the IPC rows (endpoint state, moved handles, reply tokens, the name registry),
// the resource limits of the handle-creating rows (FD.TABLE.FULL and the per-kind NOMEM limits),
// interrupted blocking calls (SIG.INTR) and sysinfo's record sizes.

import { constValue, encodeLayout, errnoNumber, layout, LIMITS, type ErrnoName } from '../../../spec/index.js';
import { Reg } from '../../program/builder.js';
import type { Recipe } from './cells.js';
import { READABLE_FILE, SLEEP_PROGRAM } from './files.js';
import { attenuate, field, maker } from './handles.js';
import {
  callRecord, endpoint, pendingMessage, replyRecvRecord, requestInFlight, sendRecord, type Endpoint,
} from './ipc-kit.js';
import type { Ctx } from './kit.js';
import type { Given } from './matrix.js';
import { O_RDONLY, pipe, spawnAsync, stateRecipe, type StateSpec } from './state-kit.js';

const IPC_MSG_MAX = LIMITS.members.find((m) => m.name === 'IPC_MSG_MAX')!.value;
const RIGHT_TRANSFER = constValue('RIGHTS', 'SWIFTOS_RIGHT_TRANSFER');

/** A pipe read end without TRANSFER (IPC.XFER.RIGHTS, PROC.SPAWNH.TRANSFER). */
function noTransferHandle(ctx: Ctx): Reg {
  const m = maker('pipe-read');
  return attenuate(ctx, m.make(ctx), m.rights & ~RIGHT_TRANSFER);
}

/** The moved-handle errors, for a record field that names the handle (IPC.MSG.ORDER). */
interface MovedCase {
  readonly variant: string;
  readonly what: string;
  readonly errno: ErrnoName;
  readonly clause: string;
  readonly handle: (ctx: Ctx, ep: Endpoint) => Reg | number;
  /** Bytes in the message (over IPC_MSG_MAX for IPC.MSG.TOOBIG). */
  readonly len?: number;
}

const MOVED: readonly MovedCase[] = [
  { variant: 'never-opened', what: 'a moved handle that is not open', errno: 'EBADF', clause: 'IPC.XFER.BADFD', handle: () => 511 },
  {
    variant: 'closed', what: 'a moved handle that was closed', errno: 'EBADF', clause: 'IPC.XFER.BADFD',
    handle: (ctx) => {
      const h = ctx.call('eventfd', 0, 0);
      ctx.sys('close', h);
      return h;
    },
  },
  { variant: 'no-transfer', what: 'a moved handle without TRANSFER', errno: 'EACCES', clause: 'IPC.XFER.RIGHTS', handle: (ctx) => noTransferHandle(ctx) },
  { variant: 'recv-end', what: 'moving the receive end of the same endpoint', errno: 'EINVAL', clause: 'IPC.XFER.SELF', handle: (_ctx, ep) => ep.recv },
  {
    variant: 'second-send-end', what: 'moving a second send end of the same endpoint (from name_lookup)', errno: 'EINVAL', clause: 'IPC.XFER.SELF',
    handle: (ctx, ep) => {
      const name = ctx.str('errors-self');
      ctx.sys('name_register', name, ep.recv);
      return ctx.call('name_lookup', name);
    },
  },
  { variant: 'len-257', what: `a ${IPC_MSG_MAX + 1}-byte message`, errno: 'EINVAL', clause: 'IPC.MSG.TOOBIG', handle: () => -1, len: IPC_MSG_MAX + 1 },
  { variant: 'len-4096', what: 'a 4096-byte message', errno: 'EINVAL', clause: 'IPC.MSG.TOOBIG', handle: () => -1, len: 4096 },
];

function moved(): StateSpec[] {
  const out: StateSpec[] = [];
  for (const m of MOVED) {
    // ipc_send: the send end's own endpoint; the handle rides in the send record.
    out.push({
      row: 'ipc_send', errno: m.errno, clause: m.clause, variant: m.variant, what: m.what,
      setup: (ctx) => {
        const ep = endpoint(ctx);
        const h = m.handle(ctx, ep);
        return { fd: ep.send, msg: sendRecord(ctx, { handle: h, len: m.len ?? 8 }) };
      },
    });
    out.push({
      row: 'ipc_call', errno: m.errno, clause: m.clause, variant: m.variant, what: m.what,
      setup: (ctx) => {
        const ep = endpoint(ctx);
        const h = m.handle(ctx, ep);
        return { fd: ep.send, msg: callRecord(ctx, { handle: h, len: m.len ?? 8 }) };
      },
    });
    // ipc_reply_recv: a real request is in flight, so the reply (and its handle) is checked.
    const replyHandle = m.variant === 'recv-end' ? ((_ctx: Ctx, ep: Endpoint): Reg => ep.send) : m.handle;
    out.push({
      row: 'ipc_reply_recv', errno: m.errno, clause: m.clause, variant: m.variant === 'recv-end' ? 'send-end' : m.variant,
      what: m.variant === 'recv-end' ? 'replying with the send end of the same endpoint' : `a reply with ${m.what.replace(/^a /, '')}`,
      setup: (ctx) => {
        const ep = endpoint(ctx);
        const token = requestInFlight(ctx, ep);
        const h = replyHandle(ctx, ep);
        const rec = replyRecvRecord(ctx, { port: token, replyHandle: h, replyLen: m.len ?? 8 });
        return { fd: ep.recv, msg: rec.at };
      },
    });
  }
  return out;
}

function endpoints(): StateSpec[] {
  return [
    {
      row: 'ipc_send', errno: 'EPIPE', clause: 'IPC.SEND.NORECEIVER', variant: 'recv-closed', what: 'sending when the receive end is closed',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        ctx.sys('close', ep.recv);
        return { fd: ep.send };
      },
    },
    {
      row: 'ipc_send', errno: 'EAGAIN', clause: 'IPC.SEND.BUSY', variant: 'slot-full', what: 'sending while a message is pending',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        pendingMessage(ctx, ep);
        return { fd: ep.send };
      },
    },
    {
      row: 'ipc_call', errno: 'EAGAIN', clause: 'IPC.SEND.BUSY', variant: 'slot-full', what: 'calling while a message is pending',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        pendingMessage(ctx, ep);
        return { fd: ep.send };
      },
    },
    {
      row: 'ipc_call', errno: 'EPIPE', clause: 'IPC.CALL.NOSERVER', variant: 'recv-closed', what: 'calling when the receive end is closed',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        ctx.sys('close', ep.recv);
        return { fd: ep.send };
      },
    },
    {
      row: 'ipc_recv', errno: 'EPIPE', clause: 'IPC.RECV.EOF', variant: 'send-closed', what: 'receiving with no message and every send end closed',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        ctx.sys('close', ep.send);
        return { fd: ep.recv };
      },
    },
    {
      row: 'ipc_reply_recv', errno: 'EPIPE', clause: 'IPC.RECV.EOF', variant: 'send-closed', what: 'receiving with no message and every send end closed',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        ctx.sys('close', ep.send);
        return { fd: ep.recv };
      },
    },
    {
      row: 'ipc_reply_recv', errno: 'EINVAL', clause: 'IPC.REPLY.STALE', variant: 'forged', what: 'a forged reply token',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        pendingMessage(ctx, ep);
        return { fd: ep.recv, msg: replyRecvRecord(ctx, { port: 0x5eed_0001 }).at };
      },
    },
    {
      row: 'ipc_reply_recv', errno: 'EINVAL', clause: 'IPC.REPLY.STALE', variant: 'plain-send-token', what: 'reply token 1 for a request sent with ipc_send (token 0)',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        pendingMessage(ctx, ep);
        const first = replyRecvRecord(ctx);
        ctx.sys('ipc_reply_recv', ep.recv, first.at);
        pendingMessage(ctx, ep);
        return { fd: ep.recv, msg: replyRecvRecord(ctx, { port: 1 }).at };
      },
      also: ['IPC.REPLY.PLAINSEND'],
    },
    ...(['ipc_recv', 'ipc_reply_recv'] as const).map((row): StateSpec => ({
      row, errno: 'EACCES', clause: 'IPC.RECV.TRANSFER', variant: 'recv-end-no-transfer', what: 'a receive end without TRANSFER and a pending handle',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        pendingMessage(ctx, ep, ctx.call('eventfd', 0, 0));
        const recv = attenuate(ctx, ep.recv, constValue('RIGHTS', 'SWIFTOS_RIGHT_READ'));
        return { fd: recv };
      },
    })),
    {
      row: 'name_register', errno: 'ENOSPC', clause: 'IPC.NAME.FULL', variant: 'ninth-name', what: 'a ninth name when eight are registered',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        for (let i = 0; i < 8; i++) ctx.sys('name_register', ctx.str(`errors-n${i}`), ep.recv);
        return { endpoint_fd: ep.recv, name: ctx.str('errors-n8') };
      },
    },
    { row: 'name_lookup', errno: 'ENOENT', clause: 'IPC.NAME.UNKNOWN', variant: 'never-registered', what: 'a name nobody registered', args: { name: (ctx: Ctx) => ctx.str('errors-none') } },
    {
      row: 'name_lookup', errno: 'ENOENT', clause: 'IPC.NAME.UNKNOWN', variant: 'prefix', what: 'a prefix of a registered name',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        ctx.sys('name_register', ctx.str('errors-svc2'), ep.recv);
        return { name: ctx.str('errors-svc') };
      },
    },
  ];
}

/** Rows that need a new handle, and how to call each with everything else valid (FD.TABLE.FULL). */
interface Creator {
  readonly row: string;
  readonly variant: string;
  readonly what: string;
  /** Set-up done while handle numbers are still free; returns the call's arguments. */
  readonly before?: (ctx: Ctx) => Readonly<Record<string, Given>>;
  readonly args?: Readonly<Record<string, Given>>;
  readonly clauses?: readonly string[];
}

const CREATORS: readonly Creator[] = [
  { row: 'open', variant: 'file', what: 'opening a file', args: { path: (ctx: Ctx) => ctx.str(ctx.file(READABLE_FILE)), flags: O_RDONLY }, clauses: ['FS.OPEN.EMFILE'] },
  { row: 'open', variant: 'missing', what: 'opening a missing path (the table is checked first)', args: { path: (ctx: Ctx) => ctx.str('/tmp/missing'), flags: O_RDONLY }, clauses: ['FS.OPEN.EMFILE'] },
  { row: 'dup', variant: 'tty', what: 'duplicating the console', args: { fd: 0 } },
  { row: 'fcntl', variant: 'dupfd', what: 'F_DUPFD of the console', args: { fd: 0, cmd: constValue('FCNTL_CMDS', 'F_DUPFD'), arg: 0 } },
  { row: 'fcntl', variant: 'dupfd-cloexec', what: 'F_DUPFD_CLOEXEC of the console', args: { fd: 0, cmd: constValue('FCNTL_CMDS', 'F_DUPFD_CLOEXEC'), arg: 0 } },
  { row: 'pipe', variant: 'pair', what: 'making a pipe' },
  { row: 'socketpair', variant: 'pair', what: 'making a socket pair' },
  { row: 'endpoint_create', variant: 'pair', what: 'making an endpoint' },
  { row: 'openpty', variant: 'pair', what: 'making a pseudo-terminal' },
  { row: 'eventfd', variant: 'counter', what: 'making an eventfd' },
  { row: 'timerfd_create', variant: 'timer', what: 'making a timerfd' },
  { row: 'pidfd_open', variant: 'self', what: 'opening a pidfd on init', args: { pid: 1 } },
  {
    row: 'name_lookup', variant: 'registered', what: 'looking up a registered name',
    before: (ctx) => {
      const ep = endpoint(ctx);
      ctx.sys('name_register', ctx.str('errors-svc'), ep.recv);
      return {};
    },
  },
  {
    row: 'ipc_recv', variant: 'pending-handle', what: 'receiving a message that carries a handle',
    before: (ctx) => {
      const ep = endpoint(ctx);
      pendingMessage(ctx, ep, ctx.call('eventfd', 0, 0));
      return { fd: ep.recv };
    },
    clauses: ['IPC.RECV.NOFD'],
  },
  {
    row: 'ipc_reply_recv', variant: 'pending-handle', what: 'receiving a message that carries a handle',
    before: (ctx) => {
      const ep = endpoint(ctx);
      pendingMessage(ctx, ep, ctx.call('eventfd', 0, 0));
      return { fd: ep.recv };
    },
    clauses: ['IPC.RECV.NOFD'],
  },
  {
    row: 'ipc_call', variant: 'reply-with-handle', what: 'a call whose reply carries a handle',
    before: (ctx) => {
      const ep = endpoint(ctx);
      startReplier(ctx, ep);
      return { fd: ep.send };
    },
    clauses: ['IPC.RECV.NOFD'],
  },
];

/**
 * A server in another process (a handle moved inside one process frees its own slot): a child
 * gets the receive end as handle 0 and an eventfd as handle 1, takes one request with
 * ipc_reply_recv(reply_port 0), and replies to it moving handle 1.
 */
function startReplier(ctx: Ctx, ep: Endpoint): void {
  const path = ctx.childProgram('/bin/errors-replier', (c) => {
    const first = replyRecvRecord(c);
    const second = replyRecvRecord(c, { replyHandle: 1, replyLen: 8 });
    c.sys('ipc_reply_recv', 0, first.at);
    c.p.load(20, first.outPort);
    c.storeX(second.at + field('ipc_reply_recv_msg', 'reply_port'), new Reg(20));
    c.sys('ipc_reply_recv', 0, second.at);
    c.p.exit(0);
  });
  const moved = ctx.call('eventfd', 0, 0);
  const specs = ctx.space(32, 4);
  ctx.storeW(specs, ep.recv).storeW(specs + 4, 0).storeW(specs + 8, 0xff).storeW(specs + 12, 0);
  ctx.storeW(specs + 16, moved).storeW(specs + 20, 1).storeW(specs + 24, 0xff).storeW(specs + 28, 0);
  ctx.sys('spawn_handles_async', ctx.str(path), 0, specs, 2);
}

function tableFull(): StateSpec[] {
  return CREATORS.map((c) => ({
    row: c.row, errno: 'EMFILE' as ErrnoName, clause: 'FD.TABLE.FULL', variant: c.variant, what: `${c.what} with every handle number in use`,
    setup: (ctx: Ctx) => {
      const given = c.before?.(ctx) ?? {};
      ctx.fillHandleTable();
      return given;
    },
    ...(c.args ? { args: c.args } : {}),
    ...(c.clauses ? { also: c.clauses } : {}),
  }));
}

/** Kernel-wide object limits the spec gives numbers for (and openpty's, found by trying). */
function objectLimits(): StateSpec[] {
  const make16 = (ctx: Ctx, row: string, ...args: number[]): void => {
    for (let i = 0; i < 16; i++) ctx.sys(row, ...args);
  };
  return [
    {
      row: 'endpoint_create', errno: 'ENOMEM', clause: 'IPC.ENDPOINT.NOMEM', variant: 'seventeenth', what: 'a 17th endpoint while 16 are alive',
      setup: (ctx) => {
        const ends = ctx.space(8, 8);
        make16(ctx, 'endpoint_create', ends);
      },
    },
    {
      row: 'eventfd', errno: 'ENOMEM', clause: 'EVT.NOMEM', variant: 'seventeenth', what: 'a 17th eventfd while 16 are alive',
      setup: (ctx) => make16(ctx, 'eventfd', 0, 0),
    },
    {
      row: 'openpty', errno: 'ENOMEM', clause: 'TTY.PTY.NOMEM', variant: 'until-exhausted', what: 'another pseudo-terminal once openpty has failed for lack of them',
      setup: (ctx) => {
        const m = ctx.space(4, 4);
        const s = ctx.space(4, 4);
        ctx.repeatWhileOk(200, () => {
          ctx.sys('openpty', m, s);
        });
      },
    },
    {
      row: 'ipc_call', errno: 'ENOSPC', clause: 'IPC.CALL.NOPORT', variant: 'sixteen-callers', what: 'a call while 16 calls wait for replies',
      setup: (ctx) => {
        const ep = endpoint(ctx);
        blockCallers(ctx, ep, 16);
        return { fd: ep.send };
      },
    },
  ];
}

/**
 * `n` threads each call ipc_call on `ep.send` (retrying on EAGAIN while the slot is busy) and the
 * initial thread takes every request with ipc_reply_recv(reply_port 0) without replying: `n`
 * reply ports are then in use.
 */
function blockCallers(ctx: Ctx, ep: Endpoint, n: number): void {
  const rec = callRecord(ctx);
  const eagain = BigInt.asUintN(64, BigInt(-errnoNumber('EAGAIN')));
  const entry = ctx.stub('retrying_caller', () => {
    const a = ctx.a;
    ctx.p.mov(20, 0);
    const loop = a.here();
    ctx.p.mov(0, 20);
    a.movImm(1, rec);
    ctx.svc('ipc_call');
    a.movImm(10, eagain);
    a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: 0, Rd: 31 });
    const done = a.label();
    a.bcond('ne', done);
    a.movImm(0, 0).movImm(1, 1_000_000);
    ctx.svc('nanosleep');
    a.b(loop);
    a.bind(done);
    a.movImm(0, 0);
    ctx.svc('exit');
  });
  const top = ctx.stackTop();
  for (let i = 0; i < n; i++) ctx.sys('thread_create', entry, ep.send, top);
  const take = replyRecvRecord(ctx);
  for (let i = 0; i < n; i++) ctx.sys('ipc_reply_recv', ep.recv, take.at);
}

/** Blocking rows, each blocked in a call only a signal ends (SIG.INTR). */
interface Blocked {
  readonly row: string;
  readonly variant: string;
  readonly what: string;
  readonly setup: (ctx: Ctx) => Readonly<Record<string, Given>>;
  readonly also?: readonly string[];
}

const BLOCKED: readonly Blocked[] = [
  { row: 'read', variant: 'empty-pipe', what: 'reading an empty pipe', setup: (ctx) => ({ fd: pipe(ctx).read }) },
  {
    row: 'write', variant: 'full-pipe', what: 'writing to a full pipe',
    setup: (ctx) => {
      const p = pipe(ctx);
      const buf = ctx.space(512);
      ctx.sys('write', p.write, buf, 512).sys('write', p.write, buf, 512);
      return { fd: p.write, count: 1 };
    },
  },
  {
    row: 'poll', variant: 'empty-pipe', what: 'polling an empty pipe with timeout -1',
    setup: (ctx) => {
      const p = pipe(ctx);
      const rec = ctx.space(8, 8);
      ctx.storeW(rec, p.read).storeW(rec + 4, constValue('POLL_EVENTS', 'POLLIN'));
      return { fds: rec, nfds: 1, timeout_ms: -1 };
    },
  },
  { row: 'nanosleep', variant: 'hundred-seconds', what: 'sleeping 100 seconds', setup: () => ({ seconds: 100, nanoseconds: 0 }) },
  {
    row: 'futex', variant: 'wait', what: 'FUTEX_WAIT on a word that equals val',
    setup: (ctx) => ({ uaddr: ctx.word(7), op: constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAIT'), val: 7 }),
  },
  {
    row: 'waitpid', variant: 'sleeping-child', what: 'waiting for a child that sleeps',
    setup: (ctx) => ({ pid: spawnAsync(ctx, ctx.file(SLEEP_PROGRAM)), status: 0, options: 0 }),
  },
  { row: 'spawn', variant: 'sleeping-child', what: 'spawning a child that sleeps', setup: (ctx) => ({ path: ctx.str(ctx.file(SLEEP_PROGRAM)) }), also: ['PROC.SPAWN.INTR'] },
  { row: 'spawn_handles', variant: 'sleeping-child', what: 'spawning a child that sleeps', setup: (ctx) => ({ path: ctx.str(ctx.file(SLEEP_PROGRAM)), count: 0 }), also: ['PROC.SPAWN.INTR'] },
  { row: 'ipc_recv', variant: 'empty-endpoint', what: 'receiving on an empty endpoint', setup: (ctx) => ({ fd: endpoint(ctx).recv }) },
  {
    row: 'ipc_reply_recv', variant: 'empty-endpoint', what: 'receiving (reply_port 0) on an empty endpoint',
    setup: (ctx) => ({ fd: endpoint(ctx).recv }),
  },
  { row: 'ipc_call', variant: 'no-reply', what: 'calling an endpoint nobody answers', setup: (ctx) => ({ fd: endpoint(ctx).send }) },
];

function interrupted(): Recipe[] {
  return BLOCKED.map((b) => {
    const spec: StateSpec = {
      row: b.row, errno: 'EINTR', clause: 'SIG.INTR', variant: b.variant, what: `a signal with a handler while ${b.what}`,
      setup: (ctx) => {
        const given = b.setup(ctx);
        const stop = ctx.interrupter();
        stopAfter.set(ctx, stop);
        return given;
      },
      after: (ctx) => {
        const stop = stopAfter.get(ctx);
        if (stop !== undefined) ctx.stopInterrupter(stop);
      },
      ...(b.also ? { also: b.also } : {}),
    };
    return stateRecipe(spec);
  });
}

const stopAfter = new WeakMap<Ctx, { stopWord: number }>();

function timers(): StateSpec[] {
  const spec = (values: Readonly<Record<string, bigint>>) => (ctx: Ctx): number =>
    ctx.bytes(encodeLayout(layout('itimerspec'), { value_sec: 1n, value_nsec: 0n, interval_sec: 0n, interval_nsec: 0n, ...values }), 8);
  const bad: readonly [string, string, Readonly<Record<string, bigint>>][] = [
    ['value-nsec-1e9', 'it_value.tv_nsec = 1000000000', { value_nsec: 1_000_000_000n }],
    ['value-nsec-minus1', 'it_value.tv_nsec = -1', { value_nsec: -1n }],
    ['value-sec-minus1', 'it_value.tv_sec = -1', { value_sec: -1n }],
    ['interval-nsec-1e9', 'it_interval.tv_nsec = 1000000000', { interval_nsec: 1_000_000_000n }],
    ['interval-sec-minus1', 'it_interval.tv_sec = -1', { interval_sec: -1n }],
    ['disarm-nsec-1e9', 'it_value 0 s with tv_nsec 1000000000', { value_sec: 0n, value_nsec: 1_000_000_000n }],
  ];
  return bad.map(([variant, what, values]) => ({
    row: 'timerfd_settime', errno: 'EINVAL' as ErrnoName, clause: 'TFD.SETTIME.RANGE', variant, what,
    args: { new_value: spec(values) },
  }));
}

function sysinfo(): StateSpec[] {
  return [1, 32, 63].map((n) => ({
    row: 'sysinfo', errno: 'EINVAL' as ErrnoName, clause: 'SYS.SYSINFO.SMALL', variant: `capacity${n}`, what: `capacity ${n} (below the 64-byte legacy record)`,
    args: { capacity: n },
  }));
}

export function ipcStateRecipes(): Recipe[] {
  return [...[...moved(), ...endpoints(), ...tableFull(), ...objectLimits(), ...timers(), ...sysinfo()].map(stateRecipe), ...interrupted()];
}

