// Own errors of the file-system rows: path resolution, confinement, the read-only base image,
// tmpfs mutations, and the per-handle state of files, directories, pipes and counters.

import { constValue, RIGHT_BITS, type ErrnoName, type RightName } from '../../../spec/index.js';
import type { Recipe } from './cells.js';
import { BASE_DIR, DIR_ENTRY, READABLE_FILE, FILE_TEXT } from './files.js';
import { attenuate, maker } from './handles.js';
import type { Ctx } from './kit.js';
import type { Reg } from '../../program/builder.js';
import type { Given } from './matrix.js';
import {
  jail, mkdir, O_CLOEXEC, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, pipe, setNonblock, stateRecipe, touch, without,
  type StateSpec,
} from './state-kit.js';

const FILE = READABLE_FILE.path;
const MISSING = '/etc/errors/missing';
const THROUGH_FILE = '/etc/errors/file/x';
const TMP_FILE = '/tmp/f';
const TMP_DIR = '/tmp/d';

/** A path argument that also puts the errors image files in place. */
function path(p: string): (ctx: Ctx) => number {
  return (ctx) => {
    ctx.file(READABLE_FILE);
    ctx.file(DIR_ENTRY);
    return ctx.str(p);
  };
}

interface PathRow {
  readonly row: string;
  /** Extra arguments a call on this row needs (open: flags). */
  readonly args?: Readonly<Record<string, Given>>;
  /**
   * Mutates the path: then only tmpfs paths, since which of EROFS and the resolution error comes
   * first for a base-image directory is not specified.
   */
  readonly mutates?: boolean;
}

const RESOLVING: readonly PathRow[] = [
  { row: 'open', args: { flags: O_RDONLY } }, { row: 'stat' }, { row: 'chdir' }, { row: 'confine' },
  { row: 'unlink', mutates: true }, { row: 'rename', mutates: true }, { row: 'mkdir', mutates: true }, { row: 'rmdir', mutates: true },
  { row: 'chmod', mutates: true }, { row: 'chown', mutates: true },
];

/** The first path argument of a row. */
function firstPath(row: string): string {
  return row === 'rename' ? 'oldpath' : 'path';
}

function resolution(): StateSpec[] {
  const out: StateSpec[] = [];
  for (const r of RESOLVING) {
    const p = firstPath(r.row);
    const extra: Record<string, Given> = { ...(r.args ?? {}), ...(r.row === 'rename' ? { newpath: path('/tmp/renamed') } : {}) };
    const missing: string[] = r.row === 'mkdir' ? ['/tmp/missing/x'] : r.mutates === true ? ['/tmp/missing'] : [MISSING, '/tmp/missing'];
    missing.forEach((m, k) => {
      out.push({ row: r.row, errno: 'ENOENT', clause: 'FS.PATH.NOENT', variant: k === 0 ? 'missing' : 'missing-tmp', what: `${p} ${m} does not exist`, args: { ...extra, [p]: path(m) } });
    });
    // chdir, confine and rmdir document ENOTDIR only for a final non-directory (their own clauses).
    if (r.row === 'chdir' || r.row === 'confine' || r.row === 'rmdir') continue;
    if (r.mutates === true) {
      out.push({
        row: r.row, errno: 'ENOTDIR', clause: 'FS.PATH.NOTDIR', variant: 'through-tmp-file', what: `${p} goes through a tmpfs file (${TMP_FILE}/x)`,
        setup: (ctx) => touch(ctx, TMP_FILE), args: { ...extra, [p]: path(`${TMP_FILE}/x`) },
      });
    } else {
      out.push({ row: r.row, errno: 'ENOTDIR', clause: 'FS.PATH.NOTDIR', variant: 'through-file', what: `${p} goes through a file (${THROUGH_FILE})`, args: { ...extra, [p]: path(THROUGH_FILE) } });
    }
  }
  return out;
}

/** Rows whose path is denied outside the confinement root (FS.CONFINE.DENY), with a target outside it. */
function confinement(): StateSpec[] {
  const tmp = (ctx: Ctx): void => touch(ctx, TMP_FILE);
  const rows: { row: string; setup?: (ctx: Ctx) => void; args: Record<string, Given> }[] = [
    { row: 'open', args: { path: path(FILE), flags: O_RDONLY } },
    { row: 'stat', args: { path: path(FILE) } },
    { row: 'chdir', args: { path: path('/etc') } },
    { row: 'unlink', setup: tmp, args: { path: path(TMP_FILE) } },
    { row: 'rename', setup: tmp, args: { oldpath: path(TMP_FILE), newpath: path(`/tmp/jail/g`) } },
    { row: 'mkdir', args: { path: path('/tmp/outside') } },
    { row: 'rmdir', setup: (ctx) => mkdir(ctx, TMP_DIR), args: { path: path(TMP_DIR) } },
    { row: 'chmod', setup: tmp, args: { path: path(TMP_FILE), mode: 0o600 } },
    { row: 'chown', setup: tmp, args: { path: path(TMP_FILE), owner: 2 } },
  ];
  return rows.map((r) => ({
    row: r.row, errno: 'EACCES' as ErrnoName, clause: 'FS.CONFINE.DENY', variant: 'outside-jail',
    what: `init confined to /tmp/jail names a path outside it`,
    setup: (ctx: Ctx) => {
      r.setup?.(ctx);
      jail(ctx);
    },
    args: r.args,
  }));
}

function open(): StateSpec[] {
  const noRead = without('capFsRead');
  const noWrite = without('capTmpWrite');
  const o = (variant: string, errno: ErrnoName, clause: string, what: string, p: string, flags: number, extra: Partial<StateSpec> = {}): StateSpec => ({
    row: 'open', errno, clause, variant, what, args: { path: path(p), flags }, ...extra,
  });
  return [
    o('rdonly-file', 'EACCES', 'FS.OPEN.CAP.READ', 'reading a file without capFsRead', FILE, O_RDONLY, { boot: noRead }),
    o('rdonly-dir', 'EACCES', 'FS.OPEN.CAP.READ', 'reading a directory without capFsRead', '/', O_RDONLY, { boot: noRead }),
    o('rdwr-tmp', 'EACCES', 'FS.OPEN.CAP.READ', 'O_RDWR of a tmpfs path without capFsRead', '/tmp/new', O_RDWR | O_CREAT, { boot: noRead }),
    o('wronly-creat', 'EACCES', 'FS.OPEN.CAP.WRITE', 'O_WRONLY|O_CREAT without capTmpWrite', '/tmp/new', O_WRONLY | O_CREAT, { boot: noWrite }),
    o('rdonly-creat', 'EACCES', 'FS.OPEN.CAP.WRITE', 'O_RDONLY|O_CREAT without capTmpWrite', '/tmp/new', O_RDONLY | O_CREAT, { boot: noWrite }),
    o('rdonly-trunc', 'EACCES', 'FS.OPEN.CAP.WRITE', 'O_RDONLY|O_TRUNC of a base file without capTmpWrite (before EROFS)', FILE, O_RDONLY | O_TRUNC, { boot: noWrite }),
    o('wronly', 'EROFS', 'FS.BASE.ERRNO', 'O_WRONLY of a base-image file', FILE, O_WRONLY),
    o('rdwr', 'EROFS', 'FS.BASE.ERRNO', 'O_RDWR of a base-image file', FILE, O_RDWR),
    o('trunc', 'EROFS', 'FS.BASE.ERRNO', 'O_RDONLY|O_TRUNC of a base-image file', FILE, O_RDONLY | O_TRUNC),
    o('creat-in-base', 'EROFS', 'FS.BASE.ERRNO', 'O_CREAT of a new name in a base-image directory', '/etc/errors/new', O_WRONLY | O_CREAT),
    o('wronly', 'EISDIR', 'FS.OPEN.DIR.WRITE', 'O_WRONLY of a directory', '/tmp', O_WRONLY),
    o('rdwr', 'EISDIR', 'FS.OPEN.DIR.WRITE', 'O_RDWR of a directory', '/tmp', O_RDWR),
    o('creat', 'EISDIR', 'FS.OPEN.DIR.WRITE', 'O_CREAT of an existing directory', '/tmp', O_RDONLY | O_CREAT),
    o('trunc', 'EISDIR', 'FS.OPEN.DIR.WRITE', 'O_TRUNC of a directory', '/tmp', O_RDONLY | O_TRUNC),
    o('mode3', 'EINVAL', 'FS.OPEN.ACCMODE', 'access mode 3', FILE, 3),
    o('mode3-cloexec', 'EINVAL', 'FS.OPEN.ACCMODE', 'access mode 3 with O_CLOEXEC', FILE, 3 | O_CLOEXEC),
  ];
}

function mutations(): StateSpec[] {
  const base = (row: string, variant: string, what: string, args: Record<string, Given>, setup?: (ctx: Ctx) => void): StateSpec => ({
    row, errno: 'EROFS', clause: 'FS.BASE.ERRNO', variant, what, args, ...(setup ? { setup } : {}),
  });
  const out: StateSpec[] = [
    base('unlink', 'base-file', 'unlinking a base-image file', { path: path(FILE) }),
    base('rename', 'base-source', 'renaming a base-image file', { oldpath: path(FILE), newpath: path('/tmp/moved') }),
    base('rename', 'into-base', 'renaming a tmpfs file into a base-image directory', { oldpath: path(TMP_FILE), newpath: path('/etc/errors/moved') }, (ctx) => touch(ctx, TMP_FILE)),
    base('mkdir', 'in-base', 'creating a directory in a base-image directory', { path: path('/etc/errors/newdir') }),
    base('rmdir', 'base-dir', 'removing a base-image directory', { path: path(BASE_DIR) }),
    base('chmod', 'base-file', 'chmod of a base-image file', { path: path(FILE), mode: 0o600 }),
    base('chown', 'base-file', 'chown of a base-image file', { path: path(FILE), owner: 2 }),
    base('chmod', 'base-dir', 'chmod of a base-image directory', { path: path(BASE_DIR), mode: 0o700 }),
  ];
  const s = (row: string, errno: ErrnoName, clause: string, variant: string, what: string, args: Record<string, Given>, setup?: (ctx: Ctx) => void): StateSpec => ({
    row, errno, clause, variant, what, args, ...(setup ? { setup } : {}),
  });
  out.push(
    s('unlink', 'EISDIR', 'FS.UNLINK.DIR', 'tmp-dir', 'unlinking a tmpfs directory', { path: path(TMP_DIR) }, (ctx) => mkdir(ctx, TMP_DIR)),
    s('mkdir', 'EEXIST', 'FS.MKDIR.EXISTS', 'tmp', 'creating /tmp, which exists', { path: path('/tmp') }),
    s('mkdir', 'EEXIST', 'FS.MKDIR.EXISTS', 'root', 'creating /', { path: path('/') }),
    s('mkdir', 'EEXIST', 'FS.MKDIR.EXISTS', 'base-file', 'creating an existing base-image file', { path: path(FILE) }),
    s('mkdir', 'EEXIST', 'FS.MKDIR.EXISTS', 'tmp-file', 'creating an existing tmpfs file', { path: path(TMP_FILE) }, (ctx) => touch(ctx, TMP_FILE)),
    s('rmdir', 'ENOTDIR', 'FS.RMDIR.NOTDIR', 'tmp-file', 'removing a tmpfs file', { path: path(TMP_FILE) }, (ctx) => touch(ctx, TMP_FILE)),
    s('rmdir', 'ENOTEMPTY', 'FS.RMDIR.NOTEMPTY', 'tmp-dir', 'removing a tmpfs directory with an entry', { path: path(TMP_DIR) }, (ctx) => {
      mkdir(ctx, TMP_DIR);
      touch(ctx, `${TMP_DIR}/e`);
    }),
    s('rmdir', 'EBUSY', 'FS.RMDIR.ROOT', 'root', 'removing /', { path: path('/') }),
    s('rmdir', 'EBUSY', 'FS.RMDIR.ROOT', 'tmp', 'removing the /tmp mount point', { path: path('/tmp') }),
    s('rmdir', 'EBUSY', 'FS.RMDIR.ROOT', 'dev', 'removing the /dev mount point', { path: path('/dev') }),
    s('rmdir', 'EBUSY', 'FS.RMDIR.ROOT', 'proc', 'removing the /proc mount point', { path: path('/proc') }),
    s('rename', 'EINVAL', 'FS.RENAME.SUBTREE', 'into-itself', 'moving a directory into its own subtree', { oldpath: path(TMP_DIR), newpath: path(`${TMP_DIR}/sub`) }, (ctx) => mkdir(ctx, TMP_DIR)),
    s('rename', 'EINVAL', 'FS.RENAME.SUBTREE', 'into-grandchild', 'moving a directory under its own child', { oldpath: path(TMP_DIR), newpath: path(`${TMP_DIR}/e/sub`) }, (ctx) => mkdir(ctx, TMP_DIR, `${TMP_DIR}/e`)),
    s('rename', 'ENOTEMPTY', 'FS.RENAME.NOTEMPTY', 'onto-full-dir', 'renaming a directory onto a non-empty directory', { oldpath: path(TMP_DIR), newpath: path('/tmp/full') }, (ctx) => {
      mkdir(ctx, TMP_DIR, '/tmp/full');
      touch(ctx, '/tmp/full/e');
    }),
    s('rename', 'EISDIR', 'FS.RENAME.TYPE', 'file-onto-dir', 'renaming a file onto a directory', { oldpath: path(TMP_FILE), newpath: path(TMP_DIR) }, (ctx) => {
      touch(ctx, TMP_FILE);
      mkdir(ctx, TMP_DIR);
    }),
    s('rename', 'ENOTDIR', 'FS.RENAME.TYPE', 'dir-onto-file', 'renaming a directory onto a file', { oldpath: path(TMP_DIR), newpath: path(TMP_FILE) }, (ctx) => {
      touch(ctx, TMP_FILE);
      mkdir(ctx, TMP_DIR);
    }),
    s('rename', 'EBUSY', 'FS.RENAME.ROOT', 'dev', 'renaming the /dev mount point', { oldpath: path('/dev'), newpath: path('/tmp/dev') }),
    s('rename', 'EBUSY', 'FS.RENAME.ROOT', 'proc', 'renaming the /proc mount point', { oldpath: path('/proc'), newpath: path('/tmp/proc') }),
    s('chdir', 'ENOTDIR', 'FS.CHDIR.NOTDIR', 'base-file', 'changing to a base-image file', { path: path(FILE) }),
    s('chdir', 'ENOTDIR', 'FS.CHDIR.NOTDIR', 'dev-null', 'changing to /dev/null', { path: path('/dev/null') }),
    s('confine', 'ENOTDIR', 'SEC.CONFINE.NOTDIR', 'base-file', 'confining to a file', { path: path(FILE) }),
    s('confine', 'EACCES', 'SEC.CONFINE.WIDEN.ERRNO', 'to-etc', 'confining to /etc after confining to /tmp', { path: path('/etc') }, (ctx) => ctx.sys('confine', ctx.str('/tmp'))),
    s('confine', 'EACCES', 'SEC.CONFINE.WIDEN.ERRNO', 'to-parent', 'confining to /tmp after confining to /tmp/jail', { path: path('/tmp') }, (ctx) => jail(ctx)),
    s('confine', 'EACCES', 'SEC.CONFINE.WIDEN.ERRNO', 'to-root', 'confining to / after confining to /tmp/jail', { path: path('/') }, (ctx) => jail(ctx)),
  );
  return out;
}

const F_DUPFD = constValue('FCNTL_CMDS', 'F_DUPFD');
const F_DUPFD_CLOEXEC = constValue('FCNTL_CMDS', 'F_DUPFD_CLOEXEC');

function handles(): StateSpec[] {
  const out: StateSpec[] = [];
  const dir = (ctx: Ctx): number => {
    ctx.file(DIR_ENTRY);
    return ctx.str(BASE_DIR);
  };
  out.push(
    { row: 'getdents', errno: 'EINVAL', clause: 'FS.GETDENTS.SMALL', variant: 'count8', what: 'a buffer of 8 bytes, smaller than the first entry', setup: (ctx) => ({ fd: ctx.call('open', dir(ctx), O_RDONLY, 0) }), args: { count: 8 } },
    { row: 'getdents', errno: 'EINVAL', clause: 'FS.GETDENTS.SMALL', variant: 'count19', what: 'a buffer of 19 bytes, smaller than the first entry', setup: (ctx) => ({ fd: ctx.call('open', dir(ctx), O_RDONLY, 0) }), args: { count: 19 } },
    { row: 'getcwd', errno: 'ERANGE', clause: 'FS.GETCWD.RANGE', variant: 'root-size1', what: 'size 1 for "/" (needs 2)', args: { size: 1 } },
    {
      row: 'getcwd', errno: 'ERANGE', clause: 'FS.GETCWD.RANGE', variant: 'exact-without-nul', what: 'size 11 for /etc/errors (needs 12)',
      setup: (ctx) => {
        dir(ctx);
        ctx.sys('chdir', ctx.str('/etc/errors'));
      },
      args: { size: 11 },
    },
    { row: 'read', errno: 'EISDIR', clause: 'FS.READ.DIR', variant: 'base-dir', what: 'reading a directory handle', setup: (ctx) => ({ fd: ctx.call('open', dir(ctx), O_RDONLY, 0) }) },
    { row: 'read', errno: 'EISDIR', clause: 'FS.READ.DIR', variant: 'root', what: 'reading a handle on /', setup: (ctx) => ({ fd: ctx.call('open', ctx.str('/'), O_RDONLY, 0) }) },
  );
  const lseek = (variant: string, what: string, clause: string, target: 'file' | 'directory', offset: bigint, whence: string): StateSpec => ({
    row: 'lseek', errno: 'EINVAL', clause, variant, what,
    setup: (ctx) => ({ fd: maker(target).make(ctx) }),
    args: { offset, whence: constValue('SEEK_WHENCE', whence) },
  });
  const file = 'file';
  const directory = 'directory';
  const size = BigInt(new TextEncoder().encode(FILE_TEXT).length);
  out.push(
    lseek('set-minus1', 'SEEK_SET to -1', 'FS.LSEEK.NEGATIVE', file, -1n, 'SEEK_SET'),
    lseek('cur-minus1', 'SEEK_CUR by -1 at offset 0', 'FS.LSEEK.NEGATIVE', file, -1n, 'SEEK_CUR'),
    lseek('end-past-start', `SEEK_END by -${size + 1n} on a ${size}-byte file`, 'FS.LSEEK.NEGATIVE', file, -(size + 1n), 'SEEK_END'),
    lseek('set-int64-min', 'SEEK_SET to INT64_MIN', 'FS.LSEEK.NEGATIVE', file, -(2n ** 63n), 'SEEK_SET'),
    lseek('set-8', 'SEEK_SET to 8 on a directory', 'FS.LSEEK.DIR', directory, 8n, 'SEEK_SET'),
    lseek('cur-0', 'SEEK_CUR by 0 on a directory', 'FS.LSEEK.DIR', directory, 0n, 'SEEK_CUR'),
    lseek('end-0', 'SEEK_END by 0 on a directory', 'FS.LSEEK.DIR', directory, 0n, 'SEEK_END'),
  );
  // fcntl: rights per command (FD.FCNTL.RIGHTS) and the F_DUPFD range.
  const fc = (variant: string, what: string, drop: RightName, cmd: number, arg: bigint): StateSpec => ({
    row: 'fcntl', errno: 'EACCES', clause: 'FD.FCNTL.RIGHTS', variant, what,
    setup: (ctx) => ({ fd: attenuated(ctx, 'file', drop) }),
    args: { cmd, arg },
  });
  out.push(
    fc('dupfd-no-duplicate', 'F_DUPFD on a handle without DUPLICATE', 'DUPLICATE', F_DUPFD, 0n),
    fc('dupfd-cloexec-no-duplicate', 'F_DUPFD_CLOEXEC on a handle without DUPLICATE', 'DUPLICATE', F_DUPFD_CLOEXEC, 0n),
    fc('getfd-no-getattr', 'F_GETFD on a handle without GETATTR', 'GETATTR', constValue('FCNTL_CMDS', 'F_GETFD'), 0n),
    fc('getfl-no-getattr', 'F_GETFL on a handle without GETATTR', 'GETATTR', constValue('FCNTL_CMDS', 'F_GETFL'), 0n),
    fc('getlk-no-getattr', 'F_GETLK on a handle without GETATTR', 'GETATTR', constValue('FCNTL_CMDS', 'F_GETLK'), 0n),
    fc('setfd-no-setattr', 'F_SETFD on a handle without SETATTR', 'SETATTR', constValue('FCNTL_CMDS', 'F_SETFD'), 1n),
    fc('setfl-no-setattr', 'F_SETFL on a handle without SETATTR', 'SETATTR', constValue('FCNTL_CMDS', 'F_SETFL'), 0n),
    fc('setlk-no-getattr', 'F_SETLK on a handle without GETATTR', 'GETATTR', constValue('FCNTL_CMDS', 'F_SETLK'), 0n),
  );
  const range = (variant: string, what: string, cmd: number, arg: bigint): StateSpec => ({
    row: 'fcntl', errno: 'EINVAL', clause: 'FD.FCNTL.DUPFD.RANGE', variant, what, args: { cmd, arg },
  });
  out.push(
    range('dupfd-512', 'F_DUPFD with arg FD_MAX', F_DUPFD, 512n),
    range('dupfd-minus1', 'F_DUPFD with arg -1', F_DUPFD, -1n),
    range('dupfd-cloexec-512', 'F_DUPFD_CLOEXEC with arg FD_MAX', F_DUPFD_CLOEXEC, 512n),
    range('dupfd-cloexec-int-min', 'F_DUPFD_CLOEXEC with arg INT64_MIN', F_DUPFD_CLOEXEC, -(2n ** 63n)),
  );
  return out;
}

/** A new handle from `makerName` without the right `drop`. */
export function attenuated(ctx: Ctx, makerName: string, drop: RightName): Reg {
  const m = maker(makerName);
  return attenuate(ctx, m.make(ctx), m.rights & ~RIGHT_BITS[drop]);
}

/** Pipes, counters and timers whose state makes read/write fail. */
function io(): StateSpec[] {
  const evt = (ctx: Ctx): Reg => ctx.call('eventfd', 0, 0);
  const tfd = (ctx: Ctx): Reg => ctx.call('timerfd_create', constValue('CLOCK_IDS', 'CLOCK_MONOTONIC'), 0);
  const out: StateSpec[] = [];
  for (const n of [1, 4, 7]) {
    out.push({ row: 'read', errno: 'EINVAL', clause: 'EVT.READ.SHORT', variant: `count${n}`, what: `reading ${n} bytes from an eventfd`, setup: (ctx) => ({ fd: evt(ctx) }), args: { count: n } });
    out.push({ row: 'read', errno: 'EINVAL', clause: 'TFD.READ.SHORT', variant: `count${n}`, what: `reading ${n} bytes from a timerfd`, setup: (ctx) => ({ fd: tfd(ctx) }), args: { count: n } });
    out.push({ row: 'write', errno: 'EINVAL', clause: 'EVT.WRITE.INVALID', variant: `count${n}`, what: `writing ${n} bytes to an eventfd`, setup: (ctx) => ({ fd: evt(ctx) }), args: { count: n } });
  }
  out.push({
    row: 'write', errno: 'EINVAL', clause: 'EVT.WRITE.INVALID', variant: 'all-ones', what: 'writing the value 0xFFFF_FFFF_FFFF_FFFF to an eventfd',
    setup: (ctx) => ({ fd: evt(ctx), buf: ctx.words([0xffff_ffff_ffff_ffffn]) }), args: { count: 8 },
  });
  out.push({
    row: 'read', errno: 'EAGAIN', clause: 'FD.NONBLOCK.EAGAIN', variant: 'empty-pipe', what: 'reading an empty non-blocking pipe with a writer',
    setup: (ctx) => {
      const p = pipe(ctx);
      setNonblock(ctx, p.read);
      return { fd: p.read };
    },
  });
  out.push({
    row: 'read', errno: 'EAGAIN', clause: 'FD.NONBLOCK.EAGAIN', variant: 'empty-socketpair', what: 'reading an empty non-blocking socket pair end',
    setup: (ctx) => {
      const fds = ctx.space(8, 8);
      ctx.sys('socketpair', fds, constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_NONBLOCK'));
      return { fd: ctx.loadInt(fds) };
    },
  });
  out.push({
    row: 'write', errno: 'EAGAIN', clause: 'FD.NONBLOCK.EAGAIN', variant: 'full-pipe', what: 'writing to a full non-blocking pipe',
    setup: (ctx) => {
      const p = pipe(ctx);
      setNonblock(ctx, p.write);
      const buf = ctx.space(512);
      ctx.sys('write', p.write, buf, 512).sys('write', p.write, buf, 512);
      return { fd: p.write };
    },
    args: { count: 1 },
  });
  out.push({
    row: 'write', errno: 'EAGAIN', clause: 'FD.NONBLOCK.EAGAIN', variant: 'full-socketpair', what: 'writing to a full non-blocking socket pair end',
    setup: (ctx) => {
      const fds = ctx.space(8, 8);
      ctx.sys('socketpair', fds, constValue('SOCKETPAIR_FLAGS', 'SWIFTOS_SOCKETPAIR_NONBLOCK'));
      const a = ctx.loadInt(fds);
      const buf = ctx.space(512);
      ctx.sys('write', a, buf, 512).sys('write', a, buf, 512);
      return { fd: a };
    },
    args: { count: 1 },
  });
  out.push({
    row: 'write', errno: 'EAGAIN', clause: 'EVT.WRITE.OVERFLOW', variant: 'nonblocking-full-counter', what: 'adding 1 to a non-blocking eventfd at 0xFFFF_FFFF_FFFF_FFFE',
    setup: (ctx) => {
      const fd = ctx.call('eventfd', 0, constValue('EVENTFD_FLAGS', 'EFD_NONBLOCK'));
      ctx.sys('write', fd, ctx.words([0xffff_ffff_ffff_fffen]), 8);
      return { fd, buf: ctx.words([1]) };
    },
    args: { count: 8 },
  });
  out.push({
    row: 'write', errno: 'EPIPE', clause: 'FD.PIPE.EPIPE', variant: 'reader-closed', what: 'writing to a pipe whose read end is closed (SIGPIPE ignored)',
    setup: (ctx) => {
      ctx.sys('sigaction', constValue('SIGNALS', 'SIGPIPE'), constValue('SIG_HANDLERS', 'SIG_IGN'), 0);
      const p = pipe(ctx);
      ctx.sys('close', p.read);
      return { fd: p.write };
    },
    also: ['SIG.IGN.DISCARD'],
  });
  out.push({
    row: 'write', errno: 'EPIPE', clause: 'FD.PIPE.EPIPE', variant: 'peer-closed-socketpair', what: 'writing to a socket pair end whose peer is closed (SIGPIPE ignored)',
    setup: (ctx) => {
      ctx.sys('sigaction', constValue('SIGNALS', 'SIGPIPE'), constValue('SIG_HANDLERS', 'SIG_IGN'), 0);
      const fds = ctx.space(8, 8);
      ctx.sys('socketpair', fds, 0);
      const a = ctx.loadInt(fds);
      const b = ctx.loadInt(fds + 4);
      ctx.sys('close', b);
      return { fd: a };
    },
    also: ['IPC.SOCKETPAIR.PIPE'],
  });
  out.push({
    row: 'ftruncate', errno: 'EFBIG', clause: 'FS.TRUNCATE.LIMIT', variant: 'two-pow-62', what: 'growing a tmpfs file to 2^62 bytes',
    setup: (ctx) => ({ fd: maker('file-rw').make(ctx) }), args: { length: 2n ** 62n },
  });
  out.push({
    row: 'ftruncate', errno: 'EFBIG', clause: 'FS.TRUNCATE.LIMIT', variant: 'int64-max', what: 'growing a tmpfs file to 2^63-1 bytes',
    setup: (ctx) => ({ fd: maker('file-rw').make(ctx) }), args: { length: 2n ** 63n - 1n },
  });
  return out;
}

/** tmpfs out of room (FS.TMPFS.FULL): out of nodes for creations, out of bytes for growth. */
function full(): StateSpec[] {
  const nodes = (ctx: Ctx): void => {
    ctx.fillTmpfsNodes();
  };
  const extra = (ctx: Ctx): Reg => {
    ctx.fillTmpfsBytes();
    return ctx.call('open', ctx.str('/tmp/extra'), O_RDWR | O_CREAT, 0o644);
  };
  return [
    { row: 'open', errno: 'ENOSPC', clause: 'FS.TMPFS.FULL', variant: 'no-node', what: 'creating a file when tmpfs holds no more nodes', setup: nodes, args: { path: path('/tmp/last'), flags: O_RDWR | O_CREAT } },
    { row: 'mkdir', errno: 'ENOSPC', clause: 'FS.TMPFS.FULL', variant: 'no-node', what: 'creating a directory when tmpfs holds no more nodes', setup: nodes, args: { path: path('/tmp/last') } },
    {
      row: 'write', errno: 'ENOSPC', clause: 'FS.TMPFS.FULL', variant: 'append-when-full', what: 'writing one byte past the end of a file when tmpfs holds no more bytes',
      setup: (ctx) => {
        const fd = ctx.fillTmpfsBytes();
        ctx.sys('lseek', fd, 0, constValue('SEEK_WHENCE', 'SEEK_END'));
        return { fd };
      },
      args: { count: 1 },
    },
    {
      row: 'write', errno: 'ENOSPC', clause: 'FS.TMPFS.FULL', variant: 'new-file-when-full', what: 'writing to a new empty file when tmpfs holds no more bytes',
      setup: (ctx) => ({ fd: extra(ctx) }), args: { count: 16 },
    },
    {
      row: 'ftruncate', errno: 'ENOSPC', clause: 'FS.TMPFS.FULL', variant: 'grow-when-full', what: 'growing a new file by one byte when tmpfs holds no more bytes',
      setup: (ctx) => ({ fd: extra(ctx) }), args: { length: 1 },
    },
  ];
}

export function fsStateRecipes(): Recipe[] {
  return [...resolution(), ...confinement(), ...open(), ...mutations(), ...handles(), ...io(), ...full()].map(stateRecipe);
}

export { TMP_FILE, TMP_DIR, MISSING, FILE, path };
