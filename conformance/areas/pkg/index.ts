import type { CaseDef, Generator } from '../../model.js';

export const pkgGenerator: Generator = { area: 'pkg', cases: (): readonly CaseDef[] => [] };
