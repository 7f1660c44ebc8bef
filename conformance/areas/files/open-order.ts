// open beyond the matrix: unknown flag bits and access mode 3 ahead of every other check, the
// argument checks of the path (register order: the path before the flags), a full handle table
// (FS.OPEN.EMFILE), confinement, trailing slashes, path resolution and component length.

import { knownBits } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  BAD_ADDR, bootAs, CAP, F, FILES, GUEST, hasCap, READ_ONLY, WRITE_ONLY, type Identity, LIMIT, NO_CAPS, O, type Prog, ROOT, S, USER,
} from './kit.js';
import { addImage, BASE_FILE, bytesOf, expectModeType, KINDS, setupTmpfs, statBuf, TMP_DIR, TMP_FILE, TMP_TEXT } from './world.js';

const KNOWN = knownBits('OPEN_FLAGS') | knownBits('OPEN_ACCESS');

/** Every single bit of the low 32 that is neither an access-mode bit nor an OPEN_FLAGS member. */
export const UNKNOWN_BITS: readonly number[] = Array.from({ length: 32 }, (_, i) => 2 ** i).filter((b) => (b & KNOWN) === 0);

function unknownBit(bit: number, who: Identity, path: string): CaseDef {
  return derivedCase(FILES, {
    id: `open-check/unknown-bit/${bit.toString(16)}/${who.name}${path === '/tmp/nope' ? '-missing' : ''}`,
    description: `open(${path}, O_RDONLY|0x${bit.toString(16)}) as ${who.name}: the unknown flag bit fails EINVAL before capabilities and the path walk`,
    clauses: ['ABI.CHECK.ORDER'],
    boot: bootAs(who),
    build({ p }) {
      p.sys('open', p.str(path), O.RDONLY | bit, 0);
      p.expectFail(`open with flag bit 0x${bit.toString(16)}`, ['ABI.FLAGS.UNKNOWN', 'FS.OPEN.FLAGVALUES'], 'EINVAL');
    },
  });
}

function accmode3(kindName: string, who: Identity, extra: number): CaseDef {
  const k = KINDS.find((x) => x.name === kindName)!;
  return derivedCase(FILES, {
    id: `open-check/accmode3/${k.name}/${who.name}${extra ? '-creat' : ''}`,
    description: `open(${k.path}, 3${extra ? '|O_CREAT' : ''}) as ${who.name}: access mode 3 fails EINVAL before capabilities and the path walk`,
    clauses: ['ABI.CHECK.ORDER'],
    boot: bootAs(who),
    build(b) {
      const { p } = b;
      addImage(b);
      p.sys('open', p.str(k.path), 3 | extra, 0);
      p.expectFail('open with access mode 3', ['FS.OPEN.ACCMODE'], 'EINVAL');
      if (extra) {
        p.sys('stat', p.str(k.path), statBuf(p));
        if (k.node === 'missing') p.expectFail(`nothing was created: stat(${k.path})`, ['FS.OPEN.ACCMODE'], 'ENOENT');
        else p.expectOk(`stat(${k.path}) still succeeds`, ['FS.STAT.NOCAP']);
      }
    },
  });
}

/** Path argument failures come first: register order puts the path before the flags. */
function pathArgument(name: string, path: (p: Prog) => number | bigint, errno: 'EFAULT' | 'ENAMETOOLONG' | 'ENOENT', clause: string, flags: number, who: Identity): CaseDef {
  return derivedCase(FILES, {
    id: `open-check/path-arg/${name}/flags-${flags.toString(16)}/${who.name}`,
    description: `open with a ${name} path, flags 0x${flags.toString(16)}, as ${who.name}: ${errno} (${clause}) before the flags and capability checks`,
    clauses: ['ABI.CHECK.ORDER'],
    boot: bootAs(who),
    build({ p }) {
      p.sys('open', path(p), flags, 0);
      p.expectFail(`open with a ${name} path`, [clause], errno);
    },
  });
}

const PATH_ARGS: readonly { name: string; path: (p: Prog) => number | bigint; errno: 'EFAULT' | 'ENAMETOOLONG' | 'ENOENT'; clause: string }[] = [
  { name: 'null', path: () => BAD_ADDR.null, errno: 'EFAULT', clause: 'ABI.FAULT' },
  { name: 'unmapped', path: () => BAD_ADDR.low, errno: 'EFAULT', clause: 'ABI.FAULT' },
  { name: 'past-data', path: () => BAD_ADDR.pastData, errno: 'EFAULT', clause: 'ABI.FAULT' },
  { name: 'kernel-address', path: () => BAD_ADDR.kernel, errno: 'EFAULT', clause: 'ABI.FAULT' },
  { name: 'empty', path: (p) => p.str(''), errno: 'ENOENT', clause: 'ABI.STRING.EMPTY' },
  { name: 'path-max', path: (p) => p.longPath(LIMIT.PATH_MAX), errno: 'ENAMETOOLONG', clause: 'ABI.STRING.TOOLONG' },
];

function emfile(name: string, description: string, who: Identity, build: (p: Prog) => void): CaseDef {
  return derivedCase(FILES, {
    id: `open-check/emfile/${name}`,
    description: `with all ${LIMIT.FD_MAX} handles in use, ${description}`,
    clauses: ['FD.TABLE.FULL', 'FS.OPEN.EMFILE'],
    boot: bootAs(who),
    build(b) {
      addImage(b);
      if (who === ROOT) setupTmpfs(b.p);
      b.p.fillTable();
      build(b.p);
    },
  });
}

function emfileCases(): CaseDef[] {
  const full = ['FD.TABLE.FULL', 'FS.OPEN.EMFILE'];
  return [
    emfile('existing', `open(${BASE_FILE.path}, O_RDONLY) fails EMFILE`, ROOT, (p) => {
      p.sys('open', p.str(BASE_FILE.path), O.RDONLY, 0).expectFail('open', full, 'EMFILE');
    }),
    emfile('missing', 'open of a missing path fails EMFILE, not ENOENT', ROOT, (p) => {
      p.sys('open', p.str('/tmp/nope'), O.RDONLY, 0).expectFail('open(/tmp/nope)', full, 'EMFILE');
    }),
    emfile('no-caps', 'open as a caller without capabilities fails EMFILE, not EACCES', NO_CAPS, (p) => {
      p.sys('open', p.str(BASE_FILE.path), O.RDONLY, 0).expectFail('open without capFsRead', full, 'EMFILE');
    }),
    emfile('creat', 'open(O_CREAT) of a missing tmpfs file fails EMFILE and creates nothing', ROOT, (p) => {
      p.sys('open', p.str('/tmp/new'), O.CREAT | O.WRONLY, 0).expectFail('open(/tmp/new, O_CREAT|O_WRONLY)', full, 'EMFILE');
      p.sys('stat', p.str('/tmp/new'), statBuf(p)).expectFail('stat(/tmp/new): nothing was created', full, 'ENOENT');
    }),
    emfile('trunc', 'open(O_TRUNC) of a tmpfs file fails EMFILE and truncates nothing', ROOT, (p) => {
      p.sys('open', p.str(TMP_FILE), O.TRUNC | O.WRONLY, 0).expectFail(`open(${TMP_FILE}, O_TRUNC|O_WRONLY)`, full, 'EMFILE');
      const st = statBuf(p);
      p.sys('stat', p.str(TMP_FILE), st).expectEq('stat succeeds', ['FS.STAT.NOCAP'], 0);
      p.expectU64(`the size is still ${TMP_TEXT.length}`, full, st + 8, TMP_TEXT.length);
    }),
    emfile('unknown-flags', 'open with an unknown flag bit fails EINVAL (argument validation comes first)', ROOT, (p) => {
      p.sys('open', p.str(BASE_FILE.path), O.RDONLY | 0x8, 0).expectFail('open with flag bit 0x8', ['ABI.FLAGS.UNKNOWN', 'FS.OPEN.EMFILE', 'ABI.CHECK.ORDER'], 'EINVAL');
    }),
    emfile('bad-path', 'open with an unmapped path fails EFAULT (argument validation comes first)', ROOT, (p) => {
      p.sys('open', BAD_ADDR.low, O.RDONLY, 0).expectFail('open with an unmapped path', ['ABI.FAULT', 'FS.OPEN.EMFILE', 'ABI.CHECK.ORDER'], 'EFAULT');
    }),
    emfile('one-free', 'with one number free open succeeds with handle 511, then fails EMFILE', ROOT, (p) => {
      p.sys('close', LIMIT.FD_MAX - 1).expectEq('close(511)', ['FD.CLOSE.RELEASE'], 0);
      p.sys('open', p.str(BASE_FILE.path), O.RDONLY, 0).expectEq('open returns the last free handle, 511', ['FS.OPEN.LOWEST', 'FD.ALLOC.LOWEST'], LIMIT.FD_MAX - 1);
      p.sys('open', p.str(BASE_FILE.path), O.RDONLY, 0).expectFail('a second open', full, 'EMFILE');
    }),
  ];
}

interface ConfineCase {
  readonly name: string;
  readonly path: string;
  readonly flags: number;
  readonly expect: { errno: 'EACCES' | 'ENOENT'; clause: string } | 'ok';
}

const CONFINED: readonly ConfineCase[] = [
  { name: 'outside-file', path: BASE_FILE.path, flags: O.RDONLY, expect: { errno: 'EACCES', clause: 'FS.CONFINE.DENY' } },
  { name: 'outside-missing', path: '/etc/nope', flags: O.RDONLY, expect: { errno: 'EACCES', clause: 'FS.CONFINE.DENY' } },
  { name: 'outside-dotdot', path: '/tmp/../etc/ts-base.txt', flags: O.RDONLY, expect: { errno: 'EACCES', clause: 'FS.CONFINE.DENY' } },
  { name: 'outside-relative', path: '../etc/ts-base.txt', flags: O.RDONLY, expect: { errno: 'EACCES', clause: 'FS.CONFINE.DENY' } },
  { name: 'outside-creat', path: '/etc/new', flags: O.CREAT | O.WRONLY, expect: { errno: 'EACCES', clause: 'FS.CONFINE.DENY' } },
  { name: 'root', path: '/', flags: O.RDONLY, expect: { errno: 'EACCES', clause: 'FS.CONFINE.DENY' } },
  { name: 'inside-file', path: TMP_FILE, flags: O.RDONLY, expect: 'ok' },
  { name: 'inside-relative', path: 'f', flags: O.RDONLY, expect: 'ok' },
  { name: 'inside-dotdot', path: '/tmp/d/../f', flags: O.RDONLY, expect: 'ok' },
  { name: 'inside-missing', path: '/tmp/nope', flags: O.RDONLY, expect: { errno: 'ENOENT', clause: 'FS.PATH.NOENT' } },
  { name: 'inside-creat', path: '/tmp/new', flags: O.CREAT | O.WRONLY, expect: 'ok' },
];

function confined(c: ConfineCase): CaseDef {
  return derivedCase(FILES, {
    id: `open-check/confined/${c.name}`,
    description: `confined to /tmp, open(${c.path}, 0x${c.flags.toString(16)}) ${c.expect === 'ok' ? 'succeeds' : `fails ${c.expect.errno} (${c.expect.clause})`}`,
    clauses: ['FS.CONFINE.SUBTREE', 'SEC.CONFINE.NARROW'],
    build(b) {
      const { p } = b;
      addImage(b);
      setupTmpfs(p);
      p.sys('confine', p.str('/tmp')).expectEq('confine(/tmp) returns 0', ['SEC.CONFINE.NARROW'], 0);
      p.sys('open', p.str(c.path), c.flags, 0);
      if (c.expect === 'ok') p.expectEq(`open(${c.path}) returns handle 3`, ['FS.PATH.RESOLVE', 'FS.OPEN.LOWEST', 'SEC.CONFINE.CWD'], 3);
      else p.expectFail(`open(${c.path})`, [c.expect.clause], c.expect.errno);
    },
  });
}

interface ResolveCase {
  readonly name: string;
  readonly path: string;
  readonly flags: number;
  readonly cwd?: string;
  readonly expect: { errno: 'ENOTDIR' | 'EISDIR' | 'ENOENT' | 'ENAMETOOLONG'; clause: string } | { type: number; text?: string };
}

const RESOLVE: readonly ResolveCase[] = [
  { name: 'dot', path: '/tmp/./f', flags: O.RDONLY, expect: { type: S.IFREG, text: TMP_TEXT } },
  { name: 'double-slash', path: '//tmp//f', flags: O.RDONLY, expect: { type: S.IFREG, text: TMP_TEXT } },
  { name: 'dotdot', path: '/tmp/d/../f', flags: O.RDONLY, expect: { type: S.IFREG, text: TMP_TEXT } },
  { name: 'root-parent', path: '/../../tmp/f', flags: O.RDONLY, expect: { type: S.IFREG, text: TMP_TEXT } },
  { name: 'relative-cwd', path: 'f', cwd: '/tmp', flags: O.RDONLY, expect: { type: S.IFREG, text: TMP_TEXT } },
  { name: 'relative-dotdot', path: '../f', cwd: TMP_DIR, flags: O.RDONLY, expect: { type: S.IFREG, text: TMP_TEXT } },
  { name: 'relative-base', path: 'ts-base.txt', cwd: '/etc', flags: O.RDONLY, expect: { type: S.IFREG, text: BASE_FILE.text } },
  { name: 'root', path: '/', flags: O.RDONLY, expect: { type: S.IFDIR } },
  { name: 'dir-dot', path: '/tmp/d/.', flags: O.RDONLY, expect: { type: S.IFDIR } },
  { name: 'dir-slash', path: '/tmp/d/', flags: O.RDONLY, expect: { type: S.IFDIR } },
  { name: 'file-slash', path: '/tmp/f/', flags: O.RDONLY, expect: { errno: 'ENOTDIR', clause: 'FS.PATH.TRAILSLASH' } },
  { name: 'base-file-slash', path: `${BASE_FILE.path}/`, flags: O.RDONLY, expect: { errno: 'ENOTDIR', clause: 'FS.PATH.TRAILSLASH' } },
  { name: 'creat-slash', path: '/tmp/new/', flags: O.CREAT | O.WRONLY, expect: { errno: 'EISDIR', clause: 'FS.PATH.TRAILSLASH' } },
  { name: 'file-as-dir', path: '/tmp/f/x', flags: O.RDONLY, expect: { errno: 'ENOTDIR', clause: 'FS.PATH.NOTDIR' } },
  { name: 'file-as-dir-creat', path: '/tmp/f/x', flags: O.CREAT | O.WRONLY, expect: { errno: 'ENOTDIR', clause: 'FS.PATH.NOTDIR' } },
  { name: 'dev-as-dir', path: '/dev/null/x', flags: O.RDONLY, expect: { errno: 'ENOTDIR', clause: 'FS.PATH.NOTDIR' } },
  { name: 'missing-dir-creat', path: '/tmp/nodir/x', flags: O.CREAT | O.WRONLY, expect: { errno: 'ENOENT', clause: 'FS.PATH.NOENT' } },
  { name: 'name-255', path: `/tmp/${'n'.repeat(255)}`, flags: O.RDONLY, expect: { errno: 'ENOENT', clause: 'FS.PATH.NOENT' } },
  { name: 'name-255-creat', path: `/tmp/${'n'.repeat(255)}`, flags: O.CREAT | O.WRONLY, expect: { type: S.IFREG, text: '' } },
  { name: 'name-256', path: `/tmp/${'n'.repeat(256)}`, flags: O.RDONLY, expect: { errno: 'ENAMETOOLONG', clause: 'FS.PATH.NAMEMAX' } },
  { name: 'name-256-creat', path: `/tmp/${'n'.repeat(256)}`, flags: O.CREAT | O.WRONLY, expect: { errno: 'ENAMETOOLONG', clause: 'FS.PATH.NAMEMAX' } },
  { name: 'name-256-inner', path: `/tmp/${'n'.repeat(256)}/f`, flags: O.RDONLY, expect: { errno: 'ENAMETOOLONG', clause: 'FS.PATH.NAMEMAX' } },
  { name: 'path-4095', path: `/${'d/'.repeat(2046)}x`, flags: O.RDONLY, expect: { errno: 'ENOENT', clause: 'FS.PATH.NOENT' } },
];

function resolveCase(c: ResolveCase): CaseDef {
  return derivedCase(FILES, {
    id: `open-check/resolve/${c.name}`,
    description: `open(${c.path.length > 40 ? `${c.path.slice(0, 20)}... (${c.path.length} bytes)` : c.path}, 0x${c.flags.toString(16)})${c.cwd ? ` from ${c.cwd}` : ''} ${'errno' in c.expect ? `fails ${c.expect.errno} (${c.expect.clause})` : 'opens the node the path names'}`,
    clauses: ['FS.PATH.RESOLVE'],
    build(b) {
      const { p } = b;
      addImage(b);
      setupTmpfs(p);
      if (c.cwd) p.sys('chdir', p.str(c.cwd)).expectEq(`chdir(${c.cwd})`, ['FS.CHDIR.SET'], 0);
      p.sys('open', p.str(c.path), c.flags, 0);
      if ('errno' in c.expect) {
        p.expectFail('open', [c.expect.clause], c.expect.errno);
        return;
      }
      p.expectEq('open returns handle 3', ['FS.PATH.RESOLVE', 'FS.OPEN.LOWEST'], 3);
      const st = statBuf(p);
      p.sys('fstat', 3, st);
      expectModeType(p, `the node is ${c.expect.type === S.IFDIR ? 'a directory' : 'a regular file'}`, ['FS.PATH.RESOLVE', 'FS.STAT.RECORD'], st, c.expect.type);
      if (c.expect.text !== undefined && c.flags === O.RDONLY) {
        const buf = p.space(64);
        p.sys('read', 3, buf, 64).expectEq(`read returns the ${c.expect.text.length} bytes of the file`, ['FS.PATH.RESOLVE', 'FD.READ.OFFSET'], c.expect.text.length);
        p.expectMem('the contents are the file\'s', ['FS.PATH.RESOLVE'], buf, bytesOf(c.expect.text));
      }
    },
  });
}

function modeIgnored(mode: number): CaseDef {
  return derivedCase(FILES, {
    id: `open-check/mode-ignored/${mode.toString(8)}`,
    description: `open(O_CREAT) with mode 0${mode.toString(8)} creates a 0644 file owned by the caller (the mode argument is ignored)`,
    boot: bootAs(USER),
    build({ p }) {
      p.sys('open', p.str('/tmp/m'), O.CREAT | O.RDWR, mode).expectEq('open returns handle 3', ['FS.OPEN.CREAT'], 3);
      const st = statBuf(p);
      p.sys('stat', p.str('/tmp/m'), st).expectEq('stat succeeds', ['FS.STAT.NOCAP'], 0);
      p.expectRecord('stat: S_IFREG|0644, owner 2, size 0, nlink 1', ['FS.OPEN.MODE', 'FS.TMPFS.OWNER', 'FS.STAT.OWNER'], st, 'stat',
        { st_mode: S.IFREG | 0o644, st_uid: USER.principal, st_size: 0n, st_gid: USER.principal, st_nlink: 1 }, 0, 24);
    },
  });
}

/** The seed's own example files: /etc/motd opens for reading, never for writing. */
function motd(acc: number, who: Identity): CaseDef {
  const name = acc === O.RDONLY ? 'rdonly' : acc === O.WRONLY ? 'wronly' : 'rdwr';
  const expect = acc !== O.WRONLY && !hasCap(who, CAP.fsRead) ? 'EACCES-read'
    : acc !== O.RDONLY && !hasCap(who, CAP.tmpWrite) ? 'EACCES-write' : acc !== O.RDONLY ? 'EROFS' : null;
  return derivedCase(FILES, {
    id: `open-check/motd/${name}/${who.name}`,
    description: `open(/etc/motd, ${name}) as ${who.name}: ${expect?.slice(0, 6) ?? 'a read-only handle to a base-image file'}`,
    boot: bootAs(who),
    build({ p }) {
      p.sys('open', p.str('/etc/motd'), acc, 0);
      if (expect === 'EACCES-read') p.expectFail('open(/etc/motd) for reading without capFsRead', ['FS.OPEN.CAP.READ', 'SEC.CAP.ERRNO'], 'EACCES');
      else if (expect === 'EACCES-write') p.expectFail('open(/etc/motd) for writing without capTmpWrite', ['FS.OPEN.CAP.WRITE', 'SEC.CAP.ERRNO'], 'EACCES');
      else if (expect === 'EROFS') p.expectFail('open(/etc/motd) for writing', ['FS.BASE.ERRNO', 'FS.BASE.READONLY'], 'EROFS');
      else {
        p.expectEq('open returns handle 3', ['FS.OPEN.LOWEST'], 3);
        p.sys('fcntl', 3, F.GETFL, 0).expectEq('F_GETFL is O_RDONLY', ['FD.FCNTL.GETFL'], O.RDONLY);
        p.sys('write', 3, p.str('x'), 1).expectFail('write to the read-only handle', ['FD.RIGHTS.MISSING', 'FS.BASE.READONLY'], 'EBADF');
      }
    },
  });
}

export function openOrderCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const bit of UNKNOWN_BITS) out.push(unknownBit(bit, ROOT, BASE_FILE.path));
  for (const bit of [0x8, 0x1000, 0x8000_0000]) out.push(unknownBit(bit, NO_CAPS, '/tmp/nope'));
  for (const k of KINDS) if (!k.tmpfs) out.push(accmode3(k.name, ROOT, 0));
  for (const k of ['base-file', 'missing-tmpfs']) {
    out.push(accmode3(k, NO_CAPS, 0));
    out.push(accmode3(k, ROOT, O.CREAT));
  }
  for (const a of PATH_ARGS) {
    out.push(pathArgument(a.name, a.path, a.errno, a.clause, O.RDONLY, ROOT));
    out.push(pathArgument(a.name, a.path, a.errno, a.clause, O.RDONLY | 0x8, ROOT));
    out.push(pathArgument(a.name, a.path, a.errno, a.clause, 3, NO_CAPS));
  }
  out.push(...emfileCases());
  out.push(...CONFINED.map(confined));
  out.push(...RESOLVE.map(resolveCase));
  out.push(...[0, 0o777, 0o4755, 0o7777, 0xffff_ffff].map(modeIgnored));
  for (const acc of [O.RDONLY, O.WRONLY, O.RDWR]) for (const who of [ROOT, GUEST, READ_ONLY, WRITE_ONLY]) out.push(motd(acc, who));
  return out;
}
