// What the spec says about arguments, written from the argument types alone: a call fails with
// the first failing check in register order (ABI.CHECK.ORDER) — handle validity, kind and rights
// (FD.BADF, FD.KIND.WRONG, FD.RIGHTS.MISSING), pointer ranges (ABI.FAULT), strings, lengths, flags,
// enums, pids, signals and integer ranges — after the support level and capability gate.

import {
  CAP_BITS, constValue, enumValues, knownBits, layout, missingRightErrno, RIGHT_BITS, type ArgSpec, type ErrnoName,
  type SyscallRow,
} from '../../spec/index.js';
import type { Value } from '../types/index.js';
import type { ModelMemory } from './memory.js';
import type { MHandle, World } from './world.js';

export type Fact =
  | { readonly kind: 'fd'; readonly fd: number; readonly h: MHandle | null }
  | { readonly kind: 'ptr'; readonly v: Value; readonly size: bigint; readonly bytes: Uint8Array | null }
  | { readonly kind: 'string'; readonly bytes: Uint8Array | null }
  | { readonly kind: 'num'; readonly v: bigint }
  | { readonly kind: 'addr'; readonly v: Value };

export class Facts {
  constructor(private readonly map: ReadonlyMap<string, Fact>) {}

  private get<K extends Fact['kind']>(name: string, kind: K): Extract<Fact, { kind: K }> {
    const f = this.map.get(name);
    if (!f || f.kind !== kind) throw new Error(`model asked for ${kind} argument '${name}', have ${f?.kind ?? 'none'}`);
    return f as Extract<Fact, { kind: K }>;
  }

  fd(name: string): Extract<Fact, { kind: 'fd' }> {
    return this.get(name, 'fd');
  }

  ptr(name: string): Extract<Fact, { kind: 'ptr' }> {
    return this.get(name, 'ptr');
  }

  str(name: string): Uint8Array | null {
    return this.get(name, 'string').bytes;
  }

  num(name: string): bigint {
    return this.get(name, 'num').v;
  }

  addr(name: string): Value {
    return this.get(name, 'addr').v;
  }
}

export type CheckResult =
  | { readonly ok: true; readonly facts: Facts }
  | { readonly ok: false; readonly errno: ErrnoName; readonly clause: string }
  | { readonly ok: 'unknown'; readonly why: string };

const SIGKILL = constValue('SIGNALS', 'SIGKILL');
const SIGSTOP = constValue('SIGNALS', 'SIGSTOP');
const SIGNALS = new Set(enumValues('SIGNALS'));

const fail = (errno: ErrnoName, clause: string): CheckResult => ({ ok: false, errno, clause });
const unknown = (why: string): CheckResult => ({ ok: 'unknown', why });
const int32 = (v: bigint): number => Number(BigInt.asIntN(32, v));

function rawOf(specs: readonly ArgSpec[], values: readonly Value[], name: string): bigint {
  const i = specs.findIndex((s) => s.name === name);
  const v = values[i];
  return v !== undefined && v.kind === 'imm' ? v.v : 0n;
}

/** Support level and capability gate (ABI.ENOSYS.NOTIMPL, then the row's gate). */
export function checkGate(row: SyscallRow, world: World): CheckResult | null {
  if (row.support === 'not-implemented') return fail('ENOSYS', 'ABI.ENOSYS.NOTIMPL');
  if (row.capability && (world.caps & CAP_BITS[row.capability.cap]) === 0) return fail(row.capability.errno, row.capability.clause);
  return null;
}

/** The checks of `specs` (a row's arguments, or a record's semantic fields) in order. */
export function checkArgs(specs: readonly ArgSpec[], values: readonly Value[], world: World, mem: ModelMemory): CheckResult {
  const facts = new Map<string, Fact>();
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const r = checkOne(spec, values[i]!, specs, values, world, mem);
    if ('ok' in r) return r;
    facts.set(spec.name, r);
  }
  return { ok: true, facts: new Facts(facts) };
}

function readable(mem: ModelMemory, v: Value, size: bigint, dir: 'in' | 'out' | 'inout'): CheckResult | null {
  if (dir !== 'in') {
    const w = mem.accessible(v, size, 'write');
    if (w === 'unknown') return unknown('output range');
    if (!w) return fail('EFAULT', 'ABI.FAULT');
  }
  if (dir !== 'out') {
    const r = mem.accessible(v, size, 'read');
    if (r === 'unknown') return unknown('input range');
    if (!r) return fail('EFAULT', 'ABI.FAULT');
  }
  return null;
}

function checkOne(spec: ArgSpec, v: Value, specs: readonly ArgSpec[], values: readonly Value[], world: World, mem: ModelMemory): Fact | CheckResult {
  const t = spec.type;
  const raw = v.kind === 'imm' ? v.v : null;
  switch (t.kind) {
    case 'fd': {
      if (raw === null) return unknown('fd from a run-time value');
      const fd = int32(raw);
      if (fd < 0 && t.negativeMeansNone) return { kind: 'fd', fd, h: null };
      const h = world.fds.get(fd);
      if (!h) return fail('EBADF', 'FD.BADF');
      if (t.handleKinds !== 'any' && !t.handleKinds.includes(h.obj.kind)) return fail(t.wrongKindErrno, 'FD.KIND.WRONG');
      if (t.endpointEnd !== undefined && h.obj.kind === 'endpoint' && h.obj.end !== t.endpointEnd) return fail(t.wrongKindErrno, 'FD.KIND.WRONG');
      const missing = t.rights.filter((r) => (h.rights & RIGHT_BITS[r]) === 0);
      if (t.anyRight ? missing.length === t.rights.length && t.rights.length > 0 : missing.length > 0) {
        return fail(missingRightErrno(missing[0]!), 'FD.RIGHTS.MISSING');
      }
      return { kind: 'fd', fd, h };
    }
    case 'struct': {
      const size = BigInt(layout(t.layout).size);
      if (raw === 0n && t.nullable) return { kind: 'ptr', v, size: 0n, bytes: null };
      const bad = readable(mem, v, size, t.dir);
      if (bad) return bad;
      return { kind: 'ptr', v, size, bytes: t.dir === 'out' ? null : mem.known(v, Number(size)) ? mem.bytesAt(v, Number(size)) : null };
    }
    case 'buffer': {
      const length = rawOf(specs, values, t.lengthArg);
      if (length === 0n) return { kind: 'ptr', v, size: 0n, bytes: new Uint8Array(0) };
      const bad = readable(mem, v, length, t.dir);
      if (bad) return bad;
      const n = Number(length > 64n ? 64n : length);
      return { kind: 'ptr', v, size: length, bytes: t.dir !== 'out' && mem.known(v, n) ? mem.bytesAt(v, n) : null };
    }
    case 'array': {
      const n = rawOf(specs, values, t.countArg);
      if (n === 0n) return { kind: 'ptr', v, size: 0n, bytes: new Uint8Array(0) };
      const size = n * BigInt(layout(t.layout).size);
      const bad = readable(mem, v, size, t.dir === 'out' ? 'out' : 'in');
      if (bad) return bad;
      return { kind: 'ptr', v, size, bytes: null };
    }
    case 'string': {
      if (raw === 0n && t.nullable) return { kind: 'string', bytes: null };
      const s = mem.readString(v, t.maxBytes);
      if (s === 'unknown') return unknown('string content');
      if (s === 'fault') return fail('EFAULT', 'ABI.FAULT');
      if (s === 'too-long') return fail(t.tooLongErrno, 'ABI.STRING.TOOLONG');
      if (s.length < t.minBytes) return fail(t.emptyErrno ?? t.tooLongErrno, 'ABI.STRING.EMPTY');
      return { kind: 'string', bytes: s };
    }
    case 'string-vector': {
      if (raw === 0n) return t.nullable ? { kind: 'string', bytes: null } : fail('EFAULT', 'ABI.FAULT');
      if (raw === null) return unknown('vector at a run-time address');
      let total = 0;
      for (let i = 0; ; i++) {
        if (i > t.maxCount) return fail(t.tooBigErrno, 'ABI.ARGV.TOOBIG');
        const at: Value = { kind: 'imm', v: raw + BigInt(8 * i) };
        const ok = mem.accessible(at, 8n, 'read');
        if (ok === 'unknown' || (ok && !mem.known(at, 8))) return unknown('vector content');
        if (!ok) return fail('EFAULT', 'ABI.FAULT');
        const p = new DataView(mem.bytesAt(at, 8)!.buffer).getBigUint64(0, true);
        if (p === 0n) break;
        const s = mem.readString({ kind: 'imm', v: p }, t.maxTotalBytes);
        if (s === 'unknown') return unknown('vector string');
        if (s === 'fault') return fail('EFAULT', 'ABI.FAULT');
        if (s === 'too-long') return fail(t.tooBigErrno, 'ABI.ARGV.TOOBIG');
        total += s.length + 1;
        if (total > t.maxTotalBytes) return fail(t.tooBigErrno, 'ABI.ARGV.TOOBIG');
      }
      return { kind: 'string', bytes: null };
    }
    case 'length': {
      if (raw === null) return unknown('length from a run-time value');
      if (t.min !== undefined && raw < BigInt(t.min)) return fail(t.belowMinErrno ?? 'EINVAL', 'ABI.LENGTH.BOUNDS');
      if (t.max !== undefined && raw > BigInt(t.max)) return fail(t.aboveMaxErrno ?? 'EINVAL', 'ABI.LENGTH.BOUNDS');
      return { kind: 'num', v: raw };
    }
    case 'flags': {
      if (raw === null) return unknown('flags from a run-time value');
      const low = Number(BigInt.asUintN(32, raw));
      const known = knownBits(t.group) | (t.alsoGroup ? knownBits(t.alsoGroup) : 0);
      const high = t.bits === 64 && raw >> 32n !== 0n;
      if (t.unknownBitsErrno !== null && (high || (low & ~known) !== 0)) return fail(t.unknownBitsErrno, 'ABI.FLAGS.UNKNOWN');
      return { kind: 'num', v: t.bits === 64 ? raw : BigInt(low) };
    }
    case 'enum': {
      if (raw === null) return unknown('enum from a run-time value');
      const n = int32(raw);
      const mods = t.modifierGroup ? knownBits(t.modifierGroup) : 0;
      if (!enumValues(t.group).includes(n & ~mods)) return fail(t.unknownErrno, 'ABI.ENUM.UNKNOWN');
      return { kind: 'num', v: BigInt(n) };
    }
    case 'pid': {
      if (raw === null) return unknown('pid from a run-time value');
      const n = int32(raw);
      const form = n > 0 ? 'positive' : n === 0 ? 'zero' : n === -1 ? 'minus-one' : 'below-minus-one';
      if (t.forms[form] === undefined) return fail(t.invalidErrno, 'ABI.PID.INVALID');
      return { kind: 'num', v: BigInt(n) };
    }
    case 'signal': {
      if (raw === null) return unknown('signal from a run-time value');
      const n = int32(raw);
      if (n === 0 ? !t.allowZero : !SIGNALS.has(n)) return fail(t.invalidErrno, 'SIG.NUMBER.INVALID');
      if (t.rejectUncatchable && (n === SIGKILL || n === SIGSTOP)) return fail('EINVAL', 'SIG.UNCATCHABLE');
      return { kind: 'num', v: BigInt(n) };
    }
    case 'int': {
      if (raw === null) return unknown('int from a run-time value');
      const n = t.signed ? BigInt.asIntN(t.bits, raw) : BigInt.asUintN(t.bits, raw);
      if ((t.min !== undefined && n < BigInt(t.min)) || (t.max !== undefined && n > BigInt(t.max))) return fail(t.outOfRangeErrno ?? 'EINVAL', 'ABI.INT.RANGE');
      return { kind: 'num', v: n };
    }
    case 'addr': {
      if (raw === 0n && !t.nullable && t.role !== 'hint' && t.role !== 'mapping') return fail('EFAULT', 'ABI.FAULT');
      if (t.align !== undefined) {
        const off = v.kind === 'imm' ? v.v : v.add;
        if (off % BigInt(t.align) !== 0n) return fail(t.misalignedErrno ?? 'EINVAL', 'ABI.ADDR.ALIGN');
      }
      return { kind: 'addr', v };
    }
    case 'timeout':
      if (raw === null) return unknown('timeout from a run-time value');
      return { kind: 'num', v: BigInt(int32(raw)) };
  }
}
