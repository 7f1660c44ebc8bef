/**
 * The few A64 instructions the cpu-diff wrapper is made of, encoded bit by bit (independent of
 * the encoding table, whose rows are still being written). Register 31 is SP where the
 * instruction allows it (base registers, ADD immediate), XZR elsewhere.
 */

const reg = (r: number): number => {
  if (!Number.isInteger(r) || r < 0 || r > 31) throw new RangeError(`bad register ${r}`);
  return r;
};

const uimm = (v: number, bits: number, what: string): number => {
  if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) throw new RangeError(`${what} ${v} does not fit ${bits} bits`);
  return v;
};

const scaled = (offset: number, scale: number, bits: number, what: string): number => {
  if (offset % scale !== 0) throw new RangeError(`${what} offset ${offset} is not a multiple of ${scale}`);
  return uimm(offset / scale, bits, `${what} offset`);
};

const simm = (v: number, bits: number, what: string): number => {
  if (!Number.isInteger(v) || v < -(2 ** (bits - 1)) || v >= 2 ** (bits - 1)) {
    throw new RangeError(`${what} ${v} does not fit ${bits} signed bits`);
  }
  return v & (2 ** bits - 1);
};

/** MOVZ Xd, #imm16, LSL #(16*hw) */
export const movz = (rd: number, imm16: number, hw = 0): number =>
  (0xd2800000 | (uimm(hw, 2, 'hw') << 21) | (uimm(imm16, 16, 'imm16') << 5) | reg(rd)) >>> 0;

/** MOVK Xd, #imm16, LSL #(16*hw) */
export const movk = (rd: number, imm16: number, hw = 0): number =>
  (0xf2800000 | (uimm(hw, 2, 'hw') << 21) | (uimm(imm16, 16, 'imm16') << 5) | reg(rd)) >>> 0;

/** Loads a constant below 2^48 into Xd (MOVZ plus MOVKs). */
export function movImm(rd: number, value: number): number[] {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 2 ** 48) throw new RangeError(`constant ${value} out of range`);
  const out = [movz(rd, value % 65536)];
  for (let hw = 1; hw < 3; hw++) {
    const part = Math.floor(value / 2 ** (16 * hw)) % 65536;
    if (part !== 0) out.push(movk(rd, part, hw));
  }
  return out;
}

/** ADD Xd|SP, Xn|SP, #imm12 */
export const addImm = (rd: number, rn: number, imm12: number): number =>
  (0x91000000 | (uimm(imm12, 12, 'imm12') << 10) | (reg(rn) << 5) | reg(rd)) >>> 0;

/** SUBS Xd, Xn|SP, #imm12 */
export const subsImm = (rd: number, rn: number, imm12: number): number =>
  (0xf1000000 | (uimm(imm12, 12, 'imm12') << 10) | (reg(rn) << 5) | reg(rd)) >>> 0;

/** LDR Xt, [Xn|SP, #offset] */
export const ldrX = (rt: number, rn: number, offset: number): number =>
  (0xf9400000 | (scaled(offset, 8, 12, 'ldr') << 10) | (reg(rn) << 5) | reg(rt)) >>> 0;

/** STR Xt, [Xn|SP, #offset] */
export const strX = (rt: number, rn: number, offset: number): number =>
  (0xf9000000 | (scaled(offset, 8, 12, 'str') << 10) | (reg(rn) << 5) | reg(rt)) >>> 0;

/** LDR Qt, [Xn|SP, #offset] */
export const ldrQ = (qt: number, rn: number, offset: number): number =>
  (0x3dc00000 | (scaled(offset, 16, 12, 'ldr q') << 10) | (reg(rn) << 5) | reg(qt)) >>> 0;

/** STR Qt, [Xn|SP, #offset] */
export const strQ = (qt: number, rn: number, offset: number): number =>
  (0x3d800000 | (scaled(offset, 16, 12, 'str q') << 10) | (reg(rn) << 5) | reg(qt)) >>> 0;

/** LDP Qt1, Qt2, [Xn|SP], #offset (post-index) */
export const ldpQPost = (q1: number, q2: number, rn: number, offset: number): number =>
  (0xacc00000 | (simm(offset / 16, 7, 'ldp offset') << 15) | (reg(q2) << 10) | (reg(rn) << 5) | reg(q1)) >>> 0;

/** STP Qt1, Qt2, [Xn|SP], #offset (post-index) */
export const stpQPost = (q1: number, q2: number, rn: number, offset: number): number =>
  (0xac800000 | (simm(offset / 16, 7, 'stp offset') << 15) | (reg(q2) << 10) | (reg(rn) << 5) | reg(q1)) >>> 0;

/** System registers as (op0, op1, CRn, CRm, op2). */
export const SYSREG = {
  NZCV: [3, 3, 4, 2, 0],
  FPCR: [3, 3, 4, 4, 0],
  FPSR: [3, 3, 4, 4, 1],
  TPIDR_EL0: [3, 3, 13, 0, 2],
} as const;
export type SysReg = keyof typeof SYSREG;

function sysregBits(name: SysReg): number {
  const [op0, op1, crn, crm, op2] = SYSREG[name];
  return ((op0 - 2) << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5);
}

/** MSR <sysreg>, Xt */
export const msr = (name: SysReg, rt: number): number => (0xd5100000 | sysregBits(name) | reg(rt)) >>> 0;

/** MRS Xt, <sysreg> */
export const mrs = (rt: number, name: SysReg): number => (0xd5300000 | sysregBits(name) | reg(rt)) >>> 0;

export const SVC0 = 0xd4000001;
/** CLREX: clears the exclusive monitor, so no case sees another's load-exclusive. */
export const CLREX = 0xd5033f5f;
export const RET = 0xd65f03c0;

/** BRK #imm16 */
export const brk = (imm16: number): number => (0xd4200000 | (uimm(imm16, 16, 'imm16') << 5)) >>> 0;

/** B to `offset` bytes from this instruction. */
export const b = (offset: number): number => (0x14000000 | simm(offset / 4, 26, 'b offset')) >>> 0;

/** BL to `offset` bytes from this instruction. */
export const bl = (offset: number): number => (0x94000000 | simm(offset / 4, 26, 'bl offset')) >>> 0;

/** B.NE to `offset` bytes from this instruction. */
export const bne = (offset: number): number => (0x54000001 | (simm(offset / 4, 19, 'b.ne offset') << 5)) >>> 0;
