// Where a model program keeps things (inside the image area of MM.LAYOUT). Inputs, output scratch
// and the results array live apart, so output the kernel writes never lands on input a later call
// reads. Every page-end placement gets its own page with nothing mapped after it.

import { constValue } from '../../spec/index.js';

const as = (name: string): number => constValue('ADDRESS_SPACE', name);

export const PAGE = as('PAGE_SIZE');
export const USER_VA_MIN = as('USER_VA_MIN');
export const USER_VA_END = as('USER_VA_END');
export const STACK_TOP = as('USER_STACK_TOP');
export const STACK_PAGES = as('USER_STACK_PAGES');
export const MMAP_FLOOR = as('USER_MMAP_FLOOR');
export const MMAP_TOP = as('USER_MMAP_TOP');

export const CODE = 0x8000_0000;
/** Read-only bytes (`rodata` placements). */
export const RODATA = 0x8020_0000;
export const RODATA_SIZE = 0x1_0000;
/** Read/write: inputs, then output scratch, then one 64-bit result per call. */
export const DATA = 0x8040_0000;
export const INPUT_SIZE = 0x8_0000;
export const SCRATCH = DATA + INPUT_SIZE;
export const SCRATCH_SIZE = 0x2_0000;
export const RESULTS = SCRATCH + SCRATCH_SIZE;
export const RESULTS_SIZE = 0x8000;
export const DATA_SIZE = INPUT_SIZE + SCRATCH_SIZE + RESULTS_SIZE;
/** Page-end placements: page GUARDS + 2k·PAGE, each followed by an unmapped page. */
export const GUARDS = 0x8060_0000;
export const GUARD_COUNT = 64;
/** One spare image page that mprotect calls may aim at. */
export const SPARE = 0x8070_0000;
/** Nothing is ever mapped here. */
export const UNMAPPED = 0x8100_0000;
export const KERNEL_RANGE = 0xffff_8000_0000_0000n;
/** MAP_FIXED slots at the bottom of the mapping area; mappings without MAP_FIXED are placed from the top down. */
export const FIXED = MMAP_FLOOR;
export const FIXED_SLOTS = 64;
export const FIXED_STRIDE = 4 * PAGE;
export const FIXED_TOP = FIXED + FIXED_SLOTS * FIXED_STRIDE;

/** The most calls one program records (the results area). */
export const MAX_CALLS = RESULTS_SIZE / 8;
