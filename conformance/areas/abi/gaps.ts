// ABI-wide statements checked through their observable consequences: the trap convention, negated
// errnos with their conventional numbers, the entry registers main() is built on, the seed's row
// numbers, the extension numbering, static images only, and the numeric limits.

import { constValue, errnoNumber, SYSCALLS, syscall, type ErrnoName } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';

const AREA = 'abi';
const enc = new TextEncoder();

/** The errno numbers ABI.ERRNO.TABLE spells out; each must agree with spec/errno.ts. */
const CONVENTIONAL: Readonly<Partial<Record<ErrnoName, number>>> = {
  EPERM: 1, ENOENT: 2, EBADF: 9, EAGAIN: 11, ENOMEM: 12, EACCES: 13, EEXIST: 17, ENOTDIR: 20, EISDIR: 21,
  EINVAL: 22, ENOSPC: 28, EROFS: 30, EPIPE: 32, ENOSYS: 38, ENOTEMPTY: 39,
};

function conventional(name: ErrnoName): number {
  const n = CONVENTIONAL[name];
  if (n === undefined || errnoNumber(name) !== n) throw new Error(`${name}: spec errno ${errnoNumber(name)} is not the clause's ${n}`);
  return n;
}

const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
const O_WRONLY = constValue('OPEN_ACCESS', 'O_WRONLY');
const FD_MAX = constValue('LIMITS', 'FD_MAX');

/** One failing call per errno: how to provoke it (the clause that decides the errno). */
interface Failing {
  readonly errno: ErrnoName;
  readonly row: string;
  readonly what: string;
  readonly clause: string;
  readonly issue: (p: CaseProgram) => void;
}

const FAILING: readonly Failing[] = [
  { errno: 'EBADF', row: 'close', what: `close(${FD_MAX - 1}) of a handle never opened`, clause: 'FD.BADF', issue: (p) => p.sys('close', FD_MAX - 1) },
  { errno: 'ENOENT', row: 'open', what: 'open of a missing path', clause: 'FS.PATH.NOENT', issue: (p) => p.sys('open', p.str('/tmp/no-such-file'), O_RDONLY, 0) },
  { errno: 'EISDIR', row: 'open', what: 'open of a directory for writing', clause: 'FS.OPEN.DIR.WRITE', issue: (p) => p.sys('open', p.str('/tmp'), O_WRONLY, 0) },
  { errno: 'EEXIST', row: 'mkdir', what: 'mkdir of an existing directory', clause: 'FS.MKDIR.EXISTS', issue: (p) => p.sys('mkdir', p.str('/tmp'), 0o755) },
  { errno: 'ENOSYS', row: 'getpid', what: 'call number 150 (no row)', clause: 'ABI.ENOSYS.UNKNOWN', issue: (p) => void p.a.movImm(8, 150).svc() },
];

function negErrnoCase(f: Failing): CaseDef {
  const n = conventional(f.errno);
  return derivedCase(AREA, {
    id: `negerrno/${f.errno.toLowerCase()}`,
    description: `${f.what} returns -${f.errno} (-${n}) in x0 as a 64-bit negative value`,
    clauses: ['ABI.NEGERRNO', 'ABI.ERRNO.TABLE', 'ABI.TRAP', f.clause],
    build({ p }) {
      f.issue(p);
      const x = p.variable();
      p.save(x);
      p.expectEq(`x0 = -${n} (${f.errno}, negated)`, ['ABI.NEGERRNO', 'ABI.ERRNO.TABLE', 'ABI.TRAP', f.clause], -n, x);
      p.expectCmp('the failure is negative as a signed 64-bit value', ['ABI.NEGERRNO'], 'lt', 0, x);
    },
  });
}

function trapCase(): CaseDef {
  const text = 'trap convention\n';
  return derivedCase(AREA, {
    id: 'trap/registers',
    description: 'svc #0 takes the number from x8 and the arguments from x0..x5; the result comes back in x0',
    clauses: ['ABI.TRAP', 'ABI.NEGERRNO'],
    build({ p }) {
      const buf = p.bytes(enc.encode(text), 1);
      // write(1, buf, n) with junk in x3..x5: x8 picks write, x0..x2 carry its arguments.
      p.a.movImm(3, 0x3333).movImm(4, 0x4444).movImm(5, 0x5555);
      p.recordRow('write').a.movImm(0, 1).movImm(1, buf).movImm(2, text.length).movImm(8, syscall('write').nr).svc(0);
      p.expectEq(`write returns ${text.length} in x0`, ['ABI.TRAP', 'ABI.NEGERRNO'], text.length);
      // Same argument registers, another number in x8: getpid ignores them and returns 1.
      p.recordRow('getpid').a.movImm(0, 1).movImm(1, buf).movImm(2, text.length).movImm(8, syscall('getpid').nr).svc(0);
      p.expectEq('x8 = getpid: x0 = 1 whatever x0..x2 held', ['ABI.TRAP'], 1);
      // The argument really comes from x0: close(x0 = FD_MAX - 1) fails EBADF while x1 names fd 1.
      p.recordRow('close').a.movImm(0, FD_MAX - 1).movImm(1, 1).movImm(8, syscall('close').nr).svc(0);
      p.expectErrno('close reads its handle from x0, not x1', ['ABI.TRAP', 'ABI.NEGERRNO'], 'EBADF');
    },
  });
}

function entryCase(argv: readonly string[], envp: readonly string[]): CaseDef {
  return derivedCase(AREA, {
    id: `entry/main/${argv.length}-${envp.length}`,
    description: `init starts with x0 = argc (${argv.length}), x1 = argv and x2 = envp (${envp.length} strings), NULL-terminated: main(argc, argv, envp)`,
    clauses: ['ABI.ENTRY.MAIN'],
    build({ p }) {
      const argc = p.variable();
      const av = p.variable();
      const ev = p.variable();
      // The builder's prologue only zeroes its failure counter: x0..x2 are still the entry values.
      p.mov(argc.n, 0).mov(av.n, 1).mov(ev.n, 2);
      p.expectEq(`argc = ${argv.length}`, ['ABI.ENTRY.MAIN'], argv.length, argc);
      p.a.inst('LDR_X_uoff', { Rt: 3, Rn: av.n, imm12: argv.length });
      p.expectEq('argv[argc] is NULL', ['ABI.ENTRY.MAIN'], 0, 3);
      p.a.inst('LDR_X_uoff', { Rt: 3, Rn: ev.n, imm12: envp.length });
      p.expectEq(`envp[${envp.length}] is NULL`, ['ABI.ENTRY.MAIN'], 0, 3);
      argv.forEach((s, i) => {
        p.a.inst('LDR_X_uoff', { Rt: 4, Rn: av.n, imm12: i });
        p.a.inst('LDRB_uoff', { Rt: 3, Rn: 4, imm12: 0 });
        p.expectEq(`argv[${i}][0] is '${s[0]}'`, ['ABI.ENTRY.MAIN'], s.charCodeAt(0), 3);
      });
      envp.forEach((s, i) => {
        p.a.inst('LDR_X_uoff', { Rt: 4, Rn: ev.n, imm12: i });
        p.a.inst('LDRB_uoff', { Rt: 3, Rn: 4, imm12: 0 });
        p.expectEq(`envp[${i}][0] is '${s[0]}'`, ['ABI.ENTRY.MAIN'], s.charCodeAt(0), 3);
      });
      return { boot: { argv, envp } };
    },
  });
}

/** Rows identified by a behaviour only that row has, called by the seed's number. */
function numbersCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'numbers/seed-table',
    description: 'the seed numbers reach the seed rows: 11 getpid, 98 spawn_handles_async (a pid to reap), 100 name_lookup (ENOENT for an unknown name), 102..104 a shared-memory channel\'s create, map and close, 101 device_mmap (EBADF for the console)',
    clauses: ['ABI.SWIFTOS.NUMBERS', 'ABI.TABLE.SYNC'],
    build({ p }) {
      const expectNr = (name: string, nr: number): void => {
        if (syscall(name).nr !== nr) throw new Error(`${name} is not row ${nr} in spec/`);
      };
      expectNr('getpid', 11);
      expectNr('spawn_handles_async', 98);
      expectNr('name_lookup', 100);
      p.recordRow('getpid').a.movImm(8, 11).svc();
      p.expectEq('call 11 is getpid: init gets 1', ['ABI.SWIFTOS.NUMBERS', 'ABI.TABLE.SYNC'], 1);
      const pid = p.variable();
      p.a.movImm(0, p.str('/bin/gap-exiter')).movImm(1, p.words([p.str('gap-exiter'), 0])).movImm(2, 0).movImm(3, 0);
      p.recordRow('spawn_handles_async').a.movImm(8, 98).svc();
      p.save(pid);
      p.expectCmp('call 98 is spawn_handles_async: it returns a child pid above 1', ['ABI.SWIFTOS.NUMBERS', 'ABI.TABLE.SYNC'], 'gt', 1, pid);
      const status = p.space(8, 8);
      p.sys('waitpid', pid, status, 0);
      p.loadInt(3, status);
      p.expectEq('the child it started exits 5', ['ABI.SWIFTOS.NUMBERS'], 5 << 8, 3);
      p.recordRow('name_lookup').a.movImm(0, p.str('gap-nobody')).movImm(8, 100).svc();
      p.expectErrno('call 100 is name_lookup: an unregistered name fails ENOENT', ['ABI.SWIFTOS.NUMBERS', 'ABI.TABLE.SYNC'], 'ENOENT');
      expectNr('device_mmap', 101);
      expectNr('shmring_create', 102);
      expectNr('shmring_map', 103);
      expectNr('shmring_close', 104);
      p.recordRow('shmring_create').a.movImm(0, 2).movImm(8, 102).svc();
      p.expectEq('call 102 is shmring_create: the first channel is id 0', ['ABI.SWIFTOS.NUMBERS', 'ABI.TABLE.SYNC'], 0);
      p.recordRow('shmring_map').a.movImm(0, 0).movImm(8, 103).svc();
      p.expectCmp('call 103 is shmring_map: channel 0 maps at an address', ['ABI.SWIFTOS.NUMBERS', 'ABI.TABLE.SYNC'], 'gt', 0);
      p.recordRow('shmring_close').a.movImm(0, 0).movImm(8, 104).svc();
      p.expectEq('call 104 is shmring_close: closing channel 0 returns 0', ['ABI.SWIFTOS.NUMBERS', 'ABI.TABLE.SYNC'], 0);
      p.a.movImm(0, 0).movImm(8, 103).svc();
      p.expectErrno('after it, call 103 finds no channel 0', ['ABI.SWIFTOS.NUMBERS'], 'ENOENT');
      p.recordRow('device_mmap').a.movImm(0, 0).movImm(1, 1).movImm(8, 101).svc();
      p.expectErrno('call 101 is device_mmap: fd 0 (the console) is no device', ['ABI.SWIFTOS.NUMBERS'], 'EBADF');
      const exiter = p.child();
      exiter.exit(5);
      exiter.a.brk(0);
      return { files: [{ path: '/bin/gap-exiter', data: exiter.elf() }] };
    },
  });
}

/** Each extension row answers at its number (>= 200) with something other than ENOSYS. */
function extensionCase(name: string, nr: number): CaseDef {
  return derivedCase(AREA, {
    id: `ext-numbering/${name}`,
    description: `extension ${name} is served at call ${nr} (numbered from 200): the call does not return -ENOSYS`,
    clauses: ['EXT.NUMBERING'],
    build({ p }) {
      if (nr < 200) throw new Error(`${name} is numbered ${nr}, below 200`);
      // Harmless arguments: a handle that is not open, pid/clock values that do not exist.
      for (let i = 0; i < 6; i++) p.a.movImm(i, i === 0 ? FD_MAX - 1 : 0);
      p.recordRow(name).a.movImm(8, nr).svc();
      p.expectCmp(`call ${nr} does not answer -ENOSYS`, ['EXT.NUMBERING'], 'ne', -errnoNumber('ENOSYS'));
    },
  });
}

/** A valid static child, then the same image with its PT_GNU_STACK header turned into PT_INTERP. */
function interpImage(parent: CaseProgram): Uint8Array {
  const c = parent.child();
  c.exit(0);
  c.a.brk(0);
  const base = c.elf();
  const interp = enc.encode('/lib/ld-linux-aarch64.so.1\0');
  const out = new Uint8Array(base.length + interp.length);
  out.set(base, 0);
  out.set(interp, base.length);
  const v = new DataView(out.buffer);
  const phoff = Number(v.getBigUint64(32, true));
  const phentsize = v.getUint16(54, true);
  const phnum = v.getUint16(56, true);
  const PT_GNU_STACK = 0x6474e551;
  const PT_INTERP = 3;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (v.getUint32(at, true) !== PT_GNU_STACK) continue;
    v.setUint32(at, PT_INTERP, true);
    v.setUint32(at + 4, 4, true);
    v.setBigUint64(at + 8, BigInt(base.length), true);
    v.setBigUint64(at + 16, 0n, true);
    v.setBigUint64(at + 24, 0n, true);
    v.setBigUint64(at + 32, BigInt(interp.length), true);
    v.setBigUint64(at + 40, BigInt(interp.length), true);
    v.setBigUint64(at + 48, 1n, true);
    return out;
  }
  throw new Error('no PT_GNU_STACK header to turn into PT_INTERP');
}

function staticCase(how: 'spawn' | 'execve'): CaseDef {
  return derivedCase(AREA, {
    id: `static/interp/${how}`,
    description: `${how} of an image with a PT_INTERP segment fails ENOEXEC (no dynamic loader); the caller carries on`,
    clauses: ['ABI.STATIC', 'PROC.EXEC.NOEXEC'],
    build({ p }) {
      const path = p.str('/bin/dynamic');
      const argv = p.words([p.str('dynamic'), 0]);
      if (how === 'spawn') p.sys('spawn', path, argv);
      else p.sys('execve', path, argv, p.words([0]));
      p.expectErrno(`${how} fails ENOEXEC`, ['ABI.STATIC', 'PROC.EXEC.NOEXEC'], 'ENOEXEC');
      p.sys('getpid').expectEq('the caller is still running: getpid is 1', ['ABI.STATIC'], 1);
      return { files: [{ path: '/bin/dynamic', data: interpImage(p) }] };
    },
  });
}

function limitsCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'limits/fd-max',
    description: `handle numbers run 0..FD_MAX-1 (${FD_MAX - 1}): dup2 onto ${FD_MAX - 1} succeeds, onto ${FD_MAX} fails EBADF`,
    clauses: ['ABI.LIMITS', 'FD.BADF'],
    build({ p }) {
      p.sys('dup2', 1, FD_MAX - 1);
      p.expectEq(`dup2(1, ${FD_MAX - 1}) returns ${FD_MAX - 1}`, ['ABI.LIMITS'], FD_MAX - 1);
      p.sys('dup2', 1, FD_MAX);
      p.expectErrno(`dup2(1, ${FD_MAX}) fails EBADF`, ['ABI.LIMITS', 'FD.BADF'], 'EBADF');
      p.sys('close', FD_MAX - 1);
      p.expectEq(`close(${FD_MAX - 1}) succeeds`, ['ABI.LIMITS'], 0);
    },
  });
}

export function gapCases(): CaseDef[] {
  return [
    ...FAILING.map(negErrnoCase),
    trapCase(),
    entryCase(['init'], []),
    entryCase(['init', 'alpha', 'beta'], ['HOME=/tmp', 'PATH=/bin']),
    numbersCase(),
    ...SYSCALLS.filter((r) => r.family === 'extensions' && r.support !== 'not-implemented').map((r) => extensionCase(r.name, r.nr)),
    staticCase('spawn'),
    staticCase('execve'),
    limitsCase(),
  ];
}
