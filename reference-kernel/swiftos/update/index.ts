export * from './esp.js';
export * from './store.js';
