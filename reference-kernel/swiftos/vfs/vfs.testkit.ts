// Shared fixtures for the VFS tests.

import { CAP_BITS, SEEDED_PRINCIPAL_CAPS } from '../../../spec/index.js';
import type { Overlay } from './base-image.js';
import type { Caller } from './resolve.js';
import type { TmpfsLimits } from './store.js';
import { Vfs } from './vfs.js';

export const ROOT: Caller = { principal: 1, caps: SEEDED_PRINCIPAL_CAPS.root, cwd: '/', root: '/' };
export const USER: Caller = { principal: 2, caps: SEEDED_PRINCIPAL_CAPS.user, cwd: '/', root: '/' };
export const GUEST: Caller = { principal: 3, caps: SEEDED_PRINCIPAL_CAPS.guest, cwd: '/', root: '/' };
export const READER: Caller = { ...USER, caps: CAP_BITS.capFsRead };
export const WRITER: Caller = { ...USER, caps: CAP_BITS.capTmpWrite };

export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_CREAT = 0x40;
export const O_TRUNC = 0x80;
export const O_APPEND = 0x100;
export const O_CLOEXEC = 0x200;
export const O_NONBLOCK = 0x4000;

/** A VFS whose clock starts at `t0` and advances only through `tick`. */
export function makeVfs(opts: { overlay?: Overlay; limits?: Partial<TmpfsLimits>; t0?: number } = {}): { vfs: Vfs; tick: (s?: number) => void } {
  let now = opts.t0 ?? 1_700_000_000;
  const vfs = new Vfs({
    clock: () => now,
    ...(opts.overlay !== undefined ? { overlay: opts.overlay } : {}),
    ...(opts.limits !== undefined ? { limits: opts.limits } : {}),
  });
  return { vfs, tick: (s = 1) => { now += s; } };
}

export const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
export const str = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** Unwraps a successful result or throws with its errno and clause. */
export function must<T>(r: { ok: true; value: T } | { ok: false; errno: string; clause: string }): T {
  if (!r.ok) throw new Error(`expected success, got ${r.errno} (${r.clause})`);
  return r.value;
}

/** Creates /tmp files with contents, as root. */
export function writeFile(vfs: Vfs, path: string, text: string, caller: Caller = ROOT): void {
  const f = must(vfs.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644, caller));
  must(f.write(bytes(text)));
  f.close();
}

export function readAll(vfs: Vfs, path: string, caller: Caller = ROOT): string {
  const f = must(vfs.open(path, O_RDONLY, 0, caller));
  const out = must(f.read(1 << 20));
  f.close();
  return str(out);
}
