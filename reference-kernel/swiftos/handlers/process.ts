import { NO_RETURN, ok, type HandlerResult } from '../result.js';
import type { SyscallContext } from './context.js';

export function sysExit(ctx: SyscallContext): HandlerResult {
  if (ctx.thread.tid !== ctx.process.pid) {
    ctx.kernel.exitThread(ctx.thread);
    return NO_RETURN;
  }
  ctx.kernel.exitProcess(ctx.process, Number(ctx.args.big('status') & 0xffn) << 8);
  return NO_RETURN;
}

export function sysGetpid(ctx: SyscallContext): HandlerResult {
  return ok(ctx.process.pid, 'PROC.GETPID');
}
