// getdents records (FS.DIRENT.RECORD, FS.GETDENTS.RECORDS): whole records from a cursor.

import { constValue, encodeLayout, layout } from '../../../spec/index.js';
import type { DirNode, VfsNode } from './node.js';
import { nameBytes } from './path.js';
import { vfail, vok, type VfsResult } from './result.js';
import { listingOf } from './synthetic.js';

const DT_DIR = constValue('D_TYPE', 'DT_DIR');
const DT_REG = constValue('D_TYPE', 'DT_REG');
const DT_CHR = constValue('D_TYPE', 'DT_CHR');

/** FS.GETDENTS.DTYPE. */
export function direntType(node: Pick<VfsNode, 'kind'>): number {
  return node.kind === 'dir' ? DT_DIR : node.kind === 'file' ? DT_REG : DT_CHR;
}

/** One record; `next` is d_off, the 1-based index of the entry after this one. */
export function direntRecord(node: Pick<VfsNode, 'ino' | 'kind'>, name: string, next: number): Uint8Array {
  return encodeLayout(layout('dirent'), {
    d_ino: BigInt(node.ino), d_off: BigInt(next), d_type: direntType(node), d_name: nameBytes(name),
  });
}

export interface DirentBatch {
  readonly bytes: Uint8Array;
  /** The cursor after the copied records. */
  readonly cursor: number;
}

/**
 * Copies as many whole records as fit in `count` bytes, starting at entry index `cursor`
 * (no "." or "..": FS.GETDENTS.NODOTS). Empty at the end (FS.GETDENTS.END); EINVAL when
 * the next record alone does not fit (FS.GETDENTS.SMALL).
 */
export function readDirents(dir: DirNode, cursor: number, count: number): VfsResult<DirentBatch> {
  const entries = listingOf(dir);
  const parts: Uint8Array[] = [];
  let used = 0;
  let at = cursor;
  while (at < entries.length) {
    const [name, node] = entries[at]!;
    const rec = direntRecord(node, name, at + 1);
    if (used + rec.length > count) break;
    parts.push(rec);
    used += rec.length;
    at++;
  }
  if (parts.length === 0 && at < entries.length) return vfail('EINVAL', 'FS.GETDENTS.SMALL');
  const bytes = new Uint8Array(used);
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  return vok({ bytes, cursor: at }, at >= entries.length && parts.length === 0 ? 'FS.GETDENTS.END' : 'FS.GETDENTS.RECORDS');
}
