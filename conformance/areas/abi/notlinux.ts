// ABI.NOTLINUX: the call numbers are SwiftOS's own. Each case makes a Linux AArch64 call by its
// Linux number and arguments (asm-generic unistd.h) and checks that what happens is what the
// SwiftOS row of that number does with those registers (spec/syscalls), not the Linux call:
// exit(42) does not exit, write(1, ...) prints nothing, close(3) sleeps, getcwd(buf) changes
// directory. Numbers SwiftOS has no row for answer -ENOSYS.

import { constValue, errnoNumber, syscallByNumber, type ArgType, type ErrnoName, type SyscallRow } from '../../../spec/index.js';
import type { BootSpec, CaseDef } from '../../model.js';
import type { CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';

const AREA = 'abi';
const enc = new TextEncoder();
/** Linux's AT_FDCWD, the dirfd of the *at calls. */
const AT_FDCWD = -100;
const F_GETFL = constValue('FCNTL_CMDS', 'F_GETFL');
const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');

/** The SwiftOS row at `nr`, checked to be the one a case was written for. */
function rowAt(nr: number, name: string): SyscallRow {
  const row = syscallByNumber(nr);
  if (row?.name !== name) throw new Error(`abi/not-linux: SwiftOS call ${nr} is ${row?.name ?? 'no row'}, not ${name}`);
  return row;
}

/** The errno a row's argument `i` gives for a handle of the wrong kind, from its type. */
function wrongKindErrno(row: SyscallRow, i: number): ErrnoName {
  const t: ArgType = row.args[i]!.type;
  if (t.kind !== 'fd') throw new Error(`${row.name}: argument ${i} is not a handle`);
  return t.wrongKindErrno;
}

function misalignedErrno(row: SyscallRow, i: number): ErrnoName {
  const t: ArgType = row.args[i]!.type;
  if (t.kind !== 'addr' || t.misalignedErrno === undefined) throw new Error(`${row.name}: argument ${i} has no alignment`);
  return t.misalignedErrno;
}

/** x0..x5 = `args`, x8 = the Linux number `nr`, svc #0; `row` (SwiftOS's row `nr`) is a row the case needs. */
function linuxCall(p: CaseProgram, nr: number, row: SyscallRow | null, ...args: (number | bigint)[]): void {
  args.forEach((v, i) => p.a.movImm(i, v));
  if (row) p.recordRow(row.name);
  p.a.movImm(8, nr).svc();
}

interface NotLinux {
  readonly id: string;
  readonly description: string;
  readonly clauses: readonly string[];
  readonly boot?: BootSpec;
  readonly build: (p: CaseProgram) => void;
}

function notLinux(c: NotLinux): CaseDef {
  return derivedCase(AREA, {
    id: `not-linux/${c.id}`,
    description: c.description,
    clauses: ['ABI.NOTLINUX', 'ABI.TABLE.SYNC', ...c.clauses],
    ...(c.boot ? { boot: c.boot } : {}),
    build: ({ p }) => c.build(p),
  });
}

export function notLinuxCases(): CaseDef[] {
  const out: CaseDef[] = [];

  const discover = rowAt(64, 'device_discover');
  out.push(notLinux({
    id: 'write-64',
    description: 'Linux write(1, "NOTLINUX\\n", 9) is call 64; in SwiftOS 64 is device_discover(index 1, info): past the last device it fails ENOENT and writes nothing into the buffer',
    clauses: ['DEV.DISCOVER.END', 'DEV.REGISTRY'],
    build(p) {
      const text = enc.encode('NOTLINUX\n');
      const buf = p.bytes(text, 16);
      linuxCall(p, 64, discover, 1, buf, text.length);
      p.expectErrno(`call 64 is ${discover.name}: ordinal 1 is past the default machine's devices, ENOENT (not the byte count 9)`, ['ABI.NOTLINUX', 'DEV.DISCOVER.END', 'DEV.REGISTRY'], 'ENOENT');
      p.expectMem('the buffer still holds "NOTLINUX\\n": nothing was written to it', ['ABI.NOTLINUX', 'DEV.DISCOVER.END'], buf, text);
    },
  }));

  const deviceInfo = rowAt(63, 'device_info');
  const infoErrno = wrongKindErrno(deviceInfo, 0);
  out.push(notLinux({
    id: 'read-63',
    description: `Linux read(0, buf, 16) is call 63; in SwiftOS 63 is device_info(fd 0, info): the console is not a device, ${infoErrno}; the console input is still there for SwiftOS read (2)`,
    clauses: ['FD.KIND.WRONG', 'FD.READ.OFFSET'],
    boot: { consoleInput: 'linux\n' },
    build(p) {
      const buf = p.space(64, 16);
      linuxCall(p, 63, deviceInfo, 0, buf, 16);
      p.expectErrno(`call 63 is ${deviceInfo.name}: fd 0 is the console, ${infoErrno}`, ['ABI.NOTLINUX', 'FD.KIND.WRONG'], infoErrno);
      p.sys('read', 0, buf, 16).expectEq('SwiftOS read (2) then returns the 6 console bytes', ['ABI.TABLE.SYNC', 'FD.READ.OFFSET'], 6);
    },
  }));

  const badge = rowAt(93, 'ipc_badge');
  out.push(notLinux({
    id: 'exit-93',
    description: 'Linux exit(42) is call 93; in SwiftOS 93 is ipc_badge(fd 42, 0): no handle 42, EBADF, and the process carries on',
    clauses: ['FD.BADF', 'PROC.GETPID'],
    build(p) {
      linuxCall(p, 93, badge, 42, 0);
      p.expectErrno(`call 93 is ${badge.name}: handle 42 is not open, EBADF`, ['ABI.NOTLINUX', 'FD.BADF'], 'EBADF');
      p.sys('getpid').expectEq('the process did not exit: getpid returns 1', ['ABI.NOTLINUX', 'PROC.GETPID'], 1);
    },
  }));

  const nanosleep = rowAt(57, 'nanosleep');
  out.push(notLinux({
    id: 'close-57',
    description: 'Linux close(3) is call 57; in SwiftOS 57 is nanosleep(3 s, 0 ns): it sleeps at least 3 seconds and returns 0, and handle 3 stays open',
    clauses: ['TIME.SLEEP.MIN', 'TIME.NOW', 'FD.PIPE.ENDS', 'FD.PIPE.PARTIAL'],
    build(p) {
      const fds = p.space(8, 8);
      const t0 = p.variable();
      p.sys('pipe', fds).expectEq('set-up: pipe returns 0 (ends 3 and 4)', ['FD.PIPE.ENDS'], 0);
      p.sys('time').save(t0);
      linuxCall(p, 57, nanosleep, 3, 0);
      p.expectEq(`call 57 is ${nanosleep.name}: it returns 0`, ['ABI.NOTLINUX', 'TIME.SLEEP.MIN'], 0);
      p.sys('time');
      p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: t0.n, imm6: 0, Rn: 0, Rd: 0 });
      p.expectCmp('time advanced by at least 3 seconds', ['TIME.SLEEP.MIN', 'TIME.NOW'], 'ge', 3);
      p.sys('write', 4, p.str('x'), 1).expectEq('handle 4 still writes', ['FD.PIPE.ENDS'], 1);
      p.sys('read', 3, p.space(8), 8).expectEq('handle 3 was not closed: it reads the byte', ['ABI.NOTLINUX', 'FD.PIPE.PARTIAL'], 1);
    },
  }));

  const chdir = rowAt(17, 'chdir');
  out.push(notLinux({
    id: 'getcwd-17',
    description: 'Linux getcwd(buf, 64) is call 17; in SwiftOS 17 is chdir(buf): with "/tmp" in the buffer it returns 0 and /tmp becomes the current directory',
    clauses: ['FS.CHDIR.SET', 'FS.GETCWD.PATH'],
    build(p) {
      const buf = p.bytes(new Uint8Array([...enc.encode('/tmp'), 0, ...new Array<number>(59).fill(0x2e)]), 16);
      linuxCall(p, 17, chdir, buf, 64);
      p.expectEq(`call 17 is ${chdir.name}: it returns 0 (not a length)`, ['ABI.NOTLINUX', 'FS.CHDIR.SET'], 0);
      const out2 = p.space(64, 16);
      p.sys('getcwd', out2, 64).expectEq('SwiftOS getcwd (18) returns 4', ['FS.GETCWD.PATH', 'FS.CHDIR.SET'], 4);
      p.expectMem('the current directory is /tmp', ['FS.CHDIR.SET', 'FS.GETCWD.PATH'], out2, enc.encode('/tmp\0'));
    },
  }));

  const pipe = rowAt(25, 'pipe');
  out.push(notLinux({
    id: 'fcntl-25',
    description: 'Linux fcntl(1, F_GETFL) is call 25; in SwiftOS 25 is pipe(fds = 1): address 1 cannot be written, EFAULT, and no handle is made',
    clauses: ['ABI.FAULT', 'FD.DUP.LOWEST'],
    build(p) {
      linuxCall(p, 25, pipe, 1, F_GETFL);
      p.expectErrno(`call 25 is ${pipe.name}: fds = 1 is not writable memory, EFAULT`, ['ABI.NOTLINUX', 'ABI.FAULT'], 'EFAULT');
      p.sys('dup', 0).expectEq('no handle was made: dup(0) returns 3', ['FD.DUP.LOWEST'], 3);
    },
  }));

  const fcntl = rowAt(34, 'fcntl');
  out.push(notLinux({
    id: 'mkdirat-34',
    description: 'Linux mkdirat(AT_FDCWD, "/tmp/notlinux", 0755) is call 34; in SwiftOS 34 is fcntl(fd -100, ...): EBADF, and no directory appears',
    clauses: ['FD.BADF', 'FS.PATH.NOENT'],
    build(p) {
      const path = p.str('/tmp/notlinux');
      linuxCall(p, 34, fcntl, AT_FDCWD, path, 0o755);
      p.expectErrno(`call 34 is ${fcntl.name}: handle -100 is not open, EBADF`, ['ABI.NOTLINUX', 'FD.BADF'], 'EBADF');
      p.sys('stat', path, p.space(32, 8)).expectErrno('stat(/tmp/notlinux) fails ENOENT: nothing was made', ['ABI.NOTLINUX', 'FS.PATH.NOENT'], 'ENOENT');
    },
  }));

  const mprotect = rowAt(56, 'mprotect');
  const alignErrno = misalignedErrno(mprotect, 0);
  out.push(notLinux({
    id: 'openat-56',
    description: `Linux openat(AT_FDCWD, "/etc/motd", O_RDONLY) is call 56; in SwiftOS 56 is mprotect(addr -100, ...): the address is not page-aligned, ${alignErrno}, and no handle is opened`,
    clauses: ['ABI.ADDR.ALIGN', 'FD.DUP.LOWEST'],
    build(p) {
      linuxCall(p, 56, mprotect, AT_FDCWD, p.str('/etc/motd'), O_RDONLY, 0);
      p.expectErrno(`call 56 is ${mprotect.name}: address -100 is misaligned, ${alignErrno}`, ['ABI.NOTLINUX', 'ABI.ADDR.ALIGN'], alignErrno);
      p.sys('dup', 0).expectEq('no handle was opened: dup(0) returns 3', ['FD.DUP.LOWEST'], 3);
    },
  }));

  // Linux calls whose numbers have no SwiftOS row at all.
  const LINUX_ONLY: readonly [number, string][] = [
    [113, 'clock_gettime'], [124, 'sched_yield'], [129, 'kill'], [160, 'uname'], [172, 'getpid'],
    [214, 'brk'], [220, 'clone'], [222, 'mmap'], [260, 'wait4'], [278, 'getrandom'],
  ];
  out.push(notLinux({
    id: 'linux-only-numbers',
    description: `Linux ${LINUX_ONLY.map(([nr, name]) => `${name} (${nr})`).join(', ')} have no SwiftOS row: each returns -ENOSYS and the process carries on`,
    clauses: ['ABI.ENOSYS.UNKNOWN', 'PROC.GETPID'],
    build(p) {
      for (const [nr, name] of LINUX_ONLY) {
        if (syscallByNumber(nr) !== undefined) throw new Error(`abi/not-linux: SwiftOS now has a row ${nr}`);
        linuxCall(p, nr, null, 0, 0, 0);
        p.expectEq(`Linux ${name} (${nr}) returns -ENOSYS (-${errnoNumber('ENOSYS')})`, ['ABI.NOTLINUX', 'ABI.ENOSYS.UNKNOWN'], -errnoNumber('ENOSYS'));
      }
      p.sys('getpid').expectEq('the process carries on: getpid returns 1', ['PROC.GETPID'], 1);
    },
  }));
  return out;
}
