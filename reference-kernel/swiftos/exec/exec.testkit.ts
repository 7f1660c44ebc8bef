// Shared pieces of the memory, exec and spawn tests: self-checking guest programs, a run with a
// setup step (handles, cwd, threads placed before the first instruction) and a hook that can
// look at the kernel at each syscall.
import type { Cond } from '../../../cpu/asm/assembler.js';
import { Assembler } from '../../../cpu/asm/assembler.js';
import { constValue, errnoNumber, rightsMask, syscall, type ErrnoName, type RightName } from '../../../spec/index.js';
import type { Handle } from '../handles.js';
import type { Kernel } from '../kernel.js';
import { FileObject } from '../objects/file.js';
import type { Process } from '../process.js';
import { Prog, run } from '../testkit.js';

export const as = (name: string): number => constValue('ADDRESS_SPACE', name);
export const PAGE = as('PAGE_SIZE');
export const PROT = {
  NONE: constValue('PROT', 'PROT_NONE'),
  R: constValue('PROT', 'PROT_READ'),
  W: constValue('PROT', 'PROT_WRITE'),
  X: constValue('PROT', 'PROT_EXEC'),
};
export const MAP = {
  PRIVATE: constValue('MAP_FLAGS', 'MAP_PRIVATE'),
  ANON: constValue('MAP_FLAGS', 'MAP_ANONYMOUS'),
  FIXED: constValue('MAP_FLAGS', 'MAP_FIXED'),
  NOREPLACE: constValue('MAP_FLAGS', 'MAP_FIXED_NOREPLACE'),
  NORESERVE: constValue('MAP_FLAGS', 'MAP_NORESERVE'),
};
export const ANON = MAP.PRIVATE | MAP.ANON;
export const SIGSEGV = constValue('SIGNALS', 'SIGSEGV');
/** The register holding the number of the first failed check (0: none failed). */
export const FAILS = 28;

/**
 * Checks inside a guest: each check gets the next number; the program exits with the number of
 * the first one that failed, so a test expects exit status 0. Clobbers x9 and x10.
 */
export class Checks {
  private count = 0;

  constructor(readonly p: Prog) {
    p.a.movImm(FAILS, 0);
  }

  /** Number of checks placed so far. */
  get placed(): number {
    return this.count;
  }

  /** Records a failure unless `cond` holds on the current flags. */
  when(cond: Cond): this {
    const a = this.p.a;
    const n = ++this.count;
    if (n > 255) throw new Error('too many checks for an exit status');
    const pass = a.label();
    a.bcond(cond, pass).cbnz(FAILS, pass).movImm(FAILS, n);
    a.bind(pass);
    return this;
  }

  /** Sets the flags from `reg` - `value` (64-bit). */
  cmp(reg: number, value: number | bigint): this {
    this.p.a.movImm(10, value).inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: reg, Rd: 31 });
    return this;
  }

  /** Sets the flags from `reg` - `other`. */
  cmpReg(reg: number, other: number): this {
    this.p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: other, imm6: 0, Rn: reg, Rd: 31 });
    return this;
  }

  eq(reg: number, value: number | bigint): this {
    return this.cmp(reg, value).when('eq');
  }

  ne(reg: number, value: number | bigint): this {
    return this.cmp(reg, value).when('ne');
  }

  /** x0 == -errno. */
  errno(name: ErrnoName, reg = 0): this {
    return this.eq(reg, -errnoNumber(name));
  }

  /** The 64-bit word at [`base` + `offset`] equals `value` (uses x11). */
  word(base: number, offset: number, value: number | bigint): this {
    this.p.a.movImm(11, offset).inst('LDR_X_reg', { Rm: 11, option: 3, S: 0, Rn: base, Rt: 11 });
    return this.eq(11, value);
  }

  /** exit(number of the first failed check). */
  done(): void {
    this.p.exit({ reg: FAILS });
  }
}

/** Stores the 64-bit `value` at [`base` + `offset`] (uses x11, x12). */
export function storeWord(p: Prog, base: number, offset: number, value: number | bigint): void {
  p.a.movImm(11, offset).movImm(12, value).inst('STR_X_reg', { Rm: 11, option: 3, S: 0, Rn: base, Rt: 12 });
}

/** Loads the 64-bit word at [`base` + `offset`] into `rt` (uses x11 unless it is `rt`). */
export function loadWord(p: Prog, rt: number, base: number, offset: number): void {
  p.a.movImm(11, offset).inst('LDR_X_reg', { Rm: 11, option: 3, S: 0, Rn: base, Rt: rt });
}

/** Stores the 32-bit instruction words of `code` at [`base`] onward (uses x11, x12). */
export function storeCode(p: Prog, base: number, code: (a: Assembler) => void): void {
  const a = new Assembler();
  code(a);
  a.assemble().forEach((w, i) => {
    p.a.movImm(11, 4 * i).movImm(12, w).inst('STR_W_reg', { Rm: 11, option: 3, S: 0, Rn: base, Rt: 12 });
  });
}

/** A syscall argument: a constant, or a register (x19..x28) plus an optional offset. */
export type Arg = number | bigint | { readonly reg: number; readonly plus?: number };

/** `{ reg, plus }`: the value of register `reg` (+ `plus`) as a syscall argument. */
export function R(reg: number, plus = 0): Arg {
  return { reg, plus };
}

/** x0..x5 = args (registers read before any is overwritten only if they are x19 and up), svc. */
export function sys(p: Prog, name: string, ...args: Arg[]): void {
  args.forEach((v, i) => {
    if (typeof v !== 'object') {
      p.a.movImm(i, v);
      return;
    }
    p.mov(i, v.reg);
    if (v.plus) p.a.movImm(10, v.plus).inst('ADD_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: i, Rd: i });
  });
  p.a.movImm(8, syscall(name).nr).svc();
}

/** mmap(addr, length, prot, flags, -1, 0); the result goes to `keep` (and stays in x0). */
export function mmap(p: Prog, keep: number, length: number, prot: number, flags: number | bigint = ANON, addr: Arg = 0): void {
  sys(p, 'mmap', addr, length, prot, flags, -1, 0);
  p.keep(keep);
}

/** A child image: `build` writes its body; it ends with Checks.done() unless it exits itself. */
export function image(build: (p: Prog, c: Checks) => void): Uint8Array {
  const p = new Prog();
  const c = new Checks(p);
  build(p, c);
  c.done();
  return p.elf();
}

export type { RunOptions } from '../testkit.js';

/** What a setup step sees: the kernel after boot and init. */
export interface Setup {
  readonly kernel: Kernel;
  readonly init: Process;
}

/** Like testkit's `run` (kept under this name for the exec tests). */
export const runWith = run;

/** A handle on the base-image or tmpfs file `path`, opened read-only by root. */
export function fileHandle(kernel: Kernel, path: string, rights: readonly RightName[] = ['READ', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR']): Handle {
  const r = kernel.vfs.open(path, constValue('OPEN_ACCESS', 'O_RDONLY'), 0, ROOT_CALLER);
  if (!r.ok) throw new Error(`open ${path}: ${r.errno}`);
  return { object: new FileObject(r.value), rights: rightsMask(rights), cloexec: false };
}

/** Creates the tmpfs file `path` holding `data` with `mode` (as root). */
export function tmpfsFile(kernel: Kernel, path: string, data: Uint8Array, mode: number): void {
  const flags = constValue('OPEN_ACCESS', 'O_WRONLY') | constValue('OPEN_FLAGS', 'O_CREAT');
  const r = kernel.vfs.open(path, flags, 0o644, ROOT_CALLER);
  if (!r.ok) throw new Error(`create ${path}: ${r.errno}`);
  const w = r.value.write(data);
  if (!w.ok) throw new Error(`write ${path}: ${w.errno}`);
  r.value.close();
  const c = kernel.vfs.chmod(path, mode, ROOT_CALLER);
  if (!c.ok) throw new Error(`chmod ${path}: ${c.errno}`);
}

const ROOT_CALLER = { principal: 1, caps: 0x3f, cwd: '/', root: '/' };

/** The syscall number of `name` (for raw `svc` sequences). */
export const nr = (name: string): number => syscall(name).nr;
