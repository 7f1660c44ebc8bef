/** What backs a region. `shared` pages belong to a kernel object (a ring, a device window), not the process. */
export type RegionKind = 'anonymous' | 'file' | 'heap' | 'stack' | 'image' | 'shared';

/**
 * One VMA: a page-aligned range with one protection. Anonymous regions with PROT_NONE are
 * reservations (no frames); every other region has a frame for each page.
 */
export interface Region {
  readonly start: number;
  readonly length: number;
  readonly prot: number;
  /** The MAP_* flags it was created with (0 for heap, stack, image and file regions). */
  readonly flags: number;
  readonly kind: RegionKind;
  /** Free text for /proc-style listings (the file name of a file mapping). */
  readonly label?: string;
}

export function regionEnd(r: Region): number {
  return r.start + r.length;
}

function slice(r: Region, start: number, end: number): Region {
  return { ...r, start, length: end - start };
}

function sameShape(a: Region, b: Region): boolean {
  return a.prot === b.prot && a.flags === b.flags && a.kind === b.kind && a.label === b.label;
}

/** The regions of one process, sorted by address and never overlapping. */
export class RegionList {
  private items: Region[] = [];

  all(): readonly Region[] {
    return this.items;
  }

  /** The region holding `addr`, if any. */
  at(addr: number): Region | undefined {
    return this.items.find((r) => r.start <= addr && addr < regionEnd(r));
  }

  overlapping(start: number, end: number): Region[] {
    return this.items.filter((r) => r.start < end && start < regionEnd(r));
  }

  /** Whether every byte of [start, end) lies in some region. */
  covers(start: number, end: number): boolean {
    let cursor = start;
    for (const r of this.overlapping(start, end)) {
      if (r.start > cursor) return false;
      cursor = regionEnd(r);
    }
    return cursor >= end;
  }

  /**
   * Removes [start, end) from the list, splitting regions that straddle its edges, and returns
   * the removed pieces in address order.
   */
  cut(start: number, end: number): Region[] {
    const kept: Region[] = [];
    const removed: Region[] = [];
    for (const r of this.items) {
      const rEnd = regionEnd(r);
      if (rEnd <= start || r.start >= end) {
        kept.push(r);
        continue;
      }
      if (r.start < start) kept.push(slice(r, r.start, start));
      removed.push(slice(r, Math.max(r.start, start), Math.min(rEnd, end)));
      if (rEnd > end) kept.push(slice(r, end, rEnd));
    }
    this.items = kept;
    return removed;
  }

  /** Adds regions (which must not overlap any present) and merges equal neighbours. */
  insert(...regions: Region[]): void {
    const all = [...this.items, ...regions].filter((r) => r.length > 0).sort((a, b) => a.start - b.start);
    const merged: Region[] = [];
    for (const r of all) {
      const prev = merged[merged.length - 1];
      if (prev && regionEnd(prev) > r.start) throw new Error(`overlapping regions at 0x${r.start.toString(16)}`);
      if (prev && regionEnd(prev) === r.start && sameShape(prev, r)) merged[merged.length - 1] = slice(prev, prev.start, regionEnd(r));
      else merged.push(r);
    }
    this.items = merged;
  }

  clear(): void {
    this.items = [];
  }

  /**
   * Placement: the highest address a such that [a, a + length) lies in [floor, top) and in no
   * region, or -1. Highest-fit from the top makes placement a function of the region list alone.
   */
  highestGap(length: number, floor: number, top: number): number {
    let cursor = top;
    for (let i = this.items.length - 1; i >= 0; i--) {
      const r = this.items[i]!;
      if (r.start >= cursor) continue;
      const rEnd = regionEnd(r);
      if (rEnd <= floor) break;
      if (cursor - Math.max(rEnd, floor) >= length) return cursor - length;
      cursor = r.start;
    }
    return cursor - floor >= length ? cursor - length : -1;
  }
}
