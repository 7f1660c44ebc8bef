// Security context records.

import type { Layout } from '../types.js';
import { scalar } from './field.js';

export const SECURITY_INFO: Layout = {
  name: 'security_info',
  size: 16,
  align: 8,
  fields: [
    scalar('principal', 0, 'u32'),
    scalar('session', 4, 'u32'),
    scalar('caps', 8, 'u64', { note: 'CAPABILITIES bits' }),
  ],
  source: { kind: 'seed', seed: '002', section: 'Capabilities' },
  note: '',
};

export const SECURITY_INFO_EX: Layout = {
  name: 'security_info_ex',
  size: 32,
  align: 8,
  fields: [
    scalar('principal', 0, 'u32', { note: 'effective' }),
    scalar('session', 4, 'u32'),
    scalar('caps', 8, 'u64'),
    scalar('real_principal', 16, 'u32', { note: 'who invoked the process' }),
    scalar('real_session', 20, 'u32'),
    scalar('real_caps', 24, 'u64'),
  ],
  source: { kind: 'seed', seed: '002', section: 'Capabilities' },
  note: 'Effective and real identity; equal unless a setuid base-image binary was exec\'d.',
};

export const SECURITY_LAYOUTS: readonly Layout[] = [SECURITY_INFO, SECURITY_INFO_EX];
