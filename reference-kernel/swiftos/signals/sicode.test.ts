// The si_code a handler receives in x1 (SIG.FRAME.ENTRY, SIG.FAULT.CODE): each program installs a
// handler that exits with 100 + x1, then raises the signal; anything else exits 99.
import { describe, expect, it } from 'vitest';
import { constValue } from '../../../spec/index.js';
import { CODE, DATA, Prog, run } from '../testkit.js';
import { fn, restorer } from './signals.testkit.js';

const sig = (name: string): number => constValue('SIGNALS', name);
const PROT_NONE = constValue('PROT', 'PROT_NONE');
const MAP_ANON = constValue('MAP_FLAGS', 'MAP_PRIVATE') | constValue('MAP_FLAGS', 'MAP_ANONYMOUS');

function codeOf(signal: number, raise: (p: Prog) => void): number {
  const p = new Prog();
  const rest = restorer(p);
  const handler = fn(p, () => {
    p.a.addImm(0, 1, 100);
    p.sys('exit');
  });
  p.sys('sigaction', signal, handler, rest);
  raise(p);
  p.exit(99);
  const r = run(p);
  if (r.result.verdict.kind !== 'exit') throw new Error(`verdict ${JSON.stringify(r.result.verdict)}`);
  return r.result.verdict.status - 100;
}

describe('si_code in x1', () => {
  it('SIG.FAULT.CODE / SIG.FRAME.ENTRY: an unmapped address is SEGV_MAPERR (1) for loads, stores and calls', () => {
    expect(codeOf(sig('SIGSEGV'), (p) => p.a.movImm(10, 0x1000).inst('LDR_X_uoff', { Rt: 0, Rn: 10, imm12: 0 }))).toBe(1);
    expect(codeOf(sig('SIGSEGV'), (p) => p.a.movImm(10, DATA + 0x10_0000).inst('STR_X_uoff', { Rt: 0, Rn: 10, imm12: 0 }))).toBe(1);
    expect(codeOf(sig('SIGSEGV'), (p) => p.a.movImm(10, 0x7000_0000).blr(10))).toBe(1);
  });

  it('SIG.FAULT.CODE / SIG.FRAME.ENTRY: a protection violation is SEGV_ACCERR (2): store to code, load from PROT_NONE, call into data', () => {
    expect(codeOf(sig('SIGSEGV'), (p) => p.a.movImm(10, CODE).inst('STR_X_uoff', { Rt: 0, Rn: 10, imm12: 0 }))).toBe(2);
    expect(codeOf(sig('SIGSEGV'), (p) => {
      p.sys('mmap', 0, 4096, PROT_NONE, MAP_ANON, -1, 0);
      p.a.inst('LDR_X_uoff', { Rt: 1, Rn: 0, imm12: 0 });
    })).toBe(2);
    expect(codeOf(sig('SIGSEGV'), (p) => p.a.movImm(10, DATA).blr(10))).toBe(2);
  });

  it('SIG.FRAME.ENTRY: SIGILL, SIGTRAP carry 1; a signal sent by kill carries 0 (SI_USER)', () => {
    expect(codeOf(sig('SIGILL'), (p) => p.a.inst('UDF', { imm16: 0 }))).toBe(1);
    expect(codeOf(sig('SIGTRAP'), (p) => p.a.brk(7))).toBe(1);
    expect(codeOf(sig('SIGUSR1'), (p) => p.sys('kill', 1, sig('SIGUSR1')))).toBe(0);
  });
});
