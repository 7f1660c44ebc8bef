// The node graph: directories, regular files and character devices, each tagged with the
// filesystem that owns it. Names and paths are byte strings (one char per byte, latin1).

import type { SyntheticInfo } from './synthetic.js';

/** Which filesystem owns a node. Only `tmpfs` and `data` (/data, FS.DATA.MACHINE) are writable. */
export type FsId = 'base' | 'tmpfs' | 'dev' | 'proc' | 'data' | 'net';

/** Whether nodes of `fs` take path mutations and writes (FS.MUTATE.WRITABLE). */
export function isWritableFs(fs: FsId): boolean {
  return fs === 'tmpfs' || fs === 'data';
}

export type DeviceName = 'null' | 'zero' | 'random' | 'urandom';

interface NodeCommon {
  readonly ino: number;
  readonly fs: FsId;
  /** Permission bits (07777). */
  mode: number;
  /** Owning principal (st_uid and st_gid). */
  owner: number;
  /** Unix seconds of the last modification. */
  mtime: number;
  /** The directory that holds the node; null for the root and for unlinked nodes. */
  parent: DirNode | null;
  name: string;
  /** Open file descriptions naming the node (keeps unlinked data alive). */
  openCount: number;
  /** Nodes of a synthetic mount (/proc, /net) and the mount point itself: who computes them (synthetic.ts). */
  synthetic?: SyntheticInfo;
}

export interface DirNode extends NodeCommon {
  readonly kind: 'dir';
  /** Entries in insertion order (creation order for tmpfs, image order for the base). */
  readonly entries: Map<string, VfsNode>;
  /** Roots of a filesystem ("/", /tmp, /dev, /proc): rmdir and rename fail EBUSY. */
  readonly mountPoint: boolean;
}

export interface FileNode extends NodeCommon {
  readonly kind: 'file';
  /** Backing store; only the first `size` bytes are the file. */
  data: Uint8Array;
  size: number;
}

export interface DeviceNode extends NodeCommon {
  readonly kind: 'chr';
  readonly device: DeviceName;
}

export type VfsNode = DirNode | FileNode | DeviceNode;

/** The absolute path of a linked node ("/" for the root); null once unlinked. */
export function nodePath(node: VfsNode): string | null {
  const parts: string[] = [];
  let cur: VfsNode = node;
  while (cur.parent !== null) {
    parts.push(cur.name);
    cur = cur.parent;
  }
  if (cur.kind !== 'dir' || cur.name !== '/') return null;
  return '/' + parts.reverse().join('/');
}

/** True when `node` is `ancestor` or lies below it. */
export function isWithin(node: VfsNode, ancestor: DirNode): boolean {
  for (let cur: VfsNode | null = node; cur !== null; cur = cur.parent) {
    if (cur === ancestor) return true;
  }
  return false;
}

/** True when path `p` equals `root` or lies below it (both absolute and normalized). */
export function pathWithin(p: string, root: string): boolean {
  return root === '/' || p === root || p.startsWith(root + '/');
}
