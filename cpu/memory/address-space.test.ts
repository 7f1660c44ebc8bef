import { describe, expect, it } from 'vitest';
import { AddressSpace, MEMORY_FAULT, PROT_R, PROT_W, PROT_X, VA_LIMIT, type MemoryFault } from './address-space.js';
import { PhysicalMemory } from './physical.js';

function space(): { s: AddressSpace; phys: PhysicalMemory } {
  const phys = new PhysicalMemory(1 << 20);
  const s = new AddressSpace(phys);
  s.mapPage(0x10, phys.alloc(), PROT_R | PROT_W);
  s.mapPage(0x11, phys.alloc(), PROT_R | PROT_W);
  s.mapPage(0x12, phys.alloc(), PROT_R);
  return { s, phys };
}

function faultOf(fn: () => unknown, s: AddressSpace): MemoryFault {
  try {
    fn();
  } catch (err) {
    expect(err).toBe(MEMORY_FAULT);
    return s.lastFault;
  }
  throw new Error('expected a fault');
}

describe('AddressSpace', () => {
  it('reads back what it writes, little-endian, at every size', () => {
    const { s } = space();
    s.w64(0x10008, 0x44332211, 0x88776655 | 0);
    expect(s.r8(0x10008)).toBe(0x11);
    expect(s.r16(0x10009)).toBe(0x3322);
    expect(s.r32(0x1000a) >>> 0).toBe(0x66554433);
    expect(s.r64(0x10008) >>> 0).toBe(0x44332211);
    expect(s.hi >>> 0).toBe(0x88776655);
  });

  it('handles accesses that straddle two pages', () => {
    const { s } = space();
    s.w64(0x10ffc, 0x04030201, 0x08070605);
    expect([...s.peek(0x10ffc, 8)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(s.r32(0x10ffe)).toBe(0x06050403);
    expect(s.r64(0x10ffc)).toBe(0x04030201);
    expect(s.hi).toBe(0x08070605);
  });

  it('faults on unmapped, read-only and out-of-range addresses with the first bad byte', () => {
    const { s } = space();
    expect(faultOf(() => s.r8(0x13000), s)).toEqual({ addr: 0x13000, access: 'read', alignment: false });
    expect(faultOf(() => s.w32(0x12000, 1), s)).toEqual({ addr: 0x12000, access: 'write', alignment: false });
    expect(faultOf(() => s.r64(VA_LIMIT), s)).toMatchObject({ addr: VA_LIMIT, access: 'read' });
    // Addresses at or above 2^53 are reported rounded (documented); the access still faults.
    expect(faultOf(() => s.r32(-4), s).access).toBe('read');
    // A store straddling into a read-only page writes nothing.
    s.w32(0x11ffc, 0x11111111);
    expect(faultOf(() => s.w64(0x11ffc, -1, -1), s)).toEqual({ addr: 0x12000, access: 'write', alignment: false });
    expect(s.r32(0x11ffc)).toBe(0x11111111);
  });

  it('copyIn/copyOut enforce user permissions and are all-or-nothing', () => {
    const { s } = space();
    expect(s.copyOut(0x10ff0, new Uint8Array(32).fill(7))).toBe(true);
    expect([...s.copyIn(0x10ff0, 32)!]).toEqual(new Array(32).fill(7));
    expect(s.copyOut(0x11ff0, new Uint8Array(32).fill(9))).toBe(false);
    expect(s.r8(0x11ff0)).toBe(0);
    expect(s.copyIn(0x12ff0, 32)).toBeNull();
    expect(s.readCString(0x10ff0, 8)).toBeNull();
    s.poke(0x12ffe, Uint8Array.of(1, 1));
    expect(s.readCString(0x12ffe, 8)).toBeNull();
    s.w8(0x10ff4, 0);
    expect([...s.readCString(0x10ff0, 64)!]).toEqual([7, 7, 7, 7]);
  });

  it('releases frames on unmap and reuses them zeroed', () => {
    const { s, phys } = space();
    const used = phys.framesInUse;
    s.w32(0x10000, 0x12345678);
    s.unmapPage(0x10);
    expect(phys.framesInUse).toBe(used - 1);
    const f = phys.alloc();
    s.mapPage(0x20, f, PROT_R);
    expect(s.r32(0x20000)).toBe(0);
  });

  it('fetch needs execute permission', () => {
    const { s, phys } = space();
    s.mapPage(0x30, phys.alloc(), PROT_R | PROT_X);
    expect(s.fetch(0x30000)).toBe(0);
    expect(faultOf(() => s.fetch(0x10000), s)).toEqual({ addr: 0x10000, access: 'exec', alignment: false });
  });
});
