// The access probe: the parent forks, the child touches the page once and reports how that went
// through its exit status; the parent reaps it and checks the status. A fault kills only the child.
//
// With a handler (the default) the child catches SIGSEGV and SIGILL; the handler checks the
// frame (SIG.FRAME.LAYOUT: magic, signo, the faulting PC) and exits with 0x40 | signo when the
// frame is right, 0x80 | signo when the PC is not the faulting instruction, 0xc0 when the magic
// or signo is wrong. Without a handler the default action ends the child and the status is the
// signal number (PROC.WAIT.STATUS).

import type { CaseProgram, Reg } from '../../program/builder.js';
import {
  FRAME_MAGIC, FRAME_MAGIC_AT, FRAME_PC_AT, FRAME_SIGNO_AT, FRAME_X_AT, PAGE, SIGILL, SIGSEGV,
} from './consts.js';
import { addr, diff, here, loadNextPc } from './emit.js';

export type Access = 'read' | 'read-end' | 'write' | 'write-end' | 'exec';
export const ACCESSES: readonly Access[] = ['read', 'read-end', 'write', 'write-end', 'exec'];

export const ACCESS_TEXT: Readonly<Record<Access, string>> = {
  read: 'a 64-bit load from the first word',
  'read-end': 'a byte load from the last byte',
  write: 'a 64-bit store to the first word',
  'write-end': 'a byte store to the last byte',
  exec: 'a call (blr) to the start',
};

/** What the access must do. `value` is the loaded value (read), the returned x0 (exec), or unused (write). */
export type Expect =
  | { readonly kind: 'ok'; readonly value: bigint; readonly readBack: boolean }
  | { readonly kind: 'fault'; readonly signal: number };

/** Values the child stores in write probes. */
export const WRITE_DWORD = 0x5a5a_0123_4567_89abn;
export const WRITE_BYTE = 0x3c;

/** Child exit codes other than the handler's. */
const EXIT = { ok: 0, badValue: 1, badReturn: 2, badReadBack: 3, sigactionFailed: 4 } as const;

export interface ProbeOptions {
  /** Catch the fault in a handler that checks the frame (default), or leave the default action. */
  readonly handler?: boolean;
  /** After a write the child survives: the parent's copy must still hold this (PROC.FORK.MEMORY); omit when unreadable. */
  readonly parentKeeps?: bigint;
}

const FAULT_NAME: Readonly<Record<number, string>> = { [SIGSEGV]: 'SIGSEGV', [SIGILL]: 'SIGILL' };

/** The wait status the parent must see (PROC.WAIT.STATUS). */
export function expectedStatus(expect: Expect, handler: boolean): number {
  if (expect.kind === 'ok') return 0;
  return handler ? (0x40 | expect.signal) << 8 : expect.signal;
}

export function expectText(access: Access, expect: Expect, handler: boolean): string {
  if (expect.kind === 'ok') {
    if (access === 'exec') return `returns 0x${expect.value.toString(16)}`;
    if (access === 'read' || access === 'read-end') return `reads 0x${expect.value.toString(16)}`;
    return 'succeeds';
  }
  const name = FAULT_NAME[expect.signal] ?? `signal ${expect.signal}`;
  const where = access === 'exec' ? 'at the target address' : 'at the faulting instruction';
  return handler ? `raises ${name} ${where}` : `kills the child with ${name}`;
}

/** Clauses a probe checks besides the ones of the behaviour under test. */
export function probeClauses(expect: Expect, handler: boolean, parentCheck: boolean): string[] {
  const out = ['PROC.FORK.RETURN', 'PROC.FORK.MEMORY', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS'];
  if (expect.kind === 'fault') {
    out.push('SIG.FAULTS', 'MM.FAULT.SIGSEGV');
    if (handler) out.push('SIG.FAULT.THREAD', 'SIG.FRAME.LAYOUT', 'SIG.FRAME.ENTRY', 'SIG.ACTION.RECORD');
    else out.push('SIG.DEFAULT.ACTION');
  }
  if (parentCheck) out.push('PROC.FORK.MEMORY');
  return [...new Set(out)];
}

/** Registers and scratch a program's probes share. */
export class Prober {
  private readonly pid: Reg;
  private readonly pcReg: Reg;
  private readonly statusAt: number;

  constructor(private readonly p: CaseProgram) {
    this.pid = p.variable();
    this.pcReg = p.variable();
    this.statusAt = p.space(8, 8);
  }

  /**
   * Forks; the child does `access` on the page at x`target` and exits; the parent reaps it and
   * asserts the status. `clauses` are the behaviour's clauses; the probe adds its own.
   */
  probe(target: Reg, access: Access, expect: Expect, what: string, clauses: readonly string[], opts: ProbeOptions = {}): void {
    const p = this.p;
    const a = p.a;
    const handler = opts.handler ?? true;
    p.sys('fork').save(this.pid);
    const child = a.label();
    const after = a.label();
    a.cbz(this.pid.n, child);
    // Parent.
    p.expectCmp('fork returns the child pid in the parent', ['PROC.FORK.RETURN'], 'gt', 0, this.pid);
    p.sys('waitpid', this.pid, this.statusAt, 0);
    diff(p, 0, this.pid.n);
    p.expectEq('waitpid reaps that child', ['PROC.WAIT.REAP'], 0);
    p.loadInt(0, this.statusAt);
    const all = [...clauses, ...probeClauses(expect, handler, false)];
    p.expectEq(`${what}: ${ACCESS_TEXT[access]} ${expectText(access, expect, handler)}`, [...new Set(all)], expectedStatus(expect, handler));
    if (opts.parentKeeps !== undefined && expect.kind === 'ok' && (access === 'write' || access === 'write-end')) {
      if (access === 'write') {
        addr(p, 11, target.n, 0);
        a.inst('LDR_X_uoff', { Rt: 0, Rn: 11, imm12: 0 });
      } else {
        addr(p, 11, target.n, PAGE - 1);
        a.inst('LDRB_uoff', { Rt: 0, Rn: 11, imm12: 0 });
      }
      p.expectEq("the child's store did not reach the parent's copy of the page", ['PROC.FORK.MEMORY'], opts.parentKeeps);
    }
    a.b(after);
    // Child.
    a.bind(child);
    if (handler) this.installHandler();
    this.access(target, access, expect);
    a.bind(after);
  }

  private installHandler(): void {
    const p = this.p;
    const a = p.a;
    const start = a.label();
    a.b(start);
    const handlerAt = here(p);
    // x0 = signo, x2 = frame (SIG.FRAME.ENTRY).
    const badPc = a.label();
    const badFrame = a.label();
    a.inst('LDR_W_uoff', { Rt: 9, Rn: 2, imm12: FRAME_MAGIC_AT / 4 });
    a.movImm(10, FRAME_MAGIC, 0);
    a.inst('SUBS_sreg', { sf: 0, shift: 0, Rm: 10, imm6: 0, Rn: 9, Rd: 31 });
    a.bcond('ne', badFrame);
    a.inst('LDR_W_uoff', { Rt: 9, Rn: 2, imm12: FRAME_SIGNO_AT / 4 });
    a.inst('SUBS_sreg', { sf: 0, shift: 0, Rm: 0, imm6: 0, Rn: 9, Rd: 31 });
    a.bcond('ne', badFrame);
    // The expected PC is the interrupted value of pcReg, which the frame also holds.
    a.inst('LDR_X_uoff', { Rt: 9, Rn: 2, imm12: FRAME_PC_AT / 8 });
    a.inst('LDR_X_uoff', { Rt: 10, Rn: 2, imm12: (FRAME_X_AT + 8 * this.pcReg.n) / 8 });
    a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: 9, Rd: 31 });
    a.bcond('ne', badPc);
    a.addImm(0, 0, 0x40);
    p.svc('exit');
    a.bind(badPc);
    a.addImm(0, 0, 0x80);
    p.svc('exit');
    a.bind(badFrame);
    a.movImm(0, 0xc0);
    p.svc('exit');
    const restorerAt = here(p);
    p.svc('sigreturn');
    a.bind(start);
    for (const sig of [SIGSEGV, SIGILL]) {
      const ok = a.label();
      p.sys('sigaction', sig, handlerAt, restorerAt);
      a.cbz(0, ok);
      p.exit(EXIT.sigactionFailed);
      a.bind(ok);
    }
  }

  private access(target: Reg, access: Access, expect: Expect): void {
    const p = this.p;
    const a = p.a;
    const t = target.n;
    const pc = this.pcReg.n;
    const fail = a.label();
    let failCode: number = EXIT.badValue;
    switch (access) {
      case 'read':
        loadNextPc(p, pc);
        a.inst('LDR_X_uoff', { Rt: 0, Rn: t, imm12: 0 });
        break;
      case 'read-end':
        a.movImm(12, PAGE - 1);
        loadNextPc(p, pc);
        a.inst('LDRB_reg', { Rm: 12, option: 3, S: 0, Rn: t, Rt: 0 });
        break;
      case 'write':
        a.movImm(13, WRITE_DWORD);
        loadNextPc(p, pc);
        a.inst('STR_X_uoff', { Rt: 13, Rn: t, imm12: 0 });
        if (expect.kind === 'ok' && expect.readBack) {
          a.inst('LDR_X_uoff', { Rt: 0, Rn: t, imm12: 0 });
          failCode = EXIT.badReadBack;
        }
        break;
      case 'write-end':
        a.movImm(12, PAGE - 1).movImm(13, WRITE_BYTE);
        loadNextPc(p, pc);
        a.inst('STRB_reg', { Rm: 12, option: 3, S: 0, Rn: t, Rt: 13 });
        if (expect.kind === 'ok' && expect.readBack) {
          a.inst('LDRB_reg', { Rm: 12, option: 3, S: 0, Rn: t, Rt: 0 });
          failCode = EXIT.badReadBack;
        }
        break;
      case 'exec':
        p.mov(pc, t);
        a.blr(t);
        failCode = EXIT.badReturn;
        break;
    }
    const checks = access === 'read' || access === 'read-end' || access === 'exec'
      || (expect.kind === 'ok' && expect.readBack);
    if (checks) {
      const want = access === 'write' ? WRITE_DWORD : access === 'write-end' ? BigInt(WRITE_BYTE) : expect.kind === 'ok' ? expect.value : 0n;
      a.movImm(10, BigInt.asUintN(64, want));
      a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: 0, Rd: 31 });
      a.bcond('ne', fail);
    }
    p.exit(EXIT.ok);
    a.bind(fail);
    p.exit(failCode);
  }
}
