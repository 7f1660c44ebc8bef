export * from './loader.js';
export * from './personality.js';
