import { constValue } from '../../../spec/index.js';
import { futexTable } from '../futex.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { Handler, SyscallContext } from './context.js';

const FUTEX_WAIT = constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAIT');
const FUTEX_PRIVATE_FLAG = constValue('FUTEX_MODIFIERS', 'FUTEX_PRIVATE_FLAG');
/** Bytes below stack_top that must be writable (THR.CREATE.STACK). */
const STACK_PROBE = 16;

/** A guest address as a number; addresses of 2^53 and above are never mapped. */
function address(v: bigint): number {
  return v < 2n ** 53n ? Number(v) : Number.POSITIVE_INFINITY;
}

/**
 * thread_create(entry, arg, stack_top): a new thread of the caller's process, sharing its memory,
 * handles, directory and identity (THR.CREATE.SHARE, THR.HANDLES.SHARED), starting at entry with
 * x0 = arg and SP = stack_top (THR.CREATE.REGS). Its kernel stack is one physical frame, freed
 * when the thread ends (THR.CREATE.NOMEM). Returns the thread id (THR.CREATE.ID).
 */
export function sysThreadCreate(ctx: SyscallContext): HandlerResult {
  const { kernel, process } = ctx;
  const entry = address(ctx.args.big('entry'));
  const arg = ctx.args.big('arg');
  const stackTop = ctx.args.big('stack_top');
  if (!process.space.accessible(entry, 4, 'exec')) return fail('EFAULT', 'THR.CREATE.ENTRY');
  const top = address(stackTop);
  if (top < STACK_PROBE || !process.space.accessible(top - STACK_PROBE, STACK_PROBE, 'write')) return fail('EFAULT', 'THR.CREATE.STACK');
  const kernelStack = kernel.phys.alloc();
  if (kernelStack < 0) return fail('ENOMEM', 'THR.CREATE.NOMEM');
  const regs = kernel.zeroContext();
  const x = new BigUint64Array(regs.x.buffer, regs.x.byteOffset, 32);
  x[0] = arg;
  x[31] = stackTop;
  regs.pc = entry;
  const t = kernel.startThread(process, regs);
  if (t === 'EAGAIN') {
    kernel.phys.release(kernelStack);
    return fail('EAGAIN', 'PROC.TABLE.FULL');
  }
  t.kernelStack = kernelStack;
  return ok(t.tid, 'THR.CREATE.ID');
}

/**
 * futex(uaddr, op, val), keyed by (process, uaddr) (THR.FUTEX.KEY); FUTEX_PRIVATE_FLAG is
 * accepted and ignored, other op values were refused by the argument type (THR.FUTEX.PRIVATE).
 * WAIT compares and enqueues in one step, as no other thread runs during a syscall.
 */
export function sysFutex(ctx: SyscallContext): HandlerResult {
  const { kernel, thread, process } = ctx;
  const addr = address(ctx.args.big('uaddr'));
  const op = ctx.args.num('op') & ~FUTEX_PRIVATE_FLAG;
  const val = ctx.args.big('val');
  const table = futexTable(process);
  // A waiter woken by FUTEX_WAKE re-runs its WAIT from the start (BLOCK): it returns 0 now.
  if (op === FUTEX_WAIT && table.takeWake(thread)) return ok(0, 'THR.FUTEX.WAIT');
  const word = process.space.copyIn(addr, 4);
  if (word === null) return fail('EFAULT', 'THR.FUTEX.FAULT');
  if (op === FUTEX_WAIT) {
    const current = new DataView(word.buffer).getUint32(0, true);
    if (BigInt(current) !== val) return ok(0, 'THR.FUTEX.MISMATCH');
    return table.wait(kernel, thread, addr);
  }
  return ok(table.wake(kernel, addr, Number(val)), 'THR.FUTEX.WAKE');
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const THREADS_HANDLERS: Readonly<Record<string, Handler>> = {
  thread_create: sysThreadCreate,
  futex: sysFutex,
};
