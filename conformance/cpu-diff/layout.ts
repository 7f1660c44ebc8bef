import { SCRATCH_SIZE } from '../../cpu/testgen/conventions.js';

/** Address map of a cpu-diff wrapper program (fixed, so a case runs the same in any batch). */
export const CODE_BASE = 0x40_0000;
/** Output record, then the initial states of the batch's cases. */
export const DATA_BASE = 0x1000_0000;
export const OUT_AREA = DATA_BASE;
export const STATES_BASE = DATA_BASE + 0x1000;
/** Scratch region: guard, the base registers' windows, guard. Restored before every case. */
export const REGION_BASE = 0x2000_0000;
export const GUARD = 32 * 1024;
export const SCRATCH_BASE = REGION_BASE + GUARD;
export const REGION_SIZE = GUARD + SCRATCH_SIZE + GUARD;
/** Pristine copy of the scratch region (deterministic random bytes from the run seed). */
export const PRISTINE_BASE = 0x3000_0000;

/** State record layout (initial states and the output record). */
export const REC_V = 0;
export const REC_X = 512;
export const REC_SP = REC_X + 31 * 8;
export const REC_NZCV = REC_SP + 8;
export const REC_FPSR = REC_NZCV + 8;
export const REC_FPCR = REC_FPSR + 8;
/** TPIDR_EL0: read from initial states; the wrapper uses it as scratch, so 0 in outputs. */
export const REC_TPIDR = REC_FPCR + 8;
export const STATE_SIZE = REC_TPIDR + 8;

/** Bytes the wrapper writes to stdout per case: the output record, then the scratch region. */
export const CASE_OUTPUT_SIZE = STATE_SIZE + REGION_SIZE;
