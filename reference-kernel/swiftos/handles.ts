import type { HandleKind } from '../../spec/index.js';

/** A kernel object a handle can name. Each kind adds its own state. */
export interface KObject {
  readonly kind: HandleKind;
}

/** A slot of a handle table: the object, the rights this handle holds, and CLOEXEC. */
export interface Handle {
  readonly object: KObject;
  readonly rights: number;
  cloexec: boolean;
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
    return fd;
  }

  /** Places `h` at exactly `fd` (dup2), replacing what was there; returns the replaced handle. */
  installAt(fd: number, h: Handle): Handle | null {
    while (this.slots.length <= fd) this.slots.push(null);
    const old = this.slots[fd]!;
    this.slots[fd] = h;
    return old;
  }

  close(fd: number): Handle | null {
    const h = this.get(fd);
    if (h) this.slots[fd] = null;
    return h;
  }

  /** Every open fd with its handle, ascending. */
  entries(): [number, Handle][] {
    const out: [number, Handle][] = [];
    this.slots.forEach((h, fd) => h && out.push([fd, h]));
    return out;
  }
}
