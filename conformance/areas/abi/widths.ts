// ABI.ARGS.WIDTH: each argument kind reads as many register bits as its C parameter has. A 32-bit
// parameter (fd, pid, signal, enum, timeout, 32-bit int, 32-bit flag word) gets junk in the upper
// half of its register and must behave as the low half alone; a 64-bit one (length, 64-bit int,
// address, 64-bit flag word) gets the same junk and must see it.

import { constValue, SEEDED_PRINCIPAL_CAPS } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';

const JUNK = 0xdead_beef_0000_0000n;
/** Negative as a 64-bit value, 0 as a 32-bit one. */
const HIGH_ONLY = 0xffff_ffff_0000_0000n;
const c = (group: string, name: string): number => constValue(group, name);
const O_RDWR = c('OPEN_ACCESS', 'O_RDWR');
const O_RDONLY = c('OPEN_ACCESS', 'O_RDONLY');
const O_CREAT = c('OPEN_FLAGS', 'O_CREAT');
const SEEK_END = c('SEEK_WHENCE', 'SEEK_END');
const SEEK_SET = c('SEEK_WHENCE', 'SEEK_SET');
const F_GETFD = c('FCNTL_CMDS', 'F_GETFD');
const SIGUSR1 = c('SIGNALS', 'SIGUSR1');
const SIG_IGN = c('SIG_HANDLERS', 'SIG_IGN');
const WNOHANG = c('WAIT_OPTIONS', 'WNOHANG');
const EFD_NONBLOCK = c('EVENTFD_FLAGS', 'EFD_NONBLOCK');
const CLOCK_MONOTONIC = c('CLOCK_IDS', 'CLOCK_MONOTONIC');
const PROT_READ = c('PROT', 'PROT_READ');
const PROT_WRITE = c('PROT', 'PROT_WRITE');
const ANON = c('MAP_FLAGS', 'MAP_PRIVATE') | c('MAP_FLAGS', 'MAP_ANONYMOUS');
const PAGE = c('ADDRESS_SPACE', 'PAGE_SIZE');
const enc = new TextEncoder();

interface Width {
  readonly kind: string;
  readonly id: string;
  readonly what: string;
  readonly clauses: readonly string[];
  readonly body: (p: CaseProgram) => void;
}

/** A tmpfs file holding "abc", opened read/write at handle 3. */
function abcFile(p: CaseProgram): void {
  p.sys('open', p.str('/tmp/width'), O_RDWR | O_CREAT, 0o644).expectEq('open creates /tmp/width at handle 3', ['FS.OPEN.CREAT', 'FS.OPEN.LOWEST'], 3);
  p.sys('write', 3, p.bytes(enc.encode('abc'), 1), 3).expectEq('write of 3 bytes returns 3', ['FD.WRITE.OFFSET'], 3);
}

const WIDTHS: readonly Width[] = [
  {
    kind: 'fd', id: 'fd/dup', what: 'dup(0xdeadbeef_00000001) duplicates handle 1',
    clauses: ['FD.DUP.LOWEST'],
    body: (p) => p.sys('dup', JUNK | 1n).expectEq('dup returns 3', ['ABI.ARGS.WIDTH', 'FD.DUP.LOWEST'], 3),
  },
  {
    kind: 'fd', id: 'fd/write', what: 'write(0xdeadbeef_00000001, "\\n", 1) writes to the console',
    clauses: ['TTY.WRITE.CONSOLE'],
    body: (p) => p.sys('write', JUNK | 1n, p.str('\n'), 1).expectEq('write returns 1', ['ABI.ARGS.WIDTH', 'TTY.WRITE.CONSOLE'], 1),
  },
  {
    kind: 'pid', id: 'pid/kill', what: 'kill(0xdeadbeef_00000001, 0) probes init',
    clauses: ['SIG.KILL.PROBE'],
    body: (p) => p.sys('kill', JUNK | 1n, 0).expectEq('kill returns 0', ['ABI.ARGS.WIDTH', 'SIG.KILL.PROBE'], 0),
  },
  {
    kind: 'signal', id: 'signal/kill-probe', what: 'kill(1, 0xdeadbeef_00000000) is the 0 probe',
    clauses: ['SIG.KILL.PROBE'],
    body: (p) => p.sys('kill', 1, JUNK).expectEq('kill returns 0', ['ABI.ARGS.WIDTH', 'SIG.KILL.PROBE'], 0),
  },
  {
    kind: 'signal', id: 'signal/sigaction', what: 'sigaction(0xdeadbeef_0000000a, SIG_IGN, 0) ignores SIGUSR1; kill(1, SIGUSR1) then does nothing',
    clauses: ['SIG.ACTION.RECORD', 'SIG.IGN.DISCARD'],
    body: (p) => {
      p.sys('sigaction', JUNK | BigInt(SIGUSR1), SIG_IGN, 0).expectEq('sigaction returns 0', ['ABI.ARGS.WIDTH', 'SIG.ACTION.RECORD'], 0);
      p.sys('kill', 1, SIGUSR1).expectEq('kill(1, SIGUSR1) returns 0 and init lives on', ['ABI.ARGS.WIDTH', 'SIG.IGN.DISCARD'], 0);
    },
  },
  {
    kind: 'enum', id: 'enum/lseek-whence', what: 'lseek(fd, 0, 0xdeadbeef_00000002) seeks to the end (SEEK_END)',
    clauses: ['FS.LSEEK.WHENCE'],
    body: (p) => {
      abcFile(p);
      p.sys('lseek', 3, 0, JUNK | BigInt(SEEK_END)).expectEq('lseek returns 3', ['ABI.ARGS.WIDTH', 'FS.LSEEK.WHENCE'], 3);
    },
  },
  {
    kind: 'enum', id: 'enum/fcntl-cmd', what: 'fcntl(1, 0xdeadbeef_00000001, 0) is F_GETFD',
    clauses: ['FD.FCNTL.FD'],
    body: (p) => p.sys('fcntl', 1, JUNK | BigInt(F_GETFD), 0).expectEq('fcntl returns 0 (not close-on-exec)', ['ABI.ARGS.WIDTH', 'FD.FCNTL.FD'], 0),
  },
  {
    kind: 'timeout', id: 'timeout/poll', what: 'poll(NULL, 0, 0xffffffff_00000000) has timeout 0 and returns at once (64 bits would be negative: wait forever)',
    clauses: ['FD.POLL.EMPTY', 'FD.POLL.TIMEOUT'],
    body: (p) => p.sys('poll', 0, 0, HIGH_ONLY).expectEq('poll returns 0', ['ABI.ARGS.WIDTH', 'FD.POLL.EMPTY'], 0),
  },
  {
    kind: 'flags', id: 'flags/open', what: 'open(path, 0xdeadbeef_00000000 | O_RDONLY, 0) opens the file read-only',
    clauses: ['FS.OPEN.FLAGVALUES'],
    body: (p) => p.sys('open', p.str('/etc/motd'), JUNK | BigInt(O_RDONLY), JUNK).expectEq('open returns handle 3', ['ABI.ARGS.WIDTH', 'FS.OPEN.LOWEST'], 3),
  },
  {
    kind: 'flags', id: 'flags/mmap-prot-flags', what: 'mmap(NULL, 4096, 0xdeadbeef_00000003, 0xdeadbeef_00000022, -1, 0) maps a RW page',
    clauses: ['MM.MMAP.ZERO'],
    body: (p) => {
      p.sys('mmap', 0, PAGE, JUNK | BigInt(PROT_READ | PROT_WRITE), JUNK | BigInt(ANON), -1, 0);
      p.expectCmp('mmap returns a mapping (not -errno)', ['ABI.ARGS.WIDTH', 'MM.MMAP.ZERO'], 'gt', 0);
    },
  },
  {
    kind: 'flags', id: 'flags/waitpid-options', what: 'waitpid(child, NULL, 0xdeadbeef_00000001) is WNOHANG: 0 while the child lives',
    clauses: ['PROC.WAIT.WNOHANG'],
    body: (p) => {
      const fds = p.space(8, 8);
      p.sys('pipe', fds).expectEq('pipe returns 0', ['FD.PIPE.ORDER'], 0);
      const child = p.variable();
      p.sys('fork').save(child);
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      p.sys('close', 4).sys('read', 3, p.space(8, 8), 1);
      p.exit(0);
      p.a.bind(parent);
      p.sys('waitpid', child, 0, JUNK | BigInt(WNOHANG)).expectEq('waitpid returns 0', ['ABI.ARGS.WIDTH', 'PROC.WAIT.WNOHANG'], 0);
      p.sys('close', 4).sys('waitpid', child, 0, 0).expectCmp('waitpid then reaps the child', ['PROC.WAIT.REAP'], 'gt', 0);
    },
  },
  {
    kind: 'flags', id: 'flags/eventfd', what: 'eventfd(0, 0xdeadbeef_00004000) is non-blocking: the empty read fails EAGAIN',
    clauses: ['EVT.NONBLOCK'],
    body: (p) => {
      p.sys('eventfd', 0, JUNK | BigInt(EFD_NONBLOCK)).expectEq('eventfd returns handle 3', ['ABI.ARGS.WIDTH', 'EVT.FLAGS'], 3);
      p.sys('read', 3, p.space(8, 8), 8).expectErrno('read fails EAGAIN', ['ABI.ARGS.WIDTH', 'EVT.NONBLOCK'], 'EAGAIN');
    },
  },
  {
    kind: 'flags', id: 'flags/timerfd', what: 'timerfd_create(CLOCK_MONOTONIC, 0xdeadbeef_00000000) creates a timer',
    clauses: ['TFD.CREATE'],
    body: (p) => p.sys('timerfd_create', JUNK | BigInt(CLOCK_MONOTONIC), JUNK).expectEq('timerfd_create returns handle 3', ['ABI.ARGS.WIDTH', 'TFD.CREATE'], 3),
  },
  {
    kind: 'flags', id: 'flags/pidfd-open', what: 'pidfd_open(0xdeadbeef_00000001, 0xdeadbeef_00000000) opens init',
    clauses: ['PIDFD.OPEN'],
    body: (p) => p.sys('pidfd_open', JUNK | 1n, JUNK).expectEq('pidfd_open returns handle 3', ['ABI.ARGS.WIDTH', 'PIDFD.OPEN'], 3),
  },
  {
    kind: 'int', id: 'int/chmod-mode', what: 'chmod(f, 0xdeadbeef_00000600) sets mode 0600',
    clauses: ['FS.CHMOD.BITS', 'FS.STAT.EXECBIN'],
    body: (p) => {
      abcFile(p);
      p.sys('chmod', p.str('/tmp/width'), JUNK | 0o600n).expectEq('chmod returns 0', ['ABI.ARGS.WIDTH', 'FS.CHMOD.BITS'], 0);
      const st = p.space(32, 8);
      p.sys('stat', p.str('/tmp/width'), st).expectEq('stat returns 0', ['FS.STAT.RECORD'], 0);
      p.loadInt(3, st);
      p.a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 11, Rn: 3, Rd: 3 });
      p.expectEq('the permission bits are 0600', ['ABI.ARGS.WIDTH', 'FS.CHMOD.BITS'], 0o600, 3);
    },
  },
  {
    kind: 'length', id: 'length/write-count', what: 'write(1, buf, 0x1_00000001) is a 4 GiB + 1 byte buffer: EFAULT, not a 1-byte write',
    clauses: ['ABI.FAULT'],
    body: (p) => p.sys('write', 1, p.str('x'), (1n << 32n) | 1n).expectErrno('write fails EFAULT', ['ABI.ARGS.WIDTH', 'ABI.FAULT'], 'EFAULT'),
  },
  {
    kind: 'int64', id: 'int64/lseek-offset', what: 'lseek(fd, 0x1_00000000, SEEK_SET) moves to 4 GiB',
    clauses: ['FS.LSEEK.PASTEND'],
    body: (p) => {
      abcFile(p);
      p.sys('lseek', 3, 1n << 32n, SEEK_SET).expectEq('lseek returns 0x1_00000000', ['ABI.ARGS.WIDTH', 'FS.LSEEK.PASTEND'], 1n << 32n);
    },
  },
  {
    kind: 'flags64', id: 'flags64/login-caps', what: 'login(2, 2, bit 32 | user caps): bit 32 of the 64-bit capability mask is not a capability: EINVAL',
    clauses: ['SEC.LOGIN.CAPBITS', 'ABI.FLAGS.UNKNOWN'],
    body: (p) => p.sys('login', 2, 2, (1n << 32n) | BigInt(SEEDED_PRINCIPAL_CAPS.user)).expectErrno('login fails EINVAL', ['ABI.ARGS.WIDTH', 'ABI.FLAGS.UNKNOWN', 'SEC.LOGIN.CAPBITS'], 'EINVAL'),
  },
  {
    kind: 'addr', id: 'addr/munmap', what: 'munmap(a mapping + 0x1_00000000, 4096) is outside the mapping area: EINVAL, and the mapping stays',
    clauses: ['MM.MUNMAP.RANGE'],
    body: (p) => {
      const m = p.variable();
      p.sys('mmap', 0, PAGE, PROT_READ | PROT_WRITE, ANON, -1, 0).save(m);
      p.a.movImm(10, 1n << 32n).inst('ADD_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: m.n, Rd: 11 });
      p.mov(0, 11);
      p.a.movImm(1, PAGE);
      p.svc('munmap');
      p.expectErrno('munmap fails EINVAL', ['ABI.ARGS.WIDTH', 'MM.MUNMAP.RANGE'], 'EINVAL');
      p.mov(0, m.n);
      p.a.inst('LDR_X_uoff', { Rt: 3, Rn: 0, imm12: 0 });
      p.expectEq('the mapping is still readable (zero)', ['MM.MMAP.ZERO'], 0, 3);
    },
  },
];

export function widthCases(): CaseDef[] {
  return WIDTHS.map((w) => derivedCase('abi', {
    id: `width/${w.id}`,
    description: `${w.kind}: ${w.what}`,
    clauses: ['ABI.ARGS.WIDTH', ...w.clauses],
    build: ({ p }) => w.body(p),
  }));
}
