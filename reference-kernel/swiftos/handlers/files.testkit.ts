// Shared by files.test.ts and fdops.test.ts: calls with register arguments, a run that can
// prepare the kernel after boot and look at it at every syscall, and spec-derived values.

import {
  CAP_BITS, constValue, decodeLayout, layout, SEEDED_PRINCIPAL_CAPS, type FieldValue,
} from '../../../spec/index.js';
import type { Identity } from '../process.js';
import { Kernel, type BootOptions, type RunResult, type SyscallEvent } from '../kernel.js';
import { Prog } from '../testkit.js';

export { call, type Arg } from '../testkit.js';

export const O = {
  RDONLY: constValue('OPEN_ACCESS', 'O_RDONLY'),
  WRONLY: constValue('OPEN_ACCESS', 'O_WRONLY'),
  RDWR: constValue('OPEN_ACCESS', 'O_RDWR'),
  CREAT: constValue('OPEN_FLAGS', 'O_CREAT'),
  TRUNC: constValue('OPEN_FLAGS', 'O_TRUNC'),
  APPEND: constValue('OPEN_FLAGS', 'O_APPEND'),
  CLOEXEC: constValue('OPEN_FLAGS', 'O_CLOEXEC'),
  NONBLOCK: constValue('OPEN_FLAGS', 'O_NONBLOCK'),
} as const;

export const SEEK = {
  SET: constValue('SEEK_WHENCE', 'SEEK_SET'),
  CUR: constValue('SEEK_WHENCE', 'SEEK_CUR'),
  END: constValue('SEEK_WHENCE', 'SEEK_END'),
} as const;

export const F = {
  DUPFD: constValue('FCNTL_CMDS', 'F_DUPFD'),
  GETFD: constValue('FCNTL_CMDS', 'F_GETFD'),
  SETFD: constValue('FCNTL_CMDS', 'F_SETFD'),
  GETFL: constValue('FCNTL_CMDS', 'F_GETFL'),
  SETFL: constValue('FCNTL_CMDS', 'F_SETFL'),
  GETLK: constValue('FCNTL_CMDS', 'F_GETLK'),
  SETLK: constValue('FCNTL_CMDS', 'F_SETLK'),
  SETLKW: constValue('FCNTL_CMDS', 'F_SETLKW'),
  DUPFD_CLOEXEC: constValue('FCNTL_CMDS', 'F_DUPFD_CLOEXEC'),
} as const;

export const FD_CLOEXEC = constValue('FD_FLAGS', 'FD_CLOEXEC');
export const FD_MAX = constValue('LIMITS', 'FD_MAX');

export const S = {
  IFMT: constValue('MODE_TYPE', 'S_IFMT'),
  IFREG: constValue('MODE_TYPE', 'S_IFREG'),
  IFDIR: constValue('MODE_TYPE', 'S_IFDIR'),
  IFCHR: constValue('MODE_TYPE', 'S_IFCHR'),
  IFIFO: constValue('MODE_TYPE', 'S_IFIFO'),
} as const;

/** Seeded principals (SEC.PRINCIPALS) and made-up identities with chosen capabilities. */
export const ROOT: Identity = { principal: 1, session: 1, caps: SEEDED_PRINCIPAL_CAPS.root };
export const USER: Identity = { principal: 2, session: 2, caps: SEEDED_PRINCIPAL_CAPS.user };
export const READER: Identity = { principal: 7, session: 7, caps: CAP_BITS.capFsRead };
export const NOCAPS: Identity = { principal: 8, session: 8, caps: 0 };

export { err as e } from '../testkit.js';

export interface FsRun {
  readonly result: RunResult;
  readonly kernel: Kernel;
  readonly calls: readonly SyscallEvent[];
  readonly console: Uint8Array;
  readonly out: string;
  /** Return values of completed calls named `name` (of every process unless `pid` is given). */
  rets(name: string, pid?: number): bigint[];
  clauses(name: string): (string | null)[];
}

export interface FsRunOptions extends BootOptions {
  /** Runs after boot, before the first instruction (host-side preparation of kernel state). */
  readonly setup?: (k: Kernel) => void;
  /** Runs after every completed syscall, with the kernel as it is then. */
  readonly after?: (ev: SyscallEvent, k: Kernel) => void;
}

export function runFs(p: Prog, opts: FsRunOptions = {}): FsRun {
  const calls: SyscallEvent[] = [];
  const { setup, after, ...boot } = opts;
  let kernel: Kernel | null = null;
  kernel = new Kernel({
    maxInstructions: 20_000_000,
    ...boot,
    onSyscall: (ev) => {
      if (ev.outcome !== 'return') return;
      calls.push(ev);
      after?.(ev, kernel!);
    },
  });
  kernel.boot(p.elf(), 'init');
  setup?.(kernel);
  const result = kernel.run();
  if (result.verdict.kind === 'panic') throw new Error(`kernel panic: ${result.verdict.detail}`);
  return {
    result, kernel, calls, console: result.console,
    out: Buffer.from(result.console).toString('latin1'),
    rets: (name, pid) => calls.filter((c) => c.name === name && (pid === undefined || c.pid === pid)).map((c) => c.ret!),
    clauses: (name) => calls.filter((c) => c.name === name).map((c) => c.clause),
  };
}

/** Decodes the 32-byte stat record at `offset` of `bytes` with the spec layout. */
export function statAt(bytes: Uint8Array, offset = 0): Record<string, FieldValue> {
  return decodeLayout(layout('stat'), bytes, offset);
}
