import type { BuiltCase } from '../model.js';

/** How a run ended, as a target reports it. */
export type OutcomeVerdict =
  | { readonly kind: 'exit'; readonly status: number }
  | { readonly kind: 'signal'; readonly signal: number; readonly detail?: string }
  | { readonly kind: 'reboot'; readonly command?: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'deadlock'; readonly detail: string }
  /** The implementation itself failed (a reference-kernel exception, a crashed executor). */
  | { readonly kind: 'panic'; readonly detail: string }
  /** The case could not be started (image rejected, executor missing). */
  | { readonly kind: 'broken'; readonly detail: string };

export interface Outcome {
  readonly verdict: OutcomeVerdict;
  readonly console: Uint8Array;
  readonly instructions?: number;
  readonly syscalls?: number;
  /** Clause ids the implementation named while running (reference only). */
  readonly clauses?: readonly string[];
  /** One line per syscall, when asked for. */
  readonly trace?: readonly string[];
}

export interface RunOptions {
  readonly trace?: boolean;
}

/** An implementation of the ABI that can run a case (DESIGN.md, "Targets"). */
export interface Target {
  readonly name: string;
  /** Rows the target implements; cases needing others are skipped. */
  supports(row: string): boolean;
  run(c: BuiltCase, opts?: RunOptions): Outcome;
}
