import { describe, expect, it } from 'vitest';
import { SWIFTOS_LAYOUT } from './layout.js';
import { SBRK_FAILED, sbrkOutcome } from './result.js';
import { expectFail, expectOk, faults, fill, machine, PAGE } from './mm.testkit.js';
import { PROT_READ, PROT_WRITE } from './validate.js';

const { heapBase: BASE, heapTop: TOP } = SWIFTOS_LAYOUT;

describe('sbrk', () => {
  it('MM.SBRK.ZERO: sbrk(0) returns the current break (initially USER_HEAP_BASE, MM.LAYOUT)', () => {
    const { mm, phys } = machine();
    expect(expectOk(mm.sbrk(0), 'MM.SBRK.ZERO')).toBe(BASE);
    expect(phys.framesInUse).toBe(0);
  });

  it('MM.SBRK.RETURN / MM.SBRK.GROW: growth returns the previous break and maps zero-filled RW pages', () => {
    const { mm, space, phys } = machine();
    expect(expectOk(mm.sbrk(100), 'MM.SBRK.GROW')).toBe(BASE);
    expect(expectOk(mm.sbrk(PAGE))).toBe(BASE + 100);
    expect(expectOk(mm.sbrk(0))).toBe(BASE + 100 + PAGE);
    expect(phys.framesInUse).toBe(2);
    expect(space.permsOf(BASE / PAGE)).toBe(PROT_READ | PROT_WRITE);
    expect(space.r8(BASE + PAGE + 99)).toBe(0);
    space.w8(BASE + 2 * PAGE - 1, 1);
    expect(faults(space, BASE + 2 * PAGE)).toBe(true);
    expect(mm.regions()).toEqual([{ start: BASE, length: 2 * PAGE, prot: 3, flags: 0, kind: 'heap' }]);
    expect(mm.checkInvariants()).toEqual([]);
  });

  it('MM.SBRK.SHRINK: a negative increment unmaps whole pages above the new break; regrowth reads zeros', () => {
    const { mm, space, phys } = machine();
    expectOk(mm.sbrk(3 * PAGE));
    fill(space, BASE, 3 * PAGE, 0xee);
    expect(expectOk(mm.sbrk(-(2 * PAGE - 10)), 'MM.SBRK.SHRINK')).toBe(BASE + 3 * PAGE);
    expect(expectOk(mm.sbrk(0))).toBe(BASE + PAGE + 10);
    expect(phys.framesInUse).toBe(2);
    expect(space.r8(BASE + PAGE + 10)).toBe(0xee);
    expect(faults(space, BASE + 2 * PAGE)).toBe(true);
    expectOk(mm.sbrk(2 * PAGE));
    expect(space.r8(BASE + 2 * PAGE)).toBe(0);
    expect(mm.checkInvariants()).toEqual([]);
  });

  it('MM.SBRK.FLOOR / MM.SBRK.FAIL: below the initial break fails with the all-ones sentinel and no change', () => {
    const { mm } = machine();
    expectOk(mm.sbrk(PAGE));
    const r = mm.sbrk(-(PAGE + 1));
    expectFail(r, 'ENOMEM', 'MM.SBRK.FLOOR');
    expect(sbrkOutcome(r)).toEqual({ ret: SBRK_FAILED, clause: 'MM.SBRK.FLOOR' });
    expect(SBRK_FAILED).toBe(2n ** 64n - 1n);
    expect(expectOk(mm.sbrk(0))).toBe(BASE + PAGE);
    expectFail(mm.sbrk(2n ** 64n - 2n * 4096n), 'ENOMEM', 'MM.SBRK.FLOOR');
    expect(expectOk(mm.sbrk(-PAGE))).toBe(BASE + PAGE);
    expect(expectOk(mm.sbrk(0))).toBe(BASE);
  });

  it('MM.SBRK.FLOOR: growth past the top of user memory fails and leaves the break unchanged', () => {
    const { mm } = machine();
    expectFail(mm.sbrk(TOP - BASE + 1), 'ENOMEM', 'MM.SBRK.FLOOR');
    expectFail(mm.sbrk(2n ** 63n - 1n), 'ENOMEM', 'MM.SBRK.FLOOR');
    expect(expectOk(mm.sbrk(0))).toBe(BASE);
  });

  it('MM.SBRK.FLOOR: growth the machine cannot back fails and unwinds (no frames kept)', () => {
    const { mm, phys } = machine({}, 8 * PAGE);
    expectOk(mm.sbrk(4 * PAGE));
    expectFail(mm.sbrk(8 * PAGE), 'ENOMEM', 'MM.SBRK.FLOOR');
    expect(phys.framesInUse).toBe(4);
    expect(expectOk(mm.sbrk(0))).toBe(BASE + 4 * PAGE);
  });

  it('MM.SBRK.FLOOR: the per-process limit applies', () => {
    const { mm } = machine({ maxResidentPages: 2 });
    expectOk(mm.sbrk(2 * PAGE));
    expectFail(mm.sbrk(1), 'ENOMEM', 'MM.SBRK.FLOOR');
  });

  it('MM.SBRK.RETURN: sbrk(incr) moves the break by incr exactly, sub-page increments included', () => {
    const { mm } = machine();
    let expected = BASE;
    for (const incr of [1, 7, 4095, 1, 8192, -3, -8000, 12]) {
      expect(expectOk(mm.sbrk(incr))).toBe(expected);
      expected += incr;
    }
    expect(expectOk(mm.sbrk(0))).toBe(expected);
    expect(mm.checkInvariants()).toEqual([]);
  });
});
