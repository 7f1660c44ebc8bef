// Builders for syscall rows: short argument-type constructors, and `defineSyscall`,
// which completes a row's error list with the errors its argument types imply.

import type { ErrnoName } from '../errno.js';
import { missingRightErrno } from '../constants/rights.js';
import type {
  AddrArg, ArgSpec, ArgType, BufferArg, CapabilityGate, Direction, EnumArg, ErrorCase, Family,
  FdArg, FlagsArg, HandleKind, IntArg, IntRole, LengthArg, PidArg, PidForm, ReturnConv, RightName,
  SeedId, SignalArg, StringArg, StringVectorArg, StructPtrArg, Support, SyscallRow, ArrayPtrArg,
} from '../types.js';

// ---------------------------------------------------------------------------
// Argument-type shorthands

export function arg(name: string, type: ArgType, note?: string): ArgSpec {
  return note === undefined ? { name, type } : { name, type, note };
}

export interface FdOptions {
  readonly wrongKind?: ErrnoName;
  readonly anyRight?: boolean;
  readonly endpointEnd?: 'send' | 'recv';
  readonly negativeMeansNone?: boolean;
}

export function fd(kinds: readonly HandleKind[] | 'any', rights: readonly RightName[] = [], opts: FdOptions = {}): FdArg {
  return {
    kind: 'fd',
    handleKinds: kinds,
    rights,
    wrongKindErrno: opts.wrongKind ?? 'EBADF',
    ...(opts.anyRight === true ? { anyRight: true } : {}),
    ...(opts.endpointEnd !== undefined ? { endpointEnd: opts.endpointEnd } : {}),
    ...(opts.negativeMeansNone === true ? { negativeMeansNone: true } : {}),
  };
}

/** A path: 1..4095 bytes; empty fails ENOENT, too long ENAMETOOLONG. */
export function path(): StringArg {
  return { kind: 'string', role: 'path', minBytes: 1, maxBytes: 4095, tooLongErrno: 'ENAMETOOLONG', emptyErrno: 'ENOENT' };
}

/** A short name: `min..max` bytes; out-of-range lengths fail EINVAL. */
export function name(max: number, min = 1): StringArg {
  return { kind: 'string', role: 'name', minBytes: min, maxBytes: max, tooLongErrno: 'EINVAL', emptyErrno: 'EINVAL' };
}

export function argv(nullable: boolean): StringVectorArg {
  return { kind: 'string-vector', maxCount: 32, maxTotalBytes: 4096, tooBigErrno: 'E2BIG', nullable };
}

export function struct(dir: Direction, layout: string, nullable = false): StructPtrArg {
  return nullable ? { kind: 'struct', dir, layout, nullable: true } : { kind: 'struct', dir, layout };
}

export function buffer(dir: Direction, lengthArg: string, nullWhenEmpty = false): BufferArg {
  return nullWhenEmpty ? { kind: 'buffer', dir, lengthArg, nullWhenEmpty: true } : { kind: 'buffer', dir, lengthArg };
}

export function array(dir: Direction, layout: string, countArg: string, nullWhenEmpty = false): ArrayPtrArg {
  return nullWhenEmpty
    ? { kind: 'array', dir, layout, countArg, nullWhenEmpty: true }
    : { kind: 'array', dir, layout, countArg };
}

export interface LengthOptions {
  readonly min?: number;
  readonly max?: number;
  readonly errno?: ErrnoName;
}

export function length(unit: LengthArg['unit'], opts: LengthOptions = {}): LengthArg {
  const errno = opts.errno ?? 'EINVAL';
  return {
    kind: 'length',
    unit,
    ...(opts.min !== undefined ? { min: opts.min, belowMinErrno: errno } : {}),
    ...(opts.max !== undefined ? { max: opts.max, aboveMaxErrno: errno } : {}),
  };
}

export function flags(group: string, unknownBitsErrno: ErrnoName | null = 'EINVAL', alsoGroup?: string): FlagsArg {
  return alsoGroup === undefined
    ? { kind: 'flags', group, unknownBitsErrno }
    : { kind: 'flags', group, unknownBitsErrno, alsoGroup };
}

/** A 64-bit flag word (an `unsigned long` parameter): every register bit counts (ABI.ARGS.WIDTH). */
export function flags64(group: string, unknownBitsErrno: ErrnoName | null = 'EINVAL'): FlagsArg {
  return { kind: 'flags', group, unknownBitsErrno, bits: 64 };
}

export function enumOf(group: string, unknownErrno: ErrnoName = 'EINVAL', modifierGroup?: string): EnumArg {
  return modifierGroup === undefined
    ? { kind: 'enum', group, unknownErrno }
    : { kind: 'enum', group, unknownErrno, modifierGroup };
}

export interface IntOptions {
  readonly signed?: boolean;
  readonly bits?: 32 | 64;
  readonly min?: number;
  readonly max?: number;
  readonly errno?: ErrnoName;
}

export function int(role: IntRole, opts: IntOptions = {}): IntArg {
  const bounded = opts.min !== undefined || opts.max !== undefined;
  return {
    kind: 'int',
    role,
    signed: opts.signed ?? true,
    bits: opts.bits ?? 32,
    ...(opts.min !== undefined ? { min: opts.min } : {}),
    ...(opts.max !== undefined ? { max: opts.max } : {}),
    ...(bounded ? { outOfRangeErrno: opts.errno ?? 'EINVAL' } : {}),
  };
}

export function pid(forms: Partial<Record<PidForm, string>>, noSuchErrno: ErrnoName, noSuchClause: string, invalidErrno: ErrnoName = 'EINVAL'): PidArg {
  return { kind: 'pid', forms, invalidErrno, noSuchErrno, noSuchClause };
}

export function signal(allowZero: boolean, rejectUncatchable: boolean): SignalArg {
  return { kind: 'signal', allowZero, rejectUncatchable, invalidErrno: 'EINVAL' };
}

export function addr(role: AddrArg['role'], opts: { readonly align?: number; readonly nullable?: boolean } = {}): AddrArg {
  return {
    kind: 'addr',
    role,
    nullable: opts.nullable ?? false,
    ...(opts.align !== undefined ? { align: opts.align, misalignedErrno: 'EINVAL' as const } : {}),
  };
}

// ---------------------------------------------------------------------------
// Return shorthands

export const ZERO: ReturnConv = { kind: 'zero' };

export function fdRet(...handleKinds: HandleKind[]): ReturnConv {
  return { kind: 'fd', handleKinds };
}

/** dup-like calls: the new handle names the same object as the source. */
export const FD_SAME: ReturnConv = { kind: 'fd', handleKinds: 'same-as-source' };

export function count(unit: string): ReturnConv {
  return { kind: 'count', unit };
}

// ---------------------------------------------------------------------------
// Rows

export interface SyscallInput {
  readonly nr: number;
  readonly name: string;
  readonly family: Family;
  readonly args: readonly ArgSpec[];
  readonly ret: ReturnConv;
  /** The call's own errors; those implied by argument types are added by `defineSyscall`. */
  readonly errors: readonly ErrorCase[];
  readonly support: Support;
  readonly capability?: CapabilityGate;
  readonly blocking?: boolean;
  readonly note: string;
  readonly clauses: readonly string[];
  readonly extensionSeed?: SeedId;
}

export function err(errno: ErrnoName, clause: string): ErrorCase {
  return { errno, clause };
}

function impliedByArg(type: ArgType): ErrorCase[] {
  switch (type.kind) {
    case 'fd': {
      const out: ErrorCase[] = [err('EBADF', 'FD.BADF')];
      if (type.handleKinds !== 'any' || type.endpointEnd !== undefined) out.push(err(type.wrongKindErrno, 'FD.KIND.WRONG'));
      for (const right of type.rights) out.push(err(missingRightErrno(right), 'FD.RIGHTS.MISSING'));
      return out;
    }
    case 'struct':
    case 'buffer':
    case 'array':
      return [err('EFAULT', 'ABI.FAULT')];
    case 'string': {
      const out: ErrorCase[] = [err('EFAULT', 'ABI.FAULT'), err(type.tooLongErrno, 'ABI.STRING.TOOLONG')];
      if (type.emptyErrno !== undefined) out.push(err(type.emptyErrno, 'ABI.STRING.EMPTY'));
      return out;
    }
    case 'string-vector':
      return [err('EFAULT', 'ABI.FAULT'), err(type.tooBigErrno, 'ABI.ARGV.TOOBIG')];
    case 'length': {
      const out: ErrorCase[] = [];
      if (type.belowMinErrno !== undefined) out.push(err(type.belowMinErrno, 'ABI.LENGTH.BOUNDS'));
      if (type.aboveMaxErrno !== undefined) out.push(err(type.aboveMaxErrno, 'ABI.LENGTH.BOUNDS'));
      return out;
    }
    case 'flags':
      return type.unknownBitsErrno === null ? [] : [err(type.unknownBitsErrno, 'ABI.FLAGS.UNKNOWN')];
    case 'enum':
      return [err(type.unknownErrno, 'ABI.ENUM.UNKNOWN')];
    case 'pid':
      return [err(type.invalidErrno, 'ABI.PID.INVALID'), err(type.noSuchErrno, type.noSuchClause)];
    case 'signal': {
      const out: ErrorCase[] = [err(type.invalidErrno, 'SIG.NUMBER.INVALID')];
      if (type.rejectUncatchable) out.push(err('EINVAL', 'SIG.UNCATCHABLE'));
      return out;
    }
    case 'int':
      return type.outOfRangeErrno === undefined ? [] : [err(type.outOfRangeErrno, 'ABI.INT.RANGE')];
    case 'addr': {
      // NULL where an address is required (code, stack top, futex word) is a bad pointer (ABI.FAULT).
      const out: ErrorCase[] = !type.nullable && type.role !== 'hint' && type.role !== 'mapping' ? [err('EFAULT', 'ABI.FAULT')] : [];
      if (type.misalignedErrno !== undefined) out.push(err(type.misalignedErrno, 'ABI.ADDR.ALIGN'));
      return out;
    }
    case 'timeout':
      return [];
  }
}

function failureIsErrno(ret: ReturnConv): boolean {
  if (ret.kind === 'value') return ret.failure.kind === 'neg-errno-range';
  if (ret.kind === 'noreturn') return ret.failureReturns;
  return true;
}

/**
 * Complete a row: own errors first, then errors implied by the capability gate,
 * the argument types, blocking (EINTR) and support level (ENOSYS). Calls whose
 * failure is a sentinel value (no errno) keep only ENOSYS.
 */
export function defineSyscall(input: SyscallInput): SyscallRow {
  const all: ErrorCase[] = [];
  const seen = new Set<string>();
  const add = (e: ErrorCase): void => {
    const key = `${e.errno}:${e.clause}`;
    if (!seen.has(key)) {
      seen.add(key);
      all.push(e);
    }
  };
  const errnoCarrying = failureIsErrno(input.ret);
  if (errnoCarrying) {
    input.errors.forEach(add);
    if (input.capability !== undefined) add(err(input.capability.errno, input.capability.clause));
    for (const a of input.args) impliedByArg(a.type).forEach(add);
    if (input.blocking === true) add(err('EINTR', 'SIG.INTR'));
  }
  if (input.support === 'not-implemented') add(err('ENOSYS', 'ABI.ENOSYS.NOTIMPL'));
  const row: SyscallRow = {
    nr: input.nr,
    name: input.name,
    family: input.family,
    args: input.args,
    ret: input.ret,
    errors: all,
    support: input.support,
    blocking: input.blocking ?? false,
    note: input.note,
    clauses: input.clauses,
    extension: input.extensionSeed !== undefined,
    ...(input.capability !== undefined ? { capability: input.capability } : {}),
    ...(input.extensionSeed !== undefined ? { extensionSeed: input.extensionSeed } : {}),
  };
  return row;
}
