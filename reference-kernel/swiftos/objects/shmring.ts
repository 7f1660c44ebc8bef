// Shared-memory ring channels (SHM.*): a machine-wide table of channels, each owning its pages.

import { constValue } from '../../../spec/index.js';
import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';

/** Slots of the channel table (SHM.ID.ALLOC). */
export const SHMRING_MAX = constValue('LIMITS', 'SHMRING_MAX');
const MAGIC = constValue('SHMRING', 'SHMRING_MAGIC');
const VERSION = constValue('SHMRING', 'SHMRING_VERSION');
const OFF_CAPACITY = constValue('SHMRING', 'SHMRING_OFF_CAPACITY');
const HEADER_BYTES = constValue('SHMRING', 'SHMRING_HEADER_BYTES');
const PAGE = 4096;

/** One channel: its pages (the table holds the base reference of each) and its creator. */
export interface Channel {
  readonly id: number;
  readonly frames: readonly number[];
  readonly owner: Process;
}

/** The capacity of a ring spanning `bytes` (SHM.LAYOUT.HEADER): the largest power of two that fits after the header. */
export function ringCapacity(bytes: number): number {
  let cap = 1;
  while (cap * 2 <= bytes - HEADER_BYTES) cap *= 2;
  return cap;
}

/** The kernel's channel table; owners that exit give their channels back (SHM.LIFETIME). */
export class ShmTable {
  private readonly slots: (Channel | null)[] = new Array<Channel | null>(SHMRING_MAX).fill(null);

  constructor(private readonly kernel: Kernel) {
    kernel.exitHooks.push((p) => {
      for (const c of this.slots) if (c !== null && c.owner === p) this.drop(c);
    });
  }

  /** A new channel of `pages` pages owned by `owner`, or null (nothing allocated) when frames or slots run out (SHM.NOMEM). */
  create(pages: number, owner: Process): Channel | null {
    const id = this.slots.indexOf(null);
    if (id < 0) return null;
    const phys = this.kernel.phys;
    const frames: number[] = [];
    for (let i = 0; i < pages; i++) {
      const f = phys.alloc();
      if (f < 0) {
        for (const g of frames) phys.release(g);
        return null;
      }
      frames.push(f);
    }
    const half = (pages / 2) * PAGE;
    for (const first of [frames[0]!, frames[pages / 2]!]) {
      const at = phys.frameOffset(first);
      phys.view.setUint32(at, MAGIC, true);
      phys.view.setUint32(at + 4, VERSION, true);
      phys.view.setUint32(at + OFF_CAPACITY, ringCapacity(half), true);
    }
    const c: Channel = { id, frames, owner };
    this.slots[id] = c;
    return c;
  }

  /** The live channel `id`, null for a free slot; `id` is inside the table. */
  get(id: number): Channel | null {
    return this.slots[id] ?? null;
  }

  /** Drops the base reference of `c`'s pages and frees its id (SHM.CLOSE); mappings keep the pages. */
  drop(c: Channel): void {
    this.slots[c.id] = null;
    for (const f of c.frames) this.kernel.phys.release(f);
  }
}

const tables = new WeakMap<Kernel, ShmTable>();

/** The channel table of `kernel`, made on first use. */
export function shmTable(kernel: Kernel): ShmTable {
  let t = tables.get(kernel);
  if (t === undefined) tables.set(kernel, (t = new ShmTable(kernel)));
  return t;
}
