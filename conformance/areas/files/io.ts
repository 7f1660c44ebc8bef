// read / write / lseek / fsync / close on every handle kind (kind checks, rights, count 0,
// FD.KIND.WRONG's per-row errnos), then byte-level offset semantics on a tmpfs file driven by a
// small model of FD.READ.* / FD.WRITE.* / FS.LSEEK.*, and the fault paths.

import { waitStatusExited, type ErrnoName } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import type { Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { BAD_ADDR, F, FILES, O, type Prog, SEEK } from './kit.js';
import { EVENTFD_INIT, HANDLES, type Made, type MadeHandle, QUEUED } from './handles.js';
import { BASE_FILE, bytesOf, setupTmpfs, statBuf, TMP_FILE, TMP_TEXT } from './world.js';

type Expect =
  | { readonly ret: number; readonly clauses: readonly string[]; readonly data?: Uint8Array }
  | { readonly errno: ErrnoName; readonly clauses: readonly string[] };

interface Op {
  readonly name: string;
  readonly text: string;
  readonly row: string;
  emit(p: Prog, fd: Reg, buf: number): void;
  expect(h: Made): Expect | null;
}

const CONSOLE_INPUT = 'hi\n';
const ok = (ret: number, clauses: readonly string[], data?: Uint8Array): Expect => (data ? { ret, clauses, data } : { ret, clauses });
const no = (errno: ErrnoName, ...clauses: string[]): Expect => ({ errno, clauses });

const FILEISH: readonly Made[] = ['file-rdwr', 'file-rdonly', 'file-wronly', 'base-file', 'dev-null', 'dev-zero'];
const MISSING_READ = no('EBADF', 'FD.RIGHTS.MISSING', 'FD.RIGHTS.DEFAULT');
const MISSING_WRITE = no('EBADF', 'FD.RIGHTS.MISSING', 'FD.RIGHTS.DEFAULT');

const OPS: readonly Op[] = [
  {
    name: 'read4', text: 'read(fd, buf, 4)', row: 'read',
    emit: (p, fd, buf) => { p.sys('read', fd, buf, 4); },
    expect(h) {
      switch (h) {
        case 'file-rdwr': case 'file-rdonly': return ok(4, ['FD.READ.OFFSET'], bytesOf(TMP_TEXT.slice(0, 4)));
        case 'file-wronly': return MISSING_READ;
        case 'base-file': return ok(4, ['FD.READ.OFFSET', 'FS.BASE.READONLY'], bytesOf(BASE_FILE.text.slice(0, 4)));
        case 'dir': return no('EISDIR', 'FS.READ.DIR');
        case 'tty-in': case 'tty-out': return ok(CONSOLE_INPUT.length, ['TTY.READ.CANON', 'TTY.CONSOLE.INPUT'], bytesOf(CONSOLE_INPUT));
        case 'pipe-read': return ok(QUEUED.length, ['FD.PIPE.PARTIAL'], bytesOf(QUEUED));
        case 'pipe-write': return no('EBADF', 'FD.RIGHTS.MISSING', 'FD.PIPE.RIGHTS');
        case 'dev-null': return ok(0, ['FS.DEV.NULL']);
        case 'dev-zero': return ok(4, ['FS.DEV.ZERO'], new Uint8Array(4));
        case 'eventfd': return no('EINVAL', 'EVT.READ.SHORT');
        case 'socketpair': return ok(QUEUED.length, ['IPC.SOCKETPAIR.DUPLEX', 'IPC.SOCKETPAIR.PIPE'], bytesOf(QUEUED));
        case 'pidfd': return no('EINVAL', 'FD.KIND.WRONG', 'PIDFD.READ');
        case 'timerfd': return no('EINVAL', 'TFD.READ.SHORT');
        case 'endpoint-send': case 'endpoint-recv': return no('EINVAL', 'FD.KIND.WRONG');
      }
    },
  },
  {
    name: 'read8', text: 'read(fd, buf, 8)', row: 'read',
    emit: (p, fd, buf) => { p.sys('read', fd, buf, 8); },
    expect(h) {
      const v = new Uint8Array(8);
      new DataView(v.buffer).setBigUint64(0, BigInt(EVENTFD_INIT), true);
      if (h === 'eventfd') return ok(8, ['EVT.READ.COUNTER'], v);
      if (h === 'timerfd') return no('EAGAIN', 'TFD.READ.BLOCK', 'FD.NONBLOCK.EAGAIN');
      if (h === 'file-rdwr') return ok(8, ['FD.READ.OFFSET'], bytesOf(TMP_TEXT.slice(0, 8)));
      return null;
    },
  },
  {
    name: 'read0', text: 'read(fd, NULL, 0)', row: 'read',
    emit: (p, fd) => { p.sys('read', fd, 0, 0); },
    expect(h) {
      switch (h) {
        case 'file-wronly': return MISSING_READ;
        case 'pipe-write': return no('EBADF', 'FD.RIGHTS.MISSING', 'FD.PIPE.RIGHTS');
        case 'dir': return no('EISDIR', 'FS.READ.DIR', 'FD.READ.ZERO'); // FD.READ.ZERO: the directory refusal comes first
        case 'pidfd': return no('EINVAL', 'FD.KIND.WRONG', 'PIDFD.READ');
        case 'endpoint-send': case 'endpoint-recv': return no('EINVAL', 'FD.KIND.WRONG');
        case 'eventfd': return ok(0, ['FD.READ.ZERO', 'EVT.READ.SHORT']);
        case 'timerfd': return ok(0, ['FD.READ.ZERO', 'TFD.READ.SHORT']);
        default: return ok(0, ['FD.READ.ZERO', 'ABI.NULL.EMPTY']);
      }
    },
  },
  {
    name: 'write1', text: 'write(fd, "\\n", 1)', row: 'write',
    emit: (p, fd) => { p.sys('write', fd, p.str('\n'), 1); },
    expect(h) {
      switch (h) {
        case 'file-rdwr': case 'file-wronly': return ok(1, ['FD.WRITE.OFFSET']);
        case 'file-rdonly': case 'base-file': case 'dir': return MISSING_WRITE;
        case 'tty-in': case 'tty-out': return ok(1, ['TTY.WRITE.CONSOLE']);
        case 'pipe-read': return no('EBADF', 'FD.RIGHTS.MISSING', 'FD.PIPE.RIGHTS');
        case 'pipe-write': return ok(1, ['FD.PIPE.CAPACITY']);
        case 'dev-null': return ok(1, ['FS.DEV.NULL']);
        case 'dev-zero': return ok(1, ['FS.DEV.ZERO']);
        case 'eventfd': return no('EINVAL', 'EVT.WRITE.INVALID');
        case 'socketpair': return ok(1, ['IPC.SOCKETPAIR.DUPLEX']);
        case 'pidfd': return no('EINVAL', 'FD.KIND.WRONG', 'PIDFD.READ');
        case 'timerfd': case 'endpoint-send': case 'endpoint-recv': return no('EINVAL', 'FD.KIND.WRONG');
      }
    },
  },
  {
    name: 'write0', text: 'write(fd, NULL, 0)', row: 'write',
    emit: (p, fd) => { p.sys('write', fd, 0, 0); },
    expect(h) {
      switch (h) {
        case 'file-rdonly': case 'base-file': case 'dir': return MISSING_WRITE;
        case 'pipe-read': return no('EBADF', 'FD.RIGHTS.MISSING', 'FD.PIPE.RIGHTS');
        case 'pidfd': return no('EINVAL', 'FD.KIND.WRONG', 'PIDFD.READ');
        case 'timerfd': case 'endpoint-send': case 'endpoint-recv': return no('EINVAL', 'FD.KIND.WRONG');
        case 'eventfd': return ok(0, ['FD.WRITE.ZERO', 'EVT.WRITE.INVALID']);
        default: return ok(0, ['FD.WRITE.ZERO', 'ABI.NULL.EMPTY']);
      }
    },
  },
  {
    name: 'lseek-cur', text: 'lseek(fd, 0, SEEK_CUR)', row: 'lseek',
    emit: (p, fd) => { p.sys('lseek', fd, 0, SEEK.CUR); },
    expect(h) {
      if (h === 'dev-null' || h === 'dev-zero') return null; // a device's offset is not specified
      if (FILEISH.includes(h)) return ok(0, ['FS.LSEEK.WHENCE']);
      if (h === 'dir') return no('EINVAL', 'FS.LSEEK.DIR');
      return no('ESPIPE', 'FD.KIND.WRONG');
    },
  },
  {
    name: 'lseek-set0', text: 'lseek(fd, 0, SEEK_SET)', row: 'lseek',
    emit: (p, fd) => { p.sys('lseek', fd, 0, SEEK.SET); },
    expect(h) {
      if (h === 'dir') return ok(0, ['FS.LSEEK.DIR']);
      if (h === 'file-wronly' || h === 'file-rdonly') return ok(0, ['FS.LSEEK.WHENCE']);
      if (h === 'pipe-read' || h === 'pipe-write' || h === 'tty-in' || h === 'socketpair') return no('ESPIPE', 'FD.KIND.WRONG');
      return null;
    },
  },
  {
    name: 'fsync', text: 'fsync(fd)', row: 'fsync',
    emit: (p, fd) => { p.sys('fsync', fd); },
    expect: () => ok(0, ['FS.FSYNC.OTHER']),
  },
  {
    name: 'close', text: 'close(fd)', row: 'close',
    emit: (p, fd) => { p.sys('close', fd); },
    expect: (h) => (h === 'tty-in' || h === 'tty-out' ? null : ok(0, ['FD.CLOSE.RELEASE'])),
  },
];

function kindOpCase(h: MadeHandle, op: Op, e: Expect): CaseDef {
  const result = 'errno' in e ? `fails ${e.errno}` : `returns ${e.ret}`;
  return derivedCase(FILES, {
    id: `io/kinds/${op.name}/${h.name}`,
    description: `${op.text} on a ${h.what} ${result}`,
    boot: h.name.startsWith('tty') ? { consoleInput: CONSOLE_INPUT } : {},
    build(b) {
      const { p } = b;
      const fd = p.variable();
      h.make(b, fd);
      p.expectOk(`set-up: made the ${h.what}`, ['FD.HANDLE'], fd);
      const buf = p.bytes(new Uint8Array(16).fill(0xa5));
      op.emit(p, fd, buf);
      if ('errno' in e) {
        p.expectFail(op.text, e.clauses, e.errno);
        return;
      }
      p.expectEq(`${op.text} returns ${e.ret}`, e.clauses, e.ret);
      if (e.data) p.expectMem('the bytes read are the expected ones', e.clauses, buf, e.data);
      if (op.name === 'close') {
        p.sys('fcntl', fd, F.GETFD, 0).expectFail('the closed number: fcntl(F_GETFD)', ['FD.CLOSE.RELEASE', 'FD.BADF'], 'EBADF');
      }
    },
  });
}

function kindCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const op of OPS) {
    for (const h of HANDLES) {
      const e = op.expect(h.name);
      if (e) out.push(kindOpCase(h, op, e));
    }
  }
  return out;
}

// ---- offsets: a model of a regular tmpfs file -----------------------------------------------

type Step =
  | { readonly op: 'read'; readonly n: number }
  | { readonly op: 'write'; readonly text: string }
  | { readonly op: 'seek'; readonly off: number | bigint; readonly whence: number }
  | { readonly op: 'truncate'; readonly len: number };

const MAX_OFFSET = 2n ** 53n - 1n;

/** The spec's file: bytes, a shared offset and O_APPEND. Computes each step's result. */
class FileModel {
  data: number[];
  offset = 0n;
  constructor(text: string, readonly append: boolean) {
    this.data = [...bytesOf(text)];
  }

  step(s: Step): { ret: bigint; clauses: string[]; bytes?: Uint8Array; errno?: ErrnoName } {
    switch (s.op) {
      case 'read': {
        const start = Number(this.offset);
        const n = Math.max(0, Math.min(s.n, this.data.length - start));
        this.offset += BigInt(n);
        const bytes = Uint8Array.from(this.data.slice(start, start + n));
        return { ret: BigInt(n), clauses: n === 0 ? (s.n === 0 ? ['FD.READ.ZERO'] : ['FD.READ.EOF']) : ['FD.READ.OFFSET'], bytes };
      }
      case 'write': {
        const b = [...bytesOf(s.text)];
        const at = this.append ? this.data.length : Number(this.offset);
        while (this.data.length < at) this.data.push(0);
        b.forEach((x, i) => (this.data[at + i] = x));
        this.offset = BigInt(at + b.length);
        return { ret: BigInt(b.length), clauses: this.append ? ['FS.OPEN.APPEND'] : ['FD.WRITE.OFFSET'] };
      }
      case 'seek': {
        const base = s.whence === SEEK.SET ? 0n : s.whence === SEEK.CUR ? this.offset : BigInt(this.data.length);
        if (s.whence !== SEEK.SET && s.whence !== SEEK.CUR && s.whence !== SEEK.END) return { ret: 0n, errno: 'EINVAL', clauses: ['ABI.ENUM.UNKNOWN'] };
        const next = base + BigInt(s.off);
        if (next < 0n) return { ret: 0n, errno: 'EINVAL', clauses: ['FS.LSEEK.NEGATIVE'] };
        if (next > MAX_OFFSET) return { ret: 0n, errno: 'EINVAL', clauses: ['FS.LSEEK.RANGE'] };
        this.offset = next;
        return { ret: next, clauses: next > BigInt(this.data.length) ? ['FS.LSEEK.PASTEND', 'FS.LSEEK.WHENCE'] : ['FS.LSEEK.WHENCE'] };
      }
      case 'truncate': {
        const grow = s.len > this.data.length;
        this.data.length = Math.min(this.data.length, s.len);
        while (this.data.length < s.len) this.data.push(0);
        return { ret: 0n, clauses: [grow ? 'FS.TRUNCATE.GROW' : 'FS.TRUNCATE.SHRINK'] };
      }
    }
  }
}

function stepText(s: Step): string {
  const whence = (w: number): string => (w === SEEK.SET ? 'SEEK_SET' : w === SEEK.CUR ? 'SEEK_CUR' : w === SEEK.END ? 'SEEK_END' : `whence ${w}`);
  switch (s.op) {
    case 'read': return `read ${s.n}`;
    case 'write': return `write "${s.text}"`;
    case 'seek': return `lseek(${s.off}, ${whence(s.whence)})`;
    case 'truncate': return `ftruncate(${s.len})`;
  }
}

interface Scenario {
  readonly name: string;
  readonly text: string;
  readonly append?: boolean;
  readonly steps: readonly Step[];
}

const R = (n: number): Step => ({ op: 'read', n });
const W = (text: string): Step => ({ op: 'write', text });
const L = (off: number | bigint, whence: number): Step => ({ op: 'seek', off, whence });
const T = (len: number): Step => ({ op: 'truncate', len });
const DIGITS = '0123456789';

export const SCENARIOS: readonly Scenario[] = [
  { name: 'read-in-pieces', text: DIGITS, steps: [R(3), R(3), R(10), R(1)] },
  { name: 'read-exact', text: DIGITS, steps: [R(10), R(1)] },
  { name: 'read-zero', text: DIGITS, steps: [R(0), R(2)] },
  { name: 'read-empty-file', text: '', steps: [R(4)] },
  { name: 'seek-set-read', text: DIGITS, steps: [L(8, SEEK.SET), R(5)] },
  { name: 'seek-set-end', text: DIGITS, steps: [L(10, SEEK.SET), R(5)] },
  { name: 'seek-set-past', text: DIGITS, steps: [L(20, SEEK.SET), R(5)] },
  { name: 'seek-cur-forward', text: DIGITS, steps: [R(2), L(3, SEEK.CUR), R(2)] },
  { name: 'seek-cur-back', text: DIGITS, steps: [R(6), L(-4, SEEK.CUR), R(3)] },
  { name: 'seek-cur-zero', text: DIGITS, steps: [R(7), L(0, SEEK.CUR)] },
  { name: 'seek-end-zero', text: DIGITS, steps: [L(0, SEEK.END), R(3)] },
  { name: 'seek-end-back', text: DIGITS, steps: [L(-3, SEEK.END), R(10)] },
  { name: 'seek-end-to-start', text: DIGITS, steps: [L(-10, SEEK.END), R(2)] },
  { name: 'seek-end-past', text: DIGITS, steps: [L(5, SEEK.END), R(1)] },
  { name: 'seek-set-negative', text: DIGITS, steps: [R(4), L(-1, SEEK.SET), R(1)] },
  { name: 'seek-cur-negative', text: DIGITS, steps: [R(4), L(-5, SEEK.CUR), R(1)] },
  { name: 'seek-end-negative', text: DIGITS, steps: [R(1), L(-11, SEEK.END), R(1)] },
  { name: 'seek-min-int', text: DIGITS, steps: [R(2), L(-(2n ** 63n), SEEK.SET), R(1)] },
  { name: 'seek-2p53', text: DIGITS, steps: [R(2), L(2n ** 53n, SEEK.SET), R(1)] },
  { name: 'seek-2p53-cur', text: DIGITS, steps: [L(2n ** 53n - 1n, SEEK.SET), L(1, SEEK.CUR), L(0, SEEK.CUR)] },
  { name: 'seek-max-offset', text: DIGITS, steps: [L(2n ** 53n - 1n, SEEK.SET), R(1), L(0, SEEK.SET)] },
  { name: 'seek-whence-3', text: DIGITS, steps: [R(1), L(0, 3), R(1)] },
  { name: 'seek-whence-minus-1', text: DIGITS, steps: [R(1), L(0, -1), R(1)] },
  { name: 'seek-whence-256', text: DIGITS, steps: [L(0, 256), R(1)] },
  { name: 'overwrite-middle', text: DIGITS, steps: [L(2, SEEK.SET), W('AB'), R(2)] },
  { name: 'write-extends', text: DIGITS, steps: [L(0, SEEK.END), W('XYZ'), L(0, SEEK.CUR)] },
  { name: 'write-past-end', text: DIGITS, steps: [L(14, SEEK.SET), W('Z')] },
  { name: 'write-far-past-end', text: 'x', steps: [L(300, SEEK.SET), W('end')] },
  { name: 'write-then-read', text: DIGITS, steps: [W('ab'), R(3), W('cd'), R(10)] },
  { name: 'write-empty-file', text: '', steps: [W('hello'), L(0, SEEK.SET), R(10)] },
  { name: 'append-after-seek', text: DIGITS, append: true, steps: [L(0, SEEK.SET), W('A'), L(0, SEEK.CUR)] },
  { name: 'append-twice', text: DIGITS, append: true, steps: [W('A'), L(3, SEEK.SET), W('B'), R(5)] },
  { name: 'append-empty', text: '', append: true, steps: [W('xy'), L(0, SEEK.SET), W('z')] },
  { name: 'truncate-shrink', text: DIGITS, steps: [R(8), T(4), L(0, SEEK.CUR), R(2)] },
  { name: 'truncate-grow', text: DIGITS, steps: [T(16), L(8, SEEK.SET), R(10)] },
  { name: 'truncate-zero', text: DIGITS, steps: [R(3), T(0), R(3), W('Q')] },
  { name: 'truncate-same', text: DIGITS, steps: [T(10), R(12)] },
  { name: 'truncate-append', text: DIGITS, append: true, steps: [T(3), W('X')] },
];

function scenarioCase(s: Scenario): CaseDef {
  return derivedCase(FILES, {
    id: `io/offset/${s.name}`,
    description: `on a tmpfs file holding "${s.text}"${s.append ? ' opened O_APPEND' : ''}: ${s.steps.map(stepText).join(', ')}; results and final contents follow the shared-offset model`,
    build({ p }) {
      const model = new FileModel(s.text, s.append === true);
      const path = p.str('/tmp/o');
      p.sys('open', path, O.CREAT | O.RDWR | (s.append ? O.APPEND : 0), 0).expectEq('set-up: open is handle 3', ['FS.OPEN.CREAT'], 3);
      if (s.text.length > 0) {
        // Written with a separate handle so that the case's handle starts at offset 0.
        p.sys('open', path, O.WRONLY, 0);
        p.sys('write', 4, p.bytes(bytesOf(s.text)), s.text.length).expectEq(`set-up: write ${s.text.length} bytes`, ['FD.WRITE.OFFSET'], s.text.length);
        p.sys('close', 4);
      }
      const buf = p.space(64);
      for (const step of s.steps) {
        const r = model.step(step);
        const what = stepText(step);
        switch (step.op) {
          case 'read': p.sys('read', 3, buf, step.n); break;
          case 'write': p.sys('write', 3, p.bytes(bytesOf(step.text)), step.text.length); break;
          case 'seek': p.sys('lseek', 3, step.off, step.whence); break;
          case 'truncate': p.sys('ftruncate', 3, step.len); break;
        }
        if (r.errno) {
          p.expectFail(what, r.clauses, r.errno);
          continue;
        }
        p.expectEq(`${what} returns ${r.ret}`, r.clauses, r.ret);
        if (r.bytes && r.bytes.length > 0) p.expectMem(`${what}: the bytes are the file's`, r.clauses, buf, r.bytes);
      }
      // The final offset, size and contents, read through a second handle.
      p.sys('lseek', 3, 0, SEEK.CUR).expectEq(`the offset ends at ${model.offset}`, ['FS.LSEEK.WHENCE', 'FD.READ.OFFSET', 'FD.WRITE.OFFSET'], model.offset);
      const st = statBuf(p);
      p.sys('fstat', 3, st);
      p.expectU64(`the size ends at ${model.data.length}`, ['FS.STAT.RECORD', 'FD.WRITE.OFFSET'], st + 8, model.data.length);
      const all = p.space(model.data.length + 16);
      p.sys('open', path, O.RDONLY, 0);
      p.sys('read', 4, all, model.data.length + 16).expectEq(`a fresh handle reads all ${model.data.length} bytes`, ['FD.READ.OFFSET'], model.data.length);
      if (model.data.length > 0) {
        const grows = s.steps.some((x) => x.op === 'truncate') ? ['FS.TRUNCATE.GROW', 'FS.TRUNCATE.SHRINK'] : [];
        p.expectMem('the contents follow the model (gaps read as zeros)', ['FD.WRITE.OFFSET', ...grows], all, Uint8Array.from(model.data));
      }
    },
  });
}

// ---- shared offsets, faults ------------------------------------------------------------------

function sharedOffset(how: 'dup' | 'dup2' | 'fcntl' | 'fork'): CaseDef {
  return derivedCase(FILES, {
    id: `io/shared-offset/${how}`,
    description: `a handle made by ${how} shares the file offset with its source: a read through one moves the other`,
    build({ p }) {
      setupTmpfs(p);
      p.sys('open', p.str(TMP_FILE), O.RDONLY, 0).expectEq('open is handle 3', ['FS.OPEN.LOWEST'], 3);
      const buf = p.space(16);
      if (how === 'fork') {
        const pid = p.variable();
        p.fork(pid, () => {
          p.sys('read', 3, buf, 4);
          p.exitWithResult();
        });
        p.expectWaitStatus('the child read 4 bytes and exited with 4', ['PROC.WAIT.STATUS'], pid, waitStatusExited(4));
        p.sys('lseek', 3, 0, SEEK.CUR).expectEq('the parent\'s offset is 4', ['FS.LSEEK.SHARED', 'FD.INHERIT.FORK', 'PROC.FORK.HANDLES'], 4);
        p.sys('read', 3, buf, 2).expectEq('the parent reads on from offset 4', ['FS.LSEEK.SHARED'], 2);
        p.expectMem('the bytes at offset 4', ['FS.LSEEK.SHARED'], buf, bytesOf(TMP_TEXT.slice(4, 6)));
        return;
      }
      if (how === 'dup') p.sys('dup', 3);
      else if (how === 'dup2') p.sys('dup2', 3, 9);
      else p.sys('fcntl', 3, F.DUPFD, 7);
      const other = how === 'dup' ? 4 : how === 'dup2' ? 9 : 7;
      p.expectEq(`${how} returns ${other}`, how === 'fcntl' ? ['FD.FCNTL.DUPFD'] : ['FD.DUP.LOWEST', 'FD.DUP2.REPLACE'], other);
      p.sys('read', 3, buf, 3).expectEq('read 3 through the source', ['FD.READ.OFFSET'], 3);
      p.sys('lseek', other, 0, SEEK.CUR).expectEq('the duplicate\'s offset is 3', ['FD.DUP.SHARED', 'FS.LSEEK.SHARED'], 3);
      p.sys('lseek', other, 7, SEEK.SET).expectEq('lseek the duplicate to 7', ['FS.LSEEK.WHENCE'], 7);
      p.sys('read', 3, buf, 8).expectEq('the source reads from 7: 3 bytes', ['FD.DUP.SHARED', 'FS.LSEEK.SHARED'], 3);
      p.expectMem('the bytes at offset 7', ['FS.LSEEK.SHARED'], buf, bytesOf(TMP_TEXT.slice(7)));
    },
  });
}

interface FaultCase {
  readonly name: string;
  readonly text: string;
  readonly build: (p: Prog) => void;
}

const FAULTS: readonly FaultCase[] = [
  {
    name: 'read-null', text: 'read into NULL with count 4 fails EFAULT and leaves the offset at 0',
    build: (p) => {
      p.sys('read', 3, BAD_ADDR.null, 4).expectFail('read(fd, NULL, 4)', ['ABI.FAULT'], 'EFAULT');
      p.sys('lseek', 3, 0, SEEK.CUR).expectEq('the offset is still 0', ['ABI.FAULT.NOEFFECT'], 0);
    },
  },
  {
    name: 'read-code', text: 'read into the read-only code segment fails EFAULT and leaves the offset at 0',
    build: (p) => {
      p.sys('read', 3, BAD_ADDR.code, 4).expectFail('read into code', ['ABI.FAULT'], 'EFAULT');
      p.sys('lseek', 3, 0, SEEK.CUR).expectEq('the offset is still 0', ['ABI.FAULT.NOEFFECT'], 0);
    },
  },
  {
    name: 'read-straddle', text: 'read into a buffer that runs off the end of the data segment fails EFAULT',
    build: (p) => {
      p.sys('read', 3, BAD_ADDR.pastData - 4, 8).expectFail('read across the end of data', ['ABI.FAULT'], 'EFAULT');
      p.sys('lseek', 3, 0, SEEK.CUR).expectEq('the offset is still 0', ['ABI.FAULT.NOEFFECT'], 0);
    },
  },
  {
    name: 'read-kernel', text: 'read into a kernel address fails EFAULT',
    build: (p) => { p.sys('read', 3, BAD_ADDR.kernel, 4).expectFail('read into a kernel address', ['ABI.FAULT'], 'EFAULT'); },
  },
  {
    name: 'write-unmapped', text: 'write from an unmapped buffer fails EFAULT and leaves the file unchanged',
    build: (p) => {
      p.sys('write', 3, BAD_ADDR.low, 4).expectFail('write from an unmapped buffer', ['ABI.FAULT'], 'EFAULT');
      const st = statBuf(p);
      p.sys('fstat', 3, st);
      p.expectU64(`the size is still ${TMP_TEXT.length}`, ['ABI.FAULT.NOEFFECT'], st + 8, TMP_TEXT.length);
      p.sys('lseek', 3, 0, SEEK.CUR).expectEq('the offset is still 0', ['ABI.FAULT.NOEFFECT'], 0);
    },
  },
  {
    name: 'write-from-code', text: 'write from the code segment (readable) succeeds',
    build: (p) => { p.sys('write', 3, BAD_ADDR.code, 4).expectEq('write from code returns 4', ['FD.WRITE.OFFSET'], 4); },
  },
  {
    name: 'write-null-zero', text: 'write(fd, NULL, 0) returns 0 and changes nothing',
    build: (p) => {
      p.sys('write', 3, BAD_ADDR.null, 0).expectEq('write(fd, NULL, 0)', ['FD.WRITE.ZERO', 'ABI.NULL.EMPTY'], 0);
      p.sys('lseek', 3, 0, SEEK.CUR).expectEq('the offset is still 0', ['FD.WRITE.ZERO'], 0);
    },
  },
  {
    name: 'pipe-read-fault', text: 'a pipe read into a bad buffer fails EFAULT and takes no bytes out of the pipe',
    build: (p) => {
      const cell = p.space(8, 8);
      p.sys('pipe', cell).expectEq('pipe', ['FD.PIPE.ENDS'], 0);
      p.sys('write', 5, p.str('xyz'), 3).expectEq('write 3 bytes to the pipe (handle 5)', ['FD.PIPE.ORDER'], 3);
      p.sys('read', 4, BAD_ADDR.low, 3).expectFail('read from the pipe into an unmapped buffer', ['ABI.FAULT'], 'EFAULT');
      const buf = p.space(8);
      p.sys('read', 4, buf, 8).expectEq('the 3 bytes are still in the pipe', ['ABI.FAULT.NOEFFECT', 'FD.PIPE.PARTIAL'], 3);
      p.expectMem('and they are "xyz"', ['ABI.FAULT.NOEFFECT'], buf, bytesOf('xyz'));
    },
  },
];

function faultCase(f: FaultCase): CaseDef {
  return derivedCase(FILES, {
    id: `io/fault/${f.name}`,
    description: f.text,
    build({ p }) {
      setupTmpfs(p);
      p.sys('open', p.str(TMP_FILE), O.RDWR, 0).expectEq('open is handle 3', ['FS.OPEN.LOWEST'], 3);
      f.build(p);
    },
  });
}

export function ioCases(): CaseDef[] {
  return [
    ...kindCases(),
    ...SCENARIOS.map(scenarioCase),
    ...(['dup', 'dup2', 'fcntl', 'fork'] as const).map(sharedOffset),
    ...FAULTS.map(faultCase),
  ];
}
