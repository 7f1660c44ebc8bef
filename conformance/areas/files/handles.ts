// Handles of every kind, made at run time into a variable, each in a known state. The families
// that cover "each handle kind" (read/write/lseek, fstat, poll, fcntl, fsync) share this table.

import { constValue } from '../../../spec/index.js';
import { Reg } from '../../program/builder.js';
import { type Build, O, type Prog } from './kit.js';
import { addImage, BASE_FILE, bytesOf, setupTmpfs, TMP_FILE, TMP_TEXT } from './world.js';

export const CLOCK_MONOTONIC = constValue('CLOCK_IDS', 'CLOCK_MONOTONIC');
export const CLOCK_REALTIME = constValue('CLOCK_IDS', 'CLOCK_REALTIME');
export const TFD_NONBLOCK = constValue('TIMERFD_CREATE_FLAGS', 'TFD_NONBLOCK');
export const TFD_TIMER_ABSTIME = constValue('TIMERFD_SETTIME_FLAGS', 'TFD_TIMER_ABSTIME');
export const EFD_NONBLOCK = constValue('EVENTFD_FLAGS', 'EFD_NONBLOCK');

/** The spec's handle kind, plus which end or mode. */
export type Made =
  | 'file-rdwr' | 'file-rdonly' | 'file-wronly' | 'base-file' | 'dir' | 'tty-in' | 'tty-out' | 'pipe-read' | 'pipe-write'
  | 'dev-null' | 'dev-zero' | 'eventfd' | 'socketpair' | 'pidfd' | 'timerfd' | 'endpoint-send' | 'endpoint-recv';

export interface MadeHandle {
  readonly name: Made;
  /** What the handle is, for descriptions. */
  readonly what: string;
  /** Makes the handle; its number ends up in `fd`. Returns the peer's number when there is one. */
  make(b: Build, fd: Reg): void;
}

/** Bytes queued in the pipe and socket pair before the case reads. */
export const QUEUED = 'ab';
export const EVENTFD_INIT = 7;

const PAIR_CLAUSE: Readonly<Record<string, string>> = { pipe: 'FD.PIPE.ENDS', socketpair: 'IPC.SOCKETPAIR.DUPLEX', endpoint_create: 'IPC.ENDPOINT.CREATE' };

function pairInto(p: Prog, row: string, fd: Reg, index: 0 | 1, ...extra: number[]): number {
  const cell = p.space(8, 8);
  p.sys(row, cell, ...extra).expectEq(`set-up: ${row} returns 0`, [PAIR_CLAUSE[row]!], 0);
  p.loadInt(fd, cell + 4 * index);
  return cell;
}

export const HANDLES: readonly MadeHandle[] = [
  {
    name: 'file-rdwr', what: `tmpfs file ${TMP_FILE} opened O_RDWR`,
    make: ({ p }, fd) => { setupTmpfs(p); p.call(fd, 'open', p.str(TMP_FILE), O.RDWR, 0); },
  },
  {
    name: 'file-rdonly', what: `tmpfs file ${TMP_FILE} opened O_RDONLY`,
    make: ({ p }, fd) => { setupTmpfs(p); p.call(fd, 'open', p.str(TMP_FILE), O.RDONLY, 0); },
  },
  {
    name: 'file-wronly', what: `tmpfs file ${TMP_FILE} opened O_WRONLY`,
    make: ({ p }, fd) => { setupTmpfs(p); p.call(fd, 'open', p.str(TMP_FILE), O.WRONLY, 0); },
  },
  {
    name: 'base-file', what: `base-image file ${BASE_FILE.path} opened O_RDONLY`,
    make: (b, fd) => { addImage(b); b.p.call(fd, 'open', b.p.str(BASE_FILE.path), O.RDONLY, 0); },
  },
  { name: 'dir', what: 'directory /etc', make: ({ p }, fd) => { p.call(fd, 'open', p.str('/etc'), O.RDONLY, 0); } },
  { name: 'tty-in', what: 'console fd 0', make: ({ p }, fd) => { p.a.movImm(fd.n, 0); } },
  { name: 'tty-out', what: 'console fd 1', make: ({ p }, fd) => { p.a.movImm(fd.n, 1); } },
  {
    name: 'pipe-read', what: `pipe read end holding "${QUEUED}"`,
    make: ({ p }, fd) => {
      const cell = pairInto(p, 'pipe', fd, 0);
      p.loadInt(4, cell + 4);
      p.sys('write', new Reg(4), p.str(QUEUED), QUEUED.length).expectEq('set-up: write to the pipe', ['FD.PIPE.CAPACITY'], QUEUED.length);
    },
  },
  { name: 'pipe-write', what: 'pipe write end (reader open)', make: ({ p }, fd) => { pairInto(p, 'pipe', fd, 1); } },
  { name: 'dev-null', what: '/dev/null opened O_RDWR', make: ({ p }, fd) => { p.call(fd, 'open', p.str('/dev/null'), O.RDWR, 0); } },
  { name: 'dev-zero', what: '/dev/zero opened O_RDWR', make: ({ p }, fd) => { p.call(fd, 'open', p.str('/dev/zero'), O.RDWR, 0); } },
  { name: 'eventfd', what: `eventfd with counter ${EVENTFD_INIT}`, make: ({ p }, fd) => { p.call(fd, 'eventfd', EVENTFD_INIT, EFD_NONBLOCK); } },
  {
    name: 'socketpair', what: `socket pair end with "${QUEUED}" queued by its peer`,
    make: ({ p }, fd) => {
      const cell = pairInto(p, 'socketpair', fd, 0, 0);
      p.loadInt(4, cell + 4);
      p.sys('write', new Reg(4), p.str(QUEUED), QUEUED.length).expectEq('set-up: write to the peer end', ['IPC.SOCKETPAIR.DUPLEX'], QUEUED.length);
    },
  },
  { name: 'pidfd', what: 'pidfd of the caller itself', make: ({ p }, fd) => { p.call(fd, 'pidfd_open', 1, 0); } },
  { name: 'timerfd', what: 'disarmed non-blocking timerfd', make: ({ p }, fd) => { p.call(fd, 'timerfd_create', CLOCK_MONOTONIC, TFD_NONBLOCK); } },
  { name: 'endpoint-send', what: 'endpoint send end', make: ({ p }, fd) => { pairInto(p, 'endpoint_create', fd, 0); } },
  { name: 'endpoint-recv', what: 'endpoint receive end', make: ({ p }, fd) => { pairInto(p, 'endpoint_create', fd, 1); } },
];

export function handle(name: Made): MadeHandle {
  const h = HANDLES.find((x) => x.name === name);
  if (!h) throw new Error(`files: no handle ${name}`);
  return h;
}

export { bytesOf, TMP_TEXT };
