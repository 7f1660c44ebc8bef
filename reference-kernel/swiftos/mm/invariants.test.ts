import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressSpace } from '../../../cpu/memory/address-space.js';
import { SWIFTOS_LAYOUT } from './layout.js';
import type { MemoryManager } from './manager.js';
import { ANON, machine, PAGE } from './mm.testkit.js';
import { MAP_FIXED, MAP_FIXED_NOREPLACE } from './validate.js';
import { assertWxInvariant } from './wx.js';

const { mmapTop: TOP } = SWIFTOS_LAYOUT;
/** Operations confined to the top 16 pages of the mapping area so that they collide often. */
const WINDOW = 16;

type Op = (mm: MemoryManager) => unknown;

const page = fc.integer({ min: 0, max: WINDOW - 1 }).map((p) => TOP - (p + 1) * PAGE);
const pages = fc.integer({ min: 1, max: 8 }).map((n) => n * PAGE);
const prot = fc.integer({ min: 0, max: 7 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(pages, prot).map(([len, p]): Op => (mm) => mm.mmap(0, len, p, ANON)),
  fc.tuple(page, pages, prot, fc.constantFrom(MAP_FIXED, MAP_FIXED_NOREPLACE)).map(([a, len, p, f]): Op => (mm) => mm.mmap(a, Math.min(len, TOP - a), p, ANON | f)),
  fc.tuple(page, pages).map(([a, len]): Op => (mm) => mm.munmap(a, Math.min(len, TOP - a))),
  fc.tuple(page, pages, prot).map(([a, len, p]): Op => (mm) => mm.mprotect(a, Math.min(len, TOP - a), p)),
  fc.integer({ min: -3 * PAGE, max: 3 * PAGE }).map((n): Op => (mm) => mm.sbrk(n)),
  fc.integer({ min: 1, max: 3 * PAGE }).map((n): Op => (mm) => mm.mmapFile({ contents: new Uint8Array(n).fill(1) }, n, 1)),
);

describe('memory-manager laws', () => {
  it('after any call sequence: regions match the page table, W^X holds, fork copies it, releaseAll frees every frame', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 5, maxLength: 40 }), (ops) => {
        const { mm, phys } = machine({}, 4 << 20);
        for (const step of ops) {
          step(mm);
          expect(mm.checkInvariants()).toEqual([]);
          expect(assertWxInvariant(mm.space)).toEqual([]);
        }
        expect(phys.framesInUse).toBe(mm.residentPages);
        const child = mm.clone(new AddressSpace(phys));
        if (child.ok) {
          expect(child.value.regions()).toEqual(mm.regions());
          expect(child.value.checkInvariants()).toEqual([]);
          child.value.releaseAll();
        }
        mm.releaseAll();
        expect(phys.framesInUse).toBe(0);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('same calls, same results (placement and errors are deterministic)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 5, maxLength: 30 }), (ops) => {
        const run = (): unknown[] => {
          const { mm } = machine({}, 4 << 20);
          return [...ops.map((step) => step(mm)), mm.regions()];
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
