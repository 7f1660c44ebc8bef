import { describe, expect, it } from 'vitest';
import { SWIFTOS_LAYOUT } from './layout.js';
import { ANON, expectFail, expectOk, faults, fill, machine, PAGE } from './mm.testkit.js';
import { PROT_READ, PROT_WRITE } from './validate.js';

const RW = PROT_READ | PROT_WRITE;
const { mmapFloor: FLOOR, mmapTop: TOP } = SWIFTOS_LAYOUT;

describe('munmap', () => {
  it('MM.MUNMAP.FREE: a partial munmap splits the region, frees the frames, and later accesses fault', () => {
    const { mm, space, phys } = machine();
    const a = expectOk(mm.mmap(0, 3 * PAGE, RW, ANON));
    fill(space, a, 3 * PAGE, 9);
    expectOk(mm.munmap(a + PAGE, PAGE), 'MM.MUNMAP.FREE');
    expect(phys.framesInUse).toBe(2);
    expect(faults(space, a + PAGE)).toBe(true);
    expect(space.r8(a)).toBe(9);
    expect(space.r8(a + 2 * PAGE)).toBe(9);
    expect(mm.regions().map((r) => [r.start, r.length])).toEqual([[a, PAGE], [a + 2 * PAGE, PAGE]]);
    expect(mm.checkInvariants()).toEqual([]);
  });

  it('MM.MUNMAP.FREE: the length is rounded up to pages', () => {
    const { mm, space } = machine();
    const a = expectOk(mm.mmap(0, 2 * PAGE, RW, ANON));
    expectOk(mm.munmap(a, PAGE + 1));
    expect(space.isMapped(a / PAGE + 1)).toBe(false);
    expect(mm.regions()).toEqual([]);
  });

  it('MM.MUNMAP.FREE: unmapping a PROT_NONE reservation removes it', () => {
    const { mm } = machine();
    const a = expectOk(mm.mmap(0, 8 * PAGE, 0, ANON));
    expectOk(mm.munmap(a, 8 * PAGE), 'MM.MUNMAP.FREE');
    expect(mm.regions()).toEqual([]);
  });

  it('MM.MUNMAP.HOLES: pages that are not mapped are skipped without error', () => {
    const { mm, phys } = machine();
    const a = expectOk(mm.mmap(0, PAGE, RW, ANON));
    expectOk(mm.munmap(a - 4 * PAGE, 5 * PAGE), 'MM.MUNMAP.HOLES');
    expectOk(mm.munmap(FLOOR, 4 * PAGE), 'MM.MUNMAP.HOLES');
    expect(phys.framesInUse).toBe(0);
  });

  it('MM.MUNMAP.RANGE: a range outside [USER_MMAP_FLOOR, USER_MMAP_TOP) fails with EINVAL and changes nothing', () => {
    const { mm, space } = machine();
    const heap = expectOk(mm.sbrk(PAGE));
    expectFail(mm.munmap(heap, PAGE), 'EINVAL', 'MM.MUNMAP.RANGE');
    expect(space.isMapped(heap / PAGE)).toBe(true);
    expectFail(mm.munmap(TOP - PAGE, 2 * PAGE), 'EINVAL', 'MM.MUNMAP.RANGE');
    expectFail(mm.munmap(FLOOR - PAGE, PAGE), 'EINVAL', 'MM.MUNMAP.RANGE');
    expectFail(mm.munmap(FLOOR, 2n ** 64n - 4096n), 'EINVAL', 'MM.MUNMAP.RANGE');
  });

  it('ABI.ADDR.ALIGN / ABI.LENGTH.BOUNDS', () => {
    const { mm } = machine();
    expectFail(mm.munmap(FLOOR + 1, PAGE), 'EINVAL', 'ABI.ADDR.ALIGN');
    expectFail(mm.munmap(FLOOR, 0), 'EINVAL', 'ABI.LENGTH.BOUNDS');
  });

  it('MM.MUNMAP.REUSE: unmapped address space (the bottom region too) is handed out again', () => {
    const { mm } = machine();
    const big = 256 * PAGE;
    const a = expectOk(mm.mmap(0, big, RW, ANON));
    const b = expectOk(mm.mmap(0, big, RW, ANON));
    expect(b).toBe(a - big);
    expectOk(mm.munmap(b, big));
    expect(expectOk(mm.mmap(0, big, RW, ANON))).toBe(b);
    expectOk(mm.munmap(a, big));
    expect(expectOk(mm.mmap(0, PAGE, RW, ANON))).toBe(TOP - PAGE);
  });
});
