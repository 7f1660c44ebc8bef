// The 32-byte stat record (FS.STAT.RECORD) of a node.

import { constValue, encodeLayout, layout } from '../../../spec/index.js';
import type { VfsNode } from './node.js';

export interface StatFields {
  readonly st_mode: number;
  readonly st_uid: number;
  readonly st_size: bigint;
  readonly st_gid: number;
  readonly st_nlink: number;
  readonly st_mtime: bigint;
}

const TYPE_BITS: Readonly<Record<VfsNode['kind'], number>> = {
  dir: constValue('MODE_TYPE', 'S_IFDIR'),
  file: constValue('MODE_TYPE', 'S_IFREG'),
  chr: constValue('MODE_TYPE', 'S_IFCHR'),
};

/** FS.STAT.OWNER: uid = gid = owner, nlink 1, size in bytes (0 for directories and devices). */
export function statOf(node: VfsNode): StatFields {
  return {
    st_mode: (TYPE_BITS[node.kind] | (node.mode & 0o7777)) >>> 0,
    st_uid: node.owner >>> 0,
    st_size: BigInt(node.kind === 'file' ? node.size : 0),
    st_gid: node.owner >>> 0,
    st_nlink: 1,
    st_mtime: BigInt(Math.max(0, node.mtime)),
  };
}

export function encodeStat(s: StatFields): Uint8Array {
  return encodeLayout(layout('stat'), { ...s });
}
