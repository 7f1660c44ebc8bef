// The terminal line discipline shared by the console and pseudo-terminals (TTY.*): termios
// local flags, the canonical line editor, echo and the interrupt character.
import { constValue } from '../../../spec/index.js';

export const ICANON = constValue('TERMIOS_LFLAGS', 'ICANON');
export const ECHO = constValue('TERMIOS_LFLAGS', 'ECHO');
export const ISIG = constValue('TERMIOS_LFLAGS', 'ISIG');
/** c_lflag of a new terminal (TTY.CONSOLE.DEFAULTS, TTY.PTY.DEFAULTS). */
export const DEFAULT_LFLAG = ICANON | ECHO | ISIG;

export const CTRL_C = 0x03;
export const BS = 0x08;
export const LF = 0x0a;
export const CR = 0x0d;
export const DEL = 0x7f;
const SPACE = 0x20;
const INTERRUPT_ECHO = [0x5e, 0x43, CR, LF]; // "^C\r\n"

/** A bounded FIFO of bytes; pushes beyond the capacity are dropped. */
export class ByteQueue {
  private bytes: number[] = [];
  private head = 0;
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get length(): number {
    return this.bytes.length - this.head;
  }

  get room(): number {
    return this.capacity - this.length;
  }

  /** Appends `b`; false (and nothing stored) when the queue is full. */
  push(b: number): boolean {
    if (this.length >= this.capacity) return false;
    this.bytes.push(b);
    return true;
  }

  /** Removes up to `max` bytes; with `stopAfter`, also stops after the first byte equal to it. */
  take(max: number, stopAfter?: number): Uint8Array {
    const out: number[] = [];
    while (out.length < max && this.length > 0) {
      const b = this.bytes[this.head++]!;
      out.push(b);
      if (b === stopAfter) break;
    }
    if (this.head > 4096 && this.head * 2 > this.bytes.length) {
      this.bytes = this.bytes.slice(this.head);
      this.head = 0;
    }
    return Uint8Array.from(out);
  }

  clear(): void {
    this.bytes = [];
    this.head = 0;
  }
}

/** What one input byte did: bytes to echo to the terminal output, and whether it was the interrupt. */
export interface InputEffect {
  readonly echo: readonly number[];
  readonly interrupt: boolean;
}

/**
 * Input processing of one terminal. In canonical mode bytes collect in an edit line (at most
 * `editCap`; DEL and BS erase, CR or LF commits the line with LF) and only committed lines are
 * readable; otherwise every byte is readable at once. Readable input holds at most `cookedCap`
 * bytes; more is dropped (TTY.LINE.LIMITS).
 */
export class LineDiscipline {
  /** c_lflag: all 32 bits are stored; ICANON, ECHO and ISIG are interpreted (TTY.ATTR.SET). */
  lflag: number;
  readonly cooked: ByteQueue;
  private readonly edit: number[] = [];
  private readonly editCap: number;

  constructor(lflag: number, editCap: number, cookedCap: number) {
    this.lflag = lflag >>> 0;
    this.editCap = editCap;
    this.cooked = new ByteQueue(cookedCap);
  }

  get canonical(): boolean {
    return (this.lflag & ICANON) !== 0;
  }

  private get echoes(): boolean {
    return (this.lflag & ECHO) !== 0;
  }

  /**
   * Feeds one input byte. `interruptible`: whether the interrupt character can raise a signal
   * now (ISIG set is checked here; the terminal says whether there is a process to signal).
   */
  input(byte: number, interruptible: boolean): InputEffect {
    if ((this.lflag & ISIG) !== 0 && byte === CTRL_C && interruptible) {
      this.edit.length = 0;
      return { echo: this.echoes ? INTERRUPT_ECHO : [], interrupt: true };
    }
    if (!this.canonical) {
      this.cooked.push(byte);
      return { echo: this.echoes ? [byte] : [], interrupt: false };
    }
    if (byte === DEL || byte === BS) {
      if (this.edit.length === 0) return { echo: [], interrupt: false };
      this.edit.pop();
      return { echo: this.echoes ? [BS, SPACE, BS] : [], interrupt: false };
    }
    if (byte === CR || byte === LF) {
      for (const b of this.edit) this.cooked.push(b);
      this.cooked.push(LF);
      this.edit.length = 0;
      return { echo: this.echoes ? [CR, LF] : [], interrupt: false };
    }
    if (this.edit.length >= this.editCap) return { echo: [], interrupt: false };
    this.edit.push(byte);
    return { echo: this.echoes ? [byte] : [], interrupt: false };
  }

  /** Whether a read can return now (in canonical mode only committed lines are readable). */
  readable(): boolean {
    return this.cooked.length > 0;
  }

  /** Takes up to `max` readable bytes; in canonical mode at most one line (TTY.READ.CANON). */
  read(max: number): Uint8Array {
    return this.canonical ? this.cooked.take(max, LF) : this.cooked.take(max);
  }

  /** TCSAFLUSH: drops readable input and the unfinished line. */
  flush(): void {
    this.cooked.clear();
    this.edit.length = 0;
  }

  /** End of input (console): an unfinished line becomes readable without a newline. */
  endOfInput(): void {
    for (const b of this.edit) this.cooked.push(b);
    this.edit.length = 0;
  }
}
