// mmap protection and flag bits, and the SwiftOS-personality address-space layout.

import type { ConstGroup } from '../types.js';
import { fromSeed, fromSwiftOs } from './source.js';

export const PROT: ConstGroup = {
  name: 'PROT',
  kind: 'flags',
  members: [
    { name: 'PROT_NONE', value: 0x0 },
    { name: 'PROT_READ', value: 0x1 },
    { name: 'PROT_WRITE', value: 0x2 },
    { name: 'PROT_EXEC', value: 0x4 },
  ],
  source: fromSeed('Memory API'),
  note: 'PROT_WRITE|PROT_EXEC together is rejected with EINVAL (MM.WX.REJECT).',
};

export const MAP_FLAGS: ConstGroup = {
  name: 'MAP_FLAGS',
  kind: 'flags',
  members: [
    { name: 'MAP_PRIVATE', value: 0x02 },
    { name: 'MAP_FIXED', value: 0x10 },
    { name: 'MAP_ANONYMOUS', value: 0x20, note: 'MAP_ANON is the same bit' },
    { name: 'MAP_NORESERVE', value: 0x4000 },
    { name: 'MAP_FIXED_NOREPLACE', value: 0x100000 },
  ],
  source: fromSeed('Memory API'),
  note: 'MAP_FAILED is (void *)-1 in the wrappers; the raw call returns -errno (MM.MMAP.RETURN).',
};

/**
 * SwiftOS-personality user address space (decision MM.LAYOUT, from swift-os
 * kernel/user/process.swift and kernel/user/user_access.swift).
 */
export const ADDRESS_SPACE: ConstGroup = {
  name: 'ADDRESS_SPACE',
  kind: 'values',
  members: [
    { name: 'PAGE_SIZE', value: 4096 },
    { name: 'USER_VA_MIN', value: 0x8000_0000, note: 'lowest user address; ELF images load from here up' },
    { name: 'USER_VA_END', value: 0xb000_0000, note: 'one past the highest user address' },
    { name: 'USER_STACK_TOP', value: 0x9000_0000, note: 'initial stack grows down from here' },
    { name: 'USER_STACK_PAGES', value: 4 },
    { name: 'USER_MMAP_TOP', value: 0x9800_0000, note: 'anonymous and file mappings are placed downward from here' },
    { name: 'USER_MMAP_FLOOR', value: 0x9000_0000 },
    { name: 'USER_HEAP_BASE', value: 0xa000_0000, note: 'initial program break' },
  ],
  source: fromSwiftOs('kernel/user/process.swift'),
};
