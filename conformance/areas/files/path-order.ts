// Path errors every path-taking call shares, and the orders the spec fixes:
//   path-errno/<row>/{name-256,file-slash}  a 256-byte component is ENAMETOOLONG (FS.PATH.NAMEMAX)
//       and a trailing "/" after a regular file is ENOTDIR (FS.PATH.TRAILSLASH), for every row
//       that takes a path, before anything that row checks about the file
//   confine-order/...  outside the confinement every path is EACCES, existing or not, even
//       through a file (FS.CONFINE.ORDER)
//   mutate-order/...   rmdir: EBUSY, EINVAL for "." and "..", ENOTDIR, EROFS, ENOTEMPTY last;
//       unlink EISDIR and mkdir EEXIST before EROFS; the walk before all (FS.MUTATE.ORDER)

import type { ErrnoName } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { Operand } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { FILES, O, type Prog } from './kit.js';

const LONG = `/tmp/${'n'.repeat(256)}`;
const FILE_SLASH = '/etc/motd/';

interface PathRow {
  readonly row: string;
  /** The call's arguments with the path under test at `path`. */
  readonly args: (p: Prog, path: number) => Operand[];
}

const PATH_ROWS: readonly PathRow[] = [
  { row: 'open', args: (_p, path) => [path, O.RDONLY, 0] },
  { row: 'stat', args: (p, path) => [path, p.space(32, 8)] },
  { row: 'chdir', args: (_p, path) => [path] },
  { row: 'unlink', args: (_p, path) => [path] },
  { row: 'rename', args: (p, path) => [path, p.str('/tmp/renamed')] },
  { row: 'mkdir', args: (_p, path) => [path, 0o755] },
  { row: 'rmdir', args: (_p, path) => [path] },
  { row: 'chmod', args: (_p, path) => [path, 0o644] },
  { row: 'chown', args: (_p, path) => [path, 1] },
  { row: 'confine', args: (_p, path) => [path] },
  { row: 'execve', args: (_p, path) => [path, 0, 0] },
  { row: 'spawn', args: (_p, path) => [path, 0] },
  { row: 'spawn_handles', args: (_p, path) => [path, 0, 0, 0] },
  { row: 'spawn_handles_async', args: (_p, path) => [path, 0, 0, 0] },
];

function pathErrnoCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const r of PATH_ROWS) {
    out.push(derivedCase(FILES, {
      id: `path-errno/${r.row}/name-256`,
      description: `${r.row} of a path with a 256-byte component fails ENAMETOOLONG`,
      clauses: ['FS.PATH.NAMEMAX'],
      build({ p }) {
        p.sys(r.row, ...r.args(p, p.str(LONG))).expectFail(`${r.row} of /tmp/<256 bytes>`, ['FS.PATH.NAMEMAX'], 'ENAMETOOLONG');
      },
    }));
    out.push(derivedCase(FILES, {
      id: `path-errno/${r.row}/file-slash`,
      description: `${r.row} of "${FILE_SLASH}" (a regular file with a trailing slash) fails ENOTDIR`,
      clauses: ['FS.PATH.TRAILSLASH'],
      build({ p }) {
        p.sys(r.row, ...r.args(p, p.str(FILE_SLASH))).expectFail(`${r.row} of ${FILE_SLASH}`, ['FS.PATH.TRAILSLASH'], 'ENOTDIR');
      },
    }));
  }
  return out;
}

// ---- confinement before existence -------------------------------------------------------------

interface Confined {
  readonly id: string;
  readonly what: string;
  readonly row: string;
  readonly args: (p: Prog) => Operand[];
  readonly errno: ErrnoName;
  readonly clauses: readonly string[];
}

const CONFINED: readonly Confined[] = [
  { id: 'stat-missing-outside', what: 'stat of a missing path outside', row: 'stat', args: (p) => [p.str('/tmp/nothing-here'), p.space(32, 8)], errno: 'EACCES', clauses: ['FS.CONFINE.DENY'] },
  { id: 'stat-existing-outside', what: 'stat of an existing path outside', row: 'stat', args: (p) => [p.str('/etc/motd'), p.space(32, 8)], errno: 'EACCES', clauses: ['FS.CONFINE.DENY'] },
  { id: 'stat-through-file-outside', what: 'stat through a regular file outside (/etc/motd/x)', row: 'stat', args: (p) => [p.str('/etc/motd/x'), p.space(32, 8)], errno: 'EACCES', clauses: ['FS.CONFINE.DENY'] },
  { id: 'stat-dotdot-missing', what: 'stat of box/../missing (lexically outside)', row: 'stat', args: (p) => [p.str('/tmp/box/../missing'), p.space(32, 8)], errno: 'EACCES', clauses: ['FS.CONFINE.DENY'] },
  { id: 'open-missing-outside', what: 'open O_RDONLY of a missing path outside', row: 'open', args: (p) => [p.str('/etc/nothing'), O.RDONLY, 0], errno: 'EACCES', clauses: ['FS.CONFINE.DENY'] },
  { id: 'open-creat-outside', what: 'open O_CREAT of a new name whose parent (/tmp) is outside', row: 'open', args: (p) => [p.str('/tmp/new-outside'), O.RDWR | O.CREAT, 0o644], errno: 'EACCES', clauses: ['FS.CONFINE.DENY'] },
  { id: 'chdir-missing-outside', what: 'chdir to a missing directory outside', row: 'chdir', args: (p) => [p.str('/nothing')], errno: 'EACCES', clauses: ['FS.CONFINE.DENY'] },
  { id: 'stat-missing-inside', what: 'stat of a missing path inside (the walk runs: ENOENT)', row: 'stat', args: (p) => [p.str('/tmp/box/missing'), p.space(32, 8)], errno: 'ENOENT', clauses: ['FS.PATH.NOENT'] },
];

function confineOrderCases(): CaseDef[] {
  return CONFINED.map((c) => derivedCase(FILES, {
    id: `confine-order/${c.id}`,
    description: `confined to /tmp/box: ${c.what} fails ${c.errno}`,
    clauses: ['FS.CONFINE.ORDER', ...c.clauses],
    build({ p }) {
      p.sys('mkdir', p.str('/tmp/box'), 0o755).expectEq('mkdir /tmp/box returns 0', ['FS.TMPFS.OWNER'], 0);
      p.sys('confine', p.str('/tmp/box')).expectEq('confine(/tmp/box) returns 0', ['FS.CONFINE.SUBTREE'], 0);
      p.sys(c.row, ...c.args(p)).expectFail(c.what, ['FS.CONFINE.ORDER', ...c.clauses], c.errno);
    },
  }));
}

// ---- mutation order ------------------------------------------------------------------------

interface Mutation {
  readonly id: string;
  readonly what: string;
  /** Set-up run before the call (root: capTmpWrite held). */
  readonly setup?: (p: Prog) => void;
  readonly row: string;
  readonly args: (p: Prog) => Operand[];
  readonly errno: ErrnoName;
  readonly clauses: readonly string[];
}

function tree(p: Prog): void {
  p.sys('mkdir', p.str('/tmp/d'), 0o755).expectEq('mkdir /tmp/d returns 0', ['FS.TMPFS.OWNER'], 0);
  p.sys('mkdir', p.str('/tmp/d/e'), 0o755).expectEq('mkdir /tmp/d/e returns 0', ['FS.TMPFS.OWNER'], 0);
}

const MUTATIONS: readonly Mutation[] = [
  { id: 'rmdir-base-nonempty', what: 'rmdir of /etc (a non-empty base-image directory): EROFS before ENOTEMPTY', row: 'rmdir', args: (p) => [p.str('/etc')], errno: 'EROFS', clauses: ['FS.BASE.ERRNO'] },
  { id: 'rmdir-base-missing', what: 'rmdir of /etc/nothing: the walk first, ENOENT before EROFS', row: 'rmdir', args: (p) => [p.str('/etc/nothing')], errno: 'ENOENT', clauses: ['FS.PATH.NOENT'] },
  { id: 'rmdir-base-file', what: 'rmdir of /etc/motd (a base-image file): ENOTDIR before EROFS', row: 'rmdir', args: (p) => [p.str('/etc/motd')], errno: 'ENOTDIR', clauses: ['FS.RMDIR.NOTDIR'] },
  { id: 'rmdir-dot-nonempty', what: 'rmdir(".") in the non-empty /tmp/d: EINVAL before ENOTEMPTY', setup: (p) => { tree(p); p.sys('chdir', p.str('/tmp/d')).expectEq('chdir /tmp/d returns 0', ['FS.CHDIR.SET'], 0); }, row: 'rmdir', args: (p) => [p.str('.')], errno: 'EINVAL', clauses: ['FS.PATH.DOTLAST'] },
  { id: 'rmdir-dotdot-nonempty', what: 'rmdir("..") from /tmp/d/e (its parent is not empty): EINVAL before ENOTEMPTY', setup: (p) => { tree(p); p.sys('chdir', p.str('/tmp/d/e')).expectEq('chdir /tmp/d/e returns 0', ['FS.CHDIR.SET'], 0); }, row: 'rmdir', args: (p) => [p.str('..')], errno: 'EINVAL', clauses: ['FS.PATH.DOTLAST'] },
  { id: 'rmdir-base-dot', what: 'rmdir("/etc/.") (a base-image directory through "."): EINVAL before EROFS', row: 'rmdir', args: (p) => [p.str('/etc/.')], errno: 'EINVAL', clauses: ['FS.PATH.DOTLAST'] },
  { id: 'rmdir-mount-dot', what: 'rmdir("/tmp/.") names the mount point /tmp: EBUSY before EINVAL', row: 'rmdir', args: (p) => [p.str('/tmp/.')], errno: 'EBUSY', clauses: ['FS.RMDIR.ROOT', 'FS.PATH.DOTLAST'] },
  { id: 'rmdir-tmpfs-nonempty', what: 'rmdir of the non-empty /tmp/d: ENOTEMPTY', setup: tree, row: 'rmdir', args: (p) => [p.str('/tmp/d')], errno: 'ENOTEMPTY', clauses: ['FS.RMDIR.NOTEMPTY'] },
  { id: 'unlink-base-dir', what: 'unlink of /etc: EISDIR before EROFS', row: 'unlink', args: (p) => [p.str('/etc')], errno: 'EISDIR', clauses: ['FS.UNLINK.DIR'] },
  { id: 'mkdir-base-existing', what: 'mkdir of /etc: EEXIST before EROFS', row: 'mkdir', args: (p) => [p.str('/etc'), 0o755], errno: 'EEXIST', clauses: ['FS.MKDIR.EXISTS'] },
  { id: 'mkdir-base-new', what: 'mkdir of /etc/new: EROFS', row: 'mkdir', args: (p) => [p.str('/etc/new'), 0o755], errno: 'EROFS', clauses: ['FS.BASE.ERRNO'] },
  { id: 'chown-base-file', what: 'chown of /etc/motd: EROFS', row: 'chown', args: (p) => [p.str('/etc/motd'), 5], errno: 'EROFS', clauses: ['FS.BASE.ERRNO'] },
];

function mutateOrderCases(): CaseDef[] {
  return MUTATIONS.map((m) => derivedCase(FILES, {
    id: `mutate-order/${m.id}`,
    description: m.what,
    clauses: ['FS.MUTATE.ORDER', ...m.clauses],
    build({ p }) {
      m.setup?.(p);
      p.sys(m.row, ...m.args(p)).expectFail(m.what.split(':')[0]!, ['FS.MUTATE.ORDER', ...m.clauses], m.errno);
    },
  }));
}

export function pathOrderCases(): CaseDef[] {
  return [...pathErrnoCases(), ...confineOrderCases(), ...mutateOrderCases()];
}
