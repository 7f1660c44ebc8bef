/** One signal's disposition: SIG_DFL (0), SIG_IGN (1) or a handler address, with its restorer. */
export interface SigAction {
  readonly handler: bigint;
  readonly restorer: bigint;
}

/** Why the kernel raised a signal for a synchronous fault (SIG.FAULT.CODE): si_code and address. */
export interface FaultInfo {
  readonly code: number;
  readonly addr: number;
}

export const NSIG = 32;
export const SIG_DFL = 0n;
export const SIG_IGN = 1n;
const DEFAULT: SigAction = { handler: SIG_DFL, restorer: 0n };

/** A process's signal dispositions and pending set (SIG.ACTION.PERPROCESS, SIG.PENDING.COALESCE). */
export class SignalState {
  readonly actions: SigAction[] = Array.from({ length: NSIG }, () => DEFAULT);
  /** Bit n set: signal n is pending. */
  pending = 0;

  /** The child's copy at fork: same dispositions, nothing pending (PROC.FORK.SIGNALS). */
  forkCopy(): SignalState {
    const s = new SignalState();
    this.actions.forEach((a, i) => (s.actions[i] = a));
    return s;
  }

  /** execve: caught signals back to SIG_DFL, ignored stay ignored, pending stays (PROC.EXEC.SIGNALS). */
  resetForExec(): void {
    this.actions.forEach((a, i) => {
      if (a.handler > SIG_IGN) this.actions[i] = DEFAULT;
    });
  }

  isPending(sig: number): boolean {
    return (this.pending & (1 << sig)) !== 0;
  }

  /** Lowest pending signal number, or 0 (SIG.DELIVER.WHEN). */
  lowestPending(): number {
    if (this.pending === 0) return 0;
    return 31 - Math.clz32(this.pending & -this.pending);
  }

  clear(sig: number): void {
    this.pending &= ~(1 << sig);
  }
}
