// Decisions that settle questions earlier conformance work raised: argument widths (ABI.ARGS.WIDTH),
// SIGCHLD (SIG.CHILD.EXIT), a reaped process's pidfd (PIDFD.POLL.REAPED), empty non-blocking pty
// reads (TTY.PTY.READ.EMPTY), the moved endpoint handle (IPC.XFER.BADFD / IPC.XFER.SELF),
// confinement before existence (FS.CONFINE.ORDER), the order of rmdir's errors (FS.MUTATE.ORDER),
// what a controlled schedule indexes (PROC.SCHED.RUNNABLE) and errnos the rows now list.
import { describe, expect, it } from 'vitest';
import { constValue, encodeLayout, layout, SEEDED_PRINCIPAL_CAPS } from '../../../spec/index.js';
import { Prog, program, run, type Run } from '../testkit.js';
import { fn, restorer, stack } from '../signals/signals.testkit.js';
import { call, err, POLL, pollfds, report, timedRun } from './events.testkit.js';

const SIGCHLD = constValue('SIGNALS', 'SIGCHLD');
const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
const O_CREAT = constValue('OPEN_FLAGS', 'O_CREAT');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const F_SETFL = constValue('FCNTL_CMDS', 'F_SETFL');
const SEEK_SET = constValue('SEEK_WHENCE', 'SEEK_SET');
const JUNK = 0xdead_beef_0000_0000n;
const MS = 1_000_000;

/** fork: the child runs `child` (which ends with its own exit); the parent goes on with x19 = the child's pid. */
function forkChild(p: Prog, child: (p: Prog) => void): void {
  call(p, 'fork');
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child(p);
  p.a.bind(parent);
  p.keep(19);
}

/** A handler that adds 1 to the 64-bit counter at `counter` and returns (uses x9, x10). */
function countingHandler(p: Prog, counter: number): number {
  return fn(p, () => {
    p.load(10, counter);
    p.a.addImm(10, 10, 1);
    p.store(10, counter);
    p.a.ret();
  });
}

describe('ABI.ARGS.WIDTH: 32-bit parameters read the w register, 64-bit ones the whole register', () => {
  it('ABI.ARGS.WIDTH: fd, pid, signal, enum, timeout, 32-bit int and 32-bit flags ignore junk in the upper half', () => {
    const p = new Prog();
    const path = p.str('/tmp/w');
    const buf = p.space(8, 8);
    call(p, 'open', path, JUNK | BigInt(O_RDWR | O_CREAT), JUNK | 0o644n); // flags32, int32 (mode)
    call(p, 'write', JUNK | 3n, p.str('ab'), 2); // fd
    call(p, 'lseek', 3, 0, JUNK | BigInt(SEEK_SET)); // enum
    call(p, 'read', 3, buf, 1);
    call(p, 'kill', JUNK | 1n, JUNK); // pid, signal (0: probe)
    call(p, 'poll', 0, 0, JUNK); // timeout 0: returns at once
    call(p, 'chown', path, JUNK | 7n); // int32 owner
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
    expect(r.ret('open')).toBe(3n);
    expect(r.ret('write')).toBe(2n);
    expect(r.ret('lseek')).toBe(0n);
    expect(r.ret('read')).toBe(1n);
    expect(r.ret('kill')).toBe(0n);
    expect(r.ret('poll')).toBe(0n);
    expect(r.ret('chown')).toBe(0n);
  });

  it('ABI.ARGS.WIDTH: lengths, 64-bit ints and the 64-bit capability mask read all 64 bits', () => {
    const p = new Prog();
    call(p, 'write', 1, p.str('x'), (1n << 32n) | 1n); // a 2^32+1-byte buffer cannot be readable
    call(p, 'open', p.str('/tmp/o'), O_RDWR | O_CREAT, 0);
    call(p, 'lseek', 3, 1n << 32n, SEEK_SET); // a 64-bit offset
    call(p, 'login', 2, 2, (1n << 32n) | BigInt(SEEDED_PRINCIPAL_CAPS.user)); // bit 32 is not a capability
    p.exit(0);
    const r = run(p);
    expect(r.ret('write')).toBe(err('EFAULT'));
    expect(r.ret('lseek')).toBe(1n << 32n);
    expect(r.ret('login')).toBe(err('EINVAL'));
    expect(r.clause('login')).toBe('ABI.FLAGS.UNKNOWN');
  });
});

describe('SIG.CHILD.EXIT: a child\'s end sends SIGCHLD to its parent', () => {
  it('SIG.CHILD.EXIT: with a handler, the parent counts one SIGCHLD per ended child; waitpid still reaps', () => {
    const p = new Prog();
    const counter = p.space(8, 8);
    const handler = countingHandler(p, counter);
    call(p, 'sigaction', SIGCHLD, handler, restorer(p));
    forkChild(p, (c) => c.exit(3));
    call(p, 'waitpid', { r: 19 }, 0, 0);
    forkChild(p, (c) => c.exit(4));
    call(p, 'waitpid', { r: 19 }, 0, 0);
    report(p, counter);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('waitpid')).toEqual([2n, 3n]);
    expect(r.words()).toEqual([2n]);
  });

  it('SIG.CHILD.EXIT SIG.INTR: a parent blocked in a pipe read with a SIGCHLD handler gets EINTR when the child ends', () => {
    const p = new Prog();
    const counter = p.space(8, 8);
    const fds = p.space(8, 8);
    call(p, 'sigaction', SIGCHLD, countingHandler(p, counter), restorer(p));
    call(p, 'pipe', fds); // 3, 4
    forkChild(p, (c) => {
      call(c, 'nanosleep', 0, 5 * MS);
      c.exit(0);
    });
    call(p, 'read', 3, p.space(8), 8);
    report(p, counter);
    p.exit(0);
    const r = timedRun(p);
    expect(r.call('read', 0, 1).ret).toBe(err('EINTR'));
    expect(r.words()).toEqual([1n]);
  });

  it('SIG.CHILD.EXIT SIG.DEFAULT.ACTION: with SIG_DFL nothing happens: the blocked read is not interrupted', () => {
    const p = new Prog();
    const fds = p.space(8, 8);
    call(p, 'pipe', fds);
    forkChild(p, (c) => {
      call(c, 'nanosleep', 0, 5 * MS);
      call(c, 'write', 4, c.str('z'), 1);
      c.exit(0);
    });
    call(p, 'read', 3, p.space(8), 8);
    p.exit(0);
    const r = timedRun(p);
    expect(r.call('read', 0, 1).ret).toBe(1n);
  });

  it('SIG.CHILD.EXIT PROC.SPAWN.REAPED: the child of a synchronous spawn raises no SIGCHLD', () => {
    const p = new Prog();
    const counter = p.space(8, 8);
    call(p, 'sigaction', SIGCHLD, countingHandler(p, counter), restorer(p));
    call(p, 'spawn', p.str('/bin/child'), 0);
    report(p, counter);
    p.exit(0);
    const child = program((c) => c.exit(5));
    const r = timedRun(p, { image: new Map([['/bin/child', child]]) });
    expect(r.call('spawn', 0, 1).ret).toBe(5n);
    expect(r.words()).toEqual([0n]);
  });
});

describe('PIDFD.POLL.REAPED', () => {
  it('PIDFD.POLL.REAPED: a zombie\'s pidfd is POLLIN; once reaped POLLIN|POLLHUP, and POLLHUP even when not requested', () => {
    const p = new Prog();
    const fds = p.space(8, 8);
    call(p, 'pipe', fds); // 3, 4
    forkChild(p, (c) => c.exit(0));
    call(p, 'pidfd_open', { r: 19 }, 0); // 5
    call(p, 'close', 4);
    call(p, 'read', 3, p.space(8), 8); // EOF: the child has ended
    const pin = p.bytes(pollfds([{ fd: 5, events: POLL.IN }]), 8);
    const pnone = p.bytes(pollfds([{ fd: 5, events: 0 }]), 8);
    call(p, 'poll', pin, 1, 0);
    report(p, pin);
    call(p, 'waitpid', { r: 19 }, 0, 0);
    call(p, 'poll', pin, 1, 0);
    report(p, pin);
    call(p, 'poll', pnone, 1, 0);
    report(p, pnone);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('poll')).toEqual([1n, 1n, 1n]);
    expect(r.records('pollfd').map((x) => x['revents'])).toEqual([POLL.IN, POLL.IN | POLL.HUP, POLL.HUP]);
  });

  it('PIDFD.POLL.REAPED: reaping wakes a poll that waits only for POLLHUP', () => {
    const p = new Prog();
    forkChild(p, (c) => {
      call(c, 'nanosleep', 0, 2 * MS);
      c.exit(0);
    }); // pid 2
    p.mov(20, 19);
    call(p, 'pidfd_open', { r: 20 }, 0); // 3
    const pnone = p.bytes(pollfds([{ fd: 3, events: 0 }]), 8);
    forkChild(p, (c) => {
      call(c, 'poll', pnone, 1, -1);
      report(c, pnone);
      c.exit(0);
    }); // pid 3: inherits the pidfd
    call(p, 'nanosleep', 0, 10 * MS); // pid 2 ends, pid 3 waits
    call(p, 'waitpid', { r: 20 }, 0, 0);
    call(p, 'waitpid', { r: 19 }, 0, 0);
    p.exit(0);
    const r = timedRun(p);
    expect(r.call('poll', 0, 3).ret).toBe(1n);
    expect(r.records('pollfd').map((x) => x['revents'])).toEqual([POLL.HUP]);
    expect(r.events.some((e) => e.name === 'poll' && e.outcome === 'block')).toBe(true);
  });
});

describe('TTY.PTY.READ.EMPTY', () => {
  it('TTY.PTY.READ.EMPTY: non-blocking empty reads fail EAGAIN on both ends, also with half a line in canonical mode', () => {
    const p = new Prog();
    const m = p.space(4, 4);
    const s = p.space(4, 4);
    call(p, 'openpty', m, s); // master 3, slave 4
    call(p, 'fcntl', 3, F_SETFL, O_NONBLOCK);
    call(p, 'fcntl', 4, F_SETFL, O_NONBLOCK);
    call(p, 'read', 3, p.space(16), 16);
    call(p, 'read', 4, p.space(16), 16);
    call(p, 'write', 3, p.str('ab'), 2); // no newline: nothing readable yet
    call(p, 'read', 4, p.space(16), 16);
    call(p, 'read', 0, p.space(16), 16); // the console: 0 at the end of its input
    p.exit(0);
    const r = run(p);
    expect(r.rets('read')).toEqual([err('EAGAIN'), err('EAGAIN'), err('EAGAIN'), 0n]);
    expect([0, 1, 2].map((i) => r.clause('read', i))).toEqual(['TTY.PTY.READ.EMPTY', 'TTY.PTY.READ.EMPTY', 'TTY.PTY.READ.EMPTY']);
  });
});

describe('IPC.XFER.BADFD / IPC.XFER.SELF', () => {
  it('IPC.XFER.BADFD IPC.XFER.SELF: handle_fd equal to the call\'s own endpoint handle is EBADF; another handle of the endpoint is EINVAL', () => {
    const p = new Prog();
    const ends = p.space(8, 8);
    call(p, 'endpoint_create', ends); // send 3, recv 4
    const msg = (handle: number): number =>
      p.bytes(encodeLayout(layout('ipc_send_msg'), { buf: 0n, len: 0n, handle_fd: handle, requested_rights: 0xffff_ffff }), 8);
    call(p, 'ipc_send', 3, msg(3));
    call(p, 'ipc_send', 3, msg(4));
    p.exit(0);
    const r = run(p);
    expect(r.rets('ipc_send')).toEqual([err('EBADF'), err('EINVAL')]);
    expect([0, 1].map((i) => r.clause('ipc_send', i))).toEqual(['IPC.XFER.BADFD', 'IPC.XFER.SELF']);
  });
});

describe('FS.CONFINE.ORDER and FS.MUTATE.ORDER', () => {
  it('FS.CONFINE.ORDER: outside the confinement a missing path, a path through a file and an existing one all fail EACCES', () => {
    const p = new Prog();
    call(p, 'mkdir', p.str('/tmp/box'), 0o755);
    call(p, 'confine', p.str('/tmp/box'));
    const st = p.space(32, 8);
    for (const path of ['/tmp/nothing', '/etc/motd/x', '/etc', '/tmp/box/../nope']) call(p, 'stat', p.str(path), st);
    call(p, 'stat', p.str('/tmp/box/nope'), st);
    call(p, 'open', p.str('/tmp/missing'), O_RDONLY, 0);
    p.exit(0);
    const r = run(p);
    expect(r.rets('stat')).toEqual([err('EACCES'), err('EACCES'), err('EACCES'), err('EACCES'), err('ENOENT')]);
    expect(r.clause('stat', 0)).toBe('FS.CONFINE.DENY');
    expect(r.ret('open')).toBe(err('EACCES'));
  });

  it('FS.MUTATE.ORDER FS.PATH.DOTLAST FS.BASE.ERRNO: rmdir of a non-empty base-image directory is EROFS; of "." EINVAL; of ".." EINVAL', () => {
    const p = new Prog();
    call(p, 'rmdir', p.str('/etc'));
    call(p, 'mkdir', p.str('/tmp/d'), 0o755);
    call(p, 'mkdir', p.str('/tmp/d/e'), 0o755);
    call(p, 'chdir', p.str('/tmp/d/e'));
    call(p, 'rmdir', p.str('.'));
    call(p, 'rmdir', p.str('..'));
    call(p, 'rmdir', p.str('/tmp/d'));
    call(p, 'rmdir', p.str('/etc/motd/'));
    call(p, 'rmdir', p.str('/etc/motd/x'));
    p.exit(0);
    const r = run(p);
    expect(r.rets('rmdir')).toEqual([err('EROFS'), err('EINVAL'), err('EINVAL'), err('ENOTEMPTY'), err('ENOTDIR'), err('ENOTDIR')]);
    expect(r.clause('rmdir', 0)).toBe('FS.BASE.ERRNO');
    expect(r.clause('rmdir', 1)).toBe('FS.PATH.DOTLAST');
    expect(r.clause('rmdir', 4)).toBe('FS.PATH.TRAILSLASH');
    expect(r.clause('rmdir', 5)).toBe('FS.PATH.NOTDIR');
  });
});

describe('PROC.SCHED.RUNNABLE: what a controlled schedule indexes', () => {
  it('PROC.SCHED.RUNNABLE: a blocked thread takes no index; woken threads are appended, a preempted one goes last', () => {
    const p = new Prog();
    const fds = p.space(8, 8);
    call(p, 'pipe', fds); // 3, 4
    forkChild(p, (c) => {
      call(c, 'read', 3, c.space(8), 1); // A (pid 2): blocks until B writes
      c.exit(0);
    });
    forkChild(p, (c) => {
      call(c, 'write', 4, c.str('x'), 1); // B (pid 3): wakes A, then computes past its quantum
      c.a.movImm(9, 20_000);
      const loop = c.a.here();
      c.a.subImm(9, 9, 1).cbnz(9, loop);
      c.exit(0);
    });
    call(p, 'waitpid', -1, 0, 0); // init blocks
    call(p, 'waitpid', -1, 0, 0);
    p.exit(0);
    const lists: number[][] = [];
    const r = run(p, {
      quantum: 5_000,
      chooser: (runnable) => {
        lists.push(runnable.map((t) => t.tid));
        return 0;
      },
    });
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
    // init waits: [A, B]. A blocks (B alone: no point). B wakes A and is preempted: [A, B]. A ends and wakes init: [B, init].
    expect(lists.slice(0, 3)).toEqual([[2, 3], [2, 3], [3, 1]]);
  });
});

describe('MM.PROT.READIMPLIED and MM.MMAPFILE.MPROTECT', () => {
  const PAGE = 4096;
  const PROT_READ = constValue('PROT', 'PROT_READ');
  const PROT_WRITE = constValue('PROT', 'PROT_WRITE');
  const PROT_EXEC = constValue('PROT', 'PROT_EXEC');
  const ANON = constValue('MAP_FLAGS', 'MAP_PRIVATE') | constValue('MAP_FLAGS', 'MAP_ANONYMOUS');

  it('MM.PROT.READIMPLIED: a PROT_WRITE-only and then PROT_EXEC-only page reads, at EL0 and as a write() buffer', () => {
    const p = new Prog();
    call(p, 'mmap', 0, PAGE, PROT_WRITE, ANON, -1, 0);
    p.keep(19);
    p.a.movImm(9, 0x41).inst('STRB_uoff', { Rt: 9, Rn: 19, imm12: 0 });
    p.a.inst('LDRB_uoff', { Rt: 20, Rn: 19, imm12: 0 });
    call(p, 'write', 1, { r: 19 }, 1);
    call(p, 'mprotect', { r: 19 }, PAGE, PROT_EXEC);
    p.a.inst('LDRB_uoff', { Rt: 21, Rn: 19, imm12: 0 });
    call(p, 'write', 1, { r: 19 }, 1);
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
    expect(r.out).toBe('AA');
    expect(r.ret('mprotect')).toBe(0n);
  });

  it('MM.MMAPFILE.MPROTECT: a file mapping made writable is a private copy; the file and a second mapping keep the bytes; W|X is still refused', () => {
    const p = new Prog();
    call(p, 'open', p.str('/etc/words'), O_RDONLY, 0); // 3
    call(p, 'mmap_file', 3, 5, PROT_READ);
    p.keep(19);
    call(p, 'mprotect', { r: 19 }, PAGE, PROT_READ | PROT_WRITE);
    p.a.movImm(9, 0x4a).inst('STRB_uoff', { Rt: 9, Rn: 19, imm12: 0 });
    call(p, 'write', 1, { r: 19 }, 5);
    const buf = p.space(8, 8);
    call(p, 'read', 3, buf, 5);
    call(p, 'write', 1, buf, 5);
    call(p, 'mmap_file', 3, 5, PROT_READ);
    p.keep(20);
    call(p, 'write', 1, { r: 20 }, 5);
    call(p, 'mprotect', { r: 19 }, PAGE, PROT_WRITE | PROT_EXEC);
    p.exit(0);
    const r = run(p, { image: new Map([['/etc/words', new TextEncoder().encode('hello')]]) });
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
    expect(r.out).toBe('Jellohellohello');
    expect(r.rets('mprotect')).toEqual([0n, err('EINVAL')]);
  });
});

describe('errnos the rows now list', () => {
  it('SIG.NUMBER.INVALID: a signal number outside 1..31 names SIG.NUMBER.INVALID (kill, sigaction, pidfd_send_signal)', () => {
    const p = new Prog();
    call(p, 'kill', 1, 32);
    call(p, 'sigaction', 0, 0, 0);
    call(p, 'pidfd_open', 1, 0);
    call(p, 'pidfd_send_signal', 3, 99, 0);
    p.exit(0);
    const r: Run = run(p);
    expect([r.clause('kill'), r.clause('sigaction'), r.clause('pidfd_send_signal')]).toEqual(['SIG.NUMBER.INVALID', 'SIG.NUMBER.INVALID', 'SIG.NUMBER.INVALID']);
  });

  it('FD.RIGHTS.MISSING ABI.FAULT: dup2 of a handle without DUPLICATE is EACCES; thread_create and futex with a NULL address are EFAULT', () => {
    const p = new Prog();
    const ends = p.space(8, 8);
    call(p, 'endpoint_create', ends); // send 3 (WRITE|TRANSFER)
    call(p, 'dup2', 3, 10);
    call(p, 'thread_create', 0, 0, stack(p));
    call(p, 'futex', 0, 0, 0);
    p.exit(0);
    const r = run(p);
    expect([r.ret('dup2'), r.ret('thread_create'), r.ret('futex')]).toEqual([err('EACCES'), err('EFAULT'), err('EFAULT')]);
    expect([r.clause('dup2'), r.clause('thread_create'), r.clause('futex')]).toEqual(['FD.RIGHTS.MISSING', 'ABI.FAULT', 'ABI.FAULT']);
  });

});
