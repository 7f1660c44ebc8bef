// Constants of the Touchstone extensions: process handles (pidfd) and timers as files (timerfd).

import type { ConstGroup } from '../types.js';
import { fromExtension } from './source.js';

export const PIDFD_OPEN_FLAGS: ConstGroup = {
  name: 'PIDFD_OPEN_FLAGS',
  kind: 'flags',
  members: [
    { name: 'PIDFD_CLOEXEC', value: 0x200, note: 'same bit as O_CLOEXEC' },
    { name: 'PIDFD_NONBLOCK', value: 0x4000, note: 'same bit as O_NONBLOCK' },
  ],
  source: fromExtension('000', 'Manything is a race'),
};

/** pidfd_send_signal takes no flags today: every bit is rejected. */
export const PIDFD_SIGNAL_FLAGS: ConstGroup = {
  name: 'PIDFD_SIGNAL_FLAGS',
  kind: 'flags',
  members: [],
  source: fromExtension('000', 'Manything is a race'),
};

export const CLOCK_IDS: ConstGroup = {
  name: 'CLOCK_IDS',
  kind: 'enum',
  members: [
    { name: 'CLOCK_REALTIME', value: 0, note: 'the clock time() reads' },
    { name: 'CLOCK_MONOTONIC', value: 1, note: 'ticks since boot' },
  ],
  source: fromExtension('003', 'Objects as file descriptors'),
};

export const TIMERFD_CREATE_FLAGS: ConstGroup = {
  name: 'TIMERFD_CREATE_FLAGS',
  kind: 'flags',
  members: [
    { name: 'TFD_CLOEXEC', value: 0x200, note: 'same bit as O_CLOEXEC' },
    { name: 'TFD_NONBLOCK', value: 0x4000, note: 'same bit as O_NONBLOCK' },
  ],
  source: fromExtension('003', 'Objects as file descriptors'),
};

export const TIMERFD_SETTIME_FLAGS: ConstGroup = {
  name: 'TIMERFD_SETTIME_FLAGS',
  kind: 'flags',
  members: [{ name: 'TFD_TIMER_ABSTIME', value: 1, note: 'it_value is an absolute time on the timer\'s clock' }],
  source: fromExtension('003', 'Objects as file descriptors'),
};
