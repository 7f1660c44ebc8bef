// open: access mode × flags × file kind × caller capabilities, with the expected result from the
// check order of FS.OPEN.* / FS.BASE.ERRNO / ABI.CHECK.ORDER (unknown bits, access mode 3,
// capFsRead, capTmpWrite, path walk, EISDIR, EROFS), and on success the handle's rights,
// flags and file observed through read, write, fcntl, lseek and fstat.

import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  bootAs, CAP, F, FD_CLOEXEC, FILES, GUEST, hasCap, type Identity, O, type Prog, READ_ONLY, ROOT,
  S, SEEK, USER, WRITE_ONLY,
} from './kit.js';
import {
  addImage, bytesOf, expectModeType, type Failure, KINDS, type PathKind, setupTmpfs, statBuf,
} from './world.js';

export const ACCESS: readonly { readonly name: string; readonly value: number }[] = [
  { name: 'O_RDONLY', value: O.RDONLY },
  { name: 'O_WRONLY', value: O.WRONLY },
  { name: 'O_RDWR', value: O.RDWR },
];

export const FLAG_SETS: readonly { readonly id: string; readonly value: number }[] = [
  { id: 'none', value: 0 },
  { id: 'creat', value: O.CREAT },
  { id: 'trunc', value: O.TRUNC },
  { id: 'append-nonblock', value: O.APPEND | O.NONBLOCK },
  { id: 'cloexec', value: O.CLOEXEC },
  { id: 'all', value: O.CREAT | O.TRUNC | O.APPEND | O.CLOEXEC | O.NONBLOCK },
];

export const CALLERS: readonly Identity[] = [ROOT, USER, GUEST, READ_ONLY, WRITE_ONLY];

export function flagText(acc: number, flags: number): string {
  const names = [ACCESS.find((a) => a.value === acc)?.name ?? `${acc}`];
  const bits: [number, string][] = [[O.CREAT, 'O_CREAT'], [O.TRUNC, 'O_TRUNC'], [O.APPEND, 'O_APPEND'], [O.CLOEXEC, 'O_CLOEXEC'], [O.NONBLOCK, 'O_NONBLOCK']];
  for (const [bit, name] of bits) if (flags & bit) names.push(name);
  return names.join('|');
}

/** What open must do: fail, or succeed on an existing or new node. */
export type OpenOutcome = { readonly ok: false; readonly fail: Failure } | { readonly ok: true; readonly created: boolean };

/** The spec's check order for open (FS.OPEN.*, FS.BASE.ERRNO, ABI.CHECK.ORDER). */
export function openOutcome(acc: number, flags: number, k: PathKind, who: Identity): OpenOutcome {
  const fail = (errno: Failure['errno'], clause: string): OpenOutcome => ({ ok: false, fail: { errno, clause } });
  if (acc === 3) return fail('EINVAL', 'FS.OPEN.ACCMODE');
  const reads = acc !== O.WRONLY;
  const writes = acc !== O.RDONLY;
  const creat = (flags & O.CREAT) !== 0;
  const trunc = (flags & O.TRUNC) !== 0;
  if (reads && !hasCap(who, CAP.fsRead)) return fail('EACCES', 'FS.OPEN.CAP.READ');
  if ((writes || creat || trunc) && !hasCap(who, CAP.tmpWrite)) return fail('EACCES', 'FS.OPEN.CAP.WRITE');
  switch (k.node) {
    case 'notdir':
      return fail('ENOTDIR', 'FS.PATH.NOTDIR');
    case 'noparent':
      return fail('ENOENT', 'FS.PATH.NOENT');
    case 'missing':
      if (!creat) return fail('ENOENT', 'FS.PATH.NOENT');
      return k.fs === 'tmpfs' ? { ok: true, created: true } : fail('EROFS', 'FS.BASE.ERRNO');
    case 'dir':
      return writes || trunc || creat ? fail('EISDIR', 'FS.OPEN.DIR.WRITE') : { ok: true, created: false };
    case 'file':
      return k.fs === 'base' && (writes || trunc) ? fail('EROFS', 'FS.BASE.ERRNO') : { ok: true, created: false };
    case 'dev-null':
    case 'dev-zero':
      return { ok: true, created: false };
  }
}

function capText(who: Identity): string {
  return `${who.name} (caps 0x${who.caps.toString(16)})`;
}

/** The caller for the case: tmpfs kinds are made by root, then login drops to `who`. */
function becomeCaller(p: Prog, k: PathKind, who: Identity): void {
  if (!k.tmpfs) return;
  setupTmpfs(p);
  if (who === ROOT) return;
  p.sys('login', who.principal, who.session, who.caps);
  p.expectEq(`set-up: login as ${capText(who)}`, ['SEC.LOGIN.REPLACE'], 0);
}

/** Checks on a successful open: handle number, fd and status flags, the node, and the rights by use. */
function checkOpened(p: Prog, fd: ReturnType<Prog['variable']>, acc: number, flags: number, k: PathKind, who: Identity, created: boolean): void {
  const reads = acc !== O.WRONLY;
  const writes = acc !== O.RDONLY;
  p.expectEq('the new handle is the lowest free number, 3', ['FS.OPEN.LOWEST', 'FD.ALLOC.LOWEST'], 3, fd);

  const cloexec = (flags & O.CLOEXEC) !== 0;
  p.sys('fcntl', fd, F.GETFD, 0);
  p.expectEq(`F_GETFD is ${cloexec ? 'FD_CLOEXEC' : '0'}`, ['FS.OPEN.CLOEXEC', 'FD.FCNTL.FD'], cloexec ? FD_CLOEXEC : 0);
  const status = acc | (flags & (O.APPEND | O.NONBLOCK));
  p.sys('fcntl', fd, F.GETFL, 0);
  p.expectEq(`F_GETFL is the access mode and status flags 0x${status.toString(16)}`,
    ['FD.FCNTL.GETFL', 'FD.FCNTL.GETFL.KINDS', ...(flags & O.NONBLOCK ? ['FS.OPEN.NONBLOCK'] : [])], status);

  // The node, through fstat.
  const st = statBuf(p);
  p.sys('fstat', fd, st).expectEq('fstat succeeds', ['FS.STAT.RECORD'], 0);
  const regular = created || k.node === 'file';
  const trunc = (flags & O.TRUNC) !== 0;
  const before = created ? '' : trunc && k.fs === 'tmpfs' ? '' : k.text ?? '';
  if (regular) {
    const owner = created ? who.principal : k.owner!;
    const clauses = created
      ? ['FS.OPEN.CREAT', 'FS.OPEN.MODE', 'FS.TMPFS.OWNER', 'FS.STAT.OWNER']
      : trunc && k.fs === 'tmpfs' ? ['FS.OPEN.TRUNC', 'FS.STAT.OWNER', 'FS.STAT.EXECBIN'] : ['FS.STAT.OWNER', 'FS.STAT.EXECBIN'];
    p.expectRecord(`fstat: S_IFREG|0${(created ? 0o644 : k.mode!).toString(8)}, owner ${owner}, size ${before.length}, nlink 1`,
      ['FS.STAT.RECORD', 'FS.MODE.TYPES', ...clauses], st, 'stat',
      { st_mode: S.IFREG | (created ? 0o644 : k.mode!), st_uid: owner, st_size: BigInt(before.length), st_gid: owner, st_nlink: 1 }, 0, 24);
  } else if (k.node === 'dir') {
    p.expectRecord(`fstat: S_IFDIR|0${k.mode!.toString(8)}, owner ${k.owner}, size 0, nlink 1`, ['FS.STAT.RECORD', 'FS.MODE.TYPES', 'FS.STAT.OWNER'], st, 'stat',
      { st_mode: S.IFDIR | k.mode!, st_uid: k.owner!, st_size: 0n, st_gid: k.owner!, st_nlink: 1 }, 0, 24);
  } else {
    expectModeType(p, 'fstat: a /dev node is S_IFCHR', ['FS.STAT.RECORD', 'FS.MODE.TYPES'], st, S.IFCHR);
  }

  // READ right: by reading 4 bytes.
  const buf = p.bytes(new Uint8Array(8).fill(0xa5));
  p.sys('read', fd, buf, 4);
  let offset = 0;
  if (!reads) {
    p.expectFail('read without the READ right', ['FD.RIGHTS.MISSING', 'FD.RIGHTS.DEFAULT'], 'EBADF');
  } else if (k.node === 'dir') {
    p.expectFail('read on a directory handle', ['FS.READ.DIR'], 'EISDIR');
  } else if (k.node === 'dev-null') {
    p.expectEq('read from /dev/null returns 0 (end of file)', ['FS.DEV.NULL'], 0);
  } else if (k.node === 'dev-zero') {
    p.expectEq('read from /dev/zero returns 4', ['FS.DEV.ZERO'], 4);
    p.expectMem('the bytes read are zeros', ['FS.DEV.ZERO'], buf, new Uint8Array(4));
  } else {
    offset = Math.min(4, before.length);
    p.expectEq(`read returns ${offset} bytes`, offset === 0 ? ['FD.READ.EOF', ...(trunc ? ['FS.OPEN.TRUNC'] : [])] : ['FD.READ.OFFSET'], offset);
    if (offset > 0) p.expectMem('the bytes read are the file\'s first bytes', ['FD.READ.OFFSET'], buf, bytesOf(before.slice(0, offset)));
  }

  // WRITE right: by writing one byte.
  p.sys('write', fd, p.str('W'), 1);
  if (!writes || k.node === 'dir') {
    p.expectFail('write without the WRITE right', ['FD.RIGHTS.MISSING', 'FD.RIGHTS.DEFAULT'], 'EBADF');
  } else {
    p.expectEq('write of 1 byte returns 1', k.node.startsWith('dev') ? ['FS.DEV.NULL', 'FS.DEV.ZERO'] : ['FD.WRITE.OFFSET'], 1);
  }

  // The offset and size of a regular file afterwards.
  if (regular) {
    const append = (flags & O.APPEND) !== 0 && writes;
    const at = append ? before.length : offset;
    const end = writes ? at + 1 : offset;
    const size = writes ? Math.max(before.length, at + 1) : before.length;
    p.sys('lseek', fd, 0, SEEK.CUR);
    p.expectEq(`the offset is now ${end}`, append ? ['FS.OPEN.APPEND', 'FS.LSEEK.WHENCE'] : ['FD.READ.OFFSET', 'FD.WRITE.OFFSET', 'FS.LSEEK.WHENCE'], end);
    p.sys('fstat', fd, st);
    p.expectU64(`the size is now ${size}`, append ? ['FS.OPEN.APPEND', 'FD.WRITE.OFFSET'] : ['FD.WRITE.OFFSET', 'FS.STAT.RECORD'], st + 8, size);
  }
  p.sys('close', fd).expectEq('close returns 0', ['FD.CLOSE.RELEASE'], 0);
}

/** Checks that a failed open left the tree as it was. */
function checkUnchanged(p: Prog, flags: number, k: PathKind, fail: Failure): void {
  const st = statBuf(p);
  if (k.node === 'missing' && (flags & O.CREAT) !== 0) {
    p.sys('stat', p.str(k.path), st);
    p.expectFail(`nothing was created: stat(${k.path})`, [fail.clause, 'FS.PATH.NOENT'], 'ENOENT');
  }
  if (k.node === 'file' && k.fs === 'tmpfs' && (flags & O.TRUNC) !== 0) {
    p.sys('stat', p.str(k.path), st).expectEq('stat succeeds', ['FS.STAT.NOCAP'], 0);
    p.expectU64(`nothing was truncated: the size is still ${k.text!.length}`, [fail.clause], st + 8, k.text!.length);
  }
}

function openCase(acc: { name: string; value: number }, flags: { id: string; value: number }, k: PathKind, who: Identity): CaseDef {
  const outcome = openOutcome(acc.value, flags.value, k, who);
  const text = flagText(acc.value, flags.value);
  const what = outcome.ok ? (outcome.created ? 'creates it' : 'succeeds') : `${outcome.fail.errno} (${outcome.fail.clause})`;
  return derivedCase(FILES, {
    id: `open/${acc.name.slice(2).toLowerCase()}/${flags.id}/${k.name}/${who.name}`,
    description: `open(${k.path}, ${text}) as ${capText(who)} ${what}${outcome.ok ? '; rights, flags and node observed' : ''}`,
    clauses: ['FS.OPEN.FLAGVALUES', 'ABI.CHECK.ORDER'],
    boot: k.tmpfs ? {} : bootAs(who),
    build(b) {
      const { p } = b;
      addImage(b);
      becomeCaller(p, k, who);
      const fd = p.variable();
      p.call(fd, 'open', p.str(k.path), acc.value | flags.value, 0o777);
      if (outcome.ok) {
        p.expectOk(`open(${k.path}, ${text}) succeeds`, outcome.created ? ['FS.OPEN.CREAT'] : ['FD.RIGHTS.DEFAULT'], fd);
        checkOpened(p, fd, acc.value, flags.value, k, who, outcome.created);
      } else {
        const f = outcome.fail;
        const clauses = f.errno === 'EACCES' ? [f.clause, 'SEC.CAP.ERRNO'] : [f.clause];
        p.expectFail(`open(${k.path}, ${text})`, clauses, f.errno, fd);
        checkUnchanged(p, flags.value, k, f);
      }
    },
  });
}

export function openMatrix(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const acc of ACCESS) for (const flags of FLAG_SETS) for (const k of KINDS) for (const who of CALLERS) out.push(openCase(acc, flags, k, who));
  return out;
}

