// getcwd's copy-out (FS.GETCWD.*): pure, the cwd string is the process's.

import { nameBytes } from './path.js';
import { vfail, vok, type VfsResult } from './result.js';

/** The bytes getcwd writes (path and NUL); the call returns their length minus one. */
export function getcwdBytes(cwd: string, size: number): VfsResult<Uint8Array> {
  const path = nameBytes(cwd);
  if (size < path.length + 1) return vfail('ERANGE', 'FS.GETCWD.RANGE');
  const out = new Uint8Array(path.length + 1);
  out.set(path);
  return vok(out, 'FS.GETCWD.PATH');
}
