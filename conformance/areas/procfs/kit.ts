// The procfs area's case kit: a program that can read a whole file, compare it with exact bytes,
// check the shape of the parts no model can know (tick counts) token by token, fork, and wait for
// a child to become a zombie; and the area description derivedCase takes. Shared by the netfs area.

import { constValue, encodeLayout, errnoNumber, layout, SEEDED_PRINCIPAL_CAPS, type ErrnoName } from '../../../spec/index.js';
import type { BootSpec } from '../../model.js';
import { CaseProgram, CODE_BASE, Reg, type Operand } from '../../program/builder.js';
import type { CaseArea, CaseBuild, DerivedCaseSpec } from '../../program/derived-case.js';

const v = constValue;
export const O = {
  RDONLY: v('OPEN_ACCESS', 'O_RDONLY'), WRONLY: v('OPEN_ACCESS', 'O_WRONLY'), RDWR: v('OPEN_ACCESS', 'O_RDWR'),
  CREAT: v('OPEN_FLAGS', 'O_CREAT'), TRUNC: v('OPEN_FLAGS', 'O_TRUNC'), CLOEXEC: v('OPEN_FLAGS', 'O_CLOEXEC'),
  NONBLOCK: v('OPEN_FLAGS', 'O_NONBLOCK'),
} as const;
export const S = { IFREG: v('MODE_TYPE', 'S_IFREG'), IFDIR: v('MODE_TYPE', 'S_IFDIR') } as const;
export const DT = { DIR: v('D_TYPE', 'DT_DIR'), REG: v('D_TYPE', 'DT_REG') } as const;
export const SEEK_SET = v('SEEK_WHENCE', 'SEEK_SET');
export const CAP = { fsRead: v('CAPABILITIES', 'capFsRead'), tmpWrite: v('CAPABILITIES', 'capTmpWrite'), spawn: v('CAPABILITIES', 'capSpawn') } as const;

export interface Identity {
  readonly principal: number;
  readonly session: number;
  readonly caps: number;
}
export const ROOT: Identity = { principal: 1, session: 1, caps: SEEDED_PRINCIPAL_CAPS.root };
export const USER: Identity = { principal: 2, session: 2, caps: SEEDED_PRINCIPAL_CAPS.user };

export const bootAs = (id: Identity): BootSpec => (id === ROOT ? {} : { identity: id });
export const neg = (errno: ErrnoName): number => -errnoNumber(errno);
const enc = new TextEncoder();
export const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** One piece of a shape check: exact bytes, or a decimal number without leading zeros. */
export type Token = { readonly lit: string } | 'dec';

/** Scratch registers of the guest-side checks (free between calls; assertions clobber them). */
const CUR = 4;
const END = 5;
const CH = 10;
const RESULT = 3;

/** A case program with the helpers of this area. */
export class Prog extends CaseProgram {
  /** Handle and count of the last `slurp`. */
  readonly fd: Reg;
  readonly n: Reg;

  constructor(parent?: CaseProgram) {
    super(parent);
    this.fd = this.variable();
    this.n = this.variable();
  }

  /** open(path, O_RDONLY) into `fd`, asserting success. */
  openRead(path: string, clauses: readonly string[] = ['PROCFS.MOUNT']): this {
    this.sys('open', this.str(path), O.RDONLY, 0).save(this.fd);
    return this.expectOk(`open ${path} for reading`, clauses, this.fd);
  }

  /** Opens `path`, reads up to `size` bytes into `buf` in one read (count in `n`), closes it. */
  slurp(path: string, buf: number, size: number, clauses?: readonly string[]): this {
    this.openRead(path, clauses);
    this.sys('read', this.fd, buf, size).save(this.n);
    this.sys('close', this.fd);
    return this;
  }

  /** Asserts that the last read returned exactly `expected` at `buf`. */
  expectBytes(what: string, clauses: readonly string[], buf: number, expected: Uint8Array): this {
    this.expectEq(`${what}: ${expected.length} bytes`, clauses, expected.length, this.n);
    if (expected.length > 0) this.expectMem(`${what}: the exact bytes`, clauses, buf, expected);
    return this;
  }

  /** Asserts that the `len` bytes at `addr` are exactly the tokens, in order (decimal numbers by their shape). */
  expectTokens(description: string, clauses: readonly string[], addr: number, len: Reg, tokens: readonly Token[]): this {
    const a = this.a;
    const fail = a.label();
    const done = a.label();
    a.movImm(CUR, addr);
    a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: len.n, imm6: 0, Rn: CUR, Rd: END });
    const next = (): void => {
      a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: END, imm6: 0, Rn: CUR, Rd: 31 });
      a.bcond('cs', fail);
      a.inst('LDRB_post', { imm9: 1, Rn: CUR, Rt: CH });
    };
    for (const t of tokens) {
      if (t === 'dec') {
        const after = a.label();
        const loop = a.label();
        next();
        a.subImm(CH, CH, 0x30);
        a.cmpImm(CH, 9);
        a.bcond('hi', fail);
        a.cbz(CH, after);
        a.bind(loop);
        a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: END, imm6: 0, Rn: CUR, Rd: 31 });
        a.bcond('cs', after);
        a.inst('LDRB_uoff', { imm12: 0, Rn: CUR, Rt: CH });
        a.subImm(CH, CH, 0x30);
        a.cmpImm(CH, 9);
        a.bcond('hi', after);
        a.addImm(CUR, CUR, 1);
        a.b(loop);
        a.bind(after);
      } else {
        for (const c of bytesOf(t.lit)) {
          next();
          a.cmpImm(CH, c);
          a.bcond('ne', fail);
        }
      }
    }
    a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: END, imm6: 0, Rn: CUR, Rd: 31 });
    a.bcond('ne', fail);
    a.movImm(RESULT, 0);
    a.b(done);
    a.bind(fail);
    // 1 + the offset where the shape stopped matching.
    a.movImm(9, addr - 1);
    a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: CUR, Rd: RESULT });
    a.bind(done);
    return this.expectEq(description, clauses, 0, RESULT);
  }

  /** `name(int at addr, ...rest)`: the first operand is a 32-bit handle number stored in memory. */
  callEnd(name: string, addr: number, ...rest: Operand[]): this {
    this.loadInt(7, addr);
    return this.sys(name, new Reg(7), ...rest);
  }

  /** x8 = the row's number, svc #0, with the arguments already in x0..x5 (code outside `sys`'s operand forms). */
  rawCall(name: string): this {
    return this.svc(name);
  }

  /** Asserts that two registers hold the same value. */
  expectSame(description: string, clauses: readonly string[], x: Reg | number, y: Reg | number): this {
    const rx = x instanceof Reg ? x.n : x;
    const ry = y instanceof Reg ? y.n : y;
    this.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: ry, imm6: 0, Rn: rx, Rd: RESULT });
    return this.expectEq(description, clauses, 0, RESULT);
  }

  /** Loads the 64-bit word at `addr` into x3 and returns 3. */
  word(addr: number): number {
    this.load(RESULT, addr);
    return RESULT;
  }

  /** Loads the 32-bit int at `addr`, sign-extended, into x`reg`. */
  int(reg: number, addr: number): this {
    return this.loadInt(reg, addr);
  }

  /**
   * fork: the child runs `child` (which must end the child); the parent carries on. Asserts the
   * child's pid, which the spec's allocation makes predictable (PROC.PID.ALLOC).
   */
  fork(pid: number, child: () => void): this {
    const parent = this.a.label();
    this.sys('fork');
    this.a.cbnz(0, parent);
    child();
    this.exit(0xee);
    this.a.bind(parent);
    return this.expectEq(`fork returns the next pid, ${pid}`, ['PROC.PID.ALLOC'], pid);
  }

  /** A pipe whose ends are stored at the returned address (read end, write end as two ints). */
  pipe(): number {
    const fds = this.space(8, 8);
    this.sys('pipe', fds);
    return fds;
  }

  /** Closes our copy of the write end and reads the pipe until EOF: every child that held it has ended. */
  awaitEnded(fds: number): this {
    this.int(0, fds + 4);
    this.svc('close');
    const buf = this.space(8, 8);
    const again = this.a.here();
    this.int(0, fds);
    this.a.movImm(1, buf).movImm(2, 1);
    this.svc('read');
    this.a.cbnz(0, again);
    return this;
  }

  /** A thread that spins forever (its tid is in x0 afterwards). */
  spinningThread(): this {
    const stack = this.space(4096, 16) + 4096;
    const entry = this.a.label();
    const over = this.a.label();
    this.a.b(over);
    this.a.bind(entry);
    this.a.b(entry);
    this.a.bind(over);
    return this.sys('thread_create', CODE_BASE + entry.offset, 0, stack);
  }
}

/** A getdents record without its d_ino (bytes 8..), as the spec's layout encodes it. */
export function direntTail(name: string, type: number, next: number): Uint8Array {
  return encodeLayout(layout('dirent'), { d_ino: 0n, d_off: BigInt(next), d_type: type, d_name: enc.encode(name) }).slice(8);
}

/** Record lengths of a listing, to find each record's offset. */
export function direntLength(name: string): number {
  return encodeLayout(layout('dirent'), { d_ino: 0n, d_off: 0n, d_type: 0, d_name: enc.encode(name) }).length;
}

// ---- cases ---------------------------------------------------------------------------------

/** An area whose cases' programs are Progs (procfs, netfs), for derivedCase. */
export function progArea(area: string): CaseArea<Prog> {
  return { area, program: Prog };
}

/** A case's build step: init `p`, child programs, image files. */
export type Build = CaseBuild<Prog>;
export type AreaCaseDef = DerivedCaseSpec<Prog>;
