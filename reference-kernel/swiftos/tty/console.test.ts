import { describe, expect, it } from 'vitest';
import { constValue, encodeLayout, layout, RIGHT_BITS } from '../../../spec/index.js';
import { CODE, err, Prog, program, run, type Run } from '../testkit.js';
import { ascii, call, print, record } from './testkit.js';

const ICANON = constValue('TERMIOS_LFLAGS', 'ICANON');
const ECHO = constValue('TERMIOS_LFLAGS', 'ECHO');
const ISIG = constValue('TERMIOS_LFLAGS', 'ISIG');
const TCSANOW = constValue('TCSETATTR_ACTIONS', 'TCSANOW');
const TCSADRAIN = constValue('TCSETATTR_ACTIONS', 'TCSADRAIN');
const TCSAFLUSH = constValue('TCSETATTR_ACTIONS', 'TCSAFLUSH');
const SIGINT = constValue('SIGNALS', 'SIGINT');
const SIG_IGN = constValue('SIG_HANDLERS', 'SIG_IGN');
const TERMIOS = layout('termios');
const BAD = 0x1000;

function go(build: (p: Prog) => void, input?: string, opts: Parameters<typeof run>[1] = {}): Run {
  const p = new Prog();
  build(p);
  p.exit(0);
  return run(p, input === undefined ? opts : { ...opts, consoleInput: ascii(input) });
}

/** A termios record in guest memory with `lflag` (and other words as given). */
const termios = (p: Prog, lflag: number, others = 0): number =>
  p.bytes(encodeLayout(TERMIOS, { c_iflag: others, c_oflag: others, c_cflag: others, c_lflag: lflag >>> 0 }));

/** tcsetattr(0, TCSANOW, lflag). */
const setLflag = (p: Prog, lflag: number, action = TCSANOW): Prog => call(p, 'tcsetattr', 0, action, termios(p, lflag));

/** read(0, buf, n) then write(1, buf, result): what the read returned appears in the output. */
function readEcho(p: Prog, n: number): void {
  const b = p.space(Math.max(n, 16));
  call(p, 'read', 0, b, n).keep(20);
  call(p, 'write', 1, b, { r: 20 });
}

describe('console attributes', () => {
  it('TTY.ATTR.GET, TTY.CONSOLE.DEFAULTS, TTY.ATTR.LFLAG: iflag, oflag, cflag read as 0; lflag starts ICANON|ECHO|ISIG', () => {
    const r = go((p) => {
      const b = p.bytes(new Uint8Array(16).fill(0xaa));
      call(p, 'tcgetattr', 0, b);
      print(p, b, 16);
    });
    expect(r.ret('tcgetattr')).toBe(0n);
    expect(r.clause('tcgetattr')).toBe('TTY.ATTR.GET');
    const t = record(r, 'termios');
    expect([t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag]).toEqual([0, 0, 0, ICANON | ECHO | ISIG]);
  });

  it('TTY.ATTR.SET: tcsetattr stores all 32 bits of c_lflag and ignores the other words', () => {
    const r = go((p) => {
      const b = p.space(16);
      call(p, 'tcsetattr', 0, TCSANOW, termios(p, 0x8000_0006, 7));
      call(p, 'tcgetattr', 1, b);
      print(p, b, 16);
    });
    expect(r.ret('tcsetattr')).toBe(0n);
    expect(r.clause('tcsetattr')).toBe('TTY.ATTR.SET');
    const t = record(r, 'termios');
    expect([t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag]).toEqual([0, 0, 0, 0x8000_0006]);
  });

  it('TTY.ATTR.ACTIONS.OTHERS: TCSADRAIN and TCSAFLUSH are accepted; other actions fail EINVAL', () => {
    const r = go((p) => {
      const t = termios(p, ICANON);
      call(p, 'tcsetattr', 0, TCSADRAIN, t);
      call(p, 'tcsetattr', 0, TCSAFLUSH, t);
      call(p, 'tcsetattr', 0, 3, t);
      call(p, 'tcsetattr', 0, -1, t);
    });
    expect(r.rets('tcsetattr')).toEqual([0n, 0n, err('EINVAL'), err('EINVAL')]);
    expect(r.clause('tcsetattr', 0)).toBe('TTY.ATTR.ACTIONS.OTHERS');
  });

  it('TTY.ATTR.NOTTY: tcgetattr, tcsetattr and pty_set_foreground on a pipe (or pty_set_foreground on the console) fail ENOTTY', () => {
    const r = go((p) => {
      const fds = p.space(8);
      const b = p.space(16);
      call(p, 'pipe', fds); // fds 3 and 4
      call(p, 'tcgetattr', 3, b);
      call(p, 'tcsetattr', 4, TCSANOW, termios(p, 0));
      call(p, 'pty_set_foreground', 3, 1);
      call(p, 'pty_set_foreground', 0, 1);
    });
    expect(r.ret('tcgetattr')).toBe(err('ENOTTY'));
    expect(r.ret('tcsetattr')).toBe(err('ENOTTY'));
    expect(r.rets('pty_set_foreground')).toEqual([err('ENOTTY'), err('ENOTTY')]);
  });

  it('FD.RIGHTS.MISSING: a console handle without GETATTR or SETATTR fails EACCES', () => {
    const child = program((p) => {
      call(p, 'tcgetattr', 0, p.space(16));
      call(p, 'tcsetattr', 0, TCSANOW, termios(p, 0));
      p.exit(0);
    });
    const spec = layout('spawn_handle');
    const r = go((p) => {
      const specs = p.bytes(encodeLayout(spec, { source_fd: 0, target_fd: 0, rights: RIGHT_BITS.READ | RIGHT_BITS.WRITE, flags: 0 }));
      call(p, 'spawn_handles', p.str('/bin/child'), 0, specs, 1);
    }, undefined, { image: new Map([['/bin/child', child]]) });
    expect(r.ret('spawn_handles')).toBe(0n);
    expect(r.ret('tcgetattr')).toBe(err('EACCES'));
    expect(r.ret('tcsetattr')).toBe(err('EACCES'));
  });

  it('FD.BADF, ABI.FAULT: a closed fd fails EBADF; a bad termios pointer EFAULT', () => {
    const r = go((p) => {
      const b = p.space(16);
      call(p, 'tcgetattr', 99, b);
      call(p, 'tcgetattr', 0, BAD);
      call(p, 'tcsetattr', 0, TCSANOW, BAD);
    });
    expect(r.rets('tcgetattr')).toEqual([err('EBADF'), err('EFAULT')]);
    expect(r.ret('tcsetattr')).toBe(err('EFAULT'));
  });
});

describe('console input', () => {
  it('TTY.CANON, TTY.READ.CANON, TTY.ECHO, TTY.CONSOLE.INPUT: canonical reads return one line each, echoed as it is typed, then 0', () => {
    const r = go((p) => {
      readEcho(p, 100);
      readEcho(p, 100);
      readEcho(p, 100);
    }, 'ab\ncd\n');
    expect(r.rets('read')).toEqual([3n, 3n, 0n]);
    expect(r.clause('read', 0)).toBe('TTY.READ.CANON');
    expect(r.clause('read', 2)).toBe('TTY.CONSOLE.INPUT');
    expect(r.out).toBe('ab\r\nab\ncd\r\ncd\n');
  });

  it('FD.READ.ZERO, FD.WRITE.ZERO: 0-byte reads and writes on the console return 0 and type, echo and print nothing', () => {
    const r = go((p) => {
      call(p, 'read', 0, BAD, 0);
      call(p, 'write', 1, BAD, 0);
      readEcho(p, 100);
    }, 'ab\n');
    expect(r.rets('read')).toEqual([0n, 3n]);
    expect(r.clause('read', 0)).toBe('FD.READ.ZERO');
    expect(r.clause('write', 0)).toBe('FD.WRITE.ZERO');
    expect(r.out).toBe('ab\r\nab\n');
  });

  it('TTY.READ.CANON: a short read takes part of the line and the next read the rest', () => {
    const r = go((p) => {
      setLflag(p, ICANON);
      readEcho(p, 2);
      readEcho(p, 100);
    }, 'hello\nworld\n');
    expect(r.rets('read')).toEqual([2n, 4n]);
    expect(r.out).toBe('hello\n');
  });

  it('TTY.ECHO, TTY.ATTR.ACTIONS: with ECHO cleared (TCSANOW, at once) nothing is echoed', () => {
    const r = go((p) => {
      setLflag(p, ICANON | ISIG);
      readEcho(p, 100);
    }, 'quiet\n');
    expect(r.out).toBe('quiet\n');
  });

  it('TTY.CANON: without ICANON a read returns up to its count at once, then what is left, then 0', () => {
    const r = go((p) => {
      setLflag(p, 0);
      readEcho(p, 4);
      readEcho(p, 10);
      readEcho(p, 10);
    }, 'ab\ncdef');
    expect(r.rets('read')).toEqual([4n, 3n, 0n]);
    expect(r.out).toBe('ab\ncdef');
  });

  it('TTY.LINE.EDIT: DEL and BS erase (echo BS SP BS), CR ends the line as LF (echo CR LF); erasing an empty line does nothing', () => {
    const r = go((p) => {
      readEcho(p, 100);
      readEcho(p, 100);
    }, 'abX\x7fc\r\x08z\n');
    expect(r.rets('read')).toEqual([4n, 2n]);
    expect(r.out).toBe('abX\b \bc\r\nabc\nz\r\nz\n');
  });

  it('TTY.CONSOLE.INPUT: at the end of the input an unfinished line is returned as it is', () => {
    const r = go((p) => {
      setLflag(p, ICANON);
      readEcho(p, 100);
      readEcho(p, 100);
    }, 'abc');
    expect(r.rets('read')).toEqual([3n, 0n]);
    expect(r.out).toBe('abc');
  });

  it('TTY.LINE.LIMITS: a console line keeps at most 256 bytes before its newline', () => {
    const r = go((p) => {
      setLflag(p, ICANON);
      readEcho(p, 1000);
    }, `${'a'.repeat(300)}\n`);
    expect(r.ret('read')).toBe(257n);
    expect(r.out).toBe(`${'a'.repeat(256)}\n`);
  });

  it('TTY.ATTR.ACTIONS.OTHERS: TCSAFLUSH discards input already typed but unread; TCSANOW keeps it', () => {
    const twoReads = (action: number): Run => go((p) => {
      setLflag(p, ICANON);
      readEcho(p, 2);
      setLflag(p, ICANON, action);
      readEcho(p, 100);
    }, 'hello\nworld\n');
    expect(twoReads(TCSAFLUSH).out).toBe('heworld\n');
    expect(twoReads(TCSANOW).out).toBe('hello\n');
  });

  it('TTY.WRITE.CONSOLE: console writes appear unchanged (no CR added) and return the count', () => {
    const r = go((p) => {
      call(p, 'write', 1, p.bytes(ascii('a\nb')), 3);
    });
    expect(r.ret('write')).toBe(3n);
    expect(r.out).toBe('a\nb');
  });
});

describe('console interrupt', () => {
  it('TTY.ISIG, TTY.CONSOLE.ISIG: Ctrl-C raises SIGINT at the reader, which its default action ends; echo "^C" CR LF', () => {
    const r = go((p) => {
      readEcho(p, 100);
    }, 'ab\x03cd\n');
    expect(r.result.verdict).toMatchObject({ kind: 'signal', signal: SIGINT });
    expect(r.out).toBe('ab^C\r\n');
  });

  it('TTY.CONSOLE.ISIG, TTY.LINE.EDIT: with SIGINT ignored, Ctrl-C drops the unfinished line and the read goes on', () => {
    const r = go((p) => {
      call(p, 'sigaction', SIGINT, SIG_IGN, 0);
      readEcho(p, 100);
    }, 'ab\x03cd\n');
    expect(r.ret('read')).toBe(3n);
    expect(r.out).toBe('ab^C\r\ncd\r\ncd\n');
  });

  it('TTY.CONSOLE.ISIG: with a SIGINT handler the read fails EINTR and the handler runs', () => {
    const r = go((p) => {
      const flag = p.space(8);
      const handler = p.a.label();
      const main = p.a.label();
      p.a.b(main);
      p.a.bind(handler);
      p.a.movImm(10, 1);
      p.store(10, flag);
      call(p, 'sigreturn');
      p.a.bind(main);
      call(p, 'sigaction', SIGINT, CODE + handler.offset, CODE + handler.offset);
      setLflag(p, ICANON | ISIG);
      call(p, 'read', 0, p.space(16), 16);
      print(p, flag, 1);
    }, 'ab\x03');
    expect(r.ret('read')).toBe(err('EINTR'));
    expect(r.clause('read')).toBe('TTY.CONSOLE.ISIG');
    expect([...r.result.console]).toEqual([1]);
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
  });

  it('TTY.ISIG: without ISIG Ctrl-C is ordinary input', () => {
    const r = go((p) => {
      setLflag(p, ICANON);
      readEcho(p, 100);
    }, 'a\x03b\n');
    expect(r.ret('read')).toBe(4n);
    expect(r.out).toBe('a\x03b\n');
  });
});
