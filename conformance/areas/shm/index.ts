import type { CaseDef, Generator } from '../../model.js';

export const shmGenerator: Generator = { area: 'shm', cases: (): readonly CaseDef[] => [] };
