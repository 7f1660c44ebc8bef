// Time records used by the timerfd extension.

import type { Layout } from '../types.js';
import { scalar } from './field.js';

export const TIMESPEC: Layout = {
  name: 'timespec',
  size: 16,
  align: 8,
  fields: [
    scalar('tv_sec', 0, 'i64', { semantic: { kind: 'int', signed: true, bits: 64, role: 'seconds', min: 0, outOfRangeErrno: 'EINVAL' } }),
    scalar('tv_nsec', 8, 'i64', {
      semantic: { kind: 'int', signed: true, bits: 64, role: 'nanoseconds', min: 0, max: 999_999_999, outOfRangeErrno: 'EINVAL' },
    }),
  ],
  source: { kind: 'linux-man', page: 'timespec(3type)' },
  note: '',
};

export const ITIMERSPEC: Layout = {
  name: 'itimerspec',
  size: 32,
  align: 8,
  fields: [
    scalar('interval_sec', 0, 'i64', { note: 'it_interval.tv_sec; 0 with interval_nsec 0: one-shot' }),
    scalar('interval_nsec', 8, 'i64'),
    scalar('value_sec', 16, 'i64', { note: 'it_value.tv_sec; 0 with value_nsec 0: disarm' }),
    scalar('value_nsec', 24, 'i64'),
  ],
  source: { kind: 'linux-man', page: 'timerfd_create(2)' },
  note: 'struct itimerspec flattened: it_interval then it_value, each a timespec.',
};

export const TIME_LAYOUTS: readonly Layout[] = [TIMESPEC, ITIMERSPEC];
