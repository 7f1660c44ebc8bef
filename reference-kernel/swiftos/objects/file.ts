import { constValue } from '../../../spec/index.js';
import type { SyscallContext } from '../handlers/context.js';
import type { Handle, KObject } from '../handles.js';
import { fail, ok, type HandlerResult, type Outcome } from '../result.js';
import { STATUS_FLAGS, type OpenFile, type VfsResult } from '../vfs/index.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');

/** A VFS result as a syscall outcome: the value, or -errno with the clause the VFS named. */
export function fromVfs(r: VfsResult<number>): Outcome {
  return r.ok ? ok(r.value, r.clause) : fail(r.errno, r.clause);
}

/**
 * A handle's view of an open file description (kind file or directory). Handles made by dup,
 * fork and transfers share it, and with it the offset (FS.LSEEK.SHARED); the last release closes
 * the description (FD.CLOSE.LAST).
 */
export class FileObject implements KObject {
  readonly kind: 'file' | 'directory';
  private refs = 0;

  constructor(readonly file: OpenFile) {
    this.kind = file.handleKind;
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) this.file.close();
  }

  /** O_APPEND and O_NONBLOCK of the description (FD.DUP.SHARED); fcntl F_SETFL changes O_NONBLOCK. */
  get statusFlags(): number {
    return this.file.statusFlags;
  }

  set statusFlags(flags: number) {
    this.file.statusFlags = flags & STATUS_FLAGS;
  }

  /** Files and directories never block (FD.POLL.FILE); poll masks by the handle's rights. */
  pollEvents(): number {
    return POLLIN | POLLOUT;
  }

  /** FD.READ.OFFSET / FD.READ.EOF (read has already answered count 0 and directories: FD.READ.ZERO, FS.READ.DIR). */
  readInto(ctx: SyscallContext, _handle: Handle, addr: number, length: number): HandlerResult {
    const r = this.file.read(length);
    if (!r.ok) return fail(r.errno, r.clause);
    if (r.value.length > 0 && !ctx.process.space.copyOut(addr, r.value)) return fail('EFAULT', 'ABI.FAULT');
    return ok(r.value.length, r.clause);
  }

  /** FD.WRITE.OFFSET, FS.OPEN.APPEND, FS.TMPFS.FULL; /dev nodes discard (FS.DEV.*). */
  writeFrom(_ctx: SyscallContext, _handle: Handle, bytes: Uint8Array): HandlerResult {
    return fromVfs(this.file.write(bytes));
  }
}
