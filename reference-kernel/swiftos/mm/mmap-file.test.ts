import { describe, expect, it } from 'vitest';
import { MEMORY_FAULT } from '../../../cpu/memory/address-space.js';
import { SWIFTOS_LAYOUT } from './layout.js';
import { ANON, expectFail, expectOk, faults, machine, PAGE } from './mm.testkit.js';
import { PROT_READ, PROT_WRITE } from './validate.js';

const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);
const file = (n: number): { contents: Uint8Array; name: string } => ({ contents: bytes(n), name: '/models/m.bin' });

describe('mmap_file', () => {
  it('MM.MMAP.RETURN / MM.MMAPFILE.PROT: the file contents are mapped read-only at a placed address', () => {
    const { mm, space, phys } = machine();
    const f = file(3 * PAGE);
    const a = expectOk(mm.mmapFile(f, 3 * PAGE, PROT_READ), 'MM.MMAP.RETURN');
    expect(a).toBe(SWIFTOS_LAYOUT.mmapTop - 3 * PAGE);
    expect(space.peek(a, 3 * PAGE)).toEqual(f.contents);
    expect(space.permsOf(a / PAGE)).toBe(PROT_READ);
    expect(() => space.w8(a, 1)).toThrow();
    try {
      space.w8(a + PAGE, 1);
    } catch (e) {
      expect(e).toBe(MEMORY_FAULT);
      expect(space.lastFault).toEqual({ addr: a + PAGE, access: 'write', alignment: false });
    }
    expect(phys.framesInUse).toBe(3);
    expect(mm.regions()).toEqual([{ start: a, length: 3 * PAGE, prot: PROT_READ, flags: 0, kind: 'file', label: '/models/m.bin' }]);
  });

  it('MM.MMAPFILE.CLAMP: a length past the end is clamped; the last page\'s tail reads as zeros', () => {
    const { mm, space } = machine();
    const a = expectOk(mm.mmapFile(file(PAGE + 10), 100 * PAGE, PROT_READ), 'MM.MMAPFILE.CLAMP');
    expect(mm.regions()[0]!.length).toBe(2 * PAGE);
    expect(space.r8(a + PAGE + 9)).toBe(((PAGE + 9) * 7 + 3) & 0xff);
    expect(space.r8(a + PAGE + 10)).toBe(0);
    expect(space.r8(a + 2 * PAGE - 1)).toBe(0);
    expect(faults(space, a + 2 * PAGE)).toBe(true);
  });

  it('a length shorter than the file maps the pages holding that many bytes', () => {
    const { mm, space } = machine();
    const f = file(3 * PAGE);
    const a = expectOk(mm.mmapFile(f, 10, PROT_READ));
    expect(mm.regions()[0]!.length).toBe(PAGE);
    expect(space.peek(a, PAGE)).toEqual(f.contents.subarray(0, PAGE));
  });

  it('MM.MMAPFILE.ERRNO / MM.WX.REJECT: any prot other than exactly PROT_READ fails with EINVAL', () => {
    const { mm, phys } = machine();
    for (let prot = 0; prot < 8; prot++) {
      if (prot === PROT_READ) continue;
      expectFail(mm.mmapFile(file(PAGE), PAGE, prot), 'EINVAL', 'MM.MMAPFILE.ERRNO');
    }
    expectFail(mm.mmapFile(file(PAGE), PAGE, 0x10), 'EINVAL', 'ABI.FLAGS.UNKNOWN');
    expect(phys.framesInUse).toBe(0);
  });

  it('MM.MMAPFILE.EMPTY: an empty file fails with EINVAL', () => {
    expectFail(machine().mm.mmapFile(file(0), PAGE, PROT_READ), 'EINVAL', 'MM.MMAPFILE.EMPTY');
  });

  it('ABI.LENGTH.BOUNDS: length 0 fails with EINVAL', () => {
    expectFail(machine().mm.mmapFile(file(PAGE), 0, PROT_READ), 'EINVAL', 'ABI.LENGTH.BOUNDS');
  });

  it('MM.MMAP.NOSPACE / MM.COMMIT.NOMEM', () => {
    const area = SWIFTOS_LAYOUT.mmapTop - SWIFTOS_LAYOUT.mmapFloor;
    const { mm } = machine({}, 4 * PAGE);
    expectOk(mm.mmap(0, area - PAGE, 0, ANON));
    expectFail(mm.mmapFile(file(2 * PAGE), 2 * PAGE, PROT_READ), 'ENOMEM', 'MM.MMAP.NOSPACE');
    const small = machine({}, 4 * PAGE);
    expectFail(small.mm.mmapFile(file(8 * PAGE), 8 * PAGE, PROT_READ), 'ENOMEM', 'MM.COMMIT.NOMEM');
    expect(small.phys.framesInUse).toBe(0);
  });

  it('MM.MMAPFILE.CLOSE: the mapping is a copy, independent of the source bytes afterwards', () => {
    const { mm, space } = machine();
    const f = file(PAGE);
    const a = expectOk(mm.mmapFile(f, PAGE, PROT_READ));
    f.contents.fill(0);
    expect(space.r8(a + 1)).toBe(10);
  });

  it('MM.MUNMAP.FREE / MM.WX.REJECT: file mappings unmap like any mapping and never become W|X', () => {
    const { mm, phys } = machine();
    const a = expectOk(mm.mmapFile(file(2 * PAGE), 2 * PAGE, PROT_READ));
    expectFail(mm.mprotect(a, PAGE, PROT_WRITE | 4), 'EINVAL', 'MM.WX.ERRNO');
    expectOk(mm.munmap(a, 2 * PAGE), 'MM.MUNMAP.FREE');
    expect(phys.framesInUse).toBe(0);
  });
});
