// The libuv area: the C compat probes libuv relies on (seed 002, "C libuv ... compatibility"
// rows), reproduced at the raw ABI. One family per probe; uvthreadnameprobe has no syscall
// footprint (pthread_setname_np/getname_np are libc-level) and is not reproduced.

import type { Generator } from '../../model.js';
import { atforkCases } from './atfork.js';
import { barrierCases } from './barrier.js';
import { condCases } from './cond.js';
import { envCases } from './env.js';
import { mutexCases } from './mutex.js';
import { onceCases } from './once.js';
import { rwlockCases } from './rwlock.js';
import { semCases } from './sem.js';
import { selfPipeNonblockCases, signalCases } from './signal.js';
import { socketpairCases } from './socketpair.js';
import { spawnCases } from './spawn.js';
import { stackCases } from './stack.js';
import { wakeCases } from './wake.js';

export const libuvGenerator: Generator = {
  area: 'libuv',
  cases() {
    return [
      ...mutexCases(), ...rwlockCases(), ...semCases(), ...condCases(), ...barrierCases(), ...onceCases(), ...stackCases(),
      ...wakeCases(), ...socketpairCases(), ...signalCases(), ...selfPipeNonblockCases(), ...atforkCases(), ...spawnCases(), ...envCases(),
    ];
  },
};
