import type { Handler } from './context.js';
import { sysClose, sysPipe, sysRead, sysWrite } from './io.js';
import { sysFork, sysNanosleep, sysTime, sysWaitpid } from './lifecycle.js';
import { sysExit, sysGetpid } from './process.js';

export type { Handler, SyscallContext } from './context.js';

/** Handlers by spec row name. A row marked implemented without a handler returns ENOSYS. */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  close: sysClose,
  exit: sysExit,
  fork: sysFork,
  getpid: sysGetpid,
  nanosleep: sysNanosleep,
  pipe: sysPipe,
  read: sysRead,
  time: sysTime,
  waitpid: sysWaitpid,
  write: sysWrite,
};
