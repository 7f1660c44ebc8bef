// The generator's own model of a page: whether it is mapped, its protection, what it holds; and
// what each access must do to it (MM.FAULT.SIGSEGV, SIG.FAULTS).

import { PAGE, PROT_EXEC, PROT_READ, PROT_WRITE, SIGILL, SIGSEGV } from './consts.js';
import { END_MARKER, firstDword, returnK } from './emit.js';
import type { Access, Expect } from './probe.js';

/** The first 8 bytes, the last byte, and what calling the page's start returns (null: its first word is 0, an undefined instruction). */
export interface Content {
  readonly dword: bigint;
  readonly end: number;
  readonly returns: bigint | null;
}

export interface PageState {
  readonly mapped: boolean;
  readonly prot: number;
  readonly content: Content;
}

export const ZERO: Content = { dword: 0n, end: 0, returns: null };

/** A page prepared with `preparePage(returnK(k))`. */
export function codeContent(k: number): Content {
  return { dword: firstDword(returnK(k)), end: END_MARKER, returns: BigInt(k) };
}

/** A page whose bytes are `bytes` (a file page), starting with a returnK function that returns `k`. */
export function bytesContent(bytes: Uint8Array, k: number): Content {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { dword: v.getBigUint64(0, true), end: bytes[PAGE - 1]!, returns: BigInt(k) };
}

export const mapped = (prot: number, content: Content): PageState => ({ mapped: true, prot, content });
export const UNMAPPED: PageState = { mapped: false, prot: 0, content: ZERO };

/**
 * Reads of a page with PROT_WRITE or PROT_EXEC but not PROT_READ: they succeed, as any access
 * implies read at EL0 (MM.PROT.READIMPLIED). The matrix lists that clause for these accesses.
 */
export function impliedRead(state: PageState, access: Access): boolean {
  const read = access === 'read' || access === 'read-end';
  return read && state.mapped && state.prot !== 0 && (state.prot & PROT_READ) === 0;
}

const SEGV: Expect = { kind: 'fault', signal: SIGSEGV };

/** What `access` does to a page in `state`. */
export function outcome(state: PageState, access: Access): Expect {
  if (!state.mapped) return SEGV;
  const { prot, content } = state;
  // Every protection but PROT_NONE allows reads (MM.PROT.READIMPLIED).
  const readable = prot !== 0;
  switch (access) {
    case 'read':
      return readable ? { kind: 'ok', value: content.dword, readBack: false } : SEGV;
    case 'read-end':
      return readable ? { kind: 'ok', value: BigInt(content.end), readBack: false } : SEGV;
    case 'write':
    case 'write-end':
      return (prot & PROT_WRITE) !== 0 ? { kind: 'ok', value: 0n, readBack: readable } : SEGV;
    case 'exec':
      if ((prot & PROT_EXEC) === 0) return SEGV;
      return content.returns === null ? { kind: 'fault', signal: SIGILL } : { kind: 'ok', value: content.returns, readBack: false };
  }
}

/** What the parent's copy must still hold after a child's successful write, or undefined when the parent cannot read it. */
export function parentKeeps(state: PageState, access: Access): bigint | undefined {
  if (!state.mapped || state.prot === 0) return undefined;
  if (access === 'write') return state.content.dword;
  if (access === 'write-end') return BigInt(state.content.end);
  return undefined;
}
