import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';
import { isHandler, isIgnored } from './deliver.js';

/**
 * Makes `sig` pending in `p` (SIG.PENDING.COALESCE) unless it is ignored (SIG.IGN.DISCARD).
 * A blocked signal thread (SIG.DELIVER.THREAD) is woken so the signal is acted on: its blocking
 * call then fails with EINTR if a handler runs (SIG.INTR), or the process ends.
 */
export function sendSignal(kernel: Kernel, p: Process, sig: number): void {
  if (p.state !== 'live') return;
  const action = p.signals.actions[sig]!;
  if (isIgnored(sig, action)) return;
  p.signals.pending |= 1 << sig;
  const t = p.signalThread;
  if (t !== null && t.state === 'blocked') {
    if (isHandler(action)) t.interrupted = true;
    kernel.scheduler.makeRunnable(t);
  }
}
