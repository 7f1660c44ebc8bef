export * from './format.js';
export * from './mount.js';
export * from './store.js';
