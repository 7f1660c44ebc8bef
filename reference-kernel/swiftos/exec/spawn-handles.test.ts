// spawn_handles and spawn_handles_async: explicit handle vectors (layout spawn_handle).
import { describe, expect, it } from 'vitest';
import { constValue, DEFAULT_HANDLE_RIGHTS, RIGHT_BITS, rightsMask } from '../../../spec/index.js';
import type { Handle } from '../handles.js';
import type { Process } from '../process.js';
import { err, Prog } from '../testkit.js';
import { checkEntry, EXEC_FAILURES, exitsWith, handleSpecs, vector } from './exec-cases.js';
import { Checks, fileHandle, image, runWith, sys, type RunOptions } from './exec.testkit.js';

const CHILD = '/bin/child';
const ALL = constValue('RIGHT_MASKS', 'SWIFTOS_RIGHT_ALL');
const CLOEXEC = constValue('SPAWN_HANDLE_FLAGS', 'SWIFTOS_SPAWN_HANDLE_CLOEXEC');
const TTY_RIGHTS = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'tty')!.rights);
const WRITE_END = rightsMask(['WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR']);
const exit0 = { kind: 'exit', status: 0 };

interface Spec {
  readonly source_fd: number;
  readonly target_fd: number;
  readonly rights: number;
  readonly flags?: number;
}

const STDIO: readonly Spec[] = [0, 1, 2].map((fd) => ({ source_fd: fd, target_fd: fd, rights: ALL }));

/** init runs `before`, then spawn_handles(`path`, argv, specs(p), n) (or the async call), then `after`. */
function caller(
  specs: (p: Prog) => readonly Spec[] | null,
  opts: { path?: string; argv?: readonly string[]; async?: boolean; count?: number; before?: (p: Prog) => void; after?: (p: Prog, c: Checks) => void } = {},
): Prog {
  const p = new Prog();
  const c = new Checks(p);
  opts.before?.(p);
  const list = specs(p);
  const at = list === null ? 0 : handleSpecs(p, list);
  const argv = opts.argv === undefined ? 0 : vector(p, opts.argv);
  sys(p, opts.async ? 'spawn_handles_async' : 'spawn_handles', p.str(opts.path ?? CHILD), argv, at, opts.count ?? list?.length ?? 0);
  p.keep(19);
  opts.after?.(p, c);
  c.done();
  return p;
}

interface ChildView {
  proc?: Process;
  handles?: [number, Handle][];
}

/** Records the first child's handle table at its first getpid. */
function viewChild(into: ChildView): RunOptions['watch'] {
  return (e, k) => {
    if (e.pid === 1 || e.name !== 'getpid' || into.proc !== undefined) return;
    into.proc = k.processes.get(e.pid)!;
    into.handles = k.handles(into.proc).entries().map(([fd, h]) => [fd, { ...h }]);
  };
}

const run = (prog: Prog, child: Uint8Array, opts: RunOptions = {}): ReturnType<typeof runWith> =>
  runWith(prog, { image: new Map([[CHILD, child]]), ...opts });

const withFd = (fd: number, make: (s: Parameters<NonNullable<RunOptions['setup']>>[0]) => Handle): RunOptions['setup'] =>
  (s) => void s.kernel.handles(s.init).installAt(fd, make(s));

describe('spawn_handles', () => {
  it('PROC.SPAWNH.EMPTY, PROC.SPAWNH.ATTENUATE: the seed example: stdio with all rights and /etc/motd at 3 with READ|GETATTR', () => {
    const view: ChildView = {};
    const argv = ['argvdemo', 'inheritcheck'];
    const child = image((p, c) => {
      checkEntry(p, c, argv, []);
      sys(p, 'getpid');
      sys(p, 'write', 1, p.str('hi'), 2);
      c.eq(0, 2);
    });
    const r = run(caller(() => [...STDIO, { source_fd: 3, target_fd: 3, rights: RIGHT_BITS.READ | RIGHT_BITS.GETATTR }], { argv }), child, {
      watch: viewChild(view),
      setup: withFd(3, (s) => fileHandle(s.kernel, '/etc/motd')),
    });
    expect(r.ret('spawn_handles')).toBe(0n);
    expect(r.out).toBe('hi');
    expect(view.handles!.map(([fd, h]) => [fd, h.rights, h.cloexec])).toEqual([
      [0, TTY_RIGHTS, false], [1, TTY_RIGHTS, false], [2, TTY_RIGHTS, false], [3, RIGHT_BITS.READ | RIGHT_BITS.GETATTR, false],
    ]);
  });

  it('PROC.SPAWNH.EMPTY: with no specs (NULL, count 0) the child has no handles at all', () => {
    const view: ChildView = {};
    const child = image((p, c) => {
      sys(p, 'getpid');
      for (const fd of [0, 1, 2]) {
        sys(p, 'write', fd, p.str('x'), 1);
        c.errno('EBADF');
      }
    });
    const r = run(caller(() => null), child, { watch: viewChild(view) });
    expect(r.ret('spawn_handles')).toBe(0n);
    expect(r.out).toBe('');
    expect(view.handles).toEqual([]);
  });

  it('PROC.SPAWNH.EMPTY: a handle can go to another number; the others stay closed', () => {
    const view: ChildView = {};
    const child = image((p, c) => {
      sys(p, 'getpid');
      sys(p, 'write', 7, p.str('seven'), 5);
      c.eq(0, 5);
      sys(p, 'write', 1, p.str('x'), 1);
      c.errno('EBADF');
    });
    const r = run(caller(() => [{ source_fd: 1, target_fd: 7, rights: ALL }]), child, { watch: viewChild(view) });
    expect(r.ret('spawn_handles')).toBe(0n);
    expect(r.out).toBe('seven');
    expect(view.handles!.map(([fd]) => fd)).toEqual([7]);
  });

  it('PROC.SPAWNH.ATTENUATE: the child gets source rights ∩ spec rights, never more than the source holds', () => {
    const view: ChildView = {};
    const child = image((p, c) => {
      sys(p, 'getpid');
      sys(p, 'write', 3, p.str('x'), 1);
      c.eq(0, 1);
      sys(p, 'write', 4, p.str('x'), 1);
      c.errno('EBADF');
    });
    const r = run(caller(() => [
      { source_fd: 4, target_fd: 3, rights: 0xffff_ffff },
      { source_fd: 4, target_fd: 4, rights: RIGHT_BITS.READ | RIGHT_BITS.GETATTR },
    ], { before: (p) => sys(p, 'pipe', p.space(8)) }), child, { watch: viewChild(view) });
    expect(r.ret('spawn_handles')).toBe(0n);
    expect(view.handles!.map(([fd, h]) => [fd, h.rights])).toEqual([[3, WRITE_END], [4, RIGHT_BITS.GETATTR]]);
  });

  it('PROC.SPAWNH.COPY: the source stays open in the parent and both share the object: the child writes, the parent reads', () => {
    const p = new Prog();
    const c = new Checks(p);
    const fds = p.space(8);
    const buf = p.space(16);
    sys(p, 'pipe', fds);
    sys(p, 'spawn_handles', p.str(CHILD), 0, handleSpecs(p, [{ source_fd: 4, target_fd: 1, rights: ALL }]), 1);
    c.eq(0, 0);
    sys(p, 'read', 3, buf, 16);
    c.eq(0, 5);
    sys(p, 'write', 4, p.str('more'), 4);
    c.eq(0, 4);
    sys(p, 'write', 1, buf, 5);
    c.done();
    const r = run(p, exitsWith(0, 'hello'));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.out).toBe('hello');
  });

  it('PROC.SPAWNH.CLOEXEC: the flag makes the child\'s handle close-on-exec; without it the handle survives the child\'s execve', () => {
    const view: ChildView = {};
    const probe = image((p, c) => {
      sys(p, 'write', 5, p.str('x'), 1);
      c.errno('EBADF');
      sys(p, 'write', 6, p.str('y'), 1);
      c.eq(0, 1);
    });
    const child = image((p) => {
      sys(p, 'getpid');
      sys(p, 'execve', p.str('/bin/probe'), 0, 0);
      p.exit(99);
    });
    const r = runWith(caller(() => [{ source_fd: 1, target_fd: 5, rights: ALL, flags: CLOEXEC }, { source_fd: 1, target_fd: 6, rights: ALL }]), {
      image: new Map([[CHILD, child], ['/bin/probe', probe]]),
      watch: viewChild(view),
    });
    expect(view.handles!.map(([fd, h]) => [fd, h.cloexec])).toEqual([[5, true], [6, false]]);
    expect(r.ret('spawn_handles')).toBe(0n);
    expect(r.out).toBe('y');
  });

  it('PROC.SPAWN.SYNC, PROC.SPAWN.STATUS, PROC.SPAWN.REAPED: spawn_handles waits, returns the status and reaps the child', () => {
    const r = run(caller(() => STDIO, { after: (p) => sys(p, 'waitpid', -1, 0, 1) }), exitsWith(0x1ff, 'c'));
    expect(r.ret('spawn_handles')).toBe(0xffn);
    expect(r.out).toBe('c');
    expect(r.ret('waitpid')).toBe(err('ECHILD'));
    expect(r.events.some((e) => e.name === 'spawn_handles' && e.outcome === 'block')).toBe(true);
  });
});

describe('spawn_handles validation', () => {
  /** Calls that must fail with `errno` by `clause` and leave no child (the next fork gets pid 2). */
  const refused = (name: string, specs: readonly Spec[], errno: Parameters<typeof err>[0], clause: string, opts: RunOptions = {}, path = CHILD): void => {
    for (const async of [false, true]) {
      it(`${clause}: ${name}${async ? ' (async)' : ''} fails ${errno}, validated before any child exists (PROC.SPAWNH.VALIDATEFIRST)`, () => {
        const frames: number[] = [];
        const call = async ? 'spawn_handles_async' : 'spawn_handles';
        const r = run(caller(() => specs, {
          async, path,
          before: (p) => sys(p, 'getpid'),
          after: (p) => {
            sys(p, 'getpid');
            sys(p, 'spawn_handles_async', p.str(CHILD), 0, 0, 0);
          },
        }), exitsWith(0), {
          ...opts,
          watch: (e, k) => e.name === 'getpid' && e.pid === 1 && frames.push(k.phys.framesInUse),
        });
        expect(r.ret(call)).toBe(err(errno));
        expect(r.clause(call)).toBe(clause);
        expect(frames[1]).toBe(frames[0]);
        expect(r.ret('spawn_handles_async', async ? 1 : 0)).toBe(2n);
      });
    }
  };

  refused('a source_fd that is not open', [...STDIO, { source_fd: 9, target_fd: 3, rights: ALL }], 'EBADF', 'PROC.SPAWNH.BADFD');
  refused('a negative source_fd', [{ source_fd: -1, target_fd: 3, rights: ALL }], 'EBADF', 'PROC.SPAWNH.BADFD');
  refused('a target_fd below 0', [{ source_fd: 1, target_fd: -1, rights: ALL }], 'EBADF', 'PROC.SPAWNH.BADFD');
  refused('a target_fd of FD_MAX', [{ source_fd: 1, target_fd: constValue('LIMITS', 'FD_MAX'), rights: ALL }], 'EBADF', 'PROC.SPAWNH.BADFD');
  refused('a source without TRANSFER', [...STDIO, { source_fd: 3, target_fd: 3, rights: ALL }], 'EACCES', 'PROC.SPAWNH.TRANSFER', {
    setup: withFd(3, (s) => fileHandle(s.kernel, '/etc/motd', ['READ', 'GETATTR'])),
  });
  refused('unknown flag bits', [{ source_fd: 1, target_fd: 1, rights: ALL, flags: 2 }], 'EINVAL', 'PROC.SPAWNH.FLAGS');
  refused('two specs with one target', [{ source_fd: 1, target_fd: 1, rights: ALL }, { source_fd: 2, target_fd: 1, rights: ALL }], 'EINVAL', 'PROC.SPAWNH.DUPTARGET');
  refused('a bad spec before a missing program (PROC.SPAWNH.ORDER)', [{ source_fd: 9, target_fd: 1, rights: ALL }], 'EBADF', 'PROC.SPAWNH.BADFD', {}, '/bin/nope');
  refused('records checked in order (PROC.SPAWNH.ORDER)', [{ source_fd: 1, target_fd: 1, rights: ALL, flags: 4 }, { source_fd: 9, target_fd: 2, rights: ALL }], 'EINVAL', 'PROC.SPAWNH.FLAGS');
  refused('fields checked in order (PROC.SPAWNH.ORDER)', [{ source_fd: 9, target_fd: -1, rights: ALL, flags: 4 }], 'EBADF', 'PROC.SPAWNH.BADFD');
  refused('a missing program after good specs', STDIO, 'ENOENT', 'PROC.EXEC.NOENT', {}, '/bin/nope');

  it('ABI.LENGTH.BOUNDS, ABI.FAULT: count above 512 fails EINVAL; an unreadable spec vector fails EFAULT', () => {
    const r = run(caller(() => STDIO, {
      count: 513,
      after: (p) => {
        sys(p, 'spawn_handles', p.str(CHILD), 0, 0, 1);
        sys(p, 'spawn_handles_async', p.str(CHILD), 0, 0x9100_0000, 2);
      },
    }), exitsWith(0));
    expect(r.rets('spawn_handles')).toEqual([err('EINVAL'), err('EFAULT')]);
    expect(r.clause('spawn_handles')).toBe('ABI.LENGTH.BOUNDS');
    expect(r.ret('spawn_handles_async')).toBe(err('EFAULT'));
  });

  for (const f of EXEC_FAILURES.filter((x) => ['PROC.EXEC.NOTEXEC', 'PROC.EXEC.NOEXEC', 'MM.WX.ELF', 'PROC.EXEC.NOMEM'].includes(x.clause))) {
    it(`${f.clause}: spawn_handles_async of ${f.name} fails ${f.errno}`, () => {
      const r = runWith(caller(() => STDIO, { path: f.path, async: true }), {
        ...(f.overlay ? { image: f.overlay } : {}),
        ...(f.memoryBytes !== undefined ? { memoryBytes: f.memoryBytes } : {}),
      });
      expect(r.ret('spawn_handles_async')).toBe(err(f.errno));
      expect(r.clause('spawn_handles_async')).toBe(f.clause);
    });
  }
});

describe('spawn_handles_async', () => {
  it('PROC.SPAWNH.ASYNC, PROC.WAIT.REAP: returns the child pid at once; the child is an ordinary child that waitpid reaps', () => {
    const r = run(caller(() => STDIO, {
      async: true,
      argv: ['child'],
      after: (p, c) => {
        const msg = p.str('parent first\n');
        sys(p, 'write', 1, msg, 13);
        const status = p.space(8);
        sys(p, 'waitpid', { reg: 19 }, status, 0);
        c.cmpReg(0, 19).when('eq');
        p.load(20, status);
        p.a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 31, Rn: 20, Rd: 20 });
        c.eq(20, 6 << 8);
        sys(p, 'waitpid', -1, 0, 1);
        c.errno('ECHILD');
      },
    }), exitsWith(6, 'child\n'));
    expect(r.result.verdict).toEqual(exit0);
    const pid = r.ret('spawn_handles_async');
    expect(pid).toBe(2n);
    expect(r.clause('spawn_handles_async')).toBe('PROC.SPAWNH.ASYNC');
    expect(r.out).toBe('parent first\nchild\n');
    expect(r.events.some((e) => e.name === 'spawn_handles_async' && e.outcome === 'block')).toBe(false);
  });

  it('PROC.TABLE.FULL: with the process table full both calls fail EAGAIN', () => {
    const r = run(caller(() => STDIO, { async: true, after: (p) => sys(p, 'spawn_handles', p.str(CHILD), 0, 0, 0) }), exitsWith(0), { maxProcesses: 1 });
    expect([r.ret('spawn_handles_async'), r.ret('spawn_handles')]).toEqual([err('EAGAIN'), err('EAGAIN')]);
    expect(r.clause('spawn_handles')).toBe('PROC.TABLE.FULL');
  });

  it('PROC.SPAWNH.ATTENUATE, PROC.EXEC.NOENV, PROC.SPAWN.CWD: the async child gets attenuated handles, an empty environment and the cwd', () => {
    const view: ChildView = {};
    const child = image((p, c) => {
      checkEntry(p, c, ['a', 'b'], []);
      sys(p, 'getpid');
    });
    const r = run(caller(() => [{ source_fd: 1, target_fd: 1, rights: RIGHT_BITS.WRITE }], {
      async: true, argv: ['a', 'b'], after: (p) => sys(p, 'waitpid', -1, p.space(8), 0),
    }), child, { watch: viewChild(view), setup: (s) => (s.init.cwd = '/etc') });
    expect(r.ret('waitpid')).toBe(2n);
    expect(view.handles!.map(([fd, h]) => [fd, h.rights])).toEqual([[1, RIGHT_BITS.WRITE]]);
    expect(view.proc!.cwd).toBe('/etc');
    expect(r.events.find((e) => e.pid === 2 && e.name === 'exit')!.args[0]).toBe(0n);
  });
});
