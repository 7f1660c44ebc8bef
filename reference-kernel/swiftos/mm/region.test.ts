import { describe, expect, it } from 'vitest';
import { RegionList, type Region } from './region.js';

const r = (start: number, length: number, prot = 3): Region => ({ start, length, prot, flags: 0x22, kind: 'anonymous' });

describe('RegionList', () => {
  it('insert keeps address order and merges equal neighbours', () => {
    const l = new RegionList();
    l.insert(r(0x3000, 0x1000), r(0x1000, 0x1000), r(0x2000, 0x1000));
    expect(l.all()).toEqual([r(0x1000, 0x3000)]);
    l.insert(r(0x5000, 0x1000, 1));
    expect(l.all()).toHaveLength(2);
    expect(() => l.insert(r(0x1800, 0x1000))).toThrow(/overlapping/);
  });

  it('cut splits straddling regions and returns the removed pieces', () => {
    const l = new RegionList();
    l.insert(r(0x1000, 0x4000), r(0x6000, 0x1000, 1));
    expect(l.cut(0x2000, 0x6800)).toEqual([r(0x2000, 0x3000), r(0x6000, 0x800, 1)]);
    expect(l.all()).toEqual([r(0x1000, 0x1000), r(0x6800, 0x800, 1)]);
  });

  it('covers needs every byte', () => {
    const l = new RegionList();
    l.insert(r(0x1000, 0x1000), r(0x2000, 0x1000, 1), r(0x4000, 0x1000));
    expect(l.covers(0x1000, 0x3000)).toBe(true);
    expect(l.covers(0x1000, 0x4000)).toBe(false);
    expect(l.covers(0x4000, 0x5000)).toBe(true);
    expect(l.covers(0x0, 0x2000)).toBe(false);
  });

  it('highestGap picks the highest free range in [floor, top)', () => {
    const l = new RegionList();
    expect(l.highestGap(0x1000, 0x10000, 0x20000)).toBe(0x1f000);
    l.insert(r(0x1e000, 0x2000), r(0x1b000, 0x1000, 1));
    expect(l.highestGap(0x1000, 0x10000, 0x20000)).toBe(0x1d000);
    expect(l.highestGap(0x2000, 0x10000, 0x20000)).toBe(0x1c000);
    expect(l.highestGap(0x20000, 0x10000, 0x20000)).toBe(-1);
    l.insert(r(0x8000, 0x9000));
    expect(l.highestGap(0xa000, 0x10000, 0x20000)).toBe(0x11000);
    expect(l.highestGap(0xc000, 0x10000, 0x20000)).toBe(-1);
  });
});
