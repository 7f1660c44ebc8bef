import type { CaseDef, Generator } from '../../model.js';
import { openMatrix } from './open.js';
import { openOrderCases } from './open-order.js';
import { ioCases } from './io.js';
import { metaCases } from './meta.js';
import { mutateCases } from './mutate.js';
import { pipeCases } from './pipes.js';
import { fdopsCases } from './fdops.js';
import { pollCases } from './poll.js';
import { badfdCases } from './badfd.js';
import { gapCases } from './gaps.js';
import { dataCases } from './data.js';
import { pipeNomemCases } from './pipe-nomem.js';
import { pathOrderCases } from './path-order.js';
import { identityCases } from './identity.js';

export const filesGenerator: Generator = {
  area: 'files',
  cases(): readonly CaseDef[] {
    return [...openMatrix(), ...openOrderCases(), ...ioCases(), ...metaCases(), ...mutateCases(), ...pipeCases(), ...fdopsCases(), ...pollCases(), ...badfdCases(), ...gapCases(), ...dataCases(), ...pipeNomemCases(), ...pathOrderCases(), ...identityCases()];
  },
};
