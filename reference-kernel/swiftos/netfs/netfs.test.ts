import { describe, expect, it } from 'vitest';
import { accepts, constValue, decodeRecords, layout, NETFS_FAMILY_GRAMMAR } from '../../../spec/index.js';
import { call, e, O, runFs, type FsRun } from '../handlers/files.testkit.js';
import { Prog } from '../testkit.js';

const BUF = 4096;
const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');
const SIG_IGN = constValue('SIG_HANDLERS', 'SIG_IGN');
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** A guest program with named handle registers (x19..x28 survive calls). */
class NetProg extends Prog {
  readonly buf = this.space(BUF);

  open(path: string, flags: number, reg: number): this {
    call(this, 'open', this.str(path), flags, 0);
    return this.keep(reg);
  }

  /** Writes `text` to the handle in x`reg`. */
  send(reg: number, text: string): this {
    call(this, 'write', { r: reg }, this.str(text), Buffer.byteLength(text, 'latin1'));
    return this;
  }

  /** read(x`reg`, buf, n) then write what came to the console. */
  echo(reg: number, n = BUF): this {
    call(this, 'read', { r: reg }, this.buf, n);
    this.keep(28);
    call(this, 'write', 1, this.buf, { r: 28 });
    return this;
  }

  list(path: string): this {
    call(this, 'open', this.str(path), O.RDONLY, 0);
    this.keep(28);
    call(this, 'getdents', { r: 28 }, this.buf, BUF);
    this.keep(27);
    call(this, 'write', 1, this.buf, { r: 27 });
    call(this, 'close', { r: 28 });
    return this;
  }
}

function runNet(build: (p: NetProg) => void, opts: Parameters<typeof runFs>[1] = {}): FsRun {
  const p = new NetProg();
  build(p);
  p.exit(0);
  const r = runFs(p, opts);
  expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
  return r;
}

/** The bytes of each successful write to fd 1 by init, in order. */
function writes(r: FsRun): string[] {
  const out: string[] = [];
  let at = 0;
  for (const c of r.calls.filter((x) => x.name === 'write' && x.args[0] === 1n && x.pid === 1 && x.ret! >= 0n)) {
    out.push(latin1(r.console.subarray(at, at + Number(c.ret))));
    at += Number(c.ret);
  }
  return out;
}

const names = (text: string): string[] =>
  decodeRecords(layout('dirent'), Buffer.from(text, 'latin1')).map((x) => latin1(x['d_name'] as Uint8Array).replace(/\0.*$/s, ''));

/** Server socket 1 listening on "echo", client socket 2 connected to it, accepted connection (socket 3) on x23. */
function connected(p: NetProg, type = 'stream'): void {
  p.open(`/net/local/${type}`, O.RDONLY, 19);
  p.open('/net/local/1/ctl', O.WRONLY, 20);
  p.send(20, 'bind echo\n').send(20, 'listen 4\n');
  p.open(`/net/local/${type}`, O.RDONLY, 21);
  p.open('/net/local/2/ctl', O.WRONLY, 22);
  p.send(22, 'connect echo\n');
  p.open('/net/local/1/accept', O.RDWR, 23);
  p.open('/net/local/2/data', O.RDWR, 24);
}

describe('/net (NETFS.*)', () => {
  it('NETFS.PATHS, NETFS.FAMILIES: /net lists local; local lists its factories, addrs and the live sockets; other families are absent', () => {
    const r = runNet((p) => {
      p.list('/net').list('/net/local');
      p.open('/net/local/stream', O.RDONLY, 19);
      p.open('/net/local/seqpacket', O.RDONLY, 20);
      p.list('/net/local').list('/net/local/2');
      call(p, 'open', p.str('/net/inet/stream'), O.RDONLY, 0);
      call(p, 'open', p.str('/net/local/dgram'), O.RDONLY, 0);
      call(p, 'open', p.str('/net/local/3/ctl'), O.WRONLY, 0);
    });
    const [root, local, withSockets, sock] = writes(r).map(names);
    expect(root).toEqual(['local']);
    expect(local).toEqual(['stream', 'seqpacket', 'addrs']);
    expect(withSockets).toEqual(['stream', 'seqpacket', 'addrs', '1', '2']);
    expect(accepts(NETFS_FAMILY_GRAMMAR, withSockets!.map((n) => `${n}\n`).join(''))).toBe(true);
    expect(sock).toEqual(['ctl', 'data', 'accept']);
    expect(r.rets('open').slice(-3)).toEqual([e('ENOENT'), e('ENOENT'), e('ENOENT')]);
  });

  it('NETFS.FACTORY: opening a factory makes a socket; reading its handle gives the id and a newline, then EOF', () => {
    const r = runNet((p) => {
      p.open('/net/local/stream', O.RDONLY, 19).echo(19).echo(19);
      p.open('/net/local/seqpacket', O.RDONLY, 20).echo(20, 1).echo(20);
    });
    expect(writes(r)).toEqual(['1\n', '', '2', '\n']);
    expect(r.calls.filter((c) => c.name === 'open').map((c) => c.clause)).toEqual(['NETFS.FACTORY', 'NETFS.FACTORY']);
  });

  it('NETFS.CTL, NETFS.ACCEPT, NETFS.DATA: bind, listen, connect, accept, then bytes both ways', () => {
    const r = runNet((p) => {
      connected(p);
      p.send(24, 'hello').echo(23);
      p.send(23, 'world!').echo(24, 3).echo(24);
    });
    expect(writes(r)).toEqual(['hello', 'wor', 'ld!']);
    expect(r.rets('write').slice(0, 3)).toEqual([10n, 9n, 13n]);
    expect(r.calls.filter((c) => c.name === 'write' && c.args[0] !== 1n).map((c) => c.clause).slice(0, 3)).toEqual(['NETFS.CTL.BIND', 'NETFS.BACKLOG', 'NETFS.CTL.CONNECT']);
    expect(r.calls.find((c) => c.name === 'open' && c.clause === 'NETFS.ACCEPT')).toBeDefined();
  });

  it('NETFS.ACCEPT: opening accept blocks until another process connects', () => {
    const r = runNet((p) => {
      p.open('/net/local/stream', O.RDONLY, 19);
      p.open('/net/local/1/ctl', O.WRONLY, 20);
      p.send(20, 'bind svc\n').send(20, 'listen 1\n');
      call(p, 'fork');
      p.keep(25);
      const parent = p.a.label();
      p.a.cbnz(25, parent);
      // Child: connect and send.
      p.open('/net/local/stream', O.RDONLY, 21);
      p.open('/net/local/2/ctl', O.WRONLY, 22);
      p.send(22, 'connect svc\n');
      p.open('/net/local/2/data', O.WRONLY, 24);
      p.send(24, 'from child');
      p.exit(0);
      p.a.bind(parent);
      p.open('/net/local/1/accept', O.RDONLY, 23).echo(23);
      call(p, 'waitpid', { r: 25 }, 0, 0);
    });
    expect(writes(r)).toEqual(['from child']);
    expect(r.calls.find((c) => c.pid === 1 && c.clause === 'NETFS.ACCEPT')).toBeDefined();
  });

  it('NETFS.NONBLOCK: ":nonblock" makes accept and data reads and writes fail EAGAIN instead of blocking', () => {
    const r = runNet((p) => {
      p.open('/net/local/stream', O.RDONLY, 19);
      p.open('/net/local/1/ctl', O.WRONLY, 20);
      p.send(20, 'bind q\n').send(20, 'listen 1\n');
      call(p, 'open', p.str('/net/local/1/accept:nonblock'), O.RDONLY, 0);
      p.open('/net/local/stream', O.RDONLY, 21);
      p.open('/net/local/2/ctl', O.WRONLY, 22);
      p.send(22, 'connect q\n');
      p.open('/net/local/2/data:nonblock', O.RDWR, 24);
      call(p, 'read', { r: 24 }, p.buf, 10);
      // Fill the peer's buffer: 1024 bytes fit, then EAGAIN.
      call(p, 'write', { r: 24 }, p.buf, 4000);
      call(p, 'write', { r: 24 }, p.buf, 1);
      call(p, 'fcntl', { r: 24 }, constValue('FCNTL_CMDS', 'F_GETFL'), 0);
    });
    expect(r.rets('open')[2]).toBe(e('EAGAIN'));
    expect(r.rets('read')).toEqual([e('EAGAIN')]);
    expect(r.rets('write').slice(-2)).toEqual([1024n, e('EAGAIN')]);
    expect(r.rets('fcntl')).toEqual([BigInt(O.RDWR | O.NONBLOCK)]);
  });

  it('NETFS.CTL: malformed commands EINVAL, state errors EINVAL, a bound name EADDRINUSE, nobody listening ECONNREFUSED', () => {
    const r = runNet((p) => {
      p.open('/net/local/stream', O.RDONLY, 19);
      p.open('/net/local/1/ctl', O.WRONLY, 20);
      p.send(20, 'shutdown\n').send(20, 'bind a b\n').send(20, 'listen 1\n').send(20, 'connect nobody\n');
      p.send(20, 'bind a\n').send(20, 'bind b\n');
      p.open('/net/local/stream', O.RDONLY, 21);
      p.open('/net/local/2/ctl', O.WRONLY, 22);
      p.send(22, 'bind a\n').send(22, 'connect a\n');
      p.open('/net/local/seqpacket', O.RDONLY, 23);
      p.open('/net/local/3/ctl', O.WRONLY, 24);
      p.send(20, 'listen 0\n').send(24, 'connect a\n');
    });
    const ctl = r.calls.filter((c) => c.name === 'write' && c.args[0] !== 1n);
    expect(ctl.map((c) => c.ret)).toEqual([
      e('EINVAL'), e('EINVAL'), e('EINVAL'), e('ECONNREFUSED'), 7n, e('EINVAL'), e('EADDRINUSE'), e('ECONNREFUSED'), 9n, e('ECONNREFUSED'),
    ]);
  });

  it('NETFS.ACCESS, NETFS.TREE: wrong access modes fail EACCES; the tree cannot change (EROFS)', () => {
    const r = runNet((p) => {
      call(p, 'open', p.str('/net/local/stream'), O.WRONLY, 0);
      p.open('/net/local/stream', O.RDONLY, 19);
      call(p, 'open', p.str('/net/local/1/ctl'), O.RDONLY, 0);
      call(p, 'open', p.str('/net/local/addrs'), O.RDWR, 0);
      call(p, 'mkdir', p.str('/net/local/x'), 0o755);
      call(p, 'unlink', p.str('/net/local/1/data'));
      call(p, 'open', p.str('/net/local/new'), O.CREAT | O.WRONLY, 0);
      p.open('/net/local/1/data', O.RDWR, 20);
      call(p, 'lseek', { r: 20 }, 0, 0);
      call(p, 'ftruncate', { r: 20 }, 0);
    });
    expect(r.rets('open')).toEqual([e('EACCES'), 3n, e('EACCES'), e('EACCES'), e('EROFS'), 4n]);
    expect(r.rets('mkdir')).toEqual([e('EROFS')]);
    expect(r.rets('unlink')).toEqual([e('EROFS')]);
    expect(r.rets('lseek')).toEqual([e('ESPIPE')]);
    expect(r.rets('ftruncate')).toEqual([e('EROFS')]);
    expect(r.clauses('mkdir')).toEqual(['NETFS.TREE']);
  });

  it('NETFS.ADDRS: addrs lists the listening sockets\' addresses by socket id', () => {
    const r = runNet((p) => {
      for (const [i, name] of [[1, 'zeta'], [2, 'alpha'], [3, 'bound-only']] as const) {
        p.open('/net/local/stream', O.RDONLY, 18 + i);
        p.open(`/net/local/${i}/ctl`, O.WRONLY, 22);
        p.send(22, `bind ${name}\n`);
        if (name !== 'bound-only') p.send(22, 'listen 2\n');
      }
      p.open('/net/local/addrs', O.RDONLY, 23).echo(23);
    });
    expect(writes(r)).toEqual(['zeta\nalpha\n']);
  });

  it('NETFS.LIFETIME: a socket lives while a handle names it; the peer then reads EOF and writes EPIPE', () => {
    const r = runNet((p) => {
      call(p, 'sigaction', SIGPIPE, SIG_IGN, 0);
      connected(p);
      call(p, 'close', { r: 21 });
      call(p, 'close', { r: 22 });
      call(p, 'open', p.str('/net/local/2/ctl'), O.WRONLY, 0);
      p.keep(25);
      call(p, 'close', { r: 25 });
      p.send(24, 'last words');
      call(p, 'close', { r: 24 });
      call(p, 'open', p.str('/net/local/2/ctl'), O.WRONLY, 0);
      p.echo(23).echo(23);
      p.send(23, 'x');
    });
    expect(r.rets('open').slice(-1)).toEqual([e('ENOENT')]);
    expect(writes(r)).toEqual(['last words', '']);
    expect(r.rets('write').slice(-1)).toEqual([e('EPIPE')]);
  });

  it('FD.WRITE.ZERO, FD.READ.ZERO, NETFS.DATA: on a socket that is not connected, 0-byte writes and reads of data return 0 (not ENOTCONN)', () => {
    const r = runNet((p) => {
      p.open('/net/local/stream', O.RDONLY, 19);
      p.open('/net/local/1/data', O.RDWR, 20);
      call(p, 'write', { r: 20 }, 0, 0);
      call(p, 'read', { r: 20 }, 0, 0);
      call(p, 'write', { r: 20 }, p.str('x'), 1);
    });
    expect(r.rets('write')).toEqual([0n, e('ENOTCONN')]);
    expect(r.clauses('write')).toEqual(['FD.WRITE.ZERO', 'NETFS.DATA']);
    expect(r.rets('read')).toEqual([0n]);
    expect(r.clauses('read')).toEqual(['FD.READ.ZERO']);
  });

  it('FD.WRITE.ZERO, FD.READ.ZERO, NETFS.DATA.PEER: once the peer socket has ended, a 0-byte write returns 0 with no EPIPE and no SIGPIPE', () => {
    const r = runNet((p) => {
      connected(p);
      call(p, 'close', { r: 21 });
      call(p, 'close', { r: 22 });
      call(p, 'close', { r: 24 });
      call(p, 'write', { r: 23 }, 0, 0);
      call(p, 'read', { r: 23 }, 0, 0);
    });
    // SIGPIPE keeps its default action: had it been raised, the process would not exit 0 (runNet checks).
    expect(r.rets('write').slice(-1)).toEqual([0n]);
    expect(r.clauses('write').slice(-1)).toEqual(['FD.WRITE.ZERO']);
    expect(r.rets('read')).toEqual([0n]);
    expect(r.clauses('read')).toEqual(['FD.READ.ZERO']);
  });

  it('NETFS.DATA: seqpacket keeps message boundaries; a short read discards the rest of the message', () => {
    const r = runNet((p) => {
      connected(p, 'seqpacket');
      p.send(24, 'ab').send(24, 'cde').send(24, 'f');
      p.echo(23).echo(23, 1).echo(23);
    });
    expect(writes(r)).toEqual(['ab', 'c', 'f']);
  });
});
