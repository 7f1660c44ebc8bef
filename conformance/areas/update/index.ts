import type { CaseDef, Generator } from '../../model.js';

export const updateGenerator: Generator = { area: 'update', cases: (): readonly CaseDef[] => [] };
