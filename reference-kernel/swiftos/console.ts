import { constValue } from '../../spec/index.js';
import type { Handle, KObject } from './handles.js';
import type { SyscallContext } from './handlers/context.js';
import { fail, ok, type HandlerResult } from './result.js';
import { DEFAULT_LFLAG, LineDiscipline } from './tty/line-discipline.js';

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const SIGINT = constValue('SIGNALS', 'SIGINT');
/** The console's unfinished-line and readable-input limits (swift-os tty.swift; TTY.LINE.LIMITS). */
export const CONSOLE_EDIT_CAP = 256;
export const CONSOLE_INPUT_CAP = 1024;

/** The console tty: output is collected for the run's result; input is a fixed byte queue. */
export class Console implements KObject {
  readonly kind = 'tty' as const;
  private readonly out: Uint8Array[] = [];
  private input: Uint8Array;
  /** Called with every chunk the guest writes (e.g. to pass output through to stdout). */
  onOutput: ((bytes: Uint8Array) => void) | null = null;
  /** The console's attributes and line discipline (TTY.ATTR.PERTERMINAL, TTY.CONSOLE.DEFAULTS). */
  readonly termios = new LineDiscipline(DEFAULT_LFLAG, CONSOLE_EDIT_CAP, CONSOLE_INPUT_CAP);

  constructor(input: Uint8Array = new Uint8Array(0)) {
    this.input = input;
  }

  write(bytes: Uint8Array): void {
    this.out.push(bytes);
    this.onOutput?.(bytes);
  }

  /** Takes up to `max` bytes of pending input as they are, bypassing the line discipline. */
  read(max: number): Uint8Array {
    const n = Math.min(max, this.input.length);
    const chunk = this.input.slice(0, n);
    this.input = this.input.subarray(n);
    return chunk;
  }

  /**
   * read(2) on the console (TTY.CONSOLE.INPUT): the boot input is typed on demand, one byte at a
   * time through the line discipline, until the read can return: a line in canonical mode, or
   * `length` bytes otherwise. Echo goes to the console output (TTY.ECHO); the interrupt
   * character raises SIGINT at the reader (TTY.CONSOLE.ISIG). At the end of the input an
   * unfinished line is returned as it is, then reads return 0.
   */
  readInto(ctx: SyscallContext, _handle: Handle, addr: number, length: number): HandlerResult {
    const t = this.termios;
    while (this.input.length > 0 && (t.canonical ? !t.readable() : t.cooked.length < length && t.cooked.room > 0)) {
      const byte = this.input[0]!;
      this.input = this.input.subarray(1);
      const effect = t.input(byte, true);
      if (effect.echo.length > 0) this.write(Uint8Array.from(effect.echo));
      if (effect.interrupt) {
        ctx.kernel.signal(ctx.process, SIGINT);
        if (ctx.process.signals.isPending(SIGINT)) {
          if (!t.readable()) return fail('EINTR', 'TTY.CONSOLE.ISIG');
          break;
        }
      }
    }
    if (this.input.length === 0 && !t.readable()) t.endOfInput();
    if (!t.readable()) return ok(0, 'TTY.CONSOLE.INPUT');
    const data = t.read(length);
    ctx.process.space.copyOut(addr, data);
    return ok(data.length, t.canonical ? 'TTY.READ.CANON' : 'TTY.CANON');
  }

  /**
   * FD.POLL.TTY: a console read never blocks (it returns what is left of the input, 0 at its
   * end) and output is never queued, so the console is always ready both ways.
   */
  pollEvents(): number {
    return POLLIN | POLLOUT;
  }

  get output(): Uint8Array {
    return Buffer.concat(this.out);
  }
}
