// Handle-table operations: dup, dup2, fcntl. A duplicate names the same object with the same
// rights (never more: FD.DUP.RIGHTS) and is not close-on-exec (FD.DUP.NOCLOEXEC).

import { constGroup, constValue, FCNTL_CMD_RIGHT, RIGHT_BITS } from '../../../spec/index.js';
import type { Handle, HandleTable, KObject } from '../handles.js';
import { FileObject } from '../objects/file.js';
import { PipeEnd } from '../pipe.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { Handler, SyscallContext } from './context.js';

const FD_MAX = constValue('LIMITS', 'FD_MAX');
const FD_CLOEXEC = constValue('FD_FLAGS', 'FD_CLOEXEC');
const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
const O_WRONLY = constValue('OPEN_ACCESS', 'O_WRONLY');
const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const DUPLICATE = RIGHT_BITS.DUPLICATE;
const FCNTL_NAMES = new Map(constGroup('FCNTL_CMDS').members.map((m) => [m.value, m.name]));

/** A duplicate: same object, rights and badge (IPC.BADGE.CARRY); CLOEXEC as given. */
function copyOf(h: Handle, cloexec: boolean): Handle {
  return { ...h, cloexec };
}

/** The lowest free fd >= `from` (FD.FCNTL.DUPFD), or -1. */
function lowestFreeFrom(table: HandleTable, from: number): number {
  for (let fd = from; fd < table.limit; fd++) if (table.get(fd) === null) return fd;
  return -1;
}

function sysDup(ctx: SyscallContext): HandlerResult {
  const h = ctx.args.fd('fd').handle!;
  const fd = ctx.kernel.handles(ctx.process).install(copyOf(h, false));
  return fd < 0 ? fail('EMFILE', 'FD.TABLE.FULL') : ok(fd, 'FD.DUP.LOWEST');
}

function sysDup2(ctx: SyscallContext): HandlerResult {
  const { fd: oldfd, handle } = ctx.args.fd('oldfd');
  const newfd = Number(ctx.args.big('newfd'));
  const table = ctx.kernel.handles(ctx.process);
  if (newfd >= table.limit) return fail('EBADF', 'FD.BADF');
  if (newfd === oldfd) return ok(newfd, 'FD.DUP2.SAME');
  // The row leaves the rights to the handler so that FD.DUP2.SAME needs none.
  if ((handle!.rights & DUPLICATE) === 0) return fail('EACCES', 'FD.RIGHTS.MISSING');
  const replaced = table.installAt(newfd, copyOf(handle!, false));
  return ok(newfd, replaced ? 'FD.DUP2.REPLACE' : 'FD.DUP.SHARED');
}

/** FD.FCNTL.GETFL: the access mode of the object (FD.FCNTL.GETFL.KINDS) and its status flags. */
function accessMode(obj: KObject): number {
  if (obj instanceof FileObject) return obj.file.writable ? (obj.file.readable ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (obj instanceof PipeEnd) return obj.end === 'read' ? O_RDONLY : O_WRONLY;
  return O_RDWR;
}

function sysFcntl(ctx: SyscallContext): HandlerResult {
  const h = ctx.args.fd('fd').handle!;
  const cmd = FCNTL_NAMES.get(ctx.args.num('cmd'))!;
  const arg = ctx.args.big('arg');
  if ((h.rights & RIGHT_BITS[FCNTL_CMD_RIGHT[cmd]!]) === 0) return fail('EACCES', 'FD.FCNTL.RIGHTS');
  const table = ctx.kernel.handles(ctx.process);
  switch (cmd) {
    case 'F_DUPFD':
    case 'F_DUPFD_CLOEXEC': {
      if (arg < 0n || arg >= BigInt(FD_MAX)) return fail('EINVAL', 'FD.FCNTL.DUPFD.RANGE');
      const fd = lowestFreeFrom(table, Number(arg));
      if (fd < 0) return fail('EMFILE', 'FD.TABLE.FULL');
      table.installAt(fd, copyOf(h, cmd === 'F_DUPFD_CLOEXEC'));
      return ok(fd, 'FD.FCNTL.DUPFD');
    }
    case 'F_GETFD':
      return ok(h.cloexec ? FD_CLOEXEC : 0, 'FD.FCNTL.FD');
    case 'F_SETFD':
      h.cloexec = (arg & BigInt(FD_CLOEXEC)) !== 0n;
      return ok(0, 'FD.FCNTL.FD');
    case 'F_GETFL':
      return ok(accessMode(h.object) | (h.object.statusFlags ?? 0), 'FD.FCNTL.GETFL');
    case 'F_SETFL': {
      const nonblock = (arg & BigInt(O_NONBLOCK)) !== 0n ? O_NONBLOCK : 0;
      h.object.statusFlags = ((h.object.statusFlags ?? 0) & ~O_NONBLOCK) | nonblock;
      return ok(0, 'FD.FCNTL.SETFL');
    }
    default:
      return ok(0, 'FD.FCNTL.LOCKS');
  }
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const FDOPS_HANDLERS: Readonly<Record<string, Handler>> = {
  dup: sysDup,
  dup2: sysDup2,
  fcntl: sysFcntl,
};
