// The package store behind the pkg_* calls: an append-only device of fixed capacity, the package
// view mounted this session, the generation the next boot will mount, and at most one stream
// (PKG.BUSY). The handlers check caller and arguments; this class keeps the state consistent.

import type { ErrnoName } from '../../../spec/index.js';
import type { Process } from '../process.js';
import type { Vfs } from '../vfs/index.js';
import { parsePayload, sameBytes, sha256, type PayloadEntry } from './format.js';
import { canMount, mount } from './mount.js';

/** A package as a store image holds it: name, version_revision and payload image bytes. */
export interface PackageImage {
  readonly name: string;
  readonly version: string;
  readonly payload: Uint8Array;
}

export interface PackageStoreOptions {
  /** Payload bytes the device holds (PKG.STORE.FULL). Default 1 MiB. */
  readonly capacity?: number;
  /** Packages active at boot, in order (a store image with an active generation); each must be valid. */
  readonly packages?: readonly PackageImage[];
}

export const DEFAULT_PACKAGE_CAPACITY = 1 << 20;
/** Packages one generation can activate (PKG.STORE.FULL). */
export const MAX_ACTIVE_PACKAGES = 32;

export interface ActivePackage {
  readonly name: string;
  readonly version: string;
  readonly entries: readonly PayloadEntry[];
}

/** A streamed install in progress (PKG.STREAM.*). */
export interface PackageStream {
  readonly owner: Process;
  readonly name: string;
  readonly version: string;
  readonly size: number;
  readonly sha256: Uint8Array;
  readonly chunks: Uint8Array[];
  written: number;
}

export type StoreOutcome = { readonly ok: true } | { readonly ok: false; readonly errno: ErrnoName; readonly clause: string };

const OK: StoreOutcome = { ok: true };
const refuse = (errno: ErrnoName, clause: string): StoreOutcome => ({ ok: false, errno, clause });

export class PackageStore {
  readonly capacity: number;
  /** Payload bytes appended so far (the store is append-only: removal frees nothing). */
  used = 0;
  /** The view mounted this session, in activation order (pkg_info indexes it). */
  readonly mounted: ActivePackage[] = [];
  /** The generation the next boot mounts (PKG.REMOVE.NEXT). */
  readonly next: ActivePackage[] = [];
  private stream: PackageStream | null = null;

  constructor(private readonly vfs: Vfs, opts: PackageStoreOptions = {}) {
    const capacity = opts.capacity ?? DEFAULT_PACKAGE_CAPACITY;
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new Error(`package store: capacity ${capacity} is not a byte count`);
    this.capacity = capacity;
    for (const p of opts.packages ?? []) {
      const r = this.install(p.name, p.version, p.payload);
      if (!r.ok) throw new Error(`package store: boot package ${p.name}-${p.version} is refused (${r.errno} ${r.clause})`);
    }
  }

  /** The stream in progress, if any; one whose owner has ended is dropped first (PKG.STREAM.EXIT). */
  private live(): PackageStream | null {
    if (this.stream !== null && this.stream.owner.state !== 'live') this.stream = null;
    return this.stream;
  }

  /** A mutation is in progress (PKG.BUSY): a stream of any process. */
  get busy(): boolean {
    return this.live() !== null;
  }

  /** Bytes left for new payloads, a stream's reservation deducted. */
  get free(): number {
    return this.capacity - this.used - (this.live()?.size ?? 0);
  }

  /** `p`'s own stream (PKG.STREAM.NONE when null). */
  streamOf(p: Process): PackageStream | null {
    const s = this.live();
    return s !== null && s.owner === p ? s : null;
  }

  /** Appends a payload and activates it (PKG.INSTALL); checks format, space, then the mount (PKG.ORDER). */
  install(name: string, version: string, payload: Uint8Array): StoreOutcome {
    const entries = parsePayload(payload);
    if (entries === null) return refuse('EINVAL', 'PKG.FORMAT');
    if (payload.length > this.free) return refuse('ENOSPC', 'PKG.STORE.FULL');
    return this.activate(name, version, entries, payload.length);
  }

  private activate(name: string, version: string, entries: readonly PayloadEntry[], bytes: number): StoreOutcome {
    const at = this.mounted.findIndex((p) => p.name === name);
    if (at < 0 && this.mounted.length >= MAX_ACTIVE_PACKAGES) return refuse('ENOSPC', 'PKG.STORE.FULL');
    if (!canMount(this.vfs, entries)) return refuse('EINVAL', 'PKG.MOUNT');
    mount(this.vfs, entries);
    this.used += bytes;
    const pkg: ActivePackage = { name, version, entries };
    // PKG.INSTALL.REPLACE: same name in place, new names at the end, in both views.
    if (at >= 0) this.mounted[at] = pkg;
    else this.mounted.push(pkg);
    const nextAt = this.next.findIndex((p) => p.name === name);
    if (nextAt >= 0) this.next[nextAt] = pkg;
    else this.next.push(pkg);
    return OK;
  }

  /** Drops `name` from the next boot's generation (PKG.REMOVE, PKG.REMOVE.NEXT). */
  remove(name: string): StoreOutcome {
    const at = this.next.findIndex((p) => p.name === name);
    if (at < 0) return refuse('ENOENT', 'PKG.REMOVE.MISSING');
    this.next.splice(at, 1);
    return OK;
  }

  /** Starts a stream owned by `owner`, reserving `size` bytes (the caller checked busy and space). */
  begin(owner: Process, name: string, version: string, size: number, digest: Uint8Array): void {
    this.stream = { owner, name, version, size, sha256: digest, chunks: [], written: 0 };
  }

  /** Appends to `s`; past its declared size the stream is dropped instead (PKG.STREAM.SIZE). */
  write(s: PackageStream, bytes: Uint8Array): StoreOutcome {
    if (s.written + bytes.length > s.size) {
      this.drop();
      return refuse('EFBIG', 'PKG.STREAM.SIZE');
    }
    s.chunks.push(bytes.slice());
    s.written += bytes.length;
    return OK;
  }

  /** Validates `s` and activates its payload; the stream ends either way (PKG.STREAM.COMMIT, .HASH). */
  commit(s: PackageStream): StoreOutcome {
    this.drop();
    const payload = new Uint8Array(s.written);
    let at = 0;
    for (const c of s.chunks) {
      payload.set(c, at);
      at += c.length;
    }
    if (s.written !== s.size || !sameBytes(sha256(payload), s.sha256)) return refuse('EINVAL', 'PKG.STREAM.HASH');
    const entries = parsePayload(payload);
    if (entries === null) return refuse('EINVAL', 'PKG.FORMAT');
    return this.activate(s.name, s.version, entries, payload.length);
  }

  /** Ends the stream in progress, returning its reservation (PKG.STREAM.ABORT). */
  drop(): void {
    this.stream = null;
  }
}
