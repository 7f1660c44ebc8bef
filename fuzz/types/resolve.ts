// Resolution: a choice plus the environment gives register bits. Scalars resolve first (a buffer's
// size is its length argument's value), then pointers place their bytes. Records resolve their
// semantic fields the same way, with pointers restricted to places known when the program is built.

import {
  constGroup, constValue, enumValues, layout, RIGHT_BITS, type ArgSpec, type ArgType, type FdArg, type Layout, type ScalarType,
  type StringArg,
} from '../../spec/index.js';
import type { ArgChoice, FdChoice, PtrChoice, RecordChoice, ScalarChoice, StrChoice } from './choice.js';
import { enumBadEdges, intEdges, lengthEdges, PID_EDGES, SIGNAL_EDGES, stringLengthEdges, TIMEOUT_EDGES } from './edges.js';
import { imm, isStatic, type FdView, type ResolveEnv, type Value } from './env.js';

const FD_MAX = constValue('LIMITS', 'FD_MAX');
const enc = new TextEncoder();
/** Bytes actually placed for one buffer or array; longer ranges extend past what was placed. */
const PLACE_CAP = 1 << 16;

/** A choice that does not fit the argument type it is given to (a finding file from another spec). */
export class ChoiceMismatch extends Error {
  override readonly name = 'ChoiceMismatch';
}

const at = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length]!;

export function fdMatches(t: FdArg, h: FdView): boolean {
  if (t.handleKinds !== 'any' && !t.handleKinds.includes(h.kind)) return false;
  return t.endpointEnd === undefined || h.end === undefined || h.end === t.endpointEnd;
}

export function fdHasRights(t: FdArg, h: FdView): boolean {
  if (t.rights.length === 0) return true;
  const held = t.rights.filter((r) => (h.rights & RIGHT_BITS[r]) !== 0).length;
  return t.anyRight ? held > 0 : held === t.rights.length;
}

function unusedFd(env: ResolveEnv, n: number): number {
  const live = new Set(env.fds().map((h) => h.fd));
  for (let i = 0; i < FD_MAX; i++) {
    const fd = (n + i) % FD_MAX;
    if (!live.has(fd)) return fd;
  }
  return FD_MAX;
}

export function resolveFd(t: FdArg, c: FdChoice, env: ResolveEnv): bigint {
  const live = env.fds();
  const liveSet = new Set(live.map((h) => h.fd));
  const from = (list: readonly number[], p: number): number | null => (list.length > 0 ? at(list, p) : null);
  const ok = (p: number): number =>
    from(live.filter((h) => fdMatches(t, h) && fdHasRights(t, h)).map((h) => h.fd), p) ?? from(live.map((h) => h.fd), p) ?? unusedFd(env, p);
  switch (c.k) {
    case 'ok':
      return BigInt(ok(c.pick));
    case 'no-right':
      return BigInt(from(live.filter((h) => fdMatches(t, h) && !fdHasRights(t, h)).map((h) => h.fd), c.pick) ?? ok(c.pick));
    case 'wrong-kind':
      return BigInt(from(live.filter((h) => !fdMatches(t, h)).map((h) => h.fd), c.pick) ?? ok(c.pick));
    case 'any':
      return BigInt(from(live.map((h) => h.fd), c.pick) ?? unusedFd(env, c.pick));
    case 'closed':
      return BigInt(from(env.closedFds().filter((fd) => !liveSet.has(fd)), c.pick) ?? unusedFd(env, c.pick));
    case 'stale':
      return BigInt(from(env.movedFds().filter((fd) => !liveSet.has(fd)), c.pick) ?? from(env.closedFds().filter((fd) => !liveSet.has(fd)), c.pick) ?? unusedFd(env, c.pick));
    case 'unused':
      return BigInt(unusedFd(env, c.n));
    case 'range':
      return BigInt(c.v);
    case 'high':
      return (0xdead_beefn << 32n) | BigInt(ok(c.pick));
    case 'none':
      return -1n;
  }
}

function scalar(edges: readonly bigint[], c: ScalarChoice): bigint {
  switch (c.k) {
    case 'edge':
      return at(edges, c.e);
    case 'small':
      return BigInt(c.n);
    case 'raw':
      return BigInt(c.v);
  }
}

function groupMembers(t: Extract<ArgType, { kind: 'flags' }>): number[] {
  return [...constGroup(t.group).members, ...(t.alsoGroup ? constGroup(t.alsoGroup).members : [])].map((m) => m.value);
}

function flagsValue(t: Extract<ArgType, { kind: 'flags' }>, c: Extract<ArgChoice, { t: 'flags' }>['c']): bigint {
  if (c.k === 'raw') return BigInt(c.v);
  const members = groupMembers(t);
  let v = 0;
  members.forEach((m, i) => {
    if (i < 31 && (c.mask & (1 << i)) !== 0) v |= m;
  });
  let out = BigInt(v >>> 0);
  if (c.k === 'unknown') {
    const known = members.reduce((a, m) => a | m, 0);
    const unknown = Array.from({ length: 32 }, (_, b) => b).filter((b) => ((known >>> b) & 1) === 0);
    if (unknown.length > 0) out |= 1n << BigInt(at(unknown, c.bit));
  }
  if (c.k === 'high') out |= 0x5a5a_0000_0000_0000n;
  return out;
}

function enumValue(t: Extract<ArgType, { kind: 'enum' }>, c: Extract<ArgChoice, { t: 'enum' }>['c']): bigint {
  const values = enumValues(t.group);
  switch (c.k) {
    case 'member': {
      const mods = t.modifierGroup ? constGroup(t.modifierGroup).members.map((m) => m.value) : [];
      const mod = mods.length > 0 && c.mod > 0 ? at(mods, c.mod) : 0;
      return BigInt(at(values, c.i) | mod);
    }
    case 'bad':
      return at(enumBadEdges(t), c.e);
    case 'high':
      return (0x7n << 32n) | BigInt(at(values, c.i) >>> 0);
  }
}

export function stringBytes(t: StringArg, s: StrChoice, env: ResolveEnv): Uint8Array {
  switch (s.k) {
    case 'pool': {
      const pool = env.stringPool(t);
      return enc.encode(pool.length > 0 ? at(pool, s.i) : 'x');
    }
    case 'len': {
      const n = at(stringLengthEdges(t), s.e);
      const ch = 'abcd'.charCodeAt(s.c % 4);
      const out = new Uint8Array(n).fill(ch);
      if (t.role === 'path' && n > 0) out[0] = 0x2f;
      return out;
    }
    case 'bytes': {
      const b = Uint8Array.from(s.b);
      const nul = b.indexOf(0);
      return nul < 0 ? b : b.subarray(0, nul);
    }
  }
}

function withNul(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}

function placeStatic(env: ResolveEnv, p: PtrChoice, bytes: Uint8Array): bigint {
  if (p.w === 'wild') return BigInt.asUintN(64, BigInt(p.v ?? '0'));
  return env.placeIn(isStatic(p.w) ? p.w : 'data', bytes, p.pick, p.cut);
}

function outRange(env: ResolveEnv, p: PtrChoice, size: number, nested: boolean): Value {
  if (p.w === 'wild') return imm(BigInt(p.v ?? '0'));
  return env.placeOut(nested && !isStatic(p.w) ? 'data' : p.w, size, p.pick, p.cut);
}

function castField(v: bigint, type: ScalarType): bigint {
  const bits = Number(type.slice(1));
  return type.startsWith('i') ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
}

/** The bytes of one record: semantic fields resolved in nested mode, the rest from `plain`. */
export function recordBytes(l: Layout, rec: RecordChoice, env: ResolveEnv): Uint8Array {
  const specs = l.fields.filter((f) => f.semantic !== undefined).map((f) => ({ name: f.name, type: f.semantic! }));
  const choices = specs.map((s) => {
    const c = rec.fields[s.name];
    if (c === undefined) throw new ChoiceMismatch(`${l.name}: no choice for field ${s.name}`);
    return c;
  });
  const values = resolveArgs(specs, choices, env, true);
  const bytes = new Uint8Array(l.size);
  const view = new DataView(bytes.buffer);
  for (const f of l.fields) {
    if (f.count !== undefined) continue;
    const i = specs.findIndex((s) => s.name === f.name);
    const raw = i >= 0 ? (values[i]!.kind === 'imm' ? values[i]!.v : 0n) : BigInt(rec.plain[f.name] ?? 0);
    const v = castField(raw, f.type);
    const width = Number(f.type.slice(1)) / 8;
    if (f.offset + width > l.size) continue;
    switch (width) {
      case 1: view.setUint8(f.offset, Number(BigInt.asUintN(8, v))); break;
      case 2: view.setUint16(f.offset, Number(BigInt.asUintN(16, v)), true); break;
      case 4: view.setUint32(f.offset, Number(BigInt.asUintN(32, v)), true); break;
      default: view.setBigUint64(f.offset, BigInt.asUintN(64, v), true);
    }
  }
  return bytes;
}

function vectorBytes(t: Extract<ArgType, { kind: 'string-vector' }>, c: Extract<ArgChoice, { t: 'string-vector' }>, env: ResolveEnv): Uint8Array {
  const text: StringArg = { kind: 'string', role: 'text', minBytes: 0, maxBytes: 64, tooLongErrno: 'E2BIG' };
  let items = c.items.map((s) => stringBytes(text, s, env));
  if (c.extra === 'many') items = Array.from({ length: t.maxCount + 1 }, () => enc.encode('a'));
  if (c.extra === 'big') items = Array.from({ length: Math.floor(t.maxTotalBytes / 256) + 1 }, () => new Uint8Array(255).fill(0x62));
  const ptrs = items.map((b) => env.placeIn('data', withNul(b), 0, 0));
  if (c.extra === 'badptr') ptrs.push(0xffff_0000_0000_0000n);
  ptrs.push(0n);
  const out = new Uint8Array(8 * ptrs.length);
  const view = new DataView(out.buffer);
  ptrs.forEach((p, i) => view.setBigUint64(8 * i, p, true));
  return out;
}

function mismatch(spec: ArgSpec, c: ArgChoice): never {
  throw new ChoiceMismatch(`argument ${spec.name} is of kind ${spec.type.kind}, the choice is for ${c.t}`);
}

const POINTER_KINDS = new Set(['struct', 'buffer', 'array', 'string', 'string-vector']);

/**
 * The register values of `specs` (a row's arguments, or a record's semantic fields when `nested`)
 * for `choices`, in the same order.
 */
export function resolveArgs(specs: readonly ArgSpec[], choices: readonly ArgChoice[], env: ResolveEnv, nested = false): Value[] {
  if (choices.length !== specs.length) throw new ChoiceMismatch(`${specs.length} argument(s), ${choices.length} choice(s)`);
  const out: Value[] = new Array<Value>(specs.length);
  const byName = new Map<string, bigint>();
  const order = specs.map((_, i) => i).sort((a, b) => Number(POINTER_KINDS.has(specs[a]!.type.kind)) - Number(POINTER_KINDS.has(specs[b]!.type.kind)));
  for (const i of order) {
    const spec = specs[i]!;
    const v = resolveOne(spec, choices[i]!, env, byName, nested);
    out[i] = v;
    if (v.kind === 'imm') byName.set(spec.name, v.v);
  }
  return out;
}

function sizeOf(byName: ReadonlyMap<string, bigint>, name: string, scale = 1): number {
  const n = byName.get(name) ?? 0n;
  return Number(n * BigInt(scale) > BigInt(PLACE_CAP) ? BigInt(PLACE_CAP) : n * BigInt(scale));
}

function resolveOne(spec: ArgSpec, c: ArgChoice, env: ResolveEnv, byName: ReadonlyMap<string, bigint>, nested: boolean): Value {
  const t = spec.type;
  switch (t.kind) {
    case 'fd':
      return c.t === 'fd' ? imm(resolveFd(t, c.c, env)) : mismatch(spec, c);
    case 'length':
      return c.t === 'length' ? imm(scalar(lengthEdges(t), c.c)) : mismatch(spec, c);
    case 'int':
      return c.t === 'int' ? imm(scalar(intEdges(t), c.c)) : mismatch(spec, c);
    case 'signal':
      return c.t === 'signal' ? imm(scalar(SIGNAL_EDGES, c.c)) : mismatch(spec, c);
    case 'timeout':
      return c.t === 'timeout' ? imm(scalar(TIMEOUT_EDGES, c.c)) : mismatch(spec, c);
    case 'flags':
      return c.t === 'flags' ? imm(flagsValue(t, c.c)) : mismatch(spec, c);
    case 'enum':
      return c.t === 'enum' ? imm(enumValue(t, c.c)) : mismatch(spec, c);
    case 'pid': {
      if (c.t !== 'pid') return mismatch(spec, c);
      if (c.c.k === 'self') return imm(env.selfPid());
      if (c.c.k === 'child') {
        const kids = env.childPids();
        return imm(kids.length > 0 ? at(kids, c.c.pick) : 30000);
      }
      return imm(at(PID_EDGES, c.c.e));
    }
    case 'addr':
      if (c.t !== 'addr') return mismatch(spec, c);
      if (c.p.w === 'wild') return imm(BigInt(c.p.v ?? '0'));
      return env.address(c.p.w, c.p.pick, c.off);
    case 'struct': {
      if (c.t !== 'struct') return mismatch(spec, c);
      const l = layout(t.layout);
      if (t.dir === 'out') return outRange(env, c.p, l.size, nested);
      if (c.rec === null) throw new ChoiceMismatch(`${spec.name}: an input record needs its fields`);
      return imm(placeStatic(env, c.p, recordBytes(l, c.rec, env)));
    }
    case 'buffer': {
      if (c.t !== 'buffer') return mismatch(spec, c);
      const size = sizeOf(byName, t.lengthArg);
      if (t.dir === 'out') return outRange(env, c.p, size, nested);
      const bytes = new Uint8Array(size).fill(c.fill);
      const head = new Uint8Array(8);
      new DataView(head.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(c.head)), true);
      bytes.set(head.subarray(0, Math.min(8, size)));
      return imm(placeStatic(env, c.p, bytes));
    }
    case 'array': {
      if (c.t !== 'array') return mismatch(spec, c);
      const l = layout(t.layout);
      const n = Math.floor(sizeOf(byName, t.countArg, l.size) / l.size);
      if (t.dir === 'out' || c.elems.length === 0) return outRange(env, c.p, n * l.size, nested);
      const bytes = new Uint8Array(n * l.size);
      for (let i = 0; i < n; i++) bytes.set(recordBytes(l, c.elems[i % c.elems.length]!, env), i * l.size);
      return imm(placeStatic(env, c.p, bytes));
    }
    case 'string':
      return c.t === 'string' ? imm(placeStatic(env, c.p, withNul(stringBytes(t, c.s, env)))) : mismatch(spec, c);
    case 'string-vector':
      return c.t === 'string-vector' ? imm(placeStatic(env, c.p, vectorBytes(t, c, env))) : mismatch(spec, c);
  }
}
