import type { CaseDef, Generator } from '../../model.js';

export const procfsGenerator: Generator = { area: 'procfs', cases: (): readonly CaseDef[] => [] };
