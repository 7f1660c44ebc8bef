// System and process statistics, kernel log export, entropy, power control.

import type { CapabilityGate, SyscallRow } from '../types.js';
import { arg, array, buffer, count, defineSyscall, enumOf, err, int, length, ZERO } from './helpers.js';

const LOG_EXPORT: CapabilityGate = { cap: 'capLogExport', errno: 'EACCES', clause: 'SYS.LOG.CAP' };

export const MISC_SYSCALLS: readonly SyscallRow[] = [
  defineSyscall({
    nr: 22, name: 'psinfo', family: 'misc',
    args: [arg('buffer', array('out', 'ps_entry', 'capacity', true)), arg('capacity', length('records'))],
    ret: count('processes in the system (may exceed capacity)'),
    errors: [],
    support: 'implemented',
    note: 'capacity counts records, not bytes.',
    clauses: ['SYS.PSINFO.RECORDS', 'SYS.PSINFO.TOTAL', 'SYS.PSINFO.THREADS', 'SYS.PROCNAME', 'SEC.INSPECT.NOTENFORCED'],
  }),
  defineSyscall({
    nr: 46, name: 'sysinfo', family: 'misc',
    args: [arg('buffer', buffer('out', 'capacity')), arg('capacity', length('bytes'))],
    ret: ZERO,
    errors: [err('EINVAL', 'SYS.SYSINFO.SMALL')],
    support: 'implemented',
    note: 'capacity 0 or 64..199: legacy 64-byte record; >= 200: the full 200-byte record.',
    clauses: ['SYS.SYSINFO.LEGACY', 'SYS.SYSINFO.FULL', 'SYS.SYSINFO.SMALL', 'SYS.SYSINFO.CPUS', 'SYS.SYSINFO.PREFIX', 'TIME.MONOTONIC'],
  }),
  defineSyscall({
    nr: 47, name: 'procstat', family: 'misc',
    args: [arg('buffer', array('out', 'procstat', 'capacity', true)), arg('capacity', length('records'))],
    ret: count('processes in the system (may exceed capacity)'),
    errors: [],
    support: 'implemented',
    note: 'capacity counts records, not bytes.',
    clauses: ['SYS.PROCSTAT.RECORDS', 'SYS.PSINFO.TOTAL', 'SYS.PSINFO.THREADS', 'SYS.PROCNAME', 'SEC.INSPECT.NOTENFORCED'],
  }),
  defineSyscall({
    nr: 77, name: 'log_read', family: 'misc',
    args: [
      arg('buf', buffer('out', 'cap', true)),
      arg('cap', length('bytes')),
      arg('max_count', int('value', { signed: false, bits: 64 }), 'most records to export; 0: as many as fit'),
    ],
    ret: count('bytes written'),
    errors: [],
    support: 'implemented',
    capability: LOG_EXPORT,
    note: '',
    clauses: ['SYS.LOG.CAP', 'SYS.LOG.READ', 'SYS.LOG.FORMAT', 'SYS.LOG.NOCONSUME'],
  }),
  defineSyscall({
    nr: 80, name: 'random', family: 'misc',
    args: [arg('buf', buffer('out', 'cap', true)), arg('cap', length('bytes', { max: 65536 }))],
    ret: count('bytes written (always cap)'),
    errors: [],
    support: 'implemented',
    note: 'The reference kernel draws from its seeded PRNG.',
    clauses: ['SYS.RANDOM.FILL', 'SYS.RANDOM.DETERMINISTIC'],
  }),
  defineSyscall({
    nr: 82, name: 'log_stats', family: 'misc',
    args: [arg('buf', buffer('out', 'cap')), arg('cap', length('bytes', { min: 32 }))],
    ret: ZERO,
    errors: [],
    support: 'implemented',
    capability: LOG_EXPORT,
    note: 'Writes one 32-byte log_stats record.',
    clauses: ['SYS.LOG.CAP', 'SYS.LOG.STATS'],
  }),
  defineSyscall({
    nr: 90, name: 'reboot', family: 'misc',
    args: [arg('cmd', enumOf('REBOOT_CMDS'))],
    ret: { kind: 'noreturn', failureReturns: true },
    errors: [err('ENOSYS', 'SYS.REBOOT.NOPSCI')],
    support: 'implemented',
    capability: { cap: 'capConsole', errno: 'EPERM', clause: 'SYS.REBOOT.CAP' },
    note: 'Flushes /data first. In the reference kernel the run ends with a reboot or power-off outcome.',
    clauses: ['SYS.REBOOT.CAP', 'SYS.REBOOT.SYNC', 'SYS.REBOOT.NOPSCI', 'SYS.REBOOT.OUTCOME'],
  }),
];
