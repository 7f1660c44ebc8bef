import { describe, expect, it } from 'vitest';
import { AddressSpace, PROT_R, PROT_X } from '../../../cpu/memory/address-space.js';
import { MemoryManager } from './manager.js';
import { ANON, expectFail, expectOk, faults, fill, machine, PAGE } from './mm.testkit.js';
import { PROT_READ, PROT_WRITE } from './validate.js';

const RW = PROT_READ | PROT_WRITE;

/** A process with a heap, a live mapping, a reservation, a read-only page and a file mapping. */
function busy(memoryBytes = 16 << 20): ReturnType<typeof machine> & { map: number; res: number } {
  const m = machine({}, memoryBytes);
  expectOk(m.mm.sbrk(2 * PAGE + 5));
  fill(m.space, m.mm.layout.heapBase, 2 * PAGE, 0x11);
  const map = expectOk(m.mm.mmap(0, 3 * PAGE, RW, ANON));
  fill(m.space, map, 3 * PAGE, 0x22);
  expectOk(m.mm.mprotect(map + 2 * PAGE, PAGE, PROT_READ));
  const res = expectOk(m.mm.mmap(0, 4 * PAGE, 0, ANON));
  expectOk(m.mm.mmapFile({ contents: new Uint8Array(PAGE).fill(0x33) }, PAGE, PROT_READ));
  return { ...m, map, res };
}

describe('fork (clone) and releaseAll', () => {
  it('PROC.FORK.MEMORY: the child has the same regions, break, protections and contents', () => {
    const p = busy();
    const childSpace = new AddressSpace(p.phys);
    const child = expectOk(p.mm.clone(childSpace), 'PROC.FORK.MEMORY');
    expect(child.regions()).toEqual(p.mm.regions());
    expect(child.brk).toBe(p.mm.brk);
    expect(childSpace.mappedPages()).toEqual(p.space.mappedPages());
    for (const vpn of p.space.mappedPages()) {
      expect(childSpace.permsOf(vpn)).toBe(p.space.permsOf(vpn));
      expect(childSpace.peek(vpn * PAGE, PAGE)).toEqual(p.space.peek(vpn * PAGE, PAGE));
      expect(childSpace.frameOf(vpn)).not.toBe(p.space.frameOf(vpn));
    }
    expect(p.phys.framesInUse).toBe(2 * p.mm.residentPages);
    expect(child.checkInvariants()).toEqual([]);
  });

  it('PROC.FORK.MEMORY: parent and child are independent after the fork', () => {
    const p = busy();
    const childSpace = new AddressSpace(p.phys);
    const child = expectOk(p.mm.clone(childSpace));
    childSpace.w8(p.map, 0x99);
    p.space.w8(p.map + 1, 0x98);
    expect(p.space.r8(p.map)).toBe(0x22);
    expect(childSpace.r8(p.map + 1)).toBe(0x22);
    expectOk(child.munmap(p.map, PAGE));
    expect(faults(childSpace, p.map)).toBe(true);
    expect(p.space.r8(p.map)).toBe(0x22);
    expectOk(child.mprotect(p.res, PAGE, RW), 'MM.MPROTECT.COMMIT');
    expect(p.space.isMapped(p.res / PAGE)).toBe(false);
    expectOk(p.mm.sbrk(PAGE));
    expect(child.brk).not.toBe(p.mm.brk);
  });

  it('PROC.FORK.NOMEM: a copy the machine cannot hold fails with ENOMEM and leaves the child space empty', () => {
    const p = busy(12 * PAGE);
    const before = p.phys.framesInUse;
    const childSpace = new AddressSpace(p.phys);
    expectFail(p.mm.clone(childSpace), 'ENOMEM', 'PROC.FORK.NOMEM');
    expect(childSpace.mappedPages()).toEqual([]);
    expect(p.phys.framesInUse).toBe(before);
  });

  it('PROC.FORK.NOMEM: the per-process limit applies to the child', () => {
    const m = machine({ maxResidentPages: 3 });
    expectOk(m.mm.mmap(0, 3 * PAGE, RW, ANON));
    expectOk(m.mm.clone(new AddressSpace(m.phys)));
  });

  it('releaseAll returns framesInUse to the baseline for parent and child (exit)', () => {
    const p = busy();
    const childSpace = new AddressSpace(p.phys);
    const child = expectOk(p.mm.clone(childSpace));
    const perProcess = p.mm.residentPages;
    expect(child.releaseAll()).toBe(perProcess);
    expect(p.phys.framesInUse).toBe(perProcess);
    expect(p.mm.releaseAll()).toBe(perProcess);
    expect(p.phys.framesInUse).toBe(0);
    expect(p.mm.regions()).toEqual([]);
    expect(p.mm.brk).toBe(p.mm.layout.heapBase);
    expect(p.mm.checkInvariants()).toEqual([]);
  });

  it('adopt registers loader pages (image, stack) as regions that fork copies and releaseAll frees', () => {
    const m = machine();
    const image = 0x8000_0000;
    m.space.mapPage(image / PAGE, m.phys.alloc(), PROT_R | PROT_X);
    m.space.mapPage(image / PAGE + 1, m.phys.alloc(), PROT_R);
    m.mm.adopt(image, 2 * PAGE, 'image', 'init');
    expect(m.mm.regions().map((r) => [r.kind, r.prot, r.length])).toEqual([['image', 5, PAGE], ['image', 1, PAGE]]);
    expect(m.mm.checkInvariants()).toEqual([]);
    expect(() => m.mm.adopt(image + 2 * PAGE, PAGE, 'stack')).toThrow(/unmapped/);
    const child = expectOk(m.mm.clone(new AddressSpace(m.phys)));
    expect(child.regions()).toEqual(m.mm.regions());
    child.releaseAll();
    m.mm.releaseAll();
    expect(m.phys.framesInUse).toBe(0);
  });

  it('clone refuses a target space that already has pages', () => {
    const m = machine();
    const target = new AddressSpace(m.phys);
    target.mapPage(1, m.phys.alloc(), PROT_R);
    expect(() => m.mm.clone(target)).toThrow(/not empty/);
  });

  it('a manager over a fresh space starts empty', () => {
    const m = machine();
    const other = new MemoryManager(new AddressSpace(m.phys));
    expect(other.regions()).toEqual([]);
    expect(other.residentPages).toBe(0);
  });
});
