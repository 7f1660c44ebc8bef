// spawn, spawn_handles, spawn_handles_async and execve basics: exit statuses, reaping, argv and
// envp copied onto the new stack (checked by the child itself, entry state included), the pid kept
// across exec, failures that leave the caller unchanged.

import { waitStatusExited } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, call, cell, childProgram, exitUnless, expectSame, expectStatus, fork, offsetOf, sub, WNOHANG } from './kit.js';

type SpawnCall = 'spawn' | 'spawn_handles' | 'spawn_handles_async';
const SPAWN_CALLS: readonly SpawnCall[] = ['spawn', 'spawn_handles', 'spawn_handles_async'];

/** Issues `how` for `path` with `argv` (a pointer); for the async call x0 is the pid, else the status. */
function spawnCall(p: CaseProgram, how: SpawnCall, path: number, argv: number | 0): void {
  if (how === 'spawn') call(p, 'spawn', path, argv);
  else call(p, how, path, argv, 0, 0);
}

const STATUS_CODES: readonly number[] = [0, 1, 2, 3, 7, 42, 63, 64, 100, 126, 127, 128, 129, 200, 254, 255];

function spawnStatusCase(how: SpawnCall, code: number): CaseDef {
  const sync = how !== 'spawn_handles_async';
  return derivedCase(AREA, {
    id: `spawn/status/${how}/${code}`,
    description: sync
      ? `${how} of a child that exits ${code} returns ${code} and leaves nothing to reap`
      : `spawn_handles_async returns the child's pid; waitpid reaps it with status ${code} << 8`,
    clauses: sync
      ? ['PROC.SPAWN.SYNC', 'PROC.SPAWN.STATUS', 'PROC.SPAWN.REAPED', 'PROC.EXIT.CODE', 'PROC.WAIT.NONCHILD']
      : ['PROC.SPAWNH.ASYNC', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.EXIT.CODE', 'PROC.WAIT.NONCHILD'],
    build({ p }) {
      const status = cell(p);
      const child = p.variable();
      spawnCall(p, how, p.str('/bin/exiter'), p.words([p.str('exiter'), 0]));
      if (sync) {
        p.expectEq(`${how} returns the exit code ${code}`, ['PROC.SPAWN.SYNC', 'PROC.SPAWN.STATUS', 'PROC.EXIT.CODE'], code);
        call(p, 'waitpid', -1, status, WNOHANG);
        p.expectErrno(`${how} reaped the child itself: waitpid(-1) fails ECHILD`, ['PROC.SPAWN.REAPED', 'PROC.WAIT.NONCHILD'], 'ECHILD');
      } else {
        p.save(child);
        p.expectCmp('spawn_handles_async returns a pid above 1', ['PROC.SPAWNH.ASYNC'], 'gt', 1);
        call(p, 'waitpid', child, status, 0);
        expectSame(p, 'waitpid reaps the child', ['PROC.WAIT.REAP', 'PROC.SPAWNH.ASYNC'], 0, child.n);
        expectStatus(p, `with status ${code} << 8`, ['PROC.WAIT.STATUS', 'PROC.EXIT.CODE'], status, waitStatusExited(code));
        call(p, 'waitpid', -1, status, WNOHANG);
        p.expectErrno('nothing is left to reap', ['PROC.WAIT.NONCHILD'], 'ECHILD');
      }
      return { files: [{ path: '/bin/exiter', data: childProgram(p, (c) => c.exit(code)) }] };
    },
  });
}

// ---- argv / envp ----------------------------------------------------------------------------

const enc = new TextEncoder();

/** Exit codes of the checking child: 0 when everything matches. */
const CHECK = {
  regs: 100, spAlign: 97, argc: 1, argcWord: 95, argvAt: 96, envpAt: 94, argv: 2, argvEnd: 40, envp: 50, envpEnd: 90, auxv: 98,
} as const;

/**
 * A child that checks its own entry state (PROC.ENTRY.REGS/STACK/AUXV) and that argv and envp are
 * exactly `argv`/`envp`, byte by byte; it exits 0, or the CHECK code of the first mismatch
 * (argv[i]: 2 + i, envp[j]: 50 + j).
 */
export function argChecker(parent: CaseProgram, argv: readonly string[], envp: readonly string[]): Uint8Array {
  return childProgram(parent, (c) => {
    const a = c.a;
    // Every register but x0..x2 is zero at entry: OR them all into x9 first.
    for (let r = 3; r <= 30; r++) a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: r, imm6: 0, Rn: 9, Rd: 9 });
    exitUnless(c, 9, 0, CHECK.regs);
    c.mov(19, 0).mov(20, 1).mov(21, 2);
    a.addImm(22, 31, 0);
    a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 3, Rn: 22, Rd: 3 });
    exitUnless(c, 3, 0, CHECK.spAlign);
    exitUnless(c, 19, argv.length, CHECK.argc);
    a.inst('LDR_X_uoff', { Rt: 3, Rn: 22, imm12: 0 });
    exitUnless(c, 3, argv.length, CHECK.argcWord);
    a.addImm(4, 22, 8);
    sub(c, 3, 20, 4);
    exitUnless(c, 3, 0, CHECK.argvAt);
    a.addImm(4, 22, 8 * (argv.length + 2));
    sub(c, 3, 21, 4);
    exitUnless(c, 3, 0, CHECK.envpAt);
    const vector = (base: number, strings: readonly string[], first: number, end: number): void => {
      strings.forEach((s, i) => {
        a.inst('LDR_X_uoff', { Rt: 3, Rn: base, imm12: i });
        const bytes = [...enc.encode(s), 0];
        bytes.forEach((byte, k) => {
          a.inst('LDRB_uoff', { Rt: 4, Rn: 3, imm12: k });
          exitUnless(c, 4, byte, first + i);
        });
      });
      a.inst('LDR_X_uoff', { Rt: 3, Rn: base, imm12: strings.length });
      exitUnless(c, 3, 0, end);
    };
    vector(20, argv, CHECK.argv, CHECK.argvEnd);
    vector(21, envp, CHECK.envp, CHECK.envpEnd);
    a.inst('LDR_X_uoff', { Rt: 3, Rn: 21, imm12: envp.length + 1 });
    a.inst('LDR_X_uoff', { Rt: 4, Rn: 21, imm12: envp.length + 2 });
    a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 4, imm6: 0, Rn: 3, Rd: 3 });
    exitUnless(c, 3, 0, CHECK.auxv);
    c.exit(0);
  });
}

interface Vector {
  readonly name: string;
  readonly strings: readonly string[];
}

const ARGVS: readonly Vector[] = [
  { name: 'empty', strings: [] },
  { name: 'name', strings: ['argcheck'] },
  { name: 'three', strings: ['argcheck', '-x', 'value with spaces'] },
  { name: 'empty-strings', strings: ['', '', 'a'] },
  { name: 'utf8', strings: ['argcheck', 'h\u00e9llo', '\u65e5\u672c'] },
  { name: 'long', strings: ['argcheck', 'x'.repeat(300)] },
  { name: 'max-count', strings: Array.from({ length: 32 }, (_, i) => `a${i}`) },
];

const ENVPS: readonly Vector[] = [
  { name: 'empty', strings: [] },
  { name: 'one', strings: ['A=1'] },
  { name: 'three', strings: ['PATH=/bin', 'HOME=/', 'TERM=vt100'] },
  { name: 'max-count', strings: Array.from({ length: 32 }, (_, i) => `V${i}=${'v'.repeat(i)}`) },
];

/** A NULL-terminated vector of string pointers in the data segment. */
function vectorIn(p: CaseProgram, strings: readonly string[]): number {
  return p.words([...strings.map((s) => p.str(s)), 0]);
}

const ENTRY_CLAUSES = ['PROC.ENTRY.REGS', 'PROC.ENTRY.STACK', 'PROC.ENTRY.AUXV'];

function execArgsCase(argv: Vector, envp: Vector | null): CaseDef {
  const env = envp?.strings ?? [];
  return derivedCase(AREA, {
    id: `exec/args/execve/${argv.name}/${envp?.name ?? 'null'}`,
    description: `a forked child execve's a checker with argv ${argv.name} (${argv.strings.length}) and envp ${envp ? `${envp.name} (${env.length})` : 'NULL'}: the new image sees exactly those vectors and a clean entry state`,
    clauses: ['PROC.EXEC.ENV', 'PROC.EXEC.REPLACE', ...ENTRY_CLAUSES, 'PROC.WAIT.STATUS'],
    build({ p }) {
      const status = cell(p);
      const child = p.variable();
      const path = p.str('/bin/argcheck');
      const argvAt = vectorIn(p, argv.strings);
      const envpAt = envp ? vectorIn(p, envp.strings) : 0;
      fork(p, () => {
        call(p, 'execve', path, argvAt, envpAt);
        p.exit(200);
      });
      p.save(child);
      call(p, 'waitpid', child, status, 0);
      expectStatus(p, 'the exec\'d checker exits 0: argv, envp, stack block, auxv and registers as specified (else the code names the first mismatch)',
        ['PROC.EXEC.ENV', 'PROC.EXEC.REPLACE', ...ENTRY_CLAUSES, 'PROC.WAIT.STATUS'], status, 0);
      return { files: [{ path: '/bin/argcheck', data: argChecker(p, argv.strings, env) }] };
    },
  });
}

function spawnArgsCase(how: SpawnCall, argv: Vector): CaseDef {
  const sync = how !== 'spawn_handles_async';
  return derivedCase(AREA, {
    id: `exec/args/${how}/${argv.name}`,
    description: `${how} of a checker with argv ${argv.name} (${argv.strings.length}): the child sees exactly that argv, an empty envp and a clean entry state`,
    clauses: ['PROC.EXEC.NOENV', ...ENTRY_CLAUSES, sync ? 'PROC.SPAWN.STATUS' : 'PROC.WAIT.STATUS'],
    build({ p }) {
      const status = cell(p);
      const child = p.variable();
      spawnCall(p, how, p.str('/bin/argcheck'), vectorIn(p, argv.strings));
      const what = 'the checker exits 0: argv as given, envp empty, stack block, auxv and registers as specified';
      if (sync) {
        p.expectEq(what, ['PROC.EXEC.NOENV', ...ENTRY_CLAUSES, 'PROC.SPAWN.STATUS'], 0);
      } else {
        p.save(child);
        call(p, 'waitpid', child, status, 0);
        expectStatus(p, what, ['PROC.EXEC.NOENV', ...ENTRY_CLAUSES, 'PROC.WAIT.STATUS'], status, 0);
      }
      return { files: [{ path: '/bin/argcheck', data: argChecker(p, argv.strings, []) }] };
    },
  });
}

/** The exec'd program keeps the pid and the parent: it exits with getpid() & 0xff. */
function execPidCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'exec/keeps-pid',
    description: 'a forked child that execve\'s keeps its pid (the new image exits getpid() & 0xff) and stays the caller\'s child',
    clauses: ['PROC.EXEC.PID', 'PROC.EXEC.REPLACE', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS'],
    build({ p }) {
      const status = cell(p);
      const child = p.variable();
      const path = p.str('/bin/pidexit');
      const argv = vectorIn(p, ['pidexit']);
      fork(p, () => {
        call(p, 'execve', path, argv, 0);
        p.exit(200);
      });
      p.save(child);
      call(p, 'waitpid', child, status, 0);
      expectSame(p, 'the parent still reaps the exec\'d child by its pid', ['PROC.EXEC.PID', 'PROC.WAIT.REAP'], 0, child.n);
      p.loadInt(3, status);
      p.a.inst('UBFM', { sf: 1, N: 1, immr: 56, imms: 7, Rn: child.n, Rd: 4 }); // (pid & 0xff) << 8
      expectSame(p, 'its status is (pid & 0xff) << 8: the new image saw the same pid', ['PROC.EXEC.PID', 'PROC.WAIT.STATUS'], 3, 4);
      return {
        files: [{
          path: '/bin/pidexit',
          data: childProgram(p, (c) => {
            call(c, 'getpid');
            call(c, 'exit', new Reg(0));
          }),
        }],
      };
    },
  });
}

/** execve and the spawn calls on a path that does not exist: ENOENT, the caller carries on, no child exists. */
function missingProgramCase(how: SpawnCall | 'execve'): CaseDef {
  return derivedCase(AREA, {
    id: `exec/noent/${how}`,
    description: `${how}("/bin/no-such-program") fails ENOENT; the caller continues and has no child`,
    clauses: ['PROC.EXEC.NOENT', 'PROC.WAIT.NONCHILD', ...(how === 'execve' ? ['PROC.EXEC.FAILSAFE'] : [])],
    build({ p }) {
      const path = p.str('/bin/no-such-program');
      const argv = vectorIn(p, ['x']);
      if (how === 'execve') call(p, 'execve', path, argv, 0);
      else spawnCall(p, how, path, argv);
      p.expectErrno(`${how} fails ENOENT`, ['PROC.EXEC.NOENT'], 'ENOENT');
      call(p, 'getpid');
      p.expectEq('the caller goes on as pid 1', how === 'execve' ? ['PROC.EXEC.FAILSAFE'] : ['PROC.EXEC.NOENT'], 1);
      call(p, 'waitpid', -1, 0, WNOHANG);
      p.expectErrno('no child was created: waitpid(-1) fails ECHILD', ['PROC.WAIT.NONCHILD', 'PROC.EXEC.NOENT'], 'ECHILD');
    },
  });
}

/** An async child is init's child, named by its argv[0], visible through its pidfd. */
function asyncParentCase(): CaseDef {
  const name = 'async-kid';
  return derivedCase(AREA, {
    id: 'spawn/async-parent-and-name',
    description: 'a spawn_handles_async child has ppid 1 and the name of its argv[0] in its pidfd_getinfo record',
    clauses: ['PROC.SPAWNH.ASYNC', 'PIDFD.INFO', 'SYS.PROCNAME', 'PROC.WAIT.REAP'],
    build({ p }) {
      const rec = p.space(56, 8);
      const child = p.variable();
      const fd = p.variable();
      call(p, 'spawn_handles_async', p.str('/bin/exiter'), vectorIn(p, [name]), 0, 0);
      p.save(child);
      call(p, 'pidfd_open', child, 0);
      p.save(fd);
      call(p, 'pidfd_getinfo', fd, rec);
      p.expectEq('pidfd_getinfo returns 0', ['PIDFD.INFO'], 0);
      p.loadInt(3, rec + offsetOf('procstat', 'ppid'));
      p.expectEq('the async child\'s ppid is 1', ['PROC.SPAWNH.ASYNC', 'PIDFD.INFO'], 1, 3);
      const want = new Uint8Array(16);
      want.set(enc.encode(name));
      p.expectMem(`its name is "${name}", NUL-padded`, ['SYS.PROCNAME', 'PIDFD.INFO'], rec + offsetOf('procstat', 'name'), want);
      call(p, 'waitpid', child, 0, 0);
      expectSame(p, 'init reaps it', ['PROC.WAIT.REAP'], 0, child.n);
      return { files: [{ path: '/bin/exiter', data: childProgram(p, (c) => c.exit(0)) }] };
    },
  });
}

export function spawnCases(): CaseDef[] {
  return [
    ...SPAWN_CALLS.flatMap((how) => STATUS_CODES.map((code) => spawnStatusCase(how, code))),
    ...ARGVS.flatMap((argv) => [...ENVPS.map((envp) => execArgsCase(argv, envp)), execArgsCase(argv, null)]),
    ...SPAWN_CALLS.flatMap((how) => ARGVS.map((argv) => spawnArgsCase(how, argv))),
    execPidCase(),
    ...(['execve', ...SPAWN_CALLS] as const).map(missingProgramCase),
    asyncParentCase(),
  ];
}

