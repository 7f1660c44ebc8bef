import type { KObject } from './handles.js';

/** The console tty: output is collected for the run's result; input is a fixed byte queue. */
export class Console implements KObject {
  readonly kind = 'tty' as const;
  private readonly out: Uint8Array[] = [];
  private input: Uint8Array;
  /** Called with every chunk the guest writes (e.g. to pass output through to stdout). */
  onOutput: ((bytes: Uint8Array) => void) | null = null;

  constructor(input: Uint8Array = new Uint8Array(0)) {
    this.input = input;
  }

  write(bytes: Uint8Array): void {
    this.out.push(bytes);
    this.onOutput?.(bytes);
  }

  /** Takes up to `max` bytes of pending input. */
  read(max: number): Uint8Array {
    const n = Math.min(max, this.input.length);
    const chunk = this.input.slice(0, n);
    this.input = this.input.subarray(n);
    return chunk;
  }

  get output(): Uint8Array {
    return Buffer.concat(this.out);
  }
}
