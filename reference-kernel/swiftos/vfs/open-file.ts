// An open file description: node, access mode, status flags and the shared offset
// (FS.LSEEK.SHARED). Handles (rights, CLOEXEC) live in the handle table, not here.

import { constValue } from '../../../spec/index.js';
import { readDirents } from './dirents.js';
import type { VfsNode } from './node.js';
import { vfail, vok, type VfsResult } from './result.js';
import { statOf, type StatFields } from './stat.js';
import { readOnlyClause } from './synthetic.js';
import type { Store } from './store.js';

export const O_APPEND = constValue('OPEN_FLAGS', 'O_APPEND');
export const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
/** Status flags an open file description keeps (and fcntl F_SETFL may change). */
export const STATUS_FLAGS = O_APPEND | O_NONBLOCK;

const SEEK_SET = constValue('SEEK_WHENCE', 'SEEK_SET');
const SEEK_CUR = constValue('SEEK_WHENCE', 'SEEK_CUR');
const SEEK_END = constValue('SEEK_WHENCE', 'SEEK_END');

export class OpenFile {
  /** Byte offset for files; entry index for directories. */
  offset = 0;
  statusFlags: number;
  private closed = false;

  constructor(
    readonly node: VfsNode,
    readonly readable: boolean,
    readonly writable: boolean,
    statusFlags: number,
    private readonly store: Store,
  ) {
    this.statusFlags = statusFlags & STATUS_FLAGS;
    node.openCount++;
  }

  /** The handle kind this description backs. */
  get handleKind(): 'file' | 'directory' {
    return this.node.kind === 'dir' ? 'directory' : 'file';
  }

  /** FD.READ.OFFSET / FD.READ.EOF; FS.READ.DIR; /dev nodes per FS.DEV.*. */
  read(count: number): VfsResult<Uint8Array> {
    const node = this.node;
    if (node.kind === 'dir') return vfail('EISDIR', 'FS.READ.DIR');
    if (!this.readable) return vfail('EBADF', 'FD.RIGHTS.MISSING');
    if (count === 0) return vok(new Uint8Array(0), 'FD.READ.ZERO');
    if (node.kind === 'chr') {
      switch (node.device) {
        case 'null': return vok(new Uint8Array(0), 'FS.DEV.NULL');
        case 'zero': return vok(new Uint8Array(count), 'FS.DEV.ZERO');
        default: return vok(this.store.entropy(count), 'FS.DEV.RANDOM');
      }
    }
    if (this.offset >= node.size) return vok(new Uint8Array(0), 'FD.READ.EOF');
    const end = Math.min(node.size, this.offset + count);
    const out = node.data.slice(this.offset, end);
    this.offset = end;
    return vok(out, 'FD.READ.OFFSET');
  }

  /** FD.WRITE.OFFSET, FS.OPEN.APPEND; a write that does not fully fit stores what fits (FS.TMPFS.FULL). */
  write(bytes: Uint8Array): VfsResult<number> {
    const node = this.node;
    if (!this.writable) return vfail('EBADF', 'FD.RIGHTS.MISSING');
    if (bytes.length === 0) return vok(0, 'FD.WRITE.ZERO');
    if (node.kind === 'chr') return vok(bytes.length, node.device === 'zero' ? 'FS.DEV.ZERO' : node.device === 'null' ? 'FS.DEV.NULL' : 'FS.DEV.RANDOM');
    if (node.kind === 'dir') return vfail('EISDIR', 'FS.OPEN.DIR.WRITE');
    if (node.fs === 'base' || node.synthetic !== undefined) return vfail('EROFS', readOnlyClause(node));
    const append = (this.statusFlags & O_APPEND) !== 0;
    const at = append ? node.size : this.offset;
    const fit = Math.min(bytes.length, Math.max(0, this.store.room(node) - at));
    if (fit === 0) return vfail('ENOSPC', 'FS.TMPFS.FULL');
    if (at + fit > node.size) {
      const grown = this.store.resize(node, at + fit);
      if (!grown.ok) return grown;
    }
    node.data.set(bytes.subarray(0, fit), at);
    node.mtime = this.store.now();
    this.offset = at + fit;
    return vok(fit, append ? 'FS.OPEN.APPEND' : 'FD.WRITE.OFFSET');
  }

  /** FS.LSEEK.*: directories rewind only with (0, SEEK_SET). */
  lseek(offset: number, whence: number): VfsResult<number> {
    if (whence !== SEEK_SET && whence !== SEEK_CUR && whence !== SEEK_END) return vfail('EINVAL', 'ABI.ENUM.UNKNOWN');
    // Special files of a synthetic mount (the /net sockets) are streams, like pipes.
    if (this.node.synthetic?.special) return vfail('ESPIPE', 'FD.KIND.WRONG');
    if (this.node.kind === 'dir') {
      if (offset !== 0 || whence !== SEEK_SET) return vfail('EINVAL', 'FS.LSEEK.DIR');
      this.offset = 0;
      return vok(0, 'FS.LSEEK.DIR');
    }
    const size = this.node.kind === 'file' ? this.node.size : 0;
    const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? this.offset : size;
    const next = base + offset;
    if (next < 0) return vfail('EINVAL', 'FS.LSEEK.NEGATIVE');
    if (!Number.isSafeInteger(next)) return vfail('EINVAL', 'FS.LSEEK.RANGE');
    this.offset = next;
    return vok(next, next > size ? 'FS.LSEEK.PASTEND' : 'FS.LSEEK.WHENCE');
  }

  /** FS.TRUNCATE.*: the offset is unchanged. */
  ftruncate(length: number): VfsResult<0> {
    const node = this.node;
    if (node.kind !== 'file') return vfail('EINVAL', 'FD.KIND.WRONG');
    if (!this.writable) return vfail('EBADF', 'FD.RIGHTS.MISSING');
    if (length < 0 || !Number.isSafeInteger(length)) return vfail('EINVAL', 'ABI.INT.RANGE');
    if (node.fs === 'base' || node.synthetic !== undefined) return vfail('EROFS', readOnlyClause(node));
    const grow = length > node.size;
    const r = this.store.resize(node, length);
    if (!r.ok) return r;
    node.mtime = this.store.now();
    return vok(0, grow ? 'FS.TRUNCATE.GROW' : 'FS.TRUNCATE.SHRINK');
  }

  /** getdents: records from the directory cursor (FS.GETDENTS.*); ENOTDIR for other kinds. */
  getdents(count: number): VfsResult<Uint8Array> {
    if (this.node.kind !== 'dir') return vfail('ENOTDIR', 'FD.KIND.WRONG');
    if (!this.readable) return vfail('EBADF', 'FD.RIGHTS.MISSING');
    const r = readDirents(this.node, this.offset, count);
    if (!r.ok) return r;
    this.offset = r.value.cursor;
    return vok(r.value.bytes, r.clause);
  }

  fstat(): StatFields {
    return statOf(this.node);
  }

  /** Flushes a /data node (FS.FSYNC.DATA; EIO when the disk fails, FS.FSYNC.IO); elsewhere nothing to do (FS.FSYNC.OTHER). Recorded. */
  fsync(): VfsResult<0> {
    const clause = this.node.fs !== 'data' ? 'FS.FSYNC.OTHER' : this.store.failFlush ? 'FS.FSYNC.IO' : 'FS.FSYNC.DATA';
    this.store.syncLog.push({ op: 'fsync', ino: this.node.ino, clause });
    return clause === 'FS.FSYNC.IO' ? vfail('EIO', clause) : vok(0, clause);
  }

  /** Drops this description's hold on the node (FS.UNLINK.OPEN); idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.node.openCount--;
    this.store.releaseIfDead(this.node);
  }
}
