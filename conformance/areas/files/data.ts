// The persistent /data tree (boot option `data`, FS.DATA.MACHINE): present only when configured,
// holding the case's files under /data/; writable like tmpfs (FS.MUTATE.WRITABLE); a mount point
// (FS.RMDIR.ROOT, FS.RENAME.ROOT); no rename to or from tmpfs (FS.RENAME.CROSSFS); fsync flushes
// /data nodes and, with a failing disk (data.failFlush), fails EIO there only (FS.FSYNC.*).
// What each flush wrote back is visible in the kernel log: system area, family data-flush.

import type { BootSpec, CaseDef, CaseFile } from '../../model.js';
import type { Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { bootAs, FILES, GUEST, type Identity, O, ROOT, S, USER, type Prog } from './kit.js';
import { bytesOf, statBuf } from './world.js';

const STATE = { path: '/data/app/state', text: 'state v1\n', mode: 0o644 } as const;
const NOTE = { path: '/data/note', text: 'note\n', mode: 0o600 } as const;
const TMP = { path: '/tmp/t', text: 'tmpfs\n' } as const;
/** Image owner of /data and its files (FS.DATA.MACHINE: principal 1). */
const OWNER = 1;

const DATA_FILES: readonly CaseFile[] = [
  { path: STATE.path, data: bytesOf(STATE.text) },
  { path: NOTE.path, data: bytesOf(NOTE.text), mode: NOTE.mode },
];

const WITH_DATA: BootSpec = { data: {} };
const FAILING: BootSpec = { data: { failFlush: true } };
const MACHINE = ['FS.DATA.MACHINE', 'FS.TMPFS.WHERE'];

function dataBoot(id: Identity, boot: BootSpec = WITH_DATA): BootSpec {
  return { ...boot, ...bootAs(id) };
}

// ---- program helpers -------------------------------------------------------------------------

interface Node {
  readonly type: number;
  readonly mode: number;
  readonly owner: number;
  readonly size: number;
}

function expectStat(p: Prog, path: string, n: Node, clauses: readonly string[]): void {
  const st = statBuf(p);
  p.sys('stat', p.str(path), st).expectEq(`stat(${path}) returns 0`, ['FS.STAT.RECORD', ...clauses], 0);
  const type = n.type === S.IFDIR ? 'S_IFDIR' : 'S_IFREG';
  p.expectRecord(`${path}: ${type}|0${n.mode.toString(8)}, owner ${n.owner}, size ${n.size}`, ['FS.STAT.RECORD', 'FS.STAT.OWNER', ...clauses], st, 'stat',
    { st_mode: n.type | n.mode, st_uid: n.owner, st_size: BigInt(n.size), st_gid: n.owner, st_nlink: 1 }, 0, 24);
}

function expectMissing(p: Prog, path: string, why: string, clauses: readonly string[]): void {
  p.sys('stat', p.str(path), statBuf(p)).expectFail(`stat(${path}) ${why}:`, ['FS.PATH.NOENT', ...clauses], 'ENOENT');
}

/** Opens `path` read-only into `fd`, reads it whole and compares, closes. */
function expectContents(p: Prog, fd: Reg, path: string, text: string, clauses: readonly string[]): void {
  const want = bytesOf(text);
  const buf = p.space(want.length + 16, 8);
  p.call(fd, 'open', p.str(path), O.RDONLY, 0);
  p.expectCmp(`open(${path}, O_RDONLY) succeeds`, ['FS.OPEN.CAP.READ'], 'ge', 0, fd);
  p.sys('read', fd, buf, want.length + 16).expectEq(`read returns its ${want.length} bytes`, ['FD.READ.OFFSET', ...clauses], want.length);
  p.expectMem(`${path} holds ${JSON.stringify(text)}`, clauses, buf, want);
  p.sys('close', fd);
}

/** Creates /tmp/t holding TMP.text (as the booted identity, which holds capTmpWrite). */
function makeTmp(p: Prog, fd: Reg): void {
  const text = bytesOf(TMP.text);
  p.call(fd, 'open', p.str(TMP.path), O.CREAT | O.WRONLY, 0o644);
  p.expectCmp(`set-up: create ${TMP.path}`, ['FS.OPEN.CREAT'], 'ge', 0, fd);
  p.sys('write', fd, p.bytes(text), text.length).expectEq('set-up: write it', ['FD.WRITE.OFFSET'], text.length);
  p.sys('close', fd);
}

interface DataCase {
  readonly id: string;
  readonly description: string;
  readonly boot?: BootSpec;
  readonly files?: boolean;
  readonly body: (p: Prog, fd: Reg) => void;
}

function dataCase(c: DataCase): CaseDef {
  return derivedCase(FILES, {
    id: `data/${c.id}`,
    description: c.description,
    boot: c.boot ?? WITH_DATA,
    build({ p, file }) {
      if (c.files !== false) file(...DATA_FILES);
      c.body(p, p.variable());
    },
  });
}

// ---- the tree ----------------------------------------------------------------------------------

function treeCases(): CaseDef[] {
  return [
    dataCase({
      id: 'absent',
      description: 'without the data boot option there is no /data, and it cannot be made: "/" is the base image',
      boot: {},
      files: false,
      body(p) {
        expectMissing(p, '/data', 'fails: no /data without the option', MACHINE);
        p.sys('mkdir', p.str('/data'), 0o755).expectFail('mkdir(/data) in the base image', ['FS.BASE.ERRNO', 'FS.MUTATE.WRITABLE'], 'EROFS');
      },
    }),
    dataCase({
      id: 'tree',
      description: '/data is a 0755 directory of principal 1 holding the image files under /data/ with their modes, implied directories 0755',
      body(p, fd) {
        expectStat(p, '/data', { type: S.IFDIR, mode: 0o755, owner: OWNER, size: 0 }, MACHINE);
        expectStat(p, '/data/app', { type: S.IFDIR, mode: 0o755, owner: OWNER, size: 0 }, ['FS.DATA.MACHINE']);
        expectStat(p, STATE.path, { type: S.IFREG, mode: STATE.mode, owner: OWNER, size: STATE.text.length }, ['FS.DATA.MACHINE']);
        expectStat(p, NOTE.path, { type: S.IFREG, mode: NOTE.mode, owner: OWNER, size: NOTE.text.length }, ['FS.DATA.MACHINE']);
        expectContents(p, fd, STATE.path, STATE.text, ['FS.DATA.MACHINE']);
      },
    }),
  ];
}

// ---- writable nodes ------------------------------------------------------------------------------

interface Mutation {
  readonly id: string;
  readonly what: string;
  readonly run: (p: Prog, fd: Reg, who: Identity) => void;
}

const MUTATIONS: readonly Mutation[] = [
  {
    id: 'write-image-file',
    what: 'an image file of /data opens O_RDWR (not EROFS as in the base image) and takes a write',
    run(p, fd) {
      p.call(fd, 'open', p.str(NOTE.path), O.RDWR, 0);
      p.expectCmp(`open(${NOTE.path}, O_RDWR) succeeds`, ['FS.MUTATE.WRITABLE', 'FS.DATA.MACHINE', 'FS.OPEN.CAP.WRITE'], 'ge', 0, fd);
      const text = bytesOf('NEW');
      p.sys('write', fd, p.bytes(text), text.length).expectEq('write returns 3', ['FD.WRITE.OFFSET'], 3);
      p.sys('close', fd);
      expectContents(p, fd, NOTE.path, 'NEW' + NOTE.text.slice(3), ['FD.WRITE.OFFSET', 'FS.MUTATE.WRITABLE']);
    },
  },
  {
    id: 'truncate-image-file',
    what: 'O_TRUNC empties an image file of /data',
    run(p, fd) {
      p.call(fd, 'open', p.str(STATE.path), O.WRONLY | O.TRUNC, 0);
      p.expectCmp(`open(${STATE.path}, O_WRONLY|O_TRUNC) succeeds`, ['FS.MUTATE.WRITABLE', 'FS.OPEN.TRUNC'], 'ge', 0, fd);
      p.sys('close', fd);
      expectStat(p, STATE.path, { type: S.IFREG, mode: STATE.mode, owner: OWNER, size: 0 }, ['FS.OPEN.TRUNC']);
    },
  },
  {
    id: 'create',
    what: 'open O_CREAT makes a /data file 0644 owned by the caller',
    run(p, fd, who) {
      p.call(fd, 'open', p.str('/data/new'), O.CREAT | O.WRONLY, 0o777);
      p.expectCmp('open(/data/new, O_CREAT|O_WRONLY) succeeds', ['FS.OPEN.CREAT', 'FS.MUTATE.WRITABLE'], 'ge', 0, fd);
      p.sys('close', fd);
      expectStat(p, '/data/new', { type: S.IFREG, mode: 0o644, owner: who.principal, size: 0 }, ['FS.OPEN.MODE', 'FS.TMPFS.OWNER', 'FS.DATA.MACHINE']);
    },
  },
  {
    id: 'mkdir-rmdir',
    what: 'mkdir makes a 0755 directory owned by the caller; rmdir removes it',
    run(p, _fd, who) {
      p.sys('mkdir', p.str('/data/dir'), 0o700).expectEq('mkdir(/data/dir) returns 0', ['FS.MUTATE.WRITABLE', 'FS.MUTATE.CAP'], 0);
      expectStat(p, '/data/dir', { type: S.IFDIR, mode: 0o755, owner: who.principal, size: 0 }, ['FS.OPEN.MODE', 'FS.TMPFS.OWNER']);
      p.sys('rmdir', p.str('/data/dir')).expectEq('rmdir(/data/dir) returns 0', ['FS.MUTATE.WRITABLE'], 0);
      expectMissing(p, '/data/dir', 'fails after rmdir', ['FS.MUTATE.WRITABLE']);
    },
  },
  {
    id: 'rename',
    what: 'rename within /data moves an image file into another /data directory',
    run(p, fd) {
      p.sys('rename', p.str(NOTE.path), p.str('/data/app/moved')).expectEq(`rename(${NOTE.path}, /data/app/moved) returns 0`, ['FS.MUTATE.WRITABLE'], 0);
      expectMissing(p, NOTE.path, 'fails: the entry moved', ['FS.MUTATE.WRITABLE']);
      expectContents(p, fd, '/data/app/moved', NOTE.text, ['FS.MUTATE.WRITABLE']);
    },
  },
  {
    id: 'unlink',
    what: 'unlink removes an image file of /data',
    run(p) {
      p.sys('unlink', p.str(STATE.path)).expectEq(`unlink(${STATE.path}) returns 0`, ['FS.MUTATE.WRITABLE'], 0);
      expectMissing(p, STATE.path, 'fails after unlink', ['FS.MUTATE.WRITABLE']);
    },
  },
  {
    id: 'chmod-chown',
    what: 'chmod and chown change an image file of /data',
    run(p) {
      p.sys('chmod', p.str(NOTE.path), 0o640).expectEq(`chmod(${NOTE.path}, 0640) returns 0`, ['FS.MUTATE.WRITABLE', 'FS.CHMOD.BITS'], 0);
      p.sys('chown', p.str(NOTE.path), 7).expectEq(`chown(${NOTE.path}, 7) returns 0`, ['FS.MUTATE.WRITABLE', 'FS.CHOWN.OWNER'], 0);
      expectStat(p, NOTE.path, { type: S.IFREG, mode: 0o640, owner: 7, size: NOTE.text.length }, ['FS.CHMOD.BITS', 'FS.CHOWN.OWNER']);
    },
  },
];

function mutationCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const m of MUTATIONS) {
    for (const who of [ROOT, USER]) {
      out.push(dataCase({
        id: `writable/${m.id}/${who.name}`,
        description: `as ${who.name}: ${m.what}`,
        boot: dataBoot(who),
        body: (p, fd) => m.run(p, fd, who),
      }));
    }
  }
  out.push(dataCase({
    id: 'writable/no-cap/guest',
    description: 'as guest (no capTmpWrite): mkdir in /data and a write open of a /data file fail EACCES, like in tmpfs',
    boot: dataBoot(GUEST),
    body(p) {
      p.sys('mkdir', p.str('/data/x'), 0o755).expectFail('mkdir(/data/x)', ['FS.MUTATE.CAP', 'SEC.CAP.ERRNO'], 'EACCES');
      p.sys('open', p.str(NOTE.path), O.WRONLY, 0).expectFail(`open(${NOTE.path}, O_WRONLY)`, ['FS.OPEN.CAP.WRITE', 'SEC.CAP.ERRNO'], 'EACCES');
    },
  }));
  return out;
}

// ---- the mount point and cross-filesystem renames ------------------------------------------------

function busyCases(): CaseDef[] {
  return [
    dataCase({
      id: 'busy/rmdir',
      description: 'rmdir(/data) fails EBUSY: /data is a mount point',
      files: false,
      body(p) {
        p.sys('rmdir', p.str('/data')).expectFail('rmdir(/data)', ['FS.RMDIR.ROOT', 'FS.DATA.MACHINE'], 'EBUSY');
        expectStat(p, '/data', { type: S.IFDIR, mode: 0o755, owner: OWNER, size: 0 }, ['FS.RMDIR.ROOT']);
      },
    }),
    dataCase({
      id: 'busy/rename-from',
      description: 'rename(/data, /tmp/d) fails EBUSY: a mount point does not move',
      files: false,
      body(p) {
        p.sys('rename', p.str('/data'), p.str('/tmp/d')).expectFail('rename(/data, /tmp/d)', ['FS.RENAME.ROOT', 'FS.DATA.MACHINE'], 'EBUSY');
        expectMissing(p, '/tmp/d', 'fails: nothing moved', ['FS.RENAME.ROOT']);
      },
    }),
    dataCase({
      id: 'busy/rename-onto',
      description: 'rename(/tmp/t, /data) fails EBUSY: a mount point is not replaced',
      files: false,
      body(p, fd) {
        makeTmp(p, fd);
        p.sys('rename', p.str(TMP.path), p.str('/data')).expectFail(`rename(${TMP.path}, /data)`, ['FS.RENAME.ROOT', 'FS.DATA.MACHINE'], 'EBUSY');
        expectContents(p, fd, TMP.path, TMP.text, ['FS.RENAME.ROOT']);
      },
    }),
  ];
}

interface Cross {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** The errno and clause, and what stays where it was. */
  readonly errno: 'EINVAL' | 'EROFS';
  readonly clause: string;
  readonly unchanged: readonly { readonly path: string; readonly text: string }[];
  readonly absent?: string;
}

const CROSSES: readonly Cross[] = [
  { id: 'tmp-to-data', from: TMP.path, to: '/data/t', errno: 'EINVAL', clause: 'FS.RENAME.CROSSFS', unchanged: [TMP], absent: '/data/t' },
  { id: 'data-to-tmp', from: NOTE.path, to: '/tmp/note', errno: 'EINVAL', clause: 'FS.RENAME.CROSSFS', unchanged: [NOTE], absent: '/tmp/note' },
  { id: 'dir-to-tmp', from: '/data/app', to: '/tmp/app', errno: 'EINVAL', clause: 'FS.RENAME.CROSSFS', unchanged: [STATE], absent: '/tmp/app' },
  { id: 'tmp-onto-data-file', from: TMP.path, to: NOTE.path, errno: 'EINVAL', clause: 'FS.RENAME.CROSSFS', unchanged: [TMP, NOTE] },
  { id: 'data-onto-tmp-file', from: STATE.path, to: TMP.path, errno: 'EINVAL', clause: 'FS.RENAME.CROSSFS', unchanged: [TMP, STATE] },
  // EROFS against the base image is checked before the filesystems are compared (vfs README, rename order).
  { id: 'data-to-base', from: NOTE.path, to: '/etc/note', errno: 'EROFS', clause: 'FS.BASE.ERRNO', unchanged: [NOTE], absent: '/etc/note' },
];

function crossCases(): CaseDef[] {
  return CROSSES.map((x) => dataCase({
    id: `crossfs/${x.id}`,
    description: `rename(${x.from}, ${x.to}) fails ${x.errno}${x.errno === 'EINVAL' ? ': no rename between tmpfs and /data' : ': the base image is read-only'}; nothing moves`,
    body(p, fd) {
      makeTmp(p, fd);
      p.sys('rename', p.str(x.from), p.str(x.to)).expectFail(`rename(${x.from}, ${x.to})`, [x.clause, 'FS.DATA.MACHINE'], x.errno);
      for (const u of x.unchanged) expectContents(p, fd, u.path, u.text, [x.clause]);
      if (x.absent !== undefined) expectMissing(p, x.absent, 'fails: nothing was created', [x.clause]);
    },
  }));
}

// ---- fsync and sync ----------------------------------------------------------------------------

interface Flush {
  readonly id: string;
  readonly target: string;
  readonly open: number;
  /** Bytes written before the flush (none: the image contents). */
  readonly write?: string;
  readonly failing: boolean;
  readonly expect: 'ok' | 'EIO';
  readonly clause: string;
}

const FLUSHES: readonly Flush[] = [
  { id: 'file', target: NOTE.path, open: O.RDONLY, failing: false, expect: 'ok', clause: 'FS.FSYNC.DATA' },
  { id: 'written-file', target: STATE.path, open: O.RDWR, write: 'STATE', failing: false, expect: 'ok', clause: 'FS.FSYNC.DATA' },
  { id: 'dir', target: '/data', open: O.RDONLY, failing: false, expect: 'ok', clause: 'FS.FSYNC.DATA' },
  { id: 'failing-disk/file', target: NOTE.path, open: O.RDONLY, failing: true, expect: 'EIO', clause: 'FS.FSYNC.IO' },
  { id: 'failing-disk/written-file', target: STATE.path, open: O.RDWR, write: 'STATE', failing: true, expect: 'EIO', clause: 'FS.FSYNC.IO' },
  { id: 'failing-disk/dir', target: '/data/app', open: O.RDONLY, failing: true, expect: 'EIO', clause: 'FS.FSYNC.IO' },
  // The disk's failure is /data's alone: tmpfs has nothing to write back.
  { id: 'failing-disk/tmpfs', target: TMP.path, open: O.RDWR, write: 'x', failing: true, expect: 'ok', clause: 'FS.FSYNC.OTHER' },
];

function flushCases(): CaseDef[] {
  const out = FLUSHES.map((f) => dataCase({
    id: `fsync/${f.id}`,
    description: `${f.failing ? 'with a failing /data disk (data.failFlush), ' : ''}fsync of ${f.target}${f.write ? ` after a write` : ''} ${f.expect === 'ok' ? 'returns 0' : 'fails EIO'}; the contents stay readable`,
    boot: f.failing ? FAILING : WITH_DATA,
    body(p, fd) {
      const h = p.variable();
      makeTmp(p, fd);
      p.call(h, 'open', p.str(f.target), f.open, 0);
      p.expectCmp(`open(${f.target}) succeeds`, ['FS.OPEN.CAP.READ'], 'ge', 0, h);
      if (f.write !== undefined) {
        const text = bytesOf(f.write);
        p.sys('write', h, p.bytes(text), text.length).expectEq(`write ${text.length} bytes`, ['FD.WRITE.OFFSET'], text.length);
      }
      p.sys('fsync', h);
      if (f.expect === 'ok') p.expectEq(`fsync returns 0`, [f.clause, ...(f.clause === 'FS.FSYNC.DATA' ? ['FS.DATA.MACHINE'] : [])], 0);
      else p.expectFail('fsync', [f.clause, 'FS.DATA.MACHINE'], 'EIO');
      p.sys('close', h);
      const before = f.target === TMP.path ? TMP.text : f.target === NOTE.path ? NOTE.text : f.target === STATE.path ? STATE.text : null;
      if (before !== null) {
        const after = f.write === undefined ? before : f.write + before.slice(f.write.length);
        expectContents(p, fd, f.target, after, [f.clause]);
      }
    },
  }));
  for (const failing of [false, true]) {
    out.push(dataCase({
      id: `sync/${failing ? 'failing-disk' : 'healthy-disk'}`,
      description: `sync flushes /data and returns 0${failing ? ', also when the flush fails (data.failFlush)' : ''}`,
      boot: failing ? FAILING : WITH_DATA,
      body(p) {
        p.sys('sync').expectEq('sync returns 0', ['FS.SYNC.ALL', 'FS.DATA.MACHINE'], 0);
      },
    }));
  }
  return out;
}

export function dataCases(): CaseDef[] {
  return [...treeCases(), ...mutationCases(), ...busyCases(), ...crossCases(), ...flushCases()];
}
