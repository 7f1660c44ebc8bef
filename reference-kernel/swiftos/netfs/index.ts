export * from './handles.js';
export * from './local.js';
export * from './open.js';
export * from './provider.js';
