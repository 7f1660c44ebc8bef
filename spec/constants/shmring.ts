// The shared-memory ring header shmring_create writes at the start of each half (SHM.LAYOUT.HEADER).

import type { ConstGroup } from '../types.js';
import { fromSwiftOs } from './source.js';

export const SHMRING: ConstGroup = {
  name: 'SHMRING',
  kind: 'values',
  members: [
    { name: 'SHMRING_MAGIC', value: 0x53484d52, note: '"SHMR", u32 at +0' },
    { name: 'SHMRING_VERSION', value: 1, note: 'u32 at +4' },
    { name: 'SHMRING_OFF_CAPACITY', value: 8, note: 'u32: payload bytes, a power of two' },
    { name: 'SHMRING_OFF_HEAD', value: 64, note: 'u32 consumer cursor, own cache line' },
    { name: 'SHMRING_OFF_TAIL', value: 128, note: 'u32 producer cursor, own cache line' },
    { name: 'SHMRING_HEADER_BYTES', value: 192, note: 'data starts here' },
    { name: 'SHMRING_MIN_CAPACITY', value: 64 },
  ],
  source: fromSwiftOs('kernel/ipc/shmring.swift'),
};
