// Shared state of one VFS instance: inode numbers, the virtual clock, tmpfs capacity accounting,
// the entropy source for /dev/random and the record of fsync/sync calls.

import { isWritableFs, type FileNode, type VfsNode } from './node.js';
import { vfail, vok, type VfsResult } from './result.js';

/** Limits of the writable trees, tmpfs and /data counted together (FS.DATA.MACHINE). */
export interface TmpfsLimits {
  /** Live tmpfs and /data nodes (files and directories, the mount points excluded). */
  readonly maxNodes: number;
  /** Bytes held by all tmpfs files together. */
  readonly maxBytes: number;
  /** Bytes one file may hold (FS.TRUNCATE.LIMIT). */
  readonly maxFileBytes: number;
}

export const DEFAULT_TMPFS_LIMITS: TmpfsLimits = { maxNodes: 4096, maxBytes: 32 << 20, maxFileBytes: 8 << 20 };

export type SyncRecord =
  | { readonly op: 'fsync'; readonly ino: number; readonly clause: string }
  | { readonly op: 'sync'; readonly clause: string };

/** Deterministic fallback entropy (xorshift32) for when the kernel passes no source. */
export function xorshiftEntropy(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13; s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5; s >>>= 0;
      out[i] = s & 0xff;
    }
    return out;
  };
}

export class Store {
  private ino = 0;
  private nodes = 0;
  private bytes = 0;
  readonly syncLog: SyncRecord[] = [];
  /** Every flush of /data fails (FS.FSYNC.IO; boot option data.failFlush). */
  failFlush = false;

  constructor(
    readonly limits: TmpfsLimits,
    private readonly clock: () => number,
    readonly entropy: (n: number) => Uint8Array,
  ) {}

  nextIno(): number {
    return ++this.ino;
  }

  /** Unix seconds from the caller's clock. */
  now(): number {
    return Math.floor(this.clock());
  }

  get usage(): { readonly nodes: number; readonly bytes: number } {
    return { nodes: this.nodes, bytes: this.bytes };
  }

  /** Claims room for one more tmpfs node. */
  claimNode(): VfsResult<null> {
    if (this.nodes >= this.limits.maxNodes) return vfail('ENOSPC', 'FS.TMPFS.FULL');
    this.nodes++;
    return vok(null);
  }

  /** Counts a writable node the image brought (a /data file or directory); a configuration error past the limits. */
  adopt(node: VfsNode): void {
    this.nodes++;
    if (node.kind === 'file') this.bytes += node.size;
    if (this.nodes > this.limits.maxNodes || this.bytes > this.limits.maxBytes || (node.kind === 'file' && node.size > this.limits.maxFileBytes)) {
      throw new Error(`/data: the image's files exceed the writable limits at ${node.name}`);
    }
  }

  /** Drops a tmpfs node that is unlinked and no longer open, with its bytes. */
  releaseIfDead(node: VfsNode): void {
    if (!isWritableFs(node.fs) || node.parent !== null || node.openCount > 0) return;
    this.nodes--;
    if (node.kind === 'file') {
      this.bytes -= node.size;
      node.size = 0;
      node.data = new Uint8Array(0);
    }
  }

  /** Bytes a file may grow to from its current size, within both limits. */
  room(file: FileNode): number {
    if (!isWritableFs(file.fs)) return Number.MAX_SAFE_INTEGER;
    return Math.max(0, Math.min(this.limits.maxFileBytes, file.size + this.limits.maxBytes - this.bytes));
  }

  /** Sets a file's length, zero-filling growth (FS.TRUNCATE.GROW) and discarding a shrunk tail. */
  resize(file: FileNode, size: number): VfsResult<null> {
    if (isWritableFs(file.fs)) {
      if (size > this.limits.maxFileBytes) return vfail('EFBIG', 'FS.TRUNCATE.LIMIT');
      if (this.bytes - file.size + size > this.limits.maxBytes) return vfail('ENOSPC', 'FS.TMPFS.FULL');
      this.bytes += size - file.size;
    }
    if (size > file.data.length) {
      const grown = new Uint8Array(Math.max(size, file.data.length * 2, 64));
      grown.set(file.data.subarray(0, file.size));
      file.data = grown;
    } else if (size < file.size) {
      file.data.fill(0, size, file.size);
    }
    file.size = size;
    return vok(null);
  }
}
