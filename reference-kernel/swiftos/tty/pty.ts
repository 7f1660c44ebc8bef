// Pseudo-terminal pairs (TTY.PTY.*): master writes go through the slave's line discipline;
// slave writes reach the master with ONLCR; both ends share one set of attributes.
import { constValue } from '../../../spec/index.js';
import type { Handle, KObject } from '../handles.js';
import type { SyscallContext } from '../handlers/context.js';
import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';
import { fail, ok, type HandlerResult } from '../result.js';
import { WaitQueue } from '../waitqueue.js';
import { ByteQueue, CR, DEFAULT_LFLAG, LF, LineDiscipline } from './line-discipline.js';

const SIGINT = constValue('SIGNALS', 'SIGINT');
const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');

/** Pairs that can exist at once (TTY.PTY.NOMEM), and the buffer sizes (TTY.LINE.LIMITS). */
export const PTY_MAX = 8;
export const PTY_EDIT_CAP = 1024;
export const PTY_INPUT_CAP = 1024;
export const PTY_OUTPUT_CAP = 4096;

/** One pseudo-terminal: the line discipline (slave input), the output buffer, and the two ends. */
export class PtyPair {
  readonly ldisc = new LineDiscipline(DEFAULT_LFLAG, PTY_EDIT_CAP, PTY_INPUT_CAP);
  /** What the master reads: slave output (after ONLCR) and echo. */
  readonly output = new ByteQueue(PTY_OUTPUT_CAP);
  masterRefs = 0;
  slaveRefs = 0;
  /** Pid that terminal-generated signals go to; 0 for none (TTY.PTY.FG.*). */
  foreground = 0;
  readonly slaveReadable = new WaitQueue('pty input');
  readonly masterReadable = new WaitQueue('pty output');
  readonly slaveWritable = new WaitQueue('pty output room');
  readonly master: PtyMaster;
  readonly slave: PtySlave;
  private readonly wake: (q: WaitQueue) => void;
  private readonly onFree: () => void;

  /** `wake` is kernel.wake; `onFree` runs once when the last handle to either end is gone. */
  constructor(wake: (q: WaitQueue) => void, onFree: () => void) {
    this.wake = wake;
    this.onFree = onFree;
    this.master = new PtyMaster(this);
    this.slave = new PtySlave(this);
  }

  /** The live process named by `foreground`, if any. */
  foregroundProcess(kernel: Kernel): Process | null {
    if (this.foreground <= 0) return null;
    const p = kernel.processes.get(this.foreground);
    return p !== undefined && p.state === 'live' ? p : null;
  }

  /** Wakes every waiter: attributes or a side's presence changed. */
  wakeAll(): void {
    this.wake(this.slaveReadable);
    this.wake(this.masterReadable);
    this.wake(this.slaveWritable);
  }

  /** Feeds bytes written to the master through the line discipline (TTY.PTY.MASTER.WRITE). */
  input(kernel: Kernel, bytes: Uint8Array): void {
    for (const b of bytes) {
      const fg = this.foregroundProcess(kernel);
      const effect = this.ldisc.input(b, fg !== null);
      for (const e of effect.echo) this.output.push(e);
      if (effect.interrupt && fg !== null) kernel.signal(fg, SIGINT);
    }
    this.wake(this.slaveReadable);
    this.wake(this.masterReadable);
  }

  /** Stores slave output with ONLCR; returns how many input bytes fit (TTY.PTY.ONLCR). */
  emit(bytes: Uint8Array): number {
    let n = 0;
    for (const b of bytes) {
      if (b === LF) {
        if (this.output.room < 2) break;
        this.output.push(CR);
        this.output.push(LF);
      } else {
        if (this.output.room < 1) break;
        this.output.push(b);
      }
      n++;
    }
    if (n > 0) this.wake(this.masterReadable);
    return n;
  }

  /** Output was read: room for blocked slave writers. */
  drained(): void {
    this.wake(this.slaveWritable);
  }

  endReleased(): void {
    this.wakeAll();
    if (this.masterRefs === 0 && this.slaveRefs === 0) this.onFree();
  }
}

/** Blocks on `q`, or fails EAGAIN naming `clause` when the end is O_NONBLOCK. */
function wouldBlock(ctx: SyscallContext, end: PtyEnd, q: WaitQueue, clause: string): HandlerResult {
  if ((end.statusFlags & O_NONBLOCK) !== 0) return fail('EAGAIN', clause);
  return ctx.kernel.block(ctx.thread, q);
}

abstract class PtyEnd implements KObject {
  abstract readonly kind: 'pty-master' | 'pty-slave';
  /** O_NONBLOCK of this end, shared by its duplicates (FD.FCNTL.SETFL). */
  statusFlags = 0;
  readonly pair: PtyPair;

  constructor(pair: PtyPair) {
    this.pair = pair;
  }
}

/** The terminal-server end: writes are keyboard input, reads are what the program printed. */
export class PtyMaster extends PtyEnd {
  readonly kind = 'pty-master' as const;

  retain(): void {
    this.pair.masterRefs++;
  }

  release(): void {
    this.pair.masterRefs--;
    if (this.pair.masterRefs === 0) this.pair.endReleased();
  }

  pollEvents(): number {
    const p = this.pair;
    return (p.output.length > 0 ? POLLIN : 0) | (p.slaveRefs > 0 ? POLLOUT : POLLHUP);
  }

  readInto(ctx: SyscallContext, _handle: Handle, addr: number, length: number): HandlerResult {
    const p = this.pair;
    if (p.output.length === 0) {
      if (p.slaveRefs === 0) return ok(0, 'TTY.PTY.HUP');
      return wouldBlock(ctx, this, p.masterReadable, 'TTY.PTY.READ.EMPTY');
    }
    const data = p.output.take(length);
    ctx.process.space.copyOut(addr, data);
    p.drained();
    return ok(data.length, 'TTY.PTY.MASTER.READ');
  }

  writeFrom(ctx: SyscallContext, _handle: Handle, bytes: Uint8Array): HandlerResult {
    if (this.pair.slaveRefs === 0) return fail('EPIPE', 'TTY.PTY.HUP');
    this.pair.input(ctx.kernel, bytes);
    return ok(bytes.length, 'TTY.PTY.MASTER.WRITE');
  }
}

/** The program's end: reads take line-disciplined input, writes go to the master. */
export class PtySlave extends PtyEnd {
  readonly kind = 'pty-slave' as const;

  retain(): void {
    this.pair.slaveRefs++;
  }

  release(): void {
    this.pair.slaveRefs--;
    if (this.pair.slaveRefs === 0) this.pair.endReleased();
  }

  pollEvents(): number {
    const p = this.pair;
    const readable = p.ldisc.readable() ? POLLIN : 0;
    if (p.masterRefs === 0) return readable | POLLHUP;
    return readable | (p.output.room > 0 ? POLLOUT : 0);
  }

  readInto(ctx: SyscallContext, _handle: Handle, addr: number, length: number): HandlerResult {
    const p = this.pair;
    if (!p.ldisc.readable()) {
      if (p.masterRefs === 0) return ok(0, 'TTY.PTY.HUP');
      return wouldBlock(ctx, this, p.slaveReadable, 'TTY.PTY.READ.EMPTY');
    }
    const data = p.ldisc.read(length);
    ctx.process.space.copyOut(addr, data);
    return ok(data.length, p.ldisc.canonical ? 'TTY.READ.CANON' : 'TTY.CANON');
  }

  writeFrom(ctx: SyscallContext, _handle: Handle, bytes: Uint8Array): HandlerResult {
    const p = this.pair;
    if (p.masterRefs === 0) return fail('EPIPE', 'TTY.PTY.HUP');
    const n = p.emit(bytes);
    if (n === 0) return wouldBlock(ctx, this, p.slaveWritable, 'TTY.PTY.WRITE.ROOM');
    return ok(n, n < bytes.length ? 'TTY.PTY.WRITE.ROOM' : 'TTY.PTY.ONLCR');
  }
}

const livePairs = new WeakMap<Kernel, number>();

/** A new pair, or null when PTY_MAX pairs exist (TTY.PTY.NOMEM). */
export function allocPty(kernel: Kernel): PtyPair | null {
  const n = livePairs.get(kernel) ?? 0;
  if (n >= PTY_MAX) return null;
  livePairs.set(kernel, n + 1);
  return new PtyPair(
    (q) => kernel.wake(q),
    () => livePairs.set(kernel, (livePairs.get(kernel) ?? 1) - 1),
  );
}

export function isPtyEnd(obj: KObject): obj is PtyMaster | PtySlave {
  return obj instanceof PtyMaster || obj instanceof PtySlave;
}
