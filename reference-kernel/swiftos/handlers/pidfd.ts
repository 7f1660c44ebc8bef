import { CAP_BITS, constValue, DEFAULT_HANDLE_RIGHTS, encodeLayout, layout, rightsMask } from '../../../spec/index.js';
import { PidFd } from '../objects/pidfd.js';
import type { Process } from '../process.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { Handler, SyscallContext } from './context.js';
import { procstatValues } from './system.js';

const PIDFD_CLOEXEC = constValue('PIDFD_OPEN_FLAGS', 'PIDFD_CLOEXEC');
const PIDFD_NONBLOCK = constValue('PIDFD_OPEN_FLAGS', 'PIDFD_NONBLOCK');
const PIDFD_RIGHTS = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'pidfd')!.rights);
const PROCSTAT = layout('procstat');

function sysPidfdOpen(ctx: SyscallContext): HandlerResult {
  const pid = ctx.args.pid('pid').value;
  const flags = ctx.args.num('flags');
  // Threads are not in the process table (PIDFD.THREAD); reaped processes have left it.
  const target = ctx.kernel.processes.get(pid);
  if (target === undefined) return fail('ESRCH', 'PIDFD.OPEN.NOSUCH');
  const table = ctx.kernel.handles(ctx.process);
  if (!table.hasFree()) return fail('EMFILE', 'FD.TABLE.FULL');
  const fd = table.install({
    object: new PidFd(target, flags & PIDFD_NONBLOCK),
    rights: PIDFD_RIGHTS,
    cloexec: (flags & PIDFD_CLOEXEC) !== 0,
  });
  return ok(fd, 'PIDFD.OPEN');
}

/** SIG.KILL.PERM: same effective principal, or the sender holds capConsole. */
function maySignal(sender: Process, target: Process): boolean {
  return sender.identity.principal === target.identity.principal || (sender.identity.caps & CAP_BITS.capConsole) !== 0;
}

function sysPidfdSendSignal(ctx: SyscallContext): HandlerResult {
  const pidfd = ctx.args.fd('fd').handle!.object as PidFd;
  const sig = ctx.args.num('sig');
  if (pidfd.ended) return fail('ESRCH', 'PIDFD.SIGNAL.EXITED');
  if (!maySignal(ctx.process, pidfd.process)) return fail('EPERM', 'SIG.KILL.PERM');
  if (sig === 0) return ok(0, 'SIG.KILL.PROBE');
  ctx.kernel.signal(pidfd.process, sig);
  return ok(0, 'PIDFD.SIGNAL');
}

function sysPidfdGetinfo(ctx: SyscallContext): HandlerResult {
  const pidfd = ctx.args.fd('fd').handle!.object as PidFd;
  const { addr } = ctx.args.struct('info');
  if (pidfd.process.reaped) return fail('ESRCH', 'PIDFD.INFO.REAPED');
  const record = encodeLayout(PROCSTAT, procstatValues(pidfd.process, ctx.process));
  if (!ctx.process.space.copyOut(addr, record)) return fail('EFAULT', 'ABI.FAULT');
  return ok(0, pidfd.process.state === 'zombie' ? 'PIDFD.INFO.REAPED' : 'PIDFD.INFO');
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const PIDFD_HANDLERS: Readonly<Record<string, Handler>> = {
  pidfd_open: sysPidfdOpen,
  pidfd_send_signal: sysPidfdSendSignal,
  pidfd_getinfo: sysPidfdGetinfo,
};
