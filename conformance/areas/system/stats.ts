// sysinfo (SYS.SYSINFO.*), psinfo and procstat (SYS.PSINFO.*, SYS.PROCSTAT.*, SYS.PROCNAME,
// PROC.STATE.VALUES): record layouts, process counts and states of scripted process sets,
// truncation by capacity.

import { constValue, encodeLayout, layout } from '../../../spec/index.js';
import { MACHINE_BYTES, type CaseDef } from '../../model.js';
import { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  ascii, blockOnRead, bootWith, childCheckMem, execCase, execInto, expectSameMem, expectWait, forkOff, loadU32, makePipe,
  seeded, spin, subReg, AREA, waitStatusExited, type Identity,
} from './lib.js';

const PS_ENTRY = layout('ps_entry');
const PROCSTAT = layout('procstat');
const TIMER_HZ = constValue('LIMITS', 'TIMER_HZ');
const CPU_MAX = constValue('LIMITS', 'CPU_MAX');
const LEGACY = constValue('LIMITS', 'SYSINFO_LEGACY_SIZE');
const FULL = constValue('LIMITS', 'SYSINFO_FULL_SIZE');
const PAGE_SIZE = constValue('ADDRESS_SPACE', 'PAGE_SIZE');
const USER_STACK_TOP = constValue('ADDRESS_SPACE', 'USER_STACK_TOP');
const READY = constValue('PROC_STATES', 'PROC_READY');
const RUNNING = constValue('PROC_STATES', 'PROC_RUNNING');
const BLOCKED = constValue('PROC_STATES', 'PROC_BLOCKED');
const ZOMBIE = constValue('PROC_STATES', 'PROC_ZOMBIE');
const STATE_NAME: Readonly<Record<number, string>> = { [READY]: 'ready', [RUNNING]: 'running', [BLOCKED]: 'blocked', [ZOMBIE]: 'zombie' };
const GUARD = 0xa5;

const SI = {
  uptime: 0, idle: 8, memTotal: 16, memFree: 24, kernelImage: 32, kernelHeap: 40, hz: 48, procTotal: 52, procRunning: 56,
  reserved: 60, cpuCount: 64, cpuCapacity: 68, cpuTicks: 72, cpuIdle: 136,
} as const;

function guarded(p: CaseProgram, n: number): number {
  return p.bytes(new Uint8Array(n).fill(GUARD), 8);
}

function guardBytes(n: number): Uint8Array {
  return new Uint8Array(n).fill(GUARD);
}

// ---- process sets ----------------------------------------------------------------------------

type BlockHow = 'pipe-read' | 'nanosleep';

interface ProcessSet {
  readonly blocked: number;
  readonly zombies: number;
  readonly ready: number;
  readonly blockHow?: BlockHow;
}

interface ProcRecord {
  readonly pid: number;
  readonly ppid: number;
  readonly state: number;
  readonly name: string;
  readonly principal: number;
}

function setTag(s: ProcessSet): string {
  return `b${s.blocked}-z${s.zombies}-r${s.ready}${s.blockHow === 'nanosleep' ? '-sleep' : ''}`;
}

function setText(s: ProcessSet): string {
  const parts: string[] = [];
  if (s.blocked) parts.push(`${s.blocked} blocked (${s.blockHow ?? 'pipe-read'})`);
  if (s.zombies) parts.push(`${s.zombies} zombie`);
  if (s.ready) parts.push(`${s.ready} ready (spinning)`);
  return parts.length === 0 ? 'no children' : `children: ${parts.join(', ')}`;
}

/**
 * Forks the set's children in pid order (PROC.PID.ALLOC: 2, 3, ...): blocked ones, then zombies,
 * then one sleep so they block or exit, then spinning (ready) ones. Returns the records psinfo
 * must report, by pid.
 */
function buildSet(p: CaseProgram, s: ProcessSet, name: string, principal: number): ProcRecord[] {
  const out: ProcRecord[] = [{ pid: 1, ppid: 0, state: RUNNING, name, principal }];
  let pid = 2;
  if (s.blocked > 0) {
    const pipe = s.blockHow === 'nanosleep' ? null : makePipe(p);
    for (let i = 0; i < s.blocked; i++) {
      forkOff(p, () => {
        if (pipe) blockOnRead(p, pipe.r);
        else p.sys('nanosleep', 1000, 0);
      });
      out.push({ pid: pid++, ppid: 1, state: BLOCKED, name, principal });
    }
  }
  for (let i = 0; i < s.zombies; i++) {
    forkOff(p, () => p.exit(0));
    out.push({ pid: pid++, ppid: 1, state: ZOMBIE, name, principal });
  }
  if (s.blocked + s.zombies > 0) p.sys('nanosleep', 0, 1_000_000);
  for (let i = 0; i < s.ready; i++) {
    forkOff(p, () => spin(p));
    out.push({ pid: pid++, ppid: 1, state: READY, name, principal });
  }
  return out;
}

function nameBytes(name: string, field: number): Uint8Array {
  return ascii(name).subarray(0, field - 1);
}

function psRecord(r: ProcRecord): Uint8Array {
  return encodeLayout(PS_ENTRY, { pid: r.pid, ppid: r.ppid, state: r.state, name: nameBytes(r.name, 20) });
}

function psRecords(rs: readonly ProcRecord[]): Uint8Array {
  const out = new Uint8Array(rs.length * PS_ENTRY.size);
  rs.forEach((r, i) => out.set(psRecord(r), i * PS_ENTRY.size));
  return out;
}

/** The fixed fields of a procstat record: bytes 0..16 (pid, ppid, state, principal) and the name (40..56). */
function procstatParts(r: ProcRecord): { head: Uint8Array; name: Uint8Array } {
  const rec = encodeLayout(PROCSTAT, { pid: r.pid, ppid: r.ppid, state: r.state, principal: r.principal, name: nameBytes(r.name, 16) });
  return { head: rec.subarray(0, 16), name: rec.subarray(40, 56) };
}

function describe(r: ProcRecord): string {
  return `pid ${r.pid}, ppid ${r.ppid}, ${STATE_NAME[r.state]} (${r.state}), name "${r.name.slice(0, 19)}"`;
}

const RECORD_CLAUSES = ['SYS.PSINFO.RECORDS', 'SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'SYS.PSINFO.THREADS', 'SYS.PROCNAME', 'PROC.PID.ALLOC'];

function expectPsinfo(p: CaseProgram, recs: readonly ProcRecord[], capacity: number): void {
  const n = Math.min(capacity, recs.length);
  const buf = guarded(p, (capacity + 1) * PS_ENTRY.size);
  p.sys('psinfo', buf, capacity);
  p.expectEq(`psinfo returns the process count ${recs.length}`, ['SYS.PSINFO.TOTAL', 'SYS.PSINFO.THREADS'], recs.length);
  recs.slice(0, n).forEach((r, i) => {
    p.expectMem(`record ${i}: ${describe(r)}`, RECORD_CLAUSES, buf + i * PS_ENTRY.size, psRecord(r));
  });
  p.expectMem(`nothing is written past ${n} record(s)`, ['SYS.PSINFO.RECORDS', 'SYS.PSINFO.THREADS'], buf + n * PS_ENTRY.size,
    guardBytes((capacity + 1 - n) * PS_ENTRY.size));
}

function expectProcstat(p: CaseProgram, recs: readonly ProcRecord[], capacity: number): void {
  const n = Math.min(capacity, recs.length);
  const buf = guarded(p, (capacity + 1) * PROCSTAT.size);
  p.sys('procstat', buf, capacity);
  p.expectEq(`procstat returns the process count ${recs.length}`, ['SYS.PSINFO.TOTAL', 'SYS.PSINFO.THREADS'], recs.length);
  recs.slice(0, n).forEach((r, i) => {
    const at = buf + i * PROCSTAT.size;
    const { head, name } = procstatParts(r);
    p.expectMem(`record ${i}: pid ${r.pid}, ppid ${r.ppid}, ${STATE_NAME[r.state]}, principal ${r.principal}`,
      ['SYS.PROCSTAT.RECORDS', 'SYS.PROCSTAT.VALUES', 'SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'PROC.PID.ALLOC'], at, head);
    p.expectMem(`record ${i}: name "${r.name.slice(0, 15)}" in 16 bytes`, ['SYS.PROCSTAT.RECORDS', 'SYS.PROCNAME'], at + 40, name);
    if (r.state === ZOMBIE) p.expectMem(`record ${i}: a zombie has res_bytes 0`, ['SYS.PROCSTAT.VALUES'], at + 32, new Uint8Array(8));
  });
  p.expectMem(`nothing is written past ${n} record(s)`, ['SYS.PROCSTAT.RECORDS', 'SYS.PSINFO.THREADS'], buf + n * PROCSTAT.size,
    guardBytes((capacity + 1 - n) * PROCSTAT.size));
}

const SETS: readonly ProcessSet[] = [
  { blocked: 0, zombies: 0, ready: 0 },
  { blocked: 1, zombies: 0, ready: 0 },
  { blocked: 1, zombies: 0, ready: 0, blockHow: 'nanosleep' },
  { blocked: 0, zombies: 1, ready: 0 },
  { blocked: 0, zombies: 0, ready: 1 },
  { blocked: 2, zombies: 0, ready: 0 },
  { blocked: 0, zombies: 2, ready: 0 },
  { blocked: 0, zombies: 0, ready: 2 },
  { blocked: 1, zombies: 1, ready: 1 },
  { blocked: 2, zombies: 1, ready: 1, blockHow: 'nanosleep' },
  { blocked: 1, zombies: 2, ready: 3 },
  { blocked: 3, zombies: 3, ready: 0 },
];


function setBoot(id: Identity | undefined): { boot?: ReturnType<typeof bootWith> } {
  return id === undefined ? {} : { boot: bootWith(id) };
}

function psinfoSetCase(s: ProcessSet): CaseDef {
  return derivedCase(AREA, {
    id: `psinfo/set/${setTag(s)}`,
    description: `psinfo with ${setText(s)}: one 32-byte record per process in pid order, states per PROC.STATE.VALUES, children named like their parent`,
    clauses: [...RECORD_CLAUSES, 'SYS.PSINFO.TOTAL', 'PROC.FORK.PARENT'],
    build({ p }) {
      const recs = buildSet(p, s, 'init', 1);
      expectPsinfo(p, recs, 16);
    },
  });
}

function procstatSetCase(s: ProcessSet, id?: Identity, idTag?: string): CaseDef {
  const principal = id?.principal ?? 1;
  return derivedCase(AREA, {
    id: `procstat/set/${setTag(s)}${idTag ? `/${idTag}` : ''}`,
    description: `procstat with ${setText(s)}${idTag ? ` as ${idTag}` : ''}: 56-byte records with pid, ppid, state, principal ${principal} and name; zombies have no resident bytes`,
    clauses: ['SYS.PROCSTAT.RECORDS', 'SYS.PROCSTAT.VALUES', 'SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'SYS.PSINFO.TOTAL', 'SYS.PSINFO.THREADS', 'SYS.PROCNAME', 'PROC.PID.ALLOC'],
    ...setBoot(id),
    build({ p }) {
      const recs = buildSet(p, s, 'init', principal);
      expectProcstat(p, recs, 16);
    },
  });
}

function loadU64(p: CaseProgram, rt: Reg | number, addr: number): void {
  p.load(rt, addr);
}

/** Checks the sysinfo fields any implementation must get right; `buf` holds a record of `size` bytes. */
function expectSysinfoFields(p: CaseProgram, buf: number, size: number, procTotal: number, procRunning: number): void {
  const v = p.variable();
  const w = p.variable();
  loadU32(p, v, buf + SI.hz);
  p.expectEq(`hz is TIMER_HZ (${TIMER_HZ})`, ['SYS.SYSINFO.VALUES', 'TIME.MONOTONIC'], TIMER_HZ, v);
  loadU32(p, v, buf + SI.procTotal);
  p.expectEq(`proc_total is ${procTotal}`, ['SYS.SYSINFO.VALUES', 'SYS.PSINFO.THREADS'], procTotal, v);
  loadU32(p, v, buf + SI.procRunning);
  p.expectEq(`proc_running is ${procRunning} (running or ready)`, ['SYS.SYSINFO.VALUES', 'SYS.PSINFO.STATE'], procRunning, v);
  loadU32(p, v, buf + SI.reserved);
  p.expectEq('reserved is 0', ['SYS.SYSINFO.LEGACY'], 0, v);
  loadU64(p, v, buf + SI.memTotal);
  p.expectCmp(`mem_total is at least the machine size ${MACHINE_BYTES}`, ['SYS.SYSINFO.VALUES'], 'cs', MACHINE_BYTES, v);
  p.a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 11, Rn: v.n, Rd: w.n });
  p.expectEq('mem_total is a whole number of pages', ['SYS.SYSINFO.VALUES'], 0, w);
  loadU64(p, w, buf + SI.memFree);
  subReg(p, w.n, v.n, w.n);
  p.expectCmp('mem_free is at most mem_total', ['SYS.SYSINFO.VALUES'], 'ge', 0, w);
  loadU64(p, w, buf + SI.memFree);
  p.a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 11, Rn: w.n, Rd: w.n });
  p.expectEq('mem_free is a whole number of pages', ['SYS.SYSINFO.VALUES'], 0, w);
  loadU64(p, v, buf + SI.uptime);
  loadU64(p, w, buf + SI.idle);
  subReg(p, v.n, v.n, w.n);
  p.expectCmp('idle_ticks is at most uptime_ticks', ['SYS.SYSINFO.VALUES'], 'ge', 0, v);
  if (size < FULL) return;
  loadU32(p, v, buf + SI.cpuCapacity);
  p.expectEq(`cpu_capacity is CPU_MAX (${CPU_MAX})`, ['SYS.SYSINFO.CPUS', 'SYS.SYSINFO.FULL'], CPU_MAX, v);
  loadU32(p, v, buf + SI.cpuCount);
  p.expectCmp('cpu_count is at least 1', ['SYS.SYSINFO.CPUS'], 'ge', 1, v);
  p.expectCmp(`cpu_count is at most ${CPU_MAX}`, ['SYS.SYSINFO.CPUS'], 'le', CPU_MAX, v);
  // OR of cpu_ticks[i] | cpu_idle_ticks[i] for i in cpu_count..7 must be 0.
  const a = p.a;
  const loop = a.label();
  const done = a.label();
  a.movImm(3, 0);
  a.bind(loop);
  a.cmpImm(v.n, CPU_MAX);
  a.bcond('cs', done);
  a.movImm(9, buf + SI.cpuTicks);
  a.inst('LDR_X_reg', { Rm: v.n, option: 3, S: 1, Rn: 9, Rt: 4 });
  a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 4, imm6: 0, Rn: 3, Rd: 3 });
  a.movImm(9, buf + SI.cpuIdle);
  a.inst('LDR_X_reg', { Rm: v.n, option: 3, S: 1, Rn: 9, Rt: 4 });
  a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 4, imm6: 0, Rn: 3, Rd: 3 });
  a.addImm(v.n, v.n, 1);
  a.b(loop);
  a.bind(done);
  p.expectEq('per-CPU entries at or above cpu_count are zero', ['SYS.SYSINFO.CPUS'], 0, 3);
}

function sysinfoSetCase(s: ProcessSet): CaseDef {
  return derivedCase(AREA, {
    id: `sysinfo/set/${setTag(s)}`,
    description: `sysinfo with ${setText(s)}: proc_total counts every process, proc_running the running and ready ones`,
    clauses: ['SYS.SYSINFO.VALUES', 'SYS.SYSINFO.FULL', 'SYS.SYSINFO.LEGACY', 'SYS.SYSINFO.CPUS', 'SYS.PSINFO.THREADS', 'SYS.PSINFO.STATE', 'TIME.MONOTONIC'],
    build({ p }) {
      const recs = buildSet(p, s, 'init', 1);
      const buf = guarded(p, 256);
      p.sys('sysinfo', buf, 256);
      p.expectEq('sysinfo returns 0', ['SYS.SYSINFO.FULL'], 0);
      expectSysinfoFields(p, buf, FULL, recs.length, recs.filter((r) => r.state === RUNNING || r.state === READY).length);
    },
  });
}

function truncCase(row: 'psinfo' | 'procstat', capacity: number): CaseDef {
  const s: ProcessSet = { blocked: 2, zombies: 1, ready: 1 };
  return derivedCase(AREA, {
    id: `${row}/capacity/${capacity}`,
    description: `${row} with capacity ${capacity} and 5 processes writes ${Math.min(capacity, 5)} record(s), nothing past them, and returns 5`,
    clauses: row === 'psinfo'
      ? [...RECORD_CLAUSES, 'SYS.PSINFO.TOTAL']
      : ['SYS.PROCSTAT.RECORDS', 'SYS.PROCSTAT.VALUES', 'SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'SYS.PSINFO.TOTAL', 'SYS.PSINFO.THREADS', 'SYS.PROCNAME', 'PROC.PID.ALLOC'],
    build({ p }) {
      const recs = buildSet(p, s, 'init', 1);
      if (row === 'psinfo') expectPsinfo(p, recs, capacity);
      else expectProcstat(p, recs, capacity);
    },
  });
}

function nullCountCase(row: 'psinfo' | 'procstat'): CaseDef {
  return derivedCase(AREA, {
    id: `${row}/capacity/0-null`,
    description: `${row}(NULL, 0) with 3 processes writes nothing and returns 3`,
    clauses: ['SYS.PSINFO.TOTAL', 'ABI.NULL.EMPTY', 'SYS.PSINFO.THREADS'],
    build({ p }) {
      buildSet(p, { blocked: 1, zombies: 1, ready: 0 }, 'init', 1);
      p.sys(row, 0, 0);
      p.expectEq(`${row}(NULL, 0) returns 3`, ['SYS.PSINFO.TOTAL', 'ABI.NULL.EMPTY'], 3);
    },
  });
}

function faultCase(row: 'psinfo' | 'procstat' | 'sysinfo', what: string, addr: number, count: number): CaseDef {
  return derivedCase(AREA, {
    id: `${row}/fault/${what}`,
    description: `${row} with its buffer at ${what} (0x${addr.toString(16)}), capacity ${count}, fails EFAULT`,
    clauses: ['ABI.FAULT'],
    build({ p }) {
      p.sys(row, addr, count);
      p.expectErrno(`${row}(0x${addr.toString(16)}, ${count}) fails EFAULT`, ['ABI.FAULT'], 'EFAULT');
    },
  });
}

// ---- names -----------------------------------------------------------------------------------

const NAMES: readonly { tag: string; argv: readonly string[]; name: string }[] = [
  { tag: 'init', argv: ['init'], name: 'init' },
  { tag: 'one-char', argv: ['a'], name: 'a' },
  { tag: 'with-args', argv: ['shell', '-c', 'x'], name: 'shell' },
  { tag: 'len15', argv: ['abcdefghijklmno'], name: 'abcdefghijklmno' },
  { tag: 'len16', argv: ['abcdefghijklmnop'], name: 'abcdefghijklmnop' },
  { tag: 'len19', argv: ['abcdefghijklmnopqrs'], name: 'abcdefghijklmnopqrs' },
  { tag: 'len20', argv: ['abcdefghijklmnopqrst'], name: 'abcdefghijklmnopqrst' },
  { tag: 'len40', argv: ['x'.repeat(40)], name: 'x'.repeat(40) },
  { tag: 'empty-string', argv: [''], name: '' },
  { tag: 'empty-argv', argv: [], name: '?' },
  // argv[0] with a '/' is left out: SYS.PROCNAME says the name is argv[0], the reference kernel
  // strips the directories ("/bin/tool" -> "tool"). Reported as a spec ambiguity.
];

function nameCase(n: (typeof NAMES)[number]): CaseDef {
  const rec: ProcRecord = { pid: 1, ppid: 0, state: RUNNING, name: n.name, principal: 1 };
  return derivedCase(AREA, {
    id: `procname/boot-argv/${n.tag}`,
    description: `booted with argv ${JSON.stringify(n.argv)}, init's psinfo name is "${n.name.slice(0, 19)}" and its procstat name "${n.name.slice(0, 15)}" (cut to the field minus one, NUL-padded)`,
    clauses: ['SYS.PROCNAME', 'SYS.PSINFO.RECORDS', 'SYS.PROCSTAT.RECORDS', 'SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'SYS.PSINFO.TOTAL', 'SYS.PSINFO.THREADS',
      'SYS.PROCSTAT.VALUES', 'PROC.PID.ALLOC'],
    boot: { argv: n.argv },
    build({ p }) {
      expectPsinfo(p, [rec], 1);
      expectProcstat(p, [rec], 1);
    },
  });
}

/** A spawned child checks the whole psinfo table: its parent blocked in spawn, itself running. */
function spawnNameCase(argv0: string | null): CaseDef {
  const name = argv0 ?? '?';
  const expected = psRecords([
    { pid: 1, ppid: 0, state: BLOCKED, name: 'init', principal: 1 },
    { pid: 2, ppid: 1, state: RUNNING, name, principal: 1 },
  ]);
  return derivedCase(AREA, {
    id: `procname/spawn/${argv0 === null ? 'null-argv' : argv0.length > 19 ? `long-${argv0.length}` : argv0}`,
    description: `a child spawned with ${argv0 === null ? 'a NULL argv' : `argv[0] "${argv0}"`} sees itself running as "${name.slice(0, 19)}" and its parent blocked in spawn`,
    clauses: ['SYS.PROCNAME', 'SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'SYS.PSINFO.RECORDS', 'PROC.SPAWN.SYNC', 'PROC.SPAWN.STATUS'],
    build({ p, file }) {
      const c = p.child();
      const buf = c.space(96, 8);
      c.sys('psinfo', buf, 3);
      childCheckMem(c, buf, expected, 1);
      c.exit(0);
      file({ path: '/bin/system-ps', data: c.elf() });
      const argv = argv0 === null ? 0 : p.words([p.str(argv0), 0]);
      p.sys('spawn', p.str('/bin/system-ps'), argv);
      p.expectEq('spawn returns 0: the child saw [init blocked, itself running under its argv[0]]',
        ['SYS.PROCNAME', 'SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'SYS.PSINFO.RECORDS', 'PROC.SPAWN.SYNC', 'PROC.SPAWN.STATUS'], 0);
    },
  });
}

function execNameCase(argv0: string): CaseDef {
  const rec: ProcRecord = { pid: 1, ppid: 0, state: RUNNING, name: argv0, principal: 1 };
  return execCase({
    id: `procname/execve/${argv0.length > 19 ? `long-${argv0.length}` : argv0}`,
    description: `after execve with argv[0] "${argv0}", init's record carries the new name`,
    clauses: ['SYS.PROCNAME', 'SYS.PSINFO.RECORDS', 'SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'SYS.PSINFO.TOTAL', 'SYS.PSINFO.THREADS', 'PROC.PID.ALLOC',
      'SYS.PROCSTAT.RECORDS', 'SYS.PROCSTAT.VALUES'],
    imagePath: '/bin/system-renamed',
    image(p) {
      expectPsinfo(p, [rec], 2);
      expectProcstat(p, [rec], 2);
    },
    init(p) {
      execInto(p, '/bin/system-renamed', argv0);
    },
  });
}

/** A child that waits in waitpid for its own child shows as blocked to a third process. */
function waitBlockedCase(): CaseDef {
  const expected = psRecords([
    { pid: 1, ppid: 0, state: BLOCKED, name: 'init', principal: 1 },
    { pid: 2, ppid: 1, state: RUNNING, name: 'init', principal: 1 },
  ]);
  return derivedCase(AREA, {
    id: 'psinfo/state/parent-in-waitpid',
    description: 'a forked child reads psinfo while its parent waits in waitpid: the parent is blocked, the child running',
    clauses: ['SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'SYS.PSINFO.RECORDS', 'PROC.WAIT.EXITCODE'],
    build({ p }) {
      const buf = p.space(96, 8);
      forkOff(p, () => {
        p.sys('psinfo', buf, 3);
        childCheckMem(p, buf, expected, 1);
      });
      expectWait(p, 2, 2, waitStatusExited(0), 'child (it saw its parent blocked)', ['SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'SYS.PSINFO.RECORDS']);
    },
  });
}

/** procstat reports the effective principal of each process: a child that logged in shows its new one. */
function principalCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'procstat/principal/child-login',
    description: 'a child logs in as principal 7 and blocks: procstat reports principal 1 for init and 7 for the child',
    clauses: ['SYS.PROCSTAT.VALUES', 'SYS.PROCSTAT.RECORDS', 'SEC.LOGIN.REPLACE', 'SYS.PSINFO.STATE', 'PROC.STATE.VALUES', 'SYS.PSINFO.TOTAL',
      'SYS.PSINFO.THREADS', 'SYS.PROCNAME', 'PROC.PID.ALLOC'],
    build({ p }) {
      const { r } = makePipe(p);
      forkOff(p, () => {
        p.sys('login', 7, 7, 0x0e);
        blockOnRead(p, r);
      });
      p.sys('nanosleep', 0, 1_000_000);
      expectProcstat(p, [
        { pid: 1, ppid: 0, state: RUNNING, name: 'init', principal: 1 },
        { pid: 2, ppid: 1, state: BLOCKED, name: 'init', principal: 7 },
      ], 4);
    },
  });
}

// ---- sysinfo by capacity ---------------------------------------------------------------------

const CAPACITIES: readonly number[] = [0, 1, 8, 32, 63, 64, 65, 100, 199, 200, 201, 256, 4096];

function sysinfoCapacityCase(cap: number): CaseDef {
  const kind = cap === 0 || (cap >= LEGACY && cap < FULL) ? 'legacy' : cap >= FULL ? 'full' : 'small';
  const size = kind === 'full' ? FULL : LEGACY;
  const span = Math.max(cap, 256) + 16;
  const clauses = kind === 'small' ? ['SYS.SYSINFO.SMALL', 'ABI.LENGTH.BOUNDS']
    : kind === 'legacy' ? [cap === 0 ? 'SYS.SYSINFO.LEGACY' : 'SYS.SYSINFO.SMALL', 'SYS.SYSINFO.LEGACY']
      : ['SYS.SYSINFO.FULL', 'SYS.SYSINFO.LEGACY'];
  return derivedCase(AREA, {
    id: `sysinfo/capacity/${cap}`,
    description: kind === 'small'
      ? `sysinfo with capacity ${cap} (1..63) fails EINVAL and writes nothing`
      : `sysinfo with capacity ${cap} writes the ${size}-byte ${kind} record and nothing past it`,
    clauses: kind === 'small' ? clauses : [...clauses, 'SYS.SYSINFO.VALUES', 'SYS.SYSINFO.CPUS', 'SYS.PSINFO.THREADS', 'SYS.PSINFO.STATE', 'TIME.MONOTONIC'],
    build({ p }) {
      const buf = guarded(p, span);
      p.sys('sysinfo', buf, cap);
      if (kind === 'small') {
        p.expectErrno(`sysinfo(buf, ${cap}) fails EINVAL`, clauses, 'EINVAL');
        p.expectMem('the buffer is untouched', ['SYS.SYSINFO.SMALL'], buf, guardBytes(span));
        return;
      }
      p.expectEq(`sysinfo(buf, ${cap}) returns 0`, clauses, 0);
      p.expectMem(`nothing is written past byte ${size}`, clauses, buf + size, guardBytes(span - size));
      expectSysinfoFields(p, buf, size, 1, 1);
    },
  });
}

function prefixCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'sysinfo/prefix',
    description: 'the first 64 bytes of the full record equal the legacy record (memory, kernel, hz and process fields compared exactly)',
    clauses: ['SYS.SYSINFO.PREFIX', 'SYS.SYSINFO.FULL', 'SYS.SYSINFO.LEGACY'],
    build({ p }) {
      const full = guarded(p, FULL);
      const legacy = guarded(p, LEGACY);
      p.sys('sysinfo', full, FULL);
      p.expectEq('sysinfo(full) returns 0', ['SYS.SYSINFO.FULL'], 0);
      p.sys('sysinfo', legacy, 0);
      p.expectEq('sysinfo(legacy) returns 0', ['SYS.SYSINFO.LEGACY'], 0);
      expectSameMem(p, 'bytes 16..64 of both records are equal', ['SYS.SYSINFO.PREFIX'], full + 16, legacy + 16, LEGACY - 16);
    },
  });
}

const SLEEPS_MS: readonly number[] = [10, 50, 120];

function uptimeCase(ms: number): CaseDef {
  const ticks = Math.floor(ms / (1000 / TIMER_HZ));
  return derivedCase(AREA, {
    id: `sysinfo/uptime/sleep-${ms}ms`,
    description: `across a ${ms} ms nanosleep uptime_ticks and idle_ticks each grow by at least ${ticks}, idle by at most uptime's growth + 1`,
    clauses: ['SYS.SYSINFO.VALUES', 'TIME.MONOTONIC', 'TIME.SLEEP.MIN'],
    build({ p }) {
      const b1 = p.space(LEGACY, 8);
      const b2 = p.space(LEGACY, 8);
      p.sys('sysinfo', b1, 0);
      p.sys('nanosleep', 0, ms * 1_000_000);
      p.expectEq('nanosleep returns 0', ['TIME.SLEEP.MIN'], 0);
      p.sys('sysinfo', b2, 0);
      const du = p.variable();
      const di = p.variable();
      p.load(du, b2 + SI.uptime);
      p.load(3, b1 + SI.uptime);
      subReg(p, du.n, du.n, 3);
      p.load(di, b2 + SI.idle);
      p.load(3, b1 + SI.idle);
      subReg(p, di.n, di.n, 3);
      p.expectCmp(`uptime_ticks grew by at least ${ticks}`, ['TIME.MONOTONIC', 'TIME.SLEEP.MIN', 'SYS.SYSINFO.VALUES'], 'ge', ticks, du);
      p.expectCmp(`idle_ticks grew by at least ${ticks}: nothing could run during the sleep`, ['SYS.SYSINFO.VALUES'], 'ge', ticks, di);
      p.a.addImm(3, du.n, 1);
      subReg(p, 3, 3, di.n);
      p.expectCmp('idle_ticks grew by at most uptime_ticks\' growth + 1', ['SYS.SYSINFO.VALUES'], 'ge', 0, 3);
    },
  });
}

/** SYS.SYSINFO.VALUES as the reference machine fixes them: exact memory, no kernel footprint, one CPU. */
function referenceValuesCase(memoryBytes: number | undefined): CaseDef {
  const mem = memoryBytes ?? MACHINE_BYTES;
  return derivedCase(AREA, {
    id: `sysinfo/reference-values/mem-${mem / (1 << 20)}mib`,
    description: `on a machine of ${mem / (1 << 20)} MiB: mem_total ${mem}, kernel_image and kernel_heap 0, one CPU whose counters equal uptime and idle`,
    clauses: ['SYS.SYSINFO.VALUES', 'SYS.SYSINFO.CPUS', 'SYS.SYSINFO.FULL'],
    ...(memoryBytes === undefined ? {} : { boot: { memoryBytes } }),
    build({ p }) {
      const buf = p.space(FULL, 8);
      p.sys('sysinfo', buf, FULL);
      p.expectEq('sysinfo returns 0', ['SYS.SYSINFO.FULL'], 0);
      const v = p.variable();
      const w = p.variable();
      p.load(v, buf + SI.memTotal);
      p.expectEq(`mem_total is ${mem}`, ['SYS.SYSINFO.VALUES'], mem, v);
      p.load(v, buf + SI.kernelImage);
      p.expectEq('kernel_image is 0', ['SYS.SYSINFO.VALUES'], 0, v);
      p.load(v, buf + SI.kernelHeap);
      p.expectEq('kernel_heap is 0', ['SYS.SYSINFO.VALUES'], 0, v);
      loadU32(p, v, buf + SI.cpuCount);
      p.expectEq('cpu_count is 1', ['SYS.SYSINFO.VALUES', 'SYS.SYSINFO.CPUS'], 1, v);
      p.load(v, buf + SI.uptime);
      p.load(w, buf + SI.cpuTicks);
      subReg(p, v.n, v.n, w.n);
      p.expectEq('cpu_ticks[0] equals uptime_ticks', ['SYS.SYSINFO.VALUES'], 0, v);
      p.load(v, buf + SI.idle);
      p.load(w, buf + SI.cpuIdle);
      subReg(p, v.n, v.n, w.n);
      p.expectEq('cpu_idle_ticks[0] equals idle_ticks', ['SYS.SYSINFO.VALUES'], 0, v);
      p.load(v, buf + SI.memFree);
      p.expectCmp('mem_free is below mem_total: init\'s pages are allocated', ['SYS.SYSINFO.VALUES'], 'lt', mem, v);
      p.expectCmp('mem_free is positive', ['SYS.SYSINFO.VALUES'], 'gt', 0, v);
      p.a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 11, Rn: v.n, Rd: v.n });
      p.expectEq(`mem_free is a multiple of the page size ${PAGE_SIZE}`, ['SYS.SYSINFO.VALUES'], 0, v);
    },
  });
}

export function statsCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const s of SETS) out.push(psinfoSetCase(s));
  for (const s of SETS) out.push(procstatSetCase(s));
  for (const name of ['user', 'guest'] as const) out.push(procstatSetCase({ blocked: 1, zombies: 1, ready: 1 }, seeded(name), name));
  for (const s of SETS) out.push(sysinfoSetCase(s));
  for (const row of ['psinfo', 'procstat'] as const) {
    for (const cap of [1, 2, 4, 5, 6]) out.push(truncCase(row, cap));
    out.push(nullCountCase(row));
    out.push(faultCase(row, 'low-unmapped', 0x1000, 1));
    out.push(faultCase(row, 'stack-top-straddle', USER_STACK_TOP - 16, 1));
  }
  out.push(faultCase('sysinfo', 'null-legacy', 0, 0));
  out.push(faultCase('sysinfo', 'null-full', 0, FULL));
  out.push(faultCase('sysinfo', 'stack-top-straddle', USER_STACK_TOP - 32, FULL));
  for (const n of NAMES) out.push(nameCase(n));
  for (const a of ['child', 'abcdefghijklmnopqrstuvwxyz', null]) out.push(spawnNameCase(a));
  for (const a of ['renamed', 'a-name-longer-than-twenty']) out.push(execNameCase(a));
  out.push(waitBlockedCase());
  out.push(principalCase());
  for (const c of CAPACITIES) out.push(sysinfoCapacityCase(c));
  out.push(prefixCase());
  for (const ms of SLEEPS_MS) out.push(uptimeCase(ms));
  for (const m of [undefined, 8 << 20, 16 << 20]) out.push(referenceValuesCase(m));
  return out;
}
