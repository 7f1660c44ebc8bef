import { constValue } from '../../../spec/index.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { SyscallContext } from './context.js';

const WNOHANG = constValue('WAIT_OPTIONS', 'WNOHANG');

export function sysFork(ctx: SyscallContext): HandlerResult {
  const child = ctx.kernel.fork(ctx.process);
  if (child === 'EAGAIN') return fail('EAGAIN', 'PROC.TABLE.FULL');
  if (child === 'ENOMEM') return fail('ENOMEM', 'PROC.FORK.NOMEM');
  return ok(child.pid, 'PROC.FORK.RETURN');
}

export function sysWaitpid(ctx: SyscallContext): HandlerResult {
  const { value: pid, form } = ctx.args.pid('pid');
  const status = ctx.args.struct('status');
  const options = ctx.args.num('options');
  const candidates = [...ctx.process.children].filter((c) => form !== 'positive' || c.pid === pid);
  if (candidates.length === 0) return fail('ECHILD', 'PROC.WAIT.NONCHILD');
  const zombie = candidates.find((c) => c.state === 'zombie');
  if (zombie) {
    if (status.addr !== 0) {
      const word = new Uint8Array(new Int32Array([zombie.waitStatus]).buffer);
      if (!ctx.process.space.copyOut(status.addr, word)) return fail('EFAULT', 'ABI.FAULT');
    }
    ctx.kernel.reap(zombie);
    return ok(zombie.pid, 'PROC.WAIT.REAP');
  }
  if (options & WNOHANG) return ok(0, 'PROC.WAIT.WNOHANG');
  return ctx.kernel.block(ctx.thread, ctx.process.childExit);
}

export function sysTime(ctx: SyscallContext): HandlerResult {
  return ok(ctx.kernel.epochSeconds(), 'TIME.NOW');
}

export function sysNanosleep(ctx: SyscallContext): HandlerResult {
  const ns = ctx.args.big('seconds') * 1_000_000_000n + ctx.args.big('nanoseconds');
  if (ns === 0n) return ok(0, 'TIME.SLEEP.ZERO');
  if (ctx.kernel.timedOut(ctx.thread)) return ok(0, 'TIME.SLEEP.MIN');
  const capped = ns > 2n ** 52n ? 2 ** 52 : Number(ns);
  return ctx.kernel.block(ctx.thread, null, capped);
}
