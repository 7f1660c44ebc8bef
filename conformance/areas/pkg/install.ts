// pkg_install: activation and mounting (PKG.INSTALL, PKG.MOUNT, PKG.INSTALL.REPLACE), the
// container and payload rules (PKG.FORMAT, PKG.FORMAT.HEADER, PKG.PAYLOAD), names, space, and the
// check order (PKG.ORDER).

import type { LayoutValues } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { DEFAULT_MANIFEST, latin1Bytes, packImage, packSwpkg, sha256, type ImageEntry } from './images.js';
import {
  fullGeneration, HELLO, HELLO_FILE, HELLO_PAYLOAD, HELLO_PKG, O_WRONLY, onePackage, PKG_PATH, pkgCase, preseeded, SEEK_CUR, SEEK_END, STORE,
} from './kit.js';


function basics(): CaseDef[] {
  return [
    pkgCase({
      id: 'install/listed', description: 'pkg_install of a valid .swpkg returns 0 and pkg_info(0) names it',
      clauses: ['PKG.INSTALL', 'PKG.INFO'], boot: STORE, files: [HELLO_FILE],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.INSTALL']);
        k.expectInfo(0, 'hello-1.0_1', ['PKG.INSTALL', 'PKG.INFO']);
        k.expectNoInfo(1, ['PKG.INFO.MISSING']);
      },
    }),
    pkgCase({
      id: 'install/mounted-files', description: 'after pkg_install the payload\'s files read back at "/" + their paths',
      clauses: ['PKG.INSTALL', 'PKG.MOUNT'], boot: STORE, files: [HELLO_FILE],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.INSTALL']);
        k.expectFile('/usr/bin/hello', 'hello from a package\n', ['PKG.MOUNT']);
        k.expectFile('/usr/share/hello/README', 'read me first\n', ['PKG.MOUNT']);
      },
    }),
    pkgCase({
      id: 'install/mode-and-owner', description: 'mounted files keep the entry\'s permission bits and owner; set-id bits are dropped',
      clauses: ['PKG.MOUNT'], boot: STORE,
      files: [{ path: PKG_PATH, data: packSwpkg(packImage([{ path: 'usr/bin/tool', data: 't', mode: 0o4755, owner: 7 }, { path: 'usr/etc/conf', data: 'c', mode: 0o600 }])) }],
      body(k) {
        k.installOk('tool', '1', ['PKG.INSTALL']);
        const st = k.p.space(32, 8);
        for (const [path, mode, owner] of [['/usr/bin/tool', 0o755, 7], ['/usr/etc/conf', 0o600, 1]] as const) {
          k.p.sys('stat', k.p.str(path), st);
          k.p.expectEq(`stat ${path} returns 0`, ['PKG.MOUNT'], 0);
          k.p.loadInt(k.n, st);
          k.p.a.inst('AND_imm', { sf: 0, N: 0, immr: 0, imms: 11, Rn: k.n.n, Rd: 0 }); // w0 = st_mode & 07777
          k.p.expectEq(`${path} has mode 0${mode.toString(8)}`, ['PKG.MOUNT'], mode);
          k.p.loadInt(k.n, st + 4);
          k.p.expectEq(`${path} is owned by principal ${owner}`, ['PKG.MOUNT'], owner, k.n);
        }
      },
    }),
    pkgCase({
      id: 'install/read-only', description: 'a mounted package file cannot be opened for writing (EROFS)',
      clauses: ['PKG.MOUNT', 'FS.BASE.ERRNO'], boot: STORE, files: [HELLO_FILE],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.INSTALL']);
        k.p.sys('open', k.p.str('/usr/bin/hello'), O_WRONLY, 0);
        k.p.expectErrno('open(/usr/bin/hello, O_WRONLY) fails EROFS', ['PKG.MOUNT', 'FS.BASE.ERRNO'], 'EROFS');
      },
    }),
    pkgCase({
      id: 'install/directories', description: 'directory entries appear with their mode; missing parents are made 0755',
      clauses: ['PKG.MOUNT'], boot: STORE,
      files: [{ path: PKG_PATH, data: packSwpkg(packImage([{ path: 'usr/share/empty', kind: 'dir', mode: 0o700 }])) }],
      body(k) {
        k.installOk('empty', '1', ['PKG.INSTALL']);
        const st = k.p.space(32, 8);
        for (const [path, mode] of [['/usr/share/empty', 0o40700], ['/usr/share', 0o40755]] as const) {
          k.p.sys('stat', k.p.str(path), st);
          k.p.expectEq(`stat ${path} returns 0`, ['PKG.MOUNT'], 0);
          k.p.loadInt(0, st);
          k.p.a.inst('AND_imm', { sf: 0, N: 0, immr: 0, imms: 15, Rn: 0, Rd: 0 }); // w0 = st_mode & 0xffff
          k.p.expectEq(`${path} is a directory with mode 0${(mode & 0o777).toString(8)}`, ['PKG.MOUNT'], mode);
        }
      },
    }),
    pkgCase({
      id: 'install/offset-untouched', description: 'pkg_install reads the file from offset 0 whatever the handle offset, and leaves that offset alone',
      clauses: ['PKG.FORMAT.HEADER', 'PKG.INSTALL'], boot: STORE, files: [HELLO_FILE],
      body(k) {
        k.open(PKG_PATH);
        k.p.sys('lseek', k.fd, 0, SEEK_END);
        k.p.expectEq(`lseek to the end returns ${HELLO_PKG.length}`, ['FS.LSEEK.WHENCE'], HELLO_PKG.length);
        k.p.sys('pkg_install', k.fd, k.p.str('hello'), k.p.str('1.0_1'));
        k.p.expectEq('pkg_install returns 0', ['PKG.FORMAT.HEADER', 'PKG.INSTALL'], 0);
        k.p.sys('lseek', k.fd, 0, SEEK_CUR);
        k.p.expectEq('the handle offset is still at the end', ['PKG.FORMAT.HEADER'], HELLO_PKG.length);
      },
    }),
    pkgCase({
      id: 'install/unsigned-any-manifest', description: 'the kernel verifies no signature and does not read the manifest: an unsigned package with a free-form manifest installs',
      clauses: ['PKG.SIGNATURES', 'PKG.FORMAT.HEADER'], boot: STORE,
      files: [{ path: PKG_PATH, data: packSwpkg(HELLO_PAYLOAD, 'no catalog signature, not even JSON') }],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.SIGNATURES', 'PKG.FORMAT.HEADER']);
      },
    }),
    pkgCase({
      id: 'install/replace', description: 'installing an active name again replaces it at the same index, files and all',
      clauses: ['PKG.INSTALL.REPLACE', 'PKG.INSTALL', 'PKG.INFO'], boot: STORE,
      files: [HELLO_FILE, { path: '/packages/b.swpkg', data: packSwpkg(onePackage('b')) }, { path: '/packages/v2.swpkg', data: packSwpkg(packImage([{ path: 'usr/bin/hello', data: 'version two\n' }])) }],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.INSTALL']);
        k.installOk('b', '1', ['PKG.INSTALL'], '/packages/b.swpkg');
        k.installOk('hello', '2.0_1', ['PKG.INSTALL.REPLACE'], '/packages/v2.swpkg');
        k.expectInfo(0, 'hello-2.0_1', ['PKG.INSTALL.REPLACE']);
        k.expectInfo(1, 'b-1', ['PKG.INSTALL.REPLACE']);
        k.expectNoInfo(2, ['PKG.INSTALL.REPLACE', 'PKG.INFO.MISSING']);
        k.expectFile('/usr/bin/hello', 'version two\n', ['PKG.INSTALL.REPLACE', 'PKG.MOUNT']);
      },
    }),
    pkgCase({
      id: 'install/order', description: 'new names are listed in activation order after the boot generation',
      clauses: ['PKG.INSTALL.REPLACE', 'PKG.INFO'],
      boot: { packageStore: preseeded([{ name: 'base', version: '0', payload: onePackage('base') }]) },
      files: [HELLO_FILE],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.INSTALL']);
        k.expectInfo(0, 'base-0', ['PKG.INFO']);
        k.expectInfo(1, 'hello-1.0_1', ['PKG.INSTALL.REPLACE', 'PKG.INFO']);
      },
    }),
  ];
}

/** Containers and payloads that break one rule each: EINVAL, nothing installed. */
function formats(): CaseDef[] {
  const m = latin1Bytes(DEFAULT_MANIFEST);
  const header = (over: LayoutValues): Uint8Array => packSwpkg(HELLO_PAYLOAD, undefined, over);
  const payload = (entries: readonly ImageEntry[], over: LayoutValues = {}): Uint8Array => packSwpkg(packImage(entries, over));
  const table: [string, string, Uint8Array, string][] = [
    ['magic', 'magic "SWPKG002"', header({ magic: latin1Bytes('SWPKG002') }), 'PKG.FORMAT.HEADER'],
    ['version-2', 'header version 2', header({ version: 2 }), 'PKG.FORMAT.HEADER'],
    ['header-size', 'header_size 64', header({ header_size: 64 }), 'PKG.FORMAT.HEADER'],
    ['signed', 'a signature (offset 1, size 64)', header({ signature_offset: 1n, signature_size: 64n }), 'PKG.FORMAT.HEADER'],
    ['signature-size', 'a non-zero signature_size alone', header({ signature_size: 64n }), 'PKG.FORMAT.HEADER'],
    ['manifest-offset', 'manifest_offset 129', header({ manifest_offset: 129n }), 'PKG.FORMAT.HEADER'],
    ['payload-gap', 'a byte between manifest and payload', header({ payload_offset: BigInt(128 + m.length + 1), payload_size: BigInt(HELLO_PAYLOAD.length - 1) }), 'PKG.FORMAT.HEADER'],
    ['manifest-empty', 'manifest_size 0', header({ manifest_size: 0n, payload_offset: 128n }), 'PKG.FORMAT.HEADER'],
    ['payload-empty', 'payload_size 0', header({ payload_size: 0n }), 'PKG.FORMAT.HEADER'],
    ['payload-past-end', 'a payload running one byte past the file', header({ payload_size: BigInt(HELLO_PAYLOAD.length + 1) }), 'PKG.FORMAT.HEADER'],
    ['manifest-hash', 'a wrong manifest SHA-256', header({ manifest_sha256: sha256(HELLO_PAYLOAD) }), 'PKG.FORMAT.HEADER'],
    ['payload-hash', 'a wrong payload SHA-256', header({ payload_sha256: sha256(m) }), 'PKG.FORMAT.HEADER'],
    ['short-file', 'a file shorter than the 128-byte header', HELLO_PKG.slice(0, 127), 'PKG.FORMAT.HEADER'],
    ['empty-file', 'an empty file', new Uint8Array(0), 'PKG.FORMAT.HEADER'],
    ['payload-v3', 'a version-3 (signed base image) payload', payload(HELLO, { version: 3 }), 'PKG.PAYLOAD'],
    ['payload-magic', 'a payload without the SWOSBASE magic', payload(HELLO, { magic: latin1Bytes('SWOSBASX') }), 'PKG.PAYLOAD'],
    ['payload-entry-size', 'entry_size 72 in a version-2 payload', payload(HELLO, { entry_size: 72 }), 'PKG.PAYLOAD'],
    ['payload-header-size', 'header_size 72', payload(HELLO, { header_size: 72 }), 'PKG.PAYLOAD'],
    ['payload-no-entries', 'a payload with no entries', payload([]), 'PKG.PAYLOAD'],
    ['payload-entries-outside', 'entry_count beyond the payload', payload(HELLO, { entry_count: 100 }), 'PKG.PAYLOAD'],
    ['path-absolute', 'an absolute path', payload([{ path: '/usr/bin/x' }]), 'PKG.PAYLOAD'],
    ['path-dotdot', 'a path with ".."', payload([{ path: 'usr/../etc/motd' }]), 'PKG.PAYLOAD'],
    ['path-dot', 'a path with "."', payload([{ path: 'usr/./x' }]), 'PKG.PAYLOAD'],
    ['path-empty-component', 'a path with "//"', payload([{ path: 'usr//x' }]), 'PKG.PAYLOAD'],
    ['path-outside-usr', 'a file outside usr/', payload([{ path: 'etc/evil' }]), 'PKG.PAYLOAD'],
    ['path-usr-file', 'a file named usr', payload([{ path: 'usr' }]), 'PKG.PAYLOAD'],
    ['path-duplicate', 'two entries with one path', payload([{ path: 'usr/a' }, { path: 'usr/a' }]), 'PKG.PAYLOAD'],
    ['path-long-component', 'a 256-byte path component', payload([{ path: `usr/${'c'.repeat(256)}` }]), 'PKG.PAYLOAD'],
    ['path-unterminated', 'a path without its NUL', payload([{ path: 'usr/a', raw: { path_length: 4 } }]), 'PKG.PAYLOAD'],
    ['path-outside-strings', 'a path past the string table', payload([{ path: 'usr/a', raw: { path_offset: 1000 } }]), 'PKG.PAYLOAD'],
    ['entry-kind', 'an entry of kind 3', payload([{ path: 'usr/a', raw: { kind: 3 } }]), 'PKG.PAYLOAD'],
    ['entry-flags', 'an entry with flags 1', payload([{ path: 'usr/a', raw: { flags: 1 } }]), 'PKG.PAYLOAD'],
    ['file-data-outside', 'file data past the data section', payload([{ path: 'usr/a', data: 'x', raw: { data_size: 2n } }]), 'PKG.PAYLOAD'],
  ];
  return table.map(([id, what, data, clause]) => pkgCase({
    id: `install/format/${id}`, description: `pkg_install of a package with ${what} fails EINVAL and installs nothing`,
    clauses: ['PKG.FORMAT', clause], boot: STORE, files: [{ path: PKG_PATH, data }],
    body(k) {
      k.install('hello', '1.0_1');
      k.p.expectErrno('pkg_install fails EINVAL', ['PKG.FORMAT', clause], 'EINVAL');
      k.expectNoInfo(0, ['PKG.FORMAT']);
      k.expectAbsent('/usr/bin/hello', ['PKG.FORMAT']);
    },
  }));
}

function others(): CaseDef[] {
  const name = (id: string, n: string, v: string, errno: 'EINVAL' | null, clauses: readonly string[]): CaseDef => pkgCase({
    id: `install/names/${id}`, description: `pkg_install with a ${n.length}-byte name and a ${v.length}-byte version ${errno ? `fails ${errno}` : 'succeeds'}`,
    clauses: ['PKG.NAMES', ...clauses], boot: STORE, files: [HELLO_FILE],
    body(k) {
      k.install(n, v);
      if (errno) k.p.expectErrno(`pkg_install fails ${errno}`, ['PKG.NAMES', ...clauses], errno);
      else k.p.expectEq('pkg_install returns 0', ['PKG.NAMES', ...clauses], 0);
    },
  });
  return [
    name('longest', 'n'.repeat(31), 'v'.repeat(15), null, ['PKG.INSTALL']),
    name('name-32', 'n'.repeat(32), '1', 'EINVAL', ['ABI.STRING.TOOLONG']),
    name('version-16', 'x', 'v'.repeat(16), 'EINVAL', ['ABI.STRING.TOOLONG']),
    name('name-empty', '', '1', 'EINVAL', ['ABI.STRING.EMPTY']),
    name('version-empty', 'x', '', 'EINVAL', ['ABI.STRING.EMPTY']),
    pkgCase({
      id: 'install/not-a-file', description: 'pkg_install of a handle on /dev/zero fails EINVAL: not a .swpkg file',
      clauses: ['PKG.FORMAT', 'PKG.FORMAT.HEADER'], boot: STORE,
      body(k) {
        k.install('zero', '1', '/dev/zero');
        k.p.expectErrno('pkg_install fails EINVAL', ['PKG.FORMAT', 'PKG.FORMAT.HEADER'], 'EINVAL');
      },
    }),
    pkgCase({
      id: 'install/mount-clash', description: 'a payload whose file would sit where a directory is fails EINVAL and mounts none of its files',
      clauses: ['PKG.MOUNT'], boot: STORE,
      files: [HELLO_FILE, { path: '/packages/clash.swpkg', data: packSwpkg(packImage([{ path: 'usr/new/file', data: 'n' }, { path: 'usr/bin', data: 'x' }])) }],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.INSTALL']);
        k.install('clash', '1', '/packages/clash.swpkg');
        k.p.expectErrno('pkg_install of the clashing package fails EINVAL', ['PKG.MOUNT'], 'EINVAL');
        k.expectNoInfo(1, ['PKG.MOUNT']);
        k.expectAbsent('/usr/new', ['PKG.MOUNT']);
        k.expectFile('/usr/bin/hello', 'hello from a package\n', ['PKG.MOUNT']);
      },
    }),
    pkgCase({
      id: 'install/mount-through-file', description: 'a payload path through an existing file fails EINVAL',
      clauses: ['PKG.MOUNT'], boot: STORE,
      files: [HELLO_FILE, { path: '/packages/under.swpkg', data: packSwpkg(packImage([{ path: 'usr/bin/hello/x', data: 'x' }])) }],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.INSTALL']);
        k.install('under', '1', '/packages/under.swpkg');
        k.p.expectErrno('pkg_install fails EINVAL', ['PKG.MOUNT'], 'EINVAL');
      },
    }),
    pkgCase({
      id: 'install/full-capacity', description: 'a payload larger than the space left fails ENOSPC',
      clauses: ['PKG.STORE.FULL'], boot: { packageStore: { capacity: HELLO_PAYLOAD.length - 1 } }, files: [HELLO_FILE],
      body(k) {
        k.install('hello', '1.0_1');
        k.p.expectErrno('pkg_install fails ENOSPC', ['PKG.STORE.FULL'], 'ENOSPC');
        k.expectNoInfo(0, ['PKG.STORE.FULL']);
      },
    }),
    pkgCase({
      id: 'install/full-exact', description: 'a payload of exactly the capacity fits',
      clauses: ['PKG.STORE.FULL', 'PKG.INSTALL'], boot: { packageStore: { capacity: HELLO_PAYLOAD.length } }, files: [HELLO_FILE],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.STORE.FULL', 'PKG.INSTALL']);
      },
    }),
    pkgCase({
      id: 'install/full-append-only', description: 'removing a package frees no space: the same payload does not fit a second time',
      clauses: ['PKG.STORE.FULL', 'PKG.REMOVE'], boot: { packageStore: { capacity: HELLO_PAYLOAD.length + 10 } }, files: [HELLO_FILE],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.INSTALL']);
        k.p.sys('pkg_remove', k.p.str('hello'));
        k.p.expectEq('pkg_remove returns 0', ['PKG.REMOVE'], 0);
        k.p.sys('pkg_install', k.fd, k.p.str('hello'), k.p.str('1.0_1'));
        k.p.expectErrno('installing it again fails ENOSPC', ['PKG.STORE.FULL'], 'ENOSPC');
      },
    }),
    pkgCase({
      id: 'install/full-count', description: 'with 32 packages active a 33rd name fails ENOSPC',
      clauses: ['PKG.STORE.FULL'], boot: { packageStore: fullGeneration() }, files: [HELLO_FILE],
      body(k) {
        k.install('hello', '1.0_1');
        k.p.expectErrno('pkg_install of a 33rd package fails ENOSPC', ['PKG.STORE.FULL'], 'ENOSPC');
        k.expectNoInfo(32, ['PKG.STORE.FULL']);
      },
    }),
    pkgCase({
      id: 'install/full-count-replace', description: 'with 32 packages active, replacing one of them still works',
      clauses: ['PKG.STORE.FULL', 'PKG.INSTALL.REPLACE'], boot: { packageStore: fullGeneration() },
      files: [{ path: PKG_PATH, data: packSwpkg(onePackage('p5', 'new')) }],
      body(k) {
        k.installOk('p5', '2', ['PKG.STORE.FULL', 'PKG.INSTALL.REPLACE']);
        k.expectInfo(5, 'p5-2', ['PKG.INSTALL.REPLACE']);
      },
    }),
    pkgCase({
      id: 'install/order-format-before-space', description: 'a malformed package in a full store fails EINVAL, not ENOSPC',
      clauses: ['PKG.ORDER', 'PKG.FORMAT'], boot: { packageStore: { capacity: 0 } },
      files: [{ path: PKG_PATH, data: packSwpkg(HELLO_PAYLOAD, undefined, { version: 9 }) }],
      body(k) {
        k.install('hello', '1.0_1');
        k.p.expectErrno('pkg_install fails EINVAL', ['PKG.ORDER', 'PKG.FORMAT'], 'EINVAL');
      },
    }),
  ];
}

export function installCases(): CaseDef[] {
  return [...basics(), ...formats(), ...others()];
}
