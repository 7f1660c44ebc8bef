import { constValue, rightsMask } from '../../../spec/index.js';
import { Console } from '../console.js';
import { PipeEnd, pipePool, readPipe, writePipe } from '../pipe.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { SyscallContext } from './context.js';

const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
/** Rights of the two pipe ends (clause FD.PIPE.RIGHTS). */
const READ_END_RIGHTS = rightsMask(['READ', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR']);
const WRITE_END_RIGHTS = rightsMask(['WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR']);

/**
 * write(2). The kind check comes first (FD.KIND.WRONG), then count 0 returns 0 for every kind
 * (FD.WRITE.ZERO) before anything that depends on the object's state: the objects' writeFrom
 * and writePipe are only ever called with at least one byte.
 */
export function sysWrite(ctx: SyscallContext): HandlerResult {
  const { handle } = ctx.args.fd('fd');
  const { bytes } = ctx.args.buffer('buf');
  const obj = handle!.object;
  const tty = obj instanceof Console ? obj : null;
  const pipe = obj instanceof PipeEnd ? obj : null;
  if (tty === null && pipe === null && !obj.writeFrom) return fail('EINVAL', 'FD.KIND.WRONG');
  if (bytes!.length === 0) return ok(0, 'FD.WRITE.ZERO');
  if (tty) {
    tty.write(bytes!);
    return ok(bytes!.length);
  }
  if (pipe) {
    return writePipe(ctx, pipe.buffer, bytes!, (pipe.statusFlags & O_NONBLOCK) !== 0, (n) => (n < bytes!.length ? 'FD.PIPE.WRITE.PARTIAL' : 'FD.PIPE.CAPACITY'));
  }
  return obj.writeFrom!(ctx, handle!, bytes!);
}

/**
 * read(2). The kind check comes first (FD.KIND.WRONG), then a directory fails EISDIR
 * (FS.READ.DIR), then count 0 returns 0 for every kind (FD.READ.ZERO) before anything that
 * depends on the object's state: the objects' readInto and readPipe are only ever called with
 * a length of at least 1.
 */
export function sysRead(ctx: SyscallContext): HandlerResult {
  const { handle } = ctx.args.fd('fd');
  const { addr, length } = ctx.args.buffer('buf');
  const obj = handle!.object;
  const pipe = obj instanceof PipeEnd ? obj : null;
  if (pipe === null && !obj.readInto) return fail('EINVAL', 'FD.KIND.WRONG');
  if (obj.kind === 'directory') return fail('EISDIR', 'FS.READ.DIR');
  if (length === 0) return ok(0, 'FD.READ.ZERO');
  if (pipe) return readPipe(ctx, pipe.buffer, addr, length, (pipe.statusFlags & O_NONBLOCK) !== 0, () => 'FD.PIPE.PARTIAL');
  return obj.readInto!(ctx, handle!, addr, length);
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
