import { Console } from '../console.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { SyscallContext } from './context.js';

/** read/write on the console; other objects arrive with the VFS, pipes and sockets. */
export function sysWrite(ctx: SyscallContext): HandlerResult {
  const { handle } = ctx.args.fd('fd');
  const { bytes } = ctx.args.buffer('buf');
  if (handle!.object instanceof Console) {
    handle!.object.write(bytes!);
    return ok(bytes!.length);
  }
  return fail('EINVAL', 'FD.KIND.WRONG');
}

export function sysRead(ctx: SyscallContext): HandlerResult {
  const { handle } = ctx.args.fd('fd');
  const { addr, length } = ctx.args.buffer('buf');
  if (handle!.object instanceof Console) {
    const data = handle!.object.read(length);
    ctx.process.space.copyOut(addr, data);
    return ok(data.length);
  }
  return fail('EINVAL', 'FD.KIND.WRONG');
}
