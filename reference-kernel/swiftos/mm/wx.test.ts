import { describe, expect, it } from 'vitest';
import { PROT_R, PROT_W, PROT_X } from '../../../cpu/memory/address-space.js';
import { ANON, expectOk, machine, PAGE } from './mm.testkit.js';
import { assertWxInvariant } from './wx.js';
import { MAP_FIXED, PROT_EXEC, PROT_READ, PROT_WRITE } from './validate.js';

describe('W^X invariant', () => {
  it('MM.WX.REJECT: no sequence of calls through the manager leaves a page both writable and executable', () => {
    const { mm, space } = machine();
    const steps: (() => unknown)[] = [];
    const a = expectOk(mm.mmap(0, 8 * PAGE, PROT_READ | PROT_WRITE, ANON));
    for (let prot = 0; prot < 8; prot++) {
      steps.push(() => mm.mprotect(a + prot * PAGE, PAGE, prot));
      steps.push(() => mm.mmap(a + ((prot + 3) % 8) * PAGE, PAGE, prot, ANON | MAP_FIXED));
      steps.push(() => mm.mprotect(a, 8 * PAGE, prot));
    }
    for (const step of steps) {
      step();
      expect(assertWxInvariant(space)).toEqual([]);
    }
    expect(mm.checkInvariants()).toEqual([]);
  });

  it('MM.WX.REJECT: the checker reports pages mapped W|X behind the manager\'s back', () => {
    const { space, phys } = machine();
    space.mapPage(0x100, phys.alloc(), PROT_R | PROT_W | PROT_X);
    space.mapPage(0x101, phys.alloc(), PROT_R | PROT_X);
    space.mapPage(0x102, phys.alloc(), PROT_W | PROT_X);
    expect(assertWxInvariant(space)).toEqual([0x100, 0x102]);
  });

  it('rejectWx: false (other personalities) allows W|X mappings, which the checker then reports', () => {
    const { mm, space } = machine({ rejectWx: false });
    const a = expectOk(mm.mmap(0, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, ANON));
    expect(assertWxInvariant(space)).toEqual([a / PAGE]);
    expectOk(mm.mprotect(a, PAGE, PROT_WRITE | PROT_EXEC));
  });
});
