// The on-disk formats the package store reads: the .swpkg container (PKG.FORMAT.HEADER) and the
// packed SWOSBASE v2 payload image (PKG.PAYLOAD); also the SWOSBASE header the update store checks.
// Pure functions of bytes; every offset is checked as a bigint before it is used.

import { createHash } from 'node:crypto';
import { decodeLayout, fieldText, layout, type FieldValue } from '../../../spec/index.js';

const SWPKG = layout('swpkg_header');
const BASE = layout('swosbase_header');
const ENTRY = layout('swosbase_entry');

export const SWPKG_MAGIC = 'SWPKG001';
export const SWOSBASE_MAGIC = 'SWOSBASE';
/** Entries a payload may hold (swift-os pkgStoreActiveFiles' bound). */
export const MAX_ENTRIES = 8192;
/** Longest payload path, and longest path component (FS.PATH.NAMEMAX). */
export const MAX_PATH = 1024;
export const MAX_COMPONENT = 255;
/** Payload paths live below this directory (PKG.PAYLOAD). */
export const PAYLOAD_ROOT = 'usr';

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** A byte string as the VFS spells names: one char per byte (latin1). */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

const big = (v: FieldValue | undefined): bigint => BigInt(v as number | bigint);
const within = (offset: bigint, size: bigint, length: bigint): boolean => offset >= 0n && size >= 0n && offset + size <= length;

/**
 * The payload of a .swpkg file, or null when the container breaks PKG.FORMAT.HEADER (layout,
 * ranges, unsigned, manifest and payload SHA-256).
 */
export function unpackSwpkg(file: Uint8Array): Uint8Array | null {
  if (file.length < SWPKG.size) return null;
  const h = decodeLayout(SWPKG, file);
  const length = BigInt(file.length);
  const mOff = big(h.manifest_offset);
  const mSize = big(h.manifest_size);
  const pOff = big(h.payload_offset);
  const pSize = big(h.payload_size);
  if (fieldText(h.magic!) !== SWPKG_MAGIC || h.version !== 1 || h.header_size !== SWPKG.size) return null;
  if (big(h.signature_offset) !== 0n || big(h.signature_size) !== 0n) return null;
  if (mOff !== BigInt(SWPKG.size) || pOff !== mOff + mSize || mSize === 0n || pSize === 0n) return null;
  if (!within(mOff, mSize, length) || !within(pOff, pSize, length)) return null;
  const manifest = file.subarray(Number(mOff), Number(mOff + mSize));
  const payload = file.slice(Number(pOff), Number(pOff + pSize));
  if (!sameBytes(sha256(manifest), h.manifest_sha256 as Uint8Array)) return null;
  if (!sameBytes(sha256(payload), h.payload_sha256 as Uint8Array)) return null;
  return payload;
}

/** One entry of a payload image: a path relative to "/" (no leading slash). */
export interface PayloadEntry {
  readonly path: string;
  readonly kind: 'dir' | 'file';
  readonly mode: number;
  readonly owner: number;
  readonly data: Uint8Array;
}

/** Relative, normalized, under usr/, components and length bounded (PKG.PAYLOAD). */
function validPath(path: string, kind: 'dir' | 'file'): boolean {
  if (path.length === 0 || path.length > MAX_PATH || path.includes('\0')) return false;
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.length > MAX_COMPONENT)) return false;
  if (parts[0] !== PAYLOAD_ROOT) return false;
  return kind === 'dir' || parts.length > 1;
}

/** The entries of a packed SWOSBASE v2 payload image, or null when it breaks PKG.PAYLOAD. */
export function parsePayload(payload: Uint8Array): readonly PayloadEntry[] | null {
  if (payload.length < BASE.size) return null;
  const h = decodeLayout(BASE, payload);
  if (fieldText(h.magic!) !== SWOSBASE_MAGIC || h.version !== 2 || h.header_size !== BASE.size || h.entry_size !== ENTRY.size) return null;
  const count = h.entry_count as number;
  if (count < 1 || count > MAX_ENTRIES) return null;
  const length = BigInt(payload.length);
  const entriesOff = big(h.entries_offset);
  const stringsOff = big(h.strings_offset);
  const stringsSize = big(h.strings_size);
  const dataOff = big(h.data_offset);
  const dataSize = big(h.data_size);
  if (!within(entriesOff, BigInt(count * ENTRY.size), length) || !within(stringsOff, stringsSize, length) || !within(dataOff, dataSize, length)) return null;
  const out: PayloadEntry[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const e = decodeLayout(ENTRY, payload, Number(entriesOff) + i * ENTRY.size);
    const kind = e.kind === 1 ? 'dir' : e.kind === 2 ? 'file' : null;
    if (kind === null || e.flags !== 0) return null;
    const pathOff = big(e.path_offset);
    const pathLen = big(e.path_length);
    // The path and its NUL lie inside the string table.
    if (!within(pathOff, pathLen + 1n, stringsSize)) return null;
    const at = Number(stringsOff + pathOff);
    if (payload[at + Number(pathLen)] !== 0) return null;
    const path = latin1(payload.subarray(at, at + Number(pathLen)));
    if (!validPath(path, kind) || seen.has(path)) return null;
    seen.add(path);
    let data = new Uint8Array(0);
    if (kind === 'file') {
      const fileOff = big(e.data_offset);
      const fileSize = big(e.data_size);
      if (!within(fileOff, fileSize, dataSize)) return null;
      const start = Number(dataOff + fileOff);
      data = payload.slice(start, start + Number(fileSize));
    }
    out.push({ path, kind, mode: e.mode as number, owner: e.owner as number, data });
  }
  return out;
}

/** The version and length (data_offset + data_size) of a SWOSBASE image, or null without the magic. */
export function baseImageHeader(image: Uint8Array): { readonly version: number; readonly length: bigint } | null {
  if (image.length < BASE.size) return null;
  const h = decodeLayout(BASE, image);
  if (fieldText(h.magic!) !== SWOSBASE_MAGIC) return null;
  return { version: h.version as number, length: big(h.data_offset) + big(h.data_size) };
}
