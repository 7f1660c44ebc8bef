// The process area: fork/exit/waitpid, signals and wait statuses, zombies and orphans, pid reuse,
// spawn/exec, process handles (pidfd), the process table, and races explored with schedules.

import type { Generator } from '../../model.js';
import { exitCases } from './exit.js';
import { forkCases } from './fork.js';
import { gapCases } from './gaps.js';
import { limitCases } from './limits.js';
import { pidfdCases } from './pidfd.js';
import { pidfdReapedCases } from './pidfd-reaped.js';
import { scheduleContractCases } from './schedule-contract.js';
import { sigchldCases } from './sigchld.js';
import { pidCases } from './pids.js';
import { raceCases } from './races.js';
import { signalCases } from './signals.js';
import { spawnCases } from './spawn.js';
import { waitCases } from './wait.js';

export const processGenerator: Generator = {
  area: 'process',
  cases() {
    return [
      ...forkCases(), ...exitCases(), ...signalCases(), ...waitCases(), ...pidCases(), ...spawnCases(), ...pidfdCases(), ...limitCases(),
      ...raceCases(), ...gapCases(), ...sigchldCases(), ...pidfdReapedCases(), ...scheduleContractCases(),
    ];
  },
};
