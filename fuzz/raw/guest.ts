// The raw-register fuzzer's guest: a loop that draws x8 and x0..x5 from a xorshift64 generator
// seeded in a register, either as raw 64-bit noise or from tables of interesting numbers and
// values built from the spec (values.ts). The program is the same for every seed but the seed
// word, so one run of the guest is a pure function of (seed, calls, tables).

import { Assembler } from '../../cpu/asm/assembler.js';
import { writeElf } from '../../cpu/elf/index.js';
import { constValue, syscall, SYSCALLS } from '../../spec/index.js';

export const CODE = 0x8000_0000;
export const DATA = 0x8010_0000;
/** Scratch pages the interesting pointers aim into (read/write). */
export const SCRATCH = 0x8012_0000;
export const SCRATCH_PAGES = 2;

/** Rows that do not return to the loop: replaced by getpid so one run keeps looping. */
const NO_RETURN = SYSCALLS.filter((r) => r.ret.kind === 'noreturn').map((r) => r.nr);

export interface GuestTables {
  /** Syscall numbers to draw from (padded to a power of two). */
  readonly numbers: readonly bigint[];
  /** Argument values to draw from (padded to a power of two). */
  readonly values: readonly bigint[];
  /** Bytes placed at SCRATCH (strings the values point at). */
  readonly scratch: Uint8Array;
}

/** x[d] = x[n] ^ (x[n] << s) (shift 0 = LSL) or ^ (x[n] >> s) (shift 1 = LSR). */
export function eorShift(a: Assembler, d: number, n: number, shift: 0 | 1, s: number): void {
  a.inst('EOR_sreg', { sf: 1, shift, Rm: n, imm6: s, Rn: n, Rd: d });
}

/** x[d] = (x[n] >> lsb) & (2^width - 1). */
export function ubfx(a: Assembler, d: number, n: number, lsb: number, width: number): void {
  a.inst('UBFM', { sf: 1, N: 1, immr: lsb, imms: lsb + width - 1, Rn: n, Rd: d });
}

function step(a: Assembler): void {
  eorShift(a, 19, 19, 0, 13);
  eorShift(a, 19, 19, 1, 7);
  eorShift(a, 19, 19, 0, 17);
}

/** x[d] = table[x9], x9 an index already masked. */
function load(a: Assembler, d: number, table: number): void {
  a.inst('LDR_X_reg', { Rm: 9, option: 3, S: 1, Rn: table, Rt: d });
}

function log2(n: number): number {
  const k = Math.log2(n);
  if (!Number.isInteger(k)) throw new Error(`table length ${n} is not a power of two`);
  return k;
}

/** The guest ELF: `calls` syscalls drawn from `seed` (non-zero) and the tables. */
export function rawGuest(seed: bigint, calls: number, t: GuestTables): Uint8Array {
  const nBits = log2(t.numbers.length);
  const vBits = log2(t.values.length);
  const a = new Assembler();
  a.movImm(19, BigInt.asUintN(64, seed) || 1n).movImm(20, calls).movImm(21, DATA).movImm(22, DATA + 8 * t.numbers.length);
  const top = a.here();
  step(a);
  // x8: one call in eight takes 9 random bits (unknown numbers too), the rest the table.
  const fromTable = a.label();
  const numberDone = a.label();
  ubfx(a, 9, 19, 0, 3);
  a.cbnz(9, fromTable);
  ubfx(a, 8, 19, 3, 9);
  a.b(numberDone);
  a.bind(fromTable);
  ubfx(a, 9, 19, 3, nBits);
  load(a, 8, 21);
  a.bind(numberDone);
  for (const nr of NO_RETURN) {
    const keep = a.label();
    a.cmpImm(8, nr).bcond('ne', keep).movImm(8, syscall('getpid').nr);
    a.bind(keep);
  }
  // x0..x5: each a table value (3 in 4) or noise; a fresh draw every two arguments.
  for (let i = 0; i < 6; i++) {
    if (i % 2 === 0) step(a);
    const lo = (i % 2) * 32;
    const noise = a.label();
    const argDone = a.label();
    ubfx(a, 9, 19, lo, 2);
    a.cbz(9, noise);
    ubfx(a, 9, 19, lo + 2, vBits);
    load(a, i, 22);
    a.b(argDone);
    a.bind(noise);
    a.inst('EXTR', { sf: 1, N: 1, Rm: 19, imms: 7 + 11 * i, Rn: 19, Rd: i });
    a.bind(argDone);
  }
  a.svc();
  // A forked child (x8 still fork: registers survive the call, x0 == 0) leaves at once.
  const next = a.label();
  a.cmpImm(8, syscall('fork').nr).bcond('ne', next).cbnz(0, next);
  a.movImm(0, 0).movImm(8, syscall('exit').nr).svc();
  a.bind(next);
  a.subImm(20, 20, 1).cbnz(20, top);
  a.movImm(0, 0).movImm(8, syscall('exit').nr).svc();

  const data = new Uint8Array(8 * (t.numbers.length + t.values.length));
  const view = new DataView(data.buffer);
  [...t.numbers, ...t.values].forEach((v, i) => view.setBigUint64(8 * i, BigInt.asUintN(64, v), true));
  if (t.scratch.length > SCRATCH_PAGES * 4096) throw new Error('scratch bytes exceed the scratch pages');
  if (DATA + data.length > SCRATCH) throw new Error('fuzz tables overlap the scratch pages');
  return writeElf({
    entry: CODE,
    align: 0x1000,
    segments: [
      { vaddr: CODE, data: a.bytesOut(), executable: true },
      { vaddr: DATA, data, writable: false },
      { vaddr: SCRATCH, data: t.scratch, memsz: SCRATCH_PAGES * 4096, writable: true },
    ],
  });
}

/** The top of the initial stack (for stack-relative interesting pointers). */
export const STACK_TOP = constValue('ADDRESS_SPACE', 'USER_STACK_TOP');
