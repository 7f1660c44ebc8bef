import { describe, expect, it } from 'vitest';
import {
  accepts, CAP_BITS, constValue, decodeLayout, decodeProcHandles, decodeProcStatus, decodeRecords, DEFAULT_HANDLE_RIGHTS, layout,
  PROC_PID_DIR_GRAMMAR, PROC_ROOT_GRAMMAR, procAccepts, procCmdline, procHandles, rightsMask,
} from '../../../spec/index.js';
import { call, e, O, ROOT, runFs, S, type FsRun } from '../handlers/files.testkit.js';
import { Prog } from '../testkit.js';

const BUF = 8192;
const TTY = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'tty')!.rights);
const FILE_RO = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'file')!.rights.filter((r) => r !== 'WRITE'));
const DIR_RO = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'directory')!.rights);
const PIPE_R = rightsMask(['READ', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR']);
const PIPE_W = rightsMask(['WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR']);
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** A guest program with its own buffer: `dump` writes a whole file to the console, `list` a directory's records. */
class ProcProg extends Prog {
  readonly buf = this.space(BUF);

  /** open(path) → x19, read it whole → console, close. */
  dump(path: string): this {
    call(this, 'open', this.str(path), O.RDONLY, 0);
    this.keep(19);
    call(this, 'read', { r: 19 }, this.buf, BUF);
    this.keep(20);
    call(this, 'write', 1, this.buf, { r: 20 });
    call(this, 'close', { r: 19 });
    return this;
  }

  list(path: string): this {
    call(this, 'open', this.str(path), O.RDONLY, 0);
    this.keep(19);
    call(this, 'getdents', { r: 19 }, this.buf, BUF);
    this.keep(20);
    call(this, 'write', 1, this.buf, { r: 20 });
    call(this, 'close', { r: 19 });
    return this;
  }

  /** fork: the child runs `child` (which must exit); the parent continues with the pid in x21. */
  fork(child: (p: this) => void): this {
    call(this, 'fork');
    this.keep(21);
    const parent = this.a.label();
    this.a.cbnz(21, parent);
    child(this);
    this.exit(0x7e);
    this.a.bind(parent);
    return this;
  }
}

const names = (bytes: Uint8Array): string[] =>
  decodeRecords(layout('dirent'), bytes).map((r) => latin1(r['d_name'] as Uint8Array).replace(/\0.*$/s, ''));

function runProc(build: (p: ProcProg) => void, opts: Parameters<typeof runFs>[1] = {}): FsRun {
  const p = new ProcProg();
  build(p);
  p.exit(0);
  const r = runFs(p, opts);
  expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
  return r;
}

/** The bytes each successful `write` to fd 1 produced, in order (a dump or a list each writes once). */
function writes(r: FsRun): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const c of r.calls.filter((x) => x.name === 'write' && x.args[0] === 1n && x.ret! >= 0n)) {
    out.push(r.console.subarray(at, at + Number(c.ret)));
    at += Number(c.ret);
  }
  return out;
}

describe('/proc (PROCFS.*)', () => {
  it('PROCFS.DIRS, PROCFS.GRAMMAR: /proc lists self, then every process (zombies too) by pid; threads have none', () => {
    const r = runProc((p) => {
      const fds = p.space(8, 8);
      call(p, 'pipe', fds);
      p.fork((c) => c.exit(3));
      // The child holds the write end until it exits: EOF on the read end means it is a zombie.
      p.a.movImm(9, fds).inst('LDRSW_uoff', { Rt: 22, Rn: 9, imm12: 1 });
      call(p, 'close', { r: 22 });
      p.a.movImm(9, fds).inst('LDRSW_uoff', { Rt: 22, Rn: 9, imm12: 0 });
      call(p, 'read', { r: 22 }, p.buf, 1);
      const stack = p.space(4096);
      const spin = p.a.label();
      const over = p.a.label();
      p.a.b(over);
      p.a.bind(spin);
      p.a.b(spin);
      p.a.bind(over);
      call(p, 'thread_create', 0x8000_0000 + spin.offset, 0, stack + 4096);
      p.list('/proc');
      p.list('/proc/2');
    }, { quantum: 50_000 });
    const [root, child] = writes(r);
    expect(names(root!)).toEqual(['self', '1', '2']);
    expect(accepts(PROC_ROOT_GRAMMAR, names(root!).map((n) => `${n}\n`).join(''))).toBe(true);
    expect(names(child!)).toEqual(['cmdline', 'status', 'handles']);
    expect(accepts(PROC_PID_DIR_GRAMMAR, names(child!).map((n) => `${n}\n`).join(''))).toBe(true);
    const dtypes = decodeRecords(layout('dirent'), root!).map((x) => x['d_type']);
    expect(dtypes).toEqual([4, 4, 4]);
    expect(r.calls.find((c) => c.name === 'getdents')!.clause).toBe('FS.GETDENTS.RECORDS');
  });

  it('PROCFS.CMDLINE: argv strings each followed by one NUL, through self and through the pid', () => {
    const argv = ['/bin/init', 'a b', '', 'é'];
    const r = runProc((p) => p.dump('/proc/self/cmdline').dump('/proc/1/cmdline'), { argv });
    const [self, byPid] = writes(r);
    expect([...self!]).toEqual([...procCmdline(argv)]);
    expect([...byPid!]).toEqual([...procCmdline(argv)]);
    expect(procAccepts('cmdline', self!)).toBe(true);
  });

  it('PROCFS.STATUS, PROCFS.GRAMMAR: key=value lines in fixed order; the reader is running, a zombie is a zombie', () => {
    const r = runProc((p) => {
      const fds = p.space(8, 8);
      call(p, 'pipe', fds);
      p.fork((c) => c.exit(0));
      p.a.movImm(9, fds).inst('LDRSW_uoff', { Rt: 22, Rn: 9, imm12: 1 });
      call(p, 'close', { r: 22 });
      p.a.movImm(9, fds).inst('LDRSW_uoff', { Rt: 22, Rn: 9, imm12: 0 });
      call(p, 'read', { r: 22 }, p.buf, 1);
      p.dump('/proc/self/status').dump('/proc/2/status');
    }, { argv: ['/bin/sh', 'x'], identity: { ...ROOT, principal: 1 } });
    const [self, zombie] = writes(r);
    expect(decodeProcStatus(self!)).toMatchObject({ pid: '1', ppid: '0', state: 'running', principal: '1', name: 'sh' });
    expect(decodeProcStatus(zombie!)).toMatchObject({ pid: '2', ppid: '1', state: 'zombie', principal: '1', name: 'sh' });
    expect(procAccepts('status', zombie!)).toBe(true);
  });

  it('PROCFS.STATUS: a child waiting on a pipe is blocked; its directory names it by pid', () => {
    const r = runProc((p) => {
      const a = p.space(8, 8);
      const b = p.space(8, 8);
      call(p, 'pipe', a);
      call(p, 'pipe', b);
      p.fork((c) => {
        c.a.movImm(9, b).inst('LDRSW_uoff', { Rt: 22, Rn: 9, imm12: 1 });
        call(c, 'write', { r: 22 }, c.buf, 1);
        c.a.movImm(9, a).inst('LDRSW_uoff', { Rt: 22, Rn: 9, imm12: 0 });
        call(c, 'read', { r: 22 }, c.buf, 1);
        c.exit(0);
      });
      p.a.movImm(9, b).inst('LDRSW_uoff', { Rt: 22, Rn: 9, imm12: 0 });
      call(p, 'read', { r: 22 }, p.buf, 1);
      p.dump('/proc/2/status');
      p.a.movImm(9, a).inst('LDRSW_uoff', { Rt: 22, Rn: 9, imm12: 1 });
      call(p, 'write', { r: 22 }, p.buf, 1);
    });
    expect(decodeProcStatus(writes(r)[0]!)).toMatchObject({ pid: '2', ppid: '1', state: 'blocked' });
  });

  it('PROCFS.HANDLES: number, kind, rights and cloexec of every open handle, before the reading handle exists', () => {
    const r = runProc((p) => {
      call(p, 'pipe', p.space(8, 8));
      call(p, 'open', p.str('/etc'), O.RDONLY | O.CLOEXEC, 0);
      call(p, 'close', 1);
      p.dump('/proc/self/handles');
    });
    const expected = procHandles([
      { fd: 0, kind: 'tty', rights: TTY, cloexec: false }, { fd: 2, kind: 'tty', rights: TTY, cloexec: false },
      { fd: 3, kind: 'pipe', rights: PIPE_R, cloexec: false }, { fd: 4, kind: 'pipe', rights: PIPE_W, cloexec: false },
      { fd: 5, kind: 'directory', rights: DIR_RO, cloexec: true },
    ]);
    // fd 1 is closed, so the dump's write fails; the read return tells what was read.
    const n = Number(r.rets('read')[0]);
    expect(n).toBe(expected.length);
    expect(decodeProcHandles(expected)).not.toBeNull();
    expect(r.rets('write')[0]).toBe(e('EBADF'));
  });

  it('PROCFS.HANDLES: the exact bytes, read back through the console', () => {
    const r = runProc((p) => {
      call(p, 'open', p.str('/etc/motd'), O.RDONLY, 0);
      p.dump('/proc/1/handles');
    });
    expect(latin1(writes(r)[0]!)).toBe(latin1(procHandles([
      { fd: 0, kind: 'tty', rights: TTY, cloexec: false }, { fd: 1, kind: 'tty', rights: TTY, cloexec: false },
      { fd: 2, kind: 'tty', rights: TTY, cloexec: false }, { fd: 3, kind: 'file', rights: FILE_RO, cloexec: false },
    ])));
  });

  it('PROCFS.STAT.SIZE: stat and fstat report the length a full read returns; directories report 0', () => {
    const r = runProc((p) => {
      const s1 = p.space(32);
      const s2 = p.space(32);
      const s3 = p.space(32);
      call(p, 'stat', p.str('/proc/self/status'), s1);
      call(p, 'open', p.str('/proc/self/status'), O.RDONLY, 0);
      p.keep(19);
      call(p, 'fstat', { r: 19 }, s2);
      call(p, 'read', { r: 19 }, p.buf, BUF);
      call(p, 'stat', p.str('/proc/self'), s3);
      call(p, 'write', 1, s1, 96);
    });
    const n = Number(r.rets('read')[0]);
    const out = r.console;
    const [a, b, c] = [0, 32, 64].map((o) => decodeLayout(layout('stat'), out, o));
    expect(a!['st_size']).toBe(BigInt(n));
    expect(b!['st_size']).toBe(BigInt(n));
    expect(Number(a!['st_mode'])).toBe(S.IFREG | 0o444);
    expect(Number(c!['st_mode'])).toBe(S.IFDIR | 0o555);
    expect(c!['st_size']).toBe(0n);
    expect(r.calls.find((x) => x.name === 'stat')!.clause).toBe('FS.STAT.RECORD');
  });

  it('PROCFS.SNAPSHOT: reads see the content as it was at open, in pieces; a new open sees the change', () => {
    const r = runProc((p) => {
      call(p, 'open', p.str('/proc/self/handles'), O.RDONLY, 0);
      p.keep(23);
      call(p, 'open', p.str('/etc/motd'), O.RDONLY, 0);
      call(p, 'open', p.str('/etc/motd'), O.RDONLY, 0);
      call(p, 'read', { r: 23 }, p.buf, 7);
      p.keep(20);
      call(p, 'write', 1, p.buf, { r: 20 });
      call(p, 'read', { r: 23 }, p.buf, BUF);
      p.keep(20);
      call(p, 'write', 1, p.buf, { r: 20 });
      p.dump('/proc/self/handles');
    });
    const [head, rest, fresh] = writes(r);
    const atOpen = procHandles([0, 1, 2].map((fd) => ({ fd, kind: 'tty', rights: TTY, cloexec: false })));
    expect(latin1(head!) + latin1(rest!)).toBe(latin1(atOpen));
    expect(head!.length).toBe(7);
    expect(decodeProcHandles(fresh!)!.map((h) => h.fd)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('PROCFS.MOUNT: writes, creations and changes fail EROFS naming PROCFS.MOUNT; the mount point itself is busy', () => {
    const r = runProc((p) => {
      call(p, 'open', p.str('/proc/self/status'), O.WRONLY, 0);
      call(p, 'open', p.str('/proc/self/status'), O.RDONLY | O.TRUNC, 0);
      call(p, 'open', p.str('/proc/new'), O.RDWR | O.CREAT, 0);
      call(p, 'mkdir', p.str('/proc/d'), 0o755);
      call(p, 'unlink', p.str('/proc/1/cmdline'));
      call(p, 'rmdir', p.str('/proc/1'));
      call(p, 'rename', p.str('/proc/1/status'), p.str('/proc/1/s'));
      call(p, 'chmod', p.str('/proc/1/status'), 0o777);
      call(p, 'chown', p.str('/proc/1'), 2);
      call(p, 'rmdir', p.str('/proc'));
    });
    const rows = ['open', 'mkdir', 'unlink', 'rmdir', 'rename', 'chmod', 'chown'];
    const evs = r.calls.filter((c) => rows.includes(c.name));
    expect(evs.map((c) => c.ret)).toEqual([...Array(9).fill(e('EROFS')), e('EBUSY')]);
    expect(evs.slice(0, 9).map((c) => c.clause)).toEqual(Array(9).fill('PROCFS.MOUNT'));
    expect(evs[9]!.clause).toBe('FS.RMDIR.ROOT');
  });

  it('PROCFS.MOUNT: reading /proc needs capFsRead like any read (FS.OPEN.CAP.READ); stat needs nothing', () => {
    const r = runProc((p) => {
      call(p, 'open', p.str('/proc/self/status'), O.RDONLY, 0);
      call(p, 'stat', p.str('/proc/self/status'), p.space(32));
    }, { identity: { principal: 2, session: 2, caps: CAP_BITS.capSpawn } });
    expect(r.rets('open')).toEqual([e('EACCES')]);
    expect(r.calls.find((c) => c.name === 'open')!.clause).toBe('FS.OPEN.CAP.READ');
    expect(r.rets('stat')).toEqual([0n]);
  });

  it('PROCFS.DIRS: unknown pids, thread ids and non-files fail ENOENT; "..", chdir and relative paths work inside', () => {
    const r = runProc((p) => {
      call(p, 'open', p.str('/proc/2'), O.RDONLY, 0);
      call(p, 'open', p.str('/proc/01'), O.RDONLY, 0);
      call(p, 'open', p.str('/proc/1/environ'), O.RDONLY, 0);
      call(p, 'open', p.str('/proc/1/status/x'), O.RDONLY, 0);
      call(p, 'chdir', p.str('/proc/self'));
      p.dump('cmdline');
      p.list('../1');
      p.dump('/proc/self/../self/./cmdline');
    });
    expect(r.rets('open').slice(0, 4)).toEqual([e('ENOENT'), e('ENOENT'), e('ENOENT'), e('ENOTDIR')]);
    expect(r.rets('chdir')).toEqual([0n]);
    const [cmd, dir, again] = writes(r);
    expect(latin1(cmd!)).toBe('init\0');
    expect(names(dir!)).toEqual(['cmdline', 'status', 'handles']);
    expect(latin1(again!)).toBe('init\0');
  });

  it('PROCFS.SNAPSHOT: lseek rewinds the snapshot; getdents on a file fails ENOTDIR and read on a directory EISDIR', () => {
    const r = runProc((p) => {
      call(p, 'open', p.str('/proc/self/cmdline'), O.RDONLY, 0);
      p.keep(19);
      call(p, 'read', { r: 19 }, p.buf, BUF);
      call(p, 'lseek', { r: 19 }, 0, constValue('SEEK_WHENCE', 'SEEK_SET'));
      call(p, 'read', { r: 19 }, p.buf, BUF);
      call(p, 'getdents', { r: 19 }, p.buf, BUF);
      call(p, 'open', p.str('/proc'), O.RDONLY, 0);
      p.keep(20);
      call(p, 'read', { r: 20 }, p.buf, BUF);
    });
    expect(r.rets('read')).toEqual([5n, 5n, e('EISDIR')]);
    expect(r.rets('getdents')).toEqual([e('ENOTDIR')]);
  });
});
