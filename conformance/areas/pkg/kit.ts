// Shared pieces of the pkg area: cases written through a Kit (derivedCase), boot shapes, the sample packages, and guest
// routines (install a file, check pkg_info's string, check a mounted file's bytes).

import { constValue, encodeLayout, layout, SEEDED_PRINCIPAL_CAPS, type LayoutValues } from '../../../spec/index.js';
import type { BootSpec, CaseDef, CaseFile, PackageStoreBoot } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase, type DerivedCaseSpec } from '../../program/derived-case.js';
import { base64, latin1Bytes, packImage, packSwpkg, sha256, type ImageEntry } from './images.js';

export const AREA = 'pkg';
export const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
export const O_WRONLY = constValue('OPEN_ACCESS', 'O_WRONLY');
export const SEEK_END = constValue('SEEK_WHENCE', 'SEEK_END');
export const SEEK_CUR = constValue('SEEK_WHENCE', 'SEEK_CUR');
/** A seeded non-root principal (SEC.PRINCIPALS): user, with its caps. */
export const USER = { principal: 2, session: 2, caps: SEEDED_PRINCIPAL_CAPS.user } as const;
const DESC = layout('pkg_stream_begin_desc');
const GUARD = 0xee;

/** A machine with an empty package store of the default capacity. */
export const STORE: BootSpec = { packageStore: {} };

/** The sample package: two directories, an executable and a data file (PKG.PAYLOAD). */
export const HELLO: readonly ImageEntry[] = [
  { path: 'usr', kind: 'dir' },
  { path: 'usr/bin', kind: 'dir' },
  { path: 'usr/bin/hello', data: 'hello from a package\n', mode: 0o755 },
  { path: 'usr/share/hello/README', data: 'read me first\n' },
];
export const HELLO_PAYLOAD = packImage(HELLO);
export const HELLO_PKG = packSwpkg(HELLO_PAYLOAD);
export const PKG_PATH = '/packages/hello.swpkg';
export const HELLO_FILE: CaseFile = { path: PKG_PATH, data: HELLO_PKG };

/** A small package of one file at usr/<name>. */
export function onePackage(name: string, data = name): Uint8Array {
  return packImage([{ path: `usr/${name}`, data }]);
}

/** A store whose boot generation holds `packages` (payload images). */
export function preseeded(packages: readonly { readonly name: string; readonly version: string; readonly payload: Uint8Array }[], capacity?: number): PackageStoreBoot {
  return {
    ...(capacity !== undefined ? { capacity } : {}),
    packages: packages.map((p) => ({ name: p.name, version: p.version, payload: base64(p.payload) })),
  };
}

/** The 32 packages a generation may hold (PKG.STORE.FULL): p0..p31, one file each. */
export function fullGeneration(): PackageStoreBoot {
  return preseeded(Array.from({ length: 32 }, (_, i) => ({ name: `p${i}`, version: '1', payload: onePackage(`p${i}`) })));
}

// ---- the case factory ------------------------------------------------------------------------

export interface PkgCaseInput extends Omit<DerivedCaseSpec, 'build'> {
  readonly files?: readonly CaseFile[];
  /** Emits the program around a Kit; `finish()` is appended. */
  body(k: Kit): void;
}

/** A derivedCase of `area` whose program is written through a Kit. */
export function makeCase(area: string, c: PkgCaseInput): CaseDef {
  const { files, body, ...spec } = c;
  return derivedCase(area, {
    ...spec,
    build({ p }) {
      body(new Kit(p));
      return files ? { files } : {};
    },
  });
}

export function pkgCase(c: PkgCaseInput): CaseDef {
  return makeCase(AREA, c);
}

// ---- guest routines --------------------------------------------------------------------------

/** A program plus two registers the routines use: the handle in hand and a count. */
export class Kit {
  readonly fd: Reg;
  readonly n: Reg;

  constructor(readonly p: CaseProgram) {
    this.fd = p.variable();
    this.n = p.variable();
  }

  /** open(path, O_RDONLY) into `fd`, asserting a handle came back. */
  open(path: string, clauses: readonly string[] = ['FS.OPEN.LOWEST']): this {
    this.p.sys('open', this.p.str(path), O_RDONLY, 0).save(this.fd);
    this.p.expectCmp(`open ${path} returns a handle`, clauses, 'ge', 0, this.fd);
    return this;
  }

  /** Opens `path` and calls pkg_install(fd, name, version); the result is in x0. */
  install(name: string, version: string, path = PKG_PATH): this {
    this.open(path);
    this.p.sys('pkg_install', this.fd, this.p.str(name), this.p.str(version));
    return this;
  }

  /** install, asserting 0. */
  installOk(name: string, version: string, clauses: readonly string[], path = PKG_PATH): this {
    this.install(name, version, path);
    this.p.expectEq(`pkg_install(${name}, ${version}) returns 0`, clauses, 0);
    return this;
  }

  /** pkg_info(index) returns the length of "name-version" and writes it with a NUL. */
  expectInfo(index: number, text: string, clauses: readonly string[]): this {
    const buf = this.p.bytes(new Uint8Array(64).fill(GUARD));
    this.p.sys('pkg_info', index, buf, 64);
    this.p.expectEq(`pkg_info(${index}) returns ${text.length}`, clauses, text.length);
    this.p.expectMem(`pkg_info(${index}) wrote "${text}" and a NUL`, clauses, buf, Uint8Array.from([...latin1Bytes(text), 0, GUARD]));
    return this;
  }

  /** pkg_info(index) fails ENOENT. */
  expectNoInfo(index: number, clauses: readonly string[]): this {
    this.p.sys('pkg_info', index, 0, 0);
    this.p.expectErrno(`pkg_info(${index}) fails ENOENT`, clauses, 'ENOENT');
    return this;
  }

  /** The file at `path` reads back exactly `content`. */
  expectFile(path: string, content: string, clauses: readonly string[]): this {
    const bytes = latin1Bytes(content);
    const buf = this.p.bytes(new Uint8Array(bytes.length + 8).fill(GUARD));
    this.open(path, clauses);
    this.p.sys('read', this.fd, buf, bytes.length + 8);
    this.p.expectEq(`read of ${path} returns ${bytes.length}`, clauses, bytes.length);
    this.p.expectMem(`${path} holds the payload's bytes`, clauses, buf, bytes);
    this.p.sys('close', this.fd);
    return this;
  }

  /** stat(path) fails ENOENT. */
  expectAbsent(path: string, clauses: readonly string[]): this {
    this.p.sys('stat', this.p.str(path), this.p.space(32, 8));
    this.p.expectErrno(`stat ${path} fails ENOENT`, clauses, 'ENOENT');
    return this;
  }

  /** A pkg_stream_begin descriptor for `payload` (fields overridable); returns its address. */
  desc(name: string, version: string, payload: Uint8Array, over: LayoutValues = {}): number {
    return this.p.bytes(encodeLayout(DESC, {
      name: latin1Bytes(name), version_revision: latin1Bytes(version),
      payload_size: BigInt(payload.length), payload_sha256: sha256(payload), ...over,
    }), 8);
  }

  /** begin(desc), asserting 0. */
  begin(desc: number, clauses: readonly string[] = ['PKG.STREAM.BEGIN']): this {
    this.p.sys('pkg_stream_begin', desc);
    this.p.expectEq('pkg_stream_begin returns 0', clauses, 0);
    return this;
  }

  /** pkg_stream_write of `bytes`, asserting 0. */
  write(bytes: Uint8Array, clauses: readonly string[] = ['PKG.STREAM.WRITE']): this {
    this.p.sys('pkg_stream_write', this.p.bytes(bytes, 1), bytes.length);
    this.p.expectEq(`pkg_stream_write of ${bytes.length} bytes returns 0`, clauses, 0);
    return this;
  }

  /** fork; the child runs `child` then exits 0; the parent waits for it and goes on. */
  inChild(child: () => void): this {
    const parent = this.p.a.label();
    this.p.sys('fork');
    this.p.a.cbnz(0, parent);
    child();
    this.p.exit(0);
    this.p.a.bind(parent);
    this.p.sys('waitpid', -1, 0, 0);
    return this;
  }
}
