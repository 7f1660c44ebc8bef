import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { hex, op } from './fmt.js';
import { clearHigh, vr } from './simd-emit.js';

/**
 * AdvSIMDExpandImm(op, cmode, imm8) of the Arm ARM, as [low word, high word] (int32 each).
 * cmode 1111 gives the FMOV immediates (single for op=0, double for op=1).
 */
export function expandImm(opBit: number, cmode: number, imm8: number): [number, number] {
  const rep32 = (v: number): [number, number] => [v | 0, v | 0];
  switch (cmode >> 1) {
    case 0:
      return rep32(imm8);
    case 1:
      return rep32(imm8 << 8);
    case 2:
      return rep32(imm8 << 16);
    case 3:
      return rep32(imm8 << 24);
    case 4:
      return rep32(imm8 * 0x10001);
    case 5:
      return rep32((imm8 << 8) * 0x10001);
    case 6:
      return rep32(cmode & 1 ? (imm8 << 16) | 0xffff : (imm8 << 8) | 0xff);
    default: {
      if ((cmode & 1) === 0 && opBit === 0) return rep32(imm8 * 0x01010101);
      if ((cmode & 1) === 0) {
        const bytes = (mask: number): number => {
          let v = 0;
          for (let i = 0; i < 4; i++) if ((mask >> i) & 1) v |= 0xff << (8 * i);
          return v | 0;
        };
        return [bytes(imm8 & 15), bytes(imm8 >> 4)];
      }
      const a = (imm8 >> 7) & 1;
      const b = (imm8 >> 6) & 1;
      const cdefgh = imm8 & 0x3f;
      if (opBit === 0) {
        const v = (a << 31) | ((b ^ 1) << 30) | ((b ? 0x1f : 0) << 25) | (cdefgh << 19);
        return rep32(v);
      }
      const hi = (a << 31) | ((b ^ 1) << 30) | ((b ? 0xff : 0) << 22) | (cdefgh << 16);
      return [0, hi | 0];
    }
  }
}

const imm8Of = (f: Fields): number => (f.abc! << 5) | f.defgh!;

/** Whether op:cmode selects the 32-bit shifted form (cmode 0xx0 / 0xx1). */
const isShift32 = (cmode: number): boolean => (cmode & 8) === 0;
const isShift16 = (cmode: number): boolean => (cmode & 12) === 8;
const isMsl = (cmode: number): boolean => (cmode & 14) === 12;

/** Operand text for the shifted forms: `#0x1, lsl #8`, `#0x1, msl #16`. */
function shiftedImm(f: Fields): string[] {
  const imm8 = imm8Of(f);
  const cmode = f.cmode!;
  if (isShift32(cmode)) {
    const amount = ((cmode >> 1) & 3) * 8;
    return amount ? [hex(imm8), `lsl #${amount}`] : [hex(imm8)];
  }
  if (isShift16(cmode)) {
    const amount = ((cmode >> 1) & 1) * 8;
    return amount ? [hex(imm8), `lsl #${amount}`] : [hex(imm8)];
  }
  return [hex(imm8), `msl #${cmode & 1 ? 16 : 8}`];
}

function shiftedArrangement(f: Fields): string {
  return isShift16(f.cmode!) ? (f.Q ? '8h' : '4h') : f.Q ? '4s' : '2s';
}

/** Writes the constant [lo, hi] (possibly inverted) to Vd, replicated when Q=1. */
function emitMoveImm(e: Emitter, d: number, q: number, lo: number, hi: number): void {
  e.line(`vi[${4 * d}] = ${lo}; vi[${4 * d + 1}] = ${hi}; vi[${4 * d + 2}] = ${q ? lo : 0}; vi[${4 * d + 3}] = ${q ? hi : 0};`);
}

function emitLogicImm(e: Emitter, d: number, q: number, lo: number, hi: number, bic: boolean): void {
  const words = q ? 4 : 2;
  for (let k = 0; k < words; k++) {
    const v = k & 1 ? hi : lo;
    e.line(bic ? `vi[${4 * d + k}] &= ${~v};` : `vi[${4 * d + k}] |= ${v};`);
  }
  if (!q) clearHigh(e, d);
}

const PATTERN_TAIL = '0111100000 abc:3 cmode:4 0 1 defgh:5 Rd:5';

/** Advanced SIMD modified immediate: MOVI, MVNI, ORR (immediate), BIC (immediate). */
export const simdImmRows: InsnRowSpec[] = [
  {
    name: 'MOVI',
    pattern: `0 Q:1 op:1 ${PATTERN_TAIL}`,
    cls: 'simd',
    when: (f) =>
      f.op === 0
        ? (f.cmode! & 1) === 0 || isMsl(f.cmode!)
        : f.cmode === 14,
    emit: (f, e) => {
      const [lo, hi] = expandImm(f.op!, f.cmode!, imm8Of(f));
      emitMoveImm(e, f.Rd!, f.Q!, lo, hi);
    },
    disasm: (f) => {
      const cmode = f.cmode!;
      if (cmode === 14) {
        if (f.op === 0) return op('movi', vr(f.Rd!, f.Q ? '16b' : '8b'), hex(imm8Of(f)));
        const [lo, hi] = expandImm(1, 14, imm8Of(f));
        const v = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
        return op('movi', f.Q ? vr(f.Rd!, '2d') : `d${f.Rd}`, hex(v));
      }
      return op('movi', vr(f.Rd!, shiftedArrangement(f)), ...shiftedImm(f));
    },
  },
  {
    name: 'MVNI',
    pattern: `0 Q:1 1 ${PATTERN_TAIL}`,
    cls: 'simd',
    when: (f) => (f.cmode! & 1) === 0 ? f.cmode !== 14 : isMsl(f.cmode!),
    emit: (f, e) => {
      const [lo, hi] = expandImm(1, f.cmode!, imm8Of(f));
      emitMoveImm(e, f.Rd!, f.Q!, ~lo, ~hi);
    },
    disasm: (f) => op('mvni', vr(f.Rd!, shiftedArrangement(f)), ...shiftedImm(f)),
  },
  {
    name: 'ORR_vimm',
    pattern: `0 Q:1 0 ${PATTERN_TAIL}`,
    cls: 'simd',
    when: (f) => (f.cmode! & 1) === 1 && (isShift32(f.cmode!) || isShift16(f.cmode!)),
    emit: (f, e) => {
      const [lo, hi] = expandImm(0, f.cmode!, imm8Of(f));
      emitLogicImm(e, f.Rd!, f.Q!, lo, hi, false);
    },
    disasm: (f) => op('orr', vr(f.Rd!, shiftedArrangement(f)), ...shiftedImm(f)),
  },
  {
    name: 'BIC_vimm',
    pattern: `0 Q:1 1 ${PATTERN_TAIL}`,
    cls: 'simd',
    when: (f) => (f.cmode! & 1) === 1 && (isShift32(f.cmode!) || isShift16(f.cmode!)),
    emit: (f, e) => {
      const [lo, hi] = expandImm(1, f.cmode!, imm8Of(f));
      emitLogicImm(e, f.Rd!, f.Q!, lo, hi, true);
    },
    disasm: (f) => op('bic', vr(f.Rd!, shiftedArrangement(f)), ...shiftedImm(f)),
  },
];
