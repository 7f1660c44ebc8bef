// ABI.FAULT.NOEFFECT: a call that fails EFAULT has no other visible effect. Output ranges are
// checked before input is consumed, so no byte leaves a pipe, no message leaves an endpoint, no
// handle moves, no child is reaped or created, no attribute or timer changes.

import { constValue, encodeLayout, layout, type ErrnoName } from '../../../spec/index.js';
import { cell, type Recipe } from './cells.js';
import { DIR_ENTRY, TRUE_PROGRAM } from './files.js';
import { field } from './handles.js';
import { endpoint, pendingMessage, recvRecord, replyRecvRecord, sendRecord, callRecord } from './ipc-kit.js';
import { DATA_END, READ_ONLY, UNMAPPED, type Ctx } from './kit.js';
import { expectNoNewHandle, probeLowestFree } from './matrix.js';
import { O_RDONLY, pipe, spawnAsync } from './state-kit.js';

const NOEFFECT = 'ABI.FAULT.NOEFFECT';
const enc = new TextEncoder();

/** Bad output addresses for an n-byte range. */
function badOut(n: number): readonly (readonly [string, string, number])[] {
  return [
    ['null', 'NULL', 0],
    ['unmapped', 'an unmapped address', UNMAPPED],
    ['read-only', 'read-only memory', READ_ONLY],
    ['straddle', 'a range running off the data mapping', DATA_END - n + 1],
  ];
}

interface Effectless {
  readonly row: string;
  readonly family: string;
  readonly what: string;
  readonly errno?: ErrnoName;
  readonly clauses: readonly string[];
  readonly build: (ctx: Ctx, bad: number) => void;
  readonly size: number;
  /** NULL is a valid value of the pointer (a nullable struct): not a fault. */
  readonly nullOk?: boolean;
}

function expectFault(ctx: Ctx, row: string, what: string, errno: ErrnoName = 'EFAULT'): void {
  ctx.expectErrno(`${row} with ${what} returns -${errno}`, ['ABI.FAULT'], errno);
}

const HELLO = enc.encode('hello');

const CASES: readonly Effectless[] = [
  {
    row: 'read', family: 'pipe-bytes-stay', what: 'the bytes stay in the pipe', size: 5, clauses: ['FD.PIPE.PARTIAL'],
    build: (ctx, bad) => {
      const p = pipe(ctx);
      ctx.sys('write', p.write, ctx.bytes(HELLO), 5);
      ctx.sys('read', p.read, bad, 5);
      expectFault(ctx, 'read', 'a bad buffer');
      const buf = ctx.space(8);
      ctx.sys('read', p.read, buf, 5);
      ctx.expectEq('a later read still gets the 5 bytes', [NOEFFECT], 5);
      ctx.p.expectMem('they are the bytes written', [NOEFFECT], buf, HELLO);
    },
  },
  {
    row: 'read', family: 'eventfd-counter-stays', what: 'the eventfd counter is not reset', size: 8, clauses: ['EVT.READ.COUNTER'],
    build: (ctx, bad) => {
      const fd = ctx.call('eventfd', 5, 0);
      ctx.sys('read', fd, bad, 8);
      expectFault(ctx, 'read', 'a bad buffer');
      const buf = ctx.space(8, 8);
      ctx.sys('read', fd, buf, 8);
      ctx.p.load(0, buf);
      ctx.expectEq('a later read still returns the counter 5', [NOEFFECT, 'EVT.READ.COUNTER'], 5);
    },
  },
  {
    row: 'getdents', family: 'cursor-stays', what: 'the directory cursor does not move', size: 64, clauses: ['FS.GETDENTS.RECORDS'],
    build: (ctx, bad) => {
      ctx.file(DIR_ENTRY);
      const fd = ctx.call('open', ctx.str('/etc/errors/dir'), O_RDONLY, 0);
      ctx.sys('getdents', fd, bad, 64);
      expectFault(ctx, 'getdents', 'a bad buffer');
      const buf = ctx.space(64, 8);
      ctx.sys('getdents', fd, buf, 64);
      ctx.expectCmp('a later getdents still returns the entry', [NOEFFECT, 'FS.GETDENTS.RECORDS'], 'gt', 0);
      ctx.p.expectMem('the first entry is "inner"', [NOEFFECT, 'FS.DIRENT.RECORD'], buf + layout('dirent').size, enc.encode('inner\0'));
    },
  },
  {
    row: 'ipc_recv', family: 'message-stays', what: 'the message stays pending', size: 5, clauses: ['IPC.RECV.TRUNCATE'],
    build: (ctx, bad) => {
      const ep = endpoint(ctx);
      ctx.sys('ipc_send', ep.send, sendRecord(ctx, { len: 5, buf: ctx.bytes(HELLO) }));
      ctx.sys('ipc_recv', ep.recv, recvRecord(ctx, { buf: bad, cap: 5 }).at);
      expectFault(ctx, 'ipc_recv', 'a bad receive buffer');
      const buf = ctx.space(8);
      ctx.sys('ipc_recv', ep.recv, recvRecord(ctx, { buf, cap: 8 }).at);
      ctx.expectEq('a later receive still gets 5 bytes', [NOEFFECT], 5);
      ctx.p.expectMem('they are the bytes sent', [NOEFFECT], buf, HELLO);
    },
  },
  {
    row: 'ipc_recv', family: 'handle-stays', what: 'the moved handle stays in the message', size: 4, clauses: ['IPC.RECV.HANDLE'],
    build: (ctx, bad) => {
      const ep = endpoint(ctx);
      pendingMessage(ctx, ep, ctx.call('eventfd', 0, 0));
      ctx.sys('ipc_recv', ep.recv, recvRecord(ctx, { outFd: bad }).at);
      expectFault(ctx, 'ipc_recv', 'a bad out_handle_fd');
      const rec = recvRecord(ctx);
      ctx.sys('ipc_recv', ep.recv, rec.at);
      ctx.expectEq('a later receive gets the 8-byte message', [NOEFFECT], 8);
      ctx.p.loadInt(0, rec.outFd);
      ctx.expectCmp('with the handle in it', [NOEFFECT, 'IPC.RECV.HANDLE'], 'ge', 0);
    },
  },
  {
    row: 'ipc_reply_recv', family: 'message-stays', what: 'the request stays pending', size: 4, clauses: [],
    build: (ctx, bad) => {
      const ep = endpoint(ctx);
      pendingMessage(ctx, ep);
      ctx.sys('ipc_reply_recv', ep.recv, replyRecvRecord(ctx, { outFd: bad }).at);
      expectFault(ctx, 'ipc_reply_recv', 'a bad out_handle_fd');
      ctx.sys('ipc_reply_recv', ep.recv, replyRecvRecord(ctx).at);
      ctx.expectEq('a later receive still gets the 8-byte request', [NOEFFECT], 8);
    },
  },
  {
    row: 'ipc_send', family: 'handle-stays', what: 'the handle is not moved and the slot stays empty', size: 8, clauses: ['IPC.SEND.ATOMIC'],
    build: (ctx, bad) => {
      const ep = endpoint(ctx);
      const h = ctx.call('eventfd', 0, 0);
      ctx.sys('ipc_send', ep.send, sendRecord(ctx, { buf: bad, len: 8, handle: h }));
      expectFault(ctx, 'ipc_send', 'a bad message buffer');
      ctx.sys('fcntl', h, constValue('FCNTL_CMDS', 'F_GETFD'), 0);
      ctx.expectEq('the handle is still open in the sender', [NOEFFECT, 'IPC.SEND.ATOMIC'], 0);
      ctx.sys('ipc_send', ep.send, sendRecord(ctx));
      ctx.expectEq('the slot is still free: a later send succeeds', [NOEFFECT, 'IPC.ENDPOINT.SLOT'], 0);
    },
  },
  {
    row: 'ipc_call', family: 'request-not-sent', what: 'no request is queued', size: 64, clauses: [],
    build: (ctx, bad) => {
      const ep = endpoint(ctx);
      ctx.sys('ipc_call', ep.send, callRecord(ctx, { replyBuf: bad }));
      expectFault(ctx, 'ipc_call', 'a bad reply buffer');
      ctx.sys('ipc_send', ep.send, sendRecord(ctx));
      ctx.expectEq('the slot is still free: a later send succeeds', [NOEFFECT, 'IPC.ENDPOINT.SLOT'], 0);
    },
  },
  {
    row: 'waitpid', family: 'child-not-reaped', what: 'the child is not reaped', size: 4, nullOk: true, clauses: ['PROC.WAIT.REAP'],
    build: (ctx, bad) => {
      const child = spawnAsync(ctx, ctx.file(TRUE_PROGRAM));
      ctx.sys('waitpid', child, bad, 0);
      expectFault(ctx, 'waitpid', 'a bad status pointer');
      ctx.sys('waitpid', child, ctx.space(4, 4), 0);
      ctx.subFrom0(child);
      ctx.expectEq('a later waitpid still reaps the child', [NOEFFECT, 'PROC.WAIT.REAP'], 0);
    },
  },
  {
    row: 'spawn_handles_async', family: 'no-child', what: 'no child is created', size: 16, clauses: ['PROC.SPAWNH.VALIDATEFIRST'],
    build: (ctx, bad) => {
      ctx.sys('spawn_handles_async', ctx.str(ctx.file(TRUE_PROGRAM)), 0, bad, 1);
      expectFault(ctx, 'spawn_handles_async', 'a bad spec array');
      ctx.sys('waitpid', -1, 0, constValue('WAIT_OPTIONS', 'WNOHANG'));
      ctx.expectErrno('the caller has no child to wait for', [NOEFFECT, 'PROC.SPAWNH.VALIDATEFIRST', 'PROC.WAIT.NONCHILD'], 'ECHILD');
    },
  },
  {
    row: 'timerfd_settime', family: 'timer-unchanged', what: 'the timer is not armed', size: 32, nullOk: true, clauses: ['TFD.GETTIME'],
    build: (ctx, bad) => {
      const fd = ctx.call('timerfd_create', constValue('CLOCK_IDS', 'CLOCK_MONOTONIC'), 0);
      const armed = ctx.bytes(encodeLayout(layout('itimerspec'), { value_sec: 100n }), 8);
      ctx.sys('timerfd_settime', fd, 0, armed, bad);
      expectFault(ctx, 'timerfd_settime', 'a bad old_value');
      const cur = ctx.space(32, 8);
      ctx.sys('timerfd_gettime', fd, cur);
      ctx.p.expectMem('the timer is still disarmed', [NOEFFECT, 'TFD.GETTIME'], cur, new Uint8Array(32));
    },
  },
  {
    row: 'openpty', family: 'no-handle', what: 'no handle is taken and the good pointer is not written', size: 4, clauses: [],
    build: (ctx, bad) => {
      const master = ctx.words([0xffff_ffff_ffff_fff9n]);
      const probe = probeLowestFree(ctx);
      ctx.sys('openpty', master, bad);
      expectFault(ctx, 'openpty', 'a bad slave pointer');
      expectNoNewHandle(ctx, probe);
      ctx.p.load(0, master);
      ctx.expectEq('the master slot still holds its old value', [NOEFFECT], 0xffff_ffff_ffff_fff9n);
    },
  },
  {
    row: 'tcsetattr', family: 'attributes-unchanged', what: 'the attributes do not change', size: 16, clauses: ['TTY.PTY.DEFAULTS', 'TTY.ATTR.GET'],
    build: (ctx, bad) => {
      const m = ctx.space(4, 4);
      ctx.sys('openpty', m, ctx.space(4, 4));
      const fd = ctx.loadInt(m);
      ctx.sys('tcsetattr', fd, 0, bad);
      expectFault(ctx, 'tcsetattr', 'a bad termios pointer');
      const t = ctx.space(16, 8);
      ctx.sys('tcgetattr', fd, t);
      ctx.p.loadInt(0, t + field('termios', 'c_lflag'));
      const lflag = constValue('TERMIOS_LFLAGS', 'ICANON') | constValue('TERMIOS_LFLAGS', 'ECHO') | constValue('TERMIOS_LFLAGS', 'ISIG');
      ctx.expectEq('c_lflag is still ICANON|ECHO|ISIG', [NOEFFECT, 'TTY.PTY.DEFAULTS'], lflag);
    },
  },
];

export function noEffectRecipes(): Recipe[] {
  const out: Recipe[] = [];
  for (const c of CASES) {
    for (const [variant, what, addr] of badOut(c.size)) {
      // Input-only pointers may point at read-only memory.
      if (variant === 'read-only' && (c.row === 'ipc_send' || c.row === 'tcsetattr' || c.row === 'spawn_handles_async')) continue;
      if (variant === 'null' && c.nullOk === true) continue;
      out.push({
        id: `noeffect/${c.row}/${c.family}/${variant}`,
        description: `${c.row} with ${what} fails EFAULT and ${c.what} (ABI.FAULT.NOEFFECT)`,
        cells: [cell(c.row, c.errno ?? 'EFAULT', 'ABI.FAULT')],
        clauses: [NOEFFECT, ...c.clauses],
        build: (ctx) => c.build(ctx, addr),
      });
    }
  }
  return out;
}

