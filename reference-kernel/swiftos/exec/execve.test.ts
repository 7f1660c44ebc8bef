// execve: the new image, what stays and what goes, threads, setuid, and failures that change nothing.
import { describe, expect, it } from 'vitest';
import type { CpuContext } from '../../../cpu/cpu.js';
import { constValue, SEEDED_PRINCIPAL_CAPS } from '../../../spec/index.js';
import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';
import type { OverlayEntry } from '../vfs/index.js';
import { CODE, DATA, DATA_SIZE, err, Prog } from '../testkit.js';
import { checkBytes, checkEntry, EXEC_FAILURES, exitsWith, vector } from './exec-cases.js';
import { as, Checks, fileHandle, image, MAP, mmap, PAGE, PROT, runWith, storeWord, sys, ANON, type RunOptions } from './exec.testkit.js';

const CHILD = '/bin/child';
const SIGUSR1 = constValue('SIGNALS', 'SIGUSR1');
const SIGUSR2 = constValue('SIGNALS', 'SIGUSR2');
const SIGTERM = constValue('SIGNALS', 'SIGTERM');
const HEAP = as('USER_HEAP_BASE');
const TOP = as('USER_MMAP_TOP');
const exit0 = { kind: 'exit', status: 0 };
const USER = { principal: 2, session: 4, caps: SEEDED_PRINCIPAL_CAPS.user };

/** init: `before`, then execve(`path`, argv, envp), then `after` (reached only when it fails). */
function execer(path: string, argv: readonly string[] | null, envp: readonly string[] | null, before?: (p: Prog) => void, after?: (p: Prog, c: Checks) => void): Prog {
  const p = new Prog();
  const c = new Checks(p);
  before?.(p);
  sys(p, 'execve', p.str(path), argv === null ? 0 : vector(p, argv), envp === null ? 0 : vector(p, envp));
  after?.(p, c);
  c.done();
  return p;
}

/** Registers of a second thread of init starting at `label` with a stack at the top of the data segment. */
function threadContext(kernel: Kernel, offset: number): CpuContext {
  const ctx = kernel.zeroContext();
  ctx.pc = CODE + offset;
  const sp = DATA + DATA_SIZE - 64;
  ctx.x[62] = sp | 0;
  ctx.x[63] = Math.floor(sp / 2 ** 32) | 0;
  return ctx;
}

/** The process as it was at the new image's first getpid. */
interface Seen {
  proc?: Process;
  tid?: number;
  live?: number;
  frames?: number;
  resident?: number;
  identity?: Process['identity'];
  handles?: number[];
}

function watchNewImage(seen: Seen, pid = 1): RunOptions['watch'] {
  return (e, k) => {
    if (e.name !== 'getpid' || e.pid !== pid || seen.proc !== undefined) return;
    const proc = k.processes.get(e.pid)!;
    if (proc.argv[0] !== 'new') return;
    Object.assign(seen, {
      proc, tid: e.tid, live: proc.liveThreads.length, frames: k.phys.framesInUse, resident: proc.mm.residentPages,
      identity: proc.identity, handles: k.handles(proc).entries().map(([fd]) => fd),
    });
  };
}

describe('execve', () => {
  it('PROC.EXEC.ENV, PROC.ENTRY.REGS, PROC.ENTRY.STACK, PROC.ENTRY.AUXV: execve does not return; argv and envp are copied onto the new stack', () => {
    const argv = ['new', 'arg one', ''];
    const envp = ['A=1', 'HOME=/'];
    const r = runWith(execer(CHILD, argv, envp), { image: new Map([[CHILD, image((p, c) => checkEntry(p, c, argv, envp))]]) });
    expect(r.result.verdict).toEqual(exit0);
    expect(r.events.filter((e) => e.name === 'execve').map((e) => e.outcome)).toEqual(['no-return']);
    const none = runWith(execer(CHILD, null, null), { image: new Map([[CHILD, image((p, c) => checkEntry(p, c, [], []))]]) });
    expect(none.result.verdict).toEqual(exit0);
  });

  it('PROC.EXEC.ENV: the strings are copied byte for byte, also bytes that are not UTF-8, up to the limits', () => {
    const odd = Uint8Array.of(0xff, 0xfe, 0x80, 0x41);
    const big = new Uint8Array(4095).fill(0xff);
    const child = image((p, c) => {
      c.eq(0, 2);
      p.mov(19, 1).mov(20, 2);
      p.a.inst('LDR_X_uoff', { Rt: 24, Rn: 19, imm12: 1 });
      checkBytes(p, c, 24, odd);
      p.a.inst('LDR_X_uoff', { Rt: 24, Rn: 20, imm12: 0 });
      p.a.inst('LDRB_uoff', { Rt: 11, Rn: 24, imm12: 4094 });
      c.eq(11, 0xff);
      p.a.inst('LDRB_uoff', { Rt: 11, Rn: 24, imm12: 4095 });
      c.eq(11, 0);
    });
    const p = new Prog();
    const cstr = (b: Uint8Array): number => p.bytes(Uint8Array.from([...b, 0]), 1);
    sys(p, 'execve', p.str(CHILD), p.words([p.str('new'), cstr(odd), 0]), p.words([cstr(big), 0]));
    p.exit(1);
    const r = runWith(p, { image: new Map([[CHILD, child]]) });
    expect(r.result.verdict).toEqual(exit0);
    const huge = new Prog();
    sys(huge, 'execve', huge.str(CHILD), huge.words([huge.bytes(Uint8Array.from([...big, 0]), 1), 0]), huge.words([huge.bytes(Uint8Array.from([...big, 0]), 1), 0]));
    huge.exit(1);
    expect(runWith(huge, { image: new Map([[CHILD, exitsWith(0)]]) }).result.verdict).toEqual(exit0);
  });

  it('PROC.EXEC.REPLACE, PROC.EXEC.PID: pid, handles, cwd, confinement and identity stay; image, heap and mappings are replaced and the old frames freed', () => {
    const seen: Seen = {};
    const child = image((p, c) => {
      sys(p, 'getpid');
      c.eq(0, 1);
      sys(p, 'sbrk', 0);
      c.eq(0, HEAP);
      sys(p, 'mprotect', TOP - PAGE, PAGE, PROT.R);
      c.errno('ENOMEM');
      sys(p, 'write', 4, p.str('kept'), 4);
      c.eq(0, 4);
      // The new image's bss starts zeroed: init wrote 5 at the same address.
      p.load(20, DATA + DATA_SIZE - 8);
      c.eq(20, 0);
    });
    const r = runWith(execer(CHILD, ['new'], null, (p) => {
      sys(p, 'pipe', p.space(8));
      sys(p, 'sbrk', 4 * PAGE);
      mmap(p, 19, PAGE, PROT.R | PROT.W, ANON | MAP.FIXED, TOP - PAGE);
      p.a.movImm(20, 5);
      p.store(20, DATA + DATA_SIZE - 8);
    }), {
      image: new Map([[CHILD, child]]),
      identity: USER,
      setup: (s) => {
        s.init.cwd = '/etc';
        s.init.root = '/';
      },
      watch: watchNewImage(seen),
    });
    expect(r.result.verdict).toEqual(exit0);
    expect(seen.proc!.pid).toBe(1);
    expect([seen.proc!.cwd, seen.proc!.root, seen.proc!.argv]).toEqual(['/etc', '/', ['new']]);
    expect(seen.identity).toEqual(USER);
    expect(seen.handles).toEqual([0, 1, 2, 3, 4]);
    expect(seen.frames).toBe(seen.resident);
  });

  it('PROC.EXEC.CLOEXEC: close-on-exec handles are closed, the others stay', () => {
    const seen: Seen = {};
    const child = image((p, c) => {
      sys(p, 'getpid');
      sys(p, 'close', 5);
      c.errno('EBADF');
      sys(p, 'close', 6);
      c.eq(0, 0);
    });
    const r = runWith(execer(CHILD, ['new'], null), {
      image: new Map([[CHILD, child]]),
      watch: watchNewImage(seen),
      setup: (s) => {
        const t = s.kernel.handles(s.init);
        t.installAt(5, { ...fileHandle(s.kernel, '/etc/motd'), cloexec: true });
        t.installAt(6, fileHandle(s.kernel, '/etc/motd'));
        t.get(1)!.cloexec = true;
      },
    });
    expect(r.result.verdict).toEqual(exit0);
    expect(seen.handles).toEqual([0, 2, 6]);
  });

  it('PROC.EXEC.SIGNALS: caught signals go back to SIG_DFL, ignored ones stay ignored', () => {
    let actions: Process['signals']['actions'] | null = null;
    runWith(execer(CHILD, ['new'], null), {
      image: new Map([[CHILD, exitsWith(0)]]),
      setup: (s) => {
        s.init.signals.actions[SIGUSR1] = { handler: 0x8000_0100n, restorer: 0x8000_0200n };
        s.init.signals.actions[SIGTERM] = { handler: 1n, restorer: 0n };
      },
      watch: (e, k) => {
        if (e.name === 'execve' && e.outcome === 'no-return') actions = [...k.processes.get(1)!.signals.actions];
      },
    });
    expect(actions![SIGUSR1]!.handler).toBe(0n);
    expect(actions![SIGTERM]!.handler).toBe(1n);
  });

  it('PROC.EXEC.SIGNALS: a pending signal stays pending and acts with its reset disposition in the new image', () => {
    // Thread 2 (not the signal thread) leaves the caught SIGUSR2 pending, then execs; the new
    // image's SIG_DFL for SIGUSR2 terminates it.
    const p = new Prog();
    const second = p.a.label();
    sys(p, 'nanosleep', 10, 0);
    p.exit(1);
    p.a.bind(second);
    sys(p, 'getpid');
    sys(p, 'execve', p.str(CHILD), vector(p, ['new']), 0);
    p.exit(2);
    const r = runWith(p, {
      image: new Map([[CHILD, exitsWith(0)]]),
      setup: (s) => {
        s.init.signals.actions[SIGUSR2] = { handler: 0x8000_0100n, restorer: 0x8000_0200n };
        s.kernel.startThread(s.init, threadContext(s.kernel, second.offset));
      },
      watch: (e, k) => {
        if (e.name === 'getpid' && e.tid !== e.pid) k.processes.get(1)!.signals.pending |= 1 << SIGUSR2;
      },
    });
    expect(r.result.verdict).toMatchObject({ kind: 'signal', signal: SIGUSR2 });
  });

  it('PROC.EXEC.THREADS: execve ends every other thread of the process', () => {
    const seen: Seen = {};
    const p = new Prog();
    const spin = p.a.label();
    sys(p, 'nanosleep', 0, 1000);
    sys(p, 'execve', p.str(CHILD), vector(p, ['new']), 0);
    p.exit(1);
    p.a.bind(spin);
    const loop = p.a.here();
    p.a.b(loop);
    const r = runWith(p, {
      image: new Map([[CHILD, image((q) => sys(q, 'getpid'))]]),
      watch: watchNewImage(seen),
      setup: (s) => void s.kernel.startThread(s.init, threadContext(s.kernel, spin.offset)),
    });
    expect(r.result.verdict).toEqual(exit0);
    expect(seen.live).toBe(1);
    expect(seen.tid).toBe(1);
    expect(r.kernel.threadIds.size).toBe(0);
  });

  it('PROC.EXEC.THREADID, PROC.EXEC.PID: execve from a second thread runs the image as the process\'s initial thread; its exit ends the process', () => {
    const seen: Seen = {};
    const p = new Prog();
    const second = p.a.label();
    sys(p, 'nanosleep', 10, 0);
    p.exit(1);
    p.a.bind(second);
    sys(p, 'execve', p.str(CHILD), vector(p, ['new']), 0);
    p.exit(2);
    const r = runWith(p, {
      image: new Map([[CHILD, image((q, c) => {
        sys(q, 'getpid');
        c.eq(0, 1);
        q.exit(5);
      })]]),
      watch: watchNewImage(seen),
      setup: (s) => void s.kernel.startThread(s.init, threadContext(s.kernel, second.offset)),
    });
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 5 });
    expect([seen.tid, seen.live]).toEqual([1, 1]);
  });

  it('PROC.SPAWN.INTR: a thread blocked in spawn that execve ends leaves its child to the process, which reaps it with waitpid', () => {
    const p = new Prog();
    const second = p.a.label();
    sys(p, 'nanosleep', 0, 100_000);
    sys(p, 'execve', p.str('/bin/reaper'), vector(p, ['reaper']), 0);
    p.exit(1);
    p.a.bind(second);
    sys(p, 'spawn', p.str(CHILD), 0);
    p.exit(2);
    const reaper = image((q, c) => {
      const status = q.space(8);
      sys(q, 'waitpid', -1, status, 0);
      c.eq(0, 3);
      q.load(20, status);
      q.a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 31, Rn: 20, Rd: 20 });
      c.eq(20, 9 << 8);
    });
    const child = image((q) => {
      sys(q, 'nanosleep', 0, 5_000_000);
      q.exit(9);
    });
    const r = runWith(p, {
      image: new Map([[CHILD, child], ['/bin/reaper', reaper]]),
      setup: (s) => void s.kernel.startThread(s.init, threadContext(s.kernel, second.offset)),
    });
    expect(r.result.verdict).toEqual(exit0);
    expect(r.rets('spawn')).toEqual([]);
  });

  it('SEC.SPAWNCAP.NOTENFORCED: a process without capSpawn can execve', () => {
    const r = runWith(execer(CHILD, null, null), { image: new Map([[CHILD, exitsWith(4)]]), identity: { principal: 3, session: 3, caps: 0 } });
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 4 });
  });

  it('ABI.ARGV.TOOBIG: more than 32 envp strings or more than 4096 bytes of them fail E2BIG', () => {
    for (const envp of [Array.from({ length: 33 }, () => 'X=1'), ['A=' + 'x'.repeat(4094)]]) {
      const r = runWith(execer(CHILD, ['new'], envp), { image: new Map([[CHILD, exitsWith(3)]]) });
      expect(r.ret('execve')).toBe(err('E2BIG'));
      expect(r.clause('execve')).toBe('ABI.ARGV.TOOBIG');
    }
    const fits = runWith(execer(CHILD, ['new'], Array.from({ length: 32 }, () => 'X=1')), { image: new Map([[CHILD, exitsWith(3)]]) });
    expect(fits.result.verdict).toEqual({ kind: 'exit', status: 3 });
  });
});

describe('setuid exec', () => {
  it('SEC.SETUID.EXEC, SEC.SETUID.IDENTITY: execve of /bin/sudo runs as its owner with root caps; the invoker stays the real identity', () => {
    const seen: Seen = {};
    const r = runWith(execer('/bin/sudo', ['new'], null), {
      image: new Map([['/bin/sudo', image((p) => sys(p, 'getpid'))]]),
      identity: USER,
      watch: watchNewImage(seen),
    });
    expect(r.result.verdict).toEqual(exit0);
    expect(seen.identity).toEqual({ principal: 1, session: USER.session, caps: SEEDED_PRINCIPAL_CAPS.root, real: USER });
  });

  it('SEC.SETUID.IDENTITY: a second setuid exec keeps the first invoker as the real identity; a plain exec keeps the elevated one', () => {
    const seen: Seen = {};
    const sudo = image((p) => sys(p, 'execve', p.str('/bin/su3'), vector(p, ['su3']), 0));
    const su3 = image((p) => sys(p, 'execve', p.str(CHILD), vector(p, ['new']), 0));
    const r = runWith(execer('/bin/sudo', ['sudo'], null), {
      image: new Map<string, OverlayEntry>([
        ['/bin/sudo', sudo], ['/bin/su3', { data: su3, mode: 0o4755, owner: 3 }], [CHILD, image((p) => sys(p, 'getpid'))],
      ]),
      identity: USER,
      watch: watchNewImage(seen),
    });
    expect(r.result.verdict).toEqual(exit0);
    expect(seen.identity).toEqual({ principal: 3, session: USER.session, caps: SEEDED_PRINCIPAL_CAPS.root, real: USER });
  });

  it('SEC.SETUID.EXEC: without the setuid bit the identity does not change', () => {
    const seen: Seen = {};
    runWith(execer('/bin/plain', ['new'], null), {
      image: new Map([['/bin/plain', { data: image((p) => sys(p, 'getpid')), mode: 0o755, owner: 1 }]]),
      identity: USER,
      watch: watchNewImage(seen),
    });
    expect(seen.identity).toEqual(USER);
  });
});

describe('execve failures', () => {
  for (const f of EXEC_FAILURES) {
    it(`${f.clause}, PROC.EXEC.FAILSAFE: ${f.name} fails ${f.errno} and the caller continues unchanged`, () => {
      const p = new Prog();
      const c = new Checks(p);
      const spin = p.a.label();
      mmap(p, 19, PAGE, PROT.R | PROT.W);
      storeWord(p, 19, 0, 77);
      sys(p, 'execve', p.str(f.path), vector(p, [f.path]), vector(p, ['A=1']));
      c.errno(f.errno);
      sys(p, 'getpid');
      c.word(19, 0, 77);
      sys(p, 'close', 5);
      c.eq(0, 0);
      c.done();
      p.a.bind(spin);
      const loop = p.a.here();
      p.a.b(loop);
      let live = 0;
      const r = runWith(p, {
        image: new Map([...(f.overlay ?? []), [CHILD, exitsWith(0)]]),
        ...(f.memoryBytes !== undefined ? { memoryBytes: f.memoryBytes } : {}),
        setup: (s) => {
          f.setup?.(s);
          s.kernel.handles(s.init).installAt(5, { ...fileHandle(s.kernel, '/etc/motd'), cloexec: true });
          s.kernel.startThread(s.init, threadContext(s.kernel, spin.offset));
        },
        watch: (e, k) => {
          if (e.name === 'getpid') live = k.processes.get(1)!.liveThreads.length;
        },
      });
      expect(r.ret('execve')).toBe(err(f.errno));
      expect(r.clause('execve')).toBe(f.clause);
      expect(r.result.verdict).toEqual(exit0);
      expect(live).toBe(2);
    });
  }

  it('ABI.FAULT: an unreadable path, argv or envp fails EFAULT', () => {
    const r = runWith(execer(CHILD, null, null, (p) => {
      sys(p, 'execve', 0x9100_0000, 0, 0);
      sys(p, 'execve', p.str(CHILD), p.words([0x9100_0000, 0]), 0);
      sys(p, 'execve', p.str(CHILD), 0, 0x9100_0000);
    }), { image: new Map([[CHILD, exitsWith(0)]]) });
    expect(r.rets('execve')).toEqual([err('EFAULT'), err('EFAULT'), err('EFAULT')]);
  });
});
