// Building package and base images for the kernel's tests, from the spec layouts: packed
// SWOSBASE payloads (v2 for packages, v3 headers for the update store) and .swpkg containers.
// Every field can be overridden so a test can break exactly one rule.

import { createHash } from 'node:crypto';
import { encodeLayout, layout, type LayoutValues } from '../../../spec/index.js';

const SWPKG = layout('swpkg_header');
const BASE = layout('swosbase_header');
const ENTRY = layout('swosbase_entry');

const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

export function digest(b: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(b).digest());
}

export interface TestEntry {
  readonly path: string;
  readonly kind?: 'dir' | 'file';
  readonly data?: string | Uint8Array;
  readonly mode?: number;
  readonly owner?: number;
  /** Raw field overrides of this entry's record. */
  readonly raw?: LayoutValues;
}

/** A packed SWOSBASE image (version 2 unless `header` says otherwise) holding `entries`. */
export function packImage(entries: readonly TestEntry[], header: LayoutValues = {}): Uint8Array {
  const strings: number[] = [];
  const data: number[] = [];
  const records = entries.map((e) => {
    const path = bytesOf(e.path);
    const content = typeof e.data === 'string' ? bytesOf(e.data) : (e.data ?? new Uint8Array(0));
    const rec = {
      path_offset: strings.length, path_length: path.length, kind: (e.kind ?? 'file') === 'dir' ? 1 : 2, flags: 0,
      data_offset: BigInt(data.length), data_size: BigInt(content.length), mode: e.mode ?? ((e.kind ?? 'file') === 'dir' ? 0o755 : 0o644),
      owner: e.owner ?? 1, ...e.raw,
    };
    strings.push(...path, 0);
    data.push(...content);
    return encodeLayout(ENTRY, rec);
  });
  const entriesOffset = BASE.size;
  const stringsOffset = entriesOffset + records.length * ENTRY.size;
  const dataOffset = stringsOffset + strings.length;
  const head = encodeLayout(BASE, {
    magic: bytesOf('SWOSBASE'), version: 2, header_size: BASE.size, entry_size: ENTRY.size, entry_count: records.length,
    entries_offset: BigInt(entriesOffset), strings_offset: BigInt(stringsOffset), strings_size: BigInt(strings.length),
    data_offset: BigInt(dataOffset), data_size: BigInt(data.length), ...header,
  });
  const out = new Uint8Array(dataOffset + data.length);
  out.set(head, 0);
  records.forEach((r, i) => out.set(r, entriesOffset + i * ENTRY.size));
  out.set(strings, stringsOffset);
  out.set(data, dataOffset);
  return out;
}

/** A .swpkg file around `payload`; `header` overrides fields after the hashes are computed. */
export function packSwpkg(payload: Uint8Array, manifest = '{"name":"test"}', header: LayoutValues = {}): Uint8Array {
  const m = bytesOf(manifest);
  const head = encodeLayout(SWPKG, {
    magic: bytesOf('SWPKG001'), version: 1, header_size: SWPKG.size,
    manifest_offset: BigInt(SWPKG.size), manifest_size: BigInt(m.length),
    payload_offset: BigInt(SWPKG.size + m.length), payload_size: BigInt(payload.length),
    manifest_sha256: digest(m), payload_sha256: digest(payload), ...header,
  });
  const out = new Uint8Array(SWPKG.size + m.length + payload.length);
  out.set(head, 0);
  out.set(m, SWPKG.size);
  out.set(payload, SWPKG.size + m.length);
  return out;
}

/** A signed-layout (version 3) base image of exactly `length` bytes: header, then zero bytes. */
export function baseImage(length: number, header: LayoutValues = {}): Uint8Array {
  const out = new Uint8Array(length);
  out.set(encodeLayout(BASE, {
    magic: bytesOf('SWOSBASE'), version: 3, header_size: BASE.size, entry_size: 72, entry_count: 0,
    entries_offset: 64n, strings_offset: 64n, strings_size: 0n, data_offset: 128n, data_size: BigInt(length - 128), ...header,
  }).subarray(0, Math.min(BASE.size, length)), 0);
  return out;
}
