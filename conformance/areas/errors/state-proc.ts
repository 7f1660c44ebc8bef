// Own errors of the process, thread, signal and memory rows: the exec family's image checks,
// the process table, children and permissions, thread and futex addresses, and the mapping area.

import { ADDRESS_SPACE, constValue, RIGHT_BITS, type ErrnoName, type RightName } from '../../../spec/index.js';
import { MACHINE_BYTES } from '../../model.js';
import { CODE_BASE, DATA_BASE } from '../../program/builder.js';
import type { Recipe } from './cells.js';
import {
  DIR_ENTRY, GARBAGE_PROGRAM, HUGE_PROGRAM, LOW_PROGRAM, NOEXEC_MODE_PROGRAM, READABLE_FILE, SLEEP_PROGRAM, TRUE_PROGRAM,
  WX_PROGRAM, EMPTY_FILE,
} from './files.js';
import { attenuate, maker } from './handles.js';
import { UNMAPPED, type Ctx, type ImageFile } from './kit.js';
import type { Given } from './matrix.js';
import { jail, spawnAsync, stateRecipe, type StateSpec } from './state-kit.js';
import type { Reg } from '../../program/builder.js';

const EXEC_ROWS = ['spawn', 'execve', 'spawn_handles', 'spawn_handles_async'] as const;
const SMALL_MACHINE = { memoryBytes: MACHINE_BYTES };

function file(f: ImageFile): (ctx: Ctx) => number {
  return (ctx) => ctx.str(ctx.file(f));
}

function lit(p: string): (ctx: Ctx) => number {
  return (ctx) => {
    ctx.file(READABLE_FILE);
    ctx.file(DIR_ENTRY);
    return ctx.str(p);
  };
}

function execFamily(): StateSpec[] {
  const out: StateSpec[] = [];
  for (const row of EXEC_ROWS) {
    const e = (errno: ErrnoName, clause: string, variant: string, what: string, p: (ctx: Ctx) => number, extra: Partial<StateSpec> = {}): StateSpec => ({
      row, errno, clause, variant, what, args: { path: p }, ...extra,
    });
    out.push(
      e('ENOENT', 'PROC.EXEC.NOENT', 'missing', 'a program path that does not exist', lit('/bin/errors-missing')),
      e('ENOENT', 'PROC.EXEC.NOENT', 'missing-dir', 'a program in a directory that does not exist', lit('/nowhere/prog')),
      e('ENOTDIR', 'FS.PATH.NOTDIR', 'through-file', 'a program path through a file', lit('/etc/errors/file/x')),
      e('EACCES', 'PROC.EXEC.NOTEXEC', 'mode-644', 'a valid ELF without execute bits', file(NOEXEC_MODE_PROGRAM)),
      e('EACCES', 'PROC.EXEC.NOTEXEC', 'directory', 'a directory', lit('/etc/errors')),
      e('EACCES', 'PROC.EXEC.NOTEXEC', 'data-file', 'a 0644 data file', lit(READABLE_FILE.path)),
      e('ENOEXEC', 'PROC.EXEC.NOEXEC', 'not-elf', 'an executable text file that is not an ELF', file(GARBAGE_PROGRAM)),
      e('ENOEXEC', 'PROC.EXEC.RANGE', 'below-va-min', 'an ELF loaded below USER_VA_MIN', file(LOW_PROGRAM)),
      e('ENOEXEC', 'MM.WX.ELF', 'wx-segment', 'an ELF with a writable and executable segment', file(WX_PROGRAM)),
      e('ENOMEM', 'PROC.EXEC.NOMEM', 'huge-bss', 'an image larger than the machine memory', file(HUGE_PROGRAM), { boot: SMALL_MACHINE }),
      e('EACCES', 'FS.CONFINE.DENY', 'outside-jail', 'a program outside the confinement root', file(TRUE_PROGRAM), { setup: (ctx) => jail(ctx) }),
    );
    if (row !== 'execve') {
      out.push(e('EAGAIN', 'PROC.TABLE.FULL', 'max-processes-1', 'a process table that holds only init', file(TRUE_PROGRAM), { boot: { maxProcesses: 1 } }));
    }
  }
  for (const row of ['spawn_handles', 'spawn_handles_async'] as const) {
    const spec = (ctx: Ctx, records: readonly (readonly [number | ((ctx: Ctx) => Reg), number, number, number])[]): number => {
      const base = ctx.space(16 * records.length, 4);
      records.forEach(([src, target, rights, flags], k) => {
        const at = base + 16 * k;
        ctx.storeW(at, typeof src === 'number' ? src : src(ctx));
        ctx.storeW(at + 4, target).storeW(at + 8, rights).storeW(at + 12, flags);
      });
      return base;
    };
    const h = (errno: ErrnoName, clause: string, variant: string, what: string, records: Parameters<typeof spec>[1]): StateSpec => ({
      row, errno, clause, variant, what,
      args: { path: file(TRUE_PROGRAM), specs: (ctx: Ctx) => spec(ctx, records), count: records.length },
    });
    const noTransfer = (ctx: Ctx): Reg => {
      const m = maker('pipe-read');
      return attenuateWithout(ctx, m.name, 'TRANSFER');
    };
    out.push(
      h('EBADF', 'PROC.SPAWNH.BADFD', 'source-never-opened', 'a spec whose source_fd is not open', [[511, 0, 0xff, 0]]),
      h('EBADF', 'PROC.SPAWNH.BADFD', 'source-negative', 'a spec whose source_fd is -1', [[-1, 0, 0xff, 0]]),
      h('EBADF', 'PROC.SPAWNH.BADFD', 'target-fd-max', 'a spec whose target_fd is FD_MAX', [[0, 512, 0xff, 0]]),
      h('EBADF', 'PROC.SPAWNH.BADFD', 'target-negative', 'a spec whose target_fd is -1', [[0, -1, 0xff, 0]]),
      h('EBADF', 'PROC.SPAWNH.BADFD', 'second-bad', 'a valid spec followed by one whose source_fd is not open', [[0, 0, 0xff, 0], [511, 1, 0xff, 0]]),
      h('EACCES', 'PROC.SPAWNH.TRANSFER', 'no-transfer', 'a spec whose source handle lacks TRANSFER', [[noTransfer, 0, 0xff, 0]]),
      h('EINVAL', 'PROC.SPAWNH.FLAGS', 'flag-bit1', 'a spec with flag bit 1', [[0, 0, 0xff, 2]]),
      h('EINVAL', 'PROC.SPAWNH.FLAGS', 'flag-bit31', 'a spec with flag bit 31', [[0, 0, 0xff, 0x8000_0000]]),
      h('EINVAL', 'PROC.SPAWNH.DUPTARGET', 'same-target', 'two specs with target_fd 3', [[0, 3, 0xff, 0], [1, 3, 0xff, 0]]),
      h('EINVAL', 'PROC.SPAWNH.DUPTARGET', 'same-target-far', 'three specs, the first and last with target_fd 0', [[0, 0, 0xff, 0], [1, 1, 0xff, 0], [2, 0, 0xff, 0]]),
    );
  }
  return out;
}

function attenuateWithout(ctx: Ctx, makerName: string, right: RightName): Reg {
  const m = maker(makerName);
  return attenuate(ctx, m.make(ctx), m.rights & ~RIGHT_BITS[right]);
}

const SIGTERM = constValue('SIGNALS', 'SIGTERM');

function processes(): StateSpec[] {
  const maxOne = { maxProcesses: 1 };
  return [
    { row: 'fork', errno: 'EAGAIN', clause: 'PROC.TABLE.FULL', variant: 'max-processes-1', what: 'a process table that holds only init', boot: maxOne },
    {
      row: 'fork', errno: 'EAGAIN', clause: 'PROC.TABLE.FULL', variant: 'zombie-fills', what: 'a table of two holding init and a zombie child',
      boot: { maxProcesses: 2 },
      setup: (ctx) => {
        const child = spawnAsync(ctx, ctx.file(TRUE_PROGRAM));
        // Wait until it has ended without reaping it (PIDFD.POLL): a zombie still counts.
        const pfd = ctx.call('pidfd_open', child, 0);
        const rec = ctx.space(8, 8);
        ctx.storeW(rec, pfd).storeW(rec + 4, constValue('POLL_EVENTS', 'POLLIN'));
        ctx.sys('poll', rec, 1, -1);
      },
      also: ['PROC.EXIT.ZOMBIE'],
    },
    { row: 'fork', errno: 'ENOMEM', clause: 'PROC.FORK.NOMEM', variant: 'memory-exhausted', what: 'no free memory to copy the address space into', boot: SMALL_MACHINE, setup: (ctx) => { ctx.exhaustMemory(); } },
    { row: 'thread_create', errno: 'EAGAIN', clause: 'PROC.TABLE.FULL', variant: 'max-processes-1', what: 'a table that holds only init', boot: maxOne },
    { row: 'thread_create', errno: 'ENOMEM', clause: 'THR.CREATE.NOMEM', variant: 'memory-exhausted', what: 'no free memory for a kernel stack', boot: SMALL_MACHINE, setup: (ctx) => { ctx.exhaustMemory(); } },
    { row: 'thread_create', errno: 'EFAULT', clause: 'THR.CREATE.ENTRY', variant: 'data', what: 'entry in the data segment (not executable)', args: { entry: DATA_BASE } },
    { row: 'thread_create', errno: 'EFAULT', clause: 'THR.CREATE.ENTRY', variant: 'unmapped', what: 'entry at an unmapped address', args: { entry: UNMAPPED } },
    { row: 'thread_create', errno: 'EFAULT', clause: 'THR.CREATE.ENTRY', variant: 'stack', what: 'entry in the stack (not executable)', args: { entry: ADDRESS_SPACE.members.find((m) => m.name === 'USER_STACK_TOP')!.value - 0x100 } },
    { row: 'thread_create', errno: 'EFAULT', clause: 'THR.CREATE.STACK', variant: 'unmapped', what: 'stack_top at an unmapped address', args: { stack_top: UNMAPPED } },
    { row: 'thread_create', errno: 'EFAULT', clause: 'THR.CREATE.STACK', variant: 'code', what: 'stack_top in read-only code', args: { stack_top: CODE_BASE + 0x100 } },
    { row: 'thread_create', errno: 'EFAULT', clause: 'THR.CREATE.STACK', variant: 'data-start', what: 'stack_top at the start of the data segment (the 16 bytes below are unmapped)', args: { stack_top: DATA_BASE } },
    { row: 'futex', errno: 'EFAULT', clause: 'THR.FUTEX.FAULT', variant: 'wait-unmapped', what: 'FUTEX_WAIT on an unmapped word', args: { uaddr: UNMAPPED, op: constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAIT') } },
    { row: 'futex', errno: 'EFAULT', clause: 'THR.FUTEX.FAULT', variant: 'wake-unmapped', what: 'FUTEX_WAKE on an unmapped word', args: { uaddr: UNMAPPED, op: constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAKE') } },
    { row: 'futex', errno: 'EFAULT', clause: 'THR.FUTEX.FAULT', variant: 'wait-kernel-half', what: 'FUTEX_WAIT on a kernel-half word', args: { uaddr: 0xffff_0000_0000_0000n, op: constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAIT') } },
    { row: 'sigaction', errno: 'EINVAL', clause: 'SIG.ACTION.NORESTORER', variant: 'handler-no-restorer', what: 'a handler address with restorer 0', setup: (ctx) => ({ handler: ctx.handlerStub() }), args: { sig: constValue('SIGNALS', 'SIGUSR1'), restorer: 0 } },
    { row: 'sigaction', errno: 'EINVAL', clause: 'SIG.ACTION.NORESTORER', variant: 'sigterm', what: 'SIGTERM with a handler address and restorer 0', setup: (ctx) => ({ handler: ctx.handlerStub() }), args: { sig: SIGTERM, restorer: 0 } },
    {
      row: 'kill', errno: 'EPERM', clause: 'SIG.KILL.PERM', variant: 'other-principal', what: 'principal 2 without capConsole signalling a principal-1 child',
      setup: (ctx) => {
        const child = spawnAsync(ctx, ctx.file(SLEEP_PROGRAM));
        ctx.sys('login', 2, 1, 0x0e);
        return { pid: child, sig: SIGTERM };
      },
    },
    {
      row: 'kill', errno: 'EPERM', clause: 'SIG.KILL.PERM', variant: 'probe', what: 'the 0 probe from principal 2 without capConsole to a principal-1 child',
      setup: (ctx) => {
        const child = spawnAsync(ctx, ctx.file(SLEEP_PROGRAM));
        ctx.sys('login', 2, 1, 0x0e);
        return { pid: child, sig: 0 };
      },
    },
    {
      row: 'kill', errno: 'ESRCH', clause: 'SIG.KILL.NOSUCH', variant: 'reaped-child', what: 'a child that has been reaped',
      setup: (ctx) => {
        const child = spawnAsync(ctx, ctx.file(TRUE_PROGRAM));
        ctx.sys('waitpid', child, 0, 0);
        return { pid: child, sig: 0 };
      },
    },
    {
      row: 'waitpid', errno: 'ECHILD', clause: 'PROC.WAIT.NONCHILD', variant: 'self', what: 'waiting for the caller itself',
      args: { pid: 1, status: 0 },
    },
    {
      row: 'waitpid', errno: 'ECHILD', clause: 'PROC.WAIT.NONCHILD', variant: 'any-without-children', what: 'waiting for any child with none',
      args: { pid: -1 },
    },
    {
      row: 'waitpid', errno: 'ECHILD', clause: 'PROC.WAIT.NONCHILD', variant: 'reaped', what: 'waiting again for a reaped child',
      setup: (ctx) => {
        const child = spawnAsync(ctx, ctx.file(TRUE_PROGRAM));
        ctx.sys('waitpid', child, 0, 0);
        return { pid: child };
      },
    },
    {
      row: 'waitpid', errno: 'ECHILD', clause: 'PROC.WAIT.NONCHILD', variant: 'thread', what: 'waiting for a thread id',
      setup: (ctx) => {
        const tid = ctx.call('thread_create', futexWaiter(ctx), 0, ctx.stackTop());
        return { pid: tid };
      },
      also: ['THR.CREATE.ID', 'PROC.WAIT.THREADS'],
    },
    {
      row: 'pidfd_open', errno: 'ESRCH', clause: 'PIDFD.OPEN.NOSUCH', variant: 'thread', what: 'a thread id',
      setup: (ctx) => ({ pid: ctx.call('thread_create', futexWaiter(ctx), 0, ctx.stackTop()) }),
      also: ['PIDFD.THREAD'],
    },
    {
      row: 'pidfd_open', errno: 'ESRCH', clause: 'PIDFD.OPEN.NOSUCH', variant: 'reaped', what: 'a reaped child',
      setup: (ctx) => {
        const child = spawnAsync(ctx, ctx.file(TRUE_PROGRAM));
        ctx.sys('waitpid', child, 0, 0);
        return { pid: child };
      },
    },
    {
      row: 'pidfd_send_signal', errno: 'ESRCH', clause: 'PIDFD.SIGNAL.EXITED', variant: 'reaped', what: 'a pidfd whose process was reaped',
      setup: (ctx) => {
        const child = spawnAsync(ctx, ctx.file(TRUE_PROGRAM));
        const pfd = ctx.call('pidfd_open', child, 0);
        ctx.sys('waitpid', child, 0, 0);
        return { fd: pfd, sig: SIGTERM };
      },
    },
    {
      row: 'pidfd_send_signal', errno: 'ESRCH', clause: 'PIDFD.SIGNAL.EXITED', variant: 'zombie-probe', what: 'the 0 probe on a pidfd whose process is a zombie',
      setup: (ctx) => ({ fd: zombiePidfd(ctx), sig: 0 }),
    },
    {
      row: 'pidfd_send_signal', errno: 'EPERM', clause: 'SIG.KILL.PERM', variant: 'other-principal', what: 'principal 2 without capConsole signalling a principal-1 child',
      setup: (ctx) => {
        const child = spawnAsync(ctx, ctx.file(SLEEP_PROGRAM));
        const pfd = ctx.call('pidfd_open', child, 0);
        ctx.sys('login', 2, 1, 0x0e);
        return { fd: pfd, sig: SIGTERM };
      },
    },
    {
      row: 'pidfd_getinfo', errno: 'ESRCH', clause: 'PIDFD.INFO.REAPED', variant: 'reaped', what: 'a pidfd whose process was reaped',
      setup: (ctx) => {
        const child = spawnAsync(ctx, ctx.file(TRUE_PROGRAM));
        const pfd = ctx.call('pidfd_open', child, 0);
        ctx.sys('waitpid', child, 0, 0);
        return { fd: pfd };
      },
    },
  ];
}

/** A thread entry that waits forever on a futex word (a live thread id to aim at). */
function futexWaiter(ctx: Ctx): number {
  const w = ctx.word(0);
  return ctx.stub('futex_waiter', () => {
    ctx.a.movImm(0, w).movImm(1, constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAIT')).movImm(2, 0);
    ctx.svc('futex');
    ctx.a.movImm(0, 0);
    ctx.svc('exit');
  });
}

/** A pidfd on a child that has ended but is not reaped (PIDFD.POLL waits for the end). */
function zombiePidfd(ctx: Ctx): Reg {
  const child = spawnAsync(ctx, ctx.file(TRUE_PROGRAM));
  const pfd = ctx.call('pidfd_open', child, 0);
  const rec = ctx.space(8, 8);
  ctx.storeW(rec, pfd).storeW(rec + 4, constValue('POLL_EVENTS', 'POLLIN'));
  ctx.sys('poll', rec, 1, -1);
  return pfd;
}

const PROT_READ = constValue('PROT', 'PROT_READ');
const PROT_WRITE = constValue('PROT', 'PROT_WRITE');
const PROT_EXEC = constValue('PROT', 'PROT_EXEC');
const MAP_PRIVATE = constValue('MAP_FLAGS', 'MAP_PRIVATE');
const MAP_ANON = constValue('MAP_FLAGS', 'MAP_ANONYMOUS');
const MAP_FIXED = constValue('MAP_FLAGS', 'MAP_FIXED');
const MAP_NOREPLACE = constValue('MAP_FLAGS', 'MAP_FIXED_NOREPLACE');
const space = (name: string): number => ADDRESS_SPACE.members.find((m) => m.name === name)!.value;
const MMAP_FLOOR = space('USER_MMAP_FLOOR');
const MMAP_TOP = space('USER_MMAP_TOP');
const AREA = MMAP_TOP - MMAP_FLOOR;

function memory(): StateSpec[] {
  const mm = (errno: ErrnoName, clause: string, variant: string, what: string, args: Record<string, Given>, extra: Partial<StateSpec> = {}): StateSpec => ({
    row: 'mmap', errno, clause, variant, what, args, ...extra,
  });
  const anon = MAP_PRIVATE | MAP_ANON;
  const mapped = (ctx: Ctx): Reg => ctx.call('mmap', 0, 4096, PROT_READ | PROT_WRITE, anon, -1, 0);
  const out: StateSpec[] = [
    mm('EINVAL', 'ABI.ADDR.ALIGN', 'fixed-plus1', 'MAP_FIXED at a page address + 1', { addr: MMAP_FLOOR + 1, flags: anon | MAP_FIXED }),
    mm('EINVAL', 'ABI.ADDR.ALIGN', 'fixed-half-page', 'MAP_FIXED at a page address + 2048', { addr: MMAP_FLOOR + 2048, flags: anon | MAP_FIXED }),
    mm('EINVAL', 'ABI.ADDR.ALIGN', 'noreplace-plus8', 'MAP_FIXED_NOREPLACE at a page address + 8', { addr: MMAP_FLOOR + 8, flags: anon | MAP_NOREPLACE }),
    mm('EINVAL', 'MM.WX.ERRNO', 'rwx', 'PROT_READ|PROT_WRITE|PROT_EXEC', { prot: PROT_READ | PROT_WRITE | PROT_EXEC }, { also: ['MM.WX.REJECT'] }),
    mm('EINVAL', 'MM.WX.ERRNO', 'wx', 'PROT_WRITE|PROT_EXEC', { prot: PROT_WRITE | PROT_EXEC }, { also: ['MM.WX.REJECT'] }),
    mm('EINVAL', 'MM.WX.ERRNO', 'wx-fixed', 'PROT_WRITE|PROT_EXEC with MAP_FIXED', { addr: MMAP_FLOOR, prot: PROT_WRITE | PROT_EXEC, flags: anon | MAP_FIXED }, { also: ['MM.WX.REJECT'] }),
    mm('EINVAL', 'MM.MMAP.ANON.ERRNO', 'private-only', 'MAP_PRIVATE without MAP_ANONYMOUS', { flags: MAP_PRIVATE }),
    mm('EINVAL', 'MM.MMAP.ANON.ERRNO', 'anon-only', 'MAP_ANONYMOUS without MAP_PRIVATE', { flags: MAP_ANON }),
    mm('EINVAL', 'MM.MMAP.ANON.ERRNO', 'no-flags', 'flags 0', { flags: 0 }),
    mm('EEXIST', 'MM.MMAP.NOREPLACE', 'over-mapping', 'MAP_FIXED_NOREPLACE over an existing mapping', { flags: anon | MAP_NOREPLACE }, { setup: (ctx) => ({ addr: mapped(ctx) }) }),
    mm('EEXIST', 'MM.MMAP.NOREPLACE', 'over-reservation', 'MAP_FIXED_NOREPLACE over a PROT_NONE reservation', { flags: anon | MAP_NOREPLACE }, {
      setup: (ctx) => ({ addr: ctx.call('mmap', 0, 8192, 0, anon, -1, 0) }),
    }),
    mm('ENOMEM', 'MM.MMAP.NOSPACE', 'larger-than-area', `a PROT_NONE mapping larger than the mapping area (${AREA + 4096} bytes)`, { length: AREA + 4096, prot: 0 }),
    mm('ENOMEM', 'MM.MMAP.NOSPACE', 'area-full', 'one page after the whole mapping area is reserved', { length: 4096 }, {
      setup: (ctx) => { ctx.sys('mmap', 0, AREA, 0, anon, -1, 0); },
    }),
    mm('ENOMEM', 'MM.MMAP.FIXED.RANGE', 'image-area', 'MAP_FIXED in the image area', { addr: UNMAPPED, flags: anon | MAP_FIXED }),
    mm('ENOMEM', 'MM.MMAP.FIXED.RANGE', 'heap-area', 'MAP_FIXED_NOREPLACE at the heap base', { addr: space('USER_HEAP_BASE'), flags: anon | MAP_NOREPLACE }),
    mm('ENOMEM', 'MM.MMAP.FIXED.RANGE', 'crossing-top', 'MAP_FIXED across USER_MMAP_TOP', { addr: MMAP_TOP - 4096, length: 8192, flags: anon | MAP_FIXED }),
    mm('ENOMEM', 'MM.COMMIT.NOMEM', 'larger-than-machine', `a ${2 * MACHINE_BYTES}-byte read-write mapping on a ${MACHINE_BYTES}-byte machine`, { length: 2 * MACHINE_BYTES }, { boot: SMALL_MACHINE }),
    mm('ENOMEM', 'MM.COMMIT.NOMEM', 'memory-exhausted', 'one page once memory is exhausted', { length: 4096 }, { boot: SMALL_MACHINE, setup: (ctx) => { ctx.exhaustMemory(); } }),
    { row: 'munmap', errno: 'EINVAL', clause: 'MM.MUNMAP.RANGE', variant: 'image', what: 'a range in the image area', args: { addr: CODE_BASE, length: 4096 } },
    { row: 'munmap', errno: 'EINVAL', clause: 'MM.MUNMAP.RANGE', variant: 'heap', what: 'a range at the heap base', args: { addr: space('USER_HEAP_BASE'), length: 4096 } },
    { row: 'munmap', errno: 'EINVAL', clause: 'MM.MUNMAP.RANGE', variant: 'crossing-top', what: 'a range across USER_MMAP_TOP', args: { addr: MMAP_TOP - 4096, length: 8192 } },
    { row: 'munmap', errno: 'EINVAL', clause: 'MM.MUNMAP.RANGE', variant: 'address-zero', what: 'a range at address 0', args: { addr: 0, length: 4096 } },
    { row: 'mprotect', errno: 'EINVAL', clause: 'MM.WX.ERRNO', variant: 'wx', what: 'PROT_WRITE|PROT_EXEC on a mapping', setup: (ctx) => ({ addr: mapped(ctx) }), args: { prot: PROT_WRITE | PROT_EXEC }, also: ['MM.WX.REJECT'] },
    { row: 'mprotect', errno: 'EINVAL', clause: 'MM.WX.ERRNO', variant: 'rwx', what: 'PROT_READ|PROT_WRITE|PROT_EXEC on a mapping', setup: (ctx) => ({ addr: mapped(ctx) }), args: { prot: PROT_READ | PROT_WRITE | PROT_EXEC }, also: ['MM.WX.REJECT'] },
    { row: 'mprotect', errno: 'ENOMEM', clause: 'MM.MPROTECT.UNMAPPED', variant: 'empty-area', what: 'a page of the mapping area nothing covers', args: { addr: MMAP_TOP - 4096 } },
    { row: 'mprotect', errno: 'ENOMEM', clause: 'MM.MPROTECT.UNMAPPED', variant: 'image-gap', what: 'an unmapped page of the image area', args: { addr: UNMAPPED } },
    { row: 'mprotect', errno: 'ENOMEM', clause: 'MM.MPROTECT.UNMAPPED', variant: 'past-mapping', what: 'a range running one page past a mapping', setup: (ctx) => ({ addr: mapped(ctx) }), args: { length: 8192 } },
    { row: 'mprotect', errno: 'ENOMEM', clause: 'MM.MPROTECT.UNMAPPED', variant: 'address-zero', what: 'a page at address 0', args: { addr: 0 } },
    {
      row: 'mprotect', errno: 'ENOMEM', clause: 'MM.COMMIT.NOMEM', variant: 'reservation-larger-than-machine', what: `committing a ${2 * MACHINE_BYTES}-byte reservation on a ${MACHINE_BYTES}-byte machine`,
      boot: SMALL_MACHINE, setup: (ctx) => ({ addr: ctx.call('mmap', 0, 2 * MACHINE_BYTES, 0, anon, -1, 0) }), args: { length: 2 * MACHINE_BYTES, prot: PROT_READ | PROT_WRITE },
    },
  ];
  const mf = (errno: ErrnoName, clause: string, variant: string, extra: Partial<StateSpec>): StateSpec => ({ row: 'mmap_file', errno, clause, variant, what: mmapFileWhat(variant), ...extra });
  const baseFile = (ctx: Ctx): Reg => maker('file').make(ctx);
  out.push(
    mf('EINVAL', 'MM.MMAPFILE.ERRNO', 'prot-rw', { setup: (ctx) => ({ fd: baseFile(ctx) }), args: { prot: PROT_READ | PROT_WRITE } }),
    mf('EINVAL', 'MM.MMAPFILE.ERRNO', 'prot-none', { setup: (ctx) => ({ fd: baseFile(ctx) }), args: { prot: 0 } }),
    mf('EINVAL', 'MM.MMAPFILE.ERRNO', 'prot-exec', { setup: (ctx) => ({ fd: baseFile(ctx) }), args: { prot: PROT_EXEC } }),
    mf('EINVAL', 'MM.MMAPFILE.EMPTY', 'empty-base-file', { setup: (ctx) => ({ fd: ctx.call('open', ctx.str(ctx.file(EMPTY_FILE)), 0, 0) }) }),
    mf('EACCES', 'MM.MMAPFILE.TMPFS', 'tmpfs-file', { setup: (ctx) => ({ fd: maker('file-rw').make(ctx) }), alsoCells: ['MM.MMAPFILE.ERRNO'] }),
    mf('EACCES', 'MM.MMAPFILE.TMPFS', 'dev-zero', { setup: (ctx) => ({ fd: ctx.call('open', ctx.str('/dev/zero'), 0, 0) }), alsoCells: ['MM.MMAPFILE.ERRNO'] }),
    mf('EACCES', 'MM.MMAPFILE.TMPFS', 'dev-null', { setup: (ctx) => ({ fd: ctx.call('open', ctx.str('/dev/null'), 0, 0) }), alsoCells: ['MM.MMAPFILE.ERRNO'] }),
    mf('ENOMEM', 'MM.MMAP.NOSPACE', 'area-full', {
      setup: (ctx) => {
        ctx.sys('mmap', 0, AREA, 0, anon, -1, 0);
        return { fd: baseFile(ctx) };
      },
    }),
    mf('ENOMEM', 'MM.COMMIT.NOMEM', 'memory-exhausted', {
      boot: SMALL_MACHINE,
      setup: (ctx) => {
        const fd = baseFile(ctx);
        ctx.exhaustMemory();
        return { fd };
      },
    }),
  );
  return out;
}

function mmapFileWhat(variant: string): string {
  const whats: Readonly<Record<string, string>> = {
    'prot-rw': 'prot PROT_READ|PROT_WRITE (must be exactly PROT_READ)',
    'prot-none': 'prot 0 (must be exactly PROT_READ)',
    'prot-exec': 'prot PROT_EXEC (must be exactly PROT_READ)',
    'empty-base-file': 'an empty base-image file',
    'tmpfs-file': 'a tmpfs file (not disk-backed)',
    'dev-zero': 'the /dev/zero device file (not disk-backed)',
    'dev-null': 'the /dev/null device file (not disk-backed)',
    'area-full': 'a mapping area fully reserved',
    'memory-exhausted': 'no free memory',
  };
  return whats[variant] ?? variant;
}

export function procStateRecipes(): Recipe[] {
  return [...execFamily(), ...processes(), ...memory()].map(stateRecipe);
}

