// Device-grant metadata record.

import type { Layout } from '../types.js';
import { scalar, text } from './field.js';

export const DEVICE_INFO: Layout = {
  name: 'device_info',
  size: 64,
  align: 8,
  fields: [
    scalar('kind', 0, 'u32', { note: 'DEVICE_KINDS' }),
    scalar('bus', 4, 'u32', { note: 'DEVICE_BUSES' }),
    scalar('mmio_base', 8, 'u64'),
    scalar('mmio_len', 16, 'u64'),
    scalar('irq', 24, 'u32'),
    scalar('flags', 28, 'u32', { note: 'DEVICE_FLAGS' }),
    scalar('generation', 32, 'u32', { note: 'bumped on every claim' }),
    scalar('claimed', 36, 'u32', { note: '1 while a live grant owns the device' }),
    text('name', 40, 24),
  ],
  source: { kind: 'seed', seed: '002', section: 'Device Grants' },
  note: 'struct swiftos_device_info, the fixed 64-byte record.',
};

export const DEVICE_LAYOUTS: readonly Layout[] = [DEVICE_INFO];
