// spawn: synchronous, stdio only, reaped by the caller; the exec checks it shares with execve.
import { describe, expect, it } from 'vitest';
import { constValue, DEFAULT_HANDLE_RIGHTS, rightsMask, SEEDED_PRINCIPAL_CAPS } from '../../../spec/index.js';
import type { Kernel, SyscallEvent } from '../kernel.js';
import type { Process } from '../process.js';
import { err, Prog } from '../testkit.js';
import { checkEntry, EXEC_FAILURES, exitsWith, vector } from './exec-cases.js';
import { Checks, image, runWith, SIGSEGV, storeWord, sys, tmpfsFile, type RunOptions } from './exec.testkit.js';

const CHILD = '/bin/child';
const TTY_RIGHTS = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'tty')!.rights);
const SIGUSR1 = constValue('SIGNALS', 'SIGUSR1');
const SIGUSR2 = constValue('SIGNALS', 'SIGUSR2');
const SIGTERM = constValue('SIGNALS', 'SIGTERM');
const exit0 = { kind: 'exit', status: 0 };

/** init spawns `path` with `argv` (NULL when absent) after `before`, then runs `after`. */
function spawner(path: string, argv: readonly string[] | null, after?: (p: Prog, c: Checks) => void, before?: (p: Prog) => void): Prog {
  const p = new Prog();
  const c = new Checks(p);
  before?.(p);
  sys(p, 'spawn', p.str(path), argv === null ? 0 : vector(p, argv));
  p.keep(19);
  after?.(p, c);
  c.done();
  return p;
}

/** Runs with /bin/child = `child` (plus `overlay`). */
function runSpawn(prog: Prog, child: Uint8Array, opts: RunOptions = {}): ReturnType<typeof runWith> {
  return runWith(prog, { image: new Map([[CHILD, child]]), ...opts });
}

/** The state of the first non-init process at its first getpid. */
function watchChild(into: { proc?: Process; kernel?: Kernel; event?: SyscallEvent }): RunOptions['watch'] {
  return (e, k) => {
    if (e.pid !== 1 && e.name === 'getpid' && into.proc === undefined) {
      into.proc = k.processes.get(e.pid)!;
      into.kernel = k;
      into.event = e;
      snapshots.set(into.proc, {
        handles: k.handles(into.proc).entries().map(([fd, h]) => [fd, { ...h }]),
        parentHandles: k.handles(k.init!).entries().map(([fd, h]) => [fd, { ...h }]),
        identity: into.proc.identity,
      });
    }
  };
}

type HandleList = [number, { object: unknown; rights: number; cloexec: boolean }][];
const snapshots = new Map<Process, { handles: HandleList; parentHandles: HandleList; identity: Process['identity'] }>();

const getpidChild = (): Uint8Array => image((p) => sys(p, 'getpid'));

describe('spawn', () => {
  it('PROC.SPAWN.SYNC, PROC.SPAWN.STATUS: spawn runs the child to its end, then returns its exit code', () => {
    const r = runSpawn(spawner(CHILD, ['child'], (p) => {
      const msg = p.str('parent\n');
      sys(p, 'write', 1, msg, 7);
    }), exitsWith(7, 'child\n'));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.out).toBe('child\nparent\n');
    expect(r.ret('spawn')).toBe(7n);
    expect(r.clause('spawn')).toBe('PROC.SPAWN.STATUS');
    const blocked = r.events.findIndex((e) => e.name === 'spawn' && e.outcome === 'block');
    const childExit = r.events.findIndex((e) => e.pid !== 1 && e.name === 'exit');
    const returned = r.events.findIndex((e) => e.name === 'spawn' && e.outcome === 'return');
    expect(blocked >= 0 && blocked < childExit && childExit < returned).toBe(true);
  });

  it('PROC.SPAWN.STATUS: the code is status & 0xff; a child killed by a signal gives 128 + the signal', () => {
    expect(runSpawn(spawner(CHILD, null), exitsWith(300)).ret('spawn')).toBe(44n);
    expect(runSpawn(spawner(CHILD, null), exitsWith(0)).ret('spawn')).toBe(0n);
    const segv = image((p) => {
      p.a.movImm(19, 0x9100_0000);
      storeWord(p, 19, 0, 1);
    });
    expect(runSpawn(spawner(CHILD, null), segv).ret('spawn')).toBe(BigInt(128 + SIGSEGV));
  });

  it('PROC.SPAWN.REAPED: the child is reaped by spawn itself: waitpid finds no child, and its pid is free again', () => {
    const r = runSpawn(spawner(CHILD, null, (p) => {
      sys(p, 'waitpid', -1, 0, 1);
      sys(p, 'spawn', p.str(CHILD), 0);
    }), exitsWith(3), { pidMax: 2 });
    expect(r.rets('spawn')).toEqual([3n, 3n]);
    expect(r.ret('waitpid')).toBe(err('ECHILD'));
    expect(r.events.filter((e) => e.name === 'exit' && e.pid === 2)).toHaveLength(2);
  });

  it('PROC.SPAWN.STDIO, PROC.SPAWN.STDIO.COPY: the child holds exactly the caller\'s fds 0, 1, 2 with the same objects and rights, not close-on-exec', () => {
    const seen: { proc?: Process } = {};
    const child = image((p, c) => {
      sys(p, 'getpid');
      sys(p, 'write', 3, p.str('x'), 1);
      c.errno('EBADF');
      sys(p, 'write', 4, p.str('x'), 1);
      c.errno('EBADF');
      sys(p, 'write', 1, p.str('ok'), 2);
      c.eq(0, 2);
    });
    const r = runSpawn(spawner(CHILD, null, undefined, (p) => sys(p, 'pipe', p.space(8))), child, {
      watch: watchChild(seen),
      setup: (s) => (s.kernel.handles(s.init).get(1)!.cloexec = true),
    });
    expect(r.ret('spawn')).toBe(0n);
    expect(r.out).toBe('ok');
    const { handles, parentHandles } = snapshots.get(seen.proc!)!;
    expect(handles.map(([fd]) => fd)).toEqual([0, 1, 2]);
    expect(parentHandles.map(([fd]) => fd)).toEqual([0, 1, 2, 3, 4]);
    for (const [fd, h] of handles) {
      expect(h.object).toBe(parentHandles[fd]![1].object);
      expect(h.rights).toBe(TTY_RIGHTS);
      expect(h.cloexec).toBe(false);
    }
  });

  it('PROC.SPAWN.STDIO.COPY: a standard fd the caller closed stays closed in the child', () => {
    const child = image((p, c) => {
      sys(p, 'write', 2, p.str('x'), 1);
      c.errno('EBADF');
      sys(p, 'write', 1, p.str('y'), 1);
      c.eq(0, 1);
    });
    const r = runSpawn(spawner(CHILD, null, undefined, (p) => sys(p, 'close', 2)), child);
    expect(r.ret('spawn')).toBe(0n);
    expect(r.out).toBe('y');
  });

  it('PROC.ENTRY.REGS, PROC.ENTRY.STACK, PROC.ENTRY.AUXV, PROC.EXEC.NOENV: the child starts with argc, argv, an empty envp and zeroed registers', () => {
    const argv = ['child', 'one', 'two words'];
    const child = image((p, c) => checkEntry(p, c, argv, []));
    expect(runSpawn(spawner(CHILD, argv), child).ret('spawn')).toBe(0n);
    const noArgs = image((p, c) => checkEntry(p, c, [], []));
    expect(runSpawn(spawner(CHILD, null), noArgs).ret('spawn')).toBe(0n);
  });

  it('ABI.ARGV.TOOBIG: 32 strings are accepted; 33 strings, or more than 4096 bytes of strings, fail E2BIG', () => {
    const args = (n: number, len = 1): string[] => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(len));
    const ok32 = image((_p, c) => c.eq(0, 32));
    expect(runSpawn(spawner(CHILD, args(32)), ok32).ret('spawn')).toBe(0n);
    for (const argv of [args(33), args(2, 2048), args(1, 4096)]) {
      const r = runSpawn(spawner(CHILD, argv), ok32);
      expect(r.ret('spawn')).toBe(err('E2BIG'));
      expect(r.clause('spawn')).toBe('ABI.ARGV.TOOBIG');
    }
    expect(runSpawn(spawner(CHILD, [...args(1, 2047), ...args(1, 2047)]), image((_p, c) => c.eq(0, 2))).ret('spawn')).toBe(0n);
  });

  it('PROC.SPAWN.CWD: the child inherits the current directory (relative paths resolve from it) and the confinement', () => {
    const seen: { proc?: Process } = {};
    const r = runSpawn(spawner('child', null), getpidChild(), {
      watch: watchChild(seen),
      setup: (s) => {
        s.init.root = '/bin';
        s.init.cwd = '/bin';
      },
    });
    expect(r.ret('spawn')).toBe(0n);
    expect([seen.proc!.cwd, seen.proc!.root]).toEqual(['/bin', '/bin']);
  });

  it('PROC.SPAWN.IDENTITY, SEC.SPAWNCAP, SEC.SPAWNCAP.NOTENFORCED: the child runs as the caller; a caller without capSpawn can spawn', () => {
    for (const identity of [{ principal: 2, session: 7, caps: SEEDED_PRINCIPAL_CAPS.user }, { principal: 3, session: 3, caps: 0 }]) {
      const seen: { proc?: Process } = {};
      const r = runSpawn(spawner(CHILD, null), getpidChild(), { identity, watch: watchChild(seen) });
      expect(r.ret('spawn')).toBe(0n);
      expect(snapshots.get(seen.proc!)!.identity).toEqual(identity);
    }
  });

  it('PROC.SPAWN.SIGNALS: the child keeps ignored signals ignored, has every caught one back at SIG_DFL and nothing pending', () => {
    const seen: { proc?: Process } = {};
    runSpawn(spawner(CHILD, null), getpidChild(), {
      watch: watchChild(seen),
      setup: (s) => {
        s.init.signals.actions[SIGUSR1] = { handler: 0x8000_0100n, restorer: 0x8000_0200n };
        s.init.signals.actions[SIGTERM] = { handler: 1n, restorer: 0n };
        s.init.signals.actions[SIGUSR2] = { handler: 0x8000_0300n, restorer: 0x8000_0200n };
      },
    });
    const actions = seen.proc!.signals.actions;
    expect([actions[SIGUSR1]!.handler, actions[SIGTERM]!.handler, actions[SIGUSR2]!.handler]).toEqual([0n, 1n, 0n]);
    expect(seen.proc!.signals.pending).toBe(0);
  });

  it('PROC.TABLE.FULL: with the process table full spawn fails EAGAIN and frees the image it loaded', () => {
    const frames: number[] = [];
    const r = runSpawn(spawner(CHILD, null, (p) => sys(p, 'getpid'), (p) => sys(p, 'getpid')), exitsWith(0), {
      maxProcesses: 1,
      watch: (e, k) => e.name === 'getpid' && frames.push(k.phys.framesInUse),
    });
    expect(r.ret('spawn')).toBe(err('EAGAIN'));
    expect(r.clause('spawn')).toBe('PROC.TABLE.FULL');
    expect(frames[1]).toBe(frames[0]);
  });

  it('SEC.SETUID.EXEC, SEC.SETUID.IDENTITY: spawning /bin/sudo runs the child as its owner with root caps, the caller as the real identity', () => {
    const user = { principal: 2, session: 5, caps: SEEDED_PRINCIPAL_CAPS.user };
    const seen: { proc?: Process } = {};
    const r = runWith(spawner('/bin/sudo', null), { image: new Map([['/bin/sudo', getpidChild()]]), identity: user, watch: watchChild(seen) });
    expect(r.ret('spawn')).toBe(0n);
    expect(snapshots.get(seen.proc!)!.identity).toEqual({ principal: 1, session: 5, caps: SEEDED_PRINCIPAL_CAPS.root, real: user });
    expect(r.kernel.init!.identity).toEqual(user);
  });

  it('SEC.SETUID.TMPFS: the setuid bit of a tmpfs file is ignored', () => {
    const user = { principal: 2, session: 2, caps: SEEDED_PRINCIPAL_CAPS.user };
    const seen: { proc?: Process } = {};
    const r = runWith(spawner('/tmp/su', null), {
      identity: user,
      watch: watchChild(seen),
      setup: (s) => tmpfsFile(s.kernel, '/tmp/su', getpidChild(), 0o4755),
    });
    expect(r.ret('spawn')).toBe(0n);
    expect(snapshots.get(seen.proc!)!.identity).toEqual(user);
  });

  it('PROC.SPAWN.INTR: a handler interrupting the wait makes spawn fail EINTR; the child runs on and waitpid reaps it', () => {
    // The handler checks the x0 saved in its frame (SIG.FRAME.LAYOUT: x0 at offset 8), then waits.
    const p = new Prog();
    const c = new Checks(p);
    const handler = p.a.label();
    const status = p.space(8);
    sys(p, 'spawn', p.str(CHILD), 0);
    c.eq(0, -1);
    c.done();
    p.a.bind(handler);
    p.mov(21, 2);
    c.word(21, 8, -4);
    sys(p, 'waitpid', -1, status, 0);
    c.eq(0, 2);
    p.load(22, status);
    c.eq(22, 9 << 8);
    c.done();
    const child = image((q) => {
      sys(q, 'getpid');
      sys(q, 'nanosleep', 0, 1_000_000);
      q.exit(9);
    });
    let sent = false;
    const r = runSpawn(p, child, {
      setup: (s) => {
        const at = BigInt(0x8000_0000 + handler.offset);
        s.init.signals.actions[SIGUSR1] = { handler: at, restorer: at };
      },
      watch: (e, k) => {
        if (!sent && e.pid === 2 && e.name === 'getpid') {
          sent = true;
          k.signal(k.init!, SIGUSR1);
        }
      },
    });
    expect(r.result.verdict).toEqual(exit0);
    expect(r.rets('spawn').filter((v) => v !== err('EINTR'))).toEqual([]);
  });
});

describe('spawn refuses what execve refuses', () => {
  for (const f of EXEC_FAILURES) {
    it(`${f.clause}: ${f.name} fails ${f.errno}, and no child exists`, () => {
      const r = runWith(spawner(f.path, [f.path]), {
        image: new Map([...(f.overlay ?? []), [CHILD, exitsWith(0)]]),
        ...(f.memoryBytes !== undefined ? { memoryBytes: f.memoryBytes } : {}),
        ...(f.setup ? { setup: f.setup } : {}),
      });
      expect(r.ret('spawn')).toBe(err(f.errno));
      expect(r.clause('spawn')).toBe(f.clause);
      expect(r.events.some((e) => e.pid !== 1)).toBe(false);
      expect(r.result.verdict).toEqual(exit0);
    });
  }

  it('ABI.STRING.TOOLONG: a path longer than 4095 bytes fails ENAMETOOLONG', () => {
    const r = runSpawn(spawner('/' + 'a'.repeat(4095), null), exitsWith(0));
    expect(r.ret('spawn')).toBe(err('ENAMETOOLONG'));
    expect(r.clause('spawn')).toBe('ABI.STRING.TOOLONG');
  });

  it('ABI.FAULT: an unreadable path or argv vector fails EFAULT', () => {
    const r = runSpawn(spawner(CHILD, null, (p) => {
      sys(p, 'spawn', 0x9100_0000, 0);
      sys(p, 'spawn', p.str(CHILD), 0x9100_0000);
      sys(p, 'spawn', p.str(CHILD), p.words([0x9100_0000, 0]));
    }), exitsWith(0));
    expect(r.rets('spawn').slice(1)).toEqual([err('EFAULT'), err('EFAULT'), err('EFAULT')]);
  });

  it('PROC.EXEC.ORDER: spawn of a valid image after a failed one works (the failure left nothing behind)', () => {
    const r = runSpawn(spawner('/bin/nope', null, (p) => {
      sys(p, 'spawn', p.str(CHILD), 0);
      p.keep(20);
    }), exitsWith(5), { pidMax: 2 });
    expect(r.rets('spawn')).toEqual([err('ENOENT'), 5n]);
  });
});
