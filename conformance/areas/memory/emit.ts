// Small A64 sequences the memory cases share: code placed in pages, stores, loads, zero scans.

import { Assembler } from '../../../cpu/asm/assembler.js';
import { CODE_BASE, type CaseProgram, type Reg } from '../../program/builder.js';
import { PAGE } from './consts.js';

/** The marker byte written at the last byte of a prepared page. */
export const END_MARKER = 0xa5;

/** `MOVZ x0, #k; RET`: a function that returns k (1..0xffff). */
export function returnK(k: number): number[] {
  if (k < 1 || k > 0xffff) throw new RangeError(`returnK: ${k} is not in 1..0xffff`);
  return Array.from(new Assembler().movImm(0, k).ret().assemble());
}

/** `ADD x0, x0, x1; ADD x0, x0, #k; RET`: returns x0 + x1 + k. */
export function addArgsK(k: number): number[] {
  return Array.from(
    new Assembler().inst('ADD_sreg', { sf: 1, shift: 0, Rm: 1, imm6: 0, Rn: 0, Rd: 0 }).addImm(0, 0, k).ret().assemble(),
  );
}

/** Little-endian bytes of 32-bit words. */
export function wordBytes(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 * words.length);
  const v = new DataView(out.buffer);
  words.forEach((w, i) => v.setUint32(4 * i, w >>> 0, true));
  return out;
}

/** The 64-bit little-endian value of the first two words. */
export function firstDword(words: readonly number[]): bigint {
  return (BigInt(words[1]! >>> 0) << 32n) | BigInt(words[0]! >>> 0);
}

/** x`rd` = x`rn` + offset (offset may be any size; uses x10 when it is not an imm12). */
export function addr(p: CaseProgram, rd: number, rn: number, offset: number): void {
  if (offset === 0) {
    p.mov(rd, rn);
  } else if (offset > 0 && (offset <= 0xfff || ((offset & 0xfff) === 0 && offset <= 0xfff000))) {
    p.a.addImm(rd, rn, offset);
  } else {
    p.a.movImm(10, BigInt.asUintN(64, BigInt(offset)));
    p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: rn, Rd: rd });
  }
}

/** Stores 32-bit words at [x`base` + offset] (uses x10, x11). */
export function storeWords(p: CaseProgram, base: Reg, offset: number, words: readonly number[]): void {
  addr(p, 11, base.n, offset);
  words.forEach((w, i) => {
    p.a.movImm(10, w >>> 0, 0);
    p.a.inst('STR_W_uoff', { Rt: 10, Rn: 11, imm12: i });
  });
}

/** Stores one byte at [x`base` + offset] (uses x10, x11). */
export function storeByte(p: CaseProgram, base: Reg, offset: number, byte: number): void {
  addr(p, 11, base.n, offset);
  p.a.movImm(10, byte & 0xff);
  p.a.inst('STRB_uoff', { Rt: 10, Rn: 11, imm12: 0 });
}

/** Stores a 64-bit value at [x`base` + offset] (uses x10, x11). */
export function storeDword(p: CaseProgram, base: Reg, offset: number, value: bigint): void {
  addr(p, 11, base.n, offset);
  p.a.movImm(10, BigInt.asUintN(64, value));
  p.a.inst('STR_X_uoff', { Rt: 10, Rn: 11, imm12: 0 });
}

/** x`rt` = the 64-bit word at [x`base` + offset] (uses x11). */
export function loadDword(p: CaseProgram, rt: number, base: Reg, offset: number): void {
  addr(p, 11, base.n, offset);
  p.a.inst('LDR_X_uoff', { Rt: rt, Rn: 11, imm12: 0 });
}

/** x`rt` = the byte at [x`base` + offset] (uses x11). */
export function loadByte(p: CaseProgram, rt: number, base: Reg, offset: number): void {
  addr(p, 11, base.n, offset);
  p.a.inst('LDRB_uoff', { Rt: rt, Rn: 11, imm12: 0 });
}

/** Prepares the page at [x`base` + offset]: `code` at its start and END_MARKER at its last byte. */
export function preparePage(p: CaseProgram, base: Reg, offset: number, code: readonly number[]): void {
  storeWords(p, base, offset, code);
  storeByte(p, base, offset + PAGE - 1, END_MARKER);
}

/** x0 = OR of every 64-bit word in [x`base` + offset, + bytes) (uses x9..x12). */
export function orRange(p: CaseProgram, base: Reg, offset: number, bytes: number): void {
  const a = p.a;
  addr(p, 11, base.n, offset);
  a.movImm(9, 0).movImm(12, bytes / 8).movImm(0, 0);
  const loop = a.here();
  a.inst('LDR_X_reg', { Rm: 9, option: 3, S: 1, Rn: 11, Rt: 10 });
  a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: 0, Rd: 0 });
  a.addImm(9, 9, 1);
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 12, imm6: 0, Rn: 9, Rd: 31 });
  a.bcond('ne', loop);
}

/** Fills [x`base` + offset, + bytes) with the 64-bit `value` (uses x9..x12). */
export function fillRange(p: CaseProgram, base: Reg, offset: number, bytes: number, value: bigint): void {
  const a = p.a;
  addr(p, 11, base.n, offset);
  a.movImm(9, 0).movImm(12, bytes / 8).movImm(10, BigInt.asUintN(64, value));
  const loop = a.here();
  a.inst('STR_X_reg', { Rm: 9, option: 3, S: 1, Rn: 11, Rt: 10 });
  a.addImm(9, 9, 1);
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 12, imm6: 0, Rn: 9, Rd: 31 });
  a.bcond('ne', loop);
}

/** x0 = x`ra` - x`rb`. */
export function diff(p: CaseProgram, ra: number, rb: number): void {
  p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: rb, imm6: 0, Rn: ra, Rd: 0 });
}

/** Emits exactly MOVZ + MOVK loading CODE_BASE + (offset of the instruction after them) into x`rd`. */
export function loadNextPc(p: CaseProgram, rd: number): void {
  const at = CODE_BASE + p.a.offset + 8;
  if (at >= 2 ** 32) throw new RangeError('code too large for loadNextPc');
  p.a.inst('MOVZ', { sf: 1, hw: 0, imm16: at & 0xffff, Rd: rd });
  p.a.inst('MOVK', { sf: 1, hw: 1, imm16: at >>> 16, Rd: rd });
}

/** The address of code at the current offset (for sigaction handler and restorer addresses). */
export function here(p: CaseProgram): number {
  return CODE_BASE + p.a.offset;
}

/** x0 = 0 when [x`base` + offset, + bytes) equals the image data at `expectedAt`, else 1 + the first differing offset (uses x9..x13). */
export function compareRange(p: CaseProgram, base: Reg, offset: number, expectedAt: number, bytes: number): void {
  const a = p.a;
  addr(p, 11, base.n, offset);
  a.movImm(12, expectedAt).movImm(9, 0).movImm(13, bytes).movImm(0, 0);
  const loop = a.here();
  const differ = a.label();
  const done = a.label();
  a.inst('LDRB_reg', { Rm: 9, option: 3, S: 0, Rn: 11, Rt: 10 });
  a.inst('LDRB_reg', { Rm: 9, option: 3, S: 0, Rn: 12, Rt: 0 });
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 0, imm6: 0, Rn: 10, Rd: 31 });
  a.bcond('ne', differ);
  a.addImm(9, 9, 1);
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 13, imm6: 0, Rn: 9, Rd: 31 });
  a.bcond('ne', loop);
  a.movImm(0, 0);
  a.b(done);
  a.bind(differ);
  a.addImm(0, 9, 1);
  a.bind(done);
}
