import { describe, expect, it } from 'vitest';
import { getcwdBytes } from './cwd.js';
import type { Caller } from './resolve.js';
import { makeVfs, must, O_CREAT, O_RDONLY, O_WRONLY, ROOT, USER, str, writeFile } from './vfs.testkit.js';

const fail = (errno: string, clause: string) => ({ ok: false, errno, clause });

const setup = () => {
  const { vfs } = makeVfs();
  must(vfs.mkdir('/tmp/jail', 0, ROOT));
  must(vfs.mkdir('/tmp/jail/sub', 0, ROOT));
  must(vfs.mkdir('/tmp/jailbreak', 0, ROOT));
  writeFile(vfs, '/tmp/jail/in', 'in');
  writeFile(vfs, '/tmp/out', 'out');
  const jailed: Caller = { ...USER, cwd: '/tmp/jail', root: '/tmp/jail' };
  return { vfs, jailed };
};

describe('confinement (FS.CONFINE.DENY)', () => {
  it('paths inside the subtree resolve as usual', () => {
    const { vfs, jailed } = setup();
    expect(str(must(must(vfs.open('in', O_RDONLY, 0, jailed)).read(9)))).toBe('in');
    expect(must(vfs.lookup('/tmp/jail/sub/../in', jailed)).kind).toBe('file');
    expect(must(vfs.lookup('.', jailed)).kind).toBe('dir');
  });
  it('absolute paths outside, and ".." above the root, fail EACCES', () => {
    const { vfs, jailed } = setup();
    for (const p of ['/etc/motd', '/tmp/out', '..', '../out', 'sub/../../out', '/', '/tmp/jailbreak', '../jailbreak', '../../../..']) {
      expect(vfs.lookup(p, jailed)).toEqual(fail('EACCES', 'FS.CONFINE.DENY'));
    }
    expect(vfs.open('/etc/motd', O_RDONLY, 0, jailed)).toEqual(fail('EACCES', 'FS.CONFINE.DENY'));
    expect(vfs.stat('/tmp/out', jailed)).toEqual(fail('EACCES', 'FS.CONFINE.DENY'));
  });
  it('a confined caller cannot probe what exists outside: missing and present names both fail EACCES', () => {
    const { vfs, jailed } = setup();
    expect(vfs.lookup('/tmp/missing', jailed)).toEqual(vfs.lookup('/tmp/out', jailed));
  });
  it('creation and mutation outside fail EACCES; inside they work', () => {
    const { vfs, jailed } = setup();
    expect(vfs.open('../new', O_WRONLY | O_CREAT, 0, jailed)).toEqual(fail('EACCES', 'FS.CONFINE.DENY'));
    expect(vfs.mkdir('/tmp/x', 0, jailed)).toEqual(fail('EACCES', 'FS.CONFINE.DENY'));
    expect(vfs.unlink('/tmp/out', jailed)).toEqual(fail('EACCES', 'FS.CONFINE.DENY'));
    expect(vfs.rename('in', '../in', jailed)).toEqual(fail('EACCES', 'FS.CONFINE.DENY'));
    expect(vfs.rename('/tmp/out', 'out', jailed)).toEqual(fail('EACCES', 'FS.CONFINE.DENY'));
    expect(vfs.chmod('/tmp/out', 0, jailed)).toEqual(fail('EACCES', 'FS.CONFINE.DENY'));
    must(vfs.open('new', O_WRONLY | O_CREAT, 0, jailed));
    must(vfs.rename('new', 'sub/new', jailed));
    expect(vfs.chdir('/tmp', jailed)).toEqual(fail('EACCES', 'FS.CONFINE.DENY'));
  });
});

describe('confine', () => {
  it('SEC.CONFINE.NARROW: narrows to a directory; the cwd stays when inside', () => {
    const { vfs } = setup();
    const at = { ...USER, cwd: '/tmp/jail/sub' };
    expect(vfs.confine('/tmp/jail', at)).toEqual({ ok: true, value: { root: '/tmp/jail', cwd: '/tmp/jail/sub' }, clause: 'SEC.CONFINE.NARROW' });
  });
  it('SEC.CONFINE.CWD: a cwd outside the new root moves to the root', () => {
    const { vfs } = setup();
    expect(vfs.confine('tmp/jail/', USER)).toEqual({ ok: true, value: { root: '/tmp/jail', cwd: '/tmp/jail' }, clause: 'SEC.CONFINE.CWD' });
  });
  it('SEC.CONFINE.WIDEN / SEC.CONFINE.WIDEN.ERRNO: only narrows; outside the current root fails EACCES', () => {
    const { vfs, jailed } = setup();
    expect(vfs.confine('/tmp', jailed)).toEqual(fail('EACCES', 'SEC.CONFINE.WIDEN.ERRNO'));
    expect(vfs.confine('..', jailed)).toEqual(fail('EACCES', 'SEC.CONFINE.WIDEN.ERRNO'));
    expect(vfs.confine('/tmp/jailbreak', jailed)).toEqual(fail('EACCES', 'SEC.CONFINE.WIDEN.ERRNO'));
    expect(must(vfs.confine('.', jailed))).toEqual({ root: '/tmp/jail', cwd: '/tmp/jail' });
    expect(must(vfs.confine('sub', jailed)).root).toBe('/tmp/jail/sub');
  });
  it('SEC.CONFINE.NOTDIR: confine of a file fails ENOTDIR; of a missing path ENOENT', () => {
    const { vfs } = setup();
    expect(vfs.confine('/etc/motd', ROOT)).toEqual(fail('ENOTDIR', 'SEC.CONFINE.NOTDIR'));
    expect(vfs.confine('/nope', ROOT)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
  });
});

describe('chdir and getcwd', () => {
  it('FS.CHDIR.SET: returns the normalized absolute directory', () => {
    const { vfs } = setup();
    expect(vfs.chdir('/tmp//jail/./sub/..', USER)).toEqual({ ok: true, value: '/tmp/jail', clause: 'FS.CHDIR.SET' });
    expect(must(vfs.chdir('..', { ...USER, cwd: '/tmp' }))).toBe('/');
  });
  it('FS.CHDIR.NOTDIR / FS.PATH.NOENT', () => {
    const { vfs } = setup();
    expect(vfs.chdir('/etc/motd', USER)).toEqual(fail('ENOTDIR', 'FS.CHDIR.NOTDIR'));
    expect(vfs.chdir('/nope', USER)).toEqual(fail('ENOENT', 'FS.PATH.NOENT'));
  });
  it('FS.GETCWD.PATH / FS.GETCWD.RANGE: path plus NUL; too small a buffer fails ERANGE', () => {
    expect(getcwdBytes('/', 2)).toEqual({ ok: true, value: new Uint8Array([0x2f, 0]), clause: 'FS.GETCWD.PATH' });
    expect(getcwdBytes('/tmp', 5)).toEqual({ ok: true, value: new Uint8Array([0x2f, 0x74, 0x6d, 0x70, 0]), clause: 'FS.GETCWD.PATH' });
    expect(getcwdBytes('/tmp', 4)).toEqual(fail('ERANGE', 'FS.GETCWD.RANGE'));
    expect(getcwdBytes('/', 1)).toEqual(fail('ERANGE', 'FS.GETCWD.RANGE'));
  });
});
