/**
 * Register conventions of generated instruction sequences (the qemu differential check).
 * The harness initialises these registers before a sequence runs; the generator draws register
 * fields so that memory operands stay inside the scratch buffer.
 *
 * - x24..x27 and SP point into the scratch buffer (each at the middle of its own 64 KiB window),
 *   so every immediate offset form stays inside it;
 * - x22, x23 hold small index values (0..255), for register-offset addressing;
 * - generated instructions never write x22..x27 (except base writeback of memory forms).
 */
export const SCRATCH_BASE_REGS: readonly number[] = [24, 25, 26, 27, 31];
export const SCRATCH_INDEX_REGS: readonly number[] = [22, 23];
export const SCRATCH_WINDOW = 64 * 1024;
/** Windows: one per base register in SCRATCH_BASE_REGS order. */
export const SCRATCH_SIZE = SCRATCH_WINDOW * SCRATCH_BASE_REGS.length;

const all = Array.from({ length: 32 }, (_, i) => i);
const reserved = new Set([22, 23, 24, 25, 26, 27]);

/** Default for destination fields (Rd, Rt, Rt2, Rs, Ra is a source): 31 is XZR here. */
export const GEN_DEST: readonly number[] = all.filter((r) => !reserved.has(r));
/** Destinations where register 31 would be SP: 31 excluded. */
export const GEN_DEST_NO_SP: readonly number[] = GEN_DEST.filter((r) => r !== 31);
/** Any register, as a source. */
export const GEN_ANY: readonly number[] = all;
/** Field names the generator treats as destinations unless a row's `gen` says otherwise. */
export const DEST_FIELD_NAMES: readonly string[] = ['Rd', 'Rt', 'Rt2', 'Rs'];
