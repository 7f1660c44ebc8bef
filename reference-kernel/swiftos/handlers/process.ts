import { fail, NO_RETURN, ok, type HandlerResult } from '../result.js';
import { int32, type SyscallContext } from './context.js';

export function sysExit(ctx: SyscallContext): HandlerResult {
  ctx.kernel.exitProcess(ctx.process, (int32(ctx, 0) & 0xff) << 8);
  return NO_RETURN;
}

export function sysGetpid(ctx: SyscallContext): HandlerResult {
  return ok(ctx.process.pid, 'PROC.GETPID');
}

export { fail };
