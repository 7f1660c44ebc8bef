import type { InsnRowSpec } from '../row.js';

export const atomicRows: InsnRowSpec[] = [];
