import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constGroup, enumValues, knownBits, layout, LAYOUTS, RIGHT_BITS, SYSCALLS, type ArgType, type FdArg, type StringArg,
} from '../../spec/index.js';
import {
  argArb, drawArg, enumBadEdges, fdArb, intEdges, lengthEdges, mutateArg, resolveArgs, resolveFd, Rng, rowArb,
  type ArgChoice, type FdView, type ResolveEnv, type StaticWhere, type Value, type Where,
} from './index.js';

const DATA = 0x8040_0000;
const PAGE_END = 0x8060_1000;

/** A plain environment: a fixed handle table, and placements recorded for inspection. */
class TableEnv implements ResolveEnv {
  readonly placed: { where: Where; addr: bigint; bytes: number }[] = [];
  private at = DATA;

  constructor(private readonly table: readonly FdView[]) {}

  fds() {
    return this.table;
  }

  closedFds() {
    return [9, 10];
  }

  movedFds() {
    return [11];
  }

  selfPid() {
    return 1;
  }

  childPids() {
    return [2, 3];
  }

  stringPool(t: StringArg) {
    return t.role === 'path' ? ['/tmp/a', '/'] : ['n'];
  }

  placeIn(where: StaticWhere, bytes: Uint8Array, _pick: number, cut: number): bigint {
    let addr: bigint;
    if (where === 'null') addr = 0n;
    else if (where === 'unmapped') addr = 0x8100_0000n;
    else if (where === 'kernel' || where === 'wild') addr = 0xffff_8000_0000_0000n;
    else if (where === 'page-end') addr = BigInt(PAGE_END - (cut % (bytes.length + 1)));
    else {
      addr = BigInt(this.at + (where === 'unaligned' ? 1 : 0));
      this.at += Math.ceil((bytes.length + 32) / 16) * 16;
    }
    this.placed.push({ where, addr, bytes: bytes.length });
    return addr;
  }

  placeOut(where: Where, size: number, pick: number, cut: number): Value {
    return { kind: 'imm', v: this.placeIn(where === 'mapping' || where === 'fixed' || where === 'spare' ? 'data' : where, new Uint8Array(size), pick, cut) };
  }

  address(where: Where, pick: number, off: number): Value {
    return where === 'mapping' ? { kind: 'slot', slot: pick % 4, add: BigInt(off) } : { kind: 'imm', v: BigInt(0x9000_0000 + off) };
  }
}

const TABLE: readonly FdView[] = [
  { fd: 0, kind: 'tty', rights: 0xf3 },
  { fd: 3, kind: 'pipe', rights: RIGHT_BITS.READ | RIGHT_BITS.TRANSFER },
  { fd: 4, kind: 'pipe', rights: RIGHT_BITS.WRITE },
  { fd: 5, kind: 'endpoint', rights: RIGHT_BITS.WRITE | RIGHT_BITS.TRANSFER, end: 'send' },
  { fd: 6, kind: 'endpoint', rights: RIGHT_BITS.READ, end: 'recv' },
  { fd: 7, kind: 'eventfd', rights: 0xf3 },
];

/** Every argument type the spec uses: row arguments and semantic fields of layouts. */
function allTypes(): ArgType[] {
  const out: ArgType[] = SYSCALLS.flatMap((r) => r.args.map((a) => a.type));
  for (const l of Object.values(LAYOUTS)) for (const f of l.fields) if (f.semantic) out.push(f.semantic);
  return out;
}

describe('argument types', () => {
  it('every argument kind of the spec has an arbitrary whose choices resolve', () => {
    const kinds = new Set<string>();
    for (const t of allTypes()) {
      kinds.add(t.kind);
      for (const c of fc.sample(argArb(t), { seed: 7, numRuns: 5 })) expect(c.t).toBe(t.kind);
    }
    expect([...kinds].sort()).toEqual(['addr', 'array', 'buffer', 'enum', 'fd', 'flags', 'int', 'length', 'pid', 'signal', 'string', 'string-vector', 'struct', 'timeout']);
  });

  it('every row: 30 drawn calls resolve to six or fewer register values, deterministically by seed', () => {
    for (const row of SYSCALLS) {
      const calls = fc.sample(rowArb(row), { seed: row.nr, numRuns: 30 });
      expect(fc.sample(rowArb(row), { seed: row.nr, numRuns: 30 })).toEqual(calls);
      for (const call of calls) {
        if (!('row' in call)) continue;
        const values = resolveArgs(row.args, call.args, new TableEnv(TABLE));
        expect(values).toHaveLength(row.args.length);
      }
    }
  });

  it('fds: valid ones hold the kind and rights, and the invalid kinds are what they say', () => {
    const t: FdArg = { kind: 'fd', handleKinds: ['endpoint'], rights: ['WRITE', 'TRANSFER'], endpointEnd: 'send', wrongKindErrno: 'EINVAL' };
    const env = new TableEnv(TABLE);
    expect(resolveFd(t, { k: 'ok', pick: 3 }, env)).toBe(5n);
    expect(resolveFd(t, { k: 'wrong-kind', pick: 0 }, env)).not.toBe(5n);
    expect([9n, 10n]).toContain(resolveFd(t, { k: 'closed', pick: 1 }, env));
    expect(resolveFd(t, { k: 'stale', pick: 0 }, env)).toBe(11n);
    expect(resolveFd(t, { k: 'high', pick: 0 }, env) & 0xffff_ffffn).toBe(5n);
    expect(resolveFd(t, { k: 'high', pick: 0 }, env) >> 32n).not.toBe(0n);
    const recv: FdArg = { kind: 'fd', handleKinds: ['endpoint'], rights: ['READ', 'TRANSFER'], endpointEnd: 'recv', wrongKindErrno: 'EINVAL' };
    expect(resolveFd(recv, { k: 'no-right', pick: 0 }, env)).toBe(6n);
    const unused = resolveFd(t, { k: 'unused', n: 3 }, env);
    expect(TABLE.map((h) => BigInt(h.fd))).not.toContain(unused);
    const kinds = new Set(fc.sample(fdArb(t), { seed: 1, numRuns: 400 }).map((c) => c.k));
    for (const k of ['ok', 'no-right', 'wrong-kind', 'closed', 'stale', 'unused', 'range', 'high']) expect(kinds).toContain(k);
  });

  it('pointers: valid, null, unmapped, read-only, unaligned, straddling a page end, kernel range', () => {
    const row = SYSCALLS.find((r) => r.name === 'open')!;
    const env = new TableEnv(TABLE);
    for (const call of fc.sample(rowArb(row), { seed: 3, numRuns: 300 })) if ('row' in call) resolveArgs(row.args, call.args, env);
    const wheres = new Set(env.placed.map((p) => p.where));
    for (const w of ['data', 'null', 'unmapped', 'rodata', 'unaligned', 'page-end', 'kernel']) expect(wheres).toContain(w);
    const straddling = env.placed.filter((p) => p.where === 'page-end' && p.addr + BigInt(p.bytes) > BigInt(PAGE_END));
    expect(straddling.length).toBeGreaterThan(0);
    expect(env.placed.filter((p) => p.where === 'unaligned').every((p) => p.addr % 2n === 1n)).toBe(true);
  });

  it('lengths at the edges, flags with unknown bits, enums out of range', () => {
    expect(lengthEdges({ kind: 'length', unit: 'bytes', max: 256 })).toEqual(expect.arrayContaining([0n, 255n, 256n, 257n, (1n << 64n) - 1n]));
    expect(lengthEdges({ kind: 'length', unit: 'pages', min: 2, max: 8 })).toEqual(expect.arrayContaining([1n, 2n, 8n, 9n]));
    expect(intEdges({ kind: 'int', role: 'index', signed: true, bits: 32, min: 0, max: 511 })).toEqual(expect.arrayContaining([-1n, 0n, 511n, 512n, 1n << 32n]));
    const flags = SYSCALLS.find((r) => r.name === 'mmap')!.args.find((a) => a.name === 'flags')!.type;
    const env = new TableEnv(TABLE);
    const known = knownBits('MAP_FLAGS');
    const unknown = fc.sample(argArb(flags), { seed: 5, numRuns: 300 }).filter((c) => c.t === 'flags' && c.c.k === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    for (const c of unknown) {
      const [v] = resolveArgs([{ name: 'flags', type: flags }], [c], env);
      expect(v!.kind === 'imm' && (Number(v!.v & 0xffff_ffffn) & ~known) !== 0).toBe(true);
    }
    const whence = SYSCALLS.find((r) => r.name === 'lseek')!.args.find((a) => a.name === 'whence')!.type;
    if (whence.kind !== 'enum') throw new Error('whence is an enum');
    for (const v of enumBadEdges(whence)) expect(enumValues('SEEK_WHENCE')).not.toContain(Number(BigInt.asIntN(32, v)));
    expect(constGroup('SEEK_WHENCE').members.length).toBeGreaterThan(0);
  });

  it('records resolve their semantic fields with the same types (an IPC message)', () => {
    const msg = SYSCALLS.find((r) => r.name === 'ipc_send')!.args[1]!;
    const env = new TableEnv(TABLE);
    for (const c of fc.sample(argArb(msg.type), { seed: 11, numRuns: 50 })) {
      if (c.t !== 'struct' || c.rec === null) throw new Error('an input record');
      expect(Object.keys(c.rec.fields).sort()).toEqual(['buf', 'handle_fd', 'len', 'requested_rights']);
      resolveArgs([msg], [c], env);
    }
    expect(layout('ipc_send_msg').size).toBe(24);
  });

  it('mutation keeps the type, is a function of its seed, and changes something', () => {
    const row = SYSCALLS.find((r) => r.name === 'ipc_recv')!;
    let changed = 0;
    for (const [i, a] of row.args.entries()) {
      const c: ArgChoice = drawArg(a.type, i + 1);
      for (let s = 1; s <= 40; s++) {
        const m = mutateArg(a.type, c, new Rng(s));
        expect(m.t).toBe(a.type.kind);
        expect(mutateArg(a.type, c, new Rng(s))).toEqual(m);
        if (JSON.stringify(m) !== JSON.stringify(c)) changed++;
        resolveArgs([a], [m], new TableEnv(TABLE));
      }
    }
    expect(changed).toBeGreaterThan(40);
  });
});
