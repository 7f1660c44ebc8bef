import { describe, expect, it } from 'vitest';
import { constValue, encodeLayout, layout, SEEDED_PRINCIPAL_CAPS, type LayoutValues } from '../../../spec/index.js';
import { digest, packImage, packSwpkg, type TestEntry } from '../pkg/pkg.testkit.js';
import type { PackageStoreOptions } from '../pkg/store.js';
import type { Identity } from '../process.js';
import { call, err, Prog, run, type Run, type RunOptions } from '../testkit.js';

const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
const O_WRONLY = constValue('OPEN_ACCESS', 'O_WRONLY');
const SEEK_END = constValue('SEEK_WHENCE', 'SEEK_END');
const SEEK_CUR = constValue('SEEK_WHENCE', 'SEEK_CUR');
const USER: Identity = { principal: 2, session: 2, caps: SEEDED_PRINCIPAL_CAPS.user };
const DESC = layout('pkg_stream_begin_desc');
const STORE: PackageStoreOptions = {};
const PKG_PATH = '/packages/hello.swpkg';

const HELLO: readonly TestEntry[] = [
  { path: 'usr', kind: 'dir' },
  { path: 'usr/bin', kind: 'dir' },
  { path: 'usr/bin/hello', data: 'hello from a package\n', mode: 0o755 },
  { path: 'usr/share/hello/README', data: 'read me\n' },
];
const HELLO_PAYLOAD = packImage(HELLO);
const HELLO_PKG = packSwpkg(HELLO_PAYLOAD);
const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

function go(build: (p: Prog) => void, opts: RunOptions = {}): Run {
  const p = new Prog();
  build(p);
  p.exit(0);
  return run(p, opts);
}

/** Opens `path` read-only into x19 and installs it as name-version. */
function install(p: Prog, name: string, version: string, path = PKG_PATH): void {
  call(p, 'open', p.str(path), O_RDONLY, 0);
  p.keep(19);
  call(p, 'pkg_install', { r: 19 }, p.str(name), p.str(version));
}

/** Reads up to 256 bytes of `path` and writes them to the console. */
function cat(p: Prog, path: string): void {
  const buf = p.space(256);
  call(p, 'open', p.str(path), O_RDONLY, 0);
  p.keep(20);
  call(p, 'read', { r: 20 }, buf, 256);
  p.keep(21);
  call(p, 'write', 1, buf, { r: 21 });
  call(p, 'close', { r: 20 });
}

function withFiles(files: Record<string, Uint8Array>, extra: RunOptions = {}): RunOptions {
  return { packageStore: STORE, image: new Map(Object.entries(files)), ...extra };
}

function desc(p: Prog, values: LayoutValues): number {
  return p.bytes(encodeLayout(DESC, values), 8);
}

function helloDesc(p: Prog, over: LayoutValues = {}): number {
  return desc(p, { name: bytes('hello'), version_revision: bytes('1.0_1'), payload_size: BigInt(HELLO_PAYLOAD.length), payload_sha256: digest(HELLO_PAYLOAD), ...over });
}

describe('package store: presence and principal', () => {
  it('PKG.NOSTORE, PKG.INFO.MISSING, PKG.FILES.MISSING: without a store the mutating calls fail ENOENT and no package is active', () => {
    const r = go((p) => {
      install(p, 'hello', '1.0_1');
      call(p, 'pkg_remove', p.str('hello'));
      call(p, 'pkg_stream_begin', helloDesc(p));
      call(p, 'pkg_info', 0, p.space(64), 64);
      call(p, 'pkg_files', p.str('hello'), p.space(64), 64);
    }, { image: new Map([[PKG_PATH, HELLO_PKG]]) });
    expect([r.ret('pkg_install'), r.ret('pkg_remove'), r.ret('pkg_stream_begin')]).toEqual([err('ENOENT'), err('ENOENT'), err('ENOENT')]);
    expect(r.clause('pkg_install')).toBe('PKG.NOSTORE');
    expect([r.ret('pkg_info'), r.ret('pkg_files')]).toEqual([err('ENOENT'), err('ENOENT')]);
    expect([r.clause('pkg_info'), r.clause('pkg_files')]).toEqual(['PKG.INFO.MISSING', 'PKG.FILES.MISSING']);
  });

  it('PKG.ROOT, PKG.ORDER: a non-root caller gets EACCES, before the store is looked at', () => {
    for (const store of [true, false]) {
      const r = go((p) => {
        install(p, 'hello', '1.0_1');
        call(p, 'pkg_remove', p.str('hello'));
        call(p, 'pkg_stream_begin', helloDesc(p));
      }, { identity: USER, image: new Map([[PKG_PATH, HELLO_PKG]]), ...(store ? { packageStore: STORE } : {}) });
      expect([r.ret('pkg_install'), r.ret('pkg_remove'), r.ret('pkg_stream_begin')]).toEqual([err('EACCES'), err('EACCES'), err('EACCES')]);
      expect(r.clause('pkg_remove')).toBe('PKG.ROOT');
    }
  });

  it('PKG.ORDER: argument checks come before the principal (a bad fd is EBADF for a non-root caller)', () => {
    const r = go((p) => call(p, 'pkg_install', 77, p.str('x'), p.str('1')), { identity: USER });
    expect(r.ret('pkg_install')).toBe(err('EBADF'));
  });
});

describe('pkg_install', () => {
  it('PKG.INSTALL, PKG.MOUNT, PKG.INFO: the package is listed and its files are mounted read-only under /usr', () => {
    const r = go((p) => {
      install(p, 'hello', '1.0_1');
      const line = p.space(64);
      call(p, 'pkg_info', 0, line, 64);
      call(p, 'write', 1, line, 12);
      cat(p, '/usr/bin/hello');
      cat(p, '/usr/share/hello/README');
      const st = p.space(32);
      call(p, 'stat', p.str('/usr/bin/hello'), st);
      call(p, 'write', 1, st, 4);
      call(p, 'open', p.str('/usr/bin/hello'), O_WRONLY, 0);
    }, withFiles({ [PKG_PATH]: HELLO_PKG }));
    expect(r.ret('pkg_install')).toBe(0n);
    expect(r.clause('pkg_install')).toBe('PKG.INSTALL');
    expect(r.ret('pkg_info')).toBe(11n);
    expect(r.out.startsWith('hello-1.0_1\0hello from a package\nread me\n')).toBe(true);
    const mode = r.result.console.slice(-4);
    expect(new DataView(mode.buffer, mode.byteOffset).getUint32(0, true) & 0o7777).toBe(0o755);
    expect(r.rets('open').at(-1)).toBe(err('EROFS'));
  });

  it('PKG.FORMAT.HEADER: pkg_install reads from offset 0 whatever the handle offset, and leaves it alone', () => {
    const r = go((p) => {
      call(p, 'open', p.str(PKG_PATH), O_RDONLY, 0);
      p.keep(19);
      call(p, 'lseek', { r: 19 }, 0, SEEK_END);
      call(p, 'pkg_install', { r: 19 }, p.str('hello'), p.str('1.0_1'));
      call(p, 'lseek', { r: 19 }, 0, SEEK_CUR);
    }, withFiles({ [PKG_PATH]: HELLO_PKG }));
    expect(r.ret('pkg_install')).toBe(0n);
    expect(r.rets('lseek')).toEqual([BigInt(HELLO_PKG.length), BigInt(HELLO_PKG.length)]);
  });

  const m = bytes('{"name":"test"}');
  const badContainers: [string, Uint8Array][] = [
    ['bad magic', packSwpkg(HELLO_PAYLOAD, undefined, { magic: bytes('SWPKG002') })],
    ['version 2', packSwpkg(HELLO_PAYLOAD, undefined, { version: 2 })],
    ['header_size 64', packSwpkg(HELLO_PAYLOAD, undefined, { header_size: 64 })],
    ['signed', packSwpkg(HELLO_PAYLOAD, undefined, { signature_offset: 1n, signature_size: 64n })],
    ['manifest elsewhere', packSwpkg(HELLO_PAYLOAD, undefined, { manifest_offset: 129n })],
    ['payload not adjacent', packSwpkg(HELLO_PAYLOAD, undefined, { payload_offset: BigInt(128 + m.length + 1), payload_size: BigInt(HELLO_PAYLOAD.length - 1) })],
    ['payload past the end', packSwpkg(HELLO_PAYLOAD, undefined, { payload_size: BigInt(HELLO_PAYLOAD.length + 1) })],
    ['manifest hash', packSwpkg(HELLO_PAYLOAD, undefined, { manifest_sha256: new Uint8Array(32) })],
    ['payload hash', packSwpkg(HELLO_PAYLOAD, undefined, { payload_sha256: digest(m) })],
    ['shorter than a header', HELLO_PKG.slice(0, 100)],
    ['payload v3', packSwpkg(packImage(HELLO, { version: 3 }))],
    ['payload magic', packSwpkg(packImage(HELLO, { magic: bytes('SWOSBAS3') }))],
    ['payload entry_size 72', packSwpkg(packImage(HELLO, { entry_size: 72 }))],
    ['payload without entries', packSwpkg(packImage([]))],
    ['absolute path', packSwpkg(packImage([{ path: '/usr/bin/x' }]))],
    ['dot-dot path', packSwpkg(packImage([{ path: 'usr/../etc/motd' }]))],
    ['outside usr', packSwpkg(packImage([{ path: 'etc/motd2' }]))],
    ['file named usr', packSwpkg(packImage([{ path: 'usr' }]))],
    ['duplicate path', packSwpkg(packImage([{ path: 'usr/a' }, { path: 'usr/a' }]))],
    ['entry kind 3', packSwpkg(packImage([{ path: 'usr/a', raw: { kind: 3 } }]))],
    ['entry flags', packSwpkg(packImage([{ path: 'usr/a', raw: { flags: 1 } }]))],
    ['file data outside', packSwpkg(packImage([{ path: 'usr/a', data: 'x', raw: { data_size: 2n } }]))],
    ['path outside the strings', packSwpkg(packImage([{ path: 'usr/a', raw: { path_length: 40 } }]))],
  ];
  for (const [what, file] of badContainers) {
    it(`PKG.FORMAT, PKG.FORMAT.HEADER, PKG.PAYLOAD: ${what} fails EINVAL and installs nothing`, () => {
      const r = go((p) => {
        install(p, 'hello', '1.0_1');
        call(p, 'pkg_info', 0, 0, 0);
      }, withFiles({ [PKG_PATH]: file }));
      expect(r.ret('pkg_install')).toBe(err('EINVAL'));
      expect(r.clause('pkg_install')).toBe('PKG.FORMAT');
      expect(r.ret('pkg_info')).toBe(err('ENOENT'));
    });
  }

  it('PKG.FORMAT: a handle on a device is not a .swpkg file', () => {
    const r = go((p) => install(p, 'z', '1', '/dev/zero'), withFiles({}));
    expect([r.ret('pkg_install'), r.clause('pkg_install')]).toEqual([err('EINVAL'), 'PKG.FORMAT']);
  });

  it('PKG.NAMES: a 31-byte name and 15-byte version are accepted, one more byte fails EINVAL', () => {
    const r = go((p) => {
      install(p, 'n'.repeat(31), 'v'.repeat(15));
      call(p, 'pkg_install', { r: 19 }, p.str('n'.repeat(32)), p.str('1'));
      call(p, 'pkg_install', { r: 19 }, p.str('x'), p.str('v'.repeat(16)));
      call(p, 'pkg_install', { r: 19 }, p.str(''), p.str('1'));
    }, withFiles({ [PKG_PATH]: HELLO_PKG }));
    expect(r.rets('pkg_install')).toEqual([0n, err('EINVAL'), err('EINVAL'), err('EINVAL')]);
  });

  it('PKG.SIGNATURES: the kernel verifies no signature; any manifest with a matching hash is accepted', () => {
    const r = go((p) => install(p, 'hello', '1.0_1'), withFiles({ [PKG_PATH]: packSwpkg(HELLO_PAYLOAD, 'not json, not signed') }));
    expect(r.ret('pkg_install')).toBe(0n);
  });

  it('PKG.INSTALL.REPLACE: installing an active name again replaces it at the same index', () => {
    const v2 = packSwpkg(packImage([{ path: 'usr/bin/hello', data: 'version two\n' }]));
    const other = packSwpkg(packImage([{ path: 'usr/bin/other', data: 'o' }]));
    const r = go((p) => {
      install(p, 'hello', '1.0_1');
      install(p, 'other', '1', '/packages/other.swpkg');
      install(p, 'hello', '2.0_1', '/packages/v2.swpkg');
      const line = p.space(64);
      call(p, 'pkg_info', 0, line, 64);
      call(p, 'write', 1, line, 12);
      call(p, 'pkg_info', 2, 0, 0);
      cat(p, '/usr/bin/hello');
    }, withFiles({ [PKG_PATH]: HELLO_PKG, '/packages/v2.swpkg': v2, '/packages/other.swpkg': other }));
    expect(r.rets('pkg_install')).toEqual([0n, 0n, 0n]);
    expect(r.rets('pkg_info')).toEqual([11n, err('ENOENT')]);
    expect(r.out).toBe('hello-2.0_1\0version two\n');
  });

  it('PKG.MOUNT: a payload whose file would sit where a directory is fails EINVAL and mounts nothing', () => {
    const clash = packSwpkg(packImage([{ path: 'usr/new/file', data: 'n' }, { path: 'usr/bin', data: 'x' }]));
    const r = go((p) => {
      install(p, 'hello', '1.0_1');
      install(p, 'clash', '1', '/packages/clash.swpkg');
      call(p, 'pkg_info', 1, 0, 0);
      call(p, 'stat', p.str('/usr/new'), p.space(32));
    }, withFiles({ [PKG_PATH]: HELLO_PKG, '/packages/clash.swpkg': clash }));
    expect(r.rets('pkg_install')).toEqual([0n, err('EINVAL')]);
    expect(r.clause('pkg_install', 1)).toBe('PKG.MOUNT');
    expect(r.ret('pkg_info')).toBe(err('ENOENT'));
    expect(r.ret('stat')).toBe(err('ENOENT'));
  });

  it('PKG.STORE.FULL: a payload larger than the space left fails ENOSPC', () => {
    const r = go((p) => install(p, 'hello', '1.0_1'), withFiles({ [PKG_PATH]: HELLO_PKG }, { packageStore: { capacity: HELLO_PAYLOAD.length - 1 } }));
    expect([r.ret('pkg_install'), r.clause('pkg_install')]).toEqual([err('ENOSPC'), 'PKG.STORE.FULL']);
  });

  it('PKG.STORE.FULL: a 33rd active package fails ENOSPC; replacing an active one still works', () => {
    const packages = Array.from({ length: 32 }, (_, i) => ({ name: `p${i}`, version: '1', payload: packImage([{ path: `usr/p${i}`, data: 'x' }]) }));
    const r = go((p) => {
      install(p, 'hello', '1.0_1');
      install(p, 'p3', '2', '/packages/p3.swpkg');
    }, withFiles({ [PKG_PATH]: HELLO_PKG, '/packages/p3.swpkg': packSwpkg(packImage([{ path: 'usr/p3', data: 'y' }])) }, { packageStore: { packages } }));
    expect(r.rets('pkg_install')).toEqual([err('ENOSPC'), 0n]);
  });

  it('PKG.BUSY: a stream in progress makes install, remove and a second begin fail EAGAIN', () => {
    const r = go((p) => {
      install(p, 'hello', '1.0_1');
      call(p, 'pkg_stream_begin', helloDesc(p, { name: bytes('other') }));
      call(p, 'pkg_install', { r: 19 }, p.str('hello'), p.str('2'));
      call(p, 'pkg_remove', p.str('hello'));
      call(p, 'pkg_stream_begin', helloDesc(p));
      call(p, 'pkg_stream_abort');
      call(p, 'pkg_remove', p.str('hello'));
    }, withFiles({ [PKG_PATH]: HELLO_PKG }));
    expect(r.rets('pkg_install')).toEqual([0n, err('EAGAIN')]);
    expect(r.clause('pkg_install', 1)).toBe('PKG.BUSY');
    expect(r.rets('pkg_remove')).toEqual([err('EAGAIN'), 0n]);
    expect(r.rets('pkg_stream_begin')).toEqual([0n, err('EAGAIN')]);
  });
});

describe('pkg_info and pkg_files', () => {
  it('PKG.INFO.TRUNCATE: a short cap gets cap - 1 bytes and a NUL; the return is the whole length', () => {
    const r = go((p) => {
      install(p, 'hello', '1.0_1');
      const b = p.bytes(new Uint8Array(8).fill(0x2e));
      call(p, 'pkg_info', 0, b, 4);
      call(p, 'write', 1, b, 8);
      call(p, 'pkg_info', 0, 0, 0);
    }, withFiles({ [PKG_PATH]: HELLO_PKG }));
    expect(r.rets('pkg_info')).toEqual([11n, 11n]);
    expect(r.clause('pkg_info')).toBe('PKG.INFO.TRUNCATE');
    expect(r.out).toBe('hel\0....');
  });

  it('PKG.FILES, PKG.FILES.LIST, PKG.FILES.SIZE: file paths in entry order, a size query, a truncated copy', () => {
    const list = '/usr/bin/hello\n/usr/share/hello/README\n';
    const r = go((p) => {
      install(p, 'hello', '1.0_1');
      const b = p.bytes(new Uint8Array(64).fill(0x2e));
      call(p, 'pkg_files', p.str('hello'), b, 0);
      call(p, 'write', 1, b, 4);
      call(p, 'pkg_files', p.str('hello'), b, 5);
      call(p, 'write', 1, b, 6);
      call(p, 'pkg_files', p.str('hello'), b, 64);
      call(p, 'write', 1, b, list.length);
      call(p, 'pkg_files', p.str('nope'), b, 64);
    }, withFiles({ [PKG_PATH]: HELLO_PKG }));
    const n = BigInt(list.length);
    expect(r.rets('pkg_files')).toEqual([n, n, n, err('ENOENT')]);
    expect([r.clause('pkg_files', 0), r.clause('pkg_files', 1), r.clause('pkg_files', 2)]).toEqual(['PKG.FILES.SIZE', 'PKG.FILES.LIST', 'PKG.FILES']);
    expect(r.out).toBe(`..../usr/.${list}`);
  });

  it('PKG.INFO, PKG.ORDER: packages of the boot generation are listed for any caller', () => {
    const r = go((p) => {
      const b = p.space(32);
      call(p, 'pkg_info', 1, b, 32);
      call(p, 'write', 1, b, 7);
      cat(p, '/usr/lib/b.so');
    }, {
      identity: USER,
      packageStore: { packages: [{ name: 'a', version: '1', payload: packImage([{ path: 'usr/a' }]) }, { name: 'b', version: '2_3', payload: packImage([{ path: 'usr/lib/b.so', data: 'B' }]) }] },
    });
    expect(r.ret('pkg_info')).toBe(5n);
    expect(r.out).toBe('b-2_3\0\0B');
  });
});

describe('pkg_remove', () => {
  it('PKG.REMOVE, PKG.REMOVE.NEXT, PKG.REMOVE.REBOOT, PKG.REMOVE.MISSING: the package leaves the next generation but stays mounted', () => {
    const r = go((p) => {
      install(p, 'hello', '1.0_1');
      call(p, 'pkg_remove', p.str('hello'));
      call(p, 'pkg_remove', p.str('hello'));
      call(p, 'pkg_remove', p.str('never'));
      call(p, 'pkg_info', 0, 0, 0);
      call(p, 'pkg_files', p.str('hello'), 0, 0);
      cat(p, '/usr/bin/hello');
      call(p, 'pkg_install', { r: 19 }, p.str('hello'), p.str('1.0_1'));
      call(p, 'pkg_remove', p.str('hello'));
    }, withFiles({ [PKG_PATH]: HELLO_PKG }));
    expect(r.rets('pkg_remove')).toEqual([0n, err('ENOENT'), err('ENOENT'), 0n]);
    expect([r.clause('pkg_remove', 0), r.clause('pkg_remove', 1)]).toEqual(['PKG.REMOVE', 'PKG.REMOVE.MISSING']);
    expect(r.ret('pkg_info')).toBe(11n);
    expect(r.ret('pkg_files')).toBe(39n);
    expect(r.out).toBe('hello from a package\n');
    expect(r.kernel.packages!.next.map((p) => p.name)).toEqual([]);
    expect(r.kernel.packages!.mounted.map((p) => p.name)).toEqual(['hello']);
  });
});

describe('package streams', () => {
  function stream(p: Prog, d: number, chunks: readonly Uint8Array[]): void {
    call(p, 'pkg_stream_begin', d);
    for (const c of chunks) call(p, 'pkg_stream_write', p.bytes(c), c.length);
  }
  const half = HELLO_PAYLOAD.length >> 1;
  const parts = [HELLO_PAYLOAD.slice(0, half), HELLO_PAYLOAD.slice(half)];

  it('PKG.STREAM.BEGIN, PKG.STREAM.WRITE, PKG.STREAM.COMMIT: a streamed payload is activated and mounted', () => {
    const r = go((p) => {
      stream(p, helloDesc(p), parts);
      call(p, 'pkg_stream_commit');
      call(p, 'pkg_info', 0, 0, 0);
      cat(p, '/usr/bin/hello');
    }, { packageStore: STORE });
    expect([r.ret('pkg_stream_begin'), ...r.rets('pkg_stream_write'), r.ret('pkg_stream_commit')]).toEqual([0n, 0n, 0n, 0n]);
    expect(r.clause('pkg_stream_commit')).toBe('PKG.STREAM.COMMIT');
    expect(r.ret('pkg_info')).toBe(11n);
    expect(r.out).toBe('hello from a package\n');
  });

  it('PKG.STREAM.SIZE: writing past the declared size fails EFBIG and drops the stream', () => {
    const r = go((p) => {
      stream(p, helloDesc(p), [HELLO_PAYLOAD, Uint8Array.of(1)]);
      call(p, 'pkg_stream_write', p.bytes(Uint8Array.of(1)), 1);
    }, { packageStore: STORE });
    expect(r.rets('pkg_stream_write')).toEqual([0n, err('EFBIG'), err('EAGAIN')]);
  });

  it('PKG.STREAM.HASH: a wrong digest or a short payload fails EINVAL at commit and drops the stream', () => {
    for (const [d, chunks] of [[{ payload_sha256: new Uint8Array(32) }, [HELLO_PAYLOAD]], [{}, [parts[0]!]]] as const) {
      const r = go((p) => {
        stream(p, helloDesc(p, d), chunks);
        call(p, 'pkg_stream_commit');
        call(p, 'pkg_stream_commit');
      }, { packageStore: STORE });
      expect(r.rets('pkg_stream_commit')).toEqual([err('EINVAL'), err('EAGAIN')]);
      expect(r.clause('pkg_stream_commit')).toBe('PKG.STREAM.HASH');
    }
  });

  it('PKG.FORMAT, PKG.STREAM.COMMIT: a payload with the right hash but not a packed v2 image fails EINVAL at commit', () => {
    const junk = new Uint8Array(80).fill(7);
    const r = go((p) => {
      stream(p, helloDesc(p, { payload_size: 80n, payload_sha256: digest(junk) }), [junk]);
      call(p, 'pkg_stream_commit');
    }, { packageStore: STORE });
    expect([r.ret('pkg_stream_commit'), r.clause('pkg_stream_commit')]).toEqual([err('EINVAL'), 'PKG.FORMAT']);
  });

  it('PKG.STREAM.ABORT, PKG.STREAM.NONE: abort drops the stream; without one write, commit and abort fail EAGAIN', () => {
    const r = go((p) => {
      call(p, 'pkg_stream_write', p.bytes(Uint8Array.of(1)), 1);
      call(p, 'pkg_stream_commit');
      call(p, 'pkg_stream_abort');
      stream(p, helloDesc(p), [parts[0]!]);
      call(p, 'pkg_stream_abort');
      call(p, 'pkg_stream_abort');
    }, { packageStore: STORE });
    expect(r.rets('pkg_stream_write')).toEqual([err('EAGAIN'), 0n]);
    expect(r.ret('pkg_stream_commit')).toBe(err('EAGAIN'));
    expect(r.rets('pkg_stream_abort')).toEqual([err('EAGAIN'), 0n, err('EAGAIN')]);
    expect(r.clause('pkg_stream_abort', 1)).toBe('PKG.STREAM.ABORT');
  });

  it('PKG.STREAM.NONE: another process cannot write to, commit or abort a stream it did not begin', () => {
    const r = go((p) => {
      call(p, 'pkg_stream_begin', helloDesc(p));
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'pkg_stream_write', p.bytes(Uint8Array.of(1)), 1);
      call(p, 'pkg_stream_abort');
      p.exit(0);
      p.a.bind(parent);
      call(p, 'waitpid', -1, 0, 0);
      call(p, 'pkg_stream_write', p.bytes(HELLO_PAYLOAD), HELLO_PAYLOAD.length);
      call(p, 'pkg_stream_commit');
    }, { packageStore: STORE });
    expect(r.rets('pkg_stream_write')).toEqual([err('EAGAIN'), 0n]);
    expect(r.ret('pkg_stream_abort')).toBe(err('EAGAIN'));
    expect(r.ret('pkg_stream_commit')).toBe(0n);
  });

  it('PKG.STREAM.EXIT: a stream whose owner ended no longer keeps the store busy', () => {
    const r = go((p) => {
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'pkg_stream_begin', helloDesc(p));
      p.exit(0);
      p.a.bind(parent);
      call(p, 'waitpid', -1, 0, 0);
      install(p, 'hello', '1.0_1');
    }, withFiles({ [PKG_PATH]: HELLO_PKG }));
    expect(r.ret('pkg_stream_begin')).toBe(0n);
    expect(r.ret('pkg_install')).toBe(0n);
  });

  it('PKG.NAMES: descriptor names must be NUL-terminated inside their fields and not empty', () => {
    const variants: LayoutValues[] = [
      { name: bytes('n'.repeat(32)) },
      { name: new Uint8Array(0) },
      { version_revision: bytes('v'.repeat(16)) },
      { version_revision: new Uint8Array(0) },
      { name: bytes('n'.repeat(31)), version_revision: bytes('v'.repeat(15)) },
    ];
    const r = go((p) => {
      for (const v of variants) call(p, 'pkg_stream_begin', helloDesc(p, v));
    }, { packageStore: STORE });
    expect(r.rets('pkg_stream_begin')).toEqual([err('EINVAL'), err('EINVAL'), err('EINVAL'), err('EINVAL'), 0n]);
    expect(r.clause('pkg_stream_begin')).toBe('PKG.NAMES');
  });

  it('PKG.FORMAT, PKG.STORE.FULL: a declared size below a packed header is EINVAL; one beyond the space left is ENOSPC', () => {
    const r = go((p) => {
      call(p, 'pkg_stream_begin', helloDesc(p, { payload_size: 63n }));
      call(p, 'pkg_stream_begin', helloDesc(p, { payload_size: 4097n }));
      call(p, 'pkg_stream_begin', helloDesc(p, { payload_size: 2n ** 64n - 1n }));
      call(p, 'pkg_stream_begin', helloDesc(p, { payload_size: 4096n }));
    }, { packageStore: { capacity: 4096 } });
    expect(r.rets('pkg_stream_begin')).toEqual([err('EINVAL'), err('ENOSPC'), err('ENOSPC'), 0n]);
  });

  it('PKG.STORE.FULL: a stream reserves its size until it ends', () => {
    const r = go((p) => {
      call(p, 'pkg_stream_begin', helloDesc(p, { payload_size: 4000n }));
      install(p, 'hello', '1.0_1');
      call(p, 'pkg_stream_abort');
      call(p, 'pkg_install', { r: 19 }, p.str('hello'), p.str('1.0_1'));
    }, withFiles({ [PKG_PATH]: HELLO_PKG }, { packageStore: { capacity: 4096 } }));
    expect(r.rets('pkg_install')).toEqual([err('EAGAIN'), 0n]);
    expect(r.kernel.packages!.used).toBe(HELLO_PAYLOAD.length);
  });
});
