// From a sequence of calls to a guest program: resolve each call's arguments against the model,
// predict its result, and emit it (x0..x5, x8, svc, store x0 in the results array). Calls the model
// cannot predict are left out. A fork is followed at once by a waitpid of its child, which exits,
// so the model's processes stay one. The program ends by writing the results array to fd 1 (so a
// target that only reports console output can be compared) and exiting 0.

import { Assembler } from '../../cpu/asm/assembler.js';
import { writeElf } from '../../cpu/elf/index.js';
import { errnoNumber, syscall, syscallByName, SEEDED_PRINCIPAL_CAPS, type StringArg, type SyscallRow } from '../../spec/index.js';
import { resolveArgs, type CallChoice, type ResolveEnv, type StaticWhere, type Value, type Where } from '../types/index.js';
import { checkArgs, checkGate } from './checks.js';
import { CHILD_EXIT, EFFECTS, exact, failWith, type Expect, type Prediction } from './effects.js';
import {
  CODE, DATA, DATA_SIZE, FIXED, FIXED_SLOTS, FIXED_STRIDE, KERNEL_RANGE, MAX_CALLS, PAGE, RESULTS, RODATA, SCRATCH, SPARE, UNMAPPED,
} from './layout.js';
import { ModelMemory } from './memory.js';
import { World } from './world.js';

/** A generated test: init's capabilities and the calls it makes. */
export interface Scenario {
  readonly caps: number;
  readonly calls: readonly CallChoice[];
}

export interface CompiledCall {
  /** Index in the scenario's call list. */
  readonly index: number;
  readonly name: string;
  readonly nr: number;
  readonly args: readonly Value[];
  /** Results the call records (a fork records its own and its waitpid's). */
  readonly expect: readonly Expect[];
  /** First index in the results array. */
  readonly first: number;
  readonly clause: string;
}

export interface Program {
  readonly elf: Uint8Array;
  readonly caps: number;
  readonly calls: readonly CompiledCall[];
  readonly dropped: readonly { readonly index: number; readonly name: string; readonly why: string }[];
  /** Results recorded by the sequence (the length of the results array). */
  readonly recorded: number;
}

/** Paths the model follows (tmpfs files, /tmp, a missing name) come often; the others it leaves out. */
const PATHS = [
  '/tmp/f0', '/tmp/f1', '/tmp/f0', '/tmp/f2', 'tmp/f1', '/tmp/f0', '/tmp', '/nonexistent', '/tmp/f0/x', '/tmp/f1',
  '/dev/null', '/', '/etc/motd', '/proc/self/status', '/tmp/',
];
const NAMES = ['fuzz', 'svc', 'x'.repeat(15), 'x'.repeat(16), ''];
const TEXTS = ['', 'a', 'hello', '-c'];
const at = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length]!;

/** The model as a ResolveEnv: handles from the world, placements in the model's memory. */
class ModelEnv implements ResolveEnv {
  constructor(private readonly world: World, private readonly mem: ModelMemory) {}

  fds() {
    return this.world.views();
  }

  closedFds() {
    return [...this.world.closed];
  }

  movedFds() {
    return [...this.world.moved];
  }

  selfPid() {
    return this.world.pid;
  }

  childPids() {
    return this.world.children;
  }

  stringPool(t: StringArg) {
    return t.role === 'path' ? PATHS : t.role === 'name' ? NAMES : TEXTS;
  }

  placeIn(where: StaticWhere, bytes: Uint8Array, pick: number, cut: number): bigint {
    switch (where) {
      case 'data':
        return BigInt(this.mem.placeData(bytes, false));
      case 'unaligned':
        return BigInt(this.mem.placeData(bytes, true));
      case 'rodata':
        return BigInt(this.mem.placeRodata(bytes));
      case 'page-end':
        return BigInt(this.mem.placeGuard(bytes, cut % (bytes.length + 1)) ?? this.mem.placeData(bytes, false));
      case 'null':
        return 0n;
      case 'unmapped':
        return BigInt(UNMAPPED + (pick % 16) * 8);
      case 'kernel':
      case 'wild':
        return KERNEL_RANGE + BigInt((pick % 16) * PAGE);
    }
  }

  placeOut(where: Where, size: number, pick: number, cut: number): Value {
    switch (where) {
      case 'data':
        return imm(SCRATCH + (pick % 64) * 64);
      case 'unaligned':
        return imm(SCRATCH + 1 + (pick % 64) * 64);
      case 'rodata':
        return imm(RODATA);
      case 'page-end':
        return imm(this.mem.placeGuard(new Uint8Array(0), cut % (size + 1)) ?? SCRATCH);
      case 'mapping':
      case 'fixed':
      case 'spare':
        return this.address(where, pick, 0);
      default:
        return imm(this.placeIn(where, new Uint8Array(0), pick, 0));
    }
  }

  address(where: Where, pick: number, off: number): Value {
    switch (where) {
      case 'mapping': {
        const live = this.mem.liveFloating();
        if (live.length === 0) return this.address('fixed', pick, off);
        return { kind: 'slot', slot: at(live, pick).slot, add: BigInt(off) };
      }
      case 'fixed':
        return imm(FIXED + (pick % FIXED_SLOTS) * FIXED_STRIDE + off);
      case 'spare':
        return imm(SPARE + off);
      case 'null':
        return imm(off);
      case 'unmapped':
        return imm(UNMAPPED + off);
      case 'kernel':
      case 'wild':
        return { kind: 'imm', v: KERNEL_RANGE + BigInt(off) };
      default:
        return imm(DATA + off);
    }
  }
}

function imm(v: number | bigint): Value {
  return { kind: 'imm', v: BigInt.asUintN(64, BigInt(v)) };
}

function sentinel(row: SyscallRow, p: Prediction): Prediction {
  if (p.kind !== 'ret' || row.ret.kind !== 'value' || row.ret.failure.kind !== 'sentinel') return p;
  return { ...p, expect: [exact(BigInt.asIntN(64, BigInt(row.ret.failure.value)))] };
}

/** What the model says `row` does with `args` now. */
export function predict(row: SyscallRow, args: readonly Value[], world: World, mem: ModelMemory, skipKnown = true): Prediction {
  const gate = checkGate(row, world);
  if (gate !== null) return gate.ok === false ? sentinel(row, failWith(gate.errno, gate.clause)) : { kind: 'drop', why: 'gate' };
  const r = checkArgs(row.args, args, world, mem);
  if (r.ok === 'unknown') return { kind: 'drop', why: r.why };
  if (!r.ok) return sentinel(row, failWith(r.errno, r.clause));
  const effect = EFFECTS[row.name];
  if (effect === undefined) return { kind: 'drop', why: 'no model of its success' };
  return effect({ row, world, mem, facts: r.facts, values: args, skipKnown });
}

function load(a: Assembler, reg: number, v: Value): void {
  if (v.kind === 'imm') {
    a.movImm(reg, v.v);
    return;
  }
  a.inst('LDR_X_uoff', { Rt: reg, Rn: 20, imm12: v.slot });
  if (v.add !== 0n) {
    a.movImm(9, v.add);
    a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: reg, Rd: reg });
  }
}

function record(a: Assembler, slot: number): void {
  a.inst('STR_X_uoff', { Rt: 0, Rn: 20, imm12: slot });
}

const EXIT = syscall('exit').nr;
const WAITPID = syscall('waitpid').nr;
const WRITE = syscall('write').nr;
const ENOSYS = -BigInt(errnoNumber('ENOSYS'));

/** The identity init boots with for `caps` (the seeded principal that holds them, else guest's principal). */
export function identityFor(caps: number): { principal: number; session: number; caps: number } {
  const principal = caps === SEEDED_PRINCIPAL_CAPS.root ? 1 : caps === SEEDED_PRINCIPAL_CAPS.user ? 2 : 3;
  return { principal, session: principal, caps };
}

/** Resolves, predicts and emits `sc`: the guest ELF and what each kept call must return. */
export interface CompileOptions {
  /** Leave out calls that hit a known kernel difference (default true). */
  readonly skipKnown?: boolean;
}

export function compile(sc: Scenario, opts: CompileOptions = {}): Program {
  const world = new World(sc.caps);
  const mem = new ModelMemory();
  const env = new ModelEnv(world, mem);
  const a = new Assembler();
  a.movImm(20, RESULTS);
  const calls: CompiledCall[] = [];
  const dropped: { index: number; name: string; why: string }[] = [];
  let slot = 0;
  sc.calls.forEach((call, index) => {
    if (slot + 2 > MAX_CALLS) return;
    if (!('row' in call)) {
      const regs = call.regs.map((r) => imm(BigInt(r)));
      regs.forEach((v, i) => load(a, i, v));
      a.movImm(8, call.nr).svc();
      record(a, slot);
      calls.push({ index, name: `syscall_${call.nr}`, nr: call.nr, args: regs, expect: [exact(ENOSYS)], first: slot, clause: 'ABI.ENOSYS.UNKNOWN' });
      slot++;
      return;
    }
    const row = syscallByName(call.row);
    if (row === undefined) {
      dropped.push({ index, name: call.row, why: 'no such row' });
      return;
    }
    const args = resolveArgs(row.args, call.args, env);
    const p = predict(row, args, world, mem, opts.skipKnown ?? true);
    if (p.kind === 'drop') {
      dropped.push({ index, name: row.name, why: p.why });
      return;
    }
    args.forEach((v, i) => load(a, i, v));
    a.movImm(8, row.nr).svc();
    record(a, slot);
    if (row.name === 'fork' && p.expect.length === 2) {
      const parent = a.label();
      a.cbnz(0, parent);
      a.movImm(0, CHILD_EXIT).movImm(8, EXIT).svc();
      a.bind(parent);
      a.movImm(1, SCRATCH).movImm(2, 0).movImm(8, WAITPID).svc();
      record(a, slot + 1);
    }
    calls.push({ index, name: row.name, nr: row.nr, args, expect: p.expect, first: slot, clause: p.clause });
    p.apply(slot);
    slot += p.expect.length;
  });
  a.movImm(0, 1).movImm(1, RESULTS).movImm(2, 8 * slot).movImm(8, WRITE).svc();
  a.movImm(0, 0).movImm(8, EXIT).svc();
  const seg = mem.segments();
  const elf = writeElf({
    entry: CODE,
    align: PAGE,
    segments: [
      { vaddr: CODE, data: a.bytesOut(), executable: true },
      { vaddr: RODATA, data: seg.rodata, memsz: 0x1_0000, writable: false },
      { vaddr: DATA, data: seg.data.length > 0 ? seg.data : new Uint8Array(1), memsz: DATA_SIZE, writable: true },
      ...seg.guards.map((g) => ({ vaddr: g.vaddr, data: g.data, writable: true })),
      { vaddr: SPARE, data: new Uint8Array(1), memsz: PAGE, writable: true },
    ],
  });
  return { elf, caps: sc.caps, calls, dropped, recorded: slot };
}
