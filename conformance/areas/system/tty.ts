// Terminals (TTY.*): attributes of the console and of pseudo-terminals, ENOTTY for other
// handles, pty data paths through the line discipline (canonical editing, echo, ISIG and the
// foreground process), hang-up, and the console's scripted input (BootSpec.consoleInput).
//
// Expected bytes come from a small model of the line discipline written from TTY.LINE.EDIT,
// TTY.READ.CANON, TTY.PTY.ONLCR and TTY.LINE.LIMITS.

import { constValue, encodeLayout, layout } from '../../../spec/index.js';
import type { CaseDef, ExpectedVerdict } from '../../model.js';
import { CaseProgram, CODE_BASE } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  AREA, ascii, blockOnRead, exitWithX0, expectWait, F_SETFL, forkChild, hex, loadU32, makePipe, O_NONBLOCK, O_RDONLY,
  planNow, PROBE_FILE, probeFile, SCRATCH, SIG_IGN, SIGINT, slug, waitStatusExited, waitStatusSignaled,
} from './lib.js';

const TERMIOS = layout('termios');
const ICANON = constValue('TERMIOS_LFLAGS', 'ICANON');
const ECHO = constValue('TERMIOS_LFLAGS', 'ECHO');
const ISIG = constValue('TERMIOS_LFLAGS', 'ISIG');
const DEFAULT_LFLAG = ICANON | ECHO | ISIG;
const TCSANOW = constValue('TCSETATTR_ACTIONS', 'TCSANOW');
const TCSADRAIN = constValue('TCSETATTR_ACTIONS', 'TCSADRAIN');
const TCSAFLUSH = constValue('TCSETATTR_ACTIONS', 'TCSAFLUSH');
const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const POLLFD = layout('pollfd');
const FD_MAX = constValue('LIMITS', 'FD_MAX');
const PTY_EDIT_CAP = 1024;
const CONSOLE_EDIT_CAP = 256;
const READABLE_CAP = 1024;
/** openpty takes the two lowest free handles, master first (TTY.PTY.OPEN, FD.ALLOC.LOWEST). */
const M = 3;
const S = 4;

const ACTIONS: readonly { name: string; value: number }[] = [
  { name: 'TCSANOW', value: TCSANOW }, { name: 'TCSADRAIN', value: TCSADRAIN }, { name: 'TCSAFLUSH', value: TCSAFLUSH },
];

function lflagText(l: number): string {
  if ((l & ~DEFAULT_LFLAG) !== 0) return hex(l);
  const parts = [l & ICANON ? 'ICANON' : '', l & ECHO ? 'ECHO' : '', l & ISIG ? 'ISIG' : ''].filter((x) => x !== '');
  return parts.length === 0 ? '0' : parts.join('|');
}

function termios(lflag: number, others = 0): Uint8Array {
  return encodeLayout(TERMIOS, { c_iflag: others, c_oflag: others, c_cflag: others, c_lflag: lflag >>> 0 });
}

function bytesOf(s: string): number[] {
  return [...ascii(s)];
}

function show(s: string): string {
  return JSON.stringify(s).slice(1, -1).replace(/#/g, '\\x23');
}

// ---- the line discipline model ---------------------------------------------------------------

interface Discipline {
  readonly readable: number[];
  readonly edit: number[];
  readonly echo: number[];
  interrupts: number;
}

function newDiscipline(): Discipline {
  return { readable: [], edit: [], echo: [], interrupts: 0 };
}

/** Feeds one byte (TTY.LINE.EDIT). `interruptible`: a live foreground process exists (TTY.PTY.ISIG.NOFG). */
function feed(d: Discipline, b: number, lflag: number, interruptible: boolean, editCap: number): void {
  const echo = (lflag & ECHO) !== 0;
  if ((lflag & ISIG) !== 0 && b === 0x03 && interruptible) {
    d.edit.length = 0;
    if (echo) d.echo.push(...bytesOf('^C\r\n'));
    d.interrupts++;
    return;
  }
  if ((lflag & ICANON) === 0) {
    if (d.readable.length < READABLE_CAP) d.readable.push(b);
    if (echo) d.echo.push(b);
    return;
  }
  if (b === 0x7f || b === 0x08) {
    if (d.edit.length > 0) {
      d.edit.pop();
      if (echo) d.echo.push(0x08, 0x20, 0x08);
    }
    return;
  }
  if (b === 0x0d || b === 0x0a) {
    for (const x of [...d.edit, 0x0a]) if (d.readable.length < READABLE_CAP) d.readable.push(x);
    d.edit.length = 0;
    if (echo) d.echo.push(0x0d, 0x0a);
    return;
  }
  if (d.edit.length >= editCap) return;
  d.edit.push(b);
  if (echo) d.echo.push(b);
}

/** A read of up to `count` readable bytes: at most one line in canonical mode (TTY.READ.CANON). */
function take(d: Discipline, count: number, canonical: boolean): number[] {
  const out: number[] = [];
  while (out.length < count && d.readable.length > 0) {
    const b = d.readable.shift()!;
    out.push(b);
    if (canonical && b === 0x0a) break;
  }
  return out;
}

/** ONLCR on slave output (TTY.PTY.ONLCR). */
function onlcr(s: string): string {
  return s.replace(/\n/g, '\r\n');
}

function text(bytes: readonly number[]): string {
  return String.fromCharCode(...bytes);
}

// ---- attributes ------------------------------------------------------------------------------

type Terminal = 'console-fd0' | 'console-fd1' | 'console-fd2' | 'pty-master' | 'pty-slave';
const TERMINAL_FD: Readonly<Record<Terminal, number>> = { 'console-fd0': 0, 'console-fd1': 1, 'console-fd2': 2, 'pty-master': M, 'pty-slave': S };

function isPty(t: Terminal): boolean {
  return t.startsWith('pty');
}

function openPty(p: CaseProgram): void {
  const m = p.space(4, 4);
  const s = p.space(4, 4);
  p.sys('openpty', m, s);
  p.expectEq('openpty returns 0', ['TTY.PTY.OPEN'], 0);
  p.loadInt(SCRATCH, m);
  p.expectEq(`the master is handle ${M}`, ['TTY.PTY.OPEN', 'FD.ALLOC.LOWEST'], M, SCRATCH);
  p.loadInt(SCRATCH, s);
  p.expectEq(`the slave is handle ${S}`, ['TTY.PTY.OPEN', 'FD.ALLOC.LOWEST'], S, SCRATCH);
}

const OPEN_CLAUSES = ['TTY.PTY.OPEN', 'FD.ALLOC.LOWEST'];

function expectAttr(p: CaseProgram, fd: number, lflag: number, what: string, clauses: readonly string[]): void {
  const buf = p.bytes(new Uint8Array(24).fill(0xa5), 8);
  p.sys('tcgetattr', fd, buf);
  p.expectEq(`tcgetattr(${fd}) returns 0`, ['TTY.ATTR.GET'], 0);
  p.expectMem(`${what}: c_iflag, c_oflag, c_cflag 0 and c_lflag ${lflagText(lflag)}`, ['TTY.ATTR.GET', 'TTY.ATTR.LFLAG', ...clauses], buf, termios(lflag));
  p.expectMem('nothing is written past the 16-byte termios', ['TTY.ATTR.GET'], buf + 16, new Uint8Array(8).fill(0xa5));
}

function setAttr(p: CaseProgram, fd: number, action: number, lflag: number, others = 0): void {
  p.sys('tcsetattr', fd, action, p.bytes(termios(lflag, others), 4));
}

function defaultsCase(t: Terminal): CaseDef {
  const fd = TERMINAL_FD[t];
  const pty = isPty(t);
  const clause = pty ? 'TTY.PTY.DEFAULTS' : 'TTY.CONSOLE.DEFAULTS';
  return derivedCase(AREA, {
    id: `tty/attr/defaults/${t}`,
    description: `tcgetattr on the ${pty ? `new pty's ${t.slice(4)}` : `console (fd ${fd})`} reports c_lflag ICANON|ECHO|ISIG and zero for the other words`,
    clauses: [clause, 'TTY.ATTR.GET', 'TTY.ATTR.LFLAG', ...(pty ? OPEN_CLAUSES : [])],
    build({ p }) {
      if (pty) openPty(p);
      expectAttr(p, fd, DEFAULT_LFLAG, 'the defaults', [clause]);
    },
  });
}

const LFLAGS: readonly number[] = [0, ICANON, ECHO | ISIG, 0xffff_ffff, 0x8000_0008];

function roundTripCase(t: Terminal, action: (typeof ACTIONS)[number], lflag: number): CaseDef {
  const fd = TERMINAL_FD[t];
  const pty = isPty(t);
  const actClauses = action.value === TCSANOW ? ['TTY.ATTR.ACTIONS'] : ['TTY.ATTR.ACTIONS.OTHERS'];
  return derivedCase(AREA, {
    id: `tty/attr/set-get/${t}/${action.name.toLowerCase()}/${lflag.toString(16)}`,
    description: `tcsetattr(${t}, ${action.name}) with c_lflag ${hex(lflag)} and non-zero other words: tcgetattr reads back c_lflag ${hex(lflag)} (all 32 bits) and zeros`,
    clauses: ['TTY.ATTR.SET', 'TTY.ATTR.GET', 'TTY.ATTR.LFLAG', ...actClauses, ...(pty ? OPEN_CLAUSES : [])],
    build({ p }) {
      if (pty) openPty(p);
      setAttr(p, fd, action.value, lflag, 0x1234_5678);
      p.expectEq(`tcsetattr returns 0`, ['TTY.ATTR.SET', ...actClauses], 0);
      expectAttr(p, fd, lflag, 'the stored attributes', ['TTY.ATTR.SET', ...actClauses]);
    },
  });
}

function invalidActionCase(t: Terminal, action: number): CaseDef {
  const fd = TERMINAL_FD[t];
  const pty = isPty(t);
  return derivedCase(AREA, {
    id: `tty/attr/invalid-action/${t}/${action.toString(16)}`,
    description: `tcsetattr(${t}) with action ${hex(action)} fails EINVAL and leaves the attributes as they were`,
    clauses: ['TTY.ATTR.ACTIONS.OTHERS', 'ABI.ENUM.UNKNOWN', 'TTY.ATTR.GET', 'TTY.ATTR.LFLAG', pty ? 'TTY.PTY.DEFAULTS' : 'TTY.CONSOLE.DEFAULTS', ...(pty ? OPEN_CLAUSES : [])],
    build({ p }) {
      if (pty) openPty(p);
      setAttr(p, fd, action, 0);
      p.expectErrno(`tcsetattr with action ${hex(action)} fails EINVAL`, ['TTY.ATTR.ACTIONS.OTHERS', 'ABI.ENUM.UNKNOWN'], 'EINVAL');
      expectAttr(p, fd, DEFAULT_LFLAG, 'unchanged', [pty ? 'TTY.PTY.DEFAULTS' : 'TTY.CONSOLE.DEFAULTS']);
    },
  });
}

function perTerminalCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const [from, to] of [['pty-master', 'pty-slave'], ['pty-slave', 'pty-master']] as const) {
    out.push(derivedCase(AREA, {
      id: `tty/attr/shared/${from}-to-${to.slice(4)}`,
      description: `attributes set through the ${from.slice(4)} are read back through the ${to.slice(4)}: both ends address one terminal`,
      clauses: ['TTY.ATTR.PERTERMINAL', 'TTY.ATTR.SET', 'TTY.ATTR.GET', 'TTY.ATTR.LFLAG', ...OPEN_CLAUSES],
      build({ p }) {
        openPty(p);
        setAttr(p, TERMINAL_FD[from], TCSANOW, ECHO);
        p.expectEq('tcsetattr returns 0', ['TTY.ATTR.SET'], 0);
        expectAttr(p, TERMINAL_FD[to], ECHO, `read through the ${to.slice(4)}`, ['TTY.ATTR.PERTERMINAL']);
      },
    }));
  }
  out.push(derivedCase(AREA, {
    id: 'tty/attr/separate/pty-vs-console',
    description: 'changing a pty\'s attributes leaves the console\'s alone, and the other way round',
    clauses: ['TTY.ATTR.PERTERMINAL', 'TTY.ATTR.SET', 'TTY.ATTR.GET', 'TTY.ATTR.LFLAG', 'TTY.CONSOLE.DEFAULTS', 'TTY.PTY.DEFAULTS', ...OPEN_CLAUSES],
    build({ p }) {
      openPty(p);
      setAttr(p, S, TCSANOW, 0);
      p.expectEq('tcsetattr(slave, 0) returns 0', ['TTY.ATTR.SET'], 0);
      expectAttr(p, 0, DEFAULT_LFLAG, 'the console keeps its defaults', ['TTY.ATTR.PERTERMINAL', 'TTY.CONSOLE.DEFAULTS']);
      setAttr(p, 1, TCSANOW, ICANON);
      p.expectEq('tcsetattr(console, ICANON) returns 0', ['TTY.ATTR.SET'], 0);
      expectAttr(p, M, 0, 'the pty keeps its own value', ['TTY.ATTR.PERTERMINAL']);
      expectAttr(p, 2, ICANON, 'fd 2 is the same console as fd 1', ['TTY.ATTR.PERTERMINAL']);
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'tty/attr/separate/two-ptys',
    description: 'two pseudo-terminals keep separate attributes',
    clauses: ['TTY.ATTR.PERTERMINAL', 'TTY.ATTR.SET', 'TTY.ATTR.GET', 'TTY.ATTR.LFLAG', 'TTY.PTY.DEFAULTS', ...OPEN_CLAUSES],
    build({ p }) {
      openPty(p);
      const m2 = p.space(4, 4);
      p.sys('openpty', m2, p.space(4, 4));
      p.expectEq('a second openpty returns 0', ['TTY.PTY.OPEN'], 0);
      p.loadInt(SCRATCH, m2);
      p.expectEq('its master is handle 5', ['TTY.PTY.OPEN', 'FD.ALLOC.LOWEST'], 5, SCRATCH);
      setAttr(p, S, TCSANOW, ISIG);
      p.expectEq('tcsetattr(first slave, ISIG) returns 0', ['TTY.ATTR.SET'], 0);
      expectAttr(p, 6, DEFAULT_LFLAG, 'the second pty keeps its defaults', ['TTY.ATTR.PERTERMINAL', 'TTY.PTY.DEFAULTS']);
      expectAttr(p, M, ISIG, 'the first pty has the new value', ['TTY.ATTR.PERTERMINAL']);
    },
  }));
  return out;
}

// ---- not a terminal --------------------------------------------------------------------------

interface NonTerminal {
  readonly tag: string;
  readonly text: string;
  /** Emits the setup; the handle to probe is then 3 (the lowest free). */
  setup(p: CaseProgram): number;
}

const NON_TERMINALS: readonly NonTerminal[] = [
  { tag: 'pipe-read-end', text: 'a pipe read end', setup: (p) => (makePipeFds(p), 3) },
  { tag: 'pipe-write-end', text: 'a pipe write end', setup: (p) => (makePipeFds(p), 4) },
  { tag: 'file', text: 'a base-image file', setup: (p) => (p.sys('open', p.str(PROBE_FILE), O_RDONLY, 0), 3) },
  { tag: 'directory', text: 'a directory', setup: (p) => (p.sys('open', p.str('/tmp'), O_RDONLY, 0), 3) },
  { tag: 'dev-null', text: '/dev/null', setup: (p) => (p.sys('open', p.str('/dev/null'), O_RDONLY, 0), 3) },
  { tag: 'eventfd', text: 'an eventfd', setup: (p) => (p.sys('eventfd', 0, 0), 3) },
  { tag: 'endpoint-send', text: 'an endpoint send end', setup: (p) => (p.sys('endpoint_create', p.space(8, 8)), 3) },
  { tag: 'endpoint-recv', text: 'an endpoint receive end', setup: (p) => (p.sys('endpoint_create', p.space(8, 8)), 4) },
];

function makePipeFds(p: CaseProgram): void {
  p.sys('pipe', p.space(8, 8));
}

type TtyRow = 'tcgetattr' | 'tcsetattr' | 'pty_set_foreground';

function callOn(p: CaseProgram, row: TtyRow, fd: number | bigint): void {
  if (row === 'tcgetattr') p.sys('tcgetattr', fd, p.space(16, 8));
  else if (row === 'tcsetattr') p.sys('tcsetattr', fd, TCSANOW, p.bytes(termios(DEFAULT_LFLAG), 4));
  else p.sys('pty_set_foreground', fd, 1);
}

function notTtyCase(n: NonTerminal, row: TtyRow): CaseDef {
  return derivedCase(AREA, {
    id: `tty/notty/${row}/${n.tag}`,
    description: `${row} on ${n.text} fails ENOTTY`,
    clauses: ['TTY.ATTR.NOTTY', 'FD.KIND.WRONG'],
    build({ p, file }) {
      file(probeFile());
      const fd = n.setup(p);
      callOn(p, row, fd);
      p.expectErrno(`${row}(${fd}) on ${n.text} fails ENOTTY`, ['TTY.ATTR.NOTTY', 'FD.KIND.WRONG'], 'ENOTTY');
    },
  });
}

function consoleFgCase(fd: number): CaseDef {
  return derivedCase(AREA, {
    id: `tty/notty/pty_set_foreground/console-fd${fd}`,
    description: `pty_set_foreground on the console (fd ${fd}) fails ENOTTY: it is not a pseudo-terminal`,
    clauses: ['TTY.ATTR.NOTTY', 'FD.KIND.WRONG'],
    build({ p }) {
      p.sys('pty_set_foreground', fd, 1);
      p.expectErrno(`pty_set_foreground(${fd}, 1) fails ENOTTY`, ['TTY.ATTR.NOTTY', 'FD.KIND.WRONG'], 'ENOTTY');
    },
  });
}

function badFdCase(row: TtyRow, fd: bigint, what: string): CaseDef {
  return derivedCase(AREA, {
    id: `tty/badf/${row}/${what}`,
    description: `${row} on handle ${BigInt.asIntN(64, fd)} (${what}) fails EBADF`,
    clauses: ['FD.BADF'],
    build({ p }) {
      callOn(p, row, fd);
      p.expectErrno(`${row}(${BigInt.asIntN(64, fd)}) fails EBADF`, ['FD.BADF'], 'EBADF');
    },
  });
}

function faultCases(): CaseDef[] {
  const list: readonly { tag: string; emit: (p: CaseProgram) => void; text: string }[] = [
    { tag: 'tcgetattr-null', emit: (p) => p.sys('tcgetattr', 0, 0), text: 'tcgetattr(0, NULL)' },
    { tag: 'tcgetattr-code', emit: (p) => p.sys('tcgetattr', 0, CODE_BASE), text: 'tcgetattr into the read-only code' },
    { tag: 'tcsetattr-null', emit: (p) => p.sys('tcsetattr', 0, TCSANOW, 0), text: 'tcsetattr(0, TCSANOW, NULL)' },
    { tag: 'tcsetattr-unmapped', emit: (p) => p.sys('tcsetattr', 0, TCSANOW, 0x1000), text: 'tcsetattr from an unmapped page' },
    { tag: 'openpty-master-null', emit: (p) => p.sys('openpty', 0, p.space(4, 4)), text: 'openpty with a NULL master pointer' },
    { tag: 'openpty-slave-code', emit: (p) => p.sys('openpty', p.space(4, 4), CODE_BASE), text: 'openpty with the slave pointer in read-only code' },
  ];
  return list.map((c) => derivedCase(AREA, {
    id: `tty/fault/${c.tag}`,
    description: `${c.text} fails EFAULT`,
    clauses: ['ABI.FAULT'],
    build({ p }) {
      c.emit(p);
      p.expectErrno(`${c.text} fails EFAULT`, ['ABI.FAULT'], 'EFAULT');
    },
  }));
}

// ---- pty data --------------------------------------------------------------------------------

interface PtyInput {
  readonly tag: string;
  readonly input: string;
  readonly lflag?: number;
  /** The foreground process: none, init itself (with SIGINT ignored), or set and cleared again. */
  readonly fg?: 'self' | 'cleared';
  /** Counts of the slave reads to do; the model computes what each returns. */
  readonly reads: readonly number[];
  readonly clauses: readonly string[];
}

const PTY_INPUTS: readonly PtyInput[] = [
  { tag: 'line', input: 'hello\n', reads: [64], clauses: ['TTY.CANON', 'TTY.ECHO'] },
  { tag: 'cr-ends-line', input: 'hello\r', reads: [64], clauses: ['TTY.CANON'] },
  { tag: 'del-erases', input: 'abx\x7fc\n', reads: [64], clauses: ['TTY.CANON'] },
  { tag: 'bs-erases', input: 'abx\x08c\n', reads: [64], clauses: ['TTY.CANON'] },
  { tag: 'erase-past-start', input: 'a\x7f\x7f\x7fb\n', reads: [64], clauses: ['TTY.CANON'] },
  { tag: 'empty-line', input: '\n', reads: [64], clauses: ['TTY.CANON'] },
  { tag: 'two-lines', input: 'one\ntwo\n', reads: [64, 64], clauses: ['TTY.CANON', 'TTY.READ.CANON'] },
  { tag: 'three-lines-small-reads', input: 'ab\ncd\nef\n', reads: [1, 64, 2, 64, 64], clauses: ['TTY.CANON', 'TTY.READ.CANON'] },
  { tag: 'short-read', input: 'abcdef\n', reads: [3, 64], clauses: ['TTY.CANON', 'TTY.READ.CANON'] },
  { tag: 'noecho', input: 'quiet\n', lflag: ICANON | ISIG, reads: [64], clauses: ['TTY.CANON', 'TTY.ECHO'] },
  { tag: 'raw', input: 'ab\x7fc\r', lflag: ECHO | ISIG, reads: [64], clauses: ['TTY.CANON', 'TTY.ECHO'] },
  { tag: 'raw-partial-reads', input: 'abcdef', lflag: 0, reads: [4, 64], clauses: ['TTY.CANON'] },
  { tag: 'raw-noecho', input: 'xyz\n', lflag: ISIG, reads: [2, 2], clauses: ['TTY.CANON', 'TTY.ECHO'] },
  { tag: 'ctrl-c-no-foreground', input: 'a\x03b\n', reads: [64], clauses: ['TTY.PTY.ISIG.NOFG', 'TTY.ISIG'] },
  { tag: 'ctrl-c-foreground', input: 'ab\x03cd\n', fg: 'self', reads: [64], clauses: ['TTY.ISIG', 'TTY.PTY.FG.SET', 'SIG.IGN.DISCARD'] },
  { tag: 'ctrl-c-foreground-noisig', input: 'a\x03b\n', lflag: ICANON | ECHO, fg: 'self', reads: [64], clauses: ['TTY.ISIG', 'TTY.PTY.FG.SET'] },
  { tag: 'ctrl-c-foreground-raw', input: 'ab\x03cd', lflag: ECHO | ISIG, fg: 'self', reads: [64], clauses: ['TTY.ISIG', 'TTY.PTY.FG.SET', 'SIG.IGN.DISCARD', 'TTY.CANON'] },
  { tag: 'ctrl-c-foreground-cleared', input: 'a\x03\n', fg: 'cleared', reads: [64], clauses: ['TTY.PTY.FG.CLEAR', 'TTY.PTY.ISIG.NOFG'] },
  { tag: 'line-limit', input: `${'x'.repeat(PTY_EDIT_CAP + 6)}\n`, lflag: ICANON | ISIG, reads: [2048], clauses: ['TTY.LINE.LIMITS', 'TTY.CANON'] },
  { tag: 'raw-readable-limit', input: 'y'.repeat(READABLE_CAP + 50), lflag: ISIG, reads: [2048], clauses: ['TTY.LINE.LIMITS', 'TTY.CANON'] },
];

const LINE_CLAUSES = ['TTY.PTY.MASTER.WRITE', 'TTY.LINE.EDIT', ...OPEN_CLAUSES];

function ptyInputCase(c: PtyInput): CaseDef {
  const lflag = c.lflag ?? DEFAULT_LFLAG;
  const canonical = (lflag & ICANON) !== 0;
  const d = newDiscipline();
  for (const b of bytesOf(c.input)) feed(d, b, lflag, c.fg === 'self', PTY_EDIT_CAP);
  const reads = c.reads.map((n) => {
    const got = take(d, n, canonical);
    if (got.length === 0) throw new Error(`tty/pty-input/${c.tag}: a read of ${n} would block`);
    return { n, got };
  });
  const echo = text(d.echo);
  const clauses = [...LINE_CLAUSES, ...c.clauses];
  const marker = '|';
  return derivedCase(AREA, {
    id: `tty/pty-input/${c.tag}`,
    description: `with c_lflag ${lflagText(lflag)}${c.fg ? `, foreground ${c.fg === 'self' ? 'init (SIGINT ignored)' : 'set, then cleared'}` : ''}, "${show(c.input.length > 24 ? `${c.input.slice(0, 12)}...` : c.input)}" written to the master reads back per TTY.LINE.EDIT; the master sees the echo`,
    clauses: [...clauses, 'TTY.PTY.MASTER.READ', 'TTY.READ.CANON', 'TTY.ECHO', ...(c.lflag === undefined ? [] : ['TTY.ATTR.SET']),
      ...(c.fg ? ['TTY.PTY.FG.SET', 'SIG.IGN.DISCARD'] : [])],
    build({ p }) {
      openPty(p);
      if (c.lflag !== undefined) {
        setAttr(p, S, TCSANOW, lflag);
        p.expectEq(`tcsetattr(slave, ${lflagText(lflag)}) returns 0`, ['TTY.ATTR.SET'], 0);
      }
      if (c.fg) {
        p.sys('sigaction', SIGINT, SIG_IGN, 0);
        p.expectEq('sigaction(SIGINT, SIG_IGN) returns 0', ['SIG.IGN.DISCARD'], 0);
        p.sys('pty_set_foreground', M, 1);
        p.expectEq('pty_set_foreground(master, 1) returns 0', ['TTY.PTY.FG.SET'], 0);
        if (c.fg === 'cleared') {
          p.sys('pty_set_foreground', S, 0);
          p.expectEq('pty_set_foreground(slave, 0) returns 0', ['TTY.PTY.FG.CLEAR'], 0);
        }
      }
      const input = ascii(c.input);
      p.sys('write', M, p.bytes(input, 1), input.length);
      p.expectEq(`the master write returns ${input.length}`, ['TTY.PTY.MASTER.WRITE'], input.length);
      reads.forEach(({ n, got }, i) => {
        const buf = p.space(Math.max(n, 16), 8);
        p.sys('read', S, buf, n);
        const g = text(got);
        p.expectEq(`slave read ${i + 1} (count ${n}) returns ${got.length}`, clauses, got.length);
        p.expectMem(`slave read ${i + 1} is "${show(g.length > 24 ? `${g.slice(0, 12)}...(${g.length} bytes)` : g)}"`, clauses, buf, Uint8Array.from(got));
      });
      if (c.tag === 'line-limit' || c.tag === 'raw-readable-limit') return;
      p.sys('write', S, p.str(marker), 1);
      const mbuf = p.space(4096, 8);
      const want = echo + marker;
      p.sys('read', M, mbuf, 4096);
      p.expectEq(`the master read returns the ${echo.length}-byte echo and the slave's marker`, ['TTY.PTY.MASTER.READ', 'TTY.ECHO', 'TTY.LINE.EDIT'], want.length);
      p.expectMem(`the master reads "${show(want)}"`, ['TTY.PTY.MASTER.READ', 'TTY.ECHO', 'TTY.LINE.EDIT', ...c.clauses], mbuf, ascii(want));
    },
  });
}

const OUTPUTS: readonly string[] = ['plain', 'hi\n', 'a\nb\n', '\n\n', '\r\n', 'x\ny'];

function ptyOutputCase(s: string, i: number): CaseDef {
  const want = onlcr(s);
  return derivedCase(AREA, {
    id: `tty/pty-output/${i}-${slug(s.replace(/\n/g, 'nl').replace(/\r/g, 'cr'))}`,
    description: `"${show(s)}" written to the slave returns ${s.length} and reaches the master as "${show(want)}" (newline as CR LF)`,
    clauses: ['TTY.PTY.ONLCR', 'TTY.PTY.MASTER.READ', 'TTY.PTY.WRITE.ROOM', ...OPEN_CLAUSES],
    build({ p }) {
      openPty(p);
      const b = ascii(s);
      p.sys('write', S, p.bytes(b, 1), b.length);
      p.expectEq(`the slave write returns ${b.length}`, ['TTY.PTY.WRITE.ROOM'], b.length);
      const buf = p.space(64, 8);
      p.sys('read', M, buf, 64);
      p.expectEq(`the master read returns ${want.length}`, ['TTY.PTY.ONLCR', 'TTY.PTY.MASTER.READ'], want.length);
      p.expectMem(`the master reads "${show(want)}"`, ['TTY.PTY.ONLCR', 'TTY.PTY.MASTER.READ'], buf, ascii(want));
    },
  });
}

function setNonblock(p: CaseProgram, fd: number): void {
  p.sys('fcntl', fd, F_SETFL, O_NONBLOCK);
  p.expectEq(`fcntl(${fd}, F_SETFL, O_NONBLOCK) returns 0`, ['FD.FCNTL.SETFL'], 0);
}

function expectRead(p: CaseProgram, fd: number, count: number, want: string, what: string, clauses: readonly string[]): void {
  const buf = p.space(Math.max(count, 16), 8);
  p.sys('read', fd, buf, count);
  p.expectEq(`${what}: read returns ${want.length}`, clauses, want.length);
  if (want.length > 0) p.expectMem(`${what}: "${show(want)}"`, clauses, buf, ascii(want));
}

function ptyModeCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const base = ['TTY.LINE.EDIT', 'TTY.PTY.MASTER.WRITE', 'TTY.ATTR.SET', ...OPEN_CLAUSES];
  out.push(derivedCase(AREA, {
    id: 'tty/pty-mode/flush-discards',
    description: 'TCSAFLUSH discards a readable line and the unfinished one; input written afterwards reads normally',
    clauses: [...base, 'TTY.ATTR.ACTIONS.OTHERS', 'TTY.READ.CANON'],
    build({ p }) {
      openPty(p);
      p.sys('write', M, p.str('abc\ndef'), 7);
      setAttr(p, S, TCSAFLUSH, DEFAULT_LFLAG);
      p.expectEq('tcsetattr(TCSAFLUSH) returns 0', ['TTY.ATTR.ACTIONS.OTHERS'], 0);
      p.sys('write', M, p.str('xyz\n'), 4);
      expectRead(p, S, 64, 'xyz\n', 'the next slave read', ['TTY.ATTR.ACTIONS.OTHERS', 'TTY.READ.CANON']);
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'tty/pty-mode/drain-keeps',
    description: 'TCSADRAIN applies at once without discarding: the readable line and the unfinished one survive',
    clauses: [...base, 'TTY.ATTR.ACTIONS.OTHERS', 'TTY.READ.CANON'],
    build({ p }) {
      openPty(p);
      p.sys('write', M, p.str('abc\ndef'), 7);
      setAttr(p, S, TCSADRAIN, DEFAULT_LFLAG);
      p.expectEq('tcsetattr(TCSADRAIN) returns 0', ['TTY.ATTR.ACTIONS.OTHERS'], 0);
      p.sys('write', M, p.str('\n'), 1);
      expectRead(p, S, 64, 'abc\n', 'the first slave read', ['TTY.ATTR.ACTIONS.OTHERS', 'TTY.READ.CANON']);
      expectRead(p, S, 64, 'def\n', 'the second slave read', ['TTY.ATTR.ACTIONS.OTHERS', 'TTY.READ.CANON']);
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'tty/pty-mode/unfinished-line-not-readable',
    description: 'in canonical mode an unfinished line is not readable: a non-blocking slave read fails EAGAIN until the newline arrives',
    clauses: [...base, 'TTY.CANON', 'FD.NONBLOCK.EAGAIN', 'FD.FCNTL.SETFL', 'TTY.READ.CANON'],
    build({ p }) {
      openPty(p);
      setNonblock(p, S);
      p.sys('write', M, p.str('abc'), 3);
      p.sys('read', S, p.space(16, 8), 16);
      p.expectErrno('the slave read fails EAGAIN', ['TTY.CANON', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
      p.sys('write', M, p.str('\n'), 1);
      expectRead(p, S, 16, 'abc\n', 'after the newline', ['TTY.CANON', 'TTY.READ.CANON']);
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'tty/pty-mode/switch-keeps-unfinished-line',
    description: 'clearing ICANON does not release an unfinished line: it stays unread until ICANON is set again',
    clauses: [...base, 'TTY.CANON.SWITCH', 'FD.NONBLOCK.EAGAIN', 'FD.FCNTL.SETFL', 'TTY.READ.CANON'],
    build({ p }) {
      openPty(p);
      setNonblock(p, S);
      p.sys('write', M, p.str('ab'), 2);
      setAttr(p, S, TCSANOW, ECHO | ISIG);
      p.expectEq('tcsetattr(ECHO|ISIG) returns 0', ['TTY.ATTR.SET'], 0);
      p.sys('read', S, p.space(16, 8), 16);
      p.expectErrno('the slave read fails EAGAIN: "ab" is still an unfinished line', ['TTY.CANON.SWITCH', 'FD.NONBLOCK.EAGAIN'], 'EAGAIN');
      setAttr(p, S, TCSANOW, DEFAULT_LFLAG);
      p.expectEq('tcsetattr(ICANON|ECHO|ISIG) returns 0', ['TTY.ATTR.SET'], 0);
      p.sys('write', M, p.str('c\n'), 2);
      expectRead(p, S, 16, 'abc\n', 'the completed line', ['TTY.CANON.SWITCH', 'TTY.READ.CANON']);
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'tty/pty-mode/switch-keeps-readable',
    description: 'bytes made readable in non-canonical mode stay readable after ICANON is set',
    clauses: [...base, 'TTY.CANON.SWITCH', 'TTY.CANON'],
    build({ p }) {
      openPty(p);
      setAttr(p, S, TCSANOW, ECHO | ISIG);
      p.expectEq('tcsetattr(ECHO|ISIG) returns 0', ['TTY.ATTR.SET'], 0);
      p.sys('write', M, p.str('xy'), 2);
      setAttr(p, S, TCSANOW, DEFAULT_LFLAG);
      p.expectEq('tcsetattr(ICANON|ECHO|ISIG) returns 0', ['TTY.ATTR.SET'], 0);
      expectRead(p, S, 16, 'xy', 'the slave read', ['TTY.CANON.SWITCH']);
    },
  }));
  return out;
}

function hupCases(): CaseDef[] {
  const out: CaseDef[] = [];
  out.push(derivedCase(AREA, {
    id: 'tty/pty-hup/master-closed-read',
    description: 'after the master is closed the slave reads the line already queued, then 0',
    clauses: ['TTY.PTY.HUP', 'TTY.PTY.MASTER.WRITE', ...OPEN_CLAUSES],
    build({ p }) {
      openPty(p);
      p.sys('write', M, p.str('bye\n'), 4);
      p.sys('close', M);
      p.expectEq('close(master) returns 0', ['TTY.PTY.HUP'], 0);
      expectRead(p, S, 16, 'bye\n', 'the queued line', ['TTY.PTY.HUP']);
      expectRead(p, S, 16, '', 'then end of file', ['TTY.PTY.HUP']);
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'tty/pty-hup/master-closed-write',
    description: 'after the master is closed a slave write fails EPIPE and raises no SIGPIPE',
    clauses: ['TTY.PTY.HUP', ...OPEN_CLAUSES],
    build({ p }) {
      openPty(p);
      p.sys('close', M);
      p.sys('write', S, p.str('x'), 1);
      p.expectErrno('the slave write fails EPIPE', ['TTY.PTY.HUP'], 'EPIPE');
      p.sys('getpid');
      p.expectEq('the process is still alive (no SIGPIPE)', ['TTY.PTY.HUP'], 1);
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'tty/pty-hup/slave-closed-read',
    description: 'after the slave is closed the master reads the queued output (echo included), then 0',
    clauses: ['TTY.PTY.HUP', 'TTY.PTY.MASTER.READ', 'TTY.ECHO', 'TTY.PTY.ONLCR', ...OPEN_CLAUSES],
    build({ p }) {
      openPty(p);
      p.sys('write', M, p.str('ab'), 2);
      p.sys('write', S, p.str('c\n'), 2);
      p.sys('close', S);
      p.expectEq('close(slave) returns 0', ['TTY.PTY.HUP'], 0);
      expectRead(p, M, 64, 'abc\r\n', 'the echo and the slave output', ['TTY.PTY.HUP', 'TTY.PTY.MASTER.READ', 'TTY.ECHO', 'TTY.PTY.ONLCR']);
      expectRead(p, M, 64, '', 'then end of file', ['TTY.PTY.HUP']);
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'tty/pty-hup/slave-closed-write',
    description: 'after the slave is closed a master write fails EPIPE and raises no SIGPIPE',
    clauses: ['TTY.PTY.HUP', ...OPEN_CLAUSES],
    build({ p }) {
      openPty(p);
      p.sys('close', S);
      p.sys('write', M, p.str('x'), 1);
      p.expectErrno('the master write fails EPIPE', ['TTY.PTY.HUP'], 'EPIPE');
      p.sys('getpid');
      p.expectEq('the process is still alive (no SIGPIPE)', ['TTY.PTY.HUP'], 1);
    },
  }));
  for (const [closed, polled] of [[M, S], [S, M]] as const) {
    const side = closed === M ? 'master' : 'slave';
    out.push(derivedCase(AREA, {
      id: `tty/pty-hup/poll-after-${side}-closed`,
      description: `after the ${side} is closed, poll on the other end reports POLLHUP`,
      clauses: ['TTY.PTY.HUP', 'FD.POLL.ALWAYS', 'FD.POLL.READY', ...OPEN_CLAUSES],
      build({ p }) {
        openPty(p);
        p.sys('close', closed);
        const at = p.bytes(encodeLayout(POLLFD, { fd: polled, events: POLLIN, revents: 0 }), 8);
        p.sys('poll', at, 1, 0);
        p.expectEq('poll returns 1', ['FD.POLL.READY', 'TTY.PTY.HUP'], 1);
        loadU32(p, SCRATCH, at + 4);
        const bit = 16 + Math.log2(POLLHUP);
        p.a.inst('UBFM', { sf: 1, N: 1, immr: bit, imms: bit, Rn: SCRATCH.n, Rd: SCRATCH.n });
        p.expectEq('revents has POLLHUP', ['TTY.PTY.HUP', 'FD.POLL.ALWAYS'], 1, SCRATCH);
      },
    }));
  }
  return out;
}

// ---- the foreground process ------------------------------------------------------------------

function sigintCase(via: 'master' | 'slave', isig: boolean, fg: 'child' | 'cleared'): CaseDef {
  const killed = isig && fg === 'child';
  const lflag = isig ? DEFAULT_LFLAG : ICANON | ECHO;
  const status = killed ? waitStatusSignaled(SIGINT) : waitStatusExited(0x03);
  const echo = killed ? '^C\r\n\r\n' : '\x03\r\n';
  const viaFd = via === 'master' ? M : S;
  return derivedCase(AREA, {
    id: `tty/pty-sigint/via-${via}/${isig ? 'isig' : 'no-isig'}/${fg}`,
    description: `a child reads the slave; foreground ${fg === 'child' ? 'set to it' : 'set and cleared'} through the ${via}${isig ? '' : ', ISIG off'}: Ctrl-C on the master ${killed ? 'kills it with SIGINT' : 'is ordinary input it reads'}`,
    clauses: [
      'TTY.ISIG', 'TTY.PTY.FG.SET', 'TTY.LINE.EDIT', 'TTY.PTY.MASTER.READ', 'TTY.ECHO', 'PROC.WAIT.EXITCODE', ...OPEN_CLAUSES,
      ...(killed ? ['SIG.DEFAULT.ACTION', 'PROC.WAIT.STATUS.SEED'] : ['PROC.EXIT.CODE']),
      ...(fg === 'cleared' ? ['TTY.PTY.FG.CLEAR', 'TTY.PTY.ISIG.NOFG'] : []),
      ...(isig ? [] : ['TTY.ATTR.SET']),
    ],
    build({ p }) {
      openPty(p);
      if (!isig) {
        setAttr(p, S, TCSANOW, lflag);
        p.expectEq('tcsetattr(slave, ICANON|ECHO) returns 0', ['TTY.ATTR.SET'], 0);
      }
      const buf = p.space(16, 8);
      const pid = forkChild(p, () => {
        p.sys('read', S, buf, 16);
        p.a.movImm(9, buf).inst('LDRB_uoff', { Rt: 0, Rn: 9, imm12: 0 });
        exitWithX0(p);
      });
      p.sys('pty_set_foreground', viaFd, pid);
      p.expectEq(`pty_set_foreground(${via}, 2) returns 0`, ['TTY.PTY.FG.SET'], 0);
      if (fg === 'cleared') {
        p.sys('pty_set_foreground', viaFd, 0);
        p.expectEq(`pty_set_foreground(${via}, 0) returns 0`, ['TTY.PTY.FG.CLEAR'], 0);
      }
      p.sys('nanosleep', 0, 1_000_000);
      p.sys('write', M, p.str('\x03\n'), 2);
      expectWait(p, pid, 2, status, killed ? 'reader' : 'reader (it read Ctrl-C as data)',
        killed ? ['TTY.ISIG', 'TTY.PTY.FG.SET', 'SIG.DEFAULT.ACTION', 'PROC.WAIT.STATUS.SEED'] : ['PROC.EXIT.CODE', ...(fg === 'cleared' ? ['TTY.PTY.ISIG.NOFG'] : ['TTY.ISIG'])]);
      p.sys('write', S, p.str('|'), 1);
      expectRead(p, M, 64, `${echo}|`, 'the master', ['TTY.PTY.MASTER.READ', 'TTY.ECHO', 'TTY.LINE.EDIT']);
    },
  });
}

function fgErrorCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const via of ['master', 'slave'] as const) {
    const fd = via === 'master' ? M : S;
    for (const [tag, pid, errno, clauses] of [
      ['never-used-pid', 999n, 'ESRCH', ['TTY.PTY.FG.NOSUCH']],
      ['minus-one', (1n << 64n) - 1n, 'EINVAL', ['ABI.PID.INVALID']],
    ] as const) {
      out.push(derivedCase(AREA, {
        id: `tty/pty-foreground/${via}/${tag}`,
        description: `pty_set_foreground(${via}, ${tag === 'minus-one' ? '-1' : pid}) fails ${errno}`,
        clauses: [...clauses, ...OPEN_CLAUSES],
        build({ p }) {
          openPty(p);
          p.sys('pty_set_foreground', fd, pid);
          p.expectErrno(`pty_set_foreground fails ${errno}`, clauses, errno);
        },
      }));
    }
    out.push(derivedCase(AREA, {
      id: `tty/pty-foreground/${via}/zombie`,
      description: `pty_set_foreground(${via}, pid of a zombie child) fails ESRCH: it names no live process`,
      clauses: ['TTY.PTY.FG.NOSUCH', ...OPEN_CLAUSES],
      build({ p }) {
        openPty(p);
        const pid = forkChild(p, () => p.exit(0));
        p.sys('nanosleep', 0, 1_000_000);
        p.sys('pty_set_foreground', fd, pid);
        p.expectErrno('pty_set_foreground(zombie) fails ESRCH', ['TTY.PTY.FG.NOSUCH'], 'ESRCH');
      },
    }));
    out.push(derivedCase(AREA, {
      id: `tty/pty-foreground/${via}/reaped`,
      description: `pty_set_foreground(${via}, pid of a reaped child) fails ESRCH`,
      clauses: ['TTY.PTY.FG.NOSUCH', 'PROC.WAIT.EXITCODE', ...OPEN_CLAUSES],
      build({ p }) {
        openPty(p);
        const pid = forkChild(p, () => p.exit(0));
        expectWait(p, pid, 2, waitStatusExited(0), 'child', ['PROC.WAIT.EXITCODE']);
        p.sys('pty_set_foreground', fd, pid);
        p.expectErrno('pty_set_foreground(reaped pid) fails ESRCH', ['TTY.PTY.FG.NOSUCH'], 'ESRCH');
      },
    }));
    out.push(derivedCase(AREA, {
      id: `tty/pty-foreground/${via}/live-child`,
      description: `pty_set_foreground(${via}, a live child) returns 0; clearing with 0 returns 0`,
      clauses: ['TTY.PTY.FG.SET', 'TTY.PTY.FG.CLEAR', ...OPEN_CLAUSES],
      build({ p }) {
        openPty(p);
        const { r } = makePipe(p);
        const pid = forkChild(p, () => blockOnRead(p, r));
        p.sys('pty_set_foreground', fd, pid);
        p.expectEq('setting a live child returns 0', ['TTY.PTY.FG.SET'], 0);
        p.sys('pty_set_foreground', fd, 0);
        p.expectEq('clearing returns 0', ['TTY.PTY.FG.CLEAR'], 0);
      },
    }));
  }
  return out;
}

// ---- the console -----------------------------------------------------------------------------

interface ConsoleInput {
  readonly tag: string;
  readonly input: string;
  readonly lflag?: number;
  /** SIGINT disposition: default (the case ends by SIGINT), ignored, or a handler. */
  readonly sigint?: 'default' | 'ignore' | 'handler';
  readonly reads: readonly number[];
  readonly clauses: readonly string[];
}

const CONSOLE_INPUTS: readonly ConsoleInput[] = [
  { tag: 'line', input: 'hello\n', reads: [64, 64], clauses: ['TTY.CANON'] },
  { tag: 'two-lines', input: 'one\ntwo\n', reads: [64, 64, 64], clauses: ['TTY.CANON', 'TTY.READ.CANON'] },
  { tag: 'short-read', input: 'abcdef\n', reads: [2, 64, 64], clauses: ['TTY.CANON', 'TTY.READ.CANON'] },
  { tag: 'unfinished-at-end', input: 'tail', reads: [64, 64], clauses: ['TTY.CANON'] },
  { tag: 'empty', input: '', reads: [64, 64], clauses: [] },
  { tag: 'del-erases', input: 'abx\x7fc\n', reads: [64], clauses: ['TTY.CANON'] },
  { tag: 'bs-past-start', input: '\x08\x08z\n', reads: [64], clauses: ['TTY.CANON'] },
  { tag: 'cr-ends-line', input: 'abc\rdef\n', reads: [64, 64], clauses: ['TTY.CANON', 'TTY.READ.CANON'] },
  { tag: 'raw', input: 'abcdef', lflag: ECHO | ISIG, reads: [4, 4, 4], clauses: ['TTY.CANON', 'TTY.ATTR.SET'] },
  { tag: 'raw-keeps-del', input: 'a\x7fb\n', lflag: 0, reads: [64, 64], clauses: ['TTY.CANON', 'TTY.ATTR.SET'] },
  { tag: 'noecho', input: 'secret\n', lflag: ICANON | ISIG, reads: [64], clauses: ['TTY.ECHO', 'TTY.ATTR.SET'] },
  { tag: 'line-limit', input: `${'x'.repeat(CONSOLE_EDIT_CAP + 44)}\n`, lflag: ICANON | ISIG, reads: [1024], clauses: ['TTY.LINE.LIMITS', 'TTY.ATTR.SET'] },
  { tag: 'ctrl-c-noisig', input: 'a\x03b\n', lflag: ICANON | ECHO, reads: [64], clauses: ['TTY.ISIG', 'TTY.ATTR.SET'] },
  { tag: 'ctrl-c-ignored', input: 'ab\x03cd\n', sigint: 'ignore', reads: [64], clauses: ['TTY.ISIG', 'TTY.CONSOLE.ISIG', 'SIG.IGN.DISCARD'] },
  { tag: 'ctrl-c-handler-canonical', input: 'ab\x03cd\n', sigint: 'handler', reads: [64, 64], clauses: ['TTY.ISIG', 'TTY.CONSOLE.ISIG', 'SIG.INTR', 'SIG.DELIVER.FRAME'] },
  { tag: 'ctrl-c-handler-raw', input: 'ab\x03cd', lflag: ECHO | ISIG, sigint: 'handler', reads: [64, 64], clauses: ['TTY.ISIG', 'TTY.CONSOLE.ISIG', 'SIG.DELIVER.FRAME', 'TTY.ATTR.SET'] },
  { tag: 'ctrl-c-default', input: 'ab\x03cd\n', sigint: 'default', reads: [64], clauses: ['TTY.ISIG', 'TTY.CONSOLE.ISIG', 'SIG.DEFAULT.ACTION'] },
];

/** What the console reads return: typed on demand through the model (TTY.CONSOLE.INPUT). */
function consoleReads(c: ConsoleInput): { results: (number[] | 'EINTR')[]; signalled: boolean } {
  const lflag = c.lflag ?? DEFAULT_LFLAG;
  const canonical = (lflag & ICANON) !== 0;
  const d = newDiscipline();
  const input = bytesOf(c.input);
  const results: (number[] | 'EINTR')[] = [];
  let signalled = false;
  for (const n of c.reads) {
    let interrupted = false;
    while (input.length > 0 && (canonical ? d.readable.length === 0 : d.readable.length < n)) {
      const before = d.interrupts;
      feed(d, input.shift()!, lflag, true, CONSOLE_EDIT_CAP);
      if (d.interrupts > before) {
        signalled = true;
        if (c.sigint !== 'ignore') {
          interrupted = true;
          break;
        }
      }
    }
    if (interrupted && d.readable.length === 0) {
      results.push('EINTR');
      if (c.sigint === 'default') break;
      continue;
    }
    if (input.length === 0 && d.edit.length > 0) {
      for (const x of d.edit) if (d.readable.length < READABLE_CAP) d.readable.push(x);
      d.edit.length = 0;
    }
    results.push(take(d, n, canonical));
    if (interrupted && c.sigint === 'default') break;
  }
  return { results, signalled };
}

/** sigaction(sig, handler, restorer) with a handler that stores the signal number at `flag`. */
function installHandler(p: CaseProgram, sig: number, flag: number): void {
  const a = p.a;
  const skip = a.label();
  a.b(skip);
  const handler = a.here();
  a.movImm(9, flag).inst('STR_W_uoff', { Rt: 0, Rn: 9, imm12: 0 });
  a.ret();
  const restorer = a.here();
  p.sys('sigreturn');
  a.bind(skip);
  p.sys('sigaction', sig, CODE_BASE + handler.offset, CODE_BASE + restorer.offset);
  p.expectEq('sigaction(SIGINT, handler) returns 0', ['SIG.ACTION.RECORD'], 0);
}

function consoleCase(c: ConsoleInput): CaseDef {
  const lflag = c.lflag ?? DEFAULT_LFLAG;
  const { results, signalled } = consoleReads(c);
  const dies = c.sigint === 'default';
  const verdict: ExpectedVerdict | undefined = dies ? { kind: 'signal', signal: SIGINT } : undefined;
  const clauses = ['TTY.CONSOLE.INPUT', 'TTY.LINE.EDIT', 'TTY.READ.CANON', ...c.clauses];
  return derivedCase(AREA, {
    id: `tty/console-input/${c.tag}`,
    description: `console input "${show(c.input.length > 24 ? `${c.input.slice(0, 12)}...` : c.input)}" with c_lflag ${lflagText(lflag)}${c.sigint ? `, SIGINT ${c.sigint === 'ignore' ? 'ignored' : c.sigint === 'handler' ? 'caught' : 'left at its default (the run ends by SIGINT)'}` : ''}: reads of ${c.reads.join(', ')} bytes return what TTY.CONSOLE.INPUT and TTY.LINE.EDIT give`,
    clauses: [...clauses, ...(c.sigint === 'handler' ? ['SIG.ACTION.RECORD'] : []), ...(c.sigint === 'ignore' ? ['SIG.ACTION.RECORD'] : []), ...(dies ? ['TTY.CONSOLE.DEFAULTS', 'TTY.ATTR.GET', 'TTY.ATTR.LFLAG'] : [])],
    boot: { consoleInput: c.input },
    ...(verdict ? { verdict } : {}),
    build({ p }) {
      if (c.lflag !== undefined) {
        setAttr(p, 0, TCSANOW, lflag);
        p.expectEq(`tcsetattr(0, ${lflagText(lflag)}) returns 0`, ['TTY.ATTR.SET'], 0);
      }
      const flag = p.space(4, 4);
      if (c.sigint === 'ignore') {
        p.sys('sigaction', SIGINT, SIG_IGN, 0);
        p.expectEq('sigaction(SIGINT, SIG_IGN) returns 0', ['SIG.ACTION.RECORD'], 0);
      } else if (c.sigint === 'handler') {
        installHandler(p, SIGINT, flag);
      } else if (dies) {
        expectAttr(p, 0, DEFAULT_LFLAG, 'the console defaults', ['TTY.CONSOLE.DEFAULTS']);
        planNow(p);
      }
      results.forEach((r, i) => {
        const n = c.reads[i]!;
        const buf = p.space(Math.max(n, 16), 8);
        p.sys('read', 0, buf, n);
        if (dies) return;
        p.save(SCRATCH);
        p.print('\n');
        if (r === 'EINTR') {
          p.expectErrno(`console read ${i + 1} fails EINTR: the interrupt came before any byte was readable`, ['TTY.CONSOLE.ISIG', 'SIG.INTR'], 'EINTR', SCRATCH);
          return;
        }
        const g = text(r);
        p.expectEq(`console read ${i + 1} (count ${n}) returns ${r.length}`, clauses, r.length, SCRATCH);
        if (r.length > 0) p.expectMem(`console read ${i + 1} is "${show(g.length > 24 ? `${g.slice(0, 12)}...(${g.length} bytes)` : g)}"`, clauses, buf, Uint8Array.from(r));
      });
      if (c.sigint === 'handler') {
        loadU32(p, SCRATCH, flag);
        p.expectEq(`the SIGINT handler ran (it stored ${SIGINT})`, ['TTY.CONSOLE.ISIG', 'SIG.DELIVER.FRAME'], signalled ? SIGINT : 0, SCRATCH);
      }
      if (dies) p.print('the read returned\n');
    },
  });
}

function consoleFlushCases(): CaseDef[] {
  return ACTIONS.map((act) => {
    const discards = act.value === TCSAFLUSH;
    const want = discards ? 'xyz\n' : 'cdef\n';
    return derivedCase(AREA, {
      id: `tty/console-input/after-${act.name.toLowerCase()}`,
      description: `console input "abcdef\\nxyz\\n": read 2 bytes, then tcsetattr(${act.name}): the next read returns "${show(want)}"${discards ? ' (the rest of the line was discarded)' : ''}`,
      clauses: ['TTY.CONSOLE.INPUT', 'TTY.READ.CANON', discards || act.value === TCSADRAIN ? 'TTY.ATTR.ACTIONS.OTHERS' : 'TTY.ATTR.ACTIONS', 'TTY.ATTR.SET'],
      boot: { consoleInput: 'abcdef\nxyz\n' },
      build({ p }) {
        expectRead(p, 0, 2, 'ab', 'the first read', ['TTY.CONSOLE.INPUT', 'TTY.READ.CANON']);
        p.print('\n');
        setAttr(p, 0, act.value, DEFAULT_LFLAG);
        p.expectEq(`tcsetattr(0, ${act.name}) returns 0`, ['TTY.ATTR.SET'], 0);
        expectRead(p, 0, 64, want, 'the next read', ['TTY.CONSOLE.INPUT', 'TTY.READ.CANON', discards || act.value === TCSADRAIN ? 'TTY.ATTR.ACTIONS.OTHERS' : 'TTY.ATTR.ACTIONS']);
        p.print('\n');
      },
    });
  });
}

function consoleWriteCases(): CaseDef[] {
  return [1, 2].map((fd) => derivedCase(AREA, {
    id: `tty/console-write/fd${fd}`,
    description: `a write of 12 bytes to the console on fd ${fd} returns 12`,
    clauses: ['TTY.WRITE.CONSOLE'],
    build({ p }) {
      p.sys('write', fd, p.str('console ok\n\n'), 12);
      p.expectEq(`write(${fd}, 12 bytes) returns 12`, ['TTY.WRITE.CONSOLE'], 12);
    },
  }));
}

export function ttyCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const terminals: readonly Terminal[] = ['console-fd0', 'console-fd1', 'console-fd2', 'pty-master', 'pty-slave'];
  for (const t of terminals) out.push(defaultsCase(t));
  for (const t of terminals) for (const act of ACTIONS) for (const l of LFLAGS) out.push(roundTripCase(t, act, l));
  for (const t of ['console-fd0', 'pty-slave', 'pty-master'] as const) for (const a of [3, 4, 0x100, 0xffff_ffff]) out.push(invalidActionCase(t, a));
  out.push(...perTerminalCases());
  for (const row of ['tcgetattr', 'tcsetattr', 'pty_set_foreground'] as const) {
    for (const n of NON_TERMINALS) out.push(notTtyCase(n, row));
    out.push(badFdCase(row, 99n, 'closed-99'));
    out.push(badFdCase(row, BigInt(FD_MAX), 'fd-max'));
    out.push(badFdCase(row, (1n << 64n) - 1n, 'minus-one'));
  }
  for (const fd of [0, 1, 2]) out.push(consoleFgCase(fd));
  out.push(...faultCases());
  for (const c of PTY_INPUTS) out.push(ptyInputCase(c));
  OUTPUTS.forEach((s, i) => out.push(ptyOutputCase(s, i)));
  out.push(...ptyModeCases());
  out.push(...hupCases());
  for (const via of ['master', 'slave'] as const) for (const isig of [true, false]) for (const fg of ['child', 'cleared'] as const) out.push(sigintCase(via, isig, fg));
  out.push(...fgErrorCases());
  for (const c of CONSOLE_INPUTS) out.push(consoleCase(c));
  out.push(...consoleFlushCases());
  out.push(...consoleWriteCases());
  return out;
}
