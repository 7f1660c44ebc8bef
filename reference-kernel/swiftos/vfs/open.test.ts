import { describe, expect, it } from 'vitest';
import { GUEST, makeVfs, must, O_APPEND, O_CLOEXEC, O_CREAT, O_NONBLOCK, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, READER, ROOT, USER, WRITER, bytes, readAll, str, writeFile } from './vfs.testkit.js';

const fail = (errno: string, clause: string) => ({ ok: false, errno, clause });

describe('open: flags and capabilities', () => {
  const { vfs } = makeVfs();
  writeFile(vfs, '/tmp/f', 'data');

  it('ABI.FLAGS.UNKNOWN: bits outside OPEN_FLAGS fail EINVAL', () => {
    expect(vfs.open('/etc/motd', 0x8, 0, ROOT)).toEqual(fail('EINVAL', 'ABI.FLAGS.UNKNOWN'));
  });
  it('FS.OPEN.ACCMODE: access mode 3 fails EINVAL', () => {
    expect(vfs.open('/etc/motd', 3, 0, ROOT)).toEqual(fail('EINVAL', 'FS.OPEN.ACCMODE'));
  });
  it('FS.OPEN.CAP.READ: reading without capFsRead fails EACCES (before resolution)', () => {
    expect(vfs.open('/etc/motd', O_RDONLY, 0, GUEST)).toEqual(fail('EACCES', 'FS.OPEN.CAP.READ'));
    expect(vfs.open('/nope', O_RDONLY, 0, GUEST)).toEqual(fail('EACCES', 'FS.OPEN.CAP.READ'));
    expect(vfs.open('/tmp/f', O_RDWR, 0, WRITER)).toEqual(fail('EACCES', 'FS.OPEN.CAP.READ'));
    expect(vfs.open('/tmp/f', O_WRONLY, 0, WRITER).ok).toBe(true);
  });
  it('FS.OPEN.CAP.WRITE: writing, creating or truncating without capTmpWrite fails EACCES', () => {
    expect(vfs.open('/tmp/f', O_WRONLY, 0, READER)).toEqual(fail('EACCES', 'FS.OPEN.CAP.WRITE'));
    expect(vfs.open('/tmp/f', O_RDONLY | O_TRUNC, 0, READER)).toEqual(fail('EACCES', 'FS.OPEN.CAP.WRITE'));
    expect(vfs.open('/tmp/f', O_RDONLY | O_CREAT, 0, READER)).toEqual(fail('EACCES', 'FS.OPEN.CAP.WRITE'));
    expect(vfs.open('/tmp/f', O_RDONLY, 0, READER).ok).toBe(true);
  });
  it('FS.BASE.READONLY / FS.BASE.ERRNO: write access to a base file fails EROFS even for root, after the capability check', () => {
    for (const flags of [O_WRONLY, O_RDWR, O_RDONLY | O_TRUNC]) expect(vfs.open('/etc/motd', flags, 0, ROOT)).toEqual(fail('EROFS', 'FS.BASE.ERRNO'));
    expect(vfs.open('/etc/new', O_WRONLY | O_CREAT, 0, ROOT)).toEqual(fail('EROFS', 'FS.BASE.ERRNO'));
    expect(vfs.open('/etc/motd', O_WRONLY, 0, READER)).toEqual(fail('EACCES', 'FS.OPEN.CAP.WRITE'));
    expect(vfs.open('/etc/motd', O_RDONLY | O_CREAT, 0, ROOT).ok).toBe(true);
  });
  it('FS.OPEN.DIR.WRITE: directories open read-only; write access, O_TRUNC or O_CREAT fail EISDIR', () => {
    const d = must(vfs.open('/tmp', O_RDONLY, 0, USER));
    expect(d.handleKind).toBe('directory');
    for (const flags of [O_WRONLY, O_RDWR, O_RDONLY | O_TRUNC, O_RDONLY | O_CREAT]) expect(vfs.open('/tmp', flags, 0, ROOT)).toEqual(fail('EISDIR', 'FS.OPEN.DIR.WRITE'));
    expect(vfs.open('/etc', O_WRONLY, 0, ROOT)).toEqual(fail('EISDIR', 'FS.OPEN.DIR.WRITE'));
  });
  it('FS.PATH.NOENT: a missing file without O_CREAT fails ENOENT; O_CREAT under a missing directory too', () => {
    expect(vfs.open('/tmp/none', O_RDONLY, 0, USER)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
    expect(vfs.open('/tmp/none/x', O_RDWR | O_CREAT, 0, USER)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
    expect(vfs.open('/tmp/f/x', O_RDWR | O_CREAT, 0, USER)).toEqual(fail('ENOTDIR', 'FS.PATH.NOTDIR'));
  });
  it('FS.PATH.TRAILSLASH: O_CREAT of a missing name with a trailing slash fails EISDIR', () => {
    expect(vfs.open('/tmp/newdir/', O_RDWR | O_CREAT, 0, USER)).toEqual(fail('EISDIR', 'FS.PATH.TRAILSLASH'));
  });
  it('FS.OPEN.NONBLOCK / FS.OPEN.APPEND: status flags are kept; O_CLOEXEC and the access mode are not', () => {
    const f = must(vfs.open('/tmp/f', O_RDWR | O_APPEND | O_NONBLOCK | O_CLOEXEC, 0, USER));
    expect(f.statusFlags).toBe(O_APPEND | O_NONBLOCK);
    expect([f.readable, f.writable]).toEqual([true, true]);
  });
});

describe('open: creation and truncation', () => {
  it('FS.OPEN.CREAT / FS.OPEN.MODE / FS.TMPFS.OWNER: new files are 0644, owned by the caller, stamped with the clock', () => {
    const { vfs, tick } = makeVfs({ t0: 1000 });
    tick(7);
    const r = vfs.open('/tmp/n', O_WRONLY | O_CREAT, 0o777, USER);
    expect(r.ok && r.clause).toBe('FS.OPEN.CREAT');
    expect(must(vfs.stat('/tmp/n', USER))).toEqual({ st_mode: 0x8000 | 0o644, st_uid: 2, st_gid: 2, st_size: 0n, st_nlink: 1, st_mtime: 1007n });
    expect(must(vfs.stat('/tmp', USER)).st_mtime).toBe(1007n);
  });
  it('FS.OPEN.TRUNC: O_TRUNC empties a tmpfs file; O_CREAT on an existing file keeps it', () => {
    const { vfs } = makeVfs();
    writeFile(vfs, '/tmp/f', 'abcdef');
    must(vfs.open('/tmp/f', O_WRONLY | O_CREAT, 0, USER)).close();
    expect(readAll(vfs, '/tmp/f')).toBe('abcdef');
    const r = vfs.open('/tmp/f', O_WRONLY | O_TRUNC, 0, USER);
    expect(r.ok && r.clause).toBe('FS.OPEN.TRUNC');
    expect(readAll(vfs, '/tmp/f')).toBe('');
  });
  it('FS.TMPFS.FULL: creating beyond the node limit fails ENOSPC', () => {
    const { vfs } = makeVfs({ limits: { maxNodes: 2 } });
    must(vfs.open('/tmp/a', O_WRONLY | O_CREAT, 0, USER));
    must(vfs.mkdir('/tmp/b', 0, USER));
    expect(vfs.open('/tmp/c', O_WRONLY | O_CREAT, 0, USER)).toEqual(fail('ENOSPC', 'FS.TMPFS.FULL'));
    expect(vfs.mkdir('/tmp/c', 0, USER)).toEqual(fail('ENOSPC', 'FS.TMPFS.FULL'));
    must(vfs.rmdir('/tmp/b', USER));
    expect(vfs.mkdir('/tmp/c', 0, USER).ok).toBe(true);
  });
});

describe('read, write, lseek', () => {
  it('FD.READ.OFFSET / FD.READ.EOF: reads advance the offset and return 0 at the end', () => {
    const { vfs } = makeVfs();
    const f = must(vfs.open('/etc/hostname', O_RDONLY, 0, USER));
    expect(str(must(f.read(3)))).toBe('swi');
    expect(str(must(f.read(100)))).toBe('ftos\n');
    const eof = f.read(10);
    expect(eof.ok && eof.value.length === 0 && eof.clause).toBe('FD.READ.EOF');
  });
  it('FD.READ.ZERO / FD.WRITE.ZERO: count 0 returns 0 at once', () => {
    const { vfs } = makeVfs();
    const f = must(vfs.open('/tmp/z', O_RDWR | O_CREAT, 0, USER));
    expect(f.read(0)).toEqual({ ok: true, value: new Uint8Array(0), clause: 'FD.READ.ZERO' });
    expect(f.write(new Uint8Array(0))).toEqual({ ok: true, value: 0, clause: 'FD.WRITE.ZERO' });
    expect(f.offset).toBe(0);
  });
  it('FD.WRITE.OFFSET / FS.LSEEK.PASTEND: writes at the offset; a gap reads as zeros', () => {
    const { vfs } = makeVfs();
    const f = must(vfs.open('/tmp/g', O_RDWR | O_CREAT, 0, USER));
    expect(must(f.write(bytes('ab')))).toBe(2);
    const s = f.lseek(4, 0);
    expect(s.ok && s.clause).toBe('FS.LSEEK.PASTEND');
    expect(must(f.write(bytes('cd')))).toBe(2);
    expect(readAll(vfs, '/tmp/g')).toBe('ab\0\0cd');
    expect(must(f.lseek(1, 0))).toBe(1);
    must(f.write(bytes('X')));
    expect(readAll(vfs, '/tmp/g')).toBe('aX\0\0cd');
  });
  it('FS.OPEN.APPEND: every write goes to the end, whatever the offset', () => {
    const { vfs } = makeVfs();
    writeFile(vfs, '/tmp/log', 'one\n');
    const f = must(vfs.open('/tmp/log', O_WRONLY | O_APPEND, 0, USER));
    must(f.lseek(0, 0));
    const w = f.write(bytes('two\n'));
    expect(w.ok && w.clause).toBe('FS.OPEN.APPEND');
    expect(f.offset).toBe(8);
    expect(readAll(vfs, '/tmp/log')).toBe('one\ntwo\n');
  });
  it('FD.RIGHTS.MISSING: reading a write-only or writing a read-only description fails EBADF', () => {
    const { vfs } = makeVfs();
    writeFile(vfs, '/tmp/f', 'x');
    expect(must(vfs.open('/tmp/f', O_WRONLY, 0, USER)).read(1)).toEqual(fail('EBADF', 'FD.RIGHTS.MISSING'));
    expect(must(vfs.open('/tmp/f', O_RDONLY, 0, USER)).write(bytes('y'))).toEqual(fail('EBADF', 'FD.RIGHTS.MISSING'));
  });
  it('FS.READ.DIR: read on a directory fails EISDIR', () => {
    const { vfs } = makeVfs();
    expect(must(vfs.open('/etc', O_RDONLY, 0, USER)).read(10)).toEqual(fail('EISDIR', 'FS.READ.DIR'));
  });
  it('FS.LSEEK.WHENCE / FS.LSEEK.NEGATIVE: SET, CUR, END; a negative result fails EINVAL and keeps the offset', () => {
    const { vfs } = makeVfs();
    const f = must(vfs.open('/etc/hostname', O_RDONLY, 0, USER));
    expect(must(f.lseek(2, 0))).toBe(2);
    expect(must(f.lseek(3, 1))).toBe(5);
    expect(must(f.lseek(-1, 2))).toBe(7);
    expect(f.lseek(-8, 1)).toEqual(fail('EINVAL', 'FS.LSEEK.NEGATIVE'));
    expect(f.lseek(-9, 2)).toEqual(fail('EINVAL', 'FS.LSEEK.NEGATIVE'));
    expect(f.offset).toBe(7);
    expect(f.lseek(0, 3)).toEqual(fail('EINVAL', 'ABI.ENUM.UNKNOWN'));
    expect(f.lseek(Number.MAX_SAFE_INTEGER, 1)).toEqual(fail('EINVAL', 'FS.LSEEK.RANGE'));
  });
  it('FS.LSEEK.DIR: only lseek(0, SEEK_SET) on a directory, which rewinds', () => {
    const { vfs } = makeVfs();
    const d = must(vfs.open('/etc', O_RDONLY, 0, USER));
    must(d.getdents(4096));
    expect(d.lseek(1, 0)).toEqual(fail('EINVAL', 'FS.LSEEK.DIR'));
    expect(d.lseek(0, 1)).toEqual(fail('EINVAL', 'FS.LSEEK.DIR'));
    expect(d.lseek(0, 0)).toEqual({ ok: true, value: 0, clause: 'FS.LSEEK.DIR' });
    expect(must(d.getdents(4096)).length).toBeGreaterThan(0);
  });
  it('FS.LSEEK.SHARED: the offset belongs to the description (duplicates share the object)', () => {
    const { vfs } = makeVfs();
    const f = must(vfs.open('/etc/hostname', O_RDONLY, 0, USER));
    const dup = f;
    must(f.read(3));
    expect(str(must(dup.read(2)))).toBe('ft');
  });
  it('FS.TMPFS.FULL: a write stores what fits, then fails ENOSPC', () => {
    const { vfs } = makeVfs({ limits: { maxBytes: 10 } });
    const f = must(vfs.open('/tmp/big', O_WRONLY | O_CREAT, 0, USER));
    expect(must(f.write(bytes('0123456789abc')))).toBe(10);
    expect(f.write(bytes('x'))).toEqual(fail('ENOSPC', 'FS.TMPFS.FULL'));
    expect(vfs.tmpfsUsage.bytes).toBe(10);
  });
});

describe('/dev nodes', () => {
  const { vfs } = makeVfs();
  it('FS.DEV.NULL: reads end-of-file, writes are discarded', () => {
    const f = must(vfs.open('/dev/null', O_RDWR, 0, USER));
    expect(must(f.read(5)).length).toBe(0);
    expect(f.write(bytes('abc'))).toEqual({ ok: true, value: 3, clause: 'FS.DEV.NULL' });
  });
  it('FS.DEV.ZERO: reads zeros', () => {
    const f = must(vfs.open('/dev/zero', O_RDWR, 0, USER));
    expect(must(f.read(4))).toEqual(new Uint8Array(4));
    expect(must(f.write(bytes('abc')))).toBe(3);
  });
  it('FS.DEV.RANDOM: random and urandom read from the entropy source, deterministically', () => {
    const a = must(must(makeVfs().vfs.open('/dev/random', O_RDONLY, 0, USER)).read(16));
    const b = must(must(makeVfs().vfs.open('/dev/random', O_RDONLY, 0, USER)).read(16));
    expect(a).toEqual(b);
    expect(a.some((x) => x !== 0)).toBe(true);
    expect(must(must(vfs.open('/dev/urandom', O_RDONLY, 0, USER)).read(8)).length).toBe(8);
  });
  it('FS.BASE.ERRNO: /dev is not writable as a namespace', () => {
    expect(vfs.open('/dev/new', O_WRONLY | O_CREAT, 0, ROOT)).toEqual(fail('EROFS', 'FS.BASE.ERRNO'));
    expect(vfs.unlink('/dev/null', ROOT)).toEqual(fail('EROFS', 'FS.BASE.ERRNO'));
  });
});
