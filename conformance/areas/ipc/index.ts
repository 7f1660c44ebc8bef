// The ipc area: rights through every transfer path (data-driven over handle kinds × masks ×
// paths), failed moves, endpoints, request/reply, badges, the name registry and socket pairs.

import type { Generator } from '../../model.js';
import { badgeCases } from './badge.js';
import { callCases } from './call.js';
import { endpointCases } from './endpoint.js';
import { failedMoveCases } from './failures.js';
import { nameCases } from './names.js';
import { chainCases, defaultRightsCases, maskCases, movePathCases } from './rights.js';
import { socketpairCases } from './socketpair.js';
import { xferOwnHandleCases } from './xfer-own-handle.js';

export const ipcGenerator: Generator = {
  area: 'ipc',
  cases() {
    return [
      ...defaultRightsCases(), ...maskCases(), ...movePathCases(), ...chainCases(), ...failedMoveCases(),
      ...endpointCases(), ...callCases(), ...badgeCases(), ...nameCases(), ...socketpairCases(), ...xferOwnHandleCases(),
    ];
  },
};
