import type { Handler } from './context.js';
import { DEVICE_HANDLERS } from './device.js';
import { EVENTS_HANDLERS } from './events.js';
import { FDOPS_HANDLERS } from './fdops.js';
import { FILES_HANDLERS } from './files.js';
import { sysClose, sysPipe, sysRead, sysWrite } from './io.js';
import { IPC_HANDLERS } from './ipc.js';
import { sysFork, sysNanosleep, sysTime, sysWaitpid } from './lifecycle.js';
import { MEMORY_HANDLERS } from './memory.js';
import { NET_HANDLERS } from './net.js';
import { PIDFD_HANDLERS } from './pidfd.js';
import { PKG_HANDLERS } from './pkg.js';
import { UPDATE_HANDLERS } from './update.js';
import { sysExit, sysGetpid } from './process.js';
import { SHMRING_HANDLERS } from './shmring.js';
import { SIGNALS_HANDLERS } from './signals.js';
import { SPAWN_HANDLERS } from './spawn.js';
import { SYSTEM_HANDLERS } from './system.js';
import { THREADS_HANDLERS } from './threads.js';
import { TIMERFD_HANDLERS } from './timerfd.js';
import { TTY_HANDLERS } from './tty.js';

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
  ...FILES_HANDLERS,
  ...FDOPS_HANDLERS,
  ...MEMORY_HANDLERS,
  ...SPAWN_HANDLERS,
  ...SIGNALS_HANDLERS,
  ...THREADS_HANDLERS,
  ...IPC_HANDLERS,
  ...EVENTS_HANDLERS,
  ...PIDFD_HANDLERS,
  ...TIMERFD_HANDLERS,
  ...SYSTEM_HANDLERS,
  ...TTY_HANDLERS,
  ...PKG_HANDLERS,
  ...UPDATE_HANDLERS,
  ...NET_HANDLERS,
  ...DEVICE_HANDLERS,
  ...SHMRING_HANDLERS,
};
