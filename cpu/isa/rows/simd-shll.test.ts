import { describe, expect, it } from 'vitest';
import { enc, machineWith } from '../../testing/run-words.js';
import { disassemble } from '../../disasm.js';

/** V1 bytes 0..15 = 0x81, 0x82, ..., 0x90; runs SHLL/SHLL2 into V0 and returns V0's bytes. */
function shll(size: number, q: number): Uint8Array {
  const { cpu } = machineWith([enc('SHLL', { Q: q, size, Rn: 1, Rd: 0 })]);
  cpu.setV(1, Uint8Array.from({ length: 16 }, (_, i) => 0x81 + i));
  cpu.setV(0, new Uint8Array(16).fill(0xee));
  expect(cpu.run(10).kind).toBe('svc');
  return cpu.getV(0);
}

const le = (values: number[], bytes: number): number[] =>
  values.flatMap((v) => Array.from({ length: bytes }, (_, i) => Number((BigInt(v) >> BigInt(8 * i)) & 0xffn)));

describe('SHLL/SHLL2 (shift left long by element size)', () => {
  it('8B -> 8H: each byte moves to the high byte of a halfword, zero-extended', () => {
    expect([...shll(0, 0)]).toEqual(le([0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88].map((b) => b << 8), 2));
    expect([...shll(0, 1)]).toEqual(le([0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90].map((b) => b << 8), 2));
  });

  it('4H -> 4S and 2S -> 2D take the low or high half of Vn', () => {
    expect([...shll(1, 0)]).toEqual(le([0x8281, 0x8483, 0x8685, 0x8887].map((h) => h * 0x10000), 4));
    expect([...shll(2, 1)]).toEqual([0, 0, 0, 0, 0x89, 0x8a, 0x8b, 0x8c, 0, 0, 0, 0, 0x8d, 0x8e, 0x8f, 0x90]);
  });

  it('size 3 is unallocated and disassembles like objdump', () => {
    expect(disassemble(enc('SHLL', { Q: 1, size: 0, Rn: 6, Rd: 0 }))).toBe('shll2\tv0.8h, v6.16b, #8');
    expect(disassemble(0x2ee13800 >>> 0)).toBe('.inst\t0x2ee13800');
  });
});
