// The files area's case kit: how the area makes its cases (FILES, for derivedCase: programs are
// Progs, table names in ids are lowered), and small program helpers (memory loads, fork/wait,
// filling the handle table) shared by the families.

import {
  constValue, encodeLayout, errnoNumber, layout, SEEDED_PRINCIPAL_CAPS, type ErrnoName, type LayoutValues,
} from '../../../spec/index.js';
import type { BootSpec } from '../../model.js';
import { CaseProgram, CODE_BASE, DATA_BASE, DATA_SIZE, type Operand, Reg } from '../../program/builder.js';
import type { CaseArea, CaseBuild } from '../../program/derived-case.js';

export const AREA = 'files';

// ---- constants, all from spec/ -------------------------------------------------------------

const v = constValue;
export const O = {
  RDONLY: v('OPEN_ACCESS', 'O_RDONLY'),
  WRONLY: v('OPEN_ACCESS', 'O_WRONLY'),
  RDWR: v('OPEN_ACCESS', 'O_RDWR'),
  CREAT: v('OPEN_FLAGS', 'O_CREAT'),
  TRUNC: v('OPEN_FLAGS', 'O_TRUNC'),
  APPEND: v('OPEN_FLAGS', 'O_APPEND'),
  CLOEXEC: v('OPEN_FLAGS', 'O_CLOEXEC'),
  NONBLOCK: v('OPEN_FLAGS', 'O_NONBLOCK'),
} as const;
export const SEEK = { SET: v('SEEK_WHENCE', 'SEEK_SET'), CUR: v('SEEK_WHENCE', 'SEEK_CUR'), END: v('SEEK_WHENCE', 'SEEK_END') } as const;
export const S = {
  IFMT: v('MODE_TYPE', 'S_IFMT'), IFREG: v('MODE_TYPE', 'S_IFREG'), IFDIR: v('MODE_TYPE', 'S_IFDIR'),
  IFCHR: v('MODE_TYPE', 'S_IFCHR'), IFIFO: v('MODE_TYPE', 'S_IFIFO'),
} as const;
export const DT = { DIR: v('D_TYPE', 'DT_DIR'), REG: v('D_TYPE', 'DT_REG'), CHR: v('D_TYPE', 'DT_CHR') } as const;
export const F = {
  DUPFD: v('FCNTL_CMDS', 'F_DUPFD'), GETFD: v('FCNTL_CMDS', 'F_GETFD'), SETFD: v('FCNTL_CMDS', 'F_SETFD'),
  GETFL: v('FCNTL_CMDS', 'F_GETFL'), SETFL: v('FCNTL_CMDS', 'F_SETFL'), GETLK: v('FCNTL_CMDS', 'F_GETLK'),
  SETLK: v('FCNTL_CMDS', 'F_SETLK'), SETLKW: v('FCNTL_CMDS', 'F_SETLKW'), DUPFD_CLOEXEC: v('FCNTL_CMDS', 'F_DUPFD_CLOEXEC'),
} as const;
export const FD_CLOEXEC = v('FD_FLAGS', 'FD_CLOEXEC');
export const POLL = {
  IN: v('POLL_EVENTS', 'POLLIN'), OUT: v('POLL_EVENTS', 'POLLOUT'), ERR: v('POLL_EVENTS', 'POLLERR'),
  HUP: v('POLL_EVENTS', 'POLLHUP'), NVAL: v('POLL_EVENTS', 'POLLNVAL'),
} as const;
export const LIMIT = {
  FD_MAX: v('LIMITS', 'FD_MAX'), PATH_MAX: v('LIMITS', 'PATH_MAX'), PIPE_CAPACITY: v('LIMITS', 'PIPE_CAPACITY'),
  PIPE_BUF: v('LIMITS', 'PIPE_BUF'), POLL_NFDS_MAX: v('LIMITS', 'POLL_NFDS_MAX'),
} as const;
export const CAP = {
  console: v('CAPABILITIES', 'capConsole'), fsRead: v('CAPABILITIES', 'capFsRead'), tmpWrite: v('CAPABILITIES', 'capTmpWrite'),
} as const;
export const SIG = { PIPE: v('SIGNALS', 'SIGPIPE'), USR1: v('SIGNALS', 'SIGUSR1'), IGN: v('SIG_HANDLERS', 'SIG_IGN') } as const;
export const PAGE = v('ADDRESS_SPACE', 'PAGE_SIZE');
export const USER_VA_MIN = v('ADDRESS_SPACE', 'USER_VA_MIN');

/** Addresses a call may not use for its pointer (ABI.FAULT): never mapped, or mapped without write. */
export const BAD_ADDR = {
  null: 0,
  low: USER_VA_MIN - PAGE,
  /** First byte past the program's data segment (the image area above it is unmapped). */
  pastData: DATA_BASE + DATA_SIZE,
  kernel: 0xffff_0000_0000_0000n,
  /** The program's own code: readable, not writable. */
  code: CODE_BASE,
} as const;

/** An identity to boot with or log in as (SEC.PRINCIPALS, custom masks for the rest). */
export interface Identity {
  readonly name: string;
  readonly principal: number;
  readonly session: number;
  readonly caps: number;
}

export const ROOT: Identity = { name: 'root', principal: 1, session: 1, caps: SEEDED_PRINCIPAL_CAPS.root };
export const USER: Identity = { name: 'user', principal: 2, session: 2, caps: SEEDED_PRINCIPAL_CAPS.user };
export const GUEST: Identity = { name: 'guest', principal: 3, session: 3, caps: SEEDED_PRINCIPAL_CAPS.guest };
export const READ_ONLY: Identity = { name: 'caps-fsread', principal: 2, session: 2, caps: CAP.fsRead };
export const WRITE_ONLY: Identity = { name: 'caps-tmpwrite', principal: 2, session: 2, caps: CAP.tmpWrite };
export const NO_CAPS: Identity = { name: 'caps-none', principal: 2, session: 2, caps: 0 };

export const hasCap = (id: Identity, cap: number): boolean => (id.caps & cap) !== 0;

export function bootAs(id: Identity): BootSpec {
  return id === ROOT ? {} : { identity: { principal: id.principal, session: id.session, caps: id.caps } };
}

export function neg(errno: ErrnoName): number {
  return -errnoNumber(errno);
}

// ---- the program ---------------------------------------------------------------------------

const SCRATCH = 3;

/** A case program with the files area's helpers. */
export class Prog extends CaseProgram {
  /** A syscall whose result lands in a fresh or given variable. */
  call(into: Reg, name: string, ...args: Operand[]): Reg {
    this.sys(name, ...args).save(into);
    return into;
  }

  /** Stores a 64-bit constant at `addr` (clobbers x9, x10). */
  store64(addr: number, value: number | bigint): this {
    this.a.movImm(10, BigInt.asUintN(64, BigInt(value))).movImm(9, addr).inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
    return this;
  }

  /** Stores the low 32 bits of `reg` at `addr` (clobbers x9). */
  store32(addr: number, reg: Reg | number): this {
    const rt = reg instanceof Reg ? reg.n : reg;
    this.a.movImm(9, addr).inst('STR_W_uoff', { Rt: rt, Rn: 9, imm12: 0 });
    return this;
  }

  /** Loads an unsigned 32-bit word at `addr` into x3 and returns 3. */
  loadU32(addr: number): number {
    this.a.movImm(9, addr).inst('LDR_W_uoff', { Rt: SCRATCH, Rn: 9, imm12: 0 });
    return SCRATCH;
  }

  loadU16(addr: number): number {
    this.a.movImm(9, addr).inst('LDRH_uoff', { Rt: SCRATCH, Rn: 9, imm12: 0 });
    return SCRATCH;
  }

  loadU64(addr: number): number {
    this.load(SCRATCH, addr);
    return SCRATCH;
  }

  /** Asserts that register `a` equals register `b` (their difference is 0). */
  expectSame(description: string, clauses: readonly string[], a: Reg | number, b: Reg | number): this {
    const ra = a instanceof Reg ? a.n : a;
    const rb = b instanceof Reg ? b.n : b;
    this.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: rb, imm6: 0, Rn: ra, Rd: SCRATCH });
    return this.expectEq(description, clauses, 0, SCRATCH);
  }

  /** Asserts the 32-bit word at `addr`. */
  expectU32(description: string, clauses: readonly string[], addr: number, value: number): this {
    return this.expectEq(description, clauses, value >>> 0, this.loadU32(addr));
  }

  expectU64(description: string, clauses: readonly string[], addr: number, value: number | bigint): this {
    return this.expectEq(description, clauses, value, this.loadU64(addr));
  }

  /** Asserts that x0 (or `from`) is -errno, naming the errno in the description. */
  expectFail(what: string, clauses: readonly string[], errno: ErrnoName, from: Reg | number = 0): this {
    return this.expectErrno(`${what} fails ${errno}`, clauses, errno, from);
  }

  /** A record encoded with the spec layout codec, compared byte for byte (or a slice of it). */
  expectRecord(description: string, clauses: readonly string[], addr: number, layoutName: string, values: LayoutValues, from = 0, to?: number): this {
    const bytes = encodeLayout(layout(layoutName), values).slice(from, to);
    return this.expectMem(description, clauses, addr + from, bytes);
  }

  /**
   * fork: the child runs `child` (which must end the child, e.g. with `exit`), the parent gets
   * the child's pid in `pid` and carries on after it.
   */
  fork(pid: Reg, child: () => void): this {
    const parent = this.a.label();
    this.sys('fork').save(pid);
    this.a.cbnz(pid.n, parent);
    child();
    this.exit(0xee);
    this.a.bind(parent);
    return this;
  }

  /** waitpid(pid, status, 0) and assert the wait status word (PROC.WAIT.STATUS). */
  expectWaitStatus(description: string, clauses: readonly string[], pid: Reg, status: number): this {
    const cell = this.space(8, 8);
    this.sys('waitpid', pid, cell, 0);
    this.expectSame('waitpid returns the child pid', ['PROC.WAIT.REAP'], 0, pid);
    return this.expectU32(description, clauses, cell, status);
  }

  /** Child-side: exit(0) when x0 equals `value`, else exit(code). */
  exitUnless(value: number | bigint, code: number): this {
    const ok = this.a.label();
    this.a.movImm(10, BigInt.asUintN(64, BigInt(value)));
    this.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: 0, Rd: 31 });
    this.a.bcond('eq', ok);
    this.exit(code);
    this.a.bind(ok);
    return this;
  }

  /** Child-side: exit with the low byte of x0. */
  exitWithResult(): this {
    return this.svc('exit');
  }

  /**
   * Duplicates fd 0 until the handle table is full (or has `leave` free numbers): the last dup
   * returns FD_MAX - 1 - leave. Asserts it.
   */
  fillTable(leave = 0): this {
    const target = LIMIT.FD_MAX - 1 - leave;
    const loop = this.a.here();
    this.sys('dup', 0);
    this.a.cmpImm(0, target);
    this.a.bcond('cc', loop); // unsigned lower: an error result ends the loop
    return this.expectEq(`dup fills the table up to handle ${target}`, ['FD.DUP.LOWEST'], target);
  }

  /**
   * Installs a handler for `sig` that stores 1 in the returned 8-byte flag and returns through a
   * restorer calling sigreturn (SIG.DELIVER.FRAME). The code sits behind a branch, so the labels'
   * offsets are known here and their absolute addresses are immediates.
   */
  catchSignal(sig: number): number {
    const flag = this.space(8, 8);
    const skip = this.a.label();
    this.a.b(skip);
    const handler = this.a.here();
    this.a.movImm(9, flag).movImm(10, 1).inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
    this.a.ret();
    const restorer = this.a.here();
    this.svc('sigreturn');
    this.a.brk(1);
    this.a.bind(skip);
    this.sys('sigaction', sig, CODE_BASE + handler.offset, CODE_BASE + restorer.offset);
    this.expectEq(`sigaction installs a handler for signal ${sig}`, ['SIG.ACTION.RECORD'], 0);
    return flag;
  }

  /** An absolute path of exactly `n` bytes ("/aaa..."), NUL-terminated after them. */
  longPath(n: number, fill = 'a'): number {
    return this.str('/' + fill.repeat(n - 1));
  }
}

// ---- cases ---------------------------------------------------------------------------------

/** The files area for derivedCase: programs are Progs; table names in ids (F_DUPFD) become f-dupfd. */
export const FILES: CaseArea<Prog> = { area: AREA, program: Prog, id: (id) => id.toLowerCase().replace(/_/g, '-') };

/** A files case's build step: init `p`, child programs, image files. */
export type Build = CaseBuild<Prog>;
