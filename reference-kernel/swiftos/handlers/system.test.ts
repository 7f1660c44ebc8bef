import { describe, expect, it } from 'vitest';
import {
  CAP_BITS, constValue, decodeLayout, layout, SEEDED_PRINCIPAL_CAPS, SEEDED_PRINCIPALS, type FieldValue,
} from '../../../spec/index.js';
import type { Identity } from '../process.js';
import { CODE, err, Prog, program, run, type Run } from '../testkit.js';
import { formatRecord, KernelLog } from '../log.js';
import { ascii, call, print, record, str, text } from '../tty/testkit.js';

const TIMER_HZ = constValue('LIMITS', 'TIMER_HZ');
const CPU_MAX = constValue('LIMITS', 'CPU_MAX');
const RANDOM_MAX = constValue('LIMITS', 'RANDOM_MAX');
const LEGACY = constValue('LIMITS', 'SYSINFO_LEGACY_SIZE');
const FULL = constValue('LIMITS', 'SYSINFO_FULL_SIZE');
const LOG_STATS_SIZE = constValue('LIMITS', 'LOG_STATS_SIZE');
const READY = constValue('PROC_STATES', 'PROC_READY');
const RUNNING = constValue('PROC_STATES', 'PROC_RUNNING');
const BLOCKED = constValue('PROC_STATES', 'PROC_BLOCKED');
const ZOMBIE = constValue('PROC_STATES', 'PROC_ZOMBIE');
const RESET = constValue('REBOOT_CMDS', 'SWIFTOS_POWER_RESET');
const OFF = constValue('REBOOT_CMDS', 'SWIFTOS_POWER_OFF');
const SIGKILL = constValue('SIGNALS', 'SIGKILL');
const PROT_RW = constValue('PROT', 'PROT_READ') | constValue('PROT', 'PROT_WRITE');
const MAP_ANON_PRIVATE = constValue('MAP_FLAGS', 'MAP_ANONYMOUS') | constValue('MAP_FLAGS', 'MAP_PRIVATE');
const PAGE = 4096;
const NS_PER_TICK = 1e9 / TIMER_HZ;

const principal = (name: 'root' | 'user' | 'guest'): Identity => {
  const pr = SEEDED_PRINCIPALS.members.find((m) => m.name === name)!.value;
  return { principal: pr, session: pr, caps: SEEDED_PRINCIPAL_CAPS[name] };
};
const ROOT = principal('root');
const USER = principal('user');
const LOGGER: Identity = { principal: 9, session: 4, caps: SEEDED_PRINCIPAL_CAPS.root | CAP_BITS.capLogExport };
const NOCAPS: Identity = { principal: 8, session: 8, caps: 0 };
const BAD = 0x1000; // never mapped

const u64 = (v: FieldValue | undefined): bigint => v as bigint;
const u32 = (v: FieldValue | undefined): number => v as number;

function go(build: (p: Prog) => void, opts: Parameters<typeof run>[1] = {}): Run {
  const p = new Prog();
  build(p);
  p.exit(0);
  return run(p, opts);
}

/** A 200-byte buffer filled with 0xAA, so untouched bytes show. */
const pattern = (p: Prog, n = 256): number => p.bytes(new Uint8Array(n).fill(0xaa));

// ---- security_info, security_info_ex, login ---------------------------------------------------

describe('security_info / security_info_ex', () => {
  it('SEC.INFO.RECORD, SEC.BOOT.CONTEXT: init runs as principal 1, session 1, the root caps', () => {
    const r = go((p) => {
      const b = p.space(16);
      call(p, 'security_info', b);
      print(p, b, 16);
    });
    expect(r.ret('security_info')).toBe(0n);
    const rec = record(r, 'security_info');
    expect(u32(rec.principal)).toBe(1);
    expect(u32(rec.session)).toBe(1);
    expect(u64(rec.caps)).toBe(BigInt(SEEDED_PRINCIPAL_CAPS.root));
  });

  it('SEC.PRINCIPALS, SEC.INFO.EFFECTIVE: each seeded principal reads back its own caps', () => {
    for (const name of ['root', 'user', 'guest'] as const) {
      const id = principal(name);
      const r = go((p) => {
        const b = p.space(16);
        call(p, 'security_info', b);
        print(p, b, 16);
      }, { identity: id });
      const rec = record(r, 'security_info');
      expect([u32(rec.principal), u32(rec.session), u64(rec.caps)]).toEqual([id.principal, id.session, BigInt(id.caps)]);
      expect(r.clause('security_info')).toBe('SEC.INFO.EFFECTIVE');
    }
  });

  it('SEC.INFOEX.EQUAL: an ordinary process reports equal effective and real identity', () => {
    const r = go((p) => {
      const b = p.space(32);
      call(p, 'security_info_ex', b);
      print(p, b, 32);
    }, { identity: USER });
    const rec = record(r, 'security_info_ex');
    expect([u32(rec.principal), u32(rec.session), u64(rec.caps)]).toEqual([USER.principal, USER.session, BigInt(USER.caps)]);
    expect([u32(rec.real_principal), u32(rec.real_session), u64(rec.real_caps)]).toEqual([USER.principal, USER.session, BigInt(USER.caps)]);
  });

  it('SEC.INFOEX.FIELDS: effective and real identity are reported apart when they differ; security_info shows the effective one', () => {
    const elevated: Identity = { ...ROOT, real: USER };
    const r = go((p) => {
      const b = p.space(32);
      call(p, 'security_info_ex', b);
      print(p, b, 32);
      call(p, 'security_info', b);
      print(p, b, 16);
    }, { identity: elevated });
    const rec = record(r, 'security_info_ex');
    expect([u32(rec.principal), u32(rec.session), u64(rec.caps)]).toEqual([ROOT.principal, ROOT.session, BigInt(ROOT.caps)]);
    expect([u32(rec.real_principal), u32(rec.real_session), u64(rec.real_caps)]).toEqual([USER.principal, USER.session, BigInt(USER.caps)]);
    expect(r.clause('security_info_ex')).toBe('SEC.INFOEX.FIELDS');
    expect(u32(record(r, 'security_info', 32).principal)).toBe(ROOT.principal);
  });

  it('ABI.FAULT: a record pointer outside mapped memory fails EFAULT', () => {
    const r = go((p) => {
      call(p, 'security_info', BAD);
      call(p, 'security_info_ex', 0);
    });
    expect(r.ret('security_info')).toBe(err('EFAULT'));
    expect(r.ret('security_info_ex')).toBe(err('EFAULT'));
  });
});

describe('login', () => {
  const newId: Identity = { principal: 2, session: 77, caps: SEEDED_PRINCIPAL_CAPS.user };

  it('SEC.LOGIN.REPLACE, SEC.LOGIN.REAL: a capConsole holder replaces its context; effective and real both become it', () => {
    const r = go((p) => {
      const b = p.space(32);
      call(p, 'login', newId.principal, newId.session, newId.caps);
      call(p, 'security_info_ex', b);
      print(p, b, 32);
    }, { identity: { ...ROOT, real: USER } });
    expect(r.ret('login')).toBe(0n);
    expect(r.clause('login')).toBe('SEC.LOGIN.REPLACE');
    const rec = record(r, 'security_info_ex');
    expect([u32(rec.principal), u32(rec.session), u64(rec.caps)]).toEqual([2, 77, BigInt(newId.caps)]);
    expect([u32(rec.real_principal), u32(rec.real_session), u64(rec.real_caps)]).toEqual([2, 77, BigInt(newId.caps)]);
  });

  it('SEC.LOGIN.REPLACE: the caps may grow (capLogExport, which no seeded account holds: SEC.LOGEXPORT)', () => {
    expect(Object.values(SEEDED_PRINCIPAL_CAPS).every((c) => (c & CAP_BITS.capLogExport) === 0)).toBe(true);
    const r = go((p) => {
      const b = p.space(64);
      call(p, 'log_stats', b, 32);
      call(p, 'login', 1, 1, SEEDED_PRINCIPAL_CAPS.root | CAP_BITS.capLogExport);
      call(p, 'log_stats', b, 32);
    });
    expect(r.rets('log_stats')).toEqual([err('EACCES'), 0n]);
  });

  it('SEC.LOGIN.CAP, SEC.CAP.ERRNO: without capConsole login fails EPERM and nothing changes', () => {
    const r = go((p) => {
      const b = p.space(16);
      call(p, 'login', 1, 1, SEEDED_PRINCIPAL_CAPS.root);
      call(p, 'security_info', b);
      print(p, b, 16);
    }, { identity: USER });
    expect(r.ret('login')).toBe(err('EPERM'));
    expect(r.clause('login')).toBe('SEC.LOGIN.CAP');
    expect(u32(record(r, 'security_info').principal)).toBe(USER.principal);
  });

  it('SEC.LOGIN.CAPBITS: caps outside CAPABILITIES fail EINVAL and nothing changes', () => {
    const r = go((p) => {
      const b = p.space(16);
      call(p, 'login', 2, 2, 0x80);
      call(p, 'login', 2, 2, 1n << 40n);
      call(p, 'security_info', b);
      print(p, b, 16);
    });
    expect(r.rets('login')).toEqual([err('EINVAL'), err('EINVAL')]);
    expect(u32(record(r, 'security_info').principal)).toBe(1);
  });

  it('SEC.LOGIN.REPLACE: a forked child inherits the context set by login', () => {
    const r = go((p) => {
      const b = p.space(16);
      call(p, 'login', newId.principal, newId.session, newId.caps);
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'security_info', b);
      print(p, b, 16);
      p.exit(0);
      p.a.bind(parent);
      call(p, 'waitpid', -1, 0, 0);
    });
    const rec = record(r, 'security_info');
    expect([u32(rec.principal), u32(rec.session)]).toEqual([2, 77]);
  });

  it('SEC.LOGIN.THREADS: login in one thread changes the context of every thread of the process', () => {
    const r = go((p) => {
      const b = p.space(16);
      const stack = p.space(4096) + 4096;
      const entry = p.a.label();
      const main = p.a.label();
      p.a.b(main);
      p.a.bind(entry);
      call(p, 'login', newId.principal, newId.session, newId.caps);
      call(p, 'exit', 0);
      p.a.bind(main);
      call(p, 'thread_create', CODE + entry.offset, 0, stack);
      call(p, 'nanosleep', 0, 5_000_000);
      call(p, 'security_info', b);
      print(p, b, 16);
    });
    expect(r.ret('thread_create')).toBeGreaterThan(0n);
    const rec = record(r, 'security_info');
    expect([u32(rec.principal), u32(rec.session), u64(rec.caps)]).toEqual([2, 77, BigInt(newId.caps)]);
  });

  it('SEC.LOGIN.EXEC: the context set by login survives execve', () => {
    const child = program((p) => {
      const b = p.space(16);
      call(p, 'security_info', b);
      print(p, b, 16);
      p.exit(0);
    });
    const r = go((p) => {
      const path = p.str('/bin/child');
      const argv = p.words([p.str('child'), 0]);
      call(p, 'login', newId.principal, newId.session, newId.caps);
      call(p, 'execve', path, argv, 0);
    }, { image: new Map([['/bin/child', child]]) });
    const rec = record(r, 'security_info');
    expect([u32(rec.principal), u32(rec.session), u64(rec.caps)]).toEqual([2, 77, BigInt(newId.caps)]);
  });
});

// ---- sysinfo ----------------------------------------------------------------------------------

describe('sysinfo', () => {
  const MEM = 16 << 20;

  it('SYS.SYSINFO.LEGACY, SYS.SYSINFO.VALUES: capacity 0 writes exactly the 64-byte legacy record', () => {
    const r = go((p) => {
      const b = pattern(p);
      call(p, 'sysinfo', b, 0);
      print(p, b, 256);
    }, { memoryBytes: MEM });
    expect(r.ret('sysinfo')).toBe(0n);
    expect(r.clause('sysinfo')).toBe('SYS.SYSINFO.LEGACY');
    const out = r.result.console;
    expect([...out.subarray(LEGACY)].every((x) => x === 0xaa)).toBe(true);
    const rec = record(r, 'sysinfo');
    expect(u32(rec.hz)).toBe(TIMER_HZ);
    expect(u32(rec.proc_total)).toBe(1);
    expect(u32(rec.proc_running)).toBe(1);
    expect(u32(rec.reserved)).toBe(0);
    expect(u64(rec.mem_total)).toBe(BigInt(MEM));
    const free = u64(rec.mem_free);
    expect(free % BigInt(PAGE)).toBe(0n);
    expect(free > 0n && free < BigInt(MEM)).toBe(true);
    expect([u64(rec.kernel_image), u64(rec.kernel_heap)]).toEqual([0n, 0n]);
    expect(u64(rec.uptime_ticks) >= u64(rec.idle_ticks)).toBe(true);
  });

  it('SYS.SYSINFO.VALUES: mem_free drops by exactly the pages an mmap commits', () => {
    const pages = 5;
    const r = go((p) => {
      const b = p.space(128);
      call(p, 'sysinfo', b, 0);
      call(p, 'mmap', 0, pages * PAGE, PROT_RW, MAP_ANON_PRIVATE, -1, 0);
      call(p, 'sysinfo', b + 64, 0);
      print(p, b, 128);
    }, { memoryBytes: MEM });
    const before = u64(record(r, 'sysinfo', 0).mem_free);
    const after = u64(record(r, 'sysinfo', 64).mem_free);
    expect(before - after).toBe(BigInt(pages * PAGE));
  });

  it('SYS.SYSINFO.FULL, SYS.SYSINFO.CPUS: capacity >= 200 writes the 200-byte record; one CPU, capacity CPU_MAX, higher entries 0', () => {
    const r = go((p) => {
      const b = pattern(p, 300);
      call(p, 'sysinfo', b, 250);
      print(p, b, 300);
    });
    expect(r.clause('sysinfo')).toBe('SYS.SYSINFO.FULL');
    expect([...r.result.console.subarray(FULL)].every((x) => x === 0xaa)).toBe(true);
    const rec = record(r, 'sysinfo_s5');
    expect(u32(rec.cpu_count)).toBe(1);
    expect(u32(rec.cpu_count)).toBeLessThanOrEqual(CPU_MAX);
    expect(u32(rec.cpu_capacity)).toBe(CPU_MAX);
    const cpuTicks = rec.cpu_ticks as readonly bigint[];
    const cpuIdle = rec.cpu_idle_ticks as readonly bigint[];
    expect(cpuTicks[0]).toBe(u64(rec.uptime_ticks));
    expect(cpuIdle[0]).toBe(u64(rec.idle_ticks));
    expect(cpuTicks.slice(1).every((v) => v === 0n) && cpuIdle.slice(1).every((v) => v === 0n)).toBe(true);
  });

  it('SYS.SYSINFO.PREFIX: the first 64 bytes of the full record are the legacy record', () => {
    const r = go((p) => {
      const b = p.space(FULL + LEGACY);
      call(p, 'sysinfo', b, FULL);
      call(p, 'sysinfo', b + FULL, 0);
      print(p, b, FULL + LEGACY);
    });
    const out = r.result.console;
    const legacy = layout('sysinfo');
    expect(decodeLayout(legacy, out, 0)).toEqual(decodeLayout(legacy, out, FULL));
    expect(decodeLayout(layout('sysinfo_s5'), out, 0)).toMatchObject(decodeLayout(legacy, out, FULL));
  });

  it('SYS.SYSINFO.SMALL: capacity 1..63 fails EINVAL; 64..199 writes the 64-byte legacy record', () => {
    const r = go((p) => {
      const b = pattern(p);
      call(p, 'sysinfo', b, 1);
      call(p, 'sysinfo', b, LEGACY - 1);
      call(p, 'sysinfo', b, FULL - 1);
      print(p, b, 256);
    });
    expect(r.rets('sysinfo')).toEqual([err('EINVAL'), err('EINVAL'), 0n]);
    expect(r.clause('sysinfo', 0)).toBe('SYS.SYSINFO.SMALL');
    expect([...r.result.console.subarray(LEGACY)].every((x) => x === 0xaa)).toBe(true);
    expect(u32(record(r, 'sysinfo').hz)).toBe(TIMER_HZ);
  });

  it('ABI.FAULT: an unwritable buffer fails EFAULT, for capacity 0 as well', () => {
    const r = go((p) => {
      call(p, 'sysinfo', BAD, 0);
      call(p, 'sysinfo', BAD, FULL);
    });
    expect(r.rets('sysinfo')).toEqual([err('EFAULT'), err('EFAULT')]);
  });

  it('TIME.MONOTONIC, TIME.VIRTUAL: uptime_ticks advance with a sleep, and an idle sleep counts as idle_ticks', () => {
    const sleepNs = 50_000_000;
    const r = go((p) => {
      const b = p.space(128);
      call(p, 'sysinfo', b, 0);
      call(p, 'nanosleep', 0, sleepNs);
      call(p, 'sysinfo', b + 64, 0);
      print(p, b, 128);
    });
    const a = record(r, 'sysinfo', 0);
    const b = record(r, 'sysinfo', 64);
    const slept = BigInt(Math.floor(sleepNs / NS_PER_TICK));
    expect(u64(b.uptime_ticks) - u64(a.uptime_ticks) >= slept - 1n).toBe(true);
    expect(u64(b.idle_ticks) - u64(a.idle_ticks) >= slept - 1n).toBe(true);
    expect(u64(b.idle_ticks) <= u64(b.uptime_ticks)).toBe(true);
  });

  it('TIME.VIRTUAL: each instruction is 1 ns, so 12 million instructions make one tick and no idle time', () => {
    const r = go((p) => {
      const b = p.space(64);
      p.a.movImm(11, 6_000_000);
      const loop = p.a.here();
      p.a.subImm(11, 11, 1).cbnz(11, loop);
      call(p, 'sysinfo', b, 0);
      print(p, b, 64);
    });
    const rec = record(r, 'sysinfo');
    expect(u64(rec.uptime_ticks)).toBe(BigInt(Math.floor(12_000_000 / NS_PER_TICK)));
    expect(u64(rec.idle_ticks)).toBe(0n);
  });

  it('SYS.SYSINFO.VALUES: proc_total counts every process, proc_running only those running or ready', () => {
    const r = go((p) => {
      const fds = p.space(8);
      const b = p.space(64);
      const byte = p.space(8);
      call(p, 'pipe', fds);
      call(p, 'fork').keep(19);
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      p.load(10, fds);
      p.a.inst('UBFM', { sf: 1, N: 1, immr: 0, imms: 31, Rn: 10, Rd: 10 });
      call(p, 'read', { r: 10 }, byte, 1); // blocks: nobody writes
      p.exit(0);
      p.a.bind(parent);
      call(p, 'nanosleep', 0, 1_000_000); // the child runs and blocks
      call(p, 'sysinfo', b, 0);
      print(p, b, 64);
      call(p, 'kill', { r: 19 }, SIGKILL);
    });
    expect(r.ret('kill')).toBe(0n);
    const rec = record(r, 'sysinfo');
    expect(u32(rec.proc_total)).toBe(2);
    expect(u32(rec.proc_running)).toBe(1);
  });
});

// ---- psinfo, procstat ---------------------------------------------------------------------------

/** Forks a child (pid in x19) that does `child(p)`; the parent goes on after a 1 ms sleep. */
function forkChild(p: Prog, child: (p: Prog) => void): void {
  call(p, 'fork').keep(19);
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child(p);
  p.exit(0);
  p.a.bind(parent);
  call(p, 'nanosleep', 0, 1_000_000);
}

/** A child that blocks for good on a pipe nobody writes. */
function blockForever(p: Prog): void {
  const fds = p.space(8);
  const byte = p.space(8);
  call(p, 'pipe', fds);
  p.load(10, fds);
  p.a.inst('UBFM', { sf: 1, N: 1, immr: 0, imms: 31, Rn: 10, Rd: 10 });
  call(p, 'read', { r: 10 }, byte, 1);
}

function spinForever(p: Prog): void {
  const loop = p.a.here();
  p.a.b(loop);
}

/** Spins about `n` instructions. */
function spin(p: Prog, n: number): void {
  p.a.movImm(11, Math.floor(n / 2));
  const loop = p.a.here();
  p.a.subImm(11, 11, 1).cbnz(11, loop);
}

const PS = layout('ps_entry');
const PROCSTAT = layout('procstat');

describe('psinfo', () => {
  it('SYS.PSINFO.RECORDS, SYS.PSINFO.TOTAL, SYS.PSINFO.STATE, SYS.PROCNAME: one 32-byte record per process by pid; the caller running, a waiting child blocked, the child named as its parent after fork', () => {
    const r = go((p) => {
      forkChild(p, blockForever);
      const b = pattern(p, 4 * PS.size);
      call(p, 'psinfo', b, 4);
      print(p, b, 4 * PS.size);
      call(p, 'kill', { r: 19 }, SIGKILL);
    });
    expect(r.ret('psinfo')).toBe(2n);
    expect(r.clause('psinfo')).toBe('SYS.PSINFO.RECORDS');
    const [a, c] = [record(r, 'ps_entry', 0), record(r, 'ps_entry', PS.size)];
    expect([u32(a.pid), u32(a.ppid), u32(a.state), text(a.name)]).toEqual([1, 0, RUNNING, 'init']);
    expect([u32(c.pid), u32(c.ppid), u32(c.state), text(c.name)]).toEqual([2, 1, BLOCKED, 'init']);
    expect([...r.result.console.subarray(2 * PS.size)].every((x) => x === 0xaa)).toBe(true);
  });

  it('SYS.PSINFO.STATE: a process that can run is ready; SYS.PSINFO.THREADS: a zombie is listed as a zombie', () => {
    const r = go((p) => {
      forkChild(p, spinForever);
      forkChild(p, () => undefined); // exits at once: a zombie, never waited for
      const b = p.space(4 * PS.size);
      call(p, 'psinfo', b, 4);
      print(p, b, 4 * PS.size);
      call(p, 'kill', 2, SIGKILL);
    });
    expect(r.ret('psinfo')).toBe(3n);
    expect(u32(record(r, 'ps_entry', PS.size).state)).toBe(READY);
    expect(u32(record(r, 'ps_entry', 2 * PS.size).state)).toBe(ZOMBIE);
  });

  it('SYS.PSINFO.TOTAL: a capacity below the process count writes that many records and returns the count; capacity 0 with NULL only counts', () => {
    const r = go((p) => {
      forkChild(p, () => undefined);
      const b = pattern(p, 2 * PS.size);
      call(p, 'psinfo', b, 1);
      call(p, 'psinfo', 0, 0);
      print(p, b, 2 * PS.size);
    });
    expect(r.rets('psinfo')).toEqual([2n, 2n]);
    expect(u32(record(r, 'ps_entry', 0).pid)).toBe(1);
    expect([...r.result.console.subarray(PS.size)].every((x) => x === 0xaa)).toBe(true);
  });

  it('SYS.PSINFO.THREADS: threads are not listed', () => {
    const r = go((p) => {
      const stack = p.space(4096) + 4096;
      const entry = p.a.label();
      const main = p.a.label();
      p.a.b(main);
      p.a.bind(entry);
      spinForever(p);
      p.a.bind(main);
      call(p, 'thread_create', CODE + entry.offset, 0, stack);
      call(p, 'psinfo', 0, 0);
    });
    expect(r.ret('thread_create')).toBeGreaterThan(0n);
    expect(r.ret('psinfo')).toBe(1n);
  });

  it('SYS.PROCNAME: the name is argv[0] without directories, cut to 19 bytes and NUL-padded; "?" for an empty argv', () => {
    const long = '/usr/bin/abcdefghijklmnopqrstuvwxyz';
    const build = (p: Prog): void => {
      const b = p.space(PS.size + PROCSTAT.size);
      call(p, 'psinfo', b, 1);
      call(p, 'procstat', b + PS.size, 1);
      print(p, b, PS.size + PROCSTAT.size);
    };
    const r = go(build, { argv: [long] });
    const ps = record(r, 'ps_entry');
    expect(text(ps.name)).toBe('abcdefghijklmnopqrs');
    expect((ps.name as Uint8Array)[19]).toBe(0);
    expect(text(record(r, 'procstat', PS.size).name)).toBe('abcdefghijklmno');
    const empty = go(build, { argv: [] });
    expect(text(record(empty, 'ps_entry').name)).toBe('?');
  });

  it('SEC.INSPECT.NOTENFORCED: psinfo and procstat need no capability', () => {
    const r = go((p) => {
      call(p, 'psinfo', 0, 0);
      call(p, 'procstat', 0, 0);
    }, { identity: NOCAPS });
    expect([r.ret('psinfo'), r.ret('procstat')]).toEqual([1n, 1n]);
  });

  it('ABI.FAULT: a record array outside mapped memory fails EFAULT', () => {
    const r = go((p) => {
      call(p, 'psinfo', BAD, 2);
      call(p, 'procstat', BAD, 1);
    });
    expect([r.ret('psinfo'), r.ret('procstat')]).toEqual([err('EFAULT'), err('EFAULT')]);
  });
});

describe('procstat', () => {
  it('SYS.PROCSTAT.RECORDS, SYS.PROCSTAT.VALUES: 56-byte records with the effective principal, resident bytes growing by the pages mapped', () => {
    const pages = 3;
    const r = go((p) => {
      const b = p.space(2 * PROCSTAT.size);
      call(p, 'procstat', b, 1);
      call(p, 'mmap', 0, pages * PAGE, PROT_RW, MAP_ANON_PRIVATE, -1, 0);
      call(p, 'procstat', b + PROCSTAT.size, 1);
      print(p, b, 2 * PROCSTAT.size);
    }, { identity: { principal: 7, session: 3, caps: SEEDED_PRINCIPAL_CAPS.root, real: USER } });
    expect(r.rets('procstat')).toEqual([1n, 1n]);
    expect(r.clause('procstat')).toBe('SYS.PROCSTAT.RECORDS');
    const [a, b] = [record(r, 'procstat', 0), record(r, 'procstat', PROCSTAT.size)];
    expect([u32(a.pid), u32(a.ppid), u32(a.state), u32(a.principal), text(a.name)]).toEqual([1, 0, RUNNING, 7, 'init']);
    expect(u64(a.start_tick)).toBe(0n);
    expect(u64(a.res_bytes) > 0n && u64(a.res_bytes) % BigInt(PAGE) === 0n).toBe(true);
    expect(u64(b.res_bytes) - u64(a.res_bytes)).toBe(BigInt(pages * PAGE));
  });

  it('SYS.PROCSTAT.VALUES, SYS.PROCNAME: execve keeps cpu_ticks and start_tick and renames the process after the new argv[0]', () => {
    const child = program((p) => {
      const b = p.space(PROCSTAT.size);
      call(p, 'procstat', b, 1);
      print(p, b, PROCSTAT.size);
      p.exit(0);
    });
    const r = go((p) => {
      spin(p, 12_000_000);
      call(p, 'execve', p.str('/bin/child'), p.words([p.str('/bin/renamed'), 0]), 0);
    }, { image: new Map([['/bin/child', child]]) });
    const rec = record(r, 'procstat');
    expect(u64(rec.cpu_ticks)).toBeGreaterThanOrEqual(1n);
    expect(u64(rec.start_tick)).toBe(0n);
    expect(text(rec.name)).toBe('renamed');
  });

  it('SYS.PROCSTAT.VALUES: cpu_ticks count EL0 run time, start_tick the uptime at creation; a zombie has no resident bytes', () => {
    const instructions = 12_000_000;
    const sleepNs = 50_000_000;
    const r = go((p) => {
      spin(p, instructions);
      call(p, 'nanosleep', 0, sleepNs);
      forkChild(p, () => undefined);
      const b = p.space(2 * PROCSTAT.size);
      call(p, 'procstat', b, 2);
      print(p, b, 2 * PROCSTAT.size);
    });
    const [init, child] = [record(r, 'procstat', 0), record(r, 'procstat', PROCSTAT.size)];
    expect(u64(init.cpu_ticks)).toBeGreaterThanOrEqual(BigInt(Math.floor(instructions / NS_PER_TICK)));
    expect(u64(init.cpu_ticks)).toBeLessThan(BigInt(Math.floor((instructions + sleepNs) / NS_PER_TICK)));
    expect(u64(child.start_tick)).toBeGreaterThanOrEqual(BigInt(Math.floor((instructions + sleepNs) / NS_PER_TICK)));
    expect(u32(child.state)).toBe(ZOMBIE);
    expect(u64(child.res_bytes)).toBe(0n);
  });
});

// ---- log_read, log_stats ------------------------------------------------------------------------

/** One exported record as SYS.LOG.FORMAT spells it. */
function line(tick: number, level: string, source: string, msg: string, detail = 0, pid = 0, principal = 1): string {
  let s = `tick=${tick} level=${level} source=${source} msg="${msg}"`;
  if (detail !== 0) s += ` detail=${detail}`;
  if (pid !== 0 || principal !== 1) s += ` pid=${pid} principal=${principal}`;
  return `${s}\n`;
}

const BOOT = line(0, 'I', 'kernel', 'boot');

describe('log_read / log_stats', () => {
  it('SYS.LOG.READ, SYS.LOG.FORMAT, SYS.LOG.EVENTS: boot, a child\'s exit and a psinfo call, oldest first, as key=value lines', () => {
    const r = go((p) => {
      forkChild(p, (c) => c.exit(3));
      call(p, 'psinfo', 0, 0);
      const b = p.space(4096);
      call(p, 'log_read', b, 4096, 0).keep(20);
      call(p, 'write', 1, b, { r: 20 });
    }, { identity: LOGGER });
    const expected = BOOT + line(0, 'I', 'proc', 'exit', 3, 2, LOGGER.principal) + line(0, 'I', 'proc', 'psinfo', 0, 1, LOGGER.principal);
    expect(r.ret('log_read')).toBe(BigInt(expected.length));
    expect(r.clause('log_read')).toBe('SYS.LOG.READ');
    expect(r.out).toBe(expected);
  });

  it('SYS.LOG.EVENTS: a process ended by a signal is logged as a warning with the signal number', () => {
    const r = go((p) => {
      forkChild(p, spinForever);
      call(p, 'kill', { r: 19 }, SIGKILL);
      call(p, 'nanosleep', 0, 1_000_000);
      const b = p.space(4096);
      call(p, 'log_read', b, 4096, 1).keep(20);
      call(p, 'write', 1, b, { r: 20 });
    }, { identity: LOGGER });
    expect(r.out).toBe(line(0, 'W', 'signal', 'killed', SIGKILL, 2, LOGGER.principal));
  });

  it('SYS.LOG.READ: at most max_count records, only whole ones that fit in cap, newest kept', () => {
    const psLine = line(0, 'I', 'proc', 'psinfo', 0, 1, LOGGER.principal);
    const r = go((p) => {
      call(p, 'psinfo', 0, 0);
      const b = p.space(4096);
      call(p, 'log_read', b, 4096, 1).keep(20);
      call(p, 'write', 1, b, { r: 20 });
      call(p, 'log_read', b, psLine.length + BOOT.length - 1, 0).keep(20);
      call(p, 'write', 1, b, { r: 20 });
      call(p, 'log_read', b, psLine.length - 1, 0);
      call(p, 'log_read', 0, 0, 0);
    }, { identity: LOGGER });
    expect(r.rets('log_read')).toEqual([BigInt(psLine.length), BigInt(psLine.length), 0n, 0n]);
    expect(r.out).toBe(psLine + psLine);
  });

  it('SYS.LOG.NOCONSUME: reading twice exports the same records', () => {
    const r = go((p) => {
      const b = p.space(4096);
      call(p, 'log_read', b, 4096, 0).keep(20);
      call(p, 'write', 1, b, { r: 20 });
      call(p, 'log_read', b, 4096, 0).keep(20);
      call(p, 'write', 1, b, { r: 20 });
    }, { identity: LOGGER });
    expect(r.out).toBe(BOOT + BOOT);
  });

  it('SYS.LOG.CAP, SEC.LOGEXPORT: without capLogExport (root included) both calls fail EACCES', () => {
    const r = go((p) => {
      const b = p.space(4096);
      call(p, 'log_read', b, 4096, 0);
      call(p, 'log_stats', b, 32);
    }, { identity: ROOT });
    expect([r.ret('log_read'), r.ret('log_stats')]).toEqual([err('EACCES'), err('EACCES')]);
    expect([r.clause('log_read'), r.clause('log_stats')]).toEqual(['SYS.LOG.CAP', 'SYS.LOG.CAP']);
  });

  it('ABI.FAULT: an unwritable buffer fails EFAULT for log_read and log_stats', () => {
    const r = go((p) => {
      call(p, 'log_read', BAD, 100, 0);
      call(p, 'log_stats', BAD, 32);
    }, { identity: LOGGER });
    expect([r.ret('log_read'), r.ret('log_stats')]).toEqual([err('EFAULT'), err('EFAULT')]);
  });

  it('SYS.LOG.STATS, SYS.LOG.RING: one 32-byte record; a cap below 32 fails EINVAL', () => {
    const r = go((p) => {
      const b = pattern(p, 64);
      call(p, 'log_stats', b, LOG_STATS_SIZE - 1);
      call(p, 'log_stats', b, 64);
      print(p, b, 64);
    }, { identity: LOGGER });
    expect(r.rets('log_stats')).toEqual([err('EINVAL'), 0n]);
    expect(r.clause('log_stats', 1)).toBe('SYS.LOG.STATS');
    const s = record(r, 'log_stats');
    expect([u64(s.capacity), u64(s.available), u64(s.total_written), u64(s.overwritten)]).toEqual([256n, 1n, 1n, 0n]);
    expect([...r.result.console.subarray(LOG_STATS_SIZE)].every((x) => x === 0xaa)).toBe(true);
  });

  it('SYS.LOG.RING: past 256 records the oldest are overwritten and counted', () => {
    const calls = 300;
    const r = go((p) => {
      p.a.movImm(21, calls);
      const loop = p.a.here();
      call(p, 'psinfo', 0, 0);
      p.a.subImm(21, 21, 1).cbnz(21, loop);
      const b = p.space(32 + 65536);
      call(p, 'log_stats', b, 32);
      print(p, b, 32);
      call(p, 'log_read', b + 32, 65536, 0).keep(20);
      call(p, 'write', 1, b + 32, { r: 20 });
    }, { identity: LOGGER });
    const s = record(r, 'log_stats');
    expect([u64(s.capacity), u64(s.available), u64(s.total_written), u64(s.overwritten)]).toEqual([256n, 256n, BigInt(calls + 1), BigInt(calls + 1 - 256)]);
    const lines = str(r.result.console.subarray(32)).split('\n').filter((l) => l !== '');
    expect(lines.length).toBe(256);
    expect(lines.every((l) => l.includes('msg="psinfo"'))).toBe(true);
  });
});

// ---- random -------------------------------------------------------------------------------------

describe('random', () => {
  const draw = (seed: number): Run => go((p) => {
    const b = p.space(128);
    call(p, 'random', b, 64);
    call(p, 'random', b + 64, 64);
    print(p, b, 128);
  }, { seed });

  it('SYS.RANDOM.FILL, SYS.RANDOM.DETERMINISTIC: fills cap bytes and returns cap; the same seed gives the same bytes, another seed others', () => {
    const a = draw(7);
    expect(a.rets('random')).toEqual([64n, 64n]);
    expect(a.clause('random')).toBe('SYS.RANDOM.FILL');
    const out = a.result.console;
    expect(out.subarray(0, 64)).not.toEqual(out.subarray(64, 128));
    expect(draw(7).result.console).toEqual(out);
    expect(draw(8).result.console).not.toEqual(out);
  });

  it('SYS.RANDOM.DETERMINISTIC: cap up to RANDOM_MAX is served, above fails EINVAL; cap 0 with NULL returns 0', () => {
    const r = go((p) => {
      const b = p.space(RANDOM_MAX);
      call(p, 'random', 0, 0);
      call(p, 'random', b, RANDOM_MAX);
      call(p, 'random', b, RANDOM_MAX + 1);
    });
    expect(r.rets('random')).toEqual([0n, BigInt(RANDOM_MAX), err('EINVAL')]);
  });

  it('ABI.FAULT: an unwritable buffer fails EFAULT', () => {
    const r = go((p) => {
      call(p, 'random', BAD, 16);
    });
    expect(r.ret('random')).toBe(err('EFAULT'));
  });
});

// ---- reboot -------------------------------------------------------------------------------------

describe('reboot', () => {
  const after = (cmd: number, opts: Parameters<typeof run>[1] = {}): Run => go((p) => {
    const msg = p.bytes(ascii('after'));
    call(p, 'reboot', cmd);
    print(p, msg, 5);
  }, opts);

  it('SYS.REBOOT.OUTCOME, SYS.REBOOT.SYNC: reset ends the run as "reboot" after a sync; nothing after the call runs', () => {
    const r = after(RESET);
    expect(r.result.verdict).toEqual({ kind: 'reboot', command: 'reboot' });
    expect(r.clause('reboot')).toBe('SYS.REBOOT.OUTCOME');
    expect(r.out).toBe('');
    expect(r.kernel.vfs.syncLog.some((s) => s.op === 'sync')).toBe(true);
  });

  it('SYS.REBOOT.OUTCOME: power off ends the run as "poweroff"; an unknown cmd fails EINVAL and the program goes on', () => {
    expect(after(OFF).result.verdict).toEqual({ kind: 'reboot', command: 'poweroff' });
    const bad = after(2);
    expect(bad.ret('reboot')).toBe(err('EINVAL'));
    expect(bad.out).toBe('after');
    expect(bad.result.verdict).toEqual({ kind: 'exit', status: 0 });
  });

  it('SYS.REBOOT.CAP, SEC.CAP.ERRNO: without capConsole reboot fails EPERM and nothing is synced', () => {
    const r = after(RESET, { identity: USER });
    expect(r.ret('reboot')).toBe(err('EPERM'));
    expect(r.clause('reboot')).toBe('SYS.REBOOT.CAP');
    expect(r.kernel.vfs.syncLog).toEqual([]);
    expect(r.out).toBe('after');
  });

  it('SYS.REBOOT.NOPSCI, SYS.REBOOT.CONDUIT: without a PSCI conduit reboot fails ENOSYS (-38)', () => {
    const r = after(RESET, { psci: false });
    expect(r.ret('reboot')).toBe(err('ENOSYS'));
    expect(r.ret('reboot')).toBe(-38n);
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
  });
});

describe('kernel log ring (unit)', () => {
  it('SYS.LOG.FORMAT: backslash and double quote in a message are escaped; detail and context only when set', () => {
    expect(formatRecord({ tick: 5, level: 'error', source: 'x', message: 'a"b\\c', detail: 0, pid: 0, principal: 1 }))
      .toBe('tick=5 level=E source=x msg="a\\"b\\\\c"\n');
    expect(formatRecord({ tick: 0, level: 'debug', source: 'y', message: 'm', detail: 2, pid: 0, principal: 3 }))
      .toBe('tick=0 level=D source=y msg="m" detail=2 pid=0 principal=3\n');
  });

  it('SYS.LOG.READ, SYS.LOG.RING: export keeps the newest whole records; statistics count overwrites', () => {
    const log = new KernelLog();
    for (let i = 0; i < KernelLog.CAPACITY + 3; i++) {
      log.append({ tick: i, level: 'info', source: 's', message: 'm', detail: 0, pid: 0, principal: 1 });
    }
    expect(log.stats()).toEqual({ capacity: KernelLog.CAPACITY, available: KernelLog.CAPACITY, totalWritten: KernelLog.CAPACITY + 3, overwritten: 3 });
    expect(log.records()[0]!.tick).toBe(3);
    const last = formatRecord(log.records().at(-1)!);
    expect(str(log.exportTail(last.length, 0n))).toBe(last);
    expect(log.exportTail(last.length - 1, 0n).length).toBe(0);
    expect(str(log.exportTail(1 << 20, 2n)).split('\n').length).toBe(3);
  });
});
