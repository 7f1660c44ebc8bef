// The model's objects: the calling process's handle table, the objects handles name (pipe queues,
// endpoints and their pending message, event counters, tmpfs files), and the pids handed out.
// Reference counts are not kept but counted when asked, over the table and the handles in flight
// in endpoint slots; where the spec leaves open whether a handle in flight still counts, a count
// is a range (low, high) and a prediction that depends on the difference is 'unknown'.

import { constValue, rightsMask, type HandleKind } from '../../spec/index.js';
import type { FdView } from '../types/index.js';

export const FD_MAX = constValue('LIMITS', 'FD_MAX');

export interface Queue {
  bytes: number;
}

export interface Endpoint {
  readonly id: number;
  slot: Message | null;
}

export interface Message {
  readonly bytes: number;
  readonly handle: MHandle | null;
}

export interface FileNode {
  size: number;
}

export type MObject =
  | { readonly kind: 'tty' }
  | { readonly kind: 'file'; readonly node: FileNode; offset: number; readonly append: boolean }
  | { readonly kind: 'directory' }
  | { readonly kind: 'pipe'; readonly rx: Queue | null; readonly tx: Queue | null; readonly nonblock: boolean }
  | { readonly kind: 'eventfd'; counter: bigint; readonly semaphore: boolean; readonly nonblock: boolean }
  | { readonly kind: 'endpoint'; readonly end: 'send' | 'recv'; readonly ep: Endpoint };

export interface MHandle {
  readonly obj: MObject;
  readonly rights: number;
  readonly cloexec: boolean;
}

export interface Count {
  readonly low: number;
  readonly high: number;
}

const META = ['DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR'] as const;
export const RIGHTS = {
  tty: rightsMask(['READ', 'WRITE', ...META]),
  readEnd: rightsMask(['READ', ...META]),
  writeEnd: rightsMask(['WRITE', ...META]),
  duplex: rightsMask(['READ', 'WRITE', ...META]),
  sendEnd: rightsMask(['WRITE', 'TRANSFER']),
  recvEnd: rightsMask(['READ', 'TRANSFER']),
  directory: rightsMask(['READ', ...META]),
  meta: rightsMask([...META]),
  read: rightsMask(['READ']),
  write: rightsMask(['WRITE']),
} as const;

export class World {
  readonly fds = new Map<number, MHandle>();
  readonly closed = new Set<number>();
  readonly moved = new Set<number>();
  readonly endpoints: Endpoint[] = [];
  readonly eventfds: MObject[] = [];
  /** tmpfs files by absolute path. */
  readonly files = new Map<string, FileNode>();
  readonly children: number[] = [];
  lastPid = 1;
  readonly pid = 1;

  constructor(readonly caps: number) {
    const tty: MObject = { kind: 'tty' };
    for (let fd = 0; fd < 3; fd++) this.fds.set(fd, { obj: tty, rights: RIGHTS.tty, cloexec: false });
  }

  lowestFree(after = 0): number | null {
    for (let fd = after; fd < FD_MAX; fd++) if (!this.fds.has(fd)) return fd;
    return null;
  }

  freeCount(): number {
    return FD_MAX - this.fds.size;
  }

  install(h: MHandle): number {
    const fd = this.lowestFree()!;
    this.fds.set(fd, h);
    this.closed.delete(fd);
    this.moved.delete(fd);
    return fd;
  }

  remove(fd: number, how: 'closed' | 'moved'): void {
    this.fds.delete(fd);
    (how === 'closed' ? this.closed : this.moved).add(fd);
  }

  views(): FdView[] {
    return [...this.fds.entries()].sort((a, b) => a[0] - b[0]).map(([fd, h]) => ({
      fd, kind: h.obj.kind as HandleKind, rights: h.rights, ...(h.obj.kind === 'endpoint' ? { end: h.obj.end } : {}),
    }));
  }

  // ---- counting ----------------------------------------------------------------------------

  private tableNames(ep: Endpoint, end?: 'send' | 'recv'): boolean {
    for (const h of this.fds.values()) if (h.obj.kind === 'endpoint' && h.obj.ep === ep && (end === undefined || h.obj.end === end)) return true;
    return false;
  }

  /** Endpoints alive if every reference counts (refcounting: cycles of messages keep each other alive). */
  private aliveHigh(): Set<Endpoint> {
    const alive = new Set(this.endpoints);
    for (let changed = true; changed; ) {
      changed = false;
      for (const ep of [...alive]) {
        const named = this.tableNames(ep) || [...alive].some((holder) => holder.slot?.handle?.obj.kind === 'endpoint' && holder.slot.handle.obj.ep === ep);
        if (!named) {
          alive.delete(ep);
          changed = true;
        }
      }
    }
    return alive;
  }

  /** Endpoints whose pending message surely stays: a receive end of theirs is in the table. */
  private retaining(): Set<Endpoint> {
    return new Set(this.endpoints.filter((ep) => ep.slot !== null && this.tableNames(ep, 'recv')));
  }

  /** Handles (in the table, and in flight) satisfying `pred`. */
  refs(pred: (h: MHandle) => boolean): Count {
    let table = 0;
    for (const h of this.fds.values()) if (pred(h)) table++;
    const high = this.aliveHigh();
    const sure = this.retaining();
    let low = table;
    let hi = table;
    for (const ep of this.endpoints) {
      const h = ep.slot?.handle;
      if (!h || !pred(h)) continue;
      if (sure.has(ep)) low++;
      if (high.has(ep)) hi++;
    }
    return { low, high: hi };
  }

  /** Live endpoints (for IPC.ENDPOINT.NOMEM). */
  liveEndpoints(): Count {
    const high = this.aliveHigh().size;
    const low = this.endpoints.filter((ep) => this.refs((h) => h.obj.kind === 'endpoint' && h.obj.ep === ep).low > 0).length;
    return { low, high };
  }

  /** Live event counters (EVT.NOMEM). */
  liveEventfds(): Count {
    let low = 0;
    let high = 0;
    for (const o of this.eventfds) {
      const c = this.refs((h) => h.obj === o);
      if (c.low > 0) low++;
      if (c.high > 0) high++;
    }
    return { low, high };
  }

  nextPid(): number {
    return this.lastPid + 1;
  }
}
