/**
 * Emission helpers shared by the load/store rows: effective addresses, base writeback, and
 * transfers between memory and X or V registers. Addresses are JS numbers (signed view of the
 * 64-bit value, exact below 2^53; anything outside user space faults in the accessor).
 */
import type { Emitter } from '../../translate/emitter.js';

/** An effective address (a JS number variable) and, for writeback forms, the new base halves. */
export interface EffectiveAddress {
  readonly a: string;
  readonly wbLo?: string;
  readonly wbHi?: string;
}

export type ImmMode = 'offset' | 'pre' | 'post';

/** X[n] (SP for 31) plus constant `imm`; writeback values exact in 64 bits for pre/post. */
export function emitBaseImm(e: Emitter, n: number, imm: number, mode: ImmMode): EffectiveAddress {
  if (mode === 'offset') return { a: e.let(imm === 0 ? e.addr(n) : `${e.addr(n)} + ${imm}`) };
  const { lo, hi } = emitAdd64Const(e, e.lo(n, true), e.hi(n, true), imm);
  const a = mode === 'pre' ? e.let(`${hi} * 4294967296 + (${lo} >>> 0)`) : e.let(e.addr(n));
  return { a, wbLo: lo, wbHi: hi };
}

/** (hi:lo) + imm as int32 halves in fresh variables. */
export function emitAdd64Const(e: Emitter, lo: string, hi: string, imm: number): { lo: string; hi: string } {
  const t = e.let(`(${lo} >>> 0) + ${imm}`);
  const carry = imm > 0 ? ` + (${t} > 4294967295 ? 1 : 0)` : imm < 0 ? ` - (${t} < 0 ? 1 : 0)` : '';
  return { lo: e.let(`${t} | 0`), hi: e.let(`(${hi}${carry}) | 0`) };
}

/** (hi:lo) + (bHi:bLo) as int32 halves in fresh variables. */
export function emitAdd64(e: Emitter, lo: string, hi: string, bLo: string, bHi: string): { lo: string; hi: string } {
  const t = e.let(`(${lo} >>> 0) + (${bLo} >>> 0)`);
  return { lo: e.let(`${t} | 0`), hi: e.let(`(${hi} + ${bHi} + (${t} > 4294967295 ? 1 : 0)) | 0`) };
}

/** Writes the new base computed by a writeback form. */
export function emitWriteback(e: Emitter, n: number, ea: EffectiveAddress): void {
  if (ea.wbLo === undefined || ea.wbHi === undefined) return;
  e.line(`x[${2 * n}] = ${ea.wbLo}; x[${2 * n + 1}] = ${ea.wbHi};`);
}

/**
 * X[n] + ExtendReg(m, option, shift): option 010 UXTW, 011 LSL/UXTX, 110 SXTW, 111 SXTX.
 * Summed in int32 halves so that wrap-around and negative indexes are exact.
 */
export function emitRegOffset(e: Emitter, n: number, m: number, option: number, shift: number): string {
  const ml = e.lo(m);
  const mh = e.hi(m);
  let offLo: string;
  let offHi: string;
  if (option & 1) {
    offLo = shift ? `(${ml} << ${shift})` : ml;
    offHi = shift ? `((${mh} << ${shift}) | (${ml} >>> ${32 - shift}))` : mh;
  } else {
    const signed = (option & 4) !== 0;
    offLo = shift ? `(${ml} << ${shift})` : ml;
    offHi = signed ? `(${ml} >> ${shift ? 32 - shift : 31})` : shift ? `(${ml} >>> ${32 - shift})` : '0';
  }
  const t = e.let(`(${e.lo(n, true)} >>> 0) + (${offLo} >>> 0)`);
  return e.let(`((${e.hi(n, true)} + ${offHi} + (${t} > 4294967295 ? 1 : 0)) | 0) * 4294967296 + (${t} >>> 0)`);
}

/** Faults before any byte is written when a multi-part store of `len` bytes crosses a page. */
export function emitProbeIfCrossing(e: Emitter, a: string, len: number): void {
  e.line(`if ((${a} & 4095) > ${4096 - len}) m.probe(${a}, ${len}, true);`);
}

/** Sets Xt from int32 halves that are already evaluated (ZR discards). */
export function putX(e: Emitter, t: number, lo: string, hi: string): void {
  if (t !== 31) e.line(`x[${2 * t}] = ${lo}; x[${2 * t + 1}] = ${hi};`);
}

/** Loads 2^size bytes at `a` (size 0..3); halves of the value zero- or sign-extended to 64 bits. */
export function emitLoadValue(e: Emitter, a: string, size: number, signed: boolean): { lo: string; hi: string } {
  switch (size) {
    case 0:
      return extended(e, signed ? `(m.r8(${a}) << 24) >> 24` : `m.r8(${a})`, signed);
    case 1:
      return extended(e, signed ? `(m.r16(${a}) << 16) >> 16` : `m.r16(${a})`, signed);
    case 2:
      return extended(e, `m.r32(${a})`, signed);
    default: {
      const lo = e.let(`m.r64(${a})`);
      return { lo, hi: e.let('m.hi') };
    }
  }
}

function extended(e: Emitter, expr: string, signed: boolean): { lo: string; hi: string } {
  const lo = e.let(expr);
  return { lo, hi: signed ? `(${lo} >> 31)` : '0' };
}

/** Integer load into Rt: W destinations take the low half and clear the high half. */
export function emitLoadInt(e: Emitter, a: string, size: number, signed: boolean, rt64: boolean, t: number): void {
  const v = emitLoadValue(e, a, size, signed);
  putX(e, t, v.lo, rt64 ? v.hi : '0');
}

/** Stores the low 2^size bytes of Xt (ZR stores zeros). */
export function emitStoreInt(e: Emitter, a: string, size: number, t: number): void {
  emitStoreValue(e, a, size, e.lo(t), e.hi(t));
}

/** Stores the low 2^size bytes of the value (hi:lo). */
export function emitStoreValue(e: Emitter, a: string, size: number, lo: string, hi: string): void {
  const call = size === 0 ? `m.w8(${a}, ${lo})` : size === 1 ? `m.w16(${a}, ${lo})` : size === 2 ? `m.w32(${a}, ${lo})` : `m.w64(${a}, ${lo}, ${hi})`;
  e.line(`${call};`);
}

/** The four int32 words of Vt after a load of 2^size bytes (size 0..4), zero above the data. */
export function emitLoadVecWords(e: Emitter, a: string, size: number): string[] {
  switch (size) {
    case 0:
      return [e.let(`m.r8(${a})`), '0', '0', '0'];
    case 1:
      return [e.let(`m.r16(${a})`), '0', '0', '0'];
    case 2:
      return [e.let(`m.r32(${a})`), '0', '0', '0'];
    case 3: {
      const lo = e.let(`m.r64(${a})`);
      return [lo, e.let('m.hi'), '0', '0'];
    }
    default: {
      const w0 = e.let(`m.r64(${a})`);
      const w1 = e.let('m.hi');
      const w2 = e.let(`m.r64(${a} + 8)`);
      return [w0, w1, w2, e.let('m.hi')];
    }
  }
}

/** Writes the four int32 words of Vt. */
export function putV(e: Emitter, t: number, words: readonly string[]): void {
  e.line(words.map((w, i) => `vi[${4 * t + i}] = ${w};`).join(' '));
}

/** Stores the low 2^size bytes of Vt (size 0..4). */
export function emitStoreVec(e: Emitter, a: string, size: number, t: number): void {
  switch (size) {
    case 0:
      e.line(`m.w8(${a}, vb[${16 * t}]);`);
      return;
    case 1:
      e.line(`m.w16(${a}, vh[${8 * t}]);`);
      return;
    case 2:
      e.line(`m.w32(${a}, vi[${4 * t}]);`);
      return;
    case 3:
      e.line(`m.w64(${a}, vi[${4 * t}], vi[${4 * t + 1}]);`);
      return;
    default:
      emitProbeIfCrossing(e, a, 16);
      e.line(`m.w64(${a}, vi[${4 * t}], vi[${4 * t + 1}]); m.w64(${a} + 8, vi[${4 * t + 2}], vi[${4 * t + 3}]);`);
  }
}
