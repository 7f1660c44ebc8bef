// Clauses the other files families leave open: rename onto itself, every fcntl command number, the
// kinds of object a handle can name, and the eight right bits (seen through spawn_handles masks).

import { constGroup, constValue, encodeLayout, layout, missingRightErrno, RIGHT_BITS, type RightName } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { FD_CLOEXEC, FILES, neg, O, type Prog } from './kit.js';

const enc = new TextEncoder();
const FCNTL = (name: string): number => constValue('FCNTL_CMDS', name);

/** Creates `path` holding `text` (open, write, close). */
function makeFile(p: Prog, path: string, text: string): void {
  const fd = p.variable();
  p.call(fd, 'open', p.str(path), O.RDWR | O.CREAT, 0o644);
  p.expectCmp(`open ${path}`, ['FS.OPEN.CREAT'], 'ge', 0, fd);
  p.sys('write', fd, p.bytes(enc.encode(text), 1), text.length);
  p.expectEq(`write ${text.length} bytes`, ['FD.WRITE.OFFSET'], text.length);
  p.sys('close', fd);
}

// ---- rename onto itself -------------------------------------------------------------------

function renameSame(kind: 'file' | 'dir'): CaseDef {
  return derivedCase(FILES, {
    id: `gaps/rename-same/${kind}`,
    description: kind === 'file'
      ? 'rename("/tmp/same", "/tmp/same") returns 0 and the file keeps its name and contents'
      : 'rename("/tmp/sd", "/tmp/sd") of a directory returns 0 and its child is still there',
    build({ p }) {
      const text = 'same';
      const path = kind === 'file' ? '/tmp/same' : '/tmp/sd';
      const file = kind === 'file' ? '/tmp/same' : '/tmp/sd/x';
      if (kind === 'dir') {
        p.sys('mkdir', p.str('/tmp/sd'), 0o755);
        p.expectEq('mkdir /tmp/sd', ['FS.RENAME.SAME'], 0);
      }
      makeFile(p, file, text);
      const s = p.str(path);
      p.sys('rename', s, s);
      p.expectEq(`rename(${path}, ${path}) succeeds`, ['FS.RENAME.SAME'], 0);
      const fd = p.variable();
      p.call(fd, 'open', p.str(file), O.RDONLY, 0);
      p.expectCmp(`${file} still opens`, ['FS.RENAME.SAME'], 'ge', 0, fd);
      const buf = p.space(16, 8);
      p.sys('read', fd, buf, 16);
      p.expectEq(`read returns ${text.length} bytes`, ['FS.RENAME.SAME'], text.length);
      p.expectMem('the contents are unchanged', ['FS.RENAME.SAME'], buf, enc.encode(text));
    },
  });
}

// ---- fcntl command numbers ------------------------------------------------------------------

/** Each newlib command number on a file opened O_RDWR does what the clause of that command says. */
function fcntlCmd(name: string): CaseDef {
  const cmd = FCNTL(name);
  return derivedCase(FILES, {
    id: `gaps/fcntl-cmds/${name}`,
    description: `fcntl command ${cmd} is ${name}: on a file opened O_RDWR it succeeds with ${name}'s result`,
    clauses: ['FD.FCNTL.CMDS'],
    build({ p }) {
      makeFile(p, '/tmp/cmds', 'x');
      const fd = p.variable();
      p.call(fd, 'open', p.str('/tmp/cmds'), O.RDWR, 0);
      p.expectCmp('open /tmp/cmds O_RDWR', ['FS.OPEN.CREAT'], 'ge', 0, fd);
      const lock = p.space(32, 8);
      switch (name) {
        case 'F_DUPFD':
        case 'F_DUPFD_CLOEXEC': {
          p.sys('fcntl', fd, cmd, 10);
          p.expectEq(`fcntl(fd, ${cmd}, 10) returns 10, the lowest free handle >= 10`, ['FD.FCNTL.CMDS', 'FD.FCNTL.DUPFD'], 10);
          p.sys('fcntl', 10, FCNTL('F_GETFD'), 0);
          p.expectEq(`the new handle's FD_CLOEXEC is ${name === 'F_DUPFD' ? 'clear' : 'set'}`, ['FD.FCNTL.CMDS', 'FD.FCNTL.DUPFD'], name === 'F_DUPFD' ? 0 : FD_CLOEXEC);
          break;
        }
        case 'F_GETFD':
          p.sys('fcntl', fd, cmd, 0);
          p.expectEq(`fcntl(fd, ${cmd}) returns 0 (not close-on-exec)`, ['FD.FCNTL.CMDS', 'FD.FCNTL.FD'], 0);
          break;
        case 'F_SETFD':
          p.sys('fcntl', fd, cmd, FD_CLOEXEC);
          p.expectEq(`fcntl(fd, ${cmd}, FD_CLOEXEC) returns 0`, ['FD.FCNTL.CMDS', 'FD.FCNTL.FD'], 0);
          p.sys('fcntl', fd, FCNTL('F_GETFD'), 0);
          p.expectEq('F_GETFD now reports FD_CLOEXEC', ['FD.FCNTL.CMDS', 'FD.FCNTL.FD'], FD_CLOEXEC);
          break;
        case 'F_GETFL':
          p.sys('fcntl', fd, cmd, 0);
          p.expectEq(`fcntl(fd, ${cmd}) returns O_RDWR`, ['FD.FCNTL.CMDS', 'FD.FCNTL.GETFL'], O.RDWR);
          break;
        case 'F_SETFL':
          p.sys('fcntl', fd, cmd, O.NONBLOCK);
          p.expectEq(`fcntl(fd, ${cmd}, O_NONBLOCK) returns 0`, ['FD.FCNTL.CMDS', 'FD.FCNTL.SETFL'], 0);
          p.sys('fcntl', fd, FCNTL('F_GETFL'), 0);
          p.expectEq('F_GETFL now reports O_RDWR | O_NONBLOCK', ['FD.FCNTL.CMDS', 'FD.FCNTL.SETFL', 'FD.FCNTL.GETFL'], O.RDWR | O.NONBLOCK);
          break;
        default:
          p.sys('fcntl', fd, cmd, lock);
          p.expectEq(`fcntl(fd, ${cmd}, &flock) succeeds and does nothing`, ['FD.FCNTL.CMDS', 'FD.FCNTL.LOCKS'], 0);
          break;
      }
    },
  });
}

// ---- kinds of handle ----------------------------------------------------------------------------

type Kind = 'console' | 'file' | 'directory' | 'pipe-read' | 'pipe-write' | 'socketpair' | 'endpoint-send' | 'endpoint-recv';
const KINDS: readonly Kind[] = ['console', 'file', 'directory', 'pipe-read', 'pipe-write', 'socketpair', 'endpoint-send', 'endpoint-recv'];

/** Every kind of object the program can make names a handle in the one table: open, closable once. */
function kindCase(kind: Kind): CaseDef {
  return derivedCase(FILES, {
    id: `gaps/kinds/${kind}`,
    description: `a ${kind} handle is a number in the handle table: it is >= 0, close releases it, a second close fails EBADF`,
    clauses: ['FD.KINDS'],
    build({ p }) {
      const fd = p.variable();
      const pair = p.space(8, 8);
      switch (kind) {
        case 'console': p.a.movImm(fd.n, 0); break;
        case 'file': makeFile(p, '/tmp/kind', 'k'); p.call(fd, 'open', p.str('/tmp/kind'), O.RDONLY, 0); break;
        case 'directory': p.call(fd, 'open', p.str('/tmp'), O.RDONLY, 0); break;
        case 'pipe-read':
        case 'pipe-write':
          p.sys('pipe', pair);
          p.expectEq('pipe succeeds', ['FD.KINDS'], 0);
          p.a.movImm(9, pair).inst('LDR_W_uoff', { Rt: fd.n, Rn: 9, imm12: kind === 'pipe-read' ? 0 : 1 });
          break;
        case 'socketpair':
          p.sys('socketpair', pair, 0);
          p.expectEq('socketpair succeeds', ['FD.KINDS'], 0);
          p.a.movImm(9, pair).inst('LDR_W_uoff', { Rt: fd.n, Rn: 9, imm12: 0 });
          break;
        case 'endpoint-send':
        case 'endpoint-recv':
          p.sys('endpoint_create', pair);
          p.expectEq('endpoint_create succeeds', ['FD.KINDS'], 0);
          p.a.movImm(9, pair).inst('LDR_W_uoff', { Rt: fd.n, Rn: 9, imm12: kind === 'endpoint-send' ? 0 : 1 });
          break;
      }
      p.expectCmp(`the ${kind} handle is a handle number >= 0`, ['FD.KINDS'], 'ge', 0, fd);
      p.sys('close', fd);
      p.expectEq(`close(${kind} handle) returns 0`, ['FD.KINDS'], 0);
      p.sys('close', fd);
      p.expectFail('a second close', ['FD.KINDS', 'FD.BADF'], 'EBADF');
    },
  });
}

// ---- the eight right bits -------------------------------------------------------------------

/** Rights whose presence a child can observe on a file handle, and the probe for each. */
const PROBED: readonly RightName[] = ['READ', 'WRITE', 'DUPLICATE', 'GETATTR', 'SETATTR'];

function probe(c: Prog, fd: number, right: RightName, buf: number): void {
  switch (right) {
    case 'READ': c.sys('read', fd, buf, 1); break;
    case 'WRITE': c.sys('write', fd, buf, 1); break;
    case 'DUPLICATE': c.sys('dup', fd); break;
    case 'GETATTR': c.sys('fcntl', fd, FCNTL('F_GETFD'), 0); break;
    case 'SETATTR': c.sys('fcntl', fd, FCNTL('F_SETFD'), 0); break;
    default: throw new Error(right);
  }
}

/**
 * spawn_handles gives the child a file handle with rights = `mask` (the source, opened O_RDWR,
 * holds all five probed rights); the child checks each probed right works exactly when its bit is set.
 */
function rightsCase(label: string, mask: number): CaseDef {
  return derivedCase(FILES, {
    id: `gaps/rights-list/${label}`,
    description: `a handle passed with rights 0x${mask.toString(16)} (${label}): each of READ, WRITE, DUPLICATE, GETATTR, SETATTR works exactly when its bit (0, 1, 4, 6, 7) is in the mask`,
    clauses: ['FD.RIGHTS.LIST', 'PROC.SPAWNH.ATTENUATE', 'FD.RIGHTS.MISSING', 'FD.FCNTL.RIGHTS'],
    build({ p, child, file }) {
      makeFile(p, '/tmp/rights', 'rr');
      const fd = p.variable();
      p.call(fd, 'open', p.str('/tmp/rights'), O.RDWR, 0);
      p.expectCmp('open /tmp/rights O_RDWR', ['FS.OPEN.CREAT'], 'ge', 0, fd);
      const spec = p.bytes(encodeLayout(layout('spawn_handle'), { source_fd: 0, target_fd: 3, rights: mask, flags: 0 }), 8);
      p.store32(spec, fd);
      p.sys('spawn_handles', p.str('/bin/gap-rights'), p.words([p.str('gap-rights'), 0]), spec, 1);
      p.expectEq('the child sees each right exactly as the mask says (exit 0)', ['FD.RIGHTS.LIST', 'PROC.SPAWNH.ATTENUATE', 'FD.RIGHTS.MISSING', 'FD.FCNTL.RIGHTS'], 0);
      const c = child();
      const buf = c.space(8, 8);
      PROBED.forEach((r, i) => {
        probe(c, 3, r, buf);
        if ((mask & RIGHT_BITS[r]) !== 0) {
          const ok = c.a.label();
          c.a.tbz(0, 63, ok);
          c.exit(10 + i);
          c.a.bind(ok);
        } else {
          c.exitUnless(neg(missingRightErrno(r)), 20 + i);
        }
      });
      c.exit(0);
      file({ path: '/bin/gap-rights', data: c.elf() });
    },
  });
}

function rightsCases(): CaseDef[] {
  const all = constValue('RIGHT_MASKS', 'SWIFTOS_RIGHT_ALL');
  const group = constGroup('RIGHTS');
  const bits = group.members.map((m) => m.value);
  // The spec itself: eight rights, bits 0..7, RIGHT_ALL their union.
  if (bits.length !== 8 || bits.some((b, i) => b !== 1 << i) || all !== 0xff) throw new Error('RIGHTS is not bits 0..7');
  return [
    rightsCase('all', all),
    ...PROBED.map((r) => rightsCase(`only-${r.toLowerCase()}`, RIGHT_BITS[r])),
    rightsCase('none-of-execute-map-transfer', RIGHT_BITS.EXECUTE | RIGHT_BITS.MAP | RIGHT_BITS.TRANSFER),
  ];
}

export function gapCases(): CaseDef[] {
  return [
    renameSame('file'),
    renameSame('dir'),
    ...constGroup('FCNTL_CMDS').members.map((m) => fcntlCmd(m.name)),
    ...KINDS.map(kindCase),
    ...rightsCases(),
  ];
}
