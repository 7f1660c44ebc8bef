import type { SyscallRow } from '../../../spec/index.js';
import type { Args } from '../args.js';
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
  readonly raw: readonly bigint[];
  /** The arguments, validated against the row's types (clause ABI.CHECK.ORDER). */
  readonly args: Args;
  readonly row: SyscallRow;
}

export type Handler = (ctx: SyscallContext) => HandlerResult;
