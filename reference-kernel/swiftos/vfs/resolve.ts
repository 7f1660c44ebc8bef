// Path resolution (FS.PATH.RESOLVE) with confinement (FS.CONFINE.DENY). There are no symbolic
// links, so the lexical normal form of a path names the node a physical walk reaches; confinement
// is checked on that form before the walk, so a confined caller learns nothing about what lies
// outside its subtree.

import type { DirNode, VfsNode } from './node.js';
import { pathWithin } from './node.js';
import { parsePath } from './path.js';
import { vfail, vok, type VfsResult } from './result.js';
import { childOf } from './synthetic.js';

/** Who asks, and from where: the principal, the capability mask, cwd and confinement root. */
export interface Caller {
  readonly principal: number;
  /** CAPABILITIES bits (CAP_BITS). */
  readonly caps: number;
  /** Absolute normalized path of the current directory. */
  readonly cwd: string;
  /** Absolute normalized path of the confinement subtree ("/" when not confined). */
  readonly root: string;
  /** The calling process, for synthetic mounts that answer per caller (/proc/self). */
  readonly pid?: number;
}

export interface Resolution {
  /** Lexical absolute normal form of the path. */
  readonly path: string;
  /** The directory holding the final entry; null when the path names "/". */
  readonly parent: DirNode | null;
  readonly name: string;
  /** The final node, or null when it does not exist (creation). */
  readonly node: VfsNode | null;
  readonly trailingSlash: boolean;
  /** The final component is "." or "..". */
  readonly lastIsDot: boolean;
}

/** Lexical normal form: components applied to `base`, the root being its own parent. */
export function normalize(base: string, components: readonly string[]): string {
  const stack = base.split('/').filter((c) => c.length > 0);
  for (const c of components) {
    if (c === '.') continue;
    if (c === '..') stack.pop();
    else stack.push(c);
  }
  return '/' + stack.join('/');
}

function parentPath(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** Walks `components` from `start`; every component must exist and every non-final one be a directory. */
function walk(fsRoot: DirNode, start: DirNode, components: readonly string[], caller: Caller): VfsResult<VfsNode> {
  let cur: VfsNode = start;
  for (const c of components) {
    if (cur.kind !== 'dir') return vfail('ENOTDIR', 'FS.PATH.NOTDIR');
    if (c === '.') continue;
    if (c === '..') {
      cur = cur.parent ?? fsRoot;
      continue;
    }
    const next: VfsNode | undefined = childOf(cur, c, caller);
    if (next === undefined) return vfail('ENOENT', 'FS.PATH.NOENT');
    cur = next;
  }
  return vok(cur);
}

/**
 * Resolves `path` for `caller`. With `wantParent` the final entry may be missing (node null) so
 * that the caller can create it; without it a missing final entry fails ENOENT.
 */
export function resolvePath(fsRoot: DirNode, path: string, caller: Caller, wantParent: boolean): VfsResult<Resolution> {
  const parsed = parsePath(path);
  if (!parsed.ok) return parsed;
  const { components, trailingSlash } = parsed.value;
  const lexical = normalize(parsed.value.absolute ? '/' : caller.cwd, components);
  if (!pathWithin(lexical, caller.root)) return vfail('EACCES', 'FS.CONFINE.DENY');

  let start = fsRoot;
  if (!parsed.value.absolute) {
    const cwd = walk(fsRoot, fsRoot, caller.cwd.split('/').filter((c) => c.length > 0), caller);
    if (!cwd.ok) return vfail('ENOENT', 'FS.PATH.NOENT');
    if (cwd.value.kind !== 'dir') return vfail('ENOTDIR', 'FS.PATH.NOTDIR');
    start = cwd.value;
  }
  if (components.length === 0) {
    // Only "/" (or "//...") has no component: a relative path is never empty.
    return vok({ path: '/', parent: null, name: '/', node: fsRoot, trailingSlash: false, lastIsDot: true });
  }
  const dirWalk = walk(fsRoot, start, components.slice(0, -1), caller);
  if (!dirWalk.ok) return dirWalk;
  const dir = dirWalk.value;
  if (dir.kind !== 'dir') return vfail('ENOTDIR', 'FS.PATH.NOTDIR');
  const last = components[components.length - 1]!;
  let node: VfsNode | null;
  let parent: DirNode | null;
  let name: string;
  const lastIsDot = last === '.' || last === '..';
  if (lastIsDot) {
    node = last === '.' ? dir : dir.parent ?? fsRoot;
    parent = node.parent;
    name = node.name;
  } else {
    node = childOf(dir, last, caller) ?? null;
    parent = dir;
    name = last;
  }
  if (node === null) {
    if (!wantParent) return vfail('ENOENT', 'FS.PATH.NOENT');
    if (!pathWithin(parentPath(lexical), caller.root)) return vfail('EACCES', 'FS.CONFINE.DENY');
  } else if (trailingSlash && node.kind !== 'dir') {
    return vfail('ENOTDIR', 'FS.PATH.TRAILSLASH');
  }
  return vok({ path: lexical, parent, name, node, trailingSlash, lastIsDot });
}
