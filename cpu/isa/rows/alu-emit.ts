import type { Emitter } from '../../translate/emitter.js';

/**
 * Operand of an ALU emitter: int32 expressions for the two halves (hi ignored when sf=0).
 * Expressions may be read more than once, so they must be free of side effects.
 */
export interface Operand {
  readonly lo: string;
  readonly hi: string;
}

/** Xn (or Wn) as an operand; register 31 is SP when `sp`, else ZR. */
export function regOperand(e: Emitter, n: number, sp = false): Operand {
  return { lo: e.lo(n, sp), hi: e.hi(n, sp) };
}

/** A constant 64-bit value given as int32 halves. */
export function constOperand(lo: number, hi: number): Operand {
  return { lo: String(lo | 0), hi: String(hi | 0) };
}

/** Shift types of shifted-register operands, in encoding order. */
export const SHIFT_NAMES = ['lsl', 'lsr', 'asr', 'ror'] as const;
export const LSL = 0;
export const LSR = 1;
export const ASR = 2;
export const ROR = 3;

function isSimple(expr: string): boolean {
  return /^(-?\d+|t\d+|x\[\d+\])$/.test(expr);
}

/** The operand itself when its halves are cheap to repeat, else bound to temporaries. */
export function bind(e: Emitter, sf: number, v: Operand): Operand {
  const lo = isSimple(v.lo) ? v.lo : e.let(`${v.lo} | 0`);
  if (!sf) return { lo, hi: '0' };
  return { lo, hi: isSimple(v.hi) ? v.hi : e.let(`${v.hi} | 0`) };
}

/** `v` shifted by the constant `amount` (0 <= amount < datasize): ShiftReg of the Arm ARM. */
export function shiftConst(e: Emitter, sf: number, type: number, v: Operand, amount: number): Operand {
  if (amount === 0) return v;
  const s = bind(e, sf, v);
  const l = s.lo;
  const h = s.hi;
  if (!sf) {
    switch (type) {
      case LSL: return { lo: `(${l} << ${amount})`, hi: '0' };
      case LSR: return { lo: `(${l} >>> ${amount})`, hi: '0' };
      case ASR: return { lo: `(${l} >> ${amount})`, hi: '0' };
      default: return { lo: `((${l} >>> ${amount}) | (${l} << ${32 - amount}))`, hi: '0' };
    }
  }
  if (amount === 32) {
    switch (type) {
      case LSL: return { lo: '0', hi: l };
      case LSR: return { lo: h, hi: '0' };
      case ASR: return { lo: h, hi: `(${h} >> 31)` };
      default: return { lo: h, hi: l };
    }
  }
  if (amount > 32) {
    const k = amount - 32;
    switch (type) {
      case LSL: return { lo: '0', hi: `(${l} << ${k})` };
      case LSR: return { lo: `(${h} >>> ${k})`, hi: '0' };
      case ASR: return { lo: `(${h} >> ${k})`, hi: `(${h} >> 31)` };
      default: return { lo: funnel(h, l, k), hi: funnel(l, h, k) };
    }
  }
  switch (type) {
    case LSL:
      if (h === '0') return { lo: `(${l} << ${amount})`, hi: `(${l} >>> ${32 - amount})` };
      return { lo: `(${l} << ${amount})`, hi: `((${h} << ${amount}) | (${l} >>> ${32 - amount}))` };
    case LSR: return { lo: funnel(l, h, amount), hi: `(${h} >>> ${amount})` };
    case ASR: return { lo: funnel(l, h, amount), hi: `(${h} >> ${amount})` };
    default: return { lo: funnel(l, h, amount), hi: funnel(h, l, amount) };
  }
}

/** Bits [31+k : k] of the 64-bit value high:low, for a constant 0 < k < 32. */
export function funnel(low: string, high: string, k: number): string {
  return `((${low} >>> ${k}) | (${high} << ${32 - k}))`;
}

/** `v` shifted by the register expression `amount` (taken modulo the datasize): LSLV etc. */
export function shiftVar(e: Emitter, sf: number, type: number, v: Operand, amount: string): Operand {
  const s = e.let(`${amount} & ${sf ? 63 : 31}`);
  const b = bind(e, sf, v);
  const l = b.lo;
  const h = b.hi;
  if (!sf) {
    switch (type) {
      case LSL: return { lo: `(${l} << ${s})`, hi: '0' };
      case LSR: return { lo: `(${l} >>> ${s})`, hi: '0' };
      case ASR: return { lo: `(${l} >> ${s})`, hi: '0' };
      default: return { lo: `((${l} >>> ${s}) | (${l} << -${s}))`, hi: '0' };
    }
  }
  // ((w << 1) << ~s) is w << (32 - s) for 0 < s < 32 and 0 for s = 0 (JS shifts count mod 32).
  const big = `(${s} & 32)`;
  switch (type) {
    case LSL:
      return {
        lo: `(${big} ? 0 : ${l} << ${s})`,
        hi: `(${big} ? ${l} << ${s} : (${h} << ${s}) | ((${l} >>> 1) >>> ~${s}))`,
      };
    case LSR:
      return {
        lo: `(${big} ? ${h} >>> ${s} : (${l} >>> ${s}) | ((${h} << 1) << ~${s}))`,
        hi: `(${big} ? 0 : ${h} >>> ${s})`,
      };
    case ASR:
      return {
        lo: `(${big} ? ${h} >> ${s} : (${l} >>> ${s}) | ((${h} << 1) << ~${s}))`,
        hi: `(${big} ? ${h} >> 31 : ${h} >> ${s})`,
      };
    default: {
      const a = e.let(`${big} ? ${h} : ${l}`);
      const c = e.let(`${big} ? ${l} : ${h}`);
      return {
        lo: `((${a} >>> ${s}) | ((${c} << 1) << ~${s}))`,
        hi: `((${c} >>> ${s}) | ((${a} << 1) << ~${s}))`,
      };
    }
  }
}

/** Extend types of extended-register operands, in encoding order. */
export const EXTEND_NAMES = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'] as const;

/** ExtendReg of the Arm ARM: register `m` extended by `option`, then shifted left by `shift`. */
export function extendReg(e: Emitter, sf: number, m: number, option: number, shift: number): Operand {
  const l = e.lo(m);
  const h = e.hi(m);
  let v: Operand;
  switch (option) {
    case 0: v = { lo: `(${l} & 255)`, hi: '0' }; break;
    case 1: v = { lo: `(${l} & 65535)`, hi: '0' }; break;
    case 2: v = { lo: l, hi: '0' }; break;
    case 4: v = { lo: `(${l} << 24 >> 24)`, hi: '' }; break;
    case 5: v = { lo: `(${l} << 16 >> 16)`, hi: '' }; break;
    case 6: v = { lo: l, hi: '' }; break;
    default: v = { lo: l, hi: h }; break;
  }
  if (!sf) return shiftConst(e, 0, LSL, { lo: v.lo, hi: '0' }, shift);
  if (v.hi === '') {
    const lo = isSimple(v.lo) ? v.lo : e.let(v.lo);
    v = { lo, hi: `(${lo} >> 31)` };
  }
  return shiftConst(e, 1, LSL, v, shift);
}

/**
 * Emits AddWithCarry(a, b, carryIn) of the Arm ARM on `sf` (1: 64-bit, 0: 32-bit) operands.
 * `invertB` computes a + NOT(b) + carryIn (subtraction). Writes Rd (unless null) and, when
 * `setFlags`, NZCV.
 */
export function emitAddWithCarry(
  e: Emitter,
  sf: number,
  a: Operand,
  b: Operand,
  carryIn: string,
  invertB: boolean,
  setFlags: boolean,
  rd: number | null,
  rdIsSp: boolean,
): void {
  if (!setFlags && rd !== null) {
    emitAdd(e, sf, a, b, carryIn, invertB, rd, rdIsSp);
    return;
  }
  const bl = e.let(invertB ? `~(${b.lo})` : `(${b.lo}) | 0`);
  if (!sf) {
    const al = e.let(`(${a.lo}) | 0`);
    const t = e.let(`(${al} >>> 0) + (${bl} >>> 0) + ${carryIn}`);
    const r = e.let(`${t} | 0`);
    if (setFlags) {
      e.setFlags(`${r} >>> 31`, `${r} === 0 ? 1 : 0`, `${t} > 4294967295 ? 1 : 0`, `((${al} ^ ${r}) & (${bl} ^ ${r})) >>> 31`);
    }
    if (rd !== null) e.setW(rd, r, rdIsSp);
    return;
  }
  const al = e.let(`(${a.lo}) | 0`);
  const ah = e.let(`(${a.hi}) | 0`);
  const bh = e.let(invertB ? `~(${b.hi})` : `(${b.hi}) | 0`);
  const tl = e.let(`(${al} >>> 0) + (${bl} >>> 0) + ${carryIn}`);
  const th = e.let(`(${ah} >>> 0) + (${bh} >>> 0) + (${tl} > 4294967295 ? 1 : 0)`);
  const rl = e.let(`${tl} | 0`);
  const rh = e.let(`${th} | 0`);
  if (setFlags) {
    e.setFlags(
      `${rh} >>> 31`,
      `(${rl} | ${rh}) === 0 ? 1 : 0`,
      `${th} > 4294967295 ? 1 : 0`,
      `((${ah} ^ ${rh}) & (${bh} ^ ${rh})) >>> 31`,
    );
  }
  if (rd !== null) e.setX(rd, rl, rh, rdIsSp);
}

/** a + b + carryIn (or a + NOT(b) + carryIn) into Rd, without flags. */
function emitAdd(e: Emitter, sf: number, a: Operand, b: Operand, carryIn: string, invertB: boolean, rd: number, rdIsSp: boolean): void {
  if (!sf) {
    const rhs = invertB ? `~(${b.lo})` : `(${b.lo})`;
    const carry = carryIn === '0' ? '' : ` + ${carryIn}`;
    e.setW(rd, `((${a.lo}) + ${rhs}${carry}) | 0`, rdIsSp);
    return;
  }
  if (invertB && carryIn === '1') {
    // a - b: borrow out of the low word when (a.lo >>> 0) < (b.lo >>> 0).
    const tl = e.let(`((${a.lo}) >>> 0) - ((${b.lo}) >>> 0)`);
    e.setX(rd, `${tl} | 0`, `(${a.hi}) - (${b.hi}) - (${tl} < 0 ? 1 : 0)`, rdIsSp);
    return;
  }
  const bl = invertB ? `(~(${b.lo}) >>> 0)` : `((${b.lo}) >>> 0)`;
  const bh = invertB ? `~(${b.hi})` : `(${b.hi})`;
  const carry = carryIn === '0' ? '' : ` + ${carryIn}`;
  const tl = e.let(`((${a.lo}) >>> 0) + ${bl}${carry}`);
  e.setX(rd, `${tl} | 0`, `(${a.hi}) + ${bh} + (${tl} > 4294967295 ? 1 : 0)`, rdIsSp);
}

/** Adds a small non-negative constant (< 2^31) to or from an operand without flags. */
export function emitAddConst(e: Emitter, sf: number, a: Operand, k: number, sub: boolean, rd: number, rdIsSp: boolean): void {
  if (k === 0) {
    if (sf) e.setX(rd, a.lo, a.hi, rdIsSp);
    else e.setW(rd, a.lo, rdIsSp);
    return;
  }
  const kk = e.k(k);
  if (!sf) {
    e.setW(rd, `(${a.lo} ${sub ? '-' : '+'} ${kk}) | 0`, rdIsSp);
    return;
  }
  const t = e.let(`(${a.lo} >>> 0) ${sub ? '-' : '+'} ${kk}`);
  const hi = sub ? `${a.hi} - (${t} < 0 ? 1 : 0)` : `${a.hi} + (${t} > 4294967295 ? 1 : 0)`;
  e.setX(rd, `${t} | 0`, hi, rdIsSp);
}

export type LogicOp = 'and' | 'orr' | 'eor';
const LOGIC_JS: Readonly<Record<LogicOp, string>> = { and: '&', orr: '|', eor: '^' };

/**
 * Emits a logical operation a OP b (b inverted when `invertB`: BIC, ORN, EON) into Rd, and
 * when `setFlags` sets N and Z from the result and clears C and V (ANDS, BICS).
 */
export function emitLogic(
  e: Emitter,
  sf: number,
  opName: LogicOp,
  a: Operand,
  b: Operand,
  invertB: boolean,
  setFlags: boolean,
  rd: number,
  rdIsSp: boolean,
): void {
  const o = LOGIC_JS[opName];
  const half = (x: string, y: string): string => (invertB ? `(${x} ${o} ~(${y}))` : `(${x} ${o} ${y})`);
  if (!sf) {
    if (!setFlags) {
      e.setW(rd, `${half(a.lo, b.lo)} | 0`, rdIsSp);
      return;
    }
    const r = e.let(`${half(a.lo, b.lo)} | 0`);
    e.setFlags(`${r} >>> 31`, `${r} === 0 ? 1 : 0`, '0', '0');
    e.setW(rd, r, rdIsSp);
    return;
  }
  if (!setFlags) {
    e.setX(rd, half(a.lo, b.lo), half(a.hi, b.hi), rdIsSp);
    return;
  }
  const rl = e.let(`${half(a.lo, b.lo)} | 0`);
  const rh = e.let(`${half(a.hi, b.hi)} | 0`);
  e.setFlags(`${rh} >>> 31`, `(${rl} | ${rh}) === 0 ? 1 : 0`, '0', '0');
  e.setX(rd, rl, rh, rdIsSp);
}

/** Sets NZCV from a constant 4-bit value (CCMP/CCMN when the condition fails). */
export function emitSetNzcvConst(e: Emitter, nzcv: number): void {
  e.setFlags(String((nzcv >> 3) & 1), String((nzcv >> 2) & 1), String((nzcv >> 1) & 1), String(nzcv & 1));
}
