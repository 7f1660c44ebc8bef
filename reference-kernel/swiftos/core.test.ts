import { describe, expect, it } from 'vitest';
import { writeElf } from '../../cpu/elf/index.js';
import { constValue, syscall } from '../../spec/index.js';
import { HANDLERS, type Handler } from './handlers/index.js';
import { Kernel } from './kernel.js';
import { BootError } from './loader.js';
import type { Thread } from './thread.js';
import { CODE, Prog, run } from './testkit.js';

const as = (name: string): number => constValue('ADDRESS_SPACE', name);

describe('kernel core: loading, panics, trace, schedules', () => {
  it('PROC.ENTRY.STACK, PROC.ENTRY.AUXV: argc, argv, NULL, envp, NULL, then only AT_NULL; SP 16-aligned below USER_STACK_TOP', () => {
    // Checks in the guest: exit code bit i set when check i fails.
    const p = new Prog();
    const a = p.a;
    const fails = 20;
    a.movImm(fails, 0);
    const check = (bit: number, cond: 'eq' | 'ne'): void => {
      const skip = a.label();
      a.bcond(cond, skip);
      a.movImm(10, 1 << bit).inst('ORR_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: fails, Rd: fails });
      a.bind(skip);
    };
    a.movSp(21, 31);
    // [sp] == argc == x0
    a.inst('LDR_X_uoff', { Rt: 11, Rn: 21, imm12: 0 }).inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 0, imm6: 0, Rn: 11, Rd: 31 });
    check(0, 'eq');
    // x1 == sp + 8
    a.addImm(12, 21, 8).inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 1, imm6: 0, Rn: 12, Rd: 31 });
    check(1, 'eq');
    // argv[argc] (x1 + 16 for argc 2) == 0 and x2 == sp + 8 * (argc + 2)
    a.inst('LDR_X_uoff', { Rt: 13, Rn: 21, imm12: 3 }).cmpImm(13, 0);
    check(2, 'eq');
    a.addImm(12, 21, 32).inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 2, imm6: 0, Rn: 12, Rd: 31 });
    check(3, 'eq');
    // envp[0] set, envp[1] == 0, then AT_NULL: two zero words
    a.inst('LDR_X_uoff', { Rt: 13, Rn: 21, imm12: 4 }).cmpImm(13, 0);
    check(4, 'ne');
    for (const [slot, bit] of [[5, 5], [6, 6], [7, 7]] as const) {
      a.inst('LDR_X_uoff', { Rt: 13, Rn: 21, imm12: slot }).cmpImm(13, 0);
      check(bit, 'eq');
    }
    // SP 16-aligned
    a.inst('ANDS_imm', { sf: 1, N: 1, immr: 0, imms: 3, Rn: 21, Rd: 31 });
    check(8, 'eq');
    p.exit({ reg: fails });
    const r = run(p, { argv: ['init', 'x'], envp: ['A=1'] });
    expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
  });

  it('PROC.EXEC.RANGE: init linked below USER_VA_MIN is refused with a one-line BootError naming the file', () => {
    const low = writeElf({ entry: 0x40_0000, segments: [{ vaddr: 0x40_0000, data: new Uint8Array(4), executable: true }] });
    expect(() => new Kernel().boot(low, 'low.elf')).toThrow(BootError);
    expect(() => new Kernel().boot(low, 'low.elf')).toThrow(/^low\.elf: .*outside the image area$/);
    const stack = writeElf({
      entry: CODE,
      segments: [{ vaddr: as('USER_STACK_TOP') - 0x1000, data: new Uint8Array(4), executable: true }],
    });
    expect(() => new Kernel().boot(stack, 'stack.elf')).toThrow(BootError);
  });

  it('a JS exception in a handler is a panic verdict naming the call, its arguments and the trace tail', () => {
    const table = HANDLERS as Record<string, Handler>;
    const original = table.getpid!;
    table.getpid = () => {
      throw new TypeError('planted bug');
    };
    try {
      const p = new Prog();
      p.sys('time').sys('getpid').exit(0);
      const r = run(p);
      expect(r.result.verdict.kind).toBe('panic');
      const detail = r.result.verdict.kind === 'panic' ? r.result.verdict.detail : '';
      expect(detail).toMatch(/^\[1\/1\] getpid\(\) threw: TypeError: planted bug/);
      expect(detail).toMatch(/trace tail \(last 1 calls\):\n {2}\[1\/1\] time\(\) = /);
    } finally {
      table.getpid = original;
    }
  });

  it('--trace decodes arguments by their spec types: strings quoted, flags by name, fds in decimal', () => {
    const p = new Prog();
    const path = p.str('/etc/motd');
    p.sys('open', path, constValue('OPEN_FLAGS', 'O_CREAT') | constValue('OPEN_FLAGS', 'O_CLOEXEC'), 0o644).sys('close', 99).exit(0);
    const r = run(p);
    expect(r.trace[0]).toMatch(/^\[1\/1\] open\("\/etc\/motd", O_CREAT\|O_CLOEXEC, 420\) = /);
    expect(r.trace[1]).toMatch(/^\[1\/1\] close\(99\) = -9 EBADF/);
  });

  it('controlled mode: the chooser picks at every point with more than one runnable thread, and replaying its choices gives the same run', () => {
    const p = new Prog();
    p.sys('fork').keep(19);
    for (let i = 0; i < 5; i++) p.sys('getpid');
    p.exit({ reg: 19 });
    const seen: number[] = [];
    const chooser = (runnable: readonly Thread[], point: number): number => {
      seen.push(runnable.length);
      return (point * 7 + 3) % runnable.length;
    };
    const k = new Kernel({ quantum: 3, chooser, maxInstructions: 1_000_000 });
    k.boot(p.elf(), 'init');
    const first = k.run();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((n) => n > 1)).toBe(true);
    expect(k.scheduler.choices.length).toBe(seen.length);
    const replay = [...k.scheduler.choices];
    const k2 = new Kernel({ quantum: 3, chooser: (_r, point) => replay[point]!, maxInstructions: 1_000_000 });
    k2.boot(p.elf(), 'init');
    expect(k2.run()).toEqual(first);
    expect(k2.scheduler.choices).toEqual(replay);
  });

  it('SIG.FAULTS: a branch to an address that is not a multiple of 4 raises SIGBUS', () => {
    const p = new Prog();
    p.a.movImm(9, CODE + 2).br(9);
    const r = run(p);
    expect(r.result.verdict).toMatchObject({ kind: 'signal', signal: constValue('SIGNALS', 'SIGBUS') });
  });

  it('ABI.ENOSYS.UNKNOWN: numbers past the table, and huge x8 values, are -ENOSYS without touching the arguments', () => {
    const p = new Prog();
    p.a.movImm(8, 2n ** 63n).svc();
    p.keep(19);
    p.sys('exit', 0);
    const r = run(p);
    expect(r.calls[0]!.name).toBe(`syscall_${2n ** 63n}`);
    expect(r.calls[0]!.ret).toBe(-38n);
    expect(syscall('exit').nr).toBe(5);
  });
});
