import type { InsnRowSpec } from '../row.js';
import { ldstExclRows } from './ldst-excl.js';
import { ldstPairRows } from './ldst-pair.js';
import { ldstSingleRows } from './ldst-single.js';
import { ldstVectorRows } from './ldst-vector.js';

/** Loads and stores: single registers, pairs, exclusives and ordered accesses, vector structures. */
export const ldstRows: InsnRowSpec[] = [...ldstSingleRows, ...ldstPairRows, ...ldstExclRows, ...ldstVectorRows];
