import type { Handler } from './context.js';
import { sysRead, sysWrite } from './io.js';
import { sysExit, sysGetpid } from './process.js';

export type { Handler, SyscallContext } from './context.js';

/** Handlers by spec row name. A row marked implemented without a handler returns ENOSYS. */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  exit: sysExit,
  getpid: sysGetpid,
  read: sysRead,
  write: sysWrite,
};
