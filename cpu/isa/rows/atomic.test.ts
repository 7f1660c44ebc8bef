import { describe, expect, it } from 'vitest';
import { DATA_END, MID, enc, exec, insnAddr, le, peek, peekValue, poke, readOnly } from './ldst.testkit.js';

const X = (v: number | bigint): bigint => BigInt.asUintN(64, BigInt(v));
const SIZE_SUFFIX = ['B', 'H', '_W', '_X'] as const;

type Op = 'ADD' | 'CLR' | 'EOR' | 'SET' | 'SMAX' | 'SMIN' | 'UMAX' | 'UMIN' | 'SWP';

/** The value LD<op>/SWP stores, from the Arm ARM pseudocode (MemAtomicOp), on `bits`-bit values. */
function reference(op: Op, bits: number, old: bigint, s: bigint): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  const o = old & mask;
  const v = s & mask;
  const so = BigInt.asIntN(bits, o);
  const sv = BigInt.asIntN(bits, v);
  switch (op) {
    case 'ADD':
      return (o + v) & mask;
    case 'CLR':
      return o & ~v & mask;
    case 'EOR':
      return o ^ v;
    case 'SET':
      return o | v;
    case 'SMAX':
      return so > sv ? o : v;
    case 'SMIN':
      return so < sv ? o : v;
    case 'UMAX':
      return o > v ? o : v;
    case 'UMIN':
      return o < v ? o : v;
    case 'SWP':
      return v;
  }
}

function corners(bits: number): bigint[] {
  const b = BigInt(bits);
  const mask = (1n << b) - 1n;
  return [0n, 1n, (1n << (b - 1n)) - 1n, 1n << (b - 1n), mask, 0xa5c3_5a3c_f00f_0ff0n & mask];
}

const rowName = (op: Op, size: number): string => (op === 'SWP' ? 'SWP' : `LD${op}`) + SIZE_SUFFIX[size]!;

describe('LSE atomic read-modify-write: old value returned, memory updated', () => {
  const ops: Op[] = ['ADD', 'CLR', 'EOR', 'SET', 'SMAX', 'SMIN', 'UMAX', 'UMIN', 'SWP'];
  for (const op of ops) {
    for (let size = 0; size < 4; size++) {
      it(`${rowName(op, size)} at signed/unsigned corners`, () => {
        const bits = 8 << size;
        const bytes = 1 << size;
        const vals = corners(bits);
        const pairs = vals.flatMap((o) => vals.map((s) => [o, s] as const));
        for (let start = 0; start < pairs.length; start += 8) {
          const chunk = pairs.slice(start, start + 8);
          const regs: Record<number, bigint> = {};
          const words = chunk.map((_, k) =>
            enc(rowName(op, size), { Rs: 2 + k, Rt: 10 + k, Rn: 18 + k, A: k & 1, R: (k >> 1) & 1 }),
          );
          chunk.forEach(([, s], k) => {
            regs[2 + k] = size < 3 ? s | (0xdeadbeefn << 32n) | (bits < 32 ? 0xab00_0000n & ~((1n << BigInt(bits)) - 1n) : 0n) : s;
            regs[10 + k] = X(-1);
            regs[18 + k] = X(MID + 16 * k);
          });
          const { m, stop } = exec(words, regs, (mm) => {
            chunk.forEach(([o], k) => poke(mm, MID + 16 * k, [...le(o, bytes), ...Array(16 - bytes).fill(0xee)]));
          });
          expect(stop.kind).toBe('svc');
          chunk.forEach(([o, s], k) => {
            const what = `${rowName(op, size)} old=${o.toString(16)} s=${s.toString(16)}`;
            expect(m.cpu.getX(10 + k), what).toBe(o);
            expect(peekValue(m, MID + 16 * k, bytes), what).toBe(reference(op, bits, o, s));
            expect(peek(m, MID + 16 * k + bytes, 16 - bytes), what).toEqual(Array(16 - bytes).fill(0xee));
          });
        }
      });
    }
  }

  it('ST<op> aliases (Rt = ZR) update memory and write no register', () => {
    const words = [enc('LDADD_X', { Rs: 2, Rt: 31, Rn: 1, A: 0, R: 1 }), enc('LDSETH', { Rs: 3, Rt: 31, Rn: 4, A: 0, R: 0 })];
    const { m } = exec(words, { 1: X(MID), 2: 5n, 3: 0x8001n, 4: X(MID + 16) }, (mm) => {
      poke(mm, MID, le(10n, 8));
      poke(mm, MID + 16, [0x10, 0x00]);
    });
    expect(peekValue(m, MID, 8)).toBe(15n);
    expect(peekValue(m, MID + 16, 2)).toBe(0x8011n);
    expect(m.cpu.getX(2)).toBe(5n);
  });

  it('Rs == Rt: the register operand is read before the old value is written', () => {
    const { m } = exec([enc('SWP_X', { Rs: 2, Rt: 2, Rn: 1, A: 1, R: 1 })], { 1: X(MID), 2: 0x1234n }, (mm) => poke(mm, MID, le(0x99n, 8)));
    expect(m.cpu.getX(2)).toBe(0x99n);
    expect(peekValue(m, MID, 8)).toBe(0x1234n);
  });

  it('misaligned atomics raise an alignment fault and change nothing', () => {
    for (const [row, off] of [['LDADDH', 1], ['LDEOR_W', 2], ['SWP_X', 4], ['LDUMAX_X', 12]] as const) {
      const { m, stop } = exec([enc(row, { Rs: 2, Rt: 3, Rn: 1 })], { 1: X(MID + off), 2: 1n, 3: 7n }, (mm) => poke(mm, MID, Array(16).fill(0x11)));
      expect(stop, row).toEqual({ kind: 'fault', pc: insnAddr(0), word: enc(row, { Rs: 2, Rt: 3, Rn: 1 }), addr: MID + off, access: 'read', alignment: true });
      expect(m.cpu.getX(3)).toBe(7n);
      expect(peek(m, MID, 16)).toEqual(Array(16).fill(0x11));
    }
    expect(exec([enc('LDADDB', { Rs: 2, Rt: 3, Rn: 1 })], { 1: X(MID + 1) }).stop.kind).toBe('svc');
  });

  it('an atomic on a read-only page faults with access write; on an unmapped page with read', () => {
    const ro = exec([enc('LDADD_W', { Rs: 2, Rt: 3, Rn: 1 })], { 1: X(MID), 3: 7n }, (mm) => readOnly(mm, MID));
    expect(ro.stop).toMatchObject({ kind: 'fault', addr: MID, access: 'write', alignment: false });
    expect(ro.m.cpu.getX(3)).toBe(7n);
    const unmapped = exec([enc('LDADD_W', { Rs: 2, Rt: 3, Rn: 1 })], { 1: X(DATA_END) });
    expect(unmapped.stop).toMatchObject({ kind: 'fault', addr: DATA_END, access: 'read' });
  });
});

describe('CAS and CASP', () => {
  it.each([
    [0, 0x80n, 0x80n, true],
    [0, 0x80n, 0xff80n, true],
    [0, 0x80n, 0x7fn, false],
    [1, 0xfffen, 0xfffen, true],
    [2, 0x80000000n, 0xffff_ffff_8000_0000n, true],
    [2, 0x80000000n, 0x7fffffffn, false],
    [3, X(-2), X(-2), true],
    [3, X(-2), 0xfffffffen, false],
  ] as const)('CAS size %i: memory %s, Rs %s, equal=%s', (size, mem, rs, equal) => {
    const bytes = 1 << size;
    const row = `CAS${SIZE_SUFFIX[size]}`;
    const { m, stop } = exec([enc(row, { Rs: 2, Rt: 3, Rn: 1, L: 1, o0: 0 })], { 1: X(MID), 2: rs, 3: 0x0123456789abcdefn }, (mm) =>
      poke(mm, MID, [...le(mem, bytes), ...Array(16 - bytes).fill(0xee)]),
    );
    expect(stop.kind).toBe('svc');
    expect(m.cpu.getX(2)).toBe(mem);
    const mask = (1n << BigInt(8 * bytes)) - 1n;
    expect(peekValue(m, MID, bytes)).toBe(equal ? 0x0123456789abcdefn & mask : mem);
    expect(peek(m, MID + bytes, 16 - bytes)).toEqual(Array(16 - bytes).fill(0xee));
  });

  it('CAS on a read-only page faults with access write even when the compare fails', () => {
    const { m, stop } = exec([enc('CAS_X', { Rs: 2, Rt: 3, Rn: 1 })], { 1: X(MID), 2: 1n }, (mm) => readOnly(mm, MID));
    expect(stop).toMatchObject({ kind: 'fault', addr: MID, access: 'write' });
    expect(m.cpu.getX(2)).toBe(1n);
  });

  it('CASP W pair: success and failure', () => {
    const words = [enc('CASP_W', { Rs: 2, Rt: 4, Rn: 1, L: 0, o0: 0 }), enc('CASP_W', { Rs: 6, Rt: 4, Rn: 8, L: 1, o0: 1 })];
    const regs = { 1: X(MID), 2: 0x11n, 3: 0x22n, 4: 0xaaaan, 5: 0xbbbbn, 6: 0x11n, 7: 0x23n, 8: X(MID + 16) };
    const { m } = exec(words, regs, (mm) => {
      poke(mm, MID, [...le(0x11n, 4), ...le(0x22n, 4)]);
      poke(mm, MID + 16, [...le(0x11n, 4), ...le(0x22n, 4)]);
    });
    expect(peekValue(m, MID, 8)).toBe(0x0000bbbb0000aaaan);
    expect(m.cpu.getX(2)).toBe(0x11n);
    expect(m.cpu.getX(3)).toBe(0x22n);
    expect(peekValue(m, MID + 16, 8)).toBe(0x0000002200000011n);
    expect(m.cpu.getX(6)).toBe(0x11n);
    expect(m.cpu.getX(7)).toBe(0x22n);
  });

  it('CASP X pair: success, failure, and alignment to 16', () => {
    const words = [enc('CASP_X', { Rs: 2, Rt: 4, Rn: 1, L: 1, o0: 0 }), enc('CASP_X', { Rs: 6, Rt: 4, Rn: 8 })];
    const regs = { 1: X(MID), 2: X(-1), 3: 7n, 4: 0xaaaan, 5: 0xbbbbn, 6: X(-1), 7: 8n, 8: X(MID + 32) };
    const { m } = exec(words, regs, (mm) => {
      poke(mm, MID, [...le(X(-1), 8), ...le(7n, 8)]);
      poke(mm, MID + 32, [...le(X(-1), 8), ...le(7n, 8)]);
    });
    expect(peekValue(m, MID, 8)).toBe(0xaaaan);
    expect(peekValue(m, MID + 8, 8)).toBe(0xbbbbn);
    expect(peekValue(m, MID + 32, 8)).toBe(X(-1));
    expect(peekValue(m, MID + 40, 8)).toBe(7n);
    expect(m.cpu.getX(6)).toBe(X(-1));
    expect(m.cpu.getX(7)).toBe(7n);
    const misaligned = exec([enc('CASP_X', { Rs: 2, Rt: 4, Rn: 1 })], { 1: X(MID + 8) });
    expect(misaligned.stop).toMatchObject({ kind: 'fault', alignment: true, addr: MID + 8 });
  });

  it('CASP with Rs = 30 pairs X30 with XZR', () => {
    const { m } = exec([enc('CASP_X', { Rs: 30, Rt: 4, Rn: 1 })], { 1: X(MID), 30: 5n, 4: 6n, 5: 7n }, (mm) => poke(mm, MID, [...le(5n, 8), ...le(0n, 8)]));
    expect(peekValue(m, MID, 8)).toBe(6n);
    expect(peekValue(m, MID + 8, 8)).toBe(7n);
    expect(m.cpu.getX(30)).toBe(5n);
  });

  it('CASP with an odd register is unallocated', () => {
    const row = enc('CASP_W', { Rs: 2, Rt: 4, Rn: 1 });
    const { stop } = exec([(row | (1 << 16)) >>> 0]);
    expect(stop.kind).toBe('undefined');
  });
});

describe('exclusive monitor', () => {
  const LDXR = (size: number, rt: number, rn: number): number => enc(['LDXRB', 'LDXRH', 'LDXR_W', 'LDXR_X'][size]!, { Rt: rt, Rn: rn });
  const STXR = (size: number, rs: number, rt: number, rn: number): number =>
    enc(['STXRB', 'STXRH', 'STXR_W', 'STXR_X'][size]!, { Rs: rs, Rt: rt, Rn: rn });

  it.each([0, 1, 2, 3])('LDXR then STXR (size %i) succeeds and writes; a second STXR fails', (size) => {
    const bytes = 1 << size;
    const words = [LDXR(size, 2, 1), STXR(size, 3, 4, 1), STXR(size, 5, 6, 1)];
    const { m } = exec(words, { 1: X(MID), 4: 0x0102030405060708n, 6: X(-1), 2: X(-1) }, (mm) => poke(mm, MID, Array(8).fill(0x80)));
    const mask = (1n << BigInt(8 * bytes)) - 1n;
    expect(m.cpu.getX(2)).toBe(0x8080808080808080n & mask);
    expect(m.cpu.getX(3)).toBe(0n);
    expect(m.cpu.getX(5)).toBe(1n);
    expect(peekValue(m, MID, bytes)).toBe(0x0102030405060708n & mask);
    expect(peek(m, MID + bytes, 8 - bytes)).toEqual(Array(8 - bytes).fill(0x80));
  });

  it('STXR without a preceding LDXR fails and writes nothing, even misaligned or unmapped', () => {
    const words = [STXR(3, 3, 4, 1), STXR(2, 5, 4, 6), STXR(3, 7, 4, 8)];
    const { m, stop } = exec(words, { 1: X(MID), 4: 9n, 6: X(MID + 1), 8: X(DATA_END) });
    expect(stop.kind).toBe('svc');
    expect([m.cpu.getX(3), m.cpu.getX(5), m.cpu.getX(7)]).toEqual([1n, 1n, 1n]);
    expect(peekValue(m, MID, 8)).toBe(0n);
  });

  it('STXR to another address fails and clears the monitor', () => {
    const words = [LDXR(3, 2, 1), STXR(3, 3, 4, 5), STXR(3, 6, 4, 1)];
    const { m } = exec(words, { 1: X(MID), 5: X(MID + 8), 4: 0x42n });
    expect(m.cpu.getX(3)).toBe(1n);
    expect(m.cpu.getX(6)).toBe(1n);
    expect(peekValue(m, MID, 16)).toBe(0n);
  });

  it('a plain store of a different value between LDXR and STXR makes it fail (as qemu); the same value does not', () => {
    const changed = exec([LDXR(3, 2, 1), enc('STR_X_uoff', { Rt: 5, Rn: 1, imm12: 0 }), STXR(3, 3, 4, 1)], { 1: X(MID), 4: 0x42n, 5: 7n });
    expect(changed.m.cpu.getX(3)).toBe(1n);
    expect(peekValue(changed.m, MID, 8)).toBe(7n);
    const same = exec([LDXR(3, 2, 1), enc('STR_X_uoff', { Rt: 31, Rn: 1, imm12: 0 }), STXR(3, 3, 4, 1)], { 1: X(MID), 4: 0x42n });
    expect(same.m.cpu.getX(3)).toBe(0n);
    expect(peekValue(same.m, MID, 8)).toBe(0x42n);
  });

  it('size mismatch follows qemu: writes at the store size, status compares all 64 bits of the loaded value', () => {
    const { m } = exec([LDXR(3, 2, 1), STXR(0, 3, 4, 1)], { 1: X(MID), 4: 5n }, (mm) => poke(mm, MID, [0, 7]));
    expect(m.cpu.getX(3)).toBe(1n);
    expect(peekValue(m, MID, 2)).toBe(0x0705n);
    const narrow = exec([LDXR(0, 2, 1), STXR(2, 3, 4, 1)], { 1: X(MID), 4: 5n });
    expect(narrow.m.cpu.getX(3)).toBe(0n);
    expect(peekValue(narrow.m, MID, 4)).toBe(5n);
  });

  it('STXR with Rs == Rt stores the original value; with Rs == Rn uses the original address', () => {
    const a = exec([LDXR(3, 2, 1), STXR(3, 4, 4, 1)], { 1: X(MID), 4: 0x77n });
    expect(peekValue(a.m, MID, 8)).toBe(0x77n);
    expect(a.m.cpu.getX(4)).toBe(0n);
    const b = exec([LDXR(3, 2, 1), STXR(3, 1, 4, 1)], { 1: X(MID), 4: 0x77n });
    expect(peekValue(b.m, MID, 8)).toBe(0x77n);
    expect(b.m.cpu.getX(1)).toBe(0n);
  });

  it('acquire/release variants behave the same', () => {
    const words = [enc('LDAXR_W', { Rt: 2, Rn: 1 }), enc('STLXR_W', { Rs: 3, Rt: 4, Rn: 1 })];
    const { m } = exec(words, { 1: X(MID), 4: 0xfeedn }, (mm) => poke(mm, MID, le(0x1234n, 4)));
    expect(m.cpu.getX(2)).toBe(0x1234n);
    expect(m.cpu.getX(3)).toBe(0n);
    expect(peekValue(m, MID, 4)).toBe(0xfeedn);
  });

  it('LDXP/STXP W: one 8-byte access; X: 16 bytes', () => {
    const words = [
      enc('LDXP_W', { Rt: 2, Rt2: 3, Rn: 1 }),
      enc('STXP_W', { Rs: 4, Rt: 3, Rt2: 2, Rn: 1 }),
      enc('LDAXP_X', { Rt: 5, Rt2: 6, Rn: 7 }),
      enc('STLXP_X', { Rs: 8, Rt: 6, Rt2: 5, Rn: 7 }),
    ];
    const { m } = exec(words, { 1: X(MID), 7: X(MID + 16) }, (mm) => {
      poke(mm, MID, [1, 0, 0, 0x80, 2, 0, 0, 0]);
      poke(mm, MID + 16, [...le(0x1111n, 8), ...le(0x2222n, 8)]);
    });
    expect(m.cpu.getX(2)).toBe(0x80000001n);
    expect(m.cpu.getX(3)).toBe(2n);
    expect(m.cpu.getX(4)).toBe(0n);
    expect(peekValue(m, MID, 8)).toBe(0x8000000100000002n);
    expect(m.cpu.getX(5)).toBe(0x1111n);
    expect(m.cpu.getX(6)).toBe(0x2222n);
    expect(m.cpu.getX(8)).toBe(0n);
    expect(peekValue(m, MID + 16, 8)).toBe(0x2222n);
    expect(peekValue(m, MID + 24, 8)).toBe(0x1111n);
  });

  it('STXP X fails when the second doubleword changed', () => {
    const words = [
      enc('LDXP_X', { Rt: 5, Rt2: 6, Rn: 7 }),
      enc('STR_X_uoff', { Rt: 31, Rn: 7, imm12: 1 }),
      enc('STXP_X', { Rs: 8, Rt: 6, Rt2: 5, Rn: 7 }),
    ];
    const { m } = exec(words, { 7: X(MID) }, (mm) => poke(mm, MID, [...le(1n, 8), ...le(2n, 8)]));
    expect(m.cpu.getX(8)).toBe(1n);
    expect(peekValue(m, MID, 8)).toBe(1n);
  });

  it('load-exclusives require alignment to their (total) size', () => {
    for (const [word, off] of [
      [LDXR(1, 2, 1), 1],
      [LDXR(2, 2, 1), 2],
      [LDXR(3, 2, 1), 4],
      [enc('LDXP_W', { Rt: 2, Rt2: 3, Rn: 1 }), 4],
      [enc('LDXP_X', { Rt: 2, Rt2: 3, Rn: 1 }), 8],
    ] as const) {
      const { m, stop } = exec([word], { 1: X(MID + off), 2: 3n });
      expect(stop).toEqual({ kind: 'fault', pc: insnAddr(0), word, addr: MID + off, access: 'read', alignment: true });
      expect(m.cpu.getX(2)).toBe(3n);
      expect(m.cpu.exAddr).toBe(-1);
    }
  });

  it('a store-exclusive at the monitored address checks its own alignment', () => {
    const { stop } = exec([LDXR(0, 2, 1), STXR(2, 3, 4, 1)], { 1: X(MID + 1) });
    expect(stop).toMatchObject({ kind: 'fault', pc: insnAddr(1), alignment: true });
  });

  it('a store-exclusive at the monitored address on a read-only page faults with access write', () => {
    const { m, stop } = exec([LDXR(3, 2, 1), STXR(3, 3, 4, 1)], { 1: X(MID), 3: 9n }, (mm) => readOnly(mm, MID));
    expect(stop).toMatchObject({ kind: 'fault', pc: insnAddr(1), access: 'write', addr: MID });
    expect(m.cpu.getX(3)).toBe(9n);
  });
});

describe('ordered accesses', () => {
  it('LDAR/STLR/LDLAR/STLLR load and store', () => {
    const words = [
      enc('LDARH', { Rt: 2, Rn: 1 }),
      enc('STLR_X', { Rt: 2, Rn: 3 }),
      enc('LDLAR_W', { Rt: 4, Rn: 1 }),
      enc('STLLRB', { Rt: 5, Rn: 6 }),
    ];
    const { m } = exec(words, { 1: X(MID), 3: X(MID + 8), 4: X(-1), 5: 0x1ffn, 6: X(MID + 16) }, (mm) => poke(mm, MID, [0xfe, 0xff, 0x01, 0x80]));
    expect(m.cpu.getX(2)).toBe(0xfffen);
    expect(peekValue(m, MID + 8, 8)).toBe(0xfffen);
    expect(m.cpu.getX(4)).toBe(0x8001fffen);
    expect(peek(m, MID + 16, 2)).toEqual([0xff, 0]);
  });

  it.each([
    ['LDAR_W', 2],
    ['STLR_X', 4],
    ['LDARH', 1],
    ['STLLR_W', 1],
  ] as const)('%s at a misaligned address raises an alignment fault', (row, off) => {
    const word = enc(row, { Rt: 2, Rn: 1 });
    const { stop } = exec([word], { 1: X(MID + off) });
    expect(stop).toMatchObject({ kind: 'fault', alignment: true, addr: MID + off });
  });

  it('LDAPUR/STLUR: unscaled offset, sign extension, alignment', () => {
    const words = [
      enc('LDAPURSB_W', { Rt: 2, Rn: 1, imm9: 1 }),
      enc('LDAPURSH_X', { Rt: 3, Rn: 1, imm9: 2 }),
      enc('LDAPURSW', { Rt: 4, Rn: 1, imm9: 0x1ff & -4 }),
      enc('STLUR_W', { Rt: 5, Rn: 1, imm9: 8 }),
      enc('LDAPUR_X', { Rt: 6, Rn: 1, imm9: 8 }),
    ];
    const { m } = exec(words, { 1: X(MID), 5: 0xcafef00dn }, (mm) => poke(mm, MID - 4, [0, 0, 0, 0x80, 0x00, 0x80, 0x00, 0x80]));
    expect(m.cpu.getX(2)).toBe(0xffffff80n);
    expect(m.cpu.getX(3)).toBe(X(-0x8000));
    expect(m.cpu.getX(4)).toBe(X(-0x80000000));
    expect(m.cpu.getX(6)).toBe(0xcafef00dn);
    const { stop } = exec([enc('STLUR_X', { Rt: 5, Rn: 1, imm9: 4 })], { 1: X(MID) });
    expect(stop).toMatchObject({ kind: 'fault', alignment: true, addr: MID + 4 });
  });

  it('LDAPR loads zero-extended, and (as qemu 7.2) does not check alignment', () => {
    const misaligned = exec([enc('LDAPR_X', { Rt: 2, Rn: 1 })], { 1: X(MID + 1) }, (mm) => poke(mm, MID, [0, 1, 2, 3, 4, 5, 6, 7, 8]));
    expect(misaligned.m.cpu.getX(2)).toBe(0x0807060504030201n);

    const { m } = exec([enc('LDAPRB', { Rt: 2, Rn: 1 }), enc('LDAPR_W', { Rt: 3, Rn: 1 })], { 1: X(MID), 2: X(-1), 3: X(-1) }, (mm) =>
      poke(mm, MID, [0x81, 0, 0, 0x80]),
    );
    expect(m.cpu.getX(2)).toBe(0x81n);
    expect(m.cpu.getX(3)).toBe(0x80000081n);
  });
});
