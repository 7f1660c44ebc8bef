// The file and directory rows through the syscall layer: guest programs built with Prog, run on
// the kernel; expectations come from spec constants, clauses and the base-image definition.

import { describe, expect, it } from 'vitest';
import { constValue, decodeRecords, layout, rightsMask } from '../../../spec/index.js';
import { FileObject } from '../objects/file.js';
import { Prog } from '../testkit.js';
import { BASE_DIRECTORIES, DEVICES, HOSTNAME_TEXT, MOTD_TEXT, MOUNT_POINTS, PASSWD_TEXT } from '../vfs/index.js';
import { call, e, NOCAPS, O, READER, ROOT, runFs, S, SEEK, statAt, USER, type FsRun } from './files.testkit.js';

const EPOCH = 1_800_000_000;
const DT_DIR = constValue('D_TYPE', 'DT_DIR');
const DT_REG = constValue('D_TYPE', 'DT_REG');
const DT_CHR = constValue('D_TYPE', 'DT_CHR');
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const direntNames = (bytes: Uint8Array): string[] =>
  decodeRecords(layout('dirent'), bytes).map((r) => Buffer.from(r['d_name'] as Uint8Array).toString('latin1'));

/** Runs a program whose body is `build`, followed by exit(0). */
function go(build: (p: Prog) => void, opts: Parameters<typeof runFs>[1] = {}): FsRun {
  const p = new Prog();
  build(p);
  p.exit(0);
  const r = runFs(p, { epoch: EPOCH, ...opts });
  expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
  return r;
}

/** open(path, flags) with the fd kept in `reg`. */
function open(p: Prog, path: string, flags: number, reg?: number): void {
  call(p, 'open', p.str(path), flags, 0);
  if (reg !== undefined) p.keep(reg);
}

/** Reads up to `n` bytes from the fd in `reg` and copies what came to the console. */
function cat(p: Prog, reg: number, n = 4096): void {
  const buf = p.space(n);
  call(p, 'read', { r: reg }, buf, n);
  p.keep(20);
  call(p, 'write', 1, buf, { r: 20 });
}

/** Writes `s` to the fd in `reg`. */
function put(p: Prog, reg: number, s: string): void {
  const b = text(s);
  call(p, 'write', { r: reg }, p.bytes(b), b.length);
}

/** stat(path) and copy the record to the console. */
function statOut(p: Prog, path: string): void {
  const buf = p.space(32);
  call(p, 'stat', p.str(path), buf);
  call(p, 'write', 1, buf, 32);
}

function fstatOut(p: Prog, reg: number | { fd: number }): void {
  const buf = p.space(32);
  call(p, 'fstat', typeof reg === 'number' ? { r: reg } : reg.fd, buf);
  call(p, 'write', 1, buf, 32);
}

describe('open and read', () => {
  it('FS.OPEN.CAP.READ / FD.READ.OFFSET / FD.READ.EOF: /etc/motd reads back the base-image text, then 0', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY, 19);
      cat(p, 19, 10);
      cat(p, 19);
      cat(p, 19);
    });
    expect(r.rets('open')).toEqual([3n]);
    expect(r.rets('read')).toEqual([10n, BigInt(MOTD_TEXT.length - 10), 0n]);
    expect(r.clauses('read')).toEqual(['FD.READ.OFFSET', 'FD.READ.OFFSET', 'FD.READ.EOF']);
    expect(r.out).toBe(MOTD_TEXT);
  });

  it('FS.OPEN.LOWEST / FD.ALLOC.LOWEST: open takes the lowest free number', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY);
      open(p, '/etc/hostname', O.RDONLY);
      call(p, 'close', 3);
      open(p, '/etc/hostname', O.RDONLY);
      call(p, 'close', 1);
      open(p, '/etc/hostname', O.RDONLY);
    });
    expect(r.rets('open')).toEqual([3n, 4n, 3n, 1n]);
  });

  it('FS.OPEN.CREAT / FS.TMPFS.OWNER / FS.OPEN.MODE / FD.WRITE.OFFSET: a new tmpfs file is 0644, owned by the caller, and reads back', () => {
    const r = go((p) => {
      call(p, 'open', p.str('/tmp/new'), O.CREAT | O.RDWR, 0o777);
      p.keep(19);
      put(p, 19, 'hello');
      put(p, 19, ' world');
      call(p, 'lseek', { r: 19 }, 0, SEEK.SET);
      cat(p, 19);
      fstatOut(p, 19);
    }, { identity: USER });
    expect(r.rets('open')).toEqual([3n]);
    expect(r.clauses('open')).toEqual(['FS.OPEN.CREAT']);
    expect(r.rets('write').slice(0, 2)).toEqual([5n, 6n]);
    expect(r.out.slice(0, 11)).toBe('hello world');
    const st = statAt(r.console, 11);
    expect(st['st_mode']).toBe(S.IFREG | 0o644);
    expect(st['st_uid']).toBe(USER.principal);
    expect(st['st_gid']).toBe(USER.principal);
    expect(st['st_size']).toBe(11n);
    expect(st['st_nlink']).toBe(1);
  });

  it('FS.OPEN.TRUNC: O_TRUNC empties a writable file on open', () => {
    const r = go((p) => {
      open(p, '/tmp/t', O.CREAT | O.WRONLY, 19);
      put(p, 19, 'abcdef');
      open(p, '/tmp/t', O.WRONLY | O.TRUNC, 20);
      fstatOut(p, 20);
    });
    expect(r.rets('open')).toEqual([3n, 4n]);
    expect(r.clauses('open')[1]).toBe('FS.OPEN.TRUNC');
    expect(statAt(r.console)['st_size']).toBe(0n);
  });

  it('FS.OPEN.APPEND: with O_APPEND every write goes to the end, whatever the offset', () => {
    const r = go((p) => {
      open(p, '/tmp/a', O.CREAT | O.RDWR, 19);
      put(p, 19, 'abc');
      open(p, '/tmp/a', O.WRONLY | O.APPEND, 21);
      call(p, 'lseek', { r: 21 }, 0, SEEK.SET);
      put(p, 21, 'de');
      call(p, 'lseek', { r: 19 }, 0, SEEK.SET);
      cat(p, 19);
    });
    expect(r.clauses('write').slice(0, 2)).toEqual(['FD.WRITE.OFFSET', 'FS.OPEN.APPEND']);
    expect(r.out).toBe('abcde');
  });

  it('FS.OPEN.CLOEXEC: O_CLOEXEC marks the new handle close-on-exec (F_GETFD), without it not', () => {
    const F_GETFD = constValue('FCNTL_CMDS', 'F_GETFD');
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY | O.CLOEXEC, 19);
      open(p, '/etc/motd', O.RDONLY, 20);
      call(p, 'fcntl', { r: 19 }, F_GETFD, 0);
      call(p, 'fcntl', { r: 20 }, F_GETFD, 0);
    });
    expect(r.rets('fcntl')).toEqual([BigInt(constValue('FD_FLAGS', 'FD_CLOEXEC')), 0n]);
  });

  it('FS.OPEN.NONBLOCK: O_NONBLOCK is a status flag F_GETFL reports and F_SETFL can clear', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY | O.NONBLOCK, 19);
      call(p, 'fcntl', { r: 19 }, constValue('FCNTL_CMDS', 'F_GETFL'), 0);
      call(p, 'fcntl', { r: 19 }, constValue('FCNTL_CMDS', 'F_SETFL'), 0);
      call(p, 'fcntl', { r: 19 }, constValue('FCNTL_CMDS', 'F_GETFL'), 0);
    });
    expect(r.rets('fcntl')).toEqual([BigInt(O.RDONLY | O.NONBLOCK), 0n, BigInt(O.RDONLY)]);
  });

  it('FS.OPEN.FLAGVALUES / ABI.FLAGS.UNKNOWN / FS.OPEN.ACCMODE: an unknown bit or access mode 3 fails EINVAL', () => {
    const r = go((p) => {
      open(p, '/etc/motd', 0x8);
      open(p, '/etc/motd', 0x1_0000);
      open(p, '/etc/motd', 3);
    });
    expect(r.rets('open')).toEqual([e('EINVAL'), e('EINVAL'), e('EINVAL')]);
    expect(r.clauses('open')).toEqual(['ABI.FLAGS.UNKNOWN', 'ABI.FLAGS.UNKNOWN', 'FS.OPEN.ACCMODE']);
  });

  it('FS.OPEN.DIR.WRITE: a directory opens read-only as a directory handle; with write access it fails EISDIR', () => {
    const r = go((p) => {
      open(p, '/tmp', O.WRONLY);
      open(p, '/tmp', O.RDWR);
      open(p, '/tmp', O.RDONLY | O.TRUNC);
      open(p, '/tmp', O.RDONLY, 19);
      fstatOut(p, 19);
    });
    expect(r.rets('open')).toEqual([e('EISDIR'), e('EISDIR'), e('EISDIR'), 3n]);
    expect((statAt(r.console)['st_mode'] as number) & S.IFMT).toBe(S.IFDIR);
  });

  it('FS.OPEN.CAP.READ / SEC.CAP.ERRNO: opening for reading without capFsRead fails EACCES', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY);
      open(p, '/tmp', O.RDONLY);
    }, { identity: NOCAPS });
    expect(r.rets('open')).toEqual([e('EACCES'), e('EACCES')]);
    expect(r.clauses('open')).toEqual(['FS.OPEN.CAP.READ', 'FS.OPEN.CAP.READ']);
  });

  it('FS.OPEN.CAP.WRITE: writing, creating or truncating without capTmpWrite fails EACCES (before EROFS)', () => {
    const r = go((p) => {
      open(p, '/tmp/x', O.CREAT | O.RDONLY);
      open(p, '/tmp/x', O.CREAT | O.WRONLY);
      open(p, '/etc/motd', O.WRONLY);
      open(p, '/etc/motd', O.RDONLY | O.TRUNC);
      open(p, '/etc/motd', O.RDONLY);
    }, { identity: READER });
    expect(r.rets('open')).toEqual([e('EACCES'), e('EACCES'), e('EACCES'), e('EACCES'), 3n]);
    expect(r.clauses('open').slice(0, 4)).toEqual(Array(4).fill('FS.OPEN.CAP.WRITE'));
  });

  it('FS.BASE.READONLY / FS.BASE.ERRNO: even root gets EROFS for write access to the base image or creation in it', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.WRONLY);
      open(p, '/etc/motd', O.RDWR);
      open(p, '/etc/motd', O.RDONLY | O.TRUNC);
      open(p, '/etc/newfile', O.CREAT | O.WRONLY);
      open(p, '/etc/motd', O.RDONLY, 19);
      cat(p, 19);
    }, { identity: ROOT });
    expect(r.rets('open')).toEqual([e('EROFS'), e('EROFS'), e('EROFS'), e('EROFS'), 3n]);
    expect(r.clauses('open').slice(0, 4)).toEqual(Array(4).fill('FS.BASE.ERRNO'));
    expect(r.out).toBe(MOTD_TEXT);
  });

  it('FS.PATH.NOENT / FS.PATH.NOTDIR / ABI.STRING.EMPTY / ABI.STRING.TOOLONG / FS.PATH.NAMEMAX: path errors of open', () => {
    const r = go((p) => {
      open(p, '/etc/nope', O.RDONLY);
      open(p, '/etc/motd/x', O.RDONLY);
      open(p, '', O.RDONLY);
      open(p, '/' + 'a'.repeat(4095), O.RDONLY);
      open(p, '/tmp/' + 'n'.repeat(256), O.RDONLY);
      call(p, 'open', 0x10, O.RDONLY, 0);
    });
    expect(r.rets('open')).toEqual([e('ENOENT'), e('ENOTDIR'), e('ENOENT'), e('ENAMETOOLONG'), e('ENAMETOOLONG'), e('EFAULT')]);
    expect(r.clauses('open')).toEqual(['FS.PATH.NOENT', 'FS.PATH.NOTDIR', 'ABI.STRING.EMPTY', 'ABI.STRING.TOOLONG', 'FS.PATH.NAMEMAX', 'ABI.FAULT']);
  });

  it('FS.PATH.RESOLVE: relative paths start at the cwd; "." stays, ".." goes up, the root is its own parent', () => {
    const r = go((p) => {
      call(p, 'chdir', p.str('/etc/swos'));
      open(p, 'passwd', O.RDONLY, 19);
      cat(p, 19, 5);
      open(p, '../hostname', O.RDONLY, 19);
      cat(p, 19);
      open(p, '/../..//etc/./hostname', O.RDONLY, 19);
      cat(p, 19);
    });
    expect(r.rets('open')).toEqual([3n, 4n, 5n]);
    expect(r.out).toBe(PASSWD_TEXT.slice(0, 5) + HOSTNAME_TEXT + HOSTNAME_TEXT);
  });

  it('FS.CONFINE.DENY: a confined process cannot open outside its subtree', () => {
    const r = go((p) => {
      call(p, 'confine', p.str('/tmp'));
      open(p, '/etc/motd', O.RDONLY);
      open(p, '/etc/nothere', O.RDONLY);
      open(p, '/tmp/../etc/motd', O.RDONLY);
      open(p, '/tmp/in', O.CREAT | O.RDWR);
    });
    expect(r.rets('open')).toEqual([e('EACCES'), e('EACCES'), e('EACCES'), 3n]);
    expect(r.clauses('open').slice(0, 3)).toEqual(Array(3).fill('FS.CONFINE.DENY'));
  });

  it('FD.TABLE.FULL / FS.OPEN.EMFILE: open with a full table fails EMFILE and creates nothing', () => {
    const r = go((p) => {
      open(p, '/tmp/a', O.CREAT | O.RDWR);
      open(p, '/tmp/b', O.CREAT | O.RDWR);
      open(p, '/nonexistent', O.RDONLY);
      call(p, 'stat', p.str('/tmp/b'), p.space(32));
    }, { maxHandles: 4 });
    expect(r.rets('open')).toEqual([3n, e('EMFILE'), e('EMFILE')]);
    expect(r.clauses('open').slice(1)).toEqual(['FD.TABLE.FULL', 'FD.TABLE.FULL']);
    expect(r.rets('stat')).toEqual([e('ENOENT')]);
  });

  it('FS.TMPFS.FULL: with no tmpfs node left, open O_CREAT and mkdir fail ENOSPC', () => {
    const r = go((p) => {
      open(p, '/tmp/one-more', O.CREAT | O.RDWR);
      call(p, 'mkdir', p.str('/tmp/d'), 0o755);
      open(p, '/tmp/f0', O.RDWR);
    }, {
      setup: (k) => {
        const caller = k.caller(k.init!);
        for (let i = 0; ; i++) {
          const f = k.vfs.open(`/tmp/f${i}`, O.CREAT | O.WRONLY, 0, caller);
          if (!f.ok) break;
          f.value.close();
        }
      },
    });
    expect(r.rets('open')).toEqual([e('ENOSPC'), 3n]);
    expect(r.rets('mkdir')).toEqual([e('ENOSPC')]);
    expect(r.clauses('open')[0]).toBe('FS.TMPFS.FULL');
  });

  it('FD.RIGHTS.DEFAULT: READ and WRITE follow the access mode; directories hold no WRITE', () => {
    const r = go((p) => {
      open(p, '/tmp/rw', O.CREAT | O.WRONLY, 19);
      call(p, 'read', { r: 19 }, p.space(8), 8);
      open(p, '/tmp/rw', O.RDONLY, 20);
      put(p, 20, 'x');
      open(p, '/tmp', O.RDONLY, 21);
      put(p, 21, 'x');
    });
    expect(r.rets('read')).toEqual([e('EBADF')]);
    expect(r.rets('write')).toEqual([e('EBADF'), e('EBADF')]);
    expect(r.clauses('write')).toEqual(['FD.RIGHTS.MISSING', 'FD.RIGHTS.MISSING']);
  });
});

describe('FD.RIGHTS.DEFAULT (handle table view)', () => {
  it('a file opened O_RDONLY holds READ plus DUPLICATE, TRANSFER, GETATTR, SETATTR; O_RDWR adds WRITE; a directory READ plus those', () => {
    const seen: number[][] = [];
    go((p) => {
      open(p, '/etc/motd', O.RDONLY);
      open(p, '/tmp/w', O.CREAT | O.RDWR);
      open(p, '/tmp/w', O.WRONLY);
      open(p, '/tmp', O.RDONLY);
    }, {
      after: (ev, k) => {
        if (ev.name === 'open') seen.push([Number(ev.ret), k.handles(k.init!).get(Number(ev.ret))!.rights]);
      },
    });
    const meta = ['DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR'] as const;
    expect(seen).toEqual([
      [3, rightsMask(['READ', ...meta])],
      [4, rightsMask(['READ', 'WRITE', ...meta])],
      [5, rightsMask(['WRITE', ...meta])],
      [6, rightsMask(['READ', ...meta])],
    ]);
  });
});

describe('read and write on files and directories', () => {
  it('FD.READ.ZERO / FD.WRITE.ZERO: count 0 returns 0 without looking at buf', () => {
    const r = go((p) => {
      open(p, '/tmp/z', O.CREAT | O.RDWR, 19);
      call(p, 'read', { r: 19 }, 0, 0);
      call(p, 'write', { r: 19 }, 0, 0);
      call(p, 'read', { r: 19 }, 0x10, 0);
    });
    expect(r.rets('read')).toEqual([0n, 0n]);
    expect(r.rets('write')).toEqual([0n]);
  });

  it('FS.READ.DIR: read on a directory handle fails EISDIR', () => {
    const r = go((p) => {
      open(p, '/etc', O.RDONLY, 19);
      call(p, 'read', { r: 19 }, p.space(64), 64);
    });
    expect(r.rets('read')).toEqual([e('EISDIR')]);
    expect(r.clauses('read')).toEqual(['FS.READ.DIR']);
  });

  it('FD.READ.ZERO, FS.READ.DIR: a read of 0 bytes on a directory still fails EISDIR (the directory refusal comes first)', () => {
    const r = go((p) => {
      open(p, '/etc', O.RDONLY, 19);
      call(p, 'read', { r: 19 }, 0, 0);
    });
    expect(r.rets('read')).toEqual([e('EISDIR')]);
    expect(r.clauses('read')).toEqual(['FS.READ.DIR']);
  });

  it('FD.WRITE.OFFSET: a gap left by seeking past the end reads as zeros', () => {
    const r = go((p) => {
      open(p, '/tmp/gap', O.CREAT | O.RDWR, 19);
      call(p, 'lseek', { r: 19 }, 10, SEEK.SET);
      put(p, 19, 'x');
      call(p, 'lseek', { r: 19 }, 0, SEEK.SET);
      cat(p, 19);
    });
    expect(r.rets('lseek')).toEqual([10n, 0n]);
    expect([...r.console]).toEqual([...new Uint8Array(10), 'x'.charCodeAt(0)]);
  });

  it('FS.TMPFS.FULL: a write of which nothing fits fails ENOSPC', () => {
    const r = go((p) => {
      open(p, '/tmp/big', O.CREAT | O.RDWR, 19);
      call(p, 'lseek', { r: 19 }, 8 << 20, SEEK.SET);
      put(p, 19, 'x');
    });
    expect(r.rets('write')).toEqual([e('ENOSPC')]);
    expect(r.clauses('write')).toEqual(['FS.TMPFS.FULL']);
  });

  it('FS.DEV.NULL / FS.DEV.ZERO: /dev/null reads EOF and swallows writes; /dev/zero reads zeros', () => {
    const r = go((p) => {
      open(p, '/dev/null', O.RDWR, 19);
      cat(p, 19, 16);
      put(p, 19, 'gone');
      open(p, '/dev/zero', O.RDONLY, 21);
      cat(p, 21, 16);
    });
    expect(r.rets('read')).toEqual([0n, 16n]);
    expect(r.rets('write')).toEqual([0n, 4n, 16n]);
    expect([...r.console]).toEqual(Array(16).fill(0));
  });

  it('FS.DEV.RANDOM: /dev/random and /dev/urandom read from the seeded kernel source (same seed, same bytes)', () => {
    const once = (seed: number): Uint8Array => go((p) => {
      open(p, '/dev/random', O.RDONLY, 19);
      cat(p, 19, 16);
      open(p, '/dev/urandom', O.RDONLY, 19);
      cat(p, 19, 16);
    }, { seed }).console;
    const a = once(5);
    expect(a.length).toBe(32);
    expect(once(5)).toEqual(a);
    expect(once(6)).not.toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(4);
  });

  it('FS.UNLINK.OPEN / FD.CLOSE.LAST: an unlinked open file keeps its data until the last close frees it', () => {
    const usage: [string, number][] = [];
    const r = go((p) => {
      open(p, '/tmp/u', O.CREAT | O.RDWR, 19);
      put(p, 19, 'kept');
      call(p, 'dup', { r: 19 });
      p.keep(21);
      call(p, 'unlink', p.str('/tmp/u'));
      call(p, 'stat', p.str('/tmp/u'), p.space(32));
      call(p, 'lseek', { r: 19 }, 0, SEEK.SET);
      cat(p, 19);
      call(p, 'close', { r: 19 });
      call(p, 'close', { r: 21 });
    }, { after: (ev, k) => ev.name === 'close' && usage.push([ev.name, k.vfs.tmpfsUsage.nodes]) });
    expect(r.rets('unlink')).toEqual([0n]);
    expect(r.clauses('unlink')).toEqual(['FS.UNLINK.OPEN']);
    expect(r.rets('stat')).toEqual([e('ENOENT')]);
    expect(r.out).toBe('kept');
    expect(usage).toEqual([['close', 1], ['close', 0]]);
  });

  it('FD.CLOSE.RELEASE: close frees the number at once while a duplicate keeps the file open', () => {
    const r = go((p) => {
      open(p, '/etc/hostname', O.RDONLY, 19);
      call(p, 'dup', { r: 19 });
      p.keep(21);
      call(p, 'close', { r: 19 });
      open(p, '/etc/motd', O.RDONLY);
      cat(p, 21);
    });
    expect(r.rets('dup')).toEqual([4n]);
    expect(r.rets('open')).toEqual([3n, 3n]);
    expect(r.out).toBe(HOSTNAME_TEXT);
  });

  it('FD.POLL.FILE: a file object is always ready for input and output', () => {
    const r = go((p) => open(p, '/etc/motd', O.RDONLY));
    const of = r.kernel.vfs.open('/etc/motd', O.RDONLY, 0, r.kernel.caller(r.kernel.init!));
    if (!of.ok) throw new Error(of.errno);
    expect(new FileObject(of.value).pollEvents()).toBe(constValue('POLL_EVENTS', 'POLLIN') | constValue('POLL_EVENTS', 'POLLOUT'));
  });
});

describe('lseek', () => {
  it('FS.LSEEK.WHENCE / FS.LSEEK.PASTEND: SEEK_SET, SEEK_CUR and SEEK_END set and return the offset; past the end is allowed', () => {
    const n = MOTD_TEXT.length;
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY, 19);
      call(p, 'lseek', { r: 19 }, 8, SEEK.SET);
      call(p, 'lseek', { r: 19 }, 3, SEEK.CUR);
      call(p, 'lseek', { r: 19 }, -2, SEEK.END);
      call(p, 'lseek', { r: 19 }, 100, SEEK.END);
      call(p, 'lseek', { r: 19 }, -n - 100 + 4, SEEK.CUR);
      cat(p, 19, 3);
    });
    expect(r.rets('lseek')).toEqual([8n, 11n, BigInt(n - 2), BigInt(n + 100), 4n]);
    expect(r.clauses('lseek')).toEqual(['FS.LSEEK.WHENCE', 'FS.LSEEK.WHENCE', 'FS.LSEEK.WHENCE', 'FS.LSEEK.PASTEND', 'FS.LSEEK.WHENCE']);
    expect(r.out).toBe(MOTD_TEXT.slice(4, 7));
  });

  it('FS.LSEEK.NEGATIVE / FS.LSEEK.RANGE / ABI.ENUM.UNKNOWN: bad results fail EINVAL and leave the offset', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY, 19);
      call(p, 'lseek', { r: 19 }, 5, SEEK.SET);
      call(p, 'lseek', { r: 19 }, -6, SEEK.CUR);
      call(p, 'lseek', { r: 19 }, 2n ** 60n, SEEK.SET);
      call(p, 'lseek', { r: 19 }, -(2n ** 63n), SEEK.END);
      call(p, 'lseek', { r: 19 }, 0, 3);
      call(p, 'lseek', { r: 19 }, 0, SEEK.CUR);
    });
    expect(r.rets('lseek')).toEqual([5n, e('EINVAL'), e('EINVAL'), e('EINVAL'), e('EINVAL'), 5n]);
    expect(r.clauses('lseek').slice(1, 5)).toEqual(['FS.LSEEK.NEGATIVE', 'FS.LSEEK.RANGE', 'FS.LSEEK.NEGATIVE', 'ABI.ENUM.UNKNOWN']);
  });

  it('FS.LSEEK.DIR: a directory rewinds with (0, SEEK_SET) only', () => {
    const r = go((p) => {
      open(p, '/dev', O.RDONLY, 19);
      call(p, 'getdents', { r: 19 }, p.space(512), 512);
      call(p, 'getdents', { r: 19 }, p.space(512), 512);
      call(p, 'lseek', { r: 19 }, 1, SEEK.SET);
      call(p, 'lseek', { r: 19 }, 0, SEEK.CUR);
      call(p, 'lseek', { r: 19 }, 0, SEEK.SET);
      call(p, 'getdents', { r: 19 }, p.space(512), 512);
    });
    const [first, end, again] = r.rets('getdents');
    expect(first).toBeGreaterThan(0n);
    expect(end).toBe(0n);
    expect(again).toBe(first);
    expect(r.rets('lseek')).toEqual([e('EINVAL'), e('EINVAL'), 0n]);
    expect(r.clauses('lseek')).toEqual(['FS.LSEEK.DIR', 'FS.LSEEK.DIR', 'FS.LSEEK.DIR']);
  });

  it('FD.KIND.WRONG / FD.BADF: lseek on a pipe or the console fails ESPIPE, on a closed handle EBADF', () => {
    const r = go((p) => {
      call(p, 'pipe', p.space(8));
      call(p, 'lseek', 3, 0, SEEK.SET);
      call(p, 'lseek', 0, 0, SEEK.SET);
      call(p, 'lseek', 40, 0, SEEK.SET);
    });
    expect(r.rets('pipe')).toEqual([0n]);
    expect(r.rets('lseek')).toEqual([e('ESPIPE'), e('ESPIPE'), e('EBADF')]);
    expect(r.clauses('lseek')).toEqual(['FD.KIND.WRONG', 'FD.KIND.WRONG', 'FD.BADF']);
  });

  it('FS.LSEEK.SHARED / FD.DUP.SHARED: duplicates share the offset', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY, 19);
      call(p, 'dup', { r: 19 });
      p.keep(21);
      cat(p, 19, 3);
      call(p, 'lseek', { r: 21 }, 0, SEEK.CUR);
      cat(p, 21, 3);
    });
    expect(r.rets('lseek')).toEqual([3n]);
    expect(r.out).toBe(MOTD_TEXT.slice(0, 6));
  });

  it('FS.LSEEK.SHARED / FD.INHERIT.FORK: a forked child moves the parent\'s offset', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY, 19);
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'read', { r: 19 }, p.space(8), 7);
      p.exit(0);
      p.a.bind(parent);
      call(p, 'waitpid', -1, 0, 0);
      call(p, 'lseek', { r: 19 }, 0, SEEK.CUR);
      cat(p, 19, 4);
    });
    expect(r.rets('read', 2)).toEqual([7n]);
    expect(r.rets('lseek')).toEqual([7n]);
    expect(r.out).toBe(MOTD_TEXT.slice(7, 11));
  });
});

describe('stat and fstat', () => {
  it('FS.STAT.RECORD / FS.STAT.OWNER / FS.STAT.EXECBIN: base-image files report type, stored bits, owner 1, size and boot mtime', () => {
    const r = go((p) => {
      statOut(p, '/etc/motd');
      statOut(p, '/etc/swos/passwd');
      statOut(p, '/tmp');
      statOut(p, '/dev/null');
    });
    expect(r.rets('stat')).toEqual([0n, 0n, 0n, 0n]);
    const [motd, passwd, tmp, devnull] = [0, 32, 64, 96].map((o) => statAt(r.console, o));
    expect(motd).toEqual({ st_mode: S.IFREG | 0o644, st_uid: 1, st_size: BigInt(MOTD_TEXT.length), st_gid: 1, st_nlink: 1, st_mtime: BigInt(EPOCH) });
    expect(passwd!['st_mode']).toBe(S.IFREG | 0o600);
    expect(passwd!['st_size']).toBe(BigInt(PASSWD_TEXT.length));
    expect(tmp!['st_mode']).toBe(S.IFDIR | 0o1777);
    expect(tmp!['st_size']).toBe(0n);
    expect(devnull!['st_mode']).toBe(S.IFCHR | 0o666);
  });

  it('FS.STAT.NOCAP: stat needs no capability', () => {
    const r = go((p) => statOut(p, '/etc/hostname'), { identity: NOCAPS });
    expect(r.rets('stat')).toEqual([0n]);
    expect(statAt(r.console)['st_size']).toBe(BigInt(HOSTNAME_TEXT.length));
  });

  it('stat errors: ENOENT, ENOTDIR, EACCES (confined), EFAULT, ENAMETOOLONG', () => {
    const r = go((p) => {
      call(p, 'stat', p.str('/nope'), p.space(32));
      call(p, 'stat', p.str('/etc/motd/'), p.space(32));
      call(p, 'stat', p.str('/etc/motd'), 0x10);
      call(p, 'stat', p.str('/' + 'x'.repeat(4095)), p.space(32));
      call(p, 'confine', p.str('/tmp'));
      call(p, 'stat', p.str('/etc/motd'), p.space(32));
    });
    expect(r.rets('stat')).toEqual([e('ENOENT'), e('ENOTDIR'), e('EFAULT'), e('ENAMETOOLONG'), e('EACCES')]);
    expect(r.clauses('stat')).toEqual(['FS.PATH.NOENT', 'FS.PATH.TRAILSLASH', 'ABI.FAULT', 'ABI.STRING.TOOLONG', 'FS.CONFINE.DENY']);
  });

  it('FS.STAT.RECORD: fstat of a file reports its node like stat does', () => {
    const r = go((p) => {
      open(p, '/etc/hostname', O.RDONLY, 19);
      fstatOut(p, 19);
      statOut(p, '/etc/hostname');
    });
    expect(r.rets('fstat')).toEqual([0n]);
    expect(r.console.subarray(0, 32)).toEqual(r.console.subarray(32, 64));
  });

  it('FD.FSTAT.KINDS: the console is S_IFCHR|0666 and a pipe S_IFIFO|0666, size 0, owned by the caller, mtime now', () => {
    const r = go((p) => {
      fstatOut(p, { fd: 0 });
      call(p, 'pipe', p.space(8));
      fstatOut(p, { fd: 3 });
      fstatOut(p, { fd: 4 });
    }, { identity: USER });
    expect(r.rets('fstat')).toEqual([0n, 0n, 0n]);
    expect(r.clauses('fstat')).toEqual(['FD.FSTAT.KINDS', 'FD.FSTAT.KINDS', 'FD.FSTAT.KINDS']);
    const common = { st_uid: USER.principal, st_gid: USER.principal, st_size: 0n, st_nlink: 1, st_mtime: BigInt(EPOCH) };
    expect(statAt(r.console, 0)).toEqual({ st_mode: S.IFCHR | 0o666, ...common });
    expect(statAt(r.console, 32)).toEqual({ st_mode: S.IFIFO | 0o666, ...common });
    expect(statAt(r.console, 64)).toEqual({ st_mode: S.IFIFO | 0o666, ...common });
  });

  it('fstat errors: EBADF, EFAULT, EACCES without GETATTR (FD.RIGHTS.MISSING)', () => {
    const r = go((p) => {
      call(p, 'fstat', 33, p.space(32));
      call(p, 'fstat', 0, 0x10);
      call(p, 'fstat', 9, p.space(32));
    }, {
      setup: (k) => {
        const of = k.vfs.open('/etc/motd', O.RDONLY, 0, k.caller(k.init!));
        if (!of.ok) throw new Error('setup');
        k.handles(k.init!).installAt(9, { object: new FileObject(of.value), rights: rightsMask(['READ']), cloexec: false });
      },
    });
    expect(r.rets('fstat')).toEqual([e('EBADF'), e('EFAULT'), e('EACCES')]);
    expect(r.clauses('fstat')).toEqual(['FD.BADF', 'ABI.FAULT', 'FD.RIGHTS.MISSING']);
  });
});

describe('getdents', () => {
  it('FS.DIRENT.RECORD / FS.GETDENTS.RECORDS / FS.GETDENTS.NODOTS / FS.GETDENTS.DTYPE: the root lists the image directories then the mount points', () => {
    const r = go((p) => {
      open(p, '/', O.RDONLY, 19);
      const buf = p.space(1024);
      call(p, 'getdents', { r: 19 }, buf, 1024);
      p.keep(20);
      call(p, 'write', 1, buf, { r: 20 });
      call(p, 'getdents', { r: 19 }, buf, 1024);
    });
    // Image order decided in vfs/README.md: base directories, then dev, proc, tmp, net.
    const top = [...new Set(BASE_DIRECTORIES.map((d) => d.split('/')[1]!))];
    const expected = [...top, 'dev', 'proc', 'tmp', 'net'];
    // /data is a mount point only on a machine booted with it (FS.DATA.MACHINE).
    expect([...expected].sort()).toEqual([...top, ...MOUNT_POINTS.filter((m) => m !== '/data').map((m) => m.slice(1))].sort());
    const recs = decodeRecords(layout('dirent'), r.console);
    expect(direntNames(r.console)).toEqual(expected);
    expect(recs.map((x) => x['d_type'])).toEqual(expected.map(() => DT_DIR));
    expect(recs.map((x) => x['d_off'])).toEqual(expected.map((_, i) => BigInt(i + 1)));
    expect(recs.map((x) => x['d_reclen'])).toEqual(expected.map((n) => (19 + n.length + 1 + 7) & ~7));
    expect(r.rets('getdents')).toEqual([BigInt(r.console.length), 0n]);
    expect(r.clauses('getdents')).toEqual(['FS.GETDENTS.RECORDS', 'FS.GETDENTS.END']);
  });

  it('FS.GETDENTS.DTYPE: /dev nodes are DT_CHR, tmpfs files DT_REG, in creation order; whole records only', () => {
    const r = go((p) => {
      open(p, '/tmp/zeta', O.CREAT | O.WRONLY);
      call(p, 'mkdir', p.str('/tmp/alpha'), 0);
      open(p, '/dev', O.RDONLY, 19);
      const buf = p.space(1024);
      call(p, 'getdents', { r: 19 }, buf, 1024);
      p.keep(20);
      call(p, 'write', 1, buf, { r: 20 });
      open(p, '/tmp', O.RDONLY, 19);
      call(p, 'getdents', { r: 19 }, buf, 30);
      p.keep(20);
      call(p, 'write', 1, buf, { r: 20 });
    });
    const [dev, tmpFirst] = r.rets('getdents').map(Number);
    const devRecs = decodeRecords(layout('dirent'), r.console.subarray(0, dev));
    expect(direntNames(r.console.subarray(0, dev))).toEqual([...DEVICES]);
    expect(devRecs.map((x) => x['d_type'])).toEqual(DEVICES.map(() => DT_CHR));
    // "zeta" needs a 24-byte record, so 30 bytes hold only it.
    expect(tmpFirst).toBe(24);
    const tmpRecs = decodeRecords(layout('dirent'), r.console.subarray(dev));
    expect(direntNames(r.console.subarray(dev))).toEqual(['zeta']);
    expect(tmpRecs[0]!['d_type']).toBe(DT_REG);
  });

  it('FS.GETDENTS.SMALL / FD.KIND.WRONG / ABI.FAULT: too small a buffer fails EINVAL, a file ENOTDIR, a bad buffer EFAULT', () => {
    const r = go((p) => {
      open(p, '/etc', O.RDONLY, 19);
      call(p, 'getdents', { r: 19 }, p.space(16), 16);
      open(p, '/etc/motd', O.RDONLY, 20);
      call(p, 'getdents', { r: 20 }, p.space(64), 64);
      call(p, 'getdents', { r: 19 }, 0x10, 64);
      call(p, 'getdents', 0, p.space(64), 64);
    });
    expect(r.rets('getdents')).toEqual([e('EINVAL'), e('ENOTDIR'), e('EFAULT'), e('ENOTDIR')]);
    expect(r.clauses('getdents')).toEqual(['FS.GETDENTS.SMALL', 'FD.KIND.WRONG', 'ABI.FAULT', 'FD.KIND.WRONG']);
  });
});

describe('chdir and getcwd', () => {
  it('FS.GETCWD.RETURN / FS.GETCWD.PATH / FS.CHDIR.SET: getcwd writes the path and a NUL and returns its length', () => {
    const r = go((p) => {
      const buf = p.space(64);
      call(p, 'getcwd', buf, 64);
      call(p, 'write', 1, buf, 2);
      call(p, 'chdir', p.str('/etc/swos'));
      call(p, 'getcwd', buf, 64);
      call(p, 'write', 1, buf, 10);
      call(p, 'chdir', p.str('..'));
      call(p, 'getcwd', buf, 5);
      call(p, 'write', 1, buf, 5);
    });
    expect(r.rets('chdir')).toEqual([0n, 0n]);
    expect(r.rets('getcwd')).toEqual([1n, 9n, 4n]);
    expect(r.out).toBe('/\0/etc/swos\0/etc\0');
  });

  it('FS.GETCWD.RANGE / ABI.LENGTH.BOUNDS / ABI.FAULT: getcwd with too small a buffer fails ERANGE, size 0 EINVAL', () => {
    const r = go((p) => {
      call(p, 'chdir', p.str('/etc'));
      call(p, 'getcwd', p.space(8), 4);
      call(p, 'getcwd', p.space(8), 0);
      call(p, 'getcwd', 0x10, 8);
    });
    expect(r.rets('getcwd')).toEqual([e('ERANGE'), e('EINVAL'), e('EFAULT')]);
    expect(r.clauses('getcwd')).toEqual(['FS.GETCWD.RANGE', 'ABI.LENGTH.BOUNDS', 'ABI.FAULT']);
  });

  it('FS.CHDIR.NOTDIR / FS.PATH.NOENT / FS.CONFINE.DENY: chdir errors leave the cwd', () => {
    const r = go((p) => {
      call(p, 'chdir', p.str('/etc/motd'));
      call(p, 'chdir', p.str('/nope'));
      call(p, 'confine', p.str('/tmp'));
      call(p, 'chdir', p.str('/etc'));
      call(p, 'getcwd', p.space(16), 16);
    });
    expect(r.rets('chdir')).toEqual([e('ENOTDIR'), e('ENOENT'), e('EACCES')]);
    expect(r.clauses('chdir')).toEqual(['FS.CHDIR.NOTDIR', 'FS.PATH.NOENT', 'FS.CONFINE.DENY']);
    expect(r.rets('getcwd')).toEqual([4n]);
  });

  it('FS.CHDIR.SET: a forked child starts in its parent\'s directory', () => {
    const r = go((p) => {
      call(p, 'chdir', p.str('/etc/swos'));
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'getcwd', p.space(32), 32);
      p.exit(0);
      p.a.bind(parent);
      call(p, 'waitpid', -1, 0, 0);
    });
    expect(r.rets('getcwd', 2)).toEqual([9n]);
  });
});

describe('path mutations', () => {
  it('FS.MUTATE.CAP: unlink, rename, mkdir, rmdir, chmod and chown need capTmpWrite', () => {
    const r = go((p) => {
      call(p, 'unlink', p.str('/tmp/x'));
      call(p, 'rename', p.str('/tmp/x'), p.str('/tmp/y'));
      call(p, 'mkdir', p.str('/tmp/d'), 0o755);
      call(p, 'rmdir', p.str('/tmp/d'));
      call(p, 'chmod', p.str('/tmp'), 0o755);
      call(p, 'chown', p.str('/tmp'), 2);
    }, { identity: READER });
    for (const name of ['unlink', 'rename', 'mkdir', 'rmdir', 'chmod', 'chown']) {
      expect(r.rets(name), name).toEqual([e('EACCES')]);
      expect(r.clauses(name), name).toEqual(['FS.MUTATE.CAP']);
    }
  });

  it('FS.MUTATE.WRITABLE / FS.BASE.ERRNO: mutations of the base image fail EROFS, even for root', () => {
    const r = go((p) => {
      call(p, 'unlink', p.str('/etc/motd'));
      call(p, 'rename', p.str('/etc/motd'), p.str('/tmp/motd'));
      call(p, 'mkdir', p.str('/etc/new'), 0o755);
      call(p, 'rmdir', p.str('/etc/swos'));
      call(p, 'chmod', p.str('/etc/motd'), 0o777);
      call(p, 'chown', p.str('/etc/motd'), 2);
      statOut(p, '/etc/motd');
    }, { identity: ROOT });
    for (const name of ['unlink', 'rename', 'mkdir', 'rmdir', 'chmod', 'chown']) {
      expect(r.rets(name), name).toEqual([e('EROFS')]);
      expect(r.clauses(name), name).toEqual(['FS.BASE.ERRNO']);
    }
    expect(statAt(r.console)).toMatchObject({ st_mode: S.IFREG | 0o644, st_uid: 1 });
  });

  it('FS.MKDIR.EXISTS / FS.OPEN.MODE / FS.TMPFS.OWNER: mkdir makes a 0755 directory owned by the caller; existing paths fail EEXIST', () => {
    const r = go((p) => {
      call(p, 'mkdir', p.str('/tmp/d'), 0o700);
      statOut(p, '/tmp/d');
      call(p, 'mkdir', p.str('/tmp/d'), 0);
      call(p, 'mkdir', p.str('/'), 0);
      call(p, 'mkdir', p.str('/etc/motd'), 0);
    }, { identity: USER });
    expect(r.rets('mkdir')).toEqual([0n, e('EEXIST'), e('EEXIST'), e('EEXIST')]);
    expect(statAt(r.console)).toMatchObject({ st_mode: S.IFDIR | 0o755, st_uid: USER.principal, st_size: 0n });
  });

  it('mkdir errors: ENOENT, ENOTDIR, EACCES when confined', () => {
    const r = go((p) => {
      call(p, 'mkdir', p.str('/tmp/a/b'), 0);
      call(p, 'mkdir', p.str('/etc/motd/b'), 0);
      call(p, 'mkdir', p.str('/tmp/c'), 0);
      call(p, 'confine', p.str('/tmp/c'));
      call(p, 'mkdir', p.str('/tmp/e'), 0);
      call(p, 'mkdir', p.str('/tmp/c/e'), 0);
    });
    expect(r.rets('mkdir')).toEqual([e('ENOENT'), e('ENOTDIR'), 0n, e('EACCES'), 0n]);
    expect(r.clauses('mkdir').slice(0, 2)).toEqual(['FS.PATH.NOENT', 'FS.PATH.NOTDIR']);
  });

  it('FS.RMDIR.NOTEMPTY / FS.RMDIR.ROOT / FS.RMDIR.NOTDIR: rmdir removes only empty tmpfs directories', () => {
    const r = go((p) => {
      call(p, 'mkdir', p.str('/tmp/d'), 0);
      open(p, '/tmp/d/f', O.CREAT | O.WRONLY);
      call(p, 'rmdir', p.str('/tmp/d'));
      call(p, 'rmdir', p.str('/'));
      call(p, 'rmdir', p.str('/tmp'));
      call(p, 'rmdir', p.str('/dev'));
      call(p, 'rmdir', p.str('/tmp/d/f'));
      call(p, 'rmdir', p.str('/tmp/none'));
      call(p, 'unlink', p.str('/tmp/d/f'));
      call(p, 'rmdir', p.str('/tmp/d'));
      call(p, 'stat', p.str('/tmp/d'), p.space(32));
    });
    expect(r.rets('rmdir')).toEqual([e('ENOTEMPTY'), e('EBUSY'), e('EBUSY'), e('EBUSY'), e('ENOTDIR'), e('ENOENT'), 0n]);
    expect(r.clauses('rmdir').slice(0, 5)).toEqual(['FS.RMDIR.NOTEMPTY', 'FS.RMDIR.ROOT', 'FS.RMDIR.ROOT', 'FS.RMDIR.ROOT', 'FS.RMDIR.NOTDIR']);
    expect(r.rets('stat')).toEqual([e('ENOENT')]);
  });

  it('rmdir and unlink: EACCES when confined, ENOTDIR through a file', () => {
    const r = go((p) => {
      call(p, 'mkdir', p.str('/tmp/in'), 0);
      call(p, 'mkdir', p.str('/tmp/out'), 0);
      open(p, '/tmp/f', O.CREAT | O.WRONLY);
      call(p, 'unlink', p.str('/tmp/f/x'));
      call(p, 'rmdir', p.str('/tmp/f/x'));
      call(p, 'confine', p.str('/tmp/in'));
      call(p, 'rmdir', p.str('/tmp/out'));
      call(p, 'unlink', p.str('/tmp/f'));
    });
    expect(r.rets('unlink')).toEqual([e('ENOTDIR'), e('EACCES')]);
    expect(r.rets('rmdir')).toEqual([e('ENOTDIR'), e('EACCES')]);
    expect(r.clauses('unlink')[1]).toBe('FS.CONFINE.DENY');
  });

  it('FS.UNLINK.DIR / FS.PATH.NOENT: unlink of a directory fails EISDIR, of a missing name ENOENT; a file goes away', () => {
    const r = go((p) => {
      call(p, 'mkdir', p.str('/tmp/d'), 0);
      open(p, '/tmp/f', O.CREAT | O.WRONLY);
      call(p, 'unlink', p.str('/tmp/d'));
      call(p, 'unlink', p.str('/tmp/none'));
      call(p, 'unlink', p.str('/tmp/f'));
      call(p, 'stat', p.str('/tmp/f'), p.space(32));
    });
    expect(r.rets('unlink')).toEqual([e('EISDIR'), e('ENOENT'), 0n]);
    expect(r.clauses('unlink').slice(0, 2)).toEqual(['FS.UNLINK.DIR', 'FS.PATH.NOENT']);
    expect(r.rets('stat')).toEqual([e('ENOENT')]);
  });

  it('FS.RENAME.REPLACE / FS.RENAME.SAME: rename moves an entry and replaces a same-type target; onto itself it does nothing', () => {
    const r = go((p) => {
      open(p, '/tmp/a', O.CREAT | O.WRONLY, 19);
      put(p, 19, 'AAA');
      open(p, '/tmp/b', O.CREAT | O.WRONLY, 19);
      put(p, 19, 'B');
      call(p, 'rename', p.str('/tmp/a'), p.str('/tmp/b'));
      call(p, 'rename', p.str('/tmp/b'), p.str('/tmp/b'));
      call(p, 'rename', p.str('/tmp/b'), p.str('/tmp/c'));
      call(p, 'stat', p.str('/tmp/a'), p.space(32));
      call(p, 'stat', p.str('/tmp/b'), p.space(32));
      open(p, '/tmp/c', O.RDONLY, 20);
      cat(p, 20);
    });
    expect(r.rets('rename')).toEqual([0n, 0n, 0n]);
    expect(r.clauses('rename')).toEqual(['FS.RENAME.REPLACE', 'FS.RENAME.SAME', null]);
    expect(r.rets('stat')).toEqual([e('ENOENT'), e('ENOENT')]);
    expect(r.out).toBe('AAA');
  });

  it('FS.RENAME.TYPE / FS.RENAME.SUBTREE / FS.RENAME.NOTEMPTY / FS.RENAME.ROOT: rename errors', () => {
    const r = go((p) => {
      call(p, 'mkdir', p.str('/tmp/d'), 0);
      call(p, 'mkdir', p.str('/tmp/full'), 0);
      open(p, '/tmp/full/x', O.CREAT | O.WRONLY);
      open(p, '/tmp/f', O.CREAT | O.WRONLY);
      call(p, 'rename', p.str('/tmp/f'), p.str('/tmp/d'));
      call(p, 'rename', p.str('/tmp/d'), p.str('/tmp/f'));
      call(p, 'rename', p.str('/tmp/d'), p.str('/tmp/d/sub'));
      call(p, 'rename', p.str('/tmp/d'), p.str('/tmp/full'));
      call(p, 'rename', p.str('/tmp'), p.str('/tmp2'));
      call(p, 'rename', p.str('/tmp/none'), p.str('/tmp/z'));
      call(p, 'rename', p.str('/tmp/f/x'), p.str('/tmp/z'));
      call(p, 'confine', p.str('/tmp/d'));
      call(p, 'rename', p.str('/tmp/f'), p.str('/tmp/d/f'));
    });
    expect(r.rets('rename')).toEqual([
      e('EISDIR'), e('ENOTDIR'), e('EINVAL'), e('ENOTEMPTY'), e('EBUSY'), e('ENOENT'), e('ENOTDIR'), e('EACCES'),
    ]);
    expect(r.clauses('rename')).toEqual([
      'FS.RENAME.TYPE', 'FS.RENAME.TYPE', 'FS.RENAME.SUBTREE', 'FS.RENAME.NOTEMPTY', 'FS.RENAME.ROOT', 'FS.PATH.NOENT', 'FS.PATH.NOTDIR', 'FS.CONFINE.DENY',
    ]);
  });

  it('FS.CHMOD.BITS / SEC.SETUID.TMPFS: chmod stores mode & 07777 (the setuid bit is stored on tmpfs)', () => {
    const r = go((p) => {
      open(p, '/tmp/f', O.CREAT | O.WRONLY);
      call(p, 'chmod', p.str('/tmp/f'), 0o174755);
      statOut(p, '/tmp/f');
      call(p, 'chmod', p.str('/tmp/none'), 0);
      call(p, 'chmod', p.str('/tmp/f/x'), 0);
      call(p, 'confine', p.str('/tmp'));
      call(p, 'chmod', p.str('/etc/motd'), 0);
    });
    expect(r.rets('chmod')).toEqual([0n, e('ENOENT'), e('ENOTDIR'), e('EACCES')]);
    expect(r.clauses('chmod')[0]).toBe('FS.CHMOD.BITS');
    expect(statAt(r.console)['st_mode']).toBe(S.IFREG | 0o4755);
  });

  it('FS.CHOWN.OWNER: chown stores any 32-bit owner unchecked', () => {
    const r = go((p) => {
      call(p, 'mkdir', p.str('/tmp/d'), 0);
      call(p, 'chown', p.str('/tmp/d'), 0xdead_beef);
      statOut(p, '/tmp/d');
      call(p, 'chown', p.str('/tmp/none'), 0);
      call(p, 'chown', p.str('/etc/motd/x'), 0);
      call(p, 'confine', p.str('/tmp/d'));
      call(p, 'chown', p.str('/tmp'), 0);
    });
    expect(r.rets('chown')).toEqual([0n, e('ENOENT'), e('ENOTDIR'), e('EACCES')]);
    expect(r.clauses('chown')[0]).toBe('FS.CHOWN.OWNER');
    expect(statAt(r.console)).toMatchObject({ st_uid: 0xdead_beef, st_gid: 0xdead_beef });
  });
});

describe('ftruncate, fsync, sync', () => {
  it('FS.TRUNCATE.SHRINK / FS.TRUNCATE.GROW: the tail goes, growth reads as zeros, the offset stays', () => {
    const r = go((p) => {
      open(p, '/tmp/t', O.CREAT | O.RDWR, 19);
      put(p, 19, 'abcdef');
      call(p, 'ftruncate', { r: 19 }, 2);
      call(p, 'lseek', { r: 19 }, 0, SEEK.CUR);
      call(p, 'ftruncate', { r: 19 }, 5);
      call(p, 'lseek', { r: 19 }, 0, SEEK.SET);
      cat(p, 19);
    });
    expect(r.rets('ftruncate')).toEqual([0n, 0n]);
    expect(r.clauses('ftruncate')).toEqual(['FS.TRUNCATE.SHRINK', 'FS.TRUNCATE.GROW']);
    expect(r.rets('lseek')).toEqual([6n, 0n]);
    expect(r.out).toBe('ab\0\0\0');
  });

  it('FS.TRUNCATE.LIMIT: growing past the per-file limit fails EFBIG, past the filesystem ENOSPC', () => {
    const r = go((p) => {
      open(p, '/tmp/t', O.CREAT | O.RDWR, 19);
      call(p, 'ftruncate', { r: 19 }, (8 << 20) + 1);
      call(p, 'ftruncate', { r: 19 }, 2n ** 62n);
      for (let i = 0; i < 4; i++) {
        open(p, `/tmp/fill${i}`, O.CREAT | O.RDWR, 20);
        call(p, 'ftruncate', { r: 20 }, 8 << 20);
      }
      call(p, 'ftruncate', { r: 19 }, 1);
    });
    expect(r.rets('ftruncate')).toEqual([e('EFBIG'), e('EFBIG'), 0n, 0n, 0n, 0n, e('ENOSPC')]);
    expect(r.clauses('ftruncate')[6]).toBe('FS.TMPFS.FULL');
  });

  it('ftruncate errors: EBADF without WRITE, EINVAL for a directory, a pipe or a negative length', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY, 19);
      call(p, 'ftruncate', { r: 19 }, 0);
      open(p, '/tmp', O.RDONLY, 19);
      call(p, 'ftruncate', { r: 19 }, 0);
      open(p, '/tmp/t', O.CREAT | O.RDWR, 19);
      call(p, 'ftruncate', { r: 19 }, -1);
      call(p, 'ftruncate', 77, 0);
    });
    expect(r.rets('ftruncate')).toEqual([e('EBADF'), e('EINVAL'), e('EINVAL'), e('EBADF')]);
    expect(r.clauses('ftruncate')).toEqual(['FD.RIGHTS.MISSING', 'FD.KIND.WRONG', 'ABI.INT.RANGE', 'FD.BADF']);
  });

  it('FS.FSYNC.OTHER / FS.SYNC.ALL: fsync of any handle and sync succeed and are recorded', () => {
    const r = go((p) => {
      open(p, '/tmp/s', O.CREAT | O.RDWR, 19);
      call(p, 'fsync', { r: 19 });
      call(p, 'fsync', 0);
      call(p, 'fsync', 55);
      call(p, 'sync');
    });
    expect(r.rets('fsync')).toEqual([0n, 0n, e('EBADF')]);
    expect(r.clauses('fsync').slice(0, 2)).toEqual(['FS.FSYNC.OTHER', 'FS.FSYNC.OTHER']);
    expect(r.rets('sync')).toEqual([0n]);
    expect(r.clauses('sync')).toEqual(['FS.SYNC.ALL']);
    expect(r.kernel.vfs.syncLog.map((s) => s.op)).toEqual(['fsync', 'sync']);
  });
});

describe('confine', () => {
  it('FS.CONFINE.SUBTREE / SEC.CONFINE.NARROW: confine narrows the process to a subtree, needing no capability', () => {
    const r = go((p) => {
      call(p, 'confine', p.str('/etc'));
      call(p, 'stat', p.str('/etc/motd'), p.space(32));
      call(p, 'stat', p.str('/tmp'), p.space(32));
      call(p, 'confine', p.str('/etc/swos'));
      call(p, 'stat', p.str('/etc/motd'), p.space(32));
    }, { identity: NOCAPS });
    expect(r.rets('confine')).toEqual([0n, 0n]);
    expect(r.clauses('confine')).toEqual(['SEC.CONFINE.CWD', 'SEC.CONFINE.CWD']);
    expect(r.rets('stat')).toEqual([0n, e('EACCES'), e('EACCES')]);
  });

  it('SEC.CONFINE.WIDEN / SEC.CONFINE.WIDEN.ERRNO: a confined process cannot widen its root', () => {
    const r = go((p) => {
      call(p, 'confine', p.str('/tmp'));
      call(p, 'confine', p.str('/'));
      call(p, 'confine', p.str('/etc'));
      call(p, 'confine', p.str('/tmp/..'));
      call(p, 'confine', p.str('/tmp'));
    });
    expect(r.rets('confine')).toEqual([0n, e('EACCES'), e('EACCES'), e('EACCES'), 0n]);
    expect(r.clauses('confine').slice(1, 4)).toEqual(Array(3).fill('SEC.CONFINE.WIDEN.ERRNO'));
  });

  it('SEC.CONFINE.CWD: a cwd outside the new root moves to it; one inside stays', () => {
    const r = go((p) => {
      const buf = p.space(32);
      call(p, 'confine', p.str('/etc'));
      call(p, 'getcwd', buf, 32);
      call(p, 'write', 1, buf, 5);
      call(p, 'chdir', p.str('/etc/swos'));
      call(p, 'confine', p.str('/etc'));
      call(p, 'getcwd', buf, 32);
      call(p, 'write', 1, buf, 10);
    });
    expect(r.clauses('confine')).toEqual(['SEC.CONFINE.CWD', 'SEC.CONFINE.NARROW']);
    expect(r.out).toBe('/etc\0/etc/swos\0');
  });

  it('SEC.CONFINE.NOTDIR / FS.PATH.NOENT: confine of a file fails ENOTDIR, of a missing path ENOENT', () => {
    const r = go((p) => {
      call(p, 'confine', p.str('/etc/motd'));
      call(p, 'confine', p.str('/nope'));
      call(p, 'stat', p.str('/tmp'), p.space(32));
    });
    expect(r.rets('confine')).toEqual([e('ENOTDIR'), e('ENOENT')]);
    expect(r.clauses('confine')).toEqual(['SEC.CONFINE.NOTDIR', 'FS.PATH.NOENT']);
    expect(r.rets('stat')).toEqual([0n]);
  });

  it('SEC.CONFINE.INHERIT: a forked child stays confined', () => {
    const r = go((p) => {
      call(p, 'confine', p.str('/tmp'));
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      open(p, '/etc/motd', O.RDONLY);
      call(p, 'confine', p.str('/'));
      p.exit(0);
      p.a.bind(parent);
      call(p, 'waitpid', -1, 0, 0);
    });
    expect(r.rets('open', 2)).toEqual([e('EACCES')]);
    expect(r.rets('confine', 2)).toEqual([e('EACCES')]);
  });
});

describe('count 0 on pipes (FD.READ.ZERO, FD.WRITE.ZERO)', () => {
  const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');

  it('FD.READ.ZERO: a 0-byte read on an empty blocking pipe returns 0 at once (it does not wait for a writer)', () => {
    const r = go((p) => {
      call(p, 'pipe', p.space(8));
      call(p, 'read', 3, 0, 0);
    });
    expect(r.rets('read')).toEqual([0n]);
    expect(r.clauses('read')).toEqual(['FD.READ.ZERO']);
  });

  it('FD.WRITE.ZERO: a 0-byte write to a pipe whose read end is closed returns 0; no EPIPE, no SIGPIPE', () => {
    let pending: boolean | null = null;
    const r = go((p) => {
      call(p, 'pipe', p.space(8));
      call(p, 'close', 3);
      call(p, 'write', 4, 0, 0);
    }, { after: (ev, k) => { if (ev.name === 'write') pending = k.init!.signals.isPending(SIGPIPE); } });
    expect(r.rets('write')).toEqual([0n]);
    expect(r.clauses('write')).toEqual(['FD.WRITE.ZERO']);
    expect(pending).toBe(false);
  });
});
