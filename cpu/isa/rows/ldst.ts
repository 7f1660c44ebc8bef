import type { InsnRowSpec } from '../row.js';

export const ldstRows: InsnRowSpec[] = [];
