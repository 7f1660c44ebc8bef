// Small I/O records: pollfd, termios, fd pairs and single-cell out-parameters.

import type { Layout } from '../types.js';
import { scalar } from './field.js';

export const POLLFD: Layout = {
  name: 'pollfd',
  size: 8,
  align: 4,
  fields: [
    scalar('fd', 0, 'i32', {
      semantic: { kind: 'fd', handleKinds: 'any', rights: [], wrongKindErrno: 'EINVAL', negativeMeansNone: true },
      note: 'negative: entry ignored, revents 0',
    }),
    scalar('events', 4, 'i16', { semantic: { kind: 'flags', group: 'POLL_EVENTS', unknownBitsErrno: null } }),
    scalar('revents', 6, 'i16', { note: 'written by the kernel' }),
  ],
  source: { kind: 'seed', seed: '002', section: 'Poll API' },
  note: '',
};

export const TERMIOS: Layout = {
  name: 'termios',
  size: 16,
  align: 4,
  fields: [
    scalar('c_iflag', 0, 'u32', { note: 'not interpreted; reads back 0' }),
    scalar('c_oflag', 4, 'u32', { note: 'not interpreted; reads back 0' }),
    scalar('c_cflag', 8, 'u32', { note: 'not interpreted; reads back 0' }),
    scalar('c_lflag', 12, 'u32', { semantic: { kind: 'flags', group: 'TERMIOS_LFLAGS', unknownBitsErrno: null } }),
  ],
  source: { kind: 'seed', seed: '002', section: 'Terminal API' },
  note: 'Only c_lflag is interpreted.',
};

/** int fds[2] / int ends[2]: written by pipe, endpoint_create and socketpair. */
export const FD_PAIR: Layout = {
  name: 'fd_pair',
  size: 8,
  align: 4,
  fields: [scalar('fd0', 0, 'i32'), scalar('fd1', 4, 'i32')],
  source: { kind: 'seed', seed: '002', section: 'Syscall Table' },
  note: 'pipe: [read end, write end]; endpoint_create: [send end, recv end]; socketpair: two peers.',
};

export const INT32: Layout = {
  name: 'int32',
  size: 4,
  align: 4,
  fields: [scalar('value', 0, 'i32')],
  source: { kind: 'seed', seed: '002', section: 'Syscall Table' },
  note: 'One int: waitpid status, openpty master/slave fds, received handle numbers.',
};

export const UINT32: Layout = {
  name: 'uint32',
  size: 4,
  align: 4,
  fields: [scalar('value', 0, 'u32')],
  source: { kind: 'seed', seed: '002', section: 'IPC Endpoints' },
  note: 'One unsigned int: received badge; futex word.',
};

export const UINT64: Layout = {
  name: 'uint64',
  size: 8,
  align: 8,
  fields: [scalar('value', 0, 'u64')],
  source: { kind: 'seed', seed: '002', section: 'POSIX-Shaped Event Counters' },
  note: 'One 64-bit little-endian value: eventfd/timerfd read/write payload, reply-port token.',
};

export const IO_LAYOUTS: readonly Layout[] = [POLLFD, TERMIOS, FD_PAIR, INT32, UINT32, UINT64];
