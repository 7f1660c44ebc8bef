export * from './line-discipline.js';
export * from './pty.js';
