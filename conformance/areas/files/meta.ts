// stat / fstat (the 32-byte record decoded in guest memory and compared with a record the spec
// codec builds), getdents (dirent records of known directories, paging, rewinding, EINVAL for a
// buffer too small), getcwd / chdir.

import { encodeLayout, layout, waitStatusExited } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  BAD_ADDR, bootAs, DT, FILES, GUEST, type Identity, LIMIT, NO_CAPS, O, type Prog, ROOT, S, SEEK, USER,
} from './kit.js';
import { HANDLES, type Made } from './handles.js';
import {
  BASE_FILE, bytesOf, DEFAULT_DIR_MODE, DEFAULT_FILE_MODE, expectModeType, IMAGE_OWNER, setupTmpfs,
  statBuf, TMP_DIR, TMP_FILE, TMP_TEXT, TYPE_NAME,
} from './world.js';

// ---- stat ------------------------------------------------------------------------------------

interface StatTarget {
  readonly name: string;
  readonly path: string;
  /** The whole record except st_mtime, when the spec fixes it; else only the type. */
  readonly record?: { mode: number; owner: number; size: number };
  readonly type: number;
  /** Image files the case adds. */
  readonly files?: readonly { path: string; text: string; mode?: number }[];
  readonly tmpfs?: boolean;
  readonly clauses: readonly string[];
}

const STAT_TARGETS: readonly StatTarget[] = [
  { name: 'root', path: '/', type: S.IFDIR, clauses: [] },
  { name: 'etc', path: '/etc', type: S.IFDIR, clauses: [] },
  { name: 'etc-swos', path: '/etc/swos', type: S.IFDIR, clauses: [] },
  { name: 'bin', path: '/bin', type: S.IFDIR, clauses: [] },
  { name: 'dev', path: '/dev', type: S.IFDIR, clauses: ['FS.TMPFS.WHERE'] },
  { name: 'proc', path: '/proc', type: S.IFDIR, clauses: ['FS.TMPFS.WHERE'] },
  { name: 'tmp', path: '/tmp', type: S.IFDIR, clauses: ['FS.TMPFS.WHERE'] },
  { name: 'motd', path: '/etc/motd', type: S.IFREG, clauses: [] },
  { name: 'dev-null', path: '/dev/null', type: S.IFCHR, clauses: ['FS.GETDENTS.DTYPE'] },
  { name: 'dev-zero', path: '/dev/zero', type: S.IFCHR, clauses: [] },
  { name: 'dev-random', path: '/dev/random', type: S.IFCHR, clauses: [] },
  { name: 'dev-urandom', path: '/dev/urandom', type: S.IFCHR, clauses: [] },
  {
    name: 'image-file', path: BASE_FILE.path, type: S.IFREG, record: { mode: DEFAULT_FILE_MODE, owner: IMAGE_OWNER, size: BASE_FILE.text.length },
    files: [{ path: BASE_FILE.path, text: BASE_FILE.text }], clauses: ['FS.STAT.EXECBIN'],
  },
  {
    name: 'image-bin', path: '/bin/ts-tool', type: S.IFREG, record: { mode: 0o755, owner: IMAGE_OWNER, size: 7 },
    files: [{ path: '/bin/ts-tool', text: 'program' }], clauses: ['FS.STAT.EXECBIN'],
  },
  {
    name: 'image-mode', path: '/etc/ts-secret', type: S.IFREG, record: { mode: 0o600, owner: IMAGE_OWNER, size: 6 },
    files: [{ path: '/etc/ts-secret', text: 'secret', mode: 0o600 }], clauses: ['FS.STAT.EXECBIN'],
  },
  {
    name: 'image-empty', path: '/etc/ts-empty', type: S.IFREG, record: { mode: DEFAULT_FILE_MODE, owner: IMAGE_OWNER, size: 0 },
    files: [{ path: '/etc/ts-empty', text: '' }], clauses: [],
  },
  {
    name: 'image-implied-dir', path: '/opt/ts', type: S.IFDIR, record: { mode: DEFAULT_DIR_MODE, owner: IMAGE_OWNER, size: 0 },
    files: [{ path: '/opt/ts/data', text: 'x' }], clauses: [],
  },
  {
    name: 'image-deep-file', path: '/opt/ts/data', type: S.IFREG, record: { mode: DEFAULT_FILE_MODE, owner: IMAGE_OWNER, size: 1 },
    files: [{ path: '/opt/ts/data', text: 'x' }], clauses: [],
  },
  {
    name: 'tmpfs-file', path: TMP_FILE, type: S.IFREG, record: { mode: 0o644, owner: ROOT.principal, size: TMP_TEXT.length },
    tmpfs: true, clauses: ['FS.OPEN.MODE', 'FS.TMPFS.OWNER'],
  },
  {
    name: 'tmpfs-dir', path: TMP_DIR, type: S.IFDIR, record: { mode: 0o755, owner: ROOT.principal, size: 0 },
    tmpfs: true, clauses: ['FS.OPEN.MODE', 'FS.TMPFS.OWNER'],
  },
  { name: 'dotdot-of-etc', path: '/etc/..', type: S.IFDIR, clauses: ['FS.PATH.RESOLVE'] },
  { name: 'dir-slash', path: '/etc/swos/', type: S.IFDIR, clauses: ['FS.PATH.TRAILSLASH'] },
];

function statCase(t: StatTarget, who: Identity): CaseDef {
  const boot = t.tmpfs ? {} : bootAs(who);
  return derivedCase(FILES, {
    id: `meta/stat/${t.name}/${who.name}`,
    description: `stat(${t.path}) as ${who.name} (no capability needed) fills the record: ${TYPE_NAME[t.type]}${t.record ? `|0${t.record.mode.toString(8)}, owner ${t.record.owner}, size ${t.record.size}, nlink 1` : ''}`,
    clauses: ['FS.STAT.NOCAP', 'FS.STAT.RECORD', ...t.clauses],
    boot,
    build(b) {
      const { p } = b;
      for (const f of t.files ?? []) b.file({ path: f.path, data: bytesOf(f.text), ...(f.mode !== undefined ? { mode: f.mode } : {}) });
      if (t.tmpfs) {
        setupTmpfs(p);
        if (who !== ROOT) p.sys('login', who.principal, who.session, who.caps).expectEq(`set-up: login as ${who.name}`, ['SEC.LOGIN.REPLACE'], 0);
      }
      const st = statBuf(p);
      p.sys('stat', p.str(t.path), st).expectEq(`stat(${t.path}) returns 0`, ['FS.STAT.NOCAP', 'FS.STAT.RECORD'], 0);
      if (t.record) {
        const r = t.record;
        p.expectRecord(`st_mode ${TYPE_NAME[t.type]}|0${r.mode.toString(8)}, st_uid ${r.owner}, st_size ${r.size}, st_gid ${r.owner}, st_nlink 1`,
          ['FS.STAT.RECORD', 'FS.STAT.OWNER', 'FS.MODE.TYPES', ...t.clauses], st, 'stat',
          { st_mode: t.type | r.mode, st_uid: r.owner, st_size: BigInt(r.size), st_gid: r.owner, st_nlink: 1 }, 0, 24);
      } else {
        expectModeType(p, `the type bits are ${TYPE_NAME[t.type]}`, ['FS.STAT.RECORD', 'FS.MODE.TYPES', ...t.clauses], st, t.type);
        p.expectU32('st_nlink is 1', ['FS.STAT.OWNER'], st + 20, 1);
        if (t.type === S.IFDIR) p.expectU64('st_size of a directory is 0', ['FS.STAT.OWNER'], st + 8, 0);
      }
    },
  });
}

interface StatError {
  readonly name: string;
  readonly path: (p: Prog) => number | bigint;
  readonly buf?: number | bigint;
  readonly errno: 'ENOENT' | 'ENOTDIR' | 'EFAULT' | 'ENAMETOOLONG' | 'EACCES';
  readonly clause: string;
  readonly confine?: boolean;
  readonly text: string;
}

const STAT_ERRORS: readonly StatError[] = [
  { name: 'missing', path: (p) => p.str('/etc/nope'), errno: 'ENOENT', clause: 'FS.PATH.NOENT', text: '/etc/nope' },
  { name: 'missing-deep', path: (p) => p.str('/tmp/a/b/c'), errno: 'ENOENT', clause: 'FS.PATH.NOENT', text: '/tmp/a/b/c' },
  { name: 'through-file', path: (p) => p.str('/etc/motd/x'), errno: 'ENOTDIR', clause: 'FS.PATH.NOTDIR', text: '/etc/motd/x' },
  { name: 'through-dev', path: (p) => p.str('/dev/null/x'), errno: 'ENOTDIR', clause: 'FS.PATH.NOTDIR', text: '/dev/null/x' },
  { name: 'file-slash', path: (p) => p.str('/etc/motd/'), errno: 'ENOTDIR', clause: 'FS.PATH.TRAILSLASH', text: '/etc/motd/' },
  { name: 'empty', path: (p) => p.str(''), errno: 'ENOENT', clause: 'ABI.STRING.EMPTY', text: '""' },
  { name: 'null-path', path: () => BAD_ADDR.null, errno: 'EFAULT', clause: 'ABI.FAULT', text: 'NULL' },
  { name: 'unmapped-path', path: () => BAD_ADDR.low, errno: 'EFAULT', clause: 'ABI.FAULT', text: 'an unmapped path' },
  { name: 'too-long', path: (p) => p.longPath(LIMIT.PATH_MAX), errno: 'ENAMETOOLONG', clause: 'ABI.STRING.TOOLONG', text: `a ${LIMIT.PATH_MAX}-byte path` },
  { name: 'name-256', path: (p) => p.str(`/etc/${'x'.repeat(256)}`), errno: 'ENAMETOOLONG', clause: 'FS.PATH.NAMEMAX', text: 'a 256-byte name' },
  { name: 'null-buf', path: (p) => p.str('/etc'), buf: BAD_ADDR.null, errno: 'EFAULT', clause: 'ABI.FAULT', text: '/etc into NULL' },
  { name: 'code-buf', path: (p) => p.str('/etc'), buf: BAD_ADDR.code, errno: 'EFAULT', clause: 'ABI.FAULT', text: '/etc into read-only code' },
  { name: 'straddle-buf', path: (p) => p.str('/etc'), buf: BAD_ADDR.pastData - 16, errno: 'EFAULT', clause: 'ABI.FAULT', text: '/etc into a record past the data end' },
  { name: 'missing-null-buf', path: (p) => p.str('/etc/nope'), buf: BAD_ADDR.null, errno: 'EFAULT', clause: 'ABI.CHECK.ORDER', text: 'a missing path into NULL (arguments first)' },
  { name: 'confined', path: (p) => p.str('/etc'), errno: 'EACCES', clause: 'FS.CONFINE.DENY', confine: true, text: '/etc confined to /tmp' },
  { name: 'confined-missing', path: (p) => p.str('/etc/nope'), errno: 'EACCES', clause: 'FS.CONFINE.DENY', confine: true, text: 'a missing path confined to /tmp' },
];

function statError(e: StatError, who: Identity): CaseDef {
  return derivedCase(FILES, {
    id: `meta/stat-error/${e.name}/${who.name}`,
    description: `stat(${e.text}) as ${who.name} fails ${e.errno} (${e.clause}) and leaves the buffer alone`,
    boot: bootAs(who),
    build({ p }) {
      if (e.confine) p.sys('confine', p.str('/tmp')).expectEq('confine(/tmp)', ['SEC.CONFINE.NARROW'], 0);
      const st = statBuf(p);
      p.sys('stat', e.path(p), e.buf ?? st).expectFail('stat', [e.clause], e.errno);
      if (e.buf === undefined) p.expectMem('the stat buffer is untouched', [e.clause], st, new Uint8Array(32).fill(0xa5));
    },
  });
}

// ---- fstat on every kind ---------------------------------------------------------------------

function fstatCase(h: (typeof HANDLES)[number], who: Identity): CaseDef {
  const anon: readonly Made[] = ['pipe-read', 'pipe-write', 'eventfd', 'socketpair', 'pidfd', 'timerfd'];
  const file: readonly Made[] = ['file-rdwr', 'file-rdonly', 'file-wronly'];
  const extra: Partial<Record<Made, string>> = { eventfd: 'EVT.FSTAT', timerfd: 'TFD.FSTAT', socketpair: 'IPC.SOCKETPAIR.RIGHTS' };
  return derivedCase(FILES, {
    id: `meta/fstat/${h.name}/${who.name}`,
    description: `fstat on a ${h.name} handle as ${who.name} reports the record FD.FSTAT.KINDS gives that kind`,
    boot: bootAs(who),
    build(b) {
      const { p } = b;
      const fd = p.variable();
      h.make(b, fd);
      const st = statBuf(p);
      p.sys('fstat', fd, st);
      if (h.name === 'endpoint-send' || h.name === 'endpoint-recv') {
        p.expectFail('fstat on an endpoint end (no GETATTR)', ['FD.FSTAT.KINDS', 'FD.RIGHTS.MISSING', 'IPC.ENDPOINT.RIGHTS'], 'EACCES');
        p.expectMem('the buffer is untouched', ['FD.FSTAT.KINDS'], st, new Uint8Array(32).fill(0xa5));
        return;
      }
      p.expectEq('fstat returns 0', ['FS.STAT.RECORD'], 0);
      const me = who.principal;
      if (anon.includes(h.name)) {
        p.expectRecord(`S_IFIFO|0666, size 0, owner ${me} (the caller), nlink 1`, ['FD.FSTAT.KINDS', ...(extra[h.name] ? [extra[h.name]!] : [])], st, 'stat',
          { st_mode: S.IFIFO | 0o666, st_uid: me, st_size: 0n, st_gid: me, st_nlink: 1 }, 0, 24);
      } else if (h.name === 'tty-in' || h.name === 'tty-out') {
        p.expectU32('st_mode is S_IFCHR|0666', ['FD.FSTAT.KINDS'], st, S.IFCHR | 0o666);
      } else if (file.includes(h.name)) {
        p.expectRecord(`S_IFREG|0644, owner ${me}, size ${TMP_TEXT.length}: the node`, ['FD.FSTAT.KINDS', 'FS.STAT.RECORD', 'FS.TMPFS.OWNER'], st, 'stat',
          { st_mode: S.IFREG | 0o644, st_uid: me, st_size: BigInt(TMP_TEXT.length), st_gid: me, st_nlink: 1 }, 0, 24);
      } else if (h.name === 'base-file') {
        p.expectRecord(`S_IFREG|0644, owner 1, size ${BASE_FILE.text.length}: the node`, ['FD.FSTAT.KINDS', 'FS.STAT.RECORD'], st, 'stat',
          { st_mode: S.IFREG | 0o644, st_uid: 1, st_size: BigInt(BASE_FILE.text.length), st_gid: 1, st_nlink: 1 }, 0, 24);
      } else if (h.name === 'dir') {
        expectModeType(p, 'the node is S_IFDIR', ['FD.FSTAT.KINDS', 'FS.MODE.TYPES'], st, S.IFDIR);
      } else {
        expectModeType(p, 'the /dev node is S_IFCHR', ['FD.FSTAT.KINDS', 'FS.MODE.TYPES'], st, S.IFCHR);
      }
    },
  });
}

function fstatFault(addr: number | bigint, name: string): CaseDef {
  return derivedCase(FILES, {
    id: `meta/fstat-fault/${name}`,
    description: `fstat(fd 0, ${name}) fails EFAULT`,
    build({ p }) {
      p.sys('fstat', 0, addr).expectFail(`fstat into ${name}`, ['ABI.FAULT'], 'EFAULT');
    },
  });
}

// ---- getdents --------------------------------------------------------------------------------

interface Entry {
  readonly name: string;
  readonly type: number;
}

/** The directories whose entries are known: base-image defaults, /dev, and tmpfs made by the case. */
interface Listing {
  readonly name: string;
  readonly path: string;
  readonly entries: readonly Entry[];
  /** Creates the tmpfs entries (as root), in order. */
  readonly setup?: (p: Prog) => void;
  readonly clauses: readonly string[];
}

const reg = (name: string): Entry => ({ name, type: DT.REG });
const dir = (name: string): Entry => ({ name, type: DT.DIR });
const chr = (name: string): Entry => ({ name, type: DT.CHR });

function makeTmp(entries: readonly Entry[], base = '/tmp'): (p: Prog) => void {
  return (p) => {
    for (const e of entries) {
      const path = p.str(`${base}/${e.name}`);
      if (e.type === DT.DIR) p.sys('mkdir', path, 0o755).expectEq(`set-up: mkdir ${e.name}`, ['FS.MUTATE.CAP'], 0);
      else {
        p.sys('open', path, O.CREAT | O.WRONLY, 0).expectOk(`set-up: create ${e.name}`, ['FS.OPEN.CREAT']);
      }
    }
  };
}

const TMP_ENTRIES: readonly Entry[] = [reg('zeta'), dir('alpha'), reg('m'), reg('a-much-longer-file-name'), dir('b')];

const LISTINGS: readonly Listing[] = [
  { name: 'etc', path: '/etc', entries: [dir('swos'), reg('motd'), reg('hostname')], clauses: ['FS.GETDENTS.NODOTS'] },
  { name: 'etc-swos', path: '/etc/swos', entries: [reg('passwd'), reg('sudoers')], clauses: ['FS.GETDENTS.NODOTS'] },
  { name: 'dev', path: '/dev', entries: [chr('null'), chr('zero'), chr('random'), chr('urandom')], clauses: ['FS.GETDENTS.DTYPE', 'FS.DEV.NULL', 'FS.DEV.ZERO', 'FS.DEV.RANDOM'] },
  { name: 'root', path: '/', entries: [dir('bin'), dir('etc'), dir('dev'), dir('proc'), dir('tmp'), dir('net')], clauses: ['FS.TMPFS.WHERE'] },
  { name: 'tmp-created', path: '/tmp', entries: TMP_ENTRIES, setup: makeTmp(TMP_ENTRIES), clauses: ['FS.GETDENTS.NODOTS'] },
  {
    name: 'tmp-subdir', path: '/tmp/s', entries: [reg('one'), reg('two'), reg('three')],
    setup: (p) => {
      p.sys('mkdir', p.str('/tmp/s'), 0).expectEq('set-up: mkdir /tmp/s', ['FS.MUTATE.CAP'], 0);
      makeTmp([reg('one'), reg('two'), reg('three')], '/tmp/s')(p);
    },
    clauses: ['FS.GETDENTS.NODOTS'],
  },
  {
    name: 'tmp-after-unlink', path: '/tmp', entries: [reg('a'), reg('c'), reg('d')],
    setup: (p) => {
      makeTmp([reg('a'), reg('b'), reg('c')])(p);
      p.sys('unlink', p.str('/tmp/b')).expectEq('set-up: unlink /tmp/b', ['FS.MUTATE.WRITABLE'], 0);
      makeTmp([reg('d')])(p);
    },
    clauses: ['FS.GETDENTS.NODOTS', 'FS.UNLINK.OPEN'],
  },
  { name: 'tmp-empty', path: '/tmp', entries: [], clauses: ['FS.GETDENTS.END'] },
];

function recordOf(e: Entry, next: number): Uint8Array {
  return encodeLayout(layout('dirent'), { d_ino: 0n, d_off: BigInt(next), d_type: e.type, d_name: bytesOf(e.name) });
}

/** Bytes [8, 19 + namelen + 1) of a record: everything but d_ino and the padding. */
function checkRecord(p: Prog, at: number, e: Entry, next: number, clauses: readonly string[]): void {
  const rec = recordOf(e, next);
  p.expectMem(`record "${e.name}": d_off ${next}, d_reclen ${rec.length}, d_type ${e.type}, name`,
    ['FS.DIRENT.RECORD', 'FS.GETDENTS.RECORDS', 'FS.DTYPE.VALUES', ...clauses], at + 8, rec.slice(8, 19 + e.name.length + 1));
}

type Paging = 'all' | 'one-by-one' | 'two-then-rest' | 'rewind' | 'too-small' | 'unpadded' | 'zero-count' | 'after-end';

function getdentsCase(l: Listing, paging: Paging): CaseDef | null {
  const recs = l.entries.map((e, i) => recordOf(e, i + 1));
  const total = recs.reduce((n, r) => n + r.length, 0);
  if (l.entries.length === 0 && paging !== 'all' && paging !== 'zero-count') return null;
  if (paging === 'two-then-rest' && l.entries.length < 3) return null;
  if (paging === 'unpadded' && !l.entries.some((e, i) => (19 + e.name.length + 1) % 8 !== 0 && i >= 0)) return null;
  const describe: Record<Paging, string> = {
    all: 'one large buffer returns every record, then 0 at the end',
    'one-by-one': 'a buffer of exactly one record returns the records one at a time',
    'two-then-rest': 'a buffer holding two records and part of a third returns two, then the rest',
    rewind: 'after the end, lseek(fd, 0, SEEK_SET) rewinds the listing',
    'too-small': 'a buffer one byte smaller than the first record fails EINVAL and does not move the cursor',
    unpadded: 'a buffer that holds a name and its NUL but not the record padding fails EINVAL',
    'zero-count': l.entries.length === 0 ? 'count 0 on an empty directory returns 0' : 'count 0 fails EINVAL (nothing fits)',
    'after-end': 'lseek on a directory other than (0, SEEK_SET) fails EINVAL',
  };
  return derivedCase(FILES, {
    id: `meta/getdents/${l.name}/${paging}`,
    description: `getdents(${l.path}): ${describe[paging]}`,
    clauses: l.clauses,
    build({ p }) {
      l.setup?.(p);
      const fd = p.variable();
      p.call(fd, 'open', p.str(l.path), O.RDONLY, 0);
      p.expectOk(`open(${l.path}) as a directory`, ['FS.OPEN.DIR.WRITE']);
      const buf = p.bytes(new Uint8Array(Math.max(total, 64) + 64).fill(0xa5), 8);
      const all = (): void => {
        p.sys('getdents', fd, buf, total + 64).expectEq(`getdents returns all ${total} bytes`, ['FS.GETDENTS.RECORDS'], total);
        let at = buf;
        l.entries.forEach((e, i) => {
          checkRecord(p, at, e, i + 1, l.clauses);
          at += recs[i]!.length;
        });
      };
      const end = (): void => {
        p.sys('getdents', fd, buf, total + 64).expectEq('at the end getdents returns 0', ['FS.GETDENTS.END'], 0);
      };
      switch (paging) {
        case 'all':
          if (l.entries.length > 0) all();
          end();
          return;
        case 'one-by-one':
          l.entries.forEach((e, i) => {
            p.sys('getdents', fd, buf, recs[i]!.length).expectEq(`record ${i + 1}: ${recs[i]!.length} bytes`, ['FS.GETDENTS.RECORDS'], recs[i]!.length);
            checkRecord(p, buf, e, i + 1, l.clauses);
          });
          p.sys('getdents', fd, buf, 64).expectEq('then 0 at the end', ['FS.GETDENTS.END'], 0);
          return;
        case 'two-then-rest': {
          const two = recs[0]!.length + recs[1]!.length;
          p.sys('getdents', fd, buf, two + recs[2]!.length - 1).expectEq(`the first two records, ${two} bytes`, ['FS.GETDENTS.RECORDS'], two);
          checkRecord(p, buf, l.entries[0]!, 1, l.clauses);
          checkRecord(p, buf + recs[0]!.length, l.entries[1]!, 2, l.clauses);
          p.sys('getdents', fd, buf, total + 64).expectEq(`the rest, ${total - two} bytes`, ['FS.GETDENTS.RECORDS'], total - two);
          checkRecord(p, buf, l.entries[2]!, 3, l.clauses);
          end();
          return;
        }
        case 'rewind':
          all();
          end();
          p.sys('lseek', fd, 0, SEEK.SET).expectEq('lseek(fd, 0, SEEK_SET) returns 0', ['FS.LSEEK.DIR'], 0);
          p.sys('getdents', fd, buf, recs[0]!.length).expectEq('the first record again', ['FS.LSEEK.DIR', 'FS.GETDENTS.RECORDS'], recs[0]!.length);
          checkRecord(p, buf, l.entries[0]!, 1, l.clauses);
          return;
        case 'too-small':
          p.sys('getdents', fd, buf, recs[0]!.length - 1).expectFail(`getdents with count ${recs[0]!.length - 1}`, ['FS.GETDENTS.SMALL'], 'EINVAL');
          p.sys('getdents', fd, buf, recs[0]!.length).expectEq('the first record still comes next', ['FS.GETDENTS.SMALL', 'FS.GETDENTS.RECORDS'], recs[0]!.length);
          checkRecord(p, buf, l.entries[0]!, 1, l.clauses);
          return;
        case 'unpadded': {
          const i = l.entries.findIndex((e) => (19 + e.name.length + 1) % 8 !== 0);
          const before = recs.slice(0, i).reduce((n, r) => n + r.length, 0);
          if (before > 0) p.sys('getdents', fd, buf, before).expectEq(`the ${i} records before it`, ['FS.GETDENTS.RECORDS'], before);
          const bare = 19 + l.entries[i]!.name.length + 1;
          p.sys('getdents', fd, buf, bare).expectFail(`getdents with count ${bare} < d_reclen ${recs[i]!.length}`, ['FS.GETDENTS.SMALL', 'FS.GETDENTS.RECORDS'], 'EINVAL');
          return;
        }
        case 'zero-count':
          p.sys('getdents', fd, 0, 0);
          if (l.entries.length === 0) p.expectEq('getdents(fd, NULL, 0) on an empty directory returns 0', ['FS.GETDENTS.END', 'ABI.NULL.EMPTY'], 0);
          else p.expectFail('getdents(fd, NULL, 0)', ['FS.GETDENTS.SMALL', 'ABI.NULL.EMPTY'], 'EINVAL');
          return;
        case 'after-end':
          p.sys('lseek', fd, 1, SEEK.SET).expectFail('lseek(dir, 1, SEEK_SET)', ['FS.LSEEK.DIR'], 'EINVAL');
          p.sys('lseek', fd, 0, SEEK.END).expectFail('lseek(dir, 0, SEEK_END)', ['FS.LSEEK.DIR'], 'EINVAL');
          p.sys('getdents', fd, buf, recs[0]!.length).expectEq('the cursor did not move', ['FS.LSEEK.DIR'], recs[0]!.length);
          checkRecord(p, buf, l.entries[0]!, 1, l.clauses);
          return;
      }
    },
  });
}

interface GetdentsError {
  readonly name: string;
  readonly text: string;
  readonly build: (p: Prog) => void;
}

const GETDENTS_ERRORS: readonly GetdentsError[] = [
  {
    name: 'file', text: 'getdents on a file handle fails ENOTDIR',
    build: (p) => {
      p.sys('open', p.str('/etc/motd'), O.RDONLY, 0);
      p.sys('getdents', 3, p.space(64), 64).expectFail('getdents on /etc/motd', ['FD.KIND.WRONG'], 'ENOTDIR');
    },
  },
  { name: 'tty', text: 'getdents on the console fails ENOTDIR', build: (p) => { p.sys('getdents', 0, p.space(64), 64).expectFail('getdents on fd 0', ['FD.KIND.WRONG'], 'ENOTDIR'); } },
  {
    name: 'pipe', text: 'getdents on a pipe fails ENOTDIR',
    build: (p) => {
      p.sys('pipe', p.space(8, 8));
      p.sys('getdents', 3, p.space(64), 64).expectFail('getdents on a pipe read end', ['FD.KIND.WRONG'], 'ENOTDIR');
    },
  },
  {
    name: 'null-buf', text: 'getdents into NULL with count 64 fails EFAULT and does not move the cursor',
    build: (p) => {
      p.sys('open', p.str('/dev'), O.RDONLY, 0);
      p.sys('getdents', 3, BAD_ADDR.null, 64).expectFail('getdents into NULL', ['ABI.FAULT'], 'EFAULT');
      const buf = p.space(64, 8);
      p.sys('getdents', 3, buf, 24).expectEq('the first record still comes next', ['ABI.FAULT.NOEFFECT'], 24);
      checkRecord(p, buf, chr('null'), 1, []);
    },
  },
  {
    name: 'code-buf', text: 'getdents into the code segment fails EFAULT',
    build: (p) => {
      p.sys('open', p.str('/dev'), O.RDONLY, 0);
      p.sys('getdents', 3, BAD_ADDR.code, 64).expectFail('getdents into code', ['ABI.FAULT'], 'EFAULT');
    },
  },
];

function getdentsError(e: GetdentsError): CaseDef {
  return derivedCase(FILES, { id: `meta/getdents-error/${e.name}`, description: e.text, build: ({ p }) => e.build(p) });
}

// ---- getcwd / chdir --------------------------------------------------------------------------

const CHDIR_STEPS: readonly { readonly name: string; readonly steps: readonly [string, string][] }[] = [
  { name: 'initial', steps: [] },
  { name: 'absolute', steps: [['/etc', '/etc']] },
  { name: 'relative', steps: [['/etc', '/etc'], ['swos', '/etc/swos']] },
  { name: 'dotdot', steps: [['/etc/swos', '/etc/swos'], ['..', '/etc'], ['..', '/']] },
  { name: 'root-parent', steps: [['/', '/'], ['..', '/'], ['../../..', '/']] },
  { name: 'dot', steps: [['/dev', '/dev'], ['.', '/dev'], ['./.', '/dev']] },
  { name: 'messy', steps: [['/tmp/../etc/./swos', '/etc/swos'], ['//etc//', '/etc']] },
  { name: 'tmpfs', steps: [['/tmp/d', '/tmp/d'], ['../d/.', '/tmp/d']] },
  { name: 'trailing-slash', steps: [['/etc/swos/', '/etc/swos']] },
  { name: 'proc', steps: [['/proc', '/proc']] },
];

function cwdCase(c: (typeof CHDIR_STEPS)[number], who: Identity): CaseDef {
  return derivedCase(FILES, {
    id: `meta/cwd/${c.name}/${who.name}`,
    description: `as ${who.name}: ${c.steps.length ? c.steps.map(([to]) => `chdir(${to})`).join(', ') : 'at start'}; getcwd returns the absolute path and its length`,
    boot: bootAs(who),
    build({ p }) {
      if (c.steps.some(([to]) => to.startsWith('/tmp/d'))) p.sys('mkdir', p.str(TMP_DIR), 0).expectEq('set-up: mkdir /tmp/d', ['FS.MUTATE.CAP'], 0);
      const buf = p.bytes(new Uint8Array(80).fill(0xa5));
      const check = (cwd: string): void => {
        p.sys('getcwd', buf, 80).expectEq(`getcwd returns ${cwd.length} for "${cwd}"`, ['FS.GETCWD.RETURN', 'FS.GETCWD.PATH'], cwd.length);
        const want = new Uint8Array(cwd.length + 1);
        want.set(bytesOf(cwd));
        p.expectMem(`the buffer holds "${cwd}" and a NUL`, ['FS.GETCWD.PATH'], buf, want);
      };
      if (c.steps.length === 0) check('/');
      for (const [to, cwd] of c.steps) {
        p.sys('chdir', p.str(to)).expectEq(`chdir(${to}) returns 0`, ['FS.CHDIR.SET', 'FS.PATH.RESOLVE'], 0);
        check(cwd);
      }
    },
  });
}

interface ChdirError {
  readonly name: string;
  readonly path: (p: Prog) => number | bigint;
  readonly text: string;
  readonly errno: 'ENOENT' | 'ENOTDIR' | 'EFAULT' | 'ENAMETOOLONG' | 'EACCES';
  readonly clause: string;
  readonly confine?: boolean;
}

const CHDIR_ERRORS: readonly ChdirError[] = [
  { name: 'missing', path: (p) => p.str('/etc/nope'), text: '/etc/nope', errno: 'ENOENT', clause: 'FS.PATH.NOENT' },
  { name: 'file', path: (p) => p.str('/etc/motd'), text: '/etc/motd', errno: 'ENOTDIR', clause: 'FS.CHDIR.NOTDIR' },
  { name: 'device', path: (p) => p.str('/dev/null'), text: '/dev/null', errno: 'ENOTDIR', clause: 'FS.CHDIR.NOTDIR' },
  { name: 'through-file', path: (p) => p.str('/etc/motd/x'), text: '/etc/motd/x', errno: 'ENOTDIR', clause: 'FS.PATH.NOTDIR' },
  { name: 'empty', path: (p) => p.str(''), text: '""', errno: 'ENOENT', clause: 'ABI.STRING.EMPTY' },
  { name: 'null', path: () => BAD_ADDR.null, text: 'NULL', errno: 'EFAULT', clause: 'ABI.FAULT' },
  { name: 'too-long', path: (p) => p.longPath(LIMIT.PATH_MAX), text: `a ${LIMIT.PATH_MAX}-byte path`, errno: 'ENAMETOOLONG', clause: 'ABI.STRING.TOOLONG' },
  { name: 'confined', path: (p) => p.str('/etc'), text: '/etc confined to /tmp', errno: 'EACCES', clause: 'FS.CONFINE.DENY', confine: true },
  { name: 'confined-dotdot', path: (p) => p.str('..'), text: '.. from the confinement root /tmp', errno: 'EACCES', clause: 'FS.CONFINE.DENY', confine: true },
];

function chdirError(e: ChdirError): CaseDef {
  return derivedCase(FILES, {
    id: `meta/chdir-error/${e.name}`,
    description: `chdir(${e.text}) fails ${e.errno} (${e.clause}) and the current directory stays`,
    build({ p }) {
      const start = e.confine ? '/tmp' : '/etc/swos';
      if (e.confine) p.sys('confine', p.str('/tmp')).expectEq('confine(/tmp)', ['SEC.CONFINE.NARROW', 'SEC.CONFINE.CWD'], 0);
      else p.sys('chdir', p.str(start)).expectEq(`chdir(${start})`, ['FS.CHDIR.SET'], 0);
      p.sys('chdir', e.path(p)).expectFail(`chdir(${e.text})`, [e.clause], e.errno);
      const buf = p.space(64);
      p.sys('getcwd', buf, 64).expectEq(`the cwd is still ${start}`, ['FS.GETCWD.PATH', e.clause], start.length);
      const want = new Uint8Array(start.length + 1);
      want.set(bytesOf(start));
      p.expectMem(`getcwd reads "${start}"`, ['FS.GETCWD.PATH'], buf, want);
    },
  });
}

interface GetcwdCase {
  readonly name: string;
  readonly cwd: string;
  readonly buf: 'data' | 'null' | 'code' | 'straddle';
  readonly size: (cwd: string) => number;
  readonly expect: 'ok' | 'ERANGE' | 'EINVAL' | 'EFAULT';
  readonly clause: string;
}

const GETCWD: readonly GetcwdCase[] = [
  { name: 'exact', cwd: '/etc/swos', buf: 'data', size: (c) => c.length + 1, expect: 'ok', clause: 'FS.GETCWD.PATH' },
  { name: 'exact-root', cwd: '/', buf: 'data', size: () => 2, expect: 'ok', clause: 'FS.GETCWD.PATH' },
  { name: 'no-room-for-nul', cwd: '/etc/swos', buf: 'data', size: (c) => c.length, expect: 'ERANGE', clause: 'FS.GETCWD.RANGE' },
  { name: 'root-size-1', cwd: '/', buf: 'data', size: () => 1, expect: 'ERANGE', clause: 'FS.GETCWD.RANGE' },
  { name: 'half', cwd: '/etc/swos', buf: 'data', size: () => 4, expect: 'ERANGE', clause: 'FS.GETCWD.RANGE' },
  { name: 'size-0', cwd: '/etc', buf: 'data', size: () => 0, expect: 'EINVAL', clause: 'ABI.LENGTH.BOUNDS' },
  { name: 'null-size-0', cwd: '/etc', buf: 'null', size: () => 0, expect: 'EINVAL', clause: 'ABI.LENGTH.BOUNDS' },
  { name: 'null', cwd: '/etc', buf: 'null', size: () => 64, expect: 'EFAULT', clause: 'ABI.FAULT' },
  { name: 'null-small', cwd: '/etc', buf: 'null', size: () => 1, expect: 'EFAULT', clause: 'ABI.FAULT' },
  { name: 'code', cwd: '/etc', buf: 'code', size: () => 64, expect: 'EFAULT', clause: 'ABI.FAULT' },
  { name: 'straddle', cwd: '/etc', buf: 'straddle', size: () => 64, expect: 'EFAULT', clause: 'ABI.FAULT' },
];

function getcwdCase(g: GetcwdCase): CaseDef {
  return derivedCase(FILES, {
    id: `meta/getcwd/${g.name}`,
    description: `in ${g.cwd}, getcwd with a ${g.buf} buffer of ${g.size(g.cwd)} bytes ${g.expect === 'ok' ? 'fits exactly' : `fails ${g.expect} (${g.clause})`}`,
    build({ p }) {
      if (g.cwd !== '/') p.sys('chdir', p.str(g.cwd)).expectEq(`chdir(${g.cwd})`, ['FS.CHDIR.SET'], 0);
      const data = p.bytes(new Uint8Array(64).fill(0xa5));
      const addr = g.buf === 'data' ? data : g.buf === 'null' ? BAD_ADDR.null : g.buf === 'code' ? BAD_ADDR.code : BAD_ADDR.pastData - 8;
      const size = g.size(g.cwd);
      p.sys('getcwd', addr, size);
      if (g.expect === 'ok') {
        p.expectEq(`getcwd returns ${g.cwd.length}`, ['FS.GETCWD.RETURN', g.clause], g.cwd.length);
        const want = new Uint8Array(g.cwd.length + 2).fill(0xa5);
        want.set(bytesOf(g.cwd));
        want[g.cwd.length] = 0;
        p.expectMem('the path, its NUL, and nothing past size', [g.clause], data, want);
      } else {
        p.expectFail(`getcwd(size ${size})`, [g.clause], g.expect);
        if (g.buf === 'data') p.expectMem('the buffer is untouched', [g.clause], data, new Uint8Array(64).fill(0xa5));
      }
    },
  });
}

function cwdFork(): CaseDef {
  return derivedCase(FILES, {
    id: 'meta/cwd/fork',
    description: 'a forked child starts in its parent\'s directory; its own chdir does not move the parent',
    build({ p }) {
      p.sys('chdir', p.str('/etc')).expectEq('chdir(/etc)', ['FS.CHDIR.SET'], 0);
      const pid = p.variable();
      const buf = p.space(64);
      p.fork(pid, () => {
        p.sys('getcwd', buf, 64);
        p.exitUnless(4, 1);
        p.sys('chdir', p.str('/dev'));
        p.exit(0);
      });
      p.expectWaitStatus('the child saw /etc (exit 0)', ['PROC.FORK.IDENTITY', 'FS.CHDIR.SET'], pid, waitStatusExited(0));
      p.sys('getcwd', buf, 64).expectEq('the parent is still in /etc', ['FS.CHDIR.SET'], 4);
    },
  });
}

export function metaCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const t of STAT_TARGETS) for (const who of [ROOT, GUEST]) out.push(statCase(t, who));
  for (const e of STAT_ERRORS) for (const who of [ROOT, NO_CAPS]) out.push(statError(e, who));
  for (const h of HANDLES) for (const who of [ROOT, USER]) out.push(fstatCase(h, who));
  out.push(fstatFault(BAD_ADDR.null, 'null'), fstatFault(BAD_ADDR.code, 'code'), fstatFault(BAD_ADDR.low, 'unmapped'), fstatFault(BAD_ADDR.pastData - 8, 'straddle'));
  const pagings: Paging[] = ['all', 'one-by-one', 'two-then-rest', 'rewind', 'too-small', 'unpadded', 'zero-count', 'after-end'];
  for (const l of LISTINGS) for (const pg of pagings) {
    const c = getdentsCase(l, pg);
    if (c) out.push(c);
  }
  out.push(...GETDENTS_ERRORS.map(getdentsError));
  for (const c of CHDIR_STEPS) for (const who of [ROOT, GUEST]) {
    if (who === GUEST && c.name === 'tmpfs') continue;
    out.push(cwdCase(c, who));
  }
  out.push(...CHDIR_ERRORS.map(chdirError), ...GETCWD.map(getcwdCase), cwdFork());
  return out;
}
