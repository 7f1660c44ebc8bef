import { describe, expect, it } from 'vitest';
import { CLAUSES } from '../clauses/index.js';
import { CONSTANT_GROUPS } from '../constants/index.js';
import { ERRNO, isErrnoName } from '../errno.js';
import { LAYOUTS } from '../layouts/index.js';
import type { ArgType, SyscallRow } from '../types.js';
import { SEED_SYSCALL_MAX, SYSCALLS, syscallByName, syscallByNumber } from './index.js';

/** The seed's table, written out again here so the rows are checked against an independent copy. */
const SEED_TABLE: readonly string[] = [
  'open', 'read', 'write', 'close', 'exit', 'lseek', 'tcgetattr', 'tcsetattr', 'sigaction', 'kill',
  'getpid', 'spawn', 'waitpid', 'stat', 'fstat', 'getdents', 'chdir', 'getcwd', 'sbrk', 'fork',
  'execve', 'psinfo', 'dup', 'dup2', 'pipe', 'poll', 'unlink', 'rename', 'mkdir', 'rmdir',
  'security_info', 'login', 'ftruncate', 'fcntl', 'chmod', 'chown', 'time', 'socket', 'bind', 'sendto',
  'recvfrom', 'listen', 'accept', 'connect', 'resolve', 'sysinfo', 'procstat', 'thread_create', 'futex', 'confine',
  'endpoint_create', 'ipc_send', 'ipc_recv', 'mmap', 'munmap', 'mprotect', 'nanosleep', 'spawn_handles', 'mmap_file', 'pkg_install',
  'pkg_info', 'device_claim', 'device_info', 'device_discover', 'update_confirm', 'update_activate', 'update_stage', 'kernel_stage', 'kernel_activate', 'kernel_confirm',
  'eventfd', 'pkg_stream_begin', 'pkg_stream_write', 'pkg_stream_commit', 'pkg_stream_abort', 'sigreturn', 'log_read', 'socketpair', 'pkg_files', 'random',
  'pkg_remove', 'log_stats', 'netinfo', 'openpty', 'pty_set_foreground', 'security_info_ex', 'fsync', 'sync', 'recv', 'reboot',
  'ipc_call', 'ipc_reply_recv', 'ipc_badge', 'update_stage_begin', 'update_stage_write', 'update_stage_commit', 'update_stage_abort', 'spawn_handles_async', 'name_register', 'name_lookup',
  'device_mmap', 'shmring_create', 'shmring_map', 'shmring_close',
];

/** Argument counts the seed's table gives, where the spec keeps them (mmap is the recorded exception). */
const SEED_ARG_COUNTS: Readonly<Record<string, number>> = {
  open: 3, read: 3, write: 3, close: 1, exit: 1, lseek: 3, tcgetattr: 2, tcsetattr: 3, sigaction: 3, kill: 2,
  getpid: 0, spawn: 2, waitpid: 3, stat: 2, fstat: 2, getdents: 3, chdir: 1, getcwd: 2, sbrk: 1, fork: 0,
  execve: 3, psinfo: 2, dup: 1, dup2: 2, pipe: 1, poll: 3, login: 3, mmap: 6, munmap: 2, mprotect: 3,
  nanosleep: 2, spawn_handles: 4, mmap_file: 3, log_read: 3, socketpair: 2, openpty: 2, pty_set_foreground: 2,
  ipc_call: 2, ipc_reply_recv: 2, ipc_badge: 2, update_stage_begin: 2, spawn_handles_async: 4, name_register: 2,
  name_lookup: 1, device_mmap: 2, shmring_create: 1, shmring_map: 1, shmring_close: 1, reboot: 1, recv: 3,
};

const NOT_IMPLEMENTED_FAMILIES = new Set<string>([]);

function argTypes(row: SyscallRow): ArgType[] {
  const fromLayouts: ArgType[] = [];
  for (const a of row.args) {
    if (a.type.kind === 'struct' || a.type.kind === 'array') {
      const layout = LAYOUTS[a.type.layout];
      for (const f of layout?.fields ?? []) if (f.semantic !== undefined) fromLayouts.push(f.semantic);
    }
  }
  return [...row.args.map((a) => a.type), ...fromLayouts];
}

describe('syscall table', () => {
  it('has unique numbers and names', () => {
    expect(new Set(SYSCALLS.map((r) => r.nr)).size).toBe(SYSCALLS.length);
    expect(new Set(SYSCALLS.map((r) => r.name)).size).toBe(SYSCALLS.length);
  });

  it('covers the seed table 1..104 with the seed names', () => {
    expect(SEED_TABLE).toHaveLength(SEED_SYSCALL_MAX);
    SEED_TABLE.forEach((name, i) => {
      const row = syscallByNumber(i + 1);
      expect(row?.name, `row ${i + 1}`).toBe(name);
      expect(row?.extension).toBe(false);
    });
  });

  it('numbers extensions above 104 and gives each a source seed', () => {
    const extensions = SYSCALLS.filter((r) => r.nr > SEED_SYSCALL_MAX);
    expect(extensions.length).toBeGreaterThan(0);
    for (const row of extensions) {
      expect(row.extension, row.name).toBe(true);
      expect(['000', '001', '003']).toContain(row.extensionSeed);
      expect(row.family).toBe('extensions');
    }
    for (const row of SYSCALLS.filter((r) => r.nr <= SEED_SYSCALL_MAX)) expect(row.extensionSeed).toBeUndefined();
  });

  it('keeps the seed argument counts', () => {
    for (const [name, n] of Object.entries(SEED_ARG_COUNTS)) expect(syscallByName(name)?.args.length, name).toBe(n);
  });

  it('sorts rows by number', () => {
    const nrs = SYSCALLS.map((r) => r.nr);
    expect([...nrs].sort((a, b) => a - b)).toEqual(nrs);
  });

  it('names only errnos that exist', () => {
    for (const row of SYSCALLS) {
      for (const e of row.errors) expect(isErrnoName(e.errno), `${row.name} ${e.errno}`).toBe(true);
      if (row.capability !== undefined) expect(ERRNO[row.capability.errno]).toBeGreaterThan(0);
      for (const t of argTypes(row)) {
        const named: string[] = [];
        if (t.kind === 'fd') named.push(t.wrongKindErrno);
        if (t.kind === 'string') named.push(t.tooLongErrno, ...(t.emptyErrno !== undefined ? [t.emptyErrno] : []));
        if (t.kind === 'flags' && t.unknownBitsErrno !== null) named.push(t.unknownBitsErrno);
        if (t.kind === 'enum') named.push(t.unknownErrno);
        if (t.kind === 'pid') named.push(t.invalidErrno, t.noSuchErrno);
        for (const n of named) expect(isErrnoName(n), `${row.name} ${n}`).toBe(true);
      }
    }
  });

  it('references only clauses that exist', () => {
    for (const row of SYSCALLS) {
      expect(row.clauses.length, row.name).toBeGreaterThan(0);
      for (const id of row.clauses) expect(CLAUSES.has(id), `${row.name} clause ${id}`).toBe(true);
      for (const e of row.errors) expect(CLAUSES.has(e.clause), `${row.name} error clause ${e.clause}`).toBe(true);
      if (row.capability !== undefined) expect(CLAUSES.has(row.capability.clause)).toBe(true);
      for (const t of argTypes(row)) if (t.kind === 'pid') expect(CLAUSES.has(t.noSuchClause)).toBe(true);
    }
  });

  it('references only layouts that exist', () => {
    for (const row of SYSCALLS) {
      for (const t of argTypes(row)) {
        if (t.kind === 'struct' || t.kind === 'array') expect(LAYOUTS[t.layout], `${row.name} ${t.layout}`).toBeDefined();
      }
    }
  });

  it('references only constant groups that exist', () => {
    for (const row of SYSCALLS) {
      for (const t of argTypes(row)) {
        const groups: string[] = [];
        if (t.kind === 'flags') groups.push(t.group, ...(t.alsoGroup !== undefined ? [t.alsoGroup] : []));
        if (t.kind === 'enum') groups.push(t.group, ...(t.modifierGroup !== undefined ? [t.modifierGroup] : []));
        for (const g of groups) expect(CONSTANT_GROUPS[g], `${row.name} ${g}`).toBeDefined();
      }
    }
  });

  it('points buffer lengths and array counts at length arguments of the same row', () => {
    for (const row of SYSCALLS) {
      for (const a of row.args) {
        const ref = a.type.kind === 'buffer' ? a.type.lengthArg : a.type.kind === 'array' ? a.type.countArg : undefined;
        if (ref === undefined) continue;
        const target = row.args.find((b) => b.name === ref);
        expect(target?.type.kind, `${row.name}.${a.name} -> ${ref}`).toBe('length');
      }
    }
  });

  it('points buffer lengths inside layouts at fields of the same layout', () => {
    for (const layout of Object.values(LAYOUTS)) {
      for (const f of layout.fields) {
        if (f.semantic?.kind === 'buffer') {
          const ref = f.semantic.lengthArg;
          expect(layout.fields.some((g) => g.name === ref), `${layout.name}.${f.name} -> ${ref}`).toBe(true);
        }
      }
    }
  });

  it('marks the support levels the issue asks for', () => {
    for (const row of SYSCALLS) {
      const expected = NOT_IMPLEMENTED_FAMILIES.has(row.family)
        ? 'not-implemented'
        : 'implemented';
      expect(row.support, row.name).toBe(expected);
    }
  });

  it('marks ABI.ENOSYS.NOTIMPL informative exactly when no row is not-implemented', () => {
    const none = SYSCALLS.every((r) => r.support !== 'not-implemented');
    expect(CLAUSES.get('ABI.ENOSYS.NOTIMPL')?.informative !== undefined).toBe(none);
  });

  it('lists ENOSYS for not-implemented rows and EINTR for blocking ones', () => {
    for (const row of SYSCALLS) {
      const errnos = row.errors.map((e) => e.errno);
      if (row.support === 'not-implemented') expect(errnos, row.name).toContain('ENOSYS');
      const errnoCarrying = !(row.ret.kind === 'value' && row.ret.failure.kind !== 'neg-errno-range');
      if (row.blocking && errnoCarrying) expect(errnos, row.name).toContain('EINTR');
    }
  });

  it('gives every fd argument EBADF and every pointer argument EFAULT', () => {
    for (const row of SYSCALLS) {
      const sentinel = row.ret.kind === 'value' && row.ret.failure.kind !== 'neg-errno-range';
      if (sentinel) continue;
      const errnos = row.errors.map((e) => e.errno);
      for (const a of row.args) {
        if (a.type.kind === 'fd') expect(errnos, `${row.name}.${a.name}`).toContain('EBADF');
        if (['struct', 'buffer', 'array', 'string', 'string-vector'].includes(a.type.kind)) expect(errnos, `${row.name}.${a.name}`).toContain('EFAULT');
      }
    }
  });

  it('uses at most six argument registers', () => {
    for (const row of SYSCALLS) expect(row.args.length, row.name).toBeLessThanOrEqual(6);
  });
});
