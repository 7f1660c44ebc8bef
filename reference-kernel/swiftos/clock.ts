/**
 * The virtual clock: a pure function of retired instructions plus idle jumps (when every
 * thread waits, the clock jumps to the earliest deadline). No wall clock anywhere.
 */
export class VirtualClock {
  /** Nanoseconds since boot. */
  private ns = 0;
  /** Guest instructions per microsecond: the emulated CPU runs at 1 GHz-equivalent. */
  static readonly NS_PER_INSTRUCTION = 1;
  /** CNTFRQ_EL0 of the emulated machine. */
  static readonly COUNTER_HZ = 62_500_000;

  get now(): number {
    return this.ns;
  }

  advanceInstructions(n: number): void {
    this.ns += n * VirtualClock.NS_PER_INSTRUCTION;
  }

  /** Moves the clock forward to `ns` (never backward). */
  advanceTo(ns: number): void {
    if (ns > this.ns) this.ns = ns;
  }

  /** CNTVCT_EL0 at the current time, or `extraInstructions` later (a read inside a running slice). */
  counter(extraInstructions = 0): bigint {
    const ns = this.ns + extraInstructions * VirtualClock.NS_PER_INSTRUCTION;
    return (BigInt(ns) * BigInt(VirtualClock.COUNTER_HZ)) / 1_000_000_000n;
  }
}
