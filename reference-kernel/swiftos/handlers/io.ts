import { constValue, rightsMask } from '../../../spec/index.js';
import { Console } from '../console.js';
import { PipeEnd, pipePool, readPipe, writePipe } from '../pipe.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { SyscallContext } from './context.js';

const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
/** Rights of the two pipe ends (clause FD.PIPE.RIGHTS). */
const READ_END_RIGHTS = rightsMask(['READ', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR']);
const WRITE_END_RIGHTS = rightsMask(['WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR']);

export function sysWrite(ctx: SyscallContext): HandlerResult {
  const { handle } = ctx.args.fd('fd');
  const { bytes } = ctx.args.buffer('buf');
  const obj = handle!.object;
  if (obj instanceof Console) {
    obj.write(bytes!);
    return ok(bytes!.length);
  }
  if (obj instanceof PipeEnd) {
    return writePipe(ctx, obj.buffer, bytes!, (obj.statusFlags & O_NONBLOCK) !== 0, (n) => (n < bytes!.length ? 'FD.PIPE.WRITE.PARTIAL' : 'FD.PIPE.CAPACITY'));
  }
  if (obj.writeFrom) return obj.writeFrom(ctx, handle!, bytes!);
  return fail('EINVAL', 'FD.KIND.WRONG');
}

export function sysRead(ctx: SyscallContext): HandlerResult {
  const { handle } = ctx.args.fd('fd');
  const { addr, length } = ctx.args.buffer('buf');
  const obj = handle!.object;
  if (obj instanceof Console) return obj.readInto(ctx, handle!, addr, length);
  if (obj instanceof PipeEnd) return readPipe(ctx, obj.buffer, addr, length, (obj.statusFlags & O_NONBLOCK) !== 0, () => 'FD.PIPE.PARTIAL');
  if (obj.readInto) return obj.readInto(ctx, handle!, addr, length);
  return fail('EINVAL', 'FD.KIND.WRONG');
}

export function sysPipe(ctx: SyscallContext): HandlerResult {
  const { addr } = ctx.args.struct('fds');
  const table = ctx.kernel.handles(ctx.process);
  // Two free numbers before a buffer is taken (FD.PIPE.BUFFERS: EMFILE comes first).
  if (table.limit - table.entries().length < 2) return fail('EMFILE', 'FD.TABLE.FULL');
  const buf = pipePool(ctx.kernel).alloc(1)?.[0];
  if (!buf) return fail('ENOMEM', 'FD.PIPE.NOMEM');
  const wake = (q: Parameters<typeof ctx.kernel.wake>[0]): void => ctx.kernel.wake(q);
  const r = table.install({ object: new PipeEnd(buf, 'read', wake), rights: READ_END_RIGHTS, cloexec: false });
  if (r < 0) return fail('EMFILE', 'FD.TABLE.FULL');
  const w = table.install({ object: new PipeEnd(buf, 'write', wake), rights: WRITE_END_RIGHTS, cloexec: false });
  if (w < 0) {
    table.close(r);
    return fail('EMFILE', 'FD.TABLE.FULL');
  }
  ctx.process.space.copyOut(addr, new Uint8Array(new Int32Array([r, w]).buffer));
  return ok(0, 'FD.PIPE.ENDS');
}

export function sysClose(ctx: SyscallContext): HandlerResult {
  ctx.kernel.handles(ctx.process).close(ctx.args.fd('fd').fd);
  return ok(0, 'FD.CLOSE.RELEASE');
}
