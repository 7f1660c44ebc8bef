// Path resolution (reference-kernel/swiftos/vfs: parsePath, resolvePath and the Vfs calls that
// take paths). The first byte picks the call and the caller (root, confined to /tmp, no caps);
// the rest, split at NUL, are the paths. Every failure comes back as a VfsResult.

import { constValue, SEEDED_PRINCIPAL_CAPS } from '../../spec/index.js';
import { parsePath, pathFromBytes } from '../../reference-kernel/swiftos/vfs/path.js';
import { Vfs, type Caller } from '../../reference-kernel/swiftos/vfs/index.js';
import { nothingThrown, type ByteTarget } from './target.js';
import { editedSeeds } from './mutate.js';

const CALLERS: readonly Caller[] = [
  { principal: 1, caps: SEEDED_PRINCIPAL_CAPS.root, cwd: '/', root: '/', pid: 1 },
  { principal: 2, caps: SEEDED_PRINCIPAL_CAPS.user, cwd: '/tmp', root: '/tmp', pid: 2 },
  { principal: 3, caps: 0, cwd: '/etc', root: '/', pid: 3 },
];
const O_CREAT = constValue('OPEN_FLAGS', 'O_CREAT');
const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');

export function fuzz(buf: Buffer): void {
  const op = buf[0] ?? 0;
  const parts = pathFromBytes(buf.subarray(1, 1 + 9000)).split('\0');
  const a = parts[0] ?? '';
  const b = parts[1] ?? '/tmp/x';
  const caller = CALLERS[(op >> 4) % CALLERS.length]!;
  const vfs = new Vfs({ clock: () => 1_767_225_600 });
  vfs.mkdir('/tmp/d', 0o755, CALLERS[0]!);
  vfs.open('/tmp/f', O_CREAT | O_RDWR, 0o644, CALLERS[0]!);
  parsePath(a);
  switch (op % 10) {
    case 0: vfs.stat(a, caller); break;
    case 1: vfs.open(a, O_RDWR, 0, caller); break;
    case 2: vfs.open(a, O_CREAT | O_RDWR, 0o644, caller); break;
    case 3: vfs.mkdir(a, 0o755, caller); break;
    case 4: vfs.unlink(a, caller); break;
    case 5: vfs.rmdir(a, caller); break;
    case 6: vfs.rename(a, b, caller); break;
    case 7: vfs.chdir(a, caller); break;
    case 8: vfs.confine(a, caller); break;
    default: vfs.resolve(a, caller, (op & 1) === 1); break;
  }
}

const enc = new TextEncoder();
const seed = (op: number, ...paths: string[]): Uint8Array => Uint8Array.from([op, ...enc.encode(paths.join('\0'))]);

function seeds(): Uint8Array[] {
  return [
    seed(0, '/etc/motd'), seed(1, '/tmp/f'), seed(2, 'tmp/new'), seed(3, '/tmp/d/e'), seed(4, '/tmp/f'), seed(5, '/tmp/d'),
    seed(6, '/tmp/f', '/tmp/d/g'), seed(7, '../..'), seed(0x18, '/tmp/d'), seed(9, '/proc/self/status'), seed(0x10, '/./tmp//d/../f/'),
  ];
}

export const documented = nothingThrown;

export const pathTarget: ByteTarget = {
  name: 'path',
  parser: 'reference-kernel/swiftos/vfs path.ts parsePath, resolve.ts resolvePath and the Vfs path calls',
  documentedError: 'none: failures are VfsResult values',
  fuzz,
  documented,
  seeds,
  structured: () => editedSeeds(seeds(), 6),
};
