import { constValue, rightsMask } from '../../../spec/index.js';
import { Console } from '../console.js';
import { PIPE_BUF, PipeEnd, pipePool } from '../pipe.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { SyscallContext } from './context.js';

const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');
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
  if (obj instanceof PipeEnd) return writePipe(ctx, obj, bytes!);
  if (obj.writeFrom) return obj.writeFrom(ctx, handle!, bytes!);
  return fail('EINVAL', 'FD.KIND.WRONG');
}

function writePipe(ctx: SyscallContext, end: PipeEnd, bytes: Uint8Array): HandlerResult {
  const buf = end.buffer;
  // Count 0 returns 0 before anything else, even with the readers gone (FD.WRITE.ZERO).
  if (bytes.length === 0) return ok(0, 'FD.WRITE.ZERO');
  if (buf.readers === 0) {
    // Raised like any signal: ignored, caught or fatal per its disposition (SIG.IGN.DISCARD).
    ctx.kernel.signal(ctx.process, SIGPIPE);
    return fail('EPIPE', 'FD.PIPE.SIGPIPE');
  }
  const fits = bytes.length <= PIPE_BUF ? (buf.room >= bytes.length ? bytes.length : 0) : Math.min(buf.room, bytes.length);
  if (fits === 0) {
    if ((end.statusFlags & O_NONBLOCK) !== 0) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
    return ctx.kernel.block(ctx.thread, buf.writable);
  }
  buf.push(bytes.subarray(0, fits));
  ctx.kernel.wake(buf.readable);
  return ok(fits, fits < bytes.length ? 'FD.PIPE.WRITE.PARTIAL' : 'FD.PIPE.CAPACITY');
}

export function sysRead(ctx: SyscallContext): HandlerResult {
  const { handle } = ctx.args.fd('fd');
  const { addr, length } = ctx.args.buffer('buf');
  const obj = handle!.object;
  if (obj instanceof Console) return obj.readInto(ctx, handle!, addr, length);
  if (obj instanceof PipeEnd) {
    const buf = obj.buffer;
    if (length === 0) return ok(0);
    if (buf.length === 0) {
      if (buf.writers === 0) return ok(0, 'FD.PIPE.EOF');
      if ((obj.statusFlags & O_NONBLOCK) !== 0) return fail('EAGAIN', 'FD.NONBLOCK.EAGAIN');
      return ctx.kernel.block(ctx.thread, buf.readable);
    }
    const data = buf.take(length);
    ctx.process.space.copyOut(addr, data);
    ctx.kernel.wake(buf.writable);
    return ok(data.length, 'FD.PIPE.PARTIAL');
  }
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
