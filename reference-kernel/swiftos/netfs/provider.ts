// /net as a synthetic mount (NETFS.PATHS): /net/local with its factories, addrs and one
// directory per live socket holding ctl, data and accept. Socket state comes from the family.

import { NETFS_LOCAL_TYPES, NETFS_NONBLOCK_SUFFIX, NETFS_SOCKET_FILES } from '../../../spec/index.js';
import type { SyntheticEntry, SyntheticProvider } from '../vfs/index.js';
import type { LocalFamily } from './local.js';

export const LOCAL = 'local';
const INO_BASE = 2 ** 41;
const ROOT_PRINCIPAL = 1;
const enc = new TextEncoder();

/** Per socket file: mode, and the access modes it offers (NETFS.ACCESS). */
const SOCKET_FILE: Readonly<Record<(typeof NETFS_SOCKET_FILES)[number], { mode: number; readable: boolean; writable: boolean }>> = {
  ctl: { mode: 0o222, readable: false, writable: true },
  data: { mode: 0o666, readable: true, writable: true },
  accept: { mode: 0o666, readable: true, writable: true },
};

const isId = (name: string): boolean => /^[1-9][0-9]{0,15}$/.test(name);

export class NetProvider implements SyntheticProvider {
  readonly fs = 'net' as const;
  readonly readOnlyClause = 'NETFS.TREE';
  readonly deniedAccess = { errno: 'EACCES', clause: 'NETFS.ACCESS' } as const;
  readonly snapshotClause = 'NETFS.ADDRS';

  constructor(private readonly family: LocalFamily, private readonly now: () => number) {}

  list(dir: readonly string[]): readonly SyntheticEntry[] | null {
    const mtime = this.now();
    if (dir.length === 0) return [{ name: LOCAL, kind: 'dir', ino: INO_BASE, mode: 0o555, owner: ROOT_PRINCIPAL, mtime }];
    if (dir[0] !== LOCAL) return null;
    if (dir.length === 1) {
      return [
        ...NETFS_LOCAL_TYPES.map((t, i): SyntheticEntry => ({ name: t, kind: 'file', ino: INO_BASE + 1 + i, mode: 0o444, owner: ROOT_PRINCIPAL, mtime })),
        {
          name: 'addrs', kind: 'file', ino: INO_BASE + 4, mode: 0o444, owner: ROOT_PRINCIPAL, mtime,
          content: () => enc.encode(this.family.listeningAddresses().map((a) => `${a}\n`).join('')),
        },
        ...this.family.ids().map((id): SyntheticEntry => ({ name: String(id), kind: 'dir', ino: INO_BASE + 8 * id, mode: 0o555, owner: this.family.sockets.get(id)!.owner, mtime })),
      ];
    }
    if (dir.length === 2 && isId(dir[1]!)) {
      const s = this.family.sockets.get(Number(dir[1]));
      if (!s) return null;
      return NETFS_SOCKET_FILES.map((f, i) => ({ name: f, kind: 'file', ino: INO_BASE + 8 * s.id + 1 + i, owner: s.owner, mtime, ...SOCKET_FILE[f] }));
    }
    return null;
  }

  /** As listed, plus "data:nonblock" and "accept:nonblock" (NETFS.NONBLOCK). */
  lookup(dir: readonly string[], name: string): SyntheticEntry | null {
    const entries = this.list(dir) ?? [];
    const found = entries.find((e) => e.name === name);
    if (found || dir.length !== 2 || !name.endsWith(NETFS_NONBLOCK_SUFFIX)) return found ?? null;
    const base = entries.find((e) => e.name === name.slice(0, -NETFS_NONBLOCK_SUFFIX.length) && e.name !== 'ctl');
    return base ? { ...base, name } : null;
  }
}
