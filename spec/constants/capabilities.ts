// Process capability bits and the seeded principals.

import type { CapName, ConstGroup } from '../types.js';
import { fromSeed } from './source.js';

export const CAPABILITIES: ConstGroup = {
  name: 'CAPABILITIES',
  kind: 'flags',
  members: [
    { name: 'capConsole', value: 1 << 0, note: 'login, reboot, device and name-registry authority, updates' },
    { name: 'capSpawn', value: 1 << 1, note: 'identity-model bit; not enforced on process launch' },
    { name: 'capFsRead', value: 1 << 2, note: 'open for reading' },
    { name: 'capTmpWrite', value: 1 << 3, note: 'open for writing/creating and path mutation' },
    { name: 'capProcessInspect', value: 1 << 4, note: 'identity-model bit; not enforced' },
    { name: 'capNet', value: 1 << 5, note: 'sockets, resolve, netinfo, shmring_create' },
    { name: 'capLogExport', value: 1 << 6, note: 'log_read, log_stats' },
  ],
  source: fromSeed('Capabilities'),
};

export const CAP_BITS: Readonly<Record<CapName, number>> = {
  capConsole: 1 << 0,
  capSpawn: 1 << 1,
  capFsRead: 1 << 2,
  capTmpWrite: 1 << 3,
  capProcessInspect: 1 << 4,
  capNet: 1 << 5,
  capLogExport: 1 << 6,
};

export const SEEDED_PRINCIPALS: ConstGroup = {
  name: 'SEEDED_PRINCIPALS',
  kind: 'enum',
  members: [
    { name: 'root', value: 1, note: 'caps 0x3f' },
    { name: 'user', value: 2, note: 'caps 0x0e' },
    { name: 'guest', value: 3, note: 'caps 0x02' },
  ],
  source: fromSeed('Seeded Principals'),
};

export const SEEDED_PRINCIPAL_CAPS: Readonly<Record<'root' | 'user' | 'guest', number>> = {
  root: 0x3f,
  user: 0x0e,
  guest: 0x02,
};
