import { errnoNumber, type ErrnoName } from '../../spec/index.js';

/** What a syscall handler returns: the x0 value and the clause that decided it. */
export interface Outcome {
  readonly ret: bigint;
  readonly clause: string | null;
}

/**
 * The calling thread must wait. The kernel rewinds its pc to the SVC, so the call runs again
 * from the start when the thread is woken: handlers check, then block, without side effects
 * before the block.
 */
export const BLOCK: unique symbol = Symbol('block');
/** The call does not return to the caller (exit, successful execve, sigreturn). */
export const NO_RETURN: unique symbol = Symbol('no return');

export type HandlerResult = Outcome | typeof BLOCK | typeof NO_RETURN;

export function ok(value: number | bigint, clause: string | null = null): Outcome {
  return { ret: BigInt(value), clause };
}

/** Fails with -errno, naming the clause that requires it. */
export function fail(errno: ErrnoName, clause: string): Outcome {
  return { ret: BigInt(-errnoNumber(errno)), clause };
}
