import type { CaseDef, Generator } from '../../model.js';

export const netfsGenerator: Generator = { area: 'netfs', cases: (): readonly CaseDef[] => [] };
