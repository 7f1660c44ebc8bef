import type { CaseDef, Generator } from '../../model.js';
import { installCases } from './install.js';
import { queryCases } from './query.js';
import { streamCases } from './stream.js';

export const pkgGenerator: Generator = {
  area: 'pkg',
  cases: (): readonly CaseDef[] => [...installCases(), ...queryCases(), ...streamCases()],
};
