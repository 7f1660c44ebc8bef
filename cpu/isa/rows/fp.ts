import type { InsnRowSpec } from '../row.js';

export const fpRows: InsnRowSpec[] = [];
