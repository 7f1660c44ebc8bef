import { describe, expect, it } from 'vitest';
import { AddressSpace } from '../../../cpu/memory/address-space.js';
import { assertWxInvariant } from './wx.js';
import { ANON, expectFail, expectOk, faults, machine, PAGE } from './mm.testkit.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from './validate.js';

const RW = PROT_READ | PROT_WRITE;

/** Two frames an outside owner holds (its base reference), as a ring or a device window would. */
function owned(m: ReturnType<typeof machine>): number[] {
  return [m.phys.alloc(), m.phys.alloc()];
}

describe('mapShared', () => {
  it('SHM.MAP, SHM.LIFETIME: maps the owner\'s frames read/write, each page taking a reference', () => {
    const m = machine();
    const frames = owned(m);
    const a = expectOk(m.mm.mapShared(frames, 'ring'), 'SHM.MAP');
    expect(a % PAGE).toBe(0);
    expect(m.mm.regions()).toEqual([{ start: a, length: 2 * PAGE, prot: RW, flags: 0, kind: 'shared', label: 'ring' }]);
    expect(frames.map((f) => m.phys.refCount(f))).toEqual([2, 2]);
    expect(m.space.frameOf(a / PAGE)).toBe(frames[0]);
    expect(faults(m.space, a, true)).toBe(false);
    expect(m.mm.checkInvariants()).toEqual([]);
    expectOk(m.mm.munmap(a, 2 * PAGE));
    expect(frames.map((f) => m.phys.refCount(f))).toEqual([1, 1]);
  });

  it('SHM.MAP: two mappings of the same frames see each other\'s writes', () => {
    const m = machine();
    const frames = owned(m);
    const a = expectOk(m.mm.mapShared(frames, 'ring'));
    const b = expectOk(m.mm.mapShared(frames, 'ring'));
    expect(a).not.toBe(b);
    m.space.poke(a + 100, Uint8Array.of(7));
    expect(m.space.peek(b + 100, 1)).toEqual(Uint8Array.of(7));
    expect(m.mm.checkInvariants()).toEqual([]);
  });

  it('SHM.FORK: a fork child shares the pages; releaseAll drops only its references', () => {
    const m = machine();
    const frames = owned(m);
    const a = expectOk(m.mm.mapShared(frames, 'ring'));
    expectOk(m.mm.mmap(0, PAGE, RW, ANON));
    const child = expectOk(m.mm.clone(new AddressSpace(m.phys)));
    expect(child.space.frameOf(a / PAGE)).toBe(frames[0]);
    expect(frames.map((f) => m.phys.refCount(f))).toEqual([3, 3]);
    child.space.poke(a, Uint8Array.of(9));
    expect(m.space.peek(a, 1)).toEqual(Uint8Array.of(9));
    expect(child.checkInvariants()).toEqual([]);
    child.releaseAll();
    m.mm.releaseAll();
    expect(frames.map((f) => m.phys.refCount(f))).toEqual([1, 1]);
    expect(m.phys.framesInUse).toBe(2);
  });

  it('SHM.NOEXEC: mprotect with PROT_EXEC over a shared range fails EINVAL and changes nothing', () => {
    const m = machine();
    const a = expectOk(m.mm.mapShared(owned(m), 'ring'));
    expectFail(m.mm.mprotect(a, PAGE, PROT_READ | PROT_EXEC), 'EINVAL', 'SHM.NOEXEC');
    expect(m.space.permsOf(a / PAGE)).toBe(RW);
    expectOk(m.mm.mprotect(a, PAGE, PROT_READ));
    expectOk(m.mm.mprotect(a, PAGE, 0));
    expect(m.space.isMapped(a / PAGE)).toBe(true);
    expect(assertWxInvariant(m.space)).toEqual([]);
    expect(m.mm.checkInvariants()).toEqual([]);
  });

  it('MM.MMAP.NOSPACE: no free range, ENOMEM and no reference taken', () => {
    const m = machine();
    const frames = owned(m);
    const { mmapFloor, mmapTop } = m.mm.layout;
    expectOk(m.mm.mmap(0, mmapTop - mmapFloor, 0, ANON));
    expectFail(m.mm.mapShared(frames, 'ring'), 'ENOMEM', 'MM.MMAP.NOSPACE');
    expect(frames.map((f) => m.phys.refCount(f))).toEqual([1, 1]);
  });
});
