import type { CaseDef, Generator } from '../../model.js';

export const deviceGenerator: Generator = { area: 'device', cases: (): readonly CaseDef[] => [] };
