// Probes: one operation per right a handle can hold, with the outcome the spec gives for every
// rights mask. A probe leaves its result in x0; the case stores it and checks it in init.
//
// The right each call needs comes from the spec row (its fd argument's `rights`), from
// FCNTL_CMD_RIGHT for fcntl, and from the ipc_send_msg layout for the moved handle; a missing
// right fails with missingRightErrno of the first missing one in row order (FD.RIGHTS.MISSING).

import {
  constValue, FCNTL_CMD_RIGHT, layout, missingRightErrno, RIGHT_BITS, syscall, type ErrnoName, type FdArg, type RightName,
} from '../../../spec/index.js';
import type { CaseProgram, Operand } from '../../program/builder.js';
import { Reg } from '../../program/builder.js';
import { loadU16, neg, recvRec, sendRec, store32, store64 } from './kit.js';

export type Want =
  | { readonly kind: 'eq'; readonly value: number | bigint }
  | { readonly kind: 'ok' }
  | { readonly kind: 'gt0' }
  | { readonly kind: 'errno'; readonly errno: ErrnoName };

/** What a probe must return for one rights mask. */
export interface Outcome {
  readonly want: Want;
  /** Text for the assertion description (no '#'). */
  readonly what: string;
  readonly clauses: readonly string[];
}

/** Scratch records and buffers a probe block uses, allocated once per program. */
export interface ProbeEnv {
  readonly buf: number;
  readonly stat: number;
  readonly termios: number;
  readonly pollfd: number;
  readonly itimerZero: number;
  readonly itimerOut: number;
  readonly procstat: number;
  readonly dirbuf: number;
  readonly plainSend: number;
  readonly recv: number;
  readonly xfer: { readonly rec: number; readonly handleAt: number };
  /** Send end of an endpoint whose slot is free, for the TRANSFER probe. */
  readonly xferFd: Operand;
}

const TERMIOS_LFLAG = constValue('TERMIOS_LFLAGS', 'ICANON') | constValue('TERMIOS_LFLAGS', 'ECHO') | constValue('TERMIOS_LFLAGS', 'ISIG');

export function probeEnv(p: CaseProgram, xferFd: Operand): ProbeEnv {
  const termios = new Uint8Array(layout('termios').size);
  new DataView(termios.buffer).setUint32(12, TERMIOS_LFLAG, true);
  return {
    buf: p.space(16),
    stat: p.space(layout('stat').size),
    termios: p.bytes(termios, 8),
    pollfd: p.space(layout('pollfd').size, 8),
    itimerZero: p.space(layout('itimerspec').size, 8),
    itimerOut: p.space(layout('itimerspec').size, 8),
    procstat: p.space(layout('procstat').size, 8),
    dirbuf: p.space(512),
    plainSend: sendRec(p, { data: 'p' }).rec,
    recv: recvRec(p, { cap: 16 }).rec,
    xfer: (() => {
      const r = sendRec(p, { data: 'T' });
      return { rec: r.rec, handleAt: r.handleAt };
    })(),
    xferFd,
  };
}

export interface Probe {
  readonly name: string;
  /** Emits the operation on `fd`; the result is left in x0. */
  emit(p: CaseProgram, fd: Operand, env: ProbeEnv): void;
  /** Runs after the result is stored, with it still in x0 (e.g. closing a new handle). */
  after?(p: CaseProgram): void;
  expect(rights: number): Outcome;
}

// ---- rights a call needs -------------------------------------------------------------------

interface Need {
  readonly rights: readonly RightName[];
  readonly any: boolean;
}

/** The rights the row `name` needs on its argument `arg` (spec row data). */
export function rowNeed(name: string, arg = 'fd'): Need {
  const a = syscall(name).args.find((x) => x.name === arg);
  if (a === undefined || a.type.kind !== 'fd') throw new Error(`${name}: no fd argument ${arg}`);
  const t: FdArg = a.type;
  return { rights: t.rights, any: t.anyRight === true };
}

/** The right a moved handle needs (the ipc_send_msg layout's handle_fd semantic). */
function movedNeed(): Need {
  const f = layout('ipc_send_msg').fields.find((x) => x.name === 'handle_fd');
  const s = f?.semantic;
  if (s === undefined || s.kind !== 'fd') throw new Error('ipc_send_msg.handle_fd is not a handle');
  return { rights: s.rights, any: false };
}

/** The first right of `need` that `mask` lacks, in row order, or null when the call may go on. */
export function firstMissing(need: Need, mask: number): RightName | null {
  const missing = need.rights.filter((r) => (mask & RIGHT_BITS[r]) === 0);
  if (need.any) return missing.length === need.rights.length && missing.length > 0 ? missing[0]! : null;
  return missing[0] ?? null;
}

function wantText(w: Want): string {
  switch (w.kind) {
    case 'eq':
      return typeof w.value === 'bigint' ? `returns 0x${w.value.toString(16)}` : `returns ${w.value}`;
    case 'ok':
      return 'succeeds';
    case 'gt0':
      return 'returns a positive count';
    case 'errno':
      return `fails ${w.errno}`;
  }
}

interface GateOpts {
  readonly name: string;
  readonly call: string;
  readonly need: Need;
  readonly held: Want;
  readonly heldClauses: readonly string[];
  /** Clauses of the missing-right failure (default FD.RIGHTS.MISSING). */
  readonly missingClauses?: readonly string[];
  /** Errno when missing, if not missingRightErrno (never used for spec rows). */
  emit(p: CaseProgram, fd: Operand, env: ProbeEnv): void;
  after?(p: CaseProgram): void;
}

/** A probe that succeeds (held outcome) exactly when the handle holds the call's rights. */
function gated(o: GateOpts): Probe {
  const rightsText = o.need.rights.join(o.need.any ? ' or ' : ' and ');
  return {
    name: o.name,
    emit: o.emit,
    ...(o.after ? { after: o.after } : {}),
    expect(mask) {
      const missing = firstMissing(o.need, mask);
      if (missing === null) {
        return { want: o.held, what: `${o.call} with ${rightsText} ${wantText(o.held)}`, clauses: o.heldClauses };
      }
      const want: Want = { kind: 'errno', errno: missingRightErrno(missing) };
      return { want, what: `${o.call} without ${missing} ${wantText(want)}`, clauses: o.missingClauses ?? ['FD.RIGHTS.MISSING'] };
    },
  };
}

/** A probe whose outcome does not depend on the rights (checks ordering or kind). */
function fixed(name: string, call: string, want: Want, clauses: readonly string[], emit: Probe['emit']): Probe {
  return { name, emit, expect: () => ({ want, what: `${call} ${wantText(want)}`, clauses }) };
}

const closeResult = (p: CaseProgram): void => {
  p.sys('close', new Reg(0));
};

// ---- the probes ----------------------------------------------------------------------------

export const read0 = (): Probe =>
  gated({
    name: 'read', call: 'read(fd, buf, 0)', need: rowNeed('read'), held: { kind: 'eq', value: 0 }, heldClauses: ['FD.READ.ZERO'],
    emit: (p, fd, env) => p.sys('read', fd, env.buf, 0),
  });

export const write0 = (): Probe =>
  gated({
    name: 'write', call: 'write(fd, buf, 0)', need: rowNeed('write'), held: { kind: 'eq', value: 0 }, heldClauses: ['FD.WRITE.ZERO'],
    emit: (p, fd, env) => p.sys('write', fd, env.buf, 0),
  });

/** read or write on a kind the row does not take: the kind check comes before the rights. */
export const wrongKind = (call: 'read' | 'write', clauses: readonly string[]): Probe =>
  fixed(`${call}-kind`, `${call}(fd, buf, 0) on this kind`, { kind: 'errno', errno: syscallWrongKind(call) }, ['FD.KIND.WRONG', 'ABI.CHECK.ORDER', ...clauses],
    (p, fd, env) => p.sys(call, fd, env.buf, 0));

function syscallWrongKind(name: string): ErrnoName {
  const a = syscall(name).args[0]!;
  if (a.type.kind !== 'fd') throw new Error(`${name}: first argument is not a handle`);
  return a.type.wrongKindErrno;
}

const SEEK_CUR = constValue('SEEK_WHENCE', 'SEEK_CUR');
const SEEK_SET = constValue('SEEK_WHENCE', 'SEEK_SET');

export const lseekCur = (): Probe =>
  gated({
    name: 'lseek', call: 'lseek(fd, 0, SEEK_CUR)', need: rowNeed('lseek'), held: { kind: 'eq', value: 0 }, heldClauses: ['FS.LSEEK.WHENCE'],
    emit: (p, fd) => p.sys('lseek', fd, 0, SEEK_CUR),
  });

export const lseekDir = (): Probe =>
  gated({
    name: 'lseek', call: 'lseek(dir, 0, SEEK_SET)', need: rowNeed('lseek'), held: { kind: 'eq', value: 0 }, heldClauses: ['FS.LSEEK.DIR'],
    emit: (p, fd) => p.sys('lseek', fd, 0, SEEK_SET),
  });

/** ftruncate to the file's current size (16 bytes), so later probes see the same file. */
export const ftruncate = (size: number): Probe =>
  gated({
    name: 'ftruncate', call: `ftruncate(fd, ${size})`, need: rowNeed('ftruncate'), held: { kind: 'eq', value: 0 }, heldClauses: [],
    emit: (p, fd) => p.sys('ftruncate', fd, size),
  });

const PROT_READ = constValue('PROT', 'PROT_READ');

/** mmap_file: a tmpfs file passes the rights check and then fails EACCES; an image file maps. */
export const mmapFile = (diskBacked: boolean): Probe =>
  gated({
    name: 'mmap_file', call: `mmap_file(${diskBacked ? 'image file' : 'tmpfs file'}, 4096, PROT_READ)`, need: rowNeed('mmap_file'),
    held: diskBacked ? { kind: 'ok' } : { kind: 'errno', errno: 'EACCES' },
    heldClauses: diskBacked ? ['MM.MMAPFILE.BACKING', 'MM.MMAPFILE.CLAMP'] : ['MM.MMAPFILE.TMPFS', 'ABI.CHECK.ORDER'],
    emit: (p, fd) => p.sys('mmap_file', fd, 4096, PROT_READ),
  });

export const getdents = (): Probe =>
  gated({
    name: 'getdents', call: 'getdents(dir, buf, 512)', need: rowNeed('getdents'), held: { kind: 'gt0' }, heldClauses: ['FS.GETDENTS.RECORDS'],
    emit: (p, fd, env) => p.sys('getdents', fd, env.dirbuf, 512),
  });

export const tcgetattr = (): Probe =>
  gated({
    name: 'tcgetattr', call: 'tcgetattr(fd, termios)', need: rowNeed('tcgetattr'), held: { kind: 'eq', value: 0 }, heldClauses: ['TTY.ATTR.GET'],
    emit: (p, fd, env) => p.sys('tcgetattr', fd, env.termios),
  });

const TCSANOW = constValue('TCSETATTR_ACTIONS', 'TCSANOW');

export const tcsetattr = (): Probe =>
  gated({
    name: 'tcsetattr', call: 'tcsetattr(fd, TCSANOW, termios)', need: rowNeed('tcsetattr'), held: { kind: 'eq', value: 0 }, heldClauses: ['TTY.ATTR.SET'],
    emit: (p, fd, env) => {
      // tcgetattr above may have overwritten the record: c_lflag back to ICANON|ECHO|ISIG.
      store32(p, TERMIOS_LFLAG, env.termios + 12);
      p.sys('tcsetattr', fd, TCSANOW, env.termios);
    },
  });

export const timerSet = (): Probe =>
  gated({
    name: 'timerfd_settime', call: 'timerfd_settime(fd, 0, zero, NULL)', need: rowNeed('timerfd_settime'), held: { kind: 'eq', value: 0 },
    heldClauses: ['TFD.SETTIME.DISARM'],
    emit: (p, fd, env) => p.sys('timerfd_settime', fd, 0, env.itimerZero, 0),
  });

export const timerGet = (): Probe =>
  gated({
    name: 'timerfd_gettime', call: 'timerfd_gettime(fd, out)', need: rowNeed('timerfd_gettime'), held: { kind: 'eq', value: 0 },
    heldClauses: ['TFD.GETTIME'],
    emit: (p, fd, env) => p.sys('timerfd_gettime', fd, env.itimerOut),
  });

/** On a pidfd whose process was reaped: the rights check comes before ESRCH. */
export const pidfdSignal = (): Probe =>
  gated({
    name: 'pidfd_send_signal', call: 'pidfd_send_signal(reaped, 0, 0)', need: rowNeed('pidfd_send_signal'), held: { kind: 'errno', errno: 'ESRCH' },
    heldClauses: ['PIDFD.SIGNAL.EXITED', 'ABI.CHECK.ORDER'],
    emit: (p, fd) => p.sys('pidfd_send_signal', fd, 0, 0),
  });

export const pidfdInfo = (): Probe =>
  gated({
    name: 'pidfd_getinfo', call: 'pidfd_getinfo(reaped, info)', need: rowNeed('pidfd_getinfo'), held: { kind: 'errno', errno: 'ESRCH' },
    heldClauses: ['PIDFD.INFO.REAPED', 'ABI.CHECK.ORDER'],
    emit: (p, fd, env) => p.sys('pidfd_getinfo', fd, env.procstat),
  });

/** ipc_send of a plain message on a send end whose slot is free and whose receiver is open. */
export const endpointSend = (): Probe =>
  gated({
    name: 'ipc_send', call: 'ipc_send(send end, 1 byte)', need: rowNeed('ipc_send'), held: { kind: 'eq', value: 0 },
    heldClauses: ['IPC.SEND.RIGHT', 'IPC.SEND.BYTES'],
    emit: (p, fd, env) => p.sys('ipc_send', fd, env.plainSend),
  });

/** ipc_badge needs no right on the send end. */
export const endpointBadge = (): Probe =>
  fixed('ipc_badge', 'ipc_badge(send end, 5)', { kind: 'eq', value: 0 }, ['IPC.BADGE.STAMP'], (p, fd) => p.sys('ipc_badge', fd, 5));

/** ipc_recv of the 1-byte message waiting on the receive end. */
export const endpointRecv = (): Probe =>
  gated({
    name: 'ipc_recv', call: 'ipc_recv(recv end) of a pending 1-byte message', need: rowNeed('ipc_recv'), held: { kind: 'eq', value: 1 },
    heldClauses: ['IPC.RECV.RIGHT', 'IPC.SEND.BYTES'],
    emit: (p, fd, env) => p.sys('ipc_recv', fd, env.recv),
  });

const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');

export interface PollReady {
  /** Requested events. */
  readonly events: number;
  /** Whether the object is ready for input / output (the readiness condition of its kind). */
  readonly inReady: boolean;
  readonly outReady: boolean;
  /** The kind's readiness clause. */
  readonly clause: string;
  /** Bits the object reports whatever the events and rights (FD.POLL.ALWAYS), e.g. POLLHUP. */
  readonly always?: number;
}

/** poll(timeout 0): POLLIN only with READ, POLLOUT only with WRITE (FD.POLL.RIGHTS); x0 = revents. */
export const pollProbe = (r: PollReady): Probe => ({
  name: 'poll',
  emit(p, fd, env) {
    store32(p, fd, env.pollfd);
    store32(p, r.events, env.pollfd + 4); // events; revents = 0
    p.sys('poll', env.pollfd, 1, 0);
    loadU16(p, 0, env.pollfd + 6);
  },
  expect(mask) {
    const inBit = (r.events & POLLIN) !== 0 && r.inReady && (mask & RIGHT_BITS.READ) !== 0 ? POLLIN : 0;
    const outBit = (r.events & POLLOUT) !== 0 && r.outReady && (mask & RIGHT_BITS.WRITE) !== 0 ? POLLOUT : 0;
    const revents = inBit | outBit | (r.always ?? 0);
    return {
      want: { kind: 'eq', value: revents },
      what: `poll(${r.events === (POLLIN | POLLOUT) ? 'POLLIN|POLLOUT' : r.events === POLLIN ? 'POLLIN' : 'POLLOUT'}) reports revents ${revents}`,
      clauses: ['FD.POLL.RIGHTS', r.clause, ...(r.always ? ['FD.POLL.ALWAYS'] : [])],
    };
  },
});

export const POLL_IN = POLLIN;
export const POLL_OUT = POLLOUT;
export const POLL_HUP = constValue('POLL_EVENTS', 'POLLHUP');

const F = (name: string): number => constValue('FCNTL_CMDS', name);
const fcntlNeed = (cmd: string): Need => ({ rights: [FCNTL_CMD_RIGHT[cmd]!], any: false });
const FCNTL_MISSING = ['FD.FCNTL.RIGHTS', 'FD.RIGHTS.MISSING'];
/** F_DUPFD's lower bound: far above every handle a case opens. */
export const DUPFD_MIN = 100;

export const dup = (): Probe =>
  gated({
    name: 'dup', call: 'dup(fd)', need: rowNeed('dup'), held: { kind: 'ok' }, heldClauses: ['FD.DUP.RIGHTS'],
    emit: (p, fd) => p.sys('dup', fd),
    after: closeResult,
  });

export const fcntlDupfd = (): Probe =>
  gated({
    name: 'f_dupfd', call: `fcntl(fd, F_DUPFD, ${DUPFD_MIN})`, need: fcntlNeed('F_DUPFD'), held: { kind: 'eq', value: DUPFD_MIN },
    heldClauses: ['FD.FCNTL.DUPFD'], missingClauses: FCNTL_MISSING,
    emit: (p, fd) => p.sys('fcntl', fd, F('F_DUPFD'), DUPFD_MIN),
    after: closeResult,
  });

/** F_GETFD: a handle that arrived by transfer, spawn or fork without CLOEXEC reports 0. */
export const fcntlGetfd = (): Probe =>
  gated({
    name: 'f_getfd', call: 'fcntl(fd, F_GETFD)', need: fcntlNeed('F_GETFD'), held: { kind: 'eq', value: 0 }, heldClauses: ['FD.FCNTL.FD'],
    missingClauses: FCNTL_MISSING,
    emit: (p, fd) => p.sys('fcntl', fd, F('F_GETFD'), 0),
  });

export const fcntlSetfd = (): Probe =>
  gated({
    name: 'f_setfd', call: 'fcntl(fd, F_SETFD, 0)', need: fcntlNeed('F_SETFD'), held: { kind: 'eq', value: 0 }, heldClauses: ['FD.FCNTL.FD'],
    missingClauses: FCNTL_MISSING,
    emit: (p, fd) => p.sys('fcntl', fd, F('F_SETFD'), 0),
  });

export const fcntlGetfl = (accmode: number): Probe =>
  gated({
    name: 'f_getfl', call: 'fcntl(fd, F_GETFL)', need: fcntlNeed('F_GETFL'), held: { kind: 'eq', value: accmode },
    heldClauses: ['FD.FCNTL.GETFL', 'FD.FCNTL.GETFL.KINDS'], missingClauses: FCNTL_MISSING,
    emit: (p, fd) => p.sys('fcntl', fd, F('F_GETFL'), 0),
  });

export const fstat = (): Probe =>
  gated({
    name: 'fstat', call: 'fstat(fd, st)', need: rowNeed('fstat'), held: { kind: 'eq', value: 0 }, heldClauses: ['FD.FSTAT.KINDS'],
    emit: (p, fd, env) => p.sys('fstat', fd, env.stat),
  });

/** Moving the handle through a free endpoint (ALL_INHERIT): needs TRANSFER. Must come last. */
export const transfer = (): Probe =>
  gated({
    name: 'transfer', call: 'ipc_send moving the handle', need: movedNeed(), held: { kind: 'eq', value: 0 },
    heldClauses: ['IPC.XFER.MOVE'], missingClauses: ['IPC.XFER.RIGHTS'],
    emit: (p, fd, env) => {
      store32(p, fd, env.xfer.handleAt);
      p.sys('ipc_send', env.xferFd, env.xfer.rec);
    },
  });

/** The probes every kind gets after its own (transfer last: it moves the handle away). */
export function genericProbes(accmode: number): Probe[] {
  return [dup(), fcntlDupfd(), fcntlGetfd(), fcntlSetfd(), fcntlGetfl(accmode), fstat(), transfer()];
}

// ---- running probes --------------------------------------------------------------------------

/** Runs `probes` on `fd`, storing each result at results + 8*i. */
export function runProbes(p: CaseProgram, fd: Operand, probes: readonly Probe[], env: ProbeEnv, results: number): void {
  probes.forEach((pr, i) => {
    pr.emit(p, fd, env);
    store64(p, new Reg(0), results + 8 * i);
    pr.after?.(p);
  });
}

/** Checks the stored results against the outcomes for `mask`; `label` prefixes descriptions. */
export function checkProbes(
  p: CaseProgram, probes: readonly Probe[], mask: number, results: number, label: string, pathClauses: readonly string[],
): void {
  probes.forEach((pr, i) => {
    const o = pr.expect(mask);
    const description = `${label}${o.what}`;
    const clauses = [...new Set([...pathClauses, ...o.clauses])];
    p.load(11, results + 8 * i);
    switch (o.want.kind) {
      case 'eq':
        p.expectEq(description, clauses, o.want.value, 11);
        break;
      case 'ok':
        p.expectOk(description, clauses, 11);
        break;
      case 'gt0':
        p.expectCmp(description, clauses, 'gt', 0, 11);
        break;
      case 'errno':
        p.expectEq(description, clauses, neg(o.want.errno), 11);
        break;
    }
  });
}
