import type { InsnRowSpec } from '../row.js';

export const simdRows: InsnRowSpec[] = [];
