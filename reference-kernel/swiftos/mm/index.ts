// The per-process memory manager: regions over an AddressSpace, mmap/munmap/mprotect/sbrk/mmap_file, fork copy, W^X.

export * from './fault.js';
export * from './layout.js';
export * from './manager.js';
export * from './mmap-file.js';
export * from './proposed-clauses.js';
export * from './region.js';
export * from './result.js';
export * from './shared.js';
export * from './state.js';
export * from './validate.js';
export * from './wx.js';
