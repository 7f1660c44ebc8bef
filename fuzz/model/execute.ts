// Runs a compiled model program on the reference kernel in process, with the invariants checked
// after every call, and compares each recorded result with the model's prediction.

import { PhysicalMemory } from '../../cpu/memory/physical.js';
import { errnoName } from '../../spec/index.js';
import { Kernel, type SyscallEvent, type Verdict } from '../../reference-kernel/swiftos/kernel.js';
import { Invariants, type Finding } from '../oracles.js';
import type { Expect } from './effects.js';
import { MMAP_FLOOR, MMAP_TOP, PAGE } from './layout.js';
import { identityFor, type CompiledCall, type Program } from './program.js';

export interface Mismatch {
  /** Index of the call in the scenario. */
  readonly index: number;
  readonly name: string;
  readonly expected: string;
  readonly got: string;
}

export interface ModelRun {
  readonly mismatch: Mismatch | null;
  readonly findings: readonly Finding[];
  readonly verdict: Verdict;
  readonly syscalls: number;
  /** Clauses the kernel named (SyscallEvent.clause). */
  readonly clauses: ReadonlySet<string>;
}

const MACHINE_BYTES = 16 << 20;
let machine: PhysicalMemory | null = null;

export function describeRet(v: bigint): string {
  if (v < 0n && v >= -4095n) return `-${errnoName(Number(-v)) ?? String(-v)}`;
  return v >= 0n && v < 1_000_000n ? String(v) : `0x${BigInt.asUintN(64, v).toString(16)}`;
}

export function describeExpect(e: Expect): string {
  return e.kind === 'exact' ? describeRet(e.v) : 'a new mapping\'s base';
}

export function matches(e: Expect, got: bigint): boolean {
  if (e.kind === 'exact') return got === e.v;
  return got >= BigInt(MMAP_FLOOR) && got < BigInt(MMAP_TOP) && got % BigInt(PAGE) === 0n;
}

/** The first call whose recorded results differ from the model's, if any. */
export function compare(calls: readonly CompiledCall[], results: readonly (bigint | undefined)[]): Mismatch | null {
  for (const c of calls) {
    for (let k = 0; k < c.expect.length; k++) {
      const e = c.expect[k]!;
      const got = results[c.first + k];
      const what = k === 0 ? c.name : `${c.name} (its waitpid)`;
      if (got === undefined) return { index: c.index, name: what, expected: describeExpect(e), got: 'no return' };
      if (!matches(e, got)) return { index: c.index, name: what, expected: describeExpect(e), got: describeRet(got) };
    }
  }
  return null;
}

export interface ExecuteOptions {
  readonly maxInstructions?: number;
  /** Receives every syscall event (after the invariants saw it). */
  readonly onEvent?: (e: SyscallEvent) => void;
}

/** Runs `p` as init on a fresh reference kernel and checks it against the model and the invariants. */
export function execute(p: Program, opts: ExecuteOptions = {}): ModelRun {
  machine ??= new PhysicalMemory(MACHINE_BYTES);
  const results: bigint[] = [];
  const clauses = new Set<string>();
  let invariants: Invariants | null = null;
  const kernel = new Kernel({
    phys: machine,
    identity: identityFor(p.caps),
    maxInstructions: opts.maxInstructions ?? 5_000_000,
    onSyscall: (e) => {
      if (e.clause) clauses.add(e.clause);
      if (e.pid === 1 && e.outcome === 'return' && results.length < p.recorded) results.push(e.ret!);
      invariants!.afterCall(e);
      opts.onEvent?.(e);
    },
  });
  invariants = new Invariants(kernel);
  try {
    kernel.boot(p.elf, 'model');
    const r = kernel.run();
    invariants.atEnd(r);
    return { mismatch: compare(p.calls, results), findings: invariants.findings, verdict: r.verdict, syscalls: r.syscalls, clauses };
  } finally {
    kernel.dispose();
  }
}
