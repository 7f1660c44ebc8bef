// Mounting a package payload beside the base image (PKG.MOUNT): read-only nodes of the base
// filesystem at "/" + each entry's path. `canMount` decides first, so placing never fails halfway.

import { makeDir, ROOT_PRINCIPAL, type DirNode, type Vfs, type VfsNode } from '../vfs/index.js';
import type { PayloadEntry } from './format.js';

const PERMISSION_BITS = 0o777;

type Kind = 'dir' | 'file' | 'other';

function kindOf(node: VfsNode): Kind {
  return node.kind === 'dir' ? 'dir' : node.kind === 'file' ? 'file' : 'other';
}

/** The node at the relative path `parts` below `root`, or null. */
function lookup(root: DirNode, parts: readonly string[]): VfsNode | null {
  let cur: VfsNode = root;
  for (const part of parts) {
    if (cur.kind !== 'dir') return null;
    const next = cur.entries.get(part);
    if (next === undefined) return null;
    cur = next;
  }
  return cur;
}

/**
 * Whether every entry can be placed: no path goes through a non-directory and no file lands where
 * a directory is (or the reverse), counting the payload's own earlier entries.
 */
export function canMount(vfs: Vfs, entries: readonly PayloadEntry[]): boolean {
  const planned = new Map<string, Kind>();
  const kindAt = (parts: readonly string[]): Kind | null => {
    const key = parts.join('/');
    const p = planned.get(key);
    if (p !== undefined) return p;
    const node = lookup(vfs.root, parts);
    return node === null ? null : kindOf(node);
  };
  for (const e of entries) {
    const parts = e.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i);
      const k = kindAt(dir);
      if (k !== null && k !== 'dir') return false;
      planned.set(dir.join('/'), 'dir');
    }
    const k = kindAt(parts);
    if (k !== null && k !== e.kind) return false;
    planned.set(e.path, e.kind);
  }
  return true;
}

/** Places every entry (call `canMount` first). A file replaces one at the same path, keeping its inode. */
export function mount(vfs: Vfs, entries: readonly PayloadEntry[]): void {
  const f = vfs.nodeFactory();
  for (const e of entries) {
    const parts = e.path.split('/');
    let dir = vfs.root;
    for (const part of parts.slice(0, -1)) {
      const next = dir.entries.get(part) ?? makeDir(f, 'base', part, dir, 0o755, ROOT_PRINCIPAL);
      if (next.kind !== 'dir') throw new Error(`package mount: ${e.path} goes through a non-directory (canMount was not asked)`);
      dir = next;
    }
    const name = parts[parts.length - 1]!;
    const old = dir.entries.get(name);
    if (e.kind === 'dir') {
      if (old === undefined) makeDir(f, 'base', name, dir, e.mode & PERMISSION_BITS, e.owner);
      continue;
    }
    const data = new Uint8Array(e.data);
    dir.entries.set(name, {
      kind: 'file', ino: old?.ino ?? f.nextIno(), fs: 'base', mode: e.mode & PERMISSION_BITS, owner: e.owner,
      mtime: f.mtime, parent: dir, name, openCount: 0, data, size: data.length,
    });
  }
}
