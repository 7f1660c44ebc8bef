import type { CaseDef, Generator } from '../../model.js';
import { kernelCases } from './kernel.js';
import { slotCases } from './slots.js';
import { streamCases } from './stream.js';

export const updateGenerator: Generator = {
  area: 'update',
  cases: (): readonly CaseDef[] => [...slotCases(), ...streamCases(), ...kernelCases()],
};
