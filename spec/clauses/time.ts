// Clocks and sleeping.

import type { Clause } from '../types.js';
import { decide, informative, PROCESS, seed } from './make.js';

export const TIME_CLAUSES: readonly Clause[] = [
  seed('TIME.NOW', 'Syscall Table', 'time returns the current Unix time in seconds.'),
  seed('TIME.MONOTONIC', 'Compatibility Layer', 'Monotonic clocks are derived from the sysinfo uptime ticks and tick rate; the realtime clock from time.'),
  informative(seed('TIME.CLOCKS', 'Compatibility Layer', 'The compat clock_gettime supports the realtime, monotonic and boottime clocks; CPU-time clocks fail EINVAL.'),
    'It describes the C library\'s clock_gettime above the raw ABI; the raw calls it is built on (TIME.NOW, TIME.MONOTONIC) are checked by the sync area.'),
  decide('TIME.VIRTUAL', 'In the reference kernel time is virtual: it starts at the boot option\'s wall-clock time and advances deterministically with executed instructions (1 ns each, so one tick of 1/TIMER_HZ is 10,000,000 instructions) and with idle skips when every thread sleeps.',
    PROCESS, 'Runs must be pure functions of image and boot options (DESIGN: Determinism).'),
  decide('TIME.EPOCH', 'The reference kernel\'s wall clock starts at a boot option (default 1767225600, 2026-01-01T00:00:00Z) and advances with the virtual clock, so a run never reads the host\'s time.',
    { kind: 'touchstone', note: 'determinism' }, 'A run must be a pure function of image and boot options.'),
  decide('TIME.SLEEP.MIN', 'nanosleep returns 0 after at least the requested time has passed.', PROCESS, 'The swift-os sleep.'),
  decide('TIME.SLEEP.TICK', 'The sleep is rounded up to whole ticks of 1/hz (hz = TIMER_HZ).', PROCESS, 'swift-os sleeps in ticks.'),
  decide('TIME.SLEEP.ZERO', 'nanosleep(0, 0) returns 0 at once.', PROCESS, 'swift-os returns immediately.'),
];
