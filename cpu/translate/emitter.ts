/**
 * Builds the JavaScript source of one translated block. Rows call these helpers from their
 * `emit` functions; every helper returns an expression string or appends statements.
 *
 * Names visible to emitted code (see translate/compile.ts):
 *   K   the block's constants (immediates and addresses, see `k`)
 *   c   the Cpu            x   Int32Array: X regs as int32 halves, x[2n]=lo, x[2n+1]=hi;
 *                              n=31 is SP; x[64..67] = N,Z,C,V (0/1); x[68..69] = TPIDR_EL0;
 *                              x[70] = PSTATE DIT/SSBS/TCO bits as MRS returns them
 *   m   the AddressSpace   (r8/r16/r32/r64/w8/w16/w32/w64, see cpu/memory/address-space.ts)
 *   vb  Uint8Array, vh Uint16Array, vi Int32Array, vf Float32Array, vd Float64Array:
 *       views of the 32 x 128-bit V registers (register n starts at byte 16n)
 *   R   Int32Array(8) scratch through which runtime helpers return multi-word results
 *   every export of cpu/runtime (destructured by name)
 */
export const NZCV = 64;
export const FLAG_N = 64;
export const FLAG_Z = 65;
export const FLAG_C = 66;
export const FLAG_V = 67;
export const TPIDR = 68;
export const X_SLOTS = 72;

export type StopKind = 'svc' | 'brk' | 'udf' | 'hlt';

export class Emitter {
  private readonly lines: string[] = [];
  private readonly consts: number[] = [];
  private tmpCount = 0;
  /** Address of the instruction being emitted. */
  pc = 0;
  /** Index of the instruction within the block. */
  index = 0;
  /** Set by a row that has emitted a control transfer or a stop. */
  ended = false;
  /** Start of the block: a branch back to it loops inside the translated function. */
  readonly blockStart: number;
  /** Runtime helper names the block uses. */
  readonly helpers = new Set<string>();

  constructor(blockStart: number) {
    this.blockStart = blockStart;
  }

  get source(): string {
    return this.lines.join('\n');
  }

  line(s: string): void {
    this.lines.push(s);
  }

  /** A fresh local name, bound to `expr`. */
  let(expr: string): string {
    const name = `t${this.tmpCount++}`;
    this.lines.push(`let ${name} = ${expr};`);
    return name;
  }

  /** A fresh local name declared without value. */
  local(): string {
    const name = `t${this.tmpCount++}`;
    this.lines.push(`let ${name};`);
    return name;
  }

  /** Marks a runtime helper as used and returns its name. */
  rt(name: string): string {
    this.helpers.add(name);
    return name;
  }

  get next(): number {
    return this.pc + 4;
  }

  /**
   * A constant of the instruction (an immediate, an address) as a read of K, the block's
   * constant vector, instead of a literal: blocks that differ only in such constants then have
   * the same source and share one compiled function (translate/compile.ts).
   */
  k(value: number): string {
    this.consts.push(value);
    return `K[${this.consts.length - 1}]`;
  }

  /** The constants `k` collected, in order. */
  get constants(): readonly number[] {
    return this.consts;
  }

  /** An address: a constant of the block (see `k`). */
  pcExpr(addr: number): string {
    return this.k(addr);
  }

  /** Writes Xn from a JS number expression holding an address (exact below 2^53; may be negative). */
  setAddrX(n: number, expr: string): void {
    const t = this.let(expr);
    this.setX(n, t, `Math.floor(${t} / 4294967296)`);
  }

  // ---- general-purpose registers -------------------------------------------------------

  /** Low 32 bits of Xn (int32). n=31 is SP when `sp`, else XZR. */
  lo(n: number, sp = false): string {
    return n === 31 && !sp ? '0' : `x[${2 * n}]`;
  }

  /** High 32 bits of Xn (int32). */
  hi(n: number, sp = false): string {
    return n === 31 && !sp ? '0' : `x[${2 * n + 1}]`;
  }

  /** Xn as an unsigned JS number (exact below 2^53), for addresses. */
  addr(n: number, sp = true): string {
    if (n === 31 && !sp) return '0';
    return `(x[${2 * n + 1}] * 4294967296 + (x[${2 * n}] >>> 0))`;
  }

  /** Writes Xn from two int32 expressions; evaluates both before writing. */
  setX(n: number, lo: string, hi: string, sp = false): void {
    if (n === 31 && !sp) {
      return;
    }
    const l = this.let(`${lo} | 0`);
    const h = this.let(`${hi} | 0`);
    this.lines.push(`x[${2 * n}] = ${l}; x[${2 * n + 1}] = ${h};`);
  }

  /** Writes Wn (zero-extending into Xn). */
  setW(n: number, lo: string, sp = false): void {
    if (n === 31 && !sp) return;
    this.lines.push(`x[${2 * n}] = ${lo}; x[${2 * n + 1}] = 0;`);
  }

  /** Writes a register of width 64 (sf=1) or 32 (sf=0). */
  setR(sf: number, n: number, lo: string, hi: string, sp = false): void {
    if (sf) this.setX(n, lo, hi, sp);
    else this.setW(n, lo, sp);
  }

  setFlags(n: string, z: string, c: string, v: string): void {
    this.lines.push(`x[64] = ${n}; x[65] = ${z}; x[66] = ${c}; x[67] = ${v};`);
  }

  /** Boolean JS expression for condition code `cond` (Arm ARM ConditionHolds). */
  cond(cond: number): string {
    const base = (() => {
      switch (cond >> 1) {
        case 0: return 'x[65] !== 0';
        case 1: return 'x[66] !== 0';
        case 2: return 'x[64] !== 0';
        case 3: return 'x[67] !== 0';
        case 4: return '(x[66] !== 0 && x[65] === 0)';
        case 5: return '(x[64] === x[67])';
        case 6: return '(x[64] === x[67] && x[65] === 0)';
        default: return 'true';
      }
    })();
    if ((cond & 1) === 1 && cond !== 15) return `!(${base})`;
    return base;
  }

  // ---- control ---------------------------------------------------------------------------

  /** Leaves the block for a constant target. */
  branch(target: number): void {
    this.ended = true;
    const count = this.index + 1;
    if (target === this.blockStart) {
      this.lines.push(
        `if (n + ${2 * count} <= lim) { n += ${count}; continue; } c.pc = ${this.pcExpr(target)}; return n + ${count};`,
      );
    } else {
      this.lines.push(`c.pc = ${this.pcExpr(target)}; return n + ${count};`);
    }
  }

  /** Leaves the block for a computed target (JS number expression). */
  branchTo(targetExpr: string): void {
    this.ended = true;
    this.lines.push(`c.pc = ${targetExpr}; return n + ${this.index + 1};`);
  }

  /** Conditional branch: to `target` when `condExpr` holds, else falls to the next instruction. */
  branchIf(condExpr: string, target: number): void {
    this.ended = true;
    const count = this.index + 1;
    if (target === this.blockStart) {
      this.lines.push(
        `if (${condExpr}) { if (n + ${2 * count} <= lim) { n += ${count}; continue; } c.pc = ${this.pcExpr(target)}; return n + ${count}; }`,
      );
    } else {
      this.lines.push(`if (${condExpr}) { c.pc = ${this.pcExpr(target)}; return n + ${count}; }`);
    }
    this.lines.push(`c.pc = ${this.pcExpr(this.next)}; return n + ${count};`);
  }

  /**
   * Stops the CPU. `svc` retires the instruction (pc advances); `brk`, `hlt` and `udf` do not.
   */
  stop(kind: StopKind, imm: number): void {
    this.ended = true;
    const retired = kind === 'svc';
    const pc = retired ? this.next : this.pc;
    this.lines.push(
      `c.stopKind = '${kind}'; c.stopImm = ${imm}; c.pc = ${this.pcExpr(pc)}; return n + ${retired ? this.index + 1 : this.index};`,
    );
  }

  /** Raises an alignment fault when `addrExpr` is not a multiple of `size`. */
  checkAlign(addrExpr: string, size: number): void {
    if (size <= 1) return;
    this.lines.push(`if (${addrExpr} % ${size} !== 0) m.alignFault(${addrExpr});`);
  }
}
