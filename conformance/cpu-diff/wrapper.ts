import { writeElf } from '../../cpu/elf/index.js';
import type { MachineState } from '../../cpu/testgen/state.js';
import {
  addImm, bl, bne, CLREX, ldpQPost, ldrQ, ldrX, movImm, movz, mrs, msr, RET, stpQPost, strQ, strX, subsImm, SVC0,
} from './asm.js';
import {
  CASE_OUTPUT_SIZE, CODE_BASE, OUT_AREA, PRISTINE_BASE, REC_FPCR, REC_FPSR, REC_NZCV, REC_SP, REC_TPIDR, REC_V,
  REC_X, REGION_BASE, REGION_SIZE, STATE_SIZE, STATES_BASE,
} from './layout.js';
import { encodeState } from './record.js';

export interface WrapperCase {
  readonly words: readonly number[];
  readonly state: MachineState;
}

export interface CaseSlot {
  /** Address of the case's first generated instruction. */
  readonly start: number;
  /** Address right after its last one (the epilogue). */
  readonly end: number;
}

export interface WrapperProgram {
  readonly elf: Uint8Array;
  readonly entry: number;
  readonly slots: readonly CaseSlot[];
  /** The words of the code segment (at CODE_BASE). */
  readonly code: readonly number[];
  /** Every word the wrapper contributes (not generated), with its address. */
  readonly wrapperWords: ReadonlyArray<{ readonly addr: number; readonly word: number }>;
}

const SYS_WRITE = 64;
const SYS_EXIT_GROUP = 94;
const COPY_CHUNK = 32;

/** Initial state → registers. Ends with X0 loaded; clobbers nothing else. */
function prologue(stateAddr: number): number[] {
  const w = [CLREX, ...movImm(0, stateAddr)];
  for (let q = 0; q < 32; q++) w.push(ldrQ(q, 0, REC_V + 16 * q));
  w.push(ldrX(1, 0, REC_NZCV), msr('NZCV', 1));
  w.push(ldrX(1, 0, REC_FPSR), msr('FPSR', 1));
  w.push(ldrX(1, 0, REC_FPCR), msr('FPCR', 1));
  w.push(ldrX(1, 0, REC_TPIDR), msr('TPIDR_EL0', 1));
  w.push(ldrX(1, 0, REC_SP), addImm(31, 1, 0));
  for (let n = 1; n <= 30; n++) w.push(ldrX(n, 0, REC_X + 8 * n));
  w.push(ldrX(0, 0, REC_X));
  return w;
}

/** Registers → output record (X0 parked in TPIDR_EL0), then write(1, record) and write(1, scratch). */
function epilogue(): number[] {
  const w = [msr('TPIDR_EL0', 0), ...movImm(0, OUT_AREA)];
  for (let n = 1; n <= 30; n++) w.push(strX(n, 0, REC_X + 8 * n));
  w.push(mrs(1, 'TPIDR_EL0'), strX(1, 0, REC_X));
  w.push(addImm(1, 31, 0), strX(1, 0, REC_SP));
  w.push(mrs(1, 'NZCV'), strX(1, 0, REC_NZCV));
  w.push(mrs(1, 'FPSR'), strX(1, 0, REC_FPSR));
  w.push(mrs(1, 'FPCR'), strX(1, 0, REC_FPCR));
  for (let q = 0; q < 32; q++) w.push(strQ(q, 0, REC_V + 16 * q));
  w.push(...write(OUT_AREA, STATE_SIZE), ...write(REGION_BASE, REGION_SIZE));
  return w;
}

function write(addr: number, len: number): number[] {
  return [movz(0, 1), ...movImm(1, addr), ...movImm(2, len), movz(8, SYS_WRITE), SVC0];
}

/** memcpy(x1, x0, x2 * 32): restores the scratch region from its pristine copy. */
function restoreRoutine(): number[] {
  return [ldpQPost(0, 1, 0, COPY_CHUNK), stpQPost(0, 1, 1, COPY_CHUNK), subsImm(2, 2, 1), bne(-12), RET];
}

/**
 * A static Linux ELF that runs each case in turn: restore the scratch region, load the case's
 * initial state, run its instructions, write the output record and the scratch region to
 * stdout. Exits 0 after the last case. `pristine` is the scratch region's initial contents.
 */
export function buildWrapper(cases: readonly WrapperCase[], pristine: Uint8Array): WrapperProgram {
  if (pristine.length !== REGION_SIZE) throw new RangeError(`pristine scratch must be ${REGION_SIZE} bytes`);
  const code: number[] = [];
  const generated = new Set<number>();
  const slots: CaseSlot[] = [];
  const calls: number[] = [];
  cases.forEach((c, i) => {
    code.push(...movImm(0, PRISTINE_BASE), ...movImm(1, REGION_BASE), ...movImm(2, REGION_SIZE / COPY_CHUNK));
    calls.push(code.length);
    code.push(0);
    code.push(...prologue(STATES_BASE + i * STATE_SIZE));
    const start = CODE_BASE + 4 * code.length;
    for (const word of c.words) {
      generated.add(code.length);
      code.push(word >>> 0);
    }
    slots.push({ start, end: CODE_BASE + 4 * code.length });
    code.push(...epilogue());
  });
  code.push(movz(0, 0), movz(8, SYS_EXIT_GROUP), SVC0);
  const restoreAt = code.length;
  code.push(...restoreRoutine());
  for (const at of calls) code[at] = bl(4 * (restoreAt - at));

  const data = new Uint8Array(STATES_BASE - OUT_AREA + cases.length * STATE_SIZE);
  cases.forEach((c, i) => data.set(encodeState(c.state), STATES_BASE - OUT_AREA + i * STATE_SIZE));
  const elf = writeElf({
    entry: CODE_BASE,
    segments: [
      { vaddr: CODE_BASE, data: new Uint8Array(Uint32Array.from(code).buffer), executable: true },
      { vaddr: OUT_AREA, data, writable: true },
      { vaddr: REGION_BASE, data: new Uint8Array(0), memsz: REGION_SIZE, writable: true },
      { vaddr: PRISTINE_BASE, data: pristine },
    ],
  });
  const wrapperWords = code.flatMap((word, i) => (generated.has(i) ? [] : [{ addr: CODE_BASE + 4 * i, word }]));
  return { elf, entry: CODE_BASE, slots, code, wrapperWords };
}

/** Number of output bytes the wrapper writes for `count` cases. */
export function expectedOutputSize(count: number): number {
  return count * CASE_OUTPUT_SIZE;
}
