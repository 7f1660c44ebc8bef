// Shorthands for writing layout fields.

import type { ArgType, LayoutField, ScalarType } from '../types.js';

export interface FieldExtras {
  readonly semantic?: ArgType;
  readonly note?: string;
}

export function scalar(name: string, offset: number, type: ScalarType, extras: FieldExtras = {}): LayoutField {
  return { name, offset, type, ...extras };
}

export function array(name: string, offset: number, type: ScalarType, count: number, extras: FieldExtras = {}): LayoutField {
  return { name, offset, type, count, ...extras };
}

/** A char[count] field: NUL-padded text. */
export function text(name: string, offset: number, count: number, extras: FieldExtras = {}): LayoutField {
  return { name, offset, type: 'u8', count, text: true, ...extras };
}

/** A user pointer stored in a record (64-bit virtual address). */
export function pointer(name: string, offset: number, semantic: ArgType, note?: string): LayoutField {
  return note === undefined
    ? { name, offset, type: 'u64', semantic }
    : { name, offset, type: 'u64', semantic, note };
}
