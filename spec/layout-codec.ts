// Encode and decode layout records to and from little-endian bytes, driven by the layout data.

import type { Layout, LayoutField, ScalarType } from './types.js';

/** u8..u32/i8..i32 scalars are numbers; 64-bit scalars are bigints; u8 arrays are bytes; other arrays are lists. */
export type FieldValue = number | bigint | Uint8Array | readonly number[] | readonly bigint[];
export type LayoutValues = Readonly<Record<string, FieldValue>>;

const WIDTH: Readonly<Record<ScalarType, number>> = {
  u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8,
};

export function scalarWidth(type: ScalarType): number {
  return WIDTH[type];
}

export function isSigned(type: ScalarType): boolean {
  return type.startsWith('i');
}

export function is64(type: ScalarType): boolean {
  return WIDTH[type] === 8;
}

/** Bytes the field occupies. */
export function fieldSize(field: LayoutField): number {
  return WIDTH[field.type] * (field.count ?? 1);
}

/** Inclusive range of a scalar type. */
export function scalarRange(type: ScalarType): { readonly min: bigint; readonly max: bigint } {
  const bits = BigInt(WIDTH[type] * 8);
  return isSigned(type)
    ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n }
    : { min: 0n, max: (1n << bits) - 1n };
}

/** Size of a whole record: the fixed part, plus the padded tail for variable-length layouts. */
export function recordSize(layout: Layout, values: LayoutValues = {}): number {
  if (layout.tail === undefined) return layout.size;
  const tail = values[layout.tail.field];
  const tailLen = tail instanceof Uint8Array ? tail.length : 0;
  const raw = layout.size + tailLen + 1;
  const a = layout.tail.align;
  return Math.ceil(raw / a) * a;
}

function writeScalar(view: DataView, offset: number, type: ScalarType, value: number | bigint, where: string): void {
  const { min, max } = scalarRange(type);
  const big = typeof value === 'bigint' ? value : BigInt(value);
  if (typeof value === 'number' && !Number.isInteger(value)) throw new RangeError(`${where}: not an integer`);
  if (big < min || big > max) throw new RangeError(`${where}: ${big} outside ${type}`);
  switch (type) {
    case 'u8': view.setUint8(offset, Number(big)); return;
    case 'i8': view.setInt8(offset, Number(big)); return;
    case 'u16': view.setUint16(offset, Number(big), true); return;
    case 'i16': view.setInt16(offset, Number(big), true); return;
    case 'u32': view.setUint32(offset, Number(big), true); return;
    case 'i32': view.setInt32(offset, Number(big), true); return;
    case 'u64': view.setBigUint64(offset, big, true); return;
    case 'i64': view.setBigInt64(offset, big, true); return;
  }
}

function readScalar(view: DataView, offset: number, type: ScalarType): number | bigint {
  switch (type) {
    case 'u8': return view.getUint8(offset);
    case 'i8': return view.getInt8(offset);
    case 'u16': return view.getUint16(offset, true);
    case 'i16': return view.getInt16(offset, true);
    case 'u32': return view.getUint32(offset, true);
    case 'i32': return view.getInt32(offset, true);
    case 'u64': return view.getBigUint64(offset, true);
    case 'i64': return view.getBigInt64(offset, true);
  }
}

function writeField(view: DataView, base: number, layout: Layout, field: LayoutField, value: FieldValue): void {
  const where = `${layout.name}.${field.name}`;
  const offset = base + field.offset;
  if (field.count === undefined) {
    if (typeof value !== 'number' && typeof value !== 'bigint') throw new TypeError(`${where}: expected a scalar`);
    writeScalar(view, offset, field.type, value, where);
    return;
  }
  if (value instanceof Uint8Array) {
    if (field.type !== 'u8' && field.type !== 'i8') throw new TypeError(`${where}: bytes given for ${field.type}[]`);
    if (value.length > field.count) throw new RangeError(`${where}: ${value.length} bytes > ${field.count}`);
    new Uint8Array(view.buffer, view.byteOffset + offset, value.length).set(value);
    return;
  }
  if (typeof value === 'number' || typeof value === 'bigint') throw new TypeError(`${where}: expected an array`);
  if (value.length > field.count) throw new RangeError(`${where}: ${value.length} elements > ${field.count}`);
  const width = WIDTH[field.type];
  value.forEach((element: number | bigint, i: number) => {
    writeScalar(view, offset + i * width, field.type, element, `${where}[${i}]`);
  });
}

/**
 * Encode `values` into a fresh record. Missing fields are zero. For a
 * variable-length layout the tail field takes the name bytes (without NUL) and
 * the record-length field is set to the padded record size.
 */
export function encodeLayout(layout: Layout, values: LayoutValues): Uint8Array {
  const size = recordSize(layout, values);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  for (const field of layout.fields) {
    const value = values[field.name];
    if (value !== undefined) writeField(view, 0, layout, field, value);
  }
  if (layout.tail !== undefined) {
    const tail = values[layout.tail.field];
    if (tail !== undefined && !(tail instanceof Uint8Array)) throw new TypeError(`${layout.name}.${layout.tail.field}: expected bytes`);
    if (tail !== undefined) {
      if (tail.includes(0)) throw new RangeError(`${layout.name}.${layout.tail.field}: NUL inside the name`);
      bytes.set(tail, layout.size);
    }
    const lengthField = layout.fields.find((f) => f.name === layout.tail?.recordLengthField);
    if (lengthField === undefined) throw new Error(`${layout.name}: no field ${layout.tail.recordLengthField}`);
    writeScalar(view, lengthField.offset, lengthField.type, size, `${layout.name}.${lengthField.name}`);
  }
  return bytes;
}

function readField(view: DataView, base: number, field: LayoutField): FieldValue {
  const offset = base + field.offset;
  if (field.count === undefined) return readScalar(view, offset, field.type);
  if (field.type === 'u8') return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + field.count));
  const width = WIDTH[field.type];
  const out: (number | bigint)[] = [];
  for (let i = 0; i < field.count; i++) out.push(readScalar(view, offset + i * width, field.type));
  return is64(field.type) ? (out as bigint[]) : (out as number[]);
}

/** Decode one record starting at `offset`. Variable-length layouts read the tail up to its NUL. */
export function decodeLayout(layout: Layout, bytes: Uint8Array, offset = 0): Record<string, FieldValue> {
  if (offset < 0 || offset + layout.size > bytes.length) {
    throw new RangeError(`${layout.name}: need ${layout.size} bytes at ${offset}, have ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, FieldValue> = {};
  for (const field of layout.fields) out[field.name] = readField(view, offset, field);
  if (layout.tail !== undefined) {
    const recLen = Number(out[layout.tail.recordLengthField]);
    const end = Math.min(bytes.length, offset + Math.max(recLen, layout.size));
    let nul = offset + layout.size;
    while (nul < end && bytes[nul] !== 0) nul++;
    out[layout.tail.field] = bytes.slice(offset + layout.size, nul);
  }
  return out;
}

/** Decode back-to-back records of a variable-length layout (a getdents buffer). */
export function decodeRecords(layout: Layout, bytes: Uint8Array): Record<string, FieldValue>[] {
  const records: Record<string, FieldValue>[] = [];
  let offset = 0;
  while (offset + layout.size <= bytes.length) {
    const record = decodeLayout(layout, bytes, offset);
    const step = layout.tail === undefined ? layout.size : Number(record[layout.tail.recordLengthField]);
    if (step <= 0) break;
    records.push(record);
    offset += step;
  }
  return records;
}

/** Text of a NUL-padded char[] field (bytes before the first NUL, as latin1). */
export function fieldText(value: FieldValue): string {
  if (!(value instanceof Uint8Array)) throw new TypeError('not a byte field');
  const nul = value.indexOf(0);
  const end = nul < 0 ? value.length : nul;
  let s = '';
  for (let i = 0; i < end; i++) s += String.fromCharCode(value[i] ?? 0);
  return s;
}
