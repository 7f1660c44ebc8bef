// Network records: UDP messages and the network status snapshot.

import type { Layout } from '../types.js';
import { array, pointer, scalar } from './field.js';

export const UDP_MSG: Layout = {
  name: 'udp_msg',
  size: 20,
  align: 8,
  fields: [
    pointer('buf', 0, { kind: 'buffer', dir: 'inout', lengthArg: 'len', nullWhenEmpty: true }),
    scalar('len', 8, 'u32', {
      semantic: { kind: 'length', unit: 'bytes', max: 65507, aboveMaxErrno: 'EINVAL' },
      note: 'sendto: payload length, at most 65507 (NET.UDP.SIZE); recvfrom: capacity in (unbounded), copied length out (NET.UDP.TRUNC)',
    }),
    scalar('ip', 12, 'u32', { semantic: { kind: 'int', signed: false, bits: 32, role: 'ipv4' }, note: 'host order' }),
    scalar('port', 16, 'u16', { note: 'host order' }),
    scalar('pad', 18, 'u16'),
  ],
  source: { kind: 'seed', seed: '002', section: 'UDP Message Layouts' },
  note: 'IPv4 effective layout. swift-os reads and writes the first 18 bytes; the C struct is padded to 24.',
};

export const UDP_MSG_V6: Layout = {
  name: 'udp_msg_v6',
  size: 34,
  align: 1,
  packed: true,
  fields: [
    pointer('buf', 0, { kind: 'buffer', dir: 'inout', lengthArg: 'len', nullWhenEmpty: true }),
    scalar('len', 8, 'u32'),
    array('ip6', 12, 'u8', 16, { note: 'network order' }),
    scalar('port', 28, 'u16'),
    scalar('scope', 30, 'u32'),
  ],
  source: { kind: 'seed', seed: '002', section: 'UDP Message Layouts' },
  note: 'Packed; used by AF_INET6 datagram sockets.',
};

export const NETINFO: Layout = {
  name: 'netinfo',
  size: 56,
  align: 4,
  fields: [
    scalar('flags', 0, 'u32', { note: 'NETINFO_FLAGS' }),
    scalar('ipv4', 4, 'u32', { note: 'host order' }),
    scalar('gateway4', 8, 'u32'),
    scalar('dns4', 12, 'u32'),
    scalar('mask4', 16, 'u32'),
    array('ipv6', 20, 'u8', 16, { note: 'network order' }),
    array('gateway6', 36, 'u8', 16),
    scalar('prefix6', 52, 'u32'),
  ],
  source: { kind: 'seed', seed: '002', section: 'Network Status Layout' },
  note: 'struct swiftos_netinfo.',
};

export const NET_LAYOUTS: readonly Layout[] = [UDP_MSG, UDP_MSG_V6, NETINFO];
