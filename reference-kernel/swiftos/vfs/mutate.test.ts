import { describe, expect, it } from 'vitest';
import { GUEST, makeVfs, must, O_CREAT, O_RDONLY, O_RDWR, O_WRONLY, READER, ROOT, USER, bytes, readAll, str, writeFile } from './vfs.testkit.js';

const fail = (errno: string, clause: string) => ({ ok: false, errno, clause });

describe('FS.MUTATE.CAP: path mutations need capTmpWrite', () => {
  const { vfs } = makeVfs();
  writeFile(vfs, '/tmp/f', 'x');
  it.each([
    ['mkdir', () => vfs.mkdir('/tmp/d', 0, READER)],
    ['rmdir', () => vfs.rmdir('/tmp/d', READER)],
    ['unlink', () => vfs.unlink('/tmp/f', GUEST)],
    ['rename', () => vfs.rename('/tmp/f', '/tmp/g', READER)],
    ['chmod', () => vfs.chmod('/tmp/f', 0o600, READER)],
    ['chown', () => vfs.chown('/tmp/f', 3, READER)],
  ])('%s without capTmpWrite fails EACCES', (_name, call) => {
    expect(call()).toEqual(fail('EACCES', 'FS.MUTATE.CAP'));
  });
});

describe('FS.MUTATE.WRITABLE: never on the base image', () => {
  const { vfs } = makeVfs();
  writeFile(vfs, '/tmp/f', 'x');
  it('mutations of base nodes fail EROFS for root', () => {
    expect(vfs.unlink('/etc/motd', ROOT)).toEqual(fail('EROFS', 'FS.BASE.ERRNO'));
    expect(vfs.mkdir('/etc/new', 0, ROOT)).toEqual(fail('EROFS', 'FS.BASE.ERRNO'));
    expect(vfs.rmdir('/etc/swos', ROOT)).toEqual(fail('EROFS', 'FS.BASE.ERRNO'));
    expect(vfs.chmod('/etc/motd', 0o777, ROOT)).toEqual(fail('EROFS', 'FS.BASE.ERRNO'));
    expect(vfs.chown('/etc/motd', 2, ROOT)).toEqual(fail('EROFS', 'FS.BASE.ERRNO'));
    expect(vfs.rename('/etc/motd', '/tmp/motd', ROOT)).toEqual(fail('EROFS', 'FS.BASE.ERRNO'));
    expect(vfs.rename('/tmp/f', '/etc/f', ROOT)).toEqual(fail('EROFS', 'FS.BASE.ERRNO'));
    expect(readAll(vfs, '/etc/hostname')).toBe('swiftos\n');
  });
});

describe('mkdir and rmdir', () => {
  it('FS.MKDIR.EXISTS: an existing path of any kind, "/" included, fails EEXIST before EROFS', () => {
    const { vfs } = makeVfs();
    writeFile(vfs, '/tmp/f', 'x');
    for (const p of ['/', '/etc', '/etc/motd', '/tmp', '/tmp/f', '/tmp/.', '/tmp/..']) expect(vfs.mkdir(p, 0, ROOT)).toEqual(fail('EEXIST', 'FS.MKDIR.EXISTS'));
  });
  it('FS.OPEN.MODE / FS.TMPFS.OWNER: new directories are 0755 owned by the caller; trailing slash accepted', () => {
    const { vfs } = makeVfs();
    expect(vfs.mkdir('/tmp/d/', 0o700, USER)).toEqual({ ok: true, value: 0, clause: 'FS.TMPFS.OWNER' });
    expect(must(vfs.stat('/tmp/d', USER))).toMatchObject({ st_mode: 0x4000 | 0o755, st_uid: 2, st_size: 0n });
    expect(vfs.mkdir('/tmp/x/y', 0, USER)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
  });
  it('FS.RMDIR.NOTEMPTY / FS.RMDIR.NOTDIR / FS.RMDIR.ROOT', () => {
    const { vfs } = makeVfs();
    must(vfs.mkdir('/tmp/d', 0, USER));
    writeFile(vfs, '/tmp/d/f', 'x');
    expect(vfs.rmdir('/tmp/d', USER)).toEqual(fail('ENOTEMPTY', 'FS.RMDIR.NOTEMPTY'));
    expect(vfs.rmdir('/tmp/d/f', USER)).toEqual(fail('ENOTDIR', 'FS.RMDIR.NOTDIR'));
    for (const p of ['/', '/tmp', '/dev', '/proc', '//']) expect(vfs.rmdir(p, ROOT)).toEqual(fail('EBUSY', 'FS.RMDIR.ROOT'));
    expect(vfs.rmdir('/tmp/d/.', USER)).toEqual(fail('EINVAL', 'FS.PATH.DOTLAST'));
    must(vfs.unlink('/tmp/d/f', USER));
    must(vfs.rmdir('/tmp/d', USER));
    expect(vfs.lookup('/tmp/d', USER)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
    expect(vfs.tmpfsUsage).toEqual({ nodes: 0, bytes: 0 });
  });
});

describe('unlink', () => {
  it('FS.UNLINK.DIR: unlink of a directory fails EISDIR', () => {
    const { vfs } = makeVfs();
    must(vfs.mkdir('/tmp/d', 0, USER));
    expect(vfs.unlink('/tmp/d', USER)).toEqual(fail('EISDIR', 'FS.UNLINK.DIR'));
    expect(vfs.unlink('/', ROOT)).toEqual(fail('EISDIR', 'FS.UNLINK.DIR'));
    expect(vfs.unlink('/tmp/none', USER)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
  });
  it('FS.UNLINK.OPEN: the name goes at once; open descriptions keep reading and writing until closed', () => {
    const { vfs } = makeVfs();
    writeFile(vfs, '/tmp/f', 'keep');
    const f = must(vfs.open('/tmp/f', O_RDWR, 0, USER));
    const r = vfs.unlink('/tmp/f', USER);
    expect(r.ok && r.clause).toBe('FS.UNLINK.OPEN');
    expect(vfs.lookup('/tmp/f', USER)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
    expect(str(must(f.read(10)))).toBe('keep');
    must(f.write(bytes('!')));
    must(f.lseek(0, 0));
    expect(str(must(f.read(10)))).toBe('keep!');
    expect(vfs.tmpfsUsage).toEqual({ nodes: 1, bytes: 5 });
    writeFile(vfs, '/tmp/f', 'new');
    expect(readAll(vfs, '/tmp/f')).toBe('new');
    f.close();
    f.close();
    expect(vfs.tmpfsUsage).toEqual({ nodes: 1, bytes: 3 });
  });
});

describe('rename', () => {
  const setup = () => {
    const { vfs } = makeVfs();
    must(vfs.mkdir('/tmp/a', 0, USER));
    must(vfs.mkdir('/tmp/a/sub', 0, USER));
    must(vfs.mkdir('/tmp/empty', 0, USER));
    must(vfs.mkdir('/tmp/full', 0, USER));
    writeFile(vfs, '/tmp/full/x', 'x');
    writeFile(vfs, '/tmp/f', 'F');
    writeFile(vfs, '/tmp/g', 'G');
    return vfs;
  };
  it('moves a file and a directory with its contents', () => {
    const vfs = setup();
    must(vfs.rename('/tmp/f', '/tmp/a/f2', USER));
    expect(readAll(vfs, '/tmp/a/f2')).toBe('F');
    must(vfs.rename('/tmp/full', '/tmp/a/sub/moved', USER));
    expect(readAll(vfs, '/tmp/a/sub/moved/x')).toBe('x');
    expect(vfs.lookup('/tmp/full', USER).ok).toBe(false);
  });
  it('FS.RENAME.REPLACE: onto an existing entry of the same type (an empty directory)', () => {
    const vfs = setup();
    expect(vfs.rename('/tmp/f', '/tmp/g', USER)).toEqual({ ok: true, value: 0, clause: 'FS.RENAME.REPLACE' });
    expect(readAll(vfs, '/tmp/g')).toBe('F');
    expect(vfs.rename('/tmp/a', '/tmp/empty', USER).ok).toBe(true);
    expect(must(vfs.lookup('/tmp/empty/sub', USER)).kind).toBe('dir');
  });
  it('FS.RENAME.SAME: onto itself succeeds and changes nothing', () => {
    const vfs = setup();
    expect(vfs.rename('/tmp/f', '/tmp/./f', USER)).toEqual({ ok: true, value: 0, clause: 'FS.RENAME.SAME' });
    expect(readAll(vfs, '/tmp/f')).toBe('F');
  });
  it('FS.RENAME.NOTEMPTY / FS.RENAME.TYPE / FS.RENAME.SUBTREE / FS.RENAME.ROOT', () => {
    const vfs = setup();
    expect(vfs.rename('/tmp/a', '/tmp/full', USER)).toEqual(fail('ENOTEMPTY', 'FS.RENAME.NOTEMPTY'));
    expect(vfs.rename('/tmp/f', '/tmp/a', USER)).toEqual(fail('EISDIR', 'FS.RENAME.TYPE'));
    expect(vfs.rename('/tmp/a', '/tmp/f', USER)).toEqual(fail('ENOTDIR', 'FS.RENAME.TYPE'));
    expect(vfs.rename('/tmp/a', '/tmp/a/sub/x', USER)).toEqual(fail('EINVAL', 'FS.RENAME.SUBTREE'));
    expect(vfs.rename('/tmp/a', '/tmp/a/x', USER)).toEqual(fail('EINVAL', 'FS.RENAME.SUBTREE'));
    expect(vfs.rename('/tmp', '/tmp/x', ROOT)).toEqual(fail('EBUSY', 'FS.RENAME.ROOT'));
    expect(vfs.rename('/', '/tmp/x', ROOT)).toEqual(fail('EBUSY', 'FS.RENAME.ROOT'));
    expect(vfs.rename('/tmp/empty', '/tmp', ROOT)).toEqual(fail('EBUSY', 'FS.RENAME.ROOT'));
    expect(vfs.rename('/tmp/a/sub/..', '/tmp/b', ROOT)).toEqual(fail('EINVAL', 'FS.PATH.DOTLAST'));
    expect(vfs.rename('/tmp/f', '/tmp/h/', USER)).toEqual(fail('ENOTDIR', 'FS.PATH.TRAILSLASH'));
    expect(vfs.rename('/tmp/none', '/tmp/h', USER)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
    expect(vfs.rename('/tmp/f', '/tmp/none/h', USER)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
  });
  it('an open description follows the renamed file', () => {
    const vfs = setup();
    const f = must(vfs.open('/tmp/f', O_RDONLY, 0, USER));
    must(vfs.rename('/tmp/f', '/tmp/a/f', USER));
    expect(str(must(f.read(5)))).toBe('F');
  });
});

describe('chmod, chown', () => {
  it('FS.CHMOD.BITS: mode & 07777 is stored; the type bits stay', () => {
    const { vfs } = makeVfs();
    writeFile(vfs, '/tmp/f', 'x');
    expect(vfs.chmod('/tmp/f', 0o174755, USER)).toEqual({ ok: true, value: 0, clause: 'FS.CHMOD.BITS' });
    expect(must(vfs.stat('/tmp/f', USER)).st_mode).toBe(0x8000 | 0o4755);
    must(vfs.chmod('/tmp', 0o700, ROOT));
    expect(must(vfs.stat('/tmp', USER)).st_mode).toBe(0x4000 | 0o700);
  });
  it('FS.CHOWN.OWNER: any 32-bit owner is stored unchecked', () => {
    const { vfs } = makeVfs();
    writeFile(vfs, '/tmp/f', 'x');
    must(vfs.chown('/tmp/f', 0xdeadbeef, USER));
    expect(must(vfs.stat('/tmp/f', USER))).toMatchObject({ st_uid: 0xdeadbeef, st_gid: 0xdeadbeef });
    must(vfs.chown('/tmp/f', -1, USER));
    expect(must(vfs.stat('/tmp/f', USER)).st_uid).toBe(0xffffffff);
  });
});

describe('ftruncate, fsync, sync', () => {
  it('FS.TRUNCATE.SHRINK / FS.TRUNCATE.GROW: tail discarded, growth zero-filled, offset unchanged', () => {
    const { vfs, tick } = makeVfs({ t0: 50 });
    writeFile(vfs, '/tmp/f', 'abcdef');
    const f = must(vfs.open('/tmp/f', O_RDWR, 0, USER));
    must(f.lseek(5, 0));
    tick(3);
    expect(f.ftruncate(2)).toEqual({ ok: true, value: 0, clause: 'FS.TRUNCATE.SHRINK' });
    expect(f.offset).toBe(5);
    expect(must(vfs.stat('/tmp/f', USER)).st_mtime).toBe(53n);
    expect(f.ftruncate(4)).toEqual({ ok: true, value: 0, clause: 'FS.TRUNCATE.GROW' });
    expect(readAll(vfs, '/tmp/f')).toBe('ab\0\0');
    expect(f.ftruncate(-1)).toEqual(fail('EINVAL', 'ABI.INT.RANGE'));
  });
  it('FS.TRUNCATE.LIMIT: past the per-file limit EFBIG, past the filesystem ENOSPC', () => {
    const { vfs } = makeVfs({ limits: { maxFileBytes: 100, maxBytes: 150 } });
    const f = must(vfs.open('/tmp/f', O_RDWR | O_CREAT, 0, USER));
    const g = must(vfs.open('/tmp/g', O_RDWR | O_CREAT, 0, USER));
    expect(f.ftruncate(101)).toEqual(fail('EFBIG', 'FS.TRUNCATE.LIMIT'));
    must(f.ftruncate(100));
    expect(g.ftruncate(60)).toEqual(fail('ENOSPC', 'FS.TMPFS.FULL'));
    must(g.ftruncate(50));
  });
  it('ftruncate needs a writable file description', () => {
    const { vfs } = makeVfs();
    expect(must(vfs.open('/etc/motd', O_RDONLY, 0, USER)).ftruncate(0)).toEqual(fail('EBADF', 'FD.RIGHTS.MISSING'));
    expect(must(vfs.open('/tmp', O_RDONLY, 0, USER)).ftruncate(0)).toEqual(fail('EINVAL', 'FD.KIND.WRONG'));
  });
  it('FS.FSYNC.OTHER / FS.SYNC.ALL: succeed, do nothing, and are recorded', () => {
    const { vfs } = makeVfs();
    const f = must(vfs.open('/etc/motd', O_RDONLY, 0, USER));
    expect(f.fsync()).toEqual({ ok: true, value: 0, clause: 'FS.FSYNC.OTHER' });
    expect(vfs.sync()).toEqual({ ok: true, value: 0, clause: 'FS.SYNC.ALL' });
    expect(vfs.syncLog).toEqual([{ op: 'fsync', ino: f.node.ino, clause: 'FS.FSYNC.OTHER' }, { op: 'sync', clause: 'FS.SYNC.ALL' }]);
  });
});

describe('write to a base file through a read-write open is impossible', () => {
  it('FS.BASE.ERRNO: the base never yields a writable description', () => {
    const { vfs } = makeVfs();
    expect(vfs.open('/etc/motd', O_WRONLY, 0, ROOT).ok).toBe(false);
  });
  it('O_CREAT creates in a subdirectory of /tmp', () => {
    const { vfs } = makeVfs();
    must(vfs.mkdir('/tmp/d', 0, USER));
    must(vfs.open('/tmp/d/n', O_WRONLY | O_CREAT, 0, USER));
    expect(must(vfs.lookup('/tmp/d/n', USER)).kind).toBe('file');
  });
});
