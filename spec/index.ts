// The SwiftOS EL0 ABI as data: syscall rows, argument types, layouts, constants, errno, clauses.
// Imports nothing else of Touchstone.

export * from './types.js';
export * from './errno.js';
export * from './constants/index.js';
export * from './layouts/index.js';
export * from './layout-codec.js';
export * from './syscalls/index.js';
export * from './clauses/index.js';
export * from './synthetic-files.js';
export * from './ebnf.js';
export * from './procfs.js';
export * from './identity-files.js';
