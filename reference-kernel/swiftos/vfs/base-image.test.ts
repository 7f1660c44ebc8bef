import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  identityFileAccepts, parsePasswd, parseSudoers, PASSWD_PATH, SEEDED_PRINCIPAL_CAPS, sudoAllows, SUDOERS_PATH,
} from '../../../spec/index.js';
import { readHostOverlay } from './host-overlay.js';
import { Vfs } from './vfs.js';
import { bytes, makeVfs, must, readAll, ROOT, str, USER } from './vfs.testkit.js';

const PASSWORDS: Readonly<Record<string, string>> = { root: 'swordfish', user: 'swordfish', guest: 'guest' };

describe('base image defaults (FS.TMPFS.WHERE)', () => {
  const { vfs } = makeVfs();

  it('holds /etc/motd, /etc/hostname, /etc/swos/passwd, /etc/swos/sudoers and the directories', () => {
    expect(readAll(vfs, '/etc/motd')).toMatch(/SwiftOS/);
    expect(readAll(vfs, '/etc/hostname')).toBe('swiftos\n');
    for (const d of ['/bin', '/etc', '/etc/swos', '/tmp', '/dev', '/proc']) expect(must(vfs.lookup(d, ROOT)).kind).toBe('dir');
  });

  it('SEC.PRINCIPALS / SEC.PASSWD.FORMAT: passwd parses and lists root, user and guest with their seeded caps and passwords', () => {
    const text = readAll(vfs, PASSWD_PATH);
    expect(identityFileAccepts('passwd', bytes(text))).toBe(true);
    const r = parsePasswd(bytes(text));
    if (!r.ok) throw new Error(`passwd line ${r.line}: ${r.reason}`);
    expect(r.value.map((e) => [e.name, e.principal, e.caps])).toEqual([
      ['root', 1, SEEDED_PRINCIPAL_CAPS.root], ['user', 2, SEEDED_PRINCIPAL_CAPS.user], ['guest', 3, SEEDED_PRINCIPAL_CAPS.guest],
    ]);
    for (const e of r.value) expect(e.hash).toBe(createHash('sha256').update(e.salt + PASSWORDS[e.name]!).digest('hex'));
  });

  it('SEC.SUDOERS.FORMAT: sudoers parses; user may run anything, guest nothing, root always', () => {
    const s = parseSudoers(bytes(readAll(vfs, SUDOERS_PATH)));
    const p = parsePasswd(bytes(readAll(vfs, PASSWD_PATH)));
    if (!s.ok || !p.ok) throw new Error('identity files do not parse');
    expect(sudoAllows(p.value, s.value, 2, '/bin/id')).toBe(true);
    expect(sudoAllows(p.value, s.value, 3, '/bin/id')).toBe(false);
    expect(sudoAllows(p.value, s.value, 1, '/bin/id')).toBe(true);
  });

  it('FS.STAT.EXECBIN / FS.STAT.OWNER: base nodes carry their mode and owner principal 1', () => {
    expect(must(vfs.stat('/etc/motd', USER))).toMatchObject({ st_mode: 0x8000 | 0o644, st_uid: 1, st_gid: 1, st_nlink: 1 });
    expect(must(vfs.stat('/etc/swos/passwd', USER)).st_mode).toBe(0x8000 | 0o600);
    expect(must(vfs.stat('/bin', USER)).st_mode).toBe(0x4000 | 0o755);
    expect(must(vfs.stat('/tmp', USER)).st_mode).toBe(0x4000 | 0o1777);
    expect(must(vfs.stat('/dev/null', USER)).st_mode).toBe(0x2000 | 0o666);
  });
});

describe('base image overlay', () => {
  it('SEC.SETUID.EXEC: /bin/sudo from the overlay gets 04755; other /bin files 0755; others 0644', () => {
    const { vfs } = makeVfs({ overlay: new Map([['/bin/sudo', bytes('ELF')], ['/bin/sh', bytes('ELF')], ['/srv/x/y.txt', bytes('y')]]) });
    expect(must(vfs.stat('/bin/sudo', USER)).st_mode).toBe(0x8000 | 0o4755);
    expect(must(vfs.stat('/bin/sh', USER)).st_mode).toBe(0x8000 | 0o755);
    expect(must(vfs.stat('/srv/x/y.txt', USER)).st_mode).toBe(0x8000 | 0o644);
    expect(must(vfs.stat('/srv/x', USER)).st_mode).toBe(0x4000 | 0o755);
  });

  it('an overlay file replaces the default at the same path, in place, and may give mode and owner', () => {
    const { vfs } = makeVfs({ overlay: new Map([['/etc/motd', { data: bytes('hi\n'), mode: 0o4700, owner: 2 }]]) });
    expect(readAll(vfs, '/etc/motd')).toBe('hi\n');
    expect(must(vfs.stat('/etc/motd', USER))).toMatchObject({ st_mode: 0x8000 | 0o4700, st_uid: 2 });
    const etc = must(vfs.lookup('/etc', USER));
    expect(etc.kind === 'dir' && [...etc.entries.keys()]).toEqual(['swos', 'motd', 'hostname']);
  });

  it('rejects overlay paths in mount points or not normalized', () => {
    for (const p of ['/tmp/x', '/dev/null', '/proc/1', 'etc/x', '/etc/../x', '/etc//x']) {
      expect(() => makeVfs({ overlay: new Map([[p, bytes('x')]]) })).toThrow();
    }
    expect(() => makeVfs({ overlay: new Map([['/etc', bytes('x')]]) })).toThrow();
    expect(() => makeVfs({ overlay: new Map([['/etc/motd/x', bytes('x')]]) })).toThrow();
  });

  it('reads an overlay from a host directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vfs-overlay-'));
    try {
      mkdirSync(join(dir, 'etc'));
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'etc', 'motd'), 'host motd\n');
      writeFileSync(join(dir, 'bin', 'sudo'), 'ELF');
      expect([...readHostOverlay(dir).keys()]).toEqual(['/bin/sudo', '/etc/motd']);
      const vfs = new Vfs({ clock: () => 0, overlay: dir });
      expect(readAll(vfs, '/etc/motd')).toBe('host motd\n');
      expect(must(vfs.stat('/bin/sudo', ROOT)).st_mode).toBe(0x8000 | 0o4755);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('determinism', () => {
  const run = (): string => {
    const { vfs, tick } = makeVfs({ overlay: new Map([['/bin/b', bytes('b')], ['/bin/a', bytes('a')]]) });
    const f = must(vfs.open('/tmp/x', 0x42, 0, ROOT));
    tick(5);
    must(f.write(bytes('hello')));
    must(vfs.mkdir('/tmp/d', 0, ROOT));
    const dir = must(vfs.open('/', 0, 0, ROOT));
    const d = str(must(dir.getdents(4096)));
    const bin = must(vfs.open('/bin', 0, 0, ROOT));
    return JSON.stringify([d, str(must(bin.getdents(4096))), String(must(vfs.stat('/tmp/x', ROOT)).st_mtime), must(vfs.lookup('/tmp/d', ROOT)).ino]);
  };
  it('same inputs give the same tree, inode numbers, dirents and times', () => {
    expect(run()).toBe(run());
  });
});
