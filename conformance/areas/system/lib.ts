// Shared pieces of the system area (whose cases are derivedCase(AREA, ...)): cases whose TAP comes
// from an exec'd image, boot identities, and small guest routines (record loads, an inline memory
// compare for child processes, a digit-wildcard matcher for log lines, fork and wait helpers).

import {
  CAPABILITIES, constValue, SEEDED_PRINCIPAL_CAPS, SEEDED_PRINCIPALS, waitStatusExited, waitStatusSignaled,
  type CapName,
} from '../../../spec/index.js';
import type { BootSpec, CaseDef, CaseFile, ExpectedVerdict } from '../../model.js';
import { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase, type DerivedCaseSpec } from '../../program/derived-case.js';
import type { Label } from '../../../cpu/asm/assembler.js';

export const AREA = 'system';
export const REBOOT: ExpectedVerdict = { kind: 'reboot' };

const enc = new TextEncoder();

export function ascii(s: string): Uint8Array {
  return enc.encode(s);
}

export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

/** Makes a case-id segment out of free text: lower case, [a-z0-9.-] only. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

// ---- cases whose TAP comes from an exec'd image ---------------------------------------------

export interface ExecCase extends Omit<DerivedCaseSpec, 'build'> {
  /** Where the reporting image goes in the image files; omit when init writes it itself. */
  readonly imagePath?: string;
  readonly imageMode?: number;
  /** Further image files; `image` is the reporting image's program (for child programs: image.child()). */
  readonly files?: (image: CaseProgram) => readonly CaseFile[];
  /** The reporting image: assertions and TAP (its `finish()` is appended). */
  image(p: CaseProgram): void;
  /** init: setup, then execve of the reporting image (exit(100) is appended for a failed exec). */
  init(p: CaseProgram, image: Uint8Array): void;
}

/** A case whose TAP comes from a program init execs into (login and confinement survive exec). */
export function execCase(c: ExecCase): CaseDef {
  const { imagePath, imageMode, files, image, init, ...spec } = c;
  return derivedCase(AREA, {
    ...spec,
    build({ p, child, file }) {
      image(p);
      const elf = p.finish();
      const initProgram = child();
      init(initProgram, elf);
      initProgram.exit(100);
      file(...(files?.(p) ?? []));
      if (imagePath !== undefined) file(imageMode === undefined ? { path: imagePath, data: elf } : { path: imagePath, data: elf, mode: imageMode });
      return { program: initProgram.elf() };
    },
  });
}

/** execve(path, [argv0], NULL). */
export function execInto(p: CaseProgram, path: string, argv0: string): void {
  p.sys('execve', p.str(path), p.words([p.str(argv0), 0]), 0);
}

/** Prints the plan now, for a program whose run ends by reboot or a signal before `finish()`. */
export function planNow(p: CaseProgram): void {
  p.print(`1..${p.assertions.length}\n`);
}

// ---- identities ------------------------------------------------------------------------------

export interface Identity {
  readonly principal: number;
  readonly session: number;
  readonly caps: number;
}

export interface BootIdentity {
  /** Case-id segment: `user`, `user-without-capfsread`, `guest-with-capnet`. */
  readonly tag: string;
  /** Human text for descriptions. */
  readonly text: string;
  readonly identity: Identity;
}

export type SeededName = 'root' | 'user' | 'guest';
export const SEEDED_NAMES: readonly SeededName[] = ['root', 'user', 'guest'];

export function capBit(name: CapName | string): number {
  const m = CAPABILITIES.members.find((x) => x.name === name);
  if (m === undefined) throw new Error(`unknown capability ${name}`);
  return m.value;
}

export const CAP_NAMES: readonly CapName[] = CAPABILITIES.members.map((m) => m.name as CapName);

export function hasCap(id: Identity, cap: CapName): boolean {
  return (id.caps & capBit(cap)) !== 0;
}

/** A seeded principal as a boot identity (session = principal number). */
export function seeded(name: SeededName): Identity {
  const principal = SEEDED_PRINCIPALS.members.find((m) => m.name === name)!.value;
  return { principal, session: principal, caps: SEEDED_PRINCIPAL_CAPS[name] };
}

/**
 * The boot identities of the capability tables: the three seeded principals with their seeded
 * caps, then each of them with exactly one capability bit toggled (removed when held, added when
 * not): 3 + 3 × 7 = 24 identities.
 */
export function bootIdentities(): BootIdentity[] {
  const out: BootIdentity[] = [];
  for (const name of SEEDED_NAMES) {
    const id = seeded(name);
    out.push({ tag: name, text: `${name} (caps ${hex(id.caps)})`, identity: id });
  }
  for (const name of SEEDED_NAMES) {
    const id = seeded(name);
    for (const cap of CAP_NAMES) {
      const held = hasCap(id, cap);
      const caps = id.caps ^ capBit(cap);
      out.push({
        tag: `${name}-${held ? 'without' : 'with'}-${cap.toLowerCase()}`,
        text: `${name} ${held ? 'without' : 'with'} ${cap} (caps ${hex(caps)})`,
        identity: { ...id, caps },
      });
    }
  }
  return out;
}

export function bootWith(id: Identity, extra: BootSpec = {}): BootSpec {
  return { ...extra, identity: { principal: id.principal, session: id.session, caps: id.caps } };
}

// ---- constants used across families ----------------------------------------------------------

export const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
export const O_WRONLY = constValue('OPEN_ACCESS', 'O_WRONLY');
export const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
export const O_CREAT = constValue('OPEN_FLAGS', 'O_CREAT');
export const O_TRUNC = constValue('OPEN_FLAGS', 'O_TRUNC');
export const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
export const F_SETFL = constValue('FCNTL_CMDS', 'F_SETFL');
export const SIG_IGN = constValue('SIG_HANDLERS', 'SIG_IGN');

export function signalNumber(name: string): number {
  return constValue('SIGNALS', name);
}

/** A base-image file every case of the area may rely on (added through BuiltCase.files). */
export const PROBE_FILE = '/etc/system-probe.txt';
export const PROBE_TEXT = 'system probe\n';

export function probeFile(): CaseFile {
  return { path: PROBE_FILE, data: ascii(PROBE_TEXT) };
}

/**
 * A scratch register for short sequences: p.sys never sets x7 (at most six arguments) and the
 * assertions and routines of the builder and of this module leave it alone.
 */
export const SCRATCH = new Reg(7);

// ---- loads and stores ------------------------------------------------------------------------

function regNo(r: Reg | number): number {
  return r instanceof Reg ? r.n : r;
}

/** Zero-extending 32-bit load of the word at `addr` into `rt` (clobbers x9). */
export function loadU32(p: CaseProgram, rt: Reg | number, addr: number): void {
  p.a.movImm(9, addr).inst('LDR_W_uoff', { Rt: regNo(rt), Rn: 9, imm12: 0 });
}

/** x[rd] = x[rn] - x[rm]. */
export function subReg(p: CaseProgram, rd: number, rn: number, rm: number): void {
  p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: rm, imm6: 0, Rn: rn, Rd: rd });
}

// ---- the matcher routine ---------------------------------------------------------------------

/** In a match pattern, this byte stands for one or more ASCII decimal digits. */
export const DIGITS = 0x01;
export const DIGITS_CHAR = '\u0001';

const matchers = new WeakMap<CaseProgram, Label>();

/**
 * match(x0 = buf, x1 = buf length, x2 = pattern, x3 = pattern length, x4 = wildcards on):
 * x0 = 0 when the buffer is exactly the pattern (with DIGITS matching 1+ digits when x4 != 0),
 * else 1 + the buffer offset where they part. Uses x0..x4, x10..x14. Emitted once per program,
 * inline behind a branch.
 */
function matcher(p: CaseProgram): Label {
  const known = matchers.get(p);
  if (known) return known;
  const a = p.a;
  const entry = a.label();
  const skip = a.label();
  a.b(skip);
  a.bind(entry);
  const loop = a.label();
  const literal = a.label();
  const digits = a.label();
  const patternDone = a.label();
  const fail = a.label();
  a.movImm(13, 0).movImm(14, 0);
  a.bind(loop);
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 3, imm6: 0, Rn: 14, Rd: 31 });
  a.bcond('eq', patternDone);
  a.inst('LDRB_reg', { Rm: 14, option: 3, S: 0, Rn: 2, Rt: 10 });
  a.cbz(4, literal);
  a.cmpImm(10, DIGITS);
  a.bcond('ne', literal);
  // one or more digits
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 1, imm6: 0, Rn: 13, Rd: 31 });
  a.bcond('eq', fail);
  a.inst('LDRB_reg', { Rm: 13, option: 3, S: 0, Rn: 0, Rt: 11 });
  a.subImm(11, 11, 0x30);
  a.cmpImm(11, 9);
  a.bcond('hi', fail);
  a.addImm(13, 13, 1);
  a.bind(digits);
  const more = a.label();
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 1, imm6: 0, Rn: 13, Rd: 31 });
  a.bcond('ne', more);
  a.addImm(14, 14, 1);
  a.b(loop);
  a.bind(more);
  a.inst('LDRB_reg', { Rm: 13, option: 3, S: 0, Rn: 0, Rt: 11 });
  a.subImm(11, 11, 0x30);
  a.cmpImm(11, 9);
  const notDigit = a.label();
  a.bcond('hi', notDigit);
  a.addImm(13, 13, 1);
  a.b(digits);
  a.bind(notDigit);
  a.addImm(14, 14, 1);
  a.b(loop);
  // a literal byte
  a.bind(literal);
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 1, imm6: 0, Rn: 13, Rd: 31 });
  a.bcond('eq', fail);
  a.inst('LDRB_reg', { Rm: 13, option: 3, S: 0, Rn: 0, Rt: 11 });
  a.inst('SUBS_sreg', { sf: 0, shift: 0, Rm: 11, imm6: 0, Rn: 10, Rd: 31 });
  a.bcond('ne', fail);
  a.addImm(13, 13, 1).addImm(14, 14, 1);
  a.b(loop);
  a.bind(patternDone);
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 1, imm6: 0, Rn: 13, Rd: 31 });
  a.bcond('ne', fail);
  a.movImm(0, 0).ret();
  a.bind(fail);
  a.addImm(0, 13, 1).ret();
  a.bind(skip);
  matchers.set(p, entry);
  return entry;
}

function setOperand(p: CaseProgram, rd: number, v: Reg | number): void {
  if (v instanceof Reg) p.mov(rd, v.n);
  else p.a.movImm(rd, v);
}

/**
 * Asserts that the `len` bytes at `addr` match `pattern` exactly, where DIGITS_CHAR in the
 * pattern stands for one or more decimal digits (the tick of a log record).
 */
export function expectMatch(p: CaseProgram, description: string, clauses: readonly string[], addr: number, len: Reg | number, pattern: string): void {
  const pat = ascii(pattern);
  const at = p.bytes(pat, 1);
  const m = matcher(p);
  setOperand(p, 1, len);
  p.a.movImm(0, addr).movImm(2, at).movImm(3, pat.length).movImm(4, 1);
  p.a.bl(m);
  p.expectEq(description, clauses, 0);
}

/** Asserts that `len` bytes at `a` equal those at `b` (both in guest memory). */
export function expectSameMem(p: CaseProgram, description: string, clauses: readonly string[], a: number, b: number, len: number): void {
  const m = matcher(p);
  p.a.movImm(0, a).movImm(1, len).movImm(2, b).movImm(3, len).movImm(4, 0);
  p.a.bl(m);
  p.expectEq(description, clauses, 0);
}

/**
 * For child processes (no TAP): compares `expected` with memory at `addr` and exits with
 * `failCode` when they differ; falls through when equal. Clobbers x0..x3, x10, x11.
 */
export function childCheckMem(p: CaseProgram, addr: number, expected: Uint8Array, failCode: number): void {
  const want = p.bytes(expected, 1);
  const a = p.a;
  const loop = a.label();
  const same = a.label();
  const differ = a.label();
  a.movImm(0, addr).movImm(1, want).movImm(2, expected.length);
  a.bind(loop);
  a.cbz(2, same);
  a.inst('LDRB_post', { imm9: 1, Rn: 0, Rt: 10 }).inst('LDRB_post', { imm9: 1, Rn: 1, Rt: 11 });
  a.subImm(2, 2, 1);
  a.inst('SUBS_sreg', { sf: 0, shift: 0, Rm: 11, imm6: 0, Rn: 10, Rd: 31 });
  a.bcond('ne', differ);
  a.b(loop);
  a.bind(differ);
  p.exit(failCode);
  a.bind(same);
}

// ---- processes -------------------------------------------------------------------------------

/**
 * fork: the child runs `child` (which should end with an exit; exit(0) is appended), the parent
 * continues with the child's pid in the returned variable.
 */
export function forkChild(p: CaseProgram, child: () => void): Reg {
  const pid = p.variable();
  p.sys('fork').save(pid);
  childBranch(p, child);
  return pid;
}

/** fork without keeping the pid (the caller knows it from PROC.PID.ALLOC). */
export function forkOff(p: CaseProgram, child: () => void): void {
  p.sys('fork');
  childBranch(p, child);
}

function childBranch(p: CaseProgram, child: () => void): void {
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child();
  p.exit(0);
  p.a.bind(parent);
}

/** exit(x0): the exit code is the low byte of the last call's result (PROC.EXIT.CODE). */
export function exitWithX0(p: CaseProgram): void {
  p.exit(new Reg(0));
}

/** An endless loop: a process that stays runnable (ready) until it is killed. */
export function spin(p: CaseProgram): void {
  const here = p.a.here();
  p.a.b(here);
}

/**
 * waitpid(pid, status, 0); asserts it returns `expectedPid` and that the status word is
 * `status` (waitStatusExited / waitStatusSignaled).
 */
export function expectWait(p: CaseProgram, pid: Reg | number, expectedPid: number, status: number, what: string, clauses: readonly string[]): void {
  const at = p.space(4, 4);
  p.sys('waitpid', pid, at, 0);
  p.expectEq(`waitpid returns the pid of the ${what} (${expectedPid})`, ['PROC.WAIT.EXITCODE'], expectedPid);
  const v = SCRATCH;
  loadU32(p, v, at);
  const s = status & 0x7f;
  const text = s === 0 ? `exited with code ${(status >> 8) & 0xff}` : `was killed by signal ${s}`;
  p.expectEq(`the ${what} ${text} (status ${hex(status)})`, clauses, status, v);
}

export { waitStatusExited, waitStatusSignaled };

/** pipe(): returns variables holding the read and write ends. */
export function makePipe(p: CaseProgram): { readonly r: Reg; readonly w: Reg } {
  const fds = p.space(8, 8);
  p.sys('pipe', fds);
  const r = p.variable();
  const w = p.variable();
  p.loadInt(r, fds);
  p.loadInt(w, fds + 4);
  return { r, w };
}

/** Blocks the calling process for good: read of one byte from `fd` (a pipe nobody writes). */
export function blockOnRead(p: CaseProgram, fd: Reg): void {
  p.sys('read', fd, p.space(16), 1);
}

/** Writes `data` to a new tmpfs file at `path` (needs capTmpWrite), optionally chmod. */
export function writeTmpFile(p: CaseProgram, path: string, data: Uint8Array, mode?: number): void {
  const fd = SCRATCH;
  p.sys('open', p.str(path), O_WRONLY | O_CREAT | O_TRUNC, 0o644).save(fd);
  p.sys('write', fd, p.bytes(data, 8), data.length);
  p.sys('close', fd);
  if (mode !== undefined) p.sys('chmod', p.str(path), mode);
}

export const SIGINT = signalNumber('SIGINT');
