import {
  enumValues,
  knownBits,
  layout,
  missingRightErrno,
  RIGHT_BITS,
  type ArgSpec,
  type ArgType,
  type PidForm,
  type SyscallRow,
} from '../../spec/index.js';
import type { AddressSpace } from '../../cpu/memory/address-space.js';
import type { Handle, HandleTable } from './handles.js';
import { fail, type Outcome } from './result.js';

/** One argument after validation, by the kind of its spec type. */
export type ArgValue =
  | { readonly kind: 'fd'; readonly fd: number; readonly handle: Handle | null }
  | { readonly kind: 'struct'; readonly addr: number; readonly size: number; readonly bytes: Uint8Array | null }
  | { readonly kind: 'buffer'; readonly addr: number; readonly length: number; readonly bytes: Uint8Array | null }
  | { readonly kind: 'array'; readonly addr: number; readonly count: number; readonly bytes: Uint8Array | null }
  | { readonly kind: 'string'; readonly addr: number; readonly text: string | null; readonly bytes: Uint8Array | null }
  | { readonly kind: 'string-vector'; readonly addr: number; readonly items: readonly string[] | null }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'pid'; readonly value: number; readonly form: PidForm }
  | { readonly kind: 'bigint'; readonly value: bigint };

/** Validated arguments by name, with typed getters (a wrong getter is a kernel bug). */
export class Args {
  private readonly values: ReadonlyMap<string, ArgValue>;

  constructor(values: ReadonlyMap<string, ArgValue>) {
    this.values = values;
  }

  private get<K extends ArgValue['kind']>(name: string, kind: K): Extract<ArgValue, { kind: K }> {
    const v = this.values.get(name);
    if (!v || v.kind !== kind) throw new Error(`handler asked for ${kind} argument '${name}', have ${v?.kind ?? 'none'}`);
    return v as Extract<ArgValue, { kind: K }>;
  }

  fd(name: string): Extract<ArgValue, { kind: 'fd' }> {
    return this.get(name, 'fd');
  }

  struct(name: string): Extract<ArgValue, { kind: 'struct' }> {
    return this.get(name, 'struct');
  }

  buffer(name: string): Extract<ArgValue, { kind: 'buffer' }> {
    return this.get(name, 'buffer');
  }

  array(name: string): Extract<ArgValue, { kind: 'array' }> {
    return this.get(name, 'array');
  }

  string(name: string): Extract<ArgValue, { kind: 'string' }> {
    return this.get(name, 'string');
  }

  strings(name: string): Extract<ArgValue, { kind: 'string-vector' }> {
    return this.get(name, 'string-vector');
  }

  num(name: string): number {
    return this.get(name, 'number').value;
  }

  pid(name: string): Extract<ArgValue, { kind: 'pid' }> {
    return this.get(name, 'pid');
  }

  big(name: string): bigint {
    return this.get(name, 'bigint').value;
  }
}

export interface ValidationContext {
  readonly row: SyscallRow;
  readonly raw: readonly bigint[];
  readonly space: AddressSpace;
  readonly handles: HandleTable;
}

const TWO_53 = 2n ** 53n;
const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Validates every argument of `row` in register order (clause ABI.CHECK.ORDER) and returns the
 * values, or the first failure with the clause that requires it.
 */
export function validateArgs(ctx: ValidationContext): Args | Outcome {
  const values = new Map<string, ArgValue>();
  for (let i = 0; i < ctx.row.args.length; i++) {
    const spec = ctx.row.args[i]!;
    const r = validateOne(ctx, spec, ctx.raw[i]!);
    if ('ret' in r) return r;
    values.set(spec.name, r);
  }
  return new Args(values);
}

function rawOf(ctx: ValidationContext, argName: string): bigint {
  const i = ctx.row.args.findIndex((a) => a.name === argName);
  if (i < 0) throw new Error(`row ${ctx.row.name}: no argument named ${argName}`);
  return ctx.raw[i]!;
}

function address(v: bigint): number {
  return v < TWO_53 ? Number(v) : Number.POSITIVE_INFINITY;
}

function int32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** A byte count that is exact below 2^53 (larger counts can never be accessible). */
function count(v: bigint): number {
  return v < TWO_53 ? Number(v) : Number.POSITIVE_INFINITY;
}

function validateOne(ctx: ValidationContext, spec: ArgSpec, raw: bigint): ArgValue | Outcome {
  const t: ArgType = spec.type;
  switch (t.kind) {
    case 'fd': {
      const fd = int32(raw);
      if (fd < 0 && t.negativeMeansNone) return { kind: 'fd', fd, handle: null };
      const handle = ctx.handles.get(fd);
      if (!handle) return fail('EBADF', 'FD.BADF');
      if (t.handleKinds !== 'any' && !t.handleKinds.includes(handle.object.kind)) return fail(t.wrongKindErrno, 'FD.KIND.WRONG');
      // The end of an endpoint is part of its kind: checked before rights (ABI.CHECK.ORDER).
      const obj = handle.object;
      if (t.endpointEnd && 'end' in obj && obj.end !== t.endpointEnd) return fail(t.wrongKindErrno, 'FD.KIND.WRONG');
      const missing = t.rights.filter((r) => (handle.rights & RIGHT_BITS[r]) === 0);
      if (t.anyRight ? missing.length === t.rights.length && t.rights.length > 0 : missing.length > 0) {
        return fail(missingRightErrno(missing[0]!), 'FD.RIGHTS.MISSING');
      }
      return { kind: 'fd', fd, handle };
    }
    case 'struct': {
      const addr = address(raw);
      const size = layout(t.layout).size;
      if (raw === 0n && t.nullable) return { kind: 'struct', addr: 0, size, bytes: null };
      if (t.dir === 'out') {
        if (!ctx.space.accessible(addr, size, 'write')) return fail('EFAULT', 'ABI.FAULT');
        return { kind: 'struct', addr, size, bytes: null };
      }
      if (t.dir === 'inout' && !ctx.space.accessible(addr, size, 'write')) return fail('EFAULT', 'ABI.FAULT');
      const bytes = ctx.space.copyIn(addr, size);
      return bytes ? { kind: 'struct', addr, size, bytes } : fail('EFAULT', 'ABI.FAULT');
    }
    case 'buffer': {
      const addr = address(raw);
      const length = count(rawOf(ctx, t.lengthArg));
      if (length === 0 || (raw === 0n && t.nullWhenEmpty && length === 0)) return { kind: 'buffer', addr, length: 0, bytes: new Uint8Array(0) };
      if (t.dir === 'out') {
        return ctx.space.accessible(addr, length, 'write') ? { kind: 'buffer', addr, length, bytes: null } : fail('EFAULT', 'ABI.FAULT');
      }
      if (t.dir === 'inout' && !ctx.space.accessible(addr, length, 'write')) return fail('EFAULT', 'ABI.FAULT');
      const bytes = Number.isFinite(length) ? ctx.space.copyIn(addr, length) : null;
      return bytes ? { kind: 'buffer', addr, length, bytes } : fail('EFAULT', 'ABI.FAULT');
    }
    case 'array': {
      const addr = address(raw);
      const n = count(rawOf(ctx, t.countArg));
      const size = n * layout(t.layout).size;
      if (n === 0) return { kind: 'array', addr, count: 0, bytes: new Uint8Array(0) };
      if (t.dir === 'out') {
        return ctx.space.accessible(addr, size, 'write') ? { kind: 'array', addr, count: n, bytes: null } : fail('EFAULT', 'ABI.FAULT');
      }
      const bytes = Number.isFinite(size) ? ctx.space.copyIn(addr, size) : null;
      return bytes ? { kind: 'array', addr, count: n, bytes } : fail('EFAULT', 'ABI.FAULT');
    }
    case 'string': {
      if (raw === 0n && t.nullable) return { kind: 'string', addr: 0, text: null, bytes: null };
      const addr = address(raw);
      const bytes = readString(ctx.space, addr, t.maxBytes);
      if (bytes === 'fault') return fail('EFAULT', 'ABI.FAULT');
      if (bytes === 'too-long') return fail(t.tooLongErrno, 'ABI.STRING.TOOLONG');
      if (bytes.length < t.minBytes) return fail(t.emptyErrno ?? t.tooLongErrno, 'ABI.STRING.EMPTY');
      return { kind: 'string', addr, text: decoder.decode(bytes), bytes };
    }
    case 'string-vector': {
      if (raw === 0n) return t.nullable ? { kind: 'string-vector', addr: 0, items: null } : fail('EFAULT', 'ABI.FAULT');
      const addr = address(raw);
      const items: string[] = [];
      let total = 0;
      for (let i = 0; ; i++) {
        if (i > t.maxCount) return fail(t.tooBigErrno, 'ABI.ARGV.TOOBIG');
        const ptrBytes = ctx.space.copyIn(addr + 8 * i, 8);
        if (!ptrBytes) return fail('EFAULT', 'ABI.FAULT');
        const p = new DataView(ptrBytes.buffer).getBigUint64(0, true);
        if (p === 0n) break;
        const s = readString(ctx.space, address(p), t.maxTotalBytes);
        if (s === 'fault') return fail('EFAULT', 'ABI.FAULT');
        if (s === 'too-long') return fail(t.tooBigErrno, 'ABI.ARGV.TOOBIG');
        total += s.length + 1;
        if (total > t.maxTotalBytes) return fail(t.tooBigErrno, 'ABI.ARGV.TOOBIG');
        items.push(decoder.decode(s));
      }
      return { kind: 'string-vector', addr, items };
    }
    case 'length': {
      const v = count(raw);
      if (t.min !== undefined && v < t.min) return fail(t.belowMinErrno ?? 'EINVAL', 'ABI.LENGTH.BOUNDS');
      if (t.max !== undefined && v > t.max) return fail(t.aboveMaxErrno ?? 'EINVAL', 'ABI.LENGTH.BOUNDS');
      return { kind: 'number', value: v };
    }
    case 'flags': {
      // A 32-bit flag word ignores the upper half of its register; a 64-bit one counts every bit (ABI.ARGS.WIDTH).
      const v = Number(BigInt.asUintN(32, raw));
      const known = knownBits(t.group) | (t.alsoGroup ? knownBits(t.alsoGroup) : 0);
      const highBits = t.bits === 64 && raw >> 32n !== 0n;
      if (t.unknownBitsErrno !== null && (highBits || (v & ~known) !== 0)) return fail(t.unknownBitsErrno, 'ABI.FLAGS.UNKNOWN');
      return { kind: 'number', value: v };
    }
    case 'enum': {
      const v = int32(raw);
      const modifiers = t.modifierGroup ? knownBits(t.modifierGroup) : 0;
      if (!enumValues(t.group).includes(v & ~modifiers)) return fail(t.unknownErrno, 'ABI.ENUM.UNKNOWN');
      return { kind: 'number', value: v };
    }
    case 'pid': {
      const v = int32(raw);
      const form: PidForm = v > 0 ? 'positive' : v === 0 ? 'zero' : v === -1 ? 'minus-one' : 'below-minus-one';
      if (t.forms[form] === undefined) return fail(t.invalidErrno, 'ABI.PID.INVALID');
      return { kind: 'pid', value: v, form };
    }
    case 'signal': {
      const v = int32(raw);
      if (v === 0 ? !t.allowZero : v < 1 || v > 31) return fail(t.invalidErrno, 'SIG.NUMBER.INVALID');
      if (t.rejectUncatchable && (v === 9 || v === 19)) return fail(t.invalidErrno, 'SIG.UNCATCHABLE');
      return { kind: 'number', value: v };
    }
    case 'int': {
      const v = t.signed ? (t.bits === 32 ? BigInt.asIntN(32, raw) : BigInt.asIntN(64, raw)) : t.bits === 32 ? BigInt.asUintN(32, raw) : raw;
      if ((t.min !== undefined && v < BigInt(t.min)) || (t.max !== undefined && v > BigInt(t.max))) {
        return fail(t.outOfRangeErrno ?? 'EINVAL', 'ABI.INT.RANGE');
      }
      return { kind: 'bigint', value: v };
    }
    case 'addr': {
      // A mapping address is a range the call checks itself (MM.MUNMAP.RANGE, MM.MPROTECT.UNMAPPED).
      if (raw === 0n && !t.nullable && t.role !== 'hint' && t.role !== 'mapping') return fail('EFAULT', 'ABI.FAULT');
      if (t.align !== undefined && raw % BigInt(t.align) !== 0n) return fail(t.misalignedErrno ?? 'EINVAL', 'ABI.ADDR.ALIGN');
      return { kind: 'bigint', value: raw };
    }
    case 'timeout':
      return { kind: 'number', value: int32(raw) };
  }
}

/** The bytes of a NUL-terminated string of at most `max` bytes (without the NUL). */
function readString(space: AddressSpace, addr: number, max: number): Uint8Array | 'fault' | 'too-long' {
  const out: number[] = [];
  for (let i = 0; i <= max; i++) {
    const b = space.copyIn(addr + i, 1);
    if (!b) return 'fault';
    if (b[0] === 0) return Uint8Array.from(out);
    out.push(b[0]!);
  }
  return 'too-long';
}
