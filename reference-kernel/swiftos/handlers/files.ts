// Files and directories: path calls go to the kernel's Vfs with the caller's view (identity,
// cwd, confinement root); handle calls go to the open file description behind a FileObject.

import { constValue, DEFAULT_HANDLE_RIGHTS, rightsMask, type HandleKind } from '../../../spec/index.js';
import type { Handle, KObject } from '../handles.js';
import { dataFlushRecord } from '../log.js';
import { FileObject, fromVfs } from '../objects/file.js';
import { fail, ok, type HandlerResult } from '../result.js';
import { encodeStat, getcwdBytes, pathFromBytes, type OpenFile, type StatFields, type VfsResult } from '../vfs/index.js';
import type { Handler, SyscallContext } from './context.js';

const O_ACCMODE = 3;
const O_WRONLY = constValue('OPEN_ACCESS', 'O_WRONLY');
const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
const O_CLOEXEC = constValue('OPEN_FLAGS', 'O_CLOEXEC');
const S_IFCHR = constValue('MODE_TYPE', 'S_IFCHR');
const S_IFIFO = constValue('MODE_TYPE', 'S_IFIFO');
/** Kinds FD.FSTAT.KINDS reports as character devices; every other non-file kind is S_IFIFO. */
const CHAR_KINDS: readonly HandleKind[] = ['tty', 'pty-master', 'pty-slave', 'device'];

/** FD.RIGHTS.DEFAULT: the kind's default rights, READ/WRITE only as the access mode allows. */
function openRights(kind: 'file' | 'directory', readable: boolean, writable: boolean): number {
  const rights = DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === kind)!.rights
    .filter((r) => (r !== 'READ' || readable) && (r !== 'WRITE' || writable));
  return rightsMask(rights);
}

/**
 * Makes the object behind a new handle on a special file of a synthetic mount (kernel.specialOpeners,
 * by filesystem), or fails, or blocks (the call re-runs; the open description is closed either way).
 */
export type SpecialOpener = (ctx: SyscallContext, of: OpenFile) => { readonly object: KObject; readonly clause: string | null } | HandlerResult;

/** A path argument as the VFS spells it: one char per byte. */
function pathArg(ctx: SyscallContext, name: string): string {
  return pathFromBytes(ctx.args.string(name).bytes!);
}

/** The open file description behind a handle the row restricted to file/directory kinds. */
function fileOf(handle: Handle | null): FileObject | null {
  return handle?.object instanceof FileObject ? handle.object : null;
}

function sysOpen(ctx: SyscallContext): HandlerResult {
  const flags = ctx.args.num('flags');
  const table = ctx.kernel.handles(ctx.process);
  // The handle number is reserved first (FS.OPEN.EMFILE): a full table creates and truncates nothing.
  if (!table.hasFree()) return fail('EMFILE', 'FD.TABLE.FULL');
  const r = ctx.kernel.vfs.open(pathArg(ctx, 'path'), flags, Number(ctx.args.big('mode')), ctx.kernel.caller(ctx.process));
  if (!r.ok) return fail(r.errno, r.clause);
  const of = r.value;
  // A special file of a synthetic mount (/net): its filesystem's opener makes the object, or fails or blocks.
  const opener = of.node.synthetic?.special ? ctx.kernel.specialOpeners.get(of.node.fs) : undefined;
  const made = opener ? opener(ctx, of) : { object: new FileObject(of), clause: r.clause };
  if (typeof made !== 'object' || !('object' in made)) {
    of.close();
    return made;
  }
  const acc = flags & O_ACCMODE;
  const rights = openRights(of.handleKind, acc !== O_WRONLY, acc !== O_RDONLY && of.handleKind === 'file');
  const fd = table.install({ object: made.object, rights, cloexec: (flags & O_CLOEXEC) !== 0 });
  if (fd < 0) {
    of.close();
    return fail('EMFILE', 'FD.TABLE.FULL');
  }
  return ok(fd, made.clause ?? ((flags & O_CLOEXEC) !== 0 ? 'FS.OPEN.CLOEXEC' : 'FS.OPEN.LOWEST'));
}

function sysLseek(ctx: SyscallContext): HandlerResult {
  const file = fileOf(ctx.args.fd('fd').handle);
  if (!file) return fail('ESPIPE', 'FD.KIND.WRONG');
  // Offsets of 2^53 and beyond round but keep their sign and size class (FS.LSEEK.RANGE).
  return fromVfs(file.file.lseek(Number(ctx.args.big('offset')), ctx.args.num('whence')));
}

function writeStat(ctx: SyscallContext, addr: number, fields: StatFields, clause: string): HandlerResult {
  return ctx.process.space.copyOut(addr, encodeStat(fields)) ? ok(0, clause) : fail('EFAULT', 'ABI.FAULT');
}

function sysStat(ctx: SyscallContext): HandlerResult {
  const r = ctx.kernel.vfs.stat(pathArg(ctx, 'path'), ctx.kernel.caller(ctx.process));
  if (!r.ok) return fail(r.errno, r.clause);
  return writeStat(ctx, ctx.args.struct('statbuf').addr, r.value, 'FS.STAT.RECORD');
}

/** FD.FSTAT.KINDS: files and directories report their node, other kinds a synthetic record. */
function sysFstat(ctx: SyscallContext): HandlerResult {
  const handle = ctx.args.fd('fd').handle!;
  const { addr } = ctx.args.struct('statbuf');
  const file = fileOf(handle);
  if (file) return writeStat(ctx, addr, file.file.fstat(), 'FS.STAT.RECORD');
  const type = CHAR_KINDS.includes(handle.object.kind) ? S_IFCHR : S_IFIFO;
  const principal = ctx.process.identity.principal >>> 0;
  const fields: StatFields = {
    st_mode: (type | 0o666) >>> 0, st_uid: principal, st_size: 0n, st_gid: principal, st_nlink: 1,
    st_mtime: BigInt(ctx.kernel.epochSeconds()),
  };
  return writeStat(ctx, addr, fields, 'FD.FSTAT.KINDS');
}

function sysGetdents(ctx: SyscallContext): HandlerResult {
  const file = fileOf(ctx.args.fd('fd').handle);
  if (!file) return fail('ENOTDIR', 'FD.KIND.WRONG');
  const { addr, length } = ctx.args.buffer('buf');
  const r = file.file.getdents(length);
  if (!r.ok) return fail(r.errno, r.clause);
  if (r.value.length > 0 && !ctx.process.space.copyOut(addr, r.value)) return fail('EFAULT', 'ABI.FAULT');
  return ok(r.value.length, r.clause);
}

function sysChdir(ctx: SyscallContext): HandlerResult {
  const r = ctx.kernel.vfs.chdir(pathArg(ctx, 'path'), ctx.kernel.caller(ctx.process));
  if (!r.ok) return fail(r.errno, r.clause);
  ctx.process.cwd = r.value;
  return ok(0, r.clause);
}

/** FS.GETCWD.PATH: the path and its NUL; the call returns the length without the NUL. */
function sysGetcwd(ctx: SyscallContext): HandlerResult {
  const { addr, length } = ctx.args.buffer('buf');
  const r = getcwdBytes(ctx.process.cwd, length);
  if (!r.ok) return fail(r.errno, r.clause);
  if (!ctx.process.space.copyOut(addr, r.value)) return fail('EFAULT', 'ABI.FAULT');
  return ok(r.value.length - 1, r.clause);
}

function sysUnlink(ctx: SyscallContext): HandlerResult {
  return fromVfs(ctx.kernel.vfs.unlink(pathArg(ctx, 'path'), ctx.kernel.caller(ctx.process)));
}

function sysRename(ctx: SyscallContext): HandlerResult {
  return fromVfs(ctx.kernel.vfs.rename(pathArg(ctx, 'oldpath'), pathArg(ctx, 'newpath'), ctx.kernel.caller(ctx.process)));
}

function sysMkdir(ctx: SyscallContext): HandlerResult {
  return fromVfs(ctx.kernel.vfs.mkdir(pathArg(ctx, 'path'), Number(ctx.args.big('mode')), ctx.kernel.caller(ctx.process)));
}

function sysRmdir(ctx: SyscallContext): HandlerResult {
  return fromVfs(ctx.kernel.vfs.rmdir(pathArg(ctx, 'path'), ctx.kernel.caller(ctx.process)));
}

function sysChmod(ctx: SyscallContext): HandlerResult {
  return fromVfs(ctx.kernel.vfs.chmod(pathArg(ctx, 'path'), ctx.args.num('mode'), ctx.kernel.caller(ctx.process)));
}

function sysChown(ctx: SyscallContext): HandlerResult {
  return fromVfs(ctx.kernel.vfs.chown(pathArg(ctx, 'path'), Number(ctx.args.big('owner')), ctx.kernel.caller(ctx.process)));
}

function sysFtruncate(ctx: SyscallContext): HandlerResult {
  const file = fileOf(ctx.args.fd('fd').handle);
  if (!file) return fail('EINVAL', 'FD.KIND.WRONG');
  // Lengths past 2^53 are beyond any file limit: clamp so the VFS answers EFBIG (FS.TRUNCATE.LIMIT).
  const length = ctx.args.big('length');
  return fromVfs(file.file.ftruncate(length > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(length)));
}

/** FS.DATA.FLUSHLOG: one log record for a flush of /data by the calling process (null: no /data, nothing to log). */
export function logDataFlush(ctx: SyscallContext, flushed: VfsResult<number> | null): void {
  if (flushed === null) return;
  const { pid, identity } = ctx.process;
  ctx.kernel.log.append(dataFlushRecord(ctx.kernel.clock.now, pid, identity.principal, flushed.ok ? { bytes: flushed.value } : 'EIO'));
}

/** /data nodes are flushed (FS.FSYNC.DATA, FS.FSYNC.IO) and logged; every other handle: FS.FSYNC.OTHER. */
function sysFsync(ctx: SyscallContext): HandlerResult {
  const file = fileOf(ctx.args.fd('fd').handle);
  if (!file) return ok(0, 'FS.FSYNC.OTHER');
  const r = file.file.fsync();
  const node = file.file.node;
  if (node.fs === 'data') logDataFlush(ctx, r.ok ? { ok: true, value: node.kind === 'file' ? node.size : 0, clause: r.clause } : r);
  return fromVfs(r);
}

/** FS.SYNC.ALL: /data is flushed (and logged) first; sync returns 0 even when that flush fails. */
function sysSync(ctx: SyscallContext): HandlerResult {
  logDataFlush(ctx, ctx.kernel.vfs.flushData());
  return fromVfs(ctx.kernel.vfs.sync());
}

/** SEC.CONFINE.*: narrows the process's root; the cwd moves inside it when it lay outside. */
function sysConfine(ctx: SyscallContext): HandlerResult {
  const r = ctx.kernel.vfs.confine(pathArg(ctx, 'path'), ctx.kernel.caller(ctx.process));
  if (!r.ok) return fail(r.errno, r.clause);
  ctx.process.root = r.value.root;
  ctx.process.cwd = r.value.cwd;
  return ok(0, r.clause);
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const FILES_HANDLERS: Readonly<Record<string, Handler>> = {
  open: sysOpen,
  lseek: sysLseek,
  stat: sysStat,
  fstat: sysFstat,
  getdents: sysGetdents,
  chdir: sysChdir,
  getcwd: sysGetcwd,
  unlink: sysUnlink,
  rename: sysRename,
  mkdir: sysMkdir,
  rmdir: sysRmdir,
  ftruncate: sysFtruncate,
  chmod: sysChmod,
  chown: sysChown,
  fsync: sysFsync,
  sync: sysSync,
  confine: sysConfine,
};
