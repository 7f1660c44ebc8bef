// Shared by the system and terminal tests: calls with register arguments, printing guest
// memory to the console, and decoding records from the console output.
import { decodeLayout, layout, syscall, type FieldValue } from '../../../spec/index.js';
import type { Prog, Run } from '../testkit.js';

/** An immediate, or `{ r: n }` for the value in register xn (n >= 6, or a register not yet overwritten). */
export type Arg = number | bigint | { readonly r: number };

/** x0..x5 = args, x8 = the call's number, svc. */
export function call(p: Prog, name: string, ...args: Arg[]): Prog {
  args.forEach((v, i) => {
    if (typeof v === 'object') p.mov(i, v.r);
    else p.a.movImm(i, v);
  });
  p.a.movImm(8, syscall(name).nr).svc();
  return p;
}

/** write(1, addr, length): puts guest memory on the console output for the test to decode. */
export function print(p: Prog, addr: number, length: number): Prog {
  return call(p, 'write', 1, addr, length);
}

/** The record of layout `name` at `offset` of the console output. */
export function record(r: Run, name: string, offset = 0): Record<string, FieldValue> {
  return decodeLayout(layout(name), r.result.console, offset);
}

/** Text of a char[] field up to its first NUL. */
export function text(v: FieldValue | undefined): string {
  if (!(v instanceof Uint8Array)) throw new Error('not a text field');
  const end = v.indexOf(0);
  return new TextDecoder().decode(end < 0 ? v : v.subarray(0, end));
}

export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
export const str = (b: Uint8Array): string => new TextDecoder().decode(b);
