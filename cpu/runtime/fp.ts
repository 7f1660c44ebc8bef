/** Runtime helpers for translated code (fp): see fp-arith.ts and fp-convert.ts. */
export * from './fp-arith.js';
export * from './fp-convert.js';
