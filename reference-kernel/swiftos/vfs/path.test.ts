import { describe, expect, it } from 'vitest';
import { NAME_MAX_BYTES, PATH_MAX_BYTES, nameBytes, parsePath, pathFromBytes } from './path.js';
import { normalize } from './resolve.js';
import { makeVfs, must, ROOT, USER, writeFile } from './vfs.testkit.js';

const fail = (errno: string, clause: string) => ({ ok: false, errno, clause });

describe('path strings', () => {
  it('ABI.STRING.EMPTY: the empty path fails ENOENT', () => {
    expect(parsePath('')).toEqual(fail('ENOENT', 'ABI.STRING.EMPTY'));
  });
  it('ABI.STRING.TOOLONG: a path of PATH_MAX bytes fails ENAMETOOLONG; PATH_MAX-1 is accepted', () => {
    const long = '/' + 'a/'.repeat(PATH_MAX_BYTES);
    expect(parsePath(long.slice(0, PATH_MAX_BYTES + 1))).toEqual(fail('ENAMETOOLONG', 'ABI.STRING.TOOLONG'));
    expect(parsePath(long.slice(0, PATH_MAX_BYTES)).ok).toBe(true);
  });
  it('FS.PATH.NAMEMAX: a component of 256 bytes fails ENAMETOOLONG; 255 is accepted', () => {
    expect(parsePath('/tmp/' + 'x'.repeat(NAME_MAX_BYTES + 1))).toEqual(fail('ENAMETOOLONG', 'FS.PATH.NAMEMAX'));
    expect(parsePath('/tmp/' + 'x'.repeat(NAME_MAX_BYTES)).ok).toBe(true);
  });
  it('FS.PATH.RESOLVE: repeated slashes are skipped; a trailing slash is noted', () => {
    expect(must(parsePath('//tmp///a//'))).toEqual({ absolute: true, components: ['tmp', 'a'], trailingSlash: true });
    expect(must(parsePath('a/./b'))).toEqual({ absolute: false, components: ['a', '.', 'b'], trailingSlash: false });
    expect(must(parsePath('/'))).toEqual({ absolute: true, components: [], trailingSlash: false });
  });
  it('FS.PATH.RESOLVE: lexical normal form; the root is its own parent', () => {
    expect(normalize('/', ['..', '..', 'etc'])).toBe('/etc');
    expect(normalize('/tmp/a', ['..', '.', 'b'])).toBe('/tmp/b');
    expect(normalize('/', [])).toBe('/');
  });
  it('bytes round-trip one char per byte', () => {
    const b = new Uint8Array([0x2f, 0xff, 0x80, 0x41]);
    expect(nameBytes(pathFromBytes(b))).toEqual(b);
    expect(pathFromBytes(b).length).toBe(4);
  });
});

describe('resolution', () => {
  const { vfs } = makeVfs();
  must(vfs.mkdir('/tmp/d', 0, ROOT));
  writeFile(vfs, '/tmp/d/f', 'x');
  const at = (cwd: string) => ({ ...ROOT, cwd });
  const ino = (p: string, caller = ROOT) => must(vfs.lookup(p, caller)).ino;

  it('FS.PATH.RESOLVE: absolute, relative, ".", ".." and slashes name the same node', () => {
    const f = ino('/tmp/d/f');
    for (const p of ['//tmp//d/./f', '/tmp/d/../d/f', '/../../tmp/d/f', '/./tmp/d/f']) expect(ino(p)).toBe(f);
    expect(ino('d/f', at('/tmp'))).toBe(f);
    expect(ino('./f', at('/tmp/d'))).toBe(f);
    expect(ino('../../tmp/d/f', at('/tmp/d'))).toBe(f);
    expect(ino('..', at('/'))).toBe(vfs.root.ino);
    expect(ino('/')).toBe(vfs.root.ino);
    expect(ino('.', at('/tmp'))).toBe(ino('/tmp'));
  });
  it('FS.PATH.NOENT: a missing final or intermediate component fails ENOENT', () => {
    expect(vfs.lookup('/tmp/nope', ROOT)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
    expect(vfs.lookup('/tmp/nope/f', ROOT)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
    expect(vfs.lookup('nope', at('/tmp'))).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
  });
  it('FS.PATH.NOTDIR: a file used as a directory fails ENOTDIR', () => {
    expect(vfs.lookup('/tmp/d/f/x', ROOT)).toEqual(fail('ENOTDIR', 'FS.PATH.NOTDIR'));
    expect(vfs.lookup('/tmp/d/f/..', ROOT)).toEqual(fail('ENOTDIR', 'FS.PATH.NOTDIR'));
    expect(vfs.lookup('/etc/motd/.', ROOT)).toEqual(fail('ENOTDIR', 'FS.PATH.NOTDIR'));
  });
  it('FS.PATH.TRAILSLASH: a trailing slash must name a directory', () => {
    expect(vfs.lookup('/tmp/d/f/', ROOT)).toEqual(fail('ENOTDIR', 'FS.PATH.TRAILSLASH'));
    expect(vfs.lookup('/tmp/d/', ROOT).ok).toBe(true);
    expect(vfs.lookup('/etc/motd/', USER)).toEqual(fail('ENOTDIR', 'FS.PATH.TRAILSLASH'));
  });
  it('FS.PATH.NOENT: a relative path from a removed cwd fails ENOENT', () => {
    must(vfs.mkdir('/tmp/gone', 0, ROOT));
    must(vfs.rmdir('/tmp/gone', ROOT));
    expect(vfs.lookup('x', at('/tmp/gone'))).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
    expect(vfs.lookup('/tmp', at('/tmp/gone')).ok).toBe(true);
  });
});
