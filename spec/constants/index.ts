// All constant groups, by name.

import type { ConstGroup, ConstMember } from '../types.js';
import { CAPABILITIES, SEEDED_PRINCIPALS } from './capabilities.js';
import { DEVICE_BUSES, DEVICE_FLAGS, DEVICE_KINDS, VIRTIO_MMIO } from './device.js';
import {
  CLOCK_IDS, PIDFD_OPEN_FLAGS, PIDFD_SIGNAL_FLAGS, TIMERFD_CREATE_FLAGS, TIMERFD_SETTIME_FLAGS,
} from './extensions.js';
import { FCNTL_CMDS, FD_FLAGS } from './fcntl.js';
import { D_TYPE, MODE_PERM, MODE_TYPE, OPEN_ACCESS, OPEN_FLAGS, SEEK_WHENCE } from './files.js';
import { ADDRESS_SPACE, MAP_FLAGS, PROT } from './memory.js';
import { POLL_EVENTS } from './poll.js';
import { RIGHT_MASKS, RIGHTS, SPAWN_HANDLE_FLAGS } from './rights.js';
import { SHMRING } from './shmring.js';
import { SIG_HANDLERS, SIGFRAME_CONSTS, SIGNAL_LIMITS, SIGNALS } from './signals.js';
import {
  ADDRESS_FAMILIES, IP_PROTOCOLS, NET_ADDRESSES, NET_LIMITS, NETINFO_FLAGS, SOCKET_TYPES, SOCKETPAIR_FLAGS,
} from './socket.js';
import { EVENTFD_FLAGS, FUTEX_MODIFIERS, FUTEX_OPS } from './sync.js';
import { AUXV_TYPES, LIMITS, PROC_STATES, REBOOT_CMDS } from './system.js';
import { TCSETATTR_ACTIONS, TERMIOS_LFLAGS } from './termios.js';
import { WAIT_OPTIONS } from './wait.js';

export * from './capabilities.js';
export * from './device.js';
export * from './extensions.js';
export * from './fcntl.js';
export * from './files.js';
export * from './memory.js';
export * from './poll.js';
export * from './rights.js';
export * from './shmring.js';
export * from './signals.js';
export * from './socket.js';
export * from './sync.js';
export * from './system.js';
export * from './termios.js';
export * from './wait.js';

const ALL: readonly ConstGroup[] = [
  OPEN_ACCESS, OPEN_FLAGS, SEEK_WHENCE, MODE_TYPE, MODE_PERM, D_TYPE,
  PROT, MAP_FLAGS, ADDRESS_SPACE,
  RIGHTS, RIGHT_MASKS, SPAWN_HANDLE_FLAGS,
  CAPABILITIES, SEEDED_PRINCIPALS,
  POLL_EVENTS,
  FUTEX_OPS, FUTEX_MODIFIERS, EVENTFD_FLAGS,
  FCNTL_CMDS, FD_FLAGS,
  SIGNALS, SIG_HANDLERS, SIGNAL_LIMITS, SIGFRAME_CONSTS,
  WAIT_OPTIONS,
  TERMIOS_LFLAGS, TCSETATTR_ACTIONS,
  ADDRESS_FAMILIES, SOCKET_TYPES, IP_PROTOCOLS, SOCKETPAIR_FLAGS, NETINFO_FLAGS, NET_LIMITS, NET_ADDRESSES,
  DEVICE_KINDS, DEVICE_BUSES, DEVICE_FLAGS, VIRTIO_MMIO, SHMRING,
  REBOOT_CMDS, PROC_STATES, AUXV_TYPES, LIMITS,
  PIDFD_OPEN_FLAGS, PIDFD_SIGNAL_FLAGS, CLOCK_IDS, TIMERFD_CREATE_FLAGS, TIMERFD_SETTIME_FLAGS,
];

export const CONSTANT_GROUPS: Readonly<Record<string, ConstGroup>> = Object.fromEntries(
  ALL.map((g) => [g.name, g]),
);

export const CONSTANT_GROUP_LIST: readonly ConstGroup[] = ALL;

export function constGroup(name: string): ConstGroup {
  const group = CONSTANT_GROUPS[name];
  if (group === undefined) throw new Error(`unknown constant group ${name}`);
  return group;
}

export function constMember(group: string, member: string): ConstMember {
  const found = constGroup(group).members.find((m) => m.name === member);
  if (found === undefined) throw new Error(`unknown constant ${group}.${member}`);
  return found;
}

export function constValue(group: string, member: string): number {
  return constMember(group, member).value;
}

/** OR of every single-bit member of a flags group: the bits a flags argument accepts. */
export function knownBits(group: string): number {
  const g = constGroup(group);
  return g.members.reduce((mask, m) => mask | m.value, 0);
}

/** Values of an enum group. */
export function enumValues(group: string): readonly number[] {
  return constGroup(group).members.map((m) => m.value);
}
