import type { CaseDef, Generator } from '../../model.js';
import { netfsCases } from './cases.js';

export const netfsGenerator: Generator = { area: 'netfs', cases: (): readonly CaseDef[] => netfsCases() };
