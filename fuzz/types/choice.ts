// Choices: what an argument type decided for one argument, as plain JSON (big values as decimal
// strings), so a sequence of calls can be written to a finding file and rebuilt bit for bit.
// A choice says *how* to pick (the third live handle holding the rights, a string placed across a
// page end, the maximum length plus one); the environment turns it into register bits.

import type { Where } from './env.js';

export type FdChoice =
  /** A live handle of an accepted kind (and end) holding the rights the type asks for. */
  | { readonly k: 'ok'; readonly pick: number }
  /** A live handle of an accepted kind lacking one of those rights. */
  | { readonly k: 'no-right'; readonly pick: number }
  /** A live handle of a kind (or endpoint end) the type does not accept. */
  | { readonly k: 'wrong-kind'; readonly pick: number }
  | { readonly k: 'any'; readonly pick: number }
  | { readonly k: 'closed'; readonly pick: number }
  /** A number whose handle moved away (an IPC transfer). */
  | { readonly k: 'stale'; readonly pick: number }
  /** A number in range that was never open. */
  | { readonly k: 'unused'; readonly n: number }
  /** Negative, FD_MAX and above, 32-bit edges. */
  | { readonly k: 'range'; readonly v: string }
  /** A live handle's number with junk in the upper 32 bits (ABI.ARGS.WIDTH). */
  | { readonly k: 'high'; readonly pick: number }
  /** -1: "no handle" where the type allows it. */
  | { readonly k: 'none' };

export interface PtrChoice {
  readonly w: Where;
  readonly pick: number;
  /** page-end: bytes below the boundary (taken modulo the size + 1). */
  readonly cut: number;
  /** wild: the raw value. */
  readonly v?: string;
}

export type StrChoice =
  /** An entry of the environment's pool for the role. */
  | { readonly k: 'pool'; readonly i: number }
  /** A string of a length at an edge of the type (index into its edge list), of one repeated character. */
  | { readonly k: 'len'; readonly e: number; readonly c: number }
  | { readonly k: 'bytes'; readonly b: readonly number[] };

export type ScalarChoice =
  /** An edge of the type (index into its edge list). */
  | { readonly k: 'edge'; readonly e: number }
  | { readonly k: 'small'; readonly n: number }
  | { readonly k: 'raw'; readonly v: string };

export type FlagsChoice =
  /** OR of the group members whose index bit is set in `mask`. */
  | { readonly k: 'set'; readonly mask: number }
  /** The same plus the `bit`-th bit outside the group. */
  | { readonly k: 'unknown'; readonly mask: number; readonly bit: number }
  /** The same with junk above bit 31. */
  | { readonly k: 'high'; readonly mask: number }
  | { readonly k: 'raw'; readonly v: string };

export type EnumChoice =
  | { readonly k: 'member'; readonly i: number; readonly mod: number }
  | { readonly k: 'bad'; readonly e: number }
  /** A member with junk above bit 31. */
  | { readonly k: 'high'; readonly i: number };

export type PidChoice =
  | { readonly k: 'self' }
  | { readonly k: 'child'; readonly pick: number }
  | { readonly k: 'edge'; readonly e: number };

/** The content of a record: semantic fields by their own types, other fields as small values. */
export interface RecordChoice {
  readonly fields: Readonly<Record<string, ArgChoice>>;
  readonly plain: Readonly<Record<string, number>>;
}

export type ArgChoice =
  | { readonly t: 'fd'; readonly c: FdChoice }
  | { readonly t: 'struct'; readonly p: PtrChoice; readonly rec: RecordChoice | null }
  | { readonly t: 'buffer'; readonly p: PtrChoice; readonly head: string; readonly fill: number }
  | { readonly t: 'array'; readonly p: PtrChoice; readonly elems: readonly RecordChoice[] }
  | { readonly t: 'string'; readonly p: PtrChoice; readonly s: StrChoice }
  | { readonly t: 'string-vector'; readonly p: PtrChoice; readonly items: readonly StrChoice[]; readonly extra: 'none' | 'badptr' | 'many' | 'big' }
  | { readonly t: 'length'; readonly c: ScalarChoice }
  | { readonly t: 'flags'; readonly c: FlagsChoice }
  | { readonly t: 'enum'; readonly c: EnumChoice }
  | { readonly t: 'pid'; readonly c: PidChoice }
  | { readonly t: 'signal'; readonly c: ScalarChoice }
  | { readonly t: 'int'; readonly c: ScalarChoice }
  | { readonly t: 'addr'; readonly p: PtrChoice; readonly off: number }
  | { readonly t: 'timeout'; readonly c: ScalarChoice };

/** One call of a sequence: a row by name and its argument choices, or a number no row has. */
export type CallChoice =
  | { readonly row: string; readonly args: readonly ArgChoice[] }
  | { readonly nr: number; readonly regs: readonly string[] };
