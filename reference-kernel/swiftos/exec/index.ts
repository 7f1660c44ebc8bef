export * from './commit.js';
export * from './handle-specs.js';
export * from './program.js';
export * from './sync-wait.js';
