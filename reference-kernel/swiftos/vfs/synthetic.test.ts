import { describe, expect, it } from 'vitest';
import type { Caller } from './resolve.js';
import type { SyntheticEntry, SyntheticProvider } from './synthetic.js';
import { bytes, makeVfs, must, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, ROOT, str } from './vfs.testkit.js';

/** A toy provider: /proc/a/{x,s}, /proc/me (an alias of "a" found only for caller pid 9). */
class Toy implements SyntheticProvider {
  readonly fs = 'proc' as const;
  readonly readOnlyClause = 'TOY.RO';
  readonly deniedAccess = { errno: 'EACCES', clause: 'TOY.ACCESS' } as const;
  reads = 0;

  list(dir: readonly string[]): readonly SyntheticEntry[] | null {
    const meta = { mode: 0o444, owner: 4, mtime: 77 };
    if (dir.length === 0) return [{ name: 'a', kind: 'dir', ino: 100, ...meta, mode: 0o555 }];
    if (dir.length === 1 && dir[0] === 'a') {
      return [
        { name: 'x', kind: 'file', ino: 101, ...meta, content: () => bytes(`read ${++this.reads}\n`) },
        { name: 's', kind: 'file', ino: 102, ...meta, mode: 0o222, readable: false, writable: true },
      ];
    }
    return null;
  }

  lookup(dir: readonly string[], name: string, caller: Caller): SyntheticEntry | null {
    if (dir.length === 0 && name === 'me') return caller.pid === 9 ? { name: 'me', kind: 'dir', ino: 100, mode: 0o555, owner: 4, mtime: 77, path: ['a'] } : null;
    return this.list(dir)?.find((e) => e.name === name) ?? null;
  }
}

function mounted(): { vfs: ReturnType<typeof makeVfs>['vfs']; toy: Toy } {
  const { vfs } = makeVfs();
  const toy = new Toy();
  vfs.mount('/proc', toy);
  return { vfs, toy };
}

describe('synthetic mounts', () => {
  it('lists, stats and walks the provider tree, "..", chdir and relative paths included', () => {
    const { vfs } = mounted();
    const dir = must(vfs.open('/proc', O_RDONLY, 0, ROOT));
    expect(dir.handleKind).toBe('directory');
    expect(must(dir.getdents(4096)).length).toBeGreaterThan(0);
    const st = must(vfs.stat('/proc/a/x', ROOT));
    expect(st).toMatchObject({ st_mode: 0o100444, st_uid: 4, st_size: 7n, st_mtime: 77n });
    expect(must(vfs.stat('/proc/a', ROOT)).st_mode).toBe(0o40555);
    expect(must(vfs.chdir('/proc/a/../a', ROOT))).toBe('/proc/a');
    expect(str(must(must(vfs.open('x', O_RDONLY, 0, { ...ROOT, cwd: '/proc/a' })).read(100)))).toMatch(/^read \d\n$/);
    expect(vfs.stat('/proc/b', ROOT)).toMatchObject({ ok: false, errno: 'ENOENT' });
    expect(vfs.stat('/proc/a/x/y', ROOT)).toMatchObject({ ok: false, errno: 'ENOTDIR' });
  });

  it('content is computed at the lookup before stat or open: an open reads its snapshot', () => {
    const { vfs, toy } = mounted();
    const f = must(vfs.open('/proc/a/x', O_RDONLY, 0, ROOT));
    expect(toy.reads).toBe(1);
    expect(str(must(f.read(3)))).toBe('rea');
    must(vfs.stat('/proc/a/x', ROOT));
    expect(str(must(f.read(100)))).toBe('d 1\n');
    expect(str(must(must(vfs.open('/proc/a/x', O_RDONLY, 0, ROOT)).read(100)))).toBe('read 3\n');
  });

  it('per-caller lookups: an alias resolves to its target path for the caller it exists for', () => {
    const { vfs } = mounted();
    expect(vfs.stat('/proc/me/x', ROOT)).toMatchObject({ ok: false, errno: 'ENOENT' });
    expect(must(vfs.stat('/proc/me/x', { ...ROOT, pid: 9 })).st_size).toBe(7n);
    expect(must(vfs.chdir('/proc/me/..', { ...ROOT, pid: 9 }))).toBe('/proc');
  });

  it('refuses changes with the provider clause, and access modes with its deniedAccess', () => {
    const { vfs } = mounted();
    const ro = { ok: false, errno: 'EROFS', clause: 'TOY.RO' };
    expect(vfs.open('/proc/a/x', O_WRONLY, 0, ROOT)).toEqual({ ok: false, errno: 'EACCES', clause: 'TOY.ACCESS' });
    expect(vfs.open('/proc/a/x', O_RDONLY | O_TRUNC, 0, ROOT)).toEqual(ro);
    expect(vfs.open('/proc/a/new', O_RDWR | O_CREAT, 0, ROOT)).toEqual(ro);
    expect(vfs.mkdir('/proc/a/d', 0o755, ROOT)).toEqual(ro);
    expect(vfs.mkdir('/proc/a', 0o755, ROOT)).toMatchObject({ errno: 'EEXIST' });
    expect(vfs.unlink('/proc/a/x', ROOT)).toEqual(ro);
    expect(vfs.rmdir('/proc/a', ROOT)).toEqual(ro);
    expect(vfs.rename('/proc/a/x', '/tmp/x', ROOT)).toEqual(ro);
    expect(vfs.rename('/tmp', '/proc/a/t', ROOT)).toMatchObject({ errno: 'EBUSY' });
    expect(vfs.chmod('/proc/a/x', 0o777, ROOT)).toEqual(ro);
    expect(vfs.chown('/proc/a', 2, ROOT)).toEqual(ro);
    expect(vfs.rmdir('/proc', ROOT)).toMatchObject({ errno: 'EBUSY', clause: 'FS.RMDIR.ROOT' });
  });

  it('a special file opens for the modes it offers, with no content; the kernel makes its object', () => {
    const { vfs } = mounted();
    expect(vfs.open('/proc/a/s', O_RDONLY, 0, ROOT)).toEqual({ ok: false, errno: 'EACCES', clause: 'TOY.ACCESS' });
    const f = must(vfs.open('/proc/a/s', O_WRONLY, 0, ROOT));
    expect(f.node.synthetic).toMatchObject({ special: true, path: ['a', 's'], writable: true });
    expect(f.ftruncate(0)).toEqual({ ok: false, errno: 'EROFS', clause: 'TOY.RO' });
    expect(f.write(bytes('x'))).toEqual({ ok: false, errno: 'EROFS', clause: 'TOY.RO' });
  });

  it('a mount point without a provider stays an empty directory; mounting elsewhere is a configuration error', () => {
    const { vfs } = makeVfs();
    expect(must(must(vfs.open('/proc', O_RDONLY, 0, ROOT)).getdents(4096)).length).toBe(0);
    expect(() => vfs.mount('/etc', new Toy())).toThrow(/mount point/);
    expect(() => vfs.mount('/nope', new Toy())).toThrow(/mount point/);
  });
});
