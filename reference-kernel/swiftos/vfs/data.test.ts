import { describe, expect, it } from 'vitest';
import { constValue } from '../../../spec/index.js';
import type { OverlayEntry } from './base-image.js';
import type { DataOptions } from './data.js';
import { Vfs } from './vfs.js';
import { bytes, GUEST, must, O_CREAT, O_RDONLY, O_RDWR, O_WRONLY, readAll, ROOT, str, USER, writeFile } from './vfs.testkit.js';

const S_IFDIR = constValue('MODE_TYPE', 'S_IFDIR');
const S_IFREG = constValue('MODE_TYPE', 'S_IFREG');

function dataVfs(data: DataOptions = {}): Vfs {
  return new Vfs({ clock: () => 1_700_000_000, data });
}

const FILES: DataOptions = { files: new Map<string, OverlayEntry>([['/data/app/state', bytes('v1')], ['/data/note', { data: bytes('hi'), mode: 0o600, owner: 2 }]]) };

function names(vfs: Vfs, path: string): string[] {
  const node = must(vfs.lookup(path, ROOT));
  return node.kind === 'dir' ? [...node.entries.keys()] : [];
}

describe('/data', () => {
  it('FS.DATA.MACHINE / FS.TMPFS.WHERE: absent unless configured; then a mount point, last in /, holding the image files', () => {
    expect(new Vfs({ clock: () => 0 }).lookup('/data', ROOT)).toMatchObject({ ok: false, errno: 'ENOENT' });
    const vfs = dataVfs(FILES);
    expect(names(vfs, '/').at(-1)).toBe('data');
    expect(must(vfs.stat('/data', ROOT))).toMatchObject({ st_mode: S_IFDIR | 0o755, st_uid: 1 });
    expect(must(vfs.stat('/data/app', ROOT))).toMatchObject({ st_mode: S_IFDIR | 0o755, st_uid: 1 });
    expect(must(vfs.stat('/data/app/state', ROOT))).toMatchObject({ st_mode: S_IFREG | 0o644, st_size: 2n });
    expect(must(vfs.stat('/data/note', ROOT))).toMatchObject({ st_mode: S_IFREG | 0o600, st_uid: 2 });
    expect(readAll(vfs, '/data/app/state')).toBe('v1');
    expect(vfs.dataRoot?.mountPoint).toBe(true);
  });

  it('FS.DATA.MACHINE: image files outside /data/ or through a file are configuration errors', () => {
    expect(() => dataVfs({ files: new Map([['/tmp/x', bytes('')]]) })).toThrow();
    expect(() => dataVfs({ files: new Map([['/data/a', bytes('')], ['/data/a/b', bytes('')]]) })).toThrow();
    expect(() => new Vfs({ clock: () => 0, overlay: new Map([['/data/x', bytes('')]]) })).toThrow();
  });

  it('FS.MUTATE.WRITABLE / FS.DATA.MACHINE: /data files are writable and its directories take every mutation', () => {
    const vfs = dataVfs(FILES);
    const f = must(vfs.open('/data/app/state', O_RDWR, 0, USER));
    expect(must(f.write(bytes('v2!')))).toBe(3);
    f.close();
    expect(readAll(vfs, '/data/app/state')).toBe('v2!');
    writeFile(vfs, '/data/new', 'n', USER);
    expect(must(vfs.stat('/data/new', ROOT))).toMatchObject({ st_mode: S_IFREG | 0o644, st_uid: 2 });
    expect(must(vfs.lookup('/data/new', ROOT)).fs).toBe('data');
    expect(must(vfs.mkdir('/data/d', 0, USER))).toBe(0);
    expect(must(vfs.lookup('/data/d', ROOT)).fs).toBe('data');
    expect(must(vfs.rename('/data/new', '/data/d/moved', USER))).toBe(0);
    expect(must(vfs.chmod('/data/d/moved', 0o600, USER))).toBe(0);
    expect(must(vfs.chown('/data/d/moved', 7, USER))).toBe(0);
    expect(must(vfs.unlink('/data/d/moved', USER))).toBe(0);
    expect(must(vfs.rmdir('/data/d', USER))).toBe(0);
    expect(must(vfs.chmod('/data', 0o700, USER))).toBe(0);
    expect(vfs.mkdir('/data/x', 0, GUEST)).toMatchObject({ ok: false, errno: 'EACCES', clause: 'FS.MUTATE.CAP' });
    expect(vfs.open('/data/note', O_WRONLY, 0, GUEST)).toMatchObject({ ok: false, errno: 'EACCES', clause: 'FS.OPEN.CAP.WRITE' });
  });

  it('FS.RMDIR.ROOT / FS.RENAME.ROOT: /data itself is busy', () => {
    const vfs = dataVfs();
    expect(vfs.rmdir('/data', ROOT)).toMatchObject({ ok: false, errno: 'EBUSY', clause: 'FS.RMDIR.ROOT' });
    expect(vfs.rename('/data', '/tmp/d', ROOT)).toMatchObject({ ok: false, errno: 'EBUSY', clause: 'FS.RENAME.ROOT' });
    writeFile(vfs, '/tmp/f', 'x');
    expect(vfs.rename('/tmp/f', '/data', ROOT)).toMatchObject({ ok: false, errno: 'EBUSY', clause: 'FS.RENAME.ROOT' });
  });

  it('FS.RENAME.CROSSFS: rename between tmpfs and /data fails EINVAL both ways and moves nothing; EROFS against the base comes first', () => {
    const vfs = dataVfs(FILES);
    writeFile(vfs, '/tmp/t', 'tmp');
    expect(vfs.rename('/tmp/t', '/data/t', ROOT)).toMatchObject({ ok: false, errno: 'EINVAL', clause: 'FS.RENAME.CROSSFS' });
    expect(vfs.rename('/data/note', '/tmp/note', ROOT)).toMatchObject({ ok: false, errno: 'EINVAL', clause: 'FS.RENAME.CROSSFS' });
    expect(vfs.rename('/data/app', '/tmp/app', ROOT)).toMatchObject({ ok: false, errno: 'EINVAL', clause: 'FS.RENAME.CROSSFS' });
    expect(vfs.rename('/tmp/t', '/data/note', ROOT)).toMatchObject({ ok: false, errno: 'EINVAL', clause: 'FS.RENAME.CROSSFS' });
    expect(readAll(vfs, '/tmp/t')).toBe('tmp');
    expect(readAll(vfs, '/data/note')).toBe('hi');
    expect(vfs.rename('/data/note', '/etc/note', ROOT)).toMatchObject({ ok: false, errno: 'EROFS', clause: 'FS.BASE.ERRNO' });
  });

  it('FS.FSYNC.DATA / FS.FSYNC.OTHER: fsync flushes /data nodes; flushData reports the bytes under /data', () => {
    const vfs = dataVfs(FILES);
    const f = must(vfs.open('/data/note', O_RDONLY, 0, ROOT));
    expect(f.fsync()).toMatchObject({ ok: true, value: 0, clause: 'FS.FSYNC.DATA' });
    writeFile(vfs, '/tmp/t', 'x');
    const t = must(vfs.open('/tmp/t', O_RDONLY, 0, ROOT));
    expect(t.fsync()).toMatchObject({ ok: true, clause: 'FS.FSYNC.OTHER' });
    writeFile(vfs, '/data/more', '12345');
    expect(vfs.flushData()).toMatchObject({ ok: true, value: 2 + 2 + 5 });
    expect(new Vfs({ clock: () => 0 }).flushData()).toBeNull();
    expect(vfs.syncLog.map((r) => r.clause)).toEqual(['FS.FSYNC.DATA', 'FS.FSYNC.OTHER']);
  });

  it('FS.FSYNC.IO: with a failing disk every /data flush fails EIO, tmpfs fsync still succeeds, the data stays readable', () => {
    const vfs = dataVfs({ ...FILES, failFlush: true });
    const f = must(vfs.open('/data/note', O_RDWR, 0, ROOT));
    must(f.write(bytes('HI')));
    expect(f.fsync()).toMatchObject({ ok: false, errno: 'EIO', clause: 'FS.FSYNC.IO' });
    expect(vfs.flushData()).toMatchObject({ ok: false, errno: 'EIO', clause: 'FS.FSYNC.IO' });
    writeFile(vfs, '/tmp/t', 'x');
    expect(must(vfs.open('/tmp/t', O_RDONLY, 0, ROOT)).fsync()).toMatchObject({ ok: true, clause: 'FS.FSYNC.OTHER' });
    expect(readAll(vfs, '/data/note')).toBe('HI');
  });

  it('FS.TMPFS.FULL / FS.DATA.MACHINE: /data counts against the writable limits with tmpfs; unlinking returns the room', () => {
    const vfs = new Vfs({ clock: () => 0, data: FILES, limits: { maxNodes: 4 } });
    expect(vfs.tmpfsUsage).toEqual({ nodes: 3, bytes: 4 });
    must(vfs.open('/tmp/a', O_CREAT | O_WRONLY, 0, ROOT)).close();
    expect(vfs.open('/data/b', O_CREAT | O_WRONLY, 0, ROOT)).toMatchObject({ ok: false, errno: 'ENOSPC', clause: 'FS.TMPFS.FULL' });
    must(vfs.unlink('/data/note', ROOT));
    expect(vfs.tmpfsUsage).toEqual({ nodes: 3, bytes: 2 });
    expect(str(must(must(vfs.open('/data/app/state', O_RDONLY, 0, ROOT)).read(10)))).toBe('v1');
    expect(() => new Vfs({ clock: () => 0, data: FILES, limits: { maxNodes: 2 } })).toThrow();
  });
});
