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

/** Sizes and bounds of the reference machine's simulated network (decisions NET.*). */
export const NET_LIMITS: ConstGroup = {
  name: 'NET_LIMITS',
  kind: 'values',
  members: [
    { name: 'SOCKET_MAX', value: 16, note: 'sockets the machine holds at once, connection sockets a listener made included (NET.NOMEM)' },
    { name: 'UDP_QUEUE_MAX', value: 4, note: 'datagrams one UDP socket queues; more are dropped (NET.UDP.DELIVER)' },
    { name: 'UDP_PAYLOAD_MAX', value: 65507, note: 'bytes in one datagram (NET.UDP.SIZE)' },
    { name: 'TCP_BUFFER', value: 4096, note: 'bytes buffered in each direction of a TCP connection (NET.TCP.STREAM)' },
    { name: 'NET_TIMEOUT_MS', value: 15000, note: 'how long a blocking recvfrom, recv, accept or connect waits (NET.RECV.TIMEOUT)' },
    { name: 'EPHEMERAL_PORT_MIN', value: 49152, note: 'the first port bind(0) and automatic binding hand out (NET.BIND.PORT)' },
    { name: 'DNS_PORT', value: 53, note: 'the port the machine\'s DNS server answers on (NET.RESOLVE.NAMES)' },
  ],
  source: fromSwiftOs('kernel/net/socket.swift'),
  note: 'SOCKET_MAX and UDP_QUEUE_MAX are swift-os maxSockets and sockRingDepth; NET_TIMEOUT_MS is the upper end of the 12-15 s swift-os waits; TCP_BUFFER and EPHEMERAL_PORT_MIN (the IANA dynamic range) are Touchstone decisions.',
};

/** Host-order IPv4 addresses of the simulated interface (decision NET.MACHINE): QEMU slirp's. */
export const NET_ADDRESSES: ConstGroup = {
  name: 'NET_ADDRESSES',
  kind: 'values',
  members: [
    { name: 'NET_IPV4', value: 0x0a00_020f, note: '10.0.2.15, by DHCP' },
    { name: 'NET_MASK4', value: 0xffff_ff00, note: '255.255.255.0' },
    { name: 'NET_GATEWAY4', value: 0x0a00_0202, note: '10.0.2.2' },
    { name: 'NET_DNS4', value: 0x0a00_0203, note: '10.0.2.3' },
    { name: 'NET_LOOPBACK4', value: 0x7f00_0001, note: '127.0.0.1; all of 127.0.0.0/8 is loopback' },
    { name: 'NET_PREFIX6', value: 64, note: 'prefix length of NET_IPV6.address' },
  ],
  source: fromSwiftOs('kernel/net/socket.swift'),
};

/** IPv6 addresses of the simulated interface (decision NET.MACHINE), 16 bytes in network order. */
export const NET_IPV6: { readonly address: readonly number[]; readonly gateway: readonly number[]; readonly loopback: readonly number[] } = {
  /** fec0::15, static. */
  address: [0xfe, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x15],
  /** fec0::2. */
  gateway: [0xfe, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02],
  /** ::1. */
  loopback: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
};
