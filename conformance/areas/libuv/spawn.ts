// uvspawnprobe: libuv's Unix uv_spawn. The parent makes a close-on-exec error pipe (F_SETFD or
// F_DUPFD_CLOEXEC), optional stdio pipes, and forks; the child dup2s the pipes onto 0/1/2, closes
// the rest and execve's. A failed exec writes its errno into the error pipe and exits 127; a
// successful one closes the pipe, so the parent's read returns 0. Then stdio traffic and waitpid.

import { constValue, errnoNumber, type ErrnoName } from '../../../spec/index.js';
import type { CaseDef, CaseFile } from '../../model.js';
import { CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses } from './common.js';
import {
  checkStrings, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, FD_CLOEXEC, forkThen, load32, MS, r, stringVector, sub, WNOHANG,
} from './guest.js';

type Stdio = 'inherit' | 'out' | 'inout' | 'err';
type Cloexec = 'setfd' | 'dupfd' | 'none';
type Target =
  | { readonly kind: 'ok'; readonly code: number }
  | { readonly kind: 'signal' }
  | { readonly kind: 'fail'; readonly what: 'noent' | 'noexec-bits' | 'dir' | 'script' | 'notdir' };

interface SpawnCase {
  readonly target: Target;
  readonly stdio: Stdio;
  readonly cloexec: Cloexec;
  readonly wait: 'block' | 'wnohang';
  readonly argv: readonly string[];
}

const SIGTERM = constValue('SIGNALS', 'SIGTERM');
const CHILD = '/bin/uvchild';
const OUT_TEXT = 'hello from uvchild\n';
const ERR_TEXT = 'uvchild on stderr\n';
const FAILS: Record<'noent' | 'noexec-bits' | 'dir' | 'script' | 'notdir', { path: string; errno: ErrnoName; clause: string; text: string }> = {
  noent: { path: '/bin/uvmissing', errno: 'ENOENT', clause: 'PROC.EXEC.NOENT', text: 'a missing program' },
  'noexec-bits': { path: '/bin/uvdata', errno: 'EACCES', clause: 'PROC.EXEC.NOTEXEC', text: 'a file without execute bits' },
  dir: { path: '/bin', errno: 'EACCES', clause: 'PROC.EXEC.NOTEXEC', text: 'a directory' },
  script: { path: '/bin/uvscript', errno: 'ENOEXEC', clause: 'PROC.EXEC.NOEXEC', text: 'a shell script (no interpreter)' },
  notdir: { path: `${CHILD}/x`, errno: 'ENOTDIR', clause: 'FS.PATH.NOTDIR', text: 'a path through a regular file' },
};

const enc = new TextEncoder();
const EBADF = -errnoNumber('EBADF');
/** The error pipe takes handles 3 and 4 (init holds 0..2; FD.ALLOC.LOWEST); F_DUPFD_CLOEXEC from 20 moves the write end to 20. */
const errWriteFd = (c: SpawnCase): number => (c.cloexec === 'dupfd' ? 20 : 4);

function inputFor(argv: readonly string[]): string {
  return `${argv.join('|')}:${'abcdefghij'.repeat(argv.length * 3)}\n`;
}

/** The program the child execs: checks its argv, does its stdio part, ends as the target says. */
function childProgram(parent: CaseProgram, c: SpawnCase): Uint8Array {
  const p = parent.child();
  const buf = p.space(1024);
  p.mov(19, 0);
  p.mov(20, 1);
  p.a.movImm(21, 0);
  // argc and argv must be what the parent passed (PROC.EXEC.ENV)
  const argcOk = p.a.label();
  p.a.cmpImm(19, c.argv.length);
  p.a.bcond('eq', argcOk);
  p.a.addImm(21, 21, 1);
  p.a.bind(argcOk);
  checkStrings(p, 20, c.argv, 21);
  const ok = p.a.label();
  p.a.cbz(21, ok);
  p.exit(100);
  p.a.bind(ok);
  // the error pipe's write end: closed by execve when close-on-exec, still open otherwise
  p.sys('fcntl', errWriteFd(c), F_GETFD, 0);
  const closed = p.a.label();
  p.a.movImm(9, BigInt.asUintN(64, BigInt(c.cloexec === 'none' ? 0 : EBADF)));
  p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: 0, Rd: 31 });
  p.a.bcond('eq', closed);
  p.exit(103);
  p.a.bind(closed);
  if (c.stdio === 'out') {
    p.sys('write', 1, p.str(OUT_TEXT), OUT_TEXT.length);
  } else if (c.stdio === 'err') {
    p.sys('write', 2, p.str(ERR_TEXT), ERR_TEXT.length);
  } else if (c.stdio === 'inout') {
    // read stdin to end of file, then echo it to stdout
    p.a.movImm(22, 0);
    const loop = p.a.here();
    const eof = p.a.label();
    p.a.movImm(9, buf);
    p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 22, imm6: 0, Rn: 9, Rd: 23 });
    p.a.movImm(9, 1024);
    sub(p, 24, 9, 22);
    p.sys('read', 0, r(23), r(24));
    p.a.cbz(0, eof);
    const good = p.a.label();
    p.a.tbz(0, 63, good);
    p.exit(101);
    p.a.bind(good);
    p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 0, imm6: 0, Rn: 22, Rd: 22 });
    p.a.b(loop);
    p.a.bind(eof);
    p.sys('write', 1, buf, r(22));
  }
  if (c.target.kind === 'signal') {
    p.sys('getpid');
    p.sys('kill', r(0), SIGTERM);
    p.exit(102);
  } else {
    p.exit(c.target.kind === 'ok' ? c.target.code : 0);
  }
  return p.elf();
}

function tag(c: SpawnCase): string {
  const t = c.target.kind === 'ok' ? `exit${c.target.code}` : c.target.kind === 'signal' ? 'sigterm' : `fail-${c.target.what}`;
  return `${t}-${c.stdio}-${c.cloexec}-${c.wait}-a${c.argv.length}`;
}

function spawnCase(c: SpawnCase): CaseDef {
  const fail = c.target.kind === 'fail' ? FAILS[c.target.what] : null;
  const expectedStatus = c.target.kind === 'ok' ? (c.target.code & 0xff) << 8 : c.target.kind === 'signal' ? SIGTERM : 127 << 8;
  const expectedOut = fail ? '' : c.stdio === 'out' ? OUT_TEXT : c.stdio === 'err' ? ERR_TEXT : c.stdio === 'inout' ? inputFor(c.argv) : '';
  const base = ['PROC.FORK.RETURN', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.WAIT.EXITCODE', 'FD.INHERIT.FORK', 'FD.PIPE.ENDS', 'FD.PIPE.EOF', 'PROC.EXIT.CLOSE'];
  const cloexecClauses = c.cloexec === 'setfd' ? ['FD.FCNTL.FD'] : c.cloexec === 'dupfd' ? ['FD.FCNTL.DUPFD', 'FD.FCNTL.FD'] : [];
  const execClauses = fail ? ['PROC.EXEC.FAILSAFE', 'PROC.EXEC.ORDER', fail.clause] : ['PROC.EXEC.CLOEXEC', 'PROC.EXEC.REPLACE', 'PROC.EXEC.ENV', 'FD.BADF', 'FD.FCNTL.FD'];
  const stdioClauses = c.stdio === 'inherit' ? [] : ['FD.DUP2.REPLACE', 'FD.DUP.SHARED', 'FD.PIPE.PARTIAL'];
  const waitClauses = c.wait === 'wnohang' ? ['PROC.WAIT.WNOHANG', 'TIME.SLEEP.MIN'] : [];
  const sigClauses = c.target.kind === 'signal' ? ['SIG.KILL.SELF', 'SIG.DEFAULT.ACTION'] : [];
  return derivedCase(AREA, {
    id: `spawn/${tag(c)}`,
    description: `uv_spawn shape: fork, ${c.stdio === 'inherit' ? 'inherited stdio' : `dup2 of ${c.stdio} pipes`}, error pipe made close-on-exec by ${c.cloexec}, execve of ${fail ? fail.text : CHILD}; the parent reads ${fail ? `${fail.errno} from the error pipe` : 'end of file from the error pipe'} and waitpid (${c.wait}) gives status 0x${expectedStatus.toString(16)}`,
    clauses: clauses(base, cloexecClauses, execClauses, stdioClauses, waitClauses, sigClauses),
    build({ p }) {
      const errFds = p.space(8, 8);
      const inFds = p.space(8, 8);
      const outFds = p.space(8, 8);
      const errBuf = p.space(8, 8);
      const outBuf = p.space(1024);
      const status = p.space(4);
      const path = p.str(fail ? fail.path : CHILD);
      const argv = stringVector(p, c.argv);
      const envp = stringVector(p, ['UV_SPAWN=1']);
      const pipes = c.stdio !== 'inherit';
      const input = inputFor(c.argv);
      const inputAt = p.bytes(enc.encode(input));

      p.sys('pipe', errFds);
      p.expectEq('pipe (the exec error pipe) returns 0', ['FD.PIPE.ENDS'], 0);
      const errR = p.variable();
      const errW = p.variable();
      p.loadInt(errR, errFds);
      p.loadInt(errW, errFds + 4);
      if (c.cloexec === 'setfd') {
        p.sys('fcntl', errW, F_SETFD, FD_CLOEXEC);
        p.expectEq('F_SETFD FD_CLOEXEC on the write end returns 0', ['FD.FCNTL.FD'], 0);
      } else if (c.cloexec === 'dupfd') {
        p.sys('fcntl', errW, F_DUPFD_CLOEXEC, 20);
        p.mov(15, 0);
        p.sys('close', errW);
        p.mov(errW.n, 15);
        p.expectEq('F_DUPFD_CLOEXEC gives the lowest free handle >= 20: 20', ['FD.FCNTL.DUPFD'], 20, errW);
      }
      if (c.cloexec !== 'none') {
        p.sys('fcntl', errW, F_GETFD, 0);
        p.expectEq('the error pipe write end is close-on-exec', ['FD.FCNTL.FD'], FD_CLOEXEC);
      }
      if (c.stdio === 'inout') p.sys('pipe', inFds);
      if (pipes) p.sys('pipe', outFds);
      const inR = p.variable();
      const inW = p.variable();
      const outR = p.variable();
      const outW = p.variable();
      p.loadInt(inR, inFds);
      p.loadInt(inW, inFds + 4);
      p.loadInt(outR, outFds);
      p.loadInt(outW, outFds + 4);
      forkThen(p, () => {
        p.sys('close', errR);
        if (c.stdio === 'inout') p.sys('dup2', inR, 0);
        if (c.stdio === 'out' || c.stdio === 'inout') p.sys('dup2', outW, 1);
        if (c.stdio === 'err') p.sys('dup2', outW, 2);
        if (c.stdio === 'inout') {
          p.sys('close', inR);
          p.sys('close', inW);
        }
        if (pipes) {
          p.sys('close', outR);
          p.sys('close', outW);
        }
        p.sys('execve', path, argv, envp);
        p.a.movImm(9, errBuf).inst('STR_W_uoff', { Rt: 0, Rn: 9, imm12: 0 });
        p.sys('write', errW, errBuf, 4);
        p.exit(127);
      });
      const child = p.variable();
      p.save(child);
      p.expectCmp('fork returns the child pid', ['PROC.FORK.RETURN'], 'gt', 0, child);
      p.sys('close', errW);
      if (c.stdio === 'inout') p.sys('close', inR);
      if (pipes) p.sys('close', outW);
      p.sys('read', errR, errBuf, 8);
      if (fail) {
        p.expectEq('the error pipe delivers the 4-byte errno of the failed exec', ['PROC.EXEC.FAILSAFE', 'FD.INHERIT.FORK'], 4);
        p.loadInt(0, errBuf);
        p.expectErrno(`execve of ${fail.text} failed ${fail.errno}`, [fail.clause, 'PROC.EXEC.ORDER'], fail.errno);
      } else {
        p.expectEq(c.cloexec === 'none'
          ? 'without close-on-exec the error pipe reads end of file once the exec\'d child has exited'
          : 'exec succeeded: close-on-exec closed the error pipe, read returns 0', c.cloexec === 'none' ? ['PROC.EXIT.CLOSE', 'FD.PIPE.EOF'] : ['PROC.EXEC.CLOEXEC', 'FD.PIPE.EOF'], 0);
      }
      if (c.stdio === 'inout') {
        p.sys('write', inW, inputAt, input.length);
        p.expectEq(`the parent writes ${input.length} bytes to the child's stdin`, ['FD.DUP2.REPLACE', 'FD.DUP.SHARED'], input.length);
        p.sys('close', inW);
      }
      if (pipes) {
        const n = p.variable();
        p.a.movImm(n.n, 0);
        const loop = p.a.here();
        const eof = p.a.label();
        p.a.movImm(9, outBuf);
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: n.n, imm6: 0, Rn: 9, Rd: 1 });
        p.a.movImm(9, 1024);
        sub(p, 2, 9, n.n);
        p.mov(0, outR.n);
        p.svc('read');
        p.a.cbz(0, eof);
        p.a.tbnz(0, 63, eof);
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 0, imm6: 0, Rn: n.n, Rd: n.n });
        p.a.b(loop);
        p.a.bind(eof);
        p.expectEq(`the ${c.stdio === 'err' ? 'stderr' : 'stdout'} pipe carried ${expectedOut.length} bytes, then end of file`, ['FD.DUP2.REPLACE', 'FD.PIPE.EOF', 'FD.PIPE.PARTIAL'], expectedOut.length, n);
        if (expectedOut.length) p.expectMem(`and they are the child's ${c.stdio === 'inout' ? 'echo of its stdin' : 'message'}`, ['FD.DUP2.REPLACE', 'FD.DUP.SHARED'], outBuf, enc.encode(expectedOut));
      }
      {
        if (c.wait === 'block') {
          p.sys('waitpid', child, status, 0);
        } else {
          const again = p.a.here();
          const done = p.a.label();
          p.sys('waitpid', child, status, WNOHANG);
          p.a.cbnz(0, done);
          p.sys('nanosleep', 0, MS);
          p.a.b(again);
          p.a.bind(done);
        }
        sub(p, 0, 0, child.n);
        p.expectEq(`waitpid${c.wait === 'wnohang' ? ' (WNOHANG, polled)' : ''} returns the child`, ['PROC.WAIT.REAP', ...waitClauses], 0);
      }
      load32(p, 0, status);
      p.expectEq(`the status is 0x${expectedStatus.toString(16)}`, clauses(['PROC.WAIT.STATUS', 'PROC.WAIT.EXITCODE'], execClauses, sigClauses), expectedStatus);
      const files: CaseFile[] = [{ path: CHILD, data: childProgram(p, c) }];
      if (c.target.kind === 'fail' && c.target.what === 'noexec-bits') files.push({ path: '/bin/uvdata', data: childProgram(p, c), mode: 0o644 });
      if (c.target.kind === 'fail' && c.target.what === 'script') files.push({ path: '/bin/uvscript', data: enc.encode('#!/bin/sh\necho hi\n'), mode: 0o755 });
      return { files };
    },
  });
}

export function spawnCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const argvs: (readonly string[])[] = [['uvchild'], ['uvchild', '--flag'], ['uvchild', 'a', 'bb', 'ccc'], ['uvchild', 'x'.repeat(40), '', 'last arg']];
  const codes = [0, 1, 7, 42, 200, 255];
  let i = 0;
  for (const stdio of ['inherit', 'out', 'inout', 'err'] as const) {
    for (const code of codes) {
      for (const cloexec of ['setfd', 'dupfd'] as const) {
        const wait = i % 3 === 2 ? 'wnohang' : 'block';
        out.push(spawnCase({ target: { kind: 'ok', code }, stdio, cloexec, wait, argv: argvs[i % argvs.length]! }));
        i++;
      }
    }
  }
  for (const what of ['noent', 'noexec-bits', 'dir', 'script', 'notdir'] as const) {
    for (const cloexec of ['setfd', 'dupfd'] as const) {
      for (const stdio of ['inherit', 'out'] as const) {
        out.push(spawnCase({ target: { kind: 'fail', what }, stdio, cloexec, wait: i++ % 2 ? 'wnohang' : 'block', argv: argvs[i % argvs.length]! }));
      }
    }
  }
  for (const stdio of ['inherit', 'out', 'inout'] as const) {
    out.push(spawnCase({ target: { kind: 'signal' }, stdio, cloexec: 'setfd', wait: 'block', argv: argvs[1]! }));
  }
  for (const code of [0, 3, 99]) out.push(spawnCase({ target: { kind: 'ok', code }, stdio: 'inherit', cloexec: 'none', wait: 'block', argv: argvs[0]! }));
  return out;
}
