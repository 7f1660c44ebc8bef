import { MEMORY_FAULT, type Access, type AddressSpace } from './memory/address-space.js';
import { CodeCache } from './translate/cache.js';
import type { Block } from './translate/compile.js';
import { X_SLOTS } from './translate/emitter.js';

export type StopReason =
  /** SVC retired; pc is the next instruction. */
  | { readonly kind: 'svc'; readonly imm: number; readonly pc: number }
  /** BRK #imm; pc is the BRK itself. */
  | { readonly kind: 'brk'; readonly imm: number; readonly pc: number }
  /** HLT #imm; pc is the HLT itself. */
  | { readonly kind: 'hlt'; readonly imm: number; readonly pc: number }
  /** UDF #imm (permanently undefined); pc is the UDF. */
  | { readonly kind: 'udf'; readonly imm: number; readonly pc: number }
  /** An encoding this emulator does not implement (or that is unallocated). */
  | { readonly kind: 'undefined'; readonly pc: number; readonly word: number }
  | {
      readonly kind: 'fault';
      readonly pc: number;
      /** The faulting instruction's word; absent when the fetch itself faulted. */
      readonly word: number | undefined;
      readonly addr: number;
      readonly access: Access;
      readonly alignment: boolean;
    }
  | { readonly kind: 'budget' };

/** Architectural state saved and restored by a scheduler. */
export interface CpuContext {
  readonly x: Int32Array;
  readonly v: Uint8Array;
  pc: number;
  fpcr: number;
  fpsr: number;
}

const V_BYTES = 32 * 16;

/**
 * One AArch64 EL0 hart. Registers follow DESIGN.md: X registers as int32 halves (x[2n] low,
 * x[2n+1] high; n=31 is SP), NZCV in x[64..67], TPIDR_EL0 in x[68..69]; V registers in one
 * 512-byte buffer with typed views.
 */
export class Cpu {
  readonly x = new Int32Array(X_SLOTS);
  readonly vbuf = new ArrayBuffer(V_BYTES);
  readonly vb = new Uint8Array(this.vbuf);
  readonly vh = new Uint16Array(this.vbuf);
  readonly vi = new Int32Array(this.vbuf);
  readonly vf = new Float32Array(this.vbuf);
  readonly vd = new Float64Array(this.vbuf);
  pc = 0;
  fpcr = 0;
  fpsr = 0;
  /** Exclusive monitor: address of the last load-exclusive, or -1. */
  exAddr = -1;
  /** Size in bytes of the monitored access (pair loads: total size). */
  exSize = 0;
  /** Value the last load-exclusive read, as int32 words (qemu's store-exclusive compares it). */
  readonly exValue = new Int32Array(4);
  /** Instructions retired since reset. */
  instret = 0;
  /** Value of CNTVCT_EL0 as a function of retired instructions; the kernel may replace it. */
  counter: (instret: number) => bigint = (n) => BigInt(n);
  /** CNTFRQ_EL0. */
  counterFrequency = 62_500_000;

  /** Set by translated code when it stops; '' while running. */
  stopKind = '';
  stopImm = 0;

  private spaceValue: AddressSpace;
  private cache: CodeCache;
  private readonly caches = new WeakMap<AddressSpace, CodeCache>();

  constructor(space: AddressSpace) {
    this.spaceValue = space;
    this.cache = this.cacheFor(space);
  }

  get space(): AddressSpace {
    return this.spaceValue;
  }

  /** Switches to another address space (process switch). */
  set space(space: AddressSpace) {
    this.spaceValue = space;
    this.cache = this.cacheFor(space);
  }

  private cacheFor(space: AddressSpace): CodeCache {
    let c = this.caches.get(space);
    if (!c) {
      c = new CodeCache(space);
      this.caches.set(space, c);
    }
    return c;
  }

  get translations(): number {
    return this.cache.translations;
  }

  /** Drops every translated block of the current address space. */
  flushCode(): void {
    this.cache.invalidateAll();
  }

  // ---- register access for kernels, loaders and tests ----------------------------------

  getX(n: number): bigint {
    return (BigInt(this.x[2 * n + 1]! >>> 0) << 32n) | BigInt(this.x[2 * n]! >>> 0);
  }

  setX(n: number, value: bigint): void {
    const v = BigInt.asUintN(64, value);
    this.x[2 * n] = Number(v & 0xffffffffn) | 0;
    this.x[2 * n + 1] = Number(v >> 32n) | 0;
  }

  /** Xn as a number; exact below 2^53 (addresses, small values). */
  getXNum(n: number): number {
    return (this.x[2 * n + 1]! >>> 0) * 4294967296 + (this.x[2 * n]! >>> 0);
  }

  setXNum(n: number, value: number): void {
    this.setX(n, BigInt(value));
  }

  get sp(): bigint {
    return this.getX(31);
  }

  set sp(value: bigint) {
    this.setX(31, value);
  }

  get nzcv(): number {
    const x = this.x;
    return (x[64]! << 31) | (x[65]! << 30) | (x[66]! << 29) | (x[67]! << 28);
  }

  set nzcv(value: number) {
    this.x[64] = (value >>> 31) & 1;
    this.x[65] = (value >>> 30) & 1;
    this.x[66] = (value >>> 29) & 1;
    this.x[67] = (value >>> 28) & 1;
  }

  get tpidr(): bigint {
    return this.getX(34);
  }

  set tpidr(value: bigint) {
    this.setX(34, value);
  }

  /** Vn as a 128-bit little-endian value (bytes 16n .. 16n+15). */
  getV(n: number): Uint8Array {
    return this.vb.slice(16 * n, 16 * n + 16);
  }

  setV(n: number, bytes: Uint8Array): void {
    if (bytes.length > 16) throw new RangeError('V register takes at most 16 bytes');
    this.vb.fill(0, 16 * n, 16 * n + 16);
    this.vb.set(bytes, 16 * n);
  }

  saveContext(): CpuContext {
    return { x: this.x.slice(), v: this.vb.slice(), pc: this.pc, fpcr: this.fpcr, fpsr: this.fpsr };
  }

  restoreContext(ctx: CpuContext): void {
    this.x.set(ctx.x);
    this.vb.set(ctx.v);
    this.pc = ctx.pc;
    this.fpcr = ctx.fpcr;
    this.fpsr = ctx.fpsr;
    this.exAddr = -1;
  }

  // ---- execution ---------------------------------------------------------------------------

  /**
   * Executes at most `budget` instructions. The count is exact: `instret` grows by the number
   * of instructions retired (SVC counts as retired; a faulting, BRK, UDF or undefined
   * instruction does not).
   */
  run(budget: number): StopReason {
    this.stopKind = '';
    let left = budget;
    let prev: Block | undefined;
    while (left > 0) {
      const pc = this.pc;
      let b: Block | undefined;
      if (prev !== undefined) {
        if (prev.succPc0 === pc) b = prev.succ0;
        else if (prev.succPc1 === pc) b = prev.succ1;
        if (b !== undefined && !b.valid) b = undefined;
      }
      if (b === undefined) {
        try {
          b = this.cache.block(pc);
        } catch (err) {
          if (err === MEMORY_FAULT) return this.fetchFault(pc);
          throw err;
        }
        if (prev !== undefined) {
          if (prev.succPc0 === -1 || prev.succPc0 === pc) {
            prev.succPc0 = pc;
            prev.succ0 = b;
          } else {
            prev.succPc1 = pc;
            prev.succ1 = b;
          }
        }
      }
      let runner = b;
      if (b.len > left) runner = this.cache.single(pc);
      const done = runner.fn(this, left);
      left -= done;
      this.instret += done;
      if (this.stopKind !== '') return this.stopReason();
      prev = runner === b ? b : undefined;
    }
    return { kind: 'budget' };
  }

  /** Executes exactly one instruction (or stops trying). */
  step(): StopReason {
    return this.run(1);
  }

  /** Called by translated code when a memory accessor throws. */
  blockFault(err: unknown, blockPc: number, k: number, n: number): number {
    if (err !== MEMORY_FAULT) throw err;
    this.pc = blockPc + 4 * k;
    this.stopKind = 'fault';
    return n + k;
  }

  private fetchFault(pc: number): StopReason {
    const f = this.space.lastFault;
    return { kind: 'fault', pc, word: undefined, addr: f.addr, access: 'exec', alignment: f.alignment };
  }

  private stopReason(): StopReason {
    const pc = this.pc;
    switch (this.stopKind) {
      case 'svc':
        return { kind: 'svc', imm: this.stopImm, pc };
      case 'brk':
        return { kind: 'brk', imm: this.stopImm, pc };
      case 'hlt':
        return { kind: 'hlt', imm: this.stopImm, pc };
      case 'udf':
        return { kind: 'udf', imm: this.stopImm, pc };
      case 'undefined':
        return { kind: 'undefined', pc, word: this.stopImm >>> 0 };
      case 'fault': {
        const f = this.space.lastFault;
        return { kind: 'fault', pc, word: this.wordAt(pc), addr: f.addr, access: f.access, alignment: f.alignment };
      }
      default:
        throw new Error(`translated code set unknown stop kind '${this.stopKind}'`);
    }
  }

  private wordAt(pc: number): number | undefined {
    try {
      return this.space.fetch(pc);
    } catch {
      return undefined;
    }
  }
}
