// The vocabulary every row, layout, constant group and clause is written in.
// Consumers (kernel dispatch, fuzz generators, conformance generators, reports)
// switch on these `kind` tags, never on syscall names.

import type { ErrnoName } from './errno.js';

/** The seed documents, by the short prefix of their file name in ../shared/seeds/. */
export type SeedId = '000' | '001' | '002' | '003';

export const SEED_FILES: Readonly<Record<SeedId, string>> = {
  '000': '000_e80cb89c4f18509a.txt',
  '001': '001_fae1005ebee43913.txt',
  '002': '002_42a5ba74a4b57798.txt',
  '003': '003_ed8d51a691a20a8f.txt',
};

// ---------------------------------------------------------------------------
// Handles, rights, capabilities

/**
 * Kinds of kernel object a handle (fd) can name. The seed lists tty, file, pipe,
 * socket, endpoint and device; `directory` is split from `file` so generators can
 * aim at getdents; `eventfd`, `pty-master`, `pty-slave` come from swift-os;
 * `pidfd` and `timerfd` are Touchstone extensions.
 */
export type HandleKind =
  | 'tty'
  | 'file'
  | 'directory'
  | 'pipe'
  | 'socket'
  | 'endpoint'
  | 'device'
  | 'eventfd'
  | 'pty-master'
  | 'pty-slave'
  | 'pidfd'
  | 'timerfd';

export const HANDLE_KINDS: readonly HandleKind[] = [
  'tty', 'file', 'directory', 'pipe', 'socket', 'endpoint', 'device',
  'eventfd', 'pty-master', 'pty-slave', 'pidfd', 'timerfd',
];

/** The eight handle rights, named as in the RIGHTS constant group without the prefix. */
export type RightName =
  | 'READ' | 'WRITE' | 'EXECUTE' | 'MAP' | 'DUPLICATE' | 'TRANSFER' | 'GETATTR' | 'SETATTR';

/** Process capability bits, named as in the seed. */
export type CapName =
  | 'capConsole' | 'capSpawn' | 'capFsRead' | 'capTmpWrite'
  | 'capProcessInspect' | 'capNet' | 'capLogExport';

// ---------------------------------------------------------------------------
// Argument types

export type Direction = 'in' | 'out' | 'inout';

/** A handle number. Invalid or closed numbers fail with EBADF (clause FD.BADF). */
export interface FdArg {
  readonly kind: 'fd';
  /** Object kinds accepted; 'any' accepts every kind. */
  readonly handleKinds: readonly HandleKind[] | 'any';
  /** Rights the handle must hold (all of them, or any one when `anyRight`). */
  readonly rights: readonly RightName[];
  readonly anyRight?: boolean;
  /** For endpoints: which end is required. */
  readonly endpointEnd?: 'send' | 'recv';
  /** Errno when the handle is valid but of a kind not in `handleKinds`. */
  readonly wrongKindErrno: ErrnoName;
  /** When set, a negative value means "no handle" and is not an error. */
  readonly negativeMeansNone?: boolean;
}

/** Pointer to one record of a named layout. */
export interface StructPtrArg {
  readonly kind: 'struct';
  readonly dir: Direction;
  readonly layout: string;
  /** NULL accepted (meaning described in the row note). */
  readonly nullable?: boolean;
}

/**
 * Pointer to a byte buffer whose length is another argument (or, inside a layout,
 * another field of the same record).
 */
export interface BufferArg {
  readonly kind: 'buffer';
  readonly dir: Direction;
  readonly lengthArg: string;
  /** NULL accepted when the length argument is 0. */
  readonly nullWhenEmpty?: boolean;
}

/** Pointer to an array of records of a layout; the element count is another argument. */
export interface ArrayPtrArg {
  readonly kind: 'array';
  readonly dir: Direction;
  readonly layout: string;
  readonly countArg: string;
  readonly nullWhenEmpty?: boolean;
}

/** NUL-terminated string. `maxBytes` excludes the NUL. */
export interface StringArg {
  readonly kind: 'string';
  readonly role: 'path' | 'name' | 'text';
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly tooLongErrno: ErrnoName;
  readonly emptyErrno?: ErrnoName;
  readonly nullable?: boolean;
}

/** NULL-terminated vector of string pointers (argv, envp). */
export interface StringVectorArg {
  readonly kind: 'string-vector';
  readonly maxCount: number;
  /** Sum of string lengths including each NUL. */
  readonly maxTotalBytes: number;
  readonly tooBigErrno: ErrnoName;
  readonly nullable: boolean;
}

/** A byte, record or page count, optionally bounded. */
export interface LengthArg {
  readonly kind: 'length';
  readonly unit: 'bytes' | 'records' | 'pages';
  readonly min?: number;
  readonly belowMinErrno?: ErrnoName;
  readonly max?: number;
  readonly aboveMaxErrno?: ErrnoName;
}

/**
 * A bit set drawn from a named constant group. Bits outside the group fail with
 * `unknownBitsErrno`, or are ignored when it is null.
 */
export interface FlagsArg {
  readonly kind: 'flags';
  readonly group: string;
  readonly unknownBitsErrno: ErrnoName | null;
  /** A second group whose values are also accepted bits (e.g. access modes + flags). */
  readonly alsoGroup?: string;
  /**
   * Width of the C parameter (ABI.ARGS.WIDTH): a 32-bit word (the default, `int flags`) reads the
   * low 32 bits of the register and ignores the rest; a 64-bit one (`unsigned long caps`) reads all 64.
   */
  readonly bits?: 32 | 64;
}

/** One value of a named constant group; other values are rejected. */
export interface EnumArg {
  readonly kind: 'enum';
  readonly group: string;
  readonly unknownErrno: ErrnoName;
  /** Flag bits that may be OR-ed onto the value (e.g. FUTEX_PRIVATE_FLAG). */
  readonly modifierGroup?: string;
}

export type PidForm = 'positive' | 'zero' | 'minus-one' | 'below-minus-one';

/** A process id. `forms` lists accepted shapes with their meaning; the rest fail with `invalidErrno`. */
export interface PidArg {
  readonly kind: 'pid';
  readonly forms: Readonly<Partial<Record<PidForm, string>>>;
  readonly invalidErrno: ErrnoName;
  /** Errno for a well-formed pid that names no (suitable) process, and the clause that says so. */
  readonly noSuchErrno: ErrnoName;
  readonly noSuchClause: string;
}

/** A signal number from the SIGNALS group. */
export interface SignalArg {
  readonly kind: 'signal';
  /** 0 accepted as "probe only". */
  readonly allowZero: boolean;
  /** SIGKILL/SIGSTOP rejected (for disposition changes). */
  readonly rejectUncatchable: boolean;
  readonly invalidErrno: ErrnoName;
}

/** Plain integer. Bounds are inclusive; values outside fail with `outOfRangeErrno`. */
export interface IntArg {
  readonly kind: 'int';
  readonly signed: boolean;
  readonly bits: 32 | 64;
  readonly role: IntRole;
  readonly min?: number;
  readonly max?: number;
  readonly outOfRangeErrno?: ErrnoName;
}

export type IntRole =
  | 'status' | 'offset' | 'initval' | 'index' | 'id' | 'principal' | 'session'
  | 'badge' | 'port' | 'ipv4' | 'backlog' | 'version' | 'seconds' | 'nanoseconds'
  | 'increment' | 'value' | 'mode' | 'owner' | 'arg' | 'protocol';

/** A user virtual address that is not read as a buffer by the call itself. */
export interface AddrArg {
  readonly kind: 'addr';
  readonly role: 'hint' | 'mapping' | 'code' | 'stack-top' | 'futex-word' | 'handler' | 'restorer' | 'opaque';
  readonly align?: number;
  readonly misalignedErrno?: ErrnoName;
  readonly nullable: boolean;
}

/** A timeout in milliseconds; negative waits forever, 0 polls. */
export interface TimeoutArg {
  readonly kind: 'timeout';
  readonly unit: 'ms';
}

export type ArgType =
  | FdArg | StructPtrArg | BufferArg | ArrayPtrArg | StringArg | StringVectorArg
  | LengthArg | FlagsArg | EnumArg | PidArg | SignalArg | IntArg | AddrArg | TimeoutArg;

export type ArgKind = ArgType['kind'];

/** One argument register (x0 for the first, and so on). */
export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  readonly note?: string;
}

// ---------------------------------------------------------------------------
// Return conventions

/**
 * How x0 encodes the result.
 * - `fd`: a new handle number (of the listed kinds, or of the source handle's kind), or -errno.
 * - `count`: a non-negative count, or -errno.
 * - `zero`: 0, or -errno.
 * - `value`: a value that is not an errno carrier; `failure` says how failure shows.
 * - `pid`: a process id or 0 (`note` says when 0), or -errno.
 * - `id`: a non-negative identifier (thread id, channel id), or -errno.
 * - `status`: a child's exit status (see PROC.SPAWN.STATUS), or -errno.
 * - `noreturn`: does not return on success; `failureReturns` says whether -errno can come back.
 * - `op-specific`: depends on a command/op argument, or -errno.
 */
export type ReturnConv =
  | { readonly kind: 'fd'; readonly handleKinds: readonly HandleKind[] | 'same-as-source' }
  | { readonly kind: 'count'; readonly unit: string }
  | { readonly kind: 'zero' }
  | { readonly kind: 'value'; readonly what: string; readonly failure: ValueFailure }
  | { readonly kind: 'pid'; readonly note: string }
  | { readonly kind: 'id'; readonly what: string }
  | { readonly kind: 'status' }
  | { readonly kind: 'noreturn'; readonly failureReturns: boolean }
  | { readonly kind: 'op-specific'; readonly note: string };

/**
 * How a value-returning call reports failure.
 * - `never`: it cannot fail.
 * - `neg-errno-range`: results in [-4095, -1] (as signed 64-bit) are -errno; anything else is the value.
 * - `sentinel`: one fixed value (decimal string of the unsigned 64-bit result) means failure; no errno is available.
 */
export type ValueFailure =
  | { readonly kind: 'never' }
  | { readonly kind: 'neg-errno-range' }
  | { readonly kind: 'sentinel'; readonly value: string };

// ---------------------------------------------------------------------------
// Rows

export type Family =
  | 'fs' | 'process' | 'memory' | 'ipc' | 'security' | 'time' | 'tty' | 'sync'
  | 'net' | 'pkg' | 'update' | 'device' | 'misc' | 'extensions';

export type Support = 'implemented' | 'not-implemented';

/** One errno a call can return, with the clause that says when. */
export interface ErrorCase {
  readonly errno: ErrnoName;
  readonly clause: string;
}

/** A process capability the caller must hold, and the errno when it does not. */
export interface CapabilityGate {
  readonly cap: CapName;
  readonly errno: ErrnoName;
  readonly clause: string;
}

export interface SyscallRow {
  readonly nr: number;
  readonly name: string;
  readonly family: Family;
  readonly args: readonly ArgSpec[];
  readonly ret: ReturnConv;
  /** Every errno the call can return: the row's own plus those implied by its arg types. */
  readonly errors: readonly ErrorCase[];
  readonly support: Support;
  readonly capability?: CapabilityGate;
  /** May block the calling thread (and so can be interrupted: SIG.INTR). */
  readonly blocking: boolean;
  readonly note: string;
  readonly clauses: readonly string[];
  readonly extension: boolean;
  /** For extensions: the seed the call comes from. */
  readonly extensionSeed?: SeedId;
}

// ---------------------------------------------------------------------------
// Layouts

export type ScalarType = 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64';

export interface LayoutField {
  readonly name: string;
  readonly offset: number;
  readonly type: ScalarType;
  /** Array length; absent for a single scalar. u8 arrays hold bytes or text. */
  readonly count?: number;
  /** A text field (char[]): NUL-padded bytes. */
  readonly text?: boolean;
  /** What a generator should put here (for input records). */
  readonly semantic?: ArgType;
  readonly note?: string;
}

/** A variable-length tail after the fixed part (dirent's d_name). */
export interface LayoutTail {
  readonly field: string;
  /** Field in the fixed part that holds the whole record length. */
  readonly recordLengthField: string;
  /** Records are padded to a multiple of this. */
  readonly align: number;
}

export interface Layout {
  readonly name: string;
  /** Size of the fixed part in bytes, as the seed (or the decision) gives it. */
  readonly size: number;
  /** Required alignment of the record in user memory. */
  readonly align: number;
  /** Fields may sit at unaligned offsets. */
  readonly packed?: boolean;
  readonly fields: readonly LayoutField[];
  readonly tail?: LayoutTail;
  readonly source: ClauseSource;
  readonly note: string;
}

// ---------------------------------------------------------------------------
// Constants

export interface ConstMember {
  readonly name: string;
  readonly value: number;
  readonly note?: string;
}

export interface ConstGroup {
  readonly name: string;
  /** `flags`: members are bits (or masks); `enum`: members are distinct values; `values`: named numbers. */
  readonly kind: 'flags' | 'enum' | 'values';
  readonly members: readonly ConstMember[];
  readonly source: ClauseSource;
  readonly note?: string;
}

// ---------------------------------------------------------------------------
// Clauses

export type ClauseSource =
  | { readonly kind: 'seed'; readonly seed: SeedId; readonly section: string }
  | { readonly kind: 'swift-os'; readonly file: string }
  | { readonly kind: 'linux-man'; readonly page: string }
  | { readonly kind: 'touchstone'; readonly note: string };

export interface Clause {
  readonly id: string;
  /** The behaviour, paraphrased (never copied from the source). */
  readonly text: string;
  readonly source: ClauseSource;
  /** Present when the seed is silent and the spec decides. */
  readonly decision?: { readonly rationale: string };
  /**
   * Present when the clause states no behaviour at the syscall boundary (it describes a layer above
   * the raw ABI, or upstream's status), so no case can check it; the reason says why. Coverage
   * reports list such clauses apart instead of counting them as unchecked.
   */
  readonly informative?: { readonly reason: string };
}
