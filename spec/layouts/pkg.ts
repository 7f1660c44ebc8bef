// Package store: the streaming descriptor, and the two on-disk records the kernel parses (the
// .swpkg header and the packed SWOSBASE v2 payload image). All little-endian.

import type { Layout } from '../types.js';
import { array, scalar, text } from './field.js';

export const PKG_STREAM_BEGIN_DESC: Layout = {
  name: 'pkg_stream_begin_desc',
  size: 88,
  align: 8,
  fields: [
    text('name', 0, 32, { note: '1..31 bytes, NUL-terminated' }),
    text('version_revision', 32, 16, { note: '1..15 bytes, NUL-terminated' }),
    scalar('payload_size', 48, 'u64'),
    array('payload_sha256', 56, 'u8', 32),
  ],
  source: { kind: 'seed', seed: '002', section: 'Package Store API' },
  note: 'struct swiftos_pkg_stream_begin_desc.',
};

/** Header v1 of a .swpkg file (PKG.FORMAT.HEADER): manifest and payload follow it back to back. */
export const SWPKG_HEADER: Layout = {
  name: 'swpkg_header',
  size: 128,
  align: 8,
  fields: [
    text('magic', 0, 8, { note: '"SWPKG001"' }),
    scalar('version', 8, 'u32', { note: '1' }),
    scalar('header_size', 12, 'u32', { note: '128' }),
    scalar('manifest_offset', 16, 'u64', { note: '128' }),
    scalar('manifest_size', 24, 'u64', { note: 'non-zero' }),
    scalar('payload_offset', 32, 'u64', { note: 'manifest_offset + manifest_size' }),
    scalar('payload_size', 40, 'u64', { note: 'non-zero' }),
    array('manifest_sha256', 48, 'u8', 32),
    array('payload_sha256', 80, 'u8', 32),
    scalar('signature_offset', 112, 'u64', { note: '0: unsigned' }),
    scalar('signature_size', 120, 'u64', { note: '0: unsigned' }),
  ],
  source: { kind: 'swift-os', file: 'docs/SWPKG_FORMAT.md' },
  note: 'The manifest is opaque to the kernel (canonical JSON for /bin/pkg); only its size and SHA-256 are checked.',
};

/** Header of a packed SWOSBASE image; a package payload is version 2 (PKG.PAYLOAD). */
export const SWOSBASE_HEADER: Layout = {
  name: 'swosbase_header',
  size: 64,
  align: 8,
  fields: [
    text('magic', 0, 8, { note: '"SWOSBASE"' }),
    scalar('version', 8, 'u32', { note: '2 unsigned (package payloads), 3 signed (base images, UPD.*)' }),
    scalar('header_size', 12, 'u32', { note: '64' }),
    scalar('entry_size', 16, 'u32', { note: '40 for version 2, 72 for version 3' }),
    scalar('entry_count', 20, 'u32'),
    scalar('entries_offset', 24, 'u64'),
    scalar('strings_offset', 32, 'u64'),
    scalar('strings_size', 40, 'u64'),
    scalar('data_offset', 48, 'u64'),
    scalar('data_size', 56, 'u64', { note: 'data_offset + data_size is the image length' }),
  ],
  source: { kind: 'swift-os', file: 'tools/packfs.swift' },
  note: 'Paths are NUL-terminated, relative to "/", in the string table.',
};

/** One version-2 entry of a packed SWOSBASE image (PKG.PAYLOAD). */
export const SWOSBASE_ENTRY: Layout = {
  name: 'swosbase_entry',
  size: 40,
  align: 8,
  fields: [
    scalar('path_offset', 0, 'u32', { note: 'into the string table' }),
    scalar('path_length', 4, 'u32', { note: 'without the NUL' }),
    scalar('kind', 8, 'u32', { note: '1 directory, 2 regular file' }),
    scalar('flags', 12, 'u32', { note: '0' }),
    scalar('data_offset', 16, 'u64', { note: 'into the data section' }),
    scalar('data_size', 24, 'u64'),
    scalar('mode', 32, 'u32'),
    scalar('owner', 36, 'u32', { note: 'principal' }),
  ],
  source: { kind: 'swift-os', file: 'tools/packfs.swift' },
  note: 'Version 3 entries append a 32-byte content hash (72 bytes); package payloads never carry it.',
};

export const PKG_LAYOUTS: readonly Layout[] = [PKG_STREAM_BEGIN_DESC, SWPKG_HEADER, SWOSBASE_HEADER, SWOSBASE_ENTRY];
