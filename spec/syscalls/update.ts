// A/B base-image and kernel-slot updates.

import type { CapabilityGate, SyscallRow } from '../types.js';
import { arg, buffer, count, defineSyscall, err, int, length, ZERO } from './helpers.js';

const CONSOLE: CapabilityGate = { cap: 'capConsole', errno: 'EPERM', clause: 'UPD.CAP' };

function noArgs(nr: number, name: string, note: string, clauses: readonly string[], extra: readonly ('ENOENT' | 'EINVAL' | 'EIO' | 'EFBIG' | 'EAGAIN')[]): SyscallRow {
  const clauseFor = {
    ENOENT: 'UPD.NOSLOT', EINVAL: 'UPD.INVALID', EIO: 'UPD.IO', EFBIG: 'UPD.TOOBIG', EAGAIN: 'UPD.STAGE.NONE',
  } as const;
  return defineSyscall({
    nr, name, family: 'update', args: [], ret: ZERO,
    errors: [err('ENODEV', 'UPD.NODEV'), ...extra.map((e) => err(e, clauseFor[e]))],
    support: 'implemented', capability: CONSOLE, note, clauses: ['UPD.CAP', ...clauses],
  });
}

export const UPDATE_SYSCALLS: readonly SyscallRow[] = [
  noArgs(65, 'update_confirm', 'Marks the booted A/B slot healthy.', ['UPD.CONFIRM'], []),
  noArgs(66, 'update_activate', 'Makes the inactive slot active for the next boot.', ['UPD.ACTIVATE'], ['ENOENT']),
  noArgs(67, 'update_stage', 'Copies an attached payload disk into the inactive slot.', ['UPD.STAGE'], ['EINVAL', 'EFBIG', 'EIO']),
  noArgs(68, 'kernel_stage', 'Copies the active kernel slot into the inactive one.', ['UPD.KERNEL.STAGE'], ['ENOENT', 'EINVAL', 'EIO']),
  noArgs(69, 'kernel_activate', 'Flips the active kernel slot for the next boot.', ['UPD.KERNEL.ACTIVATE'], ['ENOENT', 'EINVAL', 'EIO']),
  noArgs(70, 'kernel_confirm', 'Marks the booted kernel slot healthy.', ['UPD.KERNEL.CONFIRM'], ['ENOENT', 'EINVAL', 'EIO']),
  defineSyscall({
    nr: 94, name: 'update_stage_begin', family: 'update',
    args: [
      arg('version', int('version', { signed: false, bits: 64 }), 'must exceed the anti-rollback floor'),
      arg('total', length('bytes'), 'image length; must fit the slot'),
    ],
    ret: ZERO,
    errors: [err('EPERM', 'UPD.ROLLBACK'), err('ENODEV', 'UPD.NODEV'), err('EFBIG', 'UPD.TOOBIG'), err('EINVAL', 'UPD.INVALID')],
    support: 'implemented',
    capability: CONSOLE,
    note: '',
    clauses: ['UPD.CAP', 'UPD.STREAM.BEGIN', 'UPD.ROLLBACK'],
  }),
  defineSyscall({
    nr: 95, name: 'update_stage_write', family: 'update',
    args: [arg('buf', buffer('in', 'count', true)), arg('count', length('bytes'))],
    ret: count('bytes accepted'),
    errors: [err('ENODEV', 'UPD.NODEV'), err('EAGAIN', 'UPD.STAGE.NONE'), err('EFBIG', 'UPD.TOOBIG'), err('EIO', 'UPD.IO')],
    support: 'implemented',
    capability: CONSOLE,
    note: '',
    clauses: ['UPD.CAP', 'UPD.STREAM.WRITE'],
  }),
  noArgs(96, 'update_stage_commit', 'Validates and flushes the staged slot (present, untried).', ['UPD.STREAM.COMMIT'], ['EAGAIN', 'EINVAL', 'EIO']),
  noArgs(97, 'update_stage_abort', 'Discards an in-progress stage.', ['UPD.STREAM.ABORT'], ['EAGAIN']),
];
