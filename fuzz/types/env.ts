// What an argument type needs from the world to turn a choice into register bits: the handles the
// caller holds (and held), where input bytes can be placed, and where output ranges and addresses
// can point. The model sequence fuzzer implements it over its model; anything else (a raw replay,
// a test) can implement it over a plain table.

import type { HandleKind, StringArg } from '../../spec/index.js';

/**
 * A register value: an immediate, or the result of an earlier call of the same program plus an
 * offset (the base of a mapping the kernel placed, known only when the program runs).
 */
export type Value =
  | { readonly kind: 'imm'; readonly v: bigint }
  | { readonly kind: 'slot'; readonly slot: number; readonly add: bigint };

export const imm = (v: bigint | number): Value => ({ kind: 'imm', v: BigInt.asUintN(64, BigInt(v)) });

/** Places that hold bytes known when the program is built. */
export type StaticWhere = 'data' | 'rodata' | 'null' | 'unmapped' | 'page-end' | 'unaligned' | 'kernel' | 'wild';
/** Every place a pointer can aim: static ones, a mapping made during the run, a MAP_FIXED slot, the spare image page. */
export type Where = StaticWhere | 'mapping' | 'fixed' | 'spare';

export const STATIC_WHERES: readonly StaticWhere[] = ['data', 'rodata', 'null', 'unmapped', 'page-end', 'unaligned', 'kernel', 'wild'];
export const WHERES: readonly Where[] = [...STATIC_WHERES, 'mapping', 'fixed', 'spare'];

export function isStatic(w: Where): w is StaticWhere {
  return (STATIC_WHERES as readonly string[]).includes(w);
}

/** One handle of the calling process as an argument type sees it. */
export interface FdView {
  readonly fd: number;
  readonly kind: HandleKind;
  readonly rights: number;
  /** Endpoint ends: which end. */
  readonly end?: 'send' | 'recv';
}

export interface ResolveEnv {
  /** Open handles of the caller, ascending. */
  fds(): readonly FdView[];
  /** Numbers that were open and were closed (or replaced by dup2). */
  closedFds(): readonly number[];
  /** Numbers whose handle left the caller another way (moved through an endpoint). */
  movedFds(): readonly number[];
  selfPid(): number;
  /** Pids of the caller's children, live or reaped, most recent last. */
  childPids(): readonly number[];
  /** Strings worth passing for a string argument of this role (paths the world holds, names...). */
  stringPool(t: StringArg): readonly string[];
  /**
   * Places input bytes and returns their address. `page-end` puts the first `cut` bytes just below
   * an inaccessible page (the rest is not placed); `unaligned` puts them at an odd address.
   */
  placeIn(where: StaticWhere, bytes: Uint8Array, pick: number, cut: number): bigint;
  /** An output range of `size` bytes (`page-end`: `cut` of them below an inaccessible page). */
  placeOut(where: Where, size: number, pick: number, cut: number): Value;
  /** An address argument (a mapping's base or a page in it, a hint...): `off` bytes past the chosen place. */
  address(where: Where, pick: number, off: number): Value;
}
