import type { HandleKind } from '../../spec/index.js';
import type { SyscallContext } from './handlers/context.js';
import type { HandlerResult } from './result.js';

/** A kernel object a handle can name. Each kind adds its own state. */
export interface KObject {
  readonly kind: HandleKind;
  /** Called when a handle to the object is created (install, dup, fork, transfer). */
  retain?(): void;
  /** Called when a handle to the object goes away; the last release frees it (FD.CLOSE.LAST). */
  release?(): void;
  /**
   * Current poll readiness as POLL_EVENTS bits (POLLIN, POLLOUT, POLLHUP, POLLERR...), before
   * masking by the caller's requested events. Objects without it are always POLLIN|POLLOUT.
   * A change of readiness must go with a kernel.wake() of some queue so pollers re-check.
   * `handle` is the handle polled, for readiness that depends on its rights (FD.POLL.ENDPOINT).
   */
  pollEvents?(handle?: Handle): number;
  /** read(2) on this kind: copy at most `length` bytes to `addr` (rights already checked; `length` ≥ 1: read answers count 0 itself, FD.READ.ZERO). */
  readInto?(ctx: SyscallContext, handle: Handle, addr: number, length: number): HandlerResult;
  /** write(2) on this kind (rights already checked; `bytes` is not empty: write answers count 0 itself, FD.WRITE.ZERO). */
  writeFrom?(ctx: SyscallContext, handle: Handle, bytes: Uint8Array): HandlerResult;
  /**
   * Status flags of the open object (O_NONBLOCK; files also O_APPEND), shared by every handle
   * naming it: fcntl F_GETFL reads them and F_SETFL sets O_NONBLOCK here (FD.FCNTL.GETFL,
   * FD.FCNTL.SETFL); kinds that can block read O_NONBLOCK here. Absent means none set.
   */
  statusFlags?: number;
}

/** A slot of a handle table: the object, the rights this handle holds, and CLOEXEC. */
export interface Handle {
  readonly object: KObject;
  readonly rights: number;
  cloexec: boolean;
  /** Endpoint send ends: the server-chosen badge stamped on this handle (IPC.BADGE.*); 0 or absent = unbadged. */
  badge?: number;
}

/** A process's handle table: fds are indices; new handles take the lowest free slot. */
export class HandleTable {
  private readonly slots: (Handle | null)[] = [];
  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  get(fd: number): Handle | null {
    return Number.isInteger(fd) && fd >= 0 && fd < this.slots.length ? this.slots[fd]! : null;
  }

  /** Installs at the lowest free fd; -1 when the table is full. */
  install(h: Handle): number {
    let fd = this.slots.indexOf(null);
    if (fd === -1) {
      if (this.slots.length >= this.limit) return -1;
      fd = this.slots.length;
      this.slots.push(null);
    }
    this.slots[fd] = h;
    h.object.retain?.();
    return fd;
  }

  /** Whether `install` would find a free fd (FD.TABLE.FULL is checked before side effects). */
  hasFree(): boolean {
    return this.slots.includes(null) || this.slots.length < this.limit;
  }

  /** Places `h` at exactly `fd` (dup2), replacing what was there; returns the replaced handle. */
  installAt(fd: number, h: Handle): Handle | null {
    while (this.slots.length <= fd) this.slots.push(null);
    const old = this.slots[fd] ?? null;
    this.slots[fd] = h;
    h.object.retain?.();
    old?.object.release?.();
    return old;
  }

  close(fd: number): Handle | null {
    const h = this.get(fd);
    if (h) {
      this.slots[fd] = null;
      h.object.release?.();
    }
    return h;
  }

  /** A copy holding the same objects with the same rights and flags (fork: FD.INHERIT.FORK). */
  clone(): HandleTable {
    const t = new HandleTable(this.limit);
    for (const [fd, h] of this.entries()) t.installAt(fd, { ...h });
    return t;
  }

  /** Every open fd with its handle, ascending. */
  entries(): [number, Handle][] {
    const out: [number, Handle][] = [];
    this.slots.forEach((h, fd) => h && out.push([fd, h]));
    return out;
  }
}
