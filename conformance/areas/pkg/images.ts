// The generator's model of the package and update formats: packed SWOSBASE images (v2 package
// payloads, v3 base-image headers) and .swpkg containers, built from the spec layouts
// (PKG.FORMAT.HEADER, PKG.PAYLOAD, UPD.STREAM.VALIDATE). Each field can be overridden so a case
// breaks exactly one rule. SHA-256 comes from node:crypto.

import { createHash } from 'node:crypto';
import { encodeLayout, layout, type LayoutValues } from '../../../spec/index.js';

const SWPKG = layout('swpkg_header');
const BASE = layout('swosbase_header');
const ENTRY = layout('swosbase_entry');

/** One byte per char (the VFS spelling of names). */
export function latin1Bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function sha256(b: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(b).digest());
}

export function base64(b: Uint8Array): string {
  return Buffer.from(b).toString('base64');
}

export interface ImageEntry {
  /** Relative to "/", no leading slash. */
  readonly path: string;
  readonly kind?: 'dir' | 'file';
  readonly data?: string;
  readonly mode?: number;
  readonly owner?: number;
  /** Raw field overrides of this entry's swosbase_entry record. */
  readonly raw?: LayoutValues;
}

const isDir = (e: ImageEntry): boolean => e.kind === 'dir';

/** A packed SWOSBASE image (version 2 unless `header` overrides it) holding `entries`. */
export function packImage(entries: readonly ImageEntry[], header: LayoutValues = {}): Uint8Array {
  const strings: number[] = [];
  const data: number[] = [];
  const records = entries.map((e) => {
    const path = latin1Bytes(e.path);
    const content = latin1Bytes(e.data ?? '');
    const record = encodeLayout(ENTRY, {
      path_offset: strings.length, path_length: path.length, kind: isDir(e) ? 1 : 2, flags: 0,
      data_offset: BigInt(data.length), data_size: BigInt(content.length),
      mode: e.mode ?? (isDir(e) ? 0o755 : 0o644), owner: e.owner ?? 1, ...e.raw,
    });
    strings.push(...path, 0);
    data.push(...content);
    return record;
  });
  const stringsOffset = BASE.size + records.length * ENTRY.size;
  const dataOffset = stringsOffset + strings.length;
  const out = new Uint8Array(dataOffset + data.length);
  out.set(encodeLayout(BASE, {
    magic: latin1Bytes('SWOSBASE'), version: 2, header_size: BASE.size, entry_size: ENTRY.size, entry_count: records.length,
    entries_offset: BigInt(BASE.size), strings_offset: BigInt(stringsOffset), strings_size: BigInt(strings.length),
    data_offset: BigInt(dataOffset), data_size: BigInt(data.length), ...header,
  }));
  records.forEach((r, i) => out.set(r, BASE.size + i * ENTRY.size));
  out.set(strings, stringsOffset);
  out.set(data, dataOffset);
  return out;
}

export const DEFAULT_MANIFEST = '{"abi":{"linkage":"static"},"name":"pkg","target":"swift-os"}';

/** A .swpkg container around `payload`; `header` overrides fields after the hashes are computed. */
export function packSwpkg(payload: Uint8Array, manifest = DEFAULT_MANIFEST, header: LayoutValues = {}): Uint8Array {
  const m = latin1Bytes(manifest);
  const out = new Uint8Array(SWPKG.size + m.length + payload.length);
  out.set(encodeLayout(SWPKG, {
    magic: latin1Bytes('SWPKG001'), version: 1, header_size: SWPKG.size,
    manifest_offset: BigInt(SWPKG.size), manifest_size: BigInt(m.length),
    payload_offset: BigInt(SWPKG.size + m.length), payload_size: BigInt(payload.length),
    manifest_sha256: sha256(m), payload_sha256: sha256(payload), ...header,
  }));
  out.set(m, SWPKG.size);
  out.set(payload, SWPKG.size + m.length);
  return out;
}

/** A base image of exactly `length` bytes (>= 128): a version-3 header saying so, then filler. */
export function baseImage(length: number, header: LayoutValues = {}): Uint8Array {
  const out = new Uint8Array(length).fill(0x5a);
  out.set(encodeLayout(BASE, {
    magic: latin1Bytes('SWOSBASE'), version: 3, header_size: BASE.size, entry_size: 72, entry_count: 0,
    entries_offset: BigInt(BASE.size), strings_offset: BigInt(BASE.size), strings_size: 0n,
    data_offset: 128n, data_size: BigInt(length - 128), ...header,
  }));
  return out;
}

/** The lines pkg_files returns for a payload (PKG.FILES.LIST). */
export function filesList(entries: readonly ImageEntry[]): string {
  return entries.filter((e) => !isDir(e)).map((e) => `/${e.path}\n`).join('');
}
