export * from './provider.js';
export * from './source.js';
