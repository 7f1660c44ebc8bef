// One raw-register fuzz run: boot the guest for a seed on a reused machine, check the invariants
// after every call, and hash the syscall trace so a replay of the seed can be compared bit for bit.

import { PhysicalMemory } from '../../cpu/memory/physical.js';
import { Kernel, type SyscallEvent, type Verdict } from '../../reference-kernel/swiftos/kernel.js';
import { Invariants, type Finding } from '../oracles.js';
import { rawGuest, type GuestTables } from './guest.js';
import { rawTables } from './values.js';

export interface RawRunOptions {
  readonly seed: bigint;
  /** Syscalls the guest loop issues (the run may end sooner: a signal, a kill of itself...). */
  readonly calls: number;
  readonly maxInstructions?: number;
  /** Receives every syscall event (after the invariants saw it): clause coverage, traces. */
  readonly onEvent?: (e: SyscallEvent) => void;
}

export interface RawRun {
  readonly seed: bigint;
  readonly calls: number;
  readonly verdict: Verdict;
  readonly syscalls: number;
  readonly instructions: number;
  readonly findings: readonly Finding[];
  /** FNV-1a over every call's pid, number, arguments and result, in order. */
  readonly traceHash: string;
}

const MACHINE_BYTES = 16 << 20;
let machine: PhysicalMemory | null = null;
let tables: GuestTables | null = null;

class TraceHash {
  private h = 0xcbf29ce484222325n;

  add(v: bigint): void {
    this.h = BigInt.asUintN(64, (this.h ^ BigInt.asUintN(64, v)) * 0x100000001b3n);
  }

  get hex(): string {
    return this.h.toString(16).padStart(16, '0');
  }
}

export function runRaw(opts: RawRunOptions): RawRun {
  machine ??= new PhysicalMemory(MACHINE_BYTES);
  tables ??= rawTables();
  const trace = new TraceHash();
  let invariants: Invariants | null = null;
  const kernel = new Kernel({
    phys: machine,
    seed: Number(BigInt.asUintN(32, opts.seed)),
    maxInstructions: opts.maxInstructions ?? 40 * opts.calls + 1_000_000,
    onSyscall: (e) => {
      trace.add(BigInt(e.pid));
      trace.add(BigInt(e.nr));
      for (const a of e.args) trace.add(a);
      trace.add(e.ret ?? -1n);
      invariants!.afterCall(e);
      opts.onEvent?.(e);
    },
  });
  invariants = new Invariants(kernel);
  try {
    kernel.boot(rawGuest(opts.seed, opts.calls, tables), 'raw-fuzz');
    const result = kernel.run();
    invariants.atEnd(result);
    return {
      seed: opts.seed, calls: opts.calls, verdict: result.verdict, syscalls: result.syscalls,
      instructions: result.instructions, findings: invariants.findings, traceHash: trace.hex,
    };
  } finally {
    kernel.dispose();
  }
}
