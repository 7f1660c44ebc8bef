import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeLayout, decodeRecords, encodeLayout, fieldText, is64, recordSize, scalarRange,
  type FieldValue, type LayoutValues,
} from './layout-codec.js';
import { DIRENT, LAYOUT_LIST, STAT } from './layouts/index.js';
import type { Layout, LayoutField } from './types.js';

function scalarArb(field: LayoutField): fc.Arbitrary<number | bigint> {
  const { min, max } = scalarRange(field.type);
  return is64(field.type) ? fc.bigInt({ min, max }) : fc.integer({ min: Number(min), max: Number(max) });
}

function fieldArb(field: LayoutField): fc.Arbitrary<FieldValue> {
  if (field.count === undefined) return scalarArb(field);
  if (field.type === 'u8') return fc.uint8Array({ minLength: field.count, maxLength: field.count });
  const { min, max } = scalarRange(field.type);
  return is64(field.type)
    ? fc.array(fc.bigInt({ min, max }), { minLength: field.count, maxLength: field.count })
    : fc.array(fc.integer({ min: Number(min), max: Number(max) }), { minLength: field.count, maxLength: field.count });
}

function valuesArb(layout: Layout): fc.Arbitrary<LayoutValues> {
  const fields: Record<string, fc.Arbitrary<FieldValue>> = {};
  for (const f of layout.fields) fields[f.name] = fieldArb(f);
  if (layout.tail !== undefined) {
    fields[layout.tail.field] = fc.uint8Array({ minLength: 0, maxLength: 40 }).map((b) => b.map((x) => (x === 0 ? 0x61 : x)));
  }
  return fc.record(fields);
}

describe('layout codec', () => {
  for (const layout of LAYOUT_LIST) {
    it(`round-trips ${layout.name}`, () => {
      fc.assert(fc.property(valuesArb(layout), (values) => {
        const bytes = encodeLayout(layout, values);
        expect(bytes.length).toBe(recordSize(layout, values));
        const decoded = decodeLayout(layout, bytes);
        const expected: Record<string, FieldValue> = { ...values };
        if (layout.tail !== undefined) expected[layout.tail.recordLengthField] = bytes.length;
        expect(decoded).toEqual(expected);
        expect(encodeLayout(layout, decoded)).toEqual(bytes);
      }), { numRuns: 50 });
    });
  }

  it('encodes little-endian at the seed offsets', () => {
    const bytes = encodeLayout(STAT, { st_mode: 0x81a4, st_uid: 2, st_size: 0x0102030405n, st_gid: 2, st_nlink: 1, st_mtime: 1_700_000_000n });
    expect(Array.from(bytes.slice(0, 4))).toEqual([0xa4, 0x81, 0, 0]);
    expect(Array.from(bytes.slice(8, 16))).toEqual([5, 4, 3, 2, 1, 0, 0, 0]);
    expect(bytes[20]).toBe(1);
  });

  it('pads dirent records to 8 bytes and walks a getdents buffer', () => {
    const name = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
    const a = encodeLayout(DIRENT, { d_ino: 1n, d_off: 1n, d_type: 8, d_name: name('motd') });
    const b = encodeLayout(DIRENT, { d_ino: 2n, d_off: 2n, d_type: 4, d_name: name('swos') });
    expect(a.length).toBe((19 + 4 + 1 + 7) & ~7);
    const buf = new Uint8Array(a.length + b.length);
    buf.set(a, 0);
    buf.set(b, a.length);
    const records = decodeRecords(DIRENT, buf);
    expect(records.map((r) => fieldText(r.d_name ?? new Uint8Array()))).toEqual(['motd', 'swos']);
    expect(records.map((r) => r.d_type)).toEqual([8, 4]);
  });

  it('rejects values that do not fit', () => {
    expect(() => encodeLayout(STAT, { st_mode: -1 })).toThrow(RangeError);
    expect(() => encodeLayout(STAT, { st_size: 1 << 30 })).not.toThrow();
    expect(() => encodeLayout(STAT, { st_size: new Uint8Array(1) })).toThrow(TypeError);
  });

  it('refuses to decode a short buffer', () => {
    expect(() => decodeLayout(STAT, new Uint8Array(31))).toThrow(RangeError);
  });
});
