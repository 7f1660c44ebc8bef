import { describe, expect, it } from 'vitest';
import { SWIFTOS_LAYOUT } from './layout.js';
import { ANON, expectFail, expectOk, faults, fill, machine, PAGE } from './mm.testkit.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_NORESERVE, MAP_PRIVATE, pagePerms, PROT_EXEC, PROT_READ, PROT_WRITE } from './validate.js';

const { mmapFloor: FLOOR, mmapTop: TOP } = SWIFTOS_LAYOUT;
const RW = PROT_READ | PROT_WRITE;

describe('mmap', () => {
  it('MM.MMAP.ZERO / MM.LAYOUT: a RW mapping is committed, zero-filled and placed downward from USER_MMAP_TOP', () => {
    const { mm, space, phys } = machine();
    const a = expectOk(mm.mmap(0, 3 * PAGE, RW, ANON), 'MM.MMAP.ZERO');
    expect(a).toBe(TOP - 3 * PAGE);
    expect(phys.framesInUse).toBe(3);
    for (let p = 0; p < 3; p++) {
      expect(space.permsOf(a / PAGE + p)).toBe(RW);
      expect(space.r8(a + p * PAGE + 17)).toBe(0);
    }
    space.w8(a + 5, 9);
    expect(space.r8(a + 5)).toBe(9);
    const b = expectOk(mm.mmap(0, PAGE, RW, ANON));
    expect(b).toBe(a - PAGE);
    expect(mm.checkInvariants()).toEqual([]);
  });

  it('MM.MMAP.NONZERO / MM.MMAP.ERRRANGE: results are never 0 nor in -4095..-1', () => {
    const { mm } = machine();
    for (let i = 0; i < 20; i++) {
      const a = expectOk(mm.mmap(0, PAGE * (i + 1), RW, ANON));
      expect(a).toBeGreaterThanOrEqual(FLOOR);
      expect(a).not.toBe(0);
    }
  });

  describe('every prot combination', () => {
    for (let prot = 0; prot < 8; prot++) {
      const wx = (prot & PROT_WRITE) !== 0 && (prot & PROT_EXEC) !== 0;
      const name = wx
        ? `MM.WX.REJECT / MM.WX.ERRNO: prot ${prot} is rejected with EINVAL`
        : prot === 0
          ? 'MM.MMAP.NONE.RESERVE: prot 0 reserves without frames'
          : `MM.MMAP.ZERO MM.PROT.READIMPLIED: prot ${prot} maps pages with that protection, readable`;
      it(name, () => {
        const { mm, space, phys } = machine();
        const r = mm.mmap(0, 2 * PAGE, prot, ANON);
        if (wx) {
          expectFail(r, 'EINVAL', 'MM.WX.ERRNO');
          expect(mm.regions()).toEqual([]);
          expect(phys.framesInUse).toBe(0);
          return;
        }
        const a = expectOk(r, prot === 0 ? 'MM.MMAP.NONE.RESERVE' : 'MM.MMAP.ZERO');
        expect(mm.regions()).toEqual([{ start: a, length: 2 * PAGE, prot, flags: ANON, kind: 'anonymous' }]);
        if (prot === 0) {
          expect(space.isMapped(a / PAGE)).toBe(false);
          expect(phys.framesInUse).toBe(0);
          expect(faults(space, a)).toBe(true);
        } else {
          expect(space.permsOf(a / PAGE)).toBe(prot | PROT_READ);
          expect(space.permsOf(a / PAGE + 1)).toBe(pagePerms(prot));
          expect(faults(space, a)).toBe(false);
          expect(faults(space, a, true)).toBe((prot & PROT_WRITE) === 0);
        }
      });
    }
  });

  it('MM.MMAP.ANON.ERRNO: flags without MAP_ANONYMOUS or without MAP_PRIVATE fail with EINVAL', () => {
    const { mm } = machine();
    expectFail(mm.mmap(0, PAGE, RW, MAP_PRIVATE), 'EINVAL', 'MM.MMAP.ANON.ERRNO');
    expectFail(mm.mmap(0, PAGE, RW, MAP_ANONYMOUS), 'EINVAL', 'MM.MMAP.ANON.ERRNO');
    expectFail(mm.mmap(0, PAGE, RW, 0), 'EINVAL', 'MM.MMAP.ANON.ERRNO');
  });

  it('ABI.FLAGS.UNKNOWN: unknown prot or flag bits fail with EINVAL', () => {
    const { mm } = machine();
    expectFail(mm.mmap(0, PAGE, 8, ANON), 'EINVAL', 'ABI.FLAGS.UNKNOWN');
    expectFail(mm.mmap(0, PAGE, RW, ANON | 1), 'EINVAL', 'ABI.FLAGS.UNKNOWN');
    expectFail(mm.mmap(0, PAGE, RW, BigInt(ANON) | (1n << 40n)), 'EINVAL', 'ABI.FLAGS.UNKNOWN');
  });

  it('ABI.LENGTH.BOUNDS: length 0 fails with EINVAL', () => {
    expectFail(machine().mm.mmap(0, 0, RW, ANON), 'EINVAL', 'ABI.LENGTH.BOUNDS');
  });

  it('ABI.CHECK.ORDER: length is checked before prot, prot bits before W^X, W^X before the flags rule', () => {
    const { mm } = machine();
    expectFail(mm.mmap(0, 0, 0xff, 0), 'EINVAL', 'ABI.LENGTH.BOUNDS');
    expectFail(mm.mmap(0, PAGE, 0xff, 0), 'EINVAL', 'ABI.FLAGS.UNKNOWN');
    expectFail(mm.mmap(0, PAGE, PROT_WRITE | PROT_EXEC, 0), 'EINVAL', 'MM.WX.ERRNO');
  });

  it('MM.MMAP.HINT: without MAP_FIXED the address (aligned or not) is ignored', () => {
    const a = machine().mm.mmap(0, PAGE, RW, ANON);
    const b = machine().mm.mmap(FLOOR + 123, PAGE, RW, ANON);
    const c = machine().mm.mmap(FLOOR, PAGE, RW, ANON);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('MM.MMAP.NORESERVE: MAP_NORESERVE changes nothing', () => {
    const x = machine();
    const y = machine();
    expect(x.mm.mmap(0, 2 * PAGE, RW, ANON | MAP_NORESERVE)).toEqual(y.mm.mmap(0, 2 * PAGE, RW, ANON));
    expect(x.phys.framesInUse).toBe(2);
    const none = expectOk(x.mm.mmap(0, PAGE, 0, ANON | MAP_NORESERVE), 'MM.MMAP.NONE.RESERVE');
    expect(x.space.isMapped(none / PAGE)).toBe(false);
  });

  it('length is rounded up to whole pages', () => {
    const { mm, space } = machine();
    const a = expectOk(mm.mmap(0, 1, RW, ANON));
    expect(a).toBe(TOP - PAGE);
    expect(space.r8(a + PAGE - 1)).toBe(0);
  });

  describe('MAP_FIXED', () => {
    it('ABI.ADDR.ALIGN: a misaligned fixed address fails with EINVAL', () => {
      const { mm } = machine();
      expectFail(mm.mmap(FLOOR + 1, PAGE, RW, ANON | MAP_FIXED), 'EINVAL', 'ABI.ADDR.ALIGN');
      expectFail(mm.mmap(FLOOR + 1, PAGE, RW, ANON | MAP_FIXED_NOREPLACE), 'EINVAL', 'ABI.ADDR.ALIGN');
    });

    it('MM.MMAP.FIXED.RANGE: a free range inside the area is mapped at exactly addr', () => {
      const { mm, space } = machine();
      expect(expectOk(mm.mmap(FLOOR, PAGE, RW, ANON | MAP_FIXED))).toBe(FLOOR);
      expect(expectOk(mm.mmap(TOP - PAGE, PAGE, RW, ANON | MAP_FIXED))).toBe(TOP - PAGE);
      expect(space.permsOf(FLOOR / PAGE)).toBe(RW);
    });

    it('MM.MMAP.FIXED.RANGE: a range reaching outside [USER_MMAP_FLOOR, USER_MMAP_TOP) fails with ENOMEM', () => {
      const { mm, phys } = machine();
      expectFail(mm.mmap(FLOOR - PAGE, 2 * PAGE, RW, ANON | MAP_FIXED), 'ENOMEM', 'MM.MMAP.FIXED.RANGE');
      expectFail(mm.mmap(TOP - PAGE, 2 * PAGE, RW, ANON | MAP_FIXED), 'ENOMEM', 'MM.MMAP.FIXED.RANGE');
      expectFail(mm.mmap(0x8000_0000, PAGE, RW, ANON | MAP_FIXED), 'ENOMEM', 'MM.MMAP.FIXED.RANGE');
      expectFail(mm.mmap(SWIFTOS_LAYOUT.heapBase, PAGE, RW, ANON | MAP_FIXED_NOREPLACE), 'ENOMEM', 'MM.MMAP.FIXED.RANGE');
      expectFail(mm.mmap(FLOOR, 2n ** 64n - 4096n, RW, ANON | MAP_FIXED), 'ENOMEM', 'MM.MMAP.FIXED.RANGE');
      expect(phys.framesInUse).toBe(0);
    });

    it('MM.MMAP.FIXED.REPLACE: MAP_FIXED over a live mapping gives fresh zero pages and keeps the neighbours', () => {
      const { mm, space, phys } = machine();
      const a = expectOk(mm.mmap(0, 3 * PAGE, RW, ANON));
      fill(space, a, 3 * PAGE, 0xaa);
      expect(expectOk(mm.mmap(a + PAGE, PAGE, PROT_READ, ANON | MAP_FIXED), 'MM.MMAP.FIXED.REPLACE')).toBe(a + PAGE);
      expect(space.r8(a)).toBe(0xaa);
      expect(space.r8(a + PAGE)).toBe(0);
      expect(space.r8(a + 2 * PAGE)).toBe(0xaa);
      expect(space.permsOf(a / PAGE + 1)).toBe(PROT_READ);
      expect(mm.regions().map((r) => [r.start, r.length, r.prot])).toEqual([
        [a, PAGE, RW], [a + PAGE, PAGE, PROT_READ], [a + 2 * PAGE, PAGE, RW],
      ]);
      expect(phys.framesInUse).toBe(3);
      expect(mm.checkInvariants()).toEqual([]);
    });

    it('MM.MMAP.FIXED.REPLACE: MAP_FIXED inside a PROT_NONE reservation commits just that range', () => {
      const { mm, space, phys } = machine();
      const a = expectOk(mm.mmap(0, 8 * PAGE, 0, ANON));
      expectOk(mm.mmap(a + 2 * PAGE, 2 * PAGE, RW, ANON | MAP_FIXED), 'MM.MMAP.FIXED.REPLACE');
      expect(phys.framesInUse).toBe(2);
      expect(space.isMapped(a / PAGE + 1)).toBe(false);
      expect(space.permsOf(a / PAGE + 2)).toBe(RW);
      expect(space.isMapped(a / PAGE + 4)).toBe(false);
      expect(mm.regions()).toHaveLength(3);
      expect(mm.checkInvariants()).toEqual([]);
    });

    it('MM.MMAP.FIXED.NONE: MAP_FIXED with PROT_NONE decommits live pages and keeps the surrounding reservation', () => {
      const { mm, space, phys } = machine();
      const a = expectOk(mm.mmap(0, 4 * PAGE, RW, ANON));
      fill(space, a, 4 * PAGE, 1);
      expectOk(mm.mmap(a + PAGE, 2 * PAGE, 0, ANON | MAP_FIXED), 'MM.MMAP.FIXED.NONE');
      expect(phys.framesInUse).toBe(2);
      expect(faults(space, a + PAGE)).toBe(true);
      expect(space.r8(a)).toBe(1);
      expect(space.r8(a + 3 * PAGE)).toBe(1);
      expectFail(mm.mmap(a + PAGE, PAGE, RW, ANON | MAP_FIXED_NOREPLACE), 'EEXIST', 'MM.MMAP.NOREPLACE');
      expect(mm.checkInvariants()).toEqual([]);
    });

    it('MM.MMAP.NOREPLACE: an overlap with a live mapping or a reservation fails with EEXIST and changes nothing', () => {
      const { mm, space, phys } = machine();
      const live = expectOk(mm.mmap(0, 2 * PAGE, RW, ANON));
      const reserved = expectOk(mm.mmap(0, 2 * PAGE, 0, ANON));
      fill(space, live, 2 * PAGE, 7);
      const before = mm.regions();
      expectFail(mm.mmap(live - 3 * PAGE, 4 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE), 'EEXIST', 'MM.MMAP.NOREPLACE');
      expectFail(mm.mmap(reserved, PAGE, RW, ANON | MAP_FIXED_NOREPLACE), 'EEXIST', 'MM.MMAP.NOREPLACE');
      expectFail(mm.mmap(reserved - PAGE, 2 * PAGE, 0, ANON | MAP_FIXED | MAP_FIXED_NOREPLACE), 'EEXIST', 'MM.MMAP.NOREPLACE');
      expect(mm.regions()).toEqual(before);
      expect(space.r8(live + PAGE)).toBe(7);
      expect(phys.framesInUse).toBe(2);
    });

    it('MM.MMAP.NOREPLACE: a free range is mapped at exactly addr', () => {
      const { mm } = machine();
      expect(expectOk(mm.mmap(FLOOR + 16 * PAGE, PAGE, RW, ANON | MAP_FIXED_NOREPLACE), 'MM.MMAP.ZERO')).toBe(FLOOR + 16 * PAGE);
    });
  });

  it('MM.MMAP.NOSPACE: a length larger than the free area fails with ENOMEM', () => {
    const { mm } = machine();
    expectFail(mm.mmap(0, TOP - FLOOR + PAGE, 0, ANON), 'ENOMEM', 'MM.MMAP.NOSPACE');
    expectFail(mm.mmap(0, 2n ** 64n - 1n, 0, ANON), 'ENOMEM', 'MM.MMAP.NOSPACE');
    expectOk(mm.mmap(0, TOP - FLOOR - PAGE, 0, ANON), 'MM.MMAP.NONE.RESERVE');
    expectOk(mm.mmap(0, PAGE, 0, ANON));
    expectFail(mm.mmap(0, PAGE, 0, ANON), 'ENOMEM', 'MM.MMAP.NOSPACE');
  });

  it('MM.COMMIT.NOMEM: a mapping the machine cannot back fails with ENOMEM and changes nothing; a reservation still works', () => {
    const { mm, phys } = machine({}, 64 * PAGE);
    expectOk(mm.mmap(0, 60 * PAGE, RW, ANON));
    expectFail(mm.mmap(0, 8 * PAGE, RW, ANON), 'ENOMEM', 'MM.COMMIT.NOMEM');
    expect(phys.framesInUse).toBe(60);
    expect(mm.regions()).toHaveLength(1);
    expectOk(mm.mmap(0, 1024 * PAGE, 0, ANON), 'MM.MMAP.NONE.RESERVE');
    expect(phys.framesInUse).toBe(60);
  });

  it('MM.COMMIT.NOMEM: the per-process limit counts pages a MAP_FIXED replacement frees', () => {
    const { mm } = machine({ maxResidentPages: 4 });
    const a = expectOk(mm.mmap(0, 4 * PAGE, RW, ANON));
    expectFail(mm.mmap(0, PAGE, RW, ANON), 'ENOMEM', 'MM.COMMIT.NOMEM');
    expectOk(mm.mmap(a, 4 * PAGE, PROT_READ, ANON | MAP_FIXED), 'MM.MMAP.FIXED.REPLACE');
    expect(mm.residentPages).toBe(4);
  });

  it('placement is deterministic: the same calls give the same addresses', () => {
    const run = (): number[] => {
      const { mm } = machine();
      const out: number[] = [];
      for (let i = 1; i <= 12; i++) {
        const a = expectOk(mm.mmap(0, (i % 4 + 1) * PAGE, i % 2 === 0 ? RW : 0, ANON));
        out.push(a);
        if (i % 3 === 0) expectOk(mm.munmap(a, PAGE));
      }
      return out;
    };
    expect(run()).toEqual(run());
  });
});
