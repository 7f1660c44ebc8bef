// The case-building kit of the errors area: a CaseProgram with the image files it needs and its
// boot options, and small helpers for memory cells, out-of-line stubs (thread entries, signal
// handlers) and bounded exhaustion loops.

import type { Label } from '../../../cpu/asm/assembler.js';
import { constValue, errnoNumber, type ErrnoName } from '../../../spec/index.js';
import type { BootSpec, CaseFile, ExpectedVerdict } from '../../model.js';
import { CaseProgram, CODE_BASE, DATA_BASE, DATA_SIZE, Reg, type Operand } from '../../program/builder.js';
import { EXIT_OK, type CaseExtras } from '../../program/derived-case.js';

/** One past the last byte of the case program's data segment (MM.LAYOUT; INTERPRETING.md §3). */
export const DATA_END = DATA_BASE + DATA_SIZE;
/** Inside the user range, below the stack and above the image: nothing is mapped there (MM.LAYOUT). */
export const UNMAPPED = 0x8800_0000;
/** Below USER_VA_MIN: outside the user address range. */
export const BELOW_USER = 0x1000;
/** A kernel-half address: outside the user address range. */
export const KERNEL_HALF = 0xffff_0000_0000_0000n;
/** Code is mapped read + execute: a pointer here is readable but not writable. */
export const READ_ONLY = CODE_BASE;

/** A file the case adds to the image (INTERPRETING.md §5). */
export interface ImageFile {
  readonly path: string;
  readonly data: () => Uint8Array;
  readonly mode?: number;
}

type MutableBoot = { -readonly [K in keyof BootSpec]?: BootSpec[K] };

const SIGUSR1 = constValue('SIGNALS', 'SIGUSR1');

/** A case under construction around its program `p`. Variable registers come from the program (x19..x26). */
export class Ctx {
  private readonly files = new Map<string, CaseFile>();
  private readonly boot: MutableBoot = {};
  private readonly stubs = new Map<string, Label>();
  verdict: ExpectedVerdict = EXIT_OK;

  constructor(readonly p: CaseProgram = new CaseProgram()) {}

  get a(): CaseProgram['a'] {
    return this.p.a;
  }

  setBoot(b: BootSpec): this {
    Object.assign(this.boot, b);
    return this;
  }

  /** A syscall by row name (the program records the row as one the case needs). */
  sys(name: string, ...args: Operand[]): this {
    this.p.sys(name, ...args);
    return this;
  }

  /** x0 into a fresh variable register. */
  keep(): Reg {
    const r = this.p.variable();
    this.p.save(r);
    return r;
  }

  /** A syscall whose result is kept in a fresh variable register. */
  call(name: string, ...args: Operand[]): Reg {
    return this.sys(name, ...args).keep();
  }

  /** Adds an image file; returns its path. */
  file(f: ImageFile): string {
    if (!this.files.has(f.path)) {
      this.files.set(f.path, f.mode === undefined ? { path: f.path, data: f.data() } : { path: f.path, data: f.data(), mode: f.mode });
    }
    return f.path;
  }

  /**
   * A child program built with its own Ctx (its own data segment, a child of this program), added
   * to the image at `path`; the rows it calls count as rows of this case. Returns the path.
   */
  childProgram(path: string, build: (child: Ctx) => void): string {
    if (!this.files.has(path)) {
      const child = new Ctx(this.p.child());
      build(child);
      const data = child.p.elf();
      this.files.set(path, { path, data });
    }
    return path;
  }

  space(n: number, align = 16): number {
    return this.p.space(n, align);
  }

  str(s: string): number {
    return this.p.str(s);
  }

  bytes(b: Uint8Array, align = 16): number {
    return this.p.bytes(b, align);
  }

  words(values: readonly (number | bigint)[]): number {
    return this.p.words(values);
  }

  /** Stores the low 32 bits of `v` at `addr` (clobbers x9, x10). */
  storeW(addr: number, v: Operand): this {
    const rt = this.operandReg(v, 10);
    this.a.movImm(9, addr).inst('STR_W_uoff', { Rt: rt, Rn: 9, imm12: 0 });
    return this;
  }

  /** Stores 64 bits of `v` at `addr` (clobbers x9, x10). */
  storeX(addr: number, v: Operand): this {
    const rt = this.operandReg(v, 10);
    this.a.movImm(9, addr).inst('STR_X_uoff', { Rt: rt, Rn: 9, imm12: 0 });
    return this;
  }

  /** The sign-extended int at `addr`, in a fresh variable register. */
  loadInt(addr: number): Reg {
    const r = this.p.variable();
    this.p.loadInt(r, addr);
    return r;
  }

  /** x0 = x0 - reg. */
  subFrom0(reg: Reg): this {
    this.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: reg.n, imm6: 0, Rn: 0, Rd: 0 });
    return this;
  }

  private operandReg(v: Operand, scratch: number): number {
    if (v instanceof Reg) return v.n;
    this.a.movImm(scratch, v);
    return scratch;
  }

  /**
   * Code emitted once, out of line (the program jumps around it), bound before its first use so
   * its address is known: `CODE_BASE + label.offset`.
   */
  stub(name: string, emit: () => void): number {
    let label = this.stubs.get(name);
    if (label === undefined) {
      const over = this.a.label();
      this.a.b(over);
      label = this.a.here(`stub_${name}`);
      emit();
      this.a.bind(over);
      this.stubs.set(name, label);
    }
    return CODE_BASE + label.offset;
  }

  /** A raw svc with the row's number, arguments already in x0..x5 (records the row). */
  svc(name: string): this {
    this.p.svc(name);
    return this;
  }

  /** Thread entry that ends the thread at once: exit(0) (THR.EXIT.THREAD). */
  threadExitStub(): number {
    return this.stub('thread_exit', () => {
      this.a.movImm(0, 0);
      this.svc('exit');
    });
  }

  /** A signal handler that returns at once (to x30, the restorer). */
  handlerStub(): number {
    return this.stub('handler', () => {
      this.a.ret();
    });
  }

  /** The restorer: sigreturn (SIG.RETURN.RESTORE). */
  restorerStub(): number {
    return this.stub('restorer', () => {
      this.svc('sigreturn');
    });
  }

  /** A 16-byte aligned stack top with `bytes` of writable data below it (THR.CREATE.STACK). */
  stackTop(bytes = 256): number {
    return this.space(bytes, 16) + bytes;
  }

  /** An 8-byte data word holding `value` (futex words, flags shared with threads). */
  word(value: number | bigint = 0): number {
    return this.words([value]);
  }

  /**
   * Makes the next blocking call of the initial thread fail EINTR (SIG.INTR): installs a
   * returning SIGUSR1 handler and starts a thread that sleeps 10 ms and sends SIGUSR1 to the
   * process, again and again until `stopWord` is non-zero. Call `stopInterrupter` after the call.
   */
  interrupter(): { stopWord: number } {
    const stopWord = this.word(0);
    const sleepNs = 10_000_000;
    const entry = this.stub('interrupter', () => {
      const loop = this.a.here();
      this.a.movImm(0, 0).movImm(1, sleepNs);
      this.svc('nanosleep');
      this.a.movImm(0, 1).movImm(1, SIGUSR1);
      this.svc('kill');
      this.a.movImm(9, stopWord).inst('LDR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      this.a.cbz(10, loop);
      this.a.movImm(0, 0);
      this.svc('exit');
    });
    this.sys('sigaction', SIGUSR1, this.handlerStub(), this.restorerStub());
    this.sys('thread_create', entry, 0, this.stackTop());
    return { stopWord };
  }

  stopInterrupter(w: { stopWord: number }): this {
    return this.storeX(w.stopWord, 1);
  }

  /**
   * Repeats `body` (which leaves a syscall result in x0) while it succeeds, at most `max` times
   * (x16 counts; syscalls and assertions preserve it). Ends with the last result in x0.
   */
  repeatWhileOk(max: number, body: () => void): this {
    const done = this.a.label();
    this.a.movImm(16, max);
    const loop = this.a.here();
    body();
    this.a.tbnz(0, 63, done);
    this.a.subImm(16, 16, 1);
    this.a.cbnz(16, loop);
    this.a.bind(done);
    return this;
  }

  /**
   * Advances the `digits` lowercase letters at `addr` like an odometer (aaa, aab, ..., zzz), so
   * a loop can make a new name each turn (clobbers x9, x10).
   */
  odometer(addr: number, digits: number): this {
    const a = this.a;
    const done = a.label();
    for (let k = digits - 1; k >= 0; k--) {
      const carry = a.label();
      a.movImm(9, addr + k).inst('LDRB_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      a.addImm(10, 10, 1, 0);
      a.cmpImm(10, 0x7b, 0); // past 'z'
      a.bcond('eq', carry);
      a.inst('STRB_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      a.b(done);
      a.bind(carry);
      a.movImm(10, 0x61).inst('STRB_uoff', { Rt: 10, Rn: 9, imm12: 0 });
    }
    a.bind(done);
    return this;
  }

  /**
   * Creates tmpfs directories with fresh names until mkdir fails (FS.TMPFS.FULL: no room for a
   * new node), at most `max` times.
   */
  fillTmpfsNodes(max = 17_000): this {
    const name = this.str('/tmp/n-aaa');
    return this.repeatWhileOk(max, () => {
      this.sys('mkdir', name, 0o755);
      this.odometer(name + 7, 3);
    });
  }

  /**
   * Fills tmpfs with file bytes (FS.TMPFS.FULL): new files grown to 1 MiB each until that
   * fails, then the last file grown by halving steps down to one byte. Returns the last file's
   * handle (its offset is 0).
   */
  fillTmpfsBytes(): Reg {
    const rdwrCreat = constValue('OPEN_ACCESS', 'O_RDWR') | constValue('OPEN_FLAGS', 'O_CREAT');
    const name = this.str('/tmp/fill-aaa');
    const fd = this.p.variable();
    const size = this.p.variable();
    const next = this.p.variable();
    this.repeatWhileOk(4096, () => {
      this.sys('open', name, rdwrCreat, 0o644);
      this.a.tbnz(0, 63, this.stubEnd());
      this.p.save(fd);
      this.odometer(name + 10, 3);
      this.sys('ftruncate', fd, 1 << 20);
    });
    this.a.bind(this.pendingEnd!);
    this.pendingEnd = null;
    this.a.movImm(size.n, 0);
    for (let k = 20; k >= 0; k--) {
      const skip = this.a.label();
      this.a.movImm(10, 1 << k);
      this.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: size.n, Rd: next.n });
      this.sys('ftruncate', fd, next);
      this.a.tbnz(0, 63, skip);
      this.p.mov(size.n, next.n);
      this.a.bind(skip);
    }
    return fd;
  }

  private pendingEnd: Label | null = null;

  /** A label bound by the caller after the loop (used to leave `repeatWhileOk` early). */
  private stubEnd(): Label {
    this.pendingEnd ??= this.a.label();
    return this.pendingEnd;
  }

  /** dup(0) until the table is full (FD.TABLE.FULL): every handle number is then in use. */
  fillHandleTable(): this {
    return this.repeatWhileOk(600, () => {
      this.sys('dup', 0);
    });
  }

  /**
   * Maps anonymous read-write memory until no frame is left (MM.COMMIT.NOMEM): 1 MiB at a time,
   * halving the size on each failure down to one page. Needs a bounded machine (memoryBytes).
   */
  exhaustMemory(): this {
    const prot = constValue('PROT', 'PROT_READ') | constValue('PROT', 'PROT_WRITE');
    const flags = constValue('MAP_FLAGS', 'MAP_PRIVATE') | constValue('MAP_FLAGS', 'MAP_ANONYMOUS');
    const a = this.a;
    a.movImm(17, 1 << 20).movImm(16, 4000);
    const loop = a.here();
    const failed = a.label();
    const done = a.label();
    a.movImm(0, 0);
    this.p.mov(1, 17);
    a.movImm(2, prot).movImm(3, flags).movImm(4, -1).movImm(5, 0);
    this.svc('mmap');
    a.tbnz(0, 63, failed);
    a.subImm(16, 16, 1).cbnz(16, loop).b(done);
    a.bind(failed);
    a.inst('UBFM', { sf: 1, N: 1, immr: 1, imms: 63, Rn: 17, Rd: 17 }); // lsr x17, x17, #1
    a.cmpImm(17, 0x1000);
    a.bcond('ge', loop);
    a.bind(done);
    return this;
  }

  expectErrno(description: string, clauses: readonly string[], errno: ErrnoName, from?: Reg): this {
    this.p.expectErrno(description, clauses, errno, from);
    return this;
  }

  expectEq(description: string, clauses: readonly string[], value: number | bigint, from?: Reg): this {
    this.p.expectEq(description, clauses, value, from);
    return this;
  }

  expectCmp(description: string, clauses: readonly string[], cond: Parameters<CaseProgram['expectCmp']>[2], value: number, from?: Reg): this {
    this.p.expectCmp(description, clauses, cond, value, from);
    return this;
  }

  expectOk(description: string, clauses: readonly string[], from?: Reg): this {
    this.p.expectOk(description, clauses, from);
    return this;
  }

  /** What the case adds around its program (derivedCase finishes the program). */
  extras(): CaseExtras {
    return { files: [...this.files.values()], boot: { ...this.boot }, verdict: this.verdict };
  }
}

/** -errno as the 64-bit pattern x0 holds. */
export function negErrno(e: ErrnoName): bigint {
  return BigInt.asUintN(64, BigInt(-errnoNumber(e)));
}
