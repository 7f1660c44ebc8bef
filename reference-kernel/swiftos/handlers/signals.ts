import { CAP_BITS, constValue } from '../../../spec/index.js';
import type { Process } from '../process.js';
import { fail, NO_RETURN, ok, type HandlerResult } from '../result.js';
import { deliverPending, FRAME, NZCV_MASK } from '../signals/deliver.js';
import { SIG_IGN } from '../signals/state.js';
import type { Handler, SyscallContext } from './context.js';

const FRAME_SIZE = constValue('SIGFRAME_CONSTS', 'SIGFRAME_SIZE');
const FRAME_MAGIC = constValue('SIGFRAME_CONSTS', 'SIGFRAME_MAGIC');
const SIGSEGV = constValue('SIGNALS', 'SIGSEGV');

/**
 * sigaction(sig, handler, restorer): records SIG_DFL, SIG_IGN or a handler with its restorer
 * for the whole process (SIG.ACTION.RECORD, SIG.ACTION.PERPROCESS). The signal number was
 * checked by its argument type (SIG.NUMBERS, SIG.UNCATCHABLE).
 */
export function sysSigaction(ctx: SyscallContext): HandlerResult {
  const sig = ctx.args.num('sig');
  const handler = ctx.args.big('handler');
  const restorer = ctx.args.big('restorer');
  if (handler > SIG_IGN && restorer === 0n) return fail('EINVAL', 'SIG.ACTION.NORESTORER');
  const signals = ctx.process.signals;
  signals.actions[sig] = { handler, restorer };
  if (handler === SIG_IGN && signals.isPending(sig)) {
    signals.clear(sig);
    return ok(0, 'SIG.IGN.DISCARD');
  }
  return ok(0, 'SIG.ACTION.RECORD');
}

/** Whether `sender` may signal `target` (SIG.KILL.PERM). */
function maySignal(sender: Process, target: Process): boolean {
  return sender.identity.principal === target.identity.principal || (sender.identity.caps & CAP_BITS.capConsole) !== 0;
}

/**
 * kill(pid, sig): pid > 0 names one process (SIG.KILL.NOGROUPS is the argument type's check);
 * thread ids are not pids (THR.CREATE.ID). A signal to the caller's own process is acted on
 * as kill returns (SIG.KILL.SELF, SIG.DELIVER.WHEN); one to another process when a thread of
 * it next returns to EL0.
 */
export function sysKill(ctx: SyscallContext): HandlerResult {
  const pid = ctx.args.pid('pid').value;
  const sig = ctx.args.num('sig');
  const target = ctx.kernel.processes.get(pid);
  if (target === undefined) return fail('ESRCH', 'SIG.KILL.NOSUCH');
  if (!maySignal(ctx.process, target)) return fail('EPERM', 'SIG.KILL.PERM');
  if (sig === 0) return ok(0, 'SIG.KILL.PROBE');
  if (target.state !== 'live') return ok(0, 'SIG.KILL.NOSUCH');
  ctx.kernel.signal(target, sig);
  return ok(0, target === ctx.process ? 'SIG.KILL.SELF' : 'SIG.KILL.RETURN');
}

/**
 * sigreturn(): restores the context saved in the frame at SP (SIG.RETURN.RESTORE), x0 included,
 * and goes on at the saved PC; a frame that cannot be read or lacks the magic ends the process
 * with SIGSEGV (SIG.RETURN.BADFRAME). Signals still pending are acted on as it returns to EL0.
 */
export function sysSigreturn(ctx: SyscallContext): HandlerResult {
  const { kernel, thread, process } = ctx;
  const cpu = kernel.cpu;
  const sp = cpu.getX(31);
  const frame = sp < 2n ** 53n ? process.space.copyIn(Number(sp), FRAME_SIZE) : null;
  const view = frame ? new DataView(frame.buffer) : null;
  if (frame === null || view === null || view.getUint32(FRAME.magic, true) !== FRAME_MAGIC) {
    kernel.killProcess(process, SIGSEGV, `sigreturn: no valid signal frame at 0x${sp.toString(16)} (SIG.RETURN.BADFRAME)`);
    return NO_RETURN;
  }
  for (let i = 0; i <= 30; i++) cpu.setX(i, view.getBigUint64(FRAME.x + 8 * i, true));
  cpu.setX(31, view.getBigUint64(FRAME.sp, true));
  cpu.pc = Number(view.getBigUint64(FRAME.pc, true));
  cpu.nzcv = Number(view.getBigUint64(FRAME.pstate, true) & BigInt(NZCV_MASK));
  cpu.fpsr = view.getUint32(FRAME.fpsr, true);
  cpu.fpcr = view.getUint32(FRAME.fpcr, true);
  cpu.vb.set(frame.subarray(FRAME.v, FRAME_SIZE));
  cpu.exAddr = -1;
  deliverPending(kernel, thread);
  return NO_RETURN;
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const SIGNALS_HANDLERS: Readonly<Record<string, Handler>> = {
  sigaction: sysSigaction,
  kill: sysKill,
  sigreturn: sysSigreturn,
};
