// FD.READ.ZERO / FD.WRITE.ZERO: read and write with count 0 return 0 without looking at buf, on
// every handle kind the row accepts, after the handle checks (a directory still fails EISDIR:
// FS.READ.DIR) and before anything that depends on the object's state: a peer or reader gone (no
// EPIPE, no SIGPIPE), not connected, no data (never blocks), the eventfd 8-byte minimum, pty
// hang-up. One case per accepted handle maker, then one per such state.

import {
  constValue, NETFS_LOCAL_TYPES, NETFS_SOCKET_FILES, syscall, type FdArg,
} from '../../../spec/index.js';
import type { Reg } from '../../program/builder.js';
import { AF_INET, LOOPBACK, SOCK_STREAM } from '../net/kit.js';
import type { Recipe } from './cells.js';
import { acceptedMakers } from './handles.js';
import { UNMAPPED, type Ctx } from './kit.js';
import { O_RDONLY, O_RDWR, O_WRONLY, pipe } from './state-kit.js';

type Op = 'read' | 'write';

const ZERO: Record<Op, string> = { read: 'FD.READ.ZERO', write: 'FD.WRITE.ZERO' };
const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');
const PORT = 7000;
const STREAM = NETFS_LOCAL_TYPES[0];
const [CTL, DATA, ACCEPT] = NETFS_SOCKET_FILES;
const enc = new TextEncoder();

/** The row's fd argument type. */
function fdArg(row: Op): FdArg {
  const a = syscall(row).args.find((x) => x.type.kind === 'fd');
  if (a === undefined || a.type.kind !== 'fd') throw new Error(`${row} has no fd argument`);
  return a.type;
}

/** `row`(h, UNMAPPED, 0): returns 0 (the buffer is never looked at). */
function zero(ctx: Ctx, row: Op, h: Reg, what: string, also: readonly string[] = []): void {
  ctx.sys(row, h, UNMAPPED, 0);
  ctx.expectEq(`${row} of 0 bytes ${what} returns 0`, [ZERO[row], ...also], 0);
}

/**
 * A SIGPIPE handler that counts its runs in a data word (SIG.HANDLER), so a case can check that a
 * 0-byte write raised no SIGPIPE and that the non-zero write after it did.
 */
function countSigpipe(ctx: Ctx): number {
  const count = ctx.word(0);
  const handler = ctx.stub('count_sigpipe', () => {
    ctx.a.movImm(9, count).inst('LDR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
    ctx.a.addImm(10, 10, 1);
    ctx.a.inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
    ctx.a.ret();
  });
  ctx.sys('sigaction', SIGPIPE, handler, ctx.restorerStub());
  return count;
}

function expectSigpipes(ctx: Ctx, count: number, n: number, clauses: readonly string[]): void {
  ctx.p.load(11, count);
  ctx.p.expectEq(`SIGPIPE was raised ${n} time${n === 1 ? '' : 's'}`, clauses, n, 11);
}

/** A non-zero write of one byte after the 0-byte one, failing with the state's errno (the state is real). */
function oneByte(ctx: Ctx, h: Reg, errno: 'EPIPE' | 'ENOTCONN', clauses: readonly string[]): void {
  ctx.sys('write', h, ctx.bytes(enc.encode('x'), 1), 1);
  ctx.expectErrno(`a 1-byte write then fails ${errno}`, clauses, errno);
}

/** Both ends of a new pseudo-terminal (TTY.PTY.OPEN). */
function pty(ctx: Ctx): { master: Reg; slave: Reg } {
  const m = ctx.space(4, 4);
  const s = ctx.space(4, 4);
  ctx.sys('openpty', m, s);
  return { master: ctx.loadInt(m), slave: ctx.loadInt(s) };
}

/** Both ends of a socket pair. */
function socketPair(ctx: Ctx): { a: Reg; b: Reg } {
  const fds = ctx.space(8, 8);
  ctx.sys('socketpair', fds, 0);
  return { a: ctx.loadInt(fds), b: ctx.loadInt(fds + 4) };
}

/** open(path, flags) asserting success. */
function openOk(ctx: Ctx, path: string, flags: number, clauses: readonly string[]): Reg {
  const h = ctx.call('open', ctx.str(path), flags, 0);
  ctx.expectCmp(`open ${path} returns a handle`, clauses, 'ge', 0, h);
  return h;
}

/** A ctl command on /net/local/<id>/ctl that must succeed (its length). */
function ctl(ctx: Ctx, handle: Reg, command: string, clauses: readonly string[]): void {
  ctx.sys('write', handle, ctx.bytes(enc.encode(command), 1), command.length);
  ctx.expectEq(`ctl ${JSON.stringify(command)} returns ${command.length}`, ['NETFS.CTL', ...clauses], command.length);
}

/** A new /net local stream socket: the factory handle (ids count from 1 in a fresh machine: NETFS.FACTORY). */
function localSocket(ctx: Ctx): Reg {
  return openOk(ctx, `/net/local/${STREAM}`, O_RDONLY, ['NETFS.FACTORY']);
}

interface StateCase {
  readonly op: Op;
  readonly variant: string;
  readonly description: string;
  readonly build: (ctx: Ctx) => void;
}

const STATES: readonly StateCase[] = [
  {
    op: 'write', variant: 'pipe-reader-closed', description: 'write of 0 bytes to a pipe whose read end is closed returns 0, with no EPIPE and no SIGPIPE',
    build: (ctx) => {
      const count = countSigpipe(ctx);
      const p = pipe(ctx);
      ctx.sys('close', p.read);
      zero(ctx, 'write', p.write, 'with no reader', ['FD.PIPE.EPIPE']);
      expectSigpipes(ctx, count, 0, ['FD.WRITE.ZERO', 'FD.PIPE.SIGPIPE']);
      oneByte(ctx, p.write, 'EPIPE', ['FD.PIPE.EPIPE']);
      expectSigpipes(ctx, count, 1, ['FD.PIPE.SIGPIPE']);
    },
  },
  {
    op: 'read', variant: 'pipe-empty-blocking', description: 'read of 0 bytes on an empty blocking pipe with a writer returns 0 at once (it does not wait)',
    build: (ctx) => {
      const p = pipe(ctx);
      zero(ctx, 'read', p.read, 'on an empty pipe');
    },
  },
  {
    op: 'read', variant: 'pipe-bytes-stay', description: 'read of 0 bytes on a pipe with queued bytes returns 0 and takes none of them',
    build: (ctx) => {
      const p = pipe(ctx);
      ctx.sys('write', p.write, ctx.bytes(enc.encode('abc'), 1), 3);
      zero(ctx, 'read', p.read, 'with 3 bytes queued');
      const buf = ctx.space(8);
      ctx.sys('read', p.read, buf, 8);
      ctx.expectEq('a read of 8 then gets the 3 bytes', ['FD.READ.ZERO', 'FD.PIPE.PARTIAL'], 3);
      ctx.p.expectMem('they are the bytes written', ['FD.READ.ZERO'], buf, enc.encode('abc'));
    },
  },
  {
    op: 'write', variant: 'socketpair-peer-closed', description: 'write of 0 bytes on a socket pair end whose peer is closed returns 0, with no EPIPE and no SIGPIPE',
    build: (ctx) => {
      const count = countSigpipe(ctx);
      const s = socketPair(ctx);
      ctx.sys('close', s.b);
      zero(ctx, 'write', s.a, 'with the peer closed', ['IPC.SOCKETPAIR.PIPE']);
      expectSigpipes(ctx, count, 0, ['FD.WRITE.ZERO', 'FD.PIPE.SIGPIPE']);
      oneByte(ctx, s.a, 'EPIPE', ['FD.PIPE.EPIPE', 'IPC.SOCKETPAIR.PIPE']);
      expectSigpipes(ctx, count, 1, ['FD.PIPE.SIGPIPE']);
    },
  },
  {
    op: 'read', variant: 'socketpair-peer-closed', description: 'read of 0 bytes on a socket pair end whose peer is closed returns 0',
    build: (ctx) => {
      const s = socketPair(ctx);
      ctx.sys('close', s.b);
      zero(ctx, 'read', s.a, 'with the peer closed', ['IPC.SOCKETPAIR.PIPE']);
    },
  },
  {
    op: 'write', variant: 'pty-master-slave-closed', description: 'write of 0 bytes on a pty master whose slave is closed returns 0 (not EPIPE), with no SIGPIPE',
    build: (ctx) => {
      const count = countSigpipe(ctx);
      const t = pty(ctx);
      ctx.sys('close', t.slave);
      zero(ctx, 'write', t.master, 'with the slave closed', ['TTY.PTY.HUP']);
      oneByte(ctx, t.master, 'EPIPE', ['TTY.PTY.HUP']);
      expectSigpipes(ctx, count, 0, ['FD.WRITE.ZERO', 'TTY.PTY.HUP']);
    },
  },
  {
    op: 'read', variant: 'pty-master-slave-closed', description: 'read of 0 bytes on a pty master whose slave is closed returns 0',
    build: (ctx) => {
      const t = pty(ctx);
      ctx.sys('close', t.slave);
      zero(ctx, 'read', t.master, 'with the slave closed', ['TTY.PTY.HUP']);
    },
  },
  {
    op: 'write', variant: 'pty-slave-master-closed', description: 'write of 0 bytes on a pty slave whose master is closed returns 0 (not EPIPE), with no SIGPIPE',
    build: (ctx) => {
      const count = countSigpipe(ctx);
      const t = pty(ctx);
      ctx.sys('close', t.master);
      zero(ctx, 'write', t.slave, 'with the master closed', ['TTY.PTY.HUP']);
      oneByte(ctx, t.slave, 'EPIPE', ['TTY.PTY.HUP']);
      expectSigpipes(ctx, count, 0, ['FD.WRITE.ZERO', 'TTY.PTY.HUP']);
    },
  },
  {
    op: 'read', variant: 'pty-slave-master-closed', description: 'read of 0 bytes on a pty slave whose master is closed returns 0',
    build: (ctx) => {
      const t = pty(ctx);
      ctx.sys('close', t.master);
      zero(ctx, 'read', t.slave, 'with the master closed', ['TTY.PTY.HUP']);
    },
  },
  {
    op: 'read', variant: 'pty-empty-blocking', description: 'read of 0 bytes on an empty blocking pty master and slave returns 0 at once (it does not wait)',
    build: (ctx) => {
      const t = pty(ctx);
      zero(ctx, 'read', t.master, 'on an empty master');
      zero(ctx, 'read', t.slave, 'on an empty slave');
    },
  },
  {
    op: 'read', variant: 'eventfd-counter-stays', description: 'read of 0 bytes (below the 8-byte minimum) on an eventfd holding 5 returns 0 and leaves the counter',
    build: (ctx) => {
      const fd = ctx.call('eventfd', 5, 0);
      zero(ctx, 'read', fd, 'below the 8-byte minimum', ['EVT.READ.SHORT']);
      const buf = ctx.space(8, 8);
      ctx.sys('read', fd, buf, 8);
      ctx.expectEq('a read of 8 then returns 8', ['FD.READ.ZERO', 'EVT.READ.COUNTER'], 8);
      ctx.p.expectMem('the counter is still 5', ['FD.READ.ZERO', 'EVT.READ.COUNTER'], buf, new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0]));
    },
  },
  {
    op: 'write', variant: 'socket-unconnected', description: 'write of 0 bytes on a new TCP socket (not connected) returns 0 (not ENOTCONN)',
    build: (ctx) => {
      const s = ctx.call('socket', AF_INET, SOCK_STREAM, 0);
      zero(ctx, 'write', s, 'on an unconnected socket', ['NET.SOCKET.IO']);
      oneByte(ctx, s, 'ENOTCONN', ['NET.SOCKET.IO']);
    },
  },
  {
    op: 'read', variant: 'socket-unconnected', description: 'read of 0 bytes on a new TCP socket (not connected) returns 0 (not ENOTCONN)',
    build: (ctx) => {
      const s = ctx.call('socket', AF_INET, SOCK_STREAM, 0);
      zero(ctx, 'read', s, 'on an unconnected socket', ['NET.SOCKET.IO']);
    },
  },
  {
    op: 'write', variant: 'socket-peer-closed', description: 'write of 0 bytes on a TCP connection whose peer closed returns 0, with no EPIPE and no SIGPIPE',
    build: (ctx) => {
      const count = countSigpipe(ctx);
      const l = ctx.call('socket', AF_INET, SOCK_STREAM, 0);
      ctx.sys('bind', l, PORT).sys('listen', l, 4);
      const c = ctx.call('socket', AF_INET, SOCK_STREAM, 0);
      ctx.sys('connect', c, LOOPBACK, PORT);
      ctx.expectEq('connect returns 0', ['NET.TCP.CONNECT'], 0);
      const server = ctx.call('accept', l);
      ctx.sys('close', server);
      zero(ctx, 'write', c, 'with the peer closed', ['NET.TCP.CLOSE']);
      expectSigpipes(ctx, count, 0, ['FD.WRITE.ZERO', 'NET.TCP.CLOSE']);
      oneByte(ctx, c, 'EPIPE', ['NET.TCP.CLOSE']);
      expectSigpipes(ctx, count, 1, ['NET.TCP.CLOSE']);
    },
  },
  {
    op: 'write', variant: 'netfs-unconnected', description: 'write of 0 bytes on the data file of a /net local stream socket that is not connected returns 0 (not ENOTCONN)',
    build: (ctx) => {
      localSocket(ctx);
      const data = openOk(ctx, `/net/local/1/${DATA}`, O_RDWR, ['NETFS.PATHS']);
      zero(ctx, 'write', data, 'on an unconnected socket', ['NETFS.DATA']);
      oneByte(ctx, data, 'ENOTCONN', ['NETFS.DATA']);
    },
  },
  {
    op: 'read', variant: 'netfs-unconnected', description: 'read of 0 bytes on the data file of a /net local stream socket that is not connected returns 0 (not ENOTCONN)',
    build: (ctx) => {
      localSocket(ctx);
      const data = openOk(ctx, `/net/local/1/${DATA}`, O_RDWR, ['NETFS.PATHS']);
      zero(ctx, 'read', data, 'on an unconnected socket', ['NETFS.DATA']);
    },
  },
  {
    op: 'write', variant: 'netfs-peer-gone', description: 'write of 0 bytes on a /net local connection whose peer socket has ended returns 0, with no EPIPE and no SIGPIPE',
    build: (ctx) => {
      const count = countSigpipe(ctx);
      localSocket(ctx);
      const ctl1 = openOk(ctx, `/net/local/1/${CTL}`, O_WRONLY, ['NETFS.PATHS']);
      ctl(ctx, ctl1, 'bind zc\n', ['NETFS.CTL.BIND']);
      ctl(ctx, ctl1, 'listen 1\n', ['NETFS.BACKLOG']);
      const f2 = localSocket(ctx);
      const ctl2 = openOk(ctx, `/net/local/2/${CTL}`, O_WRONLY, ['NETFS.PATHS']);
      ctl(ctx, ctl2, 'connect zc\n', ['NETFS.CTL.CONNECT']);
      const server = openOk(ctx, `/net/local/1/${ACCEPT}`, O_RDWR, ['NETFS.ACCEPT']);
      const client = openOk(ctx, `/net/local/2/${DATA}`, O_RDWR, ['NETFS.DATA']);
      // Socket 2 ends with its last handle (NETFS.LIFETIME): the server end's peer is gone.
      ctx.sys('close', f2).sys('close', ctl2).sys('close', client);
      zero(ctx, 'write', server, 'with the peer gone', ['NETFS.DATA.PEER', 'NETFS.LIFETIME']);
      expectSigpipes(ctx, count, 0, ['FD.WRITE.ZERO', 'NETFS.DATA.PEER']);
      zero(ctx, 'read', server, 'with the peer gone', ['NETFS.DATA.PEER']);
      oneByte(ctx, server, 'EPIPE', ['NETFS.DATA.PEER']);
      expectSigpipes(ctx, count, 1, ['NETFS.DATA.PEER']);
    },
  },
];

/** One case per handle maker the row accepts: count 0 returns 0, except read on a directory (EISDIR). */
function perMaker(): Recipe[] {
  return (['read', 'write'] as const).flatMap((op) => acceptedMakers(fdArg(op)).map((m): Recipe => {
    const dir = op === 'read' && m.kind === 'directory';
    return {
      id: `zero-count/${op}/${m.name}`,
      description: dir
        ? 'read of 0 bytes on a directory still fails EISDIR: the directory refusal comes before the count-0 rule'
        : `${op} of 0 bytes on a new ${m.name} handle returns 0 without looking at buf`,
      cells: [],
      clauses: dir ? ['FS.READ.DIR', ZERO[op]] : [ZERO[op]],
      build(ctx) {
        const h = m.make(ctx);
        if (dir) {
          ctx.sys('read', h, UNMAPPED, 0);
          ctx.expectErrno('read of 0 bytes on a directory returns -EISDIR', ['FS.READ.DIR', 'FD.READ.ZERO'], 'EISDIR');
        } else {
          zero(ctx, op, h, `on a ${m.name} handle`);
        }
      },
    };
  }));
}

function perState(): Recipe[] {
  return STATES.map((s): Recipe => ({
    id: `zero-count/${s.op}/${s.variant}`,
    description: s.description,
    cells: [],
    clauses: [ZERO[s.op]],
    build: s.build,
  }));
}

export function zeroCountRecipes(): Recipe[] {
  return [...perMaker(), ...perState()];
}
