// Synthetic mounts: a directory of the base image (/proc, /net) whose tree a provider computes on
// demand. The provider answers list and lookup with entries; the VFS turns each entry into a
// fresh node when a path walk reaches it, so stat, open, getdents, chdir, confinement and "..",
// and every refusal to change the tree, work as for any node. A file entry either has content,
// computed at the lookup that precedes stat or open (its size is what a full read returns:
// PROCFS.STAT.SIZE, and an open reads that snapshot: PROCFS.SNAPSHOT), or is "special": the
// kernel makes the handle's object itself (sockets under /net). Providers live outside the VFS
// (the kernel supplies process and socket state); the VFS imports nothing of theirs.

import type { ErrnoName } from '../../../spec/index.js';
import type { DirNode, FileNode, FsId, VfsNode } from './node.js';
import type { Caller } from './resolve.js';
import { vfail, type VfsFailure } from './result.js';

/** One name in a synthetic directory. */
export interface SyntheticEntry {
  readonly name: string;
  readonly kind: 'dir' | 'file';
  /** Stable for the life of the thing it names; from the provider's own range (getdents d_ino). */
  readonly ino: number;
  /** Permission bits (07777). */
  readonly mode: number;
  readonly owner: number;
  /** Unix seconds. */
  readonly mtime: number;
  /** Where the entry lives below the mount point when that differs from its directory + name (/proc/self). */
  readonly path?: readonly string[];
  /** Files: the bytes a full read returns now. Absent: a special file, opened by the kernel. */
  readonly content?: () => Uint8Array;
  /** Files: whether the file may be opened for reading / writing (default: reading only). */
  readonly readable?: boolean;
  readonly writable?: boolean;
}

/** A filesystem computed on demand. */
export interface SyntheticProvider {
  /** The filesystem its nodes belong to. */
  readonly fs: FsId;
  /** The clause EROFS names when a call would create, remove, rename, truncate or change a node. */
  readonly readOnlyClause: string;
  /** What opening a file with an access mode it does not offer fails with. */
  readonly deniedAccess: { readonly errno: ErrnoName; readonly clause: string };
  /** The clause a successful open of a file with content names (PROCFS.SNAPSHOT); none when absent. */
  readonly snapshotClause?: string;
  /** The entries of the directory at `dir` (components below the mount point), in listing order; null when there is none. */
  list(dir: readonly string[]): readonly SyntheticEntry[] | null;
  /** The entry `name` of directory `dir` as `caller` sees it (default: found in `list`). */
  lookup?(dir: readonly string[], name: string, caller: Caller): SyntheticEntry | null;
}

/** What a node made from an entry (or a mount point) remembers of its provider. */
export interface SyntheticInfo {
  readonly provider: SyntheticProvider;
  /** Components below the mount point ([] for the mount point itself). */
  readonly path: readonly string[];
  /** Files: no content; the kernel makes the object behind the handle. */
  readonly special: boolean;
  readonly readable: boolean;
  readonly writable: boolean;
}

/** Attaches `provider` to the mount point `dir` (a directory of the base image on the provider's fs). */
export function attachProvider(dir: DirNode, provider: SyntheticProvider): void {
  if (!dir.mountPoint || dir.fs !== provider.fs) throw new Error(`synthetic mount: ${dir.name} is not a ${provider.fs} mount point`);
  dir.synthetic = { provider, path: [], special: false, readable: true, writable: false };
}

/** The child `name` of `dir`: a real entry, or a fresh node made from the provider's entry. */
export function childOf(dir: DirNode, name: string, caller: Caller): VfsNode | undefined {
  const s = dir.synthetic;
  if (s === undefined) return dir.entries.get(name);
  const { provider, path } = s;
  const entry = provider.lookup ? provider.lookup(path, name, caller) : (provider.list(path)?.find((e) => e.name === name) ?? null);
  return entry === null ? undefined : nodeOf(entry, dir, s);
}

/** A directory's entries in listing order: its own, or the provider's (empty once it has gone). */
export function listingOf(dir: DirNode): readonly (readonly [string, Pick<VfsNode, 'ino' | 'kind'>])[] {
  const s = dir.synthetic;
  if (s === undefined) return [...dir.entries];
  return (s.provider.list(s.path) ?? []).map((e) => [e.name, e] as const);
}

/** The clause of an EROFS for `node`: its provider's, or the base image's. */
export function readOnlyClause(node: VfsNode): string {
  return node.synthetic?.provider.readOnlyClause ?? 'FS.BASE.ERRNO';
}

/**
 * Whether a synthetic file may be opened so: truncation fails EROFS (the provider's read-only
 * clause), an access mode the file does not offer fails with the provider's deniedAccess.
 */
export function syntheticOpenDenied(node: FileNode, readable: boolean, writable: boolean, trunc: boolean): VfsFailure | null {
  const s = node.synthetic!;
  if (trunc) return vfail('EROFS', s.provider.readOnlyClause);
  if ((readable && !s.readable) || (writable && !s.writable)) return vfail(s.provider.deniedAccess.errno, s.provider.deniedAccess.clause);
  return null;
}

function nodeOf(e: SyntheticEntry, parent: DirNode, s: SyntheticInfo): VfsNode {
  const synthetic: SyntheticInfo = {
    provider: s.provider,
    path: e.path ?? [...s.path, e.name],
    special: e.kind === 'file' && e.content === undefined,
    readable: e.readable ?? true,
    writable: e.writable ?? false,
  };
  const common = { ino: e.ino, fs: s.provider.fs, mode: e.mode & 0o7777, owner: e.owner, mtime: e.mtime, parent, name: e.name, openCount: 0, synthetic };
  if (e.kind === 'dir') return { ...common, kind: 'dir', entries: new Map(), mountPoint: false };
  const data = e.content ? e.content() : new Uint8Array(0);
  return { ...common, kind: 'file', data, size: data.length };
}
