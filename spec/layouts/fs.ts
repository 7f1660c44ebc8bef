// Filesystem records: stat and dirent.

import type { Layout } from '../types.js';
import { scalar } from './field.js';

export const STAT: Layout = {
  name: 'stat',
  size: 32,
  align: 8,
  fields: [
    scalar('st_mode', 0, 'u32', { note: 'MODE_TYPE | MODE_PERM bits' }),
    scalar('st_uid', 4, 'u32', { note: 'owning principal' }),
    scalar('st_size', 8, 'u64'),
    scalar('st_gid', 16, 'u32', { note: 'owning principal (no groups)' }),
    scalar('st_nlink', 20, 'u32'),
    scalar('st_mtime', 24, 'u64', { note: 'Unix seconds' }),
  ],
  source: { kind: 'seed', seed: '002', section: 'struct stat' },
  note: 'The kernel stat record. Newer swift-os fs.h grows it to 48 bytes (st_ino, st_dev); the seed fixes 32 and the spec follows the seed.',
};

/** dirent: 19-byte fixed part, then the NUL-terminated name; records padded to 8 bytes. */
export const DIRENT: Layout = {
  name: 'dirent',
  size: 19,
  align: 8,
  packed: true,
  fields: [
    scalar('d_ino', 0, 'u64'),
    scalar('d_off', 8, 'u64', { note: 'cursor after this entry (1-based index)' }),
    scalar('d_reclen', 16, 'u16', { note: 'whole record length: (19 + namelen + 1 + 7) & ~7' }),
    scalar('d_type', 18, 'u8', { note: 'D_TYPE' }),
  ],
  tail: { field: 'd_name', recordLengthField: 'd_reclen', align: 8 },
  source: { kind: 'seed', seed: '002', section: 'struct dirent' },
  note: 'Variable length. d_name starts at offset 19 (so d_type is the last fixed byte).',
};

export const FS_LAYOUTS: readonly Layout[] = [STAT, DIRENT];
