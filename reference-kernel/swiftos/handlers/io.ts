import { Console } from '../console.js';
import { fail, ok, type HandlerResult } from '../result.js';
import { address, int32, type SyscallContext } from './context.js';

/** Largest single transfer; longer requests are truncated (clause FD.IO.MAXCOUNT). */
const MAX_IO = 1 << 20;

export function sysWrite(ctx: SyscallContext): HandlerResult {
  const h = ctx.kernel.handles(ctx.process).get(int32(ctx, 0));
  if (!h) return fail('EBADF', 'FD.BADF');
  const count = Math.min(Number(BigInt.asUintN(64, ctx.args[2]!) > BigInt(MAX_IO) ? MAX_IO : ctx.args[2]!), MAX_IO);
  const bytes = ctx.process.space.copyIn(address(ctx, 1), count);
  if (bytes === null) return fail('EFAULT', 'ABI.EFAULT');
  if (h.object instanceof Console) {
    h.object.write(bytes);
    return ok(bytes.length);
  }
  return fail('EINVAL', 'FD.KIND');
}

export function sysRead(ctx: SyscallContext): HandlerResult {
  const h = ctx.kernel.handles(ctx.process).get(int32(ctx, 0));
  if (!h) return fail('EBADF', 'FD.BADF');
  const count = Number(ctx.args[2]! > BigInt(MAX_IO) ? BigInt(MAX_IO) : ctx.args[2]!);
  const buf = address(ctx, 1);
  if (!ctx.process.space.accessible(buf, count, 'write')) return fail('EFAULT', 'ABI.EFAULT');
  if (h.object instanceof Console) {
    const data = h.object.read(count);
    ctx.process.space.copyOut(buf, data);
    return ok(data.length);
  }
  return fail('EINVAL', 'FD.KIND');
}
