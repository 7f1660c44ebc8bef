// Invalid forms of every argument type: for an argument of a row, each way of getting it wrong
// that the type itself defines, with the errno and clause the spec gives for it (the errors that
// `defineSyscall` adds to a row from its argument types).

import {
  constGroup, constValue, knownBits, LIMITS, missingRightErrno, RIGHT_BITS, type AddrArg, type ArgSpec, type ErrnoName,
  type FdArg, type FlagsArg, type IntArg, type PidArg, type PidForm, type RightName, type SignalArg, type StringArg,
  type SyscallRow,
} from '../../../spec/index.js';
import type { Operand } from '../../program/builder.js';
import { failsWithErrno } from './cells.js';
import { acceptedPerKind, attenuate, wrongKindMakers, type HandleMaker } from './handles.js';
import { BELOW_USER, DATA_END, KERNEL_HALF, READ_ONLY, UNMAPPED, type Ctx } from './kit.js';
import { pointerSize, type Numbers, validValue } from './values.js';

/** One way an argument can be wrong. */
export interface Form {
  /** Id segment (stable, [a-z0-9.-]). */
  readonly variant: string;
  /** Description fragment: what the argument is. */
  readonly what: string;
  readonly errno: ErrnoName;
  readonly clause: string;
  /** Numbers to set for the call (the argument's own value, or a length a pointer needs). */
  readonly numbers?: ReadonlyMap<string, bigint>;
  /** The register value, emitted in register order; absent: the number set in `numbers`. */
  readonly value?: (ctx: Ctx, numbers: Numbers) => Operand;
  /** An EFAULT form: the call must have no other effect (ABI.FAULT.NOEFFECT). */
  readonly fault?: boolean;
}

const FD_MAX = LIMITS.members.find((m) => m.name === 'FD_MAX')!.value;
const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

function limit(name: string): number {
  return LIMITS.members.find((m) => m.name === name)!.value;
}

// ---- handles -----------------------------------------------------------------------------

function fdForms(t: FdArg): Form[] {
  const out: Form[] = [];
  const badf = (variant: string, what: string, v: bigint): Form => ({
    variant, what, errno: 'EBADF', clause: 'FD.BADF', value: () => v,
  });
  if (t.negativeMeansNone !== true) {
    out.push(badf('negative', 'a negative handle number', -1n));
    out.push(badf('int-min', 'INT32_MIN', INT32_MIN));
  }
  out.push(badf('fd-max', `FD_MAX (${FD_MAX})`, BigInt(FD_MAX)));
  out.push(badf('int-max', 'INT32_MAX', INT32_MAX));
  out.push(badf('never-opened', `handle ${FD_MAX - 1}, never opened`, BigInt(FD_MAX - 1)));
  for (const m of acceptedPerKind(t)) {
    out.push({
      variant: `closed-${m.name}`, what: `a closed ${m.name} handle`, errno: 'EBADF', clause: 'FD.BADF',
      value: (ctx) => {
        const h = m.make(ctx);
        ctx.sys('close', h);
        return h;
      },
    });
  }
  for (const m of wrongKindMakers(t)) {
    out.push({
      variant: `kind-${m.name}`, what: `a ${m.name} handle (wrong kind)`, errno: t.wrongKindErrno, clause: 'FD.KIND.WRONG',
      value: (ctx) => m.make(ctx),
    });
  }
  const missing: RightName[][] = t.anyRight === true ? [t.rights.slice()] : t.rights.map((r) => [r]);
  for (const drop of missing) {
    if (drop.length === 0) continue;
    const mask = drop.reduce((acc, r) => acc | RIGHT_BITS[r], 0);
    for (const m of acceptedPerKind(t)) {
      out.push(missingRight(m, drop, mask));
    }
  }
  return out;
}

function missingRight(m: HandleMaker, drop: readonly RightName[], mask: number): Form {
  const names = drop.map((r) => r.toLowerCase()).join('-');
  return {
    variant: `no-${names}-${m.name}`, what: `a ${m.name} handle without ${drop.join(' and ')}`,
    errno: missingRightErrno(drop[0]!), clause: 'FD.RIGHTS.MISSING',
    value: (ctx) => attenuate(ctx, m.make(ctx), m.rights & ~mask),
  };
}

// ---- pointers ----------------------------------------------------------------------------

function faultForm(variant: string, what: string, value: (numbers: Numbers, size: number) => Operand, size: (n: Numbers) => number, numbers?: ReadonlyMap<string, bigint>): Form {
  return {
    variant, what, errno: 'EFAULT', clause: 'ABI.FAULT', fault: true,
    ...(numbers === undefined ? {} : { numbers }),
    value: (_ctx, n) => value(n, size(n)),
  };
}

function pointerForms(row: SyscallRow, spec: ArgSpec): Form[] {
  const t = spec.type;
  if (t.kind !== 'struct' && t.kind !== 'buffer' && t.kind !== 'array') return [];
  let numbers: Map<string, bigint> | undefined;
  const countArg = t.kind === 'buffer' ? t.lengthArg : t.kind === 'array' ? t.countArg : undefined;
  if (countArg !== undefined) {
    const lenSpec = row.args.find((a) => a.name === countArg);
    const min = lenSpec?.type.kind === 'length' ? lenSpec.type.min ?? 0 : 0;
    numbers = new Map([[countArg, BigInt(Math.max(1, min, defaultCount(row, countArg)))]]);
  }
  const size = (n: Numbers): number => pointerSize(t, n)!;
  const out: Form[] = [];
  const nullable = t.kind === 'struct' && t.nullable === true;
  if (!nullable) out.push(faultForm('null', 'NULL', () => 0, size, numbers));
  out.push(faultForm('unmapped', 'an unmapped address', () => UNMAPPED, size, numbers));
  out.push(faultForm('below-user', 'an address below the user range', () => BELOW_USER, size, numbers));
  out.push(faultForm('kernel-half', 'a kernel-half address', () => KERNEL_HALF, size, numbers));
  if (t.dir !== 'in') out.push(faultForm('read-only', 'read-only memory (code)', () => READ_ONLY, size, numbers));
  out.push(faultForm('straddle', 'a range running off the end of the data mapping', (_n, s) => DATA_END - s + 1, size, numbers));
  return out;
}

function defaultCount(row: SyscallRow, name: string): number {
  const v = row.args.find((a) => a.name === name);
  if (v === undefined || v.type.kind !== 'length') return 1;
  const t = v.type;
  const base = t.unit === 'bytes' ? 64 : 1;
  return Math.min(Math.max(base, t.min ?? 0), t.max ?? base);
}

// ---- strings -----------------------------------------------------------------------------

/** Text that is `n` bytes long and harmless in every string role (slashes resolve to "/"). */
function filler(t: StringArg, n: number): string {
  return (t.role === 'path' ? '/' : 'a').repeat(n);
}

function stringForms(t: StringArg): Form[] {
  const out: Form[] = [];
  const fault = (variant: string, what: string, value: (ctx: Ctx) => Operand): Form => ({
    variant, what, errno: 'EFAULT', clause: 'ABI.FAULT', fault: true, value,
  });
  if (t.nullable !== true) out.push(fault('null', 'NULL', () => 0));
  out.push(fault('unmapped', 'an unmapped address', () => UNMAPPED));
  out.push(fault('kernel-half', 'a kernel-half address', () => KERNEL_HALF));
  out.push(fault('straddle', 'bytes without a NUL up to the end of the data mapping', (ctx) => {
    ctx.storeX(DATA_END - 8, 0x2f2f_2f2f_2f2f_2f2fn);
    return DATA_END - 8;
  }));
  if (t.emptyErrno !== undefined && t.minBytes > 0) {
    out.push({ variant: 'empty', what: 'the empty string', errno: t.emptyErrno, clause: 'ABI.STRING.EMPTY', value: (ctx) => ctx.str('') });
  }
  out.push({
    variant: 'too-long', what: `${t.maxBytes + 1} bytes (max ${t.maxBytes})`, errno: t.tooLongErrno, clause: 'ABI.STRING.TOOLONG',
    value: (ctx) => ctx.str(filler(t, t.maxBytes + 1)),
  });
  out.push({
    variant: 'much-too-long', what: `${2 * t.maxBytes + 2} bytes (max ${t.maxBytes})`, errno: t.tooLongErrno, clause: 'ABI.STRING.TOOLONG',
    value: (ctx) => ctx.str(filler(t, 2 * t.maxBytes + 2)),
  });
  return out;
}

function vectorForms(spec: ArgSpec): Form[] {
  const t = spec.type;
  if (t.kind !== 'string-vector') return [];
  const fault = (variant: string, what: string, value: (ctx: Ctx) => Operand): Form => ({
    variant, what, errno: 'EFAULT', clause: 'ABI.FAULT', fault: true, value,
  });
  const big = (variant: string, what: string, strings: (ctx: Ctx) => number[]): Form => ({
    variant, what, errno: t.tooBigErrno, clause: 'ABI.ARGV.TOOBIG', value: (ctx) => ctx.words([...strings(ctx), 0]),
  });
  const argMax = limit('ARGV_MAX');
  const bytesMax = limit('ARG_BYTES_MAX');
  return [
    ...(t.nullable ? [] : [fault('null', 'NULL', () => 0)]),
    fault('unmapped', 'an unmapped vector', () => UNMAPPED),
    fault('straddle', 'a vector running off the end of the data mapping', (ctx) => {
      ctx.storeX(DATA_END - 8, ctx.str('errors'));
      return DATA_END - 8;
    }),
    fault('element-unmapped', 'a vector whose string is unmapped', (ctx) => ctx.words([UNMAPPED, 0])),
    fault('element-straddle', 'a vector whose string runs off the end of the data mapping', (ctx) => {
      ctx.storeX(DATA_END - 8, 0x6161_6161_6161_6161n);
      return ctx.words([DATA_END - 8, 0]);
    }),
    big('too-many', `${argMax + 1} strings (max ${argMax})`, (ctx) => {
      const s = ctx.str('a');
      return Array.from({ length: argMax + 1 }, () => s);
    }),
    big('too-many-bytes', `two 2048-byte strings (${2 * 2049} bytes with NULs, max ${bytesMax})`, (ctx) => {
      const s = ctx.str('b'.repeat(2048));
      return [s, s];
    }),
    big('one-long-string', `one ${bytesMax}-byte string (max ${bytesMax} bytes with its NUL)`, (ctx) => [ctx.str('c'.repeat(bytesMax))]),
  ];
}

// ---- numbers -----------------------------------------------------------------------------

function num(variant: string, what: string, errno: ErrnoName, clause: string, arg: string, v: bigint): Form {
  return { variant, what, errno, clause, numbers: new Map([[arg, v]]) };
}

/** A pointer argument that reads `name` as its length: its buffer must cover the value. */
function coveringPointer(row: SyscallRow, name: string): ArgSpec | undefined {
  return row.args.find((a) => (a.type.kind === 'buffer' && a.type.lengthArg === name) || (a.type.kind === 'array' && a.type.countArg === name));
}

function lengthForms(row: SyscallRow, spec: ArgSpec): Form[] {
  const t = spec.type;
  if (t.kind !== 'length') return [];
  const out: Form[] = [];
  if (t.min !== undefined && t.min > 0) {
    out.push(num('below-min', `${t.min - 1} (min ${t.min})`, t.belowMinErrno ?? 'EINVAL', 'ABI.LENGTH.BOUNDS', spec.name, BigInt(t.min - 1)));
  }
  if (t.max !== undefined) {
    out.push(num('above-max', `${t.max + 1} (max ${t.max})`, t.aboveMaxErrno ?? 'EINVAL', 'ABI.LENGTH.BOUNDS', spec.name, BigInt(t.max + 1)));
    // A length an earlier pointer covers must stay small enough to map; otherwise the pointer faults first.
    if (coveringPointer(row, spec.name) === undefined) {
      out.push(num('huge', `2^63 (max ${t.max})`, t.aboveMaxErrno ?? 'EINVAL', 'ABI.LENGTH.BOUNDS', spec.name, 2n ** 63n));
    }
  }
  return out;
}

function flagsForms(row: SyscallRow, spec: ArgSpec, t: FlagsArg): Form[] {
  if (t.unknownBitsErrno === null) return [];
  const known = knownBits(t.group) | (t.alsoGroup === undefined ? 0 : knownBits(t.alsoGroup));
  const base = BigInt(numberOf(row, spec));
  const out: Form[] = [];
  for (let bit = 0; bit < 32; bit++) {
    if ((known >>> bit) & 1) continue;
    const v = base | (1n << BigInt(bit));
    out.push(num(`bit${bit}`, `unknown bit ${bit} (0x${v.toString(16)})`, t.unknownBitsErrno, 'ABI.FLAGS.UNKNOWN', spec.name, v));
  }
  return out;
}

function numberOf(row: SyscallRow, spec: ArgSpec): number {
  const v = ROW_FLAG_BASE[row.name]?.[spec.name];
  return v ?? 0;
}

/** Valid flag values the unknown bit is OR-ed onto (so the rest of the call stays valid). */
const ROW_FLAG_BASE: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  mmap: { prot: constValue('PROT', 'PROT_READ'), flags: constValue('MAP_FLAGS', 'MAP_PRIVATE') | constValue('MAP_FLAGS', 'MAP_ANONYMOUS') },
  mprotect: { prot: constValue('PROT', 'PROT_READ') },
  mmap_file: { prot: constValue('PROT', 'PROT_READ') },
};

function enumForms(spec: ArgSpec): Form[] {
  const t = spec.type;
  if (t.kind !== 'enum') return [];
  const values = constGroup(t.group).members.map((m) => m.value);
  const mods = t.modifierGroup === undefined ? 0 : knownBits(t.modifierGroup);
  const max = Math.max(...values);
  const min = Math.min(...values);
  const bad = new Set<bigint>([BigInt(max + 1), -1n, INT32_MAX, INT32_MIN]);
  for (let v = min; v <= max; v++) if (!values.includes(v)) bad.add(BigInt(v));
  if (mods !== 0) {
    bad.add(BigInt((max + 1) | mods));
    bad.add(BigInt(mods << 1));
  }
  return [...bad]
    .filter((v) => !values.includes(Number(BigInt.asIntN(32, v)) & ~mods))
    .map((v) => num(`value${v < 0n ? 'm' + (-v).toString() : v.toString()}`, `${v} (not in ${t.group})`, t.unknownErrno, 'ABI.ENUM.UNKNOWN', spec.name, v));
}

const PID_FORM_VALUES: Readonly<Record<PidForm, readonly bigint[]>> = {
  positive: [],
  zero: [0n],
  'minus-one': [-1n],
  'below-minus-one': [-2n, INT32_MIN],
};

/** A pid no process has: above every pid the case can create (PROCS_MAX is far below it). */
export const NO_SUCH_PID = 30_000n;

function pidForms(spec: ArgSpec, t: PidArg): Form[] {
  const out: Form[] = [];
  for (const [form, values] of Object.entries(PID_FORM_VALUES) as [PidForm, readonly bigint[]][]) {
    if (t.forms[form] !== undefined) continue;
    for (const v of values) {
      out.push(num(`pid${v < 0n ? 'm' + (-v).toString() : v.toString()}`, `pid ${v} (form ${form} not accepted)`, t.invalidErrno, 'ABI.PID.INVALID', spec.name, v));
    }
  }
  out.push(num('no-such-pid', `pid ${NO_SUCH_PID}, which names no process`, t.noSuchErrno, t.noSuchClause, spec.name, NO_SUCH_PID));
  return out;
}

function signalForms(spec: ArgSpec, t: SignalArg): Form[] {
  const nsig = constGroup('SIGNALS').members.reduce((m, s) => Math.max(m, s.value), 0);
  const bad = [BigInt(nsig + 1), 64n, -1n, INT32_MAX, INT32_MIN];
  if (!t.allowZero) bad.unshift(0n);
  const out = bad.map((v) => num(`sig${v < 0n ? 'm' + (-v).toString() : v.toString()}`, `signal ${v}`, t.invalidErrno, 'SIG.NUMBER.INVALID', spec.name, v));
  if (t.rejectUncatchable) {
    for (const name of ['SIGKILL', 'SIGSTOP']) {
      out.push(num(name.toLowerCase(), name, 'EINVAL', 'SIG.UNCATCHABLE', spec.name, BigInt(constValue('SIGNALS', name))));
    }
  }
  return out;
}

function intForms(spec: ArgSpec, t: IntArg): Form[] {
  if (t.outOfRangeErrno === undefined) return [];
  const errno = t.outOfRangeErrno;
  const typeMin = t.signed ? -(2n ** BigInt(t.bits - 1)) : 0n;
  const typeMax = t.signed ? 2n ** BigInt(t.bits - 1) - 1n : 2n ** BigInt(t.bits) - 1n;
  const bad = new Set<bigint>();
  if (t.min !== undefined && BigInt(t.min) > typeMin) {
    bad.add(BigInt(t.min) - 1n);
    bad.add(typeMin);
  }
  if (t.max !== undefined && BigInt(t.max) < typeMax) {
    bad.add(BigInt(t.max) + 1n);
    bad.add(typeMax);
  }
  return [...bad].map((v) => num(`int${v < 0n ? 'm' + (-v).toString() : v.toString()}`, `${v} (range ${t.min ?? '-'}..${t.max ?? '-'})`, errno, 'ABI.INT.RANGE', spec.name, v));
}

function addrForms(row: SyscallRow, i: number, t: AddrArg): Form[] {
  if (t.align === undefined || t.misalignedErrno === undefined) return [];
  const align = t.align;
  const offsets = [...new Set([1, 2, align / 2, align - 1].filter((o) => o > 0 && o < align))];
  return offsets.map((o) => ({
    variant: `misaligned${o}`, what: `an address ${o} bytes past a ${align}-byte boundary`,
    errno: t.misalignedErrno!, clause: 'ABI.ADDR.ALIGN',
    value: (ctx: Ctx, n: Numbers) => BigInt(validValue(ctx, row, i, n) as number | bigint) + BigInt(o),
  }));
}

/** Every invalid form of argument `i` of `row`. */
export function formsFor(row: SyscallRow, i: number): Form[] {
  if (!failsWithErrno(row)) return [];
  const spec = row.args[i]!;
  const t = spec.type;
  switch (t.kind) {
    case 'fd':
      return fdForms(t);
    case 'struct':
    case 'buffer':
    case 'array':
      return pointerForms(row, spec);
    case 'string':
      return stringForms(t);
    case 'string-vector':
      return vectorForms(spec);
    case 'length':
      return lengthForms(row, spec);
    case 'flags':
      return flagsForms(row, spec, t);
    case 'enum':
      return enumForms(spec);
    case 'pid':
      return pidForms(spec, t);
    case 'signal':
      return signalForms(spec, t);
    case 'int':
      return intForms(spec, t);
    case 'addr':
      return addrForms(row, i, t);
    case 'timeout':
      return [];
  }
}
