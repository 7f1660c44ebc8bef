// The persistent /data tree (FS.DATA.MACHINE): a mount point placed last in / when the machine
// has one, holding the image's files under /data/. Its nodes are writable like tmpfs nodes; what
// sets it apart is flushing (FS.FSYNC.DATA, FS.FSYNC.IO), which the Vfs and OpenFile do.

import { defaultFileMode, makeDir, ROOT_PRINCIPAL, type NodeFactory, type Overlay } from './base-image.js';
import type { DirNode, VfsNode } from './node.js';

export const DATA_MOUNT = '/data';

export interface DataOptions {
  /** Files of the tree by absolute path under /data (`/data/dir/file`); directories are implied. */
  readonly files?: Overlay;
  /** Every flush of /data fails with EIO (FS.FSYNC.IO): a disk that reports write errors. */
  readonly failFlush?: boolean;
}

function dataParts(path: string): string[] {
  const parts = path.split('/').slice(1);
  if (!path.startsWith(DATA_MOUNT + '/') || parts.length < 2 || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`/data: ${JSON.stringify(path)} is not an absolute normalized path under ${DATA_MOUNT}`);
  }
  return parts.slice(1);
}

/** Mounts /data under `root` (0755, owner principal 1) with `files` (sorted by path) in it. */
export function mountData(f: NodeFactory, root: DirNode, files: Overlay = new Map()): DirNode {
  if (root.entries.has('data')) throw new Error('/data: the base image already has an entry "data"');
  const mount = makeDir(f, 'data', 'data', root, 0o755, ROOT_PRINCIPAL, true);
  for (const path of [...files.keys()].sort()) {
    const entry = files.get(path)!;
    const file = entry instanceof Uint8Array ? { data: entry } : entry;
    const parts = dataParts(path);
    let dir = mount;
    for (const part of parts.slice(0, -1)) {
      const next: VfsNode = dir.entries.get(part) ?? makeDir(f, 'data', part, dir, 0o755, ROOT_PRINCIPAL);
      if (next.kind !== 'dir') throw new Error(`/data: ${path} goes through file ${part}`);
      dir = next;
    }
    const name = parts[parts.length - 1]!;
    if (dir.entries.has(name)) throw new Error(`/data: ${path} is given twice or is a directory`);
    const data = new Uint8Array(file.data);
    dir.entries.set(name, {
      kind: 'file', ino: f.nextIno(), fs: 'data', mode: (file.mode ?? defaultFileMode(path)) & 0o7777,
      owner: file.owner ?? ROOT_PRINCIPAL, mtime: f.mtime, parent: dir, name, openCount: 0, data, size: data.length,
    });
  }
  return mount;
}

/** Every node below `dir` (not `dir` itself), depth first. */
export function nodesBelow(dir: DirNode): VfsNode[] {
  const out: VfsNode[] = [];
  for (const node of dir.entries.values()) {
    out.push(node);
    if (node.kind === 'dir') out.push(...nodesBelow(node));
  }
  return out;
}
