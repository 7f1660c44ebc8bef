import { describe, expect, it } from 'vitest';
import { Assembler } from '../../cpu/asm/assembler.js';
import { writeElf } from '../../cpu/elf/index.js';
import { errnoNumber, syscall, SYSCALLS } from '../../spec/index.js';
import { Kernel, type BootOptions, type RunResult } from './kernel.js';

const CODE = 0x8000_0000;
const DATA = 0x8001_0000;
const nr = (name: string): number => syscall(name).nr;

/** An ELF whose code is `build(a)` and whose data segment holds `data`. */
function elf(build: (a: Assembler) => void, data = new Uint8Array(16)): Uint8Array {
  const a = new Assembler();
  build(a);
  return writeElf({
    entry: CODE,
    segments: [
      { vaddr: CODE, data: a.bytesOut(), executable: true },
      { vaddr: DATA, data, memsz: 0x1000, writable: true },
    ],
  });
}

function sys(a: Assembler, name: string, ...args: (number | bigint)[]): void {
  args.forEach((v, i) => a.movImm(i, v));
  a.movImm(8, nr(name)).svc();
}

function run(image: Uint8Array, opts: BootOptions = {}): RunResult & { trace: string[] } {
  const trace: string[] = [];
  const k = new Kernel({ ...opts, trace: (l) => trace.push(l) });
  k.boot(image, 'init');
  return { ...k.run(), trace };
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('SwiftOS kernel core', () => {
  it('write to the console, getpid, exit with a status', () => {
    const msg = new TextEncoder().encode('hello\n');
    const image = elf((a) => {
      sys(a, 'write', 1, DATA, msg.length);
      sys(a, 'getpid');
      a.addImm(0, 0, 6);
      a.movImm(8, nr('exit')).svc();
    }, msg);
    const r = run(image);
    expect(text(r.console)).toBe('hello\n');
    expect(r.verdict).toEqual({ kind: 'exit', status: 7 });
    expect(r.syscalls).toBe(3);
  });

  it('enters init with x0 = argc, x1 = argv, x2 = envp (ABI.ENTRY.REGS)', () => {
    // exit(argc * 16 + (argv[1] == x1 + 8) + (envp == argv + 8 * (argc + 1))*2)
    const image = elf((a) => {
      a.inst('LDR_X_uoff', { imm12: 0, Rn: 31, Rt: 9 }); // argc from the stack
      a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: 0, Rd: 31 });
      const bad = a.label();
      a.bcond('ne', bad);
      a.addImm(10, 31, 8);
      a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: 1, Rd: 31 });
      a.bcond('ne', bad);
      a.movImm(8, nr('exit')).svc();
      a.bind(bad);
      a.movImm(0, 99).movImm(8, nr('exit')).svc();
    });
    expect(run(image, { argv: ['init', 'a', 'b'], envp: ['X=1'] }).verdict).toEqual({ kind: 'exit', status: 3 });
  });

  // A row marked not implemented, if the spec still has one (today every row is implemented).
  const notImplemented = SYSCALLS.find((row) => row.support === 'not-implemented');

  it('unknown numbers return -ENOSYS (ABI.ENOSYS.UNKNOWN), and so does any row marked not implemented (ABI.ENOSYS.NOTIMPL)', () => {
    const image = elf((a) => {
      sys(a, 'getpid');
      a.movImm(8, 9999).svc();
      a.movImm(19, 0).addImm(19, 0, 0);
      if (notImplemented) a.movImm(8, notImplemented.nr).svc();
      a.movImm(20, 0).addImm(20, 0, 0);
      a.movImm(8, nr('exit')).svc();
    });
    const r = run(image);
    expect(r.trace.some((l) => l.includes('syscall_9999') && l.includes(`-${errnoNumber('ENOSYS')} ENOSYS [ABI.ENOSYS.UNKNOWN]`))).toBe(true);
    if (notImplemented) expect(r.trace.some((l) => l.includes(notImplemented.name) && l.includes('[ABI.ENOSYS.NOTIMPL]'))).toBe(true);
    // exit status is the low byte of -ENOSYS
    expect(r.verdict).toEqual({ kind: 'exit', status: -errnoNumber('ENOSYS') & 0xff });
  });

  it('a bad buffer is -EFAULT, a closed fd -EBADF', () => {
    const image = elf((a) => {
      sys(a, 'write', 1, 0x1234_0000, 4);
      a.movImm(19, 0).addImm(19, 0, 0);
      sys(a, 'write', 7, DATA, 4);
      a.movImm(8, nr('exit')).svc();
    });
    const r = run(image);
    expect(r.trace[0]).toMatch(/write\(.*\) = -14 EFAULT/);
    expect(r.verdict).toEqual({ kind: 'exit', status: -errnoNumber('EBADF') & 0xff });
  });

  it('a fault in init ends the run with SIGSEGV; an undefined instruction with SIGILL', () => {
    const segv = elf((a) => a.movImm(1, 0x10).inst('LDR_X_uoff', { imm12: 0, Rn: 1, Rt: 0 }));
    expect(run(segv).verdict).toMatchObject({ kind: 'signal', signal: 11 });
    const ill = elf((a) => a.word(0x0001_0000));
    expect(run(ill).verdict).toMatchObject({ kind: 'signal', signal: 4 });
  });

  it('an endless loop ends with the timeout verdict at the instruction budget', () => {
    const image = elf((a) => a.b(a.here()));
    const r = run(image, { maxInstructions: 1_000_000, quantum: 10_000 });
    expect(r.verdict).toEqual({ kind: 'timeout' });
    expect(r.instructions).toBe(1_000_000);
  });

  it('is deterministic: the same image gives the same console, trace and counts', () => {
    const image = elf((a) => {
      a.movImm(19, 100);
      const top = a.here();
      sys(a, 'getpid');
      a.subImm(19, 19, 1).cbnz(19, top);
      a.movImm(8, nr('exit')).svc();
    });
    const once = (): string => {
      const r = run(image, { quantum: 37 });
      return JSON.stringify([r.trace, r.instructions, r.verdict]);
    };
    expect(once()).toBe(once());
  });
});
