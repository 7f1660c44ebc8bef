import type { SyscallRow } from '../../../spec/index.js';
import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';
import type { HandlerResult } from '../result.js';
import type { Thread } from '../thread.js';

/** What a handler sees: the kernel, the caller, the raw argument registers and the spec row. */
export interface SyscallContext {
  readonly kernel: Kernel;
  readonly thread: Thread;
  readonly process: Process;
  /** x0..x5 as unsigned 64-bit values. */
  readonly args: readonly bigint[];
  readonly row: SyscallRow;
}

export type Handler = (ctx: SyscallContext) => HandlerResult;

/** Argument `i` as a signed 32-bit int (how the ABI passes int arguments). */
export function int32(ctx: SyscallContext, i: number): number {
  return Number(BigInt.asIntN(32, ctx.args[i]!));
}

/** Argument `i` as an address: a number when below 2^53, else Infinity (never accessible). */
export function address(ctx: SyscallContext, i: number): number {
  const v = ctx.args[i]!;
  return v < 2n ** 53n ? Number(v) : Infinity;
}
