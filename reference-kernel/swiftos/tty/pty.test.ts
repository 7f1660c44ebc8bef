import { describe, expect, it } from 'vitest';
import { constValue, decodeLayout, encodeLayout, layout } from '../../../spec/index.js';
import { err, Prog, run, type Run } from '../testkit.js';
import { PTY_MAX } from './pty.js';
import { ascii, call, print, record } from './testkit.js';

const ICANON = constValue('TERMIOS_LFLAGS', 'ICANON');
const ECHO = constValue('TERMIOS_LFLAGS', 'ECHO');
const ISIG = constValue('TERMIOS_LFLAGS', 'ISIG');
const TCSANOW = constValue('TCSETATTR_ACTIONS', 'TCSANOW');
const TCSAFLUSH = constValue('TCSETATTR_ACTIONS', 'TCSAFLUSH');
const SIGINT = constValue('SIGNALS', 'SIGINT');
const SIGKILL = constValue('SIGNALS', 'SIGKILL');
const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const F_SETFL = constValue('FCNTL_CMDS', 'F_SETFL');
const TERMIOS = layout('termios');
const POLLFD = layout('pollfd');
const BAD = 0x1000;
/** The pair's handles: 0..2 are the console, new handles take the lowest free number (FD.ALLOC.LOWEST). */
const M = 3;
const S = 4;

/** Opens a pty (handles M and S), runs `build`, exits 0; the run must end with that exit. */
function withPty(build: (p: Prog) => void, opts: Parameters<typeof run>[1] = {}): Run {
  const p = new Prog();
  call(p, 'openpty', p.space(4), p.space(4));
  build(p);
  p.exit(0);
  const r = run(p, opts);
  expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
  return r;
}

const termios = (p: Prog, lflag: number): number =>
  p.bytes(encodeLayout(TERMIOS, { c_iflag: 0, c_oflag: 0, c_cflag: 0, c_lflag: lflag }));

const send = (p: Prog, fd: number, s: string): Prog => call(p, 'write', fd, p.bytes(ascii(s)), s.length);

/** read(fd, buf, n) then write(1, buf, result). */
function relay(p: Prog, fd: number, n: number): void {
  const b = p.space(Math.max(n, 16));
  call(p, 'read', fd, b, n).keep(20);
  call(p, 'write', 1, b, { r: 20 });
}

/** poll([{fd, events}], 1, 0) and prints the 8-byte pollfd back. */
function pollOnce(p: Prog, fd: number, events: number): void {
  const at = p.bytes(encodeLayout(POLLFD, { fd, events, revents: 0 }));
  call(p, 'poll', at, 1, 0);
  print(p, at, 8);
}

/** Forks; the child (pid in x19 of the parent) runs `child` and exits 0; the parent sleeps 1 ms. */
function forkChild(p: Prog, child: (p: Prog) => void): void {
  call(p, 'fork').keep(19);
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child(p);
  p.exit(0);
  p.a.bind(parent);
  call(p, 'nanosleep', 0, 1_000_000);
}

describe('openpty', () => {
  it('TTY.PTY.OPEN, TTY.PTY.DEFAULTS: writes the master and slave handles; the pair starts ICANON|ECHO|ISIG', () => {
    const p = new Prog();
    const m = p.space(4);
    const s = p.space(4);
    const t = p.space(32);
    call(p, 'openpty', m, s);
    print(p, m, 4);
    print(p, s, 4);
    call(p, 'tcgetattr', S, t);
    call(p, 'tcgetattr', M, t + 16);
    print(p, t, 32);
    p.exit(0);
    const r = run(p);
    expect(r.ret('openpty')).toBe(0n);
    expect(r.clause('openpty')).toBe('TTY.PTY.OPEN');
    const out = r.result.console;
    expect(decodeLayout(layout('int32'), out, 0).value).toBe(M);
    expect(decodeLayout(layout('int32'), out, 4).value).toBe(S);
    expect(record(r, 'termios', 8).c_lflag).toBe(ICANON | ECHO | ISIG);
    expect(record(r, 'termios', 24).c_lflag).toBe(ICANON | ECHO | ISIG);
  });

  it('TTY.ATTR.PERTERMINAL: both ends address one set of attributes; the console and another pair keep their own', () => {
    const r = withPty((p) => {
      const t = p.space(48);
      call(p, 'tcsetattr', S, TCSANOW, termios(p, ECHO));
      call(p, 'openpty', p.space(4), p.space(4)); // 5 and 6
      call(p, 'tcgetattr', M, t);
      call(p, 'tcgetattr', 6, t + 16);
      call(p, 'tcgetattr', 0, t + 32);
      print(p, t, 48);
    });
    expect(record(r, 'termios', 0).c_lflag).toBe(ECHO);
    expect(record(r, 'termios', 16).c_lflag).toBe(ICANON | ECHO | ISIG);
    expect(record(r, 'termios', 32).c_lflag).toBe(ICANON | ECHO | ISIG);
  });

  it('TTY.PTY.NOMEM: at most PTY_MAX pairs exist at once; closing both ends of one frees it', () => {
    const p = new Prog();
    const m = p.space(4);
    const s = p.space(4);
    for (let i = 0; i <= PTY_MAX; i++) call(p, 'openpty', m, s);
    call(p, 'close', M);
    call(p, 'openpty', m, s);
    call(p, 'close', S);
    call(p, 'openpty', m, s);
    p.exit(0);
    const r = run(p);
    expect(r.rets('openpty')).toEqual([...Array<bigint>(PTY_MAX).fill(0n), err('ENOMEM'), err('ENOMEM'), 0n]);
    expect(r.clause('openpty', PTY_MAX)).toBe('TTY.PTY.NOMEM');
  });

  it('FD.TABLE.FULL: without two free handles openpty fails EMFILE and takes none', () => {
    const p = new Prog();
    call(p, 'openpty', p.space(4), p.space(4));
    call(p, 'dup', 0);
    p.exit(0);
    const r = run(p, { maxHandles: 4 });
    expect(r.ret('openpty')).toBe(err('EMFILE'));
    expect(r.ret('dup')).toBe(3n);
  });

  it('ABI.FAULT: a bad master or slave pointer fails EFAULT and installs nothing', () => {
    const p = new Prog();
    const m = p.space(4);
    call(p, 'openpty', BAD, p.space(4));
    call(p, 'openpty', m, BAD);
    call(p, 'openpty', m, p.space(4));
    print(p, m, 4);
    p.exit(0);
    const r = run(p);
    expect(r.rets('openpty')).toEqual([err('EFAULT'), err('EFAULT'), 0n]);
    expect(decodeLayout(layout('int32'), r.result.console).value).toBe(M);
  });
});

describe('pty data', () => {
  it('TTY.PTY.MASTER.WRITE, TTY.READ.CANON, TTY.PTY.MASTER.READ: master input reaches the slave by line; the master reads the echo', () => {
    const r = withPty((p) => {
      send(p, M, 'hello\n');
      relay(p, S, 100);
      relay(p, M, 100);
    });
    expect(r.ret('write')).toBe(6n);
    expect(r.clause('write')).toBe('TTY.PTY.MASTER.WRITE');
    expect(r.rets('read')).toEqual([6n, 7n]);
    expect(r.clause('read', 1)).toBe('TTY.PTY.MASTER.READ');
    expect(r.out).toBe('hello\nhello\r\n');
  });

  it('TTY.PTY.ONLCR: a newline the slave writes reaches the master as CR LF; the write counts input bytes', () => {
    const r = withPty((p) => {
      send(p, S, 'a\nb');
      relay(p, M, 100);
    });
    expect(r.ret('write')).toBe(3n);
    expect(r.ret('read')).toBe(4n);
    expect(r.out).toBe('a\r\nb');
  });

  it('TTY.CANON, TTY.LINE.EDIT: an unfinished line is not readable; its newline makes it so, with erasing applied', () => {
    const r = withPty((p) => {
      send(p, M, 'abx\x7f');
      pollOnce(p, S, POLLIN);
      send(p, M, '\r');
      pollOnce(p, S, POLLIN);
      relay(p, S, 100);
      relay(p, M, 100);
    });
    expect(r.rets('poll')).toEqual([0n, 1n]);
    const out = r.result.console;
    expect(decodeLayout(POLLFD, out, 0).revents).toBe(0);
    expect(decodeLayout(POLLFD, out, 8).revents).toBe(POLLIN);
    expect(new TextDecoder().decode(out.subarray(16))).toBe('ab\nabx\b \b\r\n');
  });

  it('TTY.CANON, TTY.ECHO: without ICANON and ECHO bytes are readable at once and not echoed', () => {
    const r = withPty((p) => {
      call(p, 'tcsetattr', S, TCSANOW, termios(p, 0));
      send(p, M, 'xy');
      relay(p, S, 100);
      pollOnce(p, M, POLLIN);
    });
    expect(r.ret('read')).toBe(2n);
    expect(r.ret('poll')).toBe(0n);
    expect(new TextDecoder().decode(r.result.console.subarray(0, 2))).toBe('xy');
  });

  it('TTY.CANON.SWITCH: clearing ICANON leaves an unfinished line unread until ICANON is set again', () => {
    const r = withPty((p) => {
      call(p, 'tcsetattr', S, TCSANOW, termios(p, 0));
      call(p, 'tcsetattr', S, TCSANOW, termios(p, ICANON));
      send(p, M, 'ab');
      call(p, 'tcsetattr', S, TCSANOW, termios(p, 0));
      pollOnce(p, S, POLLIN);
      call(p, 'tcsetattr', S, TCSANOW, termios(p, ICANON));
      send(p, M, '\n');
      relay(p, S, 100);
    });
    expect(r.ret('poll')).toBe(0n);
    expect(new TextDecoder().decode(r.result.console.subarray(8))).toBe('ab\n');
  });

  it('TTY.ATTR.ACTIONS.OTHERS: TCSAFLUSH on a pty discards unread input and the unfinished line', () => {
    const r = withPty((p) => {
      send(p, M, 'old\npart');
      call(p, 'tcsetattr', S, TCSAFLUSH, termios(p, ICANON));
      send(p, M, 'new\n');
      relay(p, S, 100);
    });
    expect(r.ret('read')).toBe(4n);
    expect(r.out).toBe('new\n');
  });

  it('TTY.PTY.READ.EMPTY FD.NONBLOCK.EAGAIN: with O_NONBLOCK an empty slave or master read fails EAGAIN', () => {
    const r = withPty((p) => {
      call(p, 'fcntl', S, F_SETFL, O_NONBLOCK);
      call(p, 'fcntl', M, F_SETFL, O_NONBLOCK);
      call(p, 'read', S, p.space(16), 16);
      call(p, 'read', M, p.space(16), 16);
    });
    expect(r.rets('read')).toEqual([err('EAGAIN'), err('EAGAIN')]);
  });

  it('TTY.PTY.MASTER.WRITE: a slave read blocks until the master writes a line', () => {
    const r = withPty((p) => {
      forkChild(p, (c) => {
        call(c, 'nanosleep', 0, 2_000_000);
        send(c, M, 'hi\n');
      });
      relay(p, S, 100);
      call(p, 'waitpid', -1, 0, 0);
    });
    expect(r.events.some((e) => e.name === 'read' && e.outcome === 'block')).toBe(true);
    expect(r.ret('read')).toBe(3n);
    expect(r.out).toBe('hi\n');
  });

  it('TTY.PTY.WRITE.ROOM: a slave write stores what fits in 4096 bytes of output (a newline takes two); none fitting blocks or fails EAGAIN', () => {
    const r = withPty((p) => {
      call(p, 'fcntl', S, F_SETFL, O_NONBLOCK);
      const big = p.bytes(new Uint8Array(5000).fill(0x61));
      call(p, 'write', S, big, 5000);
      call(p, 'write', S, big, 1);
      call(p, 'read', M, p.space(100), 100);
      call(p, 'write', S, p.bytes(new Uint8Array(60).fill(0x0a)), 60);
      pollOnce(p, S, POLLOUT);
    });
    expect(r.rets('write').slice(0, 3)).toEqual([4096n, err('EAGAIN'), 50n]);
    expect(r.clause('write', 0)).toBe('TTY.PTY.WRITE.ROOM');
    expect(decodeLayout(POLLFD, r.result.console).revents).toBe(0);
  });

  it('TTY.PTY.WRITE.ROOM: a blocked slave write goes on once the master reads', () => {
    const r = withPty((p) => {
      const big = p.bytes(new Uint8Array(4096).fill(0x61));
      call(p, 'write', S, big, 4096);
      forkChild(p, (c) => {
        call(c, 'nanosleep', 0, 2_000_000);
        call(c, 'read', M, c.space(10), 10);
      });
      call(p, 'write', S, big, 20);
      call(p, 'waitpid', -1, 0, 0);
    });
    expect(r.events.some((e) => e.name === 'write' && e.outcome === 'block')).toBe(true);
    expect(r.rets('write').filter((v) => v > 0n && v !== 4096n)).toContain(10n);
  });

  it('TTY.LINE.LIMITS: a pty line keeps at most 1024 bytes of readable input', () => {
    const r = withPty((p) => {
      call(p, 'tcsetattr', S, TCSANOW, termios(p, ICANON));
      call(p, 'write', M, p.bytes(new Uint8Array(1100).fill(0x61)), 1100);
      send(p, M, '\n');
      call(p, 'read', S, p.space(2000), 2000);
    });
    expect(r.rets('write')).toEqual([1100n, 1n]);
    expect(r.ret('read')).toBe(1024n);
  });
});

describe('pty hang-up', () => {
  it('TTY.PTY.HUP: with the master closed the slave reads queued input then 0, writes fail EPIPE without SIGPIPE, poll reports POLLHUP', () => {
    const r = withPty((p) => {
      send(p, M, 'k\n');
      call(p, 'close', M);
      relay(p, S, 100);
      relay(p, S, 100);
      send(p, S, 'x');
      pollOnce(p, S, POLLIN | POLLOUT);
    });
    expect(r.rets('read')).toEqual([2n, 0n]);
    expect(r.clause('read', 1)).toBe('TTY.PTY.HUP');
    expect(r.rets('write').at(-2)).toBe(err('EPIPE'));
    expect((decodeLayout(POLLFD, r.result.console, 2).revents as number) & POLLHUP).toBe(POLLHUP);
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
  });

  it('TTY.PTY.HUP: with the slave closed the master reads queued output then 0, writes fail EPIPE, poll reports POLLHUP', () => {
    const r = withPty((p) => {
      send(p, S, 'z');
      call(p, 'close', S);
      relay(p, M, 100);
      relay(p, M, 100);
      send(p, M, 'q');
      pollOnce(p, M, POLLIN | POLLOUT);
    });
    expect(r.rets('read')).toEqual([1n, 0n]);
    expect(r.rets('write').at(-2)).toBe(err('EPIPE'));
    expect(decodeLayout(POLLFD, r.result.console, 1).revents).toBe(POLLHUP);
  });

  it('FD.WRITE.ZERO, FD.READ.ZERO, TTY.PTY.HUP: with the slave closed, 0-byte master writes and reads return 0 (no EPIPE, no SIGPIPE)', () => {
    const r = withPty((p) => {
      call(p, 'close', S);
      call(p, 'write', M, BAD, 0);
      call(p, 'read', M, BAD, 0);
    });
    expect(r.rets('write')).toEqual([0n]);
    expect(r.clause('write')).toBe('FD.WRITE.ZERO');
    expect(r.rets('read')).toEqual([0n]);
    expect(r.clause('read')).toBe('FD.READ.ZERO');
  });

  it('FD.WRITE.ZERO, FD.READ.ZERO, TTY.PTY.HUP: with the master closed, 0-byte slave writes and reads return 0 (no EPIPE)', () => {
    const r = withPty((p) => {
      call(p, 'close', M);
      call(p, 'write', S, BAD, 0);
      call(p, 'read', S, BAD, 0);
    });
    expect(r.rets('write')).toEqual([0n]);
    expect(r.clause('write')).toBe('FD.WRITE.ZERO');
    expect(r.rets('read')).toEqual([0n]);
    expect(r.clause('read')).toBe('FD.READ.ZERO');
  });

  it('FD.READ.ZERO: a 0-byte read of an empty blocking pty end returns 0 at once', () => {
    const r = withPty((p) => {
      call(p, 'read', M, BAD, 0);
      call(p, 'read', S, BAD, 0);
    });
    expect(r.rets('read')).toEqual([0n, 0n]);
    expect([r.clause('read', 0), r.clause('read', 1)]).toEqual(['FD.READ.ZERO', 'FD.READ.ZERO']);
  });

  it('TTY.PTY.HUP: a blocked slave read returns 0 when the last master handle closes', () => {
    const r = withPty((p) => {
      forkChild(p, (c) => {
        call(c, 'close', M);
        relay(c, S, 100);
      });
      call(p, 'close', M);
      call(p, 'waitpid', -1, 0, 0);
    });
    expect(r.ret('read')).toBe(0n);
  });
});

describe('pty_set_foreground and ISIG', () => {
  /** The child blocks reading the slave; the parent names it foreground through `via` and types Ctrl-C. */
  const interrupt = (via: number, lflag = ICANON | ECHO | ISIG): Run => withPty((p) => {
    const status = p.space(8);
    call(p, 'tcsetattr', S, TCSANOW, termios(p, lflag));
    forkChild(p, (c) => relay(c, S, 100));
    call(p, 'pty_set_foreground', via, { r: 19 });
    send(p, M, '\x03');
    call(p, 'nanosleep', 0, 1_000_000);
    call(p, 'kill', { r: 19 }, SIGKILL);
    call(p, 'waitpid', { r: 19 }, status, 0);
    print(p, status, 4);
    relay(p, M, 100);
  });

  it('TTY.PTY.FG.SET, TTY.ISIG: Ctrl-C on the master raises SIGINT at the foreground process (named through the master); echo "^C" CR LF', () => {
    const r = interrupt(M);
    expect(r.ret('pty_set_foreground')).toBe(0n);
    expect(r.clause('pty_set_foreground')).toBe('TTY.PTY.FG.SET');
    const out = r.result.console;
    expect((decodeLayout(layout('int32'), out).value as number) & 0x7f).toBe(SIGINT);
    expect(new TextDecoder().decode(out.subarray(4))).toBe('^C\r\n');
  });

  it('TTY.PTY.FG.SET: the foreground can be named through the slave end too', () => {
    const r = interrupt(S);
    expect((decodeLayout(layout('int32'), r.result.console).value as number) & 0x7f).toBe(SIGINT);
  });

  it('TTY.ISIG: without ISIG Ctrl-C is data for the reader (echoed as it is) and no signal is raised', () => {
    const r = interrupt(M, ICANON | ECHO);
    const out = r.result.console;
    expect((decodeLayout(layout('int32'), out).value as number) & 0x7f).toBe(SIGKILL);
    expect(new TextDecoder().decode(out.subarray(4))).toBe('\x03');
  });

  it('TTY.PTY.ISIG.NOFG: without a foreground process Ctrl-C is ordinary input', () => {
    const r = withPty((p) => {
      call(p, 'tcsetattr', S, TCSANOW, termios(p, ICANON | ISIG));
      send(p, M, 'a\x03\n');
      relay(p, S, 100);
    });
    expect(r.ret('read')).toBe(3n);
    expect(r.out).toBe('a\x03\n');
  });

  it('TTY.PTY.FG.CLEAR: pid 0 clears the foreground, after which Ctrl-C is ordinary input', () => {
    const r = withPty((p) => {
      call(p, 'tcsetattr', S, TCSANOW, termios(p, ICANON | ISIG));
      call(p, 'getpid').keep(21);
      call(p, 'pty_set_foreground', M, { r: 21 });
      call(p, 'pty_set_foreground', M, 0);
      send(p, M, '\x03\n');
      relay(p, S, 100);
    });
    expect(r.rets('pty_set_foreground')).toEqual([0n, 0n]);
    expect(r.clause('pty_set_foreground', 1)).toBe('TTY.PTY.FG.CLEAR');
    expect(r.out).toBe('\x03\n');
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
  });

  it('TTY.PTY.FG.NOSUCH, TTY.PTY.ISIG.NOFG: a pid naming no live process fails ESRCH (a zombie included); a negative pid EINVAL', () => {
    const r = withPty((p) => {
      call(p, 'pty_set_foreground', M, 999);
      forkChild(p, () => undefined);
      call(p, 'pty_set_foreground', S, { r: 19 });
      call(p, 'pty_set_foreground', M, -1);
    });
    expect(r.rets('pty_set_foreground')).toEqual([err('ESRCH'), err('ESRCH'), err('EINVAL')]);
    expect(r.clause('pty_set_foreground', 0)).toBe('TTY.PTY.FG.NOSUCH');
  });

  it('TTY.PTY.ISIG.NOFG: once the foreground process has ended, Ctrl-C is ordinary input', () => {
    const r = withPty((p) => {
      call(p, 'tcsetattr', S, TCSANOW, termios(p, ICANON | ISIG));
      forkChild(p, (c) => call(c, 'nanosleep', 0, 3_000_000));
      call(p, 'pty_set_foreground', M, { r: 19 });
      call(p, 'waitpid', { r: 19 }, 0, 0);
      send(p, M, '\x03\n');
      relay(p, S, 100);
    });
    expect(r.ret('pty_set_foreground')).toBe(0n);
    expect(r.out).toBe('\x03\n');
  });

  it('FD.BADF: pty_set_foreground on a closed fd fails EBADF', () => {
    const r = withPty((p) => {
      call(p, 'pty_set_foreground', 9, 1);
    });
    expect(r.ret('pty_set_foreground')).toBe(err('EBADF'));
  });
});

