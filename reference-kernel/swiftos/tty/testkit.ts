// Shared by the system and terminal tests: calls with register arguments, printing guest
// memory to the console, and decoding records from the console output.
import { decodeLayout, layout, type FieldValue } from '../../../spec/index.js';
import { call, type Prog, type Run } from '../testkit.js';

export { call, type Arg } from '../testkit.js';

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
