// Socket, address-family and network-status constants.

import type { ConstGroup } from '../types.js';
import { fromSeed, fromSwiftOs } from './source.js';

export const ADDRESS_FAMILIES: ConstGroup = {
  name: 'ADDRESS_FAMILIES',
  kind: 'enum',
  members: [
    { name: 'AF_INET', value: 2 },
    { name: 'AF_INET6', value: 10 },
  ],
  source: fromSeed('Networking API'),
  note: 'AF_UNIX (1) exists only in the compat layer; the raw socketpair call takes no family.',
};

export const SOCKET_TYPES: ConstGroup = {
  name: 'SOCKET_TYPES',
  kind: 'enum',
  members: [
    { name: 'SOCK_STREAM', value: 1, note: 'TCP' },
    { name: 'SOCK_DGRAM', value: 2, note: 'UDP' },
  ],
  source: fromSeed('Networking API'),
};

export const IP_PROTOCOLS: ConstGroup = {
  name: 'IP_PROTOCOLS',
  kind: 'enum',
  members: [
    { name: 'IPPROTO_DEFAULT', value: 0, note: 'decision: 0 selects the type\'s protocol' },
    { name: 'IPPROTO_TCP', value: 6 },
    { name: 'IPPROTO_UDP', value: 17 },
  ],
  source: fromSeed('Networking API'),
};

/** Raw socketpair flags: kernel values, not the SOCK_* compat bits. */
export const SOCKETPAIR_FLAGS: ConstGroup = {
  name: 'SOCKETPAIR_FLAGS',
  kind: 'flags',
  members: [
    { name: 'SWIFTOS_SOCKETPAIR_NONBLOCK', value: 1 },
    { name: 'SWIFTOS_SOCKETPAIR_CLOEXEC', value: 2 },
  ],
  source: fromSwiftOs('kernel/vfs/vfs.swift'),
};

export const NETINFO_FLAGS: ConstGroup = {
  name: 'NETINFO_FLAGS',
  kind: 'flags',
  members: [
    { name: 'SWIFTOS_NETINFO_READY', value: 1 << 0 },
    { name: 'SWIFTOS_NETINFO_DHCP4', value: 1 << 1 },
    { name: 'SWIFTOS_NETINFO_STATIC6', value: 1 << 2 },
    { name: 'SWIFTOS_NETINFO_GW6', value: 1 << 3 },
  ],
  source: fromSeed('Network Status Layout'),
  note: 'The seed names the flags in this order without values; bit positions follow that order (decision NET.NETINFO.FLAGS).',
};
