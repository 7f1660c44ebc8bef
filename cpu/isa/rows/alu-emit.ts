import type { Emitter } from '../../translate/emitter.js';

/** Operand of an ALU emitter: int32 expressions for the two halves (hi ignored when sf=0). */
export interface Operand {
  readonly lo: string;
  readonly hi: string;
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
  const bl = e.let(invertB ? `~${b.lo}` : `${b.lo} | 0`);
  if (!sf) {
    const al = e.let(`${a.lo} | 0`);
    const t = e.let(`(${al} >>> 0) + (${bl} >>> 0) + ${carryIn}`);
    const r = e.let(`${t} | 0`);
    if (setFlags) {
      e.setFlags(`${r} >>> 31`, `${r} === 0 ? 1 : 0`, `${t} > 4294967295 ? 1 : 0`, `((${al} ^ ${r}) & (${bl} ^ ${r})) >>> 31`);
    }
    if (rd !== null) e.setW(rd, r, rdIsSp);
    return;
  }
  const al = e.let(`${a.lo} | 0`);
  const ah = e.let(`${a.hi} | 0`);
  const bh = e.let(invertB ? `~${b.hi}` : `${b.hi} | 0`);
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

/** Adds a small non-negative constant (< 2^31) to or from an operand without flags. */
export function emitAddConst(e: Emitter, sf: number, a: Operand, k: number, sub: boolean, rd: number, rdIsSp: boolean): void {
  if (!sf) {
    e.setW(rd, `(${a.lo} ${sub ? '-' : '+'} ${k}) | 0`, rdIsSp);
    return;
  }
  const t = e.let(`(${a.lo} >>> 0) ${sub ? '-' : '+'} ${k}`);
  const hi = sub ? `${a.hi} - (${t} < 0 ? 1 : 0)` : `${a.hi} + (${t} > 4294967295 ? 1 : 0)`;
  e.setX(rd, `${t} | 0`, hi, rdIsSp);
}
