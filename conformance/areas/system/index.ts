import type { Generator } from '../../model.js';
import { capabilityCases } from './caps.js';
import { securityCases } from './security.js';
import { statsCases } from './stats.js';
import { logCases } from './log.js';
import { miscCases } from './misc.js';
import { ttyCases } from './tty.js';
import { ptyReadEmptyCases } from './pty-read-empty.js';
import { powerCases } from './power.js';

export const systemGenerator: Generator = {
  area: 'system',
  cases() {
    return [...capabilityCases(), ...securityCases(), ...statsCases(), ...logCases(), ...miscCases(), ...ttyCases(), ...powerCases(), ...ptyReadEmptyCases()];
  },
};
