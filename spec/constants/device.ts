// Device-grant kinds, buses and flags.

import type { ConstGroup } from '../types.js';
import { fromSwiftOs } from './source.js';

export const DEVICE_KINDS: ConstGroup = {
  name: 'DEVICE_KINDS',
  kind: 'enum',
  members: [
    { name: 'SWIFTOS_DEVICE_KIND_PSEUDO_INPUT', value: 1 },
    { name: 'SWIFTOS_DEVICE_KIND_VIRTIO_INPUT', value: 2 },
  ],
  source: fromSwiftOs('userland/lib/syscall.h'),
};

export const DEVICE_BUSES: ConstGroup = {
  name: 'DEVICE_BUSES',
  kind: 'enum',
  members: [
    { name: 'SWIFTOS_DEVICE_BUS_PSEUDO', value: 1 },
    { name: 'SWIFTOS_DEVICE_BUS_VIRTIO_MMIO', value: 2 },
  ],
  source: fromSwiftOs('userland/lib/syscall.h'),
};

export const DEVICE_FLAGS: ConstGroup = {
  name: 'DEVICE_FLAGS',
  kind: 'flags',
  members: [
    { name: 'SWIFTOS_DEVICE_FLAG_NO_MMIO_GRANT', value: 1 << 0 },
    { name: 'SWIFTOS_DEVICE_FLAG_DISCOVERED', value: 1 << 1, note: 'alias SWIFTOS_DEVICE_FLAG_DISCOVERED_MMIO' },
    { name: 'SWIFTOS_DEVICE_FLAG_MMIO_GRANT', value: 1 << 2 },
    { name: 'SWIFTOS_DEVICE_FLAG_IRQ_GRANT', value: 1 << 3 },
    { name: 'SWIFTOS_DEVICE_FLAG_DMA_GRANT', value: 1 << 4 },
    { name: 'SWIFTOS_DEVICE_FLAG_HARDWARE_AUTHORITY', value: 0x1c, note: 'mask: MMIO | IRQ | DMA grants' },
  ],
  source: fromSwiftOs('userland/lib/syscall.h'),
};

/** The identification registers of a virtio-mmio window (DEV.MMIO.REGS): offsets and values. */
export const VIRTIO_MMIO: ConstGroup = {
  name: 'VIRTIO_MMIO',
  kind: 'values',
  members: [
    { name: 'VIRTIO_MMIO_OFF_MAGIC', value: 0x000 },
    { name: 'VIRTIO_MMIO_OFF_VERSION', value: 0x004 },
    { name: 'VIRTIO_MMIO_OFF_DEVICE_ID', value: 0x008 },
    { name: 'VIRTIO_MMIO_OFF_VENDOR_ID', value: 0x00c },
    { name: 'VIRTIO_MMIO_MAGIC', value: 0x74726976, note: '"virt"' },
    { name: 'VIRTIO_MMIO_VERSION', value: 2 },
    { name: 'VIRTIO_MMIO_VENDOR', value: 0x554d4551, note: '"QEMU"' },
    { name: 'VIRTIO_ID_INPUT', value: 18, note: 'device id of a virtio input device' },
  ],
  source: fromSwiftOs('userland/devicemmapprobe.c'),
};
