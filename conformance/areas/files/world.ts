// The file kinds the families work on, the image files the cases add, and the set-up code that
// makes the tmpfs ones at run time (files under /tmp cannot be image files).

import type { ErrnoName } from '../../../spec/index.js';
import { type Build, LIMIT, O, type Prog, S } from './kit.js';

const enc = new TextEncoder();
export const bytesOf = (s: string): Uint8Array => enc.encode(s);

/** An image file of the case (INTERPRETING.md §5: mode 0644, owner principal 1). */
export const BASE_FILE = { path: '/etc/ts-base.txt', text: 'base-image file\n' } as const;
/** Contents the set-up writes to the tmpfs file. */
export const TMP_TEXT = 'tmpfs-data';
export const TMP_FILE = '/tmp/f';
export const TMP_DIR = '/tmp/d';
export const IMAGE_OWNER = 1;
export const DEFAULT_FILE_MODE = 0o644;
export const DEFAULT_DIR_MODE = 0o755;

export type NodeKind = 'file' | 'dir' | 'dev-null' | 'dev-zero' | 'missing' | 'notdir' | 'noparent';
export type FsKind = 'base' | 'tmpfs' | 'dev';

/** A path of one kind, and what resolving it finds. */
export interface PathKind {
  readonly name: string;
  readonly path: string;
  readonly node: NodeKind;
  /** The filesystem of the node (or, for a missing node, of its parent directory). */
  readonly fs: FsKind;
  /** Contents of a regular file before the case touches it. */
  readonly text?: string;
  readonly owner?: number;
  readonly mode?: number;
  /** Needs the tmpfs set-up (as root) before the case runs. */
  readonly tmpfs?: boolean;
}

export const KINDS: readonly PathKind[] = [
  { name: 'base-file', path: BASE_FILE.path, node: 'file', fs: 'base', text: BASE_FILE.text, owner: IMAGE_OWNER, mode: DEFAULT_FILE_MODE },
  { name: 'base-dir', path: '/etc', node: 'dir', fs: 'base', owner: IMAGE_OWNER, mode: DEFAULT_DIR_MODE },
  { name: 'tmpfs-file', path: TMP_FILE, node: 'file', fs: 'tmpfs', text: TMP_TEXT, owner: 1, mode: DEFAULT_FILE_MODE, tmpfs: true },
  { name: 'tmpfs-dir', path: TMP_DIR, node: 'dir', fs: 'tmpfs', owner: 1, mode: DEFAULT_DIR_MODE, tmpfs: true },
  { name: 'dev-null', path: '/dev/null', node: 'dev-null', fs: 'dev' },
  { name: 'dev-zero', path: '/dev/zero', node: 'dev-zero', fs: 'dev' },
  { name: 'missing-tmpfs', path: '/tmp/nope', node: 'missing', fs: 'tmpfs' },
  { name: 'missing-base', path: '/etc/nope', node: 'missing', fs: 'base' },
  { name: 'missing-parent', path: '/tmp/nodir/x', node: 'noparent', fs: 'tmpfs' },
  { name: 'through-file', path: `${BASE_FILE.path}/x`, node: 'notdir', fs: 'base' },
];

export function kind(name: string): PathKind {
  const k = KINDS.find((x) => x.name === name);
  if (!k) throw new Error(`files: no path kind ${name}`);
  return k;
}

/** Adds the base-image file every family may use. */
export function addImage(b: Build): void {
  b.file({ path: BASE_FILE.path, data: bytesOf(BASE_FILE.text) });
}

/**
 * As root: creates /tmp/f holding TMP_TEXT and the directory /tmp/d, then closes everything
 * (the next handle is 3 again).
 */
export function setupTmpfs(p: Prog): void {
  const text = bytesOf(TMP_TEXT);
  p.sys('open', p.str(TMP_FILE), O.CREAT | O.WRONLY, 0o644);
  p.expectEq(`set-up: open(${TMP_FILE}, O_CREAT|O_WRONLY) is handle 3`, ['FS.OPEN.CREAT'], 3);
  p.sys('write', 3, p.bytes(text), text.length);
  p.expectEq(`set-up: write ${text.length} bytes`, ['FD.WRITE.OFFSET'], text.length);
  p.sys('close', 3).expectEq('set-up: close(3)', ['FD.CLOSE.RELEASE'], 0);
  p.sys('mkdir', p.str(TMP_DIR), 0o755).expectEq(`set-up: mkdir(${TMP_DIR})`, ['FS.MUTATE.CAP'], 0);
}

/** A stat buffer pre-filled with 0xa5 so that an untouched field never passes for a zero. */
export function statBuf(p: Prog): number {
  return p.bytes(new Uint8Array(32).fill(0xa5), 8);
}

/** Asserts the type bits of the st_mode at `statAddr` ((mode >> 12) & 0xf). */
export function expectModeType(p: Prog, description: string, clauses: readonly string[], statAddr: number, type: number): void {
  const r = p.loadU32(statAddr);
  p.a.inst('UBFM', { sf: 1, N: 1, immr: 12, imms: 15, Rn: r, Rd: r });
  p.expectEq(description, clauses, type >> 12, r);
}

export const TYPE_NAME: Readonly<Record<number, string>> = {
  [S.IFREG]: 'S_IFREG', [S.IFDIR]: 'S_IFDIR', [S.IFCHR]: 'S_IFCHR', [S.IFIFO]: 'S_IFIFO',
};

/** Errno and clause of a failing call. */
export interface Failure {
  readonly errno: ErrnoName;
  readonly clause: string;
}

export const FD_MAX = LIMIT.FD_MAX;
