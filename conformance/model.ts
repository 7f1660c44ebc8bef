import type { Assertion } from './program/builder.js';

/** The boot options a case needs (INTERPRETING.md, "Boot options"). All optional. */
export interface BootSpec {
  readonly argv?: readonly string[];
  readonly envp?: readonly string[];
  /** init's security context; default the seeded root principal. */
  readonly identity?: { readonly principal: number; readonly session: number; readonly caps: number };
  readonly pidMax?: number;
  readonly maxProcesses?: number;
  /** Instructions per scheduling quantum. */
  readonly quantum?: number;
  /** Seed of the kernel's random source. */
  readonly seed?: number;
  /** Bytes the console delivers to reads, then end of input. */
  readonly consoleInput?: string;
  /** Instruction budget; past it the outcome is `timeout`. */
  readonly maxInstructions?: number;
  /** Controlled schedule: index into the runnable list at each point with more than one runnable thread. */
  readonly schedule?: readonly number[];
  /** Memory the machine must have at least, in bytes (a page multiple); default MACHINE_BYTES. */
  readonly memoryBytes?: number;
}

/** The machine size a case may rely on unless its BootSpec asks for more (INTERPRETING.md, "Boot options"). */
export const MACHINE_BYTES = 4 << 20;

/** The instruction budget of a case that names none (INTERPRETING.md, "Budgets and timeouts"). */
export const DEFAULT_MAX_INSTRUCTIONS = 20_000_000;

/** argv of init when the case names none. */
export const DEFAULT_ARGV: readonly string[] = ['init'];

/** A file the case adds to the base image. */
export interface CaseFile {
  readonly path: string;
  readonly data: Uint8Array;
  readonly mode?: number;
}

/** What the whole run must end with. */
export type ExpectedVerdict =
  | { readonly kind: 'exit'; readonly status: number }
  | { readonly kind: 'signal'; readonly signal: number }
  | { readonly kind: 'reboot' };

/** A case ready to run: the program and everything around it. */
export interface BuiltCase {
  readonly program: Uint8Array;
  readonly files: readonly CaseFile[];
  readonly boot: BootSpec;
  readonly assertions: readonly Assertion[];
  readonly verdict: ExpectedVerdict;
}

/** One behaviour (test262 style). `build` is deterministic and cheap to call again. */
export interface CaseDef {
  readonly id: string;
  readonly area: string;
  readonly description: string;
  /** Every clause the case checks (the union of its assertions' clauses and more). */
  readonly clauses: readonly string[];
  /** Syscall rows the case needs; a target lacking one reports `skip`. */
  readonly rows: readonly string[];
  build(): BuiltCase;
}

/** A generator: one area's cases from its tables. */
export interface Generator {
  readonly area: string;
  cases(): readonly CaseDef[];
}

export type Status = 'pass' | 'fail' | 'broken' | 'timeout' | 'panic' | 'skip' | 'xfail' | 'xpass';

export const STATUSES: readonly Status[] = ['pass', 'fail', 'broken', 'timeout', 'panic', 'skip', 'xfail', 'xpass'];
