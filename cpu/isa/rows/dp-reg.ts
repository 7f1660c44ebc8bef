import type { InsnRowSpec } from '../row.js';

export const dpRegRows: InsnRowSpec[] = [];
