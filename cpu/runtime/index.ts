/**
 * Runtime helpers callable from translated code, by name. Every export here is visible to
 * emitted JavaScript under the same name (rows reference one with `e.rt('name')`), so names
 * must be unique across these modules.
 */
export { R } from './scratch.js';
export * from './int64.js';
export * from './fp.js';
export * from './simd.js';
export * from './simd-fp.js';
export * from './mem.js';
export * from './system.js';
