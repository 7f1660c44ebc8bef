// The read-only base image: defaults plus an overlay of files at the same paths, and the
// mount points of the other filesystems (/tmp, /dev, /proc, /net).

import type { DeviceName, DirNode, FsId, VfsNode } from './node.js';
import { HOSTNAME_TEXT, MOTD_TEXT, PASSWD_TEXT, SUDOERS_TEXT } from './identity-files.js';

/** A base-image file; mode and owner default by path (`defaultFileMode`, principal 1). */
export interface ImageFile {
  readonly data: Uint8Array;
  readonly mode?: number;
  readonly owner?: number;
}

export type OverlayEntry = Uint8Array | ImageFile;
/** Absolute normalized path → contents. Directories are implied by the paths. */
export type Overlay = ReadonlyMap<string, OverlayEntry>;

export const ROOT_PRINCIPAL = 1;
export const SETUID_BINARIES: readonly string[] = ['/bin/sudo'];
/** Top-level directories that belong to other filesystems; the overlay may not write there. */
export const MOUNT_POINTS: readonly string[] = ['/tmp', '/dev', '/proc', '/data', '/net'];
export const BASE_DIRECTORIES: readonly string[] = ['/bin', '/etc', '/etc/swos'];
export const DEVICES: readonly DeviceName[] = ['null', 'zero', 'random', 'urandom'];

const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

export function defaultImageFiles(): Map<string, ImageFile> {
  return new Map<string, ImageFile>([
    ['/etc/motd', { data: text(MOTD_TEXT) }],
    ['/etc/hostname', { data: text(HOSTNAME_TEXT) }],
    ['/etc/swos/passwd', { data: text(PASSWD_TEXT), mode: 0o600 }],
    ['/etc/swos/sudoers', { data: text(SUDOERS_TEXT), mode: 0o440 }],
  ]);
}

/** /bin/sudo 04755, anything else under /bin 0755, other files 0644. */
export function defaultFileMode(path: string): number {
  if (SETUID_BINARIES.includes(path)) return 0o4755;
  if (path.startsWith('/bin/')) return 0o755;
  return 0o644;
}

export interface NodeFactory {
  nextIno(): number;
  readonly mtime: number;
}

export function makeDir(f: NodeFactory, fs: FsId, name: string, parent: DirNode | null, mode: number, owner: number, mountPoint = false): DirNode {
  const dir: DirNode = {
    kind: 'dir', ino: f.nextIno(), fs, mode, owner, mtime: f.mtime, parent, name, openCount: 0, entries: new Map(), mountPoint,
  };
  parent?.entries.set(name, dir);
  return dir;
}

function checkOverlayPath(path: string): string[] {
  const parts = path.split('/').slice(1);
  if (!path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`base image: ${JSON.stringify(path)} is not an absolute normalized path`);
  }
  if (MOUNT_POINTS.some((m) => path === m || path.startsWith(m + '/'))) {
    throw new Error(`base image: ${path} lies in a mount point (${MOUNT_POINTS.join(', ')})`);
  }
  return parts;
}

function placeFile(f: NodeFactory, root: DirNode, path: string, file: ImageFile): void {
  const parts = checkOverlayPath(path);
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    const next: VfsNode = dir.entries.get(part) ?? makeDir(f, 'base', part, dir, 0o755, ROOT_PRINCIPAL);
    if (next.kind !== 'dir') throw new Error(`base image: ${path} goes through file ${part}`);
    dir = next;
  }
  const name = parts[parts.length - 1]!;
  const old = dir.entries.get(name);
  if (old?.kind === 'dir') throw new Error(`base image: ${path} is a directory`);
  const data = new Uint8Array(file.data);
  dir.entries.set(name, {
    kind: 'file', ino: old?.ino ?? f.nextIno(), fs: 'base', mode: (file.mode ?? defaultFileMode(path)) & 0o7777,
    owner: file.owner ?? ROOT_PRINCIPAL, mtime: f.mtime, parent: dir, name, openCount: 0, data, size: data.length,
  });
}

/**
 * Builds the whole tree: "/" with the base directories, the default files, the overlay (sorted by
 * path; an overlay file replaces a default at the same path in place), then /dev, /proc, /tmp and /net.
 */
export function buildBaseImage(f: NodeFactory, overlay: Overlay = new Map()): DirNode {
  const root = makeDir(f, 'base', '/', null, 0o755, ROOT_PRINCIPAL, true);
  for (const path of BASE_DIRECTORIES) {
    const parts = path.split('/').slice(1);
    let dir = root;
    for (const part of parts) {
      const next = dir.entries.get(part);
      dir = next?.kind === 'dir' ? next : makeDir(f, 'base', part, dir, 0o755, ROOT_PRINCIPAL);
    }
  }
  for (const [path, file] of defaultImageFiles()) placeFile(f, root, path, file);
  for (const path of [...overlay.keys()].sort()) {
    const entry = overlay.get(path)!;
    placeFile(f, root, path, entry instanceof Uint8Array ? { data: entry } : entry);
  }
  const dev = makeDir(f, 'dev', 'dev', root, 0o755, ROOT_PRINCIPAL, true);
  for (const device of DEVICES) {
    dev.entries.set(device, {
      kind: 'chr', ino: f.nextIno(), fs: 'dev', mode: 0o666, owner: ROOT_PRINCIPAL, mtime: f.mtime, parent: dev, name: device, openCount: 0, device,
    });
  }
  makeDir(f, 'proc', 'proc', root, 0o555, ROOT_PRINCIPAL, true);
  makeDir(f, 'tmpfs', 'tmp', root, 0o1777, ROOT_PRINCIPAL, true);
  makeDir(f, 'net', 'net', root, 0o555, ROOT_PRINCIPAL, true);
  return root;
}
