import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';
import { defaultAction, isHandler } from './deliver.js';
import type { FaultInfo } from './state.js';

/**
 * Makes `sig` pending in `p` (SIG.PENDING.COALESCE) unless it is ignored (SIG.IGN.DISCARD).
 * A blocked signal thread is woken when the signal will be acted on: its blocking call then
 * fails with EINTR if a handler runs (SIG.INTR), or the process ends.
 */
export function sendSignal(kernel: Kernel, p: Process, sig: number, fault?: FaultInfo): void {
  if (p.state !== 'live') return;
  const action = p.signals.actions[sig]!;
  const ignored = action.handler === 1n || (action.handler === 0n && defaultAction(sig) === 'ignore');
  if (ignored && fault === undefined) return;
  p.signals.pending |= 1 << sig;
  if (fault !== undefined) p.signals.faults.set(sig, fault);
  const t = p.signalThread;
  if (t !== null && t.state === 'blocked') {
    if (isHandler(action)) t.interrupted = true;
    kernel.scheduler.makeRunnable(t);
  }
}
