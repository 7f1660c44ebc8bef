// pkg_info, pkg_files and pkg_remove; the store's presence (PKG.NOSTORE), the root principal
// (PKG.ROOT) and the check order around them (PKG.ORDER).

import type { CaseDef } from '../../model.js';
import { filesList, latin1Bytes, packImage, packSwpkg } from './images.js';
import { HELLO, HELLO_FILE, HELLO_PAYLOAD, Kit, onePackage, PKG_PATH, pkgCase, preseeded, STORE, USER } from './kit.js';

const GUARD = 0xee;
const INFO_TEXT = 'hello-1.0_1';

/** The mutating calls with a valid request; the result is in x0. */
const MUTATORS: readonly { readonly row: string; readonly call: (k: Kit) => void }[] = [
  { row: 'pkg_install', call: (k) => k.install('hello', '1.0_1') },
  { row: 'pkg_remove', call: (k) => k.p.sys('pkg_remove', k.p.str('hello')) },
  { row: 'pkg_stream_begin', call: (k) => k.p.sys('pkg_stream_begin', k.desc('hello', '1.0_1', HELLO_PAYLOAD)) },
];

function presence(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const m of MUTATORS) {
    out.push(pkgCase({
      id: `nostore/${m.row}`, description: `without a package store ${m.row} fails ENOENT`,
      clauses: ['PKG.NOSTORE', 'PKG.ORDER'], files: [HELLO_FILE],
      body(k) {
        m.call(k);
        k.p.expectErrno(`${m.row} fails ENOENT`, ['PKG.NOSTORE'], 'ENOENT');
      },
    }));
    for (const store of [false, true]) {
      out.push(pkgCase({
        id: `root/${m.row}/${store ? 'store' : 'no-store'}`,
        description: `${m.row} by a non-root principal fails EACCES${store ? '' : ', even without a store (root is checked first)'}`,
        clauses: ['PKG.ROOT', 'PKG.ORDER'], files: [HELLO_FILE], boot: { identity: USER, ...(store ? STORE : {}) },
        body(k) {
          m.call(k);
          k.p.expectErrno(`${m.row} fails EACCES`, ['PKG.ROOT', 'PKG.ORDER'], 'EACCES');
        },
      }));
    }
  }
  out.push(
    pkgCase({
      id: 'nostore/pkg_info', description: 'without a package store no package is active: pkg_info(0) fails ENOENT',
      clauses: ['PKG.NOSTORE', 'PKG.INFO.MISSING', 'PKG.ORDER'],
      body(k) {
        k.expectNoInfo(0, ['PKG.NOSTORE', 'PKG.INFO.MISSING']);
      },
    }),
    pkgCase({
      id: 'nostore/pkg_files', description: 'without a package store no package is active: pkg_files fails ENOENT',
      clauses: ['PKG.NOSTORE', 'PKG.FILES.MISSING', 'PKG.ORDER'],
      body(k) {
        k.p.sys('pkg_files', k.p.str('hello'), 0, 0);
        k.p.expectErrno('pkg_files fails ENOENT', ['PKG.NOSTORE', 'PKG.FILES.MISSING'], 'ENOENT');
      },
    }),
    pkgCase({
      id: 'order/arguments-first', description: 'argument checks come before the principal: a non-root pkg_install of a bad handle fails EBADF',
      clauses: ['PKG.ORDER', 'FD.BADF'], boot: { identity: USER },
      body(k) {
        k.p.sys('pkg_install', 99, k.p.str('x'), k.p.str('1'));
        k.p.expectErrno('pkg_install(99, ...) fails EBADF', ['PKG.ORDER', 'FD.BADF'], 'EBADF');
      },
    }),
    pkgCase({
      id: 'root/readers-need-no-root', description: 'pkg_info and pkg_files work for a non-root principal',
      clauses: ['PKG.ORDER', 'PKG.INFO', 'PKG.FILES'],
      boot: { identity: USER, packageStore: preseeded([{ name: 'hello', version: '1.0_1', payload: HELLO_PAYLOAD }]) },
      body(k) {
        k.expectInfo(0, INFO_TEXT, ['PKG.ORDER', 'PKG.INFO']);
        k.p.sys('pkg_files', k.p.str('hello'), 0, 0);
        k.p.expectEq('pkg_files returns the list size', ['PKG.ORDER', 'PKG.FILES'], filesList(HELLO).length);
      },
    }),
  );
  return out;
}

function info(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const cap of [0, 1, 4, INFO_TEXT.length, INFO_TEXT.length + 1, 64]) {
    const fits = cap > INFO_TEXT.length;
    const written = cap === 0 ? new Uint8Array(0) : Uint8Array.from([...latin1Bytes(INFO_TEXT.slice(0, cap - 1)), 0]);
    out.push(pkgCase({
      id: `info/cap-${cap}`,
      description: `pkg_info with cap ${cap} returns ${INFO_TEXT.length} and writes ${written.length} bytes${fits ? '' : ' (truncated, NUL-terminated)'}`,
      clauses: fits ? ['PKG.INFO'] : ['PKG.INFO', 'PKG.INFO.TRUNCATE'], boot: STORE, files: [HELLO_FILE],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.INSTALL']);
        const buf = k.p.bytes(new Uint8Array(80).fill(GUARD));
        k.p.sys('pkg_info', 0, buf, cap);
        k.p.expectEq(`pkg_info returns ${INFO_TEXT.length}`, ['PKG.INFO', 'PKG.INFO.TRUNCATE'], INFO_TEXT.length);
        const want = new Uint8Array(80).fill(GUARD);
        want.set(written);
        k.p.expectMem(`the buffer holds ${written.length} written bytes and the guard after them`, ['PKG.INFO', 'PKG.INFO.TRUNCATE'], buf, want);
      },
    }));
  }
  out.push(
    pkgCase({
      id: 'info/null-cap-0', description: 'pkg_info(0, NULL, 0) returns the length without writing',
      clauses: ['PKG.INFO.TRUNCATE', 'ABI.NULL.EMPTY'], boot: { packageStore: preseeded([{ name: 'a', version: '1', payload: onePackage('a') }]) },
      body(k) {
        k.p.sys('pkg_info', 0, 0, 0);
        k.p.expectEq('pkg_info returns 3', ['PKG.INFO.TRUNCATE'], 3);
      },
    }),
    pkgCase({
      id: 'info/missing-index', description: 'pkg_info past the last active package fails ENOENT',
      clauses: ['PKG.INFO.MISSING'],
      boot: { packageStore: preseeded([{ name: 'a', version: '1', payload: onePackage('a') }, { name: 'b', version: '2', payload: onePackage('b') }]) },
      body(k) {
        k.expectInfo(1, 'b-2', ['PKG.INFO']);
        k.expectNoInfo(2, ['PKG.INFO.MISSING']);
        k.expectNoInfo(0x7fffffff, ['PKG.INFO.MISSING']);
      },
    }),
    pkgCase({
      id: 'info/empty-store', description: 'an empty store has no package 0',
      clauses: ['PKG.INFO.MISSING'], boot: STORE,
      body(k) {
        k.expectNoInfo(0, ['PKG.INFO.MISSING']);
      },
    }),
    pkgCase({
      id: 'info/boot-generation', description: 'packages of the boot generation are listed in order and their files are mounted',
      clauses: ['PKG.INFO', 'PKG.MOUNT'],
      boot: { packageStore: preseeded([{ name: 'a', version: '1', payload: onePackage('a') }, { name: 'lib', version: '2_3', payload: packImage([{ path: 'usr/lib/x.so', data: 'library' }]) }]) },
      body(k) {
        k.expectInfo(0, 'a-1', ['PKG.INFO']);
        k.expectInfo(1, 'lib-2_3', ['PKG.INFO']);
        k.expectFile('/usr/lib/x.so', 'library', ['PKG.MOUNT']);
      },
    }),
  );
  return out;
}

function files(): CaseDef[] {
  const list = latin1Bytes(filesList(HELLO));
  const boot = { packageStore: preseeded([{ name: 'hello', version: '1.0_1', payload: HELLO_PAYLOAD }]) };
  const filesCase = (cap: number, clauses: readonly string[]): CaseDef => pkgCase({
    id: `files/cap-${cap}`, description: `pkg_files with cap ${cap} returns ${list.length} and writes the first ${Math.min(cap, list.length)} bytes of the list`,
    clauses, boot,
    body(k) {
      const buf = k.p.bytes(new Uint8Array(96).fill(GUARD));
      k.p.sys('pkg_files', k.p.str('hello'), buf, cap);
      k.p.expectEq(`pkg_files returns ${list.length}`, clauses, list.length);
      const want = new Uint8Array(96).fill(GUARD);
      want.set(list.subarray(0, Math.min(cap, list.length)));
      k.p.expectMem('the buffer holds that many bytes of the list and nothing more', clauses, buf, want);
    },
  });
  return [
    filesCase(0, ['PKG.FILES', 'PKG.FILES.SIZE']),
    filesCase(5, ['PKG.FILES', 'PKG.FILES.LIST']),
    filesCase(list.length - 1, ['PKG.FILES', 'PKG.FILES.LIST']),
    filesCase(list.length, ['PKG.FILES', 'PKG.FILES.LIST']),
    filesCase(96, ['PKG.FILES', 'PKG.FILES.LIST']),
    pkgCase({
      id: 'files/null-cap-0', description: 'pkg_files(name, NULL, 0) reports the size without writing',
      clauses: ['PKG.FILES.SIZE', 'ABI.NULL.EMPTY'], boot,
      body(k) {
        k.p.sys('pkg_files', k.p.str('hello'), 0, 0);
        k.p.expectEq(`pkg_files returns ${list.length}`, ['PKG.FILES.SIZE'], list.length);
      },
    }),
    pkgCase({
      id: 'files/directories-not-listed', description: 'directory entries are not listed; files keep entry order',
      clauses: ['PKG.FILES', 'PKG.FILES.LIST'],
      boot: { packageStore: preseeded([{ name: 'd', version: '1', payload: packImage([{ path: 'usr/z' }, { path: 'usr/d', kind: 'dir' }, { path: 'usr/a' }]) }]) },
      body(k) {
        const buf = k.p.space(32);
        k.p.sys('pkg_files', k.p.str('d'), buf, 32);
        k.p.expectEq('pkg_files returns 14', ['PKG.FILES'], 14);
        k.p.expectMem('the list is /usr/z then /usr/a', ['PKG.FILES.LIST'], buf, latin1Bytes('/usr/z\n/usr/a\n'));
      },
    }),
    pkgCase({
      id: 'files/missing', description: 'pkg_files of a name that is not active fails ENOENT',
      clauses: ['PKG.FILES.MISSING'], boot,
      body(k) {
        k.p.sys('pkg_files', k.p.str('hell'), k.p.space(16), 16);
        k.p.expectErrno('pkg_files(hell) fails ENOENT', ['PKG.FILES.MISSING'], 'ENOENT');
      },
    }),
  ];
}

function remove(): CaseDef[] {
  const boot = { packageStore: preseeded([{ name: 'hello', version: '1.0_1', payload: HELLO_PAYLOAD }, { name: 'b', version: '1', payload: onePackage('b') }]) };
  const removeOk = (k: Kit, name: string, clauses: readonly string[]): void => {
    k.p.sys('pkg_remove', k.p.str(name));
    k.p.expectEq(`pkg_remove(${name}) returns 0`, clauses, 0);
  };
  return [
    pkgCase({
      id: 'remove/ok', description: 'pkg_remove of an active package returns 0',
      clauses: ['PKG.REMOVE'], boot,
      body(k) {
        removeOk(k, 'hello', ['PKG.REMOVE']);
      },
    }),
    pkgCase({
      id: 'remove/twice', description: 'a second pkg_remove of the same name fails ENOENT: it is gone from the next generation',
      clauses: ['PKG.REMOVE', 'PKG.REMOVE.NEXT', 'PKG.REMOVE.MISSING'], boot,
      body(k) {
        removeOk(k, 'hello', ['PKG.REMOVE']);
        k.p.sys('pkg_remove', k.p.str('hello'));
        k.p.expectErrno('the second pkg_remove fails ENOENT', ['PKG.REMOVE.NEXT', 'PKG.REMOVE.MISSING'], 'ENOENT');
        removeOk(k, 'b', ['PKG.REMOVE']);
      },
    }),
    pkgCase({
      id: 'remove/missing', description: 'pkg_remove of a name never installed fails ENOENT',
      clauses: ['PKG.REMOVE.MISSING'], boot,
      body(k) {
        k.p.sys('pkg_remove', k.p.str('nothere'));
        k.p.expectErrno('pkg_remove fails ENOENT', ['PKG.REMOVE.MISSING'], 'ENOENT');
      },
    }),
    pkgCase({
      id: 'remove/empty-store', description: 'pkg_remove in an empty store fails ENOENT',
      clauses: ['PKG.REMOVE.MISSING'], boot: STORE,
      body(k) {
        k.p.sys('pkg_remove', k.p.str('hello'));
        k.p.expectErrno('pkg_remove fails ENOENT', ['PKG.REMOVE.MISSING'], 'ENOENT');
      },
    }),
    pkgCase({
      id: 'remove/still-mounted', description: 'until reboot a removed package is still listed, its files still read and pkg_files still answers',
      clauses: ['PKG.REMOVE.REBOOT', 'PKG.REMOVE.NEXT'], boot,
      body(k) {
        removeOk(k, 'hello', ['PKG.REMOVE']);
        k.expectInfo(0, INFO_TEXT, ['PKG.REMOVE.REBOOT', 'PKG.REMOVE.NEXT']);
        k.expectInfo(1, 'b-1', ['PKG.REMOVE.REBOOT']);
        k.p.sys('pkg_files', k.p.str('hello'), 0, 0);
        k.p.expectEq('pkg_files(hello) still returns the list size', ['PKG.REMOVE.REBOOT'], filesList(HELLO).length);
        k.expectFile('/usr/bin/hello', 'hello from a package\n', ['PKG.REMOVE.REBOOT']);
      },
    }),
    pkgCase({
      id: 'remove/reinstall', description: 'installing a removed name puts it back into the next generation, so it can be removed again',
      clauses: ['PKG.REMOVE.NEXT', 'PKG.REMOVE', 'PKG.INSTALL.REPLACE'], boot, files: [HELLO_FILE],
      body(k) {
        removeOk(k, 'hello', ['PKG.REMOVE']);
        k.installOk('hello', '1.0_1', ['PKG.REMOVE.NEXT', 'PKG.INSTALL']);
        k.expectInfo(0, INFO_TEXT, ['PKG.INSTALL.REPLACE']);
        k.expectNoInfo(2, ['PKG.INSTALL.REPLACE']);
        removeOk(k, 'hello', ['PKG.REMOVE.NEXT']);
      },
    }),
    pkgCase({
      id: 'remove/installed-this-boot', description: 'a package installed in this session can be removed',
      clauses: ['PKG.REMOVE', 'PKG.INSTALL'], boot: STORE,
      files: [{ path: PKG_PATH, data: packSwpkg(HELLO_PAYLOAD) }],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.INSTALL']);
        removeOk(k, 'hello', ['PKG.REMOVE']);
      },
    }),
  ];
}

export function queryCases(): CaseDef[] {
  return [...presence(), ...info(), ...files(), ...remove()];
}
