// Handler frames and sigreturn: the documented frame (SIG.FRAME.LAYOUT, SIG.FRAME.ENTRY), exact
// restoration of the interrupted context (SIG.RETURN.RESTORE), frames edited by the handler,
// bad frames (SIG.RETURN.BADFRAME), nested delivery (SIG.DELIVER.NESTED) and synchronous faults
// with handlers (SIG.FAULTS, SIG.FAULT.THREAD). The interrupted context is set up register by
// register before the signal, so the expected frame is computed here and compared byte for byte.

import { constValue, encodeLayout, layout, syscall } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CODE_BASE, DATA_BASE, DATA_SIZE, type CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  CATCHABLE, expectWord, forkChild, FPCR_REG, FPSR_REG, here, INIT_PID, kill, lname, AREA, msr, mrs, NZCV_REG,
  Recorder, restorer, SIG_IGN, sig, sigaction, stackTop, threadCreate, waitNonzero, waitpid, setAndWake, expectWord32, store64,
} from './kit.js';

const FRAME = layout('sigframe');
const FRAME_SIZE = constValue('SIGFRAME_CONSTS', 'SIGFRAME_SIZE');
const FRAME_ALIGN = constValue('SIGFRAME_CONSTS', 'SIGFRAME_ALIGN');
const MAGIC = constValue('SIGFRAME_CONSTS', 'SIGFRAME_MAGIC');
const off = (name: string): number => {
  const f = FRAME.fields.find((x) => x.name === name);
  if (!f) throw new Error(`sigframe has no field ${name}`);
  return f.offset;
};
const OFF = { magic: off('magic'), signo: off('signo'), x: off('x'), sp: off('sp'), pc: off('pc'), pstate: off('pstate'), fpsr: off('fpsr'), fpcr: off('fpcr'), v: off('v') };
const KILL_NR = syscall('kill').nr;
const NZCV_MASK = 0xf000_0000;

/** Where SIG.FRAME.LAYOUT puts the frame below an interrupted SP. */
export const frameAddress = (sp: number): number => Math.floor((sp - FRAME_SIZE) / FRAME_ALIGN) * FRAME_ALIGN;

/** A full register context: what the program sets before the signal and expects back. */
export interface Context {
  x: bigint[];
  sp: number;
  nzcv: number;
  fpsr: number;
  fpcr: number;
  /** q0..q31 as 512 bytes, or null when the case leaves FP/SIMD alone. */
  v: Uint8Array | null;
}

const pattern = (seed: number, r: number): bigint => BigInt.asUintN(64, 0x5a00_0000_0000_0000n + (BigInt(seed) << 40n) + BigInt(r) * 0x0101_0101_0101n + 0x11n);

function vPattern(seed: number): Uint8Array {
  const v = new Uint8Array(512);
  for (let i = 0; i < 512; i++) v[i] = (i * 7 + seed * 13 + 1) & 0xff;
  return v;
}

export function context(seed: number, sp: number, fp: boolean): Context {
  return {
    x: Array.from({ length: 31 }, (_, r) => pattern(seed, r)),
    sp,
    nzcv: ((seed & 0xf) << 28) >>> 0,
    fpsr: fp ? 0x0800_001f : 0,
    fpcr: fp ? 0x02c0_0000 : 0,
    v: fp ? vPattern(seed) : null,
  };
}

/**
 * Where loadContext keeps x28 (the builder's failure count) and dumpContext takes it back, so
 * assertions before and after a context switch still count.
 */
const saved28 = new WeakMap<CaseProgram, number>();

function failureSlot(p: CaseProgram): number {
  let slot = saved28.get(p);
  if (slot === undefined) {
    slot = p.space(8, 8);
    saved28.set(p, slot);
  }
  return slot;
}

/** Loads the context into the machine: FP/SIMD, FPCR/FPSR, SP, NZCV, then x0..x30. */
export function loadContext(p: CaseProgram, c: Context): void {
  const a = p.a;
  store64(p, 28, failureSlot(p));
  if (c.v) {
    const view = new DataView(c.v.buffer);
    for (let q = 0; q < 32; q++) {
      for (let half = 0; half < 2; half++) {
        a.movImm(9, view.getBigUint64(16 * q + 8 * half, true));
        a.inst('INS_gen', { imm5: half ? 0b11000 : 0b01000, Rn: 9, Rd: q });
      }
    }
  }
  if (c.fpcr !== 0 || c.fpsr !== 0) {
    a.movImm(9, c.fpcr);
    msr(p, FPCR_REG, 9);
    a.movImm(9, c.fpsr);
    msr(p, FPSR_REG, 9);
  }
  a.movImm(9, c.sp).addImm(31, 9, 0);
  a.movImm(9, c.nzcv);
  msr(p, NZCV_REG, 9);
  for (let r = 0; r <= 30; r++) a.movImm(r, c.x[r]!);
}

/**
 * Right after the interrupted point: writes the live context into `dump` in the sigframe layout
 * (x at x, SP at sp, NZCV at pstate, fpsr, fpcr, q0..q31 at v). x9 goes through [sp, #-8].
 */
export function dumpContext(p: CaseProgram, dump: number): void {
  const a = p.a;
  a.inst('STR_X_unscaled', { imm9: 0x1f8, Rn: 31, Rt: 9 });
  a.movImm(9, dump);
  for (let r = 0; r < 30; r += 2) a.inst('STP_X_off', { imm7: (OFF.x + 8 * r) / 8, Rt2: r + 1, Rn: 9, Rt: r });
  a.inst('STR_X_uoff', { Rt: 30, Rn: 9, imm12: (OFF.x + 8 * 30) / 8 });
  a.inst('LDR_X_unscaled', { imm9: 0x1f8, Rn: 31, Rt: 10 });
  a.inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: (OFF.x + 8 * 9) / 8 });
  a.movSp(10, 31);
  a.inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: OFF.sp / 8 });
  mrs(p, NZCV_REG, 10);
  a.inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: OFF.pstate / 8 });
  mrs(p, FPSR_REG, 10);
  a.inst('STR_W_uoff', { Rt: 10, Rn: 9, imm12: OFF.fpsr / 4 });
  mrs(p, FPCR_REG, 10);
  a.inst('STR_W_uoff', { Rt: 10, Rn: 9, imm12: OFF.fpcr / 4 });
  for (let q = 0; q < 32; q += 2) a.inst('STP_Q_off', { imm7: (OFF.v + 16 * q) / 16, Rt2: q + 1, Rn: 9, Rt: q });
  p.load(28, failureSlot(p));
}

/** The sigframe bytes of a context (magic and signo as given, pc as given). */
function frameBytes(c: Context, magic: number, signo: number, pc: number): Uint8Array {
  return encodeLayout(FRAME, {
    magic, signo, x: c.x, sp: BigInt(c.sp), pc: BigInt(pc), pstate: BigInt(c.nzcv), fpsr: c.fpsr, fpcr: c.fpcr, v: c.v ?? new Uint8Array(512),
  });
}

/** Asserts `dump` (sigframe-shaped) against the context `c`: x0..x30 and SP, NZCV, FP state when set. */
export function expectDump(p: CaseProgram, dump: number, c: Context, what: string, clauses: readonly string[]): void {
  const bytes = frameBytes(c, 0, 0, 0);
  p.expectMem(`${what}: x0..x30 and SP`, clauses, dump + OFF.x, bytes.slice(OFF.x, OFF.pc));
  p.expectMem(`${what}: NZCV`, clauses, dump + OFF.pstate, bytes.slice(OFF.pstate, OFF.pstate + 8));
  if (c.v) {
    p.expectMem(`${what}: FPSR and FPCR`, clauses, dump + OFF.fpsr, bytes.slice(OFF.fpsr, OFF.v));
    p.expectMem(`${what}: q0..q31`, clauses, dump + OFF.v, bytes.slice(OFF.v, FRAME_SIZE));
  }
}

/** Asserts a frame copy against the context `c` interrupted at `pc` by `signo`. */
function expectFrame(p: CaseProgram, copy: number, c: Context, signo: number, pc: number, checkPc = true): void {
  const bytes = frameBytes(c, MAGIC, signo, pc);
  const L = ['SIG.FRAME.LAYOUT'];
  p.expectMem('frame magic and signo', L, copy, bytes.slice(0, OFF.x));
  p.expectMem('frame x0..x30 and SP are the interrupted registers', L, copy + OFF.x, bytes.slice(OFF.x, OFF.pc));
  if (checkPc) p.expectMem('frame PC is where the context was interrupted', L, copy + OFF.pc, bytes.slice(OFF.pc, OFF.pstate));
  p.load(11, copy + OFF.pstate);
  p.a.movImm(12, NZCV_MASK).inst('AND_sreg', { sf: 1, shift: 0, Rm: 12, imm6: 0, Rn: 11, Rd: 11 });
  p.expectEq('frame PSTATE holds the interrupted NZCV', L, c.nzcv, 11);
  if (c.v) {
    p.expectMem('frame FPSR and FPCR', L, copy + OFF.fpsr, bytes.slice(OFF.fpsr, OFF.v));
    p.expectMem('frame q0..q31', L, copy + OFF.v, bytes.slice(OFF.v, FRAME_SIZE));
  }
}

/** Handler clobbering: nothing extra, every general register, or everything including flags and FP. */
type Clobber = 'none' | 'gprs' | 'all';

function clobberCode(p: CaseProgram, kind: Clobber): void {
  if (kind === 'none') return;
  const a = p.a;
  for (let r = 3; r <= 29; r++) a.movImm(r, 0xdead_0000n + BigInt(r));
  a.movImm(0, 0xdead).movImm(1, 0xdead);
  if (kind === 'all') {
    a.movImm(9, 0x5000_0000);
    msr(p, NZCV_REG, 9);
    a.movImm(9, 0x0040_0000);
    msr(p, FPCR_REG, 9);
    a.movImm(9, 0x10);
    msr(p, FPSR_REG, 9);
    for (let q = 0; q < 32; q++) a.inst('DUP_gen', { Q: 1, imm5: 0b01000, Rn: 29, Rd: q });
  }
}

// ---- frame layout and restore ----------------------------------------------------------------

interface FrameVariant {
  readonly signo: number;
  /** SP before the signal = a 16-aligned stack top minus 64 minus `shift`. */
  readonly shift: number;
  readonly fp: boolean;
  readonly clobber: Clobber;
}

function frameCase(v: FrameVariant): CaseDef {
  const tag = `${lname(v.signo)}/sp-${v.shift}${v.fp ? '-fp' : ''}${v.clobber === 'none' ? '' : `-clobber-${v.clobber}`}`;
  return derivedCase(AREA, {
    id: `frame/${tag}`,
    description: `kill to self with a ${lname(v.signo)} handler, SP = 16-aligned - ${v.shift}${v.fp ? ', FP state set' : ''}: the handler is entered as documented, the frame holds the interrupted context, and sigreturn restores every register${v.clobber === 'none' ? '' : ` the handler clobbered (${v.clobber})`}`,
    clauses: ['SIG.FRAME.LAYOUT', 'SIG.FRAME.ENTRY', 'SIG.RETURN.RESTORE', 'SIG.DELIVER.FRAME', 'SIG.KILL.SELF', 'SIG.KILL.RETURN', 'SIG.ACTION.RECORD'],
    build({ p }) {
      const rest = restorer(p);
      const copy = p.space(FRAME_SIZE, 16);
      const dump = p.space(FRAME_SIZE, 16);
      const rec = new Recorder(p, { copyFrameTo: copy, extra: () => clobberCode(p, v.clobber) });
      sigaction(p, v.signo, rec.address, rest);
      p.expectEq('sigaction returns 0', ['SIG.ACTION.RECORD'], 0);
      const sp = stackTop(p, 4096) - 64 - v.shift;
      const c = context(v.signo + v.shift, sp, v.fp);
      c.x[0] = BigInt(INIT_PID);
      c.x[1] = BigInt(v.signo);
      c.x[8] = BigInt(KILL_NR);
      loadContext(p, c);
      p.recordRow('kill').a.svc();
      const resume = here(p);
      dumpContext(p, dump);
      const after: Context = { ...c, x: [...c.x] };
      after.x[0] = 0n;
      const F = frameAddress(sp);
      expectWord(p, 'the handler ran once', ['SIG.DELIVER.FRAME'], rec.count, 1);
      const e = rec.entry(0);
      expectWord(p, `handler x0 = signal number ${v.signo}`, ['SIG.FRAME.ENTRY'], e.x0, v.signo);
      expectWord(p, 'handler x1 = 0', ['SIG.FRAME.ENTRY'], e.x1, 0);
      expectWord(p, `handler x2 = frame address (SP - ${FRAME_SIZE}) & ~${FRAME_ALIGN - 1}`, ['SIG.FRAME.ENTRY', 'SIG.FRAME.LAYOUT'], e.x2, F);
      expectWord(p, 'handler x30 = the restorer', ['SIG.FRAME.ENTRY'], e.x30, rest);
      expectWord(p, 'handler SP = the frame address', ['SIG.FRAME.ENTRY'], e.sp, F);
      expectFrame(p, copy, after, v.signo, resume);
      expectDump(p, dump, after, 'after sigreturn', ['SIG.RETURN.RESTORE', 'SIG.KILL.RETURN']);
    },
  });
}

/** What the handler writes into the frame before returning, and what the context is then. */
interface Edit {
  readonly name: string;
  readonly write: (p: CaseProgram) => void;
  readonly apply: (c: Context) => void;
  /** Set when the edit moves the resume point: the number of instructions skipped. */
  readonly skip?: number;
}

function edits(): Edit[] {
  const out: Edit[] = [];
  const store = (p: CaseProgram, offset: number, value: bigint, width: 4 | 8 = 8): void => {
    p.a.movImm(10, value);
    p.a.inst(width === 8 ? 'STR_X_uoff' : 'STR_W_uoff', { Rt: 10, Rn: 2, imm12: offset / width });
  };
  for (let r = 0; r <= 30; r++) {
    const value = 0xc0de_0000_0000n + BigInt(r) * 0x1_0001n;
    out.push({ name: `x${r}`, write: (p) => store(p, OFF.x + 8 * r, value), apply: (c) => (c.x[r] = value) });
  }
  out.push({ name: 'sp', write: (p) => p.a.movImm(10, 0).inst('LDR_X_uoff', { Rt: 10, Rn: 2, imm12: OFF.sp / 8 }).subImm(10, 10, 1024).inst('STR_X_uoff', { Rt: 10, Rn: 2, imm12: OFF.sp / 8 }), apply: (c) => (c.sp -= 1024) });
  for (const nzcv of [0x0, 0x9, 0xf, 0x4]) {
    out.push({ name: `nzcv-${nzcv.toString(16)}`, write: (p) => store(p, OFF.pstate, BigInt((nzcv << 28) >>> 0)), apply: (c) => (c.nzcv = (nzcv << 28) >>> 0) });
  }
  out.push({ name: 'fpsr', write: (p) => store(p, OFF.fpsr, 0x8n, 4), apply: (c) => (c.fpsr = 0x8) });
  out.push({ name: 'fpcr', write: (p) => store(p, OFF.fpcr, 0x0100_0000n, 4), apply: (c) => (c.fpcr = 0x0100_0000) });
  for (const q of [0, 7, 31]) {
    const lo = 0x1111_2222_3333_4444n + BigInt(q);
    const hi = 0x5555_6666_7777_8888n + BigInt(q);
    out.push({
      name: `q${q}`,
      write: (p) => {
        store(p, OFF.v + 16 * q, lo);
        store(p, OFF.v + 16 * q + 8, hi);
      },
      apply: (c) => {
        const view = new DataView(c.v!.buffer);
        view.setBigUint64(16 * q, lo, true);
        view.setBigUint64(16 * q + 8, hi, true);
      },
    });
  }
  for (const skip of [1, 2, 3]) {
    out.push({
      name: `pc-skip-${skip}`,
      write: (p) => p.a.inst('LDR_X_uoff', { Rt: 10, Rn: 2, imm12: OFF.pc / 8 }).addImm(10, 10, 4 * skip).inst('STR_X_uoff', { Rt: 10, Rn: 2, imm12: OFF.pc / 8 }),
      apply: () => undefined,
      skip,
    });
  }
  out.push({ name: 'signo-ignored', write: (p) => store(p, OFF.signo, 0x77n, 4), apply: () => undefined });
  return out;
}

function editCase(edit: Edit, index: number): CaseDef {
  const signo = CATCHABLE[index % CATCHABLE.length]!.value;
  return derivedCase(AREA, {
    id: `sigreturn-edit/${edit.name}`,
    description: `a ${lname(signo)} handler rewrites the frame's ${edit.name === 'signo-ignored' ? 'signo (which sigreturn does not read)' : edit.name}: sigreturn resumes with exactly the edited context`,
    clauses: ['SIG.RETURN.RESTORE', 'SIG.FRAME.LAYOUT', 'SIG.FRAME.ENTRY', 'SIG.KILL.SELF', 'SIG.ACTION.RECORD', 'SIG.DELIVER.FRAME'],
    build({ p }) {
      const rest = restorer(p);
      const dump = p.space(FRAME_SIZE, 16);
      const rec = new Recorder(p, { extra: () => edit.write(p) });
      sigaction(p, signo, rec.address, rest);
      p.expectEq('sigaction returns 0', ['SIG.ACTION.RECORD'], 0);
      const sp = stackTop(p, 4096) - 2048;
      const c = context(index, sp, true);
      c.x[0] = BigInt(INIT_PID);
      c.x[1] = BigInt(signo);
      c.x[8] = BigInt(KILL_NR);
      loadContext(p, c);
      p.recordRow('kill').a.svc();
      // Instructions the pc edits skip; they would corrupt the context.
      for (let i = 0; i < (edit.skip ?? 0); i++) p.a.inst('MOVZ', { sf: 1, hw: 0, imm16: 0xbad0 + i, Rd: 19 + i });
      dumpContext(p, dump);
      const after: Context = { ...c, x: [...c.x], v: new Uint8Array(c.v!) };
      after.x[0] = 0n;
      edit.apply(after);
      expectWord(p, 'the handler ran once', ['SIG.DELIVER.FRAME'], rec.count, 1);
      expectDump(p, dump, after, 'after sigreturn', ['SIG.RETURN.RESTORE']);
    },
  });
}

// ---- bad frames ---------------------------------------------------------------------------

interface BadFrame {
  readonly name: string;
  readonly description: string;
  /** Emits code that ends in sigreturn (or a delivery whose sigreturn fails). */
  readonly emit: (p: CaseProgram) => void;
}

function badFrames(): BadFrame[] {
  const setSp = (p: CaseProgram, v: number | bigint): void => {
    p.a.movImm(9, v).addImm(31, 9, 0);
  };
  const sigreturn = (p: CaseProgram): void => {
    p.sys('sigreturn');
  };
  const handmade = (magic: number, at = OFF.magic) => (p: CaseProgram): void => {
    const f = frameBytes(context(3, DATA_BASE + 0x1000, false), 0, 0, CODE_BASE);
    new DataView(f.buffer).setUint32(at, magic, true);
    const addr = p.bytes(f, 16);
    setSp(p, addr);
    sigreturn(p);
  };
  const out: BadFrame[] = [
    { name: 'zeros', description: 'SP at 800 zero bytes (no magic)', emit: (p) => (setSp(p, p.space(FRAME_SIZE, 16)), sigreturn(p)) },
    { name: 'unmapped-low', description: 'SP at 0x1000, below every mapping', emit: (p) => (setSp(p, 0x1000), sigreturn(p)) },
    { name: 'sp-zero', description: 'SP = 0', emit: (p) => (setSp(p, 0), sigreturn(p)) },
    { name: 'sp-huge', description: 'SP = 0xffff_ffff_ffff_f000, outside the user range', emit: (p) => (setSp(p, 0xffff_ffff_ffff_f000n), sigreturn(p)) },
    { name: 'code', description: 'SP at the code segment (readable, no magic)', emit: (p) => (setSp(p, CODE_BASE), sigreturn(p)) },
    {
      name: 'data-end',
      description: 'a frame whose magic is right but whose last bytes lie past the end of the data segment',
      emit: (p) => {
        const at = DATA_BASE + DATA_SIZE - 400;
        p.a.movImm(10, MAGIC).movImm(9, at).inst('STR_W_uoff', { Rt: 10, Rn: 9, imm12: 0 });
        setSp(p, at);
        sigreturn(p);
      },
    },
  ];
  for (const [name, magic] of [['magic-bit0', MAGIC ^ 1], ['magic-bit31', (MAGIC ^ 0x8000_0000) >>> 0], ['magic-swapped', 0x4647_4953], ['magic-plus1', MAGIC + 1]] as const) {
    out.push({ name, description: `a hand-built frame whose magic is 0x${magic.toString(16)}`, emit: handmade(magic) });
  }
  out.push({ name: 'magic-at-signo', description: 'a hand-built frame with the magic in the signo word instead', emit: handmade(MAGIC, OFF.signo) });
  for (const [name, value] of [['handler-zeroes-magic', 0], ['handler-bumps-magic', MAGIC + 0x100]] as const) {
    out.push({
      name,
      description: `a handler that sets the frame's magic to 0x${value.toString(16)} before returning`,
      emit: (p) => {
        const rest = restorer(p);
        const rec = new Recorder(p, { extra: () => p.a.movImm(10, value).inst('STR_W_uoff', { Rt: 10, Rn: 2, imm12: 0 }) });
        sigaction(p, sig('SIGUSR1'), rec.address, rest);
        p.sys('getpid');
        p.a.movImm(1, sig('SIGUSR1'));
        p.svc('kill');
      },
    });
  }
  return out;
}

function badFrameCase(b: BadFrame): CaseDef {
  return derivedCase(AREA, {
    id: `sigreturn-badframe/${b.name}`,
    description: `sigreturn with ${b.description} terminates the process with SIGSEGV (in a forked child)`,
    clauses: ['SIG.RETURN.BADFRAME', 'PROC.WAIT.STATUS'],
    build({ p }) {
      const status = p.space(8, 8);
      const child = forkChild(p, () => {
        b.emit(p);
        p.exit(99);
      });
      waitpid(p, child, status);
      expectWord(p, 'the child was killed by SIGSEGV', ['SIG.RETURN.BADFRAME', 'PROC.WAIT.STATUS'], status, sig('SIGSEGV'));
    },
  });
}

/** A frame built by the program itself, with no signal: sigreturn installs it. */
function handmadeCase(seed: number, fp: boolean): CaseDef {
  return derivedCase(AREA, {
    id: `sigreturn-handmade/${seed}${fp ? '-fp' : ''}`,
    description: `sigreturn with SP at a program-built frame (valid magic, no signal delivered) resumes at its PC with exactly its registers${fp ? ', FP state included' : ''}`,
    clauses: ['SIG.RETURN.RESTORE', 'SIG.FRAME.LAYOUT'],
    build({ p }) {
      const dump = p.space(FRAME_SIZE, 16);
      const c = context(seed, stackTop(p, 4096) - 256 - 16 * seed, fp);
      const start = p.a.label();
      const end = p.a.label();
      p.a.b(start);
      const landing = here(p);
      dumpContext(p, dump);
      expectDump(p, dump, c, 'after sigreturn', ['SIG.RETURN.RESTORE']);
      p.a.b(end);
      p.a.bind(start);
      const img = p.bytes(frameBytes(c, MAGIC, 0, landing), 16);
      store64(p, 28, failureSlot(p));
      p.a.movImm(9, img).addImm(31, 9, 0);
      p.sys('sigreturn');
      p.a.brk(0x60);
      p.a.bind(end);
    },
  });
}

/** SP positions below which no frame can be written. */
const NOSPACE: readonly [string, number | bigint, string][] = [
  ['code', CODE_BASE + 0x1000, 'inside the read-only code segment'],
  ['unmapped-low', 0x1000 + FRAME_SIZE, 'just above an unmapped low page'],
  ['data-start', DATA_BASE + 256, '256 bytes into the data segment (the frame would start below it)'],
  ['zero', 0, 'at 0'],
];

function noSpaceCase(name: string, sp: number | bigint, where: string): CaseDef {
  return derivedCase(AREA, {
    id: `frame-nospace/${name}`,
    description: `a handled SIGUSR1 sent to itself by a child whose SP is ${where}: the frame cannot be written, the handler does not run and the child dies of SIGSEGV`,
    clauses: ['SIG.FRAME.NOSPACE', 'PROC.WAIT.STATUS', 'SIG.ACTION.RECORD'],
    build({ p }) {
      const rest = restorer(p);
      const rec = new Recorder(p);
      const U1 = sig('SIGUSR1');
      sigaction(p, U1, rec.address, rest);
      p.expectEq('sigaction returns 0', ['SIG.ACTION.RECORD'], 0);
      const status = p.space(8, 8);
      const child = forkChild(p, () => {
        p.sys('getpid');
        p.a.movImm(9, sp).addImm(31, 9, 0);
        p.a.movImm(1, U1);
        p.svc('kill');
        p.exit(99);
      });
      waitpid(p, child, status);
      expectWord(p, 'the child was killed by SIGSEGV', ['SIG.FRAME.NOSPACE', 'PROC.WAIT.STATUS'], status, sig('SIGSEGV'));
    },
  });
}

// ---- nested delivery -----------------------------------------------------------------------

/** One handler invocation of the model: signal, frame address, and the SP it ran with. */
interface Delivery {
  readonly signo: number;
  readonly frame: number;
}

/**
 * The model of SIG.DELIVER.NESTED for a handler that, in its k-th invocation, sends the signals
 * sends[k-1] to its own process: each is acted on before that kill returns, on a frame below the
 * current handler's SP (= its frame address).
 */
function nestedModel(first: number, sends: readonly (readonly number[])[], sp: number): Delivery[] {
  const out: Delivery[] = [];
  const run = (signo: number, spNow: number): void => {
    const frame = frameAddress(spNow);
    out.push({ signo, frame });
    const k = out.length;
    for (const s of sends[k - 1] ?? []) run(s, frame);
  };
  run(first, sp);
  return out;
}

function nestedCase(name: string, first: number, sends: readonly (readonly number[])[]): CaseDef {
  return derivedCase(AREA, {
    id: `nested/${name}`,
    description: `a handler that signals its own process from inside (${sends.map((s) => `[${s.join(',')}]`).join(' ')}) gets each signal nested on a new frame below its own, and every level returns intact`,
    // A handler that receives its own signal again shows the kernel holds no mask (a kernel that
    // blocked the running handler's signal, as Linux does without SA_NODEFER, would not nest).
    clauses: [
      'SIG.DELIVER.NESTED', 'SIG.DELIVER.WHEN', 'SIG.FRAME.LAYOUT', 'SIG.FRAME.ENTRY', 'SIG.RETURN.RESTORE', 'SIG.KILL.SELF', 'SIG.KILL.RETURN',
      ...(sends.flat().includes(first) ? ['SIG.MASK.FACADE'] : []),
    ],
    build({ p }) {
      const rest = restorer(p);
      const sp = stackTop(p, 8192) - 32;
      const model = nestedModel(first, sends, sp);
      if (model.length > Recorder.MAX) throw new Error('nested case too deep');
      const rec = new Recorder(p, {
        extra: () => {
          // x10 = this invocation's number (the recorder left count + 1 in x10).
          sends.forEach((list, i) => {
            const skip = p.a.label();
            p.a.cmpImm(10, i + 1);
            p.a.bcond('ne', skip);
            for (const s of list) {
              p.a.movImm(0, INIT_PID).movImm(1, s);
              p.svc('kill');
            }
            p.a.bind(skip);
          });
        },
      });
      for (const s of new Set([first, ...sends.flat()])) sigaction(p, s, rec.address, rest);
      p.a.movImm(9, sp).addImm(31, 9, 0);
      p.a.movImm(19, 0x1919).movImm(20, 0x2020);
      kill(p, INIT_PID, first);
      p.expectEq('the outer kill returns 0', ['SIG.KILL.RETURN'], 0);
      p.expectEq('x19 survived every level', ['SIG.RETURN.RESTORE'], 0x1919, 19);
      p.expectEq('x20 survived every level', ['SIG.RETURN.RESTORE'], 0x2020, 20);
      p.a.movSp(21, 31);
      p.expectEq('SP is back where it was', ['SIG.RETURN.RESTORE'], sp, 21);
      expectWord(p, `${model.length} handler invocations`, ['SIG.DELIVER.NESTED'], rec.count, model.length);
      model.forEach((d, i) => {
        const unmasked = i > 0 && d.signo === model[0]!.signo ? ['SIG.MASK.FACADE'] : [];
        expectWord(p, `invocation ${i + 1} is ${lname(d.signo)}`, ['SIG.DELIVER.NESTED', 'SIG.FRAME.ENTRY', ...unmasked], rec.entry(i).x0, d.signo);
        expectWord(p, `invocation ${i + 1} frame at 0x${d.frame.toString(16)}`, ['SIG.DELIVER.NESTED', 'SIG.FRAME.LAYOUT'], rec.entry(i).x2, d.frame);
      });
    },
  });
}

// ---- faults ---------------------------------------------------------------------------------

interface Fault {
  readonly name: string;
  readonly signo: number;
  /** How the handler resumes: after the faulting instruction, or at the link register (blr kinds). */
  readonly resume: 'skip' | 'lr';
  /** Emits the fault; returns the PC the frame reports and the x10 it left. */
  readonly emit: (p: CaseProgram) => { pc: number; x10: bigint | null };
}

function faults(): Fault[] {
  const load = (p: CaseProgram, addr: number | bigint, row: string, fields: Record<string, number>) => {
    p.a.movImm(10, addr);
    const pc = here(p);
    p.a.inst(row, fields);
    return { pc, x10: BigInt(addr) };
  };
  const word = (p: CaseProgram, w: number) => {
    const pc = here(p);
    p.a.word(w);
    return { pc, x10: null };
  };
  const brk = (p: CaseProgram, imm: number) => {
    const pc = here(p);
    p.a.brk(imm);
    return { pc, x10: null };
  };
  const branch = (p: CaseProgram, target: number) => {
    p.a.movImm(10, target).blr(10);
    return { pc: target, x10: BigInt(target) };
  };
  const SEGV = sig('SIGSEGV');
  const ILL = sig('SIGILL');
  const TRAP = sig('SIGTRAP');
  const BUS = sig('SIGBUS');
  return [
    { name: 'segv-load-unmapped', signo: SEGV, resume: 'skip', emit: (p) => load(p, 0x1000, 'LDR_X_uoff', { Rt: 11, Rn: 10, imm12: 0 }) },
    { name: 'segv-store-code', signo: SEGV, resume: 'skip', emit: (p) => load(p, CODE_BASE, 'STR_X_uoff', { Rt: 11, Rn: 10, imm12: 0 }) },
    { name: 'segv-store-null', signo: SEGV, resume: 'skip', emit: (p) => load(p, 0, 'STR_W_uoff', { Rt: 11, Rn: 10, imm12: 0 }) },
    { name: 'segv-load-high', signo: SEGV, resume: 'skip', emit: (p) => load(p, 0xffff_0000_0000, 'LDRB_uoff', { Rt: 11, Rn: 10, imm12: 0 }) },
    { name: 'segv-exec-data', signo: SEGV, resume: 'lr', emit: (p) => branch(p, p.space(16, 16)) },
    { name: 'segv-exec-unmapped', signo: SEGV, resume: 'lr', emit: (p) => branch(p, 0x2000) },
    { name: 'ill-udf', signo: ILL, resume: 'skip', emit: (p) => word(p, 0) },
    { name: 'ill-udf-imm', signo: ILL, resume: 'skip', emit: (p) => word(p, 0x0000_beef) },
    { name: 'trap-brk', signo: TRAP, resume: 'skip', emit: (p) => brk(p, 7) },
    { name: 'trap-brk-ffff', signo: TRAP, resume: 'skip', emit: (p) => brk(p, 0xffff) },
    { name: 'bus-branch-misaligned', signo: BUS, resume: 'lr', emit: (p) => branch(p, here(p) + 2) },
    { name: 'bus-ldxr-misaligned', signo: BUS, resume: 'skip', emit: (p) => load(p, DATA_BASE + 0x101, 'LDXR_X', { Rn: 10, Rt: 11 }) },
    { name: 'bus-ldadd-misaligned', signo: BUS, resume: 'skip', emit: (p) => load(p, DATA_BASE + 0x104, 'LDADD_X', { A: 0, R: 0, Rs: 12, Rn: 10, Rt: 11 }) },
  ];
}

/** Handler code that moves the frame's PC past the fault (skip) or to its saved x30 (lr). */
function resumeCode(p: CaseProgram, how: 'skip' | 'lr'): void {
  if (how === 'skip') p.a.inst('LDR_X_uoff', { Rt: 10, Rn: 2, imm12: OFF.pc / 8 }).addImm(10, 10, 4);
  else p.a.inst('LDR_X_uoff', { Rt: 10, Rn: 2, imm12: (OFF.x + 8 * 30) / 8 });
  p.a.inst('STR_X_uoff', { Rt: 10, Rn: 2, imm12: OFF.pc / 8 });
}

function faultHandlerCase(f: Fault, seed: number): CaseDef {
  return derivedCase(AREA, {
    id: `fault/${f.name}/handler`,
    description: `${f.name.replace(/-/g, ' ')} raises ${lname(f.signo)}; its handler gets a frame with the faulting PC and registers, moves the PC on, and sigreturn resumes with the context intact`,
    clauses: ['SIG.FAULTS', 'SIG.FAULT.THREAD', 'SIG.FRAME.LAYOUT', 'SIG.FRAME.ENTRY', 'SIG.RETURN.RESTORE', 'SIG.ACTION.RECORD'],
    build({ p }) {
      const rest = restorer(p);
      const copy = p.space(FRAME_SIZE, 16);
      const dump = p.space(FRAME_SIZE, 16);
      const rec = new Recorder(p, { copyFrameTo: copy, extra: () => resumeCode(p, f.resume) });
      sigaction(p, f.signo, rec.address, rest);
      p.expectEq('sigaction returns 0', ['SIG.ACTION.RECORD'], 0);
      const sp = stackTop(p, 4096) - 48;
      const c = context(seed, sp, false);
      loadContext(p, c);
      const { pc, x10 } = f.emit(p);
      if (x10 !== null) c.x[10] = x10;
      if (f.resume === 'lr') c.x[30] = BigInt(here(p));
      dumpContext(p, dump);
      expectWord(p, 'the handler ran once', ['SIG.FAULTS'], rec.count, 1);
      expectWord(p, `handler x0 = ${lname(f.signo)}`, ['SIG.FAULTS', 'SIG.FRAME.ENTRY'], rec.entry(0).x0, f.signo);
      expectWord(p, 'handler x2 = the frame below the faulting SP', ['SIG.FRAME.ENTRY', 'SIG.FAULT.THREAD'], rec.entry(0).x2, frameAddress(sp));
      expectFrame(p, copy, c, f.signo, pc);
      expectDump(p, dump, c, 'after sigreturn', ['SIG.RETURN.RESTORE']);
    },
  });
}

function faultFatalCase(f: Fault, disp: 'dfl' | 'ign'): CaseDef {
  return derivedCase(AREA, {
    id: `fault/${f.name}/${disp}`,
    description: `${f.name.replace(/-/g, ' ')} with ${lname(f.signo)} at ${disp === 'dfl' ? 'SIG_DFL' : 'SIG_IGN'} terminates the process with ${lname(f.signo)} (in a forked child)`,
    clauses: ['SIG.FAULTS', 'PROC.WAIT.STATUS', ...(disp === 'ign' ? ['SIG.ACTION.RECORD'] : [])],
    build({ p }) {
      const status = p.space(8, 8);
      if (disp === 'ign') {
        sigaction(p, f.signo, SIG_IGN, 0);
        p.expectEq('sigaction SIG_IGN returns 0', ['SIG.ACTION.RECORD'], 0);
      }
      const child = forkChild(p, () => {
        f.emit(p);
        p.exit(99);
      });
      waitpid(p, child, status);
      expectWord(p, `the child was killed by ${lname(f.signo)}`, ['SIG.FAULTS', 'PROC.WAIT.STATUS'], status, f.signo);
    },
  });
}

function faultThreadCase(f: Fault): CaseDef {
  return derivedCase(AREA, {
    id: `fault/${f.name}/thread`,
    description: `${f.name.replace(/-/g, ' ')} in a second thread runs the ${lname(f.signo)} handler on that thread (frame below the thread's SP) and the thread carries on`,
    clauses: ['SIG.FAULT.THREAD', 'SIG.FAULTS', 'SIG.FRAME.ENTRY', 'SIG.FRAME.LAYOUT', 'SIG.ACTION.RECORD', 'THR.CREATE.REGS', 'THR.CREATE.ID'],
    build({ p }) {
      const rest = restorer(p);
      const copy = p.space(FRAME_SIZE, 16);
      const done = p.space(8, 8);
      const rec = new Recorder(p, { copyFrameTo: copy, extra: () => resumeCode(p, f.resume) });
      const top = stackTop(p, 4096);
      let faultPc = 0;
      const entry = (() => {
        const over = p.a.label();
        p.a.b(over);
        const at = here(p);
        faultPc = f.emit(p).pc;
        setAndWake(p, done);
        p.exit(0);
        p.a.bind(over);
        return at;
      })();
      sigaction(p, f.signo, rec.address, rest);
      p.expectEq('sigaction returns 0', ['SIG.ACTION.RECORD'], 0);
      threadCreate(p, entry, 0, top);
      p.expectCmp('thread_create returns a thread id', ['THR.CREATE.ID'], 'gt', 0);
      waitNonzero(p, done);
      expectWord(p, 'the handler ran once', ['SIG.FAULTS'], rec.count, 1);
      expectWord(p, `handler x0 = ${lname(f.signo)}`, ['SIG.FRAME.ENTRY'], rec.entry(0).x0, f.signo);
      expectWord(p, 'the handler ran on the faulting thread: its frame is below that thread\'s stack top', ['SIG.FAULT.THREAD', 'THR.CREATE.REGS'], rec.entry(0).sp, frameAddress(top));
      expectWord(p, 'frame PC is the faulting PC', ['SIG.FAULT.THREAD', 'SIG.FRAME.LAYOUT'], copy + OFF.pc, faultPc);
      expectWord32(p, 'frame signo', ['SIG.FRAME.LAYOUT'], copy + OFF.signo, f.signo);
    },
  });
}

export function frameCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const shift of [0, 8]) for (const s of CATCHABLE) out.push(frameCase({ signo: s.value, shift, fp: false, clobber: 'none' }));
  for (const name of ['SIGUSR1', 'SIGSEGV', 'SIGCHLD', 'SIGSYS', 'SIGHUP']) {
    const signo = sig(name);
    out.push(frameCase({ signo, shift: 0, fp: true, clobber: 'none' }));
    out.push(frameCase({ signo, shift: 0, fp: true, clobber: 'all' }));
    out.push(frameCase({ signo, shift: 4, fp: false, clobber: 'gprs' }));
    out.push(frameCase({ signo, shift: 12, fp: true, clobber: 'all' }));
  }
  edits().forEach((e, i) => out.push(editCase(e, i)));
  for (const b of badFrames()) out.push(badFrameCase(b));
  for (const [name, sp, where] of NOSPACE) out.push(noSpaceCase(name, sp, where));
  for (const [seed, fp] of [[1, false], [2, true], [5, false], [9, true]] as const) out.push(handmadeCase(seed, fp));
  const U1 = sig('SIGUSR1');
  const U2 = sig('SIGUSR2');
  const HUP = sig('SIGHUP');
  const TERM = sig('SIGTERM');
  const ALRM = sig('SIGALRM');
  const nested: [string, number, number[][]][] = [
    ['usr1-usr2', U1, [[U2]]],
    ['usr2-usr1', U2, [[U1]]],
    ['usr1-self', U1, [[U1]]],
    ['usr1-chain-3', U1, [[U2], [HUP]]],
    ['self-depth-4', U1, [[U1], [U1], [U1]]],
    ['self-depth-6', ALRM, [[ALRM], [ALRM], [ALRM], [ALRM], [ALRM]]],
    ['siblings-2', U1, [[U2, HUP]]],
    ['siblings-3', TERM, [[U1, U2, HUP]]],
    ['siblings-then-chain', U1, [[U2, HUP], [ALRM]]],
    ['hup-term-alrm', HUP, [[TERM], [ALRM], [U1]]],
  ];
  for (const [name, first, sends] of nested) out.push(nestedCase(name, first, sends));
  faults().forEach((f, i) => {
    out.push(faultHandlerCase(f, 40 + i), faultFatalCase(f, 'dfl'), faultFatalCase(f, 'ign'), faultThreadCase(f));
  });
  return out;
}
