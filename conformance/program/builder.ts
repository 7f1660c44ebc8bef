import { Assembler, type Cond, type Label } from '../../cpu/asm/assembler.js';
import { writeElf } from '../../cpu/elf/index.js';
import { errnoNumber, syscall, type ErrnoName } from '../../spec/index.js';

/** Where case programs are linked (the SwiftOS image area, spec MM.LAYOUT). */
export const CODE_BASE = 0x8000_0000;
export const DATA_BASE = 0x8040_0000;
export const DATA_SIZE = 0x4_0000;

/** A register operand. Program variables live in x19..x26, which syscalls preserve. */
export class Reg {
  constructor(readonly n: number) {}
}

export type Operand = number | bigint | Reg;

/** One TAP assertion of a program: its number, what it checks, and the clauses it traces to. */
export interface Assertion {
  readonly n: number;
  readonly description: string;
  readonly clauses: readonly string[];
}

const FIRST_VAR = 19;
const LAST_VAR = 26;
/** The value under test while an assertion prints (survives the write routine). */
const VALUE = 27;
/** Failed assertions so far; init exits with it (capped at 255). */
const FAILURES = 28;

const enc = new TextEncoder();

/**
 * Builds a self-checking A64 program: syscalls with immediate or register operands, assertions
 * that print TAP lines (`ok N - ...` / `not ok N - ... # got 0x...`), and at the end the plan
 * `1..N` and exit(failures). The same ELF runs on any implementation of the ABI.
 * Assertions and prints clobber x0..x2, x8..x15 and x30; keep values in `variable()` registers.
 */
export class CaseProgram {
  readonly a = new Assembler();
  /** Initialized data so far; grows as `bytes` needs (most programs use a few hundred bytes). */
  private data = new Uint8Array(1024);
  private used = 0;
  private nextVar = FIRST_VAR;
  private readonly list: Assertion[] = [];
  private readonly writeRoutine: Label;
  private readonly hexRoutine: Label;
  private readonly memcmpRoutine: Label;
  private readonly hexBuffer: number;
  private readonly called = new Set<string>();

  /**
   * `parent`: this is a child program of a case (a fork, spawn or exec image); the rows it calls
   * count as the parent's too (see `rowsCalled`).
   */
  constructor(private readonly parent?: CaseProgram) {
    this.writeRoutine = this.a.label('tap_write');
    this.hexRoutine = this.a.label('tap_hex');
    this.memcmpRoutine = this.a.label('memcmp');
    this.hexBuffer = this.space(17);
    this.a.movImm(FAILURES, 0);
  }

  get assertions(): readonly Assertion[] {
    return this.list;
  }

  /**
   * The rows this program and its child programs call: through `sys`, `svc` and `exit`, and those
   * named by `recordRow`. The TAP plumbing (`print`, `finish`) is left out: every case writes and
   * exits that way. A case needs these rows (CaseDef.rows).
   */
  get rowsCalled(): ReadonlySet<string> {
    return this.called;
  }

  /** A child program (see the constructor): its rows count as this program's. */
  child(): CaseProgram {
    return new CaseProgram(this);
  }

  /** Records `name` as a row the program calls, by code it emits itself (x8 set by hand). */
  recordRow(name: string): this {
    syscall(name);
    this.called.add(name);
    this.parent?.recordRow(name);
    return this;
  }

  // ---- data --------------------------------------------------------------------------------

  space(n: number, align = 16): number {
    this.used = Math.ceil(this.used / align) * align;
    const at = DATA_BASE + this.used;
    this.used += n;
    if (this.used > DATA_SIZE) throw new Error(`case program data exceeds ${DATA_SIZE} bytes`);
    return at;
  }

  bytes(b: Uint8Array, align = 16): number {
    const at = this.space(b.length, align);
    if (this.used > this.data.length) {
      const grown = new Uint8Array(Math.min(DATA_SIZE, Math.max(this.used, 2 * this.data.length)));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(b, at - DATA_BASE);
    return at;
  }

  /** A NUL-terminated string. */
  str(s: string): number {
    const b = enc.encode(s);
    const out = new Uint8Array(b.length + 1);
    out.set(b);
    return this.bytes(out, 1);
  }

  /** 64-bit words, e.g. a pointer vector for argv. */
  words(values: readonly (number | bigint)[]): number {
    const b = new Uint8Array(8 * values.length);
    const v = new DataView(b.buffer);
    values.forEach((w, i) => v.setBigUint64(8 * i, BigInt.asUintN(64, BigInt(w)), true));
    return this.bytes(b, 8);
  }

  // ---- registers and calls -----------------------------------------------------------------

  /** A fresh variable register (x19..x26). */
  variable(): Reg {
    if (this.nextVar > LAST_VAR) throw new Error('case program ran out of variable registers');
    return new Reg(this.nextVar++);
  }

  private set(rd: number, v: Operand): void {
    if (v instanceof Reg) {
      if (v.n < 6 && v.n < rd) throw new Error(`operand x${v.n} would be overwritten before use`);
      this.mov(rd, v.n);
    } else {
      this.a.movImm(rd, v);
    }
  }

  mov(rd: number, rm: number): this {
    if (rd !== rm) this.a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: rm, imm6: 0, Rn: 31, Rd: rd });
    return this;
  }

  /** x0..x5 = args, x8 = the row's number, svc #0. The result is in x0. */
  sys(name: string, ...args: Operand[]): this {
    return this.recordRow(name).emitCall(name, args);
  }

  /**
   * Like `sys`, for a row the case expects to be absent (not implemented: -ENOSYS). The call does
   * not make it a row the case needs: a target without the row still runs the case.
   */
  sysAbsent(name: string, ...args: Operand[]): this {
    return this.emitCall(name, args);
  }

  /** x8 = the row's number, svc #0, with the arguments already in x0..x5. */
  svc(name: string): this {
    this.recordRow(name);
    this.a.movImm(8, syscall(name).nr).svc();
    return this;
  }

  private emitCall(name: string, args: readonly Operand[]): this {
    if (args.length > 6) throw new Error(`${name}: more than six arguments`);
    args.forEach((v, i) => this.set(i, v));
    this.a.movImm(8, syscall(name).nr).svc();
    return this;
  }

  /** Copies x0 into `reg`. */
  save(reg: Reg): this {
    return this.mov(reg.n, 0);
  }

  /** Loads the 64-bit word at `addr` into `reg`. */
  load(reg: Reg | number, addr: number): this {
    const rt = reg instanceof Reg ? reg.n : reg;
    this.a.movImm(9, addr).inst('LDR_X_uoff', { Rt: rt, Rn: 9, imm12: 0 });
    return this;
  }

  /** Loads the 32-bit word at `addr`, sign-extended (an int field such as an fd), into `reg`. */
  loadInt(reg: Reg | number, addr: number): this {
    const rt = reg instanceof Reg ? reg.n : reg;
    this.a.movImm(9, addr).inst('LDRSW_uoff', { Rt: rt, Rn: 9, imm12: 0 });
    return this;
  }

  // ---- assertions --------------------------------------------------------------------------

  private begin(description: string, clauses: readonly string[]): { n: number; fail: Label; done: Label } {
    if (/[\n#]/.test(description)) throw new Error(`assertion description may not contain a newline or '#': ${description}`);
    const n = this.list.length + 1;
    this.list.push({ n, description, clauses });
    return { n, fail: this.a.label(), done: this.a.label() };
  }

  private end(step: { n: number; fail: Label; done: Label }, description: string): this {
    this.print(`ok ${step.n} - ${description}\n`);
    this.a.b(step.done);
    this.a.bind(step.fail);
    this.print(`not ok ${step.n} - ${description} # got 0x`);
    this.a.bl(this.hexRoutine);
    this.a.addImm(FAILURES, FAILURES, 1);
    this.a.bind(step.done);
    return this;
  }

  /** Asserts that `from` (default x0) equals `value` as a 64-bit pattern. */
  expectEq(description: string, clauses: readonly string[], value: number | bigint, from: Reg | number = 0): this {
    const step = this.begin(description, clauses);
    this.mov(VALUE, from instanceof Reg ? from.n : from);
    this.a.movImm(10, BigInt.asUintN(64, BigInt(value)));
    this.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: VALUE, Rd: 31 });
    this.a.bcond('ne', step.fail);
    return this.end(step, description);
  }

  /** Asserts that the call failed with -errno. */
  expectErrno(description: string, clauses: readonly string[], errno: ErrnoName, from: Reg | number = 0): this {
    return this.expectEq(description, clauses, -errnoNumber(errno), from);
  }

  /** Asserts a non-negative (success) result. */
  expectOk(description: string, clauses: readonly string[], from: Reg | number = 0): this {
    const step = this.begin(description, clauses);
    this.mov(VALUE, from instanceof Reg ? from.n : from);
    this.a.tbnz(VALUE, 63, step.fail);
    return this.end(step, description);
  }

  /** Asserts a signed comparison of `from` with `value` (e.g. 'ge' 0, 'lt' 0). */
  expectCmp(description: string, clauses: readonly string[], cond: Cond, value: number, from: Reg | number = 0): this {
    const step = this.begin(description, clauses);
    this.mov(VALUE, from instanceof Reg ? from.n : from);
    this.a.movImm(10, BigInt.asUintN(64, BigInt(value)));
    this.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: VALUE, Rd: 31 });
    const ok = this.a.label();
    this.a.bcond(cond, ok);
    this.a.b(step.fail);
    this.a.bind(ok);
    return this.end(step, description);
  }

  /** Asserts that memory at `addr` holds exactly `expected`; on failure prints the first differing offset. */
  expectMem(description: string, clauses: readonly string[], addr: number, expected: Uint8Array): this {
    const want = this.bytes(expected, 1);
    const step = this.begin(description, clauses);
    this.a.movImm(0, addr).movImm(1, want).movImm(2, expected.length);
    this.a.bl(this.memcmpRoutine);
    this.mov(VALUE, 0);
    this.a.cbnz(VALUE, step.fail);
    return this.end(step, description);
  }

  /** Writes `text` to fd 1 (clobbers x0..x2, x8). */
  print(text: string): this {
    const b = enc.encode(text);
    this.a.movImm(1, this.bytes(b, 1)).movImm(2, b.length);
    this.a.bl(this.writeRoutine);
    return this;
  }

  /** Prints the plan and exits with the failure count (at most 255). Returns the ELF. */
  finish(): Uint8Array {
    this.print(`1..${this.list.length}\n`);
    this.a.cmpImm(FAILURES, 255);
    this.a.movImm(10, 255);
    this.a.inst('CSEL', { sf: 1, Rm: FAILURES, cond: 8 /* hi */, Rn: 10, Rd: 0 });
    this.a.movImm(8, syscall('exit').nr).svc();
    this.a.brk(0);
    this.emitRoutines();
    return this.elf();
  }

  /** The data segment's file bytes: everything up to the last reserved byte. */
  private initializedData(): Uint8Array {
    const out = new Uint8Array(Math.max(this.used, 1));
    out.set(this.data.subarray(0, Math.min(this.data.length, out.length)));
    return out;
  }

  /** The ELF of a program that ends by itself (child programs: no plan, no routines unless used). */
  elf(): Uint8Array {
    // Segments aligned to the SwiftOS page (ADDRESS_SPACE.PAGE_SIZE), not writeElf's 64 KiB default:
    // the file stays a few KiB instead of 128.
    return writeElf({
      entry: CODE_BASE,
      align: 0x1000,
      segments: [
        { vaddr: CODE_BASE, data: this.a.bytesOut(), executable: true },
        { vaddr: DATA_BASE, data: this.initializedData(), memsz: DATA_SIZE, writable: true },
      ],
    });
  }

  /** exit(code) for child programs. */
  exit(code: Operand): this {
    this.set(0, code);
    return this.svc('exit');
  }

  private emitRoutines(): void {
    const a = this.a;
    const write = syscall('write').nr;
    // tap_write(x1 = buf, x2 = len): write(1, buf, len).
    a.bind(this.writeRoutine);
    a.movImm(0, 1).movImm(8, write).svc().ret();
    // tap_hex: prints x27 as 16 hex digits and a newline.
    a.bind(this.hexRoutine);
    a.movImm(11, this.hexBuffer + 16).movImm(12, 10).inst('STRB_uoff', { Rt: 12, Rn: 11, imm12: 0 });
    this.mov(10, VALUE);
    a.movImm(13, 16);
    const digit = a.here();
    a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 3, Rn: 10, Rd: 12 }); // x12 = x10 & 0xf
    a.cmpImm(12, 10);
    a.addImm(14, 12, 0x30).addImm(15, 12, 0x61 - 10);
    a.inst('CSEL', { sf: 1, Rm: 15, cond: 11 /* lt */, Rn: 14, Rd: 12 });
    a.inst('STRB_pre', { imm9: 0x1ff, Rn: 11, Rt: 12 }); // strb w12, [x11, #-1]!
    a.inst('UBFM', { sf: 1, N: 1, immr: 4, imms: 63, Rn: 10, Rd: 10 }); // lsr x10, x10, #4
    a.subImm(13, 13, 1).cbnz(13, digit);
    a.movImm(0, 1).movImm(1, this.hexBuffer).movImm(2, 17).movImm(8, write).svc().ret();
    // memcmp(x0, x1, x2) -> x0 = 0 when equal, else 1 + the first differing offset.
    a.bind(this.memcmpRoutine);
    a.movImm(13, 0);
    const loop = a.label();
    const same = a.label();
    a.bind(loop);
    a.cbz(2, same);
    a.inst('LDRB_post', { imm9: 1, Rn: 0, Rt: 10 }).inst('LDRB_post', { imm9: 1, Rn: 1, Rt: 11 });
    a.addImm(13, 13, 1).subImm(2, 2, 1);
    a.inst('SUBS_sreg', { sf: 0, shift: 0, Rm: 11, imm6: 0, Rn: 10, Rd: 31 });
    a.bcond('eq', loop);
    this.mov(0, 13);
    a.ret();
    a.bind(same);
    a.movImm(0, 0).ret();
  }
}
