import { describe, expect, it } from 'vitest';
import { ANON, expectFail, expectOk, faults, fill, machine, PAGE } from './mm.testkit.js';
import { pagePerms, PROT_EXEC, PROT_READ, PROT_WRITE } from './validate.js';

const RW = PROT_READ | PROT_WRITE;
const RX = PROT_READ | PROT_EXEC;
const isWx = (p: number): boolean => (p & PROT_WRITE) !== 0 && (p & PROT_EXEC) !== 0;

describe('mprotect', () => {
  describe('every (from, to) prot pair on an anonymous mapping', () => {
    for (let from = 0; from < 8; from++) {
      if (isWx(from)) continue;
      for (let to = 0; to < 8; to++) {
        const name = isWx(to)
          ? `MM.WX.REJECT / MM.WX.ERRNO: ${from} -> ${to} fails with EINVAL and changes nothing`
          : `MM.MPROTECT.CHANGE MM.PROT.READIMPLIED: ${from} -> ${to} sets the protection${to === 0 ? ' (MM.MPROTECT.DECOMMIT)' : from === 0 ? ' (MM.MPROTECT.COMMIT)' : ''}`;
        it(name, () => {
          const { mm, space, phys } = machine();
          const a = expectOk(mm.mmap(0, 2 * PAGE, from, ANON));
          const r = mm.mprotect(a, 2 * PAGE, to);
          if (isWx(to)) {
            expectFail(r, 'EINVAL', 'MM.WX.ERRNO');
            expect(mm.regions()[0]!.prot).toBe(from);
            expect(space.isMapped(a / PAGE)).toBe(from !== 0);
            if (from !== 0) expect(space.permsOf(a / PAGE)).toBe(pagePerms(from));
            return;
          }
          expectOk(r);
          expect(mm.regions()).toEqual([{ start: a, length: 2 * PAGE, prot: to, flags: ANON, kind: 'anonymous' }]);
          expect(phys.framesInUse).toBe(to === 0 ? 0 : 2);
          if (to !== 0) expect(space.permsOf(a / PAGE + 1)).toBe(pagePerms(to));
          expect(faults(space, a)).toBe(to === 0);
          expect(faults(space, a, true)).toBe((to & PROT_WRITE) === 0);
          expect(mm.checkInvariants()).toEqual([]);
        });
      }
    }
  });

  it('ABI.ADDR.ALIGN, ABI.LENGTH.BOUNDS, ABI.FLAGS.UNKNOWN: argument checks in register order', () => {
    const { mm } = machine();
    const a = expectOk(mm.mmap(0, PAGE, RW, ANON));
    expectFail(mm.mprotect(a + 1, PAGE, 0xff), 'EINVAL', 'ABI.ADDR.ALIGN');
    expectFail(mm.mprotect(a, 0, 0xff), 'EINVAL', 'ABI.LENGTH.BOUNDS');
    expectFail(mm.mprotect(a, PAGE, 8), 'EINVAL', 'ABI.FLAGS.UNKNOWN');
    expectFail(mm.mprotect(a + PAGE, PAGE, PROT_WRITE | PROT_EXEC), 'EINVAL', 'MM.WX.ERRNO');
  });

  it('MM.MPROTECT.UNMAPPED: a range with a hole (or nothing) fails with ENOMEM and changes nothing', () => {
    const { mm, space } = machine();
    const a = expectOk(mm.mmap(0, PAGE, RW, ANON));
    const b = expectOk(mm.mmap(0, PAGE, RW, ANON));
    expectOk(mm.munmap(b, PAGE));
    const c = expectOk(mm.mmap(0, 2 * PAGE, RW, ANON));
    expect(c).toBe(b - PAGE);
    expectOk(mm.munmap(b, PAGE));
    expectFail(mm.mprotect(c, 3 * PAGE, PROT_READ), 'ENOMEM', 'MM.MPROTECT.UNMAPPED');
    expectFail(mm.mprotect(a + PAGE, PAGE, PROT_READ), 'ENOMEM', 'MM.MPROTECT.UNMAPPED');
    expectFail(mm.mprotect(0x1000, PAGE, PROT_READ), 'ENOMEM', 'MM.MPROTECT.UNMAPPED');
    expectFail(mm.mprotect(a, 2n ** 64n - 4096n, PROT_READ), 'ENOMEM', 'MM.MPROTECT.UNMAPPED');
    expect(space.permsOf(c / PAGE)).toBe(RW);
    expect(space.permsOf(a / PAGE)).toBe(RW);
  });

  it('MM.MPROTECT.CHANGE: a partial range splits the region; a later mprotect merges it again', () => {
    const { mm, space } = machine();
    const a = expectOk(mm.mmap(0, 4 * PAGE, RW, ANON));
    fill(space, a, 4 * PAGE, 3);
    expectOk(mm.mprotect(a + PAGE, 2 * PAGE, PROT_READ), 'MM.MPROTECT.CHANGE');
    expect(mm.regions().map((r) => [r.start - a, r.length, r.prot])).toEqual([
      [0, PAGE, RW], [PAGE, 2 * PAGE, PROT_READ], [3 * PAGE, PAGE, RW],
    ]);
    expect(faults(space, a + PAGE, true)).toBe(true);
    expect(space.r8(a + PAGE)).toBe(3);
    expect(faults(space, a, true)).toBe(false);
    expectOk(mm.mprotect(a + PAGE, 2 * PAGE, RW));
    expect(mm.regions()).toHaveLength(1);
    expect(mm.checkInvariants()).toEqual([]);
  });

  it('MM.MPROTECT.COMMIT: mprotect inside a PROT_NONE reservation commits zero-filled pages for just that range', () => {
    const { mm, space, phys } = machine();
    const a = expectOk(mm.mmap(0, 16 * PAGE, 0, ANON), 'MM.MMAP.NONE.RESERVE');
    expect(phys.framesInUse).toBe(0);
    expectOk(mm.mprotect(a + 4 * PAGE, 2 * PAGE, RW), 'MM.MPROTECT.COMMIT');
    expect(phys.framesInUse).toBe(2);
    expect(space.r8(a + 4 * PAGE)).toBe(0);
    space.w8(a + 5 * PAGE + 1, 42);
    expect(faults(space, a + 3 * PAGE)).toBe(true);
    expect(faults(space, a + 6 * PAGE)).toBe(true);
    expect(mm.checkInvariants()).toEqual([]);
  });

  it('MM.MPROTECT.DECOMMIT: PROT_NONE frees the frames, keeps the reservation, and a recommit reads zeros', () => {
    const { mm, space, phys } = machine();
    const a = expectOk(mm.mmap(0, 3 * PAGE, RW, ANON));
    fill(space, a, 3 * PAGE, 0x77);
    expectOk(mm.mprotect(a, 2 * PAGE, 0), 'MM.MPROTECT.DECOMMIT');
    expect(phys.framesInUse).toBe(1);
    expect(faults(space, a)).toBe(true);
    expect(mm.regions().map((r) => r.prot)).toEqual([0, RW]);
    expectOk(mm.mprotect(a, PAGE, PROT_READ), 'MM.MPROTECT.COMMIT');
    expect(space.r8(a)).toBe(0);
    expect(space.r8(a + 2 * PAGE)).toBe(0x77);
    expect(mm.checkInvariants()).toEqual([]);
  });

  it('MM.WX.JIT / MM.ICACHE: map RW, write code, mprotect RX: the bytes stay, fetch sees them, writes fault', () => {
    const { mm, space } = machine();
    const a = expectOk(mm.mmap(0, PAGE, RW, ANON));
    const ret = 0xd65f03c0;
    space.w32(a, ret | 0);
    expectOk(mm.mprotect(a, PAGE, RX), 'MM.WX.JIT');
    expect(space.fetch(a)).toBe(ret);
    expect(faults(space, a, true)).toBe(true);
    expect(space.permsOf(a / PAGE)).toBe(RX);
  });

  it('MM.WX.JIT: the JIT path also works from a PROT_NONE reservation (commit RW, write, RX)', () => {
    const { mm, space } = machine();
    const a = expectOk(mm.mmap(0, 4 * PAGE, 0, ANON));
    expectOk(mm.mprotect(a + PAGE, PAGE, RW), 'MM.MPROTECT.COMMIT');
    space.w32(a + PAGE, 0x12345678);
    expectOk(mm.mprotect(a + PAGE, PAGE, RX), 'MM.WX.JIT');
    expect(space.fetch(a + PAGE)).toBe(0x12345678);
  });

  it('MM.COMMIT.NOMEM: a commit the machine cannot back fails with ENOMEM and changes nothing', () => {
    const { mm, space, phys } = machine({}, 8 * PAGE);
    const a = expectOk(mm.mmap(0, 16 * PAGE, 0, ANON));
    expectFail(mm.mprotect(a, 16 * PAGE, RW), 'ENOMEM', 'MM.COMMIT.NOMEM');
    expect(phys.framesInUse).toBe(0);
    expect(mm.regions()[0]!.prot).toBe(0);
    expect(space.isMapped(a / PAGE)).toBe(false);
  });

  it('MM.COMMIT.NOMEM: the per-process limit applies to commits', () => {
    const { mm } = machine({ maxResidentPages: 2 });
    const a = expectOk(mm.mmap(0, 4 * PAGE, 0, ANON));
    expectOk(mm.mprotect(a, 2 * PAGE, RW));
    expectFail(mm.mprotect(a + 2 * PAGE, PAGE, RW), 'ENOMEM', 'MM.COMMIT.NOMEM');
    expectOk(mm.mprotect(a, PAGE, 0), 'MM.MPROTECT.DECOMMIT');
    expectOk(mm.mprotect(a + 2 * PAGE, PAGE, RW), 'MM.MPROTECT.COMMIT');
  });

  it('MM.MPROTECT.CHANGE: heap pages keep their contents under PROT_NONE (only anonymous reservations decommit)', () => {
    const { mm, space, phys } = machine();
    const base = expectOk(mm.sbrk(2 * PAGE));
    fill(space, base, 2 * PAGE, 5);
    expectOk(mm.mprotect(base, PAGE, 0), 'MM.MPROTECT.CHANGE');
    expect(phys.framesInUse).toBe(2);
    expect(faults(space, base)).toBe(true);
    expectOk(mm.mprotect(base, PAGE, RW));
    expect(space.r8(base)).toBe(5);
    expect(mm.checkInvariants()).toEqual([]);
  });

  it('MM.MPROTECT.UNMAPPED: a range spanning heap and unmapped space fails', () => {
    const { mm } = machine();
    const base = expectOk(mm.sbrk(PAGE));
    expectFail(mm.mprotect(base, 2 * PAGE, PROT_READ), 'ENOMEM', 'MM.MPROTECT.UNMAPPED');
  });
});
