// Kernel A/B slots on the ESP (UPD.KERNEL.*): which files each call needs, what must be valid,
// fault injection, and the pending state after kernel_activate (UPD.KERNEL.PENDING).

import type { CaseDef, EspBoot } from '../../model.js';
import { updateCase } from './slots.js';

type Row = 'kernel_stage' | 'kernel_activate' | 'kernel_confirm';
type Result = 0 | 'ENOENT' | 'EINVAL' | 'EIO';

const SUCCESS: Readonly<Record<Row, string>> = {
  kernel_stage: 'UPD.KERNEL.STAGE', kernel_activate: 'UPD.KERNEL.ACTIVATE', kernel_confirm: 'UPD.KERNEL.CONFIRM',
};
const CLAUSE: Readonly<Record<Exclude<Result, 0>, string>> = { ENOENT: 'UPD.NOSLOT', EINVAL: 'UPD.INVALID', EIO: 'UPD.IO' };

/** ESP shapes and what each call answers on them (UPD.KERNEL.ESP). */
const TABLE: readonly [string, string, EspBoot, Readonly<Record<Row, Result>>][] = [
  ['healthy', 'a healthy ESP', {}, { kernel_stage: 0, kernel_activate: 0, kernel_confirm: 0 }],
  ['healthy-b', 'a healthy ESP booted from slot B', { activeSlot: 1 }, { kernel_stage: 0, kernel_activate: 0, kernel_confirm: 0 }],
  ['no-kernel-a', 'an ESP without kernelA.bin', { missing: ['kernelA.bin'] }, { kernel_stage: 'ENOENT', kernel_activate: 0, kernel_confirm: 0 }],
  ['no-kernel-b', 'an ESP without kernelB.bin', { missing: ['kernelB.bin'] }, { kernel_stage: 'ENOENT', kernel_activate: 0, kernel_confirm: 0 }],
  ['no-manifest', 'an ESP without kernel-boot', { missing: ['kernel-boot'] }, { kernel_stage: 'ENOENT', kernel_activate: 'ENOENT', kernel_confirm: 0 }],
  ['no-state', 'an ESP without kernel-state', { missing: ['kernel-state'] }, { kernel_stage: 0, kernel_activate: 'ENOENT', kernel_confirm: 'ENOENT' }],
  ['sizes-differ', 'kernel slot files of different sizes', { kernelBytes: [4096, 8192] }, { kernel_stage: 'EINVAL', kernel_activate: 0, kernel_confirm: 0 }],
  ['empty-slots', 'empty kernel slot files', { kernelBytes: [0, 0] }, { kernel_stage: 'EINVAL', kernel_activate: 0, kernel_confirm: 0 }],
  ['manifest-corrupt', 'a corrupt kernel-boot (kernel-state still names the active slot)', { corrupt: ['kernel-boot'] }, { kernel_stage: 0, kernel_activate: 0, kernel_confirm: 0 }],
  ['state-corrupt', 'a corrupt kernel-state (kernel-boot still names the active slot)', { corrupt: ['kernel-state'] }, { kernel_stage: 0, kernel_activate: 'EINVAL', kernel_confirm: 'EINVAL' }],
  ['both-corrupt', 'corrupt kernel-boot and kernel-state', { corrupt: ['kernel-boot', 'kernel-state'] }, { kernel_stage: 'EINVAL', kernel_activate: 'EINVAL', kernel_confirm: 'EINVAL' }],
  ['manifest-corrupt-no-state', 'a corrupt kernel-boot and no kernel-state', { corrupt: ['kernel-boot'], missing: ['kernel-state'] }, { kernel_stage: 'EINVAL', kernel_activate: 'ENOENT', kernel_confirm: 'ENOENT' }],
  ['io-fault', 'an ESP whose writes fail', { ioFault: true }, { kernel_stage: 'EIO', kernel_activate: 'EIO', kernel_confirm: 'EIO' }],
  ['io-fault-missing', 'an ESP whose writes fail and without kernelB.bin', { ioFault: true, missing: ['kernelB.bin'] }, { kernel_stage: 'ENOENT', kernel_activate: 'EIO', kernel_confirm: 'EIO' }],
];

function esp(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const [id, what, boot, results] of TABLE) {
    for (const row of ['kernel_stage', 'kernel_activate', 'kernel_confirm'] as const) {
      const r = results[row];
      const clauses = r === 0 ? [SUCCESS[row], 'UPD.KERNEL.ESP'] : [CLAUSE[r], 'UPD.KERNEL.ESP', ...(r === 'EIO' ? ['UPD.ORDER'] : [])];
      out.push(updateCase({
        id: `kernel/${row}/${id}`, description: `${row} on ${what} ${r === 0 ? 'returns 0' : `fails ${r}`}`,
        clauses, boot: { esp: boot },
        body(k) {
          k.p.sys(row);
          if (r === 0) k.p.expectEq(`${row} returns 0`, clauses, 0);
          else k.p.expectErrno(`${row} fails ${r}`, clauses, r);
        },
      }));
    }
  }
  return out;
}

function pending(): CaseDef[] {
  return [
    updateCase({
      id: 'kernel/pending/confirm-after-activate', description: 'after kernel_activate, kernel_confirm fails EINVAL until reboot',
      clauses: ['UPD.KERNEL.PENDING', 'UPD.KERNEL.ACTIVATE', 'UPD.INVALID'], boot: { esp: {} },
      body(k) {
        k.p.sys('kernel_confirm');
        k.p.expectEq('kernel_confirm before activation returns 0', ['UPD.KERNEL.CONFIRM'], 0);
        k.p.sys('kernel_activate');
        k.p.expectEq('kernel_activate returns 0', ['UPD.KERNEL.ACTIVATE'], 0);
        k.p.sys('kernel_confirm');
        k.p.expectErrno('kernel_confirm fails EINVAL', ['UPD.KERNEL.PENDING', 'UPD.INVALID'], 'EINVAL');
      },
    }),
    updateCase({
      id: 'kernel/pending/activate-again', description: 'kernel_activate may be repeated (it flips the next boot\'s slot each time)',
      clauses: ['UPD.KERNEL.ACTIVATE', 'UPD.KERNEL.ESP'], boot: { esp: {} },
      body(k) {
        for (let i = 0; i < 2; i++) {
          k.p.sys('kernel_activate');
          k.p.expectEq('kernel_activate returns 0', ['UPD.KERNEL.ACTIVATE'], 0);
        }
        k.p.sys('kernel_stage');
        k.p.expectEq('kernel_stage still returns 0', ['UPD.KERNEL.STAGE', 'UPD.KERNEL.ESP'], 0);
      },
    }),
  ];
}

export function kernelCases(): CaseDef[] {
  return [...esp(), ...pending()];
}
