// Path strings: validation and splitting. A path is a byte string (one char per byte), as the
// syscall layer decodes it with `pathFromBytes`.

import { constValue } from '../../../spec/index.js';
import { vfail, vok, type VfsResult } from './result.js';

/** Longest path in bytes, excluding the NUL (LIMITS.PATH_MAX counts it). */
export const PATH_MAX_BYTES = constValue('LIMITS', 'PATH_MAX') - 1;
/** Longest single component in bytes (proposed clause FS.PATH.NAMEMAX). */
export const NAME_MAX_BYTES = 255;

export interface ParsedPath {
  readonly absolute: boolean;
  /** Non-empty components, "." and ".." kept. */
  readonly components: readonly string[];
  /** The path ends with "/" after at least one component: it must name a directory. */
  readonly trailingSlash: boolean;
}

export function parsePath(path: string): VfsResult<ParsedPath> {
  if (path.length === 0) return vfail('ENOENT', 'ABI.STRING.EMPTY');
  if (path.length > PATH_MAX_BYTES) return vfail('ENAMETOOLONG', 'ABI.STRING.TOOLONG');
  const components = path.split('/').filter((c) => c.length > 0);
  if (components.some((c) => c.length > NAME_MAX_BYTES)) return vfail('ENAMETOOLONG', 'FS.PATH.NAMEMAX');
  return vok({ absolute: path.startsWith('/'), components, trailingSlash: components.length > 0 && path.endsWith('/') });
}

/** Decodes path bytes (without the NUL) one char per byte, so string length = byte length. */
export function pathFromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

/** The bytes of a name or path produced by `pathFromBytes`. */
export function nameBytes(name: string): Uint8Array {
  return new Uint8Array(Buffer.from(name, 'latin1'));
}

/** Joins an absolute directory path and a name. */
export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}
