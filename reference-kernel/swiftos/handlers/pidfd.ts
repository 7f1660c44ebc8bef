import type { Handler } from './context.js';

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const PIDFD_HANDLERS: Readonly<Record<string, Handler>> = {};
