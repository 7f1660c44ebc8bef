// The virtual filesystem: the read-only base image, tmpfs at /tmp, /dev nodes and the /proc
// mount point; path operations return a VfsResult naming the clause of every failure.

import { CAP_BITS, constValue } from '../../../spec/index.js';
import { buildBaseImage, type Overlay } from './base-image.js';
import { mountData, nodesBelow, type DataOptions } from './data.js';
import { readHostOverlay } from './host-overlay.js';
import type { DirNode, FileNode, VfsNode } from './node.js';
import { isWithin, isWritableFs, pathWithin } from './node.js';
import { OpenFile } from './open-file.js';
import { parsePath } from './path.js';
import { normalize, resolvePath, type Caller, type Resolution } from './resolve.js';
import { vfail, vok, type VfsResult } from './result.js';
import { statOf, type StatFields } from './stat.js';
import { attachProvider, readOnlyClause, syntheticOpenDenied, type SyntheticProvider } from './synthetic.js';
import { DEFAULT_TMPFS_LIMITS, Store, xorshiftEntropy, type SyncRecord, type TmpfsLimits } from './store.js';

const O_ACCMODE = 3;
const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
const O_WRONLY = constValue('OPEN_ACCESS', 'O_WRONLY');
const O_CREAT = constValue('OPEN_FLAGS', 'O_CREAT');
const O_TRUNC = constValue('OPEN_FLAGS', 'O_TRUNC');
const O_APPEND = constValue('OPEN_FLAGS', 'O_APPEND');
const O_CLOEXEC = constValue('OPEN_FLAGS', 'O_CLOEXEC');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const OPEN_KNOWN = O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NONBLOCK;

/** tmpfs creation modes (FS.OPEN.MODE). */
export const NEW_FILE_MODE = 0o644;
export const NEW_DIR_MODE = 0o755;

export interface VfsOptions {
  /** Unix seconds; drives st_mtime. The kernel derives it from its virtual clock. */
  readonly clock: () => number;
  /** Base-image overlay: a map of absolute paths, or a host directory to read (`readHostOverlay`). */
  readonly overlay?: Overlay | string;
  /** Source of /dev/random bytes (FS.DEV.RANDOM); defaults to xorshift32 seeded with 1. */
  readonly entropy?: (n: number) => Uint8Array;
  readonly limits?: Partial<TmpfsLimits>;
  /** The persistent /data tree (FS.DATA.MACHINE); absent by default. */
  readonly data?: DataOptions;
}

export interface ConfineResult {
  readonly root: string;
  readonly cwd: string;
}

const hasCap = (caller: Caller, cap: keyof typeof CAP_BITS): boolean => (caller.caps & CAP_BITS[cap]) !== 0;

export class Vfs {
  readonly root: DirNode;
  /** The /data mount point, or null when the machine has none (FS.DATA.MACHINE). */
  readonly dataRoot: DirNode | null = null;
  private readonly store: Store;

  constructor(opts: VfsOptions) {
    this.store = new Store({ ...DEFAULT_TMPFS_LIMITS, ...opts.limits }, opts.clock, opts.entropy ?? xorshiftEntropy(1));
    const overlay = typeof opts.overlay === 'string' ? readHostOverlay(opts.overlay) : opts.overlay;
    const mtime = this.store.now();
    this.root = buildBaseImage({ nextIno: () => this.store.nextIno(), mtime }, overlay);
    if (opts.data) {
      this.dataRoot = mountData({ nextIno: () => this.store.nextIno(), mtime }, this.root, opts.data.files);
      for (const node of nodesBelow(this.dataRoot)) this.store.adopt(node);
      this.store.failFlush = opts.data.failFlush ?? false;
    }
  }

  /**
   * Flushes every file of /data (sync, reboot: FS.SYNC.ALL, SYS.REBOOT.SYNC): the bytes written
   * back, or EIO when the disk fails (FS.FSYNC.IO); null on a machine without /data.
   */
  flushData(): VfsResult<number> | null {
    if (this.dataRoot === null) return null;
    if (this.store.failFlush) return vfail('EIO', 'FS.FSYNC.IO');
    let bytes = 0;
    for (const node of nodesBelow(this.dataRoot)) if (node.kind === 'file') bytes += node.size;
    return vok(bytes, 'FS.FSYNC.DATA');
  }

  /** fsync/sync calls so far, oldest first. */
  get syncLog(): readonly SyncRecord[] {
    return this.store.syncLog;
  }

  /** tmpfs nodes and bytes in use. */
  get tmpfsUsage(): { readonly nodes: number; readonly bytes: number } {
    return this.store.usage;
  }

  /** Inode numbers and the current mtime for read-only nodes placed from outside (package payloads, PKG.MOUNT). */
  nodeFactory(): { nextIno(): number; readonly mtime: number } {
    return { nextIno: () => this.store.nextIno(), mtime: this.store.now() };
  }

  /** Attaches a synthetic provider (synthetic.ts) to the top-level mount point `path` (/proc, /net). */
  mount(path: string, provider: SyntheticProvider): void {
    const dir = this.root.entries.get(path.replace(/^\//, ''));
    if (dir?.kind !== 'dir') throw new Error(`synthetic mount: no mount point ${path}`);
    attachProvider(dir, provider);
  }

  resolve(path: string, caller: Caller, wantParent = false): VfsResult<Resolution> {
    return resolvePath(this.root, path, caller, wantParent);
  }

  /** The node at `path` (no capability needed; confinement applies). */
  lookup(path: string, caller: Caller): VfsResult<VfsNode> {
    const r = this.resolve(path, caller);
    return r.ok ? vok(r.value.node!) : r;
  }

  /** stat: FS.STAT.NOCAP, FS.STAT.RECORD. */
  stat(path: string, caller: Caller): VfsResult<StatFields> {
    const r = this.lookup(path, caller);
    return r.ok ? vok(statOf(r.value), 'FS.STAT.RECORD') : r;
  }

  /**
   * open: flags, then capabilities (FS.OPEN.CAP.*), then resolution and confinement, then
   * EISDIR/EROFS, then creation or truncation. `mode` is ignored (FS.OPEN.MODE). O_CLOEXEC is the
   * caller's (handle) business; O_APPEND and O_NONBLOCK become the description's status flags.
   */
  open(path: string, flags: number, _mode: number, caller: Caller): VfsResult<OpenFile> {
    if ((flags & ~OPEN_KNOWN) !== 0) return vfail('EINVAL', 'ABI.FLAGS.UNKNOWN');
    const acc = flags & O_ACCMODE;
    if (acc === O_ACCMODE) return vfail('EINVAL', 'FS.OPEN.ACCMODE');
    const readable = acc !== O_WRONLY;
    const writable = acc !== O_RDONLY;
    const creat = (flags & O_CREAT) !== 0;
    const trunc = (flags & O_TRUNC) !== 0;
    if (readable && !hasCap(caller, 'capFsRead')) return vfail('EACCES', 'FS.OPEN.CAP.READ');
    if ((writable || creat || trunc) && !hasCap(caller, 'capTmpWrite')) return vfail('EACCES', 'FS.OPEN.CAP.WRITE');
    const r = this.resolve(path, caller, creat);
    if (!r.ok) return r;
    const { node, parent, name, trailingSlash } = r.value;
    if (node === null) {
      if (trailingSlash) return vfail('EISDIR', 'FS.PATH.TRAILSLASH');
      const dir = parent!;
      if (!isWritableFs(dir.fs)) return vfail('EROFS', readOnlyClause(dir));
      const claim = this.store.claimNode();
      if (!claim.ok) return claim;
      const now = this.store.now();
      const file: FileNode = {
        kind: 'file', ino: this.store.nextIno(), fs: dir.fs, mode: NEW_FILE_MODE, owner: caller.principal >>> 0, mtime: now,
        parent: dir, name, openCount: 0, data: new Uint8Array(0), size: 0,
      };
      dir.entries.set(name, file);
      dir.mtime = now;
      return vok(new OpenFile(file, readable, writable, flags, this.store), 'FS.OPEN.CREAT');
    }
    if (node.kind === 'dir') {
      if (writable || trunc || creat) return vfail('EISDIR', 'FS.OPEN.DIR.WRITE');
      return vok(new OpenFile(node, true, false, flags, this.store));
    }
    if (node.kind === 'file' && node.synthetic !== undefined) {
      const denied = syntheticOpenDenied(node, readable, writable, trunc);
      return denied ?? vok(new OpenFile(node, readable, writable, flags, this.store), node.synthetic.special ? null : (node.synthetic.provider.snapshotClause ?? null));
    }
    if (node.kind === 'file' && (writable || trunc) && !isWritableFs(node.fs)) return vfail('EROFS', 'FS.BASE.ERRNO');
    if (node.kind === 'file' && trunc && node.size > 0) {
      const t = this.store.resize(node, 0);
      if (!t.ok) return t;
      node.mtime = this.store.now();
      return vok(new OpenFile(node, readable, writable, flags, this.store), 'FS.OPEN.TRUNC');
    }
    return vok(new OpenFile(node, readable, writable, flags, this.store));
  }

  /** mkdir: EEXIST is checked before EROFS so that mkdir -p works (FS.MKDIR.EXISTS). */
  mkdir(path: string, _mode: number, caller: Caller): VfsResult<0> {
    if (!hasCap(caller, 'capTmpWrite')) return vfail('EACCES', 'FS.MUTATE.CAP');
    const r = this.resolve(path, caller, true);
    if (!r.ok) return r;
    const { node, parent, name } = r.value;
    if (node !== null) return vfail('EEXIST', 'FS.MKDIR.EXISTS');
    const dir = parent!;
    if (!isWritableFs(dir.fs)) return vfail('EROFS', readOnlyClause(dir));
    const claim = this.store.claimNode();
    if (!claim.ok) return claim;
    const now = this.store.now();
    dir.entries.set(name, {
      kind: 'dir', ino: this.store.nextIno(), fs: dir.fs, mode: NEW_DIR_MODE, owner: caller.principal >>> 0, mtime: now,
      parent: dir, name, openCount: 0, entries: new Map(), mountPoint: false,
    });
    dir.mtime = now;
    return vok(0, 'FS.TMPFS.OWNER');
  }

  rmdir(path: string, caller: Caller): VfsResult<0> {
    if (!hasCap(caller, 'capTmpWrite')) return vfail('EACCES', 'FS.MUTATE.CAP');
    const r = this.resolve(path, caller);
    if (!r.ok) return r;
    const node = r.value.node!;
    // "/" and mount points are busy before a final "." or ".." is refused (FS.PATH.DOTLAST).
    if (node === this.root || (node.kind === 'dir' && node.mountPoint)) return vfail('EBUSY', 'FS.RMDIR.ROOT');
    if (r.value.lastIsDot) return vfail('EINVAL', 'FS.PATH.DOTLAST');
    if (node.kind !== 'dir') return vfail('ENOTDIR', 'FS.RMDIR.NOTDIR');
    if (!isWritableFs(node.fs)) return vfail('EROFS', readOnlyClause(node));
    if (node.entries.size > 0) return vfail('ENOTEMPTY', 'FS.RMDIR.NOTEMPTY');
    this.detach(node);
    return vok(0);
  }

  /** unlink: open descriptions keep the contents (FS.UNLINK.OPEN). */
  unlink(path: string, caller: Caller): VfsResult<0> {
    if (!hasCap(caller, 'capTmpWrite')) return vfail('EACCES', 'FS.MUTATE.CAP');
    const r = this.resolve(path, caller);
    if (!r.ok) return r;
    const node = r.value.node!;
    if (node.kind === 'dir') return vfail('EISDIR', 'FS.UNLINK.DIR');
    if (!isWritableFs(node.fs)) return vfail('EROFS', readOnlyClause(node));
    const open = node.openCount > 0;
    this.detach(node);
    return vok(0, open ? 'FS.UNLINK.OPEN' : null);
  }

  rename(oldPath: string, newPath: string, caller: Caller): VfsResult<0> {
    if (!hasCap(caller, 'capTmpWrite')) return vfail('EACCES', 'FS.MUTATE.CAP');
    const ro = this.resolve(oldPath, caller);
    if (!ro.ok) return ro;
    const rn = this.resolve(newPath, caller, true);
    if (!rn.ok) return rn;
    const src = ro.value.node!;
    const dst = rn.value.node;
    if (src === this.root || (src.kind === 'dir' && src.mountPoint)) return vfail('EBUSY', 'FS.RENAME.ROOT');
    if (dst !== null && (dst === this.root || (dst.kind === 'dir' && dst.mountPoint))) return vfail('EBUSY', 'FS.RENAME.ROOT');
    if (ro.value.lastIsDot || rn.value.lastIsDot) return vfail('EINVAL', 'FS.PATH.DOTLAST');
    const dstDir = rn.value.parent!;
    if (!isWritableFs(src.fs) || !isWritableFs(dstDir.fs)) return vfail('EROFS', readOnlyClause(isWritableFs(src.fs) ? dstDir : src));
    if (src.fs !== dstDir.fs) return vfail('EINVAL', 'FS.RENAME.CROSSFS');
    if (dst === src) return vok(0, 'FS.RENAME.SAME');
    if (src.kind === 'dir' && isWithin(dstDir, src)) return vfail('EINVAL', 'FS.RENAME.SUBTREE');
    if (src.kind !== 'dir' && (rn.value.trailingSlash || ro.value.trailingSlash)) return vfail('ENOTDIR', 'FS.PATH.TRAILSLASH');
    if (dst !== null) {
      if (src.kind !== 'dir' && dst.kind === 'dir') return vfail('EISDIR', 'FS.RENAME.TYPE');
      if (src.kind === 'dir' && dst.kind !== 'dir') return vfail('ENOTDIR', 'FS.RENAME.TYPE');
      if (dst.kind === 'dir' && dst.entries.size > 0) return vfail('ENOTEMPTY', 'FS.RENAME.NOTEMPTY');
      this.detach(dst);
    }
    const from = src.parent!;
    from.entries.delete(src.name);
    src.name = rn.value.name;
    src.parent = dstDir;
    dstDir.entries.set(src.name, src);
    const now = this.store.now();
    from.mtime = now;
    dstDir.mtime = now;
    return vok(0, dst !== null ? 'FS.RENAME.REPLACE' : null);
  }

  chmod(path: string, mode: number, caller: Caller): VfsResult<0> {
    return this.setattr(path, caller, (node) => {
      node.mode = mode & 0o7777;
    }, 'FS.CHMOD.BITS');
  }

  chown(path: string, owner: number, caller: Caller): VfsResult<0> {
    return this.setattr(path, caller, (node) => {
      node.owner = owner >>> 0;
    }, 'FS.CHOWN.OWNER');
  }

  /** chdir: returns the new current directory (FS.CHDIR.SET). */
  chdir(path: string, caller: Caller): VfsResult<string> {
    const r = this.resolve(path, caller);
    if (!r.ok) return r;
    if (r.value.node!.kind !== 'dir') return vfail('ENOTDIR', 'FS.CHDIR.NOTDIR');
    return vok(r.value.path, 'FS.CHDIR.SET');
  }

  /** confine: returns the new root and cwd (SEC.CONFINE.*); it only narrows. */
  confine(path: string, caller: Caller): VfsResult<ConfineResult> {
    const parsed = parsePath(path);
    if (!parsed.ok) return parsed;
    const lexical = normalize(parsed.value.absolute ? '/' : caller.cwd, parsed.value.components);
    if (!pathWithin(lexical, caller.root)) return vfail('EACCES', 'SEC.CONFINE.WIDEN.ERRNO');
    const r = this.resolve(path, caller);
    if (!r.ok) return r;
    if (r.value.node!.kind !== 'dir') return vfail('ENOTDIR', 'SEC.CONFINE.NOTDIR');
    const root = r.value.path;
    const cwdInside = pathWithin(caller.cwd, root);
    return vok({ root, cwd: cwdInside ? caller.cwd : root }, cwdInside ? 'SEC.CONFINE.NARROW' : 'SEC.CONFINE.CWD');
  }

  /** sync: recorded, returns 0 (FS.SYNC.ALL); /data is written back by flushData, which the caller runs first. */
  sync(): VfsResult<0> {
    this.store.syncLog.push({ op: 'sync', clause: 'FS.SYNC.ALL' });
    return vok(0, 'FS.SYNC.ALL');
  }

  private setattr(path: string, caller: Caller, apply: (node: VfsNode) => void, clause: string): VfsResult<0> {
    if (!hasCap(caller, 'capTmpWrite')) return vfail('EACCES', 'FS.MUTATE.CAP');
    const r = this.resolve(path, caller);
    if (!r.ok) return r;
    const node = r.value.node!;
    if (!isWritableFs(node.fs)) return vfail('EROFS', readOnlyClause(node));
    apply(node);
    return vok(0, clause);
  }

  private detach(node: VfsNode): void {
    const parent = node.parent!;
    parent.entries.delete(node.name);
    parent.mtime = this.store.now();
    node.parent = null;
    this.store.releaseIfDead(node);
  }
}
