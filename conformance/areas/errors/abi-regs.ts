// The trap convention around every implemented row: every register but x0 survives the call
// (ABI.REGS.PRESERVE: x1..x30, SP, NZCV, d0..d31), argument registers past the row's arguments
// are ignored (ABI.ARGS.UNUSED), and a 32-bit int argument uses only its low 32 bits.

import { constValue, syscall, type ErrnoName, type SyscallRow } from '../../../spec/index.js';
import type { Operand } from '../../program/builder.js';
import { Reg } from '../../program/builder.js';
import { cell, implementedRows, type ErrorCell, type Recipe } from './cells.js';
import { exitProgram } from './files.js';
import { formsFor, type Form } from './forms.js';
import type { Ctx } from './kit.js';
import { identityFor, prepareCall } from './matrix.js';

/** What x0 must hold after the call. */
type Expect = { readonly errno: ErrnoName; readonly clause: string } | { readonly value: bigint; readonly clause: string } | null;

interface Harmless {
  readonly what: string;
  readonly boot?: Parameters<Ctx['setBoot']>[0];
  readonly ops: (ctx: Ctx) => Operand[];
  readonly expect: Expect;
  readonly cells: readonly ErrorCell[];
}

/** Rows without an argument to get wrong, and calls of theirs that change nothing visible. */
const PLAIN: Readonly<Record<string, Omit<Harmless, 'cells'>>> = {
  getpid: { what: 'getpid', ops: () => [], expect: { value: 1n, clause: 'PROC.GETPID' } },
  time: { what: 'time', ops: () => [], expect: null },
  sync: { what: 'sync', ops: () => [], expect: { value: 0n, clause: 'FS.SYNC.ALL' } },
  sbrk: { what: 'sbrk(0)', ops: () => [0], expect: null },
  fork: { what: 'fork with a full process table', boot: { maxProcesses: 1 }, ops: () => [], expect: { errno: 'EAGAIN', clause: 'PROC.TABLE.FULL' } },
  // Every failure of resolve is the value 0 (NET.RESOLVE.ERRORS): no errno form applies.
  resolve: { what: 'resolve of a name nobody knows', ops: (ctx) => [ctx.str('errors.invalid'), 0, 0], expect: { value: 0n, clause: 'NET.RESOLVE.FAIL' } },
};

/** A call of `row` that fails harmlessly: the first invalid form of its first argument that has one. */
function harmless(row: SyscallRow): Harmless | null {
  const plain = PLAIN[row.name];
  if (plain !== undefined) {
    const e = plain.expect;
    return { ...plain, cells: e !== null && 'errno' in e ? [cell(row.name, e.errno, e.clause)] : [] };
  }
  for (let i = 0; i < row.args.length; i++) {
    const f: Form | undefined = formsFor(row, i)[0];
    if (f === undefined) continue;
    return {
      what: `${row.args[i]!.name} = ${f.what}`,
      boot: identityFor(row),
      ops: (ctx) => prepareCall(ctx, row, new Map([[i, f]])),
      expect: { errno: f.errno, clause: f.clause },
      cells: [cell(row.name, f.errno, f.clause)],
    };
  }
  return null;
}

/** Calls that block and are woken (the kernel may re-run them): registers must survive that too. */
const BLOCKING: readonly { readonly row: string; readonly variant: string; readonly what: string; readonly ops: (ctx: Ctx) => Operand[]; readonly expect: Expect }[] = [
  { row: 'nanosleep', variant: 'sleep-1ms', what: 'nanosleep(0, 1 ms)', ops: () => [0, 1_000_000], expect: { value: 0n, clause: 'TIME.SLEEP.MIN' } },
  { row: 'poll', variant: 'empty-1ms', what: 'poll(NULL, 0, 1)', ops: () => [0, 0, 1], expect: { value: 0n, clause: 'FD.POLL.EMPTY' } },
  {
    row: 'spawn', variant: 'child-exit-3', what: 'spawn of a child that exits 3',
    ops: (ctx) => [ctx.str(ctx.file({ path: '/bin/errors-exit3', data: () => exitProgram(3) })), 0],
    expect: { value: 3n, clause: 'PROC.SPAWN.STATUS' },
  },
];

const PATTERN = 0x5a5a_0000_0000_0000n;
/** The value register `n` holds before the call (x6, x7, x9..x30), or unused argument register n. */
export function known(n: number): bigint {
  return PATTERN | (BigInt(n) << 32n) | BigInt(0x1000 + n);
}
const NZCV = 0x6000_0000n; // Z and C set
const AREA = 512;

/**
 * Emits the call with every other register set to a known value, stores x1..x30 and d0..d31
 * before and after (SP walks from one 512-byte area to the next, so no register is needed as a
 * base), and checks that nothing but x0 changed, plus NZCV and SP.
 */
function checkedCall(ctx: Ctx, row: SyscallRow, ops: Operand[], expect: Expect): void {
  const a = ctx.a;
  const save = ctx.space(16, 16);
  const areas = ctx.space(2 * AREA, 16);
  // Arguments first (their registers may come from variables), then the unused ones.
  ops.forEach((v, i) => {
    if (v instanceof Reg) ctx.p.mov(i, v.n);
    else a.movImm(i, v);
  });
  for (let i = ops.length; i < 6; i++) a.movImm(i, known(i));
  // Keep FAILURES and SP; point SP at the first area.
  a.movImm(9, save).inst('STR_X_uoff', { Rt: 28, Rn: 9, imm12: 0 });
  a.movSp(10, 31).inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: 1 });
  a.movImm(9, areas).movSp(31, 9);
  a.movImm(9, NZCV).inst('MSR_reg', { o0: 1, op1: 3, CRn: 4, CRm: 2, op2: 0, Rt: 9 });
  for (let d = 0; d < 32; d++) {
    a.movImm(9, known(100 + d));
    a.inst('FMOV_gen_to_fp', { sf: 1, ftype: 1, rmode: 0, Rn: 9, Rd: d });
  }
  for (const n of [6, 7, ...Array.from({ length: 22 }, (_, k) => 9 + k)]) a.movImm(n, known(n));
  a.movImm(8, row.nr);
  const storeAll = (): void => {
    for (let n = 1; n < 30; n += 2) a.inst('STP_X_off', { Rt: n, Rt2: n + 1, Rn: 31, imm7: (n - 1) });
    for (let d = 0; d < 32; d += 2) a.inst('STP_D_off', { Rt: d, Rt2: d + 1, Rn: 31, imm7: 30 + d });
  };
  storeAll();
  ctx.p.recordRow(row.name);
  a.svc();
  a.addImm(31, 31, AREA);
  storeAll();
  a.inst('MRS', { o0: 1, op1: 3, CRn: 4, CRm: 2, op2: 0, Rt: 9 }).inst('STR_X_uoff', { Rt: 9, Rn: 31, imm12: 62 });
  a.movSp(9, 31).inst('STR_X_uoff', { Rt: 9, Rn: 31, imm12: 63 });
  a.movImm(9, save).inst('LDR_X_uoff', { Rt: 28, Rn: 9, imm12: 0 }).inst('LDR_X_uoff', { Rt: 10, Rn: 9, imm12: 1 });
  a.movSp(31, 10);
  const result = ctx.keep();
  if (expect !== null) {
    if ('errno' in expect) ctx.expectErrno(`${row.name} returns -${expect.errno}`, [expect.clause], expect.errno, result);
    else ctx.expectEq(`${row.name} returns ${expect.value}`, [expect.clause], expect.value, result);
  }
  // x0 = OR over the 62 stored words of (before XOR after).
  a.movImm(9, areas).movImm(10, areas + AREA).movImm(11, 62).movImm(0, 0);
  const loop = a.here();
  a.inst('LDR_X_post', { imm9: 8, Rn: 9, Rt: 12 }).inst('LDR_X_post', { imm9: 8, Rn: 10, Rt: 13 });
  a.inst('EOR_sreg', { sf: 1, shift: 0, Rm: 13, imm6: 0, Rn: 12, Rd: 12 });
  a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 12, imm6: 0, Rn: 0, Rd: 0 });
  a.subImm(11, 11, 1).cbnz(11, loop);
  ctx.expectEq('x1..x30 and d0..d31 hold the same values after the call', ['ABI.REGS.PRESERVE'], 0);
  ctx.p.load(0, areas + AREA + 62 * 8);
  ctx.expectEq('NZCV is preserved', ['ABI.REGS.PRESERVE'], NZCV);
  ctx.p.load(0, areas + AREA + 63 * 8);
  ctx.expectEq('SP is preserved', ['ABI.REGS.PRESERVE'], BigInt(areas + AREA));
}

function preserveRecipes(): Recipe[] {
  const out: Recipe[] = [];
  for (const row of implementedRows()) {
    if (row.ret.kind === 'noreturn' && !row.ret.failureReturns) continue;
    const h = harmless(row);
    if (h === null) continue;
    const unused = row.args.length < 6;
    out.push({
      id: `regs/${row.name}/harmless`,
      description: `${row.name} (${h.what}): every register but x0 is preserved${unused ? `, and the unused argument registers x${row.args.length}..x5 (set to garbage) are ignored` : ''}`,
      cells: h.cells,
      clauses: ['ABI.REGS.PRESERVE', ...(unused ? ['ABI.ARGS.UNUSED'] : [])],
      build(ctx) {
        if (h.boot !== undefined) ctx.setBoot(h.boot);
        const ops = h.ops(ctx);
        checkedCall(ctx, row, ops, h.expect);
      },
    });
  }
  for (const b of BLOCKING) {
    const row = syscall(b.row);
    out.push({
      id: `regs/${row.name}/${b.variant}`,
      description: `${b.what} blocks and returns: every register but x0 is preserved`,
      cells: [],
      clauses: ['ABI.REGS.PRESERVE', 'ABI.ARGS.UNUSED'],
      build(ctx) {
        checkedCall(ctx, row, b.ops(ctx), b.expect);
      },
    });
  }
  return out;
}

// ---- upper halves of 32-bit int arguments -------------------------------------------------------

const O_RDWR_CREAT = constValue('OPEN_ACCESS', 'O_RDWR') | constValue('OPEN_FLAGS', 'O_CREAT');

interface UpperCase {
  readonly row: string;
  readonly variant: string;
  readonly what: string;
  readonly clauses: readonly string[];
  readonly build: (ctx: Ctx) => void;
}

const HIGH = 0xdead_beef_0000_0000n;

const UPPER: readonly UpperCase[] = [
  {
    row: 'dup2', variant: 'newfd', what: 'dup2(0, 0xdeadbeef_00000064) makes handle 100',
    clauses: ['FD.DUP2.REPLACE'],
    build: (ctx) => {
      ctx.sys('dup2', 0, HIGH | 100n);
      ctx.expectEq('dup2 returns 100', ['ABI.ARGS.UNUSED', 'FD.DUP2.REPLACE'], 100);
    },
  },
  {
    row: 'dup2', variant: 'newfd-range', what: 'dup2(0, 0x1_00000200) is out of range (low half 512)',
    clauses: ['ABI.INT.RANGE'],
    build: (ctx) => {
      ctx.sys('dup2', 0, (1n << 32n) | 512n);
      ctx.expectErrno('dup2 returns -EBADF', ['ABI.ARGS.UNUSED', 'ABI.INT.RANGE'], 'EBADF');
    },
  },
  {
    row: 'eventfd', variant: 'initval', what: 'eventfd(0xdeadbeef_00000007, 0) starts at 7',
    clauses: ['EVT.CREATE', 'EVT.READ.COUNTER'],
    build: (ctx) => {
      const fd = ctx.call('eventfd', HIGH | 7n, 0);
      const buf = ctx.space(8, 8);
      ctx.sys('read', fd, buf, 8);
      ctx.expectEq('the read returns 8 bytes', ['EVT.READ.COUNTER'], 8);
      ctx.p.load(0, buf);
      ctx.expectEq('the counter is 7', ['ABI.ARGS.UNUSED', 'EVT.CREATE'], 7);
    },
  },
  {
    row: 'chown', variant: 'owner', what: 'chown(f, 0xdeadbeef_00000009) sets owner 9',
    clauses: ['FS.CHOWN.OWNER', 'FS.STAT.OWNER'],
    build: (ctx) => {
      const path = ctx.str('/tmp/owned');
      const fd = ctx.call('open', path, O_RDWR_CREAT, 0o644);
      ctx.sys('close', fd);
      ctx.sys('chown', path, HIGH | 9n);
      ctx.expectEq('chown returns 0', ['FS.CHOWN.OWNER'], 0);
      const st = ctx.space(32, 8);
      ctx.sys('stat', path, st);
      ctx.p.loadInt(0, st + 4);
      ctx.expectEq('st_uid is 9', ['ABI.ARGS.UNUSED', 'FS.STAT.OWNER'], 9);
    },
  },
  {
    row: 'login', variant: 'principal-session', what: 'login(0x1_00000002, 0x5_00000003, caps) sets principal 2, session 3',
    clauses: ['SEC.LOGIN.REPLACE', 'SEC.INFO.RECORD'],
    build: (ctx) => {
      ctx.sys('login', (1n << 32n) | 2n, (5n << 32n) | 3n, 0x0e);
      ctx.expectEq('login returns 0', ['SEC.LOGIN.REPLACE'], 0);
      const info = ctx.space(16, 8);
      ctx.sys('security_info', info);
      ctx.p.loadInt(0, info);
      ctx.expectEq('the principal is 2', ['ABI.ARGS.UNUSED', 'SEC.INFO.RECORD'], 2);
      ctx.p.loadInt(0, info + 4);
      ctx.expectEq('the session is 3', ['ABI.ARGS.UNUSED', 'SEC.INFO.RECORD'], 3);
    },
  },
  {
    row: 'exit', variant: 'status', what: 'a child calling exit(0x12345678_00000105) exits with code 5',
    clauses: ['PROC.EXIT.CODE', 'PROC.SPAWN.STATUS'],
    build: (ctx) => {
      const p = ctx.str(ctx.file({ path: '/bin/errors-exit-high', data: () => exitProgram(0x1234_5678_0000_0105n) }));
      ctx.p.recordRow('exit');
      ctx.sys('spawn', p, 0);
      ctx.expectEq('spawn returns the exit code 5', ['ABI.ARGS.UNUSED', 'PROC.EXIT.CODE', 'PROC.SPAWN.STATUS'], 5);
    },
  },
];

function upperRecipes(): Recipe[] {
  return UPPER.map((u) => ({
    id: `unused/${u.row}/${u.variant}-upper-bits`,
    description: `${u.what}: a 32-bit int argument ignores the upper half of its register`,
    cells: u.clauses.includes('ABI.INT.RANGE') ? [cell(u.row, 'EBADF', 'ABI.INT.RANGE')] : [],
    clauses: ['ABI.ARGS.UNUSED', ...u.clauses],
    build: u.build,
  }));
}

export function abiRecipes(): Recipe[] {
  return [...preserveRecipes(), ...upperRecipes()];
}
