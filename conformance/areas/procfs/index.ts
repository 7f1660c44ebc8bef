import type { CaseDef, Generator } from '../../model.js';
import { procfsCases } from './cases.js';

export const procfsGenerator: Generator = { area: 'procfs', cases: (): readonly CaseDef[] => procfsCases() };
