// Generation: one fast-check arbitrary per argument type, valid choices first (so shrinking moves
// toward them) and the interesting invalid ones after. Records recurse into their semantic fields.
// Everything is driven by the row's argument types; nothing here knows a syscall by name.

import fc from 'fast-check';
import { constGroup, layout, SYSCALLS, type ArgSpec, type ArgType, type Layout, type SyscallRow } from '../../spec/index.js';
import type { ArgChoice, CallChoice, FdChoice, PtrChoice, RecordChoice, StrChoice } from './choice.js';
import { enumBadEdges, HEAD_WORDS, intEdges, lengthEdges, PID_EDGES, SIGNAL_EDGES, stringLengthEdges, TIMEOUT_EDGES, WILD_POINTERS } from './edges.js';
import type { Where } from './env.js';

const pick = fc.nat({ max: 63 });

function weighted<T>(...arbs: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> {
  return fc.oneof({ withCrossShrink: true }, ...arbs.map(([weight, arbitrary]) => ({ weight, arbitrary })));
}

const edgeIndex = (n: number): fc.Arbitrary<number> => fc.nat({ max: Math.max(0, n - 1) });

export function fdArb(t: Extract<ArgType, { kind: 'fd' }>): fc.Arbitrary<FdChoice> {
  const arbs: [number, fc.Arbitrary<FdChoice>][] = [
    [12, pick.map((p) => ({ k: 'ok', pick: p }))],
    [2, pick.map((p) => ({ k: 'any', pick: p }))],
    [1, pick.map((p) => ({ k: 'closed', pick: p }))],
    [1, pick.map((p) => ({ k: 'stale', pick: p }))],
    [1, fc.nat({ max: 600 }).map((n) => ({ k: 'unused', n }))],
    [1, fc.constantFrom('-1', '-2', '512', '513', '2147483647', '-2147483648', '4294967295').map((v) => ({ k: 'range', v }))],
    [1, pick.map((p) => ({ k: 'high', pick: p }))],
  ];
  if (t.rights.length > 0) arbs.push([2, pick.map((p) => ({ k: 'no-right', pick: p }))]);
  if (t.handleKinds !== 'any' || t.endpointEnd !== undefined) arbs.push([2, pick.map((p) => ({ k: 'wrong-kind', pick: p }))]);
  if (t.negativeMeansNone) arbs.splice(1, 0, [6, fc.constant<FdChoice>({ k: 'none' })]);
  return weighted(...arbs);
}

/** Where a pointer aims; `out` pointers can also aim at mappings the program made. */
export function ptrArb(dynamic: boolean): fc.Arbitrary<PtrChoice> {
  const at = (w: Where, weight: number): [number, fc.Arbitrary<PtrChoice>] => [weight, fc.record({ w: fc.constant(w), pick, cut: fc.nat({ max: 4200 }) })];
  const arbs: [number, fc.Arbitrary<PtrChoice>][] = [
    at('data', 40), at('null', 1), at('unmapped', 1), at('page-end', 2), at('unaligned', 1), at('kernel', 1), at('rodata', 1),
    [1, fc.record({ w: fc.constant<Where>('wild'), pick, cut: fc.constant(0), v: fc.constantFrom(...WILD_POINTERS).map(String) })],
  ];
  if (dynamic) arbs.push(at('mapping', 2), at('fixed', 1));
  return weighted(...arbs);
}

function strArb(t: Extract<ArgType, { kind: 'string' }>): fc.Arbitrary<StrChoice> {
  return weighted<StrChoice>(
    [8, pick.map((i) => ({ k: 'pool', i }))],
    [2, fc.record({ k: fc.constant('len' as const), e: edgeIndex(stringLengthEdges(t).length), c: fc.nat({ max: 3 }) })],
    [1, fc.array(fc.nat({ max: 255 }), { maxLength: 12 }).map((b) => ({ k: 'bytes', b }))],
  );
}

function recordArb(l: Layout): fc.Arbitrary<RecordChoice> {
  const fields: Record<string, fc.Arbitrary<ArgChoice>> = {};
  const plain: Record<string, fc.Arbitrary<number>> = {};
  for (const f of l.fields) {
    if (f.semantic !== undefined) fields[f.name] = argArb(f.semantic, false);
    else if (f.count === undefined) plain[f.name] = fc.oneof(fc.constant(0), fc.nat({ max: 8 }), fc.integer({ min: -2, max: 1 << 20 }));
  }
  return fc.record({ fields: fc.record(fields), plain: fc.record(plain) });
}

/** The arbitrary of one argument type. `dynamic`: pointers may aim at run-time mappings (not inside records). */
export function argArb(t: ArgType, dynamic = true): fc.Arbitrary<ArgChoice> {
  switch (t.kind) {
    case 'fd':
      return fdArb(t).map((c) => ({ t: 'fd', c }));
    case 'struct': {
      const rec = t.dir === 'out' ? fc.constant(null) : recordArb(layout(t.layout));
      return fc.record({ t: fc.constant('struct' as const), p: ptrArb(dynamic && t.dir === 'out'), rec });
    }
    case 'buffer':
      return fc.record({
        t: fc.constant('buffer' as const), p: ptrArb(dynamic && t.dir === 'out'),
        head: fc.constantFrom(...HEAD_WORDS).map(String), fill: fc.nat({ max: 255 }),
      });
    case 'array':
      return fc.record({
        t: fc.constant('array' as const), p: ptrArb(dynamic && t.dir === 'out'),
        elems: t.dir === 'out' ? fc.constant([]) : fc.array(recordArb(layout(t.layout)), { minLength: 1, maxLength: 3 }),
      });
    case 'string':
      return fc.record({ t: fc.constant('string' as const), p: ptrArb(false), s: strArb(t) });
    case 'string-vector': {
      const item = strArb({ kind: 'string', role: 'text', minBytes: 0, maxBytes: 64, tooLongErrno: 'E2BIG' });
      return fc.record({
        t: fc.constant('string-vector' as const), p: ptrArb(false), items: fc.array(item, { maxLength: 4 }),
        extra: fc.constantFrom('none' as const, 'none' as const, 'badptr' as const, 'many' as const, 'big' as const),
      });
    }
    case 'length':
      return weighted<ArgChoice>(
        [6, fc.nat({ max: 300 }).map((n) => ({ t: 'length', c: { k: 'small', n } }))],
        [4, edgeIndex(lengthEdges(t).length).map((e) => ({ t: 'length', c: { k: 'edge', e } }))],
      );
    case 'flags': {
      const n = constGroup(t.group).members.length + (t.alsoGroup ? constGroup(t.alsoGroup).members.length : 0);
      const width = Math.min(n, 20);
      // Uniform masks, and dense ones (each member in with probability 3/4: combinations that need several bits).
      const dense = fc.array(fc.nat({ max: 3 }), { minLength: width, maxLength: width }).map((bits) => bits.reduce((m, b, i) => (b > 0 ? m | (1 << i) : m), 0));
      const mask = fc.oneof(fc.nat({ max: (1 << width) - 1 }), dense);
      return weighted<ArgChoice>(
        [20, mask.map((m) => ({ t: 'flags', c: { k: 'set', mask: m } }))],
        [2, fc.record({ k: fc.constant('unknown' as const), mask, bit: fc.nat({ max: 31 }) }).map((c) => ({ t: 'flags', c }))],
        [1, mask.map((m) => ({ t: 'flags', c: { k: 'high', mask: m } }))],
      );
    }
    case 'enum': {
      const members = constGroup(t.group).members.length;
      return weighted<ArgChoice>(
        [10, fc.record({ k: fc.constant('member' as const), i: edgeIndex(members), mod: fc.nat({ max: 3 }) }).map((c) => ({ t: 'enum', c }))],
        [2, edgeIndex(enumBadEdges(t).length).map((e) => ({ t: 'enum', c: { k: 'bad', e } }))],
        [1, edgeIndex(members).map((i) => ({ t: 'enum', c: { k: 'high', i } }))],
      );
    }
    case 'pid':
      return weighted<ArgChoice>(
        [3, fc.constant<ArgChoice>({ t: 'pid', c: { k: 'self' } })],
        [3, pick.map((p) => ({ t: 'pid', c: { k: 'child', pick: p } }))],
        [4, edgeIndex(PID_EDGES.length).map((e) => ({ t: 'pid', c: { k: 'edge', e } }))],
      );
    case 'signal':
      return edgeIndex(SIGNAL_EDGES.length).map((e) => ({ t: 'signal', c: { k: 'edge', e } }));
    case 'int':
      return weighted<ArgChoice>(
        [5, fc.nat({ max: 16 }).map((n) => ({ t: 'int', c: { k: 'small', n } }))],
        [4, edgeIndex(intEdges(t).length).map((e) => ({ t: 'int', c: { k: 'edge', e } }))],
        [1, fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((v) => ({ t: 'int', c: { k: 'raw', v: String(v) } }))],
      );
    case 'addr':
      return fc.record({
        t: fc.constant('addr' as const),
        p: weighted<PtrChoice>(
          [6, fc.record({ w: fc.constantFrom<Where>('mapping', 'fixed'), pick, cut: fc.constant(0) })],
          [1, fc.record({ w: fc.constantFrom<Where>('spare', 'null', 'unmapped', 'kernel', 'data'), pick, cut: fc.constant(0) })],
        ),
        off: weighted([6, fc.constant(0)], [3, fc.nat({ max: 7 }).map((n) => n * 4096)], [1, fc.constantFrom(1, 8, 2048, 4095)]),
      });
    case 'timeout':
      return edgeIndex(TIMEOUT_EDGES.length).map((e) => ({ t: 'timeout', c: { k: 'edge', e } }));
  }
}

/** Argument choices for every argument of `row`, in register order. */
export function rowArb(row: SyscallRow): fc.Arbitrary<CallChoice> {
  return fc.tuple(...row.args.map((a: ArgSpec) => argArb(a.type))).map((args) => ({ row: row.name, args }));
}

/** A call to a number no row has (ABI.ENOSYS.UNKNOWN), with noise in x0..x5. */
export function unknownCallArb(): fc.Arbitrary<CallChoice> {
  const known = new Set(SYSCALLS.map((r) => r.nr));
  return fc.record({
    nr: fc.oneof(fc.nat({ max: 300 }), fc.constantFrom(0xffff, 0x1_0000, 0x7fff_ffff)).filter((n) => !known.has(n)),
    regs: fc.array(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String), { minLength: 6, maxLength: 6 }),
  });
}

/**
 * A call of any of `rows` (weights by name, default 1) or, one time in `unknownOneIn`, of a
 * number with no row.
 */
export function callArb(rows: readonly SyscallRow[], weights: Readonly<Record<string, number>> = {}, unknownWeight = 1): fc.Arbitrary<CallChoice> {
  const arbs = rows.map((r) => ({ weight: weights[r.name] ?? 1, arbitrary: rowArb(r) }));
  if (unknownWeight > 0) arbs.push({ weight: unknownWeight, arbitrary: unknownCallArb() });
  return fc.oneof(...arbs);
}
