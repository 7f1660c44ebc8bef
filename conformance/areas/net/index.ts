import type { CaseDef, Generator } from '../../model.js';

export const netGenerator: Generator = { area: 'net', cases: (): readonly CaseDef[] => [] };
