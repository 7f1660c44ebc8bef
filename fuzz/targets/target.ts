// A byte-fuzzing target: one parser of the kernel or the tools, fed raw bytes. `fuzz` must throw
// nothing but its documented error type; `documented` says whether a thrown value is one. The same
// targets run under jsfuzz (coverage-guided, fuzz/jsfuzz/) and under fast-check (fuzz/targets/bytes.ts).

import type fc from 'fast-check';

export interface ByteTarget {
  readonly name: string;
  /** What it parses, and where that parser lives. */
  readonly parser: string;
  /** The error type the parser documents, in words (or "none: it returns failures as values"). */
  readonly documentedError: string;
  fuzz(buf: Buffer): void;
  documented(err: unknown): boolean;
  /** Valid inputs to start from (jsfuzz's seed corpus; fast-check mutates them). */
  seeds(): readonly Uint8Array[];
  /** Structure-aware inputs (valid inputs with edits), for the fast-check runs. */
  structured?(): fc.Arbitrary<Uint8Array>;
}

/** Nothing may be thrown: the parser reports failures as values. */
export const nothingThrown = (): boolean => false;
