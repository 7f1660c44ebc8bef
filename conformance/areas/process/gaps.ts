// Clauses of spawn/exec the other process files leave open: what spawn copies (only stdio, as it
// is: same object and rights, close-on-exec dropped, closed stays closed), the spawn_handles
// close-on-exec flag and its check order, and what execve does to signal dispositions and threads.
// Children report through their exit code only (0 = every check held).

import { constValue, encodeLayout, layout, waitStatusExited, waitStatusSignaled, type ErrnoName } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, call, cell, childProgram, errno, exitUnless, expectStatus, fork, int32, Pipe, recordingHandler, signalNumber, thread } from './kit.js';

const F_GETFD = constValue('FCNTL_CMDS', 'F_GETFD');
const F_SETFD = constValue('FCNTL_CMDS', 'F_SETFD');
const F_SETFL = constValue('FCNTL_CMDS', 'F_SETFL');
const FD_CLOEXEC = constValue('FD_FLAGS', 'FD_CLOEXEC');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
const O_CREAT = constValue('OPEN_FLAGS', 'O_CREAT');
const SPAWN_CLOEXEC = constValue('SPAWN_HANDLE_FLAGS', 'SWIFTOS_SPAWN_HANDLE_CLOEXEC');
const RIGHT_ALL = constValue('RIGHT_MASKS', 'SWIFTOS_RIGHT_ALL');
const FD_MAX = constValue('LIMITS', 'FD_MAX');
const SIG_IGN = constValue('SIG_HANDLERS', 'SIG_IGN');
const SIGUSR1 = signalNumber('SIGUSR1');

const argvOf = (p: CaseProgram, name: string): number => p.words([p.str(name), 0]);
const neg = (e: ErrnoName): number => -errno(e);

/** Child-side: unless fcntl(fd, F_GETFD) gives `want`, exit `code`. */
function checkGetfd(c: CaseProgram, fd: number, want: number, code: number): void {
  call(c, 'fcntl', fd, F_GETFD, 0);
  exitUnless(c, 0, want, code);
}

// ---- spawn copies stdio only, as it is ----------------------------------------------------------

function stdioOnlyCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'gaps/spawn-stdio/only-012',
    description: 'a spawned child has handles 0, 1 and 2 open (not close-on-exec) and not the handle 7 the caller holds open',
    clauses: ['PROC.SPAWN.STDIO', 'PROC.SPAWN.STATUS'],
    build({ p }) {
      const fd = p.variable();
      call(p, 'open', p.str('/tmp/gap-stdio'), O_RDWR | O_CREAT, 0o644);
      p.save(fd);
      p.expectCmp('open succeeds', ['PROC.SPAWN.STDIO'], 'ge', 0, fd);
      call(p, 'dup2', fd, 7);
      p.expectEq('dup2 onto 7', ['PROC.SPAWN.STDIO'], 7);
      call(p, 'spawn', p.str('/bin/gap-stdio'), argvOf(p, 'gap-stdio'));
      p.expectEq('the child finds 0, 1, 2 open and 7 and the opened handle closed (exit 0)', ['PROC.SPAWN.STDIO', 'PROC.SPAWN.STATUS'], 0);
      const child = childProgram(p, (c) => {
        for (const f of [0, 1, 2]) checkGetfd(c, f, 0, 10 + f);
        checkGetfd(c, 7, neg('EBADF'), 20);
        checkGetfd(c, 3, neg('EBADF'), 21);
        c.exit(0);
      });
      return { files: [{ path: '/bin/gap-stdio', data: child }] };
    },
  });
}

type CopyVariant = 'cloexec-dropped' | 'closed-stays-closed' | 'same-object' | 'same-rights';

const COPY_TEXT: Record<CopyVariant, string> = {
  'cloexec-dropped': 'the caller marks fd 0 close-on-exec; the child\'s fd 0 is open and not close-on-exec',
  'closed-stays-closed': 'the caller closes fd 0; the child\'s fd 0 is closed too',
  'same-object': 'the caller puts a pipe write end at fd 2; what the child writes to its fd 2 comes out of the caller\'s pipe',
  'same-rights': 'the caller puts a pipe read end at fd 0; the child reads the queued byte from fd 0 and write on it fails EBADF (READ only)',
};

function stdioCopyCase(v: CopyVariant): CaseDef {
  return derivedCase(AREA, {
    id: `gaps/spawn-stdio-copy/${v}`,
    description: COPY_TEXT[v],
    clauses: ['PROC.SPAWN.STDIO.COPY', 'PROC.SPAWN.STDIO', 'PROC.SPAWN.STATUS', ...(v === 'same-rights' ? ['FD.RIGHTS.MISSING'] : [])],
    build({ p }) {
      const pipe = new Pipe(p);
      const buf = cell(p);
      let child: Uint8Array;
      switch (v) {
        case 'cloexec-dropped':
          call(p, 'fcntl', 0, F_SETFD, FD_CLOEXEC);
          p.expectEq('F_SETFD FD_CLOEXEC on fd 0', ['PROC.SPAWN.STDIO.COPY'], 0);
          child = childProgram(p, (c) => { checkGetfd(c, 0, 0, 1); c.exit(0); });
          break;
        case 'closed-stays-closed':
          call(p, 'close', 0);
          p.expectEq('close(0)', ['PROC.SPAWN.STDIO.COPY'], 0);
          child = childProgram(p, (c) => { checkGetfd(c, 0, neg('EBADF'), 1); checkGetfd(c, 2, 0, 2); c.exit(0); });
          break;
        case 'same-object':
          pipe.create(p);
          call(p, 'dup2', pipe.write, 2);
          p.expectEq('dup2(pipe write end, 2)', ['PROC.SPAWN.STDIO.COPY'], 2);
          child = childProgram(p, (c) => {
            call(c, 'write', 2, c.str('k'), 1);
            exitUnless(c, 0, 1, 1);
            c.exit(0);
          });
          break;
        case 'same-rights':
          pipe.create(p);
          call(p, 'write', pipe.write, p.str('q'), 1);
          call(p, 'dup2', pipe.read, 0);
          p.expectEq('dup2(pipe read end, 0)', ['PROC.SPAWN.STDIO.COPY'], 0);
          child = childProgram(p, (c) => {
            const b = c.space(8, 8);
            call(c, 'write', 0, b, 1);
            exitUnless(c, 0, neg('EBADF'), 1);
            call(c, 'read', 0, b, 1);
            exitUnless(c, 0, 1, 2);
            c.loadInt(0, b);
            exitUnless(c, 0, 'q'.charCodeAt(0), 3);
            c.exit(0);
          });
          break;
      }
      call(p, 'spawn', p.str('/bin/gap-copy'), argvOf(p, 'gap-copy'));
      p.expectEq('the child\'s checks hold (exit 0)', ['PROC.SPAWN.STDIO.COPY', 'PROC.SPAWN.STATUS', ...(v === 'same-rights' ? ['FD.RIGHTS.MISSING'] : [])], 0);
      if (v === 'same-object') {
        call(p, 'read', pipe.read, buf, 1);
        p.expectEq('the caller\'s pipe holds one byte', ['PROC.SPAWN.STDIO.COPY'], 1);
        p.loadInt(3, buf);
        p.expectEq('the byte the child wrote to its fd 2', ['PROC.SPAWN.STDIO.COPY'], 'k'.charCodeAt(0), 3);
      }
      return { files: [{ path: '/bin/gap-copy', data: child }] };
    },
  });
}

// ---- spawn_handles: the close-on-exec flag ------------------------------------------------------

function spawnhCloexecCase(flag: boolean): CaseDef {
  const target = 5;
  return derivedCase(AREA, {
    id: `gaps/spawnh-cloexec/${flag ? 'set' : 'clear'}`,
    description: flag
      ? `a spec with SWIFTOS_SPAWN_HANDLE_CLOEXEC: the child's handle ${target} reports FD_CLOEXEC and is gone after the child's execve`
      : `a spec without flags: the child's handle ${target} is not close-on-exec and survives the child's execve`,
    clauses: ['PROC.SPAWNH.CLOEXEC', 'PROC.SPAWNH.EMPTY', 'PROC.SPAWN.STATUS'],
    build({ p }) {
      const pipe = new Pipe(p);
      pipe.create(p);
      const spec = p.bytes(encodeLayout(layout('spawn_handle'), { source_fd: 0, target_fd: target, rights: RIGHT_ALL, flags: flag ? SPAWN_CLOEXEC : 0 }), 8);
      // source_fd is patched to the pipe's read end at run time.
      p.loadInt(3, pipe.fds);
      p.a.movImm(9, spec).inst('STR_W_uoff', { Rt: 3, Rn: 9, imm12: 0 });
      call(p, 'spawn_handles', p.str('/bin/gap-cloexec'), argvOf(p, 'gap-cloexec'), spec, 1);
      p.expectEq('the child and the image it execs find the expected state (exit 0)', ['PROC.SPAWNH.CLOEXEC', 'PROC.SPAWNH.EMPTY', 'PROC.SPAWN.STATUS'], 0);
      const first = childProgram(p, (c) => {
        checkGetfd(c, target, flag ? FD_CLOEXEC : 0, 1);
        checkGetfd(c, 3, neg('EBADF'), 2);
        call(c, 'execve', c.str('/bin/gap-after'), argvOf(c, 'gap-after'), c.words([0]));
        c.exit(3);
      });
      const after = childProgram(p, (c) => {
        checkGetfd(c, target, flag ? neg('EBADF') : 0, 4);
        c.exit(0);
      });
      return { files: [{ path: '/bin/gap-cloexec', data: first }, { path: '/bin/gap-after', data: after }] };
    },
  });
}

// ---- spawn_handles: check order --------------------------------------------------------------

interface Spec { readonly src: 'ok' | 'closed'; readonly target: number; readonly flags: number }
interface OrderRow {
  readonly id: string;
  readonly what: string;
  readonly specs: readonly Spec[];
  readonly program: 'ok' | 'missing';
  readonly errno: ErrnoName;
  readonly clauses: readonly string[];
}

const BADFLAG = 2;
const ORDER: readonly OrderRow[] = [
  { id: 'source-before-flags', what: 'a spec whose source is not open and whose flags are unknown', specs: [{ src: 'closed', target: 3, flags: BADFLAG }], program: 'ok', errno: 'EBADF', clauses: ['PROC.SPAWNH.BADFD'] },
  { id: 'target-before-flags', what: `a spec with target ${FD_MAX} and unknown flags`, specs: [{ src: 'ok', target: FD_MAX, flags: BADFLAG }], program: 'ok', errno: 'EBADF', clauses: ['PROC.SPAWNH.BADFD'] },
  { id: 'vector-order-einval-first', what: 'spec 0 with unknown flags, spec 1 with a closed source', specs: [{ src: 'ok', target: 3, flags: BADFLAG }, { src: 'closed', target: 4, flags: 0 }], program: 'ok', errno: 'EINVAL', clauses: ['PROC.SPAWNH.FLAGS'] },
  { id: 'vector-order-ebadf-first', what: 'spec 0 with a closed source, spec 1 with unknown flags', specs: [{ src: 'closed', target: 3, flags: 0 }, { src: 'ok', target: 4, flags: BADFLAG }], program: 'ok', errno: 'EBADF', clauses: ['PROC.SPAWNH.BADFD'] },
  { id: 'source-before-duplicate', what: 'spec 1 repeats spec 0\'s target and has a closed source', specs: [{ src: 'ok', target: 3, flags: 0 }, { src: 'closed', target: 3, flags: 0 }], program: 'ok', errno: 'EBADF', clauses: ['PROC.SPAWNH.BADFD'] },
  { id: 'specs-before-program', what: 'duplicate targets and a program that does not exist', specs: [{ src: 'ok', target: 3, flags: 0 }, { src: 'ok', target: 3, flags: 0 }], program: 'missing', errno: 'EINVAL', clauses: ['PROC.SPAWNH.DUPTARGET'] },
  { id: 'flags-before-program', what: 'unknown flags and a program that does not exist', specs: [{ src: 'ok', target: 3, flags: BADFLAG }], program: 'missing', errno: 'EINVAL', clauses: ['PROC.SPAWNH.FLAGS'] },
];

function spawnhOrderCase(r: OrderRow): CaseDef {
  const clauses = ['PROC.SPAWNH.ORDER', ...r.clauses];
  return derivedCase(AREA, {
    id: `gaps/spawnh-order/${r.id}`,
    description: `spawn_handles with ${r.what} fails ${r.errno}; no child was created`,
    clauses: [...clauses, 'PROC.SPAWNH.VALIDATEFIRST', 'PROC.WAIT.NONCHILD'],
    build({ p }) {
      const rec = layout('spawn_handle');
      const bytes = new Uint8Array(rec.size * r.specs.length);
      r.specs.forEach((s, i) => bytes.set(encodeLayout(rec, { source_fd: s.src === 'ok' ? 0 : FD_MAX - 1, target_fd: s.target, rights: RIGHT_ALL, flags: s.flags }), i * rec.size));
      const specs = p.bytes(bytes, 8);
      const path = r.program === 'ok' ? '/bin/gap-exit0' : '/bin/gap-missing';
      call(p, 'spawn_handles', p.str(path), argvOf(p, 'gap'), specs, r.specs.length);
      p.expectErrno(`spawn_handles fails ${r.errno}`, clauses, r.errno);
      call(p, 'waitpid', -1, cell(p), constValue('WAIT_OPTIONS', 'WNOHANG'));
      p.expectErrno('no child exists: waitpid(-1, WNOHANG) fails ECHILD', ['PROC.SPAWNH.VALIDATEFIRST', 'PROC.WAIT.NONCHILD'], 'ECHILD');
      return { files: [{ path: '/bin/gap-exit0', data: childProgram(p, (c) => c.exit(0)) }] };
    },
  });
}

// ---- execve: signal dispositions --------------------------------------------------------------

function execSignalsCase(mode: 'caught' | 'ignored'): CaseDef {
  const expected = mode === 'caught' ? waitStatusSignaled(SIGUSR1) : waitStatusExited(0);
  return derivedCase(AREA, {
    id: `gaps/exec-signals/${mode}`,
    description: mode === 'caught'
      ? 'a child catches SIGUSR1, then execs an image that sends itself SIGUSR1: the disposition was reset to SIG_DFL and the process dies of it'
      : 'a child ignores SIGUSR1, then execs an image that sends itself SIGUSR1: it stays ignored and the image exits 0',
    clauses: ['PROC.EXEC.SIGNALS', 'SIG.DEFAULT.ACTION', 'PROC.WAIT.STATUS'],
    build({ p }) {
      const status = cell(p);
      const flag = cell(p);
      const pid = p.variable();
      const h = recordingHandler(p, flag);
      fork(p, () => {
        if (mode === 'caught') call(p, 'sigaction', SIGUSR1, h.handler, h.restorer);
        else call(p, 'sigaction', SIGUSR1, SIG_IGN, 0);
        exitUnless(p, 0, 0, 90);
        call(p, 'execve', p.str('/bin/gap-selfsig'), argvOf(p, 'gap-selfsig'), p.words([0]));
        p.exit(91);
      });
      p.save(pid);
      call(p, 'waitpid', pid, status, 0);
      expectStatus(p, `wait status 0x${expected.toString(16)}`, ['PROC.EXEC.SIGNALS', 'SIG.DEFAULT.ACTION', 'PROC.WAIT.STATUS'], status, expected);
      const selfsig = childProgram(p, (c) => {
        const me = c.variable();
        call(c, 'getpid');
        c.save(me);
        call(c, 'kill', me, SIGUSR1);
        c.exit(0);
      });
      return { files: [{ path: '/bin/gap-selfsig', data: selfsig }] };
    },
  });
}

// ---- execve: threads -----------------------------------------------------------------------------

const R = 10;
const W = 11;

/**
 * The exec'd image of the threads cases: writes a byte into the pipe at R/W, sleeps so a surviving
 * thread blocked in read(R) would take it, then reads R without blocking: the byte must still be
 * there. Exits `code` on success.
 */
function survivorProbe(parent: CaseProgram, code: number): Uint8Array {
  return childProgram(parent, (c) => {
    const b = c.space(8, 8);
    call(c, 'write', W, c.str('z'), 1);
    exitUnless(c, 0, 1, 1);
    call(c, 'nanosleep', 0, 2_000_000);
    call(c, 'fcntl', R, F_SETFL, O_NONBLOCK);
    call(c, 'read', R, b, 1);
    exitUnless(c, 0, 1, 2);
    c.exit(code);
  });
}

/** Child-side: a pipe moved to R/W and a thread that blocks reading R (consuming anything it gets). */
function blockedReader(p: CaseProgram): void {
  const fds = p.space(8, 8);
  const b = p.space(8, 8);
  call(p, 'pipe', fds);
  call(p, 'dup2', int32(fds), R);
  call(p, 'dup2', int32(fds + 4), W);
  thread(p, () => {
    const again = p.a.here();
    call(p, 'read', R, b, 1);
    p.a.b(again);
  });
}

function execThreadsCase(from: 'main' | 'thread'): CaseDef {
  const code = from === 'main' ? 7 : 9;
  const clauses = from === 'main'
    ? ['PROC.EXEC.THREADS', 'PROC.WAIT.EXITCODE']
    : ['PROC.EXEC.THREADS', 'PROC.EXEC.THREADID', 'PROC.WAIT.EXITCODE'];
  return derivedCase(AREA, {
    id: `gaps/exec-threads/from-${from}`,
    description: from === 'main'
      ? 'execve from the main thread while another thread is blocked in read: the other thread is gone (the new image keeps the byte it writes) and the image exits 7'
      : 'execve from a thread_create thread while the main thread is blocked in read: the main thread is gone, and the new image\'s exit(9) ends the process',
    clauses,
    build({ p }) {
      const status = cell(p);
      const pid = p.variable();
      fork(p, () => {
        if (from === 'main') {
          blockedReader(p);
          call(p, 'nanosleep', 0, 1_000_000);
          call(p, 'execve', p.str('/bin/gap-probe'), argvOf(p, 'gap-probe'), p.words([0]));
          p.exit(90);
        } else {
          const fds = p.space(8, 8);
          const b = p.space(8, 8);
          call(p, 'pipe', fds);
          call(p, 'dup2', int32(fds), R);
          call(p, 'dup2', int32(fds + 4), W);
          thread(p, () => {
            call(p, 'nanosleep', 0, 1_000_000);
            call(p, 'execve', p.str('/bin/gap-probe'), argvOf(p, 'gap-probe'), p.words([0]));
            p.exit(91);
          });
          const again = p.a.here();
          call(p, 'read', R, b, 1);
          p.a.b(again);
        }
      });
      p.save(pid);
      call(p, 'waitpid', pid, status, 0);
      expectStatus(p, `the process ends with the new image's exit ${code}: status 0x${waitStatusExited(code).toString(16)}`, clauses, status, waitStatusExited(code));
      return { files: [{ path: '/bin/gap-probe', data: survivorProbe(p, code) }] };
    },
  });
}

export function gapCases(): CaseDef[] {
  return [
    stdioOnlyCase(),
    ...(['cloexec-dropped', 'closed-stays-closed', 'same-object', 'same-rights'] as const).map(stdioCopyCase),
    spawnhCloexecCase(true),
    spawnhCloexecCase(false),
    ...ORDER.map(spawnhOrderCase),
    execSignalsCase('caught'),
    execSignalsCase('ignored'),
    execThreadsCase('main'),
    execThreadsCase('thread'),
  ];
}
