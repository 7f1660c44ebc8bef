// Wall clock and sleeping.

import type { SyscallRow } from '../types.js';
import { arg, defineSyscall, int, ZERO } from './helpers.js';

export const TIME_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 37, name: 'time', family: 'time',
    args: [],
    ret: { kind: 'value', what: 'Unix seconds', failure: { kind: 'never' } },
    errors: [],
    support: 'implemented',
    note: 'The reference kernel reads its virtual clock.',
    clauses: ['TIME.NOW', 'TIME.VIRTUAL'],
  }),
  defineSyscall({
    nr: 57, name: 'nanosleep', family: 'time',
    args: [
      arg('seconds', int('seconds', { signed: false, bits: 64 })),
      arg('nanoseconds', int('nanoseconds', { signed: false, bits: 64, min: 0, max: 999_999_999 })),
    ],
    ret: ZERO,
    errors: [],
    support: 'implemented',
    blocking: true,
    note: '',
    clauses: ['TIME.SLEEP.MIN', 'TIME.SLEEP.TICK', 'TIME.SLEEP.ZERO', 'SIG.INTR'],
  }),
];
