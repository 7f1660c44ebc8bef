import type { FpCpu } from './fp-lanes.js';

/** A register file for calling the fp runtime helpers directly (lane 0 of V0..V7 as operands). */
export class FpRegs implements FpCpu {
  fpcr = 0;
  fpsr = 0;
  readonly x = new Int32Array(72);
  readonly buf = new ArrayBuffer(512);
  readonly vh = new Uint16Array(this.buf);
  readonly vi = new Int32Array(this.buf);
  readonly vf = new Float32Array(this.buf);
  readonly vd = new Float64Array(this.buf);

  constructor(fpcr = 0) {
    this.fpcr = fpcr;
  }

  setD(reg: number, bits: bigint): this {
    this.vi[4 * reg] = Number(bits & 0xffffffffn) | 0;
    this.vi[4 * reg + 1] = Number(bits >> 32n) | 0;
    return this;
  }

  d(reg: number): bigint {
    return (BigInt(this.vi[4 * reg + 1]! >>> 0) << 32n) | BigInt(this.vi[4 * reg]! >>> 0);
  }

  setS(reg: number, bits: number): this {
    this.vi[4 * reg] = bits | 0;
    return this;
  }

  s(reg: number): number {
    return this.vi[4 * reg]! >>> 0;
  }

  setH(reg: number, bits: number): this {
    this.vh[8 * reg] = bits;
    return this;
  }

  h(reg: number): number {
    return this.vh[8 * reg]!;
  }

  get nzcv(): number {
    return (this.x[64]! << 3) | (this.x[65]! << 2) | (this.x[66]! << 1) | this.x[67]!;
  }
}

/** Bit pattern of a double / single as written in tests. */
export function bitsD(v: number): bigint {
  return new BigUint64Array(new Float64Array([v]).buffer)[0]!;
}

export function bitsS(v: number): number {
  return new Uint32Array(new Float32Array([v]).buffer)[0]!;
}
