// The device and capability checks of every update call (UPD.NODEV, UPD.CAP, UPD.ORDER), the A/B
// slots (UPD.SLOTS: confirm, activate) and staging from the payload disk (UPD.STAGE, UPD.PAYLOAD).

import { SEEDED_PRINCIPAL_CAPS } from '../../../spec/index.js';
import type { BootSpec, CaseDef, UpdateStoreBoot } from '../../model.js';
import { base64, baseImage, packImage } from '../pkg/images.js';
import { type Kit, makeCase, type PkgCaseInput } from '../pkg/kit.js';

export const AREA = 'update';
export const SLOT = 4096;
/** A store with 4 KiB slots and floor 5, booted from slot 0, the other slot empty. */
export const STORE: UpdateStoreBoot = { slotBytes: SLOT, rollbackFloor: 5 };
const GUEST = { principal: 3, session: 3, caps: SEEDED_PRINCIPAL_CAPS.guest } as const;

export function updateCase(c: PkgCaseInput): CaseDef {
  return makeCase(AREA, c);
}

/** Each update call with valid arguments; the result is in x0. */
export const CALLS: readonly (readonly [string, (k: Kit) => void])[] = [
  ['update_confirm', (k) => k.p.sys('update_confirm')],
  ['update_activate', (k) => k.p.sys('update_activate')],
  ['update_stage', (k) => k.p.sys('update_stage')],
  ['update_stage_begin', (k) => k.p.sys('update_stage_begin', 6, 256)],
  ['update_stage_write', (k) => k.p.sys('update_stage_write', k.p.space(16), 16)],
  ['update_stage_commit', (k) => k.p.sys('update_stage_commit')],
  ['update_stage_abort', (k) => k.p.sys('update_stage_abort')],
  ['kernel_stage', (k) => k.p.sys('kernel_stage')],
  ['kernel_activate', (k) => k.p.sys('kernel_activate')],
  ['kernel_confirm', (k) => k.p.sys('kernel_confirm')],
];

function gates(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const [row, call] of CALLS) {
    const kernel = row.startsWith('kernel_');
    out.push(updateCase({
      id: `nodev/${row}`, description: `without ${kernel ? 'an ESP' : 'an update store'} ${row} fails ENODEV`,
      clauses: ['UPD.NODEV', 'UPD.ORDER'],
      boot: kernel ? { updateStore: { ...STORE, inactivePresent: true, payload: base64(baseImage(256)) } } : { esp: {} },
      body(k) {
        call(k);
        k.p.expectErrno(`${row} fails ENODEV`, ['UPD.NODEV', 'UPD.ORDER'], 'ENODEV');
      },
    }));
    for (const [tag, boot] of [['bare', {}], ['equipped', { updateStore: { ...STORE, inactivePresent: true, payload: base64(baseImage(256)) }, esp: {} }]] as const) {
      out.push(updateCase({
        id: `cap/${row}/${tag}`,
        description: `${row} without capConsole fails EPERM${tag === 'bare' ? ' before the missing device is noticed' : ' although the device is there'}`,
        clauses: ['UPD.CAP', 'UPD.ORDER', 'SEC.CAP.ERRNO'], boot: { identity: GUEST, ...(boot as BootSpec) },
        body(k) {
          call(k);
          k.p.expectErrno(`${row} fails EPERM`, ['UPD.CAP', 'UPD.ORDER'], 'EPERM');
        },
      }));
    }
  }
  out.push(updateCase({
    id: 'nodev/update_stage/no-payload-disk', description: 'update_stage on a store without a payload disk fails ENODEV',
    clauses: ['UPD.NODEV', 'UPD.PAYLOAD'], boot: { updateStore: STORE },
    body(k) {
      k.p.sys('update_stage');
      k.p.expectErrno('update_stage fails ENODEV', ['UPD.NODEV', 'UPD.PAYLOAD'], 'ENODEV');
    },
  }));
  return out;
}

function slots(): CaseDef[] {
  const activate = (k: Kit, clauses: readonly string[]): void => {
    k.p.sys('update_activate');
    k.p.expectEq('update_activate returns 0', clauses, 0);
  };
  return [
    updateCase({
      id: 'confirm/ok', description: 'update_confirm marks the booted slot healthy and returns 0; again too',
      clauses: ['UPD.CONFIRM', 'UPD.SLOTS'], boot: { updateStore: STORE },
      body(k) {
        for (let i = 0; i < 2; i++) {
          k.p.sys('update_confirm');
          k.p.expectEq('update_confirm returns 0', ['UPD.CONFIRM'], 0);
        }
      },
    }),
    updateCase({
      id: 'confirm/booted-b', description: 'update_confirm works when slot B was booted',
      clauses: ['UPD.CONFIRM'], boot: { updateStore: { ...STORE, bootedSlot: 1 } },
      body(k) {
        k.p.sys('update_confirm');
        k.p.expectEq('update_confirm returns 0', ['UPD.CONFIRM'], 0);
      },
    }),
    updateCase({
      id: 'activate/no-image', description: 'update_activate with an empty inactive slot fails ENOENT',
      clauses: ['UPD.NOSLOT', 'UPD.SLOTS'], boot: { updateStore: STORE },
      body(k) {
        k.p.sys('update_activate');
        k.p.expectErrno('update_activate fails ENOENT', ['UPD.NOSLOT', 'UPD.SLOTS'], 'ENOENT');
      },
    }),
    ...([0, 1] as const).map((booted) => updateCase({
      id: `activate/image/booted-${booted === 0 ? 'a' : 'b'}`, description: `with slot ${booted === 0 ? 'A' : 'B'} booted and the other holding an image, update_activate returns 0, and again`,
      clauses: ['UPD.ACTIVATE', 'UPD.SLOTS'], boot: { updateStore: { ...STORE, bootedSlot: booted, inactivePresent: true } },
      body(k) {
        activate(k, ['UPD.ACTIVATE']);
        activate(k, ['UPD.SLOTS']);
      },
    })),
    updateCase({
      id: 'activate/then-confirm', description: 'update_confirm still confirms the booted slot after update_activate',
      clauses: ['UPD.SLOTS', 'UPD.CONFIRM', 'UPD.ACTIVATE'], boot: { updateStore: { ...STORE, inactivePresent: true } },
      body(k) {
        activate(k, ['UPD.ACTIVATE']);
        k.p.sys('update_confirm');
        k.p.expectEq('update_confirm returns 0', ['UPD.SLOTS', 'UPD.CONFIRM'], 0);
      },
    }),
  ];
}

function payloads(): CaseDef[] {
  const stage = (id: string, what: string, store: UpdateStoreBoot, errno: 'EINVAL' | 'EFBIG' | 'EIO' | null, clauses: readonly string[]): CaseDef => updateCase({
    id: `stage/${id}`, description: `update_stage of ${what} ${errno ? `fails ${errno}; the inactive slot stays empty` : 'returns 0 and update_activate then accepts the slot'}`,
    clauses: ['UPD.PAYLOAD', ...clauses], boot: { updateStore: store },
    body(k) {
      k.p.sys('update_stage');
      if (errno) k.p.expectErrno(`update_stage fails ${errno}`, ['UPD.PAYLOAD', ...clauses], errno);
      else k.p.expectEq('update_stage returns 0', ['UPD.PAYLOAD', ...clauses], 0);
      k.p.sys('update_activate');
      if (errno) k.p.expectErrno('update_activate fails ENOENT', ['UPD.NOSLOT'], 'ENOENT');
      else k.p.expectEq('update_activate returns 0', ['UPD.ACTIVATE', 'UPD.STAGE'], 0);
    },
  });
  const disk = (b: Uint8Array, more: Partial<UpdateStoreBoot> = {}): UpdateStoreBoot => ({ ...STORE, payload: base64(b), ...more });
  return [
    stage('ok', 'a 1 KiB base image', disk(baseImage(1024)), null, ['UPD.STAGE']),
    stage('slot-size', 'an image of exactly the slot size', disk(baseImage(SLOT)), null, ['UPD.STAGE', 'UPD.TOOBIG']),
    stage('disk-larger', 'an image shorter than its disk', disk(new Uint8Array([...baseImage(200), ...new Uint8Array(300)])), null, ['UPD.STAGE']),
    stage('version-2', 'a version-2 (package payload) image', disk(packImage([{ path: 'usr/x', data: 'x' }])), 'EINVAL', ['UPD.INVALID']),
    stage('no-magic', 'a disk without the SWOSBASE magic', disk(new Uint8Array(512)), 'EINVAL', ['UPD.INVALID']),
    stage('zero-length', 'an image whose header says 0 bytes', disk(baseImage(256, { data_offset: 0n, data_size: 0n })), 'EINVAL', ['UPD.INVALID']),
    stage('truncated', 'an image longer than its disk', disk(baseImage(256, { data_size: 1000n })), 'EINVAL', ['UPD.INVALID']),
    stage('too-big', 'an image one byte larger than the slot', disk(baseImage(SLOT + 1)), 'EFBIG', ['UPD.TOOBIG']),
    stage('io-write', 'a good image when slot writes fail', disk(baseImage(512), { ioFault: 'write' }), 'EIO', ['UPD.IO']),
    stage('io-flush', 'a good image when the flush fails', disk(baseImage(512), { ioFault: 'flush' }), 'EIO', ['UPD.IO']),
    stage('order-size-before-io', 'a too-big image when writes would fail too', disk(baseImage(SLOT + 1), { ioFault: 'write' }), 'EFBIG', ['UPD.TOOBIG', 'UPD.ORDER']),
  ];
}

export function slotCases(): CaseDef[] {
  return [...gates(), ...slots(), ...payloads()];
}
