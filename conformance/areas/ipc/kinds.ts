// Every handle kind EL0 can create, with the rights it starts with (from DEFAULT_HANDLE_RIGHTS and
// the per-end clauses), how init makes one, and the probes that observe its rights.

import { constValue, DEFAULT_HANDLE_RIGHTS, rightsMask, type HandleKind } from '../../../spec/index.js';
import type { CaseFile } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { expectSame, fdPair, fork, R, sendRec } from './kit.js';
import {
  endpointBadge, endpointRecv, endpointSend, ftruncate, genericProbes, getdents, lseekCur, lseekDir, mmapFile, pidfdInfo,
  pidfdSignal, pollProbe, POLL_HUP, POLL_IN, POLL_OUT, read0, tcgetattr, tcsetattr, timerGet, timerSet, write0, wrongKind, type Probe,
} from './probes.js';

const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
const O_WRONLY = constValue('OPEN_ACCESS', 'O_WRONLY');
const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
const O_CREAT = constValue('OPEN_FLAGS', 'O_CREAT');
const CLOCK_MONOTONIC = constValue('CLOCK_IDS', 'CLOCK_MONOTONIC');

/** The tmpfs file the file kinds open (created at run time: /tmp is not in the image). */
export const TMP_FILE = '/tmp/ipc-kind.dat';
export const TMP_FILE_SIZE = 16;
/** A base-image (disk-backed) file for mmap_file. */
export const IMAGE_FILE = '/etc/ipc-kind.dat';
const IMAGE_DATA = new TextEncoder().encode('ipc rights probe: a disk-backed file for mmap_file\n');

export interface Kind {
  /** Id segment. */
  readonly name: string;
  readonly handleKind: HandleKind;
  /** What the handle is, for descriptions. */
  readonly text: string;
  /** Rights the new handle holds. */
  readonly held: number;
  /** Clauses that fix `held`. */
  readonly heldClauses: readonly string[];
  readonly files: readonly CaseFile[];
  /**
   * Emits code that creates the handle and leaves its number in `x` (`t` is a scratch
   * variable). Everything else it creates stays open in init.
   */
  setup(p: CaseProgram, x: Reg, t: Reg): void;
  /** The probes, in order (transfer last). */
  probes(): Probe[];
}

function base(kind: HandleKind): number {
  const d = DEFAULT_HANDLE_RIGHTS.find((x) => x.kind === kind);
  if (d === undefined) throw new Error(`no default rights for ${kind}`);
  return rightsMask(d.rights);
}

const DEFAULT = 'FD.RIGHTS.DEFAULT';

/** Opens the tmpfs file with `mode` after creating it with 16 bytes (FS.OPEN.CREAT). */
function openTmp(p: CaseProgram, x: Reg, t: Reg, mode: number): void {
  p.sys('open', p.str(TMP_FILE), O_CREAT | O_WRONLY, 0o644).save(t);
  p.expectOk('the tmpfs file is created', ['FS.OPEN.CREAT'], t);
  p.sys('write', t, p.bytes(new Uint8Array(TMP_FILE_SIZE).fill(0x41)), TMP_FILE_SIZE);
  p.sys('close', t);
  p.sys('open', p.str(TMP_FILE), mode, 0).save(x);
  p.expectOk('the tmpfs file opens again', ['FS.OPEN.FLAGVALUES'], x);
}

function pairEnd(p: CaseProgram, call: string, x: Reg, end: 0 | 1, clause: string, text: string): number {
  const pair = fdPair(p);
  p.sys(call, pair, ...(call === 'socketpair' ? [0] : []));
  p.expectEq(`${text}: ${call} returns 0`, [clause], 0);
  p.loadInt(x, pair + 4 * end);
  return pair;
}

const fileProbes = (accmode: number, diskBacked: boolean, readable: boolean, writable: boolean): Probe[] => [
  read0(), write0(), lseekCur(), mmapFile(diskBacked), ftruncate(TMP_FILE_SIZE),
  pollProbe({ events: POLL_IN | POLL_OUT, inReady: readable, outReady: writable, clause: 'FD.POLL.FILE' }),
  ...genericProbes(accmode),
];

export const KINDS: readonly Kind[] = [
  {
    name: 'socketpair', handleKind: 'pipe', text: 'a socket pair end', held: base('pipe'), heldClauses: [DEFAULT, 'IPC.SOCKETPAIR.RIGHTS'], files: [],
    setup: (p, x) => void pairEnd(p, 'socketpair', x, 0, 'IPC.SOCKETPAIR.DUPLEX', 'a socket pair'),
    probes: () => [
      read0(), write0(), pollProbe({ events: POLL_IN | POLL_OUT, inReady: false, outReady: true, clause: 'IPC.SOCKETPAIR.POLL' }),
      ...genericProbes(O_RDWR),
    ],
  },
  {
    name: 'file-rw', handleKind: 'file', text: 'a tmpfs file opened O_RDWR', held: base('file'), heldClauses: [DEFAULT], files: [],
    setup: (p, x, t) => openTmp(p, x, t, O_RDWR),
    probes: () => fileProbes(O_RDWR, false, true, true),
  },
  {
    name: 'file-wo', handleKind: 'file', text: 'a tmpfs file opened O_WRONLY', held: base('file') & ~R.READ, heldClauses: [DEFAULT], files: [],
    setup: (p, x, t) => openTmp(p, x, t, O_WRONLY),
    probes: () => fileProbes(O_WRONLY, false, true, true),
  },
  {
    name: 'file-ro', handleKind: 'file', text: 'a base-image file opened O_RDONLY', held: base('file') & ~R.WRITE, heldClauses: [DEFAULT],
    files: [{ path: IMAGE_FILE, data: IMAGE_DATA }],
    setup: (p, x) => {
      p.sys('open', p.str(IMAGE_FILE), O_RDONLY, 0).save(x);
      p.expectOk('the image file opens read-only', ['FS.OPEN.FLAGVALUES'], x);
    },
    probes: () => [
      read0(), write0(), lseekCur(), mmapFile(true), ftruncate(IMAGE_DATA.length),
      pollProbe({ events: POLL_IN | POLL_OUT, inReady: true, outReady: true, clause: 'FD.POLL.FILE' }),
      ...genericProbes(O_RDONLY),
    ],
  },
  {
    name: 'dir', handleKind: 'directory', text: 'a directory', held: base('directory'), heldClauses: [DEFAULT], files: [],
    setup: (p, x) => {
      p.sys('open', p.str('/'), O_RDONLY, 0).save(x);
      p.expectOk('/ opens as a directory', ['FS.OPEN.DIR.WRITE'], x);
    },
    probes: () => [
      getdents(), lseekDir(), write0(), pollProbe({ events: POLL_IN | POLL_OUT, inReady: true, outReady: true, clause: 'FD.POLL.FILE' }),
      ...genericProbes(O_RDONLY),
    ],
  },
  {
    name: 'tty', handleKind: 'tty', text: 'a duplicate of the console', held: base('tty'), heldClauses: [DEFAULT, 'FD.DUP.RIGHTS'], files: [],
    setup: (p, x) => {
      p.sys('dup', 0).save(x);
      p.expectOk('dup(0) makes a console handle', ['FD.DUP.LOWEST'], x);
    },
    probes: () => [
      read0(), write0(), tcgetattr(), tcsetattr(),
      pollProbe({ events: POLL_IN | POLL_OUT, inReady: true, outReady: true, clause: 'FD.POLL.TTY' }),
      ...genericProbes(O_RDWR),
    ],
  },
  {
    name: 'pipe-r', handleKind: 'pipe', text: 'a pipe read end', held: base('pipe') & ~R.WRITE, heldClauses: [DEFAULT, 'FD.PIPE.RIGHTS'], files: [],
    setup: (p, x) => void pairEnd(p, 'pipe', x, 0, 'FD.PIPE.ENDS', 'a pipe'),
    probes: () => [
      read0(), write0(), pollProbe({ events: POLL_IN | POLL_OUT, inReady: false, outReady: false, clause: 'FD.POLL.PIPE' }),
      ...genericProbes(O_RDONLY),
    ],
  },
  {
    name: 'pipe-w', handleKind: 'pipe', text: 'a pipe write end', held: base('pipe') & ~R.READ, heldClauses: [DEFAULT, 'FD.PIPE.RIGHTS'], files: [],
    setup: (p, x) => void pairEnd(p, 'pipe', x, 1, 'FD.PIPE.ENDS', 'a pipe'),
    probes: () => [
      read0(), write0(), pollProbe({ events: POLL_IN | POLL_OUT, inReady: false, outReady: true, clause: 'FD.POLL.PIPE' }),
      ...genericProbes(O_WRONLY),
    ],
  },
  {
    name: 'pty-master', handleKind: 'pty-master', text: 'a pty master', held: base('pty-master'), heldClauses: [DEFAULT], files: [],
    setup: (p, x) => {
      const m = fdPair(p);
      p.sys('openpty', m, m + 4);
      p.expectEq('openpty returns 0', ['TTY.PTY.OPEN'], 0);
      p.loadInt(x, m);
    },
    probes: () => [read0(), write0(), tcgetattr(), tcsetattr(), ...genericProbes(O_RDWR)],
  },
  {
    name: 'pty-slave', handleKind: 'pty-slave', text: 'a pty slave', held: base('pty-slave'), heldClauses: [DEFAULT], files: [],
    setup: (p, x) => {
      const m = fdPair(p);
      p.sys('openpty', m, m + 4);
      p.expectEq('openpty returns 0', ['TTY.PTY.OPEN'], 0);
      p.loadInt(x, m + 4);
    },
    probes: () => [read0(), write0(), tcgetattr(), tcsetattr(), ...genericProbes(O_RDWR)],
  },
  {
    name: 'eventfd', handleKind: 'eventfd', text: 'an eventfd', held: base('eventfd'), heldClauses: [DEFAULT], files: [],
    setup: (p, x) => {
      p.sys('eventfd', 0, 0).save(x);
      p.expectOk('eventfd(0, 0) returns a handle', ['EVT.CREATE'], x);
    },
    probes: () => [
      read0(), write0(), pollProbe({ events: POLL_IN | POLL_OUT, inReady: false, outReady: true, clause: 'EVT.POLL.OUT' }),
      ...genericProbes(O_RDWR),
    ],
  },
  {
    name: 'timerfd', handleKind: 'timerfd', text: 'a timerfd', held: base('timerfd'), heldClauses: [DEFAULT], files: [],
    setup: (p, x) => {
      p.sys('timerfd_create', CLOCK_MONOTONIC, 0).save(x);
      p.expectOk('timerfd_create returns a handle', ['TFD.CREATE'], x);
    },
    probes: () => [read0(), wrongKind('write', []), timerSet(), timerGet(), ...genericProbes(O_RDWR)],
  },
  {
    name: 'pidfd', handleKind: 'pidfd', text: 'a pidfd of a reaped child', held: base('pidfd'), heldClauses: [DEFAULT, 'PIDFD.RIGHTS'], files: [],
    setup: (p, x, t) => {
      fork(p, () => p.exit(0));
      p.save(t);
      p.sys('pidfd_open', t, 0).save(x);
      p.expectOk('pidfd_open of the child returns a handle', ['PIDFD.OPEN'], x);
      p.sys('waitpid', t, 0, 0);
      expectSame(p, 'waitpid reaps the child', ['PROC.WAIT.REAP'], 0, t);
    },
    probes: () => [
      // Reaped: POLLIN with READ, and POLLHUP whatever the rights (PIDFD.POLL.REAPED).
      pollProbe({ events: POLL_IN, inReady: true, outReady: false, clause: 'PIDFD.POLL.REAPED', always: POLL_HUP }),
      wrongKind('read', ['PIDFD.READ']), pidfdSignal(), pidfdInfo(), ...genericProbes(O_RDWR),
    ],
  },
  {
    name: 'ep-send', handleKind: 'endpoint', text: 'an endpoint send end', held: base('endpoint') & ~R.READ,
    heldClauses: [DEFAULT, 'IPC.ENDPOINT.RIGHTS'], files: [],
    setup: (p, x) => void pairEnd(p, 'endpoint_create', x, 0, 'IPC.ENDPOINT.CREATE', 'an endpoint'),
    probes: () => [
      pollProbe({ events: POLL_OUT, inReady: false, outReady: true, clause: 'FD.POLL.ENDPOINT' }),
      endpointSend(), endpointBadge(), ...genericProbes(O_RDWR),
    ],
  },
  {
    name: 'ep-lookup', handleKind: 'endpoint', text: 'a send end from name_lookup', held: base('endpoint') & ~R.READ,
    heldClauses: [DEFAULT, 'IPC.NAME.SENDONLY', 'IPC.NAME.LOOKUP'], files: [],
    setup: (p, x, t) => {
      const pair = fdPair(p);
      p.sys('endpoint_create', pair);
      p.expectEq('an endpoint: endpoint_create returns 0', ['IPC.ENDPOINT.CREATE'], 0);
      p.loadInt(t, pair + 4);
      const name = p.str('ipc.kind');
      p.sys('name_register', name, t);
      p.expectEq('name_register publishes the receive end', ['IPC.NAME.REGISTER'], 0);
      p.sys('name_lookup', name).save(x);
      p.expectOk('name_lookup returns a send end', ['IPC.NAME.LOOKUP'], x);
    },
    probes: () => [
      pollProbe({ events: POLL_OUT, inReady: false, outReady: true, clause: 'FD.POLL.ENDPOINT' }),
      endpointSend(), endpointBadge(), ...genericProbes(O_RDWR),
    ],
  },
  {
    name: 'ep-recv', handleKind: 'endpoint', text: 'an endpoint receive end with a message waiting', held: base('endpoint') & ~R.WRITE,
    heldClauses: [DEFAULT, 'IPC.ENDPOINT.RIGHTS'], files: [],
    setup: (p, x, t) => {
      const pair = pairEnd(p, 'endpoint_create', x, 1, 'IPC.ENDPOINT.CREATE', 'an endpoint');
      p.loadInt(t, pair);
      p.sys('ipc_send', t, sendRec(p, { data: 'm' }).rec);
      p.expectEq('a 1-byte message waits in the endpoint', ['IPC.SEND.BYTES'], 0);
    },
    probes: () => [
      pollProbe({ events: POLL_IN, inReady: true, outReady: false, clause: 'FD.POLL.ENDPOINT' }),
      endpointRecv(), ...genericProbes(O_RDWR),
    ],
  },
];

export function kindByName(name: string): Kind {
  const k = KINDS.find((x) => x.name === name);
  if (k === undefined) throw new Error(`no kind ${name}`);
  return k;
}
