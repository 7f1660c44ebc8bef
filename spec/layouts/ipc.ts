// The raw IPC message records that ipc_send/ipc_recv/ipc_call/ipc_reply_recv take by pointer.

import type { ArgType, Layout } from '../types.js';
import { pointer, scalar } from './field.js';

const MOVED_HANDLE: ArgType = {
  kind: 'fd', handleKinds: 'any', rights: ['TRANSFER'], wrongKindErrno: 'EINVAL', negativeMeansNone: true,
};

const MSG_LEN: ArgType = { kind: 'length', unit: 'bytes', max: 256, aboveMaxErrno: 'EINVAL' };
const CAPACITY: ArgType = { kind: 'length', unit: 'bytes' };

export const IPC_SEND_MSG: Layout = {
  name: 'ipc_send_msg',
  size: 24,
  align: 8,
  fields: [
    pointer('buf', 0, { kind: 'buffer', dir: 'in', lengthArg: 'len', nullWhenEmpty: true }),
    scalar('len', 8, 'u64', { semantic: MSG_LEN }),
    scalar('handle_fd', 16, 'i32', { semantic: MOVED_HANDLE, note: '< 0: no handle' }),
    scalar('requested_rights', 20, 'u32', {
      semantic: { kind: 'flags', group: 'RIGHTS', unknownBitsErrno: null },
      note: 'receiver gets held ∩ requested; ignored when handle_fd < 0',
    }),
  ],
  source: { kind: 'swift-os', file: 'userland/lib/syscall.h' },
  note: 'The seed hides this record behind the ipc_send wrapper; offsets are the swift-os ones.',
};

export const IPC_RECV_MSG: Layout = {
  name: 'ipc_recv_msg',
  size: 32,
  align: 8,
  fields: [
    pointer('buf', 0, { kind: 'buffer', dir: 'out', lengthArg: 'cap', nullWhenEmpty: true }),
    scalar('cap', 8, 'u64', { semantic: CAPACITY }),
    pointer('out_handle_fd', 16, { kind: 'struct', dir: 'out', layout: 'int32' }, 'receives the new handle number, or -1'),
    pointer('out_badge', 24, { kind: 'struct', dir: 'out', layout: 'uint32', nullable: true }, '0: do not report the badge'),
  ],
  source: { kind: 'seed', seed: '002', section: 'Endpoint badges (ipc_badge / ipc_recv_badged)' },
  note: 'Fixed 32 bytes for every caller; plain ipc_recv passes out_badge = 0.',
};

export const IPC_CALL_MSG: Layout = {
  name: 'ipc_call_msg',
  size: 44,
  align: 8,
  fields: [
    pointer('buf', 0, { kind: 'buffer', dir: 'in', lengthArg: 'len', nullWhenEmpty: true }),
    scalar('len', 8, 'u64', { semantic: MSG_LEN }),
    pointer('reply_buf', 16, { kind: 'buffer', dir: 'out', lengthArg: 'reply_cap', nullWhenEmpty: true }),
    scalar('reply_cap', 24, 'u64', { semantic: CAPACITY }),
    pointer('out_handle_fd', 32, { kind: 'struct', dir: 'out', layout: 'int32' }, 'handle moved by the reply, or -1'),
    scalar('handle_fd', 40, 'i32', { semantic: MOVED_HANDLE, note: '< 0: no handle' }),
  ],
  source: { kind: 'swift-os', file: 'userland/lib/syscall.h' },
  note: 'The kernel reads 44 bytes (the C struct is padded to 48).',
};

export const IPC_REPLY_RECV_MSG: Layout = {
  name: 'ipc_reply_recv_msg',
  size: 60,
  align: 8,
  fields: [
    scalar('reply_port', 0, 'u64', { note: 'token from the previous receive; 0 = nothing to reply to' }),
    pointer('reply_buf', 8, { kind: 'buffer', dir: 'in', lengthArg: 'reply_len', nullWhenEmpty: true }),
    scalar('reply_len', 16, 'u64', { semantic: MSG_LEN }),
    pointer('recv_buf', 24, { kind: 'buffer', dir: 'out', lengthArg: 'recv_cap', nullWhenEmpty: true }),
    scalar('recv_cap', 32, 'u64', { semantic: CAPACITY }),
    pointer('out_handle_fd', 40, { kind: 'struct', dir: 'out', layout: 'int32' }),
    pointer('out_reply_port', 48, { kind: 'struct', dir: 'out', layout: 'uint64' }, 'token to reply to on the next turn'),
    scalar('reply_handle_fd', 56, 'i32', { semantic: MOVED_HANDLE, note: '< 0: no handle' }),
  ],
  source: { kind: 'swift-os', file: 'userland/lib/syscall.h' },
  note: 'The kernel reads 60 bytes (the C struct is padded to 64).',
};

export const IPC_LAYOUTS: readonly Layout[] = [IPC_SEND_MSG, IPC_RECV_MSG, IPC_CALL_MSG, IPC_REPLY_RECV_MSG];
