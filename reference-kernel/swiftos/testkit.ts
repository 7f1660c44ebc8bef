// Building and running guest programs for the kernel's tests: the program is A64 code from
// cpu/'s encoder plus a data segment; a run returns the verdict, console and every syscall.
import { Assembler } from '../../cpu/asm/assembler.js';
import { writeElf } from '../../cpu/elf/index.js';
import { errnoNumber, syscall, type ErrnoName } from '../../spec/index.js';
import { Kernel, type BootOptions, type RunResult, type SyscallEvent } from './kernel.js';
import type { Process } from './process.js';

export const CODE = 0x8000_0000;
export const DATA = 0x8040_0000;
export const DATA_SIZE = 0x2_0000;

const enc = new TextEncoder();

/** A guest program: code in `a`, data laid out by `str`/`bytes`/`space`. */
export class Prog {
  readonly a = new Assembler();
  private readonly data = new Uint8Array(DATA_SIZE);
  private used = 0;

  /** Reserves `n` zeroed bytes of data; returns their address. */
  space(n: number, align = 16): number {
    this.used = Math.ceil(this.used / align) * align;
    const at = DATA + this.used;
    this.used += n;
    if (this.used > DATA_SIZE) throw new Error('test program data segment is full');
    return at;
  }

  bytes(b: Uint8Array, align = 16): number {
    const at = this.space(b.length, align);
    this.data.set(b, at - DATA);
    return at;
  }

  /** A NUL-terminated string; returns its address. */
  str(s: string): number {
    const b = enc.encode(s);
    const out = new Uint8Array(b.length + 1);
    out.set(b);
    return this.bytes(out, 1);
  }

  /** An array of 64-bit words (pointer vectors for argv, envp). */
  words(values: readonly (number | bigint)[]): number {
    const b = new Uint8Array(8 * values.length);
    const v = new DataView(b.buffer);
    values.forEach((w, i) => v.setBigUint64(8 * i, BigInt.asUintN(64, BigInt(w)), true));
    return this.bytes(b, 8);
  }

  /** x0..x5 = args, x8 = the call's number, svc #0. */
  sys(name: string, ...args: (number | bigint)[]): this {
    args.forEach((v, i) => this.a.movImm(i, v));
    this.a.movImm(8, syscall(name).nr).svc();
    return this;
  }

  /** Copies x0 into `reg` (x19..x28 survive syscalls). */
  keep(reg: number): this {
    this.a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 0, imm6: 0, Rn: 31, Rd: reg });
    return this;
  }

  /** Moves register `rm` into `rd`. */
  mov(rd: number, rm: number): this {
    this.a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: rm, imm6: 0, Rn: 31, Rd: rd });
    return this;
  }

  /** Loads the 64-bit word at `addr` into `rt` (uses x9). */
  load(rt: number, addr: number): this {
    this.a.movImm(9, addr).inst('LDR_X_uoff', { Rt: rt, Rn: 9, imm12: 0 });
    return this;
  }

  /** Stores `rt` to the 64-bit word at `addr` (uses x9). */
  store(rt: number, addr: number): this {
    this.a.movImm(9, addr).inst('STR_X_uoff', { Rt: rt, Rn: 9, imm12: 0 });
    return this;
  }

  /** exit(code), with code either a number or a register (`{ reg }`). */
  exit(code: number | { reg: number }): this {
    if (typeof code === 'number') this.a.movImm(0, code);
    else this.mov(0, code.reg);
    this.a.movImm(8, syscall('exit').nr).svc();
    return this;
  }

  elf(): Uint8Array {
    return writeElf({
      entry: CODE,
      segments: [
        { vaddr: CODE, data: this.a.bytesOut(), executable: true },
        { vaddr: DATA, data: this.data.slice(0, Math.max(this.used, 1)), memsz: DATA_SIZE, writable: true },
      ],
    });
  }
}

/** Builds a program with `build`. */
export function program(build: (p: Prog) => void): Uint8Array {
  const p = new Prog();
  build(p);
  return p.elf();
}

export interface Run {
  readonly result: RunResult;
  readonly kernel: Kernel;
  /** Completed syscalls (outcome 'return'), in order. */
  readonly calls: readonly SyscallEvent[];
  readonly events: readonly SyscallEvent[];
  readonly trace: readonly string[];
  readonly out: string;
  /** Return values of the completed calls named `name`, in order. */
  rets(name: string): bigint[];
  /** The return value of the `i`-th completed call named `name`. */
  ret(name: string, i?: number): bigint;
  /** The clause named by the `i`-th completed call named `name`. */
  clause(name: string, i?: number): string | null;
}

export interface RunOptions extends BootOptions {
  /** Called after boot, before the first instruction. */
  readonly setup?: (s: { readonly kernel: Kernel; readonly init: Process }) => void;
  /** Called at every syscall event, with the kernel as it is then. */
  readonly watch?: (e: SyscallEvent, kernel: Kernel) => void;
}

/** Boots `image` as init and runs it to its verdict. */
export function run(image: Uint8Array | Prog, opts: RunOptions = {}): Run {
  const trace: string[] = [];
  const events: SyscallEvent[] = [];
  const { setup, watch, ...boot } = opts;
  let kernel: Kernel | null = null;
  kernel = new Kernel({
    maxInstructions: 50_000_000,
    ...boot,
    trace: (l) => trace.push(l),
    onSyscall: (e) => {
      events.push(e);
      watch?.(e, kernel!);
    },
  });
  const init = kernel.boot(image instanceof Prog ? image.elf() : image, 'init');
  setup?.({ kernel, init });
  const result = kernel.run();
  const calls = events.filter((e) => e.outcome === 'return');
  const named = (name: string): SyscallEvent[] => calls.filter((e) => e.name === name);
  const nth = (name: string, i: number): SyscallEvent => {
    const e = named(name)[i];
    if (!e) throw new Error(`no completed call ${name} #${i}; verdict ${JSON.stringify(result.verdict)}; trace tail:\n${trace.slice(-15).join('\n')}`);
    return e;
  };
  return {
    result, kernel, calls, events, trace,
    out: new TextDecoder().decode(result.console),
    rets: (name) => named(name).map((e) => e.ret!),
    ret: (name, i = 0) => nth(name, i).ret!,
    clause: (name, i = 0) => nth(name, i).clause,
  };
}

/** An immediate, or `{ r: n }` for the value in register xn (x19..x28 survive calls). */
export type Arg = number | bigint | { readonly r: number };

/** x0..x5 = args, svc with the call's number; register sources must be x6 and above. */
export function call(p: Prog, name: string, ...args: Arg[]): Prog {
  args.forEach((v, i) => {
    if (typeof v === 'object') p.mov(i, v.r);
    else p.a.movImm(i, v);
  });
  p.a.movImm(8, syscall(name).nr).svc();
  return p;
}

/** -errno as a bigint, the way a failing call returns it. */
export function err(name: ErrnoName): bigint {
  return -BigInt(errnoNumber(name));
}
