// The TAP lines of a case program's console output (conformance/program/tap.ts parseTap), which
// the runner reads from any target. Never throws.

import { parseTap } from '../../conformance/program/tap.js';
import { nothingThrown, type ByteTarget } from './target.js';
import { editedSeeds } from './mutate.js';

export function fuzz(buf: Buffer): void {
  parseTap(buf.toString('latin1'));
}

const enc = new TextEncoder();

function seeds(): Uint8Array[] {
  return [enc.encode('ok 1 - pipe ends\nnot ok 2 - read # got 0xfffffffffffffff7\n1..2\n'), enc.encode('hello\n1..0\n')];
}

export const documented = nothingThrown;

export const tapTarget: ByteTarget = {
  name: 'tap',
  parser: 'conformance/program/tap.ts parseTap (case program output)',
  documentedError: 'none',
  fuzz,
  documented,
  seeds,
  structured: () => editedSeeds(seeds(), 6),
};
