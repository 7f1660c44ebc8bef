// Package-store streaming descriptor.

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

export const PKG_LAYOUTS: readonly Layout[] = [PKG_STREAM_BEGIN_DESC];
